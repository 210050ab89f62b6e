"""Sounds and voice for a person who is not looking: which, when, how made, how played."""

from __future__ import annotations

import array
import itertools
import os
import stat
import subprocess
import wave
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load
from backcoach.session import sound
from backcoach.session.cues import Narrator, number_words
from backcoach.session.planner import Phase, plan, prescribe
from backcoach.session.runner import Environment, run_session
from backcoach.session.voice import Voice
from fakes import FakeClock, RecordingView

CATALOGUE = load()


def timeline(*ids: str):  # type: ignore[no-untyped-def]
    return plan([prescribe(CATALOGUE.by_id(i)) for i in ids], CATALOGUE.timing)


def heard(keys=(), ids=("bridge", "hip-stretch"), get_ready=10.0):  # type: ignore[no-untyped-def]
    """Run a session on the fake clock; every sound it makes, with the session time."""
    clock = FakeClock(list(keys))
    sounds: list[tuple[float, str]] = []
    env = Environment(clock, RecordingView(), sound=lambda name: sounds.append((clock.t, name)))
    run_session(timeline(*ids), CATALOGUE, env, get_ready)
    return sounds


def expected_phase_sound(phases: tuple[Phase, ...], index: int) -> str:
    phase = phases[index]
    previous = phases[index - 1] if index else None
    if previous is None or previous.stretch_index != phase.stretch_index:
        return sound.NEW_STRETCH
    if previous.kind == "hold":
        return sound.HOLD_END
    return {"inhale": sound.BREATHE_IN, "exhale": sound.BREATHE_OUT}.get(phase.kind, sound.CHANGE)


def test_one_sound_per_phase_change_by_kind_then_the_end() -> None:
    """Each change has its sound: new stretch, chime after a hold, rising in, falling out."""
    planned = timeline("bridge", "hip-stretch")
    ready = 10.0
    sounds = [(t, name) for t, name in heard() if name != sound.TICK]
    expected = [
        (ready + phase.start, expected_phase_sound(planned.phases, index))
        for index, phase in enumerate(planned.phases)
    ]
    assert sounds[:-1] == expected
    assert sounds[-1] == (ready + planned.total_seconds, sound.END)
    names = {name for _, name in sounds}
    assert names == {*sound.PHASE_SOUNDS, sound.END}  # every kind is heard in these two


def test_ticks_at_3_2_1_before_each_change_of_a_long_phase() -> None:
    """Ticks come 3, 2 and 1 s before the end of each phase of 6 s or more, the countdown too."""
    planned = timeline("bridge", "hip-stretch")
    ready = 10.0
    ticks = [t for t, name in heard() if name == sound.TICK]
    expected = [ready - 3, ready - 2, ready - 1]
    for phase in planned.phases:
        if phase.seconds >= 6:
            expected += [ready + phase.end - s for s in (3, 2, 1)]
    assert ticks == pytest.approx(expected)
    breaths = [p for p in planned.phases if p.kind in ("inhale", "exhale")]
    assert all(p.seconds < 6 for p in breaths)  # so a breath is never ticked through


def test_no_ticks_while_stopped_for_pain() -> None:
    """Stopped on the pain advice for 10 min: no tick, no sound until space."""
    sounds = heard(keys=[(15.0, "p"), (615.0, " ")], get_ready=0.0)
    assert not [t for t, _ in sounds if 15.0 < t < 615.0]
    assert (615.0, sound.NEW_STRETCH) in sounds


def test_bell_player_rings_for_phase_changes_only() -> None:
    """The bell rings for each phase sound, never for a tick or the end."""
    import io

    out = io.StringIO()
    bell = sound.BellPlayer(out)
    for name in (*sound.PHASE_SOUNDS, sound.TICK, sound.END):
        bell(name)
    assert out.getvalue() == "\a" * len(sound.PHASE_SOUNDS)


def _tone(path: str) -> tuple[int, list[int]]:
    with wave.open(path, "rb") as file:
        assert (file.getnchannels(), file.getsampwidth()) == (1, 2)
        frames = array.array("h", file.readframes(file.getnframes()))
        return file.getframerate(), list(frames)


def _pitch(values: list[int], rate: int) -> float:
    """The pitch of a short stretch of a pure tone, from its upward zero crossings."""
    crossings = sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)
    return crossings * rate / len(values)


def test_tones_are_made_once_private_and_rise_or_fall(backcoach_home: Path) -> None:
    """Each sound is a WAV in the cache (folder 0700, files 0600); in rises, out falls."""
    files = sound.prepare()
    assert set(files) == set(sound.SOUNDS)
    folder = Path(files[sound.TICK]).parent
    assert folder.is_relative_to(backcoach_home)
    for path in (folder, folder.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    for path in files.values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    rate, rising = _tone(files[sound.BREATHE_IN])
    _, falling = _tone(files[sound.BREATHE_OUT])
    window = rate // 10
    assert _pitch(rising[-window:], rate) > 1.7 * _pitch(rising[:window], rate)
    assert _pitch(falling[:window], rate) > 1.7 * _pitch(falling[-window:], rate)
    _, tick = _tone(files[sound.TICK])
    assert len(tick) < rate // 10  # a tick is short...
    assert max(map(abs, tick)) < max(map(abs, rising))  # ...and soft
    made = {name: os.stat(path).st_mtime_ns for name, path in files.items()}
    assert sound.prepare() == files  # the second time, nothing is made again
    assert {name: os.stat(path).st_mtime_ns for name, path in files.items()} == made


def test_tone_player_starts_a_player_and_never_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tone is one Popen of the player with the file; nothing waits for it to finish."""
    started: list[list[str]] = []

    class FakePopen:
        def __init__(self, argv: list[str], **kwargs: object) -> None:
            started.append(argv)
            assert kwargs["stdin"] == subprocess.DEVNULL

        def poll(self) -> int | None:
            return None

        def wait(self, timeout: float | None = None) -> int:
            raise AssertionError("a sound was waited for")

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    player = sound.TonePlayer(["/usr/bin/paplay"], {sound.TICK: "/cache/tick.wav"})
    player(sound.TICK)
    player(sound.TICK)
    player("unknown")
    assert started == [["/usr/bin/paplay", "/cache/tick.wav"]] * 2


def test_player_found_once_else_the_bell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tones uses the first player on PATH; with none, the bell (or nothing off a terminal)."""
    import io

    monkeypatch.setenv("PATH", str(tmp_path))
    player, said = sound.make_player("tones", io.StringIO(), bell=True)
    assert isinstance(player, sound.BellPlayer) and "no sound player found" in said
    assert sound.make_player("tones", io.StringIO(), bell=False)[0] is None
    assert sound.make_player("off", io.StringIO(), bell=True)[0] is None
    aplay = tmp_path / "aplay"
    aplay.write_text("#!/bin/sh\n")
    aplay.chmod(0o755)
    player, said = sound.make_player("tones", io.StringIO(), bell=True)
    assert isinstance(player, sound.TonePlayer)
    assert player.command == [str(aplay), "-q"] and said == "tones through aplay"
    assert isinstance(sound.make_player("bell", io.StringIO(), bell=True)[0], sound.BellPlayer)


# -- the voice -------------------------------------------------------------------------


def test_voice_names_side_and_repetition_when_they_change() -> None:
    """Spoken cues say the side and 'three of eight' whenever they change, not otherwise."""
    said: list[str] = []
    env = Environment(FakeClock(), RecordingView(), speak=said.append)
    planned = timeline("hip-stretch", "bird-dog")
    run_session(planned, CATALOGUE, env)
    hip = CATALOGUE.by_id("hip-stretch")
    reps = number_words(prescribe(hip).reps)
    assert said[0].startswith("Hip stretch. Left side. ")
    first_rep = next(text for text in said if text.startswith("One of "))
    assert first_rep.startswith(f"One of {reps}. ")
    assert "Left side" not in first_rep  # already said, unchanged
    assert any(text.startswith(f"Two of {reps}. ") for text in said)
    assert any(text.startswith("Right side. Kneel on RIGHT knee") for text in said)
    bird = list(said[said.index(next(s for s in said if s.startswith("Bird dog"))) :])
    assert any(text.startswith("Right side. Two of ") for text in bird)  # alternating sides


def test_narrator_words() -> None:
    """Numbers are words up to 99; the hold says its seconds."""
    assert [number_words(n) for n in (3, 8, 14, 20, 42, 100)] == [
        "three",
        "eight",
        "fourteen",
        "twenty",
        "forty-two",
        "100",
    ]
    planned = timeline("bridge")
    narrator = Narrator()
    words = [narrator.words(p, planned.prescriptions[0]) for p in planned.phases[:3]]
    assert words[0].startswith("Bridge. ")
    assert words[1] == "One of ten. Breathe in deeply"
    assert words[2] == "Breathe out, lift hips gently"


def _fake_speaker(folder: Path, name: str) -> Path:
    """A speech command that records its arguments and what it read on stdin."""
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        f'for arg in "$@"; do printf "%s\\n" "$arg"; done > {folder}/{name}.argv\n'
        f"cat > {folder}/{name}.stdin\n"
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("cue", ["-f/etc/shadow", "--help", "Breathe in"])
def test_cue_text_never_reaches_the_speech_program_as_an_option(tmp_path: Path, cue: str) -> None:
    """A configured command reads the cue on stdin; its arguments stay as configured."""
    speaker = _fake_speaker(tmp_path, "speak")
    voice = Voice([str(speaker), "-s", "140"])
    voice.say(cue)
    assert voice._speaking is not None and voice._speaking.wait(timeout=10) == 0
    assert (tmp_path / "speak.argv").read_text().splitlines() == ["-s", "140"]
    assert (tmp_path / "speak.stdin").read_text() == cue + "\n"


def test_spd_say_gets_the_cue_after_double_dash(tmp_path: Path) -> None:
    """spd-say takes text as an argument: it comes after '--', which ends its options."""
    speaker = _fake_speaker(tmp_path, "spd-say")
    voice = Voice([str(speaker), "--wait"])
    voice.say("-f/etc/shadow")
    assert voice._speaking is not None and voice._speaking.wait(timeout=10) == 0
    argv = (tmp_path / "spd-say.argv").read_text().splitlines()
    assert argv == ["--wait", "--", "-f/etc/shadow"]


def test_a_new_cue_cuts_the_last_short_without_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """say() terminates a cue still being spoken and never waits for it to go."""
    events: list[str] = []

    class FakePopen:
        stdin = None

        def __init__(self, argv: list[str], **kwargs: object) -> None:
            events.append("start")

        def poll(self) -> int | None:
            return None

        def terminate(self) -> None:
            events.append("terminate")

        def wait(self, timeout: float | None = None) -> int:
            raise AssertionError("speech was waited for")

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    voice = Voice(["espeak-ng"])
    voice.say("one")
    voice.say("two")
    voice.stop()
    assert events == ["start", "terminate", "start", "terminate"]


def test_sounds_and_speech_start_only_after_the_frame_is_drawn() -> None:
    """A phase's new frame is on screen before its sound or words start: neither delays it."""
    log: list[tuple[str, object]] = []

    class OrderedView(RecordingView):
        def show(self, frame, notice, force=False):  # type: ignore[no-untyped-def]
            super().show(frame, notice, force)
            log.append(("show", frame.phase_index))

    env = Environment(
        FakeClock(),
        OrderedView(),
        sound=lambda name: log.append(("sound", name)),
        speak=lambda text: log.append(("speak", text)),
    )
    planned = timeline("bridge")
    run_session(planned, CATALOGUE, env)
    phase_sounds = [i for i, (what, name) in enumerate(log) if what == "sound" and name != "tick"]
    assert len(phase_sounds) == len(planned.phases) + 1  # and the end
    shown = -1
    for what, value in log:
        if what == "show":
            shown = int(value)  # type: ignore[call-overload]
        elif what == "speak":
            assert planned.phases[shown].cue in str(value)  # said for the phase on screen
    for index in phase_sounds[:-1]:
        assert log[index - 1][0] == "show"
