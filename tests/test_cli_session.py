"""`backcoach session` from the command line: dry runs, options, and plain mode in a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import invoke

BRIDGE_PHASES = len(
    json.loads(invoke("session", "--only", "bridge", "--dry-run", "--json").stdout)["phases"]
)


def test_dry_run_json_is_one_document_whose_total_is_the_sum() -> None:
    """--dry-run --json prints one JSON document; total_seconds is the sum of the phases."""
    result = invoke("session", "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"total_seconds", "phases", "fit"}
    assert data["fit"] is None  # no --minutes
    assert data["total_seconds"] == pytest.approx(sum(p["seconds"] for p in data["phases"]))
    kinds = {"setup", "move", "inhale", "exhale", "hold", "release", "rest"}
    for phase in data["phases"]:
        assert set(phase) == {"stretch", "side", "rep", "kind", "seconds", "cue"}
        assert phase["kind"] in kinds
        assert phase["side"] in ("left", "right", None)
        assert isinstance(phase["rep"], int)
    assert {p["stretch"] for p in data["phases"]} == {
        "spine-stretch",
        "hip-stretch",
        "bottom-stretch",
        "leg-stretch",
        "lower-back-stretch",
        "pelvic-tilts",
        "bridge",
        "bird-dog",
        "deep-abdominal-stretch",
        "lower-stomach-stretch",
    }


def test_dry_run_text_lists_start_times_and_total() -> None:
    """--dry-run prints each phase with its start time, then the total."""
    result = invoke("session", "--only", "bridge", "--dry-run")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip().startswith("0:00  Bridge (1/1) · position:")
    assert lines[-1].startswith("Total: 1:44")


def test_gentle_dry_run_is_shorter() -> None:
    """--gentle gives a shorter timeline than the default."""
    standard = json.loads(invoke("session", "--dry-run", "--json").stdout)
    gentle = json.loads(invoke("session", "--dry-run", "--json", "--gentle").stdout)
    assert gentle["total_seconds"] < standard["total_seconds"]


def test_minutes_shortens_and_says_so() -> None:
    """--minutes 22 fits the routine and says on stderr and in the JSON what was shortened."""
    result = invoke("session", "--minutes", "22", "--dry-run", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total_seconds"] <= 22 * 60
    assert "Shortened to fit 22 minutes: rests 15 → 5 s" in result.stderr
    assert data["fit"]["minutes"] == 22
    assert "rests 15 → 5 s" in data["fit"]["shortened"]
    assert data["fit"]["left_out"] == []


def test_minutes_too_few_exit_2() -> None:
    """--minutes that not even one stretch fits is refused with exit 2, naming what would fit."""
    result = invoke("session", "--minutes", "1", "--dry-run")
    assert result.exit_code == 2
    assert "not even one stretch fits in 1 minute" in result.stderr
    assert "--only pelvic-tilts" in result.stderr and "--minutes 2" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--only", "brdge"], "did you mean bridge"),
        (["--skip", "b"], "more than one stretch"),
        (["--only", "bridge", "--skip", "bridge"], "no stretches left"),
        (["--json"], "--json goes with --dry-run"),
        (["--minutes", "0"], "more than 0"),
    ],
)
def test_bad_options_exit_2(args: list[str], words: str) -> None:
    """Impossible options exit 2 with a message, never a traceback."""
    result = invoke("session", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def run_plain(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backcoach", "session", "--only", "bridge", "--speed", "400", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.slow
def test_plain_mode_in_a_pipe() -> None:
    """In a pipe: the medical note, then one plain line per phase, no escapes, exit 0."""
    result = run_plain(env={"FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "not a doctor" in out  # the note is printed, not asked
    assert "Press y" not in out
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert len(lines) == BRIDGE_PHASES  # a line for every phase, none lost at high speed
    assert "\x1b[?25l" not in out  # no cursor games, even with FORCE_COLOR
    assert "\x1b[2J" not in out and "\x1b[?1049h" not in out
    assert "\a" not in out  # no bell into a pipe
    assert "Session complete" in out


@pytest.mark.slow
def test_plain_flag_and_dumb_terminal_are_plain() -> None:
    """--plain and TERM=dumb both give plain lines."""
    for args, env in ((["--plain"], {}), ([], {"TERM": "dumb"})):
        result = run_plain(*args, env=env)
        assert result.returncode == 0
        assert sum(line.startswith("[") for line in result.stdout.splitlines()) == BRIDGE_PHASES


@pytest.mark.slow
def test_voice_with_fake_speech_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--voice runs the configured speech command with each cue, in the background."""
    spoken = tmp_path / "spoken.txt"
    speaker = tmp_path / "speak"
    speaker.write_text(f"#!/bin/sh\ncat >> {spoken}\n")  # the cue comes on stdin
    speaker.chmod(0o755)
    result = run_plain("--voice", "--speed", "20", env={"BACKCOACH_SPEECH_COMMAND": str(speaker)})
    assert result.returncode == 0, result.stderr
    said = spoken.read_text().splitlines()
    assert said[0].startswith("Get ready")
    assert any(line.startswith("Bridge. ") for line in said)


@pytest.mark.slow
def test_voice_missing_says_so() -> None:
    """--voice with no speech command found says so and goes on."""
    result = run_plain("--voice", env={"BACKCOACH_SPEECH_COMMAND": "no-such-speaker-xyz"})
    assert result.returncode == 0
    assert "no speech command found" in result.stderr


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--pain-before", "11"], "--pain-before"),
        (["--pain-before", "-1"], "--pain-before"),
        (["--pain-after", "ten"], "--pain-after"),
        (["--pain-after", "nan"], "--pain-after"),
        (["--pain-after", "²"], "--pain-after"),
        (["--pain-before", ""], "--pain-before"),
    ],
)
def test_pain_flags_outside_0_to_10_exit_2_naming_the_flag(args: list[str], flag: str) -> None:
    """--pain-before/--pain-after take a whole number 0–10; anything else names the flag."""
    result = invoke("session", "--only", "bridge", *args)
    assert result.exit_code == 2
    assert f"{flag} must be a whole number from 0 to 10" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--sound", "loud"], "--sound must be tones, bell or off"),
        (["--sound", "tones", "--quiet"], "contradict"),
    ],
)
def test_bad_sound_options_exit_2(args: list[str], words: str) -> None:
    """--sound takes tones, bell or off; --quiet with another sound is a contradiction."""
    result = invoke("session", "--dry-run", *args)
    assert result.exit_code == 2
    assert words in result.stderr


@pytest.mark.slow
def test_pain_flags_record_the_check_ins_without_a_prompt() -> None:
    """In a pipe, --pain-before 4 --pain-after 2 are kept with the session and summarised."""
    result = run_plain("--pain-before", "4", "--pain-after", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Pain right now" not in result.stdout  # nothing was asked
    assert "Pain (0–10)  4 before → 2 after" in result.stdout
    assert "Well done." in result.stdout
    sessions = json.loads(invoke("history", "--json").stdout)["sessions"]
    assert [(s["pain_before"], s["pain_after"]) for s in sessions] == [(4, 2)]


@pytest.mark.slow
def test_bell_sound_in_a_pipe_rings_nothing() -> None:
    """--sound bell into a pipe writes no bell characters (nobody would hear them)."""
    result = run_plain("--sound", "bell")
    assert result.returncode == 0, result.stderr
    assert "\a" not in result.stdout


@pytest.mark.slow
def test_tones_play_through_the_player_found_and_quiet_plays_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--sound tones runs the first player on PATH with the cached WAVs; --quiet runs none."""
    played = tmp_path / "played.txt"
    player = tmp_path / "bin" / "paplay"
    player.parent.mkdir()
    player.write_text(f'#!/bin/sh\necho "$1" >> {played}\n')
    player.chmod(0o755)
    path = f"{player.parent}:{os.environ['PATH']}"
    result = run_plain("--sound", "tones", "--speed", "50", env={"PATH": path})
    assert result.returncode == 0, result.stderr
    files = played.read_text().splitlines()
    assert files, "no tone was played"
    assert all(f.endswith(".wav") and "/cache/sounds/" in f for f in files)
    assert any("new-stretch" in f for f in files)  # the first sound, long before the end
    played.unlink()
    result = run_plain("--quiet", env={"PATH": path})
    assert result.returncode == 0, result.stderr
    assert not played.exists()
