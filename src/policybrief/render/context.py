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

from policybrief.language import Language, language_of
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
#: Space between the cover's text and the foot of its panel.
COVER_INSET = 28
#: The cover's foot, under its panel (the publisher's name, logo and series), as a share of
#: the page's height.
COVER_FOOT = 0.17
#: Letterspacing of text set in capitals (masthead, running head, cover labels), in ems: a
#: designer's 5-12 %.
CAPS_TRACKING = 0.08
#: Space between the rail and the body column.
GUTTER = 16
#: Numerals in the rail end this far before the body column (the rail's right edge).
RAIL_NUMERALS = 12


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
    #: The brief's language: its labels, dates, numbers and quotation marks.
    language: Language = field(default_factory=lambda: language_of("en"))
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
        """x, y, width, height of the cover's coloured panel, on the trimmed page: from the
        paper's top and side edges (it bleeds) down to the cover's foot."""
        foot = round(self.page_height * COVER_FOOT)
        return 0.0, foot, self.page_width, self.page_height - foot

    @property
    def frame_height(self) -> float:
        """Height of the text frame on pages after the first."""
        return self.page_height - self.theme.margins.top - self.theme.margins.bottom

    def colour(self, name: str):
        return HexColor(getattr(self.theme.colours, name))

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[name]


def cover_text_frame(ctx: RenderContext) -> tuple[float, float, float, float]:
    """x, y, width, height of the text on the cover's panel: between the page's margins,
    from the furniture's distance below the paper's top to COVER_INSET above the panel's foot."""
    m = ctx.theme.margins
    _, y, _, height = ctx.cover_panel()
    bottom = y + COVER_INSET
    return m.inner, bottom, ctx.frame_width, ctx.page_height - EDGE - bottom


def cover_text_area(ctx: RenderContext) -> tuple[float, float]:
    """Width and height of the cover panel's text frame."""
    _, _, width, height = cover_text_frame(ctx)
    return width, height


def cover_panel_third(ctx: RenderContext) -> float:
    """How high above the foot of the cover's text frame the panel's lower third reaches."""
    _, _, _, height = ctx.cover_panel()
    return height / 3 - COVER_INSET


def cover_foot_frame(ctx: RenderContext) -> tuple[float, float, float, float]:
    """x, y, width, height of the cover's foot, under the panel: the publisher's name, logo
    and series, set at the furniture's distance from the paper's foot."""
    _, panel_y, _, _ = ctx.cover_panel()
    return ctx.theme.margins.inner, EDGE, ctx.frame_width, panel_y - EDGE - 20


def make_context(
    theme: Theme,
    paper: str,
    language: str = "en",
    folder: Path = Path("."),
    proper_nouns: frozenset[str] = frozenset(),
    labels: dict[str, str] | None = None,
) -> RenderContext:
    """Geometry and styles for one theme on one paper size, in `language` (its labels with
    the brief's `labels` over them), hyphenating but never `proper_nouns`; images are found
    relative to `folder`."""
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
        language_of(language, labels),
    )
