"""Property tests for a brief's images: whatever a PNG, JPEG or SVG file holds, a brief that
uses it as a figure or as the logo builds, or fails with located problems that name the file;
no other exception ever escapes.

The inputs: PNGs made chunk by chunk (any header, palette, transparency, text and compressed
data, right or wrong CRCs, in any order) and valid PNGs and JPEGs then cut, bit-flipped,
spliced, given lying headers or broken markers; SVGs as random trees of the elements and
attributes svglib reads, holding the values that break it (0, negative, 1e308, inf, nan and
made-up units, zero scales, dash arrays, `<use>` chains and loops, references to files, URLs
and data:, CSS garbage, any Unicode text, entity declarations, deep nesting), and valid SVGs
mutated byte by byte; and files that are no image at all under image names. Each is built
in this process (`pipeline.make`, in memory) from a tiny brief in a fresh folder, under an
alarm so a hang fails the example.

The profiles are test_fuzz's: the default run (`make test`) is about 100 inputs; `make fuzz`
(HYPOTHESIS_PROFILE=fuzz) runs 10,000 here, shared out by FUZZ_SHARES.
"""

from __future__ import annotations

import base64
import io
import signal
import struct
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from policybrief.errors import BriefError
from policybrief.pipeline import make
from tests import test_fuzz  # noqa: F401 - registers and loads the default and fuzz profiles

#: Inputs of each property under the fuzz profile: 10,000 in all.
FUZZ_SHARES = {
    "png": 2500,
    "raster": 2000,
    "jpeg": 1000,
    "other": 500,
    "svg": 3000,
    "svg_bytes": 1000,
}
#: The fuzz profile runs 4,000 examples a property, the default 40: the same ratio here.
SCALE = settings().max_examples / 4000
#: A build that takes longer than this is a hang.
ALARM_SECONDS = 20


def examples(share: str):
    return settings(
        max_examples=max(8, round(FUZZ_SHARES[share] * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


BRIEF = """title: Images
date: 2026-01-15
{organization}summary:
  - One point.
sections:
  - heading: Evidence
    body:
{figure}      - A paragraph.
"""
FIGURE = "      - figure: A figure\n        image: {name}\n        alt: A picture.\n"
LOGO = "organization:\n  name: An Institute\n  logo: {name}\n"
PLACES = st.sampled_from(["figure", "logo", "both"])


@contextmanager
def _alarm(seconds: int):
    def ring(*_):
        raise TimeoutError(f"a build took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def builds_or_is_located(data: bytes, suffix: str, place: str) -> BriefError | None:
    """Build a brief that uses `data`, named picture`suffix`, as a figure, the logo or both:
    a PDF (None is returned), or a BriefError (returned) whose every problem is at a line and
    column of the brief and names the file."""
    name = f"picture{suffix}"
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / name).write_bytes(data)
        brief = folder / "brief.yaml"
        brief.write_text(
            BRIEF.format(
                organization=LOGO.format(name=name) if place != "figure" else "",
                figure=FIGURE.format(name=name) if place != "logo" else "",
            ),
            encoding="utf-8",
        )
        try:
            with _alarm(ALARM_SECONDS):
                made = make(brief, folder / "out.pdf")
        except BriefError as err:
            for problem in err.problems:
                assert problem.path == str(brief), problem
                assert problem.line is not None and problem.col is not None, problem
                assert f"'{name}'" in problem.message, problem
            return err
        assert made.pdf.startswith(b"%PDF-"), made.pdf[:20]
        assert not (folder / "out.pdf").exists()
        return None


# --- raster files ----------------------------------------------------------------------------


def _saved(mode: str, kind: str, size=(24, 12), **options) -> bytes:
    buffer = io.BytesIO()
    colour = {"RGB": "#336699", "RGBA": (51, 102, 153, 128), "CMYK": (10, 20, 30, 40)}
    Image.new(mode, size, colour.get(mode, 90)).save(buffer, kind, **options)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes, crc: str = "good", length: int | None = None) -> bytes:
    value = zlib.crc32(kind + data)
    value = {"good": value, "zero": 0, "flipped": value ^ 1}[crc]
    return (
        struct.pack(">I", len(data) if length is None else length)
        + kind
        + data
        + (struct.pack(">I", value))
    )


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Channels of each colour type, and the depths PNG allows for it.
COLOUR_TYPES = {
    0: (1, (1, 2, 4, 8, 16)),
    2: (3, (8, 16)),
    3: (1, (1, 2, 4, 8)),
    4: (2, (8, 16)),
    6: (4, (8, 16)),
}
#: Adam7 interlacing: each pass's first column and row, and its steps.
ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _made_png(width: int, height: int, depth: int, colour: int, interlaced: bool = False):
    """A PNG Pillow cannot write: 16-bit RGB, or Adam7-interlaced."""
    stride = width * COLOUR_TYPES[colour][0] * depth // 8
    passes = ADAM7 if interlaced else ((0, 0, 1, 1),)
    raw = b""
    for x0, y0, dx, dy in passes:
        columns, lines = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns > 0 and lines > 0:
            line = bytes(range(37, 37 + columns * stride // width)) if stride else b""
            raw += (b"\x00" + (line * width)[: columns * stride // width]) * lines
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, int(interlaced))
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


VALID_PNGS = [
    _saved("RGB", "PNG"),
    _saved("RGBA", "PNG"),
    _saved("P", "PNG", transparency=0),
    _saved("L", "PNG"),
    _saved("LA", "PNG"),
    _saved("1", "PNG"),
    _saved("I;16", "PNG"),
    _made_png(24, 12, depth=16, colour=2),
    _made_png(24, 12, depth=8, colour=0, interlaced=True),
    _saved("RGB", "PNG", size=(33, 17), optimize=True),
]
VALID_JPEGS = [
    _saved("RGB", "JPEG"),
    _saved("L", "JPEG"),
    _saved("CMYK", "JPEG"),
    _saved("RGB", "JPEG", size=(40, 20), progressive=True),
]
TINY_PNG = VALID_PNGS[0]
TINY_JPEG = VALID_JPEGS[0]


SIDES = st.one_of(
    st.integers(1, 40),
    st.sampled_from(
        [0, 1, 2, 7, 8, 9, 6000, 6325, 6400, 40_000, 65_535, 1 << 24, (1 << 31) - 1, (1 << 32) - 1]
    ),
    st.integers(0, (1 << 32) - 1),
)
#: 100 kB that inflate to 100 MB.
_SQUEEZE = zlib.compressobj(9)
BOMB = b"".join(_SQUEEZE.compress(bytes(1 << 20)) for _ in range(100)) + _SQUEEZE.flush()


def _rows(
    width: int, height: int, bits: int, interlaced: bool, filters: list[int], fill: bytes
) -> bytes:
    """Filtered scanlines, pass by pass when interlaced (capped, for huge declared sizes)."""
    out = []
    for x0, y0, dx, dy in ADAM7 if interlaced else ((0, 0, 1, 1),):
        columns, lines = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns <= 0 or lines <= 0:
            continue
        stride = min(-(-columns * bits // 8), 4096)
        line = (fill * (stride // len(fill) + 1))[:stride]
        out += [bytes([filters[row % len(filters)]]) + line for row in range(min(lines, 64))]
    return b"".join(out)


@st.composite
def png_structures(draw) -> bytes:
    """A PNG assembled chunk by chunk: sizes, depths, palettes and data that agree or not.
    Each part is sound more often than not, so that many files get through to the PDF."""

    def odd(percent: int) -> bool:
        return draw(st.integers(0, 99)) < percent

    width = draw(SIDES) if odd(30) else draw(st.integers(1, 40))
    height = draw(SIDES) if odd(30) else draw(st.integers(1, 40))
    colour = (
        draw(st.sampled_from([1, 5, 7, 255]))
        if odd(5)
        else draw(st.sampled_from(sorted(COLOUR_TYPES)))
    )
    channels, depths = COLOUR_TYPES.get(colour, (1, (8,)))
    depth = draw(st.sampled_from([0, 3, 5, 32, 255])) if odd(5) else draw(st.sampled_from(depths))
    compression = 1 if odd(3) else 0
    filtering = 1 if odd(3) else 0
    interlace = 2 if odd(3) else draw(st.sampled_from([0, 0, 1]))
    header = struct.pack(
        ">IIBBBBB", width, height, depth, colour, compression, filtering, interlace
    )
    if odd(5):
        header = draw(st.sampled_from([header[:12], header + b"\x00", b""]))
    chunks = [(b"IHDR", header)]
    if colour == 3 or odd(20):
        entries = draw(st.sampled_from([0, 1, 2, 16, 255, 256, 257])) if odd(30) else 256
        palette = draw(st.binary(min_size=3, max_size=3)) * entries
        if odd(20):
            palette = palette[: draw(st.integers(0, len(palette)))]
        chunks.append((b"PLTE", palette))
    if odd(25):
        chunks.append((b"tRNS", draw(st.binary(max_size=300))))
    bits = max(1, depth) * channels
    raw = _rows(
        width,
        height,
        bits,
        interlace == 1,
        [draw(st.integers(0, 6))] if odd(10) else draw(st.lists(st.integers(0, 4), min_size=1)),
        draw(st.binary(min_size=1, max_size=8)),
    )
    how = (
        "zlib" if not odd(40) else draw(st.sampled_from(["cut", "garbage", "raw", "none", "bomb"]))
    )
    if how == "zlib":
        packed = zlib.compress(raw, draw(st.integers(0, 9)))
    elif how == "cut":
        packed = zlib.compress(raw)
        packed = packed[: draw(st.integers(0, len(packed)))]
    elif how == "garbage":
        packed = b"\x78\x9c" + draw(st.binary(max_size=200))
    elif how == "raw":
        packed = raw[:2000]
    elif how == "bomb":
        packed = BOMB
    else:
        packed = None
    if packed is not None:
        pieces = draw(st.integers(1, 4))
        step = max(1, -(-len(packed) // pieces))
        chunks += [(b"IDAT", packed[i : i + step]) for i in range(0, len(packed), step)] or [
            (b"IDAT", b"")
        ]
    for _ in range(draw(st.integers(0, 2)) if odd(30) else 0):
        kind = draw(
            st.sampled_from(
                [
                    b"tEXt",
                    b"zTXt",
                    b"iTXt",
                    b"iCCP",
                    b"gAMA",
                    b"pHYs",
                    b"sRGB",
                    b"cHRM",
                    b"bKGD",
                    b"acTL",
                    b"fcTL",
                    b"fdAT",
                    b"eXIf",
                    b"sBIT",
                    b"IEND",
                    b"IHDR",
                    b"xxXx",
                    b"XXXX",
                ]
            )
        )
        if kind in (b"zTXt", b"iCCP") and draw(st.booleans()):
            body = b"k\x00\x00" + zlib.compress(draw(st.binary(max_size=64)))
        else:
            body = draw(st.binary(max_size=40))
        chunks.append((kind, body))
    middle = chunks[1:]
    if odd(10):
        middle = draw(st.permutations(middle))
    chunks = middle + chunks[:1] if odd(3) else chunks[:1] + list(middle)
    out = bytearray(PNG_SIGNATURE)
    for kind, body in chunks:
        crc = draw(st.sampled_from(["zero", "flipped"])) if odd(4) else "good"
        out += _chunk(kind, body, crc, draw(st.integers(0, (1 << 32) - 1)) if odd(3) else None)
    if not odd(10):
        out += _chunk(b"IEND", b"")
    if odd(10):
        out += draw(st.binary(max_size=64))
    return bytes(out)


def _mutated(base: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    """`base` with each edit applied: a byte xor-ed, the file cut, bytes inserted, deleted,
    repeated or overwritten."""
    data = bytearray(base)
    for kind, where, extra in edits:
        at = where % (len(data) + 1)
        if kind == "flip" and data:
            data[at % len(data)] ^= extra[0] if extra and extra[0] else 0x01
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = extra
        elif kind == "delete":
            del data[at : at + 1 + len(extra)]
        elif kind == "repeat":
            data[at:at] = bytes(data[at : at + 1 + 4 * len(extra)]) * (1 + len(extra) % 4)
        elif kind == "overwrite":
            data[at : at + len(extra)] = extra
    return bytes(data)


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "flip", "cut", "insert", "delete", "repeat", "overwrite"]),
        st.integers(0, 1 << 16),
        st.binary(max_size=12),
    ),
    min_size=1,
    max_size=6,
)


def _png_chunks(data: bytes) -> list[tuple[int, bytes]]:
    """Where each chunk of a PNG starts, and its kind."""
    found, at = [], 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        found.append((at, kind))
        at += 12 + length
    return found


@st.composite
def png_edits(draw) -> bytes:
    """A valid PNG with one of its chunks broken on purpose, then perhaps random edits."""
    data = bytearray(draw(st.sampled_from(VALID_PNGS)))
    chunks = _png_chunks(bytes(data))
    at, kind = draw(st.sampled_from(chunks))
    length = struct.unpack(">I", data[at : at + 4])[0]
    what = draw(st.sampled_from(["crc", "length", "kind", "sizes", "drop", "double", "payload"]))
    if what == "crc":
        data[at + 8 + length : at + 12 + length] = draw(st.binary(min_size=4, max_size=4))
    elif what == "length":
        data[at : at + 4] = struct.pack(">I", draw(st.integers(0, (1 << 32) - 1)))
    elif what == "kind":
        data[at + 4 : at + 8] = draw(st.sampled_from([b"IDAT", b"IEND", b"IHDR", b"PLTE", b"idat"]))
    elif what == "sizes":  # IHDR's width and height, with its CRC made right again
        ihdr = bytearray(data[16:29])
        ihdr[0:8] = struct.pack(">II", draw(SIDES), draw(SIDES))
        data[16:29] = ihdr
        data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    elif what == "drop":
        del data[at : at + 12 + length]
    elif what == "double":
        data[at:at] = data[at : at + 12 + length]
    elif length:  # a payload byte flipped, its CRC made right: only the decoder can tell
        offset = at + 8 + draw(st.integers(0, length - 1))
        data[offset] ^= draw(st.integers(1, 255))
        data[at + 8 + length : at + 12 + length] = struct.pack(
            ">I", zlib.crc32(bytes(data[at + 4 : at + 8 + length]))
        )
    if draw(st.booleans()):
        return _mutated(bytes(data), draw(EDITS))
    return bytes(data)


def _jpeg_segments(data: bytes) -> list[tuple[int, int]]:
    """Where each marker segment before the scan data starts, and its marker byte."""
    found, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        found.append((at, marker))
        if marker == 0xDA:
            break
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return found


@st.composite
def jpeg_edits(draw) -> bytes:
    """A valid JPEG with lying sizes, a broken or missing marker segment, or cut short."""
    data = bytearray(draw(st.sampled_from(VALID_JPEGS)))
    segments = _jpeg_segments(bytes(data))
    for _ in range(draw(st.integers(1, 3))):
        what = draw(
            st.sampled_from(["sizes", "marker", "length", "drop", "double", "cut", "eoi", "scan"])
        )
        frames = [at for at, marker in segments if marker in (0xC0, 0xC1, 0xC2)]
        if what == "sizes" and frames:
            at = frames[0]
            side = st.sampled_from([0, 1, 8, 6400, 6500, 65_535]) | st.integers(0, 65_535)
            data[at + 5 : at + 9] = struct.pack(">HH", draw(side), draw(side))
        elif what == "marker" and segments:
            at, _ = draw(st.sampled_from(segments))
            data[at + 1] = draw(
                st.sampled_from([0x00, 0xFF, 0xD8, 0xD9, 0xC3, 0xCF, 0xDA, 0xDB, 0xC4, 0xE1, 0xFE])
            )
        elif what == "length" and segments:
            at, _ = draw(st.sampled_from(segments))
            data[at + 2 : at + 4] = struct.pack(">H", draw(st.integers(0, 65_535)))
        elif what in ("drop", "double") and len(segments) > 1:
            index = draw(st.integers(0, len(segments) - 2))
            at, end = segments[index][0], segments[index + 1][0]
            piece = data[at:end]
            data[at:end] = piece * 2 if what == "double" else b""
        elif what == "cut":
            del data[draw(st.integers(0, len(data))) :]
        elif what == "eoi":
            data = data.removesuffix(b"\xff\xd9") if draw(st.booleans()) else data + b"\xff\xd9" * 3
        elif what == "scan" and segments:
            start = segments[-1][0] + 4
            if start < len(data) - 2:
                offset = draw(st.integers(start, len(data) - 3))
                data[offset] ^= draw(st.integers(1, 255))
        segments = _jpeg_segments(bytes(data))
    return bytes(data)


NOT_IMAGES = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff",
            b"\xff\xd8\xff\xd9",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
            b"BM" + b"\x00" * 60,
            b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF",
            b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
            b"PK\x03\x04" + b"\x00" * 26,
            b"II*\x00\x08\x00\x00\x00",
            b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
            b"<html><body>not an image</body></html>",
            "\ufeff<svg/>".encode("utf-16"),
            b"\x00" * 4096,
            b"plain text, a README saved as a picture\n" * 20,
            TINY_PNG,
            TINY_JPEG,
        ]
    ),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@examples("png")
@given(png_structures(), PLACES)
def test_png_files_made_chunk_by_chunk_build_or_give_located_errors(data, place):
    builds_or_is_located(data, ".png", place)


@examples("raster")
@given(
    st.one_of(
        png_edits().map(lambda data: (".png", data)),
        st.tuples(st.sampled_from(VALID_PNGS), EDITS).map(lambda c: (".png", _mutated(*c))),
        st.tuples(st.sampled_from(VALID_JPEGS), EDITS).map(lambda c: (".jpg", _mutated(*c))),
    ),
    PLACES,
)
def test_broken_png_and_jpeg_files_build_or_give_located_errors(case, place):
    builds_or_is_located(case[1], case[0], place)


@examples("jpeg")
@given(jpeg_edits(), st.sampled_from([".jpg", ".jpeg", ".JPG"]), PLACES)
def test_jpeg_files_with_broken_markers_build_or_give_located_errors(data, suffix, place):
    builds_or_is_located(data, suffix, place)


@examples("other")
@given(NOT_IMAGES, st.sampled_from([".png", ".jpg", ".jpeg", ".svg", ".PNG", ".Svg"]), PLACES)
def test_files_that_are_no_images_give_located_errors(data, suffix, place):
    builds_or_is_located(data, suffix, place)


# --- SVG files -------------------------------------------------------------------------------

SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
IDS = ["a", "b", "c", "d"]
NUMBERS = st.one_of(
    st.sampled_from(
        [
            "0",
            "-0",
            "1",
            "-1",
            "10",
            "0.5",
            ".5",
            "-.5e-3",
            "1e308",
            "-1e308",
            "1e309",
            "inf",
            "-inf",
            "nan",
            "NaN",
            "Infinity",
            "1e9",
            "1000000000.5",
            "1e10",
            "1e-320",
            "5e",
            "1.",
            ".",
            "+",
            "--1",
            "0x10",
            "1_000",
            "\u0661",
            "12 34",
            "",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
UNITS = st.sampled_from(
    [
        "",
        "",
        "",
        "px",
        "pt",
        "pc",
        "mm",
        "cm",
        "in",
        "q",
        "em",
        "rem",
        "ex",
        "ch",
        "%",
        "vw",
        "PX",
        "furlong",
        " px",
        "e",
        "%%",
        "mm mm",
    ]
)
LENGTHS = st.builds(lambda n, u: n + u, NUMBERS, UNITS)
TRANSFORM = st.builds(
    lambda kind, numbers, comma: f"{kind}({(',' if comma else ' ').join(numbers)})",
    st.sampled_from(["matrix", "translate", "scale", "rotate", "skewX", "skewY", "scal", "matrix"]),
    st.lists(st.one_of(NUMBERS, st.sampled_from(["0", "1", "90", "45"])), max_size=7),
    st.booleans(),
)
TRANSFORMS = st.lists(TRANSFORM, min_size=1, max_size=3).map(" ".join)
DASHES = st.one_of(
    st.sampled_from(["none", "", "0", "0 0", "0,0,0", "5 -1", "-1", "1e308 1", "inherit", "4 2"]),
    st.lists(LENGTHS, min_size=1, max_size=5).map(" ".join),
)
PNG_DATA = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()
HREFS = st.one_of(
    st.sampled_from(IDS).map(lambda i: "#" + i),
    st.sampled_from(
        [
            "#",
            "#nope",
            " #a",
            "#a ",
            "picture.svg#a",
            "other.svg#a",
            "../x.png",
            "x.png",
            "/etc/passwd",
            "file:///etc/passwd",
            "http://example.org/x.svg#a",
            "https://x/y.png",
            "//example.org/x",
            "javascript:alert(1)",
            PNG_DATA,
            PNG_DATA + "!!",
            "data:image/png;base64,AAAA",
            "data:image/png;base64,",
            "data:image/jpeg;base64," + base64.b64encode(TINY_JPEG[:200]).decode(),
            "data:image/svg+xml;base64,PHN2Zy8+",
            "data:image/png,raw",
            "data:text/plain;base64,aGk=",
            "data:image/gif;base64,R0lGOD",
            "data:image/png;base64," + base64.b64encode(b"not a png").decode(),
        ]
    ),
)
COLOURS = st.sampled_from(
    [
        "red",
        "none",
        "navy",
        "Color",
        "#123",
        "#12345",
        "#zzz",
        "rgb(1,2,3)",
        "rgb(1,2)",
        "rgb(10%, 20%, 30%)",
        "rgba(1,2,3,0.5)",
        "rgb(300,0,0)",
        "hsl(120, 50%, 50%)",
        "url(#a)",
        "url(#nope)",
        "url(#a) red",
        "url(x.svg#a)",
        "currentColor",
        "inherit",
        "transparent",
        "icc-color(x)",
        "",
    ]
)
CSS_GARBAGE = st.one_of(
    st.sampled_from(
        [
            "fill:red",
            "fill: red; stroke: blue",
            "fill",
            "fill:red:blue",
            ";;;",
            ":",
            "fill:",
            ":red",
            "stroke-width: inf",
            "stroke-width:-2",
            "font-size: medium",
            "font-size:0",
            "fill: url(#a)",
            "fill: url(",
            "fill: url(file:///etc/passwd)",
            "opacity: 2",
            "display: none",
            "stroke-dasharray: 0 0",
            "transform: scale(0)",
            "d: M0 0 L1 1",
            "fill: red !important",
            "/* comment */ fill: red",
            "\\66ill: red",
            "fill:\x7f",
        ]
    ),
    st.text(alphabet=":;{}()#.,-%!/*\\@ \"'abcdefilnorstuwx0123456789", max_size=30),
)
STYLE_SHEETS = st.one_of(
    st.sampled_from(
        [
            "rect{fill:red}",
            ":::{fill:red}",
            ".a{stroke-dasharray:0 0}",
            "@import url(x.css);",
            "@import 'x.css';",
            "@IMPORT url(x)",
            "g > rect:first-child{stroke:navy;stroke-width:2}",
            "text{font-family:a,b,c;font-size:medium}",
            "*{transform:scale(0)}",
            "#a{fill:url(#b)}",
            "@media print{rect{fill:red}}",
            "@font-face{font-family:x;src:url(x.ttf)}",
            "}{",
            "rect{fill:red",
            "rect::before{content:'x'}",
            "a[href^=x]{fill:blue}",
            "<![CDATA[x]]>",
            "rect{fill:url(http://example.org/x)}",
            "rect{}",
            "{fill:red}",
            ":nth-child(2n+1){}",
            "svg|rect{fill:red}",
            "rect{stroke-width:1e308}",
            "rect{width:-5}",
        ]
    ),
    st.builds(
        lambda selector, css: f"{selector}{{{css}}}",
        st.text(alphabet="rectg.#>:*[]=()+~ ,abc|", max_size=12),
        CSS_GARBAGE,
    ),
)
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
#: Text XML can hold (no control characters), mostly in the fonts' Latin coverage.
XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
LATIN_TEXT = st.text(
    st.characters(max_codepoint=0x24F, exclude_categories=["Cs", "Cc"]), max_size=12
)
TEXTS = st.one_of(
    LATIN_TEXT,
    LATIN_TEXT,
    XML_TEXT,
    st.sampled_from(
        [
            "Label",
            "Caf\u00e9 \u2013 2026",
            "\u05e9\u05dc\u05d5\u05dd",
            "\U0001f4c8",
            "\u4e2d\u6587",
            "\u0301",
            "\u200b\u202e",
            "",
            " ",
            "\t\n",
        ]
    ),
    ANY_TEXT,
)

#: Attributes by the kind of value each takes.
ATTRIBUTES = {
    "length": [
        "x",
        "y",
        "width",
        "height",
        "r",
        "rx",
        "ry",
        "cx",
        "cy",
        "x1",
        "y1",
        "x2",
        "y2",
        "dx",
        "dy",
        "fx",
        "fy",
        "stroke-width",
        "font-size",
        "stroke-dashoffset",
        "baseline-shift",
        "stroke-miterlimit",
        "letter-spacing",
    ],
    "colour": ["fill", "stroke", "stop-color", "color"],
    "opacity": ["opacity", "fill-opacity", "stroke-opacity", "stop-opacity"],
    "transform": ["transform", "gradientTransform", "patternTransform"],
    "dashes": ["stroke-dasharray"],
    "href": ["href", "xlink:href"],
    "style": ["style"],
    "words": [
        "stroke-linejoin",
        "stroke-linecap",
        "text-anchor",
        "font-weight",
        "font-style",
        "fill-rule",
        "clip-rule",
        "display",
        "visibility",
        "preserveAspectRatio",
        "gradientUnits",
        "spreadMethod",
        "xml:space",
        "font-family",
        "class",
        "offset",
        "clip-path",
        "viewBox",
        "d",
        "points",
        "id",
    ],
}
WORDS = st.one_of(
    st.sampled_from(
        [
            "miter",
            "round",
            "bevel",
            "arcs",
            "butt",
            "square",
            "start",
            "middle",
            "end",
            "bold",
            "900",
            "1000",
            "-1",
            "italic",
            "oblique",
            "evenodd",
            "nonzero",
            "none",
            "inline",
            "hidden",
            "collapse",
            "xMidYMid meet",
            "xMinYMax slice",
            "none slice",
            "garbage",
            "userSpaceOnUse",
            "objectBoundingBox",
            "reflect",
            "repeat",
            "preserve",
            "default",
            "sans-serif",
            "a, b, c",
            "'Times New Roman', serif",
            "../x",
            "/etc/passwd",
            "a",
            "0",
            "1",
            "50%",
            "2",
            "-1",
            "url(#a)",
            "url(#nope)",
            "url(x.svg#a)",
            "0 0 100 50",
            "0 0 0 0",
            "0 0 -1 1",
            "0 0 1e308 1",
            "0 0 nan 1",
            "1 2 3",
            "M0 0 L10 10Z",
            "M0 0 L 1 2 3",
            "M0 0 A 5 5 0 1 1 10 10",
            "M0 0 a5 5 0 01 10 0",
            "m1 1 h5 v5 z",
            "L1 1",
            "M",
            "M 1e308 0",
            "M0 0 C 1 1",
            "M0,0,10,0,10,10z",
            "0 0 10 0 10 10",
            "0 0 1",
            "0,0 1e309,1",
            "inherit",
            "",
        ]
    ),
    st.sampled_from(IDS),
    st.text(alphabet="0123456789.-e ,()#%abcdfilmnprstuxyzMLHVCSQTAZ:;", max_size=16),
)
#: Values an SVG may well hold, of each kind: drawn as often as the hostile ones, so that
#: many trees get past the checks and reach svglib and ReportLab.
GOOD = {
    "length": st.builds(
        lambda n, u: f"{n}{u}",
        st.one_of(st.integers(0, 200), st.floats(0, 200, allow_subnormal=False)),
        st.sampled_from(["", "", "px", "pt", "mm", "%", "em"]),
    ),
    "colour": st.sampled_from(["red", "none", "#336699", "rgb(1, 2, 3)", "url(#a)", "navy"]),
    "opacity": st.floats(0, 1).map(str),
    "transform": st.sampled_from(
        ["translate(5 5)", "scale(2)", "rotate(30 5 5)", "matrix(1 0 0 1 2 3)", "skewX(10)"]
    ),
    "dashes": st.sampled_from(["4 2", "1", "none", "0 3", "2,1,0.5"]),
    "href": st.sampled_from(["#a", "#b", "#c", "#d", PNG_DATA]),
    "style": st.sampled_from(["fill: red", "stroke: navy; stroke-width: 2", "opacity: 0.5"]),
    "words": st.sampled_from(["round", "middle", "bold", "evenodd", "M0 0 L10 10Z", "a"]),
}
VALUES = {
    "length": st.one_of(LENGTHS, st.lists(LENGTHS, min_size=2, max_size=3).map(" ".join)),
    "colour": COLOURS,
    "opacity": st.one_of(NUMBERS, st.sampled_from(["0.5", "2", "-1", "50%"])),
    "transform": st.one_of(TRANSFORMS, st.sampled_from(["", "none", "scale(0)", "skewX(90)"])),
    "dashes": DASHES,
    "href": HREFS,
    "style": st.lists(CSS_GARBAGE, max_size=3).map("; ".join),
    "words": WORDS,
}
VALUES = {kind: st.one_of(GOOD[kind], GOOD[kind], VALUES[kind]) for kind in VALUES}
ATTRIBUTE = st.one_of(
    [st.tuples(st.sampled_from(names), VALUES[kind]) for kind, names in ATTRIBUTES.items()]
)
TAGS = [
    "g",
    "rect",
    "circle",
    "ellipse",
    "line",
    "path",
    "polygon",
    "polyline",
    "text",
    "tspan",
    "textPath",
    "use",
    "image",
    "style",
    "defs",
    "symbol",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "filter",
    "a",
    "svg",
    "title",
    "desc",
    "switch",
    "foreignObject",
    "script",
    "font",
    "unknown",
]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@st.composite
def element(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = dict(draw(st.lists(ATTRIBUTE, max_size=3)))
    if draw(st.integers(0, 2)) == 0:
        attributes["id"] = draw(st.sampled_from(IDS))
    attrs = "".join(f' {key}="{_escaped(value)}"' for key, value in attributes.items())
    if tag == "style":
        css = draw(st.lists(STYLE_SHEETS, min_size=1, max_size=3).map("\n".join))
        inner = f"<![CDATA[{css}]]>" if draw(st.booleans()) else _escaped(css)
    else:
        inner = _escaped(draw(TEXTS)) if draw(st.booleans()) else ""
        if depth < 4:
            inner += "".join(draw(st.lists(element(depth + 1), max_size=3 if depth < 2 else 1)))
    return f"<{tag}{attrs}>{inner}</{tag}>"


@st.composite
def use_chains(draw) -> str:
    """Levels of `<use>` each drawing the one before, some times over, perhaps looping back:
    a small or a billion-laughs expansion."""
    levels, fan = draw(st.integers(1, 8)), draw(st.integers(1, 12))
    parts = ['<rect id="u0" width="2" height="2"/>']
    for level in range(1, levels + 1):
        target = draw(st.integers(0, level)) if draw(st.integers(0, 9)) == 0 else level - 1
        uses = "".join(
            f'<use href="#u{target}" x="{n}" transform="translate(1)"/>' for n in range(fan)
        )
        parts.append(f'<g id="u{level}">{uses}</g>')
    return "<defs>" + "".join(parts) + f'</defs><use xlink:href="#u{levels}"/>'


@st.composite
def deep_nesting(draw) -> str:
    depth = draw(
        st.one_of(st.integers(1, 30), st.integers(1, 30), st.integers(90, 110), st.just(3000))
    )
    tag = draw(st.sampled_from(["g", "svg", "a", "defs", "text", "tspan"]))
    return f"<{tag}>" * depth + '<rect width="1" height="1"/>' + f"</{tag}>" * depth


ROOTS = st.one_of(
    st.sampled_from(
        [
            'width="120" height="60"',
            'viewBox="0 0 120 60"',
            'width="120" height="60" viewBox="0 0 120 60"',
            'width="100%" height="50%" viewBox="0 0 10 5"',
            'width="100%"',
            'width="1e400" height="10"',
            'width="0" height="0"',
            'width="-5" height="5"',
            'width="5in" height="2in"',
            'width="1e9" height="1"',
            'width="1" height="1e9"',
            'viewBox="0 0 0 0"',
            'viewBox="0,0,1e-300,1e-300"',
            'width="10em" height="3ex"',
            'width="nan" height="5"',
            "",
        ]
    ),
    st.builds(lambda w, h: f'width="{w}" height="{h}"', LENGTHS, LENGTHS),
)
HEADS = st.sampled_from(
    [
        "",
        '<?xml version="1.0"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="latin-1"?>',
        '<?xml version="1.0" encoding="utf-16"?>',
        '<?xml version="1.0" encoding="x-garbage"?>',
        "\ufeff",
        "<!DOCTYPE svg>",
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        '<!DOCTYPE svg SYSTEM "file:///etc/passwd">',
        '<!DOCTYPE svg [<!ENTITY e "entity">]>',
        '<!DOCTYPE svg [<!ENTITY e SYSTEM "x.txt">]>',
        '<!DOCTYPE svg [<!ENTITY % p SYSTEM "x.dtd"> %p;]>',
        "<!DOCTYPE svg []>",
        '<?xml-stylesheet href="x.css"?>',
        "<?other thing?>",
        "<!-- a comment -->",
    ]
)
ENTITY_REFERENCES = st.sampled_from(
    [
        "",
        "",
        "&e;",
        "&amp;",
        "&lt;",
        "&#65;",
        "&#0;",
        "&#x110000;",
        "&#xD800;",
        "&nope;",
        "&#x1F4C8;",
    ]
)


@st.composite
def svg_documents(draw) -> bytes:
    body = "".join(
        draw(
            st.lists(
                st.one_of(*[element()] * 6, use_chains(), deep_nesting()),
                min_size=1,
                max_size=4,
            )
        )
    )
    reference = draw(ENTITY_REFERENCES) if draw(st.integers(0, 3)) == 0 else ""
    if reference:
        body += f'<text x="1" y="9">{reference}</text>'
    root_attributes = "".join(
        f' {k}="{_escaped(v)}"' for k, v in draw(st.lists(ATTRIBUTE, max_size=1))
    )
    root_tag = draw(st.sampled_from(["svg"] * 18 + ["svg:svg", "html"]))
    head = draw(HEADS) if draw(st.integers(0, 3)) == 0 else ""
    root = draw(ROOTS) if draw(st.integers(0, 3)) == 0 else 'width="120" height="60"'
    text = f"{head}<{root_tag} {SVG_NS} {root}{root_attributes}>{body}</{root_tag}>"
    encoding = draw(st.sampled_from(["utf-8"] * 18 + ["utf-16", "latin-1"]))
    return text.encode(encoding, "replace")


VALID_SVG = (
    f'<svg {SVG_NS} width="120" height="60" viewBox="0 0 120 60">'
    "<style>.a{fill:#336699} rect + rect{stroke:navy}</style>"
    '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
    '<stop offset="1" stop-color="navy"/></linearGradient>'
    '<radialGradient id="r" cx="0.5" cy="0.5" r="0.5"><stop offset="0%" stop-color="#fff"/>'
    '<stop offset="100%" stop-color="#000"/></radialGradient>'
    '<clipPath id="c"><rect width="50" height="50"/></clipPath>'
    '<path id="p" d="M0 0 L10 10 a5 5 0 01 10 0z"/></defs>'
    '<g transform="translate(5 5) scale(2)" clip-path="url(#c)">'
    '<rect class="a" width="20" height="10" rx="2"/><rect x="22" width="5" height="5"/>'
    '<use xlink:href="#p" x="30"/><circle cx="50" cy="5" r="4" fill="url(#g)"/>'
    '<ellipse cx="60" cy="5" rx="4" ry="2" fill="url(#r)" opacity="0.5"/>'
    '<polyline points="0 20 10 25 20 20" stroke="black" stroke-dasharray="2 1" fill="none"/>'
    f'<image href="{PNG_DATA}" x="60" width="24" height="12"/>'
    '<text x="2" y="40" font-family="sans-serif" font-size="8" text-anchor="middle">'
    'Caf\u00e9 <tspan dy="2" font-weight="bold">1</tspan></text></g></svg>'
).encode()


@examples("svg")
@given(svg_documents(), PLACES)
def test_random_svg_trees_build_or_give_located_errors(data, place):
    builds_or_is_located(data, ".svg", place)


@examples("svg_bytes")
@given(EDITS, PLACES)
def test_mutated_svg_files_build_or_give_located_errors(edits, place):
    builds_or_is_located(_mutated(VALID_SVG, edits), ".svg", place)


def test_the_valid_bases_build():
    """The files the mutations start from are themselves good, so mutants reach deep."""
    bases = [(d, ".png") for d in VALID_PNGS] + [(d, ".jpg") for d in VALID_JPEGS]
    for data, suffix in [*bases, (VALID_SVG, ".svg")]:
        for place in ("figure", "logo"):
            assert builds_or_is_located(data, suffix, place) is None, (suffix, place)
