"""Render functions for figures and tables, and the caption and source lines they share with charts.

Why: these are the blocks that carry numbers, captions, sources and alt text; they share
the caption and source lines, so they live together, apart from the text blocks.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Spacer

from policybrief.errors import SourceError
from policybrief.imagefiles import CheckedImage, recall
from policybrief.model.evidence import Chart, DataTable, Figure
from policybrief.render.adapter import lent_frame, table_rows
from policybrief.render.boxes import Box, RailRow, make_table
from policybrief.render.context import RenderContext
from policybrief.render.fonts import font_name
from policybrief.render.shared import (
    ARTIFACT,
    Picture,
    inside,
    label_markup,
    markup,
    new_tag,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import ACCENT_RULE, HAIRLINE
from policybrief.text import escape, to_plain

#: Below this resolution at the placed size an image prints soft: warn.
PRINT_DPI = 200
#: Chart and figure heights are capped at this share of the page's text height.
MAX_HEIGHT_SHARE = 0.6
_NUMBER = re.compile(r"^[-\u2212+]?[$\u20ac\u00a3]?\s?\d[\d,.\u00a0 ]*\s?(%|[kKmMbB]n?)?$")


def block_width(block: Figure | Chart | DataTable, ctx: RenderContext) -> float:
    """The width a block may take: the text column, or the full text width."""
    return ctx.frame_width if getattr(block, "width", "column") == "full" else ctx.body_width


def placed(flowables: list[Flowable], full: bool, ctx: RenderContext) -> Flowable:
    """Flowables set in the text column (after the rail) or across the full text width."""
    if full:
        return Box(
            [[flowables]],
            ctx,
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
            col_widths=[ctx.frame_width],
        )
    return RailRow([], flowables, ctx)


def caption_line(kind: str, number: int, text: str, ctx: RenderContext) -> Flowable:
    """'Figure 3. The caption' ('figure' or 'table' in the brief's language), the label in
    bold."""
    label = escape(numbered(kind, number, ctx))
    return trusted_paragraph(f"<b>{label}.</b> {markup(text, ctx)}", "caption", ctx)


def numbered(kind: str, number: int, ctx: RenderContext) -> str:
    """'Figure 3', 'Tableau 2': a figure's or table's label and number, as plain text."""
    return ctx.language.label(kind, number=ctx.language.number(number))


def source_lines(source: str | None, ctx: RenderContext, note: str | None = None) -> list[Flowable]:
    """The note and source lines under a figure or table (none when neither is given)."""
    label = ctx.language.label
    lines = []
    if note:
        text = f"<i>{escape(label('note_line'))}</i> {markup(note, ctx)}"
        lines.append(trusted_paragraph(text, "source", ctx))
    if source:
        text = f"<i>{escape(label('source_line'))}</i> {markup(source, ctx)}"
        lines.append(trusted_paragraph(text, "source", ctx))
    return lines


# --- figures --------------------------------------------------------------------------------


def render_figure(block: Figure, ctx: RenderContext) -> list[Flowable]:
    """An image under its numbered caption, scaled to the column, never enlarged."""
    number = ctx.numbering.next_figure()
    checked = checked_image(block, block.image, ("image",))
    width = block_width(block, ctx)
    max_height = ctx.frame_height * MAX_HEIGHT_SHARE
    if checked.kind == "SVG":
        picture = svg_drawing(checked, block.image, width, max_height, ctx, ("image",))
    else:
        picture = _raster(checked, width, max_height, block, ctx)
    with inside(ctx, "Div"):
        caption = caption_line("figure", number, block.figure, ctx)
        figure = Picture(picture, to_plain(block.alt), ctx)
        sources = source_lines(block.source, ctx)
    body = [caption, Spacer(0, 4), figure, Spacer(0, 4), *sources]
    return [floating_figure(placed(body, block.width == "full", ctx))]


def floating_figure(figure: Flowable) -> Flowable:
    """A figure or chart that may float to the next page (render/floats.py), with the space
    around it as its own, so that none is left at the top of the page it floats to."""
    figure.floats = True
    figure.spaceBefore, figure.spaceAfter = 6, 12
    return figure


def checked_image(owner: Any, name: str, where: tuple[str, ...]) -> CheckedImage:
    """The image the loader read and checked for `owner` (a figure, an organization).

    Why: the renderer draws exactly those bytes and never opens the file itself, so nothing
    swapped in after the check (a FIFO, another file, a bigger image) can reach the PDF.

    Raises:
        SourceError: at `where`, for a brief that was not loaded from its file.
    """
    checked = recall(owner)
    if checked is None:
        raise SourceError(
            where,
            f"'{name}' was not checked when the brief was loaded",
            "build the brief from its file, with policybrief.build",
        )
    return checked


def _raster(
    checked: CheckedImage, width: float, max_height: float, block: Figure, ctx: RenderContext
) -> Image:
    pixels_wide, pixels_high = checked.size
    placed = min(width, float(pixels_wide))  # 1 px per point at most: never enlarged past 72 dpi
    height = placed * pixels_high / pixels_wide
    if height > max_height:
        placed, height = placed * max_height / height, max_height
    warn_below_print_dpi(block.image, pixels_wide, placed, ("image",), ctx)
    return raster_image(checked, placed, height)


def raster_image(checked: CheckedImage, width: float, height: float) -> Image:
    """A checked PNG or JPEG at a size in points, drawn from the bytes the loader checked.

    ReportLab decodes it when the page is drawn, one image at a time, so the pixels of every
    figure are not all held at once; the loader's full decode of the same bytes with the
    same decoder is what makes this one safe.
    """
    return Image(io.BytesIO(checked.data), width=width, height=height)


def warn_below_print_dpi(
    name: str, pixels_wide: float, placed: float, where: tuple[str, ...], ctx: RenderContext
) -> None:
    """Warn at `where` when an image `pixels_wide` placed `placed` points wide prints soft."""
    dpi = pixels_wide / (placed / 72)
    if any(place == where for place, _ in ctx.warnings):
        return  # an image placed twice (the logo on page 1 and the back page) warns once
    if dpi < PRINT_DPI:
        wanted = round(placed / 72 * PRINT_DPI)
        ctx.warnings.append(
            (
                where,
                f"'{name}' prints at {dpi:.0f} dpi; "
                f"{PRINT_DPI} dpi or more prints sharp: use an image "
                f"at least {wanted} pixels wide",
            )
        )


def svg_drawing(
    checked: CheckedImage,
    name: str,
    width: float,
    max_height: float,
    ctx: RenderContext,
    where: tuple[str, ...],
) -> Any:
    """A checked SVG as a drawing scaled to fit, its text set in the bundled fonts.

    svglib reads the checked bytes (so it has no file name to resolve references against)
    and looks fonts up in a table of PDF's standard fonts, never on the system. The drawing
    is drawn once on a scratch canvas here, so whatever svglib or ReportLab still cannot do
    with it is a located error now rather than a traceback while the pages are laid out.

    Raises:
        SourceError: at `where`, when svglib or ReportLab cannot draw it.
    """
    from svglib.svglib import svg2rlg

    try:
        with _svglib_notes() as notes:
            drawing = svg2rlg(io.BytesIO(checked.data), font_map=STANDARD_FONTS)
        for note in dict.fromkeys(notes):  # once each, in order
            ctx.warnings.append((where, f"'{name}' is drawn without a part: {note}"))
        if drawing is None or not (drawing.width > 0 and drawing.height > 0):
            raise SourceError(where, f"'{name}' cannot be drawn as SVG")
        scale = min(width / drawing.width, max_height / drawing.height)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        _use_own_fonts(drawing, font_name(ctx.theme.heading_font))
        drawing.initialFontName = font_name(ctx.theme.body_font)
        _draw_on_scratch(drawing)
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - svglib and ReportLab raise anything at all
        reason = _shortened(str(err)) or type(err).__name__
        raise SourceError(where, f"'{name}' cannot be drawn: {reason}") from None
    return drawing


@contextmanager
def _svglib_notes() -> Iterator[list[str]]:
    """What svglib logs while it reads a drawing (a part it leaves out), collected instead of
    printed: the user sees it as a located warning, not a library's line on the terminal."""
    log = logging.getLogger("svglib")
    notes: list[str] = []
    handler = _Collect(notes)
    kept = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield notes
    finally:
        log.removeHandler(handler)
        log.propagate = kept


class _Collect(logging.Handler):
    def __init__(self, notes: list[str]):
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(_shortened(record.getMessage()))


def _draw_on_scratch(drawing: Any) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    renderPDF.draw(drawing, Canvas(io.BytesIO()), 0, 0)


def _shortened(text: str) -> str:
    """A library's message on one line, at most 100 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:99] + "…"


class _StandardFonts:
    """svglib's font lookup, answered from PDF's standard fonts alone.

    Why: svglib's own lookup tries each family an SVG names as a font file (a name like
    '../../x' is a path) and runs fc-match for it; here nothing is looked up. The font only
    measures anchored text: `_use_own_fonts` then sets every text in a bundled font.
    """

    _FAMILIES = {
        "sans-serif": "Helvetica",
        "helvetica": "Helvetica",
        "serif": "Times",
        "times": "Times",
        "times new roman": "Times",
        "monospace": "Courier",
        "courier": "Courier",
        "courier new": "Courier",
    }
    _CUTS = {
        "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
        "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
        "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
    }

    def find_font(self, font_name: str, weight: Any = "normal", style: Any = "normal"):
        if font_name in {cut for cuts in self._CUTS.values() for cut in cuts}:
            return font_name, True
        family = self._FAMILIES.get(str(font_name).strip().lower())
        text = str(weight).strip().lower()
        bold = text in ("bold", "bolder") or (text.isdigit() and int(text) >= 600)
        italic = str(style).strip().lower() in ("italic", "oblique")
        cut = self._CUTS[family or "Helvetica"][bold + 2 * italic]
        return cut, family is not None


STANDARD_FONTS = _StandardFonts()


def _use_own_fonts(node, font: str) -> None:
    """Set every text of an SVG drawing in a bundled font: SVG fonts are not embedded."""
    from reportlab.graphics.shapes import Group, String

    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = font
        elif isinstance(child, Group):
            _use_own_fonts(child, font)


# --- tables ---------------------------------------------------------------------------------


def render_table(block: DataTable, ctx: RenderContext) -> list[Flowable]:
    """A table under its numbered caption: header repeated on every page it spans, columns
    sized from their content, numbers aligned right, rows striped in the theme's tint."""
    number = ctx.numbering.next_table()
    width = block_width(block, ctx)
    align = block.align or [
        _alignment([row[i] for row in block.rows]) for i in range(len(block.columns))
    ]
    widths = _column_widths(block, width, ctx)
    with inside(ctx, "Table"):
        caption = caption_line("table", number, block.table, ctx)
        header, rows = _table_cells(block, align, ctx)
    table = make_table(
        [header, *rows],
        ctx,
        col_widths=widths,
        repeatRows=1,
        h_align="LEFT" if block.width == "full" else "RIGHT",
        commands=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), ACCENT_RULE, ctx.colour("accent")),
            ("LINEBELOW", (0, 0), (-1, 0), HAIRLINE, ctx.colour("accent")),
            ("LINEBELOW", (0, -1), (-1, -1), HAIRLINE, ctx.colour("accent")),
            # rows parted by hairlines, not zebra stripes as well (the designer's mark-up), and
            # no tint that would start where a column's text does
            ("LINEBELOW", (0, 1), (-1, -2), HAIRLINE, ctx.colour("rule")),
            # a gutter of 12 pt between columns; the outer columns keep the edges of the text
            ("LEFTPADDING", (0, 0), (-1, -1), _PADDING / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING / 2),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
    )
    table_label = f"<b>{escape(numbered('table', number, ctx))}</b>"
    continued = trusted_paragraph(
        label_markup(ctx, "continued", table=table_label),
        "caption",
        ctx,
        ARTIFACT,
    )  # a repeated header is an artifact: so is the line that says the table goes on
    notes = source_lines(block.source, ctx, block.note)
    if block.width != "full":
        for line in (caption, continued):
            line.style = line.style.clone("caption_column", leftIndent=ctx.rail)
        for line in notes:
            line.style = line.style.clone("source_column", leftIndent=ctx.rail)
    captioned = CaptionedTable([caption], table, notes, continued)
    captioned.floats = True
    captioned.spaceBefore, captioned.spaceAfter = 6, 12
    return [captioned]


class CaptionedTable(Flowable):
    """A table under its caption, with its note and source lines under it; it splits
    between rows, with at least `LEAST_ROWS` rows each side, the header repeated and a
    "Table n (continued)" line above the later part.

    Why its own flowable: the caption must stay with the rows after it, and the continued
    line is part of the table's later parts only.
    """

    def __init__(
        self,
        above: list[Flowable],
        table: Any,
        below: list[Flowable],
        continued: Flowable,
    ):
        super().__init__()
        self.above, self.table, self.below, self.continued = above, table, below, continued
        self.content = [*above, Spacer(0, 4), table, *([Spacer(0, 4), *below] if below else [])]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        with lent_frame(self, self.content):
            self._sizes = [f.wrap(availWidth, availHeight) for f in self.content]
        self.width, self.height = availWidth, sum(h for _, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for flowable, (width, height) in zip(self.content, self._sizes):
            y -= height
            flowable.drawOn(self.canv, 0, y, _sW=self.width - width)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        above = sum(h for _, h in self._sizes[: len(self.above) + 1])
        if availHeight <= above:
            return []
        with lent_frame(self, [self.table]):
            parts = self.table.split(availWidth, availHeight - above)
        if len(parts) != 2 or min(table_rows(p) for p in parts) < LEAST_ROWS + 1:
            return []  # + 1: the header, repeated on the later part
        rest = CaptionedTable([self.continued], parts[1], self.below, self.continued)
        rest.floats, rest.spaceAfter = True, self.spaceAfter
        return [CaptionedTable(self.above, parts[0], [], self.continued), rest]


#: The fewest rows of a table's body on either side of a page break.
LEAST_ROWS = 2


def _table_cells(
    block: DataTable, align: list[str], ctx: RenderContext
) -> tuple[list[Flowable], list[list[Any]]]:
    """The header cells (TH, scope column; repeated on later pages as artifacts) and the body
    cells (TD), row by row (TR); an empty cell draws nothing."""
    with inside(ctx, "TR"):
        header = [
            trusted_paragraph(
                markup(c, ctx),
                f"cell_head_{a}",
                ctx,
                new_tag(
                    ctx,
                    "TH",
                    attributes={"O": "Table", "Scope": "Column"},
                    artifact_when_repeated=True,
                ),
            )
            for c, a in zip(block.columns, align)
        ]
    rows = []
    for row in block.rows:
        with inside(ctx, "TR"):
            rows.append(
                [
                    # An empty cell is still a TD, so that cells keep their columns when read.
                    user_paragraph(cell, f"cell_{a}", ctx)
                    if cell.strip()
                    else trusted_paragraph("", f"cell_{a}", ctx)
                    for cell, a in zip(row, align)
                ]
            )
    return header, rows


def _alignment(cells: list[str]) -> str:
    filled = [c.strip() for c in cells if c.strip()]
    return "right" if filled and all(_NUMBER.match(c) for c in filled) else "left"


#: The gutter between two table columns, in points (half of it on each side of a cell).
_PADDING = 12


def _column_widths(block: DataTable, width: float, ctx: RenderContext) -> list[float]:
    """Widths from content: each column's longest line, shrunk toward its longest word to
    fit, and spread to fill the width.

    Raises:
        SourceError: even the longest words do not fit side by side.
    """
    font, size = font_name(ctx.theme.heading_font), ctx.theme.sizes.small * 1.05
    bold = font_name(ctx.theme.heading_font, bold=True)
    natural, least = [], []
    for index, column in enumerate(block.columns):
        cells = [to_plain(row[index]) for row in block.rows]
        texts = [(to_plain(column), bold)] + [(c, font) for c in cells]
        natural.append(max(stringWidth(t, f, size) for t, f in texts) + _PADDING)
        least.append(
            max(stringWidth(w, f, size) for t, f in texts for w in t.split() or [""]) + _PADDING
        )
    if sum(least) > width:
        raise SourceError(
            (),
            f"the table needs {sum(least):.0f} pt for its longest words but "
            f"the column is {width:.0f} pt wide",
            "shorten the longest words or drop a column"
            + ("" if block.width == "full" else ", or set width: full"),
        )
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    spare = width - sum(least)
    wants = [n - m for n, m in zip(natural, least)]
    return [m + spare * w / sum(wants) for m, w in zip(least, wants)]
