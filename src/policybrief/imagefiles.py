"""Facts about image files, read without ReportLab: their kind, pixels, and an SVG's size.

Why: the loader checks a brief's images and the renderer places them; both need the same
facts, and `validate` must stay light. An SVG's size is read from its root element with the
standard library's XML parser, following the rules svglib draws it by (a viewBox, or width
and height, in any CSS unit), so what the loader accepts the renderer can scale.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from xml.etree import ElementTree

RASTER = (".png", ".jpg", ".jpeg")
VECTOR = (".svg",)

#: User units (CSS pixels) per unit, as SVG defines them; em and ex use a 16 px font.
_UNITS = {
    "": 1.0,
    "px": 1.0,
    "pt": 96 / 72,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
    "q": 96 / 101.6,
    "em": 16.0,
    "rem": 16.0,
    "ex": 8.0,
    "ch": 8.0,
}
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*|%)\s*$")
#: Points per user unit.
_PX_TO_PT = 0.75


class UnreadableSvg(ValueError):
    """The file is not an SVG document the parser can read."""


def pixel_size(file: Path) -> tuple[int, int]:
    """Width and height of a raster image in pixels."""
    from PIL import Image

    with Image.open(file) as image:
        return image.size


def svg_size(file: Path) -> tuple[float, float] | None:
    """An SVG's size in points, or None when it gives none (or a zero or infinite one).

    Raises:
        UnreadableSvg: the file is not XML with an <svg> root element.
    """
    attributes = _root_attributes(file)
    box = _view_box(attributes.get("viewBox", ""))
    width = _length(attributes.get("width", ""), box[0] if box else None)
    height = _length(attributes.get("height", ""), box[1] if box else None)
    if width is None or height is None:
        return None
    size = (width * _PX_TO_PT, height * _PX_TO_PT)
    return size if all(math.isfinite(s) and s > 0 for s in size) else None


def _root_attributes(file: Path) -> dict[str, str]:
    """The root element's attributes; only the file's head is parsed, however long it is."""
    parser = ElementTree.XMLPullParser(events=("start",))
    try:
        with file.open("rb") as stream:
            while chunk := stream.read(65536):
                parser.feed(chunk)
                for _, element in parser.read_events():
                    if element.tag.rsplit("}", 1)[-1] != "svg":
                        raise UnreadableSvg("the root element is not <svg>")
                    return dict(element.attrib)
    except (ElementTree.ParseError, OSError) as err:
        raise UnreadableSvg(str(err)) from None
    raise UnreadableSvg("no element")


def _view_box(value: str) -> tuple[float, float] | None:
    try:
        numbers = [float(v) for v in value.replace(",", " ").split()]
    except ValueError:
        return None
    return (numbers[2], numbers[3]) if len(numbers) == 4 else None


def _length(value: str, whole: float | None) -> float | None:
    """A length in user units; a missing one is the viewBox's, a percentage a share of it."""
    if not value.strip():
        return whole
    match = _LENGTH.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2).lower()
    if unit == "%":
        return None if whole is None else number / 100 * whole
    factor = _UNITS.get(unit)
    return None if factor is None else number * factor
