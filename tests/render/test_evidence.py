"""Figures, charts, tables and notes, checked in the built PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

import policybrief
from policybrief.errors import BriefError
from policybrief.model.theme import Theme
from policybrief.render.context import make_context
from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

SHOWCASE = ROOT / "briefs" / "showcase.yaml"
HEAD = """\
title: Evidence
date: 2021-09-20
summary: [One point.]
sections:
  - heading: Evidence
    body:
"""


@pytest.fixture(scope="module")
def showcase(tmp_path_factory) -> Path:
    return build_pdf(SHOWCASE, tmp_path_factory.mktemp("showcase") / "showcase.pdf")


def _brief(folder: Path, body: str, extra: str = "") -> Path:
    path = folder / "brief.yaml"
    path.write_text(HEAD + body + extra, encoding="utf-8")
    return path


def test_raster_figure_is_an_image_at_the_column_width(tmp_path):
    Image.new("RGB", (1800, 900), "#336699").save(tmp_path / "wide.png")
    out = build_pdf(
        _brief(
            tmp_path,
            "      - figure: Wide\n        image: wide.png\n        alt: A blue rectangle.\n",
        ),
        tmp_path / "x.pdf",
    )
    column = make_context(Theme(name="t"), "a4").body_width
    with pdfplumber.open(out) as pdf:
        [image] = [i for page in pdf.pages for i in page.images]
    assert image["srcsize"] == (1800, 900)
    assert image["width"] == pytest.approx(column, abs=0.5)
    assert image["height"] == pytest.approx(column / 2, abs=0.5)


def test_small_image_is_never_enlarged_and_warns_for_print(tmp_path):
    Image.new("RGB", (120, 60), "#336699").save(tmp_path / "small.png")
    brief = _brief(
        tmp_path,
        "      - figure: Small\n        image: small.png\n        alt: A small rectangle.\n",
    )
    result = policybrief.build(brief, tmp_path / "x.pdf")
    [warning] = result.warnings
    assert (warning.path, warning.line, warning.col) == (str(brief), 8, 16)
    assert warning.message.startswith(
        "sections > #1 > body > #1 > image: 'small.png' prints at 72 dpi"
    )
    out = result.output
    with pdfplumber.open(out) as pdf:
        [image] = [i for page in pdf.pages for i in page.images]
    assert image["width"] == pytest.approx(120, abs=0.5)


def test_svg_figure_is_vector_and_its_text_is_ours(showcase):
    with pdfplumber.open(showcase) as pdf:
        page = next(p for p in pdf.pages if "How a brief becomes a PDF" in p.extract_text())
        assert not page.images
        assert "brief.yaml" in page.extract_text()
        assert all("+Source" in c["fontname"] for c in page.chars)  # no SVG font leaks in


def test_charts_are_vector_drawings_with_text_labels(showcase):
    with pdfplumber.open(showcase) as pdf:
        page = next(p for p in pdf.pages if "briefs published per quarter" in p.extract_text())
        text = page.extract_text()
        for label in ("Q1", "Q4", "Briefs", "Reports"):
            assert label in text
        assert "snoitacilbuP" in text  # the vertical axis title, read bottom to top
        assert len(page.rects) >= 8  # the bars: vector rectangles, not a picture


def test_figures_and_tables_are_numbered_in_order(showcase):
    text = " ".join(page.extract_text() for page in PdfReader(showcase).pages)
    assert re.findall(r"Figure (\d+)\.", text) == ["1", "2", "3", "4", "5"]
    assert re.findall(r"Table (\d+)\.", text) == ["1", "2"]


def test_table_header_repeats_on_every_page(tmp_path):
    rows = "".join(f"          - [Country {n}, '{n * 3}', '{n}%']\n" for n in range(1, 90))
    out = build_pdf(
        _brief(
            tmp_path,
            "      - table: Long\n        columns: [Name, Value, Share]\n        rows:\n" + rows,
        ),
        tmp_path / "x.pdf",
    )
    pages = PdfReader(out).pages
    spanned = [p.extract_text() for p in pages if "Country" in p.extract_text()]
    assert len(spanned) >= 2
    for text in spanned:
        assert "Name" in text and "Value" in text and "Share" in text


def test_numeric_columns_align_right(tmp_path):
    out = build_pdf(
        _brief(
            tmp_path,
            "      - table: Numbers\n        columns: [Name, Value]\n"
            "        rows:\n          - [Short, '1']\n"
            "          - [A longer name, '1,234.5']\n",
        ),
        tmp_path / "x.pdf",
    )
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words()
    rows = [next(w for w in words if w["text"] == name) for name in ("Short", "longer")]
    values = [
        next(w for w in words if w["text"] == value and abs(w["top"] - row["top"]) < 2)
        for value, row in zip(("1", "1,234.5"), rows)
    ]
    assert abs(values[0]["x1"] - values[1]["x1"]) < 0.5


def test_table_too_wide_for_the_column_is_located(tmp_path):
    word = "Unbreakable" * 6
    brief = _brief(
        tmp_path,
        f"      - table: Wide\n        columns: [{word}, {word}]\n"
        f"        rows:\n          - [{word}, {word}]\n",
    )
    with pytest.raises(BriefError) as caught:
        build_pdf(brief, tmp_path / "x.pdf")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (7, 9)
    assert "the table needs" in problem.message and "width: full" in problem.hint


def _link_pages(pdf: Path) -> set[tuple[int, int]]:
    """(page of the link, page it leads to) for every internal link."""
    with pikepdf.open(pdf) as doc:
        index = {page.objgen: number for number, page in enumerate(doc.pages)}
        return {
            (number, index[annot.Dest[0].objgen])
            for number, page in enumerate(doc.pages)
            for annot in page.get("/Annots", [])
            if "/Dest" in annot and isinstance(annot.Dest, pikepdf.Array)
        }


def test_citations_link_to_their_notes_and_back(tmp_path):
    out = build_pdf(SEED, tmp_path / "seed.pdf")
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    notes = next(n for n, t in enumerate(texts) if "1. “The Widening Gap" in t)
    markers = [
        next(n for n, t in enumerate(texts) if "still further.1" in t),
        next(n for n, t in enumerate(texts) if "Ambassador to Afghanistan:2" in t),
    ]
    links = _link_pages(out)
    for marker in markers:
        assert (marker, notes) in links  # the marker leads to its note
        assert (notes, marker) in links  # the note's number leads back


def test_seed_notes_are_the_source_and_the_quote(tmp_path):
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(build_pdf(SEED, tmp_path / "s.pdf")).pages
    )
    assert "1. “The Widening Gap Between the U.S. and Pakistan – What To Do?”, Four Rounds" in text
    assert "2. Ryan Crocker, former U.S. Ambassador to Afghanistan, as quoted" in text


def test_showcase_copies_build_with_relative_images(tmp_path):
    shutil.copytree(ROOT / "briefs", tmp_path / "briefs")
    out = build_pdf(tmp_path / "briefs" / "showcase.yaml", tmp_path / "s.pdf")
    assert len(PdfReader(out).pages) >= 6


LOGO = "organization:\n  name: Example Institute\n  logo: {logo}\n"


def test_organization_logo_is_drawn_on_page_one_at_logo_height(tmp_path):
    """On page 1 under the title, and again at the foot of the back matter (here on page 1
    too: the brief is short)."""
    Image.new("RGB", (400, 100), "#336699").save(tmp_path / "logo.png")
    out = build_pdf(
        _brief(tmp_path, "      - Text.\n", LOGO.format(logo="logo.png")), tmp_path / "x.pdf"
    )
    with pdfplumber.open(out) as pdf:
        image, back = sorted(pdf.pages[0].images, key=lambda i: i["top"])
        assert back["top"] > pdf.pages[0].height * 0.7  # at the page's foot
    assert image["height"] == pytest.approx(28, abs=0.5)
    assert image["width"] == pytest.approx(112, abs=0.5)
    with pikepdf.open(out) as pdf:
        figures = [
            node
            for node in _structure_nodes(pdf.Root.StructTreeRoot)
            if node.get("/S") == "/Figure"
        ]
    assert [str(f.Alt) for f in figures] == ["Example Institute logo"] * 2


def test_missing_organization_logo_is_located(tmp_path):
    brief = _brief(tmp_path, "      - Text.\n", LOGO.format(logo="nowhere.png"))
    with pytest.raises(BriefError) as caught:
        build_pdf(brief, tmp_path / "x.pdf")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (10, 9)
    assert "no image at 'nowhere.png'" in problem.message


def _structure_nodes(node):
    yield node
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                yield from _structure_nodes(kid)
    elif isinstance(kids, pikepdf.Dictionary):
        yield from _structure_nodes(kids)


def test_low_resolution_logo_warns_at_its_line(tmp_path):
    Image.new("RGB", (40, 10), "#336699").save(tmp_path / "logo.png")
    brief = _brief(tmp_path, "      - Text.\n", LOGO.format(logo="logo.png"))
    [warning] = policybrief.build(brief, tmp_path / "x.pdf").warnings
    assert (warning.path, warning.line, warning.col) == (str(brief), 10, 9)
    assert warning.message.startswith("organization > logo: 'logo.png' prints at 26 dpi")


@pytest.mark.parametrize(
    ("make_logo", "message"),
    [
        (
            lambda path: Image.new("1", (20000, 10000)).save(path / "logo.png"),
            "'logo.png' has too many pixels to open safely",
        ),
        (
            lambda path: (path / "logo.svg").write_text(
                '<svg xmlns="http://www.w3.org/2000/svg" width="1e400" height="10"/>'
            ),
            "'logo.svg' has no size",
        ),
    ],
    ids=["decompression-bomb", "infinite-svg"],
)
def test_logo_that_cannot_be_placed_is_located(tmp_path, make_logo, message):
    make_logo(tmp_path)
    [name] = [p.name for p in tmp_path.iterdir()]
    brief = _brief(tmp_path, "      - Text.\n", LOGO.format(logo=name))
    with pytest.raises(BriefError) as caught:
        build_pdf(brief, tmp_path / "x.pdf")
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (10, 9)
    assert message in problem.message
