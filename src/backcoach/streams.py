"""Standard streams that fail in words, not tracebacks.

`guard()` runs first thing in every process (before typer or rich, so it must
stay light). It makes sure file descriptors 0, 1 and 2 are open (a closed one
is filled with /dev/null, so no file opened later can take its number and
receive our output), and wraps stdout and stderr:

- a failed write to stdout raises OutputError ("cannot write output: no space
  left on device"); after it, stdout drops what it is given, so the exit
  flush cannot fail a second time;
- a failed write to stderr is dropped: messages are best effort;
- text the stream's encoding cannot hold is written with ASCII look-alikes
  (`–` as `-`, box drawing as `+-|`, blocks as `#`), never UnicodeEncodeError.
"""

from __future__ import annotations

import codecs
import io
import os
import sys

ERRORS = "backcoach-ascii"
# Closed at start: the streams that were given to us closed (`>&-`, `2>&-`).
closed: set[int] = set()


class OutputError(OSError):
    """stdout cannot be written (a full disk, a closed terminal): exit 1, a clear message."""

    def __str__(self) -> str:
        reason = os.strerror(self.errno) if self.errno else "unknown error"
        return f"cannot write output: {reason[:1].lower()}{reason[1:]}"


class _Writer(io.RawIOBase):
    """A raw file descriptor writer that reports (stdout) or drops (stderr) failures."""

    def __init__(self, fd: int, report: bool) -> None:
        super().__init__()
        self.fd = fd
        self.report = report
        self.failed = False
        self.broken = False  # the reader went away

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        try:
            return os.isatty(self.fd)
        except OSError:
            return False

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self.failed:
            return len(data)
        try:
            return os.write(self.fd, data)
        except BlockingIOError:
            raise
        except OSError as error:
            self.failed = True  # whatever follows (the exit flush) is dropped
            if not self.report:
                return len(data)
            if isinstance(error, BrokenPipeError):
                self.broken = True
                raise  # the reader went away (`| head`): a quiet exit 0
            raise OutputError(error.errno, os.strerror(error.errno or 0)) from None

    def close(self) -> None:
        # Never close the descriptor itself: it belongs to the process.
        super().close()


def _look_alike(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ascii_char(char) for char in text), error.end


_TABLE = {
    "–": "-",
    "—": "-",
    "‐": "-",
    "−": "-",
    "·": "-",
    "•": "*",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "→": "->",
    "←": "<-",
    "×": "x",
    "≈": "~",
    "°": " deg",
    "━": "-",
    "╸": "-",
    "╺": "-",
    "█": "#",
}


def ascii_char(char: str) -> str:
    """An ASCII stand-in for one character: a look-alike, its plain letter, or '?'."""
    if char in _TABLE:
        return _TABLE[char]
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        import unicodedata

        name = unicodedata.name(char, "")
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if 0x2580 <= code <= 0x259F:  # block elements
        return "#"
    import unicodedata

    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def _ensure_open(fd: int) -> bool:
    """Fill a closed descriptor with /dev/null; True when it was closed."""
    try:
        os.fstat(fd)
    except OSError:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        return True
    return False


def _wrap(fd: int, original: object, report: bool) -> io.TextIOWrapper:
    encoding = getattr(original, "encoding", None) or "utf-8"
    errors = getattr(original, "errors", None) or "strict"
    if errors == "strict" and not codecs.lookup(encoding).name.startswith("utf"):
        errors = ERRORS
    writer = _Writer(fd, report)
    interactive = writer.isatty()
    buffered = io.BufferedWriter(writer)  # type: ignore[type-var]
    return io.TextIOWrapper(
        buffered,
        encoding=encoding,
        errors=errors,
        line_buffering=interactive,
        write_through=False,
    )


def guard() -> None:
    """Make the standard streams safe for the rest of the process (see the module doc)."""
    codecs.register_error(ERRORS, _look_alike)
    for fd in (0, 1, 2):
        if _ensure_open(fd):
            closed.add(fd)
    if 0 in closed:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - for the process
    sys.stdout = _wrap(1, sys.stdout, report=True)
    sys.stderr = _wrap(2, sys.stderr, report=False)


def _stdout_writer() -> _Writer | None:
    writer = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    return writer if isinstance(writer, _Writer) else None


def reader_gone() -> bool:
    """stdout was a pipe whose reader went away (`| head`): the end is a quiet exit 0."""
    writer = _stdout_writer()
    return writer is not None and writer.broken


def terminal_lost() -> None:
    """The terminal is gone (EIO): point 0, 1 and 2 at /dev/null so what follows is dropped."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        try:  # noqa: SIM105 - contextlib costs the nudge 3 ms to import
            os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)
    for stream in (sys.stdout, sys.stderr):
        writer = getattr(getattr(stream, "buffer", None), "raw", None)
        if isinstance(writer, _Writer):
            writer.failed = True
