"""The imprint: the masthead's label and the suggested citation, in the brief's language."""

from __future__ import annotations

import datetime

import pytest

from policybrief.language import language_of
from policybrief.model.brief import Brief
from policybrief.model.imprint import masthead_label, suggested_citation

MINIMAL = {
    "title": "T",
    "date": "2021-09-01",
    "summary": ["s"],
    "sections": [{"heading": "H", "body": ["p"]}],
}


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "7\u00a0November\u00a02026"),
        ("en-GB", "7\u00a0November\u00a02026"),
        ("en-US", "November\u00a07,\u00a02026"),
        ("fr", "7\u00a0novembre\u00a02026"),
        ("de", "7.\u00a0November\u00a02026"),
        ("es", "7\u00a0de\u00a0noviembre\u00a0de\u00a02026"),
        ("ru", "7\u00a0ноября\u00a02026\u00a0г."),
    ],
)
def test_dates_are_the_languages_and_never_break(tag, expected):
    assert language_of(tag).date(datetime.date(2026, 11, 7)) == expected


def test_the_masthead_numbers_the_issue_in_the_brief_language():
    brief = Brief.model_validate({**MINIMAL, "series": "Notes", "number": "4"})
    assert masthead_label(brief, language_of("en")) == "NOTES \u00b7 NO. 4"
    assert masthead_label(brief, language_of("fr")) == "NOTES \u00b7 Nº\u00a04"


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({}, "(2021). *T*. 1\u00a0September\u00a02021."),
        (
            {"organization": {"name": "Org"}, "series": "S", "number": "4"},
            "Org (2021). *T*. S No. 4. 1\u00a0September\u00a02021.",
        ),
        (
            {
                "authors": [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}],
                "organization": {"name": "Org"},
                "subtitle": "Sub",
            },
            "A and B (2021). *T: Sub*. Org. 1\u00a0September\u00a02021.",
        ),
        ({"citation": "Given."}, "Given."),
    ],
)
def test_suggested_citation(extra, expected):
    brief = Brief.model_validate({**MINIMAL, **extra})
    assert suggested_citation(brief, language_of("en")) == expected


def test_a_french_citation_joins_authors_and_dates_in_french():
    brief = Brief.model_validate(
        {
            **MINIMAL,
            "authors": [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}],
        }
    )
    assert suggested_citation(brief, language_of("fr")) == (
        "A et B (2021). *T*. 1\u00a0septembre\u00a02021."
    )
