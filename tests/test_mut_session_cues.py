"""Which sound marks which change, when ticks come, and what the voice says, second by second."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.session import cues, sound
from backcoach.session.cues import Narrator, number_words, phase_sound, ticks
from backcoach.session.planner import Phase, build, prescribe
from backcoach.session.runner import Environment, run_session
from fakes import FakeClock, RecordingView

CATALOGUE = load()
SNAPSHOTS = Path(__file__).parent / "snapshots" / "timelines"


def phase(kind: str = "move", seconds: float = 4.0, **kw: object) -> Phase:
    fields: dict[str, object] = {
        "cue": "Do it",
        "text": "Do it.",
        "breath": None,
        "stretch_id": "bridge",
        "stretch_index": 0,
        "side": None,
        "rep": 1,
        "reps": 8,
    }
    fields.update(kw)
    return Phase(kind, seconds, **fields)  # type: ignore[arg-type]


def heard(ids: tuple[str, ...], level: str = "standard", get_ready: float = 0.0) -> str:
    """Run a session on a fake clock; every sound and spoken line with the time it came."""
    clock = FakeClock()
    log: list[str] = []
    env = Environment(
        clock,
        RecordingView(),
        sound=lambda name: log.append(f"{clock.t:g} sound {name}"),
        speak=lambda words: log.append(f"{clock.t:g} say {words}"),
    )
    chosen = [prescribe(CATALOGUE.by_id(i), level) for i in ids]  # type: ignore[arg-type]
    run_session(build(chosen, CATALOGUE.timing), CATALOGUE, env, get_ready)
    return "\n".join(log) + "\n"


@pytest.mark.parametrize(
    ("name", "ids", "level"),
    [
        ("sounds-bridge-hip", ("bridge", "hip-stretch"), "standard"),
        ("sounds-bird-lower-back", ("bird-dog", "lower-back-stretch"), "gentle"),
        ("sounds-spine-stomach", ("spine-stretch", "lower-stomach-stretch"), "gentle"),
    ],
)
def test_sounds_and_words_of_a_session_match_the_snapshot(
    name: str, ids: tuple[str, ...], level: str
) -> None:
    """Each change's sound, the ticks at 3-2-1 of long phases, the words said, at their times."""
    text = heard(ids, level, get_ready=7.0)
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_TIMELINE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_end_sound_comes_last_and_once() -> None:
    """A finished session ends with one end sound, after the last phase's sound."""
    lines = heard(("pelvic-tilts",)).splitlines()
    assert [line for line in lines if line.endswith(" sound end")] == [lines[-1]]


def test_phase_sound_order_of_precedence() -> None:
    """New stretch beats all; then the end of a hold; then breath in / out; else a change."""
    hold = phase("hold", 20.0)
    inhale = phase("inhale")
    exhale = phase("exhale")
    move = phase("move")
    assert phase_sound(inhale, True, hold) == sound.NEW_STRETCH
    assert phase_sound(inhale, False, hold) == sound.HOLD_END
    assert phase_sound(move, False, hold) == sound.HOLD_END
    assert phase_sound(inhale, False, move) == sound.BREATHE_IN
    assert phase_sound(inhale, False, None) == sound.BREATHE_IN
    assert phase_sound(exhale, False, inhale) == sound.BREATHE_OUT
    assert phase_sound(move, False, exhale) == sound.CHANGE
    assert phase_sound(phase("release"), False, None) == sound.CHANGE
    assert phase_sound(phase("rest"), False, phase("release")) == sound.CHANGE


@pytest.mark.parametrize(
    ("seconds", "remaining", "expected"),
    [
        (6.0, 3, True),
        (6.0, 2, True),
        (6.0, 1, True),
        (6.0, 4, False),
        (6.0, 0, False),
        (5.9, 3, False),
        (5.0, 1, False),
        (30.0, 5, False),
        (30.0, 1, True),
    ],
)
def test_ticks_only_at_3_2_1_of_phases_of_six_seconds_or_more(
    seconds: float, remaining: int, expected: bool
) -> None:
    """A tick at 3, 2 and 1 seconds left, only in phases of 6 s or more."""
    assert ticks(phase("hold", seconds), remaining) is expected


def test_number_words_at_every_boundary() -> None:
    """0-19 are single words, tens join with a hyphen, 100 and up (and below 0) are digits."""
    said = [number_words(n) for n in (0, 1, 9, 10, 13, 19, 20, 21, 30, 57, 80, 99, 100, 250, -1)]
    assert said == [
        "zero",
        "one",
        "nine",
        "ten",
        "thirteen",
        "nineteen",
        "twenty",
        "twenty-one",
        "thirty",
        "fifty-seven",
        "eighty",
        "ninety-nine",
        "100",
        "250",
        "-1",
    ]
    assert [number_words(n) for n in range(11, 19)] == [
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
    ]
    assert [number_words(n * 10 + 2) for n in range(2, 10)] == [
        "twenty-two",
        "thirty-two",
        "forty-two",
        "fifty-two",
        "sixty-two",
        "seventy-two",
        "eighty-two",
        "ninety-two",
    ]
    assert [number_words(n) for n in range(2, 9)] == [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
    ]


def test_narrator_names_stretch_side_and_rep_once_each() -> None:
    """Stretch name at its setup, side when it changes, 'Two of eight' when the rep changes."""
    bridge = prescribe(CATALOGUE.by_id("bridge"))
    narrator = Narrator()
    setup = phase("setup", 10.0, cue="Lie down", side="left", rep=0)
    assert narrator.words(setup, bridge) == "Bridge. Left side. Lie down"
    first = phase("inhale", cue="Breathe in", side="left", rep=1)
    assert narrator.words(first, bridge) == "One of eight. Breathe in"
    assert narrator.words(phase("exhale", cue="Out", side="left", rep=1), bridge) == "Out"
    held = phase("hold", 7.4, cue="Hold", side="left", rep=1)
    assert narrator.words(held, bridge) == "Hold, 7 seconds"
    other = phase("inhale", cue="In", side="right", rep=2)
    assert narrator.words(other, bridge) == "Right side. Two of eight. In"
    same_rep = phase("exhale", cue="Out", side="left", rep=2)
    assert narrator.words(same_rep, bridge) == "Left side. Two of eight. Out"
    switch = phase("setup", 6.0, cue="Switch to the right side", side="right", rep=0)
    assert narrator.words(switch, bridge) == "Switch to the right side"
    assert narrator.side == "right"


def test_narrator_on_a_new_stretch_forgets_side_and_rep() -> None:
    """A new stretch index resets: the same side and rep are said again; no name mid-stretch."""
    bridge = prescribe(CATALOGUE.by_id("bridge"))
    narrator = Narrator()
    narrator.words(phase("inhale", side="left", rep=1, cue="In"), bridge)
    later = phase("inhale", side="left", rep=1, cue="In", stretch_index=1)
    assert narrator.words(later, bridge) == "Left side. One of eight. In"
    assert narrator.stretch == 1


def test_narrator_in_the_countdown_says_only_the_cue() -> None:
    """No prescription (the get-ready countdown): the cue alone, the hold's seconds rounded."""
    narrator = Narrator()
    assert narrator.words(phase("setup", cue="Get ready", side="left"), None) == "Get ready"
    assert narrator.words(phase("hold", 9.6, cue="Hold"), None) == "Hold, 10 seconds"
    assert narrator.side is None and narrator.stretch == -1


def test_key_lines() -> None:
    """The plain lines each key prints, word for word."""
    assert cues.PAUSED == "Paused. Press space to go on."
    assert cues.RESUMED == "Going on."
    assert cues.PAIN_STOPPED == "Paused. Press space to go on with the next stretch, or q to quit."
    assert cues.STARTING_NOW == "Starting now."
    assert cues.QUITTING == "Stopping the session."
    assert cues.KEYS == "Keys: space pause · n next stretch · b restart · p this hurts · q quit"
    assert cues.COUNTDOWN_KEYS == "Keys: space start now · q quit"
    assert cues.skipped("Bridge") == "Skipped Bridge."
    assert cues.restarting("Bridge") == "Starting Bridge again."
