"""The front: an optional cover; page 1's title, dek, byline, source credit, key-takeaways box
and optional contents.

Why: page 1 works as a stand-alone summary; a reader who reads nothing else gets the point.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    Flowable,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from policybrief.model.brief import Brief
from policybrief.model.imprint import masthead_label
from policybrief.render.boxes import Box, list_table, make_table
from policybrief.render.context import (
    GUTTER,
    RAIL_NUMERALS,
    RenderContext,
    cover_foot_frame,
    cover_panel_third,
    cover_text_area,
)
from policybrief.render.evidence import (
    checked_image,
    raster_image,
    svg_drawing,
    warn_below_print_dpi,
)
from policybrief.render.shared import (
    PageNumber,
    Picture,
    Tracked,
    inside,
    label_markup,
    markup,
    new_tag,
    source_credit,
    tag_paragraph,
    tag_source,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import ACCENT_RULE, HAIRLINE
from policybrief.render.tagging import TaggedParagraph
from policybrief.text import escape, quoteattr, to_plain


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
        flow += [*_title_block(brief, ctx), Spacer(0, ctx.theme.sizes.leading)]
    flow += tag_source([_takeaways(brief, ctx)], ("summary",))
    if contents:
        flow += [Spacer(0, 12), _contents(contents, ctx)]
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
    """The cover page: the date at the head of the panel; title, dek, byline and credit in
    the panel's lower third; the publisher's logo, name and series at the foot, under it."""
    date = escape(ctx.language.date(brief.date).upper())
    space, scale = _fit_cover(brief, ctx)
    flow: list[Flowable] = [
        _restyled(date, "cover_label", ctx, paragraph=Tracked),
        Spacer(0, space),
        *_on_panel(brief, ctx, scale),
        FrameBreak(),
        *_cover_foot(brief, ctx),
    ]
    return [*flow, NextPageTemplate("first"), PageBreak(), NextPageTemplate("later")]


def _on_panel(brief: Brief, ctx: RenderContext, scale: float) -> list[Flowable]:
    """Title and dek at `scale`, byline and credit, in the colour set on the panel."""
    title = _restyled(markup(brief.title, ctx), "cover_title", ctx, scale)
    flow: list[Flowable] = tag_source([title], ("title",))
    if brief.subtitle:
        flow.append(_restyled(markup(brief.subtitle, ctx), "cover_subtitle", ctx, scale))
    on_accent = ctx.theme.colours.accent_text
    byline = _byline(brief, ctx, on_accent)
    if byline:
        flow += [Spacer(0, ctx.theme.sizes.leading / 2), *byline]
    credit = source_credit(brief, ctx)
    if credit:  # its links in the panel's text colour, underlined: not the link colour
        credit = credit.replace(quoteattr(ctx.theme.colours.link), quoteattr(on_accent))
        flow.append(_restyled(credit, "credit", ctx, textColor=ctx.colour("accent_text")))
    return flow


def _cover_foot(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The publisher's logo and name and the series, set down to the foot of the cover."""
    flow: list[Flowable] = [*_logo(brief, ctx)]
    if brief.organization:
        flow.append(
            trusted_paragraph(f"<b>{markup(brief.organization.name, ctx)}</b>", "byline", ctx)
        )
    label = masthead_label(brief, ctx.language)
    if label:
        series = escape(label)
        accent = ctx.colour("accent")
        flow.append(_restyled(series, "cover_label", ctx, paragraph=Tracked, textColor=accent))
    if not flow:
        return []
    _, _, width, height = cover_foot_frame(ctx)
    used = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in flow)
    return [Spacer(0, max(0.0, height - used - 2)), *flow]


#: Cover type is made smaller, step by step, until title and dek sit in the panel's lower
#: third (or, for a very long title, at least fit the panel).
_COVER_SCALES = (1.0, 0.85, 0.72, 0.6, 0.5)


def _fit_cover(brief: Brief, ctx: RenderContext) -> tuple[float, float]:
    """The space above the title, which sets what is on the panel down to its foot, and the
    type scale that keeps the title in the panel's lower third."""
    width, height = cover_text_area(ctx)
    room = height - ctx.style("cover_label").leading - 8  # a little slack: ReportLab rounds
    fits: list[tuple[float, float]] = []
    anchored = set(ctx.numbering.anchored)  # measuring places no note's first marker
    for scale in _COVER_SCALES:
        flow = _on_panel(brief, ctx, scale)
        ctx.numbering.anchored.intersection_update(anchored)
        used = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in flow)
        if used <= room:
            fits.append((used, scale))
        ascent = ctx.style("cover_title").fontSize * scale * 0.75
        if used - ascent <= cover_panel_third(ctx):  # the title's first baseline in it
            break
    used, scale = fits[-1] if fits else (room, _COVER_SCALES[-1])
    return max(0.0, room - used), scale


def _restyled(
    text: str,
    style_name: str,
    ctx: RenderContext,
    scale: float = 1.0,
    paragraph: type[TaggedParagraph] = TaggedParagraph,
    **changes: Any,
) -> TaggedParagraph:
    """A paragraph of markup (user text already through `markup`) in a style of the theme
    scaled by `scale` and with `changes` (a colour for the panel), tagged as its style is.

    Why a new paragraph and not a new style on one: a paragraph takes its fonts, sizes and
    colours from its style when it is made."""
    style = ctx.style(style_name)
    if scale != 1.0:
        changes.update(
            fontSize=style.fontSize * scale,
            leading=style.leading * scale,
            spaceAfter=style.spaceAfter * scale,
        )
    if changes:
        style = style.clone(f"{style_name}-cover-{scale}", **changes)
    return tag_paragraph(paragraph(text, style), style_name, ctx, None)


def _contents(entries: list[tuple[str, str]], ctx: RenderContext) -> Table:
    """A table of contents: each heading a live link, its page number beside it in the rail,
    flush right on the numerals' edge (the designer's mark-up: numbers far from their titles,
    across the frame, read badly; and the rail keeps its two edges).

    The page numbers are not known until the pages are laid out, so each is a form drawn
    here by name and defined when the document is saved: one layout pass, not two.
    """
    rows = []
    with inside(ctx, "TOC"):
        rows.append(
            [
                trusted_paragraph(
                    escape(ctx.language.label("contents")),
                    "box_heading",
                    ctx,
                    new_tag(ctx, "Caption"),
                ),
                [],
            ]
        )
        for title, key in entries:
            entry = new_tag(ctx, "TOCI")
            ctx.link_descriptions[key] = ctx.language.label("go_to", target=title)
            rows.append(
                [
                    PageNumber(key, ctx, entry),
                    trusted_paragraph(
                        f'<a href="#{key}">{escape(title)}</a>', "contents", ctx, entry
                    ),
                ]
            )
    quarter = ctx.theme.sizes.leading / 4
    # a plain table, which splits between its rows: a long brief's contents start under the
    # takeaways and go on overleaf, instead of leaving a third of page 1 empty
    return make_table(
        rows,
        ctx,
        [
            ("LINEABOVE", (0, 0), (-1, 0), ACCENT_RULE, ctx.colour("accent")),
            ("LINEBELOW", (1, 1), (1, -2), HAIRLINE, ctx.colour("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 1), (0, -1), RAIL_NUMERALS),
            ("TOPPADDING", (0, 0), (-1, -1), 0.75 * quarter),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.75 * quarter),
            ("TOPPADDING", (0, 0), (-1, 0), 3 * quarter),
            ("SPAN", (0, 0), (-1, 0)),
        ],
        [ctx.rail, ctx.body_width],
    )


#: Height of the publisher's logo on page 1 and on the cover, in points.
LOGO_HEIGHT = 28


def _logo(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The publisher's logo, at a fixed height, as a tagged figure."""
    logo = publisher_logo(brief, ctx, ctx.frame_width / 3)
    return [logo, Spacer(0, 6)] if logo else []


def publisher_logo(brief: Brief, ctx: RenderContext, widest: float) -> Picture | None:
    """The publisher's logo LOGO_HEIGHT tall (at most `widest` wide) as a tagged figure, or
    None when the brief names none; a raster too coarse to print well is a warning."""
    organization = brief.organization
    if not organization or not organization.logo:
        return None
    where = ("organization", "logo")
    checked = checked_image(organization, organization.logo, where)
    if checked.kind == "SVG":
        picture = svg_drawing(checked, organization.logo, widest, LOGO_HEIGHT, ctx, where)
    else:
        width, height = checked.size
        scale = min(LOGO_HEIGHT / height, widest / width)
        picture = raster_image(checked, width * scale, height * scale)
        warn_below_print_dpi(organization.logo, width, width * scale, where, ctx)
    return Picture(
        picture, ctx.language.label("logo", organization=to_plain(organization.name)), ctx
    )


def _byline(brief: Brief, ctx: RenderContext, colour: str | None = None) -> list[Flowable]:
    """ "By Name, Affiliation": names in bold, each affiliation smaller and muted after the
    authors it belongs to (`colour` on the cover's panel); none without authors: never the
    publisher, never the tool."""
    if not brief.authors:
        return []
    groups: list[tuple[list[str], str]] = []  # authors in a row who share an affiliation
    for author in brief.authors:
        if groups and to_plain(groups[-1][1]) == to_plain(author.affiliation):
            groups[-1][0].append(author.name)
        else:
            groups.append(([author.name], author.affiliation))
    muted = colour or ctx.theme.colours.muted
    small = quoteattr(str(ctx.theme.sizes.small))
    parts = [
        _joined([f"<b>{markup(name, ctx)}</b>" for name in names], ctx)
        + f", <font size={small} color={quoteattr(muted)}>{markup(affiliation, ctx)}</font>"
        for names, affiliation in groups
    ]
    # each group is "names, affiliation": groups are set apart by semicolons, in any language
    text = "; ".join(parts)
    byline = label_markup(ctx, "byline", names=text)
    if colour:
        return [_restyled(byline, "byline", ctx, textColor=ctx.colour("accent_text"))]
    return [trusted_paragraph(byline, "byline", ctx)]


def _joined(names: list[str], ctx: RenderContext) -> str:
    """ "A", "A and B", "A, B and C", in the brief's language."""
    return ctx.language.join(names)


def _takeaways(brief: Brief, ctx: RenderContext) -> Box:
    """The key takeaways: under an accent rule across the frame, the label flush left in the
    rail like every rail label, the items in the text column with their bullets hung, so
    the text keeps the body's left edge and measure."""
    label = trusted_paragraph(escape(ctx.language.label("summary")), "box_heading", ctx)
    items = list_table(
        brief.summary,
        ctx,
        numbered=False,
        indent=GUTTER,
        width=ctx.body_width + GUTTER,
        style="box_text",
    )
    quarter = ctx.theme.sizes.leading / 4
    return Box(
        [[label, items]],
        ctx,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), ACCENT_RULE, ctx.colour("accent")),
            ("LINEBELOW", (0, 0), (-1, 0), HAIRLINE, ctx.colour("rule")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3 * quarter),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * quarter),
        ],
        col_widths=[ctx.rail - GUTTER, ctx.body_width + GUTTER],
    )
