"""`history` read through SQL aggregates gives what summary.build() gives from every session."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from backcoach.history import aggregates, summary
from backcoach.history.store import History, default_file_name, local_now
from generated import generate
from helpers import invoke


@pytest.fixture
def history() -> History:
    """A generated year and a half, open."""
    generate(default_file_name(), 540, local_now().date(), seed=5)
    return History.open()


@pytest.mark.parametrize("recent", [10, None])
@pytest.mark.parametrize("days_back", [None, 0, 9, 40, 400])
def test_aggregates_equal_the_full_build(
    history: History, days_back: int | None, recent: int | None
) -> None:
    """Streak, week, month, calendar, recent sessions, what is folded away and pain: equal to
    build(), with --since and with --all (recent=None)."""
    today = local_now().date()
    since = None if days_back is None else today - dt.timedelta(days=days_back)
    # Sessions with nothing done are folded away and count towards no total.
    empty = history.start_session()
    history.record_stretch(empty, "bridge", "skipped")
    history.end_session(empty, "quit")
    expected = summary.build(history.sessions(since), today, recent=recent)
    found = aggregates.build(history, today, since, recent)
    assert (found.older, found.empty) == (expected.older, expected.empty)
    assert found.streak == expected.streak
    assert found.week.sessions == expected.week.sessions
    assert found.week.minutes == pytest.approx(expected.week.minutes, abs=0.01)
    assert found.month.sessions == expected.month.sessions
    assert found.month.minutes == pytest.approx(expected.month.minutes, abs=0.01)
    assert found.calendar == expected.calendar
    assert found.recent == expected.recent
    assert found.pain == expected.pain
    assert len(found.pain) == min(summary.PAIN_SHOWN, len(expected.pain))


@pytest.mark.parametrize("days_back", [None, 30])
def test_streamed_json_equals_history_json(history: History, days_back: int | None) -> None:
    """The session-per-line JSON holds exactly summary.history_json()'s document."""
    today = local_now().date()
    since = None if days_back is None else today - dt.timedelta(days=days_back)
    on_hold = history.on_hold()
    out = io.StringIO()
    aggregates.write_json(history, today, since, on_hold, out)
    assert json.loads(out.getvalue()) == summary.history_json(
        history.sessions(since), today, on_hold
    )


def test_history_json_of_no_history_is_one_document() -> None:
    """With no history file yet, --json is still one document with no sessions."""
    result = invoke("history", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "sessions": [],
        "streak": {"current": 0, "longest": 0},
        "on_hold": [],
    }
