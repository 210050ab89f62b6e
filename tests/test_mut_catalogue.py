"""The loaded catalogue holds what its YAML says, and its cache never changes that."""

from __future__ import annotations

import dataclasses
import marshal
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from backcoach import __version__
from backcoach.catalogue import cache as catalogue_cache
from backcoach.catalogue import loader, marshal_cache, yamlfile
from backcoach.catalogue.loader import BUILTIN_NAME, load, resolve, resolve_many
from backcoach.catalogue.models import (
    Advice,
    Catalogue,
    Dose,
    PerSide,
    Range,
    Step,
    Timing,
    Wording,
)
from backcoach.errors import InputError, UsageError
from backcoach.paths import cache_dir
from conftest import CATALOGUE
from test_mut_loader import VALID


def fold(text: str) -> str:
    return " ".join(text.split())


def wording(side: dict[str, str], text_key: str, cue_key: str) -> Wording:
    return Wording(fold(side[text_key]), fold(side[cue_key]))


def per_side(node: dict[str, Any] | None, text_key: str, cue_key: str) -> PerSide | None:
    if node is None:
        return None
    return PerSide(
        wording(node["left"], text_key, cue_key), wording(node["right"], text_key, cue_key)
    )


def a_range(node: dict[str, int] | None) -> Range | None:
    return None if node is None else Range(node["min"], node["max"])


def expected_from_yaml(path: Path) -> dict[str, Any]:
    """The catalogue's content read with plain PyYAML, independently of backcoach."""
    raw = yaml.safe_load(path.read_text("utf-8"))
    stretches = []
    for s in raw["stretches"]:
        stretches.append(
            {
                "id": s["id"],
                "number": s["number"],
                "name": fold(s["name"]),
                "summary": fold(s["summary"]),
                "equipment": tuple(fold(e) for e in s["equipment"]),
                "position": fold(s["position"]),
                "position_cue": fold(s["position_cue"]),
                "steps": tuple(
                    Step(
                        fold(p["text"]),
                        fold(p["cue"]),
                        p["kind"],
                        p["breath"],
                        per_side(p.get("per_side"), "text", "cue"),
                    )
                    for p in s["steps"]
                ),
                "dose": Dose(
                    s["dose"]["sides"],
                    a_range(s["dose"]["reps"]),  # type: ignore[arg-type]
                    a_range(s["dose"]["hold_seconds"]),
                ),
                "cautions": tuple(fold(c) for c in s["cautions"]),
                "notes": tuple(fold(n) for n in s.get("notes", ())),
                "position_per_side": per_side(s.get("per_side"), "position", "position_cue"),
                "has_figure": "figure" in s,
            }
        )
    return {
        "advice": Advice(**{k: fold(v) for k, v in raw["advice"].items()}),
        "timing": Timing(**{k: float(v) for k, v in raw["timing"].items()}),
        "stretches": stretches,
    }


def as_expected(catalogue: Catalogue) -> dict[str, Any]:
    stretches = []
    for s in catalogue.stretches:
        fields = {f.name: getattr(s, f.name) for f in dataclasses.fields(s)}
        fields["has_figure"] = fields.pop("figure") is not None
        stretches.append(fields)
    return {"advice": catalogue.advice, "timing": catalogue.timing, "stretches": stretches}


def test_builtin_catalogue_holds_what_its_yaml_says() -> None:
    """Every field of every stretch, the advice and the timing are the YAML's, text folded."""
    catalogue = load(cached=False)
    assert catalogue.origin == BUILTIN_NAME == "built-in catalogue"
    assert as_expected(catalogue) == expected_from_yaml(CATALOGUE)
    assert [type(v) for v in dataclasses.astuple(catalogue.timing)] == [float] * 8


def test_builtin_text_and_path_are_the_shipped_file() -> None:
    """The built-in catalogue's text and path are those of stretches/catalogue.yaml."""
    assert loader.builtin_text() == CATALOGUE.read_text("utf-8")
    assert Path(loader.builtin_path()).read_bytes() == CATALOGUE.read_bytes()
    assert Path(loader._packaged_file()).read_bytes() == CATALOGUE.read_bytes()
    assert loader._builtin_bytes() == CATALOGUE.read_bytes()


def test_builtin_bytes_without_the_file_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no catalogue file beside the code (a zipped install), the packaged one is read."""
    monkeypatch.setattr(loader, "_packaged_file", lambda: "/nonexistent/catalogue.yaml")
    assert loader._builtin_bytes() == CATALOGUE.read_bytes()


def test_a_catalogue_file_loads_under_its_name(tmp_path: Path) -> None:
    """A catalogue file is named by its path, and holds the same stretches as the built-in."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    for cached in (False, True, True):
        catalogue = load(path, cached=cached)
        assert catalogue.origin == str(path)
        assert catalogue == dataclasses.replace(load(cached=False), origin=str(path))
    assert load(str(path)).origin == str(path)


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    """The origin of a catalogue whose name holds ESC shows it as an escape."""
    path = tmp_path / "bad\x1bname.yaml"
    shutil.copy(CATALOGUE, path)
    assert load(path).origin == str(tmp_path / "bad\\x1bname.yaml")
    path.write_text("schema: 1\n")
    with pytest.raises(InputError) as caught:
        load(path, cached=False)
    assert str(caught.value).startswith(f"{tmp_path}/bad\\x1bname.yaml:1:1: the catalogue:")


# -- the cache ---------------------------------------------------------------------------


def entries() -> list[str]:
    folder = cache_dir()
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_cached_load_equals_a_fresh_one(tmp_path: Path) -> None:
    """A catalogue read back from the cache is field for field the one parsed afresh."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    fresh = load(path, cached=False)
    assert entries() == []  # validate writes no cache
    first = load(path)
    data = path.read_bytes()
    import zlib

    name = f"catalogue-{len(data)}-{zlib.crc32(data):08x}.marshal"
    yaml_name = f"yaml-{len(data)}-{zlib.crc32(data):08x}.marshal"
    assert entries() == [name, yaml_name]
    assert catalogue_cache.read(data, "x") == dataclasses.replace(fresh, origin="x")
    second = load(path)
    assert first == second == fresh
    assert dataclasses.asdict(second) == dataclasses.asdict(fresh)
    assert all(s.figure is not None for s in second.stretches)


def test_a_cache_entry_over_four_times_the_file_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is read up to 4 × the largest catalogue; a larger entry costs a parse."""
    path = tmp_path / "mine.yaml"
    shutil.copy(CATALOGUE, path)
    load(path)
    data = path.read_bytes()
    size = os.path.getsize(os.path.join(cache_dir(), catalogue_cache._file(data)))
    # A limit the entry is just over at 4 ×, and well within at 5 ×.
    monkeypatch.setattr(catalogue_cache, "MAX_FILE_BYTES", size // 4 - 1)
    assert 4 * (size // 4 - 1) < size <= 5 * (size // 4 - 1)
    assert catalogue_cache.read(data, "x") is None
    monkeypatch.setattr(catalogue_cache, "MAX_FILE_BYTES", size // 4 + 1)
    assert catalogue_cache.read(data, "x") is not None


def test_the_cache_folder_is_private(tmp_path: Path) -> None:
    """The cache folder is created readable by its owner only, and entries are regular files."""
    load()
    assert stat.S_IMODE(os.stat(cache_dir()).st_mode) == 0o700
    for entry in entries():
        mode = os.stat(os.path.join(cache_dir(), entry)).st_mode
        assert stat.S_ISREG(mode) and not mode & (stat.S_IWGRP | stat.S_IWOTH)
    assert not [e for e in entries() if e.endswith(".tmp")]


def plant(data: bytes, payload: Any, fmt: int = catalogue_cache.FORMAT, source: Any = None) -> None:
    """Write a cache entry for `data` by hand."""
    path = catalogue_cache._file(data)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        marshal.dump(((fmt, __version__), data if source is None else source, payload), file)


def small(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "small.yaml"
    path.write_text(VALID)
    return path, path.read_bytes()


def renamed_payload(path: Path, new_name: str) -> Any:
    catalogue = load(path, cached=False)
    first = dataclasses.replace(catalogue.stretches[0], name=new_name)
    changed = dataclasses.replace(catalogue, stretches=(first, *catalogue.stretches[1:]))
    return catalogue_cache._pack(changed)


def test_a_cache_entry_is_used_for_the_same_bytes(tmp_path: Path) -> None:
    """A cache entry made from exactly the file's bytes is what load returns."""
    path, data = small(tmp_path)
    plant(data, renamed_payload(path, "From the cache"))
    assert load(path).stretches[0].name == "From the cache"
    assert load(path, cached=False).stretches[0].name == "Knee hug"  # validate


@pytest.mark.parametrize(
    "how", ["other format", "other version", "other source", "damaged", "truncated", "foreign"]
)
def test_a_stale_or_damaged_cache_entry_is_ignored_and_rebuilt(how: str, tmp_path: Path) -> None:
    """An entry of another format, version or source, or damaged, costs a parse, then is fixed."""
    path, data = small(tmp_path)
    payload = renamed_payload(path, "From the cache")
    entry = catalogue_cache._file(data)
    os.makedirs(os.path.dirname(entry), exist_ok=True)
    if how == "other format":
        plant(data, payload, fmt=catalogue_cache.FORMAT - 1)
    elif how == "other version":
        with open(entry, "wb") as file:
            marshal.dump(((catalogue_cache.FORMAT, "0.0.0"), data, payload), file)
    elif how == "other source":
        plant(data, payload, source=data + b" ")
    elif how == "damaged":
        plant(data, ("not", "a", "catalogue"))
    elif how == "truncated":
        plant(data, payload)
        Path(entry).write_bytes(Path(entry).read_bytes()[:1000])
    else:
        Path(entry).write_bytes(b"\x00garbage\xff" * 10)
    assert load(path).stretches[0].name == "Knee hug"
    assert load(path) == load(path, cached=False)
    version, source, _ = marshal.loads(Path(entry).read_bytes())
    assert version == (catalogue_cache.FORMAT, __version__) and source == data


def test_an_edit_invalidates_the_cache(tmp_path: Path) -> None:
    """After an edit, the catalogue loaded is the edited one."""
    path, _ = small(tmp_path)
    assert load(path).by_id("roll9").name == "Roll"
    path.write_text(VALID.replace("name: Roll\n", "name: Roll over\n"))
    assert load(path).by_id("roll9").name == "Roll over"


def test_an_invalid_edit_is_reported_whatever_was_cached(tmp_path: Path) -> None:
    """A file that became invalid is refused, though a valid one was cached before."""
    path, _ = small(tmp_path)
    load(path)
    path.write_text(VALID.replace("number: 2\n", "number: x\n"))
    with pytest.raises(InputError, match="number: expected a whole number"):
        load(path)


def test_validate_reads_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load(cached=False) reads neither cache, and writes neither."""
    path, _ = small(tmp_path)

    def refuse(*args: object) -> None:
        raise AssertionError("a cache was read")

    monkeypatch.setattr(catalogue_cache, "read", refuse)
    monkeypatch.setattr(catalogue_cache, "write", refuse)
    monkeypatch.setattr(yamlfile, "_cache_read", refuse)
    monkeypatch.setattr(yamlfile, "_cache_write", refuse)
    assert load(path, cached=False).ids[0] == "knee-hug"
    assert entries() == []


def test_a_cache_that_cannot_be_written_costs_nothing(tmp_path: Path) -> None:
    """When the cache folder cannot be made, the catalogue still loads."""
    home = Path(os.environ["BACKCOACH_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "cache").write_text("a file where the folder should be")
    assert load().ids[0] == "spine-stretch"


def test_marshal_cache_round_trip_and_refusals(tmp_path: Path) -> None:
    """store/load keep a payload for one source and format; anything else gives None."""
    path = os.path.join(cache_dir(), "entry.marshal")
    marshal_cache.store(path, 7, "source", {"a": (1, 2)})
    assert marshal_cache.load(path, 7, "source", 1000) == {"a": (1, 2)}
    assert marshal_cache.load(path, 8, "source", 1000) is None
    assert marshal_cache.load(path, 7, "sourcf", 1000) is None
    size = os.path.getsize(path)
    assert marshal_cache.load(path, 7, "source", size) == {"a": (1, 2)}
    assert marshal_cache.load(path, 7, "source", size - 1) is None
    assert marshal_cache.load(str(tmp_path / "none"), 7, "source", 1000) is None
    assert entries() == ["entry.marshal"]
    assert stat.S_IMODE(os.stat(cache_dir()).st_mode) == 0o700


def test_marshal_cache_store_of_an_unmarshallable_payload_leaves_nothing(tmp_path: Path) -> None:
    """A payload marshal cannot write is skipped without an error."""
    path = os.path.join(cache_dir(), "entry.marshal")
    marshal_cache.store(path, 1, "source", object())
    assert marshal_cache.load(path, 1, "source", 1000) is None
    assert not os.path.exists(path)


def test_large_cache_entries_are_read(tmp_path: Path) -> None:
    """A catalogue whose cache is over a megabyte is still served from its cache."""
    text = CATALOGUE.read_text()
    note = "    notes:\n" + "".join(f"      - {'word ' * 390}{i}\n" for i in range(270))
    text = text.replace("    notes:\n", note, 1)
    path = tmp_path / "big.yaml"
    path.write_text(text)
    data = path.read_bytes()
    assert 500_000 < len(data) < 1_000_000
    first = load(path)
    entry = catalogue_cache._file(data)
    assert os.path.getsize(entry) > 1_000_000
    assert os.path.getsize(yamlfile._cache_file(text)) > 1_000_000
    plant(data, catalogue_cache._pack(dataclasses.replace(first, stretches=first.stretches[:1])))
    assert load(path).ids == ("spine-stretch",)
    # the node tree's cache too: a catalogue cache miss parses from the cached tree
    os.unlink(entry)
    tree = yamlfile._cache_read(text)
    assert tree is not None
    assert isinstance(tree, yamlfile.Mapping) and "stretches" in tree.items


# -- finding stretches by name -------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load(CATALOGUE, cached=False)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("bridge", "bridge"),
        ("  BRIDGE ", "bridge"),
        ("7", "bridge"),
        (" 10", "lower-stomach-stretch"),
        ("bird", "bird-dog"),
        ("spine", "spine-stretch"),
        ("Hip stretch", "hip-stretch"),
        ("deep abdominal stretch", "deep-abdominal-stretch"),
    ],
)
def test_resolve_finds_by_id_number_prefix_or_name(
    catalogue: Catalogue, name: str, found: str
) -> None:
    """A stretch is found by id, number, unambiguous id prefix or exact name, any case."""
    assert resolve(catalogue, name).id == found


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "lower",
            "'lower' matches more than one stretch: lower-back-stretch, "
            "lower-stomach-stretch; type more of the name",
        ),
        ("brdge", "no stretch called 'brdge'; did you mean bridge or bird-dog?"),
        ("zzzzzz", "no stretch called 'zzzzzz'; see `backcoach list` for the ids"),
        ("11", "no stretch called '11'; see `backcoach list` for the ids"),
        ("0", "no stretch called '0'; see `backcoach list` for the ids"),
        ("²", "no stretch called '²'; see `backcoach list` for the ids"),
        ("", "no stretch called ''; see `backcoach list` for the ids"),
        ("x\x1b[2J", "no stretch called 'x\\x1b[2J'; see `backcoach list` for the ids"),
        (
            "legstretch",
            "no stretch called 'legstretch'; did you mean leg-stretch or "
            "spine-stretch or hip-stretch?",
        ),
    ],
)
def test_resolve_refusals_say_what_to_do(catalogue: Catalogue, name: str, message: str) -> None:
    """An unknown or ambiguous name is a UsageError with a suggestion or the ids' place."""
    with pytest.raises(UsageError) as caught:
        resolve(catalogue, name)
    assert str(caught.value) == message


def test_resolve_many_keeps_catalogue_order_without_repeats(catalogue: Catalogue) -> None:
    """A comma list comes back in catalogue order, each stretch once, blanks skipped."""
    found = resolve_many(catalogue, " bridge, ,1,bird,7,")
    assert [s.id for s in found] == ["spine-stretch", "bridge", "bird-dog"]


@pytest.mark.parametrize("names", ["", " , ,"])
def test_resolve_many_needs_one_name(catalogue: Catalogue, names: str) -> None:
    """An empty list of names says how to write one."""
    with pytest.raises(UsageError) as caught:
        resolve_many(catalogue, names)
    assert str(caught.value) == "give at least one stretch, like 'bridge,bird-dog'"


def test_resolve_many_names_the_unknown_one(catalogue: Catalogue) -> None:
    """One unknown name in the list is the one reported."""
    with pytest.raises(UsageError) as caught:
        resolve_many(catalogue, "bridge,nope-nope")
    assert str(caught.value).startswith("no stretch called 'nope-nope'")


# -- the dataclasses' own answers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sides", "low", "high", "gentle", "standard"),
    [
        ("once", 6, 8, 6, 7),
        ("each", 2, 2, 2, 2),
        ("alternate", 6, 8, 6, 8),
        ("alternate", 7, 8, 8, 8),
        ("alternate", 5, 9, 6, 8),
        ("alternate", 8, 8, 8, 8),
        ("alternate", 7, 9, 8, 8),
        ("each", 3, 6, 3, 4),
        ("once", 1, 100, 1, 50),
    ],
)
def test_reps_at_each_level(sides: str, low: int, high: int, gentle: int, standard: int) -> None:
    """Gentle takes the lowest, standard the middle; alternating counts round up to even."""
    dose = Dose(sides, Range(low, high), None)  # type: ignore[arg-type]
    assert dose.reps_at(gentle=True) == gentle
    assert dose.reps_at(gentle=False) == standard


def test_hold_at_each_level() -> None:
    """Gentle holds the shortest time, standard the middle; no hold range gives None."""
    dose = Dose("once", Range(1, 1), Range(20, 31))
    assert (dose.hold_at(True), dose.hold_at(False)) == (20, 25)
    assert Dose("once", Range(1, 1), None).hold_at(False) is None
    assert Range(3, 5).contains(3) and Range(3, 5).contains(5)
    assert not Range(3, 5).contains(2) and not Range(3, 5).contains(6)


def test_wording_for_each_side(catalogue: Catalogue) -> None:
    """Positions and steps give each side its own words, and the neutral words otherwise."""
    hip = catalogue.by_id("hip-stretch")
    assert hip.position_for("left").cue == "Kneel on LEFT knee, RIGHT foot forward"
    assert hip.position_for("right").cue == "Kneel on RIGHT knee, LEFT foot forward"
    assert hip.position_for(None) == Wording(hip.position, hip.position_cue)
    assert hip.steps[0].wording("left").cue == "Back upright, hips forward, LEFT hip"
    assert hip.steps[0].wording("right").cue == "Back upright, hips forward, RIGHT hip"
    assert hip.steps[0].wording(None).cue == "Back upright, push hips forward"
    assert hip.steps[1].wording("left") == Wording("Hold the stretch.", "Hold, hips forward")
    bridge = catalogue.by_id("bridge")
    assert bridge.position_for("left") == Wording(bridge.position, bridge.position_cue)
    assert hip.one_sided and not bridge.one_sided
    with pytest.raises(KeyError):
        catalogue.by_id("nope")


def test_builtin_catalogue_does_not_depend_on_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stretches/catalogue.yaml in the current folder is not the built-in catalogue."""
    (tmp_path / "stretches").mkdir()
    (tmp_path / "stretches" / "catalogue.yaml").write_text(VALID)
    monkeypatch.chdir(tmp_path)
    assert loader._builtin_bytes() == CATALOGUE.read_bytes()
    assert load().ids[0] == "spine-stretch"


@pytest.mark.parametrize("cached", [True, False])
def test_load_names_what_is_wrong_with_the_file(cached: bool, tmp_path: Path) -> None:
    """A folder or a file that is not UTF-8 is refused naming the catalogue file."""
    with pytest.raises(InputError) as caught:
        load(tmp_path, cached=cached)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a catalogue file"
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"schema: 1\nadvice: caf\xe9\n")
    with pytest.raises(InputError) as caught:
        load(path, cached=cached)
    assert str(caught.value) == f"{path}:2:12: not UTF-8 text; save the file as UTF-8"
