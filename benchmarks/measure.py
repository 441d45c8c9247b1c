"""Timing and memory measurements: interleaved repeats, fresh processes, peak resident memory."""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def interleaved_times(
    functions: Mapping[str, Callable[[], Any]], repeat: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Seconds of each function in each of ``repeat`` rounds, after ``warmup`` rounds.

    Running the contenders one after the other in every round, rather than each in a
    block, spreads any load on the machine evenly over them. The lists keep the rounds'
    order: ``times[a][i]`` and ``times[b][i]`` ran in the same round.
    """
    for _ in range(warmup):
        for function in functions.values():
            function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return times


def interleaved(functions: Mapping[str, Callable[[], Any]], repeat: int, warmup: int = 1) -> dict[str, float]:
    """Median seconds of each function, run in turn ``repeat`` times after ``warmup`` rounds."""
    return {
        name: statistics.median(values)
        for name, values in interleaved_times(functions, repeat, warmup).items()
    }


#: Per size, the rounds of one question: (ours, DuckDB's) seconds, measured in the same rounds.
Rounds = tuple[Sequence[float], Sequence[float]]


def added_time_interval(
    low: Rounds, high: Rounds, resamples: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """How much more time than DuckDB's a larger corpus adds to a question: the estimate and its 95% interval.

    The quantity is ``(median(ours_high) - median(ours_low)) - (median(duckdb_high) -
    median(duckdb_low))`` in seconds: above zero, ours adds more. The interval is a
    bootstrap: each size's rounds are drawn with replacement (ours and DuckDB's of a round
    together, as they ran together), independently for the two sizes, which ran apart.
    """

    def added(low_rounds: Sequence[int], high_rounds: Sequence[int]) -> float:
        ours = statistics.median(high[0][i] for i in high_rounds) - statistics.median(
            low[0][i] for i in low_rounds
        )
        theirs = statistics.median(high[1][i] for i in high_rounds) - statistics.median(
            low[1][i] for i in low_rounds
        )
        return ours - theirs

    draw = random.Random(seed).choices
    low_indices, high_indices = range(len(low[0])), range(len(high[0]))
    estimates = sorted(
        added(draw(low_indices, k=len(low_indices)), draw(high_indices, k=len(high_indices)))
        for _ in range(resamples)
    )
    return (
        added(low_indices, high_indices),
        estimates[int(0.025 * resamples)],
        estimates[int(0.975 * resamples) - 1],
    )


def fresh_process_times(scripts: Mapping[str, str], repeat: int, seed: int = 0) -> dict[str, list[float]]:
    """Wall-clock seconds of each script in a new interpreter, ``repeat`` rounds of all of them.

    Every round runs each script once, in an order shuffled anew (seeded), so neither a
    drift of the machine's load nor the place in the round favours one script. The
    lists keep the rounds' order: ``times[a][i]`` and ``times[b][i]`` ran in the same round.
    """
    order = list(scripts)
    shuffle = random.Random(seed).shuffle
    times: dict[str, list[float]] = {name: [] for name in scripts}
    for _ in range(repeat):
        shuffle(order)
        for name in order:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", textwrap.dedent(scripts[name])], check=True, capture_output=True
            )
            times[name].append(time.perf_counter() - started)
    return times


def fresh_processes(scripts: Mapping[str, str], repeat: int) -> dict[str, float]:
    """Median wall-clock seconds of running each script in a new interpreter, interleaved."""
    return {name: statistics.median(values) for name, values in fresh_process_times(scripts, repeat).items()}


def median_ratio_interval(
    ours: Sequence[float], baseline: Sequence[float], resamples: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """A 95% bootstrap interval of ``median(ours) / median(baseline)``, resampling whole rounds.

    The rounds are drawn with replacement (the same indices for both lists, since a
    round's two timings share the machine's state), ``resamples`` times; the 2.5th and
    97.5th percentiles of the ratios drawn are the interval.
    """
    draw = random.Random(seed).choices
    indices = range(len(ours))
    ratios = []
    for _ in range(resamples):
        rounds = draw(indices, k=len(ours))
        ratios.append(
            statistics.median(ours[i] for i in rounds) / statistics.median(baseline[i] for i in rounds)
        )
    ratios.sort()
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


_MEMORY = """
import json, sys

def _status():
    with open("/proc/self/status", encoding="ascii") as lines:
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

{setup}
import pyarrow as pa
with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
    clear.write("5")  # reset the peak resident set to the current one (Linux >= 4.0)
base, _ = _status()
result = {run}
_, peak = _status()
print(json.dumps({{"base_kib": base, "peak_kib": peak, "arrow_peak": pa.default_memory_pool().max_memory(),
                   "rows": getattr(result, "num_rows", None)}}))
"""


def peak_memory(setup: str, run: str) -> dict[str, Any]:
    """Peak resident memory of ``run`` in a fresh process, above what ``setup`` left (Linux).

    The peak resident set is reset after ``setup`` (``/proc/self/clear_refs``), so the
    growth is the query's alone. Returns the resident set before and the peak after, in
    KiB, the Arrow memory pool's peak in bytes and the number of rows returned.
    """
    script = _MEMORY.format(setup=textwrap.dedent(setup), run=run)
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found
