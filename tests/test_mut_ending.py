"""The ending screen and the one-key questions, in-process: a fake terminal gives the keys."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from rich.console import Console
from rich.style import Style

from backcoach import render
from backcoach.catalogue.loader import load
from backcoach.errors import Terminated
from backcoach.history.streaks import Streak
from backcoach.session import ask, ending, planner, terminal
from backcoach.session.runner import SessionResult

CATALOGUE = load()
PAIN_PROMPT = "Pain right now, 0–10? (0–9, t for 10, Enter to skip) "
NOT_A_SCORE = ": not a score; press 0–9, t for 10, or Enter to skip"
ENTER_SCREEN = "\x1b[?1049h\x1b[?25l"
CLEAR = "\x1b[0m\x1b[2J\x1b[H"
LEAVE_SCREEN = "\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l"


THREE_OF_FIVE = Streak(3, 5)


def finished(streak: Streak | None = THREE_OF_FIVE) -> render.Ending:
    """Bridge and bird dog done in 2:05, pain 4 before and 2 after."""
    found = {s.id: s for s in CATALOGUE.stretches}
    plan = planner.plan(
        [planner.prescribe(found[i]) for i in ("bridge", "bird-dog")], CATALOGUE.timing, None, None
    )
    result = SessionResult(
        status="finished",
        outcomes=[("bridge", "done"), ("bird-dog", "done")],
        seconds=125,
        paused_seconds=0,
        not_reached=[],
    )
    return render.Ending(result, plan, CATALOGUE, streak=streak, pain_before=4, pain_after=2)


PANEL = [
    "╭────────────  backcoach  ────────────╮",
    "│                                     │",
    "│             Well done.              │",
    "│                                     │",
    "│   Session complete · 2:05 spent     │",
    "│   Done (2)     Bridge, Bird dog     │",
    "│   Skipped (0)  —                    │",
    "│   Painful (0)  —                    │",
    "│   Pain (0–10)  4 before → 2 after   │",
    "│   Streak: 3 days (longest 5)        │",
    "│                                     │",
    "│      Press any key to finish.       │",
    "│                                     │",
    "╰─────────────────────────────────────╯",
]


def screen_lines(renderable: Any, width: int = 60) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, height=50).print(renderable)
    return out.getvalue().split("\n")[:-1]


@pytest.mark.parametrize("height", [14, 20, 31])
def test_ending_screen_is_the_summary_in_a_centred_panel(height: int) -> None:
    """Well done, the time, what was done, pain 4 → 2 and the streak, centred in `height` rows."""
    lines = screen_lines(ending.ending_screen(finished(), height))
    assert len(lines) == height
    top = (height - len(PANEL)) // 2
    assert [line.strip() for line in lines[:top]] == [""] * top
    assert [line.strip() for line in lines[top : top + len(PANEL)]] == PANEL
    assert all(not line.strip() for line in lines[top + len(PANEL) :])
    # centred across the 60 columns: 10 spaces before the 39-wide panel
    assert lines[top] == " " * 10 + PANEL[0] + " " * 11


def test_ending_screen_says_one_day_without_a_plural() -> None:
    """A streak of one reads '1 day'; no streak at all leaves the line out."""
    lines = [
        line.strip() for line in screen_lines(ending.ending_screen(finished(Streak(1, 1)), 14))
    ]
    assert "│   Streak: 1 day (longest 1)         │" in lines
    plain = [line.strip() for line in screen_lines(ending.ending_screen(finished(None), 13))]
    assert not any("Streak" in line for line in plain)
    assert plain[0] == "╭────────────  backcoach  ────────────╮"


def test_ending_screen_styles() -> None:
    """'Well done.' is bold green; the frame, its title and the key hint are dim."""
    console = Console(file=io.StringIO(), width=60, height=20)
    styles = {}
    for segment in console.render(ending.ending_screen(finished(), 20)):
        if segment.text.strip():
            styles.setdefault(segment.text.strip(), segment.style)
    assert styles["Well done."] == Style.parse("bold green")
    assert styles["Press any key to finish."] == Style.parse("dim")
    assert styles["backcoach"] == Style.parse("dim")
    assert styles["╭─"] == Style.parse("dim")
    assert styles["│"] == Style.parse("dim")


class CountingFile(io.StringIO):
    """A terminal's output: what was written, and how often it was flushed."""

    flushes = 0

    def flush(self) -> None:
        self.flushes += 1


def drawn(width: int, height: int) -> tuple[str, CountingFile]:
    out = CountingFile()
    ending.draw(finished(), Console(file=out, width=width, height=height))
    return out.getvalue(), out


def test_draw_clears_and_fills_the_window_but_the_last_row() -> None:
    """The screen is cleared, then the panel drawn in height - 1 rows, 60 wide, then flushed."""
    text, out = drawn(60, 24)
    assert text.startswith(CLEAR)
    rows = text.removeprefix(CLEAR).split("\n")
    assert rows.pop() == ""  # the cursor waits at the start of the last row
    assert len(rows) == 23
    assert all(len(row) == 60 for row in rows)
    top = (23 - len(PANEL)) // 2
    assert rows[top] == " " * 10 + PANEL[0] + " " * 11
    assert out.flushes >= 1


def test_draw_keeps_the_panel_in_the_middle_of_a_wide_window() -> None:
    """At 140 columns the panel is laid out in 100 and moved 20 columns right."""
    text, _ = drawn(140, 20)
    rows = text.removeprefix(CLEAR).split("\n")
    assert rows.pop() == " " * 20
    assert len(rows) == 19
    assert all(len(row) == 120 for row in rows)
    top = (19 - len(PANEL)) // 2
    assert rows[top] == " " * (20 + 30) + PANEL[0] + " " * 31
    assert rows[top + 2].strip() == "│             Well done.              │"


def test_draw_at_exactly_100_columns_adds_no_margin() -> None:
    """At 100 columns the panel is centred in the 100 without an extra margin."""
    text, _ = drawn(100, 16)
    rows = text.removeprefix(CLEAR).split("\n")
    assert rows.pop() == ""
    assert len(rows) == 15
    assert all(len(row) == 100 for row in rows)
    assert rows[0] == " " * 30 + PANEL[0] + " " * 31


def test_draw_in_a_window_of_one_row_still_draws() -> None:
    """A window too short for the panel still gets the whole panel (never a negative height)."""
    text, _ = drawn(60, 1)
    rows = text.removeprefix(CLEAR).split("\n")
    assert [row.strip() for row in rows] == [*PANEL, ""]


class FakeTerminal:
    """KeyboardTerminal's stand-in: each read returns the next batch of keys, or raises it."""

    batches: ClassVar[list[Any]] = []
    reads: ClassVar[list[float | None]] = []
    entered: ClassVar[int] = 0
    exited: ClassVar[int] = 0

    def __init__(self, fd: int | None = None) -> None:
        pass

    def __enter__(self) -> FakeTerminal:
        FakeTerminal.entered += 1
        return self

    def __exit__(self, *exc: object) -> None:
        FakeTerminal.exited += 1

    def read(self, timeout: float | None) -> list[str]:
        FakeTerminal.reads.append(timeout)
        batch = FakeTerminal.batches.pop(0)
        if isinstance(batch, BaseException):
            raise batch
        return list(batch)


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The batches of keys the fake terminal will give, in order."""
    batches: list[Any] = []
    monkeypatch.setattr(FakeTerminal, "batches", batches)
    monkeypatch.setattr(FakeTerminal, "reads", [])
    monkeypatch.setattr(FakeTerminal, "entered", 0)
    monkeypatch.setattr(FakeTerminal, "exited", 0)
    monkeypatch.setattr(terminal, "KeyboardTerminal", FakeTerminal)
    yield batches
    assert FakeTerminal.entered == FakeTerminal.exited == 1


def wait(batches: list[Any], given: list[Any]) -> tuple[str, CountingFile]:
    given.extend(batches)
    out = CountingFile()
    ending.wait_on_ending(finished(), Console(file=out, width=60, height=20))
    return out.getvalue(), out


def test_any_key_ends_the_ending_screen(keys: list[Any]) -> None:
    """The alternate screen opens with the cursor hidden, one draw, and a key gives it back."""
    text, out = wait([["x"]], keys)
    assert text.startswith(ENTER_SCREEN + CLEAR)
    assert text.endswith(LEAVE_SCREEN)
    assert text.count(CLEAR) == 1
    assert "Well done." in text
    assert FakeTerminal.reads == [None]
    assert keys == []
    assert out.flushes >= 2


@pytest.mark.parametrize("key", ["<eof>", "<suspend>", " ", "\r", "q"])
def test_end_of_input_suspend_and_plain_keys_end_it(keys: list[Any], key: str) -> None:
    """End of input, Ctrl-Z, space, Enter and q each end the screen at once."""
    text, _ = wait([[key], ["never read"]], keys)
    assert text.count(CLEAR) == 1
    assert text.endswith(LEAVE_SCREEN)
    assert keys == [["never read"]]


def test_a_resize_redraws_and_waits_on(keys: list[Any]) -> None:
    """A resize (or any other event) draws the screen again and waits for a key."""
    text, _ = wait([["<resize>"], ["<resize>", "<resize>"], ["<resize>", "y"]], keys)
    assert text.count(CLEAR) == 3
    assert text.endswith(LEAVE_SCREEN)
    assert FakeTerminal.reads == [None, None, None]


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), Terminated(15)])
def test_ctrl_c_and_termination_end_it_quietly(keys: list[Any], stop: BaseException) -> None:
    """Ctrl-C or SIGTERM while it shows: no error, and the screen and cursor come back."""
    text, _ = wait([stop], keys)
    assert text.count(CLEAR) == 1
    assert text.endswith(LEAVE_SCREEN)


def test_the_screen_comes_back_even_when_drawing_fails(
    keys: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error still leaves the alternate screen and shows the cursor."""

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ending, "draw", broken)
    out = CountingFile()
    with pytest.raises(RuntimeError):
        ending.wait_on_ending(finished(), Console(file=out, width=60, height=20))
    assert out.getvalue() == ENTER_SCREEN + LEAVE_SCREEN
    assert out.flushes >= 1


def test_the_ending_uses_backcoachs_console_by_default(
    keys: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a console given, it draws on backcoach's own console."""
    import backcoach.console

    out = CountingFile()
    console = Console(file=out, width=60, height=20)
    monkeypatch.setattr(backcoach.console, "console", lambda: console)
    keys.append(["x"])
    ending.wait_on_ending(finished())
    assert out.getvalue().startswith(ENTER_SCREEN + CLEAR)
    assert out.getvalue().endswith(LEAVE_SCREEN)


# -- one-key questions ------------------------------------------------------------


def test_ask_key_shows_the_prompt_and_echoes_the_key(
    keys: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """The prompt, then the key pressed on the same line; events before it are passed over."""
    keys.extend([["<resize>"], ["<suspend>", "y", "n"]])
    assert ask.ask_key("Go on? [y/n] ") == "y"
    assert capsys.readouterr().out == "Go on? [y/n] y\n"
    assert FakeTerminal.reads == [None, None]


@pytest.mark.parametrize(
    ("key", "shown"),
    [("\r", ""), (" ", ""), ("\x1b", ""), ("\t", ""), ("é", "é"), ("<eof>", "<eof>")],
)
def test_ask_key_echoes_only_what_can_be_seen(
    keys: list[Any], capsys: pytest.CaptureFixture[str], key: str, shown: str
) -> None:
    """Enter, space, Esc and Tab echo as nothing; end of input is returned as a key."""
    keys.append([key])
    assert ask.ask_key("? ") == key
    assert capsys.readouterr().out == f"? {shown}\n"


def test_ask_key_echoes_through_the_given_words(
    keys: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """A question can echo its own words for a key."""
    keys.append(["y"])
    assert ask.ask_key("Sure? ", lambda k: f"<{k.upper()}>") == "y"
    assert capsys.readouterr().out == "Sure? <Y>\n"


@pytest.mark.parametrize("digit", list("0123456789"))
def test_each_digit_is_its_score(digit: str) -> None:
    """0–9 give the score 0–9 and echo it."""
    assert ask.pain_from_key(digit) == int(digit)
    assert ask.pain_words(int(digit), digit) == digit


@pytest.mark.parametrize("key", ["t", "T"])
def test_t_is_ten(key: str) -> None:
    """t (either case) gives 10."""
    assert ask.pain_from_key(key) == 10
    assert ask.pain_words(10, key) == "10"


@pytest.mark.parametrize("key", ["\r", "\n", "q", "Q", "\x1b", "<eof>"])
def test_enter_q_esc_and_end_of_input_skip(key: str) -> None:
    """Enter, q, Q, Esc and end of input skip the check-in."""
    assert ask.pain_from_key(key) is None
    assert ask.pain_words(None, key) == "skipped"


@pytest.mark.parametrize(
    ("key", "shown"),
    [("x", "x"), ("11", "11"), (" ", "that key"), ("\x7f", "that key")],
)
def test_other_keys_are_not_a_score(key: str, shown: str) -> None:
    """Letters, several digits and invisible keys are refused with the reason."""
    assert ask.pain_from_key(key) is False
    assert ask.pain_words(False, key) == shown + NOT_A_SCORE


def test_ask_pain_takes_a_digit(keys: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    """'Before: Pain right now…' then 3 gives 3, echoed after the prompt."""
    keys.append(["3"])
    assert ask.ask_pain("before") == 3
    assert capsys.readouterr().out == f"Before: {PAIN_PROMPT}3\n"


def test_ask_pain_zero_is_a_score_not_a_skip(keys: list[Any]) -> None:
    """0 is a real answer: no pain."""
    keys.append(["0"])
    assert ask.ask_pain("after") == 0


def test_ask_pain_t_is_ten(keys: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    """t answers 10."""
    keys.append(["t"])
    assert ask.ask_pain("after") == 10
    assert capsys.readouterr().out == f"After: {PAIN_PROMPT}10\n"


@pytest.mark.parametrize("key", ["\r", "q", "<eof>"])
def test_ask_pain_skips(keys: list[Any], capsys: pytest.CaptureFixture[str], key: str) -> None:
    """Enter, q or end of input skip: None, echoed as 'skipped'."""
    keys.append([key])
    assert ask.ask_pain("before") is None
    assert capsys.readouterr().out == f"Before: {PAIN_PROMPT}skipped\n"


def test_ask_pain_asks_again_after_a_wrong_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong key says why and asks again; the next good key answers."""
    batches: list[Any] = [["x"], [" "], ["7"]]
    monkeypatch.setattr(FakeTerminal, "batches", batches)
    monkeypatch.setattr(terminal, "KeyboardTerminal", FakeTerminal)
    assert ask.ask_pain("before") == 7
    assert capsys.readouterr().out == (
        f"Before: {PAIN_PROMPT}x{NOT_A_SCORE}\n"
        f"Before: {PAIN_PROMPT}that key{NOT_A_SCORE}\n"
        f"Before: {PAIN_PROMPT}7\n"
    )


def test_ctrl_c_at_a_question_reaches_the_caller(keys: list[Any]) -> None:
    """Ctrl-C while asked is not an answer: it stops the question (and the terminal is restored)."""
    keys.append(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        ask.ask_pain("before")


@pytest.mark.parametrize("key", ["²", "٣"])
def test_a_digit_that_is_not_ascii_is_not_a_score(key: str) -> None:
    """² (a key of its own on French keyboards) and ٣ are refused, not a crash or a score."""
    assert ask.pain_from_key(key) is False
    assert ask.pain_words(False, key) == key + NOT_A_SCORE
