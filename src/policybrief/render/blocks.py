"""One render function per block kind: block -> list of flowables.

Why: like markdown-it-py's rules table and Pandoc's `blockToTypst`, each kind has exactly one
function, found through `BLOCK_RENDERERS`; a test checks that every kind in the model has one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from policybrief.errors import SourceError
from policybrief.model.brief import (
    BulletList,
    Callout,
    Findings,
    NumberedList,
    PullQuote,
    Recommendation,
    Recommendations,
)
from policybrief.model.evidence import Chart, DataTable, Figure
from policybrief.render.boxes import Box, RailRow, list_table
from policybrief.render.charts import render_chart
from policybrief.render.context import RenderContext
from policybrief.render.evidence import render_figure, render_table
from policybrief.render.shared import (
    Tracked,
    inside,
    markup,
    new_tag,
    tag_paragraph,
    tag_source,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import ACCENT_RULE, HAIRLINE
from policybrief.render.tagging import TaggedParagraph
from policybrief.text import escape, to_plain

Renderer = Callable[[Any, RenderContext], list[Flowable]]


def render_paragraph(text: str, ctx: RenderContext) -> list[Flowable]:
    """A paragraph of body text in the text column."""
    return [user_paragraph(text, "body", ctx)]


def render_bullets(block: BulletList, ctx: RenderContext) -> list[Flowable]:
    """A bulleted list in the text column."""
    return list_table(
        block.bullets, ctx, numbered=False, indent=ctx.rail, width=ctx.frame_width, style="item"
    )


def render_numbered(block: NumberedList, ctx: RenderContext) -> list[Flowable]:
    """A numbered list in the text column."""
    return list_table(
        block.numbered, ctx, numbered=True, indent=ctx.rail, width=ctx.frame_width, style="item"
    )


#: Quotation marks an author may have typed around a whole quote (then we add none).
_OPENING, _CLOSING = '\u201c"\u2018\u00ab\u201e\u300c', '\u201d"\u2019\u00bb\u201c\u300d'


def render_quote(block: PullQuote, ctx: RenderContext) -> list[Flowable]:
    """A pull quote: the words large, between rules, opened and closed by quotation marks,
    the opening one hung in the gutter so that the words keep the text's left edge.

    Why no ornament: a large mark in the rail as well as the typed one opened the quote
    twice (the designer's review, item 18); one pair of marks opens and closes it."""
    plain = to_plain(block.quote)
    quoted = plain[:1] in _OPENING and plain[-1:] in _CLOSING
    style = ctx.style("quote")
    opening, closing = ctx.language.quotes[:2]  # the brief's language's marks
    if not quoted:
        hang = stringWidth(opening, style.fontName, style.fontSize)
        style = style.clone("quote_hung", firstLineIndent=-hang)
    with inside(ctx, "BlockQuote"):
        text = markup(block.quote, ctx)
        marked = f"{escape(opening)}{text}{escape(closing)}"
        words = TaggedParagraph(text if quoted else marked, style)
        right: list[Flowable] = [tag_paragraph(words, "quote", ctx, None)]
        speaker = ", ".join(markup(p, ctx) for p in (block.by, block.role) if p)
        if speaker:
            right.append(trusted_paragraph(f"\u2014\u2002{speaker}", "quote_by", ctx))
    rule = ctx.colour("accent")
    row = RailRow(
        [],
        right,
        ctx,
        commands=[
            ("LINEABOVE", (1, 0), (1, 0), ACCENT_RULE, rule),
            ("LINEBELOW", (1, 0), (1, 0), HAIRLINE, rule),
            ("TOPPADDING", (1, 0), (1, 0), 10),
            ("BOTTOMPADDING", (1, 0), (1, 0), 10),
        ],
    )
    return [Spacer(0, 6), row, Spacer(0, 12)]


def render_callout(block: Callout, ctx: RenderContext) -> list[Flowable]:
    """A titled box in the body column, tinted, with an accent bar on its left."""
    inner_width = ctx.body_width - 24
    with inside(ctx, "Div"):
        title = user_paragraph(block.callout, "box_heading", ctx, new_tag(ctx, "H3"))
        title.leads = True  # a box never breaks just after its title
        inner: list[Flowable] = [title]
        for item in block.body:
            if isinstance(item, str):
                inner.append(user_paragraph(item, "box_text", ctx))
            else:
                items = item.bullets if isinstance(item, BulletList) else item.numbered
                inner += list_table(
                    items,
                    ctx,
                    numbered=isinstance(item, NumberedList),
                    indent=0,
                    width=inner_width,
                    style="box_text",
                )
    box = Box(
        [[inner]],
        ctx,
        [
            ("BACKGROUND", (0, 0), (-1, -1), ctx.colour("tint")),
            ("LINEBEFORE", (0, 0), (0, -1), ACCENT_RULE, ctx.colour("accent")),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
        col_widths=[ctx.body_width],
        h_align="RIGHT",
        splits=True,
    )
    return [Spacer(0, 4), box, Spacer(0, 12)]


def render_findings(block: Findings, ctx: RenderContext) -> list[Flowable]:
    """Each finding a row: its title in the rail, its text in the body column, a rule above."""
    rows: list[Flowable] = []
    for index, finding in enumerate(block.findings):
        title = user_paragraph(finding.title, "finding_title", ctx)  # H3, then its text
        text = user_paragraph(finding.text, "item", ctx)
        row = RailRow(
            title,
            text,
            ctx,
            commands=[
                ("LINEABOVE", (0, 0), (-1, 0), HAIRLINE, ctx.colour("rule")),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
            splits=True,
        )
        row.source_item = ("findings", index)
        rows.append(row)
    return [*rows, Spacer(0, 8)]


#: Space between two recommendation cards (the designer's 16 pt: each opens with a rule).
CARD_GAP = 16


def render_recommendations(block: Recommendations, ctx: RenderContext) -> list[Flowable]:
    """Numbered cards: the number large in the rail, the measure and its actors on a tint."""
    cards: list[Flowable] = []
    with inside(ctx, "L"):
        for number, rec in enumerate(block.recommendations, start=1):
            cards += [_card(number, rec, ctx), Spacer(0, CARD_GAP)]
    return [*cards, Spacer(0, 2)]


def _card(number: int, rec: Recommendation, ctx: RenderContext) -> RailRow:
    """One recommendation: LI > Lbl (its number) + LBody (title, text, actors)."""
    with inside(ctx, "LI"):
        label = trusted_paragraph(str(number), "card_number", ctx, new_tag(ctx, "Lbl"))
        with inside(ctx, "LBody"):
            # who must act, above the title in spaced capitals (the designer's mark-up)
            actors = " \u00b7 ".join(escape(to_plain(a).upper()) for a in rec.actors)
            addressed = tag_paragraph(
                Tracked(
                    f"<b>{escape(ctx.language.label('addressed_to').upper())}</b>\u2002{actors}",
                    ctx.style("card_actors"),
                ),
                "card_actors",
                ctx,
                None,
            )
            title = user_paragraph(rec.title, "card_title", ctx)
            addressed.leads = title.leads = True  # a card never breaks just after its title
            body = [addressed, title, user_paragraph(rec.text, "card_text", ctx)]
        card = RailRow(
            label,
            body,
            ctx,
            commands=[
                ("BACKGROUND", (1, 0), (1, 0), ctx.colour("tint")),
                ("LINEABOVE", (1, 0), (1, 0), ACCENT_RULE, ctx.colour("accent")),
                ("LEFTPADDING", (1, 0), (1, 0), 12),
                ("RIGHTPADDING", (1, 0), (1, 0), 12),
                ("TOPPADDING", (1, 0), (1, 0), 9),
                ("BOTTOMPADDING", (1, 0), (1, 0), 8),
                ("TOPPADDING", (0, 0), (0, 0), 4),
            ],
            splits=True,
        )
    card.source_item = ("recommendations", number - 1)
    return card


#: The render function of every block type; str is a paragraph.
BLOCK_RENDERERS: dict[type, Renderer] = {
    str: render_paragraph,
    BulletList: render_bullets,
    NumberedList: render_numbered,
    PullQuote: render_quote,
    Callout: render_callout,
    Findings: render_findings,
    Recommendations: render_recommendations,
    Figure: render_figure,
    Chart: render_chart,
    DataTable: render_table,
}


def render_blocks(
    blocks: Sequence[Any], ctx: RenderContext, source: tuple[str | int, ...] = ()
) -> list[Flowable]:
    """The flowables of a body, block by block, each tagged with its block's path."""
    flowables: list[Flowable] = []
    for index, block in enumerate(blocks):
        here = (*source, index)
        warned = len(ctx.warnings)
        try:
            flowables += tag_source(BLOCK_RENDERERS[type(block)](block, ctx), here)
        except SourceError as err:
            raise SourceError((*here, *err.source), err.message, err.hint) from None
        ctx.warnings[warned:] = [
            ((*here, *path), message) for path, message in ctx.warnings[warned:]
        ]
    return flowables
