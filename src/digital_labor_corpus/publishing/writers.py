"""The machinery of :mod:`digital_labor_corpus.publishing.exporting`: one writer per format.

Every file is written to a temporary file beside its destination and moved into place
once complete, so that an interrupted export never leaves a half-written file under the
final name.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from digital_labor_corpus.exceptions import (
    CorpusError,
    CorpusIntegrityError,
    ExportError,
    InvalidArgumentError,
    MissingDependencyError,
)
from digital_labor_corpus.publishing.cells import json_value, list_cell, text_cell
from digital_labor_corpus.publishing.files import atomic as _atomic
from digital_labor_corpus.publishing.formats import (
    DATASETTE_METADATA,
    SQLITE_FILE,
    XLSX_FILE,
    ExportFormat,
    ExportProgress,
    ExportResult,
    Progress,
)
from digital_labor_corpus.queries.fulltext import INDEXED, check_fts5, fill_sql, fts_table_sql, register_fold
from digital_labor_corpus.schema.catalog import schema_versions
from digital_labor_corpus.schema.records import TABLES

if TYPE_CHECKING:
    import sqlite3

    import pyarrow as pa

    from digital_labor_corpus.store.storage import Store

__all__ = ["XLSX_CELL_LIMIT", "conform", "copy_parquet", "guarded", "output_directory", "write"]

XLSX_CELL_LIMIT: Final = 32_767
"""The most characters (UTF-16 code units) that one spreadsheet cell holds."""

_DICTIONARY_SHEET = "data dictionary"
_ABOUT_SHEET = "about"
# Datasette shows a foreign key as the label column of the row it points to.
_LABEL_COLUMNS = {
    "appearances": "outlet",
    "sources": "title",
    "people": "name",
    "places": "name_en",
    "topics": "label_en",
}
# The facets Datasette opens each table with: its vocabularies, who speaks, where, and the
# topics (a JSON array in SQLite, faceted by element).
_FACETS: dict[str, list[str | dict[str, str]]] = {
    "appearances": ["medium", "genre", "language"],
    "quotes": ["speaker_id", "kind", {"array": "topics"}],
    "claims": ["claimant_id", "claim_type", {"array": "topics"}],
    "statistics": ["unit", "per", "place_id"],
    "places": ["kind"],
    "place_mentions": ["role", "place_id"],
}
# JSON leaves these unescaped, but str.splitlines() and some JSON Lines readers break lines at them.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
# XML 1.0 cannot hold these; a carriage return would be read back as a newline.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x0d\x0e-\x1f\ufffe\uffff]")
# Spreadsheets read _xHHHH_ in a cell's text as the character U+HHHH; openpyxl does not.
_XLSX_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def conform(name: str, table: object) -> pa.Table:
    """Return ``table`` cast to the schema of corpus table ``name``, or raise."""
    import pyarrow as pa

    from digital_labor_corpus.schema.arrow import arrow_schema

    schema = arrow_schema(name)
    if not isinstance(table, pa.Table):
        message = f"tables[{name!r}] must be a pyarrow.Table, not {type(table).__name__}"
        raise InvalidArgumentError(message)
    for version in reversed(schema_versions()):  # a selection of an older version keeps its schema
        if table.column_names != schema.names and table.column_names == list(
            TABLES[name].columns_in(version)
        ):
            schema = arrow_schema(name, version)
    if table.column_names != schema.names:
        message = (
            f"tables[{name!r}] has the columns {', '.join(table.column_names)}; an export needs "
            f"exactly the columns of the {name} table, in order: {', '.join(schema.names)}"
        )
        raise InvalidArgumentError(message)
    try:
        return table.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as error:
        message = f"tables[{name!r}] does not fit the schema of the {name} table: {error}"
        raise InvalidArgumentError(message) from None


def schema_version(data: Mapping[str, pa.Table], version: str | None) -> str | None:
    """The dataset version whose schema ``data`` has: ``version``, or the one its columns match.

    A selection (``version`` None) of today's tables gives None; a selection of 1.0.1's
    tables, which lack the columns 1.1.0 added, gives ``"1.0.0"``.
    """
    if version is not None or all(t.column_names == list(TABLES[n].columns) for n, t in data.items()):
        return version
    for candidate in reversed(schema_versions()):
        if all(t.column_names == list(TABLES[n].columns_in(candidate)) for n, t in data.items()):
            return candidate
    return None


def output_directory(out_dir: str | os.PathLike[str]) -> Path:
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = f"Cannot create the export directory {out}: {reason}"
        raise ExportError(message) from None
    return out


def guarded(fmt: ExportFormat, out: Path, run: Callable[[], ExportResult]) -> ExportResult:
    """Run an export, turning operating-system errors into :class:`ExportError`."""
    try:
        return run()
    except CorpusError:
        raise
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        where = f" ({error.filename})" if error.filename else ""
        message = f"Cannot write the {fmt} export into {out}: {reason}{where}"
        raise ExportError(message) from None


def _rows(table: pa.Table) -> Iterator[tuple[Any, ...]]:
    """The rows of ``table`` as tuples of Python values, batch by batch."""
    for batch in table.to_batches():
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


class _Reporter:
    """Count written tables and pass each step to the caller's progress callback."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def __call__(self, table: str, rows: int, path: Path) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(ExportProgress(table, rows, self.done, self.total, path))


def write(
    data: dict[str, pa.Table], out: Path, fmt: ExportFormat, version: str | None, progress: Progress | None
) -> ExportResult:
    report = _Reporter(len(data), progress)
    writers: dict[ExportFormat, Callable[[dict[str, pa.Table], Path, str | None, _Reporter], list[Path]]] = {
        "csv": _write_csv,
        "jsonl": _write_jsonl,
        "parquet": _write_parquet,
        "sqlite": _write_sqlite,
        "xlsx": _write_xlsx,
    }
    files = writers[fmt](data, out, version, report)
    rows = {name: table.num_rows for name, table in data.items()}
    return ExportResult(fmt, version, out, tuple(files), rows)


def _write_text_package(data: dict[str, pa.Table], fmt: str, out: Path, version: str | None) -> Path:
    """Write the Frictionless ``datapackage.json`` that describes a CSV or JSON Lines export."""
    from digital_labor_corpus.publishing.metadata import DATAPACKAGE, text_datapackage

    path = out / DATAPACKAGE
    package = text_datapackage(list(data), fmt, version, schema_version(data, version))
    with _atomic(path) as temporary:
        text = json.dumps(package, ensure_ascii=False, indent=2)
        temporary.write_text(text + "\n", encoding="utf-8")
    return path


def _write_csv(data: dict[str, pa.Table], out: Path, version: str | None, report: _Reporter) -> list[Path]:
    import csv

    files = []
    for name, table in data.items():
        path = out / f"{name}.csv"
        with _atomic(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(table.column_names)
            writer.writerows([text_cell(value) for value in row] for row in _rows(table))
        files.append(path)
        report(name, table.num_rows, path)
    files.append(_write_text_package(data, "csv", out, version))
    return files


def _write_jsonl(data: dict[str, pa.Table], out: Path, version: str | None, report: _Reporter) -> list[Path]:
    files = []
    for name, table in data.items():
        path = out / f"{name}.jsonl"
        columns = table.column_names
        with _atomic(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as stream:
            for row in _rows(table):
                record = {column: json_value(value) for column, value in zip(columns, row, strict=True)}
                stream.write(json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
        files.append(path)
        report(name, table.num_rows, path)
    files.append(_write_text_package(data, "jsonl", out, version))
    return files


def _write_parquet(
    data: dict[str, pa.Table], out: Path, _version: str | None, report: _Reporter
) -> list[Path]:
    import pyarrow.parquet as pq

    files = []
    for name, table in data.items():
        path = out / f"{name}.parquet"
        with _atomic(path) as temporary:
            pq.write_table(table, temporary)
        files.append(path)
        report(name, table.num_rows, path)
    return files


def copy_parquet(
    store: Store, version: str, names: list[str], out: Path, progress: Progress | None
) -> ExportResult:
    """Copy the shipped Parquet files, verified against the manifest, byte for byte.

    Every file to copy is read and checked against its digest before the first is
    written, so that damage stops the export before it leaves anything behind.
    """
    manifest = store.manifest(version)
    report = _Reporter(len(names), progress)
    verified: dict[str, bytes] = {}
    for name in names:
        entry = manifest.tables.get(name)
        if entry is None:
            message = f"The manifest of dataset version {version} lists no table {name!r}"
            raise CorpusIntegrityError(message)
        verified[f"{name}.parquet"] = store.verified_bytes(version, entry.file, entry.sha256)
    same_names = all(manifest.tables[name].file == f"{name}.parquet" for name in names)
    if set(names) == {n for n in TABLES if TABLES[n].in_version(version)} and same_names:
        # A copy of the whole version: every file its manifest lists is checked first,
        # the Data Package too although it is not copied, so that damage anywhere in the
        # version stops the copy. The Croissant description names the Parquet files with
        # their digests, which the byte-for-byte copies keep true; it is copied only when
        # the manifest lists it. The Data Package is generated anew, as the next dataset
        # version will ship it: the released 1.0.0 and 1.0.1 descriptors give each file's
        # bytes, which frictionless cannot count on Parquet.
        from digital_labor_corpus.publishing.metadata import CROISSANT, DATAPACKAGE, datapackage

        listed = {filename: store.metadata_bytes(version, filename) for filename in manifest.files}
        sources = store.table("sources", version).select(["title", "author", "language"]).to_pylist()
        package = datapackage(version, manifest.release_date, dict(manifest.tables), sources)
        verified[DATAPACKAGE] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
        croissant = listed.get(CROISSANT)
        if croissant is not None:
            verified[CROISSANT] = croissant
    files = []
    rows = {}
    for filename, raw in verified.items():
        path = out / filename
        with _atomic(path) as temporary:
            temporary.write_bytes(raw)
        files.append(path)
        name = filename.removesuffix(".parquet")
        if name in names and filename.endswith(".parquet"):
            rows[name] = manifest.tables[name].rows
            report(name, rows[name], path)
    return ExportResult("parquet", version, out, tuple(files), rows)


# --- SQLite ------------------------------------------------------------------------

_SQL_TYPES = {
    "string": "TEXT",
    "int64": "INTEGER",
    "double": "REAL",
    "bool": "INTEGER",
    "date32[day]": "TEXT",
}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sqlite_statements(names: Sequence[str], version: str | None = None) -> list[str]:
    """The ``CREATE TABLE`` and ``CREATE INDEX`` statements of the exported tables.

    Foreign keys are declared to the exported tables only, so that a partial export
    opens without errors.

    Examples
    --------
    >>> print(_sqlite_statements(["people", "quotes"])[1])  # doctest: +ELLIPSIS
    CREATE TABLE "quotes" (
      "quote_id" TEXT NOT NULL,
      "appearance_id" TEXT NOT NULL,
      ...
      "kind" TEXT NOT NULL CHECK ("kind" IN ('question', 'answer', 'statement')),
      ...
      "topics" TEXT NOT NULL CHECK (json_valid("topics") AND json_type("topics") = 'array'),
      ...
      PRIMARY KEY ("quote_id"),
      FOREIGN KEY ("speaker_id") REFERENCES "people" ("person_id"),
      FOREIGN KEY ("question_id") REFERENCES "quotes" ("quote_id")
    )
    """
    from digital_labor_corpus.schema.arrow import arrow_schema
    from digital_labor_corpus.schema.vocabularies import VOCABULARIES

    included = set(names)
    statements = []
    for name in names:
        spec = TABLES[name]
        schema = arrow_schema(name)
        lines = []
        foreign = []
        present = set(spec.columns_in(version))  # a version's own columns
        for field in attrs.fields(spec.record):
            if field.name not in present:
                continue
            arrow_field = schema.field(field.name)
            kind = str(arrow_field.type)
            column = _quote(field.name)
            sql_type = "TEXT" if kind.startswith("list") else _SQL_TYPES[kind]
            line = f"{column} {sql_type}"
            if not arrow_field.nullable:
                line += " NOT NULL"
            vocabulary = field.metadata.get("vocabulary")
            if vocabulary:
                values = ", ".join(_literal(value) for value in VOCABULARIES[vocabulary])
                line += f" CHECK ({column} IN ({values}))"
            elif kind == "bool":
                line += f" CHECK ({column} IN (0, 1))"
            elif kind.startswith("date"):
                line += f" CHECK ({column} = date({column}))"
            elif kind.startswith("list"):
                line += f" CHECK (json_valid({column}) AND json_type({column}) = 'array')"
            lines.append(line)
            reference = field.metadata.get("references")
            if reference and not kind.startswith("list"):
                target, target_column = reference.split(".")
                if target in included:
                    foreign.append((field.name, target, target_column))
        lines.append(f"PRIMARY KEY ({_quote(spec.primary_key)})")
        lines.extend(
            f"FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(target)} ({_quote(target_column)})"
            for column, target, target_column in foreign
        )
        body = ",\n  ".join(lines)
        statements.append(f"CREATE TABLE {_quote(name)} (\n  {body}\n)")
        statements.extend(
            f"CREATE INDEX {_quote(f'{name}_{column}')} ON {_quote(name)} ({_quote(column)})"
            for column, _, _ in foreign
        )
    return statements


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple):
        return list_cell(value)
    return json_value(value)


def _datasette_metadata(
    names: Sequence[str], version: str | None, schema: str | None = None
) -> dict[str, Any]:
    """The Datasette metadata of a SQLite export: titles, licence, descriptions, facets and labels."""
    from digital_labor_corpus.publishing.metadata import ANNOTATION_LICENCE, DESCRIPTION, TITLE
    from digital_labor_corpus.schema.vocabularies import VOCABULARIES

    tables: dict[str, Any] = {}
    for name in names:
        spec = TABLES[name]
        columns = {}
        present = set(spec.columns_in(schema if schema is not None else version))  # its own columns
        for field in attrs.fields(spec.record):
            if field.name not in present:
                continue
            meta = field.metadata
            text = meta["description"]
            if meta.get("vocabulary"):
                text += f" One of: {', '.join(VOCABULARIES[meta['vocabulary']])}."
            if field.name == "topics":
                text += " Stored as a JSON array of topic ids."
            columns[field.name] = text
        entry: dict[str, Any] = {"description": spec.description, "columns": columns}
        if name in _LABEL_COLUMNS:
            entry["label_column"] = _LABEL_COLUMNS[name]
        if name in _FACETS:
            entry["facets"] = _FACETS[name]
        if name in INDEXED:  # Datasette's search box and ?_search= filter through the FTS5 index
            entry |= {"fts_table": f"{name}_fts", "fts_pk": "rowid", "searchmode": "escaped"}
        tables[name] = entry
    title = TITLE if version is None else f"{TITLE} (dataset version {version})"
    return {
        "title": title,
        "description": DESCRIPTION,
        "license": "CC BY 4.0 (the annotations; the source text remains its authors')",
        "license_url": ANNOTATION_LICENCE["path"],
        "databases": {Path(SQLITE_FILE).stem: {"tables": tables}},
    }


def _write_fts(database: sqlite3.Connection, names: Sequence[str]) -> None:
    """Index the searchable tables among ``names`` in FTS5 tables ``<table>_fts``, as search does.

    Each index is external-content (it keeps no copy of the text: snippets and Datasette
    read the table itself) over the texts folded by ``fold_words``, so that ``œuvre``
    and ``oeuvre`` find the same rows.
    """
    check_fts5(database)
    register_fold(database)
    for name in names:
        if name in INDEXED:
            columns = INDEXED[name].columns
            database.execute(fts_table_sql(f"{name}_fts", columns, name))
            database.execute(fill_sql(f"{name}_fts", columns, name))


def _write_sqlite(data: dict[str, pa.Table], out: Path, version: str | None, report: _Reporter) -> list[Path]:
    import sqlite3

    path = out / SQLITE_FILE
    with _atomic(path) as temporary:
        database = sqlite3.connect(temporary)
        try:
            with database:
                for statement in _sqlite_statements(list(data), schema_version(data, version)):
                    database.execute(statement)
                for name, table in data.items():
                    columns = ", ".join(_quote(column) for column in table.column_names)
                    marks = ", ".join("?" for _ in table.column_names)
                    database.executemany(
                        f"INSERT INTO {_quote(name)} ({columns}) VALUES ({marks})",
                        ([_sql_value(value) for value in row] for row in _rows(table)),
                    )
                    report(name, table.num_rows, path)
                _write_fts(database, list(data))
        except sqlite3.IntegrityError as error:  # only export_tables can get here: a duplicate key ...
            message = f"The tables break a constraint of the corpus's SQLite schema: {error}"
            raise InvalidArgumentError(message) from None
        except sqlite3.Error as error:
            message = f"Cannot write the sqlite export into {out}: {error}"
            raise ExportError(message) from None
        finally:
            database.close()
    metadata = out / DATASETTE_METADATA
    with _atomic(metadata) as temporary:
        text = json.dumps(
            _datasette_metadata(list(data), version, schema_version(data, version)),
            ensure_ascii=False,
            indent=2,
        )
        temporary.write_text(text + "\n", encoding="utf-8")
    return [path, metadata]


# --- xlsx --------------------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    """Cut ``text`` into pieces of at most :data:`XLSX_CELL_LIMIT` UTF-16 code units.

    Examples
    --------
    >>> [len(piece) for piece in _pieces("a" * 40_000)]
    [32767, 7233]
    >>> _pieces("short")
    ['short']
    """
    if len(text) <= XLSX_CELL_LIMIT // 2:
        return [text]
    pieces = []
    start = units = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > XLSX_CELL_LIMIT:
            pieces.append(text[start:index])
            start, units = index, 0
        units += width
    pieces.append(text[start:])
    return pieces


def _check_xlsx_text(text: str, where: str) -> None:
    r"""Raise :class:`InvalidArgumentError` if a spreadsheet cannot keep ``text`` exactly.

    Examples
    --------
    >>> _check_xlsx_text("l’IA\n", "here")
    >>> _check_xlsx_text("a\rb", "table 't', column 'c', row 1")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: Cannot write table 't', column 'c', row 1 as xlsx: it holds the control character U+000D, which a spreadsheet cannot keep. Export it as csv, jsonl, parquet or sqlite instead
    """
    found = _XLSX_ILLEGAL.search(text)
    if found:
        message = (
            f"Cannot write {where} as xlsx: it holds the control character "
            f"U+{ord(found.group()):04X}, which a spreadsheet cannot keep. "
            "Export it as csv, jsonl, parquet or sqlite instead"
        )
        raise InvalidArgumentError(message)
    escape = _XLSX_ESCAPE.search(text)
    if escape:
        message = (
            f"Cannot write {where} as xlsx: it holds the text {escape.group()!r}, which a "
            "spreadsheet would read as an escaped character. Export it as csv, jsonl, parquet or "
            "sqlite instead"
        )
        raise InvalidArgumentError(message)


def _sheet_rows(name: str, table: pa.Table) -> tuple[list[str], list[list[Any]]]:
    """The column titles and rows of one table's sheet, long text cut over added columns.

    Lists become JSON arrays; every text is checked with :func:`_check_xlsx_text`.

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> titles, rows = _sheet_rows("sources", load("sources"))
    >>> titles[-1]
    'text (2)'
    """
    columns = table.column_names
    rows: list[list[Any]] = []
    overflow: list[dict[int, list[str]]] = []
    extra = [0] * len(columns)
    for number, row in enumerate(_rows(table)):
        values: list[Any] = []
        more: dict[int, list[str]] = {}
        for index, value in enumerate(row):
            text = list_cell(value) if isinstance(value, list) else value
            if not isinstance(text, str):
                values.append(text)
                continue
            _check_xlsx_text(text, f"table {name!r}, column {columns[index]!r}, row {number + 1}")
            pieces = _pieces(text)
            values.append(pieces[0])
            if len(pieces) > 1:
                more[index] = pieces[1:]
                extra[index] = max(extra[index], len(pieces) - 1)
        rows.append(values)
        overflow.append(more)
    added = [(index, part) for index, count in enumerate(extra) for part in range(count)]
    titles = columns + [f"{columns[index]} ({part + 2})" for index, part in added]
    for values, more in zip(rows, overflow, strict=True):
        values.extend(more[index][part] if part < len(more.get(index, [])) else None for index, part in added)
    return titles, rows


def _write_xlsx(data: dict[str, pa.Table], out: Path, version: str | None, report: _Reporter) -> list[Path]:
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError.needs("The xlsx export", "openpyxl>=3.1", "xlsx") from None
    import datetime as dt

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Every value is checked before the workbook is made: openpyxl's write-only sheets
    # complain when they are dropped unsaved.
    sheets = {name: _sheet_rows(name, table) for name, table in data.items()}
    bold = Font(bold=True)
    book = openpyxl.Workbook(write_only=True)
    path = out / XLSX_FILE

    def cell(sheet: Any, value: Any) -> Any:
        if isinstance(value, str):
            made = WriteOnlyCell(sheet, value=value)
            made.data_type = "s"  # never a formula, whatever the text starts with
            return made
        if isinstance(value, dt.date):
            made = WriteOnlyCell(sheet, value=value)
            made.number_format = "yyyy-mm-dd"
            return made
        if isinstance(value, int | float) and not isinstance(value, bool):
            # openpyxl writes numbers with 16 significant digits; repr() keeps every float and int.
            made = WriteOnlyCell(sheet, value=repr(value))
            made.data_type = "n"
            return made
        return value

    def header(sheet: Any, names: Sequence[str]) -> None:
        cells = []
        for name in names:
            made = WriteOnlyCell(sheet, value=name)
            made.font = bold
            cells.append(made)
        sheet.append(cells)

    try:
        _fill_and_save(
            book,
            sheets=sheets,
            data=data,
            version=version,
            path=path,
            report=report,
            cell=cell,
            header=header,
        )
    except BaseException:
        _discard_unsaved(book)
        raise
    return [path]


def _discard_unsaved(book: Any) -> None:
    """Close what a failed xlsx export left open, quietly.

    Each write-only sheet of openpyxl keeps a suspended generator and a temporary file.
    After a failure (a full disk), the generators would be closed by the garbage
    collector, each printing an "Exception ignored" traceback after the error was
    reported; they are closed here, their errors dropped, and the temporary files removed.
    """
    import contextlib

    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        for generator in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _fill_and_save(
    book: Any,
    *,
    sheets: dict[str, tuple[list[str], list[list[Any]]]],
    data: dict[str, pa.Table],
    version: str | None,
    path: Path,
    report: _Reporter,
    cell: Callable[[Any, Any], Any],
    header: Callable[[Any, Sequence[str]], None],
) -> None:
    from openpyxl.utils import get_column_letter

    about = book.create_sheet(_ABOUT_SHEET)
    for line in _about_lines(version):
        about.append([cell(about, line)])

    for name, (titles, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for position, title in enumerate(titles, start=1):
            sample = [len(str(values[position - 1] or "")) for values in rows[:50]]
            width = min(max([len(title), 8, *sample]), 60) + 2
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
        header(sheet, titles)
        for values in rows:
            sheet.append([cell(sheet, value) for value in values])
        report(name, len(rows), path)

    dictionary = book.create_sheet(_DICTIONARY_SHEET)
    header(dictionary, ["table", "column", "type", "nullable", "description", "values", "references"])
    for entry in _dictionary_rows(list(data), schema_version(data, version)):
        dictionary.append([cell(dictionary, value) for value in entry])
    with _atomic(path) as temporary:
        book.save(temporary)


def _about_lines(version: str | None) -> list[str]:
    from digital_labor_corpus.publishing.metadata import ANNOTATION_LICENCE, DESCRIPTION, TITLE

    return [
        TITLE if version is None else f"{TITLE}, dataset version {version}",
        DESCRIPTION,
        f"Licence of the annotations: {ANNOTATION_LICENCE['title']}, {ANNOTATION_LICENCE['path']}",
        "One sheet per table; the 'data dictionary' sheet describes every column.",
        "An empty cell is null (no text value of the corpus is ever empty). Dates are yyyy-mm-dd.",
        'A topics cell is a JSON array of topic ids, such as ["pay", "platforms"].',
        "A value longer than a cell holds continues in the columns named 'COLUMN (2)', 'COLUMN (3)' ... "
        "at the right of its sheet: join them in order.",
    ]


def _dictionary_rows(names: Sequence[str], version: str | None = None) -> list[list[Any]]:
    from digital_labor_corpus.schema.arrow import arrow_schema
    from digital_labor_corpus.schema.vocabularies import VOCABULARIES

    rows: list[list[Any]] = []
    for name in names:
        schema = arrow_schema(name)
        present = set(TABLES[name].columns_in(version))  # a version's own columns
        for field in attrs.fields(TABLES[name].record):
            if field.name not in present:
                continue
            meta = field.metadata
            arrow_field = schema.field(field.name)
            values = ", ".join(VOCABULARIES[meta["vocabulary"]]) if meta.get("vocabulary") else None
            rows.append(
                [
                    name,
                    field.name,
                    str(arrow_field.type),
                    arrow_field.nullable,
                    meta["description"],
                    values,
                    meta.get("references"),
                ]
            )
    return rows
