"""`history`'s figures counted inside SQLite: ten years cost little more than one week.

summary.build() computes the same Report from every SessionRecord; this
reads only what the page shows: the practised days, two periods' totals,
the calendar's weeks, the latest sessions and check-ins. A test holds the
two equal on a generated year.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, TextIO

from .records import SessionRecord, record
from .streaks import Streak, streak
from .summary import PAIN_SHOWN, WEEKS_SHOWN, Period, Report

if TYPE_CHECKING:
    from .store import History, Hold

# A row that records.record() could read: a real start time and a known status.
STAMP = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:*'"
READABLE = (
    f"typeof(s.started_at) = 'text' AND s.started_at GLOB {STAMP} "
    f"AND (s.ended_at IS NULL OR (typeof(s.ended_at) = 'text' AND s.ended_at GLOB {STAMP})) "
    "AND s.status IN ('running', 'finished', 'quit', 'interrupted')"
)


def unreadable(history: History) -> int:
    """How many session rows cannot be read (damaged or edited by hand)."""
    row = history.db.execute(f"SELECT count(*) FROM sessions AS s WHERE NOT ({READABLE})")
    return int(row.fetchone()[0])


# Sessions are kept by local start time, "YYYY-MM-DDTHH:MM:SS+HH:MM": a day range is
# a string range on started_at, which the sessions_started index serves.
FROM = " FROM sessions AS s WHERE s.started_at >= :first AND s.started_at < :after"
SECONDS = (
    "max(0, (julianday(coalesce(s.ended_at, s.started_at)) - julianday(s.started_at)) * 86400)"
)
DONE = (
    "(SELECT count(*) FROM session_stretches AS t WHERE t.session_id = s.id AND t.outcome = 'done')"
)


def _span(first: dt.date | None, last: dt.date | None = None) -> dict[str, str]:
    return {
        "first": first.isoformat() if first else "",
        "after": (last + dt.timedelta(days=1)).isoformat() if last else "9999",
    }


def build(
    history: History, today: dt.date, since: dt.date | None = None, recent: int | None = 10
) -> Report:
    """The Report summary.build() gives for history.sessions(since), read with a few queries.

    `recent` sessions with a stretch done, newest first (None: every session).
    """
    history.mark_interrupted_readonly()
    db = history.db

    def period(first: dt.date) -> Period:
        # Only sessions with a stretch done count: an instant q is not practice.
        count, seconds = db.execute(
            f"SELECT count(*), coalesce(sum({SECONDS}), 0)" + FROM + f" AND {DONE} > 0",
            _span(max(first, since) if since else first, today),
        ).fetchone()
        return Period(count, seconds / 60)

    everything, practised = db.execute(
        f"SELECT count(*), coalesce(sum({DONE} > 0), 0)" + FROM + f" AND {READABLE}", _span(since)
    ).fetchone()
    shown = latest(history, since, recent if recent is not None else everything, recent is not None)

    monday = today - dt.timedelta(days=today.weekday())
    start = monday - dt.timedelta(weeks=WEEKS_SHOWN - 1)
    done = {
        dt.date.fromisoformat(day): count
        for day, count in db.execute(
            f"SELECT substr(s.started_at, 1, 10), sum({DONE})" + FROM + " GROUP BY 1",
            _span(max(start, since) if since else start),
        )
    }
    calendar = [
        [
            (day, done.get(day, 0))
            for day in (start + dt.timedelta(weeks=w, days=d) for d in range(7))
        ]
        for w in range(WEEKS_SHOWN)
    ]
    pain = db.execute(
        "SELECT pain_before, pain_after FROM (SELECT s.started_at, s.id, s.pain_before, "
        "s.pain_after" + FROM + " AND (s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL) "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT :shown) ORDER BY started_at, id",
        {**_span(since), "shown": PAIN_SHOWN},
    ).fetchall()
    return Report(
        today=today,
        streak=streak_of(history, today, since),
        week=period(monday),
        month=period(today.replace(day=1)),
        calendar=calendar,
        recent=shown,
        pain=[(before, after) for before, after in pain],
        older=practised - len(shown) if recent is not None else 0,
        empty=everything - practised if recent is not None else 0,
    )


# Days practised, then runs of consecutive days ("gaps and islands"): a day's
# julian number minus its rank is the same for every day of one run.
STREAK_RUNS = (
    "WITH days AS (SELECT DISTINCT substr(s.started_at, 1, 10) AS day"
    + FROM
    + " AND EXISTS (SELECT 1 FROM session_stretches AS t "
    "WHERE t.session_id = s.id AND t.outcome = 'done')), "
    "runs AS (SELECT day, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM days) "
    "SELECT count(*), max(day) FROM runs GROUP BY run"
)


def streak_of(history: History, today: dt.date, since: dt.date | None = None) -> Streak:
    """streaks.streak() of the days practised since `since`, counted by SQLite."""
    longest = current = 0
    ends = {today.isoformat(), (today - dt.timedelta(days=1)).isoformat()}
    for length, last in history.db.execute(STREAK_RUNS, _span(since)):
        longest = max(longest, length)
        if last in ends and last <= today.isoformat():
            current = max(current, length)
    return Streak(current, longest)


def latest(
    history: History, since: dt.date | None, count: int, practised_only: bool = True
) -> list[SessionRecord]:
    """The `count` latest readable sessions (with a stretch done, unless told), newest first."""
    rows = history.db.execute(
        "SELECT s.id, s.started_at, s.ended_at, s.status, s.pain_before, s.pain_after, "
        "s.level, s.routine"
        + FROM
        + f" AND {READABLE}"
        + (f" AND {DONE} > 0" if practised_only else "")
        + " ORDER BY s.started_at DESC, s.id DESC LIMIT :count",
        {**_span(since), "count": count},
    ).fetchall()
    outcomes: dict[int, list[tuple[str, str]]] = {row[0]: [] for row in rows}
    marks = ", ".join("?" * len(outcomes))
    for session_id, stretch_id, outcome in history.db.execute(
        "SELECT session_id, stretch_id, outcome FROM session_stretches "
        f"WHERE session_id IN ({marks}) ORDER BY id",
        list(outcomes),
    ):
        outcomes[session_id].append((stretch_id, outcome))
    gone = set(history._gone()) if any(row[3] == "running" for row in rows) else set()
    found = (record(row, tuple(outcomes[row[0]]), row[0] in gone) for row in rows)
    return [session for session in found if session is not None]


# Each session's stretches as JSON, built by SQLite: the stretches_session index
# hands them over in the order they were recorded (by id), as sessions() lists them.
SESSIONS_JSON = (
    "SELECT s.id, s.started_at, s.ended_at, s.status, s.pain_before, s.pain_after, "
    "(SELECT json_group_array(json_object('id', t.stretch_id, 'outcome', t.outcome)) "
    "FROM session_stretches AS t WHERE t.session_id = s.id), "
    "EXISTS (SELECT 1 FROM session_stretches AS t "
    "WHERE t.session_id = s.id AND t.outcome = 'done')"
    + FROM
    + f" AND {READABLE} ORDER BY s.started_at, s.id"
)


def write_json(
    history: History | None,
    today: dt.date,
    since: dt.date | None,
    on_hold: dict[str, Hold],
    out: TextIO,
) -> None:
    """summary.history_json()'s document, written a session per line as it is read.

    One JSON document whatever the history's size, in little memory: json's
    indenting encoder is pure Python and would hold the whole text at once.
    """
    practised: list[dt.date] = []
    out.write('{\n  "sessions": [')
    if history is not None:
        history.mark_interrupted_readonly()
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        rows = history.db.execute(SESSIONS_JSON, _span(since))
        for n, (session_id, started, ended, status, before, after, stretches, done) in enumerate(
            rows
        ):
            out.write(",\n    " if n else "\n    ")
            # Stored by isoformat(timespec="seconds"): already what session_json prints.
            out.write(
                f'{{"id": {session_id}, "started_at": {dumps(started)}, '
                f'"ended_at": {dumps(ended)}, "status": {dumps(status)}, '
                f'"stretches": {stretches}, "pain_before": {dumps(before)}, '
                f'"pain_after": {dumps(after)}}}'
            )
            if done:
                practised.append(dt.date.fromisoformat(started[:10]))
        out.write("\n  ")
    current = streak(practised, today)
    out.write(
        '],\n  "streak": '
        + json.dumps({"current": current.current, "longest": current.longest})
        + ',\n  "on_hold": '
        + json.dumps(list(on_hold), ensure_ascii=False)
        + "\n}\n"
    )
