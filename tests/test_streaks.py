"""Streaks of days practised: pure dates, and local dates read back from the history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backcoach.history import summary as report
from backcoach.history.store import History, practised_days
from backcoach.history.streaks import Streak, streak

D = dt.date


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def test_no_days_no_streak() -> None:
    """Nothing practised: current and longest are 0."""
    assert streak([], D(2026, 5, 10)) == Streak(current=0, longest=0)


def test_consecutive_days_up_to_today() -> None:
    """Five days in a row ending today: current and longest are 5."""
    assert streak(days(D(2026, 5, 6), 5), D(2026, 5, 10)) == Streak(5, 5)


def test_repeated_days_count_once() -> None:
    """Two sessions on one day count as one day."""
    assert streak([D(2026, 5, 9), D(2026, 5, 10), D(2026, 5, 10)], D(2026, 5, 10)) == Streak(2, 2)


def test_a_gap_resets_current_but_not_longest() -> None:
    """Four days, a missed day, then two days: current 2, longest 4."""
    practised = [*days(D(2026, 5, 1), 4), *days(D(2026, 5, 6), 2)]
    assert streak(practised, D(2026, 5, 7)) == Streak(2, 4)


def test_today_not_yet_practised_keeps_yesterdays_streak() -> None:
    """Practised up to yesterday, not yet today: the streak is still alive."""
    assert streak(days(D(2026, 5, 7), 3), D(2026, 5, 10)) == Streak(3, 3)


def test_missing_yesterday_and_today_ends_the_streak() -> None:
    """Last practised two days ago: current is 0, longest remembered."""
    assert streak(days(D(2026, 5, 5), 3), D(2026, 5, 10)) == Streak(0, 3)


def test_days_after_today_are_not_counted_as_current() -> None:
    """Only days up to today make the current streak; unordered input is fine."""
    practised = [D(2026, 5, 10), D(2026, 5, 8), D(2026, 5, 9)]
    assert streak(practised, D(2026, 5, 9)) == Streak(current=2, longest=3)


@pytest.mark.parametrize(
    ("first", "today"),
    [
        (D(2026, 1, 30), D(2026, 2, 2)),  # month end: Jan 31 -> Feb 1
        (D(2026, 12, 30), D(2027, 1, 2)),  # year end: Dec 31 -> Jan 1
        (D(2028, 2, 27), D(2028, 3, 1)),  # leap day: Feb 28 -> 29 -> Mar 1
    ],
    ids=["month-end", "year-end", "leap-day"],
)
def test_streak_runs_across_month_and_year_ends(first: dt.date, today: dt.date) -> None:
    """Four days in a row across a month or year end count as four."""
    assert streak(days(first, 4), today) == Streak(4, 4)


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at


def record(path: Path, *started: str) -> list[str]:
    """A session with one stretch done at each of `started`; return the stored started_at."""
    clock = Clock()
    history = History.open(path, now=clock)
    try:
        for stamp in started:
            clock.at = dt.datetime.fromisoformat(stamp)
            session_id = history.start_session()
            clock.at += dt.timedelta(minutes=5)
            history.record_stretch(session_id, "bridge", "done")
            history.end_session(session_id, "finished")
        return [row[0] for row in history.db.execute("SELECT started_at FROM sessions")]
    finally:
        history.close()


def sessions(path: Path):  # type: ignore[no-untyped-def]
    history = History.open(path)
    try:
        return history.sessions()
    finally:
        history.close()


def test_daylight_saving_change_keeps_three_local_days(tmp_path: Path) -> None:
    """Sessions either side of Europe/London's spring-forward are three consecutive days."""
    path = tmp_path / "history.sqlite3"
    stamps = (
        "2026-03-28T08:00:00+00:00",
        "2026-03-29T08:00:00+01:00",  # clocks went forward at 01:00 that morning
        "2026-03-30T07:30:00+01:00",
    )
    assert record(path, *stamps) == list(stamps)  # stored as local time with its offset
    found = sessions(path)
    assert practised_days(found) == {D(2026, 3, 28), D(2026, 3, 29), D(2026, 3, 30)}
    built = report.build(found, D(2026, 3, 30))
    assert built.streak == Streak(3, 3)
    assert built.week.sessions == 1  # Monday 30 March starts a new week
    assert built.month.sessions == 3


def test_late_evening_session_stays_on_its_local_date(tmp_path: Path) -> None:
    """23:30 local (04:30 UTC next day) counts for the local date, so the next morning is day 2."""
    path = tmp_path / "history.sqlite3"
    record(path, "2026-01-15T23:30:00-05:00", "2026-01-16T07:00:00-05:00")
    found = sessions(path)
    assert [s.day for s in found] == [D(2026, 1, 15), D(2026, 1, 16)]
    assert practised_days(found) == {D(2026, 1, 15), D(2026, 1, 16)}
    assert report.build(found, D(2026, 1, 16)).streak == Streak(2, 2)
    assert report.build(found, D(2026, 1, 17)).streak == Streak(2, 2)


def test_only_sessions_with_a_done_stretch_count(tmp_path: Path) -> None:
    """A day whose only session skipped everything breaks the streak."""
    path = tmp_path / "history.sqlite3"
    record(path, "2026-05-08T07:00:00+01:00", "2026-05-10T07:00:00+01:00")
    clock = Clock()
    clock.at = dt.datetime.fromisoformat("2026-05-09T07:00:00+01:00")
    history = History.open(path, now=clock)
    try:
        session_id = history.start_session()
        history.record_stretch(session_id, "bridge", "skipped")
        history.end_session(session_id, "quit")
    finally:
        history.close()
    found = sessions(path)
    assert len(found) == 3
    assert report.build(found, D(2026, 5, 10)).streak == Streak(1, 1)
