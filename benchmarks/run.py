"""backcoach's speed, cost and timing targets, each measured against its reference.

    pip install -e '.[bench]' && python benchmarks/run.py

Start-up: each command and its reference run alternately, several times after
a warm-up; the table gives min / median / max and the ratio of the medians.
Scale: `history`, `history --json` and `report` on a generated ten-year
history (about 4,000 sessions, 40,000 stretch records) against the same
command on an empty history, and the peak memory of each on the long one.
`--only GROUP` runs one group of rows: startup, session or scale.
The session: driven in a real 80x24 pseudo-terminal, at --speed 1 for CPU
(against termdown counting down in the same terminal size) and memory, and
at a high --speed for timing, measured both from outside (the bell that
marks each phase change, as it arrives on the terminal) and by the engine
(BACKCOACH_TIMING_LOG). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Row:
    target: str
    measured: str
    reference: str
    ratio: float
    limit: float
    unit: str = "×"

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        sys.exit(f"benchmark: '{name}' is not installed; run: pip install -e '.[bench]'")
    return on_path


def environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BACKCOACH_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has its bytecode compiled
    env.update(BACKCOACH_HOME=str(home), TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    return env


def prepare_home(home: Path, env: dict[str, str]) -> None:
    """A person's folder: note accepted, a week of history, one stretch on hold."""
    home.mkdir(parents=True, exist_ok=True)
    seed = """
import datetime as dt
from backcoach.history.store import History
from backcoach.history.state import accept_medical_note
accept_medical_note()
today = dt.datetime.now().astimezone().replace(hour=7, minute=30)
for days_ago in range(7, 0, -1):
    moment = today - dt.timedelta(days=days_ago)
    history = History.open(now=lambda: moment)
    session = history.start_session("standard", "full", 1500, 3)
    for stretch in ("spine-stretch", "hip-stretch", "bridge"):
        history.record_stretch(session, stretch, "done")
    if days_ago == 2:
        history.record_stretch(session, "bird-dog", "painful")
    history.end_session(session, "finished")
    history.close()
"""
    subprocess.run([PYTHON, "-c", seed], env=env, check=True)
    # Warm caches as a returning user has them: bytecode and the catalogue.
    package = Path(__import__("backcoach").__file__).parent
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], env=env, check=False)
    for warm in (["list"], ["session", "--dry-run"]):
        subprocess.run(
            [tool("backcoach"), *warm],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{min(ms):.1f} / {statistics.median(ms):.1f} / {max(ms):.1f} ms"


def startup(
    name: str,
    command: list[str],
    reference: list[str],
    limit: float,
    env: dict[str, str],
    runs: int,
    warmup: int = 3,
) -> Row:
    for _ in range(warmup):
        wall(command, env)
        wall(reference, env)
    mine, theirs = [], []
    for _ in range(runs):  # alternate, so load on the machine hits both alike
        mine.append(wall(command, env))
        theirs.append(wall(reference, env))
    ratio = statistics.median(mine) / statistics.median(theirs)
    return Row(name, stats(mine), stats(theirs), ratio, limit)


# -- the session in a pseudo-terminal ------------------------------------------------


def spawn(command: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    import pexpect

    return pexpect.spawn(command[0], command[1:], env=env, dimensions=(24, 80), timeout=30)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def drain(child, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Read whatever the program draws for `seconds`, as a terminal would."""
    import pexpect

    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        with contextlib.suppress(pexpect.TIMEOUT):
            child.read_nonblocking(65536, timeout=min(left, 0.5))


def session_cost(env: dict[str, str], seconds: float, settle: float = 5.0) -> tuple[float, int]:
    child = spawn([tool("backcoach"), "session", "--no-checkin", "--quiet"], env)
    try:
        child.expect("GET READY")
        child.send(" ")  # skip the countdown: measure the routine itself
        drain(child, settle)
        before = cpu_seconds(child.pid)
        drain(child, seconds)
        used = cpu_seconds(child.pid) - before
        peak = peak_kib(child.pid)
    finally:
        child.terminate(force=True)
    return used, peak


def termdown_cost(env: dict[str, str], seconds: float, settle: float = 5.0) -> float:
    child = spawn([tool("termdown"), str(int(seconds + settle + 30))], env)
    try:
        drain(child, settle)
        before = cpu_seconds(child.pid)
        drain(child, seconds)
        return cpu_seconds(child.pid) - before
    finally:
        child.terminate(force=True)


def reference_peak(env: dict[str, str]) -> int:
    probe = (
        "import typer, rich.table, yaml\n"
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout
    return int(out.split()[1])


def timing(env: dict[str, str], speed: float, pause: float) -> dict[str, float]:
    """Phase changes seen from outside (bells) and by the engine, against the plan."""
    import pexpect

    only = "bridge,bird-dog"
    plan = json.loads(
        subprocess.run(
            [tool("backcoach"), "session", "--only", only, "--dry-run", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    starts, clock = [], 0.0
    for phase in plan["phases"]:
        starts.append(clock / speed)
        clock += phase["seconds"]
    total = plan["total_seconds"] / speed
    log = Path(env["BACKCOACH_HOME"]) / "timing.log"
    log.unlink(missing_ok=True)
    child = spawn(
        # One bell per phase change (tones would add ticks, and need not be on the terminal).
        [
            *(tool("backcoach"), "session", "--only", only, "--no-checkin"),
            *("--sound", "bell", "--speed", str(speed)),
        ],
        {**env, "BACKCOACH_TIMING_LOG": str(log)},
    )
    bells: list[float] = []
    paused = 0.0
    try:
        child.expect("GET READY")
        child.send(" ")
        while True:
            try:
                data = child.read_nonblocking(65536, timeout=5)
            except pexpect.EOF:
                break
            now = time.monotonic()
            bells.extend(now for _ in range(data.count(b"\a")))
            if len(bells) == 6 and not paused:  # pause once, mid-routine
                child.send(" ")
                held = time.monotonic()
                drain(child, pause)
                child.send(" ")
                paused = time.monotonic() - held
            if b"Session complete" in data or b"Session stopped" in data:
                ended = now
                child.send(" ")  # the ending screen waits for a key
                break
        child.expect(pexpect.EOF)
    finally:
        child.terminate(force=True)
    start = bells[0]
    errors = []
    for index, seen in enumerate(bells):
        shift = paused if index >= 6 else 0.0
        errors.append(abs(seen - start - starts[index] - shift))
    engine = [abs(float(line.split()[1])) / 1000 for line in log.read_text().splitlines()]
    return {
        "phases": len(bells),
        "planned": len(starts),
        "total_error": abs((ended - start) - (total + paused)),
        "worst_outside": max(errors),
        "worst_engine": max(engine),
    }


# -- a ten-year history -------------------------------------------------------------

SCALE_DAYS = 3650


def generated_home(home: Path, days: int, env: dict[str, str]) -> dict[str, str]:
    """A person's folder whose history holds `days` days of practice (0: an empty history)."""
    home.mkdir(parents=True, exist_ok=True)
    scoped = {**env, "BACKCOACH_HOME": str(home)}
    script = (
        "import datetime as dt, sys\n"
        f"sys.path.insert(0, {str(HERE.parent / 'tests')!r})\n"
        "from generated import generate\n"
        "from backcoach.history.state import accept_medical_note\n"
        "from backcoach.history.store import default_file_name\n"
        "accept_medical_note()\n"
        f"print(generate(default_file_name(), {days}, dt.date.today()))\n"
    )
    subprocess.run([PYTHON, "-c", script], env=scoped, check=True, stdout=subprocess.DEVNULL)
    return scoped


def peak_mib(command: list[str], env: dict[str, str]) -> float:
    """The largest resident size the command reached, from the kernel's own count."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped above
    return usage.ru_maxrss / 1024


def scale_rows(folder: Path, env: dict[str, str], runs: int) -> list[Row]:
    empty = generated_home(folder / "empty", 0, env)
    long = generated_home(folder / "ten-years", SCALE_DAYS, env)
    backcoach = tool("backcoach")
    page = folder / "report.html"
    commands = {
        "history": ([backcoach, "history"], 1.3),
        "history --json": ([backcoach, "history", "--json"], 2.0),
        "report": ([backcoach, "report", "-o", str(page), "--force"], 2.0),
    }
    rows = []
    for name, (command, limit) in commands.items():
        for _ in range(3):  # warm-up: bytecode, page cache
            wall(command, long)
            wall(command, empty)
        mine, theirs = [], []
        for _ in range(runs):  # alternate, so load on the machine hits both alike
            mine.append(wall(command, long))
            theirs.append(wall(command, empty))
        ratio = statistics.median(mine) / statistics.median(theirs)
        rows.append(Row(f"{name}, ten years", stats(mine), "empty " + stats(theirs), ratio, limit))
    for name, (command, _) in commands.items():
        peak = peak_mib(command, long)
        rows.append(
            Row(
                f"{name} peak memory, ten years",
                f"{peak:.1f} MiB",
                "limit 40 MiB",
                peak,
                40,
                " MiB",
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument("--cpu-seconds", type=float, default=60.0)
    parser.add_argument("--speed", type=float, default=20.0, help="speed for the timing run")
    parser.add_argument("--skip-session", action="store_true", help="start-up only")
    parser.add_argument(
        "--only", choices=("startup", "session", "scale"), help="run one group of rows only"
    )
    args = parser.parse_args()
    groups = {args.only} if args.only else {"startup", "session", "scale"}
    if args.skip_session:
        groups.discard("session")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="backcoach-bench-") as folder:
        env = environment(Path(folder) / "home")
        prepare_home(Path(folder) / "home", env)
        backcoach = tool("backcoach")
        reference = [PYTHON, "-c", "import typer, rich.table, yaml"]
        bare = [PYTHON, "-c", "pass"]
        if "startup" in groups:
            rows += [
                startup("backcoach list", [backcoach, "list"], reference, 1.0, env, args.runs),
                startup("backcoach --help", [backcoach, "--help"], reference, 1.0, env, args.runs),
                startup(
                    "backcoach --version", [backcoach, "--version"], reference, 0.8, env, args.runs
                ),
                startup("backcoach nudge", [backcoach, "nudge"], bare, 2.0, env, args.runs),
            ]
        if "scale" in groups:
            rows += scale_rows(Path(folder), env, args.runs)
        if "session" in groups:
            used, peak = session_cost(env, args.cpu_seconds)
            theirs = termdown_cost(env, args.cpu_seconds)
            rows.append(
                Row(
                    f"session CPU over {args.cpu_seconds:g} s",
                    f"{used * 1000:.0f} ms",
                    f"termdown {theirs * 1000:.0f} ms",
                    used / max(theirs, 1 / TICKS),
                    0.25,
                )
            )
            ref_peak = reference_peak(env)
            rows.append(
                Row(
                    "session peak memory",
                    f"{peak / 1024:.1f} MiB",
                    f"import {ref_peak / 1024:.1f} MiB",
                    peak / ref_peak,
                    1.2,
                )
            )
            measured = timing(env, args.speed, pause=1.0)
            rows.append(
                Row(
                    f"session length error (speed {args.speed:g}, a pause)",
                    f"{measured['total_error'] * 1000:.1f} ms",
                    "limit 50 ms",
                    measured["total_error"] * 1000,
                    50,
                    " ms",
                )
            )
            rows.append(
                Row(
                    f"worst phase change, outside ({measured['phases']:.0f} of "
                    f"{measured['planned']:.0f})",
                    f"{measured['worst_outside'] * 1000:.1f} ms",
                    "limit 20 ms",
                    measured["worst_outside"] * 1000,
                    20,
                    " ms",
                )
            )
            rows.append(
                Row(
                    "worst phase change, engine",
                    f"{measured['worst_engine'] * 1000:.1f} ms",
                    "limit 20 ms",
                    measured["worst_engine"] * 1000,
                    20,
                    " ms",
                )
            )
    width = max(len(row.target) for row in rows)
    print(
        f"{'target':<{width}}  {'backcoach (min / median / max)':<32}  "
        f"{'reference':<30}  {'ratio':>8}  {'limit':>7}  result"
    )
    for row in rows:
        value = f"{row.ratio:.2f}{row.unit}"
        limit = f"{row.limit:g}{row.unit}"
        print(
            f"{row.target:<{width}}  {row.measured:<32}  {row.reference:<30}  {value:>8}  "
            f"{limit:>7}  {'pass' if row.passed else 'FAIL'}"
        )
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
