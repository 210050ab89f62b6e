"""Shared fixtures: every test gets its own empty backcoach home and a plain terminal.

The suite is hermetic from the moment this file is imported, before any test
module is collected (several load the catalogue at import, which writes a
cache): HOME and the XDG folders point at a throwaway folder, no BACKCOACH_*
variable of the developer's shell leaks in, and PYTHONUNBUFFERED (set on some
machines, not in people's shells) is removed for every process the suite starts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "stretches" / "catalogue.yaml"

# The person's real folders, as they were before the suite started (tests/test_hermetic.py).
# Kept in the environment too: a tool that runs the suite twice in one process (mutmut)
# imports this file again after the first run has already moved HOME.
REAL_HOME = os.environ.setdefault("_BACKCOACH_TESTS_REAL_HOME", os.path.expanduser("~"))
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def _isolate() -> Path:
    """Point HOME, the XDG folders and BACKCOACH_HOME at a fresh folder for the whole run."""
    earlier = os.environ.get("_BACKCOACH_TESTS_SCRATCH")
    if earlier:  # a second run in this process: its modules already know this folder
        return Path(earlier)
    scratch = Path(tempfile.mkdtemp(prefix="backcoach-tests-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ["_BACKCOACH_TESTS_SCRATCH"] = str(scratch)
    # Every BACKCOACH_* setting goes; the switch that rewrites stored pages is the suite's own.
    kept = {"BACKCOACH_UPDATE_SNAPSHOTS"}
    for name in [name for name in os.environ if name.startswith("BACKCOACH_") and name not in kept]:
        del os.environ[name]
    os.environ.pop("PYTHONUNBUFFERED", None)
    os.environ["HOME"] = str(scratch / "home")
    for name in XDG_VARIABLES:
        os.environ[name] = str(scratch / "home" / name.lower())
    os.environ["BACKCOACH_HOME"] = str(scratch / "backcoach-home")
    return scratch


SCRATCH = _isolate()


@pytest.fixture(autouse=True)
def backcoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every path backcoach uses at a fresh folder, and keep output plain."""
    home = tmp_path / "backcoach-home"
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    # Never real audio from a test, even where a sound player is installed.
    monkeypatch.setenv("BACKCOACH_SOUND", "bell")
    return home


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Every test computes layouts and lettering afresh.

    An answer cached by an earlier test (or by mutmut's warm-up, before it forks
    a process per mutant) would hide a change in the code that computes it.
    """
    from backcoach.session import layout, lettering

    for cached in (layout.layout, layout.wrap, lettering.render, lettering.fit_scaled):
        cached.cache_clear()


@pytest.fixture
def catalogue_text() -> str:
    return CATALOGUE.read_text(encoding="utf-8")
