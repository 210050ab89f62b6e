"""A cache of valid catalogues, so reading one skips YAML until the file changes.

The cache is derived data: it holds a catalogue that already passed every
check, keyed by the file's path, size, modification time and backcoach's
version. Anything unexpected in it (or no cache folder at all) just means the
YAML is parsed again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from typing import Any

from backcoach import __version__

from .models import Advice, Catalogue, Dose, Figure, Pose, Range, Step, Stretch, Timing

FORMAT = 2


def _key(source: Any) -> str | None:
    try:
        real = os.path.realpath(os.fspath(source))
        stat = os.stat(real)
    except (TypeError, OSError):
        return None  # not a plain file (e.g. inside a zip): no caching
    return f"{FORMAT}|{__version__}|{real}|{stat.st_size}|{stat.st_mtime_ns}"


def _file(key: str) -> str:
    from backcoach.paths import cache_dir

    return os.path.join(cache_dir(), f"catalogue-{zlib.crc32(key.encode()):08x}.marshal")


def read(source: Any, origin: str) -> Catalogue | None:
    key = _key(source)
    if key is None:
        return None
    try:
        with open(_file(key), "rb") as file:
            stored_key, packed = marshal.load(file)
        if stored_key != key:
            return None
        return _unpack(packed, origin)
    except Exception:  # noqa: BLE001 - a missing or odd cache only costs a re-parse
        return None


def write(source: Any, catalogue: Catalogue) -> None:
    key = _key(source)
    if key is None:
        return
    with contextlib.suppress(OSError, ValueError):
        from backcoach.paths import cache_dir, ensure_private_dir

        ensure_private_dir(cache_dir())
        path = _file(key)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as file:
            marshal.dump((key, _pack(catalogue)), file)
        os.replace(temporary, path)


def _range(value: Range | None) -> tuple[int, int] | None:
    return None if value is None else (value.min, value.max)


def _pack(catalogue: Catalogue) -> tuple[Any, ...]:
    t, a = catalogue.timing, catalogue.advice
    return (
        (
            t.get_ready_seconds,
            t.setup_seconds,
            t.switch_side_seconds,
            t.inhale_seconds,
            t.exhale_seconds,
            t.move_seconds,
            t.release_seconds,
            t.rest_seconds,
        ),
        (a.medical_note, a.before_starting, a.daily, a.never_push, a.if_it_hurts),
        tuple(
            (
                s.id,
                s.number,
                s.name,
                s.summary,
                s.equipment,
                s.position,
                s.position_cue,
                tuple((p.text, p.cue, p.kind, p.breath) for p in s.steps),
                (s.dose.sides, _range(s.dose.reps), _range(s.dose.hold_seconds)),
                s.cautions,
                s.notes,
                _pack_figure(s.figure),
            )
            for s in catalogue.stretches
        ),
    )


def _unpack(packed: tuple[Any, ...], origin: str) -> Catalogue:
    timing, advice, stretches = packed
    return Catalogue(
        stretches=tuple(
            Stretch(
                id=s[0],
                number=s[1],
                name=s[2],
                summary=s[3],
                equipment=tuple(s[4]),
                position=s[5],
                position_cue=s[6],
                steps=tuple(Step(text=p[0], cue=p[1], kind=p[2], breath=p[3]) for p in s[7]),
                dose=Dose(
                    sides=s[8][0],
                    reps=Range(*s[8][1]),
                    hold_seconds=Range(*s[8][2]) if s[8][2] else None,
                ),
                cautions=tuple(s[9]),
                notes=tuple(s[10]),
                figure=_unpack_figure(s[11]),
            )
            for s in stretches
        ),
        timing=Timing(*timing),
        advice=Advice(*advice),
        origin=origin,
    )


def _pack_pose(pose: Pose) -> tuple[Any, ...]:
    return (
        pose.touching,
        pose.hips,
        pose.pelvis,
        pose.spine,
        pose.neck,
        pose.near_arm,
        pose.far_arm,
        pose.near_leg,
        pose.far_leg,
    )


def _pack_figure(figure: Figure | None) -> tuple[Any, ...] | None:
    if figure is None:
        return None
    steps = tuple(_pack_pose(pose) for pose in figure.steps)
    return (_pack_pose(figure.start), steps, figure.working, figure.props, figure.note)


def _unpack_figure(packed: tuple[Any, ...] | None) -> Figure | None:
    if packed is None:
        return None
    start, steps, working, props, note = packed
    return Figure(
        start=Pose(*start),
        steps=tuple(Pose(*pose) for pose in steps),
        working=tuple(working),
        props=tuple(props),
        note=note,
    )
