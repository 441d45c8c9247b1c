"""The statistics the benchmarks report: checked against cases whose answer is known."""

from __future__ import annotations

import random

from benchmarks.measure import added_time_interval
from hypothesis import given
from hypothesis import strategies as st

_SECONDS = st.floats(min_value=0.001, max_value=1.0)


@given(st.tuples(_SECONDS, _SECONDS, _SECONDS, _SECONDS), st.integers(1, 8), st.integers(1, 8))
def test_without_jitter_the_interval_is_the_difference(
    seconds: tuple[float, float, float, float], low_rounds: int, high_rounds: int
) -> None:
    """Rounds that all take the same time leave nothing to resample: the estimate and both
    bounds are the difference of the added times, computed here by hand."""
    ours_low, ours_high, duck_low, duck_high = seconds
    low = ([ours_low] * low_rounds, [duck_low] * low_rounds)
    high = ([ours_high] * high_rounds, [duck_high] * high_rounds)
    expected = (ours_high - ours_low) - (duck_high - duck_low)
    estimate, lowest, highest = added_time_interval(low, high, resamples=200)
    assert abs(estimate - expected) < 1e-12
    assert abs(lowest - expected) < 1e-12
    assert abs(highest - expected) < 1e-12


def _jittered(centre: float, rounds: int, rng: random.Random) -> list[float]:
    return [centre + rng.gauss(0, 0.001) for _ in range(rounds)]


def test_a_clear_excess_is_told_apart_and_an_equal_growth_is_not() -> None:
    """Ours adding 10 ms more than DuckDB's, with 1 ms of jitter, gives an interval above
    zero around 10 ms; both adding the same gives an interval around zero."""
    rng = random.Random(1)
    low = (_jittered(0.005, 25, rng), _jittered(0.015, 25, rng))
    more = (_jittered(0.025, 25, rng), _jittered(0.025, 25, rng))  # ours +20 ms, DuckDB's +10 ms
    estimate, lowest, highest = added_time_interval(low, more)
    assert 0.008 < lowest <= estimate <= highest < 0.012
    same = (_jittered(0.015, 25, rng), _jittered(0.025, 25, rng))  # both +10 ms
    estimate, lowest, highest = added_time_interval(low, same)
    assert lowest < 0 < highest
    assert abs(estimate) < 0.002
