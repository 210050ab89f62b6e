"""Reading a person's small text files, and checks shared by every file format."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from backcoach.errors import InputError, Problem

if TYPE_CHECKING:
    from pathlib import Path

MAX_FILE_BYTES = 1_000_000

# Control characters other than tab and newline could rewrite a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def read_text(path: Path | str, what: str) -> str:
    """Read a small UTF-8 file, or raise InputError saying what went wrong."""
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{name}:1:1: the {what} is {size:,} bytes, more than the "
                f"{MAX_FILE_BYTES:,} allowed; is this the right file?",
                (Problem(name, 1, 1, f"file too large ({size:,} bytes)"),),
            )
        with open(name, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a {what} file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's permissions") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read it ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problem = Problem(name, line, col, "not UTF-8 text; save the file as UTF-8")
        raise InputError(str(problem), (problem,)) from None


def suggest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    """The closest option to a mistyped word, if one is close enough."""
    import difflib

    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None
