"""The suite is hermetic: it never reads or writes the person's own backcoach folders.

Each check runs part of the suite in a child pytest, the way a person runs it
from a normal shell: no PYTHONUNBUFFERED, no BACKCOACH_HOME, HOME the only guide.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL_HOME, REPO, SCRATCH, XDG_VARIABLES

# Files that load the catalogue or run a session at import, and read settings and holds.
PYTEST = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
PART = ["tests/test_cli_session.py", "tests/test_cli_catalogue.py", "tests/test_engine.py"]


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the folders with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")] if folder.exists() else []:
            stat = path.stat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def _run_part(home: Path) -> subprocess.CompletedProcess[str]:
    """Part of the suite in a child process whose HOME is `home`, as in a person's shell."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("BACKCOACH_", "_BACKCOACH_TESTS_"))
        and name not in XDG_VARIABLES
        and name != "PYTHONUNBUFFERED"
    }
    env["HOME"] = str(home)
    return subprocess.run(
        [*PYTEST, "-m", "not pty and not slow", *PART],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_every_folder_points_away_from_the_real_home() -> None:
    """HOME, the XDG folders and every backcoach folder lie in the suite's scratch folder.

    (Other programs may use the real folders while the suite runs, so the
    proof that the suite writes nothing there is the child run below, whose
    HOME is a fresh folder that must stay empty.)
    """
    from backcoach import paths

    assert os.path.expanduser("~") != REAL_HOME
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BACKCOACH_HOME")
        folders = [paths.data_dir_name(), paths.config_dir_name(), paths.cache_dir()]
    assert all(Path(folder).is_relative_to(SCRATCH) for folder in folders), folders


@pytest.mark.slow
def test_part_of_the_suite_passes_with_a_fresh_home_and_writes_nothing_there(
    tmp_path: Path,
) -> None:
    """With a fresh HOME and no PYTHONUNBUFFERED the suite passes and leaves HOME empty."""
    home = tmp_path / "fresh"
    home.mkdir()
    result = _run_part(home)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert list(home.rglob("*")) == []


@pytest.mark.slow
def test_part_of_the_suite_passes_with_a_home_of_its_own(tmp_path: Path) -> None:
    """A HOME with its own config (level gentle) and a stretch on hold changes no result."""
    from backcoach.history.store import History

    home = tmp_path / "person"
    config = home / ".config" / "backcoach" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('level = "gentle"\nrest_seconds = 3\n', encoding="utf-8")
    history = History.open(
        home / ".local" / "share" / "backcoach" / "history.sqlite3",
        now=lambda: dt.datetime(2026, 11, 2, 7, 30, tzinfo=dt.UTC),
    )
    session = history.start_session("gentle", "full", 600)
    history.record_stretch(session, "bridge", "painful")
    history.end_session(session, "quit")
    history.close()
    before = _snapshot([home])

    result = _run_part(home)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert _snapshot([home]) == before
