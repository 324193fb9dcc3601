"""The front: an optional cover; page 1's title, dek, byline, source credit, key-takeaways box
and optional contents.

Why: page 1 works as a stand-alone summary; a reader who reads nothing else gets the point.
"""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from policybrief.model.brief import Brief
from policybrief.model.imprint import format_date, masthead_label
from policybrief.render.boxes import Box, list_table
from policybrief.render.context import RenderContext, cover_text_area
from policybrief.render.evidence import (
    checked_image,
    raster_image,
    svg_drawing,
    warn_below_print_dpi,
)
from policybrief.render.shared import (
    PageNumber,
    Picture,
    Rule,
    inside,
    markup,
    new_tag,
    source_credit,
    tag_source,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.text import escape, to_markup, to_plain


def render_front(
    brief: Brief, ctx: RenderContext, contents: list[tuple[str, str, str]] | None = None
) -> list[Flowable]:
    """The cover (when the theme has one), the title block and the key-takeaways box.

    Args:
        contents: (title, bookmark key) of each heading for a table of contents after
            the takeaways, or None for none.
    """
    flow: list[Flowable] = []
    if ctx.theme.cover:
        flow += _cover(brief, ctx)
    else:
        flow += _title_block(brief, ctx)
        flow += [
            Spacer(0, 10),
            Rule(width="100%", thickness=0.6, color=ctx.colour("rule"), spaceAfter=14),
        ]
    flow += tag_source([_takeaways(brief, ctx)], ("summary",))
    if contents:
        flow += [Spacer(0, 12), _contents(contents, ctx)]
    flow.append(Spacer(0, ctx.theme.sizes.leading))
    return flow


def _title_block(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    flow: list[Flowable] = tag_source([user_paragraph(brief.title, "title", ctx)], ("title",))
    if brief.subtitle:
        flow.append(user_paragraph(brief.subtitle, "subtitle", ctx))
    flow += [*_logo(brief, ctx), *_byline(brief, ctx)]
    credit = source_credit(brief, ctx)
    if credit:
        flow.append(trusted_paragraph(credit, "credit", ctx))
    return flow


def _cover(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The cover page: masthead, title and dek on the panel; byline and credit below it."""
    label = " \u00b7 ".join(
        p for p in (masthead_label(brief), format_date(brief.date).upper()) if p
    )
    space, scale = _fit_cover(brief, ctx)
    title = user_paragraph(brief.title, "cover_title", ctx)
    title.style = _scaled(title.style, scale)
    flow: list[Flowable] = [
        trusted_paragraph(escape(label), "cover_label", ctx),
        Spacer(0, space),
        *tag_source([title], ("title",)),
    ]
    if brief.subtitle:
        subtitle = user_paragraph(brief.subtitle, "cover_subtitle", ctx)
        subtitle.style = _scaled(subtitle.style, scale)
        flow.append(subtitle)
    flow += [FrameBreak(), *_logo(brief, ctx), *_byline(brief, ctx)]
    credit = source_credit(brief, ctx)
    if credit:
        flow.append(trusted_paragraph(credit, "credit", ctx))
    return [*flow, NextPageTemplate("first"), PageBreak(), NextPageTemplate("later")]


#: Cover type is made smaller, step by step, until title and dek fit the panel.
_COVER_SCALES = (1.0, 0.85, 0.72, 0.6, 0.5)


def _fit_cover(brief: Brief, ctx: RenderContext) -> tuple[float, float]:
    """The space above the title and the type scale that keep title and dek on the panel."""
    width, height = cover_text_area(ctx)
    label = ctx.style("cover_label").leading
    for scale in _COVER_SCALES:
        used = label
        for text, name in ((brief.title, "cover_title"), (brief.subtitle, "cover_subtitle")):
            if text:
                style = _scaled(ctx.style(name), scale)
                used += Paragraph(to_markup(text), style).wrap(width, height)[1]
                used += style.spaceAfter + style.spaceBefore
        if used + 8 <= height:  # a little slack: ReportLab rounds line heights up
            break
    return max(0.0, min(ctx.page_height * 0.16, height - used - 8)), scale


def _scaled(style, scale: float):
    if scale == 1.0:
        return style
    return style.clone(
        f"{style.name}-{scale}",
        fontSize=style.fontSize * scale,
        leading=style.leading * scale,
        spaceAfter=style.spaceAfter * scale,
    )


def _contents(entries: list[tuple[str, str]], ctx: RenderContext) -> Box:
    """A table of contents: each heading a live link, and its page number.

    The page numbers are not known until the pages are laid out, so each is a form drawn
    here by name and defined when the document is saved: one layout pass, not two.
    """
    rows = []
    with inside(ctx, "TOC"):
        rows.append(
            [trusted_paragraph("Contents", "box_heading", ctx, new_tag(ctx, "Caption")), []]
        )
        for title, key in entries:
            entry = new_tag(ctx, "TOCI")
            ctx.link_descriptions[key] = f"Go to {title}"
            rows.append(
                [
                    trusted_paragraph(
                        f'<a href="#{key}">{escape(title)}</a>', "contents", ctx, entry
                    ),
                    PageNumber(key, ctx, entry),
                ]
            )
    return Box(
        rows,
        ctx,
        [
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("accent")),
            ("LINEBELOW", (0, 1), (-1, -2), 0.4, ctx.colour("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("SPAN", (0, 0), (-1, 0)),
        ],
        col_widths=[ctx.frame_width - 48, 48],
    )


#: Height of the publisher's logo on page 1 and on the cover, in points.
LOGO_HEIGHT = 28


def _logo(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The publisher's logo, at a fixed height, as a tagged figure."""
    organization = brief.organization
    if not organization or not organization.logo:
        return []
    where = ("organization", "logo")
    checked = checked_image(organization, organization.logo, where)
    widest = ctx.frame_width / 3
    if checked.kind == "SVG":
        picture = svg_drawing(checked, organization.logo, widest, LOGO_HEIGHT, ctx, where)
    else:
        width, height = checked.size
        scale = min(LOGO_HEIGHT / height, widest / width)
        picture = raster_image(checked, width * scale, height * scale)
        warn_below_print_dpi(organization.logo, width, width * scale, where, ctx)
    return [Picture(picture, f"{to_plain(organization.name)} logo", ctx), Spacer(0, 6)]


def _byline(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    if brief.authors:
        names = ", ".join(
            f"<b>{markup(a.name, ctx)}</b> <font color='{ctx.theme.colours.muted}'>"
            f"({markup(a.affiliation, ctx)})</font>"
            for a in brief.authors
        )
        return [trusted_paragraph(names, "byline", ctx)]
    if brief.organization:
        return [trusted_paragraph(f"<b>{markup(brief.organization.name, ctx)}</b>", "byline", ctx)]
    return []


def _takeaways(brief: Brief, ctx: RenderContext) -> Box:
    """The key-takeaways box: tinted across the frame, its label in the rail and its items in
    the text column, so they keep the body's measure."""
    label = trusted_paragraph("Key takeaways", "box_heading", ctx)
    items = list_table(
        brief.summary,
        ctx,
        numbered=False,
        indent=0,
        width=ctx.frame_width - ctx.rail - 16,
        style="box_text",
        bullet="\u25a0",
    )
    return Box(
        [[label, items]],
        ctx,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), ctx.colour("tint")),
            ("LINEABOVE", (0, 0), (-1, 0), 3, ctx.colour("accent")),
            ("LEFTPADDING", (0, 0), (0, 0), 16),
            ("LEFTPADDING", (1, 0), (1, 0), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 16),
            ("TOPPADDING", (0, 0), (-1, -1), 14),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ],
        col_widths=[ctx.rail, ctx.frame_width - ctx.rail],
    )
