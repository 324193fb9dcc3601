"""A brief's language: the labels we print, and dates, numbers, lists and quotation marks.

Why: every word on the page that the author did not write ("Key takeaways", "Figure 2",
"27 November 2026") must read as a native editor of the brief's language would set it.
Labels come from a message catalogue per language (`catalogues/<language>.toml`, one data
file each; see docs/languages.md), overridden by the brief's `labels:`. Dates, numbers and
list joins come from Babel (CLDR). CLDR's quotation marks are not in Babel, so each
catalogue names its own under `[quotes]`, from CLDR's delimiters.

This package knows no ReportLab and no YAML: the model validates `labels:` against
`LABEL_NAMES`, the renderer asks a `Language` for what it prints.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

#: The catalogue every other is checked against, and falls back to.
SOURCE_LANGUAGE = "en"


@functools.cache
def _catalogue(name: str) -> dict:
    with (
        resources.files("policybrief.language")
        .joinpath(f"catalogues/{name}.toml")
        .open("rb") as file
    ):
        return tomllib.load(file)


def catalogue_names() -> list[str]:
    """The languages with a catalogue: 'en', 'fr', ..."""
    folder = resources.files("policybrief.language").joinpath("catalogues")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


#: Every label a brief may override, with its English text (the `labels:` key's names).
LABEL_NAMES: Mapping[str, str] = _catalogue(SOURCE_LANGUAGE)["labels"]


def primary(tag: str) -> str:
    """The language of a BCP 47 tag: 'fr-CA' -> 'fr'."""
    return tag.replace("_", "-").split("-")[0].lower()


def has_catalogue(tag: str) -> bool:
    return primary(tag) in catalogue_names()


#: A label's field, `{number}`; `{{` and `}}` are literal braces.
_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def label_fields(text: str) -> set[str]:
    """The `{fields}` a label fills in."""
    return {match[1] for match in _FIELD.finditer(text) if match[1]}


def fill(text: str, fields: Mapping[str, object]) -> str:
    """A label with its `{fields}` filled in; `{{`/`}}` print a brace, and anything else in
    braces prints as written (validation refuses fields a label does not have)."""

    def value(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[0][0]
        return str(fields[match[1]]) if match[1] in fields else match[0]

    return _FIELD.sub(value, text)


@dataclass(frozen=True)
class Language:
    """What a brief prints in its language, made by `language_of`."""

    tag: str
    labels: Mapping[str, str]
    quotes: tuple[str, str, str, str]  # opening, closing; the pair inside them
    _babel: str = field(repr=False, default="en_GB")
    #: ; ! ? : and « » set apart by no-break spaces (the catalogue's [typography])
    french_spaces: bool = False

    def label(self, name: str, **fields: object) -> str:
        """The label `name` as plain text, its `{fields}` filled in."""
        return fill(self.labels[name], fields)

    def date(self, day: datetime.date) -> str:
        """'27 November 2026', '27 novembre 2026', its words tied by no-break spaces so that
        no line ends inside it."""
        from babel.dates import format_date

        return " ".join(format_date(day, "long", locale=self._babel).split()).replace(" ", "\u00a0")

    def number(self, value: float, decimals: int | None = None) -> str:
        """A number as the language writes it ('1,300.5', '1 300,5'), with a true minus."""
        from babel.numbers import format_decimal

        pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
        text = format_decimal(value, format=pattern, locale=self._babel)
        return text.replace("-", "\u2212")

    def join(self, items: Sequence[str]) -> str:
        """'A and B', 'A, B and C' in the language ('A et B')."""
        from babel.lists import format_list

        return format_list(list(items), locale=self._babel) if items else ""


#: The Babel locale of a language where its bare tag is not what a brief wants: plain `en`
#: is international English ("27 November 2026"); `en-US` stays American.
_BABEL_LOCALE = {"en": "en_GB"}


def language_of(tag: str, overrides: Mapping[str, str] | None = None) -> Language:
    """The Language for a BCP 47 tag: its catalogue (English where it has none), with the
    brief's `labels:` over it."""
    name = primary(tag)
    source = _catalogue(SOURCE_LANGUAGE)
    found = _catalogue(name) if name in catalogue_names() else source
    labels = {**source["labels"], **found.get("labels", {}), **(overrides or {})}
    quotes = tuple(found.get("quotes", source["quotes"])["marks"])
    babel = _BABEL_LOCALE.get(tag.replace("_", "-").lower(), tag.replace("-", "_"))
    spaces = bool(found.get("typography", {}).get("french_spaces", False))
    return Language(tag, labels, quotes, _babel_locale(babel), spaces)  # type: ignore[arg-type]


def _babel_locale(name: str) -> str:
    """`name` if Babel has data for it, else its language alone, else international English.

    Asks whether the data file is there, without loading it (loading takes 40 ms)."""
    from babel import localedata

    for candidate in (name, name.split("_")[0]):
        if localedata.exists(candidate):
            return candidate
    return "en_GB"
