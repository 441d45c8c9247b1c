"""Schema fingerprints from the plain schema data, without pyarrow.

A manifest records, per table, a SHA-256 of its file's column names, Arrow types and
nullability (:func:`digital_labor_corpus.schema.arrow.schema_fingerprint`). A frame read
by Polars carries no Arrow schema; :func:`columns_fingerprint` computes the same digest
from the columns' names and the schema's own types, so the check needs no pyarrow.

Examples
--------
>>> from digital_labor_corpus.schema.arrow import arrow_schema, schema_fingerprint
>>> columns_fingerprint("topics", arrow_schema("topics").names) == schema_fingerprint(arrow_schema("topics"))
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from digital_labor_corpus._sha256 import sha256_hex
from digital_labor_corpus.schema.tables import TABLES

__all__ = ["arrow_type_text", "columns_fingerprint", "polars_type_name"]

# How pyarrow prints each column type (str(pa type)): the text the fingerprint hashes.
_ARROW_TEXT = {
    "string": "string",
    "int64": "int64",
    "float64": "double",
    "bool": "bool",
    "date32": "date32[day]",
}


def arrow_type_text(kind: str) -> str:
    """``str()`` of the Arrow type of a column type, as pyarrow prints it.

    Examples
    --------
    >>> arrow_type_text("list<string>")
    'list<element: string not null>'
    """
    if kind.startswith("list<") and kind.endswith(">"):
        return f"list<element: {arrow_type_text(kind[5:-1])} not null>"
    return _ARROW_TEXT[kind]


def columns_fingerprint(table: str, names: Sequence[str]) -> str:
    """The fingerprint of a file of ``table`` holding ``names``, with the schema's types."""
    spec = TABLES[table]
    canonical = [
        [name, arrow_type_text(spec.column(name).type), spec.column(name).nullable] for name in names
    ]
    return sha256_hex(json.dumps(canonical).encode())


_POLARS = {
    "String": "string",
    "Int64": "int64",
    "Float64": "float64",
    "Boolean": "bool",
    "Date": "date32",
}


def polars_type_name(dtype: Any) -> str | None:
    """The column type (as the schema names it) of a Polars data type, or None if none fits.

    Examples
    --------
    >>> import polars as pl
    >>> polars_type_name(pl.List(pl.String))
    'list<string>'
    """
    base = str(dtype.base_type()) if hasattr(dtype, "base_type") else str(dtype)
    if base == "List":
        inner = polars_type_name(dtype.inner)
        return None if inner is None else f"list<{inner}>"
    return _POLARS.get(base)
