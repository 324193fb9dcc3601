"""Paragraph styles derived from a theme: one style per role a paragraph plays on the page.

Why: the type scale, colours and spacing live in the theme; this turns them into ReportLab
ParagraphStyles, so render functions name a style ("card_title") and never set a font.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from policybrief.model.theme import Theme
from policybrief.render.fonts import HEAVY, font_name


def _cell_styles(base: ParagraphStyle, theme: Theme) -> dict[str, ParagraphStyle]:
    """Table cells and headers, one style per alignment."""
    head, size = theme.heading_font, theme.sizes.small * 1.05
    styles = {}
    for name, alignment in (("left", TA_LEFT), ("right", TA_RIGHT), ("center", TA_CENTER)):
        styles[f"cell_{name}"] = ParagraphStyle(
            f"cell_{name}",
            parent=base,
            fontName=font_name(head),
            fontSize=size,
            leading=size * 1.3,
            leftIndent=0,
            spaceAfter=0,
            alignment=alignment,
        )
        styles[f"cell_head_{name}"] = ParagraphStyle(
            f"cell_head_{name}",
            parent=styles[f"cell_{name}"],
            fontName=font_name(head, bold=True),
            textColor=HexColor(theme.colours.accent),
        )
    return styles


#: Styles of running text, hyphenated; display type (titles, headings, labels) never is.
RUNNING_TEXT = {"body", "item", "box_text", "card_text", "back", "cell_left"}


def make_styles(theme: Theme, rail: float, hyphenate: str) -> dict[str, ParagraphStyle]:
    """Every paragraph style of a theme, by name.

    Args:
        theme: sizes, fonts and colours.
        rail: the left margin of body text (the width of the rail).
        hyphenate: the pyphen language for running text, or "" for none.
    """
    c, s = theme.colours, theme.sizes
    body, head = theme.body_font, theme.heading_font
    text = HexColor(c.text)
    base = ParagraphStyle(
        "body",
        fontName=font_name(body),
        fontSize=s.body,
        leading=s.leading,
        textColor=text,
        alignment=TA_LEFT,
        spaceAfter=s.leading * 0.5,
        leftIndent=rail,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang=hyphenate,
        # Words under eight letters are not broken: fewer, better breaks.
        hyphenationMinWordLength=8,
        embeddedHyphenation=0,
        # a long URL breaks like any long word, inside the column
        uriWasteReduce=0,
    )

    def derive(name: str, parent: ParagraphStyle = base, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    label = derive(
        "label",
        fontName=font_name(head, bold=True),
        fontSize=s.small,
        leading=s.small * 1.3,
        textColor=HexColor(c.accent),
        leftIndent=0,
        spaceAfter=0,
    )
    styles = {
        "body": base,
        "title": derive(
            "title",
            fontName=HEAVY[head],
            fontSize=s.title,
            leading=s.title * 1.12,
            textColor=HexColor(c.accent),
            leftIndent=0,
            spaceAfter=s.title * 0.35,
        ),
        "subtitle": derive(
            "subtitle",
            fontName=font_name(body, italic=True),
            fontSize=s.title * 0.52,
            leading=s.title * 0.7,
            textColor=HexColor(c.muted),
            leftIndent=0,
            spaceAfter=10,
        ),
        "byline": derive(
            "byline",
            fontName=font_name(head),
            fontSize=s.body,
            leading=s.body * 1.35,
            textColor=text,
            leftIndent=0,
            spaceAfter=2,
        ),
        "credit": derive(
            "credit",
            fontName=font_name(head, italic=True),
            fontSize=s.small,
            leading=s.small * 1.35,
            textColor=HexColor(c.muted),
            leftIndent=0,
            spaceAfter=0,
        ),
        "heading": derive(
            "heading",
            fontName=font_name(head, bold=True),
            fontSize=s.heading,
            leading=s.heading * 1.2,
            textColor=HexColor(c.accent),
            leftIndent=0,
            spaceAfter=0,
        ),
        "heading_number": derive(
            "heading_number",
            fontName=HEAVY[head],
            fontSize=s.heading,
            leading=s.heading * 1.2,
            textColor=HexColor(c.accent),
            leftIndent=0,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "label": label,
        "label_right": derive("label_right", parent=label, alignment=TA_RIGHT),
        "box_heading": derive(
            "box_heading", parent=label, fontSize=s.body, leading=s.body * 1.3, spaceAfter=4
        ),
        "box_text": derive(
            "box_text",
            fontName=font_name(head),
            fontSize=s.body,
            leading=s.body * 1.38,
            leftIndent=0,
            spaceAfter=3,
        ),
        "item": derive("item", leftIndent=0, spaceAfter=s.leading * 0.25),
        "finding_title": derive(
            "finding_title",
            fontName=font_name(head, bold=True),
            fontSize=s.body,
            leading=s.body * 1.3,
            leftIndent=0,
            textColor=HexColor(c.accent),
            spaceAfter=0,
        ),
        "card_title": derive(
            "card_title",
            fontName=font_name(head, bold=True),
            fontSize=s.body * 1.12,
            leading=s.body * 1.4,
            leftIndent=0,
            textColor=text,
            spaceAfter=3,
        ),
        "card_text": derive("card_text", leftIndent=0, spaceAfter=4),
        "card_actors": derive(
            "card_actors",
            fontName=font_name(head),
            fontSize=s.small,
            leading=s.small * 1.35,
            leftIndent=0,
            textColor=HexColor(c.muted),
            spaceAfter=0,
        ),
        "card_number": derive(
            "card_number",
            fontName=HEAVY[head],
            fontSize=s.heading * 1.6,
            leading=s.heading * 1.7,
            leftIndent=0,
            alignment=TA_RIGHT,
            textColor=HexColor(c.accent),
            spaceAfter=0,
        ),
        "quote": derive(
            "quote",
            fontName=font_name(body, italic=True),
            fontSize=s.body * 1.35,
            leading=s.body * 1.8,
            leftIndent=0,
            textColor=HexColor(c.accent),
            spaceAfter=6,
        ),
        "quote_by": derive(
            "quote_by",
            fontName=font_name(head),
            fontSize=s.small * 1.1,
            leading=s.small * 1.5,
            leftIndent=0,
            textColor=HexColor(c.muted),
            spaceAfter=0,
        ),
        "back": derive(
            "back",
            fontName=font_name(head),
            fontSize=s.small * 1.1,
            leading=s.small * 1.5,
            leftIndent=0,
            textColor=text,
            spaceAfter=4,
        ),
        "cover_label": derive(
            "cover_label",
            parent=label,
            textColor=HexColor(c.accent_text),
            fontSize=s.small * 1.2,
            leading=s.small * 1.6,
        ),
        "cover_title": derive(
            "cover_title",
            fontName=HEAVY[head],
            fontSize=s.title * 1.35,
            leading=s.title * 1.45,
            textColor=HexColor(c.accent_text),
            leftIndent=0,
            spaceAfter=s.title * 0.45,
        ),
        "cover_subtitle": derive(
            "cover_subtitle",
            fontName=font_name(body, italic=True),
            fontSize=s.title * 0.6,
            leading=s.title * 0.8,
            textColor=HexColor(c.accent_text),
            leftIndent=0,
        ),
        "contents": derive(
            "contents",
            fontName=font_name(head),
            fontSize=s.body,
            leading=s.body * 1.45,
            leftIndent=0,
            spaceAfter=0,
        ),
        "contents_page": derive(
            "contents_page",
            fontName=font_name(head),
            fontSize=s.body,
            leading=s.body * 1.45,
            leftIndent=0,
            spaceAfter=0,
            alignment=TA_RIGHT,
            textColor=HexColor(c.muted),
        ),
        "bullet": derive(
            "bullet",
            fontName=font_name(head),
            leftIndent=0,
            spaceAfter=0,
            textColor=HexColor(c.accent),
        ),
        "bullet_number": derive(
            "bullet_number",
            fontName=font_name(head, bold=True),
            leftIndent=0,
            spaceAfter=0,
            textColor=HexColor(c.accent),
        ),
        "caption": derive(
            "caption",
            fontName=font_name(head),
            fontSize=s.body,
            leading=s.body * 1.35,
            leftIndent=0,
            spaceAfter=0,
            textColor=text,
        ),
        "source": derive(
            "source",
            fontName=font_name(head),
            fontSize=s.small,
            leading=s.small * 1.35,
            leftIndent=0,
            spaceAfter=1,
            textColor=HexColor(c.muted),
        ),
        "big_number": derive(
            "big_number",
            fontName=HEAVY[head],
            fontSize=s.title * 1.5,
            leading=s.title * 1.6,
            leftIndent=0,
            spaceAfter=10,
            textColor=HexColor(c.accent),
        ),
        **_cell_styles(base, theme),
        "furniture": derive(
            "furniture",
            fontName=font_name(head),
            fontSize=s.small,
            leading=s.small * 1.2,
            leftIndent=0,
            textColor=HexColor(c.muted),
        ),
    }
    for name, style in styles.items():
        if name not in RUNNING_TEXT:
            style.hyphenationLang = ""
    return styles
