"""Turn a catalogue and the chosen options into a timeline of phases.

Pure functions only: no clock, no terminal, no files. The engine plays the
timeline; the renderers show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from backcoach.catalogue.models import Breath, Side, Stretch, Timing
from backcoach.errors import UsageError

if TYPE_CHECKING:
    from . import fitting  # only --minutes needs it: imported in plan()


# setup: into the stretch's position (or onto the other side); move: a movement
# inside a repetition that the source ties to no breath.
PhaseKind = Literal["setup", "move", "inhale", "exhale", "hold", "release", "rest"]
Level = Literal["standard", "gentle"]
LEVELS: tuple[Level, ...] = ("standard", "gentle")

BREATHE_IN_CUE = "Breathe in deeply"
REST_CUE = "Rest, breathe easily"


@dataclass(frozen=True)
class Prescription:
    """How one stretch will be done this time: reps, hold and which sides."""

    stretch: Stretch
    reps: int
    hold_seconds: int | None
    sides: tuple[Side, ...] | None = None  # None: every side the dose names
    prescribed: bool = False  # a routine set a dose outside the source's range

    @property
    def side_order(self) -> tuple[Side | None, ...]:
        if self.stretch.dose.sides == "once":
            return (None,)
        return self.sides or ("left", "right")


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float
    cue: str
    text: str
    breath: Breath | None
    stretch_id: str
    stretch_index: int  # position of the stretch in this timeline, from 0
    side: Side | None
    rep: int  # from 1; 0 for setup and rest, which belong to no repetition
    reps: int  # repetitions on this side (or in all, when sides alternate)
    start: float = 0.0  # seconds from the start of the routine

    @property
    def end(self) -> float:
        return self.start + self.seconds


@dataclass(frozen=True)
class Timeline:
    phases: tuple[Phase, ...]
    prescriptions: tuple[Prescription, ...]
    trimmed: tuple[str, ...] = ()  # what --minutes shortened: "bridge 10 → 8 reps"
    left_out: tuple[fitting.LeftOut, ...] = ()  # stretches --minutes left out today
    fitted_to: float | None = None  # the --minutes asked for

    @property
    def total_seconds(self) -> float:
        return self.phases[-1].end if self.phases else 0.0

    def stretch_bounds(self, index: int) -> tuple[float, float]:
        """Start and end of stretch `index`, its rest excluded."""
        phases = [p for p in self.phases if p.stretch_index == index and p.kind != "rest"]
        return phases[0].start, phases[-1].end


def prescribe(stretch: Stretch, level: Level = "standard") -> Prescription:
    """The source's dose at a level: the lower end when gentle, else the middle.

    Alternating stretches get an even count, so both sides do the same work.
    """
    gentle = level == "gentle"
    dose = stretch.dose
    return Prescription(
        stretch=stretch, reps=dose.reps_at(gentle), hold_seconds=dose.hold_at(gentle)
    )


def build(
    prescriptions: list[Prescription] | tuple[Prescription, ...],
    timing: Timing,
    rest_seconds: float | None = None,
    trimmed: tuple[str, ...] = (),
) -> Timeline:
    """Lay the prescriptions end to end, with a rest between two stretches."""
    rest = timing.rest_seconds if rest_seconds is None else rest_seconds
    phases: list[Phase] = []
    for index, prescription in enumerate(prescriptions):
        start = phases[-1].end if phases else 0.0
        phases.extend(_stretch_phases(prescription, index, timing, start))
        if index < len(prescriptions) - 1 and rest > 0:
            last = phases[-1]
            phases.append(
                Phase(
                    "rest",
                    rest,
                    REST_CUE,
                    REST_CUE,
                    None,
                    last.stretch_id,
                    index,
                    None,
                    0,
                    0,
                    last.end,
                )
            )
    return Timeline(tuple(phases), tuple(prescriptions), trimmed)


def _stretch_phases(
    prescription: Prescription, index: int, timing: Timing, start: float
) -> list[Phase]:
    stretch = prescription.stretch
    phases: list[Phase] = []
    sides = prescription.side_order
    alternate = stretch.dose.sides == "alternate"
    # Each side block is one run of repetitions: one block for "once" and for
    # alternating sides (the side changes every rep), one per side for "each".
    blocks: list[list[Side | None]] = (
        [[sides[rep % len(sides)] for rep in range(prescription.reps)]]
        if alternate
        else [[side] * prescription.reps for side in sides]
    )

    def phase(
        kind: PhaseKind,
        seconds: float,
        cue: str,
        text: str,
        breath: Breath | None,
        side: Side | None,
        rep: int,
    ) -> Phase:
        begins = phases[-1].end if phases else start
        return Phase(
            kind,
            seconds,
            cue,
            text,
            breath,
            stretch.id,
            index,
            side,
            rep,
            prescription.reps,
            begins,
        )

    for block_index, block in enumerate(blocks):
        first_side = block[0]
        # An alternating block starts on both sides at once: its position is
        # the side-neutral one, and its steps name the limbs.
        position = stretch.position_for(first_side if not alternate else None)
        if block_index == 0:
            phases.append(
                phase(
                    "setup",
                    timing.setup_seconds,
                    position.cue,
                    position.text,
                    None,
                    first_side,
                    0,
                )
            )
        else:
            switch = f"Switch to the {first_side} side"
            # The side's own position names the limbs; without one, say the switch.
            sided = stretch.position_per_side is not None
            phases.append(
                phase(
                    "setup",
                    timing.switch_side_seconds,
                    position.cue if sided else switch,
                    f"{switch}. {position.text}",
                    None,
                    first_side,
                    0,
                )
            )
        for rep, side in enumerate(block, start=1):
            for step in stretch.steps:
                words = step.wording(side)
                kind, seconds = _step_timing(step.kind, step.breath, prescription, timing)
                previous = phases[-1].kind
                if kind == "inhale" and step.kind == "move" and previous == "inhale":
                    continue  # the breath in that ended the last rep starts this one
                if kind == "exhale" and previous != "inhale":
                    phases.append(
                        phase(
                            "inhale",
                            timing.inhale_seconds,
                            BREATHE_IN_CUE,
                            BREATHE_IN_CUE + ".",
                            "in",
                            side,
                            rep,
                        )
                    )
                phases.append(phase(kind, seconds, words.cue, words.text, step.breath, side, rep))
    return phases


def _step_timing(
    step_kind: str, breath: Breath | None, prescription: Prescription, timing: Timing
) -> tuple[PhaseKind, float]:
    if step_kind == "hold":
        assert prescription.hold_seconds is not None  # the loader pairs holds with a range
        return "hold", float(prescription.hold_seconds)
    if breath == "in":
        return "inhale", timing.inhale_seconds
    if breath == "out":
        return "exhale", timing.exhale_seconds
    if step_kind == "release":
        return "release", timing.release_seconds
    # A movement inside a repetition that the source ties to no breath.
    return "move", timing.move_seconds


def stretch_seconds(prescription: Prescription, timing: Timing) -> float:
    """How long one stretch takes on its own, with no rest."""
    return build([prescription], timing).total_seconds


def total_seconds(
    stretch_times: list[float], timing: Timing, rest_seconds: float | None = None
) -> float:
    """A routine's length from its stretches' own times: what build() gives, without phases."""
    rest = timing.rest_seconds if rest_seconds is None else rest_seconds
    return sum(stretch_times) + max(0, len(stretch_times) - 1) * max(0.0, rest)


def plan(
    prescriptions: list[Prescription],
    timing: Timing,
    minutes: float | None = None,
    rest_seconds: float | None = None,
    recent: Sequence[str] = (),
) -> Timeline:
    """The session's timeline, fitted into about `minutes` if given (see fitting).

    `recent` lists stretch ids, the most recently done first: when whole
    stretches must be left out to fit, those go first.
    """
    if not prescriptions:
        raise UsageError("no stretches left to do; check --only and --skip")
    if minutes is None:
        return build(prescriptions, timing, rest_seconds)
    if not 0 < minutes < float("inf"):  # nan fails this too
        raise UsageError(f"--minutes must be a number more than 0, not {minutes:g}")
    rest = timing.rest_seconds if rest_seconds is None else rest_seconds
    from . import fitting

    fitted = fitting.fit(prescriptions, lambda p: stretch_seconds(p, timing), rest, minutes, recent)
    timeline = build(fitted.prescriptions, timing, fitted.rest_seconds, fitted.shortened)
    return replace(timeline, left_out=fitted.left_out, fitted_to=minutes)
