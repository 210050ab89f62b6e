"""Entry point for `backcoach` and `python -m backcoach`.

The two commands that must start fastest answer here, before typer or rich is
imported: `--version`, and `nudge`, which runs in every new shell.
"""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["nudge"]:
        from .nudge import main as nudge

        sys.exit(nudge())
    if args in (["--version"], ["-V"]):
        from . import __version__

        print(f"backcoach {__version__}")
        sys.exit(0)
    from .cli import run

    sys.exit(run(args))


if __name__ == "__main__":
    main()
