"""The :meth:`~digital_labor_corpus.queries.corpus.Corpus.search` helper: check, search, rank, show.

The query goes to the corpus's FTS5 index (:mod:`.fulltext`), table by table; the best
hits of each are merged by BM25 score, and the snippet of each hit is cut from the first
searched column (verbatim text first) in which a word matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.queries import compute as qa
from digital_labor_corpus.queries.fulltext import CLOSE, INDEXED, LANGUAGES, OPEN, Hit, index_of
from digital_labor_corpus.queries.helpers import lookup
from digital_labor_corpus.schema.catalog import close_matches

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.sources import TableSource

__all__ = ["MARK", "check_lang", "run_search"]

MARK = "**"
"""What a snippet puts on both sides of the words that matched."""


def _check_tables(tables: object) -> list[str]:
    chosen = [tables] if isinstance(tables, str) else tables
    if not isinstance(chosen, list | tuple) or not chosen:
        message = f"tables must be a non-empty list of table names, not {tables!r}"
        raise InvalidArgumentError(message)
    for name in chosen:
        if name not in INDEXED:
            hint = close_matches(name, INDEXED) if isinstance(name, str) else []
            did = f" Did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
            message = f"Cannot search table {name!r}. Searchable tables: {', '.join(INDEXED)}.{did}"
            raise InvalidArgumentError(message)
    return list(dict.fromkeys(chosen))


def check_lang(lang: object) -> str | None:
    """``lang`` in lower case if it is ``"fr"`` or ``"en"`` (any case), None for None, else raise.

    Examples
    --------
    >>> check_lang("EN")
    'en'
    >>> check_lang("de")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: lang must be 'fr' (the French verbatim text) or 'en' (the English translations), in any case, not 'de'
    """
    if lang is None:
        return None
    if isinstance(lang, str) and lang.lower() in LANGUAGES:
        return lang.lower()
    message = (
        "lang must be 'fr' (the French verbatim text) or 'en' (the English translations), "
        f"in any case, not {lang!r}"
    )
    raise InvalidArgumentError(message)


def _check_limit(limit: object) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        message = f"limit must be a whole number >= 1, or None for every hit, not {limit!r}"
        raise InvalidArgumentError(message)


def _shown(hit: Hit, lang: str | None) -> tuple[str, str, str]:
    """The field a hit is shown from, its snippet with the matches marked, and the first match."""
    spec = INDEXED[hit.table]
    eligible = [
        column
        for column in spec.searched
        if (column in spec.translation and lang in (None, "en"))
        or (column in spec.verbatim and lang in (None, hit.language))
    ]
    marked = [column for column in eligible if OPEN in (hit.snippets[column] or "")]
    field = (marked or eligible or list(spec.searched))[0]
    cut = " ".join((hit.snippets[field] or "").split())
    match = ""
    if OPEN in cut:
        match = cut.split(OPEN, 1)[1].split(CLOSE, 1)[0]
    return field, cut.replace(OPEN, MARK).replace(CLOSE, MARK), match


def run_search(
    source: TableSource, text: object, *, tables: Sequence[str], lang: object, limit: object
) -> pa.Table:
    """The hits of ``text`` in ``tables``, best first, with snippets, dates and names."""
    from digital_labor_corpus.queries.syntax import to_fts5

    to_fts5(text)  # a malformed query is reported before anything is read
    chosen = _check_tables(tables)
    language = check_lang(lang)
    _check_limit(limit)
    assert isinstance(text, str)  # to_fts5 checked it
    assert limit is None or isinstance(limit, int)
    index = index_of(source)
    index.build(*chosen)
    if len(chosen) > 1:  # each table has its own database: SQLite ranks them on several cores
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(chosen), thread_name_prefix="dlc-search") as pool:
            found = list(pool.map(lambda table: index.search(table, text, language, limit), chosen))
    else:
        found = [index.search(chosen[0], text, language, limit)]
    hits = [hit for part in found for hit in part]
    hits.sort(key=lambda hit: (-hit.score, hit.table, hit.rowid))
    hits = hits if limit is None else hits[:limit]
    shown = [_shown(hit, language) for hit in hits]
    appearance_ids = qa.strings([hit.appearance_id for hit in hits])
    person_ids = qa.strings([hit.person_id for hit in hits])
    return qa.table(
        {
            "table": qa.strings([hit.table for hit in hits]),
            "record_id": qa.strings([hit.record_id for hit in hits]),
            "score": qa.floats([hit.score for hit in hits]),
            "field": qa.strings([field for field, _, _ in shown]),
            "snippet": qa.strings([cut for _, cut, _ in shown]),
            "match": qa.strings([match for _, _, match in shown]),
            "date": lookup(appearance_ids, source.dimension("appearances"), "appearance_id", "date"),
            "appearance_id": appearance_ids,
            "person_id": person_ids,
            "person": lookup(person_ids, source.dimension("people"), "person_id", "name"),
        }
    )
