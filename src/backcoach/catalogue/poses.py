"""Side-view poses: one set of body proportions, joint angles, and the floor.

A pose gives where the hips are and the angle of every joint; forward
kinematics turns it into points, with every limb the same length in every
pose. Loading checks that what a pose says touches the floor does, within
FLOOR_TOLERANCE, and that nothing is below the floor.

Coordinates are body units (a standing person is about 100 tall): x runs
forward along the floor, y up from it. Angles are degrees, counter-clockwise.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from .models import Figure, Pose

if TYPE_CHECKING:
    from .yamlfile import Checker, Node

Point = tuple[float, float]

# One set of proportions for every figure (standing height about 100).
PELVIS = 10.0  # hip joint to waist
CHEST = 20.0  # waist to shoulders
NECK = 6.0
HEAD_RADIUS = 6.5
UPPER_ARM = 17.0
FOREARM = 15.0  # elbow to the heel of the hand
THIGH = 24.0
SHIN = 25.0
FOOT = 13.0  # ankle to toes
FLOOR_TOLERANCE = 3.0

LIMBS = ("near_arm", "far_arm", "near_leg", "far_leg")
ARM_JOINTS = ("shoulder", "elbow")
LEG_JOINTS = ("hip", "knee", "ankle", "roll")
OPTIONAL_JOINTS = ("roll",)
PROPS = ("pillow", "towel")
# Joint ranges a body can reach (degrees); a pose outside them is a typo.
RANGES = {
    "pelvis": (-360.0, 360.0),
    "spine": (-45.0, 45.0),
    "neck": (-40.0, 70.0),
    "shoulder": (-60.0, 200.0),
    "elbow": (0.0, 160.0),
    "hip": (-40.0, 150.0),
    "knee": (0.0, 165.0),
    "ankle": (-40.0, 90.0),  # 90: the top of the foot flat behind a kneeling shin
    "roll": (0.0, 90.0),
}
# What `touching` may name, and the points that must then be on the floor.
PARTS: dict[str, tuple[str, ...]] = {
    "back": ("hips", "waist", "shoulders"),
    "bottom": ("hips",),
    "shoulders": ("shoulders",),
    "head": ("head",),
    "hands": ("near_hand", "far_hand"),
    "knees": ("near_knee", "far_knee"),
    "feet": ("near_ankle", "near_toes", "far_ankle", "far_toes"),
    "toes": ("near_toes", "far_toes"),
    "near hand": ("near_hand",),
    "far hand": ("far_hand",),
    "near knee": ("near_knee",),
    "far knee": ("far_knee",),
    "near foot": ("near_ankle", "near_toes"),
    "far foot": ("far_ankle", "far_toes"),
    "near toes": ("near_toes",),
    "far toes": ("far_toes",),
}
POSE_KEYS = ("touching", "hips", "pelvis", "spine", "neck", *LIMBS)
STILL, START = "still", "start"


def _toward(origin: Point, degrees: float, length: float) -> Point:
    radians = math.radians(degrees)
    return origin[0] + length * math.cos(radians), origin[1] + length * math.sin(radians)


def joints(pose: Pose) -> dict[str, Point]:
    """Every point of the figure; 'head' is the head's centre."""
    hips = pose.hips
    waist = _toward(hips, pose.pelvis, PELVIS)
    chest = pose.pelvis + pose.spine
    shoulders = _toward(waist, chest, CHEST)
    neck = chest - pose.neck
    points = {
        "hips": hips,
        "waist": waist,
        "shoulders": shoulders,
        "neck": _toward(shoulders, neck, NECK),
        "head": _toward(shoulders, neck, NECK + HEAD_RADIUS),
    }
    for side in ("near", "far"):
        shoulder, elbow = getattr(pose, f"{side}_arm")
        upper = chest - 180 + shoulder
        points[f"{side}_elbow"] = _toward(shoulders, upper, UPPER_ARM)
        points[f"{side}_hand"] = _toward(points[f"{side}_elbow"], upper + elbow, FOREARM)
        hip, knee, ankle, roll = getattr(pose, f"{side}_leg")
        thigh = pose.pelvis - 180 + hip
        shin = thigh - knee
        points[f"{side}_knee"] = _toward(hips, thigh, THIGH)
        points[f"{side}_ankle"] = _toward(points[f"{side}_knee"], shin, SHIN)
        points[f"{side}_toes"] = _toward(points[f"{side}_ankle"], shin + 90 - ankle, FOOT)
        if roll:
            _roll(points, pose, side, roll)
    return points


def _roll(points: dict[str, Point], pose: Pose, side: str, roll: float) -> None:
    """Seen from the side, a leg turned out of the picture looks shorter across the body.

    The part of each point square to the pelvis shrinks by cos(roll): a
    projection of the same limb, not a change in its length.
    """
    along = math.radians(pose.pelvis)
    ux, uy = math.cos(along), math.sin(along)
    keep = math.cos(math.radians(roll))
    hx, hy = pose.hips
    for joint in ("knee", "ankle", "toes"):
        name = f"{side}_{joint}"
        dx, dy = points[name][0] - hx, points[name][1] - hy
        a = dx * ux + dy * uy
        b = (-dx * uy + dy * ux) * keep
        points[name] = (hx + a * ux - b * uy, hy + a * uy + b * ux)


def height(name: str, points: dict[str, Point]) -> float:
    """How far a point is above the floor; for the head, its lowest edge."""
    y = points[name][1]
    return y - HEAD_RADIUS if name == "head" else y


def floor_problems(pose: Pose) -> list[str]:
    """What is wrong with a pose against the floor, in words; empty when it is right."""
    points = joints(pose)
    problems = []
    for part in pose.touching:
        # One problem a part: its point furthest from the floor.
        name = max(PARTS[part], key=lambda point: abs(height(point, points)))
        above = height(name, points)
        if abs(above) > FLOOR_TOLERANCE:
            where = "above" if above > 0 else "below"
            problems.append(
                f"'{part}' should touch the floor, but the {_words(name)} "
                f"{abs(above):.1f} units {where} it (allowed {FLOOR_TOLERANCE:g})"
            )
    for name in points:
        above = height(name, points)
        if name != "neck" and above < -FLOOR_TOLERANCE:
            problems.append(f"the {_words(name)} {-above:.1f} units below the floor")
    return problems


def _words(name: str) -> str:
    """'near_toes' -> 'near toes are', 'waist' -> 'waist is'."""
    words = name.replace("_", " ")
    return f"{words} {'are' if words.endswith(('s', 'hips')) else 'is'}"


def ease(t: float) -> float:
    """Slow at both ends, exact at 0 and 1."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def interpolate(start: Pose, end: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from `start` to `end`: exact at 0 and 1.

    A part on the floor in both poses (feet in the bridge, knees on all fours)
    stays planted: the figure is shifted so it moves in a straight line.
    """
    if t <= 0:
        return start
    if t >= 1:
        return end

    def mix(a: float, b: float) -> float:
        return a + (b - a) * t

    def mixed(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(mix(x, y) for x, y in zip(a, b, strict=True))

    pose = Pose(
        touching=start.touching if t < 0.5 else end.touching,
        hips=mixed(start.hips, end.hips),  # type: ignore[arg-type]
        pelvis=mix(start.pelvis, end.pelvis),
        spine=mix(start.spine, end.spine),
        neck=mix(start.neck, end.neck),
        near_arm=mixed(start.near_arm, end.near_arm),  # type: ignore[arg-type]
        far_arm=mixed(start.far_arm, end.far_arm),  # type: ignore[arg-type]
        near_leg=mixed(start.near_leg, end.near_leg),  # type: ignore[arg-type]
        far_leg=mixed(start.far_leg, end.far_leg),  # type: ignore[arg-type]
    )
    on_floor = {name for part in end.touching for name in PARTS[part]}
    planted = sorted({n for part in start.touching for n in PARTS[part] if n in on_floor})
    if not planted:
        return pose
    a, b, now = joints(start), joints(end), joints(pose)
    # Shift the figure so the points on the floor in both poses move least.
    dx = sum(mix(a[n][0], b[n][0]) - now[n][0] for n in planted) / len(planted)
    dy = sum(mix(a[n][1], b[n][1]) - now[n][1] for n in planted) / len(planted)
    hips = (pose.hips[0] + dx, pose.hips[1] + dy)
    return replace(pose, hips=hips)


# -- reading figures from the catalogue -----------------------------------------


def figure_from_node(check: Checker, node: Node, where: str, steps: int) -> Figure | None:
    """Check a stretch's `figure:` mapping and build it; None after reporting problems."""
    where = f"{where}: figure"
    mapping = check.mapping(node, where, ("start", "steps"), ("working", "props", "note"))
    if mapping is None:
        return None
    ok = True
    working: tuple[str, ...] = ()
    working_node = check.get(mapping, "working")
    if working_node is not None:
        working = _names(check, working_node, f"{where}.working", LIMBS) or ()
        ok = ok and (working != () or _empty(working_node))
    props: tuple[str, ...] = ()
    props_node = check.get(mapping, "props")
    if props_node is not None:
        props = _names(check, props_node, f"{where}.props", PROPS) or ()
        ok = ok and (props != () or _empty(props_node))
    note = None
    note_node = check.get(mapping, "note")
    if note_node is not None:
        note = check.text(note_node, f"{where}.note", 600)
        ok = ok and note is not None
    start_node = check.get(mapping, "start")
    start = None
    if start_node is not None:
        start = _pose(check, start_node, f"{where}.start", None)
    step_nodes = check.sequence(check.get(mapping, "steps"), f"{where}.steps")
    poses: list[Pose] = []
    if step_nodes is not None and start is not None:
        if len(step_nodes) != steps:
            steps_node = check.get(mapping, "steps")
            assert steps_node is not None
            check.report(
                steps_node,
                f"{where}.steps: {len(step_nodes)} poses for {steps} steps; give the pose "
                "each step ends in, one for each step ('still' when nothing moves)",
            )
            return None
        before = start
        for index, step_node in enumerate(step_nodes):
            pose = _step_pose(check, step_node, f"{where}.steps[{index + 1}]", start, before)
            if pose is None:
                ok = False
                continue
            poses.append(pose)
            before = pose
    if not ok or start is None or step_nodes is None or len(poses) != steps:
        return None
    return Figure(start=start, steps=tuple(poses), working=working, props=props, note=note)


def _empty(node: Node) -> bool:
    from .yamlfile import Sequence

    return isinstance(node, Sequence) and not node.items


def _names(
    check: Checker, node: Node, where: str, allowed: tuple[str, ...]
) -> tuple[str, ...] | None:
    items = check.sequence(node, where)
    if items is None:
        return None
    names = [check.choice(item, f"{where}[{i + 1}]", allowed) for i, item in enumerate(items)]
    if any(name is None for name in names):
        return None
    return tuple(name for name in names if name is not None)


def _step_pose(check: Checker, node: Node, where: str, start: Pose, before: Pose) -> Pose | None:
    from .yamlfile import Scalar

    if isinstance(node, Scalar) and node.value in (STILL, START):
        return before if node.value == STILL else start
    if isinstance(node, Scalar):
        check.report(
            node,
            f"{where}: expected a pose (a mapping), '{STILL}' or '{START}', got {node.value!r}",
        )
        return None
    return _pose(check, node, where, before)


def _pose(check: Checker, node: Node, where: str, base: Pose | None) -> Pose | None:
    """A pose mapping; with `base`, keys left out keep the base pose's values."""
    from .yamlfile import Mapping

    mapping = check.mapping(node, where, POSE_KEYS if base is None else (), POSE_KEYS)
    if mapping is None:
        return None
    assert isinstance(mapping, Mapping)
    if base is None and any(key not in mapping.items for key in POSE_KEYS):
        return None  # each missing key was reported
    values: dict[str, object] = {}
    ok = True
    for key in POSE_KEYS:
        value_node = check.get(mapping, key)
        if value_node is None:
            assert base is not None
            values[key] = getattr(base, key)
            continue
        label = f"{where}.{key}"
        value: object
        if key == "touching":
            value = _names(check, value_node, label, tuple(PARTS))
        elif key == "hips":
            value = _point(check, value_node, label)
        elif key in ("pelvis", "spine", "neck"):
            value = _angle(check, value_node, label, key)
        else:
            joints_named = ARM_JOINTS if key.endswith("arm") else LEG_JOINTS
            previous = None if base is None else getattr(base, key)
            value = _limb(check, value_node, label, joints_named, previous)
        if value is None:
            ok = False
        values[key] = value
    if not ok:
        return None
    pose = Pose(**values)  # type: ignore[arg-type]
    for problem in floor_problems(pose):
        check.report(node, f"{where}: {problem}")
        ok = False
    return pose if ok else None


def _number(check: Checker, node: Node, where: str, low: float, high: float) -> float | None:
    from .yamlfile import Scalar

    value = node.value if isinstance(node, Scalar) else None
    quoted = isinstance(node, Scalar) and node.quoted
    if not isinstance(value, (int, float)) or isinstance(value, bool) or quoted:
        check.report(node, f"{where}: expected a number, got {_shown(node)}")
        return None
    if not low <= value <= high:
        check.report(node, f"{where}: {value:g} is out of range; use {low:g} to {high:g}")
        return None
    return float(value)


def _shown(node: Node) -> str:
    from .yamlfile import Scalar

    if isinstance(node, Scalar):
        return repr(node.value)
    return "a list or mapping"


def _angle(check: Checker, node: Node, where: str, joint: str) -> float | None:
    low, high = RANGES[joint]
    return _number(check, node, where, low, high)


def _point(check: Checker, node: Node, where: str) -> tuple[float, float] | None:
    items = check.sequence(node, where)
    if items is None:
        return None
    if len(items) != 2:
        check.report(node, f"{where}: expected [forward, up], two numbers")
        return None
    x = _number(check, items[0], f"{where}[1]", -200, 200)
    y = _number(check, items[1], f"{where}[2]", 0, 100)
    return None if x is None or y is None else (x, y)


def _limb(
    check: Checker,
    node: Node,
    where: str,
    names: tuple[str, ...],
    previous: tuple[float, ...] | None,
) -> tuple[float, ...] | None:
    required = tuple(name for name in names if name not in OPTIONAL_JOINTS)
    mapping = check.mapping(node, where, required if previous is None else (), names)
    if mapping is None:
        return None
    values: list[float | None] = []
    for index, name in enumerate(names):
        value_node = check.get(mapping, name)
        if value_node is None:
            default = 0.0 if name in OPTIONAL_JOINTS else None
            values.append(default if previous is None else previous[index])
            continue
        values.append(_angle(check, value_node, f"{where}.{name}", name))
    if any(value is None for value in values):
        return None
    return tuple(value for value in values if value is not None)
