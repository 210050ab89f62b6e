"""End to end: a real `backcoach session` process writes its history as it goes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import invoke, run_nudge

pytestmark = pytest.mark.slow


def start_session(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "backcoach", "session", "--plain", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sessions() -> list[dict]:  # type: ignore[type-arg]
    result = invoke("history", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["sessions"]  # type: ignore[no-any-return]


def test_session_killed_mid_stretch_keeps_finished_stretches_as_interrupted() -> None:
    """SIGKILL during bird-dog: pelvic-tilts and bridge stay done; the session is interrupted."""
    process = start_session("--only", "bridge,pelvic-tilts,bird-dog", "--speed", "50")
    watchdog = threading.Timer(60, process.kill)  # never hang if the line does not come
    watchdog.start()
    seen: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            # Stretches run in catalogue order: pelvic-tilts (6), bridge (7), bird-dog (8).
            if line.startswith("[") and "Bird dog (3/3)" in line:
                os.kill(process.pid, signal.SIGKILL)
                break
    finally:
        watchdog.cancel()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)

    # The nudge reads what the killed process committed (its WAL is still there): done today.
    nudge = run_nudge()
    assert (nudge.returncode, nudge.stdout, nudge.stderr) == (0, "", "")

    (session,) = sessions()
    assert session["status"] == "interrupted"
    assert session["stretches"] == [
        {"id": "pelvic-tilts", "outcome": "done"},
        {"id": "bridge", "outcome": "done"},
    ]
    assert session["ended_at"] is not None
    assert session["ended_at"] >= session["started_at"]


def test_plain_session_run_to_the_end_is_recorded_finished() -> None:
    """A plain session that runs to its end is recorded as finished with every stretch done."""
    process = start_session("--only", "bridge,bird-dog", "--speed", "400")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "Session complete" in out

    (session,) = sessions()
    assert session["status"] == "finished"
    assert session["stretches"] == [
        {"id": "bridge", "outcome": "done"},
        {"id": "bird-dog", "outcome": "done"},
    ]
    assert session["ended_at"] is not None
    assert session["ended_at"] >= session["started_at"]


@pytest.mark.parametrize(
    "content", [b"this is not a database at all\n" * 50, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_session_with_a_damaged_history_runs_unrecorded_and_leaves_it(
    backcoach_home: Path, content: bytes
) -> None:
    """A damaged history: the session still runs, says loudly it is not recorded, and the
    file is left byte for byte as it was."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    damaged = backcoach_home / "history.sqlite3"
    damaged.write_bytes(content)
    process = start_session("--only", "bridge", "--speed", "500")
    out, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert "Session complete" in out
    assert str(damaged) in errors
    assert "NOT being recorded" in errors
    assert damaged.read_bytes() == content
    assert sorted(p.name for p in backcoach_home.iterdir() if p.name.startswith("history")) == [
        "history.sqlite3"
    ]
