"""YAML text -> plain data, with the line and column of every value and key.

Why: PyYAML's own constructors guess types (YAML 1.1 reads `NO` as false and `2021-09-01` as a
date), build arbitrary objects from tags and expand aliases without limit. We read the parser's
event stream instead and build plain data ourselves: every scalar stays text, tags are refused,
duplicate keys are errors, and size, depth, node count and text are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from policybrief.errors import BriefError, Problem

#: Limits far above any real brief; they bound the work a hostile file can cause.
MAX_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000
#: Characters of text once aliases are expanded: bounds the work an alias of a long text makes.
MAX_TEXT = 4_000_000

_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
#: Stands for the key of a duplicate entry, whose value is read and dropped.
_DUPLICATE = "\0duplicate"
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


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
        return make_problem(
            self.name, self.lines, nearest(self.values, path), with_place(path, message), hint
        )


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
                raise _Reject(
                    event.start_mark,
                    "a brief is one YAML document; remove the second '---' and what follows it",
                )
        elif isinstance(event, yaml.ScalarEvent):
            self._check_tag(event)
            plain = event.style in (None, "")  # PyYAML says None, libyaml says ''
            value = None if plain and event.value in _NULLS else event.value
            self._count(event, 1, len(event.value))
            self._add(value, event.start_mark, event.anchor, (1, len(event.value)))
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._check_tag(event)
            if len(self.stack) >= MAX_DEPTH:
                raise _Reject(
                    event.start_mark,
                    f"nesting deeper than {MAX_DEPTH} levels; no brief needs that much",
                )
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
                raise _Reject(
                    event.start_mark, f"alias *{event.anchor} refers to the value that contains it"
                )
            if event.anchor not in self.anchors:
                raise _Reject(event.start_mark, f"alias *{event.anchor} names no anchor")
            value, size = self.anchors[event.anchor]
            self._count(event, *size)
            self._add(value, event.start_mark, None, size)

    def _count(self, event: yaml.Event, nodes: int, text: int) -> None:
        self.nodes += nodes
        self.text += text
        if self.nodes > MAX_NODES:
            raise _Reject(
                event.start_mark,
                f"more than {MAX_NODES:,} values (aliases "
                "counted as expanded); no brief needs that many",
            )
        if self.text > MAX_TEXT:
            raise _Reject(
                event.start_mark,
                f"more than {MAX_TEXT:,} characters of text "
                "(aliases counted as expanded); no brief needs "
                "that much",
            )

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                (
                    event.start_mark,
                    f"YAML tags such as '{shown}' are not allowed",
                    "remove the tag; every value is read as text",
                )
            )

    def _child_path(self, mark: Any) -> Path_:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return frame.path + (len(frame.container),)
        if frame.pending_key is None:
            raise _Reject(mark, "a key must be plain text, not a list or a mapping")
        return frame.path + (frame.pending_key,)

    def _add(
        self, value: Any, mark: Any, anchor: str | None, size: tuple[int, int], placed: bool = False
    ) -> None:
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
            self.problems.append(
                (mark, f"duplicate key '{key}' (first set on line {first})", "keep one of them")
            )
            key = _DUPLICATE  # read its value, then drop it: the first one is validated
        else:
            self.located.keys[key_path] = _pos(mark)
        frame.pending_key = key


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line, mark.column)


def make_problem(
    path: str, lines: list[str], pos: tuple[int, int] | None, message: str, hint: str = ""
) -> Problem:
    if pos is None:
        return Problem(path, None, None, message, hint)
    line, col = pos
    source = lines[line] if 0 <= line < len(lines) else ""
    return Problem(path, line + 1, col + 1, message, hint, source)


def decode(raw: bytes, path: str) -> str:
    """The text of a YAML file, or a located error for bytes that are not UTF-8 text.

    The file's size is bounded (by `MAX_BYTES`) where it is read, before a byte is read.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise BriefError.single(
            path,
            "the file is saved as UTF-16; policybrief reads UTF-8",
            "save it as UTF-8; most editors offer it under Save with Encoding",
        )
    if b"\0" in raw:
        line, col = _byte_position(raw, raw.index(b"\0"))
        raise BriefError.single(
            path,
            "this is a binary file, not YAML text",
            "give the brief's .yaml file",
            line=line,
            col=col,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, col = _byte_position(raw, err.start)
        raise BriefError.single(
            path,
            f"byte 0x{raw[err.start]:02X} is not UTF-8 text",
            "save the file as UTF-8",
            line=line,
            col=col,
        ) from None


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: ASCII text with a NUL beside every letter."""
    head = raw[:200]
    half = len(head) // 4
    return len(head) >= 4 and (head[1::2].count(0) > half or head[0::2].count(0) > half)


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
        raise BriefError(
            _soft_problems(builder, path, lines) + [make_problem(path, lines, pos, message)]
        ) from None
    except _Reject as err:
        raise BriefError(
            _soft_problems(builder, path, lines)
            + [make_problem(path, lines, _pos(err.mark), err.message, err.hint)]
        ) from None
    builder.located.problems = _soft_problems(builder, path, lines)
    builder.located.name, builder.located.lines = path, lines
    return builder.located


#: What YAML 1.1 and 1.2 allow in a stream: tab, newlines, printable text.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _forbidden_characters(text: str, path: str, lines: list[str]) -> list[Problem]:
    problems = []
    for match in _NOT_PRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start())
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        problems.append(
            make_problem(
                path,
                lines,
                (line, col),
                f"control character U+{ord(match.group()):04X} is not allowed in a brief",
                "delete it",
            )
        )
        if len(problems) == 10:
            break
    return problems


def _soft_problems(builder: _Builder, path: str, lines: list[str]) -> list[Problem]:
    return [make_problem(path, lines, _pos(m), msg, hint) for m, msg, hint in builder.problems]


def _syntax_problem(
    err: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[tuple[int, int] | None, str]:
    """Where a YAML syntax error is, and what to tell the user about it."""
    mark = err.problem_mark or err.context_mark
    context = err.context or ""
    if "quoted scalar" in context and _ESCAPE_PROBLEM.search(err.problem or ""):
        return _backslash_before(err.problem_mark or err.context_mark, lines), _bad_escape(
            err.problem or ""
        )
    if "quoted scalar" in context and err.context_mark is not None:
        return _pos(err.context_mark), "the quote opened here is never closed"
    if mark is not None and 0 <= mark.line < len(lines):
        line = lines[mark.line]
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent or line[mark.column : mark.column + 1] == "\t":
            return _pos(mark), "a tab character here; YAML is indented with spaces only"
    text = f"YAML syntax error: {err.problem or 'the YAML cannot be read'}"
    if context:
        text += f" ({context})"
    return (_pos(mark) if mark else None), text


#: The scanners' words (libyaml's and PyYAML's) for a backslash that starts no escape.
_ESCAPE_PROBLEM = re.compile(r"escape|hexdecimal|hexadecimal")


def _backslash_before(mark, lines: list[str]) -> tuple[int, int]:
    """The backslash that starts the escape the scanner stopped in (it stops past it)."""
    line, col = mark.line, mark.column
    if 0 <= line < len(lines):
        start = lines[line].rfind("\\", 0, col + 1)
        if start >= 0:
            return line, start
    return line, col


def _bad_escape(problem: str) -> str:
    """What to say of a backslash in double quotes that is not a YAML escape.

    Why: the usual cause is a Windows path ("C:\\Users\\...") or a pasted surrogate
    ("\\ud83d"); the scanner's own words ("expected escape sequence of 8 hexadecimal
    numbers") and the quote's position say neither.
    """
    if "Unicode character" in problem:
        return (
            "this \\u escape is half of a surrogate pair, not a character; "
            "write the character itself, or its \\U0001XXXX escape"
        )
    return (
        "a backslash inside double quotes starts an escape such as \\n; for a Windows path "
        "or a literal backslash, use single quotes ('C:\\Users') or write \\\\"
    )


def nearest(positions: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int, int] | None:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None


def with_place(path: Path_, message: str) -> str:
    """A message prefixed with where it applies: 'sections > #2 > body > #1: ...'."""
    prefix = " > ".join(f"#{p + 1}" if isinstance(p, int) else p for p in path)
    return f"{prefix}: {message}" if prefix else message
