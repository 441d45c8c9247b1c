"""The annotated source: a source text with its appearances and its layers of spans.

The TEI, Web Annotation and brat exports and the reading room all start here: for each
source document, the records of the four span tables (``quotes``, ``claims``,
``statistics``, ``place_mentions``) that point into it, in text order, with the people,
places and topics they refer to. Offsets are Unicode code points into ``sources.text``,
end exclusive, as in the tables.

Examples
--------
>>> from digital_labor_corpus import load
>>> from digital_labor_corpus.schema.records import TABLES
>>> [document] = annotated_sources({name: load(name) for name in TABLES})
>>> span = document.spans[0]
>>> document.text[span.start : span.end] == span.record.get("text", document.text[span.start : span.end])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "LAYERS",
    "NEEDED_TABLES",
    "AnnotatedSource",
    "Span",
    "annotated_sources",
    "check_tables_present",
]

#: The span tables, in the order a layer is drawn when two spans start and end together.
LAYERS: Final = ("quotes", "place_mentions", "statistics", "claims")
#: The tables an annotation export reads.
NEEDED_TABLES: Final = (
    "sources",
    "appearances",
    "people",
    "places",
    "topics",
    "quotes",
    "claims",
    "statistics",
    "place_mentions",
)
_KEYS: Final = {
    "quotes": "quote_id",
    "claims": "claim_id",
    "statistics": "statistic_id",
    "place_mentions": "mention_id",
}


@attrs.frozen
class Span:
    """One record of a span table, where it lies in its source.

    Attributes
    ----------
    table
        ``quotes``, ``claims``, ``statistics`` or ``place_mentions``.
    key
        The record's primary key.
    start, end
        Code-point offsets into the source text, end exclusive.
    record
        The record's row, column name to value.
    """

    table: str
    key: str
    start: int
    end: int
    record: Mapping[str, Any] = attrs.field(eq=False, repr=False)


@attrs.frozen
class AnnotatedSource:
    """A source text, its appearances and its spans, with the records they refer to.

    Attributes
    ----------
    source
        The ``sources`` row.
    appearances
        The rows of the source's appearances, in text order.
    spans
        Every span of the four span tables in the source, by start, longest first, then
        in the order of :data:`LAYERS`.
    people, places, topics
        The rows of those tables, by key.
    """

    source: Mapping[str, Any]
    appearances: tuple[Mapping[str, Any], ...]
    spans: tuple[Span, ...]
    people: Mapping[str, Mapping[str, Any]]
    places: Mapping[str, Mapping[str, Any]]
    topics: Mapping[str, Mapping[str, Any]]

    @property
    def source_id(self) -> str:
        """The source's key."""
        return str(self.source["source_id"])

    @property
    def text(self) -> str:
        """The source's whole text."""
        return str(self.source["text"])

    @property
    def top_level(self) -> tuple[Mapping[str, Any], ...]:
        """The appearances without a parent, in text order."""
        return tuple(a for a in self.appearances if a["parent_id"] is None)

    def by_table(self, table: str) -> list[Span]:
        """The spans of one table, in text order."""
        return [span for span in self.spans if span.table == table]


def check_tables_present(data: Mapping[str, pa.Table], fmt: str) -> None:
    """Raise :class:`InvalidArgumentError` unless ``data`` holds every table of :data:`NEEDED_TABLES`.

    Examples
    --------
    >>> check_tables_present({}, "tei")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: The tei export annotates a source with all its layers and needs the tables sources, appearances, ...; missing: sources, ...
    """
    missing = [name for name in NEEDED_TABLES if name not in data]
    if missing:
        message = (
            f"The {fmt} export annotates a source with all its layers and needs the tables "
            f"{', '.join(NEEDED_TABLES)}; missing: {', '.join(missing)}"
        )
        raise InvalidArgumentError(message)


def _by_key(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {str(row[key]): row for row in rows}


def annotated_sources(data: Mapping[str, pa.Table]) -> list[AnnotatedSource]:
    """Gather each source of ``data`` with its appearances and spans.

    Parameters
    ----------
    data
        Table name to ``pyarrow.Table``, with every table of :data:`NEEDED_TABLES`.

    Returns
    -------
    list of AnnotatedSource
        One per source, in the order of the ``sources`` table.

    Raises
    ------
    InvalidArgumentError
        If a table is missing, a span lies outside its source's text, or a verbatim
        ``text`` differs from the slice of the source that its offsets point to.
    """
    check_tables_present(data, "annotation")
    rows = {name: data[name].to_pylist() for name in NEEDED_TABLES}
    appearances = _by_key(rows["appearances"], "appearance_id")
    people = _by_key(rows["people"], "person_id")
    places = _by_key(rows["places"], "place_id")
    topics = _by_key(rows["topics"], "topic_id")
    texts = {str(row["source_id"]): str(row["text"]) for row in rows["sources"]}
    spans: dict[str, list[Span]] = {source: [] for source in texts}
    for table in LAYERS:
        for row in rows[table]:
            key = str(row[_KEYS[table]])
            source = row.get("source_id") or appearances.get(str(row["appearance_id"]), {}).get("source_id")
            if source not in texts:
                message = (
                    f"{table} {key!r} points to no source of the tables (appearance {row['appearance_id']!r})"
                )
                raise InvalidArgumentError(message)
            text = texts[source]
            start, end = int(row["span_start"]), int(row["span_end"])
            if not 0 <= start <= end <= len(text):
                message = (
                    f"{table} {key!r} has the span [{start}, {end}), outside its source {source!r} "
                    f"of {len(text)} characters"
                )
                raise InvalidArgumentError(message)
            verbatim = row.get("text")
            if verbatim is not None and verbatim != text[start:end]:
                message = f"{table} {key!r}: its text is not the slice [{start}, {end}) of source {source!r}"
                raise InvalidArgumentError(message)
            spans[source].append(Span(table, key, start, end, row))
    order = {table: index for index, table in enumerate(LAYERS)}
    documents = []
    for row in rows["sources"]:
        source = str(row["source_id"])
        own = sorted(
            (a for a in rows["appearances"] if a["source_id"] == source),
            key=lambda a: (a["span_start"], -a["span_end"]),
        )
        ordered = sorted(spans[source], key=lambda s: (s.start, -s.end, order[s.table], s.key))
        documents.append(AnnotatedSource(row, tuple(own), tuple(ordered), people, places, topics))
    return documents
