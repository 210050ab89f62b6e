"""Reading input files: only small regular files of one's own, and names shown safely."""

from __future__ import annotations

import errno
import os
import socket
import stat
from pathlib import Path

import pytest

from backcoach.catalogue import textfile
from backcoach.catalogue.textfile import (
    MAX_FILE_BYTES,
    check_folder,
    decode,
    has_control_characters,
    read_bytes,
    read_text,
    suggest,
    visible,
)
from backcoach.errors import InputError


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x00", "\\x00"),
        ("\x07", "\\x07"),
        ("\t", "\\t"),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\x1b", "\\x1b"),
        ("\x1f", "\\x1f"),
        ("\x7f", "\\x7f"),
        ("\x80", "\\x80"),
        ("\x9b", "\\x9b"),
        ("\x9f", "\\x9f"),
        ("\u061c", "\\u061c"),
        ("\u200e", "\\u200e"),
        ("\u200f", "\\u200f"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\u202a", "\\u202a"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\udc80", "\\x80"),
        ("\udc9b", "\\x9b"),
        ("\udcff", "\\xff"),
        ("\udc7f", "\\udc7f"),
        ("\udd00", "\\udd00"),
        ("\ud800", "\\ud800"),
        ("\udfff", "\\udfff"),
        (" ", " "),
        ("~", "~"),
        ("\xa0", "\xa0"),
        ("é", "é"),
        ("\u200d", "\u200d"),
        ("\u2065", "\u2065"),
        ("\u206a", "\u206a"),
        ("\u2027", "\u2027"),
        ("\u061b", "\u061b"),
        ("\ue000", "\ue000"),
    ],
)
def test_visible_escapes_exactly_the_dangerous_characters(char: str, shown: str) -> None:
    """Each control, bidi, separator and stray byte is shown as an escape; the rest as is."""
    assert visible(f"a{char}b") == f"a{shown}b"


def test_visible_keeps_newlines_when_asked() -> None:
    """Messages several lines long keep their newlines and escape the rest on each line."""
    assert visible("one\x1b\ntwo\u202e", keep_newlines=True) == "one\\x1b\ntwo\\u202e"
    assert visible("one two\x1b\n three", keep_newlines=True) == "one two\\x1b\n three"
    assert visible("one\x1b\ntwo\u202e") == "one\\x1b\\ntwo\\u202e"
    assert visible(Path("/tmp/a\x1bb")) == "/tmp/a\\x1bb"
    assert visible(12) == "12"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("plain text", False),
        ("tab\tand\nnewline", False),
        ("\x00", True),
        ("\x08", True),
        ("\x0b", True),
        ("\x1f", True),
        ("\x7f", True),
        ("\x9f", True),
        ("\xa0", False),
        ("\u202a", True),
        ("\u202e", True),
        ("\u202f", False),
        ("\u2066", True),
        ("\u2069", True),
        ("\u206a", False),
        ("\u2028", False),
    ],
)
def test_control_characters_in_text(text: str, found: bool) -> None:
    """Tab and newline are text; other controls and bidi overrides are not."""
    assert has_control_characters(text) is found


# -- what kind of file ---------------------------------------------------------------------


def refused(path: Path | str, what: str = "catalogue", limit: int = MAX_FILE_BYTES) -> str:
    with pytest.raises(InputError) as caught:
        read_bytes(path, what, limit)
    return str(caught.value)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    """A folder is named as one."""
    assert refused(tmp_path, "routine") == f"{tmp_path}: is a folder, not a routine file"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    """A named pipe is refused before it is opened."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert refused(fifo) == f"{fifo}: is a named pipe (FIFO), not a catalogue file"


def test_a_device_is_refused() -> None:
    """A character device is refused before it is opened."""
    assert refused("/dev/null", "config") == "/dev/null: is a device, not a config file"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    """A Unix socket is named as one."""
    where = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        assert refused(where) == f"{where}: is a socket, not a catalogue file"
    finally:
        server.close()


def test_a_link_to_a_folder_is_refused(tmp_path: Path) -> None:
    """Links are followed, and what they lead to is judged."""
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    assert refused(link) == f"{link}: is a folder, not a catalogue file"


def test_other_kinds_of_entry() -> None:
    """Anything else that is not a regular file is called just that."""
    assert textfile._kind(stat.S_IFLNK | 0o777) == "not a regular file"
    assert textfile._kind(stat.S_IFBLK | 0o600) == "a device"


def test_a_file_swapped_after_the_check_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was opened is checked again: a FIFO put in the file's place is refused."""
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    real = os.fstat

    def as_fifo(fd: int) -> os.stat_result:
        info = list(real(fd))
        info[0] = stat.S_IFIFO | 0o600
        return os.stat_result(info)

    monkeypatch.setattr(textfile.os, "fstat", as_fifo)
    assert refused(path) == f"{path}: is a named pipe (FIFO), not a catalogue file"


def test_a_fifo_swapped_in_after_the_check_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO put in place after the first check is opened without waiting, then refused."""
    import signal

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    regular = os.stat(__file__)
    monkeypatch.setattr(textfile.os, "stat", lambda name: regular)

    def hung(*args: object) -> None:
        raise AssertionError("opening the FIFO waited for a writer")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        assert refused(fifo) == f"{fifo}: is a named pipe (FIFO), not a catalogue file"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "is a folder, not a catalogue file"),
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "permission denied; check the file's permissions",
        ),
        (OSError(errno.EIO, "Input/output error"), "cannot read it (Input/output error)"),
        (OSError("odd"), "cannot read it (odd)"),
    ],
)
def test_errors_on_opening_are_explained(
    error: OSError, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error from opening the file becomes a plain sentence naming it."""
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")

    def fail(*args: object) -> int:
        raise error

    monkeypatch.setattr(textfile.os, "open", fail)
    assert refused(path) == f"{path}: {message}"


def test_missing_files_and_paths(tmp_path: Path) -> None:
    """A missing file, a dangling link and a path through a file each say what is wrong."""
    assert refused(tmp_path / "nope") == f"{tmp_path}/nope: no such file; check the path"
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    assert refused(link) == f"{link}: is a link to a file that does not exist"
    file = tmp_path / "file"
    file.write_text("x")
    assert refused(file / "x") == (f"{file}/x: no such file (part of the path is not a folder)")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert refused(loop) == f"{loop}: cannot read it (Too many levels of symbolic links)"


def test_names_with_escapes_are_shown_escaped(tmp_path: Path) -> None:
    """The file name in a message has its control characters escaped."""
    assert refused(tmp_path / "a\x1b[2Jb") == (
        f"{tmp_path}/a\\x1b[2Jb: no such file; check the path"
    )


# -- size ------------------------------------------------------------------------------------


def test_a_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    """A file of the limit's size is read whole."""
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_bytes(path, "thing", 10) == b"x" * 10


def test_a_file_one_byte_over_the_limit_is_refused(tmp_path: Path) -> None:
    """One byte more than the limit is refused, with both sizes written out."""
    path = tmp_path / "f"
    path.write_bytes(b"x" * 1001)
    assert refused(path, "thing", 1000) == (
        f"{path}:1:1: too large: the thing is 1,001 bytes, more than the 1,000 allowed; "
        "is this the right file?"
    )


def test_the_default_limit_is_a_million_bytes(tmp_path: Path) -> None:
    """The default limit is 1,000,000 bytes: that many are read, one more is refused."""
    path = tmp_path / "f"
    path.write_bytes(b"y" * MAX_FILE_BYTES)
    assert len(read_bytes(path, "thing")) == MAX_FILE_BYTES == 1_000_000
    path.write_bytes(b"y" * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputError) as caught:
        read_bytes(path, "thing")
    assert str(caught.value).endswith(
        "too large: the thing is 1,000,001 bytes, more than the 1,000,000 allowed; "
        "is this the right file?"
    )
    assert [p.line for p in caught.value.problems] == [1]


def test_a_large_limit_reads_in_chunks(tmp_path: Path) -> None:
    """A file larger than one read's chunk (1 MiB) is read whole, in order."""
    data = bytes(range(256)) * 9000  # 2,304,000 bytes
    path = tmp_path / "f"
    path.write_bytes(data)
    assert read_bytes(path, "cache", 4 * MAX_FILE_BYTES) == data
    assert read_bytes(path, "cache", len(data)) == data


def test_a_file_whose_size_lies_is_read_only_to_the_limit() -> None:
    """A /proc file says 0 bytes: it is read to the limit plus one, then refused."""
    assert refused("/proc/self/status", "thing", 10) == (
        "/proc/self/status:1:1: too large: the thing is more than 10 bytes, more than the "
        "10 allowed; is this the right file?"
    )
    assert len(read_bytes("/proc/self/status", "thing", 100_000)) > 10


@pytest.mark.parametrize("piece", [1, 5, 11, 4096])
def test_a_file_read_in_pieces_is_read_only_to_one_past_the_limit(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However the data comes (a few bytes a read), at most limit + 1 bytes are read."""
    real = os.read
    got: list[int] = []

    def in_pieces(fd: int, size: int) -> bytes:
        data = real(fd, min(size, piece))
        got.append(len(data))
        return data

    monkeypatch.setattr(textfile.os, "read", in_pieces)
    assert refused("/proc/self/status", "thing", 10) == (
        "/proc/self/status:1:1: too large: the thing is more than 10 bytes, more than the "
        "10 allowed; is this the right file?"
    )
    assert sum(got) == 11


# -- whose file ------------------------------------------------------------------------------


def test_a_file_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    """Another user's file: exit 2 saying whose it is and how to fix it."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give a file away")
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    os.chown(path, 1234, 0)
    assert refused(path) == (
        f"{path}: backcoach will not use this catalogue file: it is owned by another user "
        f"(uid 1234), so what it holds may not be yours. Fix: if it is yours, "
        f"`chown {os.geteuid()} {path}`; or move your files elsewhere (BACKCOACH_HOME)."
    )


def test_a_world_writable_file_is_refused(tmp_path: Path) -> None:
    """A file anyone can change is refused, with the chmod that fixes it."""
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o646)
    assert refused(path, "routine") == (
        f"{path}: backcoach will not use this routine file: anyone can change it (it is "
        f"world-writable), so what it holds may not be yours. Fix: `chmod go-w {path}`; "
        "or move your files elsewhere (BACKCOACH_HOME)."
    )


def test_group_writable_files(tmp_path: Path) -> None:
    """Group-writable is fine for the owner's own private group, refused for another."""
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o664)
    info = os.stat(path)
    import grp
    import pwd

    owner = pwd.getpwuid(info.st_uid)
    private = owner.pw_gid == info.st_gid and set(grp.getgrgid(info.st_gid).gr_mem) <= {
        owner.pw_name
    }
    if private:
        assert read_bytes(path, "thing") == b"a: 1\n"
    if os.geteuid() != 0:
        return
    os.chown(path, info.st_uid, 4321)  # a group that does not exist
    assert refused(path) == (
        f"{path}: backcoach will not use this catalogue file: other users can change it (it "
        f"is writable by group 4321), so what it holds may not be yours. Fix: "
        f"`chmod go-w {path}`; or move your files elsewhere (BACKCOACH_HOME)."
    )
    path.chmod(0o644)
    assert read_bytes(path, "thing") == b"a: 1\n"


def test_untrusted_with_a_private_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """A group with another member is not private; the owner's own empty group is."""
    import grp
    import pwd

    me = os.geteuid()
    owner = pwd.struct_passwd(("me", "x", me, 500, "", "/", "/bin/sh"))
    groups = {
        500: grp.struct_group(("me", "x", 500, ["me"])),
        501: grp.struct_group(("us", "x", 501, ["me", "other"])),
        502: grp.struct_group(("me2", "x", 502, ["me"])),
    }
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: owner)
    monkeypatch.setattr(grp, "getgrgid", lambda gid: groups[gid])

    def info(gid: int, mode: int = 0o100664) -> os.stat_result:
        return os.stat_result((mode, 0, 0, 1, me, gid, 0, 0, 0, 0))

    assert textfile.untrusted(info(500)) is None
    groups[500] = grp.struct_group(("me", "x", 500, []))
    assert textfile.untrusted(info(500)) is None
    groups[500] = grp.struct_group(("me", "x", 500, ["you"]))
    assert textfile.untrusted(info(500)) == (
        "other users can change it (it is writable by group 500)"
    )
    assert textfile.untrusted(info(501)) == (
        "other users can change it (it is writable by group 501)"
    )
    assert textfile.untrusted(info(502)) == (
        "other users can change it (it is writable by group 502)"
    )
    assert textfile.untrusted(info(501, 0o100644)) is None
    assert textfile.untrusted(info(500, 0o100666)) == (
        "anyone can change it (it is world-writable)"
    )
    root_owned = os.stat_result((0o100644, 0, 0, 1, 0, 0, 0, 0, 0, 0))
    assert textfile.untrusted(root_owned) is None


def test_ownership_of_a_person_who_is_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """For uid 1000, its own files and root's are trusted, uid 1's and uid 0's others not."""
    monkeypatch.setattr(textfile.os, "geteuid", lambda: 1000)

    def owned_by(uid: int) -> os.stat_result:
        return os.stat_result((0o100644, 0, 0, 1, uid, 0, 0, 0, 0, 0))

    assert textfile.untrusted(owned_by(1000)) is None
    assert textfile.untrusted(owned_by(0)) is None
    assert textfile.untrusted(owned_by(1)) == "it is owned by another user (uid 1)"
    assert textfile.untrusted(owned_by(1001)) == "it is owned by another user (uid 1001)"


def test_check_folder(tmp_path: Path) -> None:
    """A missing folder is fine, one's own private one too, a world-writable one is not."""
    check_folder(str(tmp_path / "missing"), "routines folder")
    check_folder(str(tmp_path), "routines folder")
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(InputError) as caught:
        check_folder(str(folder), "routines folder")
    assert str(caught.value) == (
        f"{folder}: backcoach will not use this routines folder: anyone can change it (it is "
        f"world-writable), so what it holds may not be yours. Fix: `chmod go-w {folder}`; "
        "or move your files elsewhere (BACKCOACH_HOME)."
    )


# -- text --------------------------------------------------------------------------------------


def test_read_text_decodes_utf8_without_the_bom(tmp_path: Path) -> None:
    """UTF-8 text is read, a byte order mark dropped."""
    path = tmp_path / "f.yaml"
    path.write_bytes("\ufeffcafé: 1\n".encode())
    assert read_text(path, "catalogue") == "café: 1\n"
    path.write_bytes(b"a: 1\n\xff")
    with pytest.raises(InputError) as caught:
        read_text(str(path), "catalogue")
    assert str(caught.value) == f"{path}:2:1: not UTF-8 text; save the file as UTF-8"
    with pytest.raises(InputError) as caught:
        read_text(tmp_path, "config")
    assert str(caught.value) == f"{tmp_path}: is a folder, not a config file"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xff", "1:1"),
        (b"ab\xff", "1:3"),
        (b"ab\ncd\xffe", "2:3"),
        (b"a\nb\n\nxyz \xc3(", "4:5"),
        (b"\n\n\n\xe2\x82", "4:1"),
        (b"ab\xff\ncd\n", "1:3"),
        (b"a\nb\xff\nc\n", "2:2"),
        (b"\n\xff", "2:1"),
        (b"\nab\xff", "2:3"),
    ],
)
def test_decode_locates_the_first_bad_byte(data: bytes, where: str) -> None:
    """Bytes that are not UTF-8 are reported at the line and column of the first one."""
    with pytest.raises(InputError) as caught:
        decode(data, "n\x1b")
    assert str(caught.value) == f"n\x1b:{where}: not UTF-8 text; save the file as UTF-8"
    assert len(caught.value.problems) == 1


def test_suggest_the_closest_option() -> None:
    """A near miss gets the closest option; a word unlike any gets none."""
    assert suggest("notse", ("name", "notes")) == "notes"
    assert suggest("cautoins", ["cautions", "position"]) == "cautions"
    assert suggest("xyz", ("name", "notes")) is None
    assert suggest("nam", ("name", "numb")) == "name"
