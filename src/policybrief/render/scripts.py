"""Scripts and directions: which writing system each stretch of a text is in, and in what order
its stretches go on the line (the Unicode bidirectional algorithm).

Why: a text is set in its font until a stretch in another script comes (an Urdu phrase in an
English paragraph, a Russian title in italics), which the font that falls back for that script
sets (`shaping.Setter`); and right-to-left stretches are shaped right to left and placed in
their visual order. Both are decided per text, so every place text is set (paragraphs, tables,
charts, page furniture) gets them without knowing of them.

The bidi levels come from python-bidi's implementation of UAX #9 (`bidi.algorithm`, rules
P2-P3, X1-X10, W1-W7, N1-N2, I1-I2); the reordering of whole runs (L1, L2) is done here, on
runs HarfBuzz has already shaped in their own direction.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

LATIN, GREEK, CYRILLIC, ARABIC, DEVANAGARI, OTHER = (
    "Latin",
    "Greek",
    "Cyrillic",
    "Arabic",
    "Devanagari",
    "other",
)

# (first code point, script) of each stretch of code points, in order; letters outside these
# are OTHER (Hebrew, Thai, CJK ...: no bundled font draws them, and validation refuses them).
_BLOCKS = [
    (0x0000, LATIN),
    (0x0370, GREEK),
    (0x0400, CYRILLIC),
    (0x0530, OTHER),
    (0x0600, ARABIC),
    (0x0700, OTHER),
    (0x0750, ARABIC),
    (0x0780, OTHER),
    (0x0870, ARABIC),
    (0x0900, DEVANAGARI),
    (0x0980, OTHER),
    (0x1C80, CYRILLIC),
    (0x1C90, OTHER),
    (0x1D00, LATIN),
    (0x1F00, GREEK),
    (0x2000, LATIN),
    (0x2DE0, CYRILLIC),
    (0x2E00, OTHER),
    (0xA640, CYRILLIC),
    (0xA6A0, OTHER),
    (0xA720, LATIN),
    (0xA800, OTHER),
    (0xA8E0, DEVANAGARI),
    (0xA900, OTHER),
    (0xFB00, LATIN),
    (0xFB07, OTHER),
    (0xFB50, ARABIC),
    (0xFE00, OTHER),
    (0xFE70, ARABIC),
    (0xFF00, OTHER),
]
_STARTS = [start for start, _ in _BLOCKS]

#: Languages written right to left whose Arabic-script text is set in Nastaliq, not Naskh.
NASTALIQ_LANGUAGES = frozenset({"ur"})
#: Languages written right to left: a brief in one sets every paragraph right to left.
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "ur", "fa", "ps", "prs", "he", "yi", "sd", "ug"})

_paragraphs = {"right_to_left": None}


def set_paragraph_direction(right_to_left: bool | None) -> None:
    """Paragraphs' direction from now on: right to left (an Urdu brief), left to right, or
    None: each text's own, from its first strong letter (rule P2)."""
    _paragraphs["right_to_left"] = right_to_left


def paragraph_direction() -> bool | None:
    return _paragraphs["right_to_left"]

_STRONG_RTL = frozenset({"R", "AL"})


def script_of(char: str) -> str | None:
    """The script a letter (or a digit of a script's own) is in; None for what every script
    shares (spaces, punctuation, European digits, symbols) and for combining marks, which
    belong to the letter before them."""
    category = unicodedata.category(char)
    if category[0] not in "LN" or category == "Nd" and char.isascii():
        return None
    return _BLOCKS[bisect_right(_STARTS, ord(char)) - 1][1]


def needs_reading_as(text: str) -> bool:
    """Whether text in it is drawn as glyphs that do not read back as it in order (Arabic
    script's joined and stacked forms, Devanagari's reordered vowel signs)."""
    return any(_BLOCKS[bisect_right(_STARTS, ord(char)) - 1][1] in (ARABIC, DEVANAGARI)
               for char in text if ord(char) >= 0x600)


def has_right_to_left(text: str) -> bool:
    """Whether the text holds a letter written right to left."""
    bidirectional = unicodedata.bidirectional
    return any(bidirectional(char) in _STRONG_RTL for char in text)


def units(text: str) -> list[tuple[int, int, str | None]]:
    """The text cut where its script changes, as (start, end, script): a stretch of shared
    characters (punctuation, digits; white space apart) has script None. A word is the unit of fallback: it is
    what ReportLab measures alone, so it must be set in one font whether measured alone or
    drawn within its line."""
    found: list[tuple[int, int, str | None]] = []
    kinds: list[str | None] = []  # a unit's script, or " " for white space
    for index, char in enumerate(text):
        script = script_of(char)
        if script is None and unicodedata.category(char)[0] == "M" and found:
            script = found[-1][2]  # a combining mark goes with its letter
        kind = " " if char.isspace() else script
        if kinds and kinds[-1] == kind:
            found[-1] = (found[-1][0], index + 1, script)
        else:
            found.append((index, index + 1, script))
            kinds.append(kind)
    return found


def levels(text: str, right_to_left: bool | None = None) -> list[int]:
    """The bidi embedding level of each character (even: left to right, odd: right to left),
    trailing white space at the paragraph's level (rule L1). `right_to_left` is the
    paragraph's direction; None finds it from the text's first strong letter (P2-P3)."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    if right_to_left is None:
        base = algorithm.get_base_level(text)
    else:
        base = 1 if right_to_left else 0
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage, False, False)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    found = _with_removed(text, [char["level"] for char in storage["chars"]], base)
    end = len(text)
    while end and text[end - 1] in " \t":
        end -= 1
        found[end] = base
    return found


#: Bidi classes rule X9 removes before levels are resolved (python-bidi drops them from its
#: list of characters): zero-width joiners and non-joiners among them, as Persian writes.
_REMOVED_BY_X9 = {"RLE", "LRE", "RLO", "LRO", "PDF", "BN"}


def _with_removed(text: str, kept_levels: list[int], base: int) -> list[int]:
    """A level for every character of `text`: those X9 removed take the level of the
    character before them (rule X9's note), or the paragraph's."""
    if len(kept_levels) == len(text):
        return kept_levels
    import unicodedata

    levels, kept = [], iter(kept_levels)
    for char in text:
        if unicodedata.bidirectional(char) in _REMOVED_BY_X9:
            levels.append(levels[-1] if levels else base)
        else:
            levels.append(next(kept, base))
    return levels


def visual_order(run_levels: list[int]) -> list[int]:
    """The indexes of a line's runs in the order they are drawn, left to right (rule L2:
    from the highest level to the lowest odd one, reverse every sequence at that level or
    above)."""
    order = list(range(len(run_levels)))
    if not run_levels:
        return order
    lowest_odd = min(level for level in run_levels) | 1
    for level in range(max(run_levels), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if run_levels[order[index]] >= level:
                end = index
                while end < len(order) and run_levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order
