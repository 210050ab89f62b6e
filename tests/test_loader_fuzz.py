"""Whatever bytes a catalogue holds, the loader fails only with its own error."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcoach.catalogue.loader import parse_catalogue
from backcoach.errors import InputError
from conftest import CATALOGUE

ORIGINAL = CATALOGUE.read_text(encoding="utf-8")
YAML_BITS = st.sampled_from(
    [
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!python/name:os.system",
        "<<: ",
        "\n",
        "  ",
        "'",
        '"',
        "#",
        "null",
        "-1",
        "0",
        "1e9",
        ".inf",
        "~",
        "|",
        ">",
        "?",
        "\t",
        "\x00",
        "\x1b",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "reps",
        "min",
        "max",
        "id: a",
    ]
)


def load_or_input_error(text: str) -> None:
    """A catalogue that keeps the loader's promises, or an InputError pointing into the file."""
    # YAML breaks lines at \r, \n, \r\n, NEL and the Unicode line and paragraph separators.
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    try:
        catalogue = parse_catalogue(text, "fuzz.yaml")
    except InputError as error:
        # A file may also load cleanly, so the error is checked here, not with raises().
        assert error.problems or error.message.strip()  # noqa: PT017
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert 1 <= problem.line <= lines + 1 and problem.col >= 1
            assert problem.message.strip()
        return
    # What loaded obeys the rules the rest of backcoach relies on.
    assert catalogue.stretches
    ids = [stretch.id for stretch in catalogue.stretches]
    assert len(set(ids)) == len(ids)
    for stretch in catalogue.stretches:
        assert stretch.steps and stretch.name.strip()
        assert 1 <= stretch.dose.reps.min <= stretch.dose.reps.max
        holds = stretch.dose.hold_seconds
        assert (holds is not None) == any(step.kind == "hold" for step in stretch.steps)
        if holds is not None:
            assert 1 <= holds.min <= holds.max


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    """Random text never raises anything but InputError."""
    load_or_input_error(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_catalogue(data: st.DataObject) -> None:
    """The real catalogue with random cuts and insertions never crashes the loader."""
    text = ORIGINAL
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            cut = data.draw(st.integers(1, 40))
            text = text[:where] + text[where + cut :]
        else:
            text = text[:where] + data.draw(YAML_BITS) + text[where:]
    load_or_input_error(text)
