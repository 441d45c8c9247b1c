"""Expected values computed by another route than the code under test.

The frames are compared with the Parquet files read by pyarrow directly, cell by cell; the
metadata's digests and sizes with the files hashed here; the shipped 1.0.0 -> 1.0.1 change
with a comparison of the files by key; ``Corpus.validate`` with a plain-Python check of
the invariants it shares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import Counter
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.schema.records import TABLES

from .versions import one_corpus, to_tables, write

DATA = Path(str(files("digital_labor_corpus").joinpath("data")))
VERSIONS = sorted(
    (p.name for p in DATA.iterdir() if p.is_dir() and (p / "manifest.json").is_file()),
    key=lambda v: tuple(int(part) for part in v.split(".")),
)
PRIMARY_KEYS = {name: spec.primary_key for name, spec in TABLES.items()}


def _rows(version: str, table: str) -> list[dict[str, Any]]:
    """The table's rows read by pyarrow straight from the shipped file."""
    rows: list[dict[str, Any]] = pq.read_table(DATA / version / f"{table}.parquet").to_pylist()
    return rows


def test_versions_found_on_disk() -> None:
    """The versions found here by listing the data directory are the ones ``versions()`` gives."""
    assert dlc.versions() == VERSIONS
    assert VERSIONS[:2] == ["1.0.0", "1.0.1"]


# -- pandas and Polars, cell by cell ----------------------------------------------------------


def _pandas_cell(value: Any, arrow_type: pa.DataType) -> Any:
    """A pandas cell as the Python value pyarrow gives, by pandas' documented conversions."""
    if isinstance(value, np.ndarray | list):
        return [_pandas_cell(v, arrow_type.value_type) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        # pandas writes a null number as NaN (an int64 column with nulls becomes float64)
        return None
    if isinstance(value, pd.Timestamp) and pa.types.is_date(arrow_type):
        return value.date()  # dates are datetime64[ms] in pandas (the numpy_nullable convention)
    if isinstance(value, np.generic):
        value = value.item()
    if pa.types.is_integer(arrow_type) and isinstance(value, float) and value.is_integer():
        return int(value)  # int64 with nulls is float64 in pandas
    return value


# every table of every version, as that version shipped it (1.0.x: no errata, fewer columns)
SHIPPED_TABLES = [(table, version) for version in VERSIONS for table in tables_in(version)]


@pytest.mark.parametrize(("table", "version"), SHIPPED_TABLES)
class TestFramesCellByCell:
    """Every cell of every table of every version, in pandas and Polars, equals pyarrow's."""

    def test_pandas(self, table: str, version: str) -> None:
        """Same columns, same rows in the same order, each cell the same value of the same type."""
        expected = _rows(version, table)
        schema = pq.read_schema(DATA / version / f"{table}.parquet")
        frame = dlc.load(table, version=version, backend="pandas")
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == list(TABLES[table].columns_in(version))
        assert len(frame) == len(expected) > 0
        for index, row in enumerate(expected):
            for column, value in row.items():
                got = _pandas_cell(frame[column].iloc[index], schema.field(column).type)
                assert (type(got), got) == (type(value), value), (table, index, column)

    def test_polars(self, table: str, version: str) -> None:
        """Polars rows are pyarrow's rows, value for value and type for type."""
        import polars as pl

        expected = _rows(version, table)
        frame = dlc.load(table, version=version, backend="polars")
        assert isinstance(frame, pl.DataFrame)
        got = frame.rows(named=True)
        assert len(got) == len(expected) > 0
        for index, (row, value) in enumerate(zip(got, expected, strict=True)):
            assert row == value, (table, index)
            assert [type(v) for v in row.values()] == [type(v) for v in value.values()], (table, index)

    def test_records(self, table: str, version: str) -> None:
        """``records(version=...)`` gives one record per row, each field the row's value."""
        expected = _rows(version, table)
        found = dlc.records(table, version=version)
        assert len(found) == len(expected) > 0
        later = set(TABLES[table].columns) - set(TABLES[table].columns_in(version))
        for record, row in zip(found, expected, strict=True):
            values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars_of(record).items()}
            assert {k: v for k, v in values.items() if k not in later} == row
            # a column added after the version: the record holds its empty default
            assert {k: values[k] for k in later} == {k: [] if k == "name_forms" else None for k in later}


def vars_of(record: Any) -> dict[str, Any]:
    """A record's fields by name, read with ``getattr`` rather than attrs' helpers."""
    return {name: getattr(record, name) for name in TABLES[type_table(record)].columns}


def type_table(record: Any) -> str:
    """The table whose record class ``record`` is."""
    return next(name for name, spec in TABLES.items() if spec.record is type(record))


# -- the shipped change -----------------------------------------------------------------------


class TestShippedDiff:
    """1.0.0 -> 1.0.1 added one appearance and changed nothing else."""

    ADDED = "2019-06-01-france-strategie-conference"

    def test_files_compared_by_key(self) -> None:
        """Compared by primary key here, the two versions differ by the one added appearance."""
        for table in tables_in("1.0.1"):
            key = PRIMARY_KEYS[table]
            old = {row[key]: row for row in _rows("1.0.0", table)}
            new = {row[key]: row for row in _rows("1.0.1", table)}
            added = set(new) - set(old)
            assert added == ({self.ADDED} if table == "appearances" else set()), table
            assert set(old) - set(new) == set(), table
            assert [k for k in old if old[k] != new[k]] == [], table

    def test_diff_says_the_same(self) -> None:
        """``diff`` reports exactly the added appearance."""
        result = dlc.diff("1.0.0", "1.0.1")
        assert not result.is_empty
        assert (result.old, result.new) == ("1.0.0", "1.0.1")
        assert set(result.tables) == set(tables_in("1.0.1")) == set(tables_in("1.0.0"))
        for name, table in result.tables.items():
            if name == "appearances":
                assert table.added == (self.ADDED,)
                assert (table.removed, table.changed) == ((), ())
                assert (table.columns_added, table.columns_removed, table.columns_retyped) == ((), (), ())
            else:
                assert table.is_empty, name
        assert dlc.diff("1.0.1", "1.0.0").tables["appearances"].removed == (self.ADDED,)

    def test_summary(self) -> None:
        """The summary line of appearances counts one addition; every other table none."""
        lines = dlc.diff("1.0.0", "1.0.1").summary()
        assert lines[0] == "1.0.0 -> 1.0.1"
        counts = {line.split()[0]: line.split()[1:] for line in lines[1:]}
        assert counts == {
            name: ["+1" if name == "appearances" else "+0", "-0", "~0"] for name in tables_in("1.0.1")
        }


# -- metadata against the files ---------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("version", VERSIONS)
class TestMetadataAgainstFiles:
    """Every digest and size the metadata states is the file's, hashed and measured here."""

    def test_manifest(self, version: str) -> None:
        """The manifest's sha256, bytes and rows of each table, and the digest of each other file."""
        manifest = json.loads((DATA / version / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["dataset_version"] == version
        assert set(manifest["tables"]) == set(tables_in(version))
        for name, entry in manifest["tables"].items():
            path = DATA / version / entry["file"]
            assert entry["sha256"] == _sha256(path), name
            assert entry["bytes"] == len(path.read_bytes()) == path.stat().st_size, name
            assert entry["rows"] == pq.ParquetFile(path).metadata.num_rows, name
        assert set(manifest["files"]) >= {"datapackage.json", "croissant.json"}
        for filename, digest in manifest["files"].items():
            assert digest == _sha256(DATA / version / filename), filename

    def test_datapackage(self, version: str) -> None:
        """Each resource's ``bytes`` and ``hash``, where stated, are its file's.

        From 1.1.0 the Parquet resources state neither (frictionless cannot check them on a
        Parquet file); 1.0.x, released before, state both.
        """
        package = json.loads((DATA / version / "datapackage.json").read_text(encoding="utf-8"))
        resources = package["resources"]
        assert {r["name"] for r in resources} == set(tables_in(version))
        stated = [r for r in resources if "bytes" in r or "hash" in r]
        assert stated == (resources if version in ("1.0.0", "1.0.1") else [])
        for resource in stated:
            path = DATA / version / resource["path"]
            assert resource["bytes"] == path.stat().st_size, resource["name"]
            assert resource["hash"] == f"sha256:{_sha256(path)}", resource["name"]

    def test_croissant(self, version: str) -> None:
        """Each file object's ``contentSize`` and ``sha256`` are its file's."""
        croissant = json.loads((DATA / version / "croissant.json").read_text(encoding="utf-8"))
        objects = [d for d in croissant["distribution"] if "contentUrl" in d]
        assert {d["contentUrl"] for d in objects} == {f"{name}.parquet" for name in tables_in(version)}
        for item in objects:
            path = DATA / version / item["contentUrl"]
            assert item["contentSize"] == f"{path.stat().st_size} B", item["contentUrl"]
            assert item["sha256"] == _sha256(path), item["contentUrl"]


# -- validate against a second checker --------------------------------------------------------


def independent_check(tables: dict[str, list[dict[str, Any]]], release: dt.date) -> set[tuple[str, str, str]]:
    """Some of the invariants, checked in plain Python: ``(table, key, rule)`` for each broken one."""
    found: set[tuple[str, str, str]] = set()
    keys = {name: Counter(row[PRIMARY_KEYS[name]] for row in rows) for name, rows in tables.items()}
    texts = {row["source_id"]: row["text"] for row in tables["sources"]}
    sources_of = {row["appearance_id"]: row["source_id"] for row in tables["appearances"]}
    for name, rows in tables.items():
        for row in rows:
            key = row[PRIMARY_KEYS[name]]
            if keys[name][key] > 1:
                found.add((name, key, "primary_key_duplicate"))
            for column, target in REFERENCES.get(name, {}).items():
                if row.get(column) is not None and row[column] not in keys[target]:
                    found.add((name, key, "foreign_key"))
            if "text" in row and name != "sources":
                source = row.get("source_id") or sources_of.get(row["appearance_id"])
                if source in texts and row["text"] != texts[source][row["span_start"] : row["span_end"]]:
                    found.add((name, key, "verbatim_text"))
    for row in tables["sources"]:
        if hashlib.sha256(row["text"].encode()).hexdigest() != row["sha256"]:
            found.add(("sources", row["source_id"], "source_digest"))
    for row in tables["appearances"]:
        if not dt.date(1990, 1, 1) <= row["date"] <= release:
            found.add(("appearances", row["appearance_id"], "date_range"))
    return found


REFERENCES = {
    "appearances": {"source_id": "sources", "parent_id": "appearances"},
    "quotes": {
        "appearance_id": "appearances",
        "source_id": "sources",
        "speaker_id": "people",
        "question_id": "quotes",
    },
    "claims": {
        "appearance_id": "appearances",
        "claimant_id": "people",
        "quote_id": "quotes",
        "same_as": "claims",
    },
    "statistics": {
        "appearance_id": "appearances",
        "quote_id": "quotes",
        "claim_id": "claims",
        "place_id": "places",
    },
    "places": {"parent_id": "places"},
    "place_mentions": {
        "place_id": "places",
        "appearance_id": "appearances",
        "quote_id": "quotes",
        "claim_id": "claims",
    },
}
SHARED_RULES = {"primary_key_duplicate", "foreign_key", "verbatim_text", "source_digest", "date_range"}


def _found(violations: list[dlc.Violation]) -> set[tuple[str, str, str]]:
    return {(v.table, str(v.key), v.rule) for v in violations if v.rule in SHARED_RULES}


class TestValidateAgainstSecondChecker:
    """``Corpus.validate`` and the plain-Python check agree, on valid and on damaged versions."""

    @pytest.mark.parametrize("version", VERSIONS)
    def test_shipped(self, version: str) -> None:
        """Both find nothing in a shipped version; the check did look at every row."""
        tables = {name: _rows(version, name) for name in tables_in(version)}
        release = dt.date.fromisoformat(
            json.loads((DATA / version / "manifest.json").read_text(encoding="utf-8"))["release_date"]
        )
        assert sum(len(rows) for rows in tables.values()) > 500
        assert independent_check(tables, release) == set()
        assert dlc.open(version).validate() == []

    def test_damaged(self, tmp_path: Path) -> None:
        """A written version with a dangling key, an altered text and a duplicated claim: same findings."""
        tables = to_tables(one_corpus())
        rows = {name: table.to_pylist() for name, table in tables.items()}
        rows["quotes"][0]["speaker_id"] = "nobody"
        rows["claims"][-1]["text"] += "!"
        rows["statistics"].append(dict(rows["statistics"][0]))
        rows["appearances"][0]["date"] = dt.date(1899, 12, 31)
        damaged = {name: pa.Table.from_pylist(rows[name], schema=tables[name].schema) for name in tables}
        corpus = dlc.open_path(write(damaged, tmp_path, "1.0.0"))
        expected = independent_check(rows, dt.date(2026, 11, 28))
        assert {rule for _, _, rule in expected} == {
            "foreign_key",
            "verbatim_text",
            "primary_key_duplicate",
            "date_range",
        }
        assert _found(corpus.validate()) == expected
