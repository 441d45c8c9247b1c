"""Arrays built from Python values without pandas: each one's values come back as given.

The expected values are the Python inputs themselves; ``to_pylist`` reads the arrays
through pyarrow's own decoding, another route than the buffers the builders write.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from digital_labor_corpus.queries import compute as qa


class TestStrings:
    """``strings``: ASCII ids take a path without a Python loop; anything else the general one."""

    @given(st.lists(st.one_of(st.none(), st.text()), max_size=40))
    def test_any_text_and_nulls(self, values: list[str | None]) -> None:
        """Any Unicode text, empty strings and nulls, in order."""
        found = qa.strings(values)
        assert found.type == pa.string()
        assert found.to_pylist() == values
        assert found.null_count == values.count(None)

    @given(st.lists(st.text(alphabet=st.characters(max_codepoint=127)), max_size=40))
    def test_ascii_without_nulls(self, values: list[str]) -> None:
        """The ASCII path: offsets are character counts, which are byte counts there."""
        assert qa.strings(values).to_pylist() == values
        assert qa.strings(tuple(values)).to_pylist() == values

    def test_one_non_ascii_value_among_ascii(self) -> None:
        """A single multi-byte character moves every later offset: the general path is taken."""
        values = ["a", "ç", "bb", "日本", "c"]
        assert qa.strings(values).to_pylist() == values


class TestFixedWidth:
    """``ints``, ``floats``, ``dates`` and ``bools`` keep values and nulls."""

    @given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), max_size=40))
    def test_ints(self, values: list[int | None]) -> None:
        """Every int64, nulls in place."""
        assert qa.ints(values).to_pylist() == values

    @given(st.lists(st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))), max_size=40))
    def test_dates(self, values: list[dt.date | None]) -> None:
        """Dates before and after the epoch."""
        assert qa.dates(values).to_pylist() == values
