"""The rich consoles, the shared styles, and the one place an error becomes a message.

Imports no page and no part of the session, so every view can use it without
an import circle (errors carry data; this module prints them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.text import Text

from .catalogue.textfile import visible
from .errors import InputError, Terminated
from .streams import OutputError

# Each phase of a session has its own word, its own mark and its own colour.
# The colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
# 2008), chosen to stay distinct with protanopia, deuteranopia and tritanopia;
# grey and the terminal's own colour stand in for the two it lacks. Colour is
# never the only sign: the word and the mark (and the breath bar) say it too.
PHASE_WORD = {
    "setup": "GET INTO POSITION",
    "move": "MOVE",
    "inhale": "BREATHE IN",
    "exhale": "BREATHE OUT",
    "hold": "HOLD",
    "release": "RELEASE",
    "rest": "REST",
    "ready": "GET READY",
    "paused": "PAUSED",
}
# Shorter words for the big lettering when the whole one does not fit the window.
PHASE_SHORT_WORD = {
    "setup": "POSITION",
    "inhale": "INHALE",
    "exhale": "EXHALE",
    "ready": "READY",
}
PHASE_MARK = {
    "setup": "◆",
    "move": "►",
    "inhale": "▲",  # the breath bar rises
    "exhale": "▼",  # and falls
    "hold": "■",  # and stays full
    "release": "□",
    "rest": "○",
    "ready": "●",
    "paused": "‖",
}
PHASE_STYLE = {
    "setup": "bold #CC79A7",  # reddish purple
    "move": "bold #D55E00",  # vermillion
    "inhale": "bold #56B4E9",  # sky blue
    "exhale": "bold #E69F00",  # orange
    "hold": "bold #F0E442",  # yellow
    "release": "bold #0072B2",  # blue
    "rest": "bold #009E73",  # bluish green
    "ready": "bold",  # the terminal's own colour
    "paused": "bold #999999",  # grey
}
BREATH_STYLE = {"in": PHASE_STYLE["inhale"], "out": PHASE_STYLE["exhale"]}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`backcoach list | head`): stop quietly, exit 0."""
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)


def console(stream: IO[str] | None = None) -> Console:
    """A console that honours NO_COLOR, TERM=dumb and pipes (rich does all three)."""
    return _Console(
        file=stream or sys.stdout, highlight=False, soft_wrap=False, emoji=False, markup=False
    )


def stderr_console() -> Console:
    return console(sys.stderr)


def error(message: str, hint: str | None = None) -> None:
    """One message on stderr: 'Error: what is wrong' and, if given, how to fix it.

    Like every message here, control characters in it are made visible: a
    message quotes file names, keys and arguments that came from outside.
    """
    err = stderr_console()
    line = Text("Error: ", style="bold red")
    line.append(visible(message, keep_newlines=True))
    err.print(line, soft_wrap=not err.is_terminal)
    if hint:
        err.print(
            Text(visible(hint, keep_newlines=True), style="dim"), soft_wrap=not err.is_terminal
        )


def problems(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    """FILE:LINE:COL lines, unwrapped, so editors and scripts can jump to them."""
    out = stream or sys.stderr
    for line in lines:
        print(visible(line, keep_newlines=True), file=out)


def notice(message: str, style: str = "yellow") -> None:
    """A message on stderr: one line in a pipe or a log; wrapped at spaces in a terminal.

    Left to the terminal, a long line would break mid-word ('`bac' / 'kcoach').
    """
    err = stderr_console()
    err.print(
        Text(visible(message, keep_newlines=True), style=style), soft_wrap=not err.is_terminal
    )


def exit_code(exc: BaseException) -> int:
    """Tell the person what happened, on stderr, and return the exit code for it.

    The one place an exception becomes a message, for the typer commands and
    for the bare commands __main__ runs without typer alike. With
    BACKCOACH_DEBUG set, an unexpected error is raised again for its traceback.
    """
    import contextlib
    import sys

    if isinstance(exc, InputError):
        if exc.problems:
            problems(map(str, exc.problems))
        else:
            error(exc.message)
        return 2
    if isinstance(exc, KeyboardInterrupt):
        print(file=sys.stderr)
        return 130
    if isinstance(exc, Terminated):  # SIGTERM or SIGHUP, e.g. while a question waits
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print(file=sys.stderr)
        return 128 + exc.signum
    if isinstance(exc, OutputError):  # a full disk or a closed terminal, not a bug
        error(str(exc))
        return 1
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`backcoach list | head`): not an error, and what
        # is still buffered must not fail again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.stderr.close()
        return 0
    if os.environ.get("BACKCOACH_DEBUG"):
        raise exc
    error(
        f"something went wrong inside backcoach: {type(exc).__name__}: {exc}",
        "This is a bug: run again with BACKCOACH_DEBUG=1 for details, and report it.",
    )
    return 1
