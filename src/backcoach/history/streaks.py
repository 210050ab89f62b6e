"""Streaks of days practised, from a set of local dates. Pure."""

from __future__ import annotations

# Not typing.TYPE_CHECKING, and datetime only when needed: the nudge imports this.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

# The days on which at least one stretch was done, by the person's local date.
PRACTISED_DAYS_SQL = """
    SELECT DISTINCT substr(s.started_at, 1, 10)
    FROM sessions AS s JOIN session_stretches AS t ON t.session_id = s.id
    WHERE t.outcome = 'done'
"""
# Where the history leaves the last day practised and the streak up to it, so the
# nudge can answer without opening SQLite (it checks the file is newer than the history).
NUDGE_STATE_FILE = "nudge-state"


class Streak:
    """Days practised in a row. A plain class: the nudge imports this, and must be quick."""

    __slots__ = ("current", "longest")

    def __init__(self, current: int, longest: int) -> None:
        self.current = current  # in a row up to today, or up to yesterday if today is open
        self.longest = longest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Streak) and (self.current, self.longest) == (
            other.current,
            other.longest,
        )

    def __hash__(self) -> int:
        return hash((self.current, self.longest))

    def __repr__(self) -> str:
        return f"Streak(current={self.current}, longest={self.longest})"


def streak(days: Iterable[dt.date], today: dt.date) -> Streak:
    import datetime as dt

    practised = sorted(set(days))
    longest = run = 0
    previous: dt.date | None = None
    for day in practised:
        run = run + 1 if previous is not None and day - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in practised else today - dt.timedelta(days=1)
    wanted = set(practised)
    while day in wanted:
        current += 1
        day -= dt.timedelta(days=1)
    return Streak(current=current, longest=longest)
