"""Writing the PDF: atomically, to a created folder, never over the brief."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from policybrief.errors import BriefError
from policybrief.pipeline import default_output, write_atomic
from tests.conftest import SEED
from tests.helpers import build_pdf


def test_default_output():
    assert default_output(Path("briefs/x.yaml")) == Path("output/x.pdf")


def test_write_atomic_creates_the_folder(tmp_path):
    target = tmp_path / "new" / "deeper" / "x.pdf"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert os.listdir(target.parent) == ["x.pdf"]


def test_write_atomic_into_an_unwritable_place_is_a_brief_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BriefError) as caught:
        write_atomic(blocker / "x.pdf", b"data")
    assert str(blocker / "x.pdf") in str(caught.value)


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"earlier")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BriefError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"earlier"
    assert os.listdir(tmp_path) == ["x.pdf"]


def test_build_refuses_to_overwrite_its_input(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_bytes(SEED.read_bytes())
    with pytest.raises(BriefError, match="overwrite the brief"):
        build_pdf(brief, brief)


LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def test_a_table_row_taller_than_a_page_is_an_error_at_its_table(tmp_path):
    """ReportLab's LayoutError is reported at the line and column of the block that caused it."""
    brief = tmp_path / "tall.yaml"
    brief.write_text(
        "title: Tall\n"  # 1
        "date: 2021-09-20\n"  # 2
        "summary: [S]\n"  # 3
        "sections:\n"  # 4
        "  - heading: First\n"  # 5
        "    body:\n"  # 6
        "      - A paragraph.\n"  # 7
        "  - heading: Second\n"  # 8
        "    body:\n"  # 9
        "      - A paragraph before the table.\n"  # 10
        "      - table: Tall\n"  # 11: the block at fault, its key at column 9
        "        columns: [Name, Value]\n"
        "        rows:\n"
        "          - [Short, Short]\n"
        f"          - [Long, '{LOREM * 120}']\n"
        "      - A paragraph after it.\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as caught:
        build_pdf(brief, tmp_path / "tall.pdf")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == (str(brief), 11, 9)
    assert problem.message == (
        "sections > #2 > body > #2: this block is taller than a page and cannot be split"
    )
    assert problem.source_line.strip() == "- table: Tall"
    assert not (tmp_path / "tall.pdf").exists()


@pytest.fixture
def private_umask():
    """A umask that would make new files private, so only an explicit chmod gives 0644."""
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_a_built_pdf_is_readable_by_all(tmp_path, private_umask):
    """A new PDF is written with mode 0644, like any file a user makes, not mkstemp's 0600."""
    out = build_pdf(SEED, tmp_path / "new.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_an_overwritten_pdf_is_readable_by_all(tmp_path, private_umask):
    """Rebuilding over an existing PDF (even a private one) leaves a PDF with mode 0644."""
    out = tmp_path / "old.pdf"
    out.write_bytes(b"earlier")
    out.chmod(0o600)
    build_pdf(SEED, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_write_atomic_gives_mode_0644(tmp_path, private_umask):
    """write_atomic itself sets 0644, for a new file and over an existing one."""
    target = tmp_path / "x.pdf"
    write_atomic(target, b"first")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
