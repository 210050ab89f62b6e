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
                f"something went wrong inside backcoach: {type(unexpected).__name__}: {unexpected}",
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


def _interactive(plain: bool) -> bool:
    """A live view needs a real terminal on both ends, and one that can draw."""
    import os

    return (
        not plain
        and sys.stdin.isatty()
        and sys.stdout.isatty()
        and os.environ.get("TERM", "") != "dumb"
    )


@app.command("session")
def session_command(
    only: Annotated[
        str | None,
        typer.Option(
            "--only", metavar="ID,...", help="Do only these stretches (ids, numbers or prefixes)."
        ),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option("--skip", metavar="ID,...", help="Leave these stretches out."),
    ] = None,
    gentle: Annotated[
        bool,
        typer.Option("--gentle", help="The lower end of every range: shorter holds, fewer reps."),
    ] = False,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes", metavar="N", help="Fit the routine into about N minutes by trimming reps."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the whole timeline and its total, without waiting."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: one JSON document.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell at each change.")] = False,
    voice: Annotated[
        bool,
        typer.Option(
            "--voice",
            help="Speak each cue (espeak-ng, spd-say or say; or $BACKCOACH_SPEECH_COMMAND).",
        ),
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="One line per change, no live view (also for screen readers)."
        ),
    ] = False,
    speed: Annotated[
        float,
        typer.Option(
            "--speed", hidden=True, min=0.01, max=1000.0, help="Play time F times faster."
        ),
    ] = 1.0,
    catalogue: CatalogueOption = None,
) -> None:
    """Guide you through the routine: position, breathing, holds, sides and reps.

    By default each stretch uses the middle of the source's range (reps and
    hold); --gentle uses the lower end. Keys while it runs: space pause,
    n next stretch, b restart the stretch, p this hurts (stop it and note it),
    q quit. Without a terminal (a pipe, TERM=dumb, --plain) it prints one
    line per change instead.

    Example: backcoach session --only bridge,bird-dog --gentle
    """
    from . import planner
    from .catalogue import resolve_many

    stretches = _load(catalogue)
    chosen = list(stretches.stretches)
    if only:
        chosen = resolve_many(stretches, only)
    if skip:
        skipped = {stretch.id for stretch in resolve_many(stretches, skip)}
        chosen = [stretch for stretch in chosen if stretch.id not in skipped]
    if as_json and not dry_run:
        from .errors import UsageError

        raise UsageError("--json goes with --dry-run: `backcoach session --dry-run --json`")
    level: planner.Level = "gentle" if gentle else "standard"
    timeline = planner.plan(chosen, stretches.timing, level, minutes)
    if timeline.trimmed:
        from . import render

        render.notice(f"Trimmed to fit {minutes:g} minutes: " + "; ".join(timeline.trimmed))
    if dry_run:
        if as_json:
            from .describe import timeline_json

            _print_json(timeline_json(timeline))
        else:
            from .plain import timeline_lines

            print("\n".join(timeline_lines(timeline)))
        return
    raise typer.Exit(_run_session(timeline, stretches, level, plain, quiet, voice, speed))


def _run_session(
    timeline: Any, stretches: Any, level: str, plain: bool, quiet: bool, voice: bool, speed: float
) -> int:
    import signal

    from . import render, runner, state

    interactive = _interactive(plain)
    speech = None
    if voice:
        from .voice import find_command

        speech = find_command()
        if speech is None:
            render.notice(
                "--voice: no speech command found; install espeak-ng (or spd-say, say), "
                "or set BACKCOACH_SPEECH_COMMAND. Going on without a voice."
            )
    if not state.medical_note_accepted():
        render.medical_note(stretches.advice)
        if interactive:
            answer = runner.ask_key("Press y to go on, any other key to stop: ")
            if answer.lower() != "y":
                render.notice("Not started. Come back when you are ready.")
                return 1
            state.accept_medical_note()
    render.session_intro(timeline, level)
    view: runner.View
    if interactive:
        view = render.LiveView(stretches.advice, timeline)
    else:
        from .plain import PlainView

        view = PlainView(sys.stdout)
    settings = runner.SessionSettings(
        plain=not interactive,
        bell=not quiet and (interactive or sys.stdout.isatty()),
        speech=speech,
        speed=speed,
        get_ready_seconds=stretches.timing.get_ready_seconds,
    )
    result = runner.run_for_real(timeline, stretches, view, settings)
    render.summary(result, timeline, stretches)
    if result.interrupted_by == signal.SIGINT:
        return 130
    if result.interrupted_by is not None:
        return 128 + int(result.interrupted_by)
    return 0


def run(argv: list[str] | None = None) -> int:
    """Run the app in standalone mode and return its exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args or ["--help"], prog_name="backcoach")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
