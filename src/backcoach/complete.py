"""What the shell completes: stretch ids and numbers, stretches on hold, routine names.

typer calls these while a person presses Tab, with the word typed so far. Each
imports what it needs when called, so having completion costs no command
anything at start-up, and none ever prints or fails: a completion that cannot
read the catalogue or the history offers nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogue.models import Stretch

Offer = list[tuple[str, str]]  # (value, help shown beside it by zsh and fish)


def _stretches() -> list[Stretch]:
    from .inputs import catalogue

    try:
        return list(catalogue(None).stretches)
    except Exception:  # noqa: BLE001 - Tab never shows an error
        return []


def _on_hold() -> set[str]:
    from .history.store import History

    try:
        history = History.open(create=False)
    except Exception:  # noqa: BLE001 - no history, or one that cannot be read: nothing held
        return set()
    try:
        return set(history.on_hold())
    finally:
        history.close()


def _offer(stretches: list[Stretch], incomplete: str, prefix: str = "") -> Offer:
    """Ids starting with `incomplete`; numbers too, once a digit is typed."""
    typed = incomplete.strip().lower()
    if typed[:1].isdigit():
        return [
            (f"{prefix}{s.number}", f"{s.id}: {s.name}")
            for s in stretches
            if str(s.number).startswith(typed)
        ]
    return [(f"{prefix}{s.id}", s.name) for s in stretches if s.id.startswith(typed)]


def stretch(incomplete: str) -> Offer:
    """`show NAME`: any stretch, by id or number."""
    return _offer(_stretches(), incomplete)


def stretches(incomplete: str) -> Offer:
    """`--only` and `--skip`: a comma-separated list; the last item is the one completed."""
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if _ else ""
    chosen = {item.strip().lower() for item in done.split(",")} if prefix else set()
    left = [s for s in _stretches() if s.id not in chosen and str(s.number) not in chosen]
    return _offer(left, last, prefix)


def held(incomplete: str) -> Offer:
    """`resume NAME`: the stretches on hold."""
    held_ids = _on_hold()
    return _offer([s for s in _stretches() if s.id in held_ids], incomplete)


def not_held(incomplete: str) -> Offer:
    """`hold NAME`: the stretches not on hold yet."""
    held_ids = _on_hold()
    return _offer([s for s in _stretches() if s.id not in held_ids], incomplete)


def routine(incomplete: str) -> Offer:
    """`--routine NAME`: the person's routines and the built-in ones."""
    from .catalogue import routines

    try:
        found = routines.available()
    except Exception:  # noqa: BLE001 - Tab never shows an error
        return []
    return [(name, origin) for name, origin in found if name.startswith(incomplete)]
