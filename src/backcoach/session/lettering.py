"""Block lettering for the session screen: words and numbers readable from the floor.

A small pixel font, five pixels tall and mostly three wide, drawn at any
whole-number scale: each pixel becomes `sx` columns by `sy` rows of █. A
terminal cell is about twice as tall as it is wide, so sx = 2·sy draws
square pixels; narrower scales (down to sx = sy) let long words fit.
Pure functions, cached: the same word at the same size is built once.
"""

from __future__ import annotations

from functools import lru_cache

HEIGHT = 5  # pixels

_GLYPHS = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    " ": (".", ".", ".", ".", "."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "-": ("...", "...", "###", "...", "..."),
    "'": ("#", "#", ".", ".", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
}
CHARACTERS = frozenset(_GLYPHS)


def pixel_width(text: str) -> int:
    """Width in pixels: the glyphs and one pixel between neighbours."""
    glyphs = [_GLYPHS[char] for char in text.upper()]
    return sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)


@lru_cache(maxsize=512)
def render(text: str, sx: int = 1, sy: int = 1) -> tuple[str, ...]:
    """`text` as 5·sy rows of █ and spaces, all the same width.

    Raises KeyError for a character the font lacks (see CHARACTERS).
    """
    glyphs = [_GLYPHS[char] for char in text.upper()]
    rows = []
    for row in range(HEIGHT):
        pixels = ".".join(glyph[row] for glyph in glyphs)
        line = pixels.replace("#", "█" * sx).replace(".", " " * sx)
        rows.extend([line] * sy)
    return tuple(rows)


def scales(height: int) -> list[tuple[int, int]]:
    """Every (sx, sy) whose lettering is at most `height` rows, largest first."""
    found: list[tuple[int, int]] = []
    for sy in range(height // HEIGHT, 0, -1):
        found.extend((sx, sy) for sx in range(2 * sy, sy - 1, -1))
    return found


def fit(text: str, width: int, height: int) -> tuple[str, ...] | None:
    """`text` at the largest scale that fits `width` × `height`, or None if none does."""
    found = fit_scaled(text, width, height)
    return found[1] if found else None


@lru_cache(maxsize=512)
def fit_scaled(
    text: str, width: int, height: int
) -> tuple[tuple[int, int], tuple[str, ...]] | None:
    """The scale (sx, sy) and rows of `text` at the largest scale that fits, or None.

    A phrase may break at one space onto two lines, when that allows a larger
    scale; lines are centred on each other. Words are never broken.
    """
    text = text.upper()
    splits: list[tuple[str, ...]] = [(text,)]
    words = text.split(" ")
    if len(words) > 1:
        # The break that makes the longer line shortest.
        best = min(
            range(1, len(words)),
            key=lambda i: max(pixel_width(" ".join(words[:i])), pixel_width(" ".join(words[i:]))),
        )
        splits.append((" ".join(words[:best]), " ".join(words[best:])))
    for sx, sy in scales(height):
        for lines in splits:
            tall = len(lines) * HEIGHT * sy + (len(lines) - 1) * sy
            widest = max(pixel_width(line) for line in lines) * sx
            if tall > height or widest > width:
                continue
            rows: list[str] = []
            for number, line in enumerate(lines):
                if number:
                    rows.extend([" " * widest] * sy)
                drawn = render(line, sx, sy)
                pad = widest - len(drawn[0])
                rows.extend(" " * (pad // 2) + row + " " * (pad - pad // 2) for row in drawn)
            return (sx, sy), tuple(rows)
    return None
