"""The document template: page templates, page furniture, outline and fixed dates.

Why: ReportLab's hooks do the work (`PageTemplate.onPage` for furniture, `afterFlowable` for
bookmarks) and `build()` is never overridden. The canvas keeps each page until `save()` and
draws the foot (the folio) and the crop marks then, when the page count is known too; the
contents' page numbers are forms defined at the end: one layout pass instead of two.

The furniture is a designer's: capitals letterspaced (CAPS_TRACKING), the running head's
title cut at a word (or the brief's `short_title`), and a foot that is the folio alone.
"""

from __future__ import annotations

import datetime
import os
from functools import partial
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from policybrief.errors import BriefError
from policybrief.model.brief import Brief
from policybrief.model.imprint import masthead_label
from policybrief.options import BuildOptions
from policybrief.render.adapter import (
    CropMarkSlug,
    DocTemplate,
    HoldingCanvas,
    day_seconds,
    frame_cursor,
    timestamp_at,
    write_keys,
)
from policybrief.render.boxes import Heading
from policybrief.render.context import (
    CAPS_TRACKING,
    EDGE,
    RenderContext,
    cover_foot_frame,
    cover_text_frame,
)
from policybrief.render.fonts import font_name
from policybrief.render.pdfa import PDF_VERSION, add_metadata
from policybrief.render.shared import page_form_name, plain
from policybrief.render.styles import ACCENT_RULE
from policybrief.render.tagging import PAGINATION_ARTIFACT, StructureTree

MASTHEAD_HEIGHT = 24
#: 9999-12-31 23:59:59 UTC: a PDF date has four digits for the year.
LATEST_EPOCH = 253_402_300_799


def fixed_timestamp(day: datetime.date) -> TimeStamp:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the brief's date at 00:00 UTC.

    Raises:
        BriefError: SOURCE_DATE_EPOCH is set but is not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return timestamp_at(day_seconds(day.year, day.month, day.day))
    shown = epoch if len(epoch) <= 40 else epoch[:40] + "…"
    if not (epoch.isascii() and epoch.isdigit()):
        raise BriefError.single(
            "SOURCE_DATE_EPOCH",
            f"'{shown}' is not a number of seconds",
            "unset it, or give seconds since 1970 such as 1630454400",
        )
    if len(epoch) > 12 or int(epoch) > LATEST_EPOCH:
        raise BriefError.single(
            "SOURCE_DATE_EPOCH",
            f"'{shown}' is after the year 9999, the last a PDF date can hold",
            f"give at most {LATEST_EPOCH}",
        )
    return timestamp_at(int(epoch))


class BriefCanvas(HoldingCanvas):
    """The canvas of a brief: footers drawn knowing the page count, the structure tree
    filled as tagged content is drawn, and PDF/A parts added before the file is written."""

    def __init__(
        self,
        *args: Any,
        draw_footer: Any,
        finish: Any,
        timestamp: TimeStamp,
        tree: StructureTree | None = None,
        pdfa: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, timestamp=timestamp, **kwargs)
        self._draw_footer, self._finish = draw_footer, finish
        #: The structure tree tagged content is recorded in as it is drawn (see tagging.py).
        self.structure, self._pdfa = tree, pdfa

    def on_annotation(self, annotation: Any, reference: Any) -> None:
        if self.structure is not None:
            self.structure.link_added(self.getPageNumber(), annotation, reference)

    def finish_page(self, number: int, total: int) -> None:
        self._draw_footer(self, number, total)

    def prepare_page(self, page: Any, index: int) -> None:
        """A tagged page's key in the ParentTree, and tab order by structure."""
        if self.structure is not None:
            write_keys(page, StructParents=index, Tabs=PDFName("S"))

    def before_save(self, total: int) -> None:
        self._finish(self)
        if self.structure is not None:
            self.structure.write(self.pdf_document, total)
        if self._pdfa or self.structure is not None:
            add_metadata(self.pdf_document, pdfa=self._pdfa, tagged=self.structure is not None)


class BriefDocument(DocTemplate):
    """Page templates: an optional cover, the first page with its masthead, later pages with
    a running head.

    Args:
        target: a file name or a binary stream.
        brief: the brief, for the furniture's texts.
        ctx: geometry and styles.
        options: print marks (crop marks around the trimmed page, with TrimBox and a 3 mm
            BleedBox) and PDF/A (PDF/A-2b metadata and output intent, as PDF 1.7).
        tagged: write the structure tree (off only to measure what tagging costs).
        metadata: title, author, subject, keywords, creator.
    """

    def __init__(
        self,
        target: Any,
        brief: Brief,
        ctx: RenderContext,
        options: BuildOptions = BuildOptions(),
        tagged: bool = True,
        **metadata: Any,
    ):
        self.brief, self.ctx = brief, ctx
        self.print_marks, self.pdfa = options.print_marks, options.pdfa
        self.tagged = tagged
        m = ctx.theme.margins
        super().__init__(
            target,
            pagesize=(ctx.page_width, ctx.page_height),
            leftMargin=m.inner,
            rightMargin=m.outer,
            topMargin=m.top,
            bottomMargin=m.bottom,
            invariant=1,
            initialFontName=font_name(ctx.theme.body_font),
            displayDocTitle=1,
            lang=brief.language,
            **_print_boxes(ctx, options.print_marks),
            **metadata,
        )
        first_top = ctx.page_height - EDGE - MASTHEAD_HEIGHT - 22
        first = _frame("first", m.inner, m.bottom, self.width, first_top - m.bottom)
        later = _frame("later", m.inner, m.bottom, self.width, self.height)
        panel = _frame("panel", *cover_text_frame(ctx))
        below = _frame("below", *cover_foot_frame(ctx))
        self.addPageTemplates(
            [
                PageTemplate("cover", [panel, below], onPage=self._draw_cover),
                PageTemplate("first", [first], onPage=self._draw_masthead),
                PageTemplate("later", [later], onPage=self._draw_running_head),
            ]
        )
        if not ctx.theme.cover:
            self.pageTemplates.append(self.pageTemplates.pop(0))  # start on "first"
        self._outline_count = 0
        #: (bookmark key, page number) of every heading laid out, for the contents.
        self.headings: list[tuple[str, int]] = []
        #: The brief path of the last tagged flowable laid out, to locate a LayoutError.
        self.current_source: tuple[str | int, ...] = ()

    def flowable_starting(self, flowable: Any) -> None:
        if getattr(flowable, "source", None) is not None:
            self.current_source = flowable.source

    def canvas_maker(self) -> Any:
        version = {"pdfVersion": PDF_VERSION} if self.pdfa else {}
        return partial(
            BriefCanvas,
            draw_footer=self._draw_footer,
            finish=self._define_page_numbers,
            tree=StructureTree(self.ctx.link_descriptions, self.ctx.language.label)
            if self.tagged
            else None,
            pdfa=self.pdfa,
            **version,
            timestamp=fixed_timestamp(self.brief.date),
        )

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Heading):
            self._outline_count += 1
            key = f"section-{self._outline_count}"
            self.canv.bookmarkHorizontal(key, 0, frame_cursor(self.frame) + flowable.height + 12)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=0)
            self.headings.append((key, self.page))

    def _define_page_numbers(self, canv: Canvas) -> None:
        """Fill in the page-number forms the contents refer to (right-aligned at 0, 0)."""
        style = self.ctx.style("contents_page")
        for key, page in self.headings:
            canv.beginForm(page_form_name(key), -60, -5, 0, style.leading)
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            canv.drawRightString(0, 0, str(page))
            canv.endForm()

    # --- page furniture ----------------------------------------------------------------------

    def _draw_cover(self, canv: Canvas, doc: Any) -> None:
        """The cover's panel, to the paper's top and side edges, and under --print 3 mm
        beyond them into the bleed (the trim's foot stays white: the publisher's foot)."""
        x, y, width, height = self.ctx.cover_panel()
        if self.print_marks:
            x, width, height = x - BLEED, width + 2 * BLEED, height + BLEED
        canv.saveState()
        canv.addLiteral(PAGINATION_ARTIFACT)
        canv.setFillColor(self.ctx.colour("accent"))
        canv.rect(x, y, width, height, stroke=0, fill=1)
        canv.addLiteral("EMC")
        canv.restoreState()

    def _masthead_texts(self) -> tuple[str, str]:
        language = self.ctx.language
        return masthead_label(self.brief, language), language.date(self.brief.date)

    def _draw_masthead(self, canv: Canvas, doc: Any) -> None:
        ctx = self.ctx
        x, width = ctx.theme.margins.inner, self.width
        y = ctx.page_height - EDGE - MASTHEAD_HEIGHT
        canv.saveState()
        canv.addLiteral(PAGINATION_ARTIFACT)
        size = ctx.theme.sizes.small
        baseline = y + (MASTHEAD_HEIGHT - size) / 2 + 1.5
        if ctx.theme.masthead == "band":
            canv.setFillColor(ctx.colour("accent"))
            canv.rect(x, y, width, MASTHEAD_HEIGHT, stroke=0, fill=1)
            canv.setFillColor(ctx.colour("accent_text"))
            inset = 10
        else:  # a rule under the words: no band of toner
            canv.setStrokeColor(ctx.colour("accent"))
            canv.setLineWidth(ACCENT_RULE)
            canv.line(x, y, x + width, y)
            canv.setFillColor(ctx.colour("accent"))
            inset, baseline = 0, y + 6
        left, right = self._masthead_texts()
        canv.setFont(font_name(ctx.theme.heading_font), size)
        canv.drawRightString(x + width - inset, baseline, right)
        room = width - 2 * inset - canv.stringWidth(right) - 24
        canv.setFont(font_name(ctx.theme.heading_font, bold=True), size)
        label = left or plain(self.brief.title, ctx).upper()
        _draw_caps(canv, x + inset, baseline, _fit(label, canv, room, CAPS_TRACKING * size), size)
        canv.addLiteral("EMC")
        canv.restoreState()

    def _draw_running_head(self, canv: Canvas, doc: Any) -> None:
        """Series label in tracked capitals, the title (its short form, or cut at a word),
        and the date on the right, over a hairline."""
        ctx = self.ctx
        x, width = ctx.theme.margins.inner, self.width
        size = ctx.theme.sizes.small
        baseline = ctx.page_height - EDGE - size
        series, date = self._masthead_texts()
        canv.saveState()
        canv.addLiteral(PAGINATION_ARTIFACT)
        canv.setFont(font_name(ctx.theme.heading_font, bold=True), size)
        canv.setFillColor(ctx.colour("accent"))
        label = _fit(series, canv, width / 2, CAPS_TRACKING * size) if series else ""
        label_width = _draw_caps(canv, x, baseline, label, size) + (size if label else 0)
        canv.setFont(font_name(ctx.theme.heading_font), size)
        canv.setFillColor(ctx.colour("muted"))
        room = width - label_width - canv.stringWidth(date) - 24
        title = self.brief.short_title or self.brief.title
        canv.drawString(x + label_width, baseline, _fit(plain(title, ctx), canv, room))
        canv.drawRightString(x + width, baseline, date)
        canv.setStrokeColor(ctx.colour("rule"))
        canv.setLineWidth(0.5)
        canv.line(x, baseline - 6, x + width, baseline - 6)
        canv.addLiteral("EMC")
        canv.restoreState()

    def _draw_footer(self, canv: Canvas, page: int, total: int) -> None:
        """The folio alone, flush with the text's outer edge: no "Page X of Y", no name."""
        ctx = self.ctx
        if self.print_marks:
            draw_crop_marks(canv, ctx.page_width, ctx.page_height)
        if page == 1 and ctx.theme.cover:
            return
        canv.saveState()
        canv.addLiteral(PAGINATION_ARTIFACT)
        canv.setFont(font_name(ctx.theme.heading_font), ctx.theme.sizes.small)
        canv.setFillColor(ctx.colour("muted"))
        canv.drawRightString(ctx.theme.margins.inner + self.width, EDGE, str(page))
        canv.addLiteral("EMC")
        canv.restoreState()


#: Bleed beyond the trimmed page (3 mm) and the slug around it that holds the crop marks.
BLEED = 3 * 72 / 25.4
SLUG = 36


def _print_boxes(ctx: RenderContext, print_marks: bool) -> dict[str, Any]:
    """Document arguments for print output: crop marks, TrimBox and BleedBox."""
    if not print_marks:
        return {}
    trim = (SLUG, SLUG, SLUG + ctx.page_width, SLUG + ctx.page_height)
    bleed = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
    # ReportLab grows the page by SLUG on each side and shifts the content; its own marks are
    # off (markLength 0) because they would be drawn outside any artifact: we draw them.
    return {"cropMarks": CropMarkSlug(SLUG), "trimBox": trim, "bleedBox": bleed}


#: Length of a crop mark, from the paper's edge toward the trimmed page.
MARK_LENGTH = 18


def draw_crop_marks(canv: Canvas, width: float, height: float) -> None:
    """Crop marks in the slug at the trimmed page's corners (content coordinates)."""
    near, far = -SLUG, -SLUG + MARK_LENGTH
    canv.saveState()
    canv.addLiteral(PAGINATION_ARTIFACT)
    canv.setLineWidth(0.5)
    canv.lines(
        [
            (0, near, 0, far),
            (width, near, width, far),
            (0, height - far, 0, height - near),
            (width, height - far, width, height - near),
            (near, 0, far, 0),
            (width - far, 0, width - near, 0),
            (near, height, far, height),
            (width - far, height, width - near, height),
        ]
    )
    canv.addLiteral("EMC")
    canv.restoreState()


def _frame(name: str, x: float, y: float, width: float, height: float) -> Frame:
    """A frame without padding: our margins are the theme's alone."""
    return Frame(
        x, y, width, height, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )


def _draw_caps(canv: Canvas, x: float, y: float, text: str, size: float) -> float:
    """Capitals letterspaced CAPS_TRACKING of their font size (the PDF's Tc, which spaces
    glyphs without adding characters: the text extracts as written); their width."""
    space = CAPS_TRACKING * size
    canv.drawString(x, y, text, charSpace=space)
    return _tracked_width(canv, text, space)


def _tracked_width(canv: Canvas, text: str, space: float) -> float:
    return canv.stringWidth(text) + space * max(len(text) - 1, 0)


#: What may end the words kept before an ellipsis: not a comma, colon or dash.
_TRAILING = " \u00a0,;:\u2013\u2014-/"


def _fit(text: str, canv: Canvas, width: float, space: float = 0) -> str:
    """Text cut at a word, with an ellipsis, to fit `width` in the canvas's current font
    (with `space` between letters); never inside a word. A first word too long for the
    width is the ellipsis alone."""
    if _tracked_width(canv, text, space) <= width:
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        kept = " ".join(words[:count]).rstrip(_TRAILING)
        if kept and _tracked_width(canv, kept + "\u2026", space) <= width:
            return kept + "\u2026"
    return "\u2026"
