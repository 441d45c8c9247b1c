"""Find any record by its id, and the source text around it.

Record ids are unique within a table; :func:`find_record` looks for an id in every table
that has spans (quotes, claims, statistics, place mentions, appearances). In a directory
sorted by key, the lookup reads one row group of one column per table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from digital_labor_corpus.exceptions import (
    AmbiguousRecordError,
    CorpusIntegrityError,
    InvalidArgumentError,
    UnknownRecordError,
)
from digital_labor_corpus.queries import compute as qa
from digital_labor_corpus.queries.predicates import In
from digital_labor_corpus.schema.catalog import close_matches
from digital_labor_corpus.schema.tables import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.sources import TableSource


__all__ = ["SPANNED", "Context", "find_record", "source_context"]

# The tables whose records have a span in a source, in the order they are searched.
SPANNED = ("quotes", "claims", "statistics", "place_mentions", "appearances")


class Context:
    """A record's words and the source text around them.

    ``text`` is the source slice of the record's span; ``before`` and ``after`` are up
    to ``chars`` characters of the source on either side. ``str()`` shows the three with
    the record's words between ⟦ and ⟧. :meth:`Corpus.context` returns one. It is
    immutable, compares by value and hashes (a plain class: queries import no attrs).

    Examples
    --------
    >>> found = Context("quotes", "q1", "src", 8, 13, before="Le clic ", text="paie ", after="mal")
    >>> str(found)
    'Le clic ⟦paie ⟧mal'
    >>> found == Context("quotes", "q1", "src", 8, 13, "Le clic ", "paie ", "mal")
    True
    """

    __slots__ = ("after", "before", "record_id", "source_id", "span_end", "span_start", "table", "text")
    _FIELDS = ("table", "record_id", "source_id", "span_start", "span_end", "before", "text", "after")

    table: str
    record_id: str
    source_id: str
    span_start: int
    span_end: int
    before: str
    text: str
    after: str

    def __init__(  # noqa: PLR0917 - the positional signature of the former attrs class
        self,
        table: str,
        record_id: str,
        source_id: str,
        span_start: int,
        span_end: int,
        before: str,
        text: str,
        after: str,
    ) -> None:
        values = (table, record_id, source_id, span_start, span_end, before, text, after)
        for name, value in zip(self._FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Context is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Context is immutable: cannot delete {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Context) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"Context({fields})"

    def __str__(self) -> str:
        return f"{self.before}⟦{self.text}⟧{self.after}"


def _check_table(table: object) -> tuple[str, ...]:
    if table is None:
        return SPANNED
    if isinstance(table, str) and table in SPANNED:
        return (table,)
    hint = close_matches(table, SPANNED) if isinstance(table, str) else []
    did = f" Did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
    message = f"table={table!r} holds no records with a span. Accepted tables: {', '.join(SPANNED)}.{did}"
    raise InvalidArgumentError(message)


def find_record(
    source: TableSource, record_id: object, columns: list[str], table: object = None
) -> tuple[str, dict[str, Any]]:
    """The table holding ``record_id`` and the record's ``columns`` (those the table has)."""
    from digital_labor_corpus.queries.resolve import nearest_ids

    if not isinstance(record_id, str):
        message = f"record_id must be a record id string such as a quote_id, not {record_id!r}"
        raise InvalidArgumentError(message)
    searched = _check_table(table)

    def rows_in(name: str) -> list[tuple[str, dict[str, Any]]]:
        key = TABLES[name].primary_key
        known = TABLES[name].columns
        wanted = [key, *[c for c in columns if c in known and c != key and source.has_column(name, c)]]
        return [
            (name, row) for row in source.scan(name, wanted, In(key, qa.strings([record_id]))).to_pylist()
        ]

    found = [hit for hits in source.each_table(rows_in, searched) for hit in hits]
    if len(found) == 1:
        return found[0]
    if found:
        tables = ", ".join(name for name, _ in found)
        message = f"record_id {record_id!r} is in several tables ({tables}): pass table= to choose one"
        raise AmbiguousRecordError(message)
    close: list[str] = []
    for name in searched:
        key = TABLES[name].primary_key
        ids = source.scan(name, [key], _near(source, name, key, record_id)).column(key)
        close.extend(nearest_ids(ids, record_id, n=3))
    hint = f" Close matches: {', '.join(repr(c) for c in close[:5])}." if close else ""
    message = f"No record has the id {record_id!r} (looked in {', '.join(searched)}).{hint}"
    raise UnknownRecordError(message)


def _near(source: TableSource, table: str, key: str, record_id: str) -> Any:
    """A predicate keeping the keys that share the most leading ``-``-separated parts with ``record_id``."""
    from digital_labor_corpus.queries.predicates import Between

    parts = record_id.split("-")
    for count in range(len(parts) - 1, 0, -1):
        prefix = "-".join(parts[:count]) + "-"
        between = Between(key, prefix, prefix + "\U0010ffff")
        if source.scan(table, [key], between).num_rows:
            return between
    return None


def source_context(source: TableSource, record_id: object, chars: object, table: object = None) -> Context:
    """The source text around ``record_id``: ``chars`` characters before and after its span."""

    if isinstance(chars, bool) or not isinstance(chars, int) or chars < 0:
        message = f"chars must be a whole number of characters >= 0, not {chars!r}"
        raise InvalidArgumentError(message)
    name, row = find_record(
        source, record_id, ["appearance_id", "source_id", "span_start", "span_end"], table
    )
    source_id = row.get("source_id")
    if source_id is None:
        apps = source.dimension("appearances")
        source_id = _one(apps, "appearance_id", row["appearance_id"], "source_id")
    texts = source.scan("sources", ["source_id", "text"], In("source_id", qa.strings([source_id])))
    if texts.num_rows == 0:
        message = f"{name} {record_id!r} lies in source {source_id!r}, which {source.where} lacks"
        raise CorpusIntegrityError(message)
    text: str = texts.column("text")[0].as_py()
    start, end = row["span_start"], row["span_end"]
    return Context(
        table=name,
        record_id=str(record_id),
        source_id=source_id,
        span_start=start,
        span_end=end,
        before=text[max(0, start - chars) : start],
        text=text[start:end],
        after=text[end : end + chars],
    )


def _one(table: pa.Table, key: str, value: str, column: str) -> Any:
    import pyarrow.compute as pc

    rows = table.filter(pc.equal(table.column(key), qa.scalar(value)))
    return rows.column(column)[0].as_py() if rows.num_rows else None
