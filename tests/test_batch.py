"""Building several briefs at once: in parallel, every brief built, one summary."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time

from pypdf import PdfReader

from policybrief.batch import build_many, cores, default_workers
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
    assert "built 2 of 3 briefs in " in result.stderr and " s; 1 failed:\n" in result.stderr
    assert f"  {briefs[1]}:17:1: unknown key 'summry'" in result.stderr
    assert "Traceback" not in result.output


def test_batch_prints_plain_lines_off_a_terminal_and_a_summary(runner, tmp_path):
    briefs = _three_briefs(tmp_path)[::2]
    result = runner.invoke(main, ["build", *map(str, briefs), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0
    *wrote, summary = result.stdout.splitlines()
    assert sorted(line.split(" (")[0] for line in wrote) == [
        f"wrote {tmp_path / 'one.pdf'}",
        f"wrote {tmp_path / 'two.pdf'}",
    ]
    assert re.fullmatch(r"built 2 briefs in \d+\.\d s", summary)


def test_one_brief_prints_one_line_and_no_summary(runner, tmp_path):
    result = runner.invoke(main, ["build", str(STARTER), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0
    assert re.fullmatch(
        rf"wrote {re.escape(str(tmp_path / 'x.pdf'))} \(\d+\.\d\d s\)\n", result.stdout
    )


def test_quiet_batch_prints_no_summary(runner, tmp_path):
    briefs = _three_briefs(tmp_path)[::2]
    result = runner.invoke(main, ["build", *map(str, briefs), "--out-dir", str(tmp_path), "-q"])
    assert result.exit_code == 0
    assert result.stdout == ""


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


def _on_a_terminal(command: list[str], seconds: float = 120) -> str:
    """What `command` prints with a pseudo-terminal as its stdin, stdout and stderr."""
    main_end, child_end = pty.openpty()
    proc = subprocess.Popen(command, stdin=child_end, stdout=child_end, stderr=child_end)
    os.close(child_end)  # the child holds the only copy: reading ends when it exits
    output = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main_end], [], [], deadline - time.monotonic())
            if not ready:
                break
            try:
                chunk = os.read(main_end, 4096)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(main_end)
        proc.kill()
        proc.wait(timeout=10)
    return output.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal the batch shows click's progress bar, then its lines and the summary."""
    briefs = _three_briefs(tmp_path)[::2]
    output = _on_a_terminal(
        [
            sys.executable,
            "-m",
            "policybrief",
            "build",
            *map(str, briefs),
            "--out-dir",
            str(tmp_path / "o"),
        ]
    )
    assert "Building" in output and "100%" in output
    assert "built 2 briefs in " in output


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


#: A parallel batch in a child, interrupted the way a terminal's Ctrl-C does it: one SIGINT
#: to every process of the group, sent by the first worker to begin a page. Then every
#: worker blocks for good as it begins a page: only being killed ends it.
INTERRUPTED_BATCH = """
import os, signal, sys
from reportlab.platypus.doctemplate import BaseDocTemplate

parent = os.getpid()
token, token_in = os.pipe()  # holds one byte: the worker that takes it sends the SIGINT
os.write(token_in, b"!")
os.set_blocking(token, False)
never, _ = os.pipe()  # never written
begin_page = BaseDocTemplate.handle_pageBegin

def begin_page_in_a_worker(self):
    if os.getpid() != parent:
        try:
            os.read(token, 1)
            os.killpg(0, signal.SIGINT)
        except BlockingIOError:
            pass
        os.read(never, 1)
    return begin_page(self)

BaseDocTemplate.handle_pageBegin = begin_page_in_a_worker
sys.argv = ["policybrief", *sys.argv[1:]]
from policybrief.__main__ import run
run()
"""


def test_ctrl_c_in_a_parallel_batch_stops_every_worker_at_once_and_writes_nothing(tmp_path):
    briefs = [tmp_path / f"brief{n}.yaml" for n in range(8)]
    for brief in briefs:
        shutil.copy(STARTER, brief)
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-c", INTERRUPTED_BATCH, "build", *map(str, briefs)]
    proc = subprocess.Popen(
        [*command, "--out-dir", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the SIGINT reaches it alone
    )
    try:
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        group_left = _group_alive(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL) if group_left else None
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() == ["interrupted"]
    assert "Traceback" not in stdout
    assert not group_left, "a worker outlived the batch"
    assert list(out.iterdir()) == [], "something was written after Ctrl-C"


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_brief_that_crashes_the_renderer_is_its_own_internal_error(runner, tmp_path):
    """The rest of the batch is built and reported; the crash is one line, no traceback."""
    briefs = _three_briefs(tmp_path)
    crashing = tmp_path / "crash.yaml"
    crashing.write_text(STARTER.read_text(encoding="utf-8").replace(
        "title:", "title: CRASH-HERE", 1), encoding="utf-8")
    script = CRASHING_RENDERER + "run()\n"
    command = [sys.executable, "-c", script, "build", *map(str, [briefs[0], crashing, briefs[2]])]
    for jobs in ("1", "2"):
        done = subprocess.run(
            [*command, "--out-dir", str(tmp_path / jobs), "-j", jobs],
            capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        assert f"{crashing}: internal error: ZeroDivisionError: planted (please report)" in (
            done.stderr
        )
        assert sorted(p.name for p in (tmp_path / jobs).iterdir()) == ["one.pdf", "two.pdf"]
        assert "built 2 of 3 briefs" in done.stderr


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path):
    brief = tmp_path / "crash.yaml"
    brief.write_text(STARTER.read_text(encoding="utf-8").replace(
        "title:", "title: CRASH-HERE", 1), encoding="utf-8")
    command = [sys.executable, "-c", CRASHING_RENDERER + "run()\n", "build", str(brief)]
    done = subprocess.run(
        [*command, "-o", str(tmp_path / "x.pdf"), "--debug"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "ZeroDivisionError: planted" in done.stderr


#: The renderer with a planted bug: a brief whose title starts CRASH-HERE raises.
CRASHING_RENDERER = """
import sys
import policybrief.render as render
real = render.render_pdf

def render_pdf(brief, *args, **kwargs):
    if brief.title.startswith("CRASH-HERE"):
        raise ZeroDivisionError("planted")
    return real(brief, *args, **kwargs)

render.render_pdf = render_pdf
sys.argv = ["policybrief", *sys.argv[1:]]
from policybrief.__main__ import run
"""


def test_jobs_above_the_cores_are_capped_and_said(runner, tmp_path):
    briefs = _three_briefs(tmp_path)[::2]
    result = runner.invoke(
        main, ["build", *map(str, briefs), "--out-dir", str(tmp_path), "-j", "1000"]
    )
    assert result.exit_code == 0, result.output
    assert f"-j 1000 is more than the {cores()} cores here; using {min(2, cores())}" in (
        result.stderr
    )
