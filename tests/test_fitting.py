"""--minutes: rests first, then doses down to the source's lower bounds, then whole stretches."""

from __future__ import annotations

import json
import math

import pytest

from backcoach.catalogue.loader import load
from backcoach.errors import UsageError
from backcoach.history.store import History
from backcoach.session.fitting import MIN_REST_SECONDS, NothingFits
from backcoach.session.planner import Timeline, build, plan, prescribe
from helpers import invoke

CATALOGUE = load()
TIMING = CATALOGUE.timing
IDS = list(CATALOGUE.ids)


def fitted(minutes: float, recent: list[str] | None = None, level: str = "standard") -> Timeline:
    chosen = [prescribe(s, level) for s in CATALOGUE.stretches]  # type: ignore[arg-type]
    return plan(chosen, TIMING, minutes, None, recent or [])


def kept(timeline: Timeline) -> list[str]:
    return [p.stretch.id for p in timeline.prescriptions]


def full_seconds() -> float:
    return build([prescribe(s) for s in CATALOGUE.stretches], TIMING).total_seconds


def test_rests_shorten_first_and_doses_stay() -> None:
    """A minute less than the full routine only shortens the rests; every dose stays."""
    timeline = fitted((full_seconds() - 60) / 60)
    assert list(timeline.prescriptions) == [prescribe(s) for s in CATALOGUE.stretches]
    assert len(timeline.trimmed) == 1 and timeline.trimmed[0].startswith("rests 15 → ")
    rests = {p.seconds for p in timeline.phases if p.kind == "rest"}
    assert len(rests) == 1 and MIN_REST_SECONDS <= rests.pop() < TIMING.rest_seconds
    assert timeline.total_seconds <= full_seconds() - 60
    assert timeline.left_out == ()


def test_doses_shorten_only_after_rests_are_at_their_least() -> None:
    """Once a dose is shortened, every rest is already down to its least."""
    timeline = fitted(22)
    assert any("reps" in note or "hold" in note for note in timeline.trimmed)
    assert {p.seconds for p in timeline.phases if p.kind == "rest"} == {MIN_REST_SECONDS}


def test_leaves_out_later_stretches_when_nothing_is_recent() -> None:
    """With no history, the stretches left out are the routine's last ones, and say so."""
    timeline = fitted(15)
    assert timeline.left_out
    out = [o.stretch_id for o in timeline.left_out]
    assert out == IDS[-len(out) :]
    assert {o.reason for o in timeline.left_out} == {"later in the routine"}
    assert sorted(kept(timeline) + out) == sorted(IDS)


def test_leaves_out_the_most_recently_done_first() -> None:
    """A stretch done most recently is left out before one never done or done long ago."""
    recent = ["bridge", "spine-stretch", "hip-stretch"]
    timeline = fitted(20, recent)
    out = [o.stretch_id for o in timeline.left_out]
    assert out and out[0] in recent
    assert "lower-stomach-stretch" in kept(timeline)  # never done: kept over a recent one
    assert {o.reason for o in timeline.left_out if o.stretch_id in recent} == {"done most recently"}


def test_short_mornings_rotate_through_every_stretch() -> None:
    """Eight-minute mornings, each fed the history of the last, cover all ten stretches in turn."""
    done_order: list[str] = []  # oldest first, as the history records them
    seen: list[set[str]] = []
    for _ in range(4):
        timeline = fitted(8, list(reversed(done_order)))
        today = kept(timeline)
        assert today and timeline.total_seconds <= 8 * 60
        seen.append(set(today))
        done_order = [i for i in done_order if i not in today] + today
    assert set().union(*seen) == set(IDS)
    # The second morning does none of the first morning's stretches while others wait.
    assert not seen[0] & seen[1]


@pytest.mark.parametrize("minutes", [0.5, 1])
def test_refuses_only_when_not_one_stretch_fits(minutes: float) -> None:
    """Below the shortest stretch's least time it refuses, naming that stretch and the minutes."""
    with pytest.raises(NothingFits) as caught:
        fitted(minutes)
    message = str(caught.value)
    assert "not even one stretch fits" in message
    assert "--only pelvic-tilts" in message
    shortest = build([prescribe(CATALOGUE.by_id("pelvic-tilts"), "gentle")], TIMING).total_seconds
    assert f"--minutes {math.ceil(shortest / 60)} or more" in message
    assert isinstance(caught.value, UsageError)


def test_one_stretch_that_fits_is_not_refused() -> None:
    """Two minutes hold the shortest stretch, so it runs rather than refusing."""
    timeline = fitted(2)
    assert kept(timeline) and timeline.total_seconds <= 120


def test_prescribed_lower_dose_is_never_raised() -> None:
    """A routine's dose below the source's stays as prescribed; fitting never adds to it."""
    bridge = prescribe(CATALOGUE.by_id("bridge"))
    low = [type(bridge)(bridge.stretch, 3, None, prescribed=True)]
    timeline = plan(low, TIMING, 1)
    assert timeline.prescriptions[0].reps == 3


# -- the history's order, and the command --------------------------------------------------------


def record(*ids: str) -> None:
    history = History.open()
    session = history.start_session("standard", "full", 60.0)
    for stretch_id in ids:
        history.record_stretch(session, stretch_id, "done")
    history.record_stretch(session, "bridge", "skipped")
    history.end_session(session, "finished")
    history.close()


def test_history_lists_the_most_recently_done_first() -> None:
    """recently_done: ids done, latest first; skipped ones do not count as done."""
    record("spine-stretch", "hip-stretch")
    record("bird-dog", "spine-stretch")
    history = History.open()
    try:
        assert history.recently_done() == ["spine-stretch", "bird-dog", "hip-stretch"]
    finally:
        history.close()


def test_session_minutes_leaves_out_what_the_history_says_was_done_last() -> None:
    """`session --minutes 20` leaves out yesterday's last stretch, on stderr and in the JSON."""
    record("lower-stomach-stretch", "bird-dog")
    result = invoke("session", "--minutes", "20", "--dry-run", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    left_out = data["fit"]["left_out"]
    assert left_out[0] == {"id": "bird-dog", "reason": "done most recently"}
    assert "bird-dog" not in {p["stretch"] for p in data["phases"]}
    assert "Left out today" in result.stderr and "bird-dog (done most recently)" in result.stderr
