"""The runner wakes for every step a view draws: the breath bar's and a moving figure's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backcoach.catalogue.loader import load
from backcoach.session.planner import Phase, plan, prescribe
from backcoach.session.runner import Environment, run_session
from fakes import FakeClock, RecordingView

CATALOGUE = load()
TIMELINE = plan([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)


@dataclass
class MovingView(RecordingView):
    """A view whose figure moves in `moves` steps in every phase."""

    moves: int = 0

    def motion_steps(self, index: int, phase: Phase) -> int:
        return self.moves


def waits_in_first_phase(view: RecordingView) -> list[float]:
    """The wake-up times the session asked for during its first phase."""
    clock = FakeClock()
    run_session(TIMELINE, CATALOGUE, Environment(clock, view), 0.0)
    first = TIMELINE.phases[0]
    return [t for t in clock.waits if t is not None and first.start < t <= first.end]


def test_without_steps_the_runner_wakes_each_second() -> None:
    """With no breath bar and no figure, only whole seconds and the phase's end wake it."""
    first = TIMELINE.phases[0]
    waits = waits_in_first_phase(RecordingView(breath_steps=0))
    assert waits == [pytest.approx(float(s)) for s in range(1, int(first.end) + 1)]


def test_a_moving_figure_adds_its_own_steps() -> None:
    """Eight figure steps in a phase are eight more wake-ups, between the seconds."""
    first = TIMELINE.phases[0]
    still = waits_in_first_phase(RecordingView(breath_steps=0))
    moving = waits_in_first_phase(MovingView(breath_steps=0, moves=8))
    step = first.seconds / 8
    expected = sorted({*still, *(round(first.start + k * step, 9) for k in range(1, 9))})
    assert moving == [pytest.approx(t) for t in expected]
    assert len(moving) > len(still)
