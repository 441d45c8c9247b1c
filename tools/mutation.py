"""Mutation score of the modules that guard trust: ``python tools/mutation.py``.

Runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml: the modules to mutate and
the tests that exercise them) and prints, per module, the mutants killed and the score,
then every surviving mutant by name. ``mutmut show NAME`` prints a mutant's diff.

Options: ``--max-children N`` (default 2: parallel test processes), ``--report`` (only
print the score of the last run), ``--fresh`` (forget the last run's results first),
``--min-score S`` (exit 1 below S percent; default 90), ``--sample N`` (run at most N
mutants of each module, drawn at random with ``--seed``, default 0: a large module's score
is then an estimate, printed with its 95% interval). mutmut keeps each mutant's result
between runs and only runs new mutants; without ``--fresh`` the survivors of the last run
are tried again, since the tests may have changed.

A mutant counts as killed when a test failed with it or it ran over its time limit (the
timeouts are also counted apart); as survived when every
test passed; a mutant no selected test reaches ("no tests") counts against the score.
Outcomes are read with mutmut's own table of exit codes. The report ends with the seconds
a mutant's tests took (mean and median over the mutants run), from mutmut's timings.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# mutmut's statuses, by what they mean for the score
KILLED = {"killed", "segfault", "caught by type check"}
TIMEOUT = {"timeout"}  # stopped over its CPU time limit: detected, counted as killed
NO_TESTS = {"no tests"}


def _status(code: int | None) -> str:
    from mutmut.stats import status_by_exit_code

    return str(status_by_exit_code[code])


def scores(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """Per mutated module, the mutant names by outcome (killed, survived, no tests, not run)."""
    found: dict[str, dict[str, list[str]]] = {}
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = str(meta.relative_to(root / "mutants" / "src")).removesuffix(".meta")
        outcome: dict[str, list[str]] = {
            "killed": [],
            "timeout": [],
            "survived": [],
            "no tests": [],
            "not run": [],
        }
        for name, code in sorted(codes.items()):
            status = _status(code)
            if code is None:
                outcome["not run"].append(name)
            elif status in KILLED or status in TIMEOUT:
                outcome["killed"].append(name)
                if status in TIMEOUT:
                    outcome["timeout"].append(name)
            elif status in NO_TESTS:
                outcome["no tests"].append(name)
            else:  # survived, or suspicious: not detected
                outcome["survived"].append(name)
        found[module] = outcome
    return found


def durations(root: Path = ROOT) -> list[float]:
    """Seconds each mutant's tests took, for every mutant run (mutmut's own timings)."""
    found: list[float] = []
    for meta in sorted((root / "mutants").rglob("*.py.meta")):
        found.extend(json.loads(meta.read_text(encoding="utf-8")).get("durations_by_key", {}).values())
    return found


def sample(found: dict[str, dict[str, list[str]]], size: int, seed: int) -> dict[str, set[str]]:
    """Per module, ``size`` of its mutants drawn at random (all of them if it has fewer), by ``seed``."""
    import random

    drawn: dict[str, set[str]] = {}
    for module, outcome in found.items():
        names = sorted({name for names in outcome.values() for name in names})
        drawn[module] = set(names) if len(names) <= size else set(random.Random(seed).sample(names, size))
    return drawn


def restrict(
    found: dict[str, dict[str, list[str]]], drawn: dict[str, set[str]]
) -> dict[str, dict[str, list[str]]]:
    """``found`` with only the drawn mutants of each module."""
    return {
        module: {kind: [name for name in names if name in drawn[module]] for kind, names in outcome.items()}
        for module, outcome in found.items()
    }


def estimated_score(found: dict[str, dict[str, list[str]]], sizes: dict[str, int]) -> float:
    """The score of all mutants estimated from each module's sample, weighted by the module's size, in percent."""
    total = 0.0
    for module, outcome in found.items():
        run = len(outcome["killed"]) + len(outcome["survived"]) + len(outcome["no tests"])
        if run:
            total += sizes[module] * len(outcome["killed"]) / run
    counted = sum(
        size
        for module, size in sizes.items()
        if any(found[module][k] for k in ("killed", "survived", "no tests"))
    )
    return 100 * total / counted if counted else 0.0


def wilson(killed: int, run: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion ``killed`` / ``run``, in percent.

    Examples
    --------
    >>> [round(x, 1) for x in wilson(90, 100)]
    [82.6, 94.5]
    """
    if run == 0:
        return (0.0, 100.0)
    z = 1.959964
    share = killed / run
    centre = (share + z * z / (2 * run)) / (1 + z * z / run)
    half = z * math.sqrt(share * (1 - share) / run + z * z / (4 * run * run)) / (1 + z * z / run)
    return (100 * (centre - half), 100 * (centre + half))


def report(found: dict[str, dict[str, list[str]]]) -> float:
    """Print the table of scores and the survivors; return the overall score in percent."""
    total: Counter[str] = Counter()
    print(
        f"{'module':<45} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} {'score':>7}"
    )
    for module, outcome in found.items():
        counts = Counter({k: len(v) for k, v in outcome.items()})
        total += counts
        run = counts["killed"] + counts["survived"] + counts["no tests"]
        score = 100 * counts["killed"] / run if run else 0.0
        low, high = wilson(counts["killed"], run)
        print(
            f"{module:<45} {run:>7} {counts['killed']:>7} {counts['timeout']:>7} {counts['survived']:>8} "
            f"{counts['no tests']:>8} {score:>6.1f}%  (95%: {low:.1f} to {high:.1f})"
        )
    run = total["killed"] + total["survived"] + total["no tests"]
    overall = 100 * total["killed"] / run if run else 0.0
    print(
        f"{'all':<45} {run:>7} {total['killed']:>7} {total['timeout']:>7} {total['survived']:>8} "
        f"{total['no tests']:>8} {overall:>6.1f}%"
    )
    if total["not run"]:
        print(f"({total['not run']} mutants not run yet)")
    for outcome in found.values():
        for kind in ("survived", "no tests"):
            for name in outcome[kind]:
                print(f"{kind}: {name}")
    return overall


def main(argv: list[str] | None = None) -> int:
    """Run mutmut over the configured modules and print the score; exit 1 below ``--min-score``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--min-score", type=float, default=90.0)
    parser.add_argument("--report", action="store_true", help="only report the last run")
    parser.add_argument("--fresh", action="store_true", help="forget the last run's results first")
    parser.add_argument("--sample", type=int, help="run at most N mutants of each module, drawn at random")
    parser.add_argument("--seed", type=int, default=0, help="the seed of --sample's draw (default 0)")
    parser.add_argument(
        "patterns",
        nargs="*",
        help="only these mutants (glob patterns such as 'digital_labor_corpus.store.*')",
    )
    args = parser.parse_args(argv)
    mutmut = shutil.which("mutmut") or "mutmut"
    command = [mutmut, "run", "--max-children", str(args.max_children)]
    if args.fresh and not args.report:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    drawn = None
    if args.sample is not None:
        if not scores():  # mutmut makes the mutants on its first run; this one runs none of them
            subprocess.run([*command, "digital_labor_corpus.no_such_module.*"], cwd=ROOT, check=False)
        drawn = sample(scores(), args.sample, args.seed)
    if not args.report:
        if drawn is None:
            subprocess.run([*command, *args.patterns], cwd=ROOT, check=False)
        else:
            todo = [
                name
                for module, outcome in scores().items()
                for name in outcome["not run"]
                if name in drawn[module]
            ]
            for start in range(0, len(todo), 200):  # explicit names, a few hundred per command line
                subprocess.run([*command, *todo[start : start + 200]], cwd=ROOT, check=False)
        # mutmut keeps a mutant's result from run to run: try the survivors of an earlier run
        # again, since the tests may have changed since
        found = scores() if drawn is None else restrict(scores(), drawn)
        again = [name for outcome in found.values() for name in outcome["survived"] + outcome["no tests"]]
        if again and not args.fresh:
            subprocess.run([*command, *again], cwd=ROOT, check=False)
    found = scores()
    overall = report(found if drawn is None else restrict(found, drawn))
    if drawn is not None:
        sizes = {
            module: sum(len(names) for kind, names in outcome.items() if kind != "timeout")
            for module, outcome in found.items()
        }
        estimate = estimated_score(restrict(found, drawn), sizes)
        print(
            f"estimated score of all {sum(sizes.values())} mutants (each module's sample score, weighted by its size): {estimate:.1f}%"
        )
        overall = estimate
    times = durations()
    if times:
        print(
            f"seconds per mutant: mean {statistics.mean(times):.1f}, median {statistics.median(times):.1f} "
            f"over {len(times)} mutants run"
        )
    return 0 if overall >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
