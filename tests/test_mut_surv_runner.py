"""The runner's last gaps: ticks after a cut-short countdown, short countdowns, interruptions."""

from __future__ import annotations

import signal

import pytest

from backcoach.catalogue.loader import load
from backcoach.errors import Terminated
from backcoach.session import cues, sound
from backcoach.session.engine import Engine, Event
from backcoach.session.planner import Phase, Prescription, Timeline, build, plan, prescribe
from backcoach.session.runner import (
    GET_READY_CUE,
    Cues,
    Environment,
    SessionResult,
    play,
    run_session,
)
from fakes import FakeClock, RecordingView
from test_mut_session_runner import TIMING  # the same phase lengths as the runner's other tests

CATALOGUE = load()
BRIDGE = build([Prescription(CATALOGUE.by_id("bridge"), 1, None)], TIMING)


class Recorder:
    """Keeps what the history would be told."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        self.lines.append(f"{stretch_id} {outcome}")

    def session_ended(self, status: str) -> None:
        self.lines.append(f"end {status}")


class RaisingClock(FakeClock):
    """A fake clock whose wait raises `error` once the time reaches `at`."""

    def __init__(self, keys: list[tuple[float, str]], at: float, error: BaseException) -> None:
        super().__init__(keys)
        self.at, self.error = at, error

    def wait(self, deadline: float | None) -> list[str]:
        if self.t >= self.at:
            raise self.error
        return super().wait(deadline)


def test_a_countdown_cut_short_after_its_three_tick_leaves_the_first_stretch_its_ticks() -> None:
    """Space at 3.5 s of a 6 s countdown (tick at 3 heard): the setup still ticks at 3, 2, 1."""
    clock = FakeClock([(3.5, " ")])
    sounds: list[tuple[float, str]] = []
    env = Environment(clock, RecordingView(), sound=lambda name: sounds.append((clock.t, name)))
    run_session(BRIDGE, CATALOGUE, env, 6.0)
    assert [s for s in sounds if s[0] <= 10.0] == [
        (3.0, sound.TICK),
        (3.5, "new-stretch"),
        (7.0, sound.TICK),
        (8.0, sound.TICK),
        (9.0, sound.TICK),
        (10.0, "breathe-in"),
    ]


def test_the_breath_bar_s_steps_wake_the_runner() -> None:
    """A view with an 8-step breath bar is woken at each eighth of a breath phase too."""
    timeline = plan([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)
    inhale = next(p for p in timeline.phases if p.kind == "inhale")

    def waits(steps: int) -> list[float]:
        clock = FakeClock()
        run_session(timeline, CATALOGUE, Environment(clock, RecordingView(breath_steps=steps)))
        return [t for t in clock.waits if t is not None and inhale.start < t <= inhale.end]

    step = inhale.seconds / 8
    eighths = {round(inhale.start + k * step, 9) for k in range(1, 9)}
    expected = sorted({*waits(0), *eighths})
    assert waits(8) == [pytest.approx(t) for t in expected]
    assert len(expected) > len(waits(0))


@pytest.mark.parametrize("seconds", [0.5, 1.0])
def test_a_countdown_of_a_second_or_less_is_still_played(seconds: float) -> None:
    """get_ready_seconds 0.5 or 1 (the settings allow it): the get-ready cue, then the stretch."""
    clock = FakeClock()
    said: list[tuple[float, str]] = []
    view = RecordingView()
    env = Environment(clock, view, speak=lambda words: said.append((clock.t, words)))
    result = run_session(BRIDGE, CATALOGUE, env, seconds)
    assert said[:2] == [
        (0.0, GET_READY_CUE),
        (seconds, "Bridge. On your back, feet hip-width, knees bent"),
    ]
    assert [f.phase.cue for f in view.started[:1]] == [GET_READY_CUE]
    assert result.status == "finished"


@pytest.mark.parametrize(
    ("error", "recorded"),
    [
        (KeyboardInterrupt(), "end quit"),
        (Terminated(signal.SIGTERM), "end interrupted"),
    ],
)
def test_an_interruption_during_the_countdown_is_recorded(
    error: BaseException, recorded: str
) -> None:
    """Ctrl-C 2 s into the countdown records a quit session; SIGTERM an interrupted one."""
    clock = RaisingClock([], 2.0, error)
    recorder = Recorder()
    view = RecordingView()
    result = run_session(BRIDGE, CATALOGUE, Environment(clock, view, recorder=recorder), 6.0)
    assert recorder.lines == [recorded]
    assert result == SessionResult(
        "quit", [], 2.0, 0.0, ["bridge"], getattr(error, "signum", signal.SIGINT)
    )
    assert (view.starts, view.stops) == (1, 1)


class InterruptedNow(FakeClock):
    """A fake clock whose `now` raises Ctrl-C on its second reading, then reads normally."""

    def __init__(self) -> None:
        super().__init__()
        self.readings = 0

    def now(self) -> float:
        self.readings += 1
        if self.readings == 2:
            raise KeyboardInterrupt
        return super().now()


def test_ctrl_c_as_the_session_starts_without_countdown_reports_no_time_spent() -> None:
    """Ctrl-C as the first stretch starts (no countdown): a quit of 0 s, nothing reached."""
    recorder = Recorder()
    view = RecordingView()
    env = Environment(InterruptedNow(), view, recorder=recorder)
    result = run_session(BRIDGE, CATALOGUE, env, 0.0)
    assert result == SessionResult("quit", [], 0.0, 0.0, ["bridge"], signal.SIGINT)
    assert recorder.lines == ["end quit"]
    assert (view.starts, view.stops) == (1, 1)


def test_an_empty_timeline_is_refused_before_anything_starts() -> None:
    """No phases: ValueError at once; the view never starts and nothing is recorded."""
    recorder = Recorder()
    view = RecordingView()
    env = Environment(FakeClock(), view, recorder=recorder)
    with pytest.raises(ValueError, match="a timeline needs at least one phase"):
        run_session(Timeline((), ()), CATALOGUE, env, 5.0)
    assert recorder.lines == []
    assert (view.starts, view.stops) == (0, 0)


def test_a_timeline_of_one_phase_plays_after_a_countdown() -> None:
    """A single 4 s phase after a 2 s countdown: finished at 6 s, the stretch done."""
    bridge = CATALOGUE.by_id("bridge")
    only = Phase(
        "setup", 4.0, "Get into position", "Get into position.", None, "bridge", 0, None, 0, 1
    )
    timeline = Timeline((only,), (Prescription(bridge, 1, None),))
    clock = FakeClock()
    recorder = Recorder()
    result = run_session(
        timeline, CATALOGUE, Environment(clock, RecordingView(), recorder=recorder), 2.0
    )
    assert result == SessionResult("finished", [("bridge", "done")], 4.0, 0.0, [])
    assert recorder.lines == ["bridge done", "end finished"]
    assert clock.t == 6.0


class SlowToStopView(RecordingView):
    """A view whose stop takes 3 s of the clock (restoring a slow terminal)."""

    clock: FakeClock | None = None

    def stop(self) -> None:
        super().stop()
        assert self.clock is not None
        self.clock.t += 3.0


def test_a_session_s_length_ends_at_its_end_not_after_the_view_stops() -> None:
    """q at 0.5 s: the session lasted 0.5 s, not the 3 s the view takes to stop, nor 1 s."""
    clock = FakeClock([(0.5, "q")])
    view = SlowToStopView()
    view.clock = clock
    result = run_session(BRIDGE, CATALOGUE, Environment(clock, view))
    assert result == SessionResult("quit", [("bridge", "skipped")], 0.5, 0.0, [])
    assert clock.t == 3.5


def test_p_where_no_stretch_is_named_says_this_stretch_and_the_notice_lasts_its_phase() -> None:
    """Played directly, a phase of no stretch: p's notice says "This stretch", kept to its end."""
    phases = (
        Phase("setup", 3.0, "Get ready", "Get ready.", None, "bridge", 0, None, 0, 0, 0.0),
        Phase("setup", 2.0, "Still ready", "Still ready.", None, "bridge", 0, None, 0, 0, 3.0),
    )
    clock = FakeClock([(1.0, "p")])
    view = RecordingView()
    engine = Engine.start(Timeline(phases, ()), 0.0)
    events: list[Event] = []
    play(engine, Environment(clock, view), CATALOGUE, events.append, Cues(Environment(clock, view)))
    notice = f"This stretch stopped. {CATALOGUE.advice.if_it_hurts}"
    assert view.messages[0] == notice
    shown = [
        (f.phase_index, f.remaining, n) for f, n in zip(view.frames, view.notices, strict=True)
    ]
    assert shown == [
        (0, 3, None),
        (0, 2, notice),
        (0, 1, notice),
        (1, 2, None),
        (1, 1, None),
    ]
    assert cues.PAIN_STOPPED in view.messages


def test_a_session_of_no_length_sounds_its_end_and_says_nothing() -> None:
    """A timeline of one 0 s phase (a catalogue may set 0 s timings): the end sound, no words."""
    only = Phase(
        "setup", 0.0, "Get into position", "Get into position.", None, "bridge", 0, None, 0, 1
    )
    timeline = Timeline((only,), (Prescription(CATALOGUE.by_id("bridge"), 1, None),))
    heard: list[str] = []
    env = Environment(
        FakeClock(),
        RecordingView(),
        sound=lambda name: heard.append(f"sound {name}"),
        speak=lambda words: heard.append(f"say {words}"),
    )
    result = run_session(timeline, CATALOGUE, env)
    assert heard == [f"sound {sound.END}"]
    assert result == SessionResult("finished", [("bridge", "done")], 0.0, 0.0, [])
