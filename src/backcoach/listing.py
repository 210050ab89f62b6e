"""`backcoach list`: every stretch (or a routine's) with its dose and time, or its JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import inputs

if TYPE_CHECKING:
    from pathlib import Path


def list_stretches(
    routine: str | None = None, catalogue: Path | None = None, as_json: bool = False
) -> None:
    stretches = inputs.catalogue(catalogue)
    chosen = None
    rest_seconds = None
    if routine is not None:
        followed = inputs.routine(routine, stretches)
        stretches = followed.catalogue
        chosen = followed.prescriptions(inputs.settings()["level"])
        rest_seconds = followed.rest_seconds
    if as_json:
        from . import describe

        shown = [p.stretch for p in chosen] if chosen is not None else stretches.stretches
        holds = inputs.holds()
        describe.print_json(
            [describe.stretch_json(s, stretches.timing, holds.get(s.id)) for s in shown]
        )
        return
    from . import render

    render.stretch_table(stretches, inputs.holds(), chosen, rest_seconds)
