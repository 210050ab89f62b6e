"""`backcoach report`: its figures checked against the history, the page, escaping, options."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.history.store import History, default_file_name, local_now
from backcoach.history.streaks import streak
from generated import generate
from helpers import invoke

PHYSIO = """\
name: physio
description: What my physiotherapist gave me.
stretches:
  - id: bridge
    reps: 15
  - bird-dog
"""


def report_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = invoke("report", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def write_report(tmp_path: Path, *args: str) -> str:
    """Run `report -o` into tmp_path; return the page, after checking the path is printed."""
    path = tmp_path / "report.html"
    result = invoke("report", "-o", str(path), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(path)
    return path.read_text(encoding="utf-8")


def test_report_without_a_history_is_empty_but_whole(tmp_path: Path) -> None:
    """No history yet: twelve weeks of empty days, no stretches, the catalogue's medical note."""
    figures = report_json()
    today = dt.date.today()
    assert figures["period"] == {
        "first": (today - dt.timedelta(days=83)).isoformat(),
        "last": today.isoformat(),
        "days": 84,
    }
    assert figures["sessions"]["total"] == 0
    assert [day["done"] for day in figures["calendar"]] == [0] * 84
    assert figures["stretches"] == []
    assert figures["pain"]["average_change"] is None
    assert figures["medical_note"] == load().advice.medical_note
    page = write_report(tmp_path)
    assert "No sessions were recorded in this period." in page
    assert load().advice.medical_note in page
    assert "None of this data has left that computer" in page


def test_report_file_is_private_and_never_replaced_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default file lands in the current folder at 0600; a rerun refuses, --force replaces."""
    monkeypatch.chdir(tmp_path)
    first = invoke("report")
    assert first.exit_code == 0, first.stderr
    path = tmp_path / f"backcoach-report-{dt.date.today().isoformat()}.html"
    assert first.stdout.strip() == path.name
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text("my notes")
    again = invoke("report")
    assert again.exit_code == 2
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert path.read_text() == "my notes"
    forced = invoke("report", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert path.read_text().startswith("<!DOCTYPE html>")
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [path.name]


def test_report_into_a_folder_uses_the_default_name(tmp_path: Path) -> None:
    """-o FOLDER writes backcoach-report-DATE.html inside it."""
    result = invoke("report", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()).parent == tmp_path
    assert Path(result.stdout.strip()).name.startswith("backcoach-report-")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "yesterday"], "not a date"),
        (["--since", "2999-01-01"], "in the future"),
        (["--since", "2026-01-01", "--weeks", "3"], "choose one of --since and --weeks"),
        (["--weeks", "0"], "from 1 to 520"),
        (["--weeks", "521"], "from 1 to 520"),
        (["--json", "--weeks", "0"], "from 1 to 520"),
    ],
)
def test_report_bad_options_exit_2(
    args: list[str], words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Impossible periods exit 2 with a message, and no file is written."""
    monkeypatch.chdir(tmp_path)
    result = invoke("report", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.html"))


@pytest.mark.slow
def test_report_of_one_real_session_shows_its_doses_and_the_prescribed_one(
    tmp_path: Path, backcoach_home: Path
) -> None:
    """A session through a physio routine: its doses are recorded, bridge's marked prescribed."""
    routines = backcoach_home / "routines"
    routines.mkdir(parents=True)
    (routines / "physio.yaml").write_text(PHYSIO)
    session = subprocess.run(
        [sys.executable, "-m", "backcoach", "session", "--routine", "physio", "--speed", "1000"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert session.returncode == 0, session.stderr
    figures = report_json()
    assert figures["practised"] == [{"routine": "physio", "level": "standard", "sessions": 1}]
    assert figures["sessions"]["total"] == figures["sessions"]["finished"] == 1
    assert figures["streak"] == {"current": 1, "longest": 1}
    by_id = {s["id"]: s for s in figures["stretches"]}
    assert list(by_id) == ["bridge", "bird-dog"]
    assert by_id["bridge"]["source_dose"] == "8–12×"
    assert by_id["bridge"]["doses"] == [
        {
            "text": "15×",
            "reps": 15,
            "hold_seconds": None,
            "sides": None,
            "prescribed": True,
            "times": 1,
        }
    ]
    assert [d["prescribed"] for d in by_id["bird-dog"]["doses"]] == [False]
    assert by_id["bird-dog"]["doses"][0]["text"] == "8× alternating · hold 7 s"
    assert all(s["done"] == 1 and s["dose_not_recorded"] == 0 for s in by_id.values())
    page = write_report(tmp_path)
    bridge_row = page[page.index("<td>Bridge</td>") : page.index("<td>Bird dog</td>")]
    assert ">prescribed</span>" in bridge_row
    assert "physio" in page


@pytest.fixture
def a_year() -> dict[str, int]:
    """A generated year of practice, with skips, quits, interruptions, holds and resumes."""
    counts = generate(default_file_name(), 365, local_now().date(), seed=7)
    assert counts["quit"] and counts["interrupted"] and counts["holds"] >= 2
    return counts


def test_report_of_a_year_matches_the_history(a_year: dict[str, int]) -> None:
    """Every figure of `report --json --weeks 52` recomputed from the sessions themselves."""
    figures = report_json("--weeks", "52")
    today = local_now().date()
    first = today - dt.timedelta(days=52 * 7 - 1)
    history = History.open()
    everything = history.sessions()
    sessions = [s for s in everything if s.day >= first]
    holds = history.db.execute("SELECT stretch_id, since, reason, resumed_at FROM holds").fetchall()
    history.close()
    statuses = [s.status for s in sessions]
    assert figures["sessions"] == {
        "total": len(sessions),
        "finished": statuses.count("finished"),
        "quit": statuses.count("quit"),
        "interrupted": statuses.count("interrupted"),
        "running": 0,
        "ended_early": statuses.count("quit") + statuses.count("interrupted"),
        "days_practised": len({s.day for s in sessions if s.practised}),
    }
    assert figures["sessions"]["ended_early"] > 0
    practised = {s.day for s in everything if s.practised}
    expected = streak(practised, today)
    assert figures["streak"] == {"current": expected.current, "longest": expected.longest}
    done_by_day = {day["date"]: day["done"] for day in figures["calendar"]}
    assert len(done_by_day) == 364
    for day in {s.day for s in sessions}:
        assert done_by_day[day.isoformat()] == sum(
            len(s.ids("done")) for s in sessions if s.day == day
        )
    assert sum(w["finished"] + w["ended_early"] for w in figures["weeks"]) == len(sessions)
    both = [s for s in sessions if s.pain_before is not None and s.pain_after is not None]
    change = sum(s.pain_after - s.pain_before for s in both) / len(both)  # type: ignore[operator]
    assert figures["pain"]["checked_in"] == len(both)
    assert figures["pain"]["average_change"] == pytest.approx(change, abs=0.005)
    assert len(figures["pain"]["points"]) == sum(
        s.pain_before is not None or s.pain_after is not None for s in sessions
    )
    for stretch in figures["stretches"]:
        outcomes = [o for s in sessions for i, o in s.stretches if i == stretch["id"]]
        assert (stretch["done"], stretch["skipped"], stretch["painful"]) == (
            outcomes.count("done"),
            outcomes.count("skipped"),
            outcomes.count("painful"),
        )
        assert sum(d["times"] for d in stretch["doses"]) == stretch["done"]
        assert not any(d["prescribed"] for d in stretch["doses"])
        in_period = [
            {"since": since, "resumed": resumed, "reason": reason}
            for stretch_id, since, reason, resumed in holds
            if stretch_id == stretch["id"]
            and since[:10] <= today.isoformat()
            and (resumed is None or resumed[:10] >= first.isoformat())
        ]
        assert stretch["holds"] == in_period
    assert sum(len(s["holds"]) for s in figures["stretches"]) >= 2
    assert any(h["resumed"] for s in figures["stretches"] for h in s["holds"])


def test_report_since_a_date_counts_from_that_day(a_year: dict[str, int]) -> None:
    """--since starts the period on that day, up to today."""
    since = local_now().date() - dt.timedelta(days=10)
    figures = report_json("--since", since.isoformat())
    assert figures["period"]["first"] == since.isoformat()
    assert figures["period"]["days"] == 11
    assert len(figures["calendar"]) == 11


def test_report_escapes_catalogue_and_routine_text(tmp_path: Path, catalogue_text: str) -> None:
    """A stretch named <script>… and a routine named <img …> appear as text, never as markup."""
    catalogue = tmp_path / "mine.yaml"
    catalogue.write_text(
        catalogue_text.replace("name: Bridge", "name: \"<script>alert('x')</script> Bridge\"")
    )
    history = History.open()
    session = history.start_session("standard", "<img src=x onerror=alert(1)>", 60.0, 4)
    history.record_stretch(session, "bridge", "done")
    history.end_session(session, "finished")
    history.close()
    page = write_report(tmp_path, "--catalogue", str(catalogue))
    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bridge" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    figures = report_json("--catalogue", str(catalogue))
    assert figures["stretches"][0]["name"] == "<script>alert('x')</script> Bridge"


def test_report_page_fetches_nothing(tmp_path: Path, a_year: dict[str, int]) -> None:
    """The page names no other file or address: no src, href, url() or @import."""
    page = write_report(tmp_path)
    for needle in ("src=", "href=", "url(", "@import", "<script", "<link", "<iframe"):
        assert needle not in page
    assert page.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0


def test_history_migration_4_keeps_older_sessions(tmp_path: Path) -> None:
    """A history from before doses were recorded migrates; its doses show as 'not recorded'."""
    path = Path(default_file_name())
    history = History.open()
    session = history.start_session("standard", "full", 60.0, None)
    history.record_stretch(session, "bridge", "done")
    history.end_session(session, "finished")
    history.close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE session_doses")
        db.execute("DROP INDEX stretches_done")
        db.execute("PRAGMA user_version = 4")
    db.close()
    figures = report_json()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 5
        assert db.execute("SELECT count(*) FROM session_doses").fetchone()[0] == 0
    db.close()
    (bridge,) = figures["stretches"]
    assert (bridge["done"], bridge["doses"], bridge["dose_not_recorded"]) == (1, [], 1)
    assert "not recorded (1×)" in write_report(tmp_path)


REPORT_MODULES = {
    "jinja2",
    "markupsafe",
    "backcoach.report",
    "backcoach.history.physio_report",
    "backcoach.history.report_page",
    "backcoach.history.report_rows",
}
PROBE = """
import json, sys
sys.argv = ["backcoach", *{args!r}]
from backcoach.__main__ import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["--help"],
        ["--version"],
        ["nudge"],
        ["history"],
        ["history", "--json"],
        ["report", "--help"],
    ],
)
def test_other_commands_import_nothing_of_the_report(
    args: list[str], a_year: dict[str, int]
) -> None:
    """Jinja2 and the report's modules load for `report` only, never for other commands."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "backcoach" in loaded
    assert not REPORT_MODULES & loaded


@pytest.mark.slow
def test_report_itself_loads_jinja2(tmp_path: Path) -> None:
    """The probe sees the report's modules when `report` runs (so the test above can fail)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["report", "-o", str(tmp_path)])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert loaded >= REPORT_MODULES


def test_report_of_a_long_period_draws_weeks_not_sessions(
    tmp_path: Path, a_year: dict[str, int]
) -> None:
    """Past 120 check-ins the pain chart draws weekly means, and the calendar a row per year."""
    figures = report_json("--weeks", "52")
    points = figures["pain"]["points"]
    assert len(points) > 120
    weeks = {}
    for point in points:
        day = dt.date.fromisoformat(point["started_at"][:10])
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(point)
    assert [w["monday"] for w in figures["pain"]["weekly"]] == [m.isoformat() for m in weeks]
    first = figures["pain"]["weekly"][0]
    answers = [p["before"] for p in weeks[min(weeks)] if p["before"] is not None]
    assert first["before"] == pytest.approx(sum(answers) / len(answers), abs=0.005)
    page = write_report(tmp_path, "--weeks", "52")
    assert "each point a week's average" in page
    drawn = sum(w["before"] is not None for w in figures["pain"]["weekly"]) + sum(
        w["after"] is not None for w in figures["pain"]["weekly"]
    )
    assert page.count("<circle") == drawn
    assert '<section class="wide">' in page
    assert page.count('class="shade') == 364


def test_report_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    """-o into a folder that does not exist: a clear message, exit 2, nothing written."""
    target = tmp_path / "no-such-folder" / "report.html"
    result = invoke("report", "-o", str(target))
    assert result.exit_code == 2
    assert f"{target}: cannot write the report" in result.stderr
    assert not target.parent.exists()
