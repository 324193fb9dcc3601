"""The theme model: fonts, type sizes, colours and page margins a brief is set in.

Why: the look of a brief is data, not code. Built-in themes are YAML files in
`policybrief/themes/` read by `load.themes.load_theme`; a user's theme file is read the same way and
checked by this model, so a typo in a theme gets a located error like a typo in a brief.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from policybrief.model.fields import Strict

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
#: The theme of a brief that names none, and the one a theme file extends by default.
DEFAULT_THEME = "institute"
#: A brief with this many sections or more is long enough for a table of contents.
LONG_BRIEF_SECTIONS = 6
FontFamily = Literal["serif", "sans"]


class Colours(Strict):
    text: Colour = Field("#1A1A1A", description="Body text.")
    muted: Colour = Field("#4D4D4D", description="Secondary text: dek, captions, byline.")
    accent: Colour = Field("#123C69", description="Headings, numbers, rules.")
    accent_text: Colour = Field("#FFFFFF", description="Text set on the accent colour.")
    tint: Colour = Field("#EDF1F6", description="Background of boxes and cards.")
    rule: Colour = Field("#B8C3D1", description="Hairlines.")
    link: Colour = Field("#123C69", description="Live links.")


class Sizes(Strict):
    """Type sizes in points; lines are spaced at least 1.1 times their size."""

    body: float = Field(10.5, ge=7, le=14, description="Body text size in points.")
    leading: float = Field(15, ge=8, le=22, description="Body line spacing in points.")
    title: float = Field(26, ge=14, le=48, description="Title size on page 1.")
    heading: float = Field(17, ge=10, le=28, description="Section heading size.")
    small: float = Field(8.5, ge=6, le=11, description="Captions, notes, page furniture.")

    @model_validator(mode="after")
    def _leading_clears_the_type(self) -> Sizes:
        if self.leading < self.body * 1.1:
            raise ValueError(
                f"leading {self.leading} is less than 1.1 times the body size "
                f"{self.body}: lines would collide"
            )
        return self


class Margins(Strict):
    """Page margins in points; the body measure is what remains."""

    top: float = Field(62, ge=36, le=160)
    bottom: float = Field(62, ge=36, le=160)
    inner: float = Field(84, ge=36, le=130, description="Left margin.")
    outer: float = Field(84, ge=36, le=130, description="Right margin.")


class Theme(Strict):
    """How a brief looks.

    A theme file names a built-in theme to start from (`extends: institute`, the default) and
    overrides only what it names; see `load.load_theme`.
    """

    name: str = Field(description="The theme's name.")
    description: str = Field("", description="One line shown by `policybrief themes`.")
    body_font: FontFamily = Field("serif", description="Family of the body text.")
    heading_font: FontFamily = Field("sans", description="Family of headings and labels.")
    measure: int = Field(
        66,
        ge=55,
        le=75,
        description="Characters a body line holds; the text column is sized to fit them.",
    )
    cover: bool = Field(False, description="Start with a full cover page.")
    masthead: Literal["band", "rule"] = Field(
        "band",
        description="Page 1's masthead: a band of the accent colour, or (for printers "
        "that should spare toner) its words over an accent rule.",
    )
    contents: Literal["auto", "always", "never"] = Field(
        "auto",
        description="A table of contents on page 1: always, never, or (auto) when "
        f"the brief has {LONG_BRIEF_SECTIONS} sections or more.",
    )
    colours: Colours = Field(default_factory=Colours)
    chart: list[Colour] = Field(
        ["#0E2F52", "#4F7CAC", "#9DBCDB", "#E1EAF3"],
        min_length=4,
        max_length=4,
        description="The chart palette, dark to light: "
        "far apart in lightness, so series read in grayscale too.",
    )
    sizes: Sizes = Field(default_factory=Sizes)
    margins: Margins = Field(default_factory=Margins)


def builtin_theme_names() -> list[str]:
    """The names of the themes shipped in the package."""
    folder = resources.files("policybrief") / "themes"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )
