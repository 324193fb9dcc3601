"""PDF/UA-1 and PDF/A-2b, as two validators someone else wrote judge them.

page-validation (a Rust validator that passes the veraPDF and Isartor corpora) checks PDF/UA-1
on every build and PDF/A-2b where the file claims it; outloud's conformance layer checks the
PDF/UA-1 and Matterhorn points again, its own way. Both are pinned in pyproject.toml. veraPDF
itself is not run here (it needs Java).

The matrix is what the README promises: both example briefs in each theme on A4 and Letter,
each plain, `--print`, `--pdfa` and `--pdfa --print`, and the test brief that uses every block
and field once.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import outloud
import page
import pytest

from tests.conftest import ROOT, SEED
from tests.helpers import build_pdf

SHOWCASE = ROOT / "briefs" / "showcase.yaml"
EVERYTHING = ROOT / "tests" / "data" / "everything.yaml"
THEMES = ["institute", "modern", "monochrome"]
PAPERS = ["a4", "letter"]
MODES = {
    "plain": {},
    "print": {"print_marks": True},
    "pdfa": {"pdfa": True},
    "pdfa-print": {"pdfa": True, "print_marks": True},
}

CASES = [
    pytest.param(
        brief, {"theme": theme, "paper": paper, **settings}, id=f"{name}-{theme}-{paper}-{mode}"
    )
    for (name, brief), theme, paper, (mode, settings) in itertools.product(
        [("seed", SEED), ("showcase", SHOWCASE)], THEMES, PAPERS, MODES.items()
    )
] + [
    pytest.param(EVERYTHING, settings, id=f"everything-{mode}") for mode, settings in MODES.items()
]


def page_validation_failures(pdf: Path, profile: str) -> list[str]:
    report = page.validate_pdf(str(pdf), profile=getattr(page.ValidationProfile, profile))
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def outloud_findings(pdf: Path) -> list[str]:
    result = outloud.check(str(pdf), layers=["conformance"])
    assert result.error is None, result.error
    return [
        f"{finding.severity} {finding.rule}: {finding.message}"
        for finding in result.findings
        if finding.severity in ("error", "warning")
    ]


@pytest.mark.parametrize("brief, settings", CASES)
def test_both_validators_find_every_rule_met(tmp_path, brief, settings):
    pdf = build_pdf(brief, tmp_path / "out.pdf", **settings)
    assert page_validation_failures(pdf, "PDF_UA_1") == []
    if settings.get("pdfa"):
        assert page_validation_failures(pdf, "PDF_A_2B") == []
    assert outloud_findings(pdf) == []


def test_the_validators_fail_a_pdf_that_breaks_their_rules(tmp_path):
    """The checks can fail: an untagged build breaks PDF/UA-1 for both, and a tagged build
    that claims PDF/A-2b without its output intent breaks PDF/A-2b."""
    import pikepdf

    from policybrief.load import load_brief, load_theme
    from policybrief.render import render_pdf

    brief = load_brief(SEED)
    untagged = tmp_path / "untagged.pdf"
    untagged.write_bytes(render_pdf(brief, load_theme(brief.theme), tagged=False).pdf)
    assert page_validation_failures(untagged, "PDF_UA_1")
    assert outloud_findings(untagged)
    claimed = build_pdf(SEED, tmp_path / "pdfa.pdf", pdfa=True)
    broken = tmp_path / "no-intent.pdf"
    with pikepdf.open(claimed) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(broken)
    assert page_validation_failures(broken, "PDF_A_2B")


def test_links_cut_by_line_breaks_meet_every_rule(tmp_path):
    from tests.render.test_tagging import _wrapped_links_brief

    pdf = build_pdf(_wrapped_links_brief(tmp_path), tmp_path / "links.pdf", pdfa=True)
    assert page_validation_failures(pdf, "PDF_UA_1") == []
    assert page_validation_failures(pdf, "PDF_A_2B") == []
    assert outloud_findings(pdf) == []


def test_every_conformance_claim_names_the_pinned_validators_and_says_verapdf_was_not_run():
    import re

    from click.testing import CliRunner

    from policybrief.cli import main

    pins = dict(
        re.findall(
            r'"(page-validation|outloud)==([\d.]+)"',
            (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
        )
    )
    assert set(pins) == {"page-validation", "outloud"}
    help_text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    claims = {
        "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
        "docs/design-decisions.md": (ROOT / "docs" / "design-decisions.md").read_text(
            encoding="utf-8"
        ),
        "build --help": help_text,
    }
    for where, text in claims.items():
        text = " ".join(text.split())
        for name, version in pins.items():
            assert f"{name} {version}" in text, f"{where} does not name {name} {version}"
        assert "veraPDF" in text and "not" in text, where
