"""A bare `backcoach list` runs without typer and behaves exactly as the typer command does."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.history.store import History, default_path

THROUGH_TYPER = "import sys; from backcoach.cli import run; sys.exit(run(sys.argv[1:]))"


def run(*command: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=os.environ.copy(),
    )
    return result.returncode, result.stdout, result.stderr


def both_ways() -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """`backcoach list` as a person runs it, and the same through the typer command."""
    return run("-m", "backcoach", "list"), run("-c", THROUGH_TYPER, "list")


def hold_bird_dog() -> None:
    history = History.open()
    session = history.start_session("standard", "full", 1500, 2)
    history.record_stretch(session, "pelvic-tilts", "done")
    history.record_stretch(session, "bird-dog", "painful")
    history.end_session(session, "quit")
    history.close()


def damage_history() -> None:
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(3).randbytes(4096))


def bad_config(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('level = "gentle"\nlevle = "standard"\n', encoding="utf-8")


def bad_catalogue(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "mine.yaml").write_text("schema: 1\nstretches: [\n", encoding="utf-8")
    (home / "config.toml").write_text('catalogue = "mine.yaml"\n', encoding="utf-8")


SCENARIOS = {
    "a new person": lambda home: None,
    "a stretch on hold": lambda home: hold_bird_dog(),
    "a damaged history": lambda home: damage_history(),
    "a bad config file": bad_config,
    "a bad catalogue in the config": bad_catalogue,
}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_bare_list_matches_the_typer_command(scenario: str, backcoach_home: Path) -> None:
    """Same output, messages and exit code with or without typer, in every situation."""
    SCENARIOS[scenario](backcoach_home)
    bare, typed = both_ways()
    assert bare == typed
    assert "Traceback" not in bare[2]


@pytest.mark.slow
def test_bare_list_reports_bad_input_with_its_location(backcoach_home: Path) -> None:
    """Without typer too, a bad config exits 2 and names FILE:LINE:COL."""
    bad_config(backcoach_home)
    code, out, err = run("-m", "backcoach", "list")
    assert code == 2
    assert out == ""
    assert err.startswith(f"{backcoach_home / 'config.toml'}:2:1:")


@pytest.mark.slow
def test_bare_list_marks_a_held_stretch_and_warns_of_a_damaged_history() -> None:
    """The bare path keeps both history behaviours: the hold mark, and a warning, not a failure."""
    hold_bird_dog()
    code, out, _ = run("-m", "backcoach", "list")
    assert code == 0
    assert "Bird dog on hold" in out
    damage_history()
    code, out, err = run("-m", "backcoach", "list")
    assert code == 0
    assert "Bird dog" in out and "on hold" not in out.split("Full routine")[0]
    assert err.startswith("Warning:")


@pytest.mark.slow
def test_bare_list_in_a_terminal_draws_the_same_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a real terminal, with colour, the bare path writes byte for byte what typer's does."""
    import pexpect

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    hold_bird_dog()
    shown = []
    for command in (["-m", "backcoach", "list"], ["-c", THROUGH_TYPER, "list"]):
        child = pexpect.spawn(sys.executable, command, env=os.environ.copy(), dimensions=(40, 100))
        output = child.read()
        child.close()
        assert child.exitstatus == 0
        shown.append(output)
    assert b"\x1b[" in shown[0]  # coloured: the comparison covers styles, not just text
    assert shown[0] == shown[1]
