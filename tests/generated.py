"""A long, realistic history written straight into SQLite, for reports and benchmarks.

Writing thousands of sessions through History (one fsync'd transaction per
event) would take minutes; this writes the same rows, in the same shapes,
in one transaction. Shared by the tests and benchmarks/run.py.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from backcoach.history.store import History

FULL = (
    "spine-stretch",
    "hip-stretch",
    "bottom-stretch",
    "leg-stretch",
    "lower-back-stretch",
    "pelvic-tilts",
    "bridge",
    "bird-dog",
    "deep-abdominal-stretch",
    "lower-stomach-stretch",
)


def generate(path: Path | str, days: int, end: dt.date, seed: int = 13) -> dict[str, int]:
    """About one session a day for `days` days up to `end`; return what was written, counted.

    Some days are missed, some sessions are quit or interrupted, a few
    stretches are skipped, now and then one hurts: it goes on hold and is
    resumed one to three weeks later, as `backcoach resume` would.
    """
    from backcoach.catalogue.loader import load
    from backcoach.session.planner import prescribe

    catalogue = load()
    writer = _Writer(
        db=sqlite3.connect(History.open(path).file, isolation_level=None),
        rng=random.Random(seed),
        doses={
            s: (prescribe(catalogue.by_id(s)).reps, prescribe(catalogue.by_id(s)).hold_seconds)
            for s in FULL
        },
    )
    zone = dt.datetime.now().astimezone().tzinfo
    writer.db.execute("BEGIN")
    for offset in range(days - 1, -1, -1):
        day = end - dt.timedelta(days=offset)
        writer.resume_due(dt.datetime.combine(day, dt.time(6, 50), zone))
        if writer.rng.random() < 0.04:
            continue  # a day off
        hours = [7, 19] if writer.rng.random() < 0.14 else [7]  # now and then an evening too
        for hour in hours:
            writer.session(dt.datetime.combine(day, dt.time(hour, writer.rng.randrange(60)), zone))
    writer.db.execute("COMMIT")
    writer.db.close()
    return writer.counts


@dataclass
class _Writer:
    db: sqlite3.Connection
    rng: random.Random
    doses: dict[str, tuple[int, int | None]]
    held: dict[str, tuple[int, dt.date]] = field(default_factory=dict)  # id -> (hold, resume on)
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("sessions", "stretches", "holds", "finished", "quit", "interrupted"), 0
        )
    )

    def resume_due(self, moment: dt.datetime) -> None:
        for stretch_id, (hold_id, resume_on) in list(self.held.items()):
            if moment.date() >= resume_on:
                self.db.execute(
                    "UPDATE holds SET resumed_at = ? WHERE id = ?",
                    (moment.isoformat(timespec="seconds"), hold_id),
                )
                del self.held[stretch_id]

    def session(self, start: dt.datetime) -> None:
        rng = self.rng
        status = rng.choices(["finished", "quit", "interrupted"], [0.9, 0.07, 0.03])[0]
        before = rng.randrange(2, 8) if rng.random() < 0.8 else None
        after = (
            max(0, before - rng.randrange(0, 3))
            if before is not None and status == "finished"
            else None
        )
        session_id = self.db.execute(
            "INSERT INTO sessions (started_at, ended_at, status, level, routine, "
            "planned_seconds, pain_before, pain_after, host, pid) "
            "VALUES (?, ?, ?, 'standard', 'full', 1500, ?, ?, 'generated', 1)",
            (
                start.isoformat(timespec="seconds"),
                (start + dt.timedelta(minutes=24)).isoformat(timespec="seconds"),
                status,
                before,
                after,
            ),
        ).lastrowid
        self.counts["sessions"] += 1
        self.counts[status] += 1
        todo = [s for s in FULL if s not in self.held]
        if status != "finished":
            todo = todo[: rng.randrange(1, len(todo))]
        for n, stretch_id in enumerate(todo):
            self.db.execute(
                "INSERT INTO session_doses (session_id, stretch_id, reps, hold_seconds) "
                "VALUES (?, ?, ?, ?)",
                (session_id, stretch_id, *self.doses[stretch_id]),
            )
            roll = rng.random()
            outcome = "painful" if roll < 0.004 else "skipped" if roll < 0.03 else "done"
            at = (start + dt.timedelta(minutes=2 * n + 2)).isoformat(timespec="seconds")
            self.db.execute(
                "INSERT INTO session_stretches (session_id, stretch_id, outcome, at) "
                "VALUES (?, ?, ?, ?)",
                (session_id, stretch_id, outcome, at),
            )
            self.counts["stretches"] += 1
            if outcome == "painful":
                hold_id = self.db.execute(
                    "INSERT INTO holds (stretch_id, since, reason, session_id) "
                    "VALUES (?, ?, 'it hurt', ?)",
                    (stretch_id, at, session_id),
                ).lastrowid
                assert hold_id is not None
                resume_on = start.date() + dt.timedelta(days=rng.randrange(7, 21))
                self.held[stretch_id] = (hold_id, resume_on)
                self.counts["holds"] += 1
