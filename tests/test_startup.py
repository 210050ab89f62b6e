"""Each command imports only what it needs, and the catalogue cache is safe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach import paths
from backcoach.catalogue import cache as catalogue_cache
from backcoach.catalogue.loader import load
from backcoach.cli import COMMAND_ORDER
from backcoach.errors import InputError

# The figure's checker and drawing: only parsing a catalogue, `show` and a session need them.
FIGURE_MODULES = ("backcoach.catalogue.poses", "backcoach.session.figure")
PROBE = """
import sys
sys.argv = ["backcoach", *{args!r}]
from backcoach.__main__ import main
code = 0
try:
    main()
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
import json
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}), file=sys.stderr)
"""


def modules_after(*args: str, code: int = 0) -> set[str]:
    """The modules a real `backcoach ARGS` process has imported by its end; it must exit `code`."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
        timeout=60,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == code, result.stderr
    return set(report["modules"])


@pytest.mark.slow
def test_nudge_imports_neither_typer_nor_rich() -> None:
    """`nudge` runs in every shell: no typer, click, rich or yaml."""
    loaded = modules_after("nudge")
    assert not {"typer", "click", "rich", "yaml", "pathlib", *FIGURE_MODULES} & loaded


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        *([command, "--help"] for command in COMMAND_ORDER),
        ["routines", "new", "--help"],
    ],
)
def test_version_and_help_skip_heavy_modules(args: list[str]) -> None:
    """--version and --help load neither yaml, sqlite3, rich.live nor the session engine."""
    loaded = modules_after(*args)
    assert (
        not {"yaml", "sqlite3", "rich.live", "backcoach.session.engine", "backcoach.session.runner"}
        & loaded
    )
    assert not set(FIGURE_MODULES) & loaded
    if args == ["--version"]:
        assert not {"typer", "rich"} & loaded


@pytest.mark.slow
def test_list_with_a_warm_cache_skips_yaml_and_the_engine() -> None:
    """Once the catalogue is cached, a bare `list` imports neither yaml, typer nor the engine."""
    modules_after("list")  # fills the cache
    loaded = modules_after("list")
    assert "rich.table" in loaded
    assert not {"yaml", "typer", "click", "rich.live", "backcoach.session.engine"} & loaded
    assert not set(FIGURE_MODULES) & loaded  # the cached poses are plain data


def test_cache_returns_an_equal_catalogue() -> None:
    """A catalogue read back from the cache equals the one parsed from YAML."""
    parsed = load()
    assert list(Path(paths.cache_dir()).glob("catalogue-*.marshal"))
    assert load() == parsed


def test_cache_follows_the_file(tmp_path: Path, catalogue_text: str) -> None:
    """Editing a catalogue invalidates its cache entry at once."""
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text)
    assert load(path).by_id("bridge").name == "Bridge"
    path.write_text(catalogue_text.replace("name: Bridge", "name: Bridge pose"))
    os.utime(path, ns=(1, 1))  # even a file whose time went backwards
    assert load(path).by_id("bridge").name == "Bridge pose"


def test_invalid_catalogue_is_never_cached(tmp_path: Path, catalogue_text: str) -> None:
    """A bad catalogue is reported every time; nothing of it is cached."""
    path = tmp_path / "bad.yaml"
    path.write_text(catalogue_text.replace("number: 7", "number: seven"))
    for _ in range(2):
        with pytest.raises(InputError, match="seven"):
            load(path)
    assert catalogue_cache.read(path.read_bytes(), str(path)) is None


def test_damaged_cache_is_ignored() -> None:
    """A cache file full of junk only costs a fresh parse."""
    parsed = load()
    for entry in Path(paths.cache_dir()).glob("catalogue-*.marshal"):
        entry.write_bytes(b"\x00junk")
    assert load() == parsed


@pytest.mark.parametrize(
    ("kind", "variable"),
    [("data", "XDG_DATA_HOME"), ("config", "XDG_CONFIG_HOME"), ("cache", "XDG_CACHE_HOME")],
)
def test_folder_lookups_match_platformdirs(
    kind: str, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each folder found without platformdirs is the one platformdirs names, XDG set or not."""
    import platformdirs

    ours = {"data": paths.data_dir_name, "config": paths.config_dir_name, "cache": paths.cache_dir}
    monkeypatch.delenv("BACKCOACH_HOME")
    for xdg in (None, "", "/tmp/somewhere-else"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
        expected = getattr(platformdirs, f"user_{kind}_dir")("backcoach", appauthor=False)
        assert ours[kind]() == expected


def test_backcoach_home_holds_every_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """BACKCOACH_HOME (with ~ expanded) is the data and config folder; the cache sits inside."""
    monkeypatch.setenv("BACKCOACH_HOME", "~/coach")
    home = os.path.expanduser("~/coach")
    assert paths.data_dir_name() == home == str(paths.data_dir()) == str(paths.config_dir())
    assert paths.cache_dir() == os.path.join(home, "cache")


@pytest.mark.slow
def test_session_with_warm_caches_skips_yaml() -> None:
    """A second `session --dry-run` reads its routine from the node cache: no yaml import.

    Nor importlib.resources and the zipfile it brings: the package is on disk.
    """
    modules_after("session", "--dry-run")
    loaded = modules_after("session", "--dry-run")
    assert not {"yaml", "importlib.resources", "zipfile"} & loaded
    assert "backcoach.catalogue.routines" in loaded


def test_packaged_files_are_found_without_a_folder_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A zipped install has no folder to open: importlib.resources then finds the same files."""
    import importlib.resources

    on_disk = paths.packaged("stretches", "routines", "quick.yaml").read_text("utf-8")
    asked: list[str] = []
    real_files = importlib.resources.files
    monkeypatch.setattr(
        importlib.resources, "files", lambda package: asked.append(package) or real_files(package)
    )
    monkeypatch.setattr(paths.os.path, "exists", lambda _: False)
    found = paths.packaged("stretches", "routines", "quick.yaml")
    assert asked == ["backcoach"]
    assert found.read_text("utf-8") == on_disk


def test_yaml_node_cache_round_trip_and_damage() -> None:
    """Cached node trees equal fresh ones, and a damaged cache is parsed afresh."""
    from backcoach.catalogue import yamlfile

    text = 'name: x\nstretches:\n  - id: bridge\n    reps: 3\n  - "quoted"\n'
    fresh = yamlfile.parse(text, "r.yaml")
    assert yamlfile._cache_read(text) == fresh
    Path(yamlfile._cache_file(text)).write_bytes(b"junk")
    assert yamlfile._cache_read(text) is None
    assert yamlfile.parse(text, "r.yaml") == fresh


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "printer"),
    [
        (["config", "--json"], "backcoach.describe"),
        (["history", "--json"], "backcoach.history.aggregates"),
    ],
)
def test_json_exports_skip_rich_and_the_planner(args: list[str], printer: str) -> None:
    """Printing settings or history as JSON needs neither rich nor the session planner."""
    loaded = modules_after(*args)
    assert printer in loaded  # the JSON printer was used
    assert not {"rich", "backcoach.session.planner", "yaml"} & loaded
