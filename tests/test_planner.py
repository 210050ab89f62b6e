"""The planner turns the catalogue and options into the timeline the source describes."""

from __future__ import annotations

import itertools

import pytest

from backcoach.catalogue.loader import load, resolve_many
from backcoach.errors import UsageError
from backcoach.session.planner import build, plan, prescribe, stretch_seconds, total_seconds

CATALOGUE = load()
TIMING = CATALOGUE.timing


def plan_for(stretches, level="standard", minutes=None):  # type: ignore[no-untyped-def]
    return plan([prescribe(s, level) for s in stretches], TIMING, minutes)


def phases_of(stretch_id: str, level: str = "standard"):  # type: ignore[no-untyped-def]
    stretch = CATALOGUE.by_id(stretch_id)
    return build([prescribe(stretch, level)], TIMING).phases  # type: ignore[arg-type]


# id: (standard reps, gentle reps, standard hold, gentle hold, sides in order of reps)
EXPECTED = {
    "spine-stretch": (8, 6, None, None, "alternate"),  # 6-8 alternating: even counts
    "hip-stretch": (2, 2, 25, 20, "each"),
    "bottom-stretch": (2, 2, 25, 20, "each"),
    "leg-stretch": (2, 2, 25, 20, "each"),
    "lower-back-stretch": (7, 6, 25, 20, "once"),
    "pelvic-tilts": (10, 8, None, None, "once"),
    "bridge": (10, 8, None, None, "once"),
    "bird-dog": (8, 8, 7, 5, "alternate"),
    "deep-abdominal-stretch": (5, 5, 7, 5, "once"),
    "lower-stomach-stretch": (7, 6, None, None, "each"),
}


@pytest.mark.parametrize("stretch_id", list(EXPECTED))
@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_reps_holds_and_sides(stretch_id: str, level: str) -> None:
    """Each stretch gets the middle (or, gentle, the lowest) reps and hold, on the right sides."""
    reps_std, reps_gentle, hold_std, hold_gentle, sides = EXPECTED[stretch_id]
    reps = reps_std if level == "standard" else reps_gentle
    hold = hold_std if level == "standard" else hold_gentle
    phases = phases_of(stretch_id, level)
    holds = [p for p in phases if p.kind == "hold"]
    if hold is None:
        assert holds == []
    else:
        assert {p.seconds for p in holds} == {hold}
    rep_sides = [(p.side, p.rep) for p in phases if p.rep]
    distinct = list(dict.fromkeys(rep_sides))
    if sides == "once":
        assert distinct == [(None, r) for r in range(1, reps + 1)]
    elif sides == "each":
        assert distinct == [("left", r) for r in range(1, reps + 1)] + [
            ("right", r) for r in range(1, reps + 1)
        ]
        switch = [p for p in phases if p.kind == "setup" and p.rep == 0]
        assert [p.side for p in switch] == ["left", "right"]
    else:
        assert distinct == [("left" if r % 2 else "right", r) for r in range(1, reps + 1)]
    if holds:
        assert len(holds) == len(distinct)  # one hold in every repetition


@pytest.mark.parametrize("stretch_id", list(EXPECTED))
def test_every_breath_out_follows_a_breath_in(stretch_id: str) -> None:
    """No movement on a breath out comes without a breath in just before it."""
    phases = phases_of(stretch_id)
    for before, phase in itertools.pairwise(phases):
        if phase.kind == "exhale":
            assert before.kind == "inhale", (before, phase)
    assert not any(a.kind == b.kind == "inhale" for a, b in itertools.pairwise(phases))


def test_returns_on_a_breath_in_are_inhale_phases() -> None:
    """Where the source returns on a breath in, the return is a breathe-in phase."""
    for stretch_id, cue in (
        ("bridge", "Breathe in, lower hips"),
        ("lower-back-stretch", "Breathe in, back onto all fours"),
        ("lower-stomach-stretch", "Breathe in, LEFT foot back down"),
    ):
        returns = [p for p in phases_of(stretch_id) if p.cue == cue]
        assert returns
        assert all(p.kind == "inhale" and p.breath == "in" for p in returns)


def test_lower_back_stretch_order() -> None:
    """Lower back stretch: in, bottom to heels on the out-breath, hold, back up on the in."""
    kinds = [p.kind for p in phases_of("lower-back-stretch")][:6]
    assert kinds == ["setup", "inhale", "exhale", "hold", "inhale", "exhale"]


def test_phases_are_contiguous_and_total_is_their_sum() -> None:
    """Each phase starts where the last ended; the total is the sum of all phases."""
    timeline = plan_for(CATALOGUE.stretches)
    clock = 0.0
    for phase in timeline.phases:
        assert phase.start == pytest.approx(clock)
        clock += phase.seconds
    assert timeline.total_seconds == pytest.approx(clock)


def test_rest_between_stretches_only() -> None:
    """A rest comes between two stretches, never before the first or after the last."""
    timeline = plan_for(CATALOGUE.stretches)
    rests = [p for p in timeline.phases if p.kind == "rest"]
    assert len(rests) == len(CATALOGUE.stretches) - 1
    assert timeline.phases[-1].kind != "rest"
    assert all(p.seconds == TIMING.rest_seconds for p in rests)


def test_gentle_is_shorter() -> None:
    """--gentle never makes the routine longer, and shortens it overall."""
    standard = plan_for(CATALOGUE.stretches)
    gentle = plan_for(CATALOGUE.stretches, "gentle")
    assert gentle.total_seconds < standard.total_seconds


def test_only_and_skip_keep_catalogue_order() -> None:
    """--only picks the named stretches in catalogue order; --skip removes them."""
    only = resolve_many(CATALOGUE, "bird,bridge,1")
    assert [s.id for s in only] == ["spine-stretch", "bridge", "bird-dog"]
    timeline = plan_for(only)
    assert [p.stretch.id for p in timeline.prescriptions] == [s.id for s in only]
    assert {p.stretch_id for p in timeline.phases} == {s.id for s in only}


def test_only_with_unknown_name() -> None:
    """An unknown name in --only is a usage error naming it."""
    with pytest.raises(UsageError, match="brdge"):
        resolve_many(CATALOGUE, "bridge,brdge")


def test_nothing_left_is_an_error() -> None:
    """Skipping every stretch is refused rather than running an empty session."""
    with pytest.raises(UsageError, match="no stretches"):
        plan([], TIMING)


def test_minutes_shortens_across_stretches_and_fits() -> None:
    """--minutes shortens doses across several stretches until the routine fits, and says what."""
    full = plan_for(CATALOGUE.stretches)
    timeline = plan_for(CATALOGUE.stretches, minutes=22)
    assert timeline.total_seconds <= 22 * 60
    assert timeline.total_seconds < full.total_seconds
    assert timeline.trimmed and timeline.left_out == ()
    before = {p.stretch.id: p for p in full.prescriptions}
    shortened = [p for p in timeline.prescriptions if p != before[p.stretch.id]]
    assert len(shortened) >= 3  # spread over several stretches, not all from one
    for after in shortened:
        first = before[after.stretch.id]
        if first.reps != after.reps:
            assert f"{after.stretch.id} {first.reps} → {after.reps} reps" in timeline.trimmed
        if first.hold_seconds != after.hold_seconds:
            note = f"{after.stretch.id} hold {first.hold_seconds} → {after.hold_seconds} s"
            assert note in timeline.trimmed


def test_minutes_already_fitting_changes_nothing() -> None:
    """A generous budget leaves the routine as it is, and says nothing was shortened."""
    prescriptions = [prescribe(s) for s in CATALOGUE.stretches]
    timeline = plan(prescriptions, TIMING, 60)
    assert list(timeline.prescriptions) == prescriptions
    assert timeline.trimmed == () and timeline.left_out == ()
    assert timeline.total_seconds == build(prescriptions, TIMING).total_seconds


@pytest.mark.parametrize("rest", [None, 0.0, 7.5])
@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_total_from_stretch_times_equals_the_built_timeline(rest: float | None, level: str) -> None:
    """`list`'s quick total (stretch times plus rests) is exactly the planned timeline's length."""
    catalogue = load()
    for count in (1, 2, len(catalogue.stretches)):
        chosen = [prescribe(s, level) for s in catalogue.stretches[:count]]  # type: ignore[arg-type]
        times = [stretch_seconds(p, catalogue.timing) for p in chosen]
        built = build(chosen, catalogue.timing, rest).total_seconds
        assert total_seconds(times, catalogue.timing, rest) == pytest.approx(built)


def test_movements_inside_a_repetition_are_move_not_setup() -> None:
    """Only the first setup says GET INTO POSITION; mid-rep movements are 'move'."""
    for stretch_id, cue in (
        ("pelvic-tilts", "Flatten back, tighten stomach"),
        ("leg-stretch", "Straighten LEFT knee, pull towel gently"),
    ):
        moves = [p for p in phases_of(stretch_id) if p.cue == cue]
        assert moves, cue
        assert {p.kind for p in moves} == {"move"}
        assert all(p.rep >= 1 for p in moves)
    setups = [p for p in phases_of("pelvic-tilts") if p.kind == "setup"]
    assert [p.rep for p in setups] == [0]


@pytest.mark.parametrize(
    ("low", "high", "standard", "gentle"),
    [(6, 8, 8, 6), (5, 7, 6, 6), (7, 8, 8, 8), (8, 8, 8, 8), (1, 4, 2, 2), (3, 12, 8, 4)],
)
def test_alternating_counts_are_even_at_both_levels(
    low: int, high: int, standard: int, gentle: int
) -> None:
    """Alternating reps round up to an even number inside the range, so both sides do the same."""
    from backcoach.catalogue.models import Dose, Range

    dose = Dose("alternate", Range(low, high), None)
    assert (dose.reps_at(gentle=False), dose.reps_at(gentle=True)) == (standard, gentle)
    once = Dose("once", Range(low, high), None)
    assert once.reps_at(gentle=True) == low  # only alternating counts are rounded


@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_every_one_sided_stretch_gives_both_sides_equal_reps(level: str) -> None:
    """Left and right get the same number of repetitions in every one-sided stretch."""
    for stretch in CATALOGUE.stretches:
        if stretch.dose.sides == "once":
            continue
        reps = [(p.side, p.rep) for p in phases_of(stretch.id, level) if p.rep]
        left = {rep for side, rep in reps if side == "left"}
        right = {rep for side, rep in reps if side == "right"}
        assert len(left) == len(right) > 0, stretch.id


def test_an_exhale_with_no_breath_in_before_it_gets_one() -> None:
    """A stretch whose first step moves on the breath out: the planner puts a plain, full
    breath in before it, on the same side and repetition."""
    from dataclasses import replace

    bridge = CATALOGUE.by_id("bridge")
    assert bridge.steps[0].breath == "in"
    out_first = replace(bridge, steps=bridge.steps[1:])
    phases = build([prescribe(out_first)], CATALOGUE.timing).phases
    setup, added, exhale = phases[0], phases[1], phases[2]
    assert (setup.kind, added.kind, exhale.kind) == ("setup", "inhale", "exhale")
    assert (added.cue, added.text) == ("Breathe in deeply", "Breathe in deeply.")
    assert added.breath == "in"
    assert added.seconds == CATALOGUE.timing.inhale_seconds
    assert (added.side, added.rep, added.reps) == (exhale.side, exhale.rep, exhale.reps)
    assert (added.rep, added.reps) == (1, 10)


@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_a_breath_in_the_planner_adds_is_a_full_one(level: str) -> None:
    """An exhale always comes after an inhale; one the planner adds is a full, plain breath in."""
    timing = CATALOGUE.timing
    for stretch in CATALOGUE.stretches:
        phases = build([prescribe(stretch, level)], timing).phases
        for before, exhale in itertools.pairwise(phases):
            if exhale.kind != "exhale":
                continue
            assert before.kind == "inhale", (stretch.id, exhale.cue)
            assert before.breath == "in" and before.seconds > 0
            if before.text == "Breathe in deeply.":  # added by the planner, not a catalogue step
                assert before.cue == "Breathe in deeply"
                assert before.seconds == timing.inhale_seconds
                assert (before.side, before.rep) == (exhale.side, exhale.rep)


@pytest.mark.parametrize(("rest", "count"), [(0.0, 0), (1.0, 2), (20.0, 2)])
def test_rests_stand_between_stretches_only(rest: float, count: int) -> None:
    """A rest of any length above 0 goes between two stretches: none after the last, none at 0."""
    chosen = [prescribe(CATALOGUE.by_id(i)) for i in ("bridge", "pelvic-tilts", "bird-dog")]
    phases = build(chosen, CATALOGUE.timing, rest_seconds=rest).phases
    rests = [p for p in phases if p.kind == "rest"]
    assert len(rests) == count
    for phase in rests:
        assert phase.seconds == rest
        assert (phase.cue, phase.text) == ("Rest, breathe easily", "Rest, breathe easily")
        assert (phase.side, phase.rep, phase.reps, phase.breath) == (None, 0, 0, None)
    assert phases[-1].kind != "rest"
