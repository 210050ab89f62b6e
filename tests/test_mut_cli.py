"""The command line's own rules, in this process: exit codes, flag checks, stretch choice."""

from __future__ import annotations

import math
import os
from pathlib import Path

import click
import pytest
import typer

from backcoach import __version__, cli
from helpers import invoke


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`backcoach ARGS` through cli.run: exit code, stdout, stderr."""
    code = cli.run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_no_arguments_show_the_help_and_succeed(capsys: pytest.CaptureFixture[str]) -> None:
    """Bare `backcoach` prints its help (the commands in the order a person meets them)."""
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert "Usage: backcoach" in out
    commands = out[out.index("Commands:") :].splitlines()[1:]
    listed = [line.split()[0] for line in commands if line.startswith("  ") and line.split()]
    assert listed == list(cli.COMMAND_ORDER)


def test_version_prints_the_version_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--version and -V print `backcoach X.Y.Z` only."""
    for flag in ("--version", "-V"):
        code, out, err = run(capsys, flag)
        assert (code, out, err) == (0, f"backcoach {__version__}\n", "")


def test_unknown_command_and_option_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A command or option backcoach lacks is bad usage: exit 2, said on stderr."""
    code, out, err = run(capsys, "stretchify")
    assert code == 2 and out == "" and "No such command 'stretchify'" in err
    code, out, err = run(capsys, "list", "--colour")
    assert code == 2 and out == "" and "No such option '--colour'" in err


def test_escape_sequences_in_a_bad_argument_are_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """click quotes the argument as typed; its escape character is made visible."""
    code, _, err = run(capsys, "show", "--\x1b[31mred")
    assert code == 2
    assert "\x1b" not in err
    assert "[31mred" in err


def test_a_command_that_is_interrupted_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C inside a command is exit 130, without a traceback."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("backcoach.listing.list_stretches", interrupted)
    code, out, err = run(capsys, "list")
    assert code == 130
    assert "Traceback" not in out + err


def test_an_unexpected_error_is_exit_1_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other exception in a command becomes exit 1 and a message."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr("backcoach.listing.list_stretches", broken)
    code, out, err = run(capsys, "list")
    assert code == 1
    assert "Traceback" not in out + err


def test_abort_says_aborted_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """click's Abort (an interrupted prompt) prints `Aborted!` on stderr, exit 1."""

    def aborted(*args: object, **kwargs: object) -> None:
        raise click.exceptions.Abort

    monkeypatch.setattr("backcoach.listing.list_stretches", aborted)
    assert run(capsys, "list") == (1, "", "Aborted!\n")


def test_system_exit_codes_pass_through(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SystemExit inside a command keeps its number; None is 0 and a text is 1."""
    for raised, expected in ((3, 3), (None, 0), ("why", 1)):

        def leave(*args: object, raised: object = raised, **kwargs: object) -> None:
            raise SystemExit(raised)

        monkeypatch.setattr("backcoach.listing.list_stretches", leave)
        assert run(capsys, "list")[0] == expected


def test_only_command_builds_just_that_command() -> None:
    """For a known command, typer is given an app holding only it; otherwise the whole app."""
    single = cli._only_command("list")
    assert [info.name for info in single.registered_commands] == ["list"]
    assert single.registered_groups == []
    routines = cli._only_command("routines")
    assert routines.registered_commands == []
    assert [info.name for info in routines.registered_groups] == ["routines"]
    assert cli._only_command("nonsense") is cli.app
    assert len(cli.app.registered_commands) >= 10  # the original is left whole


def test_finite_refuses_nan_and_infinity() -> None:
    """--speed and --minutes must be finite numbers; None (not given) passes."""
    assert cli._finite(None) is None
    assert cli._finite(2.5) == 2.5
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(typer.BadParameter) as raised:
            cli._finite(bad)
        assert str(raised.value) == f"{bad} is not a number backcoach can use; give a finite one"


@pytest.mark.parametrize("good", [0.01, 1, 30, 24 * 60])
def test_minutes_accepts_above_0_up_to_a_day(good: float) -> None:
    """--minutes takes any length above 0 up to 1440."""
    assert cli._minutes(good) == good


@pytest.mark.parametrize("bad", [0, -1, 24 * 60 + 0.5])
def test_minutes_refuses_the_rest(bad: float) -> None:
    """0, negative and more than a day are refused with the allowed range."""
    with pytest.raises(typer.BadParameter) as raised:
        cli._minutes(bad)
    assert str(raised.value) == f"{bad:g} is out of range; give more than 0, up to 1440"


def test_minutes_refuses_nan() -> None:
    """nan is refused as a number, before the range."""
    with pytest.raises(typer.BadParameter, match="not a number backcoach can use"):
        cli._minutes(math.nan)


@pytest.mark.parametrize(("given", "expected"), [("0", 0), ("10", 10), (" 7 ", 7), (None, None)])
def test_pain_score_reads_0_to_10(given: str | None, expected: int | None) -> None:
    """A check-in given as a flag is a whole number from 0 to 10, spaces allowed."""
    assert cli._pain_score("--pain-before", given) == expected


@pytest.mark.parametrize("given", ["11", "-1", "5.0", "", "five", "\u0663", "１"])
def test_pain_score_refuses_the_rest(given: str) -> None:
    """Out of range, decimals, words and non-ASCII digits are refused naming the flag."""
    with pytest.raises(cli.UsageError) as raised:
        cli._pain_score("--pain-after", given)
    assert str(raised.value) == f"--pain-after must be a whole number from 0 to 10, not {given!r}"


def test_session_pain_flags_are_checked(backcoach_home: Path) -> None:
    """`--pain-before 11` is bad usage naming the flag, exit 2."""
    result = invoke("session", "--dry-run", "--pain-before", "11")
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == "Error: --pain-before must be a whole number from 0 to 10, not '11'"


def dry_run_ids(*args: str) -> list[str]:
    """The stretch ids a `session --dry-run --json` would do, in order."""
    import json

    result = invoke("session", "--dry-run", "--json", *args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    ids: list[str] = []
    for phase in document["phases"]:
        stretch = phase.get("stretch")
        if stretch and (not ids or ids[-1] != stretch):
            ids.append(stretch)
    return ids


def test_only_keeps_the_routines_order(backcoach_home: Path) -> None:
    """--only narrows the routine to the named stretches, in the routine's order."""
    assert dry_run_ids("--only", "bridge,spine-stretch") == ["spine-stretch", "bridge"]


def test_skip_leaves_stretches_out(backcoach_home: Path) -> None:
    """--skip takes the named stretches out and keeps the rest."""
    ids = dry_run_ids("--skip", "bridge,1")
    assert "bridge" not in ids and "spine-stretch" not in ids
    assert len(ids) == 8


@pytest.mark.parametrize("flag", ["--only", "--skip"])
@pytest.mark.parametrize("given", ["", " ", ",", " , "])
def test_an_empty_only_or_skip_is_a_mistake(backcoach_home: Path, flag: str, given: str) -> None:
    """An empty list (an unset shell variable) is bad usage, with an example."""
    result = invoke("session", "--dry-run", flag, given)
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == f"Error: {flag} needs at least one stretch, like {flag} bridge,bird-dog"


def test_only_a_stretch_outside_the_routine_is_named(backcoach_home: Path) -> None:
    """--only with a stretch the routine lacks names the routine and the stretches."""
    result = invoke("session", "--dry-run", "--routine", "quick", "--only", "bridge,bird-dog")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: not in the routine 'quick': bird-dog, bridge"


def test_held_stretches_are_left_out_and_said(backcoach_home: Path) -> None:
    """A stretch on hold is left out of the session, with a note naming how to resume it."""
    assert invoke("hold", "bridge", "--reason", "sharp pain").exit_code == 0
    result = invoke("session", "--dry-run", "--json")
    assert result.exit_code == 0
    assert "bridge is on hold since" in result.stderr
    assert "sharp pain" in result.stderr
    assert "`backcoach resume bridge` brings it back" in result.stderr
    assert "bridge" not in dry_run_ids()
    assert len(dry_run_ids()) == 9


def test_only_held_stretches_leave_nothing_to_do(backcoach_home: Path) -> None:
    """When every chosen stretch is on hold, the session says so and does nothing."""
    assert invoke("hold", "bridge").exit_code == 0
    result = invoke("session", "--dry-run", "--only", "bridge")
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == "Error: every stretch you chose is on hold; nothing to do today"


def test_open_files_are_mentioned_with_the_fix(backcoach_home: Path) -> None:
    """`config` names a folder or file others can read, with the chmod that fixes it."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    backcoach_home.chmod(0o755)
    config_file = backcoach_home / "config.toml"
    config_file.write_text('level = "gentle"\n')
    config_file.chmod(0o644)
    result = invoke("config")
    assert result.exit_code == 0
    said = " ".join(result.stderr.split())
    assert (
        f"{backcoach_home} can be read by others (mode 755); backcoach left it as it was. "
        f"To keep it private: chmod 700 {backcoach_home}"
    ) in said
    assert f"{config_file} can be read by others (mode 644)" in said
    assert f"chmod 600 {config_file}" in said
    history = backcoach_home / "history.sqlite3"
    assert f"{history} can be read by others" not in said
    assert invoke("hold", "bridge").exit_code == 0  # makes the history
    history.chmod(0o644)
    said = " ".join(invoke("config").stderr.split())
    assert f"{history} can be read by others (mode 644)" in said
    assert f"chmod 600 {history}" in said
    assert oct(os.stat(config_file).st_mode & 0o777) == "0o644"  # left as it was


def test_fitting_to_minutes_does_not_create_a_history(backcoach_home: Path) -> None:
    """--minutes asks the history what was done lately, but a dry run without one makes none."""
    result = invoke("session", "--dry-run", "--minutes", "10")
    assert result.exit_code == 0, result.stderr
    assert not (backcoach_home / "history.sqlite3").exists()


def test_a_history_out_of_reach_is_named_with_the_fix(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history that cannot be reached (not missing) is bad input naming the folder and the fix."""
    from backcoach import inputs

    backcoach_home.mkdir(parents=True, exist_ok=True)
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path) == str(backcoach_home / "history.sqlite3"):
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    with pytest.raises(inputs.InputError) as raised:
        inputs._unreachable(str(backcoach_home / "history.sqlite3"))
    assert str(raised.value) == (
        f"{backcoach_home}: the history there cannot be reached (Permission denied); "
        "check the folder's permissions, or BACKCOACH_HOME"
    )
    inputs._unreachable(str(backcoach_home / "missing" / "history.sqlite3"))  # missing is fine
