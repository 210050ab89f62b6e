"""Plain output's lines (pipes, screen readers, --dry-run) and the system clock, in-process."""

from __future__ import annotations

import dataclasses
import io
import time

import pytest

from backcoach.catalogue.loader import load
from backcoach.session import clock as clock_module
from backcoach.session import planner
from backcoach.session.clock import SystemClock
from backcoach.session.engine import Engine
from backcoach.session.plain import PlainView, phase_words, timeline_lines

CATALOGUE = load()
FOUND = {s.id: s for s in CATALOGUE.stretches}


def plan(*ids: str) -> planner.Timeline:
    prescriptions = [planner.prescribe(FOUND[i]) for i in ids]
    return planner.plan(prescriptions, CATALOGUE.timing, None, None)


def test_dry_run_lines_of_a_stretch_with_sides_and_one_without() -> None:
    """Each phase: start, stretch (n/count), side, rep, what to do, cue, seconds; then the total."""
    lines = timeline_lines(plan("hip-stretch", "bridge"))
    assert lines[:3] == [
        "  0:00  Hip stretch (1/2) · left side · position: Kneel on LEFT knee, RIGHT foot forward"
        " · 10 s",
        "  0:10  Hip stretch (1/2) · left side · rep 1/2 · move: Back upright, hips forward,"
        " LEFT hip · 4 s",
        "  0:14  Hip stretch (1/2) · left side · rep 1/2 · hold: Hold, hips forward · 25 s",
    ]
    assert lines[7] == (
        "  1:16  Hip stretch (1/2) · right side · position: Kneel on RIGHT knee, LEFT foot forward"
        " · 6 s"
    )
    assert lines[-3:] == [
        "  4:18  Bridge (2/2) · rep 10/10 · breathe out: Breathe out, lift hips gently · 5 s",
        "  4:23  Bridge (2/2) · rep 10/10 · breathe in: Breathe in, lower hips · 4 s",
        "Total: 4:27 (37 phases)",
    ]
    assert len(lines) == 38


def test_dry_run_of_the_whole_routine_names_every_kind_of_phase() -> None:
    """Every kind of phase has its words, and times past ten minutes stay aligned."""
    lines = timeline_lines(plan(*FOUND))
    for line in (
        "  0:00  Spine stretch (1/10) · left side · position: On your back, knees bent together"
        " · 10 s",
        "  0:10  Spine stretch (1/10) · left side · rep 1/8 · breathe in: Breathe in deeply · 4 s",
        "  0:19  Spine stretch (1/10) · left side · rep 1/8 · release: Knees back to the middle"
        " · 4 s",
        "  1:54  Spine stretch (1/10) · rest: Rest, breathe easily · 15 s",
        " 10:23  Leg stretch (4/10) · rest: Rest, breathe easily · 15 s",
    ):
        assert line in lines
    assert lines[-1] == "Total: 26:29 (232 phases)"


def test_phase_words_show_fractions_of_a_second_and_leave_out_what_is_not_there() -> None:
    """No side and no rep: only the name, the kind and cue, and '2.5 s'."""
    phase = dataclasses.replace(
        plan("bridge").phases[0], side=None, rep=0, seconds=2.5, kind="rest", cue="Rest"
    )
    assert phase_words(phase, "Bridge", 3, 4) == "Bridge (3/4) · rest: Rest · 2.5 s"
    sided = dataclasses.replace(phase, side="right", rep=2, reps=3, kind="setup")
    assert (
        phase_words(sided, "Bridge", 3, 4)
        == "Bridge (3/4) · right side · rep 2/3 · position: Rest · 2.5 s"
    )


class CountingFile(io.StringIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1


def test_plain_view_prints_a_line_as_each_phase_starts() -> None:
    """'[1:05] Hip stretch (1/2) · …': the session time, then the phase's words, flushed."""
    timeline = plan("hip-stretch", "bridge")
    frame = Engine.start(timeline, 0.0).frame(0.0)
    out = CountingFile()
    view = PlainView(out)
    view.start()
    view.show(frame, "a notice", force=True)
    assert out.getvalue() == ""  # the plain view never redraws
    view.phase_started(dataclasses.replace(frame, position=65.9))
    assert out.getvalue() == (
        "[1:05] Hip stretch (1/2) · left side · position: Kneel on LEFT knee, RIGHT foot forward"
        " · 10 s\n"
    )
    assert out.flushes == 1
    view.stop()
    assert out.flushes == 1


def test_plain_view_prints_the_get_ready_countdown_without_a_time() -> None:
    """The countdown before the first stretch is its cue and length, no clock or stretch."""
    frame = Engine.start(plan("bridge"), 0.0).frame(0.0)
    countdown = dataclasses.replace(
        frame,
        prescription=None,
        phase=dataclasses.replace(frame.phase, cue="Get ready", seconds=3.0),
    )
    out = io.StringIO()
    PlainView(out).phase_started(countdown)
    assert out.getvalue() == "Get ready · 3 s\n"


def test_plain_view_marks_messages() -> None:
    """A message is a line starting with '! '."""
    out = CountingFile()
    view = PlainView(out)
    view.message("Paused. Space to go on.")
    assert out.getvalue() == "! Paused. Space to go on.\n"
    assert out.flushes == 1
    assert view.breath_steps == 0


# -- the system clock ----------------------------------------------------------------


class Monotonic:
    """time.monotonic, set by hand."""

    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class Keys:
    def __init__(self, *batches: list[str]) -> None:
        self.batches = list(batches)
        self.timeouts: list[float | None] = []

    def read(self, timeout: float | None) -> list[str]:
        self.timeouts.append(timeout)
        return self.batches.pop(0) if self.batches else []


@pytest.fixture
def monotonic(monkeypatch: pytest.MonkeyPatch) -> Monotonic:
    fake = Monotonic(1000.0)
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


@pytest.mark.parametrize("speed", [0.0, -1.0])
def test_speed_must_be_positive(speed: float) -> None:
    """--speed 0 or below is refused with the reason."""
    with pytest.raises(ValueError, match=r"^speed must be positive$"):
        SystemClock(speed=speed)


def test_a_tiny_speed_is_allowed(monotonic: Monotonic) -> None:
    """Any speed above 0 is a clock."""
    assert SystemClock(speed=0.001).now() == 0.0


def test_now_counts_from_the_start_at_the_given_speed(monotonic: Monotonic) -> None:
    """Session time starts at 0 and runs `speed` times faster than the real clock."""
    normal = SystemClock()
    fast = SystemClock(speed=4.0)
    assert normal.now() == 0.0
    monotonic.t = 1002.5
    assert normal.now() == 2.5
    assert fast.now() == 10.0
    assert normal.speed == 1.0
    assert fast.speed == 4.0


def test_wait_reads_keys_until_the_deadline_in_real_seconds(monotonic: Monotonic) -> None:
    """At speed 2, a deadline 10 session-seconds away is 5 real seconds of waiting for keys."""
    keys = Keys(["q"])
    clock = SystemClock(keys, speed=2.0)
    assert clock.keys is keys
    monotonic.t = 1001.0  # 2 session seconds in
    assert clock.wait(12.0) == ["q"]
    assert keys.timeouts == [5.0]


def test_wait_for_a_past_deadline_does_not_wait(monotonic: Monotonic) -> None:
    """A deadline already passed waits 0 seconds, never a negative time."""
    keys = Keys()
    clock = SystemClock(keys)
    monotonic.t = 1010.0
    assert clock.wait(3.0) == []
    assert keys.timeouts == [0.0]


def test_wait_with_no_deadline_waits_for_keys(monotonic: Monotonic) -> None:
    """No deadline: wait as long as it takes for a key."""
    keys = Keys(["<resize>"])
    assert SystemClock(keys).wait(None) == ["<resize>"]
    assert keys.timeouts == [None]


def test_without_keys_the_clock_sleeps_until_the_deadline(
    monotonic: Monotonic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no key source, wait sleeps (in real seconds) to the deadline and returns no keys."""
    slept: list[float] = []
    monkeypatch.setattr(clock_module.time, "sleep", slept.append)
    clock = SystemClock(speed=2.0)
    assert clock.keys is None
    assert clock.wait(6.0) == []
    assert slept == [3.0]


def test_without_keys_waiting_forever_is_refused(monotonic: Monotonic) -> None:
    """No keys and no deadline would never return: refused."""
    with pytest.raises(ValueError, match=r"^waiting forever with no keys to wake up$"):
        SystemClock().wait(None)
