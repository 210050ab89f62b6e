"""The history database's schema, as numbered migrations applied in order.

Migration N brings a database from `PRAGMA user_version` N-1 to N, inside
one transaction. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def m001_sessions(db: sqlite3.Connection) -> None:
    """Sessions and what happened to each stretch in them."""
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,          -- local time with its UTC offset
            ended_at TEXT,                     -- NULL while running
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'quit', 'interrupted')),
            level TEXT,
            routine TEXT,
            planned_seconds REAL,
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            host TEXT,
            pid INTEGER
        )
        """
    )
    db.execute(
        """
        CREATE TABLE session_stretches (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            stretch_id TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('done', 'skipped', 'painful')),
            at TEXT NOT NULL
        )
        """
    )


def m002_holds(db: sqlite3.Connection) -> None:
    """Stretches put on hold because they hurt; resuming keeps the record."""
    db.execute(
        """
        CREATE TABLE holds (
            id INTEGER PRIMARY KEY,
            stretch_id TEXT NOT NULL,
            since TEXT NOT NULL,
            reason TEXT NOT NULL,
            session_id INTEGER REFERENCES sessions (id),
            resumed_at TEXT
        )
        """
    )
    db.execute("CREATE UNIQUE INDEX holds_active ON holds (stretch_id) WHERE resumed_at IS NULL")


def m003_indexes(db: sqlite3.Connection) -> None:
    """Lookups by date and by session, for history and the nudge."""
    db.execute("CREATE INDEX sessions_started ON sessions (started_at)")
    db.execute("CREATE INDEX stretches_session ON session_stretches (session_id)")


def m004_process_start(db: sqlite3.Connection) -> None:
    """When the session's process started, so a reused pid is not taken for it."""
    db.execute("ALTER TABLE sessions ADD COLUMN process_start TEXT")


def m005_session_doses(db: sqlite3.Connection) -> None:
    """The dose each stretch of a session was planned at, and whether a routine prescribed it.

    Sessions recorded before this migration have no rows here: their doses were
    never known, and a report says so rather than guessing. Also an index of the
    stretches done, so the days practised (streaks) are found without reading
    every stretch of a long history.
    """
    db.execute(
        """
        CREATE TABLE session_doses (
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            stretch_id TEXT NOT NULL,
            reps INTEGER NOT NULL CHECK (reps >= 1),
            hold_seconds INTEGER CHECK (hold_seconds >= 1),
            sides TEXT,                        -- 'left' or 'right' when only one; else NULL
            prescribed INTEGER NOT NULL DEFAULT 0 CHECK (prescribed IN (0, 1)),
            PRIMARY KEY (session_id, stretch_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "CREATE INDEX stretches_done ON session_stretches (session_id) WHERE outcome = 'done'"
    )


MIGRATIONS: tuple[Migration, ...] = (
    m001_sessions,
    m002_holds,
    m003_indexes,
    m004_process_start,
    m005_session_doses,
)
LATEST = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply every migration after the database's version, up to `target`; return it."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version + 1, target + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current >= number:
                db.execute("ROLLBACK")
                continue
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        version = number
    final: int = db.execute("PRAGMA user_version").fetchone()[0]
    return max(version, final)
