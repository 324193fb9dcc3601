"""The tagged PDF and PDF/A, checked with pikepdf and pypdfium2 (no programs outside Python)."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
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
    # takeaways, 3 sections, conclusion, notes, back
    assert seed["H1"] == 1 and seed["H2"] == 7
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


@pytest.mark.parametrize("name", ["seed", "showcase"])
def test_links_are_tagged_with_a_back_pointer(pdfs, name):
    with pikepdf.open(pdfs[name]) as pdf:
        links = [e for e in _elements(pdf) if e.S == "/Link"]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        annotated = 0
        for link in links:
            kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
            objrs = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.Type == "/OBJR"]
            assert objrs, "a Link element without its annotation"
            for objr in objrs:
                annotation = objr.Obj
                assert int(annotation.F) == 4
                assert parents[int(annotation.StructParent)].objgen == link.objgen
                annotated += 1
        every = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        assert annotated == len(every) > 0


def _link_words(path: Path) -> list[tuple[str, str]]:
    """Each Link element's words as the tags read them, and the words pdfium reads inside
    its annotations' rectangles on the page."""
    document = pdfium.PdfDocument(path)
    found = []
    tagged = iter(text for role, text in structure_text(path) if role == "Link")
    try:
        with pikepdf.open(path) as pdf:
            numbers = {page.objgen: n for n, page in enumerate(pdf.pages)}
            for link in (e for e in _elements(pdf) if e.S == "/Link"):
                kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
                shown = []
                for objr in (k for k in kids if isinstance(k, pikepdf.Dictionary)):
                    if objr.get("/Type") != "/OBJR":
                        continue
                    page = document[numbers[objr.Obj.P.objgen]] if "/P" in objr.Obj else None
                    page = page or document[numbers[link.Pg.objgen]]
                    left, bottom, right, top = (float(v) for v in objr.Obj.Rect)
                    shown.append(
                        page.get_textpage().get_text_bounded(left, bottom - 1, right, top + 1)
                    )
                found.append((next(tagged), " ".join(shown)))
    finally:
        document.close()
    return found


@pytest.mark.parametrize("name", ["seed", "showcase"])
def test_a_links_words_are_its_own_marked_content(pdfs, name):
    """A screen reader announces a link with its words: they are the Link element's marked
    content (not its paragraph's), and they are the words its annotation covers."""
    found = _link_words(pdfs[name])
    assert found
    for tagged, shown in found:
        assert tagged.strip(), f"a Link element without words (its annotation shows {shown!r})"
        words = re.findall(r"\w+", tagged.replace("\x02", ""))
        assert all(w in shown for w in words), (tagged, shown)


def syntax_problems(path: Path) -> list[str]:
    """What `qpdf --check` would report, found with pikepdf (which is qpdf as a library).

    `check_pdf_syntax` takes qpdf's --check steps: the cross-reference table, every stream
    decoded, every page's content parsed; the warnings of a repaired xref or a wrong stream
    Length count as problems, as they do for qpdf. The file is then re-saved through pikepdf
    and the copy checked again, so what a rewrite makes of the file is clean too.
    """
    with pikepdf.open(path) as pdf:
        problems = pdf.check_pdf_syntax()
        pages = len(pdf.pages)
        resaved = io.BytesIO()
        pdf.save(resaved)
    with pikepdf.open(resaved) as again:
        problems += [f"re-saved: {problem}" for problem in again.check_pdf_syntax()]
        if len(again.pages) != pages:
            problems.append(f"re-saved: {len(again.pages)} pages, not {pages}")
    return problems


@pytest.mark.parametrize("name", ALL)
def test_the_file_checks_clean(pdfs, name):
    assert syntax_problems(pdfs[name]) == []


def test_the_syntax_check_fails_on_a_broken_xref_or_stream_length(pdfs, tmp_path):
    """The check above can fail: a copy with one xref offset or one /Length off is caught."""
    data = pdfs["seed"].read_bytes()
    xref = re.search(rb"\nxref\n0 \d+\n", data)
    entry = xref.end() + 20  # object 1's line; each line of the table is 20 bytes
    offset = int(data[entry : entry + 10])
    length = re.search(rb"/Length (\d+)", data)
    broken = {
        "xref": data[:entry] + b"%010d" % (offset + 7) + data[entry + 10 :],
        "length": data[: length.start(1)] + b"%d" % (int(length[1]) + 5) + data[length.end(1) :],
    }
    for name, damaged in broken.items():
        copy = tmp_path / f"{name}.pdf"
        copy.write_bytes(damaged)
        assert syntax_problems(copy), f"a broken {name} went unnoticed"


def _to_unicode(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """A simple font's codes and the text each stands for, read from its ToUnicode CMap."""
    assert "/ToUnicode" in font, f"{font.BaseFont} has no ToUnicode: its text cannot be read"
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    hexes = r"<([0-9A-Fa-f]*)>"

    def utf16(digits: str) -> str:
        return bytes.fromhex(digits).decode("utf-16-be")

    table = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(hexes + r"\s*" + hexes, block):
            table[bytes.fromhex(code)] = utf16(text)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, dest in re.findall(
            hexes + r"\s*" + hexes + r"\s*(<[^>]*>|\[[^]]*\])", block
        ):
            codes = range(int(low, 16), int(high, 16) + 1)
            width = len(low) // 2
            if dest.startswith("["):
                texts = [utf16(h) for h in re.findall(hexes, dest)]
            else:
                first = bytes.fromhex(dest[1:-1])
                last = int.from_bytes(first[-2:], "big")
                texts = [
                    (first[:-2] + (last + n).to_bytes(2, "big")).decode("utf-16-be")
                    for n in range(len(codes))
                ]
            for code, text in zip(codes, texts):
                table[code.to_bytes(width, "big")] = text
    return table


def _decode(table: dict[bytes, str], shown: bytes) -> str:
    width = len(next(iter(table)))
    codes = [shown[i : i + width] for i in range(0, len(shown), width)]
    unknown = [code for code in codes if code not in table]
    assert not unknown, f"codes without Unicode: {unknown}"
    return "".join(table[code] for code in codes)


def _marked_text(page: pikepdf.Page) -> dict[int, str]:
    """Each MCID of the page and the text it shows, as a reader of the tags reads it.

    Text shown by Tj, TJ, ' and " belongs to the innermost marked content with an MCID; marked
    content with /ActualText reads as that text instead of its glyphs. Line ends add nothing:
    a word runs into the next unless the PDF has a space there. (Text inside form XObjects is
    not read; the briefs draw none.)
    """
    fonts = {name: _to_unicode(font) for name, font in page.Resources.get("/Font", {}).items()}
    found: dict[int, str] = {}
    marks: list[tuple[int | None, bool]] = []  # (MCID, replaced by ActualText) per level
    font, saved = None, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        owner = next((mcid for mcid, _ in reversed(marks) if mcid is not None), None)
        replaced = bool(marks) and marks[-1][1]
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            props = props if isinstance(props, pikepdf.Dictionary) else {}
            mcid = int(props["/MCID"]) if "/MCID" in props else None
            owner = owner if mcid is None else mcid
            if mcid is not None:
                found.setdefault(mcid, "")
            actual = "/ActualText" in props
            if actual and owner is not None and not replaced:
                found[owner] = found.get(owner, "") + str(props["/ActualText"])
            marks.append((mcid, replaced or actual))
        elif op == "EMC":
            marks.pop()
        elif op == "q":
            saved.append(font)
        elif op == "Q":
            font = saved.pop()
        elif op == "Tf":
            font = fonts[str(operands[0])]
        elif op in ("Tj", "TJ", "'", '"') and owner is not None and not replaced:
            strings = operands[0] if op == "TJ" else operands[-1:]
            shown = [bytes(s) for s in strings if isinstance(s, pikepdf.String)]
            found[owner] = found.get(owner, "") + "".join(_decode(font, s) for s in shown)
    return found


def structure_text(path: Path) -> list[tuple[str, str]]:
    """The structure tree in reading order: each element's role and the text of its own MCIDs.

    StructTreeRoot -> K, depth first; an MCID (a number, or an MCR with its own /Pg) is found
    in its page's content stream. The reading `pdfinfo -struct-text` gave, without poppler.
    """
    read: dict[tuple[int, int], dict[int, str]] = {}

    def text_of(page: pikepdf.Dictionary, mcid: int) -> str:
        if page.objgen not in read:
            read[page.objgen] = _marked_text(pikepdf.Page(page))
        return read[page.objgen][mcid]

    elements: list[tuple[str, list[str]]] = []

    def visit(element: pikepdf.Dictionary) -> None:
        own: list[str] = []
        elements.append((str(element.S)[1:], own))
        kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
        for kid in kids:
            if not isinstance(kid, pikepdf.Dictionary):
                own.append(text_of(element.Pg, int(kid)))
            elif kid.get("/Type") == "/MCR":
                own.append(text_of(kid.get("/Pg", element.get("/Pg")), int(kid.MCID)))
            elif "/S" in kid:
                visit(kid)  # a child element; an /OBJR (a link's annotation) has no text

    with pikepdf.open(path) as pdf:
        top = pdf.Root.StructTreeRoot.K
        for element in top if isinstance(top, pikepdf.Array) else [top]:
            visit(element)
    return [(role, "".join(own)) for role, own in elements]


def _structure_words(path: Path) -> tuple[str, list[str]]:
    text = "\n".join(t for _, t in structure_text(path) if t)
    return text, [w for w in text.split() if "/" not in w and "@" not in w]


def test_structure_text_reads_in_order_with_spaces(pdfs):
    """The structure tree reads headings in order, words separated at line ends."""
    text, words = _structure_words(pdfs["seed"])
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
    assert max(len(w) for w in words) <= 25, max(words, key=len)


def _page_text(path: Path) -> str:
    """The text pdfium reads off the pages (with ActualText where marked content has it).

    pdfium reports a hyphen it takes for a line-end break as U+0002 and joins the lines.
    """
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()


def test_structure_text_runs_no_two_words_together(pdfs):
    # Issue 11: "1Background" (a heading's number and text) and "widerview" (a paragraph
    # split across pages) ran together until continued paragraphs ended in a space.
    """Every word of the structure text is a word pdfium reads off the pages, where line ends
    and gaps separate words: a word it never reads is two words run together."""
    _, words = _structure_words(pdfs["seed"])
    read = set(re.findall(r"\w+", _page_text(pdfs["seed"]).replace("\x02", "-")))
    assert sorted({w for w in re.findall(r"\w+", " ".join(words)) if w not in read}) == []


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


def _actual_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(ops[1].ActualText)
            for page in pdf.pages
            for ops, op in pikepdf.parse_content_stream(page)
            if str(op) == "BDC"
            and isinstance(ops[1], pikepdf.Dictionary)
            and "/ActualText" in ops[1]
        ]


def test_words_broken_by_hyphenation_read_whole(pdfs):
    """ActualText gives the words as written: text tools read "considerable", not "consider-".

    pdfium honours ActualText (it reads the paragraph's ActualText in place of its glyphs):
    every paragraph the renderer gave one reads as written.
    """
    actual = _actual_texts(pdfs["seed"])
    assert actual, "the seed brief has hyphenated lines: some paragraph needs ActualText"
    text = " ".join(_page_text(pdfs["seed"]).split())
    assert [a for a in actual if " ".join(a.split()) not in text] == []


def test_no_word_broken_by_hyphenation_reads_broken(pdfs):
    """No word of the brief that hyphenation broke at a line end reads as two pieces."""
    from policybrief.load import load_brief
    from policybrief.model.citations import iter_texts
    from policybrief.text import to_plain

    source = " ".join(to_plain(t) for _, t in iter_texts(load_brief(SEED)))
    words = set(re.findall(r"\w+", source))
    text = _page_text(pdfs["seed"])
    broken = [
        f"{a}-{b}"
        for a, b in re.findall(r"(\w+)(?:\x02|-[ \t]*\r?\n)\s*(\w+)", text)
        if a + b in words and f"{a}-{b}" not in source
    ]
    assert broken == []


# --- notes and links, as PDF/UA-1 (7.9, 7.18.5) wants them ---------------------------------


def test_every_note_has_an_id_of_its_own(tmp_path):
    with pikepdf.open(build_pdf(ROOT / "briefs" / "showcase.yaml", tmp_path / "s.pdf")) as document:
        ids = [
            bytes(thing.ID)
            for thing in document.objects
            if isinstance(thing, pikepdf.Dictionary) and thing.get("/S") == "/Note"
        ]
    assert len(ids) >= 2 and all(ids) and len(set(ids)) == len(ids)


def test_every_link_says_where_it_goes(tmp_path):
    with pikepdf.open(build_pdf(ROOT / "briefs" / "showcase.yaml", tmp_path / "s.pdf")) as document:
        contents = [
            str(annotation.Contents)
            for page_ in document.pages
            for annotation in page_.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
    assert contents and all(contents)
    assert "Go to note 1" in contents and "Back to where note 1 is cited" in contents
    assert "Go to 2. Lists" in contents  # a contents entry names its heading
    assert any(text.startswith("Go to https://") for text in contents)  # in the language


def test_a_word_hyphenated_into_a_link_reads_whole_in_the_run_before_it():
    from policybrief.render.adapter import TextRun
    from policybrief.render.tagging import _healed, _inserted_hyphen

    typed = "Some specialists argue for engagement, all-weather friends"
    runs = [
        TextRun(None, texts=[("Some special-", False), ("", True)]),
        TextRun((0, "#note-1"), texts=[("ists argue", False)]),
        TextRun(None, texts=[(" for engagement, all-", True), ("weather friends", True)]),
    ]
    healed = _healed(runs, lambda word, after: _inserted_hyphen(word, after, typed), False)
    assert healed == ["Some special", None, None]  # the author's "all-weather" keeps its hyphen
    ending = [TextRun(None, texts=[("a special-", True)])]
    inserted = lambda word, after: _inserted_hyphen(word, after, typed)  # noqa: E731
    assert _healed(ending, inserted, True) == ["a special"]  # goes on on the next page
    assert _healed(ending, inserted, False) == [None]  # a paragraph's last word is as typed


WRAPPED_LINK = "a link whose words run on across the end of a line and further"


def _wrapped_links_brief(folder: Path) -> Path:
    """Eight paragraphs, each with a link that a line break cuts at another word."""
    path = folder / "links.yaml"
    paragraphs = "".join(
        f"      - Words {'and more ' * n}then [{WRAPPED_LINK}](https://example.org), then more.\n"
        for n in range(8)
    )
    path.write_text(
        "title: T\ndate: 2021-09-20\nsummary: [S]\nsections:\n  - heading: H\n    body:\n"
        + paragraphs,
        encoding="utf-8",
    )
    return path


def test_a_link_across_lines_is_one_link_element_with_its_words_and_annotations(tmp_path):
    pdf = build_pdf(_wrapped_links_brief(tmp_path), tmp_path / "links.pdf")
    assert [t for role, t in structure_text(pdf) if role == "Link"] == [WRAPPED_LINK] * 8
    with pikepdf.open(pdf) as document:
        for link in (e for e in _elements(document) if e.S == "/Link"):
            marks = [k for k in link.K if not isinstance(k, pikepdf.Dictionary)]
            annotations = [k for k in link.K if isinstance(k, pikepdf.Dictionary)]
            assert len(marks) == len(annotations) == 2  # a line each


def _pixels(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=1.5).to_pil().convert("RGB").tobytes() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("brief", ["showcase", "wrapped-links"])
def test_tagging_changes_nothing_on_the_page(tmp_path, brief):
    """Marked content, the spaces at line ends and the artifacts around underlines are not
    seen: tagged and untagged builds render to the same pixels, links across lines too."""
    from policybrief.load import load_brief, load_theme
    from policybrief.render import render_pdf

    path = SHOWCASE if brief == "showcase" else _wrapped_links_brief(tmp_path)
    loaded = load_brief(path)
    theme = load_theme(loaded.theme, path.parent)
    tagged = render_pdf(loaded, theme, folder=path.parent).pdf
    untagged = render_pdf(loaded, theme, folder=path.parent, tagged=False).pdf
    assert _pixels(tagged) == _pixels(untagged)
