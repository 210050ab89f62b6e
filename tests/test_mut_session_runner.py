"""The session loop key by key: what each key does, says and sounds, on a fake clock."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.catalogue.models import Timing
from backcoach.errors import Terminated
from backcoach.session import runner
from backcoach.session.engine import Frame
from backcoach.session.planner import Prescription, Timeline, build
from backcoach.session.runner import Environment, SessionResult, run_session, stop_signal
from fakes import FakeClock

CATALOGUE = load()
SNAPSHOTS = Path(__file__).parent / "snapshots" / "timelines"
TIMING = Timing(
    get_ready_seconds=10.0,
    setup_seconds=6.5,
    switch_side_seconds=2.0,
    inhale_seconds=2.0,
    exhale_seconds=3.0,
    move_seconds=1.5,
    release_seconds=1.25,
    rest_seconds=2.0,
)


def small() -> Timeline:
    """Pelvic tilts twice, deep abdominal once with a 7 s hold, bridge once; 2 s rests."""
    return build(
        [
            Prescription(CATALOGUE.by_id("pelvic-tilts"), 2, None),
            Prescription(CATALOGUE.by_id("deep-abdominal-stretch"), 1, 7),
            Prescription(CATALOGUE.by_id("bridge"), 1, None),
        ],
        TIMING,
    )


class Log:
    """One list for everything the person would see and hear, with the clock's time."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.lines: list[str] = []
        self.last: tuple[object, ...] | None = None

    def add(self, text: str) -> None:
        self.lines.append(f"{self.clock.t:g} {text}")


class LoggingView:
    breath_steps = 0

    def __init__(self, log: Log) -> None:
        self.log = log

    def start(self) -> None:
        self.log.add("view start")

    def stop(self) -> None:
        self.log.add("view stop")

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None:
        key = (frame.phase_index, frame.remaining, frame.paused, notice, force)
        if key != self.log.last or force:
            self.log.last = key
            paused = " paused" if frame.paused else ""
            forced = " forced" if force else ""
            shown = f" notice={notice!r}" if notice is not None else ""
            self.log.add(
                f"show #{frame.phase_index} {frame.phase.kind} {frame.remaining}s"
                f" stretch {frame.stretch_number}{paused}{forced}{shown}"
            )

    def phase_started(self, frame: Frame) -> None:
        self.log.add(f"started #{frame.phase_index} {frame.phase.kind}")

    def message(self, text: str) -> None:
        self.log.add(f"message {text}")


class Recorder:
    def __init__(self, log: Log) -> None:
        self.log = log

    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        self.log.add(f"record {stretch_id} {outcome}")

    def session_ended(self, status: str) -> None:
        self.log.add(f"record end {status}")


class ScriptClock(FakeClock):
    """A fake clock that can wake late and raise an exception at a set time."""

    def __init__(self, keys, late: float = 0.0, raise_at=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(list(keys))
        self.late = late
        self.raise_at = raise_at  # (time, exception)

    def wait(self, deadline):  # type: ignore[no-untyped-def]
        if self.raise_at is not None and self.t >= self.raise_at[0]:
            raise self.raise_at[1]
        got = super().wait(deadline)
        if not got and self.late:
            self.t += self.late
        return got


def play(
    keys=(),  # type: ignore[no-untyped-def]
    get_ready: float = 0.0,
    late: float = 0.0,
    raise_at=None,  # type: ignore[no-untyped-def]
    suspend: bool = False,
    voice: bool = True,
) -> tuple[SessionResult, list[str]]:
    clock = ScriptClock(keys, late, raise_at)
    log = Log(clock)

    def suspended() -> None:
        log.add("suspended")
        clock.t += 30.0

    env = Environment(
        clock,
        LoggingView(log),
        sound=lambda name: log.add(f"sound {name}"),
        speak=(lambda words: log.add(f"say {words}")) if voice else None,
        suspend=suspended if suspend else None,
        recorder=Recorder(log),
        on_phase=lambda index, lateness: log.add(f"phase {index} late {lateness:g}"),
    )
    result = run_session(small(), CATALOGUE, env, get_ready)
    return result, log.lines


def check(name: str, result: SessionResult, lines: list[str]) -> None:
    text = "\n".join(lines) + f"\nresult {result}\n"
    path = SNAPSHOTS / f"runner-{name}.txt"
    if os.environ.get("UPDATE_TIMELINE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


SCRIPTS = {
    "no-keys": ((), 3.5),
    "pause-and-others": (
        [
            *[(1.0, " "), (3.0, " "), (4.0, "x"), (4.0, "y"), (5.0, "<resize>")],
            *[(5.5, "<focus>"), (6.0, "B"), (9.0, "N"), (12.0, "P"), (13.0, "n")],
            *[(13.0, "b"), (14.0, " "), (24.0, "Q")],
        ],
        0.0,
    ),
    "lower-case": ([(3.0, "b"), (5.0, "n"), (9.0, "p"), (10.0, "z"), (11.0, "q")], 0.0),
    "ctrl-c-key": ([(8.0, "\x03")], 0.0),
    "eof": ([(8.0, "<eof>")], 0.0),
    "pain-last": ([(32.0, "p"), (33.0, " ")], 0.0),
    "pain-rest": ([(16.0, "p"), (16.5, "p"), (17.0, " ")], 0.0),
    "countdown-hint": ([(1.0, "x"), (1.0, "b"), (1.0, "p"), (2.0, "<resize>"), (3.0, "\r")], 6.0),
    "countdown-enter": ([(1.0, "\n")], 6.0),
    "countdown-space": ([(1.0, " ")], 6.0),
    "countdown-n": ([(1.0, "N"), (2.0, "n")], 6.0),
    "countdown-quit": ([(2.5, "q")], 6.0),
    "countdown-ctrl-c": ([(2.5, "\x03")], 6.0),
    "suspend-ignored": ([(3.0, "<suspend>")], 0.0),
    "keys-inside-a-ticked-second": ([(4.2, "x"), (4.4, "<resize>"), (5.1, "y")], 0.0),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_keys_match_the_snapshot(name: str) -> None:
    """Every frame change, message, sound, word and record a script of keys gives, in order."""
    keys, ready = SCRIPTS[name]
    result, lines = play(keys, ready)
    check(name, result, lines)


def test_late_wake_ups_are_reported_and_still_announced() -> None:
    """Waking 0.3 s late: each phase change says how late it came; all are announced once."""
    result, lines = play((), 0.0, late=0.3, voice=False)
    check("late", result, lines)


def test_a_wake_up_past_several_phases_sounds_only_the_last() -> None:
    """Waking 2 s late, past a whole phase: one phase sound for that wake-up, the latest."""
    result, lines = play((), 0.0, late=2.0, voice=False)
    check("late-2s", result, lines)
    phase_sounds = [line for line in lines if " sound " in line and not line.endswith("tick")]
    times = [line.split()[0] for line in phase_sounds]
    assert len(times) == len(set(times))


def test_suspend_while_paused_adds_no_second_pause() -> None:
    """Ctrl-Z while already paused: the pause alone counts, once."""
    result, lines = play([(2.0, " "), (3.0, "<suspend>"), (40.0, " ")], suspend=True)
    check("suspend-paused", result, lines)
    result, lines = play([(3.0, "<suspend>")], suspend=True)
    assert result.paused_seconds == 30.0
    assert "3 suspended" in lines and "33 view start" in lines


@pytest.mark.parametrize(
    ("error", "signum", "recorded"),
    [
        (KeyboardInterrupt(), signal.SIGINT, "quit"),
        (Terminated(signal.SIGTERM), signal.SIGTERM, "interrupted"),
        (OSError(errno.EIO, "gone"), signal.SIGHUP, "interrupted"),
        (OSError(errno.ENXIO, "gone"), signal.SIGHUP, "interrupted"),
    ],
)
def test_signals_end_the_session_and_say_which(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, signum: int, recorded: str
) -> None:
    """Ctrl-C is a quit; SIGTERM and a lost terminal are recorded as interrupted."""
    from backcoach import streams

    lost: list[bool] = []
    monkeypatch.setattr(streams, "terminal_lost", lambda: lost.append(True))
    result, lines = play(raise_at=(5.5, error))
    assert result.interrupted_by == signum
    assert result.status == "quit"
    assert result.outcomes == [("pelvic-tilts", "skipped")]
    assert result.not_reached == ["deep-abdominal-stretch", "bridge"]
    assert result.seconds == 5.5
    assert lines[-3:] == [
        "5.5 record pelvic-tilts skipped",
        f"5.5 record end {recorded}",
        "5.5 view stop",
    ]
    assert lost == ([True] if isinstance(error, OSError) else [])


def test_signal_during_the_countdown_ends_before_any_stretch() -> None:
    """SIGTERM in the get-ready countdown: nothing done, every stretch not reached."""
    result, lines = play(get_ready=6.0, raise_at=(2.0, Terminated(signal.SIGHUP)))
    assert result == SessionResult(
        "quit",
        [],
        2.0,
        0.0,
        ["pelvic-tilts", "deep-abdominal-stretch", "bridge"],
        signal.SIGHUP,
    )
    assert lines[-2:] == ["2 record end interrupted", "2 view stop"]


def test_other_errors_propagate_after_recording_quit() -> None:
    """A crash in the countdown: recorded as quit, the view stopped, the error raised."""
    with pytest.raises(ZeroDivisionError):
        play(get_ready=6.0, raise_at=(2.0, ZeroDivisionError()))


def test_stop_signal_maps_errors_to_signals() -> None:
    """Only Ctrl-C, Terminated and a lost terminal (EIO, ENXIO) stand for a signal."""
    assert stop_signal(KeyboardInterrupt()) == signal.SIGINT
    assert stop_signal(Terminated(signal.SIGTERM)) == signal.SIGTERM
    assert stop_signal(OSError(errno.EPIPE, "pipe")) is None
    assert stop_signal(ValueError()) is None


def test_result_ids_by_outcome() -> None:
    """SessionResult.ids lists the stretches with one outcome, in order."""
    result = SessionResult("quit", [("a", "done"), ("b", "skipped"), ("c", "done")], 1.0, 0.0, [])
    assert result.ids("done") == ["a", "c"]
    assert result.ids("painful") == []


def test_get_ready_timeline_is_one_setup_phase() -> None:
    """The countdown: one setup phase with the get-ready words, on the first phase's side."""
    first = build([Prescription(CATALOGUE.by_id("hip-stretch"), 1, 20)], TIMING).phases[0]
    ready = runner.get_ready_timeline(8.0, first)
    (phase,) = ready.phases
    assert ready.prescriptions == ()
    assert (phase.kind, phase.seconds, phase.cue, phase.text) == (
        "setup",
        8.0,
        "Get ready: lie down by your mat",
        "Get ready: lie down by your mat.",
    )
    assert (phase.breath, phase.stretch_id, phase.stretch_index, phase.side) == (
        None,
        "hip-stretch",
        0,
        "left",
    )
    assert (phase.rep, phase.reps, phase.start) == (0, 0, 0.0)


def test_null_recorder_takes_anything() -> None:
    """The default recorder accepts every event and keeps nothing."""
    recorder = runner.NullRecorder()
    assert recorder.stretch_ended("bridge", "done") is None
    assert recorder.session_ended("quit") is None
