"""Hostile conditions at run time (issue 15, items 6, 7, 8, 10, 11, 13).

Keys that are escape sequences or pasted text, signals that would kill, a
terminal that goes away, output that cannot be written, a history damaged in
every way we know, a home that is not a folder. Each class is tried with
several members. Processes run without PYTHONUNBUFFERED, as a person's would.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from backcoach.history.liveness import process_start
from backcoach.history.migrations import migrate
from backcoach.history.store import History, HistoryError, default_path
from backcoach.session.terminal import KeyboardTerminal, terminating_signals
from helpers import dead_pid
from test_session_pty import Session, plain

FULL = "Error: cannot write output: no space left on device\n"
SHORT_SESSION = ["session", "--plain", "--only", "bird-dog", "--speed", "1000", "--no-checkin"]


def env(**extra: str) -> dict[str, str]:
    """The test's environment for a backcoach process: buffered output, as in real use."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environ.update(extra)
    return environ


def backcoach(
    *args: str, stdout: object = subprocess.PIPE, shell_redirect: str = "", **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `backcoach ARGS`; `shell_redirect` (like '>&-') is applied by sh before it starts."""
    command = [sys.executable, "-m", "backcoach", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
        timeout=120,
        check=False,
    )


def no_bug_report(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "This is a bug" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr


def recorded() -> list[dict]:  # type: ignore[type-arg]
    """The sessions in the history, as `history --json` gives them."""
    result = backcoach("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["sessions"]  # type: ignore[no-any-return]


def seed_history(sessions: int = 2) -> Path:
    """A history with `sessions` finished sessions of bird-dog, written by backcoach itself."""
    for _ in range(sessions):
        result = backcoach(*SHORT_SESSION)
        assert result.returncode == 0, result.stderr
    return default_path()


# -- item 10: output that cannot be written -----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["session", "--help"],
        ["list"],
        ["list", "--json"],
        ["show", "bridge"],
        ["session", "--dry-run"],
        ["session", "--dry-run", "--json"],
        ["history", "--csv"],
        ["routines"],
    ],
)
def test_a_full_disk_on_stdout_is_one_clear_error(args: list[str]) -> None:
    """Output to /dev/full: one line "cannot write output: no space left on device", exit 1."""
    if args == ["history", "--csv"]:
        seed_history(1)
    with open("/dev/full", "w") as full:
        result = backcoach(*args, stdout=full)
    assert (result.returncode, result.stderr) == (1, FULL)


@pytest.mark.slow
@pytest.mark.parametrize("redirect", [">&-", ">/dev/full", ">&- 2>&-", ">/dev/full 2>/dev/full"])
def test_nudge_is_silent_whatever_its_output(redirect: str) -> None:
    """`nudge` with stdout closed or full (stderr too): nothing said, exit 0."""
    result = backcoach("nudge", shell_redirect=redirect)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["session", "--dry-run"], ["list"], ["show", "bird-dog"], ["history", "--csv"]]
)
def test_a_reader_that_goes_away_is_a_quiet_exit_0(args: list[str]) -> None:
    """`backcoach ... | head -1`, buffered: exit 0, nothing on stderr."""
    if args[0] == "history":
        seed_history(1)
    result = subprocess.run(
        [
            "bash",
            "-c",
            '"$@" | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}"',
            "bash",
            *(sys.executable, "-m", "backcoach", *args),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["show", "no-such-stretch"], ["session", "--only", "nope"], ["history", "--since", "x"]],
)
def test_with_stderr_closed_messages_never_reach_stdout(args: list[str]) -> None:
    """An error with stderr closed: exit 2 and stdout stays empty."""
    result = backcoach(*args, shell_redirect="2>&-")
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.slow
@pytest.mark.parametrize("args", [SHORT_SESSION, ["list"], ["resume", "bridge"]])
def test_with_stdout_closed_nothing_runs_and_nothing_is_recorded(args: list[str]) -> None:
    """stdout closed (`>&-`): exit 1 with a clear message, no session recorded, no crash."""
    result = backcoach(*args, shell_redirect=">&-")
    assert result.returncode == 1
    assert "cannot write output: standard output is closed" in result.stderr
    no_bug_report(result.stderr)
    assert not default_path().exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "bridge"],
        ["session", "--dry-run"],
        ["routines"],
        ["config"],
        ["history"],
        SHORT_SESSION,
        ["show", "nope"],
    ],
)
def test_an_ascii_only_output_gets_ascii_look_alikes(args: list[str]) -> None:
    """PYTHONIOENCODING=ascii: every view draws in ASCII instead of crashing."""
    if args == ["history"]:
        seed_history(1)
    result = backcoach(*args, PYTHONIOENCODING="ascii")
    no_bug_report(result.stderr)
    assert result.returncode == (2 if args[-1] == "nope" else 0), result.stderr
    assert result.stdout.isascii() and result.stderr.isascii()
    if args[:1] == ["show"] and result.returncode == 0:
        assert "+---" in result.stdout  # the panel drawn with ASCII


# -- item 7: a history damaged in every way ---------------------------------------------


def _overwrite_page_3(path: Path) -> None:
    with path.open("r+b") as file:
        file.seek(2 * 4096)
        file.write(os.urandom(4096))


def _sql(statement: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            db.execute(statement)
        db.close()

    return damage


WHOLE_FILE_DAMAGE = {
    "random bytes over page 3": _overwrite_page_3,
    "user_version -5": _sql("PRAGMA user_version = -5"),
    "user_version 999": _sql("PRAGMA user_version = 999"),
}
ROW_DAMAGE = {
    "started_at garbage": _sql("UPDATE sessions SET started_at = 'garbage' WHERE id = 1"),
    "ended_at garbage": _sql("UPDATE sessions SET ended_at = 'x' WHERE id = 1"),
    "started_at a number": _sql("UPDATE sessions SET started_at = 12 WHERE id = 1"),
}


def _checkpointed(path: Path) -> bytes:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(WHOLE_FILE_DAMAGE), ids=list(WHOLE_FILE_DAMAGE))
def test_a_damaged_history_never_stops_list_or_a_session_and_is_not_written(damage: str) -> None:
    """list and session still run; the session says it is not recorded; the file is unchanged."""
    path = seed_history(1)
    _checkpointed(path)
    WHOLE_FILE_DAMAGE[damage](path)
    before = path.read_bytes()

    listed = backcoach("list")
    assert listed.returncode == 0
    no_bug_report(listed.stderr)
    session = backcoach(*SHORT_SESSION)
    assert session.returncode == 0, session.stderr
    assert "Session complete" in session.stdout
    assert "NOT being recorded" in session.stderr
    assert session.stderr.count(str(path)) == 1, session.stderr  # said once
    no_bug_report(session.stderr)
    history = backcoach("history")
    assert history.returncode in (1, 2)
    assert str(path) in history.stderr
    no_bug_report(history.stderr)
    assert path.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(ROW_DAMAGE), ids=list(ROW_DAMAGE))
def test_an_unreadable_row_is_skipped_and_counted(damage: str) -> None:
    """A session row that cannot be read: history, list and session work; history counts it."""
    path = seed_history(2)
    ROW_DAMAGE[damage](path)

    for args in (["history"], ["history", "--csv"], ["list"], SHORT_SESSION):
        result = backcoach(*args)
        assert result.returncode == 0, (args, result.stderr)
        no_bug_report(result.stderr)
        if args[0] == "history":
            assert "1 session in" in result.stderr and "could not be read" in result.stderr
    ids = [session["id"] for session in recorded()]
    assert 1 not in ids and len(ids) == 2  # the second seeded session and the new one


@pytest.mark.slow
@pytest.mark.parametrize("since", ["notadate", "", "2026-13-45"])
def test_a_hold_with_a_bad_date_still_holds(since: str) -> None:
    """A hold whose date cannot be read still keeps the stretch out, and nothing crashes."""
    path = seed_history(1)
    _sql(f"INSERT INTO holds (stretch_id, since, reason) VALUES ('bird-dog', '{since}', 'hurt')")(
        path
    )
    for args in (["list"], ["show", "bird-dog"], ["history", "--json"]):
        result = backcoach(*args)
        assert result.returncode == 0, result.stderr
        no_bug_report(result.stderr)
    session = backcoach(*SHORT_SESSION)
    assert session.returncode == 2  # the one stretch chosen is on hold
    assert "on hold" in session.stderr
    no_bug_report(session.stderr)


def test_a_history_that_refuses_writes_is_set_aside_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Writes refused (read-only): said once, nothing more written, reads give nothing."""
    path = tmp_path / "history.sqlite3"
    history = History.open(path)
    history.db.execute("PRAGMA query_only = ON")  # as a read-only file answers writes
    assert history.start_session() is None
    assert history.failed is not None
    history.record_stretch(1, "bridge", "done")
    history.end_session(1, "finished")
    assert history.sessions() == [] and history.on_hold() == {}
    said = capsys.readouterr().err
    assert said.count("set aside") == 1 and str(path) in said
    with pytest.raises(HistoryError) as again:
        History.open(path)
    assert again.value.said  # refused at once, and not said a second time
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    db.close()


def test_a_history_deleted_mid_session_is_said_and_not_recreated(tmp_path: Path) -> None:
    """Deleting the file mid-session: the next write says so, and no new file appears."""
    path = tmp_path / "history.sqlite3"
    history = History.open(path)
    history.say_at_once = False  # as during a live session: the end says it
    session_id = history.start_session()
    assert session_id is not None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    history.record_stretch(session_id, "bridge", "done")
    assert history.failed is not None and "deleted or replaced" in history.failed
    history.end_session(session_id, "finished")
    assert not path.exists()


@pytest.mark.parametrize("what", ["replaced", "moved"])
def test_a_history_replaced_mid_session_is_not_written(tmp_path: Path, what: str) -> None:
    """A different file at the path (or none): backcoach stops writing, the new file untouched."""
    path = tmp_path / "history.sqlite3"
    history = History.open(path)
    session_id = history.start_session()
    assert session_id is not None
    os.replace(path, tmp_path / "elsewhere.sqlite3")
    if what == "replaced":
        path.write_bytes(b"someone else's file")
    history.end_session(session_id, "finished")
    assert history.failed is not None
    if what == "replaced":
        assert path.read_bytes() == b"someone else's file"


# -- item 13: `running`, and the process that wrote it ------------------------------------


def test_migration_4_records_the_process_start(tmp_path: Path) -> None:
    """Migration 4 adds process_start to a version-3 history, keeping its rows; sessions fill it."""
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, target=3)
    db.execute(
        "INSERT INTO sessions (started_at, status) VALUES ('2026-11-02T07:30:00+00:00', 'finished')"
    )
    db.close()
    history = History.open(path)
    (old,) = history.sessions()
    assert old.status == "finished"
    session_id = history.start_session()
    row = history.db.execute(
        "SELECT pid, process_start FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    assert row == (os.getpid(), process_start())
    if sys.platform.startswith("linux"):
        assert row[1] is not None and ":" in row[1]


def _running(history: History, pid: int, started: str | None) -> int:
    session_id = history.start_session()
    assert session_id is not None
    history.db.execute(
        "UPDATE sessions SET pid = ?, process_start = ? WHERE id = ?", (pid, started, session_id)
    )
    return session_id


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process start from /proc")
@pytest.mark.parametrize(
    ("who", "status"),
    [("reused pid", "interrupted"), ("dead pid", "interrupted"), ("the live process", "running")],
)
def test_a_session_whose_process_is_gone_shows_interrupted_at_once(
    tmp_path: Path, who: str, status: str
) -> None:
    """A live pid with another start time is a reused pid: interrupted at once, even read-only."""
    live = os.getppid()
    history = History.open(tmp_path / "history.sqlite3")
    if who == "reused pid":
        _running(history, live, "some-other-boot:12345")
    elif who == "dead pid":
        _running(history, dead_pid(), None)
    else:
        _running(history, live, process_start(live))
    history.db.execute("PRAGMA query_only = ON")  # shown so even where it cannot be written
    (session,) = history.sessions()
    assert session.status == status
    assert history.failed is None


def _plain_session(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "backcoach", *SHORT_SESSION[:-3], "--no-checkin", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


def _first_phase(process: subprocess.Popen[str]) -> None:
    """Read the plain lines until the first stretch's first phase."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("[0:00]"):
            return
    raise AssertionError("the session never started")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM])
def test_a_signal_that_would_kill_a_plain_session_records_it(signum: int) -> None:
    """Without a terminal too: the summary, exit 128+n, recorded interrupted."""
    process = _plain_session("--speed", "5")
    try:
        _first_phase(process)
        os.kill(process.pid, signum)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 128 + signum, err
    assert "Session stopped" in out
    no_bug_report(err)
    assert [s["status"] for s in recorded()] == ["interrupted"]


@pytest.mark.slow
def test_deleting_the_history_mid_session_is_said() -> None:
    """The history deleted while a session runs: said at the end, and no new file is made."""
    process = _plain_session("--speed", "40")
    try:
        _first_phase(process)
        path = default_path()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Session complete" in out
    assert "deleted or replaced" in err and "not recorded" in err
    no_bug_report(err)
    assert not default_path().exists()


# -- item 11: paths and environment -----------------------------------------------------


def _file(tmp_path: Path) -> Path:
    home = tmp_path / "a-file"
    home.write_text("x")
    return home


def _dangling(tmp_path: Path) -> Path:
    home = tmp_path / "dangling"
    home.symlink_to(tmp_path / "nowhere")
    return home


def _under_a_file(tmp_path: Path) -> Path:
    return _file(tmp_path) / "sub"


BAD_HOMES = {"a file": _file, "a dangling symlink": _dangling, "under a file": _under_a_file}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(BAD_HOMES), ids=list(BAD_HOMES))
@pytest.mark.parametrize(
    "args", [["list"], ["history"], SHORT_SESSION, ["config"], ["routines", "new", "x"]]
)
def test_a_home_that_is_not_a_folder_is_a_clear_error(
    tmp_path: Path, kind: str, args: list[str]
) -> None:
    """A home that is a file, a dangling link or under a file: exit 2, a message naming it."""
    home = BAD_HOMES[kind](tmp_path)
    result = backcoach(*args, BACKCOACH_HOME=str(home))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: ") and "BACKCOACH_HOME" in result.stderr
    no_bug_report(result.stderr)
    nudge = backcoach("nudge", BACKCOACH_HOME=str(home))
    assert (nudge.returncode, nudge.stderr) == (0, "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a folder whatever its mode")
def test_an_unreadable_home_is_a_clear_error(tmp_path: Path) -> None:
    """A home without read permission: exit 2, "permission denied"."""
    home = tmp_path / "locked"
    home.mkdir(mode=0)
    try:
        result = backcoach("list", BACKCOACH_HOME=str(home))
    finally:
        home.chmod(0o700)
    assert result.returncode == 2
    assert "permission denied" in result.stderr


@pytest.mark.parametrize("args", [["list"], ["history"], ["show", "bridge"]])
def test_a_home_without_permission_is_a_clear_error(
    backcoach_home: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A home that cannot be read (as root would see it without root): exit 2, "permission"."""
    from backcoach import paths
    from helpers import invoke

    backcoach_home.mkdir()
    monkeypatch.setattr(paths.os, "access", lambda path, mode: False)
    result = invoke(*args)
    assert result.exit_code == 2
    assert f"{backcoach_home} cannot be read by you (permission denied)" in result.stderr


@pytest.mark.parametrize("name", ["²", "٣", "¹⁰", "Ⅶ"])
@pytest.mark.parametrize("how", ["show", "only"])
def test_numbers_that_are_not_ascii_digits_are_unknown_names(name: str, how: str) -> None:
    """`show ²` and `--only ²`: "no stretch called", exit 2."""
    from helpers import invoke

    args = ["show", name] if how == "show" else ["session", "--dry-run", "--only", name]
    result = invoke(*args)
    assert result.exit_code == 2
    assert f"no stretch called '{name}'" in result.stderr


@pytest.mark.parametrize("command", ["espeak-ng 'x", 'say "hello', "espeak-ng \\"])
@pytest.mark.parametrize("where", ["environment", "config"])
def test_a_speech_command_that_cannot_be_split_is_bad_input(
    command: str, where: str, backcoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unclosed quote in speech_command: exit 2, a message naming it; no session."""
    from helpers import invoke

    if where == "environment":
        monkeypatch.setenv("BACKCOACH_SPEECH_COMMAND", command)
    else:
        backcoach_home.mkdir(parents=True, exist_ok=True)
        quoted = command.replace("\\", "\\\\").replace('"', '\\"')
        (backcoach_home / "config.toml").write_text(f'speech_command = "{quoted}"\n')
    result = invoke("session", "--voice", "--plain", "--only", "bird-dog", "--no-checkin")
    assert result.exit_code == 2, result.output
    assert "speech_command" in result.stderr and "cannot be read as a command" in result.stderr
    assert not default_path().exists()


@pytest.mark.slow
@pytest.mark.parametrize("log", ["/nonexistent/x", "/", "/dev/full/x"])
def test_a_timing_log_that_cannot_be_opened_only_warns(log: str) -> None:
    """BACKCOACH_TIMING_LOG that cannot be opened: a warning; the session runs and is recorded."""
    result = backcoach(*SHORT_SESSION, BACKCOACH_TIMING_LOG=log)
    assert result.returncode == 0, result.stderr
    assert "BACKCOACH_TIMING_LOG" in result.stderr and "not logged" in result.stderr
    no_bug_report(result.stderr)
    assert [s["status"] for s in recorded()] == ["finished"]


# -- item 6: keys, read whole --------------------------------------------------------------


class Keys:
    """A KeyboardTerminal reading from a pipe, and the pipe's writing end."""

    def __init__(self) -> None:
        self.read_end, self.write_end = os.pipe()
        self.terminal = KeyboardTerminal(self.read_end)
        self.terminal._wake_r = os.open(os.devnull, os.O_RDONLY)

    def __call__(self, data: bytes) -> list[str]:
        os.write(self.write_end, data)
        return self.terminal.read(0)

    def close(self) -> None:
        for fd in (self.read_end, self.write_end, self.terminal._wake_r):
            os.close(fd)


@pytest.fixture
def keys() -> Iterator[Keys]:
    """Feed bytes to a KeyboardTerminal through a pipe and get the keys it reads."""
    feeder = Keys()
    yield feeder
    feeder.close()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x1bOP", ["<esc:OP>"]),  # F1
        (b"\x1b[12~", ["<esc:[12~>"]),  # F2 (another form)
        (b"\x1b[B", ["<esc:[B>"]),  # Down
        (b"\x1b[1;5A", ["<esc:[1;5A>"]),  # Ctrl-Up
        (b"\x1bp", ["<esc:p>"]),  # Alt-p
        (b"\x1bn", ["<esc:n>"]),  # Alt-n
        (b"\x1b", ["\x1b"]),  # a lone Esc, once nothing follows
        (b"\x1b\x1b[A", ["\x1b", "<esc:[A>"]),
        (b"p", ["p"]),
        (b"n ", ["n", " "]),
        ("é".encode(), ["é"]),
        (b"hello", []),  # a burst: a paste, dropped
        (b"\x1b[200~pqnb\x1b[201~", []),  # a marked paste, dropped
        (b"\x1b[200~q\x1b[201~", []),  # even a short one
    ],
)
def test_escape_sequences_are_read_whole(keys: Keys, data: bytes, expected: list[str]) -> None:
    """An escape sequence is one unbound key; a lone Esc is Esc; a paste gives nothing."""
    assert keys(data) == expected


def test_a_sequence_cut_between_two_reads_is_one_key(keys: Keys) -> None:
    """ESC [ now and B a moment later (within the Esc timeout) still make one Down key."""
    import threading

    later = threading.Timer(0.01, os.write, (keys.write_end, b"B"))
    later.start()
    try:
        assert keys(b"\x1b[") == ["<esc:[B>"]
    finally:
        later.join()


def test_a_character_cut_between_two_reads_is_one_key(keys: Keys) -> None:
    """The first byte of "é" now and the second a moment later: one key, "é"."""
    import threading

    later = threading.Timer(0.01, os.write, (keys.write_end, "é".encode()[1:]))
    later.start()
    try:
        assert keys("é".encode()[:1]) == ["é"]
    finally:
        later.join()


def test_every_terminating_signal_is_covered() -> None:
    """The signals that would end the process are all handled, and faults are not."""
    covered = set(terminating_signals())
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU"):
        assert getattr(signal, name) in covered
    for name in ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGKILL", "SIGSTOP", "SIGPIPE"):
        assert getattr(signal, name) not in covered
    if hasattr(signal, "SIGRTMIN"):
        assert signal.SIGRTMIN in covered and signal.SIGRTMAX in covered


# -- in a real terminal: keys, signals, a terminal that goes away ----------------------------

WRAPPER = '''\
"""Run a command on this terminal, say its pid, then how it ended and the terminal's modes."""
import signal
import subprocess
import sys
import termios

import os

before = termios.tcgetattr(0)
signal.signal(signal.SIGINT, lambda signum, frame: None)
if os.environ.get("WRAPPER_EXIT_FILE"):  # outlive the terminal, to tell the exit code
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
if os.environ.get("WRAPPER_BLOCK_SIGHUP"):
    # The program never gets SIGHUP: it sees the terminal go by EIO alone.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
child = subprocess.Popen(
    sys.argv[1:], preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL)
)
print(f"PID={child.pid}", flush=True)
code = child.wait()
if os.environ.get("WRAPPER_EXIT_FILE"):
    with open(os.environ["WRAPPER_EXIT_FILE"], "w") as file:
        file.write(str(code))
try:
    after = termios.tcgetattr(0)
except termios.error:
    sys.exit(0)
print(f"EXIT={code}")
print("ECHO=" + ("on" if after[3] & termios.ECHO else "off"))
print("ICANON=" + ("on" if after[3] & termios.ICANON else "off"))
print("MODES=" + ("restored" if after == before else "changed"))
'''


class Running(Session):
    pid: int


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    """`backcoach session ARGS --speed S` in an 80x24 pty under a wrapper that says its pid."""
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    children: list[pexpect.spawn] = []
    base = env(TERM="xterm-256color")
    for name in ("COLUMNS", "LINES"):
        base.pop(name, None)

    def start(*args: str, speed: float = 10, checkin: bool = False, **extra: str) -> Running:
        command = [sys.executable, "-m", "backcoach", "session", *args, "--speed", str(speed)]
        if not checkin:
            command.append("--no-checkin")
        child = pexpect.spawn(
            sys.executable,
            [str(wrapper), *command],
            env={**base, **extra},
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=10,
            maxread=65536,
        )
        log = io.StringIO()
        child.logfile_read = log
        children.append(child)
        child.expect(r"PID=(\d+)")
        running = Running(child, log)
        running.pid = int(child.match.group(1))
        return running

    yield start
    for child in children:
        if child.isalive():
            child.close(force=True)


def live(spawn: Callable[..., Running], *args: str, **extra: str) -> Running:
    """Accept the note, skip the countdown, and wait for the first stretch of two."""
    session = spawn("--only", "bridge,bird-dog", *args, **extra)
    session.accept_note()
    session.expect("GET READY")
    session.key(" ")
    session.expect("Stretch 1 of 2 · ")
    return session


def history_statuses() -> list[tuple[str, list[tuple[str, str]]]]:
    history = History.open(create=False)
    try:
        return [(s.status, list(s.stretches)) for s in history.sessions()]
    finally:
        history.close()


UNBOUND = {
    "F1": "\x1bOP",
    "F2": "\x1bOQ",
    "F5": "\x1b[15~",
    "Up": "\x1b[A",
    "Down": "\x1b[B",
    "Left": "\x1b[D",
    "Alt-p": "\x1bp",
    "Alt-b": "\x1bb",
    "Alt-n": "\x1bn",
    "Alt-q": "\x1bq",
    "Esc": "\x1b",
}


@pytest.mark.pty
@pytest.mark.slow
def test_unbound_keys_and_escape_sequences_do_nothing(spawn: Callable[..., Running]) -> None:
    """F1, F2, arrows, Alt-p/b/n/q and Esc: no pause, skip, restart, hold or quit."""
    session = live(spawn)
    session.expect("GET INTO POSITION")
    for name, sequence in UNBOUND.items():
        session.key(sequence)
        assert session.absent("stopped.", timeout=0.15), name
    text = plain(session.log.getvalue())
    assert "Stretch 2 of 2" not in text and "P A U S E D" not in text
    session.key("q")
    ended = session.end()
    assert ended.exit_code == 0
    assert "Done (0) — Skipped (1) Bridge Painful (0) —" in ended.summary
    assert "On hold" not in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize(
    "paste",
    ["qqqq", "pasted text: n b p q", "\x1b[200~q\x1b[200~p\x1b[201~", "\x1b[200~n\x1b[201~"],
)
def test_pasted_text_does_nothing(spawn: Callable[..., Running], paste: str) -> None:
    """A burst of text, marked as a paste or not, neither quits, skips nor holds."""
    session = live(spawn)
    session.expect("GET INTO POSITION")
    session.key(paste)
    assert session.absent("Stretch 2 of 2", timeout=0.5)
    assert "stopped." not in plain(session.log.getvalue())
    session.key("q")
    ended = session.end()
    assert ended.exit_code == 0
    assert "Painful (0) —" in ended.summary
    ended.assert_terminal_restored()


@pytest.mark.pty
@pytest.mark.slow
def test_arrow_keys_do_not_skip_the_pain_check_in(spawn: Callable[..., Running]) -> None:
    """At the pain question, arrows and F-keys are ignored; a digit then answers it."""
    session = spawn("--only", "bridge", checkin=True)
    session.accept_note()
    session.expect("Pain right now")
    for sequence in ("\x1b[A", "\x1b[B", "\x1bOP", "\x1bp"):
        session.key(sequence)
    assert session.absent("GET READY", timeout=0.5), "a key sequence answered the question"
    session.key("3")
    session.expect("GET READY")
    os.kill(session.pid, signal.SIGTERM)
    session.end()
    history = History.open(create=False)
    row = history.db.execute("SELECT pain_before FROM sessions").fetchall()
    history.close()
    assert row == [(3,)]


@pytest.mark.pty
@pytest.mark.slow
def test_signals_that_would_not_kill_change_nothing(spawn: Callable[..., Running]) -> None:
    """SIGPIPE (ignored by Python), SIGURG and SIGCHLD: the session goes on; q then quits."""
    session = live(spawn)
    session.expect("GET INTO POSITION")
    for signum in (signal.SIGPIPE, signal.SIGURG, signal.SIGCHLD):
        os.kill(session.pid, signum)
    assert session.absent("Session stopped", timeout=0.3)
    session.key("q")
    ended = session.end()
    assert ended.exit_code == 0
    assert "Done (0) — Skipped (1) Bridge" in ended.summary
    ended.assert_terminal_restored()


SIGNALS = [
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
    signal.SIGVTALRM,
    signal.SIGPROF,
    signal.SIGXCPU,
    signal.SIGTERM,
    signal.SIGHUP,
]
if hasattr(signal, "SIGRTMIN"):
    SIGNALS.append(signal.SIGRTMIN + 2)


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize(
    "signum", SIGNALS, ids=lambda s: signal.Signals(s).name if s < 32 else f"SIGRT{s}"
)
def test_a_signal_that_would_kill_restores_the_terminal_and_records(
    spawn: Callable[..., Running], signum: int
) -> None:
    """Each terminating signal: summary, exit 128+n, terminal given back, recorded interrupted."""
    session = live(spawn)
    session.expect("GET INTO POSITION")
    os.kill(session.pid, signum)
    ended = session.end()
    assert ended.exit_code == 128 + signum
    assert ended.summary.startswith("Session stopped"), ended.summary
    ended.assert_terminal_restored()
    assert history_statuses() == [("interrupted", [("bridge", "skipped")])]


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT])
def test_a_signal_during_the_countdown_skips_no_stretch(
    spawn: Callable[..., Running], signum: int
) -> None:
    """Stopped during GET READY: no stretch recorded as skipped, since none began."""
    session = spawn("--only", "bridge")
    session.accept_note()
    session.expect("GET READY")
    os.kill(session.pid, signum)
    ended = session.end()
    assert ended.exit_code == 128 + signum
    ended.assert_terminal_restored()
    (status, stretches), *_ = history_statuses()
    assert stretches == []
    assert status == ("quit" if signum == signal.SIGINT else "interrupted")


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_five_signals_1_ms_apart_still_end_in_the_summary(
    spawn: Callable[..., Running], signum: int
) -> None:
    """Five SIGINTs (or SIGTERMs) a millisecond apart: one summary, the first signal's exit."""
    import time

    session = live(spawn)
    session.expect("GET INTO POSITION")
    for _ in range(5):
        os.kill(session.pid, signum)
        time.sleep(0.001)
    ended = session.end()
    assert ended.exit_code == 128 + signum
    assert ended.summary.startswith("Session stopped"), ended.summary
    assert "Exception ignored" not in ended.text and "Traceback" not in ended.text
    ended.assert_terminal_restored()


@pytest.mark.pty
@pytest.mark.slow
@pytest.mark.parametrize("hangup", ["EIO only", "EIO and SIGHUP"])
def test_closing_the_terminal_is_a_hangup(
    spawn: Callable[..., Running], tmp_path: Path, hangup: str
) -> None:
    """The terminal goes away mid-session: exit 129, recorded interrupted, no bug report."""
    exit_file = tmp_path / "exit-code"
    extra = {"WRAPPER_EXIT_FILE": str(exit_file)}
    if hangup == "EIO only":
        extra["WRAPPER_BLOCK_SIGHUP"] = "1"
    session = live(spawn, **extra)
    session.expect("GET INTO POSITION")
    session.child.close(force=False)  # the pty's master end closes: the terminal is gone
    assert _exit_code(exit_file) == 129
    assert history_statuses() == [("interrupted", [("bridge", "skipped")])]


def _exit_code(path: Path) -> int:
    """The exit code the wrapper wrote, waiting for it a little at a time."""
    import time

    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return int(path.read_text())


@pytest.mark.pty
@pytest.mark.slow
def test_an_ascii_terminal_gets_an_ascii_live_view(spawn: Callable[..., Running]) -> None:
    """PYTHONIOENCODING=ascii in a terminal: the live view draws, nothing crashes."""
    session = spawn("--only", "bridge,bird-dog", PYTHONIOENCODING="ascii")
    session.accept_note()
    session.expect("GET READY")
    session.key(" ")
    session.expect("Stretch 1 of 2 - ")  # '·' drawn as '-'
    session.expect("GET INTO POSITION")
    session.key("q")
    ended = session.end()
    assert ended.exit_code == 0
    assert ended.transcript.isascii()
    assert "Session stopped" in ended.summary
    ended.assert_terminal_restored()
