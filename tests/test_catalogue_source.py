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
