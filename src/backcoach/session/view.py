"""The live session screen: what to do now, readable from a mat 1.5 m away.

`screen_lines` is a pure function of the engine's frame and the window size:
it returns the whole screen as lines of exactly the window's width. LiveView
only compares those lines with what the terminal already shows and writes
the ones that changed, so a tick of the countdown costs a few short writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len

from backcoach import describe
from backcoach.console import PHASE_MARK, PHASE_SHORT_WORD, PHASE_STYLE, PHASE_WORD, console

from . import lettering
from .layout import Box, Layout, Painter, Token, clip, fit_lines, layout, visible, wrap

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.catalogue.models import Advice

    from .engine import Frame
    from .planner import Timeline

Figure = Callable[["Frame", int, int], "list[str] | None"]

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
BORDER_STYLE = "dim"
NOTICE_STYLE = "bold"
PLAIN = Painter()
NBSP = "\u00a0"


def kind_of(frame: Frame) -> str:
    """The phase kind as the screen names it: the engine's, or ready or paused."""
    if frame.paused:
        return "paused"
    if frame.prescription is None:
        return "ready"
    return frame.phase.kind


def screen_lines(
    frame: Frame,
    notice: str | None,
    width: int,
    height: int,
    *,
    timeline: Timeline,
    advice: Advice,
    painter: Painter = PLAIN,
    figure: Figure | None = None,
) -> list[str]:
    """The whole screen for `frame` in a `width` × `height` window, one string a row."""
    place = layout(width, height, figure is not None)
    screen = _Screen(place, painter, timeline)
    if place.mode == "tiny":
        return _tiny(frame, width, height)
    kind = kind_of(frame)
    stopped = frame.paused and notice is not None
    if place.mode == "compact":
        _compact(screen, frame, notice, kind, stopped)
    else:
        _full(screen, frame, notice, kind, stopped, timeline, advice, figure)
    return screen.lines()


class _Screen:
    """The rows inside the border, filled block by block."""

    def __init__(self, place: Layout, painter: Painter, timeline: Timeline) -> None:
        self.layout = place
        self.timeline = timeline
        self.paint = painter
        self.rows = [" " * place.inner] * (place.height - 2)

    def put(self, row: int, tokens: tuple[Token, ...] | list[Token], center: bool = True) -> None:
        if 0 <= row < len(self.rows):
            self.rows[row] = self.paint.line(tokens, self.layout.inner, center)

    def put_raw(self, row: int, text: str) -> None:
        """A line already padded to the inner width."""
        if 0 <= row < len(self.rows):
            self.rows[row] = text

    def text(self, box: Box, tokens: tuple[Token, ...], center: bool = True) -> None:
        for offset, line in enumerate(fit_lines(tokens, box.width, box.height)):
            self.put(box.top + offset, line, center)

    def block(self, box: Box, rows: tuple[str, ...], style: str) -> list[str]:
        """Lettering centred in a box: box.height strings of exactly box.width cells."""
        out = [" " * box.width] * box.height
        top = max(0, (box.height - len(rows)) // 2)
        for offset, art in enumerate(rows[: box.height]):
            pad = max(0, (box.width - len(art)) // 2)
            after = " " * max(0, box.width - pad - len(art))
            out[top + offset] = " " * pad + self.paint(art, style) + after
        return out

    def place(self, box: Box, lines: list[str]) -> None:
        """Lines of box.width cells into the box's rows."""
        after = " " * max(0, self.layout.inner - box.left - box.width)
        for offset, line in enumerate(lines[: box.height]):
            self.put_raw(box.top + offset, " " * box.left + line + after)

    def beside(self, left: Box, left_lines: list[str], right: Box, right_lines: list[str]) -> None:
        """Two boxes on the same rows, side by side."""
        gap = " " * (right.left - left.left - left.width)
        after = " " * max(0, self.layout.inner - right.left - right.width)
        for offset in range(left.height):
            row = " " * left.left + left_lines[offset] + gap + right_lines[offset] + after
            self.put_raw(left.top + offset, row)

    def lines(self) -> list[str]:
        place, paint = self.layout, self.paint
        title = " backcoach "
        top = paint(f"╭─{title}{'─' * (place.width - 3 - len(title))}╮", BORDER_STYLE)
        bottom = paint(f"╰{'─' * (place.width - 2)}╯", BORDER_STYLE)
        side = paint("│", BORDER_STYLE)
        return [top, *(f"{side} {row} {side}" for row in self.rows), bottom]


def _word_art(kind: str, box: Box) -> tuple[str, ...]:
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


def _label(kind: str) -> list[Token]:
    return [(f"{PHASE_MARK[kind]} {PHASE_WORD[kind]}", PHASE_STYLE[kind])]


def _side(frame: Frame) -> str | None:
    return f"{frame.phase.side.upper()} side" if frame.phase.side else None


def _digits(value: int, box: Box, scale: tuple[int, int]) -> tuple[str, ...]:
    """The countdown at the layout's scale, or smaller if a long number needs it."""
    number = str(value)
    rows = lettering.render(number, *scale)
    if len(rows[0]) > box.width:
        rows = lettering.fit(number, box.width, box.height) or (number,)
    return rows


def _header(frame: Frame, timeline: Timeline, width: int) -> list[Token]:
    """'Stretch 2 of 10 · Bridge' on the left, side and rep on the right, shortened to fit."""
    right_parts = []
    side = _side(frame)
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


def _caption(frame: Frame, kind: str, timeline: Timeline) -> list[tuple[Token, ...]]:
    """The phase in words, as paragraphs, most important first: mark, word and cue, then more."""
    phase = frame.phase
    label = _label(kind)
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


def _paragraphs(screen: _Screen, box: Box, paragraphs: list[tuple[Token, ...]]) -> None:
    """Paragraphs into a box: each that fits whole, the first one cut at a space if it must be."""
    row = box.top
    for number, tokens in enumerate(paragraphs):
        room = box.top + box.height - row
        lines = wrap(tokens, box.width)
        if len(lines) > room:
            if number:
                break
            lines = fit_lines(tokens, box.width, room)
        for line in lines:
            screen.put(row, line)
            row += 1


def _bar(frame: Frame, kind: str, width: int) -> list[Token] | None:
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


def _progress(frame: Frame, width: int) -> list[Token]:
    left = f" {describe.clock(frame.time_left)} left"
    cells = max(0, width - cell_len(left))
    done = round(frame.progress * cells)
    return [("━" * done, "bold"), ("─" * (cells - done), "dim"), (left, "")]


def _keys(frame: Frame, stopped: bool, width: int) -> list[Token]:
    options = STOPPED_KEYS if stopped else READY_KEYS if frame.prescription is None else KEY_HELP
    for option in options:
        if cell_len(option) <= width:
            return [(option, "dim")]
    return [(clip(options[-1], width), "dim")]


def _next(frame: Frame, timeline: Timeline, width: int) -> list[Token]:
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


def _notice_tokens(notice: str) -> tuple[Token, ...]:
    return (("! ", "bold yellow"), (visible(notice), NOTICE_STYLE))


def _full(
    screen: _Screen,
    frame: Frame,
    notice: str | None,
    kind: str,
    stopped: bool,
    timeline: Timeline,
    advice: Advice,
    figure: Figure | None,
) -> None:
    place = screen.layout
    assert place.word and place.text and place.count and place.caution
    assert place.bar is not None and place.next is not None and place.keys is not None
    inner = place.inner
    style = PHASE_STYLE[kind]
    screen.put(place.header, _header(frame, timeline, inner), center=False)
    screen.place(place.word, screen.block(place.word, _word_art(kind, place.word), style))
    if stopped:
        assert notice is not None
        # The advice takes every row from the caption to the caution, in full.
        top = place.text.top
        box = Box(top, 0, min(inner, 72), place.caution.top + place.caution.height - top)
        tokens = (*_label(kind), (" · stretch stopped", "bold"), ("\n", ""))
        lines = fit_lines((*tokens, *_notice_tokens(notice)), box.width, box.height)
        start = top + max(0, (box.height - len(lines)) // 2)
        indent = ("", "") if box.width >= inner else (" " * ((inner - box.width) // 2), "")
        for offset, line in enumerate(lines):
            screen.put(start + offset, [indent, *line], center=False)
    else:
        _paragraphs(screen, place.text, _caption(frame, kind, timeline))
        count = place.count
        digits = screen.block(count, _digits(frame.remaining, count, place.digits), style)
        if place.figure is not None and figure is not None:
            box = place.figure
            drawn = _figure(figure(frame, box.width, box.height), box)
            if box.top == count.top:
                screen.beside(count, digits, box, drawn)
            else:
                screen.place(box, drawn)
                screen.place(count, digits)
        else:
            screen.place(count, digits)
        bar = _bar(frame, kind, inner)
        if bar:
            screen.put(place.bar, bar)
        if notice:
            screen.text(place.caution, _notice_tokens(notice), center=False)
        else:
            cautions = frame.prescription.stretch.cautions if frame.prescription else ()
            caution = (cautions or (advice.never_push,))[0]
            screen.text(place.caution, (("! ", "bold red"), (visible(caution), "")), center=False)
    screen.put(place.next, _next(frame, timeline, inner), center=False)
    screen.put(place.progress, _progress(frame, inner), center=False)
    screen.put(place.keys, _keys(frame, stopped, inner), center=False)


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _figure(lines: list[str] | None, box: Box) -> list[str]:
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


def _compact(screen: _Screen, frame: Frame, notice: str | None, kind: str, stopped: bool) -> None:
    """A small window: the phase and side in words, one big number, the time left, the keys."""
    place = screen.layout
    assert place.text is not None and place.count is not None
    inner, rows = place.inner, place.height - 2
    if stopped:
        assert notice is not None
        screen.put(0, _label(kind), center=False)
        screen.text(Box(1, 0, inner, rows - 2), _notice_tokens(notice), center=False)
        screen.put(rows - 1, _keys(frame, True, inner), center=False)
        return
    style = PHASE_STYLE[kind]
    tokens = list(_caption(frame, kind, screen.timeline)[0])
    side = _side(frame)
    extra: list[Token] = []
    if side:
        badge = NBSP + side.replace(" ", NBSP) + NBSP  # kept whole when the line wraps
        extra += [(" ", ""), (badge, "bold reverse")]
    if frame.phase.rep and frame.prescription is not None:
        extra.append((f" rep{NBSP}{frame.phase.rep}/{frame.phase.reps}", "bold"))
    tokens[1:1] = extra  # after the word, before the cue
    screen.text(place.text, tuple(tokens), center=False)
    count = place.count
    if count.height >= lettering.HEIGHT:
        digits = _digits(frame.remaining, count, place.digits)
        screen.place(count, screen.block(count, digits, style))
    else:
        screen.put(count.top, [(f"{frame.remaining} s", style)])
    bar = _bar(frame, kind, inner)
    if place.bar is not None and bar:
        screen.put(place.bar, bar)
    screen.put(place.progress, _progress(frame, inner), center=False)
    if place.keys is not None:
        screen.put(place.keys, _keys(frame, False, inner), center=False)


def _tiny(frame: Frame, width: int, height: int) -> list[str]:
    """A window too small for a border: the phase, the seconds and the side, plain."""
    kind = kind_of(frame)
    word = PHASE_WORD[kind]
    if len(word) > width:
        word = PHASE_SHORT_WORD.get(kind, word)
    words = [word, f"{frame.remaining} s", _side(frame) or ""]
    lines = [clip(word, width).ljust(width) for word in words][:height]
    return lines + [" " * width] * (height - len(lines))


class LiveView:
    """The full-screen session view, drawn from `screen_lines` and updated line by line.

    `figure`, if given, draws a figure of the current stretch: it gets the
    frame and the size of its box and returns styled lines (or None). The box
    stands beside the countdown in a wide window, above it otherwise, and is
    left out when the window has no room for it.
    """

    breath_steps = BAR_CELLS

    def __init__(
        self,
        advice: Advice,
        timeline: Timeline,
        out: Console | None = None,
        *,
        figure: Figure | None = None,
    ) -> None:
        self.advice = advice
        self.timeline = timeline
        self.console = out or console()
        self.figure = figure
        self.painter = Painter(self.console.color_system, self.console.no_color)
        self._active = False
        self._shown: tuple[object, ...] | None = None
        self._screen: list[str] = []
        self._width = 0

    def _write(self, text: str) -> None:
        self.console.file.write(text)
        self.console.file.flush()

    def start(self) -> None:
        self._write("\x1b[?1049h\x1b[?25l\x1b[2J")  # alternate screen, cursor hidden
        self._active = True
        self._shown = None
        self._screen = []

    def stop(self) -> None:
        if self._active:
            self._write("\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l")  # cursor shown, screen back
            self._active = False

    def phase_started(self, frame: Frame) -> None:
        pass  # the next show() draws the new phase

    def message(self, text: str) -> None:
        pass  # notices are drawn inside the view by show()

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None:
        if not self._active:
            return
        size = self.console.size
        cell = None if frame.breath_level is None else round(frame.breath_level * BAR_CELLS)
        visible_now = (frame.phase_index, frame.remaining, frame.time_left, cell, frame.paused)
        key = (*visible_now, notice, size)
        if key == self._shown and not force:
            return
        self._shown = key
        lines = screen_lines(
            frame,
            notice,
            size.width,
            size.height,
            timeline=self.timeline,
            advice=self.advice,
            painter=self.painter,
            figure=self.figure,
        )
        out = []
        if force or len(lines) != len(self._screen) or size.width != self._width:
            out.append("\x1b[0m\x1b[2J")
            self._screen = [""] * len(lines)
            self._width = size.width
        for row, line in enumerate(lines):
            if self._screen[row] != line:
                out.append(f"\x1b[{row + 1};1H{line}")
                self._screen[row] = line
        if out:
            self._write("".join(out))
