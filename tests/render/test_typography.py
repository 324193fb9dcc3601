"""Typography a designer signs off (issue 14), measured on built PDFs.

Every check runs on both example briefs and the brief with every block, in each theme on A4
and Letter: eighteen builds, made once for the module.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections import Counter
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
