"""The image files a brief's figures and logo name: inside the brief's folder, regular files,
within the limits, decoded in full, and handed to the renderer as checked.

Why: a missing, broken or hostile image is a mistake in the brief, so `validate` reports it at
the figure's `image:` line (or at `organization > logo`), before any PDF is made; and a brief
reads only the files it names, inside its own folder tree (see load.files). Each file is read
once, here; the renderer draws those bytes (imagefiles.remember), never the file again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policybrief.imagefiles import (
    MAX_BRIEF_PIXELS,
    MAX_IMAGE_BYTES,
    RASTER,
    VECTOR,
    CheckedImage,
    ImageProblem,
    check_raster,
    remember,
)
from policybrief.load.files import FileRefused, confined, read_bounded
from policybrief.model.evidence import Figure
from policybrief.model.fields import FieldError


def iter_figures(brief) -> Iterator[tuple[tuple[str | int, ...], Figure]]:
    """Every figure block of a brief, with its path."""
    for index, section in enumerate(brief.sections):
        for number, block in enumerate(section.body):
            if isinstance(block, Figure):
                yield ("sections", index, "body", number), block
    for number, block in enumerate(brief.conclusion):
        if isinstance(block, Figure):
            yield ("conclusion", number), block


def image_problems(brief, folder: Path) -> list[FieldError]:
    """A problem for each image (figures, the publisher's logo) that cannot be used; each one
    that can is remembered, checked, for the renderer."""
    images: list[tuple[tuple[str | int, ...], str, Any]] = [
        ((*path, "image"), figure.image, figure) for path, figure in iter_figures(brief)
    ]
    if brief.organization and brief.organization.logo:
        images.append((("organization", "logo"), brief.organization.logo, brief.organization))
    problems = []
    seen: dict[Path, CheckedImage] = {}
    pixels = 0
    for where, name, owner in images:
        try:
            path = _path(name, folder)
            checked = seen.get(path)
            if checked is None:
                checked = _check(path, name)
                pixels += checked.pixels
                if pixels > MAX_BRIEF_PIXELS:
                    raise ImageProblem(
                        f"'{name}' brings the brief's images to {pixels:,} pixels; a brief's "
                        f"images may have at most {MAX_BRIEF_PIXELS:,} together: export "
                        "some smaller"
                    )
                seen[path] = checked
        except ImageProblem as problem:
            problems.append(FieldError(where, str(problem)))
            continue
        remember(owner, checked)
    return problems


def _path(name: str, folder: Path) -> Path:
    """The file `name` means, when the brief may read it.

    Raises:
        ImageProblem: of an unknown kind, missing, outside the folder, or not a regular file.
    """
    if Path(name).suffix.lower() not in RASTER + VECTOR:
        raise ImageProblem(f"'{name}' is not a PNG, JPEG or SVG file")
    try:
        return confined(name, folder)
    except FileRefused as refused:
        if refused.missing:
            raise ImageProblem(
                f"no image at '{name}' (paths are relative to the brief's folder)"
            ) from None
        raise ImageProblem(f"'{name}' {refused}") from None


def _check(path: Path, name: str) -> CheckedImage:
    try:
        data = read_bounded(path, MAX_IMAGE_BYTES, "PNG, JPEG or SVG file")
    except FileRefused as refused:
        if refused.missing:  # gone between the look and the read
            raise ImageProblem(
                f"no image at '{name}' (paths are relative to the brief's folder)"
            ) from None
        raise ImageProblem(f"'{name}' {refused}") from None
    # The kind is the one the brief names: a link named .png is read as PNG, whatever it is.
    suffix = Path(name).suffix.lower()
    if suffix in VECTOR:
        from policybrief.load.svg import check_svg  # 16 ms to import; most briefs have no SVG

        return check_svg(data, name)
    return check_raster(data, suffix, f"'{name}'")
