"""Full pages (issue 14, item 4), measured on built PDFs: every page but the last ends at
most a quarter empty at its foot, and the last page is a third full or a back page whose
blocks sit at the foot. Three briefs x the built-in themes x A4 and Letter."""

from __future__ import annotations

import itertools
from pathlib import Path

import pdfplumber
import pytest

from policybrief.load import load_theme
from policybrief.model.theme import builtin_theme_names
from policybrief.render.context import EDGE
from policybrief.render.document import MASTHEAD_HEIGHT
from tests.conftest import ROOT
from tests.helpers import build_pdf

BRIEFS = [
    ROOT / "briefs" / "us-pakistan-relations.yaml",
    ROOT / "briefs" / "showcase.yaml",
    ROOT / "tests" / "data" / "everything.yaml",
]
PAPERS = ["a4", "letter"]
CASES = list(itertools.product(BRIEFS, builtin_theme_names(), PAPERS))
#: The most a page but the last may leave empty at its foot, as a share of its frame.
MOST_EMPTY = 0.25
#: The least the last page holds, as a share of its frame, unless its blocks sit at the foot.
LEAST_LAST = 1 / 3
#: How near the frame's foot a back page's last block ends, in points (about two lines).
AT_THE_FOOT = 30


def frame_of(page, theme) -> tuple[float, float]:
    """The top and bottom of a page's text frame, from the page's top (pdfplumber's y)."""
    top = EDGE + MASTHEAD_HEIGHT + 22 if page.page_number == 1 else theme.margins.top
    return top, page.height - theme.margins.bottom


def lowest_content(page, theme) -> float:
    """The foot of the lowest text, rule, box, curve or image inside the frame: the running
    head and the folio sit outside it."""
    top, bottom = frame_of(page, theme)
    drawn = page.chars + page.rects + page.lines + page.curves + page.images
    inside = [o["bottom"] for o in drawn if o["top"] >= top - 2 and o["bottom"] <= bottom + 2]
    return max(inside, default=top)


def emptiness(page, theme) -> float:
    """The share of the frame left empty below the lowest content."""
    top, bottom = frame_of(page, theme)
    return max(0.0, bottom - lowest_content(page, theme)) / (bottom - top)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache: dict[tuple, Path] = {}

    def build(brief: Path, theme: str, paper: str) -> Path:
        key = (brief, theme, paper)
        if key not in cache:
            out = tmp_path_factory.mktemp("pages") / f"{brief.stem}-{theme}-{paper}.pdf"
            cache[key] = build_pdf(brief, out, theme=theme, paper=paper)
        return cache[key]

    return build


@pytest.fixture(params=CASES, ids=[f"{b.stem}-{t}-{p}" for b, t, p in CASES])
def case(request, built):
    brief, theme, paper = request.param
    with pdfplumber.open(built(brief, theme, paper)) as pdf:
        yield load_theme(theme), pdf


def test_no_page_but_the_last_is_more_than_a_quarter_empty(case):
    theme, pdf = case
    empty = {
        page.page_number: round(emptiness(page, theme), 2)
        for page in pdf.pages[:-1]
        if not (page.page_number == 1 and theme.cover)
    }
    assert all(share <= MOST_EMPTY for share in empty.values()), empty


def test_the_last_page_is_a_third_full_or_a_back_page_set_at_the_foot(case):
    theme, pdf = case
    page = pdf.pages[-1]
    top, bottom = frame_of(page, theme)
    full = (lowest_content(page, theme) - top) / (bottom - top)
    at_the_foot = bottom - lowest_content(page, theme) <= AT_THE_FOOT
    back_page = "Suggested citation" in (page.extract_text() or "")
    assert full >= LEAST_LAST or (back_page and at_the_foot), (round(full, 2), at_the_foot)


def test_notes_are_a_list_of_their_own_before_the_back_matter(built):
    with pdfplumber.open(built(BRIEFS[0], "institute", "a4")) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    notes, about = text.rfind("\nNotes\n"), text.rfind("About this brief")
    assert notes != -1 and about != -1 and notes < about, "no Notes list before the back matter"
    listed = text[notes:about]
    assert "1. " in listed and "2. " in listed
