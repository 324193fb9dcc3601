"""Facts about image files, read without ReportLab: their kind, limits, pixels, an SVG's size,
and the checked bytes the loader hands to the renderer.

Why: the loader checks a brief's images and the renderer places them; both need the same
facts, and `validate` must stay light. The renderer draws exactly the bytes the loader
checked: the loader remembers them with the figure (or the organization, for the logo) that
names them, and the renderer takes them from there instead of opening the file again, so a
file swapped between the two (for a FIFO, a bigger image, another folder's file) changes
nothing. An SVG's size is read from its root element, following the rules svglib draws it
by (a viewBox, or width and height, in any CSS unit), so what the loader accepts the
renderer can scale.
"""

from __future__ import annotations

import io
import math
import re
import struct
import warnings
import weakref
import zlib
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

RASTER = (".png", ".jpg", ".jpeg")
VECTOR = (".svg",)

#: The largest image file a brief may name (any kind); a print-quality page is a few MB.
#: Where Pillow's warnings come from (a regular expression for `warnings.filterwarnings`).
PILLOW_MODULES = r"PIL(\.|$)"
MAX_IMAGE_BYTES = 50_000_000
#: The most pixels one raster image may have: a full-bleed A3 page at 300 dpi is 17.4 million.
MAX_PIXELS = 40_000_000
#: The most bytes one raster image may take once decoded (40 million RGBA pixels).
MAX_DECODED_BYTES = 160_000_000
#: The most pixels all of a brief's images may have together (each file counted once, an
#: SVG's embedded images counted as often as it draws them): five images at the limit.
MAX_BRIEF_PIXELS = 200_000_000

#: The file format Pillow may read for each suffix: no other decoder is ever tried, so a
#: file named .png cannot reach Pillow's EPS (Ghostscript) or other plugins.
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
#: Pixel modes PNG and JPEG decode to that ReportLab prints (converted to RGB where needed).
_MODES = {
    "1": 0.125,
    "L": 1,
    "P": 1,
    "LA": 2,
    "PA": 2,
    "I;16": 2,
    "I;16B": 2,
    "I;16L": 2,
    "RGB": 3,
    "RGBA": 4,
    "CMYK": 4,
    "I": 4,
}

#: User units (CSS pixels) per unit, as SVG defines them; em and ex use a 16 px font.
_UNITS = {
    "": 1.0,
    "px": 1.0,
    "pt": 96 / 72,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
    "q": 96 / 101.6,
    "em": 16.0,
    "rem": 16.0,
    "ex": 8.0,
    "ch": 8.0,
}
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*|%)\s*$")
#: Points per user unit.
_PX_TO_PT = 0.75


class UnreadableSvg(ValueError):
    """The file is not an SVG document the parser can read."""


class ImageProblem(ValueError):
    """An image that cannot be used; the message is whole and names the file."""


@dataclass(frozen=True)
class CheckedImage:
    """An image file as the loader read and checked it.

    Attributes:
        kind: "PNG", "JPEG" or "SVG".
        data: the file's bytes, as read once and checked: what the renderer draws.
        size: pixels (width, height) of a raster image; points of an SVG.
        pixels: raster pixels it costs to draw: its own, or an SVG's embedded images'.
    """

    kind: str
    data: bytes
    size: tuple[float, float]
    pixels: int


def check_raster(data: bytes, suffix: str, subject: str) -> CheckedImage:
    """A PNG or JPEG checked: its size within the limits (from its header, before any pixel is
    decoded), then decoded in full, so a truncated or corrupt file fails here, not in the PDF.

    Args:
        subject: how messages name the image, such as "'map.png'".

    Raises:
        ImageProblem: not of its suffix's kind, too large, or its data is broken.
    """
    from PIL import Image, UnidentifiedImageError

    kind = _FORMATS[suffix.lower()]
    try:
        # Pillow warns on stderr (a size over its own bomb limit, a broken animation chunk);
        # what matters is checked here and said in a located message instead.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=PILLOW_MODULES)
            image = Image.open(io.BytesIO(data), formats=[kind])
            with image:
                width, height = image.size
                _check_pixels(subject, width, height, image.mode)
                image.load()
        if kind == "PNG":
            _check_png_rows(data)
    except UnidentifiedImageError:
        raise ImageProblem(f"{subject} cannot be read as {kind}: it is not a {kind} file") from None
    except Image.DecompressionBombError:  # Pillow's own limit, above ours: a safety net
        raise ImageProblem(_too_many_pixels(subject, 0, 0)) from None
    except ImageProblem:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, IndexError) as err:
        # Pillow's decoders raise these for short, corrupt or inconsistent data; zlib's error
        # is an OSError's cousin that Pillow re-raises as one of these.
        raise ImageProblem(f"{subject} cannot be read as {kind}: {_short_reason(err)}") from None
    return CheckedImage(kind, data, (width, height), width * height)


def _check_pixels(subject: str, width: int, height: int, mode: str) -> None:
    if width <= 0 or height <= 0:
        raise ImageProblem(f"{subject} has no pixels ({width} × {height})")
    if width * height > MAX_PIXELS:
        raise ImageProblem(_too_many_pixels(subject, width, height))
    if mode not in _MODES:
        raise ImageProblem(
            f"{subject} has pixels of kind {mode}, which cannot be printed: "
            "save it as 8-bit RGB, grayscale or CMYK"
        )
    decoded = math.ceil(width * height * _MODES[mode])
    if decoded > MAX_DECODED_BYTES:
        raise ImageProblem(
            f"{subject} would take {decoded:,} bytes once decoded ({width:,} × {height:,} "
            f"pixels of kind {mode}); an image may take at most {MAX_DECODED_BYTES:,} bytes: "
            "export it smaller"
        )


def _too_many_pixels(subject: str, width: int, height: int) -> str:
    size = f"it is {width:,} × {height:,} pixels ({width * height:,}); " if width else ""
    return (
        f"{subject} has too many pixels to open safely: {size}an image may have at most "
        f"{MAX_PIXELS:,} pixels: export it smaller"
    )


#: Channels of each PNG colour type.
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: Adam7 interlacing: each pass's first column and row, and its steps.
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _check_png_rows(data: bytes) -> None:
    """Refuse a PNG whose compressed pixel data ends, cleanly, before its last row, or is
    corrupt after it.

    Why: Pillow decodes such a file without a word and paints the missing rows black. The
    data is inflated a megabyte at a time and only counted.
    """
    position, width, height, bits, interlaced = 8, 0, 0, 0, False
    inflate, produced = zlib.decompressobj(), 0
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        payload = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR" and len(payload) >= 13:
            width, height, depth, colour = struct.unpack(">IIBB", payload[:10])
            bits, interlaced = depth * _PNG_CHANNELS.get(colour, 4), payload[12] == 1
        elif kind == b"IDAT":
            try:
                while payload and not inflate.eof:
                    produced += len(inflate.decompress(payload, 1 << 20))
                    payload = inflate.unconsumed_tail
            except zlib.error:
                # Pillow stops at the last row, so it never reads data broken past it (a
                # wrong checksum, say); the file is corrupt all the same.
                raise OSError("broken data stream") from None
        elif kind == b"IEND":
            break
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    expected = 0
    for x0, y0, dx, dy in passes:
        columns, lines = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns > 0 and lines > 0:
            expected += lines * (1 + -(-columns * bits // 8))
    if produced < expected:
        raise OSError("image file is truncated")


#: Pillow's wording -> the reader's.
_REASONS = (
    ("truncated", "the file ends before its pixel data does"),
    ("cannot load this image", "it has no pixel data"),
    ("broken data stream", "its compressed pixel data is corrupt"),
    ("unrecognized data stream", "its pixel data is corrupt or does not match its size"),
    ("decompressing", "its compressed pixel data is corrupt"),
    ("decompressed data too large", "one of its text or colour-profile parts is too large"),
)


def _short_reason(err: BaseException) -> str:
    text = str(err).strip()
    lower = text.lower()
    for needle, reason in _REASONS:
        if needle in lower:
            return reason
    first = re.sub(r"<[^>]*>", "", text.splitlines()[0] if text else "").strip()
    return (first[:80] or type(err).__name__).rstrip(".")


def svg_size(data: bytes) -> tuple[float, float] | None:
    """An SVG's size in points, or None when it gives none (or a zero or infinite one).

    Raises:
        UnreadableSvg: the data is not XML with an <svg> root element.
    """
    attributes = _root_attributes(data)
    box = _view_box(attributes.get("viewBox", ""))
    width = _length(attributes.get("width", ""), box[0] if box else None)
    height = _length(attributes.get("height", ""), box[1] if box else None)
    if width is None or height is None:
        return None
    size = (width * _PX_TO_PT, height * _PX_TO_PT)
    return size if all(math.isfinite(s) and s > 0 for s in size) else None


def _root_attributes(data: bytes) -> dict[str, str]:
    """The root element's attributes; only the head of the data is parsed."""
    parser = ElementTree.XMLPullParser(events=("start",))
    try:
        for start in range(0, len(data), 65536):
            parser.feed(data[start : start + 65536])
            for _, element in parser.read_events():
                if element.tag.rsplit("}", 1)[-1] != "svg":
                    raise UnreadableSvg("the root element is not <svg>")
                return dict(element.attrib)
    except ElementTree.ParseError as err:
        raise UnreadableSvg(str(err)) from None
    raise UnreadableSvg("no element")


def _view_box(value: str) -> tuple[float, float] | None:
    try:
        numbers = [float(v) for v in value.replace(",", " ").split()]
    except ValueError:
        return None
    return (numbers[2], numbers[3]) if len(numbers) == 4 else None


def _length(value: str, whole: float | None) -> float | None:
    """A length in user units; a missing one is the viewBox's, a percentage a share of it."""
    if not value.strip():
        return whole
    match = _LENGTH.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2).lower()
    if unit == "%":
        return None if whole is None else number / 100 * whole
    factor = _UNITS.get(unit)
    return None if factor is None else number * factor


# --- the hand-over from the loader to the renderer -------------------------------------------

#: id(model object) -> (a weak reference to it, the image checked for it). Weak, so that an
#: entry lives exactly as long as the brief that named the image (a `watch` or a batch loads
#: many briefs in one process); keyed by identity, because equal blocks of two loads of one
#: brief must not share an entry.
_CHECKED: dict[int, tuple[weakref.ref, CheckedImage]] = {}


def remember(owner: Any, checked: CheckedImage) -> None:
    """Keep `checked` as the image of `owner` (a figure block, or a brief's organization)."""
    key = id(owner)

    def forget(_: weakref.ref, key: int = key) -> None:
        _CHECKED.pop(key, None)

    _CHECKED[key] = (weakref.ref(owner, forget), checked)


def recall(owner: Any) -> CheckedImage | None:
    """The image the loader checked for `owner`, or None when it checked none."""
    entry = _CHECKED.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return None
    return entry[1]
