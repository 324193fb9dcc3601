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
import functools
import re
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
)
from reportlab.pdfbase.pdfdoc import format as format_value
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate

from policybrief.render.shaping import Setter, Shaper, reads_as

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


def link_destination(annotation: Any) -> str | None:
    """The named destination a link inside the document goes to (None for a URL link).

    Assumes: `linkRect` makes a LinkAnnotation whose `Destination` is a pdfdoc.Destination
    holding the name it was given in `.name`.
    """
    if isinstance(annotation, PDFDictionary):
        return None
    return getattr(getattr(annotation, "Destination", None), "name", None)


def set_link_contents(annotation: Any, text: str) -> None:
    """Describe a link inside the document in its /Contents.

    Assumes: a LinkAnnotation writes its `Contents` attribute last, over any `otherkw` entry.
    """
    annotation.Contents = text


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
            _name_bytes(key) + b" " + _value_bytes(value, document)
            for key, value in sorted(self.dict.items())
        ]
        return b"<<" + b" ".join(entries) + b">>"


class CompactArray(PDFArray):
    """An array written on one line, with single spaces (see CompactDictionary).

    Assumes: a PDFArray holds its items in `.sequence`.
    """

    def format(self, document: Any, IND: bytes = b"") -> bytes:  # noqa: N803 (ReportLab's)
        return b"[" + b" ".join([_value_bytes(e, document) for e in self.sequence]) + b"]"


@functools.cache
def _name_bytes(key: str) -> bytes:
    return format_value(PDFName(key), None)


def _value_bytes(value: Any, document: Any) -> bytes:
    """How ReportLab writes `value`, quicker for the two kinds a structure tree is made of.

    Why: a structure tree is hundreds of small objects of numbers and references; going
    through ReportLab's general `format` for each cost a tenth of a tagged build's time.

    Assumes: an int is written in decimal; a PDFObjectReference as "n g R", its numbers
    from `document.idToObjectNumberAndVersion`, keyed by its `name`.
    """
    kind = type(value)
    if kind is int:
        return b"%d" % value
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    return format_value(value, document)


def keep_narrow_no_break_spaces() -> None:
    """A narrow no-break space (U+202F, French « mot » and mot ?) never breaks a line.

    Assumes: `reportlab.platypus.paragraph` splits text into words with its module functions
    `split(text, delim=None)` (Python's str.split, which takes U+202F for whitespace, unless
    the text holds U+00A0) and finds a fragment's trailing space with `_wsc_end_search`, both
    by their global names; `_wsc` lists the characters it breaks at, U+202F among them.
    """
    from reportlab.platypus import paragraph

    if getattr(paragraph.split, "keeps_narrow_spaces", False):
        return
    breaking = re.escape(paragraph._wsc.replace("\u202f", ""))
    words = re.compile(f"[{breaking}]+").split
    plain_split = paragraph.split

    def split(text: str, delim: str | None = None) -> list[str]:
        if delim is None and "\u202f" in text:
            return words(text)
        return plain_split(text, delim)

    split.keeps_narrow_spaces = True  # type: ignore[attr-defined]
    paragraph.split = split
    paragraph._wsc_end_search = re.compile(f"[{breaking}]+$").search


def end_streams_with_an_end_of_line() -> None:
    """Make every stream ReportLab writes end its data with CRLF before `endstream`.

    Why: PDF/A-2 (ISO 19005-2, 6.1.7.1) wants an end-of-line between a stream's data and
    `endstream`, which /Length does not count; ReportLab writes `<data>endstream`. CRLF, not
    LF: data that itself ends in CR would otherwise read as ending one byte early. Every
    stream goes through PDFStream.format (fonts, images and content alike), so it is changed
    there, once per process; the written bytes are otherwise the same.

    Assumes: PDFStream.format returns `<dict>\nstream\n<data>endstream\n`.
    """
    if getattr(PDFStream.format, "_ends_with_eol", False):
        return
    reportlab_format = PDFStream.format

    def format_with_eol(self: Any, document: Any) -> bytes:
        written = reportlab_format(self, document)
        if not written.endswith(_STREAM_END):
            raise AssertionError("ReportLab's PDFStream.format no longer ends as assumed")
        return written[: -len(_STREAM_END)] + b"\r\n" + _STREAM_END

    format_with_eol._ends_with_eol = True  # type: ignore[attr-defined]
    PDFStream.format = format_with_eol


_STREAM_END = b"endstream\n"


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


def text_as_typed(paragraph: Any) -> Callable[[], str]:
    """What a paragraph says before layout, read when asked (a paragraph just made).

    Assumes: a new Paragraph's `frags` is the parsed list, of fragments with `.text`, that
    wrapping (and hyphenation) replaces with another list instead of changing.
    """
    parsed = paragraph.frags
    return lambda: "".join(getattr(fragment, "text", "") for fragment in parsed)


@dataclass
class TextRun:
    """A stretch of a paragraph's text object: its operators and the text they show.

    `link` is ReportLab's key of the link the words belong to, `(n, href)`, or None.
    `texts` holds each text shown, as typed (shaping is inside `_formatText`), and whether a line
    ends after it.
    """

    link: tuple[int, str] | None
    code: list[str] = field(default_factory=list)
    texts: list[tuple[str, bool]] = field(default_factory=list)


class RunRecordingText(PDFTextObject):
    """A paragraph's text object that tells its linked words from the rest.

    At `getCode()` (one call, by `canvas.drawText`) the operators between BT and ET go to
    `compose` as runs, and what it returns is written in their place: marked content can
    then open and close inside the text object, as BDC/EMC must nest apart from BT/ET. What
    the paragraph painted on the canvas meanwhile, outside the text object (underlines,
    backgrounds), is written between `decoration` begin and end. The first `spaced_lines`
    lines end in a real space (not after a hyphen), so text read from the page has spaces
    between words across line breaks (tagged-pdf note, pitfall 1); the space is drawn, not
    measured, so nothing on the page moves.

    Assumes: `Paragraph.drawPara` draws its lines through the object `beginText()` gives;
    shows each fragment with one `_textOut(text, newline)`; calls `_linkRecord(key, 'start')`
    just after showing the first fragment of a link on a line and `_linkRecord(key, 'end')`
    before the first fragment after it (or at the line's end); a text object's `_code`
    starts with 'BT'; `_do_post_text` and `_do_under_line` paint on the canvas, whose `_code`
    they append to, before `drawText`. A paragraph in one font (`blPara.kind` 0) linked as
    a whole (`blPara.link`) records no events: all its text is that link's.
    """

    def __init__(
        self,
        canvas: Any,
        x: float,
        y: float,
        compose: Callable[[list[TextRun]], list[str]],
        decoration: tuple[str, str],
        whole_link: tuple[int, str] | None = None,
        spaced_lines: int = 0,
    ):
        super().__init__(canvas, x, y)
        self._compose, self._decoration = compose, decoration
        self._painted_from = len(canvas._code)
        self._shown: list[tuple[int, str, bool]] = []  # (code index, text, line ends)
        self._cuts: list[tuple[int, tuple[int, str] | None]] = [(1, whole_link)]
        self._spaced_lines, self._lines = spaced_lines, 0

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802, N803 (ReportLab's)
        if TStar:  # a line's last words: the first `spaced_lines` lines end in a space
            self._lines += 1
            before = text or (self._shown[-1][1] if self._shown else " ")
            if self._lines <= self._spaced_lines and not before.endswith((" ", "-")):
                text += " "
        self._shown.append((len(self._code), str.__str__(text), bool(TStar)))
        super()._textOut(text, TStar)

    def _linkRecord(self, key: tuple[int, str], event: str) -> None:  # noqa: N802
        if event == "start":  # just after the link's first words: the run starts before them
            self._cuts.append((self._shown[-1][0], key))
        else:
            self._cuts.append((len(self._code), None))

    def getCode(self) -> str:  # noqa: N802
        canvas = self._canvas
        if len(canvas._code) > self._painted_from:
            begin, end = self._decoration
            canvas._code.insert(self._painted_from, begin)
            canvas._code.append(end)
        runs = self._runs()
        self._code = ["BT", *self._compose(runs)]
        return super().getCode()

    def _runs(self) -> list[TextRun]:
        runs: list[TextRun] = []
        shown = iter(self._shown)
        pending = next(shown, None)
        bounds = [*self._cuts, (len(self._code), None)]
        for (start, link), (stop, _) in zip(bounds, bounds[1:], strict=False):
            run = TextRun(link, self._code[start:stop])
            while pending is not None and pending[0] < stop:
                if pending[0] >= start:
                    run.texts.append(pending[1:])
                pending = next(shown, None)
            if run.code:
                runs.append(run)
        return runs


def whole_paragraph_link(paragraph: Any) -> tuple[int, str] | None:
    """The link a one-font paragraph is as a whole, if it is one (see RunRecordingText)."""
    laid_out = paragraph.blPara
    links = getattr(laid_out, "link", None) if laid_out.kind == 0 else None
    return tuple(links[0]) if links else None


# --- shaping: every text measured and drawn as HarfBuzz shapes it (see shaping.py) ---------


def shape_all_text_with(font: Any, path: Any, fallback: Any = None) -> None:
    """Make `font` measure and draw every text as a `shaping.Shaper` of its file shapes it:
    kerned, with ligatures, wherever it is set (paragraphs, tables, charts, the canvas); and
    what it cannot draw as `fallback(script, text)` gives another font, so prepared, to
    (`shaping.Setter`), right-to-left runs in their visual order.

    Assumes: ReportLab measures text only through `font.stringWidth(text, size, encoding)`
    (pdfmetrics.stringWidth and canvas.stringWidth call it) and writes it only through
    `PDFTextObject._formatText(text)`, with the text object's `_fontname`, `_fontsize`,
    `_leading`, `_rise` and `_curSubset` (-1: no subset of the font chosen yet, so the next
    text in it writes Tf); `font.splitString(text, doc)` turns code points into
    (subset, bytes) and `getSubsetInternalName` names a subset (and has the document embed
    the font); `face.charToGlyph`, `face.glyphToChar` and `face.charWidths` (thousandths of an
    em) are the font's cmap, its reverse and its advances, and what a subset embeds.
    """
    face = font.face
    font._read_as = {}

    def reserve(glyph: int, letters: str) -> int:
        point = 0xE000
        while point in face.charToGlyph:  # reserved ones included
            point += 1
        face.charToGlyph[point] = glyph
        face.glyphToChar.setdefault(glyph, []).append(point)
        face.charWidths[point] = shaper.advance(glyph)
        font._read_as[point] = letters
        return point

    shaper = Shaper(path, face.charToGlyph, face.glyphToChar, face.charWidths, reserve)
    font.shaper = shaper
    setter = font.setter = Setter(font, fallback or (lambda script, text: None))

    def string_width(text: Any, size: float, encoding: str = "utf8") -> float:
        if type(text) is not str:
            text = text.decode(encoding) if isinstance(text, bytes) else str.__str__(text)
        return setter.width(text) * size * 0.001

    font.stringWidth = string_width
    _write_shaped_text()


def _write_shaped_text() -> None:
    """Make text objects write text in a font with a shaper as its shaped glyphs, in one TJ
    array per subset: `[(T) 74 (aliban)] TJ`; a run in a font that falls back after its own
    Tf, glyphs above the baseline (Nastaliq) with a text rise (Ts) of their own."""
    from reportlab.pdfgen.textobject import PDFTextObject

    original = PDFTextObject._formatText
    if getattr(original, "shaped", False):
        return
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import getFont

    def format_text(self: Any, text: Any) -> str:
        font = getFont(self._fontname)
        setter = getattr(font, "setter", None)
        if setter is None or not text or type(text) is bytes:
            return original(self, text)
        canvas, operators = self._canvas, []
        size = self._fontsize
        for run in setter.runs(str.__str__(text)):
            shaped, at = run.shaped, 0
            lead = shaped.lead
            if run.reads_as:
                operators.append(f"/Span <</ActualText {_text_string(run.reads_as)}>> BDC")
            for subset, codes in run.font.splitString(shaped.codes, canvas._doc):
                if run.font is not font or subset != self._curSubset:
                    name = run.font.getSubsetInternalName(subset, canvas._doc)
                    operators.append(f"{name} {fp_str(size)} Tf {fp_str(self._leading)} TL")
                    self._curSubset = subset if run.font is font else -1
                moves = shaped.adjustments[at : at + len(codes)]
                if not shaped.rises:
                    operators.append(_shown(codes, moves, canvas._escape, fp_str, lead))
                else:
                    rises = shaped.rises[at : at + len(codes)]
                    operators += _risen(codes, moves, rises, lead, size, self, fp_str)
                at += len(codes)
                lead = 0.0
            if run.reads_as:
                operators.append("EMC")
        return " ".join(operators)

    format_text.shaped = True  # type: ignore[attr-defined]
    PDFTextObject._formatText = format_text


def _text_string(text: str) -> str:
    """A PDF text string in a content stream: UTF-16 with a byte-order mark, in hex."""
    return f"<FEFF{text.encode('utf-16-be').hex().upper()}>"


def _risen(
    codes: bytes, moves: tuple, rises: tuple, lead: float, size: float, text: Any, number: Any
) -> list[str]:
    """`codes` shown as `_shown` does, each stretch of glyphs at one height after the text
    rise (Ts) that puts it there; the text object's own rise (a superscript's) restored."""
    base = getattr(text, "_rise", 0) or 0
    operators, start = [], 0
    for n in range(1, len(codes) + 1):
        if n == len(codes) or rises[n] != rises[start]:
            operators.append(f"{number(base + rises[start] * size * 0.001)} Ts")
            operators.append(
                _shown(codes[start:n], moves[start:n], text._canvas._escape, number, lead)
            )
            start, lead = n, 0.0
    operators.append(f"{number(base)} Ts")
    return operators


def _shown(
    codes: bytes, moves: tuple[float, ...], escape: Any, number: Any, lead: float = 0.0
) -> str:
    """`codes` shown with each glyph followed by its move: Tj when none moves, else TJ;
    `lead` is a move before the first glyph."""
    parts, start = [], 0
    before = number(lead) if lead else "0"
    if before not in ("0", "-0"):
        parts.append(before)
    for n, move in enumerate(moves):
        written = number(move)
        if written not in ("0", "-0"):
            parts += [f"({escape(codes[start : n + 1])})", written]
            start = n + 1
    if start < len(codes):
        parts.append(f"({escape(codes[start:])})")
    if len(parts) == 1 and parts[0].startswith("("):
        return f"{parts[0]} Tj"
    return f"[{' '.join(parts)}] TJ"


# --- line breaking: a say in where ReportLab breaks a word, and what its lines hold ---------


@dataclass
class WordBreakJudge:
    """Decides, at each line end of one run of ReportLab's line breaking where a word does
    not fit, whether that word may be broken (hyphenated, or at its own hyphen).

    `allow(line_end, free_width)` is asked with the line end's number (0 for the first line
    end where a word did not fit) and the room the line would leave unused if the word moved
    down whole; `broken` lists the line ends where a word was broken, in order.
    """

    allow: Callable[[int, float], bool]
    line_ends: int = 0
    broken: list[int] = field(default_factory=list)

    def consider(self, free_width: float, attempt: Callable[[], Any]) -> Any:
        line_end = self.line_ends
        self.line_ends += 1
        if not self.allow(line_end, free_width):
            return None
        result = attempt()
        if result:
            self.broken.append(line_end)
        return result


_judges: list[WordBreakJudge] = []


@contextmanager
def judging_word_breaks(judge: WordBreakJudge) -> Iterator[WordBreakJudge]:
    """While inside, every word ReportLab would break at a line's end is put to `judge`.

    Assumes: `Paragraph.breakLines` asks the module functions `_hyphenateWord(hyphenator,
    fontName, fontSize, word, wordWidth, newWidth, maxWidth, ...)` (a one-font paragraph) and
    `_hyphenateFragWord(hyphenator, fragWord, newWidth, maxWidth, ...)` (fragWord[0] being its
    width) once at each line end where a word does not fit, by their global names, and takes a
    false answer as "move the word down whole"; newWidth is the line's width with the word.
    """
    _judge_word_breaks()
    _judges.append(judge)
    try:
        yield judge
    finally:
        _judges.pop()


def _judge_word_breaks() -> None:
    from reportlab.platypus import paragraph

    if getattr(paragraph._hyphenateWord, "judged", False):
        return
    plain, fragments = paragraph._hyphenateWord, paragraph._hyphenateFragWord

    def hyphenate_word(hyphenator, font_name, size, word, width, new_width, max_width, *rest):
        def attempt() -> Any:
            return plain(hyphenator, font_name, size, word, width, new_width, max_width, *rest)

        if not _judges:
            return attempt()
        return _judges[-1].consider(max_width - (new_width - width), attempt)

    def hyphenate_fragments(hyphenator, word, new_width, max_width, *rest):
        def attempt() -> Any:
            return fragments(hyphenator, word, new_width, max_width, *rest)

        if not _judges:
            return attempt()
        return _judges[-1].consider(max_width - (new_width - word[0]), attempt)

    hyphenate_word.judged = hyphenate_fragments.judged = True  # type: ignore[attr-defined]
    paragraph._hyphenateWord = hyphenate_word
    paragraph._hyphenateFragWord = hyphenate_fragments


def is_wrapped(paragraph: Any) -> bool:
    """Whether a paragraph has been broken into lines (see `paragraph_lines`)."""
    return hasattr(paragraph, "blPara")


def broken_lines(result: Any) -> list[Any]:
    """The lines of what `Paragraph.breakLines` returned (see `paragraph_lines`)."""
    return result.lines


def line_text(line: Any) -> str:
    """What a line of `paragraph_lines` says."""
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(fragment, "text", "") for fragment in line.words)


def widened(result: Any, extra: float) -> Any:
    """What `Paragraph.breakLines` returned for a narrower measure, as drawn in one `extra`
    points wider: every line keeps its words and gains that much unused width.

    Assumes: as `line_unused_width`; the result's lines are drawn from their unused width
    (alignment) and are not shared with another result.
    """
    lines = broken_lines(result)
    for at, line in enumerate(lines):
        if isinstance(line, tuple):
            lines[at] = (line[0] + extra, *line[1:])
        else:
            line.extraSpace += extra
    return result


def line_unused_width(line: Any) -> float:
    """The width a line of `paragraph_lines` leaves free at its end.

    Assumes: a one-font line is a tuple (that width, words), another line has `extraSpace`.
    """
    return line[0] if isinstance(line, tuple) else line.extraSpace


# --- fonts and hyphenation dictionaries: parsed once, kept as plain data ----------------------
#
# The cache (cache.py) keeps JSON only: nothing it loads can run code. These pairs turn a parsed
# TTFont and a pyphen HyphDict into JSON data and back, without parsing again. Every value is
# checked against the shape ReportLab and pyphen give it: anything else raises TypeError or
# ValueError, and the cache then parses again.


class _Codec:
    """One kind of value: `encode` checks it and gives JSON data, `decode` checks and reverses.

    `plain` is set for kinds whose JSON is the value itself: the types it may have, so that
    long lists of them (the fonts' widths: tens of thousands) are checked in one pass, and
    written as one integer array when they are ints (`_ints_to_data`).
    """

    def __init__(
        self,
        name: str,
        encode: Callable[[Any], Any],
        decode: Callable[[Any], Any],
        plain: frozenset[type] | None = None,
    ):
        self.name, self.encode, self.decode, self.plain = name, encode, decode, plain


def _exactly(*types: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if type(value) not in types:  # exact: a bool is not an int here
            raise TypeError(f"expected {'/'.join(t.__name__ for t in types)}, not {value!r:.40}")
        return value

    return check


def _plain(name: str, *types: type) -> _Codec:
    return _Codec(name, _exactly(*types), _exactly(*types), frozenset(types))


_INT = _plain("int", int)
_NUMBER = _plain("number", int, float)
_BOOL = _plain("bool", bool)
_STR = _plain("str", str)
_NONE = _plain("None", type(None))


def _bytes_from(data: Any) -> bytes:
    return _exactly(str)(data).encode("latin-1")  # UnicodeEncodeError is a ValueError


_BYTES = _Codec("bytes", lambda v: _exactly(bytes)(v).decode("latin-1"), _bytes_from)


def _name_to_data(value: Any) -> str:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if type(value) is not TTFNameBytes or vars(value) != {"ustr": value.decode("utf-8")}:
        raise TypeError(f"expected a TTFNameBytes, not {value!r:.40}")
    return value.decode("latin-1")


def _name_from_data(data: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    raw = _bytes_from(data)
    name = TTFNameBytes(raw)
    if name != raw:  # TTFNameBytes holds UTF-8; other bytes would come back changed
        raise ValueError("a font name that is not UTF-8")
    return name


#: A TTFNameBytes (bytes in UTF-8 that also keep their text as `ustr`), as latin-1 text.
_NAME = _Codec("name", _name_to_data, _name_from_data)


def _check_plain(values: Any, types: frozenset[type], what: str) -> list:
    if type(values) is not list or not types.issuperset(map(type, values)):
        raise TypeError(f"expected a list of {what}")
    return values


#: Integer arrays, by the name written and their `array` type code and item size.
_ARRAYS = {"uint16": ("H", 2), "int32": ("i", 4), "int64": ("q", 8)}


def _ints_to_data(values: list) -> dict:
    """A list of ints as {"array": "uint16" | "int32" | "int64", "base64": ...}, little-endian.

    Why: the fonts hold about 100,000 ints; read as JSON numbers they take longer than
    parsing the fonts again, read as one array they take well under a millisecond.
    """
    import base64
    import sys
    from array import array

    low, high = (min(values), max(values)) if values else (0, 0)
    kind = (
        "uint16"
        if 0 <= low and high < 1 << 16
        else "int32"
        if -(1 << 31) <= low and high < 1 << 31
        else "int64"
    )
    code, size = _ARRAYS[kind]
    packed = array(code, values)  # beyond int64: OverflowError, and nothing is kept
    if packed.itemsize != size:
        raise ValueError(f"this platform's {code!r} arrays are not {size} bytes")
    if sys.byteorder == "big":
        packed.byteswap()
    return {"array": kind, "base64": base64.b64encode(packed.tobytes()).decode("ascii")}


def _ints_from_data(data: Any) -> list:
    import base64
    import sys
    from array import array

    if type(data) is not dict or list(data) != ["array", "base64"]:
        raise TypeError("expected an integer array")
    code, size = _ARRAYS[_exactly(str)(data["array"])]  # another name: KeyError
    packed = array(code)
    if packed.itemsize != size:
        raise ValueError(f"this platform's {code!r} arrays are not {size} bytes")
    packed.frombytes(base64.b64decode(_exactly(str)(data["base64"]), validate=True))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def _list(item: _Codec) -> _Codec:
    """A list of `item`s. Plain values are checked in one pass; ints are written as an array
    (`_ints_to_data`), and so are numbers when they all are ints."""
    if item.plain is not None:
        plain = item.plain

        def encode(value: Any) -> Any:
            _check_plain(value, plain, item.name)
            if int in plain and set(map(type, value)) <= {int}:
                return _ints_to_data(value)
            return list(value)

        def decode(data: Any) -> list:
            if int in plain and type(data) is dict:
                return _ints_from_data(data)
            return list(_check_plain(data, plain, item.name))

        return _Codec(f"list of {item.name}", encode, decode)

    def encode(value: Any) -> list:  # noqa: F811 (the general form)
        return [item.encode(v) for v in _exactly(list)(value)]

    def decode(data: Any) -> list:  # noqa: F811
        return [item.decode(v) for v in _exactly(list)(data)]

    return _Codec(f"list of {item.name}", encode, decode)


def _lists_of_ints() -> _Codec:
    """A list of lists of ints, as {"lengths": array, "items": array} (the lists end to end)."""

    def encode(value: Any) -> dict:
        from itertools import chain

        _check_plain(value, frozenset({list}), "lists")
        items = _check_plain(list(chain.from_iterable(value)), frozenset({int}), "int")
        return {"lengths": _ints_to_data([len(v) for v in value]), "items": _ints_to_data(items)}

    def decode(data: Any) -> list:
        from itertools import islice

        if type(data) is not dict or list(data) != ["lengths", "items"]:
            raise TypeError("expected lists of ints as lengths and items")
        lengths, items = _ints_from_data(data["lengths"]), _ints_from_data(data["items"])
        if min(lengths, default=0) < 0 or sum(lengths) != len(items):
            raise ValueError("list lengths that do not add up to the items")
        rest = iter(items)
        return [list(islice(rest, n)) for n in lengths]

    return _Codec("list of lists of int", encode, decode)


def _int_pairs() -> _Codec:
    """A list of (int, int) tuples, as one integer array of the pairs end to end."""

    def encode(value: Any) -> dict:
        from itertools import chain

        if type(value) is not list or {(type(v), len(v)) for v in value} - {(tuple, 2)}:
            raise TypeError("expected a list of pairs of ints")
        flat = _check_plain(list(chain.from_iterable(value)), frozenset({int}), "int")
        return _ints_to_data(flat)

    def decode(data: Any) -> list:
        flat = _ints_from_data(data)
        if len(flat) % 2:
            raise ValueError("pairs of an odd count of values")
        pairs = iter(flat)
        return list(zip(pairs, pairs))

    return _Codec("pairs of int", encode, decode)


def _pair(item: _Codec) -> _Codec:
    """A tuple of two `item`s, as a JSON list."""

    def encode(value: Any) -> list:
        if type(value) is not tuple or len(value) != 2:
            raise TypeError(f"expected a pair, not {value!r:.40}")
        return [item.encode(v) for v in value]

    def decode(data: Any) -> tuple:
        if type(data) is not list or len(data) != 2:
            raise TypeError(f"expected a pair, not {data!r:.40}")
        return tuple(item.decode(v) for v in data)

    return _Codec(f"pair of {item.name}", encode, decode)


def _dict(keys: _Codec, values: _Codec) -> _Codec:
    """A dict, as {"keys": [...], "values": [...]} (JSON keys are text, these are often ints);
    `keys` and `values` are the codecs of the two lists."""

    def encode(mapping: Any) -> dict:
        mapping = _exactly(dict)(mapping)
        return {"keys": keys.encode(list(mapping)), "values": values.encode(list(mapping.values()))}

    def decode(data: Any) -> dict:
        if type(data) is not dict or list(data) != ["keys", "values"]:
            raise TypeError("expected a dict as keys and values")
        k, v = keys.decode(data["keys"]), values.decode(data["values"])
        mapping = dict(zip(k, v, strict=True))  # unequal lengths: ValueError
        if len(mapping) != len(k):
            raise ValueError("a dict with a key twice")
        return mapping

    return _Codec(f"dict of {keys.name} to {values.name}", encode, decode)


def _record(fields: dict[str, _Codec]) -> _Codec:
    """A dict with exactly these keys, in this order."""

    def convert(how: str) -> Callable[[Any], dict]:
        def run(mapping: Any) -> dict:
            if type(mapping) is not dict or list(mapping) != list(fields):
                raise TypeError(f"expected the keys {list(fields)}, not {mapping!r:.60}")
            return {k: getattr(fields[k], how)(v) for k, v in mapping.items()}

        return run

    return _Codec("record", convert("encode"), convert("decode"))


#: A table directory entry, as `TTFontParser.readTableDirectory` makes it.
_TABLE = _record({"tag": _STR, "checksum": _INT, "offset": _INT, "length": _INT})

#: Every attribute a parsed TTFontFace holds, but `_ttf_data` (the font file's bytes, read
#: again from the file), `filename` (the file's path, given again), `_pdfScale` (a lambda) and
#: `table` (the same entries as `tables`, by tag). Values scaled to 1000 units per em are
#: numbers: ints when the font has 1000 units per em (the bundled ones), floats otherwise.
_FACE = {
    "name": _NAME,
    "glyphNames": _list(_STR),
    "glyphWidths": _dict(_list(_STR), _list(_NUMBER)),
    "ascent": _NUMBER,
    "descent": _NUMBER,
    "familyName": _NAME,
    "bold": _INT,
    "italic": _INT,
    "requiredEncoding": _NONE,
    "builtIn": _INT,
    "validate": _INT,
    "_pos": _INT,
    "version": _INT,
    "numTables": _INT,
    "searchRange": _INT,
    "entrySelector": _INT,
    "rangeShift": _INT,
    "tables": _list(_TABLE),
    "subfontNameX": _BYTES,
    "styleName": _NAME,
    "fullName": _NAME,
    "uniqueFontID": _NAME,
    "fontRevision": _pair(_INT),
    "unitsPerEm": _INT,
    "bbox": _list(_NUMBER),
    "capHeight": _NUMBER,
    "stemV": _INT,
    "italicAngle": _NUMBER,
    "underlinePosition": _INT,
    "underlineThickness": _INT,
    "flags": _INT,
    "numGlyphs": _INT,
    "_full_font": _BOOL,
    "charToGlyph": _dict(_list(_INT), _list(_INT)),
    "glyphToChar": _dict(_list(_INT), _lists_of_ints()),
    "charWidths": _dict(_list(_INT), _list(_NUMBER)),
    "hmetrics": _int_pairs(),
    "defaultWidth": _NUMBER,
    "glyphPos": _list(_INT),
}
_FACE_ELSEWHERE = {"_ttf_data", "filename", "_pdfScale", "table"}
#: In place of `_ttf_data`: the font file's size and SHA-256, checked when it is read again.
_FONT_FILE = _record({"bytes": _INT, "sha256": _STR})
#: A TTFont's own attributes: its name, face, encoding, per-document state and two flags.
_FONT = {"fontName", "face", "encoding", "state", "_asciiReadable", "_shapable"}


def font_to_data(font: Any) -> dict:
    """A freshly parsed TTFont (no document has used it yet) as JSON data: its own flags,
    and its face's attributes with, for `_ttf_data`, the font file's size and SHA-256.

    Assumes: a TTFont holds exactly `_FONT`, its face exactly `_FACE` and `_FACE_ELSEWHERE`,
    with values of those kinds; its encoding is a TTEncoding holding only "UTF-8"; `table`
    maps each entry of `tables` by its tag. Anything else raises TypeError, and is not kept.
    """
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

    face = font.face
    if type(font) is not TTFont or set(vars(font)) != _FONT or len(font.state):
        raise TypeError("not a TTFont as ReportLab parses it, or one a document has used")
    if type(face) is not TTFontFace or set(vars(face)) != set(_FACE) | _FACE_ELSEWHERE:
        unknown = set(vars(face)) ^ (set(_FACE) | _FACE_ELSEWHERE)
        raise TypeError(f"a font face with other attributes: {sorted(unknown)}")
    if type(font.encoding) is not TTEncoding or vars(font.encoding) != {"name": "UTF-8"}:
        raise TypeError("a font encoding other than ReportLab's UTF-8")
    by_tag = {entry["tag"]: entry for entry in face.tables}
    if list(by_tag.items()) != list(face.table.items()):
        raise TypeError("a font whose table directory is not its list of tables by tag")
    _check_glyph_counts(face)
    kept = {name: codec.encode(getattr(face, name)) for name, codec in _FACE.items()}
    kept["_ttf_data"] = {"bytes": len(face._ttf_data), "sha256": _sha256(face._ttf_data)}
    return {
        "fontName": _STR.encode(font.fontName),
        "asciiReadable": _INT.encode(font._asciiReadable),
        "shapable": _BOOL.encode(font._shapable),
        "face": kept,
    }


def _check_glyph_counts(face: Any) -> None:
    """What `TTFontFile.extractInfo` makes sure of: one metric per glyph, one offset more."""
    if len(face.hmetrics) != face.numGlyphs or len(face.glyphPos) != face.numGlyphs + 1:
        raise ValueError("glyph metrics and offsets that do not match the count of glyphs")


def font_from_data(data: Any, path: str) -> Any:
    """The TTFont `font_to_data` described, with the font file's bytes read from `path`.

    Raises TypeError, ValueError or KeyError when the data is not what `font_to_data` writes,
    OSError when the file cannot be read, ValueError when its bytes are not those measured.
    Assumes: besides the attributes, a TTFont needs a fresh per-document `state`
    (WeakKeyDictionary) and a TTEncoding, and its face a `_pdfScale` to 1000 units per em, as
    `TTFontFile.extractInfo` makes it (the identity for 1000 units: ints stay ints).
    """
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

    if type(data) is not dict or list(data) != ["fontName", "asciiReadable", "shapable", "face"]:
        raise TypeError("not the data font_to_data writes")
    if type(data["face"]) is not dict or list(data["face"]) != [*_FACE, "_ttf_data"]:
        raise TypeError("not the face attributes font_to_data writes")
    face = TTFontFace.__new__(TTFontFace)
    for attribute, codec in _FACE.items():
        setattr(face, attribute, codec.decode(data["face"][attribute]))
    face.table = {entry["tag"]: entry for entry in face.tables}
    _check_glyph_counts(face)
    size, digest = _FONT_FILE.decode(data["face"]["_ttf_data"]).values()
    if not 0 < size <= 64 << 20:
        raise ValueError("a font file size that is not plausible")
    with open(path, "rb") as file:
        raw = file.read(size + 1)
    if len(raw) != size or _sha256(raw) != digest:  # kept with the face: faces swapped fail
        raise ValueError(f"{path} is not the font file these metrics were read from")
    face._ttf_data, face.filename = raw, str(path)
    per_em = face.unitsPerEm
    if per_em <= 0:
        raise ValueError("units per em must be positive")
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x, f=1000 / per_em: x * f)

    font = TTFont.__new__(TTFont)
    font.fontName = _STR.decode(data["fontName"])
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = _INT.decode(data["asciiReadable"])
    font._shapable = _BOOL.decode(data["shapable"])
    return font


def _sha256(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def hyphenation_to_data(dictionary: Any) -> dict:
    """A parsed pyphen HyphDict as JSON data (pyphen's internals, not ReportLab's: the same
    kind of reach, so it lives here too).

    Assumes: a HyphDict holds `patterns` (pattern -> (offset, values), the values ints and
    odd ones for nonstandard hyphenation a DataInt whose `data` is (change, index, cut)),
    `cache` (words hyphenated so far) and `maxlen` (the longest pattern); `positions` reads
    only these. A pattern of plain digits is written as one string, offset first; others as
    [offset, value, ...], each DataInt as [value, change, index, cut].
    """
    import pyphen

    if type(dictionary) is not pyphen.HyphDict or set(vars(dictionary)) != {
        "patterns",
        "cache",
        "maxlen",
    }:
        raise TypeError("not a HyphDict as pyphen parses it")
    patterns = {}
    for pattern, entry in _exactly(dict)(dictionary.patterns).items():
        if type(entry) is not tuple or len(entry) != 2 or type(entry[1]) is not tuple:
            raise TypeError(f"a hyphenation pattern of another shape: {entry!r:.40}")
        offset, values = _INT.encode(entry[0]), entry[1]
        if offset <= 9 and all(type(v) is int and 0 <= v <= 9 for v in values):
            patterns[_STR.encode(pattern)] = f"{offset}" + "".join(map(str, values))
        else:
            patterns[_STR.encode(pattern)] = [offset, *map(_hyphenation_value, values)]
    return {"patterns": patterns, "maxlen": _INT.encode(dictionary.maxlen)}


def _hyphenation_value(value: Any) -> Any:
    import pyphen

    if type(value) is int:
        return value
    if type(value) is pyphen.DataInt and type(value.data) is tuple and len(value.data) == 3:
        change, index, cut = value.data
        return [int(value), _STR.encode(change), _INT.encode(index), _INT.encode(cut)]
    raise TypeError(f"a hyphenation value of another kind: {value!r:.40}")


_DIGITS = frozenset("0123456789")


def hyphenation_from_data(data: Any) -> Any:
    """The HyphDict `hyphenation_to_data` described, without parsing the dictionary again.

    Raises TypeError, ValueError or KeyError when the data is not what it writes.
    """
    import pyphen

    if type(data) is not dict or list(data) != ["patterns", "maxlen"]:
        raise TypeError("not the data hyphenation_to_data writes")
    patterns = {}
    shared: dict[str, tuple] = {}  # the same digits give the same (immutable) tuple
    for pattern, entry in _exactly(dict)(data["patterns"]).items():
        if not pattern:
            raise ValueError("an empty hyphenation pattern")
        if type(entry) is str:
            kept = shared.get(entry)
            if kept is None:
                if len(entry) < 2 or not _DIGITS.issuperset(entry):
                    raise ValueError(f"hyphenation digits of another form: {entry!r:.40}")
                kept = shared[entry] = (int(entry[0]), tuple(map(int, entry[1:])))
            patterns[pattern] = kept
        elif type(entry) is list and len(entry) >= 2:
            values = tuple(_hyphenation_value_from(v) for v in entry[1:])
            patterns[pattern] = (_INT.decode(entry[0]), values)
        else:
            raise TypeError(f"a hyphenation pattern of another shape: {entry!r:.40}")
    if not patterns or _INT.decode(data["maxlen"]) != max(map(len, patterns)):
        raise ValueError("the longest hyphenation pattern is not the one written")
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns, dictionary.cache, dictionary.maxlen = patterns, {}, data["maxlen"]
    return dictionary


def _hyphenation_value_from(data: Any) -> Any:
    import pyphen

    if type(data) is int:
        return data
    if type(data) is list and len(data) == 4:
        value, change, index, cut = data
        data = (_STR.decode(change), _INT.decode(index), _INT.decode(cut))
        return pyphen.DataInt(_INT.decode(value), data)
    raise TypeError(f"a hyphenation value of another kind: {data!r:.40}")


# --- font subsets: a tag of their own, a ToUnicode map of the codes they use ------------------


def write_subsets_as_pdf_ua_wants(font: Any) -> None:
    """Make `font` write its subsets with a tag derived from each subset's content and a
    ToUnicode map without entries for control characters.

    Why: ReportLab tags every subset AAAAAA+ (PDF wants a distinct tag per subset) and maps
    all 128 codes of the first subset, the unused control codes to U+0000, which PDF/UA-1
    (ISO 14289-1, 7.21.7) forbids. Text can never draw a control character (the model refuses
    them), so leaving them out of the map loses nothing.

    Assumes: TTFont.addObjects is ReportLab 5.1's (below, with the tag and the map changed):
    `state.subsets` lists each subset's code points, `getSubsetInternalName` names it, and
    `face.addSubsetObjects` embeds it under the base font name it is given.
    """
    font.addObjects = types.MethodType(_add_subset_objects, font)


def _add_subset_objects(self: Any, doc: Any) -> None:
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        state = self.state[doc]
    except KeyError:
        state = self.state[doc] = TTFont.State(self._asciiReadable)
    state.frozen = 1
    for n, subset in enumerate(state.subsets):
        internal_name = self.getSubsetInternalName(n, doc)[1:]
        base_name = (
            b"".join(
                (subset_tag(self.face.name, subset), b"+", self.face.name, self.face.subfontNameX)
            )
        ).decode("pdfdoc")
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
        pdf_font.Name = internal_name
        pdf_font.BaseFont = base_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
        cmap = pdfdoc.PDFStream()
        cmap.content = to_unicode_cmap(base_name, subset, ligature_texts(self))
        if doc.compression:
            cmap.filters = [pdfdoc.PDFZCompress]
        pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
        pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del self.state[doc]


def subset_tag(face_name: bytes, subset: list[int]) -> bytes:
    """Six capital letters from a digest of the font's name and the subset's code points:
    the same subset always gets the same tag, and two subsets almost never share one."""
    import hashlib

    digest = hashlib.sha256(face_name + b"\0" + ",".join(map(str, subset)).encode()).digest()
    return bytes(65 + byte % 26 for byte in digest[:6])


def ligature_texts(font: Any) -> dict[int, str]:
    """The letters each glyph drawn with a code point shaping gave it stands for: "ft" for
    the f_t ligature, which has no code point of its own (see `shape_all_text_with`)."""
    return getattr(font, "_read_as", {})


#: What a glyph that stands for no letter of its own reads as (a Nastaliq dot drawn apart from
#: its letter): ZERO WIDTH JOINER, which says nothing in joined script. Without an entry a
#: reader guesses from the code's byte ("€"), and PDF/UA-1 (7.21.7) wants every glyph mapped,
#: to something: an empty mapping is a malformed CMap for page-validation.
EMPTY = "\u200d"


def _unicode_of(point: int, ligatures: dict[int, str]) -> str | None:
    """What a drawn code point says when read: a ligature as its letters."""
    if point < 0x20 or 0x7F <= point < 0xA0 or point in (0xFEFF, 0xFFFE):
        return None  # control codes: no text draws them
    if point in ligatures:  # a glyph shaping added to another's letters reads as nothing
        return ligatures[point] or EMPTY
    return reads_as(point)  # the Latin ligatures Unicode has (ff, fi, fl, ffi, ffl, st) too


def to_unicode_cmap(
    font_name: str, subset: list[int], ligatures: dict[int, str] | None = None
) -> str:
    """A ToUnicode CMap for the subset's codes, control characters left out, ligatures read as
    their letters, in blocks of at most 100 entries (PDF 32000-1, 9.10.3)."""
    entries = []
    for code, point in enumerate(subset):
        text = _unicode_of(point, ligatures or {})
        if text:
            entries.append(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({font_name})",
            f"/Ordering ({font_name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# --- pagination: flowables that measure others while the frame splits them -------------------


class lent_frame:  # noqa: N801 - used as a function, in a with statement
    """While inside, `flowables` have the canvas and frame that a frame lent `holder` for
    its wrap or split, so that they can be measured as the frame itself would measure them;
    taken back after (from those that had none).

    Assumes: Frame.add and Frame.split set a flowable's `canv` and `_frame` before calling its
    wrap or split and delete them after, and some flowables (KeepTogether) read them while
    they wrap.
    """

    def __init__(self, holder: Any, flowables: Any):
        canvas, self._frame = getattr(holder, "canv", None), getattr(holder, "_frame", None)
        self._canvas = canvas
        self._lent = [f for f in flowables if not hasattr(f, "canv")] if canvas else []

    def __enter__(self) -> None:
        for flowable in self._lent:
            flowable.canv, flowable._frame = self._canvas, self._frame

    def __exit__(self, *exc: Any) -> None:
        for flowable in self._lent:
            for name in ("canv", "_frame"):
                if name in flowable.__dict__:
                    delattr(flowable, name)


def table_rows(table: Any) -> int:
    """How many rows a Table has (its repeated header rows included, in a later part).

    Assumes: Table keeps its rows' cells in `_cellvalues`, one list per row, also in the
    parts that Table.split makes.
    """
    return len(table._cellvalues)
