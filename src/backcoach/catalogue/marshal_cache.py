"""Parsed files kept as marshal data beside their source bytes, in the private cache folder.

One format for both caches (the catalogue's dataclasses and the YAML node
trees): (format, backcoach version), the exact source, the payload. A cache
entry is used only when the source it was made from is the same, byte for
byte; anything missing, damaged or stale costs only a parse.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from typing import Any

from backcoach import __version__

from .textfile import read_bytes


def load(path: str, fmt: int, source: bytes | str, limit: int) -> Any:
    """The payload stored for exactly `source`, or None."""
    try:
        version, stored, payload = marshal.loads(read_bytes(path, "cache", limit))
    except Exception:  # noqa: BLE001 - a missing or odd cache only costs a parse
        return None
    return payload if version == (fmt, __version__) and stored == source else None


def store(path: str, fmt: int, source: bytes | str, payload: Any) -> None:
    """Keep `payload` for `source`, best effort, written whole or not at all."""
    from backcoach.paths import cache_dir, ensure_private_dir

    with contextlib.suppress(OSError, ValueError):
        ensure_private_dir(cache_dir())
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as file:
            marshal.dump(((fmt, __version__), source, payload), file)
        os.replace(temporary, path)
