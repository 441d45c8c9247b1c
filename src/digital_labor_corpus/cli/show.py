"""The command line's ``show`` and ``search`` filters: which rows, and how many.

How they are printed is in :mod:`.render`.

A filter is ``COLUMN=VALUE``. The value is read as the column's type (a whole number, a
number, ``true``/``false``, a date, or text), checked against the column's vocabulary
where it has one, and compared for equality; for a list column (``topics``) a row matches
when its list holds the value. As in the library's queries, a date may be a year or a
month (``2019``, ``2019-06``: the whole period), and a person, place or topic may be named
as a user types it (``speaker_id=casilli``, ``place_id=MG``, ``topics=modération``): the
name is resolved to its id as ``Corpus.quotes(speaker="casilli")`` resolves it. An empty
value, ``COLUMN=``, matches null, as an empty cell means null in the CSV export. Several
filters must all hold.

Examples
--------
>>> [c.describe() for c in parse_where("quotes", ["kind=answer", "question_id="])]
["kind = 'answer'", 'question_id is null']
>>> parse_limit("all") is None
True
>>> [c.describe() for c in parse_where("appearances", ["date=2019-06"])]
['date in 2019-06']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.cells import json_value
from digital_labor_corpus.schema.catalog import close_matches, spec_for, unknown_column
from digital_labor_corpus.schema.records import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "Condition",
    "column_names",
    "parse_limit",
    "parse_where",
    "table_names",
]


def parse_limit(value: str | int | None, *, minimum: int = 1) -> int | None:
    """Return the number of rows ``--limit`` asks for; ``None`` for ``all``.

    ``show`` and ``search`` take the same limits as ``Corpus.search(limit=...)``: a whole
    number of 1 or more, or every row.

    Examples
    --------
    >>> parse_limit("5"), parse_limit(1), parse_limit("all")
    (5, 1, None)
    >>> parse_limit("0")
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
    between: tuple[dt.date, dt.date] | None = None
    """For a date given as a year or a month: the first and last day it spans."""

    def matches(self, row: Mapping[str, Any]) -> bool:
        """Whether ``row`` satisfies the filter.

        Examples
        --------
        >>> Condition("topics", "pay", in_list=True).matches({"topics": ["pay", "platforms"]})
        True
        >>> Condition("question_id", None).matches({"question_id": "q-1"})
        False
        >>> june = Condition("date", "2019-06", between=(dt.date(2019, 6, 1), dt.date(2019, 6, 30)))
        >>> june.matches({"date": dt.date(2019, 6, 14)}), june.matches({"date": dt.date(2019, 7, 1)})
        (True, False)
        """
        found = row[self.column]
        if self.value is None:
            return found is None
        if self.between is not None:
            return found is not None and self.between[0] <= found <= self.between[1]
        if self.in_list:
            return found is not None and self.value in found
        return bool(found == self.value)

    def describe(self) -> str:
        """The filter in words, for messages."""
        if self.value is None:
            return f"{self.column} is null"
        if self.between is not None and self.between[0] != self.between[1]:
            return f"{self.column} in {self.value}"
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
        from digital_labor_corpus.queries.resolve import date_bounds

        try:
            return date_bounds(text, text)
        except InvalidArgumentError:
            message = (
                f"{where}: {table}.{column} holds dates; write one as YYYY-MM-DD, or a whole month "
                "or year as YYYY-MM or YYYY, such as 2022-12-09, 2019-06 or 2020"
            )
            raise InvalidArgumentError(message) from None
    return text


# Columns whose values a user may name as the library's queries accept them: the table
# holding the names, and how the queries resolve a name there.
_NAMED = {"people.person_id": "people", "places.place_id": "places", "topics.topic_id": "topics"}


def _named_table(table: str, column: str, reference: str | None) -> str | None:
    """The table (people, places, topics) whose names ``table.column`` holds ids of, if any."""
    if reference in _NAMED:
        return _NAMED[reference]
    own = f"{table}.{column}"
    return _NAMED.get(own) if TABLES[table].primary_key == column else None


def _resolve(target: str, argument: str, text: str, tables: Callable[[str], pa.Table]) -> str:
    """The id that ``text`` names in ``target``, resolved as the library's queries do."""
    from digital_labor_corpus.queries import resolve

    if target == "people":
        found = resolve.resolve_people(tables("people"), text, argument=argument)
    elif target == "places":
        found = resolve.resolve_places(tables("places"), text, argument=argument)
    else:
        found = resolve.resolve_topics(tables("topics"), text, argument=argument)
    return found[0]


def parse_where(
    table: str, expressions: Iterable[str], *, tables: Callable[[str], pa.Table] | None = None
) -> list[Condition]:
    """Parse ``--where COLUMN=VALUE`` filters of ``table`` into :class:`Condition` objects.

    Parameters
    ----------
    table
        The table filtered.
    expressions
        The ``COLUMN=VALUE`` strings.
    tables
        Loads a table (``people``, ``places``, ``topics``) by name, to resolve a person,
        place or topic named as a user types it; without it, such values are taken as ids.

    Raises
    ------
    InvalidArgumentError
        For an expression without ``=``, a value that is not of the column's type, or a
        value outside the column's vocabulary; the message lists what is accepted.
    UnknownColumnError
        For a column the table does not have; the message lists its columns.
    UnknownRecordError
        For a person, place or topic the corpus does not have (with close matches);
        :class:`AmbiguousRecordError` for a name that fits several.

    Examples
    --------
    >>> parse_where("statistics", ["approximate=true", "reference_year=2019"])[1].value
    2019
    >>> from digital_labor_corpus import load
    >>> parse_where("quotes", ["speaker_id=casilli"], tables=load)[0].describe()
    "speaker_id = 'antonio-casilli'"
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
        target = _named_table(spec.name, column, spec.column(column).references)
        if target is not None and tables is not None:
            text = _resolve(target, f"--where {column}", text, tables)
        if type_name.startswith("list"):
            conditions.append(Condition(column, text, in_list=True))
            continue
        value = _read_value(spec.name, column, type_name, text)
        if type_name.startswith("date"):
            low, high = value
            conditions.append(Condition(column, low if low == high else text, between=(low, high)))
            continue
        vocabulary = spec.column(column).vocabulary
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
