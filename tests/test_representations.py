"""open_path reads files rewritten by Polars, pandas and DuckDB: same values, other Arrow types.

Types that differ from the data model only in representation (large_string, string_view,
large_list, a list item named "item", dictionary-encoded text, narrower integers, whole
numbers as floats, midnight timestamps for dates) are cast losslessly; a value that
would change, or a column of another kind, is refused naming the column.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc

SHIPPED = Path(dlc.paths()["quotes"]).parent


def _polars(path: Path) -> None:
    pl.read_parquet(path).write_parquet(path)


def _pandas(path: Path) -> None:
    pd.read_parquet(path).to_parquet(path)


def _duckdb(path: Path) -> None:
    connection = duckdb.connect()
    try:
        relation = connection.read_parquet(str(path))
        relation.write_parquet(f"{path}.new")
    finally:
        connection.close()
    Path(f"{path}.new").replace(path)


def _categorical(path: Path) -> None:
    """Every text column dictionary-encoded, as Polars categoricals or pandas categories are."""
    table = pq.read_table(path)
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type):
            table = table.set_column(index, field.name, pc.dictionary_encode(table.column(index)))
    pq.write_table(table, path)


def _views_and_narrow(path: Path) -> None:
    """string_view text, int32 integers, large lists, timestamps at midnight for dates."""
    table = pq.read_table(path)
    for index, field in enumerate(table.schema):
        kind = field.type
        if pa.types.is_string(kind):
            kind = pa.string_view()
        elif pa.types.is_int64(kind) and field.name != "n_chars":
            kind = pa.int32()
        elif pa.types.is_list(kind):
            kind = pa.large_list(pa.large_string())
        elif pa.types.is_date32(kind):
            kind = pa.timestamp("ms")
        table = table.set_column(index, field.name, table.column(index).cast(kind))
    pq.write_table(table, path)


REWRITERS: dict[str, Callable[[Path], None]] = {
    "polars": _polars,
    "pandas": _pandas,
    "duckdb": _duckdb,
    "dictionary": _categorical,
    "string_view, int32, large_list, timestamp": _views_and_narrow,
}


def _rewritten(tmp_path: Path, rewrite: Callable[[Path], None]) -> Path:
    directory = tmp_path / "rewritten"
    shutil.copytree(SHIPPED, directory)
    (directory / "manifest.json").unlink()  # rewritten files no longer match its digests
    for name in dlc.tables():
        rewrite(directory / f"{name}.parquet")
    return directory


@pytest.fixture(scope="module")
def reference() -> dlc.Corpus[pa.Table]:
    return dlc.open_path(SHIPPED)


class TestRewritten:
    """Every table and helper answers as on the shipped files."""

    @pytest.mark.parametrize("tool", list(REWRITERS))
    def test_same_answers(self, tmp_path: Path, tool: str, reference: dlc.Corpus[pa.Table]) -> None:
        """Whole tables equal the shipped ones, types and all; helpers give the same rows."""
        directory = _rewritten(tmp_path, REWRITERS[tool])
        changed = {
            str(field.type)
            for name in dlc.tables()
            for field in pq.read_schema(directory / f"{name}.parquet")
            if not field.type.equals(reference.table(name).schema.field(field.name).type)
        }
        assert changed or tool == "duckdb"  # the rewrite did change representations
        corpus = dlc.open_path(directory)
        for name in dlc.tables():
            expected = reference.table(name)
            assert corpus.table(name).select(expected.column_names).equals(expected), name
        assert corpus.quotes(speaker="casilli", topic="pay").equals(
            reference.quotes(speaker="casilli", topic="pay")
        )
        assert corpus.statistics(since="2019", year=[2017, 2018, 2019]).equals(
            reference.statistics(since="2019", year=[2017, 2018, 2019])
        )
        assert corpus.places(role="where_work_is_done").equals(reference.places(role="where_work_is_done"))
        assert corpus.mentions("MG").equals(reference.mentions("MG"))
        assert corpus.timeline("year").equals(reference.timeline("year"))
        assert corpus.validate() == []


def _rewrite_column(directory: Path, table: str, column: str, values: pa.Array) -> None:
    path = directory / f"{table}.parquet"
    data = pq.read_table(path)
    index = data.schema.get_field_index(column)
    pq.write_table(data.set_column(index, column, values), path)


class TestLossyRefused:
    """A value that the model's type would change is refused, naming the column."""

    def _copy(self, tmp_path: Path) -> Path:
        directory = tmp_path / "copy"
        shutil.copytree(SHIPPED, directory)
        (directory / "manifest.json").unlink()
        return directory

    def test_fraction_in_whole_number_column(self, tmp_path: Path) -> None:
        """reference_year 2019.5 (a float column) cannot become int64."""
        directory = self._copy(tmp_path)
        years = dlc.load("statistics").column("reference_year").to_pylist()
        floats = pa.array([None if y is None else y + 0.5 for y in years], pa.float64())
        _rewrite_column(directory, "statistics", "reference_year", floats)
        with pytest.raises(
            dlc.CorpusIntegrityError, match=r"column 'reference_year' holds values that int64"
        ):
            dlc.open_path(directory).table("statistics")

    def test_time_of_day_in_date_column(self, tmp_path: Path) -> None:
        """A timestamp at 13:30 for an appearance's date would lose the time: refused."""
        directory = self._copy(tmp_path)
        dates = dlc.load("appearances").column("date").to_pylist()
        stamps = pa.array([dt.datetime.combine(d, dt.time(13, 30)) for d in dates], pa.timestamp("s"))
        _rewrite_column(directory, "appearances", "date", stamps)
        with pytest.raises(dlc.CorpusIntegrityError, match=r"column 'date' holds values that date32"):
            dlc.open_path(directory).appearances()

    def test_unsigned_too_large(self, tmp_path: Path) -> None:
        """A uint64 beyond 2**63-1 in span_end cannot be an int64."""
        directory = self._copy(tmp_path)
        count = dlc.load("quotes").num_rows
        _rewrite_column(directory, "quotes", "span_end", pa.array([2**64 - 1] * count, pa.uint64()))
        with pytest.raises(dlc.CorpusIntegrityError, match=r"column 'span_end' holds values that int64"):
            dlc.open_path(directory).table("quotes")

    def test_other_kind_refused(self, tmp_path: Path) -> None:
        """Text where the model has a number is another kind of value: refused at once, naming it."""
        directory = self._copy(tmp_path)
        ends = dlc.load("quotes").column("span_end").cast(pa.string())
        _rewrite_column(directory, "quotes", "span_end", ends)
        with pytest.raises(
            dlc.CorpusIntegrityError, match=r"column 'span_end' has type string, expected int64"
        ):
            dlc.open_path(directory).table("quotes")
