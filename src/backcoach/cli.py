"""The command line: the only module that talks to typer.

Each command parses its options, calls the modules that do the work and hands
their results to render. Heavy modules are imported inside the commands that
need them, so `backcoach --help` stays quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from . import __version__
from .errors import InputError


class _Group(TyperGroup):
    """Turns every outcome of a command into an exit code and a message, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as bad:
            from . import render

            if bad.problems:
                render.problems(map(str, bad.problems))
            else:
                render.error(bad.message)
            raise click.exceptions.Exit(2) from None
        except KeyboardInterrupt:
            print(file=sys.stderr)
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`backcoach list | head`): not an error.
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as unexpected:
            import os

            if os.environ.get("BACKCOACH_DEBUG"):
                raise
            from . import render

            render.error(
                "something went wrong inside backcoach: "
                f"{type(unexpected).__name__}: {unexpected}",
                "This is a bug: run again with BACKCOACH_DEBUG=1 for details, and report it.",
            )
            raise click.exceptions.Exit(1) from None


app = typer.Typer(
    cls=_Group,
    name="backcoach",
    help=(
        "A calm coach for ten lower back stretches, every morning.\n\n"
        "Run `backcoach session`, put the laptop beside your mat and follow the cues. "
        "backcoach is a coach, not a doctor: check with a physical therapist before "
        "starting, and stop any stretch that hurts."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        metavar="PATH",
        help="Use the stretch catalogue in this YAML file instead of the built-in one.",
        envvar="BACKCOACH_CATALOGUE",
        show_envvar=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document and nothing else.")
]


def _version(value: bool) -> None:
    if value:
        print(f"backcoach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A calm coach for ten lower back stretches, every morning."""


def _print_json(document: Any) -> None:
    print(json.dumps(document, indent=2, ensure_ascii=False))


def _load(path: Path | None):  # type: ignore[no-untyped-def]
    from .catalogue import load

    return load(path)


@app.command("list")
def list_command(catalogue: CatalogueOption = None, as_json: JsonOption = False) -> None:
    """List every stretch with its dose, equipment and time.

    The footer gives the length of the full routine, rests included.

    Example: backcoach list --json
    """
    from . import describe

    stretches = _load(catalogue)
    if as_json:
        _print_json([describe.stretch_json(s, stretches.timing) for s in stretches.stretches])
        return
    from . import render

    render.stretch_table(stretches)


@app.command("show")
def show_command(
    name: Annotated[
        str, typer.Argument(help="The stretch: its id, number, or the start of its id.")
    ],
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one stretch: position, steps with their breathing, dose and cautions.

    Example: backcoach show bridge   (or: backcoach show 7, backcoach show bri)
    """
    from . import describe
    from .catalogue import resolve

    stretches = _load(catalogue)
    stretch = resolve(stretches, name)
    if as_json:
        _print_json(describe.stretch_json(stretch, stretches.timing))
        return
    from . import render

    render.stretch_page(stretch, stretches)


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Catalogue files to check.", metavar="PATH...")
    ],
    as_json: JsonOption = False,
) -> None:
    """Check catalogue files and list every problem, with FILE:LINE:COL.

    Exits 0 when every file is valid, 1 when any problem is found.

    Example: backcoach validate my-stretches.yaml
    """
    from .catalogue import load

    results: list[dict[str, Any]] = []
    for path in paths:
        try:
            loaded = load(path)
            results.append(
                {
                    "file": str(path),
                    "valid": True,
                    "stretches": len(loaded.stretches),
                    "problems": [],
                }
            )
        except InputError as error:
            problems = [
                {"line": p.line, "column": p.col, "message": p.message} for p in error.problems
            ] or [{"line": None, "column": None, "message": error.message}]
            results.append({"file": str(path), "valid": False, "problems": problems})
    failed = [result for result in results if not result["valid"]]
    if as_json:
        _print_json(results if len(results) > 1 else results[0])
    else:
        from . import render

        for result in results:
            if result["valid"]:
                print(f"{result['file']}: valid catalogue, {result['stretches']} stretches")
                continue
            render.problems(
                [
                    f"{result['file']}:{p['line']}:{p['column']}: {p['message']}"
                    if p["line"] is not None
                    else p["message"]
                    for p in result["problems"]
                ],
                sys.stdout,
            )
        if failed:
            count = sum(len(result["problems"]) for result in failed)
            print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


def run(argv: list[str] | None = None) -> int:
    """Run the app in standalone mode and return its exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args or ["--help"], prog_name="backcoach")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
