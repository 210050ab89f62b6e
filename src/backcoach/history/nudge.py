"""`backcoach nudge`: one line for the shell's start-up file, as fast as Python starts.

It imports neither typer nor rich nor yaml, reads the history without
changing it, and on any problem prints nothing and exits 0: a broken
reminder must never get in the way of opening a shell.
"""

from __future__ import annotations

import os
import time

from backcoach.paths import data_dir_name

from .streaks import NUDGE_STATE_FILE

REMIND = "backcoach: time for your back stretches? `backcoach session`"


def _day(moment: time.struct_time) -> str:
    return time.strftime("%Y-%m-%d", moment)


def _yesterday(today: time.struct_time) -> str:
    # Noon of the day before, normalised by mktime, so a DST change cannot skip a day.
    noon = (today.tm_year, today.tm_mon, today.tm_mday - 1, 12, 0, 0, 0, 0, -1)
    return _day(time.localtime(time.mktime(noon)))


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _small_file(path: str) -> bytes:
    """A few bytes of a regular file; a FIFO or device there must not hang a new shell.

    textfile.read_bytes does this for every other input, but importing it
    (and the regular expressions it needs) would slow the nudge down.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        return os.read(fd, 100)
    finally:
        os.close(fd)


def message(today: time.struct_time | None = None) -> str | None:
    """The reminder for today, or None when a stretch was done today."""
    today = today or time.localtime()
    folder = data_dir_name()
    history = os.path.join(folder, "history.sqlite3")
    if not os.path.isfile(history):
        return REMIND
    state = os.path.join(folder, NUDGE_STATE_FILE)
    newest_write = max(_mtime(history), _mtime(history + "-wal"))
    if _mtime(state) >= newest_write > 0:
        last, count = _small_file(state).decode("ascii").split()
        last_day, streak_then = last, int(count)
    else:  # no state, or the history changed behind it: ask SQLite
        last_day, streak_then = _from_history(history)
    if last_day == _day(today):
        return None
    if last_day == _yesterday(today) and streak_then:
        return (
            f"backcoach: no stretches yet today; keep your {streak_then}-day streak "
            "going with `backcoach session`"
        )
    return REMIND


def _from_history(path: str) -> tuple[str, int]:
    """The last day practised and the streak up to it, read-only from the history."""
    import datetime as dt
    import sqlite3

    from .streaks import PRACTISED_DAYS_SQL, streak

    uri = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    db = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=0.2)
    try:
        days = {dt.date.fromisoformat(row[0]) for row in db.execute(PRACTISED_DAYS_SQL)}
    finally:
        db.close()
    if not days:
        return "", 0
    last = max(days)
    return last.isoformat(), streak(days, last).current


def main() -> int:
    import os
    import sys

    try:
        text = message()
        if text:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - a nudge never fails loudly
        # Whatever went wrong (a closed pipe included) must not print at exit either.
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
    return 0
