"""Run a guided session: the engine, a clock, a view, the keys, bell and voice.

`run_session` is the one loop. Everything that touches the outside world
comes in through `Environment`, so tests give it a fake clock and a string
buffer, and the real program gives it the terminal.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Protocol

from backcoach.catalogue.models import Catalogue
from backcoach.errors import Terminated

from .clock import Clock
from .engine import Engine, Event, Frame, PhaseStarted, SessionEnded, StretchEnded
from .planner import Phase, Timeline

GET_READY_CUE = "Get ready: lie down by your mat"

PAUSE_KEYS = {" "}
SKIP_KEYS = {"n", "N"}
RESTART_KEYS = {"b", "B"}
PAIN_KEYS = {"p", "P"}
QUIT_KEYS = {"q", "Q", "\x03"}
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
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    bell: bool = True
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


def spoken(phase: Phase, frame: Frame) -> str:
    """What the voice says at a phase change: the cue, with the stretch's name first."""
    text = phase.cue
    if phase.kind == "hold":
        text += f", {round(phase.seconds)} seconds"
    if frame.prescription is None:
        return text
    stretch = frame.prescription.stretch
    if phase.kind == "setup" and phase.rep == 0 and phase.cue == stretch.position_cue:
        text = f"{stretch.name}. {text}"
    return text


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
    countdown_only: bool = False,
) -> None:
    """Play `engine` to its end, acting on keys as they come.

    With `countdown_only` (the get-ready countdown) space, n and Enter skip
    to the end and q quits; nothing else applies.
    """
    clock = env.clock
    notice: str | None = None
    notice_until = -1
    force = False
    while True:
        now = clock.now()
        for event in engine.update(now):
            on_event(event)
        if engine.finished:
            return
        frame = engine.frame(now)
        if notice is not None and frame.phase_index > notice_until:
            notice = None
        env.view.show(frame, notice, force)
        force = False
        motion = getattr(env.view, "motion_steps", None)
        for key in clock.wait(engine.next_change(now, env.view.breath_steps, motion)):
            now = clock.now()
            events: list[Event] = []
            if countdown_only and key in PAUSE_KEYS | SKIP_KEYS | {"\r", "\n"}:
                events = engine.skip(now)
            elif key in QUIT_KEYS or key == EOF:
                events = engine.quit(now)
            elif key == RESIZE:
                force = True
            elif key == SUSPEND and env.suspend is not None:
                _suspend(engine, env)
                force = True
            elif countdown_only:
                pass
            elif key in PAUSE_KEYS:
                engine.toggle_pause(now)
            elif key in SKIP_KEYS:
                events = engine.skip(now)
            elif key in RESTART_KEYS:
                events = engine.restart(now)
            elif key in PAIN_KEYS:
                prescription = engine.frame(now).prescription
                name = prescription.stretch.name if prescription else "This stretch"
                events = engine.pain(now)
                notice = f"{name} stopped. {catalogue.advice.if_it_hurts}"
                notice_until = engine.frame(now).phase_index
                env.view.message(notice)
            for event in events:
                on_event(event)


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

    def on_event(event: Event) -> None:
        if isinstance(event, PhaseStarted):
            now = env.clock.now()
            if env.on_phase is not None:
                env.on_phase(event.index, now - engine.deadline(event.phase.start))
            frame = engine.frame(now)
            env.view.phase_started(frame)
            if env.bell:
                env.out.write("\a")
                env.out.flush()
            if env.speak is not None:
                env.speak(spoken(event.phase, frame))
        elif isinstance(event, StretchEnded):
            outcomes[event.index] = event.outcome
            env.recorder.stretch_ended(event.stretch_id, event.outcome)
        elif isinstance(event, SessionEnded):
            env.recorder.session_ended(event.status)

    env.view.start()
    try:
        if get_ready_seconds > 0:
            ready = Engine.start(
                get_ready_timeline(get_ready_seconds, timeline.phases[0]), env.clock.now()
            )

            def on_ready(event: Event) -> None:
                if isinstance(event, PhaseStarted):
                    env.view.phase_started(ready.frame(env.clock.now()))
                    if env.speak is not None:
                        env.speak(event.phase.cue)

            play(ready, env, catalogue, on_ready, countdown_only=True)
            if ready.status == "quit":  # before any stretch began
                on_event(SessionEnded("quit"))
                ids = [p.stretch.id for p in timeline.prescriptions]
                return SessionResult("quit", [], ready.position(env.clock.now()), 0.0, ids)
        engine = Engine.start(timeline, env.clock.now())
        play(engine, env, catalogue, on_event)
    except (KeyboardInterrupt, Terminated) as stop:
        interrupted_by = getattr(stop, "signum", signal.SIGINT)
        for event in engine.quit(env.clock.now()):
            on_event(event)
    except BaseException:
        for event in engine.quit(env.clock.now()):
            on_event(event)
        raise
    finally:
        env.view.stop()
    return _result(engine, timeline, outcomes, env, interrupted_by)


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


@dataclass
class SessionSettings:
    plain: bool = False
    bell: bool = True
    speech: list[str] | None = None  # the speech command, when --voice found one
    speed: float = 1.0
    get_ready_seconds: float = 10.0


def run_for_real(
    timeline: Timeline,
    catalogue: Catalogue,
    view: View,
    settings: SessionSettings,
    recorder: Recorder | None = None,
) -> SessionResult:
    """Run a session on the real clock: keys from the terminal unless plain."""
    from .clock import SystemClock
    from .voice import Voice

    voice = Voice(settings.speech) if settings.speech else None
    speak = voice.say if voice else None
    on_phase = _timing_probe(settings.speed)
    try:
        if settings.plain:
            env = Environment(
                SystemClock(None, settings.speed),
                view,
                bell=settings.bell,
                speak=speak,
                recorder=recorder or NullRecorder(),
                on_phase=on_phase,
            )
            return run_session(timeline, catalogue, env, settings.get_ready_seconds)
        from .terminal import SHOW_CURSOR, KeyboardTerminal

        with KeyboardTerminal() as terminal:
            env = Environment(
                SystemClock(terminal, settings.speed),
                view,
                bell=settings.bell,
                speak=speak,
                suspend=terminal.suspend,
                recorder=recorder or NullRecorder(),
                on_phase=on_phase,
            )
            try:
                return run_session(timeline, catalogue, env, settings.get_ready_seconds)
            finally:
                sys.stdout.write(SHOW_CURSOR)
                sys.stdout.flush()
    finally:
        if voice is not None:
            voice.stop()


TIMING_LOG_VAR = "BACKCOACH_TIMING_LOG"


def _timing_probe(speed: float) -> Callable[[int, float], None] | None:
    """With $BACKCOACH_TIMING_LOG set, log each phase change's lateness in real ms."""
    import os

    path = os.environ.get(TIMING_LOG_VAR)
    if not path:
        return None
    log = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole session

    def record(index: int, late: float) -> None:
        log.write(f"{index} {late / speed * 1000:.3f}\n")
        log.flush()

    return record


def ask_key(prompt: str) -> str:
    """Show `prompt` and read a single key from the terminal, echo off."""
    from .terminal import KeyboardTerminal

    sys.stdout.write(prompt)
    sys.stdout.flush()
    with KeyboardTerminal() as terminal:
        while True:
            keys = [k for k in terminal.read(None) if not k.startswith("<") or k == EOF]
            if keys:
                break
    sys.stdout.write("\n")
    return keys[0]


PAIN_PROMPT = "Pain right now, 0–10? (0–9, t for 10, Enter to skip) "


def pain_from_key(key: str) -> int | bool | None:
    """A check-in key: 0–9 and t (10) give a score, Enter or q skip (None), others False."""
    if key.isdigit() and len(key) == 1:
        return int(key)
    if key in ("t", "T"):
        return 10
    if key in ("\r", "\n", "q", "Q", "\x1b", EOF):
        return None
    return False


def ask_pain(when: str) -> int | None:
    """Ask for a pain score with one key; None when skipped."""
    while True:
        answer = pain_from_key(ask_key(f"{when.capitalize()}: {PAIN_PROMPT}"))
        if answer is not False:
            return answer if isinstance(answer, int) and not isinstance(answer, bool) else None
