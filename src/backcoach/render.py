"""Everything backcoach shows through rich: tables, one stretch, messages.

The only module that imports rich at its top. Text that comes from a file a
person wrote is always wrapped in rich's Text, never parsed as markup.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import describe
from .models import Catalogue, Stretch

BREATH_STYLE = {"in": "bold cyan", "out": "bold magenta"}
BREATH_LABEL = {"in": "BREATHE IN", "out": "BREATHE OUT"}


def console(stream: IO[str] | None = None) -> Console:
    """A console that honours NO_COLOR, TERM=dumb and pipes (rich does all three)."""
    return Console(
        file=stream or sys.stdout, highlight=False, soft_wrap=False, emoji=False, markup=False
    )


def stderr_console() -> Console:
    return console(sys.stderr)


def error(message: str, hint: str | None = None) -> None:
    """One message on stderr: 'Error: what is wrong' and, if given, how to fix it."""
    err = stderr_console()
    line = Text("Error: ", style="bold red")
    line.append(message)
    err.print(line)
    if hint:
        err.print(Text(hint, style="dim"))


def problems(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    """FILE:LINE:COL lines, unwrapped, so editors and scripts can jump to them."""
    out = stream or sys.stderr
    for line in lines:
        print(line, file=out)


def notice(message: str, style: str = "yellow") -> None:
    stderr_console().print(Text(message, style=style))


def stretch_table(catalogue: Catalogue, on_hold: dict[str, str] | None = None) -> None:
    """`backcoach list`: every stretch, its dose and time, and the routine's total."""
    on_hold = on_hold or {}
    from .planner import build, prescribe

    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Stretch / id", no_wrap=True)
    table.add_column("Dose", no_wrap=True)
    table.add_column("Equipment")
    table.add_column("Min", justify="right")
    for stretch in catalogue.stretches:
        name = Text(stretch.name, style="bold")
        if stretch.id in on_hold:
            name.append(" on hold", style="bold yellow")
        name.append("\n")
        name.append(stretch.id, style="dim")
        table.add_row(
            str(stretch.number),
            name,
            Text(describe.dose_text(stretch.dose).replace(" · ", "\n")),
            Text(", ".join(stretch.equipment) or "—"),
            describe.minutes(describe.estimated_seconds(stretch, catalogue.timing)).removesuffix(
                " min"
            ),
            end_section=True,
        )
    standard = build([prescribe(s) for s in catalogue.stretches], catalogue.timing)
    gentle = build([prescribe(s, "gentle") for s in catalogue.stretches], catalogue.timing)
    out = console()
    out.print(table)
    out.print()
    out.print(
        Text(
            f"Full routine: {len(catalogue.stretches)} stretches, about "
            f"{describe.minutes(standard.total_seconds)} "
            f"({describe.minutes(gentle.total_seconds)} with --gentle), "
            "rests included.",
        )
    )
    if on_hold:
        out.print(Text(f"On hold: {', '.join(on_hold)} (see `backcoach resume`).", style="yellow"))


def stretch_page(stretch: Stretch, catalogue: Catalogue, hold_note: str | None = None) -> None:
    """`backcoach show`: one stretch as a person reads it before doing it."""
    out = console()
    title = Text(f"{stretch.number}. {stretch.name}", style="bold")
    body: list[RenderableType] = [Text(stretch.summary), Text()]
    if hold_note:
        body += [Text(hold_note, style="bold yellow"), Text()]
    equipment = ", ".join(stretch.equipment) or "nothing but the floor"
    body.append(_labelled("You need", equipment))
    body.append(_labelled("Dose", describe.dose_text(stretch.dose)))
    minutes = describe.minutes(describe.estimated_seconds(stretch, catalogue.timing))
    body.append(_labelled("Time", f"about {minutes}"))
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


def _labelled(label: str, value: str) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value)
    return text


def wants_colour() -> bool:
    return "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
