"""The history file: migrations, refusing files it cannot use, permissions, concurrency, holds."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.history import migrations
from backcoach.history import store as history_module
from backcoach.history.migrations import LATEST, migrate
from backcoach.history.store import History, HistoryError, default_path
from helpers import dead_pid

UTC = dt.UTC
START = dt.datetime(2026, 11, 2, 7, 30, tzinfo=UTC)


class Clock:
    """A `now` for History that returns `at`, moved by the test."""

    def __init__(self, at: dt.datetime = START) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> dt.datetime:
        self.at += dt.timedelta(**delta)
        return self.at


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def history(path: Path, clock: Clock) -> Iterator[History]:
    opened = History.open(path, now=clock)
    yield opened
    opened.close()


def user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def raw(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(path, isolation_level=None)


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def assert_refused_untouched(path: Path, words: str) -> None:
    """Opening `path` raises HistoryError naming it and saying `words`; no byte or file changes."""
    before, files = path.read_bytes(), siblings(path)
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    assert str(path) in str(raised.value)
    assert words in str(raised.value)
    assert path.read_bytes() == before
    assert siblings(path) == files


# -- migrations ----------------------------------------------------------------


def test_new_history_is_created_at_the_latest_version(path: Path) -> None:
    """Opening a history that does not exist creates it with every migration applied."""
    History.open(path).close()
    assert user_version(path) == LATEST
    assert {"sessions", "session_stretches", "holds"} <= tables(path)
    db = sqlite3.connect(path)
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    db.close()
    assert {"holds_active", "sessions_started", "stretches_session"} <= indexes


def test_migrate_to_a_target_stops_there(path: Path) -> None:
    """migrate(db, target=N) applies migrations 1..N only and reports N."""
    db = raw(path)
    assert migrate(db, target=1) == 1
    db.close()
    assert user_version(path) == 1
    assert "holds" not in tables(path)


@pytest.mark.parametrize("version", range(LATEST))
def test_history_from_an_earlier_version_is_migrated_and_keeps_its_data(
    path: Path, version: int
) -> None:
    """A history written at version N opens at LATEST with its sessions and holds intact."""
    db = raw(path)
    migrate(db, target=version)
    if version >= 1:
        db.execute(
            "INSERT INTO sessions (started_at, ended_at, status, pain_before, pain_after) "
            "VALUES ('2026-10-01T07:00:00+00:00', '2026-10-01T07:12:00+00:00', 'finished', 4, 2)"
        )
        db.execute(
            "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) VALUES "
            "(1, 'bridge', 'done', '2026-10-01T07:05:00+00:00'), "
            "(1, 'bird-dog', 'painful', '2026-10-01T07:10:00+00:00')"
        )
    if version >= 2:
        db.execute(
            "INSERT INTO holds (stretch_id, since, reason, session_id) "
            "VALUES ('bird-dog', '2026-10-01T07:10:00+00:00', 'it hurt', 1)"
        )
    db.close()
    assert user_version(path) == version

    opened = History.open(path, now=Clock())
    try:
        sessions = opened.sessions()
        holds = opened.on_hold()
    finally:
        opened.close()

    assert user_version(path) == LATEST
    if version == 0:
        assert sessions == []
        return
    (session,) = sessions
    assert session.status == "finished"
    assert session.started_at == dt.datetime(2026, 10, 1, 7, 0, tzinfo=UTC)
    assert session.ended_at == dt.datetime(2026, 10, 1, 7, 12, tzinfo=UTC)
    assert session.stretches == (("bridge", "done"), ("bird-dog", "painful"))
    assert (session.pain_before, session.pain_after) == (4, 2)
    assert list(holds) == (["bird-dog"] if version >= 2 else [])


def _create_then_fail(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE half_done (x INTEGER)")
    raise RuntimeError("migration broke midway")


def test_a_failing_migration_is_rolled_back_whole(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that creates a table and then fails leaves neither table nor new version."""
    db = raw(path)
    migrate(db)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, _create_then_fail))
    with pytest.raises(RuntimeError, match="midway"):
        migrate(db, target=LATEST + 1)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert not db.in_transaction
    db.close()
    assert user_version(path) == LATEST
    assert "half_done" not in tables(path)


def test_a_failing_first_migration_on_open_leaves_an_empty_history(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History.open whose first migration fails in SQL raises HistoryError; nothing is kept."""

    def broken_sessions(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY)")
        db.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", (broken_sessions, *migrations.MIGRATIONS[1:]))
    with pytest.raises(HistoryError, match=str(path)):
        History.open(path)
    assert user_version(path) == 0
    assert tables(path) == set()


# -- files it must refuse, untouched -----------------------------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_newer_history_is_refused_untouched(path: Path, journal: str) -> None:
    """A history from a newer backcoach raises HistoryError naming it; its bytes stay the same."""
    db = raw(path)
    db.execute(f"PRAGMA journal_mode = {journal}")
    migrate(db)
    db.execute("INSERT INTO sessions (started_at) VALUES ('2026-10-01T07:00:00+00:00')")
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    assert_refused_untouched(path, "newer backcoach")
    assert not path.with_name(path.name + "-wal").exists()


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(8192))


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    db.execute("INSERT INTO recipes VALUES ('porridge', 5)")
    db.commit()
    db.close()


def _foreign_sqlite_with_version(path: Path) -> None:
    _foreign_sqlite(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 1")
    db.close()


@pytest.mark.parametrize(
    "make", [_random_bytes, _foreign_sqlite, _foreign_sqlite_with_version], ids=lambda f: f.__name__
)
def test_a_file_that_is_not_a_history_is_refused_untouched(path: Path, make) -> None:  # type: ignore[no-untyped-def]
    """Random bytes or another program's SQLite: HistoryError naming the file, bytes unchanged."""
    path.parent.mkdir(parents=True)
    make(path)
    assert_refused_untouched(path, "untouched")


def _open_as_nobody(path: Path) -> str:
    """History.open(path) in a forked child without root's privileges: its outcome as text."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        try:
            os.setgid(65534)
            os.setuid(65534)
            History.open(path).close()
            outcome = "opened"
        except HistoryError as error:
            outcome = f"HistoryError: {error}"
        except BaseException as error:  # noqa: BLE001 - reported to the parent as text
            outcome = f"{type(error).__name__}: {error}"
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(child, 0)
    return outcome


def test_an_unreadable_file_is_refused_untouched(tmp_path: Path) -> None:
    """A history the user cannot read (mode 000) raises HistoryError naming it, unchanged."""
    # A folder any user may enter, so that only the file's own mode stands in the way.
    folder = Path(tempfile.mkdtemp(prefix="backcoach-unreadable-"))
    try:
        folder.chmod(0o777)
        path = folder / "history.sqlite3"
        History.open(path).close()
        path.chmod(0o600)
        before = path.read_bytes()
        path.chmod(0)
        if os.geteuid() == 0:  # root reads any file: try as an unprivileged user instead
            outcome = _open_as_nobody(path)
        else:
            try:
                History.open(path).close()
                outcome = "opened"
            except HistoryError as error:
                outcome = f"HistoryError: {error}"
        path.chmod(0o600)
        assert outcome.startswith("HistoryError: " + str(path)), outcome
        assert path.read_bytes() == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_directory_in_place_of_the_file_is_refused_untouched(path: Path) -> None:
    """A directory where the history should be: HistoryError naming it; nothing created."""
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine\n")
    files = siblings(path)

    with pytest.raises(HistoryError) as raised:
        History.open(path)

    assert str(path) in str(raised.value)
    assert path.is_dir()
    assert [p.name for p in path.iterdir()] == ["keep.txt"]
    assert (path / "keep.txt").read_text() == "mine\n"
    assert siblings(path) == files


def test_open_without_create_does_not_create(path: Path) -> None:
    """History.open(create=False) on a missing file raises FileNotFoundError and creates nothing."""
    with pytest.raises(FileNotFoundError):
        History.open(path, create=False)
    assert not path.parent.exists()


# -- permissions and durability ---------------------------------------------


def test_created_folder_and_file_are_private(backcoach_home: Path) -> None:
    """The data folder is created 0700, the history and its WAL files 0600."""
    opened = History.open()
    try:
        opened.start_session()
        assert default_path() == backcoach_home / "history.sqlite3"
        assert backcoach_home.stat().st_mode & 0o777 == 0o700
        for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
            assert (backcoach_home / name).stat().st_mode & 0o777 == 0o600, name
    finally:
        opened.close()


def test_each_event_is_committed_at_once(history: History, path: Path) -> None:
    """A second, independent connection sees each event as soon as the call returns."""
    other = sqlite3.connect(path)
    try:
        session_id = history.start_session("standard", None, 600.0, 3)
        assert other.execute("SELECT status FROM sessions").fetchall() == [("running",)]
        history.record_stretch(session_id, "bridge", "done")
        assert other.execute("SELECT stretch_id, outcome FROM session_stretches").fetchall() == [
            ("bridge", "done")
        ]
        history.end_session(session_id, "finished")
        assert other.execute("SELECT status FROM sessions").fetchall() == [("finished",)]
        assert not history.db.in_transaction
    finally:
        other.close()


# -- concurrency ----------------------------------------------------------------


def test_two_histories_on_one_file_interleave(path: Path, clock: Clock) -> None:
    """Two History objects on the same file write interleaved events; all of them are kept."""
    first = History.open(path, now=clock)
    second = History.open(path, now=clock)
    try:
        a = first.start_session()
        b = second.start_session()
        first.record_stretch(a, "bridge", "done")
        second.record_stretch(b, "pelvic-tilts", "done")
        second.record_stretch(b, "bridge", "skipped")
        first.record_stretch(a, "bird-dog", "done")
        second.end_session(b, "quit")
        first.end_session(a, "finished")
        sessions = {s.id: s for s in first.sessions()}
    finally:
        first.close()
        second.close()
    assert sessions[a].status == "finished"
    assert sessions[a].stretches == (("bridge", "done"), ("bird-dog", "done"))
    assert sessions[b].status == "quit"
    assert sessions[b].stretches == (("pelvic-tilts", "done"), ("bridge", "skipped"))


WRITER = """\
import sys
from pathlib import Path
from backcoach.history.store import History

history = History.open(Path(sys.argv[1]))
sys.stdin.readline()  # both writers start together
session_id = history.start_session()
for i in range(200):
    history.record_stretch(session_id, f"s{i}", "done")
history.end_session(session_id, "finished")
history.close()
"""


@pytest.mark.slow
def test_two_processes_write_at_once(path: Path) -> None:
    """Two processes writing 200 events each to one history both succeed; all 400 are kept."""
    History.open(path).close()  # the history exists, as after a first session
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM session_stretches").fetchone()[0] == 400
        per_session = db.execute(
            "SELECT s.status, count(t.id) FROM sessions AS s "
            "JOIN session_stretches AS t ON t.session_id = s.id GROUP BY s.id"
        ).fetchall()
    finally:
        db.close()
    assert per_session == [("finished", 200), ("finished", 200)]


class _Interloper:
    """A connection that lets another backcoach create the history just before `trigger` runs."""

    def __init__(self, db: sqlite3.Connection, path: Path, connect, trigger: str) -> None:  # type: ignore[no-untyped-def]
        self._db = db
        self._path = path
        self._connect = connect
        self._trigger = trigger
        self.created: bool | None = None  # None: the other process never ran
        self.error: sqlite3.OperationalError | None = None

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if self.created is None and self._trigger in sql:
            # The other process does what History.open does on a new file, without waiting.
            other = self._connect(self._path, isolation_level=None, timeout=0)
            try:
                other.execute("PRAGMA journal_mode = WAL")
                migrate(other)
                self.created = True
            except sqlite3.OperationalError as error:
                self.created = False
                self.error = error
            finally:
                other.close()
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)


def _open_with_interloper(path: Path, monkeypatch: pytest.MonkeyPatch, trigger: str) -> _Interloper:
    path.parent.mkdir(parents=True)
    path.touch()
    real_connect = sqlite3.connect
    made: list[_Interloper] = []

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(_Interloper(real_connect(*args, **kwargs), path, real_connect, trigger))
        return made[-1]

    monkeypatch.setattr(history_module.sqlite3, "connect", connect)
    History.open(path).close()
    monkeypatch.undo()
    assert len(made) == 1
    return made[0]


def test_opening_while_another_process_creates_the_history(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history another process creates just before open's first read is opened, not refused."""
    other = _open_with_interloper(path, monkeypatch, trigger="BEGIN")
    assert other.created is True, other.error
    assert user_version(path) == LATEST


def test_open_reads_version_and_tables_in_one_transaction(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process cannot create the history between open's two reads: it must wait."""
    other = _open_with_interloper(path, monkeypatch, trigger="sqlite_master")
    assert other.created is False
    assert "locked" in str(other.error)
    assert user_version(path) == LATEST  # open then created it itself


def test_opening_a_new_history_waits_for_another_writer(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History.open waits for another process's write lock on a new history instead of failing."""
    path.parent.mkdir(parents=True)
    path.touch()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another backcoach, midway through creating it
    outcome: list[object] = []

    def open_it() -> None:
        try:
            History.open(path).close()
            outcome.append("opened")
        except HistoryError as error:
            outcome.append(error)

    waiting = threading.Event()
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:  # open's retry loop: it met the lock and waits
        waiting.set()
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    opener = threading.Thread(target=open_it)
    opener.start()
    met_the_lock = waiting.wait(timeout=30)
    still_waiting = opener.is_alive()
    other.execute("COMMIT")
    other.close()
    opener.join(timeout=30)
    assert met_the_lock and still_waiting, outcome
    assert not opener.is_alive()
    assert outcome == ["opened"]


# -- sessions left running ------------------------------------------------------


def _running_session(history: History, pid: int, host: str | None = None) -> int:
    """A session started at START (this host, as backcoach writes it) and left running by `pid`."""
    from backcoach.history.liveness import process_start

    session_id = history.start_session()
    history.db.execute(
        "UPDATE sessions SET pid = ?, process_start = ? WHERE id = ?",
        (pid, process_start(pid), session_id),
    )
    if host is not None:
        history.db.execute("UPDATE sessions SET host = ? WHERE id = ?", (host, session_id))
    return session_id


def _status(history: History, session_id: int) -> tuple[str, str | None]:
    row = history.db.execute(
        "SELECT status, ended_at FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    return row[0], row[1]


def test_session_of_a_dead_process_is_marked_interrupted_at_its_last_stretch(
    history: History, clock: Clock
) -> None:
    """A running session whose process is gone becomes interrupted, ended at its last stretch."""
    session_id = _running_session(history, dead_pid())
    history.db.execute(
        "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) VALUES "
        "(?, 'pelvic-tilts', 'done', '2026-11-02T07:32:00+00:00'), "
        "(?, 'bridge', 'done', '2026-11-02T07:34:30+00:00')",
        (session_id, session_id),
    )
    clock.advance(hours=1)
    assert history.mark_interrupted() == 1
    assert _status(history, session_id) == ("interrupted", "2026-11-02T07:34:30+00:00")
    assert history.mark_interrupted() == 0  # already done


def test_session_of_a_dead_process_with_no_stretch_ends_when_it_started(
    history: History, clock: Clock
) -> None:
    """Cut off before any stretch ended: interrupted, ended_at = started_at."""
    session_id = _running_session(history, dead_pid())
    clock.advance(minutes=5)
    (session,) = history.sessions()  # reading tidies too
    assert session.id == session_id
    assert session.status == "interrupted"
    assert session.ended_at == START


def test_session_of_a_live_process_is_left_running(history: History, clock: Clock) -> None:
    """A running session whose process is alive (here: pytest's parent) stays running."""
    live = os.getppid()
    os.kill(live, 0)  # it is alive
    session_id = _running_session(history, live)
    clock.advance(hours=1)
    assert history.mark_interrupted() == 0
    assert _status(history, session_id) == ("running", None)


def test_session_of_another_host_is_left_running_until_stale(
    history: History, clock: Clock
) -> None:
    """Another computer's running session is left alone, until 12 hours have passed."""
    session_id = _running_session(history, dead_pid(), "some-other-host")
    clock.advance(hours=11)
    assert history.mark_interrupted() == 0
    assert _status(history, session_id)[0] == "running"
    clock.advance(hours=2)
    assert history.mark_interrupted() == 1
    assert _status(history, session_id) == ("interrupted", START.isoformat())


# -- holds ------------------------------------------------------------------------


def test_painful_stretch_goes_on_hold_and_resume_brings_it_back(
    history: History, clock: Clock
) -> None:
    """'painful' puts a stretch on hold; resume lifts it once (True, then False); the row stays."""
    session_id = history.start_session()
    history.record_stretch(session_id, "bridge", "done")
    clock.advance(minutes=3)
    history.record_stretch(session_id, "bird-dog", "painful")
    history.end_session(session_id, "finished")

    holds = history.on_hold()
    assert list(holds) == ["bird-dog"]
    assert holds["bird-dog"].since == START + dt.timedelta(minutes=3)
    assert holds["bird-dog"].reason == "it hurt"

    clock.advance(days=2)
    assert history.resume("bird-dog") is True
    assert history.on_hold() == {}
    assert history.resume("bird-dog") is False
    assert history.resume("bridge") is False

    rows = history.db.execute("SELECT stretch_id, session_id, resumed_at FROM holds").fetchall()
    assert rows == [("bird-dog", session_id, clock.at.isoformat(timespec="seconds"))]


def test_painful_again_after_resume_is_a_new_hold(history: History, clock: Clock) -> None:
    """A stretch that hurts again after resuming goes back on hold, keeping the old record."""
    first = history.start_session()
    history.record_stretch(first, "bird-dog", "painful")
    history.record_stretch(first, "bird-dog", "painful")  # twice: still one hold
    assert history.db.execute("SELECT count(*) FROM holds").fetchone()[0] == 1
    clock.advance(days=1)
    history.resume("bird-dog")
    clock.advance(days=1)
    second = history.start_session()
    history.record_stretch(second, "bird-dog", "painful")
    assert list(history.on_hold()) == ["bird-dog"]
    assert history.db.execute("SELECT count(*) FROM holds").fetchone()[0] == 2


def test_migrating_an_up_to_date_history_again_changes_nothing(path: Path) -> None:
    """A second process that finds the history already migrated applies no migration twice."""
    History.open(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(db) == LATEST  # each migration sees it is done and skips it
        assert migrate(db, LATEST) == LATEST
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        db.close()


def test_a_migration_another_process_finished_meanwhile_is_skipped(path: Path) -> None:
    """migrate() read an old version, but the file moved on before its lock: nothing reapplied."""
    History.open(path).close()

    class Stale:
        """A connection whose first version read is from before the other process finished."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db
            self.reads = 0

        def execute(self, sql: str, *args: object) -> object:
            if sql == "PRAGMA user_version" and self.reads == 0:
                self.reads += 1
                return self.db.execute("SELECT ?", (LATEST - 1,))
            return self.db.execute(sql, *args)

    db = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(Stale(db)) == LATEST  # type: ignore[arg-type]
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        db.close()


def _sqlite_error(text: str, code: str | None) -> sqlite3.Error:
    error = sqlite3.OperationalError(text)
    if code is not None:
        error.sqlite_errorname = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("text", "code", "says"),
    [
        ("database or disk is full", "SQLITE_FULL", "full"),
        ("disk is full", None, "full"),
        ("attempt to write a readonly database", "SQLITE_READONLY", "read-only"),
        ("attempt to write a readonly database", None, "read-only"),
        ("access permission denied", "SQLITE_PERM", "read-only"),
        ("unable to open database file", "SQLITE_CANTOPEN", "read-only"),
        ("unable to open database file", None, "read-only"),
        ("disk I/O error", "SQLITE_IOERR_WRITE", "disk"),
        ("disk I/O error", None, "disk"),
        ("database is locked", "SQLITE_BUSY", "locked"),
        ("database is locked", None, "locked"),
        ("database disk image is malformed", "SQLITE_CORRUPT", "damaged"),
        # The code alone decides, whatever the words say.
        ("out of room", "SQLITE_FULL", "full"),
        ("refused", "SQLITE_READONLY_DIRECTORY", "read-only"),
        ("refused", "SQLITE_PERM", "read-only"),
        ("refused", "SQLITE_CANTOPEN_ISDIR", "read-only"),
        ("short write", "SQLITE_IOERR_SHORT_READ", "disk"),
        ("try later", "SQLITE_BUSY_SNAPSHOT", "locked"),
        ("file is not a database", None, "damaged"),
    ],
)
def test_why_a_history_is_unusable_says_what_failed(text: str, code: str | None, says: str) -> None:
    """A full disk, a read-only folder, a disk error and a lock are not called 'damaged'."""
    from backcoach.history.store import why_unusable

    path = "/home/me/\x1b[2Jhistory.sqlite3"
    shown = "/home/me/\\x1b[2Jhistory.sqlite3"
    expected = {
        "full": f"{shown}: cannot write to the history: the disk is full ({text}); free some space",
        "read-only": f"{shown}: cannot write to the history ({text}): the file or its folder "
        "/home/me is read-only or not yours; check their permissions",
        "disk": f"{shown}: cannot read or write the history: the disk reported an error ({text})",
        "locked": f"{shown}: the history is locked by another program ({text}); try again",
        "damaged": f"{shown}: the history file cannot be read ({text}); it may be damaged. "
        "It was left untouched; move it away to start a new history.",
    }[says]
    assert why_unusable(path, _sqlite_error(text, code)) == expected


def test_migrate_goes_on_after_steps_another_process_already_did(tmp_path: Path) -> None:
    """Read at version 1 while another process had already reached 2: steps 3 on still run."""
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(db, 2)

        class Behind:
            """The first version read is from before the other process's step 2."""

            def __init__(self) -> None:
                self.first = True

            def execute(self, sql: str, *args: object) -> object:
                if sql == "PRAGMA user_version" and self.first:
                    self.first = False
                    return db.execute("SELECT 1")
                return db.execute(sql, *args)

        assert migrate(Behind()) == LATEST  # type: ignore[arg-type]
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        db.close()
