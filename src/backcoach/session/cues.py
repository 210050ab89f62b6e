"""What the session sounds like and says at each change, for a person who is not looking.

Pure functions of the phases: which sound marks a change, which seconds get
a tick, and the words the voice speaks, naming the side and the repetition
whenever they change ("Left side. Three of eight. Breathe out, lift hips").
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sound
from .planner import Phase, Prescription

TICK_SECONDS = (3, 2, 1)
# Breaths, movements and releases (4-5 s) are their own rhythm: counting them
# down too would tick through most of every breath and drown its tone.
TICK_MIN_PHASE_SECONDS = 6.0


def phase_sound(phase: Phase, new_stretch: bool, previous: Phase | None) -> str:
    """The sound that marks the start of `phase` (`previous`: what the person was doing)."""
    if new_stretch:
        return sound.NEW_STRETCH
    if previous is not None and previous.kind == "hold":
        return sound.HOLD_END
    if phase.kind == "inhale":
        return sound.BREATHE_IN
    if phase.kind == "exhale":
        return sound.BREATHE_OUT
    return sound.CHANGE


def ticks(phase: Phase, remaining: int) -> bool:
    """Whether `remaining` whole seconds before the end of `phase` is a tick."""
    return remaining in TICK_SECONDS and phase.seconds >= TICK_MIN_PHASE_SECONDS


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(number: int) -> str:
    """3 -> 'three', 42 -> 'forty-two'; digits from 100 (a speech program reads those)."""
    if 0 <= number < 20:
        return _ONES[number]
    if 20 <= number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")
    return str(number)


@dataclass
class Narrator:
    """The voice's words, phase after phase; says side and repetition when they change."""

    side: str | None = None
    rep: tuple[str | None, int] | None = None
    stretch: int = -1

    def words(self, phase: Phase, prescription: Prescription | None) -> str:
        cue = phase.cue
        if phase.kind == "hold":
            cue += f", {round(phase.seconds)} seconds"
        if prescription is None:  # the get-ready countdown
            return cue
        parts: list[str] = []
        if phase.stretch_index != self.stretch:
            self.stretch, self.side, self.rep = phase.stretch_index, None, None
            if phase.kind == "setup":
                parts.append(prescription.stretch.name)
        if phase.side and phase.side != self.side:
            if f"{phase.side} side" not in cue.lower():  # "Switch to the right side" says it
                parts.append(f"{phase.side.capitalize()} side")
            self.side = phase.side
        if phase.rep and (phase.side, phase.rep) != self.rep:
            parts.append(f"{number_words(phase.rep)} of {number_words(phase.reps)}".capitalize())
            self.rep = (phase.side, phase.rep)
        parts.append(cue)
        return ". ".join(parts)


# What each key did, as a line for plain output (the live view shows it instead).
PAUSED = "Paused. Press space to go on."
RESUMED = "Going on."
PAIN_STOPPED = "Paused. Press space to go on with the next stretch, or q to quit."
STARTING_NOW = "Starting now."
QUITTING = "Stopping the session."
KEYS = "Keys: space pause · n next stretch · b restart · p this hurts · q quit"
COUNTDOWN_KEYS = "Keys: space start now · q quit"


def skipped(name: str) -> str:
    return f"Skipped {name}."


def restarting(name: str) -> str:
    return f"Starting {name} again."
