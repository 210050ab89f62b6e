"""The history file: set aside once, error wording, liveness, each migration, the checks."""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from backcoach.history import aggregates, checks, liveness, migrations, store
from backcoach.history.checks import HistoryError
from backcoach.history.migrations import LATEST, migrate
from backcoach.history.store import History, HistoryRecorder, why_unusable
from helpers import dead_pid

START = dt.datetime(2026, 11, 2, 7, 30, tzinfo=dt.UTC)


class Clock:
    def __init__(self, at: dt.datetime = START) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def aside(path: Path, why: str) -> str:
    return (
        f"{path}: the history failed while in use ({why}). It is set aside: "
        "nothing more is recorded in it during this run, and it was not changed further."
    )


# -- set aside ------------------------------------------------------------------


def test_a_history_set_aside_is_said_once_and_refused_after(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole warning once on stderr; a second handle set aside says nothing more."""
    first = History.open(path)
    second = History.open(path)
    first.set_aside("OSError: boom")
    assert first.failed == aside(path, "OSError: boom")
    assert capsys.readouterr().err == f"Warning: {aside(path, 'OSError: boom')}\n"
    second.set_aside("OSError: again")
    assert capsys.readouterr().err == ""
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    assert str(raised.value) == aside(path, "OSError: boom")
    assert raised.value.said is True
    assert first.start_session() is None  # set aside: nothing more is written
    assert first.on_hold() == {} and first.sessions() == []
    assert first.hold("bridge", "x") is False and first.resume("bridge") is False


def test_a_history_failing_during_a_session_is_said_at_the_end(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """While a session runs nothing is printed over it; the recorder knows why it failed."""
    history = History.open(path, now=Clock())
    session_id = history.start_session()
    recorder = HistoryRecorder(history, session_id)
    assert recorder.failed is None
    recorder.stretch_ended("bridge", "done")
    os.replace(path, path.with_name("moved"))  # the file replaced under us
    path.write_bytes(b"")
    recorder.session_ended("quit")
    why = "OSError: the file was deleted or replaced while in use"
    assert recorder.failed == aside(path, why)
    assert capsys.readouterr().err == ""


def test_a_recorder_keeps_only_a_failure_of_its_own_session(path: Path) -> None:
    """A history set aside before the session started is not this session's failure."""
    history = History.open(path)
    history.set_aside("OSError: before")
    recorder = HistoryRecorder(history, None)
    recorder.stretch_ended("bridge", "done")  # no session: nothing written, nothing raised
    assert recorder.failed is None


def test_recorder_writes_each_event_of_its_session(path: Path) -> None:
    """Stretch outcomes and the session's end reach the file as they happen."""
    history = History.open(path, now=Clock())
    session_id = history.start_session(level="gentle", routine="physio", pain_before=4)
    recorder = HistoryRecorder(history, session_id)
    assert history.say_at_once is False
    recorder.stretch_ended("bridge", "done")
    recorder.stretch_ended("bird-dog", "skipped")
    recorder.session_ended("finished")
    [session] = history.sessions()
    assert session.stretches == (("bridge", "done"), ("bird-dog", "skipped"))
    assert (session.status, session.level, session.routine) == ("finished", "gentle", "physio")
    assert session.pain_before == 4


def test_warning_survives_a_stderr_that_cannot_be_written(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed or broken stderr does not turn a set-aside history into a crash."""

    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("broken pipe")

    monkeypatch.setattr(sys, "stderr", Broken())
    History.open(path).set_aside("OSError: x")  # no exception


def test_warning_is_flushed_at_once(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warning is pushed out at once, not left in a buffer."""

    class Buffered(io.StringIO):
        flushed = ""

        def flush(self) -> None:
            self.flushed = self.getvalue()

    err = Buffered()
    monkeypatch.setattr(sys, "stderr", err)
    History.open(path).set_aside("OSError: x")
    assert err.flushed == f"Warning: {aside(path, 'OSError: x')}\n"


def test_a_refused_file_is_refused_again_as_said(path: Path) -> None:
    """A newer history: the first refusal is to be said, the second is already said."""
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(HistoryError) as first:
        History.open(path)
    assert first.value.said is False
    with pytest.raises(HistoryError) as second:
        History.open(path)
    assert second.value.said is True
    assert str(second.value) == str(first.value)


# -- why a history cannot be used ----------------------------------------------


def test_read_only_in_words_and_a_bare_file_name() -> None:
    """'read-only' in the error's words; a file named without a folder is in '.'."""
    error = sqlite3.OperationalError("file is read-only")
    assert why_unusable("history.sqlite3", error) == (
        "history.sqlite3: cannot write to the history (file is read-only): the file or its "
        "folder . is read-only or not yours; check their permissions"
    )


def test_opening_errors_name_the_file_and_the_cause(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock met while migrating, and SQLite refusing to open, each in their own words."""

    def locked(db: sqlite3.Connection) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "migrate", locked)
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    assert str(raised.value) == (
        f"{path}: the history is locked by another program (database is locked); try again"
    )
    other = path.with_name("other.sqlite3")

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("no luck")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(HistoryError) as raised:
        History.open(other)
    assert str(raised.value) == f"{other}: cannot open the history (no luck)"


def test_a_history_whose_folder_is_a_file_cannot_be_created(tmp_path: Path) -> None:
    """The folder is a file: said plainly, nothing created."""
    (tmp_path / "data").write_text("")
    path = tmp_path / "data" / "history.sqlite3"
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    assert str(raised.value).startswith(f"{path}: cannot create the history (")
    assert str(raised.value).endswith("); check that its folder is a folder you can write to")
    assert "None" not in str(raised.value)


def test_open_without_create_raises_file_not_found(path: Path) -> None:
    """Reading a history that does not exist creates nothing."""
    with pytest.raises(FileNotFoundError):
        History.open(path, create=False)
    assert not path.parent.exists()


def test_an_up_to_date_history_opened_to_read_is_not_checked_whole(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading an up-to-date history skips the whole-file check; writing or migrating does it."""
    History.open(path).close()
    checked: list[str] = []
    monkeypatch.setattr(store, "check_whole", lambda db, p: checked.append(p))
    History.open(path, create=False).close()
    assert checked == []
    History.open(path).close()
    assert checked == [str(path)]
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 4")
    db.execute("DROP TABLE session_doses")
    db.execute("DROP INDEX stretches_done")
    db.close()
    History.open(path, create=False).close()
    assert checked == [str(path), str(path)]


def test_an_open_history_is_safe_to_share(path: Path) -> None:
    """WAL, full sync, a ten-second wait for a lock, and foreign keys enforced."""
    history = History.open(path)
    db = history.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    history.close()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")


def test_default_path_is_in_backcoach_home() -> None:
    """The history lives in BACKCOACH_HOME as history.sqlite3."""
    home = os.environ["BACKCOACH_HOME"]
    assert store.default_file_name() == os.path.join(home, "history.sqlite3")
    assert store.default_path() == Path(home) / "history.sqlite3"


# -- writing and reading ------------------------------------------------------


def test_the_nudge_state_has_the_last_day_and_its_streak(path: Path) -> None:
    """After a stretch is done: the day and the streak, private, no temporary file left."""
    clock = Clock()
    history = History.open(path, now=clock)
    for day in range(3):
        clock.at = START + dt.timedelta(days=day)
        session_id = history.start_session()
        history.record_stretch(session_id, "bridge", "skipped")
        assert not (path.parent / "nudge-state").exists() or day
        history.record_stretch(session_id, "bridge", "done")
    state = path.parent / "nudge-state"
    assert state.read_text() == "2026-11-04 3\n"
    assert state.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix == ".tmp") == []
    history.close()
    assert state.stat().st_mtime_ns >= path.stat().st_mtime_ns


def test_a_stretch_recorded_twice_is_amended_not_doubled(path: Path) -> None:
    """Done, then painful in the rest after it: one row, the latest outcome, and a hold."""
    history = History.open(path, now=Clock())
    session_id = history.start_session()
    history.record_stretch(session_id, "bridge", "done")
    history.record_stretch(session_id, "bridge", "painful")
    assert history.sessions()[0].stretches == (("bridge", "painful"),)
    hold = history.on_hold()["bridge"]
    assert (hold.stretch_id, hold.since, hold.reason) == ("bridge", START, "it hurt")


def test_doses_are_kept_per_stretch_the_latest_winning(path: Path) -> None:
    """(id, reps, hold, only side, prescribed) as planned; planned again replaces."""
    history = History.open(path, now=Clock())
    session_id = history.start_session()
    history.record_doses(session_id, [("bridge", 10, 5, None, True), ("hip", 2, 25, "left", False)])
    history.record_doses(session_id, [("bridge", 12, None, None, False)])
    rows = history.db.execute(
        "SELECT stretch_id, reps, hold_seconds, sides, prescribed FROM session_doses ORDER BY 1"
    ).fetchall()
    assert rows == [("bridge", 12, None, None, 0), ("hip", 2, 25, "left", 0)]


def test_hold_and_resume_say_whether_anything_changed(path: Path) -> None:
    """Hold twice: the second is refused; resume twice: the second finds nothing."""
    history = History.open(path, now=Clock())
    assert history.hold("bridge", "sore") is True
    assert history.hold("bridge", "again") is False
    assert history.on_hold()["bridge"].reason == "sore"
    assert history.resume("bridge") is True
    assert history.resume("bridge") is False
    assert history.on_hold() == {}


def test_a_hold_with_an_unreadable_date_still_holds_dated_now(path: Path) -> None:
    """Better a wrong date than a painful stretch back in the routine."""
    history = History.open(path, now=Clock())
    history.db.execute("INSERT INTO holds (stretch_id, since, reason) VALUES (7, 'soon', 'x')")
    assert history.on_hold()["7"].since == START
    assert history.on_hold()["7"].stretch_id == "7"


def test_sessions_since_a_day_and_rows_that_cannot_be_read(path: Path) -> None:
    """Only sessions from that day on; damaged rows are skipped and counted."""
    clock = Clock()
    history = History.open(path, now=clock)
    for day in range(3):
        clock.at = START + dt.timedelta(days=day)
        history.end_session(history.start_session(), "finished")
    history.db.execute("UPDATE sessions SET started_at = 'never' WHERE id = 3")
    assert [s.id for s in history.sessions()] == [1, 2]
    assert history.skipped == 1
    assert [s.id for s in history.sessions(dt.date(2026, 11, 3))] == [2]
    assert history.skipped == 1
    history.db.execute("UPDATE sessions SET started_at = '2026-11-04T07:30:00+00:00' WHERE id = 3")
    assert [s.id for s in history.sessions(dt.date(2026, 11, 3))] == [2, 3]
    assert history.skipped == 0


def test_recently_done_lists_the_latest_first_once_each(path: Path) -> None:
    """Done bridge, hip, bridge; hip only skipped later: bridge, then hip."""
    history = History.open(path, now=Clock())
    session_id = history.start_session()
    for stretch_id in ("bridge", "hip", "cat"):
        history.record_stretch(session_id, stretch_id, "done")
    other = history.start_session()
    history.record_stretch(other, "bridge", "done")
    history.record_stretch(other, "cat", "skipped")
    assert history.recently_done() == ["bridge", "cat", "hip"]


def test_pain_after_is_kept_once_and_end_only_ends_a_running_session(path: Path) -> None:
    """The first answer after stays; a session already ended keeps its status."""
    clock = Clock()
    history = History.open(path, now=clock)
    session_id = history.start_session(pain_before=6)
    history.set_pain_after(session_id, 3)
    history.set_pain_after(session_id, 9)
    history.end_session(session_id, "quit")
    clock.at = START + dt.timedelta(minutes=5)
    history.end_session(session_id, "finished")
    [session] = history.sessions()
    assert (session.pain_before, session.pain_after, session.status) == (6, 3, "quit")
    assert session.ended_at == START


def dead_session(history: History, started: dt.datetime, **row: object) -> int:
    columns = {"host": liveness.host(), "pid": dead_pid(), "process_start": None, **row}
    cursor = history.db.execute(
        "INSERT INTO sessions (started_at, host, pid, process_start) VALUES (?, ?, ?, ?)",
        (
            started.isoformat(timespec="seconds"),
            columns["host"],
            columns["pid"],
            columns["process_start"],
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def test_sessions_left_running_by_a_dead_process_are_counted_and_ended(path: Path) -> None:
    """Two dead sessions: both interrupted, at their last stretch or at their start."""
    clock = Clock()
    history = History.open(path, now=clock)
    first = dead_session(history, START - dt.timedelta(hours=1))
    history.db.execute(
        "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
        "VALUES (?, 'bridge', 'done', '2026-11-02T06:40:00+00:00')",
        (first,),
    )
    dead_session(history, START - dt.timedelta(minutes=30))
    live = history.db.execute(
        "INSERT INTO sessions (started_at, host, pid, process_start) VALUES (?, ?, ?, ?)",
        (START.isoformat(), liveness.host(), os.getpid(), liveness.process_start()),
    ).lastrowid
    assert history.mark_interrupted() == 2
    rows = history.db.execute("SELECT id, status, ended_at FROM sessions ORDER BY id").fetchall()
    assert rows == [
        (first, "interrupted", "2026-11-02T06:40:00+00:00"),
        (first + 1, "interrupted", "2026-11-02T07:00:00+00:00"),
        (live, "running", None),
    ]
    assert history.mark_interrupted() == 0


def test_a_read_only_history_shows_dead_sessions_interrupted(path: Path) -> None:
    """When the file cannot be written, reading still shows the dead session as interrupted."""
    history = History.open(path, now=Clock())
    session_id = dead_session(history, START - dt.timedelta(hours=1))
    history.db.execute(
        "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
        "VALUES (?, 'bridge', 'done', '2026-11-02T06:40:00+00:00')",
        (session_id,),
    )
    history.close()
    os.chmod(path, 0o444)
    reader = History(sqlite3.connect(f"file:{path}?mode=ro", uri=True), path, now=Clock())
    [session] = reader.sessions()
    assert session.status == "interrupted"
    assert session.ended_at == START - dt.timedelta(hours=1)
    [latest] = aggregates.build(reader, START.date()).recent
    assert (latest.status, latest.ended_at) == ("interrupted", START - dt.timedelta(hours=1))
    assert reader.failed is None


# -- liveness -------------------------------------------------------------------


def test_process_start_is_the_boot_and_the_start_tick() -> None:
    """'BOOT-ID:TICKS' for this process, read from /proc; None for a pid that is gone."""
    boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    stat = Path(f"/proc/{os.getpid()}/stat").read_bytes()
    ticks = int(stat[stat.rindex(b")") + 2 :].split()[19])
    assert liveness.process_start() == f"{boot}:{ticks}"
    assert liveness.process_start(os.getpid()) == f"{boot}:{ticks}"
    assert liveness.process_start(1) != liveness.process_start()
    assert liveness.process_start(dead_pid()) is None


def test_alive_only_for_a_real_pid(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pid, zero, a negative or huge pid, or a dead one: not alive; this process: alive."""
    assert liveness.alive(os.getpid()) is True
    for pid in (None, 0, -1, -os.getpid(), 2**70, dead_pid()):
        assert liveness.alive(pid) is False, pid

    def forbidden(pid: int, signal: int) -> None:
        raise PermissionError

    monkeypatch.setattr(os, "kill", forbidden)
    assert liveness.alive(4242) is True  # another user's process is still a process


def test_gone_knows_a_dead_pid_and_a_reused_one() -> None:
    """Same host: dead pid or another start time is gone; this process with its start is not."""
    now = START
    recent = now.isoformat(timespec="seconds")
    me, mine = os.getpid(), liveness.process_start()
    here = liveness.host()
    assert liveness.gone(here, dead_pid(), mine, recent, now) is True
    assert liveness.gone(here, me, mine, recent, now) is False
    assert liveness.gone(here, me, "another-boot:1", recent, now) is True
    assert liveness.gone(here, me, None, recent, now) is False


def test_another_hosts_session_is_gone_after_twelve_hours() -> None:
    """Exactly twelve hours old is still running; a second more is gone."""
    now = START
    twelve = (now - dt.timedelta(hours=12)).isoformat(timespec="seconds")
    older = (now - dt.timedelta(hours=12, seconds=1)).isoformat(timespec="seconds")
    assert liveness.gone("elsewhere", 1, "x:1", twelve, now) is False
    assert liveness.gone("elsewhere", 1, "x:1", older, now) is True
    assert liveness.gone(None, None, None, older, now) is True


# -- migrations -------------------------------------------------------------------


def schema(db: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (kind, name)
        for kind, name in db.execute("SELECT type, name FROM sqlite_master")
        if not name.startswith("sqlite_")
    }


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


STEPS = {
    1: {("table", "sessions"), ("table", "session_stretches")},
    2: {("table", "holds"), ("index", "holds_active")},
    3: {("index", "sessions_started"), ("index", "stretches_session")},
    4: set(),
    5: {("table", "session_doses"), ("index", "stretches_done")},
}


@pytest.mark.parametrize("start", range(LATEST))
def test_each_migration_from_each_earlier_version(tmp_path: Path, start: int) -> None:
    """From version `start`, each step adds exactly its own tables, indexes and columns."""
    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert migrate(db, start) == start
    expected: set[tuple[str, str]] = set().union(*(STEPS[n] for n in range(1, start + 1)))
    assert schema(db) == expected
    for number in range(start + 1, LATEST + 1):
        assert migrate(db, number) == number
        assert db.execute("PRAGMA user_version").fetchone()[0] == number
        expected |= STEPS[number]
        assert schema(db) == expected
        if number >= 1:
            assert ("process_start" in columns(db, "sessions")) == (number >= 4)
    assert columns(db, "session_doses") == [
        "session_id",
        "stretch_id",
        "reps",
        "hold_seconds",
        "sides",
        "prescribed",
    ]
    assert migrate(db, 2) == LATEST  # never backwards
    db.close()


DOSES = "INSERT INTO session_doses (session_id, stretch_id, reps"


def test_migrated_schema_enforces_its_rules(tmp_path: Path) -> None:
    """Statuses, pain from 0 to 10, one active hold per stretch, doses at least one rep."""
    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    migrate(db)
    db.execute("INSERT INTO sessions (started_at) VALUES ('2026-01-01T07:00:00+00:00')")
    assert db.execute("SELECT status FROM sessions").fetchone()[0] == "running"
    for bad in (
        "INSERT INTO sessions (started_at, status) VALUES ('x', 'paused')",
        "INSERT INTO sessions (started_at, pain_before) VALUES ('x', 11)",
        "INSERT INTO sessions (started_at, pain_after) VALUES ('x', -1)",
        "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
        "VALUES (1, 'a', 'meh', 'x')",
        f"{DOSES}) VALUES (1, 'a', 0)",
        f"{DOSES}, hold_seconds) VALUES (1, 'a', 1, 0)",
        f"{DOSES}, prescribed) VALUES (1, 'a', 1, 2)",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(bad)
    db.execute("INSERT INTO session_doses (session_id, stretch_id, reps) VALUES (1, 'a', 1)")
    assert db.execute("SELECT prescribed FROM session_doses").fetchone()[0] == 0
    db.execute("INSERT INTO holds (stretch_id, since, reason) VALUES ('a', 'x', 'y')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO holds (stretch_id, since, reason) VALUES ('a', 'x', 'z')")
    db.execute("UPDATE holds SET resumed_at = 'x'")
    db.execute("INSERT INTO holds (stretch_id, since, reason) VALUES ('a', 'x', 'z')")
    db.close()


def test_a_failing_step_is_rolled_back_and_the_error_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 3 fails: the file stays at version 2 with nothing of step 3, open to go on later."""

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE INDEX sessions_started ON sessions (started_at)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:2], broken, *migrations.MIGRATIONS[3:])
    )
    db = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        migrate(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert ("index", "sessions_started") not in schema(db)
    assert not db.in_transaction
    db.close()


# -- checks at open ---------------------------------------------------------------


def made(path: Path, version: int, *sql: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for statement in sql:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    return path


def refusal(path: Path) -> str:
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    return str(raised.value)


def test_refusals_say_exactly_why(path: Path) -> None:
    """A negative or newer version, and a file of someone else's tables, each in words."""
    assert refusal(made(path, -3)) == (
        f"{path}: this history has an impossible schema version (-3); it is "
        "damaged or not backcoach's. It was left untouched; move it away to start a new one."
    )
    newer = made(path.with_name("newer"), LATEST + 1, "CREATE TABLE sessions (id)")
    assert refusal(newer) == (
        f"{newer}: this history was written by a newer backcoach (schema "
        f"{LATEST + 1}, this one knows up to {LATEST}); upgrade backcoach. "
        "The file was left untouched."
    )
    foreign = made(path.with_name("foreign"), 0, "CREATE TABLE notes (id)")
    assert refusal(foreign) == (
        f"{foreign}: this SQLite file is not a backcoach history; "
        "move it away or set BACKCOACH_HOME. It was left untouched."
    )
    no_sessions = made(path.with_name("no-sessions"), 2, "CREATE TABLE holds (id)")
    assert "is not a backcoach history" in refusal(no_sessions)
    version_one = made(path.with_name("version-one"), 1, "CREATE TABLE notes (id)")
    assert "is not a backcoach history" in refusal(version_one)


def test_an_empty_file_and_an_earlier_history_are_accepted(path: Path) -> None:
    """Version 0 with no table is new; version 1 with sessions is migrated."""
    made(path, 0)
    History.open(path).close()
    older = path.with_name("older")
    db = sqlite3.connect(older, isolation_level=None)
    migrate(db, 1)
    db.close()
    assert checks.check_is_ours(sqlite3.connect(older, isolation_level=None), str(older)) == 1
    History.open(older).close()
    assert sqlite3.connect(older).execute("PRAGMA user_version").fetchone()[0] == LATEST


class FakeDb:
    """Answers PRAGMA quick_check and journal_mode as told."""

    def __init__(self, found: list[str] | None = None, errors: list[str] | None = None) -> None:
        self.found = found or ["ok"]
        self.errors = list(errors or [])
        self.asked: list[str] = []

    def execute(self, sql: str) -> object:
        self.asked.append(sql)
        if sql.startswith("PRAGMA quick_check"):
            return [(row,) for row in self.found]
        if self.errors:
            raise sqlite3.OperationalError(self.errors.pop(0))
        return self

    def fetchone(self) -> tuple[str]:
        return ("delete",)


def test_a_damaged_file_is_named_with_what_is_wrong() -> None:
    """The first problems quick_check finds are named, joined by '; '."""
    with pytest.raises(HistoryError) as raised:
        checks.check_whole(FakeDb(["row 3 missing", "page 7 bad"]), "h.sqlite3")  # type: ignore[arg-type]
    assert str(raised.value) == (
        "h.sqlite3: the history file is damaged (row 3 missing; page 7 bad). "
        "It was left untouched; move it away to start a new history."
    )
    db = FakeDb()
    checks.check_whole(db, "h.sqlite3")  # type: ignore[arg-type]
    assert db.asked == ["PRAGMA quick_check(3)"]


def test_wal_waits_for_a_lock_and_gives_up_on_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked file is tried again until the busy timeout; another error is raised at once."""
    import time

    moments = iter([0.0, 1.0, 2.0, 11.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(moments))
    naps: list[float] = []
    monkeypatch.setattr(time, "sleep", naps.append)
    db = FakeDb(errors=["database is locked", "database is locked"])
    checks.use_wal(db)  # type: ignore[arg-type]
    assert db.asked[-1] == "PRAGMA journal_mode = WAL"
    assert naps == [0.02, 0.02]
    moments = iter([0.0, 9.995, 10.0, 10.001])
    db = FakeDb(errors=["database is locked"] * 5)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        checks.use_wal(db)  # type: ignore[arg-type]
    assert len(naps) == 4  # still waiting at exactly ten seconds
    moments = iter([0.0, 1.0])
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        checks.use_wal(FakeDb(errors=["attempt to write a readonly database"]))  # type: ignore[arg-type]
    assert len(naps) == 4
