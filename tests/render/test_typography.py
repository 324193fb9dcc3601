"""Typography a designer signs off (issue 14), measured on built PDFs.

Every check runs on both example briefs and the brief with every block, in each theme on A4
and Letter: eighteen builds, made once for the module.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

BRIEFS = {
    "seed": SEED,
    "showcase": ROOT / "briefs" / "showcase.yaml",
    "everything": ROOT / "tests" / "data" / "everything.yaml",
}
THEMES = ["institute", "modern", "monochrome"]
PAPERS = ["a4", "letter"]
BUILDS = [
    pytest.param(brief, theme, paper, id=f"{brief}-{theme}-{paper}")
    for brief, theme, paper in itertools.product(BRIEFS, THEMES, PAPERS)
]

_built: dict[tuple[str, str, str], Path] = {}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("typography")


def built(folder: Path, brief: str, theme: str, paper: str) -> Path:
    key = (brief, theme, paper)
    if key not in _built:
        _built[key] = build_pdf(
            BRIEFS[brief], folder / f"{brief}-{theme}-{paper}.pdf", theme=theme, paper=paper
        )
    return _built[key]


def _title_chars(pdf: Path) -> list[dict]:
    """The characters of the brief's title: the display size most used on the first pages."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages[:2]:
            chars = [c for c in page.chars if c["text"].strip() and c["size"] >= 20]
            sizes = Counter(round(c["size"], 2) for c in chars)  # not a 52 pt ornament
            if sizes:
                size = sizes.most_common(1)[0][0]
                return [c for c in chars if round(c["size"], 2) == size]
    raise AssertionError("no title found")


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_the_title_is_kerned(folder, brief, theme, paper):
    """Kerning pairs ("Ta", "Wr", "Ev") sit closer than their glyphs' advance widths."""
    chars = _title_chars(built(folder, brief, theme, paper))
    pairs = [(a, b) for a, b in zip(chars, chars[1:]) if abs(a["top"] - b["top"]) < 1]
    kerned = [a["text"] + b["text"] for a, b in pairs if b["x0"] < a["x1"] - 0.3]
    assert kerned, "no pair of the title's letters is kerned"


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_ligatures_are_drawn_and_read_as_their_letters(folder, brief, theme, paper):
    """The fonts' ligatures (fi, ff, ft, ...) are drawn, and every reader reads their letters:
    no private-use or presentation-form character comes out of pdfplumber or pdftotext."""
    pdf = built(folder, brief, theme, paper)
    with pdfplumber.open(pdf) as document:
        chars = [c for page in document.pages for c in page.chars]
        text = "".join(page.extract_text() for page in document.pages)
    if brief == "seed":  # its "After", "office" and "effect" ligate in every family
        assert [c for c in chars if len(c["text"]) > 1], "no ligature drawn"
    poppler = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for read in (text, poppler):
        assert not re.findall("[\ue000-\uf8ff\ufb00-\ufb06]", read)
    source = BRIEFS[brief].read_text(encoding="utf-8")
    ligature_words = set(re.findall(r"\b\w*(?:ffi|ffl|ff|fi|fl|ft)\w*\b", source))
    joined = " ".join(poppler.split())
    found = [word for word in ligature_words if word in joined]
    assert len(found) >= min(3, len(ligature_words))


# --- hyphenation and runts (points 2 and 3) --------------------------------------------------

#: The hyphenation checks also run on a brief of long words, proper nouns and compounds in
#: every kind of block, where a careless hyphenator breaks the most.
HYPHENATED = {**BRIEFS, "long-words": ROOT / "tests" / "data" / "long-words.yaml"}
BREAK_BUILDS = [
    pytest.param(brief, theme, paper, id=f"{brief}-{theme}-{paper}")
    for brief, theme, paper in itertools.product(HYPHENATED, THEMES, PAPERS)
]


def built_any(folder: Path, brief: str, theme: str, paper: str) -> Path:
    if brief in BRIEFS:
        return built(folder, brief, theme, paper)
    key = (brief, theme, paper)
    if key not in _built:
        _built[key] = build_pdf(
            HYPHENATED[brief], folder / f"{brief}-{theme}-{paper}.pdf", theme=theme, paper=paper
        )
    return _built[key]


@dataclass
class Line:
    """A line of text as drawn: its words, in the order the page's content draws them."""

    page: int
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def top(self) -> float:
        return self.words[0]["top"]

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def size(self) -> float:
        """The line's text size (a note marker's smaller size aside)."""
        sizes = Counter(round(w["size"], 1) for w in self.words for _ in w["text"])
        return sizes.most_common(1)[0][0]


#: Page furniture sits this close to the paper's edge; the text frame never does.
FURNITURE = 55


def _lines(pdf: Path) -> list[list[Line]]:
    """Each page's lines, in drawing order (a paragraph's lines follow one another)."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines: list[Line] = []
            for word in page.extract_words(use_text_flow=True, extra_attrs=["size"]):
                if not FURNITURE < word["top"] < page.height - FURNITURE:
                    continue  # running head, folio
                last = lines[-1].words[-1] if lines else None
                if last and abs(last["top"] - word["top"]) < 1.5 and word["x0"] >= last["x1"] - 1:
                    lines[-1].words.append(word)
                else:
                    lines.append(Line(number, [word]))
            pages.append(lines)
    return pages


def _vocabulary(brief: str) -> tuple[set[str], set[str]]:
    """The brief's words, lowercased, and those it only ever writes capitalised."""
    source = HYPHENATED[brief].read_text(encoding="utf-8")
    words = re.findall(r"[^\W\d_][\w’'-]*[^\W\d_]", source)
    lowercase = {w for w in words if w[0].islower()}
    proper = {w for w in words if w[0].isupper() and w.lower() not in lowercase}
    return {w.lower() for w in words}, proper


@dataclass
class Break:
    """A word broken at a line's end: the head's line, and where its tail went."""

    head: str  # letters before the break, with a hyphen the author typed
    tail: str
    line: Line
    tail_line: Line | None  # None: the tail is on another page
    typed: bool  # the hyphen is the author's ("cross-" + "border")
    after: Line | None = None  # the line after the tail's line, on the same page
    tail_ends_page: bool = False  # the tail's line is its page's last: the paragraph may go on

    @property
    def word(self) -> str:
        return (self.head if self.typed else self.head[:-1]) + self.tail


def _breaks(pdf: Path, brief: str) -> list[Break]:
    """Every word the PDF breaks at a line's end: a line ending in letters and a hyphen whose
    next line (or next page's first body line) completes a word of the brief."""
    vocabulary, _ = _vocabulary(brief)
    pages = _lines(pdf)
    found = []
    for lines in pages:
        for at, line in enumerate(lines):
            head = re.search(r"([^\W\d_][\w’']*-)$", line.words[-1]["text"])
            if not head:
                continue
            later = lines[at + 1 :]
            following = later[0] if later else None
            tail = re.match(r"[\w’'-]+", following.words[0]["text"]) if following else None
            if following is None or not tail or not _completes(head[1], tail[0], vocabulary):
                following = None
                for line_after in pages[line.page] if line.page < len(pages) else []:
                    tail = re.match(r"[\w’'-]+", line_after.words[0]["text"])
                    if tail and _completes(head[1], tail[0], vocabulary):
                        break
                else:
                    continue  # a typed hyphen before a space ("pre- and post-war")
            typed = (head[1] + tail[0]).lower().strip("’'") in vocabulary
            index = lines.index(following) if following else -1
            after = lines[index + 1] if following and index + 1 < len(lines) else None
            ends_page = bool(following) and index + 1 == len(lines)
            found.append(Break(head[1], tail[0], line, following, typed, after, ends_page))
    return found


def _completes(head: str, tail: str, vocabulary: set[str]) -> bool:
    return any(word.lower().strip("’'") in vocabulary for word in (head[:-1] + tail, head + tail))


@pytest.fixture(scope="module")
def breaks(folder):
    found: dict[tuple[str, str, str], list[Break]] = {}

    def of(brief: str, theme: str, paper: str) -> list[Break]:
        key = (brief, theme, paper)
        if key not in found:
            found[key] = _breaks(built_any(folder, brief, theme, paper), brief)
        return found[key]

    return of


def test_the_break_finder_finds_breaks(breaks):
    """The hyphenation checks below look at something: the long-words brief is broken."""
    assert len(breaks("long-words", "institute", "a4")) >= 4


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_a_broken_word_keeps_three_letters_each_side(breaks, brief, theme, paper):
    stubs = [
        f"{b.head}{b.tail}"
        for b in breaks(brief, theme, paper)
        if not b.typed and (len(b.head) - 1 < 3 or len(b.tail.rstrip(".,;:’'")) < 3)
    ]
    assert stubs == []


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_no_proper_noun_is_broken(breaks, brief, theme, paper):
    _, proper = _vocabulary(brief)
    broken = [f"{b.head}{b.tail}" for b in breaks(brief, theme, paper) if b.word in proper]
    assert broken == []


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_a_word_with_its_own_hyphen_breaks_only_there(breaks, brief, theme, paper):
    """ "cross-border" breaks as "cross-" + "border", never "cross-bor-" + "der", and no
    hyphen is doubled."""
    found = breaks(brief, theme, paper)
    elsewhere = [f"{b.head}{b.tail}" for b in found if not b.typed and "-" in b.word]
    doubled = [f"{b.head}{b.tail}" for b in found if b.head.endswith("--") or b.tail[:1] == "-"]
    assert elsewhere == [] and doubled == []


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_no_two_lines_in_a_row_end_in_a_broken_word(breaks, brief, theme, paper):
    found = breaks(brief, theme, paper)
    heads = {id(b.line) for b in found}
    in_a_row = [f"{b.head}{b.tail}" for b in found if b.tail_line and id(b.tail_line) in heads]
    assert in_a_row == []


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_no_page_ends_in_a_broken_word(breaks, brief, theme, paper):
    across = [f"{b.head}{b.tail}" for b in breaks(brief, theme, paper) if b.tail_line is None]
    assert across == []


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_no_paragraph_ends_a_line_after_a_broken_word(breaks, brief, theme, paper):
    """A paragraph's second-to-last line never ends in a broken word: the line after the
    tail's is the same paragraph's (same size, same pitch, a continuing left edge)."""
    last = [
        f"{b.head}{b.tail}"
        for b in breaks(brief, theme, paper)
        if b.tail_line is not None
        and not b.tail_ends_page
        and not _continues(b.line, b.tail_line, b.after)
    ]
    assert last == []


def _continues(head: Line, tail: Line, after: Line | None) -> bool:
    """Whether the paragraph of `head` and `tail` goes on after `tail`."""
    if after is None or after.size != tail.size:
        return False
    pitch = tail.top - head.top
    return abs((after.top - tail.top) - pitch) < 0.5 and abs(after.x0 - tail.x0) < 1


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_at_most_three_broken_words_a_page(breaks, brief, theme, paper):
    per_page = Counter(b.line.page for b in breaks(brief, theme, paper))
    assert max(per_page.values(), default=0) <= 3, per_page


@pytest.mark.parametrize(("brief", "theme", "paper"), BREAK_BUILDS)
def test_no_paragraph_ends_on_a_runt(folder, brief, theme, paper):
    """A paragraph of running text of two lines or more ends on a line of ten characters or
    more: its last line follows the one before at the paragraph's pitch and left edge, and
    the line after it (if any) does not."""
    pages = _lines(built_any(folder, brief, theme, paper))
    # the body size: the size most characters are set in
    body = Counter(line.size for lines in pages for line in lines for _ in line.text).most_common(
        1
    )[0][0]
    from policybrief.load import load_theme

    leading = load_theme(theme).sizes.leading
    runts = []
    for lines in pages:
        for at in range(1, len(lines)):
            before, line = lines[at - 1], lines[at]
            after = lines[at + 1] if at + 1 < len(lines) else None
            if line.size != body or before.size != body or abs(line.x0 - before.x0) > 1:
                continue
            if abs(line.top - before.top - leading) > 0.6:
                continue  # not the next line of one paragraph (table rows are further apart)
            if after is not None and after.size == body and _continues(before, line, after):
                continue  # not the paragraph's last line
            if len(line.text) < 10 and not re.fullmatch(r"[\d.,\s]+", line.text):
                runts.append(f"p{line.page}: {before.text[-30:]!r} / {line.text!r}")
    assert runts == []


# --- one type scale, one bullet, two rule weights, two rail edges (point 5) -------------------


def _figures(pdf: Path) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """Every Figure of the structure tree: its page, its box (pdfplumber's top-down x0, top,
    x1, bottom) and its alt text."""
    import pikepdf

    found = []
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
        heights = {n: float(p.mediabox[3]) for n, p in enumerate(document.pages, start=1)}

        def walk(element):
            if not isinstance(element, pikepdf.Dictionary):
                return
            if element.get("/S") == "/Figure" and "/BBox" in element.get("/A", {}):
                number = pages[element["/Pg"].objgen]
                x0, y0, x1, y1 = (float(v) for v in element["/A"]["/BBox"])
                top = heights[number]
                alt = " ".join(str(element.get("/Alt", "")).split())
                found.append((number, (x0, top - y1, x1, top - y0), alt))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

        walk(document.Root.StructTreeRoot)
    return found


def _figure_boxes(pdf: Path) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page, the boxes of every figure, charts included (their lines are data)."""
    boxes: dict[int, list] = {}
    for page, box, _ in _figures(pdf):
        boxes.setdefault(page, []).append(box)
    return boxes


def _artwork(pdf: Path, brief: str) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page, the boxes of figures that are the author's artwork (images and SVG
    drawings): their text is theirs, not our type scale. Charts are ours: they are found
    by their alt text and not listed."""
    import yaml

    source = yaml.safe_load(BRIEFS.get(brief, HYPHENATED.get(brief)).read_text("utf-8"))
    chart_alts = set()

    def blocks(node):
        if isinstance(node, dict):
            if "chart" in node and "alt" in node:
                chart_alts.add(" ".join(str(node["alt"]).split()))
            for value in node.values():
                blocks(value)
        elif isinstance(node, list):
            for value in node:
                blocks(value)

    blocks(source)
    boxes: dict[int, list] = {}
    for page, box, alt in _figures(pdf):
        if alt not in chart_alts:
            boxes.setdefault(page, []).append(box)
    return boxes


def _our_chars(pdf: Path, brief: str) -> list[tuple[int, dict]]:
    """(page, char) of every character we set, artwork's text left out."""
    artwork = _artwork(pdf, brief)
    chars = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            boxes = artwork.get(number, [])
            for char in page.chars:
                inside = any(
                    x0 - 1 <= char["x0"] and char["x1"] <= x1 + 1 and t - 1 <= char["top"] <= b + 1
                    for x0, t, x1, b in boxes
                )
                if not inside and char["text"].strip():
                    chars.append((number, char))
    return chars


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_at_most_nine_type_sizes_all_on_the_theme_scale(folder, brief, theme, paper):
    """Every size we set (charts included) is a step of the theme's scale, and there are at
    most nine; a cover title may be scaled down to fit, nothing else."""
    from policybrief.load import load_theme
    from policybrief.render.styles import type_scale

    scale = {size for size, _ in type_scale(load_theme(theme)).values()}
    chars = _our_chars(built(folder, brief, theme, paper), brief)
    # pdfplumber's "size" of turned text is a glyph's advance; its box's width is the size
    sizes = Counter(round(c["size"] if c["upright"] else c["x1"] - c["x0"], 2) for _, c in chars)
    assert len(sizes) <= 9, sorted(sizes)
    assert set(sizes) <= scale, sorted(set(sizes) - scale)


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_one_bullet_glyph(folder, brief, theme, paper):
    glyphs = {c["text"] for _, c in _our_chars(built(folder, brief, theme, paper), brief)}
    assert len(glyphs & set("•■▪◦●◆▸–")) <= 1 or glyphs & set("•■▪◦●◆▸") == {"•"}
    assert not glyphs & set("■▪◦●◆▸")


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_rules_come_in_two_weights(folder, brief, theme, paper):
    """Every rule (a stroked line, or a filled bar under 3 pt) outside charts and artwork is
    the hairline or the accent rule."""
    from policybrief.render.styles import ACCENT_RULE, HAIRLINE

    pdf = built(folder, brief, theme, paper)
    figures = _figure_boxes(pdf)
    weights = set()
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for line in page.lines:
                if not _in_any(line, figures.get(number, [])):
                    weights.add(round(line["linewidth"], 2))
    assert weights <= {HAIRLINE, ACCENT_RULE}, sorted(weights)


def _in_any(thing: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(
        x0 - 2 <= thing["x0"] and thing["x1"] <= x1 + 2 and t - 2 <= thing["top"] <= b + 2
        for x0, t, x1, b in boxes
    )


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_the_rail_has_two_edges(folder, brief, theme, paper):
    """Text in the rail (section and card numbers, finding titles, labels) starts at the
    frame's left edge or ends 12 pt before the text column; nothing else. (A list's bullets
    and numbers hang 5 pt outside the column, in the gutter: they belong to the column.)"""
    from policybrief.load import load_theme
    from policybrief.render.context import make_context
    from policybrief.render.fonts import register_fonts

    register_fonts()
    ctx = make_context(load_theme(theme), paper)
    left, column = ctx.theme.margins.inner, ctx.theme.margins.inner + ctx.rail
    pdf = built(folder, brief, theme, paper)
    stray = []
    for page in _lines(pdf):
        # page 1's title block (title, logo, byline) spans the frame, above the takeaways
        opening = [line.top for line in page if line.text.startswith("Key takeaways")]
        for line in page:
            if opening and line.top < opening[0] - 1:
                continue
            # a list's bullet or number hangs just outside the column: the list's, not the rail's
            words = [
                w
                for w in line.words
                if w["x1"] < column - 2
                and not (w["x0"] > column - 16 and re.fullmatch(r"•|\d+\.", w["text"]))
            ]
            body_top = ctx.theme.margins.top - 4
            if not words or words[0]["top"] < body_top or words[0]["top"] > ctx.page_height - 60:
                continue
            start, end = words[0]["x0"], words[-1]["x1"]
            if abs(start - left) > 1.5 and abs(end - (column - 12)) > 1.5:
                stray.append((line.page, round(start, 1), round(end, 1), line.text[:30]))
    assert stray == []


@pytest.mark.parametrize(("theme", "paper"), list(itertools.product(THEMES, PAPERS)))
def test_a_card_names_who_must_act_above_its_title_in_spaced_capitals(folder, theme, paper):
    """The seed's three cards: "ADDRESSED TO …" sits above each card's title, its capitals
    spaced 5-12 % of their size (review item 17)."""
    titles = ["Build a partnership", "Engage as equals", "Accept the new reality"]
    with pdfplumber.open(built(folder, "seed", theme, paper)) as document:
        found = []
        for page in document.pages:
            lines = page.extract_text_lines()
            for at, line in enumerate(lines):
                if re.match(r"(\d+ )?ADDRESSED TO", line["text"]):  # the card's numeral first
                    assert any(lines[at + 1]["text"].startswith(t) for t in titles), line
                    letters = [c for c in line["chars"] if c["text"].isalpha()][:9]  # ADDRESSED
                    gaps = [b["x0"] - a["x1"] for a, b in zip(letters, letters[1:])]
                    size = letters[0]["size"]
                    assert 0.05 * size <= min(gaps) and max(gaps) <= 0.12 * size + 0.3, gaps
                    found.append(line["text"])
    assert len(found) == 3, found


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(("theme", "band"), [("institute", True), ("monochrome", False)])
def test_the_monochrome_masthead_spares_toner(folder, theme, band, paper):
    """Review item 11: a band of accent colour in institute; words over a rule in monochrome,
    never a solid black band."""
    with pdfplumber.open(built(folder, "seed", theme, paper)) as document:
        page = document.pages[0]
        wide = [
            r
            for r in page.rects
            if r["fill"] and r["width"] > page.width / 2 and r["top"] < 80 and r["height"] > 10
        ]
        rules = [line for line in page.lines if line["top"] < 80 and line["width"] > 300]
    assert bool(wide) is band
    assert band or rules


@pytest.mark.parametrize("paper", PAPERS)
def test_contents_numbers_sit_beside_their_titles(folder, paper):
    """Review item 27: each page number ends on the rail's numeral edge, 12 pt before its
    title, on the title's line (not across the frame from it)."""
    from policybrief.load import load_theme
    from policybrief.render.context import make_context
    from policybrief.render.fonts import register_fonts

    register_fonts()
    ctx = make_context(load_theme("showcase.yaml", ROOT / "briefs" / "themes"), paper)
    column = ctx.theme.margins.inner + ctx.rail
    pdf = build_pdf(
        BRIEFS["showcase"], folder / f"contents-{paper}.pdf", paper=paper
    )  # its own theme: a cover, then contents on page 2
    with pdfplumber.open(pdf) as document:
        lines = document.pages[1].extract_text_lines()
    entries = [line for line in lines if re.match(r"\d+ \d\. ", line["text"])]
    assert len(entries) >= 7
    for line in entries:
        number = [c for c in line["chars"] if c["x1"] < column][-1]
        title = [c for c in line["chars"] if c["x0"] >= column - 0.5][0]
        assert abs(number["x1"] - (column - 12)) < 1 and abs(title["x0"] - column) < 1
