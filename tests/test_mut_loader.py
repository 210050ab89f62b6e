"""Each catalogue rule on its own: one mistake, one exact FILE:LINE:COL message."""

from __future__ import annotations

import textwrap

import pytest

from backcoach.catalogue.loader import parse_catalogue
from backcoach.catalogue.models import (
    Advice,
    Dose,
    PerSide,
    Range,
    Step,
    Stretch,
    Timing,
    Wording,
)
from backcoach.errors import InputError

# Three stretches, one of each kind of sides: once, each (with per_side wording for the
# position and a step) and alternate (per_side wording on a step only).
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
      setup_seconds: 6
      switch_side_seconds: 3
      inhale_seconds: 2.5
      exhale_seconds: 4
      move_seconds: 7
      release_seconds: 8
      rest_seconds: 9
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
          - text: Hold.
            cue: Hold
            kind: hold
            breath: null
        dose:
          sides: once
          reps: {min: 2, max: 4}
          hold_seconds: {min: 10, max: 20}
        cautions: [Go gently.]
      - id: leg-lift
        number: 2
        name: Leg lift
        summary: Lifts a leg.
        equipment: [towel, small pillow]
        position: Lie down.
        position_cue: Lie down
        per_side:
          left:
            position: Lie with the LEFT leg out.
            position_cue: LEFT leg out
          right:
            position: Lie with the RIGHT leg out.
            position_cue: RIGHT leg out
        steps:
          - text: Lift the leg.
            cue: Lift
            kind: move
            breath: out
            per_side:
              left: {text: Lift the LEFT leg., cue: Lift LEFT}
              right: {text: Lift the RIGHT leg., cue: Lift RIGHT}
          - text: Lower it.
            cue: Lower
            kind: release
            breath: null
        dose:
          sides: each
          reps: {min: 3, max: 5}
          hold_seconds: null
        cautions: []
        notes: [A note.]
      - id: roll9
        number: 999
        name: Roll
        summary: Rolls.
        equipment: []
        position: On your back.
        position_cue: Back
        steps:
          - text: Roll.
            cue: Roll
            kind: move
            breath: out
            per_side:
              left: {text: Roll LEFT., cue: Roll LEFT}
              right: {text: Roll RIGHT., cue: Roll RIGHT}
        dose:
          sides: alternate
          reps: {min: 6, max: 6}
          hold_seconds: null
        cautions: [Slowly., Not too far.]
    """
)

NAME = "cat.yaml"


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_catalogue(text, NAME, cached=False)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def loc(text: str, needle: str, nth: int = 1) -> str:
    """FILE:LINE:COL of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return f"{NAME}:{line}:{col}"


def broken(old: str, new: str, count: int = 1) -> str:
    text = VALID.replace(old, new, count)
    assert text != VALID, old
    return text


def test_valid_template_loads_every_field() -> None:
    """The template loads, and every field holds exactly what the YAML says."""
    catalogue = parse_catalogue(VALID, NAME, cached=False)
    assert catalogue.origin == NAME
    assert catalogue.advice == Advice(
        medical_note="Check with a therapist.",
        before_starting="Check first.",
        daily="Every day.",
        never_push="Never push.",
        if_it_hurts="Stop if it hurts.",
    )
    assert catalogue.timing == Timing(5.0, 6.0, 3.0, 2.5, 4.0, 7.0, 8.0, 9.0)
    assert all(type(v) is float for v in vars(catalogue.timing).values())
    assert catalogue.stretches == (
        Stretch(
            id="knee-hug",
            number=1,
            name="Knee hug",
            summary="Hugs the knees.",
            equipment=(),
            position="Lie on your back.",
            position_cue="On your back",
            steps=(
                Step("Breathe in.", "Breathe in", "move", "in"),
                Step("Hold.", "Hold", "hold", None),
            ),
            dose=Dose("once", Range(2, 4), Range(10, 20)),
            cautions=("Go gently.",),
            notes=(),
        ),
        Stretch(
            id="leg-lift",
            number=2,
            name="Leg lift",
            summary="Lifts a leg.",
            equipment=("towel", "small pillow"),
            position="Lie down.",
            position_cue="Lie down",
            position_per_side=PerSide(
                Wording("Lie with the LEFT leg out.", "LEFT leg out"),
                Wording("Lie with the RIGHT leg out.", "RIGHT leg out"),
            ),
            steps=(
                Step(
                    "Lift the leg.",
                    "Lift",
                    "move",
                    "out",
                    PerSide(
                        Wording("Lift the LEFT leg.", "Lift LEFT"),
                        Wording("Lift the RIGHT leg.", "Lift RIGHT"),
                    ),
                ),
                Step("Lower it.", "Lower", "release", None),
            ),
            dose=Dose("each", Range(3, 5), None),
            cautions=(),
            notes=("A note.",),
        ),
        Stretch(
            id="roll9",
            number=999,
            name="Roll",
            summary="Rolls.",
            equipment=(),
            position="On your back.",
            position_cue="Back",
            steps=(
                Step(
                    "Roll.",
                    "Roll",
                    "move",
                    "out",
                    PerSide(
                        Wording("Roll LEFT.", "Roll LEFT"), Wording("Roll RIGHT.", "Roll RIGHT")
                    ),
                ),
            ),
            dose=Dose("alternate", Range(6, 6), None),
            cautions=("Slowly.", "Not too far."),
            notes=(),
        ),
    )


def test_text_is_folded_to_single_spaces() -> None:
    """Runs of spaces and line breaks in a text become one space, ends trimmed."""
    text = broken("name: Knee hug", 'name: "  Knee \\n\\t  hug  "')
    assert parse_catalogue(text, NAME, cached=False).stretches[0].name == "Knee hug"


# (old, new, [(needle, nth, message)]): each the only mistake in the file.
CASES: list[tuple[str, str, list[tuple[str, int, str]]]] = [
    # the top level
    (
        "schema: 1",
        "schema: 2",
        [("2", 1, "schema: 2 is out of range; use 1 to 1")],
    ),
    (
        "schema: 1",
        "schema: 0",
        [("0", 1, "schema: 0 is out of range; use 1 to 1")],
    ),
    (
        "schema: 1\n",
        "",
        [("advice:", 1, "the catalogue: missing 'schema'; add it")],
    ),
    (
        "schema: 1",
        "schema: 1\nextra: 2",
        [
            (
                "extra",
                1,
                "the catalogue: unknown key 'extra'; allowed keys: schema, advice, timing, "
                "stretches",
            )
        ],
    ),
    (
        "schema: 1",
        "schema: 1\nstretchez: 2",
        [("stretchez", 1, "the catalogue: unknown key 'stretchez'; did you mean 'stretches'?")],
    ),
    # advice
    (
        "  daily: Every day.\n",
        "",
        [("medical_note", 1, "advice: missing 'daily'; add it")],
    ),
    (
        "  daily: Every day.",
        "  daily: 5",
        [("5", 1, "advice.daily: expected text, got 5; put it in quotes")],
    ),
    (
        "  never_push: Never push.",
        "  never_push: ''",
        [("''", 1, "advice.never_push: is empty; write the text")],
    ),
    # timing
    (
        "  inhale_seconds: 2.5",
        "  inhale_seconds: lots",
        [
            (
                "lots",
                1,
                "timing.inhale_seconds: expected a number of seconds, got the text 'lots'",
            )
        ],
    ),
    (
        "  setup_seconds: 6",
        "  setup_seconds: -5",
        [("-5", 1, "timing.setup_seconds: -5 is out of range; use 0 to 3600 seconds")],
    ),
    (
        "  setup_seconds: 6",
        "  setup_seconds: 3600.5",
        [("3600.5", 1, "timing.setup_seconds: 3600.5 is out of range; use 0 to 3600 seconds")],
    ),
    (
        "  rest_seconds: 9",
        "  rest_seconds: .nan",
        [(".nan", 1, "timing.rest_seconds: nan is out of range; use 0 to 3600 seconds")],
    ),
    (
        "  rest_seconds: 9",
        "  rest_seconds: '9'",
        [("'9'", 1, "timing.rest_seconds: expected a number of seconds, got the text '9'")],
    ),
    (
        "  rest_seconds: 9",
        "  rest_seconds: true",
        [
            (
                "true",
                1,
                "timing.rest_seconds: expected a number of seconds, got true (a true/false value)",
            )
        ],
    ),
    # a stretch's fields
    (
        "    number: 1\n",
        "    number: 0\n",
        [
            (
                "0\n",
                1,
                "stretch 'knee-hug': number: 0 is out of range; use 1 to 999",
            )
        ],
    ),
    (
        "    number: 999",
        "    number: 1000",
        [("1000", 1, "stretch 'roll9': number: 1000 is out of range; use 1 to 999")],
    ),
    (
        "    number: 1\n",
        "    number: '1'\n",
        [("'1'", 1, "stretch 'knee-hug': number: expected a whole number, got the text '1'")],
    ),
    (
        "    number: 1\n",
        "    number: 1.5\n",
        [("1.5", 1, "stretch 'knee-hug': number: expected a whole number, got 1.5")],
    ),
    (
        "    number: 1\n",
        "    number: yes\n",
        [
            (
                "yes",
                1,
                "stretch 'knee-hug': number: expected a whole number, got true (a true/false "
                "value)",
            )
        ],
    ),
    (
        "    name: Knee hug",
        "    name: " + "n" * 81,
        [("n" * 81, 1, "stretch 'knee-hug': name: is 81 characters; keep it under 80")],
    ),
    (
        "    summary: Hugs the knees.",
        "    summary: " + "s" * 601,
        [("s" * 601, 1, "stretch 'knee-hug': summary: is 601 characters; keep it under 600")],
    ),
    (
        "    position: Lie on your back.",
        "    position: " + "p" * 1001,
        [("p" * 1001, 1, "stretch 'knee-hug': position: is 1001 characters; keep it under 1000")],
    ),
    (
        "    position_cue: On your back",
        "    position_cue: " + "c" * 61,
        [("c" * 61, 1, "stretch 'knee-hug': position_cue: is 61 characters; keep it under 60")],
    ),
    (
        "    name: Knee hug",
        "    name: [Knee, hug]",
        [
            (
                "[Knee",
                1,
                "stretch 'knee-hug': name: expected text, got a list; put it in quotes",
            )
        ],
    ),
    (
        "    name: Knee hug",
        "    name: {a: 1}",
        [
            (
                "{a: 1}",
                1,
                "stretch 'knee-hug': name: expected text, got a mapping; put it in quotes",
            )
        ],
    ),
    (
        "    name: Knee hug",
        "    name:",
        [
            (
                "\n",
                20,
                "stretch 'knee-hug': name: expected text, got nothing (null); put it in quotes",
            )
        ],
    ),
    (
        "    summary: Hugs the knees.",
        "    summary: " + "x" * 50,
        [],
    ),
    (
        "    equipment: []\n    position: Lie on",
        "    equipment: [towel, 5]\n    position: Lie on",
        [("5]", 1, "stretch 'knee-hug': equipment[2]: expected text, got 5; put it in quotes")],
    ),
    (
        "    equipment: []\n    position: Lie on",
        "    equipment: towel\n    position: Lie on",
        [
            (
                "towel\n",
                1,
                "stretch 'knee-hug': equipment: expected a list, got the text 'towel'; "
                "write it as [a, b] or one '- item' a line",
            )
        ],
    ),
    (
        "    cautions: [Go gently.]",
        "    cautions: [Go gently., '']",
        [("''", 1, "stretch 'knee-hug': cautions[2]: is empty; write the text")],
    ),
    (
        "    notes: [A note.]",
        "    notes: [A note., [x]]",
        [
            (
                "[x]",
                1,
                "stretch 'leg-lift': notes[2]: expected text, got a list; put it in quotes",
            )
        ],
    ),
    (
        "    notes: [A note.]",
        "    notes: A note.",
        [
            (
                "A note.",
                1,
                "stretch 'leg-lift': notes: expected a list, got the text 'A note.'; "
                "write it as [a, b] or one '- item' a line",
            )
        ],
    ),
    (
        "    cautions: [Go gently.]",
        "    cautions: [Go gently.]\n    colour: red",
        [
            (
                "colour",
                1,
                "stretch 'knee-hug': unknown key 'colour'; allowed keys: id, number, name, "
                "summary, equipment, position, position_cue, steps, dose, cautions, per_side, "
                "notes, figure",
            )
        ],
    ),
    (
        "    cautions: [Go gently.]",
        "    cautions: [Go gently.]\n    note: red",
        [("note: red", 1, "stretch 'knee-hug': unknown key 'note'; did you mean 'notes'?")],
    ),
    (
        "    cautions: [Go gently.]\n",
        "",
        [("id: knee-hug", 1, "stretch 'knee-hug': missing 'cautions'; add it")],
    ),
    # ids
    (
        "  - id: knee-hug",
        "  - id: Knee-Hug",
        [
            (
                "Knee-Hug",
                1,
                "stretches[1]: id 'Knee-Hug' is not a valid id; use lower-case letters, digits "
                "and dashes, starting with a letter (like 'bird-dog')",
            )
        ],
    ),
    (
        "  - id: knee-hug",
        "  - id: 1knee",
        [
            (
                "1knee",
                1,
                "stretches[1]: id '1knee' is not a valid id; use lower-case letters, digits "
                "and dashes, starting with a letter (like 'bird-dog')",
            )
        ],
    ),
    (
        "  - id: knee-hug",
        "  - id: knee_hug",
        [
            (
                "knee_hug",
                1,
                "stretches[1]: id 'knee_hug' is not a valid id; use lower-case letters, digits "
                "and dashes, starting with a letter (like 'bird-dog')",
            )
        ],
    ),
    (
        "  - id: knee-hug",
        "  - id: -knee",
        [
            (
                "-knee",
                1,
                "stretches[1]: id '-knee' is not a valid id; use lower-case letters, digits "
                "and dashes, starting with a letter (like 'bird-dog')",
            )
        ],
    ),
    (
        "  - id: knee-hug",
        "  - id: " + "k" * 41,
        [("k" * 41, 1, f"stretch '{'k' * 41}': id: is 41 characters; keep it under 40")],
    ),
    (
        "  - id: roll9",
        "  - id: 12",
        [("12", 1, "stretches[3]: id: expected text, got 12; put it in quotes")],
    ),
    (
        "  - id: knee-hug\n",
        "  - ident: knee-hug\n",
        [
            (
                "ident",
                1,
                "stretches[1]: unknown key 'ident'; allowed keys: id, number, name, summary, "
                "equipment, position, position_cue, steps, dose, cautions, per_side, notes, "
                "figure",
            ),
            ("ident", 1, "stretches[1]: missing 'id'; add it"),
        ],
    ),
    # steps
    (
        "        kind: move\n        breath: in\n",
        "        kind: move\n",
        [("text: Breathe in.", 1, "stretch 'knee-hug': steps[1]: missing 'breath'; add it")],
    ),
    (
        "    steps:\n      - text: Breathe in.",
        "    steps: []\n    old:\n      - text: Breathe in.",
        [
            ("[]\n    old", 1, "stretch 'knee-hug': steps: is empty; list at least one"),
            (
                "old",
                1,
                "stretch 'knee-hug': unknown key 'old'; allowed keys: id, number, name, summary, "
                "equipment, position, position_cue, steps, dose, cautions, per_side, notes, "
                "figure",
            ),
        ],
    ),
    (
        "      - text: Breathe in.",
        "      - text: " + "t" * 601,
        [
            (
                "t" * 601,
                1,
                "stretch 'knee-hug': steps[1].text: is 601 characters; keep it under 600",
            )
        ],
    ),
    (
        "        cue: Breathe in\n",
        "        cue: " + "c" * 61 + "\n",
        [("c" * 61, 1, "stretch 'knee-hug': steps[1].cue: is 61 characters; keep it under 60")],
    ),
    (
        "        kind: move\n        breath: in",
        "        kind: stretch\n        breath: in",
        [
            (
                "stretch\n",
                1,
                "stretch 'knee-hug': steps[1].kind: expected one of move | hold | release, "
                "got the text 'stretch'",
            )
        ],
    ),
    (
        "        breath: in\n",
        "        breath: sideways\n",
        [
            (
                "sideways",
                1,
                "stretch 'knee-hug': steps[1].breath: expected one of in | out | null, "
                "got the text 'sideways'",
            )
        ],
    ),
    (
        "        breath: in\n",
        "        breath: [in]\n",
        [
            (
                "[in]",
                1,
                "stretch 'knee-hug': steps[1].breath: expected one of in | out | null, got a list",
            )
        ],
    ),
    (
        "      - text: Hold.\n",
        "      - texts: Hold.\n",
        [
            ("texts", 1, "stretch 'knee-hug': steps[2]: unknown key 'texts'; did you mean 'text'?"),
            ("texts", 1, "stretch 'knee-hug': steps[2]: missing 'text'; add it"),
        ],
    ),
    (
        "      - text: Hold.\n        cue: Hold\n        kind: hold\n        breath: null\n",
        "      - Hold.\n",
        [
            (
                "Hold.",
                1,
                "stretch 'knee-hug': steps[2]: expected a mapping of keys, got the text 'Hold.'",
            )
        ],
    ),
    (
        "    steps:\n      - text: Breathe in.",
        "    steps: a step\n    old:\n      - text: Breathe in.",
        [
            (
                "a step",
                1,
                "stretch 'knee-hug': steps: expected a list, got the text 'a step'; "
                "write it as [a, b] or one '- item' a line",
            ),
            (
                "old",
                1,
                "stretch 'knee-hug': unknown key 'old'; allowed keys: id, number, name, summary, "
                "equipment, position, position_cue, steps, dose, cautions, per_side, notes, "
                "figure",
            ),
        ],
    ),
    # per_side of a step
    (
        "          left: {text: Lift the LEFT leg., cue: Lift LEFT}\n",
        "",
        [
            (
                "right: {text: Lift the RIGHT",
                1,
                "stretch 'leg-lift': steps[1].per_side: missing 'left'; add it",
            )
        ],
    ),
    (
        "left: {text: Lift the LEFT leg., cue: Lift LEFT}",
        "left: {text: Lift the LEFT leg.}",
        [
            (
                "{text: Lift the LEFT",
                1,
                "stretch 'leg-lift': steps[1].per_side.left: missing 'cue'; add it",
            )
        ],
    ),
    (
        "right: {text: Lift the RIGHT leg., cue: Lift RIGHT}",
        "right: {text: Lift the RIGHT leg., cue: " + "r" * 61 + "}",
        [
            (
                "r" * 61,
                1,
                "stretch 'leg-lift': steps[1].per_side.right.cue: is 61 characters; "
                "keep it under 60",
            )
        ],
    ),
    (
        "right: {text: Lift the RIGHT leg., cue: Lift RIGHT}",
        "right: {text: " + "r" * 601 + ", cue: Lift RIGHT}",
        [
            (
                "r" * 601,
                1,
                "stretch 'leg-lift': steps[1].per_side.right.text: is 601 characters; "
                "keep it under 600",
            )
        ],
    ),
    (
        "right: {text: Lift the RIGHT leg., cue: Lift RIGHT}",
        "right: Lift the RIGHT leg.",
        [
            (
                "Lift the RIGHT leg.",
                1,
                "stretch 'leg-lift': steps[1].per_side.right: expected a mapping of keys, "
                "got the text 'Lift the RIGHT leg.'",
            )
        ],
    ),
    (
        "        per_side:\n          left: {text: Lift the LEFT",
        "        per_side: both\n        old:\n          left: {text: Lift the LEFT",
        [
            (
                "both",
                1,
                "stretch 'leg-lift': steps[1].per_side: expected a mapping of keys, "
                "got the text 'both'",
            ),
            (
                "old:",
                1,
                "stretch 'leg-lift': steps[1]: unknown key 'old'; allowed keys: text, cue, "
                "kind, breath, per_side",
            ),
        ],
    ),
    # per_side of the position
    (
        "        position_cue: LEFT leg out\n",
        "",
        [
            (
                "position: Lie with the LEFT",
                1,
                "stretch 'leg-lift': per_side.left: missing 'position_cue'; add it",
            ),
            (
                "Lie down\n",
                1,
                "stretch 'leg-lift': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    (
        "        position_cue: RIGHT leg out",
        "        position_cue: " + "r" * 61,
        [
            (
                "r" * 61,
                1,
                "stretch 'leg-lift': per_side.right.position_cue: is 61 characters; "
                "keep it under 60",
            ),
            (
                "Lie down\n",
                1,
                "stretch 'leg-lift': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    (
        "        position: Lie with the RIGHT leg out.",
        "        position: " + "r" * 1001,
        [
            (
                "r" * 1001,
                1,
                "stretch 'leg-lift': per_side.right.position: is 1001 characters; "
                "keep it under 1000",
            ),
            (
                "Lie down\n",
                1,
                "stretch 'leg-lift': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    (
        "      right:\n        position: Lie with the RIGHT leg out.\n"
        "        position_cue: RIGHT leg out\n",
        "",
        [
            (
                "Lie down\n",
                1,
                "stretch 'leg-lift': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
            ("left:\n", 1, "stretch 'leg-lift': per_side: missing 'right'; add it"),
        ],
    ),
    (
        "      right:\n        position: Lie with the RIGHT leg out.\n"
        "        position_cue: RIGHT leg out\n",
        "      right: Lie with the RIGHT leg out.\n",
        [
            (
                "Lie with the RIGHT",
                1,
                "stretch 'leg-lift': per_side.right: expected a mapping of keys, "
                "got the text 'Lie with the RIGHT leg out.'",
            ),
            (
                "Lie down\n",
                1,
                "stretch 'leg-lift': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    # dose
    (
        "      sides: once",
        "      sides: twice",
        [
            (
                "twice",
                1,
                "stretch 'knee-hug': dose.sides: expected one of once | each | alternate, "
                "got the text 'twice'",
            )
        ],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 0, max: 4}",
        [("0, max", 1, "stretch 'knee-hug': dose.reps.min: 0 is out of range; use 1 to 100")],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 2, max: 101}",
        [("101", 1, "stretch 'knee-hug': dose.reps.max: 101 is out of range; use 1 to 100")],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 100, max: 100}",
        [],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 5, max: 4}",
        [("{min: 5", 1, "stretch 'knee-hug': dose.reps: min 5 is more than max 4; swap them")],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 4, max: 4}",
        [],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {min: 2}",
        [("{min: 2}", 1, "stretch 'knee-hug': dose.reps: missing 'max'; add it")],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: {max: 4}",
        [("{max: 4}", 1, "stretch 'knee-hug': dose.reps: missing 'min'; add it")],
    ),
    (
        "reps: {min: 2, max: 4}",
        "reps: 3",
        [
            (
                "3\n      hold",
                1,
                "stretch 'knee-hug': dose.reps: expected a mapping of keys, got 3",
            )
        ],
    ),
    (
        "hold_seconds: {min: 10, max: 20}",
        "hold_seconds: {min: 10, max: 601}",
        [
            (
                "601",
                1,
                "stretch 'knee-hug': dose.hold_seconds.max: 601 is out of range; use 1 to 600",
            )
        ],
    ),
    (
        "hold_seconds: {min: 10, max: 20}",
        "hold_seconds: {min: 600, max: 600}",
        [],
    ),
    (
        "hold_seconds: {min: 10, max: 20}",
        "hold_seconds: {min: 20, max: 10}",
        [
            (
                "{min: 20",
                1,
                "stretch 'knee-hug': dose.hold_seconds: min 20 is more than max 10; swap them",
            )
        ],
    ),
    (
        "hold_seconds: {min: 10, max: 20}",
        "hold_seconds: 15",
        [
            (
                "15",
                1,
                "stretch 'knee-hug': dose.hold_seconds: expected a mapping of keys, got 15",
            )
        ],
    ),
    (
        "      hold_seconds: {min: 10, max: 20}",
        "      hold_seconds: null",
        [
            (
                "null\n    cautions: [Go",
                1,
                "stretch 'knee-hug': dose.hold_seconds: a step has kind 'hold' but this is null; "
                "give the hold a range of seconds or change the step's kind",
            )
        ],
    ),
    (
        "      hold_seconds: {min: 10, max: 20}\n",
        "",
        [
            ("sides: once", 1, "stretch 'knee-hug': dose: missing 'hold_seconds'; add it"),
            (
                "sides: once",
                1,
                "stretch 'knee-hug': dose.hold_seconds: a step has kind 'hold' but this is null; "
                "give the hold a range of seconds or change the step's kind",
            ),
        ],
    ),
    (
        "      hold_seconds: null\n    cautions: []",
        "      hold_seconds: {min: 5, max: 6}\n    cautions: []",
        [
            (
                "{min: 5, max: 6}",
                1,
                "stretch 'leg-lift': dose.hold_seconds: no step has kind 'hold' to use it; "
                "add a hold step or set hold_seconds to null",
            )
        ],
    ),
    (
        "      sides: once\n      reps: {min: 2, max: 4}\n      hold_seconds: {min: 10, max: 20}",
        "      a: b",
        [
            (
                "a: b",
                1,
                "stretch 'knee-hug': dose: unknown key 'a'; allowed keys: sides, reps, "
                "hold_seconds",
            ),
            ("a: b", 1, "stretch 'knee-hug': dose: missing 'sides'; add it"),
            ("a: b", 1, "stretch 'knee-hug': dose: missing 'reps'; add it"),
            ("a: b", 1, "stretch 'knee-hug': dose: missing 'hold_seconds'; add it"),
        ],
    ),
    (
        "    dose:\n      sides: once\n      reps: {min: 2, max: 4}\n"
        "      hold_seconds: {min: 10, max: 20}\n",
        "    dose: daily\n",
        [
            (
                "daily\n",
                1,
                "stretch 'knee-hug': dose: expected a mapping of keys, got the text 'daily'",
            )
        ],
    ),
    (
        "    dose:\n      sides: once\n      reps: {min: 2, max: 4}\n"
        "      hold_seconds: {min: 10, max: 20}\n",
        "",
        [("id: knee-hug", 1, "stretch 'knee-hug': missing 'dose'; add it")],
    ),
    (
        "reps: {min: 6, max: 6}",
        "reps: {min: 7, max: 7}",
        [
            (
                "{min: 7",
                1,
                "stretch 'roll9': dose.reps: 7 alternating repetitions cannot be shared equally "
                "by the two sides; use an even number, like {min: 8, max: 8}, or count per side "
                "with sides: each",
            )
        ],
    ),
    ("reps: {min: 6, max: 6}", "reps: {min: 7, max: 8}", []),
    ("reps: {min: 6, max: 6}", "reps: {min: 1, max: 2}", []),
    # sides and per_side wording
    (
        "      sides: each",
        "      sides: once",
        [
            (
                "per_side:\n      left:\n        position:",
                1,
                "stretch 'leg-lift': per_side: the stretch is done once, not on each side; "
                "remove per_side (or set dose.sides to each or alternate)",
            )
        ],
    ),
    (
        "      sides: alternate",
        "      sides: once",
        [
            (
                "steps:",
                3,
                "stretch 'roll9': steps: a step has per_side wording but the stretch is done "
                "once; remove it (or set dose.sides to each or alternate)",
            )
        ],
    ),
    (
        "      sides: once",
        "      sides: each",
        [
            (
                "On your back\n",
                1,
                "stretch 'knee-hug': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
            (
                "steps:",
                1,
                "stretch 'knee-hug': steps: the stretch is done on each side, but no step names "
                "the limb for each side; give the step that moves a limb per_side: with left: "
                "and right:, each giving text and cue (see the field guide at the top of the "
                "built-in catalogue)",
            ),
        ],
    ),
    (
        "      sides: once\n      reps: {min: 2, max: 4}",
        "      sides: alternate\n      reps: {min: 2, max: 4}",
        [
            (
                "steps:",
                1,
                "stretch 'knee-hug': steps: the stretch is done on alternating sides, but no "
                "step names the limb for each side; give the step that moves a limb per_side: "
                "with left: and right:, each giving text and cue (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    (
        "      sides: alternate",
        "      sides: each",
        [
            (
                "Back\n",
                1,
                "stretch 'roll9': done on each side, but the position does not say which limb "
                "is which on each side; add per_side: with left: and right:, each giving "
                "position and position_cue that name the limbs (see the field guide at the top "
                "of the built-in catalogue)",
            ),
        ],
    ),
    # the stretches list
    (
        "  - id: roll9",
        "  - Oops!\n  - id: roll9",
        [("Oops!", 1, "stretches[3]: expected a mapping of keys, got the text 'Oops!'")],
    ),
    (
        "  - id: leg-lift\n    number: 2",
        "  - id: knee-hug\n    number: 2",
        [
            (
                "knee-hug",
                2,
                "stretch 'knee-hug': duplicate id (first at line 18); give each stretch its own id",
            )
        ],
    ),
    (
        "    number: 999",
        "    number: 1",
        [
            (
                "1\n    name: Roll",
                1,
                "stretch 'roll9': number 1 is already used at line 19; number the stretches "
                "1, 2, 3, ...",
            )
        ],
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_one_mistake_one_message(old: str, new: str, expected: list[tuple[str, int, str]]) -> None:
    """Each mistake gives exactly its message, at the line and column of what is wrong."""
    text = broken(old, new)
    if not expected:
        parse_catalogue(text, NAME, cached=False)
        return
    want = sorted(
        (f"{loc(text, needle, nth)}: {message}" for needle, nth, message in expected),
        key=lambda p: (int(p.split(":")[1]), int(p.split(":")[2]), p),
    )
    assert problems_of(text) == want


def test_a_catalogue_that_is_not_a_mapping() -> None:
    """A list at the top is refused as a whole, at its first line."""
    assert problems_of("- a\n- b\n") == [
        "cat.yaml:1:1: the catalogue: expected a mapping of keys, got a list"
    ]


def test_a_wrong_schema_stops_the_checking() -> None:
    """With an unknown schema number nothing else is checked: only that is reported."""
    text = broken("schema: 1", "schema: 2").replace("number: 2\n", "number: x\n")
    assert problems_of(text) == ["cat.yaml:1:9: schema: 2 is out of range; use 1 to 1"]


def test_a_missing_schema_does_not_stop_the_checking() -> None:
    """Without a schema line, the rest is still checked and reported."""
    text = broken("schema: 1\n", "").replace("number: 2\n", "number: x\n")
    assert problems_of(text) == [
        "cat.yaml:1:1: the catalogue: missing 'schema'; add it",
        f"{loc(text, 'number: x')[:-1]}13: stretch 'leg-lift': number: expected a whole number, "
        "got the text 'x'",
    ]


def test_every_section_is_checked_even_when_another_is_wrong() -> None:
    """Advice, timing and stretches each report their own mistake in one pass."""
    text = (
        VALID.replace("daily: Every day.", "daily: [x]")
        .replace("move_seconds: 7", "move_seconds: x")
        .replace("number: 999", "number: 0")
    )
    assert problems_of(text) == [
        f"{loc(text, '[x]')}: advice.daily: expected text, got a list; put it in quotes",
        f"{loc(text, 'x', 3)}: timing.move_seconds: expected a number of seconds, got the text 'x'",
        f"{loc(text, 'number: 0')[:-1]}13: stretch 'roll9': number: 0 is out of range; "
        "use 1 to 999",
    ]


def test_sections_that_are_not_mappings() -> None:
    """advice: or timing: written as text is one problem each, at the value."""
    advice = VALID[VALID.index("advice:\n") : VALID.index("timing:\n")]
    timing = VALID[VALID.index("timing:\n") : VALID.index("stretches:\n")]
    text = VALID.replace(advice, "advice: none\n").replace(timing, "timing: [5]\n")
    assert problems_of(text) == [
        "cat.yaml:2:9: advice: expected a mapping of keys, got the text 'none'",
        "cat.yaml:3:9: timing: expected a mapping of keys, got a list",
    ]


def test_items_that_are_not_mappings_are_not_taken_for_ids_or_numbers() -> None:
    """Two equal text or number items are two misplaced items, not a repeated id or number."""
    text = broken("  - id: roll9", "  - Oops!\n  - Oops!\n  - 5\n  - 5\n  - id: roll9")
    assert problems_of(text) == [
        f"{loc(text, 'Oops!', 1)}: stretches[3]: expected a mapping of keys, got the text 'Oops!'",
        f"{loc(text, 'Oops!', 2)}: stretches[4]: expected a mapping of keys, got the text 'Oops!'",
        f"{loc(text, '- 5', 1)[:-1]}5: stretches[5]: expected a mapping of keys, got 5",
        f"{loc(text, '- 5', 2)[:-1]}5: stretches[6]: expected a mapping of keys, got 5",
    ]
