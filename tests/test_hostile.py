"""Hostile input (issue 15): each class of attack, several members each.

Classes: special files (FIFOs, devices, folders, links to them), huge and
deeply nested files, terminal escapes in outside text, numbers that are not
finite or not in range, files and folders that another user owns or can
write, dishonest messages, a stale cache, and catalogue text that looks like
an option. Whatever could hang runs in a process with a timeout, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backcoach import cli
from backcoach.catalogue import cache as catalogue_cache
from backcoach.catalogue import loader, yamlfile
from backcoach.catalogue.textfile import read_bytes, visible
from backcoach.errors import InputError
from conftest import CATALOGUE
from helpers import invoke

TIMEOUT = 30  # seconds; a command that hangs fails the test instead of the suite
STRANGER = 12345  # a uid and gid that no one on the test machine uses
ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown to another user")


def backcoach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `backcoach ARGS` process with no stdin, killed (and failed) after TIMEOUT."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        env=environ,
        check=False,
    )


def in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`backcoach ARGS` through cli.run (click's own errors included): exit code, all output."""
    code = cli.run(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def no_raw_escapes(text: str) -> None:
    for char in ESCAPES:
        assert char not in text, f"raw {char!r} in output: {text!r}"


# -- special files -------------------------------------------------------------

SPECIAL_KINDS = ["fifo", "dev-zero", "dev-urandom", "folder", "link-to-dev-zero", "link-to-fifo"]


def special_file(kind: str, where: Path) -> Path:
    """A file system entry at `where` that is not a regular file (or a link to one)."""
    where.parent.mkdir(parents=True, exist_ok=True)
    if kind in ("fifo", "link-to-fifo"):
        fifo = where if kind == "fifo" else where.with_name("pipe")
        os.mkfifo(fifo)
        if kind == "link-to-fifo":
            where.symlink_to(fifo)
    elif kind == "folder":
        where.mkdir()
    elif kind == "link-to-dev-zero":
        where.symlink_to("/dev/zero")
    else:
        return Path("/dev/zero" if kind == "dev-zero" else "/dev/urandom")
    return where


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
def test_validate_refuses_special_files_at_once(kind: str, tmp_path: Path) -> None:
    """`validate` on a FIFO, a device, a folder or a link to one says so, without hanging."""
    path = special_file(kind, tmp_path / "evil.yaml")
    result = backcoach("validate", str(path))
    assert result.returncode == 1
    assert "not a YAML file" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "link-to-dev-zero"])
@pytest.mark.parametrize("how", ["flag", "config", "environment"])
def test_catalogue_from_anywhere_refuses_special_files(
    kind: str, how: str, tmp_path: Path, backcoach_home: Path
) -> None:
    """--catalogue, `catalogue =` in config.toml and BACKCOACH_CATALOGUE all refuse one."""
    path = special_file(kind, tmp_path / "cat.yaml")
    env: dict[str, str] = {}
    args = ["list"]
    if how == "flag":
        args += ["--catalogue", str(path)]
    elif how == "config":
        backcoach_home.mkdir()
        (backcoach_home / "config.toml").write_text(f'catalogue = "{path}"\n')
    else:
        env["BACKCOACH_CATALOGUE"] = str(path)
    result = backcoach(*args, env=env)
    assert result.returncode == 2
    assert "not a catalogue file" in result.stderr and str(path) in result.stderr


def test_history_with_a_device_as_catalogue_does_not_hang(backcoach_home: Path) -> None:
    """`history` (which names stretches from the catalogue) survives `catalogue = "/dev/zero"`."""
    session = backcoach("session", "--plain", "--speed", "1000", "--only", "bridge", "--quiet")
    assert session.returncode == 0, session.stderr
    (backcoach_home / "config.toml").write_text('catalogue = "/dev/zero"\n')
    result = backcoach("history")
    assert result.returncode == 0 and "Streak" in result.stdout
    assert "bug" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-dev-zero", "link-to-fifo"])
def test_config_file_that_is_special_is_refused(kind: str, backcoach_home: Path) -> None:
    """A config.toml that is a FIFO or a device is refused with its path, never read or skipped."""
    special_file(kind, backcoach_home / "config.toml")
    result = backcoach("config")
    assert result.returncode == 2
    assert "config.toml" in result.stderr and "not a config file" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "folder"])
def test_special_routine_is_named_and_the_others_still_listed(
    kind: str, backcoach_home: Path
) -> None:
    """A FIFO or device in routines/ gets its own error row; the other routines still list."""
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nstretches: [bridge]\n")
    special_file(kind, folder / "evil.yaml")
    listed = backcoach("routines", "--json")
    assert listed.returncode == 0
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert "not a routine file" in rows["evil"]["error"]
    assert rows["mine"]["stretches"] == ["bridge"] and {"full", "quick"} <= set(rows)
    assert "cannot be used" in backcoach("routines").stdout
    chosen = backcoach("session", "--routine", "evil", "--dry-run")
    assert chosen.returncode == 2
    assert "not a routine file" in chosen.stderr
    assert "did you mean" not in chosen.stderr  # item 12: not "no routine called 'evil'"


def test_routine_naming_a_special_catalogue_is_refused(tmp_path: Path) -> None:
    """A routine's own `catalogue:` pointing at /dev/zero is reported at that line."""
    routine = tmp_path / "r.yaml"
    routine.write_text("name: r\ncatalogue: /dev/zero\nstretches: [bridge]\n")
    result = backcoach("validate", str(routine))
    assert result.returncode == 1
    assert f"{routine}:2:" in result.stdout and "not a catalogue file" in result.stdout


def test_reading_stops_one_byte_past_the_limit() -> None:
    """A file whose size lies (a /proc file says 0 bytes) is still read only to limit + 1."""
    with pytest.raises(InputError, match="more than 10 bytes"):
        read_bytes("/proc/self/maps", "test", limit=10)


@pytest.mark.parametrize("size", [1_000_001, 5_000_000_000])
def test_huge_files_are_refused_without_reading(size: int, tmp_path: Path) -> None:
    """A file over the limit (even a sparse 5 GB one) is refused by its size, at once."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(size)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "allowed; is this the right file?" in result.stdout


def test_dangling_link_is_called_one(tmp_path: Path) -> None:
    """A link to nowhere is named as such, not as a missing file."""
    link = tmp_path / "gone.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    result = invoke("validate", str(link))
    assert "link to a file that does not exist" in result.stdout


# -- deep nesting ----------------------------------------------------------------

DEEP_YAML = {
    "500 [": "a: " + "[" * 500 + "]" * 500 + "\n",
    "600 mappings": "a: " + "{b: " * 600 + "1" + "}" * 600 + "\n",
    "600 indents": "".join(" " * i + "k:\n" for i in range(600)) + " " * 600 + "k: 1\n",
    "500 list items": "".join(" " * (2 * i) + "-\n" for i in range(500)) + " " * 1000 + "- 1\n",
}


@pytest.mark.parametrize("text", DEEP_YAML.values(), ids=DEEP_YAML.keys())
def test_deep_yaml_is_a_located_error(text: str, tmp_path: Path) -> None:
    """Deep nesting in a catalogue or routine is FILE:LINE:COL, never RecursionError."""
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    result = invoke("validate", str(path))
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.stdout and "nested more than" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 500 + "]" * 500 + "\n",
        "a = " + "{b = " * 600 + "1" + "}" * 600 + "\n",
        "level = 'gentle'\n# [[[[\nroutine = " + "[" * 800 + "\n",
    ],
    ids=["500 [", "600 inline tables", "unclosed"],
)
def test_deep_toml_is_a_located_error(text: str, backcoach_home: Path) -> None:
    """A deeply nested config.toml is a located error (exit 2), never a bug report."""
    backcoach_home.mkdir()
    (backcoach_home / "config.toml").write_text(text)
    result = invoke("config")
    assert result.exit_code == 2
    assert "config.toml:" in result.stderr and "bug" not in result.stderr
    assert "nested too deeply" in result.stderr or "not valid TOML" in result.stderr


def test_one_deep_routine_does_not_break_the_list(backcoach_home: Path) -> None:
    """`routines` lists every routine when one of them is nested 600 deep."""
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / "deep.yaml").write_text(DEEP_YAML["600 mappings"])
    (folder / "mine.yaml").write_text("name: mine\nstretches: [bridge]\n")
    result = invoke("routines")
    assert result.exit_code == 0
    assert "nested more than" in result.stdout
    assert "mine" in result.stdout and "quick" in result.stdout


# -- terminal escapes in outside text -----------------------------------------------

NASTY = "x\x1b[2J\x1b]0;owned\x07\u202ey\x9b"


@pytest.mark.parametrize(
    "char", ["\x1b", "\x07", "\x00", "\r", "\t", "\x7f", "\x9b", "\u202e", "\u2066", "\u2028"]
)
def test_visible_escapes_each_control_character(char: str) -> None:
    """Each C0/C1 control, bidi override and line separator is shown as its escape."""
    shown = visible(f"a{char}b\nc")
    assert char not in shown and "\n" not in shown
    assert shown == "a" + repr(char)[1:-1] + "b\\nc"
    assert visible(f"a{char}b\nc", keep_newlines=True).split("\n")[1] == "c"


def test_file_name_bytes_that_are_not_utf8_are_shown_as_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name holding byte 0x9b (a C1 escape on 8-bit terminals) prints as `\\x9b`."""
    name = os.fsdecode(b"odd\x9b.yaml")
    assert visible(name) == "odd\\x9b.yaml"
    (tmp_path / name).write_text("name: r\nstretches: [nope]\n")
    code, output = in_process(capsys, "validate", str(tmp_path / name))
    assert code == 1 and "\udc9b" not in output and "odd\\x9b.yaml:2:" in output
    code, output = in_process(capsys, "validate", "--json", str(tmp_path / name))
    assert code == 1 and "\udc9b" not in output
    assert json.loads(output)["file"].endswith("odd\\x9b.yaml")


def test_unknown_config_key_with_escapes_is_shown_escaped(
    backcoach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown config key holding ESC[2J ESC]0;…BEL is printed with escapes visible."""
    backcoach_home.mkdir()
    key = "x\\u001b[2J\\u001b]0;owned\\u0007\\u202ey\\u009b"  # TOML escapes, read as raw
    (backcoach_home / "config.toml").write_text(f'"{key}" = 1\n')
    code, output = in_process(capsys, "config")
    assert code == 2
    no_raw_escapes(output)
    assert "\\x1b[2J" in output and "unknown setting" in output


@pytest.mark.parametrize(
    "args",
    [
        ["show", NASTY],
        ["show", "bridge", "--routine", NASTY],
        ["session", "--dry-run", "--only", NASTY],
        ["session", "--dry-run", "--skip", f"bridge,{NASTY}"],
        ["session", "--dry-run", "--level", NASTY],
        ["routines", "new", NASTY],
        ["list", f"--{NASTY}"],
        ["session", "--speed", NASTY],
        ["history", "--since", NASTY],
        ["validate", f"/nonexistent/{NASTY}.yaml"],
        ["list", "--catalogue", f"/nonexistent/{NASTY}.yaml"],
        [NASTY],
    ],
)
def test_arguments_with_escapes_are_shown_escaped(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Names and arguments from the command line never reach the terminal raw."""
    code, output = in_process(capsys, *args)
    assert code in (1, 2), output
    no_raw_escapes(output)
    assert "\\x1b" in output


def test_environment_value_with_escapes_is_shown_escaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad BACKCOACH_* value is quoted with its escapes visible."""
    monkeypatch.setenv("BACKCOACH_LEVEL", NASTY)
    code, output = in_process(capsys, "list")
    assert code == 2
    no_raw_escapes(output)


def test_routine_file_names_with_escapes_are_shown_escaped(
    backcoach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`routines` shows escape-laden file names (good and bad routines) made visible."""
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / f"{NASTY}.yaml").write_text("name: fine\nstretches: [bridge]\n")
    (folder / f"bad{NASTY}.yaml").write_text("name: bad\nstretches: [nope]\n")
    code, output = in_process(capsys, "routines")
    assert code == 0
    no_raw_escapes(output)
    assert output.count("\\x1b[2J") >= 2  # names and paths of both


def test_validate_file_name_with_escapes_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid and invalid files whose names hold escapes are reported with them visible."""
    good = tmp_path / f"good{NASTY}.yaml"
    good.write_text(CATALOGUE.read_text())
    bad = tmp_path / f"bad{NASTY}\n.yaml"
    bad.write_text("name: r\nstretches: [nope]\n")
    code, output = in_process(capsys, "validate", str(good), str(bad))
    assert code == 1
    no_raw_escapes(output)
    assert "valid catalogue" in output and "\\n.yaml:2:" in output


def test_json_output_escapes_c1_and_bidi_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json escapes C1 controls and bidi overrides too, and stays valid JSON."""
    bad = tmp_path / f"bad{NASTY}.yaml"
    bad.write_text("name: r\nstretches: [nope]\n")
    code, output = in_process(capsys, "validate", "--json", str(bad))
    assert code == 1
    no_raw_escapes(output)
    assert json.loads(output)["valid"] is False


# -- numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--speed", "nan"], "--speed"),
        (["--speed", "inf"], "--speed"),
        (["--minutes", "nan"], "--minutes"),
        (["--minutes", "inf"], "--minutes"),
        (["--minutes", "1e309"], "--minutes"),
        (["--minutes", "-inf"], "--minutes"),
        (["--minutes", "0"], "--minutes"),
        (["--minutes", "100000"], "--minutes"),
        (["--rest", "nan"], "--rest"),
        (["--rest", "inf"], "--rest"),
        (["--only", ""], "--only"),
        (["--only", ","], "--only"),
        (["--skip", ""], "--skip"),
        (["--skip", " , "], "--skip"),
    ],
)
def test_bad_numbers_and_empty_lists_name_the_flag(args: list[str], flag: str) -> None:
    """Each flag refuses nan, infinities, out-of-range and empty values, naming itself."""
    result = invoke("session", "--dry-run", *args)
    assert result.exit_code == 2
    assert flag in result.stderr


def test_speed_nan_in_a_real_session_does_not_hang() -> None:
    """`session --speed nan` (which once spun for ever) exits 2 at once."""
    result = backcoach("session", "--plain", "--speed", "nan")
    assert result.returncode == 2 and "--speed" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BACKCOACH_REST_SECONDS", "nan"),
        ("BACKCOACH_REST_SECONDS", "-1"),
        ("BACKCOACH_GET_READY_SECONDS", "inf"),
        ("BACKCOACH_GET_READY_SECONDS", "1e309"),
    ],
)
def test_bad_numbers_from_the_environment_name_the_variable(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers from BACKCOACH_* variables are finite and in range, or the variable is named."""
    monkeypatch.setenv(variable, value)
    result = invoke("session", "--dry-run")
    assert result.exit_code == 2 and variable in result.stderr


@pytest.mark.parametrize(
    "line", ["rest_seconds = nan", "rest_seconds = inf", "get_ready_seconds = -inf"]
)
def test_bad_numbers_from_the_config_are_located(line: str, backcoach_home: Path) -> None:
    """Numbers from config.toml are finite and in range, or FILE:LINE:COL says which."""
    backcoach_home.mkdir()
    (backcoach_home / "config.toml").write_text(f"level = 'gentle'\n{line}\n")
    result = invoke("session", "--dry-run")
    assert result.exit_code == 2
    assert "config.toml:2:1:" in result.stderr


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e309"])
def test_bad_numbers_in_a_catalogue_are_located(value: str, tmp_path: Path) -> None:
    """A catalogue timing of nan or infinity is a located problem."""
    path = tmp_path / "cat.yaml"
    path.write_text(CATALOGUE.read_text().replace("rest_seconds: 15", f"rest_seconds: {value}"))
    result = invoke("validate", str(path))
    assert result.exit_code == 1 and "timing.rest_seconds" in result.stdout


# -- files and folders that others own or can write ----------------------------------

SPEAK = "sh -c 'touch {marker}'"


def poisoned_home(home: Path, marker: Path) -> None:
    """A home whose config would run a command (as the issue's attacker prepared)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'voice = true\nspeech_command = "{SPEAK.format(marker=marker)}"\n'
    )


def make_foreign(path: Path, how: str) -> None:
    if how == "owned by another user":
        os.chown(path, STRANGER, -1, follow_symlinks=False)
    elif how == "world-writable":
        path.chmod(path.stat().st_mode | 0o002)
    else:  # group-writable by a group that is not the owner's own
        os.chown(path, -1, STRANGER)
        path.chmod(path.stat().st_mode | 0o020)


FOREIGN = ["owned by another user", "world-writable", "group-writable"]


@as_root
@pytest.mark.parametrize("how", FOREIGN)
@pytest.mark.parametrize("target", ["home", "config.toml"])
def test_foreign_home_or_config_runs_nothing(how: str, target: str, tmp_path: Path) -> None:
    """A foreign or writable home or config.toml: exit 2, its speech_command never runs."""
    home, marker = tmp_path / "shared", tmp_path / "ran"
    poisoned_home(home, marker)
    make_foreign(home if target == "home" else home / "config.toml", how)
    result = backcoach(
        "session", "--plain", "--speed", "1000", "--only", "bridge", "--no-checkin",
        env={"BACKCOACH_HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 2
    assert not marker.exists()
    assert not (home / "history.sqlite3").exists()
    named = str(home if target == "home" else home / "config.toml")
    assert f"{named}: backcoach will not use this" in result.stderr
    assert ("chown" if "owned" in how else "chmod go-w") in result.stderr


@as_root
def test_home_that_links_to_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    """BACKCOACH_HOME as a link to another user's world-writable folder is refused."""
    elsewhere, marker = tmp_path / "theirs", tmp_path / "ran"
    poisoned_home(elsewhere, marker)
    os.chown(elsewhere / "config.toml", STRANGER, STRANGER)
    os.chown(elsewhere, STRANGER, STRANGER)
    elsewhere.chmod(0o777)
    link = tmp_path / "home"
    link.symlink_to(elsewhere)
    for args in (["session", "--plain", "--speed", "1000", "--no-checkin"], ["history"]):
        result = backcoach(*args, env={"BACKCOACH_HOME": str(link)})
        assert result.returncode == 2 and "backcoach will not use this" in result.stderr
    assert not marker.exists() and not (elsewhere / "history.sqlite3").exists()


@as_root
@pytest.mark.parametrize("how", FOREIGN)
def test_foreign_routine_and_catalogue_are_refused(
    how: str, tmp_path: Path, backcoach_home: Path
) -> None:
    """A routine or a catalogue someone else owns or can write is refused, naming it."""
    routine = backcoach_home / "routines" / "theirs.yaml"
    routine.parent.mkdir(parents=True)
    routine.write_text("name: theirs\nstretches: [bridge]\n")
    make_foreign(routine, how)
    catalogue = tmp_path / "cat.yaml"
    shutil.copy(CATALOGUE, catalogue)
    make_foreign(catalogue, how)
    for args, path in (
        (["session", "--dry-run", "--routine", "theirs"], routine),
        (["list", "--catalogue", str(catalogue)], catalogue),
        (["validate", str(catalogue)], catalogue),
    ):
        result = invoke(*args)
        output = result.stdout + result.stderr
        assert result.exit_code in (1, 2) and f"{path}: backcoach will not use this" in output


@as_root
def test_foreign_routines_folder_is_refused(backcoach_home: Path) -> None:
    """A routines/ folder others can add files to is refused when routines are read."""
    folder = backcoach_home / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nstretches: [bridge]\n")
    folder.chmod(0o777)
    result = invoke("session", "--dry-run", "--routine", "mine")
    assert result.exit_code == 2 and "world-writable" in result.stderr


def test_own_private_files_are_accepted(backcoach_home: Path) -> None:
    """The person's own files, even group-writable by their own private group, are used."""
    backcoach_home.mkdir()
    config = backcoach_home / "config.toml"
    config.write_text("level = 'gentle'\n")
    config.chmod(0o664)
    import grp
    import pwd

    me = pwd.getpwuid(os.geteuid())
    if config.stat().st_gid != me.pw_gid or set(grp.getgrgid(me.pw_gid).gr_mem) - {me.pw_name}:
        pytest.skip("the file's group is not a private group here")
    result = invoke("config")
    assert result.exit_code == 0 and "gentle" in result.stdout


# -- honest messages -------------------------------------------------------------


def test_catalogue_lacking_the_routines_stretches_names_itself(tmp_path: Path) -> None:
    """`session --catalogue mini.yaml` names mini.yaml, never `built-in:6:5`."""
    text = CATALOGUE.read_text()
    mini = tmp_path / "mini.yaml"
    mini.write_text(text[: text.index("  - id: hip-stretch")])  # spine-stretch only
    for routine in ("full", "quick"):
        result = invoke("session", "--dry-run", "--catalogue", str(mini), "--routine", routine)
        assert result.exit_code == 2
        assert "built-in:" not in result.stderr
        assert f"{mini}: the built-in routine '{routine}'" in result.stderr
        assert "does not have" in result.stderr


def test_missing_home_history_says_where_it_looked(backcoach_home: Path) -> None:
    """With no history (a mistyped BACKCOACH_HOME, say) `history` names the path it looked at."""
    result = invoke("history")
    assert result.exit_code == 0
    assert str(backcoach_home / "history.sqlite3") in result.stdout


def test_unreadable_home_is_not_an_empty_history(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home the person cannot enter is an error, not "No sessions yet"."""
    backcoach_home.mkdir()
    real_stat = os.stat

    def no_entry(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(f"{backcoach_home}/"):  # what mode 000 does to a non-root user
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", no_entry)
    result = invoke("history")
    assert result.exit_code == 2
    assert "No sessions" not in result.stdout
    assert f"{backcoach_home}: the history there cannot be reached" in result.stderr


def test_home_that_is_a_file_is_not_an_empty_history(backcoach_home: Path) -> None:
    """A home that is a file is an error for `history`, not "No sessions yet"."""
    backcoach_home.write_text("not a folder\n")
    result = invoke("history")
    assert result.exit_code == 2 and "No sessions" not in result.stdout


def sqlite_failure(kind: str, tmp_path: Path) -> Exception:
    """A real error from SQLite of the given kind."""
    import sqlite3

    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    try:
        if kind == "full":
            db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
            db.execute("INSERT INTO t VALUES (zeroblob(100000))")
        elif kind == "read-only":
            sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("INSERT INTO t VALUES (1)")
        elif kind == "cannot open":
            sqlite3.connect(f"file:{tmp_path}/no/such/folder/h.sqlite3?mode=rw", uri=True)
        else:
            path.write_bytes(b"this is not SQLite at all" * 100)
            sqlite3.connect(path).execute("SELECT * FROM t")
    except sqlite3.Error as error:
        return error
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("full", "the disk is full"),
        ("read-only", "read-only"),
        ("cannot open", "read-only or not yours"),
        ("damaged", "may be damaged"),
    ],
)
def test_history_failures_say_what_failed(kind: str, said: str, tmp_path: Path) -> None:
    """A full disk or a read-only folder is not called a damaged file, and vice versa."""
    from backcoach.history.store import why_unusable

    message = why_unusable(str(tmp_path / "h.sqlite3"), sqlite_failure(kind, tmp_path))  # type: ignore[arg-type]
    assert said in message
    assert ("damaged" in message) == (kind == "damaged")


# -- the catalogue cache -----------------------------------------------------------


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_cache_is_never_stale_after_an_edit_keeping_size_and_time(tmp_path: Path) -> None:
    """An edit that keeps the size and restores the time is read, not served from the cache."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    assert loader.load(path).by_id("bridge").name == "Bridge"
    edit_keeping_size_and_time(path, "name: Bridge\n", "name: Bridgf\n")
    assert loader.load(path).by_id("bridge").name == "Bridgf"


def test_validate_sees_an_edit_keeping_size_and_time(tmp_path: Path) -> None:
    """`validate` calls a now-invalid file invalid, whatever was cached before."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    assert invoke("list", "--catalogue", str(path)).exit_code == 0  # fills the caches
    assert invoke("validate", str(path)).exit_code == 0
    edit_keeping_size_and_time(path, "number: 7\n", "number: x\n")
    result = invoke("validate", str(path))
    assert result.exit_code == 1 and "number" in result.stdout


@pytest.mark.parametrize("kind", ["catalogue", "routine"])
def test_validate_never_reads_a_cache(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` reads neither the catalogue cache nor the YAML node cache."""
    path = tmp_path / "file.yaml"
    if kind == "catalogue":
        shutil.copy(CATALOGUE, path)
    else:
        path.write_text("name: r\nstretches: [bridge]\n")
    reads: list[str] = []

    def spy(name: str, real: Callable[..., object]) -> Callable[..., object]:
        return lambda *args: reads.append(name) or real(*args)

    invoke("validate", str(path))  # the caches now hold whatever they would
    monkeypatch.setattr(catalogue_cache, "read", spy("catalogue", catalogue_cache.read))
    monkeypatch.setattr(yamlfile, "_cache_read", spy("nodes", yamlfile._cache_read))
    result = invoke("validate", str(path))
    assert result.exit_code == 0 and f"valid {kind}" in result.stdout
    assert reads == []


def test_a_cache_entry_that_is_a_fifo_is_ignored(tmp_path: Path) -> None:
    """A cache file replaced by a FIFO costs a parse, not a hang."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    loader.load(path)
    entry = Path(catalogue_cache._file(path.read_bytes()))
    entry.unlink()
    os.mkfifo(entry)
    result = backcoach("list", "--catalogue", str(path))
    assert result.returncode == 0 and "Bridge" in result.stdout


# -- catalogue text that looks like an option --------------------------------------

DASHED = {
    "name: Bridge\n": "name: --help\n",
    "position_cue: On your back, feet hip-width, knees bent\n": "position_cue: -f/etc/shadow\n",
    "cue: Breathe out, lift hips gently\n": "cue: --version\n",
}


def dashed_catalogue(folder: Path) -> Path:
    text = CATALOGUE.read_text()
    start = text.index("  - id: bridge")
    before, text = text[:start], text[start:]
    for old, new in DASHED.items():
        assert old in text
        text = text.replace(old, new, 1)
    text = before + text
    path = folder / "dashed.yaml"
    path.write_text(text)
    return path


def test_text_starting_with_a_dash_is_plain_text(tmp_path: Path) -> None:
    """Names and cues starting with '-' validate, load and show literally."""
    path = dashed_catalogue(tmp_path)
    assert invoke("validate", str(path)).exit_code == 0
    bridge = loader.load(path).by_id("bridge")
    assert bridge.name == "--help" and bridge.position_cue == "-f/etc/shadow"
    shown = invoke("show", "bridge", "--catalogue", str(path))
    assert shown.exit_code == 0 and "7. --help" in shown.stdout
    data = json.loads(invoke("show", "bridge", "--json", "--catalogue", str(path)).stdout)
    assert data["name"] == "--help" and "--version" in [step["cue"] for step in data["steps"]]


def test_spoken_text_is_never_an_option(tmp_path: Path, backcoach_home: Path) -> None:
    """Cues reach the speech program after `--` or on stdin, never as its options."""
    calls = tmp_path / "calls"
    calls.mkdir()
    speaker = tmp_path / "speak"
    speaker.write_text(
        f'#!/bin/sh\nout="{calls}/$$"\nprintf "%s\\n" "$@" > "$out.args"\ncat > "$out.stdin"\n'
    )
    speaker.chmod(0o755)
    result = backcoach(
        "session", "--plain", "--voice", "--quiet", "--no-checkin", "--speed", "50",
        "--only", "bridge", "--catalogue", str(dashed_catalogue(tmp_path)),
        env={"BACKCOACH_SPEECH_COMMAND": str(speaker)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    spoken = []
    for args_file in calls.glob("*.args"):
        args = args_file.read_text().splitlines()
        stdin = Path(str(args_file).removesuffix(".args") + ".stdin")
        # The fake command is given no options of its own: any before `--` came from a cue.
        options = args[: args.index("--")] if "--" in args else args
        assert not [arg for arg in options if arg.startswith("-")], args
        spoken += args + (stdin.read_text().splitlines() if stdin.exists() else [])
    assert any("-f/etc/shadow" in text for text in spoken)
    assert any(text.startswith("--version") for text in spoken)
