"""Every script a policy brief needs: fonts that fall back by run of text, right-to-left runs
in their visual order, text that reads back as typed; judged on built PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from policybrief.render import scripts
from tests.conftest import ROOT
from tests.helpers import build_pdf

DATA = ROOT / "tests" / "data"
ARABIC = "العلاقات بين البلدين"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """An English brief quoting Arabic, Urdu, Devanagari, and Russian, Greek and Vietnamese
    in italics."""
    return build_pdf(DATA / "scripts.yaml", tmp_path_factory.mktemp("mixed") / "scripts.pdf")


@pytest.fixture(scope="module")
def urdu(tmp_path_factory) -> Path:
    """An Urdu brief. `render_pdf` tells the fonts the brief's language (`use_language`);
    said here too, so the fonts' part is tested whatever the renderer's state."""
    from policybrief.render.fonts import use_language

    use_language("ur")
    try:
        return build_pdf(DATA / "urdu.yaml", tmp_path_factory.mktemp("urdu") / "urdu.pdf")
    finally:
        use_language("en")


def _fonts(pdf: Path) -> dict[str, bool]:
    """Each font the pages use, by its base name, and whether its program is embedded."""
    with pikepdf.open(pdf) as document:
        return {
            str(font.BaseFont): "/FontFile2" in font.FontDescriptor
            for page in document.pages
            for font in page.Resources.Font.values()
        }


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def _families(pdf: Path) -> set[str]:
    return {name.split("+", 1)[1].split("-")[0] for name in _fonts(pdf)}


# --- an English brief quoting other scripts -------------------------------------------------


def test_every_script_builds_with_every_font_embedded_and_subset(mixed):
    fonts = _fonts(mixed)
    assert all(fonts.values()), fonts  # each has its font program
    assert all(re.fullmatch(r"/[A-Z]{6}\+[A-Za-z-]+", name) for name in fonts), fonts
    # italics fall back to Noto for Cyrillic and Greek; Arabic in Naskh; Hindi in Devanagari
    assert {"NotoSerif", "NotoSans", "NotoNaskhArabic"} <= _families(mixed), fonts
    assert _families(mixed) & {"NotoSerifDevanagari", "NotoSansDevanagari"}


def test_text_in_every_script_reads_back_as_typed(mixed):
    text = _text(mixed)
    for words in (
        "Доверие между соседями",
        "εμπιστοσύνη",
        "Nghị quyết về Hà Nội",
        "Việt Nam",
        "भारत और पाकिस्तान के बीच",
        ARABIC,  # right to left, in logical order
        "اعتماد کا فقدان",
    ):
        assert words in text, words


def test_a_right_to_left_phrase_is_drawn_right_to_left_within_its_english_line(mixed):
    """Visual order: the phrase's first word stands right of its last, the English before it
    to its left and after it to its right."""
    import pdfplumber

    with pdfplumber.open(mixed) as document:
        chars = document.pages[0].chars
    baseline = next(c["matrix"][5] for c in chars if c["text"] == "ع")
    line = [c for c in chars if abs(c["matrix"][5] - baseline) < 1]
    x_of = {c["text"]: c["x0"] for c in reversed(line)}  # the first of each, left to right
    assert x_of["ع"] > x_of["د"]  # العلاقات (first) right of البلدين (last)
    colon = min(c["x0"] for c in line if c["text"] == ":")
    comma = min(c["x0"] for c in line if c["text"] == "," and c["x0"] > colon)
    arabic = [c["x0"] for c in line if "\u0600" <= c["text"][:1] <= "\u06ff"]
    assert colon < min(arabic) and max(arabic) < comma


def test_arabic_letters_are_joined(mixed):
    """The Naskh glyphs drawn are the joined forms, not the isolated letters: the font's
    glyphs for letters inside a word have no code point of their own, so they are drawn
    with reserved ones, which read back as the letters."""
    from reportlab.pdfbase.pdfmetrics import getFont

    from policybrief.render.fonts import fallback_font

    fallback_font("NotoNaskhArabic-Regular")
    runs = getFont("SourceSerifPro-Regular").setter.runs(ARABIC)
    words = [run for run in runs if run.font.fontName == "NotoNaskhArabic-Regular"]
    assert len(words) == 3 and all(run.right_to_left for run in runs)
    letters = [c for c in ARABIC if c != " "]
    drawn_as_typed = [c for run in words for c in run.shaped.codes if c in letters]
    assert len(drawn_as_typed) < len(letters) / 3  # nearly all are contextual forms


# --- an Urdu brief: Nastaliq, English names and numbers inside it ----------------------------


def test_an_urdu_brief_is_set_in_nastaliq_on_its_sloping_baseline(urdu):
    assert "NotoNastaliqUrdu" in _families(urdu)
    assert "NotoNaskhArabic" not in _families(urdu)  # one style of Arabic script throughout
    with pikepdf.open(urdu) as document:
        content = b"".join(
            pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
            for page in document.pages
        )
    rises = {float(value) for value in re.findall(rb"(-?[\d.]+) Ts", content)}
    assert len(rises) > 10  # glyphs raised along each word's slope, back to 0 after


def test_english_names_and_numbers_inside_urdu_keep_their_own_order(urdu):
    """A line that starts in Urdu runs right to left: its first word at the right end, the
    English name and the year inside it read left to right."""
    import pdfplumber

    with pdfplumber.open(urdu) as document:
        chars = document.pages[0].chars
    baseline = next(c["matrix"][5] for c in chars if c["text"] == "R")
    line = [c for c in chars if abs(c["matrix"][5] - baseline) < 1 and c["text"].isascii()]
    latin = "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
    assert "2011" in latin and "Richard Olson" in latin, latin
    name, year = (next(c["x0"] for c in line if c["text"] == t) for t in ("R", "2"))
    assert year < name  # the year, later in the sentence, stands left of the name


def test_an_urdu_brief_reads_back_in_logical_order(urdu):
    """Nastaliq's raised letters read through ActualText, each word as typed; the English
    name and the year read from their glyphs."""
    actual = set(_actual_texts(urdu))
    for word in ("پاکستان", "امریکہ", "تعلقات", "دونوں", "ملکوں", "درمیان", "اعتماد", "فقدان"):
        assert word in actual, word
    text = _text(urdu)
    assert "Richard Olson" in text and "2011" in text


def _actual_texts(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        return [
            str(operands[1]["/ActualText"])
            for page in document.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and "/ActualText" in operands[1]
        ]


# --- the parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char, script",
    [("a", "Latin"), ("ệ", "Latin"), ("Ж", "Cyrillic"), ("λ", "Greek"), ("ب", "Arabic"),
     ("ے", "Arabic"), ("क", "Devanagari"), (" ", None), ("1", None), ("،", None), ("ก", "other")],
)
def test_script_of(char, script):
    assert scripts.script_of(char) == script


def test_units_are_words_and_what_stands_between_them():
    text = "the words Доверие между, in اعتماد کا"
    found = [(text[a:b], script) for a, b, script in scripts.units(text)]
    assert found == [
        ("the", "Latin"), (" ", None), ("words", "Latin"), (" ", None),
        ("Доверие", "Cyrillic"), (" ", None), ("между", "Cyrillic"), (",", None), (" ", None),
        ("in", "Latin"), (" ", None), ("اعتماد", "Arabic"), (" ", None), ("کا", "Arabic"),
    ]


def test_a_line_is_drawn_as_wide_as_its_words_and_spaces_were_measured():
    """ReportLab measures each word alone and each space in the text's font; a line drawn
    as one text must come to the same width, whatever scripts it holds."""
    from reportlab.pdfbase.pdfmetrics import getFont

    from policybrief.render.fonts import register_fonts

    register_fonts()
    for name in ("SourceSerifPro-It", "SourceSansPro-Regular"):
        font = getFont(name)
        for line in ("in Доверие между соседями, said", "Arabic: العلاقات بين البلدين, 2011",
                     "Hindi: भारत और पाकिस्तान के बीच", "in Vietnamese sự nghi ngờ."):
            words = line.split(" ")
            apart = sum(font.stringWidth(w, 10) for w in words)
            apart += font.stringWidth(" ", 10) * (len(words) - 1)
            assert abs(font.stringWidth(line, 10) - apart) < 0.01, (name, line)


def test_bidi_levels_and_visual_order():
    text = "in اعتماد 2011 here"
    levels = scripts.levels(text)
    assert levels[0] == 0 and levels[3] == 1 and levels[text.index("2")] == 2
    assert scripts.levels("اعتماد here ")[-1] == 1  # trailing space at the paragraph's level
    assert scripts.visual_order([0, 1, 2, 1, 0]) == [0, 3, 2, 1, 4]
    assert scripts.visual_order([1, 0, 1]) == [0, 1, 2]  # two phrases in an English line
    assert scripts.visual_order([1, 2, 1]) == [2, 1, 0]  # a number in an Urdu line


# --- PDF/UA-1 with text in every script -------------------------------------------------------


@pytest.mark.parametrize("which", ["mixed", "urdu"])
def test_both_validators_pass_briefs_in_other_scripts(request, which):
    from tests.render.test_conformance import outloud_findings, page_validation_failures

    pdf = request.getfixturevalue(which)
    assert page_validation_failures(pdf, "PDF_UA_1") == []
    assert outloud_findings(pdf) == []


def test_an_svg_with_urdu_russian_and_greek_text_draws_them(tmp_path):
    """An SVG's text goes through the same fonts: no empty boxes, the words read back."""
    (tmp_path / "chart.svg").write_bytes((DATA / "scripts.svg").read_bytes())
    (tmp_path / "brief.yaml").write_text(
        "title: An SVG With Words in Other Scripts\n"
        "date: 2026-03-22\n"
        "summary:\n  - One figure.\n"
        "sections:\n  - heading: Figure\n    body:\n"
        "      - figure: Words in two scripts\n        image: chart.svg\n"
        "        alt: A grey box with the word trust in Urdu, Russian and Greek.\n",
        encoding="utf-8",
    )
    pdf = build_pdf(tmp_path / "brief.yaml", tmp_path / "brief.pdf")
    assert "NotoNaskhArabic" in _families(pdf)
    text = _text(pdf)
    for words in ("اعتماد کا فقدان", "Доверие", "εμπιστοσύνη"):
        assert words in text, words
