"""Hyphenation dictionaries are parsed once, cached, and a bad cache is survived."""

from __future__ import annotations

import pyphen
import pytest

from policybrief.cache import cache_folder
from policybrief.render.hyphenation import hyphenation_language


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
    [cached] = cache_folder().glob("hyphenation-de-*.pickle")
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
    [cached] = cache_folder().glob("hyphenation-nl-*.pickle")
    cached.write_bytes(b"not a pickle")
    pyphen.hdcache.clear()
    hyphenation_language("nl")
    assert pyphen.Pyphen(lang="nl").inserted("hyphenation") != ""


def test_an_unwritable_cache_folder_is_survived(fresh, monkeypatch):
    (fresh / "policybrief").write_text("a file where the folder would be")
    assert hyphenation_language("it") == "it"
    assert pyphen.LANGUAGES["it"] in pyphen.hdcache
