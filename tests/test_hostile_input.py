"""Broken and hostile briefs through the real CLI: a located message, exit 1, no traceback,
and any earlier PDF left byte for byte as it was. Odd but legal text is rendered instead."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from policybrief.cli import main
from tests.conftest import ROOT

STARTER = (ROOT / "src" / "policybrief" / "starter.yaml").read_text(encoding="utf-8")
EARLIER = b"%PDF-1.4 an earlier build\n"
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


def _brief(tmp_path: Path, old: str, new: str) -> Path:
    assert old in STARTER, old
    path = tmp_path / "brief.yaml"
    path.write_text(STARTER.replace(old, new), encoding="utf-8")
    return path


def _build_fails(runner, brief: Path, tmp_path: Path) -> list[str]:
    """Build over an earlier PDF; assert failure with nothing lost; return the located lines."""
    out = tmp_path / "out.pdf"
    out.write_bytes(EARLIER)
    result = runner.invoke(main, ["build", str(brief), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([brief.name, "out.pdf"])
    return [line for line in result.stderr.splitlines() if line.startswith(str(brief))]


def _all_text(pdf: Path) -> str:
    """Every page's text on one line, words broken by hyphenation joined again."""
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).split())


def _build_ok(runner, brief: Path, tmp_path: Path) -> Path:
    out = tmp_path / "ok.pdf"
    result = runner.invoke(main, ["build", str(brief), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


# --- layout: blocks taller than a page split instead of failing ------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "            text: What should be done, by whom, and why.",
            "            text: >-\n              " + LOREM * 200,
        ),
        (
            "            text: What it means, in two or three sentences.",
            "            text: >-\n              " + LOREM * 200,
        ),
        (
            "      - quote: Words quoted exactly as the source printed them.",
            "      - quote: >-\n          " + LOREM * 200,
        ),
        ("  - The second thing, in a sentence.", "  - >-\n    " + LOREM * 200),
        (
            "disclaimer: The views expressed are the authors' own.",
            "disclaimer: >-\n  " + LOREM * 200,
        ),
    ],
    ids=["card", "finding", "quote", "takeaways", "back matter"],
)
def test_block_taller_than_a_page_splits(runner, tmp_path, old, new):
    pdf = _build_ok(runner, _brief(tmp_path, old, new), tmp_path)
    assert len(PdfReader(pdf).pages) >= 3
    # "amet" is too short to hyphenate: one per sentence, none lost at a split
    assert _all_text(pdf).count("amet") == 200


def test_layout_error_is_located_at_its_block(runner, tmp_path, monkeypatch):
    """Whatever ReportLab still cannot place is reported at the block the renderer names."""
    import policybrief.render
    from policybrief.errors import SourceError

    def cannot_place(*args, **kwargs):
        raise SourceError(("sections", 1, "body", 1), "this block is taller than a page")

    monkeypatch.setattr(policybrief.render, "render_pdf", cannot_place)
    [line] = _build_fails(runner, _brief(tmp_path, "title:", "title:"), tmp_path)
    assert line.endswith(":36:9: sections > #2 > body > #2: this block is taller than a page")


def test_paragraph_longer_than_a_page_splits_across_pages(runner, tmp_path):
    brief = _brief(tmp_path, "  - The closing paragraph.", "  - >-\n    " + LOREM * 300)
    pdf = _build_ok(runner, brief, tmp_path)
    assert len(PdfReader(pdf).pages) >= 4
    assert _all_text(pdf).count("amet") == 300


@pytest.mark.parametrize("word", ["x" * 6000, "https://example.org/" + "a" * 2000])
def test_giant_word_wraps_inside_the_column(runner, tmp_path, word):
    brief = _brief(tmp_path, "  - The closing paragraph.", f"  - {word}")
    with pdfplumber.open(_build_ok(runner, brief, tmp_path)) as doc:
        chars = [c for page in doc.pages for c in page.chars if c["text"] in "xa"]
        page_width = doc.pages[0].width
    assert len(chars) >= len(word) - 25
    assert max(c["x1"] for c in chars) <= page_width - 60  # inside the right margin


def test_giant_url_link_stays_live(runner, tmp_path):
    url = "https://example.org/" + "a" * 2000
    brief = _brief(tmp_path, "  - The closing paragraph.", f"  - '[{url}]({url})'")
    out = _build_ok(runner, brief, tmp_path)
    uris = _link_uris(out)
    assert url in uris


# --- text the fonts cannot draw, located at the character -------------------------------------


@pytest.mark.parametrize(
    "text, char, col",
    [
        ("Emoji \U0001f600 here", "U+1F600", 14),
        ("CJK \u4e2d\u6587", "U+4E2D", 12),
        ("Thai \u0e20\u0e32\u0e29\u0e32", "U+0E20", 13),
        ("Hebrew \u05e9\u05dc\u05d5\u05dd", "U+05E9", 15),
        ("Georgian \u10e5\u10d0\u10e0\u10d7\u10e3\u10da\u10d8", "U+10E5", 17),
    ],
)
def test_undrawable_character_is_located(runner, tmp_path, text, char, col):
    brief = _brief(tmp_path, "title: A Title That States the Argument", f"title: {text}")
    [line] = _build_fails(runner, brief, tmp_path)
    assert f":4:{col}: title: the bundled fonts cannot draw" in line
    assert char in line


def test_combining_accents_are_composed_and_drawn(runner, tmp_path):
    brief = _brief(
        tmp_path,
        "title: A Title That States the Argument",
        'title: "Cafe\\u0301 and Zu\\u0308rich"',
    )
    first = PdfReader(_build_ok(runner, brief, tmp_path)).pages[0].extract_text()
    assert "Caf\u00e9 and Z\u00fcrich" in first


@pytest.mark.parametrize(
    "text", ["<b>bold</b> & <font size=40>big", "</para><para>", "a < b > c &amp; &#169; <unclosed"]
)
def test_markup_characters_print_literally(runner, tmp_path, text):
    brief = _brief(tmp_path, "  - The closing paragraph.", f"  - '{text}'")
    pages = PdfReader(_build_ok(runner, brief, tmp_path)).pages
    assert text in " ".join(" ".join(p.extract_text().split()) for p in pages)


# --- files --------------------------------------------------------------------------------------


def test_directory_given_as_the_brief(runner, tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    result = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert f"{folder}: is a folder, not a YAML file" in result.stderr


def test_output_folder_is_created(runner, tmp_path):
    brief = _brief(tmp_path, "title:", "title:")
    out = tmp_path / "new" / "folder" / "x.pdf"
    assert runner.invoke(main, ["build", str(brief), "-o", str(out)]).exit_code == 0
    assert PdfReader(out).pages


def test_output_that_cannot_be_written(runner, tmp_path):
    brief = _brief(tmp_path, "title:", "title:")
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    result = runner.invoke(main, ["build", str(brief), "-o", str(blocker / "x.pdf")])
    assert result.exit_code == 1
    assert f"{blocker / 'x.pdf'}: cannot write here" in result.stderr


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "policybrief", *args]


def test_two_builds_of_one_output_at_once_leave_one_complete_pdf(tmp_path):
    brief = _brief(tmp_path, "title:", "title:")
    out = tmp_path / "x.pdf"
    procs = [subprocess.Popen(_cli("build", str(brief), "-o", str(out), "-q")) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(PdfReader(out).pages) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml", "x.pdf"]


#: Runs the console entry point in a child after `{hook}` has armed it to send itself SIGINT
#: at one moment, so the interrupt lands there and nowhere else, whatever the machine's speed.
INTERRUPTING = """
import os, signal, sys

def interrupt():
    os.kill(os.getpid(), signal.SIGINT)  # delivered at the next Python instruction

{hook}
sys.argv = ["policybrief", *sys.argv[1:]]
{entry}
"""
CONSOLE_SCRIPT = "from policybrief.__main__ import run\nrun()"
DASH_M = "import runpy\nrunpy.run_module('policybrief', run_name='__main__', alter_sys=True)"

ON_IMPORT = """
class InterruptOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            interrupt()
        return None

sys.meta_path.insert(0, InterruptOnImport())
"""
ON_FIRST_PAGE = """
from reportlab.platypus.doctemplate import BaseDocTemplate

begin_page = BaseDocTemplate.handle_pageBegin

def begin_page_then_interrupt(self):
    interrupt()
    return begin_page(self)

BaseDocTemplate.handle_pageBegin = begin_page_then_interrupt
"""
ON_RENAME = """
rename = os.replace

def interrupt_before_rename(source, target, **kwargs):
    if str(source).endswith(".tmp"):
        assert os.path.exists(source)  # the temporary file is written, not yet renamed
        interrupt()
    return rename(source, target, **kwargs)

os.replace = interrupt_before_rename
"""
INTERRUPT_MOMENTS = {
    "importing the command line": ON_IMPORT.format(module="policybrief.cli"),
    "importing ReportLab": ON_IMPORT.format(module="reportlab"),
    "laying out the first page": ON_FIRST_PAGE,
    "writing the PDF": ON_RENAME,
}


def _interrupted_build(tmp_path: Path, hook: str, entry: str = CONSOLE_SCRIPT):
    brief = _brief(tmp_path, "title:", "title:")
    out = tmp_path / "x.pdf"
    out.write_bytes(EARLIER)
    code = INTERRUPTING.format(hook=hook, entry=entry)
    return subprocess.run(
        [sys.executable, "-c", code, "build", str(brief), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _assert_interrupted_cleanly(result, tmp_path: Path) -> None:
    assert result.returncode == 130, result.stderr
    assert result.stderr.splitlines() == ["interrupted"]
    assert "Traceback" not in result.stdout + result.stderr
    assert (tmp_path / "x.pdf").read_bytes() == EARLIER
    assert sorted(os.listdir(tmp_path)) == ["brief.yaml", "x.pdf"]


@pytest.mark.parametrize("moment", INTERRUPT_MOMENTS)
def test_interrupt_at_any_moment_is_one_line_and_exit_130(tmp_path, moment):
    result = _interrupted_build(tmp_path, INTERRUPT_MOMENTS[moment])
    _assert_interrupted_cleanly(result, tmp_path)


@pytest.mark.parametrize("moment", ["importing the command line", "laying out the first page"])
def test_interrupt_under_python_dash_m(tmp_path, moment):
    result = _interrupted_build(tmp_path, INTERRUPT_MOMENTS[moment], entry=DASH_M)
    _assert_interrupted_cleanly(result, tmp_path)


# --- addresses are never markup ------------------------------------------------------------

AUTHORS = "organization:\n  name: Your Institute"


@pytest.mark.parametrize("email", ['a"b@c.de', "[x](https://e.org)@b.cd", "*a*@b.cd"])
def test_hostile_email_is_a_located_error(runner, tmp_path, email):
    brief = _brief(
        tmp_path,
        AUTHORS,
        f"authors:\n  - name: A\n    affiliation: B\n    email: '{email}'\n" + AUTHORS,
    )
    [line] = _build_fails(runner, brief, tmp_path)
    assert ":14:12: authors > #1 > email:" in line


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a--b...c",
        'https://example.org/"a"',
        "https://example.org/*a*_b_",
        "https://example.org/[a](b)",
    ],
)
def test_addresses_are_linked_exactly_as_written(runner, tmp_path, url):
    brief = _brief(tmp_path, AUTHORS, AUTHORS + f"\n  url: '{url}'")
    brief.write_text(
        brief.read_text().replace(
            "language: en",
            f"language: en\nsource: {{title: T, publisher: P, year: '2021', url: '{url}'}}",
        )
    )
    out = _build_ok(runner, brief, tmp_path)
    uris = _link_uris(out)
    assert uris.count(url) == 3  # the credit on page 1, the source and publisher at the back
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert url in text


def test_long_series_and_publisher_stay_inside_the_page(runner, tmp_path):
    long = "Very Long Series Name " * 3
    brief = _brief(tmp_path, "series: Policy Brief", f"series: {long.strip()}")
    brief.write_text(
        brief.read_text().replace("  name: Your Institute", "  name: " + "The Institute " * 8)
    )
    with pdfplumber.open(_build_ok(runner, brief, tmp_path)) as doc:
        for page in doc.pages:
            assert max(c["x1"] for c in page.chars) <= page.width - 18
            furniture = sorted(  # words: kerned letters may overlap a little, words not
                (w for w in page.extract_words() if w["top"] > page.height - 60),
                key=lambda w: w["x0"],
            )
            for left, right in zip(furniture, furniture[1:]):
                assert right["x0"] >= left["x1"] - 0.5, "furniture text overlaps"


def test_invalid_source_date_epoch_is_an_error(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    out = tmp_path / "x.pdf"
    result = runner.invoke(
        main, ["build", str(_brief(tmp_path, "title:", "title:")), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH: 'abc' is not a number of seconds" in result.stderr
    assert not out.exists()


def _link_uris(pdf) -> list[str]:
    """The URI of every link annotation in the PDF, page by page."""
    return [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
