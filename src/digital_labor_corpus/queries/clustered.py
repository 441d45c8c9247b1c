"""Clustered copies: a large table kept a second time, sorted by a person, for scattered people.

A large corpus is written in source order, so a filter on dates reads few row groups. A
person's quotes are scattered over every row group instead, and Parquet (as pyarrow reads
it) cannot decode only the matching rows of a row group: asking for one rare speaker's
quotes decodes every text of the table. A database answers such questions with a
covering index; this module keeps one as a Parquet file:

- the same rows and columns as the table, sorted by :data:`CLUSTERED` column (then in the
  table's own order), in row groups of :data:`GROUP_ROWS` rows whose footer statistics
  tell which groups hold a person;
- made for a table of at least :data:`CLUSTER_ROWS` rows, the second time a process asks
  that table for given people (the first question is answered by a scan, as a one-off
  question costs nothing more), and kept for later processes beside the corpus, where the
  full-text index is kept (:func:`~.derived.derived_path`): for example
  ``<dir>/.clustered-quotes-<digest>.parquet``, whose digest covers :data:`FORMAT`, the
  column and the table's own digest, so a changed table gets a new copy and the old one
  is removed;
- written with a CRC checksum on every page, and checked before use (:func:`open_kept`):
  its key-value metadata, row count and Arrow schema must be the table's, and every page
  read is checked against its checksum; anything else is rebuilt, never trusted.

Where no file can be written, questions are answered by scanning the table, as before.
Building the copy of a million quotes reads the whole table into memory once (about
the peak of :meth:`~.corpus.Corpus.table`) and takes a few seconds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

    from digital_labor_corpus.queries.scan import TableSource

__all__ = [
    "CLUSTERED",
    "CLUSTER_ROWS",
    "FORMAT",
    "GROUP_ROWS",
    "build",
    "kept_path",
    "open_kept",
]

FORMAT = 1
"""The copy's layout version: raised whenever its sort order, grouping or metadata change."""

CLUSTERED = {"quotes": "speaker_id"}
"""The tables kept clustered, each by the column of the person it is most often asked for."""

CLUSTER_ROWS = 100_000
"""Tables of at least this many rows get a clustered copy; below, a scan costs milliseconds."""

GROUP_ROWS = 8_192
"""Rows per row group of a copy: a person with few rows is read in one or two groups."""

_KEY = b"dlc_clustered"


def kept_path(source: TableSource, table: str) -> Path | None:
    """Where ``table``'s clustered copy of ``source`` is kept, or None where its files are not known."""
    from digital_labor_corpus.queries.derived import derived_path

    parts: list[object] = [FORMAT, table, CLUSTERED[table]]
    return derived_path(source, "clustered", table, parts=parts, reads=(table,), suffix=".parquet")


def _meta(path: Path, table: str) -> dict[str, Any]:
    return {"format": FORMAT, "table": table, "column": CLUSTERED[table], "name": path.name}


def open_kept(path: Path, table: str, schema: pa.Schema, rows: int) -> Any:
    """``path``'s parsed footer if it is a whole clustered copy of ``table``, else None.

    ``schema`` and ``rows`` are the table file's own Arrow schema and row count. A missing
    or unreadable file, another program's Parquet file, another format, table, column or
    name, another schema or row count give None. Page checksums are checked as pages are
    read (:func:`digital_labor_corpus.queries.scan.DirectorySource.scan`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        return None
    try:
        footer = pq.read_metadata(path)
        kept = pq.read_schema(path)
    except (pa.ArrowException, OSError, ValueError):
        return None
    meta = footer.metadata or {}
    try:
        found = json.loads(meta.get(_KEY, b"null"))
    except (UnicodeDecodeError, ValueError):
        return None
    if (
        found != _meta(path, table)
        or footer.num_rows != rows
        or not kept.remove_metadata().equals(schema.remove_metadata())
    ):
        return None
    return footer


def build(file: Path, built: Path, path: Path, table: str) -> None:
    """Write the clustered copy of ``table``, read from its Parquet ``file``, into ``built``.

    ``path`` is where it will be published (its name is recorded in the copy). The rows
    are sorted by the table's :data:`CLUSTERED` column, stably (rows of one person keep
    the table's order), nulls last, in row groups of :data:`GROUP_ROWS` rows, zstd, with
    statistics and page checksums. ``built`` is overwritten.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    whole = pq.read_table(file, memory_map=True)
    order = pc.sort_indices(whole, sort_keys=[(CLUSTERED[table], "ascending")])  # nulls last
    metadata = dict(whole.schema.metadata or {})
    metadata[_KEY] = json.dumps(_meta(path, table)).encode("utf-8")
    pq.write_table(
        whole.take(order).replace_schema_metadata(metadata),
        built,
        compression="zstd",
        row_group_size=GROUP_ROWS,
        write_page_checksum=True,
    )
