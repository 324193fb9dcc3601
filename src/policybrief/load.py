"""YAML file -> validated model; validation failures -> located, reworded problems.

Why: every failure, from the parser (see `yaml_reader`) or from the model, reaches the user as
`file:line:col: where: what is wrong (hint)`, and all of a file's problems come at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from policybrief.citations import reference_problems
from policybrief.errors import BriefError, Problem
from policybrief.fields import FieldError, FieldErrors, UndrawableCharacter
from policybrief.images import image_problems
from policybrief.model import BLOCK_KINDS, Brief, expected_keys
from policybrief.theme import DEFAULT_THEME, Theme, builtin_theme_names
from policybrief.yaml_reader import (
    Located,
    Path_,
    decode,
    make_problem,
    nearest,
    read_yaml,
    with_place,
)

M = TypeVar("M", bound=BaseModel)

#: What to write instead, for values that do not have the form their key asks for.
_PATTERN_HINTS = {
    "language": "use a BCP 47 tag such as en, fr or en-GB",
    "year": "write the year with four digits, such as 2021",
    "email": "write an address such as name@example.org",
    "id": "use letters, digits, '-', '_' or '.'",
}


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
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BriefError.single(name, "is a folder, not a YAML file") from None
    except FileNotFoundError:
        raise BriefError.single(name, "no such file") from None
    except OSError as err:
        raise BriefError.single(name, f"cannot be read: {err.strerror}") from None
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
        errors = _without_echoes(err.errors(), model)
        problems += [
            p for e in errors for p in _problems_from_error(e, located, name, lines, model)
        ]
    else:
        if check_model:
            problems += [located.problem_at(e.path, str(e), e.hint) for e in check_model(result)]
    if problems:
        raise BriefError(_unique_sorted(problems))
    return result, located


def load_brief(path: str | Path) -> Brief:
    """The brief in a YAML file, validated, with its theme checked to exist.

    Raises:
        BriefError: every problem in the file, each with file, line and column.
    """
    return read_brief(path)[0]


def read_brief(path: str | Path) -> tuple[Brief, Located]:
    """The brief in a YAML file and where its values are, to locate later problems."""
    path = Path(path)

    def check_theme(located: Located, lines: list[str]) -> list[Problem]:
        theme = located.data.get("theme")
        if not isinstance(theme, str) or _theme_exists(theme, path.parent):
            return []
        names = builtin_theme_names()
        hint = _did_you_mean(theme, names) or "themes: " + ", ".join(names)
        return [
            make_problem(
                str(path),
                lines,
                located.values.get(("theme",)),
                f"theme: unknown theme '{theme}'",
                hint,
            )
        ]

    def check_brief(brief: Brief) -> list[FieldError]:
        return reference_problems(brief) + image_problems(brief, path.parent)

    return read_model(path, Brief, check=check_theme, check_model=check_brief)


def _theme_exists(name: str, base: Path) -> bool:
    if name in builtin_theme_names():
        return True
    return name.endswith((".yaml", ".yml")) and (base / name).is_file()


def load_theme(name: str, base: Path = Path(".")) -> Theme:
    """A built-in theme by name, or a theme file relative to `base`.

    Raises:
        BriefError: a theme that does not exist or whose file has problems.
    """
    if name in builtin_theme_names():
        with resources.as_file(resources.files("policybrief") / "themes" / f"{name}.yaml") as p:
            return read_model(p, Theme, display=f"theme '{name}'")[0]

    def start_from_builtin(located: Located, lines: list[str]) -> list[Problem]:
        parent = located.data.pop("extends", DEFAULT_THEME)
        if parent not in builtin_theme_names():
            names = builtin_theme_names()
            hint = _did_you_mean(str(parent), names) or "themes: " + ", ".join(names)
            return [
                make_problem(
                    str(base / name),
                    lines,
                    located.values.get(("extends",)),
                    f"extends: '{parent}' is not a built-in theme",
                    hint,
                )
            ]
        located.data = _merged(_builtin_theme_data(parent), located.data)
        return []

    return read_model(base / name, Theme, check=start_from_builtin)[0]


def _builtin_theme_data(name: str) -> dict:
    text = (resources.files("policybrief") / "themes" / f"{name}.yaml").read_text("utf-8")
    return read_yaml(text, name).data


def _merged(base: dict, override: dict) -> dict:
    """`base` with `override` laid over it, mapping by mapping."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


# --- validation errors -> problems -----------------------------------------------------------


def _data_path(data: Any, loc: tuple[str | int, ...]) -> Path_:
    """The path into the data named by an error location, without pydantic's union tags."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
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


def _problems_from_error(
    error: dict, located: Located, name: str, lines: list[str], model: type[BaseModel]
) -> list[Problem]:
    """The problems one pydantic error stands for: one, or one per check of a model."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldErrors):
        loc = tuple(error["loc"])
        return [
            located.problem_at(_data_path(located.data, (*loc, *e.path)), str(e), e.hint)
            for e in cause.errors
        ]
    return [_problem_from_error(error, located, name, lines, model)]


def _problem_from_error(
    error: dict, located: Located, name: str, lines: list[str], model: type[BaseModel]
) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    path = _data_path(located.data, loc)
    given = error.get("input")
    ctx = error.get("ctx", {})
    hint = ""
    pos = nearest(located.values, path)
    where = path
    if kind == "extra_forbidden":
        key = str(loc[-1])
        pos = located.keys.get(path, pos)
        where = path[:-1]
        message = f"unknown key '{key}'"
        allowed = expected_keys(loc[:-1], model)
        hint = _did_you_mean(key, allowed) or (
            "keys here: " + ", ".join(allowed) if allowed else ""
        )
    elif kind == "missing":
        message = f"'{loc[-1]}' is required"
    elif kind == "block_kind":
        present = [k for k in BLOCK_KINDS if isinstance(given, dict) and k in given]
        if len(present) > 1:
            message = f"a block names one kind, not {len(present)} ({', '.join(present)})"
        else:
            message = error["msg"]
            if isinstance(given, dict):
                hint = next(
                    filter(
                        None,
                        (
                            _did_you_mean(str(k), list(BLOCK_KINDS))
                            for k in given
                            if k not in BLOCK_KINDS
                        ),
                    ),
                    "",
                )
    elif kind in ("string_type", "str_type"):
        message = f"expected text, found {_kind_of(given)}"
    elif kind == "list_type":
        message = f"expected a list (lines starting with '- '), found {_kind_of(given)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"expected a mapping of keys, found {_kind_of(given)}"
    elif kind == "too_short":
        least = ctx.get("min_length")
        message = f"needs at least {least} item{'s' if least != 1 else ''}"
    elif kind == "string_too_long":
        message = f"is {len(given)} characters long; at most {ctx.get('max_length')} fit here"
        hint = "shorten it"
    elif kind == "too_long":
        message = f"has {ctx.get('actual_length')} items; at most {ctx.get('max_length')}"
    elif kind == "literal_error":
        message = f"'{given}' is not allowed: use {ctx.get('expected')}"
    elif kind == "string_pattern_mismatch":
        message = f"'{given}' is not a valid {loc[-1]}"
        hint = _PATTERN_HINTS.get(str(loc[-1]), "")
    elif kind == "value_error":
        cause = ctx.get("error")
        message = str(cause or error["msg"])
        if isinstance(cause, UndrawableCharacter) and pos is not None:
            pos = _find_after(lines, pos, cause.char)
    elif kind in ("float_parsing", "float_type", "finite_number"):
        message = f"expected a number, found {_kind_of(given)}"
        hint = "write digits only, such as 3.5 or -12; put the unit in 'unit'"
    else:
        message = error["msg"]
    return make_problem(name, lines, pos, with_place(where, message), hint)


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


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple, Problem] = {}
    for p in problems:
        seen.setdefault((p.line, p.col, p.message), p)
    return sorted(seen.values(), key=lambda p: (p.line or 0, p.col or 0))
