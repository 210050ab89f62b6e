"""Reading a person's small text files, and checks shared by every file format.

Every input file (catalogue, routine, config.toml) is read by `read_text`,
which reads only regular files, at most their size limit plus one byte, and
only files that no other user could have written: a FIFO or /dev/zero must
not hang a command, and a config that someone else can edit must not choose
the command that speaks.
"""

from __future__ import annotations

import os
import re
import stat
from typing import TYPE_CHECKING

from backcoach.errors import InputError, Problem

if TYPE_CHECKING:
    from pathlib import Path

MAX_FILE_BYTES = 1_000_000

# Control characters other than tab and newline could rewrite a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What `visible` escapes: every C0/C1 control, the bidirectional overrides and
# isolates, the Unicode line and paragraph separators, and lone surrogates (a
# file name's bytes that were not UTF-8: printed raw, \x9b is a C1 escape).
_SHOWN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return repr(found.group())[1:-1]


def visible(text: object, keep_newlines: bool = False) -> str:
    r"""Outside text made safe to print: each control character shown as an escape.

    ESC becomes `\x1b`, a right-to-left override `\u202e`; a newline becomes
    `\n` unless `keep_newlines` (for messages that are several lines long).
    """
    shown = str(text)
    if keep_newlines:
        return "\n".join(_SHOWN.sub(_escape, line) for line in shown.split("\n"))
    return _SHOWN.sub(_escape, shown)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def untrusted(info: os.stat_result) -> str | None:
    """Why a file or folder with this status could hold someone else's words, or None.

    Like ssh with its config: it must be owned by the person running backcoach
    (or root) and writable by no one else. A group-writable file is accepted
    when the group is the owner's own private group, as many systems create.
    """
    uid = os.geteuid()
    if info.st_uid not in (uid, 0):
        return f"it is owned by another user (uid {info.st_uid})"
    if info.st_mode & stat.S_IWOTH:  # even a sticky folder: anyone could add a config
        return "anyone can change it (it is world-writable)"
    if info.st_mode & stat.S_IWGRP and not _private_group(info):
        return f"other users can change it (it is writable by group {info.st_gid})"
    return None


def _private_group(info: os.stat_result) -> bool:
    """Whether the file's group is its owner's own group, with no other members."""
    import grp
    import pwd

    try:
        owner = pwd.getpwuid(info.st_uid)
        group = grp.getgrgid(info.st_gid)
    except KeyError:
        return False
    return owner.pw_gid == info.st_gid and set(group.gr_mem) <= {owner.pw_name}


def refuse_untrusted(name: str, info: os.stat_result, what: str) -> None:
    """InputError (exit 2) naming the path and the fix when `untrusted` says why."""
    why = untrusted(info)
    if why is None:
        return
    shown = visible(name)
    fix = (
        f"if it is yours, `chown {os.geteuid()} {shown}`; "
        if "owned" in why
        else f"`chmod go-w {shown}`; "
    )
    raise InputError(
        f"{shown}: backcoach will not use this {what}: {why}, so what it holds may not be "
        f"yours. Fix: {fix}or move your files elsewhere (BACKCOACH_HOME)."
    )


def check_folder(name: str, what: str) -> None:
    """Refuse a folder (after following links) that another user owns or can write to.

    A folder that does not exist yet is fine: backcoach creates it, private.
    """
    try:
        info = os.stat(name)
    except OSError:
        return  # missing or unreachable: whoever uses it next says what is wrong
    refuse_untrusted(name, info, what)


def read_bytes(path: Path | str, what: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (links followed) of at most `limit` bytes; else InputError.

    The file is opened without blocking (a FIFO with no writer must not hang
    the open), checked on the opened descriptor (so a file swapped after the
    check is still checked), and read for at most `limit` + 1 bytes, so
    /dev/zero or a file that grows as it is read cannot fill memory.
    """
    name = os.fspath(path)
    shown = visible(name)
    try:
        before = os.stat(name)
        if not stat.S_ISREG(before.st_mode):
            # Refused before opening: opening some devices has effects of its own.
            raise InputError(f"{shown}: is {_kind(before.st_mode)}, not a {what} file")
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{shown}: is {_kind(info.st_mode)}, not a {what} file")
            refuse_untrusted(name, info, f"{what} file")
            if info.st_size > limit:
                _too_large(shown, what, info.st_size, limit)
            chunks: list[bytes] = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            data = b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        if os.path.islink(name):
            raise InputError(f"{shown}: is a link to a file that does not exist") from None
        raise InputError(f"{shown}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a folder, not a {what} file") from None
    except NotADirectoryError:
        raise InputError(f"{shown}: no such file (part of the path is not a folder)") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied; check the file's permissions") from None
    except OSError as error:
        raise InputError(f"{shown}: cannot read it ({error.strerror or error})") from None
    if len(data) > limit:  # it grew while being read, or its size said 0 (/proc)
        _too_large(shown, what, limit, limit, at_least=True)
    return data


def _too_large(shown: str, what: str, size: int, limit: int, at_least: bool = False) -> None:
    size_text = f"more than {size:,}" if at_least else f"{size:,}"
    problem = Problem(
        shown,
        1,
        1,
        f"too large: the {what} is {size_text} bytes, more than the {limit:,} allowed; "
        "is this the right file?",
    )
    raise InputError(str(problem), (problem,))


def read_text(path: Path | str, what: str) -> str:
    """Read a small UTF-8 file through `read_bytes`, or raise InputError saying what went wrong."""
    return decode(read_bytes(path, what), visible(os.fspath(path)))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte order mark allowed), or InputError at the first bad byte."""
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
