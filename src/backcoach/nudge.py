"""`backcoach nudge`: one line for the shell's start-up file, as fast as Python starts.

It imports neither typer nor rich nor yaml, reads the history without
changing it, and on any problem prints nothing and exits 0: a broken
reminder must never get in the way of opening a shell.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

# The days on which at least one stretch was done, by the person's local date.
PRACTISED_DAYS = """
    SELECT DISTINCT substr(s.started_at, 1, 10)
    FROM sessions AS s JOIN session_stretches AS t ON t.session_id = s.id
    WHERE t.outcome = 'done'
"""


def message(today: dt.date) -> str | None:
    """The reminder for `today`, or None when there is nothing to say."""
    import os

    from .paths import data_dir_name
    from .streaks import streak

    path = os.path.join(data_dir_name(), "history.sqlite3")
    days: set[dt.date] = set()
    if os.path.isfile(path):
        uri = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        db = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=0.2)
        try:
            days = {dt.date.fromisoformat(row[0]) for row in db.execute(PRACTISED_DAYS)}
        finally:
            db.close()
    if today in days:
        return None
    current = streak(days, today).current
    if current:
        return (
            f"backcoach: no stretches yet today; keep your {current}-day streak "
            "going with `backcoach session`"
        )
    return "backcoach: time for your back stretches? `backcoach session`"


def main() -> int:
    import os
    import sys

    try:
        text = message(dt.date.today())
        if text:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - a nudge never fails loudly
        # Whatever went wrong (a closed pipe included) must not print at exit either.
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
    return 0
