"""The built-in catalogue says what the source says, stretch by stretch."""

from __future__ import annotations

import pytest

from backcoach.catalogue.loader import load
from backcoach.catalogue.models import Range

# (id, number, sides, reps, hold seconds or None), read off
# shared/source/lower-back-stretches.txt by hand.
SOURCE_DOSES = [
    ("spine-stretch", 1, "alternate", (6, 8), None),  # "Alternate sides ... six to eight times"
    ("hip-stretch", 2, "each", (2, 2), (20, 30)),  # "twice on each side ... 20 to 30 seconds"
    ("bottom-stretch", 3, "each", (2, 2), (20, 30)),  # "twice on each side for 20 to 30 seconds"
    ("leg-stretch", 4, "each", (2, 2), (20, 30)),  # "twice for each leg ... 20 to 30 seconds"
    ("lower-back-stretch", 5, "once", (6, 8), (20, 30)),  # "20 to 30 seconds ... six to eight"
    ("pelvic-tilts", 6, "once", (8, 12), None),  # "between eight and a dozen times"
    ("bridge", 7, "once", (8, 12), None),  # "eight to a dozen times"
    ("bird-dog", 8, "alternate", (8, 8), (5, 10)),  # "five to ten seconds ... at least eight times"
    ("deep-abdominal-stretch", 9, "once", (5, 5), (5, 10)),  # "five times ... five to ten seconds"
    ("lower-stomach-stretch", 10, "each", (6, 8), None),  # "six to eight times with each leg"
]


@pytest.mark.parametrize(("stretch_id", "number", "sides", "reps", "hold"), SOURCE_DOSES)
def test_dose_matches_source(
    stretch_id: str, number: int, sides: str, reps: tuple[int, int], hold: tuple[int, int] | None
) -> None:
    """Each stretch's number, sides, repetitions and hold are the source's."""
    stretch = load().by_id(stretch_id)
    assert stretch.number == number
    assert stretch.dose.sides == sides
    assert stretch.dose.reps == Range(*reps)
    assert stretch.dose.hold_seconds == (Range(*hold) if hold else None)


def test_all_ten_in_source_order() -> None:
    """The catalogue holds the ten stretches, numbered 1 to 10 in the source's order."""
    catalogue = load()
    assert [s.id for s in catalogue.stretches] == [row[0] for row in SOURCE_DOSES]
    assert [s.number for s in catalogue.stretches] == list(range(1, 11))


# Which steps the source ties to the breath, in order, per stretch.
SOURCE_BREATHS = {
    "spine-stretch": ["in", "out", None],
    "hip-stretch": [None, None, None],
    "bottom-stretch": ["in", "out", None, None],
    "leg-stretch": [None, None, None],
    "lower-back-stretch": ["in", "out", None, "in"],
    "pelvic-tilts": [None, None],
    "bridge": ["in", "out", "in"],
    "bird-dog": ["in", "out", None, None],
    "deep-abdominal-stretch": ["in", "out", None, None],
    "lower-stomach-stretch": ["in", "out", "in"],
}


@pytest.mark.parametrize("stretch_id", list(SOURCE_BREATHS))
def test_breaths_match_source(stretch_id: str) -> None:
    """Steps carry the breath the source ties them to, and no other."""
    stretch = load().by_id(stretch_id)
    assert [step.breath for step in stretch.steps] == SOURCE_BREATHS[stretch_id]


SOURCE_EQUIPMENT = {
    "spine-stretch": ("small pillow or cushion",),
    "leg-stretch": ("small towel",),
    "pelvic-tilts": ("small pillow or cushion",),
    "deep-abdominal-stretch": ("small pillow",),
}


def test_equipment_matches_source() -> None:
    """Only the stretches the source gives a pillow or towel list one."""
    for stretch in load().stretches:
        assert stretch.equipment == SOURCE_EQUIPMENT.get(stretch.id, ())


def test_source_cautions_present() -> None:
    """The source's stretch-specific warnings are cautions on those stretches."""
    catalogue = load()
    assert any("too far" in c for c in catalogue.by_id("leg-stretch").cautions)
    assert any("sag" in c for c in catalogue.by_id("bird-dog").cautions)
    assert any("gently" in c for c in catalogue.by_id("bridge").cautions)
    assert any("elbows" in c for c in catalogue.by_id("lower-back-stretch").cautions)


def test_general_advice_is_data() -> None:
    """The source's general advice lives in the catalogue, not in code."""
    advice = load().advice
    assert "physical therapist" in advice.before_starting
    assert "every day" in advice.daily
    assert "too hard" in advice.never_push
    assert "medical professional" in advice.if_it_hurts
    assert "not a doctor" in advice.medical_note


def test_bottom_stretch_correction_noted() -> None:
    """Stretch 3 is done on the back, and the YAML notes the source's 'prone'."""
    stretch = load().by_id("bottom-stretch")
    assert "on your back" in stretch.position.lower()
    assert "prone" not in stretch.position.lower()
    assert any("prone" in note for note in stretch.notes)


def test_cues_are_short() -> None:
    """Every cue can be read at a glance: at most eight words."""
    for stretch in load().stretches:
        assert len(stretch.position_cue.split()) <= 8, stretch.position_cue
        for step in stretch.steps:
            assert len(step.cue.split()) <= 8, step.cue


# -- planned doses against the source ---------------------------------------------------------
#
# The same table, checked on what the planner actually lays out: at each level, and with
# --minutes squeezing the full routine, every stretch that is done gets repetitions and holds
# inside the source's range (never below its lower bound), and both sides the same work.

# (standard reps, gentle reps) as planned: the middle and the lower end of each range, with
# alternating counts rounded up to even so the two sides split them equally.
PLANNED_REPS = {
    "spine-stretch": (8, 6),  # 6-8 alternating: 7 would give one side 4 and the other 3
    "hip-stretch": (2, 2),
    "bottom-stretch": (2, 2),
    "leg-stretch": (2, 2),
    "lower-back-stretch": (7, 6),
    "pelvic-tilts": (10, 8),
    "bridge": (10, 8),
    "bird-dog": (8, 8),
    "deep-abdominal-stretch": (5, 5),
    "lower-stomach-stretch": (7, 6),
}


def planned_doses(timeline):  # type: ignore[no-untyped-def]
    """{stretch id: ({side: repetitions on it}, {hold seconds})} read off the phases."""
    reps: dict[str, dict[object, set[int]]] = {}
    holds: dict[str, set[float]] = {}
    for phase in timeline.phases:
        if phase.kind == "rest":
            continue
        per_side = reps.setdefault(phase.stretch_id, {})
        if phase.rep:
            per_side.setdefault(phase.side, set()).add(phase.rep)
        if phase.kind == "hold":
            holds.setdefault(phase.stretch_id, set()).add(phase.seconds)
    return {
        stretch_id: ({side: len(n) for side, n in sides.items()}, holds.get(stretch_id, set()))
        for stretch_id, sides in reps.items()
    }


def check_against_source(timeline, level: str | None = None) -> None:  # type: ignore[no-untyped-def]
    source = {row[0]: row for row in SOURCE_DOSES}
    for stretch_id, (reps, holds) in planned_doses(timeline).items():
        _, _, sides, (low, high), hold = source[stretch_id]
        if sides == "once":
            assert list(reps) == [None], stretch_id
            done = reps[None]
        else:
            assert set(reps) == {"left", "right"}, stretch_id
            assert reps["left"] == reps["right"], (stretch_id, reps)  # equal sides
            done = reps["left"] * (2 if sides == "alternate" else 1)
        assert low <= done <= high, (stretch_id, done)
        if level is not None:
            assert done == PLANNED_REPS[stretch_id][level == "gentle"], (stretch_id, level)
        if hold is None:
            assert holds == set(), stretch_id
        else:
            assert holds and all(hold[0] <= h <= hold[1] for h in holds), (stretch_id, holds)


@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_planned_doses_match_source_at_each_level(level: str) -> None:
    """Each stretch's planned reps and holds are the source's, at the level's point of the range."""
    from backcoach.session.planner import build, prescribe

    catalogue = load()
    chosen = [prescribe(s, level) for s in catalogue.stretches]  # type: ignore[arg-type]
    timeline = build(chosen, catalogue.timing)
    assert len(planned_doses(timeline)) == 10
    check_against_source(timeline, level)


@pytest.mark.parametrize("minutes", [30, 24, 20, 15, 12, 8, 5, 3, 2])
@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_planned_doses_with_minutes_stay_within_source(minutes: int, level: str) -> None:
    """--minutes never plans a dose below the source's nor unequal sides; it leaves some out."""
    from backcoach.session.planner import plan, prescribe

    catalogue = load()
    chosen = [prescribe(s, level) for s in catalogue.stretches]  # type: ignore[arg-type]
    timeline = plan(chosen, catalogue.timing, minutes)
    assert timeline.total_seconds <= minutes * 60
    check_against_source(timeline)
    done = list(planned_doses(timeline))
    assert sorted(done + [o.stretch_id for o in timeline.left_out]) == sorted(catalogue.ids)
