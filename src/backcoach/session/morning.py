"""The morning's session from start to end, around the timed part.

The medical note (once), the pain check-in, the history, the view, the
session itself, the second check-in, and the ending. cli parses the options
and hands them here; the runner plays the timeline.

Keys are read whenever standard input is a terminal, whatever the output:
the live view needs a terminal on both ends that can draw, but plain output
(a pipe, TERM=dumb, --plain) still takes space, n, b, p and q.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from backcoach.catalogue.models import Catalogue
    from backcoach.history.store import History

    from . import runner
    from .planner import Timeline
    from .runner import SessionResult


@dataclass
class MorningOptions:
    level: str
    routine: str
    plain: bool = False
    sound: str = "tones"  # tones | bell | off
    voice: bool = False
    speech_command: str | None = None
    speed: float = 1.0
    checkin: bool = True
    get_ready_seconds: float | None = None
    pain_before: int | None = None  # given on the command line: recorded without asking
    pain_after: int | None = None
    figure: bool = True  # draw the position beside the countdown, where the terminal can


def live_view_possible(plain: bool) -> bool:
    """A live view needs a real terminal on both ends, and one that can draw."""
    return (
        not plain
        and sys.stdin.isatty()
        and sys.stdout.isatty()
        and os.environ.get("TERM", "") != "dumb"
    )


def open_history() -> History | None:
    """The history for a session, or None (said loudly) when it cannot be used."""
    from backcoach import console
    from backcoach.history.store import History, HistoryError

    try:
        return History.open()
    except HistoryError as error:
        if error.said:  # set aside earlier in this run, and said then
            console.notice("This session is NOT being recorded.")
        else:
            console.error(str(error), "This session is NOT being recorded.")
        return None


def _speech(options: MorningOptions) -> list[str] | None:
    if not options.voice:
        return None
    from backcoach import console

    from .voice import find_command

    speech = find_command(options.speech_command)
    if speech is None:
        console.notice(
            "--voice: no speech command found; install espeak-ng (or spd-say, say), "
            "or set BACKCOACH_SPEECH_COMMAND. Going on without a voice."
        )
    return speech


def run(timeline: Timeline, stretches: Catalogue, options: MorningOptions) -> int:
    """Guide this morning's session; the exit code (0, 1 not started, 128 + signal)."""
    from backcoach import console, render
    from backcoach.history import state

    from . import ask

    live = live_view_possible(options.plain)
    keys = sys.stdin.isatty()
    speech = _speech(options)
    if not state.medical_note_accepted():
        render.medical_note(stretches.advice)
        if keys:
            answer = ask.ask_key("Press y to go on, any other key to stop: ")
            if answer.lower() != "y":
                console.notice("Not started. Come back when you are ready.")
                return 1
            state.accept_medical_note()
    history = open_history()
    ask_pain = keys and options.checkin
    pain_before = options.pain_before
    if pain_before is None and ask_pain:
        pain_before = ask.ask_pain("before")
    render.session_intro(timeline, options.level, options.routine)
    recorder: Any = None
    if history is not None:
        from backcoach.history.store import HistoryRecorder

        session_id = history.start_session(
            options.level, options.routine, timeline.total_seconds, pain_before
        )
        recorder = HistoryRecorder(history, session_id)
        recorder.record(history.record_doses, _doses(timeline))
    view: runner.View
    if live:
        from .view import LiveView

        view = LiveView(stretches.advice, timeline, figure=_figure(timeline, options))
    else:
        from .plain import PlainView

        view = PlainView(sys.stdout)
    get_ready = options.get_ready_seconds
    settings = SessionSettings(
        plain=not live,
        sound=options.sound,
        terminal_bell=sys.stdout.isatty(),
        keys=keys,
        speech=speech,
        speed=options.speed,
        get_ready_seconds=stretches.timing.get_ready_seconds if get_ready is None else get_ready,
    )
    result = run_for_real(timeline, stretches, view, settings, recorder)
    pain_after = None
    if result.interrupted_by is None:
        pain_after = options.pain_after
        if pain_after is None and ask_pain and history is not None:
            pain_after = ask.ask_pain("after")
        if pain_after is not None and recorder is not None:
            recorder.record(history.set_pain_after, pain_after)  # type: ignore[union-attr]
    streak = _streak(history)
    if history is not None:
        history.close()  # after its last write, so the nudge's state is newer than all
    ending = render.Ending(result, timeline, stretches, streak, pain_before, pain_after)
    if live and ending.well_done and result.interrupted_by is None:
        from .ending import wait_on_ending

        wait_on_ending(ending)
    render.summary(ending)
    if recorder is not None and recorder.failed:
        console.error(recorder.failed, "Part of this session was not recorded.")
    return _exit_code(result)


def _figure(timeline: Timeline, options: MorningOptions) -> Any:
    """The live view's figure, or None when turned off or the terminal cannot draw it."""
    from .figure import can_draw

    if not options.figure or not can_draw(sys.stdout.encoding, os.environ.get("TERM")):
        return None
    from .figure import figure_provider

    return figure_provider(timeline, color=not os.environ.get("NO_COLOR"))


def _doses(timeline: Timeline) -> list[tuple[str, int, int | None, str | None, bool]]:
    """Each stretch's planned dose, for the history (and so the report)."""
    return [
        (
            p.stretch.id,
            p.reps,
            p.hold_seconds,
            p.sides[0] if p.sides and len(p.sides) == 1 else None,
            p.prescribed,
        )
        for p in timeline.prescriptions
    ]


def _streak(history: History | None) -> Any:
    if history is None:
        return None
    from backcoach.history.store import practised_days
    from backcoach.history.streaks import streak

    days = practised_days(history.sessions())
    if history.failed:  # set aside during the session: its days are not all there
        return None
    return streak(days, history.now().date())


def _exit_code(result: SessionResult) -> int:
    if result.interrupted_by == signal.SIGINT:
        return 130
    if result.interrupted_by is not None:
        return 128 + int(result.interrupted_by)
    return 0


@dataclass
class SessionSettings:
    plain: bool = False  # one line per change instead of the live view
    sound: str = "bell"  # tones | bell | off (see sound.py)
    terminal_bell: bool = True  # a bell written to stdout would be heard (it is a terminal)
    keys: bool = True  # read keys from standard input (it is a terminal)
    speech: list[str] | None = None  # the speech command, when --voice found one
    speed: float = 1.0
    get_ready_seconds: float = 10.0


def run_for_real(
    timeline: Timeline,
    catalogue: Catalogue,
    view: runner.View,
    settings: SessionSettings,
    recorder: runner.Recorder | None = None,
) -> runner.SessionResult:
    """Run a session on the real clock, with keys whenever stdin is a terminal."""
    from . import sound
    from .clock import SystemClock
    from .runner import Environment, NullRecorder, run_session
    from .voice import Voice

    voice = Voice(settings.speech) if settings.speech else None
    player, _ = sound.make_player(settings.sound, sys.stdout, settings.terminal_bell)
    on_phase = _timing_probe(settings.speed)

    def environment(clock: Any, suspend: Callable[[], None] | None = None) -> Environment:
        return Environment(
            clock,
            view,
            sound=player,
            speak=voice.say if voice else None,
            suspend=suspend,
            recorder=recorder or NullRecorder(),
            on_phase=on_phase,
        )

    try:
        if not settings.keys:
            from .terminal import StopSignals

            env = environment(SystemClock(None, settings.speed))
            with StopSignals():  # a signal that would kill records the session first
                return run_session(timeline, catalogue, env, settings.get_ready_seconds)
        from .terminal import SHOW_CURSOR, KeyboardTerminal

        with KeyboardTerminal() as terminal:
            env = environment(SystemClock(terminal, settings.speed), terminal.suspend)
            try:
                return run_session(timeline, catalogue, env, settings.get_ready_seconds)
            finally:
                if not settings.plain:
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
    try:
        log = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the whole session
    except OSError as error:
        print(
            f"Warning: {TIMING_LOG_VAR}={path!r}: cannot open it ({error.strerror}); "
            "phase timings are not logged.",
            file=sys.stderr,
        )
        return None

    def record(index: int, late: float) -> None:
        log.write(f"{index} {late / speed * 1000:.3f}\n")
        log.flush()

    return record
