"""The planner's timeline for every stretch at both levels, phase by phase, against snapshots."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.catalogue.models import PerSide, Step, Timing, Wording
from backcoach.errors import UsageError
from backcoach.session.planner import (
    Prescription,
    Timeline,
    build,
    plan,
    prescribe,
    stretch_seconds,
    total_seconds,
)

CATALOGUE = load()
TIMING = CATALOGUE.timing
SNAPSHOTS = Path(__file__).parent / "snapshots" / "timelines"
# Every length different, so a phase given the wrong length shows which one it took.
ODD = Timing(
    get_ready_seconds=10.0,
    setup_seconds=11.0,
    switch_side_seconds=7.0,
    inhale_seconds=3.0,
    exhale_seconds=5.0,
    move_seconds=2.0,
    release_seconds=1.5,
    rest_seconds=13.0,
)


def lines(timeline: Timeline) -> str:
    """The timeline as a person reads it: one line per phase, every field shown."""
    out = []
    for p in timeline.phases:
        out.append(
            f"{p.start:g}+{p.seconds:g} {p.kind} [{p.stretch_index}:{p.stretch_id}]"
            f" side={p.side} rep={p.rep}/{p.reps} breath={p.breath}"
            f" | {p.cue} | {p.text}"
        )
    return "\n".join(out) + "\n"


def check(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_TIMELINE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("stretch_id", CATALOGUE.ids)
@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_each_stretch_timeline_matches_its_snapshot(stretch_id: str, level: str) -> None:
    """Every phase of every stretch (kind, length, side, rep, cue, text) equals its snapshot."""
    stretch = CATALOGUE.by_id(stretch_id)
    timeline = build([prescribe(stretch, level)], ODD)  # type: ignore[arg-type]
    check(f"{stretch_id}-{level}", lines(timeline))


def test_whole_routine_with_rests_matches_its_snapshot() -> None:
    """Three stretches end to end: a 13 s rest after each but the last, starts running on."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "hip-stretch", "bird-dog")]
    check("routine", lines(build(chosen, ODD)))


def test_one_side_only_has_no_switch() -> None:
    """A prescription for the right side only: one setup on the right, no switch phase."""
    stretch = CATALOGUE.by_id("leg-stretch")
    one = Prescription(stretch, reps=2, hold_seconds=20, sides=("right",))
    phases = build([one], ODD).phases
    assert [p.kind for p in phases if p.kind == "setup"] == ["setup"]
    assert {p.side for p in phases} == {"right"}
    assert phases[0].seconds == 11.0
    assert phases[0].text == stretch.position_for("right").text


def test_sides_in_the_order_given() -> None:
    """sides=(right, left): the right side first, then a switch to the left."""
    stretch = CATALOGUE.by_id("lower-stomach-stretch")
    both = Prescription(stretch, reps=1, hold_seconds=None, sides=("right", "left"))
    setups = [p for p in build([both], ODD).phases if p.kind == "setup"]
    assert [p.side for p in setups] == ["right", "left"]
    assert setups[1].seconds == 7.0
    assert setups[1].text.startswith("Switch to the left side. ")


def test_rest_length_given_overrides_the_timing() -> None:
    """rest_seconds=4 puts 4 s rests; 0 puts none; the timing's 13 s otherwise."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "pelvic-tilts", "spine-stretch")]
    for rest, expected in ((None, [13.0, 13.0]), (4.0, [4.0, 4.0]), (0.0, []), (-1.0, [])):
        rests = build(chosen, ODD, rest).phases
        assert [p.seconds for p in rests if p.kind == "rest"] == expected
        assert [p.stretch_index for p in rests if p.kind == "rest"] == [0, 1][: len(expected)]


def test_rest_phase_fields() -> None:
    """A rest says 'Rest, breathe easily', belongs to the stretch before it, has no side or rep."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "pelvic-tilts")]
    timeline = build(chosen, ODD)
    rest = next(p for p in timeline.phases if p.kind == "rest")
    before = timeline.phases[timeline.phases.index(rest) - 1]
    after = timeline.phases[timeline.phases.index(rest) + 1]
    assert (rest.cue, rest.text, rest.breath) == (
        "Rest, breathe easily",
        "Rest, breathe easily",
        None,
    )
    assert (rest.stretch_id, rest.stretch_index, rest.side, rest.rep, rest.reps) == (
        "bridge",
        0,
        None,
        0,
        0,
    )
    assert rest.start == before.end
    assert after.start == rest.end == before.end + 13.0
    assert (after.stretch_id, after.stretch_index, after.kind) == ("pelvic-tilts", 1, "setup")


def test_trimmed_is_carried_and_bounds_exclude_the_rest() -> None:
    """build keeps what it was told was trimmed; stretch_bounds leaves the rest out."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "pelvic-tilts")]
    timeline = build(chosen, ODD, None, ("rests 15 → 5 s",))
    assert timeline.trimmed == ("rests 15 → 5 s",)
    assert timeline.left_out == ()
    assert timeline.fitted_to is None
    first = stretch_seconds(chosen[0], ODD)
    assert timeline.stretch_bounds(0) == (0.0, first)
    assert timeline.stretch_bounds(1) == (first + 13.0, timeline.total_seconds)
    assert Timeline((), ()).total_seconds == 0.0


def test_total_seconds_adds_rests_between() -> None:
    """total_seconds: the stretches' times plus a rest between each two, never a negative rest."""
    assert total_seconds([10.0, 20.0, 30.0], ODD) == 60.0 + 2 * 13.0
    assert total_seconds([10.0, 20.0], ODD, 4.0) == 34.0
    assert total_seconds([10.0, 20.0], ODD, -3.0) == 30.0
    assert total_seconds([10.0], ODD) == 10.0
    assert total_seconds([], ODD) == 0.0


def test_prescribe_levels() -> None:
    """prescribe: the middle dose at standard, the lowest when gentle; nothing prescribed."""
    bird = CATALOGUE.by_id("bird-dog")
    assert prescribe(bird) == Prescription(bird, 8, 7)
    assert prescribe(bird, "gentle") == Prescription(bird, 8, 5)
    assert prescribe(bird).sides is None and prescribe(bird).prescribed is False
    assert prescribe(bird).side_order == ("left", "right")
    assert prescribe(CATALOGUE.by_id("bridge")).side_order == (None,)


def test_plan_refuses_nothing_and_bad_minutes() -> None:
    """plan: no stretches, or minutes 0, negative, infinite or nan: a usage error saying so."""
    with pytest.raises(UsageError, match=r"^no stretches left to do; check --only and --skip$"):
        plan([], TIMING)
    one = [prescribe(CATALOGUE.by_id("bridge"))]
    for bad, shown in ((0.0, "0"), (-2.5, "-2.5"), (float("inf"), "inf"), (float("nan"), "nan")):
        with pytest.raises(UsageError) as caught:
            plan(one, TIMING, bad)
        assert str(caught.value) == f"--minutes must be a number more than 0, not {shown}"


def test_plan_with_minutes_records_what_was_asked() -> None:
    """plan with minutes keeps fitted_to, the rest it shortened to, and what it left out."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "pelvic-tilts")]
    full = plan(chosen, TIMING)
    assert full.fitted_to is None
    roomy = plan(chosen, TIMING, 100.0)
    assert roomy.fitted_to == 100.0
    assert roomy.phases == full.phases
    tight = plan(chosen, TIMING, (full.total_seconds - 10) / 60, rest_seconds=None)
    assert tight.trimmed == ("rests 15 → 5 s",)
    assert [p.seconds for p in tight.phases if p.kind == "rest"] == [5.0]
    given = plan(chosen, TIMING, 100.0, rest_seconds=3.0)
    assert [p.seconds for p in given.phases if p.kind == "rest"] == [3.0]
    short = plan(chosen, TIMING, 1.5, recent=["bridge"])
    assert [p.stretch.id for p in short.prescriptions] == ["pelvic-tilts"]
    assert [(x.stretch_id, x.reason) for x in short.left_out] == [("bridge", "done most recently")]


def test_switch_without_a_position_per_side_says_the_switch() -> None:
    """A two-sided stretch with one shared position: the second setup's cue names the switch."""
    stretch = replace(CATALOGUE.by_id("leg-stretch"), position_per_side=None)
    setups = [p for p in build([prescribe(stretch)], ODD).phases if p.kind == "setup"]
    assert [p.cue for p in setups] == [stretch.position_cue, "Switch to the right side"]
    assert setups[1].text == f"Switch to the right side. {stretch.position}"


def test_an_alternating_stretch_starts_in_its_side_neutral_position() -> None:
    """Sides alternate within one position: the setup shows the shared words, not the left's."""
    stretch = replace(
        CATALOGUE.by_id("bird-dog"),
        position_per_side=PerSide(
            Wording("Left hand and knee down.", "Left down"),
            Wording("Right hand and knee down.", "Right down"),
        ),
    )
    assert stretch.dose.sides == "alternate"
    setup = build([prescribe(stretch)], ODD).phases[0]
    assert (setup.kind, setup.side) == ("setup", "left")
    assert (setup.cue, setup.text) == (stretch.position_cue, stretch.position)


def test_a_breath_in_added_before_an_exhale_belongs_to_the_reps_side() -> None:
    """An exhale with no breath in before it gets one on the same side, so the view names it."""
    leg = CATALOGUE.by_id("leg-stretch")
    assert leg.dose.sides == "each"
    stretch = replace(
        leg, steps=(Step("Breathe out and lift.", "Lift", "move", "out"), *leg.steps[1:])
    )
    one = Prescription(stretch, reps=1, hold_seconds=20, sides=("right", "left"))
    added = [p for p in build([one], ODD).phases if p.kind == "inhale" and p.rep == 1]
    assert [(p.side, p.cue) for p in added][:2] == [
        ("right", "Breathe in deeply"),
        ("left", "Breathe in deeply"),
    ]
