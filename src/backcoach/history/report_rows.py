"""The rows a physiotherapist's report is built from, aggregated in SQL.

A ten-year history holds some 40,000 stretch records; the report reads
only the period's sessions and counts the rest inside SQLite, so its cost
follows the period, not the whole history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .streaks import PRACTISED_DAYS_SQL

if TYPE_CHECKING:
    from .store import History

# Sessions are kept by local start time, "YYYY-MM-DDTHH:MM:SS+HH:MM", so a
# period is a string range on started_at, which the sessions_started index serves.
IN_PERIOD = "s.started_at >= :first AND s.started_at < :after"


@dataclass(frozen=True)
class SessionRow:
    id: int
    started_at: str
    status: str
    pain_before: int | None
    pain_after: int | None
    level: str | None
    routine: str | None
    done: int  # stretches done in it


@dataclass(frozen=True)
class DoseRow:
    stretch_id: str
    reps: int
    hold_seconds: int | None
    sides: str | None
    prescribed: bool
    times: int  # times done at this dose


@dataclass(frozen=True)
class HoldRow:
    stretch_id: str
    since: str
    reason: str
    resumed_at: str | None


@dataclass(frozen=True)
class ReportRows:
    first: dt.date
    last: dt.date
    sessions: list[SessionRow]
    outcomes: list[tuple[str, str, int]]  # (stretch id, outcome, count)
    doses: list[DoseRow]
    holds: list[HoldRow]
    practised_days: list[dt.date]  # every day ever practised, for the streaks


def empty(first: dt.date, last: dt.date) -> ReportRows:
    """The rows of a person who has no history file yet."""
    return ReportRows(first, last, [], [], [], [], [])


def read(history: History, first: dt.date, last: dt.date) -> ReportRows:
    """Everything the report shows for the days first..last, both included."""
    history.mark_interrupted_readonly()
    db = history.db
    period = {"first": first.isoformat(), "after": (last + dt.timedelta(days=1)).isoformat()}
    sessions = [
        SessionRow(*row)
        for row in db.execute(
            "SELECT s.id, s.started_at, s.status, s.pain_before, s.pain_after, s.level, "
            "s.routine, (SELECT count(*) FROM session_stretches AS t "
            "WHERE t.session_id = s.id AND t.outcome = 'done') "
            f"FROM sessions AS s WHERE {IN_PERIOD} ORDER BY s.started_at, s.id",
            period,
        )
    ]
    outcomes = db.execute(
        "SELECT t.stretch_id, t.outcome, count(*) FROM session_stretches AS t "
        f"JOIN sessions AS s ON s.id = t.session_id WHERE {IN_PERIOD} "
        "GROUP BY t.stretch_id, t.outcome",
        period,
    ).fetchall()
    doses = [
        DoseRow(stretch_id, reps, hold, sides, bool(prescribed), times)
        for stretch_id, reps, hold, sides, prescribed, times in db.execute(
            "SELECT d.stretch_id, d.reps, d.hold_seconds, d.sides, d.prescribed, count(*) "
            "FROM session_doses AS d "
            "JOIN session_stretches AS t ON t.session_id = d.session_id "
            "AND t.stretch_id = d.stretch_id AND t.outcome = 'done' "
            f"JOIN sessions AS s ON s.id = d.session_id WHERE {IN_PERIOD} "
            "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 6 DESC",
            period,
        )
    ]
    holds = [
        HoldRow(*row)
        for row in db.execute(
            "SELECT stretch_id, since, reason, resumed_at FROM holds "
            "WHERE since < :after AND (resumed_at IS NULL OR resumed_at >= :first) "
            "ORDER BY since, id",
            period,
        )
    ]
    days = sorted(dt.date.fromisoformat(row[0]) for row in db.execute(PRACTISED_DAYS_SQL))
    return ReportRows(first, last, sessions, outcomes, doses, holds, days)
