"""Standard streams that fail in words, tested in this process on spare and borrowed descriptors.

Every test that points 0, 1 or 2 elsewhere puts it back as it was before the test ends
(`pointed`), and sys.stdin, sys.stdout and sys.stderr are restored by monkeypatch.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import select
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from backcoach import __main__ as entry
from backcoach import __version__, streams
from backcoach.errors import InputError

FULL = "/dev/full"
needs_full = pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full here")
ENOSPC_MESSAGE = "cannot write output: no space left on device"

codecs.register_error(streams.ERRORS, streams._look_alike)  # as guard() does


@contextmanager
def pointed(fd: int, target: int | None) -> Iterator[None]:
    """Descriptor `fd` refers to `target` (is closed when None) inside the block only."""
    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is not None:
            stream.flush()  # nothing of pytest's own is left to reach the borrowed descriptor
    saved = os.dup(fd)
    try:
        if target is None:
            os.close(fd)
        else:
            os.dup2(target, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def is_null(fd: int) -> bool:
    return os.path.samestat(os.fstat(fd), os.stat(os.devnull))


def open_fds() -> set[int]:
    def is_open(fd: int) -> bool:
        try:
            os.fstat(fd)
        except OSError:
            return False
        return True

    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    return {int(name) for name in os.listdir(folder) if is_open(int(name))}


def free_fd(above: int = 100) -> int:
    """A descriptor number that is closed, above the lowest free one."""
    fd = above
    while True:
        try:
            os.fstat(fd)
        except OSError:
            return fd
        fd += 1


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    yield read, write
    for fd in (read, write):
        try:  # noqa: SIM105 - a test may have closed one end
            os.close(fd)
        except OSError:
            pass


def drain(fd: int) -> bytes:
    """What is waiting on the read end of a pipe, without blocking."""
    data = b""
    while select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


# -- OutputError -------------------------------------------------------------------------


def test_output_error_says_what_failed_in_lower_case() -> None:
    """A full disk reads 'cannot write output: no space left on device'."""
    assert str(streams.OutputError(errno.ENOSPC, "x")) == ENOSPC_MESSAGE
    assert str(streams.OutputError(errno.EIO, "x")) == "cannot write output: input/output error"


def test_output_error_without_a_number_is_unknown() -> None:
    """With no error number, the reason is 'unknown error'."""
    assert str(streams.OutputError()) == "cannot write output: unknown error"
    assert str(streams.OutputError(0, "")) == "cannot write output: unknown error"


# -- _Writer -----------------------------------------------------------------------------


def test_writer_writes_to_its_descriptor_and_never_closes_it(pipe: tuple[int, int]) -> None:
    """Bytes go to the descriptor as they are; closing the writer leaves the descriptor open."""
    read, write = pipe
    writer = streams._Writer(write, report=True)
    assert writer.writable()
    assert writer.fileno() == write
    assert writer.write(b"hello") == 5
    assert writer.write(b" there") == 6
    assert drain(read) == b"hello there"
    writer.close()
    os.write(write, b"still open")
    assert drain(read) == b"still open"
    assert not streams.reader_gone()


def test_writer_knows_a_terminal_from_a_pipe(pipe: tuple[int, int]) -> None:
    """isatty: True on a terminal, False on a pipe, False on a closed descriptor."""
    master, slave = os.openpty()
    try:
        assert streams._Writer(slave, report=True).isatty() is True
    finally:
        os.close(master)
        os.close(slave)
    assert streams._Writer(pipe[1], report=True).isatty() is False
    assert streams._Writer(free_fd(), report=True).isatty() is False


@needs_full
def test_stdout_writer_reports_a_full_disk_once_then_drops() -> None:
    """ENOSPC on stdout: OutputError with its message; what follows is dropped, not raised."""
    full = os.open(FULL, os.O_WRONLY)
    try:
        writer = streams._Writer(full, report=True)
        with pytest.raises(streams.OutputError) as caught:
            writer.write(b"data")
        assert caught.value.errno == errno.ENOSPC
        assert str(caught.value) == ENOSPC_MESSAGE
        assert writer.write(b"more") == 4  # the exit flush cannot fail a second time
        assert writer.broken is False
    finally:
        os.close(full)


@needs_full
def test_stderr_writer_drops_a_failed_write() -> None:
    """ENOSPC on stderr: nothing raised, the write counted as done."""
    full = os.open(FULL, os.O_WRONLY)
    try:
        writer = streams._Writer(full, report=False)
        assert writer.write(b"message") == 7
        assert writer.write(b"again") == 5
    finally:
        os.close(full)


def test_stdout_writer_lets_a_closed_pipe_through_then_drops(pipe: tuple[int, int]) -> None:
    """The reader went away: BrokenPipeError once (a quiet exit), then writes are dropped."""
    read, write = pipe
    os.close(read)
    writer = streams._Writer(write, report=True)
    with pytest.raises(BrokenPipeError):
        writer.write(b"line\n")
    assert writer.broken is True
    assert writer.write(b"line\n") == 5


def test_stderr_writer_drops_a_closed_pipe_quietly(pipe: tuple[int, int]) -> None:
    """stderr to a pipe with no reader: dropped, and not taken for `| head` on stdout."""
    read, write = pipe
    os.close(read)
    writer = streams._Writer(write, report=False)
    assert writer.write(b"note\n") == 5
    assert writer.broken is False


def fill(writer: streams._Writer) -> None:
    while True:
        writer.write(b"x" * 65536)


def test_writer_passes_a_full_non_blocking_pipe_back(pipe: tuple[int, int]) -> None:
    """A full non-blocking pipe is the caller's to retry: BlockingIOError, and nothing dropped."""
    read, write = pipe
    os.set_blocking(write, False)
    writer = streams._Writer(write, report=True)
    with pytest.raises(BlockingIOError):
        fill(writer)
    drain(read)
    assert writer.write(b"after") == 5


# -- look-alikes -------------------------------------------------------------------------


def test_table_characters_become_their_ascii_look_alikes() -> None:
    """Dashes, quotes, arrows, the ellipsis, the degree sign and the lettering's pieces."""
    text = "–—‐−·•…‘’“”→←×≈°━╸╺█"
    assert [streams.ascii_char(char) for char in text] == [
        "-", "-", "-", "-", "-", "*", "...", "'", "'", '"', '"', "->", "<-",
        "x", "~", " deg", "-", "-", "-", "#",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\u2500", "-"),  # LIGHT HORIZONTAL: the first box-drawing character
        ("\u2550", "-"),  # DOUBLE HORIZONTAL
        ("\u2502", "|"),  # LIGHT VERTICAL
        ("\u2551", "|"),  # DOUBLE VERTICAL
        ("\u250c", "+"),  # LIGHT DOWN AND RIGHT: a corner
        ("\u253c", "+"),  # LIGHT VERTICAL AND HORIZONTAL: a cross
        ("\u257f", "+"),  # HEAVY UP AND LIGHT DOWN: the last box-drawing character
        ("\u2580", "#"),  # UPPER HALF BLOCK: the first block element
        ("\u2588", "#"),  # FULL BLOCK
        ("\u259f", "#"),  # the last block element
        ("\u25a0", "?"),  # BLACK SQUARE: no longer a block element
        ("\u24ff", "?"),  # just before the box drawing
        ("é", "e"),
        ("Å", "A"),
        ("ﬁ", "fi"),
        ("中", "?"),
        ("\u2713", "?"),
    ],
)
def test_ascii_char(char: str, shown: str) -> None:
    """Box drawing as + - |, blocks as #, accented letters plain, anything else '?'."""
    assert streams.ascii_char(char) == shown


def test_look_alike_handler_rewrites_a_run_of_characters() -> None:
    """Encoding with the handler: each character of the run replaced, the rest kept."""
    text = "┌──┐ café – 10° ✓"
    assert text.encode("ascii", errors=streams.ERRORS) == b"+--+ cafe - 10 deg ?"


def test_look_alike_handler_leaves_decoding_errors_alone() -> None:
    """Only encoding is helped: bytes that do not decode still fail to decode."""
    with pytest.raises(UnicodeDecodeError):
        b"caf\xe9".decode("ascii", errors=streams.ERRORS)


# -- _ensure_open ------------------------------------------------------------------------


def test_open_descriptor_is_left_alone(tmp_path: Path) -> None:
    """An open descriptor is not replaced: False, and it still refers to its file."""
    fd = os.open(tmp_path / "file", os.O_RDWR | os.O_CREAT)
    try:
        assert streams._ensure_open(fd) is False
        assert not is_null(fd)
    finally:
        os.close(fd)


def test_closed_descriptor_is_filled_with_dev_null() -> None:
    """A closed descriptor becomes /dev/null (read and write), with no descriptor left over."""
    fd = free_fd()
    before = open_fds()
    assert streams._ensure_open(fd) is True
    try:
        assert is_null(fd)
        assert open_fds() == before | {fd}
        assert os.write(fd, b"gone") == 4
        assert os.read(fd, 10) == b""
    finally:
        os.close(fd)


def test_lowest_closed_descriptor_is_filled_in_place() -> None:
    """When /dev/null opens at the very number that was closed, it stays there."""
    fd = os.dup(0)
    os.close(fd)  # now the lowest free number
    before = open_fds()
    assert streams._ensure_open(fd) is True
    try:
        assert is_null(fd)
        assert open_fds() == before | {fd}
    finally:
        os.close(fd)


# -- _wrap -------------------------------------------------------------------------------


def wrapped_output(original: object, text: str, tmp_path: Path) -> bytes:
    path = tmp_path / "out"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
    try:
        stream = streams._wrap(fd, original, report=True)
        stream.write(text)
        stream.flush()
    finally:
        os.close(fd)
    return path.read_bytes()


def test_ascii_stream_writes_look_alikes(tmp_path: Path) -> None:
    """A stream in ASCII shows `–` as `-` and box drawing as `+-|`, never UnicodeEncodeError."""
    original = SimpleNamespace(encoding="ascii", errors="strict")
    assert wrapped_output(original, "a – b │█│\n", tmp_path) == b"a - b |#|\n"


def test_ascii_stream_without_an_error_policy_writes_look_alikes(tmp_path: Path) -> None:
    """A stream that names no error policy is strict, so it gets the look-alikes too."""
    original = SimpleNamespace(encoding="ascii")
    assert wrapped_output(original, "10°\n", tmp_path) == b"10 deg\n"


def test_stream_keeps_a_chosen_error_policy(tmp_path: Path) -> None:
    """A stream that already replaces what it cannot encode keeps doing so."""
    original = SimpleNamespace(encoding="ascii", errors="replace")
    assert wrapped_output(original, "a – b\n", tmp_path) == b"a ? b\n"


def test_utf8_stream_writes_the_characters_themselves(tmp_path: Path) -> None:
    """UTF-8 holds everything: `–` stays `–`, and the stream's own strictness is kept."""
    original = SimpleNamespace(encoding="utf-8", errors="strict")
    assert wrapped_output(original, "a – b\n", tmp_path) == "a – b\n".encode()
    with pytest.raises(UnicodeEncodeError):
        wrapped_output(original, "bad \udcff\n", tmp_path)


def test_stream_with_no_encoding_is_utf8(tmp_path: Path) -> None:
    """A missing original (or one without an encoding) means UTF-8, strict."""
    assert wrapped_output(None, "→ ok\n", tmp_path) == "→ ok\n".encode()
    with pytest.raises(UnicodeEncodeError):
        wrapped_output(SimpleNamespace(encoding=None), "bad \udcff\n", tmp_path)


@needs_full
def test_wrapped_stdout_reports_a_full_disk_at_flush() -> None:
    """The wrapped stdout raises OutputError when its buffer reaches a full disk."""
    full = os.open(FULL, os.O_WRONLY)
    try:
        stream = streams._wrap(full, None, report=True)
        stream.write("text\n")
        with pytest.raises(streams.OutputError, match=ENOSPC_MESSAGE):
            stream.flush()
        stream.write("more\n")
        stream.flush()  # dropped
    finally:
        os.close(full)


def test_pipe_output_waits_for_a_flush(pipe: tuple[int, int]) -> None:
    """To a pipe, lines are buffered and go out together at the flush."""
    read, write = pipe
    stream = streams._wrap(write, None, report=True)
    stream.write("one\n")
    stream.write("two")
    assert drain(read) == b""
    stream.flush()
    assert drain(read) == b"one\ntwo"


def test_terminal_output_goes_out_line_by_line() -> None:
    """To a terminal, each finished line is shown at once, without waiting for a flush."""
    master, slave = os.openpty()
    try:
        stream = streams._wrap(slave, None, report=True)
        stream.write("line\n")
        assert select.select([master], [], [], 5)[0]
        assert os.read(master, 100) == b"line\r\n"
    finally:
        os.close(master)
        os.close(slave)


# -- guard -------------------------------------------------------------------------------


@pytest.fixture
def borrowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SimpleNamespace:
    """fds 0, 1 and 2 on /dev/null and two files (put back after), streams that speak ASCII."""
    monkeypatch.setattr(streams, "closed", set())
    stdin = io.StringIO("typed")
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    fds = {
        0: os.open(os.devnull, os.O_RDWR),
        1: os.open(out, os.O_RDWR | os.O_CREAT),
        2: os.open(err, os.O_RDWR | os.O_CREAT),
    }
    ns = SimpleNamespace(
        stdin=stdin,
        out=lambda: out.read_text(encoding="utf-8"),
        err=lambda: err.read_text(encoding="utf-8"),
        point=lambda number, target: ns.stack.enter_context(pointed(number, target)),
    )

    @contextmanager
    def start() -> Iterator[None]:
        """Inside the test itself: pytest's capture repoints 0, 1 and 2 between phases."""
        monkeypatch.setattr(sys, "stdin", stdin)
        monkeypatch.setattr(sys, "stdout", SimpleNamespace(encoding="ascii", errors="strict"))
        monkeypatch.setattr(sys, "stderr", SimpleNamespace(encoding="ascii", errors="strict"))
        with ExitStack() as ns.stack:
            for number, fd in fds.items():
                ns.stack.enter_context(pointed(number, fd))
                os.close(fd)
            try:
                yield
            finally:
                for stream in (sys.stdout, sys.stderr):
                    writer = getattr(getattr(stream, "buffer", None), "raw", None)
                    if isinstance(writer, streams._Writer):
                        writer.failed = True  # nothing left over reaches the real descriptors
                if sys.stdin is not stdin:
                    sys.stdin.close()

    ns.start = start
    return ns


def test_guard_wraps_stdout_and_stderr(borrowed: SimpleNamespace) -> None:
    """After guard, stdout and stderr write to 1 and 2 with look-alikes; stdin is untouched."""
    with borrowed.start():
        streams.guard()
        print("out – 1", file=sys.stdout)
        print("err – 2", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        assert borrowed.out() == "out - 1\n"
        assert borrowed.err() == "err - 2\n"
        assert streams.closed == set()
        assert sys.stdin is borrowed.stdin


@needs_full
def test_guarded_stdout_on_a_full_disk_fails_in_words(borrowed: SimpleNamespace) -> None:
    """stdout on a full disk raises OutputError; stderr on one drops its message."""
    with borrowed.start():
        full = os.open(FULL, os.O_WRONLY)
        borrowed.point(1, full)
        borrowed.point(2, full)
        os.close(full)
        streams.guard()
        print("message", file=sys.stderr)
        sys.stderr.flush()
        print("output")
        with pytest.raises(streams.OutputError, match=ENOSPC_MESSAGE):
            sys.stdout.flush()


def test_guard_fills_a_closed_stdin(borrowed: SimpleNamespace) -> None:
    """stdin closed (`<&-`): fd 0 becomes /dev/null, read as empty, and is kept open."""
    with borrowed.start():
        borrowed.point(0, None)
        streams.guard()
        assert streams.closed == {0}
        assert is_null(0)
        assert sys.stdin is not borrowed.stdin
        assert sys.stdin.fileno() == 0
        assert sys.stdin.read() == ""
        sys.stdin.close()
        assert is_null(0)  # the descriptor belongs to the process, not to sys.stdin


@pytest.mark.parametrize("fd", [1, 2])
def test_guard_fills_a_closed_stdout_or_stderr(borrowed: SimpleNamespace, fd: int) -> None:
    """stdout or stderr closed (`>&-`, `2>&-`): remembered, and filled with /dev/null."""
    with borrowed.start():
        borrowed.point(fd, None)
        streams.guard()
        assert streams.closed == {fd}
        assert is_null(fd)
        assert sys.stdin is borrowed.stdin


# -- reader_gone, terminal_lost ----------------------------------------------------------


def test_reader_gone_after_a_closed_pipe_on_stdout(
    monkeypatch: pytest.MonkeyPatch, pipe: tuple[int, int]
) -> None:
    """`| head` went away: reader_gone is True only once a write found the pipe closed."""
    read, write = pipe
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert streams.reader_gone() is False  # not a stream of ours
    with open(os.devnull, "w", encoding="utf-8") as plain:
        monkeypatch.setattr(sys, "stdout", plain)
        assert streams.reader_gone() is False  # a file, but not a stream of ours
    monkeypatch.setattr(sys, "stdout", streams._wrap(write, None, report=True))
    print("first")
    sys.stdout.flush()
    assert streams.reader_gone() is False
    os.close(read)
    print("second")
    with pytest.raises(BrokenPipeError):
        sys.stdout.flush()
    assert streams.reader_gone() is True


def test_terminal_lost_points_everything_at_dev_null(
    borrowed: SimpleNamespace, tmp_path: Path
) -> None:
    """EIO: 0, 1 and 2 become /dev/null, and output still buffered is never written."""
    with borrowed.start():
        terminal = os.open(tmp_path / "terminal", os.O_RDWR | os.O_CREAT)
        for fd in (0, 1, 2):
            borrowed.point(fd, terminal)
        os.close(terminal)
        streams.guard()
        print("pending out")
        print("pending err", file=sys.stderr)
        before = open_fds()
        streams.terminal_lost()
        assert open_fds() == before
        assert is_null(0)
        assert is_null(1)
        assert is_null(2)
        late = os.open(tmp_path / "late", os.O_RDWR | os.O_CREAT)
        borrowed.point(1, late)
        borrowed.point(2, late)
        os.close(late)
        sys.stdout.flush()
        sys.stderr.flush()
        assert (tmp_path / "late").read_text(encoding="utf-8") == ""
        assert (tmp_path / "terminal").read_text(encoding="utf-8") == ""


def test_terminal_lost_with_plain_streams(borrowed: SimpleNamespace, tmp_path: Path) -> None:
    """Streams that are not guard's (no byte buffer) do not stop 0, 1 and 2 going to /dev/null."""
    with borrowed.start():
        terminal = os.open(tmp_path / "terminal", os.O_RDWR | os.O_CREAT)
        for fd in (0, 1, 2):
            borrowed.point(fd, terminal)
        os.close(terminal)
        sys.stdout = io.StringIO()
        sys.stderr = io.StringIO()
        streams.terminal_lost()
        assert is_null(0)
        assert is_null(1)
        assert is_null(2)


# -- __main__ ----------------------------------------------------------------------------


@pytest.fixture
def process(
    borrowed: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SimpleNamespace]:
    """main() run in this process: argv set, cli and nudge replaced by recorders."""
    calls: list[tuple[str, object]] = []
    state = SimpleNamespace(code=3, raises=None, prints="")

    def run(args: list[str]) -> int:
        calls.append(("cli", args))
        if state.prints:
            try:
                print(state.prints)
                sys.stdout.flush()
            except BrokenPipeError:
                return 1  # as click does
        if state.raises:
            raise state.raises
        return state.code

    def nudge() -> int:
        calls.append(("nudge", None))
        return 7

    monkeypatch.setattr("backcoach.cli.run", run)
    monkeypatch.setattr("backcoach.history.nudge.main", nudge)
    umask = os.umask(0o022)
    os.umask(umask)

    def main(*args: str) -> object:
        monkeypatch.setattr(sys, "argv", ["backcoach", *args])
        with pytest.raises(SystemExit) as caught:
            entry.main()
        sys.stderr.flush()
        return caught.value.code

    borrowed.calls = calls
    borrowed.state = state
    borrowed.main = main
    yield borrowed
    os.umask(umask)


def test_main_version(process: SimpleNamespace) -> None:
    """`backcoach --version` and `-V`: the version on stdout, exit 0, typer never reached."""
    with process.start():
        assert process.main("--version") == 0
        assert process.main("-V") == 0
        assert process.out() == f"backcoach {__version__}\n" * 2
        assert process.err() == ""
        assert process.calls == []


def test_main_hands_other_commands_to_cli(process: SimpleNamespace) -> None:
    """Anything else goes to cli with its arguments, and cli's code is the exit code."""
    with process.start():
        assert process.main("history", "--json") == 3
        assert process.main("nudge", "--force") == 3
        assert process.main() == 3
        assert process.calls == [
            ("cli", ["history", "--json"]),
            ("cli", ["nudge", "--force"]),
            ("cli", []),
        ]


def test_main_runs_a_bare_nudge_without_cli(process: SimpleNamespace) -> None:
    """`backcoach nudge` (every new shell) goes straight to the nudge, and exits with its code."""
    with process.start():
        assert process.main("nudge") == 7
        assert process.calls == [("nudge", None)]


def test_main_makes_files_private(process: SimpleNamespace) -> None:
    """Every file backcoach creates afterwards is readable by its owner only."""
    with process.start():
        process.main("--version")
        current = os.umask(0o022)
        os.umask(current)
        assert current == 0o077


@needs_full
def test_main_on_a_full_disk_exits_1_in_words(process: SimpleNamespace) -> None:
    """stdout on a full disk: 'Error: cannot write output: ...' on stderr, exit 1."""
    with process.start():
        full = os.open(FULL, os.O_WRONLY)
        process.point(1, full)
        os.close(full)
        assert process.main("--version") == 1
        assert process.err() == f"Error: {ENOSPC_MESSAGE}\n"


def test_main_with_a_closed_reader_exits_0(process: SimpleNamespace, pipe: tuple[int, int]) -> None:
    """`backcoach ... | head`: the reader went away; exit 0, and no message."""
    with process.start():
        read, write = pipe
        process.point(1, write)
        os.close(read)
        assert process.main("--version") == 0
        process.state.prints = "many lines"
        assert process.main("history") == 0  # click would say 1
        assert process.err() == ""


def test_main_treats_a_broken_pipe_from_cli_as_done(process: SimpleNamespace) -> None:
    """A BrokenPipeError that escapes the command: exit 0, no traceback."""
    with process.start():
        process.state.raises = BrokenPipeError()
        assert process.main("report") == 0
        assert process.err() == ""


def test_main_with_stdout_closed_does_nothing(process: SimpleNamespace) -> None:
    """stdout closed (`>&-`): nothing runs unseen; one message on stderr, exit 1."""
    with process.start():
        process.point(1, None)
        assert process.main("history") == 1
        assert process.err() == "Error: cannot write output: standard output is closed\n"
        assert process.calls == []


def test_main_with_stderr_closed_still_runs(process: SimpleNamespace) -> None:
    """stderr closed (`2>&-`) is no reason to stop: the command runs."""
    with process.start():
        process.point(2, None)
        assert process.main("--version") == 0
        assert process.out() == f"backcoach {__version__}\n"


def test_bare_list_runs_without_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backcoach list` is listed here, exit 0; an error in it gets its message and code."""
    monkeypatch.setattr(streams, "closed", set())
    outcome: list[BaseException] = []

    def listing() -> None:
        if outcome:
            raise outcome[0]
        print("stretches")

    monkeypatch.setattr("backcoach.listing.list_stretches", listing)
    monkeypatch.setattr("backcoach.cli.run", lambda args: pytest.fail(f"cli ran {args}"))
    assert entry._run(["list"]) == 0
    assert capsys.readouterr() == ("stretches\n", "")
    outcome.append(InputError("stretches/catalogue.yaml: cannot read it"))
    assert entry._run(["list"]) == 2
    assert capsys.readouterr() == ("", "Error: stretches/catalogue.yaml: cannot read it\n")
    outcome[0] = KeyboardInterrupt()
    assert entry._run(["list"]) == 130


def test_cannot_write_says_why_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """An OutputError at the end: 'Error: cannot write output: ...' on stderr, exit 1."""
    assert entry._cannot_write(streams.OutputError(errno.ENOSPC, "x")) == 1
    assert capsys.readouterr() == ("", f"Error: {ENOSPC_MESSAGE}\n")
