"""Mutation score of the modules that guard trust: ``python tools/mutation.py``.

Runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml: the modules to mutate and
the tests that exercise them) and prints, per module, the mutants killed and the score,
then every surviving mutant by name. ``mutmut show NAME`` prints a mutant's diff.

Options: ``--max-children N`` (default 2: parallel test processes), ``--report`` (only
print the score of the last run), ``--fresh`` (forget the last run's results first),
``--min-score S`` (exit 1 below S percent; default 90). mutmut keeps each mutant's result
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
        print(
            f"{module:<45} {run:>7} {counts['killed']:>7} {counts['timeout']:>7} {counts['survived']:>8} "
            f"{counts['no tests']:>8} {score:>6.1f}%"
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
    parser.add_argument(
        "patterns",
        nargs="*",
        help="only these mutants (glob patterns such as 'digital_labor_corpus.store.*')",
    )
    args = parser.parse_args(argv)
    if not args.report:
        if args.fresh:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        mutmut = shutil.which("mutmut") or "mutmut"
        command = [mutmut, "run", "--max-children", str(args.max_children)]
        subprocess.run([*command, *args.patterns], cwd=ROOT, check=False)
        # mutmut keeps a mutant's result from run to run: try the survivors of an earlier run
        # again, since the tests may have changed since
        again = [name for outcome in scores().values() for name in outcome["survived"] + outcome["no tests"]]
        if again and not args.fresh:
            subprocess.run([*command, *again], cwd=ROOT, check=False)
    overall = report(scores())
    times = durations()
    if times:
        print(
            f"seconds per mutant: mean {statistics.mean(times):.1f}, median {statistics.median(times):.1f} "
            f"over {len(times)} mutants run"
        )
    return 0 if overall >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
