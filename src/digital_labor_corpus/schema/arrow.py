"""Arrow schemas of the tables, built from the plain schema data of :mod:`.tables`.

pyarrow is imported here, so this module is only imported when data is first touched;
attrs is not (the plain data is generated from the record classes).
"""

from __future__ import annotations

import json
from functools import cache

import pyarrow as pa

from digital_labor_corpus._sha256 import sha256_hex
from digital_labor_corpus.schema.columns import Column
from digital_labor_corpus.schema.tables import TABLES

__all__ = ["arrow_field", "arrow_schema", "arrow_type", "owned_buffer", "schema_fingerprint"]

_SCALARS = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "date32": pa.date32(),
}


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type of a column type as :class:`~.columns.Column` names it.

    Examples
    --------
    >>> arrow_type("list<string>")
    ListType(list<element: string not null>)
    """
    if kind.startswith("list<") and kind.endswith(">"):
        # Parquet's compliant list layout names the item field "element"; use it so that a
        # table read back from Parquet has exactly this schema.
        return pa.list_(pa.field("element", arrow_type(kind[5:-1]), nullable=False))
    return _SCALARS[kind]


def arrow_field(column: Column) -> pa.Field:
    """The Arrow field of one column, with its documentation as metadata."""
    return pa.field(
        column.name, arrow_type(column.type), nullable=column.nullable, metadata=column.metadata()
    )


@cache
def arrow_schema(table: str, version: str | None = None) -> pa.Schema:
    """Return the Arrow schema of ``table``, with descriptions as field and schema metadata.

    With ``version``, the schema the table has in that dataset version: the columns a
    later version added are left out (``"1.0.1"`` has no ``appearances.headline``).

    Examples
    --------
    >>> arrow_schema("topics").field("label_en").type
    DataType(string)
    >>> arrow_schema("topics").field("topic_id").metadata[b"description"]
    b'Primary key.'
    >>> "headline" in arrow_schema("appearances", "1.0.1").names
    False
    """
    spec = TABLES[table]
    wanted = set(spec.columns_in(version))
    return pa.schema(
        [arrow_field(column) for column in spec.fields if column.name in wanted],
        metadata={"table": table, "description": spec.description, "primary_key": spec.primary_key},
    )


def schema_fingerprint(schema: pa.Schema) -> str:
    """Return a SHA-256 of the schema's column names, types and nullability.

    Descriptions are left out, so rewording a description does not change the fingerprint.
    """
    canonical = [[f.name, str(f.type), f.nullable] for f in schema]
    return sha256_hex(json.dumps(canonical).encode())


def owned_buffer(data: bytes | bytearray | memoryview) -> pa.Buffer:
    """A copy of ``data`` in memory that Arrow allocated and owns.

    ``pyarrow.py_buffer`` wraps a Python object instead: whoever drops the last reference
    to it must take the GIL. When that is one of Arrow's worker threads (a Parquet reader
    finishing a task, a compute kernel) while the interpreter is shutting down, taking the
    GIL ends the thread from inside a C++ destructor and the process aborts ("terminate
    called without an active exception", exit 134). Memory Arrow owns is freed without
    Python, so every buffer this package hands to Arrow is made here.

    Examples
    --------
    >>> owned_buffer(b"abc").to_pybytes()
    b'abc'
    """
    view = memoryview(data).cast("B")
    buffer = pa.allocate_buffer(view.nbytes)
    if view.nbytes:
        memoryview(buffer).cast("B")[:] = view
    return buffer
