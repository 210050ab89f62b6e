"""The sounds as heard (pitch, length, loudness of each cue), where they are kept, what plays them.

And the voice: which speech command is used, and how a cue reaches it.
"""

from __future__ import annotations

import array
import io
import itertools
import math
import os
import shutil
import stat
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcoach.errors import InputError
from backcoach.paths import cache_dir
from backcoach.session import sound, voice
from backcoach.session.sound import RATE, Note
from backcoach.session.voice import Voice, find_command

FADE_SAMPLES = 265  # round(0.012 s * 22050)


def _read_wav(path: str) -> list[int]:
    with wave.open(path, "rb") as file:
        assert (file.getnchannels(), file.getsampwidth(), file.getframerate()) == (1, 2, RATE)
        return list(array.array("h", file.readframes(file.getnframes())))


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sound one sample long, for tests about files, not about how they sound."""
    monkeypatch.setattr(sound, "samples", lambda notes: [0.0])


@pytest.fixture(scope="module")
def wavs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[int]]:
    """Every cue, made once for this module, read back from its WAV file."""
    files = sound.prepare(str(tmp_path_factory.mktemp("sounds")))
    return {name: _read_wav(path) for name, path in files.items()}


def _seconds(values: list[int], start: float, end: float) -> list[int]:
    return values[round(start * RATE) : round(end * RATE)]


def _pitch(values: list[int]) -> float:
    """Hz of a pure tone, from its upward zero crossings."""
    crossings = sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)
    return crossings * RATE / len(values)


def _peak(values: list[int]) -> int:
    return max(map(abs, values))


# -- the sounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "frames", "peak"),
    [
        (sound.TICK, 772, 0.12),
        (sound.BREATHE_IN, 17640, 0.32),
        (sound.BREATHE_OUT, 17640, 0.32),
        (sound.HOLD_END, 26460, 0.452),
        (sound.NEW_STRETCH, 14112, 0.28),
        (sound.CHANGE, 4851, 0.204),
        (sound.END, 65048, 0.457),
    ],
)
def test_each_cue_lasts_and_is_as_loud_as_defined(
    wavs: dict[str, list[int]], name: str, frames: int, peak: float
) -> None:
    """Frames (22050 a second) and peak loudness; every cue starts and ends in silence."""
    values = wavs[name]
    assert len(values) == frames
    assert _peak(values) == pytest.approx(peak * 32767, rel=0.01)
    assert values[0] == 0
    assert abs(values[-1]) < 0.002 * 32767


@pytest.mark.parametrize(
    ("name", "start", "end", "hz"),
    [
        (sound.TICK, 0.0, 0.035, 1400),
        (sound.CHANGE, 0.0, 0.22, 587.33),
        (sound.NEW_STRETCH, 0.01, 0.15, 523.25),  # three rising notes: C5...
        (sound.NEW_STRETCH, 0.18, 0.32, 659.25),  # ...E5...
        (sound.NEW_STRETCH, 0.35, 0.63, 783.99),  # ...G5
        (sound.END, 0.02, 0.24, 1046.5),  # the chord starts on C6 alone...
        (sound.END, 2.45, 2.93, 523.25),  # ...and ends on C5 alone
        (sound.BREATHE_IN, 0.0, 0.1, 344.8),  # a glide up from 330 Hz...
        (sound.BREATHE_IN, 0.7, 0.8, 632.4),  # ...to 660
        (sound.BREATHE_OUT, 0.0, 0.1, 632.4),  # and down
        (sound.BREATHE_OUT, 0.7, 0.8, 344.8),
    ],
)
def test_each_cue_has_its_pitch(
    wavs: dict[str, list[int]], name: str, start: float, end: float, hz: float
) -> None:
    """The pitch heard in each stretch of a cue (for a glide, the mean over that stretch)."""
    assert _pitch(_seconds(wavs[name], start, end)) == pytest.approx(hz, rel=0.05)


def test_the_tick_is_a_faded_sine_sample_by_sample(wavs: dict[str, list[int]]) -> None:
    """The tick: 1400 Hz at 0.12 of full scale, faded in and out over 12 ms."""
    count = 772
    for i, value in enumerate(wavs[sound.TICK]):
        envelope = min(1.0, i / FADE_SAMPLES, (count - i) / FADE_SAMPLES)
        expected = 0.12 * envelope * math.sin(2 * math.pi * 1400 * (i + 1) / RATE)
        assert abs(value - expected * 32767) <= 1.0, i


@pytest.mark.parametrize(("name", "ratio"), [(sound.CHANGE, 0.46), (sound.HOLD_END, 0.06)])
def test_struck_notes_die_away(wavs: dict[str, list[int]], name: str, ratio: float) -> None:
    """A struck note fades as a bell does: much softer 0.13 s (change) or 0.8 s (chime) later."""
    values = wavs[name]
    later = 0.13 if name == sound.CHANGE else 0.8
    first = _peak(_seconds(values, 0.02, 0.06))
    second = _peak(_seconds(values, 0.02 + later, 0.06 + later))
    assert second / first == pytest.approx(ratio, abs=0.12)


def test_held_notes_do_not_die_away(wavs: dict[str, list[int]]) -> None:
    """A breath holds its loudness from after the fade in until the fade out."""
    values = wavs[sound.BREATHE_IN]
    assert _peak(_seconds(values, 0.05, 0.15)) == pytest.approx(
        _peak(_seconds(values, 0.6, 0.7)), rel=0.01
    )


def test_notes_together_add_up_and_are_clipped_to_full_scale() -> None:
    """Two notes at once are as loud as both; more than full scale is cut at -1 and 1."""
    quiet = sound.samples((Note(440, 440, 0.05, 0.4), Note(440, 440, 0.05, 0.4)))
    assert max(quiet) == pytest.approx(0.8, rel=0.01)
    loud = sound.samples((Note(440, 440, 0.05, 0.8), Note(440, 440, 0.05, 0.8)))
    assert (max(loud), min(loud)) == (1.0, -1.0)


def test_a_later_note_starts_at_its_time() -> None:
    """A note 'at' 0.1 s is silent before then, and the sound lasts to its end."""
    values = sound.samples((Note(440, 440, 0.05, 0.5), Note(880, 880, 0.05, 0.5, at=0.1)))
    assert len(values) == round(0.15 * RATE)
    assert max(map(abs, values[round(0.05 * RATE) : round(0.1 * RATE) + 1])) == 0.0
    assert max(values[round(0.1 * RATE) :]) == pytest.approx(0.5, rel=0.01)


# -- the WAV file ------------------------------------------------------------------------


def test_wav_is_16_bit_mono_at_the_rate_with_the_values_scaled(tmp_path: Path) -> None:
    """-1..1 becomes -32767..32767, one channel, two bytes a sample, 22050 a second."""
    path = str(tmp_path / "x.wav")
    sound.write_wav(path, [0.0, 0.5, -0.5, 1.0, -1.0, 0.25])
    assert _read_wav(path) == [0, 16384, -16384, 32767, -32767, 8192]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["x.wav"]


def test_a_wav_left_half_made_is_made_again(tmp_path: Path) -> None:
    """A temporary file left by an earlier run of this process id is replaced, not an error."""
    path = str(tmp_path / "x.wav")
    Path(f"{path}.{os.getpid()}.tmp").write_bytes(b"half")
    sound.write_wav(path, [0.5])
    assert _read_wav(path) == [16384]
    assert os.listdir(tmp_path) == ["x.wav"]


def test_a_wav_that_cannot_be_put_in_place_leaves_nothing_behind(tmp_path: Path) -> None:
    """When the file cannot replace what is there (a folder): the error, and no temporary left."""
    (tmp_path / "x.wav").mkdir()
    with pytest.raises(IsADirectoryError):
        sound.write_wav(str(tmp_path / "x.wav"), [0.5])
    assert os.listdir(tmp_path) == ["x.wav"]


# -- the cache ---------------------------------------------------------------------------


@pytest.mark.usefixtures("quick")
def test_the_sounds_are_kept_in_the_cache_folder_named_by_version() -> None:
    """Each cue is <cache>/sounds/<name>-<10 hex digits>.wav, one version for all."""
    files = sound.prepare()
    version = sound._version()
    assert len(version) == 10 and int(version, 16) >= 0
    assert files == {
        name: os.path.join(cache_dir(), "sounds", f"{name}-{version}.wav") for name in sound.SOUNDS
    }


def test_an_edited_sound_gets_a_new_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing a sound's notes changes the version, so it is made again."""
    before = sound._version()
    monkeypatch.setitem(sound.SOUNDS, sound.TICK, (Note(1500, 1500, 0.035, 0.12),))
    assert sound._version() != before


@pytest.mark.usefixtures("quick")
def test_cached_files_are_reused_not_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second time, every file is already there: nothing is written."""
    folder = str(tmp_path / "sounds")
    files = sound.prepare(folder)
    written: list[str] = []
    monkeypatch.setattr(sound, "write_wav", lambda path, values: written.append(path))
    assert sound.prepare(folder) == files
    assert written == []
    (tmp_path / "sounds" / os.path.basename(files[sound.TICK])).unlink()
    sound.prepare(folder)
    assert written == [files[sound.TICK]]


@pytest.mark.usefixtures("quick")
def test_missing_folders_are_made_private_relative_ones_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every missing folder on the way is made, owner only (0700), for a relative path too."""
    monkeypatch.setattr(sound, "write_wav", lambda path, values: None)
    monkeypatch.chdir(tmp_path)
    sound.prepare(os.path.join("a", "b", "c"))
    for folder in ("a", "a/b", "a/b/c"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder
    sound.prepare(str(tmp_path / "d" / "e"))
    for folder in ("d", "d/e"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder


# -- players -----------------------------------------------------------------------------


def _which(*found: str) -> Callable[[str], str | None]:
    return lambda name: f"/opt/bin/{name}" if name in found else None


@pytest.mark.parametrize(
    ("found", "command"),
    [
        (("paplay", "pw-play", "aplay", "afplay"), ["/opt/bin/paplay"]),
        (("pw-play", "aplay", "afplay"), ["/opt/bin/pw-play"]),
        (("aplay", "afplay"), ["/opt/bin/aplay", "-q"]),
        (("afplay",), ["/opt/bin/afplay"]),
        ((), None),
    ],
)
def test_the_first_player_found_is_used(
    monkeypatch: pytest.MonkeyPatch, found: tuple[str, ...], command: list[str] | None
) -> None:
    """paplay, then pw-play, then aplay (quietly), then afplay."""
    monkeypatch.setattr(shutil, "which", _which(*found))
    assert sound.find_player() == command


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    files = {sound.TICK: "/cache/tick.wav"}
    monkeypatch.setattr(sound, "prepare", lambda: files)
    return files


@pytest.mark.parametrize(
    ("found", "said"),
    [(("paplay",), "tones through paplay"), (("aplay",), "tones through aplay")],
)
def test_tones_through_the_player_found(
    monkeypatch: pytest.MonkeyPatch, made: dict[str, str], found: tuple[str], said: str
) -> None:
    """--sound tones with a player: the tones, played by it, and it is named."""
    monkeypatch.setattr(shutil, "which", _which(*found))
    player, words = sound.make_player("tones", io.StringIO(), bell=True)
    assert isinstance(player, sound.TonePlayer)
    assert player.command == sound.find_player() and player.files == made
    assert words == said


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "Permission denied"),
        (OSError("disk full"), "disk full"),
    ],
)
def test_tones_that_cannot_be_made_fall_back_to_the_bell(
    monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    """The cache cannot be written: the bell, saying why."""
    monkeypatch.setattr(shutil, "which", _which("paplay"))

    def fail() -> dict[str, str]:
        raise error

    monkeypatch.setattr(sound, "prepare", fail)
    out = io.StringIO()
    player, words = sound.make_player("tones", out, bell=True)
    assert words == f"tones could not be made ({reason}); the terminal bell instead"
    assert isinstance(player, sound.BellPlayer)
    player(sound.CHANGE)
    assert out.getvalue() == "\a"
    assert sound.make_player("tones", out, bell=False) == (
        None,
        f"tones could not be made ({reason}); no sound",
    )


@pytest.mark.usefixtures("quick")
def test_a_cache_folder_that_is_a_file_falls_back_to_the_bell(
    monkeypatch: pytest.MonkeyPatch, backcoach_home: Path
) -> None:
    """Where the sounds folder should be there is a file: tones cannot be made, the bell rings."""
    monkeypatch.setattr(shutil, "which", _which("paplay"))
    folder = Path(cache_dir()) / "sounds"
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    player, words = sound.make_player("tones", io.StringIO(), bell=True)
    assert isinstance(player, sound.BellPlayer)
    assert words == "tones could not be made (Not a directory); the terminal bell instead"


def test_no_player_means_the_bell_or_nothing(
    monkeypatch: pytest.MonkeyPatch, made: dict[str, str]
) -> None:
    """No player program: the bell where one can be heard, else no sound; each says why."""
    monkeypatch.setattr(shutil, "which", _which())
    out = io.StringIO()
    player, words = sound.make_player("tones", out, bell=True)
    assert (
        words == "no sound player found (paplay, pw-play, aplay, afplay); the terminal bell instead"
    )
    assert isinstance(player, sound.BellPlayer)
    player(sound.NEW_STRETCH)
    assert out.getvalue() == "\a"
    assert sound.make_player("tones", out, bell=False) == (
        None,
        "no sound player found (paplay, pw-play, aplay, afplay); no sound",
    )


@pytest.mark.parametrize(
    ("mode", "bell", "kind", "said"),
    [
        ("bell", True, sound.BellPlayer, "the terminal bell"),
        ("bell", False, type(None), "no sound"),
        ("off", True, type(None), "no sound"),
        ("off", False, type(None), "no sound"),
    ],
)
def test_bell_and_off(
    monkeypatch: pytest.MonkeyPatch, mode: str, bell: bool, kind: type, said: str
) -> None:
    """--sound bell rings where a bell can be heard; --sound off is silence, even with a player."""
    monkeypatch.setattr(shutil, "which", _which("paplay"))
    out = io.StringIO()
    player, words = sound.make_player(mode, out, bell=bell)
    assert isinstance(player, kind) and words == said
    if player is not None:
        player(sound.HOLD_END)
        assert out.getvalue() == "\a"


@pytest.mark.parametrize("error", [OSError(5, "Input/output error"), ValueError("closed")])
def test_a_bell_that_cannot_be_written_is_silent(error: Exception) -> None:
    """The terminal gone (EIO) or the stream closed: no bell, and no error."""

    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise error

    sound.BellPlayer(Broken())(sound.CHANGE)


class Process:
    """A started program that the test says is running or has ended."""

    def __init__(self, log: list[Any], argv: list[str], **kwargs: Any) -> None:
        self.argv = argv
        self.kwargs = kwargs
        self.running = True
        self.polls = 0
        self.log = log
        self.stdin = Pipe(log) if kwargs.get("stdin") == subprocess.PIPE else None
        log.append(("start", argv))

    def poll(self) -> int | None:
        self.polls += 1
        return None if self.running else 0

    def terminate(self) -> None:
        self.log.append(("terminate", self.argv))

    def wait(self, timeout: float | None = None) -> int:
        raise AssertionError("waited for a program")


class Pipe:
    def __init__(self, log: list[Any]) -> None:
        self.log = log

    def write(self, data: bytes) -> None:
        self.log.append(("stdin", data))

    def close(self) -> None:
        self.log.append(("close", None))


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Process]:
    """Every program started through subprocess.Popen, not really started; the log in .log."""
    processes: list[Process] = []
    log: list[Any] = []

    def popen(argv: list[str], **kwargs: Any) -> Process:
        process = Process(log, argv, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    return processes


def test_a_tone_is_played_in_its_own_session_with_no_output(started: list[Process]) -> None:
    """The player gets the file, no input, its output thrown away, and never sees Ctrl-C."""
    sound.TonePlayer(["/opt/bin/aplay", "-q"], {sound.TICK: "/cache/tick.wav"})(sound.TICK)
    assert [(p.argv, p.kwargs) for p in started] == [
        (
            ["/opt/bin/aplay", "-q", "/cache/tick.wav"],
            {
                "stdin": subprocess.DEVNULL,
                "stdout": subprocess.DEVNULL,
                "stderr": subprocess.DEVNULL,
                "start_new_session": True,
            },
        )
    ]


def test_players_are_looked_at_until_they_end(started: list[Process]) -> None:
    """Each tone played is checked on the next ones until it has ended, then no more."""
    player = sound.TonePlayer(["/opt/bin/paplay"], {sound.TICK: "/cache/tick.wav"})
    player(sound.TICK)
    first = started[0]
    player(sound.TICK)
    player(sound.TICK)
    assert first.polls == 2
    first.running = False
    player(sound.TICK)
    player(sound.TICK)
    assert first.polls == 3
    assert started[1].polls == 3


def test_a_player_that_cannot_start_is_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The player program gone since it was found: that tone is not heard, nothing fails."""

    def popen(argv: list[str], **kwargs: Any) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(subprocess, "Popen", popen)
    sound.TonePlayer(["/opt/bin/paplay"], {sound.TICK: "/cache/tick.wav"})(sound.TICK)


# -- the voice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "command"),
    [
        (("espeak-ng", "spd-say", "say"), ["espeak-ng"]),
        (("spd-say", "say"), ["spd-say", "--wait"]),
        (("say",), ["say"]),
        ((), None),
    ],
)
def test_the_first_speech_command_found_is_used(
    monkeypatch: pytest.MonkeyPatch, found: tuple[str, ...], command: list[str] | None
) -> None:
    """espeak-ng, then spd-say (waiting for each cue), then say."""
    monkeypatch.setattr(shutil, "which", _which(*found))
    assert find_command() == command


def test_a_configured_speech_command_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """speech_command wins over the environment variable, which wins over the programs found."""
    monkeypatch.setattr(shutil, "which", _which("espeak-ng", "say", "festival"))
    assert find_command("say -v Daniel") == ["say", "-v", "Daniel"]
    monkeypatch.setenv(voice.ENV_VAR, "festival --tts")
    assert find_command() == ["festival", "--tts"]
    assert find_command("espeak-ng -v 'en-gb'") == ["espeak-ng", "-v", "en-gb"]


def test_a_configured_command_not_installed_is_no_voice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A speech command set but not on PATH (or blank): no voice, not some other program."""
    monkeypatch.setattr(shutil, "which", _which("espeak-ng", "-v"))
    assert find_command("missing -v x") is None
    assert find_command("   ") is None


@pytest.mark.parametrize(
    ("configured", "env", "where"),
    [("espeak-ng -v 'en-gb", None, "speech_command"), (None, "say \\", voice.ENV_VAR)],
)
def test_an_unreadable_speech_command_says_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch, configured: str | None, env: str | None, where: str
) -> None:
    """An unclosed quote or trailing backslash: an input error naming the setting and the fix."""
    if env is not None:
        monkeypatch.setenv(voice.ENV_VAR, env)
    chosen = configured or env
    reason = "No closing quotation" if configured else "No escaped character"
    with pytest.raises(InputError) as raised:
        find_command(configured)
    assert str(raised.value) == (
        f"{where} {chosen!r} cannot be read as a command ({reason}); "
        "close its quotes, like \"espeak-ng -v 'en-gb'\""
    )


def test_a_cue_is_spoken_in_its_own_session_with_no_output(started: list[Process]) -> None:
    """The cue goes on standard input, output is thrown away, Ctrl-C never reaches it."""
    Voice(["espeak-ng", "-s", "140"]).say("Breathe in")
    (process,) = started
    assert process.kwargs == {
        "stdin": subprocess.PIPE,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "start_new_session": True,
    }
    assert process.log == [
        ("start", ["espeak-ng", "-s", "140"]),
        ("stdin", b"Breathe in\n"),
        ("close", None),
    ]


def test_spd_say_gets_the_cue_as_an_argument(started: list[Process]) -> None:
    """spd-say reads no input: the cue is its last argument, after '--'."""
    Voice(["/usr/bin/spd-say", "--wait"]).say("-é")
    (process,) = started
    assert process.argv == ["/usr/bin/spd-say", "--wait", "--", "-é"]
    assert process.kwargs["stdin"] == subprocess.DEVNULL
    assert process.log == [("start", process.argv)]


def test_a_speech_program_that_cannot_start_or_read_is_silence(
    monkeypatch: pytest.MonkeyPatch, started: list[Process]
) -> None:
    """The program missing, or gone before reading its cue: no voice, no error."""
    speaker = Voice(["espeak-ng"])
    real = subprocess.Popen

    def missing(argv: list[str], **kwargs: Any) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(subprocess, "Popen", missing)
    speaker.say("one")
    speaker.stop()
    monkeypatch.setattr(subprocess, "Popen", real)

    def broken(data: bytes) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(Pipe, "write", lambda self, data: broken(data))
    monkeypatch.setattr(Pipe, "close", lambda self: broken(b""))
    speaker.say("two")
    assert [p.argv for p in started] == [["espeak-ng"]]


def test_cutting_a_cue_short_that_has_already_ended_is_quiet(started: list[Process]) -> None:
    """terminate() failing (the program just ended) is no error; stopping twice is harmless."""
    speaker = Voice(["espeak-ng"])
    speaker.say("one")

    def gone() -> None:
        raise ProcessLookupError(3, "No such process")

    started[0].terminate = gone  # type: ignore[method-assign]
    speaker.stop()
    speaker.stop()
    speaker.say("two")
    assert [entry[0] for entry in started[1].log] == [
        "start",
        "stdin",
        "close",
        "start",
        "stdin",
        "close",
    ]


def test_cues_cut_short_are_looked_at_until_they_end(started: list[Process]) -> None:
    """A cue cut short is checked on each later cue until it has gone, then no more."""
    speaker = Voice(["espeak-ng"])
    speaker.say("one")
    speaker.say("two")  # cuts "one" short
    first = started[0]
    polls = first.polls
    speaker.say("three")
    assert first.polls == polls + 1  # still going: looked at again
    first.running = False
    speaker.say("four")
    speaker.say("five")
    assert first.polls == polls + 2  # gone: forgotten
