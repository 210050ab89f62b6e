"""Sounds to follow the session with your eyes closed.

The tones are made here with the standard library (`wave`, `array`, `math`),
written once to the cache folder, and played by whatever the system has
(paplay, pw-play, aplay or afplay, found once at the start). A sound is
started and never waited for, so a phase change is never late because of
one. With no player, or with `--sound bell`, a terminal bell marks each
phase change instead; `--sound off` is silence.

Which sound, when (the runner decides; see `phase_sound`):

    new-stretch  three rising notes     the first phase of a stretch
    hold-end     a bell-like chime      the phase after a hold
    breathe-in   a tone gliding up      a breath in
    breathe-out  a tone gliding down    a breath out
    change       one soft note          any other change (move, release, switch side, rest)
    tick         a short soft click     3, 2 and 1 seconds before a change (phases of 6 s or more)
    end          a slow, falling chord  the routine is finished
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

TICK = "tick"
BREATHE_IN = "breathe-in"
BREATHE_OUT = "breathe-out"
HOLD_END = "hold-end"
NEW_STRETCH = "new-stretch"
CHANGE = "change"
END = "end"
PHASE_SOUNDS = (NEW_STRETCH, HOLD_END, BREATHE_IN, BREATHE_OUT, CHANGE)

MODES = ("tones", "bell", "off")
RATE = 22_050  # samples a second: plenty for tones under 3 kHz, and small files
FADE = 0.012  # seconds of fade in and out, so no note starts or ends with a click
PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"), ("afplay",))

Player = Callable[[str], None]


@dataclass(frozen=True)
class Note:
    start_hz: float
    end_hz: float  # a glide: the pitch moves smoothly from start to end
    seconds: float
    volume: float  # 0..1 of full scale
    at: float = 0.0  # seconds from the start of the sound
    decay: float = 0.0  # per second: a struck bell fades, a held tone does not


C5, E5, G5, C6 = 523.25, 659.25, 783.99, 1046.50
SOUNDS: dict[str, tuple[Note, ...]] = {
    TICK: (Note(1400, 1400, 0.035, 0.12),),
    BREATHE_IN: (Note(330, 660, 0.8, 0.32),),
    BREATHE_OUT: (Note(660, 330, 0.8, 0.32),),
    HOLD_END: (
        Note(C6, C6, 1.2, 0.30, decay=3.5),
        Note(C6 * 2.76, C6 * 2.76, 0.6, 0.08, decay=7.0),  # a bell's bright partial
        Note(G5, G5, 1.2, 0.15, decay=3.0),
    ),
    NEW_STRETCH: (
        Note(C5, C5, 0.16, 0.28),
        Note(E5, E5, 0.16, 0.28, at=0.17),
        Note(G5, G5, 0.30, 0.28, at=0.34, decay=3.0),
    ),
    CHANGE: (Note(587.33, 587.33, 0.22, 0.22, decay=6.0),),
    END: (
        Note(C6, C6, 1.8, 0.20, decay=1.8),
        Note(G5, G5, 1.8, 0.20, at=0.25, decay=1.8),
        Note(E5, E5, 1.8, 0.20, at=0.50, decay=1.8),
        Note(C5, C5, 2.2, 0.24, at=0.75, decay=1.5),
    ),
}


def samples(notes: tuple[Note, ...]) -> list[float]:
    """The sound as samples in -1..1: each note a sine, gliding and fading as told."""
    length = max(round((note.at + note.seconds) * RATE) for note in notes)
    mix = [0.0] * length
    for note in notes:
        first = round(note.at * RATE)
        count = round(note.seconds * RATE)
        fade = max(1, round(FADE * RATE))
        phase = 0.0
        for i in range(count):
            t = i / RATE
            # An exponential glide: equal steps of pitch sound even to the ear.
            hz = note.start_hz * (note.end_hz / note.start_hz) ** (i / count)
            phase += 2 * math.pi * hz / RATE
            envelope = min(1.0, i / fade, (count - i) / fade) * math.exp(-note.decay * t)
            mix[first + i] += note.volume * envelope * math.sin(phase)
    return [max(-1.0, min(1.0, value)) for value in mix]


def write_wav(path: str, values: list[float]) -> None:
    """16-bit mono WAV, created readable by its owner only, replaced whole."""
    import array
    import wave

    pcm = array.array("h", (round(value * 32767) for value in values))
    temporary = f"{path}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file, wave.open(file, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(pcm.tobytes())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _version() -> str:
    """Changes with the sounds' definition, so an edited sound is made again."""
    import hashlib

    return hashlib.sha256(repr((RATE, FADE, SOUNDS)).encode()).hexdigest()[:10]


def _private_dirs(path: str) -> None:
    """Create `path` and any missing parent, each readable by its owner only."""
    missing: list[str] = []
    while path and not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)


def prepare(folder: str | None = None) -> dict[str, str]:
    """Every sound as a WAV file in the cache, made now if missing; name -> path."""
    from backcoach.paths import cache_dir

    folder = folder or os.path.join(cache_dir(), "sounds")
    _private_dirs(folder)
    version = _version()
    files: dict[str, str] = {}
    for name, notes in SOUNDS.items():
        path = os.path.join(folder, f"{name}-{version}.wav")
        if not os.path.isfile(path):
            write_wav(path, samples(notes))
        files[name] = path
    return files


def find_player() -> list[str] | None:
    """The first sound player on PATH, or None."""
    for command in PLAYERS:
        found = shutil.which(command[0])
        if found:
            return [found, *command[1:]]
    return None


class TonePlayer:
    """Plays the cached WAV files through a player program, never waiting for it."""

    def __init__(self, command: list[str], files: dict[str, str]) -> None:
        self.command = command
        self.files = files
        self._playing: list[subprocess.Popen[bytes]] = []

    def __call__(self, name: str) -> None:
        # Reap the players that are done (poll never blocks), so none is left a zombie.
        self._playing = [p for p in self._playing if p.poll() is None]
        path = self.files.get(name)
        if path is None:
            return
        with contextlib.suppress(OSError):
            self._playing.append(
                subprocess.Popen(
                    [*self.command, path],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # Ctrl-C at the terminal is for backcoach
                )
            )


class BellPlayer:
    """The terminal bell, once for each phase change (no ticks, nothing at the end)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def __call__(self, name: str) -> None:
        if name in PHASE_SOUNDS:
            with contextlib.suppress(OSError, ValueError):
                self.out.write("\a")
                self.out.flush()


def make_player(mode: str, out: IO[str], bell: bool) -> tuple[Player | None, str]:
    """The player for `mode` and a few words saying what it uses.

    `bell` says whether a terminal bell can be heard on `out` (it is a
    terminal); tones fall back to it when no player program is found.
    """
    if mode == "tones":
        command = find_player()
        if command is not None:
            try:
                return TonePlayer(
                    command, prepare()
                ), f"tones through {os.path.basename(command[0])}"
            except OSError as error:
                reason = f"tones could not be made ({error.strerror or error})"
        else:
            reason = "no sound player found (paplay, pw-play, aplay, afplay)"
        if bell:
            return BellPlayer(out), f"{reason}; the terminal bell instead"
        return None, f"{reason}; no sound"
    if mode == "bell" and bell:
        return BellPlayer(out), "the terminal bell"
    return None, "no sound"
