"""Routines: the built-in ones, a person's own, their overrides and every error they can hold."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from backcoach.catalogue import routines
from backcoach.catalogue.loader import load
from backcoach.errors import InputError
from conftest import CATALOGUE
from helpers import invoke

IDS = list(load().ids)

EXTRA_CATALOGUE = """\
schema: 1

advice:
  medical_note: Check with a physical therapist before starting.
  before_starting: Check with a physical therapist before starting.
  daily: Stretch every day.
  never_push: Never push yourself too hard.
  if_it_hurts: If a stretch is painful, stop doing it.

timing:
  get_ready_seconds: 10
  setup_seconds: 10
  switch_side_seconds: 6
  inhale_seconds: 4
  exhale_seconds: 5
  move_seconds: 4
  release_seconds: 4
  rest_seconds: 15

stretches:
  - id: knee-hug
    number: 11
    name: Knee hug
    summary: Both knees hugged gently to the chest.
    equipment: []
    position: Lie on your back with your knees bent and your feet on the floor.
    position_cue: On your back, knees bent
    steps:
      - text: Take a deep breath in.
        cue: Breathe in deeply
        kind: move
        breath: in
      - text: Breathe out and hug both knees to your chest.
        cue: Breathe out, hug your knees
        kind: move
        breath: out
      - text: Hold the hug, shoulders relaxed.
        cue: Hold the hug
        kind: hold
        breath: null
      - text: Let your feet back down to the floor.
        cue: Feet back down
        kind: release
        breath: null
    dose:
      sides: once
      reps: {min: 3, max: 5}
      hold_seconds: {min: 10, max: 20}
    cautions:
      - Hug gently; stop if it pinches.
"""


def dry_run(*args: str) -> dict[str, Any]:
    result = invoke("session", "--dry-run", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def stretch_order(timeline: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(phase["stretch"] for phase in timeline["phases"]))


def phases_of(timeline: dict[str, Any], stretch_id: str) -> list[dict[str, Any]]:
    return [p for p in timeline["phases"] if p["stretch"] == stretch_id and p["kind"] != "rest"]


def write_user_routine(home: Path, name: str, text: str) -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def row_of(output: str, stretch_id: str) -> str:
    """The table line that names a stretch (its name line, which also holds the dose)."""
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if line.split()[:1] == [stretch_id])
    return lines[index - 1]


# -- the built-in routines ----------------------------------------------------------------


def test_full_has_all_ten_in_catalogue_order() -> None:
    """The full routine lists every stretch of the catalogue, in the catalogue's order."""
    routine = routines.load("full", load())
    assert [entry.stretch_id for entry in routine.entries] == IDS
    assert stretch_order(dry_run("--routine", "full")) == IDS


def test_quick_takes_about_five_minutes() -> None:
    """The quick routine's dry run lasts between 4 and 6 minutes."""
    total = dry_run("--routine", "quick")["total_seconds"]
    assert 4 * 60 <= total <= 6 * 60


@pytest.mark.parametrize("level", ["standard", "gentle"])
def test_quick_stays_inside_the_sources_ranges(level: str) -> None:
    """No dose of the quick routine lies outside the source's range: none is prescribed."""
    prescriptions = routines.load("quick", load()).prescriptions(level)  # type: ignore[arg-type]
    assert [p.stretch.id for p in prescriptions] == ["spine-stretch", "lower-back-stretch"]
    assert not any(p.prescribed for p in prescriptions)
    for p in prescriptions:
        assert p.stretch.dose.reps.contains(p.reps)
        hold = p.stretch.dose.hold_seconds
        assert (hold is None) == (p.hold_seconds is None)
        assert hold is None or hold.contains(p.hold_seconds)


def test_quick_list_marks_nothing_prescribed() -> None:
    """`list --routine quick` shows the two stretches and no 'prescribed' mark."""
    result = invoke("list", "--routine", "quick")
    assert result.exit_code == 0, result.stderr
    assert "spine-stretch" in result.stdout and "lower-back-stretch" in result.stdout
    assert "prescribed" not in result.stdout


# -- listing routines -----------------------------------------------------------------------


def test_routines_lists_the_built_in_ones() -> None:
    """`routines` names full and quick, each 'built-in'."""
    result = invoke("routines")
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert rows["full"].rstrip().endswith("built-in")
    assert rows["quick"].rstrip().endswith("built-in")


def test_routines_json_parses() -> None:
    """`routines --json` is one JSON list with each routine's stretches and time."""
    result = invoke("routines", "--json")
    assert result.exit_code == 0, result.stderr
    data = {row["name"]: row for row in json.loads(result.stdout)}
    assert set(data) == {"full", "quick"}
    assert data["full"]["from"] == data["quick"]["from"] == "built-in"
    assert data["full"]["stretches"] == IDS
    assert data["quick"]["stretches"] == ["spine-stretch", "lower-back-stretch"]
    assert data["quick"]["estimated_seconds"] < data["full"]["estimated_seconds"]


def test_user_routine_is_listed_with_its_path(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file in BACKCOACH_HOME/routines/ is listed by name, with its path as its origin."""
    monkeypatch.setenv("COLUMNS", "400")  # the path column is long
    path = write_user_routine(backcoach_home, "morning", "name: morning\nstretches: [bridge]\n")
    data = {row["name"]: row for row in json.loads(invoke("routines", "--json").stdout)}
    assert data["morning"]["from"] == str(path)
    assert data["morning"]["stretches"] == ["bridge"]
    result = invoke("routines")
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert rows["morning"].rstrip().endswith(str(path))


# -- `routines new` -------------------------------------------------------------------------


def test_routines_new_writes_a_starter_that_validates(backcoach_home: Path) -> None:
    """`routines new physio` writes routines/physio.yaml, valid as it stands."""
    result = invoke("routines", "new", "physio")
    assert result.exit_code == 0, result.stderr
    path = backcoach_home / "routines" / "physio.yaml"
    assert result.stdout.strip() == str(path)
    assert path.is_file()
    checked = invoke("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    assert checked.stdout.strip() == f"{path}: valid routine, 10 stretches"
    assert stretch_order(dry_run("--routine", "physio")) == IDS


def test_starter_doses_uncommented_validate_with_equal_sides(backcoach_home: Path) -> None:
    """Every dose the starter suggests is valid as written: alternating counts are even."""
    assert invoke("routines", "new", "physio").exit_code == 0
    path = backcoach_home / "routines" / "physio.yaml"
    text = path.read_text(encoding="utf-8")
    uncommented = text.replace("    # reps:", "    reps:").replace(
        "    # hold_seconds:", "    hold_seconds:"
    )
    path.write_text(uncommented, encoding="utf-8")
    checked = invoke("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    spine = next(p for p in routines.load("physio", load()).prescriptions())
    assert spine.stretch.id == "spine-stretch" and spine.reps % 2 == 0


def test_odd_alternating_count_on_one_side_is_allowed() -> None:
    """With sides: left every repetition is on one side, so an odd count is no inequality."""
    text = "name: t\nstretches:\n  - id: spine-stretch\n    reps: 7\n    sides: left\n"
    routine = routines.parse_routine(text, "t.yaml", load(), None)
    assert routine.prescriptions()[0].reps == 7


def test_readme_numbers_list_items_as_validate_does() -> None:
    """The README's routine example, with the id mistyped, gives the message the README quotes."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Your own routine")
    example = readme[readme.index("```yaml\n", start) + 8 : readme.index("```\n", start + 30)]
    example = "\n".join(line for line in example.splitlines() if "catalogue:" not in line)
    with pytest.raises(InputError) as caught:
        routines.parse_routine(example.replace("- bird-dog", "- bird-dg"), "r.yaml", load(), None)
    [message] = [p.message for p in caught.value.problems]
    assert f"`{message}`" in " ".join(readme.split())
    assert "stretches[1]" in readme  # the README says where numbering starts


def test_routines_new_never_overwrites(backcoach_home: Path) -> None:
    """A second `routines new physio` exits 2 and leaves the (edited) file byte for byte."""
    assert invoke("routines", "new", "physio").exit_code == 0
    path = backcoach_home / "routines" / "physio.yaml"
    path.write_bytes(path.read_bytes() + b"# my own notes\n")
    before = path.read_bytes()
    result = invoke("routines", "new", "physio")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["Bad Name", "UPPER", "my_routine", "a/b", "x" * 41, ""])
def test_routines_new_refuses_a_bad_name(name: str, backcoach_home: Path) -> None:
    """A name that is not lower-case letters, digits and dashes exits 2 and writes nothing."""
    result = invoke("routines", "new", name)
    assert result.exit_code == 2
    assert "not a usable name" in result.stderr
    folder = backcoach_home / "routines"
    assert not folder.exists() or list(folder.iterdir()) == []


# -- a new user's first routine ------------------------------------------------------------


def edit_starter(text: str) -> str:
    """What a person does: keep bridge (3 reps) and bird-dog (left only, 12 s holds)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    head = lines[: starts[0]]
    blocks = {
        lines[start].removeprefix("  - id: "): lines[start:end]
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    }

    def uncomment(block: list[str], key: str, value: str) -> list[str]:
        pattern = re.compile(rf"^(\s*)# {key}: \S+")
        edited = [pattern.sub(rf"\g<1>{key}: {value}", line) for line in block]
        assert sum(a != b for a, b in zip(block, edited, strict=True)) == 1, key
        return edited

    bridge = uncomment(blocks["bridge"], "reps", "3")
    bird_dog = uncomment(blocks["bird-dog"], "sides", "left")
    bird_dog = uncomment(bird_dog, "hold_seconds", "12")
    return "\n".join([*head, *bridge, *bird_dog]) + "\n"


def make_physio(home: Path) -> Path:
    assert invoke("routines", "new", "physio").exit_code == 0
    path = home / "routines" / "physio.yaml"
    path.write_text(edit_starter(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_edited_starter_drives_the_session(backcoach_home: Path) -> None:
    """The edited starter: bridge 3 reps, then bird-dog on the left only with 12 s holds."""
    path = make_physio(backcoach_home)
    checked = invoke("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    assert "valid routine, 2 stretches" in checked.stdout
    timeline = dry_run("--routine", "physio")
    assert stretch_order(timeline) == ["bridge", "bird-dog"]
    bridge = phases_of(timeline, "bridge")
    assert max(p["rep"] for p in bridge) == 3
    bird = phases_of(timeline, "bird-dog")
    assert {p["side"] for p in bird} == {"left"}
    holds = [p["seconds"] for p in bird if p["kind"] == "hold"]
    assert holds and set(holds) == {12}
    assert max(p["rep"] for p in bird) == 8  # reps not overridden: the source's 8


def test_overrides_outside_the_range_are_marked_prescribed(backcoach_home: Path) -> None:
    """`list` and `show` with the edited routine mark bridge 3× (source 8–12) as prescribed."""
    make_physio(backcoach_home)
    listed = invoke("list", "--routine", "physio")
    assert listed.exit_code == 0, listed.stderr
    bridge_row = row_of(listed.stdout, "bridge")
    assert "3×" in bridge_row and "prescribed" in bridge_row
    shown = invoke("show", "--routine", "physio", "bridge")
    assert shown.exit_code == 0, shown.stderr
    line = next(line for line in shown.stdout.splitlines() if "In this routine" in line)
    assert "3×" in line and "prescribed" in line
    assert "Dose: 8–12×" in shown.stdout
    bird = routines.load("physio", load()).prescriptions()[1]
    assert (bird.stretch.id, bird.hold_seconds, bird.prescribed) == ("bird-dog", 12, True)


def test_overrides_inside_the_range_are_not_marked(backcoach_home: Path) -> None:
    """Overrides within the source's ranges (bridge 9×, bird-dog hold 6 s) are not marked."""
    write_user_routine(
        backcoach_home,
        "within",
        "name: within\nstretches:\n  - id: bridge\n    reps: 9\n"
        "  - id: bird-dog\n    hold_seconds: 6\n",
    )
    prescriptions = routines.load("within", load()).prescriptions()
    assert [(p.reps, p.hold_seconds, p.prescribed) for p in prescriptions] == [
        (9, None, False),
        (8, 6, False),
    ]
    listed = invoke("list", "--routine", "within")
    assert listed.exit_code == 0, listed.stderr
    assert "9×" in row_of(listed.stdout, "bridge")
    assert "prescribed" not in listed.stdout
    shown = invoke("show", "--routine", "within", "bridge")
    assert "In this routine: 9×" in shown.stdout
    assert "prescribed" not in shown.stdout


# -- every routine error -------------------------------------------------------------------

ROUTINE_ERRORS = [
    pytest.param(
        "name: t\ndescription: x\nstretches:\n  - bridge\n  - bird-dg\n",
        "5:5",
        "no stretch 'bird-dg' in the catalogue; did you mean 'bird-dog'?",
        id="unknown-id",
    ),
    pytest.param(
        "name: t\nstretches:\n  - bridge\n  - bird-dog\n  - id: bridge\n    reps: 9\n",
        "5:9",
        "'bridge' is listed twice; keep one",
        id="listed-twice",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    reps: 0\n",
        "4:11",
        "(bridge).reps: 0 is out of range",
        id="zero-reps",
    ),
    pytest.param(
        "name: t\nstretches:\n  - bridge\n  - id: bird-dog\n    hold_seconds: -5\n",
        "5:19",
        "(bird-dog).hold_seconds: -5 is out of range",
        id="negative-hold",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    hold_seconds: 10\n",
        "4:19",
        "bridge has no hold; remove this line",
        id="hold-without-hold",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    sides: left\n",
        "4:12",
        "bridge is not done on sides; remove this line",
        id="sides-on-once",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bird-dog\n    sides: both\n",
        "4:12",
        "(bird-dog).sides: expected one of left | right, got the text 'both'",
        id="sides-both",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: spine-stretch\n    reps: 7\n",
        "4:11",
        "(spine-stretch).reps: spine-stretch alternates sides, so 7 would give one side a "
        "repetition more; use 6 or 8 (or sides: left for one side only)",
        id="odd-alternating",
    ),
    pytest.param(
        "name: t\nrest_second: 10\nstretches:\n  - bridge\n",
        "2:1",
        "unknown key 'rest_second'; did you mean 'rest_seconds'?",
        id="unknown-key",
    ),
    pytest.param(
        "name: t\nstretches:\n  - id: bridge\n    rep: 3\n",
        "4:5",
        "unknown key 'rep'; did you mean 'reps'?",
        id="unknown-entry-key",
    ),
    pytest.param(
        "description: no name\nstretches:\n  - bridge\n",
        "1:1",
        "the routine: missing 'name'; add it",
        id="missing-name",
    ),
    pytest.param(
        "name: t\ndescription: no stretches\n",
        "1:1",
        "the routine: missing 'stretches'; add it",
        id="missing-stretches",
    ),
    pytest.param(
        "name: t\nstretches: []\n",
        "2:12",
        "stretches: is empty; list at least one",
        id="empty-stretches",
    ),
    pytest.param(
        "name: t\ncatalogue: nowhere.yaml\nstretches:\n  - bridge\n",
        "2:12",
        "nowhere.yaml is not usable",
        id="missing-catalogue",
    ),
    pytest.param(
        "name: t\ncatalogue: copy.yaml\nstretches:\n  - bridge\n",
        "2:12",
        "copy.yaml has ids that are already taken: bird-dog, bottom-stretch, bridge",
        id="clashing-catalogue",
    ),
]


def write_bad_routine(folder: Path, text: str) -> Path:
    shutil.copy(CATALOGUE, folder / "copy.yaml")  # a catalogue whose ids clash
    path = folder / "bad-routine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALIDATE_ERRORS = list(ROUTINE_ERRORS)


@pytest.mark.parametrize(("text", "where", "words"), VALIDATE_ERRORS)
def test_validate_reports_routine_errors(text: str, where: str, words: str, tmp_path: Path) -> None:
    """`validate` on a bad routine exits 1 with FILE:LINE:COL at the offending line."""
    path = write_bad_routine(tmp_path, text)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}:{where}: "), result.stdout
    assert words in first
    assert result.stderr.strip() == "1 problem found."


@pytest.mark.parametrize(("text", "where", "words"), ROUTINE_ERRORS)
def test_session_refuses_a_bad_routine(text: str, where: str, words: str, tmp_path: Path) -> None:
    """`session --routine PATH --dry-run` on a bad routine exits 2 with FILE:LINE:COL."""
    path = write_bad_routine(tmp_path, text)
    result = invoke("session", "--routine", str(path), "--dry-run")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{where}: "), result.stderr
    assert words in first


# -- a routine with its own catalogue -------------------------------------------------------


def test_routine_with_its_own_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """catalogue: extra.yaml (beside the routine) adds knee-hug to the built-in stretches."""
    folder = tmp_path / "physio"
    folder.mkdir()
    (folder / "extra.yaml").write_text(EXTRA_CATALOGUE, encoding="utf-8")
    path = folder / "knees.yaml"
    path.write_text(
        "name: knees\ncatalogue: extra.yaml\nstretches:\n"
        "  - id: knee-hug\n    reps: 4\n  - bridge\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the catalogue is found beside the routine, not here
    timeline = dry_run("--routine", str(path))
    assert stretch_order(timeline) == ["knee-hug", "bridge"]
    hug = phases_of(timeline, "knee-hug")
    assert max(p["rep"] for p in hug) == 4
    assert {p["seconds"] for p in hug if p["kind"] == "hold"} == {15}  # middle of 10–20
    checked = invoke("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    assert checked.stdout.strip() == f"{path}: valid routine, 2 stretches"


# -- choosing a routine that is not there ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("quik", "no routine called 'quik'; did you mean 'quick'?"),
        ("nosuch", "no routine called 'nosuch'; routines: full, quick"),
    ],
)
def test_unknown_routine_name_exits_2(name: str, words: str) -> None:
    """--routine with an unknown name exits 2, suggesting the closest name or listing them."""
    result = invoke("session", "--routine", name, "--dry-run")
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.stdout == ""


def test_missing_routine_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--routine ./missing.yaml exits 2 saying there is no such file."""
    monkeypatch.chdir(tmp_path)
    result = invoke("session", "--routine", "./missing.yaml", "--dry-run")
    assert result.exit_code == 2
    assert "no routine file at ./missing.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_only_a_stretch_outside_the_routine_exits_2() -> None:
    """--only naming a stretch the routine does not hold exits 2 naming it."""
    result = invoke("session", "--routine", "quick", "--only", "bridge", "--dry-run")
    assert result.exit_code == 2
    assert "not in the routine 'quick': bridge" in result.stderr
    assert result.stdout == ""


def test_list_routine_follows_the_configured_level(backcoach_home: Path) -> None:
    """`list --routine full` shows gentle doses when the config says level = "gentle"."""
    assert "10×" in row_of(invoke("list", "--routine", "full").stdout, "bridge")
    backcoach_home.mkdir(parents=True, exist_ok=True)
    (backcoach_home / "config.toml").write_text('level = "gentle"\n', encoding="utf-8")
    assert "8×" in row_of(invoke("list", "--routine", "full").stdout, "bridge")


def test_show_routine_time_is_the_routines(backcoach_home: Path) -> None:
    """`show --routine` gives the time of the routine's dose, not the source's."""
    make_physio(backcoach_home)
    page = invoke("show", "--routine", "physio", "bridge").stdout
    assert "Time: about 41 s" in page
