"""Strict YAML: every refusal says FILE:LINE:COL and why; every value knows where it was."""

from __future__ import annotations

import math
import os
import zlib

import pytest

from backcoach.catalogue import marshal_cache, yamlfile
from backcoach.catalogue.yamlfile import Checker, Mapping, Scalar, Sequence, parse
from backcoach.errors import InputError
from backcoach.paths import cache_dir


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml", cached=False)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


EMPTY = "f.yaml:1:1: the file is empty; it needs a YAML mapping"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [EMPTY]),
        ("  \n\n \t\n", [EMPTY]),
        ("# only\n\n   # comments\n", [EMPTY]),
        ("a: [1\n", ["f.yaml:2:1: not valid YAML: did not find expected ',' or ']'"]),
        (
            "a: b: c\n",
            ["f.yaml:1:5: not valid YAML: mapping values are not allowed in this context"],
        ),
        ("a: 'open\n", ["f.yaml:2:1: not valid YAML: found unexpected end of stream"]),
        (
            "a:\n\t- b\n",
            ["f.yaml:2:1: not valid YAML: found character that cannot start any token"],
        ),
        ("a: 1\n---\nb: 2\n", ["f.yaml:2:1: more than one YAML document; keep only one"]),
        (
            "a: 1\n---\nb: 2\n---\nc: 3\n",
            [
                "f.yaml:2:1: more than one YAML document; keep only one",
                "f.yaml:4:1: more than one YAML document; keep only one",
            ],
        ),
        ("a: 1\nb: 2\na: 3\n", ["f.yaml:3:1: duplicate key 'a' (first at line 1); keep only one"]),
        ("a: {b: 1, b: 2}\n", ["f.yaml:1:11: duplicate key 'b' (first at line 1); keep only one"]),
        (
            'x: 1\n"a\\e": 1\n"a\\e": 2\n',
            [
                "f.yaml:2:1: control characters are not allowed in text; remove them",
                "f.yaml:3:1: control characters are not allowed in text; remove them",
                "f.yaml:3:1: duplicate key 'a\\x1b' (first at line 2); keep only one",
            ],
        ),
        ("? [a]\n: 1\n", ["f.yaml:1:3: a key must be a plain word, not a list or mapping"]),
        ("{[a]: 1}\n", ["f.yaml:1:2: a key must be a plain word, not a list or mapping"]),
        ("? {a: 1}\n: 1\n", ["f.yaml:1:3: a key must be a plain word, not a list or mapping"]),
        (
            "b: 1\n<<: {a: 1}\n",
            ["f.yaml:2:1: YAML merge keys (<<) are not allowed; write the keys out"],
        ),
        (
            "a: &x 1\n",
            ["f.yaml:1:4: YAML anchors (&name) are not allowed; write values out in full"],
        ),
        (
            "- 1\n- &a [2]\n",
            ["f.yaml:2:3: YAML anchors (&name) are not allowed; write values out in full"],
        ),
        (
            "a: &x\n  b: 1\n",
            ["f.yaml:1:4: YAML anchors (&name) are not allowed; write values out in full"],
        ),
        (
            "a: 1\nb: *x\n",
            ["f.yaml:2:4: YAML aliases (*name) are not allowed; write the value out"],
        ),
        ("a: !!str 1\n", ["f.yaml:1:4: YAML tags (!!str) are not allowed; remove the tag"]),
        (
            "a: !!binary aGVsbG8=\n",
            ["f.yaml:1:4: YAML tags (!!binary) are not allowed; remove the tag"],
        ),
        ("a: !mine 1\n", ["f.yaml:1:4: YAML tags (!mine) are not allowed; remove the tag"]),
        ("a: !!map {}\n", ["f.yaml:1:4: YAML tags (!!map) are not allowed; remove the tag"]),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            [
                "f.yaml:1:4: Python tags (!!python/object/apply:os.system) are not allowed; "
                "remove the tag"
            ],
        ),
        ('a: "bell\\a"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x85"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\u202e"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x7f"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x9f"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\u2069"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x0b"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x00"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x1f"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\x08"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\u202a"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
        ('a: "\\u2066"\n', ["f.yaml:1:4: control characters are not allowed in text; remove them"]),
    ],
)
def test_refusals_are_located(text: str, expected: list[str]) -> None:
    """Each refused YAML construct gives exactly its message at its line and column."""
    assert problems_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'a: "tab\\there, newline\\nthere"\n',
        'a: "\\xa0 no-break space"\n',
        'a: "\\u202f narrow space"\n',
        'a: "\\u2070 superscript"\n',
        'a: "\\u2029 paragraph"\n',
        "'<<': 1\n",
        "a: ! 12\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "# comment\na: 1\n",
    ],
)
def test_plain_data_is_accepted(text: str) -> None:
    """Tabs, newlines and other characters in text, and a quoted '<<' key, are plain data."""
    assert isinstance(parse(text, "f.yaml", cached=False), Mapping)


def test_the_tree_knows_every_line_and_column() -> None:
    """Keys, values and collections carry their line, column, value and quoting."""
    text = "a: 1\nb: [x, 'y']\nc:\n  - {d: ~}\n  - 2.5\n"
    assert parse(text, "f.yaml", cached=False) == Mapping(
        1,
        1,
        {
            "a": (Scalar(1, 1, "a"), Scalar(1, 4, 1)),
            "b": (
                Scalar(2, 1, "b"),
                Sequence(2, 4, [Scalar(2, 5, "x"), Scalar(2, 8, "y", quoted=True)]),
            ),
            "c": (
                Scalar(3, 1, "c"),
                Sequence(
                    4,
                    3,
                    [
                        Mapping(4, 5, {"d": (Scalar(4, 6, "d"), Scalar(4, 9, None))}),
                        Scalar(5, 5, 2.5),
                    ],
                ),
            ),
        },
    )


@pytest.mark.parametrize(
    ("written", "value", "quoted"),
    [
        ("12", 12, False),
        ("0x10", 16, False),
        ("1_000", 1000, False),
        ("-3", -3, False),
        ("2.5", 2.5, False),
        ("yes", True, False),
        ("off", False, False),
        ("~", None, False),
        ("null", None, False),
        ("'12'", "12", True),
        ('"yes"', "yes", True),
        ("2024-01-02", "2024-01-02", False),
        ("2024-01-02 10:00:00", "2024-01-02 10:00:00", False),
        ("hello world", "hello world", False),
        ("|\n  two\n  lines", "two\nlines\n", True),
        (">-\n  folded\n  text", "folded text", True),
    ],
)
def test_scalar_values(written: str, value: object, quoted: bool) -> None:
    """Plain scalars are typed as YAML 1.1 says, dates stay text, quoted ones are text."""
    root = parse(f"a: {written}\n", "f.yaml", cached=False)
    assert isinstance(root, Mapping)
    node = root.items["a"][1]
    assert isinstance(node, Scalar)
    assert node.value == value and type(node.value) is type(value)
    assert node.quoted is quoted


def test_infinite_and_nan_numbers_are_floats() -> None:
    """.inf and .nan are numbers (which the checker then refuses as out of range)."""
    root = parse("a: .inf\nb: .nan\n", "f.yaml", cached=False)
    assert isinstance(root, Mapping)
    assert root.items["a"][1] == Scalar(1, 4, math.inf)
    b = root.items["b"][1]
    assert isinstance(b, Scalar) and isinstance(b.value, float) and math.isnan(b.value)


def nested(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def test_forty_levels_deep_is_accepted() -> None:
    """The root and 39 nested collections below it are fine."""
    assert isinstance(parse(nested(39), "f.yaml", cached=False), Mapping)


@pytest.mark.parametrize("depth", [40, 41, 500])
def test_deeper_than_forty_levels_is_one_located_problem(depth: int) -> None:
    """The collection at depth 40 is reported once at its position, and what is in it skipped."""
    assert problems_of(nested(depth)) == [
        "f.yaml:1:43: nested more than 40 levels deep; backcoach files need only a few"
    ]


def test_parsing_goes_on_after_a_deep_collection() -> None:
    """After skipping a deep list (with mappings in it), later problems are still found."""
    deep = "[" * 40 + "{x: [1, {y: 2}]}, [3]" + "]" * 40
    assert problems_of(f"a: {deep}\nb: *z\nc: {{d: 1}}\n") == [
        "f.yaml:1:43: nested more than 40 levels deep; backcoach files need only a few",
        "f.yaml:2:4: YAML aliases (*name) are not allowed; write the value out",
    ]


def test_deep_block_mappings_are_located() -> None:
    """Block mappings nested 41 deep are reported at the 41st level's key."""
    text = "".join("  " * level + f"k{level}:\n" for level in range(41)) + "  " * 41 + "v: 1\n"
    assert problems_of(text) == [
        "f.yaml:41:81: nested more than 40 levels deep; backcoach files need only a few"
    ]


def test_a_byte_order_mark_is_not_part_of_the_first_key() -> None:
    """A file starting with a BOM (decoded with utf-8-sig) reads its first key plainly."""
    root = parse("\ufeffa: 1\n", "f.yaml", cached=False)
    assert isinstance(root, Mapping) and list(root.items) == ["a"]


def test_a_non_mapping_root_is_kept() -> None:
    """A list or a scalar at the top is returned as it is, for the checker to refuse."""
    assert parse("- 1\n", "f.yaml", cached=False) == Sequence(1, 1, [Scalar(1, 3, 1)])
    assert parse("just text\n", "f.yaml", cached=False) == Scalar(1, 1, "just text")


# -- the node cache ----------------------------------------------------------------------


def test_parsed_trees_are_cached_by_text() -> None:
    """A parse keeps the tree under the text's length and CRC; a second parse reads it."""
    text = "a: [1, 'b']\nc: {d: ~}\nü: 2\n"
    first = parse(text, "f.yaml")
    digest = zlib.crc32(text.encode("utf-8"))
    entry = os.path.join(cache_dir(), f"yaml-{len(text)}-{digest:08x}.marshal")
    assert os.listdir(cache_dir()) == [os.path.basename(entry)]
    assert yamlfile._cache_file(text) == entry
    stored = marshal_cache.load(entry, yamlfile.CACHE_FORMAT, text, 8 * 1_000_000)
    assert stored == yamlfile._pack(first)
    assert parse(text, "f.yaml") == first == parse(text, "f.yaml", cached=False)
    # a tree planted for this text is what parse returns
    marshal_cache.store(entry, yamlfile.CACHE_FORMAT, text, yamlfile._pack(Mapping(7, 8, {})))
    assert parse(text, "f.yaml") == Mapping(7, 8, {})
    assert parse(text, "f.yaml", cached=False) == first


def test_an_odd_node_cache_costs_only_a_parse() -> None:
    """A cached tree of an unknown kind is ignored, and the text parsed again."""
    text = "a: 1\n"
    entry = yamlfile._cache_file(text)
    marshal_cache.store(entry, yamlfile.CACHE_FORMAT, text, ("z", 1, 1, ()))
    assert parse(text, "f.yaml") == Mapping(1, 1, {"a": (Scalar(1, 1, "a"), Scalar(1, 4, 1))})
    marshal_cache.store(entry, yamlfile.CACHE_FORMAT + 1, text, yamlfile._pack(Mapping(7, 8, {})))
    assert parse(text, "f.yaml") == Mapping(1, 1, {"a": (Scalar(1, 1, "a"), Scalar(1, 4, 1))})


def test_pack_and_unpack_round_trip() -> None:
    """A tree packed for marshal comes back equal, quoting and positions included."""
    tree = Mapping(
        1,
        2,
        {
            "k": (Scalar(1, 2, "k", True), Sequence(3, 4, [Scalar(5, 6, 1.5), Mapping(7, 8, {})])),
            "5": (Scalar(9, 1, 5), Scalar(9, 4, None)),
        },
    )
    assert yamlfile._unpack(yamlfile._pack(tree)) == tree
    with pytest.raises(ValueError, match="x"):
        yamlfile._unpack(("x", 1, 1))


def test_a_file_that_fails_is_not_cached() -> None:
    """A text with problems leaves no cache entry behind."""
    with pytest.raises(InputError):
        parse("a: *x\n", "f.yaml")
    assert not os.path.exists(cache_dir()) or os.listdir(cache_dir()) == []


# -- the checker's own messages ------------------------------------------------------------


def checked(method: str, node: object, *args: object) -> tuple[object, list[str]]:
    check = Checker("f.yaml")
    value = getattr(check, method)(node, "where", *args)
    return value, [str(p) for p in check.problems]


def test_checker_defaults_and_limits() -> None:
    """Default ranges and lengths, and the exact wording of each complaint."""
    assert checked("whole", Scalar(2, 3, 100_000)) == (100_000, [])
    assert checked("whole", Scalar(2, 3, 100_001)) == (
        None,
        ["f.yaml:2:3: where: 100001 is out of range; use 1 to 100,000"],
    )
    assert checked("whole", Scalar(2, 3, 0)) == (
        None,
        ["f.yaml:2:3: where: 0 is out of range; use 1 to 100,000"],
    )
    assert checked("whole", Scalar(2, 3, 5), 5, 5) == (5, [])
    assert checked("seconds", Scalar(2, 3, 3600)) == (3600.0, [])
    assert checked("seconds", Scalar(2, 3, 0)) == (0.0, [])
    assert checked("seconds", Scalar(2, 3, 3601)) == (
        None,
        ["f.yaml:2:3: where: 3601 is out of range; use 0 to 3600 seconds"],
    )
    assert checked("seconds", Scalar(2, 3, 2.5), 2.5) == (2.5, [])
    assert checked("seconds", Scalar(2, 3, 2.75), 2.5) == (
        None,
        ["f.yaml:2:3: where: 2.75 is out of range; use 0 to 2.5 seconds"],
    )
    assert checked("text", Scalar(2, 3, "x" * 2000)) == ("x" * 2000, [])
    assert checked("text", Scalar(2, 3, "x" * 2001)) == (
        None,
        ["f.yaml:2:3: where: is 2001 characters; keep it under 2000"],
    )
    assert checked("text", Scalar(2, 3, " \n ")) == (
        None,
        ["f.yaml:2:3: where: is empty; write the text"],
    )


@pytest.mark.parametrize(
    ("node", "described"),
    [
        (Scalar(1, 1, "x" * 40), "the text '" + "x" * 40 + "'"),
        (Scalar(1, 1, "y" * 41), "the text '" + "y" * 37 + "...'"),
        (Scalar(1, 1, False), "false (a true/false value)"),
        (Scalar(1, 1, None), "nothing (null)"),
        (Scalar(1, 1, 2.5), "2.5"),
        (Sequence(1, 1), "a list"),
        (Mapping(1, 1), "a mapping"),
    ],
)
def test_what_was_found_is_described(node: object, described: str) -> None:
    """A wrong value is described in words: long text cut at 40 characters."""
    assert checked("whole", node) == (
        None,
        [f"f.yaml:1:1: where: expected a whole number, got {described}"],
    )


def test_checker_choices_and_lists() -> None:
    """Choices with and without null, and lists that may or may not be empty."""
    options = ("in", "out")
    assert checked("choice", Scalar(1, 1, "in"), options) == ("in", [])
    assert checked("choice", Scalar(1, 1, None), options, True) == (None, [])
    assert checked("choice", Scalar(1, 1, None), options) == (
        None,
        ["f.yaml:1:1: where: expected one of in | out, got nothing (null)"],
    )
    assert checked("choice", Sequence(1, 1), options, True) == (
        None,
        ["f.yaml:1:1: where: expected one of in | out | null, got a list"],
    )
    assert checked("choice", None, options) == (None, [])
    assert checked("sequence", Sequence(1, 1)) == ([], [])
    assert checked("sequence", Sequence(1, 1), True) == (
        None,
        ["f.yaml:1:1: where: is empty; list at least one"],
    )
    assert checked("texts", Sequence(1, 1, [Scalar(1, 2, " a  b "), Scalar(1, 5, "c")])) == (
        ("a b", "c"),
        [],
    )
    assert checked("texts", None) == (None, [])
    for method in ("text", "whole", "seconds", "sequence"):
        assert checked(method, None) == (None, [])


def test_problems_are_sorted_and_each_told_once() -> None:
    """fail_if_any raises with every problem, by position, duplicates dropped."""
    check = Checker("f.yaml")
    check.report(Scalar(3, 1, None), "third")
    check.report(Scalar(1, 5, None), "second")
    check.report(Scalar(1, 2, None), "first")
    check.report(Scalar(3, 1, None), "third")
    with pytest.raises(InputError) as caught:
        check.fail_if_any()
    assert str(caught.value) == "f.yaml:1:2: first\nf.yaml:1:5: second\nf.yaml:3:1: third"
    assert len(caught.value.problems) == 3
    Checker("f.yaml").fail_if_any()  # nothing wrong: no error


def test_a_second_byte_order_mark_alone_is_no_document() -> None:
    """A BOM left after decoding (a file saved with two) and comments: no YAML document."""
    for text in ("\ufeff", "\ufeff\n# c\n"):
        assert problems_of(text) == ["f.yaml:1:1: the file holds no YAML document"]


def test_characters_yaml_refuses_to_read() -> None:
    """A NUL or U+FFFE in the text is refused by the YAML reader, reported at 1:1."""
    assert problems_of("a: \x00\n") == [
        "f.yaml:1:1: not valid YAML: unacceptable character #x0000: control characters are "
        'not allowed\n  in "<unicode string>", position 3'
    ]
