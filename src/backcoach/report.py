"""`backcoach report`: one HTML file (or its figures as JSON) for a physiotherapist.

The flow between the command line and the history: choose the period, read
its rows, build the figures, then write the page without overwriting
anything unless asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from typing import TYPE_CHECKING

from . import inputs
from .errors import InputError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from .catalogue.models import Catalogue
    from .history.physio_report import Figures, Sources

WEEKS = 12
MAX_WEEKS = 520  # ten years


def period(since: str | None, weeks: int | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the report; UsageError for options that do not fit."""
    if since is not None and weeks is not None:
        raise UsageError("choose one of --since and --weeks")
    if since is None:
        count = WEEKS if weeks is None else weeks
        if not 1 <= count <= MAX_WEEKS:
            raise UsageError(f"--weeks must be a whole number from 1 to {MAX_WEEKS}, not {count}")
        return today - dt.timedelta(days=7 * count - 1), today
    try:
        first = dt.date.fromisoformat(since)
    except ValueError:
        raise UsageError(f"--since {since!r} is not a date; write it as YYYY-MM-DD") from None
    if first > today:
        raise UsageError(f"--since {since} is in the future; today is {today.isoformat()}")
    return first, today


def sources(base: Catalogue, routines: list[str]) -> Sources:
    """Names and source ranges from the catalogue, and from the practised routines' own."""
    from .describe import dose_text
    from .history.physio_report import Sources, StretchSource

    stretches = list(base.stretches)
    for name in routines:
        # A routine renamed or deleted since: its stretches show by id instead.
        with contextlib.suppress(InputError):
            routine = inputs.routine(name, base)
            stretches += [s for s in routine.catalogue.stretches if s.id not in base.ids]
    unique = {stretch.id: stretch for stretch in stretches}
    return Sources(
        stretches=tuple(
            StretchSource(s.id, s.name, s.dose.sides, dose_text(s.dose)) for s in unique.values()
        ),
        medical_note=base.advice.medical_note,
    )


def figures(
    since: str | None, weeks: int | None, catalogue_path: Path | None
) -> tuple[Figures, dt.date]:
    """The report's figures, and today's date as the history sees it."""
    from .history import physio_report, report_rows

    base = inputs.catalogue(catalogue_path)
    history = inputs.existing_history()
    today = history.now().date() if history else dt.date.today()
    first, last = period(since, weeks, today)
    if history is None:
        rows = report_rows.empty(first, last)
    else:
        try:
            rows = report_rows.read(history, first, last)
        finally:
            history.close()
    practised = sorted({s.routine for s in rows.sessions if s.routine})
    return physio_report.build(rows, sources(base, practised), today), today


def default_name(today: dt.date) -> str:
    return f"backcoach-report-{today.isoformat()}.html"


def target(output: Path | None, today: dt.date) -> Path:
    """Where to write: -o as given, a default name inside -o when it is a folder."""
    from pathlib import Path

    if output is None:
        return Path(default_name(today))
    if output.is_dir():
        return output / default_name(today)
    return output


def write(page: str, path: Path, force: bool) -> None:
    """Write the page readable by its owner only; never replace a file unless forced."""
    data = page.encode("utf-8")
    if not force:
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise UsageError(
                f"{path} already exists; choose another name with -o PATH, "
                "or add --force to replace it"
            ) from None
        except OSError as error:
            raise InputError(f"{path}: cannot write the report ({error.strerror})") from None
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        return
    # Replaced whole or not at all: a temporary file beside it, then a rename.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise InputError(f"{path}: cannot write the report ({error.strerror})") from None
