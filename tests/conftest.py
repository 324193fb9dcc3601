"""Shared fixtures: the seed brief, and its PDF built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "briefs" / "us-pakistan-relations.yaml"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed brief built on A4 with the default theme."""
    from tests.helpers import build_pdf

    return build_pdf(SEED, tmp_path_factory.mktemp("seed") / "seed.pdf")


@pytest.fixture(scope="session")
def seed_letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.helpers import build_pdf

    return build_pdf(SEED, tmp_path_factory.mktemp("letter") / "seed.pdf", paper="letter")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
