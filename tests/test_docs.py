"""Help is documentation: every command has help with an example and is in the README."""

from __future__ import annotations

import pytest
import typer.main

from backcoach.cli import app
from conftest import REPO
from helpers import invoke

README = (REPO / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[list[str]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_command_has_help_with_an_example(words: list[str]) -> None:
    """`backcoach CMD -h` explains the command and shows an example."""
    result = invoke(*words, "-h")
    assert result.exit_code == 0
    assert "Example: backcoach " + words[0] in result.stdout


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_command_is_in_the_readme(words: list[str]) -> None:
    """Every command (and sub-command) is named in a section heading of the README."""
    headings = [line for line in README.splitlines() if line.startswith("### ")]
    name = f"`backcoach {' '.join(words)}"
    assert any(name + "`" in heading or name + " " in heading for heading in headings), name


def test_readme_quick_start_runs_the_session() -> None:
    """The Quick start installs and runs the main job, `backcoach session`."""
    quick_start = README[README.index("## Quick start") : README.index("## The session")]
    assert "pip install . && backcoach session" in quick_start
