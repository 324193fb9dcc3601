"""The render context: paper geometry and paragraph styles derived from a theme.

Why: every render function takes one frozen `RenderContext` instead of reaching for globals,
so a build is a pure function of (brief, theme, paper).

The page has a frame between the margins. Body text is set in a column on the right of the
frame whose width gives the theme's `measure` in characters a line; the space on its left is
the rail, where section numbers, finding titles and labels hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from policybrief.model.theme import Theme
from policybrief.render.fonts import font_name
from policybrief.render.hyphenation import word_breaks
from policybrief.render.styles import make_styles
from policybrief.render.tagging import Tag

PAPERS = {"a4": A4, "letter": LETTER}

#: English text of average letter frequencies, to turn a character count into a width.
_SAMPLE = (
    "The relationship between the two countries has been strained for two decades, "
    "and both sides now need a measured, patient approach to rebuild mutual trust."
)
#: Distance of all page furniture from the paper's edge (the quality bar is 18 pt).
EDGE = 36
#: Inset of the cover's text from its panel's edges.
COVER_INSET = 28
#: Space between the rail and the body column.
GUTTER = 16


@dataclass
class Numbering:
    """The numbers handed out as the story is made, in the order it meets what they count.

    Why: figures, tables and citation markers are numbered in story order; each layout starts
    with a fresh Numbering.
    """

    #: Note number of each cited reference, fixed before the story is made.
    citations: dict[str, int] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0
    #: Notes whose first marker has been placed (it carries the anchor notes link back to).
    anchored: set[int] = field(default_factory=set)

    def next_figure(self) -> int:
        self.figures += 1
        return self.figures

    def next_table(self) -> int:
        self.tables += 1
        return self.tables


#: A warning found while making the story: the brief path of the value, and the message.
StoryWarning = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class RenderContext:
    """What every render function needs: theme, geometry, styles, and what one layout fills
    in as it makes the story (numbers, warnings, the structure container it is in)."""

    theme: Theme
    page_width: float
    page_height: float
    frame_width: float
    rail: float
    styles: dict[str, ParagraphStyle]
    folder: Path = Path(".")
    numbering: Numbering = field(default_factory=Numbering)
    warnings: list[StoryWarning] = field(default_factory=list)
    #: What each link inside the brief does, by destination name, for its annotation's
    #: /Contents ("Go to 2. The way out"); notes and their markers are described by rule.
    link_descriptions: dict[str, str] = field(default_factory=dict)
    #: The structure tags of the containers (a list, a table) whose flowables are being made.
    containers: list[Tag] = field(default_factory=list)

    @property
    def body_width(self) -> float:
        return self.frame_width - self.rail

    def cover_panel(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the cover's coloured panel: the upper 60 % of the page."""
        height = (self.page_height - 2 * EDGE) * 0.6
        return EDGE, self.page_height - EDGE - height, self.page_width - 2 * EDGE, height

    @property
    def frame_height(self) -> float:
        """Height of the text frame on pages after the first."""
        return self.page_height - self.theme.margins.top - self.theme.margins.bottom

    def colour(self, name: str):
        return HexColor(getattr(self.theme.colours, name))

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[name]


def cover_text_area(ctx: RenderContext) -> tuple[float, float]:
    """Width and height of the cover panel's text frame."""
    _, _, width, height = ctx.cover_panel()
    return width - 2 * COVER_INSET, height - 2 * COVER_INSET


def make_context(
    theme: Theme,
    paper: str,
    language: str = "en",
    folder: Path = Path("."),
    proper_nouns: frozenset[str] = frozenset(),
) -> RenderContext:
    """Geometry and styles for one theme on one paper size, hyphenating in `language` but
    never `proper_nouns`; images are found relative to `folder`."""
    width, height = PAPERS[paper]
    frame_width = width - theme.margins.inner - theme.margins.outer
    body_font = font_name(theme.body_font)
    char = stringWidth(_SAMPLE, body_font, theme.sizes.body) / len(_SAMPLE)
    rail = max(frame_width - theme.measure * char, 0) + GUTTER
    return RenderContext(
        theme,
        width,
        height,
        frame_width,
        rail,
        make_styles(theme, rail, word_breaks(language, proper_nouns)),
        folder,
    )
