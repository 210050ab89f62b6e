"""Settings: the exact words of each refusal, and where a too-deep config is."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach import config
from backcoach.errors import InputError


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a = 1", (1, 1)),  # nothing nested: the first character
        ("", (1, 1)),
        ("a = [XX]", (1, 5)),  # letters are not brackets
        ("a = [1]\nb = {X = 1}", (1, 5)),  # the first of two equally deep
    ],
)
def test_deepest_bracket_edge_cases(text: str, where: tuple[int, int]) -> None:
    """Without nesting the place is 1:1; only [ and { open a level."""
    assert config._deepest(text) == where


def refusal(tmp_path: Path, text: str) -> str:
    """The one problem read_file reports for `text`, as FILE:LINE:COL: message."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        config.read_file(path)
    [problem] = raised.value.problems
    assert str(raised.value) == str(problem)
    return str(problem).removeprefix(f"{path}:")


def test_text_with_a_control_character_is_refused_in_words(tmp_path: Path) -> None:
    """A bell in a text setting is named as a control character, with an example."""
    assert refusal(tmp_path, 'routine = "a\\u0007b"\n') == (
        '1:1: routine: must not contain control characters (e.g. routine = "quick")'
    )


def test_blank_text_is_refused_in_words(tmp_path: Path) -> None:
    """A text setting of spaces asks for text in quotes."""
    assert refusal(tmp_path, 'speech_command = "  "\n') == (
        '1:1: speech_command: must be text in quotes (e.g. speech_command = "espeak-ng -s 140")'
    )


EXAMPLES = {
    "level": '"gentle"',
    "routine": '"quick"',
    "sound": '"bell"',
    "voice": "true",
    "speech_command": '"espeak-ng -s 140"',
    "checkin": "false",
    "figure": "false",
    "get_ready_seconds": "15",
    "rest_seconds": "20",
    "catalogue": '"~/physio/stretches.yaml"',
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_value_of_the_wrong_type_is_refused_with_an_example(name: str, tmp_path: Path) -> None:
    """Each setting's wrong-type refusal says what it must be and shows a value that works."""
    setting = config.BY_NAME[name]
    wrong = (
        "[1]"
        if setting.kind == "tones, bell or off"
        else ('"x"' if setting.kind != "text" else "1")
    )
    quotes = "in quotes" if setting.kind in ("text", "tones, bell or off") else "without quotes"
    assert refusal(tmp_path, f"\n  {name} = {wrong}\n") == (
        f"2:3: {name}: must be {setting.kind}, {quotes} (e.g. {name} = {EXAMPLES[name]})"
    )


def test_too_deep_config_message_names_the_place(tmp_path: Path) -> None:
    """A config nested hundreds deep is one problem at its deepest bracket."""
    assert refusal(tmp_path, "a = " + "[" * 600 + "]" * 600) == (
        "1:604: nested too deeply; a config needs no nesting"
    )
