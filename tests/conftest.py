"""Shared fixtures: every test gets its own empty backcoach home and a plain terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "stretches" / "catalogue.yaml"


@pytest.fixture(autouse=True)
def backcoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every path backcoach uses at a fresh folder, and keep output plain."""
    home = tmp_path / "backcoach-home"
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # Never real audio from a test, even where a sound player is installed.
    monkeypatch.setenv("BACKCOACH_SOUND", "bell")
    for name in (
        "FORCE_COLOR",
        "BACKCOACH_CATALOGUE",
        "BACKCOACH_DEBUG",
        "BACKCOACH_SPEECH_COMMAND",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def catalogue_text() -> str:
    return CATALOGUE.read_text(encoding="utf-8")
