"""What the engine reports, checked value by value: the next phase, jumps, the breath, the end."""

from __future__ import annotations

import pytest

from backcoach.catalogue.loader import load
from backcoach.session.engine import Engine, PhaseStarted, StretchEnded
from backcoach.session.planner import plan, prescribe

CATALOGUE = load()


def timeline_of(*ids: str):  # type: ignore[no-untyped-def]
    return plan([prescribe(CATALOGUE.by_id(i)) for i in ids], CATALOGUE.timing)


def test_next_phase_is_the_one_that_follows() -> None:
    """At every phase, frame.next_phase is the timeline's following phase (None at the last)."""
    timeline = timeline_of("bridge", "bird-dog")
    engine = Engine.start(timeline, 0.0)
    for index, phase in enumerate(timeline.phases):
        frame = engine.frame(phase.start + phase.seconds / 2)
        assert frame.phase_index == index
        expected = timeline.phases[index + 1] if index + 1 < len(timeline.phases) else None
        assert frame.next_phase == expected


def test_next_prescription_only_when_the_next_phase_starts_a_stretch() -> None:
    """next_prescription names the next stretch exactly when the next phase belongs to it."""
    timeline = timeline_of("bridge", "bird-dog")
    engine = Engine.start(timeline, 0.0)
    for phase in timeline.phases:
        frame = engine.frame(phase.start + phase.seconds / 2)
        nxt = frame.next_phase
        if nxt is not None and nxt.stretch_index != phase.stretch_index:
            assert frame.next_prescription == timeline.prescriptions[nxt.stretch_index]
        else:
            assert frame.next_prescription is None


def test_a_skip_announces_the_phase_it_lands_on() -> None:
    """After n, the first phase of the next stretch is announced once, and nothing before it."""
    timeline = timeline_of("bridge", "bird-dog")
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    events = engine.skip(3.0)
    started = [e for e in events if isinstance(e, PhaseStarted)]
    first_of_second = next(i for i, p in enumerate(timeline.phases) if p.stretch_index == 1)
    assert [e.index for e in started] == [first_of_second]
    assert [(e.stretch_id, e.outcome) for e in events if isinstance(e, StretchEnded)] == [
        ("bridge", "skipped")
    ]
    assert engine.update(3.0) == []  # announced once


def test_a_restart_announces_the_stretch_start_again() -> None:
    """b goes back to the stretch's position phase and announces it again."""
    timeline = timeline_of("bridge")
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    middle = timeline.phases[3].start + 0.5
    engine.update(middle)
    events = engine.restart(middle)
    assert [e.index for e in events if isinstance(e, PhaseStarted)] == [0]
    assert engine.frame(middle).phase_index == 0
    assert engine.frame(middle).position == pytest.approx(0.0)


def test_a_restart_during_the_rest_lets_the_stretch_end_again() -> None:
    """b in the rest after a stretch forgets its outcome, so doing it again records it again."""
    timeline = timeline_of("bridge", "bird-dog")
    rest = next(p for p in timeline.phases if p.kind == "rest")
    engine = Engine.start(timeline, 0.0)
    during_rest = rest.start + 1.0
    first = engine.update(during_rest)
    assert [(e.stretch_id, e.outcome) for e in first if isinstance(e, StretchEnded)] == [
        ("bridge", "done")
    ]
    engine.restart(during_rest)
    again = engine.update(during_rest + rest.start)  # the stretch's length later
    assert [(e.stretch_id, e.outcome) for e in again if isinstance(e, StretchEnded)] == [
        ("bridge", "done")
    ]


def test_breath_level_fills_and_empties_within_bounds() -> None:
    """The breath bar goes 0 → 1 on a breath in and 1 → 0 on a breath out; None otherwise."""
    timeline = timeline_of("bridge")
    engine = Engine.start(timeline, 0.0)
    for phase in timeline.phases:
        levels = [engine.frame(phase.start + phase.seconds * f).breath_level for f in (0.0, 0.5)]
        if phase.kind == "inhale":
            assert levels == pytest.approx([0.0, 0.5])
        elif phase.kind == "exhale":
            assert levels == pytest.approx([1.0, 0.5])
        else:
            assert levels == [None, None]
    last = timeline.phases[-1]
    assert engine.frame(last.end + 100).remaining == 0  # at the very end nothing is left


def test_remaining_counts_whole_seconds_down_to_one() -> None:
    """The countdown shows the seconds left rounded up: 5, 4, 3, 2, 1 across a 5 s phase."""
    timeline = timeline_of("bridge")
    engine = Engine.start(timeline, 0.0)
    phase = next(p for p in timeline.phases if p.seconds == 5)
    shown = [engine.frame(phase.start + t + 0.5).remaining for t in range(5)]
    assert shown == [5, 4, 3, 2, 1]


def test_a_pause_of_no_length_changes_nothing() -> None:
    """Pausing and going on at the same moment leaves the origin and pause total alone."""
    timeline = timeline_of("bridge")
    engine = Engine.start(timeline, 10.0)
    engine.toggle_pause(12.0)
    engine.toggle_pause(12.0)
    assert engine.origin == 10.0
    assert engine.paused_seconds == 0.0
    engine.toggle_pause(15.0)
    engine.toggle_pause(17.5)
    assert engine.origin == 12.5
    assert engine.paused_seconds == 2.5


def test_quit_at_the_first_instant_of_a_stretch_skips_nothing() -> None:
    """q exactly as a stretch begins records nothing for it; a moment later it is skipped."""
    timeline = timeline_of("bridge", "bird-dog")
    engine = Engine.start(timeline, 0.0)
    engine.update(0.0)
    assert [e for e in engine.quit(0.0) if isinstance(e, StretchEnded)] == []
    later = Engine.start(timeline, 0.0)
    later.update(0.5)
    ended = [e for e in later.quit(0.5) if isinstance(e, StretchEnded)]
    assert [(e.stretch_id, e.outcome) for e in ended] == [("bridge", "skipped")]


def test_phase_index_never_passes_the_last_phase() -> None:
    """Long after the end, the engine still shows the last phase, not an index beyond it."""
    timeline = timeline_of("bridge")
    engine = Engine.start(timeline, 0.0)
    assert engine.phase_index(timeline.total_seconds + 1000) == len(timeline.phases) - 1
