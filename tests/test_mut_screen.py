"""The pieces of the session screen, one by one: exactly what each shows for a chosen frame."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style

from backcoach.catalogue import poses
from backcoach.catalogue.loader import load
from backcoach.session import blocks, lettering
from backcoach.session import figure as drawing
from backcoach.session.engine import Engine, Frame
from backcoach.session.layout import Box, Painter, _compact, _digit_scale, _merge, clip, visible
from backcoach.session.planner import Timeline, plan, prescribe
from backcoach.session.runner import get_ready_timeline
from backcoach.session.view import _tiny as view_tiny
from backcoach.session.view import screen_lines

CATALOGUE = load()
TIMELINE = plan(
    [prescribe(CATALOGUE.by_id(i)) for i in ("hip-stretch", "bottom-stretch")], CATALOGUE.timing
)
SKY = "bold #56B4E9"
ORANGE = "bold #E69F00"
YELLOW = "bold #F0E442"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def frame_at(seconds: float, **changes: object) -> Frame:
    """The frame `seconds` into the two-stretch session, with `changes` made."""
    frame = Engine.start(TIMELINE, 0.0).frame(seconds)
    return dataclasses.replace(frame, **changes)  # type: ignore[arg-type]


def ready_frame() -> Frame:
    return Engine.start(get_ready_timeline(10, TIMELINE.phases[0]), 0.0).frame(2.5)


# -- kind, side, countdown ---------------------------------------------------------


def test_kind_of_names_paused_ready_or_the_phase() -> None:
    """A paused frame is 'paused', the get-ready countdown 'ready', else the phase's kind."""
    assert blocks.kind_of(frame_at(14.3)) == "hold"
    assert blocks.kind_of(frame_at(14.3, paused=True)) == "paused"
    assert blocks.kind_of(ready_frame()) == "ready"
    assert blocks.kind_of(dataclasses.replace(ready_frame(), paused=True)) == "paused"


def test_side_of_is_the_side_in_capitals_or_nothing() -> None:
    """The side badge reads 'LEFT side' or 'RIGHT side'; a phase without a side has none."""
    assert blocks.side_of(frame_at(0.3)) == "LEFT side"
    assert blocks.side_of(frame_at(76.5)) == "RIGHT side"
    no_side = dataclasses.replace(TIMELINE.phases[2], side=None)
    assert blocks.side_of(frame_at(14.3, phase=no_side)) is None


def test_countdown_at_the_layout_scale_or_smaller_when_too_wide() -> None:
    """The digits come at the given scale; a number too wide is fitted, or shown as plain digits."""
    assert blocks.countdown(7, Box(0, 0, 40, 10), (2, 2)) == lettering.render("7", 2, 2)
    assert blocks.countdown(25, Box(0, 0, 16, 10), (2, 2)) == lettering.render("25", 2, 2)
    narrow = Box(0, 0, 15, 10)
    assert blocks.countdown(25, narrow, (2, 2)) == lettering.fit("25", 15, 10)
    assert blocks.countdown(25, Box(0, 0, 13, 10), (2, 2)) == lettering.render("25")
    assert blocks.countdown(25, Box(0, 0, 14, 10), (2, 1)) == lettering.render("25", 2, 1)
    assert blocks.countdown(25, Box(0, 0, 3, 2), (2, 2)) == ("25",)
    assert blocks.countdown(25, Box(0, 0, 6, 10), (2, 2)) == ("25",)


# -- word art ----------------------------------------------------------------------


def test_word_art_takes_the_whole_word_when_it_is_big_enough() -> None:
    """BREATHE IN at two rows a stroke, HOLD in a small box, READY short when GET READY is thin."""
    assert blocks.word_art("inhale", Box(0, 0, 80, 10)) == lettering.render("BREATHE IN", 2, 2)
    assert blocks.word_art("hold", Box(0, 0, 20, 5)) == lettering.render("HOLD")
    assert blocks.word_art("hold", Box(0, 0, 40, 5)) == lettering.render("HOLD", 2, 1)
    assert blocks.word_art("ready", Box(0, 0, 20, 5)) == lettering.render("READY")
    assert blocks.word_art("setup", Box(0, 0, 40, 5)) == lettering.render("POSITION")
    assert blocks.word_art("setup", Box(0, 0, 80, 10)) == lettering.fit("POSITION", 80, 10)
    # the whole phrase at two rows a stroke is thick enough, though the short word is bigger
    whole = lettering.fit_scaled("GET INTO POSITION", 96, 23)
    assert whole is not None and whole[0] == (3, 2)
    assert blocks.word_art("setup", Box(0, 0, 96, 23)) == whole[1]


def test_word_art_spells_the_word_out_when_no_lettering_fits() -> None:
    """In a box too small for any lettering the word is spaced out on one line."""
    assert blocks.word_art("hold", Box(0, 0, 10, 3)) == ("H O L D",)
    assert blocks.word_art("paused", Box(0, 0, 20, 5)) == ("P A U S E D",)
    assert blocks.word_art("setup", Box(0, 0, 20, 5)) == ("G E T   I N T O   P O S I T I O N",)


def test_word_art_keeps_the_whole_word_when_the_short_one_is_no_bigger() -> None:
    """GET READY and READY both at one row a stroke: the whole word is kept."""
    assert blocks.word_art("ready", Box(0, 0, 40, 5)) == lettering.render("GET READY")
    assert blocks.word_art("ready", Box(0, 0, 80, 10)) == lettering.fit("GET READY", 80, 10)


# -- header ------------------------------------------------------------------------

BADGE = (" LEFT side ", "bold reverse")


def test_header_in_a_wide_window() -> None:
    """Stretch and name on the left, the side badge and the rep on the right, filling the width."""
    assert blocks.header(frame_at(0.3), TIMELINE, 80) == [
        ("Stretch 1 of 2 · Hip stretch", "bold"),
        (" " * 41, ""),
        BADGE,
    ]
    assert blocks.header(frame_at(14.3), TIMELINE, 80) == [
        ("Stretch 1 of 2 · Hip stretch", "bold"),
        (" " * 30, ""),
        BADGE,
        (" rep 1 of 2", "bold"),
    ]
    assert blocks.header(ready_frame(), TIMELINE, 80) == [
        ("Get ready · 2 stretches", "bold"),
        (" " * 46, ""),
        BADGE,
    ]


def test_header_shortens_as_the_window_narrows() -> None:
    """The stretch number shortens to 2/10, then the name goes, then the rep shortens."""
    assert blocks.header(frame_at(0.3), TIMELINE, 40) == [
        ("Stretch 1 of 2 · Hip stretch", "bold"),
        (" ", ""),
        BADGE,
    ]
    assert blocks.header(frame_at(14.3), TIMELINE, 40) == [
        ("1/2 · Hip stretch", "bold"),
        (" ", ""),
        BADGE,
        (" rep 1 of 2", "bold"),
    ]
    assert blocks.header(frame_at(0.3), TIMELINE, 30) == [
        ("1/2 · Hip stretch", "bold"),
        ("  ", ""),
        BADGE,
    ]
    assert blocks.header(frame_at(14.3), TIMELINE, 30) == [
        ("1/2", "bold"),
        (" " * 5, ""),
        BADGE,
        (" rep 1 of 2", "bold"),
    ]
    assert blocks.header(frame_at(14.3), TIMELINE, 20) == [
        ("1/2", "bold"),
        ("  ", ""),
        BADGE,
        (" 1/2", "bold"),
    ]
    assert blocks.header(ready_frame(), TIMELINE, 30) == [
        ("Get ready", "bold"),
        (" " * 10, ""),
        BADGE,
    ]
    assert blocks.header(ready_frame(), TIMELINE, 20) == [("Get…", "bold"), (" " * 5, ""), BADGE]


def test_header_in_a_tiny_window_is_the_side_or_the_clipped_title() -> None:
    """With no room for a title only the side badge stays; without a side, the title clipped."""
    assert blocks.header(frame_at(14.3), TIMELINE, 12) == [BADGE]
    no_side = dataclasses.replace(TIMELINE.phases[2], side=None)
    assert blocks.header(frame_at(14.3, phase=no_side), TIMELINE, 40) == [
        ("Stretch 1 of 2 · Hip stretch", "bold"),
        (" ", ""),
        (" rep 1 of 2", "bold"),
    ]
    assert blocks.header(frame_at(14.3, phase=no_side), TIMELINE, 5) == [("1/2", "bold")]
    assert blocks.header(frame_at(14.3, phase=no_side), TIMELINE, 2) == [("1…", "bold")]
    assert blocks.header(frame_at(14.3, phase=no_side), TIMELINE, 1) == [("…", "bold")]


def test_header_names_one_stretch_without_a_plural() -> None:
    """A get-ready for one stretch says '1 stretch', for none '0 stretches'."""
    one = Timeline(TIMELINE.phases, TIMELINE.prescriptions[:1])
    none = Timeline(TIMELINE.phases, ())
    no_side = dataclasses.replace(ready_frame().phase, side=None)
    ready = dataclasses.replace(ready_frame(), phase=no_side)
    assert blocks.header(ready, one, 40) == [("Get ready · 1 stretch", "bold"), (" " * 19, "")]
    assert blocks.header(ready, none, 40)[0] == ("Get ready · 0 stretches", "bold")


def test_header_clips_a_huge_stretch_number_to_the_room_left() -> None:
    """With room for 6 cells only, a number wider than that is cut with '…'."""
    frame = frame_at(0.3, stretch_number=100, stretch_count=120)
    assert blocks.header(frame, TIMELINE, 18) == [("100/1…", "bold"), (" ", ""), BADGE]
    assert blocks.header(frame, TIMELINE, 19) == [("100/120", "bold"), (" ", ""), BADGE]


# -- caption -----------------------------------------------------------------------


def test_caption_of_a_setup_gives_the_cue_then_the_whole_instruction() -> None:
    """Position first: mark, word and cue in bold, then the full text dimmed."""
    assert blocks.caption(frame_at(0.3), "setup", TIMELINE) == [
        (
            ("◆ GET INTO POSITION", "bold #CC79A7"),
            (" · Kneel on LEFT knee, RIGHT foot forward", "bold"),
        ),
        (
            (
                "Kneel with your LEFT knee on the floor and your RIGHT foot in front of you, "
                "that knee bent.",
                "dim",
            ),
        ),
    ]


def test_caption_of_a_hold_is_one_line() -> None:
    """A hold shows its mark, word and cue, nothing more."""
    assert blocks.caption(frame_at(14.3), "hold", TIMELINE) == [
        (("■ HOLD", YELLOW), (" · Hold, hips forward", "bold"))
    ]


def test_caption_of_a_setup_inside_a_repetition_has_no_full_text() -> None:
    """Only the setup that starts a stretch (rep 0) adds its whole instruction."""
    phase = dataclasses.replace(TIMELINE.phases[0], rep=1)
    assert blocks.caption(frame_at(0.3, phase=phase), "setup", TIMELINE) == [
        (
            ("◆ GET INTO POSITION", "bold #CC79A7"),
            (" · Kneel on LEFT knee, RIGHT foot forward", "bold"),
        )
    ]


def test_caption_when_paused_says_how_to_go_on_and_what_was_on() -> None:
    """Paused: press space to go on, then the phase that was on, dimmed."""
    assert blocks.caption(frame_at(14.3, paused=True), "paused", TIMELINE) == [
        (("‖ PAUSED", "bold #999999"), (" · press space to go on", "bold")),
        (("■ HOLD · Hold, hips forward", "dim"),),
    ]


def test_caption_when_ready_names_the_first_stretch_and_its_position() -> None:
    """Get ready: the first stretch's name, then how to get into position."""
    assert blocks.caption(ready_frame(), "ready", TIMELINE) == [
        (("● GET READY", "bold"), (" · First: Hip stretch", "bold")),
        (("Kneel on one knee, other foot forward", ""),),
    ]
    empty = Timeline(TIMELINE.phases, ())
    assert blocks.caption(ready_frame(), "ready", empty) == [(("● GET READY", "bold"),)]


# -- breath bar --------------------------------------------------------------------


def bar(kind: str, level: float | None, width: int = 44) -> list[tuple[str, str]] | None:
    return blocks.breath_bar(frame_at(14.3, breath_level=level), kind, width)


def test_breath_bar_fills_with_the_breath_level() -> None:
    """At 44 columns each of the 10 steps is 4 cells: empty, half and full."""
    assert bar("inhale", 0.0) == [("▲ ", SKY), ("", SKY), ("░" * 40, "dim"), (" ▲", SKY)]
    assert bar("inhale", 0.5) == [("▲ ", SKY), ("█" * 20, SKY), ("░" * 20, "dim"), (" ▲", SKY)]
    assert bar("inhale", 1.0) == [("▲ ", SKY), ("█" * 40, SKY), ("", "dim"), (" ▲", SKY)]
    assert bar("exhale", 0.5) == [
        ("▼ ", ORANGE),
        ("█" * 20, ORANGE),
        ("░" * 20, "dim"),
        (" ▼", ORANGE),
    ]


def test_breath_bar_rounds_to_the_nearest_step() -> None:
    """0.04 of a breath shows no step, 0.06 one, 0.74 seven."""
    assert bar("inhale", 0.04)[1] == ("", SKY)  # type: ignore[index]
    assert bar("inhale", 0.06)[1] == ("█" * 4, SKY)  # type: ignore[index]
    assert bar("exhale", 0.74)[1:3] == [("█" * 28, ORANGE), ("░" * 12, "dim")]  # type: ignore[index]


def test_breath_bar_is_full_without_a_level_and_on_a_hold() -> None:
    """No breath level reads as full; a hold is always full, whatever the level."""
    assert bar("inhale", None) == [("▲ ", SKY), ("█" * 40, SKY), ("", "dim"), (" ▲", SKY)]
    assert bar("hold", 0.0) == [("■ ", YELLOW), ("█" * 40, YELLOW), ("", "dim"), (" ■", YELLOW)]


def test_breath_bar_cells_follow_the_width() -> None:
    """Steps of (width-4)//10 cells, at least 1, at most 7 (72 columns of bar)."""
    assert bar("inhale", 1.0, 30)[1] == ("█" * 20, SKY)  # type: ignore[index]
    assert bar("inhale", 1.0, 34)[1] == ("█" * 30, SKY)  # type: ignore[index]
    assert bar("inhale", 1.0, 200)[1] == ("█" * 70, SKY)  # type: ignore[index]
    assert bar("inhale", 1.0, 76)[1] == ("█" * 70, SKY)  # type: ignore[index]
    assert bar("inhale", 1.0, 5)[1] == ("█" * 10, SKY)  # type: ignore[index]
    assert bar("inhale", 0.0, 13)[2] == ("░" * 10, "dim")  # type: ignore[index]


def test_no_breath_bar_outside_breathing() -> None:
    """Move, setup, rest and the rest show no bar."""
    for kind in ("move", "setup", "release", "rest", "ready", "paused"):
        assert bar(kind, 0.5) is None


# -- progress, keys, next, notice ------------------------------------------------------


def test_progress_line_fills_with_the_session() -> None:
    """The line is bold for what is done, dim for what is to come, then the time left."""
    assert blocks.progress(frame_at(0.0), 30) == [
        ("", "bold"),
        ("─" * 20, "dim"),
        (" 5:31 left", ""),
    ]
    assert blocks.progress(frame_at(165.5), 30) == [
        ("━" * 10, "bold"),
        ("─" * 10, "dim"),
        (" 2:46 left", ""),
    ]
    assert blocks.progress(frame_at(331.0), 20) == [
        ("━" * 10, "bold"),
        ("", "dim"),
        (" 0:00 left", ""),
    ]
    assert blocks.progress(frame_at(0.3), 5) == [("", "bold"), ("", "dim"), (" 5:31 left", "")]
    assert blocks.progress(frame_at(300.0), 40)[:2] == [("━" * 27, "bold"), ("─" * 3, "dim")]


def test_keys_line_shortens_with_the_width() -> None:
    """The longest key help that fits, down to a clipped shortest form."""
    frame = frame_at(14.3)
    assert blocks.keys(frame, False, 80) == [(blocks.KEY_HELP[0], "dim")]
    assert blocks.keys(frame, False, 64) == [(blocks.KEY_HELP[0], "dim")]
    assert blocks.keys(frame, False, 63) == [(blocks.KEY_HELP[1], "dim")]
    assert blocks.keys(frame, False, 40) == [(blocks.KEY_HELP[2], "dim")]
    assert blocks.keys(frame, False, 20) == [("space · n · b · p…", "dim")]


def test_keys_line_when_stopped_or_getting_ready() -> None:
    """Stopped: go on or quit; getting ready: start now or quit."""
    assert blocks.keys(frame_at(14.3), True, 80) == [(blocks.STOPPED_KEYS[0], "dim")]
    assert blocks.keys(frame_at(14.3), True, 40) == [("space: next stretch · q: quit", "dim")]
    assert blocks.keys(frame_at(14.3), True, 20) == [("space next · q quit", "dim")]
    assert blocks.keys(frame_at(14.3), True, 10) == [("space…", "dim")]
    assert blocks.keys(ready_frame(), False, 40) == [("space start now · q quit", "dim")]
    assert blocks.keys(ready_frame(), False, 20) == [("space start · q quit", "dim")]
    assert blocks.keys(ready_frame(), True, 80) == [(blocks.STOPPED_KEYS[0], "dim")]


def test_next_line_says_what_comes() -> None:
    """The next cue and length, the next stretch, a rest, or the end."""
    assert blocks.next_line(frame_at(14.3), TIMELINE, 60) == [
        ("Next: ", "bold"),
        ("Ease hips back · 4 s", ""),
    ]
    assert blocks.next_line(frame_at(14.3), TIMELINE, 26) == [
        ("Next: ", "bold"),
        ("Ease hips back · 4 s", ""),
    ]
    assert blocks.next_line(frame_at(14.3), TIMELINE, 16) == [("Next: ", "bold"), ("Ease…", "")]
    assert blocks.next_line(ready_frame(), TIMELINE, 80) == [
        ("Next: ", "bold"),
        ("Hip stretch · Kneel on one knee, other foot forward", ""),
    ]
    assert blocks.next_line(ready_frame(), Timeline(TIMELINE.phases, ()), 80) == [
        ("Next: ", "bold"),
        ("", ""),
    ]
    last = TIMELINE.phases[-1]
    assert blocks.next_line(frame_at(last.start + 0.3), TIMELINE, 60) == [
        ("Next: ", "bold"),
        ("the end: well done", ""),
    ]
    rest = next(p for p in TIMELINE.phases if p.kind == "rest")
    assert blocks.next_line(frame_at(rest.start - 0.2), TIMELINE, 60) == [
        ("Next: ", "bold"),
        ("rest 15 s", ""),
    ]
    assert blocks.next_line(frame_at(rest.end + 0.3 - 0.5), TIMELINE, 200) == [
        ("Next: ", "bold"),
        ("Bottom stretch · " + TIMELINE.phases[TIMELINE.phases.index(rest) + 1].cue, ""),
    ]


def test_next_line_shows_control_characters_visibly() -> None:
    """A control character in a cue is shown as ^X."""
    phase = dataclasses.replace(TIMELINE.phases[3], cue="Ease\x07back")
    assert blocks.next_line(frame_at(14.3, next_phase=phase), TIMELINE, 60) == [
        ("Next: ", "bold"),
        ("Ease^Gback · 4 s", ""),
    ]


def test_notice_tokens_are_a_yellow_mark_and_bold_text() -> None:
    """A notice reads '! ' in bold yellow and its text in bold, control characters visible."""
    assert blocks.notice_tokens("a\x07b") == (("! ", "bold yellow"), ("a^Gb", "bold"))


# -- figure lines ------------------------------------------------------------------


def test_figure_lines_are_padded_to_the_box_and_reset_after_styles() -> None:
    """Each line exactly the box wide; a styled one is reset; a too-wide one cut plain."""
    lines = ["\x1b[1mab\x1b[0m", "abcdefgh", "x", "never"]
    assert blocks.figure_lines(lines, Box(0, 0, 5, 3)) == [
        "\x1b[1mab\x1b[0m\x1b[0m   ",
        "abcd…",
        "x    ",
    ]
    assert blocks.figure_lines(["ab"], Box(0, 0, 3, 2)) == ["ab ", "   "]
    assert blocks.figure_lines(None, Box(0, 0, 3, 2)) == ["   ", "   "]
    assert blocks.figure_lines(["\x1b[1mabcdef\x1b[0m"], Box(0, 0, 5, 1)) == ["abcd…"]
    assert blocks.figure_lines(["abcde"], Box(0, 0, 5, 1)) == ["abcde"]


# -- layout helpers ----------------------------------------------------------------


def test_digit_scale_is_the_largest_that_fits_two_digits() -> None:
    """'88' is 7 pixels wide: scale 2 needs 14 columns, scale 1 needs 7."""
    width = lettering.pixel_width("88")
    assert _digit_scale(1, width) == (1, 1)
    assert _digit_scale(1, width - 1) is None
    assert _digit_scale(2, 2 * width) == (2, 2)
    assert _digit_scale(2, 2 * width - 1) == (1, 1)
    assert _digit_scale(0, 100) is None


def test_merge_joins_words_of_one_style() -> None:
    """Neighbouring tokens of one style become one, across a plain space between them."""
    assert _merge([("a", "bold"), ("b", "bold")]) == (("ab", "bold"),)
    assert _merge([("a", "bold"), (" ", ""), ("b", "bold")]) == (("a b", "bold"),)
    assert _merge([("a", "bold"), (" ", ""), ("b", "dim")]) == (
        ("a", "bold"),
        (" ", ""),
        ("b", "dim"),
    )
    assert _merge([("a", "bold"), (" ", "x"), ("b", "bold")]) == (
        ("a", "bold"),
        (" ", "x"),
        ("b", "bold"),
    )
    assert _merge([(" ", ""), ("b", "")]) == ((" b", ""),)
    assert _merge([("a", ""), (" ", ""), ("b", "")]) == (("a b", ""),)
    assert _merge([]) == ()
    assert _merge([(" ", ""), ("b", "bold")]) == ((" ", ""), ("b", "bold"))
    assert _merge([("a", "x"), ("c", "bold"), (" ", ""), ("b", "bold")]) == (
        ("a", "x"),
        ("c b", "bold"),
    )


def test_painter_codes_with_colour() -> None:
    """A truecolor painter gives the SGR codes of bold and the colour, and a reset."""
    painter = Painter("truecolor")
    assert painter.codes("bold #56B4E9") == ("\x1b[1;38;2;86;180;233m", "\x1b[0m")
    assert painter("hi", "bold #56B4E9") == "\x1b[1;38;2;86;180;233mhi\x1b[0m"
    # rich remembers a parsed style's codes: each system gets a style of its own here
    assert Painter("standard")("hi", "bold #FF0000") == "\x1b[1;31mhi\x1b[0m"
    assert Painter("256")("hi", "bold #56B4E8") == "\x1b[1;38;5;74mhi\x1b[0m"
    assert Painter("windows")("hi", "#FF0001") == "\x1b[31mhi\x1b[0m"


def test_painter_without_colour_keeps_bold_and_dim() -> None:
    """NO_COLOR drops the colour but keeps bold and dim."""
    painter = Painter("truecolor", no_color=True)
    assert painter("hi", "bold #56B4E9") == "\x1b[1mhi\x1b[0m"
    assert painter("hi", "dim") == "\x1b[2mhi\x1b[0m"


def test_painter_leaves_plain_text_alone() -> None:
    """No style, no text or no colour system: the text as it is."""
    assert Painter("truecolor")("hi", "") == "hi"
    assert Painter("truecolor")("", "bold") == ""
    assert Painter(None)("hi", "bold") == "hi"
    assert Painter("nonsense")("hi", "bold") == "hi"
    assert Painter(None).codes("bold") == ("", "")


def test_painter_codes_are_remembered() -> None:
    """The second ask for a style's codes gives the same answer."""
    painter = Painter("truecolor")
    first = painter.codes("bold")
    assert painter.codes("bold") is first
    assert painter._codes == {"bold": ("\x1b[1m", "\x1b[0m")}


def test_painter_line_pads_or_centres_to_the_width() -> None:
    """A line is exactly the width: padded on the right, or centred with the odd cell right."""
    painter = Painter("truecolor")
    tokens = [("ab", "bold"), ("c", "")]
    assert painter.line(tokens, 8, center=False) == "\x1b[1mab\x1b[0mc     "
    assert painter.line(tokens, 8, center=True) == "  \x1b[1mab\x1b[0mc   "
    assert painter.line(tokens, 2, center=True) == "\x1b[1mab\x1b[0mc"
    assert Painter(None).line([("é", ""), ("字", "")], 6, center=True) == " é字  "


def compact_rows(width: int, height: int) -> tuple[object, ...]:
    c = _compact(width, height)
    assert (c.mode, c.width, c.height, c.inner) == ("compact", width, height, width - 4)
    return (c.text.height, c.count.top, c.count.height, c.digits, c.bar, c.progress, c.keys)  # type: ignore[union-attr]


def test_compact_layout_rows() -> None:
    """Text rows, the number's top and size, the bar, time-left and keys rows of small windows."""
    assert compact_rows(30, 14) == (2, 3, 5, (2, 1), 8, 9, 10)
    assert compact_rows(40, 12) == (2, 2, 5, (2, 1), 7, 8, 9)
    assert compact_rows(30, 11) == (2, 2, 5, (2, 1), None, 7, 8)
    assert compact_rows(30, 10) == (1, 1, 5, (2, 1), None, 6, 7)
    assert compact_rows(20, 9) == (1, 1, 5, (2, 1), None, 6, None)
    assert compact_rows(20, 8) == (1, 2, 1, (1, 1), None, 3, 4)
    assert compact_rows(12, 6) == (1, 1, 1, (1, 1), None, 2, 3)
    assert _compact(30, 14).text == Box(0, 0, 26, 2)
    assert _compact(30, 14).count == Box(3, 0, 26, 5)


# -- the figure's braille canvas -----------------------------------------------------


def test_a_dot_sets_one_braille_dot_in_its_cell() -> None:
    """Dots fill a 2×4 braille cell: top left 1, bottom right 0x80; the rest of the row blank."""
    canvas = drawing._Canvas(2, 1)
    canvas.dot(0, 0, "near")
    assert canvas.dots == {(0, 0): 4}
    assert canvas.rows_of_runs() == [[("\u2801", "near"), (" ", "blank")]]
    canvas.dot(3.4, 2.6, "working")
    assert canvas.rows_of_runs() == [[("\u2801", "near"), ("\u2880", "working")]]
    canvas.dot(0.6, 1.4, "far")
    assert canvas.rows_of_runs() == [[("\u2811", "near"), ("\u2880", "working")]]


def test_dots_outside_the_canvas_are_dropped() -> None:
    """A 2×1-cell canvas is 4 dots wide and 4 high: nothing lands beyond."""
    canvas = drawing._Canvas(2, 1)
    for x, y in ((-1, 0), (4, 0), (0, -1), (0, 4), (3.6, 0)):
        canvas.dot(x, y, "near")
    assert canvas.dots == {}
    canvas.dot(3, 3, "near")
    assert canvas.dots == {(3, 3): 4}
    assert (canvas.width, canvas.height, canvas.columns, canvas.rows) == (4, 4, 2, 1)


def test_a_dot_keeps_its_most_important_role() -> None:
    """The working limb wins a dot over the floor; a blank dot still shows."""
    canvas = drawing._Canvas(1, 1)
    canvas.dot(0, 0, "working")
    canvas.dot(0, 0, "floor")
    assert canvas.dots == {(0, 0): 5}
    canvas.dot(1, 0, "floor")
    canvas.dot(1, 0, "prop")
    assert canvas.dots[(1, 0)] == 2
    canvas.dot(0, 1, "blank")
    assert canvas.dots[(0, 1)] == 0
    assert canvas.rows_of_runs() == [[("\u280b", "working")]]


def test_a_cell_takes_the_style_of_its_most_important_dot() -> None:
    """A cell with a far dot and a near dot is near, whichever came first."""
    canvas = drawing._Canvas(2, 1)
    canvas.dot(0, 0, "near")
    canvas.dot(1, 0, "far")
    canvas.dot(2, 0, "far")
    canvas.dot(3, 0, "near")
    assert canvas.rows_of_runs() == [[("\u2809\u2809", "near")]]


def test_a_line_sets_every_dot_between_its_ends() -> None:
    """A level line, a diagonal and a steep one with a fractional end."""
    canvas = drawing._Canvas(4, 2)
    canvas.line((0, 0), (3, 0), "near")
    assert canvas.dots == {(0, 0): 4, (1, 0): 4, (2, 0): 4, (3, 0): 4}
    canvas = drawing._Canvas(4, 2)
    canvas.line((0, 0), (3, 3), "far")
    assert set(canvas.dots) == {(0, 0), (1, 1), (2, 2), (3, 3)}
    assert canvas.rows_of_runs()[0] == [("\u2811\u2884", "far"), ("  ", "blank")]
    canvas = drawing._Canvas(4, 2)
    canvas.line((0, 0), (0, 2.4), "near")
    assert set(canvas.dots) == {(0, 0), (0, 1), (0, 2)}
    canvas = drawing._Canvas(4, 2)
    canvas.line((5, 6), (5, 6), "prop")
    assert canvas.dots == {(5, 6): 2}
    canvas = drawing._Canvas(4, 2)
    canvas.line((6, 7), (2, 5), "near")
    assert set(canvas.dots) == {(6, 7), (5, 6), (4, 6), (3, 6), (2, 5)}


def test_a_small_circle_is_a_plus_or_a_square_of_dots() -> None:
    """Radius 1 is a plus of 5 dots, 1.5 the full 3×3, 0 the centre only."""
    canvas = drawing._Canvas(4, 2)
    canvas.circle((2, 2), 1, "near")
    assert set(canvas.dots) == {(2, 1), (1, 2), (2, 2), (3, 2), (2, 3)}
    canvas = drawing._Canvas(4, 2)
    canvas.circle((2, 2), 1.5, "near")
    assert set(canvas.dots) == {(x, y) for x in (1, 2, 3) for y in (1, 2, 3)}
    canvas = drawing._Canvas(4, 2)
    canvas.circle((2, 2), 0, "near")
    assert canvas.dots == {(2, 2): 4}


def test_a_big_circle_is_a_ring() -> None:
    """From radius 1.6 a circle is a ring of dots round the centre, none inside."""
    canvas = drawing._Canvas(4, 2)
    canvas.circle((4, 4), 2, "near")
    assert sorted(canvas.dots) == [
        (2, 3), (2, 4), (2, 5), (3, 2), (3, 3), (3, 5), (3, 6), (4, 2),
        (4, 6), (5, 2), (5, 3), (5, 5), (5, 6), (6, 3), (6, 4), (6, 5),
    ]  # fmt: skip
    canvas = drawing._Canvas(4, 2)
    canvas.circle((4, 4), 1.6, "far")
    assert sorted(canvas.dots) == [(2, 4), (3, 3), (3, 5), (4, 2), (4, 6), (5, 3), (5, 5), (6, 4)]
    assert set(canvas.dots.values()) == {3}


def test_ansi_styles_each_run() -> None:
    """Colour: working bold yellow, near bold, the floor dim; without colour near is plain."""
    rows = [[("ab", "working"), (" ", "blank"), ("c", "near"), ("d", "floor"), ("e", "prop")]]
    assert drawing.ansi(rows) == [
        "\x1b[1;33mab\x1b[0m \x1b[1mc\x1b[0m\x1b[2md\x1b[0m\x1b[2;33me\x1b[0m"
    ]
    assert drawing.ansi(rows, color=False) == ["\x1b[1mab\x1b[0m c\x1b[2md\x1b[0m\x1b[2me\x1b[0m"]
    assert drawing.ansi([[("x", "far")], []]) == ["\x1b[2mx\x1b[0m", ""]


def test_only_utf8_terminals_draw_braille() -> None:
    """UTF-8 in any spelling draws; other encodings, none, or TERM=dumb do not."""
    for encoding in ("UTF-8", "utf8", "utf_8", "UTF8MB4"):
        assert drawing.can_draw(encoding, "xterm")
        assert drawing.can_draw(encoding, None)
    assert not drawing.can_draw("UTF-8", "dumb")
    for encoding in ("latin-1", "ascii", "", None):
        assert not drawing.can_draw(encoding, "xterm")


def test_only_the_left_side_is_mirrored() -> None:
    """The left side is drawn as the mirror image; right and no side are not."""
    assert drawing.mirrored("left")
    assert not drawing.mirrored("right")
    assert not drawing.mirrored(None)


def test_redraw_steps_follow_the_phase_length() -> None:
    """Four redraws a second, at most ten, at least one; none when the figure stands still."""
    phase = TIMELINE.phases[1]
    assert drawing.redraw_steps(phase, False) == 0
    assert drawing.redraw_steps(dataclasses.replace(phase, seconds=4.0), True) == 10
    assert drawing.redraw_steps(dataclasses.replace(phase, seconds=2.5), True) == 10
    assert drawing.redraw_steps(dataclasses.replace(phase, seconds=2.4), True) == 9
    assert drawing.redraw_steps(dataclasses.replace(phase, seconds=1.5), True) == 6
    assert drawing.redraw_steps(dataclasses.replace(phase, seconds=0.1), True) == 1


HIP = CATALOGUE.by_id("hip-stretch").figure
assert HIP is not None


def test_pose_at_steps_between_start_and_end() -> None:
    """Exact at both ends, rounded down to a step between, clamped outside 0..1."""
    start, end = HIP.start, HIP.steps[0]
    assert drawing.pose_at(start, end, 0.0, 10) == start
    assert drawing.pose_at(start, end, 1.0, 10) == end
    assert drawing.pose_at(start, end, 1.5, 10) == end
    assert drawing.pose_at(start, end, -0.5, 10) == start
    half = poses.interpolate(start, end, poses.ease(0.5))
    assert drawing.pose_at(start, end, 0.5, 10) == half
    assert drawing.pose_at(start, end, 0.59, 10) == half
    assert drawing.pose_at(start, end, 0.29, 100) == poses.interpolate(start, end, poses.ease(0.29))
    assert drawing.pose_at(start, end, 0.5, 0) == start
    assert drawing.pose_at(start, end, 1.0, 0) == end
    assert drawing.pose_at(start, start, 1.0, 10) == start


def test_end_pose_is_the_step_furthest_from_the_start() -> None:
    """The first of equally far steps; a figure that barely moves has none."""
    assert drawing.end_pose(HIP) == (HIP.steps[0], 1)
    bottom = CATALOGUE.by_id("bottom-stretch").figure
    assert bottom is not None
    assert drawing.end_pose(bottom) == (bottom.steps[1], 2)
    still = dataclasses.replace(HIP, steps=(HIP.start, HIP.start))
    assert drawing.end_pose(still) == (None, 0)
    nudged = dataclasses.replace(HIP.start, hips=(HIP.start.hips[0] + 0.01, HIP.start.hips[1]))
    assert drawing.end_pose(dataclasses.replace(HIP, steps=(nudged,))) == (None, 0)
    moved = dataclasses.replace(HIP.start, hips=(HIP.start.hips[0] + 1, HIP.start.hips[1]))
    assert drawing.end_pose(dataclasses.replace(HIP, steps=(moved,)))[1] == 1


def test_bounds_hold_every_pose_and_the_head() -> None:
    """The hip stretch's box: the head's radius counts on its sides and top."""
    assert drawing.bounds([HIP.start]) == drawing.Bounds(-38.0, 38.98728310207639, 73.0)
    both = drawing.bounds(drawing.figure_poses(HIP))
    assert both == drawing.Bounds(-38.0, 39.00268112082755, 73.0)


# -- whole screens -------------------------------------------------------------------

SCREENS = Path(__file__).parent / "snapshots" / "screens"


def stopped_frame() -> Frame:
    return frame_at(14.3, paused=True)


def inhale_frame() -> Frame:
    bottom = next(p for p in TIMELINE.phases if p.kind == "inhale")
    return frame_at(bottom.start + bottom.seconds / 2)


NOTICE = "Hip stretch stopped. It is on hold: backcoach resume hip-stretch brings it back."
# name: (frame, notice, width, height, with a figure)
CASES: dict[str, tuple[Callable[[], Frame], str | None, int, int, bool]] = {
    "setup-80x24": (lambda: frame_at(0.3), None, 80, 24, False),
    "hold-80x24-figure": (lambda: frame_at(20.0), None, 80, 24, True),
    "move-right-80x24-figure": (lambda: frame_at(83.0), None, 80, 24, True),
    "inhale-50x34-figure": (inhale_frame, None, 50, 34, True),
    "release-120x40": (lambda: frame_at(40.0), "Stretch skipped.", 120, 40, False),
    "paused-60x20": (lambda: frame_at(14.3, paused=True), None, 60, 20, False),
    "stopped-80x24": (stopped_frame, NOTICE, 80, 24, False),
    "stopped-200x30": (stopped_frame, NOTICE, 200, 30, False),
    "ready-60x20": (ready_frame, None, 60, 20, True),
    "compact-inhale-30x14": (inhale_frame, None, 30, 14, False),
    "compact-hold-40x12": (lambda: frame_at(20.0), None, 40, 12, False),
    "compact-setup-20x8": (lambda: frame_at(0.3), None, 20, 8, False),
    "compact-ready-30x11": (ready_frame, None, 30, 11, False),
    "compact-stopped-40x12": (stopped_frame, NOTICE, 40, 12, False),
    "tiny-hold-12x5": (lambda: frame_at(20.0), None, 12, 5, False),
    "tiny-setup-8x2": (lambda: frame_at(0.3), None, 8, 2, False),
    "tiny-ready-10x4": (ready_frame, None, 10, 4, False),
}


def screen_text(name: str) -> str:
    """The screen as a person sees it, escape codes shown as ␛ so the colours can be read."""
    make, notice, width, height, with_figure = CASES[name]
    Style.parse.cache_clear()  # rich keeps a parsed style's codes for the first colour system
    lines = screen_lines(
        make(),
        notice,
        width,
        height,
        timeline=TIMELINE,
        advice=CATALOGUE.advice,
        painter=Painter("truecolor"),
        figure=drawing.figure_provider(TIMELINE) if with_figure else None,
    )
    assert all(cell_len(SGR.sub("", line)) == width for line in lines)
    assert len(lines) == height
    return "\n".join(line.replace("\x1b", "␛") for line in lines) + "\n"


@pytest.mark.parametrize("name", list(CASES))
def test_screens_match_their_reviewed_snapshots(name: str) -> None:
    """Whole screens equal tests/snapshots/screens/NAME.txt (BACKCOACH_UPDATE_SNAPSHOTS=1)."""
    path = SCREENS / f"{name}.txt"
    drawn = screen_text(name)
    if os.environ.get("BACKCOACH_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(drawn, encoding="utf-8")
    assert drawn == path.read_text(encoding="utf-8")


# -- lettering -----------------------------------------------------------------------


def test_pixel_width_counts_glyphs_and_the_gaps_between() -> None:
    """'8' is 3 pixels, '88' 7 (one gap), HOLD 15, lower case as upper, nothing 0."""
    assert lettering.pixel_width("8") == 3
    assert lettering.pixel_width("88") == 7
    assert lettering.pixel_width("HOLD") == 15
    assert lettering.pixel_width("hold") == 15
    assert lettering.pixel_width("a b") == 9
    assert lettering.pixel_width("") == 0


def test_scales_are_every_size_that_fits_largest_first() -> None:
    """Each row scale from the tallest down, with widths from twice as wide to square."""
    assert lettering.scales(4) == []
    assert lettering.scales(5) == [(2, 1), (1, 1)]
    assert lettering.scales(9) == [(2, 1), (1, 1)]
    assert lettering.scales(10) == [(4, 2), (3, 2), (2, 2), (2, 1), (1, 1)]
    assert lettering.scales(16)[:5] == [(6, 3), (5, 3), (4, 3), (3, 3), (4, 2)]


def test_compact_layout_keeps_two_rows_for_the_bar_and_keys() -> None:
    """15 rows: the number stays at one row a stroke so the bar and the keys fit below it."""
    assert compact_rows(40, 15) == (2, 3, 5, (2, 1), 8, 9, 10)
    assert compact_rows(20, 7) == (1, 2, 1, (1, 1), None, 3, 4)


def test_tiny_view_shows_word_seconds_and_side() -> None:
    """Too small for a border: the word (short when the whole does not fit), seconds, side."""
    assert view_tiny(inhale_frame(), 10, 3) == ["BREATHE IN", "2 s       ", "LEFT side "]
    assert view_tiny(inhale_frame(), 9, 3) == ["INHALE   ", "2 s      ", "LEFT side"]
    assert view_tiny(frame_at(20.0), 3, 3) == ["HO…", "19…", "LE…"]
    no_side = dataclasses.replace(TIMELINE.phases[2], side=None)
    assert view_tiny(frame_at(20.0, phase=no_side), 6, 4) == ["HOLD  ", "19 s  ", " " * 6, " " * 6]


def test_clip_cuts_at_a_space_and_drops_a_trailing_dot() -> None:
    """Cut at the last space, without a dangling '·'; wide characters count two cells."""
    assert clip("one · two three", 8) == "one…"
    assert clip("AX YZ", 4) == "AX…"
    assert clip("字字字字", 4) == "字…"
    assert clip("字字字字字字", 8) == "字字字…"
    assert visible("a\x7fb\x00") == "a^?b^@"


def test_compact_setup_shows_no_rep() -> None:
    """A setup (rep 0) in the compact view names the side but no rep."""
    lines = screen_lines(frame_at(0.3), None, 60, 12, timeline=TIMELINE, advice=CATALOGUE.advice)
    assert lines[1] == "│ ◆ GET INTO POSITION \u00a0LEFT\u00a0side\u00a0 · Kneel on LEFT knee,    │"
    assert lines[2] == "│ RIGHT foot forward" + " " * 39 + "│"
