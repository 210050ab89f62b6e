"""Sessions and holds as read back from the history: rows that cannot be read are None."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


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


def read_datetime(value: object) -> dt.datetime | None:
    """A stored moment, or None when it is not one (a damaged or hand-edited row)."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    # Every stamp is written with its offset; one without cannot be compared with them.
    return moment if moment.tzinfo is not None else moment.astimezone()


def read_dates(values: Iterator[object]) -> set[dt.date]:
    days = set()
    for value in values:
        with contextlib.suppress(TypeError, ValueError):
            days.add(dt.date.fromisoformat(value))  # type: ignore[arg-type]
    return days


STATUSES = ("running", "finished", "quit", "interrupted")


def record(
    row: tuple[Any, ...], stretches: tuple[tuple[str, str], ...], gone: bool
) -> SessionRecord | None:
    """One session row as a record, or None when it cannot be read."""
    started = read_datetime(row[1])
    ended = read_datetime(row[2]) if row[2] else None
    status = row[3]
    if started is None or (row[2] and ended is None) or status not in STATUSES:
        return None
    pains = [p if isinstance(p, int) and 0 <= p <= 10 else None for p in (row[4], row[5])]
    if status == "running" and gone:
        status, ended = "interrupted", started
    return SessionRecord(
        id=row[0],
        started_at=started,
        ended_at=ended,
        status=status,
        stretches=stretches,
        pain_before=pains[0],
        pain_after=pains[1],
        level=row[6] if isinstance(row[6], str) else None,
        routine=row[7] if isinstance(row[7], str) else None,
    )


def practised_days(sessions: list[SessionRecord]) -> set[dt.date]:
    return {session.day for session in sessions if session.practised}
