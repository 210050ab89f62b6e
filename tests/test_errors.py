"""Every way a command can end becomes one message on stderr and the documented exit code."""

from __future__ import annotations

import pytest

from backcoach.console import exit_code
from backcoach.errors import InputError, Problem, Terminated, UsageError


def test_bad_input_exits_2_with_its_message(capsys: pytest.CaptureFixture[str]) -> None:
    """An InputError: exit 2, 'Error: ...' on stderr, nothing on stdout."""
    assert exit_code(UsageError("choose one of --json and --csv")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "Error: choose one of --json and --csv\n"


def test_problems_are_printed_one_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Problems in a file: one FILE:LINE:COL line each, unwrapped, so editors can jump to them."""
    problems = (Problem("a.yaml", 3, 5, "unknown key 'nmae'"), Problem("a.yaml", 9, 1, "bad"))
    assert exit_code(InputError("a.yaml is not valid", problems)) == 2
    assert capsys.readouterr().err == "a.yaml:3:5: unknown key 'nmae'\na.yaml:9:1: bad\n"


def test_ctrl_c_exits_130_and_signals_128_plus_their_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C is 130; SIGTERM is 143 and SIGHUP 129; each leaves the prompt on a new line."""
    assert exit_code(KeyboardInterrupt()) == 130
    assert exit_code(Terminated(15)) == 143
    assert exit_code(Terminated(1)) == 129
    assert capsys.readouterr().err == "\n\n\n"


def test_unexpected_error_is_a_bug_report_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Anything else: exit 1, what happened and how to report it, no traceback."""
    assert exit_code(RuntimeError("disk on fire")) == 1
    err = capsys.readouterr().err
    assert "something went wrong inside backcoach: RuntimeError: disk on fire" in err
    assert "BACKCOACH_DEBUG=1" in err
    assert "Traceback" not in err


def test_debug_variable_raises_the_unexpected_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """BACKCOACH_DEBUG=1 lets the traceback through, for a bug report."""
    monkeypatch.setenv("BACKCOACH_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        exit_code(RuntimeError("disk on fire"))
