"""Boxes: tables that hold blocks in place, the rail rows, headings and lists built on them.

Why: cards, findings, quotes, the takeaways box and lists are one-row (or one-row-per-item)
tables, all styled in the theme's fonts with their decorations as artifacts, kept whole on a
page when they fit and split when they do not.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from policybrief.render.context import RenderContext
from policybrief.render.fonts import font_name
from policybrief.render.shared import (
    inside,
    new_tag,
    tag_paragraph,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.tagging import TaggedParagraph, decorations_as_artifacts


def table_style(ctx: RenderContext, commands: Sequence[tuple]) -> TableStyle:
    """A table style whose cell font is the theme's: ReportLab's default would be Helvetica,
    an unembedded base-14 font, even in tables that hold only flowables."""
    font = [
        ("FONTNAME", (0, 0), (-1, -1), font_name(ctx.theme.body_font)),
        ("FONTSIZE", (0, 0), (-1, -1), ctx.theme.sizes.body),
    ]
    return TableStyle([*font, *commands])


def make_table(
    rows: list,
    ctx: RenderContext,
    commands: Sequence[tuple],
    col_widths: list[float],
    h_align: str = "LEFT",
    **options,
) -> Table:
    """A table in the theme's cell font whose backgrounds and rules are layout artifacts."""
    decorated = any(c[0] in _DECORATIONS for c in commands)
    callback = decorations_as_artifacts if decorated else None
    return Table(
        rows,
        colWidths=col_widths,
        style=table_style(ctx, commands),
        hAlign=h_align,
        renderCB=callback,
        **options,
    )


#: Table style commands that paint: drawn as artifacts in a tagged PDF.
_DECORATIONS = {
    "BACKGROUND",
    "ROWBACKGROUNDS",
    "COLBACKGROUNDS",
    "LINEABOVE",
    "LINEBELOW",
    "LINEBEFORE",
    "LINEAFTER",
    "GRID",
    "BOX",
    "OUTLINE",
    "INNERGRID",
}


def list_table(
    items: Sequence[str],
    ctx: RenderContext,
    *,
    numbered: bool,
    indent: float,
    width: float,
    style: str,
    bullet: str = "\u2022",
) -> list[Flowable]:
    """A bulleted or numbered list: L > LI > Lbl + LBody, one table row per item.

    Why a table: each bullet is a paragraph of its own, so it can be tagged as the item's
    label, and a long list still breaks between items.
    """
    text_style = ctx.style(style)
    label_style = ctx.style("bullet_number" if numbered else "bullet").clone(
        "list_label", leftIndent=indent, leading=text_style.leading, fontSize=text_style.fontSize
    )
    widest = stringWidth(
        f"{len(items)}." if numbered else bullet, label_style.fontName, label_style.fontSize
    )
    gap = max(14, widest + 5)  # "10." needs more room than "1."
    if bullet == "\u25a0":  # a small square, raised toward the middle of the line
        bullet = f'<super size="{text_style.fontSize * 0.6:.1f}">{bullet}</super>'
    rows = []
    with inside(ctx, "L"):
        for number, item in enumerate(items, start=1):
            with inside(ctx, "LI"):
                label = TaggedParagraph(f"{number}." if numbered else bullet, label_style)
                label = tag_paragraph(label, "bullet", ctx, new_tag(ctx, "Lbl"))
                rows.append([label, user_paragraph(item, style, ctx, new_tag(ctx, "LBody"))])
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), ctx.theme.sizes.leading * 0.25),
    ]
    widths = [indent + gap, width - indent - gap]
    tables = [
        make_table(rows[start : start + ROWS_PER_TABLE], ctx, commands, widths, splitInRow=1)
        for start in range(0, len(rows), ROWS_PER_TABLE)
    ]
    return [*tables, Spacer(0, ctx.theme.sizes.leading * 0.3)]


#: Rows of a list laid out as one table. Why: ReportLab measures every remaining row of a
#: table each time it splits one across a page, so one table of n rows costs n^2 (30,000
#: bullets took 107 s); tables of a few dozen rows, stacked without a gap, look the same and
#: keep a long list linear.
ROWS_PER_TABLE = 40


class Box(Flowable):
    """A table that stays whole on a page when it can, and splits inside its cells when not.

    Why: cards, findings, boxes and quotes read best unbroken, so one that does not fit the
    space left moves to the next page; one taller than a whole page splits (ReportLab's
    `splitInRow`) instead of failing the build. It wraps the table rather than subclassing
    it because Table.split builds its parts by calling the table's own class.
    """

    def __init__(
        self,
        rows: list,
        ctx: RenderContext,
        commands: Sequence[tuple],
        col_widths: list[float],
        h_align: str = "LEFT",
    ):
        super().__init__()
        self.table = make_table(rows, ctx, commands, col_widths, h_align, splitInRow=1)
        self.hAlign = h_align
        self._page_height = ctx.frame_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self.width, self.height

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if getattr(self, "_wrapped_at", None) != availWidth:  # a table's height needs only width
            self.wrap(availWidth, availHeight)
        if self.height <= self._page_height:
            return []  # fits on a fresh page: move there whole
        return self.table.split(availWidth, availHeight)


class RailRow(Box):
    """One row: something in the rail on the left, something in the body column on the right.

    Why: section numbers, finding titles and card numbers hang in the rail so that the body
    text keeps one clean left edge.
    """

    def __init__(
        self,
        left: Sequence[Flowable] | Flowable,
        right: Sequence[Flowable] | Flowable,
        ctx: RenderContext,
        commands: Sequence[tuple] = (),
    ):
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 12),
            *commands,
        ]
        super().__init__([[left, right]], ctx, style, [ctx.rail, ctx.frame_width - ctx.rail])


class Heading(RailRow):
    """A numbered section heading (H2); the document template makes it an outline entry."""

    def __init__(self, number: str, text: str, ctx: RenderContext, outline_title: str):
        tag = new_tag(ctx, "H2")
        left = trusted_paragraph(number, "heading_number", ctx, tag) if number else []
        if left:
            left.continues = True  # read aloud "1 Background", not "1Background"
        super().__init__(
            left,
            user_paragraph(text, "heading", ctx, tag),
            ctx,
            commands=[
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("accent")),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ],
        )
        self.outline_title = outline_title
        self.spaceBefore = ctx.theme.sizes.leading * 1.4
        self.spaceAfter = ctx.theme.sizes.leading * 0.6


def keep_room(ctx: RenderContext, lines: float = 3) -> CondPageBreak:
    """A page break unless a heading and `lines` body lines fit."""
    return CondPageBreak(ctx.theme.sizes.leading * lines + ctx.theme.sizes.heading * 4)


def headed(heading: Flowable, body: list[Flowable], ctx: RenderContext) -> list[Flowable]:
    """A heading and what follows it, the heading never left alone at a page foot.

    Why: a paragraph or a list splits, so room for the heading and three lines is enough;
    a box moves whole, so the heading must move with it.
    """
    lead = 0
    while lead < len(body) and isinstance(body[lead], Spacer):
        lead += 1
    if lead < len(body) and isinstance(body[lead], Box):
        return [keep_room(ctx), KeepTogether([heading, *body[: lead + 1]]), *body[lead + 1 :]]
    return [keep_room(ctx), heading, *body]
