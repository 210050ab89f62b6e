"""`history`, `hold`, `resume` and `report` through the command line: words, files, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

from backcoach import report
from backcoach.catalogue.loader import load
from backcoach.errors import InputError, UsageError
from backcoach.history import aggregates
from backcoach.history.store import History, default_file_name, local_now
from helpers import invoke

TODAY = dt.date(2026, 1, 2)


def add_session(history: History, day: dt.date, done: list[str], status: str = "finished") -> int:
    start = dt.datetime.combine(day, dt.time(7, 0), local_now().tzinfo)
    session_id = history.db.execute(
        "INSERT INTO sessions (started_at, ended_at, status, pain_before, pain_after) "
        "VALUES (?, ?, ?, 5, 3)",
        (
            start.isoformat(timespec="seconds"),
            (start + dt.timedelta(minutes=20)).isoformat(timespec="seconds"),
            status,
        ),
    ).lastrowid
    assert session_id is not None
    for stretch_id in done:
        history.db.execute(
            "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
            "VALUES (?, ?, 'done', ?)",
            (session_id, stretch_id, start.isoformat(timespec="seconds")),
        )
    return session_id


# -- report: the period, the file ----------------------------------------------


def test_the_period_is_twelve_weeks_or_as_asked() -> None:
    """Twelve weeks by default, 1 to 520 weeks, or from a day up to today."""
    assert report.period(None, None, TODAY) == (TODAY - dt.timedelta(days=83), TODAY)
    assert report.period(None, 1, TODAY) == (TODAY - dt.timedelta(days=6), TODAY)
    assert report.period(None, 520, TODAY) == (TODAY - dt.timedelta(days=3639), TODAY)
    assert report.period("2025-12-01", None, TODAY) == (dt.date(2025, 12, 1), TODAY)
    assert report.period("2026-01-02", None, TODAY) == (TODAY, TODAY)


@pytest.mark.parametrize(
    ("since", "weeks", "message"),
    [
        ("2025-12-01", 4, "choose one of --since and --weeks"),
        (None, 0, "--weeks must be a whole number from 1 to 520, not 0"),
        (None, 521, "--weeks must be a whole number from 1 to 520, not 521"),
        (None, -3, "--weeks must be a whole number from 1 to 520, not -3"),
        ("1 Dec", None, "--since '1 Dec' is not a date; write it as YYYY-MM-DD"),
        ("2026-01-03", None, "--since 2026-01-03 is in the future; today is 2026-01-02"),
    ],
)
def test_a_period_that_does_not_fit_says_why(
    since: str | None, weeks: int | None, message: str
) -> None:
    """Each wrong option in words."""
    with pytest.raises(UsageError) as raised:
        report.period(since, weeks, TODAY)
    assert str(raised.value) == message


def test_the_file_is_named_by_the_day(tmp_path: Path) -> None:
    """backcoach-report-DATE.html here, inside a folder given, or the path given."""
    assert report.default_name(TODAY) == "backcoach-report-2026-01-02.html"
    assert report.target(None, TODAY) == Path("backcoach-report-2026-01-02.html")
    assert report.target(tmp_path, TODAY) == tmp_path / "backcoach-report-2026-01-02.html"
    assert report.target(tmp_path / "mine.html", TODAY) == tmp_path / "mine.html"


def test_write_never_replaces_unless_forced(tmp_path: Path) -> None:
    """A new file readable by its owner only; an existing one refused, or replaced whole."""
    path = tmp_path / "r.html"
    report.write("<p>é</p>", path, force=False)
    assert path.read_bytes() == "<p>é</p>".encode()
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(UsageError) as raised:
        report.write("other", path, force=False)
    assert str(raised.value) == (
        f"{path} already exists; choose another name with -o PATH, or add --force to replace it"
    )
    assert path.read_text(encoding="utf-8") == "<p>é</p>"
    os.chmod(path, 0o644)
    report.write("new ü", path, force=True)
    assert path.read_text(encoding="utf-8") == "new ü"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_write_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    """Forced or not, a folder that does not exist is named with the cause; nothing left."""
    path = tmp_path / "nowhere" / "r.html"
    for force in (False, True):
        with pytest.raises(InputError) as raised:
            report.write("x", path, force=force)
        assert str(raised.value) == f"{path}: cannot write the report (No such file or directory)"
    assert list(tmp_path.iterdir()) == []


def test_forced_write_that_fails_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename fails: the old file stays and the temporary one is removed."""
    path = tmp_path / "r.html"
    path.write_text("old")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError) as raised:
        report.write("new", path, force=True)
    assert str(raised.value) == f"{path}: cannot write the report (Permission denied)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
    assert path.read_text() == "old"


def test_sources_are_the_catalogues_stretches_and_note() -> None:
    """Each stretch's id, name, sides and range in words; a routine gone since is no error."""
    base = load()
    found = report.sources(base, ["no-such-routine"])
    assert [s.id for s in found.stretches] == [s.id for s in base.stretches]
    first = found.stretches[0]
    stretch = base.stretches[0]
    assert (first.name, first.sides) == (stretch.name, stretch.dose.sides)
    from backcoach.describe import dose_text

    assert first.source_dose == dose_text(stretch.dose)
    assert found.medical_note == base.advice.medical_note


def test_report_json_counts_the_history_up_to_its_today() -> None:
    """Sessions, days and stretches in the period of the history's own today."""
    history = History.open()
    today = history.now().date()
    add_session(history, today, ["bridge", "bird-dog"])
    add_session(history, today - dt.timedelta(days=1), ["bridge"], status="quit")
    add_session(history, today - dt.timedelta(days=30), ["bridge"])
    history.close()
    result = invoke("report", "--json", "--weeks", "2")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["period"]["days"] == 14
    assert figures["period"]["last"] == today.isoformat()
    assert figures["generated"] == today.isoformat()
    assert figures["sessions"]["total"] == 2
    assert figures["sessions"]["quit"] == 1
    assert figures["sessions"]["days_practised"] == 2
    assert figures["streak"] == {"current": 2, "longest": 2}
    assert [(s["id"], s["done"]) for s in figures["stretches"]] == [("bridge", 2), ("bird-dog", 1)]
    assert figures["practised"] == [{"routine": "full", "level": "standard", "sessions": 2}]


def test_report_writes_a_named_file_then_refuses_then_forces(tmp_path: Path) -> None:
    """The default name in the folder given; again: refused (exit 2); --force: replaced."""
    name = tmp_path / report.default_name(dt.date.today())
    first = invoke("report", "-o", str(tmp_path))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == str(name)
    assert "<h1>Stretching report</h1>" in name.read_text(encoding="utf-8")
    again = invoke("report", "-o", str(tmp_path))
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    name.write_text("old")
    forced = invoke("report", "-o", str(tmp_path), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "<h1>Stretching report</h1>" in name.read_text(encoding="utf-8")


# -- history -------------------------------------------------------------------


def test_history_json_and_csv_together_are_refused() -> None:
    """One output format at a time: exit 2 with the reason."""
    result = invoke("history", "--json", "--csv")
    assert result.exit_code == 2
    assert "choose one of --json and --csv" in result.stderr


def test_history_since_must_be_a_date() -> None:
    """--since that is not a date: exit 2, said how to write it."""
    result = invoke("history", "--since", "monday")
    assert result.exit_code == 2
    assert "--since 'monday' is not a date; write it as YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(("count", "words"), [(1, "1 session in"), (2, "2 sessions in")])
def test_history_says_how_many_rows_it_left_out(count: int, words: str) -> None:
    """Damaged rows are counted in one notice, and the rest is shown."""
    history = History.open()
    add_session(history, history.now().date(), ["bridge"])
    for _ in range(count):
        history.db.execute("INSERT INTO sessions (started_at) VALUES ('garbage')")
    history.close()
    for args in ([], ["--json"], ["--csv"]):
        result = invoke("history", *args)
        assert result.exit_code == 0, result.stderr
        assert " ".join(result.stderr.split()) == (
            f"{words} {default_file_name()} could not be read (damaged or edited rows) and are "
            "left out."
        )
    csv_lines = invoke("history", "--csv").stdout.splitlines()
    assert len(csv_lines) == 2
    assert csv_lines[1].endswith(",finished,20.0,bridge,,,5,3")


def test_history_csv_since_a_day() -> None:
    """--csv --since: only sessions from that day on."""
    history = History.open()
    today = history.now().date()
    add_session(history, today - dt.timedelta(days=3), ["bridge"])
    add_session(history, today, ["bird-dog"])
    history.close()
    result = invoke("history", "--csv", "--since", (today - dt.timedelta(days=1)).isoformat())
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and ",bird-dog," in lines[1]
    assert result.stderr == ""


def test_history_that_fails_while_read_exits_1_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A read that fails sets the history aside: one warning naming it, exit 1."""
    history = History.open()
    add_session(history, history.now().date(), ["bridge"])
    history.close()

    def fail(*args: object) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(aggregates, "build", fail)
    result = invoke("history")
    assert result.exit_code == 1
    assert result.stderr.count("Warning:") == 1
    assert "the history failed while in use (OperationalError: disk I/O error)" in " ".join(
        result.stderr.split()
    )
    assert result.stdout == ""


def test_history_page_names_stretches_from_the_catalogue() -> None:
    """The page shows the streak, and a held stretch by its catalogue name."""
    history = History.open()
    today = history.now().date()
    add_session(history, today - dt.timedelta(days=1), ["bridge"])
    add_session(history, today, ["bird-dog"])
    history.hold("bird-dog", "sore")
    history.close()
    result = invoke("history")
    assert result.exit_code == 0, result.stderr
    names = {s.id: s.name for s in load().stretches}
    assert f"On hold: {names['bird-dog']} since" in result.stdout
    assert "Streak: 2 days · longest 2" in result.stdout


def test_history_without_a_file_says_there_is_none(backcoach_home: Path) -> None:
    """No history yet: said, exit 0, nothing created."""
    result = invoke("history")
    assert result.exit_code == 0
    assert not Path(default_file_name()).exists()


# -- hold and resume ---------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "two\nlines", "bell\x07", "del\x7f"])
def test_hold_reason_must_be_one_line_of_text(reason: str) -> None:
    """Empty, blank or control characters: exit 2, nothing held."""
    result = invoke("hold", "bridge", "--reason", reason)
    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == "Error: --reason must be one line of text"
    assert not Path(default_file_name()).exists() or History.open().on_hold() == {}


def test_hold_then_hold_again_says_since_when() -> None:
    """The hold is said with how to undo it; a second hold keeps the first and says so."""
    first = invoke("hold", "bridge", "--reason", "  sore knee  ")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "bridge is on hold: sessions leave it out until `backcoach resume bridge`.\n"
    )
    assert History.open().on_hold()["bridge"].reason == "sore knee"
    since = History.open().on_hold()["bridge"].since
    again = invoke("hold", "bridge", "--reason", "other")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert " ".join(again.stderr.split()) == (
        f"bridge is already on hold since {since:%d %b}: sore knee. Nothing changed."
    )


def test_hold_on_a_history_that_cannot_be_used_exits_2(backcoach_home: Path) -> None:
    """A history file from a newer backcoach: hold refuses, naming the file."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(default_file_name())
    db.execute("PRAGMA user_version = 99")
    db.close()
    result = invoke("hold", "bridge", "--reason", "x")
    assert result.exit_code == 2
    assert f"{default_file_name()}: this history was written by a newer backcoach" in " ".join(
        result.stderr.split()
    )


def test_resume_says_what_it_did() -> None:
    """Back in the routine; resumed again: nothing to do; a held id not in the catalogue."""
    assert invoke("hold", "bridge", "--reason", "x").exit_code == 0
    result = invoke("resume", "bridge")
    assert (result.exit_code, result.stdout) == (0, "bridge is back in your routine. Go gently.\n")
    again = invoke("resume", "bridge")
    assert again.exit_code == 0
    assert " ".join(again.stderr.split()) == "bridge was not on hold; nothing to do."
    History.open().hold("gone-stretch", "old")
    gone = invoke("resume", "gone-stretch")
    assert (gone.exit_code, gone.stdout) == (
        0,
        "gone-stretch is back in your routine. Go gently.\n",
    )


def test_resume_without_a_history_has_nothing_to_do(backcoach_home: Path) -> None:
    """No history: said, exit 0, nothing created."""
    result = invoke("resume", "bridge")
    assert result.exit_code == 0
    assert " ".join(result.stderr.split()) == "No stretch is on hold; nothing to do."
    assert not Path(default_file_name()).exists()


def test_hold_and_resume_find_the_stretch_in_the_catalogue_given(
    tmp_path: Path, catalogue_text: str
) -> None:
    """--catalogue: a stretch only that catalogue has is held and resumed by its id."""
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text.replace("id: spine-stretch", "id: my-spine", 1))
    held = invoke("hold", "my-spine", "--reason", "x", "--catalogue", str(path))
    assert held.exit_code == 0, held.stderr
    assert held.stdout.startswith("my-spine is on hold")
    History.open().resume("my-spine")
    History.open().hold("other", "x")
    resumed = invoke("hold", "my-spine", "--reason", "y", "--catalogue", str(path))
    assert resumed.exit_code == 0, resumed.stderr
    back = invoke("resume", "1", "--catalogue", str(path))  # its number in that catalogue
    assert (back.exit_code, back.stdout) == (0, "my-spine is back in your routine. Go gently.\n")


def test_resume_that_fails_to_write_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """The history fails while resuming: said once (by the history), exit 1, nothing printed."""
    from backcoach.history import store

    assert invoke("hold", "bridge", "--reason", "x").exit_code == 0

    def broken(self: History) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.History, "_write", broken)
    result = invoke("resume", "bridge")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("Warning:") == 1
