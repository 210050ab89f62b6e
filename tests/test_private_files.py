"""Every folder backcoach creates is 0700 and every file 0600, in every command."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CATALOGUE

# In the order a new person meets them; each leaves its files for the next.
COMMANDS = [
    ["nudge"],
    ["--version"],
    ["list"],
    ["list", "--json"],
    ["show", "bridge"],
    ["session", "--dry-run"],
    ["session", "--plain", "--speed", "1000", "--only", "bridge", "--quiet"],
    ["history"],
    ["history", "--csv"],
    ["routines"],
    ["routines", "new", "physio"],
    ["config"],
    ["validate", str(CATALOGUE)],
    ["list", "--catalogue", "{catalogue}"],
    ["hold", "bird-dog", "--reason", "physio"],
    ["resume", "bird-dog"],
    ["nudge"],
]


def backcoach(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """backcoach as a process, started with the usual umask 022."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    env["BACKCOACH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        umask=0o022,
        check=False,
    )


def too_open(top: Path) -> list[str]:
    """Everything under `top` (itself included) that is not owner-only."""
    found = []
    for path in [top, *top.rglob("*")] if top.exists() else []:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found.append(f"{path.relative_to(top.parent)} {mode:o}")
    return found


@pytest.mark.slow
def test_every_command_creates_only_private_folders_and_files(tmp_path: Path) -> None:
    """After each command, every folder in a new home is 0700 and every file 0600."""
    home = tmp_path / "new" / "backcoach"
    own = tmp_path / "own.yaml"
    own.write_text(CATALOGUE.read_text(encoding="utf-8"), encoding="utf-8")
    for command in COMMANDS:
        args = [arg.format(catalogue=own) for arg in command]
        result = backcoach(home, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert too_open(tmp_path / "new") == [], args
    names = {path.name for path in home.rglob("*")}
    # The walk saw the files that matter: the history, its journal, caches, a routine, state.
    assert {"history.sqlite3", "physio.yaml", "nudge-state", "cache"} <= names
    assert any(name.endswith(".marshal") for name in names)


@pytest.mark.slow
def test_an_existing_wider_home_is_left_alone_and_config_says_so(tmp_path: Path) -> None:
    """A home made 0755 by the person stays 0755; `config` names it and how to close it."""
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert backcoach(home, "list").returncode == 0
    result = backcoach(home, "config")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert f"{home} can be read by others (mode 755)" in " ".join(result.stderr.split())
    assert "chmod 700" in result.stderr
    (home / "cache").chmod(0o700)
    home.chmod(0o700)
    assert "read by others" not in backcoach(home, "config").stderr
