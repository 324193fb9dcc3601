"""`policybrief watch`: which files count, and a real watch process driven line by line.

No test sleeps or polls: the child prints "watching" once its watcher is live and a line per
build, and each test reads those lines (a reader thread feeds a queue; a read times out only
if the child falls silent) before it makes its next change.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from policybrief.errors import BriefError
from policybrief.options import BuildOptions
from policybrief.watch import Watching, used_files, watch_brief, watched_folders
from tests.conftest import ROOT

STARTER = (ROOT / "src" / "policybrief" / "starter.yaml").read_text(encoding="utf-8")
TITLE = "A Title That States the Argument"
BULLETS = "      - bullets:\n          - A bulleted point."
TIME = r"\[\d\d:\d\d:\d\d\] "
#: Seconds a child may stay silent when a line is due (a cold start, a build on a busy box).
PATIENCE = 60


def _with_figure(image: str) -> str:
    figure = f"      - figure: A figure\n        image: {image}\n        alt: A block.\n"
    return STARTER.replace(BULLETS, figure + BULLETS)


def _title(pdf: Path) -> str:
    # The PDF is replaced by a rename, never rewritten in place: a read sees a whole file.
    return PdfReader(pdf).metadata.title or ""


def _save(path: Path, text: str) -> None:
    """Save as editors that rename do: one event, so one rebuild however busy the machine.

    Why: a plain write is an open, a write and a close; a writer paused between them for
    longer than the debounce step would give two rebuilds, and the lines would not match.
    """
    temp = path.with_name(path.name + ".new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _image(path: Path, colour: str) -> None:
    """Save a PNG by a rename (see `_save`)."""
    from PIL import Image

    temp = path.with_name(path.name + ".new")
    Image.new("RGB", (900, 450), colour).save(temp, format="PNG")
    os.replace(temp, path)


# --- the files that count ------------------------------------------------------------------


def test_used_files_are_the_brief_its_images_its_logo_and_its_theme_file(tmp_path):
    brief = tmp_path / "brief.yaml"
    text = _with_figure("images/map.png").replace(
        "organization:\n  name: Your Institute",
        "organization:\n  name: Your Institute\n  logo: logo.png",
    )
    brief.write_text(text + "theme: house.yaml\n", encoding="utf-8")
    assert used_files(brief) == {
        tmp_path / "brief.yaml",
        tmp_path / "images" / "map.png",  # named, not there yet: its arrival counts
        tmp_path / "logo.png",
        tmp_path / "house.yaml",
    }


def test_a_theme_file_option_is_named_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "brief").mkdir()
    brief = tmp_path / "brief" / "brief.yaml"
    brief.write_text(STARTER + "theme: house.yaml\n", encoding="utf-8")
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    options = BuildOptions(theme="themes/mine.yaml")
    assert used_files(brief, options) == {brief, tmp_path / "themes" / "mine.yaml"}
    assert used_files(brief, BuildOptions(theme="modern")) == {brief}


def test_watched_folders_cover_every_file_with_the_fewest_trees(tmp_path):
    (tmp_path / "brief" / "images").mkdir(parents=True)
    files = [
        tmp_path / "brief" / "brief.yaml",
        tmp_path / "brief" / "images" / "map.png",
        tmp_path / "brief" / "charts" / "new.png",  # no such folder yet
        tmp_path / "themes" / "mine.yaml",  # nor this one
    ]
    assert watched_folders(files) == [tmp_path]
    assert watched_folders(files[:3]) == [tmp_path / "brief"]


def test_watch_brief_says_it_is_live_then_builds_and_ends_on_its_stop_event(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    stop = threading.Event()
    events = watch_brief(brief, tmp_path / "brief.pdf", stop_event=stop)
    assert next(events) == Watching(frozenset({brief}))
    assert next(events).ok
    stop.set()
    assert list(events) == []


def test_watch_brief_of_a_missing_brief_raises_at_once(tmp_path):
    with pytest.raises(BriefError) as raised:
        next(watch_brief(tmp_path / "nosuch.yaml"))
    assert [str(p) for p in raised.value.problems] == [f"{tmp_path / 'nosuch.yaml'}: no such file"]


# --- a real watch process ------------------------------------------------------------------


class Watch:
    """A `policybrief watch` child whose output (stdout and stderr, in order) is read line
    by line; every line it prints must start with the time."""

    def __init__(self, *args: str | Path, cwd: Path | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policybrief", "watch", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # the child has closed its output

    def next(self) -> str:
        """The child's next line, without its time."""
        line = self.lines.get(timeout=PATIENCE)
        assert line is not None, "the watch ended"
        assert re.match(TIME, line), f"a line without a time: {line!r}"
        return line[len("[00:00:00] ") :]

    def until(self, start: str) -> list[str]:
        """Lines up to the first one that starts with `start`, that one included."""
        lines = [self.next()]
        while not lines[-1].startswith(start):
            lines.append(self.next())
        return lines

    def started(self) -> Watch:
        """Wait until the watcher is live and the first build is done."""
        assert self.next().startswith("watching ")
        assert self.next().startswith("wrote ")
        return self

    def interrupt(self) -> list[str]:
        """Ctrl-C: the lines after it (each checked for a time), once the child has ended."""
        self.proc.send_signal(signal.SIGINT)
        rest = []
        while (line := self.lines.get(timeout=PATIENCE)) is not None:
            assert re.match(TIME, line), f"a line without a time: {line!r}"
            rest.append(line[len("[00:00:00] ") :])
        assert self.proc.wait(timeout=PATIENCE) == 130
        return rest

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=PATIENCE)


@pytest.fixture
def watch():
    started = []

    def start(*args, cwd=None) -> Watch:
        started.append(Watch(*args, cwd=cwd))
        return started[-1]

    yield start
    for child in started:
        child.stop()


def test_watch_rebuilds_after_writes_renames_and_broken_saves(watch, tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    out = tmp_path / "out" / "brief.pdf"  # inside the brief's folder: its writes must not count
    child = watch(brief, "-o", out).started()
    assert _title(out) == TITLE
    # A plain write.
    brief.write_text(STARTER.replace(TITLE, "Second Title"), encoding="utf-8")
    assert child.next().startswith(f"wrote {out}")
    assert _title(out) == "Second Title"
    # A save by rename, as many editors do.
    _save(brief, STARTER.replace(TITLE, "Third Title"))
    assert child.next().startswith(f"wrote {out}")
    assert _title(out) == "Third Title"
    # A broken save: its errors, the PDF as it was, the watch goes on.
    _save(brief, STARTER.replace("summary:", "summry:"))
    errors = child.until("1 error found.")
    assert errors[0] == f"{brief}:17:1: unknown key 'summry' (did you mean 'summary'?)"
    assert _title(out) == "Third Title"
    # The next good save is built.
    _save(brief, STARTER.replace(TITLE, "Fourth Title"))
    assert child.next().startswith(f"wrote {out}")
    assert _title(out) == "Fourth Title"
    assert child.interrupt() == ["interrupted"]


def test_writes_to_an_unrelated_file_beside_the_brief_rebuild_nothing(watch, tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    out = tmp_path / "brief.pdf"
    child = watch(brief, "-o", out).started()
    log = tmp_path / "notes.log"
    for n in range(200):
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"line {n}\n")
    _save(brief, STARTER.replace(TITLE, "After the Log"))
    # The very next line is the brief's rebuild, and no other rebuild follows it.
    assert child.next().startswith(f"wrote {out}")
    assert _title(out) == "After the Log"
    assert child.interrupt() == ["interrupted"]


def test_watch_rebuilds_when_an_image_changes_or_a_named_one_arrives(watch, tmp_path):
    _image(tmp_path / "figure.png", "#336699")
    brief = tmp_path / "brief.yaml"
    brief.write_text(_with_figure("figure.png"), encoding="utf-8")
    out = tmp_path / "brief.pdf"
    child = watch(brief, "-o", out).started()
    first = out.read_bytes()
    _image(tmp_path / "figure.png", "#993366")
    assert child.next().startswith(f"wrote {out}")
    assert out.read_bytes() != first
    # The brief names an image in a folder not made yet: an error, then a build once it comes.
    _save(brief, _with_figure("charts/new.png"))
    assert "no image at 'charts/new.png'" in child.until("1 error found.")[0]
    (tmp_path / "charts").mkdir()
    _image(tmp_path / "charts" / "new.png", "#339966")
    assert child.next().startswith(f"wrote {out}")
    assert child.interrupt() == ["interrupted"]


def test_watch_rebuilds_when_a_theme_file_elsewhere_changes(watch, tmp_path):
    (tmp_path / "brief").mkdir()
    brief = tmp_path / "brief" / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    (tmp_path / "themes").mkdir()
    theme = tmp_path / "themes" / "house.yaml"
    theme.write_text("name: house\n", encoding="utf-8")
    out = tmp_path / "brief.pdf"
    child = watch("brief/brief.yaml", "--theme", "themes/house.yaml", "-o", out, cwd=tmp_path)
    child.started()
    first = out.read_bytes()
    _save(theme, "name: house\ncolours:\n  accent: '#000000'\n")
    assert child.next().startswith(f"wrote {out}")
    assert out.read_bytes() != first
    assert child.interrupt() == ["interrupted"]


def test_print_and_pdfa_reach_the_build(watch, tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text(STARTER, encoding="utf-8")
    out = tmp_path / "brief.pdf"
    child = watch(brief, "-o", out, "--print", "--pdfa").started()
    reader = PdfReader(out)
    assert "/TrimBox" in reader.pages[0]
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_data()
    assert child.interrupt() == ["interrupted"]


@pytest.mark.parametrize("name", ["nosuch.yaml", "a-folder"])
def test_watch_of_a_missing_brief_or_a_folder_fails_at_once(tmp_path, name):
    (tmp_path / "a-folder").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "policybrief", "watch", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    message = "no such file" if name == "nosuch.yaml" else "is a folder, not a YAML file"
    lines = result.stderr.splitlines()
    assert [re.sub(TIME, "", line, count=1) for line in lines] == [
        f"{name}: {message}",
        "1 error found.",
    ]
    assert all(re.match(TIME, line) for line in lines)
