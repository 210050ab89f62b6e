"""One-key questions at the terminal: the medical note's y, the pain check-ins.

Each answer is echoed as words on the prompt's line ("3", "10", "skipped"),
so the person sees what was taken, and the line reads whole in a log.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

EOF = "<eof>"
PAIN_PROMPT = "Pain right now, 0–10? (0–9, t for 10, Enter to skip) "


def _shown(key: str) -> str:
    return key if key.isprintable() and key.strip() else ""


def ask_key(prompt: str, echo: Callable[[str], str] = _shown) -> str:
    """Show `prompt`, read a single key from the terminal (echo off), then `echo(key)`."""
    from .terminal import KeyboardTerminal

    sys.stdout.write(prompt)
    sys.stdout.flush()
    with KeyboardTerminal() as terminal:
        while True:
            keys = [k for k in terminal.read(None) if not k.startswith("<") or k == EOF]
            if keys:
                break
    key = keys[0]
    sys.stdout.write(echo(key) + "\n")
    sys.stdout.flush()
    return key


def pain_from_key(key: str) -> int | bool | None:
    """A check-in key: 0–9 and t (10) give a score, Enter or q skip (None), others False."""
    if key.isascii() and key.isdigit() and len(key) == 1:
        return int(key)
    if key in ("t", "T"):
        return 10
    if key in ("\r", "\n", "q", "Q", "\x1b", EOF):
        return None
    return False


def pain_words(answer: int | bool | None, key: str) -> str:
    """What the check-in echoes for a key: the score, 'skipped', or why it asks again."""
    if answer is None:
        return "skipped"
    if answer is False:
        shown = key if key.isprintable() and key.strip() else "that key"
        return f"{shown}: not a score; press 0–9, t for 10, or Enter to skip"
    return str(answer)


def ask_pain(when: str) -> int | None:
    """Ask for a pain score with one key, echoing the answer; None when skipped."""
    while True:
        key = ask_key(
            f"{when.capitalize()}: {PAIN_PROMPT}", lambda k: pain_words(pain_from_key(k), k)
        )
        answer = pain_from_key(key)
        if answer is not False:
            return answer if isinstance(answer, int) and not isinstance(answer, bool) else None
