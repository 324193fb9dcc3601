"""The back matter: about the brief and its publisher, source, disclaimer, citation, notes.

Why: a reader who prints page 4 alone still knows who published it and how to cite it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from policybrief.model import Brief, suggested_citation
from policybrief.render.context import RenderContext
from policybrief.render.front import source_credit
from policybrief.render.shared import Heading, RailRow, fixed, link, para, tag_source
from policybrief.text import to_markup


def render_back(brief: Brief, ctx: RenderContext) -> list[Flowable]:
    """The back section, each entry a label in the rail and its text in the column."""
    entries: list[tuple[str, list[Flowable], tuple]] = []
    if brief.about:
        entries.append(("This brief", [para(brief.about, "back", ctx)], ("about",)))
    org = brief.organization
    if org and org.about:
        about = [para(org.about, "back", ctx)]
        if org.url:
            about.append(fixed(link(org.url, org.url, ctx), "back", ctx))
        entries.append((f"About {to_markup(org.name)}", about, ("organization", "about")))
    if brief.authors:
        entries.append(("Authors", [_author(a, ctx) for a in brief.authors], ("authors",)))
    credit = source_credit(brief, ctx)
    if credit:
        entries.append(("Source", [fixed(credit, "back", ctx)], ("source",)))
    for number, ref in enumerate(brief.references, start=1):
        entries.append(("Notes" if number == 1 else "", [_reference(number, ref, ctx)],
                        ("references", number - 1)))
    if brief.disclaimer:
        entries.append(("Disclaimer", [para(brief.disclaimer, "back", ctx)], ("disclaimer",)))
    entries.append(("Suggested citation", [para(suggested_citation(brief), "back", ctx)],
                    ("citation",)))
    if brief.contact:
        entries.append(("Contact", [para(brief.contact, "back", ctx)], ("contact",)))

    rows: list[Flowable] = [Heading("", "About this brief", ctx, "About this brief")]
    for label, body, source in entries:
        rule = [("LINEABOVE", (0, 0), (-1, 0), 0.5, ctx.colour("rule")),
                ("TOPPADDING", (0, 0), (-1, -1), 6)] if label else []
        rows += tag_source([RailRow(fixed(label, "label", ctx), body, ctx, commands=[
            *rule, ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])], source)
    # The back matter is small and reads as one block: never leave its first rows alone.
    return [KeepTogether(rows)]


def _author(author, ctx: RenderContext) -> Flowable:
    text = f"<b>{to_markup(author.name)}</b>, {to_markup(author.affiliation)}"
    if author.email:
        text += f" \u00b7 {link(f'mailto:{author.email}', author.email, ctx)}"
    return fixed(text, "back", ctx)


def _reference(number: int, ref, ctx: RenderContext) -> Flowable:
    text = f"{number}. {to_markup(ref.text, ctx.theme.colours.link)}"
    if ref.url:
        text += f" {link(ref.url, ref.url, ctx)}"
    return fixed(text, "back", ctx)
