"""Run a guided session: the engine, a clock, a view, the keys, sounds and voice.

`run_session` is the one loop. Everything that touches the outside world
comes in through `Environment`, so tests give it a fake clock, a string
buffer and a list for sounds, and the real program gives it the terminal.

Sounds and speech for a moment are started after its frame is drawn, and
never waited for: a slow speech program or sound player cannot make a
phase change late.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from backcoach.catalogue.models import Catalogue
from backcoach.errors import Terminated

from . import cues, sound
from .clock import Clock
from .engine import Engine, Event, Frame, PhaseStarted, SessionEnded, StretchEnded
from .planner import Phase, Timeline

GET_READY_CUE = "Get ready: lie down by your mat"

PAUSE_KEYS = {" "}
SKIP_KEYS = {"n", "N"}
RESTART_KEYS = {"b", "B"}
PAIN_KEYS = {"p", "P"}
QUIT_KEYS = {"q", "Q", "\x03"}
ENTER_KEYS = {"\r", "\n"}
RESIZE = "<resize>"
SUSPEND = "<suspend>"
EOF = "<eof>"


class View(Protocol):
    """What the runner needs from a display: the live view or plain lines."""

    breath_steps: int

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None: ...

    def phase_started(self, frame: Frame) -> None: ...

    def message(self, text: str) -> None: ...


class Recorder(Protocol):
    """Where a session's events are kept (the history); may do nothing."""

    def stretch_ended(self, stretch_id: str, outcome: str) -> None: ...

    def session_ended(self, status: str) -> None: ...


class NullRecorder:
    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        pass

    def session_ended(self, status: str) -> None:
        pass


@dataclass
class Environment:
    """The outside world of one session."""

    clock: Clock
    view: View
    # Plays a sound by name (see sound.py); None: silence. Never waits.
    sound: Callable[[str], None] | None = None
    speak: Callable[[str], None] | None = None
    suspend: Callable[[], None] | None = None  # stop the process (Ctrl-Z), terminal restored
    recorder: Recorder = field(default_factory=NullRecorder)
    # Told how late each phase change came (clock seconds): the benchmark's probe.
    on_phase: Callable[[int, float], None] | None = None


@dataclass
class SessionResult:
    status: str  # finished | quit
    outcomes: list[tuple[str, str]]  # (stretch id, done | skipped | painful), in order
    seconds: float  # from the first phase to the end, pauses included
    paused_seconds: float
    not_reached: list[str]
    interrupted_by: int | None = None  # the signal that ended it: SIGINT, SIGTERM, SIGHUP

    def ids(self, outcome: str) -> list[str]:
        return [stretch_id for stretch_id, o in self.outcomes if o == outcome]


class Cues:
    """The sounds and words of one moment, held until its frame is on screen."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.sounds: list[str] = []
        self.words: str | None = None
        self._ticked: tuple[int, int, int] | None = None

    def phase(self, name: str, words: str | None) -> None:
        # Several phases passed in one wake-up: only the last is worth hearing.
        self.sounds = [s for s in self.sounds if s not in sound.PHASE_SOUNDS]
        self.sounds.append(name)
        if words is not None:
            self.words = words

    def tick(self, engine: Engine, frame: Frame) -> None:
        """A tick at 3, 2 and 1 seconds before a change, once each, never while paused."""
        key = (id(engine), frame.phase_index, frame.remaining)
        if frame.paused or key == self._ticked or not cues.ticks(frame.phase, frame.remaining):
            return
        self._ticked = key
        self.sounds.append(sound.TICK)

    def flush(self) -> None:
        if self.env.sound is not None:
            for name in self.sounds:
                self.env.sound(name)
        if self.words is not None and self.env.speak is not None:
            self.env.speak(self.words)
        self.sounds, self.words = [], None


def get_ready_timeline(seconds: float, first: Phase) -> Timeline:
    """A one-phase timeline for the countdown before the first stretch."""
    phase = Phase(
        "setup",
        seconds,
        GET_READY_CUE,
        GET_READY_CUE + ".",
        None,
        first.stretch_id,
        0,
        first.side,
        0,
        0,
    )
    return Timeline((phase,), ())


def play(
    engine: Engine,
    env: Environment,
    catalogue: Catalogue,
    on_event: Callable[[Event], None],
    said: Cues,
    countdown_only: bool = False,
) -> None:
    """Play `engine` to its end, acting on keys as they come.

    With `countdown_only` (the get-ready countdown) space, n and Enter skip
    to the end and q quits; nothing else applies. After `p` the engine waits
    on the advice: only space (go on) and q do anything then.
    """
    clock = env.clock
    view = env.view
    notice: str | None = None
    notice_until = -1
    force = False
    while True:
        now = clock.now()
        for event in engine.update(now):
            on_event(event)
        if engine.finished:
            said.flush()
            return
        frame = engine.frame(now)
        if notice is not None and not engine.pain_stopped and frame.phase_index > notice_until:
            notice = None
        view.show(frame, notice, force)
        force = False
        said.tick(engine, frame)
        said.flush()
        hinted = False  # one reminder of the keys per burst of unknown ones
        motion = getattr(view, "motion_steps", None)
        for key in clock.wait(engine.next_change(now, view.breath_steps, motion)):
            now = clock.now()
            events: list[Event] = []
            if countdown_only and key in PAUSE_KEYS | SKIP_KEYS | ENTER_KEYS:
                view.message(cues.STARTING_NOW)
                events = engine.skip(now)
            elif key in QUIT_KEYS or key == EOF:
                if key != EOF:
                    view.message(cues.QUITTING)
                events = engine.quit(now)
            elif key == RESIZE:
                force = True
            elif key == SUSPEND and env.suspend is not None:
                _suspend(engine, env)
                force = True
            elif key.startswith("<"):
                pass  # an event with nothing to do here
            elif countdown_only:
                if not hinted:
                    hinted = True
                    view.message(cues.COUNTDOWN_KEYS)
            elif engine.pain_stopped and key not in PAUSE_KEYS:
                if not hinted:
                    hinted = True
                    view.message(cues.PAIN_STOPPED)
            elif key in PAUSE_KEYS:
                going_on = engine.paused
                engine.toggle_pause(now)
                if going_on:
                    notice = None
                view.message(cues.RESUMED if going_on else cues.PAUSED)
            elif key in SKIP_KEYS:
                view.message(cues.skipped(_name(engine, now)))
                events = engine.skip(now)
            elif key in RESTART_KEYS:
                view.message(cues.restarting(_name(engine, now)))
                events = engine.restart(now)
            elif key in PAIN_KEYS:
                name = _name(engine, now)
                events = engine.pain(now)
                notice = f"{name} stopped. {catalogue.advice.if_it_hurts}"
                notice_until = engine.frame(now).phase_index
                view.message(notice)
                if not engine.finished:
                    view.message(cues.PAIN_STOPPED)
            elif key.isprintable() and not hinted:
                hinted = True
                view.message(cues.KEYS)
            for event in events:
                on_event(event)


def _name(engine: Engine, now: float) -> str:
    prescription = engine.frame(now).prescription
    return prescription.stretch.name if prescription else "This stretch"


def _suspend(engine: Engine, env: Environment) -> None:
    """Ctrl-Z: the session stands still while the process is stopped."""
    assert env.suspend is not None
    stopped_at = env.clock.now()
    env.view.stop()
    env.suspend()
    env.view.start()
    if not engine.paused:
        engine.pause_for(stopped_at, env.clock.now())


def run_session(
    timeline: Timeline,
    catalogue: Catalogue,
    env: Environment,
    get_ready_seconds: float = 0.0,
) -> SessionResult:
    """Guide a person through `timeline` and return what was done.

    Ctrl-C, SIGTERM and SIGHUP end the session like q (recorded as quit) and
    are reported in `interrupted_by`; any other exception propagates after the
    session is recorded as quit. The view is always stopped.
    """
    engine = Engine.start(timeline, env.clock.now())
    outcomes: dict[int, str] = {}
    interrupted_by: int | None = None
    said = Cues(env)
    narrator = cues.Narrator()
    first_phases = {
        index
        for index, phase in enumerate(timeline.phases)
        if index == 0 or timeline.phases[index - 1].stretch_index != phase.stretch_index
    }
    doing: list[Phase] = []  # the phase the person was last told to do

    def on_event(event: Event) -> None:
        if isinstance(event, PhaseStarted):
            now = env.clock.now()
            if env.on_phase is not None:
                env.on_phase(event.index, now - engine.deadline(event.phase.start))
            frame = engine.frame(now)
            env.view.phase_started(frame)
            previous = doing[-1] if doing else None
            name = cues.phase_sound(event.phase, event.index in first_phases, previous)
            words = narrator.words(event.phase, frame.prescription) if env.speak else None
            said.phase(name, words)
            doing[:] = [event.phase]
        elif isinstance(event, StretchEnded):
            outcomes[event.index] = event.outcome
            env.recorder.stretch_ended(event.stretch_id, event.outcome)
        elif isinstance(event, SessionEnded):
            if event.status == "finished":
                said.sounds.append(sound.END)
            # Ended by a signal or the terminal closing, not by the person: interrupted.
            by_person = interrupted_by in (None, signal.SIGINT)
            env.recorder.session_ended(event.status if by_person else "interrupted")

    begun = False  # until the countdown is over, no stretch has started or been skipped
    ready: Engine | None = None
    env.view.start()
    try:
        if get_ready_seconds > 0:
            ready = Engine.start(
                get_ready_timeline(get_ready_seconds, timeline.phases[0]), env.clock.now()
            )

            def on_ready(event: Event) -> None:
                if isinstance(event, PhaseStarted):
                    env.view.phase_started(ready.frame(env.clock.now()))
                    said.words = event.phase.cue

            play(ready, env, catalogue, on_ready, said, countdown_only=True)
            if ready.status == "quit":  # before any stretch began
                on_event(SessionEnded("quit"))
                ids = [p.stretch.id for p in timeline.prescriptions]
                return SessionResult("quit", [], ready.position(env.clock.now()), 0.0, ids)
        engine = Engine.start(timeline, env.clock.now())
        begun = True
        play(engine, env, catalogue, on_event, said)
    except BaseException as error:
        interrupted_by = stop_signal(error)
        if begun:
            for event in engine.quit(env.clock.now()):
                on_event(event)
        else:
            on_event(SessionEnded("quit"))
        if interrupted_by is None:
            raise
        if not begun:
            ids = [p.stretch.id for p in timeline.prescriptions]
            spent = ready.position(env.clock.now()) if ready is not None else 0.0
            return SessionResult("quit", [], spent, 0.0, ids, interrupted_by)
    finally:
        env.view.stop()
    return _result(engine, timeline, outcomes, env, interrupted_by)


def stop_signal(error: BaseException) -> int | None:
    """The signal an exception stands for: Ctrl-C, a terminating signal, or a lost terminal."""
    import errno

    if isinstance(error, KeyboardInterrupt):
        return signal.SIGINT
    if isinstance(error, Terminated):
        return error.signum
    if isinstance(error, OSError) and error.errno in (errno.EIO, errno.ENXIO):
        from backcoach import streams

        streams.terminal_lost()  # writes to it failed: the terminal closed, a hangup
        return signal.SIGHUP
    return None


def _result(
    engine: Engine,
    timeline: Timeline,
    outcomes: dict[int, str],
    env: Environment,
    interrupted_by: int | None,
) -> SessionResult:
    ended = engine.ended_at if engine.ended_at is not None else env.clock.now()
    return SessionResult(
        status=engine.status,
        outcomes=[(timeline.prescriptions[i].stretch.id, o) for i, o in sorted(outcomes.items())],
        seconds=max(0.0, ended - engine.started_at),
        paused_seconds=engine.paused_seconds,
        not_reached=[
            p.stretch.id for i, p in enumerate(timeline.prescriptions) if i not in outcomes
        ],
        interrupted_by=interrupted_by,
    )
