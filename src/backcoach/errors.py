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
