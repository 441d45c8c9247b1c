"""Where a table's full-text index is kept between processes, and how a kept one is checked.

Building the FTS5 index of a large table takes minutes (about four at a million quotes
on a loaded two-core machine); opening a kept one takes milliseconds. A table of at
least :data:`PERSIST_ROWS` rows therefore has its index written to a SQLite file:

- beside a directory corpus opened with :func:`~digital_labor_corpus.open_path`, as
  ``<dir>/.fulltext-<table>-<digest>.sqlite`` (in the user's cache directory when the
  directory is inside the installed package);
- for a shipped dataset version, in the user's cache directory
  (``$XDG_CACHE_HOME/digital-labor-corpus/``, by default ``~/.cache/digital-labor-corpus/``),
  never inside the installed package.

The digest covers the format of the index (:data:`FORMAT`, the tokenizer), the table and
the SHA-256 digests the manifest gives for every table the index reads (a directory's
files also by size and modification time, or by their own SHA-256 when the directory
has no manifest), so a changed table gets a new file and the old one is removed. A file
is written under a temporary name and renamed into place, so two processes building at
once each write whole files and the last rename wins. Before a kept file is used it is
opened read-only and checked (:func:`open_kept`): SQLite header, application id, format,
table, digest and a probe query; anything else is rebuilt, never trusted. Where the
place is not writable, the index stays in memory for the process.

A file also holds the shortlists of its frequent words (:mod:`.shortlist`). They are not
part of :data:`FORMAT`: a file written before them is opened as it is, and searched
without them.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

# Where kept files go, shared with the clustered copies; named here too, as before.
from digital_labor_corpus.queries.derived import discard, publish, temporary, user_cache

if TYPE_CHECKING:
    from pathlib import Path

    from digital_labor_corpus.queries.sources import TableSource

__all__ = [
    "APPLICATION_ID",
    "FORMAT",
    "PERSIST_ROWS",
    "discard",
    "kept_path",
    "mark",
    "open_kept",
    "publish",
    "temporary",
    "user_cache",
]

FORMAT = 1
"""The index file's layout version: raised whenever the tables, tokenizer or folding change."""

APPLICATION_ID = 0x444C4346  # "DLCF" in SQLite's header: a kept index of this library
PERSIST_ROWS = 10_000
"""Tables of at least this many rows have their index kept in a file; smaller ones build in memory."""

# The tables whose content each index reads (the claims' and statistics' language comes from appearances).
READS = {
    "quotes": ("quotes",),
    "claims": ("claims", "appearances"),
    "statistics": ("statistics", "appearances"),
    "appearances": ("appearances",),
}
_META = "dlc_fulltext"


def kept_path(source: TableSource, table: str, tokenizer: str) -> Path | None:
    """Where ``table``'s index of ``source`` is kept, or None for a source whose files are not known.

    The name carries a digest of the index format, ``tokenizer``, the table and the
    digests of the tables it reads.
    """
    from digital_labor_corpus.queries.derived import derived_path

    return derived_path(
        source, "fulltext", table, parts=[FORMAT, tokenizer, table], reads=READS[table], suffix=".sqlite"
    )


def _meta(path: Path, table: str) -> dict[str, str]:
    return {"format": str(FORMAT), "table": table, "name": path.name}


def open_kept(path: Path, table: str) -> sqlite3.Connection | None:
    """``path`` opened read-only if it is a whole index of ``table`` written by :func:`publish`, else None.

    A missing file, a file that is not SQLite, another program's database, another
    format, table or digest, or an index that fails a probe query give None.
    """
    if not path.is_file():
        return None
    connection = None
    try:
        connection = sqlite3.connect(
            path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False, isolation_level=None
        )
        found = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        meta = dict(connection.execute(f"SELECT key, value FROM {_META}").fetchall())
        if found != APPLICATION_ID or version != FORMAT or meta != _meta(path, table):
            connection.close()
            return None
        fts = f"{table}_fts"
        connection.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH 'dlcprobe'").fetchone()
        connection.execute(f"SELECT max(rowid) FROM {table}_content").fetchone()
    except sqlite3.Error:
        if connection is not None:
            connection.close()
        return None
    return connection


def mark(connection: sqlite3.Connection, path: Path, table: str) -> None:
    """Write the header fields and the table that :func:`open_kept` checks into a finished index."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {FORMAT}")
    connection.execute(f"CREATE TABLE {_META} (key TEXT PRIMARY KEY, value TEXT)")
    connection.executemany(f"INSERT INTO {_META} VALUES (?, ?)", _meta(path, table).items())
