"""The nudge's line from small real histories, its quiet failure, and the medical note's mark."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.history import nudge, state
from backcoach.history.store import History
from backcoach.history.streaks import NUDGE_STATE_FILE

TODAY = dt.date(2026, 3, 30)
YESTERDAY = TODAY - dt.timedelta(days=1)


def streak_line(days: int) -> str:
    return (
        f"backcoach: no stretches yet today; keep your {days}-day streak "
        "going with `backcoach session`"
    )


def practise(*days: dt.date, outcome: str = "done") -> None:
    """A session at 7:30 on each day, with bridge done (or `outcome`)."""
    moment = [dt.datetime.combine(days[0], dt.time(7, 30)).astimezone()]
    history = History.open(now=lambda: moment[0])
    for day in days:
        moment[0] = dt.datetime.combine(day, dt.time(7, 30)).astimezone()
        session = history.start_session()
        history.record_stretch(session, "bridge", outcome)
        history.end_session(session, "finished")
    history.close()


def struct(day: dt.date) -> time.struct_time:
    return time.localtime(time.mktime((day.year, day.month, day.day, 9, 0, 0, 0, 0, -1)))


def ago(*days: int) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=n) for n in days]


@pytest.fixture
def odd_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose path has %, ? and # in it, which a SQLite URI must escape."""
    home = tmp_path / "back%41coach?mode=rw#home"
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    monkeypatch.chdir(tmp_path)  # anything opened by a wrong name lands here, not in the repo
    return home


def test_the_streak_line_word_for_word() -> None:
    """Practised the two days before today: the exact line with the 2-day streak."""
    practise(*ago(2, 1))
    assert nudge.message(struct(TODAY)) == streak_line(2)


def test_sqlite_answers_in_a_folder_with_uri_characters(odd_home: Path) -> None:
    """With no state file, the history is read in place even with % ? # in its path."""
    practise(*ago(9, 8, 7, 2, 1))
    (odd_home / NUDGE_STATE_FILE).unlink()
    assert nudge.message(struct(TODAY)) == streak_line(2)  # the streak now, not the longest
    assert os.listdir(odd_home.parent) == [odd_home.name]  # nothing made by a wrong name


def test_sqlite_says_today_was_practised(odd_home: Path) -> None:
    """From SQLite: a stretch done today means no nudge."""
    practise(*ago(1, 0))
    (odd_home / NUDGE_STATE_FILE).unlink()
    assert nudge.message(struct(TODAY)) is None


def test_a_history_with_nothing_done_reminds(odd_home: Path) -> None:
    """Sessions in which every stretch was skipped count for nothing: the plain reminder."""
    practise(*ago(1), outcome="skipped")
    (odd_home / NUDGE_STATE_FILE).unlink(missing_ok=True)
    assert nudge.message(struct(TODAY)) == nudge.REMIND


def test_a_history_dated_at_the_epoch_is_still_read(backcoach_home: Path) -> None:
    """A history file whose time is 0 (no state file) is read through SQLite, not trusted blind."""
    practise(*ago(1))
    (backcoach_home / NUDGE_STATE_FILE).unlink()
    os.utime(backcoach_home / "history.sqlite3", (0, 0))
    assert nudge.message(struct(TODAY)) == streak_line(1)


def test_a_state_file_as_old_as_an_epoch_history_is_not_trusted(backcoach_home: Path) -> None:
    """History and state both dated 0: SQLite answers, not the state file."""
    practise(*ago(1))
    state_file = backcoach_home / NUDGE_STATE_FILE
    state_file.write_text(f"{YESTERDAY.isoformat()} 9\n")
    for path in (backcoach_home / "history.sqlite3", state_file):
        os.utime(path, (0, 0))
    assert nudge.message(struct(TODAY)) == streak_line(1)


def test_a_state_file_as_new_as_the_history_is_trusted(backcoach_home: Path) -> None:
    """State and history written in the same second: the state file answers."""
    practise(*ago(1))
    state_file = backcoach_home / NUDGE_STATE_FILE
    state_file.write_text(f"{YESTERDAY.isoformat()} 9\n")
    for path in (backcoach_home / "history.sqlite3", state_file):
        os.utime(path, (1, 1))
    assert nudge.message(struct(TODAY)) == streak_line(9)


def test_a_newer_write_ahead_log_makes_the_state_stale(backcoach_home: Path) -> None:
    """A -wal file newer than the state file means the history moved on: SQLite answers."""
    practise(*ago(1))
    state_file = backcoach_home / NUDGE_STATE_FILE
    state_file.write_text(f"{YESTERDAY.isoformat()} 9\n")
    wal = backcoach_home / "history.sqlite3-wal"
    wal.touch()
    os.utime(backcoach_home / "history.sqlite3", (100, 100))
    os.utime(state_file, (200, 200))
    os.utime(wal, (300, 300))
    assert nudge.message(struct(TODAY)) == streak_line(1)


def test_only_the_start_of_a_state_file_is_read(backcoach_home: Path) -> None:
    """The state file is read 100 bytes at most: what follows is never looked at."""
    practise(*ago(1))
    state_file = backcoach_home / NUDGE_STATE_FILE
    head = f"{YESTERDAY.isoformat()} 4"
    state_file.write_text(head + " " * (100 - len(head)) + "junk that is never read\n")
    assert nudge.message(struct(TODAY)) == streak_line(4)


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Fail, rather than hang, if the code blocks for more than two seconds."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_a_fifo_in_place_of_the_state_file_does_not_hang(
    backcoach_home: Path, watchdog: None
) -> None:
    """A FIFO where the state file should be is refused at once, never waited on."""
    practise(*ago(1))
    state_file = backcoach_home / NUDGE_STATE_FILE
    state_file.unlink()
    os.mkfifo(state_file)
    os.utime(backcoach_home / "history.sqlite3", (100, 100))
    os.utime(state_file, (200, 200))
    with pytest.raises(OSError, match="not a regular file"):
        nudge.message(struct(TODAY))


def test_main_prints_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`backcoach nudge` prints the reminder on a line of its own and exits 0."""
    assert nudge.main() == 0
    assert capsys.readouterr().out == nudge.REMIND + "\n"


def test_main_prints_nothing_once_practised_today(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Practised today: nothing at all is printed."""
    monkeypatch.setattr(nudge, "message", lambda: None)
    assert nudge.main() == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("problem", [RuntimeError("broken"), KeyboardInterrupt()])
def test_main_fails_silently_and_mutes_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: BaseException
) -> None:
    """On any problem (Ctrl-C too): exit 0, and nothing more reaches standard output."""

    def broken() -> str:
        raise problem

    monkeypatch.setattr(nudge, "message", broken)
    target = tmp_path / "stdout"
    with open(target, "w") as out:
        monkeypatch.setattr(sys, "stdout", out)
        assert nudge.main() == 0
        os.write(out.fileno(), b"printed at exit\n")
    assert target.read_text() == ""


def test_main_mutes_standard_output_when_the_pipe_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed pipe while printing: exit 0 and no complaint written afterwards."""
    target = tmp_path / "stdout"

    class ClosedPipe:
        def __init__(self, fd: int) -> None:
            self.fd = fd

        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return self.fd

    with open(target, "w") as out:
        monkeypatch.setattr(sys, "stdout", ClosedPipe(out.fileno()))
        assert nudge.main() == 0
        os.write(out.fileno(), b"Exception ignored ... BrokenPipeError\n")
    assert target.read_text() == ""


# -- the medical note's mark ------------------------------------------------------------


def test_accepting_the_medical_note_is_remembered(backcoach_home: Path) -> None:
    """Not accepted at first; once accepted, a private file says when, and it is remembered."""
    assert state.medical_note_accepted() is False
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    assert state.accept_medical_note() is True
    assert state.medical_note_accepted() is True
    mark = backcoach_home / "medical-note-accepted"
    text = mark.read_text()
    found = re.fullmatch(r"accepted (\S+)\n", text)
    assert found, text
    when = dt.datetime.fromisoformat(found.group(1))
    assert when.tzinfo is not None
    assert before <= when <= dt.datetime.now().astimezone()
    assert stat.S_IMODE(mark.stat().st_mode) == 0o600
    assert stat.S_IMODE(backcoach_home.stat().st_mode) == 0o700


def test_accepting_again_keeps_the_first_date(backcoach_home: Path) -> None:
    """A second acceptance leaves the first mark as it was."""
    backcoach_home.mkdir(mode=0o700)
    mark = backcoach_home / "medical-note-accepted"
    mark.write_text("accepted 2026-01-01T07:00:00+00:00\n")
    mark.chmod(0o644)
    assert state.accept_medical_note() is True
    assert mark.read_text() == "accepted 2026-01-01T07:00:00+00:00\n"
    assert stat.S_IMODE(mark.stat().st_mode) == 0o644


def test_a_folder_in_place_of_the_mark_is_not_an_acceptance(backcoach_home: Path) -> None:
    """Only a file counts as the mark."""
    (backcoach_home / "medical-note-accepted").mkdir(parents=True)
    assert state.medical_note_accepted() is False


def test_when_the_mark_cannot_be_written_the_note_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data folder that cannot be made: False (asked again next time), no error."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BACKCOACH_HOME", str(blocker / "home"))
    assert state.accept_medical_note() is False
    assert state.medical_note_accepted() is False
