"""A cattrs converter between typed records and Arrow rows (plain dictionaries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from digital_labor_corpus.schema.records import Record

__all__ = ["converter", "records_to_rows", "rows_to_records"]

R = TypeVar("R", bound=Record)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got the datetime {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected a date or an ISO date string, got {value!r}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d)
    # Strict scalars: cattrs would otherwise coerce "3" to 3 or 1 to True.
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    return conv


converter = _make_converter()


def rows_to_records(rows: Iterable[Mapping[str, Any]], record: type[R]) -> list[R]:
    """Structure Arrow rows into records of class ``record``.

    Examples
    --------
    >>> from digital_labor_corpus.schema.records import Topic
    >>> rows_to_records([{"topic_id": "pay", "label_en": "Pay", "label_fr": "Paie",
    ...                   "description_en": "What workers earn."}], Topic)[0].label_fr
    'Paie'
    """
    return [converter.structure(dict(row), record) for row in rows]


def records_to_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Unstructure records into Arrow rows; tuples become lists.

    Examples
    --------
    >>> from digital_labor_corpus.schema.records import Topic
    >>> records_to_rows([Topic(topic_id="pay", label_en="Pay", label_fr="Paie",
    ...                        description_en="What workers earn.")])[0]["topic_id"]
    'pay'
    """
    rows = []
    for record in records:
        row = converter.unstructure(record)
        for field in attrs.fields(type(record)):
            if isinstance(row[field.name], tuple):
                row[field.name] = list(row[field.name])
        rows.append(row)
    return rows
