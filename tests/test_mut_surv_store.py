"""The history: created in a race, closed from anywhere, the nudge state best effort."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from backcoach.history import store
from backcoach.history.checks import HistoryError
from backcoach.history.store import History

START = dt.datetime(2026, 11, 2, 7, 30, tzinfo=dt.UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def in_thread(work: object) -> list[BaseException]:
    """Run `work` in another thread; what it raised, if anything."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as error:  # noqa: BLE001 - kept for the test to see
            raised.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return raised


def test_a_history_that_has_read_nothing_has_skipped_nothing(path: Path) -> None:
    """Skipped rows are counted by a read: none before one, none after a read set aside."""
    history = History.open(path)
    assert history.skipped == 0
    history.set_aside("OSError: boom")
    assert history.sessions() == []
    assert history.skipped == 0


def test_a_history_created_by_another_process_meanwhile_is_opened(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two backcoach starting at once: the file the other one just made is used, not refused."""
    make_folder = store.ensure_private_dir

    def other_process_first(folder: str) -> Path:
        made = make_folder(folder)
        path.write_bytes(b"")  # created, not yet written
        return made

    monkeypatch.setattr(store, "ensure_private_dir", other_process_first)
    history = History.open(str(path))
    assert history.failed is None
    assert history.start_session() == 1
    history.close()


def test_a_history_whose_folder_is_a_file_says_the_cause_in_words(tmp_path: Path) -> None:
    """The cause in words only ("File exists"), not the error's number and path."""
    (tmp_path / "data").write_text("")
    path = tmp_path / "data" / "history.sqlite3"
    with pytest.raises(HistoryError) as raised:
        History.open(path)
    assert str(raised.value) == (
        f"{path}: cannot create the history (File exists); "
        "check that its folder is a folder you can write to"
    )


def test_a_history_closed_from_another_thread_does_not_raise(path: Path) -> None:
    """Closing, and setting aside, a handle from another thread: nothing raised, said once."""
    history = History.open(path)
    assert in_thread(history.close) == []
    other = History.open(path.with_name("other.sqlite3"))
    assert in_thread(lambda: other.set_aside("OSError: boom")) == []
    assert other.failed is not None and other.failed.startswith(f"{other.file}: the history")


def test_a_nudge_state_removed_before_closing_is_not_an_error(path: Path) -> None:
    """The state left after a stretch done, then deleted by someone: closing still works."""
    history = History.open(path, now=lambda: START)
    session_id = history.start_session()
    history.record_stretch(session_id, "bridge", "done")
    state = path.parent / "nudge-state"
    assert state.read_text() == "2026-11-02 1\n"
    state.unlink()
    history.close()
    assert not state.exists()


def test_a_nudge_state_that_cannot_be_written_leaves_the_history_in_use(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The nudge's state is best effort: failing to write it sets nothing aside, says nothing."""
    history = History.open(path, now=lambda: START)
    (path.parent / f"nudge-state.{os.getpid()}.tmp").mkdir()  # the temporary cannot be written
    session_id = history.start_session()
    history.record_stretch(session_id, "bridge", "done")
    assert history.failed is None
    assert capsys.readouterr().err == ""
    assert not (path.parent / "nudge-state").exists()
    assert [s.stretches for s in history.sessions()] == [(("bridge", "done"),)]
    history.close()


def test_a_history_made_through_a_link_to_a_file_not_there_yet_is_private(
    tmp_path: Path,
) -> None:
    """A history path linked elsewhere (dotfiles, a synced folder): the file made is 0600."""
    target = tmp_path / "synced" / "history.sqlite3"
    target.parent.mkdir()
    link = tmp_path / "data" / "history.sqlite3"
    link.parent.mkdir(mode=0o700)
    link.symlink_to(target)
    history = History.open(str(link))
    assert history.failed is None
    assert history.start_session() == 1
    history.close()
    assert link.is_symlink()
    assert os.stat(target).st_mode & 0o777 == 0o600
