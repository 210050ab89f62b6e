"""`backcoach history`, `resume`, holds in other commands, and `nudge`, from the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from backcoach.history.migrations import LATEST
from backcoach.history.store import History, default_path, local_now
from helpers import dead_pid, invoke, run_nudge

SESSION_KEYS = {"id", "started_at", "ended_at", "status", "stretches", "pain_before", "pain_after"}


@dataclass
class Clock:
    at: dt.datetime = field(default_factory=local_now)

    def __call__(self) -> dt.datetime:
        return self.at


@dataclass
class Seeded:
    started: dt.datetime
    stretches: list[tuple[str, str]]
    status: str = "finished"
    minutes: int = 12
    pain: tuple[int | None, int | None] = (None, None)


def seed(*sessions: Seeded) -> list[int]:
    """Write `sessions` to the default history as a real session would; return their ids."""
    clock = Clock()
    history = History.open(now=clock)
    ids = []
    try:
        for seeded in sessions:
            clock.at = seeded.started
            session_id = history.start_session("standard", None, 600.0, seeded.pain[0])
            for n, (stretch_id, outcome) in enumerate(seeded.stretches, 1):
                clock.at = seeded.started + dt.timedelta(minutes=n)
                history.record_stretch(session_id, stretch_id, outcome)
            clock.at = seeded.started + dt.timedelta(minutes=seeded.minutes)
            history.end_session(session_id, seeded.status)
            if seeded.pain[1] is not None:
                history.set_pain_after(session_id, seeded.pain[1])
            ids.append(session_id)
    finally:
        history.close()
    return ids


def seed_cut_off(started: dt.datetime, *stretches: tuple[str, str]) -> int:
    """A session whose process died mid-way: left running with a pid that is gone."""
    clock = Clock(started)
    history = History.open(now=clock)
    try:
        session_id = history.start_session()
        for stretch_id, outcome in stretches:
            clock.at += dt.timedelta(minutes=2)
            history.record_stretch(session_id, stretch_id, outcome)
        history.db.execute("UPDATE sessions SET pid = ? WHERE id = ?", (dead_pid(), session_id))
    finally:
        history.close()
    return session_id


def at(day: dt.date, hour: int = 7, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_now().tzinfo)


def hold_bird_dog() -> None:
    seed(Seeded(at(local_now().date()), [("pelvic-tilts", "done"), ("bird-dog", "painful")]))


def corrupt_history() -> tuple[Path, bytes]:
    path = default_path()
    path.parent.mkdir(parents=True)
    data = random.Random(3).randbytes(4096)
    path.write_bytes(data)
    return path, data


def history_json() -> dict:  # type: ignore[type-arg]
    result = invoke("history", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# -- history ----------------------------------------------------------------------


def test_history_with_no_history_says_so() -> None:
    """No history file yet: 'No sessions yet', exit 0, and no file is created."""
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    assert "No sessions yet" in result.stdout
    assert not default_path().exists()


def test_history_with_an_empty_history_says_so() -> None:
    """A history with no sessions in it: 'No sessions yet', exit 0."""
    History.open().close()
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    assert "No sessions yet" in result.stdout


def test_history_shows_streak_counts_and_recent_sessions() -> None:
    """Streak, this week's and month's sessions and minutes, and a row per recent session."""
    today = local_now().date()
    days = [today - dt.timedelta(days=n) for n in (5, 2, 1, 0)]
    seed(*(Seeded(at(day), [("bridge", "done"), ("bird-dog", "done")]) for day in days))
    monday = today - dt.timedelta(days=today.weekday())
    week = sum(day >= monday for day in days)
    month = sum(day >= today.replace(day=1) for day in days)

    result = invoke("history")

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Streak: 3 days · longest 3" in out

    def sessions(count: int) -> str:
        return f"{count} session{'' if count == 1 else 's'}"

    assert (
        f"This week: {sessions(week)}, {week * 12} min · "
        f"this month: {sessions(month)}, {month * 12} min"
    ) in out
    rows = [line for line in out.splitlines() if "07:00" in line]
    assert [row.split()[:3] for row in rows] == [
        day.strftime("%a %d %b").split() for day in reversed(days)
    ]  # newest first
    assert all(row.split()[3:6] == ["07:00", "12", "2"] for row in rows)


def test_history_json_is_one_document_with_exact_keys() -> None:
    """--json: keys sessions/streak/on_hold; each session has exactly its seven keys."""
    today = local_now().date()
    finished, quit_ = seed(
        Seeded(at(today - dt.timedelta(days=1)), [("bridge", "done")], pain=(5, 3)),
        Seeded(at(today, 6), [("bridge", "skipped"), ("bird-dog", "painful")], status="quit"),
    )
    cut_off = seed_cut_off(at(today, 8), ("pelvic-tilts", "done"))

    data = history_json()

    assert set(data) == {"sessions", "streak", "on_hold"}
    assert data["streak"] == {"current": 2, "longest": 2}
    assert data["on_hold"] == ["bird-dog"]
    for session in data["sessions"]:
        assert set(session) == SESSION_KEYS
        assert session["status"] in {"finished", "quit", "interrupted"}
        for stretch in session["stretches"]:
            assert set(stretch) == {"id", "outcome"}
    by_id = {s["id"]: s for s in data["sessions"]}
    assert [by_id[i]["status"] for i in (finished, quit_, cut_off)] == [
        "finished",
        "quit",
        "interrupted",
    ]
    assert by_id[finished]["stretches"] == [{"id": "bridge", "outcome": "done"}]
    assert (by_id[finished]["pain_before"], by_id[finished]["pain_after"]) == (5, 3)
    assert by_id[quit_]["stretches"] == [
        {"id": "bridge", "outcome": "skipped"},
        {"id": "bird-dog", "outcome": "painful"},
    ]
    assert dt.datetime.fromisoformat(by_id[quit_]["started_at"]) == at(today, 6)
    assert dt.datetime.fromisoformat(by_id[quit_]["ended_at"]) == at(today, 6, 12)


def test_history_csv_has_a_header_and_a_row_per_session() -> None:
    """--csv parses as CSV: a header row, then one row per session."""
    today = local_now().date()
    ids = seed(
        Seeded(at(today - dt.timedelta(days=1)), [("bridge", "done"), ("bird-dog", "skipped")]),
        Seeded(at(today), [("bridge", "done")], pain=(4, None)),
    )
    result = invoke("history", "--csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header[:4] == ["id", "started_at", "ended_at", "status"]
    assert {"done", "skipped", "painful", "pain_before", "pain_after"} <= set(header)
    assert len(rows) == 2
    assert all(len(row) == len(header) for row in rows)
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert [first["id"], second["id"]] == [str(i) for i in ids]
    assert (first["done"], first["skipped"], first["status"]) == ("bridge", "bird-dog", "finished")
    assert (second["pain_before"], second["pain_after"]) == ("4", "")


def test_history_since_filters_sessions() -> None:
    """--since 2026-11-01 keeps only sessions on or after that date, in JSON and CSV."""
    late_oct, early_nov = seed(
        Seeded(at(dt.date(2026, 10, 31), 23, 30), [("bridge", "done")]),
        Seeded(at(dt.date(2026, 11, 1), 6), [("bridge", "done")]),
    )
    everything = history_json()
    assert [s["id"] for s in everything["sessions"]] == [late_oct, early_nov]

    result = invoke("history", "--json", "--since", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    assert [s["id"] for s in json.loads(result.stdout)["sessions"]] == [early_nov]

    result = invoke("history", "--csv", "--since", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [row[0] for row in rows[1:]] == [str(early_nov)]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "nonsense"], "is not a date"),
        (["--since", "2026-13-01"], "is not a date"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_history_bad_options_exit_2(args: list[str], words: str) -> None:
    """An unreadable --since or both --json and --csv: exit 2 with the reason, no output."""
    seed(Seeded(at(local_now().date()), [("bridge", "done")]))
    result = invoke("history", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def foreign_history() -> tuple[Path, bytes]:
    path = default_path()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    return path, path.read_bytes()


def newer_history() -> tuple[Path, bytes]:
    History.open().close()
    path = default_path()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    return path, path.read_bytes()


@pytest.mark.parametrize("args", [[], ["--json"], ["--csv"]])
@pytest.mark.parametrize(
    ("make", "words"),
    [
        (corrupt_history, "cannot be read"),
        (foreign_history, "not a backcoach history"),
        (newer_history, "newer backcoach"),
    ],
    ids=["corrupt", "foreign", "newer"],
)
def test_history_refuses_a_file_it_cannot_use_untouched(make, words: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Damaged, foreign or newer history: exit 2, the file named, no traceback, file unchanged."""
    path, data = make()
    files = sorted(p.name for p in path.parent.iterdir())
    result = invoke("history", *args)
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == files


# -- holds ------------------------------------------------------------------------


def test_resume_brings_a_held_stretch_back() -> None:
    """`resume bird-dog` says it is back, exit 0; the hold is lifted; a second resume says so."""
    hold_bird_dog()
    assert history_json()["on_hold"] == ["bird-dog"]

    result = invoke("resume", "bird-dog")
    assert result.exit_code == 0, result.stderr
    assert "bird-dog is back in your routine" in result.stdout
    assert history_json()["on_hold"] == []

    again = invoke("resume", "bird-dog")
    assert again.exit_code == 0
    assert "bird-dog was not on hold" in again.stderr
    assert "back in your routine" not in again.stdout


def test_resume_accepts_a_stretch_number() -> None:
    """`resume 8` resolves to bird-dog through the catalogue."""
    hold_bird_dog()
    result = invoke("resume", "8")
    assert result.exit_code == 0, result.stderr
    assert "bird-dog is back" in result.stdout


def test_resume_with_no_history_has_nothing_to_do() -> None:
    """`resume` with no history: nothing on hold, exit 0, no file created."""
    result = invoke("resume", "bird-dog")
    assert result.exit_code == 0
    assert "No stretch is on hold" in result.stderr
    assert not default_path().exists()


def test_list_marks_a_held_stretch() -> None:
    """`list` puts 'on hold' after a held stretch's name and after no other."""
    hold_bird_dog()
    result = invoke("list")
    assert result.exit_code == 0, result.stderr
    marked = [line for line in result.stdout.splitlines() if "on hold" in line.lower()]
    assert any("Bird dog on hold" in line for line in marked)
    assert not any(name in line for line in marked for name in ("Bridge", "Pelvic tilts"))


def test_show_says_a_stretch_is_on_hold() -> None:
    """`show bird-dog` says it is on hold and how to bring it back; `show bridge` does not."""
    hold_bird_dog()
    result = invoke("show", "bird-dog")
    assert result.exit_code == 0, result.stderr
    assert "bird-dog is on hold since" in result.stdout
    assert "on hold" not in invoke("show", "bridge").stdout


def test_dry_run_leaves_out_a_held_stretch_and_says_so() -> None:
    """`session --dry-run --json` plans without bird-dog and says on stderr that it is on hold."""
    hold_bird_dog()
    result = invoke("session", "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    planned = {phase["stretch"] for phase in json.loads(result.stdout)["phases"]}
    assert "bird-dog" not in planned
    assert {"bridge", "pelvic-tilts"} <= planned
    assert "bird-dog is on hold" in result.stderr


def test_only_a_held_stretch_exits_2() -> None:
    """`session --only bird-dog --dry-run` with bird-dog on hold: exit 2, nothing planned."""
    hold_bird_dog()
    result = invoke("session", "--only", "bird-dog", "--dry-run")
    assert result.exit_code == 2
    assert "bird-dog is on hold" in result.stderr
    assert "every stretch you chose is on hold" in result.stderr
    assert result.stdout == ""


# -- nudge ------------------------------------------------------------------------


def nudge() -> subprocess.CompletedProcess[str]:
    return run_nudge()  # type: ignore[no-any-return]


@pytest.mark.slow
def test_nudge_with_no_history_reminds(backcoach_home: Path) -> None:
    """No history: a one-line reminder, exit 0, and nothing is created."""
    result = nudge()
    assert result.returncode == 0
    assert result.stdout == "backcoach: time for your back stretches? `backcoach session`\n"
    assert result.stderr == ""
    assert not backcoach_home.exists()


@pytest.mark.slow
def test_nudge_mentions_the_streak_to_keep() -> None:
    """Practised yesterday, not yet today: the reminder names the streak, history unchanged."""
    seed(Seeded(at(local_now().date() - dt.timedelta(days=1)), [("bridge", "done")]))
    before = default_path().read_bytes()
    result = nudge()
    assert result.returncode == 0
    assert "keep your 1-day streak going" in result.stdout
    assert len(result.stdout.splitlines()) == 1
    assert default_path().read_bytes() == before


@pytest.mark.slow
def test_nudge_after_a_session_today_prints_nothing() -> None:
    """A stretch done today: the nudge prints nothing and exits 0."""
    seed(Seeded(at(local_now().date()), [("bridge", "done")]))
    result = nudge()
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == ""


@pytest.mark.slow
def test_nudge_after_a_session_with_nothing_done_still_reminds() -> None:
    """A session today where every stretch was skipped does not silence the nudge."""
    seed(Seeded(at(local_now().date()), [("bridge", "skipped")], status="quit"))
    result = nudge()
    assert result.returncode == 0
    assert "time for your back stretches" in result.stdout


@pytest.mark.slow
def test_nudge_with_a_corrupt_history_is_silent() -> None:
    """A damaged history: no output at all, exit 0, the file unchanged."""
    path, data = corrupt_history()
    result = nudge()
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == ""
    assert path.read_bytes() == data


IMPORTS = """\
import sys
sys.argv = ["backcoach", "nudge"]
from backcoach.__main__ import main
try:
    main()
except SystemExit:
    pass
print(sorted(name for name in ("typer", "rich", "yaml", "click") if name in sys.modules))
"""


@pytest.mark.slow
def test_nudge_imports_neither_typer_nor_rich() -> None:
    """Running the nudge loads none of typer, rich, click or yaml, with or without a history."""

    def loaded() -> str:
        result = subprocess.run(
            [sys.executable, "-c", IMPORTS],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1]

    assert loaded() == "[]"
    seed(Seeded(at(local_now().date() - dt.timedelta(days=1)), [("bridge", "done")]))
    assert loaded() == "[]"
