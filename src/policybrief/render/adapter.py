"""Every ReportLab internal policybrief relies on, in one place, each behind a named function.

Why: ReportLab has no public API for what a publication PDF needs (holding pages for
"Page X of Y", structure keys on pages, a fixed creation date, marked content around a
paragraph's lines, compact PDF objects). Each reach into its private names or overrides of
its methods lives here, and each assumption has a contract test in tests/render/
test_adapter.py named after it: a ReportLab upgrade that breaks one fails there, in one
place, with its cause, instead of corrupting PDFs. The pin in pyproject.toml (one minor
version) keeps upgrades deliberate.

The rest of the renderer uses ReportLab's public API (platypus flowables, canvas drawing)
and these functions.
"""

from __future__ import annotations

import calendar
import copy
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfbase.pdfdoc import format as format_value
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

# --- the document: creation date, written keys, the current flowable -----------------------


def timestamp_at(seconds: int | None) -> TimeStamp:
    """A creation date for a PDF: `seconds` since 1970 (UTC), or SOURCE_DATE_EPOCH's when None.

    Assumes: TimeStamp(invariant=True) reads SOURCE_DATE_EPOCH, and its `t`, `lt` and `YMDhms`
    fields are what the PDF's dates are written from (ReportLab offers no date setter).
    """
    stamp = TimeStamp(invariant=True)
    if seconds is not None:
        stamp.t, stamp.lt = seconds, time.gmtime(seconds)
        stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def day_seconds(year: int, month: int, day: int) -> int:
    """Seconds since 1970 at 00:00 UTC of a day."""
    return calendar.timegm((year, month, day, 0, 0, 0, 0, 0, 0))


def creation_time(doc: Any) -> tuple[tuple[int, ...], int, int]:
    """A PDFDocument's creation date: (year, month, day, hour, minute, second), and the UTC
    offset's hours and minutes, as its info dictionary writes them.

    Assumes: the document's TimeStamp is `doc._timeStamp`, with `YMDhms`, `dhh` and `dmm`.
    """
    stamp = doc._timeStamp
    return tuple(stamp.YMDhms), stamp.dhh, stamp.dmm


def write_keys(pdf_object: Any, **entries: Any) -> None:
    """Give a page or the catalog entries ReportLab does not know.

    Assumes: PDFPage and PDFCatalog write only the keys listed in their `__NoDefault__`
    (plus their defaults), read from attributes of the same names.
    """
    pdf_object.__NoDefault__ = [*pdf_object.__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(pdf_object, key, value)


def frame_cursor(frame: Any) -> float:
    """How far down a frame has filled: the y of the top of the next flowable.

    Assumes: Frame keeps it in `_y`, and it is the bottom of the flowable just placed when
    `afterFlowable` runs.
    """
    return frame._y


class DocTemplate(BaseDocTemplate):
    """A BaseDocTemplate that tells its subclass which flowable it is about to place.

    Assumes: `handle_flowable(flowables)` is called with the story's remaining flowables,
    the next one first, before it is wrapped and drawn.
    """

    def flowable_starting(self, flowable: Any) -> None:
        """Called with each flowable before ReportLab tries to place it."""

    def handle_flowable(self, flowables: list) -> None:
        if flowables:
            self.flowable_starting(flowables[0])
        super().handle_flowable(flowables)


# --- the canvas: pages held until the end ------------------------------------------------


class HoldingCanvas(Canvas):
    """A canvas that holds every page until `save()`, so that each can be finished knowing
    how many pages there are ("Page X of Y") in one layout pass.

    Subclasses implement `finish_page(number, total)` (drawn last on each page),
    `prepare_page(page, index)` (the PDFPage before it is written), `before_save(total)` and
    `on_annotation(annotation, reference)`.

    Assumes: a canvas's page state is its `__dict__` (restored whole to write a held page);
    `_startPage()` begins a fresh page; bookmarks and links name their page by the
    document's `pageCounter`, which ReportLab advances only as pages are written, so it is
    advanced as pages are held and rewound before they are written; `_addAnnotation` is the
    one way annotations reach a page, appending their reference to `_annotationrefs`; the
    document adds each written page through `addPage(page)`.
    """

    def __init__(self, *args: Any, timestamp: TimeStamp, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = timestamp
        self._held_pages: list[dict] = []

    @property
    def pdf_document(self) -> Any:
        """ReportLab's PDFDocument behind the canvas: its catalog, info and references."""
        return self._doc

    def finish_page(self, number: int, total: int) -> None:
        """Draw what needs the page count on page `number`."""

    def prepare_page(self, page: Any, index: int) -> None:
        """Adjust page `index` (0-based) before it is written."""

    def before_save(self, total: int) -> None:
        """Add document-level objects once every page is written."""

    def on_annotation(self, annotation: Any, reference: Any) -> None:
        """An annotation was added to the current page; `reference` is its indirect object."""

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:  # noqa: N802
        super()._addAnnotation(annotation, name, addtopage)
        if addtopage:
            self.on_annotation(annotation, self._annotationrefs[-1])

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held_pages.append(dict(self.__dict__))
        self._doc.pageCounter += 1
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        doc = self._doc
        doc.pageCounter -= total
        add_page = doc.addPage

        def add_prepared_page(page: Any) -> None:
            self.prepare_page(page, doc.pageCounter - 1)
            add_page(page)

        doc.addPage = add_prepared_page
        try:
            for state in self._held_pages:
                self.__dict__.update(state)
                self.finish_page(self._pageNumber, total)
                Canvas.showPage(self)
        finally:
            doc.addPage = add_page
        self.before_save(total)
        Canvas.save(self)


# --- annotations ----------------------------------------------------------------------------


def set_annotation_entries(annotation: Any, **entries: Any) -> None:
    """Add entries to a link annotation, of either kind ReportLab makes.

    Assumes: `linkURL` makes a PDFDictionary (entries in `.dict`); `linkRect` to a named
    destination makes a LinkAnnotation, which writes only the keys in `permitted`, read from
    `otherkw`.
    """
    if isinstance(annotation, PDFDictionary):
        for key, value in entries.items():
            annotation[key] = value
    else:
        annotation.permitted = (*annotation.permitted, *entries)
        annotation.otherkw.update(entries)


def annotation_entry(annotation: Any, key: str) -> Any:
    """An entry of a URL link annotation (None when absent or not a dictionary)."""
    if isinstance(annotation, PDFDictionary):
        return annotation.dict.get(key)
    return None


def dictionary_entry(dictionary: Any, key: str) -> Any:
    """An entry of a ReportLab PDFDictionary, or None."""
    return dictionary.dict.get(key) if isinstance(dictionary, PDFDictionary) else None


# --- compact and plain PDF objects -----------------------------------------------------------


class CompactDictionary(PDFDictionary):
    """A dictionary written on one line, without the spaces ReportLab puts around it.

    Why: a brief has a hundred or more structure elements, each its own object; their
    layout whitespace alone would add a few per cent to the file.

    Assumes: a PDFDictionary holds its entries in `.dict` and is written by `format`.
    """

    def format(self, document: Any, IND: bytes = b"") -> bytes:  # noqa: N803 (ReportLab's)
        entries = [
            format_value(PDFName(key), document) + b" " + format_value(value, document)
            for key, value in sorted(self.dict.items())
        ]
        return b"<<" + b" ".join(entries) + b">>"


class CompactArray(PDFArray):
    """An array written on one line, with single spaces (see CompactDictionary).

    Assumes: a PDFArray holds its items in `.sequence`.
    """

    def format(self, document: Any, IND: bytes = b"") -> bytes:  # noqa: N803 (ReportLab's)
        return b"[" + b" ".join(format_value(e, document) for e in self.sequence) + b"]"


class UnfilteredStream(PDFStream):
    """A stream written as it is, with no /Filter at all (PDF/A wants the XMP readable).

    Assumes: streams are compressed or encoded by the document's `defaultStreamFilters`.
    """

    def format(self, document: Any) -> bytes:
        defaults, document.defaultStreamFilters = document.defaultStreamFilters, None
        try:
            return super().format(document)
        finally:
            document.defaultStreamFilters = defaults


def pdfdoc_bytes(text: str) -> bytes | None:
    """`text` in PDFDocEncoding, or None when that encoding cannot say it.

    Assumes: ReportLab's RL_Codecs registers a 'pdfdoc' codec.
    """
    from reportlab.pdfbase.rl_codecs import RL_Codecs

    RL_Codecs.register()
    try:
        return text.encode("pdfdoc")
    except UnicodeEncodeError:
        return None


# --- tables --------------------------------------------------------------------------------


def decoration_callback(
    begin: Callable[[Any], None], end: Callable[[Any], None]
) -> Callable[..., None]:
    """A Table `renderCB` that calls `begin(table)` before a table paints its backgrounds or
    rules and `end(table)` after.

    Assumes: Table calls renderCB(table, event, ...) with 'startBG'/'endBG' around cell
    backgrounds and 'startLines'/'endLines' around rules.
    """

    def callback(table: Any, event: str, *args: Any) -> None:
        if event in ("startBG", "startLines"):
            begin(table)
        elif event in ("endBG", "endLines"):
            end(table)

    return callback


class CropMarkSlug:
    """ReportLab's crop-mark settings for a slug of `width` points around the page, with no
    marks of its own (we draw ours, as artifacts).

    Assumes: `cropMarks=` takes an object with these four attributes; the page grows by
    `borderWidth` on each side and the content moves with it.
    """

    def __init__(self, width: float):
        self.borderWidth = width
        self.markLength = 0
        self.markLast = 0
        self.bleedWidth = 0


# --- paragraphs: the lines they were broken into ----------------------------------------------


def paragraph_lines(paragraph: Any) -> list[Any]:
    """The lines a wrapped paragraph was broken into.

    Assumes: `wrap()` leaves them in `blPara.lines`; a line is a tuple (extra space, words)
    for a one-font paragraph, else an object whose `.words` are fragments with `.text`.
    """
    return paragraph.blPara.lines


def line_text(line: Any) -> str:
    """The text one laid-out line draws (with a hyphen at its end if one was added)."""
    if isinstance(line, tuple):
        return " ".join(str(w) for w in line[1])
    return "".join(w.text for w in getattr(line, "words", []))


@contextmanager
def drawing_lines(paragraph: Any, lines: list[Any]) -> Iterator[None]:
    """Draw a wrapped paragraph with other lines (same breaks, other text), then restore.

    Assumes: `draw()` draws `blPara.lines`.
    """
    laid_out = paragraph.blPara
    changed = copy.copy(laid_out)
    changed.lines = lines
    paragraph.blPara = changed
    try:
        yield
    finally:
        paragraph.blPara = laid_out


def with_trailing_space(line: Any) -> Any:
    """A copy of a laid-out line whose last word ends in a space (not after a hyphen)."""
    if isinstance(line, tuple):  # one font: (extra space, words)
        extra, words = line[0], line[1]
        if words and not str(words[-1]).endswith(("-", " ")):
            return (extra, [*words[:-1], f"{words[-1]} "], *line[2:])
        return line
    words = getattr(line, "words", None)  # several fonts: a line of fragments
    text = next((w.text for w in reversed(words or []) if w.text), "")
    if not words or text.endswith(("-", " ")):
        return line
    last = copy.copy(words[-1])
    last.text = f"{last.text} "
    spaced = copy.copy(line)
    spaced.words = [*words[:-1], last]
    return spaced


# --- fonts: parsed once, pickled ---------------------------------------------------------------


def picklable_font(font: Any) -> Any:
    """A copy of a TTFont that pickle can write.

    Assumes: a TTFont's only unpicklable parts are `state` (a per-document WeakKeyDictionary,
    empty before any document uses the font) and `face._pdfScale` (a lambda).
    """
    kept = copy.copy(font)
    kept.face = copy.copy(font.face)
    del kept.state, kept.face._pdfScale
    return kept


def restore_font(font: Any) -> Any:
    """Give an unpickled TTFont back what `picklable_font` left out."""
    from weakref import WeakKeyDictionary

    font.state = WeakKeyDictionary()
    per_em = font.face.unitsPerEm
    font.face._pdfScale = (
        (lambda x: x) if per_em == 1000 else (lambda x, scale=1000 / per_em: x * scale)
    )
    return font
