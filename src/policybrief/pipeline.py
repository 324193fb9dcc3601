"""The library's two verbs: validate a brief, and build it into a PDF written atomically.

Why: a failed or interrupted build must leave the earlier PDF intact, so the PDF is rendered
in memory, written to a temporary file beside the target and renamed over it. Results carry
their warnings as data (an image that prints soft), so a caller (the CLI, a batch worker,
`watch`, a library user) decides how to show them.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policybrief.errors import BriefError, Problem, SourceError
from policybrief.load import find_theme, load_theme, read_brief
from policybrief.load.brief import named_files
from policybrief.model.brief import Brief
from policybrief.model.theme import Theme
from policybrief.options import BuildOptions


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


@dataclass(frozen=True)
class Made:
    """A brief rendered in memory, not yet written: what a batch worker hands back."""

    brief: Path
    output: Path
    pdf: bytes
    warnings: tuple[Problem, ...] = ()


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
        BriefError: the brief has problems, or the PDF cannot be written there.
    """
    made = make(brief_path, output_path, options)
    write_atomic(made.output, made.pdf)
    return BuildResult(made.brief, made.output, made.warnings)


def make(
    brief_path: str | Path,
    output_path: str | Path | None = None,
    options: BuildOptions = BuildOptions(),
) -> Made:
    """Render one brief's PDF in memory, after checking it may be written where it goes.

    Raises:
        BriefError: the brief has problems, or the output path is one policybrief will not
            write (an input of the build, a device, a read-only file).
    """
    from policybrief.render import render_pdf

    brief_path = Path(brief_path)
    out = Path(output_path) if output_path else default_output(brief_path)
    refuse_output(out, {brief_path: "the brief itself"})
    brief, located = read_brief(brief_path)
    theme = _theme_for(brief, brief_path, options)
    theme_file = _theme_file(brief, brief_path, options)
    inputs = {brief_path: "the brief itself"}
    if theme_file:
        inputs[theme_file] = "the brief's theme file"
    inputs.update({file: "an image the brief uses" for file in named_files(brief, brief_path)})
    refuse_output(out, inputs)
    try:
        rendered = render_pdf(brief, theme, options, brief_path.parent)
    except SourceError as err:
        raise BriefError([located.problem_at(err.source, err.message, err.hint)]) from None
    warnings = tuple(located.problem_at(source, message) for source, message in rendered.warnings)
    return Made(brief_path, out, rendered.pdf, warnings)


def refuse_output(out: Path, inputs: dict[Path, str]) -> None:
    """Refuse an output path that would overwrite an input of the build or anything but a
    PDF the user may replace: only a new name or a writable regular file is written.

    Args:
        inputs: the build's input files, each with how to name it ("the brief itself").

    Raises:
        BriefError: the path is an input, a folder, a device, a FIFO, or a read-only file.
    """
    try:
        existing = out.stat()
    except FileNotFoundError:
        return
    except OSError as err:
        raise BriefError.single(str(out), f"cannot write here: {err.strerror}") from None
    for file, what in inputs.items():
        try:
            same = os.path.samestat(existing, file.stat())
        except OSError:
            continue
        if same:
            raise BriefError.single(
                str(out), f"the output would overwrite {what}", "choose another output path"
            )
    if not stat.S_ISREG(existing.st_mode):
        kind = "a folder" if stat.S_ISDIR(existing.st_mode) else "not a regular file"
        raise BriefError.single(
            str(out),
            f"is {kind}: policybrief writes only a new file or over an earlier PDF",
            "choose another output path",
        )
    if not existing.st_mode & 0o222 or not os.access(out, os.W_OK):
        raise BriefError.single(
            str(out),
            "is read-only: the earlier PDF is kept",
            "make it writable, or choose another output path",
        )


def _theme_file(brief: Brief, brief_path: Path, options: BuildOptions) -> Path | None:
    """The theme file the build reads, or None for a built-in theme."""
    found = (
        find_theme(options.theme, Path.cwd())
        if options.theme
        else find_theme(brief.theme, brief_path.parent, inside=True)
    )
    return found if isinstance(found, Path) else None


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
    """Write `data` to `path` through a temporary file beside it and a rename.

    A new file gets the permissions the user's umask gives (as any file the user makes); a
    file written over keeps its own. The temporary name is short, so a long output name
    still leaves room for it.

    Raises:
        BriefError: the folder cannot be created, the path may not be written (see
            `refuse_output`), or the file cannot be written.
    """
    temp = None
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            refuse_output(path, {})
            mode = _mode_to_keep(path)
            # Ctrl-C is held back until the name is known, so the finally below can remove it.
            with _interrupts_held():
                handle, temp = _temporary_file(path.parent)
        except OSError as err:
            raise BriefError.single(str(path), f"cannot write here: {err.strerror}") from None
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                if mode is not None:
                    os.fchmod(stream.fileno(), mode)
            os.replace(temp, path)
            temp = None
        except OSError as err:
            raise BriefError.single(str(path), f"cannot write the PDF: {err.strerror}") from None
    finally:
        # Also on an interrupt: no temporary file is left behind.
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)


def _mode_to_keep(path: Path) -> int | None:
    """The permission bits of the file at `path`, or None for a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _temporary_file(folder: Path) -> tuple[int, str]:
    """A new file in `folder` with a short unused name, created with mode 0666 so that the
    umask decides its permissions (mkstemp's are always 0600)."""
    for _ in range(100):
        name = os.path.join(folder, f".policybrief-{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
