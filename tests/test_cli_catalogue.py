"""`list`, `show` and `validate` as a person and a script use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from helpers import invoke

IDS = list(load().ids)


def test_list_shows_all_ten_with_total() -> None:
    """`list` prints every stretch and the full routine's time."""
    result = invoke("list")
    assert result.exit_code == 0
    for stretch_id in IDS:
        assert stretch_id in result.stdout
    assert "2× each side" in result.stdout and "hold 20–30 s" in result.stdout
    assert "Full routine: 10 stretches, about" in result.stdout
    assert result.stderr == ""


def test_list_json_is_one_document() -> None:
    """`list --json` prints one JSON list with the documented fields."""
    result = invoke("list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [item["id"] for item in data] == IDS
    bird = data[IDS.index("bird-dog")]
    assert bird["dose"] == {
        "sides": "alternate",
        "reps": {"min": 8, "max": 8},
        "hold_seconds": {"min": 5, "max": 10},
    }
    assert set(bird) == {
        "id",
        "number",
        "name",
        "summary",
        "equipment",
        "position",
        "per_side",
        "steps",
        "dose",
        "cautions",
        "estimated_seconds",
        "on_hold",
        "figure",
    }
    assert bird["steps"][1]["breath"] == "out"
    assert all(step.keys() == {"text", "cue", "breath", "per_side"} for step in bird["steps"])
    assert bird["steps"][1]["per_side"]["left"]["cue"] == "Breathe out, reach LEFT leg, RIGHT arm"
    assert bird["per_side"] is None  # all fours is the same on both sides
    assert data[IDS.index("bridge")]["dose"]["hold_seconds"] is None
    assert all(item["estimated_seconds"] > 0 for item in data)


@pytest.mark.parametrize("name", ["bridge", "7", "bri", "BRIDGE", " bridge "])
def test_show_resolves_id_number_and_prefix(name: str) -> None:
    """`show` finds a stretch by id, number or unambiguous prefix."""
    result = invoke("show", name, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "bridge"


def test_show_page_has_breath_dose_and_cautions() -> None:
    """`show bird-dog` shows the breathing, the dose and the cautions."""
    result = invoke("show", "bird-dog")
    assert result.exit_code == 0
    out = result.stdout
    assert "Bird dog" in out and "BREATHE IN" in out and "BREATHE OUT" in out
    assert "8× alternating · hold 5–10 s" in out
    assert "Caution" in out and "sag" in out
    assert "medical" in out  # the source's advice on pain, from the catalogue


def test_show_ambiguous_lists_candidates() -> None:
    """An ambiguous prefix exits 2 and names every match."""
    result = invoke("show", "b")
    assert result.exit_code == 2
    assert "bottom-stretch" in result.stderr and "bridge" in result.stderr
    assert "bird-dog" in result.stderr
    assert result.stdout == ""


def test_show_unknown_suggests_closest() -> None:
    """A misspelt name exits 2 and suggests the closest id."""
    result = invoke("show", "brigde")
    assert result.exit_code == 2
    assert "did you mean bridge" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_show_out_of_range_number() -> None:
    """A number that is no stretch is an unknown name, exit 2."""
    result = invoke("show", "11")
    assert result.exit_code == 2
    assert "no stretch called '11'" in result.stderr


def bad_catalogue(tmp_path: Path, catalogue_text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(catalogue_text.replace("reps: {min: 8, max: 12}", "reps: {min: 12, max: 8}", 1))
    return path


@pytest.mark.parametrize("command", [["list"], ["show", "bridge"]])
def test_bad_catalogue_exits_2_with_location(
    command: list[str], tmp_path: Path, catalogue_text: str
) -> None:
    """Any command given a bad catalogue exits 2 with FILE:LINE:COL on stderr."""
    path = bad_catalogue(tmp_path, catalogue_text)
    result = invoke(*command, "--catalogue", str(path))
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "min 12 is more than max 8" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_validate_good_and_bad(tmp_path: Path, catalogue_text: str) -> None:
    """`validate` exits 0 for a valid file and 1, listing every problem, for a bad one."""
    good = tmp_path / "good.yaml"
    good.write_text(catalogue_text)
    assert invoke("validate", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        catalogue_text.replace("number: 7", "number: seven").replace(
            "sides: each", "sides: both", 1
        )
    )
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{bad}:")]
    assert len(lines) == 2
    assert "2 problems found" in result.stderr


def test_validate_json(tmp_path: Path, catalogue_text: str) -> None:
    """`validate --json` gives each problem's line and column."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(catalogue_text.replace("number: 7", "number: seven"))
    result = invoke("validate", "--json", str(bad))
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["line"] == catalogue_text.splitlines().index("    number: 7") + 1


def test_markup_in_names_is_literal(tmp_path: Path, catalogue_text: str) -> None:
    """Square brackets in a name are shown as written, never as rich markup."""
    path = tmp_path / "markup.yaml"
    path.write_text(catalogue_text.replace("name: Bridge", 'name: "[bold red]Bridge[/] [link]"'))
    for command in (["list"], ["show", "bridge"]):
        result = invoke(*command, "--catalogue", str(path))
        assert result.exit_code == 0, result.stderr
        assert "[bold red]Bridge[/] [link]" in result.stdout


def test_no_arguments_shows_help() -> None:
    """`backcoach` alone prints the help, listing the commands, and exits 0."""
    import contextlib
    import io

    from backcoach.cli import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run([])
    assert code == 0
    assert "list" in out.getvalue() and "show" in out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list"], ["show", "bridge"], ["session", "--dry-run"]])
def test_closed_pipe_is_not_an_error(args: list[str]) -> None:
    """`backcoach list | head -1`: the reader leaving early ends quietly with exit 0."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "backcoach", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 0
    assert errors == b""
