"""Every limit on what a brief may hold, in one place, and the words that name them.

Why: a build's work grows with its input, so every input that can grow is bounded, far above
any real brief and far below what would keep a build busy for minutes. The model checks each
limit before the work it bounds (a list's length before its items, a text's size and markup
before it is parsed), and every message names the limit and the value that passed it.

The loader caps the file itself (see `load/reader.py`); these limits assume a file of at
most 2,000,000 bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

#: Items in any one list: bullets, numbered steps, findings, recommendations, actors, authors,
#: a callout's list.
MAX_LIST_ITEMS = 10_000
#: Findings or recommendations in one block: each is a box of its own, the costliest item.
MAX_CARDS = 1_000
#: Blocks in one body: a section's, the conclusion, a callout's.
MAX_BLOCKS = 10_000
#: Sections of a brief.
MAX_SECTIONS = 1_000
#: References (notes) of a brief.
MAX_REFERENCES = 2_000
#: Words in one text (a paragraph, an item, a title): more is not a paragraph but a chapter.
#: ReportLab breaks a paragraph's remaining lines again on every page it runs onto, so one
#: text costs time with the square of its length: 10,000 words (20 pages) take about a second.
MAX_WORDS = 10_000
#: Characters in one text: 10,000 words of a dozen letters; bounds text without spaces too.
MAX_CHARACTERS = 125_000
#: Characters that may be markup (`*`, `_`, `[`, `]`) in one text: each emphasis is a run of
#: its own in ReportLab's line breaking, which it repeats on every page of the paragraph.
MAX_MARKERS = 5_000
#: Words in one box (a callout with all its texts, a quote, a finding, a recommendation):
#: a box is split across pages by laying out all that is left of it again on each page.
MAX_BOX_WORDS = 2_000
#: Paragraphs and list items in one callout, for the same reason.
MAX_BOX_TEXTS = 200
#: Markup characters in a whole brief: each emphasis costs ReportLab a fifth of a millisecond.
MAX_BRIEF_MARKERS = 50_000
#: Texts in a whole brief (every string value): about a millisecond of layout each.
MAX_TEXTS = 15_000
#: *emphasis*, **strong** and [links] inside one another, at most this deep.
MAX_MARKUP_DEPTH = 20
#: Rows of one table (it has at most 8 columns).
MAX_TABLE_ROWS = 1_000
#: The largest size of a chart value, and of a stacked bar's total, either side of zero.
MAX_CHART_VALUE = 1e15
#: Characters of a web address, written as ASCII (non-ASCII characters percent-encoded):
#: ReportLab's QR code of the source's address holds 2,213 at the error level it uses (M).
MAX_URL_CHARACTERS = 2_000
#: Characters of an email address (RFC 5321's 254).
MAX_EMAIL_CHARACTERS = 254


def count(number: int, noun: str) -> str:
    """'1 item', '30,000 items'; nouns ending in y take -ies."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number:,} {noun if number == 1 else plural}"


def too_many(what: str, limit: int, number: int, noun: str) -> str:
    """'a list may have at most 10,000 items; this one has 30,000'."""
    return f"{what} may have at most {count(limit, noun)}; this one has {number:,}"


def at_most(limit: int, what: str, noun: str) -> Callable[[Any], Any]:
    """A before-validator that refuses a list longer than `limit`, before its items are
    validated: 30,000 items are not checked one by one only to be refused."""

    def check(value: Any) -> Any:
        if isinstance(value, (list, tuple)) and len(value) > limit:
            raise ValueError(too_many(what, limit, len(value), noun))
        return value

    return check


def strings_in(data: Any) -> Iterator[str]:
    """Every string value in plain loaded data (mapping keys aside), before it is checked."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def check_box(data: Any, what: str, *, texts: bool = False) -> Any:
    """A box's plain data, once its words (and with `texts` its paragraphs and items) are
    counted, before any of it is checked."""
    strings = list(strings_in(data))
    if texts and len(strings) - 1 > MAX_BOX_TEXTS:  # the box's title aside
        raise ValueError(
            f"{what} may hold at most {MAX_BOX_TEXTS} paragraphs and list items; this one "
            f"has {len(strings) - 1:,} (set a long passage as text, outside the box)"
        )
    words = sum(len(s.split()) for s in strings)
    if words > MAX_BOX_WORDS:
        raise ValueError(
            too_many(what, MAX_BOX_WORDS, words, "word")
            + " (a box should fit on a page or two: shorten it, or set the rest as text)"
        )
    return data
