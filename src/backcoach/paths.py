"""Where backcoach keeps a person's files; BACKCOACH_HOME overrides them all.

Each folder has a string form (`*_name`) that needs neither pathlib nor, on
Linux, platformdirs: importing those two costs more than a bare `list` spends
on its work, and the nudge runs in every new shell. Tests check the string
forms agree with platformdirs.
"""

from __future__ import annotations

import os
import stat
import sys

# Not typing.TYPE_CHECKING: importing typing costs the nudge more than 2 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

HOME_VAR = "BACKCOACH_HOME"
APP = "backcoach"

# The XDG Base Directory variable and default for each kind of folder on Linux.
_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


def _folder(kind: str) -> str:
    home = os.environ.get(HOME_VAR)
    if home:
        home = os.path.expanduser(home)
        return os.path.join(home, "cache") if kind == "cache" else home
    platform = sys.platform  # a variable, so type checkers keep the other branch
    if platform.startswith("linux") and "ANDROID_DATA" not in os.environ:
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip() or os.path.expanduser(default)
        return os.path.join(base, APP)
    import platformdirs

    found: str = getattr(platformdirs, f"user_{kind}_dir")(APP, appauthor=False)
    return found


def data_dir_name() -> str:
    """History and state: BACKCOACH_HOME, or the platform's user data folder."""
    return _folder("data")


def config_dir_name() -> str:
    """config.toml and routines/: BACKCOACH_HOME, or the platform's user config folder."""
    return _folder("config")


def cache_dir() -> str:
    """Derived data that can be thrown away: BACKCOACH_HOME/cache, or the platform's."""
    return _folder("cache")


def data_dir() -> Path:
    from pathlib import Path

    return Path(data_dir_name())


def config_dir() -> Path:
    from pathlib import Path

    return Path(config_dir_name())


def packaged(*parts: str) -> Any:
    """A file or folder shipped inside backcoach, read from disk when it is there.

    Otherwise (a zipped install) through importlib.resources, which brings
    zipfile and tempfile: half a megabyte that a session has no use for.
    """
    on_disk = os.path.join(os.path.dirname(__file__), *parts)
    if os.path.exists(on_disk):
        from pathlib import Path

        return Path(on_disk)
    from importlib import resources

    found: Any = resources.files("backcoach")
    for part in parts:
        found = found / part
    return found


PRIVATE_UMASK = 0o077


def keep_private() -> None:
    """From now on, every folder this process creates is 0700 and every file 0600.

    One process-wide umask rather than a mode at each place that writes:
    SQLite's journal files, caches, routines and state files all follow it.
    Folders and files that exist already keep their modes (`config` mentions
    wider ones).
    """
    os.umask(PRIVATE_UMASK)


def ensure_private_dir(path: Path | str) -> Path:
    """Create `path`, and each missing parent, readable by its owner only."""
    import contextlib
    from pathlib import Path

    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        # mkdir's mode is limited by the umask, and parents=True ignores it: one at a time.
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)  # raises the right error
    return path


def too_open(paths: list[str]) -> list[tuple[str, int]]:
    """The folders and files among `paths` that others may read, with their modes."""
    found = []
    for name in paths:
        try:
            mode = os.stat(name).st_mode & 0o777
        except OSError:
            continue
        if mode & 0o077:
            found.append((name, mode))
    return found


def home_problem() -> str | None:
    """Why a folder backcoach keeps files in cannot be used (a file, a dangling link,
    no permission), or None when each is a usable folder or can be created."""
    for folder in dict.fromkeys((data_dir_name(), config_dir_name())):
        problem = _folder_problem(folder)
        if problem is not None:
            return problem
    return None


def _folder_problem(folder: str) -> str | None:
    probe = folder
    while True:  # up to the nearest part that exists: a folder to create is fine
        try:
            found = os.stat(probe)
        except (FileNotFoundError, NotADirectoryError):
            if os.path.islink(probe):
                return f"{probe} is a symbolic link to {os.readlink(probe)}, which does not exist"
            parent = os.path.dirname(probe)
            if parent == probe:
                return None
            probe = parent
            continue
        except OSError as error:
            return f"{probe} cannot be used ({error.strerror})"
        break
    if not stat.S_ISDIR(found.st_mode):
        return f"{probe} is not a folder"
    if probe == folder and not os.access(probe, os.R_OK | os.X_OK):
        return f"{probe} cannot be read by you (permission denied)"
    return None
