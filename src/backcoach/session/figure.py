"""Draw a stretch's figure in braille dots: poses in, lines of text out.

Pure: no terminal, no clock. A braille cell holds 2×4 dots that are about
square on screen, so a figure keeps its proportions at any size. Each cell
takes the style of the most important thing drawn in it: the working limb on
this side, then the near limbs and the body, then the far limbs, the floor.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from backcoach.catalogue import poses
from backcoach.catalogue.models import Figure, Pose

if TYPE_CHECKING:
    from .engine import Frame
    from .planner import Phase, Timeline

Role = Literal["blank", "floor", "prop", "far", "near", "working"]
Run = tuple[str, Role]
Row = list[Run]
PRIORITY: dict[Role, int] = {
    "blank": 0,
    "floor": 1,
    "prop": 2,
    "far": 3,
    "near": 4,
    "working": 5,
}
ROLES: tuple[Role, ...] = ("blank", "floor", "prop", "far", "near", "working")
# SGR codes: with colour, and with bold and dim only (NO_COLOR).
STYLES: dict[Role, str] = {"floor": "2", "prop": "2;33", "far": "2", "near": "1", "working": "1;33"}
PLAIN_STYLES: dict[Role, str] = {"floor": "2", "prop": "2", "far": "2", "near": "0", "working": "1"}
RICH_STYLES: dict[Role, str] = {
    "floor": "dim",
    "prop": "dim yellow",
    "far": "dim",
    "near": "bold",
    "working": "bold yellow",
}
# A moving figure is redrawn REDRAW_STEPS times a phase (the breath bar's ten
# cells, so on a breath both change together), never more than
# REDRAWS_PER_SECOND; the engine's next_change wakes only for these steps.
REDRAW_STEPS = 10
REDRAWS_PER_SECOND = 4
CACHED_DRAWINGS = 512  # a few hundred short lines: every step of a stretch's moves
MIN_ROWS = 4
FLOOR = "▔"
BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column]

_NEAR_LIMBS = {
    "near_arm": ("shoulders", "near_elbow", "near_hand"),
    "near_leg": ("hips", "near_knee", "near_ankle", "near_toes"),
}
_FAR_LIMBS = {
    "far_arm": ("shoulders", "far_elbow", "far_hand"),
    "far_leg": ("hips", "far_knee", "far_ankle", "far_toes"),
}


@dataclass(frozen=True)
class Bounds:
    """The body-unit box a set of poses needs: x from left to right, y up to top."""

    left: float
    right: float
    top: float


def bounds(shown: Sequence[Pose]) -> Bounds:
    """One box for every pose of a stretch, so the figure does not zoom as it moves."""
    xs: list[float] = []
    top = 0.0
    for pose in shown:
        points = poses.joints(pose)
        for name, (x, y) in points.items():
            reach = poses.HEAD_RADIUS if name == "head" else 0.0
            xs += [x - reach, x + reach]
            top = max(top, y + reach)
    return Bounds(min(xs), max(xs), top)


def figure_poses(figure: Figure) -> tuple[Pose, ...]:
    return (figure.start, *figure.steps)


def end_pose(figure: Figure) -> tuple[Pose | None, int]:
    """The step pose furthest from the start, and its step number; None if nothing moves."""

    def distance(pose: Pose) -> float:
        a, b = poses.joints(figure.start), poses.joints(pose)
        return sum(math.dist(a[name], b[name]) for name in a)

    best, number, far = None, 0, 0.5
    for index, pose in enumerate(figure.steps, start=1):
        moved = distance(pose)
        if moved > far:
            best, number, far = pose, index, moved
    return best, number


class _Canvas:
    """Dots on a grid, each keeping the most important role drawn on it."""

    def __init__(self, columns: int, rows: int) -> None:
        self.width = columns * 2
        self.height = rows * 4
        self.columns = columns
        self.rows = rows
        self.dots: dict[tuple[int, int], int] = {}  # (column, row) -> priority

    def dot(self, x: float, y: float, role: Role) -> None:
        self._dot(round(x), round(y), PRIORITY[role])

    def _dot(self, column: int, row: int, priority: int) -> None:
        if 0 <= column < self.width and 0 <= row < self.height:
            key = (column, row)
            if priority >= self.dots.get(key, 0):
                self.dots[key] = priority

    def line(self, a: tuple[float, float], b: tuple[float, float], role: Role) -> None:
        priority = PRIORITY[role]
        dx, dy = b[0] - a[0], b[1] - a[1]
        steps = max(1, math.ceil(max(abs(dx), abs(dy))))
        for index in range(steps + 1):
            t = index / steps
            self._dot(round(a[0] + dx * t), round(a[1] + dy * t), priority)

    def circle(self, centre: tuple[float, float], radius: float, role: Role) -> None:
        if radius < 1.6:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    if dx * dx + dy * dy <= radius * radius + 0.5:
                        self.dot(centre[0] + dx, centre[1] + dy, role)
            return
        count = max(12, math.ceil(radius * 8))
        for index in range(count):
            angle = 2 * math.pi * index / count
            self.dot(
                centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle), role
            )

    def rows_of_runs(self) -> list[Row]:
        bits = [[0] * self.columns for _ in range(self.rows)]
        best = [[0] * self.columns for _ in range(self.rows)]
        for (column, row), priority in self.dots.items():
            cell_row, cell_column = row // 4, column // 2
            bits[cell_row][cell_column] |= DOT_BITS[row % 4][column % 2]
            if priority > best[cell_row][cell_column]:
                best[cell_row][cell_column] = priority
        result: list[Row] = []
        for cell_bits, cell_best in zip(bits, best, strict=True):
            runs: Row = []
            for value, priority in zip(cell_bits, cell_best, strict=True):
                char = chr(BRAILLE + value) if value else " "
                role = ROLES[priority]
                if runs and runs[-1][1] == role:
                    runs[-1] = (runs[-1][0] + char, role)
                else:
                    runs.append((char, role))
            result.append(runs)
        return result


def draw(
    pose: Pose,
    columns: int,
    rows: int,
    box: Bounds,
    working: Sequence[str] = (),
    mirror: bool = False,
    props: Sequence[str] = (),
) -> list[Row]:
    """The pose drawn in `columns` × `rows` cells, on a floor line along the bottom.

    `working` names the limbs to highlight (near_leg, far_arm, ...); `mirror`
    turns the figure to face the other way, showing its other side.
    """
    canvas = _Canvas(columns, rows - 1)  # the last row is the floor
    floor = canvas.height
    usable_w, usable_h = canvas.width - 2, canvas.height - 1
    span = max(box.right - box.left, 1.0)
    scale = min(usable_w / span, usable_h / max(box.top, 1.0))
    margin = (canvas.width - span * scale) / 2
    points = poses.joints(pose)

    def at(name: str) -> tuple[float, float]:
        x, y = points[name]
        # Between two poses a foot can dip under the floor; it slides along it instead.
        y = max(y, poses.HEAD_RADIUS if name == "head" else 0.0)
        column = margin + (x - box.left) * scale
        if mirror:
            column = canvas.width - 1 - column
        return column, floor - 1 - y * scale

    def chain(names: Sequence[str], role: Role) -> None:
        for first, second in itertools.pairwise(names):
            canvas.line(at(first), at(second), role)

    for limb, names in _FAR_LIMBS.items():
        chain(names, "working" if limb in working else "far")
    if "pillow" in props:  # a cushion's outline, from the floor up to the back of the head
        x, y = at("head")
        radius = poses.HEAD_RADIUS * scale
        top = min(floor - 1, round(y + radius * 0.8))
        left, right = x - radius, x + radius
        canvas.line((left, floor - 1), (right, floor - 1), "prop")
        canvas.line((left + 1, top), (right - 1, top), "prop")
        canvas.line((left, floor - 1), (left + 1, top), "prop")
        canvas.line((right, floor - 1), (right - 1, top), "prop")
    head = at("head")
    chain(("hips", "waist", "shoulders", "neck"), "near")
    # The trunk twice as thick as a limb, so it reads as the body: the second
    # line goes above the first (screen rows grow downwards), never into the floor.
    for first, second in (("hips", "waist"), ("waist", "shoulders")):
        (ax, ay), (bx, by) = at(first), at(second)
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = (by - ay) / length, -(bx - ax) / length
        if ny > 0 or (ny == 0 and nx < 0):
            nx, ny = -nx, -ny
        canvas.line((ax + nx, ay + ny), (bx + nx, by + ny), "near")
    canvas.circle(head, poses.HEAD_RADIUS * scale, "near")
    if "towel" in props:
        canvas.line(at("near_hand"), at("near_toes"), "prop")
    for limb, names in _NEAR_LIMBS.items():
        chain(names, "working" if limb in working else "near")
    return [*canvas.rows_of_runs(), [(FLOOR * columns, "floor")]]


def ansi(rows: list[Row], color: bool = True) -> list[str]:
    """Rows as strings with SGR codes (bold and dim only when colour is off)."""
    styles = STYLES if color else PLAIN_STYLES
    lines = []
    for runs in rows:
        parts = []
        for text, role in runs:
            code = styles.get(role)
            parts.append(f"\x1b[{code}m{text}\x1b[0m" if code and code != "0" else text)
        lines.append("".join(parts))
    return lines


def plain(rows: list[Row]) -> list[str]:
    """Rows as bare characters, trailing spaces removed: for snapshots and copying."""
    return ["".join(text for text, _ in runs).rstrip() for runs in rows]


def can_draw(encoding: str | None, term: str | None) -> bool:
    """Braille needs a UTF-8 terminal that draws (not TERM=dumb)."""
    if term == "dumb":
        return False
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8mb4")


def mirrored(side: str | None) -> bool:
    """Unmirrored, the near side of a figure is its right side; the left side is mirrored."""
    return side == "left"


# -- in the session ------------------------------------------------------------


def phase_poses(timeline: Timeline) -> list[tuple[Pose, Pose] | None]:
    """For each phase, the pose it starts in and the pose it ends in (None: no figure).

    A phase made from a step ends in that step's pose; a breath the planner
    adds, a setup, a hold and a rest stay still.
    """
    result: list[tuple[Pose, Pose] | None] = []
    before: Pose | None = None
    current = -1
    for phase in timeline.phases:
        prescription = timeline.prescriptions[phase.stretch_index]
        figure = prescription.stretch.figure
        if figure is None:
            result.append(None)
            continue
        if phase.stretch_index != current or phase.kind == "setup":
            current = phase.stretch_index
            before = figure.start
        assert before is not None
        end = before
        if phase.kind not in ("setup", "hold", "rest"):
            for step, pose in zip(prescription.stretch.steps, figure.steps, strict=True):
                if (step.cue, step.text) == (phase.cue, phase.text):
                    end = pose
                    break
        result.append((before, end))
        before = end
    return result


def redraw_steps(phase: Phase, moves: bool) -> int:
    """How many times the figure is redrawn over a phase: 0 when it stands still."""
    if not moves:
        return 0
    return max(1, min(REDRAW_STEPS, int(phase.seconds * REDRAWS_PER_SECOND)))


def pose_at(start: Pose, end: Pose, progress: float, steps: int) -> Pose:
    """The pose shown a fraction `progress` through a phase, in `steps` even steps, eased.

    Exact at 0 and 1; between, the progress is rounded down to a step so the
    figure changes only at the moments next_change schedules.
    """
    if start == end or steps <= 0:
        return start if progress < 1 else end
    stepped = math.floor(min(1.0, max(0.0, progress)) * steps + 1e-9) / steps
    return poses.interpolate(start, end, poses.ease(stepped))


class FigureProvider:
    """The figure for each frame of a session: `provider(frame, width, height)`.

    Returns styled lines, or None when the phase's stretch has no figure or
    the space is too small. `steps(phase_index)` says how often it changes.
    """

    def __init__(self, timeline: Timeline, color: bool = True) -> None:
        self.timeline = timeline
        self.color = color
        self._poses = phase_poses(timeline)
        self._boxes: dict[int, Bounds] = {}
        self._drawn: dict[tuple[object, ...], list[str]] = {}
        self._drawn_for = -1  # the stretch whose drawings _drawn holds

    def steps(self, index: int, phase: Phase | None = None) -> int:
        """Redraws over phase `index`: 0 when the figure is still in it.

        Given `phase`, 0 unless it is this timeline's phase (the get-ready
        countdown plays a timeline of its own). Engine.next_change takes this.
        """
        if not 0 <= index < len(self._poses):
            return 0
        own = self.timeline.phases[index]
        pair = self._poses[index]
        if pair is None or (phase is not None and phase is not own):
            return 0
        return redraw_steps(own, pair[0] != pair[1])

    def step(self, frame: Frame) -> int:
        """Which of the phase's redraw steps a frame falls in: what the view compares."""
        steps = self.steps(frame.phase_index, frame.phase)
        if not steps:
            return 0
        phase = frame.phase
        progress = (frame.position - phase.start) / phase.seconds if phase.seconds else 1.0
        return math.floor(min(1.0, max(0.0, progress)) * steps + 1e-9)

    def __call__(self, frame: Frame, width: int, height: int) -> list[str] | None:
        index = frame.phase_index
        if frame.prescription is None or not 0 <= index < len(self._poses):
            return None  # the get-ready countdown: no stretch yet
        pair = self._poses[index]
        if pair is None or height < MIN_ROWS or width < 8:
            return None
        phase = frame.phase
        steps = self.steps(index, phase)
        step = self.step(frame)
        # Every repetition moves through the same poses: draw each once, then reuse it.
        key = (
            id(pair[0]),
            id(pair[1]),
            step,
            steps,
            phase.stretch_index,
            phase.side,
            width,
            height,
        )
        if self._drawn_for != phase.stretch_index:
            # A stretch's drawings are reused through its repetitions, then never again:
            # keep one stretch's worth, so a long session does not grow with them.
            self._drawn.clear()
            self._drawn_for = phase.stretch_index
        cached = self._drawn.get(key)
        if cached is not None:
            return cached
        stretch = frame.prescription.stretch
        figure = stretch.figure
        assert figure is not None
        box = self._boxes.get(phase.stretch_index)
        if box is None:
            box = self._boxes[phase.stretch_index] = bounds(figure_poses(figure))
        pose = pose_at(pair[0], pair[1], step / steps if steps else 1.0, steps)
        working = figure.working if phase.side is not None else ()
        rows = draw(pose, width, height, box, working, mirrored(phase.side), figure.props)
        if len(self._drawn) > CACHED_DRAWINGS:
            self._drawn.clear()
        lines = self._drawn[key] = ansi(rows, self.color)
        return lines


def figure_provider(timeline: Timeline, color: bool = True) -> FigureProvider:
    """The figure slot for the live view: `provider(frame, width, height)` gives lines or None.

    Also `provider.steps` (for Engine.next_change's motion_steps) and
    `provider.step(frame)` (changes exactly when the drawing does).
    """
    return FigureProvider(timeline, color)
