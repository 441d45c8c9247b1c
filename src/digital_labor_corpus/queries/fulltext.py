"""Full-text indexes on SQLite FTS5: which columns are indexed, how, and the in-memory index of a corpus.

The same definitions serve the in-memory index that :meth:`Corpus.search` and the
``contains=`` filters query, and the SQLite export that Datasette searches:

- :data:`INDEXED`: for each searchable table, its verbatim, translated and other indexed
  text columns;
- :data:`TOKENIZER`: ``unicode61 remove_diacritics 2``, which drops case and accents;
- every text is folded by :func:`~digital_labor_corpus.queries.folding.fold_words` before
  it is indexed, as every query is before it is matched (ligatures, ellipses, apostrophes,
  spaces), and the original text is kept as the index's external content, so snippets
  show the words as written.

:func:`index_of` gives the :class:`FullText` index of a table source, built in memory on
its first search, one table at a time, and kept while the source lives. Building and
querying hold a lock, so threads may share a corpus.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from digital_labor_corpus.exceptions import CorpusError, InvalidArgumentError
from digital_labor_corpus.queries.folding import fold_words

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.scan import TableSource

__all__ = [
    "INDEXED",
    "LANGUAGES",
    "TOKENIZER",
    "FullText",
    "Hit",
    "Indexed",
    "check_fts5",
    "fts_table_sql",
    "index_of",
    "register_fold",
]

TOKENIZER = "unicode61 remove_diacritics 2"
LANGUAGES = ("fr", "en")
FOLD_FUNCTION = "dlc_fold_words"
# Marks around matched words in the snippets of the engine (never in the corpus's text).
OPEN, CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 32
# Up to this many hits, snippets are cut hit by hit after ranking; beyond, in one pass.
_ONE_BY_ONE = 200


@attrs.frozen
class Indexed:
    """A searchable table: its key, person column and indexed text columns."""

    key: str
    person: str | None
    verbatim: tuple[str, ...]
    translation: tuple[str, ...]
    other: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every indexed column: verbatim, translated, other."""
        return self.verbatim + self.translation + self.other

    @property
    def searched(self) -> tuple[str, ...]:
        """The columns :meth:`Corpus.search` looks in: verbatim first, then translations."""
        return self.verbatim + self.translation


INDEXED: dict[str, Indexed] = {
    "quotes": Indexed("quote_id", "speaker_id", ("text",), ("text_en",)),
    "claims": Indexed("claim_id", "claimant_id", ("text",), ("statement_en",)),
    "statistics": Indexed("statistic_id", None, ("text",), ("measure_en",), ("attributed_to",)),
    "appearances": Indexed("appearance_id", None, ("title",), ("summary_en",), ("outlet", "programme")),
}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def fts_table_sql(name: str, columns: Sequence[str], content: str) -> str:
    """The ``CREATE VIRTUAL TABLE`` of an external-content FTS5 index over ``content``'s rowids.

    Examples
    --------
    >>> print(fts_table_sql("quotes_fts", ["text", "text_en"], "quotes"))
    CREATE VIRTUAL TABLE "quotes_fts" USING fts5("text", "text_en", content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')
    """
    body = ", ".join(_quote(column) for column in columns)
    return (
        f"CREATE VIRTUAL TABLE {_quote(name)} USING fts5({body}, content='{content}', "
        f"content_rowid='rowid', tokenize='{TOKENIZER}')"
    )


def fill_sql(name: str, columns: Sequence[str], content: str, plain: Sequence[str] = ()) -> str:
    """The ``INSERT`` that indexes every row of ``content``, its texts folded (``plain`` as they are)."""
    names = ", ".join(_quote(column) for column in (*columns, *plain))
    folded = ", ".join(
        [f"{FOLD_FUNCTION}({_quote(column)})" for column in columns] + [_quote(column) for column in plain]
    )
    return f"INSERT INTO {_quote(name)} (rowid, {names}) SELECT rowid, {folded} FROM {_quote(content)}"


def _fold_cell(value: str | None) -> str | None:
    return fold_words(value) if isinstance(value, str) else value


def register_fold(connection: sqlite3.Connection) -> None:
    """Make :func:`fold_words` callable in SQL on ``connection`` as ``dlc_fold_words``."""
    connection.create_function(FOLD_FUNCTION, 1, _fold_cell, deterministic=True)


_PROBE = "CREATE VIRTUAL TABLE temp.dlc_fts5_probe USING fts5(x)"


def check_fts5(connection: sqlite3.Connection) -> None:
    """Raise :class:`CorpusError` unless ``connection``'s SQLite has the FTS5 extension.

    Examples
    --------
    >>> import sqlite3
    >>> check_fts5(sqlite3.connect(":memory:"))
    """
    try:
        connection.execute(_PROBE)
        connection.execute("DROP TABLE temp.dlc_fts5_probe")
    except sqlite3.Error as error:
        message = (
            f"Full-text search needs SQLite's FTS5 extension, which the sqlite3 module of this "
            f"Python lacks (SQLite {sqlite3.sqlite_version}: {error}). Use a Python whose SQLite "
            f"is compiled with FTS5 (python.org, conda and most Linux distributions' builds are)"
        )
        raise CorpusError(message) from None


@attrs.frozen
class Hit:
    """One matched record: its ids, relevance and one snippet per searched column."""

    table: str
    record_id: str
    appearance_id: str | None
    person_id: str | None
    language: str | None
    score: float
    snippets: dict[str, str | None]


def _in_memory() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    check_fts5(connection)
    register_fold(connection)
    return connection


class FullText:
    """The FTS5 index of one table source, in memory, built one table at a time on first use."""

    def __init__(self, source: TableSource) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._built: set[str] = set()

    def _ready(self, table: str) -> sqlite3.Connection:
        """The connection, with ``table`` indexed (call with the lock held)."""
        if self._connection is None:
            self._connection = _in_memory()
        if table not in self._built:
            self._build(self._connection, table)
            self._built.add(table)
        return self._connection

    def _rows(self, table: str) -> pa.Table:
        """The key, appearance, person, language and indexed texts of every row of ``table``."""
        import pyarrow.compute as pc

        from digital_labor_corpus.queries import compute as qa

        spec = INDEXED[table]
        own_language = table in ("quotes", "appearances")
        wanted = [spec.key, "appearance_id", *([spec.person] if spec.person else [])]
        wanted += ["language"] if own_language else []
        data = self._source.read(table, list(dict.fromkeys([*wanted, *spec.columns])))
        rows = data.num_rows
        if own_language:
            language = data.column("language")
        else:
            apps = self._source.dimension("appearances")
            where = pc.index_in(data.column("appearance_id"), value_set=apps.column("appearance_id"))
            language = apps.column("language").take(where)
        return qa.table(
            {
                "record_id": data.column(spec.key),
                "appearance_id": data.column("appearance_id"),
                "person_id": data.column(spec.person) if spec.person else qa.strings([None] * rows),
                "language": language,
                **{column: data.column(column) for column in spec.columns},
            }
        )

    def _build(self, connection: sqlite3.Connection, table: str) -> None:
        spec = INDEXED[table]
        rows = self._rows(table)
        content, index = f"{table}_content", f"{table}_fts"
        columns = ", ".join(_quote(name) + " TEXT" for name in rows.column_names)
        connection.execute(f"CREATE TABLE {_quote(content)} (rowid INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" for _ in range(rows.num_rows and len(rows.column_names) + 1))
        names = ", ".join(_quote(name) for name in rows.column_names)
        values = [rows.column(name).to_pylist() for name in rows.column_names]
        connection.execute("BEGIN")
        try:
            if rows.num_rows:
                connection.executemany(
                    f"INSERT INTO {_quote(content)} (rowid, {names}) VALUES ({marks})",
                    zip(range(1, rows.num_rows + 1), *values, strict=True),
                )
            connection.execute(fts_table_sql(index, [*spec.columns, "language"], content))
            connection.execute(fill_sql(index, spec.columns, content, plain=["language"]))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _expression(self, table: str, query: str, columns: Sequence[str] | None, lang: str | None) -> str:
        """The FTS5 expression of ``query`` over ``columns`` (or the searched columns for ``lang``)."""
        from digital_labor_corpus.queries.syntax import to_fts5

        expression = to_fts5(query)
        spec = INDEXED[table]

        def within(names: Sequence[str]) -> str:
            return "{" + " ".join(names) + "} : " + expression

        if columns is not None:
            return within(columns)
        if lang is None:
            return within(spec.searched)
        if lang == "fr":
            return f'({within(spec.verbatim)}) AND ({{language}} : "fr")'
        return f'({within(spec.translation)}) OR (({within(spec.verbatim)}) AND ({{language}} : "{lang}"))'

    def _run(self, query: str, sql: str, parameters: Sequence[Any]) -> list[Any]:
        assert self._connection is not None  # _ready was called
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            message = f"Cannot search for {query!r}: SQLite FTS5 refused the query ({error})"
            raise InvalidArgumentError(message) from None

    def ids(self, table: str, query: str, columns: Sequence[str]) -> list[str]:
        """The keys of the records of ``table`` whose ``columns`` match ``query``, in no order."""
        expression = self._expression(table, query, columns, None)
        with self._lock:
            self._ready(table)
            found = self._run(
                query,
                f"SELECT c.record_id FROM {table}_fts JOIN {table}_content c ON c.rowid = {table}_fts.rowid "
                f"WHERE {table}_fts MATCH ?",
                [expression],
            )
        return [row[0] for row in found]

    def search(self, table: str, query: str, lang: str | None, limit: int | None) -> list[Hit]:
        """The best ``limit`` hits of ``query`` in ``table`` (all for None), best first.

        Ranked by BM25 (higher ``score`` is better), ties by record id. Snippets are cut
        only for the hits returned, one per searched column, the matched words between
        :data:`OPEN` and :data:`CLOSE`.
        """
        spec = INDEXED[table]
        expression = self._expression(table, query, None, lang)
        weights = ", ".join(["1.0"] * len(spec.columns) + ["0.0"])  # the language column counts for nothing
        fts = f"{table}_fts"
        ranked = (
            f"SELECT {fts}.rowid, bm25({fts}, {weights}) AS s, c.record_id FROM {fts} "
            f"JOIN {table}_content c ON c.rowid = {fts}.rowid WHERE {fts} MATCH ? ORDER BY s, c.record_id LIMIT ?"
        )
        positions = {column: spec.columns.index(column) for column in spec.searched}
        cuts = ", ".join(
            f"snippet({fts}, {index}, '{OPEN}', '{CLOSE}', '…', {_SNIPPET_TOKENS})"
            for index in positions.values()
        )
        details = (
            f"SELECT c.record_id, c.appearance_id, c.person_id, c.language, bm25({fts}, {weights}), {cuts} "
            f"FROM {fts} JOIN {table}_content c ON c.rowid = {fts}.rowid WHERE {fts} MATCH ?"
        )
        with self._lock:
            self._ready(table)
            if limit is None or limit > _ONE_BY_ONE:
                found = self._run(query, details, [expression])
                found.sort(key=lambda row: (row[4], row[0]))
                found = found if limit is None else found[:limit]
            else:
                best = self._run(query, ranked, [expression, limit])
                found = [
                    self._run(query, details + f" AND {fts}.rowid = ?", [expression, rowid])[0]
                    for rowid, _, _ in best
                ]
        hits = []
        for record_id, appearance_id, person_id, language, bm25, *cut in found:
            hits.append(
                Hit(
                    table=table,
                    record_id=record_id,
                    appearance_id=appearance_id,
                    person_id=person_id,
                    language=language,
                    score=-bm25,
                    snippets=dict(zip(positions, cut, strict=True)),
                )
            )
        return hits


_INDEXES: weakref.WeakKeyDictionary[Any, FullText] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_of(source: TableSource) -> FullText:
    """The full-text index of ``source``: one per source, made on first use and kept while it lives."""
    with _INDEXES_LOCK:
        found = _INDEXES.get(source)
        if found is None:
            found = _INDEXES[source] = FullText(source)
        return found
