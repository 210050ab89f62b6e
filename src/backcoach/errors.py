"""Errors that reach a person as plain messages, never as tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, where it is and how to fix it."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class InputError(Exception):
    """Bad input from a person: a file, a name or an option. Exit code 2."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join(str(problem) for problem in self.problems)


class UsageError(InputError):
    """A command line that asks for something impossible. Exit code 2."""


class Terminated(Exception):
    """SIGTERM or SIGHUP arrived: stop, restore the terminal, exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


def exit_code(error: BaseException) -> int:
    """Tell the person what happened, on stderr, and return the exit code for it.

    The one place an exception becomes a message, for the typer commands and
    for the bare commands __main__ runs without typer alike. With
    BACKCOACH_DEBUG set, an unexpected error is raised again for its traceback.
    """
    import contextlib
    import sys

    if isinstance(error, InputError):
        from . import render

        if error.problems:
            render.problems(map(str, error.problems))
        else:
            render.error(error.message)
        return 2
    if isinstance(error, KeyboardInterrupt):
        print(file=sys.stderr)
        return 130
    if isinstance(error, Terminated):  # SIGTERM or SIGHUP, e.g. while a question waits
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print(file=sys.stderr)
        return 128 + error.signum
    if isinstance(error, BrokenPipeError):
        # The reader went away (`backcoach list | head`): not an error.
        sys.stderr.close()
        return 0
    import os

    if os.environ.get("BACKCOACH_DEBUG"):
        raise error
    from . import render

    render.error(
        f"something went wrong inside backcoach: {type(error).__name__}: {error}",
        "This is a bug: run again with BACKCOACH_DEBUG=1 for details, and report it.",
    )
    return 1
