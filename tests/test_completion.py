"""Shell completion, as the shell asks for it: _BACKCOACH_COMPLETE in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.history.store import History, default_path

pytestmark = pytest.mark.slow


def complete(line: str, shell: str = "bash", **extra: str) -> list[str]:
    """What `backcoach` offers for the last word of `line` (a trailing space: a new word)."""
    words = line.split()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    env |= extra
    env["_BACKCOACH_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env["COMP_WORDS"] = line
        env["COMP_CWORD"] = str(len(words) if line.endswith(" ") else len(words) - 1)
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run(
        [sys.executable, "-m", "backcoach"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


def test_commands_and_options_complete() -> None:
    """A command's start completes to the commands; '--o' to the option --only."""
    assert complete("backcoach s") == ["session", "show"]
    assert complete("backcoach h") == ["history", "hold"]
    assert complete("backcoach session --o") == ["--only"]


def test_show_completes_ids_and_numbers() -> None:
    """`show bi` offers bird-dog; `show 1` offers the numbers 1 and 10."""
    assert complete("backcoach show bi") == ["bird-dog"]
    assert complete("backcoach show b") == ["bottom-stretch", "bridge", "bird-dog"]
    assert complete("backcoach show 1") == ["1", "10"]


@pytest.mark.parametrize("option", ["--only", "--skip"])
def test_only_and_skip_complete_the_last_item_of_a_list(option: str) -> None:
    """After 'bridge,' the next id is completed, bridge itself no longer offered."""
    assert complete(f"backcoach session {option} bridge,b") == [
        "bridge,bottom-stretch",
        "bridge,bird-dog",
    ]
    assert complete(f"backcoach session {option} pel") == ["pelvic-tilts"]


def test_routine_completes_own_and_built_in_names(backcoach_home: Path) -> None:
    """--routine offers the person's routines beside the built-in ones."""
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / "physio.yaml").write_text("name: physio\n", encoding="utf-8")
    assert complete("backcoach session --routine ") == ["full", "physio", "quick"]
    assert complete("backcoach list --routine q") == ["quick"]


def test_hold_offers_what_is_not_held_and_resume_what_is() -> None:
    """With bird-dog on hold, `resume` offers only it and `hold` everything but it."""
    assert complete("backcoach resume ") == []
    assert not default_path().exists()  # completing never creates a history
    history = History.open()
    history.hold("bird-dog", "physio")
    history.close()
    assert complete("backcoach resume ") == ["bird-dog"]
    assert complete("backcoach hold b") == ["bottom-stretch", "bridge"]


def test_zsh_and_fish_get_names_beside_the_ids() -> None:
    """zsh and fish show each stretch's name beside its id."""
    assert complete("backcoach show bi", "zsh") == ['_arguments \'*: :(("bird-dog":"Bird dog"))\'']
    assert complete("backcoach show bi", "fish") == ["bird-dog\tBird dog"]


def test_an_unreadable_catalogue_offers_nothing_quietly(tmp_path: Path) -> None:
    """With a catalogue that cannot be read, Tab offers nothing and prints no error."""
    missing = str(tmp_path / "missing.yaml")
    assert complete("backcoach show b", BACKCOACH_CATALOGUE=missing) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script_for_each_shell(shell: str) -> None:
    """--show-completion prints the shell's script, which calls back with _BACKCOACH_COMPLETE."""
    # typer's own switch: the shell is named instead of detected from the parent process.
    env = dict(os.environ, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    result = subprocess.run(
        [sys.executable, "-m", "backcoach", "--show-completion", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"_BACKCOACH_COMPLETE=complete_{shell}" in result.stdout.replace("'", "")
