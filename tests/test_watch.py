"""`policybrief watch` in a real process: rebuilds on a write and on a rename-save, survives a
broken save, recovers on the next good one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

STARTER = (ROOT / "src" / "policybrief" / "starter.yaml").read_text(encoding="utf-8")
TITLE = "A Title That States the Argument"


def _wait_for(predicate, seconds: float = 20) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _title(pdf: Path) -> str:
    # The PDF is replaced by a rename, never rewritten in place: a read sees a whole file.
    return PdfReader(pdf).metadata.title or ""


@pytest.fixture
def watching(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    out = tmp_path / "out" / "brief.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "policybrief", "watch", str(brief), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for(lambda: out.exists() and _title(out) == TITLE), "no first build"
    time.sleep(0.3)  # let the watcher start
    yield brief, out, proc
    proc.terminate()
    proc.wait(timeout=10)


def test_watch_rebuilds_after_writes_renames_and_broken_saves(watching, tmp_path):
    brief, out, proc = watching
    # A plain write.
    brief.write_text(STARTER.replace(TITLE, "Second Title"), encoding="utf-8")
    assert _wait_for(lambda: _title(out) == "Second Title"), "no rebuild after a write"
    # A save by rename, as many editors do.
    temp = tmp_path / "brief.yaml.new"
    temp.write_text(STARTER.replace(TITLE, "Third Title"), encoding="utf-8")
    os.replace(temp, brief)
    assert _wait_for(lambda: _title(out) == "Third Title"), "no rebuild after a rename"
    # A broken save: the PDF stays, the watch goes on.
    brief.write_text(STARTER.replace("summary:", "summry:"), encoding="utf-8")
    time.sleep(1.5)
    assert proc.poll() is None, "the watch died on a broken save"
    assert _title(out) == "Third Title"
    # The next good save is built.
    brief.write_text(STARTER.replace(TITLE, "Fourth Title"), encoding="utf-8")
    assert _wait_for(lambda: _title(out) == "Fourth Title"), "no recovery after a good save"
    proc.terminate()
    stdout, stderr = proc.communicate(timeout=10)
    assert f"{brief}:17:1: unknown key 'summry'" in stderr
    assert "Traceback" not in stderr
    assert stdout.count("wrote") >= 4


def test_watch_rebuilds_when_an_image_changes(tmp_path):
    from PIL import Image

    brief = tmp_path / "brief.yaml"
    Image.new("RGB", (900, 450), "#336699").save(tmp_path / "figure.png")
    brief.write_text(
        STARTER.replace(
            "      - bullets:\n          - A bulleted point.",
            "      - figure: A figure\n        image: figure.png\n        alt: A block.\n"
            "      - bullets:\n          - A bulleted point.",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "brief.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "policybrief", "watch", str(brief), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: out.exists() and _title(out) == TITLE)
        time.sleep(0.3)
        first = out.stat().st_mtime_ns
        Image.new("RGB", (900, 450), "#993366").save(tmp_path / "figure.png")
        assert _wait_for(lambda: out.stat().st_mtime_ns != first), "no rebuild for the image"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
