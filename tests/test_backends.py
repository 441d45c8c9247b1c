"""pandas and Polars frames carry the types their users expect, and the pyarrow table's values."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.exceptions import InvalidArgumentError, UnknownBackendError
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.backends import Backend

DOCS = Path(__file__).resolve().parent.parent / "docs"

# What each Arrow type becomes, written out here rather than taken from the converter.
NUMPY_NULLABLE = {"string": "string", "int64": "Int64", "double": "Float64", "bool": "boolean"}
POLARS = {
    "string": pl.String,
    "int64": pl.Int64,
    "double": pl.Float64,
    "bool": pl.Boolean,
    "date32[day]": pl.Date,
}


def _kind(arrow_type: pa.DataType) -> str:
    return "list" if pa.types.is_list(arrow_type) else str(arrow_type)


def _cell(value: Any) -> Any:
    """A pandas or Polars cell as a plain Python value: pd.NA and NaT become None, Timestamps dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and math.isnan(value):
        return "NaN"  # never expected: a null must be pd.NA or None, not NaN
    if isinstance(value, pl.Series):
        return value.to_list()
    return value.item() if hasattr(value, "item") and not isinstance(value, list) else value


class TestPandasNumpyNullable:
    """backend="pandas" gives pandas' numpy_nullable types, and the same values as pyarrow."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_types(self, table: str) -> None:
        """Strings are string, integers Int64 (with nulls too), dates datetime64, lists object."""
        arrow = dlc.load(table)
        frame = dlc.load(table, backend="pandas")
        for field in arrow.schema:
            kind = _kind(field.type)
            got = str(frame[field.name].dtype)
            if kind == "date32[day]":
                assert got in ("datetime64[ms]", "datetime64[ns]"), field.name
            elif kind == "list":
                assert got == "object", field.name
            else:
                assert got == NUMPY_NULLABLE[kind], field.name

    @pytest.mark.parametrize("table", list(TABLES))
    def test_cells(self, table: str) -> None:
        """Every cell, read with .iloc, equals the pyarrow value (lists as Python lists)."""
        expected = dlc.load(table).to_pylist()
        frame = dlc.load(table, backend="pandas", dtype_backend="numpy_nullable")
        assert len(frame) == len(expected)
        for column in frame.columns:
            got = [_cell(frame[column].iloc[i]) for i in range(len(frame))]
            assert got == [row[column] for row in expected], column
            assert {type(v) for v in got} <= {type(row[column]) for row in expected}, column

    def test_what_users_do(self) -> None:
        """date.dt.year and a date compared with a string work; reference_year is 2013, not 2013.0."""
        appearances = dlc.load("appearances", backend="pandas")
        years = {d.year for d in dlc.load("appearances").column("date").to_pylist()}
        assert set(appearances["date"].dt.year) == years
        later = [d for d in dlc.load("appearances").column("date").to_pylist() if d >= dt.date(2020, 1, 1)]
        assert int((appearances["date"] >= "2020-01-01").sum()) == len(later)
        statistics = dlc.load("statistics", backend="pandas")
        years_stated = [
            y for y in dlc.load("statistics").column("reference_year").to_pylist() if y is not None
        ]
        assert list(statistics["reference_year"].dropna()) == years_stated
        assert all(type(y) is int for y in statistics["reference_year"].dropna().tolist())
        quotes = dlc.load("quotes", backend="pandas")
        assert all(isinstance(cell, list) for cell in quotes["topics"])

    def test_query_results_too(self) -> None:
        """Corpus queries with backend="pandas" follow the same convention."""
        said = dlc.open().quotes(speaker="casilli", backend="pandas")
        assert str(said["date"].dtype).startswith("datetime64")
        assert isinstance(said["topics"].iloc[0], list)


class TestPandasArrow:
    """dtype_backend="pyarrow" gives pd.ArrowDtype columns of the Arrow types."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_types_and_cells(self, table: str) -> None:
        """Each column is ArrowDtype(its Arrow type), each cell the pyarrow value."""
        arrow = dlc.load(table)
        frame = dlc.load(table, backend="pandas", dtype_backend="pyarrow")
        expected = arrow.to_pylist()
        for field in arrow.schema:
            assert frame[field.name].dtype == pd.ArrowDtype(field.type), field.name
            got = [_cell(frame[field.name].iloc[i]) for i in range(len(frame))]
            assert got == [row[field.name] for row in expected], field.name


class TestPolars:
    """backend="polars" keeps Date, List(String), nullable integers and every value."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_types_and_cells(self, table: str) -> None:
        """Each column has the Polars type of its Arrow type; rows equal the pyarrow rows."""
        arrow = dlc.load(table)
        frame = dlc.load(table, backend="polars")
        for field in arrow.schema:
            kind = _kind(field.type)
            want = pl.List(pl.String) if kind == "list" else POLARS[kind]
            assert frame.schema[field.name] == want, field.name
        assert frame.rows(named=True) == arrow.to_pylist()


class TestArguments:
    """A wrong dtype_backend is refused with what is accepted."""

    def test_unknown_dtype_backend(self) -> None:
        """Only numpy_nullable and pyarrow are accepted."""
        with pytest.raises(
            InvalidArgumentError,
            match=r"^Unknown dtype_backend 'numpy'\. Accepted values: numpy_nullable, pyarrow \(with backend='pandas'\)$",
        ):
            dlc.load("topics", backend="pandas", dtype_backend="numpy")  # type: ignore[call-overload]

    @pytest.mark.parametrize("backend", ["pyarrow", "polars"])
    def test_dtype_backend_needs_pandas(self, backend: Backend) -> None:
        """dtype_backend with another backend is refused rather than ignored."""
        with pytest.raises(InvalidArgumentError, match="applies to backend='pandas' only"):
            dlc.load("topics", backend=backend, dtype_backend="pyarrow")

    def test_unknown_backend_still_named(self) -> None:
        """An unknown backend is still an UnknownBackendError."""
        with pytest.raises(UnknownBackendError, match="Accepted backends: pyarrow, pandas, polars"):
            dlc.load("topics", backend="arrow")  # type: ignore[call-overload]

    def test_loader_passes_it_on(self) -> None:
        """The load_<table> functions take dtype_backend too."""
        frame = dlc.load_statistics(backend="pandas", dtype_backend="pyarrow")
        assert frame["reference_year"].dtype == pd.ArrowDtype(pa.int64())


class TestDocumentedTypes:
    """The cookbook's table of types under each backend is what the loaders give."""

    def _rows(self) -> dict[str, list[str]]:
        text = (DOCS / "cookbook.md").read_text(encoding="utf-8")
        block = text.split("<!-- types-table -->")[1].split("<!-- /types-table -->")[0]
        rows = {}
        for line in block.strip().splitlines()[2:]:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            key = re.findall(r"`([^`]+)`", cells[0])[0]
            rows["list" if key.startswith("list") else key] = cells
        return rows

    def test_every_column(self) -> None:
        """Each column's row gives its pandas, pandas-Arrow and Polars types, and names it unless text."""
        rows = self._rows()
        for table in TABLES:
            arrow = dlc.load(table)
            nullable = dlc.load(table, backend="pandas")
            arrowdtype = dlc.load(table, backend="pandas", dtype_backend="pyarrow")
            polars = dlc.load(table, backend="polars")
            for field in arrow.schema:
                cells = rows[_kind(field.type)]
                assert f"`{nullable[field.name].dtype}`" in cells[2], field.name
                assert f"`{arrowdtype[field.name].dtype}`" in cells[3], field.name
                assert f"`{polars.schema[field.name]}`" in cells[4], field.name
                if field.type != pa.string():
                    assert field.name in cells[1], field.name
