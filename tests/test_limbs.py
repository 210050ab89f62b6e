"""One-sided stretches name the limb for each side: catalogue, plan, show and validate."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from backcoach.catalogue import cache as catalogue_cache
from backcoach.catalogue.loader import BUILTIN_NAME, builtin_text, load, parse_catalogue
from backcoach.catalogue.models import Side
from backcoach.errors import InputError
from backcoach.session.planner import Prescription, build, prescribe
from helpers import invoke

# What each side's phases must say, written for the LEFT side; the RIGHT side
# says the mirror image (LEFT and RIGHT swapped).
LEFT_WORDS = {
    "spine-stretch": ["knees roll to your LEFT"],
    "hip-stretch": ["Kneel on LEFT knee, RIGHT foot forward", "hips forward, LEFT hip"],
    "bottom-stretch": ["LEFT ankle over RIGHT knee", "Hold your LEFT thigh", "pull LEFT knee"],
    "leg-stretch": ["towel under LEFT foot", "Straighten LEFT knee", "Bend LEFT knee"],
    "bird-dog": ["reach LEFT leg, RIGHT arm", "LEFT leg, RIGHT arm back down"],
    "lower-stomach-stretch": ["LEFT knee moves", "LEFT knee to chest", "LEFT foot back down"],
}


def mirror(text: str) -> str:
    return text.replace("LEFT", "\0").replace("RIGHT", "LEFT").replace("\0", "RIGHT")


def words_for(stretch_id: str, side: Side) -> list[str]:
    words = LEFT_WORDS[stretch_id]
    return words if side == "left" else [mirror(word) for word in words]


def test_every_one_sided_stretch_is_in_the_table() -> None:
    """The table below covers exactly the catalogue's one-sided stretches."""
    one_sided = {s.id for s in load().stretches if s.dose.sides != "once"}
    assert one_sided == set(LEFT_WORDS)


@pytest.mark.parametrize("level", ["standard", "gentle"])
@pytest.mark.parametrize("stretch_id", list(LEFT_WORDS))
def test_each_sides_phases_name_that_sides_limb(stretch_id: str, level: str) -> None:
    """Every LEFT phase names the left limbs and never the right ones' wording, and mirrored."""
    catalogue = load()
    timeline = build([prescribe(catalogue.by_id(stretch_id), level)], catalogue.timing)  # type: ignore[arg-type]
    for side, other in (("left", "right"), ("right", "left")):
        said = " | ".join(p.cue for p in timeline.phases if p.side == side)
        texts = " | ".join(p.text for p in timeline.phases if p.side == side)
        for word in words_for(stretch_id, side):  # type: ignore[arg-type]
            assert word in said, (side, word, said)
        for word in words_for(stretch_id, other):  # type: ignore[arg-type]
            assert word not in said, (side, word)
        assert (side.upper() in texts) and said


@pytest.mark.parametrize("stretch_id", ["hip-stretch", "bottom-stretch", "leg-stretch"])
def test_switch_side_setup_names_the_new_sides_limbs(stretch_id: str) -> None:
    """The setup that switches to the right side gives the right side's position and says switch."""
    catalogue = load()
    stretch = catalogue.by_id(stretch_id)
    setups = [p for p in build([prescribe(stretch)], catalogue.timing).phases if p.kind == "setup"]
    assert [p.side for p in setups] == ["left", "right"]
    assert setups[0].cue == stretch.position_for("left").cue
    assert setups[1].cue == stretch.position_for("right").cue
    assert setups[1].seconds == catalogue.timing.switch_side_seconds
    assert setups[1].text.startswith("Switch to the right side. ")
    assert "RIGHT" in setups[1].cue and "RIGHT" in setups[1].text


def test_one_side_only_starts_in_that_sides_position() -> None:
    """A routine's 'sides: right' sets up the right side's position first, and only it."""
    catalogue = load()
    leg = catalogue.by_id("leg-stretch")
    phases = build([Prescription(leg, 2, 20, sides=("right",))], catalogue.timing).phases
    assert phases[0].cue == "On your back, towel under RIGHT foot"
    assert not any("LEFT" in p.cue for p in phases)


def test_cues_per_side_are_short() -> None:
    """Each side's cue is readable at a glance: at most eight words."""
    for stretch in load().stretches:
        sided = [stretch.position_per_side, *(step.per_side for step in stretch.steps)]
        for words in filter(None, sided):
            for wording in (words.left, words.right):
                assert len(wording.cue.split()) <= 8, wording.cue


def test_uncertain_sides_are_explained_in_notes() -> None:
    """Where the source leaves 'left' open, the stretch's notes say what it means."""
    catalogue = load()
    assert any("kneeling leg" in n for n in catalogue.by_id("hip-stretch").notes)
    assert any("roll to" in n for n in catalogue.by_id("spine-stretch").notes)
    assert any("left piriformis" in n for n in catalogue.by_id("bottom-stretch").notes)


# -- the cache --------------------------------------------------------------------------------


def test_cache_round_trips_per_side_wording() -> None:
    """The cached catalogue carries every per-side wording, equal to a fresh parse."""
    fresh = parse_catalogue(builtin_text(), BUILTIN_NAME)
    load()  # writes the cache
    cached = catalogue_cache.read(catalogue_cache_source(), BUILTIN_NAME)
    assert cached is not None
    assert cached == fresh
    assert (
        cached.by_id("hip-stretch").position_per_side
        == fresh.by_id("hip-stretch").position_per_side
    )
    assert cached.by_id("hip-stretch").position_per_side is not None
    assert [s.per_side for s in cached.by_id("bird-dog").steps] == [
        s.per_side for s in fresh.by_id("bird-dog").steps
    ]
    assert cached.by_id("bird-dog").steps[1].per_side is not None


def catalogue_cache_source() -> bytes:
    """The bytes the cache is keyed on: the built-in catalogue file's."""
    from backcoach.catalogue.loader import _packaged_file

    return Path(_packaged_file()).read_bytes()


# -- show ---------------------------------------------------------------------------------------


def test_show_gives_both_sides_wording() -> None:
    """`show hip` prints the LEFT and the RIGHT position and step, each naming its limbs."""
    result = invoke("show", "hip")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "LEFT side: Kneel with your LEFT knee on the floor and your RIGHT foot" in flat
    assert "RIGHT side: Kneel with your RIGHT knee on the floor and your LEFT foot" in flat
    assert "front of your LEFT hip" in flat and "front of your RIGHT hip" in flat


def test_show_json_gives_both_sides_wording() -> None:
    """`show leg --json` has per_side for the position and for the steps that name a limb."""
    data = json.loads(invoke("show", "leg", "--json").stdout)
    assert data["per_side"]["left"]["position_cue"] == "On your back, towel under LEFT foot"
    assert data["per_side"]["right"]["position_cue"] == "On your back, towel under RIGHT foot"
    right = data["steps"][0]["per_side"]["right"]
    assert right["cue"] == "Straighten RIGHT knee, pull towel gently"
    assert data["steps"][1]["per_side"] is None  # the hold reads the same on both sides


# -- validate ------------------------------------------------------------------------------------

ONE_SIDED = textwrap.dedent(
    """\
    schema: 1
    advice:
      medical_note: Check with a therapist.
      before_starting: Check first.
      daily: Every day.
      never_push: Never push.
      if_it_hurts: Stop if it hurts.
    timing:
      get_ready_seconds: 5
      setup_seconds: 5
      switch_side_seconds: 3
      inhale_seconds: 3
      exhale_seconds: 3
      move_seconds: 3
      release_seconds: 3
      rest_seconds: 5
    stretches:
      - id: side-lunge
        number: 1
        name: Side lunge
        summary: A lunge to one side.
        equipment: []
        position: Stand with your feet wide apart.
        position_cue: Stand, feet wide
        per_side:
          left:
            position: Stand with your feet wide apart, LEFT toes turned out.
            position_cue: Stand, LEFT toes out
          right:
            position: Stand with your feet wide apart, RIGHT toes turned out.
            position_cue: Stand, RIGHT toes out
        steps:
          - text: Bend one knee.
            cue: Bend one knee
            kind: move
            breath: null
            per_side:
              left: {text: Bend your LEFT knee., cue: Bend LEFT knee}
              right: {text: Bend your RIGHT knee., cue: Bend RIGHT knee}
        dose:
          sides: each
          reps: {min: 2, max: 4}
          hold_seconds: null
        cautions: []
    """
)


def located(text: str, needle: str) -> str:
    line = next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)
    return f"cat.yaml:{line}:"


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_catalogue(text, "cat.yaml")
    return [str(problem) for problem in caught.value.problems]


def without(text: str, start: str, lines: int) -> str:
    rows = text.splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.startswith(start))
    return "".join(rows[:at] + rows[at + lines :])


def test_template_with_per_side_wording_loads() -> None:
    """The template below is valid, and its sides say their own words."""
    stretch = parse_catalogue(ONE_SIDED, "cat.yaml").stretches[0]
    assert stretch.position_for("right").cue == "Stand, RIGHT toes out"
    assert stretch.steps[0].wording("left").cue == "Bend LEFT knee"


def test_each_side_stretch_without_per_side_position_is_an_error() -> None:
    """'sides: each' with no per_side position: an error at position_cue with the fix."""
    text = without(ONE_SIDED, "    per_side:", 7)
    found = problems(text)
    assert any(
        p.startswith(located(text, "position_cue: Stand, feet wide"))
        and "stretch 'side-lunge'" in p
        and "add per_side: with left: and right:" in p
        for p in found
    ), found


def test_one_sided_stretch_without_a_sided_step_is_an_error() -> None:
    """No step names the limb: an error at steps, saying which key to add."""
    text = without(ONE_SIDED, "        per_side:", 3)
    found = problems(text)
    assert any(
        p.startswith(located(text, "    steps:")) and "no step names the limb" in p for p in found
    ), found


def test_alternating_stretch_needs_only_sided_steps() -> None:
    """An alternating stretch keeps one position; without a sided step it is an error."""
    alternating = without(ONE_SIDED, "    per_side:", 7).replace("sides: each", "sides: alternate")
    assert parse_catalogue(alternating, "cat.yaml").stretches[0].position_per_side is None
    text = without(alternating, "        per_side:", 3)
    found = problems(text)
    assert any(
        p.startswith(located(text, "    steps:")) and "alternating sides" in p for p in found
    ), found


def test_once_stretch_with_per_side_is_an_error() -> None:
    """per_side on a stretch done once is refused at the key, saying to remove it."""
    text = ONE_SIDED.replace("sides: each", "sides: once")
    found = problems(text)
    assert any(
        p.startswith(located(text, "    per_side:")) and "remove per_side" in p for p in found
    ), found


def test_per_side_missing_a_side_is_an_error() -> None:
    """A per_side with left but no right says right is missing, at the mapping."""
    text = ONE_SIDED.replace(
        "          right: {text: Bend your RIGHT knee., cue: Bend RIGHT knee}\n", ""
    )
    found = problems(text)
    assert any(
        p.startswith(located(text, "left: {text: Bend your LEFT"))
        and "steps[1].per_side" in p
        and "missing 'right'" in p
        for p in found
    ), found


def test_validate_command_reports_missing_per_side(tmp_path: Path) -> None:
    """`backcoach validate` prints FILE:LINE:COL for a one-sided stretch without per-side words."""
    path = tmp_path / "mine.yaml"
    path.write_text(without(ONE_SIDED, "    per_side:", 7), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    line = located(without(ONE_SIDED, "    per_side:", 7), "position_cue: Stand, feet wide")
    assert f"{path}:{line.split(':', 1)[1]}" in result.stdout
    assert "per_side" in result.stdout


def test_alternating_range_with_no_even_number_is_an_error() -> None:
    """An alternating dose of one odd count cannot be shared equally: an error at reps, a fix."""
    text = without(ONE_SIDED, "    per_side:", 7).replace("sides: each", "sides: alternate")
    text = text.replace("reps: {min: 2, max: 4}", "reps: {min: 7, max: 7}")
    found = problems(text)
    assert any(
        p.startswith(located(text, "reps: {min: 7"))
        and "cannot be shared equally" in p
        and "{min: 8, max: 8}" in p
        for p in found
    ), found
