"""Clustered copies: a large table kept a second time, sorted by a person, for scattered people.

A large corpus is written in source order, so a filter on dates reads few row groups. A
person's quotes are scattered over every row group instead, and Parquet (as pyarrow reads
it) cannot decode only the matching rows of a row group: asking for one rare speaker's
quotes decodes every text of the table. A database answers such questions with a
covering index; this module keeps one as a Parquet file:

- the same rows and columns as the table, in the data model's types, sorted by
  :data:`CLUSTERED` column (then in the table's own order), in row groups of
  :data:`GROUP_ROWS` rows whose footer statistics tell which groups hold a person;
- made for a table of at least :data:`CLUSTER_ROWS` rows, the second time a process asks
  that table for given people (the first question is answered by a scan, as a one-off
  question costs nothing more), and kept for later processes beside the corpus, where the
  full-text index is kept (:func:`~.derived.derived_path`): for example
  ``<dir>/.clustered-quotes-<key>.<sha256>.parquet``. The key covers :data:`FORMAT`, the
  column and the table's own digest, so a changed table gets a new copy and the old one is
  removed; the SHA-256 is the copy's own;
- checked before use (:func:`find`): its bytes against the SHA-256 in its name (footer
  included), then its label, row count and schema; every page also carries a CRC checked
  as it is read. A file that fails is removed and the question answered from the table.

Where no file can be written, or the table's column cannot be sorted, questions are
answered by scanning the table, as before. Building the copy of a million quotes reads the
whole table into memory once (more than a full load's peak) and takes a few seconds.
"""

from __future__ import annotations

import glob
import json
from typing import TYPE_CHECKING, Any

from digital_labor_corpus._sha256 import is_sha256_hex

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

    from digital_labor_corpus.queries.sources import TableSource

__all__ = [
    "CLUSTERED",
    "CLUSTER_ROWS",
    "FORMAT",
    "GROUP_ROWS",
    "build",
    "find",
    "kept_path",
    "named",
    "sortable",
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
    """The name ``table``'s clustered copy of ``source`` is known by, or None where its files are not known.

    A copy is published as this name with its own SHA-256 before the suffix (:func:`named`).
    """
    from digital_labor_corpus.queries.derived import derived_path

    parts: list[object] = [FORMAT, table, CLUSTERED[table]]
    return derived_path(source, "clustered", table, parts=parts, reads=(table,), suffix=".parquet")


def named(path: Path, sha256: str) -> Path:
    """The file a copy known by ``path`` is published as: its SHA-256 before the suffix.

    Examples
    --------
    >>> from pathlib import Path
    >>> named(Path(".clustered-quotes-ab12.parquet"), "0" * 64).name == ".clustered-quotes-ab12." + "0" * 64 + ".parquet"
    True
    """
    return path.with_name(f"{path.stem}.{sha256}{path.suffix}")


def _meta(path: Path, table: str) -> dict[str, Any]:
    return {"format": FORMAT, "table": table, "column": CLUSTERED[table], "name": path.name}


def sortable(schema: pa.Schema, table: str) -> bool:
    """Whether ``table``'s clustered column has a type the copy can be sorted and pruned by (a string)."""
    import pyarrow as pa

    column = CLUSTERED[table]
    return column in schema.names and pa.types.is_string(schema.field(column).type)


def find(path: Path, table: str, schema: pa.Schema, rows: int) -> tuple[Path, Any] | None:
    """A whole kept copy known by ``path``, with its parsed footer, or None.

    ``schema`` is the data model's schema of the table as read (its target), ``rows`` its
    row count. Each file named like a copy of ``path`` is checked: its SHA-256 against
    the one in its name, then its label (format, table, column, the name it is known by),
    row count and schema. A file that fails is removed.
    """
    from digital_labor_corpus.queries.derived import discard

    prefix = path.stem + "."
    for candidate in sorted(path.parent.glob(f"{glob.escape(prefix)}*{path.suffix}")):
        digest = candidate.name[len(prefix) : -len(path.suffix)]
        if not is_sha256_hex(digest):
            continue
        footer = _checked(candidate, digest, path, table, schema=schema, rows=rows)
        if footer is not None:
            return candidate, footer
        discard(candidate)
    return None


def _checked(candidate: Path, digest: str, path: Path, table: str, *, schema: pa.Schema, rows: int) -> Any:
    import pyarrow.parquet as pq

    from digital_labor_corpus.exceptions import CorpusIntegrityError
    from digital_labor_corpus.store.digests import verify_file

    try:
        verify_file(candidate, digest)
    except CorpusIntegrityError:
        return None
    try:
        footer = pq.read_metadata(candidate)
        kept = pq.read_schema(candidate)
        found = json.loads((footer.metadata or {}).get(_KEY, b"null"))
    except Exception:  # whatever pyarrow or json refuses is not a copy
        return None
    if found != _meta(path, table) or footer.num_rows != rows:
        return None
    if not kept.remove_metadata().equals(schema.remove_metadata()):
        return None
    return footer


def build(file: Path, built: Path, path: Path, table: str, schema: pa.Schema) -> str:
    """Write the clustered copy of ``table``, read from its Parquet ``file``, into ``built``; return its SHA-256.

    ``path`` is the name the copy is known by (recorded in it); ``schema`` the data
    model's schema of the table as read, which the copy is written in (so its statistics
    are those of the model's types). The rows are sorted by the table's :data:`CLUSTERED`
    column, stably (rows of one person keep the table's order), nulls last, in row groups
    of :data:`GROUP_ROWS` rows, zstd, with statistics and page checksums. ``built`` is
    overwritten.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from digital_labor_corpus.queries.derived import file_digest
    from digital_labor_corpus.schema.conform import conform, needs_cast

    whole = pq.read_table(file, memory_map=True)
    if needs_cast(whole.schema, schema):
        whole = conform(whole, schema, file)
    order = pc.sort_indices(whole, sort_keys=[(CLUSTERED[table], "ascending")])  # nulls last
    metadata = dict(schema.metadata or {})
    metadata[_KEY] = json.dumps(_meta(path, table)).encode("utf-8")
    pq.write_table(
        whole.take(order).replace_schema_metadata(metadata),
        built,
        compression="zstd",
        row_group_size=GROUP_ROWS,
        write_page_checksum=True,
    )
    return file_digest(built)
