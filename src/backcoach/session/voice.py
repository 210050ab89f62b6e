"""Speak cues aloud through whichever speech command is installed.

Speech runs in the background: the timer never waits for it. A cue that is
still being spoken when the next one comes is cut short, so the voice never
falls behind the session.

The text is never where the speech program looks for options (a cue that
starts with '-' must not become one): it goes on standard input, which
espeak-ng, say and festival-style commands read when given no text, or,
for spd-say, after '--', which ends its options. A command you set in
`speech_command` gets the text on its standard input.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess

ENV_VAR = "BACKCOACH_SPEECH_COMMAND"
CANDIDATES = (("espeak-ng",), ("spd-say", "--wait"), ("say",))
# Programs that take the text as an argument and understand '--' as the end of options.
TEXT_AFTER_DASHES = {"spd-say"}


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


def argv_and_input(command: list[str], text: str) -> tuple[list[str], bytes | None]:
    """How `text` reaches `command`: after '--', or on standard input."""
    if os.path.basename(command[0]) in TEXT_AFTER_DASHES:
        return [*command, "--", text], None
    return list(command), (text + "\n").encode("utf-8")


class Voice:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self._speaking: subprocess.Popen[bytes] | None = None
        self._stopping: list[subprocess.Popen[bytes]] = []

    def say(self, text: str) -> None:
        self.stop()
        argv, data = argv_and_input(self.command, text)
        try:
            self._speaking = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C at the terminal is for backcoach, not it
            )
        except OSError:
            self._speaking = None
            return
        if data is not None and self._speaking.stdin is not None:
            # A cue is far smaller than a pipe's buffer: this write never waits.
            with contextlib.suppress(OSError):
                self._speaking.stdin.write(data)
            with contextlib.suppress(OSError):
                self._speaking.stdin.close()

    def stop(self) -> None:
        """Cut the cue being spoken short, without waiting for the program to go."""
        self._stopping = [p for p in self._stopping if p.poll() is None]
        if self._speaking is not None and self._speaking.poll() is None:
            with contextlib.suppress(OSError):
                self._speaking.terminate()
            self._stopping.append(self._speaking)
        self._speaking = None
