"""Play a timeline against a clock: what to show now, and when it next changes.

The engine never reads a clock itself: every method takes `now`, a reading
of whatever clock the caller uses (seconds, monotonic). Deadlines are always
computed from one origin, so late wake-ups never accumulate into drift:

    position in the timeline = now - origin   (frozen at the pause while paused)

Pausing moves the origin later by the pause; skipping and restarting move it
by the jump. Every later deadline follows.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .planner import Phase, Prescription, Timeline

Outcome = Literal["done", "skipped", "painful"]
Status = Literal["running", "finished", "quit"]

# Rounding slack, so a wake-up a hair early or late shows the right second.
EPSILON = 1e-6


@dataclass(frozen=True)
class Frame:
    """Everything the view needs for one moment of the session."""

    phase_index: int
    phase: Phase
    prescription: Prescription | None  # None only in the get-ready countdown
    stretch_number: int  # from 1, in this session
    stretch_count: int
    remaining: int  # whole seconds left in this phase, rounded up
    breath_level: float | None  # 0..1: fills on a breath in, empties on a breath out
    paused: bool
    position: float
    total: float
    next_phase: Phase | None
    next_prescription: Prescription | None  # the next stretch, when the next phase starts it

    @property
    def time_left(self) -> int:
        return math.ceil(self.total - self.position - EPSILON)

    @property
    def progress(self) -> float:
        return min(1.0, self.position / self.total) if self.total else 1.0


@dataclass(frozen=True)
class PhaseStarted:
    index: int
    phase: Phase


@dataclass(frozen=True)
class StretchEnded:
    index: int
    stretch_id: str
    outcome: Outcome


@dataclass(frozen=True)
class SessionEnded:
    status: Literal["finished", "quit"]


Event = PhaseStarted | StretchEnded | SessionEnded


@dataclass
class Engine:
    timeline: Timeline
    origin: float
    started_at: float = 0.0
    paused_at: float | None = None
    paused_seconds: float = 0.0
    status: Status = "running"
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    _shown_phase: int = -1
    _starts: list[float] = field(default_factory=list)
    _bounds: list[tuple[float, float]] = field(default_factory=list)
    ended_at: float | None = None  # clock time of the end
    # After p: paused on the pain advice until the person goes on (space) or quits.
    pain_stopped: bool = False

    def __post_init__(self) -> None:
        if not self.timeline.phases:
            raise ValueError("a timeline needs at least one phase")
        self._starts = [phase.start for phase in self.timeline.phases]
        self._bounds = [
            self.timeline.stretch_bounds(index) for index in range(len(self.timeline.prescriptions))
        ]

    @classmethod
    def start(cls, timeline: Timeline, now: float) -> Engine:
        return cls(timeline=timeline, origin=now, started_at=now)

    # -- where we are -----------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def finished(self) -> bool:
        return self.status != "running"

    def position(self, now: float) -> float:
        moment = self.paused_at if self.paused_at is not None else now
        if self.ended_at is not None:
            moment = min(moment, self.ended_at)
        return min(max(0.0, moment - self.origin), self.timeline.total_seconds)

    def phase_index(self, now: float) -> int:
        position = self.position(now)
        index = bisect.bisect_right(self._starts, position + EPSILON) - 1
        return max(0, min(index, len(self._starts) - 1))

    def deadline(self, position: float) -> float:
        """The clock time at which the timeline reaches `position`, if nothing changes."""
        return self.origin + position

    def frame(self, now: float) -> Frame:
        index = self.phase_index(now)
        phase = self.timeline.phases[index]
        position = self.position(now)
        remaining = max(0, math.ceil(phase.end - position - EPSILON))
        level: float | None = None
        if phase.breath and phase.kind in ("inhale", "exhale"):
            done = min(1.0, max(0.0, (position - phase.start) / phase.seconds))
            level = done if phase.kind == "inhale" else 1.0 - done
        next_phase = self.timeline.phases[index + 1] if index + 1 < len(self._starts) else None
        prescriptions = self.timeline.prescriptions
        next_prescription = None
        if next_phase is not None and next_phase.stretch_index != phase.stretch_index:
            next_prescription = prescriptions[next_phase.stretch_index]
        return Frame(
            phase_index=index,
            phase=phase,
            prescription=(
                prescriptions[phase.stretch_index]
                if phase.stretch_index < len(prescriptions)
                else None
            ),
            stretch_number=phase.stretch_index + 1,
            stretch_count=len(prescriptions),
            remaining=remaining,
            breath_level=level,
            paused=self.paused,
            position=position,
            total=self.timeline.total_seconds,
            next_phase=next_phase,
            next_prescription=next_prescription,
        )

    def next_change(
        self,
        now: float,
        breath_steps: int = 0,
        motion_steps: Callable[[int, Phase], int] | None = None,
    ) -> float | None:
        """The clock time of the next visible change, or None while paused or over.

        Visible changes: the countdown's whole second, the phase's end,
        (with `breath_steps`) each step of the breath bar, and (with
        `motion_steps`, steps for a phase: 0 when nothing moves) each step of
        a moving figure.
        """
        if self.paused or self.finished:
            return None
        position = self.position(now)
        index = self.phase_index(now)
        phase = self.timeline.phases[index]
        remaining = phase.end - position
        to_second = remaining - math.floor(remaining + EPSILON)
        if to_second <= EPSILON:
            to_second = 1.0
        candidates = [position + min(to_second, remaining), phase.end]
        if breath_steps and phase.breath and phase.kind in ("inhale", "exhale"):
            step = phase.seconds / breath_steps
            done = math.floor((position - phase.start + EPSILON) / step) + 1
            candidates.append(phase.start + done * step)
        moving = motion_steps(index, phase) if motion_steps is not None else 0
        if moving > 0:
            step = phase.seconds / moving
            done = math.floor((position - phase.start + EPSILON) / step) + 1
            candidates.append(phase.start + done * step)
        ahead = [c for c in candidates if c > position + EPSILON / 2]
        return self.deadline(min(ahead) if ahead else phase.end)

    # -- time passing -----------------------------------------------------

    def update(self, now: float) -> list[Event]:
        """Events since the last update: the phase entered, stretches ended, the end."""
        if self.finished:
            return []
        events: list[Event] = []
        position = self.position(now)
        for index in range(len(self.timeline.prescriptions)):
            if index in self.outcomes:
                continue
            if position + EPSILON >= self._bounds[index][1]:
                events.extend(self._end_stretch(index, "done"))
        index = self.phase_index(now)
        if position + EPSILON >= self.timeline.total_seconds:
            if self.paused:
                return events  # p on the last stretch: the end waits for the person
            self.status = "finished"
            self.ended_at = now
            events.append(SessionEnded("finished"))
            return events
        if self.pain_stopped:
            return events  # the next stretch is announced when the person goes on
        # Announce every phase reached, even ones a late wake-up passed over,
        # so a plain log has a line for each; jumps set _shown_phase first.
        for passed in range(self._shown_phase + 1, index + 1):
            events.append(PhaseStarted(passed, self.timeline.phases[passed]))
        self._shown_phase = max(self._shown_phase, index)
        return events

    def _end_stretch(self, index: int, outcome: Outcome) -> list[Event]:
        if index >= len(self.timeline.prescriptions):
            return []  # a countdown with no stretch in it
        self.outcomes[index] = outcome
        stretch_id = self.timeline.prescriptions[index].stretch.id
        return [StretchEnded(index, stretch_id, outcome)]

    # -- the person's keys ------------------------------------------------

    def toggle_pause(self, now: float) -> None:
        if self.finished:
            return
        if self.paused_at is None:
            self.paused_at = now
        else:
            self.pause_for(self.paused_at, now)
            self.pain_stopped = False

    def pause_for(self, start: float, end: float) -> None:
        """Treat [start, end) as paused: every later deadline moves by its length."""
        self.paused_at = None
        if end > start:
            self.origin += end - start
            self.paused_seconds += end - start

    def _jump_to(self, now: float, position: float) -> None:
        self.origin -= position - self.position(now)
        self._shown_phase = self.phase_index(now) - 1  # announce where we land, not the way

    def _current_stretch(self, now: float) -> int:
        return self.timeline.phases[self.phase_index(now)].stretch_index

    def skip(self, now: float) -> list[Event]:
        """Go to the next stretch now; the one in progress counts as skipped."""
        if self.finished:
            return []
        index = self._current_stretch(now)
        events = [] if index in self.outcomes else self._end_stretch(index, "skipped")
        return events + self._go_to_stretch(now, index + 1)

    def pain(self, now: float) -> list[Event]:
        """'This hurts': stop this stretch, mark it painful, and wait at the next one.

        The session stays paused on the advice until `toggle_pause` (space) or
        `quit`; a second call meanwhile does nothing. During the rest after a
        stretch, the stretch just done becomes painful: one outcome per stretch.
        """
        if self.finished or self.pain_stopped:
            return []
        index = self._current_stretch(now)
        if index >= len(self._bounds):
            return []  # the get-ready countdown: no stretch to stop
        events: list[Event] = []
        if self.outcomes.get(index) != "painful":
            events = self._end_stretch(index, "painful")
        if self.paused_at is not None:
            self.pause_for(self.paused_at, now)
        following = index + 1
        target = (
            self._bounds[following][0]
            if following < len(self._bounds)
            else self.timeline.total_seconds
        )
        self._jump_to(now, target)
        self.paused_at = now
        self.pain_stopped = True
        return events + self.update(now)

    def restart(self, now: float) -> list[Event]:
        """Start the current stretch again from its position phase."""
        if self.finished:
            return []
        index = self._current_stretch(now)
        self.outcomes.pop(index, None)
        self._jump_to(now, self._bounds[index][0] if index < len(self._bounds) else 0.0)
        return self.update(now)

    def quit(self, now: float) -> list[Event]:
        if self.finished:
            return []
        events: list[Event] = []
        index = self._current_stretch(now)
        started = index < len(self._bounds) and self.position(now) > self._bounds[index][0]
        if index not in self.outcomes and started:
            events += self._end_stretch(index, "skipped")
        if self.paused_at is not None:
            self.pause_for(self.paused_at, now)
        self.status = "quit"
        self.ended_at = now
        events.append(SessionEnded("quit"))
        return events

    def _go_to_stretch(self, now: float, index: int) -> list[Event]:
        if index >= len(self._bounds):
            self._jump_to(now, self.timeline.total_seconds)
        else:
            self._jump_to(now, self._bounds[index][0])
        return self.update(now)
