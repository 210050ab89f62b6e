"""Small facts backcoach remembers between runs, as files in the data folder."""

from __future__ import annotations

import datetime as dt

from backcoach.paths import data_dir, ensure_private_dir

NOTE_ACCEPTED = "medical-note-accepted"


def medical_note_accepted() -> bool:
    return (data_dir() / NOTE_ACCEPTED).is_file()


def accept_medical_note() -> bool:
    """Remember that the person read the medical note and chose to go on; False if it cannot."""
    try:
        folder = ensure_private_dir(data_dir())
        path = folder / NOTE_ACCEPTED
        if not path.exists():
            path.write_text(f"accepted {dt.datetime.now().astimezone().isoformat()}\n")
            path.chmod(0o600)
    except OSError:
        return False  # asked again next time: better than no session today
    return True
