"""Where each block of the session screen goes, for one window size, and text that fits.

The layout depends on the window size only, never on what a phase shows, so
every block keeps its rows through a whole stretch: a short word is centred
inside the block a long one would fill. Below what the full view needs the
screen switches to a compact view rather than clipping the full one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.style import Style

from . import lettering

FULL_MIN = (36, 17)  # inside columns and rows the full view needs
FIGURE_BESIDE = 60  # inside columns from which a figure stands beside the cue and countdown
FIGURE_ROWS = 8  # a figure above the countdown gets this many rows
WIDEST_NUMBER = "88"  # the countdown's digit size is chosen for two digits


@dataclass(frozen=True)
class Box:
    top: int  # rows and columns inside the border, from 0
    left: int
    width: int
    height: int


@dataclass(frozen=True)
class Layout:
    mode: Literal["full", "compact", "tiny"]
    width: int  # the window
    height: int
    inner: int = 0  # columns for content inside the border
    header: int = 0
    word: Box | None = None
    text: Box | None = None
    count: Box | None = None
    digits: tuple[int, int] = (2, 1)  # (sx, sy) of the countdown
    bar: int | None = None
    caution: Box | None = None
    next: int | None = None
    progress: int = 0
    keys: int | None = None
    figure: Box | None = None


def _digit_scale(units: int, width: int) -> tuple[int, int] | None:
    """The largest digit scale up to `units`·5 rows whose two digits fit `width`."""
    for sx, sy in lettering.scales(units * lettering.HEIGHT):
        if lettering.pixel_width(WIDEST_NUMBER) * sx <= width:
            return sx, sy
    return None


@lru_cache(maxsize=32)
def layout(width: int, height: int, figure: bool = False) -> Layout:
    """The blocks' places in a `width` × `height` window (with room for a figure or not)."""
    inner, rows = width - 4, height - 2
    if inner < 8 or rows < 4:
        return Layout("tiny", width, height, inner=width)
    if inner < FULL_MIN[0] or rows < FULL_MIN[1]:
        return _compact(width, height)
    # Rows beyond the minimum go first to breathing space and text, then to lettering.
    fixed = {"pad_header": 0, "text": 1, "pad_word": 0, "pad_count": 0, "pad_bar": 0, "caution": 1}
    # Text gets two rows at most: from the floor the lettering is what is read.
    steps = ["pad_header", "text", "caution", "pad_count", "pad_word", "pad_bar"]
    lettering_min = 2 * lettering.HEIGHT
    base = 5  # header, bar, next, progress, keys
    beside = figure and inner >= FIGURE_BESIDE
    above = 0
    if figure and not beside and rows - base - 2 - FIGURE_ROWS - 1 >= lettering_min:
        above = FIGURE_ROWS + 1  # a figure comes before breathing space
    for step in steps:
        if rows - base - above - sum(fixed.values()) - 1 >= lettering_min:
            fixed[step] += 1
    free = rows - base - above - sum(fixed.values())
    units = free // lettering.HEIGHT
    digit_width = inner // 2 - 1 if beside else inner
    scale = _digit_scale((units + 1) // 2, digit_width) or (1, 1)
    count_rows = scale[1] * lettering.HEIGHT
    word_rows = (units - scale[1]) * lettering.HEIGHT
    spare = free - count_rows - word_rows
    row = 1  # after the header
    row += fixed["pad_header"] + spare // 3
    word = Box(row, 0, inner, word_rows)
    row += word_rows + fixed["pad_word"]
    text = Box(row, 0, inner, fixed["text"])
    row += fixed["text"] + fixed["pad_count"] + spare // 3
    figure_box = None
    if above:
        figure_box = Box(row, 0, inner, FIGURE_ROWS)
        row += above
    if beside:
        # The figure takes the right of the cue's and the countdown's rows: 8 rows at 80×24.
        text = Box(text.top, 0, digit_width, text.height)
        count = Box(row, 0, digit_width, count_rows)
        figure_box = Box(
            text.top, digit_width + 2, inner - digit_width - 2, row + count_rows - text.top
        )
    else:
        count = Box(row, 0, inner, count_rows)
    row += count_rows
    bar = row
    row += 1 + fixed["pad_bar"] + spare - 2 * (spare // 3)
    caution = Box(row, 0, inner, fixed["caution"])
    row += fixed["caution"]
    return Layout(
        "full",
        width,
        height,
        inner=inner,
        header=0,
        word=word,
        text=text,
        count=count,
        digits=scale,
        bar=bar,
        caution=caution,
        next=row,
        progress=row + 1,
        keys=row + 2,
        figure=figure_box,
    )


def _compact(width: int, height: int) -> Layout:
    """One or two lines of words, one big number, the time left and (room allowing) the keys."""
    inner, rows = width - 4, height - 2
    top = 2 if rows >= 9 else 1
    left = rows - top - 1  # after the time-left line
    extras = left - lettering.HEIGHT >= 2  # a breath bar and the keys fit too
    room = left - 2 if extras else left
    scale = _digit_scale(room // lettering.HEIGHT, inner) if room >= lettering.HEIGHT else None
    count_rows = scale[1] * lettering.HEIGHT if scale else 1
    used = top + count_rows + 1 + (2 if extras and scale else 0)
    gap = max(0, rows - used) // 2  # spare rows above and below the number
    count = Box(top + gap, 0, inner, count_rows)
    row = top + gap + count_rows
    bar = None
    if extras and scale:
        bar, row = row, row + 1
    progress = row
    keys = row + 1 if row + 1 < rows else None
    return Layout(
        "compact",
        width,
        height,
        inner=inner,
        text=Box(0, 0, inner, top),
        count=count,
        digits=scale or (1, 1),
        bar=bar,
        progress=progress,
        keys=keys,
    )


# -- text that fits ------------------------------------------------------------

Token = tuple[str, str]  # (text, style); a text of "\n" starts a new line


@lru_cache(maxsize=1024)
def wrap(tokens: tuple[Token, ...], width: int) -> tuple[tuple[Token, ...], ...]:
    """Styled text broken into lines of at most `width` cells, only at spaces."""
    lines: list[list[Token]] = [[]]
    used = 0
    for text, style in tokens:
        if text == "\n":
            lines.append([])
            used = 0
            continue
        for word in text.split(" "):
            if not word:
                continue
            size = cell_len(word)
            if lines[-1] and used + 1 + size > width:
                lines.append([])
                used = 0
            if lines[-1]:
                lines[-1].append((" ", ""))
                used += 1
            if size > width:  # one word wider than the window: nothing else to do
                word = clip(word, width - used)
                size = cell_len(word)
            lines[-1].append((word, style))
            used += size
    return tuple(_merge(line) for line in lines)


def _merge(line: list[Token]) -> tuple[Token, ...]:
    """Neighbouring words of one style as one token, so they are styled once."""
    merged: list[Token] = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        elif len(merged) >= 2 and merged[-1] == (" ", "") and merged[-2][1] == style:
            merged.pop()
            merged[-1] = (merged[-1][0] + " " + text, style)
        else:
            merged.append((text, style))
    return tuple(merged)


def fit_lines(tokens: tuple[Token, ...], width: int, rows: int) -> tuple[tuple[Token, ...], ...]:
    """`wrap`, and if that is more than `rows` lines, the last shown ends in '…' at a space."""
    lines = wrap(tokens, width)
    if len(lines) <= rows:
        return lines
    kept = list(lines[: rows - 1]) if rows > 1 else []
    last = list(lines[rows - 1]) if rows else []
    while last and sum(cell_len(text) for text, _ in last) + 2 > width:
        last.pop()
        while last and last[-1][0] == " ":
            last.pop()
    if rows:
        kept.append((*last, (" …" if last else "…", "dim")))
    return tuple(kept)


def clip(text: str, width: int) -> str:
    """`text` if it fits, else cut at the last space that leaves room for '…'."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")].rstrip(" ·")
    while cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut + "…"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def visible(text: str) -> str:
    """Control characters from a file shown as ^X, never sent to the terminal."""
    return _CONTROL.sub(lambda m: "^" + chr((ord(m.group()) + 64) % 128), text)


# -- styles as escape codes ------------------------------------------------------

_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


class Painter:
    """Styled text as SGR codes for one colour system; with NO_COLOR only bold and dim stay."""

    def __init__(self, color_system: str | None = None, no_color: bool = False) -> None:
        self.system = _SYSTEMS.get(color_system or "")
        self.no_color = no_color
        self._codes: dict[str, tuple[str, str]] = {}

    def codes(self, style: str) -> tuple[str, str]:
        found = self._codes.get(style)
        if found is None:
            parsed = Style.parse(style)
            if self.no_color:
                parsed = parsed.without_color
            marked = parsed.render("\0", color_system=self.system) if self.system else "\0"
            start, _, end = marked.partition("\0")
            found = self._codes[style] = (start, end)
        return found

    def __call__(self, text: str, style: str) -> str:
        if not style or not text or self.system is None:
            return text
        start, end = self.codes(style)
        return f"{start}{text}{end}"

    def line(self, tokens: tuple[Token, ...] | list[Token], width: int, center: bool) -> str:
        """Tokens on one line of exactly `width` cells, centred or from the left."""
        used = sum(cell_len(text) for text, _ in tokens)
        pad = max(0, width - used)
        left = pad // 2 if center else 0
        body = "".join(self(text, style) for text, style in tokens)
        return " " * left + body + " " * (pad - left)
