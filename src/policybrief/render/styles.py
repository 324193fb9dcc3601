"""Paragraph styles derived from a theme: one style per role a paragraph plays on the page.

Why: the type scale, colours and spacing live in the theme; this turns them into ReportLab
ParagraphStyles, so render functions name a style ("card_title") and never set a font. Each
style is one row of `STYLES`: its parent, its cut, its size and leading as multiples of one
of the theme's sizes, its colour, and what else it sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from policybrief.model.theme import Theme
from policybrief.render.fonts import HEAVY, font_name
from policybrief.render.hyphenation import WordBreaks

#: A theme size and factors: ("body", 1.35) is 1.35 times the body size; several factors
#: apply in turn.
Scaled = tuple[str, float] | tuple[str, float, float]


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style, relative to the theme and to its parent style.

    Attributes:
        parent: the style it starts from.
        cut: family role and weight: "body", "body-italic", "head", "head-bold",
            "head-italic", "heavy-head" or "heavy-body"; None keeps the parent's.
        size: its font size; None keeps the parent's.
        leading: its line spacing; None keeps the parent's.
        colour: a theme colour name; None keeps the parent's.
        space_after: space after the paragraph, in points or scaled; 0 by default.
        left_indent: None sets 0 (only running body text is indented to the rail).
        other: further ParagraphStyle attributes, as they are.
    """

    parent: str = "body"
    cut: str | None = None
    size: Scaled | None = None
    leading: Scaled | None = None
    colour: str | None = None
    space_after: float | Scaled | None = 0
    left_indent: float | None = 0
    other: dict[str, Any] = field(default_factory=dict)


#: Every style but "body" (the base, made from the theme in `make_styles`), in the order they
#: are made: a style's parent comes before it.
STYLES: dict[str, StyleSpec] = {
    "title": StyleSpec(
        cut="heavy-head",
        size=("title", 1),
        leading=("title", 1.12),
        colour="accent",
        space_after=("title", 0.35),
    ),
    "subtitle": StyleSpec(
        cut="body-italic",
        size=("title", 0.52),
        leading=("title", 0.7),
        colour="muted",
        space_after=10,
    ),
    "byline": StyleSpec(
        cut="head", size=("body", 1), leading=("body", 1.35), colour="text", space_after=2
    ),
    "credit": StyleSpec(
        cut="head-italic", size=("small", 1), leading=("small", 1.35), colour="muted"
    ),
    "heading": StyleSpec(
        cut="head-bold", size=("heading", 1), leading=("heading", 1.2), colour="accent"
    ),
    "heading_number": StyleSpec(
        cut="heavy-head",
        size=("heading", 1),
        leading=("heading", 1.2),
        colour="accent",
        other={"alignment": TA_LEFT},
    ),
    "label": StyleSpec(cut="head-bold", size=("small", 1), leading=("small", 1.3), colour="accent"),
    "label_right": StyleSpec(parent="label", left_indent=None, other={"alignment": TA_RIGHT}),
    "box_heading": StyleSpec(
        parent="label", size=("body", 1), leading=("body", 1.3), space_after=4, left_indent=None
    ),
    "box_text": StyleSpec(cut="head", size=("body", 1), leading=("body", 1.38), space_after=3),
    "item": StyleSpec(space_after=("leading", 0.25)),
    "finding_title": StyleSpec(
        cut="head-bold", size=("body", 1), leading=("body", 1.3), colour="accent"
    ),
    "card_title": StyleSpec(
        cut="head-bold", size=("body", 1.12), leading=("body", 1.4), colour="text", space_after=3
    ),
    "card_text": StyleSpec(space_after=4),
    "card_actors": StyleSpec(
        cut="head", size=("small", 1), leading=("small", 1.35), colour="muted"
    ),
    "card_number": StyleSpec(
        cut="heavy-head",
        size=("heading", 1.6),
        leading=("heading", 1.7),
        colour="accent",
        other={"alignment": TA_RIGHT},
    ),
    "quote": StyleSpec(
        cut="body-italic",
        size=("body", 1.35),
        leading=("body", 1.8),
        colour="accent",
        space_after=6,
    ),
    "quote_by": StyleSpec(cut="head", size=("small", 1.1), leading=("small", 1.5), colour="muted"),
    "back": StyleSpec(
        cut="head", size=("small", 1.1), leading=("small", 1.5), colour="text", space_after=4
    ),
    "cover_label": StyleSpec(
        parent="label",
        size=("small", 1.2),
        leading=("small", 1.6),
        colour="accent_text",
        space_after=None,
        left_indent=None,
    ),
    "cover_title": StyleSpec(
        cut="heavy-head",
        size=("title", 1.35),
        leading=("title", 1.45),
        colour="accent_text",
        space_after=("title", 0.45),
    ),
    "cover_subtitle": StyleSpec(
        cut="body-italic",
        size=("title", 0.6),
        leading=("title", 0.8),
        colour="accent_text",
        space_after=None,
    ),
    "contents": StyleSpec(cut="head", size=("body", 1), leading=("body", 1.45)),
    "contents_page": StyleSpec(
        cut="head",
        size=("body", 1),
        leading=("body", 1.45),
        colour="muted",
        other={"alignment": TA_RIGHT},
    ),
    "bullet": StyleSpec(cut="head", colour="accent"),
    "bullet_number": StyleSpec(cut="head-bold", colour="accent"),
    "caption": StyleSpec(cut="head", size=("body", 1), leading=("body", 1.35), colour="text"),
    "source": StyleSpec(
        cut="head", size=("small", 1), leading=("small", 1.35), colour="muted", space_after=1
    ),
    "big_number": StyleSpec(
        cut="heavy-head",
        size=("title", 1.5),
        leading=("title", 1.6),
        colour="accent",
        space_after=10,
    ),
}

#: Table cells and headers, one style per alignment: cells in the small sans, headers bold.
_CELL_SIZE: Scaled = ("small", 1.05)
_ALIGNMENTS = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
for _name, _alignment in _ALIGNMENTS.items():
    STYLES[f"cell_{_name}"] = StyleSpec(
        cut="head",
        size=_CELL_SIZE,
        leading=(*_CELL_SIZE, 1.3),
        other={"alignment": _alignment},
    )
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
    for name, spec in STYLES.items():
        styles[name] = ParagraphStyle(name, parent=styles[spec.parent], **_attributes(spec, theme))
    for name, style in styles.items():
        if name not in RUNNING_TEXT:
            style.hyphenationLang = ""
    return styles


def _attributes(spec: StyleSpec, theme: Theme) -> dict[str, Any]:
    """The ParagraphStyle attributes a row of STYLES sets, in the theme's fonts and sizes."""
    attributes: dict[str, Any] = {}
    if spec.cut is not None:
        attributes["fontName"] = _font(spec.cut, theme)
    if spec.size is not None:
        attributes["fontSize"] = _scaled(spec.size, theme)
    if spec.leading is not None:
        attributes["leading"] = _scaled(spec.leading, theme)
    if spec.colour is not None:
        attributes["textColor"] = HexColor(getattr(theme.colours, spec.colour))
    if spec.space_after is not None:
        after = spec.space_after
        attributes["spaceAfter"] = (
            after if isinstance(after, int | float) else _scaled(after, theme)
        )
    if spec.left_indent is not None:
        attributes["leftIndent"] = spec.left_indent
    return {**attributes, **spec.other}


def _scaled(scaled: Scaled, theme: Theme) -> float:
    name, *factors = scaled
    value = getattr(theme.sizes, name)
    for factor in factors:
        value = value * factor
    return value


def _font(cut: str, theme: Theme) -> str:
    role, _, weight = cut.partition("-")
    if role == "heavy":
        return HEAVY[theme.heading_font if weight == "head" else theme.body_font]
    family = theme.body_font if role == "body" else theme.heading_font
    return font_name(family, bold=weight == "bold", italic=weight == "italic")
