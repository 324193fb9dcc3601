"""Hyphenation dictionaries are parsed once, cached, and a bad cache is survived."""

from __future__ import annotations

import pyphen
import pytest

from policybrief.cache import cache_folder
from policybrief.render.hyphenation import hyphenation_language, proper_nouns, word_breaks


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path


def test_language_names_map_to_pyphen_dictionaries(fresh):
    assert hyphenation_language("en-GB") == "en_GB"
    assert hyphenation_language("fr") == "fr"
    assert hyphenation_language("xx") == ""


def test_dictionary_is_cached_and_used(fresh, monkeypatch):
    hyphenation_language("de")
    [cached] = cache_folder().glob("hyphenation-de-*.jsonl")
    path = pyphen.LANGUAGES["de"]
    parsed = pyphen.hdcache.pop(path)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the dictionary was parsed again instead of loaded from the cache")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    hyphenation_language("de")
    loaded = pyphen.hdcache[path]
    assert loaded is not parsed and loaded.patterns == parsed.patterns
    assert cached.stat().st_size > 10_000


def test_a_broken_cache_is_parsed_again(fresh):
    hyphenation_language("nl")
    [cached] = cache_folder().glob("hyphenation-nl-*.jsonl")
    cached.write_bytes(b"not a cache file")
    pyphen.hdcache.clear()
    hyphenation_language("nl")
    assert pyphen.Pyphen(lang="nl").inserted("hyphenation") != ""


def test_an_unwritable_cache_folder_is_survived(fresh, monkeypatch):
    (fresh / "policybrief").write_text("a file where the folder would be")
    assert hyphenation_language("it") == "it"
    assert pyphen.LANGUAGES["it"] in pyphen.hdcache


# --- the brief's language picks the patterns words are broken by ----------------------------

GERMAN = (
    "Die Entwicklungszusammenarbeit und die Sicherheitspolitik verlangen verlässliche "
    "Rahmenbedingungen. Das Bundesverfassungsgericht prüft die Verhältnismäßigkeit der "
    "Haushaltsentscheidungen, während die Regierungskoalition über Grundsatzfragen der "
    "Außenwirtschaftsförderung verhandelt. Wirtschaftsministerium und Finanzverwaltung "
    "beraten über Investitionsprogramme, Klimaschutzverpflichtungen und die "
    "Digitalisierungsstrategie der Bundesländer. Die Zusammenarbeit der Nachbarstaaten "
    "bleibt eine Herausforderung für die Verteidigungsplanung und die Entwicklungsbanken."
)
AMERICAN = (
    "Representative democracy depends on accountability and reconciliation. Humanitarian "
    "cooperation significantly strengthens strategic negotiations, and the recommendations "
    "of the representatives on counterterrorism considerably improved accountability. "
    "Democracy, reconciliation and humanitarian cooperation are strategic necessities for "
    "representative institutions negotiating significantly different recommendations."
)


def _breaks(tmp_path, language: str, text: str) -> list[tuple[str, int]]:
    """(word, letters before the break) of every word the built PDF breaks at a line's end."""
    import re

    import pdfplumber

    from tests.helpers import build_pdf

    (tmp_path / "narrow.yaml").write_text("extends: institute\nname: narrow\nmeasure: 55\n")
    sentences = text.split(". ")
    body = (
        "".join(  # the same words, rotated, so that lines end at different words, over
            # pages enough for a few breaks each (a page allows two or three)
            f"      - {'. '.join(sentences[n:] + sentences[:n]).rstrip('.')}.\n"
            for n in range(len(sentences))
        )
        * 4
    )
    brief = tmp_path / "b.yaml"
    brief.write_text(
        f"title: Brief\ndate: 2021-09-20\nlanguage: {language}\ntheme: narrow.yaml\n"
        f"summary: [Kurz]\nsections:\n  - heading: Politik\n    body:\n{body}",
        encoding="utf-8",
    )
    with pdfplumber.open(build_pdf(brief, tmp_path / "b.pdf")) as doc:
        lines = [line for page in doc.pages for line in page.extract_text().splitlines()]
    words = set(re.findall(r"\w+", text))
    found = []
    for line, following in zip(lines, lines[1:]):
        head, tail = re.search(r"(\w+)-$", line), re.match(r"(\w+)", following)
        if head and tail and head[1] + tail[1] in words:
            found.append((head[1] + tail[1], len(head[1])))
    return found


def test_german_text_is_broken_by_german_patterns(tmp_path):
    """`language: de` breaks words only where German allows, and not as English would."""
    breaks = _breaks(tmp_path, "de", GERMAN)
    assert len(breaks) >= 5
    german, english = pyphen.Pyphen(lang="de"), pyphen.Pyphen(lang="en")
    wrong = [(w, at) for w, at in breaks if at not in german.positions(w)]
    assert not wrong, f"breaks German does not allow: {wrong}"
    assert any(at not in english.positions(w) for w, at in breaks), breaks


def test_american_english_is_broken_by_american_patterns(tmp_path):
    """`language: en-US` uses the American dictionary, not pyphen's 'en' (which is British)."""
    breaks = _breaks(tmp_path, "en-US", AMERICAN)
    assert len(breaks) >= 5
    american, plain_en = pyphen.Pyphen(lang="en_US"), pyphen.Pyphen(lang="en")
    wrong = [(w, at) for w, at in breaks if at not in american.positions(w)]
    assert not wrong, f"breaks American English does not allow: {wrong}"
    assert any(at not in plain_en.positions(w) for w, at in breaks), breaks


@pytest.mark.parametrize(
    "word", ["reconciliation", "administration", "counterterrorism", "unprecedented"]
)
def test_every_break_keeps_three_letters_each_side(fresh, word):
    breaks = word_breaks("en")(word)
    assert breaks, word
    assert all(len(head) >= 3 and len(tail) >= 3 for head, tail in breaks)


def test_a_proper_noun_and_an_acronym_never_break(fresh):
    breaks = word_breaks("en", frozenset({"Islamabad", "Washington"}))
    assert breaks("Islamabad") == breaks("Washington") == breaks("UNAMA") == []
    assert breaks("administration")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("water-use", [("water-", "use")]),
        ("cross-border", [("cross-", "border")]),
        (
            "state-of-the-art",
            [("state-of-the-", "art"), ("state-of-", "the-art"), ("state-", "of-the-art")],
        ),
        ("re-run", []),
        ("counter-insurgency", [("counter-", "insurgency")]),
    ],
)
def test_a_word_with_its_own_hyphen_breaks_only_there(fresh, word, expected):
    assert word_breaks("en")(word) == expected


def test_proper_nouns_are_the_words_only_ever_capitalised():
    found = proper_nouns(
        [
            "Islamabad and Washington met. Talks went well in Islamabad.",
            "Security talks, and security; NATO [a link](https://Example.org) [@Crocker2021]",
        ]
    )
    assert {"Islamabad", "Washington", "NATO"} <= found
    assert not {"Security", "Talks", "Example", "Crocker"} & found  # "talks" is lowercase once


def test_german_nouns_are_hyphenated_although_capitalised(fresh):
    assert word_breaks("de", frozenset({"Zusammenarbeit"}))("Zusammenarbeit")
