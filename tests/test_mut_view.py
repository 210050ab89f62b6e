"""LiveView: what it writes to the terminal, and when it writes nothing."""

from __future__ import annotations

import io
import re

from rich.console import Console

from backcoach.catalogue.loader import load
from backcoach.session.engine import Engine, Frame
from backcoach.session.planner import plan, prescribe
from backcoach.session.view import LiveView, screen_lines

CATALOGUE = load()
TIMELINE = plan([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)
START = "\x1b[?1049h\x1b[?25l\x1b[2J"
STOP = "\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l"
CLEAR = "\x1b[0m\x1b[2J"
MOVE = re.compile(r"\x1b\[(\d+);1H")


def view_on(width: int = 80, height: int = 24, **options: object) -> tuple[LiveView, io.StringIO]:
    """A LiveView writing to a string, as a terminal of `width` × `height`."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=width, height=height)
    return LiveView(CATALOGUE.advice, TIMELINE, console, **options), out  # type: ignore[arg-type]


def frame_at(seconds: float) -> Frame:
    return Engine.start(TIMELINE, 0.0).frame(seconds)


def taken(out: io.StringIO) -> str:
    """What was written since the last call."""
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def lines_for(view: LiveView, frame: Frame) -> list[str]:
    """The lines screen_lines gives for `frame` in the view's window, in its colours."""
    size = view.console.size
    return screen_lines(
        frame,
        None,
        size.width,
        size.height,
        timeline=TIMELINE,
        advice=CATALOGUE.advice,
        painter=view.painter,
    )


def rows_written(text: str) -> list[int]:
    return [int(row) for row in MOVE.findall(text)]


def test_start_enters_the_alternate_screen_and_hides_the_cursor() -> None:
    """start() switches to the alternate screen, hides the cursor and clears it."""
    view, out = view_on()
    view.start()
    assert taken(out) == START


def test_stop_gives_the_screen_and_cursor_back_once() -> None:
    """stop() resets colours, shows the cursor, leaves the alternate screen; twice is once."""
    view, out = view_on()
    view.stop()
    assert taken(out) == ""  # never started: nothing to give back
    view.start()
    taken(out)
    view.stop()
    assert taken(out) == STOP
    view.stop()
    assert taken(out) == ""


def test_nothing_is_drawn_before_start_or_after_stop() -> None:
    """show() writes nothing while the view is not on the screen."""
    view, out = view_on()
    view.show(frame_at(1.0), None)
    assert taken(out) == ""
    view.start()
    view.stop()
    taken(out)
    view.show(frame_at(1.0), None)
    assert taken(out) == ""


def test_the_first_frame_clears_and_writes_every_row() -> None:
    """The first show() clears the screen and writes each of the window's rows at its place."""
    view, out = view_on(80, 24)
    view.start()
    taken(out)
    view.show(frame_at(1.0), None)
    text = taken(out)
    assert text.startswith(CLEAR)
    expected = lines_for(view, frame_at(1.0))
    assert rows_written(text) == list(range(1, len(expected) + 1))
    for row, line in enumerate(expected, start=1):
        assert f"\x1b[{row};1H{line}" in text


def test_the_same_frame_again_writes_nothing_unless_forced() -> None:
    """An unchanged screen is not redrawn; force redraws all of it."""
    view, out = view_on()
    view.start()
    view.show(frame_at(1.0), None)
    taken(out)
    view.show(frame_at(1.0), None)
    assert taken(out) == ""
    view.show(frame_at(1.0), None, force=True)
    text = taken(out)
    assert text.startswith(CLEAR)
    assert rows_written(text) == list(range(1, 25))


def test_a_new_second_rewrites_only_the_rows_that_changed() -> None:
    """From one second to the next only the changed rows are written, without clearing."""
    view, out = view_on()
    view.start()
    first = frame_at(1.0)
    view.show(first, None)
    taken(out)
    later = frame_at(2.0)
    assert later.remaining != first.remaining and later.phase_index == first.phase_index
    view.show(later, None)
    text = taken(out)
    assert CLEAR not in text
    before, after = lines_for(view, first), lines_for(view, later)
    changed = [row for row in range(24) if before[row] != after[row]]
    assert changed and len(changed) < 24
    assert rows_written(text) == [row + 1 for row in changed]


def test_a_notice_is_drawn_when_it_comes() -> None:
    """The same frame with a notice is drawn again, with the notice's words."""
    view, out = view_on()
    view.start()
    view.show(frame_at(1.0), None)
    taken(out)
    view.show(frame_at(1.0), "Paused for a moment")
    assert "Paused" in taken(out)


def test_a_resized_window_is_cleared_and_drawn_whole() -> None:
    """A new window size clears the screen and writes every row of the new size."""
    view, out = view_on(80, 24)
    view.start()
    view.show(frame_at(1.0), None)
    taken(out)
    view.console.size = (60, 20)
    view.show(frame_at(1.0), None)
    text = taken(out)
    assert text.startswith(CLEAR)
    assert rows_written(text) == list(range(1, 21))
    view.console.size = (70, 20)  # the same number of rows, another width
    view.show(frame_at(1.0), None)
    assert taken(out).startswith(CLEAR)


def test_phase_started_and_message_draw_nothing_themselves() -> None:
    """The next show() draws a new phase or notice; these two write nothing."""
    view, out = view_on()
    view.start()
    taken(out)
    view.phase_started(frame_at(1.0))
    view.message("hello")
    assert taken(out) == ""


class StepFigure:
    """A figure whose drawing changes with a step the test sets."""

    def __init__(self) -> None:
        self.step_now = 0
        self.drawn = 0

    def __call__(self, frame: Frame, width: int, height: int) -> list[str] | None:
        self.drawn += 1
        return None

    def step(self, frame: Frame) -> int:
        return self.step_now

    def steps(self, index: int, phase: object) -> int:
        return 7


def test_a_moving_figure_redraws_at_each_of_its_steps() -> None:
    """A figure's new step redraws the view even when the seconds stay the same."""
    figure = StepFigure()
    view, out = view_on(figure=figure)
    assert view.motion_steps is not None
    assert view.motion_steps(0, TIMELINE.phases[0]) == 7
    view.start()
    view.show(frame_at(1.0), None)
    taken(out)
    view.show(frame_at(1.0), None)
    assert taken(out) == ""
    figure.step_now = 1
    view.show(frame_at(1.0), None)
    assert figure.drawn >= 2


def test_without_a_figure_there_are_no_motion_steps() -> None:
    """No figure, no wake-ups of its own."""
    view, _ = view_on()
    assert view.motion_steps is None
    assert view.figure is None
