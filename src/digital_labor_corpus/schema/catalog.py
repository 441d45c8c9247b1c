"""Look up tables and columns by name, with errors that list what is accepted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from digital_labor_corpus.exceptions import UnknownColumnError, UnknownTableError
from digital_labor_corpus.schema.columns import Table, version_tuple
from digital_labor_corpus.schema.tables import TABLES

__all__ = [
    "check_columns",
    "close_matches",
    "column_meta",
    "did_you_mean",
    "schema_versions",
    "spec_for",
    "tables_in",
    "unknown_column",
]


def tables_in(version: str | None) -> list[str]:
    """The names of the tables dataset ``version`` has (every table for ``None``).

    Examples
    --------
    >>> "errata" in tables_in("1.0.0"), "errata" in tables_in(None)
    (False, True)
    """
    return [name for name, spec in TABLES.items() if spec.in_version(version)]


def schema_versions() -> list[str]:
    """The dataset versions that changed the schema (added a table or a column), oldest first.

    Examples
    --------
    >>> schema_versions()
    ['1.0.0', '1.1.0', '1.2.0']
    """
    found = {spec.since for spec in TABLES.values()}
    found |= {column.since for spec in TABLES.values() for column in spec.fields if column.since}
    return sorted(found, key=version_tuple)


def close_matches(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` of ``choices`` that look like ``value`` (for error messages).

    Examples
    --------
    >>> close_matches("quote", ["quotes", "claims", "places"])
    ['quotes']
    """
    import difflib

    return difflib.get_close_matches(value, list(choices), n=n, cutoff=0.6)


def did_you_mean(value: object, choices: Sequence[str]) -> str:
    """The " Did you mean ...?" end of an error message, or "" when nothing looks like ``value``.

    Examples
    --------
    >>> did_you_mean("csvv", ["csv", "json"])
    " Did you mean 'csv'?"
    >>> did_you_mean(3, ["csv"])
    ''
    """
    if not isinstance(value, str):
        return ""
    matches = close_matches(value, choices)
    return f" Did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""


def spec_for(table: object) -> Table:
    """Return the :class:`~.columns.Table` of ``table`` or raise :class:`UnknownTableError`.

    Examples
    --------
    >>> spec_for("topics").primary_key
    'topic_id'
    """
    if isinstance(table, str) and table in TABLES:
        return TABLES[table]
    names = list(TABLES)
    hint = did_you_mean(table, names)
    message = f"Unknown table {table!r}. The corpus has these tables: {', '.join(names)}.{hint}"
    raise UnknownTableError(message)


def unknown_column(table: str, column: object) -> UnknownColumnError:
    """Build the error for a column that ``table`` does not have."""
    columns = list(TABLES[table].columns)
    hint = did_you_mean(column, columns)
    message = f"Unknown column {column!r} in table {table!r}. Its columns are: {', '.join(columns)}.{hint}"
    return UnknownColumnError(message)


def check_columns(table: str, columns: object) -> list[str] | None:
    """Return ``columns`` as a list after checking each against ``table``'s columns.

    ``None`` means every column. A single string is not accepted, since it is almost
    always a mistake for a one-element list.
    """
    if columns is None:
        return None
    if isinstance(columns, str | bytes) or not isinstance(columns, Iterable):
        from digital_labor_corpus.exceptions import InvalidArgumentError

        message = (
            f"columns must be a list of column names or None, not {columns!r}; "
            f"for one column write columns=[{columns!r}]"
        )
        raise InvalidArgumentError(message)
    selected = list(columns)
    known = set(TABLES[table].columns)
    for column in selected:
        if not isinstance(column, str) or column not in known:
            raise unknown_column(table, column)
    if len(set(selected)) != len(selected):
        from digital_labor_corpus.exceptions import InvalidArgumentError

        twice = next(column for column in selected if selected.count(column) > 1)
        message = f"columns names {twice!r} more than once; name each column once"
        raise InvalidArgumentError(message)
    return selected


def column_meta(table: str, column: str) -> dict[str, Any]:
    """Return the metadata of one column: description, vocabulary, references ...

    Examples
    --------
    >>> column_meta("quotes", "speaker_id")["references"]
    'people.person_id'
    """
    spec = spec_for(table)
    if column not in spec.columns:
        raise unknown_column(table, column)
    found = spec.column(column)
    meta: dict[str, Any] = {
        "description": found.description,
        "vocabulary": found.vocabulary,
        "references": found.references,
        "verbatim": found.verbatim,
        "translation": found.translation,
        "since": found.since,
    }
    return meta
