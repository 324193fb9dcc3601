"""Page 1 below the masthead: title, dek, byline, source credit and the key-takeaways box.

Why: page 1 works as a stand-alone summary; a reader who reads nothing else gets the point.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, ListFlowable, ListItem, Spacer

from policybrief.fonts import font_name
from policybrief.model import Brief
from policybrief.render.context import RenderContext
from policybrief.render.shared import Box, fixed, link, para, tag_source
from policybrief.text import to_markup


def render_front(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The flowables of the title block and the key-takeaways box."""
    flow: list[Flowable] = tag_source([para(brief.title, "title", ctx)], ("title",))
    if brief.subtitle:
        flow.append(para(brief.subtitle, "subtitle", ctx))
    flow += _byline(brief, ctx)
    credit = source_credit(brief, ctx)
    if credit:
        flow.append(fixed(credit, "credit", ctx))
    flow += [Spacer(0, 10), HRFlowable(width="100%", thickness=0.6, color=ctx.colour("rule"),
                                       spaceBefore=0, spaceAfter=14)]
    flow += tag_source([_takeaways(brief, ctx)], ("summary",))
    flow.append(Spacer(0, ctx.theme.sizes.leading))
    return flow


def _byline(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    if brief.authors:
        names = ", ".join(f"<b>{to_markup(a.name)}</b> <font color='{ctx.theme.colours.muted}'>"
                          f"({to_markup(a.affiliation)})</font>" for a in brief.authors)
        return [fixed(names, "byline", ctx)]
    if brief.organization:
        return [fixed(f"<b>{to_markup(brief.organization.name)}</b>", "byline", ctx)]
    return []


def source_credit(brief: Brief, ctx: RenderContext) -> str:
    """The credit line for the source work, as markup, or '' when the brief has no source."""
    src = brief.source
    if not src:
        return ""
    credit = (f"Distilled from \u201c{to_markup(src.title)}\u201d, {to_markup(src.publisher)}, "
              f"{to_markup(src.year)}.")
    return f"{credit} {link(src.url, src.url, ctx)}" if src.url else credit


def _takeaways(brief: Brief, ctx: RenderContext) -> Box:
    items = ListFlowable(
        [ListItem(para(item, "box_text", ctx)) for item in brief.summary],
        bulletType="bullet", start="\u25a0", leftIndent=14, bulletDedent=14,
        bulletFontName=font_name(ctx.theme.heading_font), bulletFontSize=ctx.theme.sizes.small,
        bulletColor=ctx.colour("accent"), bulletOffsetY=-1)
    return Box([[fixed("Key takeaways", "box_heading", ctx)], [items]], ctx, [
                    ("BACKGROUND", (0, 0), (-1, -1), ctx.colour("tint")),
                    ("LINEABOVE", (0, 0), (-1, 0), 3, ctx.colour("accent")),
                    ("LEFTPADDING", (0, 0), (-1, -1), 16),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 16),
                    ("TOPPADDING", (0, 0), (-1, 0), 12),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 10)], col_widths=[ctx.frame_width])
