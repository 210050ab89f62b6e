"""Plain words and JSON shapes for stretches and timelines, shared by every output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only the estimate needs the planner, so JSON printing stays light
    from .catalogue.models import Dose, Figure, Pose, Range, Stretch, Timing
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


def stretch_json(stretch: Stretch, timing: Timing) -> dict[str, Any]:
    dose = stretch.dose
    return {
        "id": stretch.id,
        "number": stretch.number,
        "name": stretch.name,
        "summary": stretch.summary,
        "equipment": list(stretch.equipment),
        "position": stretch.position,
        "steps": [
            {"text": step.text, "cue": step.cue, "breath": step.breath} for step in stretch.steps
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
        "figure": None if stretch.figure is None else figure_json(stretch.figure),
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
    """One JSON document on stdout, and nothing else."""
    import json

    print(json.dumps(document, indent=2, ensure_ascii=False))


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
    return {
        "total_seconds": sum(phase.seconds for phase in timeline.phases),
        "phases": [phase_json(phase) for phase in timeline.phases],
    }
