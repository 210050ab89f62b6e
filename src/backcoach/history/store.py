"""Every session, kept in SQLite as it happens, and what can be read back from it.

Each event is its own short write transaction (BEGIN IMMEDIATE ... COMMIT)
with WAL and synchronous=FULL, so a session killed at any moment loses at
most the phase in progress, and two backcoach processes can write at once.
The file is never overwritten, moved or deleted: a file that is not a
backcoach history, or one from a newer backcoach, is refused untouched.

A history that fails while in use (damaged pages, a read-only file, a disk
error, the file deleted or replaced under us) is set aside for the rest of the
process: said once on stderr, never written to again, and every later read
or write does nothing, so a session always runs to its end. A single row that
cannot be read (a date that is not a date) is skipped and counted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from backcoach.paths import data_dir_name, ensure_private_dir

from . import liveness
from .checks import BUSY_TIMEOUT_MS, HistoryError, check_is_ours, check_whole, use_wal
from .migrations import LATEST, migrate
from .records import Hold, SessionRecord, practised_days, read_dates, read_datetime, record

__all__ = ["HistoryError", "Hold", "SessionRecord", "practised_days"]

if TYPE_CHECKING:
    from pathlib import Path

FILE_NAME = "history.sqlite3"
STALE_AFTER = liveness.STALE_AFTER
# Histories that failed in this process, by path, with why: never used again.
_SET_ASIDE: dict[tuple[str, tuple[int, int] | None], str] = {}
# What a failing history may raise: SQLite, the disk, or a value it holds.
FAILURES = (sqlite3.Error, OSError, ValueError, TypeError, OverflowError)

Now = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


T = TypeVar("T")


def _guarded(default: Callable[[], Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run a History method; on any failure set the history aside and return `default()`."""

    def wrap(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def run(self: History, *args: Any, **kwargs: Any) -> T:
            if self.failed is not None:
                result: T = default()
                return result
            try:
                return method(self, *args, **kwargs)
            except FAILURES as error:
                self.set_aside(f"{type(error).__name__}: {error}")
                fallback: T = default()
                return fallback

        return run

    return wrap


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
        self.failed: str | None = None  # why it was set aside, once it was
        self.skipped = 0  # rows that could not be read, in the last read
        self.say_at_once = True  # False during a live session: the caller says it at the end
        self._identity = _identity(self.file)
        self._nudge_state: Path | None = None  # left by this process, true as of now

    def set_aside(self, why: str) -> None:
        """Use this history no more in this process; say so on stderr, once."""
        message = (
            f"{self.file}: the history failed while in use ({why}). It is set aside: "
            "nothing more is recorded in it during this run, and it was not changed further."
        )
        self.failed = message
        key = (self.file, self._identity)
        first = key not in _SET_ASIDE
        _SET_ASIDE.setdefault(key, message)
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if first and self.say_at_once:
            _say(message)

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    # -- opening ----------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str | None = None, now: Now = local_now, create: bool = True
    ) -> History:
        """Open (creating if asked) the history; raise HistoryError if it cannot be used.

        A file refused or set aside once in this process is refused again at
        once, with `said` set: it is not opened again, nor said twice.
        """
        path = default_file_name() if path is None else os.fspath(path)
        key = (path, _identity(path))
        if key in _SET_ASIDE:
            raise HistoryError(_SET_ASIDE[key], said=True)
        try:
            return cls._open(path, now, create)
        except HistoryError as error:
            _SET_ASIDE[(path, _identity(path))] = str(error)
            raise

    @classmethod
    def _open(cls, path: str, now: Now, create: bool) -> History:
        if not os.path.exists(path):
            if not create:
                raise FileNotFoundError(path)
            try:
                ensure_private_dir(os.path.dirname(path))
                # Made private before SQLite opens it, which would make it readable by all.
                # No O_EXCL: it would refuse a link to a file not made yet (and SQLite would
                # then create that file itself), and a file another process has made
                # meanwhile is opened, never truncated.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as error:
                raise HistoryError(
                    f"{path}: cannot create the history ({error.strerror or error}); "
                    "check that its folder is a folder you can write to"
                ) from None
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(f"{path}: cannot open the history ({error})") from None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = check_is_ours(db, path)
            if create or version < LATEST:  # before the first write: a session or a migration
                check_whole(db, path)
            db.execute("PRAGMA foreign_keys = ON")
            use_wal(db)
            db.execute("PRAGMA synchronous = FULL")
            migrate(db)
        except HistoryError:
            db.close()
            raise
        except sqlite3.DatabaseError as error:
            db.close()
            raise HistoryError(why_unusable(path, error)) from None
        return cls(db=db, path=path, now=now)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self._nudge_state is not None:
            # Closing checkpoints the WAL into the file, after the state was left: make the
            # state newer again, or the nudge would not trust it and open SQLite.
            with contextlib.suppress(OSError):
                os.utime(self._nudge_state)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed at once, into the file we opened."""
        if _identity(self.file) != self._identity:
            # SQLite would go on writing to the deleted file, and the session be lost unsaid.
            raise OSError("the file was deleted or replaced while in use")
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

    @_guarded(lambda: None)
    def start_session(
        self,
        level: str | None = None,
        routine: str | None = None,
        planned_seconds: float | None = None,
        pain_before: int | None = None,
    ) -> int | None:
        """The new session's id; None when the history has been set aside."""
        self.mark_interrupted()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, level, routine, planned_seconds, "
                "pain_before, host, pid, process_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self._stamp(),
                    level,
                    routine,
                    planned_seconds,
                    pain_before,
                    liveness.host(),
                    os.getpid(),
                    liveness.process_start(),
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    @_guarded(lambda: None)
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

    @_guarded(lambda: None)
    def record_stretch(self, session_id: int, stretch_id: str, outcome: str) -> None:
        """Keep a stretch's outcome: one row per stretch per session, the latest outcome.

        A stretch done and then said to hurt in the rest after it, or started
        again, is amended, never counted twice.
        """
        with self._write() as db:
            amended = db.execute(
                "UPDATE session_stretches SET outcome = ?, at = ? "
                "WHERE session_id = ? AND stretch_id = ?",
                (outcome, self._stamp(), session_id, stretch_id),
            )
            if amended.rowcount == 0:
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

        days = read_dates(row[0] for row in self.db.execute(PRACTISED_DAYS_SQL))
        if not days:
            return
        last = max(days)
        path = self.path.parent / NUDGE_STATE_FILE
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            temporary.write_text(f"{last.isoformat()} {streak(days, last).current}\n")
            temporary.chmod(0o600)
            os.replace(temporary, path)
            self._nudge_state = path

    @_guarded(lambda: None)
    def end_session(self, session_id: int, status: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                (status, self._stamp(), session_id),
            )

    @_guarded(lambda: None)
    def set_pain_after(self, session_id: int, pain: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET pain_after = ? WHERE id = ? AND pain_after IS NULL",
                (pain, session_id),
            )

    def mark_interrupted(self) -> int:
        """Sessions left running by a process that is gone: mark them interrupted."""
        gone = self._gone()
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

    def _gone(self) -> list[int]:
        """The running sessions whose process is gone (see liveness)."""
        rows = self.db.execute(
            "SELECT id, host, pid, process_start, started_at FROM sessions WHERE status = 'running'"
        ).fetchall()
        now = self.now()
        return [row[0] for row in rows if liveness.gone(row[1], row[2], row[3], str(row[4]), now)]

    # -- holds ------------------------------------------------------------

    @_guarded(dict)
    def on_hold(self) -> dict[str, Hold]:
        """Stretches on hold; a hold whose date cannot be read still holds, dated today."""
        rows = self.db.execute(
            "SELECT stretch_id, since, reason FROM holds WHERE resumed_at IS NULL ORDER BY since"
        ).fetchall()
        holds = {}
        for stretch_id, since, reason in rows:
            # Better a wrong date than a painful stretch back in the routine.
            when = read_datetime(since) or self.now()
            holds[str(stretch_id)] = Hold(str(stretch_id), when, str(reason))
        return holds

    @_guarded(lambda: False)
    def hold(self, stretch_id: str, reason: str) -> bool:
        """Put a stretch on hold by hand; False when it is on hold already (left as it is)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO holds (stretch_id, since, reason) VALUES (?, ?, ?)",
                (stretch_id, self._stamp(), reason),
            )
            return cursor.rowcount > 0

    @_guarded(lambda: False)
    def resume(self, stretch_id: str) -> bool:
        """Bring a stretch back; False when it was not on hold. The hold stays on record."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE holds SET resumed_at = ? WHERE stretch_id = ? AND resumed_at IS NULL",
                (self._stamp(), stretch_id),
            )
            return cursor.rowcount > 0

    # -- reading ----------------------------------------------------------

    @_guarded(list)
    def sessions(self, since: dt.date | None = None) -> list[SessionRecord]:
        """Every session that can be read; `skipped` counts those that cannot."""
        self.mark_interrupted_readonly()
        gone = set(self._gone())  # shown interrupted even when the file cannot be written
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
            outcomes.setdefault(session_id, []).append((str(stretch_id), str(outcome)))
        records = []
        self.skipped = 0
        for row in rows:
            found = record(row, tuple(outcomes.get(row[0], ())), row[0] in gone)
            if found is None:
                self.skipped += 1
            else:
                records.append(found)
        return records

    def recently_done(self) -> list[str]:
        """Stretch ids done at least once, the most recently done first."""
        rows = self.db.execute(
            "SELECT stretch_id FROM session_stretches WHERE outcome = 'done' "
            "GROUP BY stretch_id ORDER BY max(id) DESC"
        )
        return [row[0] for row in rows]

    def mark_interrupted_readonly(self) -> None:
        """Reading also tidies sessions whose process is gone; harmless if it cannot."""
        with contextlib.suppress(sqlite3.Error):
            self.mark_interrupted()


def why_unusable(path: str, error: sqlite3.Error) -> str:
    """What actually stops the history being used: a read-only folder and a full disk
    are not a damaged file, and moving the file away would not help."""
    from backcoach.catalogue.textfile import visible

    name = visible(path)
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if code.startswith("SQLITE_FULL") or "disk is full" in text:
        return f"{name}: cannot write to the history: the disk is full ({error}); free some space"
    if code.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN")) or (
        "readonly" in text or "read-only" in text or "unable to open" in text
    ):
        folder = visible(os.path.dirname(path) or ".")
        return (
            f"{name}: cannot write to the history ({error}): the file or its folder "
            f"{folder} is read-only or not yours; check their permissions"
        )
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return f"{name}: cannot read or write the history: the disk reported an error ({error})"
    if code.startswith("SQLITE_BUSY") or "locked" in text:
        return f"{name}: the history is locked by another program ({error}); try again"
    return (
        f"{name}: the history file cannot be read ({error}); it may be damaged. "
        "It was left untouched; move it away to start a new history."
    )


def _identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _say(message: str) -> None:
    with contextlib.suppress(Exception):
        print(f"Warning: {message}", file=sys.stderr, flush=True)


class HistoryRecorder:
    """The runner's Recorder, writing each event to the history as it happens."""

    def __init__(self, history: History, session_id: int | None) -> None:
        self.history = history
        self.session_id = session_id
        self._failed_before = history.failed  # said already, when it failed
        # Said at the end, after the live view: not over it, where it would be lost.
        history.say_at_once = False

    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        self.record(self.history.record_stretch, stretch_id, outcome)

    def session_ended(self, status: str) -> None:
        self.record(self.history.end_session, status)

    def record(self, write: Callable[..., None], *args: object) -> None:
        """Write one event of this session; a failure is kept for the end, not raised."""
        # A write that fails (disk full, file locked for too long, damage) must
        # not stop the person mid-stretch; the failure is reported at the end.
        if self.session_id is not None:
            write(self.session_id, *args)

    @property
    def failed(self) -> str | None:
        """Why the history was set aside during this session, if it was."""
        return self.history.failed if self.history.failed != self._failed_before else None
