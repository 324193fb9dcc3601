"""Contract tests: each assumption `render/adapter.py` makes about ReportLab, one test each.

A ReportLab upgrade that breaks one turns its test red here, named after the assumption,
before any brief's PDF goes wrong.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table

from policybrief.render import adapter
from policybrief.render.fonts import register_fonts


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


def test_a_link_inside_the_document_names_its_destination_and_takes_a_description():
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.bookmarkPage("note-3")
    canvas.linkURL("https://example.org/", (10, 10, 50, 20))
    canvas.linkRect("", "note-3", (10, 30, 50, 40))
    url, inside = [canvas._doc.idToObject[str(ref.name)] for ref in canvas._annotationrefs]
    assert adapter.link_destination(url) is None
    assert adapter.link_destination(inside) == "note-3"
    adapter.set_annotation_entries(inside, StructParent=7)
    adapter.set_link_contents(inside, "Go to note 3")
    canvas.showPage()
    with _pdf(canvas, buffer) as pdf:
        [written] = [a for a in pdf.pages[0].Annots if "/Dest" in a]
        assert str(written.Contents) == "Go to note 3" and int(written.StructParent) == 7


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
        drawn = " ".join(
            " ".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
            for line in lines
        )
        assert drawn == paragraph.getPlainText()


class _RunsParagraph(Paragraph):
    """A paragraph drawn through RunRecordingText: its runs kept, each marked /R or /L."""

    runs: list = []
    spaced_lines = 0

    def beginText(self, x, y):  # noqa: N802
        def compose(runs):
            self.runs = runs
            code = []
            for run in runs:
                tag = "/L" if run.link else "/R"
                code += [f"{tag} BMC", *run.code, "EMC"] if run.texts else run.code
            return code

        whole = adapter.whole_paragraph_link(self)
        return adapter.RunRecordingText(
            self.canv, x, y, compose, ("/D BMC", "EMC"), whole, self.spaced_lines
        )


def _draw_runs(markup: str, width: float, spaced: int = 0) -> tuple[_RunsParagraph, bytes]:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    paragraph = _RunsParagraph(markup, style)
    paragraph.wrap(width, 500)
    paragraph.spaced_lines = spaced
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    paragraph.drawOn(canvas, 10, 400)
    canvas.showPage()
    with _pdf(canvas, buffer) as pdf:
        return paragraph, pdf.pages[0].Contents.read_bytes()


def _link_words(paragraph: _RunsParagraph) -> list[str]:
    return ["".join(t for t, _ in run.texts).strip() for run in paragraph.runs if run.link]


def test_run_recording_text_cuts_runs_where_a_links_words_begin_and_end():
    paragraph, content = _draw_runs(
        'before <a href="https://example.org/there" underline="1">the linked words</a> after', 400
    )
    assert [bool(run.link) for run in paragraph.runs] == [False, True, False]
    assert paragraph.runs[1].link[1] == "https://example.org/there"
    assert _link_words(paragraph) == ["the linked words"]
    text = content[content.rindex(b"BT") : content.rindex(b"ET")]
    assert re.search(rb"/L BMC[^()]*\(the linked words\) Tj[^()]*EMC", text)
    assert text.count(b"BMC") == text.count(b"EMC") == 3
    # the underline is painted outside the text object, between the decoration's markers
    decoration = content[content.index(b"/D BMC") : content.rindex(b"BT")]
    assert b" l" in decoration and decoration.rstrip().endswith(b"EMC")


def test_run_recording_text_gives_a_link_a_run_on_each_of_its_lines():
    paragraph, _ = _draw_runs('a <a href="https://example.org">one two three four</a> b', 60)
    words = _link_words(paragraph)
    assert len(words) > 1 and " ".join(words) == "one two three four"
    first = next(run for run in paragraph.runs if run.link)
    assert first.texts[-1][1], "a link's run on its first line ends with the line"


@pytest.mark.parametrize(
    "markup",
    [
        "alpha beta gamma delta epsilon zeta eta theta",
        "alpha <b>beta</b> gamma delta <i>eta</i> zeta",
    ],
    ids=["one-font", "fragments"],
)
def test_run_recording_text_ends_the_first_lines_in_a_space_without_moving_them(markup):
    paragraph, content = _draw_runs(markup, 50, spaced=2)
    plain, plain_content = _draw_runs(markup, 50)
    lines, line = [], ""
    for text, line_end in (piece for run in paragraph.runs for piece in run.texts):
        line += text
        if line_end:
            lines, line = [*lines, line], ""
    assert len(lines) > 3
    assert [text.endswith(" ") for text in lines] == [True, True] + [False] * (len(lines) - 2)
    assert re.findall(rb"[\d.]+ [\d.]+ T[dm]", content) == re.findall(
        rb"[\d.]+ [\d.]+ T[dm]", plain_content
    )


@pytest.mark.parametrize(
    "markup", ["considerable understanding", "<b>considerable</b> understanding <i>too</i>"]
)
def test_text_as_typed_is_the_plain_text_before_hyphenation_breaks_it(markup):
    style = ParagraphStyle(
        "t", fontName="Helvetica", fontSize=10, leading=12, hyphenationLang="en_GB"
    )
    paragraph = Paragraph(markup, style)
    typed = adapter.text_as_typed(paragraph)
    assert typed() == paragraph.getPlainText()
    paragraph.wrap(45, 500)  # narrow: "considerable" is broken at a line's end
    lines = adapter.paragraph_lines(paragraph)
    shown = [
        " ".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
        for line in lines
    ]
    assert any(text.endswith("-") for text in shown), shown
    assert typed() == re.sub(r"<[^>]+>", "", markup)


def test_a_one_font_paragraph_linked_as_a_whole_is_one_run_of_that_link():
    paragraph, _ = _draw_runs(
        '<a href="https://example.org/whole">all of it is the link here</a>', 60
    )
    assert paragraph.blPara.kind == 0
    [run] = paragraph.runs
    assert run.link[1] == "https://example.org/whole"
    assert " ".join(t.strip() for t, _ in run.texts) == "all of it is the link here"


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


# --- fonts and hyphenation dictionaries as plain data ---------------------------------------

_SAMPLE = "Islamabad’s “all-weather” friend: 1,250 km — ﬁne Ωmega ⁂ x"


def _font_paths() -> dict[str, str]:
    from importlib import resources

    from policybrief.render.fonts import _all_cuts

    folder = resources.files("policybrief") / "fonts"
    return {name: str(folder / f"{name}.ttf") for name in sorted(_all_cuts())}


def _fresh(name: str) -> Any:
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(name, _font_paths()[name])


def _through_json(data: Any) -> Any:
    return json.loads(json.dumps(data, allow_nan=False))


def _embedded(font: Any, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A PDF drawing the sample in `font`, registered in a registry of its own (registering
    also maps the font's bold and italic to itself: the family mappings are set back after)."""
    from reportlab.lib import fonts
    from reportlab.pdfbase import pdfmetrics

    with monkeypatch.context() as patch:
        patch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
        patch.setattr(pdfmetrics, "_dynFaceNames", {})
        patch.setattr(fonts, "_tt2ps_map", dict(fonts._tt2ps_map))
        patch.setattr(fonts, "_ps2tt_map", dict(fonts._ps2tt_map))
        pdfmetrics.registerFont(font)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        canvas.setFont(font.fontName, 11)
        canvas.drawString(20, 20, _SAMPLE)
        canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(_font_paths()))
def test_ttfont_data_round_trip_measures_and_embeds_alike(name, monkeypatch):
    """`font_to_data` takes every attribute of a parsed TTFont and its face; what
    `font_from_data` makes of it measures, subsets and embeds byte for byte as the parse."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase import pdfmetrics

    parsed = _fresh(name)
    data = _through_json(adapter.font_to_data(parsed))
    restored = adapter.font_from_data(data, _font_paths()[name])
    assert restored is not parsed and type(restored) is type(parsed)
    assert type(restored.face) is type(parsed.face)
    skip = {"_pdfScale"}
    assert {k: v for k, v in vars(restored.face).items() if k not in skip} == {
        k: v for k, v in vars(parsed.face).items() if k not in skip
    }
    for attribute in ("name", "familyName", "styleName", "fullName", "uniqueFontID"):
        assert type(getattr(restored.face, attribute)) is type(getattr(parsed.face, attribute))
        assert getattr(restored.face, attribute).ustr == getattr(parsed.face, attribute).ustr
    assert all(restored.face.table[t["tag"]] is t for t in restored.face.tables)
    assert {k for k in vars(restored)} == {k for k in vars(parsed)}
    assert (restored.fontName, restored._asciiReadable, restored.shapable) == (
        parsed.fontName,
        parsed._asciiReadable,
        parsed.shapable,
    )
    assert isinstance(restored.state, WeakKeyDictionary) and len(restored.state) == 0
    assert vars(restored.encoding) == vars(parsed.encoding)
    for size in (7.5, 10.5, 24):
        assert restored.stringWidth(_SAMPLE, size) == parsed.stringWidth(_SAMPLE, size)
    register_fonts()
    registered = pdfmetrics.getFont(name).face.charWidths  # shaping adds ligatures' codes
    assert {code: registered[code] for code in restored.face.charWidths} == (
        restored.face.charWidths
    )
    assert restored.face.charWidths == parsed.face.charWidths
    assert restored.face._pdfScale(500) == parsed.face._pdfScale(500) == 500
    assert type(restored.face._pdfScale(500)) is int
    subset = [0, 32, 65, 8220, 8221, 8217]
    assert restored.face.makeSubset(subset) == parsed.face.makeSubset(subset)
    assert _embedded(restored, monkeypatch) == _embedded(parsed, monkeypatch)


def test_ttfont_scale_for_other_units_per_em_is_reportlabs():
    parsed = _fresh("SourceSerifPro-Regular")
    data = _through_json(adapter.font_to_data(parsed))
    data["face"]["unitsPerEm"] = 2048
    restored = adapter.font_from_data(data, _font_paths()["SourceSerifPro-Regular"])
    assert restored.face._pdfScale(2048) == 1000 and restored.face._pdfScale(1024) == 500


def test_ttfont_data_is_plain_and_small():
    data = adapter.font_to_data(_fresh("SourceSansPro-Regular"))
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert len(text) < 100_000  # the font's bytes are not in it: they are read from the file


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _delete(path: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in parents:
            data = data[key]
        del data[last]

    return change


_BAD_FONT_DATA = {
    "a-list": lambda d: d.clear() or d.update({"x": []}),
    "no-face": _delete("face"),
    "an-extra-key": _set("extra", 1),
    "a-face-attribute-missing": _delete("face/charWidths"),
    "an-extra-face-attribute": _set("face/evil", 1),
    "name-not-text": _set("fontName", 7),
    "bool-for-int": _set("face/unitsPerEm", True),
    "str-for-int": _set("face/numGlyphs", "1414"),
    "float-for-int": _set("face/flags", 4.0),
    "none-for-number": _set("face/ascent", None),
    "a-name-beyond-latin-1": _set("face/familyName", "Ω"),
    "a-name-not-utf8": _set("face/name", "\xff\xfe"),
    "bytes-as-a-list": _set("face/subfontNameX", [1]),
    "widths-as-a-dict": _set("face/charWidths", {"32": 233}),
    "widths-keys-as-text": _set("face/charWidths/keys", ["32"]),
    "widths-unequal-lengths": _set(
        "face/charWidths", {"keys": [1, 2], "values": {"array": "uint16", "base64": "AQA="}}
    ),
    "widths-a-key-twice": _set("face/charWidths", {"keys": [1, 1], "values": [5, 6]}),
    "an-unknown-array": _set("face/glyphPos", {"array": "float32", "base64": ""}),
    "an-array-not-base64": _set("face/glyphPos", {"array": "uint16", "base64": "!!!!"}),
    "an-array-cut-mid-item": _set("face/glyphPos", {"array": "int32", "base64": "AQID"}),
    "an-array-with-extra-keys": _set(
        "face/glyphPos", {"array": "uint16", "base64": "", "code": "x"}
    ),
    "hmetrics-odd": _set("face/hmetrics", {"array": "uint16", "base64": "AQA="}),
    "glyph-lists-not-adding-up": _set(
        "face/glyphToChar/values",
        {
            "lengths": {"array": "uint16", "base64": "BQA="},
            "items": {"array": "uint16", "base64": "AQA="},
        },
    ),
    "a-table-entry-missing-a-field": _delete("face/tables/0/checksum"),
    "a-table-entry-not-a-record": _set("face/tables", [7]),
    "revision-not-a-pair": _set("face/fontRevision", [1, 2, 3]),
    "no-units-per-em": _set("face/unitsPerEm", 0),
    "another-files-digest": _set("face/_ttf_data/sha256", "0" * 64),
    "another-files-size": _set("face/_ttf_data/bytes", 12),
    "a-huge-size": _set("face/_ttf_data/bytes", 1 << 40),
    "no-file-record": _delete("face/_ttf_data"),
    "more-glyphs-than-metrics": _set("face/numGlyphs", 5000),
}


@pytest.mark.parametrize("change", _BAD_FONT_DATA.values(), ids=_BAD_FONT_DATA.keys())
def test_ttfont_data_of_another_shape_raises(change):
    data = _through_json(adapter.font_to_data(_fresh("SourceSerifPro-It")))
    change(data)
    with pytest.raises((TypeError, ValueError, KeyError)):
        adapter.font_from_data(data, _font_paths()["SourceSerifPro-It"])


def test_ttfont_data_read_with_another_font_file_raises():
    paths = _font_paths()
    data = _through_json(adapter.font_to_data(_fresh("SourceSerifPro-It")))
    with pytest.raises(ValueError, match="not the font file"):
        adapter.font_from_data(data, paths["SourceSansPro-It"])


def test_ttfont_data_of_another_face_raises():
    """Faces swapped between two fonts' entries: the file digest travels with the face."""
    paths = _font_paths()
    serif = _through_json(adapter.font_to_data(_fresh("SourceSerifPro-It")))
    sans = _through_json(adapter.font_to_data(_fresh("SourceSansPro-It")))
    serif["face"] = sans["face"]
    with pytest.raises(ValueError, match="not the font file"):
        adapter.font_from_data(serif, paths["SourceSerifPro-It"])


def test_ttfont_to_data_refuses_a_used_or_changed_font():
    font = _fresh("SourceSansPro-Bold")
    font.face.extra = 1
    with pytest.raises(TypeError):
        adapter.font_to_data(font)
    font = _fresh("SourceSansPro-Bold")
    document = Canvas(io.BytesIO())._doc
    font.state[document] = object()
    with pytest.raises(TypeError):
        adapter.font_to_data(font)
    font = _fresh("SourceSansPro-Bold")
    font.face.charWidths[32] = "wide"
    with pytest.raises(TypeError):
        adapter.font_to_data(font)


_WORDS = [
    "hyphenation",
    "representatives",
    "Verhältnismäßigkeit",
    "Schifffahrt",
    "asszonnyal",
    "Rendszerrel",
    "érdekében",
    "lettergrepen",
    "coopération",
]


@pytest.mark.parametrize("language", ["en_GB", "en_US", "de", "hu", "nl", "ca", "fr"])
def test_hyphenation_data_round_trip_hyphenates_alike(language):
    """`hyphenation_to_data` keeps every pattern, DataInts (nonstandard hyphenation, as in
    Hungarian) with their data; the rebuilt HyphDict is not parsed and breaks words alike."""
    import pyphen

    parsed = pyphen.HyphDict(pyphen.LANGUAGES[language])
    data = _through_json(adapter.hyphenation_to_data(parsed))
    restored = adapter.hyphenation_from_data(data)
    assert type(restored) is pyphen.HyphDict and set(vars(restored)) == set(vars(parsed))
    assert restored.patterns == parsed.patterns and restored.maxlen == parsed.maxlen
    for key, (_, values) in parsed.patterns.items():
        for mine, theirs in zip(restored.patterns[key][1], values, strict=True):
            assert type(mine) is type(theirs) and getattr(mine, "data", 0) == getattr(
                theirs, "data", 0
            )
    for word in _WORDS:
        mine, theirs = restored.positions(word), parsed.positions(word)
        assert mine == theirs and [p.data for p in mine] == [p.data for p in theirs]


def test_hyphenation_data_of_hungarian_keeps_nonstandard_hyphenation():
    import pyphen

    parsed = pyphen.HyphDict(pyphen.LANGUAGES["hu"])
    data = adapter.hyphenation_to_data(parsed)
    assert any(type(entry) is list for entry in data["patterns"].values())


_BAD_HYPHENATION_DATA = {
    "a-list": [],
    "no-maxlen": {"patterns": {"ab": "01"}},
    "an-extra-key": {"patterns": {"ab": "01"}, "maxlen": 2, "x": 1},
    "wrong-maxlen": {"patterns": {"ab": "01"}, "maxlen": 3},
    "no-patterns": {"patterns": {}, "maxlen": 0},
    "an-empty-pattern": {"patterns": {"": "01"}, "maxlen": 0},
    "not-digits": {"patterns": {"ab": "0x"}, "maxlen": 2},
    "other-digits": {"patterns": {"ab": "0٣"}, "maxlen": 2},
    "only-an-offset": {"patterns": {"ab": "0"}, "maxlen": 2},
    "a-number": {"patterns": {"ab": 1}, "maxlen": 2},
    "a-bool-value": {"patterns": {"ab": [0, True]}, "maxlen": 2},
    "a-short-list": {"patterns": {"ab": [0]}, "maxlen": 2},
    "a-data-int-short": {"patterns": {"ab": [0, [1, "ff=f", 1]]}, "maxlen": 2},
    "a-data-int-of-text": {"patterns": {"ab": [0, ["1", "ff=f", 1, 1]]}, "maxlen": 2},
    "patterns-a-list": {"patterns": [["ab", "01"]], "maxlen": 2},
}


@pytest.mark.parametrize("data", _BAD_HYPHENATION_DATA.values(), ids=_BAD_HYPHENATION_DATA.keys())
def test_hyphenation_data_of_another_shape_raises(data):
    with pytest.raises((TypeError, ValueError, KeyError)):
        adapter.hyphenation_from_data(data)


def test_hyphenation_to_data_refuses_another_kind_of_dictionary():
    import pyphen

    parsed = pyphen.HyphDict(pyphen.LANGUAGES["nl"])
    parsed.extra = 1
    with pytest.raises(TypeError):
        adapter.hyphenation_to_data(parsed)
    with pytest.raises(TypeError):
        adapter.hyphenation_to_data({"patterns": {}})


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
    r"|\._frame\b|\._cellvalues\b"
)


def test_no_other_render_module_reaches_into_reportlab_internals():
    from pathlib import Path

    folder = Path(adapter.__file__).parent
    for path in sorted(folder.glob("*.py")):
        if path.name == "adapter.py":
            continue
        found = _INTERNALS.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} uses {found}: move it into render/adapter.py"


# --- font subsets ------------------------------------------------------------------------------


def _subset_fonts(text_by_font: dict[str, str]) -> list:
    """Draw each text in its bundled font on one page; the written PDF's fonts."""
    from policybrief.render.fonts import register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for n, (name, text) in enumerate(text_by_font.items()):
        canvas.setFont(name, 10)
        canvas.drawString(20, 700 - 20 * n, text)
    canvas.showPage()
    pdf = _pdf(canvas, buffer)
    fonts = pdf.pages[0].Resources.Font.values()  # a bare canvas also names Helvetica, unused
    return pdf, [font for font in fonts if "+" in str(font.BaseFont)]


def test_each_subset_has_a_tag_of_its_own_and_the_same_tag_every_time():
    texts = {"SourceSerifPro-Regular": "Islamabad", "SourceSansPro-Regular": "Islamabad"}
    first, fonts = _subset_fonts(texts)
    tags = [str(font.BaseFont)[1:7] for font in fonts]
    assert all(re.fullmatch(r"[A-Z]{6}", tag) for tag in tags)
    assert len(set(tags)) == 2 and "AAAAAA" not in tags
    again, fonts_again = _subset_fonts(texts)
    assert [str(f.BaseFont) for f in fonts_again] == [str(f.BaseFont) for f in fonts]
    for font in fonts:  # the descriptor names the same subset
        assert font.FontDescriptor.FontName == font.BaseFont
    first.close()
    again.close()


def test_the_tounicode_map_has_no_control_codes_and_still_maps_what_is_drawn():
    pdf, [font] = _subset_fonts({"SourceSerifPro-Regular": "Zürich “all-weather” ½"})
    cmap = font.ToUnicode.read_bytes().decode("ascii")
    points = [int(p, 16) for p in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4})>", cmap)]
    assert points and not [p for p in points if p < 0x20 or p in (0xFEFF, 0xFFFE)]
    for char in "Zürich“”½":
        assert ord(char) in points
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts and max(counts) <= 100 and sum(counts) == len(points)
    pdf.close()


def test_subset_tag_depends_on_the_subset_and_the_font():
    assert adapter.subset_tag(b"A", [65, 66]) == adapter.subset_tag(b"A", [65, 66])
    assert adapter.subset_tag(b"A", [65, 66]) != adapter.subset_tag(b"A", [65, 67])
    assert adapter.subset_tag(b"A", [65, 66]) != adapter.subset_tag(b"B", [65, 66])


def test_streams_end_with_crlf_before_endstream_and_keep_their_length():
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFStream

    adapter.end_streams_with_an_end_of_line()
    adapter.end_streams_with_an_end_of_line()  # twice is once
    document = PDFDocument()
    document.defaultStreamFilters = None
    stream = PDFStream(content=b"data\r")
    written = stream.format(document)
    assert written.endswith(b"stream\ndata\r\r\nendstream\n")
    assert b"/Length 5" in written


def test_shaped_text_is_measured_as_drawn_kerned_and_its_ligatures_read_as_letters(tmp_path):
    """shape_all_text_with: a paragraph and a canvas string in a registered font are measured
    at their shaped width and drawn kerned (TJ), the f_t ligature reads "ft" in three
    readers, and the subset's /Widths are the embedded glyphs' advances."""
    import pdfplumber
    import pypdf
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    from policybrief.render.fonts import register_fonts

    register_fonts()
    font = getFont("SourceSerifPro-Regular")
    nominal = sum(font.face.charWidths[ord(c)] for c in "Taliban") * 26 / 1000
    assert stringWidth("Taliban", font.fontName, 26) < nominal - 1  # "Ta" kerned by ~1.7 pt
    style = ParagraphStyle("t", fontName=font.fontName, fontSize=26, leading=30)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    paragraph = Paragraph("After the Taliban took office", style)
    paragraph.wrap(500, 200)
    paragraph.drawOn(canvas, 20, 600)
    canvas.setFont(font.fontName, 26)
    canvas.drawRightString(500, 400, "Taliban")
    canvas.showPage()
    canvas.save()
    path = tmp_path / "shaped.pdf"
    path.write_bytes(buffer.getvalue())
    with pikepdf.open(path) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
        assert content.count(b"TJ") == 2
    read_as = adapter.ligature_texts(font)
    (ligature,) = [code for code, letters in read_as.items() if letters == "ft"]
    glyph = font.face.charToGlyph[ligature]
    assert font.face.charWidths[ligature] == font.shaper.advance(glyph) > 0  # /Widths' source
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert "After the Taliban took office" in " ".join(text.split())
    assert (
        "After the Taliban took office"
        in subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        assert "After the Taliban took office" in page.extract_text()
        right = [c for c in page.chars if c["top"] > 400]
    assert abs(right[-1]["x1"] - 500) < 0.5  # right-aligned by its shaped width


def test_a_fallback_run_is_written_in_its_own_font_and_the_text_font_comes_back(tmp_path):
    """shape_all_text_with's fallback: text a font cannot draw is written after the Tf of
    the font that falls back (its subset embedded, named by getSubsetInternalName), glyphs
    raised by a text rise (Ts) that returns to the text object's own `_rise` (a superscript's)
    after them, and the text's own font is set again (`_curSubset` -1) for what follows."""
    from reportlab.pdfbase.pdfmetrics import getFont

    from policybrief.render.fonts import register_fonts, use_language

    register_fonts()
    use_language("ur")  # Nastaliq: raised glyphs
    try:
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        text = canvas.beginText(20, 600)
        text.setFont("SourceSerifPro-Regular", 12)
        text.setRise(3)
        assert text._rise == 3
        text.textOut("word ")
        text.textOut("\u0627\u0639\u062a\u0645\u0627\u062f")
        text.textOut(" word")
        canvas.drawText(text)
        canvas.showPage()
        canvas.save()
    finally:
        use_language("en")
    path = tmp_path / "fallback.pdf"
    path.write_bytes(buffer.getvalue())
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        fonts = {str(f.BaseFont).split("+")[-1] for f in page.Resources.Font.values()}
        operators = [
            (str(operator), [str(o) for o in operands])
            for operands, operator in pikepdf.parse_content_stream(page)
        ]
    assert "SourceSerifPro-Regular" in fonts and "NotoNastaliqUrdu-Regular" in fonts, fonts
    names = [operands[0] for operator, operands in operators if operator == "Tf"]
    names = [name for name in names if "+" in name]  # the canvas's Helvetica aside
    assert len(names) == 3 and names[0] == names[2] != names[1]  # text, Nastaliq, text again
    rises = [float(operands[0]) for operator, operands in operators if operator == "Ts"]
    assert rises[0] == 3 and rises[-1] == 3 and len(set(rises)) > 2
    assert getFont("NotoNastaliqUrdu-Regular").setter is not None


# --- line breaking ----------------------------------------------------------------------------


def _hyphenated_style(font: str = "Helvetica") -> ParagraphStyle:
    return ParagraphStyle(
        "p",
        fontName=font,
        fontSize=10,
        leading=12,
        hyphenationLang=lambda word: [(word[:4], word[4:])] if len(word) > 8 else [],
        hyphenationMinWordLength=8,
        embeddedHyphenation=0,
    )


@pytest.mark.parametrize("text", ["plain words", "<i>mixed</i> fonts"])
def test_each_word_that_does_not_fit_is_put_to_the_judge(text):
    """A refusal moves the word down whole; an allowance lets ReportLab break it; the judge
    hears every line end where a word did not fit, in order, with the room left free."""
    words = f"{text} " + " ".join(["extraordinarily"] * 12)
    asked: list[tuple[int, float]] = []

    def allow(end: int, free: float) -> bool:
        asked.append((end, free))
        return end % 2 == 0

    judge = adapter.WordBreakJudge(allow)
    paragraph = Paragraph(words, _hyphenated_style())
    with adapter.judging_word_breaks(judge):
        lines = adapter.broken_lines(paragraph.breakLines([120]))
    texts = [adapter.line_text(line) for line in lines]
    assert [end for end, _ in asked] == list(range(len(asked))) and len(asked) >= 3
    assert all(0 <= free <= 120 for _, free in asked)
    assert judge.broken and all(end % 2 == 0 for end in judge.broken)
    assert [at for at, t in enumerate(texts) if t.rstrip().endswith("-")] == judge.broken
    # outside the context, ReportLab breaks every word it can, asking no one
    count = len(asked)
    again = adapter.broken_lines(Paragraph(words, _hyphenated_style()).breakLines([120]))
    assert len(asked) == count
    assert sum(adapter.line_text(line).rstrip().endswith("-") for line in again) > len(judge.broken)


@pytest.mark.parametrize("text", ["one font only here", "<b>two</b> fonts here"])
def test_a_line_is_text_and_unused_width(text):
    paragraph = Paragraph(text, _hyphenated_style())
    paragraph.wrap(400, 100)
    assert adapter.is_wrapped(paragraph)
    (line,) = adapter.paragraph_lines(paragraph)
    plain = text.replace("<b>", "").replace("</b>", "")
    assert adapter.line_text(line).split() == plain.split()
    bold = "two" if "<b>" in text else ""
    used = stringWidth(plain, "Helvetica", 10) + stringWidth(bold, "Helvetica-Bold", 10)
    used -= stringWidth(bold, "Helvetica", 10)
    assert adapter.line_unused_width(line) == pytest.approx(400 - used, abs=0.01)


@pytest.mark.parametrize("text", ["a title set in one font", "a <b>title</b> in two fonts"])
def test_widened_lines_draw_where_their_narrower_measure_put_them(text):
    """Lines broken at 60 pt and widened by 40 keep their words and are drawn as if broken
    in 100 pt: the unused width grows by exactly 40, and left-aligned text does not move."""
    style = _hyphenated_style()
    narrow = adapter.broken_lines(Paragraph(text, style).breakLines([60]))
    before = [adapter.line_unused_width(line) for line in narrow]
    words = [adapter.line_text(line) for line in narrow]
    result = Paragraph(text, style).breakLines([60])
    widened = adapter.broken_lines(adapter.widened(result, 40))
    assert [adapter.line_text(line) for line in widened] == words
    assert [adapter.line_unused_width(line) for line in widened] == pytest.approx(
        [b + 40 for b in before]
    )


# --- pagination: measuring flowables inside a split, counting a table's rows ----------------


def test_lent_frame_gives_a_flowable_what_frame_split_gives_it():
    """Frame.split sets `canv` and `_frame` on the flowable it splits, and deletes them
    after; KeepTogether needs `canv` to wrap, so a flowable measuring one must lend it."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import KeepTogether

    seen = {}

    class Holder(Paragraph):
        def split(self, availWidth, availHeight):
            seen["canv"], seen["frame"] = getattr(self, "canv", None), getattr(self, "_frame", None)
            inner = KeepTogether([Paragraph("x", getSampleStyleSheet()["Normal"])])
            with adapter.lent_frame(self, [inner]):
                seen["wrapped"] = inner.wrap(availWidth, availHeight)
            seen["returned"] = not hasattr(inner, "canv") and not hasattr(inner, "_frame")
            return []

    canvas = Canvas(io.BytesIO())
    frame = Frame(0, 0, 200, 100)
    holder = Holder("y " * 400, getSampleStyleSheet()["Normal"])
    frame.split(holder, canvas)
    assert seen["canv"] is canvas and seen["frame"] is frame
    assert seen["wrapped"][1] > 0 and seen["returned"]
    assert not hasattr(holder, "canv") and not hasattr(holder, "_frame")
    bare = KeepTogether([Paragraph("x", getSampleStyleSheet()["Normal"])])
    with pytest.raises(AttributeError):
        bare.wrap(200, 100)  # what lent_frame is for


def test_table_rows_counts_the_rows_of_each_part_of_a_split_table():
    table = Table([["head"], *[[f"row {n}"] for n in range(20)]], repeatRows=1)
    table.wrap(100, 1000)
    first, rest = table.split(100, 120)
    assert adapter.table_rows(table) == 21
    assert adapter.table_rows(first) + adapter.table_rows(rest) == 22  # the header twice


@pytest.mark.parametrize("between", ["\u202f", "\u00a0"])
def test_a_narrow_no_break_space_never_breaks_a_line(between):
    """ "négocier\u202f?" and "«\u202foui\u202f»" stay whole at every width: no line starts
    with the mark, and the space itself is kept (it is drawn, not dropped as a break)."""
    adapter.keep_narrow_no_break_spaces()
    text = (
        f"Faut-il vraiment négocier{between}? Il a répondu «{between}oui{between}» puis il "
        "est parti."
    )
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    for width in range(60, 400, 7):
        paragraph = Paragraph(text, style)
        paragraph.wrap(width, 1000)
        lines = [adapter.line_text(line).strip() for line in adapter.paragraph_lines(paragraph)]
        assert not any(line[:1] in "?»" for line in lines), (width, lines)
        assert not any(line.endswith("«") for line in lines), (width, lines)
        assert "".join(lines).count(between) >= 3
