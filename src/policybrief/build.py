"""The library entry point: one brief file in, one PDF on disk out, written atomically.

Why: a failed or interrupted build must leave the earlier PDF intact, so the PDF is rendered
in memory, written to a temporary file beside the target and renamed over it.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from policybrief.errors import BriefError, BriefWarning, SourceError
from policybrief.load import load_theme, read_brief


def default_output(brief_path: Path, out_dir: Path = Path("output")) -> Path:
    """`output/<brief name>.pdf`."""
    return out_dir / f"{brief_path.stem}.pdf"


def build_brief(
    brief_path: str | Path,
    output_path: str | Path | None = None,
    *,
    paper: str | None = None,
    theme: str | None = None,
    print_marks: bool = False,
    pdfa: bool = False,
) -> Path:
    """Build the PDF of one brief.

    Args:
        brief_path: the brief's YAML file.
        output_path: where to write the PDF; `output/<brief name>.pdf` when None.
        paper: 'a4' or 'letter', overriding the brief's `paper`.
        theme: a theme name or file, overriding the brief's `theme`.
        print_marks: add crop marks, TrimBox and a 3 mm BleedBox for a print shop.
        pdfa: make it PDF/A-2b (XMP metadata, sRGB output intent) for archives.

    Returns:
        The path written.

    Raises:
        BriefError: the brief has problems, or the PDF cannot be written.

    Warns:
        BriefWarning: for what builds but may disappoint (an image under 200 dpi).
    """
    from policybrief.render import render_pdf

    brief_path = Path(brief_path)
    out = Path(output_path) if output_path else default_output(brief_path)
    if out.resolve() == brief_path.resolve():
        raise BriefError.single(
            str(out), "the output would overwrite the brief itself", "choose another output path"
        )
    brief, located = read_brief(brief_path)
    chosen = load_theme(theme or brief.theme, brief_path.parent)
    try:
        rendered = render_pdf(brief, chosen, paper, print_marks, brief_path.parent, pdfa=pdfa)
    except SourceError as err:
        raise BriefError([located.problem_at(err.source, err.message, err.hint)]) from None
    for source, message in rendered.warnings:
        warnings.warn(BriefWarning(located.problem_at(source, message)), stacklevel=2)
    write_atomic(out, rendered.pdf)
    return out


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    Raises:
        BriefError: the folder cannot be created or the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise BriefError.single(str(path), f"cannot write here: {err.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as err:
        raise BriefError.single(str(path), f"cannot write the PDF: {err.strerror}") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
