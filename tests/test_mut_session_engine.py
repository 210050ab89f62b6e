"""The engine's frames and events from elapsed time, on a small timeline with odd lengths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.catalogue.models import Timing
from backcoach.session.engine import (
    Engine,
    Frame,
    PhaseStarted,
    SessionEnded,
    StretchEnded,
)
from backcoach.session.planner import Phase, Prescription, Timeline, build

CATALOGUE = load()
SNAPSHOTS = Path(__file__).parent / "snapshots" / "timelines"
TIMING = Timing(
    get_ready_seconds=10.0,
    setup_seconds=2.5,
    switch_side_seconds=2.0,
    inhale_seconds=2.0,
    exhale_seconds=3.0,
    move_seconds=1.5,
    release_seconds=1.25,
    rest_seconds=2.0,
)
START = 100.0  # the clock's reading when the session starts


def small() -> Timeline:
    """Pelvic tilts twice, a rest, deep abdominal once (3 s hold), a rest, bridge once."""
    return build(
        [
            Prescription(CATALOGUE.by_id("pelvic-tilts"), 2, None),
            Prescription(CATALOGUE.by_id("deep-abdominal-stretch"), 1, 3),
            Prescription(CATALOGUE.by_id("bridge"), 1, None),
        ],
        TIMING,
    )


def describe(frame: Frame) -> str:
    level = "-" if frame.breath_level is None else f"{frame.breath_level:.3f}"
    pres = frame.prescription.stretch.id if frame.prescription else "-"
    nxt = frame.next_phase.kind if frame.next_phase else "-"
    nxt_pres = frame.next_prescription.stretch.id if frame.next_prescription else "-"
    return (
        f"#{frame.phase_index} {frame.phase.kind} left={frame.remaining} breath={level}"
        f" stretch={frame.stretch_number}/{frame.stretch_count} {pres}"
        f" next={nxt}/{nxt_pres} pos={frame.position:g}/{frame.total:g}"
        f" time_left={frame.time_left} progress={frame.progress:.3f}"
        f"{' paused' if frame.paused else ''}"
    )


def event_text(event: object) -> str:
    if isinstance(event, PhaseStarted):
        return f"started #{event.index} {event.phase.kind}"
    if isinstance(event, StretchEnded):
        return f"ended {event.index} {event.stretch_id} {event.outcome}"
    assert isinstance(event, SessionEnded)
    return f"session {event.status}"


def check(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_TIMELINE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_frames_every_quarter_second_match_the_snapshot() -> None:
    """Countdown, breath bar, stretch numbers, next phase, time left and progress over time."""
    timeline = small()
    engine = Engine.start(timeline, START)
    out = []
    t = 0.0
    while t <= timeline.total_seconds + 0.5:
        out.append(f"{t:g}: {describe(engine.frame(START + t))}")
        t += 0.25
    check("engine-frames", "\n".join(out) + "\n")


def test_wake_ups_follow_seconds_bar_and_motion_steps() -> None:
    """next_change with 4 bar steps and 3 motion steps in phase 3: every wake-up, in order."""
    timeline = small()
    engine = Engine.start(timeline, START)

    def motion(index: int, phase: Phase) -> int:
        return 3 if phase.kind == "move" and index == 3 else 0  # the second move only

    now = START
    out = []
    while not engine.finished:
        events = engine.update(now)
        if engine.finished:
            out.append(f"{now - START:.4f} end {[event_text(e) for e in events]}")
            break
        deadline = engine.next_change(now, 4, motion)
        assert deadline is not None and deadline > now
        out.append(f"{now - START:.4f} -> {deadline - START:.4f} {[event_text(e) for e in events]}")
        now = deadline
    check("engine-wakeups", "\n".join(out) + "\n")


def test_wake_ups_without_bar_or_motion_come_at_whole_seconds_and_ends() -> None:
    """With no bar and no figure, wake-ups come at each countdown second and phase end only."""
    engine = Engine.start(small(), START)
    got = []
    now = START + 0.3
    for _ in range(6):
        deadline = engine.next_change(now)
        assert deadline is not None
        got.append(round(deadline - START, 6))
        now = deadline
    # setup 0-2.5: its seconds at 0.5, 1.5, its end 2.5; move 2.5-4 (1.5 s): 3, 4; release 4-5.25
    assert got == [0.5, 1.5, 2.5, 3.0, 4.0, 4.25]


def script(keys: list[tuple[float, str]], end: float = 40.0) -> str:
    """Play the small timeline with keys at given times; log events and frames, step 0.5 s."""
    timeline = small()
    engine = Engine.start(timeline, START)
    out: list[str] = []
    actions = dict(keys)
    t = 0.0
    while t <= end and not engine.finished:
        now = START + t
        key = actions.get(t)
        events: list[object] = []
        if key == "space":
            engine.toggle_pause(now)
        elif key == "n":
            events = engine.skip(now)
        elif key == "b":
            events = engine.restart(now)
        elif key == "p":
            events = engine.pain(now)
        elif key == "q":
            events = engine.quit(now)
        if key:
            out.append(f"{t:g} key {key}: {[event_text(e) for e in events]}")
        events = engine.update(now)
        if events:
            out.append(f"{t:g} update: {[event_text(e) for e in events]}")
        out.append(f"{t:g}: {describe(engine.frame(now))}")
        t += 0.5
    out.append(
        f"status={engine.status} outcomes={engine.outcomes}"
        f" paused_seconds={engine.paused_seconds:g} ended_at={engine.ended_at}"
    )
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("plain", []),
        ("pause", [(1.0, "space"), (4.0, "space"), (20.0, "space"), (21.5, "space")]),
        ("skip", [(1.0, "n"), (3.0, "n"), (14.0, "n"), (16.5, "n")]),
        ("restart", [(5.0, "b"), (9.0, "b"), (12.0, "b"), (30.0, "b")]),
        ("pain", [(5.0, "p"), (6.0, "p"), (7.0, "n"), (9.0, "space"), (21.0, "p")]),
        ("pain-paused", [(5.0, "space"), (7.0, "p"), (9.0, "space"), (10.0, "p")]),
        ("pain-last", [(24.0, "p"), (26.0, "x"), (27.0, "space")]),
        ("quit-paused", [(5.0, "space"), (8.0, "q")]),
        ("quit-rest", [(13.5, "q")]),
        ("quit-start", [(0.0, "q")]),
    ],
)
def test_keys_move_time_as_the_snapshot_shows(name: str, keys: list[tuple[float, str]]) -> None:
    """Space, n, b, p and q at set moments: the events and frames that follow, step by step."""
    check(f"engine-keys-{name}", script(keys))


def test_keys_after_the_end_or_in_a_countdown_do_nothing() -> None:
    """After the end no key changes anything; in a countdown p does nothing."""
    timeline = small()
    engine = Engine.start(timeline, START)
    engine.update(START + 1000)
    assert engine.status == "finished" and engine.ended_at == START + 1000
    assert engine.update(START + 1001) == []
    assert engine.skip(START + 1001) == []
    assert engine.pain(START + 1001) == []
    assert engine.restart(START + 1001) == []
    assert engine.quit(START + 1001) == []
    engine.toggle_pause(START + 1001)
    assert engine.paused_at is None
    assert engine.position(START + 2000) == timeline.total_seconds
    assert engine.next_change(START + 2000) is None

    first = timeline.phases[0]
    countdown = Timeline(
        (Phase("setup", 5.0, "Get", "Get.", None, first.stretch_id, 0, None, 0, 0),), ()
    )
    ready = Engine.start(countdown, 0.0)
    assert ready.pain(1.0) == []
    assert ready.frame(1.0).prescription is None
    assert ready.frame(1.0).stretch_count == 0
    assert ready.restart(2.0) == [PhaseStarted(0, countdown.phases[0])]
    assert ready.position(2.0) == 0.0
    assert ready.skip(3.0) == [SessionEnded("finished")]
    assert ready.outcomes == {}


def test_an_empty_timeline_is_refused() -> None:
    """An engine needs at least one phase."""
    with pytest.raises(ValueError, match=r"^a timeline needs at least one phase$"):
        Engine.start(Timeline((), ()), 0.0)


def test_pause_then_quit_adds_the_pause_and_freezes_the_position() -> None:
    """While paused the position stands still; quitting then counts the pause."""
    engine = Engine.start(small(), START)
    engine.toggle_pause(START + 3.0)
    assert engine.paused and engine.position(START + 9.0) == 3.0
    assert engine.next_change(START + 9.0) is None
    engine.quit(START + 9.0)
    assert engine.paused_seconds == 6.0 and not engine.paused
    assert engine.position(START + 50.0) == 3.0
    assert engine.frame(START + 50.0).paused is False


def test_deadline_is_origin_plus_position() -> None:
    """deadline(): the clock time at which a position is reached, pauses included."""
    engine = Engine.start(small(), START)
    assert engine.deadline(4.0) == START + 4.0
    engine.toggle_pause(START + 1.0)
    engine.toggle_pause(START + 3.5)
    assert engine.deadline(4.0) == START + 6.5
    assert engine.paused_seconds == 2.5


def test_pause_for_of_negative_length_changes_nothing() -> None:
    """A 'pause' ending before it starts moves nothing."""
    engine = Engine.start(small(), START)
    engine.pause_for(START + 5.0, START + 4.0)
    assert (engine.origin, engine.paused_seconds) == (START, 0.0)


def test_start_sets_origin_and_start_to_now() -> None:
    """Engine.start: the origin and the start are the clock's reading then."""
    engine = Engine.start(small(), START)
    assert (engine.origin, engine.started_at, engine.status) == (START, START, "running")


def test_no_breath_bar_on_a_hold_even_with_a_breath() -> None:
    """Only a breath in or out fills the bar: a hold tied to a breath shows none."""
    hold = Phase("hold", 10.0, "Hold", "Hold.", "in", "bridge", 0, None, 1, 1)
    engine = Engine.start(Timeline((hold,), small().prescriptions[:1]), 0.0)
    assert engine.frame(5.0).breath_level is None
