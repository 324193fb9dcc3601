"""Pydantic's validation errors, reworded into located problems: one rule per error type.

Why: pydantic speaks of `extra_forbidden` and `string_type`; a user needs "unknown key
'summry' (did you mean 'summary'?)" at the key's line. Like RenderCV's error dictionary, each
error type has one rule in `_RULES`, and a type without one keeps pydantic's wording.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from policybrief.errors import Problem, did_you_mean
from policybrief.load.yaml_reader import Located, Path_, make_problem, nearest, with_place
from policybrief.model.brief import BLOCK_KINDS, expected_keys
from policybrief.model.fields import FieldErrors, UndrawableCharacter
from policybrief.model.limits import MAX_CHART_VALUE

#: What to write instead, for values that do not have the form their key asks for.
_PATTERN_HINTS = {
    "language": "use a BCP 47 tag such as en, fr or en-GB",
    "year": "write the year with four digits, such as 2021",
    "email": "write an address such as name@example.org",
    "id": "use letters, digits, '-', '_' or '.'",
}


def problems_from_errors(
    errors: list[dict], located: Located, model: type[BaseModel]
) -> list[Problem]:
    """The located problems that pydantic's errors for one file stand for."""
    return [
        problem
        for error in _without_echoes(errors, model)
        for problem in _problems_from_error(error, located, model)
    ]


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what its rule may need to word and place it."""

    loc: tuple[str | int, ...]
    path: Path_
    given: Any
    ctx: dict
    msg: str
    model: type[BaseModel]
    located: Located


@dataclass(frozen=True)
class _Wording:
    message: str
    hint: str = ""
    #: Where to point instead of the value's start (a key, a character inside the value).
    pos: tuple[int, int] | None = None
    #: The path the message names instead of the value's (the mapping of an unknown key).
    where: Path_ | None = None


def _problems_from_error(error: dict, located: Located, model: type[BaseModel]) -> list[Problem]:
    """The problems one pydantic error stands for: one, or one per check of a model."""
    cause = error.get("ctx", {}).get("error")
    loc = tuple(error["loc"])
    if isinstance(cause, FieldErrors):
        return [
            located.problem_at(_data_path(located.data, (*loc, *e.path)), str(e), e.hint)
            for e in cause.errors
        ]
    found = _Error(
        loc,
        _data_path(located.data, loc),
        error.get("input"),
        error.get("ctx", {}),
        error["msg"],
        model,
        located,
    )
    rule = _RULES.get(error["type"], lambda e: _Wording(e.msg))
    wording = rule(found)
    pos = wording.pos or nearest(located.values, found.path)
    where = found.path if wording.where is None else wording.where
    return [
        make_problem(
            located.name, located.lines, pos, with_place(where, wording.message), wording.hint
        )
    ]


def _unknown_key(e: _Error) -> _Wording:
    key = str(e.loc[-1])
    allowed = expected_keys(e.loc[:-1], e.model)
    hint = did_you_mean(key, allowed) or ("keys here: " + ", ".join(allowed) if allowed else "")
    return _Wording(f"unknown key '{key}'", hint, pos=e.located.keys.get(e.path), where=e.path[:-1])


def _block_kind(e: _Error) -> _Wording:
    given = e.given if isinstance(e.given, dict) else {}
    present = [k for k in BLOCK_KINDS if k in given]
    if len(present) > 1:
        return _Wording(f"a block names one kind, not {len(present)} ({', '.join(present)})")
    hints = (did_you_mean(str(k), list(BLOCK_KINDS)) for k in given if k not in BLOCK_KINDS)
    return _Wording(e.msg, next(filter(None, hints), ""))


def _value_error(e: _Error) -> _Wording:
    cause = e.ctx.get("error")
    pos = nearest(e.located.values, e.path)
    if isinstance(cause, UndrawableCharacter) and pos is not None:
        return _Wording(str(cause), pos=_find_after(e.located.lines, pos, cause.char))
    return _Wording(str(cause or e.msg))


def _too_short(e: _Error) -> _Wording:
    least = e.ctx.get("min_length")
    return _Wording(f"needs at least {least} item{'s' if least != 1 else ''}")


def _expected(what: str, hint: str = "") -> Callable[[_Error], _Wording]:
    return lambda e: _Wording(f"expected {what}, found {_kind_of(e.given)}", hint)


_NUMBER = _expected("a number", "write digits only, such as 3.5 or -12; put the unit in 'unit'")
_MAPPING = _expected("a mapping of keys")


def _out_of_range(e: _Error) -> _Wording:
    """A number past its bound: a chart value (bounded either side of zero), or a setting."""
    bound = e.ctx.get("le", e.ctx.get("ge"))
    if bound is None or abs(float(bound)) == MAX_CHART_VALUE:
        return _Wording(
            f"a chart value may be at most {MAX_CHART_VALUE:,.0f} (10^"
            f"{math.log10(MAX_CHART_VALUE):.0f}) either side of zero; this one is "
            f"{_number_text(e.given)}",
            "give the values in a larger unit, such as 'bn' for billions",
        )
    side = "at most" if "le" in e.ctx else "at least"
    return _Wording(f"must be {side} {_number_text(bound)}; this one is {_number_text(e.given)}")


def _not_finite(e: _Error) -> _Wording:
    """'.nan' is not a number; '1e999' is one, too large for a float, so out of range."""
    try:
        huge = math.isinf(float(str(e.given))) and any(c.isdigit() for c in str(e.given))
    except ValueError:
        huge = False
    return _out_of_range(e) if huge else _NUMBER(e)


def _number_text(given: Any) -> str:
    if isinstance(given, str):
        return given.strip()
    return f"{given:g}" if isinstance(given, float) else str(given)


#: The rule that words each pydantic error type.
_RULES: dict[str, Callable[[_Error], _Wording]] = {
    "extra_forbidden": _unknown_key,
    "missing": lambda e: _Wording(f"'{e.loc[-1]}' is required"),
    "block_kind": _block_kind,
    "string_type": _expected("text"),
    "str_type": _expected("text"),
    "list_type": _expected("a list (lines starting with '- ')"),
    "model_type": _MAPPING,
    "dict_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "too_short": _too_short,
    "string_too_long": lambda e: _Wording(
        f"is {len(e.given)} characters long; at most {e.ctx.get('max_length')} fit here",
        "shorten it",
    ),
    "too_long": lambda e: _Wording(
        f"has {e.ctx.get('actual_length')} items; at most {e.ctx.get('max_length')}"
    ),
    "literal_error": lambda e: _Wording(f"'{e.given}' is not allowed: use {e.ctx.get('expected')}"),
    "string_pattern_mismatch": lambda e: _Wording(
        f"'{e.given}' is not a valid {e.loc[-1]}", _PATTERN_HINTS.get(str(e.loc[-1]), "")
    ),
    "value_error": _value_error,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _not_finite,
    "less_than_equal": _out_of_range,
    "greater_than_equal": _out_of_range,
}


def _data_path(data: Any, loc: tuple[str | int, ...]) -> Path_:
    """The path into the data named by an error location, without pydantic's union tags."""
    path: list[str | int] = []
    for part in loc:
        if (
            isinstance(data, dict)
            and part in data
            or isinstance(data, list)
            and isinstance(part, int)
            and 0 <= part < len(data)
        ):
            data = data[part]
        else:
            continue
        path.append(part)
    return tuple(path)


def _find_after(lines: list[str], pos: tuple[int, int], char: str) -> tuple[int, int]:
    """Where `char` first appears at or after `pos`: the exact place of a character."""
    line, col = pos
    for number in range(line, len(lines)):
        found = lines[number].find(char, col if number == line else 0)
        if found >= 0:
            return (number, found)
    return pos


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _without_echoes(errors: list[dict], model: type[BaseModel]) -> list[dict]:
    """Errors less "'x' is required" where an unknown key beside it is a misspelt 'x'.

    Why: `summry:` for `summary:` is one mistake; the "did you mean" line says all of it.
    """
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            close = difflib.get_close_matches(
                str(loc[-1]), expected_keys(loc[:-1], model), n=1, cutoff=0.6
            )
            misspelt |= {(loc[:-1], close[0])} if close else set()
    return [
        e
        for e in errors
        if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in misspelt)
    ]
