"""The shaper: HarfBuzz's glyphs, kerning and ligatures for a text, as code points to draw."""

from __future__ import annotations

from importlib import resources

import pytest

from policybrief.render.shaping import Shaper

FONT = "SourceSerifPro-Regular"


@pytest.fixture(scope="module")
def font():
    """A fresh parse of one bundled font (not the registered one: reservations stay here)."""
    from reportlab.pdfbase.ttfonts import TTFont

    with resources.as_file(resources.files("policybrief") / "fonts" / f"{FONT}.ttf") as path:
        parsed = TTFont("shaping-test", str(path))
        reserved: dict[int, str] = {}

        def reserve(glyph: int, letters: str) -> int:
            point = 0xE000 + len(reserved)
            parsed.face.charToGlyph[point] = glyph
            parsed.face.charWidths[point] = 0
            reserved[point] = letters
            return point

        face = parsed.face
        shaper = Shaper(path, face.charToGlyph, face.glyphToChar, face.charWidths, reserve)
        yield parsed, shaper, reserved


def _nominal(font, text: str) -> float:
    return sum(font.face.charWidths[ord(c)] for c in text)


@pytest.mark.parametrize("pair", ["Ta", "To", "Av", "Wa", "P.", "y."])
def test_kerning_pairs_are_narrower_than_their_advances(font, pair):
    parsed, shaper, _ = font
    shaped = shaper.shape(pair)
    assert shaped.codes == pair
    assert shaped.width < _nominal(parsed, pair) - 10  # thousandths of an em
    assert shaped.adjustments[0] > 0 and shaped.adjustments[1] == 0


def test_a_text_without_kerning_pairs_is_its_advances(font):
    parsed, shaper, _ = font
    shaped = shaper.shape("nnn")
    assert shaped.width == _nominal(parsed, "nnn") and set(shaped.adjustments) == {0}


@pytest.mark.parametrize(
    ("text", "ligature"), [("office", "ffi"), ("fit", "fi"), ("After", "ft"), ("flow", "fl")]
)
def test_ligatures_are_one_glyph_that_reads_as_its_letters(font, text, ligature):
    import unicodedata

    _, shaper, reserved = font
    shaped = shaper.shape(text)
    assert len(shaped.codes) == len(text) - len(ligature) + 1
    (drawn,) = [c for c in shaped.codes if c not in text]
    read = reserved.get(ord(drawn)) or unicodedata.normalize("NFKD", drawn)
    assert read == ligature


def test_the_same_glyph_for_the_same_letters_is_reserved_once(font):
    _, shaper, reserved = font
    first = shaper.shape("After").codes
    again = shaper.shape("Aftermath of the raft").codes
    assert first[1] == again[1] and again.count(first[1]) == 2
    assert list(reserved.values()).count("ft") == 1


def test_a_no_break_space_stays_one_and_empty_text_is_nothing(font):
    _, shaper, _ = font
    assert shaper.shape("3\u00a0mm").codes == "3\u00a0mm"
    empty = shaper.shape("")
    assert (empty.codes, empty.adjustments, empty.width) == ("", (), 0.0)


def test_a_text_is_shaped_once(font):
    _, shaper, _ = font
    assert shaper.shape("Islamabad") is shaper.shape("Islamabad")
