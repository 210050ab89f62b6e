"""Behaviour tests for the YAML reader's remaining mutation survivors (issue 16)."""

import pytest

from backcoach.catalogue.yamlfile import Checker, Mapping, Scalar, Sequence, parse
from backcoach.errors import InputError


def messages(text: str) -> list[str]:
    """The problems `parse` reports for a text, as a person reads them."""
    with pytest.raises(InputError) as raised:
        parse(text, "f.yaml", cached=False)
    return [str(problem) for problem in raised.value.problems]


def test_a_duplicate_key_points_at_the_line_of_the_first_key_not_its_value() -> None:
    """The 'first at line' hint names the key's line even when its value sits lower."""
    assert messages("a:\n  1\na: 2\n") == [
        "f.yaml:3:1: duplicate key 'a' (first at line 1); keep only one"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a list used as a key
            "{[1]: 2, a: 1, a: 2}\n",
            [
                "f.yaml:1:2: a key must be a plain word, not a list or mapping",
                "f.yaml:1:16: duplicate key 'a' (first at line 1); keep only one",
            ],
        ),
        (  # a merge key
            "<<: 1\na: 1\na: 2\n",
            [
                "f.yaml:1:1: YAML merge keys (<<) are not allowed; write the keys out",
                "f.yaml:3:1: duplicate key 'a' (first at line 2); keep only one",
            ],
        ),
        (  # a duplicate key
            "a: 1\na: 2\nb: 1\nb: 2\n",
            [
                "f.yaml:2:1: duplicate key 'a' (first at line 1); keep only one",
                "f.yaml:4:1: duplicate key 'b' (first at line 3); keep only one",
            ],
        ),
    ],
)
def test_problems_after_a_bad_key_are_still_reported(text: str, expected: list[str]) -> None:
    """A bad key (a list, a merge key, a duplicate) does not hide the problems after it."""
    assert messages(text) == expected


def test_an_alias_key_counts_as_a_key_on_its_own_line() -> None:
    """An alias used as a key is refused, and a later equal key names the alias's line."""
    assert messages("*x : 1\nnull: 2\n") == [
        "f.yaml:1:1: YAML aliases (*name) are not allowed; write the value out",
        "f.yaml:2:1: duplicate key 'None' (first at line 1); keep only one",
    ]


def test_a_list_key_just_inside_the_depth_limit_is_only_a_bad_key() -> None:
    """A list key at depth 39 is refused as a key, not as too deep."""
    text = "[" * 38 + "{[1]: 2}" + "]" * 38 + "\n"
    assert messages(text) == ["f.yaml:1:40: a key must be a plain word, not a list or mapping"]


def test_a_list_key_at_the_depth_limit_is_too_deep() -> None:
    """A list key at depth 40 counts toward the nesting limit like any other value."""
    text = "[" * 39 + "{[1]: 2}" + "]" * 39 + "\n"
    assert messages(text) == [
        "f.yaml:1:41: nested more than 40 levels deep; backcoach files need only a few"
    ]


@pytest.mark.parametrize(
    ("node", "shown"),
    [(Mapping(4, 3), "a mapping"), (Sequence(4, 3), "a list")],
)
def test_seconds_refuses_a_collection(node: Mapping | Sequence, shown: str) -> None:
    """A mapping or list given as seconds is reported, not a crash."""
    check = Checker("f.yaml")
    assert check.seconds(node, "rest_seconds") is None
    assert [str(problem) for problem in check.problems] == [
        f"f.yaml:4:3: rest_seconds: expected a number of seconds, got {shown}"
    ]


def test_a_too_deep_key_still_names_its_line_to_a_later_equal_key() -> None:
    """A refused too-deep key keeps its line, which a later equal key's message names."""
    text = "[" * 39 + "{[1]: 2, null: 3}" + "]" * 39 + "\n"
    assert messages(text) == [
        "f.yaml:1:41: nested more than 40 levels deep; backcoach files need only a few",
        "f.yaml:1:49: duplicate key 'None' (first at line 1); keep only one",
    ]


def test_a_quoted_value_with_the_non_specific_tag_stays_text() -> None:
    """`! "12"` is the quoted text '12', not the number 12."""
    root = parse('a: ! "12"\n', "f.yaml", cached=False)
    assert isinstance(root, Mapping)
    assert root.items["a"][1] == Scalar(1, 4, "12", quoted=True)
