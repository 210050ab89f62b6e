"""Checks made when a history is opened, before anything is written to it."""

from __future__ import annotations

import sqlite3

from .migrations import LATEST


class HistoryError(Exception):
    """The history file cannot be used; the message names it and says why."""

    def __init__(self, message: str, said: bool = False) -> None:
        super().__init__(message)
        self.said = said  # already told on stderr: say nothing more


BUSY_TIMEOUT_MS = 10_000


def check_is_ours(db: sqlite3.Connection, path: str) -> int:
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
    if version < 0:
        raise HistoryError(
            f"{path}: this history has an impossible schema version ({version}); it is "
            "damaged or not backcoach's. It was left untouched; move it away to start a new one."
        )
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
    return int(version)


def check_whole(db: sqlite3.Connection, path: str) -> None:
    """Before a session writes to it: a damaged file is refused, never written into."""
    found = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    if found != ["ok"]:
        raise HistoryError(
            f"{path}: the history file is damaged ({'; '.join(map(str, found))}). "
            "It was left untouched; move it away to start a new history."
        )


def use_wal(db: sqlite3.Connection) -> None:
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
