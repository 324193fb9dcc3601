"""The hostile-input corpus's one way to run a case: the real command line in a child
process, under 30 s and 1 GB, in a folder whose every file is compared before and after.

Why a child process: a case that hangs or eats memory must fail its test, not stall or kill
the suite, and the bounds must hold for the build's own workers too (they inherit them).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from tests.conftest import ROOT

STARTER = (ROOT / "src" / "policybrief" / "starter.yaml").read_text(encoding="utf-8")
#: What stands at the output path before a build that must fail.
EARLIER = b"%PDF-1.4 an earlier build\n"
#: Every case's bounds: a hang or a memory blow-up is a failure of that case.
SECONDS = 30
MEMORY = 1 << 30
#: A located problem: file:line:col: message.
LOCATED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$", re.M)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """`python -m policybrief ARGS` in `cwd`, bounded; a timeout fails the calling test."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "policybrief", *args],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=SECONDS,
            preexec_fn=_bounded,
        )
    except subprocess.TimeoutExpired as err:
        command = " ".join(args)
        raise AssertionError(f"still running after {SECONDS} s: policybrief {command}") from err
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under `folder` (links not followed): its bytes (None if not a regular
    file) and its mode."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        regular = path.is_file() and not path.is_symlink()
        seen[str(path.relative_to(folder))] = (path.read_bytes() if regular else None, info.st_mode)
    return seen


class Sandbox:
    """A brief's folder: write inputs into it, run a build, check nothing else changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.output = folder / "out.pdf"

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def brief(self, *replacements: tuple[str, str], name: str = "brief.yaml") -> Path:
        """The starter brief with each (old, new) replaced once; old must be in it."""
        text = STARTER
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        return self.write(name, text)

    def build(self, *args: str, env: dict[str, str] | None = None) -> Run:
        return run_cli("build", *args, cwd=self.folder, env=env)

    def refused(
        self, *args: str, code: int = 1, env: dict[str, str] | None = None, earlier: bool = True
    ) -> tuple[Run, list[re.Match]]:
        """Build over an earlier PDF and assert it failed cleanly: exit `code`, no traceback,
        every file as it was, no temporary file. Returns the run and its located lines."""
        if earlier:
            self.output.write_bytes(EARLIER)
        before = snapshot(self.folder)
        run = self.build(*args, env=env)
        assert run.code == code, run.output
        assert "Traceback" not in run.output, run.output
        assert snapshot(self.folder) == before, "an input or the earlier PDF changed"
        return run, list(LOCATED.finditer(run.stderr))

    def built(
        self, *args: str, env: dict[str, str] | None = None, output: str = "out.pdf"
    ) -> Run:
        """Build and assert success: exit 0, no traceback, no file but the PDF `output` new."""
        before = set(snapshot(self.folder)) - {output}
        run = self.build(*args, env=env)
        assert run.code == 0, run.output
        assert "Traceback" not in run.output, run.output
        assert set(snapshot(self.folder)) - {output} == before, "a stray file"
        return run


def assert_located(run: Run, lines: list[re.Match], file: str, words: str) -> re.Match:
    """One located line names `file` and says `words` (a regular expression)."""
    for line in lines:
        if line["file"].endswith(file) and re.search(words, line["message"], re.I):
            return line
    raise AssertionError(f"no located line for {file} saying {words!r} in:\n{run.stderr}")


def assert_says(run: Run, file: str, words: str) -> str:
    """A line of stderr names `file` (with or without a line and column) and says `words`."""
    for line in run.stderr.splitlines():
        head, _, message = line.partition(": ")
        if head.split(":")[0].endswith(file) and re.search(words, message, re.I):
            return line
    raise AssertionError(f"no line for {file} saying {words!r} in:\n{run.stderr}")


def pdf_holds(pdf: Path, marker: bytes) -> bool:
    """Whether `marker` occurs in the PDF's bytes or in any of its streams, decoded."""
    if marker in pdf.read_bytes():
        return True
    with pikepdf.open(pdf) as document:
        for thing in document.objects:
            if isinstance(thing, pikepdf.Stream):
                try:
                    if marker in thing.read_bytes():
                        return True
                except pikepdf.PdfError:
                    continue
    return False
