"""The command line: the only module that talks to typer.

Each command parses its options, calls the modules that do the work and hands
their results to render. Heavy modules are imported inside the commands that
need them, so `backcoach --help` stays quick.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass
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


def _holds() -> dict[str, Any]:
    """Stretches on hold, for marking; an unreadable history only warns."""
    from .history import History, HistoryError

    try:
        history = History.open(create=False)
    except FileNotFoundError:
        return {}
    except HistoryError as error:
        from . import render

        render.notice(f"Warning: {error}")
        return {}
    try:
        return history.on_hold()
    finally:
        history.close()


def _hold_note(stretch_id: str, hold: Any) -> str:
    return (
        f"{stretch_id} is on hold since {hold.since:%d %b}: {hold.reason}. Talk to a physical "
        f"therapist; `backcoach resume {stretch_id}` brings it back."
    )


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

    render.stretch_table(stretches, _holds())


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

    hold = _holds().get(stretch.id)
    render.stretch_page(stretch, stretches, _hold_note(stretch.id, hold) if hold else None)


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


@app.command("history")
def history_command(
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print one row per session, as CSV.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only sessions on or after this date (YYYY-MM-DD)."
        ),
    ] = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Show your practice: calendar, streaks, this week and month, recent sessions, pain.

    --json and --csv export every session, something to take to your physical
    therapist.

    Example: backcoach history --since 2026-11-01 --csv > sessions.csv
    """
    import datetime as dt

    from .errors import UsageError
    from .history import History, HistoryError

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    first = None
    if since is not None:
        try:
            first = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {since!r} is not a date; write it as YYYY-MM-DD") from None
    try:
        history = History.open(create=False)
    except FileNotFoundError:
        history = None
    except HistoryError as error:
        raise InputError(str(error)) from None
    sessions = history.sessions(first) if history else []
    on_hold = history.on_hold() if history else {}
    today = history.now().date() if history else dt.date.today()
    from . import report

    if as_json:
        _print_json(report.history_json(sessions, today, on_hold))
        return
    if as_csv:
        import csv

        csv.writer(sys.stdout, lineterminator="\n").writerows(report.csv_rows(sessions))
        return
    from . import render

    names: dict[str, str] = {}
    with contextlib.suppress(InputError):  # a bad catalogue: show ids instead of names
        names = {s.id: s.name for s in _load(catalogue).stretches}
    render.history_page(report.build(sessions, today), on_hold, names)


@app.command("resume")
def resume_command(
    name: Annotated[str, typer.Argument(help="The stretch on hold: id, number or prefix.")],
    catalogue: CatalogueOption = None,
) -> None:
    """Bring a stretch that hurt back into your routine, once a professional says so.

    Example: backcoach resume bird-dog
    """
    from . import render
    from .catalogue import resolve
    from .history import History, HistoryError

    try:
        history = History.open(create=False)
    except FileNotFoundError:
        render.notice("No stretch is on hold; nothing to do.")
        return
    except HistoryError as error:
        raise InputError(str(error)) from None
    holds = history.on_hold()
    stretch_id = name if name in holds else resolve(_load(catalogue), name).id
    if history.resume(stretch_id):
        print(f"{stretch_id} is back in your routine. Go gently.")
    else:
        render.notice(f"{stretch_id} was not on hold; nothing to do.")


@app.command("nudge")
def nudge_command() -> None:
    """Print a one-line reminder if you have not stretched today, and nothing otherwise.

    Made for your shell's start-up file: it is quick and never fails loudly.

    Example: echo 'backcoach nudge' >> ~/.bashrc
    """
    from .nudge import main as nudge

    raise typer.Exit(nudge())


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
    no_checkin: Annotated[
        bool,
        typer.Option("--no-checkin", help="Do not ask how much it hurts before and after."),
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
    history = None if dry_run else _open_history()
    holds = history.on_hold() if history is not None else _holds()
    held = [stretch for stretch in chosen if stretch.id in holds]
    if held:
        from . import render

        for stretch in held:
            render.notice(_hold_note(stretch.id, holds[stretch.id]))
        chosen = [stretch for stretch in chosen if stretch.id not in holds]
        if not chosen:
            from .errors import UsageError

            raise UsageError("every stretch you chose is on hold; nothing to do today")
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
    options = _SessionOptions(level, plain, quiet, voice, speed, checkin=not no_checkin)
    raise typer.Exit(_run_session(timeline, stretches, options, history))


def _open_history() -> Any:
    """The history for a session, or None (said loudly) when it cannot be used."""
    from .history import History, HistoryError

    try:
        return History.open()
    except HistoryError as error:
        from . import render

        render.error(str(error), "This session is NOT being recorded.")
        return None


@dataclass
class _SessionOptions:
    level: str
    plain: bool
    quiet: bool
    voice: bool
    speed: float
    checkin: bool


def _run_session(timeline: Any, stretches: Any, options: _SessionOptions, history: Any) -> int:
    import signal

    from . import render, runner, state

    interactive = _interactive(options.plain)
    speech = None
    if options.voice:
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
    ask_pain = interactive and options.checkin
    pain_before = runner.ask_pain("before") if ask_pain else None
    render.session_intro(timeline, options.level)
    recorder: Any = None
    if history is not None:
        from .history import HistoryRecorder

        session_id = history.start_session(options.level, None, timeline.total_seconds, pain_before)
        recorder = HistoryRecorder(history, session_id)
    view: runner.View
    if interactive:
        view = render.LiveView(stretches.advice, timeline)
    else:
        from .plain import PlainView

        view = PlainView(sys.stdout)
    settings = runner.SessionSettings(
        plain=not interactive,
        bell=not options.quiet and (interactive or sys.stdout.isatty()),
        speech=speech,
        speed=options.speed,
        get_ready_seconds=stretches.timing.get_ready_seconds,
    )
    result = runner.run_for_real(timeline, stretches, view, settings, recorder)
    streak = None
    if history is not None:
        if ask_pain and result.interrupted_by is None:
            pain_after = runner.ask_pain("after")
            if pain_after is not None:
                recorder._safely(history.set_pain_after, recorder.session_id, pain_after)
        from .history import practised_days
        from .streaks import streak as compute_streak

        streak = compute_streak(practised_days(history.sessions()), history.now().date())
    render.summary(result, timeline, stretches, streak)
    if recorder is not None and recorder.failed:
        render.error(recorder.failed, "Part of this session was not recorded.")
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
