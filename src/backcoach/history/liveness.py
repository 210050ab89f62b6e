"""Is the process that wrote a `running` session still running it?

A session row carries its host, pid and the process's start (the boot's id and
the start time in clock ticks, from /proc): a pid reused by another program
after a reboot or a wrap-around has a different start, so a session whose
process is gone is seen as interrupted at once. Where /proc is missing (not
Linux) or the row comes from another host, only age tells: after 12 hours.
"""

from __future__ import annotations

import datetime as dt
import os

STALE_AFTER = dt.timedelta(hours=12)

_boot_id: str | None = None


def host() -> str:
    return os.uname().nodename


def process_start(pid: int | None = None) -> str | None:
    """'BOOT-ID:TICKS' for `pid` (this process by default), or None when unknown."""
    global _boot_id
    pid = os.getpid() if pid is None else pid
    try:
        if _boot_id is None:
            with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as file:
                _boot_id = file.read().strip()
        with open(f"/proc/{pid}/stat", "rb") as stat:
            data = stat.read()
        # Field 22 (starttime); the name in field 2 may hold spaces and ')'.
        ticks = int(data[data.rindex(b")") + 2 :].split()[19])
    except (OSError, ValueError, IndexError):
        return None
    return f"{_boot_id}:{ticks}"


def alive(pid: int | None) -> bool:
    if not pid or pid < 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def gone(
    session_host: str | None,
    pid: int | None,
    started: str | None,
    started_at: str,
    now: dt.datetime,
) -> bool:
    """True when the process that ran this session can no longer be running it."""
    if session_host == host():
        if not alive(pid):
            return True
        if started is not None:
            current = process_start(pid)
            if current is not None:
                return current != started  # the pid now belongs to another process
    cutoff = (now - STALE_AFTER).isoformat(timespec="seconds")
    return started_at < cutoff
