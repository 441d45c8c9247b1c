"""Loading tables in every backend and as records, for every table and shipped version."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.schema.records import TABLES, Claim
from digital_labor_corpus.schema.tables import TABLES as PLAIN
from digital_labor_corpus.store import loading as loaders
from digital_labor_corpus.store.backends import Backend
from digital_labor_corpus.store.storage import Store, shipped_store

VERSIONS = dlc.versions()
BACKEND_TYPES = {"pyarrow": pa.Table, "pandas": pd.DataFrame, "polars": pl.DataFrame}


def _rows(frame: object) -> int:
    if isinstance(frame, pa.Table):
        return int(frame.num_rows)
    assert isinstance(frame, pd.DataFrame | pl.DataFrame)
    return len(frame)


class TestLoad:
    """``load`` returns every table in every backend."""

    @pytest.mark.parametrize("backend", list(BACKEND_TYPES))
    @pytest.mark.parametrize(
        ("table", "version"), [(t, v) for v in VERSIONS for t in TABLES if TABLES[t].in_version(v)]
    )
    def test_every_table_every_backend(self, table: str, backend: Backend, version: str) -> None:
        """The frame has the manifest's row count and the version's own columns, in order."""
        frame = dlc.load(table, version=version, backend=backend)
        assert isinstance(frame, BACKEND_TYPES[backend])
        assert _rows(frame) == shipped_store().manifest(version).tables[table].rows > 0
        assert list(frame.columns if backend != "pyarrow" else frame.column_names) == list(
            PLAIN[table].columns_in(version)
        )

    @pytest.mark.parametrize("version", VERSIONS)
    def test_tables_of_a_version(self, version: str) -> None:
        """``tables(version)`` names exactly the tables that version's manifest lists."""
        assert set(dlc.tables(version)) == set(shipped_store().manifest(version).tables)

    def test_older_version_keeps_its_schema(self) -> None:
        """Version 1.0.1 loads without the columns and the table 1.1.0 added."""
        assert "headline" not in dlc.load("appearances", version="1.0.1").column_names
        assert "name_forms" not in dlc.load("people", version="1.0.1").column_names
        claim = dlc.records("claims", version="1.0.1")[0]
        assert isinstance(claim, Claim)
        assert claim.same_as is None

    def test_default_is_newest_version(self) -> None:
        """Without ``version`` the newest shipped version loads."""
        assert dlc.load("quotes").equals(dlc.load("quotes", version=VERSIONS[-1]))

    def test_columns_selects_in_order(self) -> None:
        """``columns`` returns just those columns, in the order asked."""
        assert dlc.load("quotes", columns=["text", "quote_id"]).column_names == ["text", "quote_id"]

    def test_cached_per_process(self) -> None:
        """A second load reuses the table read the first time."""
        assert dlc.load("claims") is dlc.load("claims")

    def test_versions_oldest_first(self) -> None:
        """``versions()`` is sorted oldest first and holds 1.0.0."""
        assert sorted(VERSIONS, key=lambda v: tuple(int(p) for p in v.split("."))) == VERSIONS
        assert "1.0.0" in VERSIONS

    def test_paths_point_at_parquet_files(self) -> None:
        """``paths()`` names one existing Parquet file per table of the version."""
        found = dlc.paths()
        assert set(found) == set(TABLES)
        assert set(dlc.paths("1.0.0")) == set(TABLES) - {"errata"}
        assert all(Path(p).is_file() and p.endswith(".parquet") for p in found.values())


class TestTableLoaders:
    """The ``load_<table>`` functions."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_loader_matches_load(self, table: str) -> None:
        """``load_<table>()`` equals ``load(table)`` and documents every column."""
        loader = getattr(loaders, f"load_{table}")
        assert loader().equals(dlc.load(table))
        assert loader.__name__ == f"load_{table}"
        for column in TABLES[table].columns:
            assert f"``{column}``" in loader.__doc__

    def test_loader_backend(self) -> None:
        """The keywords pass through."""
        frame = dlc.load_places(backend="polars", columns=["place_id"])
        assert isinstance(frame, pl.DataFrame)
        assert frame.columns == ["place_id"]


class TestRecords:
    """``records`` returns typed attrs records."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_records_for_every_table(self, table: str) -> None:
        """One record per row, of the table's record class."""
        found = dlc.records(table)
        assert len(found) == dlc.load(table).num_rows
        assert all(type(r) is TABLES[table].record for r in found)


class TestErrors:
    """Bad input raises the library's own errors, naming the value and what is accepted."""

    def test_unknown_table(self) -> None:
        """An unknown table is a KeyError and a CorpusError with a suggestion."""
        with pytest.raises(dlc.UnknownTableError) as caught:
            dlc.load("quote")
        assert isinstance(caught.value, KeyError)
        assert str(caught.value) == (
            "Unknown table 'quote'. The corpus has these tables: appearances, quotes, claims, "
            "statistics, places, sources, people, place_mentions, topics, errata. Did you mean 'quotes'?"
        )

    def test_table_added_later(self) -> None:
        """A table an older version does not have names the version that added it."""
        with pytest.raises(dlc.UnknownTableError) as caught:
            dlc.load("errata", version="1.0.0")
        assert str(caught.value) == (
            "Dataset version 1.0.0 has no table 'errata': it was added in 1.1.0. Load version 1.1.0 or later"
        )

    def test_column_added_later(self) -> None:
        """A column an older version does not have names the version that added it."""
        with pytest.raises(
            dlc.UnknownColumnError,
            match=r"'headline' .* not in dataset version 1\.0\.0: it was added in 1\.1\.0",
        ):
            dlc.load("appearances", version="1.0.0", columns=["appearance_id", "headline"])

    @pytest.mark.parametrize("backend", ["pyarrow", "pandas", "polars"])
    def test_speaker_of_mentions_before_1_2_0(self, backend: Backend) -> None:
        """1.1.0 has no place_mentions.speaker_id, whichever backend reads it; 1.2.0 has it."""
        with pytest.raises(
            dlc.UnknownColumnError,
            match=r"'speaker_id' .* not in dataset version 1\.1\.0: it was added in 1\.2\.0",
        ):
            dlc.load("place_mentions", version="1.1.0", columns=["speaker_id"], backend=backend)
        frame = dlc.load("place_mentions", version="1.2.0", columns=["speaker_id"], backend=backend)
        assert len(frame) == dlc.load("place_mentions", version="1.2.0").num_rows

    def test_unknown_version(self) -> None:
        """A well-formed but absent version lists the shipped ones."""
        with pytest.raises(
            dlc.UnknownVersionError,
            match=r"Dataset version '9\.9\.9' is not available .* Available versions: ",
        ):
            dlc.load("quotes", version="9.9.9")

    @pytest.mark.parametrize("bad", ["../1.0.0", "/etc", "1.0", "1.0.0/..", "", "v1.0.0", 1])
    def test_malformed_version(self, bad: object) -> None:
        """Version strings that are not MAJOR.MINOR.PATCH never reach the file system."""
        with pytest.raises(dlc.UnknownVersionError, match="Malformed dataset version"):
            dlc.load("quotes", version=bad)  # type: ignore[call-overload]

    def test_unknown_column(self) -> None:
        """An unknown column lists the table's columns."""
        with pytest.raises(
            dlc.UnknownColumnError,
            match=r"Unknown column 'txt' in table 'quotes'\. Its columns are: quote_id, ",
        ):
            dlc.load("quotes", columns=["txt"])

    def test_columns_as_string(self) -> None:
        """A bare string for ``columns`` is refused with the fix."""
        with pytest.raises(dlc.InvalidArgumentError, match=r"for one column write columns=\['text'\]"):
            dlc.load("quotes", columns="text")

    def test_unknown_backend(self) -> None:
        """An unknown backend is a ValueError listing the accepted ones."""
        with pytest.raises(dlc.UnknownBackendError) as caught:
            dlc.load("quotes", backend="numpy")  # type: ignore[call-overload]
        assert isinstance(caught.value, ValueError)
        assert str(caught.value) == "Unknown backend 'numpy'. Accepted backends: pyarrow, pandas, polars"


def _copy_store(tmp_path: Path) -> tuple[Store, Path]:
    source = Path(str(files("digital_labor_corpus").joinpath("data")))
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return Store(target, str(target)), target / VERSIONS[-1]


class TestIntegrity:
    """A damaged file raises CorpusIntegrityError naming it, never wrong data."""

    def test_flipped_byte(self, tmp_path: Path) -> None:
        """A flipped byte fails the digest check, naming file and both digests."""
        store, version_dir = _copy_store(tmp_path)
        path = version_dir / "quotes.parquet"
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
        with pytest.raises(
            dlc.CorpusIntegrityError,
            match=r"quotes\.parquet is damaged: its SHA-256 is [0-9a-f]{64} but the manifest expects [0-9a-f]{64}",
        ):
            store.table("quotes")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A deleted table file is reported by name."""
        store, version_dir = _copy_store(tmp_path)
        (version_dir / "claims.parquet").unlink()
        with pytest.raises(dlc.CorpusIntegrityError, match=r"claims\.parquet"):
            store.table("claims")

    def test_damaged_manifest(self, tmp_path: Path) -> None:
        """A manifest that is not JSON is reported as damaged."""
        store, version_dir = _copy_store(tmp_path)
        (version_dir / "manifest.json").write_text("{not json", encoding="utf-8")
        with pytest.raises(dlc.CorpusIntegrityError, match=r"manifest.json is damaged"):
            store.table("claims")


# What each Arrow type becomes in pandas, written out here (not read from the code under test).
_NULLABLE = {"string": "string", "double": "Float64", "bool": "boolean", "int64": "Int64"}
_ARROW = {
    "string": "string[pyarrow]",
    "double": "double[pyarrow]",
    "bool": "bool[pyarrow]",
    "int64": "int64[pyarrow]",
}


def _plain(value: object) -> object:
    """A pandas cell as a plain Python value: NA and NaT as None, timestamps as dates."""
    import datetime as dt

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, list):
        return value
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


class TestPandasCells:
    """Every cell of every table as pandas: the pyarrow value, in the dtype each backend promises."""

    @pytest.mark.parametrize("dtype_backend", ["numpy_nullable", "pyarrow"])
    @pytest.mark.parametrize("table", ["statistics", "quotes", "appearances", "places", "people"])
    def test_cells_and_dtypes(self, table: str, dtype_backend: str) -> None:
        arrow = dlc.load(table)
        frame = dlc.load(table, backend="pandas", dtype_backend=dtype_backend)  # type: ignore[call-overload]
        assert list(frame.columns) == arrow.column_names
        assert list(frame.index) == list(range(arrow.num_rows))
        for field in arrow.schema:
            dtype = str(frame.dtypes[field.name])
            kind = str(field.type)
            if pa.types.is_list(field.type):
                assert dtype == (
                    "object"
                    if dtype_backend == "numpy_nullable"
                    else "list<element: string not null>[pyarrow]"
                )
            elif pa.types.is_date(field.type):
                assert dtype == (
                    "datetime64[ms]" if dtype_backend == "numpy_nullable" else "date32[day][pyarrow]"
                )
            else:
                assert dtype == (_NULLABLE if dtype_backend == "numpy_nullable" else _ARROW)[kind], field.name
            cells = [_plain(v) for v in frame[field.name].tolist()]
            assert cells == arrow.column(field.name).to_pylist(), field.name


def test_to_backend_checks_its_own_arguments() -> None:
    """to_backend refuses a dtype_backend it cannot honour, whoever calls it."""
    from digital_labor_corpus.store.backends import to_backend

    table = dlc.load("topics")
    with pytest.raises(dlc.InvalidArgumentError, match="dtype_backend"):
        to_backend(table, "pandas", "numpy")
    with pytest.raises(dlc.InvalidArgumentError, match="dtype_backend"):
        to_backend(table, "polars", "pyarrow")
