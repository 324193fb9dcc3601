"""Rebuild a brief whenever it, its images or its theme file change.

Why: users edit YAML and look at the PDF. watchfiles watches the folders (so editors that
save by writing a new file and renaming it over the old one are seen), waits for a burst of
writes to settle, and the brief is rebuilt in this process, where fonts and modules are
already loaded. A broken save prints its errors and the watch goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policybrief.batch import Outcome, build_one
from policybrief.options import BuildOptions
from policybrief.pipeline import default_output

#: Milliseconds of quiet after the last write before rebuilding.
DEBOUNCE_MS = 150


def watch_brief(
    brief: Path,
    output: Path | None = None,
    options: BuildOptions = BuildOptions(),
    stop_event: Any = None,
) -> Iterator[Outcome]:
    """The outcome of a first build, then of a rebuild after each change that matters.

    Args:
        brief: the brief's YAML file.
        output: the PDF to write; output/<brief name>.pdf by default.
        options: how to build.
        stop_event: a threading.Event that ends the watch when set (for tests and embedding).
    """
    from watchfiles import watch

    target = output or default_output(brief)
    yield build_one(brief, target, options)
    absolute = target.resolve()
    for changes in watch(
        *_folders(brief.resolve(), options),
        debounce=DEBOUNCE_MS,
        step=50,
        stop_event=stop_event,
        raise_interrupt=False,
        watch_filter=lambda change, path: _matters(Path(path), absolute),
    ):
        if changes:
            yield build_one(brief, target, options)


def _matters(path: Path, target: Path) -> bool:
    """Every change but to the PDF we write (and its temporary file) and to hidden files."""
    name = path.name
    return not (path == target or name.startswith(".") or name.endswith((".tmp", "~")))


def _folders(brief: Path, options: BuildOptions) -> list[Path]:
    """The brief's folder (with its image folders) and the folder of a theme file."""
    folders = {brief.parent}
    theme = options.theme
    if theme and Path(theme).suffix in (".yaml", ".yml"):
        folders.add(Path(theme).resolve().parent)
    else:
        folders |= _theme_folder_named_in(brief)
    return sorted(folders)


def _theme_folder_named_in(brief: Path) -> set[Path]:
    from policybrief.errors import BriefError
    from policybrief.load import load_brief

    try:
        theme = load_brief(brief).theme
    except BriefError:
        return set()
    path = brief.parent / theme
    return {path.resolve().parent} if path.suffix in (".yaml", ".yml") else set()
