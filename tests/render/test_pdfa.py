"""PDF/A parts that are ours alone: the sRGB output profile is the same whenever it is made."""

from __future__ import annotations

import io

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
