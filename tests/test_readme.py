"""The README's library example runs as written, and the entry point holds across calls."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pikepdf
from pypdf import PdfReader

import policybrief
from tests.conftest import ROOT, SEED


def _library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_library_example_builds_three_pdfs_in_one_process(tmp_path):
    shutil.copytree(ROOT / "briefs", tmp_path / "briefs")
    result = subprocess.run(
        [sys.executable, "-c", _library_example()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "wrote output/brief-a4.pdf",
        "wrote output/brief-letter.pdf",
        "briefs/no-such-brief.yaml: no such file",
    ]
    out = tmp_path / "output"
    assert sorted(p.name for p in out.iterdir()) == [
        "brief-a4.pdf",
        "brief-archive.pdf",
        "brief-letter.pdf",
    ]
    widths = [
        float(PdfReader(out / f"brief-{p}.pdf").pages[0].mediabox.width) for p in ("a4", "letter")
    ]
    assert [round(w) for w in widths] == [595, 612]
    with pikepdf.open(out / "brief-archive.pdf") as pdf:
        assert "pdfaid:part>2<" in pdf.Root.Metadata.read_bytes().decode()


def test_build_is_still_the_function_after_every_submodule_is_imported(tmp_path):
    """`import policybrief.build` once replaced the function with a module: the second call
    raised TypeError. No submodule may shadow the entry points."""
    import policybrief.batch
    import policybrief.cli
    import policybrief.pipeline
    import policybrief.watch  # noqa: F401

    outputs = [policybrief.build(SEED, tmp_path / f"{n}.pdf").output for n in range(3)]
    assert [p.is_file() for p in outputs] == [True, True, True]
    assert callable(policybrief.build) and callable(policybrief.validate)
    assert policybrief.validate(SEED).brief == SEED


def test_build_options_refuse_an_unknown_paper():
    import pytest

    with pytest.raises(ValueError, match="paper must be one of a4, letter"):
        policybrief.BuildOptions(paper="a5")
