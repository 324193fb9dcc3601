"""PDF/A and PDF/UA metadata: XMP in every tagged file, the PDF/A parts under --pdfa, the sRGB
output profile the same whenever it is made; checked by reading them and by an independent
validator (page-validation)."""

from __future__ import annotations

import io
import re

import page
import pikepdf
import pytest
from PIL import ImageCms

from policybrief.render.pdfa import PROFILE_DATE
from tests.conftest import ROOT, SEED
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


SHOWCASE = ROOT / "briefs" / "showcase.yaml"


def _failed(pdf, profile: str) -> set[str]:
    report = page.validate_pdf(str(pdf), profile=getattr(page.ValidationProfile, profile))
    return {failure.rule_id for failure in report.failures}


@pytest.mark.parametrize(
    "brief, settings",
    [
        (SEED, {}),
        (SEED, {"pdfa": True, "print_marks": True}),
        (SEED, {"paper": "letter", "theme": "modern"}),
        (SHOWCASE, {}),
        (SHOWCASE, {"theme": "monochrome", "print_marks": True}),
        (SHOWCASE, {"pdfa": True, "theme": "institute", "paper": "letter"}),
    ],
    ids=[
        "seed",
        "seed-pdfa-print",
        "seed-letter-modern",
        "showcase",
        "showcase-mono-print",
        "showcase-pdfa-institute-letter",
    ],
)
def test_page_validation_finds_every_pdf_ua_1_and_pdf_a_2b_rule_met(tmp_path, brief, settings):
    pdf = build_pdf(brief, tmp_path / "out.pdf", **settings)
    assert _failed(pdf, "PDF_UA_1") == set()
    if settings.get("pdfa"):
        assert _failed(pdf, "PDF_A_2B") == set()


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
    assert len(streams) > 20
    for match in re.finditer(rb"/Length (\d+)\b", data):
        start = data.find(b"stream", match.end())
        start = data.index(b"\n", start) + 1
        end = start + int(match[1])
        assert data[end : end + 11] == b"\r\nendstream", data[end - 5 : end + 15]
