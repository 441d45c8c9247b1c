"""Load the shipped corpus tables as pyarrow tables, pandas or Polars frames, or records.

Nothing heavy is imported until a table is asked for; each file is checked against its
manifest's SHA-256 before use and cached for the life of the process.

Examples
--------
>>> from digital_labor_corpus import load, records
>>> load("topics", columns=["topic_id"]).column_names
['topic_id']
>>> records("people")[0].person_id  # doctest: +ELLIPSIS
'...'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from digital_labor_corpus.exceptions import CorpusIntegrityError, UnknownColumnError
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import check_columns, spec_for, tables_in
from digital_labor_corpus.schema.tables import TABLES
from digital_labor_corpus.store.manifest import check_version_string
from digital_labor_corpus.store.storage import shipped_store

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from digital_labor_corpus.schema.records import Record
    from digital_labor_corpus.store.backends import Backend, DtypeBackend

__all__ = [
    "TableName",
    "load",
    "load_appearances",
    "load_claims",
    "load_errata",
    "load_people",
    "load_place_mentions",
    "load_places",
    "load_quotes",
    "load_sources",
    "load_statistics",
    "load_topics",
    "paths",
    "records",
    "tables",
    "versions",
]

TableName = Literal[
    "appearances",
    "quotes",
    "claims",
    "statistics",
    "places",
    "sources",
    "people",
    "place_mentions",
    "topics",
    "errata",
]


@checked
def tables(version: str | None = None) -> list[str]:
    """Return the names of the corpus's tables, the five main ones first.

    Parameters
    ----------
    version
        A dataset version: only the tables it has (``"1.0.1"`` has no ``errata``).
        ``None``: every table of the data model.

    Examples
    --------
    >>> tables()[:5]
    ['appearances', 'quotes', 'claims', 'statistics', 'places']
    >>> "errata" in tables("1.0.1")
    False

    Raises
    ------
    UnknownVersionError
        When ``version`` is not a version string of the form MAJOR.MINOR.PATCH.
    """
    if version is None:
        return tables_in(None)
    return tables_in(check_version_string(version))


def versions() -> list[str]:
    """Return the dataset versions shipped in this package, oldest first.

    Examples
    --------
    >>> versions()[-1]  # doctest: +SKIP
    '1.0.0'
    """
    return shipped_store().versions()


@overload
def load(
    name: TableName | str,
    *,
    version: str | None = ...,
    columns: Sequence[str] | None = ...,
    backend: Literal["pyarrow"] = ...,
    dtype_backend: DtypeBackend | None = ...,
) -> pa.Table: ...
@overload
def load(
    name: TableName | str,
    *,
    version: str | None = ...,
    columns: Sequence[str] | None = ...,
    backend: Literal["pandas"],
    dtype_backend: DtypeBackend | None = ...,
) -> pd.DataFrame: ...
@overload
def load(
    name: TableName | str,
    *,
    version: str | None = ...,
    columns: Sequence[str] | None = ...,
    backend: Literal["polars"],
    dtype_backend: DtypeBackend | None = ...,
) -> pl.DataFrame: ...
@checked
def load(
    name: TableName | str,
    *,
    version: str | None = None,
    columns: Sequence[str] | None = None,
    backend: Backend = "pyarrow",
    dtype_backend: DtypeBackend | None = None,
) -> Any:
    """Load one table of the corpus.

    Parameters
    ----------
    name
        A table name, one of :func:`tables`.
    version
        A shipped dataset version (``"1.0.0"``); the newest by default.
    columns
        The columns to return, in that order; all by default.
    backend
        ``"pyarrow"`` (a ``pyarrow.Table``), ``"pandas"`` or ``"polars"`` (a data frame;
        these need the ``pandas`` or ``polars`` extra).
    dtype_backend
        With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
        pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

    Returns
    -------
    pyarrow.Table | pandas.DataFrame | polars.DataFrame

    Raises
    ------
    UnknownTableError, UnknownVersionError, UnknownColumnError, UnknownBackendError
        For a name, version, column or backend the corpus does not have; the message lists
        the accepted values.
    CorpusIntegrityError
        When a shipped file is missing or does not match its manifest.

    Examples
    --------
    >>> quotes = load("quotes", columns=["quote_id", "text"])
    >>> quotes.column_names
    ['quote_id', 'text']
    >>> load("quotes", backend="polars").height == quotes.num_rows
    True
    """
    return _load(name, version, columns, backend, dtype_backend)


def _load(name: object, version: object, columns: object, backend: object, dtype_backend: object) -> Any:
    """:func:`load` without its overloads (the ``load_<table>`` functions call it)."""
    spec = spec_for(name)
    selected = check_columns(spec.name, columns)
    # The default (Arrow, no dtype_backend) needs nothing from the backends module: a fresh
    # process's first load does not import it.
    chosen: Backend = "pyarrow"
    if backend != "pyarrow" or dtype_backend is not None:
        from digital_labor_corpus.store.backends import check_backend

        chosen = check_backend(backend, dtype_backend)
    store = shipped_store()
    if selected is not None:
        resolved = store.resolve(version)
        present = spec.columns_in(resolved)
        missing = [c for c in selected if c not in present]
        if missing:
            since = spec.column_since(missing[0])
            message = (
                f"Column {missing[0]!r} of table {spec.name!r} is not in dataset version {resolved}: "
                f"it was added in {since}. Load version {since} or later, or leave the column out"
            )
            raise UnknownColumnError(message)
    if chosen == "polars":
        from digital_labor_corpus.store.backends import need_polars

        need_polars()
        frame = store.polars(spec.name, version)  # read by Polars itself from the verified bytes
        return frame if selected is None else frame.select(selected)
    table = store.table(spec.name, version)
    if selected is not None:
        table = table.select(selected)
    if chosen == "pyarrow" and dtype_backend is None:
        return table
    from digital_labor_corpus.store.backends import to_backend

    return to_backend(table, chosen, dtype_backend)


@checked
def records(name: TableName | str, *, version: str | None = None) -> list[Record]:
    """Load one table as a list of typed, frozen ``attrs`` records.

    The record classes are in :mod:`digital_labor_corpus.schema.records` (``Quote``, ``Claim`` ...).

    Examples
    --------
    >>> from digital_labor_corpus.schema.records import Topic
    >>> all(isinstance(t, Topic) for t in records("topics"))
    True
    """
    from digital_labor_corpus.schema.convert import rows_to_records
    from digital_labor_corpus.schema.records import TABLES as RECORDS

    spec = spec_for(name)
    table = shipped_store().table(spec.name, version)
    try:
        return list(rows_to_records(table.to_pylist(), RECORDS[spec.name].record))
    except Exception as error:  # cattrs raises exception groups naming each bad field
        message = f"Table {spec.name!r} of version {version or 'newest'} does not fit its schema: {error}"
        raise CorpusIntegrityError(message) from None


@checked
def paths(version: str | None = None) -> dict[str, str]:
    """Return the Parquet file of every table of ``version``, for DuckDB, Polars, Spark ...

    Examples
    --------
    >>> paths()["quotes"].endswith("quotes.parquet")
    True
    """
    store = shipped_store()
    resolved = store.resolve(version)
    return {name: str(store.file_path(resolved, name)) for name in tables_in(resolved)}


class TableLoader(Protocol):
    """The signature shared by the ``load_<table>`` functions."""

    @overload
    def __call__(
        self,
        *,
        version: str | None = ...,
        columns: Sequence[str] | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def __call__(
        self,
        *,
        version: str | None = ...,
        columns: Sequence[str] | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def __call__(
        self,
        *,
        version: str | None = ...,
        columns: Sequence[str] | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...


def _column_lines(name: str) -> str:
    lines = []
    for column in TABLES[name].fields:
        extra = []
        if column.vocabulary:
            extra.append(f"vocabulary: {column.vocabulary}")
        if column.references:
            extra.append(f"references {column.references}")
        if column.since:
            extra.append(f"since dataset {column.since}")
        suffix = f" ({'; '.join(extra)})" if extra else ""
        lines.append(f"    ``{column.name}``: {column.description}{suffix}")
    return "\n".join(lines)


def _table_loader(name: str) -> TableLoader:
    def loader(
        *,
        version: str | None = None,
        columns: Sequence[str] | None = None,
        backend: Backend = "pyarrow",
        dtype_backend: DtypeBackend | None = None,
    ) -> Any:
        return _load(name, version, columns, backend, dtype_backend)

    loader.__name__ = loader.__qualname__ = f"load_{name}"
    loader.__module__ = __name__
    spec = TABLES[name]
    loader.__doc__ = (
        f"Load the ``{name}`` table: {spec.description}\n\n"
        f"Same keywords as :func:`load` (``version``, ``columns``, ``backend``, ``dtype_backend``).\n\n"
        f"Columns\n-------\n{_column_lines(name)}\n\n"
        f"Examples\n--------\n"
        f">>> load_{name}().num_rows > 0\nTrue\n"
        f">>> load_{name}(columns=[{spec.primary_key!r}]).column_names\n[{spec.primary_key!r}]\n"
    )
    return loader  # the overloads of TableLoader describe it


load_appearances = _table_loader("appearances")
load_quotes = _table_loader("quotes")
load_claims = _table_loader("claims")
load_statistics = _table_loader("statistics")
load_places = _table_loader("places")
load_sources = _table_loader("sources")
load_people = _table_loader("people")
load_place_mentions = _table_loader("place_mentions")
load_topics = _table_loader("topics")
load_errata = _table_loader("errata")
