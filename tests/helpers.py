"""Small helpers shared by the tests."""

from __future__ import annotations

from typer.testing import CliRunner

from backcoach.cli import app


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """Run the CLI in-process and return the result, stdout and stderr kept apart."""
    runner = CliRunner()
    return runner.invoke(app, list(args), input=input, prog_name="backcoach")
