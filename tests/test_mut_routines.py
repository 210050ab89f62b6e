"""Routines, rule by rule: each mistake alone with its message and place, and valid ones whole."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from backcoach.catalogue import routines
from backcoach.catalogue.loader import load, parse_catalogue
from backcoach.catalogue.routines import Entry, Routine
from backcoach.errors import InputError, UsageError

BASE = load()
HERE = Path("/nowhere")  # the folder of a routine that names no catalogue of its own


def problems(text: str, folder: Path | None = HERE, base: object = None) -> list[str]:
    """Every problem parse_routine reports for `text`, as FILE:LINE:COL: message."""
    with pytest.raises(InputError) as caught:
        routines.parse_routine(text, "r.yaml", base or BASE, folder)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def parsed(text: str, folder: Path | None = HERE) -> Routine:
    return routines.parse_routine(text, "r.yaml", BASE, folder)


def write_own(home: Path, name: str, text: str) -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- a valid routine, every field -------------------------------------------------------


def test_every_field_of_a_valid_routine_is_loaded() -> None:
    """Name, description (spaces folded), rest, each entry with its overrides: all as written."""
    text = (
        "name: physio\n"
        "description: '  Morning   plan. '\n"
        "rest_seconds: 12.5\n"
        "stretches:\n"
        "  - bridge\n"
        "  - id: bird-dog\n    reps: 10\n    hold_seconds: 7\n    sides: right\n"
        "  - id: spine-stretch\n    reps: 8\n"
        "  - id: hip-stretch\n    sides: left\n"
        "  - {id: lower-back-stretch, hold_seconds: 25}\n"
    )
    assert parsed(text) == Routine(
        name="physio",
        description="Morning plan.",
        entries=(
            Entry("bridge"),
            Entry("bird-dog", 10, 7, ("right",)),
            Entry("spine-stretch", 8, None, None),
            Entry("hip-stretch", None, None, ("left",)),
            Entry("lower-back-stretch", None, 25, None),
        ),
        rest_seconds=12.5,
        origin="r.yaml",
        catalogue=BASE,
    )


def test_a_minimal_routine_has_no_description_and_no_rest() -> None:
    """Without description and rest_seconds: an empty description and no rest of its own."""
    routine = parsed("name: t\nstretches: [bridge]\n")
    assert routine == Routine("t", "", (Entry("bridge"),), None, "r.yaml", BASE)


def test_limits_at_their_edges_are_allowed() -> None:
    """A 40-letter name, 100 reps, a 600 s hold, 0 and 600 s rest are all allowed."""
    name = "n" * 40
    routine = parsed(
        f"name: {name}\nrest_seconds: 600\nstretches:\n"
        "  - id: bridge\n    reps: 100\n  - id: bird-dog\n    hold_seconds: 600\n    reps: 2\n"
    )
    assert routine.name == name and routine.rest_seconds == 600.0
    assert routine.entries == (Entry("bridge", 100), Entry("bird-dog", 2, 600))
    none = parsed("name: t\nrest_seconds: 0\nstretches:\n  - id: bridge\n    reps: 1\n")
    assert none.rest_seconds == 0.0 and none.entries == (Entry("bridge", 1),)
    assert isinstance(none.rest_seconds, float)


def test_a_description_of_1000_characters_is_allowed() -> None:
    """The longest description allowed is 1000 characters."""
    routine = parsed("name: t\ndescription: " + "d" * 1000 + "\nstretches: [bridge]\n")
    assert routine.description == "d" * 1000


def test_odd_counts_are_fine_where_sides_do_not_alternate() -> None:
    """3 reps of bridge (once) and 3 of hip-stretch (each side) are no inequality."""
    routine = parsed(
        "name: t\nstretches:\n  - id: bridge\n    reps: 3\n  - id: hip-stretch\n    reps: 3\n"
    )
    assert routine.entries == (Entry("bridge", 3), Entry("hip-stretch", 3))


def test_odd_alternating_count_on_the_right_side_only_is_allowed() -> None:
    """sides: right takes every repetition to one side, so 5 reps are fine."""
    routine = parsed("name: t\nstretches:\n  - id: bird-dog\n    reps: 5\n    sides: right\n")
    assert routine.entries == (Entry("bird-dog", 5, None, ("right",)),)


def test_even_alternating_counts_are_fine() -> None:
    """An even count of an alternating stretch loads as written."""
    routine = parsed("name: t\nstretches:\n  - id: spine-stretch\n    reps: 2\n")
    assert routine.entries == (Entry("spine-stretch", 2),)


# -- each rule on its own ----------------------------------------------------------------

ERRORS = [
    pytest.param(
        "name: t\nstretches:\n  - zzzz\n",
        "r.yaml:3:5: stretches[1]: no stretch 'zzzz' in the catalogue; "
        "see `backcoach list` for the ids",
        id="unknown-stretch-no-hint",
    ),
    pytest.param(
        "name: t\nstretches:\n  - bridge\n  - id: brige\n",
        "r.yaml:4:9: stretches[2]: no stretch 'brige' in the catalogue; did you mean 'bridge'?",
        id="unknown-stretch-with-hint",
    ),
    pytest.param(
        "name: t\nstretches:\n  - bridge\n  - bird-dog\n  - bridge\n",
        "r.yaml:5:5: stretches[3]: 'bridge' is listed twice; keep one",
        id="repeated-stretch",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    reps: 101\n",
        "r.yaml:4:11: stretches[1] (bridge).reps: 101 is out of range; use 1 to 100",
        id="too-many-reps",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    reps: 0\n",
        "r.yaml:4:11: stretches[1] (bridge).reps: 0 is out of range; use 1 to 100",
        id="no-reps",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    reps: x\n",
        "r.yaml:4:11: stretches[1] (bridge).reps: expected a whole number, got the text 'x'",
        id="reps-not-a-number",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    hold_seconds: 601\n",
        "r.yaml:4:19: stretches[1] (bird-dog).hold_seconds: 601 is out of range; use 1 to 600",
        id="hold-too-long",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    hold_seconds: 0\n",
        "r.yaml:4:19: stretches[1] (bird-dog).hold_seconds: 0 is out of range; use 1 to 600",
        id="hold-zero",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    hold_seconds: 2.5\n",
        "r.yaml:4:19: stretches[1] (bird-dog).hold_seconds: expected a whole number, got 2.5",
        id="hold-not-whole",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: pelvic-tilts\n    hold_seconds: 10\n",
        "r.yaml:4:19: stretches[1] (pelvic-tilts).hold_seconds: pelvic-tilts has no hold; "
        "remove this line",
        id="hold-on-a-stretch-without-one",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: lower-back-stretch\n    sides: right\n",
        "r.yaml:4:12: stretches[1] (lower-back-stretch).sides: lower-back-stretch is not done "
        "on sides; remove this line",
        id="sides-on-a-once-stretch",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: hip-stretch\n    sides: up\n",
        "r.yaml:4:12: stretches[1] (hip-stretch).sides: expected one of left | right, "
        "got the text 'up'",
        id="sides-unknown",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: spine-stretch\n    reps: 1\n",
        "r.yaml:4:11: stretches[1] (spine-stretch).reps: spine-stretch alternates sides, so 1 "
        "would give one side a repetition more; use 2 (or sides: left for one side only)",
        id="one-alternating-rep",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    reps: 3\n",
        "r.yaml:4:11: stretches[1] (bird-dog).reps: bird-dog alternates sides, so 3 would give "
        "one side a repetition more; use 2 or 4 (or sides: left for one side only)",
        id="three-alternating-reps",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    reps: 8\n    sides: both\n",
        "r.yaml:5:12: stretches[1] (bird-dog).sides: expected one of left | right, "
        "got the text 'both'",
        id="bad-sides-is-its-own-error",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: 5\n",
        "r.yaml:3:9: stretches[1].id: expected text, got 5; put it in quotes",
        id="id-not-text",
    ),
    pytest.param(
        "name: t\nstretches:\n  - 5\n",
        "r.yaml:3:5: stretches[1].id: expected text, got 5; put it in quotes",
        id="item-not-text",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: " + "a" * 41 + "\n",
        "r.yaml:3:9: stretches[1].id: is 41 characters; keep it under 40",
        id="id-too-long",
    ),
    pytest.param(
        "name: t\nstretches:\n  - reps: 5\n",
        "r.yaml:3:5: stretches[1]: missing 'id'; add it",
        id="entry-without-id",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    side: left\n",
        "r.yaml:4:5: stretches[1]: unknown key 'side'; did you mean 'sides'?",
        id="unknown-entry-key",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    colour: red\n",
        "r.yaml:4:5: stretches[1]: unknown key 'colour'; allowed keys: id, reps, "
        "hold_seconds, sides",
        id="unknown-entry-key-no-hint",
    ),
    pytest.param(
        "name: t\nstretch: []\nstretches: [bridge]\n",
        "r.yaml:2:1: the routine: unknown key 'stretch'; did you mean 'stretches'?",
        id="unknown-top-key",
    ),
    pytest.param(
        "name: t\ncolour: red\nstretches: [bridge]\n",
        "r.yaml:2:1: the routine: unknown key 'colour'; allowed keys: name, stretches, "
        "description, rest_seconds, catalogue",
        id="unknown-top-key-no-hint",
    ),
    pytest.param(
        "stretches: [bridge]\n",
        "r.yaml:1:1: the routine: missing 'name'; add it",
        id="missing-name",
    ),
    pytest.param(
        "name: t\n",
        "r.yaml:1:1: the routine: missing 'stretches'; add it",
        id="missing-stretches",
    ),
    pytest.param(
        "name: " + "n" * 41 + "\nstretches: [bridge]\n",
        "r.yaml:1:7: name: is 41 characters; keep it under 40",
        id="name-too-long",
    ),
    pytest.param(
        "name: ''\nstretches: [bridge]\n",
        "r.yaml:1:7: name: is empty; write the text",
        id="name-empty",
    ),
    pytest.param(
        "name: [a]\nstretches: [bridge]\n",
        "r.yaml:1:7: name: expected text, got a list; put it in quotes",
        id="name-not-text",
    ),
    pytest.param(
        "name: t\ndescription: " + "d" * 1001 + "\nstretches: [bridge]\n",
        "r.yaml:2:14: description: is 1001 characters; keep it under 1000",
        id="description-too-long",
    ),
    pytest.param(
        "name: t\ndescription: 5\nstretches: [bridge]\n",
        "r.yaml:2:14: description: expected text, got 5; put it in quotes",
        id="description-not-text",
    ),
    pytest.param(
        "name: t\nrest_seconds: 601\nstretches: [bridge]\n",
        "r.yaml:2:15: rest_seconds: 601 is out of range; use 0 to 600 seconds",
        id="rest-too-long",
    ),
    pytest.param(
        "name: t\nrest_seconds: -1\nstretches: [bridge]\n",
        "r.yaml:2:15: rest_seconds: -1 is out of range; use 0 to 600 seconds",
        id="rest-negative",
    ),
    pytest.param(
        "name: t\nrest_seconds: soon\nstretches: [bridge]\n",
        "r.yaml:2:15: rest_seconds: expected a number of seconds, got the text 'soon'",
        id="rest-not-a-number",
    ),
    pytest.param(
        "- a\n",
        "r.yaml:1:1: the routine: expected a mapping of keys, got a list",
        id="not-a-mapping",
    ),
    pytest.param(
        "name: t\nstretches: bridge\n",
        "r.yaml:2:12: stretches: expected a list, got the text 'bridge'; "
        "write it as [a, b] or one '- item' a line",
        id="stretches-not-a-list",
    ),
    pytest.param(
        "name: t\nstretches: []\n",
        "r.yaml:2:12: stretches: is empty; list at least one",
        id="stretches-empty",
    ),
    pytest.param(
        "name: t\ncatalogue: 5\nstretches: [bridge]\n",
        "r.yaml:2:12: catalogue: expected text, got 5; put it in quotes",
        id="catalogue-not-text",
    ),
    pytest.param(
        "name: t\ncatalogue: " + "c" * 501 + "\nstretches: [bridge]\n",
        "r.yaml:2:12: catalogue: is 501 characters; keep it under 500",
        id="catalogue-too-long",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_each_rule_alone(text: str, expected: str) -> None:
    """A routine with one mistake fails with exactly that one problem, at its FILE:LINE:COL."""
    assert problems(text) == [expected]


def test_every_problem_is_reported_and_later_entries_are_still_checked() -> None:
    """One pass reports every entry's problems, in file order, not just the first."""
    text = (
        "name: t\nstretches:\n"
        "  - zzzz\n"
        "  - {reps: 2}\n"
        "  - 7\n"
        "  - bridge\n"
        "  - bridge\n"
        "  - id: spine-stretch\n    reps: 5\n"
        "  - id: bird-dog\n    hold_seconds: 0\n"
    )
    assert problems(text) == [
        "r.yaml:3:5: stretches[1]: no stretch 'zzzz' in the catalogue; "
        "see `backcoach list` for the ids",
        "r.yaml:4:5: stretches[2]: missing 'id'; add it",
        "r.yaml:5:5: stretches[3].id: expected text, got 7; put it in quotes",
        "r.yaml:7:5: stretches[5]: 'bridge' is listed twice; keep one",
        "r.yaml:9:11: stretches[6] (spine-stretch).reps: spine-stretch alternates sides, so 5 "
        "would give one side a repetition more; use 4 or 6 (or sides: left for one side only)",
        "r.yaml:11:19: stretches[7] (bird-dog).hold_seconds: 0 is out of range; use 1 to 600",
    ]


def test_an_unknown_stretch_is_not_also_listed_twice() -> None:
    """The same unknown id twice is reported as unknown both times, never as a repeat."""
    assert problems("name: t\nstretches: [zzzz, zzzz]\n") == [
        "r.yaml:2:13: stretches[1]: no stretch 'zzzz' in the catalogue; "
        "see `backcoach list` for the ids",
        "r.yaml:2:19: stretches[2]: no stretch 'zzzz' in the catalogue; "
        "see `backcoach list` for the ids",
    ]


def test_an_entry_with_an_unknown_key_still_needs_its_id() -> None:
    """An entry mapping missing its id is reported once, and the others still load."""
    assert problems("name: t\nstretches:\n  - {colour: 2}\n  - bridge\n") == [
        "r.yaml:3:5: stretches[1]: missing 'id'; add it",
        "r.yaml:3:6: stretches[1]: unknown key 'colour'; allowed keys: id, reps, hold_seconds, "
        "sides",
    ]


def test_odd_alternating_reps_with_a_bad_side_give_both_problems() -> None:
    """A side that is not left or right does not excuse an odd alternating count."""
    assert problems("name: t\nstretches:\n  - id: bird-dog\n    reps: 9\n    sides: both\n") == [
        "r.yaml:4:11: stretches[1] (bird-dog).reps: bird-dog alternates sides, so 9 would give "
        "one side a repetition more; use 8 or 10 (or sides: left for one side only)",
        "r.yaml:5:12: stretches[1] (bird-dog).sides: expected one of left | right, "
        "got the text 'both'",
    ]


# -- a catalogue of the routine's own ------------------------------------------------------

EXTRA = (Path(__file__).parent / "test_routines.py").read_text(encoding="utf-8")
EXTRA_CATALOGUE = EXTRA[EXTRA.index('"""\\\nschema: 1') + 5 : EXTRA.index('"""\n\n\ndef dry_run')]


def test_own_catalogue_beside_the_routine_adds_its_stretches(tmp_path: Path) -> None:
    """catalogue: extra.yaml (relative to the routine) adds knee-hug after the base stretches."""
    (tmp_path / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    routine = parsed(
        "name: k\ncatalogue: extra.yaml\nstretches:\n  - knee-hug\n  - bridge\n", tmp_path
    )
    assert routine.entries == (Entry("knee-hug"), Entry("bridge"))
    assert routine.catalogue.ids == (*BASE.ids, "knee-hug")
    assert routine.catalogue.timing == BASE.timing and routine.catalogue.origin == BASE.origin


def test_own_catalogue_by_absolute_path(tmp_path: Path) -> None:
    """An absolute catalogue path is used as it is, whatever the routine's folder."""
    (tmp_path / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    text = f"name: k\ncatalogue: {tmp_path / 'extra.yaml'}\nstretches: [knee-hug]\n"
    assert parsed(text).catalogue.ids == (*BASE.ids, "knee-hug")
    assert parsed(text, None).entries == (Entry("knee-hug"),)


def test_a_built_in_routine_cannot_name_a_relative_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a folder (built-in), a relative catalogue is refused, though read from here."""
    (tmp_path / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert problems("name: k\ncatalogue: extra.yaml\nstretches: [knee-hug]\n", None) == [
        "r.yaml:2:12: catalogue: a built-in routine cannot name one"
    ]


def test_a_catalogue_that_cannot_be_read_is_named_with_its_reason(tmp_path: Path) -> None:
    """A missing catalogue: its full path, 'is not usable' and why, at the catalogue line."""
    [problem] = problems("name: k\ncatalogue: gone.yaml\nstretches: [bridge]\n", tmp_path)
    first, *rest = problem.split("\n")
    assert first == f"r.yaml:2:12: catalogue: {tmp_path / 'gone.yaml'} is not usable:"
    assert rest and "gone.yaml" in rest[0]


def test_a_catalogue_whose_ids_clash_is_refused(tmp_path: Path) -> None:
    """A catalogue reusing base ids is refused, listing the clashing ids sorted."""
    block = EXTRA_CATALOGUE[EXTRA_CATALOGUE.index("  - id: knee-hug") :]
    second = block.replace("id: knee-hug", "id: bird-dog").replace("number: 11", "number: 12")
    clash = EXTRA_CATALOGUE.replace("id: knee-hug", "id: bridge") + second
    (tmp_path / "copy.yaml").write_text(clash, encoding="utf-8")
    assert problems("name: k\ncatalogue: copy.yaml\nstretches: [bridge]\n", tmp_path) == [
        f"r.yaml:2:12: catalogue: {tmp_path / 'copy.yaml'} has ids that are already taken: "
        "bird-dog, bridge; give its stretches new ids"
    ]


# -- built-in routines with another catalogue ----------------------------------------------


def test_built_in_routine_with_a_catalogue_that_lacks_its_stretches() -> None:
    """quick with a catalogue lacking its stretches names that catalogue, not built-in:LINE."""
    own = parse_catalogue(EXTRA_CATALOGUE, "mine.yaml")
    with pytest.raises(InputError) as caught:
        routines.load("quick", own)
    assert caught.value.problems == ()
    assert str(caught.value) == (
        "mine.yaml: the built-in routine 'quick' uses stretches this catalogue does not have "
        "(spine-stretch, lower-back-stretch); choose a routine of your own with --routine "
        "(`backcoach routines new NAME --catalogue mine.yaml` writes one)"
    )


def test_built_in_needs_counts_plain_and_mapping_items() -> None:
    """Plain ids and `id:` entries both count; a nameless routine is named by its file."""
    own = parse_catalogue(EXTRA_CATALOGUE, "mine.yaml")
    text = "stretches:\n  - knee-hug\n  - bridge\n  - {id: bird-dog}\n  - 5\n  - {reps: 2}\n"
    with pytest.raises(InputError) as caught:
        routines.parse_routine(text, "built-in", own, None)
    assert str(caught.value).startswith(
        "mine.yaml: the built-in routine 'built-in' uses stretches this catalogue does not have "
        "(bridge, bird-dog); "
    )


def test_built_in_routine_with_a_catalogue_that_has_its_stretches() -> None:
    """A catalogue that holds every stretch a built-in routine uses is fine."""
    own = replace(BASE, origin="mine.yaml")
    routine = routines.load("quick", own)
    assert [entry.stretch_id for entry in routine.entries] == [
        "spine-stretch",
        "lower-back-stretch",
    ]
    assert routine.origin == "built-in" and routine.catalogue == own


def test_built_in_needs_ignores_what_is_not_a_routine() -> None:
    """A text that is not a mapping, or whose stretches are not a list, gets the usual errors."""
    own = replace(BASE, origin="mine.yaml")
    assert problems("- a\n", None, own) == [
        "r.yaml:1:1: the routine: expected a mapping of keys, got a list"
    ]
    assert problems("name: t\nstretches: bridge\n", None, own)[0].startswith(
        "r.yaml:2:12: stretches: expected a list"
    )


# -- doses: prescribed or not -------------------------------------------------------------


def doses(text: str, level: str = "standard") -> list[tuple[object, ...]]:
    return [
        (p.stretch.id, p.reps, p.hold_seconds, p.sides, p.prescribed)
        for p in parsed(text).prescriptions(level)  # type: ignore[arg-type]
    ]


def test_doses_without_overrides_follow_the_level() -> None:
    """No overrides: the source's dose at the level, nothing prescribed."""
    text = "name: t\nstretches: [bridge, bird-dog, hip-stretch]\n"
    assert doses(text) == [
        ("bridge", 10, None, None, False),
        ("bird-dog", 8, 7, None, False),
        ("hip-stretch", 2, 25, None, False),
    ]
    assert doses(text, "gentle") == [
        ("bridge", 8, None, None, False),
        ("bird-dog", 8, 5, None, False),
        ("hip-stretch", 2, 20, None, False),
    ]


def test_doses_outside_the_sources_range_are_prescribed() -> None:
    """Reps outside, a hold outside, or one side only: each alone marks the dose prescribed."""
    text = (
        "name: t\nstretches:\n"
        "  - id: bridge\n    reps: 13\n"
        "  - id: pelvic-tilts\n    reps: 12\n"
        "  - id: bird-dog\n    hold_seconds: 11\n"
        "  - id: deep-abdominal-stretch\n    hold_seconds: 10\n"
        "  - id: hip-stretch\n    sides: left\n"
        "  - id: lower-back-stretch\n    hold_seconds: 19\n    reps: 6\n"
    )
    assert doses(text) == [
        ("bridge", 13, None, None, True),
        ("pelvic-tilts", 12, None, None, False),
        ("bird-dog", 8, 11, None, True),
        ("deep-abdominal-stretch", 5, 10, None, False),
        ("hip-stretch", 2, 25, ("left",), True),
        ("lower-back-stretch", 6, 19, None, True),
    ]


# -- where routines are found ----------------------------------------------------------------


def test_user_dir_is_routines_in_backcoach_home(backcoach_home: Path) -> None:
    """A person's routines live in BACKCOACH_HOME/routines."""
    assert routines.user_dir() == backcoach_home / "routines"


def test_built_in_names_and_text() -> None:
    """The built-in routines are full and quick, each read from its packaged file."""
    assert routines.builtin_names() == ["full", "quick"]
    assert "\nname: quick\n" in routines.builtin_text("quick")
    assert "\nname: full\n" in routines.builtin_text("full")


def test_available_without_own_routines() -> None:
    """With no routines folder, only the built-in routines are available."""
    assert routines.available() == [("full", "built-in"), ("quick", "built-in")]


def test_available_lists_own_routines_first_and_sorted(backcoach_home: Path) -> None:
    """Own *.yaml files are listed by name with their path; an own 'quick' hides the built-in."""
    zeta = write_own(backcoach_home, "zeta", "name: zeta\nstretches: [bridge]\n")
    alpha = write_own(backcoach_home, "alpha", "name: alpha\nstretches: [bridge]\n")
    quick = write_own(backcoach_home, "quick", "not even yaml: [")
    (backcoach_home / "routines" / "notes.txt").write_text("x", encoding="utf-8")
    (backcoach_home / "routines" / "old.yml").write_text("x", encoding="utf-8")
    assert routines.available() == [
        ("alpha", str(alpha)),
        ("full", "built-in"),
        ("quick", str(quick)),
        ("zeta", str(zeta)),
    ]


def test_a_routines_file_instead_of_a_folder_is_an_error(backcoach_home: Path) -> None:
    """routines/ that is a file: listing says it is not a folder."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    (backcoach_home / "routines").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        routines.available()
    assert str(caught.value) == (
        f"{backcoach_home / 'routines'}: is not a folder; routines need a folder here"
    )


def test_a_routines_link_to_nowhere_is_an_error(backcoach_home: Path) -> None:
    """routines/ as a link to a missing folder: listing says so."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    os.symlink(backcoach_home / "gone", backcoach_home / "routines")
    with pytest.raises(InputError) as caught:
        routines.available()
    assert str(caught.value) == (
        f"{backcoach_home / 'routines'}: is a link to a folder that does not exist"
    )


def test_load_finds_own_routine_before_the_built_in(backcoach_home: Path) -> None:
    """An own routine called quick is loaded from its file, with its path as origin."""
    path = write_own(backcoach_home, "quick", "name: mine\nstretches: [bridge]\n")
    routine = routines.load("quick", BASE)
    assert routine == Routine("mine", "", (Entry("bridge"),), None, str(path), BASE)


def test_own_routine_catalogue_is_found_beside_it(backcoach_home: Path) -> None:
    """An own routine's relative catalogue is read from the routines folder."""
    write_own(backcoach_home, "k", "name: k\ncatalogue: extra.yaml\nstretches: [knee-hug]\n")
    (backcoach_home / "routines" / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    assert routines.load("k", BASE).catalogue.ids == (*BASE.ids, "knee-hug")


def test_load_built_in_by_name() -> None:
    """quick, by name, is the built-in routine with its rest and doses."""
    routine = routines.load("quick", BASE)
    assert routine.origin == "built-in" and routine.name == "quick"
    assert routine.rest_seconds == 10.0
    assert routine.entries == (Entry("spine-stretch", 6), Entry("lower-back-stretch", 6, 20))


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_load_by_file_name_or_path(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name ending in .yaml or .yml, or holding '/', is a path; its folder finds its catalogue."""
    folder = tmp_path / "physio"
    folder.mkdir()
    (folder / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    path = folder / f"k{suffix}"
    path.write_text("name: k\ncatalogue: extra.yaml\nstretches: [knee-hug]\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    by_name = routines.load(f"k{suffix}", BASE)
    assert by_name.origin == f"k{suffix}" and by_name.entries == (Entry("knee-hug"),)
    monkeypatch.chdir(tmp_path)
    by_path = routines.load(f"physio/k{suffix}", BASE)
    assert by_path.origin == f"physio/k{suffix}"
    assert by_path.catalogue.ids[-1] == "knee-hug"


def test_load_expands_home_in_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """~/r.yaml is the file in the home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "r.yaml").write_text("name: h\nstretches: [bridge]\n", encoding="utf-8")
    routine = routines.load("~/r.yaml", BASE)
    assert routine.name == "h" and routine.origin == str(tmp_path / "r.yaml")


def test_load_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path with no file behind it is a usage error naming the path as given."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        routines.load("plans/missing.yml", BASE)
    assert str(caught.value) == "no routine file at plans/missing.yml"


def test_load_an_unknown_name_suggests_or_lists(backcoach_home: Path) -> None:
    """An unknown name suggests the nearest routine, or else lists them all, own ones too."""
    with pytest.raises(UsageError) as near:
        routines.load("quik", BASE)
    assert str(near.value) == "no routine called 'quik'; did you mean 'quick'?"
    write_own(backcoach_home, "morning", "name: morning\nstretches: [bridge]\n")
    with pytest.raises(UsageError) as far:
        routines.load("zzz", BASE)
    assert str(far.value) == "no routine called 'zzz'; routines: full, morning, quick"


# -- validate's question, starter, names -----------------------------------------------------


def test_is_routine_tells_routines_from_catalogues() -> None:
    """A mapping without schema, advice or timing is a routine; catalogues and lists are not."""
    assert routines.is_routine("name: t\nstretches: [bridge]\n")
    assert routines.is_routine("description: nothing else\n")
    assert not routines.is_routine(EXTRA_CATALOGUE)
    assert not routines.is_routine("name: t\nschema: 1\n")
    assert not routines.is_routine("name: t\nadvice: {}\n")
    assert not routines.is_routine("name: t\ntiming: {}\n")
    assert not routines.is_routine("- a\n- b\n")
    assert not routines.is_routine("name: [unclosed\n")


def test_starter_lists_every_stretch_with_its_source_dose(backcoach_home: Path) -> None:
    """The starter file: its header, then each stretch with its dose, hold and sides lines."""
    text = routines.starter("physio", BASE)
    path = backcoach_home / "routines" / "physio.yaml"
    lines = text.splitlines()
    assert lines[:17] == [
        "# The 'physio' routine for backcoach. Edit it, then check it with",
        f"#   backcoach validate {path}",
        "# and follow it with: backcoach session --routine physio",
        "#",
        "# Stretches run in the order listed; delete the ones you do not want.",
        "# Each may override its dose (a physical therapist's prescription):",
        "#   reps: N            repetitions (per side for stretches done on each side;",
        "#                      an even number, both sides together, where sides alternate)",
        "#   hold_seconds: N    how long to hold (only stretches that have a hold)",
        "#   sides: left        only one side (left or right)",
        "# Without overrides a stretch uses the source's range at your level.",
        "",
        "name: physio",
        "description: My own routine.",
        "# rest_seconds: 15        # rest between stretches",
        "# catalogue: my-stretches.yaml   # extra stretches, relative to this file",
        "stretches:",
    ]
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n".join(lines[17:]) == "\n".join(
        [
            "  - id: spine-stretch",
            "    # reps: 8        # source: 6 to 8",
            "    # sides: left",
            *[
                line
                for stretch_id in ("hip-stretch", "bottom-stretch", "leg-stretch")
                for line in (
                    f"  - id: {stretch_id}",
                    "    # reps: 2        # source: 2",
                    "    # hold_seconds: 25  # source: 20 to 30",
                    "    # sides: left",
                )
            ],
            "  - id: lower-back-stretch",
            "    # reps: 7        # source: 6 to 8",
            "    # hold_seconds: 25  # source: 20 to 30",
            "  - id: pelvic-tilts",
            "    # reps: 10        # source: 8 to 12",
            "  - id: bridge",
            "    # reps: 10        # source: 8 to 12",
            "  - id: bird-dog",
            "    # reps: 8        # source: 8",
            "    # hold_seconds: 7  # source: 5 to 10",
            "    # sides: left",
            "  - id: deep-abdominal-stretch",
            "    # reps: 5        # source: 5",
            "    # hold_seconds: 7  # source: 5 to 10",
            "  - id: lower-stomach-stretch",
            "    # reps: 7        # source: 6 to 8",
            "    # sides: left",
        ]
    )


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a", True),
        ("morning-2", True),
        ("9to5", True),
        ("x" * 40, True),
        ("x" * 41, False),
        ("-lead", False),
        ("Morning", False),
        ("my_routine", False),
        ("a b", False),
        ("", False),
        ("ok\n", False),  # `$` alone would match before a final newline
        ("\nok", False),
    ],
)
def test_valid_name(name: str, ok: bool) -> None:
    """Names are 1 to 40 lower-case letters, digits and dashes, not starting with a dash."""
    assert routines.valid_name(name) is ok


# -- what a person sees for odd files, and the caches ----------------------------------------


def test_a_bad_side_on_a_once_stretch_is_one_problem() -> None:
    """sides: up on a stretch done once is only the unknown side, not also 'not on sides'."""
    assert problems("name: t\nstretches:\n  - id: bridge\n    sides: up\n") == [
        "r.yaml:4:12: stretches[1] (bridge).sides: expected one of left | right, got the text 'up'"
    ]


def test_a_file_name_with_a_control_character_is_shown_escaped() -> None:
    """The routine's origin and its problems show an escape character as \\x1b."""
    routine = routines.parse_routine("name: t\nstretches: [bridge]\n", "a\x1bb.yaml", BASE, HERE)
    assert routine.origin == "a\\x1bb.yaml"
    with pytest.raises(InputError) as caught:
        routines.parse_routine("name: t\nstretches: [zzzz]\n", "a\x1bb.yaml", BASE, HERE)
    assert str(caught.value).startswith("a\\x1bb.yaml:2:13: stretches[1]: no stretch 'zzzz'")


def cache_files(home: Path) -> list[str]:
    folder = home / "cache"
    return (
        sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []
    )


def test_parsing_keeps_a_cache_unless_told_not_to(backcoach_home: Path, tmp_path: Path) -> None:
    """A routine and its catalogue are cached when read, and left alone with cached=False."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    text = "name: k\ncatalogue: extra.yaml\nstretches: [knee-hug]\n"
    fresh = routines.parse_routine(text, "k.yaml", BASE, folder, cached=False)
    assert fresh.catalogue.ids[-1] == "knee-hug"
    assert routines.is_routine(text, cached=False)
    assert cache_files(backcoach_home) == []
    assert routines.parse_routine(text, "k.yaml", BASE, folder) == fresh
    kinds = [name.split("-")[0] for name in cache_files(backcoach_home)]
    assert kinds == ["catalogue", "yaml", "yaml"]  # the catalogue, its nodes, the routine's
    other = "name: other\nstretches: [bridge]\n"
    assert routines.is_routine(other)
    assert len(cache_files(backcoach_home)) == 4


def test_a_path_with_a_slash_is_a_path_whatever_its_ending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plans/missing (no .yaml) is still a file path, reported as a missing file."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        routines.load("plans/missing", BASE)
    assert str(caught.value) == "no routine file at plans/missing"


def test_a_folder_where_a_routine_file_should_be(backcoach_home: Path, tmp_path: Path) -> None:
    """A folder named like a routine, given by path or found by name, is not a routine file."""
    (backcoach_home / "routines" / "d.yaml").mkdir(parents=True)
    with pytest.raises(InputError) as by_name:
        routines.load("d", BASE)
    assert str(by_name.value) == (
        f"{backcoach_home / 'routines' / 'd.yaml'}: is a folder, not a routine file"
    )
    (tmp_path / "p.yaml").mkdir()
    with pytest.raises(InputError) as by_path:
        routines.load(str(tmp_path / "p.yaml"), BASE)
    assert str(by_path.value) == f"{tmp_path / 'p.yaml'}: is a folder, not a routine file"


def test_a_world_writable_routines_folder_is_refused(backcoach_home: Path) -> None:
    """Listing or loading from a routines folder anyone can change is refused, naming it."""
    path = write_own(backcoach_home, "x", "name: x\nstretches: [bridge]\n")
    folder = path.parent
    folder.chmod(0o777)
    expected = (
        f"{folder}: backcoach will not use this routines folder: anyone can change it "
        f"(it is world-writable), so what it holds may not be yours. Fix: `chmod go-w {folder}`; "
        "or move your files elsewhere (BACKCOACH_HOME)."
    )
    with pytest.raises(InputError) as listed:
        routines.available()
    assert str(listed.value) == expected
    with pytest.raises(InputError) as loaded:
        routines.load("x", BASE)
    assert str(loaded.value) == expected


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "Permission denied"),
        (OSError("disk on fire"), "disk on fire"),
    ],
)
def test_a_routines_folder_that_cannot_be_listed(
    error: OSError, reason: str, backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be read: listing names it and says why."""
    write_own(backcoach_home, "x", "name: x\nstretches: [bridge]\n")

    def refuse(path: object) -> object:
        raise error

    monkeypatch.setattr(os, "scandir", refuse)
    with pytest.raises(InputError) as caught:
        routines.available()
    assert str(caught.value) == f"{backcoach_home / 'routines'}: cannot list it ({reason})"
