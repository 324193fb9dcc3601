"""Boxes: tables that hold blocks in place, the rail rows, headings and lists built on them.

Why: cards, findings, quotes, the takeaways box and lists are one-row (or one-row-per-item)
tables, all styled in the theme's fonts with their decorations as artifacts, kept whole on a
page when they fit and split when they do not.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from policybrief.render.context import RAIL_NUMERALS, RenderContext
from policybrief.render.floats import floating
from policybrief.render.fonts import font_name
from policybrief.render.shared import (
    inside,
    new_tag,
    tag_paragraph,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import ACCENT_RULE
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
) -> list[Flowable]:
    """A bulleted or numbered list: L > LI > Lbl + LBody, one table row per item.

    Why a table: each bullet is a paragraph of its own, so it can be tagged as the item's
    label, and a long list still breaks between items. Where `indent` leaves room, the
    bullets and numbers hang in it, so an item's text keeps the column's left edge.
    """
    text_style = ctx.style(style)
    widest = stringWidth(
        f"{len(items)}." if numbered else BULLET,
        ctx.style("bullet_number" if numbered else "bullet").fontName,
        text_style.fontSize,
    )
    gap = max(LABEL_GAP, widest + 5)  # "10." needs more room than "1."
    hung = indent >= gap
    label_style = ctx.style("bullet_number" if numbered else "bullet").clone(
        "list_label",
        leftIndent=0 if hung else indent,
        rightIndent=LABEL_SPACE if hung else 0,
        alignment=TA_RIGHT if hung else TA_LEFT,
        leading=text_style.leading,
        fontSize=text_style.fontSize,
    )
    bullet = BULLET
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
    widths = [indent, width - indent] if hung else [indent + gap, width - indent - gap]
    tables = [
        make_table(rows[start : start + ROWS_PER_TABLE], ctx, commands, widths, splitInRow=1)
        for start in range(0, len(rows), ROWS_PER_TABLE)
    ]
    return [*tables, Spacer(0, ctx.theme.sizes.leading * 0.3)]


#: The one bullet glyph of every list, and the room a hung bullet or number takes.
BULLET = "\u2022"
LABEL_GAP = 12
#: Space between a hung bullet or number and its item's text.
LABEL_SPACE = 5

#: Rows of a list laid out as one table. Why: ReportLab measures every remaining row of a
#: table each time it splits one across a page, so one table of n rows costs n^2 (30,000
#: bullets took 107 s); tables of a few dozen rows, stacked without a gap, look the same and
#: keep a long list linear.
ROWS_PER_TABLE = 40


class Box(Flowable):
    """A table of one row that stays whole on a page when short, and splits between the lines
    of its cells when long.

    Why: a short card, finding or quote reads best unbroken, so one that does not fit the
    space left moves to the next page; a long one (`splits`, more than `SHORT_LINES` lines)
    splits where the space ends, as running text does, with at least two lines of text on
    each side and never just after its title, so the page it starts on ends full. The part
    after the break keeps the box's tint and side rules but not the rule above it, which
    marks where an item begins. A box taller than a whole page splits inside its cells
    (ReportLab's `splitInRow`) instead of failing the build. It wraps the table rather than
    subclassing it because Table.split builds its parts by calling the table's own class.
    """

    def __init__(
        self,
        rows: list,
        ctx: RenderContext,
        commands: Sequence[tuple],
        col_widths: list[float],
        h_align: str = "LEFT",
        *,
        splits: bool = False,
    ):
        super().__init__()
        self.table = make_table(rows, ctx, commands, col_widths, h_align, splitInRow=1)
        self.hAlign = h_align
        self.splits = splits
        self._page_height = ctx.frame_height
        self._leading = ctx.theme.sizes.leading
        self._parts = (rows, ctx, list(commands), col_widths, h_align)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self.width, self.height

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if getattr(self, "_wrapped_at", None) != availWidth:  # a table's height needs only width
            self.wrap(availWidth, availHeight)
        if self.splits and self.height > self._leading * SHORT_LINES:
            parts = self._split_between_lines(availHeight)
            if parts:
                return parts
        if self.height <= self._page_height:
            return []  # fits on a fresh page: move there whole
        return self.table.split(availWidth, availHeight)

    def _split_between_lines(self, height: float) -> list[Flowable]:
        """The box as two boxes, the first `height` tall at most, or [] when no split leaves
        two lines of text each side (and the first part more than its title). When too
        little would go to the next page, the break moves up (as a paragraph's widow rule
        moves a line) and is tried again."""
        rows, ctx, commands, widths, h_align = self._parts
        if len(rows) != 1:
            return []
        least = self._leading * 1.8
        main = len(rows[0]) - 1  # the body column of a rail row, the only cell of a box
        room = height
        for _ in range(4):
            firsts, rests = self._cells_cut_at(room)
            told = [f for f in firsts[main] if not getattr(f, "leads", False)]
            if not any(rests) or _height(told, widths[main]) < least:
                return []
            short = max(least - _height(r, widths[c]) for c, r in enumerate(rests) if r)
            if short <= 0:
                break
            room -= short + 1
        else:
            return []
        head = Box([firsts], ctx, commands, widths, h_align, splits=True)
        tail = Box([rests], ctx, _continued(commands), widths, h_align, splits=True)
        if head.wrap(sum(widths), height)[1] > height:
            return []
        return [head, tail]

    def _cells_cut_at(self, height: float) -> tuple[list, list]:
        """Each cell's content cut where `height` ends (within its paddings): what fits, and
        the rest."""
        rows, _, commands, widths, _ = self._parts
        firsts, rests = [], []
        for column, cell in enumerate(rows[0]):
            top, bottom, left, right = (
                _padding(commands, column, len(widths), side)
                for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")
            )
            content = list(cell) if isinstance(cell, (list, tuple)) else [cell]
            first, rest = _fill(content, widths[column] - left - right, height - top - bottom)
            firsts.append(first)
            rests.append(rest)
        return firsts, rests


#: A box of at most this many body lines is short: it moves whole rather than split.
SHORT_LINES = 6


def _padding(commands: Sequence[tuple], column: int, columns: int, side: str) -> float:
    """A one-row table's cell padding on one side, as the last style command naming it sets it."""
    value = 6.0 if side in ("LEFT", "RIGHT") else 3.0  # ReportLab's defaults
    for command in commands:
        if command[0] == f"{side}PADDING":
            first, last = (c if c >= 0 else columns + c for c in (command[1][0], command[2][0]))
            if first <= column <= last:
                value = command[3]
    return value


def _fill(content: list[Flowable], width: float, height: float) -> tuple[list, list]:
    """What of `content` fits `height` (the flowable where it ends split if it can), and the
    rest."""
    first: list[Flowable] = []
    used = 0.0
    for at, flowable in enumerate(content):
        before = flowable.getSpaceBefore() if first else 0
        _, tall = flowable.wrap(width, max(height - used - before, 0))
        if used + before + tall <= height:
            first.append(flowable)
            used += before + tall + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, height - used - before) if height - used - before > 0 else []
        if len(parts) >= 2:
            return [*first, parts[0]], [*parts[1:], *content[at + 1 :]]
        return first, content[at:]
    return first, []


def _height(content: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 1e6)[1] for f in content)


def _continued(commands: Sequence[tuple]) -> list[tuple]:
    """A box's style for the part after a break: no rule above it, which marks a start."""
    return [c for c in commands if c[0] != "LINEABOVE"]


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
        *,
        splits: bool = False,
    ):
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), RAIL_NUMERALS),
            *commands,
        ]
        super().__init__(
            [[left, right]], ctx, style, [ctx.rail, ctx.frame_width - ctx.rail], splits=splits
        )


class Heading(RailRow):
    """A numbered section heading (H2); the document template makes it an outline entry."""

    def __init__(self, number: str, text: str, ctx: RenderContext, outline_title: str):
        quarter = ctx.theme.sizes.leading / 4
        tag = new_tag(ctx, "H2")
        left = trusted_paragraph(number, "heading_number", ctx, tag) if number else []
        if left:
            left.continues = True  # read aloud "1 Background", not "1Background"
        super().__init__(
            left,
            user_paragraph(text, "heading", ctx, tag),
            ctx,
            commands=[
                ("LINEABOVE", (0, 0), (-1, 0), ACCENT_RULE, ctx.colour("accent")),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * quarter),
            ],
        )
        self.outline_title = outline_title
        # two and a half body lines above, under a line below: on the body's rhythm
        self.spaceBefore = 10 * quarter
        self.spaceAfter = 3 * quarter


def keep_room(ctx: RenderContext, lines: float = 3) -> CondPageBreak:
    """A page break unless a heading and `lines` body lines fit."""
    return CondPageBreak(ctx.theme.sizes.leading * lines + ctx.theme.sizes.heading * 4)


def headed(heading: Flowable, body: list[Flowable], ctx: RenderContext) -> list[Flowable]:
    """A heading and what follows it, the heading never left alone at a page foot, and the
    section's figures and tables free to float (render/floats.py) within it.

    Why: a paragraph or a list splits, so room for the heading and three lines is enough;
    a box that moves whole must take the heading with it, and one that splits must leave
    its first lines under the heading. A figure right under its heading stays there.
    """
    lead = 0
    while lead < len(body) and isinstance(body[lead], Spacer):
        lead += 1
    if lead < len(body) and isinstance(body[lead], Box):
        first = WithFirst([heading, *body[:lead]], body[lead])
        first.source = getattr(body[lead], "source", None)
        return [keep_room(ctx), first, *floating(body[lead + 1 :])]
    return [keep_room(ctx), heading, *floating(body)]


class WithFirst(Flowable):
    """A heading kept with the box after it: together on this page, with the box's first
    lines when the box splits, or together on the next.

    Why not KeepTogether: it moves a box that would split well to the next page whole. Like
    a Float (render/floats.py) it never fits, so the frame splits it, and it answers with the
    heading and the box (or the box's parts), which the document then places one by one, so
    the heading still becomes an outline entry.
    """

    def __init__(self, lead: list[Flowable], box: Box):
        super().__init__()
        self.lead, self.box = lead, box
        self._ended_page = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight + 1
        return self.width, self.height

    def draw(self) -> None:  # never drawn: the frame always splits it
        raise AssertionError("WithFirst is split, never drawn")

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._ended_page:
            return [*self.lead, self.box]
        used = sum(
            f.getSpaceBefore() + f.wrap(availWidth, availHeight)[1] + f.getSpaceAfter()
            for f in self.lead
        )
        room = availHeight - used - self.box.getSpaceBefore()
        if room > 0 and self.box.wrap(availWidth, room)[1] <= room:
            return [*self.lead, self.box]
        parts = self.box.split(availWidth, room) if room > 0 else []
        if len(parts) >= 2:
            return [*self.lead, *parts]
        self._ended_page = True
        return []
