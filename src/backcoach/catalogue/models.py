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


@dataclass(frozen=True)
class Step:
    text: str
    cue: str
    kind: StepKind
    breath: Breath | None


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
    figure: Figure | None = None  # None: this stretch shows no figure


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
