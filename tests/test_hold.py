"""`backcoach hold`: a stretch put on hold by hand, and the on_hold field of list/show --json."""

from __future__ import annotations

import json

import pytest

from backcoach.history.store import History, default_path
from helpers import invoke


def on_hold_in_list() -> dict[str, object]:
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.stderr
    return {s["id"]: s["on_hold"] for s in json.loads(result.stdout)}


def test_hold_puts_a_stretch_on_hold_with_its_reason() -> None:
    """hold (by number) records the reason; list --json and show --json carry it."""
    result = invoke("hold", "8", "--reason", "physio: not until March")
    assert result.exit_code == 0, result.stderr
    assert "bird-dog is on hold" in result.stdout
    held = on_hold_in_list()
    assert held["bird-dog"]["reason"] == "physio: not until March"  # type: ignore[index]
    assert [i for i, hold in held.items() if hold is not None] == ["bird-dog"]
    shown = json.loads(invoke("show", "bird-dog", "--json").stdout)["on_hold"]
    assert shown == held["bird-dog"]
    assert set(shown) == {"since", "reason"}


def test_a_held_stretch_is_left_out_of_sessions_until_resumed() -> None:
    """After hold, a dry run leaves the stretch out; resume brings it back and clears on_hold."""
    assert invoke("hold", "bridge").exit_code == 0
    phases = json.loads(invoke("session", "--dry-run", "--json").stdout)["phases"]
    assert "bridge" not in {p["stretch"] for p in phases}
    assert invoke("resume", "bridge").exit_code == 0
    assert on_hold_in_list()["bridge"] is None
    phases = json.loads(invoke("session", "--dry-run", "--json").stdout)["phases"]
    assert "bridge" in {p["stretch"] for p in phases}


def test_hold_twice_keeps_the_first_reason() -> None:
    """A second hold changes nothing, says so, and exits 0."""
    assert invoke("hold", "bridge", "--reason", "first").exit_code == 0
    result = invoke("hold", "bridge", "--reason", "second")
    assert result.exit_code == 0, result.stderr
    assert "already on hold" in result.stderr
    history = History.open()
    try:
        assert history.on_hold()["bridge"].reason == "first"
    finally:
        history.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["no-such-stretch"], "no-such-stretch"),
        (["bridge", "--reason", ""], "--reason"),
        (["bridge", "--reason", "two\nlines"], "--reason"),
    ],
)
def test_hold_bad_input_exits_2_and_records_nothing(args: list[str], words: str) -> None:
    """An unknown stretch or an unusable reason exits 2 and creates no history."""
    result = invoke("hold", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert not default_path().exists()


def test_list_json_has_on_hold_null_without_a_history() -> None:
    """Without a history every stretch has on_hold null, and list creates no history."""
    assert set(on_hold_in_list().values()) == {None}
    assert not default_path().exists()
