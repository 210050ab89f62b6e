"""Fit a routine into `--minutes` without going below the source's doses.

Pure: the planner hands in how long a stretch takes, and the ids of the
stretches the person did most recently; nothing here reads a clock or a file.
In order, fitting
  1. shortens the rests between stretches, down to MIN_REST_SECONDS;
  2. shortens holds and repetitions toward the source's lower bounds (the
     gentle level's dose), never below them, one step at a time from the
     stretch that keeps the largest share of its dose; alternating stretches
     lose two repetitions at a time, so both sides stay equal;
  3. leaves out whole stretches, those done most recently first (then those
     latest in the routine), so a run of short mornings rotates through all;
  4. refuses only when not even one stretch fits, naming the shortest one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from backcoach.errors import UsageError

if TYPE_CHECKING:
    from .planner import Prescription

MIN_REST_SECONDS = 5.0  # enough to change position between two stretches

RECENT = "done most recently"
LATER = "later in the routine"

Seconds = Callable[["Prescription"], float]


@dataclass(frozen=True)
class LeftOut:
    """A stretch left out today to fit the time, and why this one."""

    stretch_id: str
    reason: str


@dataclass(frozen=True)
class Fitted:
    prescriptions: list[Prescription]
    rest_seconds: float
    shortened: tuple[str, ...]  # "rests 15 → 5 s", "bridge 10 → 8 reps", ...
    left_out: tuple[LeftOut, ...]


class NothingFits(UsageError):
    """Not even one stretch fits in the minutes given, at the source's lower bounds."""


def floor(prescription: Prescription) -> Prescription:
    """The least the source allows: its lower bounds, or less if a routine prescribed less."""
    dose = prescription.stretch.dose
    reps = min(prescription.reps, dose.reps_at(gentle=True))  # even where sides alternate
    hold = prescription.hold_seconds
    lowest_hold = dose.hold_at(gentle=True)
    if hold is not None and lowest_hold is not None:
        hold = min(hold, lowest_hold)
    return replace(prescription, reps=reps, hold_seconds=hold)


def _step(prescription: Prescription) -> int:
    """Repetitions come off two at a time where they alternate between both sides."""
    both_sides = len(prescription.side_order) == 2
    return 2 if prescription.stretch.dose.sides == "alternate" and both_sides else 1


def fit(
    prescriptions: Sequence[Prescription],
    seconds_of: Seconds,
    rest: float,
    minutes: float,
    recent: Sequence[str] = (),
) -> Fitted:
    """Shorten (and if need be leave out) stretches until the routine fits in `minutes`."""
    budget = minutes * 60
    chosen = list(prescriptions)
    times = [seconds_of(p) for p in chosen]
    if _total(times, rest) <= budget:
        return Fitted(chosen, rest, (), ())
    least_rest = min(rest, MIN_REST_SECONDS)
    floors = [seconds_of(floor(p)) for p in chosen]
    kept = _keep(chosen, floors, least_rest, budget, recent, minutes)
    left_out = tuple(
        LeftOut(p.stretch.id, RECENT if p.stretch.id in recent else LATER)
        for index, p in enumerate(chosen)
        if index not in kept
    )
    chosen = [chosen[index] for index in kept]
    times = [times[index] for index in kept]
    new_rest = _shorten_rest(times, rest, least_rest, budget)
    shortened = [f"rests {rest:g} → {new_rest:g} s"] if new_rest != rest else []
    fitted = _shorten_doses(chosen, times, seconds_of, new_rest, budget)
    for before, after in zip(chosen, fitted, strict=True):
        stretch_id = before.stretch.id
        if before.reps != after.reps:
            shortened.append(f"{stretch_id} {before.reps} → {after.reps} reps")
        if before.hold_seconds != after.hold_seconds:
            shortened.append(f"{stretch_id} hold {before.hold_seconds} → {after.hold_seconds} s")
    return Fitted(fitted, new_rest, tuple(shortened), left_out)


def _total(times: Sequence[float], rest: float) -> float:
    return sum(times) + max(0, len(times) - 1) * max(0.0, rest)


def _keep(
    chosen: list[Prescription],
    floors: list[float],
    rest: float,
    budget: float,
    recent: Sequence[str],
    minutes: float,
) -> list[int]:
    """Which stretches stay, as indexes in routine order: leave out the most recent first."""
    kept = list(range(len(chosen)))

    def fits(indexes: list[int]) -> bool:
        return bool(indexes) and _total([floors[i] for i in indexes], rest) <= budget

    if fits(kept):
        return kept
    rank = {stretch_id: place for place, stretch_id in enumerate(recent)}
    # Most recently done first; never done (or not in the history) last, the
    # routine's later stretches before its earlier ones.
    order = sorted(
        kept,
        key=lambda i: (0, rank[chosen[i].stretch.id]) if chosen[i].stretch.id in rank else (1, -i),
    )
    dropped: list[int] = []
    for index in order:
        if fits(kept):
            break
        kept.remove(index)
        dropped.append(index)
    if not kept:
        shortest = min(range(len(chosen)), key=lambda i: floors[i])
        stretch = chosen[shortest].stretch
        raise NothingFits(
            f"not even one stretch fits in {minutes:g} minute{'s' if minutes != 1 else ''}: "
            f"the shortest, {stretch.name} (--only {stretch.id}), takes "
            f"{_clock(floors[shortest])} at the source's lower bounds; give "
            f"--minutes {math.ceil(floors[shortest] / 60)} or more"
        )
    # A smaller stretch dropped earlier may fit beside the ones kept.
    for index in reversed(dropped):
        if fits(sorted([*kept, index])):
            kept = sorted([*kept, index])
    return sorted(kept)


def _shorten_rest(times: list[float], rest: float, least: float, budget: float) -> float:
    gaps = len(times) - 1
    if gaps <= 0 or rest <= least:
        return rest
    room = (budget - sum(times)) / gaps
    return max(least, min(rest, float(math.floor(room))))


def _shorten_doses(
    chosen: list[Prescription],
    times: list[float],
    seconds_of: Seconds,
    rest: float,
    budget: float,
) -> list[Prescription]:
    current = list(chosen)
    times = list(times)
    lows = [floor(p) for p in chosen]
    while _total(times, rest) > budget:
        moves: list[tuple[float, int, int, str]] = []
        for i, (now, low, first) in enumerate(zip(current, lows, chosen, strict=True)):
            if now.reps - _step(now) >= low.reps:
                moves.append((now.reps / first.reps, now.reps, -i, "reps"))
            hold, lowest = now.hold_seconds, low.hold_seconds
            if hold is not None and lowest is not None and hold > lowest:
                assert first.hold_seconds is not None
                moves.append((hold / first.hold_seconds, hold, -i, "hold"))
        if not moves:
            break  # at every floor: _keep made sure that fits, so only rounding remains
        _, _, negative, what = max(moves)
        i = -negative
        if what == "reps":
            current[i] = replace(current[i], reps=current[i].reps - _step(current[i]))
        else:
            hold = current[i].hold_seconds
            assert hold is not None
            current[i] = replace(current[i], hold_seconds=hold - 1)
        times[i] = seconds_of(current[i])
    return current


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s"
