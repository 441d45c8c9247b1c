"""Records survive the trip to Arrow, Parquet and back without loss (dates, nulls, lists, floats)."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.convert import records_to_rows, rows_to_records
from digital_labor_corpus.schema.records import TABLES, Record

from .strategies import RECORD_STRATEGIES


class TestRoundTrip:
    """records -> Arrow -> Parquet -> Arrow -> records is the identity."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_parquet_round_trip(self, table: str) -> None:
        """Every record the strategy draws comes back equal from a Parquet file."""

        @given(st.lists(RECORD_STRATEGIES[table], max_size=5))
        def check(records: list[Record]) -> None:
            arrow = pa.Table.from_pylist(records_to_rows(records), schema=arrow_schema(table))
            buffer = io.BytesIO()
            pq.write_table(arrow, buffer)
            back = pq.ParquetFile(io.BytesIO(buffer.getvalue())).read()
            assert back.equals(arrow)
            assert rows_to_records(back.to_pylist(), TABLES[table].record) == records

        check()

    def test_strict_types(self) -> None:
        """A string where a number belongs is refused, not coerced."""
        import cattrs

        from digital_labor_corpus.schema.records import Topic

        with pytest.raises(cattrs.ClassValidationError) as caught:
            rows_to_records([{"topic_id": 3, "label_en": "x", "label_fr": "x", "description_en": "x"}], Topic)
        assert [str(e) for e in caught.value.exceptions] == ["expected a string, got 3"]
