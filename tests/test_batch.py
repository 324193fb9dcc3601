"""Building several briefs at once: in parallel, every brief built, one summary."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from policybrief.batch import build_many, default_workers
from policybrief.cli import main
from policybrief.options import BuildOptions
from tests.conftest import ROOT, SEED

STARTER = ROOT / "src" / "policybrief" / "starter.yaml"


def _three_briefs(folder):
    good = [folder / "one.yaml", folder / "two.yaml"]
    for path in good:
        shutil.copy(STARTER, path)
    broken = folder / "broken.yaml"
    broken.write_text(
        STARTER.read_text(encoding="utf-8").replace("summary:", "summry:"), encoding="utf-8"
    )
    return [good[0], broken, good[1]]


def test_batch_with_one_broken_brief_builds_the_others(runner, tmp_path):
    briefs = _three_briefs(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", *map(str, briefs), "--out-dir", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["one.pdf", "two.pdf"]
    for pdf in out.iterdir():
        assert PdfReader(pdf).pages
    assert "1 of 3 briefs failed:" in result.stderr
    assert f"  {briefs[1]}:17:1: unknown key 'summry'" in result.stderr
    assert "Traceback" not in result.output


def test_batch_prints_plain_lines_off_a_terminal(runner, tmp_path):
    briefs = _three_briefs(tmp_path)[::2]
    result = runner.invoke(main, ["build", *map(str, briefs), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(line.split(" (")[0] for line in result.stdout.splitlines()) == [
        f"wrote {tmp_path / 'one.pdf'}",
        f"wrote {tmp_path / 'two.pdf'}",
    ]


def test_build_many_runs_in_several_processes(tmp_path):
    jobs = [(SEED, tmp_path / f"{n}.pdf") for n in range(3)]
    outcomes = list(build_many(jobs, BuildOptions(), workers=2))
    assert sorted(o.output.name for o in outcomes) == ["0.pdf", "1.pdf", "2.pdf"]
    assert all(o.ok and not o.problems for o in outcomes)
    bytes_ = {o.output.read_bytes() for o in outcomes}
    assert len(bytes_) == 1  # the same brief gives the same bytes in every process


def test_default_workers_is_one_per_core_at_most_one_per_brief():
    assert default_workers(1) == 1
    assert 1 <= default_workers(100) <= 100


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal (script gives the build a tty) the batch shows click's progress bar."""
    if not shutil.which("script"):
        pytest.skip("util-linux 'script' is not installed")
    briefs = _three_briefs(tmp_path)[::2]
    command = (
        f"{sys.executable} -m policybrief build {briefs[0]} {briefs[1]} --out-dir {tmp_path / 'o'}"
    )
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "Building" in result.stdout and "100%" in result.stdout


def test_two_briefs_writing_one_pdf_is_a_usage_error(runner, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        shutil.copy(STARTER, tmp_path / folder / "x.yaml")
    result = runner.invoke(
        main,
        [
            "build",
            str(tmp_path / "a" / "x.yaml"),
            str(tmp_path / "b" / "x.yaml"),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "several briefs would write" in result.output
