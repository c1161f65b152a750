"""Server-rendered bar charts: the geometry in Python, the SVG in `_macros/charts.html`.

A chart is always shown with its figures in a table beside it (RGAA: the same information
without the picture). Build one with `bar_chart(...)` in a view, pass it to the template, and
render it with `{% from "_macros/charts.html" import bar_chart %}{{ bar_chart(chart) }}`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal

WIDTH = 640
LABEL_WIDTH = 240
VALUE_WIDTH = 70
ROW_HEIGHT = 30
BAR_HEIGHT = 20
PADDING = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value as shown, and where it sits in the picture."""

    label: str
    value: float
    shown: str
    y: int
    width: float
    text_y: int


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart and the table of its figures."""

    chart_id: str
    title: str
    label_header: str
    value_header: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_x: int
    value_x: float

    @property
    def empty(self) -> bool:
        """No bar to draw (the template says so in words)."""
        return not self.bars


def bar_chart(
    *,
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float]],
    label_header: str,
    value_header: str,
    shown: Callable[[float], str] = format_decimal,
) -> BarChart:
    """Horizontal bars scaled to the largest value; `shown` formats a value (localised)."""
    largest = max((value for _, value in items), default=0) or 1
    bar_x = LABEL_WIDTH + PADDING
    room = WIDTH - bar_x - VALUE_WIDTH
    bars = tuple(
        Bar(
            label=label,
            value=value,
            shown=shown(value),
            y=PADDING + index * ROW_HEIGHT,
            # A zero still gets a hairline so the row does not look missing.
            width=max(room * value / largest, 1.0),
            text_y=PADDING + index * ROW_HEIGHT + BAR_HEIGHT // 2 + 5,
        )
        for index, (label, value) in enumerate(items)
    )
    return BarChart(
        chart_id=chart_id,
        title=title,
        label_header=label_header,
        value_header=value_header,
        bars=bars,
        width=WIDTH,
        height=2 * PADDING + max(len(bars), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_x=bar_x,
        value_x=bar_x + 4,
    )
