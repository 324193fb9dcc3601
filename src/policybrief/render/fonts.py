"""Registers the bundled fonts with ReportLab, once per process.

Why: the fonts ship inside the package (OFL, see fonts/OFL.txt) so a brief looks the same on
every machine and every glyph is embedded; no base-14 font (Helvetica) is ever used.
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
            shape_all_text_with(font, path)
        pdfmetrics.registerFont(font)
    for regular, italic, bold, bold_italic in FAMILIES.values():
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 0, 1, italic)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 1, 1, bold_italic)


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
