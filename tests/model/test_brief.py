"""The model's own helpers: citation, dates, the keys expected at a location."""

from __future__ import annotations

import pytest

from policybrief.model.brief import Brief, expected_keys


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
