"""Flowables and helpers shared by the render modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Paragraph,
)

from policybrief.model.brief import Brief
from policybrief.render.context import CAPS_TRACKING, RenderContext
from policybrief.render.styles import type_scale
from policybrief.render.tagging import LAYOUT_ARTIFACT, Tag, TaggedParagraph, structure_of
from policybrief.text import Typesetting, escape, link_open, to_markup, to_plain

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


def user_paragraph(
    text: str, style_name: str, ctx: RenderContext, tag: Tag | str | None = None
) -> Paragraph:
    """A paragraph of user text: inline Markdown, every user character escaped.

    This is the trust boundary: a brief's text reaches the page only through here (or through
    `markup`, for pieces of our own markup).

    Args:
        tag: its structure tag; a new tag of the style's role when None; ARTIFACT for
            decoration.
    """
    style = ctx.style(style_name)
    if style.hyphenationLang and any(len(word) > LONG_WORD for word in text.split()):
        # ReportLab's hyphenation splits a URL once, at a slash, and then never breaks the
        # rest; without it, a long word breaks anywhere and stays inside the column.
        style = style.clone(f"{style_name}-unhyphenated", hyphenationLang="")
    return tag_paragraph(TaggedParagraph(markup(text, ctx), style), style_name, ctx, tag)


def trusted_paragraph(
    markup: str, style_name: str, ctx: RenderContext, tag: Tag | str | None = None
) -> Paragraph:
    """A paragraph of our own markup (labels, numbers, and user text already passed through
    `markup`); never raw user text. `tag` as in `user_paragraph`."""
    return tag_paragraph(TaggedParagraph(markup, ctx.style(style_name)), style_name, ctx, tag)


def tag_paragraph(
    paragraph: TaggedParagraph, style_name: str, ctx: RenderContext, tag: Tag | str | None
) -> TaggedParagraph:
    """Give a paragraph its structure tag (a new one of its style's role by default)."""
    if tag != ARTIFACT:
        paragraph.tag = tag or new_tag(ctx, ROLES.get(style_name, "P"))
    return paragraph


def label_markup(ctx: RenderContext, name: str, **fields: str) -> str:
    """A label of the brief's language as markup: its words escaped (a brief's own labels
    are user text), its `{fields}` filled with markup of ours."""
    slots = {key: f"\x00{at}\x00" for at, key in enumerate(fields)}
    text = escape(ctx.language.label(name, **slots))
    for at, value in enumerate(fields.values()):
        text = text.replace(f"\x00{at}\x00", value)
    return text


def markup(text: str, ctx: RenderContext) -> str:
    """ReportLab markup for a piece of user text: links coloured, citations numbered."""
    return to_markup(
        text,
        ctx.theme.colours.link,
        lambda ref_id: cite_marker(ref_id, ctx),
        typesetting(ctx),
    )


def plain(text: str, ctx: RenderContext) -> str:
    """What a reader sees of user text, without markup, in the brief's typography: for
    outlines, running heads, metadata and charts."""
    return to_plain(text, typesetting(ctx))


def typesetting(ctx: RenderContext) -> Typesetting:
    """How the inline parser sets the brief's language: its quotation marks, French spaces."""
    language = ctx.language
    return Typesetting(language.quotes, language.french_spaces)


def cite_marker(ref_id: str, ctx: RenderContext) -> str:
    """A superscript note number linking to its note; the first marker of each note is also
    the anchor the note links back to."""
    numbering = ctx.numbering
    number = numbering.citations[ref_id]
    anchor = "" if number in numbering.anchored else f'<a name="cite-{number}"/>'
    numbering.anchored.add(number)
    colour = ctx.theme.colours.link
    size, _ = type_scale(ctx.theme)["note"]
    # raised a third of the body size: the marker's top meets the capitals' height
    rise = round(ctx.theme.sizes.body / 3, 1)
    return (
        f'{anchor}<super size="{size}" rise="{rise}">'
        f'<a href="#note-{number}" color="{colour}">{number}</a></super>'
    )


def new_tag(ctx: RenderContext, role: str, **details: Any) -> Tag:
    """A structure tag inside the container the story is in (see `inside`)."""
    return Tag(role, ctx.containers[-1] if ctx.containers else None, **details)


@contextmanager
def inside(ctx: RenderContext, role: str, **details: Any) -> Iterator[Tag]:
    """A container tag (a list, a quote, a table) for the flowables made inside the block."""
    tag = new_tag(ctx, role, **details)
    ctx.containers.append(tag)
    try:
        yield tag
    finally:
        ctx.containers.pop()


def link(address: str, label: str, ctx: RenderContext) -> str:
    """Markup for a live link: the address as an attribute, the label as escaped text.

    Addresses (URLs, emails) are not inline Markdown: they are never rewritten.
    """
    return f"{link_open(address, ctx.theme.colours.link)}{escape(label)}</a>"


class Tracked(TaggedParagraph):
    """A paragraph of capitals, letterspaced CAPS_TRACKING of its size (the PDF's Tc, which
    spaces the glyphs without adding characters: it extracts as written)."""

    def _space(self) -> float:
        return CAPS_TRACKING * self.style.fontSize

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        room = availWidth - self._space() * len(self.getPlainText())
        return super().wrap(max(room, availWidth / 2), availHeight)

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.addLiteral(f"{self._space():.3f} Tc")
        super().draw()
        self.canv.restoreState()


class Picture(Flowable):
    """An image or a drawing, tagged as a Figure with its alt text and its box on the page.

    Why: ReportLab's Drawing refuses attributes it does not know, so the alt text, which the
    tagged PDF needs, travels on this wrapper.
    """

    def __init__(self, content: Flowable, alt: str, ctx: RenderContext):
        super().__init__()
        self.content, self.alt = content, alt
        self.hAlign = "LEFT"
        self.tag = new_tag(ctx, "Figure", alt=alt)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        tree = structure_of(self.canv)
        if tree is None:
            self.content.drawOn(self.canv, 0, 0)
            return
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        tree.begin(self.canv, self.tag, bbox=(x0, y0, x1, y1))
        self.content.drawOn(self.canv, 0, 0)
        tree.end(self.canv)


class PageNumber(Flowable):
    """The page a bookmark lands on, drawn as a form the document defines when it is saved.

    Why: a table of contents precedes the pages it counts; referring to a form that is
    filled in at the end keeps the build to one layout pass.
    """

    def __init__(self, key: str, ctx: RenderContext, tag: Tag):
        super().__init__()
        self.key, self.tag = key, tag
        style = ctx.style("contents_page")
        self.width, self.height = 40, style.leading
        self.font, self.size, self.colour = style.fontName, style.fontSize, style.textColor

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        tree = structure_of(self.canv)
        if tree is not None:
            tree.begin(self.canv, self.tag)
        self.canv.saveState()
        self.canv.translate(self.width, self.height - self.size)
        self.canv.doForm(page_form_name(self.key))
        self.canv.restoreState()
        if tree is not None:
            tree.end(self.canv)


def page_form_name(key: str) -> str:
    """The name of the form that shows the page of bookmark `key`."""
    return f"page-of-{key}"


class Rule(HRFlowable):
    """A horizontal rule, drawn as a layout artifact: it decorates, it says nothing."""

    def draw(self) -> None:
        self.canv.addLiteral(LAYOUT_ARTIFACT)
        super().draw()
        self.canv.addLiteral("EMC")


def tag_source(flowables: list[Flowable], source: tuple[str | int, ...]) -> list[Flowable]:
    """Mark flowables with the path of the brief value they show, for layout errors.

    A flowable that shows one item of a block (a card, a finding) carries `source_item`,
    the item's path inside the block, set by its render function.
    """
    for flowable in flowables:
        if getattr(flowable, "source", None) is None:
            flowable.source = (*source, *getattr(flowable, "source_item", ()))
    return flowables


def source_credit(brief: Brief, ctx: RenderContext) -> str:
    """The credit line for the source work, as markup, or '' when the brief has no source."""
    src = brief.source
    if not src:
        return ""
    quotes = ctx.language.quotes
    credit = label_markup(
        ctx,
        "distilled_from",
        title=f"{escape(quotes[0])}{markup(src.title, ctx)}{escape(quotes[1])}",
        publisher=markup(src.publisher, ctx),
        year=markup(src.year, ctx),
    )
    return f"{credit} {link(src.url, src.url, ctx)}" if src.url else credit
