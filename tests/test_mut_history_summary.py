"""What `history` counts, from a small history with known answers: in Python and in SQL."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from backcoach.history import aggregates, records, summary
from backcoach.history.records import SessionRecord, read_dates, read_datetime, record
from backcoach.history.store import History
from backcoach.history.streaks import Streak, streak
from backcoach.history.summary import Period

ZONE = dt.timezone(dt.timedelta(hours=1))
TODAY = dt.date(2026, 1, 2)  # a Friday; its week began on Monday 29 December 2025


class Clock:
    def __call__(self) -> dt.datetime:
        return dt.datetime(2026, 1, 2, 12, 0, tzinfo=ZONE)


def stamp(day: str, time: str) -> str:
    return f"{day}T{time}:00+01:00"


# (start, end, status, {outcome: [ids]}, pain before, pain after)
SESSIONS = [
    *(
        (
            stamp(f"2025-12-{d}", "07:00"),
            stamp(f"2025-12-{d}", "07:05"),
            "finished",
            {"done": ["a"]},
            None,
            None,
        )
        for d in range(15, 21)
    ),
    (
        stamp("2025-12-29", "07:00"),
        stamp("2025-12-29", "07:24"),
        "finished",
        {"done": ["a", "b"], "skipped": ["c"]},
        5,
        3,
    ),
    (
        stamp("2025-12-30", "07:00"),
        stamp("2025-12-30", "07:10"),
        "finished",
        {"done": ["a"]},
        4,
        None,
    ),
    (
        stamp("2025-12-30", "19:00"),
        stamp("2025-12-30", "19:01"),
        "quit",
        {"skipped": ["a"]},
        None,
        None,
    ),
    (
        stamp("2025-12-31", "07:00"),
        stamp("2025-12-31", "07:06"),
        "interrupted",
        {"done": ["b"], "painful": ["c"]},
        None,
        6,
    ),
    (
        stamp("2026-01-01", "08:00"),
        stamp("2026-01-01", "08:30"),
        "finished",
        {"done": ["a", "b", "c"]},
        2,
        1,
    ),
    (
        stamp("2026-01-02", "09:00"),
        stamp("2026-01-02", "08:59"),
        "finished",
        {"done": ["a"]},
        None,
        None,
    ),
]


@pytest.fixture
def history(tmp_path: Path) -> History:
    opened = History.open(tmp_path / "history.sqlite3", now=Clock())
    db = opened.db
    db.execute("BEGIN")
    for start, end, status, outcomes, before, after in SESSIONS:
        session_id = db.execute(
            "INSERT INTO sessions (started_at, ended_at, status, pain_before, pain_after, "
            "host, pid) VALUES (?, ?, ?, ?, ?, 'elsewhere', 1)",
            (start, end, status, before, after),
        ).lastrowid
        for outcome, ids in outcomes.items():
            for stretch_id in ids:
                db.execute(
                    "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
                    "VALUES (?, ?, ?, ?)",
                    (session_id, stretch_id, outcome, start),
                )
    db.execute("COMMIT")
    return opened


def both(
    history: History, since: dt.date | None = None, recent: int | None = 10
) -> list[summary.Report]:
    """The report from every session, and the one counted in SQL."""
    return [
        summary.build(history.sessions(since), TODAY, recent=recent),
        aggregates.build(history, TODAY, since, recent),
    ]


def test_week_month_streak_and_what_is_folded(history: History) -> None:
    """Week and month count sessions with a stretch done and their minutes; not the empty one."""
    for report in both(history):
        assert report.today == TODAY
        assert report.streak == Streak(current=5, longest=6)
        assert report.week.sessions == 5
        assert report.week.minutes == pytest.approx(70.0)
        assert report.month.sessions == 2
        assert report.month.minutes == pytest.approx(30.0)
        assert [s.id for s in report.recent] == [12, 11, 10, 8, 7, 6, 5, 4, 3, 2]
        assert (report.older, report.empty) == (1, 1)
        assert report.pain == [(5, 3), (4, None), (None, 6), (2, 1)]


def test_calendar_is_twelve_weeks_of_stretches_done(history: History) -> None:
    """Twelve weeks from Monday 13 October; each day the stretches done, across the new year."""
    for report in both(history):
        assert len(report.calendar) == 12
        assert all(len(week) == 7 for week in report.calendar)
        assert report.calendar[0][0] == (dt.date(2025, 10, 13), 0)
        assert [n for _, n in report.calendar[-1]] == [2, 1, 1, 3, 1, 0, 0]
        assert report.calendar[-1][-1][0] == dt.date(2026, 1, 4)
        assert [n for _, n in report.calendar[-3]] == [1, 1, 1, 1, 1, 1, 0]
        assert sum(n for week in report.calendar for _, n in week) == 14


def test_since_counts_only_from_that_day(history: History) -> None:
    """From 30 December: the Monday before is left out of the week, calendar and streak."""
    for report in both(history, dt.date(2025, 12, 30)):
        assert report.streak == Streak(current=4, longest=4)
        assert (report.week.sessions, report.month.sessions) == (4, 2)
        assert report.week.minutes == pytest.approx(46.0)
        assert [n for _, n in report.calendar[-1]] == [0, 1, 1, 3, 1, 0, 0]
        assert [n for _, n in report.calendar[-3]] == [0] * 7
        assert [s.id for s in report.recent] == [12, 11, 10, 8]
        assert (report.older, report.empty) == (0, 1)
        assert report.pain == [(4, None), (None, 6), (2, 1)]


def test_all_lists_every_session_and_folds_nothing(history: History) -> None:
    """--all: every session newest first, the empty one too; nothing said to be left out."""
    for report in both(history, recent=None):
        assert [s.id for s in report.recent] == list(range(12, 0, -1))
        assert (report.older, report.empty) == (0, 0)


def test_no_recent_sessions_counts_them_all_as_older(history: History) -> None:
    """Zero recent sessions asked: none shown, every practised one older."""
    report = summary.build(history.sessions(), TODAY, recent=0)
    assert (report.recent, report.older, report.empty) == ([], 11, 1)


def test_recent_sessions_are_read_whole(history: History) -> None:
    """The latest sessions carry their stretches in order, times, status and pain."""
    for report in both(history):
        latest = report.recent[2]
        assert latest.id == 10
        assert latest.stretches == (("b", "done"), ("c", "painful"))
        assert latest.status == "interrupted"
        assert latest.started_at == dt.datetime(2025, 12, 31, 7, 0, tzinfo=ZONE)
        assert latest.ended_at == dt.datetime(2025, 12, 31, 7, 6, tzinfo=ZONE)
        assert (latest.pain_before, latest.pain_after) == (None, 6)
        assert latest.seconds == 360


def test_only_the_latest_forty_check_ins_are_charted(tmp_path: Path) -> None:
    """45 check-ins: the last 40, oldest first."""
    history = History.open(tmp_path / "h.sqlite3", now=Clock())
    for n in range(45):
        history.db.execute(
            "INSERT INTO sessions (started_at, status, pain_before, pain_after) "
            "VALUES (?, 'finished', ?, ?)",
            (
                (dt.datetime(2025, 11, 1, 7, tzinfo=ZONE) + dt.timedelta(days=n)).isoformat(),
                n % 11,
                3,
            ),
        )
    for report in both(history):
        assert report.pain == [(n % 11, 3) for n in range(5, 45)]


def test_unreadable_rows_are_counted(history: History) -> None:
    """A start that is not a time, an end that is not one, an unknown status: three unreadable."""
    db = history.db
    db.execute("UPDATE sessions SET started_at = 'yesterday' WHERE id = 1")
    db.execute("UPDATE sessions SET ended_at = 'later' WHERE id = 2")
    db.execute("UPDATE sessions SET ended_at = 5 WHERE id = 3")
    db.execute("UPDATE sessions SET started_at = 7 WHERE id = 4")
    assert aggregates.unreadable(history) == 4
    history.sessions()
    assert history.skipped == 4


# -- JSON and CSV -------------------------------------------------------------


def test_json_is_the_same_document_streamed_or_built(history: History) -> None:
    """Every session, the streak and the holds; the streamed text parses to the built one."""
    history.hold("zeta", "sore")
    out = io.StringIO()
    aggregates.write_json(history, TODAY, None, history.on_hold(), out)
    document = json.loads(out.getvalue())
    assert document == summary.history_json(history.sessions(), TODAY, history.on_hold())
    assert document["streak"] == {"current": 5, "longest": 6}
    assert document["on_hold"] == ["zeta"]
    assert document["sessions"][6] == {
        "id": 7,
        "started_at": "2025-12-29T07:00:00+01:00",
        "ended_at": "2025-12-29T07:24:00+01:00",
        "status": "finished",
        "stretches": [
            {"id": "a", "outcome": "done"},
            {"id": "b", "outcome": "done"},
            {"id": "c", "outcome": "skipped"},
        ],
        "pain_before": 5,
        "pain_after": 3,
    }
    text = out.getvalue()
    assert text.startswith(
        '{\n  "sessions": [\n    {"id": 1, "started_at": "2025-12-15T07:00:00+01:00", '
    )
    assert text.endswith(
        '}\n  ],\n  "streak": {"current": 5, "longest": 6},\n  "on_hold": ["zeta"]\n}\n'
    )
    since = io.StringIO()
    aggregates.write_json(history, TODAY, dt.date(2026, 1, 1), {}, since)
    document = json.loads(since.getvalue())
    assert [s["id"] for s in document["sessions"]] == [11, 12]
    assert document["streak"] == {"current": 2, "longest": 2}


def test_json_without_a_history_is_whole_and_empty() -> None:
    """No history: no sessions, no streak, no holds, still one JSON document."""
    out = io.StringIO()
    aggregates.write_json(None, TODAY, None, {}, out)
    assert out.getvalue() == (
        '{\n  "sessions": [],\n  "streak": {"current": 0, "longest": 0},\n  "on_hold": []\n}\n'
    )


def test_json_keeps_names_unescaped(tmp_path: Path) -> None:
    """A stretch or hold named in another script stays readable in the JSON."""
    history = History.open(tmp_path / "h.sqlite3", now=Clock())
    session_id = history.start_session()
    history.record_stretch(session_id, "étirement", "skipped")
    history.hold("étirement", "mal")
    out = io.StringIO()
    aggregates.write_json(history, TODAY, None, history.on_hold(), out)
    assert '"étirement"' in out.getvalue().split('"on_hold"')[0]
    assert "\\u00e9" not in out.getvalue()
    assert '"on_hold": ["étirement"]' in out.getvalue()
    assert json.loads(out.getvalue())["sessions"][0]["ended_at"] is None


def session(**fields: object) -> SessionRecord:
    values: dict[str, object] = {
        "id": 4,
        "started_at": dt.datetime(2026, 1, 1, 8, 0, tzinfo=ZONE),
        "ended_at": dt.datetime(2026, 1, 1, 8, 12, 30, tzinfo=ZONE),
        "status": "finished",
        "stretches": (
            ("a", "done"),
            ("b", "skipped"),
            ("c", "done"),
            ("d", "painful"),
            ("e", "skipped"),
        ),
        "pain_before": 0,
        "pain_after": 4,
    }
    values.update(fields)
    return SessionRecord(**values)  # type: ignore[arg-type]


def test_csv_has_one_row_per_session_with_every_field() -> None:
    """Ids joined by ';', minutes to a tenth, blanks for what is missing."""
    rows = summary.csv_rows(
        [session(), session(id=5, ended_at=None, pain_before=None, pain_after=None, stretches=())]
    )
    assert rows == [
        [
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
        ],
        [
            "4",
            "2026-01-01T08:00:00+01:00",
            "2026-01-01T08:12:30+01:00",
            "finished",
            "12.5",
            "a;c",
            "b;e",
            "d",
            "0",
            "4",
        ],
        ["5", "2026-01-01T08:00:00+01:00", "", "finished", "0.0", "", "", "", "", ""],
    ]


def test_session_json_of_a_running_session() -> None:
    """Still running: ended_at is null."""
    document = summary.session_json(
        session(ended_at=None, status="running", stretches=(("a", "done"),))
    )
    assert document == {
        "id": 4,
        "started_at": "2026-01-01T08:00:00+01:00",
        "ended_at": None,
        "status": "running",
        "stretches": [{"id": "a", "outcome": "done"}],
        "pain_before": 0,
        "pain_after": 4,
    }


def test_history_json_names_the_holds_and_the_streak() -> None:
    """Streak from the days practised; empty sessions do not count."""
    from backcoach.history.records import Hold

    sessions = [
        session(id=1, started_at=dt.datetime(2025, 12, 31, 23, 0, tzinfo=ZONE)),
        session(id=2, stretches=(("a", "skipped"),)),
    ]
    hold = Hold("bridge", dt.datetime(2025, 12, 1, tzinfo=ZONE), "sore")
    document = summary.history_json(sessions, TODAY, {"bridge": hold})
    assert document["streak"] == {"current": 0, "longest": 1}
    assert document["on_hold"] == ["bridge"]
    assert [s["id"] for s in document["sessions"]] == [1, 2]


def test_period_counts_only_practised_sessions_in_range() -> None:
    """Empty sessions and sessions outside the days are left out; minutes from seconds."""
    sessions = [
        session(),
        session(id=5, stretches=(("a", "skipped"),)),
        session(
            id=6,
            started_at=dt.datetime(2025, 12, 31, 8, tzinfo=ZONE),
            ended_at=dt.datetime(2025, 12, 31, 8, 6, tzinfo=ZONE),
        ),
        session(id=7, started_at=dt.datetime(2026, 1, 3, 8, tzinfo=ZONE)),
    ]
    assert summary._period(sessions, dt.date(2026, 1, 1), TODAY) == Period(1, 12.5)
    assert summary._period(sessions, dt.date(2025, 12, 31), dt.date(2026, 1, 1)) == Period(2, 18.5)


# -- records and streaks ----------------------------------------------------------


ROW = (
    3,
    "2026-01-01T08:00:00+01:00",
    "2026-01-01T08:10:00+01:00",
    "finished",
    4,
    2,
    "gentle",
    "physio",
)


def test_a_row_is_read_into_a_record() -> None:
    """Every column in place; a session of a gone process is interrupted at its start."""
    found = record(ROW, (("a", "done"),), gone=False)
    assert found == SessionRecord(
        id=3,
        started_at=dt.datetime(2026, 1, 1, 8, tzinfo=ZONE),
        ended_at=dt.datetime(2026, 1, 1, 8, 10, tzinfo=ZONE),
        status="finished",
        stretches=(("a", "done"),),
        pain_before=4,
        pain_after=2,
        level="gentle",
        routine="physio",
    )
    assert found is not None and found.day == dt.date(2026, 1, 1) and found.practised
    running = (3, ROW[1], None, "running", None, None, None, None)
    assert record(running, (), gone=False).status == "running"  # type: ignore[union-attr]
    gone = record(running, (), gone=True)
    assert gone is not None
    assert (gone.status, gone.ended_at) == ("interrupted", gone.started_at)
    assert record((3, ROW[1], None, "finished", 0, 10, 5, b"x"), (), False) == SessionRecord(
        3, gone.started_at, None, "finished", (), 0, 10, None, None
    )


@pytest.mark.parametrize(
    "row",
    [
        (3, "not a time", None, "finished", None, None, None, None),
        (3, None, None, "finished", None, None, None, None),
        (3, ROW[1], "not a time", "finished", None, None, None, None),
        (3, ROW[1], 12, "finished", None, None, None, None),
        (3, ROW[1], None, "paused", None, None, None, None),
    ],
)
def test_a_row_that_cannot_be_read_is_none(row: tuple[object, ...]) -> None:
    """A start or end that is not a time, or an unknown status: None."""
    assert record(row, (), gone=False) is None


def test_pain_out_of_range_or_not_a_number_is_unknown() -> None:
    """Only whole numbers 0 to 10 are pain answers."""
    for bad in (-1, 11, "5", 2.5, None):
        found = record((3, ROW[1], None, "quit", bad, bad, None, None), (), False)
        assert found is not None and (found.pain_before, found.pain_after) == (None, None)


def test_times_and_dates_read_back() -> None:
    """A stamp without an offset is taken as local time; anything else is None or skipped."""
    assert read_datetime("2026-01-01T08:00:00+01:00") == dt.datetime(2026, 1, 1, 8, tzinfo=ZONE)
    naive = read_datetime("2026-01-01T08:00:00")
    assert naive == dt.datetime(2026, 1, 1, 8).astimezone()
    assert naive is not None and naive.tzinfo is not None
    assert read_datetime(20260101) is None
    assert read_datetime("soon") is None
    assert read_dates(iter(["2026-01-01", None, "later", 5, "2025-12-31"])) == {
        dt.date(2026, 1, 1),
        dt.date(2025, 12, 31),
    }


def test_seconds_never_negative_and_zero_while_running() -> None:
    """An end before the start, or no end, is no time at all."""
    assert session(ended_at=dt.datetime(2026, 1, 1, 7, tzinfo=ZONE)).seconds == 0.0
    assert session(ended_at=None).seconds == 0.0
    assert session().seconds == 750.0
    assert session().ids("skipped") == ["b", "e"]
    assert not session(stretches=(("a", "skipped"), ("b", "painful"))).practised
    assert records.practised_days([session(), session(stretches=())]) == {dt.date(2026, 1, 1)}


def test_streaks_across_gaps_months_and_years() -> None:
    """Longest and current runs, across a year's end; a day practised twice counts once."""
    days = [dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 1)]
    days += [dt.date(2025, 11, d) for d in range(1, 8)]
    assert streak(days, dt.date(2026, 1, 2)) == Streak(3, 7)
    assert streak(days, dt.date(2026, 1, 1)) == Streak(3, 7)
    assert streak(days, dt.date(2026, 1, 3)) == Streak(0, 7)
    assert streak([dt.date(2026, 2, 28), dt.date(2026, 3, 1)], dt.date(2026, 3, 1)) == Streak(2, 2)
    assert streak([dt.date(2026, 2, 27), dt.date(2026, 3, 1)], dt.date(2026, 3, 1)) == Streak(1, 1)
    assert streak([], dt.date(2026, 3, 1)) == Streak(0, 0)


def test_streak_is_a_plain_value() -> None:
    """Equal by its two numbers, hashable, shown with both."""
    assert Streak(2, 5) == Streak(2, 5)
    assert Streak(2, 5) != Streak(5, 2)
    assert Streak(2, 5) != (2, 5)
    assert hash(Streak(2, 5)) == hash(Streak(2, 5))
    assert len({Streak(2, 5), Streak(2, 5), Streak(2, 4)}) == 2
    assert repr(Streak(2, 5)) == "Streak(current=2, longest=5)"
    assert (Streak(2, 5).current, Streak(2, 5).longest) == (2, 5)


# -- the report's rows ---------------------------------------------------------------


def test_report_rows_are_the_periods_sessions_doses_and_holds(history: History) -> None:
    """30 Dec to 1 Jan: four sessions, their outcomes, doses of stretches done, holds met."""
    from backcoach.history import report_rows
    from backcoach.history.report_rows import DoseRow, HoldRow, SessionRow

    db = history.db
    for session_id, stretch_id, reps, hold, sides, prescribed in [
        (7, "a", 10, 5, None, 0),
        (8, "a", 10, 5, None, 0),
        (11, "a", 10, 5, None, 0),
        (11, "b", 12, None, "left", 1),
        (10, "b", 12, None, "left", 1),
        (10, "c", 3, 20, None, 0),
        (11, "c", 2, None, None, 0),
    ]:
        db.execute(
            "INSERT INTO session_doses VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, stretch_id, reps, hold, sides, prescribed),
        )
    for stretch_id, since, resumed in [
        ("a", "2025-12-20T07:00:00+01:00", "2025-12-29T07:00:00+01:00"),
        ("b", "2025-12-29T07:00:00+01:00", "2025-12-30T00:00:00+01:00"),
        ("c", "2026-01-02T07:00:00+01:00", None),
        ("c", "2025-12-31T07:06:00+01:00", "2026-01-02T07:00:00+01:00"),
    ]:
        db.execute(
            "INSERT INTO holds (stretch_id, since, reason, resumed_at) VALUES (?, ?, 'it hurt', ?)",
            (stretch_id, since, resumed),
        )
    rows = report_rows.read(history, dt.date(2025, 12, 30), dt.date(2026, 1, 1))
    assert (rows.first, rows.last) == (dt.date(2025, 12, 30), dt.date(2026, 1, 1))
    assert rows.sessions == [
        SessionRow(8, stamp("2025-12-30", "07:00"), "finished", 4, None, None, None, 1),
        SessionRow(9, stamp("2025-12-30", "19:00"), "quit", None, None, None, None, 0),
        SessionRow(10, stamp("2025-12-31", "07:00"), "interrupted", None, 6, None, None, 1),
        SessionRow(11, stamp("2026-01-01", "08:00"), "finished", 2, 1, None, None, 3),
    ]
    assert sorted(rows.outcomes) == [
        ("a", "done", 2),
        ("a", "skipped", 1),
        ("b", "done", 2),
        ("c", "done", 1),
        ("c", "painful", 1),
    ]
    assert rows.doses == [
        DoseRow("a", 10, 5, None, False, 2),
        DoseRow("b", 12, None, "left", True, 2),
        DoseRow("c", 2, None, None, False, 1),
    ]
    assert rows.holds == [
        HoldRow("b", "2025-12-29T07:00:00+01:00", "it hurt", "2025-12-30T00:00:00+01:00"),
        HoldRow("c", "2025-12-31T07:06:00+01:00", "it hurt", "2026-01-02T07:00:00+01:00"),
    ]
    assert rows.practised_days == [dt.date(2025, 12, d) for d in range(15, 21)] + [
        dt.date(2025, 12, 29),
        dt.date(2025, 12, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 2),
    ]
    assert report_rows.empty(rows.first, rows.last) == report_rows.ReportRows(
        rows.first, rows.last, [], [], [], [], []
    )


def test_report_rows_doses_most_used_first(history: History) -> None:
    """Two doses of one stretch: the one done more often first."""
    from backcoach.history import report_rows

    for session_id, reps in [(1, 5), (2, 6), (3, 6), (4, 6), (5, 5)]:
        history.db.execute(
            "INSERT INTO session_doses (session_id, stretch_id, reps) VALUES (?, 'a', ?)",
            (session_id, reps),
        )
    rows = report_rows.read(history, dt.date(2025, 12, 15), dt.date(2025, 12, 20))
    assert [(d.reps, d.times) for d in rows.doses] == [(6, 3), (5, 2)]
    assert len(rows.sessions) == 6


def test_a_session_dated_after_today_counts_in_no_period(tmp_path: Path) -> None:
    """A clock set wrong left a session tomorrow: this week and month count today's only."""
    history = History.open(tmp_path / "h.sqlite3", now=Clock())
    for day in ("2026-01-02", "2026-01-03", "2026-01-04"):
        session_id = history.db.execute(
            "INSERT INTO sessions (started_at, ended_at, status) VALUES (?, ?, 'finished')",
            (stamp(day, "07:00"), stamp(day, "07:10")),
        ).lastrowid
        history.db.execute(
            "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
            "VALUES (?, 'a', 'done', ?)",
            (session_id, stamp(day, "07:01")),
        )
    for report in both(history):
        assert (report.week.sessions, report.month.sessions) == (1, 1)
        assert report.week.minutes == pytest.approx(10.0)
    assert len(aggregates.build(history, TODAY).recent) == 3


def test_ten_recent_sessions_by_default(history: History) -> None:
    """Without saying how many: the ten latest sessions with a stretch done."""
    assert len(aggregates.build(history, TODAY).recent) == 10
    assert len(summary.build(history.sessions(), TODAY).recent) == 10


def test_latest_lists_practised_sessions_unless_told(history: History) -> None:
    """The latest sessions with a stretch done; asked for every one, the empty one too."""
    assert [s.id for s in aggregates.latest(history, None, 4)] == [12, 11, 10, 8]
    everything = aggregates.latest(history, None, 4, practised_only=False)
    assert [s.id for s in everything] == [12, 11, 10, 9]


def test_streak_counted_in_sql_up_to_yesterday_or_none(history: History, tmp_path: Path) -> None:
    """Practised up to yesterday still counts; two days off ends it; no history, no streak."""
    assert aggregates.streak_of(history, dt.date(2026, 1, 3)) == Streak(5, 6)
    assert aggregates.streak_of(history, dt.date(2026, 1, 4)) == Streak(0, 6)
    empty = History.open(tmp_path / "empty.sqlite3", now=Clock())
    assert aggregates.streak_of(empty, TODAY) == Streak(0, 0)
    assert aggregates.build(empty, TODAY).streak == Streak(0, 0)
