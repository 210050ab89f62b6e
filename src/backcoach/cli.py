"""The command line: the only module that talks to typer.

Each command parses its options, calls the modules that do the work and hands
their results to render. Heavy modules are imported inside the commands that
need them, so `backcoach --help` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperGroup

from . import __version__, complete, inputs
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
    "hold",
    "report",
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
    # --install-completion / --show-completion; the callbacks in complete.py import lazily.
    add_completion=True,
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
    typer.Option(
        "--routine",
        metavar="NAME|PATH",
        help="Follow this routine (see `routines`).",
        autocompletion=complete.routine,
    ),
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


def _finite(value: float | None) -> float | None:
    """A number flag's value, refused when it is nan or infinite (click lets nan through ranges)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number backcoach can use; give a finite one")
    return value


MAX_MINUTES = 24 * 60


def _minutes(value: float | None) -> float | None:
    value = _finite(value)
    if value is not None and not 0 < value <= MAX_MINUTES:
        raise typer.BadParameter(
            f"{value:g} is out of range; give more than 0, up to {MAX_MINUTES}"
        )
    return value


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
        str,
        typer.Argument(
            help="The stretch: its id, number, or the start of its id.",
            autocompletion=complete.stretch,
        ),
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
    hold = inputs.holds().get(stretch.id)
    if as_json:
        _print_json(describe.stretch_json(stretch, stretches.timing, hold))
        return
    from . import render

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
    from .catalogue.loader import parse_catalogue
    from .catalogue.textfile import read_text, visible

    results: list[dict[str, Any]] = []
    base: Catalogue | None = None
    for path in paths:
        shown = visible(path)
        result: dict[str, Any] = {"file": shown, "valid": True, "problems": []}
        try:
            # Never from a cache: `validate` says what the file holds now.
            text = read_text(path, "YAML")
            if routines.is_routine(text, cached=False):
                base = base or inputs.catalogue(catalogue, cached=False)
                routine = routines.parse_routine(text, str(path), base, path.parent, cached=False)
                result.update(kind="routine", stretches=len(routine.entries))
            else:
                checked = parse_catalogue(text, shown, cached=False)
                result.update(kind="catalogue", stretches=len(checked.stretches))
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
    from .catalogue.textfile import visible
    from .paths import ensure_private_dir

    if not routines.valid_name(name):
        raise UsageError(
            f"'{visible(name)}' is not a usable name; use lower-case letters, digits and "
            "dashes, like 'physio' or 'short-morning'"
        )
    inputs.check_home()
    try:
        folder = ensure_private_dir(routines.user_dir())
    except OSError as error:
        raise InputError(f"{routines.user_dir()}: cannot create it ({error.strerror})") from None
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
    inputs.check_home()
    settings = config.load()
    _mention_open_files(settings.path)
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


def _mention_open_files(config_file: Path) -> None:
    """Folders and files others can read are left as they are, but said."""
    import os

    from . import paths

    names = [
        paths.data_dir_name(),
        paths.config_dir_name(),
        paths.cache_dir(),
        os.path.join(paths.data_dir_name(), "history.sqlite3"),  # no sqlite3 import for this
        str(config_file),
    ]
    for name, mode in paths.too_open(list(dict.fromkeys(names))):
        from . import console

        console.notice(
            f"{name} can be read by others (mode {mode:o}); backcoach left it as it was. "
            f"To keep it private: chmod {'700' if Path(name).is_dir() else '600'} {name}"
        )


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
    show_all: Annotated[
        bool,
        typer.Option("--all", help="List every session, those with no stretch done too (dimmed)."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Show your practice: calendar, streaks, this week and month, recent sessions, pain.

    The last 10 sessions with a stretch done are listed, and a line says how
    many more there are; --all lists every one. A session with no stretch
    done is kept but counts towards no streak or total. --json and --csv
    export every session, something to take to your physical therapist.

    Example: backcoach history --since 2026-11-01 --csv > sessions.csv
    """
    from .practice import show_history

    raise typer.Exit(show_history(as_json, as_csv, since, show_all, catalogue))


@app.command("hold")
def hold_command(
    name: Annotated[
        str,
        typer.Argument(
            help="The stretch: its id, number, or the start of its id.",
            autocompletion=complete.not_held,
        ),
    ],
    reason: Annotated[
        str,
        typer.Option("--reason", metavar="TEXT", help="Why, in your words; shown with the hold."),
    ] = "put on hold by hand",
    catalogue: CatalogueOption = None,
) -> None:
    """Put a stretch on hold by hand, as `p` does in a session, e.g. after a therapist's visit.

    Sessions leave it out and say so, `list` and `show` mark it, until
    `backcoach resume` brings it back.

    Example: backcoach hold bird-dog --reason "physio: not until March"
    """
    from .practice import hold

    hold(name, reason, catalogue)


@app.command("report")
def report_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write here (a folder: the default name inside it).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Start the report on this day (YYYY-MM-DD)."),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option("--weeks", metavar="N", help="The last N weeks, up to today (default 12)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the report's figures as one JSON document; no file."),
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Write a report for your physical therapist: one HTML file with charts, then print its path.

    It holds the period, routine and doses, a practice calendar, sessions per
    week, streaks, pain before and after, and each stretch's record and holds.
    The file needs nothing from the internet and prints on two pages. The
    default name is backcoach-report-YYYY-MM-DD.html in the current folder; an
    existing file is never replaced unless you add --force.

    Example: backcoach report --weeks 6 -o ~/Documents/
    """
    from . import report

    figures, today = report.figures(since, weeks, catalogue)
    if as_json:
        from .history.physio_report import as_json as figures_json

        _print_json(figures_json(figures))
        return
    from .history.report_page import render

    path = report.target(output, today)
    report.write(render(figures), path, force)
    print(path)


@app.command("resume")
def resume_command(
    name: Annotated[
        str,
        typer.Argument(
            help="The stretch on hold: id, number or prefix.", autocompletion=complete.held
        ),
    ],
    catalogue: CatalogueOption = None,
) -> None:
    """Bring a stretch that hurt back into your routine, once a professional says so.

    Example: backcoach resume bird-dog
    """
    from .practice import resume

    raise typer.Exit(resume(name, catalogue))


@app.command("nudge")
def nudge_command() -> None:
    """Print a one-line reminder if you have not stretched today, and nothing otherwise.

    Made for your shell's start-up file: it is quick and never fails loudly.

    Example: backcoach nudge   (to set it up: echo 'backcoach nudge' >> ~/.bashrc)
    """
    from .history.nudge import main as nudge

    raise typer.Exit(nudge())


# -- the session -----------------------------------------------------------------


@app.command("session")
def session_command(
    routine: RoutineOption = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            metavar="ID,...",
            help="Do only these stretches (ids, numbers or prefixes).",
            autocompletion=complete.stretches,
        ),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option(
            "--skip",
            metavar="ID,...",
            help="Leave these stretches out.",
            autocompletion=complete.stretches,
        ),
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
            "--minutes",
            metavar="N",
            callback=_minutes,
            help=(
                "Fit into about N minutes: shorter rests, then doses down to the source's "
                "lowest, then leave out what you did most recently."
            ),
        ),
    ] = None,
    rest: Annotated[
        float | None,
        typer.Option(
            "--rest",
            metavar="SECONDS",
            min=0,
            max=600,
            callback=_finite,
            help="Rest between stretches.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the whole timeline and its total, without waiting."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: one JSON document.")
    ] = False,
    sound: Annotated[
        str | None,
        typer.Option(
            "--sound",
            metavar="tones|bell|off",
            help="tones: a sound for each kind of change and ticks before it (the default); "
            "bell: the terminal bell at each change; off: silence.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No sound: --sound off.")] = False,
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
    pain_before: Annotated[
        str | None,
        typer.Option(
            "--pain-before",
            metavar="0-10",
            help="Record how much it hurts now (0–10) without being asked.",
        ),
    ] = None,
    pain_after: Annotated[
        str | None,
        typer.Option(
            "--pain-after",
            metavar="0-10",
            help="Record the pain after the session (0–10) without being asked.",
        ),
    ] = None,
    speed: Annotated[
        float,
        typer.Option(
            "--speed",
            hidden=True,
            min=0.01,
            max=1000.0,
            callback=_finite,
            help="Play time F times faster.",
        ),
    ] = 1.0,
    catalogue: CatalogueOption = None,
    figure: FigureOption = None,
) -> None:
    """Guide you through the routine: position, breathing, holds, sides and reps.

    By default each stretch uses the middle of the source's range (reps and
    hold); --gentle uses the lower end. Keys while it runs: space pause,
    n next stretch, b restart the stretch, p this hurts (stop it, put it on
    hold and wait until space goes on or q quits), q quit. With a pipe,
    TERM=dumb or --plain it prints one line per change instead, and still
    reads these keys when they come from a terminal.

    Example: backcoach session --only bridge,bird-dog --gentle
    """
    from .session import planner

    if gentle and level not in (None, "gentle"):
        raise UsageError("--gentle and --level standard contradict each other; choose one")
    if level is not None and level not in planner.LEVELS:
        raise UsageError(f"--level must be standard or gentle, not {level!r}")
    if as_json and not dry_run:
        raise UsageError("--json goes with --dry-run: `backcoach session --dry-run --json`")
    if sound is not None and sound not in ("tones", "bell", "off"):
        raise UsageError(f"--sound must be tones, bell or off, not {sound!r}")
    if quiet:
        if sound not in (None, "off"):
            raise UsageError(f"--quiet and --sound {sound} contradict each other; choose one")
        sound = "off"
    before = _pain_score("--pain-before", pain_before)
    after = _pain_score("--pain-after", pain_after)
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
    recent = inputs.recently_done() if minutes is not None else []
    timeline = planner.plan(prescriptions, followed.catalogue.timing, minutes, rest_seconds, recent)
    if timeline.trimmed or timeline.left_out:
        from . import console
        from .describe import fit_notice

        console.notice(fit_notice(timeline))
    if dry_run:
        if as_json:
            from .describe import timeline_json

            _print_json(timeline_json(timeline))
        else:
            from .session.plain import timeline_lines

            print("\n".join(timeline_lines(timeline)))
        return
    from .session import morning

    options = morning.MorningOptions(
        level=chosen_level,
        routine=followed.name,
        plain=plain,
        sound=settings["sound"],
        voice=settings["voice"],
        speech_command=settings["speech_command"],
        speed=speed,
        checkin=settings["checkin"],
        get_ready_seconds=settings["get_ready_seconds"],
        pain_before=before,
        pain_after=after,
        figure=settings["figure"],
    )
    raise typer.Exit(morning.run(timeline, followed.catalogue, options))


def _pain_score(flag: str, value: str | None) -> int | None:
    """A check-in given on the command line: a whole number from 0 to 10."""
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and 0 <= int(text) <= 10):
        raise UsageError(f"{flag} must be a whole number from 0 to 10, not {value!r}")
    return int(text)


def _choose(
    followed: Routine, level: Level, only: str | None, skip: str | None, dry_run: bool
) -> list[Prescription]:
    """The routine's stretches, narrowed by --only and --skip, without those on hold."""
    from .catalogue.loader import resolve_many

    prescriptions = followed.prescriptions(level)
    in_routine = {p.stretch.id for p in prescriptions}
    for flag, given in (("--only", only), ("--skip", skip)):
        # Not "all": an empty list (--only '' from an unset shell variable) is a mistake.
        if given is not None and not given.replace(",", "").strip():
            raise UsageError(f"{flag} needs at least one stretch, like {flag} bridge,bird-dog")
    if only is not None:
        wanted = {s.id for s in resolve_many(followed.catalogue, only)}
        missing = sorted(wanted - in_routine)
        if missing:
            raise UsageError(f"not in the routine '{followed.name}': {', '.join(missing)}")
        prescriptions = [p for p in prescriptions if p.stretch.id in wanted]
    if skip is not None:
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
        code = command(args=args or ["--help"], prog_name="backcoach", standalone_mode=False)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except click.exceptions.ClickException as problem:
        # click quotes the offending argument as typed; an escape sequence in
        # it must be shown, not obeyed by the terminal.
        import io

        from .catalogue.textfile import visible

        shown = io.StringIO()
        problem.show(file=shown)
        sys.stderr.write(visible(shown.getvalue(), keep_newlines=True))
        return problem.exit_code
    except click.exceptions.Abort:
        print("Aborted!", file=sys.stderr)
        return 1
    return code if isinstance(code, int) else 0
