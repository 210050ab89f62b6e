"""A built wheel carries the catalogue and finds it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow
def test_wheel_ships_catalogue_and_lists_from_elsewhere(tmp_path: Path) -> None:
    """The wheel holds stretches/catalogue.yaml and `backcoach list` runs from it."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("backcoach-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "backcoach/stretches/catalogue.yaml" in archive.namelist()
        assert "backcoach/history/templates/report.html.j2" in archive.namelist()
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import backcoach, sys; print(backcoach.__file__, file=sys.stderr);"
            "from backcoach.__main__ import main; sys.argv = ['backcoach', 'list']; main()",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stderr  # the wheel's copy, not the repository's
    for stretch_id in ("spine-stretch", "bird-dog", "lower-stomach-stretch"):
        assert stretch_id in result.stdout
