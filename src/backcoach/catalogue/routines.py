"""Routines: a named, ordered choice of stretches with optional dose overrides.

A routine is a small YAML file. It may name a catalogue of its own (a path
relative to the routine), whose stretches join the base catalogue's, so a
physical therapist can ship new stretches with the routine that uses them.
Doses outside the source's ranges are allowed only here, and are marked as
prescribed wherever they are shown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from backcoach.errors import InputError, UsageError
from backcoach.paths import config_dir, packaged
from backcoach.session.planner import Level, Prescription, prescribe

from .models import Catalogue, Side
from .textfile import check_folder, visible
from .yamlfile import Checker, Mapping, Node, parse, read_text, suggest

MAX_REPS = 100
MAX_HOLD = 600
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Entry:
    stretch_id: str
    reps: int | None = None
    hold_seconds: int | None = None
    sides: tuple[Side, ...] | None = None


@dataclass(frozen=True)
class Routine:
    name: str
    description: str
    entries: tuple[Entry, ...]
    rest_seconds: float | None
    origin: str  # "built-in" or the file's path
    catalogue: Catalogue  # the base catalogue plus the routine's own stretches

    def prescriptions(self, level: Level = "standard") -> list[Prescription]:
        """Each entry's dose: the routine's overrides, else the level's choice."""
        result = []
        for entry in self.entries:
            stretch = self.catalogue.by_id(entry.stretch_id)
            base = prescribe(stretch, level)
            reps = entry.reps if entry.reps is not None else base.reps
            hold = entry.hold_seconds if entry.hold_seconds is not None else base.hold_seconds
            dose = stretch.dose
            prescribed = (
                not dose.reps.contains(reps)
                or (
                    hold is not None
                    and dose.hold_seconds is not None
                    and not dose.hold_seconds.contains(hold)
                )
                or entry.sides is not None
            )
            result.append(
                replace(
                    base, reps=reps, hold_seconds=hold, sides=entry.sides, prescribed=prescribed
                )
            )
        return result


def user_dir() -> Path:
    return config_dir() / "routines"


def builtin_names() -> list[str]:
    folder = packaged("stretches", "routines")
    return sorted(
        item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml")
    )


def builtin_text(name: str) -> str:
    return str(packaged("stretches", "routines", f"{name}.yaml").read_text("utf-8"))


def available() -> list[tuple[str, str]]:
    """(name, where) for every routine: the person's own first, then the built-in ones.

    Every *.yaml entry of routines/ is listed, whatever it is: one that cannot
    be read is reported on its own line by whoever loads it, and does not hide
    the others.
    """
    found: dict[str, str] = {}
    folder = user_dir()
    for entry in _own_entries(folder):
        found[entry.removesuffix(".yaml")] = str(folder / entry)
    for name in builtin_names():
        found.setdefault(name, "built-in")
    return sorted(found.items())


def _own_entries(folder: Path) -> list[str]:
    """The *.yaml names in the routines folder; InputError if it cannot be listed."""
    if not os.path.lexists(folder):
        return []
    shown = visible(str(folder))
    check_folder(str(folder), "routines folder")
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
    except NotADirectoryError:
        raise InputError(f"{shown}: is not a folder; routines need a folder here") from None
    except FileNotFoundError:
        raise InputError(f"{shown}: is a link to a folder that does not exist") from None
    except OSError as error:
        raise InputError(f"{shown}: cannot list it ({error.strerror or error})") from None


def load(name_or_path: str, base: Catalogue) -> Routine:
    """A routine by name (the person's own, then built-in) or by path."""
    candidate = Path(name_or_path).expanduser()
    looks_like_path = "/" in name_or_path or name_or_path.endswith((".yaml", ".yml"))
    if looks_like_path:
        if not os.path.lexists(candidate):
            raise UsageError(f"no routine file at {visible(name_or_path)}")
        return parse_routine(
            read_text(candidate, "routine"), str(candidate), base, candidate.parent
        )
    own = user_dir() / f"{name_or_path}.yaml"
    # lexists, not is_file: a FIFO or a link to a device there is refused by
    # read_text with its reason, not passed over as "no routine called ...".
    if os.path.lexists(own):
        check_folder(str(own.parent), "routines folder")
        return parse_routine(read_text(own, "routine"), str(own), base, own.parent)
    if name_or_path in builtin_names():
        return parse_routine(builtin_text(name_or_path), "built-in", base, None)
    names = [name for name, _ in available()]
    hint = suggest(name_or_path, names)
    raise UsageError(
        f"no routine called '{visible(name_or_path)}'; "
        + (f"did you mean '{visible(hint)}'?" if hint else f"routines: {visible(', '.join(names))}")
    )


def parse_routine(
    text: str, name: str, base: Catalogue, folder: Path | None, cached: bool = True
) -> Routine:
    """Check a routine file strictly against `base`; InputError lists every problem.

    `cached=False` (for `validate`) reads neither the node nor the catalogue cache.
    """
    from .loader import load as load_catalogue

    name = visible(name)
    root = parse(text, name, cached)
    if folder is None:
        _builtin_needs(root, name, base)
    check = Checker(name)
    top = check.mapping(
        root, "the routine", ("name", "stretches"), ("description", "rest_seconds", "catalogue")
    )
    if top is None:
        check.fail_if_any()
        raise AssertionError("unreachable")
    routine_name = check.text(check.get(top, "name"), "name", 40)
    description_node = check.get(top, "description")
    description = check.text(description_node, "description", 1000) if description_node else ""
    rest_node = check.get(top, "rest_seconds")
    rest = check.seconds(rest_node, "rest_seconds", 600) if rest_node is not None else None
    catalogue = base
    catalogue_node = check.get(top, "catalogue")
    if catalogue_node is not None:
        relative = check.text(catalogue_node, "catalogue", 500)
        if relative is not None:
            path = Path(relative).expanduser()
            if not path.is_absolute():
                if folder is None:
                    check.report(catalogue_node, "catalogue: a built-in routine cannot name one")
                path = (folder or Path.cwd()) / path
            try:
                own = load_catalogue(path, cached)
            except InputError as error:
                check.report(catalogue_node, f"catalogue: {visible(path)} is not usable:\n{error}")
            else:
                clash = sorted(set(own.ids) & set(base.ids))
                if clash:
                    check.report(
                        catalogue_node,
                        f"catalogue: {visible(path)} has ids that are already "
                        f"taken: {', '.join(clash)}; give its stretches new ids",
                    )
                else:
                    catalogue = replace(base, stretches=base.stretches + own.stretches)
    entries = _entries(check, check.get(top, "stretches"), catalogue)
    check.fail_if_any()
    assert routine_name is not None and entries is not None and description is not None
    return Routine(routine_name, description, entries, rest, name, catalogue)


def _builtin_needs(root: Node, name: str, base: Catalogue) -> None:
    """A built-in routine asks for stretches another catalogue lacks: say so of that file.

    The built-in routine itself is not wrong, so `built-in:6:5` would send the
    person to a file they cannot see or edit.
    """
    from .loader import BUILTIN_NAME
    from .yamlfile import Scalar, Sequence

    if base.origin == BUILTIN_NAME or not isinstance(root, Mapping):
        return
    listed = root.items.get("stretches")
    items = listed[1].items if listed and isinstance(listed[1], Sequence) else []
    wanted = []
    for item in items:
        node = item.items["id"][1] if isinstance(item, Mapping) and "id" in item.items else item
        if isinstance(node, Scalar) and isinstance(node.value, str):
            wanted.append(node.value)
    missing = [stretch_id for stretch_id in wanted if stretch_id not in base.ids]
    if missing:
        routine = root.items["name"][1] if "name" in root.items else None
        called = routine.value if isinstance(routine, Scalar) else name
        raise InputError(
            f"{base.origin}: the built-in routine '{called}' uses stretches this catalogue "
            f"does not have ({', '.join(missing)}); choose a routine of your own with "
            f"--routine (`backcoach routines new NAME --catalogue {base.origin}` writes one)"
        )


def _entries(check: Checker, node: Node | None, catalogue: Catalogue) -> tuple[Entry, ...] | None:
    items = check.sequence(node, "stretches", non_empty=True)
    if items is None:
        return None
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        where = f"stretches[{index}]"
        id_node: Node = item
        mapping: Mapping | None = None
        if isinstance(item, Mapping):
            mapping = check.mapping(item, where, ("id",), ("reps", "hold_seconds", "sides"))
            if mapping is None or "id" not in mapping.items:
                continue
            id_node = mapping.items["id"][1]
        stretch_id = check.text(id_node, f"{where}.id", 40)
        if stretch_id is None:
            continue
        if stretch_id not in catalogue.ids:
            hint = suggest(stretch_id, list(catalogue.ids))
            fix = f"did you mean '{hint}'?" if hint else "see `backcoach list` for the ids"
            check.report(id_node, f"{where}: no stretch '{stretch_id}' in the catalogue; {fix}")
            continue
        if stretch_id in seen:
            check.report(id_node, f"{where}: '{stretch_id}' is listed twice; keep one")
            continue
        seen.add(stretch_id)
        stretch = catalogue.by_id(stretch_id)
        label = f"{where} ({stretch_id})"
        entry = Entry(stretch_id)
        if mapping is not None:
            reps_node = check.get(mapping, "reps")
            hold_node = check.get(mapping, "hold_seconds")
            sides_node = check.get(mapping, "sides")
            reps = check.whole(reps_node, f"{label}.reps", 1, MAX_REPS) if reps_node else None
            hold = (
                check.whole(hold_node, f"{label}.hold_seconds", 1, MAX_HOLD) if hold_node else None
            )
            if hold_node is not None and stretch.dose.hold_seconds is None:
                check.report(
                    hold_node, f"{label}.hold_seconds: {stretch_id} has no hold; remove this line"
                )
            sides: tuple[Side, ...] | None = None
            if sides_node is not None:
                side = check.choice(sides_node, f"{label}.sides", ("left", "right"))
                if side is not None and stretch.dose.sides == "once":
                    check.report(
                        sides_node,
                        f"{label}.sides: {stretch_id} is not done on sides; remove this line",
                    )
                elif side is not None:
                    sides = (side,)  # type: ignore[assignment]
            if (
                reps is not None
                and reps % 2
                and stretch.dose.sides == "alternate"
                and sides is None
                and reps_node is not None
            ):
                even = f"{reps - 1} or {reps + 1}" if reps > 1 else "2"
                check.report(
                    reps_node,
                    f"{label}.reps: {stretch_id} alternates sides, so {reps} would give one "
                    f"side a repetition more; use {even} (or sides: left for one side only)",
                )
            entry = Entry(stretch_id, reps, hold, sides)
        entries.append(entry)
    return tuple(entries)


def is_routine(root_text: str, cached: bool = True) -> bool:
    """Whether a YAML text is meant as a routine rather than a catalogue, for `validate`.

    Only catalogues have schema, advice and timing; anything else is checked as
    a routine, so a routine missing its name is told so, not called a bad catalogue.
    """
    try:
        root = parse(root_text, "?", cached)
    except InputError:
        return False
    catalogue_keys = {"schema", "advice", "timing"}
    return isinstance(root, Mapping) and not catalogue_keys & set(root.items)


def starter(name: str, catalogue: Catalogue) -> str:
    """A commented routine file with every stretch of the full routine, ready to edit."""
    lines = [
        f"# The '{name}' routine for backcoach. Edit it, then check it with",
        f"#   backcoach validate {user_dir() / (name + '.yaml')}",
        f"# and follow it with: backcoach session --routine {name}",
        "#",
        "# Stretches run in the order listed; delete the ones you do not want.",
        "# Each may override its dose (a physical therapist's prescription):",
        "#   reps: N            repetitions (per side for stretches done on each side;",
        "#                      an even number, both sides together, where sides alternate)",
        "#   hold_seconds: N    how long to hold (only stretches that have a hold)",
        "#   sides: left        only one side (left or right)",
        "# Without overrides a stretch uses the source's range at your level.",
        "",
        f"name: {name}",
        "description: My own routine.",
        "# rest_seconds: 15        # rest between stretches",
        "# catalogue: my-stretches.yaml   # extra stretches, relative to this file",
        "stretches:",
    ]
    for stretch in catalogue.stretches:
        dose = stretch.dose
        lines.append(f"  - id: {stretch.id}")
        reps = (
            f"{dose.reps.min}"
            if dose.reps.min == dose.reps.max
            else (f"{dose.reps.min} to {dose.reps.max}")
        )
        lines.append(f"    # reps: {dose.reps_at(gentle=False)}        # source: {reps}")
        if dose.hold_seconds is not None:
            hold = dose.hold_seconds
            lines.append(f"    # hold_seconds: {hold.middle()}  # source: {hold.min} to {hold.max}")
        if dose.sides != "once":
            lines.append("    # sides: left")
    return "\n".join(lines) + "\n"


def valid_name(name: str) -> bool:
    return bool(NAME_PATTERN.fullmatch(name))
