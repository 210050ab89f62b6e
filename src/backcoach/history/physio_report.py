"""The figures of a report for a physiotherapist: a pure function of the history's rows.

The same Figures feed `report --json` and the HTML page, so every number on
the page can be checked. Nothing here reads a file or the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .report_rows import ReportRows
from .streaks import streak

ENDED_EARLY = ("quit", "interrupted")
SIDES_WORDS = {"once": "", "each": " each side", "alternate": " alternating"}


@dataclass(frozen=True)
class StretchSource:
    """What the catalogue says of one stretch."""

    id: str
    name: str
    sides: str  # once, each or alternate
    source_dose: str  # the source's range, in words: "2× each side · hold 20–30 s"


@dataclass(frozen=True)
class Sources:
    stretches: tuple[StretchSource, ...]  # in catalogue order
    medical_note: str


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    days: int


@dataclass(frozen=True)
class Practised:
    routine: str
    level: str
    sessions: int


@dataclass(frozen=True)
class Sessions:
    total: int
    finished: int
    quit: int
    interrupted: int
    running: int
    ended_early: int  # quit + interrupted
    days_practised: int  # days in the period with at least one stretch done


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


@dataclass(frozen=True)
class Day:
    date: dt.date
    done: int  # stretches done that day


@dataclass(frozen=True)
class Week:
    monday: dt.date
    finished: int
    ended_early: int
    other: int  # still running, or any status a newer backcoach writes


@dataclass(frozen=True)
class PainPoint:
    started_at: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class PainWeek:
    monday: dt.date
    before: float | None  # mean of the week's answers
    after: float | None


@dataclass(frozen=True)
class Pain:
    points: list[PainPoint]
    weekly: list[PainWeek]  # weeks with a check-in: what a long period's chart draws
    checked_in: int  # sessions with both a before and an after
    average_before: float | None
    average_after: float | None
    average_change: float | None  # mean of (after - before) per session; below 0: less pain


@dataclass(frozen=True)
class DoseDone:
    text: str
    reps: int
    hold_seconds: int | None
    sides: str | None
    prescribed: bool
    times: int


@dataclass(frozen=True)
class HoldSpan:
    since: str
    resumed: str | None
    reason: str


@dataclass(frozen=True)
class StretchFigures:
    id: str
    name: str
    source_dose: str | None  # None: the stretch is not in the catalogue
    done: int
    skipped: int
    painful: int
    doses: list[DoseDone]
    dose_not_recorded: int  # times done before backcoach recorded doses
    holds: list[HoldSpan]


@dataclass(frozen=True)
class Figures:
    generated: dt.date
    period: Period
    practised: list[Practised]
    sessions: Sessions
    streak: Streaks
    calendar: list[Day]
    weeks: list[Week]
    pain: Pain
    stretches: list[StretchFigures]
    medical_note: str


def build(rows: ReportRows, sources: Sources, today: dt.date) -> Figures:
    period = Period(rows.first, rows.last, (rows.last - rows.first).days + 1)
    return Figures(
        generated=today,
        period=period,
        practised=_practised(rows),
        sessions=_sessions(rows),
        streak=_streak(rows, today),
        calendar=_calendar(rows),
        weeks=_weeks(rows),
        pain=_pain(rows),
        stretches=_stretches(rows, sources),
        medical_note=sources.medical_note,
    )


def as_json(figures: Figures) -> dict[str, Any]:
    """The figures as one JSON-ready document: dates as YYYY-MM-DD."""

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    document: dict[str, Any] = plain(dataclasses.asdict(figures))
    return document


def _day(started_at: str) -> dt.date:
    """The person's local date when a session started, as recorded."""
    return dt.date.fromisoformat(started_at[:10])


def _practised(rows: ReportRows) -> list[Practised]:
    counts: dict[tuple[str, str], int] = {}
    for session in rows.sessions:
        key = (session.routine or "full", session.level or "standard")
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Practised(routine, level, count) for (routine, level), count in ordered]


def _sessions(rows: ReportRows) -> Sessions:
    statuses = [session.status for session in rows.sessions]
    quit, interrupted = statuses.count("quit"), statuses.count("interrupted")
    return Sessions(
        total=len(statuses),
        finished=statuses.count("finished"),
        quit=quit,
        interrupted=interrupted,
        running=statuses.count("running"),
        ended_early=quit + interrupted,
        days_practised=len({_day(s.started_at) for s in rows.sessions if s.done}),
    )


def _streak(rows: ReportRows, today: dt.date) -> Streaks:
    found = streak(rows.practised_days, today)
    return Streaks(found.current, found.longest)


def _calendar(rows: ReportRows) -> list[Day]:
    done: dict[dt.date, int] = {}
    for session in rows.sessions:
        day = _day(session.started_at)
        done[day] = done.get(day, 0) + session.done
    days = (rows.last - rows.first).days + 1
    return [
        Day(day, done.get(day, 0)) for day in (rows.first + dt.timedelta(n) for n in range(days))
    ]


def _weeks(rows: ReportRows) -> list[Week]:
    first_monday = rows.first - dt.timedelta(days=rows.first.weekday())
    count = (rows.last - first_monday).days // 7 + 1
    tally = [[0, 0, 0] for _ in range(count)]
    for session in rows.sessions:
        index = (_day(session.started_at) - first_monday).days // 7
        kind = 0 if session.status == "finished" else 1 if session.status in ENDED_EARLY else 2
        tally[index][kind] += 1
    return [Week(first_monday + dt.timedelta(weeks=n), *counts) for n, counts in enumerate(tally)]


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _pain(rows: ReportRows) -> Pain:
    points = [
        PainPoint(s.started_at, s.pain_before, s.pain_after)
        for s in rows.sessions
        if s.pain_before is not None or s.pain_after is not None
    ]
    both = [p for p in points if p.before is not None and p.after is not None]
    weeks: dict[dt.date, tuple[list[int], list[int]]] = {}
    for point in points:
        day = _day(point.started_at)
        before, after = weeks.setdefault(day - dt.timedelta(days=day.weekday()), ([], []))
        if point.before is not None:
            before.append(point.before)
        if point.after is not None:
            after.append(point.after)
    return Pain(
        points=points,
        weekly=[PainWeek(monday, _mean(b), _mean(a)) for monday, (b, a) in weeks.items()],
        checked_in=len(both),
        average_before=_mean([p.before for p in both if p.before is not None]),
        average_after=_mean([p.after for p in both if p.after is not None]),
        average_change=_mean(
            [p.after - p.before for p in both if p.after is not None and p.before is not None]
        ),
    )


def dose_text(reps: int, hold_seconds: int | None, sides: str, only: str | None) -> str:
    """What was done, in the same words as the source's range: '2× each side · hold 25 s'."""
    words = f" {only} side only" if only and sides != "once" else SIDES_WORDS.get(sides, "")
    text = f"{reps}×{words}"
    if hold_seconds is not None:
        text += f" · hold {hold_seconds} s"
    return text


def _stretches(rows: ReportRows, sources: Sources) -> list[StretchFigures]:
    known = {source.id: source for source in sources.stretches}
    outcomes: dict[str, dict[str, int]] = {}
    for stretch_id, outcome, count in rows.outcomes:
        outcomes.setdefault(stretch_id, {})[outcome] = count
    doses: dict[str, list[DoseDone]] = {}
    for row in rows.doses:
        sides = known[row.stretch_id].sides if row.stretch_id in known else "once"
        doses.setdefault(row.stretch_id, []).append(
            DoseDone(
                dose_text(row.reps, row.hold_seconds, sides, row.sides),
                row.reps,
                row.hold_seconds,
                row.sides,
                row.prescribed,
                row.times,
            )
        )
    holds: dict[str, list[HoldSpan]] = {}
    for hold in rows.holds:
        holds.setdefault(hold.stretch_id, []).append(
            HoldSpan(hold.since, hold.resumed_at, hold.reason)
        )
    seen = set(outcomes) | set(holds)
    order = [s.id for s in sources.stretches if s.id in seen]
    order += sorted(seen - set(order))  # recorded, but no longer in the catalogue
    result = []
    for stretch_id in order:
        counts = outcomes.get(stretch_id, {})
        source = known.get(stretch_id)
        done_at = doses.get(stretch_id, [])
        result.append(
            StretchFigures(
                id=stretch_id,
                name=source.name if source else stretch_id,
                source_dose=source.source_dose if source else None,
                done=counts.get("done", 0),
                skipped=counts.get("skipped", 0),
                painful=counts.get("painful", 0),
                doses=done_at,
                dose_not_recorded=counts.get("done", 0) - sum(d.times for d in done_at),
                holds=holds.get(stretch_id, []),
            )
        )
    return result
