"""Test doubles: a clock that only moves when told, and views that only remember."""

from __future__ import annotations

from dataclasses import dataclass, field

from backcoach.session.engine import Frame


@dataclass
class FakeClock:
    """Time moves only when the code under test waits; keys arrive at set times.

    `keys` is a list of (time, key): the first wait whose deadline reaches a
    key's time returns at that time with every key scheduled for it.
    """

    keys: list[tuple[float, str]] = field(default_factory=list)
    t: float = 0.0
    waits: list[float | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = sorted(self.keys)

    def now(self) -> float:
        return self.t

    def wait(self, deadline: float | None) -> list[str]:
        self.waits.append(deadline)
        if self.keys and (deadline is None or self.keys[0][0] <= deadline):
            at = self.keys[0][0]
            self.t = max(self.t, at)
            batch = [key for when, key in self.keys if when == at]
            self.keys = [(when, key) for when, key in self.keys if when != at]
            return batch
        if deadline is None:
            raise AssertionError("the code waits forever and no key is scheduled")
        self.t = max(self.t, deadline)
        return []


@dataclass
class RecordingView:
    """A view that keeps every frame it was asked to show."""

    breath_steps: int = 16
    frames: list[Frame] = field(default_factory=list)
    started: list[Frame] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    notices: list[str | None] = field(default_factory=list)
    starts: int = 0
    stops: int = 0

    def start(self) -> None:
        self.starts += 1

    def stop(self) -> None:
        self.stops += 1

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None:
        self.frames.append(frame)
        self.notices.append(notice)

    def phase_started(self, frame: Frame) -> None:
        self.started.append(frame)

    def message(self, text: str) -> None:
        self.messages.append(text)
