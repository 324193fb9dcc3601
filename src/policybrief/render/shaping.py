"""Shaping: the glyphs, kerning and ligatures HarfBuzz chooses for a run of text, in one place.

Every piece of text we set, in a paragraph, a table, a chart or the page furniture, is measured
and drawn through a `Shaper` (see `adapter.shape_all_text_with`), so what a line is measured
at is what it is drawn at, kerned, with the font's standard ligatures.

Why not ReportLab's own shaping (`shaping=1`): it shapes each word again every time a
paragraph is wrapped, and writes one TJ array per glyph: the seed's render took 2.7 times as
long. Here a text is shaped once per process and drawn as one TJ array.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Kerning and standard ligatures (HarfBuzz's defaults, named to be sure); discretionary
#: ligatures are a designer's choice, not a default.
FEATURES: dict[str, bool] = {"kern": True, "liga": True}

# Each shaper keeps this many texts: words, and the runs lines are drawn in. A few MB at most.
_REMEMBERED = 50_000


@dataclass(frozen=True, slots=True)
class Shaped:
    """A text as glyphs: `codes` holds one code point per glyph (the font's own, or one
    reserved for a glyph that has none), `adjustments` what to move after each glyph, in
    thousandths of an em, as a TJ array counts (positive moves left), and `width` the
    shaped advance, in thousandths of an em."""

    codes: str
    adjustments: tuple[float, ...]
    width: float


class Shaper:
    """Shapes text in one font file.

    `cmap` maps code points to glyphs and `widths` code points to their advance (thousandths
    of an em), both as the PDF's font program will have them; `reserve(glyph, text)` gives a
    glyph without a code point of its own one, read as `text`, and returns it.
    """

    def __init__(
        self,
        path: Path,
        cmap: dict[int, int],
        glyph_codes: dict[int, list[int]],
        widths: dict[int, float],
        reserve: Callable[[int, str], int],
    ):
        import uharfbuzz as hb

        self._hb = hb
        self._typeface = hb.Face(hb.Blob.from_file_path(str(path)))
        self._font = hb.Font(self._typeface)
        self._em = self._typeface.upem / 1000
        self._cmap, self._glyph_codes, self._widths = cmap, glyph_codes, widths
        self._reserve = reserve
        self._reserved: dict[tuple[int, str], int] = {}
        self._shaped: dict[str, Shaped] = {}

    def shape(self, text: str) -> Shaped:
        found = self._shaped.get(text)
        if found is None:
            if len(self._shaped) >= _REMEMBERED:
                self._shaped.clear()
            found = self._shaped[text] = self._shape(text)
        return found

    def advance(self, glyph: int) -> float:
        return self._font.get_glyph_h_advance(glyph) / self._em

    def _shape(self, text: str) -> Shaped:
        hb = self._hb
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self._font, buffer, FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if not infos:
            return Shaped("", (), 0.0)
        clusters = [info.cluster for info in infos]
        starts = sorted(set(clusters))
        end_of = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        codes, adjustments, width = [], [], 0.0
        previous = None
        for info, position, cluster in zip(infos, positions, clusters, strict=True):
            letters = text[cluster : end_of[cluster]] if cluster != previous else ""
            previous = cluster
            code = self._code(info.codepoint, letters)
            advance = position.x_advance / self._em
            codes.append(chr(code))
            adjustments.append(self._widths.get(code, 0) - advance)
            width += advance
        return Shaped("".join(codes), tuple(adjustments), width)

    def _code(self, glyph: int, letters: str) -> int:
        """The code point to draw `glyph` with, where it stands for `letters`."""
        if len(letters) == 1 and self._cmap.get(ord(letters)) == glyph:
            return ord(letters)  # itself (a no-break space stays one)
        for code in self._glyph_codes.get(glyph, ()):
            if letters and reads_as(code) == letters:
                return code  # a ligature Unicode has (U+FB01 for "fi")
        key = (glyph, letters)
        if key not in self._reserved:
            self._reserved[key] = self._reserve(glyph, letters)
        return self._reserved[key]


def reads_as(code: int) -> str:
    """What a code point the font has reads as: a ligature Unicode has as its letters."""
    import unicodedata

    return unicodedata.normalize("NFKD", chr(code)) if 0xFB00 <= code <= 0xFB06 else chr(code)
