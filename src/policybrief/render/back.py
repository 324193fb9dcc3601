"""The back matter: about the brief and its publisher, source, disclaimer, citation, notes.

Why: a reader who prints page 4 alone still knows who published it and how to cite it.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from policybrief.model.brief import Brief
from policybrief.model.imprint import suggested_citation
from policybrief.render.boxes import Box, Heading, RailRow, headed
from policybrief.render.context import RenderContext
from policybrief.render.fonts import font_name
from policybrief.render.shared import (
    Picture,
    link,
    markup,
    new_tag,
    source_credit,
    tag_source,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.text import ascii_uri


def render_back(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The back section, each entry a label in the rail and its text in the column."""
    rows: list[Flowable] = []

    def entry(label: str, source: tuple, body: Callable[[], list[Flowable]]) -> None:
        title = (
            trusted_paragraph(label, "label", ctx) if label else []
        )  # H3 before its text, as on paper
        content = body()
        rule = (
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, ctx.colour("rule")),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
            if label
            else []
        )
        rows.extend(
            tag_source(
                [
                    RailRow(
                        title,
                        content,
                        ctx,
                        commands=[*rule, ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
                    )
                ],
                source,
            )
        )

    heading = Heading("", "About this brief", ctx, "About this brief")
    if brief.about:
        entry("This brief", ("about",), lambda: [user_paragraph(brief.about, "back", ctx)])
    org = brief.organization
    if org and org.about:
        entry(
            f"About {markup(org.name, ctx)}",
            ("organization", "about"),
            lambda: _about_publisher(org, ctx),
        )
    if brief.authors:
        entry("Authors", ("authors",), lambda: [_author(a, ctx) for a in brief.authors])
    if brief.source:
        entry("Source", ("source",), lambda: [_source(brief, ctx)])
    cited = sorted(
        (n, i)
        for i, ref in enumerate(brief.references)
        if (n := ctx.numbering.citations.get(ref.id))
    )
    for first, (number, index) in enumerate(cited):
        entry(
            "Notes" if first == 0 else "",
            ("references", index),
            lambda n=number, i=index: [_reference(n, brief.references[i], ctx)],
        )
    if brief.disclaimer:
        entry(
            "Disclaimer", ("disclaimer",), lambda: [user_paragraph(brief.disclaimer, "back", ctx)]
        )
    entry(
        "Suggested citation",
        ("citation",),
        lambda: [user_paragraph(suggested_citation(brief), "back", ctx)],
    )
    if brief.contact:
        entry("Contact", ("contact",), lambda: [user_paragraph(brief.contact, "back", ctx)])
    return headed(heading, rows, ctx)


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
    picture = Picture(drawing, f"QR code of the source's address, {url}", ctx)
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
    """A note: its number links back to the first place that cites it."""
    back = f'<a href="#cite-{number}" color="{ctx.theme.colours.link}">{number}.</a>'
    text = f'<a name="note-{number}"/>{back} {markup(ref.text, ctx)}'
    if ref.url:
        text += f" {link(ref.url, ref.url, ctx)}"
    return trusted_paragraph(text, "back", ctx, new_tag(ctx, "Note"))
