"""Everything backcoach shows through rich: tables, one stretch, messages.

The only module that imports rich at its top. Text that comes from a file a
person wrote is always wrapped in rich's Text, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.color import ColorSystem
from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from . import describe
from .console import BREATH_STYLE, console

if TYPE_CHECKING:
    from .catalogue.models import Advice, Catalogue, Stretch
    from .session.engine import Frame
    from .session.planner import Prescription, Timeline

BREATH_LABEL = {"in": "BREATHE IN", "out": "BREATHE OUT"}


def stretch_table(
    catalogue: Catalogue,
    on_hold: dict[str, Any] | None = None,
    prescriptions: list[Prescription] | None = None,
    rest_seconds: float | None = None,
) -> None:
    """`backcoach list`: every stretch (or a routine's), its dose and time, and the total."""
    on_hold = on_hold or {}
    from .session.planner import prescribe, stretch_seconds, total_seconds

    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Stretch / id", no_wrap=True)
    table.add_column("Dose", no_wrap=True)
    table.add_column("Equipment")
    table.add_column("Min", justify="right")
    rows = prescriptions or [prescribe(s) for s in catalogue.stretches]
    times = [stretch_seconds(prescription, catalogue.timing) for prescription in rows]
    for prescription, seconds in zip(rows, times, strict=True):
        stretch = prescription.stretch
        name = Text(stretch.name, style="bold")
        if stretch.id in on_hold:
            name.append(" on hold", style="bold yellow")
        name.append("\n")
        name.append(stretch.id, style="dim")
        if prescriptions is None:
            dose = Text(describe.dose_text(stretch.dose).replace(" · ", "\n"))
        else:
            dose = Text(describe.prescription_text(prescription).replace(" · ", "\n"))
            if prescription.prescribed:
                dose.append(" prescribed", style="bold cyan")
        table.add_row(
            str(stretch.number),
            name,
            dose,
            Text(", ".join(stretch.equipment) or "—"),
            str(max(1, round(seconds / 60))),  # whole minutes, as the header says
            end_section=True,
        )
    out = console()
    out.print(table)
    out.print()
    if prescriptions is None:
        standard = total_seconds(times, catalogue.timing)
        gentle = total_seconds(
            [
                stretch_seconds(prescribe(s, "gentle"), catalogue.timing)
                for s in catalogue.stretches
            ],
            catalogue.timing,
        )
        out.print(
            Text(
                f"Full routine: {len(rows)} stretches, about "
                f"{describe.minutes(standard)} "
                f"({describe.minutes(gentle)} with --gentle), rests included."
            )
        )
    else:
        total = total_seconds(times, catalogue.timing, rest_seconds)
        out.print(
            Text(
                f"This routine: {len(rows)} stretches, about "
                f"{describe.minutes(total)}, rests included."
            )
        )
    if on_hold:
        out.print(
            Text(
                f"On hold: {', '.join(on_hold)}. `backcoach resume ID` brings one back.",
                style="yellow",
            )
        )


def stretch_page(
    stretch: Stretch,
    catalogue: Catalogue,
    hold_note: str | None = None,
    prescription: Prescription | None = None,
    figure: bool = True,
) -> None:
    """`backcoach show`: one stretch as a person reads it before doing it."""
    from rich.padding import Padding
    from rich.panel import Panel

    out = console()
    title = Text(f"{stretch.number}. {stretch.name}", style="bold")
    body: list[RenderableType] = [Text(stretch.summary), Text()]
    if hold_note:
        body += [Text(hold_note, style="bold yellow"), Text()]
    equipment = ", ".join(stretch.equipment) or "nothing but the floor"
    body.append(_labelled("You need", equipment))
    body.append(_labelled("Dose", describe.dose_text(stretch.dose)))
    if prescription is not None:
        line = _labelled("In this routine", describe.prescription_text(prescription))
        if prescription.prescribed:
            line.append("  prescribed (outside the source's range)", style="bold cyan")
        body.append(line)
    if prescription is not None:
        from .session.planner import stretch_seconds

        seconds = stretch_seconds(prescription, catalogue.timing)
    else:
        seconds = describe.estimated_seconds(stretch, catalogue.timing)
    minutes = describe.minutes(seconds)
    body.append(_labelled("Time", f"about {minutes}"))
    if figure and stretch.figure is not None and _can_draw(out):
        body += [Text(), _figures(stretch, out.width - 6)]
    body += [
        Text(),
        Text("Starting position", style="bold"),
        Padding(Text(stretch.position), (0, 0, 0, 2)),
    ]
    body += [Text(), Text("Steps", style="bold")]
    steps = Table.grid(padding=(0, 1))
    steps.add_column(justify="right", style="dim")
    steps.add_column(no_wrap=True)
    steps.add_column()
    for index, step in enumerate(stretch.steps, start=1):
        label = Text()
        if step.breath:
            label.append(BREATH_LABEL[step.breath], style=BREATH_STYLE[step.breath])
        elif step.kind == "hold" and stretch.dose.hold_seconds:
            label.append(f"HOLD {describe.span(stretch.dose.hold_seconds, ' s')}", style="bold")
        steps.add_row(f"{index}.", label, Text(step.text))
    body.append(Padding(steps, (0, 0, 0, 1)))
    out.print(Panel(Group(*body), title=title, title_align="left", padding=(1, 2)))
    cautions = [*list(stretch.cautions), catalogue.advice.never_push, catalogue.advice.if_it_hurts]
    warning = Table.grid(padding=(0, 1))
    warning.add_column(style="bold red")
    warning.add_column()
    for caution in cautions:
        warning.add_row("!", Text(caution))
    out.print(
        Panel(
            warning,
            title=Text("Caution", style="bold red"),
            title_align="left",
            border_style="red",
            padding=(0, 2),
        )
    )
    for note in stretch.notes:
        out.print(Text(f"Note: {note}", style="dim"))


def _can_draw(out: Console) -> bool:
    import os

    from .session.figure import can_draw

    return can_draw(out.encoding, os.environ.get("TERM"))


def _figures(stretch: Stretch, width: int) -> RenderableType:
    """The starting position and the step that moves furthest from it, side by side."""
    from .session import figure as drawing

    shown = stretch.figure
    assert shown is not None
    end, step = drawing.end_pose(shown)
    poses = [shown.start] if end is None else [shown.start, end]
    columns = max(16, min(38, (width - 4) // len(poses)))
    box = drawing.bounds(drawing.figure_poses(shown))
    grid = Table.grid(padding=(0, 4))
    cells = []
    for pose in poses:
        rows = drawing.draw(pose, columns, 8, box, shown.working, props=shown.props)
        text = Text()
        for index, runs in enumerate(rows):
            if index:
                text.append("\n")
            for chars, role in runs:
                text.append(chars, style=drawing.RICH_STYLES.get(role, ""))
        cells.append(text)
        grid.add_column(no_wrap=True)
    grid.add_row(*cells)
    labels = [Text("Start", style="dim")]
    if end is not None:
        labels.append(Text(f"End of step {step}", style="dim"))
    grid.add_row(*labels)
    parts: list[RenderableType] = [grid]
    if stretch.dose.sides != "once" and shown.working:
        parts.append(Text("Right side shown; the left side is its mirror image.", style="dim"))
    if shown.note:
        parts.append(Text(f"Figure: {shown.note}", style="dim"))
    return Group(*parts)


def _labelled(label: str, value: str) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value)
    return text


# -- the live session view ---------------------------------------------------

BIG_DIGITS = {
    "0": (" ██ ", "█  █", "█  █", "█  █", " ██ "),
    "1": ("  █ ", " ██ ", "  █ ", "  █ ", " ███"),
    "2": (" ██ ", "█  █", "  █ ", " █  ", "████"),
    "3": ("███ ", "   █", " ██ ", "   █", "███ "),
    "4": ("█  █", "█  █", "████", "   █", "   █"),
    "5": ("████", "█   ", "███ ", "   █", "███ "),
    "6": (" ██ ", "█   ", "███ ", "█  █", " ██ "),
    "7": ("████", "   █", "  █ ", " █  ", " █  "),
    "8": (" ██ ", "█  █", " ██ ", "█  █", " ██ "),
    "9": (" ██ ", "█  █", " ███", "   █", " ██ "),
}
KIND_LABELS = {
    "setup": ("GET INTO POSITION", "bold blue"),
    "move": ("MOVE", "bold yellow"),
    "inhale": ("BREATHE IN", BREATH_STYLE["in"]),
    "exhale": ("BREATHE OUT", BREATH_STYLE["out"]),
    "hold": ("HOLD", "bold green"),
    "release": ("RELEASE", "bold blue"),
    "rest": ("REST", "bold green"),
}
_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}
KEY_HELP = "space pause · n next stretch · b restart · p this hurts · q quit"
BAR_CELLS = 10  # steps of the breath bar: 2-3 redraws a second on a 4-5 s breath
BAR_WIDTH = 3  # characters per step


def big_number(value: int, scale: int = 1) -> Text:
    """A number five rows tall (ten, doubled, in a large window), readable from the floor."""
    digits = str(value)
    rows = ["  ".join(BIG_DIGITS[d][row] for d in digits) for row in range(5)]
    if scale > 1:
        rows = ["".join(char * scale for char in row) for row in rows for _ in range(scale)]
    return Text("\n".join(rows), style="bold")


LARGE_WINDOW = (110, 36)
MIN_FIGURE_ROWS = 5  # columns and rows from which the countdown is drawn twice as big


class LiveView:
    """The full-screen session view.

    The screen is a stack of blocks (header, cue, countdown, breath bar, ...).
    Each block is rendered by rich only when its content changes, and only the
    screen lines that differ from what is already shown are written: a tick
    of the countdown costs a few short writes, not a whole new screen.
    """

    breath_steps = BAR_CELLS
    MAX_WIDTH = 90

    def __init__(
        self,
        advice: Advice,
        timeline: Timeline,
        out: Console | None = None,
        figure: Any = None,
    ) -> None:
        self.advice = advice
        self.timeline = timeline
        self.console = out or console()
        self.figure = figure  # session.figure.FigureProvider, or None for no figure
        self.motion_steps = None if figure is None else figure.steps
        self._active = False
        self._shown: tuple[object, ...] | None = None
        self._screen: dict[int, str] = {}
        self._geometry: tuple[int, int, int, int] | None = None
        self._blocks: dict[tuple[object, ...], list[str]] = {}

    # -- the terminal ------------------------------------------------------

    def _write(self, text: str) -> None:
        self.console.file.write(text)
        self.console.file.flush()

    def start(self) -> None:
        self._write("\x1b[?1049h\x1b[?25l\x1b[2J")  # alternate screen, cursor hidden
        self._active = True
        self._shown = None
        self._screen = {}

    def stop(self) -> None:
        if self._active:
            self._write("\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l")  # cursor shown, screen back
            self._active = False

    def phase_started(self, frame: Frame) -> None:
        pass  # the next show() draws the new phase

    def message(self, text: str) -> None:
        pass  # notices are drawn inside the view by show()

    # -- drawing -----------------------------------------------------------

    def show(self, frame: Frame, notice: str | None, force: bool = False) -> None:
        if not self._active:
            return
        cell = None if frame.breath_level is None else round(frame.breath_level * BAR_CELLS)
        size = self.console.size
        visible = (
            frame.phase_index,
            frame.remaining,
            frame.time_left,
            cell,
            frame.paused,
            notice,
            size,
            None if self.figure is None else self.figure.step(frame),
        )
        if visible == self._shown and not force:
            return
        self._shown = visible
        width = min(size.width, self.MAX_WIDTH)
        body = self._body(frame, notice, width - 4)
        lines = self._frame_lines(body, width)
        top = max(0, (size.height - len(lines)) // 2)
        left = max(0, (size.width - width) // 2)
        geometry = (size.width, size.height, top, len(lines))
        out = []
        if force or geometry != self._geometry:
            out.append("\x1b[0m\x1b[2J")
            self._screen = {}
            self._geometry = geometry
        for row, line in enumerate(lines):
            if self._screen.get(row) != line:
                out.append(f"\x1b[{top + row + 1};{left + 1}H{line}")
                self._screen[row] = line
        if out:
            self._write("".join(out))

    def _frame_lines(self, body: list[str], width: int) -> list[str]:
        """The body inside a dim rounded border titled 'backcoach'."""
        styled = _COLOR_SYSTEMS.get(self.console.color_system or "") is not None
        dim, reset = ("\x1b[2m", "\x1b[0m") if styled else ("", "")
        title = " backcoach "
        top = f"{dim}╭─{title}{'─' * (width - 3 - len(title))}╮{reset}"
        bottom = f"{dim}╰{'─' * (width - 2)}╯{reset}"
        side = f"{dim}│{reset}"
        return [top, *(f"{side} {line} {side}" for line in body), bottom]

    def _block(self, key: tuple[object, ...], width: int, build: Any) -> list[str]:
        """A block's lines, rendered by rich once for each content it shows."""
        cached = self._blocks.get((width, *key))
        if cached is None:
            if len(self._blocks) > 200:
                self._blocks.clear()
            options = self.console.options.update_width(width)
            rendered = self.console.render_lines(build(), options, pad=True)
            cached = [self._ansi(row) for row in rendered]
            self._blocks[(width, *key)] = cached
        return cached

    def _ansi(self, segments: list[Segment]) -> str:
        """Segments as one string with SGR codes, honouring NO_COLOR."""
        system = _COLOR_SYSTEMS.get(self.console.color_system or "")
        parts = []
        for segment in segments:
            if segment.control:
                continue
            style = segment.style
            if style is None or system is None:
                parts.append(segment.text)
                continue
            if self.console.no_color:
                style = style.without_color
            parts.append(style.render(segment.text, color_system=system))
        return "".join(parts)

    def _body(self, frame: Frame, notice: str | None, width: int) -> list[str]:
        from rich.align import Align

        phase = frame.phase
        lines: list[str] = []

        def add(key: tuple[object, ...], build: Any) -> None:
            lines.extend(self._block(key, width, build))

        def blank() -> None:
            lines.append(" " * width)

        # Keys name the content a block shows, so a cached block is never stale.
        add(("header", phase, frame.prescription is None), lambda: self._header(frame))
        blank()
        label, style = KIND_LABELS[phase.kind]
        if frame.prescription is None:
            add(("overview",), lambda: overview(self.timeline))
            blank()
            label = f"GET READY · starting in {frame.remaining} s"
        add(("label", label, style), lambda: Align.center(Text(label, style=style)))
        add(("cue", phase.cue), lambda: Align.center(Text(phase.cue, style="bold")))
        if phase.kind == "setup" and phase.rep == 0 and frame.prescription is not None:
            add(
                ("text", phase.text),
                lambda: Align.center(Text(phase.text, style="dim", justify="center")),
            )
        figure_at = len(lines)
        blank()
        if frame.prescription is None:
            pass  # the overview stands where the countdown would
        elif frame.paused:
            add(
                ("paused",), lambda: Align.center(Text("\n  P A U S E D  \n", style="bold reverse"))
            )
            add(("paused-help",), lambda: Align.center(Text("press space to go on", style="dim")))
            blank()
        else:
            size = self.console.size
            large = size.width >= LARGE_WINDOW[0] and size.height >= LARGE_WINDOW[1]
            scale = 2 if large else 1
            add(
                ("count", frame.remaining, scale),
                lambda: Align.center(big_number(frame.remaining, scale)),
            )
        if frame.breath_level is not None:
            filled = round(frame.breath_level * BAR_CELLS)

            def bar() -> RenderableType:
                text = Text("█" * (BAR_WIDTH * filled), style=style)
                text.append("░" * (BAR_WIDTH * (BAR_CELLS - filled)), style="dim")
                return Align.center(text)

            add(("bar", filled, style), bar)
        else:
            blank()
        blank()
        if notice:
            from rich.panel import Panel

            add(
                ("notice", notice),
                lambda: Panel(Text(notice), border_style="yellow", padding=(0, 1)),
            )
        elif frame.prescription is not None:
            caution = (frame.prescription.stretch.cautions or (self.advice.never_push,))[0]

            def caution_line() -> Text:
                line = Text("! ", style="bold red")
                line.append(caution)
                return line

            add(("caution", caution), caution_line)
        add(
            ("next", phase, frame.next_phase, frame.prescription is None),
            lambda: self._next_line(frame),
        )
        cells = round(frame.progress * width)
        add(("progress", frame.time_left, cells), lambda: self._progress(frame))
        add(
            ("keys", frame.prescription is None),
            lambda: Text(
                "space start now · q quit" if frame.prescription is None else KEY_HELP, style="dim"
            ),
        )
        if self.figure is not None and frame.prescription is not None:
            # The figure takes the rows the rest leaves free, up to 16.
            rows = min(16, self.console.size.height - 2 - len(lines))
            columns = min(width, rows * 5)
            drawn = self.figure(frame, columns, rows) if rows >= MIN_FIGURE_ROWS else None
            if drawn:
                pad = " " * ((width - columns) // 2)
                rest = " " * (width - columns - len(pad))
                lines[figure_at:figure_at] = [pad + line + rest for line in drawn]
        return lines

    def _header(self, frame: Frame) -> Table:
        phase = frame.phase
        header = Table.grid(expand=True)
        header.add_column()
        header.add_column(justify="right")
        if frame.prescription is None:
            header.add_row(Text("Get ready", style="bold"), Text("space to start now", style="dim"))
            return header
        title = Text(f"Stretch {frame.stretch_number} of {frame.stretch_count} · ")
        title.append(frame.prescription.stretch.name, style="bold")
        if frame.prescription.prescribed:
            title.append(" · prescribed", style="cyan")
        where = []
        if phase.side:
            where.append(f"{phase.side.upper()} side")
        if phase.rep:
            where.append(f"rep {phase.rep} of {phase.reps}")
        header.add_row(title, Text(" · ".join(where), style="bold"))
        return header

    def _next_line(self, frame: Frame) -> Text:
        text = Text("Next: ", style="bold")
        nxt = frame.next_phase
        if frame.prescription is None:
            first = self.timeline.prescriptions[0].stretch
            text.append(f"{first.name} · {first.position_cue}")
        elif nxt is None:
            text.append("the end: well done")
        elif nxt.kind == "rest":
            text.append(f"rest {nxt.seconds:g} s")
        elif frame.next_prescription is not None:
            text.append(frame.next_prescription.stretch.name)
            text.append(f" · {nxt.cue}", style="dim")
        else:
            text.append(nxt.cue)
            text.append(f" · {nxt.seconds:g} s", style="dim")
        return text

    @staticmethod
    def _progress(frame: Frame) -> RenderableType:
        from rich.progress_bar import ProgressBar

        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(justify="right", no_wrap=True)
        left = describe.clock(frame.time_left)
        grid.add_row(
            ProgressBar(
                total=max(frame.total, 1), completed=frame.position, width=None, animation_time=0.0
            ),
            Text(f"{left} left"),
        )
        return grid


def overview(timeline: Timeline) -> Table:
    """The routine at a glance: each stretch, its dose today and its time."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(justify="right", style="dim")
    table.add_column(style="bold")
    table.add_column()
    table.add_column(justify="right", style="dim")
    for index, prescription in enumerate(timeline.prescriptions):
        start, end = timeline.stretch_bounds(index)
        name = Text(prescription.stretch.name)
        table.add_row(
            f"{index + 1}.",
            name,
            Text(describe.prescription_text(prescription)),
            describe.minutes(end - start),
        )
    return table


def session_intro(timeline: Timeline, level: str, routine: str = "full") -> None:
    """Before the live view: the routine at a glance."""
    out = console()
    count = len(timeline.prescriptions)
    out.print(
        Text(
            f"Today: {routine} routine, {count} stretch{'es' if count != 1 else ''}, about "
            f"{describe.minutes(timeline.total_seconds)} ({level} level).",
            style="bold",
        )
    )
    out.print(overview(timeline))


def medical_note(advice: Advice) -> None:
    from rich.panel import Panel

    out = console()
    out.print(
        Panel(
            Text(advice.medical_note),
            title=Text("Before you start", style="bold"),
            title_align="left",
            border_style="yellow",
            padding=(1, 2),
        )
    )


def summary(result: Any, timeline: Timeline, catalogue: Catalogue, streak: Any = None) -> None:
    """After a session: what was done, skipped and painful, and the time spent."""
    out = console()
    names = {p.stretch.id: p.stretch.name for p in timeline.prescriptions}
    status = {"finished": "Session complete", "quit": "Session stopped"}.get(
        result.status, "Session ended"
    )
    spent = describe.clock(result.seconds)
    line = Text(f"{status} · {spent} spent", style="bold")
    if result.paused_seconds >= 1:
        line.append(f" ({describe.clock(result.paused_seconds)} paused)", style="dim")
    out.print(line)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for outcome, label in (("done", "Done"), ("skipped", "Skipped"), ("painful", "Painful")):
        ids = result.ids(outcome)
        grid.add_row(f"{label} ({len(ids)})", Text(", ".join(names[i] for i in ids) or "—"))
    if result.not_reached:
        grid.add_row(
            f"Not reached ({len(result.not_reached)})",
            Text(", ".join(names[i] for i in result.not_reached)),
        )
    out.print(grid)
    if streak is not None:
        days = f"{streak.current} day{'s' if streak.current != 1 else ''}"
        out.print(Text(f"Streak: {days} (longest {streak.longest})", style="bold"))
    if result.ids("painful"):
        warning = Text("! ", style="bold red")
        warning.append(catalogue.advice.if_it_hurts)
        out.print(warning)
        out.print(
            Text(
                f"On hold until you resume it: {', '.join(result.ids('painful'))} "
                "(`backcoach resume ID`).",
                style="yellow",
            )
        )


# -- history -----------------------------------------------------------------

HEAT = ((0, "·", "dim"), (1, "▒", "green"), (4, "▓", "green"), (8, "█", "bold green"))
SPARK = "▁▂▃▄▅▆▇█"


def _heat(done: int) -> tuple[str, str]:
    mark, style = HEAT[0][1], HEAT[0][2]
    for threshold, char, char_style in HEAT:
        if done >= threshold:
            mark, style = char, char_style
    return mark, style


def calendar(report: Any) -> Text:
    """A contributions-style grid: a column a week, a row a weekday, darker for more done."""
    weeks = report.calendar
    labels = [" "] * (2 * len(weeks) + 2)
    last_month = None
    for column, week in enumerate(weeks):
        month = week[0][0].strftime("%b")
        if month != last_month and all(c == " " for c in labels[2 * column - 1 : 2 * column + 3]):
            labels[2 * column : 2 * column + 3] = month
        last_month = month
    text = Text("     " + "".join(labels).rstrip() + "\n")
    for weekday, label in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        text.append(f"{label:<4} ")
        for week in weeks:
            day, done = week[weekday]
            if day > report.today:
                text.append("  ")
                continue
            mark, style = _heat(done)
            text.append(mark, style=style)
            text.append(" ")
        text.append("\n")
    text.append("     less ", style="dim")
    for _, char, style in HEAT:
        text.append(char, style=style)
    text.append(" more (stretches done)", style="dim")
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def sparkline(values: list[int | None]) -> Text:
    text = Text()
    for value in values:
        if value is None:
            text.append(" ")
        else:
            text.append(SPARK[min(7, round(value * 7 / 10))])
    return text


def history_page(report: Any, on_hold: dict[str, Any], names: dict[str, str]) -> None:
    """`backcoach history`: calendar, streaks, this week and month, recent sessions."""
    out = console()
    if not report.recent:
        out.print(Text("No sessions yet. Start one with `backcoach session`."))
        return
    out.print(calendar(report))
    out.print()
    streak_line = Text("Streak: ", style="bold")
    streak_line.append(f"{report.streak.current} day{'s' if report.streak.current != 1 else ''}")
    streak_line.append(f" · longest {report.streak.longest}", style="dim")
    out.print(streak_line)
    out.print(
        Text(
            f"This week: {_count(report.week.sessions, 'session')}, "
            f"{report.week.minutes:.0f} min · this month: "
            f"{_count(report.month.sessions, 'session')}, {report.month.minutes:.0f} min"
        )
    )
    if report.pain:
        line = Text("Pain (0–10), oldest first: before ", style="bold")
        line.append_text(sparkline([before for before, _ in report.pain]))
        line.append("  after ", style="bold")
        line.append_text(sparkline([after for _, after in report.pain]))
        out.print(line)
    for stretch_id, hold in on_hold.items():
        out.print(
            Text(
                f"On hold: {names.get(stretch_id, stretch_id)} since "
                f"{hold.since:%d %b}: {hold.reason}. `backcoach resume {stretch_id}` "
                "brings it back.",
                style="yellow",
            )
        )
    out.print()
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column, justify in (
        ("Date", "left"),
        ("Time", "right"),
        ("Min", "right"),
        ("Done", "right"),
        ("Skipped", "right"),
        ("Painful", "left"),
        ("Pain", "left"),
        ("", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for session in report.recent:
        pain = ""
        if session.pain_before is not None or session.pain_after is not None:
            before = "–" if session.pain_before is None else str(session.pain_before)
            after = "–" if session.pain_after is None else str(session.pain_after)
            pain = f"{before} → {after}"
        table.add_row(
            session.started_at.strftime("%a %d %b"),
            session.started_at.strftime("%H:%M"),
            f"{session.seconds / 60:.0f}",
            str(len(session.ids("done"))),
            str(len(session.ids("skipped"))),
            Text(", ".join(session.ids("painful")) or "—"),
            pain,
            Text("" if session.status == "finished" else session.status, style="dim"),
        )
    out.print(table)


def routine_table(rows: list[dict[str, Any]]) -> None:
    """`backcoach routines`: name, stretches, time and where each routine lives."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Routine", style="bold", no_wrap=True)
    table.add_column("Stretches")
    table.add_column("Min", justify="right")
    table.add_column("From", style="dim")
    for row in rows:
        if "error" in row:
            table.add_row(
                Text(row["name"]),
                Text(f"cannot be used: {row['error']}", style="red"),
                "",
                Text(row["from"]),
            )
            continue
        table.add_row(
            Text(row["name"]),
            Text(", ".join(row["stretches"])),
            str(max(1, round(row["estimated_seconds"] / 60))),
            Text(row["from"]),
        )
    console().print(table)


def settings_table(settings: Any, specs: Any) -> None:
    """`backcoach config`: each setting, its value, and where the value came from."""
    out = console()
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Setting", style="bold", no_wrap=True)
    table.add_column("Value")
    table.add_column("From", style="dim")
    for spec in specs:
        value = settings[spec.name]
        shown = (
            "(catalogue's)"
            if value is None and spec.name.endswith("seconds")
            else (
                "—"
                if value is None
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
        )
        table.add_row(spec.name, Text(shown), Text(settings.sources[spec.name]))
    out.print(table)
    out.print(
        Text(
            f"Config file: {settings.path}"
            + ("" if settings.path.is_file() else " (not created yet)"),
            style="dim",
        )
    )
