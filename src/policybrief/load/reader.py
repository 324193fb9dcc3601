"""A YAML file -> a validated model, every failure a located problem.

Why: every failure, from the parser (see `yaml_reader`) or from the model (see `problems`),
reaches the user as `file:line:col: where: what is wrong (hint)`, and all of a file's problems
come at once. Briefs and theme files are both read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from policybrief.errors import BriefError, Problem
from policybrief.load.files import FileRefused, read_bounded
from policybrief.load.problems import problems_from_errors
from policybrief.load.yaml_reader import MAX_BYTES, Located, decode, make_problem, read_yaml
from policybrief.model.fields import FieldError

M = TypeVar("M", bound=BaseModel)


def read_model(
    path: Path,
    model: type[M],
    display: str | None = None,
    check: Callable[[Located, list[str]], list[Problem]] | None = None,
    check_model: Callable[[M], list[FieldError]] | None = None,
) -> tuple[M, Located]:
    """A validated model from a YAML file, with the positions of its values.

    Args:
        path: the YAML file.
        model: the model to validate against.
        display: how to name the file in messages; the path when None.
        check: further checks of the plain data, reported with the model's problems.
        check_model: checks of the validated model, each naming the value at fault.

    Raises:
        BriefError: every problem of the file, each located.
    """
    name = display or str(path)
    try:
        raw = read_bounded(path, MAX_BYTES, "YAML file")
    except FileRefused as err:
        if err.missing:
            raise BriefError.single(name, "no such file") from None
        if "a folder" in str(err):
            raise BriefError.single(name, "is a folder, not a YAML file") from None
        raise BriefError.single(name, str(err)) from None
    text = decode(raw, name)
    located = read_yaml(text, name)
    lines = text.splitlines()
    if located.data is None:
        raise BriefError(
            [make_problem(name, lines, (0, 0), "the file is empty", "start from `policybrief new`")]
        )
    if not isinstance(located.data, dict):
        raise BriefError(
            [
                make_problem(
                    name,
                    lines,
                    located.values.get((), (0, 0)),
                    "the top level must be a mapping of keys such as title:",
                )
            ]
        )
    problems = list(located.problems)
    if check:
        problems += check(located, lines)
    try:
        result = model.model_validate(located.data)
    except ValidationError as err:
        problems += problems_from_errors(err.errors(), located, model)
    else:
        if check_model:
            problems += [located.problem_at(e.path, str(e), e.hint) for e in check_model(result)]
    if problems:
        raise BriefError(_unique_sorted(problems))
    return result, located


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple, Problem] = {}
    for p in problems:
        seen.setdefault((p.line, p.col, p.message), p)
    return sorted(seen.values(), key=lambda p: (p.line or 0, p.col or 0))
