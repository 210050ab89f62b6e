"""What a person reads: `list`, `show`, the overview, summaries, history and settings pages.

Golden pages are stored under tests/snapshots/render/; after a deliberate change
of wording or layout, write them again with BACKCOACH_UPDATE_SNAPSHOTS=1 and read
the difference before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generated import FULL
from helpers import invoke

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "render"
UPDATE = os.environ.get("BACKCOACH_UPDATE_SNAPSHOTS") == "1"
IDS = list(FULL)  # the built-in catalogue, in its order


def matches_snapshot(name: str, text: str) -> None:
    """`text` is the stored page `name` (or becomes it, when updating)."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert text == path.read_text(encoding="utf-8")


def page(*args: str) -> str:
    """The command's stdout; it must succeed."""
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def width(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the terminal's width (and a terminal that draws figures)."""
    monkeypatch.setenv("TERM", "xterm")

    def set_width(columns: int) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))

    return set_width


# -- golden pages ----------------------------------------------------------------


SHOWN_AT = [(s, c) for s in IDS for c in (40, 100)] + [
    (s, 80) for s in ("hip-stretch", "lower-back-stretch", "deep-abdominal-stretch")
]


@pytest.mark.parametrize(("stretch", "columns"), SHOWN_AT)
def test_show_page_is_the_stored_one(stretch: str, columns: int, width) -> None:  # type: ignore[no-untyped-def]
    """`show ID` at 40 and 100 columns (some at 80) is exactly the stored page, figures included."""
    width(columns)
    matches_snapshot(f"show-{stretch}-{columns}.txt", page("show", stretch))


@pytest.mark.parametrize("stretch", IDS)
def test_show_json_is_the_stored_one(stretch: str) -> None:
    """`show ID --json` is exactly the stored document."""
    matches_snapshot(f"show-{stretch}.json", page("show", stretch, "--json"))


@pytest.mark.parametrize("columns", [40, 80, 100])
def test_list_is_the_stored_table(columns: int, width) -> None:  # type: ignore[no-untyped-def]
    """`list` at 40, 80 and 100 columns is exactly the stored table and footer."""
    width(columns)
    matches_snapshot(f"list-{columns}.txt", page("list"))


@pytest.mark.parametrize("routine", ["quick", "full"])
def test_list_of_a_routine_is_the_stored_table(routine: str, width) -> None:  # type: ignore[no-untyped-def]
    """`list --routine NAME` is exactly the stored table, with the routine's doses."""
    width(80)
    matches_snapshot(f"list-{routine}-80.txt", page("list", "--routine", routine))


def test_list_json_is_the_stored_document() -> None:
    """`list --json` is exactly the stored document."""
    matches_snapshot("list.json", page("list", "--json"))


def test_list_json_of_a_routine_is_the_stored_document() -> None:
    """`list --routine quick --json` holds the routine's stretches only."""
    matches_snapshot("list-quick.json", page("list", "--routine", "quick", "--json"))


@pytest.mark.parametrize("stretch", ["spine-stretch", "lower-back-stretch"])
def test_show_in_a_routine_is_the_stored_page(stretch: str, width) -> None:  # type: ignore[no-untyped-def]
    """`show ID --routine quick` adds the routine's dose and time."""
    width(80)
    matches_snapshot(f"show-{stretch}-quick-80.txt", page("show", stretch, "--routine", "quick"))


# -- on hold, prescribed doses, no figure ------------------------------------------


def test_list_marks_a_stretch_on_hold_and_says_how_to_resume(width) -> None:  # type: ignore[no-untyped-def]
    """A held stretch reads 'on hold' after its name, and the footer names it."""
    width(100)
    assert invoke("hold", "bridge", "--reason", "sore knee").exit_code == 0
    lines = page("list").splitlines()
    assert lines[13] == " 7  Bridge on hold          8–12×             —                          2"
    assert lines[14].startswith("    bridge  ")
    assert lines[-1] == "On hold: bridge. `backcoach resume ID` brings one back."
    assert lines[-2].startswith("Full routine: 10 stretches, about 26 min (23 min with --gentle)")


def test_show_of_a_held_stretch_says_since_when_and_why(width) -> None:  # type: ignore[no-untyped-def]
    """`show` of a held stretch has the hold note under its summary."""
    import datetime as dt

    width(200)
    assert invoke("hold", "bridge", "--reason", "sore knee").exit_code == 0
    lines = [line.strip("│ ") for line in page("show", "bridge", "--no-figure").splitlines()]
    since = f"{dt.date.today():%d %b}"
    note = (
        f"bridge is on hold since {since}: sore knee. Talk to a physical therapist; "
        "`backcoach resume bridge` brings it back."
    )
    at = lines.index(note)
    assert lines[at - 2 : at + 3] == [
        lines[at - 2],
        "",
        note,
        "",
        "You need: nothing but the floor",
    ]
    assert lines[at - 2].startswith("Good for pain in the lumbar region")
    document = json.loads(page("show", "bridge", "--json"))
    assert document["on_hold"]["reason"] == "sore knee"
    assert document["on_hold"]["since"].startswith(dt.date.today().isoformat())
    listed = {s["id"]: s["on_hold"] for s in json.loads(page("list", "--json"))}
    assert listed["bridge"]["reason"] == "sore knee"
    assert listed["bird-dog"] is None


ROUTINE = """\
name: mine
rest_seconds: 5
stretches:
  - id: bridge
    reps: 20
  - id: hip-stretch
    sides: left
    hold_seconds: 25
  - id: bird-dog
"""


@pytest.fixture
def routine(tmp_path: Path) -> str:
    """A routine file with a dose beyond the source's range and a stretch on one side only."""
    path = tmp_path / "mine.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return str(path)


def test_list_of_a_routine_marks_what_it_prescribes(routine: str, width) -> None:  # type: ignore[no-untyped-def]
    """A dose the routine sets outside the source's range reads 'prescribed'; one side says so."""
    width(100)
    matches_snapshot("list-mine-100.txt", page("list", "--routine", routine))


def test_show_in_a_routine_marks_a_prescribed_dose(routine: str, width) -> None:  # type: ignore[no-untyped-def]
    """`show --routine` says the routine's dose is outside the source's range."""
    width(100)
    matches_snapshot("show-bridge-mine-100.txt", page("show", "bridge", "--routine", routine))
    matches_snapshot("show-hip-mine-100.txt", page("show", "hip", "--routine", routine))


def test_show_without_figures_when_the_terminal_cannot_draw(width, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """TERM=dumb, or --no-figure, leaves the figures out and nothing else."""
    width(80)
    monkeypatch.setenv("TERM", "dumb")
    dumb = page("show", "bird-dog")
    matches_snapshot("show-bird-dog-80-nofigure.txt", dumb)
    monkeypatch.setenv("TERM", "xterm")
    assert page("show", "bird-dog", "--no-figure") == dumb
    assert page("show", "bird-dog") != dumb


# -- before and after a session ----------------------------------------------------


def full_timeline(level: str = "standard", minutes: float | None = None):  # type: ignore[no-untyped-def]
    """The whole catalogue's timeline at `level`, fitted into `minutes` if given."""
    from backcoach.catalogue.loader import load
    from backcoach.session import planner

    catalogue = load()
    prescriptions = [planner.prescribe(s, level) for s in catalogue.stretches]  # type: ignore[arg-type]
    return planner.plan(prescriptions, catalogue.timing, minutes, None), catalogue


def printed(capsys: pytest.CaptureFixture[str], draw, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    """What `draw(*args, **kwargs)` prints on stdout, each line's trailing spaces removed."""
    capsys.readouterr()
    draw(*args, **kwargs)
    return "".join(line.rstrip() + "\n" for line in capsys.readouterr().out.splitlines())


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_session_intro_is_the_stored_one(level: str, columns: int, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before a session: the routine, its length and level, and each stretch's dose and time."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", str(columns))
    plan, _ = full_timeline(level)
    out = printed(capsys, render.session_intro, plan, level)
    matches_snapshot(f"intro-{level}-{columns}.txt", out)


def test_session_intro_too_narrow_cuts_rather_than_splits(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """At 40 columns the overview does not fit: cells end in '…', no name goes on a second line."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "40")
    plan, _ = full_timeline()
    out = printed(capsys, render.session_intro, plan, "standard")
    matches_snapshot("intro-standard-40.txt", out)


def test_session_intro_of_one_stretch_and_a_named_routine(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """One stretch is 'stretch', not 'stretches'; the routine's name is said."""
    from backcoach import render
    from backcoach.catalogue.loader import load
    from backcoach.session import planner

    catalogue = load()
    plan = planner.plan([planner.prescribe(catalogue.stretches[6])], catalogue.timing)
    out = printed(capsys, render.session_intro, plan, "gentle", "morning")
    assert out.splitlines() == [
        "Today: morning routine, 1 stretch, about 2 min (gentle level).",
        "1.  Bridge  10×  2 min",
    ]


def test_overview_takes_its_width_from_the_argument_or_the_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Doses stay on one line when they fit the width given, else each part takes a line."""
    from rich.console import Console

    from backcoach import render

    plan, _ = full_timeline()

    def lines(table, columns: int) -> list[str]:  # type: ignore[no-untyped-def]
        wide = Console(width=columns, no_color=True, highlight=False)
        with wide.capture() as capture:
            wide.print(table)
        return [line.rstrip() for line in capture.get().splitlines()]

    one_line = lines(render.overview(plan, 61), 200)
    assert one_line[1] == " 2.  Hip stretch             2× each side · hold 25 s   2 min"
    assert len(one_line) == 10
    split = lines(render.overview(plan, 60), 200)
    hip = " 2.  Hip stretch             2× each side    2 min"
    assert split[1:3] == [hip, " " * 29 + "hold 25 s"]
    assert len(split) == 16
    monkeypatch.setenv("COLUMNS", "60")
    assert lines(render.overview(plan), 200) == split
    monkeypatch.setenv("COLUMNS", "61")
    assert lines(render.overview(plan), 200) == one_line


def test_medical_note_is_the_stored_one(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """The note before a first session, in its yellow-bordered panel."""
    from backcoach import render
    from backcoach.catalogue.loader import load

    monkeypatch.setenv("COLUMNS", "60")
    out = printed(capsys, render.medical_note, load().advice)
    matches_snapshot("medical-note-60.txt", out)


def result(status: str, outcomes, seconds=1500.0, paused=0.0, not_reached=()):  # type: ignore[no-untyped-def]
    """A session's result as the runner returns it."""
    from backcoach.session.runner import SessionResult

    return SessionResult(status, list(outcomes), seconds, paused, list(not_reached))


def test_summary_of_a_finished_session_is_the_stored_one(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Well done, time spent, what was done, the pain before and after, the streak."""
    from backcoach import render
    from backcoach.history.streaks import Streak

    monkeypatch.setenv("COLUMNS", "60")
    plan, catalogue = full_timeline()
    ids = [p.stretch.id for p in plan.prescriptions]
    done = result("finished", [(i, "done") for i in ids], 1565.9, 0.99)
    ending = render.Ending(done, plan, catalogue, Streak(3, 7), pain_before=4, pain_after=2)
    matches_snapshot("summary-finished-60.txt", printed(capsys, render.summary, ending))


def test_summary_of_a_stopped_session_is_the_stored_one(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Stopped: skipped, painful (put on hold) and not reached, pause time, one day's streak."""
    from backcoach import render
    from backcoach.history.streaks import Streak

    monkeypatch.setenv("COLUMNS", "80")
    plan, catalogue = full_timeline()
    outcomes = [("spine-stretch", "done"), ("hip-stretch", "skipped"), ("bridge", "painful")]
    stopped = result("quit", outcomes, 605, 61.5, ["bird-dog", "deep-abdominal-stretch"])
    ending = render.Ending(stopped, plan, catalogue, Streak(1, 1), pain_after=6)
    matches_snapshot("summary-stopped-80.txt", printed(capsys, render.summary, ending))


def test_summary_without_pain_or_streak_and_ended_otherwise(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """An ending neither finished nor quit says 'Session ended'; no Well done without a stretch."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "60")
    plan, catalogue = full_timeline()
    ended = render.Ending(result("interrupted", [], 59.9), plan, catalogue)
    assert printed(capsys, render.summary, ended).splitlines() == [
        "Session ended · 0:59 spent",
        "Done (0)     —",
        "Skipped (0)  —",
        "Painful (0)  —",
    ]
    skipped = render.Ending(result("finished", [("bridge", "skipped")], 60), plan, catalogue)
    assert not skipped.well_done
    out = printed(capsys, render.summary, skipped)
    assert out.splitlines()[:3] == [
        "Session complete · 1:00 spent",
        "Done (0)     —",
        "Skipped (1)  Bridge",
    ]
    before_only = render.Ending(result("finished", [], 60), plan, catalogue, pain_before=0)
    assert "Pain (0–10)  0 before → – after" in printed(capsys, render.summary, before_only)


def test_summary_flows_names_in_the_room_left_by_the_labels(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """At 40 columns the done names wrap between names, never past the width."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "40")
    plan, catalogue = full_timeline()
    done = result("finished", [(p.stretch.id, "done") for p in plan.prescriptions])
    out = printed(capsys, render.summary, render.Ending(done, plan, catalogue))
    matches_snapshot("summary-finished-40.txt", out)


def test_flow_keeps_items_whole_within_the_width() -> None:
    """Items join on one line while they fit exactly; the separator's space stays between."""
    from backcoach import render

    assert render.flow(["ab", "cd", "ef"], 7).plain == "ab, cd,\nef"
    assert render.flow(["ab", "cd", "ef"], 6).plain == "ab,\ncd, ef"
    assert render.flow(["ab", "cd", "ef"], 5).plain == "ab,\ncd,\nef"
    assert render.flow(["ab", "cd", "ef"], 10).plain == "ab, cd, ef"
    assert render.flow(["ab", "cd"], 7, " · ").plain == "ab · cd"
    assert render.flow(["ab", "cd"], 6, " · ").plain == "ab ·\ncd"
    assert render.flow(["ab", "cd"], 5, "+").plain == "ab+cd"
    assert render.flow(["ab", "cd"], 4, "+").plain == "ab+\ncd"
    assert render.flow(["ab", "cd"], 5, "+").style == ""
    assert render.flow(["a"], 1, style="dim").style == "dim"
    assert render.flow([], 10).plain == ""
    assert render.flow(["日本", "語"], 7).plain == "日本,\n語"


# -- history -------------------------------------------------------------------------


def session(day: str, stretches, status="finished", minutes=12.0, pain=(None, None), n=1):  # type: ignore[no-untyped-def]
    """A session as the history reads it back."""
    import datetime as dt

    from backcoach.history.records import SessionRecord

    started = dt.datetime.fromisoformat(day)
    ended = started + dt.timedelta(minutes=minutes)
    return SessionRecord(n, started, ended, status, tuple(stretches), pain[0], pain[1])


def report(sessions, today="2026-11-30", recent=10):  # type: ignore[no-untyped-def]
    """The history report on `today`."""
    import datetime as dt

    from backcoach.history import summary

    return summary.build(sessions, dt.date.fromisoformat(today), recent=recent)


DONE = [("spine-stretch", "done"), ("bridge", "done")]


def sessions():  # type: ignore[no-untyped-def]
    """Two months of practice: every count from 0 to 9 stretches done in a day, pain, a stop."""
    many = [(f"s{i}", "done") for i in range(9)]
    return [
        session("2026-10-05T07:00", many[:1], pain=(5, None)),
        session("2026-10-14T07:00", many[:3], minutes=7.4),
        session("2026-10-20T07:00", many[:4], pain=(None, 3)),
        session("2026-10-27T07:00", many[:7]),
        session("2026-11-03T07:00", many[:8], pain=(10, 0)),
        session("2026-11-10T07:00", many[:9]),
        session("2026-11-16T07:00", [], status="quit", minutes=1),
        session("2026-11-28T07:05", DONE, pain=(4, 2)),
        session(
            "2026-11-29T18:30",
            [("bridge", "done"), ("bird-dog", "skipped"), ("hip-stretch", "painful")],
            status="quit",
            minutes=9.6,
        ),
        session("2026-11-30T06:45", [*DONE, ("bird-dog", "done")], pain=(2, None)),
    ]


def test_history_page_is_the_stored_one(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Calendar, streak, week and month, pain sparklines, holds and recent sessions."""
    import datetime as dt

    from backcoach import render
    from backcoach.history.records import Hold

    monkeypatch.setenv("COLUMNS", "100")
    holds = {
        "hip-stretch": Hold("hip-stretch", dt.datetime(2026, 11, 29, 18, 40), "sharp\x1b[2J pain"),
        "gone": Hold("gone", dt.datetime(2026, 3, 1, 9, 0), "no longer in the catalogue"),
    }
    names = {"hip-stretch": "Hip stretch"}
    out = printed(capsys, render.history_page, report(sessions()), holds, names)
    matches_snapshot("history-100.txt", out)


def test_history_page_folds_older_and_empty_sessions(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Only the latest sessions are listed; the line under them says what was left out."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "100")
    out = printed(capsys, render.history_page, report(sessions(), recent=3), {}, {})
    matches_snapshot("history-recent-3.txt", out)


def test_history_page_with_only_empty_sessions(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Sessions with nothing done: the calendar and a note, no table of sessions."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "100")
    empty = [session("2026-11-30T07:00", [("bridge", "skipped")], status="quit")]
    out = printed(capsys, render.history_page, report(empty), {}, {})
    lines = out.splitlines()
    assert lines[-4:] == [
        "Streak: 0 days · longest 0",
        "This week: 0 sessions, 0 min · this month: 0 sessions, 0 min",
        "",
        "Not shown: 1 session with no stretch done. `backcoach history --all` shows every session.",
    ]
    assert "Date" not in out
    none = printed(capsys, render.history_page, report([]), {}, {})
    assert none == "No sessions yet. Start one with `backcoach session`.\n"


def test_every_session_is_listed_when_asked(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """`history --all`: every session, those with nothing done dimmed and said so."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "100")
    out = printed(capsys, render.history_page, report(sessions()[5:7], recent=None), {}, {})
    assert out.splitlines()[-3:] == [
        "Date         Time  Min  Done  Skipped  Painful  Pain  Status",
        "Mon 16 Nov  07:00    1     0        0  —              quit, nothing done",
        "Tue 10 Nov  07:00   12     9        0  —              finished",
    ]


def test_folded_line_counts_in_words() -> None:
    """One or more older sessions, and sessions with nothing done, each counted in words."""
    from backcoach import render

    assert render.folded_line(0, 0) is None
    tail = ". `backcoach history --all` shows every session."
    assert render.folded_line(1, 0) == "Not shown: 1 older session" + tail
    assert render.folded_line(2, 1) == (
        "Not shown: 2 older sessions and 1 session with no stretch done" + tail
    )
    assert render.folded_line(0, 3) == "Not shown: 3 sessions with no stretch done" + tail


def test_sparkline_scales_pain_to_eight_bars() -> None:
    """Pain 0 is the lowest bar, 10 the highest, a missing answer a space."""
    from backcoach import render

    line = render.sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None, 11])
    assert line.plain == "▁▂▂▃▄▅▅▆▇▇█ █"


def test_no_history_names_the_file_it_looked_for(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before any session, the page says where it looked, control characters made visible."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "200")
    out = printed(capsys, render.no_history, "/tmp/x\x1by/history.sqlite3")
    assert out == (
        "No sessions yet: there is no history at /tmp/x\\x1by/history.sqlite3. "
        "Start one with `backcoach session`.\n"
    )


# -- routines and settings -----------------------------------------------------------


def test_routine_table_is_the_stored_one(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Each routine's stretches, whole minutes (at least 1) and origin; a broken one says why."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "100")
    rows = [
        {"name": "full", "from": "built-in", "stretches": ["a", "b"], "estimated_seconds": 1530},
        {"name": "tiny", "from": "built-in", "stretches": ["bridge"], "estimated_seconds": 29},
        {"name": "half", "from": "/r/half.yaml", "stretches": ["x"], "estimated_seconds": 90},
        {
            "name": "odd\x1b",
            "from": "/r/\x07.yaml",
            "stretches": ["y\x1b"],
            "estimated_seconds": 150,
        },
        {"name": "bad\x1b", "from": "/r/bad\x1b.yaml", "error": "line 2: no \x1bname"},
    ]
    matches_snapshot("routines-100.txt", printed(capsys, render.routine_table, rows))


def test_routines_command_lists_the_built_in_ones(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`routines`: full and quick, their stretches and minutes, built in."""
    monkeypatch.setenv("COLUMNS", "120")
    lines = [line.rstrip() for line in page("routines").splitlines()]
    assert lines[0].split() == ["Routine", "Stretches", "Min", "From"]
    assert lines[1].startswith("full     spine-stretch, hip-stretch, bottom-stretch, leg-stretch,")
    assert lines[-1].split() == ["quick", "spine-stretch,", "lower-back-stretch", "5", "built-in"]


class Settings:
    """Settings as config.load() gives them: values, their sources and the file's path."""

    def __init__(self, values: dict[str, object], path: Path) -> None:
        self.values = values
        self.sources = {
            name: f"src\x1b {name}" if name == "routine" else "default" for name in values
        }
        self.path = path

    def __getitem__(self, name: str) -> object:
        return self.values[name]


SETTINGS = {
    "level": "gentle",
    "routine": "qu\x1bick",
    "sound": "tones",
    "voice": True,
    "speech_command": None,
    "checkin": False,
    "figure": True,
    "get_ready_seconds": None,
    "rest_seconds": 12.5,
    "catalogue": None,
}


def test_settings_table_is_the_stored_one(monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each setting's value (true/false, — when unset, the catalogue's seconds) and source."""
    from backcoach import config, render

    monkeypatch.setenv("COLUMNS", "100")
    settings = Settings(SETTINGS, Path("/nowhere/config\x1b.toml"))
    out = printed(capsys, render.settings_table, settings, config.SPECS)
    matches_snapshot("settings-100.txt", out)
    written = tmp_path / "config.toml"
    written.write_text("", encoding="utf-8")
    out = printed(capsys, render.settings_table, Settings(SETTINGS, written), config.SPECS)
    assert out.splitlines()[-1] == f"Config file: {written}"


# -- JSON and words --------------------------------------------------------------------


def test_json_escapes_what_could_rewrite_a_terminal(capsys) -> None:  # type: ignore[no-untyped-def]
    """C0 and C1 controls, bidi marks and overrides, lone surrogates are escaped; the rest kept."""
    from backcoach import describe

    text = "a\x1bb\x7f\x85\x9f\u061c\u200e\u200f\u2028\u202e\u2066\u2069\ud800é—·"
    describe.print_json({"t": text, "n": [1, None]})
    out = capsys.readouterr().out
    assert out == (
        '{\n  "t": "a\\u001bb\\u007f\\u0085\\u009f\\u061c\\u200e\\u200f\\u2028\\u202e'
        '\\u2066\\u2069\\ud800é—·",\n  "n": [\n    1,\n    null\n  ]\n}\n'
    )
    describe.print_json("\u2027\u2030\u2065\u206a\u200d\xa0~")
    assert capsys.readouterr().out == '"\u2027\u2030\u2065\u206a\u200d\xa0~"\n'


def test_words_for_doses_minutes_and_clocks() -> None:
    """Plain words: ranges with an en dash, minutes rounded, clocks m:ss."""
    from backcoach import describe

    assert [describe.minutes(s) for s in (0, 44.5, 59.4, 59.6, 60, 89, 91, 1530)] == [
        "0 s",
        "44 s",
        "59 s",
        "60 s",
        "1 min",
        "1 min",
        "2 min",
        "26 min",
    ]
    assert [describe.clock(s) for s in (0, 59.9, 60, 65, 750, 3600)] == [
        "0:00",
        "0:59",
        "1:00",
        "1:05",
        "12:30",
        "60:00",
    ]


def test_timeline_json_and_fit_notice_after_fitting() -> None:
    """--minutes: the JSON says what was shortened and left out; the notice says it in words."""
    from backcoach import describe

    plan, _ = full_timeline(minutes=6)
    document = describe.timeline_json(plan)
    assert document["total_seconds"] == sum(p.seconds for p in plan.phases)
    assert document["total_seconds"] == plan.total_seconds
    assert document["fit"] == {
        "minutes": 6,
        "shortened": list(plan.trimmed),
        "left_out": [{"id": o.stretch_id, "reason": o.reason} for o in plan.left_out],
    }
    assert plan.left_out and plan.trimmed
    first = plan.phases[0]
    assert document["phases"][0] == {
        "stretch": first.stretch_id,
        "side": first.side,
        "rep": first.rep,
        "kind": first.kind,
        "seconds": first.seconds,
        "cue": first.cue,
    }
    assert len(document["phases"]) == len(plan.phases)
    matches_snapshot("fit-notice-6.txt", describe.fit_notice(plan) + "\n")
    whole, _ = full_timeline()
    assert describe.timeline_json(whole)["fit"] is None


def test_fit_notice_groups_what_was_left_out_by_reason() -> None:
    """Stretches left out for one reason are named together, each reason once, in order."""
    from dataclasses import replace

    from backcoach import describe
    from backcoach.session.fitting import LeftOut

    plan, _ = full_timeline()
    fitted = replace(
        plan,
        fitted_to=7.5,
        trimmed=("bridge 10 → 8 reps", "bird-dog hold 7 → 5 s"),
        left_out=(LeftOut("a", "done most recently"), LeftOut("b", "long"), LeftOut("c", "long")),
    )
    assert describe.fit_notice(fitted).splitlines() == [
        "Shortened to fit 7.5 minutes: bridge 10 → 8 reps; bird-dog hold 7 → 5 s.",
        "Left out today, as not all fit in 7.5 minutes even at the source's lowest doses: "
        "a (done most recently); b, c (long). What is left out today comes first next time.",
    ]
    only_trimmed = replace(fitted, left_out=())
    assert describe.fit_notice(only_trimmed) == (
        "Shortened to fit 7.5 minutes: bridge 10 → 8 reps; bird-dog hold 7 → 5 s."
    )
    assert describe.fit_notice(replace(fitted, trimmed=())).startswith("Left out today, as not")


# -- in colour -------------------------------------------------------------------------
# The same pages in a colour terminal: bold, dim and each colour are part of what is read.


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """A true-colour terminal 100 columns wide."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.mark.usefixtures("colour")
def test_pages_in_colour_are_the_stored_ones(routine: str) -> None:
    """`show`, `list` (one on hold) and a routine's `list`, with their styles."""
    matches_snapshot("colour-show-bird-dog.ansi", page("show", "bird-dog"))
    matches_snapshot("colour-show-hip-mine.ansi", page("show", "hip", "--routine", routine))
    assert invoke("hold", "bridge", "--reason", "sore knee").exit_code == 0
    matches_snapshot("colour-list.ansi", page("list"))
    matches_snapshot("colour-list-mine.ansi", page("list", "--routine", routine))


@pytest.mark.usefixtures("colour")
def test_session_pages_in_colour_are_the_stored_ones(capsys) -> None:  # type: ignore[no-untyped-def]
    """The note, the intro, and a stopped session's summary, with their styles."""
    from backcoach import render
    from backcoach.history.streaks import Streak

    plan, catalogue = full_timeline()
    out = printed(capsys, render.medical_note, catalogue.advice)
    out += printed(capsys, render.session_intro, plan, "standard")
    outcomes = [("spine-stretch", "done"), ("hip-stretch", "skipped"), ("bridge", "painful")]
    stopped = result("quit", outcomes, 605, 61.5, ["bird-dog"])
    out += printed(capsys, render.summary, render.Ending(stopped, plan, catalogue, Streak(2, 5)))
    done = result("finished", [("bridge", "done")], 65)
    out += printed(capsys, render.summary, render.Ending(done, plan, catalogue, pain_before=1))
    matches_snapshot("colour-session.ansi", out)


@pytest.mark.usefixtures("colour")
def test_history_and_tables_in_colour_are_the_stored_ones(capsys) -> None:  # type: ignore[no-untyped-def]
    """History (calendar shades, holds, a session with nothing done), routines and settings."""
    import datetime as dt

    from backcoach import config, render
    from backcoach.history.records import Hold

    holds = {"bridge": Hold("bridge", dt.datetime(2026, 11, 29, 18, 40), "sore")}
    out = printed(capsys, render.history_page, report(sessions(), recent=None), holds, {})
    rows = [
        {"name": "full", "from": "built-in", "stretches": ["a", "b"], "estimated_seconds": 1530},
        {"name": "bad", "from": "/r/bad.yaml", "error": "line 2: no name"},
    ]
    out += printed(capsys, render.routine_table, rows)
    settings = Settings(SETTINGS, Path("/nowhere/config.toml"))
    out += printed(capsys, render.settings_table, settings, config.SPECS)
    matches_snapshot("colour-history-tables.ansi", out)


# -- edges a page at its usual size does not reach --------------------------------------


def test_calendar_never_overlaps_month_names(capsys) -> None:  # type: ignore[no-untyped-def]
    """A month that starts the week after the first column's gets no name over the other's."""
    from backcoach import render

    calendar = render.calendar(report([], today="2026-11-16")).plain.splitlines()
    assert calendar[0] == "     Aug       Oct     Nov"
    assert calendar[1] == "Mon  " + "· " * 12
    assert calendar[-1] == "     less ·▒▓█ more (stretches done)"
    wide = render.calendar(report([], today="2026-11-23")).plain.splitlines()
    assert wide[0] == "     Sep     Oct     Nov"


def test_summary_room_for_names_is_at_least_twenty_columns(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """In a window narrower than the labels leave room for, names still get 20 columns."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "30")
    plan, catalogue = full_timeline()
    done = result("finished", [("spine-stretch", "done"), ("bridge", "done")])
    out = printed(capsys, render.summary, render.Ending(done, plan, catalogue))
    assert out.splitlines()[2:4] == ["Done (2)     Spine stretch,", "             Bridge"]
    monkeypatch.setenv("COLUMNS", "34")
    out = printed(capsys, render.summary, render.Ending(done, plan, catalogue))
    assert out.splitlines()[2] == "Done (2)     Spine stretch, Bridge"
    monkeypatch.setenv("COLUMNS", "33")
    out = printed(capsys, render.summary, render.Ending(done, plan, catalogue))
    assert out.splitlines()[2:4] == ["Done (2)     Spine stretch,", "             Bridge"]


def test_overview_measures_its_table_whatever_the_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The width asked for decides, even when the terminal itself is narrower."""
    from backcoach import render

    plan, _ = full_timeline()
    monkeypatch.setenv("COLUMNS", "30")
    assert render._natural_width(render.overview(plan, 40)) == 50
    assert render._natural_width(render.overview(plan, 61)) == 61


def test_list_of_a_routine_counts_its_own_rests_and_at_least_a_minute(tmp_path: Path) -> None:
    """The footer counts the routine's rests; a stretch under half a minute still shows 1."""
    path = tmp_path / "rests.yaml"
    text = "name: rests\nrest_seconds: {rest}\nstretches:\n  - id: pelvic-tilts\n    reps: 1\n"
    text += "  - id: bridge\n    reps: 1\n  - id: spine-stretch\n    reps: 2\n"
    path.write_text(text.format(rest=120), encoding="utf-8")
    slow = page("list", "--routine", str(path)).splitlines()
    assert slow[-1] == "This routine: 3 stretches, about 5 min, rests included."
    assert slow[1].split()[-1] == "1"
    path.write_text(text.format(rest=0), encoding="utf-8")
    quick = page("list", "--routine", str(path)).splitlines()
    assert quick[-1] == "This routine: 3 stretches, about 1 min, rests included."


def test_tables_at_40_columns_keep_names_whole(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """In a narrow window setting and routine names stay whole; the other columns wrap."""
    from backcoach import config, render

    monkeypatch.setenv("COLUMNS", "40")
    settings = Settings(SETTINGS, Path("/nowhere/config.toml"))
    out = printed(capsys, render.settings_table, settings, config.SPECS)
    rows = [
        {
            "name": "mornings-long",
            "from": "/home/me/routines/mornings-long.yaml",
            "stretches": ["spine-stretch", "lower-back-stretch"],
            "estimated_seconds": 300,
        },
    ]
    out += printed(capsys, render.routine_table, rows)
    matches_snapshot("tables-40.txt", out)


def test_one_second_paused_and_one_day_of_streak_are_said(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A pause of a whole second is shown; a streak of one day is 'day', on both pages."""
    from backcoach import render

    monkeypatch.setenv("COLUMNS", "100")
    plan, catalogue = full_timeline()
    paused = render.Ending(result("quit", [], 90, 1.0), plan, catalogue)
    assert printed(capsys, render.summary, paused).splitlines()[0] == (
        "Session stopped · 1:30 spent (0:01 paused)"
    )
    today = [session("2026-11-30T07:00", DONE)]
    lines = printed(capsys, render.history_page, report(today), {}, {}).splitlines()
    assert "Streak: 1 day · longest 1" in lines
    two = [session("2026-11-29T07:00", DONE), session("2026-11-30T07:00", DONE)]
    lines = printed(capsys, render.history_page, report(two), {}, {}).splitlines()
    assert "Streak: 2 days · longest 2" in lines
