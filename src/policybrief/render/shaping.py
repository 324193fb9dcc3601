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
from typing import Any

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
    shaped advance, in thousandths of an em. `lead` is the move before the first glyph (a
    mark HarfBuzz offsets sideways), and `rises`, when not empty, how far above the baseline
    each glyph sits (Nastaliq's sloping words), in thousandths of an em."""

    codes: str
    adjustments: tuple[float, ...]
    width: float
    lead: float = 0.0
    rises: tuple[float, ...] = ()


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
        self._directed: dict[tuple[str, bool, str | None], Shaped] = {}
        self.covers = frozenset(map(chr, cmap))  # the characters it draws (none reserved yet)

    def shape(self, text: str) -> Shaped:
        found = self._shaped.get(text)
        if found is None:
            if len(self._shaped) >= _REMEMBERED:
                self._shaped.clear()
            found = self._shaped[text] = self._shape(text)
        return found

    def shape_in(self, text: str, right_to_left: bool, language: str | None = None) -> Shaped:
        """`text` shaped in a direction given (a run the bidi algorithm found), in the
        language given (a font's local forms, Urdu's in Nastaliq)."""
        key = (text, right_to_left, language)
        found = self._directed.get(key)
        if found is None:
            if len(self._directed) >= _REMEMBERED:
                self._directed.clear()
            found = self._directed[key] = self._shape(text, right_to_left, language)
        return found

    def advance(self, glyph: int) -> float:
        return self._font.get_glyph_h_advance(glyph) / self._em

    def _shape(
        self, text: str, right_to_left: bool | None = None, language: str | None = None
    ) -> Shaped:
        hb = self._hb
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        if right_to_left is not None:
            buffer.direction = "rtl" if right_to_left else "ltr"
        if language:
            buffer.language = language
        hb.shape(self._font, buffer, FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if not infos:
            return Shaped("", (), 0.0)
        clusters = [info.cluster for info in infos]
        starts = sorted(set(clusters))
        end_of = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        codes, adjustments, width = [], [], 0.0
        em, widths = self._em, self._widths
        # Offsets come from marks, cursive joins and stacks: an ASCII text set left to right
        # has none, and not reading them keeps English text as fast as it was.
        look = right_to_left is not None or not text.isascii()
        moved = False
        previous = None
        for info, position, cluster in zip(infos, positions, clusters, strict=True):
            letters = text[cluster : end_of[cluster]] if cluster != previous else ""
            previous = cluster
            code = self._code(info.codepoint, letters)
            advance = position.x_advance / em
            codes.append(chr(code))
            adjustments.append(widths.get(code, 0) - advance)
            width += advance
            if look and not moved and (position.y_offset or position.x_offset):
                moved = True
        if not moved:
            return Shaped("".join(codes), tuple(adjustments), width)
        shifts = [position.x_offset / em for position in positions]
        rises = [position.y_offset / em for position in positions]
        # A glyph drawn `shift` to the right of its pen: move there before it, back after it.
        for n in range(len(adjustments)):
            following = shifts[n + 1] if n + 1 < len(shifts) else 0.0
            adjustments[n] += shifts[n] - following
        kept_rises = tuple(rises) if any(rises) else ()
        return Shaped("".join(codes), tuple(adjustments), width, -shifts[0], kept_rises)

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


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a text set in one font (`font`, whose `shaper` shaped it) in one
    direction: its glyphs in the order they are drawn, left to right."""

    font: Any
    shaped: Shaped
    right_to_left: bool = False
    #: The run's text as typed, when its glyphs do not read as it in the order and places
    #: they are drawn (Devanagari, Nastaliq): written as ActualText.
    reads_as: str | None = None


class Setter:
    """Sets text in a font, and what the font cannot draw in the fonts that fall back for it,
    run by run: a Latin word the font lacks a letter of, a phrase in another script.

    `fallback(script, text)` gives the font to set `text` (in `script`, or None for spaces
    and punctuation) in when `font` cannot, or None; each font it gives has a `shaper`.
    A text `font` draws whole and that holds nothing written right to left, as every English
    text, is one run: the cost of fallback is one set comparison per text, remembered.
    """

    def __init__(self, font: Any, fallback: Callable[[str | None, str], Any]):
        self._font, self._fallback = font, fallback
        self._covers = font.shaper.covers
        self._runs: dict[str, tuple[Run, ...]] = {}
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        """The shaped advance of `text`, in thousandths of an em."""
        found = self._widths.get(text)
        if found is None:
            if len(self._widths) >= _REMEMBERED:
                self._widths.clear()
            if self._covers.issuperset(text):
                found = self._font.shaper.shape(text).width
            else:
                found = sum(run.shaped.width for run in self.runs(text))
            self._widths[text] = found
        return found

    def runs(self, text: str) -> tuple[Run, ...]:
        """`text` as runs, in the order they are drawn, left to right."""
        found = self._runs.get(text)
        if found is None:
            if len(self._runs) >= _REMEMBERED:
                self._runs.clear()
            if self._covers.issuperset(text):
                found = (Run(self._font, self._font.shaper.shape(text)),)
            else:
                found = self._set(text)
            self._runs[text] = found
        return found

    def forget(self) -> None:
        """Drop what was set: the fonts that fall back have changed (another language)."""
        self._runs.clear()
        self._widths.clear()

    def _set(self, text: str) -> tuple[Run, ...]:
        from policybrief.render import scripts

        fonts = self._fonts(text)
        if scripts.has_right_to_left(text):
            levels = scripts.levels(text, scripts.paragraph_direction())
        else:
            levels = [0] * len(text)
        runs: list[tuple[int, int, Any, int]] = []  # start, end, font, level
        for index, (font, level) in enumerate(zip(fonts, levels, strict=True)):
            if runs and runs[-1][2] is font and runs[-1][3] == level:
                runs[-1] = (runs[-1][0], index + 1, font, level)
            else:
                runs.append((index, index + 1, font, level))
        shaped = []
        for start, end, font, level in runs:
            part, backwards = text[start:end], level % 2 == 1
            if level or font is not self._font:
                glyphs = font.shaper.shape_in(part, backwards, getattr(font, "language", None))
            else:
                glyphs = font.shaper.shape(part)
            # Glyphs that do not read as typed in the order and places they are drawn read
            # through ActualText: Devanagari's reordered vowel signs, Nastaliq's raised
            # letters (a reader would take each height for a line of its own). Naskh, drawn
            # on its baseline, reads letter by letter: readers put right-to-left letters back
            # in their order, as they do not with ActualText (pdftotext reverses it).
            complex_script = scripts.needs_reading_as(part)
            reading = part if complex_script and (not backwards or glyphs.rises) else None
            shaped.append(Run(font, glyphs, backwards, reading))
        order = scripts.visual_order([level for *_, level in runs])
        return tuple(shaped[n] for n in order)

    def _fonts(self, text: str) -> list[Any]:
        """The font each character is set in."""
        from policybrief.render import scripts

        units = scripts.units(text)
        chosen: list[Any] = [None] * len(units)
        for n, (start, end, script) in enumerate(units):
            if script is not None:
                chosen[n] = self._font_for(script, text[start:end])
        for n, (start, end, script) in enumerate(units):
            if script is None:  # shared characters go with the words before them, or after
                part = text[start:end]
                before = chosen[n - 1] if n else None
                after = chosen[n + 1] if n + 1 < len(units) else None
                # Spaces in the text's own font: ReportLab measures them apart from words,
                # in that font, and a line must be drawn as wide as it was measured.
                order = (self._font, before, after) if part.isspace() else (before, after)
                for font in (*order, self._font):
                    if font is not None and font.shaper.covers.issuperset(part):
                        chosen[n] = font
                        break
                else:
                    chosen[n] = self._font_for(None, part)
        return [font for font, (start, end, _) in zip(chosen, units, strict=True)
                for _ in range(start, end)]

    def _font_for(self, script: str | None, part: str) -> Any:
        if self._covers.issuperset(part):
            return self._font
        return self._fallback(script, part) or self._font


def reads_as(code: int) -> str:
    """What a code point the font has reads as: a ligature Unicode has as its letters."""
    import unicodedata

    return unicodedata.normalize("NFKD", chr(code)) if 0xFB00 <= code <= 0xFB06 else chr(code)
