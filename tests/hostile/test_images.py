"""Hostile images through the real command line (issue 12): files outside the brief's folder,
denial of service, broken files and undrawable SVG text, in figures and in logos.

Every refusal is checked the same way: exit 1, no traceback, a located line naming the brief
at the figure's `image:` (or the organization's `logo:`) line and column with the reason, and
every file of the brief's folder, the earlier PDF included, as it was. A secret kept beside
the brief's folder carries a marker that must never reach a PDF, also when a build succeeds.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.hostile.harness import EARLIER, Sandbox, assert_located, pdf_holds

MARKER = b"SECRET-MARKER-7f3a9c"
SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="120" height="60" viewBox="0 0 120 60">'
)
FIGURE_BEFORE = "      - quote: Words quoted exactly as the source printed them.\n"
FIGURE = "      - figure: A figure\n        image: {image}\n        alt: A picture.\n"
LOGO_BEFORE = "  name: Your Institute\n"


# --- making files ----------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, idat: bytes | None, colour: int = 2) -> bytes:
    """A PNG made by hand: IHDR as given, one IDAT chunk (or none), IEND."""
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    body = _chunk(b"IDAT", idat) if idat is not None else b""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + body + _chunk(b"IEND", b"")


def rows(width: int, height: int, channels: int = 3) -> bytes:
    return (b"\x00" + b"\x80" * (width * channels)) * height


def good_png(width: int = 300, height: int = 150) -> bytes:
    return png(width, height, zlib.compress(rows(width, height)))


def svg(body: str, head: str = SVG_HEAD) -> str:
    return f"{head}{body}</svg>"


@pytest.fixture
def box(tmp_path: Path) -> Sandbox:
    """The brief's folder, with a private folder beside it holding the marker."""
    private = tmp_path / "private"
    private.mkdir()
    (private / "secret.png").write_bytes(good_png()[:-12] + _chunk(b"tEXt", b"k\x00" + MARKER))
    (private / "secret.txt").write_bytes(MARKER)
    (private / "outside.svg").write_text(
        svg(f'<text id="t" x="1" y="20">{MARKER.decode()}</text>'), encoding="utf-8"
    )
    folder = tmp_path / "brief"
    folder.mkdir()
    return Sandbox(folder)


def _brief(box: Sandbox, image: str, place: str) -> tuple[Path, tuple[int, int]]:
    """The starter brief naming `image` as a figure or as the logo; where its name stands."""
    if place == "figure":
        path = box.brief((FIGURE_BEFORE, FIGURE.format(image=image) + FIGURE_BEFORE))
        needle, col = f"        image: {image}", 16
    else:
        path = box.brief((LOGO_BEFORE, f"{LOGO_BEFORE}  logo: {image}\n"))
        needle, col = f"  logo: {image}", 9
    lines = path.read_text(encoding="utf-8").splitlines()
    return path, (lines.index(needle) + 1, col)


def refused(box: Sandbox, image: str, place: str, words: str) -> str:
    """Build a brief naming `image`; assert a clean refusal located at its name, saying
    `words`; return the message."""
    brief, (line, col) = _brief(box, image, place)
    run, located = box.refused(brief.name, "-o", box.output.name)
    found = assert_located(run, located, brief.name, words)
    assert (int(found["line"]), int(found["col"])) == (line, col), run.stderr
    key = "image" if place == "figure" else "logo"
    assert key in found["message"]
    assert box.output.read_bytes() == EARLIER  # so no secret reached it either
    return found["message"]


PLACES = ["figure", "logo"]


def alternating(cases) -> list:
    """Each case once, as a figure and as a logo in turn: both paths are covered for every
    kind of file without running every case twice (each run is a child process)."""
    return [
        pytest.param(PLACES[n % 2], case, id=f"{PLACES[n % 2]}-{case}")
        for n, case in enumerate(sorted(cases))
    ]


# --- files outside the brief's folder --------------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
def test_path_out_of_the_folder_is_refused(box, place):
    refused(box, "../private/secret.png", place, r"'\.\./private/secret\.png' is outside")


@pytest.mark.parametrize("place", PLACES)
def test_symlink_out_of_the_folder_is_refused(box, place):
    (box.folder / "map.png").symlink_to(box.folder.parent / "private" / "secret.png")
    refused(box, "map.png", place, r"'map\.png' is outside the brief's folder")


def test_absolute_path_is_refused(box):
    secret = box.folder.parent / "private" / "secret.png"
    refused(box, str(secret), "figure", "is outside the brief's folder")


REFERENCES = {
    "image-relative": '<image href="../private/secret.png" width="10" height="10"/>',
    "image-file-url": '<image xlink:href="file://{private}/secret.png" width="10" height="10"/>',
    "image-http": '<image href="http://example.org/x.png" width="10" height="10"/>',
    "use-outside": '<use href="../private/outside.svg#t"/>',
    "use-other-file-inside": '<use xlink:href="inside.svg#t"/>',
    "fill-url-file": '<rect width="10" height="10" fill="url(../private/outside.svg#g)"/>',
    "style-url": '<rect width="10" height="10" style="fill: url(file:///etc/passwd)"/>',
}


@pytest.mark.parametrize("place, case", alternating(REFERENCES))
def test_svg_reference_to_another_file_is_refused(box, place, case):
    body = REFERENCES[case]
    box.write("inside.svg", svg('<text id="t" x="1" y="9">inside</text>'))
    private = box.folder.parent / "private"
    box.write("chart.svg", svg(body.format(private=private)))
    message = refused(box, "chart.svg", place, r"'chart\.svg' line 1: .*refers to")
    assert "may refer only to its own parts" in message


@pytest.mark.parametrize(
    "css",
    ["@import url(../private/x.css);", '@import "file:///etc/passwd";'],
    ids=["url", "string"],
)
def test_svg_style_sheet_import_is_refused(box, css):
    box.write("chart.svg", svg(f"<style>{css} rect {{fill: red}}</style>"))
    refused(box, "chart.svg", "figure", r"imports a style sheet \(@import\)")


def test_svg_linked_style_sheet_is_refused(box):
    head = '<?xml-stylesheet type="text/css" href="../private/x.css"?>\n' + SVG_HEAD
    box.write("chart.svg", svg('<rect width="1" height="1"/>', head))
    refused(box, "chart.svg", "figure", r"line 1: links a style sheet")


def test_svg_external_entity_is_refused(box):
    secret = box.folder.parent / "private" / "secret.txt"
    head = f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>\n{SVG_HEAD}'
    box.write("chart.svg", svg('<text x="1" y="20">&x;</text>', head))
    refused(box, "chart.svg", "logo", r"declares a DTD of its own")


def test_svg_link_and_font_name_are_never_followed_and_the_build_succeeds(box):
    """An <a> link is not a file read, and a font family is never looked up: the build
    succeeds, and the files they name stay out of the PDF."""
    private = box.folder.parent / "private"
    (private / "secret.ttf").write_bytes(MARKER)
    body = (
        f'<a href="../private/secret.txt"><rect width="30" height="20" fill="navy"/></a>'
        f'<text x="5" y="40" font-family="{private}/secret, ../private/secret">Plain</text>'
    )
    box.write("chart.svg", svg(body))
    brief, _ = _brief(box, "chart.svg", "figure")
    box.built(brief.name, "-o", box.output.name)
    assert not pdf_holds(box.output, MARKER)
    assert pdf_holds(box.output, b"Plain") or box.output.stat().st_size > 0


# --- denial of service -----------------------------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
def test_fifo_is_refused_before_it_is_opened(box, place):
    os.mkfifo(box.folder / "pipe.png")
    refused(box, "pipe.png", place, r"'pipe\.png' is a FIFO, not a file")


@pytest.mark.parametrize("place", PLACES)
def test_symlink_to_dev_zero_is_refused(box, place):
    (box.folder / "zero.png").symlink_to("/dev/zero")
    refused(box, "zero.png", place, r"'zero\.png' is outside the brief's folder")


def test_folder_named_as_an_image_is_refused(box):
    (box.folder / "dir.svg").mkdir()
    refused(box, "dir.svg", "figure", r"'dir\.svg' is a folder, not a file")


def test_file_over_the_byte_limit_is_refused(box):
    with open(box.folder / "huge.png", "wb") as stream:
        stream.write(good_png())
        stream.truncate(50_000_001)  # sparse: the limit is checked before reading
    refused(box, "huge.png", "figure", r"is 50,000,001 bytes; a PNG, JPEG or SVG file may")


def test_png_of_144_megapixels_is_refused_from_its_header(box):
    """Under Pillow's own bomb limit (178 MP), over the brief's (40 MP)."""
    width = height = 12_000
    squeeze = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * width
    data = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    box.write("big.png", png(width, height, data, colour=0))
    message = refused(box, "big.png", "logo", r"'big\.png' has too many pixels to open safely")
    assert "12,000 × 12,000 pixels (144,000,000)" in message
    assert "at most 40,000,000 pixels" in message


@pytest.mark.parametrize("kind", ["png", "jpg"])
def test_image_over_pillows_warning_size_is_refused_without_its_warning(box, kind):
    """Found by make fuzz: a header of 100 million pixels (over Pillow's warning size, under
    its error size) printed Pillow's DecompressionBombWarning beside the located line."""
    if kind == "png":
        data = png(10_000, 10_000, zlib.compress(rows(10, 1)), colour=0)
    else:
        data = bytearray(_jpeg())
        frame = data.index(b"\xff\xc0")
        data[frame + 5 : frame + 9] = struct.pack(">HH", 10_000, 10_000)
    box.write(f"big.{kind}", bytes(data))
    brief, _ = _brief(box, f"big.{kind}", "figure")
    run, located = box.refused(brief.name, "-o", box.output.name)
    assert_located(run, located, brief.name, rf"'big\.{kind}' has too many pixels")
    assert "Warning" not in run.stderr, run.stderr


@pytest.mark.parametrize("place", PLACES)
def test_recursive_use_is_refused(box, place):
    box.write("loop.svg", svg('<g id="a"><rect width="1" height="1"/><use href="#a"/></g>'))
    refused(box, "loop.svg", place, r"<use> draws itself")


def test_billion_laughs_of_use_is_refused(box):
    levels = ['<rect id="l0" width="1" height="1"/>']
    for level in range(1, 10):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        levels.append(f'<g id="l{level}">{uses}</g>')
    box.write("laughs.svg", svg("<defs>" + "".join(levels) + "</defs>" + '<use href="#l9"/>'))
    refused(box, "laughs.svg", "figure", r"draws [\d,]+ or more elements|draws [\d,]+ elements")


def test_billion_laughs_of_entities_is_refused(box):
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    box.write(
        "laughs.svg", svg('<text x="1" y="9">&a9;</text>', f"<!DOCTYPE svg [{entities}]>{SVG_HEAD}")
    )
    refused(box, "laughs.svg", "figure", r"declares a DTD of its own")


def test_reference_to_a_repeated_id_is_refused(box):
    """Found by make fuzz: svglib resolves '#id' to the element with that id it drew last,
    the checks to the first; here the second 'g' loops, which the checks did not see, so
    svglib logged 'Circular <use> reference' and dropped part of the drawing."""
    body = (
        '<defs><rect id="r" width="2" height="2"/><g id="g"><use href="#r"/></g></defs>'
        '<use href="#g"/><defs>\n<g id="g"><use href="#g"/></g></defs><use href="#g"/>'
    )
    box.write("ids.svg", svg(body))
    message = refused(box, "ids.svg", "logo", r"<use> refers to '#g', an id the file gives to")
    assert "more than one element (lines 1, 2)" in message


def test_too_many_elements_are_refused(box):
    box.write("many.svg", svg('<rect width="1" height="1"/>' * 20_001))
    refused(box, "many.svg", "figure", r"draws 20,001 or more elements .* at most 20,000")


def test_nesting_too_deep_is_refused(box):
    box.write("deep.svg", svg("<g>" * 150 + '<rect width="1" height="1"/>' + "</g>" * 150))
    refused(box, "deep.svg", "figure", r"nests elements more than 100 levels deep")


def test_thousands_of_font_families_are_refused(box):
    families = ", ".join(f"Family{n}" for n in range(2000))
    box.write("fonts.svg", svg(f'<text x="1" y="9" font-family="{families}">Hi</text>'))
    refused(box, "fonts.svg", "logo", r"names more than 16 font families")


# --- broken files: a message, never a traceback ----------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "#336699").save(buffer, "JPEG")
    return buffer.getvalue()


BROKEN_RASTERS = {
    "short-pixel-data": ("a.png", png(300, 150, zlib.compress(rows(300, 40))), "ends before"),
    "no-idat": ("a.png", png(300, 150, None), "has no pixel data"),
    "corrupt-zlib": ("a.png", png(300, 150, b"\x78\x9c" + b"\xff" * 200), "corrupt"),
    "cut-off-file": ("a.png", good_png()[:60], "ends before|cannot be read"),
    "lies-about-size": (
        "a.png",
        png(3000, 3000, zlib.compress(rows(300, 150))),
        "ends before|does not match its size",
    ),
    "not-a-png": ("a.png", b"GIF89a" + b"\x00" * 40, "it is not a PNG file"),
    # Found by make fuzz: every row is there, then bytes past the last and a wrong checksum
    # (Pillow stops reading at the last row; the row count read on and raised zlib.error).
    "wrong-zlib-checksum": (
        "a.png",
        png(300, 150, zlib.compress(rows(300, 150) + bytes(64))[:-4] + bytes(4)),
        "corrupt",
    ),
    "cut-off-jpeg": ("a.jpg", _jpeg()[:400], "ends before"),
}


@pytest.mark.parametrize("place, case", alternating(BROKEN_RASTERS))
def test_broken_raster_is_located(box, place, case):
    name, data, words = BROKEN_RASTERS[case]
    box.write(name, data)
    kind = "JPEG" if name.endswith(".jpg") else "PNG"
    refused(box, name, place, rf"'{name}' cannot be read as {kind}: .*({words})")


BROKEN_SVGS = {
    "zero-scale": ('<g transform="scale(0)"><rect width="9" height="9"/></g>', "to nothing"),
    "zero-dashes": (
        '<line x2="50" stroke="black" stroke-dasharray="0 0"/>',
        "not all zero",
    ),
    "huge-length": ('<rect width="1e308" height="9"/>', "at most 1,000,000,000"),
    "inf-length": ('<rect width="inf" height="9"/>', "not a length"),
    "nan-coordinate": ('<circle cx="nan" cy="1" r="2"/>', "not a length"),
    "css-selector": ("<style>:::{fill: red}</style>", "selector svglib cannot read"),
    "style-without-colon": ('<rect width="9" height="9" style="fill red"/>', "not one"),
    "not-well-formed": ("<g><rect></g>", "cannot be read as SVG: mismatched tag"),
    "bad-colour": ('<rect width="9" height="9" fill="Color"/>', "not a colour"),
}


@pytest.mark.parametrize("place, case", alternating(BROKEN_SVGS))
def test_broken_svg_is_located(box, place, case):
    body, words = BROKEN_SVGS[case]
    box.write("chart.svg", svg(body))
    refused(box, "chart.svg", place, rf"'chart\.svg' .*({words})")


def test_name_too_long_for_the_file_system_is_refused(box):
    name = "a" * 300 + ".png"
    refused(box, name, "figure", r"is too long a name: a file's name may be at most 255 bytes")


# --- text the fonts cannot draw --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [("\u05e9\u05dc\u05d5\u05dd", "U+05E9"), ("Growth \U0001f4c8", "U+1F4C8")],
    ids=["hebrew", "emoji"],
)
@pytest.mark.parametrize("place", PLACES)
def test_svg_text_outside_the_fonts_is_refused(box, place, text, code):
    body = f'<text x="1" y="20">Title <tspan>{text}</tspan></text>'
    box.write("chart.svg", svg(body))
    message = refused(box, "chart.svg", place, "the bundled fonts cannot draw")
    assert code in message


# --- what the libraries say goes through our messages, not onto the terminal ----------------


def test_a_part_svglib_leaves_out_is_a_located_warning_not_a_library_log_line(box):
    body = '<linearGradient id="g"/><rect width="30" height="20" clip-path="url(#g)"/>'
    box.write("chart.svg", svg(body))
    brief, (line, _) = _brief(box, "chart.svg", "figure")
    run = box.built(brief.name, "-o", box.output.name)
    warned = [text for text in run.stderr.splitlines() if "clipping path" in text]
    assert warned, run.stderr
    assert all(text.startswith(f"{brief.name}:{line}:") for text in warned), run.stderr
    assert "warning" in warned[0]



def test_svg_text_in_any_family_is_set_in_the_bundled_embedded_fonts(box):
    """svglib measures text with PDF's standard fonts; none of them may reach the PDF."""
    body = "".join(
        f'<text x="2" y="{12 * n + 12}" font-family="{family}" font-weight="{weight}" '
        f'font-style="{style}">Text {n}</text>'
        for n, (family, weight, style) in enumerate(
            [
                ("Times New Roman", "bold", "italic"),
                ("Courier", "normal", "normal"),
                ("Helvetica", "700", "oblique"),
                ("Symbol", "normal", "normal"),
                ("ZapfDingbats", "normal", "normal"),
            ]
        )
    )
    box.write("chart.svg", svg(body))
    brief, _ = _brief(box, "chart.svg", "figure")
    box.built(brief.name, "-o", box.output.name)
    import pikepdf

    names = []
    with pikepdf.open(box.output) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.append(str(font.BaseFont))
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor, font.BaseFont
            for xobject in page.Resources.get("/XObject", {}).values():
                for font in xobject.get("/Resources", {}).get("/Font", {}).values():
                    names.append(str(font.BaseFont))
                    assert "/FontFile2" in font.get("/FontDescriptor", {}), font.BaseFont
    assert names
    import pdfplumber

    with pdfplumber.open(box.output) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert all(f"Text {n}" in text for n in range(5)), "the SVG's text is not drawn"
    base14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
    assert not [name for name in names if any(b in name for b in base14)], names


def test_a_png_pillow_warns_about_builds_without_the_warning_on_stderr(box):
    """An animation control chunk of zero frames: Pillow warns and reads the still image."""
    still = good_png()
    broken = still[:33] + _chunk(b"acTL", struct.pack(">II", 0, 0)) + still[33:]
    box.write("anim.png", broken)
    brief, _ = _brief(box, "anim.png", "figure")
    run = box.built(brief.name, "-o", box.output.name)
    assert "APNG" not in run.stderr and "Warning" not in run.stderr, run.stderr
