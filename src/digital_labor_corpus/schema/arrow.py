"""Arrow schemas of the tables, built from the plain schema data of :mod:`.tables`.

pyarrow is imported here, so this module is only imported when data is first touched;
attrs is not (the plain data is generated from the record classes).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

import pyarrow as pa

from digital_labor_corpus.schema.columns import Column
from digital_labor_corpus.schema.tables import TABLES

__all__ = ["arrow_schema", "arrow_type", "schema_fingerprint"]

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
def arrow_schema(table: str) -> pa.Schema:
    """Return the Arrow schema of ``table``, with descriptions as field and schema metadata.

    Examples
    --------
    >>> arrow_schema("topics").field("label_en").type
    DataType(string)
    >>> arrow_schema("topics").field("topic_id").metadata[b"description"]
    b'Primary key.'
    """
    spec = TABLES[table]
    return pa.schema(
        [arrow_field(column) for column in spec.fields],
        metadata={"table": table, "description": spec.description, "primary_key": spec.primary_key},
    )


def schema_fingerprint(schema: pa.Schema) -> str:
    """Return a SHA-256 of the schema's column names, types and nullability.

    Descriptions are left out, so rewording a description does not change the fingerprint.
    """
    canonical = [[f.name, str(f.type), f.nullable] for f in schema]
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()
