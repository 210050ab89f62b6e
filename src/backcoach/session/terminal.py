"""The keyboard and the terminal's modes: single keys in, always given back sane.

`KeyboardTerminal` puts the terminal in cbreak mode (keys arrive one at a
time, no echo; Ctrl-C still interrupts) and reads keys with a timeout. Signals
that must change what is on screen (a resize, Ctrl-Z, SIGCONT) only set a flag
and wake the reader through a self-pipe, so the main loop acts on them between
two frames, never in the middle of one. SIGTERM and SIGHUP raise Terminated,
which unwinds through every `finally`, so the terminal is restored however the
program ends.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import termios
import tty
from types import FrameType
from typing import Any

from backcoach.errors import Terminated

SHOW_CURSOR = "\x1b[?25h"


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

    # -- modes ------------------------------------------------------------

    def __enter__(self) -> KeyboardTerminal:
        self._saved = termios.tcgetattr(self.fd)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._old_wakeup = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        for signum, handler in (
            (signal.SIGTERM, self._on_terminate),
            (signal.SIGHUP, self._on_terminate),
            (signal.SIGWINCH, self._on_flag),
            (signal.SIGTSTP, self._on_flag),
            (signal.SIGCONT, self._on_flag),
        ):
            self._old_handlers[signum] = signal.signal(signum, handler)
        self.enter_key_mode()
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()
        for signum, handler in self._old_handlers.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._old_wakeup)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def enter_key_mode(self) -> None:
        tty.setcbreak(self.fd, termios.TCSANOW)

    def restore(self) -> None:
        """Echo and line mode back, as they were when we started."""
        if self._saved is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

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

    def _on_terminate(self, signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

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
            data = os.read(self.fd, 1024)
            if not data:
                keys.append(self.EOF)  # the terminal went away
            keys.extend(data.decode("utf-8", errors="ignore"))
        events = sorted(self._pending)
        self._pending.clear()
        return events + keys
