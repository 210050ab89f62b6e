"""Poses: joint positions from angles, the floor checks and every error a figure can hold."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from backcoach.catalogue import poses
from backcoach.catalogue.models import Figure, Pose
from backcoach.catalogue.yamlfile import Checker, parse

STILL_ARM = (0.0, 0.0)
STILL_LEG = (0.0, 0.0, 0.0, 0.0)

STANDING = Pose(
    touching=("feet",),
    hips=(0.0, 50.0),
    pelvis=90.0,
    spine=0.0,
    neck=0.0,
    near_arm=STILL_ARM,
    far_arm=STILL_ARM,
    near_leg=STILL_LEG,
    far_leg=STILL_LEG,
)

STAND = """\
start:
  touching: [feet]
  hips: [0, 50]
  pelvis: 90
  spine: 0
  neck: 0
  near_arm: {shoulder: 0, elbow: 0}
  far_arm: {shoulder: 0, elbow: 0}
  near_leg: {hip: 0, knee: 0, ankle: 0}
  far_leg: {hip: 0, knee: 0, ankle: 0}
"""

WHERE = "f.yaml"
X = "stretch 'x'"


def figure_of(text: str, steps: int = 1) -> tuple[Figure | None, list[str]]:
    """Check a `figure:` mapping as the catalogue loader does: the figure and every problem."""
    check = Checker(WHERE)
    figure = poses.figure_from_node(check, parse(text, WHERE, cached=False), X, steps)
    return figure, [str(problem) for problem in check.problems]


def approx_points(points: dict[str, tuple[float, float]]) -> dict[str, object]:
    return {name: pytest.approx(point, abs=1e-4) for name, point in points.items()}


# -- joints -------------------------------------------------------------------------------


def test_standing_figure_joints() -> None:
    """Pelvis at 90°, every other angle 0: a person standing, feet 1 unit above the floor."""
    assert poses.joints(STANDING) == approx_points(
        {
            "hips": (0, 50),
            "waist": (0, 60),
            "shoulders": (0, 80),
            "neck": (0, 86),
            "head": (0, 92.5),
            "near_elbow": (0, 63),
            "near_hand": (0, 48),
            "near_knee": (0, 26),
            "near_ankle": (0, 1),
            "near_toes": (13, 1),
            "far_elbow": (0, 63),
            "far_hand": (0, 48),
            "far_knee": (0, 26),
            "far_ankle": (0, 1),
            "far_toes": (13, 1),
        }
    )


def test_lying_on_the_back_with_arms_overhead_and_knees_up() -> None:
    """Pelvis 180° (lying, head behind), arms raised 180°, near hip 90° and knee 90°."""
    pose = Pose(
        touching=("back",),
        hips=(0.0, 5.0),
        pelvis=180.0,
        spine=0.0,
        neck=0.0,
        near_arm=(180.0, 0.0),
        far_arm=(90.0, 90.0),
        near_leg=(90.0, 90.0, 0.0, 0.0),
        far_leg=STILL_LEG,
    )
    assert poses.joints(pose) == approx_points(
        {
            "hips": (0, 5),
            "waist": (-10, 5),
            "shoulders": (-30, 5),
            "neck": (-36, 5),
            "head": (-42.5, 5),
            "near_elbow": (-47, 5),
            "near_hand": (-62, 5),
            "far_elbow": (-30, 22),
            "far_hand": (-45, 22),
            "near_knee": (0, 29),
            "near_ankle": (25, 29),
            "near_toes": (25, 42),
            "far_knee": (24, 5),
            "far_ankle": (49, 5),
            "far_toes": (49, 18),
        }
    )


GENERAL = Pose(
    touching=(),
    hips=(5.0, 40.0),
    pelvis=80.0,
    spine=10.0,
    neck=20.0,
    near_arm=(30.0, 40.0),
    far_arm=(60.0, 10.0),
    near_leg=(20.0, 30.0, 10.0, 0.0),
    far_leg=(45.0, 15.0, -5.0, 0.0),
)


def test_every_angle_at_once() -> None:
    """A pose with every joint bent a different amount lands each point where it was reviewed."""
    assert poses.joints(GENERAL) == approx_points(
        {
            "hips": (5.0, 40.0),
            "waist": (6.7365, 49.8481),
            "shoulders": (6.7365, 69.8481),
            "neck": (8.7886, 75.4862),
            "head": (11.0117, 81.5942),
            "near_elbow": (15.2365, 55.1256),
            "near_hand": (29.3319, 49.9953),
            "near_knee": (9.1676, 16.3646),
            "near_ankle": (0.6171, -7.1277),
            "near_toes": (11.8754, -13.6277),
            "far_elbow": (21.4589, 61.3481),
            "far_hand": (35.5543, 56.2178),
            "far_knee": (18.7658, 20.3404),
            "far_ankle": (27.3163, -3.152),
            "far_toes": (39.0983, 2.3421),
        }
    )


def test_near_and_far_limbs_swap_with_their_angles() -> None:
    """Giving the far limbs the near limbs' angles and back swaps their points, nothing else."""
    swapped = replace(
        GENERAL,
        near_arm=GENERAL.far_arm,
        far_arm=GENERAL.near_arm,
        near_leg=GENERAL.far_leg,
        far_leg=GENERAL.near_leg,
    )
    before, after = poses.joints(GENERAL), poses.joints(swapped)
    for joint in ("elbow", "hand", "knee", "ankle", "toes"):
        assert after[f"near_{joint}"] == before[f"far_{joint}"]
        assert after[f"far_{joint}"] == before[f"near_{joint}"]
    for name in ("hips", "waist", "shoulders", "neck", "head"):
        assert after[name] == before[name]


def test_a_rolled_leg_looks_shorter_across_the_body() -> None:
    """Roll 60° halves the part of the near leg square to a 30° pelvis; the far leg is unrolled."""
    pose = Pose(
        touching=(),
        hips=(0.0, 30.0),
        pelvis=30.0,
        spine=0.0,
        neck=0.0,
        near_arm=STILL_ARM,
        far_arm=STILL_ARM,
        near_leg=(60.0, 40.0, 20.0, 60.0),
        far_leg=(60.0, 40.0, 20.0, 0.0),
    )
    points = poses.joints(pose)
    assert points["far_knee"] == pytest.approx((0.0, 6.0), abs=1e-4)
    assert points["near_knee"] == pytest.approx((-5.1962, 15.0), abs=1e-4)
    assert points["near_ankle"] == pytest.approx((-23.4035, -0.4486), abs=1e-4)
    assert points["near_toes"] == pytest.approx((-20.1535, -6.0778), abs=1e-4)
    assert points["far_ankle"] == pytest.approx((-16.0697, -13.1511), abs=1e-4)
    assert points["near_hand"] == points["far_hand"] == pytest.approx((-1.7321, 29.0), abs=1e-4)


def test_a_leg_rolled_flat_lies_along_the_pelvis() -> None:
    """Roll 90° with the pelvis level: the whole near leg is seen at the height of the hips."""
    pose = replace(STANDING, hips=(0.0, 10.0), pelvis=0.0, near_leg=(90.0, 90.0, 0.0, 90.0))
    points = poses.joints(pose)
    for joint in ("near_knee", "near_ankle", "near_toes"):
        assert points[joint][1] == pytest.approx(10.0, abs=1e-9)
    assert points["near_knee"][0] == pytest.approx(0.0, abs=1e-9)
    assert points["near_ankle"][0] == pytest.approx(-25.0)
    assert points["near_toes"][0] == pytest.approx(-25.0)
    assert points["far_knee"] == pytest.approx((-24.0, 10.0), abs=1e-9)


def test_height_of_the_head_is_its_lowest_edge() -> None:
    """A point's height is its y; the head's is its centre less its radius."""
    points = {"head": (3.0, 20.0), "hips": (3.0, 20.0)}
    assert poses.height("head", points) == pytest.approx(13.5)
    assert poses.height("hips", points) == 20.0


# -- the floor ----------------------------------------------------------------------------


def standing_at(height: float, touching: tuple[str, ...] = ("feet",)) -> Pose:
    """Standing with the hips at `height`: the feet are then height - 49 above the floor."""
    return replace(STANDING, hips=(0.0, height), touching=touching)


def test_feet_exactly_three_units_up_still_touch() -> None:
    """Feet 3 units above the floor are within the tolerance."""
    assert poses.floor_problems(standing_at(52.0)) == []


def test_feet_just_over_three_units_up_do_not_touch() -> None:
    """Feet 3.5 units above the floor: the first furthest point is named, with the tolerance."""
    assert poses.floor_problems(standing_at(52.5)) == [
        "'feet' should touch the floor, but the near ankle is 3.5 units above it (allowed 3)"
    ]


def test_feet_three_units_down_are_allowed_and_further_is_below() -> None:
    """Feet 3 units below the floor pass; 3.5 below fail both as touching and as below."""
    assert poses.floor_problems(standing_at(46.0)) == []
    assert poses.floor_problems(standing_at(45.5)) == [
        "'feet' should touch the floor, but the near ankle is 3.5 units below it (allowed 3)",
        "the near ankle is 3.5 units below the floor",
        "the near toes are 3.5 units below the floor",
        "the far ankle is 3.5 units below the floor",
        "the far toes are 3.5 units below the floor",
    ]


def test_the_furthest_point_of_a_part_is_the_one_named() -> None:
    """Foot pointed 40°: with the toes on the floor the ankle, furthest from it, is named."""
    lift = 13 * math.sin(math.radians(40))  # how far pointed toes reach below the ankle
    pointed = replace(STANDING, near_leg=(0.0, 0.0, 40.0, 0.0), hips=(0.0, 49.0 + lift))
    assert poses.floor_problems(replace(pointed, touching=("near toes",))) == []
    assert poses.floor_problems(replace(pointed, touching=("near foot",))) == [
        "'near foot' should touch the floor, but the near ankle is 8.4 units above it (allowed 3)"
    ]
    on_ankle = replace(pointed, hips=(0.0, 49.0), touching=("near foot",))
    assert poses.floor_problems(on_ankle) == [
        "'near foot' should touch the floor, but the near toes are 8.4 units below it (allowed 3)",
        "the near toes are 8.4 units below the floor",
    ]


def test_every_part_is_checked_in_order() -> None:
    """Two parts off the floor give two problems, in the order `touching` names them."""
    pose = standing_at(60.0, touching=("toes", "bottom", "head"))
    assert poses.floor_problems(pose) == [
        "'toes' should touch the floor, but the near toes are 11.0 units above it (allowed 3)",
        "'bottom' should touch the floor, but the hips are 60.0 units above it (allowed 3)",
        "'head' should touch the floor, but the head is 96.0 units above it (allowed 3)",
    ]


def test_a_point_exactly_three_below_passes_and_the_neck_is_never_reported() -> None:
    """Hips exactly 3 below the floor pass; with the shoulders under it the neck is not named."""
    up = replace(
        STANDING,
        touching=(),
        hips=(0.0, -3.0),
        near_arm=(180.0, 0.0),
        far_arm=(180.0, 0.0),
        near_leg=(150.0, 0.0, 0.0, 0.0),
        far_leg=(150.0, 0.0, 0.0, 0.0),
    )
    assert poses.floor_problems(up) == []
    lying = Pose(
        touching=(),
        hips=(0.0, 0.0),
        pelvis=-170.0,
        spine=0.0,
        neck=-40.0,
        near_arm=(180.0, 0.0),
        far_arm=(180.0, 0.0),
        near_leg=(150.0, 0.0, 0.0, 0.0),
        far_leg=(150.0, 0.0, 0.0, 0.0),
    )
    assert poses.joints(lying)["neck"][1] == pytest.approx(-9.8, abs=0.05)
    assert poses.floor_problems(lying) == [
        "the shoulders are 5.2 units below the floor",
        "the head is 21.3 units below the floor",
        "the near elbow is 8.2 units below the floor",
        "the near hand is 10.8 units below the floor",
        "the far elbow is 8.2 units below the floor",
        "the far hand is 10.8 units below the floor",
    ]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("near_toes", "near toes are"),
        ("hips", "hips are"),
        ("waist", "waist is"),
        ("head", "head is"),
        ("shoulders", "shoulders are"),
        ("far_knee", "far knee is"),
    ],
)
def test_points_are_named_in_words(name: str, words: str) -> None:
    """Point names read as words, with 'is' or 'are' to match."""
    assert poses._words(name) == words


# -- moving between poses ------------------------------------------------------------------


def test_ease_is_slow_at_both_ends() -> None:
    """ease: 0 and 1 exact, clamped outside, 0.5 at the middle and slower near the ends."""
    assert poses.ease(-1.0) == 0.0
    assert poses.ease(0.0) == 0.0
    assert poses.ease(0.25) == pytest.approx(0.15625)
    assert poses.ease(0.5) == pytest.approx(0.5)
    assert poses.ease(0.75) == pytest.approx(0.84375)
    assert poses.ease(1.0) == 1.0
    assert poses.ease(2.0) == 1.0


START = Pose(
    touching=("back",),
    hips=(0.0, 10.0),
    pelvis=12.3,
    spine=1.0,
    neck=2.0,
    near_arm=(10.0, 20.0),
    far_arm=(30.0, 40.0),
    near_leg=(50.0, 60.0, 10.0, 0.0),
    far_leg=(20.0, 30.0, 5.0, 10.0),
)
END = Pose(
    touching=("bottom", "hands"),
    hips=(4.0, 20.0),
    pelvis=0.1,
    spine=3.0,
    neck=6.0,
    near_arm=(30.0, 60.0),
    far_arm=(50.0, 80.0),
    near_leg=(70.0, 100.0, 30.0, 20.0),
    far_leg=(40.0, 70.0, 25.0, 50.0),
)


def test_interpolation_is_exact_at_both_ends() -> None:
    """At t ≤ 0 the start pose, at t ≥ 1 the end pose, exactly (no rounding on the way)."""
    assert poses.interpolate(START, END, 0.0) == START
    assert poses.interpolate(START, END, -0.5) == START
    assert poses.interpolate(START, END, 1.0) == END
    assert poses.interpolate(START, END, 1.5) == END


def test_halfway_every_angle_is_halfway_when_nothing_stays_on_the_floor() -> None:
    """No part on the floor in both poses: every number is the plain midpoint."""
    assert poses.interpolate(START, END, 0.5) == Pose(
        touching=("bottom", "hands"),
        hips=(2.0, 15.0),
        pelvis=pytest.approx(6.2),  # type: ignore[arg-type]
        spine=2.0,
        neck=4.0,
        near_arm=(20.0, 40.0),
        far_arm=(40.0, 60.0),
        near_leg=(60.0, 80.0, 20.0, 10.0),
        far_leg=(30.0, 50.0, 15.0, 30.0),
    )


def test_a_quarter_of_the_way_keeps_the_starting_contact() -> None:
    """Before halfway the figure still touches what the start pose touches."""
    quarter = poses.interpolate(START, END, 0.25)
    assert quarter.touching == ("back",)
    assert quarter.hips == (1.0, 12.5)
    assert quarter.near_leg == (55.0, 70.0, 15.0, 5.0)


def test_a_part_on_the_floor_in_both_poses_stays_planted() -> None:
    """Near foot down at both ends: halfway its points sit, on average, halfway between."""
    start = replace(START, touching=("feet",))
    end = replace(END, touching=("near foot", "bottom"))
    a, b = poses.joints(start), poses.joints(end)
    for t in (0.25, 0.5):
        pose = poses.interpolate(start, end, t)
        plain = poses.interpolate(replace(start, touching=()), end, t)
        assert pose.touching == (start if t < 0.5 else end).touching
        assert replace(pose, hips=plain.hips, touching=()) == replace(plain, touching=())
        now = poses.joints(pose)
        for axis in (0, 1):
            planted = ("near_ankle", "near_toes")
            expected = sum(a[n][axis] + (b[n][axis] - a[n][axis]) * t for n in planted) / 2
            assert sum(now[n][axis] for n in planted) / 2 == pytest.approx(expected)
        assert pose.hips != plain.hips


# -- figures in a catalogue ------------------------------------------------------------------


def test_a_whole_figure_loads_with_every_field() -> None:
    """working, props, note, start and each step's pose ('still', 'start', partial) all load."""
    text = (
        STAND
        + "working: [near_leg, far_arm]\nprops: [towel, pillow]\nnote: '  Knees   soft. '\n"
        + "steps:\n"
        + "  - {near_arm: {shoulder: 90}, far_leg: {roll: 20}, spine: 5}\n"
        + "  - still\n"
        + "  - start\n"
    )
    figure, problems = figure_of(text, 3)
    assert problems == []
    raised = replace(STANDING, near_arm=(90.0, 0.0), far_leg=(0.0, 0.0, 0.0, 20.0), spine=5.0)
    assert figure == Figure(
        start=STANDING,
        steps=(raised, raised, STANDING),
        working=("near_leg", "far_arm"),
        props=("towel", "pillow"),
        note="Knees soft.",
    )


def test_a_step_builds_on_the_pose_before_it() -> None:
    """Each partial step changes only what it names, starting from the step before."""
    text = (
        STAND
        + "steps:\n  - {near_leg: {ankle: 10}}\n  - {near_leg: {knee: 5}, hips: [1, 50]}\n"
        + "  - still\n"
    )
    figure, problems = figure_of(text, 3)
    assert problems == []
    assert figure is not None
    first = replace(STANDING, near_leg=(0.0, 0.0, 10.0, 0.0))
    second = replace(first, near_leg=(0.0, 5.0, 10.0, 0.0), hips=(1.0, 50.0))
    assert figure.steps == (first, second, second)
    assert figure.working == () and figure.props == () and figure.note is None


def test_empty_working_and_props_lists_are_fine() -> None:
    """working: [] and props: [] are allowed and mean none."""
    figure, problems = figure_of(STAND + "working: []\nprops: []\nsteps: [still]\n")
    assert problems == []
    assert figure == Figure(start=STANDING, steps=(STANDING,), working=(), props=())


def test_a_roll_given_in_the_start_pose_is_kept() -> None:
    """roll is optional: 0 when left out, the given angle when written."""
    text = STAND.replace(
        "near_leg: {hip: 0, knee: 0, ankle: 0}", "near_leg: {hip: 0, knee: 0, ankle: 0, roll: 90}"
    )
    figure, problems = figure_of(text + "steps: [still]\n")
    assert problems == []
    assert figure is not None
    assert figure.start.near_leg == (0.0, 0.0, 0.0, 90.0)
    assert figure.start.far_leg == (0.0, 0.0, 0.0, 0.0)


BAD_FIGURES = [
    pytest.param(
        "- a\n",
        1,
        ["f.yaml:1:1: stretch 'x': figure: expected a mapping of keys, got a list"],
        id="not-a-mapping",
    ),
    pytest.param(
        "steps: [still]\n",
        1,
        ["f.yaml:1:1: stretch 'x': figure: missing 'start'; add it"],
        id="no-start",
    ),
    pytest.param(
        STAND,
        1,
        ["f.yaml:1:1: stretch 'x': figure: missing 'steps'; add it"],
        id="no-steps",
    ),
    pytest.param(
        "start: 5\nsteps: [still]\n",
        1,
        ["f.yaml:1:8: stretch 'x': figure.start: expected a mapping of keys, got 5"],
        id="start-not-a-mapping",
    ),
    pytest.param(
        STAND + "steps: [still, start]\n",
        1,
        [
            "f.yaml:11:8: stretch 'x': figure.steps: 2 poses for 1 steps; give the pose each "
            "step ends in, one for each step ('still' when nothing moves)"
        ],
        id="too-many-steps",
    ),
    pytest.param(
        STAND + "steps: [still]\n",
        2,
        [
            "f.yaml:11:8: stretch 'x': figure.steps: 1 poses for 2 steps; give the pose each "
            "step ends in, one for each step ('still' when nothing moves)"
        ],
        id="too-few-steps",
    ),
    pytest.param(
        STAND + "steps: [stil]\n",
        1,
        [
            "f.yaml:11:9: stretch 'x': figure.steps[1]: expected a pose (a mapping), "
            "'still' or 'start', got 'stil'"
        ],
        id="unknown-step-word",
    ),
    pytest.param(
        STAND + "steps: still\n",
        1,
        [
            "f.yaml:11:8: stretch 'x': figure.steps: expected a list, got the text 'still'; "
            "write it as [a, b] or one '- item' a line"
        ],
        id="steps-not-a-list",
    ),
    pytest.param(
        STAND + "working: [arm, near_leg]\nsteps: [still]\n",
        1,
        [
            "f.yaml:11:11: stretch 'x': figure.working[1]: expected one of near_arm | far_arm "
            "| near_leg | far_leg, got the text 'arm'"
        ],
        id="unknown-working-limb",
    ),
    pytest.param(
        STAND + "working: [near_leg, leg]\nsteps: [still]\n",
        1,
        [
            "f.yaml:11:21: stretch 'x': figure.working[2]: expected one of near_arm | far_arm "
            "| near_leg | far_leg, got the text 'leg'"
        ],
        id="second-working-limb-unknown",
    ),
    pytest.param(
        STAND + "working: near_leg\nsteps: [still]\n",
        1,
        [
            "f.yaml:11:10: stretch 'x': figure.working: expected a list, got the text "
            "'near_leg'; write it as [a, b] or one '- item' a line"
        ],
        id="working-not-a-list",
    ),
    pytest.param(
        STAND + "props: [towel, mat]\nsteps: [still]\n",
        1,
        [
            "f.yaml:11:16: stretch 'x': figure.props[2]: expected one of pillow | towel, "
            "got the text 'mat'"
        ],
        id="unknown-prop",
    ),
    pytest.param(
        STAND + "props: towel\nsteps: [still]\n",
        1,
        [
            "f.yaml:11:8: stretch 'x': figure.props: expected a list, got the text 'towel'; "
            "write it as [a, b] or one '- item' a line"
        ],
        id="props-not-a-list",
    ),
    pytest.param(
        STAND + "note: ''\nsteps: [still]\n",
        1,
        ["f.yaml:11:7: stretch 'x': figure.note: is empty; write the text"],
        id="empty-note",
    ),
    pytest.param(
        STAND + "note: " + "x" * 601 + "\nsteps: [still]\n",
        1,
        ["f.yaml:11:7: stretch 'x': figure.note: is 601 characters; keep it under 600"],
        id="long-note",
    ),
    pytest.param(
        STAND.replace("  neck: 0\n", "") + "steps: [still]\n",
        1,
        ["f.yaml:2:3: stretch 'x': figure.start: missing 'neck'; add it"],
        id="start-missing-a-key",
    ),
    pytest.param(
        STAND.replace("  neck: 0\n", "  neck: '0'\n  nek: 1\n") + "steps: [still]\n",
        1,
        [
            "f.yaml:7:3: stretch 'x': figure.start: unknown key 'nek'; did you mean 'neck'?",
            "f.yaml:6:9: stretch 'x': figure.start.neck: expected a number, got '0'",
        ],
        id="quoted-number-and-unknown-key",
    ),
    pytest.param(
        STAND.replace("hip: 0, knee: 0, ankle: 0}\n  far", "hip: 0, ankle: 0, rol: 5}\n  far")
        + "steps: [still]\n",
        1,
        [
            "f.yaml:9:32: stretch 'x': figure.start.near_leg: unknown key 'rol'; "
            "did you mean 'roll'?",
            "f.yaml:9:13: stretch 'x': figure.start.near_leg: missing 'knee'; add it",
        ],
        id="leg-missing-knee",
    ),
    pytest.param(
        STAND.replace("far_arm: {shoulder: 0, elbow: 0}", "far_arm: {shoulder: 0}")
        + "steps: [still]\n",
        1,
        ["f.yaml:8:12: stretch 'x': figure.start.far_arm: missing 'elbow'; add it"],
        id="arm-missing-elbow",
    ),
    pytest.param(
        STAND.replace("far_arm: {shoulder: 0, elbow: 0}", "far_arm: [0, 0]") + "steps: [still]\n",
        1,
        ["f.yaml:8:12: stretch 'x': figure.start.far_arm: expected a mapping of keys, got a list"],
        id="arm-not-a-mapping",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[0, 50, 1]") + "steps: [still]\n",
        1,
        ["f.yaml:3:9: stretch 'x': figure.start.hips: expected [forward, up], two numbers"],
        id="hips-three-numbers",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[0]") + "steps: [still]\n",
        1,
        ["f.yaml:3:9: stretch 'x': figure.start.hips: expected [forward, up], two numbers"],
        id="hips-one-number",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[-200.5, 100.5]") + "steps: [still]\n",
        1,
        [
            "f.yaml:3:10: stretch 'x': figure.start.hips[1]: -200.5 is out of range; "
            "use -200 to 200",
            "f.yaml:3:18: stretch 'x': figure.start.hips[2]: 100.5 is out of range; use 0 to 100",
        ],
        id="hips-out-of-range",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[200.5, -0.5]") + "steps: [still]\n",
        1,
        [
            "f.yaml:3:10: stretch 'x': figure.start.hips[1]: 200.5 is out of range; "
            "use -200 to 200",
            "f.yaml:3:17: stretch 'x': figure.start.hips[2]: -0.5 is out of range; use 0 to 100",
        ],
        id="hips-out-of-range-the-other-way",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[0, 51x]") + "steps: [still]\n",
        1,
        ["f.yaml:3:13: stretch 'x': figure.start.hips[2]: expected a number, got '51x'"],
        id="hips-up-not-a-number",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "x") + "steps: [still]\n",
        1,
        [
            "f.yaml:3:9: stretch 'x': figure.start.hips: expected a list, got the text 'x'; "
            "write it as [a, b] or one '- item' a line"
        ],
        id="hips-not-a-list",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[yes, [1]]") + "steps: [still]\n",
        1,
        [
            "f.yaml:3:10: stretch 'x': figure.start.hips[1]: expected a number, got True",
            "f.yaml:3:15: stretch 'x': figure.start.hips[2]: expected a number, "
            "got a list or mapping",
        ],
        id="hips-not-numbers",
    ),
    pytest.param(
        STAND.replace("touching: [feet]", "touching: [feet, nose]") + "steps: [still]\n",
        1,
        [
            "f.yaml:2:20: stretch 'x': figure.start.touching[2]: expected one of "
            + " | ".join(poses.PARTS)
            + ", got the text 'nose'"
        ],
        id="unknown-part",
    ),
    pytest.param(
        STAND.replace("[0, 50]", "[0, 52.5]") + "steps: [still]\n",
        1,
        [
            "f.yaml:2:3: stretch 'x': figure.start: 'feet' should touch the floor, but the "
            "near ankle is 3.5 units above it (allowed 3)"
        ],
        id="start-off-the-floor",
    ),
    pytest.param(
        STAND + "steps:\n  - {pelvis: 400.5}\n  - {near_arm: {elbow: 161}}\n  - stil\n",
        3,
        [
            "f.yaml:12:14: stretch 'x': figure.steps[1].pelvis: 400.5 is out of range; "
            "use -360 to 360",
            "f.yaml:13:24: stretch 'x': figure.steps[2].near_arm.elbow: 161 is out of range; "
            "use 0 to 160",
            "f.yaml:14:5: stretch 'x': figure.steps[3]: expected a pose (a mapping), "
            "'still' or 'start', got 'stil'",
        ],
        id="every-bad-step-reported",
    ),
    pytest.param(
        STAND + "steps:\n  - {hips: [0, 60]}\n  - {spine: -46}\n",
        2,
        [
            "f.yaml:12:5: stretch 'x': figure.steps[1]: 'feet' should touch the floor, but "
            "the near ankle is 11.0 units above it (allowed 3)",
            "f.yaml:13:13: stretch 'x': figure.steps[2].spine: -46 is out of range; use -45 to 45",
        ],
        id="step-off-the-floor",
    ),
    pytest.param(
        STAND + "steps:\n  - {near_leg: {knee: 166}, far_leg: {hip: -41, roll: 90.5}}\n",
        1,
        [
            "f.yaml:12:23: stretch 'x': figure.steps[1].near_leg.knee: 166 is out of range; "
            "use 0 to 165",
            "f.yaml:12:44: stretch 'x': figure.steps[1].far_leg.hip: -41 is out of range; "
            "use -40 to 150",
            "f.yaml:12:55: stretch 'x': figure.steps[1].far_leg.roll: 90.5 is out of range; "
            "use 0 to 90",
        ],
        id="leg-angles-out-of-range",
    ),
    pytest.param(
        STAND + "steps:\n  - {neck: 71, far_arm: {shoulder: 201}}\n",
        1,
        [
            "f.yaml:12:12: stretch 'x': figure.steps[1].neck: 71 is out of range; use -40 to 70",
            "f.yaml:12:36: stretch 'x': figure.steps[1].far_arm.shoulder: 201 is out of "
            "range; use -60 to 200",
        ],
        id="neck-and-shoulder-out-of-range",
    ),
    pytest.param(
        STAND + "steps:\n  - {near_leg: {ankle: 91}, bend: 3}\n",
        1,
        [
            "f.yaml:12:29: stretch 'x': figure.steps[1]: unknown key 'bend'; allowed keys: "
            "touching, hips, pelvis, spine, neck, near_arm, far_arm, near_leg, far_leg",
            "f.yaml:12:24: stretch 'x': figure.steps[1].near_leg.ankle: 91 is out of range; "
            "use -40 to 90",
        ],
        id="ankle-and-unknown-step-key",
    ),
]


@pytest.mark.parametrize(("text", "steps", "expected"), BAD_FIGURES)
def test_figure_errors(text: str, steps: int, expected: list[str]) -> None:
    """Each mistake in a figure gives exactly its problem, at FILE:LINE:COL, and no figure."""
    figure, problems = figure_of(text, steps)
    assert problems == expected
    assert figure is None


def test_an_unknown_figure_key_is_reported_but_the_figure_still_loads() -> None:
    """An unknown key is one problem (the file fails to load); the figure itself is whole."""
    figure, problems = figure_of(STAND + "colour: red\nsteps: [still]\n")
    assert problems == [
        "f.yaml:11:1: stretch 'x': figure: unknown key 'colour'; allowed keys: start, "
        "steps, working, props, note"
    ]
    assert figure == Figure(start=STANDING, steps=(STANDING,), working=())


def test_joint_angles_at_the_ends_of_their_ranges_are_accepted() -> None:
    """Every angle exactly at the end of its range is allowed."""
    text = STAND + (
        "steps:\n"
        "  - {spine: 45, neck: -40, near_arm: {shoulder: 200, elbow: 160},"
        " far_arm: {shoulder: -60, elbow: 0}}\n"
        "  - {touching: [], hips: [0, 70], spine: -45, neck: 70, near_leg: {ankle: 90, roll: 0},"
        " far_leg: {ankle: -40, roll: 90}}\n"
        "  - {touching: [back], hips: [-200, 0.5], pelvis: 180, spine: 0, neck: 70,"
        " near_arm: {shoulder: 0, elbow: 0}, far_arm: {shoulder: 0, elbow: 0},"
        " near_leg: {hip: 0, knee: 0, ankle: 0, roll: 0},"
        " far_leg: {hip: 0, knee: 0, ankle: 0, roll: 0}}\n"
        "  - {hips: [200, 0.5]}\n"
    )
    figure, problems = figure_of(text, 4)
    assert problems == []
    assert figure is not None
    assert figure.steps[0].near_arm == (200.0, 160.0)
    assert figure.steps[0].far_arm == (-60.0, 0.0)
    assert (figure.steps[1].spine, figure.steps[1].neck) == (-45.0, 70.0)
    assert figure.steps[1].far_leg == (0.0, 0.0, -40.0, 90.0)
    assert figure.steps[2].hips == (-200.0, 0.5)
    assert figure.steps[3].hips == (200.0, 0.5)
