"""Where backcoach keeps a person's files; BACKCOACH_HOME overrides them all."""

from __future__ import annotations

import os
from pathlib import Path

HOME_VAR = "BACKCOACH_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VAR)
    return Path(value).expanduser() if value else None


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


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
