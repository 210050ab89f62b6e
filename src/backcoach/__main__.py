"""Entry point for `backcoach` and `python -m backcoach`.

The commands that must start fastest answer here, before typer is imported:
`--version`; `nudge`, which runs in every new shell; and a bare `list`, which
has no options to parse and would otherwise spend a third of its time
importing typer. Everything else, and these with any option, goes to cli.
"""

from __future__ import annotations

import sys


def main() -> None:
    from .paths import keep_private

    keep_private()
    args = sys.argv[1:]
    if args == ["nudge"]:
        from .history.nudge import main as nudge

        sys.exit(nudge())
    if args in (["--version"], ["-V"]):
        from . import __version__

        print(f"backcoach {__version__}")
        sys.exit(0)
    if args == ["list"]:
        from .console import exit_code
        from .listing import list_stretches

        try:
            list_stretches()
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - exit_code reports it
            sys.exit(exit_code(error))
        sys.exit(0)
    from .cli import run

    code = run(args)
    try:
        # What is still buffered goes now, while a closed pipe can be told from an error.
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    sys.exit(code)


def _quiet_stdout() -> None:
    """The reader went away (`backcoach session --dry-run | head`): exit quietly, not 120."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    main()
