"""The command line's ``show`` and ``search`` helpers: filters, limits and output formats.

A filter is ``COLUMN=VALUE``. The value is read as the column's type (a whole number, a
number, ``true``/``false``, a ``YYYY-MM-DD`` date, or text), checked against the
column's vocabulary where it has one, and compared for equality; for a list column
(``topics``) a row matches when its list holds the value. An empty value, ``COLUMN=``,
matches null, as an empty cell means null in the CSV export. Several filters must all
hold.

Examples
--------
>>> [c.describe() for c in parse_where("quotes", ["kind=answer", "question_id="])]
["kind = 'answer'", 'question_id is null']
>>> parse_limit("all") is None
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.cells import json_value, text_cell
from digital_labor_corpus.schema.catalog import close_matches, spec_for, unknown_column
from digital_labor_corpus.schema.records import TABLES

__all__ = [
    "OUTPUT_FORMATS",
    "Condition",
    "OutputFormat",
    "check_output_format",
    "column_names",
    "parse_limit",
    "parse_where",
    "render",
    "table_names",
]

OutputFormat = Literal["table", "csv", "json"]
OUTPUT_FORMATS: Final[tuple[OutputFormat, ...]] = ("table", "csv", "json")
CELL_WIDTH: Final = 48
"""The widest a cell of the ``table`` output is before it is cut with an ellipsis (ids are never cut)."""


def check_output_format(value: object) -> OutputFormat:
    """Return ``value`` if it is an output format of ``show`` and ``search``, else raise.

    Examples
    --------
    >>> check_output_format("json")
    'json'
    >>> check_output_format("yaml")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: Unknown output format 'yaml'. Accepted formats: table, csv, json.
    """
    for known in OUTPUT_FORMATS:
        if value == known:
            return known
    hint = ""
    if isinstance(value, str):
        matches = close_matches(value, OUTPUT_FORMATS)
        hint = f" Did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""
    message = f"Unknown output format {value!r}. Accepted formats: {', '.join(OUTPUT_FORMATS)}.{hint}"
    raise InvalidArgumentError(message)


def parse_limit(value: str | int | None, *, minimum: int = 0) -> int | None:
    """Return the number of rows ``--limit`` asks for; ``None`` for ``all``.

    Examples
    --------
    >>> parse_limit("5"), parse_limit(0), parse_limit("all")
    (5, 0, None)
    >>> parse_limit("-1")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: --limit must be a whole number of 0 or more, or 'all'; got '-1'
    >>> parse_limit("0", minimum=1)
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: --limit must be a whole number of 1 or more, or 'all'; got '0'
    """
    if value is None or value == "all":
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    if number is None or number < minimum:
        message = f"--limit must be a whole number of {minimum} or more, or 'all'; got {str(value)!r}"
        raise InvalidArgumentError(message)
    return number


@attrs.frozen
class Condition:
    """One ``--where`` filter: a column, the value it must equal, and how to compare."""

    column: str
    value: Any
    in_list: bool = False

    def matches(self, row: Mapping[str, Any]) -> bool:
        """Whether ``row`` satisfies the filter.

        Examples
        --------
        >>> Condition("topics", "pay", in_list=True).matches({"topics": ["pay", "platforms"]})
        True
        >>> Condition("question_id", None).matches({"question_id": "q-1"})
        False
        """
        found = row[self.column]
        if self.value is None:
            return found is None
        if self.in_list:
            return found is not None and self.value in found
        return bool(found == self.value)

    def describe(self) -> str:
        """The filter in words, for messages."""
        if self.value is None:
            return f"{self.column} is null"
        verb = "holds" if self.in_list else "="
        return f"{self.column} {verb} {json_value(self.value)!r}"


def _read_value(table: str, column: str, type_name: str, text: str) -> Any:
    """``text`` read as a value of a column whose Arrow type is ``type_name``."""
    where = f"--where {column}={text}"
    if type_name == "int64":
        try:
            return int(text)
        except ValueError:
            message = f"{where}: {table}.{column} holds whole numbers"
            raise InvalidArgumentError(message) from None
    if type_name == "double":
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            message = f"{where}: {table}.{column} holds numbers, such as 0.5 or 1000"
            raise InvalidArgumentError(message)
        return number
    if type_name == "bool":
        if text not in ("true", "false"):
            message = f"{where}: {table}.{column} holds true or false"
            raise InvalidArgumentError(message)
        return text == "true"
    if type_name.startswith("date"):
        try:
            if len(text) != 10:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            message = f"{where}: {table}.{column} holds dates written YYYY-MM-DD, such as 2022-12-09"
            raise InvalidArgumentError(message) from None
    return text


def parse_where(
    table: str, expressions: Iterable[str], *, known_topics: Callable[[], Sequence[str]] | None = None
) -> list[Condition]:
    """Parse ``--where COLUMN=VALUE`` filters of ``table`` into :class:`Condition` objects.

    Parameters
    ----------
    table
        The table filtered.
    expressions
        The ``COLUMN=VALUE`` strings.
    known_topics
        Returns the topic ids, to check a value of a ``topics`` column; unchecked if None.

    Raises
    ------
    InvalidArgumentError
        For an expression without ``=``, a value that is not of the column's type, or a
        value outside the column's vocabulary; the message lists what is accepted.
    UnknownColumnError
        For a column the table does not have; the message lists its columns.

    Examples
    --------
    >>> parse_where("statistics", ["approximate=true", "reference_year=2019"])[1].value
    2019
    >>> parse_where("appearances", ["medium=radoi"])
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: --where medium=radoi: appearances.medium is one of press, radio, tv, web, event. Did you mean 'radio'?
    """
    from digital_labor_corpus.schema.arrow import arrow_schema
    from digital_labor_corpus.schema.vocabularies import VOCABULARIES

    spec = spec_for(table)
    schema = arrow_schema(spec.name)
    conditions = []
    for expression in expressions:
        column, equals, text = expression.partition("=")
        column = column.strip()
        if not equals or not column:
            message = (
                f"--where expects COLUMN=VALUE (COLUMN= for null), got {expression!r}; "
                f"the columns of {spec.name} are: {', '.join(spec.columns)}"
            )
            raise InvalidArgumentError(message)
        if column not in spec.columns:
            raise unknown_column(spec.name, column)
        if text == "":
            conditions.append(Condition(column, None))
            continue
        type_name = str(schema.field(column).type)
        if type_name.startswith("list"):
            topics = list(known_topics()) if known_topics is not None else None
            if topics is not None and text not in topics:
                hint = close_matches(text, topics)
                suggestion = f" Did you mean {', '.join(repr(m) for m in hint)}?" if hint else ""
                message = f"--where {column}={text}: unknown topic id; the topic ids are {', '.join(topics)}.{suggestion}"
                raise InvalidArgumentError(message)
            conditions.append(Condition(column, text, in_list=True))
            continue
        value = _read_value(spec.name, column, type_name, text)
        vocabulary = next(
            (f.metadata.get("vocabulary") for f in attrs.fields(spec.record) if f.name == column), None
        )
        if vocabulary and value not in VOCABULARIES[vocabulary]:
            accepted = list(VOCABULARIES[vocabulary])
            hint = close_matches(text, accepted)
            suggestion = f" Did you mean {', '.join(repr(m) for m in hint)}?" if hint else ""
            message = (
                f"--where {column}={text}: {spec.name}.{column} is one of {', '.join(accepted)}.{suggestion}"
            )
            raise InvalidArgumentError(message)
        conditions.append(Condition(column, value))
    return conditions


def _table_text(value: Any, column: str) -> str:
    text = " ".join(text_cell(value).split())  # one line: newlines and runs of spaces become one space
    if len(text) <= CELL_WIDTH or column.endswith("_id"):
        return text
    return text[: CELL_WIDTH - 1] + "…"


def render(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: OutputFormat) -> str:
    """Return ``rows`` as an aligned text table, CSV or JSON (without a final newline).

    ``table`` shows each value on one line, cut to :data:`CELL_WIDTH` characters (ids in full); ``csv``
    and ``json`` write values as the ``csv`` and ``jsonl`` exports do.

    Examples
    --------
    >>> rows = [{"id": "a", "n": 1, "tags": ["x"]}, {"id": "b", "n": None, "tags": []}]
    >>> print(render(rows, ["id", "n", "tags"], "table"))
    id  n  tags
    --  -  -----
    a   1  ["x"]
    b      []
    >>> print(render(rows, ["id", "tags"], "json"))
    [
      {"id": "a", "tags": ["x"]},
      {"id": "b", "tags": []}
    ]
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([text_cell(row[column]) for column in columns] for row in rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        if not rows:
            return "[]"
        objects = [
            "  " + json.dumps({c: json_value(row[c]) for c in columns}, ensure_ascii=False) for row in rows
        ]
        return "[\n" + ",\n".join(objects) + "\n]"
    cells = [[_table_text(row[column], column) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    lines = [list(columns), ["-" * width for width in widths], *cells]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def table_names(value: Sequence[str] | None) -> list[str] | None:
    """Split ``--tables a b,c`` into table names, each checked; None when not given.

    Examples
    --------
    >>> table_names(["quotes,claims", "topics"])
    ['quotes', 'claims', 'topics']
    """
    if value is None:
        return None
    names = [part.strip() for item in value for part in item.split(",") if part.strip()]
    return [spec_for(name).name for name in names]


def column_names(table: str, value: Sequence[str] | None) -> list[str]:
    """Split ``--columns a b,c`` into column names of ``table``, each checked; all when not given.

    Examples
    --------
    >>> column_names("topics", ["topic_id,label_en"])
    ['topic_id', 'label_en']
    """
    spec = spec_for(table)
    if value is None:
        return list(spec.columns)
    names = [part.strip() for item in value for part in item.split(",") if part.strip()]
    for name in names:
        if name not in TABLES[spec.name].columns:
            raise unknown_column(spec.name, name)
    return names
