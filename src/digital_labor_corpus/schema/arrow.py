"""Arrow schemas derived from the record classes of :mod:`digital_labor_corpus.schema.records`.

pyarrow is imported here, so this module is only imported when data is first touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import types
import typing
from functools import cache
from typing import Any, Literal, Union

import attrs
import pyarrow as pa

from digital_labor_corpus.schema.records import TABLES

__all__ = ["arrow_schema", "owned_buffer", "schema_fingerprint"]

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
}


def _arrow_type(hint: Any) -> tuple[pa.DataType, bool]:
    """Return the Arrow type of a record field's type hint and whether it is nullable."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        (inner,) = args
        arrow, _ = _arrow_type(inner)
        return arrow, True
    if origin is Literal:
        return pa.string(), False
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(hint)
        arrow, _ = _arrow_type(item)
        # Parquet's compliant list layout names the item field "element"; use it so that a
        # table read back from Parquet has exactly this schema.
        return pa.list_(pa.field("element", arrow, nullable=False)), False
    if hint in _SCALARS:
        return _SCALARS[hint], False
    raise TypeError(f"no Arrow type for {hint!r}")


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
    hints = typing.get_type_hints(spec.record)
    wanted = set(spec.columns_in(version))
    fields = []
    for field in attrs.fields(spec.record):
        if field.name not in wanted:
            continue
        arrow, nullable = _arrow_type(hints[field.name])
        metadata = {key: str(value) for key, value in field.metadata.items() if value not in (None, False)}
        fields.append(pa.field(field.name, arrow, nullable=nullable, metadata=metadata))
    return pa.schema(
        fields,
        metadata={
            "table": table,
            "description": spec.description,
            "primary_key": spec.primary_key,
        },
    )


def schema_fingerprint(schema: pa.Schema) -> str:
    """Return a SHA-256 of the schema's column names, types and nullability.

    Descriptions are left out, so rewording a description does not change the fingerprint.
    """
    canonical = [[f.name, str(f.type), f.nullable] for f in schema]
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


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
