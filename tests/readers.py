"""Read an export back into pyarrow tables, with ordinary readers and the documented rules only.

These readers use no code of the package beyond the Arrow schemas: the standard library's
``csv``, ``json`` and ``sqlite3``, openpyxl and pyarrow's Parquet reader, and the rules of
``digital_labor_corpus.publishing.exporting``'s documentation (an empty cell is null, dates are ISO, a
list is a JSON array, booleans are ``true``/``false`` or ``1``/``0``, a long xlsx value
continues in ``COLUMN (2)`` ...). A round trip through them checks the files and the
documentation at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from digital_labor_corpus.schema import arrow
from digital_labor_corpus.schema.tables import TABLES as PLAIN


def arrow_schema(name: str, header: list[str] | None = None) -> pa.Schema:
    """The Arrow schema of table ``name`` as exported with ``header``.

    A table of an older version lacks the columns later versions added (1.0.x has no
    ``place_mentions.speaker_id``); only those may be missing from ``header``.
    """
    full = arrow.arrow_schema(name)
    if header is None:
        return full
    later = {c.name for c in PLAIN[name].fields if c.since is not None and c.name not in header}
    return pa.schema([field for field in full if field.name not in later], metadata=full.metadata)


def _kind(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return "list"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_boolean(arrow_type):
        return "bool"
    if pa.types.is_integer(arrow_type):
        return "int"
    if pa.types.is_floating(arrow_type):
        return "float"
    return "string"


_PARSE: dict[str, Any] = {
    "list": json.loads,
    "date": dt.date.fromisoformat,
    "bool": {"true": True, "false": False}.__getitem__,
    "int": int,
    "float": float,
    "string": str,
}


def _from_text(text: str, kind: str) -> Any:
    """A CSV cell's text as the documentation says to read it: empty is null."""
    return None if text == "" else _PARSE[kind](text)


def _table(name: str, rows: list[dict[str, Any]], header: list[str] | None) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(name, header))


def read_csv(directory: Path, name: str) -> pa.Table:
    """Read ``<name>.csv`` with the csv module."""
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        schema = arrow_schema(name, header)
        kinds = {field.name: _kind(field.type) for field in schema}
        assert header == schema.names
        rows = [
            {column: _from_text(text, kinds[column]) for column, text in zip(header, line, strict=True)}
            for line in reader
        ]
    return _table(name, rows, header)


def read_jsonl(directory: Path, name: str) -> pa.Table:
    """Read ``<name>.jsonl`` with the json module, one object per line."""
    lines = (directory / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    header = list(json.loads(lines[0])) if lines else None
    schema = arrow_schema(name, header)
    kinds = {field.name: _kind(field.type) for field in schema}
    rows = []
    for line in lines:
        record = json.loads(line)
        assert list(record) == schema.names
        for column, value in record.items():
            if value is not None and kinds[column] == "date":
                record[column] = dt.date.fromisoformat(value)
            elif value is not None and kinds[column] == "float":
                record[column] = float(value)
        rows.append(record)
    return _table(name, rows, header)


def read_parquet(directory: Path, name: str) -> pa.Table:
    """Read ``<name>.parquet`` with pyarrow."""
    return pq.read_table(directory / f"{name}.parquet")


def read_sqlite(directory: Path, name: str) -> pa.Table:
    """Read table ``name`` of ``digital-labor-corpus.db`` with the sqlite3 module."""
    database = sqlite3.connect(directory / "digital-labor-corpus.db")
    try:
        cursor = database.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        header = [d[0] for d in cursor.description]
        schema = arrow_schema(name, header)
        kinds = {field.name: _kind(field.type) for field in schema}
        assert header == schema.names
        rows = []
        for line in cursor.fetchall():
            record: dict[str, Any] = {}
            for column, value in zip(header, line, strict=True):
                kind = kinds[column]
                if value is None:
                    record[column] = None
                elif kind == "bool":
                    record[column] = {1: True, 0: False}[value]
                elif kind in ("date", "list"):
                    record[column] = _from_text(value, kind)
                else:
                    record[column] = value
            rows.append(record)
    finally:
        database.close()
    return _table(name, rows, header)


_CONTINUED = re.compile(r"^(?P<column>.+) \((?P<part>[0-9]+)\)$")


def read_xlsx(directory: Path, name: str) -> pa.Table:
    """Read sheet ``name`` of ``digital-labor-corpus.xlsx`` with openpyxl, joining continued values."""
    import openpyxl

    book = openpyxl.load_workbook(directory / "digital-labor-corpus.xlsx", read_only=True)
    try:
        lines = list(book[name].iter_rows(values_only=True))
    finally:
        book.close()
    header = list(lines[0])
    schema = arrow_schema(name, [str(title) for title in header])
    kinds = {field.name: _kind(field.type) for field in schema}
    assert header[: len(schema.names)] == schema.names
    continued = [_CONTINUED.match(str(title)) for title in header[len(schema.names) :]]
    assert all(continued), header
    rows = []
    for short in lines[1:]:
        line = tuple(short) + (None,) * (len(header) - len(short))  # trailing empty cells may be absent
        record: dict[str, Any] = dict(zip(schema.names, line[: len(schema.names)], strict=True))
        for match, value in zip(continued, line[len(schema.names) :], strict=True):
            assert match is not None
            if value is not None:
                record[match["column"]] += value
        for column, value in record.items():
            kind = kinds[column]
            if value is None:
                continue
            if kind == "list":
                record[column] = json.loads(value)
            elif kind == "date":
                assert isinstance(value, dt.datetime)
                record[column] = value.date()
            elif kind == "float":
                record[column] = float(value)
            elif kind == "int":
                assert isinstance(value, int)
        rows.append(record)
    return _table(name, rows, [str(title) for title in header])


READERS = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "sqlite": read_sqlite,
    "xlsx": read_xlsx,
}
