"""Speak cues aloud through whichever speech command is installed.

Speech runs in the background: the timer never waits for it. A cue that is
still being spoken when the next one comes is cut short, so the voice never
falls behind the session.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess

ENV_VAR = "BACKCOACH_SPEECH_COMMAND"
CANDIDATES = (("espeak-ng",), ("spd-say", "--wait"), ("say",))


def find_command(configured: str | None = None) -> list[str] | None:
    """The speech command: `configured`, else $BACKCOACH_SPEECH_COMMAND, else the first found."""
    chosen = configured or os.environ.get(ENV_VAR)
    if chosen:
        try:
            words = shlex.split(chosen)
        except ValueError as error:  # an unclosed quote, a trailing backslash
            from backcoach.errors import InputError

            where = "speech_command" if configured else ENV_VAR
            raise InputError(
                f"{where} {chosen!r} cannot be read as a command ({error}); "
                "close its quotes, like \"espeak-ng -v 'en-gb'\""
            ) from None
        return words if words and shutil.which(words[0]) else None
    for candidate in CANDIDATES:
        if shutil.which(candidate[0]):
            return list(candidate)
    return None


class Voice:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self._speaking: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        self.stop()
        try:
            self._speaking = subprocess.Popen(
                [*self.command, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C at the terminal is for backcoach, not it
            )
        except OSError:
            self._speaking = None

    def stop(self) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            with contextlib.suppress(OSError):
                self._speaking.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._speaking.wait(timeout=0.2)
        self._speaking = None
