"""Render functions for the evidence blocks: figures, charts and tables.

Why: these are the blocks that carry numbers, captions, sources and alt text; they share
the caption and source lines, so they live together, apart from the text blocks.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from policybrief.errors import SourceError
from policybrief.evidence import Chart, DataTable, Figure
from policybrief.fonts import HEAVY, font_name
from policybrief.images import VECTOR, pixel_size
from policybrief.render.context import RenderContext
from policybrief.render.shared import (
    Box,
    Picture,
    RailRow,
    fixed,
    inside,
    make_table,
    markup,
    new_node,
    para,
)
from policybrief.text import to_plain

#: Below this resolution at the placed size an image prints soft: warn.
PRINT_DPI = 200
#: Chart and figure heights are capped at this share of the page's text height.
MAX_HEIGHT_SHARE = 0.6
_NUMBER = re.compile(r"^[-\u2212+]?[$\u20ac\u00a3]?\s?\d[\d,.\u00a0 ]*\s?(%|[kKmMbB]n?)?$")


def _width(block: Figure | Chart | DataTable, ctx: RenderContext) -> float:
    return ctx.frame_width if getattr(block, "width", "column") == "full" else ctx.body_width


def _placed(flowables: list[Flowable], full: bool, ctx: RenderContext) -> Flowable:
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


def _caption(label: str, number: int, text: str, ctx: RenderContext) -> Flowable:
    return fixed(f"<b>{label} {number}.</b> {markup(text, ctx)}", "caption", ctx)


def _source(source: str | None, ctx: RenderContext, note: str | None = None) -> list[Flowable]:
    lines = [fixed(f"<i>Note:</i> {markup(note, ctx)}", "source", ctx)] if note else []
    if source:
        lines.append(fixed(f"<i>Source:</i> {markup(source, ctx)}", "source", ctx))
    return lines


# --- figures --------------------------------------------------------------------------------


def render_figure(block: Figure, ctx: RenderContext) -> list[Flowable]:
    """An image under its numbered caption, scaled to the column, never enlarged."""
    number = ctx.tally.next_figure()
    path = ctx.folder / block.image
    width = _width(block, ctx)
    max_height = ctx.frame_height * MAX_HEIGHT_SHARE
    if path.suffix.lower() in VECTOR:
        picture = _svg(path, width, max_height, ctx)
    else:
        picture = _raster(path, width, max_height, block, ctx)
    with inside(ctx, "Div"):
        caption = _caption("Figure", number, block.figure, ctx)
        figure = Picture(picture, to_plain(block.alt), ctx)
        sources = _source(block.source, ctx)
    body = [caption, Spacer(0, 4), figure, Spacer(0, 4), *sources]
    return [Spacer(0, 6), _placed(body, block.width == "full", ctx), Spacer(0, 12)]


def _raster(path, width: float, max_height: float, block: Figure, ctx: RenderContext) -> Image:
    pixels_wide, pixels_high = pixel_size(path)
    placed = min(width, float(pixels_wide))  # 1 px per point at most: never enlarged past 72 dpi
    height = placed * pixels_high / pixels_wide
    if height > max_height:
        placed, height = placed * max_height / height, max_height
    dpi = pixels_wide / (placed / 72)
    if dpi < PRINT_DPI:
        wanted = round(placed / 72 * PRINT_DPI)
        ctx.tally.warnings.append(
            (
                ("image",),
                f"'{block.image}' prints at {dpi:.0f} dpi; "
                f"{PRINT_DPI} dpi or more prints sharp: use an image "
                f"at least {wanted} pixels wide",
            )
        )
    return Image(str(path), width=placed, height=height)


def _svg(path, width: float, max_height: float, ctx: RenderContext) -> Any:
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path))
    scale = min(width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    _use_own_fonts(drawing, font_name(ctx.theme.heading_font))
    drawing.initialFontName = font_name(ctx.theme.body_font)
    return drawing


def _use_own_fonts(node, font: str) -> None:
    """Set every text of an SVG drawing in a bundled font: SVG fonts are not embedded."""
    from reportlab.graphics.shapes import Group, String

    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = font
        elif isinstance(child, Group):
            _use_own_fonts(child, font)


# --- charts ---------------------------------------------------------------------------------


def render_chart(block: Chart, ctx: RenderContext) -> list[Flowable]:
    """A chart drawn as vectors with the theme's palette, or a big-number callout."""
    if block.type == "number":
        return _big_number(block, ctx)
    number = ctx.tally.next_figure()
    width = ctx.body_width
    drawing = _bar_or_line(block, width, min(width * 0.58, ctx.frame_height * 0.45), ctx)
    with inside(ctx, "Div"):
        caption = _caption("Figure", number, block.chart, ctx)
        figure = Picture(drawing, to_plain(block.alt or ""), ctx)
        sources = _source(block.source, ctx)
    body = [caption, Spacer(0, 6), figure, Spacer(0, 4), *sources]
    return [Spacer(0, 6), _placed(body, False, ctx), Spacer(0, 12)]


def _palette(ctx: RenderContext) -> list:
    return [HexColor(c) for c in ctx.theme.chart]


def _bar_or_line(block: Chart, width: float, height: float, ctx: RenderContext) -> Any:
    # reportlab.graphics is imported here: only briefs with charts pay for it.
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, Group, String

    sans, size = font_name(ctx.theme.heading_font), ctx.theme.sizes.small
    muted, palette = ctx.colour("muted"), _palette(ctx)
    drawing = Drawing(width, height, initialFontName=font_name(ctx.theme.body_font))
    legend_height = size * 2.2 if len(block.series) > 1 else 0
    left = (
        8
        + max(stringWidth(_format(v), sans, size) for s in block.series for v in s.values)
        + (size * 1.6 if block.y_title or block.unit else 0)
    )
    bottom = size * 2.6 + (size * 1.6 if block.x_title else 0)
    plot_h = height - bottom - legend_height - size
    chart = HorizontalLineChart() if block.type == "line" else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = left, bottom, width - left - 4, plot_h
    chart.data = [tuple(s.values) for s in block.series]
    chart.categoryAxis.categoryNames = [to_plain(c) for c in block.categories]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = sans, size
        axis.labels.fillColor = muted
        axis.strokeColor = ctx.colour("rule")
    chart.valueAxis.labelTextFormat = _format
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = ctx.colour("rule")
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.forceZero = True
    if block.type == "line":
        _style_lines(chart, palette)
    else:
        _style_bars(chart, block, palette, ctx)
    drawing.add(chart)
    y_title = " ".join(
        p
        for p in (
            block.y_title and to_plain(block.y_title),
            block.unit and f"({to_plain(block.unit)})",
        )
        if p
    )
    if y_title:
        title = String(0, 0, y_title, fontName=sans, fontSize=size, fillColor=muted)
        group = Group(title)
        group.rotate(90)
        group.translate(bottom, -size)
        drawing.add(group)
    if block.x_title:
        drawing.add(
            String(
                left + chart.width / 2,
                2,
                to_plain(block.x_title),
                fontName=sans,
                fontSize=size,
                fillColor=muted,
                textAnchor="middle",
            )
        )
    if len(block.series) > 1:
        drawing.add(_legend(block, left, height - size * 0.6, palette, ctx))
    return drawing


def _style_bars(chart: Any, block: Chart, palette: list, ctx: RenderContext) -> None:
    chart.barWidth, chart.groupSpacing, chart.barSpacing = 10, 8, 1
    if block.type == "stacked":
        chart.categoryAxis.style = "stacked"
    for index, _ in enumerate(block.series):
        chart.bars[index].fillColor = palette[index]
        chart.bars[index].strokeColor = ctx.colour("text")
        chart.bars[index].strokeWidth = 0.3
    crowded = len(block.categories) * len(block.series) > 16
    if block.type == "bar" and not crowded:  # direct labels: the values read in grayscale too
        chart.barLabelFormat = _format
        chart.barLabels.fontName = font_name(ctx.theme.heading_font)
        chart.barLabels.fontSize = ctx.theme.sizes.small * 0.9
        chart.barLabels.fillColor = ctx.colour("text")
        chart.barLabels.nudge = 5


#: How line series differ besides colour (grayscale print): dash patterns and markers.
_DASHES = [None, (4, 2), (1, 2), (6, 2, 1, 2)]
_MARKERS = ["FilledCircle", "FilledSquare", "FilledTriangle", "FilledDiamond"]


def _line_colour(palette: list, index: int) -> Any:
    """Lines are thin: only the palette's two darker steps read on white."""
    return palette[index % 2]


def _style_lines(chart: Any, palette: list) -> None:
    from reportlab.graphics.widgets.markers import makeMarker

    for index in range(len(chart.data)):
        line = chart.lines[index]
        line.strokeColor, line.strokeWidth = _line_colour(palette, index), 1.6
        line.strokeDashArray = _DASHES[index]
        line.symbol = makeMarker(_MARKERS[index], size=4, fillColor=_line_colour(palette, index))
    chart.joinedLines = 1


def _legend(block: Chart, x: float, y: float, palette: list, ctx: RenderContext) -> Any:
    from reportlab.graphics.charts.legends import Legend

    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = legend.dy = ctx.theme.sizes.small
    legend.fontName = font_name(ctx.theme.heading_font)
    legend.fontSize = ctx.theme.sizes.small
    legend.fillColor = ctx.colour("text")
    legend.strokeColor = ctx.colour("text")
    legend.strokeWidth = 0.3
    if block.type == "line":  # the swatch is a stretch of the line itself, dashes and all
        from reportlab.graphics.charts.legends import LineSwatch

        legend.dx = ctx.theme.sizes.small * 2.5
        swatches = []
        for index in range(len(block.series)):
            swatch = LineSwatch()
            swatch.strokeColor, swatch.strokeWidth = _line_colour(palette, index), 1.6
            swatch.strokeDashArray = _DASHES[index]
            swatches.append(swatch)
    else:
        swatches = palette[: len(block.series)]
    names = [to_plain(s.name) for s in block.series]
    legend.colorNamePairs = list(zip(swatches, names))
    legend.boxAnchor = "nw"
    return legend


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _big_number(block: Chart, ctx: RenderContext) -> list[Flowable]:
    with inside(ctx, "Div"):
        value = fixed(
            f'<font name="{HEAVY[ctx.theme.heading_font]}">{markup(block.value, ctx)}</font>',
            "big_number",
            ctx,
        )
        body: list[Flowable] = [value]
        if block.label:
            body.append(para(block.label, "box_text", ctx))
        body += [
            fixed(f"<b>{markup(block.chart, ctx)}</b>", "source", ctx),
            *_source(block.source, ctx),
        ]
    box = RailRow(
        [],
        body,
        ctx,
        commands=[
            ("LINEBEFORE", (1, 0), (1, 0), 3, ctx.colour("accent")),
            ("LEFTPADDING", (1, 0), (1, 0), 12),
            ("TOPPADDING", (1, 0), (1, 0), 4),
            ("BOTTOMPADDING", (1, 0), (1, 0), 4),
        ],
    )
    return [Spacer(0, 6), box, Spacer(0, 12)]


# --- tables ---------------------------------------------------------------------------------


def render_table(block: DataTable, ctx: RenderContext) -> list[Flowable]:
    """A table under its numbered caption: header repeated on every page it spans, columns
    sized from their content, numbers aligned right, rows striped in the theme's tint."""
    number = ctx.tally.next_table()
    width = _width(block, ctx)
    align = block.align or [
        _alignment([row[i] for row in block.rows]) for i in range(len(block.columns))
    ]
    widths = _column_widths(block, width, ctx)
    with inside(ctx, "Table"):
        caption = _caption("Table", number, block.table, ctx)
        header, rows = _table_cells(block, align, ctx)
    table = make_table(
        [header, *rows],
        ctx,
        col_widths=widths,
        repeatRows=1,
        h_align="LEFT" if block.width == "full" else "RIGHT",
        commands=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("accent")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, ctx.colour("accent")),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, ctx.colour("accent")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ctx.colour("tint")]),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
    )
    if block.width != "full":
        caption.style = caption.style.clone("caption_column", leftIndent=ctx.rail)
    notes = _source(block.source, ctx, block.note)
    for line in notes:
        if block.width != "full":
            line.style = line.style.clone("source_column", leftIndent=ctx.rail)
    return [
        Spacer(0, 6),
        KeepTogether([caption, Spacer(0, 4), table]),
        Spacer(0, 4),
        *notes,
        Spacer(0, 12),
    ]


def _table_cells(
    block: DataTable, align: list[str], ctx: RenderContext
) -> tuple[list[Flowable], list[list[Any]]]:
    """The header cells (TH, scope column; repeated on later pages as artifacts) and the body
    cells (TD), row by row (TR); an empty cell draws nothing."""
    with inside(ctx, "TR"):
        header = [
            fixed(
                markup(c, ctx),
                f"cell_head_{a}",
                ctx,
                new_node(
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
                    para(cell, f"cell_{a}", ctx) if cell.strip() else fixed("", f"cell_{a}", ctx)
                    for cell, a in zip(row, align)
                ]
            )
    return header, rows


def _alignment(cells: list[str]) -> str:
    filled = [c.strip() for c in cells if c.strip()]
    return "right" if filled and all(_NUMBER.match(c) for c in filled) else "left"


#: Cell padding left and right, in points.
_PADDING = 8


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
