"""Contract tests: each assumption `render/adapter.py` makes about ReportLab, one test each.

A ReportLab upgrade that breaks one turns its test red here, named after the assumption,
before any brief's PDF goes wrong.
"""

from __future__ import annotations

import io
import pickle
import re

import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table

from policybrief.render import adapter
from policybrief.render.fonts import _parsed_fonts, register_fonts


def _pdf(canvas: Canvas, buffer: io.BytesIO) -> pikepdf.Pdf:
    canvas.save()
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def test_timestamp_fields_are_what_the_pdf_dates_are_written_from():
    stamp = adapter.timestamp_at(adapter.day_seconds(2021, 9, 20))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas._doc._timeStamp = stamp
    canvas.drawString(10, 10, "x")
    with _pdf(canvas, buffer) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20210920000000")
    assert adapter.creation_time(canvas._doc) == ((2021, 9, 20, 0, 0, 0), 0, 0)


def test_timestamp_reads_source_date_epoch_itself(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630454400")  # 2021-09-01 00:00 UTC
    assert tuple(adapter.timestamp_at(None).YMDhms)[:3] == (2021, 9, 1)


def test_pages_and_catalog_write_the_keys_listed_in_no_default():
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    doc = canvas._doc
    add_page = doc.addPage

    def add(page):
        adapter.write_keys(page, StructParents=7, Tabs=PDFName("S"))
        add_page(page)

    doc.addPage = add
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    adapter.write_keys(doc.Catalog, OutputIntents=PDFString("kept"))
    with _pdf(canvas, buffer) as pdf:
        assert pdf.pages[0].obj.StructParents == 7
        assert pdf.pages[0].obj.Tabs == pikepdf.Name.S
        assert str(pdf.Root.OutputIntents) == "kept"


def test_holding_canvas_finishes_each_page_knowing_the_total_and_keeps_bookmark_pages():
    """Held pages are written from their saved __dict__; the page counter names bookmarks."""

    class Counting(adapter.HoldingCanvas):
        prepared: list[int] = []

        def finish_page(self, number, total):
            self.drawString(10, 10, f"page {number} of {total}")

        def prepare_page(self, page, index):
            self.prepared.append(index)

    buffer = io.BytesIO()
    canvas = Counting(buffer, timestamp=adapter.timestamp_at(0))
    for n in range(3):
        canvas.drawString(100, 100, f"body {n}")
        canvas.bookmarkPage(f"b{n}")
        canvas.addOutlineEntry(f"b{n}", f"b{n}")
        canvas.showPage()
    with _pdf(canvas, buffer) as pdf:
        assert len(pdf.pages) == 3
        texts = [p.Contents.read_bytes() for p in pdf.pages]
        for n, text in enumerate(texts):
            assert f"page {n + 1} of 3".encode() in text and f"body {n}".encode() in text
        entry, pages = pdf.Root.Outlines.First, []
        while entry is not None:
            pages.append(entry.Dest[0].objgen)
            entry = entry.get("/Next")
        # each bookmark on its own page, not all on page 1
        assert pages == [page.obj.objgen for page in pdf.pages]
    assert Counting.prepared == [0, 1, 2]


def test_every_link_annotation_passes_through_add_annotation():
    seen = []

    class Watching(adapter.HoldingCanvas):
        def on_annotation(self, annotation, reference):
            seen.append((type(annotation).__name__, reference))

    buffer = io.BytesIO()
    canvas = Watching(buffer, timestamp=adapter.timestamp_at(0))
    canvas.bookmarkPage("here")
    canvas.linkURL("https://example.org/", (10, 10, 50, 20))
    canvas.linkRect("", "here", (10, 30, 50, 40))
    canvas.showPage()
    _pdf(canvas, buffer).close()
    assert [kind for kind, _ in seen] == ["PDFDictionary", "LinkAnnotation"]
    assert all(reference is not None for _, reference in seen)


def test_annotation_entries_are_written_for_both_kinds_of_link():
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.bookmarkPage("here")
    canvas.linkURL("https://example.org/", (10, 10, 50, 20))
    canvas.linkRect("", "here", (10, 30, 50, 40))
    annotations = [canvas._doc.idToObject[str(ref.name)] for ref in canvas._annotationrefs]
    for number, annotation in enumerate(annotations):
        adapter.set_annotation_entries(annotation, StructParent=40 + number)
    uri = adapter.dictionary_entry(adapter.annotation_entry(annotations[0], "A"), "URI")
    assert getattr(uri, "s", uri) == "https://example.org/"
    canvas.showPage()
    with _pdf(canvas, buffer) as pdf:
        assert sorted(int(a.StructParent) for a in pdf.pages[0].Annots) == [40, 41]


def test_frame_cursor_is_the_bottom_of_the_flowable_just_placed():
    seen = []

    class Doc(adapter.DocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802
            if isinstance(flowable, Spacer):
                seen.append(adapter.frame_cursor(self.frame))

    doc = Doc(io.BytesIO(), pagesize=(400, 400))
    frame = Frame(0, 0, 400, 400, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("p", [frame])])
    doc.build([Spacer(0, 100), Spacer(0, 50)])
    assert seen == [300, 250]


def test_flowable_starting_sees_each_flowable_before_it_is_placed():
    seen = []

    class Doc(adapter.DocTemplate):
        def flowable_starting(self, flowable):
            seen.append(flowable)

    doc = Doc(io.BytesIO(), pagesize=(400, 400))
    doc.addPageTemplates([PageTemplate("p", [Frame(0, 0, 400, 400)])])
    story = [Spacer(0, 10), Spacer(0, 20)]
    doc.build(list(story))
    assert [s for s in seen if s in story] == story


def test_paragraph_lines_are_tuples_for_one_font_and_fragments_for_several():
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    plain = Paragraph("one two three four five six seven eight nine ten", style)
    plain.wrap(60, 500)
    mixed = Paragraph("one <b>two</b> three four <i>five</i> six seven eight", style)
    mixed.wrap(60, 500)
    assert isinstance(adapter.paragraph_lines(plain)[0], tuple)
    assert not isinstance(adapter.paragraph_lines(mixed)[0], tuple)
    for paragraph in (plain, mixed):  # the lines' texts are the paragraph's, in order
        lines = adapter.paragraph_lines(paragraph)
        assert len(lines) > 1
        drawn = " ".join(adapter.line_text(line) for line in lines)
        assert drawn == paragraph.getPlainText()


def test_drawing_lines_draws_the_given_lines_and_restores_the_layout():
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    paragraph = Paragraph("alpha beta gamma delta epsilon zeta eta theta", style)
    paragraph.wrap(70, 500)
    before = adapter.paragraph_lines(paragraph)
    spaced = [adapter.with_trailing_space(line) for line in before[:-1]] + before[-1:]
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    with adapter.drawing_lines(paragraph, spaced):
        paragraph.drawOn(canvas, 10, 400)
    assert adapter.paragraph_lines(paragraph) is before
    canvas.showPage()
    with _pdf(canvas, buffer) as pdf:
        shown = re.findall(rb"\((.*?)\) Tj", pdf.pages[0].Contents.read_bytes())
    assert shown[0].endswith(b" ") and not shown[-1].endswith(b" ")


def test_compact_objects_and_unfiltered_streams_are_written_as_they_say():
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    doc = canvas._doc
    element = adapter.CompactDictionary({"S": PDFName("P"), "K": adapter.CompactArray([1, 2])})
    doc.Catalog.Extra = doc.Reference(element)
    adapter.write_keys(doc.Catalog, Extra=doc.Catalog.Extra)
    stream = adapter.UnfilteredStream(PDFDictionary({"Type": PDFName("Metadata")}), b"<x>hi</x>")
    adapter.write_keys(doc.Catalog, Plain=doc.Reference(stream))
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    canvas.save()
    raw = buffer.getvalue()
    assert b"<</K [1 2] /S /P>>" in raw
    assert b"<x>hi</x>" in raw  # not compressed or ASCII85-encoded
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert "/Filter" not in pdf.Root.Plain.stream_dict


def test_pdfdoc_codec_says_latin_text_and_refuses_what_it_cannot():
    assert adapter.pdfdoc_bytes("considerable \u2013 caf\u00e9") == b"considerable \x85 caf\xe9"
    assert adapter.pdfdoc_bytes("\u0627\u0644\u0639\u0631\u0628\u064a\u0629") is None


def test_table_render_callback_brackets_backgrounds_and_rules():
    events = []
    callback = adapter.decoration_callback(
        lambda table: events.append("begin"), lambda table: events.append("end")
    )
    table = Table(
        [["a", "b"]],
        style=[("BACKGROUND", (0, 0), (-1, -1), "#eeeeee"), ("GRID", (0, 0), (-1, -1), 1, "black")],
        renderCB=callback,
    )
    table.wrapOn(Canvas(io.BytesIO()), 200, 200)
    table.drawOn(Canvas(io.BytesIO()), 10, 10)
    assert events == ["begin", "end", "begin", "end"]


def test_crop_mark_slug_grows_the_page_and_draws_no_marks_of_its_own():
    from reportlab.platypus import BaseDocTemplate

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(200, 300), cropMarks=adapter.CropMarkSlug(36))
    doc.addPageTemplates([PageTemplate("p", [Frame(0, 0, 200, 300)])])
    doc.build([Spacer(0, 10)])
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        page = pdf.pages[0]
        assert [float(v) for v in page.MediaBox] == [0, 0, 272, 372]
        assert b" l" not in page.Contents.read_bytes()  # no lines: no marks drawn


def test_ttfont_pickles_once_state_and_scale_are_left_out():
    register_fonts()
    font = _parsed_fonts()[0]
    with pytest.raises((TypeError, AttributeError, pickle.PicklingError)):
        pickle.dumps(font)
    restored = adapter.restore_font(pickle.loads(pickle.dumps(adapter.picklable_font(font))))
    assert restored.stringWidth("Policy brief", 10) == font.stringWidth("Policy brief", 10)
    assert restored.face._pdfScale(2048) == font.face._pdfScale(2048)


def test_pyphen_keeps_parsed_dictionaries_in_hdcache_by_path():
    """Not ReportLab but the same kind of reach: hyphenation.py fills pyphen's cache."""
    import pyphen

    path = pyphen.LANGUAGES["en_US"]
    pyphen.Pyphen(lang="en_US")
    assert isinstance(pyphen.hdcache[path], pyphen.HyphDict)


#: ReportLab names the renderer may reach only through the adapter.
_INTERNALS = re.compile(
    r"\._doc\b|\._timeStamp|\._annotationrefs|\._addAnnotation|\._startPage|\._pageNumber"
    r"|\.pageCounter|__NoDefault__|\bblPara\b|\.permitted\b|\.otherkw\b|\.defaultStreamFilters"
    r"|\bhandle_flowable\b|\bframe\._y\b|_pdfScale|\.face\.|\.dict\.|\.sequence\b"
)


def test_no_other_render_module_reaches_into_reportlab_internals():
    from pathlib import Path

    folder = Path(adapter.__file__).parent
    for path in sorted(folder.glob("*.py")):
        if path.name == "adapter.py":
            continue
        found = _INTERNALS.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} uses {found}: move it into render/adapter.py"
