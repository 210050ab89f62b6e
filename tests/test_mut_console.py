"""The consoles and the one place an error becomes a message: exact text, colours and codes."""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Callable, Iterator

import pytest

from backcoach import console
from backcoach.console import exit_code
from backcoach.errors import Terminated
from backcoach.streams import OutputError

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG = "word " * 30  # 150 columns: more than the 100 the tests' terminal has


class Terminal(io.StringIO):
    """stderr as a terminal: rich wraps for it, as a real one would."""

    def isatty(self) -> bool:
        return True


class Gone(io.StringIO):
    """stderr after SIGHUP: the terminal is gone, every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """A colour terminal, as rich sees one."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")


@pytest.fixture
def spare_stdout(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], int]]:
    """Puts sys.stdout on a pipe of the test's own, so its descriptor can be repointed.

    Called in the test itself: pytest's capture sets sys.stdout again between phases.
    """
    read, write = os.pipe()
    stream = open(write, "w", closefd=False)  # noqa: SIM115 - closed below

    def use() -> int:
        monkeypatch.setattr(sys, "stdout", stream)
        return write

    yield use
    stream.close()
    os.close(read)
    os.close(write)


def is_null(fd: int) -> bool:
    return os.path.samestat(os.fstat(fd), os.stat(os.devnull))


# -- console() ---------------------------------------------------------------------------


def test_console_prints_text_as_given() -> None:
    """No markup, no emoji codes: brackets and colons come out as they were written."""
    stream = io.StringIO()
    console.console(stream).print("[bold]hold[/bold] :smile: for 30 s")
    assert stream.getvalue() == "[bold]hold[/bold] :smile: for 30 s\n"


def test_console_wraps_long_lines_at_its_width() -> None:
    """Long text is wrapped between words at the console's width (COLUMNS=100)."""
    stream = io.StringIO()
    console.console(stream).print(LONG.strip())
    lines = [line.rstrip() for line in stream.getvalue().splitlines()]
    assert lines == [("word " * 20).strip(), ("word " * 10).strip()]


def test_console_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """With no stream, a console writes to stdout; stderr_console to stderr."""
    console.console().print("out")
    console.stderr_console().print("err")
    assert capsys.readouterr() == ("out\n", "err\n")


@pytest.mark.usefixtures("colour")
def test_console_does_not_colour_numbers_on_its_own() -> None:
    """Only the styles backcoach chooses: rich's highlighting of numbers and words is off."""
    stream = io.StringIO()
    console.console(stream).print("hold 30 s, True")
    assert stream.getvalue() == "hold 30 s, True\n"


def test_broken_pipe_ends_quietly(spare_stdout: Callable[[], int]) -> None:
    """The reader went away: the console goes quiet, stdout becomes /dev/null, exit 0."""
    fd = spare_stdout()
    stream = io.StringIO()
    out = console.console(stream)
    with pytest.raises(SystemExit) as caught:
        out.on_broken_pipe()
    assert caught.value.code == 0
    assert is_null(fd)
    out.print("after")
    assert stream.getvalue() == ""


# -- error, problems, notice -------------------------------------------------------------


def test_error_and_its_hint(capsys: pytest.CaptureFixture[str]) -> None:
    """'Error: what' on stderr, then the hint on its own line; nothing on stdout."""
    console.error("no stretch called 'nek'", "Try `backcoach list`.")
    assert capsys.readouterr() == ("", "Error: no stretch called 'nek'\nTry `backcoach list`.\n")


def test_error_without_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    """No hint, no second line."""
    console.error("bad", None)
    console.error("worse", "")
    assert capsys.readouterr().err == "Error: bad\nError: worse\n"


@pytest.mark.usefixtures("colour")
def test_error_is_bold_red_and_its_hint_dim(capsys: pytest.CaptureFixture[str]) -> None:
    """In a colour terminal: the error in bold red, the hint dim, a notice yellow."""
    console.error("bad", "fix it")
    console.notice("on hold")
    console.notice("saved", style="green")
    assert capsys.readouterr().err == (
        "\x1b[1;31mError: bad\x1b[0m\n\x1b[2mfix it\x1b[0m\n"
        "\x1b[33mon hold\x1b[0m\n\x1b[32msaved\x1b[0m\n"
    )


def test_error_shows_control_characters_and_keeps_newlines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Escapes from outside are shown, not obeyed; a message of two lines stays two lines."""
    console.error("bad \x1b[31mkey\nsecond line", "see \x1b[2J\nthe manual")
    assert capsys.readouterr().err == (
        "Error: bad \\x1b[31mkey\nsecond line\nsee \\x1b[2J\nthe manual\n"
    )


def test_error_in_a_pipe_stays_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """In a pipe or a log, an error and its hint are one line each, whatever their length."""
    console.error(LONG, LONG)
    assert capsys.readouterr().err == f"Error: {LONG}\n{LONG}\n"


def test_error_in_a_terminal_wraps_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a terminal, a long error and hint are wrapped between words at its width."""
    monkeypatch.setenv("TERM", "xterm")
    stderr = Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    console.error(LONG.strip(), LONG.strip())
    lines = [ANSI.sub("", line).rstrip() for line in stderr.getvalue().splitlines()]
    assert lines == [
        "Error: " + ("word " * 18).strip(),
        ("word " * 12).strip(),
        ("word " * 20).strip(),
        ("word " * 10).strip(),
    ]


def test_problems_are_shown_safely_where_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """FILE:LINE:COL lines on stderr, or on the stream given; escapes shown, newlines kept."""
    console.problems(["a.yaml:1:2: bad \x1b[0m", "b.yaml:3:4: one\ntwo"])
    stream = io.StringIO()
    console.problems(["c.yaml:5:6: here"], stream)
    assert capsys.readouterr() == ("", "a.yaml:1:2: bad \\x1b[0m\nb.yaml:3:4: one\ntwo\n")
    assert stream.getvalue() == "c.yaml:5:6: here\n"


def test_notice_shows_control_characters_and_keeps_newlines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A notice quotes outside text safely, and its own newlines stay newlines."""
    console.notice("held: \x07neck\nresume it later")
    assert capsys.readouterr() == ("", "held: \\x07neck\nresume it later\n")


# -- exit_code ---------------------------------------------------------------------------


def test_output_error_is_exit_1_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk: exit 1 and what failed, not a bug report."""
    assert exit_code(OutputError(errno.ENOSPC, "No space left on device")) == 1
    assert capsys.readouterr() == ("", "Error: cannot write output: no space left on device\n")


def test_broken_pipe_is_exit_0_and_silences_what_is_left(
    spare_stdout: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`backcoach list | head`: exit 0, stdout becomes /dev/null and stderr is closed."""
    fd = spare_stdout()
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert exit_code(BrokenPipeError()) == 0
    assert is_null(fd)
    assert stderr.closed


def test_interrupt_leaves_stdout_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C and signals end the prompt's line on stderr only."""
    assert exit_code(KeyboardInterrupt()) == 130
    assert exit_code(Terminated(15)) == 143
    assert capsys.readouterr() == ("", "\n\n")


def test_signal_after_the_terminal_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGHUP with the terminal gone: the newline cannot be written, the code is still 129."""
    monkeypatch.setattr(sys, "stderr", Gone())
    assert exit_code(Terminated(1)) == 129


def test_unexpected_error_message_is_exact(capsys: pytest.CaptureFixture[str]) -> None:
    """A bug: what happened, then how to report it, word for word; exit 1."""
    assert exit_code(ValueError("bad value")) == 1
    assert capsys.readouterr() == (
        "",
        "Error: something went wrong inside backcoach: ValueError: bad value\n"
        "This is a bug: run again with BACKCOACH_DEBUG=1 for details, and report it.\n",
    )
