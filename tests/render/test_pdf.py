"""The built PDF, opened and inspected: pages, fonts, text, outline, metadata, links."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from policybrief.load import load_brief
from policybrief.text import to_plain
from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

A4 = (595.276, 841.89)
LETTER = (612, 792)


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def _words(text: str) -> str:
    """Text with typographic variation folded, for comparing extracted text with the source."""
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def test_seed_brief_has_at_least_four_a4_pages(seed_pdf):
    pages = PdfReader(seed_pdf).pages
    assert len(pages) >= 4
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.5
        )


def test_letter_paper_gives_letter_pages(seed_letter_pdf):
    for page in PdfReader(seed_letter_pdf).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER)


def _fonts(pdf: Path) -> dict[str, pikepdf.Dictionary]:
    found = {}
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                found[str(font.BaseFont)] = font
        return {
            name: (font.get("/FontDescriptor") is not None and "/FontFile2" in font.FontDescriptor)
            for name, font in found.items()
        }


@pytest.mark.parametrize("pdf_fixture", ["seed_pdf", "seed_letter_pdf"])
def test_every_font_is_embedded_and_subset(pdf_fixture, request):
    fonts = _fonts(request.getfixturevalue(pdf_fixture))
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert embedded, f"{name} is not embedded"
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not subset"
        assert "Helvetica" not in name


def test_text_has_every_heading_and_the_quote(seed_pdf):
    brief = load_brief(SEED)
    text = _words(_text(seed_pdf))
    for section in brief.sections:
        assert _words(to_plain(section.heading)) in text
    quotes = [b for s in brief.sections for b in s.body if hasattr(b, "quote")]
    assert quotes, "the seed brief has a pull quote"
    for quote in quotes:
        assert _words(quote.quote) in text
    assert "Ryan Crocker" in text


def test_page_one_has_masthead_title_credit_and_takeaways(seed_pdf):
    first = _words(PdfReader(seed_pdf).pages[0].extract_text())
    brief = load_brief(SEED)
    assert "POLICY BRIEF EXAMPLES" in first and "NO. 1" in first
    assert "27 November 2026" in first
    assert _words(to_plain(brief.title)) in first
    assert "Four Rounds, 2021" in first
    assert "Key takeaways" in first
    for item in brief.summary:
        assert _words(to_plain(item))[:40] in first


def test_footer_is_the_folio(seed_pdf):
    pages = PdfReader(seed_pdf).pages
    for number, page in enumerate(pages, start=1):
        assert page.extract_text().split()[-1] == str(number)


def test_running_head_from_page_two(seed_pdf):
    pages = PdfReader(seed_pdf).pages
    for page in pages[1:]:
        assert page.extract_text().startswith("POLICY BRIEF EXAMPLES")


def test_outline_lists_every_section_on_its_page(seed_pdf):
    brief = load_brief(SEED)
    reader = PdfReader(seed_pdf)
    outline = [item.title for item in reader.outline]
    expected = [f"{n}. {to_plain(s.heading)}" for n, s in enumerate(brief.sections, 1)]
    assert outline == [*expected, "Conclusion", "Notes", "About this brief"]
    for item in reader.outline:
        page = reader.pages[reader.get_destination_page_number(item)]
        heading = item.title.split(". ", 1)[-1]
        assert heading in " ".join(page.extract_text().split()), item.title


def test_metadata_and_viewer_preferences(seed_pdf):
    with pikepdf.open(seed_pdf) as doc:
        info = doc.docinfo
        assert str(info["/Title"]) == to_plain(load_brief(SEED).title)
        assert str(info.get("/Author", "")) == ""  # no authors; the publisher is not one
        assert str(info["/Subject"])
        assert "policy brief" in str(info["/Keywords"])
        assert str(info["/CreationDate"]).startswith("D:20261127")
        assert str(doc.Root.Lang) == "en"
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle)


def test_same_input_gives_identical_bytes(tmp_path):
    first = build_pdf(SEED, tmp_path / "a.pdf").read_bytes()
    second = build_pdf(SEED, tmp_path / "b.pdf").read_bytes()
    assert first == second


def test_source_date_epoch_sets_the_creation_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630454400")  # 2021-09-01T00:00:00Z
    pdf = build_pdf(SEED, tmp_path / "a.pdf")
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20210901")


def test_links_are_live(tmp_path):
    brief = tmp_path / "links.yaml"
    brief.write_text((ROOT / "src/policybrief/starter.yaml").read_text(), encoding="utf-8")
    pdf = build_pdf(brief, tmp_path / "links.pdf")
    uris = [
        str(a.A.URI)
        for page in pikepdf.open(pdf).pages
        for a in page.get("/Annots", [])
        if "/A" in a and "/URI" in a.A
    ]
    assert "https://example.org" in uris


def _uris(pdf: Path) -> list[bytes]:
    with pikepdf.open(pdf) as doc:
        return [
            bytes(a.A.URI)
            for page in doc.pages
            for a in page.get("/Annots", [])
            if "/A" in a and "/URI" in a.A
        ]


def test_a_non_ascii_address_is_written_as_an_ascii_uri_and_printed_as_typed(tmp_path):
    text = (ROOT / "src/policybrief/starter.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "- The closing paragraph.",
        "- See the [Zürich guide](https://zürich.ch/straße?q=ü) or [Bücher](https://bücher.de/ä).",
    )
    brief = tmp_path / "iri.yaml"
    brief.write_text(text, encoding="utf-8")
    pdf = build_pdf(brief, tmp_path / "iri.pdf")
    uris = _uris(pdf)
    assert b"https://xn--zrich-kva.ch/stra%C3%9Fe?q=%C3%BC" in uris
    assert b"https://xn--bcher-kva.de/%C3%A4" in uris
    assert all(uri.isascii() for uri in uris)  # PDF 32000-1, 12.6.4.7: 7-bit ASCII
    assert "See the Zürich guide or Bücher." in _words(_text(pdf))


def test_a_citation_inside_a_link_is_a_note_marker_between_the_links_parts(tmp_path):
    text = (ROOT / "src/policybrief/starter.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "- The closing paragraph.",
        "- Read [the *full* report [@src] online](https://example.org/r) today.",
    ).replace("disclaimer:", "references:\n  - id: src\n    text: The report.\ndisclaimer:")
    brief = tmp_path / "cite.yaml"
    brief.write_text(text, encoding="utf-8")
    pdf = build_pdf(brief, tmp_path / "cite.pdf")
    words = _words(_text(pdf))
    assert "[@src]" not in words and "](" not in words
    assert re.search(r"Read the full report ?1 ?online today\.", words), words
    assert _uris(pdf).count(b"https://example.org/r") == 2  # before the marker and after it


def test_user_markup_prints_literally(tmp_path):
    text = (ROOT / "src/policybrief/starter.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "- The closing paragraph.", "- 'Tags <b>stay</b> & <font color=red>print</font> as typed.'"
    )
    brief = tmp_path / "tags.yaml"
    brief.write_text(text, encoding="utf-8")
    extracted = _words(_text(build_pdf(brief, tmp_path / "tags.pdf")))
    assert "Tags <b>stay</b> & <font color=red>print</font> as typed." in extracted


def test_body_measure_is_55_to_75_characters(seed_pdf):
    """Full lines of body text (those not ending a paragraph) are within the quality bar."""
    import pdfplumber

    lengths = []
    with pdfplumber.open(seed_pdf) as doc:
        for page in doc.pages:
            body = [
                c
                for c in page.chars
                if "SerifPro-Regular" in c["fontname"] and abs(c["size"] - 10.5) < 0.1
            ]
            lines: dict[float, list] = {}
            for char in body:
                lines.setdefault(round(char["top"]), []).append(char)
            for chars in lines.values():
                lengths.append(
                    len(chars) + sum(1 for a, b in zip(chars, chars[1:]) if b["x0"] - a["x1"] > 1.5)
                )
    full = sorted(lengths)[len(lengths) // 2 :]  # the longer half: lines that filled the measure
    assert full, "no body lines found"
    assert 55 <= min(full) and max(full) <= 75, (min(full), max(full))


@pytest.mark.parametrize("pdf_fixture", ["seed_pdf", "seed_letter_pdf"])
def test_no_heading_is_stranded_at_a_page_foot(pdf_fixture, request):
    """Every section heading has at least two lines of text below it on its page."""
    import pdfplumber

    with pdfplumber.open(request.getfixturevalue(pdf_fixture)) as doc:
        headings = 0
        for page in doc.pages:
            heads = {
                round(c["top"])
                for c in page.chars
                if "SansPro-Semibold" in c["fontname"] and c["size"] > 14
            }
            for top in heads:
                below = {
                    round(c["top"])
                    for c in page.chars
                    if c["top"] > top + 10 and c["top"] < page.height - 60
                }
                assert len(below) >= 2, f"heading at {top} on page {page.page_number}"
            headings += len(heads)
    assert headings >= 5  # three sections, the conclusion, the back matter


def test_cover_contents_and_qr_code(tmp_path):
    """The showcase's own theme: a cover page, live contents, a QR code of the source."""
    import pdfplumber

    pdf = build_pdf(ROOT / "briefs" / "showcase.yaml", tmp_path / "showcase.pdf")
    reader = PdfReader(pdf)
    cover = reader.pages[0].extract_text()
    assert "Writing a Brief in YAML" in cover
    assert not cover.strip().splitlines()[-1].strip().isdigit()  # no folio on the cover
    assert reader.pages[1].extract_text().split()[-1] == "2"
    assert "Contents" in reader.pages[1].extract_text()
    # Each contents entry is a live link to a page of the document.
    with pikepdf.open(pdf) as doc:
        internal = [
            a
            for a in doc.pages[1].get("/Annots", [])
            if "/Dest" in a or ("/A" in a and a.A.get("/S") == "/GoTo")
        ]
        assert len(internal) == len(reader.outline)
    # The page numbers printed in the contents are the outline's.
    outline_pages = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    contents = reader.pages[1].extract_text().split("Contents", 1)[1]
    printed = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", contents, re.MULTILINE)]
    assert printed[: len(outline_pages)] == outline_pages
    with pdfplumber.open(pdf) as doc:
        modules = [r for page in doc.pages for r in page.rects if r["width"] < 3]
        assert len(modules) > 100, "no QR code modules"


def test_a_long_cover_title_shrinks_to_fit_the_panel(tmp_path):
    (tmp_path / "cover.yaml").write_text("extends: monochrome\nname: c\ncover: true\n")
    title = "A Very Long Title That Goes On About The Consequences Of A Decision " * 2
    brief = tmp_path / "b.yaml"
    brief.write_text(
        f"title: {title.strip()[:199]}\nsubtitle: {'A long dek. ' * 20}\n"
        "date: 2026-01-15\nsummary: [One.]\nsections:\n  - heading: H\n"
        "    body: [A paragraph.]\ntheme: cover.yaml\n",
        encoding="utf-8",
    )
    pages = PdfReader(build_pdf(brief, tmp_path / "b.pdf")).pages
    cover = _words(pages[0].extract_text())
    assert "A Very Long Title" in cover and "A long dek." in cover
    assert "Key takeaways" in pages[1].extract_text()


def test_series_with_markup_is_printed_plain_in_capitals(tmp_path):
    text = (ROOT / "src/policybrief/starter.yaml").read_text(encoding="utf-8")
    brief = tmp_path / "b.yaml"
    brief.write_text(
        text.replace(
            "series: Policy Brief", "series: '*Notes* from [here](https://example.org/abc)'"
        ),
        encoding="utf-8",
    )
    first = PdfReader(build_pdf(brief, tmp_path / "b.pdf")).pages[0].extract_text()
    assert "NOTES FROM HERE · NO. 1" in first
