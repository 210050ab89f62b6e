"""Where backcoach keeps a person's files; BACKCOACH_HOME overrides them all."""

from __future__ import annotations

import os
import sys

# Not typing.TYPE_CHECKING: importing typing costs the nudge more than 2 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

HOME_VAR = "BACKCOACH_HOME"


def _home() -> Path | None:
    from pathlib import Path

    value = os.environ.get(HOME_VAR)
    return Path(value).expanduser() if value else None


def data_dir_name() -> str:
    """data_dir() as a string, without pathlib, and on Linux without platformdirs.

    The nudge runs in every new shell and importing platformdirs costs more
    than the nudge's whole budget; tests check this equals platformdirs' answer.
    """
    home = os.environ.get(HOME_VAR)
    if home:
        return os.path.expanduser(home)
    platform = sys.platform  # a variable, so type checkers keep the other branch
    if platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not base:
            base = os.path.expanduser("~/.local/share")
        return os.path.join(base, "backcoach")
    return str(data_dir())


def data_dir() -> Path:
    """History and state: BACKCOACH_HOME, or the platform's user data folder."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return platformdirs.user_data_path("backcoach", appauthor=False)


def config_dir() -> Path:
    """config.toml and routines/: BACKCOACH_HOME, or the platform's user config folder."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return platformdirs.user_config_path("backcoach", appauthor=False)


def cache_dir() -> str:
    """Derived data that can be thrown away: BACKCOACH_HOME/cache, or the platform's."""
    home = os.environ.get(HOME_VAR)
    if home:
        return os.path.join(os.path.expanduser(home), "cache")
    import platformdirs

    return platformdirs.user_cache_dir("backcoach", appauthor=False)


def ensure_private_dir(path: Path | str) -> Path:
    """Create `path` (and parents) readable by its owner only."""
    from pathlib import Path

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
