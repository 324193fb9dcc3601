"""The imprint: the date as printed and the suggested citation."""

from __future__ import annotations

import datetime

import pytest

from policybrief.model.brief import Brief
from policybrief.model.imprint import format_date, suggested_citation

MINIMAL = {
    "title": "T",
    "date": "2021-09-01",
    "summary": ["s"],
    "sections": [{"heading": "H", "body": ["p"]}],
}


def test_format_date():
    assert format_date(datetime.date(2026, 11, 7)) == "7\u00a0November\u00a02026"


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
    assert suggested_citation(Brief.model_validate({**MINIMAL, **extra})) == expected
