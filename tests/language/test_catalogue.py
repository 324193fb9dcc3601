"""Message catalogues and Babel's formats: what a brief prints in its language."""

from __future__ import annotations

import datetime
import re
import shutil
import tomllib
from importlib import resources

import pytest

from policybrief.language import LABEL_NAMES, catalogue_names, has_catalogue, language_of
from policybrief.language.catalogue import label_fields


def _fields(text: str) -> set[str]:
    return label_fields(text)


@pytest.mark.parametrize("name", catalogue_names())
def test_every_catalogue_has_every_label_with_its_fields(name):
    """A catalogue names every label of the English one, nothing else, and keeps each
    label's {fields}: a translator cannot drop a figure's number."""
    path = resources.files("policybrief.language").joinpath(f"catalogues/{name}.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(data["labels"]) == set(LABEL_NAMES)
    for label, english in LABEL_NAMES.items():
        assert _fields(data["labels"][label]) == _fields(english), label
    assert len(data["quotes"]["marks"]) == 4


@pytest.mark.parametrize("name", [n for n in catalogue_names() if n != "en"])
def test_a_catalogue_is_translated(name):
    """At most a few labels read as in English (words the languages share: "Notes")."""
    labels = language_of(name).labels
    same = [key for key, english in LABEL_NAMES.items() if labels[key] == english]
    assert len(same) <= 6, same


def test_a_language_without_a_catalogue_prints_english_labels():
    assert not has_catalogue("nl") and has_catalogue("fr-CA")
    assert language_of("nl").label("summary") == "Key takeaways"
    assert language_of("fr-CA").label("summary") == language_of("fr").label("summary")


def test_a_briefs_labels_override_its_language():
    language = language_of("fr", {"summary": "En bref", "figure": "Fig. {number}"})
    assert language.label("summary") == "En bref"
    assert language.label("figure", number="2") == "Fig. 2"
    assert language.label("contents") == "Sommaire"


@pytest.mark.parametrize(
    ("label", "printed"),
    [
        ("Fig. {number}", "Fig. 7"),
        ("{{Fig}} {number}", "{Fig} 7"),
        ("Fig. { 7 }", "Fig. { 7 }"),  # not a field: as typed
        ("{", "{"),
        ("}", "}"),
        ("{0}", "{0}"),
        ("{number.__class__}", "{number.__class__}"),
    ],
)
def test_a_label_fills_only_its_named_fields_and_never_fails(label, printed):
    assert language_of("en", {"figure": label}).label("figure", number=7) == printed


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Fig. {numbr}", "{numbr} is not a field of this label (its fields: {number}"),
        ("Key points {number}", "{number} is not a field of this label (its fields: none"),
    ],
)
def test_a_label_with_a_field_it_does_not_have_is_located(tmp_path, label, message):
    import policybrief
    from policybrief.errors import BriefError

    name = "figure" if "Fig" in label else "summary"
    brief = tmp_path / "b.yaml"
    brief.write_text(
        f'title: T\ndate: 2026-01-01\nlabels:\n  {name}: "{label}"\nsummary: [s]\n'
        "sections:\n  - heading: H\n    body: [p]\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as raised:
        policybrief.validate(brief)
    [problem] = raised.value.problems
    assert problem.line == 4 and message in problem.message


@pytest.mark.parametrize(
    ("tag", "value", "decimals", "expected"),
    [
        ("en", 1300.5, 1, "1,300.5"),
        ("fr", 1300.5, 1, "1\u202f300,5"),
        ("de", -1300.5, 1, "\u22121.300,5"),
        ("en", -12, 0, "\u221212"),
        ("ru", 1300, 0, "1\u00a0300"),
    ],
)
def test_numbers_are_the_languages_with_a_true_minus(tag, value, decimals, expected):
    assert language_of(tag).number(value, decimals) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "A, B and C"), ("fr", "A, B et C"), ("es", "A, B y C"), ("de", "A, B und C")],
)
def test_lists_are_joined_in_the_language(tag, expected):
    assert language_of(tag).join(["A", "B", "C"]) == expected


@pytest.mark.parametrize("name", catalogue_names())
def test_dates_never_break_and_name_the_month_in_the_language(name):
    date = language_of(name).date(datetime.date(2026, 11, 27))
    assert " " not in date and "27" in date and "2026" in date


def test_french_quotes_hold_narrow_no_break_spaces():
    assert language_of("fr").quotes[:2] == ("\u00ab\u202f", "\u202f\u00bb")
    assert language_of("fr").french_spaces and not language_of("en").french_spaces
    assert re.search("\u202f:$", language_of("fr").label("source_line"))


# --- in the built PDF -------------------------------------------------------------------------

ENGLISH_LABELS = [
    "Key takeaways",
    "About this brief",
    "Suggested citation",
    "Distilled from",
    "Addressed to",
    "ADDRESSED TO",
    "Table ",
    "November",
]


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The showcase (every block, a chart, a table, notes) in French."""
    from tests.conftest import ROOT
    from tests.helpers import build_pdf

    folder = tmp_path_factory.mktemp("fr")
    text = (ROOT / "briefs" / "showcase.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language: .*$", "language: fr", text)
    if "language: fr" not in text:
        text = text.replace("\ndate:", "\nlanguage: fr\ndate:", 1)
    for part in ("images", "themes"):
        shutil.copytree(ROOT / "briefs" / part, folder / part)
    brief = folder / "showcase-fr.yaml"
    brief.write_text(text, encoding="utf-8")
    return build_pdf(brief, folder / "fr.pdf", theme="institute")


def test_a_french_brief_prints_no_english_label(french):
    import pdfplumber

    with pdfplumber.open(french) as document:
        text = " ".join(page.extract_text() for page in document.pages)
    assert [label for label in ENGLISH_LABELS if label in text] == []
    for french_label in ("L’essentiel", "Pour citer cette note", "Figure", "Tableau", "novembre"):
        assert french_label in text, french_label
    # the credit's quotation marks (its narrow spaces read back as the font's space)
    assert re.search("\u00ab\\s\\w", text) and re.search("\\S\\s\u00bb", text)


def test_a_french_chart_writes_its_numbers_in_french(french):
    """The showcase's line chart reaches 300: its axis reads '300', its other values have
    no English thousands comma, and a decimal would take a comma."""
    import pdfplumber

    with pdfplumber.open(french) as document:
        text = " ".join(page.extract_text() for page in document.pages)
    assert not re.search(r"\d,\d{3}\b", text)


def test_a_misspelt_label_name_is_located_with_did_you_mean(tmp_path):
    import policybrief
    from policybrief.errors import BriefError

    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2026-01-01\nlabels:\n  sumary: En bref\nsummary: [s]\n"
        "sections:\n  - heading: H\n    body: [p]\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as raised:
        policybrief.validate(brief)
    [problem] = raised.value.problems
    assert (problem.line, problem.col) == (4, 3)
    assert "unknown key 'sumary'" in problem.message and "'summary'" in problem.hint


def test_a_language_without_a_catalogue_builds_in_english_with_a_located_warning(tmp_path):
    import policybrief

    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2026-01-01\nlanguage: nl\nsummary: [s]\n"
        "sections:\n  - heading: H\n    body: [p]\n",
        encoding="utf-8",
    )
    [warning] = policybrief.build(brief, tmp_path / "b.pdf").warnings
    assert (warning.line, warning.col) == (3, 11) and "'nl'" in warning.message


def test_a_french_running_head_and_outline_use_french_quotation_marks(tmp_path):
    """The title's straight quotes are « » on the page, in the running head and in the
    outline alike."""
    import pdfplumber
    import pikepdf

    from tests.helpers import build_pdf

    brief = tmp_path / "b.yaml"
    brief.write_text(
        'title: Le "grand" écart\ndate: 2026-01-01\nlanguage: fr\nsummary: [s]\n'
        "sections:\n"
        + "".join(
            f'  - heading: Le "point" {n}\n    body:\n'
            + "      - Un paragraphe assez long pour remplir la page, encore et encore, sans fin.\n"
            * 12
            for n in range(1, 4)
        ),
        encoding="utf-8",
    )
    pdf = build_pdf(brief, tmp_path / "b.pdf")
    with pdfplumber.open(pdf) as document:
        head = document.pages[1].extract_text().splitlines()[0]
    assert "\u00ab" in head and "\u201c" not in head, head
    with pikepdf.open(pdf) as document:
        titles = [item.title for item in document.open_outline().root]
    assert any("\u00ab" in t for t in titles) and not any("\u201c" in t for t in titles)


@pytest.mark.parametrize("name", catalogue_names())
def test_a_brief_in_every_catalogued_language_builds(tmp_path, name):
    """Every label a brief can print, in every language (the conclusion, notes and back
    matter too: Persian's labels hold zero-width non-joiners, which once broke bidi)."""
    import policybrief

    brief = tmp_path / "b.yaml"
    brief.write_text(
        f"title: T\ndate: 2026-11-27\nlanguage: {name}\nseries: S\nnumber: '3'\n"
        "authors: [{name: A, affiliation: X}, {name: B, affiliation: X}]\n"
        "organization: {name: O, about: About.}\nsource: {title: W, publisher: P, year: '2021'}\n"
        "summary: [s]\nsections:\n  - heading: H\n    body:\n      - Text [@r].\n"
        "      - recommendations: [{title: M, text: Why., actors: [C]}]\n"
        "      - table: A table\n        columns: [K, V]\n        rows: [[a, '1']]\n"
        "conclusion: [End.]\nreferences: [{id: r, text: A reference.}]\n",
        encoding="utf-8",
    )
    result = policybrief.build(brief, tmp_path / "b.pdf")
    assert result.output.stat().st_size > 1000 and not result.warnings
