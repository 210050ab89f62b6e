"""The command line: the only module that talks to typer.

Each command parses its options, calls the modules that do the work and hands
their results to render. Heavy modules are imported inside the commands that
need them, so `backcoach --help` stays quick.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from . import __version__, inputs
from .errors import InputError, UsageError

if TYPE_CHECKING:
    from .catalogue.models import Catalogue
    from .catalogue.routines import Routine
    from .session.planner import Level, Prescription


COMMAND_ORDER = (
    "session",
    "list",
    "show",
    "history",
    "resume",
    "routines",
    "config",
    "validate",
    "nudge",
)


class _Group(TyperGroup):
    """Turns every outcome of a command into an exit code and a message, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In help, the commands in the order a person meets them."""
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - exit_code reports it
            from .console import exit_code

            raise click.exceptions.Exit(exit_code(error)) from None


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
    # Plain click help: it reads the same and spares every --help importing rich.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
routines_app = typer.Typer(
    cls=_Group,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(routines_app, name="routines")

CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        metavar="PATH",
        help="Use the stretch catalogue in this YAML file (or set 'catalogue' in the config).",
    ),
]
RoutineOption = Annotated[
    str | None,
    typer.Option("--routine", metavar="NAME|PATH", help="Follow this routine (see `routines`)."),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document and nothing else.")
]
FigureOption = Annotated[
    bool | None,
    typer.Option(
        "--figure/--no-figure",
        help="Draw a figure of each position (or set 'figure = false' in the config).",
    ),
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


# -- shared helpers ------------------------------------------------------------


def _print_json(document: Any) -> None:
    from .describe import print_json

    print_json(document)


# -- reading the catalogue -------------------------------------------------------


@app.command("list")
def list_command(
    routine: RoutineOption = None,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """List every stretch with its dose, equipment and time.

    The footer gives the length of the full routine, rests included. With
    --routine, the routine's stretches with the doses it prescribes.

    Example: backcoach list --json
    """
    from .listing import list_stretches

    list_stretches(routine, catalogue, as_json)


@app.command("show")
def show_command(
    name: Annotated[
        str, typer.Argument(help="The stretch: its id, number, or the start of its id.")
    ],
    routine: RoutineOption = None,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
    figure: FigureOption = None,
) -> None:
    """Show one stretch: figures of the position, steps with their breathing, dose, cautions.

    Example: backcoach show bridge   (or: backcoach show 7, backcoach show bri)
    """
    from . import describe
    from .catalogue.loader import resolve

    stretches = inputs.catalogue(catalogue)
    prescription = None
    if routine is not None:
        followed = inputs.routine(routine, stretches)
        stretches = followed.catalogue
    stretch = resolve(stretches, name)
    if routine is not None:
        level = inputs.settings()["level"]
        matches = [p for p in followed.prescriptions(level) if p.stretch.id == stretch.id]
        if not matches:
            raise UsageError(f"the routine '{followed.name}' does not include {stretch.id}")
        prescription = matches[0]
    if as_json:
        _print_json(describe.stretch_json(stretch, stretches.timing))
        return
    from . import render

    hold = inputs.holds().get(stretch.id)
    render.stretch_page(
        stretch,
        stretches,
        inputs.hold_note(stretch.id, hold) if hold else None,
        prescription,
        figure=inputs.settings(figure=figure)["figure"],
    )


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Catalogue or routine files to check.", metavar="PATH..."),
    ],
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check catalogue and routine files; list every problem with FILE:LINE:COL.

    Routines are checked against the catalogue (the built-in one, or
    --catalogue). Exits 0 when every file is valid, 1 when any problem is
    found.

    Example: backcoach validate my-stretches.yaml routines/physio.yaml
    """
    from .catalogue import routines
    from .catalogue.loader import load
    from .catalogue.yamlfile import read_text

    results: list[dict[str, Any]] = []
    base: Catalogue | None = None
    for path in paths:
        result: dict[str, Any] = {"file": str(path), "valid": True, "problems": []}
        try:
            text = read_text(path, "YAML")
            if routines.is_routine(text):
                base = base or inputs.catalogue(catalogue)
                routine = routines.parse_routine(text, str(path), base, path.parent)
                result.update(kind="routine", stretches=len(routine.entries))
            else:
                result.update(kind="catalogue", stretches=len(load(path).stretches))
        except InputError as error:
            result["valid"] = False
            result["problems"] = [
                {"line": p.line, "column": p.col, "message": p.message} for p in error.problems
            ] or [{"line": None, "column": None, "message": error.message}]
        results.append(result)
    failed = [result for result in results if not result["valid"]]
    if as_json:
        _print_json(results if len(results) > 1 else results[0])
    else:
        from . import console

        for result in results:
            if result["valid"]:
                print(f"{result['file']}: valid {result['kind']}, {result['stretches']} stretches")
                continue
            console.problems(
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


# -- routines and settings -------------------------------------------------------


@routines_app.callback()
def routines_command(
    ctx: typer.Context,
    catalogue: CatalogueOption = None,
    as_json: JsonOption = False,
) -> None:
    """List your routines: stretches, estimated time and where each comes from.

    Routines live in the routines/ folder beside your config file; backcoach
    ships 'full' (all ten) and 'quick' (about five minutes).

    Example: backcoach routines
    """
    if ctx.invoked_subcommand is not None:
        return
    from .catalogue import routines
    from .session import planner

    settings = inputs.settings()
    base = inputs.catalogue(catalogue, settings)
    level = settings["level"]
    rows: list[dict[str, Any]] = []
    for name, origin in routines.available():
        try:
            routine = routines.load(origin if origin != "built-in" else name, base)
        except InputError as error:
            rows.append({"name": name, "from": origin, "error": str(error).splitlines()[0]})
            continue
        timeline = planner.build(
            routine.prescriptions(level), routine.catalogue.timing, routine.rest_seconds
        )
        rows.append(
            {
                "name": name,
                "from": origin,
                "description": routine.description,
                "stretches": [e.stretch_id for e in routine.entries],
                "estimated_seconds": timeline.total_seconds,
            }
        )
    if as_json:
        _print_json(rows)
        return
    from . import render

    render.routine_table(rows)


@routines_app.command("new")
def routines_new_command(
    name: Annotated[str, typer.Argument(help="The new routine's name: lower-case, dashes.")],
    catalogue: CatalogueOption = None,
) -> None:
    """Write a commented starter routine, from the full routine, to edit.

    It never overwrites a file that exists.

    Example: backcoach routines new physio && backcoach session --routine physio
    """
    from .catalogue import routines
    from .paths import ensure_private_dir

    if not routines.valid_name(name):
        raise UsageError(
            f"'{name}' is not a usable name; use lower-case letters, digits and "
            "dashes, like 'physio' or 'short-morning'"
        )
    folder = ensure_private_dir(routines.user_dir())
    path = folder / f"{name}.yaml"
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(routines.starter(name, inputs.catalogue(catalogue)))
    except FileExistsError:
        raise UsageError(f"{path} already exists; edit it, or choose another name") from None
    print(path)
    from . import console

    console.notice(f"Edit it, then: backcoach session --routine {name}", style="dim")


@app.command("config")
def config_command(
    path: Annotated[
        bool, typer.Option("--path", help="Print the config file's path only.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Show the settings in effect and where each comes from.

    Precedence: command-line flag > BACKCOACH_* environment variable >
    config.toml > built-in default.

    Example: backcoach config --path
    """
    from . import config

    if path:
        print(config.config_path())
        return
    settings = config.load()
    if as_json:
        _print_json(
            {
                "path": str(settings.path),
                "settings": {
                    spec.name: {"value": settings[spec.name], "source": settings.sources[spec.name]}
                    for spec in config.SPECS
                },
            }
        )
        return
    from . import render

    render.settings_table(settings, config.SPECS)


# -- practice history --------------------------------------------------------------


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

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    first = None
    if since is not None:
        try:
            first = dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {since!r} is not a date; write it as YYYY-MM-DD") from None
    history = inputs.existing_history()
    sessions = history.sessions(first) if history else []
    on_hold = history.on_hold() if history else {}
    today = history.now().date() if history else dt.date.today()
    from .history import summary as report

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
        names = {s.id: s.name for s in inputs.catalogue(catalogue).stretches}
    render.history_page(report.build(sessions, today), on_hold, names)


@app.command("resume")
def resume_command(
    name: Annotated[str, typer.Argument(help="The stretch on hold: id, number or prefix.")],
    catalogue: CatalogueOption = None,
) -> None:
    """Bring a stretch that hurt back into your routine, once a professional says so.

    Example: backcoach resume bird-dog
    """
    from . import console
    from .catalogue.loader import resolve

    history = inputs.existing_history()
    if history is None:
        console.notice("No stretch is on hold; nothing to do.")
        return
    holds = history.on_hold()
    stretch_id = name if name in holds else resolve(inputs.catalogue(catalogue), name).id
    if history.resume(stretch_id):
        print(f"{stretch_id} is back in your routine. Go gently.")
    else:
        console.notice(f"{stretch_id} was not on hold; nothing to do.")


@app.command("nudge")
def nudge_command() -> None:
    """Print a one-line reminder if you have not stretched today, and nothing otherwise.

    Made for your shell's start-up file: it is quick and never fails loudly.

    Example: backcoach nudge   (to set it up: echo 'backcoach nudge' >> ~/.bashrc)
    """
    from .history.nudge import main as nudge

    raise typer.Exit(nudge())


# -- the session -----------------------------------------------------------------


def _interactive(plain: bool) -> bool:
    """A live view needs a real terminal on both ends, and one that can draw."""
    import os

    return (
        not plain
        and sys.stdin.isatty()
        and sys.stdout.isatty()
        and os.environ.get("TERM", "") != "dumb"
    )


@dataclass
class _SessionOptions:
    level: str
    plain: bool
    sound: bool
    voice: bool
    speech_command: str | None
    speed: float
    checkin: bool
    get_ready_seconds: float | None
    routine: str
    figure: bool = True


@app.command("session")
def session_command(
    routine: RoutineOption = None,
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
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            metavar="standard|gentle",
            help="standard: the middle of each range (the default); gentle: the lower end.",
        ),
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes", metavar="N", help="Fit the routine into about N minutes by trimming reps."
        ),
    ] = None,
    rest: Annotated[
        float | None,
        typer.Option("--rest", metavar="SECONDS", min=0, max=600, help="Rest between stretches."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the whole timeline and its total, without waiting."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: one JSON document.")
    ] = False,
    sound: Annotated[
        bool | None,
        typer.Option("--sound/--quiet", help="A bell at each change (--quiet: none)."),
    ] = None,
    voice: Annotated[
        bool | None,
        typer.Option(
            "--voice/--no-voice",
            help="Speak each cue (espeak-ng, spd-say or say; or $BACKCOACH_SPEECH_COMMAND).",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="One line per change, no live view (also for screen readers)."
        ),
    ] = False,
    checkin: Annotated[
        bool | None,
        typer.Option(
            "--checkin/--no-checkin", help="Ask how much it hurts (0–10) before and after."
        ),
    ] = None,
    speed: Annotated[
        float,
        typer.Option(
            "--speed", hidden=True, min=0.01, max=1000.0, help="Play time F times faster."
        ),
    ] = 1.0,
    catalogue: CatalogueOption = None,
    figure: FigureOption = None,
) -> None:
    """Guide you through the routine: position, breathing, holds, sides and reps.

    By default each stretch uses the middle of the source's range (reps and
    hold); --gentle uses the lower end. Keys while it runs: space pause,
    n next stretch, b restart the stretch, p this hurts (stop it and put it on
    hold), q quit. Without a terminal (a pipe, TERM=dumb, --plain) it prints
    one line per change instead.

    Example: backcoach session --only bridge,bird-dog --gentle
    """
    from .session import planner

    if gentle and level not in (None, "gentle"):
        raise UsageError("--gentle and --level standard contradict each other; choose one")
    if level is not None and level not in planner.LEVELS:
        raise UsageError(f"--level must be standard or gentle, not {level!r}")
    if as_json and not dry_run:
        raise UsageError("--json goes with --dry-run: `backcoach session --dry-run --json`")
    settings = inputs.settings(
        level="gentle" if gentle else level,
        routine=routine,
        sound=sound,
        voice=voice,
        checkin=checkin,
        rest_seconds=rest,
        figure=figure,
    )
    stretches = inputs.catalogue(catalogue, settings)
    followed = inputs.routine(settings["routine"], stretches)
    chosen_level: Level = settings["level"]
    prescriptions = _choose(followed, chosen_level, only, skip, dry_run)
    rest_seconds = settings["rest_seconds"]
    if settings.sources["rest_seconds"] == "default":
        rest_seconds = followed.rest_seconds
    timeline = planner.plan(prescriptions, followed.catalogue.timing, minutes, rest_seconds)
    if timeline.trimmed:
        from . import console

        console.notice(f"Trimmed to fit {minutes:g} minutes: " + "; ".join(timeline.trimmed))
    if dry_run:
        if as_json:
            from .describe import timeline_json

            _print_json(timeline_json(timeline))
        else:
            from .session.plain import timeline_lines

            print("\n".join(timeline_lines(timeline)))
        return
    options = _SessionOptions(
        level=chosen_level,
        plain=plain,
        sound=settings["sound"],
        voice=settings["voice"],
        speech_command=settings["speech_command"],
        speed=speed,
        checkin=settings["checkin"],
        get_ready_seconds=settings["get_ready_seconds"],
        routine=followed.name,
        figure=settings["figure"],
    )
    raise typer.Exit(_run_session(timeline, followed.catalogue, options))


def _choose(
    followed: Routine, level: Level, only: str | None, skip: str | None, dry_run: bool
) -> list[Prescription]:
    """The routine's stretches, narrowed by --only and --skip, without those on hold."""
    from .catalogue.loader import resolve_many

    prescriptions = followed.prescriptions(level)
    in_routine = {p.stretch.id for p in prescriptions}
    if only:
        wanted = {s.id for s in resolve_many(followed.catalogue, only)}
        missing = sorted(wanted - in_routine)
        if missing:
            raise UsageError(f"not in the routine '{followed.name}': {', '.join(missing)}")
        prescriptions = [p for p in prescriptions if p.stretch.id in wanted]
    if skip:
        unwanted = {s.id for s in resolve_many(followed.catalogue, skip)}
        prescriptions = [p for p in prescriptions if p.stretch.id not in unwanted]
    holds = inputs.holds()
    held = [p.stretch.id for p in prescriptions if p.stretch.id in holds]
    if held:
        from . import console

        for stretch_id in held:
            console.notice(inputs.hold_note(stretch_id, holds[stretch_id]))
        prescriptions = [p for p in prescriptions if p.stretch.id not in holds]
        if not prescriptions:
            raise UsageError("every stretch you chose is on hold; nothing to do today")
    return prescriptions


def _open_history() -> Any:
    """The history for a session, or None (said loudly) when it cannot be used."""
    from .history.store import History, HistoryError

    try:
        return History.open()
    except HistoryError as error:
        from . import console

        console.error(str(error), "This session is NOT being recorded.")
        return None


def _run_session(timeline: Any, stretches: Catalogue, options: _SessionOptions) -> int:
    import signal

    from . import console, render
    from .history import state
    from .session import runner

    interactive = _interactive(options.plain)
    speech = None
    if options.voice:
        from .session.voice import find_command

        speech = find_command(options.speech_command)
        if speech is None:
            console.notice(
                "--voice: no speech command found; install espeak-ng (or spd-say, say), "
                "or set BACKCOACH_SPEECH_COMMAND. Going on without a voice."
            )
    if not state.medical_note_accepted():
        render.medical_note(stretches.advice)
        if interactive:
            answer = runner.ask_key("Press y to go on, any other key to stop: ")
            if answer.lower() != "y":
                console.notice("Not started. Come back when you are ready.")
                return 1
            state.accept_medical_note()
    history = _open_history()
    ask_pain = interactive and options.checkin
    pain_before = runner.ask_pain("before") if ask_pain else None
    render.session_intro(timeline, options.level, options.routine)
    recorder: Any = None
    if history is not None:
        from .history.store import HistoryRecorder

        session_id = history.start_session(
            options.level, options.routine, timeline.total_seconds, pain_before
        )
        recorder = HistoryRecorder(history, session_id)
    view: runner.View
    if interactive:
        view = render.LiveView(stretches.advice, timeline, figure=_figure(timeline, options))
    else:
        from .session.plain import PlainView

        view = PlainView(sys.stdout)
    get_ready = options.get_ready_seconds
    settings = runner.SessionSettings(
        plain=not interactive,
        bell=options.sound and (interactive or sys.stdout.isatty()),
        speech=speech,
        speed=options.speed,
        get_ready_seconds=stretches.timing.get_ready_seconds if get_ready is None else get_ready,
    )
    result = runner.run_for_real(timeline, stretches, view, settings, recorder)
    streak = None
    if history is not None:
        if ask_pain and result.interrupted_by is None:
            pain_after = runner.ask_pain("after")
            if pain_after is not None:
                recorder.record(history.set_pain_after, pain_after)
        from .history.store import practised_days
        from .history.streaks import streak as compute_streak

        streak = compute_streak(practised_days(history.sessions()), history.now().date())
    render.summary(result, timeline, stretches, streak)
    if recorder is not None and recorder.failed:
        console.error(recorder.failed, "Part of this session was not recorded.")
    if result.interrupted_by == signal.SIGINT:
        return 130
    if result.interrupted_by is not None:
        return 128 + int(result.interrupted_by)
    return 0


def _figure(timeline: Any, options: _SessionOptions) -> Any:
    """The live view's figure, or None when turned off or the terminal cannot draw it."""
    import os

    from .session.figure import can_draw

    if not options.figure or not can_draw(sys.stdout.encoding, os.environ.get("TERM")):
        return None
    from .session.figure import figure_provider

    return figure_provider(timeline, color=not os.environ.get("NO_COLOR"))


def _only_command(name: str) -> typer.Typer:
    """The app with just the command that will run: typer then builds one, not all."""
    import copy

    single = copy.copy(app)
    single.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or info.callback.__name__) == name  # type: ignore[union-attr]
    ]
    single.registered_groups = [info for info in app.registered_groups if info.name == name]
    return single if single.registered_commands or single.registered_groups else app


def run(argv: list[str] | None = None) -> int:
    """Run the app in standalone mode and return its exit code."""
    args = sys.argv[1:] if argv is None else argv
    command = _only_command(args[0]) if args and not args[0].startswith("-") else app
    try:
        command(args=args or ["--help"], prog_name="backcoach")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
