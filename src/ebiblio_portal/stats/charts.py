"""Bar charts as geometry for server-rendered SVG (``templates/stats/_chart.jinja2``): no JavaScript.

Numbers stay the caller's: each chart is drawn from the same rows as the table printed under it.
"""

from __future__ import annotations

import dataclasses
import math

# Blue, orange and green: each has at least 4.5:1 contrast on white, so bars and legend keys are visible.
COLOURS = ("#1f5fa8", "#a84300", "#2e7d32")
WIDTH = 720
TICKS = 5


@dataclasses.dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str


@dataclasses.dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclasses.dataclass(frozen=True)
class Chart:
    """An SVG chart: ``ident`` names its title for ``aria-labelledby``; ``legend`` is (colour, name)."""

    ident: str
    title: str
    x_label: str
    y_label: str
    width: int
    height: int
    plot: tuple  # left, top, right, bottom
    bars: list
    ticks: list
    categories: list
    legend: list
    horizontal: bool


def nice_step(largest):
    """A tick step of 1, 2 or 5 times a power of ten giving about ``TICKS`` ticks."""
    if largest <= 0:
        return 1
    rough = largest / TICKS
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if rough <= factor * power:
            return max(1, int(factor * power))
    return max(1, int(10 * power))


def _scale(values):
    step = nice_step(max(values, default=0))
    top = max(step, math.ceil(max(values, default=0) / step) * step)
    return step, top


def columns(ident, title, x_label, y_label, categories, series, number):
    """Vertical grouped bars: ``categories`` are (key, label); ``series`` are (name, {key: value}).

    ``number`` formats a value in the reader's language.
    """
    left, top_margin, right, bottom = 80, 20, 20, 90
    height = 360
    plot_width, plot_height = WIDTH - left - right, height - top_margin - bottom
    values = [values.get(key, 0) for _, values in series for key, _ in categories]
    step, top = _scale(values)
    slot = plot_width / max(len(categories), 1)
    bar_width = max(2.0, (slot * 0.8) / max(len(series), 1))
    bars, labels = [], []
    for index, (key, label) in enumerate(categories):
        start = left + index * slot + slot * 0.1
        for number_of_series, (name, found) in enumerate(series):
            value = found.get(key, 0)
            bar_height = plot_height * value / top
            bars.append(
                Bar(
                    x=round(start + number_of_series * bar_width, 1),
                    y=round(top_margin + plot_height - bar_height, 1),
                    width=round(bar_width, 1),
                    height=round(bar_height, 1),
                    colour=COLOURS[number_of_series % len(COLOURS)],
                    text=f"{label}, {name}: {number(value)}",
                )
            )
        labels.append(Label(x=round(left + index * slot + slot / 2, 1), y=top_margin + plot_height + 14, text=label))
    ticks = [
        Label(x=left - 8, y=round(top_margin + plot_height - plot_height * value / top, 1), text=number(value))
        for value in range(0, top + 1, step)
    ]
    legend = [(COLOURS[i % len(COLOURS)], name) for i, (name, _) in enumerate(series)]
    plot = (left, top_margin, WIDTH - right, top_margin + plot_height)
    return Chart(ident, title, x_label, y_label, WIDTH, height, plot, bars, ticks, labels, legend, False)


def rows(ident, title, x_label, y_label, categories, values, number):
    """Horizontal bars, one per category (key, label), for long names such as municipalities and titles."""
    left, top_margin, right, bottom = 220, 28, 90, 50
    row = 26
    height = top_margin + bottom + row * max(len(categories), 1)
    plot_width = WIDTH - left - right
    step, top = _scale([values.get(key, 0) for key, _ in categories])
    bars, labels = [], []
    for index, (key, label) in enumerate(categories):
        value = values.get(key, 0)
        y = top_margin + index * row
        bars.append(
            Bar(
                x=left,
                y=y + 4,
                width=round(plot_width * value / top, 1),
                height=row - 8,
                colour=COLOURS[0],
                text=number(value),
            )
        )
        short = label if len(label) <= 30 else label[:29] + "…"
        labels.append(Label(x=left - 8, y=y + row / 2 + 4, text=short))
    bottom_y = top_margin + row * max(len(categories), 1)
    ticks = [
        Label(x=round(left + plot_width * value / top, 1), y=bottom_y + 16, text=number(value))
        for value in range(0, top + 1, step)
    ]
    plot = (left, top_margin, left + plot_width, bottom_y)
    return Chart(ident, title, x_label, y_label, WIDTH, height, plot, bars, ticks, labels, [], True)
