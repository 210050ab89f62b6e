"""Figures: the pose data, the floor checks, the drawings and where they appear."""

from __future__ import annotations

import io
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from backcoach.catalogue import poses
from backcoach.catalogue.loader import load, parse_catalogue
from backcoach.catalogue.models import Pose
from backcoach.errors import InputError
from backcoach.session import figure as drawing
from backcoach.session.engine import Engine
from backcoach.session.planner import build, prescribe
from helpers import invoke

SNAPSHOTS = Path(__file__).parent / "snapshots" / "figures"
CATALOGUE = load()
BRAILLE = {chr(code) for code in range(0x2801, 0x2900)}


def has_figure(text: str) -> bool:
    return bool(BRAILLE & set(text))


def snapshot(stretch_id: str) -> str:
    """The starting and end figures of a stretch as plain text, 38 × 8 each."""
    stretch = CATALOGUE.by_id(stretch_id)
    figure = stretch.figure
    assert figure is not None
    box = drawing.bounds(drawing.figure_poses(figure))
    end, step = drawing.end_pose(figure)
    parts = [f"{stretch.name}: start"]
    parts += drawing.plain(
        drawing.draw(figure.start, 38, 8, box, figure.working, props=figure.props)
    )
    if end is not None:
        parts.append(f"{stretch.name}: end of step {step}")
        parts += drawing.plain(drawing.draw(end, 38, 8, box, figure.working, props=figure.props))
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("stretch_id", CATALOGUE.ids)
def test_every_pose_touches_the_floor_it_names(stretch_id: str) -> None:
    """Every stretch has a figure whose poses pass the floor and contact checks."""
    figure = CATALOGUE.by_id(stretch_id).figure
    assert figure is not None
    assert len(figure.steps) == len(CATALOGUE.by_id(stretch_id).steps)
    for pose in drawing.figure_poses(figure):
        assert poses.floor_problems(pose) == []
        assert pose.touching


@pytest.mark.parametrize("stretch_id", CATALOGUE.ids)
def test_figures_match_their_reviewed_snapshots(stretch_id: str) -> None:
    """Start and end figures equal tests/snapshots/figures/ID.txt (BACKCOACH_UPDATE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / f"{stretch_id}.txt"
    drawn = snapshot(stretch_id)
    if os.environ.get("BACKCOACH_UPDATE_SNAPSHOTS") == "1":
        path.write_text(drawn, encoding="utf-8")
    assert drawn == path.read_text(encoding="utf-8")


def test_limbs_keep_their_length_in_every_pose() -> None:
    """One set of proportions: each limb is as long in every pose of every stretch."""
    lengths = {
        ("hips", "near_knee"): poses.THIGH,
        ("near_elbow", "near_hand"): poses.FOREARM,
        ("far_knee", "far_ankle"): poses.SHIN,
        ("waist", "shoulders"): poses.CHEST,
    }
    for stretch in CATALOGUE.stretches:
        assert stretch.figure is not None
        for pose in drawing.figure_poses(stretch.figure):
            unrolled = replace(
                pose, near_leg=(*pose.near_leg[:3], 0.0), far_leg=(*pose.far_leg[:3], 0.0)
            )
            points = poses.joints(unrolled)
            for (a, b), length in lengths.items():
                ax, ay = points[a]
                bx, by = points[b]
                assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 == pytest.approx(length)


def test_interpolation_is_exact_at_both_ends_and_keeps_feet_planted() -> None:
    """pose_at gives the start pose at 0 and the end pose at 1; feet and shoulders stay put."""
    figure = CATALOGUE.by_id("bridge").figure
    assert figure is not None
    start, end = figure.start, figure.steps[1]
    assert drawing.pose_at(start, end, 0.0, 20) == start
    assert drawing.pose_at(start, end, 1.0, 20) == end
    middle = drawing.pose_at(start, end, 0.5, 20)
    assert middle not in (start, end)
    for planted in ("near_ankle", "shoulders"):
        (x0, y0), (x1, y1), (x2, y2) = (poses.joints(p)[planted] for p in (start, middle, end))
        assert (x1, y1) == pytest.approx(((x0 + x2) / 2, (y0 + y2) / 2), abs=2.0)


def bridge_engine() -> tuple[drawing.FigureProvider, Engine]:
    timeline = build([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)
    return drawing.FigureProvider(timeline, color=False), Engine.start(timeline, 0.0)


def test_session_figure_moves_over_a_breath_and_is_exact_at_its_ends() -> None:
    """The hips rise during the breath out: start pose as it begins, end pose as it ends."""
    provider, engine = bridge_engine()
    index, exhale = next((i, p) for i, p in enumerate(engine.timeline.phases) if p.kind == "exhale")
    figure = CATALOGUE.by_id("bridge").figure
    assert figure is not None
    box = drawing.bounds(drawing.figure_poses(figure))

    def expected(pose: Pose) -> list[str]:
        return drawing.ansi(drawing.draw(pose, 40, 8, box), color=False)

    at_start = provider(engine.frame(exhale.start), 40, 8)
    halfway = provider(engine.frame(exhale.start + exhale.seconds / 2), 40, 8)
    at_end = provider(engine.frame(exhale.end), 40, 8)
    assert at_start == expected(figure.start)
    assert at_end == expected(figure.steps[1])
    assert halfway not in (at_start, at_end)
    assert provider.steps(index) == drawing.REDRAW_STEPS


def test_figure_is_still_during_setup_and_redraws_only_at_its_steps() -> None:
    """No redraws while still; while moving, next_change stops at each step of the figure."""
    provider, engine = bridge_engine()
    phases = engine.timeline.phases
    setup = phases[0]
    assert setup.kind == "setup" and provider.steps(0) == 0
    assert provider(engine.frame(0.0), 40, 8) == provider(engine.frame(setup.end - 0.5), 40, 8)
    index, exhale = next((i, p) for i, p in enumerate(phases) if p.kind == "exhale")
    step = exhale.seconds / provider.steps(index)
    now = exhale.start + step / 3
    assert engine.next_change(now, 0, provider.steps) == pytest.approx(exhale.start + step)
    assert engine.next_change(now, 0) == pytest.approx(exhale.start + 1.0)


def test_on_a_breath_the_figure_wakes_the_session_no_more_than_the_breath_bar() -> None:
    """During a breath every figure step falls on a breath-bar step: no extra redraws."""
    from backcoach.session.blocks import BAR_CELLS

    provider, engine = bridge_engine()
    for phase in engine.timeline.phases[:6]:
        if phase.kind not in ("inhale", "exhale"):
            continue
        now = phase.start + 0.01
        while now < phase.end:
            with_figure = engine.next_change(now, BAR_CELLS, provider.steps)
            assert with_figure == engine.next_change(now, BAR_CELLS)
            assert with_figure is not None
            now = with_figure + 0.01


def test_the_left_side_is_the_mirror_image() -> None:
    """An each-side stretch is drawn mirrored on the left side, so its near limbs are the left."""
    figure = CATALOGUE.by_id("hip-stretch").figure
    assert figure is not None
    box = drawing.bounds([figure.start])
    right = drawing.plain(drawing.draw(figure.start, 30, 8, box, figure.working, mirror=False))
    left = drawing.plain(drawing.draw(figure.start, 30, 8, box, figure.working, mirror=True))
    assert right != left
    rows = drawing.draw(figure.start, 30, 8, box, figure.working)
    assert any(role == "working" for runs in rows for _, role in runs)
    assert drawing.mirrored("left") and not drawing.mirrored("right")


def bad_catalogue(catalogue_text: str, old: str, new: str) -> str:
    start = catalogue_text.index("  - id: bridge")
    at = catalogue_text.index(old, start)
    return catalogue_text[:at] + new + catalogue_text[at + len(old) :]


def test_a_pose_off_the_floor_is_reported_with_its_location(catalogue_text: str) -> None:
    """Feet said to touch the floor but lifted: FILE:LINE:COL and what is wrong."""
    text = bad_catalogue(catalogue_text, "hips: [0, 0]", "hips: [0, 20]")
    line = text[: text.index("hips: [0, 20]")].count("\n") + 1
    with pytest.raises(InputError) as raised:
        parse_catalogue(text, "mine.yaml")
    message = str(raised.value)
    assert f"mine.yaml:{line - 1}:9: stretch 'bridge': figure.start: 'back' should touch" in message
    assert "above it (allowed 3)" in message


def test_a_pose_below_the_floor_and_a_bent_back_elbow_are_reported(catalogue_text: str) -> None:
    """A limb through the floor and a joint out of its range are both refused."""
    below = bad_catalogue(catalogue_text, "pelvis: 207.5", "pelvis: 150")
    with pytest.raises(
        InputError, match=r"figure.steps\[2\]: the near toes are [\d.]+ units below the floor"
    ):
        parse_catalogue(below, "mine.yaml")
    bent = bad_catalogue(
        catalogue_text,
        "near_arm: {shoulder: -30.5, elbow: 0}",
        "near_arm: {shoulder: -30.5, elbow: -20}",
    )
    with pytest.raises(InputError) as raised:
        parse_catalogue(bent, "mine.yaml")
    message = str(raised.value)
    assert "figure.steps[2].near_arm.elbow: -20 is out of range; use 0 to 160" in message
    assert all(problem.line > 1 for problem in raised.value.problems)


def test_a_figure_needs_one_pose_a_step(catalogue_text: str) -> None:
    """Fewer step poses than steps is an error that says how many are needed."""
    text = bad_catalogue(catalogue_text, "        - still\n", "")
    with pytest.raises(InputError, match=r"2 poses for 3 steps"):
        parse_catalogue(text, "mine.yaml")


def test_a_stretch_without_a_figure_shows_none(catalogue_text: str, tmp_path: Path) -> None:
    """Without `figure:` a stretch loads with figure None, and `show` draws nothing."""
    start = catalogue_text.index("    figure:", catalogue_text.index("  - id: bridge"))
    end = catalogue_text.index("\n\n  - id:", start)
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text[:start] + catalogue_text[end + 1 :])
    assert load(path).by_id("bridge").figure is None
    result = invoke("show", "bridge", "--catalogue", str(path))
    assert result.exit_code == 0 and not has_figure(result.stdout)


def test_cached_catalogue_keeps_the_figures() -> None:
    """A catalogue read back from the cache has the same figures as a fresh parse."""
    fresh = load()
    cached = load()
    assert cached.by_id("bird-dog").figure == fresh.by_id("bird-dog").figure is not None
    assert cached == fresh


def test_show_draws_start_and_end_and_json_has_the_poses(monkeypatch: pytest.MonkeyPatch) -> None:
    """`show bridge` draws two figures above the steps; `show --json` carries the pose data."""
    monkeypatch.setenv("TERM", "xterm")
    result = invoke("show", "bridge")
    assert result.exit_code == 0
    assert has_figure(result.stdout)
    assert result.stdout.index("End of step 2") < result.stdout.index("Steps")
    data = json.loads(invoke("show", "bridge", "--json").stdout)
    figure = data["figure"]
    assert figure["start"]["touching"] == ["back", "feet"]
    assert len(figure["steps"]) == 3
    assert figure["steps"][1]["near_leg"]["hip"] == 0
    assert set(figure["start"]["far_leg"]) == {"hip", "knee", "ankle", "roll"}


@pytest.mark.parametrize(
    ("args", "env", "config"),
    [
        (["--no-figure"], {}, ""),
        ([], {"TERM": "dumb"}, ""),
        ([], {}, "figure = false\n"),
        ([], {"BACKCOACH_FIGURE": "0"}, ""),
    ],
)
def test_show_without_a_figure(
    args: list[str],
    env: dict[str, str],
    config: str,
    backcoach_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--no-figure, TERM=dumb, `figure = false` and BACKCOACH_FIGURE=0 each draw none."""
    monkeypatch.setenv("TERM", "xterm")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if config:
        backcoach_home.mkdir(parents=True, exist_ok=True)
        (backcoach_home / "config.toml").write_text(config)
    result = invoke("show", "bridge", *args)
    assert result.exit_code == 0, result.output
    assert "Steps" in result.stdout and not has_figure(result.stdout)


def test_only_a_utf8_terminal_that_draws_gets_a_figure() -> None:
    """Braille needs UTF-8 and a terminal that is not dumb."""
    assert drawing.can_draw("utf-8", "xterm-256color")
    assert drawing.can_draw("UTF8", None)
    assert not drawing.can_draw("ascii", "xterm")
    assert not drawing.can_draw("latin-1", "xterm")
    assert not drawing.can_draw("utf-8", "dumb")


def test_session_figure_follows_flag_setting_and_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The live view gets a figure only with the setting on and a UTF-8 terminal that draws."""
    from backcoach.session import morning

    timeline = build([prescribe(CATALOGUE.by_id("bridge"))], CATALOGUE.timing)
    options = morning.MorningOptions(level="standard", routine="full", figure=True)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(morning.sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert morning._figure(timeline, options).color is False  # NO_COLOR: bold and dim only
    monkeypatch.delenv("NO_COLOR")
    assert morning._figure(timeline, options).color is True
    assert morning._figure(timeline, replace(options, figure=False)) is None
    monkeypatch.setenv("TERM", "dumb")
    assert morning._figure(timeline, options) is None
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(morning.sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert morning._figure(timeline, options) is None


def test_plain_session_has_no_figure() -> None:
    """--plain prints one line per change and never a figure."""
    result = invoke("session", "--plain", "--only", "bridge", "--speed", "1000", "--no-checkin")
    assert result.exit_code == 0, result.output
    assert "Bridge" in result.stdout and not has_figure(result.stdout)


def test_drawings_are_kept_for_the_current_stretch_only() -> None:
    """Each stretch's drawings are reused through its repetitions, then let go: a long
    session's memory does not grow with every stretch drawn."""
    ids = ("bridge", "pelvic-tilts", "bird-dog")
    timeline = build([prescribe(CATALOGUE.by_id(i)) for i in ids], CATALOGUE.timing)
    provider = drawing.FigureProvider(timeline, color=False)
    engine = Engine.start(timeline, 0.0)
    kept: list[set[object]] = []
    for index in range(len(ids)):
        start, end = timeline.stretch_bounds(index)
        moment = start
        while moment < end:
            assert provider(engine.frame(moment), 38, 8) is not None
            moment += 0.25
        kept.append({key[4] for key in provider._drawn})
    assert kept == [{0}, {1}, {2}]
