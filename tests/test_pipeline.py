"""Writing the PDF: atomically, to a created folder, never over the brief."""

from __future__ import annotations

import os
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
