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

:func:`index_of` gives the :class:`FullText` index of a table source, built on its first
search, one table at a time, and kept while the source lives: in memory for a small
table, in a file that later processes reuse for a large one (:mod:`.fulltext_cache`).
Building and querying hold a lock, so threads may share a corpus. A kept file also holds
the shortlists of its frequent words (:mod:`.shortlist`): the best hits of a one-word
search, ranked when the file is written, which :meth:`FullText.search` reads instead of
ranking every match when they give the same answer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digital_labor_corpus.exceptions import CorpusError, InvalidArgumentError
from digital_labor_corpus.queries import shortlist
from digital_labor_corpus.queries.folding import fold_words

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.sources import TableSource

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
# Up to this many hits, snippets are cut hit by hit after ranking (each a seek in the index);
# beyond, for every match in one pass.
_ONE_BY_ONE = 2_000
# Rows copied into SQLite per batch while an index is built.
_CHUNK = 50_000


@dataclasses.dataclass(frozen=True, slots=True)
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


#: Joins the keys :meth:`FullText.ids` fetches in one string: the ASCII unit separator,
#: which no key of the shipped corpora holds (a key that does is fetched the slow way).
_KEY_SEPARATOR = "\x1f"


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


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """One matched record: its ids, relevance and one snippet per searched column."""

    table: str
    rowid: int  # the record's position in its table, from 1: ties rank in file order
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


def _on_disk(path: Path) -> sqlite3.Connection:
    """A connection to build an index file in: no journal, no syncs (the file is renamed when whole)."""
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    check_fts5(connection)
    register_fold(connection)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -65536", "page_size = 8192"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


@dataclasses.dataclass(slots=True)
class _Table:
    """One table's index: its own database (so tables build in parallel), lock and origin."""

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    connection: sqlite3.Connection | None = None
    origin: str = ""  # "memory", "built" (into a kept file) or "kept" (a file from before)
    kept: Path | None = None
    shortlists: shortlist.Shortlists | None = None  # a kept file's lists of frequent words' best hits


class FullText:
    """The FTS5 index of one table source, built one table at a time on first use.

    A large table's index is kept in a file (:mod:`.fulltext_cache`) and reused by later
    processes; ``builds`` counts the tables this object indexed itself.
    """

    def __init__(self, source: TableSource) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._tables: dict[str, _Table] = {}
        self.builds = 0

    def _entry(self, table: str) -> _Table:
        with self._lock:
            return self._tables.setdefault(table, _Table())

    def build(self, *tables: str) -> None:
        """Index ``tables`` now, in parallel threads (each is otherwise indexed on its first search).

        SQLite releases the interpreter lock while it tokenizes, so two tables build on two
        cores. A table whose kept index is whole is opened, not built.
        """
        missing = [table for table in dict.fromkeys(tables) if self._entry(table).connection is None]
        if len(missing) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=len(missing), thread_name_prefix="dlc-fts") as pool:
                list(pool.map(self._ready, missing))
        for table in missing:
            self._ready(table)

    def origin(self, table: str) -> str:
        """How ``table``'s index came: ``"memory"``, ``"built"`` (and kept in a file), ``"kept"`` or ``""``."""
        return self._entry(table).origin

    def size(self) -> int:
        """Bytes of the indexes' databases: the indexed tables' text and their FTS5 indexes."""
        total = 0
        for table in list(self._tables):
            entry = self._entry(table)
            with entry.lock:
                if entry.connection is not None:
                    pages = entry.connection.execute("PRAGMA page_count").fetchone()[0]
                    total += int(pages) * int(entry.connection.execute("PRAGMA page_size").fetchone()[0])
        return total

    def _ready(self, table: str) -> None:
        entry = self._entry(table)
        with entry.lock:
            if entry.connection is None:
                self._open(entry, table)

    def _open(self, entry: _Table, table: str) -> None:
        """Open ``table``'s kept index, or build it: into a kept file when large, else in memory."""
        from digital_labor_corpus.queries import fulltext_cache as kept

        place = kept.kept_path(self._source, table, TOKENIZER) if entry.origin != "memory" else None
        if place is not None:
            connection = kept.open_kept(place, table)
            if connection is not None:
                self._opened(entry, table, connection, "kept", place)
                return
        rows = [self._rows(table)]  # handed over to _build, which frees it before indexing
        with self._lock:  # tables build in parallel threads
            self.builds += 1
        if place is not None and rows[0].num_rows >= kept.PERSIST_ROWS:
            try:
                built = kept.temporary(place)
            except OSError:  # not writable: keep the index in memory
                built = None
            if built is not None:
                try:
                    with contextlib.closing(_on_disk(built)) as connection:
                        self._build(connection, table, rows)
                        connection.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")
                        shortlist.write(
                            connection,
                            f"{table}_fts",
                            INDEXED[table].searched,
                            _ranked(table),
                            TOKENIZER,
                            min_docs=shortlist.MIN_DOCS,
                            depth=shortlist.DEPTH,
                        )
                        kept.mark(connection, place, table)
                    kept.publish(built, place)
                except (OSError, sqlite3.Error):  # a full disk, a file taken away: in memory instead
                    kept.discard(built)
                else:
                    connection = kept.open_kept(place, table)
                    if connection is not None:
                        self._opened(entry, table, connection, "built", place)
                        return
        connection = _in_memory()
        self._build(connection, table, rows or [self._rows(table)])
        entry.connection, entry.origin, entry.kept = connection, "memory", None

    @staticmethod
    def _opened(entry: _Table, table: str, connection: sqlite3.Connection, origin: str, place: Path) -> None:
        """Use the kept index file ``place``, opened as ``connection``, and its shortlists if it has them."""
        lists = shortlist.Shortlists.of(connection, INDEXED[table].searched, _ranked(table))
        entry.connection, entry.origin, entry.kept, entry.shortlists = connection, origin, place, lists

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

    def _build(self, connection: sqlite3.Connection, table: str, given: list[pa.Table]) -> None:
        """Copy the rows in ``given`` (taken out of it, to be freed early) into ``connection`` and index them."""
        spec = INDEXED[table]
        rows = given.pop()
        content, index = f"{table}_content", f"{table}_fts"
        columns = ", ".join(_quote(name) + " TEXT" for name in rows.column_names)
        connection.execute(f"CREATE TABLE {_quote(content)} (rowid INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" for _ in range(len(rows.column_names) + 1))
        names = ", ".join(_quote(name) for name in rows.column_names)
        connection.execute("BEGIN")
        try:
            insert = f"INSERT INTO {_quote(content)} (rowid, {names}) VALUES ({marks})"
            for start in range(0, rows.num_rows, _CHUNK):  # a chunk at a time: few Python strings alive
                chunk = rows.slice(start, _CHUNK)
                values = [chunk.column(name).to_pylist() for name in chunk.column_names]
                rowids = range(start + 1, start + chunk.num_rows + 1)
                connection.executemany(insert, zip(rowids, *values, strict=True))
            del rows
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
            return shortlist.scope(names) + expression

        if columns is not None:
            return within(columns)
        if lang is None:
            return within(spec.searched)
        if lang == "fr":
            return f'({within(spec.verbatim)}) AND ({{language}} : "fr")'
        return f'({within(spec.translation)}) OR (({within(spec.verbatim)}) AND ({{language}} : "{lang}"))'

    def _run(self, table: str, query: str, sql: str, parameters: Sequence[Any]) -> list[Any]:
        """Rows of ``sql`` on ``table``'s index, built first if need be; SQLite errors become ours.

        A kept index file found damaged while it is read is removed, and the table is
        indexed again in memory for this process.
        """
        from digital_labor_corpus.queries import fulltext_cache as kept

        for _ in range(2):
            self._ready(table)
            entry = self._entry(table)
            with entry.lock:
                assert entry.connection is not None  # _ready built it
                try:
                    return entry.connection.execute(sql, parameters).fetchall()
                except sqlite3.OperationalError as error:
                    message = f"Cannot search for {query!r}: SQLite FTS5 refused the query ({error})"
                    raise InvalidArgumentError(message) from None
                except sqlite3.DatabaseError:
                    if entry.kept is None:
                        raise
                    entry.connection.close()
                    kept.discard(entry.kept)
                    entry.connection, entry.origin, entry.kept, entry.shortlists = None, "memory", None, None
        raise AssertionError  # pragma: no cover - the second pass runs on an index in memory

    def ids(self, table: str, query: str, columns: Sequence[str]) -> pa.Array:
        """The keys of the records of ``table`` whose ``columns`` match ``query``, in no order.

        An Arrow string array. SQLite joins the keys into one string, which Arrow splits:
        a row per match through Python costs twice as much (74,660 matches at a million
        quotes: about 100 ms against 150 ms). A key that holds the separator would be cut
        in two; the count of keys, taken in the same statement, catches it, and the keys
        are then fetched one row each. A null key is neither joined nor counted, and a
        filter on keys matches no null anyway.
        """
        import pyarrow.compute as pc

        from digital_labor_corpus.queries.compute import strings  # pa.array() of a list imports pandas

        expression = self._expression(table, query, columns, None)
        matches = f"{table}_content WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
        ((count, joined),) = self._run(
            table,
            query,
            f"SELECT count(record_id), group_concat(record_id, char({ord(_KEY_SEPARATOR)})) FROM {matches}",
            [expression],
        )
        if count == 0:
            return strings([])
        keys = pc.list_flatten(pc.split_pattern(strings([joined]), _KEY_SEPARATOR))
        if len(keys) == count:
            return keys
        found = self._run(table, query, f"SELECT record_id FROM {matches}", [expression])
        return strings([row[0] for row in found])

    def _shortlisted(
        self, table: str, query: str, lang: str | None, limit: int | None
    ) -> list[tuple[int, float]] | None:
        """The ``(rowid, bm25)`` of the best ``limit`` hits from a shortlist, or None to rank every match.

        Only a query of one bare word, which FTS5 reads as one token, searched in every
        language with a ``limit`` no deeper than the lists, in a kept file with a list for
        that token: the list was ranked by the very statement :meth:`search` runs, so its
        first ``limit`` rows are that statement's answer (:mod:`.shortlist`).
        """
        from digital_labor_corpus.queries.syntax import to_fts5

        if lang is not None or limit is None:
            return None
        word = shortlist.bare_word(to_fts5(query))
        found = shortlist.tokens(word, TOKENIZER) if word is not None else []
        if len(found) != 1:
            return None
        self._ready(table)
        entry = self._entry(table)
        with entry.lock:
            if entry.shortlists is None:
                return None
            try:
                return entry.shortlists.best(found[0], limit)
            except sqlite3.Error:  # a damaged file: ranking every match finds out and rebuilds
                return None

    def search(self, table: str, query: str, lang: str | None, limit: int | None) -> list[Hit]:
        """The best ``limit`` hits of ``query`` in ``table`` (all for None), best first.

        Ranked by BM25 (higher ``score`` is better), ties in file order. Snippets are cut
        only for the hits returned, one per searched column, the matched words between
        :data:`OPEN` and :data:`CLOSE`.
        """
        spec = INDEXED[table]
        expression = self._expression(table, query, None, lang)
        fts = f"{table}_fts"
        cuts = ", ".join(
            f"snippet({fts}, {spec.columns.index(column)}, '{OPEN}', '{CLOSE}', '…', {_SNIPPET_TOKENS})"
            for column in spec.searched
        )
        best = self._shortlisted(table, query, lang, limit)
        if best is None and limit is None:
            best = self._run(table, query, _ranked(table), [expression])
        elif best is None:
            best = self._run(table, query, _ranked(table) + " LIMIT ?", [expression, limit])
        # Snippets without bm25: in the same statement, bm25 would count the matches of every
        # phrase in the whole table again (its IDF) for each hit.
        cutting = f"SELECT rowid, {cuts} FROM {fts} WHERE {fts} MATCH ?"
        if len(best) <= _ONE_BY_ONE:
            snippets = {
                rowid: self._run(table, query, cutting + " AND rowid = ?", [expression, rowid])[0][1:]
                for rowid, _ in best
            }
        else:
            snippets = {row[0]: row[1:] for row in self._run(table, query, cutting, [expression])}
        found = [(rowid, bm25, *snippets[rowid]) for rowid, bm25 in best]
        about = {
            row[0]: row[1:]
            for row in self._run(
                table,
                query,
                f"SELECT rowid, record_id, appearance_id, person_id, language FROM {table}_content "
                "WHERE rowid IN (SELECT value FROM json_each(?))",
                [json.dumps([row[0] for row in found])],
            )
        }
        hits = []
        for rowid, bm25, *cut in found:
            record_id, appearance_id, person_id, language = about[rowid]
            hits.append(
                Hit(
                    table=table,
                    rowid=rowid,
                    record_id=record_id,
                    appearance_id=appearance_id,
                    person_id=person_id,
                    language=language,
                    score=-bm25,
                    snippets=dict(zip(spec.searched, cut, strict=True)),
                )
            )
        return hits


def _ranked(table: str) -> str:
    """The statement that ranks the matches of a ``MATCH`` expression (its one parameter) in ``table``.

    BM25, weight 1 for every indexed column and 0 for the language; ties in file order.

    Examples
    --------
    >>> print(_ranked("quotes"))
    SELECT rowid, bm25(quotes_fts, 1.0, 1.0, 0.0) AS s FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY s, rowid
    """
    fts = f"{table}_fts"
    weights = ", ".join(["1.0"] * len(INDEXED[table].columns) + ["0.0"])  # the language counts for nothing
    return f"SELECT rowid, bm25({fts}, {weights}) AS s FROM {fts} WHERE {fts} MATCH ? ORDER BY s, rowid"


_INDEXES: weakref.WeakKeyDictionary[Any, FullText] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_of(source: TableSource) -> FullText:
    """The full-text index of ``source``: one per source, made on first use and kept while it lives."""
    with _INDEXES_LOCK:
        found = _INDEXES.get(source)
        if found is None:
            found = _INDEXES[source] = FullText(source)
        return found
