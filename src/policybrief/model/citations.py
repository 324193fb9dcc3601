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


def reference_problems(brief: Brief) -> list[FieldError]:
    """Citations of unknown references, references never cited, and repeated ids."""
    known = [ref.id for ref in brief.references]
    problems = []
    for index, ref_id in enumerate(known):
        if ref_id in known[:index]:
            problems.append(
                FieldError(
                    ("references", index, "id"), f"the reference id '{ref_id}' is used twice"
                )
            )
    for path, text in iter_texts(brief):
        if path[:1] == ("references",) and path[-1] == "id":
            continue
        for ref_id in cited_ids(text):
            if ref_id not in known:
                hint = did_you_mean(ref_id, known, "[@{}]") or (
                    "the references are: " + (", ".join(dict.fromkeys(known)) or "none")
                )
                problems.append(FieldError(path, f"[@{ref_id}] cites no reference", hint))
    cited = citation_numbers(brief)
    for index, ref_id in enumerate(known):
        if ref_id not in cited and ref_id not in known[:index]:
            problems.append(
                FieldError(
                    ("references", index),
                    f"the reference '{ref_id}' is never cited: cite it "
                    f"with [@{ref_id}] or remove it",
                )
            )
    return problems
