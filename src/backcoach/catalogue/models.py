"""The catalogue as frozen dataclasses: what a stretch is, independent of YAML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Breath = Literal["in", "out"]
StepKind = Literal["move", "hold", "release"]
Sides = Literal["once", "each", "alternate"]
Side = Literal["left", "right"]

SIDES: tuple[Sides, ...] = ("once", "each", "alternate")
STEP_KINDS: tuple[StepKind, ...] = ("move", "hold", "release")
BREATHS: tuple[Breath, ...] = ("in", "out")


@dataclass(frozen=True)
class Range:
    """An inclusive range of whole numbers, min <= max, both at least 1."""

    min: int
    max: int

    def middle(self) -> int:
        """The middle of the range, rounded down: the standard level's choice."""
        return (self.min + self.max) // 2

    def contains(self, value: int) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Dose:
    sides: Sides
    reps: Range
    hold_seconds: Range | None

    def reps_at(self, gentle: bool) -> int:
        """The level's repetitions: the lowest (gentle) or the middle of the range.

        Alternating repetitions are shared by both sides, so their count is
        even: rounded up to the next even number, which the loader makes sure
        the range holds.
        """
        reps = self.reps.min if gentle else self.reps.middle()
        if self.sides == "alternate" and reps % 2 and reps + 1 <= self.reps.max:
            reps += 1
        return reps

    def hold_at(self, gentle: bool) -> int | None:
        if self.hold_seconds is None:
            return None
        return self.hold_seconds.min if gentle else self.hold_seconds.middle()


@dataclass(frozen=True)
class Wording:
    """What a person reads for one side: the full text and the short cue."""

    text: str
    cue: str


@dataclass(frozen=True)
class PerSide:
    """The wording of a position or step for each side, naming its limbs."""

    left: Wording
    right: Wording

    def of(self, side: Side) -> Wording:
        return self.left if side == "left" else self.right


@dataclass(frozen=True)
class Step:
    text: str
    cue: str
    kind: StepKind
    breath: Breath | None
    per_side: PerSide | None = None  # None: the same words on both sides

    def wording(self, side: Side | None) -> Wording:
        """This step's words on `side`; the side-neutral ones when it names no limb."""
        if side is None or self.per_side is None:
            return Wording(self.text, self.cue)
        return self.per_side.of(side)


@dataclass(frozen=True)
class Stretch:
    id: str
    number: int
    name: str
    summary: str
    equipment: tuple[str, ...]
    position: str
    position_cue: str
    steps: tuple[Step, ...]
    dose: Dose
    cautions: tuple[str, ...]
    notes: tuple[str, ...]
    position_per_side: PerSide | None = None  # None: the same position on both sides
    figure: Figure | None = None  # None: this stretch shows no figure

    def position_for(self, side: Side | None) -> Wording:
        """The starting position on `side` (text and cue); side-neutral when it has none."""
        if side is None or self.position_per_side is None:
            return Wording(self.position, self.position_cue)
        return self.position_per_side.of(side)

    @property
    def one_sided(self) -> bool:
        return self.dose.sides != "once"


@dataclass(frozen=True)
class Pose:
    """One side-view position as joint angles in degrees (see catalogue/poses.py).

    The plain data lives here with the other catalogue types, so a cached
    catalogue is rebuilt without importing the pose checker or the drawing.
    """

    touching: tuple[str, ...]  # what rests on the floor: back, feet, near knee, ...
    hips: tuple[float, float]  # the hip joint: forward and up from the floor, body units
    pelvis: float  # direction from the hips to the waist, counter-clockwise from forward
    spine: float  # bend at the waist: positive arches the back
    neck: float  # positive tucks the chin
    near_arm: tuple[float, float]  # shoulder (raised forward), elbow (bent)
    far_arm: tuple[float, float]
    # hip (raised forward), knee (bent), ankle (pointed), roll (the leg turned out of
    # the picture to one side: 90 lays a bent knee down on the floor)
    near_leg: tuple[float, float, float, float]
    far_leg: tuple[float, float, float, float]


@dataclass(frozen=True)
class Figure:
    """A stretch drawn: its starting pose and the pose each step ends in."""

    start: Pose
    steps: tuple[Pose, ...]  # one per step of the stretch, in order
    working: tuple[str, ...]  # limbs that do the work on the current side: near_leg, ...
    props: tuple[str, ...] = ()  # pillow, towel
    note: str | None = None  # what the drawing cannot show, said where it is shown


@dataclass(frozen=True)
class Timing:
    """backcoach's pacing, in seconds, for what the source gives no duration."""

    get_ready_seconds: float
    setup_seconds: float
    switch_side_seconds: float
    inhale_seconds: float
    exhale_seconds: float
    move_seconds: float
    release_seconds: float
    rest_seconds: float


@dataclass(frozen=True)
class Advice:
    """The source's general advice, shown as written in the catalogue."""

    medical_note: str
    before_starting: str
    daily: str
    never_push: str
    if_it_hurts: str


@dataclass(frozen=True)
class Catalogue:
    stretches: tuple[Stretch, ...]
    timing: Timing
    advice: Advice
    origin: str

    def by_id(self, stretch_id: str) -> Stretch:
        for stretch in self.stretches:
            if stretch.id == stretch_id:
                return stretch
        raise KeyError(stretch_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(stretch.id for stretch in self.stretches)
