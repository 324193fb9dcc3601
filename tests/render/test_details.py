"""The details a designer checks (issue 14, items 6 and 7), measured on built PDFs.

Letterspaced capitals, the running head, the folio, the byline, dates and dashes, the pull
quote's marks, and the cover: on both example briefs and the brief with every block, in each
built-in theme on A4 and Letter, and with the showcase's own theme for the cover.
"""

from __future__ import annotations

import itertools
import re
import statistics
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from policybrief.language import language_of
from policybrief.load import load_brief
from policybrief.model.brief import PullQuote
from policybrief.model.imprint import masthead_label
from policybrief.render.context import EDGE
from policybrief.render.document import BLEED, SLUG
from policybrief.text import to_markup, to_plain
from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

BRIEFS = {
    "seed": SEED,
    "showcase": ROOT / "briefs" / "showcase.yaml",
    "everything": ROOT / "tests" / "data" / "everything.yaml",
}
COVER_THEME = ROOT / "briefs" / "themes" / "showcase.yaml"
THEMES = ["institute", "modern", "monochrome", "cover"]
PAPERS = ["a4", "letter"]
BUILDS = [
    pytest.param(brief, theme, paper, id=f"{brief}-{theme}-{paper}")
    for brief, theme, paper in itertools.product(BRIEFS, THEMES, PAPERS)
]
COVERS = [
    pytest.param(brief, paper, marks, id=f"{brief}-{paper}{'-print' if marks else ''}")
    for brief, paper, marks in [
        *itertools.product(BRIEFS, PAPERS, [False]),
        ("showcase", "a4", True),
        ("seed", "letter", True),
    ]
]
MONTHS = (
    "January February March April May June July August September October November December"
).split()

_built: dict[tuple, Path] = {}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("details")


def built(folder: Path, brief: str, theme: str, paper: str, marks: bool = False) -> Path:
    key = (brief, theme, paper, marks)
    if key not in _built:
        name = f"{brief}-{theme}-{paper}{'-print' if marks else ''}.pdf"
        _built[key] = build_pdf(
            BRIEFS[brief],
            folder / name,
            theme=str(COVER_THEME) if theme == "cover" else theme,
            paper=paper,
            print_marks=marks,
        )
    return _built[key]


def _words(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space."""
    return " ".join(text.split())


def _band(page, top: float, bottom: float) -> str:
    """The words of a horizontal band of a page, top and bottom from the page's top."""
    return _words(page.crop((0, max(top, 0), page.width, min(bottom, page.height))).extract_text())


def _first_text_page(theme: str) -> int:
    """The index of the page with the masthead: after the cover, if there is one."""
    return 1 if theme == "cover" else 0


# --- letterspaced capitals --------------------------------------------------------------


def _caps_tracking(chars: list[dict]) -> list[float]:
    """The space between consecutive capitals on one line, in ems, beyond their advances."""
    gaps = []
    for a, b in zip(chars, chars[1:]):
        if (
            a["text"].isalpha()
            and a["text"].isupper()
            and b["text"].isalpha()
            and b["text"].isupper()
            and abs(a["top"] - b["top"]) < 0.5
            and abs(a["size"] - b["size"]) < 0.01
        ):
            gaps.append((b["x0"] - a["x1"]) / a["size"])
    return gaps


def _assert_tracked(chars: list[dict], where: str) -> None:
    gaps = _caps_tracking(chars)
    assert len(gaps) >= 4, f"no capitals found in the {where}"
    tracking = statistics.median(gaps)
    assert 0.045 <= tracking <= 0.125, f"{where}: capitals spaced {tracking:.3f} em, not 5-12 %"


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_caps_labels_are_letterspaced_and_extract_as_written(folder, brief, theme, paper):
    """The masthead's series label (page 1) and the running head's (page 2) are tracked
    5-12 % of their size, and still read as written: no space between their letters."""
    pdf = built(folder, brief, theme, paper)
    label = masthead_label(load_brief(BRIEFS[brief]), language_of("en"))
    first = _first_text_page(theme)
    with pdfplumber.open(pdf) as document:
        masthead = document.pages[first]
        _assert_tracked([c for c in masthead.chars if c["top"] < EDGE + 30], "masthead")
        head = document.pages[first + 1]
        _assert_tracked([c for c in head.chars if c["top"] < EDGE + 12], "running head")
        assert label in _band(masthead, 0, EDGE + 30)
        assert _band(head, 0, EDGE + 12).startswith(label)
    text = subprocess.run(
        ["pdftotext", "-f", str(first + 1), "-l", str(first + 2), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert _words(text).count(label) == 2, "pdftotext reads the label otherwise"


@pytest.mark.parametrize(("brief", "paper"), [("seed", "a4"), ("showcase", "letter")])
def test_the_cover_label_is_letterspaced(folder, brief, paper):
    pdf = built(folder, brief, "cover", paper)
    with pdfplumber.open(pdf) as document:
        cover = document.pages[0]
        labels = [c for c in cover.chars if c["top"] < cover.height / 3]
        _assert_tracked(labels, "cover label")
        small = [c for c in cover.chars if c["top"] > cover.height * 0.8]
        _assert_tracked(small, "cover's series at the foot")


# --- running head and foot ----------------------------------------------------------------


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_running_head_uses_the_short_title_or_cuts_at_a_word(folder, brief, theme, paper):
    model = load_brief(BRIEFS[brief])
    english = language_of(model.language)
    label, date = masthead_label(model, english), _words(english.date(model.date))
    full = to_plain(model.title)
    with pdfplumber.open(built(folder, brief, theme, paper)) as document:
        for page in document.pages[_first_text_page(theme) + 1 :]:
            head = _band(page, 0, EDGE + 12)
            assert head.startswith(label) and head.endswith(date), head
            title = head[len(label) : -len(date)].strip()
            if model.short_title:
                assert title == to_plain(model.short_title)
            elif title.endswith("\u2026"):
                kept = title[:-1].rstrip()
                cut = full.startswith(kept) and not full[len(kept)].isalnum()
                assert cut, f"cut inside a word: {title}"
                assert len(kept) > len(full) / 3, f"cut too short: {title}"
            else:
                assert title == full


def test_the_showcase_has_a_short_title():
    assert load_brief(BRIEFS["showcase"]).short_title


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_the_foot_is_the_folio_only(folder, brief, theme, paper):
    with pdfplumber.open(built(folder, brief, theme, paper)) as document:
        for page in document.pages[_first_text_page(theme) :]:
            foot = _band(page, page.height - EDGE - 14, page.height)
            assert foot == str(page.page_number), f"page {page.page_number}: {foot!r}"


def test_the_folio_is_an_artifact(folder):
    """Page furniture stays out of the structure tree: the folio is marked as an artifact."""
    with pikepdf.open(built(folder, "seed", "institute", "a4")) as pdf:
        stream = pdf.pages[1].Contents.read_bytes().decode("latin-1")
    folio = stream.rindex("/Artifact")
    assert re.search(r"\(2\)\s*Tj", stream[folio:]), "the folio is not drawn in an artifact"


# --- byline and metadata ------------------------------------------------------------------


def _title_page_lines(pdf: Path, theme: str) -> list[str]:
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        return [_words(line["text"]) for line in page.extract_text_lines()]


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_byline_names_every_author_or_is_not_there(folder, brief, theme, paper):
    model = load_brief(BRIEFS[brief])
    lines = _title_page_lines(built(folder, brief, theme, paper), theme)
    bylines = [n for n, line in enumerate(lines) if line.startswith("By ")]
    if not model.authors:
        assert not bylines, lines
        org = model.organization and to_plain(model.organization.name)
        # the cover names its publisher at its foot (its last two lines), not as a byline
        head = lines[:-2] if theme == "cover" else lines[:8]
        assert org not in head, "the organisation is printed as a byline"
        return
    assert len(bylines) == 1, lines
    byline = " ".join(lines[bylines[0] : bylines[0] + 3])
    names = [to_plain(a.name) for a in model.authors]
    for name in names:
        assert name in byline
    if len(names) == 2:  # names of one affiliation join; groups of names part at a semicolon
        shared = model.authors[0].affiliation == model.authors[1].affiliation
        between = " and " if shared else "; "
        assert f"{names[0]}" in byline and f"{between}{names[1]}" in byline


def _tiny_brief(folder: Path, extra: str = "") -> Path:
    path = folder / "tiny.yaml"
    path.write_text(
        "title: A Small Brief on Nothing\n"
        "date: 2026-03-14\n"
        f"{extra}"
        "summary: [One point.]\n"
        "sections:\n"
        "  - heading: Only\n"
        "    body: [A paragraph.]\n",
        encoding="utf-8",
    )
    return path


def test_no_byline_and_no_tool_name_without_authors(tmp_path):
    """Without authors there is no byline: not the publisher's name, not the tool's; and the
    PDF's Author is left empty rather than given to the publisher."""
    for extra in ("", "organization: {name: Example Press}\n"):
        pdf = build_pdf(_tiny_brief(tmp_path, extra), tmp_path / "tiny.pdf")
        with pdfplumber.open(pdf) as document:
            text = document.pages[0].extract_text().split("Key takeaways")[0]  # the title block
        assert "By " not in text and "policybrief" not in text.lower()
        assert "Example Press" not in text, "the publisher is printed as a byline"
        with pikepdf.open(pdf) as doc:
            assert str(doc.docinfo.get("/Author", "")) == ""


def test_several_authors_are_joined_naturally(tmp_path):
    authors = (
        "authors:\n"
        "  - {name: Ann One, affiliation: First Institute}\n"
        "  - {name: Bob Two, affiliation: First Institute}\n"
        "  - {name: Cy Three, affiliation: Third College}\n"
    )
    pdf = build_pdf(_tiny_brief(tmp_path, authors), tmp_path / "three.pdf")
    with pdfplumber.open(pdf) as document:
        text = _words(document.pages[0].extract_text())
    assert "By Ann One and Bob Two, First Institute; Cy Three, Third College" in text
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo["/Author"]) == "Ann One, Bob Two and Cy Three"


def test_metadata_author_is_never_the_tool(folder):
    with pikepdf.open(built(folder, "seed", "institute", "a4")) as pdf:
        assert str(pdf.docinfo.get("/Author", "")).lower() != "policybrief"


# --- dates and dashes ---------------------------------------------------------------------


def _all_lines(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [
            _words(line["text"]) for page in document.pages for line in page.extract_text_lines()
        ]


_MONTH = "|".join(MONTHS)
_DAY_AT_END = re.compile(r"(^|\s)\d{1,2}$")
_MONTH_AT_START = re.compile(rf"^({_MONTH})\b")
_DAY_MONTH_AT_END = re.compile(rf"(^|\s)\d{{1,2}} ({_MONTH})$")


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_no_date_breaks_across_lines(folder, brief, theme, paper):
    lines = _all_lines(built(folder, brief, theme, paper))
    for line, after in zip(lines, lines[1:]):
        broken = (_DAY_AT_END.search(line) and _MONTH_AT_START.match(after)) or (
            _DAY_MONTH_AT_END.search(line) and re.match(r"\d{4}\b", after)
        )
        assert not broken, f"a date breaks: {line!r} / {after!r}"


def test_dates_never_break_in_a_narrow_column(tmp_path):
    """Lines of every length: the citation's and the credit's dates stay whole wherever
    the line ends."""
    lines = []
    for words in range(10):
        extra = "source: {title: A Work, publisher: Press, year: '2020'}\n"
        extra += f"subtitle: {' '.join(['word'] * (words + 1))}\n"
        extra += f"series: Series{'x' * words}\nnumber: '3'\n"
        extra += f"organization: {{name: Org {'y' * words}}}\n"
        pdf = build_pdf(_tiny_brief(tmp_path, extra), tmp_path / f"dates-{words}.pdf")
        lines += _all_lines(pdf)
    for line, after in zip(lines, lines[1:]):
        assert not (_DAY_AT_END.search(line) and _MONTH_AT_START.match(after)), (line, after)
        assert not (_DAY_MONTH_AT_END.search(line) and re.match(r"\d{4}\b", after)), (line, after)


def test_format_date_never_breaks():
    import datetime

    date = language_of("en").date(datetime.date(2026, 11, 27))
    assert date == "27\u00a0November\u00a02026"
    assert _words(date) == "27 November 2026"


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("Evidence - figures", "Evidence \u2013 figures"),
        ("one - two - three", "one \u2013 two \u2013 three"),
        ("a -- b", "a \u2013 b"),
        ("pp. 3--5", "pp.\u00a03\u20135"),
        ("well-known", "well-known"),
        ("x -y and -3", "x -y and -3"),
        ("*word* - next", "<i>word</i> \u2013 next"),
    ],
)
def test_a_spaced_hyphen_is_set_as_an_en_dash(typed, set_as):
    assert to_markup(typed) == set_as


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_no_spaced_hyphen_in_the_text(folder, brief, theme, paper):
    pdf = built(folder, brief, theme, paper)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert not re.search(r"\S - \S", text), re.search(r".{20}\S - \S.{20}", text)
    assert not any(re.search(r"\S - \S", line) for line in _all_lines(pdf))


# --- pull quote ---------------------------------------------------------------------------


def _quotes(brief: str) -> list[PullQuote]:
    model = load_brief(BRIEFS[brief])
    blocks = [b for s in model.sections for b in s.body] + list(model.conclusion)
    return [b for b in blocks if isinstance(b, PullQuote)]


@pytest.mark.parametrize(("brief", "theme", "paper"), BUILDS)
def test_a_pull_quote_opens_once_and_closes(folder, brief, theme, paper):
    quotes = _quotes(brief)
    assert quotes
    with pdfplumber.open(built(folder, brief, theme, paper)) as document:
        chars = [c for page in document.pages for c in page.chars]
    body = min(c["size"] for c in chars if c["text"].isalpha() and c["size"] > 8)
    ornaments = [c for c in chars if c["text"] in "\u201c\u201d" and c["size"] > 30]
    assert not ornaments, "a quotation mark is drawn as an ornament as well"
    by_style: dict[tuple, list[dict]] = {}
    for c in chars:
        by_style.setdefault((c["fontname"], round(c["size"], 1)), []).append(c)
    for quote in quotes:
        words = re.sub(r"\s+", "", re.sub("<[^>]+>", "", to_markup(quote.quote)))
        found = [
            "".join(c["text"] for c in group if c["text"].strip())
            for (_, size), group in by_style.items()
            if size > body * 1.1
        ]
        shown = next((s for s in found if words[:30] in s), None)
        assert shown is not None, "quote not found"
        start = shown.index(words[:30])
        end = shown.index(words[-20:], start) + 20
        assert shown[start - 1] == "\u201c", "the quote does not open with a mark"
        assert shown[end] == "\u201d", "the quote does not close with a mark"
        assert shown[: end + 1].count("\u201c") - words.count("\u201c") == 1


# --- cover --------------------------------------------------------------------------------


def _panel(page) -> dict:
    """The cover's coloured panel: the largest filled rectangle on the page."""
    return max(page.rects, key=lambda r: r["width"] * r["height"])


@pytest.mark.parametrize(("brief", "paper", "marks"), COVERS)
def test_the_cover_panel_bleeds(folder, brief, paper, marks):
    with pdfplumber.open(built(folder, brief, "cover", paper, marks)) as document:
        page = document.pages[0]
        panel = _panel(page)
        edge = SLUG - BLEED if marks else 0
        assert panel["x0"] <= edge + 0.01, panel["x0"]
        assert panel["x1"] >= page.width - edge - 0.01, panel["x1"]
        assert panel["top"] <= edge + 0.01, panel["top"]
        assert panel["bottom"] >= page.height * 0.6, "the panel does not reach the lower third"


@pytest.mark.parametrize(("brief", "paper", "marks"), COVERS)
def test_the_cover_title_sits_in_the_panels_lower_third_with_the_authors(
    folder, brief, paper, marks
):
    model = load_brief(BRIEFS[brief])
    with pdfplumber.open(built(folder, brief, "cover", paper, marks)) as document:
        page = document.pages[0]
        panel = _panel(page)
        trim_top = SLUG if marks else 0  # the panel's height is measured on the trimmed page
        height = panel["bottom"] - trim_top
        size = max(c["size"] for c in page.chars)
        title = [c for c in page.chars if abs(c["size"] - size) < 0.01]
        assert "".join(c["text"] for c in title).replace(" ", "") == to_plain(
            model.title
        ).replace(" ", "")
        for c in title:
            baseline = page.height - c["matrix"][5]
            assert trim_top + height * 2 / 3 <= baseline <= panel["bottom"], baseline
        lines = [
            line
            for line in page.extract_text_lines()
            if panel["top"] < line["top"] and line["bottom"] < panel["bottom"]
        ]
        inside = " ".join(_words(line["text"]) for line in lines)
        for author in model.authors:
            assert to_plain(author.name) in inside
        below = _band(page, panel["bottom"], page.height)
        if model.organization:
            assert to_plain(model.organization.name) in below
        if model.series:
            assert masthead_label(model, language_of(model.language)) in below
