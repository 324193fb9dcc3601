"""YAML text -> model, keeping the line and column of every value for error messages.

Why: PyYAML's own constructors guess types (YAML 1.1 reads `NO` as false and `2021-09-01` as a
date), build arbitrary objects from tags and expand aliases without limit. We read the parser's
event stream instead and build plain data ourselves: every scalar stays text, tags are refused,
duplicate keys are errors, and size, depth and node count are bounded. The model then validates
that data, and every failure, from the parser or from the model, becomes a located `Problem`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from policybrief.errors import BriefError, Problem
from policybrief.model import BLOCK_KINDS, Brief, UndrawableCharacter, expected_keys
from policybrief.theme import Theme, builtin_theme_names

#: Limits far above any real brief; they bound the work a hostile file can cause.
MAX_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000
#: Characters of text once aliases are expanded: bounds the work an alias of a long text makes.
MAX_TEXT = 4_000_000

_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq",
               "tag:yaml.org,2002:map"}
#: Stands for the key of a duplicate entry, whose value is read and dropped.
_DUPLICATE = "\0duplicate"
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Located:
    """Plain data read from YAML, with where each value and each key starts (0-based)."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: Problems that do not stop reading (duplicate keys, tags); reported with the rest.
    problems: list[Problem] = field(default_factory=list)
    #: The file's name as shown in messages, and its lines, to quote under a problem.
    name: str = ""
    lines: list[str] = field(default_factory=list)

    def problem_at(self, path: Path_, message: str, hint: str = "") -> Problem:
        """A problem at the value found at `path` (or its nearest located parent)."""
        return _problem(self.name, self.lines, _nearest(self.values, path),
                        _with_place(path, message), hint)


class _Reject(Exception):
    """Stops reading at the first fault that makes the rest of the file meaningless."""

    def __init__(self, mark: Any, message: str, hint: str = ""):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


@dataclass
class _Frame:
    container: dict | list
    path: Path_
    start: tuple[int, int]  # (values, characters) read before this container
    anchor: str | None
    pending_key: str | None = None


class _Builder:
    """Builds plain data from parser events; records positions and soft problems."""

    def __init__(self) -> None:
        self.located = Located(None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, tuple[int, int]]] = {}
        self.nodes = 0
        self.text = 0
        self.problems: list[tuple[Any, str, str]] = []
        self.documents = 0

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Reject(event.start_mark, "a brief is one YAML document; remove the "
                                                "second '---' and what follows it")
        elif isinstance(event, yaml.ScalarEvent):
            self._check_tag(event)
            plain = event.style in (None, "")  # PyYAML says None, libyaml says ''
            value = None if plain and event.value in _NULLS else event.value
            self._count(event, 1, len(event.value))
            self._add(value, event.start_mark, event.anchor, (1, len(event.value)))
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._check_tag(event)
            if len(self.stack) >= MAX_DEPTH:
                raise _Reject(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels; "
                                                "no brief needs that much")
            self._count(event, 1, 0)
            container: dict | list = [] if isinstance(event, yaml.SequenceStartEvent) else {}
            path = self._child_path(event.start_mark)
            self.located.values[path] = _pos(event.start_mark)
            self.stack.append(_Frame(container, path, (self.nodes, self.text), event.anchor))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            nodes, text = frame.start
            size = (self.nodes - nodes + 1, self.text - text)
            self._add(frame.container, None, frame.anchor, size, placed=True)
        elif isinstance(event, yaml.AliasEvent):
            if any(frame.anchor == event.anchor for frame in self.stack):
                raise _Reject(event.start_mark, f"alias *{event.anchor} refers to the value "
                                                "that contains it")
            if event.anchor not in self.anchors:
                raise _Reject(event.start_mark, f"alias *{event.anchor} names no anchor")
            value, size = self.anchors[event.anchor]
            self._count(event, *size)
            self._add(value, event.start_mark, None, size)

    def _count(self, event: yaml.Event, nodes: int, text: int) -> None:
        self.nodes += nodes
        self.text += text
        if self.nodes > MAX_NODES:
            raise _Reject(event.start_mark, f"more than {MAX_NODES:,} values (aliases "
                                            "counted as expanded); no brief needs that many")
        if self.text > MAX_TEXT:
            raise _Reject(event.start_mark, f"more than {MAX_TEXT:,} characters of text "
                                            "(aliases counted as expanded); no brief needs "
                                            "that much")

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append((event.start_mark, f"YAML tags such as '{shown}' are not "
                                  "allowed", "remove the tag; every value is read as text"))

    def _child_path(self, mark: Any) -> Path_:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return frame.path + (len(frame.container),)
        if frame.pending_key is None:
            raise _Reject(mark, "a key must be plain text, not a list or a mapping")
        return frame.path + (frame.pending_key,)

    def _add(self, value: Any, mark: Any, anchor: str | None, size: tuple[int, int],
             placed: bool = False) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.located.data = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            if not placed:
                self.located.values[frame.path + (len(frame.container),)] = _pos(mark)
            frame.container.append(value)
        elif frame.pending_key is None:
            self._set_key(frame, value, mark)
        else:
            if frame.pending_key is not _DUPLICATE:
                if not placed:
                    self.located.values[frame.path + (frame.pending_key,)] = _pos(mark)
                frame.container[frame.pending_key] = value
            frame.pending_key = None

    def _set_key(self, frame: _Frame, key: Any, mark: Any) -> None:
        if key is None:
            key = ""
        if not isinstance(key, str):
            raise _Reject(mark, "a key must be plain text, not a list or a mapping")
        key_path = frame.path + (key,)
        if key in frame.container:
            first = self.located.keys[key_path][0] + 1
            self.problems.append((mark, f"duplicate key '{key}' (first set on line {first})",
                                  "keep one of them"))
            key = _DUPLICATE  # read its value, then drop it: the first one is validated
        else:
            self.located.keys[key_path] = _pos(mark)
        frame.pending_key = key


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line, mark.column)


def _problem(path: str, lines: list[str], pos: tuple[int, int] | None, message: str,
             hint: str = "") -> Problem:
    if pos is None:
        return Problem(path, None, None, message, hint)
    line, col = pos
    source = lines[line] if 0 <= line < len(lines) else ""
    return Problem(path, line + 1, col + 1, message, hint, source)


def decode(raw: bytes, path: str) -> str:
    """The text of a YAML file, or a located error for bytes that are not UTF-8 text."""
    if len(raw) > MAX_BYTES:
        raise BriefError.single(path, f"the file is {len(raw):,} bytes; the limit is "
                                      f"{MAX_BYTES:,}", "a brief is a few dozen kilobytes")
    if b"\0" in raw:
        line, col = _byte_position(raw, raw.index(b"\0"))
        raise BriefError.single(path, "this is a binary file, not YAML text",
                                "give the brief's .yaml file", line=line, col=col)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = _byte_position(raw, err.start)
        raise BriefError.single(path, f"byte 0x{raw[err.start]:02X} is not UTF-8 text",
                                "save the file as UTF-8", line=line, col=col) from None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


def read_yaml(text: str, path: str) -> Located:
    """Plain data from YAML text: mappings, lists and text, with positions.

    Raises:
        BriefError: a syntax error, a character YAML forbids, a limit passed.
    """
    lines = text.splitlines()
    forbidden = _forbidden_characters(text, path, lines)
    if forbidden:
        raise BriefError(forbidden)
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
    except yaml.MarkedYAMLError as err:
        pos, message = _syntax_problem(err, lines)
        raise BriefError(_soft_problems(builder, path, lines)
                         + [_problem(path, lines, pos, message)]) from None
    except _Reject as err:
        raise BriefError(_soft_problems(builder, path, lines)
                         + [_problem(path, lines, _pos(err.mark), err.message, err.hint)]
                         ) from None
    builder.located.problems = _soft_problems(builder, path, lines)
    builder.located.name, builder.located.lines = path, lines
    return builder.located


#: What YAML 1.1 and 1.2 allow in a stream: tab, newlines, printable text.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")


def _forbidden_characters(text: str, path: str, lines: list[str]) -> list[Problem]:
    problems = []
    for match in _NOT_PRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start())
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        problems.append(_problem(path, lines, (line, col),
                                 f"control character U+{ord(match.group()):04X} is not "
                                 "allowed in a brief", "delete it"))
        if len(problems) == 10:
            break
    return problems


def _soft_problems(builder: _Builder, path: str, lines: list[str]) -> list[Problem]:
    return [_problem(path, lines, _pos(m), msg, hint) for m, msg, hint in builder.problems]


def _syntax_problem(err: yaml.MarkedYAMLError, lines: list[str]
                    ) -> tuple[tuple[int, int] | None, str]:
    """Where a YAML syntax error is, and what to tell the user about it."""
    mark = err.problem_mark or err.context_mark
    context = err.context or ""
    if "quoted scalar" in context and err.context_mark is not None:
        return _pos(err.context_mark), "the quote opened here is never closed"
    if mark is not None and 0 <= mark.line < len(lines):
        line = lines[mark.line]
        indent = line[:len(line) - len(line.lstrip())]
        if "\t" in indent or line[mark.column:mark.column + 1] == "\t":
            return _pos(mark), "a tab character here; YAML is indented with spaces only"
    text = f"YAML syntax error: {err.problem or 'the YAML cannot be read'}"
    if context:
        text += f" ({context})"
    return (_pos(mark) if mark else None), text


def read_model(path: Path, model: type[M], display: str | None = None,
               check: Callable[[Located, list[str]], list[Problem]] | None = None
               ) -> tuple[M, Located]:
    """A validated model from a YAML file, with the positions of its values.

    Args:
        path: the YAML file.
        model: the model to validate against.
        display: how to name the file in messages; the path when None.
        check: further checks of the plain data, reported with the model's problems.

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
        raise BriefError([_problem(name, lines, (0, 0), "the file is empty",
                                   "start from `policybrief new`")])
    if not isinstance(located.data, dict):
        raise BriefError([_problem(name, lines, located.values.get((), (0, 0)),
                                   "the top level must be a mapping of keys such as title:")])
    problems = list(located.problems)
    if check:
        problems += check(located, lines)
    try:
        result = model.model_validate(located.data)
    except ValidationError as err:
        errors = _without_echoes(err.errors(), model)
        problems += [_problem_from_error(e, located, name, lines, model) for e in errors]
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
        return [_problem(str(path), lines, located.values.get(("theme",)),
                         f"theme: unknown theme '{theme}'", hint)]

    return read_model(path, Brief, check=check_theme)


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
        from importlib import resources
        with resources.as_file(resources.files("policybrief") / "themes" / f"{name}.yaml") as p:
            return read_model(p, Theme, display=f"theme '{name}'")[0]
    return read_model(base / name, Theme)[0]


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


def _nearest(positions: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int, int] | None:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None


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


def _problem_from_error(error: dict, located: Located, name: str, lines: list[str],
                        model: type[BaseModel]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    path = _data_path(located.data, loc)
    given = error.get("input")
    ctx = error.get("ctx", {})
    hint = ""
    pos = _nearest(located.values, path)
    where = path
    if kind == "extra_forbidden":
        key = str(loc[-1])
        pos = located.keys.get(path, pos)
        where = path[:-1]
        message = f"unknown key '{key}'"
        allowed = _allowed_keys(model, loc[:-1])
        hint = _did_you_mean(key, allowed) or ("keys here: " + ", ".join(allowed) if allowed
                                               else "")
    elif kind == "missing":
        message = f"'{loc[-1]}' is required"
    elif kind == "block_kind":
        present = [k for k in BLOCK_KINDS if isinstance(given, dict) and k in given]
        if len(present) > 1:
            message = f"a block names one kind, not {len(present)} ({', '.join(present)})"
        else:
            message = error["msg"]
            if isinstance(given, dict):
                hint = next(filter(None, (_did_you_mean(str(k), list(BLOCK_KINDS))
                                          for k in given if k not in BLOCK_KINDS)), "")
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
        message = (f"is {len(given)} characters long; at most {ctx.get('max_length')} "
                   "fit here")
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
    else:
        message = error["msg"]
    return _problem(name, lines, pos, _with_place(where, message), hint)


def _with_place(path: Path_, message: str) -> str:
    """A message prefixed with where it applies: 'sections > #2 > body > #1: ...'."""
    prefix = " > ".join(f"#{p + 1}" if isinstance(p, int) else p for p in path)
    return f"{prefix}: {message}" if prefix else message


_PATTERN_HINTS = {
    "language": "use a BCP 47 tag such as en, fr or en-GB",
    "year": "write the year with four digits, such as 2021",
    "email": "write an address such as name@example.org",
    "id": "use letters, digits, '-', '_' or '.'",
}


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys of the mapping at `loc`, for "did you mean"."""
    if model is Brief:
        return expected_keys(loc)
    current: Any = model
    for part in loc:
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = field_info.annotation
    return list(getattr(current, "model_fields", {}))


def _without_echoes(errors: list[dict], model: type[BaseModel]) -> list[dict]:
    """Errors less "'x' is required" where an unknown key beside it is a misspelt 'x'.

    Why: `summry:` for `summary:` is one mistake; the "did you mean" line says all of it.
    """
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            close = difflib.get_close_matches(str(loc[-1]), _allowed_keys(model, loc[:-1]),
                                              n=1, cutoff=0.6)
            misspelt |= {(loc[:-1], close[0])} if close else set()
    return [e for e in errors
            if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in misspelt)]


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple, Problem] = {}
    for p in problems:
        seen.setdefault((p.line, p.col, p.message), p)
    return sorted(seen.values(), key=lambda p: (p.line or 0, p.col or 0))
