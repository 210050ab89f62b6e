"""Names and doses never split across lines, and notices wrap at spaces in a terminal."""

from __future__ import annotations

import io
import re

import pytest

from backcoach import console, inputs, render
from backcoach.catalogue.loader import load
from backcoach.history.store import Hold, local_now
from backcoach.session import planner
from backcoach.session.blocks import KEY_HELP
from backcoach.session.runner import SessionResult

CATALOGUE = load()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def timeline() -> planner.Timeline:
    prescriptions = [planner.prescribe(s) for s in CATALOGUE.stretches]
    return planner.plan(prescriptions, CATALOGUE.timing, None, None)


def whole_on_some_line(text: str, phrase: str) -> bool:
    return any(phrase in line for line in text.splitlines())


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_summary_never_splits_a_stretch_name(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The end summary lists every name whole, at any width, each line within the width."""
    monkeypatch.setenv("COLUMNS", str(columns))
    ids = [s.id for s in CATALOGUE.stretches]
    result = SessionResult(
        status="finished",
        outcomes=[(i, "done") for i in ids],
        seconds=1500,
        paused_seconds=0,
        not_reached=[],
    )
    render.summary(render.Ending(result, timeline(), CATALOGUE, pain_before=4, pain_after=2))
    out = capsys.readouterr().out
    for stretch in CATALOGUE.stretches:
        assert whole_on_some_line(out, stretch.name), (stretch.name, out)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= columns


@pytest.mark.parametrize("columns", [60, 80])
def test_overview_never_splits_a_name_or_a_dose_part(
    columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before a session, 'Bird dog' and 'hold 7 s' each stay on one line, within the width."""
    monkeypatch.setenv("COLUMNS", str(columns))
    plan = timeline()
    render.session_intro(plan, "standard")
    out = capsys.readouterr().out
    for prescription in plan.prescriptions:
        assert whole_on_some_line(out, prescription.stretch.name), out
        if prescription.hold_seconds:
            assert whole_on_some_line(out, f"hold {prescription.hold_seconds} s"), out
    assert not re.search(r"hold \d+\b(?! s)", out), out  # 'hold 7' with its 's' on the next line
    assert "…" not in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= columns


def test_flow_breaks_only_between_items() -> None:
    """flow() keeps each item whole and each line within the width."""
    text = render.flow(["Bird dog", "Deep abdominal stretch", "Bridge"], 24).plain
    assert text.splitlines() == ["Bird dog,", "Deep abdominal stretch,", "Bridge"]
    keys = render.flow(KEY_HELP[0].split(" · "), 44, " · ").plain
    assert keys.splitlines() == [
        "space pause · n next stretch · b restart ·",
        "p this hurts · q quit",
    ]


class Terminal(io.StringIO):
    """stderr as a terminal: rich wraps for it, as a real one would."""

    def isatty(self) -> bool:
        return True


def test_notice_in_a_terminal_wraps_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-hold notice at 80 columns breaks between words, never inside `backcoach ...`."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm")
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    hold = Hold("lower-stomach-stretch", local_now(), "it hurt a little on the left side")
    note = inputs.hold_note("lower-stomach-stretch", hold)
    console.notice(note)
    lines = ANSI.sub("", stderr.getvalue()).splitlines()
    assert len(lines) > 1
    assert all(len(line.rstrip()) <= 80 for line in lines)
    assert " ".join(line.strip() for line in lines) == note
    assert whole_on_some_line("\n".join(lines), "`backcoach resume lower-stomach-stretch`")


def test_notice_in_a_pipe_stays_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a pipe or a log a notice is one line, whatever its length."""
    monkeypatch.setenv("COLUMNS", "40")
    console.notice("word " * 30)
    assert capsys.readouterr().err == "word " * 30 + "\n"
