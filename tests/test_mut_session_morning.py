"""The morning flow in-process: medical note, check-ins, the session recorded, the ending.

The terminal, the clock and the keys are fakes put where morning.py looks for them.
"""

from __future__ import annotations

import io
import signal
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.errors import Terminated
from backcoach.history import state
from backcoach.history.store import History
from backcoach.session import clock as clock_module
from backcoach.session import morning, terminal
from backcoach.session.morning import MorningOptions, SessionSettings
from backcoach.session.planner import Prescription, Timeline, build
from fakes import FakeClock

CATALOGUE = load()


def timeline() -> Timeline:
    """Pelvic tilts once (10 s setup, 4 s move, 4 s release), then bridge at the right side."""
    return build(
        [
            Prescription(CATALOGUE.by_id("pelvic-tilts"), 1, None),
            Prescription(CATALOGUE.by_id("leg-stretch"), 1, 20, sides=("right",), prescribed=True),
        ],
        CATALOGUE.timing,
    )


class Out(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


class In:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@dataclass
class World:
    """The fakes in place: answers to one-key questions, keys in the session, what was used."""

    stdout: Out
    stderr: Out
    answers: list[str]
    session_keys: list[tuple[float, str]] = field(default_factory=list)
    raise_at: tuple[float, BaseException] | None = None
    clocks: list[tuple[object, float]] = field(default_factory=list)
    made: list[FakeClock] = field(default_factory=list)
    used: list[str] = field(default_factory=list)


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def make(stdin_tty: bool = False, stdout_tty: bool = False, answers=()):  # type: ignore[no-untyped-def]
        w = World(Out(stdout_tty), Out(False), list(answers))
        monkeypatch.setattr("sys.stdin", In(stdin_tty))
        monkeypatch.setattr("sys.stdout", w.stdout)
        monkeypatch.setattr("sys.stderr", w.stderr)

        class FakeTerminal:
            def __enter__(self):  # type: ignore[no-untyped-def]
                w.used.append("keyboard")
                return self

            def __exit__(self, *exc: object) -> None:
                w.used.append("keyboard closed")

            def read(self, timeout: float | None) -> list[str]:
                assert w.answers, "a key was asked for and none is left"
                return [w.answers.pop(0)]

            def suspend(self) -> None:
                w.used.append("suspend")

        class FakeSignals:
            def __enter__(self):  # type: ignore[no-untyped-def]
                w.used.append("signals")
                return self

            def __exit__(self, *exc: object) -> None:
                w.used.append("signals closed")

        class Clock(FakeClock):
            def wait(self, deadline):  # type: ignore[no-untyped-def]
                if w.raise_at is not None and self.t >= w.raise_at[0]:
                    raise w.raise_at[1]
                return super().wait(deadline)

        def system_clock(keys=None, speed: float = 1.0):  # type: ignore[no-untyped-def]
            w.clocks.append((keys, speed))
            w.made.append(Clock(list(w.session_keys)))
            return w.made[-1]

        monkeypatch.setattr(terminal, "KeyboardTerminal", FakeTerminal)
        monkeypatch.setattr(terminal, "StopSignals", FakeSignals)
        monkeypatch.setattr(clock_module, "SystemClock", system_clock)
        monkeypatch.setenv("TERM", "xterm")
        return w

    return make


def options(**kw: object) -> MorningOptions:
    kw.setdefault("sound", "off")
    kw.setdefault("get_ready_seconds", 0.0)
    return MorningOptions(level="standard", routine="full", **kw)  # type: ignore[arg-type]


def sessions() -> list[tuple[object, ...]]:
    history = History.open()
    try:
        records = history.sessions()
        path = history.path
    finally:
        history.close()
    with sqlite3.connect(path) as db:
        doses = db.execute(
            "SELECT session_id, stretch_id, reps, hold_seconds, sides, prescribed"
            " FROM session_doses ORDER BY session_id, stretch_id"
        ).fetchall()
        planned = db.execute("SELECT planned_seconds FROM sessions ORDER BY id").fetchall()
    return (
        [(r.status, r.stretches, r.pain_before, r.pain_after, r.level, r.routine) for r in records]
        + [("doses", *d) for d in doses]
        + [("planned", *p) for p in planned]
    )


def test_without_a_terminal_the_note_shows_and_the_session_runs(world) -> None:  # type: ignore[no-untyped-def]
    """No keys: the medical note is shown, not asked; the session runs, recorded, exit 0."""
    w = world()
    code = morning.run(timeline(), CATALOGUE, options(speed=4.0))
    assert code == 0
    out = w.stdout.getvalue()
    assert CATALOGUE.advice.medical_note.split()[0] in out
    assert "Today: full routine, 2 stretches" in out
    assert "Session complete" in out
    assert not state.medical_note_accepted()
    assert w.used == ["signals", "signals closed"]
    assert w.clocks == [(None, 4.0)]
    assert w.stderr.getvalue() == ""
    assert "\x1b[?25h" not in out
    assert sessions() == [
        (
            "finished",
            (("pelvic-tilts", "done"), ("leg-stretch", "done")),
            None,
            None,
            "standard",
            "full",
        ),
        ("doses", 1, "leg-stretch", 1, 20, "right", 1),
        ("doses", 1, "pelvic-tilts", 1, None, None, 0),
        ("planned", timeline().total_seconds),
    ]


def test_a_no_to_the_medical_note_stops_before_anything(world) -> None:  # type: ignore[no-untyped-def]
    """Keys on, the note refused with 'n': exit 1, a notice, nothing recorded, not accepted."""
    w = world(stdin_tty=True, answers=["n"])
    assert morning.run(timeline(), CATALOGUE, options()) == 1
    assert "Press y to go on, any other key to stop: " in w.stdout.getvalue()
    assert "Not started. Come back when you are ready." in w.stderr.getvalue()
    assert not state.medical_note_accepted()
    assert w.clocks == []
    assert sessions() == []


def test_check_ins_before_and_after_are_recorded(world) -> None:  # type: ignore[no-untyped-def]
    """Y accepts the note (remembered); pain 3 before and t (10) after go into the history."""
    w = world(stdin_tty=True, answers=["Y", "3", "t"])
    code = morning.run(timeline(), CATALOGUE, options(speed=2.0))
    assert code == 0
    assert state.medical_note_accepted()
    out = w.stdout.getvalue()
    assert "Before: Pain right now, 0–10?" in out
    assert "After: Pain right now, 0–10?" in out
    assert w.answers == []
    assert w.clocks[0][1] == 2.0 and w.clocks[0][0] is not None
    assert "signals" not in w.used
    got = sessions()
    assert got[0][2:4] == (3, 10)
    assert got[0][0] == "finished"


def test_the_note_once_accepted_is_not_asked_again(world) -> None:  # type: ignore[no-untyped-def]
    """With the note accepted before, the first key asked for is the pain check-in."""
    state.accept_medical_note()
    w = world(stdin_tty=True, answers=["2", "\r"])
    assert morning.run(timeline(), CATALOGUE, options()) == 0
    assert "Press y" not in w.stdout.getvalue()
    assert CATALOGUE.advice.medical_note.split()[0] not in w.stdout.getvalue()
    assert sessions()[0][2:4] == (2, None)


def test_pain_given_on_the_command_line_is_not_asked(world) -> None:  # type: ignore[no-untyped-def]
    """--pain-before and --pain-after are recorded without a question."""
    state.accept_medical_note()
    w = world(stdin_tty=True)
    assert morning.run(timeline(), CATALOGUE, options(pain_before=4, pain_after=1)) == 0
    assert "Pain right now" not in w.stdout.getvalue()
    assert sessions()[0][2:4] == (4, 1)


def test_no_checkin_asks_nothing(world) -> None:  # type: ignore[no-untyped-def]
    """--no-checkin: no pain question before or after, nothing recorded for pain."""
    state.accept_medical_note()
    w = world(stdin_tty=True)
    assert morning.run(timeline(), CATALOGUE, options(checkin=False)) == 0
    assert "Pain right now" not in w.stdout.getvalue()
    assert sessions()[0][2:4] == (None, None)


def test_keys_in_the_session_reach_the_runner(world) -> None:  # type: ignore[no-untyped-def]
    """n in the session skips the first stretch; q quits: both in the history and the summary."""
    state.accept_medical_note()
    w = world(stdin_tty=True)
    w.session_keys = [(3.0, "n"), (20.0, "q")]
    assert morning.run(timeline(), CATALOGUE, options(checkin=False)) == 0
    assert sessions()[0][:2] == ("quit", (("pelvic-tilts", "skipped"), ("leg-stretch", "skipped")))
    out = w.stdout.getvalue()
    assert "Skipped Pelvic tilts." in out
    assert "Session stopped" in out
    assert "Stopping the session." in out


@pytest.mark.parametrize(
    ("error", "code", "status"),
    [
        (KeyboardInterrupt(), 130, "quit"),
        (Terminated(signal.SIGTERM), 143, "interrupted"),
        (Terminated(signal.SIGHUP), 129, "interrupted"),
    ],
)
def test_a_signal_ends_with_128_plus_it_and_asks_nothing_after(  # type: ignore[no-untyped-def]
    world, error: BaseException, code: int, status: str
) -> None:
    """Ctrl-C exits 130, SIGTERM 143, SIGHUP 129; no pain question after; recorded."""
    state.accept_medical_note()
    w = world(stdin_tty=True, answers=["5"])
    w.raise_at = (3.0, error)
    assert morning.run(timeline(), CATALOGUE, options()) == code
    assert "After:" not in w.stdout.getvalue()
    got = sessions()[0]
    assert got[0] == status and got[2:4] == (5, None)


def test_the_bell_rings_on_a_terminal_only(world) -> None:  # type: ignore[no-untyped-def]
    """--sound bell rings once per phase change on a terminal; into a pipe it stays silent."""
    w = world(stdout_tty=False)
    morning.run(timeline(), CATALOGUE, options(sound="bell", plain=True))
    assert "\a" not in w.stdout.getvalue()


def test_session_settings_defaults() -> None:
    """By default: live view, the bell, keys read, no voice, real speed, 10 s to get ready."""
    assert SessionSettings() == SessionSettings(
        plain=False,
        sound="bell",
        terminal_bell=True,
        keys=True,
        speech=None,
        speed=1.0,
        get_ready_seconds=10.0,
    )
    opts = MorningOptions("gentle", "short")
    assert (opts.plain, opts.sound, opts.voice, opts.speech_command, opts.speed) == (
        False,
        "tones",
        False,
        None,
        1.0,
    )
    assert (opts.checkin, opts.get_ready_seconds, opts.pain_before, opts.pain_after) == (
        True,
        None,
        None,
        None,
    )
    assert opts.figure is True


def test_get_ready_comes_from_the_catalogue_unless_given(world) -> None:  # type: ignore[no-untyped-def]
    """Without --get-ready the catalogue's 10 s countdown runs first; the session is 10 s longer."""
    w = world()
    morning.run(timeline(), CATALOGUE, options(get_ready_seconds=None))
    morning.run(timeline(), CATALOGUE, options(get_ready_seconds=2.5))
    total = timeline().total_seconds
    assert [clock.t for clock in w.made] == [total + 10.0, total + 2.5]


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_timing_log_writes_each_phase_lateness(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """$BACKCOACH_TIMING_LOG: one line per phase change, its index and lateness in real ms."""
    log = tmp_path / "timing.log"
    monkeypatch.setenv("BACKCOACH_TIMING_LOG", str(log))
    world()
    morning.run(timeline(), CATALOGUE, options())
    lines = log.read_text().splitlines()
    assert lines == [f"{i} 0.000" for i in range(len(timeline().phases))]


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_timing_log_scales_by_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe divides by the speed: 0.5 s late at speed 2 is 250 ms; appends, flushed."""
    probe_path = tmp_path / "t.log"
    probe_path.write_text("earlier\n")
    monkeypatch.setenv("BACKCOACH_TIMING_LOG", str(probe_path))
    probe = morning._timing_probe(2.0)
    assert probe is not None
    probe(3, 0.5)
    probe(4, 0.0012)
    assert probe_path.read_text() == "earlier\n3 250.000\n4 0.600\n"
    monkeypatch.setenv("BACKCOACH_TIMING_LOG", "")
    assert morning._timing_probe(1.0) is None


def test_timing_log_that_cannot_open_warns(world, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An unopenable timing log: a warning naming it, and the session runs anyway."""
    bad = tmp_path / "no" / "such" / "dir" / "t.log"
    monkeypatch.setenv("BACKCOACH_TIMING_LOG", str(bad))
    w = world()
    assert morning.run(timeline(), CATALOGUE, options()) == 0
    assert w.stderr.getvalue() == (
        f"Warning: BACKCOACH_TIMING_LOG={str(bad)!r}: cannot open it (No such file or directory);"
        " phase timings are not logged.\n"
    )


def test_voice_without_a_speech_program_says_so(world, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--voice with no speech program found: a notice, and the session goes on silently."""
    monkeypatch.setenv("PATH", str(tmp_path))
    w = world()
    assert morning.run(timeline(), CATALOGUE, options(voice=True)) == 0
    err = " ".join(w.stderr.getvalue().split())
    assert "--voice: no speech command found; install espeak-ng (or spd-say, say)," in err
    assert "or set BACKCOACH_SPEECH_COMMAND. Going on without a voice." in err


def test_exit_codes() -> None:
    """0 when nothing interrupted; 130 for Ctrl-C; 128 + the signal otherwise."""
    from backcoach.session.runner import SessionResult

    def result(signum: int | None) -> SessionResult:
        return SessionResult("quit", [], 0.0, 0.0, [], signum)

    assert morning._exit_code(result(None)) == 0
    assert morning._exit_code(result(signal.SIGINT)) == 130
    assert morning._exit_code(result(signal.SIGTERM)) == 143
    assert morning._exit_code(result(signal.SIGHUP)) == 129


def test_the_bell_rings_on_a_terminal_for_each_phase(world) -> None:  # type: ignore[no-untyped-def]
    """Output on a terminal (keys or not): one bell for each phase change."""
    w = world(stdout_tty=True)
    morning.run(timeline(), CATALOGUE, options(sound="bell"))
    assert w.stdout.getvalue().count("\a") == len(timeline().phases)


@pytest.mark.parametrize("said", [False, True])
def test_a_history_that_cannot_open_is_said_and_the_session_runs(  # type: ignore[no-untyped-def]
    world, monkeypatch: pytest.MonkeyPatch, said: bool
) -> None:
    """No history: 'NOT being recorded' (with the reason unless said before); no streak."""
    from backcoach.history.checks import HistoryError

    def refuse(*args: object, **kw: object) -> History:
        raise HistoryError("history.db is locked by a test", said=said)

    monkeypatch.setattr(History, "open", refuse)
    state.accept_medical_note()
    w = world(stdin_tty=True, answers=["4"])
    assert morning.run(timeline(), CATALOGUE, options()) == 0
    err = w.stderr.getvalue()
    assert [line for line in err.splitlines() if "NOT" in line] == [
        "This session is NOT being recorded."
    ]
    assert ("history.db is locked by a test" in err) is not said
    out = w.stdout.getvalue()
    assert "After:" not in out  # nowhere to keep the answer
    assert "Streak" not in out
    assert "Session complete" in out


def test_live_view_then_the_ending_waits_for_a_key(world) -> None:  # type: ignore[no-untyped-def]
    """A terminal on both ends: the live view, the cursor shown again, the ending screen."""
    state.accept_medical_note()
    w = world(stdin_tty=True, stdout_tty=True, answers=["1", "0", "x"])
    assert morning.run(timeline(), CATALOGUE, options(figure=False)) == 0
    out = w.stdout.getvalue()
    assert "\x1b[?1049h" in out and "\x1b[?25h" in out
    assert w.answers == []
    assert sessions()[0][2:4] == (1, 0)


def test_doses_for_the_history() -> None:
    """Each stretch's planned dose: reps, hold, the one side when only one, prescribed or not."""
    assert morning._doses(timeline()) == [
        ("pelvic-tilts", 1, None, None, False),
        ("leg-stretch", 1, 20, "right", True),
    ]
    both = build(
        [Prescription(CATALOGUE.by_id("leg-stretch"), 2, 25, sides=("left", "right"))],
        CATALOGUE.timing,
    )
    assert morning._doses(both) == [("leg-stretch", 2, 25, None, False)]


BRAILLE = {chr(code) for code in range(0x2801, 0x2900)}


def test_live_view_draws_the_figure_unless_turned_off(world) -> None:  # type: ignore[no-untyped-def]
    """The live view draws the moving figure; --no-figure leaves it out."""
    state.accept_medical_note()
    w = world(stdin_tty=True, stdout_tty=True, answers=["x"])
    morning.run(timeline(), CATALOGUE, options(checkin=False))
    assert BRAILLE & set(w.stdout.getvalue())
    w = world(stdin_tty=True, stdout_tty=True, answers=["x"])
    morning.run(timeline(), CATALOGUE, options(checkin=False, figure=False))
    assert not BRAILLE & set(w.stdout.getvalue())


def test_term_dumb_or_plain_gets_plain_lines(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """TERM=dumb or --plain: plain lines even on a terminal, no ending screen to wait on."""
    state.accept_medical_note()
    for plain, term in ((False, "dumb"), (True, "xterm")):
        w = world(stdin_tty=True, stdout_tty=True)
        monkeypatch.setenv("TERM", term)
        assert morning.run(timeline(), CATALOGUE, options(checkin=False, plain=plain)) == 0
        out = w.stdout.getvalue()
        assert "\x1b[?1049h" not in out and "\x1b[?25h" not in out
        assert "Pelvic tilts" in out
        assert morning.live_view_possible(plain) is False
    monkeypatch.setenv("TERM", "xterm")
    assert morning.live_view_possible(False) is True
    monkeypatch.delenv("TERM")
    assert morning.live_view_possible(False) is True


def test_voice_found_speaks_each_change_and_is_stopped(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """--voice with a speech command: the voice says each phase's words and is stopped after."""
    from backcoach.session import voice

    made: list[FakeVoice] = []

    class FakeVoice:
        def __init__(self, command: list[str]) -> None:
            self.command = command
            self.said: list[str] = []
            self.stopped = 0
            made.append(self)

        def say(self, words: str) -> None:
            self.said.append(words)

        def stop(self) -> None:
            self.stopped += 1

    monkeypatch.setattr(voice, "Voice", FakeVoice)
    w = world()
    assert morning.run(timeline(), CATALOGUE, options(voice=True, speech_command="true -s 9")) == 0
    (spoken,) = made
    assert spoken.command == ["true", "-s", "9"]
    assert spoken.said[0] == "Pelvic tilts. On your back, feet hip-width, knees bent"
    assert len(spoken.said) == len(timeline().phases)
    assert spoken.stopped == 1
    assert w.stderr.getvalue() == ""
    made.clear()
    world()
    morning.run(timeline(), CATALOGUE, options())
    assert made == []
