"""`history` is honest: empty sessions kept but not counted, and nothing left out unsaid."""

from __future__ import annotations

import datetime as dt

from backcoach.history import summary
from backcoach.history.store import SessionRecord, local_now
from helpers import invoke
from test_history_cli import Seeded, at, seed

TODAY = local_now().date()


def rows(out: str) -> list[str]:
    """The table's session rows: those with a time of day in them."""
    return [line for line in out.splitlines() if ":" in line[11:18]]


def record(day: dt.date, *stretches: tuple[str, str], minutes: int = 10) -> SessionRecord:
    start = dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)
    return SessionRecord(
        id=0,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=minutes),
        status="quit",
        stretches=stretches,
        pain_before=None,
        pain_after=None,
    )


def test_empty_sessions_count_towards_no_total_streak_or_calendar() -> None:
    """Sessions with nothing done add no session, minute, streak day or calendar mark."""
    today = dt.date(2026, 11, 25)
    sessions = [
        record(today - dt.timedelta(days=1), ("bridge", "skipped"), minutes=3),
        record(today, ("bridge", "done"), ("bird-dog", "done"), minutes=10),
        record(today, minutes=1),
    ]
    report = summary.build(sessions, today)
    assert (report.week.sessions, report.week.minutes) == (1, 10)
    assert (report.month.sessions, report.month.minutes) == (1, 10)
    assert (report.streak.current, report.streak.longest) == (1, 1)
    marks = dict(day for week in report.calendar for day in week)
    assert (marks[today - dt.timedelta(days=1)], marks[today]) == (0, 2)
    assert [len(s.stretches) for s in report.recent] == [2]
    assert (report.empty, report.older) == (2, 0)


def test_history_folds_empty_sessions_away_and_says_so() -> None:
    """Sessions with nothing done are not listed nor counted; a line says they exist."""
    seed(
        Seeded(at(TODAY, 6), [("bridge", "done")], minutes=10),
        Seeded(at(TODAY, 7), [], status="quit", minutes=1),
        Seeded(at(TODAY, 8), [("bridge", "skipped")], status="quit", minutes=2),
    )
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    assert "This week: 1 session, 10 min · this month: 1 session, 10 min" in result.stdout
    assert [row.split()[3] for row in rows(result.stdout)] == ["06:00"]
    assert "Not shown: 2 sessions with no stretch done." in " ".join(result.stdout.split())


def test_history_all_lists_empty_sessions_marked_as_such() -> None:
    """--all lists every session, an empty one marked 'nothing done' in the Status column."""
    seed(
        Seeded(at(TODAY, 6), [("bridge", "done")]),
        Seeded(at(TODAY, 7), [], status="quit"),
    )
    result = invoke("history", "--all")
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("Date"))
    assert header.split()[-1] == "Status"
    listed = rows(result.stdout)
    assert [row.split()[3] for row in listed] == ["07:00", "06:00"]
    assert listed[0].rstrip().endswith("quit, nothing done")
    assert listed[1].rstrip().endswith("finished")
    assert "Not shown" not in result.stdout


def test_history_says_how_many_older_sessions_are_not_listed() -> None:
    """Twelve sessions: ten listed, and a line says two more; --all lists all twelve."""
    days = [TODAY - dt.timedelta(days=n) for n in range(12)]
    seed(*(Seeded(at(day), [("bridge", "done")]) for day in reversed(days)))
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    assert len(rows(result.stdout)) == 10
    assert "Not shown: 2 older sessions. `backcoach history --all`" in " ".join(
        result.stdout.split()
    )
    assert len(rows(invoke("history", "--all").stdout)) == 12


def test_history_since_counts_only_the_later_sessions_not_shown() -> None:
    """With --since, the line counts the sessions left out within that range."""
    days = [TODAY - dt.timedelta(days=n) for n in range(14)]
    seed(*(Seeded(at(day), [("bridge", "done")]) for day in reversed(days)))
    since = (TODAY - dt.timedelta(days=10)).isoformat()
    result = invoke("history", "--since", since)
    assert result.exit_code == 0, result.stderr
    assert len(rows(result.stdout)) == 10
    assert "Not shown: 1 older session." in " ".join(result.stdout.split())


def test_history_with_only_empty_sessions_is_not_no_sessions() -> None:
    """Only empty sessions: no 'No sessions yet' (they happened), and the fold line."""
    seed(Seeded(at(TODAY, 7), [], status="quit"))
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    assert "No sessions yet" not in result.stdout
    assert "Streak: 0 days" in result.stdout
    assert "Not shown: 1 session with no stretch done." in " ".join(result.stdout.split())
