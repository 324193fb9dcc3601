"""Broken and hostile briefs through the real CLI: a located message, exit 1, no traceback,
and any earlier PDF left byte for byte as it was. Odd but legal text is rendered instead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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


def _build_ok(runner, brief: Path, tmp_path: Path) -> Path:
    out = tmp_path / "ok.pdf"
    result = runner.invoke(main, ["build", str(brief), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


# --- layout: blocks ReportLab cannot place, located ------------------------------------------

@pytest.mark.parametrize("old, new, where", [
    ("            text: What should be done, by whom, and why.",
     "            text: >-\n              " + LOREM * 400,
     ":42:13: sections > #3 > body > #1 > recommendations > #1: this block is taller"),
    ("            text: What it means, in two or three sentences.",
     "            text: >-\n              " + LOREM * 400,
     ":34:13: sections > #2 > body > #1 > findings > #1: this block is taller"),
    ("      - quote: Words quoted exactly as the source printed them.",
     "      - quote: >-\n          " + LOREM * 400,
     ":36:9: sections > #2 > body > #2: this block is taller"),
    ("  - The second thing, in a sentence.",
     "  - >-\n    " + LOREM * 300,
     ":18:3: summary: this block is taller"),
    ("disclaimer: The views expressed are the authors' own.",
     "disclaimer: >-\n  " + LOREM * 500,
     ":49:13: disclaimer: this block is taller"),
])
def test_block_taller_than_a_page_is_located(runner, tmp_path, old, new, where):
    [line] = _build_fails(runner, _brief(tmp_path, old, new), tmp_path)
    assert where in line


def test_paragraph_longer_than_a_page_splits_across_pages(runner, tmp_path):
    brief = _brief(tmp_path, "  - The closing paragraph.", "  - >-\n    " + LOREM * 300)
    pages = PdfReader(_build_ok(runner, brief, tmp_path)).pages
    assert len(pages) >= 4
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert text.count("Lorem ipsum") == 300


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
    uris = [a.get_object()["/A"]["/URI"] for page in PdfReader(out).pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert url in uris


# --- text the fonts cannot draw, located at the character -------------------------------------

@pytest.mark.parametrize("text, char, col", [
    ("Emoji \U0001F600 here", "U+1F600", 14),
    ("CJK \u4e2d\u6587", "U+4E2D", 12),
    ("Urdu \u067e\u0627\u06a9\u0633\u062a\u0627\u0646", "U+067E", 13),
    ("Hebrew \u05e9\u05dc\u05d5\u05dd", "U+05E9", 15),
    ("Greek \u0391\u03b8\u03ae\u03bd\u03b1", "U+0391", 14),
])
def test_undrawable_character_is_located(runner, tmp_path, text, char, col):
    brief = _brief(tmp_path, "title: A Title That States the Argument", f"title: {text}")
    [line] = _build_fails(runner, brief, tmp_path)
    assert f":4:{col}: title: the bundled fonts cannot draw" in line
    assert char in line


def test_combining_accents_are_composed_and_drawn(runner, tmp_path):
    brief = _brief(tmp_path, "title: A Title That States the Argument",
                   'title: "Cafe\\u0301 and Zu\\u0308rich"')
    first = PdfReader(_build_ok(runner, brief, tmp_path)).pages[0].extract_text()
    assert "Caf\u00e9 and Z\u00fcrich" in first


@pytest.mark.parametrize("text", ["<b>bold</b> & <font size=40>big", "</para><para>",
                                  "a < b > c &amp; &#169; <unclosed"])
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


def test_interrupted_build_leaves_no_partial_file_and_the_earlier_pdf(tmp_path):
    brief = _brief(tmp_path, "  - The closing paragraph.", "  - >-\n    " + LOREM * 3000)
    out = tmp_path / "x.pdf"
    out.write_bytes(EARLIER)
    proc = subprocess.Popen(_cli("build", str(brief), "-o", str(out)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)  # start-up is well under a second; the 30-page layout takes longer
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0, "the build finished before it was interrupted"
    assert b"Traceback" not in stderr
    assert out.read_bytes() == EARLIER
    assert sorted(os.listdir(tmp_path)) == ["brief.yaml", "x.pdf"]
