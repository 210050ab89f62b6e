"""Time, as the session sees it: one small interface, so tests can fake it.

`now()` is a monotonic reading in seconds of session time; `wait(deadline)`
returns when that moment comes or as soon as input arrives, with whatever
input arrived. `--speed F` is a clock whose seconds pass F times faster.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    def wait(self, deadline: float | None) -> list[str]:
        """Return at `deadline` (None: only when input comes) or when input arrives."""
        ...


class KeySource(Protocol):
    def read(self, timeout: float | None) -> list[str]:
        """Every key (or event such as 'resize') available within `timeout` seconds."""
        ...


class SystemClock:
    """The real monotonic clock, optionally sped up, waking for keys from `keys`."""

    def __init__(self, keys: KeySource | None = None, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.keys = keys
        self.speed = speed
        self._zero = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._zero) * self.speed

    def wait(self, deadline: float | None) -> list[str]:
        timeout = None if deadline is None else max(0.0, (deadline - self.now()) / self.speed)
        if self.keys is not None:
            return self.keys.read(timeout)
        if timeout is None:
            raise ValueError("waiting forever with no keys to wake up")
        # Sleep in one piece: time.sleep() resumes after signals (PEP 475).
        time.sleep(timeout)
        return []
