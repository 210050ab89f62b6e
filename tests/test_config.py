"""Settings: flag > BACKCOACH_* environment > config.toml > default, and bad config files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backcoach import config
from backcoach.catalogue.loader import load
from backcoach.errors import InputError
from conftest import CATALOGUE
from helpers import invoke

SPEC_NAMES = [spec.name for spec in config.SPECS]

# For every setting: what config.toml says (as TOML and as the parsed value), what the
# environment says (as text and parsed), and what a flag says. Each differs from the
# one before it, so every step of the precedence changes the value.
CASES: dict[str, dict[str, Any]] = {
    "level": {
        "toml": '"gentle"',
        "file": "gentle",
        "env": "standard",
        "env_value": "standard",
        "flag": "gentle",
    },
    "routine": {
        "toml": '"quick"',
        "file": "quick",
        "env": "physio",
        "env_value": "physio",
        "flag": "morning",
    },
    "sound": {
        "toml": '"bell"',
        "file": "bell",
        "env": "false",
        "env_value": "off",
        "flag": "tones",
    },
    "voice": {"toml": "true", "file": True, "env": "0", "env_value": False, "flag": True},
    "speech_command": {
        "toml": '"espeak-ng -s 140"',
        "file": "espeak-ng -s 140",
        "env": "say",
        "env_value": "say",
        "flag": "spd-say",
    },
    "checkin": {"toml": "false", "file": False, "env": "yes", "env_value": True, "flag": False},
    "figure": {"toml": "false", "file": False, "env": "on", "env_value": True, "flag": False},
    "get_ready_seconds": {
        "toml": "15",
        "file": 15.0,
        "env": "7.5",
        "env_value": 7.5,
        "flag": 3.0,
    },
    "rest_seconds": {"toml": "20", "file": 20.0, "env": "4", "env_value": 4.0, "flag": 5.0},
    "catalogue": {
        "toml": '"~/physio/stretches.yaml"',
        "file": "~/physio/stretches.yaml",
        "env": "/srv/stretches.yaml",
        "env_value": "/srv/stretches.yaml",
        "flag": "other.yaml",
    },
}


@pytest.fixture(autouse=True)
def no_setting_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """No BACKCOACH_<SETTING> variable leaks in from the shell running the tests."""
    for spec in config.SPECS:
        monkeypatch.delenv(spec.env, raising=False)


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def dry_run(*args: str) -> dict[str, Any]:
    result = invoke("session", "--dry-run", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rest_seconds_of(timeline: dict[str, Any]) -> set[float]:
    return {phase["seconds"] for phase in timeline["phases"] if phase["kind"] == "rest"}


def stretch_order(timeline: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(phase["stretch"] for phase in timeline["phases"]))


def max_rep(timeline: dict[str, Any], stretch_id: str) -> int:
    return max(phase["rep"] for phase in timeline["phases"] if phase["stretch"] == stretch_id)


# -- precedence, setting by setting ----------------------------------------------------


def test_cases_cover_every_setting() -> None:
    """The precedence table below names every setting in config.SPECS, no more, no less."""
    assert set(CASES) == set(SPEC_NAMES)


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_precedence_default_file_environment_flag(
    name: str, backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each setting: default < config.toml < BACKCOACH_<NAME> < flag, and its source says so."""
    spec = config.BY_NAME[name]
    case = CASES[name]
    assert spec.env == f"BACKCOACH_{name.upper()}"

    settings = config.load()
    assert settings[name] == spec.default
    assert settings.sources[name] == "default"

    path = write_config(backcoach_home, f"# my settings\n{name} = {case['toml']}\n")
    settings = config.load()
    assert settings[name] == case["file"] != spec.default
    assert settings.sources[name] == f"{path}:2"

    monkeypatch.setenv(spec.env, case["env"])
    settings = config.load()
    assert settings[name] == case["env_value"] != case["file"]
    assert settings.sources[name] == f"environment ({spec.env})"

    flagged = settings.with_flags(**{name: case["flag"]})
    assert flagged[name] == case["flag"] != case["env_value"]
    assert flagged.sources[name] == "command line"
    others = [other for other in SPEC_NAMES if other != name]
    assert all(flagged.sources[other] == settings.sources[other] for other in others)


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_flag_not_given_keeps_the_environment(
    name: str, backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flag that was not given (None) leaves the environment's value and source."""
    spec = config.BY_NAME[name]
    write_config(backcoach_home, f"{name} = {CASES[name]['toml']}\n")
    monkeypatch.setenv(spec.env, CASES[name]["env"])
    settings = config.load().with_flags(**{name: None})
    assert settings[name] == CASES[name]["env_value"]
    assert settings.sources[name] == f"environment ({spec.env})"


def test_empty_environment_variable_falls_back_to_the_file(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BACKCOACH_LEVEL= (empty) is ignored: the config file's value is used."""
    path = write_config(backcoach_home, 'level = "gentle"\n')
    monkeypatch.setenv("BACKCOACH_LEVEL", "")
    settings = config.load()
    assert settings["level"] == "gentle"
    assert settings.sources["level"] == f"{path}:1"


def test_source_line_counts_blank_lines(backcoach_home: Path) -> None:
    """A setting after blank lines is sourced to its own line (here line 4)."""
    path = write_config(backcoach_home, 'level = "gentle"\n\n\n  rest_seconds = 3\n')
    assert config.load().sources["rest_seconds"] == f"{path}:4"


# -- the same precedence through the commands -------------------------------------------


def test_rest_seconds_file_then_environment_then_flag(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dry run's rest is config.toml's, beaten by BACKCOACH_REST_SECONDS, beaten by --rest."""
    only = ("--only", "bridge,bird-dog")
    assert rest_seconds_of(dry_run(*only)) == {15.0}  # the catalogue's
    write_config(backcoach_home, "rest_seconds = 3\n")
    assert rest_seconds_of(dry_run(*only)) == {3.0}
    monkeypatch.setenv("BACKCOACH_REST_SECONDS", "4")
    assert rest_seconds_of(dry_run(*only)) == {4.0}
    assert rest_seconds_of(dry_run(*only, "--rest", "5")) == {5.0}


def test_rest_seconds_in_config_beats_the_routines_own(backcoach_home: Path) -> None:
    """The quick routine rests 10 s, but rest_seconds in config.toml wins over it."""
    assert rest_seconds_of(dry_run("--routine", "quick")) == {10.0}
    write_config(backcoach_home, "rest_seconds = 3\n")
    assert rest_seconds_of(dry_run("--routine", "quick")) == {3.0}


def test_level_in_config_and_level_flag(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """level = "gentle" gives gentle doses (bridge 8 reps); --level standard wins (10 reps)."""
    assert max_rep(dry_run("--only", "bridge"), "bridge") == 10
    write_config(backcoach_home, 'level = "gentle"\n')
    assert max_rep(dry_run("--only", "bridge"), "bridge") == 8
    assert max_rep(dry_run("--only", "bridge", "--level", "standard"), "bridge") == 10
    monkeypatch.setenv("BACKCOACH_LEVEL", "standard")
    assert max_rep(dry_run("--only", "bridge"), "bridge") == 10
    assert max_rep(dry_run("--only", "bridge", "--gentle"), "bridge") == 8


def test_routine_in_config_and_routine_flag(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """routine = "quick" makes a session follow quick; BACKCOACH_ROUTINE and --routine win."""
    full = list(load().ids)
    assert stretch_order(dry_run()) == full
    write_config(backcoach_home, 'routine = "quick"\n')
    assert stretch_order(dry_run()) == ["spine-stretch", "lower-back-stretch"]
    assert stretch_order(dry_run("--routine", "full")) == full
    monkeypatch.setenv("BACKCOACH_ROUTINE", "full")
    assert stretch_order(dry_run()) == full
    assert stretch_order(dry_run("--routine", "quick")) == ["spine-stretch", "lower-back-stretch"]


def write_catalogue_with_one_stretch(folder: Path) -> Path:
    """The built-in catalogue cut down to the bridge, renamed 'floor-bridge'."""
    text = CATALOGUE.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nstretches:\n")
    bridge = rest[rest.index("  - id: bridge\n") : rest.index("  - id: bird-dog\n")]
    path = folder / "mine.yaml"
    path.write_text(
        head + "\nstretches:\n" + bridge.replace("id: bridge", "id: floor-bridge"),
        encoding="utf-8",
    )
    return path


def test_catalogue_in_config_is_used_by_list(backcoach_home: Path, tmp_path: Path) -> None:
    """catalogue = "<path>" in config.toml makes `list` show that catalogue's stretches."""
    mine = write_catalogue_with_one_stretch(tmp_path)
    write_config(backcoach_home, f"catalogue = {json.dumps(str(mine))}\n")
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == ["floor-bridge"]


def test_catalogue_flag_beats_config(backcoach_home: Path, tmp_path: Path) -> None:
    """--catalogue wins over the config's catalogue."""
    mine = write_catalogue_with_one_stretch(tmp_path)
    write_config(backcoach_home, f"catalogue = {json.dumps(str(mine))}\n")
    result = invoke("list", "--json", "--catalogue", str(CATALOGUE))
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 10


# -- `backcoach config` ------------------------------------------------------------------


def test_config_shows_each_setting_with_its_source(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`config` prints one row per setting: its name, its value and where it came from."""
    monkeypatch.setenv("COLUMNS", "400")  # the source column holds a long tmp path
    path = write_config(backcoach_home, '# mine\nlevel = "gentle"\nrest_seconds = 12\n')
    monkeypatch.setenv("BACKCOACH_SOUND", "off")
    result = invoke("config")
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.strip()}
    assert rows["level"][1:] == ["gentle", f"{path}:2"]
    assert rows["rest_seconds"][1:] == ["12.0", f"{path}:3"]
    assert rows["sound"][1:] == ["off", "environment", "(BACKCOACH_SOUND)"]
    assert rows["routine"][1:] == ["full", "default"]
    assert rows["checkin"][1:] == ["true", "default"]
    assert all(name in rows for name in SPEC_NAMES)
    assert f"Config file: {path}" in result.stdout


@pytest.mark.parametrize(
    ("text", "mode"),
    [("sound = true", "tones"), ("sound = false", "off"), ('sound = "BELL"', "bell")],
)
def test_old_sound_values_still_mean_tones_or_off(
    backcoach_home: Path, text: str, mode: str
) -> None:
    """The old on/off sound setting keeps working: true is tones, false is off."""
    write_config(backcoach_home, text + "\n")
    assert config.load()["sound"] == mode


def test_config_json_is_one_document(backcoach_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`config --json` is one document: the path, and each setting's value and source."""
    path = write_config(backcoach_home, 'routine = "quick"\n')
    monkeypatch.setenv("BACKCOACH_VOICE", "yes")
    result = invoke("config", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "path": str(path),
        "settings": {
            "level": {"value": "standard", "source": "default"},
            "routine": {"value": "quick", "source": f"{path}:1"},
            "sound": {"value": "tones", "source": "default"},
            "voice": {"value": True, "source": "environment (BACKCOACH_VOICE)"},
            "speech_command": {"value": None, "source": "default"},
            "checkin": {"value": True, "source": "default"},
            "figure": {"value": True, "source": "default"},
            "get_ready_seconds": {"value": None, "source": "default"},
            "rest_seconds": {"value": None, "source": "default"},
            "catalogue": {"value": None, "source": "default"},
        },
    }


def test_config_path_prints_the_file_under_backcoach_home(backcoach_home: Path) -> None:
    """`config --path` prints BACKCOACH_HOME/config.toml, and only that."""
    result = invoke("config", "--path")
    assert result.exit_code == 0
    assert result.stdout == f"{backcoach_home / 'config.toml'}\n"


# -- bad config files and variables -----------------------------------------------------

BAD_FILES = [
    pytest.param(
        'level = "gentle"\n\n  rest_seconds = 3 4\n',
        ["3:20: not valid TOML: Expected newline or end of document"],
        id="invalid-toml",
    ),
    pytest.param(
        "sound = tru\n",
        ["1:9: not valid TOML: Invalid value"],
        id="invalid-toml-value",
    ),
    pytest.param(
        '# settings\nlevle = "gentle"\n',
        ["2:1: unknown setting 'levle'; did you mean 'level'?"],
        id="unknown-key",
    ),
    pytest.param(
        'level = "gentle"\nvoice = "no"\n',
        ["2:1: voice: must be true or false, without quotes"],
        id="wrong-type",
    ),
    pytest.param(
        'routine = "   "\n',
        ["1:1: routine: must be text in quotes"],
        id="blank-text",
    ),
    pytest.param(
        "rest_seconds = 900\n",
        ["1:1: rest_seconds: must be between 0 and 600 seconds"],
        id="out-of-range",
    ),
    pytest.param(
        'sound = false\n  level = "hard"\n',
        ["2:3: level: must be 'standard' or 'gentle'"],
        id="invalid-level",
    ),
    pytest.param(
        'levle = "gentle"\nsound = "loud"\nrest_seconds = 900\nlevel = "hard"\n',
        [
            "1:1: unknown setting 'levle'; did you mean 'level'?",
            "2:1: sound: must be tones, bell or off",
            "3:1: rest_seconds: must be between 0 and 600 seconds",
            "4:1: level: must be 'standard' or 'gentle'",
        ],
        id="several-problems",
    ),
    pytest.param(
        "# settings\n\nsound = 3\n",
        ["3:1: sound: must be tones, bell or off, in quotes"],
        id="after-a-blank-line",
    ),
    pytest.param(
        'level = "gentle"\nsound = [',
        ["2:"],
        id="invalid-toml-at-end",
    ),
    pytest.param(
        'level = "gentle"\n[display]\ncolour = "red"\n',
        ["2:1: unknown setting 'display'"],
        id="unknown-table",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
@pytest.mark.parametrize("command", [["config"], ["session", "--dry-run"]])
def test_bad_config_file_exits_2_with_file_line_col(
    text: str, expected: list[str], command: list[str], backcoach_home: Path
) -> None:
    """A bad config.toml: exit 2, one FILE:LINE:COL line per problem on stderr, no traceback."""
    path = write_config(backcoach_home, text)
    result = invoke(*command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), result.stderr
    for line, want in zip(lines, expected, strict=True):
        assert line.startswith(f"{path}:{want}"), line


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("BACKCOACH_SOUND", "maybe", "must be tones, bell or off"),
        ("BACKCOACH_LEVEL", "hard", "must be 'standard' or 'gentle'"),
        ("BACKCOACH_REST_SECONDS", "900", "between 0 and 600"),
        ("BACKCOACH_GET_READY_SECONDS", "soon", "must be a number of seconds"),
    ],
)
@pytest.mark.parametrize("command", [["config"], ["session", "--dry-run"]])
def test_bad_environment_variable_exits_2_naming_it(
    variable: str, value: str, words: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad BACKCOACH_* value exits 2 naming the variable and its value, no traceback."""
    monkeypatch.setenv(variable, value)
    result = invoke(*command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{variable}={value!r}" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_relative_catalogue_in_config_is_relative_to_the_config_file(
    backcoach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`catalogue = "mine.yaml"` in config.toml means the file beside config.toml."""
    backcoach_home.mkdir(parents=True, exist_ok=True)
    text = CATALOGUE.read_text(encoding="utf-8").replace("name: Bridge", "name: Bridge of mine")
    (backcoach_home / "mine.yaml").write_text(text, encoding="utf-8")
    (backcoach_home / "config.toml").write_text('catalogue = "mine.yaml"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("list")
    assert result.exit_code == 0, result.stderr
    assert "Bridge of mine" in result.stdout


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a = [[[1]]]", (1, 7)),
        ('a = "[[[["\nb = [[1]]', (2, 6)),  # brackets in a string do not count
        ("# [[[[\nb = [1]", (2, 5)),  # nor in a comment
        ('a = "x\\"[[["\nb = {c = [1]}', (2, 10)),  # an escaped quote keeps the string open
        ("a = [1, [2, [3]], [[[4]]]]", (1, 21)),  # the deepest, not the first or the last
        ("a = '[[['\nb = [[{x=[1]}]]", (2, 10)),
    ],
)
def test_too_deep_toml_is_located_at_its_deepest_bracket(text: str, where: tuple[int, int]) -> None:
    """A config nested too deeply is reported at the most deeply nested [ or {."""
    assert config._deepest(text) == where


def spec(name: str) -> config.Spec:
    return next(s for s in config.SPECS if s.name == name)


@pytest.mark.parametrize("every", [s.name for s in config.SPECS])
def test_each_settings_example_is_valid_toml_that_its_setting_accepts(every: str) -> None:
    """The 'e.g.' in a config error is a value that would work, written as TOML."""
    import tomllib

    setting = spec(every)
    value = tomllib.loads(f"x = {config._example(setting)}")["x"]
    setting.parse(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True), (False, False), ("1", True), ("true", True), (" Yes ", True), ("ON", True),
        ("0", False), ("false", False), ("no", False), (" Off", False),
    ],
)  # fmt: skip
def test_flag_settings_read_every_spelling_of_yes_and_no(value: object, expected: bool) -> None:
    """true/false settings (and their variables) accept 1/0, true/false, yes/no, on/off."""
    assert spec("voice").parse(value) is expected


@pytest.mark.parametrize("value", ["maybe", "", 2, None, "truee"])
def test_flag_settings_refuse_anything_else(value: object) -> None:
    """Anything else is 'must be true or false'."""
    with pytest.raises(ValueError, match="must be true or false"):
        spec("checkin").parse(value)


@pytest.mark.parametrize(("value", "expected"), [(0, 0.0), (600, 600.0), ("12.5", 12.5)])
def test_seconds_settings_accept_0_to_600(value: object, expected: float) -> None:
    """Seconds from 0 to 600, a number or a number in a variable's text."""
    assert spec("rest_seconds").parse(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [(-0.5, "between 0 and 600"), (600.5, "between 0 and 600"), (True, "a number of seconds"),
     ("soon", "a number of seconds"), (None, "a number of seconds")],
)  # fmt: skip
def test_seconds_settings_refuse_the_rest(value: object, message: str) -> None:
    """Below 0, above 600, true/false or words: refused, saying what is wanted."""
    with pytest.raises(ValueError, match=message):
        spec("get_ready_seconds").parse(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("tones", "tones"), (" Bell ", "bell"), ("OFF", "off"), (True, "tones"), (False, "off"),
     ("yes", "tones"), ("0", "off")],
)  # fmt: skip
def test_sound_setting_reads_its_words_and_the_old_true_false(value: object, expected: str) -> None:
    """tones, bell or off, any case; the old true/false setting means tones/off."""
    assert spec("sound").parse(value) == expected


def test_sound_setting_refuses_other_words() -> None:
    """Anything else names the three words."""
    with pytest.raises(ValueError, match="must be tones, bell or off"):
        spec("sound").parse("loud")


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a = " + "[" * 600 + "]" * 600, 1, 604, "nested too deeply; a config needs no nesting"),
        ('level = "gentle"\nsound = ', 2, 9, "not valid TOML: Invalid value"),  # at the end
        ('level = "gentle', 1, 16, "not valid TOML: Unterminated string"),
    ],
)
def test_unreadable_config_is_located(
    text: str, line: int, col: int, message: str, tmp_path: Path
) -> None:
    """Too deep, or broken at the very end: one problem at its line and column, no traceback."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        config.read_file(path)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.col, problem.message) == (
        str(path),
        line,
        col,
        message,
    )
    assert str(raised.value) == f"{path}:{line}:{col}: {message}"
