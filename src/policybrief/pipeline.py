"""The library's two verbs: validate a brief, and build it into a PDF written atomically.

Why: a failed or interrupted build must leave the earlier PDF intact, so the PDF is rendered
in memory, written to a temporary file beside the target and renamed over it. Results carry
their warnings as data (an image that prints soft), so a caller (the CLI, a batch worker,
`watch`, a library user) decides how to show them.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policybrief.errors import BriefError, Problem, SourceError
from policybrief.load import load_theme, read_brief
from policybrief.model.brief import Brief
from policybrief.model.theme import Theme
from policybrief.options import BuildOptions

#: Permission bits of a written PDF: readable by all, like any file a user makes.
PDF_MODE = 0o644


@dataclass(frozen=True)
class BuildResult:
    """A brief built: where its PDF is, and what is worth telling the user about it."""

    brief: Path
    output: Path
    #: Problems that did not stop the build (an image under 200 dpi), each located.
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ValidationResult:
    """A brief checked: it would build with the theme it names (or the options' theme)."""

    brief: Path
    theme: Theme


def default_output(brief_path: Path, out_dir: Path = Path("output")) -> Path:
    """`output/<brief name>.pdf`."""
    return out_dir / f"{brief_path.stem}.pdf"


def validate(brief_path: str | Path, options: BuildOptions = BuildOptions()) -> ValidationResult:
    """Check a brief and the theme it would be built with; write nothing.

    Raises:
        BriefError: every problem of the brief (or of its theme file), each located.
    """
    brief_path = Path(brief_path)
    brief, _ = read_brief(brief_path)
    return ValidationResult(brief_path, _theme_for(brief, brief_path, options))


def build(
    brief_path: str | Path,
    output_path: str | Path | None = None,
    options: BuildOptions = BuildOptions(),
) -> BuildResult:
    """Build the PDF of one brief.

    Args:
        brief_path: the brief's YAML file.
        output_path: where to write the PDF; `output/<brief name>.pdf` when None.
        options: paper, theme, print marks, PDF/A.

    Raises:
        BriefError: the brief has problems, or the PDF cannot be written.
    """
    from policybrief.render import render_pdf

    brief_path = Path(brief_path)
    out = Path(output_path) if output_path else default_output(brief_path)
    if out.resolve() == brief_path.resolve():
        raise BriefError.single(
            str(out), "the output would overwrite the brief itself", "choose another output path"
        )
    brief, located = read_brief(brief_path)
    theme = _theme_for(brief, brief_path, options)
    try:
        rendered = render_pdf(brief, theme, options, brief_path.parent)
    except SourceError as err:
        raise BriefError([located.problem_at(err.source, err.message, err.hint)]) from None
    write_atomic(out, rendered.pdf)
    warnings = tuple(located.problem_at(source, message) for source, message in rendered.warnings)
    return BuildResult(brief_path, out, warnings)


def _theme_for(brief: Brief, brief_path: Path, options: BuildOptions) -> Theme:
    """The options' theme (a file named from the current folder), else the brief's (a file
    inside the brief's folder)."""
    if options.theme:
        return load_theme(options.theme, Path.cwd())
    return load_theme(brief.theme, brief_path.parent, inside=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT back during the block (in the main thread, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    Raises:
        BriefError: the folder cannot be created or the file cannot be written.
    """
    temp = None
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Ctrl-C is held back until the name is known, so the finally below can remove it.
            with _interrupts_held():
                handle, temp = tempfile.mkstemp(
                    dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
                )
        except OSError as err:
            raise BriefError.single(str(path), f"cannot write here: {err.strerror}") from None
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temp, PDF_MODE)
            os.replace(temp, path)
            temp = None
        except OSError as err:
            raise BriefError.single(str(path), f"cannot write the PDF: {err.strerror}") from None
    finally:
        # Also on an interrupt: no temporary file is left behind.
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
