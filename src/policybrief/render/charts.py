"""Charts drawn from a brief's data: bar, stacked bar, line, and one big number.

Why: charts are vectors drawn with reportlab.graphics (imported only when a chart is drawn),
in the theme's four-step palette, with direct labels, dashes and markers so that they read
in grayscale too.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from policybrief.model.evidence import Chart
from policybrief.render.boxes import RailRow
from policybrief.render.context import RenderContext
from policybrief.render.evidence import caption_line, floating_figure, placed, source_lines
from policybrief.render.fonts import HEAVY, font_name
from policybrief.render.shared import (
    Picture,
    inside,
    markup,
    plain,
    trusted_paragraph,
    user_paragraph,
)
from policybrief.render.styles import ACCENT_RULE
from policybrief.text import to_plain


def render_chart(block: Chart, ctx: RenderContext) -> list[Flowable]:
    """A chart drawn as vectors with the theme's palette, or a big-number callout."""
    if block.type == "number":
        return _big_number(block, ctx)
    number = ctx.numbering.next_figure()
    width = ctx.body_width
    drawing = _bar_or_line(block, width, min(width * 0.58, ctx.frame_height * 0.45), ctx)
    with inside(ctx, "Div"):
        caption = caption_line("figure", number, block.chart, ctx)
        figure = Picture(drawing, to_plain(block.alt or ""), ctx)
        sources = source_lines(block.source, ctx)
    body = [caption, Spacer(0, 6), figure, Spacer(0, 4), *sources]
    return [floating_figure(placed(body, False, ctx))]


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
    number = _formatter(ctx)
    left = (
        8
        + max(stringWidth(number(v), sans, size) for s in block.series for v in s.values)
        + (size * 1.6 if block.y_title or block.unit else 0)
    )
    bottom = size * 2.6 + (size * 1.6 if block.x_title else 0)
    plot_h = height - bottom - legend_height - size
    chart = HorizontalLineChart() if block.type == "line" else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = left, bottom, width - left - 4, plot_h
    chart.data = [tuple(s.values) for s in block.series]
    chart.categoryAxis.categoryNames = [plain(c, ctx) for c in block.categories]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = sans, size
        axis.labels.fillColor = muted
        axis.strokeColor = ctx.colour("rule")
    chart.valueAxis.labelTextFormat = _formatter(ctx)
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
            block.y_title and plain(block.y_title, ctx),
            block.unit and f"({plain(block.unit, ctx)})",
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
                plain(block.x_title, ctx),
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
        chart.barLabelFormat = _formatter(ctx)
        chart.barLabels.fontName = font_name(ctx.theme.heading_font)
        chart.barLabels.fontSize = ctx.theme.sizes.small
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
    names = [plain(s.name, ctx) for s in block.series]
    legend.colorNamePairs = list(zip(swatches, names))
    legend.boxAnchor = "nw"
    return legend


def _formatter(ctx: RenderContext):
    """How a chart writes its numbers: in the brief's language, whole or to one decimal."""

    def format_value(value: float) -> str:
        return ctx.language.number(value, 0 if float(value).is_integer() else 1)

    return format_value


def _big_number(block: Chart, ctx: RenderContext) -> list[Flowable]:
    with inside(ctx, "Div"):
        value = trusted_paragraph(
            f'<font name="{HEAVY[ctx.theme.heading_font]}">{markup(block.value, ctx)}</font>',
            "big_number",
            ctx,
        )
        # what the number is, first (the designer's mark-up: under the description, it read
        # as a footnote to it), then the number, then what it means
        body: list[Flowable] = [user_paragraph(block.chart, "label", ctx), value]
        if block.label:
            body.append(user_paragraph(block.label, "box_text", ctx))
        body += source_lines(block.source, ctx)
    box = RailRow(
        [],
        body,
        ctx,
        commands=[
            ("LINEBEFORE", (1, 0), (1, 0), ACCENT_RULE, ctx.colour("accent")),
            ("LEFTPADDING", (1, 0), (1, 0), 12),
            ("TOPPADDING", (1, 0), (1, 0), 4),
            ("BOTTOMPADDING", (1, 0), (1, 0), 4),
        ],
    )
    return [Spacer(0, 6), box, Spacer(0, 12)]
