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

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digital_labor_corpus.queries.scan import TableSource

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
_PACKAGE = Path(__file__).resolve().parents[1]


def user_cache() -> Path:
    """The user's cache directory for this library: ``$XDG_CACHE_HOME`` or ``~/.cache``, then ours.

    Examples
    --------
    >>> user_cache().name
    'digital-labor-corpus'
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "digital-labor-corpus"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kept_path(source: TableSource, table: str, tokenizer: str) -> Path | None:
    """Where ``table``'s index of ``source`` is kept, or None for a source whose files are not known.

    The name carries a digest of the index format, ``tokenizer``, the table and the
    digests of the tables it reads.
    """
    from digital_labor_corpus.queries.scan import DirectorySource, StoreSource

    parts: list[object] = [FORMAT, tokenizer, table]
    if isinstance(source, DirectorySource):
        manifest = source.manifest
        for name in READS[table]:
            path = Path(source.paths()[name])
            try:
                stat = path.stat()
                entry = manifest.tables.get(name) if manifest else None
                sha = entry.sha256 if entry else _file_digest(path)
            except OSError:
                return None
            parts.append([name, sha, stat.st_size, stat.st_mtime_ns])
        folder, prefix = source.directory, f".fulltext-{table}-"
        if source.directory.resolve().is_relative_to(_PACKAGE):  # the installed package's own files
            folder, prefix = user_cache(), f"fulltext-packaged-{table}-"
    elif isinstance(source, StoreSource) and source.version is not None:
        manifest = source.store.manifest(source.version)
        parts += [[name, manifest.tables[name].sha256] for name in READS[table]]
        folder, prefix = user_cache(), f"fulltext-{source.version}-{table}-"
    else:
        return None
    digest = hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:32]
    return folder / f"{prefix}{digest}.sqlite"


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


def temporary(path: Path) -> Path:
    """A new empty file beside ``path`` to build into; raises OSError where none can be made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def mark(connection: sqlite3.Connection, path: Path, table: str) -> None:
    """Write the header fields and the table that :func:`open_kept` checks into a finished index."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {FORMAT}")
    connection.execute(f"CREATE TABLE {_META} (key TEXT PRIMARY KEY, value TEXT)")
    connection.executemany(f"INSERT INTO {_META} VALUES (?, ?)", _meta(path, table).items())


def publish(built: Path, path: Path) -> None:
    """Rename ``built`` to ``path`` (atomic on one file system), then remove stale indexes of the table.

    The file is made readable by all (a temporary file is private), as the corpus beside it is.
    """
    built.chmod(0o644)
    os.replace(built, path)
    prefix = path.name[: path.name.rindex("-") + 1]
    for other in path.parent.glob(f"{prefix}*.sqlite"):
        if other.name != path.name:
            discard(other)


def discard(path: Path) -> None:
    """Remove ``path`` if it can be; a reader that has it open keeps reading its copy."""
    with contextlib.suppress(OSError):
        path.unlink()
