"""Exports: every format reads back into the source tables; SQLite and xlsx carry the schema."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.exceptions import (
    ExportError,
    InvalidArgumentError,
    MissingDependencyError,
    UnknownTableError,
    UnknownVersionError,
)
from digital_labor_corpus.publishing.exporting import (
    ANNOTATION_FORMATS,
    DATASETTE_METADATA,
    FORMATS,
    SQLITE_FILE,
    TABLE_FORMATS,
    XLSX_FILE,
    ExportProgress,
    check_format,
    export,
    export_tables,
)
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.convert import records_to_rows
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.tables import TABLES as PLAIN
from digital_labor_corpus.schema.vocabularies import VOCABULARIES
from digital_labor_corpus.store.storage import shipped_store

from .readers import READERS
from .strategies import RECORD_STRATEGIES

NEWEST = dlc.versions()[-1]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table of the newest version exported once in each table format."""
    directories: dict[str, Path] = {}
    for fmt in TABLE_FORMATS:
        out = tmp_path_factory.mktemp(fmt)
        export(out, fmt)
        directories[fmt] = out
    return directories


def _sqlite(directory: Path) -> sqlite3.Connection:
    return sqlite3.connect(directory / SQLITE_FILE)


class TestCheckFormat:
    """check_format accepts the eight formats and names them when refusing another."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_accepts(self, fmt: str) -> None:
        """Each documented format is returned unchanged."""
        assert check_format(fmt) == fmt

    @pytest.mark.parametrize("bad", ["XLSX", "tsv", "", None, 3])
    def test_refuses_with_the_list(self, bad: object) -> None:
        """Anything else raises InvalidArgumentError listing the accepted formats."""
        with pytest.raises(
            InvalidArgumentError,
            match=r"Accepted formats: csv, jsonl, parquet, sqlite, xlsx, tei, webannotation, brat\.",
        ):
            check_format(bad)

    def test_table_and_annotation_formats_partition_the_formats(self) -> None:
        """Every format writes either tables or annotated text, never both."""
        assert set(TABLE_FORMATS) | set(ANNOTATION_FORMATS) == set(FORMATS)
        assert not set(TABLE_FORMATS) & set(ANNOTATION_FORMATS)


class TestExportRoundTrip:
    """Reading an export back with ordinary readers gives tables equal to the shipped ones."""

    @pytest.mark.parametrize("fmt", TABLE_FORMATS)
    @pytest.mark.parametrize("table", list(TABLES))
    def test_round_trip(self, exported: dict[str, Path], fmt: str, table: str) -> None:
        """Every table, in every format, reads back equal to the source table, schema included."""
        source = dlc.load(table)
        back = READERS[fmt](exported[fmt], table)
        assert back.schema.equals(source.schema)
        assert back.equals(source)

    def test_parquet_files_are_the_shipped_bytes(self, exported: dict[str, Path]) -> None:
        """The Parquet export copies the shipped files byte for byte, with their package metadata."""
        store = shipped_store()
        manifest = store.manifest(NEWEST)
        for name, entry in manifest.tables.items():
            assert (exported["parquet"] / f"{name}.parquet").read_bytes() == store.verified_bytes(
                NEWEST, entry.file, entry.sha256
            )
        package = json.loads((exported["parquet"] / "datapackage.json").read_text(encoding="utf-8"))
        assert {resource["path"] for resource in package["resources"]} == {
            f"{name}.parquet" for name in TABLES
        }
        assert (exported["parquet"] / "croissant.json").is_file()

    def test_parquet_export_is_a_valid_data_package(self, exported: dict[str, Path]) -> None:
        """frictionless validates the exported directory's datapackage.json with no error."""
        from frictionless import validate

        report = validate(str(exported["parquet"] / "datapackage.json"))
        assert [(t.name, e.message) for t in report.tasks for e in t.errors] == []

    def test_csv_is_rfc_4180_utf8(self, exported: dict[str, Path]) -> None:
        """CSV files are UTF-8 without a byte-order mark, CRLF-terminated, header first."""
        raw = (exported["csv"] / "topics.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert raw.startswith(b"topic_id,label_en,label_fr,description_en\r\n")

    def test_csv_lists_are_json_arrays(self, exported: dict[str, Path]) -> None:
        """A topics cell is the JSON array of the row's topic ids."""
        import csv

        with (exported["csv"] / "quotes.csv").open(encoding="utf-8", newline="") as stream:
            first = next(csv.DictReader(stream))
        assert json.loads(first["topics"]) == dlc.load("quotes").column("topics")[0].as_py()
        assert first["topics"].startswith('["')

    def test_nulls_are_empty_cells(self, exported: dict[str, Path]) -> None:
        """A null is an empty CSV cell, and no CSV cell of a non-null value is empty."""
        import csv

        source = dlc.load("appearances").to_pylist()
        with (exported["csv"] / "appearances.csv").open(encoding="utf-8", newline="") as stream:
            for row, original in zip(csv.DictReader(stream), source, strict=True):
                for column, value in original.items():
                    assert (row[column] == "") == (value is None), column


def _frictionless_rows(directory: Path, table: str) -> list[dict[str, Any]]:
    """The rows of one table as frictionless reads them through the export's datapackage.json."""
    from frictionless import Package

    package = Package(str(directory / "datapackage.json"))
    return [row.to_dict() for row in package.get_resource(table).read_rows()]  # type: ignore[attr-defined]


class TestTabularDataPackage:
    """The CSV and JSON Lines exports are Frictionless tabular data packages, read back exactly."""

    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    def test_frictionless_command_line_validates(self, exported: dict[str, Path], fmt: str) -> None:
        """``frictionless validate datapackage.json`` passes with no flags on the export."""
        result = subprocess.run(
            [sys.executable, "-m", "frictionless", "validate", "datapackage.json"],
            cwd=exported[fmt],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count("VALID") == len(TABLES)

    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    @pytest.mark.parametrize("table", list(TABLES))
    def test_round_trip_values_and_types(self, exported: dict[str, Path], fmt: str, table: str) -> None:
        """Read with frictionless, every cell has the Parquet value and its Python type (date, int, list ...)."""
        expected = dlc.load(table).to_pylist()
        rows = _frictionless_rows(exported[fmt], table)
        assert rows == expected
        kinds = {(column, type(row[column]).__name__) for row in rows for column in row}
        assert kinds == {(column, type(row[column]).__name__) for row in expected for column in row}

    def test_field_types_and_keys(self, exported: dict[str, Path]) -> None:
        """Dates are ISO dates, lists arrays of strings, the empty cell missing, keys declared."""
        package = json.loads((exported["csv"] / "datapackage.json").read_text(encoding="utf-8"))
        quotes = next(r for r in package["resources"] if r["name"] == "quotes")
        fields = {f["name"]: f for f in quotes["schema"]["fields"]}
        assert (fields["topics"]["type"], fields["topics"]["arrayItem"]) == ("array", {"type": "string"})
        assert quotes["schema"]["missingValues"] == [""]
        assert quotes["schema"]["primaryKey"] == ["quote_id"]
        assert {"fields": ["speaker_id"], "reference": {"resource": "people", "fields": ["person_id"]}} in (
            quotes["schema"]["foreignKeys"]
        )
        appearances = next(r for r in package["resources"] if r["name"] == "appearances")
        date = next(f for f in appearances["schema"]["fields"] if f["name"] == "date")
        assert (date["type"], date["format"]) == ("date", "default")
        assert package["version"] == NEWEST

    def test_partial_export_refers_to_exported_tables_only(self, tmp_path: Path) -> None:
        """A selection's foreign keys name only exported tables, and frictionless reads it."""
        from frictionless import validate

        export(tmp_path, "csv", tables=["quotes"])
        package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
        (quotes,) = package["resources"]
        assert [key["reference"]["resource"] for key in quotes["schema"]["foreignKeys"]] == ["quotes"]
        report = validate(str(tmp_path / "datapackage.json"))
        assert [(t.name, e.message) for t in report.tasks for e in t.errors] == []

    def test_export_tables_has_no_version(self, tmp_path: Path) -> None:
        """A selection written by export_tables names no dataset version."""
        export_tables({"topics": dlc.load("topics")}, tmp_path, "jsonl")
        package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
        assert "version" not in package
        assert _frictionless_rows(tmp_path, "topics") == dlc.load("topics").to_pylist()


class TestExportOptions:
    """Tables, version, progress and the output directory behave as documented."""

    def test_tables_in_order_once(self, tmp_path: Path) -> None:
        """Tables are exported in the order given, a repeated name once."""
        result = export(tmp_path, "csv", tables=["topics", "people", "topics"])
        assert list(result.rows) == ["topics", "people"]
        assert [p.name for p in result.files] == ["topics.csv", "people.csv", "datapackage.json"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["datapackage.json", "people.csv", "topics.csv"]

    def test_rows_and_version(self, tmp_path: Path) -> None:
        """The result names the version and each table's row count."""
        result = export(tmp_path, "jsonl", version=NEWEST)
        assert result.version == NEWEST
        assert result.directory == tmp_path
        assert result.rows == {name: dlc.load(name).num_rows for name in TABLES}

    def test_progress_once_per_table(self, tmp_path: Path) -> None:
        """The progress callback is called after each table, counting up to the total."""
        steps: list[ExportProgress] = []
        export(tmp_path, "sqlite", tables=["topics", "quotes", "claims"], progress=steps.append)
        assert [(s.table, s.done, s.total) for s in steps] == [
            ("topics", 1, 3),
            ("quotes", 2, 3),
            ("claims", 3, 3),
        ]
        assert all(s.path == tmp_path / SQLITE_FILE for s in steps)
        assert [s.rows for s in steps] == [dlc.load(t).num_rows for t in ("topics", "quotes", "claims")]

    def test_creates_the_directory(self, tmp_path: Path) -> None:
        """A missing output directory is created with its parents."""
        out = tmp_path / "a" / "b"
        export(out, "csv", tables=["topics"])
        assert (out / "topics.csv").is_file()

    def test_replaces_and_leaves_no_temporary_file(self, tmp_path: Path) -> None:
        """A second export replaces the files and leaves nothing else behind."""
        (tmp_path / "topics.csv").write_text("stale", encoding="utf-8")
        export(tmp_path, "csv", tables=["topics"])
        export(tmp_path, "sqlite", tables=["topics"])
        export(tmp_path, "sqlite", tables=["topics"])
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [DATASETTE_METADATA, SQLITE_FILE, "topics.csv", "datapackage.json"]
        )
        assert (tmp_path / "topics.csv").read_text(encoding="utf-8").startswith("topic_id,")

    def test_files_follow_the_umask(self, tmp_path: Path) -> None:
        """Exported files get the permissions a plain open() would give them."""
        umask = os.umask(0o022)
        try:
            export(tmp_path, "jsonl", tables=["topics"])
        finally:
            os.umask(umask)
        assert (tmp_path / "topics.jsonl").stat().st_mode & 0o777 == 0o644

    def test_partial_parquet_has_no_package_metadata(self, tmp_path: Path) -> None:
        """datapackage.json describes every table, so a partial Parquet export leaves it out."""
        result = export(tmp_path, "parquet", tables=["quotes"])
        assert [p.name for p in result.files] == ["quotes.parquet"]

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({"tables": ["quote"]}, UnknownTableError, "Unknown table 'quote'"),
            ({"tables": "quotes"}, InvalidArgumentError, r"for one table write tables=\['quotes'\]"),
            ({"tables": []}, InvalidArgumentError, "tables is empty"),
            ({"version": "9.9.9"}, UnknownVersionError, "Dataset version '9.9.9' is not available"),
        ],
    )
    def test_bad_arguments(self, tmp_path: Path, kwargs: dict[str, Any], error: type, message: str) -> None:
        """Bad tables or versions raise the corpus's errors and write nothing."""
        with pytest.raises(error, match=message):
            export(tmp_path / "out", "csv", **kwargs)
        assert not (tmp_path / "out").exists()

    def test_output_path_is_a_file(self, tmp_path: Path) -> None:
        """An output path that is a file raises ExportError naming it."""
        target = tmp_path / "file"
        target.write_text("x", encoding="utf-8")
        with pytest.raises(ExportError, match=r"Cannot create the export directory .*file"):
            export(target, "csv")


class TestSqlite:
    """The SQLite export declares the schema's types and keys and has Datasette metadata."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_primary_key_and_types(self, exported: dict[str, Path], table: str) -> None:
        """The primary key, the NOT NULL columns and the declared types follow the schema."""
        database = _sqlite(exported["sqlite"])
        try:
            info = database.execute(f'PRAGMA table_info("{table}")').fetchall()
        finally:
            database.close()
        schema = arrow_schema(table)
        assert [row[1] for row in info] == list(PLAIN[table].columns_in(NEWEST))  # the version's columns
        assert [row[1] for row in info if row[5]] == [TABLES[table].primary_key]
        for _, column, declared, not_null, _, _ in info:
            field = schema.field(column)
            assert bool(not_null) == (not field.nullable), column
            expected = {"int64": "INTEGER", "double": "REAL"}.get(str(field.type), "TEXT")
            if pa.types.is_boolean(field.type):
                expected = "INTEGER"
            assert declared == expected, column

    @pytest.mark.parametrize("table", list(TABLES))
    def test_foreign_keys(self, exported: dict[str, Path], table: str) -> None:
        """Every ``references`` of the schema (but the topics lists) is a declared foreign key."""
        database = _sqlite(exported["sqlite"])
        try:
            declared = {
                (row[3], f"{row[2]}.{row[4]}")
                for row in database.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            }
        finally:
            database.close()
        expected = {
            (field.name, field.metadata["references"])
            for field in attrs.fields(TABLES[table].record)
            if field.metadata.get("references")
            and field.name != "topics"
            and field.name in PLAIN[table].columns_in(NEWEST)
        }
        assert declared == expected

    def test_keys_hold(self, exported: dict[str, Path]) -> None:
        """SQLite's own foreign-key and integrity checks find nothing wrong."""
        database = _sqlite(exported["sqlite"])
        try:
            assert database.execute("PRAGMA foreign_key_check").fetchall() == []
            assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            database.close()

    def test_constraints_refuse_bad_rows(self, exported: dict[str, Path], tmp_path: Path) -> None:
        """The vocabulary checks, the foreign keys and the primary key refuse bad rows."""
        copy = tmp_path / "copy.db"
        copy.write_bytes((exported["sqlite"] / SQLITE_FILE).read_bytes())
        database = sqlite3.connect(copy)
        try:
            database.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                database.execute("UPDATE appearances SET medium = 'cinema'")
            with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
                database.execute("UPDATE quotes SET speaker_id = 'nobody'")
            with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
                database.execute("INSERT INTO topics SELECT * FROM topics LIMIT 1")
        finally:
            database.close()

    def test_topics_unnest_with_json_each(self, exported: dict[str, Path]) -> None:
        """json_each over a topics cell gives the row's topic ids, as the docs say."""
        database = _sqlite(exported["sqlite"])
        try:
            pairs = database.execute(
                "SELECT q.quote_id, t.value FROM quotes AS q, json_each(q.topics) AS t"
            ).fetchall()
        finally:
            database.close()
        quotes = dlc.load("quotes").to_pylist()
        assert pairs == [(q["quote_id"], topic) for q in quotes for topic in q["topics"]]

    def test_datasette_metadata(self, exported: dict[str, Path]) -> None:
        """metadata.json carries every table's and column's description, with vocabularies."""
        metadata = json.loads((exported["sqlite"] / DATASETTE_METADATA).read_text(encoding="utf-8"))
        assert NEWEST in metadata["title"]
        assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
        tables = metadata["databases"]["digital-labor-corpus"]["tables"]
        assert list(tables) == list(TABLES)
        for name, spec in TABLES.items():
            assert tables[name]["description"] == spec.description
            columns = tables[name]["columns"]
            assert list(columns) == list(PLAIN[name].columns_in(NEWEST))  # the exported version's
            for field in attrs.fields(spec.record):
                if field.name in columns:
                    assert columns[field.name].startswith(field.metadata["description"])
        assert "One of: press, radio" in tables["appearances"]["columns"]["medium"]
        assert tables["people"]["label_column"] == "name"

    def test_partial_export_references_only_exported_tables(self, tmp_path: Path) -> None:
        """A partial export declares foreign keys to the exported tables only."""
        export(tmp_path, "sqlite", tables=["quotes", "people"])
        database = _sqlite(tmp_path)
        try:
            targets = {row[2] for row in database.execute('PRAGMA foreign_key_list("quotes")').fetchall()}
        finally:
            database.close()
        assert targets == {"quotes", "people"}


class TestXlsx:
    """The xlsx export: one sheet per table, a data dictionary, long values continued."""

    def test_sheets(self, exported: dict[str, Path]) -> None:
        """The workbook has an about sheet, one sheet per table and a data dictionary."""
        import openpyxl

        book = openpyxl.load_workbook(exported["xlsx"] / XLSX_FILE, read_only=True)
        try:
            assert book.sheetnames == ["about", *TABLES, "data dictionary"]
            dictionary = list(book["data dictionary"].iter_rows(values_only=True))
        finally:
            book.close()
        assert dictionary[0][:5] == ("table", "column", "type", "nullable", "description")
        assert len(dictionary) - 1 == sum(len(PLAIN[name].columns_in(NEWEST)) for name in TABLES)
        medium = next(row for row in dictionary if row[:2] == ("appearances", "medium"))
        assert medium[5] == ", ".join(VOCABULARIES["medium"])

    def test_long_text_is_continued(self, exported: dict[str, Path]) -> None:
        """The source text, longer than a cell holds, is cut over 'text' and 'text (2)' ..."""
        import openpyxl

        book = openpyxl.load_workbook(exported["xlsx"] / XLSX_FILE, read_only=True)
        try:
            header, first = list(book["sources"].iter_rows(values_only=True, max_row=2))
        finally:
            book.close()
        text = dlc.load("sources").column("text")[0].as_py()
        added = header[len(TABLES["sources"].columns) :]
        assert added == tuple(f"text ({n})" for n in range(2, len(added) + 2))
        pieces = [first[header.index("text")], *first[len(TABLES["sources"].columns) :]]
        assert all(len(piece) <= 32_767 for piece in pieces)
        assert "".join(pieces) == text

    def _topics(self, **changes: str) -> pa.Table:
        row = {"topic_id": "t", "label_en": "T", "label_fr": "T", "description_en": "A topic."} | changes
        return pa.Table.from_pylist([row], schema=arrow_schema("topics"))

    def test_text_is_never_a_formula(self, tmp_path: Path) -> None:
        """A value starting with '=' is stored as text, not as a formula."""
        import openpyxl

        export_tables({"topics": self._topics(label_en="=1+1")}, tmp_path, "xlsx")
        book = openpyxl.load_workbook(tmp_path / XLSX_FILE)
        cell = book["topics"]["B2"]
        assert (cell.value, cell.data_type) == ("=1+1", "s")

    def test_escape_lookalike_is_refused(self, tmp_path: Path) -> None:
        """Text that a spreadsheet would read as an escape (_x0041_) is refused, not altered."""
        with pytest.raises(InvalidArgumentError, match="'_x0041_', which a spreadsheet would read as"):
            export_tables({"topics": self._topics(label_en="a _x0041_ b")}, tmp_path, "xlsx")

    @pytest.mark.parametrize("char", ["\x00", "\x0b", "\r", "\x1f"])
    def test_control_characters_are_refused(self, tmp_path: Path, char: str) -> None:
        """A control character a spreadsheet cannot keep is an error naming the cell."""
        with pytest.raises(InvalidArgumentError, match=r"table 'topics', column 'label_fr', row 1 as xlsx"):
            export_tables({"topics": self._topics(label_fr=f"a{char}b")}, tmp_path, "xlsx")
        assert not (tmp_path / XLSX_FILE).exists()

    def test_missing_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl the export raises MissingDependencyError naming the extra."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(MissingDependencyError, match=r"python -m pip install '\.\[xlsx\]'"):
            export(tmp_path, "xlsx", tables=["topics"])


def _tables_of(records: dict[str, list[Any]]) -> dict[str, pa.Table]:
    return {
        name: pa.Table.from_pylist(records_to_rows(rows), schema=arrow_schema(name))
        for name, rows in records.items()
    }


def _unique_records(name: str) -> st.SearchStrategy[list[Any]]:
    key = TABLES[name].primary_key

    def primary_key(record: Any) -> Any:
        return getattr(record, key)

    return st.lists(RECORD_STRATEGIES[name], max_size=4, unique_by=primary_key)


_corpus_tables = st.fixed_dictionaries({name: _unique_records(name) for name in TABLES}).map(_tables_of)

_XLSX_REFUSED = set(map(chr, [*range(0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))


def _holds_refused_character(tables: dict[str, pa.Table]) -> bool:
    return any(
        isinstance(value, str) and bool(_XLSX_REFUSED & set(value) or re.search(r"_x[0-9A-Fa-f]{4}_", value))
        for table in tables.values()
        for row in table.to_pylist()
        for value in row.values()
    )


def _spreadsheet_safe(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The same tables with every character a spreadsheet refuses replaced by '?'."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            value = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"?\1", value)
            return "".join("?" if char in _XLSX_REFUSED else char for char in value)
        return value

    return {
        name: pa.Table.from_pylist(
            [{k: clean(v) for k, v in row.items()} for row in table.to_pylist()], schema=table.schema
        )
        for name, table in tables.items()
    }


class TestExportTables:
    """export_tables writes any corpus-shaped tables, and they read back equal."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tables=_corpus_tables, fmt=st.sampled_from(TABLE_FORMATS))
    def test_round_trip_property(self, tables: dict[str, pa.Table], fmt: str) -> None:
        """Arbitrary valid records (any text, float, date) survive a round trip in every format."""
        with tempfile.TemporaryDirectory() as out:
            if fmt == "xlsx" and _holds_refused_character(tables):
                with pytest.raises(InvalidArgumentError, match="as xlsx"):
                    export_tables(tables, out, fmt)
                return
            result = export_tables(tables, out, fmt)
            assert result.version is None
            for name, table in tables.items():
                assert READERS[fmt](Path(out), name).equals(table), name

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tables=_corpus_tables.map(_spreadsheet_safe))
    def test_xlsx_round_trip_property(self, tables: dict[str, pa.Table]) -> None:
        """Any values a spreadsheet can hold (any other text, float, date) survive the xlsx round trip."""
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "xlsx")
            for name, table in tables.items():
                assert READERS["xlsx"](Path(out), name).equals(table), name

    def test_selection(self, tmp_path: Path) -> None:
        """A filtered table exports just its rows."""
        quotes = dlc.load("quotes")
        answers = quotes.filter(pa.compute.equal(quotes["kind"], "answer"))
        result = export_tables({"quotes": answers}, tmp_path, "jsonl")
        assert result.rows == {"quotes": answers.num_rows}
        assert READERS["jsonl"](tmp_path, "quotes").equals(answers)

    def test_wrong_columns(self, tmp_path: Path) -> None:
        """A table without the corpus table's columns is refused with the expected columns."""
        quotes = dlc.load("quotes").select(["quote_id", "text"])
        with pytest.raises(InvalidArgumentError, match="needs exactly the columns of the quotes table"):
            export_tables({"quotes": quotes}, tmp_path, "csv")

    def test_sqlite_constraint_broken(self, tmp_path: Path) -> None:
        """Rows that break the SQLite schema (a repeated key) are refused, and no database is left."""
        topics = dlc.load("topics")
        twice = pa.concat_tables([topics, topics])
        with pytest.raises(InvalidArgumentError, match=r"UNIQUE constraint failed: topics\.topic_id"):
            export_tables({"topics": twice}, tmp_path, "sqlite")
        assert list(tmp_path.iterdir()) == []

    def test_not_a_table(self, tmp_path: Path) -> None:
        """A value that is not a pyarrow.Table is refused."""
        with pytest.raises(InvalidArgumentError, match=r"must be a pyarrow\.Table, not list"):
            export_tables({"quotes": []}, tmp_path, "csv")

    def test_unknown_table(self, tmp_path: Path) -> None:
        """A key that is not a corpus table raises UnknownTableError."""
        with pytest.raises(UnknownTableError):
            export_tables({"quote": dlc.load("quotes")}, tmp_path, "csv")


class TestOlderVersion:
    """A version before 1.1.0 exports with its own tables and columns."""

    @pytest.mark.parametrize("fmt", ["sqlite", "xlsx", "csv"])
    def test_own_schema(self, tmp_path: Path, fmt: str) -> None:
        """1.0.1 exports its nine tables, without errata and without the columns 1.1.0 added."""
        result = export(tmp_path, fmt, version="1.0.1")
        assert set(result.rows) == set(dlc.tables("1.0.1"))
        assert "errata" not in result.rows
        if fmt == "sqlite":
            with sqlite3.connect(tmp_path / "digital-labor-corpus.db") as database:
                columns = [row[1] for row in database.execute("PRAGMA table_info(people)")]
            assert columns == list(dlc.load("people", version="1.0.1").column_names)

    @pytest.mark.parametrize("fmt", ["sqlite", "csv"])
    def test_selection_of_an_older_version(self, tmp_path: Path, fmt: str) -> None:
        """A selection of 1.0.1's tables exports with 1.0.1's columns, not today's."""
        people = dlc.load("people", version="1.0.1").slice(0, 3)
        result = export_tables({"people": people}, tmp_path, fmt)
        assert result.rows == {"people": 3}
        if fmt == "csv":
            package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
            fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
            assert fields == people.column_names
