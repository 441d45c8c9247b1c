"""The filters' pruning by footer statistics, against a plain Python oracle."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from digital_labor_corpus.queries.compute import strings
from digital_labor_corpus.queries.predicates import _SMALL_SET, In, Stats

_IDS = st.text(alphabet="abc-019", max_size=4)


@given(st.lists(_IDS, max_size=60), _IDS, _IDS)
def test_in_narrows_to_the_values_between_min_and_max(values: list[str], low: str, high: str) -> None:
    """A row group with min ``low`` and max ``high`` keeps exactly the values in between
    (both ends included); it may match only if one is; a small set is left whole."""
    found = In("quote_id", strings(values))
    stats: Stats = {"quote_id": (low, high)}
    expected = sorted({value for value in values if low <= value <= high})
    assert found.may_match(stats) == bool(expected)
    narrowed = found.narrow(stats)
    assert isinstance(narrowed, In)
    if len(set(values)) <= _SMALL_SET:
        assert narrowed is found
    else:
        assert narrowed.ordered.to_pylist() == expected
    assert found.narrow({"quote_id": None}) is found  # no statistics: nothing to narrow by
