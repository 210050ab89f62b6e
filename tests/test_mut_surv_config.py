"""Settings: exact refusals from variables, files and folders; where a too-deep config is."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach import config
from backcoach.errors import InputError

KNOWN = (
    "level, routine, sound, voice, speech_command, checkin, figure, "
    "get_ready_seconds, rest_seconds, catalogue"
)


def refused(text: str, tmp_path: Path) -> list[str]:
    """Every problem read_file reports for `text`, as LINE:COL: message."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        config.read_file(path)
    return [str(problem).removeprefix(f"{path}:") for problem in raised.value.problems]


# -- the environment and the file that load is given ---------------------------------------


def test_load_reads_the_environment_it_is_given_not_the_processes() -> None:
    """load(environ=...) uses that mapping: BACKCOACH_SOUND=bell of the process is ignored."""
    settings = config.load(environ={"BACKCOACH_LEVEL": "gentle"})
    assert settings["level"] == "gentle"
    assert settings.sources["level"] == "environment (BACKCOACH_LEVEL)"
    assert settings["sound"] == "tones"
    assert settings.sources["sound"] == "default"


def test_load_reads_the_config_file_it_is_given(tmp_path: Path) -> None:
    """load(path=...) reads that file, and its sources name it with the line."""
    path = tmp_path / "elsewhere" / "my.toml"
    path.parent.mkdir()
    path.write_text('\nroutine = "quick"\n', encoding="utf-8")
    settings = config.load(environ={}, path=path)
    assert settings["routine"] == "quick"
    assert settings.sources["routine"] == f"{path}:2"
    assert settings.file == str(path)


def test_a_world_writable_folder_of_the_given_config_is_refused_in_words(tmp_path: Path) -> None:
    """The folder of the config file given to load is checked, and named in the refusal."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(InputError) as raised:
        config.load(environ={}, path=shared / "config.toml")
    assert str(raised.value) == (
        f"{shared}: backcoach will not use this folder: anyone can change it (it is "
        "world-writable), so what it holds may not be yours. Fix: "
        f"`chmod go-w {shared}`; or move your files elsewhere (BACKCOACH_HOME)."
    )


def test_a_config_that_is_a_folder_is_refused_in_words(tmp_path: Path) -> None:
    """A folder where config.toml should be is 'not a config file'."""
    folder = tmp_path / "config.toml"
    folder.mkdir()
    with pytest.raises(InputError) as raised:
        config.read_file(folder)
    assert str(raised.value) == f"{folder}: is a folder, not a config file"


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("BACKCOACH_VOICE", "maybe", "must be true or false"),
        ("BACKCOACH_REST_SECONDS", "soon", "must be a number of seconds"),
        ("BACKCOACH_SOUND", "loud", "must be tones, bell or off"),
    ],
)
def test_a_bad_variable_is_refused_with_its_exact_words(
    variable: str, value: str, words: str
) -> None:
    """A bad BACKCOACH_* value: the variable, its value and what it must be, word for word."""
    with pytest.raises(InputError) as raised:
        config.load(environ={variable: value})
    assert str(raised.value) == f"{variable}={value!r}: {words}"


def test_seconds_refuse_true_or_false_in_words() -> None:
    """A true/false given where seconds are wanted asks for a number of seconds."""
    with pytest.raises(ValueError) as raised:
        config.BY_NAME["rest_seconds"].parse(True)
    assert str(raised.value) == "must be a number of seconds"


# -- problems in the file, word for word ---------------------------------------------------


def test_seconds_written_as_true_are_refused_as_the_wrong_type(tmp_path: Path) -> None:
    """`rest_seconds = true` asks for a number without quotes, with an example."""
    assert refused("rest_seconds = true\n", tmp_path) == [
        "1:1: rest_seconds: must be a number, without quotes (e.g. rest_seconds = 20)"
    ]


def test_an_unknown_setting_far_from_any_lists_the_known_ones(tmp_path: Path) -> None:
    """With no close name to suggest, the refusal lists every setting."""
    assert refused('\ncolour = "red"\n', tmp_path) == [
        f"2:1: unknown setting 'colour'; known settings: {KNOWN}"
    ]


def test_an_unfound_key_is_placed_at_the_start_of_the_file(tmp_path: Path) -> None:
    """A dotted key (not found by name) is reported at 1:1, where it is."""
    assert refused('colour.name = "red"\n', tmp_path) == [
        f"1:1: unknown setting 'colour'; known settings: {KNOWN}"
    ]
    assert config._where("x = 1\n", "y") == (1, 1)


def test_every_wrong_type_is_reported_not_only_the_first(tmp_path: Path) -> None:
    """After a value of the wrong type, the settings below it are still checked."""
    assert refused('voice = "no"\nlevel = "hard"\nfigure = 2\n', tmp_path) == [
        "1:1: voice: must be true or false, without quotes (e.g. voice = true)",
        "2:1: level: must be 'standard' or 'gentle' (e.g. level = \"gentle\")",
        "3:1: figure: must be true or false, without quotes (e.g. figure = false)",
    ]


# -- where the deepest bracket is ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("]\n[", (2, 1), id="a-stray-close-does-not-go-below-zero"),
        pytest.param('"[[" = 1\nb = [1]', (2, 5), id="a-quote-first"),
        pytest.param('"\\"[', (1, 1), id="escape-second"),
        pytest.param('"\\""[', (1, 5), id="escape-then-close"),
        pytest.param('"[[["\n[', (2, 1), id="a-string-closes-only-at-its-quote"),
        pytest.param("X = [1]", (1, 5), id="letters-are-not-quotes"),
        pytest.param('a = "[[]]"\nb = [1]', (2, 5), id="balanced-brackets-in-a-string"),
        pytest.param("# [[]]\nb = [1]", (2, 5), id="balanced-brackets-in-a-comment"),
        pytest.param("# c\nb = [[1]]\nc = 1", (2, 6), id="a-comment-ends-at-its-line"),
        pytest.param('a = "[[" # say "hi"', (1, 1), id="a-comment-at-the-end"),
        pytest.param("[X[", (1, 3), id="letters-do-not-close"),
    ],
)
def test_deepest_bracket_exact_place(text: str, where: tuple[int, int]) -> None:
    """The deepest [ or { outside strings and comments, as LINE, COLUMN."""
    assert config._deepest(text) == where


def test_too_deep_config_after_a_shallower_one_is_placed_at_the_deepest(tmp_path: Path) -> None:
    """Nesting that closes too much, then nests deeper: the deeper line is the one named."""
    text = "a = " + "[" * 600 + "]" * 700 + "\nb = " + "[" * 601
    assert refused(text, tmp_path) == ["2:605: nested too deeply; a config needs no nesting"]
