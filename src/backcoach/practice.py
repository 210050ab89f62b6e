"""Your practice: `history`, `hold` and `resume`, between the command line and the history.

cli.py parses the options and calls these; each returns the exit code.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

from . import inputs
from .errors import InputError, UsageError

if TYPE_CHECKING:
    from pathlib import Path


class SetAside(Exception):
    """The history failed while read: it was set aside and said so (exit 1)."""


def show_history(
    as_json: bool, as_csv: bool, since: str | None, show_all: bool, catalogue: Path | None
) -> int:
    """`backcoach history`: the page, or every session as JSON or CSV."""
    try:
        return _show_history(as_json, as_csv, since, show_all, catalogue)
    except SetAside:
        return 1


def _show_history(
    as_json: bool, as_csv: bool, since: str | None, show_all: bool, catalogue: Path | None
) -> int:
    import datetime as dt

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    first = None
    if since is not None:
        try:
            first = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {since!r} is not a date; write it as YYYY-MM-DD") from None
    history = inputs.existing_history()
    on_hold = history.on_hold() if history else {}
    today = history.now().date() if history else dt.date.today()
    if history is not None and history.failed:
        return 1  # said once already, naming the file and what failed
    from .history import aggregates

    unreadable = _counted(history, aggregates.unreadable) if history else 0
    if history is not None and unreadable:
        from . import console

        console.notice(
            f"{unreadable} session{'s' if unreadable != 1 else ''} in {history.file} "
            "could not be read (damaged or edited rows) and are left out."
        )
    if as_json:
        _counted(history, aggregates.write_json, today, first, on_hold, sys.stdout)
        return 0
    if as_csv:
        import csv

        from .history import summary as report

        sessions = history.sessions(first) if history else []
        if history is not None and history.failed:
            return 1  # said once already, naming the file and what failed
        csv.writer(sys.stdout, lineterminator="\n").writerows(report.csv_rows(sessions))
        return 0
    from . import render

    if history is None:
        from .history.store import default_file_name

        render.no_history(default_file_name())
        return 0
    names: dict[str, str] = {}
    with contextlib.suppress(InputError):  # a bad catalogue: show ids instead of names
        names = {s.id: s.name for s in inputs.catalogue(catalogue).stretches}
    recent = None if show_all else 10
    page = _counted(history, aggregates.build, today, first, recent)
    render.history_page(page, on_hold, names)
    return 0


def _counted(history: Any, count: Any, *args: Any) -> Any:
    """`count(history, *args)`; a history that fails while read is set aside (said), exit 1."""
    from .history.store import FAILURES

    try:
        return count(history, *args)
    except FAILURES as error:
        history.set_aside(f"{type(error).__name__}: {error}")
        raise SetAside from None


def hold(name: str, reason: str, catalogue: Path | None) -> None:
    """`backcoach hold`: put a stretch on hold by hand."""
    from . import console
    from .catalogue.loader import resolve
    from .history.store import History, HistoryError

    reason = reason.strip()
    if not reason or any(ord(c) < 32 or ord(c) == 127 for c in reason):
        raise UsageError("--reason must be one line of text")
    stretch_id = resolve(inputs.catalogue(catalogue), name).id
    try:
        history = History.open()
    except HistoryError as error:
        raise InputError(str(error)) from None
    try:
        if history.hold(stretch_id, reason):
            print(
                f"{stretch_id} is on hold: sessions leave it out until `backcoach resume "
                f"{stretch_id}`."
            )
        else:
            held = history.on_hold()[stretch_id]
            console.notice(
                f"{stretch_id} is already on hold since {held.since:%d %b}: {held.reason}. "
                "Nothing changed."
            )
    finally:
        history.close()


def resume(name: str, catalogue: Path | None) -> int:
    """`backcoach resume`: bring a stretch back into the routine."""
    from . import console
    from .catalogue.loader import resolve
    from .catalogue.textfile import visible

    history = inputs.existing_history()
    if history is None:
        console.notice("No stretch is on hold; nothing to do.")
        return 0
    holds = history.on_hold()
    stretch_id = name if name in holds else resolve(inputs.catalogue(catalogue), name).id
    resumed = history.resume(stretch_id)
    if history.failed:
        return 1  # said once already, naming the file and what failed
    if resumed:
        print(f"{visible(stretch_id)} is back in your routine. Go gently.")
    else:
        console.notice(f"{stretch_id} was not on hold; nothing to do.")
    return 0
