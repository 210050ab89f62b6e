"""Small helpers shared by the tests."""

from __future__ import annotations

from typer.testing import CliRunner

from backcoach.cli import app


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI in-process and return the result, stdout and stderr kept apart."""
    runner = CliRunner()
    return runner.invoke(app, list(args), input=input, prog_name="backcoach")


def dead_pid() -> int:
    """A pid no process can have: above the kernel's limit."""
    import os
    from pathlib import Path

    import pytest

    limit = Path("/proc/sys/kernel/pid_max")
    pid = int(limit.read_text()) + 1 if limit.exists() else 99_999 + 1
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    return pid


def run_nudge():  # type: ignore[no-untyped-def]
    """`backcoach nudge` as a shell would start it: a real process, no stdin."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "backcoach", "nudge"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
