"""The image files a brief's figures name: found, readable, and what their pixels allow.

Why: a missing or broken image is a mistake in the brief, so `validate` reports it at the
figure's line, before any PDF is made. Paths are relative to the brief's folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policybrief.evidence import Figure
from policybrief.fields import FieldError

RASTER = (".png", ".jpg", ".jpeg")
VECTOR = (".svg",)


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
    unknown kind, or unreadable."""
    images = [((*path, "image"), figure.image) for path, figure in iter_figures(brief)]
    if brief.organization and brief.organization.logo:
        images.append((("organization", "logo"), brief.organization.logo))
    problems = []
    for where, name in images:
        file = folder / name
        suffix = file.suffix.lower()
        if suffix not in RASTER + VECTOR:
            problems.append(FieldError(where, f"'{name}' is not a PNG, JPEG or SVG file"))
        elif not file.is_file():
            problems.append(
                FieldError(
                    where, f"no image at '{name}' (paths are relative to the brief's folder)"
                )
            )
        elif not readable(file):
            problems.append(FieldError(where, f"'{name}' cannot be read as {suffix[1:].upper()}"))
    return problems


def readable(file: Path) -> bool:
    """Whether an image file opens as what its name says."""
    if file.suffix.lower() in VECTOR:
        from svglib.svglib import svg2rlg

        try:
            return svg2rlg(str(file)) is not None  # None: svglib could not parse it
        except (OSError, ValueError):
            return False
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError):
        return False


def pixel_size(file: Path) -> tuple[int, int]:
    """Width and height of a raster image in pixels."""
    from PIL import Image

    with Image.open(file) as image:
        return image.size
