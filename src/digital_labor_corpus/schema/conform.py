"""Read files whose Arrow types differ from the data model's only in representation.

Polars, pandas and DuckDB write the same values with other Arrow types than the build
does: ``large_string`` or ``string_view`` for ``string``, ``large_list`` or a list whose
item field is named ``item``, dictionary-encoded (categorical) text, narrower integers,
whole numbers as floats (pandas, for a column with nulls), dates as timestamps. :func:`target_schema` accepts a file whose every column of the data
model has a type of the same kind as the model's, and refuses, naming the column, a type
of another kind (text for a number, a list for a date). :func:`conform` then casts each
part read to the model's types with Arrow's *safe* cast, which refuses any value that
would change (a float with a fraction for an integer, a timestamp that is not midnight
for a date, an unsigned integer over 2**63-1), again naming the column.

Examples
--------
>>> import pyarrow as pa
>>> same_kind(pa.large_string(), pa.string()), same_kind(pa.string(), pa.int64())
(True, False)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from digital_labor_corpus.exceptions import CorpusIntegrityError
from digital_labor_corpus.schema.arrow import arrow_schema

__all__ = ["conform", "same_kind", "target_schema"]


def _list_value(kind: pa.DataType) -> pa.DataType | None:
    """The item type of any list layout, or None for a type that is not a list."""
    for test in ("is_list", "is_large_list", "is_fixed_size_list", "is_list_view", "is_large_list_view"):
        check = getattr(pa.types, test, None)
        if check is not None and check(kind):
            return kind.value_type
    return None


def _is_text(kind: pa.DataType) -> bool:
    view = getattr(pa.types, "is_string_view", None)
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or (view is not None and view(kind))
    )


def same_kind(actual: pa.DataType, expected: pa.DataType) -> bool:
    """Whether values of type ``actual`` are the model's ``expected`` kind in another representation.

    Examples
    --------
    >>> same_kind(pa.dictionary(pa.int32(), pa.large_string()), pa.string())
    True
    >>> same_kind(pa.large_list(pa.string()), pa.list_(pa.field("element", pa.string(), nullable=False)))
    True
    >>> same_kind(pa.string(), pa.int64())
    False
    """
    if actual.equals(expected) or pa.types.is_null(actual):
        return True
    if pa.types.is_dictionary(actual):
        return same_kind(actual.value_type, expected)
    expected_item = _list_value(expected)
    if expected_item is not None:
        actual_item = _list_value(actual)
        return actual_item is not None and same_kind(actual_item, expected_item)
    kinds: list[tuple[Any, Any]] = [
        (pa.types.is_string, _is_text),
        # pandas writes a whole-number column with nulls as float64: the safe cast keeps
        # 2019.0 and refuses 2019.5.
        (pa.types.is_int64, lambda kind: pa.types.is_integer(kind) or pa.types.is_floating(kind)),
        (pa.types.is_float64, lambda kind: pa.types.is_floating(kind) or pa.types.is_integer(kind)),
        (pa.types.is_boolean, pa.types.is_boolean),
        (
            pa.types.is_date32,
            lambda kind: pa.types.is_date(kind) or (pa.types.is_timestamp(kind) and kind.tz is None),
        ),
    ]
    return any(bool(model(expected) and accepted(actual)) for model, accepted in kinds)


def target_schema(table: str, schema: pa.Schema, path: Path) -> pa.Schema:
    """The schema ``path`` is read as: the model's type for each of its columns, others kept.

    Raises
    ------
    CorpusIntegrityError
        When a column of the model is missing, or has a type of another kind.
    """
    fields = []
    model = arrow_schema(table)
    for field in model:
        if field.name not in schema.names:
            message = f"{path} lacks column {field.name!r} of table {table!r}"
            raise CorpusIntegrityError(message)
        actual = schema.field(field.name).type
        if not same_kind(actual, field.type):
            message = (
                f"{path}: column {field.name!r} has type {actual}, expected {field.type} "
                "(or the same kind of values in another representation)"
            )
            raise CorpusIntegrityError(message)
    for field in schema:
        fields.append(model.field(field.name) if field.name in model.names else field)
    return pa.schema(fields, metadata=model.metadata)


def needs_cast(schema: pa.Schema, target: pa.Schema) -> frozenset[str]:
    """The columns of ``schema`` whose type or nullability is not already the target's."""
    return frozenset(
        field.name
        for field in schema
        if not field.type.equals(target.field(field.name).type)
        or field.nullable != target.field(field.name).nullable
    )


def conform(part: pa.Table, target: pa.Schema, path: Path, *, keep_dictionary: bool = False) -> pa.Table:
    """``part`` with every column cast to ``target``'s type, refusing any value that would change.

    With ``keep_dictionary``, a dictionary-encoded column whose values already have the
    target's type is left encoded (cheaper to count and compare).

    Raises
    ------
    CorpusIntegrityError
        Naming the column, when a value cannot be held by the model's type unchanged.
    """
    for index, field in enumerate(part.schema):
        wanted = target.field(field.name)
        kind: Any = field.type
        if kind.equals(wanted.type):
            if field.nullable != wanted.nullable:
                part = part.set_column(index, wanted, part.column(index))
            continue
        if keep_dictionary and pa.types.is_dictionary(kind) and kind.value_type.equals(wanted.type):
            continue
        import pyarrow.compute as pc  # only when a cast is needed: its import takes ~80 ms

        original = part.column(index)
        try:
            column = pc.cast(original, wanted.type, safe=True)
            # The safe cast drops a timestamp's time of day without a word: check it was midnight.
            if pa.types.is_timestamp(kind) and not pc.cast(column, kind).equals(original):
                raise pa.ArrowInvalid("a timestamp is not at midnight: its time of day would be lost")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
            message = (
                f"{path}: column {field.name!r} holds values that {wanted.type} cannot hold unchanged: "
                f"{str(error).splitlines()[0]}"
            )
            raise CorpusIntegrityError(message) from None
        part = part.set_column(index, wanted, column)
    return part
