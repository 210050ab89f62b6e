"""--minutes fitting with stretch times chosen by the test: rests, doses, left out, refusal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backcoach.catalogue.loader import load
from backcoach.session.fitting import LATER, RECENT, LeftOut, NothingFits, fit, floor
from backcoach.session.planner import Prescription, prescribe

CATALOGUE = load()


def p(stretch_id: str, level: str = "standard") -> Prescription:
    return prescribe(CATALOGUE.by_id(stretch_id), level)  # type: ignore[arg-type]


def cost(pr: Prescription) -> float:
    """A stretch takes 10 s a repetition plus its hold each time."""
    return pr.reps * (10 + (pr.hold_seconds or 0))


def fixed(**seconds: float):  # type: ignore[no-untyped-def]
    """Each stretch a fixed time, whatever its dose (so only rests and leaving out help)."""
    return lambda pr: seconds[pr.stretch.id.replace("-", "_")]


def doses(prescriptions: list[Prescription]) -> list[tuple[str, int, int | None]]:
    return [(x.stretch.id, x.reps, x.hold_seconds) for x in prescriptions]


def test_what_fits_is_left_alone() -> None:
    """Exactly at the budget nothing changes: same stretches, same rest, nothing said."""
    chosen = [p("bridge"), p("pelvic-tilts")]
    seconds = fixed(bridge=100.0, pelvic_tilts=80.0)
    result = fit(chosen, seconds, 15.0, (100 + 80 + 15) / 60)
    assert result.prescriptions == chosen
    assert (result.rest_seconds, result.shortened, result.left_out) == (15.0, (), ())
    exact = fit(chosen, seconds, 7.5, (100 + 80 + 7.5) / 60)
    assert (exact.rest_seconds, exact.shortened) == (7.5, ())


def test_rests_shrink_to_whole_seconds_that_fit() -> None:
    """4.6 s of room a gap: rests go 15 → 9 s (rounded down), doses untouched."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch")]
    seconds = fixed(bridge=100.0, pelvic_tilts=100.0, spine_stretch=100.0)
    result = fit(chosen, seconds, 15.0, (300 + 2 * 9.6) / 60)
    assert result.rest_seconds == 9.0
    assert result.shortened == ("rests 15 → 9 s",)
    assert result.prescriptions == chosen
    assert result.left_out == ()


def test_rests_stop_at_five_seconds() -> None:
    """Room for 2 s a gap: rests stop at 5 s; with fixed times nothing else can shrink."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch")]
    seconds = fixed(bridge=100.0, pelvic_tilts=100.0, spine_stretch=100.0)
    result = fit(chosen, seconds, 15.0, (300 + 2 * 5) / 60)
    assert (result.rest_seconds, result.shortened) == (5.0, ("rests 15 → 5 s",))
    assert result.left_out == ()


def test_a_rest_already_short_stays() -> None:
    """A rest of 3 s (below the least) is kept as it is: nothing said about rests."""
    chosen = [p("bridge"), p("pelvic-tilts")]
    seconds = fixed(bridge=100.0, pelvic_tilts=100.0)
    result = fit(chosen, seconds, 3.0, 203 / 60)
    assert (result.rest_seconds, result.shortened, result.left_out) == (3.0, (), ())


def test_one_stretch_keeps_its_rest_value() -> None:
    """One stretch has no gap: its rest stays as given, its dose shrinks instead."""
    result = fit([p("bridge")], cost, 15.0, 90 / 60)
    assert result.rest_seconds == 15.0
    assert doses(result.prescriptions) == [("bridge", 9, None)]
    assert result.shortened == ("bridge 10 → 9 reps",)


def test_doses_shrink_from_the_largest_share_in_turn() -> None:
    """Past the least rests, reps and holds come off one step at a time, largest share first."""
    chosen = [p("bridge"), p("lower-back-stretch"), p("spine-stretch")]
    # bridge 100 + lower back 7 × 35 = 245 + spine 80 = 425, plus 2 rests of 5
    result = fit(chosen, cost, 15.0, (425 + 10 - 60) / 60)
    assert result.rest_seconds == 5.0
    assert doses(result.prescriptions) == [
        ("bridge", 9, None),
        ("lower-back-stretch", 6, 24),
        ("spine-stretch", 6, None),
    ]
    # hold 25 → 24 (largest at full share), bridge 10 → 9, spine 8 → 6, lower back 7 → 6
    assert result.shortened == (
        "rests 15 → 5 s",
        "bridge 10 → 9 reps",
        "lower-back-stretch 7 → 6 reps",
        "lower-back-stretch hold 25 → 24 s",
        "spine-stretch 8 → 6 reps",
    )
    assert result.left_out == ()


def test_alternating_reps_come_off_two_at_a_time() -> None:
    """Spine stretch 8 → 6: both sides lose one repetition; never 7."""
    result = fit([p("spine-stretch")], cost, 15.0, 75 / 60)
    assert doses(result.prescriptions) == [("spine-stretch", 6, None)]
    assert result.shortened == ("spine-stretch 8 → 6 reps",)


def test_one_sided_alternating_loses_one_at_a_time() -> None:
    """Alternating but on one side only: one repetition comes off at a time."""
    one = replace(p("spine-stretch"), sides=("left",))
    result = fit([one], cost, 15.0, 75 / 60)
    assert doses(result.prescriptions) == [("spine-stretch", 7, None)]


def test_never_below_the_source_lower_bounds() -> None:
    """However tight (one stretch still fits), reps and holds stop at the gentle dose."""
    chosen = [p("bird-dog"), p("lower-back-stretch")]
    gentle = cost(floor(p("bird-dog"))) + cost(floor(p("lower-back-stretch"))) + 5
    result = fit(chosen, cost, 15.0, gentle / 60)
    assert doses(result.prescriptions) == [("bird-dog", 8, 5), ("lower-back-stretch", 6, 20)]
    assert result.shortened == (
        "rests 15 → 5 s",
        "bird-dog hold 7 → 5 s",
        "lower-back-stretch 7 → 6 reps",
        "lower-back-stretch hold 25 → 20 s",
    )


def test_floor_is_the_gentle_dose_or_less() -> None:
    """floor(): the gentle reps and hold, or the routine's own dose when that is lower."""
    assert doses([floor(p("lower-back-stretch"))]) == [("lower-back-stretch", 6, 20)]
    low = replace(p("lower-back-stretch"), reps=3, hold_seconds=10)
    assert doses([floor(low)]) == [("lower-back-stretch", 3, 10)]
    assert doses([floor(p("bridge"))]) == [("bridge", 8, None)]
    no_hold = replace(p("lower-back-stretch"), hold_seconds=None)
    assert floor(no_hold).hold_seconds is None


def test_leaves_out_the_most_recent_first_then_later_ones() -> None:
    """Most recently done goes first, then never-done ones from the routine's end."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch"), p("bird-dog")]
    seconds = fixed(bridge=100.0, pelvic_tilts=100.0, spine_stretch=100.0, bird_dog=100.0)
    result = fit(chosen, seconds, 15.0, 205 / 60, recent=["pelvic-tilts", "bridge"])
    assert [x.stretch.id for x in result.prescriptions] == ["spine-stretch", "bird-dog"]
    assert result.left_out == (LeftOut("bridge", RECENT), LeftOut("pelvic-tilts", RECENT))
    result = fit(chosen, seconds, 15.0, 205 / 60, recent=["pelvic-tilts"])
    assert [x.stretch.id for x in result.prescriptions] == ["bridge", "spine-stretch"]
    assert result.left_out == (LeftOut("pelvic-tilts", RECENT), LeftOut("bird-dog", LATER))
    result = fit(chosen, seconds, 15.0, 205 / 60)
    assert [x.stretch.id for x in result.prescriptions] == ["bridge", "pelvic-tilts"]
    assert result.left_out == (LeftOut("spine-stretch", LATER), LeftOut("bird-dog", LATER))
    assert (RECENT, LATER) == ("done most recently", "later in the routine")


def test_a_short_stretch_left_out_early_comes_back() -> None:
    """The recent long one goes; a short one dropped on the way is put back if it fits."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch")]
    seconds = fixed(bridge=50.0, pelvic_tilts=300.0, spine_stretch=200.0)
    result = fit(chosen, seconds, 15.0, 255 / 60, recent=["bridge", "pelvic-tilts"])
    assert [x.stretch.id for x in result.prescriptions] == ["bridge", "spine-stretch"]
    assert result.left_out == (LeftOut("pelvic-tilts", RECENT),)
    assert result.rest_seconds == 5.0


def test_left_out_then_rests_and_doses_fit_the_rest() -> None:
    """After leaving one out, the others' rests are shortened only as far as needed."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch")]
    seconds = fixed(bridge=100.0, pelvic_tilts=100.0, spine_stretch=100.0)
    result = fit(chosen, seconds, 15.0, 212 / 60)
    assert [x.stretch.id for x in result.prescriptions] == ["bridge", "pelvic-tilts"]
    assert result.rest_seconds == 12.0
    assert result.shortened == ("rests 15 → 12 s",)


@pytest.mark.parametrize(
    ("minutes", "words", "least"),
    [(1.0, "1 minute", "2"), (0.5, "0.5 minutes", "2"), (1.25, "1.25 minutes", "2")],
)
def test_refusal_names_the_shortest_stretch(minutes: float, words: str, least: str) -> None:
    """Nothing fits: the message names the minutes, the shortest stretch, its time, what to give."""
    chosen = [p("bridge"), p("pelvic-tilts"), p("spine-stretch")]
    seconds = fixed(bridge=200.0, pelvic_tilts=91.0, spine_stretch=150.0)
    with pytest.raises(NothingFits) as caught:
        fit(chosen, seconds, 15.0, minutes)
    assert str(caught.value) == (
        f"not even one stretch fits in {words}: the shortest, Pelvic tilts "
        f"(--only pelvic-tilts), takes 1 min 31 s at the source's lower bounds; give "
        f"--minutes {least} or more"
    )


def test_refusal_rounds_the_time_and_minutes_up() -> None:
    """A 59.6 s stretch reads '1 min 00 s' and asks for 1 minute; 120.2 s asks for 3."""
    seconds = fixed(bridge=59.6)
    with pytest.raises(NothingFits, match=r"takes 1 min 00 s .*--minutes 1 or more$"):
        fit([p("bridge")], seconds, 15.0, 0.5)
    seconds = fixed(bridge=120.2)
    with pytest.raises(NothingFits, match=r"takes 2 min 00 s .*--minutes 3 or more$"):
        fit([p("bridge")], seconds, 15.0, 2.0)
    seconds = fixed(bridge=65.0)
    with pytest.raises(NothingFits, match=r"takes 1 min 05 s "):
        fit([p("bridge")], seconds, 15.0, 1.0)


def test_rests_under_a_second_count_as_they_are() -> None:
    """A rest of 0 or 0.5 s counts at its length: 100 + 80 s fit in 3 minutes with rest 0."""
    chosen = [p("bridge"), p("pelvic-tilts")]
    seconds = fixed(bridge=100.0, pelvic_tilts=80.0)
    for rest, minutes in ((0.0, 3.0), (0.5, 180.5 / 60), (-2.0, 3.0)):
        result = fit(chosen, seconds, rest, minutes)
        assert (result.prescriptions, result.shortened, result.left_out) == (chosen, (), ())
