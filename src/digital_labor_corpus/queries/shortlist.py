"""Shortlists: the best hits of every frequent word, ranked once when a kept index is written.

FTS5 ranks by calling ``bm25()`` on every row that matches, and has no top-k pruning,
so a search for a word found in most records costs seconds at a million rows whatever
its ``limit``. Search engines keep, for their frequent terms, a *static impact-ordered*
list of the best documents. A kept index (:mod:`.fulltext_cache`) does the same: when
it is written, every word found in at least :data:`MIN_DOCS` records' searched columns
gets its first :data:`DEPTH` hits ranked by exactly the statement a search runs (the
same ``bm25()`` weights, the same column filter, ``ORDER BY`` score then rowid) and
stored with their scores in the table ``dlc_shortlist``. The corpus files are immutable
and the index file is named by their digests, so a list stays exact for as long as its
file is used.

A search takes a word's shortlist (:func:`best`) only when the answer is the same as
ranking every match: the query is one bare word that FTS5 reads as one token (no
phrase of two words, no prefix, operator, ``NEAR`` or parentheses), no ``lang``, a
``limit`` of at most the list's depth, and a list stored for that token by the same
ranking statement. Anything else ranks every match, as before.

An index file without the table (written before shortlists existed) is used as it is,
without them: the two layouts answer the same, so the file is not rebuilt for this.

Examples
--------
>>> tokens("Modération des l\u2019IA", "unicode61 remove_diacritics 2")
['moderation', 'des', 'l', 'ia']
>>> bare_word('"modération"'), bare_word('"travail du clic"'), bare_word('"modér"*')
('modération', 'travail du clic', None)
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import sqlite3
import threading
from collections.abc import Sequence

__all__ = ["DEPTH", "MIN_DOCS", "Shortlists", "bare_word", "scope", "tokens", "write"]

MIN_DOCS = 10_000
"""A word gets a shortlist when found in at least this many records (counted column by column)."""

DEPTH = 1_000
"""How many of a word's best hits its shortlist holds: searches with a ``limit`` up to this use it."""

_LIST, _ABOUT = "dlc_shortlist", "dlc_shortlist_about"
_BARE = re.compile(r'"((?:[^"]|"")*)"')


def bare_word(expression: str) -> str | None:
    """The text of an FTS5 expression that is one quoted string without ``*``, else None.

    Examples
    --------
    >>> bare_word('"a ""b"" c"'), bare_word('("a" AND "b")')
    ('a "b" c', None)
    """
    found = _BARE.fullmatch(expression)
    return found.group(1).replace('""', '"') if found else None


class _Tokenizer:
    """An in-memory FTS5 table with the indexes' tokenizer, to read the tokens of a text."""

    def __init__(self, tokenizer: str) -> None:
        self.lock = threading.Lock()
        self.connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.connection.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{tokenizer}')")
        self.connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")

    def tokens(self, text: str) -> list[str]:
        with self.lock:
            self.connection.execute("BEGIN")
            try:
                self.connection.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", [text])
                return [row[0] for row in self.connection.execute("SELECT term FROM v ORDER BY offset")]
            finally:
                self.connection.execute("ROLLBACK")


_TOKENIZERS: dict[str, _Tokenizer] = {}
_TOKENIZERS_LOCK = threading.Lock()


def _new_tokenizers_after_fork() -> None:
    global _TOKENIZERS_LOCK  # noqa: PLW0603 - a parent thread may have held it, or a tokenizer's, at the fork
    _TOKENIZERS.clear()
    _TOKENIZERS_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX only
    os.register_at_fork(after_in_child=_new_tokenizers_after_fork)


def tokens(text: str, tokenizer: str) -> list[str]:
    """The tokens FTS5's ``tokenizer`` (its ``tokenize=`` option) finds in ``text``, in order.

    FTS5 itself reads them, in a small table of its own, so they are exactly the tokens
    of a query string or of an indexed text.

    Examples
    --------
    >>> tokens("micro-tâches ŒUVRE", "unicode61 remove_diacritics 2")
    ['micro', 'taches', 'œuvre']
    """
    with _TOKENIZERS_LOCK:
        found = _TOKENIZERS.get(tokenizer)
        if found is None:
            found = _TOKENIZERS[tokenizer] = _Tokenizer(tokenizer)
    return found.tokens(text)


def _phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def scope(columns: Sequence[str]) -> str:
    """The FTS5 column filter that limits an expression to ``columns``, to put before it.

    Examples
    --------
    >>> scope(["text", "text_en"]) + '"clic"'
    '{text text_en} : "clic"'
    """
    return "{" + " ".join(columns) + "} : "


def write(
    connection: sqlite3.Connection,
    fts: str,
    columns: Sequence[str],
    ranked: str,
    tokenizer: str,
    *,
    min_docs: int = MIN_DOCS,
    depth: int = DEPTH,
) -> int:
    """Store in ``connection`` the shortlist of every word of ``fts`` found in ``min_docs`` records or more.

    Parameters
    ----------
    connection
        A writable connection to the database of the index ``fts``, whose index is whole.
    fts
        The FTS5 table.
    columns
        The columns a search looks in: the column filter of every ranked expression, and
        the columns whose document counts (summed) pick the words.
    ranked
        The ranking statement of a search, with one parameter for its ``MATCH``
        expression; it is run with ``LIMIT depth`` for each word and stored, so that a
        search checks it ranks the same way.
    tokenizer
        The index's ``tokenize=`` option: a word it would not read back as itself gets no list.
    min_docs, depth
        Which words get a list, and how many hits each list holds.

    Returns
    -------
    int
        How many words got a shortlist.

    Examples
    --------
    >>> import sqlite3
    >>> db = sqlite3.connect(":memory:", isolation_level=None)
    >>> _ = db.execute("CREATE VIRTUAL TABLE f USING fts5(a)")
    >>> _ = db.executemany("INSERT INTO f VALUES (?)", [("x y",), ("x",), ("y z",)])
    >>> sql = "SELECT rowid, bm25(f) AS s FROM f WHERE f MATCH ? ORDER BY s, rowid"
    >>> write(db, "f", ["a"], sql, "unicode61", min_docs=2, depth=1)
    2
    >>> lists = Shortlists.of(db, ["a"], sql)
    >>> lists.best("y", 1) == db.execute(sql + " LIMIT 1", ['{a} : "y"']).fetchall()
    True
    >>> lists.best("y", 2), lists.best("z", 1)
    (None, None)
    """
    within = scope(columns)
    vocabulary = f"temp.dlc_vocabulary_{fts}"
    connection.execute(f"CREATE VIRTUAL TABLE {vocabulary} USING fts5vocab(main, \"{fts}\", 'col')")
    try:
        marks = ", ".join("?" for _ in columns)
        words = connection.execute(
            f"SELECT term FROM {vocabulary} WHERE col IN ({marks}) GROUP BY term HAVING sum(doc) >= ? ORDER BY term",
            [*columns, min_docs],
        ).fetchall()
    finally:
        connection.execute(f"DROP TABLE {vocabulary}")
    connection.execute(
        f"CREATE TABLE {_LIST} (term TEXT, position INTEGER, rowid INTEGER, score REAL, "
        "PRIMARY KEY (term, position)) WITHOUT ROWID"
    )
    connection.execute(f"CREATE TABLE {_ABOUT} (key TEXT PRIMARY KEY, value TEXT)")
    listed = 0
    connection.execute("BEGIN")
    try:
        for (word,) in words:
            if tokens(word, tokenizer) != [word]:  # FTS5 would not read it back as itself: no list
                continue
            best = connection.execute(f"{ranked} LIMIT ?", [within + _phrase(word), depth]).fetchall()
            connection.executemany(
                f"INSERT INTO {_LIST} VALUES (?, ?, ?, ?)",
                [(word, position, rowid, score) for position, (rowid, score) in enumerate(best)],
            )
            listed += bool(best)
        about = {"ranked": ranked, "scope": within, "depth": str(depth), "min_docs": str(min_docs)}
        connection.executemany(f"INSERT INTO {_ABOUT} VALUES (?, ?)", about.items())
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return listed


@dataclasses.dataclass(frozen=True, slots=True)
class Shortlists:
    """The shortlists of one index file, as :func:`write` stored them."""

    connection: sqlite3.Connection
    depth: int

    @classmethod
    def of(cls, connection: sqlite3.Connection, columns: Sequence[str], ranked: str) -> Shortlists | None:
        """The shortlists in ``connection`` if they were ranked by ``ranked`` over ``columns``, else None.

        None for a file without them (written before they existed) or ranked another way.
        """
        try:
            about = dict(connection.execute(f"SELECT key, value FROM {_ABOUT}").fetchall())
        except sqlite3.Error:
            return None
        if about.get("ranked") != ranked or about.get("scope") != scope(columns):
            return None
        with contextlib.suppress(KeyError, ValueError):
            return cls(connection, int(about["depth"]))
        return None

    def best(self, word: str, limit: int) -> list[tuple[int, float]] | None:
        """The ``(rowid, bm25)`` of ``word``'s best ``limit`` hits, best first, or None.

        None when ``word`` has no list or ``limit`` is deeper than the lists: then only
        ranking every match gives the answer. A list shorter than :attr:`depth` holds
        every match, so its first ``limit`` are the answer too.
        """
        if limit > self.depth:
            return None
        found = self.connection.execute(
            f"SELECT rowid, score FROM {_LIST} WHERE term = ? AND position < ? ORDER BY position",
            [word, limit],
        ).fetchall()
        return [(int(rowid), float(score)) for rowid, score in found] or None
