"""The bundled fonts register once and map bold/italic inside each family."""

from __future__ import annotations

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from policybrief.cache import cache_folder
from policybrief.render.fonts import FAMILIES, _parsed_fonts, font_name, register_fonts


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


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_parsed_fonts_are_cached_and_measure_and_subset_alike(fresh_cache, monkeypatch):
    parsed = _parsed_fonts()
    [kept] = cache_folder().glob("fonts-*.jsonl")

    def no_parsing(*args, **kwargs):
        raise AssertionError("the fonts were parsed again instead of loaded from the cache")

    monkeypatch.setattr(TTFont, "__init__", no_parsing)
    loaded = _parsed_fonts()
    # the metrics only: the font files' bytes, which subsets need, are read from the files
    assert 100_000 < kept.stat().st_size < 1_000_000
    for new, old in zip(loaded, parsed, strict=True):
        assert new is not old and new.fontName == old.fontName
        assert new.stringWidth("Islamabad’s “all-weather” friend", 10.5) == old.stringWidth(
            "Islamabad’s “all-weather” friend", 10.5
        )
        assert new.face.makeSubset([0, 65, 8220]) == old.face.makeSubset([0, 65, 8220])
        assert new.face._pdfScale(500) == old.face._pdfScale(500)
        assert len(new.state) == 0


def test_a_broken_font_cache_is_parsed_again_and_replaced(fresh_cache):
    _parsed_fonts()
    [kept] = cache_folder().glob("fonts-*.jsonl")
    kept.write_bytes(b"not a cache file")
    fonts = _parsed_fonts()
    assert {font.fontName for font in fonts} >= set(FAMILIES["serif"])
    assert kept.stat().st_size > 100_000


def test_an_unwritable_cache_folder_still_gives_fonts(fresh_cache):
    (fresh_cache / "policybrief").write_text("a file where the folder would be")
    assert len(_parsed_fonts()) == 10


def test_coverage_file_matches_the_font_files():
    """The model refuses text the fonts cannot draw by reading this file, without ReportLab;
    it must say what the shipped fonts really hold (`make coverage` rewrites it)."""
    from importlib import resources

    from policybrief.model.fields import COVERAGE_FILE
    from policybrief.render.fonts import coverage_text

    shipped = (resources.files("policybrief") / "fonts" / COVERAGE_FILE).read_text("ascii")
    assert shipped == coverage_text()


def test_every_cut_draws_every_script_through_its_fallbacks_and_nothing_else():
    """Latin (Vietnamese too), Greek, Cyrillic, Arabic script and Devanagari pass validation
    in every cut; Thai, Hebrew and CJK, which no bundled font draws, do not."""
    from policybrief.model.fields import drawable_characters

    drawable = drawable_characters()
    for text in ("Việt Nam", "Доверие", "εμπιστοσύνη", "اعتماد کا فقدان ہے", "भारत", "پښتو"):
        assert {ord(c) for c in text} <= drawable, text
    for char in "ภש中":
        assert ord(char) not in drawable


@pytest.mark.parametrize("name", ["SourceSerifPro-It", "SourceSansPro-SemiboldIt"])
def test_an_italic_sets_russian_words_in_noto_italic_and_the_rest_in_its_own_cut(name):
    from reportlab.pdfbase.pdfmetrics import getFont

    register_fonts()
    family = "NotoSerif" if "Serif" in name else "NotoSans"
    noto = family + ("-BoldItalic" if "Semibold" in name else "-Italic")
    runs = getFont(name).setter.runs("in Доверие между соседями, said")
    for run in runs:
        cyrillic = any("\u0400" <= c <= "\u04ff" for c in run.shaped.codes)
        expected = noto if cyrillic else name
        assert run.font.fontName == expected or not run.shaped.codes.strip(), run
    assert runs[0].font.fontName == runs[-1].font.fontName == name


def test_english_text_loads_no_fallback_font(tmp_path):
    """Font fallback costs nothing when every character is Latin: building the seed brief
    loads none of the Noto fonts."""
    import subprocess
    import sys

    from tests.conftest import SEED

    code = (
        "import sys, policybrief; from policybrief.render import fonts; "
        f"policybrief.build({str(SEED)!r}, {str(tmp_path / 'seed.pdf')!r}); "
        "print(sorted(fonts._LOADED))"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"
