"""The :meth:`~digital_labor_corpus.queries.corpus.Corpus.search` helper: check, search, rank, show.

Each table is scanned with the search expression pushed into the scan; every row group
keeps only its best hits, so a search over a million quotes holds a page of hits, not the
matches. Snippets are cut only for the hits returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.queries import compute as qa
from digital_labor_corpus.queries.helpers import lookup
from digital_labor_corpus.queries.matching import SEARCHABLE, search_pattern, search_table, snippet, top
from digital_labor_corpus.schema.catalog import close_matches

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.scan import TableSource

__all__ = ["run_search"]

_LANG = re.compile(r"^[a-z]{2}$")


def _check_tables(tables: object) -> list[str]:
    chosen = [tables] if isinstance(tables, str) else tables
    if not isinstance(chosen, list | tuple) or not chosen:
        message = f"tables must be a non-empty list of table names, not {tables!r}"
        raise InvalidArgumentError(message)
    for name in chosen:
        if name not in SEARCHABLE:
            hint = close_matches(name, SEARCHABLE) if isinstance(name, str) else []
            did = f" Did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
            message = f"Cannot search table {name!r}. Searchable tables: {', '.join(SEARCHABLE)}.{did}"
            raise InvalidArgumentError(message)
    return list(dict.fromkeys(chosen))


def _check(lang: object, limit: object) -> None:
    if lang is not None and not (isinstance(lang, str) and _LANG.match(lang)):
        message = f"lang must be None or a two-letter ISO 639-1 code such as 'fr' or 'en', not {lang!r}"
        raise InvalidArgumentError(message)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        message = f"limit must be a whole number >= 1, or None for every hit, not {limit!r}"
        raise InvalidArgumentError(message)


def run_search(
    source: TableSource, text: object, *, tables: Sequence[str], lang: str | None, limit: int | None
) -> pa.Table:
    """The hits of ``text`` in ``tables``, best first, with snippets, dates and names."""
    import pyarrow as pa

    pattern = search_pattern(text)
    chosen = _check_tables(tables)
    _check(lang, limit)
    parts = [search_table(source, name, pattern, lang, limit) for name in chosen]
    hits = top(pa.concat_tables(parts) if len(parts) > 1 else parts[0], limit)
    cut = [snippet(value or "", pattern) for value in hits.column("matched_text").to_pylist()]
    apps = source.dimension("appearances")
    dates = lookup(hits.column("appearance_id"), apps, "appearance_id", "date")
    people = source.dimension("people")
    names = lookup(hits.column("person_id"), people, "person_id", "name")
    return qa.table(
        {
            "table": hits.column("table"),
            "record_id": hits.column("record_id"),
            "score": hits.column("score"),
            "field": hits.column("field"),
            "snippet": qa.strings([piece for piece, _ in cut]),
            "match": qa.strings([found for _, found in cut]),
            "date": dates,
            "appearance_id": hits.column("appearance_id"),
            "person_id": hits.column("person_id"),
            "person": names,
        }
    )
