"""Registers the bundled fonts with ReportLab, once per process, and the fonts that fall back
for what they cannot draw, when a text first needs one.

Why: the fonts ship inside the package (OFL, see fonts/OFL.txt and fonts/OFL-Noto.txt) so a
brief looks the same on every machine and every glyph is embedded; no base-14 font
(Helvetica) is ever used. Source Serif Pro and Source Sans Pro set the brief; their italics
lack Greek, Cyrillic and (the serif's) Vietnamese, and none has Arabic script or Devanagari,
so each cut has Noto fonts to fall back on, by script (`FALLBACKS`), chosen per run of text
(`shaping.Setter`). An English brief never loads one.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The families a theme can name, each as (regular, italic, bold, bold italic) files.
#: "Bold" in paragraph markup is the semibold cut: it sits better beside the regular weight.
FAMILIES = {
    "serif": (
        "SourceSerifPro-Regular",
        "SourceSerifPro-It",
        "SourceSerifPro-Semibold",
        "SourceSerifPro-SemiboldIt",
    ),
    "sans": (
        "SourceSansPro-Regular",
        "SourceSansPro-It",
        "SourceSansPro-Semibold",
        "SourceSansPro-SemiboldIt",
    ),
}
#: A heavier cut for titles and numbers, outside the families' markup mapping.
HEAVY = {"serif": "SourceSerifPro-Bold", "sans": "SourceSansPro-Bold"}

#: The Noto families that fall back for each family, by script: Latin, Greek and Cyrillic in
#: the Noto design nearest Source's, Devanagari in the matching Noto, Arabic script in Naskh
#: or (Urdu) Nastaliq for both, which have no italic: an italic falls back to the upright.
FALLBACKS = {
    "serif": {"Latin": "NotoSerif", "Devanagari": "NotoSerifDevanagari"},
    "sans": {"Latin": "NotoSans", "Devanagari": "NotoSansDevanagari"},
}
NASKH, NASTALIQ = "NotoNaskhArabic", "NotoNastaliqUrdu"
#: HarfBuzz's language for text set in a fallback font, where the font has local forms.
FONT_LANGUAGE = {NASTALIQ: "ur"}

_language = {"current": "en"}
_LOADED: dict = {}  # the fonts that fall back, by name, as they are loaded


@cache
def register_fonts() -> None:
    """Register every bundled font and family with ReportLab (idempotent)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from policybrief.render.adapter import shape_all_text_with, write_subsets_as_pdf_ua_wants

    folder = resources.files("policybrief") / "fonts"
    for font in _parsed_fonts():
        write_subsets_as_pdf_ua_wants(font)
        with resources.as_file(folder / f"{font.fontName}.ttf") as path:
            shape_all_text_with(font, path, _fallback_for(font.fontName))
        pdfmetrics.registerFont(font)
    for regular, italic, bold, bold_italic in FAMILIES.values():
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 0, 1, italic)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 1, 1, bold_italic)


def use_language(language: str) -> None:
    """Set text as a brief in `language` reads it: Arabic script in Nastaliq for Urdu, Naskh
    for Arabic, Persian and Pashto; paragraphs right to left in a language written so (each
    text left to right unless it starts right to left otherwise). What was set for another
    language is dropped."""
    from policybrief.render import scripts

    def style(code: str) -> tuple[bool, bool]:
        primary = code.split("-")[0].lower()
        return primary in scripts.NASTALIQ_LANGUAGES, primary in scripts.RIGHT_TO_LEFT_LANGUAGES

    was = style(_language["current"])
    _language["current"] = language
    scripts.set_paragraph_direction(True if style(language)[1] else None)
    if style(language) != was:
        from reportlab.pdfbase import pdfmetrics

        register_fonts()
        primary = [pdfmetrics.getFont(name) for name in sorted(_all_cuts())]
        for font in primary + list(_LOADED.values()):
            setter = getattr(font, "setter", None)
            if setter is not None:
                setter.forget()


def fallback_names(cut: str, script: str | None, text: str = "") -> list[str]:
    """The fonts that may set `text`, in `script` (None: any), for the cut `cut`, in the
    order they are tried."""
    from policybrief.render import scripts

    family = "serif" if cut.startswith("SourceSerif") else "sans"
    bold = "Bold" in cut or "Semibold" in cut
    italic = cut.endswith("It")
    weight = "Bold" if bold else "Regular"
    slanted = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
    # By the brief's language, never by the text's letters: a word is measured alone and
    # drawn within its line, and both must choose the same font.
    urdu = _language["current"].split("-")[0].lower() in scripts.NASTALIQ_LANGUAGES
    arabic = [NASTALIQ, NASKH] if urdu else [NASKH, NASTALIQ]
    by_script = {
        scripts.LATIN: [f"{FALLBACKS[family]['Latin']}-{slanted}"],
        scripts.ARABIC: [f"{name}-{weight}" for name in arabic],
        scripts.DEVANAGARI: [f"{FALLBACKS[family]['Devanagari']}-{weight}"],
    }
    by_script[scripts.GREEK] = by_script[scripts.CYRILLIC] = by_script[scripts.LATIN]
    if script is None:
        return [name for names in by_script.values() for name in names]
    return by_script.get(script, [])


def _fallback_for(cut: str):
    """What `shaping.Setter` asks for a text the cut cannot draw: the first font that can."""

    def fallback(script: str | None, text: str):
        for name in dict.fromkeys(fallback_names(cut, script, text)):
            font = fallback_font(name)
            if font.shaper.covers.issuperset(text):
                return font
        return None

    return fallback


@cache
def fallback_font(name: str):
    """A bundled Noto font, registered and shaping, loaded the first time a text needs it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from policybrief.cache import cached
    from policybrief.render.adapter import (
        font_from_data,
        font_to_data,
        shape_all_text_with,
        write_subsets_as_pdf_ua_wants,
    )

    with resources.as_file(resources.files("policybrief") / "fonts" / f"{name}.ttf") as path:
        stat = path.stat()
        stamp = repr([_versions(), name, stat.st_size, stat.st_mtime_ns])
        font = cached(
            f"fallback-{name}",
            stamp,
            lambda: TTFont(name, str(path)),
            font_to_data,
            lambda data: font_from_data(data, str(path)),
        )
        if font.fontName != name:
            font = TTFont(name, str(path))
        write_subsets_as_pdf_ua_wants(font)
        shape_all_text_with(font, path)
    font.language = FONT_LANGUAGE.get(name.split("-")[0])
    pdfmetrics.registerFont(font)
    _LOADED[name] = font
    return font


def _versions() -> list[str]:
    import reportlab

    from policybrief import __version__

    return [reportlab.Version, __version__]


def fallback_cuts() -> list[str]:
    """Every bundled font that falls back for another."""
    return sorted({name for cut in _all_cuts() for name in fallback_names(cut, None)})


def _parsed_fonts() -> list:
    """Every bundled cut as a ReportLab TTFont, from the cache when it holds them.

    Why: ReportLab reads each font's metrics table by table in Python, about 30 ms for the
    ten cuts in every fresh process. The cache keeps the parsed metrics as JSON (see
    `adapter.font_to_data`); the font files' bytes, which subsets are cut from, are read
    again from the files themselves and checked against the digest kept with the metrics.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    from policybrief.cache import cached
    from policybrief.render.adapter import font_from_data, font_to_data

    names = sorted(_all_cuts())
    with resources.as_file(resources.files("policybrief") / "fonts") as folder:

        def parse() -> list:
            return [TTFont(name, str(folder / f"{name}.ttf")) for name in names]

        def restore(data: object) -> list:
            if type(data) is not list or len(data) != len(names):
                raise TypeError("not one entry per bundled font")
            fonts = [
                font_from_data(entry, str(folder / f"{name}.ttf"))
                for entry, name in zip(data, names, strict=True)
            ]
            if [font.fontName for font in fonts] != names:
                raise ValueError("the kept fonts are not the bundled ones")
            return fonts

        return cached(
            "fonts",
            _stamp(folder),
            parse,
            lambda fonts: [font_to_data(font) for font in fonts],
            restore,
        )


def _stamp(folder: Path) -> str:
    """What the parsed fonts depend on: the versions of ReportLab and of policybrief, and each
    font file's name, size and modification time."""
    import reportlab

    from policybrief import __version__

    files = [(name, (folder / f"{name}.ttf").stat()) for name in sorted(_all_cuts())]
    return repr([reportlab.Version, __version__, [(n, s.st_size, s.st_mtime_ns) for n, s in files]])


def _all_cuts() -> set[str]:
    """Every bundled font file's name."""
    return {name for styles in FAMILIES.values() for name in styles} | set(HEAVY.values())


def font_name(family: str, bold: bool = False, italic: bool = False) -> str:
    """The registered font name of one style of a family."""
    regular, it, semibold, semibold_it = FAMILIES[family]
    return {
        (False, False): regular,
        (False, True): it,
        (True, False): semibold,
        (True, True): semibold_it,
    }[(bold, italic)]


def measure_coverage() -> list[tuple[int, int]]:
    """The code point ranges every cut draws, itself or through the fonts that fall back for
    it, read from the font files."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    folder = resources.files("policybrief") / "fonts"
    points_of: dict[str, set[int]] = {}

    def points(name: str) -> set[int]:
        if name not in points_of:
            with resources.as_file(folder / f"{name}.ttf") as path:
                points_of[name] = set(TTFontFile(str(path)).charToGlyph)
        return points_of[name]

    common: set[int] | None = None
    for name in sorted(_all_cuts()):
        drawn = points(name).union(*(points(other) for other in fallback_names(name, None)))
        common = drawn if common is None else common & drawn
    ranges: list[tuple[int, int]] = []
    for point in sorted(common or ()):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


def coverage_text() -> str:
    """The coverage file the model reads (`model.fields.COVERAGE_FILE`), as the font files give it.

    Why here: measuring needs ReportLab's font reader, which validation must not load; a test
    checks the shipped file against this, and `make coverage` rewrites it.
    """
    lines = [
        "# Code points every bundled cut draws, itself or through the Noto fonts that fall back",
        "# for it. Generated by `make coverage`.",
    ]
    lines += [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in measure_coverage()]
    return "\n".join(lines) + "\n"
