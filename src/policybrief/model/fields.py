"""The value types of the format: checked text, addresses, dates, and the strict base model.

Why: every model module (the brief, its evidence blocks) shares these, and they carry the
checks that make a value printable: not blank, only web links, drawable by the fonts.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from policybrief.model.limits import (
    MAX_BLOCKS,
    MAX_CHARACTERS,
    MAX_LIST_ITEMS,
    MAX_MARKERS,
    MAX_MARKUP_DEPTH,
    MAX_URL_CHARACTERS,
    MAX_WORDS,
    at_most,
    count,
    too_many,
)
from policybrief.text import (
    MARKERS,
    ascii_uri,
    count_markers,
    find_text_problems,
    is_web_link,
    markup_depth,
)

#: Characters every cut that sets user text can draw, as ranges; kept current by
#: `make coverage` (a test checks it against the font files).
COVERAGE_FILE = "coverage.txt"
#: What the bundled fonts draw, in words, for the message that refuses the rest.
SCRIPTS_COVERED = "Latin, Greek, Cyrillic, Arabic script (Urdu too) and Devanagari"


@cache
def drawable_characters() -> frozenset[int]:
    """Code points that every bundled cut can draw, itself or through the fonts that fall back
    for it (read from the coverage file).

    Why: the model refuses text the fonts cannot draw, with its location, instead of the PDF
    showing empty boxes; reading a small file keeps ReportLab out of validation.
    """
    text = (resources.files("policybrief") / "fonts" / COVERAGE_FILE).read_text("ascii")
    points: set[int] = set()
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


class FieldError(ValueError):
    """A model check that failed at a value inside the model, named by its path from there.

    Why: a check across fields (a series as long as the categories) belongs to the whole
    block, but the user should be pointed at the value that is wrong.
    """

    def __init__(self, path: tuple[str | int, ...], message: str, hint: str = ""):
        super().__init__(message)
        self.path, self.hint = path, hint


class FieldErrors(ValueError):
    """Every failed check of one model, so that all of them are reported at once."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class UndrawableCharacter(ValueError):
    """Text holds a character no bundled font can draw; `char` says which."""

    def __init__(self, char: str):
        self.char = char
        name = unicodedata.name(char, "unnamed character")
        super().__init__(
            f"the bundled fonts cannot draw '{char}' (U+{ord(char):04X} {name}); "
            f"they cover {SCRIPTS_COVERED}"
        )


def check_text(value: str) -> str:
    """Text that is not blank, within the limits, has only web links, and can be drawn;
    composed (NFC)."""
    if not value.strip():
        raise ValueError("must not be empty")
    too_big = size_problem(value)
    if too_big:
        raise ValueError(too_big)  # before parsing: that is the work the limits bound
    problems = find_text_problems(value)
    depth = markup_depth(value)
    if depth > MAX_MARKUP_DEPTH:
        problems.append(
            f"markup may nest at most {MAX_MARKUP_DEPTH} deep (*emphasis*, **strong** and "
            f"[links] inside one another); this text nests {depth} deep"
        )
    if problems:
        raise ValueError("; ".join(problems))
    value = unicodedata.normalize("NFC", value)
    if not set(value) <= _drawable():
        raise UndrawableCharacter(next(c for c in value if c not in _drawable()))
    return value


def size_problem(text: str) -> str | None:
    """What makes a text too big to parse and set, or None, found without parsing it.

    Why: the parser's and the layout's work grow with a text's characters, words and
    markup characters; counting them costs a few passes of C code.
    """
    if len(text) > MAX_CHARACTERS:
        return too_many("a text", MAX_CHARACTERS, len(text), "character") + SPLIT_IT
    words = len(text.split())
    if words > MAX_WORDS:
        return too_many("a text", MAX_WORDS, words, "word") + SPLIT_IT
    markers = count_markers(text)
    if markers > MAX_MARKERS:
        return (
            f"a text may have at most {count(MAX_MARKERS, 'markup character')} "
            f"({' '.join(MARKERS)}); this one has {markers:,} (escape literal ones "
            "with a backslash, or split the text)"
        )
    return None


SPLIT_IT = " (split it into paragraphs)"


@cache
def _drawable() -> frozenset[str]:
    """The characters text may hold: what the fonts draw, and the whitespace YAML keeps."""
    return frozenset(map(chr, drawable_characters())) | frozenset("\n\r\t")


def _check_url(value: str) -> str:
    if len(value) > MAX_URL_CHARACTERS:  # before the checks that walk it
        raise ValueError(too_many("a web address", MAX_URL_CHARACTERS, len(value), "character"))
    if value != value.strip() or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError("a web address has no spaces or control characters")
    if not is_web_link(value):
        raise ValueError("must be a web address starting with http:// or https://")
    written = len(ascii_uri(value))
    if written > MAX_URL_CHARACTERS:
        raise ValueError(
            too_many("a web address", MAX_URL_CHARACTERS, written, "character")
            + " once its non-ASCII characters are percent-encoded"
        )
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: Any) -> Any:
    """Only ISO dates: pydantic alone would read a number as a Unix timestamp."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD, such as 2021-09-20")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"'{value}' is not a valid date ({err})") from None


#: User text with the inline Markdown subset: *emphasis*, **strong**, [links](https://...).
Text = Annotated[
    str,
    AfterValidator(check_text),
    # For editors: the JSON Schema refuses blank text too (the check above says it better).
    Field(json_schema_extra={"pattern": r"\S"}),
]
Url = Annotated[str, AfterValidator(_check_url)]
IsoDate = Annotated[datetime.date, BeforeValidator(_parse_date)]

Item = TypeVar("Item")
#: A list of at most MAX_LIST_ITEMS, its length checked before its items: `Items[Text]`.
Items = Annotated[
    list[Item],
    BeforeValidator(at_most(MAX_LIST_ITEMS, "a list", "item")),
    Field(max_length=MAX_LIST_ITEMS),
]
#: A body's blocks, at most MAX_BLOCKS, their number checked before they are: `Blocks[Block]`.
Blocks = Annotated[
    list[Item],
    BeforeValidator(at_most(MAX_BLOCKS, "a body", "block")),
    Field(max_length=MAX_BLOCKS),
]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
