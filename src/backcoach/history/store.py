"""Every session, kept in SQLite as it happens, and what can be read back from it.

Each event is its own short write transaction (BEGIN IMMEDIATE ... COMMIT)
with WAL and synchronous=FULL, so a session killed at any moment loses at
most the phase in progress, and two backcoach processes can write at once.
The file is never overwritten, moved or deleted: a file that is not a
backcoach history, or one from a newer backcoach, is refused untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcoach.paths import data_dir_name, ensure_private_dir

from .migrations import LATEST, migrate

if TYPE_CHECKING:
    from pathlib import Path

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 10_000
# A session left 'running' by a process that no longer exists was cut off.
STALE_AFTER = dt.timedelta(hours=12)

Now = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class HistoryError(Exception):
    """The history file cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Hold:
    stretch_id: str
    since: dt.datetime
    reason: str


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    status: str
    stretches: tuple[tuple[str, str], ...]  # (stretch id, outcome), in order
    pain_before: int | None
    pain_after: int | None
    level: str | None = None
    routine: str | None = None

    @property
    def day(self) -> dt.date:
        """The person's local date when the session started."""
        return self.started_at.date()

    @property
    def seconds(self) -> float:
        end = self.ended_at or self.started_at
        return max(0.0, (end - self.started_at).total_seconds())

    def ids(self, outcome: str) -> list[str]:
        return [stretch_id for stretch_id, o in self.stretches if o == outcome]

    @property
    def practised(self) -> bool:
        return any(outcome == "done" for _, outcome in self.stretches)


def default_path() -> Path:
    from pathlib import Path

    return Path(default_file_name())


def default_file_name() -> str:
    return os.path.join(data_dir_name(), FILE_NAME)


class History:
    """One open history file. A plain class: `list` and `show` open it on every run."""

    def __init__(self, db: sqlite3.Connection, path: Path | str, now: Now = local_now) -> None:
        self.db = db
        self.file = os.fspath(path)  # a string: `list` reads holds without importing pathlib
        self.now = now

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    # -- opening ----------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str | None = None, now: Now = local_now, create: bool = True
    ) -> History:
        """Open (creating if asked) the history; raise HistoryError if it cannot be used."""
        path = default_file_name() if path is None else os.fspath(path)
        if not os.path.exists(path):
            if not create:
                raise FileNotFoundError(path)
            ensure_private_dir(os.path.dirname(path))
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(f"{path}: cannot open the history ({error})") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _check_is_ours(db, path)
            db.execute("PRAGMA foreign_keys = ON")
            _use_wal(db)
            db.execute("PRAGMA synchronous = FULL")
            migrate(db)
        except HistoryError:
            db.close()
            raise
        except sqlite3.DatabaseError as error:
            db.close()
            raise HistoryError(
                f"{path}: the history file cannot be read ({error}); it may be damaged. "
                "It was left untouched; move it away to start a new history."
            ) from None
        return cls(db=db, path=path, now=now)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed at once."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    # -- writing a session as it happens ----------------------------------

    def start_session(
        self,
        level: str | None = None,
        routine: str | None = None,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
    ) -> int:
        self.mark_interrupted()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, level, routine, planned_seconds, "
                "pain_before, host, pid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self._stamp(),
                    level,
                    routine,
                    planned_seconds,
                    pain_before,
                    os.uname().nodename,
                    os.getpid(),
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def record_doses(
        self, session_id: int, doses: list[tuple[str, int, int | None, str | None, bool]]
    ) -> None:
        """The dose each stretch is planned at: (id, reps, hold, only side, prescribed)."""
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO session_doses (session_id, stretch_id, reps, "
                "hold_seconds, sides, prescribed) VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, *dose[:4], int(dose[4])) for dose in doses],
            )

    def record_stretch(self, session_id: int, stretch_id: str, outcome: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
                "VALUES (?, ?, ?, ?)",
                (session_id, stretch_id, outcome, self._stamp()),
            )
            if outcome == "painful":
                db.execute(
                    "INSERT OR IGNORE INTO holds (stretch_id, since, reason, session_id) "
                    "VALUES (?, ?, 'it hurt', ?)",
                    (stretch_id, self._stamp(), session_id),
                )
        if outcome == "done":
            self._leave_nudge_state()

    def _leave_nudge_state(self) -> None:
        """The last day practised and its streak, for the nudge; best effort."""
        from .streaks import NUDGE_STATE_FILE, PRACTISED_DAYS_SQL, streak

        days = {dt.date.fromisoformat(row[0]) for row in self.db.execute(PRACTISED_DAYS_SQL)}
        if not days:
            return
        last = max(days)
        path = self.path.parent / NUDGE_STATE_FILE
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            temporary.write_text(f"{last.isoformat()} {streak(days, last).current}\n")
            temporary.chmod(0o600)
            os.replace(temporary, path)

    def end_session(self, session_id: int, status: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                (status, self._stamp(), session_id),
            )

    def set_pain_after(self, session_id: int, pain: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET pain_after = ? WHERE id = ? AND pain_after IS NULL",
                (pain, session_id),
            )

    def mark_interrupted(self) -> int:
        """Sessions left running by a process that is gone: mark them interrupted."""
        host = os.uname().nodename
        cutoff = (self.now() - STALE_AFTER).isoformat(timespec="seconds")
        rows = self.db.execute(
            "SELECT id, host, pid, started_at FROM sessions WHERE status = 'running'"
        ).fetchall()
        gone = [
            session_id
            for session_id, session_host, pid, started in rows
            if (session_host == host and pid != os.getpid() and not _alive(pid)) or started < cutoff
        ]
        for session_id in gone:
            with self._write() as db:
                last = db.execute(
                    "SELECT max(at) FROM session_stretches WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
                db.execute(
                    "UPDATE sessions SET status = 'interrupted', "
                    "ended_at = coalesce(?, started_at) WHERE id = ? AND status = 'running'",
                    (last, session_id),
                )
        return len(gone)

    # -- holds ------------------------------------------------------------

    def on_hold(self) -> dict[str, Hold]:
        rows = self.db.execute(
            "SELECT stretch_id, since, reason FROM holds WHERE resumed_at IS NULL ORDER BY since"
        )
        return {row[0]: Hold(row[0], dt.datetime.fromisoformat(row[1]), row[2]) for row in rows}

    def resume(self, stretch_id: str) -> bool:
        """Bring a stretch back; False when it was not on hold. The hold stays on record."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE holds SET resumed_at = ? WHERE stretch_id = ? AND resumed_at IS NULL",
                (self._stamp(), stretch_id),
            )
            return cursor.rowcount > 0

    # -- reading ----------------------------------------------------------

    def sessions(self, since: dt.date | None = None) -> list[SessionRecord]:
        self.mark_interrupted_readonly()
        query = (
            "SELECT id, started_at, ended_at, status, pain_before, pain_after, level, "
            "routine FROM sessions"
        )
        args: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE substr(started_at, 1, 10) >= ?"
            args = (since.isoformat(),)
        rows = self.db.execute(query + " ORDER BY started_at, id", args).fetchall()
        outcomes: dict[int, list[tuple[str, str]]] = {}
        for session_id, stretch_id, outcome in self.db.execute(
            "SELECT session_id, stretch_id, outcome FROM session_stretches ORDER BY id"
        ):
            outcomes.setdefault(session_id, []).append((stretch_id, outcome))
        return [
            SessionRecord(
                id=row[0],
                started_at=dt.datetime.fromisoformat(row[1]),
                ended_at=dt.datetime.fromisoformat(row[2]) if row[2] else None,
                status=row[3],
                stretches=tuple(outcomes.get(row[0], ())),
                pain_before=row[4],
                pain_after=row[5],
                level=row[6],
                routine=row[7],
            )
            for row in rows
        ]

    def mark_interrupted_readonly(self) -> None:
        """Reading also tidies sessions whose process is gone; harmless if it cannot."""
        with contextlib.suppress(sqlite3.Error):
            self.mark_interrupted()


def _check_is_ours(db: sqlite3.Connection, path: str) -> None:
    """Refuse a newer or foreign file before writing anything to it.

    Both reads happen in one read transaction, so a history that another
    backcoach is creating at this moment is seen whole or not at all.
    """
    db.execute("BEGIN")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        db.execute("COMMIT")
    if version > LATEST:
        raise HistoryError(
            f"{path}: this history was written by a newer backcoach (schema "
            f"{version}, this one knows up to {LATEST}); upgrade backcoach. "
            "The file was left untouched."
        )
    if (version > 0 and "sessions" not in tables) or (version == 0 and tables):
        raise HistoryError(
            f"{path}: this SQLite file is not a backcoach history; "
            "move it away or set BACKCOACH_HOME. It was left untouched."
        )


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for another writer: this pragma ignores the busy timeout."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def practised_days(sessions: list[SessionRecord]) -> set[dt.date]:
    return {session.day for session in sessions if session.practised}


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class HistoryRecorder:
    """The runner's Recorder, writing each event to the history as it happens."""

    def __init__(self, history: History, session_id: int) -> None:
        self.history = history
        self.session_id = session_id
        self.failed: str | None = None

    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        self.record(self.history.record_stretch, stretch_id, outcome)

    def session_ended(self, status: str) -> None:
        self.record(self.history.end_session, status)

    def record(self, write: Callable[..., None], *args: object) -> None:
        """Write one event of this session; a failure is kept for the end, not raised."""
        # A write that fails (disk full, file locked for too long) must not
        # stop the person mid-stretch; the failure is reported at the end.
        try:
            write(self.session_id, *args)
        except sqlite3.Error as error:
            self.failed = f"{self.history.path}: could not record ({error})"
