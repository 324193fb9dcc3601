"""The back matter: about the brief and its publisher, source, disclaimer, citation, notes.

Why: a reader who prints page 4 alone still knows who published it and how to cite it.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from policybrief.model.brief import Brief
from policybrief.model.imprint import suggested_citation
from policybrief.render.adapter import lent_frame
from policybrief.render.boxes import Box, Heading, RailRow, headed, keep_room
from policybrief.render.context import RenderContext
from policybrief.render.fonts import font_name
from policybrief.render.front import publisher_logo
from policybrief.render.shared import (
    Picture,
    label_markup,
    link,
    markup,
    new_tag,
    source_credit,
    tag_source,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import HAIRLINE
from policybrief.text import ascii_uri, escape


def render_back(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The notes, a list of their own, then the back matter, set at the foot of a page.

    The back matter ("About this brief": about, publisher, authors, source, disclaimer,
    citation, contact, logo) is a label in the rail and its text in the column, entry by
    entry, set so that its last entry ends at the frame's foot: under the text of the last
    page when it fits there, else on a page of its own, as a back page (`AtTheFoot`).
    """
    rows: list[Flowable] = []

    def entry(label: str, source: tuple, body: Callable[[], list[Flowable]]) -> None:
        title = trusted_paragraph(label, "label", ctx)  # H3 before its text, as on paper
        rule = [
            ("LINEABOVE", (0, 0), (-1, 0), HAIRLINE, ctx.colour("rule")),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        rows.extend(tag_source([RailRow(title, body(), ctx, commands=rule)], source))

    label = ctx.language.label
    if brief.about:
        entry(
            escape(label("about_brief")),
            ("about",),
            lambda: [user_paragraph(brief.about, "back", ctx)],
        )
    org = brief.organization
    if org and org.about:
        entry(
            label_markup(ctx, "about_publisher", organization=markup(org.name, ctx)),
            ("organization", "about"),
            lambda: _about_publisher(org, ctx),
        )
    if brief.authors:
        entry(
            escape(label("authors")), ("authors",), lambda: [_author(a, ctx) for a in brief.authors]
        )
    if brief.source:
        entry(escape(label("source")), ("source",), lambda: [_source(brief, ctx)])
    if brief.disclaimer:
        entry(
            escape(label("disclaimer")),
            ("disclaimer",),
            lambda: [user_paragraph(brief.disclaimer, "back", ctx)],
        )
    entry(
        escape(label("citation")),
        ("citation",),
        lambda: [user_paragraph(suggested_citation(brief, ctx.language), "back", ctx)],
    )
    if brief.contact:
        entry(
            escape(label("contact")),
            ("contact",),
            lambda: [user_paragraph(brief.contact, "back", ctx)],
        )
    logo = _logo(brief, ctx)
    if logo:
        rows.append(RailRow([], logo, ctx, commands=[("TOPPADDING", (0, 0), (-1, -1), 10)]))
    heading = Heading("", label("back_matter"), ctx, label("back_matter"))
    block = AtTheFoot([heading], rows, ctx)
    block.source = ("about",)
    return [*_notes(brief, ctx), keep_room(ctx), block]


def _notes(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The notes the text cites, in the order of their numbers: a heading and a list whose
    numbers hang before the text column, so every note's text starts on the column's edge."""
    cited = sorted(
        (n, i)
        for i, ref in enumerate(brief.references)
        if (n := ctx.numbering.citations.get(ref.id))
    )
    if not cited:
        return []
    notes = [
        tag_source([_reference(number, brief.references[index], ctx)], ("references", index))[0]
        for number, index in cited
    ]
    notes_title = ctx.language.label("notes")
    heading = Heading("", notes_title, ctx, notes_title)
    return headed(heading, [*notes, Spacer(0, 6)], ctx)


class AtTheFoot(Flowable):
    """Blocks set so that the last ends at the frame's foot: below the text on this page when
    they fit the space left; on the next page, as a back page, when they do not and little
    space is left (at most `SPLIT_ROOM` of the frame); else the entries that fit go here,
    under the text, and the rest to the foot of the next page, so no page before the last
    ends with a hole.

    Why: a back page with its blocks at the foot is how institutes end a brief (Brookings,
    Crisis Group); the text's last page ends full, or the back page reads as designed, never
    as a page the text ran out on. Like a Float (render/floats.py) it never fits, so the frame
    splits it, and it answers with a spacer and the blocks, which the document places one by
    one (so the heading is still an outline entry).
    """

    def __init__(self, lead: list[Flowable], entries: list[Flowable], ctx: RenderContext):
        super().__init__()
        self.lead, self.entries, self.ctx = lead, entries, ctx
        self._ended_page = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight + 1
        return self.width, self.height

    def draw(self) -> None:  # never drawn: the frame always splits it
        raise AssertionError("AtTheFoot is split, never drawn")

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        blocks = [*self.lead, *self.entries]
        with lent_frame(self, blocks):
            tall = [_room(f, availWidth, availHeight) for f in blocks]
        total = sum(tall) - blocks[-1].getSpaceAfter()
        if total <= availHeight - _SLACK:
            return [Spacer(availWidth, availHeight - total - _SLACK), *blocks]
        if self._ended_page:  # taller than a page: it flows from the top
            if tall[0] <= availHeight:
                return blocks
            with lent_frame(self, blocks[:1]):  # an entry taller than the page splits
                parts = blocks[0].split(availWidth, availHeight)
            return [*(parts or blocks[:1]), *blocks[1:]]
        if availHeight > self.ctx.frame_height * SPLIT_ROOM:
            # Only as many entries as bring this page's hole under SPLIT_ROOM: the rest make
            # the back page (two entries alone at a foot read as left over, not as designed).
            enough = availHeight - self.ctx.frame_height * SPLIT_ROOM
            fit, used = 0, 0.0
            for at, height in enumerate(tall):
                if used + height > availHeight - _SLACK or (used >= enough and at > 1):
                    break
                used, fit = used + height, at + 1
            here = fit - len(self.lead)
            if here >= 1:  # a heading goes with its first entry at least
                rest = AtTheFoot([], self.entries[here:], self.ctx)
                rest.source = getattr(self, "source", None)
                return [*blocks[:fit], rest]
        self._ended_page = True
        return []


#: Space left on a page above which the back matter's first entries fill it rather than move.
SPLIT_ROOM = 0.15
#: Points kept free between the back matter's foot and the frame's, for rounding.
_SLACK = 2


def _room(flowable: Flowable, width: float, height: float) -> float:
    """The height a flowable takes in a frame, with the space before and after it."""
    tall = flowable.wrap(width, height)[1]
    return flowable.getSpaceBefore() + tall + flowable.getSpaceAfter()


def _logo(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The publisher's logo at the foot of the back matter, as on page 1."""
    logo = publisher_logo(brief, ctx, ctx.body_width / 3)
    if logo is None:
        return []
    logo.hAlign = "LEFT"
    return [logo]


def _about_publisher(org, ctx: RenderContext) -> list[Flowable]:
    about = [user_paragraph(org.about, "back", ctx)]
    if org.url:
        about.append(trusted_paragraph(link(org.url, org.url, ctx), "back", ctx))
    return about


def _source(brief: Brief, ctx: RenderContext) -> Flowable:
    credit = trusted_paragraph(source_credit(brief, ctx), "back", ctx)
    return _with_qr(credit, brief.source.url, ctx) if brief.source.url else credit


#: Side of the QR code that points at the source, in points (about 2 cm: scannable in print).
QR_SIZE = 56


def _with_qr(credit: Flowable, url: str, ctx: RenderContext) -> Flowable:
    """The credit with a QR code of the source's address beside it, for readers on paper."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    # The code holds the address as the link does, in ASCII: what a phone's reader expects,
    # and at most MAX_URL_CHARACTERS, which ReportLab's code holds at level M (2,213).
    code = QrCodeWidget(ascii_uri(url), barLevel="M", barBorder=0, barFillColor=ctx.colour("text"))
    x0, y0, x1, y1 = code.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0],
        initialFontName=font_name(ctx.theme.body_font),
    )
    drawing.add(code)
    picture = Picture(drawing, ctx.language.label("qr_code", address=url), ctx)
    return Box(
        [[credit, picture]],
        ctx,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
        col_widths=[ctx.body_width - QR_SIZE - 12, QR_SIZE + 12],
        h_align="LEFT",
    )


def _author(author, ctx: RenderContext) -> Flowable:
    text = f"<b>{markup(author.name, ctx)}</b>, {markup(author.affiliation, ctx)}"
    if author.email:
        text += f" \u00b7 {link(f'mailto:{author.email}', author.email, ctx)}"
    return trusted_paragraph(text, "back", ctx)


def _reference(number: int, ref, ctx: RenderContext) -> Flowable:
    """A note: its number, hanging before the text column, links back to the first place
    that cites it."""
    back = f'<a href="#cite-{number}" color="{ctx.theme.colours.link}">{number}.</a>'
    text = f'<a name="note-{number}"/>{back} {markup(ref.text, ctx)}'
    if ref.url:
        text += f" {link(ref.url, ref.url, ctx)}"
    note = trusted_paragraph(text, "back", ctx, new_tag(ctx, "Note"))
    style = note.style
    hang = stringWidth(f"{number}. ", style.fontName, style.fontSize)
    note.style = style.clone(
        "note", leftIndent=ctx.rail, firstLineIndent=-hang, spaceAfter=style.leading * 0.3
    )
    return note
