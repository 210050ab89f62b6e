"""A bad catalogue is refused with FILE:LINE:COL messages that say how to fix it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from backcoach.catalogue.loader import load, parse_catalogue
from backcoach.catalogue.yamlfile import MAX_FILE_BYTES
from backcoach.errors import InputError

VALID = textwrap.dedent(
    """\
    schema: 1
    advice:
      medical_note: Check with a therapist.
      before_starting: Check first.
      daily: Every day.
      never_push: Never push.
      if_it_hurts: Stop if it hurts.
    timing:
      get_ready_seconds: 5
      setup_seconds: 5
      switch_side_seconds: 3
      inhale_seconds: 3
      exhale_seconds: 3
      move_seconds: 3
      release_seconds: 3
      rest_seconds: 5
    stretches:
      - id: knee-hug
        number: 1
        name: Knee hug
        summary: Hugs the knees.
        equipment: []
        position: Lie on your back.
        position_cue: On your back
        steps:
          - text: Breathe in.
            cue: Breathe in
            kind: move
            breath: in
          - text: Hug your knees as you breathe out.
            cue: Breathe out, hug knees
            kind: move
            breath: out
          - text: Hold.
            cue: Hold
            kind: hold
            breath: null
        dose:
          sides: once
          reps: {min: 2, max: 4}
          hold_seconds: {min: 10, max: 20}
        cautions: [Go gently.]
    """
)


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_catalogue(text, "cat.yaml")
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_template_loads() -> None:
    """The template used below is itself a valid catalogue."""
    assert parse_catalogue(VALID, "cat.yaml").ids == ("knee-hug",)


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        (
            "    cautions: [Go gently.]",
            "    cautions: [Go gently.]\n    colour: red",
            "colour: red",
            ["stretch 'knee-hug'", "unknown key 'colour'"],
        ),
        (
            "    position_cue: On your back\n",
            "",
            "- id: knee-hug",
            ["stretch 'knee-hug'", "missing 'position_cue'"],
        ),
        (
            "    number: 1",
            "    number: one",
            "number: one",
            ["stretch 'knee-hug': number", "expected a whole number", "'one'"],
        ),
        (
            "reps: {min: 2, max: 4}",
            "reps: {min: -2, max: 4}",
            "reps:",
            ["dose.reps.min", "-2 is out of range"],
        ),
        (
            "reps: {min: 2, max: 4}",
            "reps: {min: 0, max: 4}",
            "reps:",
            ["dose.reps.min", "0 is out of range", "use 1 to"],
        ),
        (
            "hold_seconds: {min: 10, max: 20}",
            "hold_seconds: {min: 20, max: 10}",
            "hold_seconds",
            ["dose.hold_seconds", "min 20 is more than max 10", "swap them"],
        ),
        (
            "      sides: once",
            "      sides: twice",
            "sides: twice",
            ["dose.sides", "once | each | alternate", "'twice'"],
        ),
        (
            "  setup_seconds: 5",
            "  setup_seconds: -5",
            "setup_seconds",
            ["timing.setup_seconds", "-5 is out of range"],
        ),
        (
            "    equipment: []",
            "    equipment: towel",
            "equipment: towel",
            ["stretch 'knee-hug': equipment", "expected a list"],
        ),
        (
            "        breath: in\n",
            "        breath: sideways\n",
            "breath: sideways",
            ["steps[1].breath", "'sideways'"],
        ),
        (
            "      hold_seconds: {min: 10, max: 20}",
            "      hold_seconds: null",
            "hold_seconds: null",
            ["a step has kind 'hold'", "null"],
        ),
        ("    steps:", "    steps: []\n    old_steps:", "steps: []", ["steps: is empty"]),
    ],
)
def test_each_problem_reports_file_line_and_fix(
    old: str, new: str, needle: str, words: list[str]
) -> None:
    """A single mistake gives one FILE:LINE:COL message naming stretch and field."""
    text = VALID.replace(old, new, 1)
    assert text != VALID
    found = problems_of(text)
    line = line_of(text, needle)
    assert any(
        problem.startswith(f"cat.yaml:{line}:") and all(word in problem for word in words)
        for problem in found
    ), found


def test_duplicate_ids() -> None:
    """Two stretches with one id: the second is reported with the first's line."""
    stretch = VALID[VALID.index("  - id: knee-hug") :]
    text = VALID + stretch.replace("number: 1", "number: 2")
    found = problems_of(text)
    second = [i for i, line in enumerate(text.splitlines(), 1) if "- id: knee-hug" in line][1]
    assert any(
        p.startswith(f"cat.yaml:{second}:") and "duplicate id" in p and "line 18" in p
        for p in found
    ), found


def test_duplicate_numbers() -> None:
    """Two stretches with one number: the second is reported with the first's line, once."""
    stretch = VALID[VALID.index("  - id: knee-hug") :]
    text = VALID + stretch.replace("knee-hug", "knee-hug-two")
    found = problems_of(text)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if "number: 1" in line]
    column = text.splitlines()[lines[1] - 1].index("1") + 1
    expected = (
        f"cat.yaml:{lines[1]}:{column}: stretch 'knee-hug-two': number 1 is already used at "
        f"line {lines[0]}; number the stretches 1, 2, 3, ..."
    )
    assert [p for p in found if "already used" in p] == [expected]
    assert not any("duplicate id" in p for p in found)


def test_every_problem_listed_not_only_the_first() -> None:
    """Three mistakes in one file give three messages."""
    text = (
        VALID.replace("number: 1", "number: zero")
        .replace("sides: once", "sides: thrice")
        .replace("inhale_seconds: 3", "inhale_seconds: lots")
    )
    assert len(problems_of(text)) == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("stretches: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: &anchor 1\nb: *anchor\n", "anchors"),
        ("<<: {a: 1}\n", "merge keys"),
        ("a: !!python/object/apply:os.system [ls]\n", "Python tags"),
        ('a: "bell\\a"\n', "control characters"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ],
)
def test_unsafe_or_broken_yaml(text: str, words: str) -> None:
    """Unsafe or broken YAML is refused with a located message, never executed."""
    found = problems_of(text)
    assert any(words in problem and problem.startswith("cat.yaml:") for problem in found), found


def test_control_character_in_name() -> None:
    """An escape sequence hidden in a name is refused, so it never reaches the terminal."""
    text = VALID.replace("name: Knee hug", 'name: "Knee \\e[31mhug"')
    found = problems_of(text)
    assert any(f"cat.yaml:{line_of(text, 'name: ')}:" in p and "control" in p for p in found)


def test_too_large(tmp_path: Path) -> None:
    """A file over the size limit is refused before it is parsed."""
    path = tmp_path / "huge.yaml"
    path.write_text("# x\n" * (MAX_FILE_BYTES // 4 + 10))
    with pytest.raises(InputError) as caught:
        load(path)
    assert f"{path}:1:1:" in str(caught.value) and "too large" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist says so plainly."""
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    """Binary junk is reported as not UTF-8 text, with its line."""
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xfe\n")
    with pytest.raises(InputError) as caught:
        load(path)
    assert f"{path}:2:4:" in str(caught.value)
