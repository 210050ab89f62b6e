"""The session loop on a fake clock: keys, sounds, voice, get-ready, recording, views."""

from __future__ import annotations

import io
import signal

import pytest

from backcoach.catalogue.loader import load
from backcoach.session.plain import PlainView
from backcoach.session.planner import plan, prescribe
from backcoach.session.runner import Environment, run_session
from fakes import FakeClock, RecordingView

CATALOGUE = load()


def timeline(*ids: str):  # type: ignore[no-untyped-def]
    return plan([prescribe(CATALOGUE.by_id(i)) for i in ids], CATALOGUE.timing)


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []

    def stretch_ended(self, stretch_id: str, outcome: str) -> None:
        self.events.append((stretch_id, outcome))

    def session_ended(self, status: str) -> None:
        self.events.append(("end", status))


def session(keys=(), ids=("bridge", "bird-dog"), get_ready=0.0, **env_kw):  # type: ignore[no-untyped-def]
    clock = FakeClock(list(keys))
    view = env_kw.pop("view", None) or RecordingView()
    out = io.StringIO()
    recorder = Recorder()
    env = Environment(clock, view, recorder=recorder, **env_kw)
    result = run_session(timeline(*ids), CATALOGUE, env, get_ready)
    return result, clock, view, out, recorder


def test_runs_to_the_end_on_time() -> None:
    """With no keys, the session finishes exactly at its planned length, all done."""
    planned = timeline("bridge", "bird-dog")
    result, clock, _view, _out, recorder = session()
    assert result.status == "finished"
    assert clock.t == pytest.approx(planned.total_seconds)
    assert result.seconds == pytest.approx(planned.total_seconds)
    assert result.outcomes == [("bridge", "done"), ("bird-dog", "done")]
    assert recorder.events == [("bridge", "done"), ("bird-dog", "done"), ("end", "finished")]


def test_bell_at_every_phase_change_and_nothing_else() -> None:
    """--sound bell: one bell per phase change (no ticks, no end sound)."""
    from backcoach.session.sound import BellPlayer

    planned = timeline("bridge", "bird-dog")
    bells = io.StringIO()
    session(sound=BellPlayer(bells), get_ready=10.0)
    assert bells.getvalue() == "\a" * len(planned.phases)


def test_voice_says_each_cue() -> None:
    """--voice speaks each phase's cue, naming the stretch as it starts."""
    said: list[str] = []
    planned = timeline("bridge", "bird-dog")
    session(speak=said.append)
    assert len(said) == len(planned.phases)
    assert said[0].startswith("Bridge. ")
    assert any(text.startswith("Hold") and "seconds" in text for text in said)


def test_pause_key_stops_the_clock() -> None:
    """Space twice, 30 s apart: the session ends 30 s later than planned."""
    planned = timeline("bridge", "bird-dog")
    result, clock, view, _, _ = session(keys=[(20.0, " "), (50.0, " ")])
    assert clock.t == pytest.approx(planned.total_seconds + 30.0)
    assert result.paused_seconds == pytest.approx(30.0)
    assert any(frame.paused for frame in view.frames)


def test_skip_restart_pain_and_quit_keys() -> None:
    """n skips, b restarts, p marks painful and shows the advice, q quits."""
    result, _, view, _, recorder = session(
        keys=[(5.0, "b"), (15.0, "p"), (30.0, "q")], ids=("bridge", "bird-dog", "pelvic-tilts")
    )
    assert result.status == "quit"
    assert result.outcomes == [("bridge", "painful")]
    assert result.not_reached == ["bird-dog", "pelvic-tilts"]  # q while stopped on the advice
    assert recorder.events == [("bridge", "painful"), ("end", "quit")]
    assert any("medical professional" in (n or "") for n in view.notices)
    assert "Bridge stopped" in view.messages[1]
    result, _, _, _, _ = session(keys=[(5.0, "n")])
    assert result.outcomes == [("bridge", "skipped"), ("bird-dog", "done")]


def test_keys_that_arrive_together_are_all_handled() -> None:
    """Two keys read in one go (n then p) both act: one skip, one pain."""
    result, _, _, _, _ = session(
        keys=[(5.0, "n"), (5.0, "p"), (6.0, "q")], ids=("bridge", "bird-dog", "pelvic-tilts")
    )
    assert result.outcomes == [("bridge", "skipped"), ("bird-dog", "painful")]


def test_pain_pauses_until_space_then_goes_on_with_the_next_stretch() -> None:
    """p stops the stretch and shows the advice; nothing moves until space; then stretch 2."""
    planned = timeline("bridge", "bird-dog")
    second = planned.stretch_bounds(1)[0]
    result, clock, view, _, recorder = session(keys=[(15.0, "p"), (615.0, " ")])
    assert result.status == "finished"
    assert result.outcomes == [("bridge", "painful"), ("bird-dog", "done")]
    assert recorder.events == [("bridge", "painful"), ("bird-dog", "done"), ("end", "finished")]
    # Stopped for 600 s at the start of stretch 2: it ends that much after the rest of the plan.
    assert clock.t == pytest.approx(615.0 + planned.total_seconds - second)
    stopped = [f for f, n in zip(view.frames, view.notices, strict=True) if f.paused]
    assert stopped and all(f.phase.stretch_id == "bird-dog" for f in stopped)
    assert all(
        "medical professional" in (n or "")
        for f, n in zip(view.frames, view.notices, strict=True)
        if f.paused
    )
    # Stretch 2 is announced (a line, a sound) only once the person goes on.
    announced = [f for f in view.started if f.phase.stretch_id == "bird-dog"]
    assert announced[0].position == pytest.approx(second)
    assert not any(f.paused for f in view.started)


def test_pain_then_q_ends_without_starting_the_next_stretch() -> None:
    """p then q: the session ends as quit; the painful stretch is the only record."""
    result, _, view, _, recorder = session(keys=[(15.0, "p"), (40.0, "q")])
    assert result.status == "quit"
    assert recorder.events == [("bridge", "painful"), ("end", "quit")]
    assert not any(f.phase.stretch_id == "bird-dog" for f in view.started)


@pytest.mark.parametrize("other", ["p", "n", "b"])
def test_keys_other_than_space_and_q_do_nothing_while_stopped_for_pain(other: str) -> None:
    """A second p (or n, b) while the advice shows changes nothing: one painful stretch."""
    result, _, view, _, recorder = session(
        keys=[(15.0, "p"), (20.0, other), (25.0, other), (30.0, " ")],
        ids=("bridge", "bird-dog", "pelvic-tilts"),
    )
    assert result.outcomes == [
        ("bridge", "painful"),
        ("bird-dog", "done"),
        ("pelvic-tilts", "done"),
    ]
    assert recorder.events.count(("bridge", "painful")) == 1
    from backcoach.session.cues import PAIN_STOPPED

    assert view.messages.count(PAIN_STOPPED) == 3  # after p, and again at each ignored key


def test_pain_during_the_rest_amends_the_stretch_once_in_the_history() -> None:
    """p in the rest after a stretch: one history row for it, painful, and it is put on hold."""
    from backcoach.history.store import History, HistoryRecorder

    history = History.open()
    session_id = history.start_session("standard", "full", 0.0)
    planned = timeline("bridge", "bird-dog")
    rest = next(p for p in planned.phases if p.kind == "rest")
    clock = FakeClock([(rest.start + 3, "p"), (rest.start + 10, " ")])
    env = Environment(clock, RecordingView(), recorder=HistoryRecorder(history, session_id))
    result = run_session(planned, CATALOGUE, env)
    rows = history.db.execute(
        "SELECT stretch_id, outcome FROM session_stretches WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    assert rows == [("bridge", "painful"), ("bird-dog", "done")]
    assert list(history.on_hold()) == ["bridge"]
    assert result.outcomes == [("bridge", "painful"), ("bird-dog", "done")]
    [record] = history.sessions()
    assert record.ids("painful") == ["bridge"] and record.ids("done") == ["bird-dog"]


def test_get_ready_countdown_and_skip() -> None:
    """The get-ready countdown runs first and space cuts it short."""
    planned = timeline("bridge", "bird-dog")
    _, clock, _, _, _ = session(get_ready=10.0)
    assert clock.t == pytest.approx(10.0 + planned.total_seconds)
    _, clock, view, _, _ = session(get_ready=10.0, keys=[(3.0, " ")])
    assert clock.t == pytest.approx(3.0 + planned.total_seconds)
    assert view.started[0].prescription is None  # the countdown came first


def test_quit_during_get_ready() -> None:
    """q during the get-ready countdown ends before any stretch, as quit."""
    result, _, _, _, recorder = session(get_ready=10.0, keys=[(2.0, "q")])
    assert result.status == "quit"
    assert result.outcomes == []
    assert recorder.events == [("end", "quit")]  # no stretch was started


def test_suspend_counts_as_a_pause() -> None:
    """Ctrl-Z: the view stops, the process is suspended, and no session time is lost."""
    planned = timeline("bridge")
    clock = FakeClock([(10.0, "<suspend>")])
    view = RecordingView()

    def suspend() -> None:
        clock.t += 120.0  # the person comes back two minutes later

    env = Environment(clock, view, suspend=suspend)
    result = run_session(planned, CATALOGUE, env)
    assert clock.t == pytest.approx(planned.total_seconds + 120.0)
    assert result.paused_seconds == pytest.approx(120.0)
    assert view.stops == 2 and view.starts == 2  # around the suspension, and at the end


def test_ctrl_c_ends_as_quit_and_reports_sigint() -> None:
    """KeyboardInterrupt mid-session is recorded as quit and reported as SIGINT."""

    class InterruptingClock(FakeClock):
        def wait(self, deadline):  # type: ignore[no-untyped-def]
            if self.t > 30:
                raise KeyboardInterrupt
            return super().wait(deadline)

    view = RecordingView()
    recorder = Recorder()
    env = Environment(InterruptingClock(), view, recorder=recorder)
    result = run_session(timeline("bridge"), CATALOGUE, env)
    assert result.status == "quit"
    assert result.interrupted_by == signal.SIGINT
    assert recorder.events == [("bridge", "skipped"), ("end", "quit")]
    assert view.stops == 1


def test_unexpected_error_still_stops_the_view() -> None:
    """A crash propagates, but the session is recorded as quit and the view stopped."""

    class BrokenClock(FakeClock):
        def wait(self, deadline):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    view = RecordingView()
    recorder = Recorder()
    env = Environment(BrokenClock(), view, recorder=recorder)
    with pytest.raises(RuntimeError):
        run_session(timeline("bridge"), CATALOGUE, env)
    assert view.stops == 1
    assert recorder.events[-1] == ("end", "quit")


def test_plain_view_prints_one_line_per_phase() -> None:
    """Plain mode: one line per phase change, no escape sequences."""
    planned = timeline("bridge")
    out = io.StringIO()
    view = PlainView(out)
    env = Environment(FakeClock(), view)
    run_session(planned, CATALOGUE, env)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(planned.phases)
    assert lines[0].startswith("[0:00] Bridge (1/1) · position: ")
    assert "rep 1/10 · breathe out: Breathe out, lift hips gently · 5 s" in lines[2]
    assert "\x1b" not in out.getvalue()


def test_live_view_redraws_only_on_visible_change() -> None:
    """The live view writes nothing for a frame that looks like the last, and little per tick."""
    from rich.console import Console

    from backcoach.session.engine import Engine
    from backcoach.session.view import LiveView

    planned = timeline("bridge")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24)
    view = LiveView(CATALOGUE.advice, planned, console)
    engine = Engine.start(planned, 0.0)
    view.start()
    view.show(engine.frame(0.0), None)
    first = len(out.getvalue())
    view.show(engine.frame(0.2), None)  # same second, no bar: nothing new to draw
    view.show(engine.frame(0.5), None)
    assert len(out.getvalue()) == first
    view.show(engine.frame(1.0), None)  # the countdown moved: only its lines are written
    tick = len(out.getvalue()) - first
    assert 0 < tick < first / 3
    view.show(engine.frame(1.0), None, force=True)  # a resize redraws the whole screen
    assert len(out.getvalue()) - first - tick >= first * 0.9
    view.stop()
    written = out.getvalue()
    assert written.startswith("\x1b[?1049h\x1b[?25l")
    assert written.endswith("\x1b[?25h\x1b[?1049l")  # cursor shown, normal screen back


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("0", 0),
        ("7", 7),
        ("9", 9),
        ("t", 10),
        ("T", 10),
        ("\r", None),
        ("\n", None),
        ("q", None),
        ("x", False),
        ("-", False),
        ("<resize>", False),
    ],
)
def test_pain_check_in_keys(key: str, answer: int | bool | None) -> None:
    """0–9 and t (10) score, Enter or q skip, anything else asks again."""
    from backcoach.session.ask import pain_from_key

    assert pain_from_key(key) == answer
    assert type(pain_from_key(key)) is type(answer)


def test_live_view_without_colour() -> None:
    """With NO_COLOR the live view keeps bold and dim but writes no colour codes."""
    import re as regex

    from rich.console import Console

    from backcoach.session.engine import Engine
    from backcoach.session.view import LiveView

    planned = timeline("bridge")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24, no_color=True)
    view = LiveView(CATALOGUE.advice, planned, console)
    view.start()
    view.show(Engine.start(planned, 0.0).frame(20.0), None)
    view.stop()
    codes = regex.findall(r"\x1b\[([0-9;]*)m", out.getvalue())
    assert any("1" in code.split(";") for code in codes)  # bold is still there
    assert not any(
        part.startswith(("3", "4", "9")) and len(part) == 2
        for code in codes
        for part in code.split(";")
    )


def test_each_key_says_what_it_did_and_a_burst_of_others_says_the_keys_once() -> None:
    """Plain output gets a line per key's effect; unknown keys read together remind once."""
    from backcoach.session import cues

    keys = [(12.0, " "), (20.0, " "), (25.0, "x"), (25.0, "y"), (25.0, "z"), (30.0, "n")]
    _, _, view, _, _ = session(keys=keys)
    assert view.messages == [cues.PAUSED, cues.RESUMED, cues.KEYS, cues.skipped("Bridge")]


@pytest.mark.parametrize("key", ["b", "B"])
def test_restart_key_starts_the_stretch_again(key: str) -> None:
    """b (or B) goes back to the stretch's position phase: it is announced again, and the
    session ends later by the time already spent in the stretch."""
    planned = timeline("bridge", "bird-dog")
    result, clock, view, _, _ = session(keys=[(20.0, key)])
    starts = [frame.phase_index for frame in view.started]
    assert starts.count(0) == 2
    assert clock.t == pytest.approx(planned.total_seconds + 20.0)
    assert result.outcomes == [("bridge", "done"), ("bird-dog", "done")]
