"""Plain words and JSON shapes for stretches and timelines, shared by every output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only the estimate needs the planner, so JSON printing stays light
    from .catalogue.models import Dose, Figure, PerSide, Pose, Range, Stretch, Timing
    from .session.planner import Phase, Prescription, Timeline

SIDES_WORDS = {"once": "", "each": " each side", "alternate": " alternating"}


def span(value: Range, unit: str = "") -> str:
    text = str(value.min) if value.min == value.max else f"{value.min}–{value.max}"
    return text + unit


def dose_text(dose: Dose) -> str:
    """'2× each side · hold 20–30 s', as the source gives it."""
    text = f"{span(dose.reps)}×{SIDES_WORDS[dose.sides]}"
    if dose.hold_seconds is not None:
        text += f" · hold {span(dose.hold_seconds, ' s')}"
    return text


def prescription_text(prescription: Prescription) -> str:
    """The dose chosen for this session: '2× each side · hold 25 s'."""
    sides = prescription.stretch.dose.sides
    words = SIDES_WORDS[sides]
    if prescription.sides and len(prescription.sides) == 1 and sides != "once":
        words = f" {prescription.sides[0]} side only"
    text = f"{prescription.reps}×{words}"
    if prescription.hold_seconds is not None:
        text += f" · hold {prescription.hold_seconds} s"
    return text


def minutes(seconds: float) -> str:
    """Rounded for a person: '45 s', '4 min', '26 min'."""
    if seconds < 60:
        return f"{round(seconds)} s"
    return f"{round(seconds / 60)} min"


def clock(seconds: float) -> str:
    """'1:05' or '12:30': minutes and seconds."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def estimated_seconds(stretch: Stretch, timing: Timing) -> float:
    from .session.planner import prescribe, stretch_seconds

    return stretch_seconds(prescribe(stretch), timing)


def stretch_json(stretch: Stretch, timing: Timing, hold: Any = None) -> dict[str, Any]:
    """A stretch for --json; `hold` is its active hold from the history, if any."""
    dose = stretch.dose
    return {
        "id": stretch.id,
        "number": stretch.number,
        "name": stretch.name,
        "summary": stretch.summary,
        "equipment": list(stretch.equipment),
        "position": stretch.position,
        "per_side": _per_side(stretch.position_per_side, "position", "position_cue"),
        "steps": [
            {
                "text": step.text,
                "cue": step.cue,
                "breath": step.breath,
                "per_side": _per_side(step.per_side, "text", "cue"),
            }
            for step in stretch.steps
        ],
        "dose": {
            "sides": dose.sides,
            "reps": {"min": dose.reps.min, "max": dose.reps.max},
            "hold_seconds": (
                {"min": dose.hold_seconds.min, "max": dose.hold_seconds.max}
                if dose.hold_seconds
                else None
            ),
        },
        "cautions": list(stretch.cautions),
        "estimated_seconds": estimated_seconds(stretch, timing),
        "on_hold": (
            {"since": hold.since.isoformat(), "reason": hold.reason} if hold is not None else None
        ),
        "figure": None if stretch.figure is None else figure_json(stretch.figure),
    }


def _per_side(words: PerSide | None, text: str, cue: str) -> dict[str, Any] | None:
    """Each side's wording as {"left": {text, cue}, "right": {...}}, or None."""
    if words is None:
        return None
    return {
        side: {text: wording.text, cue: wording.cue}
        for side, wording in (("left", words.left), ("right", words.right))
    }


def pose_json(pose: Pose) -> dict[str, Any]:
    """A pose as the catalogue writes it: joint angles in degrees, the hips in body units."""

    def joints(names: tuple[str, ...], values: tuple[float, ...]) -> dict[str, float]:
        return dict(zip(names, values, strict=True))

    arm, leg = ("shoulder", "elbow"), ("hip", "knee", "ankle", "roll")
    return {
        "touching": list(pose.touching),
        "hips": list(pose.hips),
        "pelvis": pose.pelvis,
        "spine": pose.spine,
        "neck": pose.neck,
        "near_arm": joints(arm, pose.near_arm),
        "far_arm": joints(arm, pose.far_arm),
        "near_leg": joints(leg, pose.near_leg),
        "far_leg": joints(leg, pose.far_leg),
    }


def figure_json(figure: Figure) -> dict[str, Any]:
    """The start pose and the pose each step ends in (one per step, in order)."""
    return {
        "start": pose_json(figure.start),
        "steps": [pose_json(pose) for pose in figure.steps],
        "working": list(figure.working),
        "props": list(figure.props),
        "note": figure.note,
    }


def print_json(document: Any) -> None:
    """One JSON document on stdout, and nothing else.

    json escapes C0 controls itself; C1 controls and bidirectional overrides
    (which only strings can hold) are escaped too, so no text can rewrite a terminal.
    """
    import json
    import re

    text = json.dumps(document, indent=2, ensure_ascii=False)
    print(
        re.sub(
            r"[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]",
            _json_escape,
            text,
        )
    )


def _json_escape(found: Any) -> str:
    return f"\\u{ord(found.group()):04x}"


def phase_json(phase: Phase) -> dict[str, Any]:
    return {
        "stretch": phase.stretch_id,
        "side": phase.side,
        "rep": phase.rep,
        "kind": phase.kind,
        "seconds": phase.seconds,
        "cue": phase.cue,
    }


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    fit = None
    if timeline.fitted_to is not None:
        fit = {
            "minutes": timeline.fitted_to,
            "shortened": list(timeline.trimmed),
            "left_out": [{"id": o.stretch_id, "reason": o.reason} for o in timeline.left_out],
        }
    return {
        "total_seconds": sum(phase.seconds for phase in timeline.phases),
        "phases": [phase_json(phase) for phase in timeline.phases],
        "fit": fit,
    }


def fit_notice(timeline: Timeline) -> str:
    """What --minutes changed today: what was shortened, what was left out and why."""
    minutes = f"{timeline.fitted_to:g} minutes"
    lines = []
    if timeline.trimmed:
        lines.append(f"Shortened to fit {minutes}: " + "; ".join(timeline.trimmed) + ".")
    if timeline.left_out:
        groups: dict[str, list[str]] = {}
        for left_out in timeline.left_out:
            groups.setdefault(left_out.reason, []).append(left_out.stretch_id)
        reasons = "; ".join(f"{', '.join(ids)} ({reason})" for reason, ids in groups.items())
        lines.append(
            f"Left out today, as not all fit in {minutes} even at the source's lowest "
            f"doses: {reasons}. What is left out today comes first next time."
        )
    return "\n".join(lines)
