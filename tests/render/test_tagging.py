"""The tagged PDF and PDF/A, checked with pikepdf (and poppler's pdfinfo where it reads)."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

SHOWCASE = ROOT / "briefs" / "showcase.yaml"
#: Operators that put marks on the page.
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tagged")
    return {
        "seed": build_pdf(SEED, folder / "seed.pdf"),
        "showcase": build_pdf(SHOWCASE, folder / "showcase.pdf"),
        "pdfa": build_pdf(SEED, folder / "pdfa.pdf", pdfa=True),
        "print": build_pdf(SEED, folder / "print.pdf", print_marks=True),
    }


ALL = ["seed", "showcase", "pdfa", "print"]


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            stack.append(node.K)
    return found


@pytest.mark.parametrize("name", ALL)
def test_catalog_is_marked_with_a_language_and_a_title_shown(pdfs, name):
    with pikepdf.open(pdfs[name]) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == ("en-GB" if name == "showcase" else "en")
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        [document] = pdf.Root.StructTreeRoot.K
        assert str(document.S) == "/Document"


@pytest.mark.parametrize("name", ALL)
def test_every_painting_operator_is_tagged_or_an_artifact(pdfs, name):
    with pikepdf.open(pdfs[name]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            depth = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                elif op == "EMC":
                    depth -= 1
                    assert depth >= 0, f"EMC without BDC on page {number}"
                elif op in PAINTING:
                    assert depth > 0, f"{op} outside marked content on page {number}"
            assert depth == 0, f"marked content left open on page {number}"


def _mcids(page: pikepdf.Page) -> list[int]:
    return [
        int(operands[1].MCID)
        for operands, op in pikepdf.parse_content_stream(page)
        if str(op) == "BDC"
        and isinstance(operands[1], pikepdf.Dictionary)
        and "/MCID" in operands[1]
    ]


@pytest.mark.parametrize("name", ALL)
def test_every_mcid_is_claimed_once_and_points_back(pdfs, name):
    with pikepdf.open(pdfs[name]) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            mcids = _mcids(page)
            assert mcids == list(range(len(mcids)))  # each MCID once, in order
            owners = parents[int(page.StructParents)]
            assert len(owners) == len(mcids)
            for mcid, owner in enumerate(owners):
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert any(
                    (
                        not isinstance(k, pikepdf.Dictionary)
                        and int(k) == mcid
                        and owner.Pg.objgen == page.objgen
                    )
                    or (
                        isinstance(k, pikepdf.Dictionary)
                        and k.get("/Type") == "/MCR"
                        and int(k.MCID) == mcid
                        and k.Pg.objgen == page.objgen
                    )
                    for k in kids
                ), f"MCID {mcid}: no back-pointer"
            assert str(page.Tabs) == "/S"


def test_roles_appear_where_their_blocks_do(pdfs):
    with pikepdf.open(pdfs["seed"]) as pdf:
        seed = Counter(str(e.S)[1:] for e in _elements(pdf))
    with pikepdf.open(pdfs["showcase"]) as pdf:
        showcase = Counter(str(e.S)[1:] for e in _elements(pdf))
    assert seed["H1"] == 1 and seed["H2"] == 6  # takeaways, 3 sections, conclusion, back
    assert seed["BlockQuote"] == 1 and seed["Note"] == 2 and seed["Link"] >= 4
    # Lists: the 5 takeaways, the callout's 3 bullets, the 3 recommendation cards.
    assert seed["L"] == 3
    assert seed["LI"] == seed["Lbl"] == seed["LBody"] == 11
    for role in ("Figure", "Caption", "Table", "TR", "TH", "TD", "TOC", "TOCI", "Note"):
        assert showcase[role] > 0, role
    assert showcase["Figure"] == 6  # 2 images, 3 charts, the QR code


def test_figures_have_alt_text_and_a_box(pdfs):
    with pikepdf.open(pdfs["showcase"]) as pdf:
        figures = [e for e in _elements(pdf) if e.S == "/Figure"]
        for figure in figures:
            assert str(figure.Alt)
            assert figure.A.O == "/Layout" and len(figure.A.BBox) == 4
        alts = [str(f.Alt) for f in figures]
        assert any(a.startswith("Three boxes joined by arrows") for a in alts)


def test_table_headers_have_scope_and_are_not_repeated(tmp_path):
    rows = "".join(f"          - [Row {n}, '{n}']\n" for n in range(1, 80))
    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2021-09-20\nsummary: [S]\nsections:\n  - heading: H\n"
        "    body:\n      - table: Long\n        columns: [Name, Value]\n"
        "        rows:\n" + rows,
        encoding="utf-8",
    )
    pdf_path = build_pdf(brief, tmp_path / "b.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 2
        headers = [e for e in _elements(pdf) if e.S == "/TH"]
        assert len(headers) == 2  # the header drawn again on page 2 is an artifact
        assert all(h.A.Scope == "/Column" for h in headers)
        assert len([e for e in _elements(pdf) if e.S == "/TR"]) == 80


def test_a_paragraph_split_across_pages_stays_one_element(pdfs):
    with pikepdf.open(pdfs["seed"]) as pdf:
        spanning = [
            e
            for e in _elements(pdf)
            if e.S == "/P"
            and isinstance(e.K, pikepdf.Array)
            and any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in e.K)
        ]
        assert spanning, "no paragraph crosses a page in the seed brief"


def test_links_are_tagged_with_a_back_pointer(pdfs):
    with pikepdf.open(pdfs["seed"]) as pdf:
        links = [e for e in _elements(pdf) if e.S == "/Link"]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for link in links:
            objr = link.K
            annotation = objr.Obj
            assert objr.Type == "/OBJR" and int(annotation.F) == 4
            assert parents[int(annotation.StructParent)].objgen == link.objgen


@pytest.mark.parametrize("name", ALL)
def test_the_file_checks_clean(pdfs, name):
    with pikepdf.open(pdfs[name]) as pdf:
        assert pdf.check_pdf_syntax() == []
    if shutil.which("qpdf"):
        result = subprocess.run(
            ["qpdf", "--check", str(pdfs[name])], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_structure_text_reads_in_order_with_spaces(pdfs):
    """poppler reads the structure tree: headings in order, words separated at line ends."""
    assert shutil.which("pdfinfo"), "poppler-utils is needed (.ci/run installs it)"
    text = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdfs["seed"])], capture_output=True, text=True, check=True
    ).stdout
    order = [
        text.index(h)
        for h in (
            "Bridging the U.S.",
            "Key takeaways",
            "Background: a relationship",
            "Why the mistrust",
            "The way out",
            "Conclusion",
            "About this brief",
        )
    ]
    assert order == sorted(order)
    assert "relations between the United States and Pakistan under visible strain" in text
    words = [w for w in text.split() if "/" not in w and "@" not in w]
    assert max(len(w) for w in words) <= 25, max(words, key=len)


def test_pdfa_metadata_and_output_intent(pdfs):
    with pikepdf.open(pdfs["pdfa"]) as pdf:
        assert pdf.pdf_version == "1.7"
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["pdfuaid:part"] == "1"
        info = pdf.docinfo
        assert meta["dc:title"] == str(info.Title)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreateDate"].startswith("2026-11-27T00:00:00")
        assert str(info.CreationDate).startswith("D:20261127000000")
        metadata_stream = pdf.Root.Metadata
        assert "/Filter" not in metadata_stream  # XMP stays readable
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        assert len(pdf.trailer.ID) == 2
        assert not pdf.is_encrypted


def test_untagged_pdf_has_no_structure(tmp_path):
    from policybrief.load import load_brief, load_theme
    from policybrief.render import render_pdf

    brief = load_brief(SEED)
    pdf = render_pdf(brief, load_theme(brief.theme), tagged=False).pdf
    path = tmp_path / "plain.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as doc:
        assert "/StructTreeRoot" not in doc.Root


def test_empty_table_cells_keep_their_columns(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2021-09-20\nsummary: [S]\nsections:\n  - heading: H\n"
        "    body:\n      - table: Gaps\n        columns: [A, B, C, D]\n"
        "        rows:\n          - ['', '', x, y]\n          - ['', '', '', '']\n",
        encoding="utf-8",
    )
    with pikepdf.open(build_pdf(brief, tmp_path / "b.pdf")) as pdf:
        rows = [e for e in _elements(pdf) if e.S == "/TR"]
        assert len(rows) == 3
        for row in rows:
            kids = row.K if isinstance(row.K, pikepdf.Array) else [row.K]
            assert len(kids) == 4


def test_words_broken_by_hyphenation_read_whole(pdfs):
    """ActualText gives the words as written: text tools read "considerable", not "consider-"."""
    import re

    from policybrief.load import load_brief
    from policybrief.model.citations import iter_texts
    from policybrief.text import to_plain

    assert shutil.which("pdftotext"), "poppler-utils is needed (.ci/run installs it)"
    words = {w for _, t in iter_texts(load_brief(SEED)) for w in re.findall(r"\w+", to_plain(t))}
    with pikepdf.open(pdfs["seed"]) as pdf:
        marked = [
            ops[1]
            for page in pdf.pages
            for ops, op in pikepdf.parse_content_stream(page)
            if str(op) == "BDC"
            and isinstance(ops[1], pikepdf.Dictionary)
            and "/ActualText" in ops[1]
        ]
    assert marked, "the seed brief has hyphenated lines: some paragraph needs ActualText"
    text = subprocess.run(
        ["pdftotext", str(pdfs["seed"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    broken = [
        f"{a}-{b}"
        for a, b in re.findall(r"(\w+)-\s*\n\s*(\w+)", text)
        if a + b in words and f"{a}-{b}" not in " ".join(words)
    ]
    assert not broken, broken
