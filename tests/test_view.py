"""The session screen as a function of the frame and the window size, without a terminal."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest

from backcoach.catalogue.loader import load
from backcoach.console import PHASE_SHORT_WORD, PHASE_STYLE, PHASE_WORD
from backcoach.session import lettering
from backcoach.session.engine import Engine, Frame
from backcoach.session.layout import Painter, layout
from backcoach.session.planner import Timeline, plan, prescribe
from backcoach.session.runner import get_ready_timeline
from backcoach.session.view import LiveView, screen_lines

CATALOGUE = load()
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60)]
KINDS = [
    "setup",
    "move",
    "inhale",
    "exhale",
    "hold",
    "release",
    "rest",
    "ready",
    "paused",
    "stopped",
]
SGR = re.compile(r"\x1b\[[0-9;]*m")
# Longer than any line of any window tested: it has to wrap, and must never be cut.
LONG_NOTICE = (
    "Hip stretch stopped. If a stretch is painful, stop doing it until you consult a medical "
    "professional. It is on hold: backcoach resume hip-stretch brings it back when you are ready."
)
TIMELINE = plan(
    [prescribe(CATALOGUE.by_id(i)) for i in ("hip-stretch", "bottom-stretch")], CATALOGUE.timing
)


def frame_for(kind: str, timeline: Timeline = TIMELINE) -> tuple[Frame, str | None]:
    """A frame a little way into the first phase of `kind` (and the notice shown with it)."""
    if kind == "ready":
        return Engine.start(get_ready_timeline(10, timeline.phases[0]), 0.0).frame(2.5), None
    wanted = {"paused": "hold", "stopped": "hold"}.get(kind, kind)
    phase = next(p for p in timeline.phases if p.kind == wanted)
    frame = Engine.start(timeline, 0.0).frame(phase.start + 0.3)
    if kind in ("paused", "stopped"):
        frame = dataclasses.replace(frame, paused=True)
    return frame, LONG_NOTICE if kind == "stopped" else None


def render(kind: str, width: int, height: int, painter: Painter | None = None) -> list[str]:
    frame, notice = frame_for(kind)
    return screen_lines(
        frame,
        notice,
        width,
        height,
        timeline=TIMELINE,
        advice=CATALOGUE.advice,
        **({"painter": painter} if painter else {}),
    )


def plain(line: str) -> str:
    return SGR.sub("", line).replace("\u00a0", " ")


def text_of(lines: list[str]) -> str:
    return " ".join(" ".join(plain(line).strip("│╭╮╰╯─ ").split()) for line in lines)


def find_art(lines: list[str], art: tuple[str, ...]) -> int | None:
    """The first row of `lines` from which every row of `art` appears, one under another."""
    rows = [plain(line) for line in lines]
    for top in range(len(rows) - len(art) + 1):
        if all(piece.strip() in rows[top + i] for i, piece in enumerate(art) if piece.strip()):
            column = rows[top].find(art[0])
            if column >= 0 and all(rows[top + i].find(p) == column for i, p in enumerate(art)):
                return top
    return None


def digits_art(remaining: int, width: int, height: int) -> tuple[str, ...]:
    return lettering.render(str(remaining), *layout(width, height).digits)


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_phase_fits_and_says_what_to_do(kind: str, width: int, height: int) -> None:
    """Each phase at each size: lines fit, border intact, word, seconds and side shown."""
    lines = render(kind, width, height, Painter("truecolor"))
    frame, notice = frame_for(kind)
    shown = [plain(line) for line in lines]
    assert len(shown) == height
    assert all(len(line) == width for line in shown), [len(line) for line in shown]
    assert shown[0].startswith("╭─ backcoach ") and shown[0].endswith("╮")
    assert shown[-1] == "╰" + "─" * (width - 2) + "╯"
    assert all(line.startswith("│") and line.endswith("│") for line in shown[1:-1])
    words = text_of(lines)
    label = PHASE_WORD["paused" if kind == "stopped" else kind]
    assert label in words
    if frame.phase.side and kind != "stopped":
        assert f"{frame.phase.side.upper()} side" in words
    if notice is not None:
        # The advice in full, every word in order, never cut with an ellipsis.
        assert " ".join(notice.split()) in words
        assert "…" not in words
        assert "space" in shown[-2] and "quit" in shown[-2]
    else:
        assert find_art(lines, digits_art(frame.remaining, width, height)) is not None


@pytest.mark.parametrize(("width", "height"), [(60, 20), (80, 24), (120, 40), (200, 60)])
@pytest.mark.parametrize("kind", ["setup", "inhale", "exhale", "hold", "rest", "ready", "paused"])
def test_phase_word_in_big_lettering(kind: str, width: int, height: int) -> None:
    """In the full view the phase word is drawn in the lettering's own block letters."""
    box = layout(width, height).word
    assert box is not None
    lines = render(kind, width, height)
    candidates = [
        lettering.fit(word, box.width, box.height)
        for word in (PHASE_WORD[kind], PHASE_SHORT_WORD.get(kind, ""))
        if word
    ]
    found = [(find_art(lines, art), art) for art in candidates if art and find_art(lines, art)]
    assert found, "neither the word nor its short form is drawn in lettering"
    top, art = found[0]
    assert top is not None and box.top + 1 <= top <= top + len(art) <= box.top + 1 + box.height


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_blocks_keep_their_rows_through_a_stretch(width: int, height: int) -> None:
    """Across one stretch's phases the caption, countdown and bottom lines stay on their rows."""
    stretch = TIMELINE.prescriptions[1].stretch.id
    engine = Engine.start(TIMELINE, 0.0)
    places = set()
    kinds = set()
    for phase in TIMELINE.phases:
        if phase.stretch_id != stretch or phase.kind == "rest":
            continue
        frame = engine.frame(phase.start + 0.3)
        kinds.add(phase.kind)
        lines = screen_lines(frame, None, width, height, timeline=TIMELINE, advice=CATALOGUE.advice)
        shown = [plain(line) for line in lines]
        caption = next(i for i, line in enumerate(shown) if PHASE_WORD[phase.kind] in line)
        digits = find_art(lines, digits_art(frame.remaining, width, height))
        left = next(i for i, line in enumerate(shown) if re.search(r"\d+:\d\d left", line))
        assert digits is not None
        places.add((caption, digits, left))
    assert kinds >= {"setup", "inhale", "exhale", "hold", "release"}
    assert len(places) == 1, places


def test_digits_are_big_at_80_by_24() -> None:
    """At 80×24 the countdown digits are at least 5 rows tall with strokes 2 cells wide."""
    lines = render("inhale", 80, 24)
    art = digits_art(frame_for("inhale")[0].remaining, 80, 24)
    assert find_art(lines, art) is not None
    assert len(art) >= 5
    runs = [len(run) for row in art for run in re.findall("█+", row)]
    assert runs and min(runs) >= 2


@pytest.mark.parametrize("kind", ["setup", "inhale", "exhale", "hold", "ready", "paused"])
def test_lettering_fills_half_a_160_by_50_window(kind: str) -> None:
    """At 160×50 the phase word and the digits together take at least half the rows."""
    lines = [plain(line) for line in render(kind, 160, 50)]
    marks = ("▲", "▼", "■")  # the breath bar's rows are not lettering
    lettered = [line for line in lines if "█" in line and not any(m in line for m in marks)]
    assert len(lettered) >= 25


def test_the_view_can_use_the_whole_width() -> None:
    """In a 200-column window the border spans all 200 columns (no cap at 90)."""
    assert len(plain(render("inhale", 200, 60)[0])) == 200


def test_small_windows_switch_to_the_compact_view() -> None:
    """Below the full view's needs a compact view shows word, side and one big number."""
    assert layout(40, 12).mode == "compact"
    assert layout(60, 20).mode == "full"
    lines = render("hold", 40, 12)
    words = text_of(lines)
    assert "HOLD" in words and "LEFT side" in words
    assert find_art(lines, digits_art(frame_for("hold")[0].remaining, 40, 12)) is not None


@pytest.mark.parametrize(("width", "height"), [(10, 3), (20, 5), (30, 8), (39, 11), (41, 16)])
def test_any_window_size_draws_without_error(width: int, height: int) -> None:
    """Even a tiny window gets lines of its own width, the phase word first."""
    for kind in KINDS:
        lines = render(kind, width, height)
        assert len(lines) == height
        assert all(len(plain(line)) == width for line in lines)
        kind = "paused" if kind == "stopped" else kind
        words = text_of(lines)
        assert PHASE_WORD[kind] in words or PHASE_SHORT_WORD[kind] in words


def test_each_phase_kind_has_its_own_colour() -> None:
    """Every kind's style renders to different codes, in 256 colours and in true colour."""
    assert set(PHASE_STYLE) == set(PHASE_WORD)
    for system in ("256", "truecolor"):
        painter = Painter(system)
        codes = {kind: painter.codes(style)[0] for kind, style in PHASE_STYLE.items()}
        assert len(set(codes.values())) == len(codes), codes


@pytest.mark.parametrize("kind", ["setup", "move", "inhale", "exhale", "hold", "release", "rest"])
def test_digits_and_word_share_the_phase_colour(kind: str) -> None:
    """The countdown digits and the big word are drawn in the phase's own colour."""
    painter = Painter("truecolor")
    start = painter.codes(PHASE_STYLE[kind])[0]
    lines = render(kind, 80, 24, painter)
    art = digits_art(frame_for(kind)[0].remaining, 80, 24)
    top = find_art(lines, art)
    assert top is not None
    for row in range(top, top + len(art)):
        assert start + art[row - top] in lines[row]
    word_rows = [line for line in lines[2:8] if "█" in line]
    assert word_rows and all(start in line for line in word_rows)


def test_no_colour_keeps_bold_only() -> None:
    """With NO_COLOR the phase styles keep bold and lose every colour code."""
    painter = Painter("truecolor", no_color=True)
    for style in PHASE_STYLE.values():
        start, _ = painter.codes(style)
        assert start == "\x1b[1m"


def test_breath_bar_rises_and_falls() -> None:
    """Breathing in the bar fills behind ▲; breathing out it empties behind ▼; a hold is full."""
    phase = next(p for p in TIMELINE.phases if p.kind == "inhale")
    engine = Engine.start(TIMELINE, 0.0)

    def bar(at: float) -> str:
        lines = screen_lines(
            engine.frame(at), None, 80, 24, timeline=TIMELINE, advice=CATALOGUE.advice
        )
        marks = ("▲ █", "▲ ░", "▼ █", "▼ ░", "■ █")
        return next(plain(line) for line in lines if any(m in plain(line) for m in marks))

    early, late = bar(phase.start + 0.5), bar(phase.end - 0.5)
    assert "▲" in early and early.count("█") < late.count("█")
    out = next(p for p in TIMELINE.phases if p.kind == "exhale")
    assert "▼" in bar(out.start + 0.5)
    assert bar(out.start + 0.5).count("█") > bar(out.end - 0.5).count("█")
    hold = next(p for p in TIMELINE.phases if p.kind == "hold")
    assert "■" in bar(hold.start + 0.5) and "░" not in bar(hold.start + 0.5)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_pain_stop_advice_stands_clear_of_the_progress_bar(width: int, height: int) -> None:
    """After p the advice has its own rows: no row holds both advice and the progress bar."""
    lines = [plain(line) for line in render("stopped", width, height)]
    for line in lines:
        if "left" in line and "━" in line + "─":
            assert "professional" not in line and "stopped" not in line
    assert "space" in lines[-2] and "next stretch" in lines[-2]


def test_get_ready_names_the_first_stretch() -> None:
    """The get-ready countdown is big and names the first stretch."""
    lines = render("ready", 80, 24)
    assert "GET READY · First: Hip stretch" in text_of(lines)
    assert find_art(lines, digits_art(8, 80, 24)) is not None


class FakeFigure:
    """A figure provider that remembers the box it was given."""

    def __init__(self, too_wide: bool = False) -> None:
        self.calls: list[tuple[int, int]] = []
        self.too_wide = too_wide

    def __call__(self, frame: Frame, width: int, height: int) -> list[str]:
        self.calls.append((width, height))
        line = "\x1b[33mFIG\x1b[0m" + "#" * (width + 5 if self.too_wide else width - 3)
        return [line] * height


def render_with(figure: FakeFigure, width: int, height: int) -> list[str]:
    frame, _ = frame_for("inhale")
    return screen_lines(
        frame, None, width, height, timeline=TIMELINE, advice=CATALOGUE.advice, figure=figure
    )


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 40), (200, 60)])
def test_figure_stands_beside_the_cue_and_countdown(width: int, height: int) -> None:
    """From 64 columns the figure's box takes the right of the cue's and the countdown's
    rows; at 80×24 that is 8 rows."""
    figure = FakeFigure()
    lines = render_with(figure, width, height)
    place = layout(width, height, True)
    assert place.figure is not None and place.count is not None and place.text is not None
    assert figure.calls == [(place.figure.width, place.figure.height)]
    assert place.figure.top == place.text.top
    assert place.figure.top + place.figure.height == place.count.top + place.count.height
    assert place.figure.left >= place.count.width and place.text.width == place.count.width
    assert place.figure.height >= 8
    rows = [i for i, line in enumerate(lines) if "FIG" in line]
    assert rows == list(range(place.figure.top + 1, place.figure.top + 1 + place.figure.height))
    art = digits_art(frame_for("inhale")[0].remaining, width, height)
    top = find_art(lines, art)
    assert top is not None and top in rows
    assert all(len(plain(line)) == width for line in lines)
    assert all(plain(lines[r]).index("FIG") > plain(lines[r]).rfind("█") for r in rows)


def test_figure_stands_above_the_countdown_in_a_narrow_window() -> None:
    """At 60×30 the figure gets its own rows above the countdown; at 60×20 no room, no figure."""
    figure = FakeFigure()
    lines = render_with(figure, 60, 30)
    place = layout(60, 30, True)
    assert place.figure is not None and place.count is not None
    assert place.figure.top + place.figure.height < place.count.top
    rows = [i for i, line in enumerate(lines) if "FIG" in line]
    assert len(rows) == place.figure.height
    assert all(len(plain(line)) == 60 for line in lines)
    assert layout(60, 20, True).figure is None


def test_too_wide_figure_lines_are_cut_to_the_box() -> None:
    """A figure line wider than its box is cut, never pushing the border out."""
    lines = render_with(FakeFigure(too_wide=True), 120, 40)
    assert all(len(plain(line)) == 120 for line in lines)
    assert all(plain(line).endswith("│") for line in lines[1:-1])


def test_without_a_figure_nothing_is_reserved() -> None:
    """With no figure the layout is the same as one that never had a slot."""
    assert layout(120, 40).figure is None and layout(80, 30).figure is None
    assert layout(120, 40) != layout(120, 40, True)


def test_live_view_draws_what_screen_lines_says_and_switches_on_resize() -> None:
    """Replayed through a terminal emulator, LiveView shows screen_lines, also after a resize."""
    import pyte
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24)
    view = LiveView(CATALOGUE.advice, TIMELINE, console)
    engine = Engine.start(TIMELINE, 0.0)
    screen = pyte.Screen(80, 24)
    stream = pyte.Stream(screen)
    view.start()
    for moment in (0.0, 1.0, 2.0, 12.5, 13.7):
        view.show(engine.frame(moment), None)
    stream.feed(out.getvalue())
    expected = screen_lines(
        engine.frame(13.7), None, 80, 24, timeline=TIMELINE, advice=CATALOGUE.advice
    )
    assert screen.display == [SGR.sub("", line) for line in expected]
    console.size = (40, 12)
    screen.resize(12, 40)
    before = len(out.getvalue())
    view.show(engine.frame(13.7), None, force=True)
    stream.feed(out.getvalue()[before:])
    expected = screen_lines(
        engine.frame(13.7), None, 40, 12, timeline=TIMELINE, advice=CATALOGUE.advice
    )
    assert screen.display == [SGR.sub("", line) for line in expected]
    view.stop()


def test_lettering_has_every_letter_digit_and_phase_word() -> None:
    """The font draws A–Z, 0–9 and space, five rows a scale unit, and every phase word."""
    import string

    assert set(string.ascii_uppercase + string.digits + " ") <= lettering.CHARACTERS
    for word in [*PHASE_WORD.values(), *PHASE_SHORT_WORD.values()]:
        rows = lettering.render(word, 2, 3)
        assert len(rows) == 15 and len({len(row) for row in rows}) == 1
        assert len(rows[0]) == 2 * lettering.pixel_width(word)


@pytest.mark.parametrize(("width", "height"), [(20, 5), (40, 10), (76, 5), (156, 15), (196, 20)])
def test_lettering_fit_stays_inside_its_box(width: int, height: int) -> None:
    """`fit` returns lettering no wider or taller than asked, or None when nothing fits."""
    for word in PHASE_WORD.values():
        rows = lettering.fit(word, width, height)
        if rows is not None:
            assert len(rows) <= height and all(len(row) <= width for row in rows)
    assert lettering.fit("GET INTO POSITION", 20, 5) is None
