"""The brief's data model: the single source of truth for the format and its JSON Schema.

Why: one strict pydantic model gives validation with every error at once, field help that
becomes the JSON Schema, and typed data for the renderer. It knows nothing of YAML (see
`load.py`) or of ReportLab (see `render/`).

Blocks are a tagged union on an explicit key: a plain string is a paragraph, and every other
block is a mapping that names its kind by one key (`bullets:`, `quote:`, `findings:` ...).
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
    model_validator,
)

from policybrief.language import LABEL_NAMES
from policybrief.language.catalogue import label_fields
from policybrief.model.evidence import Chart, DataTable, Figure
from policybrief.model.fields import Blocks, IsoDate, Items, Strict, Text, Url, check_text
from policybrief.model.limits import (
    MAX_BRIEF_MARKERS,
    MAX_CARDS,
    MAX_EMAIL_CHARACTERS,
    MAX_REFERENCES,
    MAX_SECTIONS,
    MAX_TEXTS,
    at_most,
    check_box,
    count,
    strings_in,
    too_many,
)
from policybrief.text import MARKERS, count_markers

SCHEMA_VERSION = 1


class BulletList(Strict):
    """A bulleted list."""

    bullets: Items[Text] = Field(
        min_length=1,
        description="The items, one line of text each.",
        examples=[["First point", "Second point"]],
    )


class NumberedList(Strict):
    """A numbered list."""

    numbered: Items[Text] = Field(
        min_length=1,
        description="The items, numbered 1, 2, 3...",
        examples=[["First step", "Second step"]],
    )


class Boxed(Strict):
    """Base of the blocks set in a box: their words are counted before they are checked.

    Why: ReportLab splits a box across pages by laying out all that is left of it again
    on each page, so a box's size is bounded (see model/limits.py), not only its texts'.
    """

    box_name: ClassVar[str]
    #: Whether its paragraphs and items are counted too (a callout holds several).
    box_counts_texts: ClassVar[bool] = False

    @model_validator(mode="before")
    @classmethod
    def _bounded_box(cls, data: Any) -> Any:
        return check_box(data, cls.box_name, texts=cls.box_counts_texts)


class PullQuote(Boxed):
    """A quotation set large, with its speaker. Quote only what a source says, verbatim."""

    box_name: ClassVar[str] = "a quote"

    quote: Text = Field(
        examples=["Words exactly as the source printed them"],
        description="The words quoted, exactly as the source prints them.",
    )
    by: Text | None = Field(None, description="Who said it.", examples=["Ryan Crocker"])
    role: Text | None = Field(
        None,
        description="The speaker's role, printed after the name.",
        examples=["former U.S. Ambassador to Afghanistan"],
    )


Inner = Annotated[
    Annotated[Text, Tag("Paragraph")]
    | Annotated[BulletList, Tag("BulletList")]
    | Annotated[NumberedList, Tag("NumberedList")],
    Discriminator(
        lambda v: _block_tag(v, ("bullets", "numbered")),
        custom_error_type="block_kind",
        custom_error_message="a callout holds text, bullets or numbered lists",
    ),
]


class Callout(Boxed):
    """A titled box set apart from the text: a sidebar, a definition, a case."""

    box_name: ClassVar[str] = "a callout"
    box_counts_texts: ClassVar[bool] = True

    callout: Text = Field(description="The box's title.", examples=["What the Taliban want"])
    body: Blocks[Inner] = Field(
        examples=[["A paragraph in the box.", {"bullets": ["A point"]}]],
        min_length=1,
        description="Paragraphs and lists inside the box.",
    )


class Finding(Boxed):
    """One finding: a short title and the text that explains it."""

    box_name: ClassVar[str] = "a finding"

    title: Text = Field(
        examples=["Errors point at lines"], description="The finding in a few words."
    )
    text: Text = Field(
        examples=["Every mistake is reported with its line and column."],
        description="The explanation.",
    )


class Findings(Strict):
    """Titled findings, set as a sequence of labelled items (causes, lessons, risks)."""

    findings: Annotated[
        list[Finding], BeforeValidator(at_most(MAX_CARDS, "a findings block", "finding"))
    ] = Field(
        max_length=MAX_CARDS,
        examples=[[{"title": "A finding", "text": "What it means."}]],
        min_length=1,
        description="The findings, in order.",
    )


class Recommendation(Boxed):
    """One numbered measure, with the actors it asks to act."""

    box_name: ClassVar[str] = "a recommendation"

    title: Text = Field(examples=["Engage as equals"], description="The measure in a few words.")
    text: Text = Field(
        examples=["What should be done, by whom, and why."], description="What it means and why."
    )
    actors: Items[Text] = Field(
        min_length=1, description="Who must act on it.", examples=[["United States", "Pakistan"]]
    )


class Recommendations(Strict):
    """Numbered recommendations, set as cards."""

    recommendations: Annotated[
        list[Recommendation],
        BeforeValidator(at_most(MAX_CARDS, "a recommendations block", "recommendation")),
    ] = Field(
        max_length=MAX_CARDS,
        examples=[[{"title": "A measure", "text": "Why.", "actors": ["Government"]}]],
        min_length=1,
        description="The measures, in order.",
    )


#: Every typed block kind, keyed by the key that names it in YAML.
BLOCK_KINDS: dict[str, type[Strict]] = {
    "bullets": BulletList,
    "numbered": NumberedList,
    "quote": PullQuote,
    "callout": Callout,
    "findings": Findings,
    "recommendations": Recommendations,
    "figure": Figure,
    "chart": Chart,
    "table": DataTable,
}


def _block_tag(value: Any, kinds: typing.Iterable[str] = BLOCK_KINDS) -> str | None:
    """The union tag of a block: 'Paragraph' for text, else the class its kind key names."""
    if isinstance(value, str):
        return "Paragraph"
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        present = [key for key in kinds if key in value]
        if len(present) == 1:
            return BLOCK_KINDS[present[0]].__name__
    return None


Block = Annotated[
    Union[
        Annotated[Text, Tag("Paragraph")],
        *(Annotated[cls, Tag(cls.__name__)] for cls in BLOCK_KINDS.values()),
    ],
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="a block is text (a paragraph) or a mapping with exactly "
        "one of the keys: " + ", ".join(BLOCK_KINDS),
    ),
]

#: Union tags that stand for a block class in validation error locations.
TAGGED_TYPES: dict[str, Any] = {cls.__name__: cls for cls in BLOCK_KINDS.values()}
TAGGED_TYPES["Paragraph"] = str


#: An email address: no spaces, quotes, brackets or Markdown characters.
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s\"'<>()\[\]*\\,;:]+@"
        r"[^@\s\"'<>()\[\]*\\,;:]+\.[A-Za-z]{2,}$",
        max_length=MAX_EMAIL_CHARACTERS,
    ),
    AfterValidator(check_text),
]


class Author(Strict):
    """One author, named on page 1 and on the back page."""

    name: Text = Field(
        examples=["Ada Example"],
        max_length=120,
        description="The author's name as it should be printed.",
    )
    affiliation: Text = Field(
        examples=["Example Institute"], max_length=200, description="Institution or role."
    )
    email: Email | None = Field(
        None,
        description="A contact address, printed on the back page.",
        examples=["name@example.org"],
    )


class Organization(Strict):
    """The publisher of the brief."""

    name: Text = Field(
        examples=["Example Institute"], max_length=120, description="The publisher of the brief."
    )
    url: Url | None = Field(None, description="The publisher's web site.")
    about: Text | None = Field(
        None, description="A paragraph about the publisher, for the back page."
    )
    logo: str | None = Field(None, description="Path to a logo image, relative to the brief.")


class Source(Strict):
    """The work the brief distils, credited on page 1 and in the citation."""

    title: Text = Field(
        examples=["The Widening Gap Between the U.S. and Pakistan"],
        description="Title of the source work.",
    )
    publisher: Text = Field(examples=["Four Rounds"], description="Who published it.")
    year: str = Field(pattern=r"^\d{4}$", description="Year of publication.", examples=["2021"])
    url: Url | None = Field(None, description="Where to read it. Leave out when not known.")


class Section(Strict):
    """A numbered section of the body."""

    heading: Text = Field(
        examples=["Background"],
        max_length=200,
        description="The section heading; sections are numbered for you.",
    )
    body: Blocks[Block] = Field(
        examples=[["A paragraph.", {"bullets": ["A point"]}]],
        min_length=1,
        description="The section's blocks, in order.",
    )


class Reference(Strict):
    """A source, listed as a numbered note on the back page."""

    id: str = Field(
        examples=["article"],
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="A short name the text uses to cite this reference.",
    )
    text: Text = Field(
        examples=["Title of the work, Publisher, 2021."],
        description="The reference as printed in the notes.",
    )
    url: Url | None = Field(None, description="A live link to the work.")


def _fields_of(name: str):
    """A check that a brief's label fills in only the fields of the English one."""
    allowed = label_fields(LABEL_NAMES[name])

    def check(text: str) -> str:
        unknown = sorted(label_fields(text) - allowed)
        if unknown:
            have = ", ".join(f"{{{f}}}" for f in sorted(allowed)) or "none"
            raise ValueError(
                f"{{{unknown[0]}}} is not a field of this label (its fields: {have}; "
                "write {{ and }} for a brace)"
            )
        return text

    return check


#: The `labels:` key: any label we print, by name, in the brief's own words. Its fields are
#: the English catalogue's names, so a misspelt name gets "did you mean" like any key.
Labels = create_model(
    "Labels",
    __base__=Strict,
    __doc__="Labels printed in place of the language's own, by name.",
    **{
        name: (
            Annotated[Text, AfterValidator(_fields_of(name))] | None,
            Field(None, max_length=120, description=f'Replaces "{english}".'),
        )
        for name, english in LABEL_NAMES.items()
    },
)


class Brief(Strict):
    """A policy brief, schema version 1."""

    title: Text = Field(
        examples=["Bridging the U.S.–Pakistan Divide"],
        max_length=200,
        description="The brief's title.",
    )
    subtitle: Text | None = Field(
        None, max_length=300, description="A one-line dek under the title."
    )
    short_title: Text | None = Field(
        None,
        max_length=80,
        description="The running head's title: a short form of the title, printed at the "
        "head of every page after the first. Left out, the title is cut at a word to fit.",
        examples=["Bridging the U.S.–Pakistan Divide"],
    )
    series: Text | None = Field(
        None,
        max_length=80,
        description="The series the brief belongs to.",
        examples=["Policy Brief"],
    )
    number: Text | None = Field(
        None, max_length=20, description="Issue number in the series.", examples=["12"]
    )
    date: IsoDate = Field(
        description="Publication date, ISO format (YYYY-MM-DD).", examples=["2021-09-20"]
    )
    language: str = Field(
        "en",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="BCP 47 language tag of the text.",
        examples=["en-GB"],
    )
    labels: Labels | None = Field(  # type: ignore[valid-type]
        None,
        description="Printed labels in your own words, by name: `summary: Executive "
        "summary`. {name} in a label is filled in (`figure: Fig. {number}`).",
        examples=[{"summary": "Executive summary"}],
    )
    authors: Items[Author] = Field(
        examples=[{"name": "Ada Example", "affiliation": "Example Institute"}],
        default_factory=list,
        description="The authors, in order.",
    )
    organization: Organization | None = Field(None, description="The publisher.")
    source: Source | None = Field(None, description="The work this brief distils.")
    summary: list[Text] = Field(
        examples=[["The first point a busy reader must remember."]],
        min_length=1,
        max_length=7,
        description="Key takeaways for the box on page 1: 1 to 7 short items.",
    )
    sections: Annotated[
        list[Section], BeforeValidator(at_most(MAX_SECTIONS, "a brief", "section"))
    ] = Field(
        max_length=MAX_SECTIONS,
        examples=[[{"heading": "Background", "body": ["A paragraph."]}]],
        min_length=1,
        description="The body, in order.",
    )
    conclusion: Blocks[Block] = Field(
        examples=[["The closing paragraph."]], default_factory=list, description="Closing blocks."
    )
    references: Annotated[
        list[Reference], BeforeValidator(at_most(MAX_REFERENCES, "a brief", "reference"))
    ] = Field(
        max_length=MAX_REFERENCES,
        examples=[[{"id": "article", "text": "Title, Publisher, 2021."}]],
        default_factory=list,
        description="Sources listed as notes at the back.",
    )
    about: Text | None = Field(None, description="About this brief, for the back page.")
    disclaimer: Text | None = Field(None, description="Disclaimer for the back page.")
    citation: Text | None = Field(None, description="Suggested citation; generated when left out.")
    contact: Text | None = Field(None, description="Contact line for the back page.")
    theme: str = Field(
        "institute",
        description="A built-in theme name or a theme file.",
        examples=["institute", "modern", "monochrome", "mytheme.yaml"],
    )
    paper: Literal["a4", "letter"] = Field("a4", description="Paper size.")

    @model_validator(mode="before")
    @classmethod
    def _bounded_in_all(cls, data: Any) -> Any:
        """The whole brief's texts and markup, counted before any of it is checked.

        Why: each list and text has its own limit, but many of them together would still
        keep a build busy for minutes; counting is one pass over the plain data.
        """
        texts, markers = _count_texts(data)
        if texts > MAX_TEXTS:
            raise ValueError(
                too_many("a brief", MAX_TEXTS, texts, "text")
                + " (every paragraph, item, title, cell and other value counts; "
                "split it into several briefs)"
            )
        if markers > MAX_BRIEF_MARKERS:
            raise ValueError(
                f"a brief may have at most {count(MAX_BRIEF_MARKERS, 'markup character')} "
                f"({' '.join(MARKERS)}) in all; this one has {markers:,} (escape literal "
                "ones with a backslash, or split it into several briefs)"
            )
        return data


def _count_texts(data: Any) -> tuple[int, int]:
    """How many strings the plain data holds (keys aside), and their markup characters."""
    texts = markers = 0
    for value in strings_in(data):
        texts += 1
        markers += count_markers(value)
    return texts, markers


def _unwrap(annotation: Any) -> Any:
    """The type inside Annotated[...] and Optional[...] wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def expected_keys(
    location: tuple[str | int, ...], root: type[BaseModel] | None = None
) -> list[str]:
    """The keys allowed in the mapping at a validation error location, for "did you mean".

    Args:
        location: a pydantic error location, union tags included, up to the mapping.
        root: the model validated (a brief by default; a theme, for theme files).
    """
    current: Any = root or Brief
    for part in location:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return []
            current = typing.get_args(current)[0]
        elif part in TAGGED_TYPES:
            current = TAGGED_TYPES[part]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def brief_schema() -> dict[str, Any]:
    """The JSON Schema of the format, derived from `Brief`, for editors and validators."""
    schema = Brief.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policybrief.invalid/schema/brief-1.json",
        "title": f"policybrief brief, schema version {SCHEMA_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }
