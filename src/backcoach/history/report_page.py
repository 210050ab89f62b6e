"""The report as one self-contained HTML page: Jinja2 markup, inline CSS and SVG charts.

The charts are drawn by the template from the geometry computed here: plain
<rect>, <polyline> and <circle> elements, no script, nothing fetched. Jinja2
escapes every value (autoescape), so a stretch named "<script>" is text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .physio_report import Figures

TEMPLATE = ("history", "templates", "report.html.j2")
CELL = 12  # a calendar square and its gap, in SVG units
SHADES = 5  # calendar shades: none, then four steps up to a full routine


@dataclass(frozen=True)
class Square:
    x: int
    y: int
    shade: int
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    finished_y: float
    finished_height: float
    early_y: float
    early_height: float
    label: str


def calendar_squares(figures: Figures) -> tuple[list[Square], int, int]:
    """One square per day: columns are weeks (Monday on top); width and height in units."""
    first = figures.period.first
    monday = first - dt.timedelta(days=first.weekday())
    most = max((day.done for day in figures.calendar), default=0)
    top = max(most, 10)  # a full routine is ten stretches: the darkest shade
    squares = []
    for day in figures.calendar:
        offset = (day.date - monday).days
        shade = 0 if day.done == 0 else min(SHADES - 1, 1 + (day.done * (SHADES - 1) - 1) // top)
        stretches = "stretch" if day.done == 1 else "stretches"
        squares.append(
            Square(
                x=(offset // 7) * CELL,
                y=(offset % 7) * CELL,
                shade=shade,
                label=f"{day.date:%a %d %b %Y}: {day.done} {stretches} done",
            )
        )
    columns = (figures.period.last - monday).days // 7 + 1
    return squares, columns * CELL, 7 * CELL


def week_bars(figures: Figures, width: float = 300, height: float = 120) -> tuple[list[Bar], int]:
    """Sessions per week, finished below and ended early stacked above; and the top count."""
    top = max((w.finished + w.ended_early + w.other for w in figures.weeks), default=0)
    top = max(top, 7)
    slot = width / max(len(figures.weeks), 1)
    bars = []
    for n, week in enumerate(figures.weeks):
        finished = height * week.finished / top
        early = height * week.ended_early / top
        bars.append(
            Bar(
                x=n * slot + slot * 0.15,
                width=slot * 0.7,
                finished_y=height - finished,
                finished_height=finished,
                early_y=height - finished - early,
                early_height=early,
                label=(
                    f"Week of {week.monday:%d %b %Y}: {week.finished} finished, "
                    f"{week.ended_early} ended early"
                ),
            )
        )
    return bars, top


def pain_lines(
    figures: Figures, width: float = 600, height: float = 150
) -> dict[str, list[tuple[float, float, str]]]:
    """Points (x, y, label) for pain before and after, placed by date within the period."""
    days = max(figures.period.days - 1, 1)
    lines: dict[str, list[tuple[float, float, str]]] = {"before": [], "after": []}
    for point in figures.pain.points:
        moment = dt.datetime.fromisoformat(point.started_at)
        offset = (moment.date() - figures.period.first).days + moment.hour / 24
        x = round(width * min(offset, days) / days, 1)
        for name, value in (("before", point.before), ("after", point.after)):
            if value is not None:
                y = round(height - height * value / 10, 1)
                lines[name].append((x, y, f"{moment:%d %b %Y %H:%M}: {name} {value}/10"))
    return lines


def render(figures: Figures) -> str:
    import jinja2

    from backcoach.paths import packaged

    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.from_string(packaged(*TEMPLATE).read_text(encoding="utf-8"))
    squares, calendar_width, calendar_height = calendar_squares(figures)
    bars, top = week_bars(figures)
    context: dict[str, Any] = {
        "f": figures,
        "squares": squares,
        "calendar_width": calendar_width,
        "calendar_height": calendar_height,
        "bars": bars,
        "bars_top": top,
        "pain": pain_lines(figures),
        "shades": SHADES,
    }
    return template.render(context)
