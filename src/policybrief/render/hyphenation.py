"""Where a word may break at a line's end: pyphen's patterns, within a designer's rules.

Why pyphen, cached: ReportLab hyphenates through pyphen, and pyphen parses its dictionary text
(13,000 patterns for English) in every new process: about 100 ms, a fifth of a cold build. The
parsed dictionary is kept in the cache as JSON (see cache.py and `adapter.hyphenation_to_data`)
and loaded from it in a few milliseconds instead.

Why rules on top: pattern hyphenation alone breaks "Is-lamabad" and "re-lentless". A word
keeps at least three letters on each side of a break, a proper noun (a word the brief only
ever writes capitalised) never breaks, and a word with a hyphen of its own breaks only there.
Where a line may end in a broken word at all is linebreaks.py's business.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from policybrief.cache import cached
from policybrief.render.adapter import hyphenation_from_data, hyphenation_to_data

#: Letters a broken word keeps on each side of the break: "re-" and "-ly" read as stubs.
LETTERS_EACH_SIDE = 3

#: Plain "en" is hyphenated with the American patterns (Liang's, TeX's hyphen.tex): pyphen's
#: "en" is the British set, which gives "consolid-ate" and "milit-ancy".
_DICTIONARY_OF = {"en": "en_US"}

#: Languages that capitalise every noun: a capital says nothing of a proper noun there.
_NOUNS_CAPITALISED = {"de", "lb", "gsw"}

_WORD = re.compile(r"[^\W\d_]+")
#: What of a brief's text is no reader's word: link targets and bare addresses.
_NOT_WORDS = re.compile(r"\]\([^)]*\)|<[^>\s]*>|\b\w+://\S+|\[@[^\]]*\]")


class WordBreaks:
    """Where a word of running text may break, longest head first: a ReportLab hyphenator
    (called with the word, punctuation stripped; answers (head, tail) pairs).

    One is made per render, so it also keeps how many lines of each page end in a broken
    word (`lines_broken_on`, filled as paragraphs are drawn) and the page drawn on last, for
    linebreaks.py's budget.
    """

    def __init__(self, dictionary: str, proper_nouns: frozenset[str]):
        import pyphen

        self.dictionary = dictionary
        self.proper_nouns = proper_nouns
        self.lines_broken_on: Counter[int] = Counter()
        self.page_drawn_last = 1
        sides = LETTERS_EACH_SIDE
        self._pyphen = pyphen.Pyphen(lang=dictionary, left=sides, right=sides)

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if "-" in word:
            return [
                (word[: at + 1], word[at + 1 :])
                for at in reversed(range(len(word)))
                if word[at] == "-"
                and len(word[:at]) >= LETTERS_EACH_SIDE
                and len(word[at + 1 :]) >= LETTERS_EACH_SIDE
            ]
        if word in self.proper_nouns or word.isupper():
            return []
        return list(self._pyphen.iterate(word))


def word_breaks(language: str, proper_nouns: frozenset[str] = frozenset()) -> WordBreaks | None:
    """The word breaks for a BCP 47 language ('en-GB'), or None when pyphen has no patterns.

    The dictionary is made ready on the way (from the cache when possible).
    """
    name = hyphenation_language(language)
    if language.split("-")[0].lower() in _NOUNS_CAPITALISED:
        proper_nouns = frozenset()
    return WordBreaks(name, proper_nouns) if name else None


def hyphenation_language(language: str) -> str:
    """The pyphen dictionary for a BCP 47 tag ('en-GB' -> 'en_GB'), or '' when there is none.

    The dictionary is made ready for ReportLab on the way (from the cache when possible).
    """
    import pyphen

    tag = language.replace("-", "_")
    name = _DICTIONARY_OF.get(tag) or pyphen.language_fallback(tag) or ""
    if name:
        _prepare(pyphen, name)
    return name


def proper_nouns(texts: Iterable[str]) -> frozenset[str]:
    """The words `texts` only ever write capitalised ("Islamabad", "NATO"): they never break.

    A common noun that opens a sentence and appears nowhere else lowercase counts too: it is
    left whole, which costs a looser line at worst.
    """
    capitalised, lowercase = set(), set()
    for text in texts:
        for word in _WORD.findall(_NOT_WORDS.sub(" ", text)):
            (capitalised if word[0].isupper() else lowercase).add(word)
    return frozenset(word for word in capitalised if word.lower() not in lowercase)


def _prepare(pyphen, name: str) -> None:
    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    version = getattr(pyphen, "VERSION", getattr(pyphen, "__version__", ""))
    stamp = f"{version}-{path.stat().st_size}"
    pyphen.hdcache[path] = cached(
        f"hyphenation-{name}",
        stamp,
        lambda: pyphen.HyphDict(path),
        hyphenation_to_data,
        hyphenation_from_data,
    )
