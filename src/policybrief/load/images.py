"""The image files a brief's figures name: found, readable, and what their pixels allow.

Why: a missing or broken image is a mistake in the brief, so `validate` reports it at the
figure's line, before any PDF is made. Paths are relative to the brief's folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policybrief.imagefiles import RASTER, VECTOR, UnreadableSvg, svg_size
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
    """A problem for each image (figures, the publisher's logo) that is missing, of an
    unknown kind, unreadable, or an SVG without a size."""
    images = [((*path, "image"), figure.image) for path, figure in iter_figures(brief)]
    if brief.organization and brief.organization.logo:
        images.append((("organization", "logo"), brief.organization.logo))
    problems = []
    for where, name in images:
        problem = _image_problem(folder / name, name)
        if problem:
            problems.append(FieldError(where, problem))
    return problems


def _image_problem(file: Path, name: str) -> str | None:
    suffix = file.suffix.lower()
    if suffix not in RASTER + VECTOR:
        return f"'{name}' is not a PNG, JPEG or SVG file"
    if not file.is_file():
        return f"no image at '{name}' (paths are relative to the brief's folder)"
    if suffix in VECTOR:
        return _svg_problem(file, name)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            image.verify()
    except Image.DecompressionBombError:
        return f"'{name}' has too many pixels to open safely: export it smaller"
    except (UnidentifiedImageError, OSError, SyntaxError):
        return f"'{name}' cannot be read as {suffix[1:].upper()}"
    return None


def _svg_problem(file: Path, name: str) -> str | None:
    try:
        size = svg_size(file)
    except UnreadableSvg:
        return f"'{name}' cannot be read as SVG"
    if size is None:
        return f"'{name}' has no size: give its <svg> element a width and a height, or a viewBox"
    return None
