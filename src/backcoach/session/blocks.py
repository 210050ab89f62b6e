"""The pieces of the session screen: the phase in words and lettering, the bars, the keys.

Each piece is a pure function of the frame and the room it gets, returning
styled tokens (text, style) or rows of lettering; view.py puts them in place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len

from backcoach import describe
from backcoach.console import PHASE_MARK, PHASE_SHORT_WORD, PHASE_STYLE, PHASE_WORD

from . import lettering
from .layout import Box, Token, clip, visible

if TYPE_CHECKING:
    from .engine import Frame
    from .planner import Timeline

KEY_HELP = (
    "space pause · n next stretch · b restart · p this hurts · q quit",
    "space pause · n next · b restart · p hurts · q quit",
    "space · n · b · p hurts · q quit",
)
READY_KEYS = ("space start now · q quit", "space start · q quit")
STOPPED_KEYS = (
    "space: go on with the next stretch · q: quit",
    "space: next stretch · q: quit",
    "space next · q quit",
)
BAR_CELLS = 10  # steps of the breath bar: 2-3 redraws a second on a 4-5 s breath


NOTICE_STYLE = "bold"


NBSP = "\u00a0"


def kind_of(frame: Frame) -> str:
    """The phase kind as the screen names it: the engine's, or ready or paused."""
    if frame.paused:
        return "paused"
    if frame.prescription is None:
        return "ready"
    return frame.phase.kind


def word_art(kind: str, box: Box) -> tuple[str, ...]:
    """The phase word in the largest lettering that fits, or its short form, or spaced out.

    The short form is taken when the whole word would be drawn with strokes
    one row thin and the short one can be bigger.
    """
    word = PHASE_WORD[kind]
    whole = lettering.fit_scaled(word, box.width, box.height)
    short = PHASE_SHORT_WORD.get(kind)
    if short and (whole is None or whole[0][1] < 2):
        brief = lettering.fit_scaled(short, box.width, box.height)
        if brief and (whole is None or brief[0][1] > whole[0][1]):
            return brief[1]
    return whole[1] if whole else (" ".join(word),)


def label_of(kind: str) -> list[Token]:
    return [(f"{PHASE_MARK[kind]} {PHASE_WORD[kind]}", PHASE_STYLE[kind])]


def side_of(frame: Frame) -> str | None:
    return f"{frame.phase.side.upper()} side" if frame.phase.side else None


def countdown(value: int, box: Box, scale: tuple[int, int]) -> tuple[str, ...]:
    """The countdown at the layout's scale, or smaller if a long number needs it."""
    number = str(value)
    rows = lettering.render(number, *scale)
    if len(rows[0]) > box.width:
        rows = lettering.fit(number, box.width, box.height) or (number,)
    return rows


def header(frame: Frame, timeline: Timeline, width: int) -> list[Token]:
    """'Stretch 2 of 10 · Bridge' on the left, side and rep on the right, shortened to fit."""
    right_parts = []
    side = side_of(frame)
    if frame.prescription is None:
        count = len(timeline.prescriptions)
        lefts = [f"Get ready · {count} stretch{'es' if count != 1 else ''}", "Get ready"]
    else:
        name = visible(frame.prescription.stretch.name)
        number = f"{frame.stretch_number} of {frame.stretch_count}"
        short = f"{frame.stretch_number}/{frame.stretch_count}"
        lefts = [f"Stretch {number} · {name}", f"{short} · {name}", short]
        if frame.phase.rep:
            right_parts.append(f"rep {frame.phase.rep} of {frame.phase.reps}")
    rights = [" · ".join(right_parts)] if right_parts else [""]
    if right_parts:
        rights.append(f"{frame.phase.rep}/{frame.phase.reps}")
    for right in rights:
        tail = ([(f" {side} ", "bold reverse")] if side else []) + (
            [(" " + right, "bold")] if right else []
        )
        room = width - sum(cell_len(text) for text, _ in tail) - 1
        for left in lefts:
            if cell_len(left) <= room:
                return _spread([(left, "bold")], tail, width)
        if room >= 6:
            return _spread(
                [(clip(lefts[-2] if len(lefts) > 2 else lefts[0], room), "bold")], tail, width
            )
    return [(f" {side} ", "bold reverse")] if side else [(clip(lefts[-1], width), "bold")]


def _spread(left: list[Token], right: list[Token], width: int) -> list[Token]:
    used = sum(cell_len(text) for text, _ in left + right)
    return [*left, (" " * max(1, width - used), ""), *right]


def caption(frame: Frame, kind: str, timeline: Timeline) -> list[tuple[Token, ...]]:
    """The phase in words, as paragraphs, most important first: mark, word and cue, then more."""
    phase = frame.phase
    label = label_of(kind)
    if kind == "ready":
        first = timeline.prescriptions[0].stretch if timeline.prescriptions else None
        if first is None:
            return [tuple(label)]
        return [
            (*label, (" · First: " + visible(first.name), "bold")),
            ((visible(first.position_cue), ""),),
        ]
    if kind == "paused":
        during = f"{PHASE_MARK[phase.kind]} {PHASE_WORD[phase.kind]} · {visible(phase.cue)}"
        return [(*label, (" · press space to go on", "bold")), ((during, "dim"),)]
    paragraphs = [(*label, (" · " + visible(phase.cue), "bold"))]
    if phase.kind == "setup" and phase.rep == 0:
        paragraphs.append(((visible(phase.text), "dim"),))
    return paragraphs


def breath_bar(frame: Frame, kind: str, width: int) -> list[Token] | None:
    """The breath bar: ▲ fills on a breath in, ▼ empties on a breath out, ■ stays full on a hold."""
    if kind not in ("inhale", "exhale", "hold"):
        return None
    cell = max(1, min(width - 4, 72) // BAR_CELLS)
    level = 1.0 if frame.breath_level is None else frame.breath_level
    filled = round(level * BAR_CELLS) if kind != "hold" else BAR_CELLS
    mark, style = PHASE_MARK[kind], PHASE_STYLE[kind]
    return [
        (mark + " ", style),
        ("█" * (cell * filled), style),
        ("░" * (cell * (BAR_CELLS - filled)), "dim"),
        (" " + mark, style),
    ]


def progress(frame: Frame, width: int) -> list[Token]:
    left = f" {describe.clock(frame.time_left)} left"
    cells = max(0, width - cell_len(left))
    done = round(frame.progress * cells)
    return [("━" * done, "bold"), ("─" * (cells - done), "dim"), (left, "")]


def keys(frame: Frame, stopped: bool, width: int) -> list[Token]:
    options = STOPPED_KEYS if stopped else READY_KEYS if frame.prescription is None else KEY_HELP
    for option in options:
        if cell_len(option) <= width:
            return [(option, "dim")]
    return [(clip(options[-1], width), "dim")]


def next_line(frame: Frame, timeline: Timeline, width: int) -> list[Token]:
    nxt = frame.next_phase
    text = ""
    if frame.prescription is None:
        first = timeline.prescriptions[0].stretch if timeline.prescriptions else None
        text = f"{first.name} · {first.position_cue}" if first else ""
    elif nxt is None:
        text = "the end: well done"
    elif nxt.kind == "rest":
        text = f"rest {nxt.seconds:g} s"
    elif frame.next_prescription is not None:
        text = f"{frame.next_prescription.stretch.name} · {nxt.cue}"
    else:
        text = f"{nxt.cue} · {nxt.seconds:g} s"
    return [("Next: ", "bold"), (clip(visible(text), width - 6), "")]


def notice_tokens(notice: str) -> tuple[Token, ...]:
    return (("! ", "bold yellow"), (visible(notice), NOTICE_STYLE))


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def figure_lines(lines: list[str] | None, box: Box) -> list[str]:
    """A figure's styled lines, each exactly the box's width; a too-wide line loses its style."""
    out = [" " * box.width] * box.height
    for offset, line in enumerate((lines or [])[: box.height]):
        plain = _SGR.sub("", line)
        shown = cell_len(plain)
        if shown > box.width:
            line = clip(plain, box.width)
            shown = cell_len(line)
        reset = "\x1b[0m" if "\x1b" in line else ""
        out[offset] = line + reset + " " * (box.width - shown)
    return out
