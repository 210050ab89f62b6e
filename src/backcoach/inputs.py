"""Where a command's inputs come from: settings, catalogue, routine, history and holds.

Shared by the typer commands in cli and by the bare commands __main__ runs
without typer, so both read a person's files the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from .catalogue.models import Catalogue
    from .catalogue.routines import Routine
    from .config import Settings
    from .history.store import History


def settings(**flags: Any) -> Settings:
    """Flags, then BACKCOACH_* variables, then config.toml, then the defaults."""
    from . import config

    check_home()
    return config.load().with_flags(**flags)


def check_home() -> None:
    """The home must be usable and trusted, or it is bad input (exit 2).

    Usable: not a file, a dangling link or unreadable. Trusted: owned by you
    (or root) and writable by no one else, checked before any setting that
    runs a command is read.
    """
    from .config import check_trusted
    from .paths import HOME_VAR, home_problem

    problem = home_problem()
    if problem is not None:
        raise InputError(
            f"{problem}; backcoach keeps your settings and history there. Point "
            f"{HOME_VAR} at a folder (or unset it), or move what is in the way."
        )
    check_trusted()


def catalogue(path: Path | None, chosen: Settings | None = None, cached: bool = True) -> Catalogue:
    """The catalogue: --catalogue, else BACKCOACH_CATALOGUE or the config's, else built-in.

    `cached=False` (for `validate`) parses the file afresh.
    """
    from .catalogue.loader import load

    if path is None:
        chosen = chosen or settings()
        configured = chosen["catalogue"]
        if configured:
            from pathlib import Path

            path = Path(configured).expanduser()
            from_file = chosen.sources["catalogue"].startswith(f"{chosen.path}:")
            if from_file and not path.is_absolute():
                path = chosen.path.parent / path  # relative to config.toml, not to the cwd
    return load(path, cached)


def routine(name: str, base: Catalogue) -> Routine:
    from .catalogue import routines

    return routines.load(name, base)


def holds() -> dict[str, Any]:
    """Stretches on hold, for marking; an unreadable history only warns."""
    from .history.store import History, HistoryError

    check_home()
    try:
        history = History.open(create=False)
    except FileNotFoundError:
        return {}
    except HistoryError as error:
        if not error.said:
            from . import console

            console.notice(f"Warning: {error}")
        return {}
    try:
        return history.on_hold()
    finally:
        history.close()


def existing_history() -> History | None:
    """The history if there is one yet, else None; an unusable file is bad input (exit 2)."""
    from .history.store import History, HistoryError

    check_home()
    try:
        return History.open(create=False)
    except FileNotFoundError as missing:
        _unreachable(str(missing))
        return None
    except HistoryError as error:
        raise InputError(str(error)) from None


def recently_done() -> list[str]:
    """Stretch ids, the most recently done first, for --minutes; none without a history."""
    from .history.store import History, HistoryError

    try:
        history = History.open(create=False)
    except FileNotFoundError:
        return []
    except HistoryError as error:
        from . import console

        console.notice(f"Warning: {error}")
        return []
    try:
        return history.recently_done()
    finally:
        history.close()


def _unreachable(path: str) -> None:
    """InputError when `path` is not missing but out of reach (an unreadable home, say).

    Otherwise `history` would say "No sessions yet" about sessions it cannot see.
    """
    import os

    from .catalogue.textfile import visible

    try:
        os.stat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        folder = visible(os.path.dirname(path))
        raise InputError(
            f"{folder}: the history there cannot be reached ({error.strerror or error}); "
            "check the folder's permissions, or BACKCOACH_HOME"
        ) from None


def hold_note(stretch_id: str, hold: Any) -> str:
    return (
        f"{stretch_id} is on hold since {hold.since:%d %b}: {hold.reason}. Talk to a physical "
        f"therapist; `backcoach resume {stretch_id}` brings it back."
    )
