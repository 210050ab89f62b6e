"""Streaks of days practised, from a set of local dates. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Streak:
    current: int  # days in a row up to today, or up to yesterday if today is still open
    longest: int


def streak(days: Iterable[dt.date], today: dt.date) -> Streak:
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
