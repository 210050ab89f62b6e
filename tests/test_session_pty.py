"""End to end: the real `backcoach session` in a pseudo-terminal, driven by keys and signals.

Each test runs the program under a small wrapper (written to tmp_path) that
shares the pseudo-terminal with it: when the program ends, the wrapper prints
its exit code and whether echo and line mode are on, and whether the
terminal's modes are exactly as they were before it started. The wrapper
passes SIGTERM and SIGHUP on to the program and lets Ctrl-C reach it through
the terminal, as a shell would. `--speed` makes session time pass many times
faster, so a whole stretch takes a second or two.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from backcoach.session import lettering
from backcoach.session.layout import layout

WRAPPER = '''\
"""Run a command on this terminal, then report how it ended and the terminal's modes."""
import signal
import subprocess
import sys
import termios

before = termios.tcgetattr(0)
# Ctrl-C reaches the program through the terminal; the wrapper only outlives it.
signal.signal(signal.SIGINT, lambda signum, frame: None)
child = subprocess.Popen(sys.argv[1:])
for signum in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, lambda signum, frame: child.send_signal(signum))
code = child.wait()
after = termios.tcgetattr(0)
print(f"EXIT={code}")
print("ECHO=" + ("on" if after[3] & termios.ECHO else "off"))
print("ICANON=" + ("on" if after[3] & termios.ICANON else "off"))
print("MODES=" + ("restored" if after == before else "changed"))
'''

HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"
ENTER_ALT_SCREEN = "\x1b[?1049h"
LEAVE_ALT_SCREEN = "\x1b[?1049l"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]")
# Style codes rich may put between two styled pieces, and the bracketed-paste mode switched
# on and off around a one-key question.
SGR = r"(?:\x1b\[[0-9;]*m|\x1b\[\?2004[hl])*"
NOTE_PROMPT = "Press y to go on, any other key to stop:"
IF_IT_HURTS = "If a stretch is painful, stop doing it until you consult a medical professional."


def shown(*pieces: str) -> re.Pattern[str]:
    """A pattern for text drawn in several styles: the pieces, style codes allowed between."""
    return re.compile(SGR.join(re.escape(piece) for piece in pieces))


def plain(text: str) -> str:
    """Text without escape sequences or carriage returns."""
    return ANSI.sub("", text).replace("\r", "")


def _dedent(rows: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Rows without their common indent or trailing blanks (3 and 5 differ only in alignment)."""
    indent = min((len(row) - len(row.lstrip()) for row in rows if row.strip()), default=0)
    return tuple(row[indent:].rstrip() for row in rows)


DIGITS = layout(80, 24).digits  # the countdown's lettering scale in the test's window
BIG_NUMBERS = {_dedent(lettering.render(str(value), *DIGITS)): value for value in range(100)}
HEIGHT = len(next(iter(BIG_NUMBERS)))


CURSOR_TO = re.compile(r"\x1b\[(\d+);\d+H")


def screens(transcript: str) -> Iterator[list[str]]:
    """What the terminal showed, frame by frame: the view writes only changed lines, so
    the transcript is replayed through a terminal emulator (pyte), and a frame ends
    where the next write starts again from a higher row."""
    import pyte

    screen = pyte.Screen(80, 24)
    stream = pyte.Stream(screen)
    last_row, done = 0, 0
    for match in CURSOR_TO.finditer(transcript):
        row = int(match.group(1))
        if row <= last_row:
            stream.feed(transcript[done : match.start()])
            done = match.start()
            yield list(screen.display)
        last_row = row
    stream.feed(transcript[done:])
    yield list(screen.display)


FIGURE_CHARS = re.compile("[\u2800-\u28ff▔]")


def big_numbers(transcript: str) -> list[int]:
    """The big countdown numbers shown on the screen, in order, each once."""
    found: list[int] = []
    for display in screens(transcript):
        # The figure beside the countdown (braille dots on a floor line) is not a digit.
        rows = [FIGURE_CHARS.sub(" ", line.strip("│")) for line in display]
        for start in range(len(rows) - HEIGHT + 1):
            value = BIG_NUMBERS.get(_dedent(rows[start : start + HEIGHT]))
            if value is not None and rows[start] and (not found or found[-1] != value):
                found.append(value)
    return found


@dataclass
class Ended:
    """How the program ended, as the wrapper reported it, and everything it drew."""

    transcript: str  # raw, escape sequences included
    exit_code: int
    echo: str
    icanon: str
    modes: str

    @property
    def text(self) -> str:
        return plain(self.transcript)

    @property
    def summary(self) -> str:
        """What was printed after the live view went away, whitespace collapsed."""
        after_view = self.transcript.rsplit(LEAVE_ALT_SCREEN, 1)[-1]
        return " ".join(plain(after_view).split())

    def assert_terminal_restored(self) -> None:
        assert (self.echo, self.icanon) == ("on", "on"), self.text[-2000:]
        assert self.modes == "restored", "termios modes differ from before the program"
        hidden = self.transcript.rfind(HIDE_CURSOR)
        assert hidden == -1 or self.transcript.rfind(SHOW_CURSOR) > hidden, (
            "the cursor was left hidden"
        )
        assert self.transcript.rfind(LEAVE_ALT_SCREEN) >= self.transcript.rfind(ENTER_ALT_SCREEN), (
            "the alternate screen was left on"
        )


class Session:
    """One `backcoach session` running in a pseudo-terminal under the wrapper."""

    def __init__(self, child: pexpect.spawn, log: io.StringIO) -> None:
        self.child = child
        self.log = log

    def expect(self, *pieces: str, timeout: float = 10) -> None:
        """Wait until the program draws `pieces` (consecutive, styles allowed between)."""
        self.child.expect(shown(*pieces), timeout=timeout)

    def absent(self, *pieces: str, timeout: float) -> bool:
        """Watch the output for `timeout` seconds; True when `pieces` never appeared."""
        return self.child.expect([shown(*pieces), pexpect.TIMEOUT], timeout=timeout) == 1

    def key(self, key: str) -> None:
        self.child.send(key)

    def accept_note(self) -> None:
        """Answer the first session's medical note with y."""
        self.answer_note("y")

    def answer_note(self, key: str) -> None:
        self.expect(NOTE_PROMPT)
        self.child.waitnoecho(timeout=10)  # the program is reading single keys now
        self.key(key)

    def end(self, timeout: float = 15) -> Ended:
        """Wait for the program and the wrapper to end; return what the wrapper saw."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        assert self.child.exitstatus == 0, "the wrapper itself failed"
        transcript = self.log.getvalue()
        report = dict(re.findall(r"^(EXIT|ECHO|ICANON|MODES)=(\S+)", plain(transcript), re.M))
        assert set(report) == {"EXIT", "ECHO", "ICANON", "MODES"}, plain(transcript)[-2000:]
        return Ended(
            transcript=transcript,
            exit_code=int(report["EXIT"]),
            echo=report["ECHO"],
            icanon=report["ICANON"],
            modes=report["MODES"],
        )


Spawn = Callable[..., Session]


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    """Start `backcoach session ARGS... --speed SPEED` in an 80x24 pseudo-terminal.

    Unless `checkin` is true it passes --no-checkin: no pain questions before
    and after, as most tests are about the session itself.
    """
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    env = dict(os.environ, TERM="xterm-256color")
    for name in ("COLUMNS", "LINES"):  # let the program measure the terminal itself
        env.pop(name, None)
    children: list[pexpect.spawn] = []

    def start(
        *args: str, speed: float, checkin: bool = False, term: str = "xterm-256color"
    ) -> Session:
        command = [sys.executable, "-m", "backcoach", "session", *args, "--speed", str(speed)]
        if not checkin:
            command.append("--no-checkin")
        child = pexpect.spawn(
            sys.executable,
            [str(wrapper), *command],
            env={**env, "TERM": term},
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=10,
            maxread=65536,
        )
        log = io.StringIO()
        child.logfile_read = log
        children.append(child)
        return Session(child, log)

    yield start
    for child in children:
        if child.isalive():
            child.close(force=True)


def start_live(spawn: Spawn, *args: str, speed: float, stretches: int = 1) -> Session:
    """Accept the medical note, skip the get-ready countdown and wait for stretch 1."""
    session = spawn(*args, speed=speed)
    session.accept_note()
    session.expect("GET READY")
    session.key(" ")
    session.expect(f"Stretch 1 of {stretches} · ")
    return session


@pytest.mark.pty
def test_countdown_runs_and_phases_advance(spawn: Spawn) -> None:
    """The get-ready and big countdowns tick down, and the phases and reps follow in order."""
    session = spawn("--only", "bridge", speed=20)
    session.accept_note()
    session.expect("GET READY", " · First: Bridge")
    session.expect("Stretch 1 of 1 · Bridge")
    session.expect("GET INTO POSITION")
    session.expect("rep 1 of 10")
    session.expect("BREATHE IN")
    session.expect("BREATHE OUT")
    session.expect("rep 2 of 10")
    session.key("q")
    ended = session.end()

    text = ended.text
    raw = ended.transcript
    ready = big_numbers(raw[raw.index("GET READY") : raw.index("Stretch 1 of 1")])
    assert len(ready) >= 3 and ready == sorted(set(ready), reverse=True), ready
    assert ready[0] >= 8, ready
    setup = raw[raw.index("GET INTO POSITION") : raw.index("BREATHE IN")]
    countdown = big_numbers(setup)
    assert len(countdown) >= 3 and countdown == sorted(set(countdown), reverse=True), countdown
    assert countdown[0] >= 8, countdown
    live = text[text.index("Stretch 1 of 1") :]
    left = [int(m) * 60 + int(s) for m, s in re.findall(r"(\d+):(\d\d) left", live)]
    assert len(set(left)) >= 10 and left == sorted(left, reverse=True), left
    assert ended.exit_code == 0
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_space_pauses_and_resumes(spawn: Spawn) -> None:
    """Space freezes the session under PAUSED; space again takes PAUSED away and time goes on."""
    session = start_live(spawn, "--only", "bridge", speed=20)
    session.expect("GET INTO POSITION")
    session.key(" ")
    session.expect("PAUSED")
    # Unpaused, the 10 s setup would be over within 0.5 s (20 session seconds pass per second).
    assert session.absent("BREATHE IN", timeout=1.0), "the session went on while paused"
    session.key(" ")
    session.expect("BREATHE IN")
    assert "PAUSED" not in session.child.before
    session.key("q")
    ended = session.end()

    assert ended.exit_code == 0
    paused = re.search(r"Session stopped · \S+ spent \((\d+):(\d\d) paused\)", ended.summary)
    assert paused is not None, ended.summary
    assert int(paused.group(1)) * 60 + int(paused.group(2)) >= 15
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_n_skips_to_the_next_stretch(spawn: Spawn) -> None:
    """n moves on to "Stretch 2 of 2" at once and the summary lists the first stretch as skipped."""
    session = start_live(spawn, "--only", "bridge,bird-dog", speed=10, stretches=2)
    session.expect("Bridge")
    session.key("n")
    session.expect("Stretch 2 of 2 · ", "Bird dog")
    assert "rep 2 of 10" not in plain(session.log.getvalue()), "n did not skip at once"
    session.key("q")
    ended = session.end()

    assert ended.exit_code == 0
    assert "Session stopped" in ended.summary
    assert "Done (0) —" in ended.summary
    assert re.search(r"Skipped \([12]\) Bridge\b", ended.summary), ended.summary
    assert "Painful (0) —" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_p_stops_the_stretch_and_waits_until_space(spawn: Spawn) -> None:
    """p stops the stretch and shows the advice; nothing starts until space; the summary
    says Painful (1) with the advice, and the stretch is on hold."""
    session = start_live(spawn, "--only", "bridge,bird-dog", speed=15, stretches=2)
    session.expect("Bridge")
    session.key("p")
    session.expect("Bridge stopped. If a stretch is painful")
    # Going on, the next stretch's 10 s setup would be over within 1 s at 15x.
    assert session.absent("BREATHE IN", timeout=1.0), "the next stretch started while in pain"
    session.key("p")  # a second p while the advice shows does nothing more
    session.key(" ")
    session.expect("BREATHE IN")
    session.key("q")
    ended = session.end()

    assert ended.exit_code == 0
    assert "Painful (1) Bridge" in ended.summary, ended.summary
    assert "Skipped (1) Bird dog" in ended.summary, ended.summary
    assert IF_IT_HURTS in ended.summary
    assert "On hold until you resume it: bridge" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_q_quits_with_exit_0(spawn: Spawn) -> None:
    """q ends the session at once: exit 0, "Session stopped", the stretch in progress skipped."""
    session = start_live(spawn, "--only", "bridge", speed=10)
    session.expect("GET INTO POSITION")
    session.key("q")
    ended = session.end()

    assert ended.exit_code == 0
    assert ended.summary.startswith("Session stopped"), ended.summary
    assert "Done (0) — Skipped (1) Bridge Painful (0) —" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_ctrl_c_stops_with_exit_130(spawn: Spawn) -> None:
    """Ctrl-C stops the session like q, prints the summary, and exits 130."""
    session = start_live(spawn, "--only", "bridge", speed=10)
    session.expect("GET INTO POSITION")
    session.key("\x03")
    ended = session.end()

    assert ended.exit_code == 130
    assert ended.summary.startswith("Session stopped"), ended.summary
    assert "Skipped (1) Bridge" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_sigterm_stops_with_exit_143(spawn: Spawn) -> None:
    """SIGTERM stops the session, prints the summary, and exits 143 (128 + 15)."""
    session = start_live(spawn, "--only", "bridge", speed=10)
    session.expect("GET INTO POSITION")
    session.child.kill(signal.SIGTERM)
    ended = session.end()

    assert ended.exit_code == 128 + signal.SIGTERM == 143
    assert ended.summary.startswith("Session stopped"), ended.summary
    assert "Skipped (1) Bridge" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_sighup_stops_with_exit_129(spawn: Spawn) -> None:
    """SIGHUP (the terminal closing) stops the session and exits 129 (128 + 1)."""
    session = start_live(spawn, "--only", "bridge", speed=10)
    session.expect("GET INTO POSITION")
    session.child.kill(signal.SIGHUP)
    ended = session.end()

    assert ended.exit_code == 128 + signal.SIGHUP == 129
    assert ended.summary.startswith("Session stopped"), ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_session_runs_to_the_end_and_the_ending_waits_for_a_key(spawn: Spawn) -> None:
    """Left alone, the session runs to its end; a calm "Well done" screen stays until a key,
    then the summary is printed: exit 0, "Session complete", the stretch done."""
    session = spawn("--only", "bridge", speed=100)
    session.accept_note()
    session.expect("Well done.")
    session.expect("Press any key to finish.")
    assert session.absent("EXIT=", timeout=1.0), "the ending screen did not wait for a key"
    session.key("x")
    ended = session.end()

    assert ended.exit_code == 0
    # 1:44 of session time; a late wake-up at 100x speed may add a second or two.
    assert re.match(r"Well done\. Session complete · 1:(4[4-9]|5\d) spent", ended.summary), (
        ended.summary
    )
    assert "Done (1) Bridge Skipped (0) — Painful (0) —" in ended.summary
    assert "Streak: 1 day" in ended.summary
    assert "rep 10 of 10" in ended.text
    ended.assert_terminal_restored()


@pytest.mark.pty
@pytest.mark.parametrize(("args", "term"), [((), "dumb"), (("--plain",), "xterm-256color")])
def test_keys_work_in_plain_mode_on_a_terminal(
    spawn: Spawn, args: tuple[str, ...], term: str
) -> None:
    """TERM=dumb or --plain: plain lines, yet space, p, n and q act, each said on a line."""
    session = spawn("--only", "bridge,bird-dog", *args, speed=15, term=term)
    session.accept_note()
    session.expect("Get ready: lie down by your mat")
    session.key(" ")
    session.expect("! Starting now.")
    session.expect("[0:00] Bridge (1/2)")
    session.key(" ")
    session.expect("! Paused. Press space to go on.")
    assert session.absent("rep 1/10", timeout=1.0), "the session went on while paused"
    session.key(" ")
    session.expect("! Going on.")
    session.expect("rep 1/10")
    session.key("p")
    session.expect("! Bridge stopped. If a stretch is painful")
    session.expect("! Paused. Press space to go on with the next stretch, or q to quit.")
    assert session.absent("Bird dog (2/2)", timeout=1.0), "the next stretch started while in pain"
    session.key(" ")
    session.expect("! Going on.")
    session.expect("Bird dog (2/2)")
    session.key("n")
    session.expect("! Skipped Bird dog.")
    ended = session.end()

    assert ended.exit_code == 0
    assert "\x1b[?1049h" not in ended.transcript  # never the live view
    assert "Painful (1)  Bridge" in ended.text
    assert "Skipped (1)  Bird dog" in ended.text
    assert "Well done" not in ended.text  # nothing was done
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_q_quits_in_plain_mode_on_a_dumb_terminal(spawn: Spawn) -> None:
    """With TERM=dumb, q stops the session (it used to be echoed and ignored)."""
    session = spawn("--only", "bridge", speed=10, term="dumb")
    session.accept_note()
    session.expect("[0:00] Bridge (1/1)")
    session.key("q")
    ended = session.end()

    assert ended.exit_code == 0
    assert "! Stopping the session." in ended.text
    assert "Session stopped" in ended.text
    assert "Skipped (1)  Bridge" in ended.text
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_medical_note_asked_once(spawn: Spawn) -> None:
    """The first session shows the medical note and asks for y; the next one does not ask."""
    first = spawn("--only", "bridge", speed=10)
    first.expect("Before you start")
    first.expect("backcoach is a coach, not a doctor.")
    first.accept_note()
    first.expect("GET READY")
    first.key("q")
    ended = first.end()
    assert ended.exit_code == 0
    ended.assert_terminal_restored()

    second = spawn("--only", "bridge", speed=10)
    second.expect("GET READY")
    second.key("q")
    ended = second.end()
    assert ended.exit_code == 0
    assert "Before you start" not in ended.text
    assert NOTE_PROMPT not in ended.text
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_medical_note_refused(spawn: Spawn) -> None:
    """A key other than y at the medical note exits 1 ("Not started"); the next run asks again."""
    session = spawn("--only", "bridge", speed=10)
    session.answer_note("x")
    ended = session.end()

    assert ended.exit_code == 1
    assert "Not started" in ended.text
    assert ENTER_ALT_SCREEN not in ended.transcript
    assert "Session stopped" not in ended.text and "Session complete" not in ended.text
    ended.assert_terminal_restored()

    again = spawn("--only", "bridge", speed=10)
    again.answer_note("n")
    ended = again.end()
    assert ended.exit_code == 1
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_ctrl_c_at_the_medical_note_exits_130(spawn: Spawn) -> None:
    """Ctrl-C at the medical note's question exits 130 with the terminal restored."""
    session = spawn("--only", "bridge", speed=10)
    session.answer_note("\x03")
    ended = session.end()

    assert ended.exit_code == 130
    assert "Not started" not in ended.text
    ended.assert_terminal_restored()


@pytest.mark.pty
@pytest.mark.parametrize("question", ["medical note", "pain check-in"])
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_at_a_question_exits_128_plus_signal(
    spawn: Spawn, question: str, signum: signal.Signals, code: int
) -> None:
    """SIGTERM or SIGHUP at the medical note's or the check-in's question exits 128 + signal."""
    session = spawn("--only", "bridge", speed=10, checkin=question == "pain check-in")
    if question == "pain check-in":
        session.accept_note()
        session.expect("Before: Pain right now, 0–10?")
    else:
        session.expect(NOTE_PROMPT)
    session.child.waitnoecho(timeout=10)  # the question is reading single keys now
    session.child.kill(signum)
    ended = session.end()

    assert ended.exit_code == code, ended.text[-300:]
    assert "went wrong" not in ended.text
    ended.assert_terminal_restored()


JOB_CONTROL_SHELL = '''\
"""A tiny job-control shell: run the command in the foreground; on a stop, report
the terminal's modes and wait for a line 'fg' to continue it."""
import os
import signal
import subprocess
import sys
import termios

signal.signal(signal.SIGTTOU, signal.SIG_IGN)
signal.signal(signal.SIGTSTP, signal.SIG_IGN)
child = subprocess.Popen(sys.argv[1:], process_group=0)
os.tcsetpgrp(0, child.pid)
while True:
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):
        break
    os.tcsetpgrp(0, os.getpgrp())
    modes = termios.tcgetattr(0)[3]
    echo = "on" if modes & termios.ECHO else "off"
    icanon = "on" if modes & termios.ICANON else "off"
    print(f"STOPPED ECHO={echo} ICANON={icanon}", flush=True)
    sys.stdin.readline()
    os.tcsetpgrp(0, child.pid)
    os.killpg(child.pid, signal.SIGCONT)
os.tcsetpgrp(0, os.getpgrp())
print(f"EXIT={os.waitstatus_to_exitcode(status)}", flush=True)
'''


@pytest.mark.pty
def test_ctrl_z_suspends_with_the_terminal_restored_and_resumes_in_place(
    tmp_path: Path,
) -> None:
    """Ctrl-Z stops the session with the terminal restored; fg resumes it where it was,
    the time spent stopped not counted."""
    shell = tmp_path / "shell.py"
    shell.write_text(JOB_CONTROL_SHELL)
    env = dict(os.environ, TERM="xterm-256color")
    for name in ("COLUMNS", "LINES"):
        env.pop(name, None)
    from backcoach.history.state import accept_medical_note

    accept_medical_note()
    # At four times speed, 0.6 s stopped would run 2.4 s of session time off the clock.
    command = [
        *(sys.executable, "-m", "backcoach", "session", "--only", "bridge", "--no-checkin"),
        *("--speed", "4"),
    ]
    child = pexpect.spawn(
        sys.executable,
        [str(shell), *command],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=10,
    )
    log = io.StringIO()
    child.logfile_read = log
    try:
        child.expect("GET READY")
        child.send(" ")
        child.expect(r"(\d+):(\d\d) left")
        child.expect(r"(\d+):(\d\d) left")  # the clock is running
        child.send("\x1a")
        child.expect(r"STOPPED ECHO=(\w+) ICANON=(\w+)")
        assert child.match.group(1) == "on" and child.match.group(2) == "on"
        stopped = log.getvalue()
        assert stopped.rfind(SHOW_CURSOR) > stopped.rfind(HIDE_CURSOR)
        assert stopped.rfind(LEAVE_ALT_SCREEN) > stopped.rfind(ENTER_ALT_SCREEN)
        before = [
            int(m) * 60 + int(s) for m, s in re.findall(r"(\d+):(\d\d) left", plain(stopped))
        ][-1]
        assert child.expect([pexpect.TIMEOUT, "left"], timeout=0.6) == 0  # nothing drawn
        child.sendline("fg")
        child.expect("Stretch 1 of 1 · ")  # drawn again in full
        child.expect(r"(\d+):(\d\d) left")
        after = int(child.match.group(1)) * 60 + int(child.match.group(2))
        assert before - after <= 1  # the time spent stopped did not run the clock
        child.send("q")
        child.expect(r"EXIT=(\d+)")
        assert child.match.group(1) == "0"
    finally:
        child.close(force=True)


@pytest.mark.pty
def test_pain_check_ins_are_recorded(spawn: Spawn) -> None:
    """Pain before (3) and after (t = 10) are asked with one key each and kept with the session."""
    import json

    from helpers import invoke

    session = spawn("--only", "bridge", speed=50, checkin=True)
    session.accept_note()
    session.expect("Before: Pain right now")
    session.key("x")  # not a score: asked again
    session.expect("x: not a score; press 0–9, t for 10, or Enter to skip")
    session.expect("Before: Pain right now")
    session.key("3")
    session.expect("Enter to skip) ", "3")  # the key is echoed
    session.expect("GET READY")
    session.key("q")
    session.expect("After: Pain right now")
    session.key("t")
    session.expect("Enter to skip) ", "10")
    ended = session.end()
    assert ended.exit_code == 0
    assert "Pain (0–10) 3 before → 10 after" in ended.summary
    sessions = json.loads(invoke("history", "--json").stdout)["sessions"]
    assert [(s["pain_before"], s["pain_after"]) for s in sessions] == [(3, 10)]
