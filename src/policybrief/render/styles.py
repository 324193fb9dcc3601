"""Paragraph styles derived from a theme: one style per role a paragraph plays on the page.

Why: the type scale, colours and spacing live in the theme; this turns them into ReportLab
ParagraphStyles, so render functions name a style ("card_title") and never set a font. Each
style is one row of `STYLES`: its parent, its cut, its size and leading as multiples of one
of the theme's sizes, its colour, and what else it sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from policybrief.model.theme import Theme
from policybrief.render.fonts import HEAVY, font_name
from policybrief.render.hyphenation import WordBreaks

#: The steps of a theme's type scale, smallest first: each size is made from the theme's
#: sizes (`_step_sizes`), and its leading is a whole number of quarter body lines, so every
#: line of every style falls back onto the body's baseline rhythm within a line or two.
#: Eight steps at most: the designer's ceiling is nine sizes in a document, charts included.
STEPS = ("note", "small", "detail", "body", "dek", "heading", "title", "display")
#: Quarter body lines each step's leading takes.
_QUARTERS = {"small": 3, "detail": 3, "body": 4, "dek": 5, "heading": 6, "title": 8, "display": 11}

#: The two rule weights: a hairline, and the accent bar that opens a box or a card.
HAIRLINE = 0.5
ACCENT_RULE = 1.5


def _step_sizes(theme: Theme) -> dict[str, float]:
    s = theme.sizes

    def half_points(value: float) -> float:
        return round(value * 2) / 2

    return {
        "note": half_points(s.small * 0.76),  # a note marker: about 6.5 pt on 10.5
        "small": s.small,
        "detail": half_points((s.small + s.body) / 2),
        "body": s.body,
        "dek": half_points(s.body * 1.25),
        "heading": s.heading,
        "title": s.title,
        "display": round(s.title * 1.4),
    }


def type_scale(theme: Theme) -> dict[str, tuple[float, float]]:
    """Each step of the theme's type scale: (size, leading). A theme's larger sizes take
    more quarters where theirs would set lines closer than 1.08 times the size."""
    quarter = theme.sizes.leading / 4
    return {
        step: (size, max(_QUARTERS.get(step, 0), math.ceil(size * 1.08 / quarter)) * quarter)
        for step, size in _step_sizes(theme).items()
        if step in _QUARTERS
    } | {"note": (_step_sizes(theme)["note"], 0.0)}


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style, relative to the theme and to its parent style.

    Attributes:
        parent: the style it starts from.
        cut: family role and weight: "body", "body-italic", "head", "head-bold",
            "head-italic", "heavy-head" or "heavy-body"; None keeps the parent's.
        step: its step of the type scale (size and leading); None keeps the parent's.
        colour: a theme colour name; None keeps the parent's.
        space_after: space after the paragraph, in quarter body lines; 0 by default.
        left_indent: None sets 0 (only running body text is indented to the rail).
        other: further ParagraphStyle attributes, as they are.
    """

    parent: str = "body"
    cut: str | None = None
    step: str | None = None
    colour: str | None = None
    space_after: float | None = 0
    left_indent: float | None = 0
    other: dict[str, Any] = field(default_factory=dict)


#: Every style but "body" (the base, made from the theme in `make_styles`), in the order they
#: are made: a style's parent comes before it.
STYLES: dict[str, StyleSpec] = {
    "title": StyleSpec(cut="heavy-head", step="title", colour="accent", space_after=2),
    "subtitle": StyleSpec(cut="body-italic", step="dek", colour="muted", space_after=3),
    "byline": StyleSpec(cut="head", step="body", colour="text", space_after=0),
    "credit": StyleSpec(cut="head-italic", step="small", colour="muted"),
    "heading": StyleSpec(cut="head-bold", step="heading", colour="accent"),
    "heading_number": StyleSpec(
        cut="heavy-head", step="heading", colour="accent", other={"alignment": TA_RIGHT}
    ),
    "label": StyleSpec(cut="head-bold", step="small", colour="accent"),
    "label_right": StyleSpec(parent="label", left_indent=None, other={"alignment": TA_RIGHT}),
    "box_heading": StyleSpec(parent="label", step="body", space_after=1, left_indent=None),
    "box_text": StyleSpec(cut="head", step="body", space_after=1),
    "item": StyleSpec(space_after=1),
    "finding_title": StyleSpec(cut="head-bold", step="body", colour="accent"),
    "card_title": StyleSpec(cut="head-bold", step="body", colour="text", space_after=1),
    "card_text": StyleSpec(space_after=1),
    "card_actors": StyleSpec(cut="head", step="small", colour="muted", space_after=1),
    "card_number": StyleSpec(
        cut="heavy-head", step="heading", colour="accent", other={"alignment": TA_RIGHT}
    ),
    "quote": StyleSpec(cut="body-italic", step="dek", colour="accent", space_after=2),
    "quote_by": StyleSpec(cut="head", step="detail", colour="muted"),
    "back": StyleSpec(cut="head", step="detail", colour="text", space_after=1),
    "cover_label": StyleSpec(
        parent="label", step="small", colour="accent_text", space_after=None, left_indent=None
    ),
    "cover_title": StyleSpec(cut="heavy-head", step="display", colour="accent_text", space_after=3),
    "cover_subtitle": StyleSpec(
        cut="body-italic", step="heading", colour="accent_text", space_after=None
    ),
    "contents": StyleSpec(cut="head", step="body"),
    "contents_page": StyleSpec(
        cut="head", step="body", colour="muted", other={"alignment": TA_RIGHT}
    ),
    "bullet": StyleSpec(cut="head", colour="accent"),
    "bullet_number": StyleSpec(cut="head-bold", colour="accent"),
    "caption": StyleSpec(cut="head", step="body", colour="text"),
    "source": StyleSpec(cut="head", step="small", colour="muted"),
    "big_number": StyleSpec(cut="heavy-head", step="display", colour="accent", space_after=3),
}

#: Table cells and headers, one style per alignment: cells in the small sans, headers bold.
_ALIGNMENTS = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
for _name, _alignment in _ALIGNMENTS.items():
    STYLES[f"cell_{_name}"] = StyleSpec(cut="head", step="small", other={"alignment": _alignment})
    STYLES[f"cell_head_{_name}"] = StyleSpec(
        parent=f"cell_{_name}", cut="head-bold", colour="accent", space_after=None, left_indent=None
    )

#: Styles of running text, hyphenated; display type (titles, headings, labels) never is.
RUNNING_TEXT = {"body", "item", "box_text", "card_text", "back", "cell_left"}


def make_styles(
    theme: Theme, rail: float, hyphenate: WordBreaks | None
) -> dict[str, ParagraphStyle]:
    """Every paragraph style of a theme, by name.

    Args:
        theme: sizes, fonts and colours.
        rail: the left margin of body text (the width of the rail).
        hyphenate: where running text's words may break, or None for nowhere.
    """
    s = theme.sizes
    base = ParagraphStyle(
        "body",
        fontName=font_name(theme.body_font),
        fontSize=s.body,
        leading=s.leading,
        textColor=HexColor(theme.colours.text),
        alignment=TA_LEFT,
        spaceAfter=s.leading * 0.5,
        leftIndent=rail,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang=hyphenate or "",
        # Words under eight letters are not broken: fewer, better breaks.
        hyphenationMinWordLength=8,
        embeddedHyphenation=0,
        # a long URL breaks like any long word, inside the column
        uriWasteReduce=0,
        # shaping is ours, for every text (render/shaping.py): not ReportLab's, per word
        shaping=0,
    )
    styles = {"body": base}
    scale = type_scale(theme)
    for name, spec in STYLES.items():
        styles[name] = ParagraphStyle(
            name, parent=styles[spec.parent], **_attributes(spec, theme, scale)
        )
    for name, style in styles.items():
        if name not in RUNNING_TEXT:
            style.hyphenationLang = ""
    return styles


def _attributes(
    spec: StyleSpec, theme: Theme, scale: dict[str, tuple[float, float]]
) -> dict[str, Any]:
    """The ParagraphStyle attributes a row of STYLES sets, in the theme's fonts and scale."""
    attributes: dict[str, Any] = {}
    if spec.cut is not None:
        attributes["fontName"] = _font(spec.cut, theme)
    if spec.step is not None:
        attributes["fontSize"], attributes["leading"] = scale[spec.step]
    if spec.colour is not None:
        attributes["textColor"] = HexColor(getattr(theme.colours, spec.colour))
    if spec.space_after is not None:
        attributes["spaceAfter"] = spec.space_after * theme.sizes.leading / 4
    if spec.left_indent is not None:
        attributes["leftIndent"] = spec.left_indent
    return {**attributes, **spec.other}


def _font(cut: str, theme: Theme) -> str:
    role, _, weight = cut.partition("-")
    if role == "heavy":
        return HEAVY[theme.heading_font if weight == "head" else theme.body_font]
    family = theme.body_font if role == "body" else theme.heading_font
    return font_name(family, bold=weight == "bold", italic=weight == "italic")
