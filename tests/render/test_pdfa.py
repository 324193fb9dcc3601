"""PDF/A and PDF/UA metadata: XMP in every tagged file, the PDF/A parts under --pdfa, the sRGB
output profile the same whenever it is made, builds reproducible; checked by reading them.
The independent validators run in test_conformance.py."""

from __future__ import annotations

import io
import re

import pikepdf
from PIL import ImageCms

from policybrief.render.pdfa import PROFILE_DATE
from tests.conftest import SEED
from tests.helpers import build_pdf


def test_output_profile_has_a_fixed_date_and_still_reads_as_srgb(tmp_path):
    """littlecms stamps each profile it makes with the time: PDF/A builds differed from one
    second to the next (found comparing the example PDFs before and after issue 11)."""
    with pikepdf.open(build_pdf(SEED, tmp_path / "a.pdf", pdfa=True)) as pdf:
        [intent] = pdf.Root.OutputIntents
        profile = intent.DestOutputProfile.read_bytes()
    stamped = tuple(int.from_bytes(profile[i : i + 2], "big") for i in range(24, 36, 2))
    assert stamped == PROFILE_DATE
    assert profile[84:100] == bytes(16)  # no profile ID to contradict the new date
    opened = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    assert "sRGB" in ImageCms.getProfileDescription(opened)


def _xmp(pdf) -> str:
    with pikepdf.open(pdf) as document:
        stream = document.Root.Metadata
        assert stream.Type == "/Metadata" and stream.Subtype == "/XML"
        return stream.read_bytes().decode("utf-8")


def test_a_default_build_has_xmp_with_its_title_and_the_pdf_ua_claim_only(tmp_path):
    pdf = build_pdf(SEED, tmp_path / "ua.pdf")
    xmp = _xmp(pdf)
    assert (
        "Bridging the U.S.–Pakistan Divide" in re.search(r"<dc:title>.*?</dc:title>", xmp, re.S)[0]
    )
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "pdfaid:part" not in xmp and "pdfaExtension:schemas" not in xmp
    with pikepdf.open(pdf) as document:
        assert "/OutputIntents" not in document.Root


def test_a_pdfa_build_claims_both_with_the_extension_schema(tmp_path):
    xmp = _xmp(build_pdf(SEED, tmp_path / "a.pdf", pdfa=True))
    for part in (
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<pdfaSchema:prefix>pdfuaid",
    ):
        assert part in xmp


def test_every_stream_ends_its_data_with_crlf_before_endstream(tmp_path):
    """PDF/A-2 6.1.7.1: an end-of-line that /Length does not count, in every stream."""
    data = build_pdf(SEED, tmp_path / "a.pdf", pdfa=True).read_bytes()
    streams = re.findall(rb"/Length (\d+)(?:[^>]|>(?!>))*>>\s*stream\r?\n", data)
    assert len(streams) > 10  # pages, fonts, ICC profile, XMP: the regex finds them
    for match in re.finditer(rb"/Length (\d+)\b", data):
        start = data.find(b"stream", match.end())
        start = data.index(b"\n", start) + 1
        end = start + int(match[1])
        assert data[end : end + 11] == b"\r\nendstream", data[end - 5 : end + 15]


def _cli_build(output, epoch: str, *options: str) -> bytes:
    """A --pdfa build in a process of its own (its own clock), with SOURCE_DATE_EPOCH set."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, "-m", "policybrief", "build", str(SEED), "-o", str(output)]
    done = subprocess.run(
        [*command, "--pdfa", *options], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


def test_pdfa_builds_are_reproducible_for_one_epoch_and_dated_by_it(tmp_path):
    """The README's promise under --pdfa: the same input and SOURCE_DATE_EPOCH give the same
    bytes, build after build; another epoch changes the dates it sets, and nothing else that
    is drawn or embedded."""
    september, october = "1630454400", "1633046400"  # 2021-09-01, 2021-10-01 (UTC)
    first = _cli_build(tmp_path / "a.pdf", september, "--print")
    assert _cli_build(tmp_path / "b.pdf", september, "--print") == first
    other = _cli_build(tmp_path / "c.pdf", october, "--print")
    assert other != first
    with pikepdf.open(tmp_path / "a.pdf") as a, pikepdf.open(tmp_path / "c.pdf") as c:
        assert str(a.docinfo.CreationDate).startswith("D:20210901000000")
        assert str(c.docinfo.CreationDate).startswith("D:20211001000000")
        assert str(c.docinfo.ModDate) == str(c.docinfo.CreationDate)
        meta = c.open_metadata()
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert meta[key].startswith("2021-10-01T00:00:00"), key
        assert [p.Contents.read_bytes() for p in a.pages] == [
            p.Contents.read_bytes() for p in c.pages
        ]
        [intent_a], [intent_c] = a.Root.OutputIntents, c.Root.OutputIntents
        assert (
            intent_a.DestOutputProfile.read_bytes() == intent_c.DestOutputProfile.read_bytes()
        )
