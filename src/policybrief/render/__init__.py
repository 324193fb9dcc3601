"""Model -> flowables -> PDF bytes. Knows nothing of YAML."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus import NextPageTemplate
from reportlab.platypus.doctemplate import LayoutError

import policybrief
from policybrief.errors import SourceError
from policybrief.imagefiles import PILLOW_MODULES
from policybrief.language import has_catalogue
from policybrief.model.brief import Brief
from policybrief.model.citations import citation_numbers, iter_texts
from policybrief.model.theme import LONG_BRIEF_SECTIONS, Theme
from policybrief.options import BuildOptions
from policybrief.render.adapter import (
    end_streams_with_an_end_of_line,
    keep_narrow_no_break_spaces,
)
from policybrief.render.back import render_back
from policybrief.render.blocks import render_blocks
from policybrief.render.boxes import Heading, headed
from policybrief.render.context import Numbering, RenderContext, make_context
from policybrief.render.document import BriefDocument
from policybrief.render.fonts import register_fonts, use_language
from policybrief.render.front import render_front
from policybrief.render.hyphenation import proper_nouns
from policybrief.render.shared import plain, tag_source
from policybrief.text import to_plain


def render_pdf(
    brief: Brief,
    theme: Theme,
    options: BuildOptions = BuildOptions(),
    folder: Path = Path("."),
    *,
    tagged: bool = True,
) -> Rendered:
    """The PDF of a brief, as bytes.

    Args:
        brief: the validated brief.
        theme: the theme to set it in.
        options: paper (the brief's own when None), print marks, PDF/A; the theme is given.
        folder: where the brief's image paths start.
        tagged: write a structure tree for assistive technology (off only to measure it).

    Returns:
        The PDF's bytes, and warnings (brief path, message) worth showing the user.

    Raises:
        SourceError: a block ReportLab cannot place, named by its path in the brief.
    """
    register_fonts()
    use_language(brief.language)  # Arabic script in Nastaliq for Urdu, else Naskh
    end_streams_with_an_end_of_line()  # PDF/A-2 6.1.7.1; once per process
    keep_narrow_no_break_spaces()  # French spacing; once per process
    words = proper_nouns(text for _, text in iter_texts(brief))
    paper = options.paper or brief.paper
    labels = brief.labels.model_dump(exclude_none=True) if brief.labels else None
    ctx = make_context(theme, paper, brief.language, folder, words, labels)
    contents = _heading_keys(brief, ctx) if _wants_contents(brief, theme) else None
    buffer = io.BytesIO()
    # Pillow warns on stderr about oddities of images it still reads (they were checked at
    # load, and the user hears of what matters there, at the image's line).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=PILLOW_MODULES)
        doc = _layout(brief, ctx, contents, buffer, options, tagged)
    found = list(doc.ctx.warnings)
    if not has_catalogue(brief.language):
        found.append(
            (
                ("language",),
                f"no labels in '{brief.language}' yet: they are printed in English (give "
                "them under labels:, or add a catalogue: see docs/languages.md)",
            )
        )
    return Rendered(buffer.getvalue(), found)


@dataclass(frozen=True)
class Rendered:
    """A rendered brief: the PDF, and the warnings found while making it."""

    pdf: bytes
    warnings: list[tuple[tuple[str | int, ...], str]]


def _layout(
    brief: Brief,
    ctx: RenderContext,
    contents: list | None,
    target: io.BytesIO,
    options: BuildOptions,
    tagged: bool,
) -> BriefDocument:
    ctx = replace(ctx, numbering=Numbering(citations=citation_numbers(brief)), warnings=[])
    story = [NextPageTemplate("later"), *render_front(brief, ctx, contents)]
    for number, section in enumerate(brief.sections, start=1):
        where = ("sections", number - 1)
        # No Sect element around a section: its H2 delimits it, and each element costs bytes
        # (tagging may add at most 10 % to the file).
        heading = Heading(
            str(number), section.heading, ctx, f"{number}. {plain(section.heading, ctx)}"
        )
        body = render_blocks(section.body, ctx, (*where, "body"))
        story += headed(tag_source([heading], (*where, "heading"))[0], body, ctx)
    if brief.conclusion:
        conclusion = ctx.language.label("conclusion")
        heading = Heading("", conclusion, ctx, conclusion)
        body = render_blocks(brief.conclusion, ctx, ("conclusion",))
        story += headed(heading, body, ctx)
    story += render_back(brief, ctx)

    doc = BriefDocument(target, brief, ctx, options, tagged, **_metadata(brief, ctx))
    try:
        doc.build(story, canvasmaker=doc.canvas_maker())
    except LayoutError:
        raise SourceError(
            doc.current_source,
            "this block is taller than a page and cannot be split",
            "shorten it, or split it into several blocks",
        ) from None
    return doc


def _wants_contents(brief: Brief, theme: Theme) -> bool:
    if theme.contents == "auto":
        return len(brief.sections) >= LONG_BRIEF_SECTIONS
    return theme.contents == "always"


def _heading_keys(brief: Brief, ctx: RenderContext) -> list[tuple[str, str]]:
    """The outline title and bookmark key of every heading, in the order they are laid out."""
    label = ctx.language.label
    titles = [f"{n}. {plain(s.heading, ctx)}" for n, s in enumerate(brief.sections, start=1)]
    titles += [label("conclusion")] if brief.conclusion else []
    titles += [label("notes")] if citation_numbers(brief) else []  # render/back.py
    titles += [label("back_matter")]
    return [(title, f"section-{n}") for n, title in enumerate(titles, start=1)]


def _metadata(brief: Brief, ctx: RenderContext) -> dict:
    # The authors only: a publisher is not an author (the seed's is named "policybrief").
    author = ctx.language.join([to_plain(a.name) for a in brief.authors])
    keywords = [ctx.language.label("document_kind")]
    keywords += [
        to_plain(v) for v in (brief.series, brief.organization and brief.organization.name) if v
    ]
    if brief.source:
        keywords.append(to_plain(brief.source.publisher))
    return {
        "title": plain(brief.title, ctx),
        "author": author,
        "subject": plain(brief.subtitle or brief.title, ctx),
        "keywords": keywords,
        "creator": f"policybrief {policybrief.__version__}",
    }
