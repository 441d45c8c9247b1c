"""Export the corpus as tables (CSV, JSON Lines, Parquet, SQLite, xlsx) or as annotated text (TEI, W3C Web Annotation, brat).

:func:`export` writes a shipped dataset version into a directory; :func:`export_tables`
writes any corpus-shaped pyarrow tables (a filtered selection, say) the same way. Every
table format reads back into tables equal to the ones written; every annotation format
gives back each span of the quotes, claims, statistics and place mentions, with its
table, key and offsets.

What each format writes
-----------------------
- ``csv``: one ``<table>.csv`` per table, UTF-8 without a byte-order mark, a header row of
  column names, commas, double quotes around a value only where needed (RFC 4180), CRLF
  line ends; and ``datapackage.json``, which makes the directory a Frictionless tabular
  data package: each column's type (``date`` in ISO 8601, ``integer``, ``number``,
  ``boolean`` written ``true``/``false``, ``topics`` an ``array`` of strings written as a
  JSON array), the empty cell as the missing value, required and unique columns,
  vocabularies as enums, primary keys and the foreign keys between the exported tables.
  ``frictionless validate datapackage.json`` checks it, and frictionless reads every
  table back with the Parquet values and types.
- ``jsonl``: one ``<table>.jsonl`` per table, one JSON object per line, keys in column
  order, UTF-8; and the same ``datapackage.json`` for the ``.jsonl`` files.
- ``parquet``: one ``<table>.parquet`` per table, with the descriptions of the tables and
  columns as Parquet metadata. :func:`export` copies the shipped files byte for byte and,
  when every table is exported, the version's ``croissant.json`` and a Frictionless
  ``datapackage.json`` (generated as the next dataset version ships it, without the byte
  counts that frictionless cannot check on Parquet, so that ``frictionless validate``
  passes with no flags).
- ``sqlite``: ``digital-labor-corpus.db``, one SQLite table per corpus table, with column
  types, ``NOT NULL``, ``PRIMARY KEY``, ``FOREIGN KEY ... REFERENCES`` (to the exported
  tables), ``CHECK`` constraints for the vocabularies, and an index on every foreign key;
  and ``metadata.json``, a Datasette metadata file with the description of every table and
  column, the facets each table opens with and the label column that names a row a
  foreign key points to (``datasette digital-labor-corpus.db --metadata metadata.json``).
- ``xlsx``: ``digital-labor-corpus.xlsx`` (needs ``openpyxl``, the ``xlsx`` extra), an
  ``about`` sheet, one sheet per table, and a ``data dictionary`` sheet.

- ``tei``: ``<source_id>.tei.xml`` per source, TEI P5, and ``tei-subset.rng``, its
  RelaxNG schema (:mod:`digital_labor_corpus.publishing.tei` says what is where).
- ``webannotation``: ``<source_id>.annotations.jsonld``, a W3C Web Annotation
  ``AnnotationCollection``, and one ``AnnotationPage`` file per span table
  (:mod:`digital_labor_corpus.publishing.webannotation`).
- ``brat``: ``<source_id>.txt`` and ``<source_id>.ann`` (brat standoff), with
  ``annotation.conf`` and ``visual.conf`` (:mod:`digital_labor_corpus.publishing.brat`).

The annotation formats always write every table they need (sources, appearances, people,
places, topics and the four span tables); their offsets are Unicode code points, as in the
tables.

How values are written
----------------------
The text formats follow one set of rules (in the library: ``digital_labor_corpus.publishing.cells``):

- **null** is an empty cell in CSV and xlsx and ``null`` in JSON Lines (a null in SQLite
  is SQL ``NULL``). No text column of the corpus ever holds an empty string (the record
  validators forbid it), so an empty cell always means null.
- **dates** are ISO 8601, ``YYYY-MM-DD``: text in CSV, JSON Lines and SQLite; in xlsx, date
  cells displayed ``yyyy-mm-dd``, which a spreadsheet can sort and filter as dates.
- **booleans** (``statistics.approximate``) are ``true``/``false`` in CSV and JSON Lines,
  ``TRUE``/``FALSE`` cells in xlsx, ``1``/``0`` in SQLite.
- **floats** are the shortest decimal that reads back as the same number.
- **lists** (the ``topics`` columns of ``quotes`` and ``claims``) are a JSON array of topic
  ids, ``["pay", "platforms"]``, as the text of a CSV, xlsx or SQLite cell (SQLite's
  ``json_each`` unnests them), and a plain array in JSON Lines.
- **long text in xlsx**: a spreadsheet cell holds at most 32,767 characters. A longer value
  (today only ``sources.text``) is cut into consecutive pieces: the first stays in its
  column, the next go into added columns named ``text (2)``, ``text (3)`` ... at the right
  end of the sheet; join them to get the value back. A value that a spreadsheet would not
  keep exactly (a control character other than tab and newline, or text of the form
  ``_x0041_``, which spreadsheets read as an escaped character) cannot go into xlsx and
  is reported as an error (the tests check that the shipped versions hold none).
- **JSON Lines** escapes U+0085, U+2028 and U+2029 (``\\u2028``), which some line readers
  take for line breaks.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as out:
...     result = export(out, "jsonl", tables=["topics", "people"])
...     [path.name for path in result.files]
['topics.jsonl', 'people.jsonl', 'datapackage.json']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.formats import (
    ANNOTATION_FORMATS,
    DATASETTE_METADATA,
    FORMATS,
    SQLITE_FILE,
    TABLE_FORMATS,
    XLSX_FILE,
    ExportFormat,
    ExportProgress,
    ExportResult,
    Progress,
)
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import did_you_mean, spec_for
from digital_labor_corpus.schema.records import TABLES

if TYPE_CHECKING:
    import pyarrow as pa


__all__ = [
    "ANNOTATION_FORMATS",
    "DATASETTE_METADATA",
    "FORMATS",
    "SQLITE_FILE",
    "TABLE_FORMATS",
    "XLSX_FILE",
    "ExportFormat",
    "ExportProgress",
    "ExportResult",
    "check_format",
    "export",
    "export_tables",
]


def check_format(format: object) -> ExportFormat:
    """Return ``format`` if it is an export format, else raise :class:`InvalidArgumentError`.

    Examples
    --------
    >>> check_format("sqlite")
    'sqlite'
    >>> check_format("xls")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: Unknown export format 'xls'. Accepted formats: csv, jsonl, parquet, sqlite, xlsx, tei, webannotation, brat. Did you mean 'xlsx'?
    """
    for known in FORMATS:
        if format == known:
            return known
    hint = did_you_mean(format, FORMATS)
    message = f"Unknown export format {format!r}. Accepted formats: {', '.join(FORMATS)}.{hint}"
    raise InvalidArgumentError(message)


def _check_tables(tables: object) -> list[str]:
    """The table names to export, in the order given, each once; every table for ``None``."""
    if tables is None:
        return list(TABLES)
    if isinstance(tables, str | bytes) or not isinstance(tables, Iterable):
        message = (
            f"tables must be a list of table names or None, not {tables!r}; "
            f"for one table write tables=[{tables!r}]"
        )
        raise InvalidArgumentError(message)
    names = list(dict.fromkeys(spec_for(name).name for name in tables))
    if not names:
        message = f"tables is empty: name at least one of {', '.join(TABLES)}, or pass None for all"
        raise InvalidArgumentError(message)
    return names


@checked
def export(
    out_dir: str | os.PathLike[str],
    format: ExportFormat | str,
    *,
    version: str | None = None,
    tables: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export tables of a shipped dataset version into ``out_dir``.

    The module documentation says what each format writes and how values are written.
    Files of the same name in ``out_dir`` are replaced; each is written to a temporary
    file first and moved into place when complete.

    Parameters
    ----------
    out_dir
        The output directory; created (with its parents) when missing.
    format
        ``"csv"``, ``"jsonl"``, ``"parquet"``, ``"sqlite"``, ``"xlsx"``, ``"tei"``,
        ``"webannotation"`` or ``"brat"`` (:data:`FORMATS`).
    version
        A shipped dataset version; the newest by default.
    tables
        The tables to export, in that order; every table by default. The annotation
        formats (:data:`ANNOTATION_FORMATS`) always write every table they need and take
        no ``tables``.
    progress
        Called with an :class:`ExportProgress` after each table is written.

    Returns
    -------
    ExportResult
        The files written and the rows of each table.

    Raises
    ------
    InvalidArgumentError
        For an unknown format, ``tables`` with an annotation format, or values that the
        format cannot hold (a control character in xlsx or TEI); the message lists what is
        accepted.
    UnknownTableError, UnknownVersionError
        For a table or version the corpus does not have.
    MissingDependencyError
        For ``xlsx`` without ``openpyxl`` (``python -m pip install 'openpyxl>=3.1'``, or from
        a clone of the repository ``python -m pip install '.[xlsx]'``).
    ExportError
        When the files cannot be written (the output path is a file, the disk is full ...).

    Examples
    --------
    >>> import sqlite3, tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = export(out, "sqlite", tables=["topics", "quotes"])
    ...     [path.name for path in result.files]
    ...     database = sqlite3.connect(result.files[0])
    ...     database.execute("SELECT count(*) FROM quotes").fetchone()[0] == result.rows["quotes"]
    ...     database.close()
    ['digital-labor-corpus.db', 'metadata.json']
    True
    """
    chosen = check_format(format)
    if chosen in ANNOTATION_FORMATS and tables is not None:
        message = (
            f"The {chosen} export writes the annotated source with every table it needs; "
            f"tables={tables!r} applies only to the table formats ({', '.join(TABLE_FORMATS)}). "
            "Leave tables out, or use export_tables to export a selection"
        )
        raise InvalidArgumentError(message)
    names = _check_tables(tables)
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    resolved = store.resolve(version)
    if tables is None:  # every table the version has (1.0.x has no errata)
        names = [name for name in names if TABLES[name].in_version(resolved)]
    from digital_labor_corpus.publishing import writers as _writers

    out = _writers.output_directory(out_dir)
    if chosen == "parquet":
        return _writers.guarded(
            chosen, out, lambda: _writers.copy_parquet(store, resolved, names, out, progress)
        )
    data = {name: store.table(name, resolved) for name in names}
    if chosen in ANNOTATION_FORMATS:
        from digital_labor_corpus.publishing import annotated

        return _writers.guarded(chosen, out, lambda: annotated.write(data, out, chosen, resolved, progress))
    return _writers.guarded(chosen, out, lambda: _writers.write(data, out, chosen, resolved, progress))


@checked
def export_tables(
    tables: Mapping[str, pa.Table],
    out_dir: str | os.PathLike[str],
    format: ExportFormat | str,
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """Export pyarrow tables that have the corpus's schemas, such as a filtered selection.

    Each key names a corpus table and its value must have exactly that table's columns,
    in order, with types that cast to the table's schema. The files are those that
    :func:`export` writes; a foreign key may point at a row that the selection left out.
    The annotation formats need every table they read (sources, appearances, people,
    places, topics, quotes, claims, statistics, place_mentions), and every span inside its
    source's text.

    Parameters
    ----------
    tables
        Table name to ``pyarrow.Table``, written in this order.
    out_dir, format, progress
        As for :func:`export`.

    Returns
    -------
    ExportResult
        With ``version`` ``None``.

    Raises
    ------
    InvalidArgumentError
        For an unknown format, a table whose columns are not the corpus table's, values
        the format cannot hold, or rows that break the SQLite schema (a repeated key).
    UnknownTableError, MissingDependencyError, ExportError
        As for :func:`export`.

    Examples
    --------
    >>> import tempfile
    >>> import pyarrow.compute as pc
    >>> from digital_labor_corpus import load
    >>> quotes = load("quotes")
    >>> answers = quotes.filter(pc.equal(quotes["kind"], "answer"))
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = export_tables({"quotes": answers}, out, "csv")
    ...     result.rows["quotes"] == answers.num_rows
    True
    """
    chosen = check_format(format)
    if not isinstance(tables, Mapping) or not tables:
        message = f"tables must be a non-empty mapping of table name to pyarrow.Table, not {tables!r}"
        raise InvalidArgumentError(message)
    from digital_labor_corpus.publishing import writers as _writers

    data = {
        spec_for(name).name: _writers.conform(spec_for(name).name, table) for name, table in tables.items()
    }
    out = _writers.output_directory(out_dir)
    if chosen in ANNOTATION_FORMATS:
        from digital_labor_corpus.publishing import annotated

        return _writers.guarded(chosen, out, lambda: annotated.write(data, out, chosen, None, progress))
    return _writers.guarded(chosen, out, lambda: _writers.write(data, out, chosen, None, progress))
