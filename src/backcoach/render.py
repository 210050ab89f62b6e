"""Everything backcoach shows through rich: tables, one stretch, messages.

The only module that imports rich at its top. Text that comes from a file a
person wrote is always wrapped in rich's Text, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from . import describe
from .catalogue.textfile import visible
from .console import BREATH_STYLE, console

if TYPE_CHECKING:
    from .catalogue.models import Advice, Catalogue, PerSide, Stretch
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
        Padding(_sided_text(stretch.position, stretch.position_per_side), (0, 0, 0, 2)),
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
        steps.add_row(f"{index}.", label, _sided_text(step.text, step.per_side))
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


def _sided_text(text: str, per_side: PerSide | None) -> Text:
    """The words as written; for a one-sided step, each side's own words, labelled."""
    if per_side is None:
        return Text(text)
    result = Text()
    for side, words in (("LEFT", per_side.left), ("RIGHT", per_side.right)):
        if result:
            result.append("\n")
        result.append(f"{side} side: ", style="bold")
        result.append(words.text)
    return result


def _labelled(label: str, value: str) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value)
    return text


def overview(timeline: Timeline, width: int | None = None) -> Table:
    """The routine at a glance: each stretch, its dose today and its time.

    Names and the parts of a dose ('hold 7 s') never split: when the doses do
    not fit on one line, each part takes its own.
    """
    width = width or console().width

    def build(separator: str) -> Table:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column(justify="right", style="dim", no_wrap=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", style="dim", no_wrap=True)
        for index, prescription in enumerate(timeline.prescriptions):
            start, end = timeline.stretch_bounds(index)
            table.add_row(
                f"{index + 1}.",
                Text(prescription.stretch.name),
                Text(describe.prescription_text(prescription).replace(" · ", separator)),
                describe.minutes(end - start),
            )
        return table

    table = build(" · ")
    return table if _natural_width(table) <= width else build("\n")


def _natural_width(renderable: RenderableType) -> int:
    """How wide `renderable` is when given all the room it wants."""
    from rich.console import Console
    from rich.measure import Measurement

    wide = Console(width=10_000, emoji=False, markup=False, highlight=False)
    return Measurement.get(wide, wide.options, renderable).maximum


def flow(items: list[str], width: int, separator: str = ", ", style: str = "") -> Text:
    """Items joined by `separator`, lines broken only between items: no name is split."""
    from rich.cells import cell_len

    between = separator[len(separator.rstrip()) :]  # what stays between items on a line
    lines: list[str] = []
    for index, item in enumerate(items):
        piece = item + (separator.rstrip() if index < len(items) - 1 else "")
        if lines and cell_len(lines[-1] + between + piece) <= width:
            lines[-1] += between + piece
        else:
            lines.append(piece)
    return Text("\n".join(lines), style=style)


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


@dataclass(frozen=True)
class Ending:
    """What a session's end shows: the result, the pain before and after, the streak."""

    result: Any  # runner.SessionResult
    timeline: Timeline
    catalogue: Catalogue
    streak: Any = None
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def well_done(self) -> bool:
        """The routine ran to its end with at least one stretch done."""
        return self.result.status == "finished" and bool(self.result.ids("done"))


def summary_parts(ending: Ending) -> list[RenderableType]:
    """The lines of the end summary, for the terminal's ending screen and for print."""
    result = ending.result
    names = {p.stretch.id: p.stretch.name for p in ending.timeline.prescriptions}
    status = {"finished": "Session complete", "quit": "Session stopped"}.get(
        result.status, "Session ended"
    )
    spent = describe.clock(result.seconds)
    line = Text(f"{status} · {spent} spent", style="bold")
    if result.paused_seconds >= 1:
        line.append(f" ({describe.clock(result.paused_seconds)} paused)", style="dim")
    parts: list[RenderableType] = [line]
    rows = [
        (f"{label} ({len(result.ids(outcome))})", [names[i] for i in result.ids(outcome)])
        for outcome, label in (("done", "Done"), ("skipped", "Skipped"), ("painful", "Painful"))
    ]
    if result.not_reached:
        rows.append(
            (f"Not reached ({len(result.not_reached)})", [names[i] for i in result.not_reached])
        )
    if ending.pain_before is not None or ending.pain_after is not None:
        before = "–" if ending.pain_before is None else str(ending.pain_before)
        after = "–" if ending.pain_after is None else str(ending.pain_after)
        rows.append(("Pain (0–10)", [f"{before} before → {after} after"]))
    label_width = max(len(label) for label, _ in rows)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(no_wrap=True, overflow="fold")
    room = max(20, console().width - label_width - 2)
    for label, stretch_names in rows:
        grid.add_row(label, flow(stretch_names, room) if stretch_names else Text("—"))
    parts.append(grid)
    if ending.streak is not None:
        streak = ending.streak
        days = f"{streak.current} day{'s' if streak.current != 1 else ''}"
        parts.append(Text(f"Streak: {days} (longest {streak.longest})", style="bold"))
    if result.ids("painful"):
        warning = Text("! ", style="bold red")
        warning.append(ending.catalogue.advice.if_it_hurts)
        parts.append(warning)
        parts.append(
            Text(
                f"On hold until you resume it: {', '.join(result.ids('painful'))} "
                "(`backcoach resume ID`).",
                style="yellow",
            )
        )
    return parts


WELL_DONE = "Well done."


def summary(ending: Ending) -> None:
    """After a session: well done (when finished), what was done, pain, streak, time spent."""
    out = console()
    if ending.well_done:
        out.print(Text(WELL_DONE, style="bold green"))
    for part in summary_parts(ending):
        out.print(part)


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


def no_history(path: str) -> None:
    """`backcoach history` before any session: saying where it looked, so a mistyped
    BACKCOACH_HOME is not taken for an empty history."""
    console().print(
        Text(
            f"No sessions yet: there is no history at {visible(path)}. "
            "Start one with `backcoach session`."
        )
    )


def history_page(report: Any, on_hold: dict[str, Any], names: dict[str, str]) -> None:
    """`backcoach history`: calendar, streaks, this week and month, recent sessions."""
    out = console()
    if not report.recent and not report.empty:
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
                visible(
                    f"On hold: {names.get(stretch_id, stretch_id)} since "
                    f"{hold.since:%d %b}: {hold.reason}. `backcoach resume {stretch_id}` "
                    "brings it back."
                ),
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
        ("Status", "left"),
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
            Text(visible(", ".join(session.ids("painful"))) or "—"),
            pain,
            Text(
                visible(session.status)
                if session.practised
                else f"{visible(session.status)}, nothing done"
            ),
            style=None if session.practised else "dim",
        )
    if report.recent:
        out.print(table)
    folded = folded_line(report.older, report.empty)
    if folded:
        out.print(Text(folded, style="dim"))


def folded_line(older: int, empty: int) -> str | None:
    """What the recent sessions leave out, and how to see it."""
    parts = []
    if older:
        parts.append(f"{_count(older, 'older session')}")
    if empty:
        parts.append(f"{_count(empty, 'session')} with no stretch done")
    if not parts:
        return None
    return f"Not shown: {' and '.join(parts)}. `backcoach history --all` shows every session."


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
                Text(visible(row["name"])),
                Text(f"cannot be used: {visible(row['error'])}", style="red"),
                "",
                Text(visible(row["from"])),
            )
            continue
        table.add_row(
            Text(visible(row["name"])),
            Text(visible(", ".join(row["stretches"]))),
            str(max(1, round(row["estimated_seconds"] / 60))),
            Text(visible(row["from"])),
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
        table.add_row(spec.name, Text(visible(shown)), Text(visible(settings.sources[spec.name])))
    out.print(table)
    out.print(
        Text(
            f"Config file: {visible(settings.path)}"
            + ("" if settings.path.is_file() else " (not created yet)"),
            style="dim",
        )
    )
