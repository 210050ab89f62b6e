"""Load and check a stretch catalogue, and find stretches by name."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from backcoach.errors import InputError, UsageError

from .models import (
    BREATHS,
    SIDES,
    STEP_KINDS,
    Advice,
    Catalogue,
    Dose,
    PerSide,
    Range,
    Step,
    Stretch,
    Timing,
    Wording,
)
from .textfile import decode, read_bytes, visible

if TYPE_CHECKING:
    from pathlib import Path

    from .yamlfile import Checker, Mapping, Node

BUILTIN_NAME = "built-in catalogue"
SCHEMA_VERSION = 1

_STRETCH_KEYS = (
    "id",
    "number",
    "name",
    "summary",
    "equipment",
    "position",
    "position_cue",
    "steps",
    "dose",
    "cautions",
)
_ADVICE_KEYS = ("medical_note", "before_starting", "daily", "never_push", "if_it_hurts")
_TIMING_KEYS = (
    "get_ready_seconds",
    "setup_seconds",
    "switch_side_seconds",
    "inhale_seconds",
    "exhale_seconds",
    "move_seconds",
    "release_seconds",
    "rest_seconds",
)
MAX_CUE_LENGTH = 60
MAX_REPS = 100
MAX_HOLD_SECONDS = 600


def builtin_path() -> Any:
    """The catalogue shipped inside the package."""
    from backcoach.paths import packaged

    return packaged("stretches", "catalogue.yaml")


def builtin_text() -> str:
    return str(builtin_path().read_text("utf-8"))


def _builtin_bytes() -> bytes:
    on_disk = _packaged_file()
    if os.path.isfile(on_disk):  # no pathlib for a bare `list`
        with open(on_disk, "rb") as file:
            return file.read()
    return bytes(builtin_path().read_bytes())


def load(path: Path | str | None = None, cached: bool = True) -> Catalogue:
    """Load the built-in catalogue, or the one at `path`; raise InputError if it is bad.

    The file is read once, through read_bytes (a regular file, of a bounded
    size, that no one else can write); a valid catalogue is cached under its
    bytes (see catalogue.cache), so later runs skip YAML until it changes.
    """
    from . import cache as catalogue_cache

    if path is None:
        data, name = _builtin_bytes(), BUILTIN_NAME
    else:
        data, name = read_bytes(path, "catalogue"), visible(os.fspath(path))
    if not cached:  # `validate`: always the file as it is now
        return parse_catalogue(decode(data, name), name, cached=False)
    found = catalogue_cache.read(data, name)
    if found is not None:
        return found
    catalogue = parse_catalogue(decode(data, name), name)
    catalogue_cache.write(data, catalogue)
    return catalogue


def _packaged_file() -> str:
    """Where the built-in catalogue is in an installed package, as a plain string."""
    package = os.path.dirname(os.path.dirname(__file__))  # this file is in catalogue/
    return os.path.join(package, "stretches", "catalogue.yaml")


def parse_catalogue(text: str, name: str, cached: bool = True) -> Catalogue:
    """Check a catalogue's text; `cached=False` (for `validate`) parses it afresh."""
    from .yamlfile import Checker, parse

    root = parse(text, name, cached)
    check = Checker(name)
    catalogue = _catalogue(check, root, name)
    check.fail_if_any()
    assert catalogue is not None  # every None above was reported as a problem
    return catalogue


def _catalogue(check: Checker, root: Node, name: str) -> Catalogue | None:
    top = check.mapping(root, "the catalogue", ("schema", "advice", "timing", "stretches"))
    if top is None:
        return None
    schema = check.get(top, "schema")
    if schema is not None and check.whole(schema, "schema", 1, SCHEMA_VERSION) is None:
        return None
    advice = _advice(check, check.get(top, "advice"))
    timing = _timing(check, check.get(top, "timing"))
    stretches = _stretches(check, check.get(top, "stretches"))
    if advice is None or timing is None or stretches is None:
        return None
    return Catalogue(stretches=stretches, timing=timing, advice=advice, origin=name)


def _advice(check: Checker, node: Node | None) -> Advice | None:
    values = _section(check, node, "advice", _ADVICE_KEYS, check.text)
    return None if values is None else Advice(**values)


def _timing(check: Checker, node: Node | None) -> Timing | None:
    values = _section(check, node, "timing", _TIMING_KEYS, check.seconds)
    return None if values is None else Timing(**values)


def _section(
    check: Checker, node: Node | None, name: str, keys: tuple[str, ...], read: Any
) -> dict[str, Any] | None:
    """A mapping of exactly `keys`, each value checked by `read`; None if anything is wrong."""
    if node is None:
        return None
    mapping = check.mapping(node, name, keys)
    if mapping is None:
        return None
    values = {key: read(check.get(mapping, key), f"{name}.{key}") for key in keys}
    return None if any(value is None for value in values.values()) else values


def _seen_before(
    check: Checker, seen: dict[object, Node], key: object, node: Node, message: str
) -> bool:
    """Report `key` if an earlier stretch used it (message's {line}: where); remember it."""
    first = seen.setdefault(key, node)
    if first is node:
        return False
    check.report(node, message.format(line=first.line))
    return True


def _stretches(check: Checker, node: Node | None) -> tuple[Stretch, ...] | None:
    from .yamlfile import Scalar

    items = check.sequence(node, "stretches", non_empty=True)
    if items is None:
        return None
    stretches: list[Stretch] = []
    seen_ids: dict[object, Node] = {}
    seen_numbers: dict[object, Node] = {}
    failed = False
    for index, item in enumerate(items):
        id_node = _field_node(item, "id")
        stretch_id = id_node.value if isinstance(id_node, Scalar) else None
        if isinstance(stretch_id, str) and id_node is not item:
            failed |= _seen_before(
                check, seen_ids, stretch_id, id_node,
                f"stretch '{stretch_id}': duplicate id (first at line {{line}}); "
                "give each stretch its own id",
            )  # fmt: skip
        number_node = _field_node(item, "number")
        number = number_node.value if isinstance(number_node, Scalar) else None
        if isinstance(number, int) and number_node is not item:
            failed |= _seen_before(
                check, seen_numbers, number, number_node,
                f"stretch '{stretch_id}': number {number} is already used at line "
                "{line}; number the stretches 1, 2, 3, ...",
            )  # fmt: skip
        stretch = stretch_from_node(check, item, f"stretches[{index + 1}]")
        if stretch is None:
            failed = True
            continue
        stretches.append(stretch)
    return None if failed else tuple(stretches)


def _field_node(item: Node, key: str) -> Node:
    from .yamlfile import Mapping

    if isinstance(item, Mapping) and key in item.items:
        return item.items[key][1]
    return item


def _is_id(text: str) -> bool:
    return (
        bool(text)
        and all(c.islower() or c.isdigit() or c == "-" for c in text)
        and (text[0].isalpha())
    )


def stretch_from_node(check: Checker, node: Node, where: str) -> Stretch | None:
    """Check one stretch mapping and build it; shared with routines' own stretches."""
    from .yamlfile import Scalar

    peeked = _field_node(node, "id")
    if isinstance(peeked, Scalar) and isinstance(peeked.value, str) and _is_id(peeked.value):
        where = f"stretch '{peeked.value}'"
    mapping = check.mapping(node, where, _STRETCH_KEYS, ("per_side", "notes", "figure"))
    if mapping is None:
        return None
    id_node = check.get(mapping, "id")
    stretch_id = check.text(id_node, f"{where}: id", 40)
    if stretch_id is not None and not _is_id(stretch_id):
        assert id_node is not None
        check.report(
            id_node,
            f"{where}: id '{stretch_id}' is not a valid id; use lower-case letters, digits "
            "and dashes, starting with a letter (like 'bird-dog')",
        )
        stretch_id = None
    label = where

    def get(key: str) -> Node | None:
        return check.get(mapping, key)

    number = check.whole(get("number"), f"{label}: number", 1, 999)
    name = check.text(get("name"), f"{label}: name", 80)
    summary = check.text(get("summary"), f"{label}: summary", 600)
    equipment = check.texts(get("equipment"), f"{label}: equipment")
    position = check.text(get("position"), f"{label}: position", 1000)
    position_cue = check.text(get("position_cue"), f"{label}: position_cue", MAX_CUE_LENGTH)
    per_side_node = get("per_side")
    position_per_side = None
    if per_side_node is not None:
        position_per_side = _per_side(
            check, per_side_node, f"{label}: per_side", ("position", "position_cue"), 1000
        )
    steps = _steps(check, get("steps"), label)
    dose = _dose(check, get("dose"), label)
    sides_worded = (
        dose is None
        or steps is None
        or _sides_worded(check, mapping, dose, position_per_side, steps, label)
    )
    cautions = check.texts(get("cautions"), f"{label}: cautions")
    notes = check.texts(get("notes"), f"{label}: notes") if get("notes") is not None else ()
    figure = None
    figure_node = get("figure")
    if figure_node is not None and steps is not None:
        from .poses import figure_from_node

        figure = figure_from_node(check, figure_node, label, len(steps))
        if figure is None:
            return None
    if dose is not None and steps is not None:
        has_hold_step = any(step.kind == "hold" for step in steps)
        dose_node = get("dose")
        assert dose_node is not None
        hold_node = _field_node(dose_node, "hold_seconds")
        if dose.hold_seconds is not None and not has_hold_step:
            check.report(
                hold_node,
                f"{label}: dose.hold_seconds: no step has kind 'hold' to use it; "
                "add a hold step or set hold_seconds to null",
            )
            return None
        if dose.hold_seconds is None and has_hold_step:
            check.report(
                hold_node,
                f"{label}: dose.hold_seconds: a step has kind 'hold' but this is null; "
                "give the hold a range of seconds or change the step's kind",
            )
            return None
    values = (
        stretch_id,
        number,
        name,
        summary,
        equipment,
        position,
        position_cue,
        steps,
        dose,
        cautions,
        notes,
    )
    if any(value is None for value in values):
        return None
    if not sides_worded or (per_side_node is not None and position_per_side is None):
        return None
    return Stretch(
        id=stretch_id,  # type: ignore[arg-type]
        number=number,  # type: ignore[arg-type]
        name=name,  # type: ignore[arg-type]
        summary=summary,  # type: ignore[arg-type]
        equipment=equipment,  # type: ignore[arg-type]
        position=position,  # type: ignore[arg-type]
        position_cue=position_cue,  # type: ignore[arg-type]
        steps=steps,  # type: ignore[arg-type]
        dose=dose,  # type: ignore[arg-type]
        cautions=cautions,  # type: ignore[arg-type]
        notes=notes,  # type: ignore[arg-type]
        position_per_side=position_per_side,
        figure=figure,
    )


_PER_SIDE_FIX = "see the field guide at the top of the built-in catalogue"


def _sides_worded(
    check: Checker,
    mapping: Mapping,
    dose: Dose,
    position: PerSide | None,
    steps: tuple[Step, ...],
    label: str,
) -> bool:
    """One-sided stretches name their limbs for each side; the rest do not pretend to.

    Each side of an 'each' stretch starts with its own setup, so its position
    names the limbs; with 'alternate' the side changes inside one position, so
    at least one step does. Both need a step that names the side's limb.
    """
    sided_steps = [step for step in steps if step.per_side is not None]
    if dose.sides == "once":
        if position is not None:
            key_node = mapping.items["per_side"][0]
            check.report(
                key_node,
                f"{label}: per_side: the stretch is done once, not on each side; "
                "remove per_side (or set dose.sides to each or alternate)",
            )
            return False
        if sided_steps:
            check.report(
                mapping.items["steps"][0],
                f"{label}: steps: a step has per_side wording but the stretch is done once; "
                "remove it (or set dose.sides to each or alternate)",
            )
            return False
        return True
    ok = True
    if dose.sides == "each" and position is None:
        where = check.get(mapping, "position_cue") or mapping
        check.report(
            where,
            f"{label}: done on each side, but the position does not say which limb is which "
            "on each side; add per_side: with left: and right:, each giving position and "
            f"position_cue that name the limbs ({_PER_SIDE_FIX})",
        )
        ok = False
    if not sided_steps:
        how = "each side" if dose.sides == "each" else "alternating sides"
        check.report(
            mapping.items["steps"][0],
            f"{label}: steps: the stretch is done on {how}, but no step names the limb "
            "for each side; give the step that moves a limb "
            f"per_side: with left: and right:, each giving text and cue ({_PER_SIDE_FIX})",
        )
        ok = False
    return ok


def _per_side(
    check: Checker, node: Node, where: str, keys: tuple[str, str], text_max: int
) -> PerSide | None:
    """left: and right:, each a mapping of a text key and a cue key."""
    mapping = check.mapping(node, where, ("left", "right"))
    if mapping is None:
        return None
    sides: list[Wording] = []
    for side in ("left", "right"):
        side_node = check.get(mapping, side)
        if side_node is None:
            continue
        inner = check.mapping(side_node, f"{where}.{side}", keys)
        if inner is None:
            continue
        text = check.text(check.get(inner, keys[0]), f"{where}.{side}.{keys[0]}", text_max)
        cue = check.text(check.get(inner, keys[1]), f"{where}.{side}.{keys[1]}", MAX_CUE_LENGTH)
        if text is not None and cue is not None:
            sides.append(Wording(text=text, cue=cue))
    if len(sides) != 2:
        return None
    return PerSide(left=sides[0], right=sides[1])


def _steps(check: Checker, node: Node | None, label: str) -> tuple[Step, ...] | None:
    items = check.sequence(node, f"{label}: steps", non_empty=True)
    if items is None:
        return None
    steps: list[Step] = []
    for index, item in enumerate(items):
        where = f"{label}: steps[{index + 1}]"
        mapping = check.mapping(item, where, ("text", "cue", "kind", "breath"), ("per_side",))
        if mapping is None:
            continue
        text = check.text(check.get(mapping, "text"), f"{where}.text", 600)
        cue = check.text(check.get(mapping, "cue"), f"{where}.cue", MAX_CUE_LENGTH)
        kind = check.choice(check.get(mapping, "kind"), f"{where}.kind", STEP_KINDS)
        breath_node = check.get(mapping, "breath")
        breath = None
        if breath_node is not None:
            breath = check.choice(breath_node, f"{where}.breath", BREATHS, allow_null=True)
        per_side_node = check.get(mapping, "per_side")
        per_side = None
        if per_side_node is not None:
            per_side = _per_side(check, per_side_node, f"{where}.per_side", ("text", "cue"), 600)
            if per_side is None:
                continue
        if text is None or cue is None or kind is None:
            continue
        if breath_node is not None and breath is None and not _is_null(breath_node):
            continue
        steps.append(
            Step(text=text, cue=cue, kind=kind, breath=breath, per_side=per_side)  # type: ignore[arg-type]
        )
    if len(steps) != len(items):
        return None
    return tuple(steps)


def _is_null(node: Node) -> bool:
    from .yamlfile import Scalar

    return isinstance(node, Scalar) and node.value is None


def _dose(check: Checker, node: Node | None, label: str) -> Dose | None:
    if node is None:
        return None
    where = f"{label}: dose"
    mapping = check.mapping(node, where, ("sides", "reps", "hold_seconds"))
    if mapping is None:
        return None
    sides = check.choice(check.get(mapping, "sides"), f"{where}.sides", SIDES)
    reps = range_from_node(check, check.get(mapping, "reps"), f"{where}.reps", MAX_REPS)
    hold_node = check.get(mapping, "hold_seconds")
    hold: Range | None = None
    hold_ok = True
    if hold_node is not None and not _is_null(hold_node):
        hold = range_from_node(check, hold_node, f"{where}.hold_seconds", MAX_HOLD_SECONDS)
        hold_ok = hold is not None
    if sides is None or reps is None or not hold_ok:
        return None
    if sides == "alternate" and reps.min == reps.max and reps.min % 2:
        # The only range with no even number: one whole number, odd.
        reps_node = check.get(mapping, "reps")
        assert reps_node is not None
        check.report(
            reps_node,
            f"{where}.reps: {reps.min} alternating repetitions cannot be shared equally by "
            f"the two sides; use an even number, like {{min: {reps.min + 1}, max: "
            f"{reps.min + 1}}}, or count per side with sides: each",
        )
        return None
    return Dose(sides=sides, reps=reps, hold_seconds=hold)  # type: ignore[arg-type]


def range_from_node(check: Checker, node: Node | None, where: str, maximum: int) -> Range | None:
    """A {min, max} mapping of whole numbers from 1 to `maximum`, min <= max."""
    if node is None:
        return None
    mapping = check.mapping(node, where, ("min", "max"))
    if mapping is None:
        return None
    low = check.whole(check.get(mapping, "min"), f"{where}.min", 1, maximum)
    high = check.whole(check.get(mapping, "max"), f"{where}.max", 1, maximum)
    if low is None or high is None:
        return None
    if low > high:
        check.report(node, f"{where}: min {low} is more than max {high}; swap them")
        return None
    return Range(low, high)


def resolve(catalogue: Catalogue, name: str) -> Stretch:
    """Find a stretch by id, number or unambiguous id prefix; UsageError otherwise."""
    wanted = name.strip().lower()
    for stretch in catalogue.stretches:
        # isdigit() is true of '²' and '٣', which int() refuses or reads otherwise: ASCII only.
        number = wanted.isascii() and wanted.isdigit()
        if stretch.id == wanted or (number and int(wanted) == stretch.number):
            return stretch
    matches = [s for s in catalogue.stretches if s.id.startswith(wanted)] if wanted else []
    if not matches:
        matches = [s for s in catalogue.stretches if s.name.lower() == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(
            f"'{visible(name)}' matches more than one stretch: {', '.join(s.id for s in matches)}; "
            "type more of the name"
        )
    import difflib

    close = difflib.get_close_matches(wanted, list(catalogue.ids), n=3, cutoff=0.4)
    hint = f"did you mean {' or '.join(close)}?" if close else "see `backcoach list` for the ids"
    raise UsageError(f"no stretch called '{visible(name)}'; {hint}")


def resolve_many(catalogue: Catalogue, names: str) -> list[Stretch]:
    """Resolve a comma-separated list of names, keeping catalogue order, no repeats."""
    parts = [part for part in (p.strip() for p in names.split(",")) if part]
    if not parts:
        raise UsageError("give at least one stretch, like 'bridge,bird-dog'")
    chosen = {resolve(catalogue, part).id for part in parts}
    return [stretch for stretch in catalogue.stretches if stretch.id in chosen]


__all__ = ["InputError", "load", "parse_catalogue", "resolve", "resolve_many"]
