"""The code stays lint-clean and type-checked, and CI runs what the README says."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def test_ruff_clean() -> None:
    """`ruff check .` finds nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_mypy_clean() -> None:
    """`mypy` (strict, on src/) finds nothing."""
    if shutil.which("mypy") is None and sys.modules.get("mypy") is None:
        pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run takes its command from the README's Quick start, so the two never drift."""
    readme = (REPO / "README.md").read_text()
    marker = readme.index("<!-- test-command -->")
    command = next(line for line in readme[marker:].splitlines() if line.startswith("python3 "))
    assert "pytest" in command and ".[test]" in command
    assert "test-command" in (REPO / ".ci" / "run").read_text()
    quick_start = readme[readme.index("## Quick start") : readme.index("## Commands")]
    commands = [line for line in quick_start.splitlines() if line.startswith("python3 ")]
    assert len(commands) == 2
