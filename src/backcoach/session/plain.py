"""Plain text for pipes, screen readers and TERM=dumb: one line per change.

No cursor movement, no colour, nothing rich: each line stands on its own.
"""

from __future__ import annotations

from typing import IO

from backcoach.describe import clock

from .engine import Frame
from .planner import Phase, Timeline

KIND_WORDS = {
    "setup": "position",
    "move": "move",
    "inhale": "breathe in",
    "exhale": "breathe out",
    "hold": "hold",
    "release": "release",
    "rest": "rest",
}


def phase_words(phase: Phase, stretch_name: str, number: int, count: int) -> str:
    """'Bridge (7/10) · rep 2/10 · breathe out: Breathe out, lift hips gently · 5 s'."""
    parts = [f"{stretch_name} ({number}/{count})"]
    if phase.side:
        parts.append(f"{phase.side} side")
    if phase.rep:
        parts.append(f"rep {phase.rep}/{phase.reps}")
    parts.append(f"{KIND_WORDS[phase.kind]}: {phase.cue}")
    parts.append(f"{phase.seconds:g} s")
    return " · ".join(parts)


class PlainView:
    """Prints a line when a phase starts; never redraws."""

    breath_steps = 0

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None:
        pass

    def phase_started(self, frame: Frame) -> None:
        if frame.prescription is None:  # the get-ready countdown
            self.line(f"{frame.phase.cue} · {frame.phase.seconds:g} s")
            return
        words = phase_words(
            frame.phase, frame.prescription.stretch.name, frame.stretch_number, frame.stretch_count
        )
        self.line(f"[{clock(frame.position)}] {words}")

    def message(self, text: str) -> None:
        self.line(f"! {text}")

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


def timeline_lines(timeline: Timeline) -> list[str]:
    """The dry run: every phase with its start time, then the total."""
    count = len(timeline.prescriptions)
    lines = []
    for phase in timeline.phases:
        stretch = timeline.prescriptions[phase.stretch_index].stretch
        words = phase_words(phase, stretch.name, phase.stretch_index + 1, count)
        lines.append(f"{clock(phase.start):>6}  {words}")
    lines.append(f"Total: {clock(timeline.total_seconds)} ({len(timeline.phases)} phases)")
    return lines
