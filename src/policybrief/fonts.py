"""Registers the bundled fonts with ReportLab, once per process.

Why: the fonts ship inside the package (OFL, see fonts/OFL.txt) so a brief looks the same on
every machine and every glyph is embedded; no base-14 font (Helvetica) is ever used.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

#: The families a theme can name, each as (regular, italic, bold, bold italic) files.
#: "Bold" in paragraph markup is the semibold cut: it sits better beside the regular weight.
FAMILIES = {
    "serif": ("SourceSerifPro-Regular", "SourceSerifPro-It", "SourceSerifPro-Semibold",
              "SourceSerifPro-SemiboldIt"),
    "sans": ("SourceSansPro-Regular", "SourceSansPro-It", "SourceSansPro-Semibold",
             "SourceSansPro-SemiboldIt"),
}
#: A heavier cut for titles and numbers, outside the families' markup mapping.
HEAVY = {"serif": "SourceSerifPro-Bold", "sans": "SourceSansPro-Bold"}


@cache
def register_fonts() -> None:
    """Register every bundled font and family with ReportLab (idempotent)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources.files("policybrief") / "fonts"
    names = {name for styles in FAMILIES.values() for name in styles} | set(HEAVY.values())
    for name in sorted(names):
        with resources.as_file(folder / f"{name}.ttf") as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for regular, italic, bold, bold_italic in FAMILIES.values():
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 0, 1, italic)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 1, 1, bold_italic)


def font_name(family: str, bold: bool = False, italic: bool = False) -> str:
    """The registered font name of one style of a family."""
    regular, it, semibold, semibold_it = FAMILIES[family]
    return {(False, False): regular, (False, True): it, (True, False): semibold,
            (True, True): semibold_it}[(bold, italic)]
