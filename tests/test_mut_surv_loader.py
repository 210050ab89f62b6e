"""Loader survivors: every broken stretch and step is reported, not just the first."""

from __future__ import annotations

import pytest

from backcoach.catalogue.loader import parse_catalogue, resolve
from backcoach.errors import UsageError
from test_mut_loader import NAME, VALID, problems_of

HEAD = VALID.split("stretches:\n")[0]
LEFT_POSITION = (
    "      left:\n"
    "        position: Lie with the LEFT leg out.\n"
    "        position_cue: LEFT leg out\n"
)
LIFT_STEP = (
    "      - text: Lift the leg.\n"
    "        cue: Lift\n"
    "        kind: move\n"
    "        breath: out\n"
    "        per_side:\n"
    "          left: {text: Lift the LEFT leg., cue: Lift LEFT}\n"
    "          right: {text: Lift the RIGHT leg., cue: Lift RIGHT}\n"
)
NO_LIMBS = (
    "cat.yaml:45:19: stretch 'leg-lift': done on each side, but the position does not say "
    "which limb is which on each side; add per_side: with left: and right:, each giving "
    "position and position_cue that name the limbs "
    "(see the field guide at the top of the built-in catalogue)"
)
LOWER_CUE = "cat.yaml:62:14: stretch 'leg-lift': steps[2].cue: is empty; write the text"


def edited(*pairs: tuple[str, str]) -> str:
    text = VALID
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_an_empty_stretches_list_is_reported() -> None:
    """`stretches: []` is refused with its own message."""
    assert problems_of(HEAD + "stretches: []\n") == [
        "cat.yaml:17:12: stretches: is empty; list at least one"
    ]


def test_stretches_that_are_not_a_list_are_reported() -> None:
    """`stretches: 5` names the field and says how to write a list."""
    assert problems_of(HEAD + "stretches: 5\n") == [
        "cat.yaml:17:12: stretches: expected a list, got 5; "
        "write it as [a, b] or one '- item' a line"
    ]


def test_a_stretch_number_that_is_a_list_is_reported() -> None:
    """A list as a stretch's number is a problem, not a crash."""
    assert problems_of(edited(("number: 2", "number: [2]"))) == [
        "cat.yaml:40:13: stretch 'leg-lift': number: expected a whole number, got a list"
    ]


def test_missing_left_position_still_checks_the_right_one() -> None:
    """per_side without left: still reports a broken right: side."""
    text = edited((LEFT_POSITION, ""), ("position_cue: RIGHT leg out", "position_cue: ''"))
    assert problems_of(text) == [
        NO_LIMBS,
        "cat.yaml:47:7: stretch 'leg-lift': per_side: missing 'left'; add it",
        "cat.yaml:49:23: stretch 'leg-lift': per_side.right.position_cue: is empty; write the text",
    ]


def test_a_left_position_that_is_not_a_mapping_still_checks_the_right_one() -> None:
    """per_side.left: 5 still reports a broken right: side."""
    text = edited(
        (LEFT_POSITION, "      left: 5\n"), ("position_cue: RIGHT leg out", "position_cue: ''")
    )
    assert problems_of(text) == [
        NO_LIMBS,
        "cat.yaml:47:13: stretch 'leg-lift': per_side.left: expected a mapping of keys, got 5",
        "cat.yaml:50:23: stretch 'leg-lift': per_side.right.position_cue: is empty; write the text",
    ]


def test_a_step_that_is_not_a_mapping_still_checks_the_next_step() -> None:
    """steps[1]: 5 does not hide a broken steps[2]."""
    text = edited((LIFT_STEP, "      - 5\n"), ("cue: Lower\n", "cue: ''\n"))
    assert problems_of(text) == [
        "cat.yaml:54:9: stretch 'leg-lift': steps[1]: expected a mapping of keys, got 5",
        "cat.yaml:56:14: stretch 'leg-lift': steps[2].cue: is empty; write the text",
    ]


@pytest.mark.parametrize(
    ("old", "new", "first"),
    [
        (
            "left: {text: Lift the LEFT leg., cue: Lift LEFT}",
            "left: 5",
            "cat.yaml:59:17: stretch 'leg-lift': steps[1].per_side.left: "
            "expected a mapping of keys, got 5",
        ),
        (
            "text: Lift the leg.",
            "text: ''",
            "cat.yaml:54:15: stretch 'leg-lift': steps[1].text: is empty; write the text",
        ),
        (
            "breath: out\n        per_side:\n          left: {text: Lift the LEFT",
            "breath: up\n        per_side:\n          left: {text: Lift the LEFT",
            "cat.yaml:57:17: stretch 'leg-lift': steps[1].breath: "
            "expected one of in | out | null, got the text 'up'",
        ),
    ],
    ids=["per_side", "text", "breath"],
)
def test_a_broken_step_still_checks_the_next_step(old: str, new: str, first: str) -> None:
    """A problem in steps[1] does not hide one in steps[2]."""
    assert problems_of(edited((old, new), ("cue: Lower\n", "cue: ''\n"))) == [first, LOWER_CUE]


def test_a_broken_figure_names_its_stretch() -> None:
    """A figure that is not a mapping is reported under its stretch's name."""
    text = edited(("    notes: [A note.]\n", "    notes: [A note.]\n    figure: 5\n"))
    assert problems_of(text) == [
        "cat.yaml:71:13: stretch 'leg-lift': figure: expected a mapping of keys, got 5"
    ]


@pytest.mark.parametrize(("typed", "hint"), [("hug", "knee-hug"), ("legs", "leg-lift")])
def test_an_unknown_name_suggests_a_loosely_close_id(typed: str, hint: str) -> None:
    """A name only loosely like an id (ratio 0.4 to 0.6) still gets a suggestion."""
    catalogue = parse_catalogue(VALID, NAME, cached=False)
    with pytest.raises(UsageError) as caught:
        resolve(catalogue, typed)
    assert str(caught.value) == f"no stretch called '{typed}'; did you mean {hint}?"
