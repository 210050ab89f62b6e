"""Turn a catalogue and the chosen options into a timeline of phases.

Pure functions only: no clock, no terminal, no files. The engine plays the
timeline; the renderers show it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from backcoach.catalogue.models import Breath, Side, Stretch, Timing
from backcoach.errors import UsageError

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

    @property
    def min_reps(self) -> int:
        """Never below one repetition on each side that is done."""
        if self.stretch.dose.sides == "alternate":
            return len(self.side_order)
        return 1


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
    trimmed: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> float:
        return self.phases[-1].end if self.phases else 0.0

    def stretch_bounds(self, index: int) -> tuple[float, float]:
        """Start and end of stretch `index`, its rest excluded."""
        phases = [p for p in self.phases if p.stretch_index == index and p.kind != "rest"]
        return phases[0].start, phases[-1].end


def prescribe(stretch: Stretch, level: Level = "standard") -> Prescription:
    """The source's dose at a level: the lower end when gentle, else the middle."""
    dose = stretch.dose
    if level == "gentle":
        reps = dose.reps.min
        hold = dose.hold_seconds.min if dose.hold_seconds else None
    else:
        reps = dose.reps.middle()
        hold = dose.hold_seconds.middle() if dose.hold_seconds else None
    return Prescription(stretch=stretch, reps=reps, hold_seconds=hold)


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
        if block_index == 0:
            phases.append(
                phase(
                    "setup",
                    timing.setup_seconds,
                    stretch.position_cue,
                    stretch.position,
                    None,
                    first_side,
                    0,
                )
            )
        else:
            cue = f"Switch to the {first_side} side"
            phases.append(
                phase(
                    "setup",
                    timing.switch_side_seconds,
                    cue,
                    f"{cue}. {stretch.position}",
                    None,
                    first_side,
                    0,
                )
            )
        for rep, side in enumerate(block, start=1):
            for step in stretch.steps:
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
                phases.append(phase(kind, seconds, step.cue, step.text, step.breath, side, rep))
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


def fit(
    prescriptions: list[Prescription],
    timing: Timing,
    minutes: float,
    rest_seconds: float | None = None,
) -> tuple[list[Prescription], tuple[str, ...]]:
    """Trim repetitions evenly until the routine fits in `minutes`.

    Each step takes one rep from the stretch that keeps the largest share of
    its own reps, so every stretch loses about the same proportion. Raises
    UsageError when even one rep a side does not fit.
    """
    budget = minutes * 60
    current = list(prescriptions)

    def total() -> float:
        return build(current, timing, rest_seconds).total_seconds

    if total() <= budget:
        return current, ()
    floor = [replace(p, reps=p.min_reps) for p in current]
    shortest = build(floor, timing, rest_seconds).total_seconds
    if shortest > budget:
        raise UsageError(
            f"the routine cannot fit in {minutes:g} minutes: even one repetition a side "
            f"takes {_minutes(shortest)}; give more minutes or fewer stretches "
            "(--only, --skip)"
        )
    while total() > budget:
        candidates = [i for i, p in enumerate(current) if p.reps > p.min_reps]
        pick = max(
            candidates, key=lambda i: (current[i].reps / prescriptions[i].reps, current[i].reps, -i)
        )
        current[pick] = replace(current[pick], reps=current[pick].reps - 1)
    notes = tuple(
        f"{before.stretch.id}: {before.reps} → {after.reps} reps"
        for before, after in zip(prescriptions, current, strict=True)
        if before.reps != after.reps
    )
    return current, notes


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s"


def plan(
    prescriptions: list[Prescription],
    timing: Timing,
    minutes: float | None = None,
    rest_seconds: float | None = None,
) -> Timeline:
    """The session's timeline, trimmed to about `minutes` if given."""
    if not prescriptions:
        raise UsageError("no stretches left to do; check --only and --skip")
    trimmed: tuple[str, ...] = ()
    if minutes is not None:
        if not 0 < minutes < float("inf"):  # nan fails this too
            raise UsageError(f"--minutes must be a number more than 0, not {minutes:g}")
        prescriptions, trimmed = fit(prescriptions, timing, minutes, rest_seconds)
    return build(prescriptions, timing, rest_seconds, trimmed)
