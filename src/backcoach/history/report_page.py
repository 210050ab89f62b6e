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
BAND = 53  # weeks in one row of a long period's calendar: a year
BAND_GAP = 16
MAX_POINTS = 120  # more sessions than this: the pain chart draws weekly means
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


@dataclass(frozen=True)
class Calendar:
    squares: list[Square]
    bands: list[tuple[int, str]]  # (top, label): a row of weeks each, a year for long periods
    width: int
    height: int
    wide: bool  # more than half a year: the calendar takes the page's whole width


def calendar(figures: Figures) -> Calendar:
    """One square per day: a column a week (Monday on top), a row of up to a year of weeks."""
    first = figures.period.first
    monday = first - dt.timedelta(days=first.weekday())
    columns = (figures.period.last - monday).days // 7 + 1
    per_band = columns if columns <= BAND // 2 else BAND
    most = max((day.done for day in figures.calendar), default=0)
    top = max(most, 10)  # a full routine is ten stretches: the darkest shade
    squares = []
    for day in figures.calendar:
        offset = (day.date - monday).days
        band, column = divmod(offset // 7, per_band)
        shade = 0 if day.done == 0 else min(SHADES - 1, 1 + (day.done * (SHADES - 1) - 1) // top)
        stretches = "stretch" if day.done == 1 else "stretches"
        squares.append(
            Square(
                x=column * CELL,
                y=band * (7 * CELL + BAND_GAP) + (offset % 7) * CELL,
                shade=shade,
                label=f"{day.date:%a %d %b %Y}: {day.done} {stretches} done",
            )
        )
    count = (columns - 1) // per_band + 1
    bands = [
        (n * (7 * CELL + BAND_GAP), f"{monday + dt.timedelta(weeks=n * per_band):%b %Y}")
        for n in range(count)
    ]
    height = count * 7 * CELL + (count - 1) * BAND_GAP
    return Calendar(squares, bands, per_band * CELL, height, wide=per_band == BAND)


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
    """Points (x, y, label) for pain before and after, placed by date within the period.

    Past MAX_POINTS sessions, one point a week (its mean): thousands of dots
    would only hide the trend.
    """
    days = max(figures.period.days - 1, 1)
    lines: dict[str, list[tuple[float, float, str]]] = {"before": [], "after": []}

    def add(name: str, offset: float, value: float | None, label: str) -> None:
        if value is not None:
            x = round(width * max(0.0, min(offset, days)) / days, 1)
            y = round(height - height * value / 10, 1)
            lines[name].append((x, y, f"{label}: {name} {value:g}/10"))

    if len(figures.pain.points) > MAX_POINTS:
        for week in figures.pain.weekly:
            offset = (week.monday - figures.period.first).days + 3.5
            add("before", offset, week.before, f"week of {week.monday:%d %b %Y}")
            add("after", offset, week.after, f"week of {week.monday:%d %b %Y}")
        return lines
    for point in figures.pain.points:
        moment = dt.datetime.fromisoformat(point.started_at)
        offset = (moment.date() - figures.period.first).days + moment.hour / 24
        add("before", offset, point.before, f"{moment:%d %b %Y %H:%M}")
        add("after", offset, point.after, f"{moment:%d %b %Y %H:%M}")
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
    bars, top = week_bars(figures)
    context: dict[str, Any] = {
        "f": figures,
        "calendar": calendar(figures),
        "weekly_pain": len(figures.pain.points) > MAX_POINTS,
        "bars": bars,
        "bars_top": top,
        "pain": pain_lines(figures),
        "shades": SHADES,
    }
    return template.render(context)
