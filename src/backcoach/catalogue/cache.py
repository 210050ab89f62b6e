"""A cache of valid catalogues, so reading one skips YAML until the file changes.

The cache is derived data: it holds a catalogue that already passed every
check, keyed by the exact bytes it was parsed from (and backcoach's version):
the file is always read, and its bytes are compared with the ones stored, so
an edit that keeps the size and the modification time is never served stale.
Anything unexpected in it (or no cache folder at all) just means the YAML is
parsed again.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

from . import marshal_cache
from .models import (
    Advice,
    Catalogue,
    Dose,
    Figure,
    PerSide,
    Pose,
    Range,
    Step,
    Stretch,
    Timing,
    Wording,
)
from .textfile import MAX_FILE_BYTES

FORMAT = 4  # 2: per-side wording; 3: keyed on the bytes read; 4: figures


def _file(data: bytes) -> str:
    from backcoach.paths import cache_dir

    name = f"catalogue-{len(data)}-{zlib.crc32(data):08x}.marshal"
    return os.path.join(cache_dir(), name)


def read(data: bytes, origin: str) -> Catalogue | None:
    """The catalogue parsed from exactly `data` before, or None."""
    packed = marshal_cache.load(_file(data), FORMAT, data, 4 * MAX_FILE_BYTES)
    try:
        return None if packed is None else _unpack(packed, origin)
    except Exception:  # noqa: BLE001 - an odd cache only costs a re-parse
        return None


def write(data: bytes, catalogue: Catalogue) -> None:
    marshal_cache.store(_file(data), FORMAT, data, _pack(catalogue))


def _range(value: Range | None) -> tuple[int, int] | None:
    return None if value is None else (value.min, value.max)


def _sides(value: PerSide | None) -> tuple[str, str, str, str] | None:
    if value is None:
        return None
    return (value.left.text, value.left.cue, value.right.text, value.right.cue)


def _unsides(packed: Any) -> PerSide | None:
    if packed is None:
        return None
    return PerSide(Wording(packed[0], packed[1]), Wording(packed[2], packed[3]))


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
                tuple((p.text, p.cue, p.kind, p.breath, _sides(p.per_side)) for p in s.steps),
                (s.dose.sides, _range(s.dose.reps), _range(s.dose.hold_seconds)),
                s.cautions,
                s.notes,
                _sides(s.position_per_side),
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
                steps=tuple(
                    Step(text=p[0], cue=p[1], kind=p[2], breath=p[3], per_side=_unsides(p[4]))
                    for p in s[7]
                ),
                dose=Dose(
                    sides=s[8][0],
                    reps=Range(*s[8][1]),
                    hold_seconds=Range(*s[8][2]) if s[8][2] else None,
                ),
                cautions=tuple(s[9]),
                notes=tuple(s[10]),
                position_per_side=_unsides(s[11]),
                figure=_unpack_figure(s[12]),
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
