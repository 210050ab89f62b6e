"""The engine keeps time from one origin: pauses and jumps move every later deadline."""

from __future__ import annotations

import pytest

from backcoach.catalogue.loader import load
from backcoach.session.engine import Engine, PhaseStarted, SessionEnded, StretchEnded
from backcoach.session.planner import plan, prescribe

CATALOGUE = load()


def two_stretch_timeline():  # type: ignore[no-untyped-def]
    stretches = [CATALOGUE.by_id("bridge"), CATALOGUE.by_id("bird-dog")]
    return plan([prescribe(s) for s in stretches], CATALOGUE.timing)


def run_to_end(engine: Engine, start: float) -> tuple[float, list[object]]:
    """Follow next_change() deadlines like the runner does; return end time and events."""
    now = start
    events: list[object] = []
    for _ in range(100_000):
        events += engine.update(now)
        if engine.finished:
            return now, events
        deadline = engine.next_change(now, 16)
        assert deadline is not None
        assert deadline > now  # never a busy loop
        now = deadline
    raise AssertionError("the session never ended")


def test_session_ends_exactly_at_planned_length() -> None:
    """Following the engine's own deadlines, the session ends at its planned length."""
    timeline = two_stretch_timeline()
    end, events = run_to_end(Engine.start(timeline, 100.0), 100.0)
    assert end == pytest.approx(100.0 + timeline.total_seconds, abs=1e-6)
    assert isinstance(events[-1], SessionEnded)
    assert [e.outcome for e in events if isinstance(e, StretchEnded)] == ["done", "done"]


def test_every_phase_starts_once_in_order() -> None:
    """Each phase of the timeline is entered exactly once, in order."""
    timeline = two_stretch_timeline()
    _, events = run_to_end(Engine.start(timeline, 0.0), 0.0)
    started = [e.index for e in events if isinstance(e, PhaseStarted)]
    assert started == list(range(len(timeline.phases)))


def test_pause_shifts_every_later_deadline_by_the_pause() -> None:
    """A 42.5 s pause moves every later phase change by exactly 42.5 s."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    engine.toggle_pause(12.25)
    assert engine.paused
    assert engine.next_change(30.0) is None  # nothing moves while paused
    assert engine.frame(50.0).position == pytest.approx(12.25)
    engine.toggle_pause(12.25 + 42.5)
    for phase in timeline.phases[3:]:
        assert engine.deadline(phase.start) == pytest.approx(phase.start + 42.5)
    end, _ = run_to_end(engine, 54.75)
    assert end == pytest.approx(timeline.total_seconds + 42.5)
    assert engine.paused_seconds == pytest.approx(42.5)


def test_countdown_and_breath_bar() -> None:
    """The countdown rounds up; the bar fills on a breath in and empties on a breath out."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    inhale = next(p for p in timeline.phases if p.kind == "inhale")
    exhale = next(p for p in timeline.phases if p.kind == "exhale")
    frame = engine.frame(inhale.start + 1.5)
    assert frame.phase == inhale
    assert frame.remaining == 3  # 2.5 s left shows as 3
    assert frame.breath_level == pytest.approx(1.5 / inhale.seconds)
    frame = engine.frame(exhale.start + 1.0)
    assert frame.breath_level == pytest.approx(1 - 1.0 / exhale.seconds)
    assert engine.frame(0.0).breath_level is None  # no bar while getting into position


def test_next_change_wakes_for_seconds_and_bar_steps_only() -> None:
    """Wake-ups come at whole seconds of the countdown and at each bar step, no more."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    setup = timeline.phases[0]
    assert engine.next_change(0.0, 16) == pytest.approx(1.0)
    assert engine.next_change(0.4, 16) == pytest.approx(1.0)
    inhale = timeline.phases[1]
    step = inhale.seconds / 16
    assert engine.next_change(setup.end, 16) == pytest.approx(setup.end + step)
    assert engine.next_change(setup.end, 0) == pytest.approx(setup.end + 1.0)


def test_skip_marks_skipped_and_jumps_to_next_stretch() -> None:
    """n: the current stretch is skipped and the next one starts now."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    events = engine.skip(20.0)
    assert StretchEnded(0, "bridge", "skipped") in events
    frame = engine.frame(20.0)
    assert frame.phase.stretch_id == "bird-dog"
    assert frame.phase.kind == "setup"
    second_start = timeline.stretch_bounds(1)[0]
    assert engine.deadline(timeline.total_seconds) == pytest.approx(
        20.0 + timeline.total_seconds - second_start
    )


def test_skip_during_rest_only_ends_the_rest() -> None:
    """n during the rest starts the next stretch without marking anything skipped."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    rest = next(p for p in timeline.phases if p.kind == "rest")
    events = engine.update(rest.start + 1)
    assert StretchEnded(0, "bridge", "done") in events
    events = engine.skip(rest.start + 1)
    assert not [e for e in events if isinstance(e, StretchEnded)]
    assert engine.frame(rest.start + 1).phase.stretch_id == "bird-dog"


def test_skip_on_last_stretch_finishes() -> None:
    """n on the last stretch ends the session."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.skip(1.0)
    events = engine.skip(2.0)
    assert isinstance(events[-1], SessionEnded)
    assert engine.status == "finished"
    assert engine.outcomes == {0: "skipped", 1: "skipped"}


def test_restart_goes_back_to_the_stretch_start() -> None:
    """b: the stretch starts again from its position phase; later deadlines move."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(30.0)
    engine.restart(30.0)
    frame = engine.frame(30.0)
    assert frame.phase_index == 0
    assert frame.position == 0
    assert engine.deadline(timeline.total_seconds) == pytest.approx(30.0 + timeline.total_seconds)


def test_pain_marks_painful_and_waits_paused_at_the_next_stretch() -> None:
    """p: the stretch ends at once as painful; the session waits, paused, at the next one."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    events = engine.pain(15.0)
    assert events == [StretchEnded(0, "bridge", "painful")]  # the next one not announced yet
    assert engine.paused and engine.pain_stopped
    assert engine.next_change(15.0) is None
    frame = engine.frame(500.0)  # time passes; nothing moves
    assert frame.paused and frame.phase.stretch_id == "bird-dog" and frame.phase.kind == "setup"
    assert frame.position == pytest.approx(timeline.stretch_bounds(1)[0])
    assert engine.update(500.0) == []
    assert engine.outcomes == {0: "painful"}


def test_space_after_pain_goes_on_with_the_next_stretch() -> None:
    """After p, space resumes at the next stretch's start, which is announced then."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    engine.pain(15.0)
    engine.toggle_pause(100.0)
    assert not engine.paused and not engine.pain_stopped
    events = engine.update(100.0)
    assert [e.phase.stretch_id for e in events if isinstance(e, PhaseStarted)] == ["bird-dog"]
    end, events = run_to_end(engine, 100.0)
    start = timeline.stretch_bounds(1)[0]
    assert end == pytest.approx(100.0 + timeline.total_seconds - start)
    assert engine.outcomes == {0: "painful", 1: "done"}


def test_second_pain_while_the_advice_shows_does_nothing() -> None:
    """A second p while stopped on the advice changes nothing: one painful stretch."""
    engine = Engine.start(two_stretch_timeline(), 0.0)
    engine.update(0.0)
    engine.pain(15.0)
    position = engine.frame(16.0).position
    assert engine.pain(16.0) == [] and engine.pain(17.0) == []
    assert engine.outcomes == {0: "painful"}
    assert engine.frame(18.0).position == position


def test_pain_during_the_rest_turns_the_stretch_painful_once() -> None:
    """p in the rest after a stretch: that stretch becomes painful (one outcome), no second."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    rest = next(p for p in timeline.phases if p.kind == "rest")
    events = engine.update(rest.start + 2)
    assert StretchEnded(0, "bridge", "done") in events
    events = engine.pain(rest.start + 2)
    assert events == [StretchEnded(0, "bridge", "painful")]
    assert engine.outcomes == {0: "painful"}
    assert engine.frame(rest.start + 3).phase.stretch_id == "bird-dog"
    assert 1 not in engine.outcomes


def test_pain_on_the_last_stretch_waits_before_the_end() -> None:
    """p on the last stretch: the session is not over until the person goes on."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    start = timeline.stretch_bounds(1)[0]
    engine.update(start + 5)
    engine.pain(start + 5)
    assert not engine.finished and engine.update(start + 500) == []
    engine.toggle_pause(start + 600)
    assert engine.update(start + 600) == [SessionEnded("finished")]
    assert engine.outcomes == {0: "done", 1: "painful"}


def test_quit_after_pain_skips_nothing_more() -> None:
    """q while stopped on the advice: the next stretch, never begun, is not recorded."""
    engine = Engine.start(two_stretch_timeline(), 0.0)
    engine.update(0.0)
    engine.pain(15.0)
    assert engine.quit(40.0) == [SessionEnded("quit")]
    assert engine.outcomes == {0: "painful"}


def test_quit_records_the_stretch_in_progress_as_skipped() -> None:
    """q: the session ends as quit; a started stretch counts as skipped, later ones not at all."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(5.0)
    events = engine.quit(12.0)
    assert events == [StretchEnded(0, "bridge", "skipped"), SessionEnded("quit")]
    assert engine.finished
    assert engine.update(500.0) == []
    assert engine.frame(500.0).position == pytest.approx(12.0)


def test_quit_while_paused_counts_the_pause() -> None:
    """Quitting while paused still adds the pause to the paused time."""
    engine = Engine.start(two_stretch_timeline(), 0.0)
    engine.toggle_pause(10.0)
    engine.quit(25.0)
    assert engine.paused_seconds == pytest.approx(15.0)


def test_keys_after_the_end_do_nothing() -> None:
    """Once finished, skip, pain, restart and pause change nothing."""
    timeline = two_stretch_timeline()
    engine = Engine.start(timeline, 0.0)
    engine.update(timeline.total_seconds + 1)
    assert engine.status == "finished"
    assert engine.skip(1e6) == [] and engine.pain(1e6) == [] and engine.restart(1e6) == []
    engine.toggle_pause(1e6)
    assert not engine.paused
