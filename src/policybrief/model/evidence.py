"""The evidence blocks of the format: figures from images, charts from data, and tables.

Why: their checks cross fields (a series as long as its categories, a row as wide as the
header), so each model checks itself after its fields and names the value at fault.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from policybrief.model.fields import FieldError, FieldErrors, Items, Strict, Text, check_text
from policybrief.model.limits import MAX_CHART_VALUE, MAX_TABLE_ROWS, at_most, count

#: The most data series a chart shows: more cannot be told apart in print or in grayscale.
MAX_SERIES = 4
Width = Literal["column", "full"]


def _check_cell(value: str) -> str:
    return check_text(value) if value.strip() else value


#: A table cell: inline text, or empty.
Cell = Annotated[str, AfterValidator(_check_cell)]


class Figure(Strict):
    """An image (PNG, JPEG or SVG) with a numbered caption, a source line and alt text."""

    figure: Text = Field(
        examples=["How a brief becomes a PDF"],
        max_length=300,
        description="The caption, printed after 'Figure N.'.",
    )
    image: str = Field(
        min_length=1,
        description="The image file, relative to the brief's folder: .png, .jpg, .jpeg or .svg.",
        examples=["images/map.png"],
    )
    alt: Text = Field(
        examples=["Three boxes joined by arrows: YAML, model, PDF."],
        description="What the image shows, for readers who cannot see it.",
    )
    source: Text | None = Field(None, description="Where the image comes from.")
    width: Width = Field(
        "column",
        description="column: the text column; full: the page's text width, margin rail included.",
    )


class Series(Strict):
    """One data series of a chart."""

    name: Text = Field(
        examples=["Goods"], max_length=60, description="The series' name, for the legend."
    )
    values: Items[
        Annotated[float, Field(allow_inf_nan=False, ge=-MAX_CHART_VALUE, le=MAX_CHART_VALUE)]
    ] = Field(examples=[[1.5, 2, 2.4]], min_length=1, description="One number per category.")


class Chart(Strict):
    """A chart drawn from data: bar (grouped), stacked bar, line, or one big number."""

    chart: Text = Field(
        examples=["Exports by year"],
        max_length=300,
        description="The caption, printed after 'Figure N.'.",
    )
    type: Literal["bar", "stacked", "line", "number"] = Field(
        examples=["bar"],
        description="bar, stacked or line charts take categories and series; number takes "
        "value and label.",
    )
    categories: list[Text] = Field(
        examples=[["2019", "2020", "2021"]],
        default_factory=list,
        max_length=24,
        description="The labels along the horizontal axis.",
    )
    series: Items[Series] = Field(
        examples=[[{"name": "Goods", "values": [1.5, 2, 2.4]}]],
        default_factory=list,
        description=f"1 to {MAX_SERIES} series.",
    )
    unit: Text | None = Field(
        None, max_length=40, description="Unit of the values, such as 'US$ bn' or '%'."
    )
    y_title: Text | None = Field(None, max_length=60, description="Vertical axis title.")
    x_title: Text | None = Field(None, max_length=60, description="Horizontal axis title.")
    value: Text | None = Field(
        None, max_length=24, description="The big number, as printed.", examples=["3.2 million"]
    )
    label: Text | None = Field(None, max_length=200, description="What the big number counts.")
    alt: Text | None = Field(
        None,
        description="What the chart shows, for readers who cannot "
        "see it; required except for a big number.",
    )
    source: Text | None = Field(None, description="Where the data come from.")

    @model_validator(mode="after")
    def _fits_its_type(self) -> Chart:
        errors = self._number_errors() if self.type == "number" else self._data_errors()
        if errors:
            raise FieldErrors(errors)
        return self

    def _number_errors(self) -> list[FieldError]:
        errors = []
        if not self.value:
            errors.append(FieldError((), "a number chart needs 'value' (and usually 'label')"))
        if self.categories or self.series:
            errors.append(
                FieldError(
                    ("series" if self.series else "categories",),
                    "a number chart takes value and label, not data",
                )
            )
        return errors

    def _data_errors(self) -> list[FieldError]:
        errors = []
        if not self.alt:
            errors.append(FieldError((), "a chart needs 'alt': what it shows, in words"))
        if not self.categories:
            errors.append(FieldError((), f"a {self.type} chart needs 'categories'"))
        if not 1 <= len(self.series) <= MAX_SERIES:
            errors.append(FieldError(("series",), f"a chart takes 1 to {MAX_SERIES} series"))
        for index, series in enumerate(self.series):
            if self.categories and len(series.values) != len(self.categories):
                errors.append(
                    FieldError(
                        ("series", index, "values"),
                        f"has {len(series.values)} values for {len(self.categories)} categories",
                    )
                )
        if self.type == "stacked":
            errors += self._stack_errors()
        return errors

    def _stack_errors(self) -> list[FieldError]:
        """Stacks whose total passes MAX_CHART_VALUE, at the value that takes it past.

        Why: the bars above and below zero stack apart, and the axis must reach both totals.
        """
        errors = []
        for column in range(min((len(s.values) for s in self.series), default=0)):
            above = below = 0.0
            for index, series in enumerate(self.series):
                value = series.values[column]
                above, below = (above + value, below) if value > 0 else (above, below + value)
                if max(above, -below) > MAX_CHART_VALUE:
                    errors.append(
                        FieldError(
                            ("series", index, "values", column),
                            f"a stacked bar may add up to at most {MAX_CHART_VALUE:,.0f} "
                            f"(10^15) either side of zero; this one reaches "
                            f"{above if above > -below else below:,.0f} here",
                        )
                    )
                    break
        return errors


class DataTable(Strict):
    """A table with a header row, a numbered caption, and optional note and source lines."""

    table: Text = Field(
        examples=["Trade with neighbours"],
        max_length=300,
        description="The caption, printed after 'Table N.'.",
    )
    columns: list[Text] = Field(
        examples=[["Country", "Exports", "Share"]],
        min_length=1,
        max_length=8,
        description="The header row.",
    )
    rows: Annotated[
        list[Items[Cell]], BeforeValidator(at_most(MAX_TABLE_ROWS, "a table", "row"))
    ] = Field(
        examples=[[["India", "1,234", "12%"]]],
        min_length=1,
        max_length=MAX_TABLE_ROWS,
        description="The rows, each a list of cells.",
    )
    align: list[Literal["left", "right", "center"]] | None = Field(
        None,
        description="Alignment of each column; by default, columns of numbers align "
        "right and others left.",
    )
    note: Text | None = Field(None, description="A note printed under the table.")
    source: Text | None = Field(None, description="Where the data come from.")
    width: Width = Field("column", description="column or full (margin rail included).")

    @model_validator(mode="after")
    def _rows_match_the_header(self) -> DataTable:
        width = len(self.columns)
        errors = [
            FieldError(
                ("rows", index),
                f"has {count(len(row), 'cell')}; the table has {count(width, 'column')}",
            )
            for index, row in enumerate(self.rows)
            if len(row) != width
        ]
        if self.align is not None and len(self.align) != width:
            errors.append(
                FieldError(
                    ("align",),
                    f"has {count(len(self.align), 'entry')} for {count(width, 'column')}",
                )
            )
        if errors:
            raise FieldErrors(errors)
        return self
