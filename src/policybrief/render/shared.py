"""Flowables and helpers shared by the render modules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from policybrief.fonts import font_name
from policybrief.model import Brief
from policybrief.render.context import RenderContext
from policybrief.render.tagging import (
    LAYOUT_ARTIFACT,
    Node,
    TaggedParagraph,
    decorations_as_artifacts,
)
from policybrief.text import escape, link_open, to_markup

#: A "word" this long is a URL or junk: it must break anywhere, not only where hyphens go.
LONG_WORD = 60


#: The structure role of a paragraph in each style, unless its render function says otherwise.
ROLES = {
    "title": "H1",
    "cover_title": "H1",
    "heading": "H2",
    "heading_number": "H2",
    "box_heading": "H2",
    "label": "H3",
    "finding_title": "H3",
    "card_title": "H3",
    "caption": "Caption",
    "contents": "TOCI",
    "contents_page": "TOCI",
    **{f"cell_{a}": "TD" for a in ("left", "right", "center")},
    **{f"cell_head_{a}": "TH" for a in ("left", "right", "center")},
}
#: Stands for "draw as an artifact": decoration with nothing to read.
ARTIFACT = "artifact"


def para(
    text: str, style_name: str, ctx: RenderContext, node: Node | str | None = None
) -> Paragraph:
    """A paragraph of user text (inline Markdown, escaped) in one of the context's styles.

    Args:
        node: its structure node; a new node of the style's role when None; ARTIFACT for
            decoration.
    """
    style = ctx.style(style_name)
    if style.hyphenationLang and any(len(word) > LONG_WORD for word in text.split()):
        # ReportLab's hyphenation splits a URL once, at a slash, and then never breaks the
        # rest; without it, a long word breaks anywhere and stays inside the column.
        style = style.clone(f"{style_name}-unhyphenated", hyphenationLang="")
    return _tagged(TaggedParagraph(markup(text, ctx), style), style_name, ctx, node)


def _tagged(
    paragraph: TaggedParagraph, style_name: str, ctx: RenderContext, node: Node | str | None
) -> TaggedParagraph:
    tree = ctx.tally.tree
    if tree is not None:
        paragraph.tree = tree
        if node != ARTIFACT:
            paragraph.node = node or tree.add(ROLES.get(style_name, "P"))
    return paragraph


def markup(text: str, ctx: RenderContext) -> str:
    """ReportLab markup for a piece of user text: links coloured, citations numbered."""
    return to_markup(text, ctx.theme.colours.link, lambda ref_id: cite_marker(ref_id, ctx))


def cite_marker(ref_id: str, ctx: RenderContext) -> str:
    """A superscript note number linking to its note; the first marker of each note is also
    the anchor the note links back to."""
    number = ctx.tally.citations[ref_id]
    anchor = "" if number in ctx.tally.anchored else f'<a name="cite-{number}"/>'
    ctx.tally.anchored.add(number)
    colour = ctx.theme.colours.link
    return f'{anchor}<super><a href="#note-{number}" color="{colour}">{number}</a></super>'


def fixed(
    markup: str, style_name: str, ctx: RenderContext, node: Node | str | None = None
) -> Paragraph:
    """A paragraph of our own markup (labels, numbers): never user text; `node` as in para."""
    return _tagged(TaggedParagraph(markup, ctx.style(style_name)), style_name, ctx, node)


def new_node(ctx: RenderContext, role: str, **details) -> Node | None:
    """A structure node in the current container, or None when the PDF is not tagged."""
    return ctx.tally.tree.add(role, **details) if ctx.tally.tree is not None else None


@contextmanager
def inside(ctx: RenderContext, role: str, **details) -> Iterator[Node | None]:
    """Add a container node (a list, a quote, a table) and put what follows inside it."""
    tree = ctx.tally.tree
    if tree is None:
        yield None
        return
    with tree.within(tree.add(role, **details)) as node:
        yield node


def link(address: str, label: str, ctx: RenderContext) -> str:
    """Markup for a live link: the address as an attribute, the label as escaped text.

    Addresses (URLs, emails) are not inline Markdown: they are never rewritten.
    """
    return f"{link_open(address, ctx.theme.colours.link)}{escape(label)}</a>"


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
    callback = decorations_as_artifacts if ctx.tally.tree and decorated else None
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
                label = _tagged(label, "bullet", ctx, new_node(ctx, "Lbl"))
                rows.append([label, para(item, style, ctx, new_node(ctx, "LBody"))])
    table = make_table(
        rows,
        ctx,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), ctx.theme.sizes.leading * 0.25),
        ],
        [indent + gap, width - indent - gap],
        splitInRow=1,
    )
    return [table, Spacer(0, ctx.theme.sizes.leading * 0.3)]


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

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return self.width, self.height

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if getattr(self, "_wrapped_at", None) != availWidth:  # a table's height needs only width
            self.wrap(availWidth, availHeight)
        if self.height <= self._page_height:
            return []  # fits on a fresh page: move there whole
        return self.table.split(availWidth, availHeight)


class Picture(Flowable):
    """An image or a drawing, tagged as a Figure with its alt text and its box on the page.

    Why: ReportLab's Drawing refuses attributes it does not know, so the alt text, which the
    tagged PDF needs, travels on this wrapper.
    """

    def __init__(self, content: Flowable, alt: str, ctx: RenderContext):
        super().__init__()
        self.content, self.alt = content, alt
        self.hAlign = "LEFT"
        self.tree = ctx.tally.tree
        self.node = new_node(ctx, "Figure", alt=alt)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        if self.tree is None:
            self.content.drawOn(self.canv, 0, 0)
            return
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        self.node.bbox = (x0, y0, x1, y1)
        self.tree.begin(self.canv, self.node)
        self.content.drawOn(self.canv, 0, 0)
        self.tree.end(self.canv)


class PageNumber(Flowable):
    """The page a bookmark lands on, drawn as a form the document defines when it is saved.

    Why: a table of contents precedes the pages it counts; referring to a form that is
    filled in at the end keeps the build to one layout pass.
    """

    def __init__(self, key: str, ctx: RenderContext, node: Node | None):
        super().__init__()
        self.key, self.node, self.tree = key, node, ctx.tally.tree
        style = ctx.style("contents_page")
        self.width, self.height = 40, style.leading
        self.font, self.size, self.colour = style.fontName, style.fontSize, style.textColor

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        if self.tree is not None and self.node is not None:
            self.tree.begin(self.canv, self.node)
        self.canv.saveState()
        self.canv.translate(self.width, self.height - self.size)
        self.canv.doForm(page_form_name(self.key))
        self.canv.restoreState()
        if self.tree is not None and self.node is not None:
            self.tree.end(self.canv)


def page_form_name(key: str) -> str:
    """The name of the form that shows the page of bookmark `key`."""
    return f"page-of-{key}"


class Rule(HRFlowable):
    """A horizontal rule, drawn as a layout artifact: it decorates, it says nothing."""

    def draw(self) -> None:
        self.canv.addLiteral(LAYOUT_ARTIFACT)
        super().draw()
        self.canv.addLiteral("EMC")


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
        node = new_node(ctx, "H2")
        left = fixed(number, "heading_number", ctx, node) if number else []
        super().__init__(
            left,
            para(text, "heading", ctx, node),
            ctx,
            commands=[
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("accent")),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ],
        )
        self.outline_title = outline_title
        self.spaceBefore = ctx.theme.sizes.leading * 1.4
        self.spaceAfter = ctx.theme.sizes.leading * 0.6


def tag_source(flowables: list[Flowable], source: tuple[str | int, ...]) -> list[Flowable]:
    """Mark flowables with the path of the brief value they show, for layout errors.

    A flowable that shows one item of a block (a card, a finding) carries `source_item`,
    the item's path inside the block, set by its render function.
    """
    for flowable in flowables:
        if getattr(flowable, "source", None) is None:
            flowable.source = (*source, *getattr(flowable, "source_item", ()))
    return flowables


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


def source_credit(brief: Brief, ctx: RenderContext) -> str:
    """The credit line for the source work, as markup, or '' when the brief has no source."""
    src = brief.source
    if not src:
        return ""
    credit = (
        f"Distilled from \u201c{markup(src.title, ctx)}\u201d, {markup(src.publisher, ctx)}, "
        f"{markup(src.year, ctx)}."
    )
    return f"{credit} {link(src.url, src.url, ctx)}" if src.url else credit
