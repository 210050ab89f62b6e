"""Entry point for `backcoach` and `python -m backcoach`.

The commands that must start fastest answer here, before typer is imported:
`--version`; `nudge`, which runs in every new shell; and a bare `list`, which
has no options to parse and would otherwise spend a third of its time
importing typer. Everything else, and these with any option, goes to cli.

First of all, the standard streams are made safe (streams.guard): output that
cannot be written is one clear error, never a traceback.
"""

from __future__ import annotations

import sys

from . import streams


def main() -> None:
    streams.guard()
    from .paths import keep_private

    keep_private()  # every file and folder backcoach creates is the person's alone
    args = sys.argv[1:]
    if args == ["nudge"]:
        from .history.nudge import main as nudge

        sys.exit(nudge())  # prints nothing when it cannot, whatever stdout is
    try:
        code = _run(args)
        sys.stdout.flush()
    except streams.OutputError as error:
        code = _cannot_write(error)
    except BrokenPipeError:
        code = 0
    if streams.reader_gone():  # click turns a closed pipe into exit 1; it is no failure
        code = 0
    sys.exit(code)


def _run(args: list[str]) -> int:
    if 1 in streams.closed:
        # Nothing could be shown, and a session would run unseen: do nothing.
        print("Error: cannot write output: standard output is closed", file=sys.stderr)
        return 1
    if args in (["--version"], ["-V"]):
        from . import __version__

        print(f"backcoach {__version__}")
        return 0
    if args == ["list"]:
        from .console import exit_code
        from .listing import list_stretches

        try:
            list_stretches()
            sys.stdout.flush()
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - exit_code reports it
            return exit_code(error)
        return 0
    from .cli import run

    return run(args)


def _cannot_write(error: streams.OutputError) -> int:
    print(f"Error: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
