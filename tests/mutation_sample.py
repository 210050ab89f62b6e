"""Measure the mutation score on a random sample of mutants, with its margin of error.

A whole `mutmut run` of the package (about 14,500 mutants) takes several hours on
two cores. A seeded random sample of them, run through mutmut itself, estimates
the share of mutants the tests catch within a few points in a quarter of an hour:

    python tests/mutation_sample.py            # 1,000 mutants, seed 16
    python tests/mutation_sample.py --size 400 --seed 7 --max-children 4
    python tests/mutation_sample.py --report   # print the last sample's figures again

It first lets mutmut generate every mutant and collect which tests reach which
function (asking it to run a mutant no file has, so it stops there), then draws
the sample from every mutant's name and runs exactly those. Caught means killed by a failing test
or by a timeout; "no tests" and "survived" count as not caught. The figures, and
the survivors by name (for `mutmut show NAME`), are printed and kept in
`mutants/sample.json`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
SAMPLE = MUTANTS / "sample.json"
MUTMUT = [sys.executable, "-m", "mutmut"]

KILLED = {1, 3}
TIMEOUT = {-24, 24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def outcome(code: int | None) -> str:
    """The word for one mutant's mutmut exit code."""
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "not run" if code is None else "other"


def results() -> dict[str, int | None]:
    """Every mutant mutmut generated, with its latest result."""
    found: dict[str, int | None] = {}
    for meta in sorted((MUTANTS / "src").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return found


def wilson(caught: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion."""
    if total == 0:
        return 0.0, 0.0
    p = caught / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - spread, centre + spread


def module_of(name: str) -> str:
    """`backcoach.session.engine.x_frame__mutmut_3` → `session/engine.py`."""
    dotted = name.split(".x")[0].removeprefix("backcoach.")
    return dotted.replace(".", "/") + ".py"


def report(names: list[str], seed: int) -> int:
    """Print the sample's score, by module and overall; exit 1 if a mutant was not run."""
    found = results()
    outcomes = {name: outcome(found.get(name)) for name in names}
    counts = Counter(outcomes.values())
    caught = counts["killed"] + counts["timeout"]
    low, high = wilson(caught, len(names))
    by_module: dict[str, Counter[str]] = {}
    for name, word in outcomes.items():
        by_module.setdefault(module_of(name), Counter())[word] += 1
    print(f"{'module':36} {'sampled':>7} {'caught':>7}  not caught")
    for module, tally in sorted(by_module.items()):
        tally_caught = tally["killed"] + tally["timeout"]
        missed = ", ".join(f"{tally[w]} {w}" for w in ("survived", "no tests") if tally[w])
        print(f"{module:36} {sum(tally.values()):>7} {tally_caught:>7}  {missed}")
    print()
    print(f"sample: {len(names)} of {len(found)} mutants (seed {seed})")
    print(", ".join(f"{counts[w]} {w}" for w in sorted(counts)))
    print(
        f"caught: {caught} of {len(names)} = {caught / len(names):.1%} "
        f"(95% interval {low:.1%}–{high:.1%})"
    )
    survivors = sorted(n for n, w in outcomes.items() if w in ("survived", "no tests"))
    SAMPLE.write_text(
        json.dumps(
            {"seed": seed, "names": names, "outcomes": outcomes, "survivors": survivors}, indent=1
        ),
        encoding="utf-8",
    )
    return 1 if counts["not run"] or counts["other"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="mutants in the sample")
    parser.add_argument("--seed", type=int, default=16, help="the random sample's seed")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once")
    parser.add_argument("--report", action="store_true", help="only print the last sample again")
    options = parser.parse_args()
    if options.report:
        last = json.loads(SAMPLE.read_text(encoding="utf-8"))
        return report(last["names"], last["seed"])
    children = ["--max-children", str(options.max_children)]
    # Generates the mutants and the coverage, then stops: no mutant has that name.
    prepared = subprocess.run(
        [*MUTMUT, "run", *children, "backcoach.no-such-mutant"],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    everything = sorted(results())
    if not everything:
        print(prepared.stdout, prepared.stderr, sep="\n", file=sys.stderr)
        return 1
    size = min(options.size, len(everything))
    names = sorted(random.Random(options.seed).sample(everything, size))
    # mutmut runs a named mutant again even when it has a result already.
    subprocess.run([*MUTMUT, "run", *children, *names], cwd=ROOT, check=False)
    return report(names, options.seed)


if __name__ == "__main__":
    sys.exit(main())
