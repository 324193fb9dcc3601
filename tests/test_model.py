"""The model's own helpers: citation, dates, the keys expected at a location."""

from __future__ import annotations

import datetime

import pytest

from policybrief.imprint import format_date, suggested_citation
from policybrief.model import Brief, expected_keys

MINIMAL = {
    "title": "T",
    "date": "2021-09-01",
    "summary": ["s"],
    "sections": [{"heading": "H", "body": ["p"]}],
}


def test_format_date():
    assert format_date(datetime.date(2026, 11, 7)) == "7 November 2026"


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({}, "(2021). *T*. 1 September 2021."),
        (
            {"organization": {"name": "Org"}, "series": "S", "number": "4"},
            "Org (2021). *T*. S No. 4. 1 September 2021.",
        ),
        (
            {
                "authors": [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}],
                "organization": {"name": "Org"},
                "subtitle": "Sub",
            },
            "A and B (2021). *T: Sub*. Org. 1 September 2021.",
        ),
        ({"citation": "Given."}, "Given."),
    ],
)
def test_suggested_citation(extra, expected):
    assert suggested_citation(Brief.model_validate({**MINIMAL, **extra})) == expected


@pytest.mark.parametrize(
    "location, keys",
    [
        ((), list(Brief.model_fields)),
        (("source",), ["title", "publisher", "year", "url"]),
        (("sections", 0), ["heading", "body"]),
        (("sections", 0, "body", 2, "PullQuote"), ["quote", "by", "role"]),
        (
            ("sections", 0, "body", 1, "Recommendations", "recommendations", 0),
            ["title", "text", "actors"],
        ),
        (("title",), []),
    ],
)
def test_expected_keys(location, keys):
    assert expected_keys(location) == keys
