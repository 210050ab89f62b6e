"""The nudge answers from the history's small state file when it is fresh, else from SQLite."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from backcoach.history import nudge
from backcoach.history.store import History
from backcoach.history.streaks import NUDGE_STATE_FILE


def practise(*days: dt.date) -> None:
    for day in days:
        moment = dt.datetime.combine(day, dt.time(7, 30)).astimezone()
        history = History.open(now=lambda moment=moment: moment)
        session = history.start_session()
        history.record_stretch(session, "bridge", "done")
        history.end_session(session, "finished")
        history.close()


def struct(day: dt.date) -> time.struct_time:
    return time.localtime(time.mktime((day.year, day.month, day.day, 9, 0, 0, 0, 0, -1)))


TODAY = dt.date(2026, 3, 30)


def test_no_history_reminds() -> None:
    """With no history at all, the nudge reminds."""
    assert nudge.message(struct(TODAY)) == nudge.REMIND


def test_state_file_is_left_by_the_history(backcoach_home: Path) -> None:
    """Recording a done stretch leaves the last day and its streak for the nudge."""
    practise(TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1))
    state = (backcoach_home / NUDGE_STATE_FILE).read_text().split()
    assert state == [(TODAY - dt.timedelta(days=1)).isoformat(), "2"]


def test_state_file_holds_the_current_streak_not_the_longest(backcoach_home: Path) -> None:
    """After a three-day run, a gap and one day, the state says 1 (the streak now), not 3."""
    practise(*(TODAY - dt.timedelta(days=n) for n in (9, 8, 7, 1)))
    state = (backcoach_home / NUDGE_STATE_FILE).read_text().split()
    assert state == [(TODAY - dt.timedelta(days=1)).isoformat(), "1"]
    assert "keep your 1-day streak" in (nudge.message(struct(TODAY)) or "")


def test_yesterday_keeps_the_streak_alive() -> None:
    """Practised yesterday: the nudge names the streak; practised today: silence."""
    practise(TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1))
    assert "keep your 2-day streak" in (nudge.message(struct(TODAY)) or "")
    practise(TODAY)
    assert nudge.message(struct(TODAY)) is None


def test_a_gap_breaks_the_streak() -> None:
    """Last practised two days ago: a plain reminder, no streak."""
    practise(TODAY - dt.timedelta(days=2))
    assert nudge.message(struct(TODAY)) == nudge.REMIND


def test_stale_state_falls_back_to_the_history(backcoach_home: Path) -> None:
    """A state file older than the history is not trusted; SQLite answers instead."""
    practise(TODAY - dt.timedelta(days=1))
    state = backcoach_home / NUDGE_STATE_FILE
    state.write_text("2020-01-01 99\n")
    os.utime(state, (1, 1))
    assert "keep your 1-day streak" in (nudge.message(struct(TODAY)) or "")


def test_fresh_state_is_used_without_sqlite(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a fresh state file the nudge never opens SQLite."""
    practise(TODAY - dt.timedelta(days=1))

    def refuse(path: str) -> tuple[str, int]:
        raise AssertionError("SQLite was read")

    monkeypatch.setattr(nudge, "_from_history", refuse)
    assert "keep your 1-day streak" in (nudge.message(struct(TODAY)) or "")


def test_yesterday_across_a_daylight_saving_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """The day before 30 March 2026 in London is 29 March, whatever the clocks did."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        for hour in (0, 1, 2, 23):
            moment = time.localtime(time.mktime((2026, 3, 30, hour, 30, 0, 0, 0, -1)))
            assert nudge._yesterday(moment) == "2026-03-29"
        moment = time.localtime(time.mktime((2026, 3, 29, 0, 30, 0, 0, 0, -1)))
        assert nudge._yesterday(moment) == "2026-03-28"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
