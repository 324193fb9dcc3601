"""Rebuild a brief whenever a file it uses changes: itself, its images, its theme file.

Why: users edit YAML and look at the PDF. watchfiles watches whole folders, so that editors
which save by writing a new file and renaming it over the old one are seen, but only changes
to the files a build reads count: a log file written beside the brief, or the PDF itself when
it is written inside the brief's folder, must not start a rebuild (each would start the next).
The set of files is found again after every build, since an edit may name a new image, and
the brief is rebuilt in this process, where fonts and modules are already loaded. A broken
save gives its errors as an outcome and the watch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policybrief.batch import Outcome, build_one
from policybrief.errors import BriefError
from policybrief.options import BuildOptions
from policybrief.pipeline import default_output

#: Milliseconds of quiet after the last write before rebuilding.
DEBOUNCE_MS = 150
#: Milliseconds the watcher waits for a change before it returns to Python empty-handed. Its
#: first return says that it is live; later ones only let a stop_event be seen.
WAKE_MS = 100


@dataclass(frozen=True)
class Watching:
    """The watcher is live: from now on, a change to any of `files` is seen.

    Attributes:
        files: the files the brief uses, resolved (the brief among them).
    """

    files: frozenset[Path]


def watch_brief(
    brief: Path,
    output: Path | None = None,
    options: BuildOptions = BuildOptions(),
    stop_event: Any = None,
) -> Iterator[Watching | Outcome]:
    """`Watching` once the watcher is live, then the outcome of a first build, then the
    outcome of a rebuild after each change to a file the brief uses.

    The first build comes after the watcher is live, so a save made while it runs is not
    lost. An interrupt (Ctrl-C) is raised as KeyboardInterrupt.

    Args:
        brief: the brief's YAML file.
        output: the PDF to write; output/<brief name>.pdf by default.
        options: how to build; a theme file in it is named from the current folder.
        stop_event: a threading.Event that ends the watch when set (for tests and embedding).

    Raises:
        BriefError: the brief does not exist or is a folder (at once: there is nothing to
            watch), with the message `build` gives.
    """
    target = output or default_output(brief)
    files = _files_to_start_with(brief, options)
    live = False
    while True:
        folders = watched_folders(files)
        # The filter reads `files` through the closure at each change: rebinding it after a
        # build changes what counts without starting the watcher again.
        with closing(_changes(folders, lambda: files, stop_event)) as batches:
            for changes in batches:
                if live and not changes:
                    continue
                if not live:
                    live = True
                    yield Watching(frozenset(files))
                yield build_one(brief, target, options)
                files = _files_after_build(brief, options, files)
                if watched_folders(files) != folders:
                    break  # a file in a new folder: watch again, over the new folders
            else:
                return  # stopped by stop_event


def used_files(brief: Path, options: BuildOptions = BuildOptions()) -> set[Path]:
    """The files a build of `brief` reads, resolved: the brief, the images its figures name,
    its publisher's logo, and its theme file (the options', or else the one it names).

    A file named but missing (an image not yet exported) is among them, so that its arrival
    starts a build. A theme file names no file of its own: it extends a built-in theme.

    Raises:
        BriefError: the brief cannot be read or does not fit the format.
    """
    from policybrief.load.brief import named_files
    from policybrief.load.reader import read_model
    from policybrief.model.brief import Brief

    # read_model without the loader's checks: a missing image or theme file is the build's
    # error to report; here it is only one more file to wait for.
    model, _ = read_model(brief, Brief)
    folder = brief.parent
    files = {brief, *named_files(model, brief)}
    theme = (
        _theme_file(options.theme, Path.cwd())
        if options.theme
        else _theme_file(model.theme, folder)
    )
    if theme:
        files.add(theme)
    return {file.resolve() for file in files}


def watched_folders(files: Iterable[Path]) -> list[Path]:
    """The fewest folders whose trees hold every file: for each file the nearest folder on
    its way that exists, and of those only the ones not inside another."""
    nearest = {_nearest_existing_folder(file.parent) for file in files}
    return sorted(
        folder
        for folder in nearest
        if not any(other != folder and folder.is_relative_to(other) for other in nearest)
    )


def _changes(folders: list[Path], files: Callable[[], set[Path]], stop_event: Any) -> Iterator[set]:
    """watchfiles' batches of changes under `folders` to any of `files()` (read at each
    change, as the set changes after every build), and an empty batch every WAKE_MS."""
    from watchfiles import watch

    return watch(
        *folders,
        watch_filter=lambda change, path: Path(path) in files(),
        debounce=DEBOUNCE_MS,
        step=50,
        rust_timeout=WAKE_MS,
        yield_on_timeout=True,
        stop_event=stop_event,
    )


def _files_to_start_with(brief: Path, options: BuildOptions) -> set[Path]:
    """The files the brief uses; only the brief when it cannot be read as a brief yet.

    Raises:
        BriefError: the brief is missing or a folder.
    """
    try:
        return used_files(brief, options)
    except BriefError:
        if not brief.is_file():
            raise
        return {brief.resolve()}


def _files_after_build(brief: Path, options: BuildOptions, known: set[Path]) -> set[Path]:
    """The files the brief uses now, or, while it cannot be read (a broken save), those
    known before and the brief: a fix may come in any of them."""
    try:
        return used_files(brief, options)
    except BriefError:
        return known | {brief.resolve()}


def _theme_file(name: str, base: Path) -> Path | None:
    """The theme file a theme name means (also while it is missing, say in the middle of
    an editor's save), or None for a built-in theme."""
    from policybrief.load import find_theme
    from policybrief.load.files import FileRefused
    from policybrief.load.themes import THEME_SUFFIXES

    try:
        found = find_theme(name, base)
    except FileRefused:  # the build says why; nothing to watch
        return None
    if isinstance(found, Path):
        return found
    return base / name if found is None and name.endswith(THEME_SUFFIXES) else None


def _nearest_existing_folder(folder: Path) -> Path:
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder
