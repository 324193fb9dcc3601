"""The bundled fonts register once and map bold/italic inside each family."""

from __future__ import annotations

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from policybrief.fonts import FAMILIES, font_name, register_fonts


def test_register_fonts_is_idempotent():
    register_fonts()
    register_fonts()
    for styles in FAMILIES.values():
        for name in styles:
            assert pdfmetrics.getFont(name).face.name


def test_markup_bold_italic_map_to_the_family_cuts():
    register_fonts()
    regular = font_name("serif")
    assert tt2ps(regular, 1, 0) == font_name("serif", bold=True)
    assert tt2ps(regular, 0, 1) == font_name("serif", italic=True)
    assert tt2ps(regular, 1, 1) == font_name("serif", bold=True, italic=True)
