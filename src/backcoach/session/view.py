"""The live session screen: what to do now, readable from a mat 1.5 m away.

`screen_lines` is a pure function of the engine's frame and the window size:
it returns the whole screen as lines of exactly the window's width. LiveView
only compares those lines with what the terminal already shows and writes
the ones that changed, so a tick of the countdown costs a few short writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from backcoach.console import PHASE_SHORT_WORD, PHASE_STYLE, PHASE_WORD, console

from . import lettering
from .blocks import (
    BAR_CELLS,
    NBSP,
    breath_bar,
    caption,
    countdown,
    figure_lines,
    header,
    keys,
    kind_of,
    label_of,
    next_line,
    notice_tokens,
    progress,
    side_of,
    word_art,
)
from .layout import Box, Layout, Painter, Token, clip, fit_lines, layout, visible, wrap

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.catalogue.models import Advice

    from .engine import Frame
    from .planner import Phase, Timeline

Figure = Callable[["Frame", int, int], "list[str] | None"]

BORDER_STYLE = "dim"
PLAIN = Painter()


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
    if place.mode == "tiny":
        return _tiny(frame, width, height)
    screen = _Screen(place, painter, timeline)
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
        if place.width < len(f"╭─{title}╮"):
            title = ""  # too narrow for the name: the border alone
        top = paint(f"╭─{title}{'─' * (place.width - 3 - len(title))}╮", BORDER_STYLE)
        bottom = paint(f"╰{'─' * (place.width - 2)}╯", BORDER_STYLE)
        side = paint("│", BORDER_STYLE)
        return [top, *(f"{side} {row} {side}" for row in self.rows), bottom]


def _paragraphs(screen: _Screen, box: Box, paragraphs: list[tuple[Token, ...]]) -> None:
    """Paragraphs into a box: each that fits whole, the first one cut at a space if it must be."""
    for offset, line in enumerate(_fitted(box, paragraphs)):
        screen.put(box.top + offset, line)


def _paragraph_lines(paint: Painter, box: Box, paragraphs: list[tuple[Token, ...]]) -> list[str]:
    """The same paragraphs as lines of exactly the box's width, centred in it."""
    return [paint.line(line, box.width, True) for line in _fitted(box, paragraphs)]


def _fitted(box: Box, paragraphs: list[tuple[Token, ...]]) -> list[list[Token]]:
    out: list[list[Token]] = []
    for number, tokens in enumerate(paragraphs):
        room = box.height - len(out)
        lines = wrap(tokens, box.width)
        if len(lines) > room:
            if number:
                break
            lines = fit_lines(tokens, box.width, room)
        out.extend(list(line) for line in lines)
    return out


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
    screen.put(place.header, header(frame, timeline, inner), center=False)
    screen.place(place.word, screen.block(place.word, word_art(kind, place.word), style))
    if stopped:
        assert notice is not None
        # The advice takes every row from the caption to the caution, in full.
        top = place.text.top
        box = Box(top, 0, min(inner, 72), place.caution.top + place.caution.height - top)
        tokens = (*label_of(kind), (" · stretch stopped", "bold"), ("\n", ""))
        lines = fit_lines((*tokens, *notice_tokens(notice)), box.width, box.height)
        start = top + max(0, (box.height - len(lines)) // 2)
        indent = ("", "") if box.width >= inner else (" " * ((inner - box.width) // 2), "")
        for offset, line in enumerate(lines):
            screen.put(start + offset, [indent, *line], center=False)
    else:
        count = place.count
        digits = screen.block(count, countdown(frame.remaining, count, place.digits), style)
        cue = caption(frame, kind, timeline)
        if place.figure is not None and place.figure.left > 0:
            # Beside: the cue and the countdown on the left, the figure on the right.
            box = place.figure
            drawn = figure_lines(figure(frame, box.width, box.height) if figure else None, box)
            left = Box(box.top, 0, count.width, box.height)
            column = [" " * count.width] * box.height
            text_lines = _paragraph_lines(screen.paint, place.text, cue)
            column[: len(text_lines)] = text_lines
            column[count.top - box.top : count.top - box.top + count.height] = digits
            screen.beside(left, column, box, drawn)
        else:
            _paragraphs(screen, place.text, cue)
            if place.figure is not None and figure is not None:
                box = place.figure
                screen.place(box, figure_lines(figure(frame, box.width, box.height), box))
            screen.place(count, digits)
        bar = breath_bar(frame, kind, inner)
        if bar:
            screen.put(place.bar, bar)
        if notice:
            screen.text(place.caution, notice_tokens(notice), center=False)
        else:
            cautions = frame.prescription.stretch.cautions if frame.prescription else ()
            caution = (cautions or (advice.never_push,))[0]
            screen.text(place.caution, (("! ", "bold red"), (visible(caution), "")), center=False)
    screen.put(place.next, next_line(frame, timeline, inner), center=False)
    screen.put(place.progress, progress(frame, inner), center=False)
    screen.put(place.keys, keys(frame, stopped, inner), center=False)


def _compact(screen: _Screen, frame: Frame, notice: str | None, kind: str, stopped: bool) -> None:
    """A small window: the phase and side in words, one big number, the time left, the keys."""
    place = screen.layout
    assert place.text is not None and place.count is not None
    inner, rows = place.inner, place.height - 2
    if stopped:
        assert notice is not None
        screen.put(0, label_of(kind), center=False)
        screen.text(Box(1, 0, inner, rows - 2), notice_tokens(notice), center=False)
        screen.put(rows - 1, keys(frame, True, inner), center=False)
        return
    style = PHASE_STYLE[kind]
    tokens = list(caption(frame, kind, screen.timeline)[0])
    side = side_of(frame)
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
        number = countdown(frame.remaining, count, place.digits)
        screen.place(count, screen.block(count, number, style))
    else:
        screen.put(count.top, [(f"{frame.remaining} s", style)])
    bar = breath_bar(frame, kind, inner)
    if place.bar is not None and bar:
        screen.put(place.bar, bar)
    screen.put(place.progress, progress(frame, inner), center=False)
    if place.keys is not None:
        screen.put(place.keys, keys(frame, False, inner), center=False)


def _tiny(frame: Frame, width: int, height: int) -> list[str]:
    """A window too small for a border: the phase, the seconds and the side, plain."""
    kind = kind_of(frame)
    word = PHASE_WORD[kind]
    if len(word) > width:
        word = PHASE_SHORT_WORD.get(kind, word)
    words = [word, f"{frame.remaining} s", side_of(frame) or ""]
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
        # A moving figure asks the engine for its own wake-ups (see figure.FigureProvider).
        self.motion_steps: Callable[[int, Phase], int] | None = getattr(figure, "steps", None)
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
        step = getattr(self.figure, "step", None)
        key = (*visible_now, notice, size, step(frame) if step is not None else None)
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
