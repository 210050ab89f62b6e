"""Settings: command-line flag > environment > config.toml > built-in default.

Every setting remembers where its value came from, so `backcoach config` can
say it. A bad config file is reported like a bad catalogue: FILE:LINE:COL,
what is wrong and how to fix it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .catalogue.textfile import check_folder, has_control_characters, read_text, suggest, visible
from .errors import InputError, Problem
from .paths import config_dir_name, data_dir_name

if TYPE_CHECKING:
    from pathlib import Path

FILE_NAME = "config.toml"
ENV_PREFIX = "BACKCOACH_"


def _level(value: object) -> str:
    if value not in ("standard", "gentle"):
        raise ValueError("must be 'standard' or 'gentle'")
    return str(value)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false")


def _sound(value: object) -> str:
    """tones, bell or off; true and false (the old on/off setting) mean tones and off."""
    if isinstance(value, str) and value.strip().lower() in ("tones", "bell", "off"):
        return value.strip().lower()
    try:
        return "tones" if _flag(value) else "off"
    except ValueError:
        raise ValueError("must be tones, bell or off") from None


def _seconds(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number of seconds")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError("must be a number of seconds") from None
    if not 0 <= number <= 600:
        raise ValueError("must be between 0 and 600 seconds")
    return number


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be text in quotes")
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value.strip()


@dataclass(frozen=True)
class Spec:
    name: str
    parse: Callable[[object], Any]
    default: Any
    help: str

    @property
    def kind(self) -> str:
        """What a value looks like in TOML: 'text', 'true or false', or 'a number'."""
        if self.parse is _flag:
            return "true or false"
        if self.parse is _sound:
            return "tones, bell or off"
        if self.parse is _seconds:
            return "a number"
        return "text"

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SPECS: tuple[Spec, ...] = (
    Spec("level", _level, "standard", "standard (middle of each range) or gentle (lower end)"),
    Spec("routine", _text, "full", "the routine a session follows: a name or a path"),
    Spec(
        "sound",
        _sound,
        "tones",
        "tones (a sound for each kind of change), bell (the terminal bell) or off",
    ),
    Spec("voice", _flag, False, "speak each cue"),
    Spec(
        "speech_command",
        _text,
        None,
        "the command that speaks (default: espeak-ng, spd-say or say)",
    ),
    Spec("checkin", _flag, True, "ask pain 0–10 before and after a session"),
    Spec("figure", _flag, True, "draw a figure of each position in `show` and the session"),
    Spec(
        "get_ready_seconds",
        _seconds,
        None,
        "countdown before the first stretch (default: the catalogue's)",
    ),
    Spec(
        "rest_seconds",
        _seconds,
        None,
        "rest between stretches (default: the catalogue's or the routine's)",
    ),
    Spec("catalogue", _text, None, "a stretch catalogue to use instead of the built-in one"),
)
BY_NAME = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any]
    sources: Mapping[str, str]
    file: str  # a string: reading settings should not cost a pathlib import

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def with_flags(self, **flags: Any) -> Settings:
        """Command-line flags win over everything; None means the flag was not given."""
        values, sources = dict(self.values), dict(self.sources)
        for name, value in flags.items():
            if value is not None:
                values[name] = value
                sources[name] = "command line"
        return Settings(values, sources, self.file)


def config_path() -> Path:
    from pathlib import Path

    return Path(config_file_name())


def config_file_name() -> str:
    return os.path.join(config_dir_name(), FILE_NAME)


def load(environ: Mapping[str, str] | None = None, path: Path | str | None = None) -> Settings:
    """Settings from the environment, the config file and the defaults.

    The folders and the file are checked first: a config that another user can
    change (speech_command runs a program) is refused, like ssh does.
    """
    environ = os.environ if environ is None else environ
    name = config_file_name() if path is None else os.fspath(path)
    check_trusted(os.path.dirname(name))
    # Not isfile(): a FIFO, a device or a dangling link there is refused, not ignored.
    from_file = read_file(name) if os.path.lexists(name) else {}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for spec in SPECS:
        if spec.env in environ and environ[spec.env] != "":
            try:
                values[spec.name] = spec.parse(environ[spec.env])
            except ValueError as error:
                raise InputError(f"{spec.env}={environ[spec.env]!r}: {error}") from None
            sources[spec.name] = f"environment ({spec.env})"
        elif spec.name in from_file:
            values[spec.name], line = from_file[spec.name]
            sources[spec.name] = f"{name}:{line}"
        else:
            values[spec.name] = spec.default
            sources[spec.name] = "default"
    return Settings(values, sources, name)


def check_trusted(config_folder: str | None = None) -> None:
    """Refuse a config or data folder that another user owns or can write to (exit 2)."""
    folders = {config_folder or config_dir_name(), data_dir_name()}
    for folder in sorted(folders):
        check_folder(folder, "folder")


def read_file(path: Path | str) -> dict[str, tuple[Any, int]]:
    """The settings in a config file with their line numbers; InputError if it is bad."""
    import tomllib

    name = visible(os.fspath(path))
    text = read_text(path, "config")
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested [ or {
        line, col = _deepest(text)
        problem = Problem(name, line, col, "nested too deeply; a config needs no nesting")
        raise InputError(str(problem), (problem,)) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            line, col = int(found.group(1)), int(found.group(2))
        else:  # "(at end of document)": point after the last character
            lines = text.splitlines() or [""]
            line, col = len(lines), len(lines[-1]) + 1
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        problem = Problem(name, line, col, f"not valid TOML: {what}")
        raise InputError(str(problem), (problem,)) from None
    problems: list[Problem] = []
    settings: dict[str, tuple[Any, int]] = {}
    for key, value in data.items():
        line, col = _where(text, key)
        spec = BY_NAME.get(key)
        if spec is None:
            hint = suggest(key, list(BY_NAME))
            fix = f"did you mean '{hint}'?" if hint else f"known settings: {', '.join(BY_NAME)}"
            problems.append(Problem(name, line, col, f"unknown setting '{visible(key)}'; {fix}"))
            continue
        expected = {
            "text": (str,),
            "true or false": (bool,),
            "a number": (int, float),
            "tones, bell or off": (str, bool),
        }[spec.kind]
        if not isinstance(value, expected) or (spec.kind == "a number" and isinstance(value, bool)):
            quotes = (
                "in quotes" if spec.kind in ("text", "tones, bell or off") else "without quotes"
            )
            problems.append(
                Problem(
                    name,
                    line,
                    col,
                    f"{key}: must be {spec.kind}, {quotes} (e.g. {key} = {_example(spec)})",
                )
            )
            continue
        try:
            settings[key] = (spec.parse(value), line)
        except ValueError as error:
            problems.append(
                Problem(name, line, col, f"{key}: {error} (e.g. {key} = {_example(spec)})")
            )
    if problems:
        raise InputError("\n".join(map(str, problems)), tuple(problems))
    return settings


def _example(spec: Spec) -> str:
    examples = {
        "level": '"gentle"',
        "routine": '"quick"',
        "sound": '"bell"',
        "voice": "true",
        "speech_command": '"espeak-ng -s 140"',
        "checkin": "false",
        "figure": "false",
        "get_ready_seconds": "15",
        "rest_seconds": "20",
        "catalogue": '"~/physio/stretches.yaml"',
    }
    return examples[spec.name]


def _deepest(text: str) -> tuple[int, int]:
    """Line and column of the most deeply nested [ or { (outside strings and comments)."""
    depth = deepest = 0
    where = (1, 1)
    line, start, index = 1, 0, 0
    quote = ""
    while index < len(text):
        char = text[index]
        if char == "\n":
            line, start = line + 1, index + 1
        elif quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, (line, index - start + 1)
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return where


def _where(text: str, key: str) -> tuple[int, int]:
    """Line and column of a top-level key or [table] (tomllib does not report them)."""
    name = re.escape(key)
    pattern = re.compile(
        rf'^([ \t]*)(?:"?{name}"?[ \t]*=|\[\[?[ \t]*"?{name}"?[ \t]*[.\]])', re.MULTILINE
    )
    found = pattern.search(text)
    if not found:
        return 1, 1
    line = text.count("\n", 0, found.start()) + 1
    return line, len(found.group(1)) + 1
