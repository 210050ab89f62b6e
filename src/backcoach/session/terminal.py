"""The keyboard and the terminal's modes: single keys in, always given back sane.

`KeyboardTerminal` puts the terminal in cbreak mode (keys arrive one at a
time, no echo; Ctrl-C still interrupts) and reads keys with a timeout. Signals
that must change what is on screen (a resize, Ctrl-Z, SIGCONT) only set a flag
and wake the reader through a self-pipe, so the main loop acts on them between
two frames, never in the middle of one.

Every signal whose default action would end the process (SIGTERM, SIGHUP,
SIGQUIT, SIGUSR1, SIGALRM, the real-time signals...) raises Terminated, and
Ctrl-C KeyboardInterrupt, which unwind through every `finally`: the session is
recorded and the terminal restored however the program ends (`StopSignals`).
Only the first such signal counts; later ones are ignored until the process
has printed its summary and exited. A terminal that goes away (EIO or end of
file on read) is a hangup: Terminated(SIGHUP).

Keys are read whole: an escape sequence (arrows, F1 = ESC O P, Alt-p = ESC p)
is one key, named `<esc:...>`, that nothing is bound to; a lone Esc is
"\x1b" once no more bytes follow within ESC_TIMEOUT. Text pasted into the
terminal does nothing: bracketed paste is switched on, so the terminal marks
a paste and all of it is dropped; where a terminal cannot mark it, a burst of
more than MAX_BURST keys arriving in one read is taken for a paste and dropped.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import sys
import termios
import tty
from types import FrameType, TracebackType
from typing import Any

from backcoach.errors import Terminated

SHOW_CURSOR = "\x1b[?25h"
PASTE_ON = "\x1b[?2004h"
PASTE_OFF = "\x1b[?2004l"
PASTE_START = b"\x1b[200~"
PASTE_END = b"\x1b[201~"
ESC = b"\x1b"
ESC_TIMEOUT = 0.05  # seconds: after Esc, the rest of a sequence comes at once
MAX_BURST = 3  # more keys than this in one read is a paste, not typing
MAX_SEQUENCE = 32

_TERMINATING = (
    "SIGTERM",
    "SIGHUP",
    "SIGQUIT",
    "SIGABRT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGALRM",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGIO",
    "SIGPOLL",
    "SIGPWR",
    "SIGSTKFLT",
    "SIGLOST",
    "SIGEMT",
)


def terminating_signals() -> list[int]:
    """Every catchable signal that would end the process, and is not a fault in the code.

    SIGSEGV, SIGBUS, SIGFPE and SIGILL are left alone (a handler cannot resume
    after them), and SIGPIPE, which Python ignores (a closed pipe is EPIPE).
    """
    found = {int(getattr(signal, name)) for name in _TERMINATING if hasattr(signal, name)}
    if hasattr(signal, "SIGRTMIN"):
        found.update(range(signal.SIGRTMIN, signal.SIGRTMAX + 1))
    return sorted(found)


# The first stop signal of this process; later ones are ignored (see StopSignals).
_stopped_by: int | None = None


def _on_stop(signum: int, frame: FrameType | None) -> None:
    global _stopped_by
    if _stopped_by is not None:
        return  # already stopping: the summary must not be cut short
    _stopped_by = signum
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


class StopSignals:
    """While inside, Ctrl-C and every terminating signal unwind as exceptions.

    On leaving after one arrived, they stay ignored: the process is ending,
    and a second Ctrl-C (or five, 1 ms apart) must not cut the summary short.
    """

    def __init__(self) -> None:
        self._old: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        for signum in [signal.SIGINT, *terminating_signals()]:
            with contextlib.suppress(OSError, ValueError):
                self._old[signum] = signal.signal(signum, _on_stop)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, handler in self._old.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, signal.SIG_IGN if _stopped_by is not None else handler)


class KeyboardTerminal:
    """Single-key input from a terminal, with resize and suspend reported as events."""

    RESIZE = "<resize>"
    SUSPEND = "<suspend>"
    EOF = "<eof>"

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None
        self._old_handlers: dict[int, Any] = {}
        self._pending: set[str] = set()
        self._wake_r = self._wake_w = -1
        self._old_wakeup = -1
        self._stops = StopSignals()
        self._buffer = b""
        self._in_paste = False

    # -- modes ------------------------------------------------------------

    def __enter__(self) -> KeyboardTerminal:
        self._saved = termios.tcgetattr(self.fd)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._old_wakeup = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        self._stops.__enter__()
        for signum in (signal.SIGWINCH, signal.SIGTSTP, signal.SIGCONT):
            self._old_handlers[signum] = signal.signal(signum, self._on_flag)
        self.enter_key_mode()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.restore()
        for signum, handler in self._old_handlers.items():
            signal.signal(signum, handler)
        self._stops.__exit__(*exc)
        signal.set_wakeup_fd(self._old_wakeup)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def enter_key_mode(self) -> None:
        tty.setcbreak(self.fd, termios.TCSANOW)
        self._tell_terminal(PASTE_ON)

    def restore(self) -> None:
        """Echo and line mode back, as they were when we started."""
        if self._saved is not None:
            self._tell_terminal(PASTE_OFF)
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def _tell_terminal(self, sequence: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            if os.isatty(self.fd) and sys.stdout.isatty():
                sys.stdout.write(sequence)
                sys.stdout.flush()

    def suspend(self) -> None:
        """Stop the process as Ctrl-Z would, with the terminal restored meanwhile."""
        self.restore()
        previous = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)
        # Execution continues here after `fg` (SIGCONT).
        signal.signal(signal.SIGTSTP, previous)
        self.enter_key_mode()
        self._pending.discard(self.SUSPEND)

    # -- signals ----------------------------------------------------------

    def _on_flag(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGTSTP:
            self._pending.add(self.SUSPEND)
        else:  # a resize, or coming back from a stop: redraw
            self._pending.add(self.RESIZE)

    # -- reading ----------------------------------------------------------

    def read(self, timeout: float | None) -> list[str]:
        if not self._pending:
            ready, _, _ = select.select([self.fd, self._wake_r], [], [], timeout)
        else:
            ready = []
        keys: list[str] = []
        if self._wake_r in ready:
            with contextlib.suppress(BlockingIOError, OSError):
                os.read(self._wake_r, 512)
        if self.fd in ready:
            self._buffer += self._read_more()
            keys = self._keys()
        events = sorted(self._pending)
        self._pending.clear()
        return events + keys

    def _read_more(self) -> bytes:
        try:
            data = os.read(self.fd, 1024)
        except OSError as error:
            if error.errno not in (errno.EIO, errno.ENXIO, errno.EBADF):
                raise
            data = b""
        if not data:  # the terminal went away: a hangup
            from backcoach import streams

            streams.terminal_lost()
            raise Terminated(signal.SIGHUP)
        return data

    def _more_within(self, seconds: float) -> bool:
        """Wait briefly for the rest of an escape sequence; True when more bytes came."""
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            self._buffer += self._read_more()
        return bool(ready)

    def _keys(self) -> list[str]:
        """The whole keys in the buffer; an unfinished escape sequence waits a moment."""
        keys: list[str] = []
        pasted = False
        while self._buffer:
            if self._in_paste:
                end = self._buffer.find(PASTE_END)
                if end < 0:
                    # Keep a tail that may be the start of the end marker.
                    self._buffer = self._buffer[-(len(PASTE_END) - 1) :]
                    if not self._more_within(ESC_TIMEOUT):
                        self._buffer = b""
                    continue
                self._buffer = self._buffer[end + len(PASTE_END) :]
                self._in_paste = False
                pasted = True
                continue
            if self._buffer.startswith(ESC):
                length = _sequence_length(self._buffer)
                if length == 0:  # unfinished: the rest comes at once, or it was a lone Esc
                    if len(self._buffer) < MAX_SEQUENCE and self._more_within(ESC_TIMEOUT):
                        continue
                    length = 1 if len(self._buffer) == 1 else len(self._buffer)
                sequence, self._buffer = self._buffer[:length], self._buffer[length:]
                if sequence == PASTE_START:
                    self._in_paste = True
                elif sequence == ESC:
                    keys.append("\x1b")
                else:
                    keys.append(f"<esc:{sequence[1:].decode('ascii', 'replace')}>")
                continue
            keys.extend(self._text())
        if pasted or sum(1 for key in keys if not key.startswith("<")) > MAX_BURST:
            return []  # a paste, marked or not: none of it is a command
        return keys

    def _text(self) -> list[str]:
        """Plain characters up to the next Esc, decoded whole (a cut UTF-8 char waits)."""
        end = self._buffer.find(ESC)
        chunk = self._buffer if end < 0 else self._buffer[:end]
        rest = b"" if end < 0 else self._buffer[end:]
        whole, tail = _split_incomplete(chunk) if end < 0 else (chunk, b"")
        self._buffer = tail + rest
        if tail and not (self._more_within(ESC_TIMEOUT) and len(self._buffer) > len(tail)):
            self._buffer = b""  # the rest of the character never came
        return list(whole.decode("utf-8", errors="ignore"))


def _split_incomplete(chunk: bytes) -> tuple[bytes, bytes]:
    """`chunk` without a UTF-8 character cut short at its end, and that cut piece."""
    for back in range(1, min(4, len(chunk)) + 1):
        byte = chunk[-back]
        if byte & 0xC0 == 0x80:  # a continuation byte: look further back
            continue
        if byte >= 0xC0 and back < _utf8_length(byte):
            return chunk[:-back], chunk[-back:]
        break
    return chunk, b""


def _utf8_length(first: int) -> int:
    if first >= 0xF0:
        return 4
    if first >= 0xE0:
        return 3
    return 2


def _sequence_length(data: bytes) -> int:
    """Bytes in the escape sequence at the start of `data`; 0 when it is not finished.

    CSI (ESC [ params final), SS3 (ESC O x) and Alt-key (ESC x). ESC ESC is a
    lone Esc followed by whatever the second one starts.
    """
    if len(data) < 2:
        return 0
    second = data[1]
    if second == 0x1B:
        return 1
    if second == ord("["):
        for index in range(2, min(len(data), MAX_SEQUENCE)):
            if 0x40 <= data[index] <= 0x7E:
                return index + 1
            if not 0x20 <= data[index] <= 0x3F:  # not a parameter: a broken sequence
                return index
        return 0 if len(data) < MAX_SEQUENCE else MAX_SEQUENCE
    if second == ord("O"):
        return 3 if len(data) >= 3 else 0
    return 2  # Alt and a key
