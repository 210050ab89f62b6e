"""The session screen and LiveView: exact rows where a survivor of the mutation run differed."""

from __future__ import annotations

import dataclasses
import io
import re

from rich.console import Console

from backcoach.catalogue.loader import load
from backcoach.session.engine import Engine, Frame
from backcoach.session.planner import Timeline, plan, prescribe
from backcoach.session.runner import get_ready_timeline
from backcoach.session.view import LiveView, screen_lines

CATALOGUE = load()
TIMELINE = plan(
    [prescribe(CATALOGUE.by_id(i)) for i in ("hip-stretch", "bottom-stretch")], CATALOGUE.timing
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
MOVE = re.compile(r"\x1b\[(\d+);1H")
LONG_NOTICE = (
    "Hip stretch stopped. If a stretch is painful, stop doing it until you consult a medical "
    "professional. It is on hold: backcoach resume hip-stretch brings it back when you are ready."
)
NOTICE = "Hip stretch stopped. It is on hold: backcoach resume hip-stretch brings it back."


def first(kind: str, timeline: Timeline = TIMELINE, **changes: object) -> Frame:
    """The frame 0.3 s into the first phase of `kind`, with `changes` made."""
    phase = next(p for p in timeline.phases if p.kind == kind)
    frame = Engine.start(timeline, 0.0).frame(phase.start + 0.3)
    return dataclasses.replace(frame, **changes)  # type: ignore[arg-type]


def seen(
    frame: Frame, notice: str | None, width: int, height: int, timeline: Timeline = TIMELINE
) -> list[str]:
    """The screen as plain text, as a person reads it."""
    lines = screen_lines(frame, notice, width, height, timeline=timeline, advice=CATALOGUE.advice)
    return [SGR.sub("", line) for line in lines]


# -- screen_lines ---------------------------------------------------------------------


def test_a_short_word_sits_in_the_middle_of_its_tall_box() -> None:
    """RELEASE at one row a stroke in a 10-row box: two blank rows above it, three below."""
    rows = seen(first("release"), None, 40, 35)
    assert rows[1:15] == [
        "│ 1/2            LEFT side  rep 1 of 2 │",
        "│                                      │",
        "│                                      │",
        "│                                      │",
        "│     ██  ███ █   ███  █   ██ ███      │",
        "│     █ █ █   █   █   █ █ █   █        │",
        "│     ██  ██  █   ██  ███  █  ██       │",
        "│     █ █ █   █   █   █ █   █ █        │",
        "│     █ █ ███ ███ ███ █ █ ██  ███      │",
        "│                                      │",
        "│                                      │",
        "│                                      │",
        "│                                      │",
        "│      □ RELEASE · Ease hips back      │",
    ]


def test_a_stopped_notice_that_fills_its_rows_starts_right_under_the_word() -> None:
    """A long notice in a 40 × 19 window takes every row from the caption to the caution."""
    rows = seen(first("hold", paused=True), LONG_NOTICE, 40, 19)
    assert rows[6:16] == [
        "│       █   █ █ ███ ██  ███ ██         │",
        "│ ‖ PAUSED · stretch stopped           │",
        "│ ! Hip stretch stopped. If a stretch  │",
        "│ is painful, stop doing it until you  │",
        "│ consult a medical professional. It   │",
        "│ is on hold: backcoach resume         │",
        "│ hip-stretch brings it back when you  │",
        "│ are ready.                           │",
        "│                                      │",
        "│ Next: Ease hips back · 4 s           │",
    ]


def test_a_second_paragraph_that_just_fits_is_shown() -> None:
    """Paused in a 40 × 21 window: the two caption rows hold the prompt and what was going on."""
    rows = seen(first("hold", paused=True), None, 40, 21)
    assert rows[7:11] == [
        "│       █   █ █ ███ ██  ███ ██         │",
        "│   ‖ PAUSED · press space to go on    │",
        "│     ■ HOLD · Hold, hips forward      │",
        "│            ██████  ██████            │",
    ]


def test_a_compact_stopped_notice_fills_the_rows_down_to_the_keys() -> None:
    """24 × 8: the notice takes the four rows between the label and the keys, cut with '…'."""
    assert seen(first("hold", paused=True), NOTICE, 24, 8) == [
        "╭─ backcoach ──────────╮",
        "│ ‖ PAUSED             │",
        "│ ! Hip stretch        │",
        "│ stopped. It is on    │",
        "│ hold: backcoach      │",
        "│ resume hip-stretch … │",
        "│ space next · q quit  │",
        "╰──────────────────────╯",
    ]


def test_a_stretch_with_a_caution_shows_its_own_caution() -> None:
    """The bridge's own caution replaces the general advice under the countdown."""
    bridge = plan([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)
    rows = seen(first("setup", bridge), None, 80, 24, bridge)
    assert rows[17:20] == [
        "│                                                                              │",
        "│ ! Do the bridge gently.                                                      │",
        "│                                                                              │",
    ]


# -- LiveView -------------------------------------------------------------------------


def view_on(width: int = 80, height: int = 24, **options: object) -> tuple[LiveView, io.StringIO]:
    """A started LiveView writing to a string, as a terminal of `width` × `height`."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=width, height=height)
    view = LiveView(CATALOGUE.advice, TIMELINE, console, **options)  # type: ignore[arg-type]
    view.start()
    taken(out)
    return view, out


def taken(out: io.StringIO) -> str:
    """What was written since the last call."""
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def written_rows(text: str) -> dict[int, str]:
    """Each row the text moves to, with what it writes there (without colours)."""
    parts = MOVE.split(text)
    return {int(row): SGR.sub("", line) for row, line in zip(parts[1::2], parts[2::2], strict=True)}


def test_the_get_ready_header_counts_the_sessions_stretches() -> None:
    """Before the first stretch the view's own timeline gives 'Get ready · 2 stretches'."""
    view, out = view_on(60, 20)
    ready = Engine.start(get_ready_timeline(10, TIMELINE.phases[0]), 0.0).frame(2.5)
    view.show(ready, None)
    rows = written_rows(taken(out))
    assert rows[2] == "│ Get ready · 2 stretches" + " " * 22 + " LEFT side  │"


def test_the_breath_bar_moves_within_one_second() -> None:
    """A breath in fills the bar a cell at a time: a new cell redraws the bar, same second."""
    inhale = next(p for p in TIMELINE.phases if p.kind == "inhale")
    engine = Engine.start(TIMELINE, 0.0)
    before, after = engine.frame(inhale.start + 1.1), engine.frame(inhale.start + 1.6)
    assert (before.remaining, before.time_left) == (after.remaining, after.time_left)
    view, out = view_on(80, 24)
    view.show(before, None)
    bar = next(row for row, line in written_rows(taken(out)).items() if "▲ █" in line)
    assert bar == 18
    view.show(after, None)
    assert written_rows(taken(out))[bar] == "│  ▲ " + "█" * 28 + "░" * 42 + " ▲  │"


class CountingFigure:
    """A figure that counts how often it is drawn."""

    def __init__(self) -> None:
        self.drawn = 0

    def __call__(self, frame: Frame, width: int, height: int) -> list[str] | None:
        self.drawn += 1
        return None


def test_an_unchanged_frame_does_not_draw_the_figure_again() -> None:
    """Shown twice with nothing new, the figure is drawn once and nothing is written."""
    figure = CountingFigure()
    view, out = view_on(80, 24, figure=figure)
    frame = first("hold")
    view.show(frame, None)
    taken(out)
    assert figure.drawn == 1
    view.show(frame, None)
    assert (figure.drawn, taken(out)) == (1, "")


def test_the_border_fits_a_window_too_narrow_for_the_name() -> None:
    """12 and 13 columns: the top border leaves out 'backcoach' and keeps the window's width."""
    assert seen(first("hold"), None, 12, 6)[0] == "╭──────────╮"
    assert seen(first("hold"), None, 13, 6)[0] == "╭───────────╮"
    assert seen(first("hold"), None, 14, 6)[0] == "╭─ backcoach ╮"
    assert seen(first("hold"), None, 12, 6)[-1] == "╰──────────╯"
