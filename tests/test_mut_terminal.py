"""The keyboard and the terminal in-process: a real pseudo-terminal's modes, keys, signals.

Keys are written to a pipe (or a pty's master end) and read back as the session
loop would read them. Where a key comes in two pieces, the second is written
while the reader waits for it (a stand-in for `select` writes it first), so no
test sleeps or races a thread.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import select
import signal
import sys
import termios
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from backcoach import streams
from backcoach.errors import Terminated
from backcoach.session import terminal
from backcoach.session.terminal import (
    PASTE_OFF,
    PASTE_ON,
    KeyboardTerminal,
    StopSignals,
    _sequence_length,
    _split_incomplete,
    _utf8_length,
    terminating_signals,
)

PASTE = b"\x1b[200~"
PASTE_END = b"\x1b[201~"


def _every_signal() -> list[int]:
    return [signal.SIGINT, *terminating_signals(), signal.SIGWINCH, signal.SIGTSTP, signal.SIGCONT]


def _on_alarm(signum: int, frame: Any) -> None:
    raise TimeoutError("the code under test never came back")


@pytest.fixture(autouse=True)
def _signals_given_back(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every handler and the wake-up fd as they were after each test; a hang fails in 5 s."""
    monkeypatch.setattr(terminal, "_stopped_by", None)
    saved = {signum: signal.getsignal(signum) for signum in _every_signal()}
    saved[signal.SIGALRM] = signal.signal(signal.SIGALRM, _on_alarm)
    wakeup = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(wakeup)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for signum, handler in saved.items():
            if handler is not None:
                signal.signal(signum, handler)
        signal.set_wakeup_fd(wakeup)


class Screen(io.StringIO):
    """Standard output: what was written to it, and whether it is a terminal."""

    def __init__(self, tty: bool = True) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Screen:
    """The terminal module's standard output (pytest puts its own back in sys for each test)."""
    out = Screen()
    monkeypatch.setattr(terminal, "sys", SimpleNamespace(stdout=out, stdin=sys.stdin))
    return out


@pytest.fixture
def pty() -> Iterator[tuple[int, int]]:
    """A pseudo-terminal: (master, slave)."""
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


def _echo_and_lines(fd: int) -> tuple[bool, bool, bool]:
    lflag = termios.tcgetattr(fd)[3]
    return bool(lflag & termios.ECHO), bool(lflag & termios.ICANON), bool(lflag & termios.ISIG)


def _pending(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


class Keyboard:
    """A KeyboardTerminal reading a pipe; `later` pieces arrive while it waits for more."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read_end, self.write_end = os.pipe()
        self.wake_r, self.wake_w = os.pipe()
        self.terminal = KeyboardTerminal(self.read_end)
        self.terminal._wake_r = self.wake_r
        self.later: list[bytes] = []
        self.waits: list[float | None] = []
        real = select.select

        def fake_select(r: list[int], w: list[int], x: list[int], timeout: float | None = None):  # type: ignore[no-untyped-def]
            if r == [self.read_end]:  # waiting for the rest of a key
                self.waits.append(timeout)
                if self.later:
                    os.write(self.write_end, self.later.pop(0))
            ready = real(r, w, x, 0)
            if not ready[0] and timeout is None:
                raise AssertionError("waits forever for a key")
            return ready

        monkeypatch.setattr(select, "select", fake_select)

    def __call__(self, data: bytes, *later: bytes) -> list[str]:
        self.later = list(later)
        if data:
            os.write(self.write_end, data)
        return self.terminal.read(0)

    def close(self) -> None:
        for fd in (self.read_end, self.write_end, self.wake_r, self.wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Keyboard]:
    keyboard = Keyboard(monkeypatch)
    yield keyboard
    keyboard.close()


# -- modes -------------------------------------------------------------------------------


def test_key_mode_turns_echo_and_lines_off_then_gives_the_modes_back_exactly(
    pty: tuple[int, int], screen: Screen
) -> None:
    """Inside: no echo, no line mode, Ctrl-C still a signal, paste marking on; after: as before."""
    _, slave = pty
    before = termios.tcgetattr(slave)
    assert _echo_and_lines(slave) == (True, True, True)
    with KeyboardTerminal(slave):
        assert _echo_and_lines(slave) == (False, False, True)
        assert screen.getvalue() == PASTE_ON
    assert termios.tcgetattr(slave) == before
    assert screen.getvalue() == PASTE_ON + PASTE_OFF


def test_the_terminal_is_standard_input_by_default(
    pty: tuple[int, int], screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no fd given, the modes of standard input's terminal are the ones changed."""
    _, slave = pty
    stdin = io.TextIOWrapper(io.FileIO(slave, "r", closefd=False))
    monkeypatch.setattr(terminal.sys, "stdin", stdin)
    with KeyboardTerminal():
        assert _echo_and_lines(slave) == (False, False, True)
    assert _echo_and_lines(slave) == (True, True, True)


def test_no_escape_codes_when_the_output_is_not_a_terminal(
    pty: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Output redirected to a file: the modes change and come back, nothing is written."""
    _, slave = pty
    out = Screen(tty=False)
    monkeypatch.setattr(sys, "stdout", out)
    with KeyboardTerminal(slave):
        assert _echo_and_lines(slave)[:2] == (False, False)
    assert _echo_and_lines(slave) == (True, True, True)
    assert out.getvalue() == ""


@pytest.mark.parametrize("error", [OSError(errno.EIO, "gone"), ValueError("closed")])
def test_an_output_that_cannot_be_written_does_not_stop_key_mode(
    pty: tuple[int, int], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """stdout failing (gone, or closed) while the paste codes are sent: keys still work."""
    master, slave = pty

    class Broken(Screen):
        def write(self, text: str) -> int:
            raise error

    monkeypatch.setattr(sys, "stdout", Broken())
    with KeyboardTerminal(slave) as keyboard:
        assert _echo_and_lines(slave)[:2] == (False, False)
        os.write(master, b"p")
        assert keyboard.read(2.0) == ["p"]
    assert _echo_and_lines(slave) == (True, True, True)


def test_restore_before_entering_does_nothing(pty: tuple[int, int], screen: Screen) -> None:
    """Giving the terminal back before key mode was entered writes nothing and changes nothing."""
    _, slave = pty
    before = termios.tcgetattr(slave)
    KeyboardTerminal(slave).restore()
    assert termios.tcgetattr(slave) == before
    assert screen.getvalue() == ""


def test_leaving_after_the_terminal_is_gone_raises_nothing(
    pty: tuple[int, int], screen: Screen
) -> None:
    """The terminal's fd closed under us: leaving key mode still ends quietly."""
    _, slave = pty
    with KeyboardTerminal(slave):
        os.close(slave)
    assert screen.getvalue() == PASTE_ON  # no terminal left to tell


def test_keys_typed_at_the_terminal(pty: tuple[int, int], screen: Screen) -> None:
    """Keys written at the pty's master end are read as keys, not echoed back."""
    master, slave = pty
    with KeyboardTerminal(slave) as keyboard:
        os.write(master, b"p\x1b[A")
        assert keyboard.read(2.0) == ["p", "<esc:[A>"]
        assert not _pending(master)  # no echo


def test_keys_typed_before_key_mode_are_kept(pty: tuple[int, int], screen: Screen) -> None:
    """A key typed while the program was starting is read, not thrown away with the mode change."""
    master, slave = pty
    os.write(master, b"p")
    with KeyboardTerminal(slave) as keyboard:
        assert keyboard.read(2.0) == ["p"]


# -- signals -----------------------------------------------------------------------------


def test_entering_takes_the_signals_and_leaving_gives_them_back(
    pty: tuple[int, int], screen: Screen
) -> None:
    """Stop signals, resize, Ctrl-Z and SIGCONT are handled inside and as before after."""
    _, slave = pty
    before = {signum: signal.getsignal(signum) for signum in _every_signal()}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    previous = signal.set_wakeup_fd(wake_w)
    try:
        with KeyboardTerminal(slave) as keyboard:
            for signum in (signal.SIGINT, *terminating_signals()):
                assert signal.getsignal(signum) is terminal._on_stop, signum
            for signum in (signal.SIGWINCH, signal.SIGTSTP, signal.SIGCONT):
                assert signal.getsignal(signum) == keyboard._on_flag
        assert {signum: signal.getsignal(signum) for signum in _every_signal()} == before
        assert signal.set_wakeup_fd(-1) == wake_w
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake_r)
        os.close(wake_w)


@pytest.mark.parametrize(
    ("signums", "events"),
    [
        ([signal.SIGWINCH], ["<resize>"]),
        ([signal.SIGCONT], ["<resize>"]),
        ([signal.SIGTSTP], ["<suspend>"]),
        ([signal.SIGTSTP, signal.SIGWINCH], ["<resize>", "<suspend>"]),
        ([signal.SIGWINCH, signal.SIGWINCH], ["<resize>"]),
    ],
)
def test_resize_and_ctrl_z_are_events_read_between_keys(
    pty: tuple[int, int], screen: Screen, signums: list[int], events: list[str]
) -> None:
    """A resize (or coming back with SIGCONT) and Ctrl-Z come out of read() as events, once."""
    master, slave = pty
    with KeyboardTerminal(slave) as keyboard:
        for signum in signums:
            os.kill(os.getpid(), signum)
        os.write(master, b"n")
        assert keyboard.read(2.0) == events
        assert keyboard.read(2.0) == ["n"]
        assert keyboard.read(0) == []
        assert not _pending(keyboard._wake_r)  # the wake-up pipe was emptied


def test_a_storm_of_signals_prints_no_warning(
    pty: tuple[int, int], screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the wake-up pipe full, one more resize is still seen and nothing is printed."""
    _, slave = pty
    complaints: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)
    with KeyboardTerminal(slave) as keyboard:
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(keyboard._wake_w, b"x" * 4096)
        os.kill(os.getpid(), signal.SIGWINCH)
        assert keyboard.read(0) == ["<resize>"]
    assert complaints == []


def test_suspend_stops_with_the_terminal_given_back_then_takes_it_again(
    pty: tuple[int, int], screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-Z: modes restored and SIGTSTP left to the system while stopped; key mode after."""
    _, slave = pty
    stops: list[tuple[int, int, object, tuple[bool, bool, bool], str]] = []
    real_kill = os.kill
    with KeyboardTerminal(slave) as keyboard:
        real_kill(os.getpid(), signal.SIGTSTP)
        assert keyboard.read(0) == ["<suspend>"]
        real_kill(os.getpid(), signal.SIGTSTP)  # another, still pending when it stops

        def kill(pid: int, signum: int) -> None:
            state = (_echo_and_lines(slave), screen.getvalue())
            stops.append((pid, signum, signal.getsignal(signal.SIGTSTP), *state))

        monkeypatch.setattr(os, "kill", kill)
        keyboard.suspend()
        monkeypatch.setattr(os, "kill", real_kill)
        assert stops == [
            (
                os.getpid(),
                signal.SIGTSTP,
                signal.SIG_DFL,
                (True, True, True),
                PASTE_ON + PASTE_OFF,
            )
        ]
        assert signal.getsignal(signal.SIGTSTP) == keyboard._on_flag
        assert _echo_and_lines(slave) == (False, False, True)
        assert screen.getvalue() == PASTE_ON + PASTE_OFF + PASTE_ON
        assert keyboard.read(0) == []  # the Ctrl-Z that stopped it is not an event again


def test_terminating_signals_are_exactly_these_on_linux() -> None:
    """Every signal whose default would end the process, the real-time ones too; no faults."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the signal numbers are Linux's")
    expected = {
        signal.SIGHUP,
        signal.SIGQUIT,
        signal.SIGABRT,
        signal.SIGUSR1,
        signal.SIGUSR2,
        signal.SIGALRM,
        signal.SIGTERM,
        signal.SIGSTKFLT,
        signal.SIGXCPU,
        signal.SIGXFSZ,
        signal.SIGVTALRM,
        signal.SIGPROF,
        signal.SIGIO,
        signal.SIGPWR,
        *range(signal.SIGRTMIN, signal.SIGRTMAX + 1),
    }
    assert terminating_signals() == sorted(expected)


def test_ctrl_c_is_keyboard_interrupt_and_only_the_first_stop_counts() -> None:
    """The first stop signal raises; once stopping, later ones are ignored."""
    with pytest.raises(KeyboardInterrupt):
        terminal._on_stop(signal.SIGINT, None)
    assert terminal._on_stop(signal.SIGTERM, None) is None
    assert terminal._on_stop(signal.SIGINT, None) is None


def test_a_terminating_signal_is_terminated_with_its_number() -> None:
    """SIGTERM raises Terminated(SIGTERM), which gives the exit code 128 + 15."""
    with pytest.raises(Terminated) as raised:
        terminal._on_stop(signal.SIGTERM, None)
    assert raised.value.signum == signal.SIGTERM


def test_stop_signals_unwind_then_stay_ignored_after_one_came() -> None:
    """A real SIGTERM inside raises Terminated; on leaving, Ctrl-C and SIGTERM are ignored."""
    with pytest.raises(Terminated) as raised, StopSignals():
        os.kill(os.getpid(), signal.SIGTERM)
    assert raised.value.signum == signal.SIGTERM
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGRTMAX):
        assert signal.getsignal(signum) == signal.SIG_IGN


def test_stop_signals_give_the_handlers_back_when_none_came() -> None:
    """Left normally, every handler is the one from before."""
    before = {signum: signal.getsignal(signum) for signum in _every_signal()}
    with StopSignals():
        assert signal.getsignal(signal.SIGINT) is terminal._on_stop
        assert signal.getsignal(signal.SIGRTMIN) is terminal._on_stop
    assert {signum: signal.getsignal(signum) for signum in _every_signal()} == before


def test_a_signal_that_cannot_be_caught_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system refuses a handler for one signal, the others are still handled."""
    monkeypatch.setattr(terminal, "terminating_signals", lambda: [signal.SIGKILL, signal.SIGTERM])
    before = signal.getsignal(signal.SIGTERM)
    with StopSignals():
        assert signal.getsignal(signal.SIGTERM) is terminal._on_stop
        assert signal.getsignal(signal.SIGKILL) == signal.SIG_DFL
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_handler_python_cannot_put_back_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A handler set outside Python (seen as None) is skipped on leaving; the rest are restored."""
    real = signal.signal
    before = signal.getsignal(signal.SIGTERM)

    def foreign(signum: int, handler: Any) -> Any:
        old = real(signum, handler)
        return None if signum == signal.SIGUSR2 else old

    monkeypatch.setattr(signal, "signal", foreign)
    stops = StopSignals().__enter__()
    monkeypatch.setattr(signal, "signal", real)
    stops.__exit__(None, None, None)
    assert signal.getsignal(signal.SIGTERM) == before
    assert signal.getsignal(signal.SIGUSR2) is terminal._on_stop


def test_stop_signals_outside_the_main_thread_do_nothing() -> None:
    """Python handles signals in the main thread only: elsewhere, entering changes nothing."""
    before = {signum: signal.getsignal(signum) for signum in _every_signal()}
    failures: list[BaseException] = []

    def enter_and_leave() -> None:
        try:
            with StopSignals():
                pass
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            failures.append(error)

    worker = threading.Thread(target=enter_and_leave)
    worker.start()
    worker.join()
    assert failures == []
    assert {signum: signal.getsignal(signum) for signum in _every_signal()} == before


def test_leaving_from_another_thread_raises_nothing() -> None:
    """Leaving where handlers cannot be set (another thread) ends quietly."""
    stops = StopSignals().__enter__()
    failures: list[BaseException] = []

    def leave() -> None:
        try:
            stops.__exit__(None, None, None)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            failures.append(error)

    worker = threading.Thread(target=leave)
    worker.start()
    worker.join()
    assert failures == []


# -- reading: hangups --------------------------------------------------------------------


def test_reading_with_nothing_typed_returns_nothing_within_the_timeout(keys: Keyboard) -> None:
    """read(timeout) comes back empty when no key came."""
    assert keys.terminal.read(0) == []


def test_the_terminal_closing_is_a_hangup(
    pty: tuple[int, int], screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The master end closes (the window was closed): Terminated(SIGHUP), output dropped."""
    master, slave = pty
    lost: list[bool] = []
    monkeypatch.setattr(streams, "terminal_lost", lambda: lost.append(True))
    with KeyboardTerminal(slave) as keyboard:
        os.close(master)
        with pytest.raises(Terminated) as raised:
            keyboard.read(2.0)
    assert raised.value.signum == signal.SIGHUP
    assert lost == [True]


@pytest.mark.parametrize("code", [errno.EIO, errno.ENXIO, errno.EBADF])
def test_a_read_error_of_a_gone_terminal_is_a_hangup(
    keys: Keyboard, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """EIO, ENXIO or EBADF on read: the terminal is gone, Terminated(SIGHUP)."""
    real_read = os.read
    lost: list[bool] = []
    monkeypatch.setattr(streams, "terminal_lost", lambda: lost.append(True))

    def failing(fd: int, size: int) -> bytes:
        if fd == keys.read_end:
            raise OSError(code, os.strerror(code))
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", failing)
    with pytest.raises(Terminated) as raised:
        keys(b"p")
    assert raised.value.signum == signal.SIGHUP
    assert lost == [True]


def test_another_read_error_is_not_taken_for_a_hangup(
    keys: Keyboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other error on read is a bug to report, not a closed terminal."""
    real_read = os.read

    def failing(fd: int, size: int) -> bytes:
        if fd == keys.read_end:
            raise OSError(errno.EISDIR, "Is a directory")
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", failing)
    with pytest.raises(IsADirectoryError):
        keys(b"p")


# -- reading: keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"p", ["p"]),
        (b"ab", ["a", "b"]),
        (b"abc", ["a", "b", "c"]),  # three keys at once is still typing
        (b"abcd", []),  # four is a paste
        (b"\x1b[A\x1b[A\x1b[B\x1b[B", ["<esc:[A>", "<esc:[A>", "<esc:[B>", "<esc:[B>"]),
        (b"\x1b[Ap", ["<esc:[A>", "p"]),
        (b"p\x1b[A", ["p", "<esc:[A>"]),
        (b"p\x1b[Aq\x1b[B", ["p", "<esc:[A>", "q", "<esc:[B>"]),
        (b"\x1bOP", ["<esc:OP>"]),
        (b"\x1bO", ["<esc:O>"]),  # cut short, nothing more came
        (b"\x1b[1;", ["<esc:[1;>"]),
        (b"\x1b", ["\x1b"]),
        (b"\x1b\x1b", ["\x1b", "\x1b"]),
        (b"\x1b\xc3\xa9", ["<esc:\ufffd>"]),  # Alt and a non-ASCII byte
        (b"\x1b[ q", ["<esc:[ q>"]),
        ("é".encode(), ["é"]),
        (b"\xffp", ["p"]),  # a byte that is no character is dropped
        (b"\xc3\x1b[A", ["<esc:[A>"]),  # a broken character before a key
        (b"p\xc3", ["p"]),  # the rest of the character never came
    ],
)
def test_keys_in_one_read(keys: Keyboard, data: bytes, expected: list[str]) -> None:
    """What one read of these bytes gives: whole keys, bursts of more than three dropped."""
    assert keys(data) == expected


def test_after_a_cut_character_the_next_key_is_read(keys: Keyboard) -> None:
    """A character whose rest never came leaves nothing behind for the next read."""
    assert keys(b"p\xc3") == ["p"]
    assert keys(b"q") == ["q"]


@pytest.mark.parametrize(
    ("first", "later", "expected"),
    [
        (b"\x1b[", [b"B"], ["<esc:[B>"]),
        (b"\x1b", [b"[", b"A"], ["<esc:[A>"]),
        (b"\x1bO", [b"P"], ["<esc:OP>"]),
        ("é".encode()[:1], ["é".encode()[1:]], ["é"]),
        ("€".encode()[:1], ["€".encode()[1:2], "€".encode()[2:]], ["€"]),
    ],
)
def test_a_key_cut_between_reads_is_one_key(
    keys: Keyboard, first: bytes, later: list[bytes], expected: list[str]
) -> None:
    """The rest of a sequence or a character that arrives while waiting completes the key."""
    assert keys(first, *later) == expected
    assert keys.waits and all(wait == terminal.ESC_TIMEOUT for wait in keys.waits)
    assert keys(b"q") == ["q"]


@pytest.mark.parametrize(
    "pieces",
    [
        [PASTE + b"hello" + PASTE_END],
        [PASTE + PASTE_END],  # empty
        [PASTE + b"ab\x1b[201", b"~"],  # the end marker cut after its fifth byte
        [PASTE + b"ab\x1b[20", b"1~"],
        [PASTE + b"ab", b"cd" + PASTE_END],
        [PASTE + b"p" + PASTE_END + PASTE + b"x", b"q" + PASTE_END],  # two pastes back to back
    ],
)
def test_a_marked_paste_is_dropped_and_the_next_key_counts(
    keys: Keyboard, pieces: list[bytes]
) -> None:
    """Nothing of a paste is a key, however it is cut; the key typed after it is."""
    assert keys(pieces[0], *pieces[1:]) == []
    assert keys(b"q") == ["q"]


def test_a_paste_cut_over_two_reads_is_dropped_whole(keys: Keyboard) -> None:
    """The end of a paste comes in the next read: that read gives nothing either."""
    assert keys(PASTE + b"ab") == []
    assert keys(b"cd" + PASTE_END) == []
    assert keys(b"q") == ["q"]


def test_an_empty_paste_then_one_cut_over_two_reads(keys: Keyboard) -> None:
    """An empty paste, then a paste whose end comes in the next read: both dropped whole."""
    assert keys(PASTE + PASTE_END + PASTE + b"x") == []
    assert keys(b"q" + PASTE_END) == []
    assert keys(b"r") == ["r"]


def test_keys_in_the_same_read_as_a_paste_are_dropped(keys: Keyboard) -> None:
    """A key just before or just after a paste, in the same read, is taken to be part of it."""
    assert keys(b"x" + PASTE + b"ab" + PASTE_END) == []
    assert keys(PASTE + b"ab" + PASTE_END + b"p") == []
    assert keys(b"q") == ["q"]


# -- the byte counting behind it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        (b"", (b"", b"")),
        (b"ab", (b"ab", b"")),
        (b"ab\xc3", (b"ab", b"\xc3")),
        (b"ab\xc3\xa9", (b"ab\xc3\xa9", b"")),
        (b"a\xe2\x82", (b"a", b"\xe2\x82")),
        (b"a\xe3\x81", (b"a", b"\xe3\x81")),  # an odd continuation byte
        (b"a\xe2\x82\xac", (b"a\xe2\x82\xac", b"")),
        (b"a\xf0\x9f\x98", (b"a", b"\xf0\x9f\x98")),
        (b"\xf0\x9f\x98\x80", (b"\xf0\x9f\x98\x80", b"")),
        (b"a\xc0", (b"a", b"\xc0")),  # the lowest lead byte
        (b"a\xbf", (b"a\xbf", b"")),  # a stray continuation byte
        (b"\x80", (b"\x80", b"")),
        (b"\x80\x80", (b"\x80\x80", b"")),
        (b"\x80\x80\x80\x80\x80", (b"\x80\x80\x80\x80\x80", b"")),
    ],
)
def test_split_incomplete(chunk: bytes, expected: tuple[bytes, bytes]) -> None:
    """A UTF-8 character cut at the end is split off; a whole or broken one is not."""
    assert _split_incomplete(chunk) == expected


def test_utf8_length_at_each_boundary() -> None:
    """Lead bytes C0-DF start 2 bytes, E0-EF 3, F0 and above 4."""
    firsts = (0xC0, 0xDF, 0xE0, 0xE1, 0xEF, 0xF0, 0xF1, 0xF7)
    assert [_utf8_length(first) for first in firsts] == [2, 2, 3, 3, 3, 4, 4, 4]


@pytest.mark.parametrize(
    ("data", "length"),
    [
        (b"", 0),
        (b"\x1b", 0),
        (b"\x1b\x1b", 1),
        (b"\x1b\x1b[A", 1),
        (b"\x1bp", 2),
        (b"\x1bpq", 2),
        (b"\x1bO", 0),
        (b"\x1bOP", 3),
        (b"\x1bOPq", 3),
        (b"\x1b[", 0),
        (b"\x1b[A", 3),
        (b"\x1b[Aq", 3),
        (b"\x1b[@", 3),  # the lowest final byte
        (b"\x1b[~", 3),  # the highest
        (b"\x1b[\x7f", 2),  # DEL ends it broken
        (b"\x1b[ q", 4),  # a space is a parameter
        (b"\x1b[?25h", 6),  # so is '?'
        (b"\x1b[0", 0),
        (b"\x1b[1;5A", 6),
        (b"\x1b[1\x1b[A", 3),  # broken by the next Esc
        (b"\x1b[" + b"1" * 29, 0),  # 31 bytes: may still finish
        (b"\x1b[" + b"1" * 30, 32),  # 32: too long to be a key, taken whole
        (b"\x1b[" + b"1" * 40, 32),
    ],
)
def test_sequence_length(data: bytes, length: int) -> None:
    """The length of the escape sequence at the start; 0 while it may still go on."""
    assert _sequence_length(data) == length
