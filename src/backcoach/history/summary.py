"""What the history says: streaks, this week and month, a calendar, exports. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .store import Hold, SessionRecord, practised_days
from .streaks import Streak, streak

WEEKS_SHOWN = 12
PAIN_SHOWN = 40  # the latest check-ins: a sparkline of ten years would fill the screen
CSV_HEADER = [
    "id",
    "started_at",
    "ended_at",
    "status",
    "minutes",
    "done",
    "skipped",
    "painful",
    "pain_before",
    "pain_after",
]


@dataclass(frozen=True)
class Period:
    sessions: int
    minutes: float


@dataclass(frozen=True)
class Report:
    today: dt.date
    streak: Streak
    week: Period
    month: Period
    calendar: list[list[tuple[dt.date, int]]]  # weeks (Monday first) of (day, stretches done)
    recent: list[SessionRecord]
    pain: list[tuple[int | None, int | None]]  # (before, after) of the latest check-ins
    older: int = 0  # sessions with a stretch done, older than those in `recent`
    empty: int = 0  # sessions with no stretch done, folded away from `recent`


def _period(sessions: list[SessionRecord], first: dt.date, today: dt.date) -> Period:
    # A session with nothing done happened, but it is not practice.
    chosen = [s for s in sessions if s.practised and first <= s.day <= today]
    return Period(len(chosen), sum(s.seconds for s in chosen) / 60)


def build(
    sessions: list[SessionRecord],
    today: dt.date,
    weeks: int = WEEKS_SHOWN,
    recent: int | None = 10,
) -> Report:
    """The report; `recent` sessions with a stretch done, newest first (None: every session)."""
    done_per_day: dict[dt.date, int] = {}
    for session in sessions:
        done_per_day[session.day] = done_per_day.get(session.day, 0) + len(session.ids("done"))
    practised = [s for s in sessions if s.practised]
    shown = sessions if recent is None else practised[-recent:] if recent else []
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    calendar = [
        [
            (day, done_per_day.get(day, 0))
            for day in (first + dt.timedelta(weeks=w, days=d) for d in range(7))
        ]
        for w in range(weeks)
    ]
    return Report(
        today=today,
        streak=streak(practised_days(sessions), today),
        week=_period(sessions, monday, today),
        month=_period(sessions, today.replace(day=1), today),
        calendar=calendar,
        recent=shown[::-1],
        older=len(practised) - len(shown) if recent is not None else 0,
        empty=len(sessions) - len(practised) if recent is not None else 0,
        pain=[
            (s.pain_before, s.pain_after)
            for s in sessions
            if s.pain_before is not None or s.pain_after is not None
        ][-PAIN_SHOWN:],
    )


def session_json(session: SessionRecord) -> dict[str, Any]:
    return {
        "id": session.id,
        "started_at": session.started_at.isoformat(),
        "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        "status": session.status,
        "stretches": [{"id": i, "outcome": o} for i, o in session.stretches],
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
    }


def history_json(
    sessions: list[SessionRecord], today: dt.date, on_hold: dict[str, Hold]
) -> dict[str, Any]:
    current = streak(practised_days(sessions), today)
    return {
        "sessions": [session_json(s) for s in sessions],
        "streak": {"current": current.current, "longest": current.longest},
        "on_hold": list(on_hold),
    }


def csv_rows(sessions: list[SessionRecord]) -> list[list[str]]:
    rows = [CSV_HEADER]
    for s in sessions:
        rows.append(
            [
                str(s.id),
                s.started_at.isoformat(),
                s.ended_at.isoformat() if s.ended_at else "",
                s.status,
                f"{s.seconds / 60:.1f}",
                ";".join(s.ids("done")),
                ";".join(s.ids("skipped")),
                ";".join(s.ids("painful")),
                "" if s.pain_before is None else str(s.pain_before),
                "" if s.pain_after is None else str(s.pain_after),
            ]
        )
    return rows
