"""The store, manifests and backends: older versions, damaged versions, missing extras, exact errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sys
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.exceptions import (
    CorpusIntegrityError,
    UnknownBackendError,
    UnknownTableError,
    UnknownVersionError,
)
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.store import storage
from digital_labor_corpus.store.backends import BACKENDS, check_backend, to_backend
from digital_labor_corpus.store.manifest import (
    Manifest,
    TableEntry,
    check_file_name,
    check_version_string,
    parse_manifest,
    version_key,
)
from digital_labor_corpus.store.storage import Store

from .versions import one_corpus, to_tables, write

DATA = Path(str(files("digital_labor_corpus").joinpath("data")))


def _manifest_json(version: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((DATA / version / "manifest.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def shipped_from(monkeypatch: pytest.MonkeyPatch) -> object:
    """Make the package's shipped store read another directory for the test's length."""

    def use(root: Path) -> Store:
        store = Store(root, str(root))
        monkeypatch.setattr(storage, "_SHIPPED", store)
        return store

    return use


class TestOlderVersion:
    """Version 1.0.0 stays readable by every entry point."""

    def test_paths(self) -> None:
        """``paths("1.0.0")`` names the 1.0.0 files, whose digests are 1.0.0's manifest's."""
        found = dlc.paths("1.0.0")
        manifest = _manifest_json("1.0.0")
        assert set(found) == set(tables_in("1.0.0"))
        for name, path in found.items():
            assert Path(path) == DATA / "1.0.0" / f"{name}.parquet"
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            assert digest == manifest["tables"][name]["sha256"]  # type: ignore[index]
        assert dlc.paths("1.0.0")["appearances"] != dlc.paths("1.0.1")["appearances"]

    def test_records_by_version(self) -> None:
        """``records(version=...)`` reads that version: 1.0.1 has the one appearance 1.0.0 lacks."""
        old = {a.appearance_id for a in dlc.records("appearances", version="1.0.0")}  # type: ignore[union-attr]
        new = {a.appearance_id for a in dlc.records("appearances", version="1.0.1")}  # type: ignore[union-attr]
        assert new - old == {"2019-06-01-france-strategie-conference"}
        assert old < new

    def test_coverage(self) -> None:
        """``coverage("1.0.0")`` reports on 1.0.0: the share inside appearances, computed here from the spans."""
        report = dlc.coverage("1.0.0")
        assert report.version == "1.0.0"
        source = pq.read_table(DATA / "1.0.0" / "sources.parquet").to_pylist()[0]
        inside = [False] * source["n_chars"]
        for row in pq.read_table(DATA / "1.0.0" / "appearances.parquet").to_pylist():
            inside[row["span_start"] : row["span_end"]] = [True] * (row["span_end"] - row["span_start"])
        assert report.share_in_appearances == pytest.approx(sum(inside) / len(inside))
        assert report.paragraphs
        for paragraph in report.paragraphs:
            assert source["text"][paragraph.span_start : paragraph.span_end] == paragraph.text
        assert report.uncovered == []


def _damaged_version(root: Path) -> Path:
    """A written version 1.0.0 whose topics break a record validator (a key that is not a slug)."""
    tables = to_tables(one_corpus())
    topics = tables["topics"].to_pylist()
    topics[0]["topic_id"] = "Not A Slug"
    tables["topics"] = pa.Table.from_pylist(topics, schema=tables["topics"].schema)
    return write(tables, root, "1.0.0")


class TestRecordsIntegrity:
    """A table whose rows do not fit the record classes raises CorpusIntegrityError."""

    def test_records_error(self, tmp_path: Path, shipped_from: object) -> None:
        """The message names the table and the version."""
        _damaged_version(tmp_path)
        shipped_from(tmp_path)  # type: ignore[operator]
        with pytest.raises(
            CorpusIntegrityError, match=r"^Table 'topics' of version 1\.0\.0 does not fit its schema: "
        ):
            dlc.records("topics", version="1.0.0")
        with pytest.raises(CorpusIntegrityError, match=r"^Table 'topics' of version newest does not fit"):
            dlc.records("topics")
        assert len(dlc.records("people", version="1.0.0")) == dlc.load("people").num_rows


class TestMissingExtra:
    """Without pandas or Polars the backend names the extra to install."""

    @pytest.mark.parametrize(
        ("module", "backend", "message"),
        [
            (
                "pandas",
                "pandas",
                "backend='pandas' needs pandas, which is not installed: python -m pip install 'pandas>=2.0' "
                "(or, from a clone of the repository, python -m pip install '.[pandas]')",
            ),
            (
                "polars",
                "polars",
                "backend='polars' needs polars, which is not installed: python -m pip install 'polars>=0.20' "
                "(or, from a clone of the repository, python -m pip install '.[polars]')",
            ),
        ],
    )
    def test_missing_module(
        self, monkeypatch: pytest.MonkeyPatch, module: str, backend: str, message: str
    ) -> None:
        """The module made unimportable, loading raises MissingDependencyError with the exact message."""
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(dlc.MissingDependencyError) as caught:
            dlc.load("topics", backend=backend)  # type: ignore[call-overload]  # any backend name, checked at run time
        assert str(caught.value) == message
        assert isinstance(caught.value, ImportError | dlc.CorpusError)
        with pytest.raises(dlc.MissingDependencyError) as caught:  # a frame converted, not loaded
            to_backend(dlc.load("topics"), backend)  # type: ignore[arg-type]
        assert str(caught.value) == message
        assert dlc.load("topics").num_rows > 0  # pyarrow needs neither

    def test_other_backend_still_works(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, Polars still loads, and the other way round."""
        import pandas as pd
        import polars as pl

        monkeypatch.setitem(sys.modules, "pandas", None)
        assert isinstance(dlc.load("topics", backend="polars"), pl.DataFrame)
        monkeypatch.setitem(sys.modules, "pandas", pd)
        monkeypatch.setitem(sys.modules, "polars", None)
        assert isinstance(dlc.load("topics", backend="pandas"), pd.DataFrame)


class TestBackends:
    """``check_backend`` and ``to_backend``."""

    @pytest.mark.parametrize("backend", ["pyarrow", "pandas", "polars"])
    def test_known(self, backend: str) -> None:
        """Each accepted name comes back as itself."""
        assert check_backend(backend) == backend
        assert backend in BACKENDS

    @pytest.mark.parametrize("bad", ["Pandas", "arrow", "", None, 1, "pyarrow "])
    def test_unknown(self, bad: object) -> None:
        """Anything else is refused, listing the three."""
        with pytest.raises(UnknownBackendError) as caught:
            check_backend(bad)
        assert str(caught.value) == f"Unknown backend {bad!r}. Accepted backends: pyarrow, pandas, polars"

    def test_pyarrow_is_the_table_itself(self) -> None:
        """The pyarrow backend returns the very table, not a copy."""
        table = pa.table({"a": [1, None]})
        assert to_backend(table, "pyarrow") is table
        assert to_backend(table, "pandas")["a"].tolist()[0] == 1
        assert to_backend(table, "polars")["a"].to_list() == [1, None]


class TestVersionStrings:
    """Version strings are three numbers; they sort as numbers."""

    @pytest.mark.parametrize("good", ["0.0.0", "1.0.0", "10.20.30", "1.10.0"])
    def test_good(self, good: str) -> None:
        """A well-formed version comes back unchanged."""
        assert check_version_string(good) == good

    @pytest.mark.parametrize(
        "bad",
        [
            "01.0.0",
            "1.0",
            "1.0.0.0",
            "1.0.0\n",
            " 1.0.0",
            "a.b.c",
            "1.0.-1",
            None,
            100,
            "1..0",
            "1.0.00",
            "\u0661.0.0",
            "1.\u00b2.0",
        ],
    )
    def test_bad(self, bad: object) -> None:
        """Anything else is UnknownVersionError with the form and an example."""
        with pytest.raises(UnknownVersionError) as caught:
            check_version_string(bad)
        assert str(caught.value) == (
            f"Malformed dataset version {bad!r}: a dataset version is three numbers MAJOR.MINOR.PATCH "
            "such as '1.0.0'; the shipped ones are listed by dlc.versions() in Python and by "
            "'digital-labor-corpus versions' on the command line"
        )

    @given(st.text(alphabet="0123456789.\n -+\u0661\u00b2a", max_size=12))
    def test_exactly_three_ascii_numbers(self, text: str) -> None:
        """What is accepted is what the grammar's regular expression accepts (ASCII digits only)."""
        expected = re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", text) is not None
        try:
            accepted = check_version_string(text) == text
        except UnknownVersionError:
            accepted = False
        assert accepted is expected

    def test_sort_key(self) -> None:
        """1.10.0 sorts after 1.9.0, and 2.0.0 after both."""
        assert version_key("1.10.2") == (1, 10, 2)
        assert sorted(["2.0.0", "1.10.0", "1.9.0"], key=version_key) == ["1.9.0", "1.10.0", "2.0.0"]


class TestManifest:
    """``parse_manifest`` reads what ``Manifest.to_json`` writes, and refuses damage by name."""

    @pytest.mark.parametrize("version", ["1.0.0", "1.0.1"])
    def test_shipped_round_trip(self, version: str) -> None:
        """A shipped manifest parses to its values and serialises back to the same bytes."""
        raw = (DATA / version / "manifest.json").read_bytes()
        data = json.loads(raw)
        manifest = parse_manifest(raw, "here")
        assert manifest.dataset_version == version
        assert manifest.release_date == dt.date.fromisoformat(data["release_date"])
        assert manifest.files == data["files"]
        for name, entry in data["tables"].items():
            assert manifest.tables[name] == TableEntry(**entry)
        assert manifest.to_json() == raw.decode("utf-8")

    def test_to_json_keeps_text(self) -> None:
        """Non-ASCII names are written as themselves, two-space indented, ending with a newline."""
        tables = _entries("1.2.3") | {"topics": _entry("é.parquet")}
        files = {"x.json": "1" * 64}
        text = Manifest("1.2.3", dt.date(2026, 1, 2), tables, files).to_json()
        assert '"file": "é.parquet"' in text
        assert text.endswith("}\n")
        assert text.startswith('{\n  "dataset_version": "1.2.3",\n  "release_date": "2026-01-02",')
        assert parse_manifest(text.encode(), "x") == Manifest("1.2.3", dt.date(2026, 1, 2), tables, files)

    @pytest.mark.parametrize(
        "damage",
        [
            b"[]",
            b"{}",
            b'{"dataset_version": "1.0.0", "release_date": "2026-01-01"}',
            b'{"dataset_version": "1.0", "release_date": "2026-01-01", "tables": {}}',
            b'{"dataset_version": "1.0.0", "release_date": "01/01/2026", "tables": {}}',
            b'{"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": {"t": {"file": "t"}}}',
            b'{"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": {"t": {"file": "t", "rows": "x", "sha256": "", "bytes": 1, "schema_fingerprint": ""}}}',
            b"\xff\xfe",
        ],
    )
    def test_damaged(self, damage: bytes) -> None:
        """Each is CorpusIntegrityError naming where the manifest is."""
        with pytest.raises(CorpusIntegrityError, match=r"^The manifest somewhere/manifest\.json is damaged"):
            parse_manifest(damage, "somewhere/manifest.json")

    @pytest.mark.parametrize(
        ("field", "value", "problem"),
        [
            ("sha256", "", "sha256 must be 64 lowercase hexadecimal digits (a SHA-256), not ''"),
            (
                "sha256",
                "A" * 64,
                f"sha256 must be 64 lowercase hexadecimal digits (a SHA-256), not {'A' * 64!r}",
            ),
            (
                "schema_fingerprint",
                None,
                "schema_fingerprint must be 64 lowercase hexadecimal digits (a SHA-256), not None",
            ),
            ("file", 5, "file must be a string, not 5"),
            ("rows", -1, "rows must be a whole number from 0 to 2**63-1, not -1"),
            ("rows", True, "rows must be a whole number from 0 to 2**63-1, not True"),
            ("bytes", 2**63, f"bytes must be a whole number from 0 to 2**63-1, not {2**63}"),
            ("bytes", "7", "bytes must be a whole number from 0 to 2**63-1, not '7'"),
        ],
    )
    def test_entry_field_named(self, field: str, value: object, problem: str) -> None:
        """A bad field of a table's entry is named, with what it must be and the value found."""
        tables = {n: e._asdict() for n, e in _entries("1.0.0").items()}
        tables["appearances"][field] = value
        raw = json.dumps(
            {"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": tables}
        ).encode()
        with pytest.raises(CorpusIntegrityError) as caught:
            parse_manifest(raw, "x")
        assert str(caught.value) == f"The manifest x is damaged: tables.appearances.{problem}"

    def test_damaged_words(self) -> None:
        """Not an object, not UTF-8, not JSON: each refusal word for word, naming the decoder's error."""
        cases = {
            b"[]": "the manifest must be an object, not list",
            b"\xff": "it is not UTF-8 JSON (UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in "
            "position 0: invalid start byte)",
            b"not json": "it is not UTF-8 JSON (JSONDecodeError: Expecting value: line 1 column 1 (char 0))",
        }
        for raw, problem in cases.items():
            with pytest.raises(CorpusIntegrityError) as caught:
                parse_manifest(raw, "m.json")
            assert str(caught.value) == f"The manifest m.json is damaged: {problem}"

    def test_zero_counts_accepted(self) -> None:
        """An empty table (0 rows, 0 bytes) is a valid entry: the range starts at 0."""
        tables = {n: e._asdict() for n, e in _entries("1.0.0").items()}
        tables["topics"] |= {"rows": 0, "bytes": 0}
        raw = json.dumps(
            {"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": tables}
        ).encode()
        entry = parse_manifest(raw, "x").tables["topics"]
        assert (entry.rows, entry.bytes) == (0, 0)

    def test_files_default_to_empty(self) -> None:
        """A manifest without ``files`` has none."""
        tables = {name: entry._asdict() for name, entry in _entries("1.0.0").items()}
        raw = json.dumps({"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": tables})
        assert parse_manifest(raw.encode(), "x").files == {}

    @given(st.text(alphabet="0123456789abcdefA g\n", min_size=62, max_size=66))
    def test_digests_are_64_lowercase_hex_digits(self, value: str) -> None:
        """A digest is accepted exactly when the regular expression of the format matches it whole."""
        tables = {n: e._asdict() for n, e in _entries("1.0.0").items()}
        tables["topics"]["sha256"] = value
        raw = json.dumps({"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": tables})
        expected = re.fullmatch(r"[0-9a-f]{64}", value) is not None
        try:
            accepted = parse_manifest(raw.encode(), "x").tables["topics"].sha256 == value
        except CorpusIntegrityError:
            accepted = False
        assert accepted is expected

    @given(st.text(alphabet="ab./\\:\x00\x1f\x7f\x85\xa0\u2028\u00e9", max_size=8))
    def test_file_names_oracle(self, name: str) -> None:
        """A file name is accepted exactly when no separator, leading dot or control character is in it."""
        control = re.search("[\x00-\x1f\x7f-\x9f]", name) is not None
        expected = (
            bool(name)
            and not name.startswith(".")
            and re.search(r"[/\\:]", name) is None
            and not control
            and name.isprintable()
        )
        try:
            accepted = check_file_name(name, "m", "f") == name
        except CorpusIntegrityError:
            accepted = False
        assert accepted is expected

    @pytest.mark.parametrize(
        "name", ["../t.parquet", "a/t.parquet", "a\\t.parquet", ".t.parquet", ".", "c:t", "t\x85", "t\u2028"]
    )
    def test_unsafe_file(self, name: str) -> None:
        """A file name with a separator or a leading dot is refused, naming it and its table."""
        tables = {n: e._asdict() for n, e in (_entries("1.0.0") | {"quotes": _entry(name)}).items()}
        raw = json.dumps(
            {"dataset_version": "1.0.0", "release_date": "2026-01-01", "tables": tables}
        ).encode()
        with pytest.raises(CorpusIntegrityError) as caught:
            parse_manifest(raw, "w")
        assert str(caught.value) == (
            f"The manifest w names an unsafe file {name!r} in tables.quotes.file: a manifest lists plain "
            "file names of the version's directory (no separator, no leading dot, no control character)"
        )


def _entry(file: str) -> TableEntry:
    return TableEntry(file=file, rows=1, sha256="0" * 64, bytes=2, schema_fingerprint="f" * 64)


def _entries(version: str) -> dict[str, TableEntry]:
    """An entry for each table a manifest of ``version`` must list."""
    return {name: _entry(f"{name}.parquet") for name in tables_in(version)}


def _copy_data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


class TestStore:
    """A store over a directory: its versions, their resolution, caching and checks."""

    def test_versions_ignore_other_entries(self, tmp_path: Path) -> None:
        """Only directories named MAJOR.MINOR.PATCH with a manifest count, sorted as numbers."""
        for name in ["1.10.0", "1.9.0", "2.0.0", "latest", "1.0", ".1.0.0"]:
            (tmp_path / name).mkdir()
            (tmp_path / name / "manifest.json").touch()
        (tmp_path / "3.0.0").write_text("a file, not a version", encoding="utf-8")
        (tmp_path / "4.0.0").mkdir()  # no manifest: an interrupted copy, not a version
        assert Store(tmp_path, "t").versions() == ["1.9.0", "1.10.0", "2.0.0"]

    def test_unlistable_root(self, tmp_path: Path) -> None:
        """A root that does not exist is an integrity error naming the store."""
        with pytest.raises(CorpusIntegrityError, match=r"^Cannot list dataset versions in the store: "):
            Store(tmp_path / "absent", "the store").versions()

    def test_resolve(self, tmp_path: Path) -> None:
        """None is the newest; a present version is itself; others list what is there."""
        for name in ["1.0.0", "1.2.0"]:
            (tmp_path / name).mkdir()
            (tmp_path / name / "manifest.json").touch()
        store = Store(tmp_path, "the store")
        assert store.resolve(None) == "1.2.0"
        assert store.resolve("1.0.0") == "1.0.0"
        with pytest.raises(UnknownVersionError) as caught:
            store.resolve("1.1.0")
        assert str(caught.value) == (
            "Dataset version '1.1.0' is not available in the store. Available versions: 1.0.0, 1.2.0"
        )

    def test_resolve_empty(self, tmp_path: Path) -> None:
        """An empty store says so, for the newest and for a named version."""
        store = Store(tmp_path, "the store")
        with pytest.raises(UnknownVersionError) as caught:
            store.resolve(None)
        assert str(caught.value) == "No dataset version is present in the store"
        with pytest.raises(UnknownVersionError) as caught:
            store.resolve("1.0.0")
        assert str(caught.value).endswith("Available versions: none")

    def test_cache_and_clear(self, tmp_path: Path) -> None:
        """Manifests and tables are read once; ``clear`` forgets them."""
        root = _copy_data(tmp_path)
        store = Store(root, "s")
        manifest, table = store.manifest("1.0.0"), store.table("topics", "1.0.0")
        assert store.manifest("1.0.0") is manifest
        assert store.table("topics", "1.0.0") is table
        assert store.table("topics") is not table  # the newest is another version
        store.clear()
        assert store.manifest("1.0.0") is not manifest
        assert store.table("topics", "1.0.0") is not table
        assert store.table("topics", "1.0.0").equals(table)

    def test_cached_table_survives_damage(self, tmp_path: Path) -> None:
        """Once read and checked, a table is served from memory; after ``clear`` the damage is caught."""
        root = _copy_data(tmp_path)
        store = Store(root, "s")
        table = store.table("topics", "1.0.1")
        (root / "1.0.1" / "topics.parquet").write_bytes(b"damaged")
        assert store.table("topics", "1.0.1") is table
        store.clear()
        with pytest.raises(
            CorpusIntegrityError, match=r"^s/1\.0\.1/topics\.parquet is damaged: its SHA-256 is "
        ):
            store.table("topics", "1.0.1")

    def test_table_values(self, tmp_path: Path) -> None:
        """A table read through the store equals the file read by pyarrow."""
        store = Store(_copy_data(tmp_path), "s")
        for name in tables_in("1.0.0"):
            assert store.table(name, "1.0.0").equals(pq.read_table(DATA / "1.0.0" / f"{name}.parquet"))

    def test_table_not_in_manifest(self, tmp_path: Path) -> None:
        """A manifest without an entry for a table of its version is damaged, for every table read."""
        root = _copy_data(tmp_path)
        manifest = json.loads((root / "1.0.0" / "manifest.json").read_text(encoding="utf-8"))
        del manifest["tables"]["topics"]
        (root / "1.0.0" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        store = Store(root, "s")
        message = (
            "The manifest s/1.0.0/manifest.json is damaged: it lacks table(s) topics (a manifest of "
            f"version 1.0.0 lists exactly {', '.join(tables_in('1.0.0'))})"
        )
        for name in ("topics", "quotes"):
            with pytest.raises(CorpusIntegrityError) as caught:
                store.table(name, "1.0.0")
            assert str(caught.value) == message
            with pytest.raises(CorpusIntegrityError) as caught:
                store.file_path("1.0.0", name)
            assert str(caught.value) == message
        assert store.file_path("1.0.1", "quotes") == root / "1.0.1" / "quotes.parquet"

    def test_table_added_later(self, tmp_path: Path) -> None:
        """A table a version predates is an UnknownTableError naming the version that added it."""
        store = Store(_copy_data(tmp_path), "s")
        for read in (lambda: store.table("errata", "1.0.1"), lambda: store.file_path("1.0.1", "errata")):
            with pytest.raises(UnknownTableError) as caught:
                read()
            assert str(caught.value) == (
                "Dataset version 1.0.1 has no table 'errata': it was added in 1.1.0. Load version 1.1.0 or later"
            )
        assert store.file_path("1.1.0", "errata") == store.root / "1.1.0" / "errata.parquet"

    def test_schema_fingerprint_checked(self, tmp_path: Path) -> None:
        """A file whose schema is not the one the manifest records is refused, digest updated or not."""
        root = _copy_data(tmp_path)
        path = root / "1.0.0" / "topics.parquet"
        table = pq.read_table(path)
        pq.write_table(table.rename_columns([*table.column_names[:-1], "other"]), path)
        manifest = json.loads((root / "1.0.0" / "manifest.json").read_text(encoding="utf-8"))
        manifest["tables"]["topics"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        (root / "1.0.0" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(CorpusIntegrityError) as caught:
            Store(root, "s").table("topics", "1.0.0")
        assert str(caught.value) == (
            "s/1.0.0/topics.parquet does not have the schema the manifest records for table 'topics'"
        )

    def test_not_parquet(self, tmp_path: Path) -> None:
        """Bytes that match the digest but are not Parquet are refused as unreadable."""
        root = _copy_data(tmp_path)
        path = root / "1.0.0" / "topics.parquet"
        path.write_bytes(b"PAR1 not really")
        manifest = json.loads((root / "1.0.0" / "manifest.json").read_text(encoding="utf-8"))
        manifest["tables"]["topics"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        (root / "1.0.0" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(
            CorpusIntegrityError, match=r"^s/1\.0\.0/topics\.parquet is not a readable Parquet file: "
        ):
            Store(root, "s").table("topics", "1.0.0")

    def test_polars_read_checked_and_cached(self, tmp_path: Path) -> None:
        """Polars frames: one per (version, table), kept; not Parquet, wrong count or wrong schema refused."""
        root = _copy_data(tmp_path)
        store = Store(root, "s")
        topics = store.polars("topics", "1.0.0")
        assert store.polars("topics", "1.0.0") is topics
        assert (
            store.polars("people", "1.0.0").columns == pq.read_schema(root / "1.0.0" / "people.parquet").names
        )
        assert topics.height == pq.read_metadata(root / "1.0.0" / "topics.parquet").num_rows

        def damage(rows: int | None = None, content: bytes | None = None, rename: bool = False) -> Store:
            path = root / "1.0.1" / "topics.parquet"
            if content is not None:
                path.write_bytes(content)
            if rename:
                table = pq.read_table(path)
                pq.write_table(table.rename_columns([*table.column_names[:-1], "other"]), path)
            manifest = json.loads((root / "1.0.1" / "manifest.json").read_text(encoding="utf-8"))
            manifest["tables"]["topics"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
            if rows is not None:
                manifest["tables"]["topics"]["rows"] = rows
            (root / "1.0.1" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            return Store(root, "s")

        original = (root / "1.0.1" / "topics.parquet").read_bytes()
        count = pq.read_metadata(root / "1.0.1" / "topics.parquet").num_rows
        for read in ("table", "polars"):
            with pytest.raises(CorpusIntegrityError) as caught:
                getattr(damage(rows=count + 1, content=original), read)("topics", "1.0.1")
            assert (
                str(caught.value)
                == f"s/1.0.1/topics.parquet has {count} rows but the manifest says {count + 1}"
            )
            with pytest.raises(CorpusIntegrityError) as caught:
                getattr(damage(rows=count, content=original, rename=True), read)("topics", "1.0.1")
            assert str(caught.value) == (
                "s/1.0.1/topics.parquet does not have the schema the manifest records for table 'topics'"
            )
            with pytest.raises(
                CorpusIntegrityError, match=r"^s/1\.0\.1/topics\.parquet is not a readable Parquet file: "
            ):
                getattr(damage(rows=count, content=b"PAR1 not really"), read)("topics", "1.0.1")

    def test_verified_bytes(self, tmp_path: Path) -> None:
        """The bytes come back when the digest matches; otherwise both digests are named."""
        root = _copy_data(tmp_path)
        store = Store(root, "s")
        raw = (root / "1.0.0" / "topics.parquet").read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        assert store.verified_bytes("1.0.0", "topics.parquet", digest) == raw
        with pytest.raises(CorpusIntegrityError) as caught:
            store.verified_bytes("1.0.0", "topics.parquet", "0" * 64)
        assert str(caught.value) == (
            f"s/1.0.0/topics.parquet is damaged: its SHA-256 is {digest} but the manifest expects "
            f"{'0' * 64}. Reinstall the package (from a clone of the repository: "
            "python -m pip install --force-reinstall .) or rebuild the version"
        )
        with pytest.raises(CorpusIntegrityError) as caught:
            store.verified_bytes("1.0.0", "absent.parquet", digest)
        assert str(caught.value) == "Cannot read s/1.0.0/absent.parquet: No such file or directory"

    def test_table_missing_from_a_parsed_manifest(self, tmp_path: Path) -> None:
        """A manifest object without a table its version has is damaged, not an unknown table.

        Parsing refuses such a file first (see test_table_not_in_manifest); this guards the
        store's own check for a manifest that came another way.
        """
        store = Store(_copy_data(tmp_path), "s")
        manifest = store.manifest("1.0.0")
        tables = {name: entry for name, entry in manifest.tables.items() if name != "topics"}
        store._manifests["1.0.0"] = Manifest(manifest.dataset_version, manifest.release_date, tables, {})
        with pytest.raises(CorpusIntegrityError) as caught:
            store.table("topics", "1.0.0")
        assert str(caught.value) == "The manifest of s/1.0.0 lists no table 'topics'"

    def test_metadata_bytes_of_the_version_asked(self, tmp_path: Path) -> None:
        """metadata_bytes reads the asked version's listed file, checked; None for an unlisted one."""
        root = _copy_data(tmp_path)
        store = Store(root, "s")
        old = store.metadata_bytes("1.0.0", "datapackage.json")
        assert old == (root / "1.0.0" / "datapackage.json").read_bytes()
        assert old != (root / store.versions()[-1] / "datapackage.json").read_bytes()
        assert store.metadata_bytes("1.0.0", "not-listed.json") is None
        (root / "1.0.0" / "datapackage.json").write_bytes(old + b" ")
        with pytest.raises(CorpusIntegrityError, match=r"datapackage\.json is damaged"):
            Store(root, "s").metadata_bytes("1.0.0", "datapackage.json")

    def test_data_root_is_the_package_directory(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Installed as files, the data is found as a plain path; elsewhere through importlib.resources."""
        found = storage._data_root()
        assert isinstance(found, Path)
        assert found == Path(dlc.__file__).resolve().parent / "data"
        monkeypatch.setattr(storage, "__file__", "/nonexistent/digital_labor_corpus/store/storage.py")
        fallback = storage._data_root()
        assert str(fallback) == str(files("digital_labor_corpus").joinpath("data"))
        assert sorted(child.name for child in fallback.iterdir() if child.name[0].isdigit()) == sorted(
            dlc.versions()
        )

    def test_shipped_store_is_one(self) -> None:
        """The shipped store is created once per process, over the package's data directory."""
        assert storage.shipped_store() is storage.shipped_store()
        assert storage.shipped_store().versions() == dlc.versions()
        assert storage.shipped_store().name == "the package's data directory"
