"""Citations in a brief's text: the order notes are numbered in, and what does not match.

Why: `[@id]` may appear in any text, so numbering and checking walk the whole brief in
reading order; the loader reports the problems at their lines, the renderer numbers notes.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from policybrief.errors import did_you_mean
from policybrief.model.brief import Brief
from policybrief.model.fields import FieldError
from policybrief.text import cited_ids


def iter_texts(
    value: Any, path: tuple[str | int, ...] = ()
) -> typing.Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a brief with its path, in reading order (the fields' order)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_texts(item, (*path, index))


def citation_numbers(brief: Brief) -> dict[str, int]:
    """Each cited reference's note number, in the order of first citation."""
    numbers: dict[str, int] = {}
    for _, text in iter_texts(brief):
        for ref_id in cited_ids(text):
            numbers.setdefault(ref_id, len(numbers) + 1)
    return numbers


#: Unknown citations that get a "did you mean": each costs a pass over every reference.
HINTED_CITATIONS = 50
#: References named in the hint of an unknown citation when none is close.
LISTED_REFERENCES = 10


def reference_problems(brief: Brief) -> list[FieldError]:
    """Citations of unknown references, references never cited, and repeated ids.

    Why sets and a cap: a brief may hold 2,000 references and a hostile one 10,000 unknown
    citations; only the first HINTED_CITATIONS unknown ones are compared with every id.
    """
    first_use: dict[str, int] = {}
    problems = []
    for index, ref in enumerate(brief.references):
        if ref.id in first_use:
            problems.append(
                FieldError(
                    ("references", index, "id"), f"the reference id '{ref.id}' is used twice"
                )
            )
        else:
            first_use[ref.id] = index
    known = list(first_use)
    listed = ", ".join(known[:LISTED_REFERENCES]) or "none"
    if len(known) > LISTED_REFERENCES:
        listed += f" and {len(known) - LISTED_REFERENCES:,} more"
    hinted = 0
    for path, text in iter_texts(brief):
        if path[:1] == ("references",) and path[-1] == "id":
            continue
        for ref_id in cited_ids(text):
            if ref_id in first_use:
                continue
            hint = ""
            if hinted < HINTED_CITATIONS:
                hinted += 1
                hint = did_you_mean(ref_id, known, "[@{}]")
            problems.append(
                FieldError(
                    path, f"[@{ref_id}] cites no reference", hint or f"the references are: {listed}"
                )
            )
    cited = citation_numbers(brief)
    for ref_id, index in first_use.items():
        if ref_id not in cited:
            problems.append(
                FieldError(
                    ("references", index),
                    f"the reference '{ref_id}' is never cited: cite it "
                    f"with [@{ref_id}] or remove it",
                )
            )
    return problems
