"""Where backcoach keeps files: each rule of `paths.py` on its own, in this process."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from backcoach import paths


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No BACKCOACH_HOME; HOME and every XDG variable point into tmp_path."""
    monkeypatch.delenv("BACKCOACH_HOME", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    return tmp_path / "me"


def test_backcoach_home_holds_data_and_config_and_a_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """BACKCOACH_HOME is the data and config folder; the cache is its `cache` folder."""
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "bc"))
    assert paths.data_dir_name() == str(tmp_path / "bc")
    assert paths.config_dir_name() == str(tmp_path / "bc")
    assert paths.cache_dir() == str(tmp_path / "bc" / "cache")
    assert paths.data_dir() == tmp_path / "bc"
    assert paths.config_dir() == tmp_path / "bc"


def test_backcoach_home_expands_a_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`~/bc` in BACKCOACH_HOME means the folder in the person's home."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BACKCOACH_HOME", "~/bc")
    assert paths.data_dir_name() == str(tmp_path / "bc")
    assert paths.cache_dir() == str(tmp_path / "bc" / "cache")


def test_linux_defaults_follow_the_xdg_defaults(no_home: Path) -> None:
    """Without variables: ~/.local/share, ~/.config and ~/.cache, each with a backcoach folder."""
    assert paths.data_dir_name() == str(no_home / ".local/share/backcoach")
    assert paths.config_dir_name() == str(no_home / ".config/backcoach")
    assert paths.cache_dir() == str(no_home / ".cache/backcoach")


def test_linux_xdg_variables_win_over_the_defaults(
    no_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each XDG variable moves its own kind of folder only."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    assert paths.data_dir_name() == str(tmp_path / "d" / "backcoach")
    assert paths.config_dir_name() == str(tmp_path / "c" / "backcoach")
    assert paths.cache_dir() == str(no_home / ".cache/backcoach")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "k"))
    assert paths.cache_dir() == str(tmp_path / "k" / "backcoach")


def test_a_blank_xdg_variable_means_the_default(
    no_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_CONFIG_HOME set to spaces is ignored, as the XDG specification says for empty."""
    monkeypatch.setenv("XDG_CONFIG_HOME", "  ")
    assert paths.config_dir_name() == str(no_home / ".config/backcoach")


def test_the_agreement_with_platformdirs_on_linux(no_home: Path) -> None:
    """The string forms agree with platformdirs' own answers."""
    assert paths.data_dir_name() == platformdirs.user_data_dir("backcoach", appauthor=False)
    assert paths.config_dir_name() == platformdirs.user_config_dir("backcoach", appauthor=False)
    assert paths.cache_dir() == platformdirs.user_cache_dir("backcoach", appauthor=False)


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_platforms_ask_platformdirs(
    no_home: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    """Elsewhere than Linux, platformdirs names each folder."""
    monkeypatch.setattr(sys, "platform", platform)
    asked: list[tuple[str, str]] = []
    for kind in ("data", "config", "cache"):

        def answer(app: str, appauthor: bool, kind: str = kind) -> str:
            asked.append((kind, app))
            assert appauthor is False
            return f"/{kind}-folder/{app}"

        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", answer)
    assert paths.data_dir_name() == "/data-folder/backcoach"
    assert paths.config_dir_name() == "/config-folder/backcoach"
    assert paths.cache_dir() == "/cache-folder/backcoach"
    assert asked == [("data", "backcoach"), ("config", "backcoach"), ("cache", "backcoach")]


def test_android_asks_platformdirs(no_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linux with ANDROID_DATA (Termux) is not a desktop: platformdirs decides."""
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app, appauthor: f"/android/{app}")
    assert paths.data_dir_name() == "/android/backcoach"


def test_packaged_files_are_read_from_disk_when_there() -> None:
    """The built-in catalogue is a real file next to the package."""
    found = paths.packaged("stretches", "catalogue.yaml")
    assert isinstance(found, Path)
    assert found == Path(paths.__file__).parent / "stretches" / "catalogue.yaml"
    assert "bridge" in found.read_text(encoding="utf-8")


def test_packaged_files_come_from_importlib_resources_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a zipped install (nothing on disk) the same parts are joined under the package."""
    monkeypatch.setattr(paths.os.path, "exists", lambda name: False)
    found = paths.packaged("stretches", "catalogue.yaml")
    assert not isinstance(found, Path) or found.name == "catalogue.yaml"
    assert str(found).endswith(os.path.join("stretches", "catalogue.yaml"))
    assert "bridge" in found.read_text(encoding="utf-8")


def test_keep_private_sets_a_umask_for_owner_only(tmp_path: Path) -> None:
    """After keep_private, a new file is 0600 and a new folder 0700."""
    before = os.umask(0o022)
    try:
        paths.keep_private()
        assert os.umask(0o022) == 0o077
        paths.keep_private()
        (tmp_path / "f").write_text("x")
        (tmp_path / "d").mkdir()
        assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o700
    finally:
        os.umask(before)


def test_ensure_private_dir_makes_every_missing_parent_0700(tmp_path: Path) -> None:
    """Each folder it creates is 0700 even under a loose umask; existing ones keep their mode."""
    tmp_path.chmod(0o755)
    before = os.umask(0o000)
    try:
        made = paths.ensure_private_dir(str(tmp_path / "a" / "b" / "c"))
    finally:
        os.umask(before)
    assert made == tmp_path / "a" / "b" / "c" and made.is_dir()
    for folder in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    assert paths.ensure_private_dir(made) == made  # a second time changes nothing


def test_ensure_private_dir_under_a_file_raises(tmp_path: Path) -> None:
    """A file where a folder should be is an error, not a silent success."""
    (tmp_path / "file").write_text("x")
    with pytest.raises((FileExistsError, NotADirectoryError)):
        paths.ensure_private_dir(tmp_path / "file" / "sub")
    with pytest.raises(FileExistsError):
        paths.ensure_private_dir(tmp_path / "file")


def test_too_open_names_what_others_may_read(tmp_path: Path) -> None:
    """Group or other bits are reported with the mode; private and missing paths are not."""
    private, group, world = tmp_path / "p", tmp_path / "g", tmp_path / "w"
    for path, mode in ((private, 0o600), (group, 0o640), (world, 0o604)):
        path.write_text("x")
        path.chmod(mode)
    names = [str(p) for p in (private, group, world, tmp_path / "missing")]
    assert paths.too_open(names) == [(str(group), 0o640), (str(world), 0o604)]


def test_home_problem_is_none_for_folders_that_exist_or_can_be_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A usable folder, or one whose nearest existing parent is a folder, is fine."""
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "not" / "yet"))
    assert paths.home_problem() is None
    (tmp_path / "not" / "yet").mkdir(parents=True)
    assert paths.home_problem() is None


def test_home_problem_names_a_file_in_the_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file where the home or one of its parents should be is named exactly."""
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "file"))
    assert paths.home_problem() == f"{tmp_path / 'file'} is not a folder"
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "file" / "below"))
    assert paths.home_problem() == f"{tmp_path / 'file'} is not a folder"


def test_home_problem_names_a_dangling_link_and_its_target(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A symbolic link to nothing is named with where it points."""
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "link" / "bc"))
    link, gone = tmp_path / "link", tmp_path / "gone"
    expected = f"{link} is a symbolic link to {gone}, which does not exist"
    assert paths.home_problem() == expected


def test_home_problem_names_a_folder_you_cannot_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The home itself must be readable and searchable; a parent's permission is not checked."""
    home = tmp_path / "bc"
    home.mkdir()
    monkeypatch.setenv("BACKCOACH_HOME", str(home))
    seen: list[tuple[str, int]] = []

    def access(name: str, mode: int) -> bool:
        seen.append((name, mode))
        return False

    monkeypatch.setattr(paths.os, "access", access)
    assert paths.home_problem() == f"{home} cannot be read by you (permission denied)"
    assert seen == [(str(home), os.R_OK | os.X_OK)]
    seen.clear()
    monkeypatch.setenv("BACKCOACH_HOME", str(home / "to-make"))
    assert paths.home_problem() is None
    assert seen == []


def test_home_problem_reports_other_errors_with_their_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Any other error from stat (a loop of links) is named with its reason."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    monkeypatch.setenv("BACKCOACH_HOME", str(tmp_path / "loop"))
    assert paths.home_problem() == (
        f"{tmp_path / 'loop'} cannot be used ({os.strerror(40)})"  # ELOOP
    )


def test_home_problem_checks_the_config_folder_too(no_home: Path, tmp_path: Path) -> None:
    """Without BACKCOACH_HOME, a bad config folder is found after a good data folder."""
    config = no_home / ".config"
    config.mkdir(parents=True)
    (config / "backcoach").write_text("x")
    assert paths.home_problem() == f"{config / 'backcoach'} is not a folder"


def test_home_problem_at_the_root_of_the_file_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """Walking up from a folder that does not exist stops at / with no problem."""
    monkeypatch.setattr(paths.os, "stat", _missing_everywhere)
    monkeypatch.setattr(paths.os.path, "islink", lambda name: False)
    monkeypatch.setenv("BACKCOACH_HOME", "/nowhere/at/all")
    assert paths.home_problem() is None


def _missing_everywhere(name: str) -> os.stat_result:
    raise FileNotFoundError(name)
