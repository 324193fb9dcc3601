"""An SVG file checked before svglib reads it: what it refers to, how much it draws, and every
value svglib turns into a number, a colour or a font.

Why: svglib follows `<image href="../x.png">` and `<use href="other.svg#id">` to other files,
looks an SVG's font names up on the system (and runs fc-match), expands `<use>` without a
bound, and raises on values it cannot read (a zero scale, a dash array of zeros, 1e308, a
style without a colon), while a NaN reaches the PDF as garbage. So the loader parses the SVG
with the standard library's expat, refusing any DTD that declares something, and checks the
whole tree against the rules below; `validate` reports each problem with the SVG's line, at
the brief's `image:` or `logo:` line. The renderer then gives svglib only these checked bytes.

The limits, each named in its message: MAX_SVG_ELEMENTS elements after every `<use>` is
expanded, MAX_SVG_DEPTH levels of nesting after expansion, MAX_FONT_FAMILIES font names,
numbers within ±MAX_NUMBER, and imagefiles' pixel limits for the PNG and JPEG data it embeds.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from xml.parsers import expat

from policybrief.imagefiles import (
    MAX_PIXELS,
    CheckedImage,
    ImageProblem,
    UnreadableSvg,
    check_raster,
    svg_size,
)
from policybrief.model.fields import SCRIPTS_COVERED, drawable_characters

#: The most elements an SVG may draw, counting each `<use>`'s copy: a detailed map or chart
#: has a few thousand.
MAX_SVG_ELEMENTS = 20_000
#: The most levels elements may nest, `<use>` copies included (svglib recurses per level, and
#: its XML parser drops whatever lies deeper than 256 levels without a word).
MAX_SVG_DEPTH = 100
#: The most font families an SVG may name (its text is set in the bundled fonts anyway).
MAX_FONT_FAMILIES = 16
#: The largest number (coordinate, length, transform entry) an SVG may hold: PDF readers take
#: numbers up to about 3e38, ReportLab writes them up to 1e20, and drawings are scaled.
MAX_NUMBER = 1e9

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_UNITS = "px|pt|pc|mm|cm|in|q|em|rem|ex|ch|vw|vh|vmin|vmax|%"
_LENGTH_RE = re.compile(rf"({_NUMBER})({_UNITS})?")
_SEPARATORS = re.compile(r"[\s,]+")
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_FRAGMENT_URL = re.compile(r"#[^\s'\"()]+")
_DATA_IMAGE = re.compile(r"^data:image/(jpe?g|png);base64")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^()]*)\)\s*,?")
_TRANSFORM_ARITY = {
    "matrix": (6,),
    "translate": (1, 2),
    "scale": (1, 2),
    "rotate": (1, 3),
    "skewX": (1,),
    "skewY": (1,),
}
_PATH_ARITY = dict(zip("MLHVCSQTAZ", (2, 2, 1, 1, 6, 4, 4, 2, 7, 0)))
_PATH_TOKEN = re.compile(rf"\s*,?\s*(?:([MmLlHhVvCcSsQqTtAaZz])|({_NUMBER}))")
_ARC_FLAG = re.compile(r"\s*,?\s*([01])")

#: Text drawn by svglib: the characters under these elements.
_TEXT_ELEMENTS = {"text"}
#: Elements whose href svglib follows: to another element of the file (or embedded data).
_LINKING = {"use", "image"}

#: The colour keywords of SVG 1.1 (CSS 3), which ReportLab names alike.
_COLOUR_NAMES = frozenset(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray grey green greenyellow honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell
    sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal
    thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen""".split()
)
_COLOUR_WORDS = frozenset({"none", "currentColor", "inherit", "transparent"})
_COLOUR_FUNCTION = re.compile(r"^(rgba?|hsla?)\(([^()]*)\)$")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

#: Presentation properties svglib reads, by the kind of value each takes.
_COLOURS = {"fill", "stroke", "stop-color", "color"}
_OPACITIES = {"opacity", "fill-opacity", "stroke-opacity", "stop-opacity"}
_KEYWORDS = {
    "stroke-linejoin": {"miter", "round", "bevel", "inherit"},
    "stroke-linecap": {"butt", "round", "square", "inherit"},
    "text-anchor": {"start", "middle", "end", "inherit"},
}
#: Lengths that may not be negative, and those that may hold several values (text positions).
_SIZES = {"width", "height", "r", "rx", "ry", "stroke-width", "font-size"}
_POSITIONS = {"x", "y", "dx", "dy"}
_LENGTHS = (
    _SIZES
    | _POSITIONS
    | {
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "fx",
        "fy",
        "stroke-dashoffset",
        "baseline-shift",
    }
)
_FONT_SIZE_WORDS = {
    "xx-small",
    "x-small",
    "small",
    "medium",
    "large",
    "x-large",
    "xx-large",
    "larger",
    "smaller",
}
_TRANSFORMS = {"transform", "gradientTransform", "patternTransform"}
#: Properties a style or a stylesheet may set (the rest svglib takes only as attributes).
_INHERITABLE = (
    _COLOURS
    | _OPACITIES
    | set(_KEYWORDS)
    | {
        "stroke-width",
        "stroke-dasharray",
        "stroke-dashoffset",
        "font-size",
        "font-family",
    }
)


@dataclass(eq=False)
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int
    parent: _Element | None
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    #: Raster pixels its own embedded image costs each time it is drawn.
    pixels: int = 0


def check_svg(data: bytes, name: str) -> CheckedImage:
    """An SVG file checked for everything svglib would trip over or reach out to.

    Raises:
        ImageProblem: the first problem found, naming the file and the SVG's line.
    """
    root, elements = _parse(data, name)
    try:
        size = svg_size(data)
    except UnreadableSvg:
        raise ImageProblem(f"'{name}' cannot be read as SVG") from None
    if size is None:
        raise ImageProblem(
            f"'{name}' has no size: give its <svg> element a width and a height, or a viewBox"
        )
    checker = _Checker(name, elements)
    for element in elements:
        checker.check(element)
    pixels = checker.expand(root)
    return CheckedImage("SVG", data, size, pixels)


# --- parsing --------------------------------------------------------------------------------


def _parse(data: bytes, name: str) -> tuple[_Element, list[_Element]]:
    """The element tree of an SVG, parsed by expat with no entity ever declared or fetched."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    elements: list[_Element] = []
    stack: list[_Element] = []

    def problem(what: str) -> ImageProblem:
        return ImageProblem(f"'{name}' line {parser.CurrentLineNumber}: {what}")

    def doctype(_name, _system, _public, has_internal_subset):
        if has_internal_subset:
            raise problem(
                "declares a DTD of its own: an SVG in a brief may not (its entities can "
                "expand without bound); delete the <!DOCTYPE ...[...]> part"
            )

    def entity(*_):
        raise problem("declares an entity: an SVG in a brief may not")

    def skipped(entity_name, _is_parameter):
        raise problem(f"uses the entity &{entity_name};, which it does not define")

    def external(*_):
        raise problem("refers to an external entity: an SVG in a brief may not")

    def instruction(target, _data):
        if target.lower() == "xml-stylesheet":
            raise problem(
                "links a style sheet (<?xml-stylesheet?>): an SVG in a brief may only use "
                "styles it holds"
            )

    def start(tag, attributes):
        parent = stack[-1] if stack else None
        element = _Element(_local(tag), attributes, parser.CurrentLineNumber, parent)
        if len(elements) >= MAX_SVG_ELEMENTS:
            raise problem(_too_many(MAX_SVG_ELEMENTS + 1))
        if len(stack) >= MAX_SVG_DEPTH:
            raise problem(_too_deep())
        elements.append(element)
        if parent is not None:
            parent.children.append(element)
        stack.append(element)

    def end(_tag):
        stack.pop()

    def characters(text):
        if stack:
            stack[-1].text.append(text)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.SkippedEntityHandler = skipped
    parser.ExternalEntityRefHandler = external
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        reason = expat.ErrorString(err.code)
        raise ImageProblem(
            f"'{name}' cannot be read as SVG: {reason} (line {err.lineno})"
        ) from None
    except (ValueError, LookupError) as err:  # an encoding expat does not know
        raise ImageProblem(f"'{name}' cannot be read as SVG: {err}") from None
    if not elements or elements[0].tag != "svg":
        raise ImageProblem(f"'{name}' cannot be read as SVG: its root element is not <svg>")
    return elements[0], elements


def _local(tag: str) -> str:
    return tag.rsplit(" ", 1)[-1]


def _too_many(count: int) -> str:
    return (
        f"draws {count:,} or more elements (each <use> counted as a copy); an SVG may draw at "
        f"most {MAX_SVG_ELEMENTS:,}: simplify it, or export it as a PNG"
    )


def _too_deep() -> str:
    return (
        f"nests elements more than {MAX_SVG_DEPTH} levels deep (each <use> counted as a "
        "copy): flatten its groups"
    )


# --- checking -------------------------------------------------------------------------------


class _Checker:
    def __init__(self, name: str, elements: list[_Element]):
        self.name = name
        self.ids = {}
        #: Lines of the later elements that repeat an id.
        self.repeats: dict[str, list[int]] = {}
        for element in elements:
            ident = element.attributes.get("id")
            if ident is not None:
                if ident in self.ids:
                    self.repeats.setdefault(ident, []).append(element.line)
                self.ids.setdefault(ident, element)
        self.families: set[str] = set()
        self.embedded_pixels = 0

    def problem(self, element: _Element, what: str) -> ImageProblem:
        return ImageProblem(f"'{self.name}' line {element.line}: {what}")

    def check(self, element: _Element) -> None:
        for key, value in element.attributes.items():
            local = _local(key)
            if local == "href":
                self.check_href(element, value)
            elif local == "style" and key == local:
                self.check_style(element, value)
            elif key == local:
                self.check_property(element, local, value)
        if element.tag == "style":
            self.check_stylesheet(element, "".join(element.text))
        if element.tag in _TEXT_ELEMENTS:
            self.check_text(element)

    # references

    def check_href(self, element: _Element, value: str) -> None:
        # The value as svglib reads it, unstripped: " #id" is a file name to svglib.
        if element.tag == "a":
            return  # a link: svglib draws its content and follows nothing
        if value.startswith("#"):
            self.target(element, value[1:])
            return
        match = _DATA_IMAGE.match(value)
        if match and element.tag == "image":
            self.check_embedded(element, value, match)
            return
        raise self.problem(element, _refers(element.tag, value))

    def target(self, element: _Element, ident: str) -> _Element:
        found = self.ids.get(ident)
        if found is None:
            raise self.problem(
                element,
                f"<{element.tag}> refers to '#{_shown(ident)}', which the file does not define",
            )
        if ident in self.repeats:
            # svglib takes the last element drawn with the id, the checks the first: which
            # one a reference draws must not depend on the order things are drawn in.
            lines = ", ".join(str(line) for line in [found.line, *self.repeats[ident]][:4])
            raise self.problem(
                element,
                f"<{element.tag}> refers to '#{_shown(ident)}', an id the file gives to more "
                f"than one element (lines {lines}): give each element its own id",
            )
        return found

    def check_embedded(self, element: _Element, reference: str, match: re.Match) -> None:
        # The same slice svglib decodes: what is checked is what it draws.
        encoded = reference[match.end() + 1 :]
        try:
            raw = base64.decodebytes(encoded.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise self.problem(element, "its embedded image is not valid base64") from None
        suffix = ".png" if match.group(1) == "png" else ".jpg"
        try:
            checked = check_raster(raw, suffix, "its embedded image")
        except ImageProblem as err:
            raise self.problem(element, str(err)) from None
        element.pixels = checked.pixels

    def check_urls(self, element: _Element, value: str) -> None:
        for match in _URL.finditer(value):
            reference = match.group(2).strip()
            if not _FRAGMENT_URL.fullmatch(reference):
                raise self.problem(element, _refers(element.tag, f"url({reference})"))
            self.target(element, reference[1:])
        if "url(" in value.lower() and not _URL.search(value):
            raise self.problem(element, f"has an unclosed url( in '{_shown(value)}'")

    # styles

    def check_style(self, element: _Element, style: str) -> None:
        """A style attribute, split as svglib splits it: 'name: value' pairs between ';'."""
        self.check_urls(element, style)
        for declaration in (d.strip() for d in style.split(";")):
            if not declaration:
                continue
            parts = declaration.split(":")
            if len(parts) != 2:
                raise self.problem(
                    element, f"the style '{_shown(declaration)}' is not one 'property: value' pair"
                )
            prop, value = (p.strip() for p in parts)
            self.check_property(element, prop, value.replace("!important", "").strip())

    def check_stylesheet(self, element: _Element, css: str) -> None:
        """A <style> element, read with the CSS parser and selector compiler svglib uses."""
        if re.search(r"@import", css, re.I):
            raise self.problem(
                element,
                "imports a style sheet (@import): an SVG in a brief may only use styles it holds",
            )
        self.check_urls(element, css)
        import cssselect2
        import tinycss2

        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "error":
                raise self.problem(element, f"its <style> cannot be read: {rule.message}")
            if not getattr(rule, "prelude", None) or rule.type == "at-rule":
                continue
            try:
                cssselect2.compile_selector_list(rule.prelude)
            except Exception as err:  # cssselect2 raises its own and tinycss2's errors
                selector = tinycss2.serialize(rule.prelude).strip()
                raise self.problem(
                    element,
                    f"its <style> has a selector svglib cannot read: '{_shown(selector)}' ({err})",
                ) from None
            for declaration in tinycss2.serialize(rule.content).split(";"):
                if ":" in declaration:
                    parts = declaration.split(":")
                    value = parts[1].replace("!important", "").strip()
                    self.check_property(element, parts[0].strip(), value)

    # values

    def check_property(self, element: _Element, prop: str, value: str) -> None:
        """One property, whether an attribute, a style or a stylesheet's: svglib copies styles
        onto the element's attributes, so a style can set any of them (even a path's d)."""
        if "url(" in value.lower():
            self.check_urls(element, value)
        if value == "inherit" and prop in _INHERITABLE:
            return
        if prop == "font-family":
            self.check_families(element, value)
        elif prop in _COLOURS:
            self.check_colour(element, prop, value)
        elif prop in _OPACITIES:
            self.check_opacity(element, prop, value)
        elif prop in _KEYWORDS:
            if value not in _KEYWORDS[prop]:
                choices = ", ".join(sorted(_KEYWORDS[prop] - {"inherit"}))
                raise self.problem(
                    element, f"{prop} is '{_shown(value)}'; svglib draws only {choices}"
                )
        elif prop in _LENGTHS:
            self.check_lengths(element, prop, value)
        elif prop == "stroke-dasharray":
            self.check_dashes(element, value)
        elif prop in _TRANSFORMS:
            self.check_transform(element, prop, value)
        elif prop == "d":
            self.check_path(element, value)
        elif prop == "points":
            self.check_points(element, value)
        elif prop == "offset":
            self.check_offset(element, value)
        elif prop == "viewBox":
            self.check_view_box(element, value)

    def number(self, element: _Element, prop: str, text: str) -> float:
        number = float(text)
        if not math.isfinite(number) or abs(number) > MAX_NUMBER:
            raise self.problem(
                element,
                f"{prop} holds {_shown(text)}; numbers in an SVG may be at most "
                f"{MAX_NUMBER:,.0f} either way",
            )
        return number

    def check_lengths(self, element: _Element, prop: str, value: str) -> None:
        if prop == "baseline-shift" and value in ("sub", "super", "baseline"):
            return
        if prop == "font-size" and value in _FONT_SIZE_WORDS and not _holds_text(element):
            return  # Inkscape writes these on shapes; svglib fails on them only in text
        items = [v for v in _SEPARATORS.split(value.strip()) if v]
        several = prop in _POSITIONS
        if not items or (len(items) > 1 and not several):
            raise self.problem(element, _not_a(prop, value, "a length, such as 12 or 4.5mm"))
        for item in items:
            match = _LENGTH_RE.fullmatch(item)
            if not match:
                raise self.problem(element, _not_a(prop, value, "a length, such as 12 or 4.5mm"))
            number = self.number(element, prop, match.group(1))
            if prop in _SIZES and number < 0:
                raise self.problem(element, f"{prop} is negative ({_shown(value)})")

    def check_dashes(self, element: _Element, value: str) -> None:
        if value.strip() in ("none", ""):
            return
        dashes = []
        for item in (v for v in _SEPARATORS.split(value.strip()) if v):
            match = _LENGTH_RE.fullmatch(item)
            if not match or match.group(2) == "%":
                raise self.problem(element, _not_a("stroke-dasharray", value, "lengths"))
            dashes.append(self.number(element, "stroke-dasharray", match.group(1)))
        if any(d < 0 for d in dashes) or sum(dashes) <= 0:
            raise self.problem(
                element,
                f"stroke-dasharray is '{_shown(value)}': dashes must not be negative, "
                "and not all zero (write none for a solid line)",
            )

    def check_opacity(self, element: _Element, prop: str, value: str) -> None:
        if not _NUMBER_RE.fullmatch(value.strip()):
            raise self.problem(element, _not_a(prop, value, "a number from 0 to 1, such as 0.5"))
        if not 0 <= self.number(element, prop, value.strip()) <= 1:
            raise self.problem(element, _not_a(prop, value, "a number from 0 to 1, such as 0.5"))

    def check_offset(self, element: _Element, value: str) -> None:
        text = value.strip()
        if not _NUMBER_RE.fullmatch(text.removesuffix("%")):
            raise self.problem(element, _not_a("offset", value, "a number or a percentage"))
        self.number(element, "offset", text.removesuffix("%"))

    def check_colour(self, element: _Element, prop: str, value: str) -> None:
        text = value.strip()
        if _URL.match(text):  # a gradient, with perhaps a fallback colour after it
            text = _URL.sub("", text, count=1).strip() or "none"
        if text in _COLOUR_WORDS or text in _COLOUR_NAMES or _HEX_COLOUR.match(text):
            return
        function = _COLOUR_FUNCTION.match(text)
        if function and self._colour_arguments(function.group(1), function.group(2)):
            return
        raise self.problem(
            element, _not_a(prop, value, "a colour, such as #1f4e79, rgb(31, 78, 121) or navy")
        )

    @staticmethod
    def _colour_arguments(kind: str, arguments: str) -> bool:
        items = [a for a in _SEPARATORS.split(arguments.strip()) if a]
        if len(items) not in (3, 4) or (len(items) == 4) != kind.endswith("a"):
            return False
        for index, item in enumerate(items):
            percent = item.endswith("%")
            if not _NUMBER_RE.fullmatch(item.removesuffix("%")):
                return False
            number = float(item.removesuffix("%"))
            if index == 3:
                top = 100 if percent else 1
            elif kind.startswith("hsl") and index == 0:
                top = 360 if not percent else 100
            else:
                top = 100 if percent else 255
            if not 0 <= number <= top:
                return False
        return True

    def check_families(self, element: _Element, value: str) -> None:
        for family in value.split(","):
            family = family.strip().strip("'\"").strip().lower()
            if family:
                self.families.add(family)
        if len(self.families) > MAX_FONT_FAMILIES:
            raise self.problem(
                element,
                f"names more than {MAX_FONT_FAMILIES} font families; an SVG may name "
                f"at most {MAX_FONT_FAMILIES} (its text is set in the bundled fonts anyway)",
            )

    def check_view_box(self, element: _Element, value: str) -> None:
        items = [v for v in _SEPARATORS.split(value.strip()) if v]
        if len(items) != 4 or not all(_NUMBER_RE.fullmatch(v) for v in items):
            raise self.problem(element, _not_a("viewBox", value, "four numbers"))
        numbers = [self.number(element, "viewBox", v) for v in items]
        if numbers[2] <= 0 or numbers[3] <= 0:
            raise self.problem(element, f"viewBox '{_shown(value)}' has no width or no height")

    def check_transform(self, element: _Element, prop: str, value: str) -> None:
        position, matrix = 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        text = value.strip()
        while position < len(text):
            match = _TRANSFORM.match(text, position)
            if not match:
                raise self.problem(
                    element, _not_a(prop, value, "transforms such as translate(10, 20) scale(2)")
                )
            kind, arguments = match.group(1), match.group(2)
            items = [a for a in _SEPARATORS.split(arguments.strip()) if a]
            if len(items) not in _TRANSFORM_ARITY[kind] or not all(
                _NUMBER_RE.fullmatch(a) for a in items
            ):
                raise self.problem(element, _not_a(prop, value, f"{kind}() with numbers"))
            numbers = [self.number(element, prop, a) for a in items]
            matrix = _multiply(matrix, _matrix(kind, numbers))
            position = match.end()
        a, b, c, d, e, f = matrix
        if not all(math.isfinite(v) and abs(v) <= MAX_NUMBER for v in matrix):
            raise self.problem(element, f"{prop} '{_shown(value)}' stretches out of bounds")
        if abs(a * d - b * c) < 1e-12:
            raise self.problem(
                element,
                f"{prop} '{_shown(value)}' flattens what it draws to nothing "
                "(a zero scale, or a skew of 90 degrees)",
            )

    def check_path(self, element: _Element, value: str) -> None:
        """Path data as svglib's parser needs it: M first, then each command with a whole
        number of argument groups, every number in range."""
        text = value.strip()
        position, command, arity, count = 0, "", 0, 0

        def finish() -> None:
            if command and arity and (count == 0 or count % arity):
                raise self.problem(element, _path_arity(command, arity))

        while position < len(text):
            match = _PATH_TOKEN.match(text, position)
            if not match:
                if not text[position:].strip(" \t\r\n,"):
                    break
                raise self.problem(element, _path_problem(value, position))
            if match.group(1):
                finish()
                if not command and match.group(1) not in "Mm":
                    raise self.problem(element, "its path data does not start with M (move to)")
                command, count = match.group(1), 0
                arity = _PATH_ARITY[command.upper()]
                position = match.end()
                continue
            if not command:
                raise self.problem(element, "its path data does not start with M (move to)")
            if arity == 0:
                raise self.problem(element, _path_problem(value, position))
            if command in "Aa" and count % 7 in (3, 4):
                # Arc flags are one digit each and may run together: "a1 1 0 01 10 10".
                flag = _ARC_FLAG.match(text, position)
                if not flag:
                    raise self.problem(element, "an arc's flags in its path data are not 0 or 1")
                position, count = flag.end(), count + 1
                continue
            self.number(element, "d", match.group(2))
            position, count = match.end(), count + 1
        finish()

    def check_points(self, element: _Element, value: str) -> None:
        items = [v for v in _SEPARATORS.split(value.strip()) if v]
        if not all(_NUMBER_RE.fullmatch(v) for v in items) or len(items) % 2:
            raise self.problem(element, _not_a("points", value, "pairs of numbers"))
        for item in items:
            self.number(element, "points", item)

    # text

    def check_text(self, element: _Element) -> None:
        drawable = _drawable()
        for part in _texts(element):
            for char in part:
                if char not in drawable:
                    name = unicodedata.name(char, "unnamed character")
                    raise self.problem(
                        element,
                        f"the bundled fonts cannot draw '{char}' (U+{ord(char):04X} "
                        f"{name}) in its text; they cover {SCRIPTS_COVERED}",
                    )

    # expansion

    def expand(self, root: _Element) -> int:
        """The raster pixels the SVG draws, once every <use> is expanded; refuses a <use>
        that draws itself, and drawings over the element and depth limits."""
        done: dict[int, tuple[int, int, int]] = {}
        active: set[int] = set()

        def cost(element: _Element, depth: int, via: _Element) -> tuple[int, int, int]:
            key = id(element)
            if key in active:
                raise self.problem(via, f"<{via.tag}> draws itself: its reference loops back")
            if key not in done:
                if depth > MAX_SVG_DEPTH:
                    raise self.problem(via, _too_deep())
                active.add(key)
                count, height, pixels = 1, 1, element.pixels
                for child in element.children:
                    c, h, p = cost(child, depth + 1, child)
                    count, height, pixels = count + c, max(height, h + 1), pixels + p
                reference = _reference(element)
                if reference is not None:
                    c, h, p = cost(self.target(element, reference), depth + 1, element)
                    count, height, pixels = count + c, max(height, h + 1), pixels + p
                active.discard(key)
                done[key] = (count, height, pixels)
            count, height, pixels = done[key]
            if depth + height - 1 > MAX_SVG_DEPTH:
                raise self.problem(via, _too_deep())
            if count > MAX_SVG_ELEMENTS:
                raise self.problem(via, _too_many(count))
            if pixels > MAX_PIXELS:
                raise self.problem(
                    via,
                    f"draws {pixels:,} pixels of embedded images (each <use> counted); "
                    f"an SVG may draw at most {MAX_PIXELS:,}",
                )
            return done[key]

        return cost(root, 1, root)[2]


def _reference(element: _Element) -> str | None:
    """The element of the file that drawing `element` also draws: a <use>'s or an <image>'s
    '#id', or a clip path's."""
    if element.tag in _LINKING:
        for key, value in element.attributes.items():
            if _local(key) == "href" and value.strip().startswith("#"):
                return value.strip()[1:]
    clip = element.attributes.get("clip-path", "")
    match = _URL.search(clip)
    if match and match.group(2).strip().startswith("#"):
        return match.group(2).strip()[1:]
    return None


def _holds_text(element: _Element) -> bool:
    """Whether `element` is (or holds, or is a stylesheet that may reach) text."""
    if element.tag in _TEXT_ELEMENTS or element.tag in ("tspan", "textPath", "style"):
        return True
    return any(_holds_text(child) for child in element.children)


def _texts(element: _Element):
    yield from element.text
    for child in element.children:
        yield from _texts(child)


@cache
def _drawable() -> frozenset[str]:
    return frozenset(map(chr, drawable_characters())) | frozenset(" \n\r\t")


def _matrix(kind: str, n: list[float]) -> tuple[float, ...]:
    if kind == "matrix":
        return tuple(n)
    if kind == "translate":
        return (1.0, 0.0, 0.0, 1.0, n[0], n[1] if len(n) > 1 else 0.0)
    if kind == "scale":
        return (n[0], 0.0, 0.0, n[1] if len(n) > 1 else n[0], 0.0, 0.0)
    if kind == "rotate":
        angle = math.radians(n[0])
        cos, sin = math.cos(angle), math.sin(angle)
        if len(n) == 3:
            cx, cy = n[1], n[2]
            return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        return (cos, sin, -sin, cos, 0.0, 0.0)
    tangent = math.tan(math.radians(n[0]))
    return (
        (1.0, 0.0, tangent, 1.0, 0.0, 0.0)
        if kind == "skewX"
        else (1.0, tangent, 0.0, 1.0, 0.0, 0.0)
    )


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n  # noqa: N806
    return (
        a * A + c * B,
        b * A + d * B,
        a * C + c * D,
        b * C + d * D,
        a * E + c * F + e,
        b * E + d * F + f,
    )


def _shown(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _not_a(prop: str, value: str, wanted: str) -> str:
    return f"{prop} is '{_shown(value)}', not {wanted}"


def _refers(tag: str, reference: str) -> str:
    return (
        f"<{tag}> refers to '{_shown(reference)}': an SVG in a brief may refer only to its "
        "own parts ('#id') and hold PNG or JPEG data (data:image/png;base64,...), never "
        "another file or an address"
    )


def _path_problem(value: str, position: int) -> str:
    return f"its path data cannot be read at '{_shown(value[position:], 20)}'"


def _path_arity(command: str, arity: int) -> str:
    return f"its path data gives {command} a wrong count of numbers (it takes {arity} each)"
