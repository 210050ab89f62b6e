"""What Tab offers, asked of complete.py directly (test_completion.py asks a real shell process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach import complete
from backcoach.history.store import History, default_path

NAMES = {
    "spine-stretch": "Spine stretch",
    "hip-stretch": "Hip stretch",
    "bottom-stretch": "Bottom stretch",
    "leg-stretch": "Leg stretch",
    "lower-back-stretch": "Lower back stretch",
    "pelvic-tilts": "Pelvic tilts",
    "bridge": "Bridge",
    "bird-dog": "Bird dog",
    "deep-abdominal-stretch": "Deep abdominal stretch",
    "lower-stomach-stretch": "Lower stomach stretch",
}
EVERY = list(NAMES.items())


def hold(*ids: str) -> None:
    history = History.open()
    for stretch_id in ids:
        history.hold(stretch_id, "physio")
    history.close()


def test_show_offers_every_stretch_with_its_name() -> None:
    """With nothing typed, every id in catalogue order, each with its name beside it."""
    assert complete.stretch("") == EVERY


def test_show_offers_the_ids_that_start_with_what_is_typed() -> None:
    """'b' offers the three ids starting with b; case and spaces around the word do not matter."""
    expected = [
        ("bottom-stretch", "Bottom stretch"),
        ("bridge", "Bridge"),
        ("bird-dog", "Bird dog"),
    ]
    assert complete.stretch("b") == expected
    assert complete.stretch(" B ") == expected
    assert complete.stretch("bi") == [("bird-dog", "Bird dog")]
    assert complete.stretch("x") == []


def test_show_offers_numbers_once_a_digit_is_typed() -> None:
    """'1' offers the numbers 1 and 10, each with its id and name beside it."""
    assert complete.stretch("1") == [
        ("1", "spine-stretch: Spine stretch"),
        ("10", "lower-stomach-stretch: Lower stomach stretch"),
    ]
    assert complete.stretch("7") == [("7", "bridge: Bridge")]
    assert complete.stretch("10") == [("10", "lower-stomach-stretch: Lower stomach stretch")]


def test_a_list_completes_its_last_item_after_the_chosen_ones() -> None:
    """'bridge,b' offers the other b stretches after 'bridge,', not bridge again."""
    assert complete.stretches("bridge,b") == [
        ("bridge,bottom-stretch", "Bottom stretch"),
        ("bridge,bird-dog", "Bird dog"),
    ]


def test_a_list_leaves_out_items_chosen_by_number_or_in_capitals() -> None:
    """'3, Bird-Dog ,' offers everything but bottom stretch (3) and bird dog."""
    offered = complete.stretches("3, Bird-Dog ,")
    assert offered == [
        (f"3, Bird-Dog ,{i}", name) for i, name in EVERY if i not in ("bottom-stretch", "bird-dog")
    ]


def test_a_list_completes_numbers_after_a_comma() -> None:
    """'bridge,1' offers the numbers 1 and 10 after 'bridge,'."""
    assert complete.stretches("bridge,1") == [
        ("bridge,1", "spine-stretch: Spine stretch"),
        ("bridge,10", "lower-stomach-stretch: Lower stomach stretch"),
    ]
    assert complete.stretches("10,1") == [("10,1", "spine-stretch: Spine stretch")]


def test_a_list_of_one_word_is_completed_like_show() -> None:
    """Without a comma, --only completes like show: no prefix, nothing left out."""
    assert complete.stretches("b") == complete.stretch("b")
    assert complete.stretches("") == EVERY
    assert complete.stretches("7") == [("7", "bridge: Bridge")]


def test_an_empty_item_in_a_list_leaves_nothing_out() -> None:
    """'bridge,,' still leaves out only bridge."""
    assert complete.stretches("bridge,,") == [
        (f"bridge,,{i}", name) for i, name in EVERY if i != "bridge"
    ]


def test_with_no_history_nothing_is_held_and_no_history_is_made() -> None:
    """Before any session, resume offers nothing and hold offers every stretch."""
    assert complete.held("") == []
    assert complete.not_held("") == EVERY
    assert not default_path().exists()


def test_resume_offers_the_held_and_hold_the_others() -> None:
    """With bird dog and bridge on hold, resume offers them and hold everything else."""
    hold("bird-dog", "bridge")
    assert complete.held("") == [("bridge", "Bridge"), ("bird-dog", "Bird dog")]
    assert complete.held("bi") == [("bird-dog", "Bird dog")]
    assert complete.held("8") == [("8", "bird-dog: Bird dog")]
    assert complete.not_held("b") == [("bottom-stretch", "Bottom stretch")]
    assert complete.not_held("") == [(i, n) for i, n in EVERY if i not in ("bridge", "bird-dog")]


def test_completion_leaves_the_history_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each completion that reads the history closes it again."""
    hold("bridge")
    closed: list[History] = []
    real_close = History.close

    def close(self: History) -> None:
        closed.append(self)
        real_close(self)

    monkeypatch.setattr(History, "close", close)
    complete.held("")
    complete.not_held("")
    assert len(closed) == 2


def test_an_unreadable_history_holds_nothing(backcoach_home: Path) -> None:
    """A history file that is not a database: resume offers nothing, hold everything."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    default_path().write_text("not a database")
    assert complete.held("") == []
    assert complete.not_held("") == EVERY


def test_an_unreadable_catalogue_offers_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a catalogue that cannot be read, show, lists, hold and resume offer nothing."""
    monkeypatch.setenv("BACKCOACH_CATALOGUE", str(tmp_path / "missing.yaml"))
    assert complete.stretch("") == []
    assert complete.stretches("bridge,") == []
    assert complete.held("") == []
    assert complete.not_held("") == []


def test_routines_offer_own_and_built_in_names(backcoach_home: Path) -> None:
    """--routine offers the person's routines (with their file) beside the built-in ones."""
    assert complete.routine("") == [("full", "built-in"), ("quick", "built-in")]
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / "physio.yaml").write_text("name: physio\n", encoding="utf-8")
    assert complete.routine("") == [
        ("full", "built-in"),
        ("physio", str(folder / "physio.yaml")),
        ("quick", "built-in"),
    ]
    assert complete.routine("q") == [("quick", "built-in")]
    assert complete.routine("p") == [("physio", str(folder / "physio.yaml"))]


def test_routines_that_cannot_be_listed_offer_nothing(backcoach_home: Path) -> None:
    """A routines folder that is a file: Tab offers nothing and shows no error."""
    backcoach_home.mkdir(parents=True)
    (backcoach_home / "routines").write_text("not a folder")
    assert complete.routine("") == []
