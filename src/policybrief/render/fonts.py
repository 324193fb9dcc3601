"""Registers the bundled fonts with ReportLab, once per process.

Why: the fonts ship inside the package (OFL, see fonts/OFL.txt) so a brief looks the same on
every machine and every glyph is embedded; no base-14 font (Helvetica) is ever used.
"""

from __future__ import annotations

import copy
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


@cache
def register_fonts() -> None:
    """Register every bundled font and family with ReportLab (idempotent)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    for font in _parsed_fonts():
        pdfmetrics.registerFont(font)
    for regular, italic, bold, bold_italic in FAMILIES.values():
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 0, 1, italic)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 1, 1, bold_italic)


def _parsed_fonts() -> list:
    """Every bundled cut as a ReportLab TTFont, from the cache when it holds them.

    Why: ReportLab reads each font's metrics table by table in Python, about 30 ms for the
    ten cuts in every fresh process; loading them pickled takes under 10 ms. Two attributes
    cannot be pickled, a per-document weak dictionary (empty until a document uses the font)
    and a lambda scaling to 1000 units per em; both are set again after loading.
    """
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFont

    from policybrief.cache import cached

    def parse() -> list:
        return [TTFont(name, str(folder / f"{name}.ttf")) for name in sorted(_all_cuts())]

    def without_unpicklable(fonts: list) -> list:
        kept = [copy.copy(font) for font in fonts]
        for font in kept:
            font.face = copy.copy(font.face)
            del font.state, font.face._pdfScale
        return kept

    with resources.as_file(resources.files("policybrief") / "fonts") as folder:
        fonts = cached(
            "fonts",
            _stamp(folder),
            parse,
            lambda loaded: (
                isinstance(loaded, list)
                and all(isinstance(font, TTFont) for font in loaded)
                and [font.fontName for font in loaded] == sorted(_all_cuts())
            ),
            without_unpicklable,
        )
    for font in fonts:
        font.state = WeakKeyDictionary()
        per_em = font.face.unitsPerEm
        font.face._pdfScale = (
            (lambda x: x) if per_em == 1000 else (lambda x, scale=1000 / per_em: x * scale)
        )
    return fonts


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
    """The code point ranges common to every bundled font, read from the font files."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    folder = resources.files("policybrief") / "fonts"
    common: set[int] | None = None
    for name in sorted(_all_cuts()):
        with resources.as_file(folder / f"{name}.ttf") as path:
            points = set(TTFontFile(str(path)).charToGlyph)
        common = points if common is None else common & points
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
    lines = ["# Code points every bundled font can draw. Generated by `make coverage`."]
    lines += [f"{a:04X}" if a == b else f"{a:04X}-{b:04X}" for a, b in measure_coverage()]
    return "\n".join(lines) + "\n"
