"""Scanning a directory of Parquet files: :class:`DirectorySource`.

It serves any directory of Parquet files of the corpus's layout and pushes filters
(:mod:`.predicates`) into the scan: it reads only the columns a question needs, skips
every row group whose min/max statistics rule the filter out, reads the filter's columns
first and the other columns only of row groups that hold a match, and reads row groups in
parallel threads. Before a row group is filtered, the predicate is narrowed to the
group's footer statistics.

The interface every source shares, and the source of the shipped versions, are in
:mod:`.sources`; this module re-exports them and the predicates, so that the names it
held before stay importable from here.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from digital_labor_corpus.exceptions import CorpusIntegrityError
from digital_labor_corpus.queries.predicates import (
    AllOf,
    AnyOf,
    Between,
    HasAny,
    In,
    Predicate,
    Stats,
    all_of,
    constrains,
)
from digital_labor_corpus.queries.sources import Finish, StoreSource, T, TableSource, _Memo
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.schema.tables import TABLES
from digital_labor_corpus.store.manifest import MANIFEST, Manifest, parse_manifest

if TYPE_CHECKING:
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    from digital_labor_corpus.queries.derived import Place

__all__ = [
    "AllOf",
    "AnyOf",
    "Between",
    "DirectorySource",
    "HasAny",
    "In",
    "Predicate",
    "Stats",
    "StoreSource",
    "TableSource",
    "all_of",
    "constrains",
]

_POOL: ThreadPoolExecutor | None = None
_SOURCES: weakref.WeakSet[DirectorySource] = weakref.WeakSet()  # their locks, reset after a fork
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """One thread pool per process for reading row groups in parallel."""
    global _POOL  # noqa: PLW0603 - created on first use
    from concurrent.futures import ThreadPoolExecutor

    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="dlc-scan")
        return _POOL


def _forget_pool_after_fork() -> None:
    """In a forked child: drop the parent's pool and lock, which the child cannot use.

    A fork copies the pool object but none of its threads: work submitted to it would
    wait forever. The lock may have been held by another thread of the parent at the
    moment of the fork, so it is replaced as well; the child makes its own pool on first use.
    """
    global _POOL, _POOL_LOCK  # noqa: PLW0603 - reset in the child only
    _POOL = None
    _POOL_LOCK = threading.Lock()
    for source in list(_SOURCES):
        source._lock = threading.Lock()
        source._cluster_lock = threading.Lock()  # a build in another thread is not the child's


if hasattr(os, "register_at_fork"):  # POSIX only
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


class _File(NamedTuple):
    """One table's Parquet file: its path, parsed footer, Arrow schema and column sizes."""

    path: Path
    metadata: Any
    schema: Any  # the file's own
    target: Any  # what it is read as: the data model's type for each of the model's columns
    cast: frozenset[str]  # the columns whose type differs from the target's (cast when read)
    sizes: list[dict[str, int]]  # per row group: top-level column -> uncompressed bytes
    dictionary: frozenset[str]  # columns of few distinct values, read dictionary-encoded
    checksums: bool = False  # whether every page read is checked against its CRC (a clustered copy)

    def bytes(self, group: int, columns: Sequence[str]) -> int:
        """Uncompressed bytes of ``columns`` in row group ``group``."""
        return sum(self.sizes[group].get(column, 0) for column in columns)


def _categorical(table: str) -> frozenset[str]:
    """The string columns of ``table`` with few distinct values: vocabularies, languages and
    keys of the small tables. Parquet stores them dictionary-encoded; reading them so (and
    decoding only the rows kept) is several times faster than reading them as strings.
    """
    small = ("appearances.", "people.", "places.", "sources.", "topics.")
    found = set()
    for column in TABLES[table].fields:
        if column.name == TABLES[table].primary_key:
            continue
        references = column.references or ""
        if column.vocabulary or column.name == "language" or references.startswith(small):
            found.add(column.name)
    found.discard("topics")  # a list of ids, not a string column
    return frozenset(found)


def _kernels_loaded() -> bool:
    """Whether ``pyarrow.compute`` is imported in this process (by this package or another)."""
    return "pyarrow.compute" in sys.modules


def _decode(part: pa.Table, schema: pa.Schema) -> pa.Table:
    """``part`` with its dictionary-encoded columns decoded to the file's types."""
    import pyarrow as pa

    for index, field in enumerate(part.schema):
        if pa.types.is_dictionary(field.type):
            import pyarrow.compute as pc  # only for a dictionary column: its import takes ~80 ms

            target = schema.field(field.name)
            part = part.set_column(index, target, pc.cast(part.column(index), target.type))
    return part


def _sizes(metadata: Any) -> list[dict[str, int]]:
    found = []
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        sizes: dict[str, int] = {}
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            top = chunk.path_in_schema.split(".", 1)[0]
            sizes[top] = sizes.get(top, 0) + chunk.total_uncompressed_size
        found.append(sizes)
    return found


_DIMENSIONS = frozenset({"people", "topics", "places", "appearances"})


class DirectorySource(_Memo):
    """A directory holding one Parquet file per table, read with filter pushdown."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.where = str(directory)
        self._lock = threading.Lock()
        _SOURCES.add(self)
        self._files: dict[str, _File] = {}
        self._stats: dict[tuple[Path, str], list[tuple[Any, Any] | None]] = {}
        self._dimensions: dict[str, pa.Table] = {}
        # clustered copies (queries.clustered): per table, the copy in use (None: none can
        # be had) and how many questions for given people the table has had
        self._clustered: dict[str, _File | None] = {}
        self._asked: dict[str, int] = {}
        self._cluster_lock = threading.Lock()
        manifest = self._manifest()
        self._manifest_read = manifest
        # With a manifest, every file it lists is checked against its digest before use
        # (the small listed files now, each table on first read); without one, nothing
        # vouches for the files and the corpus says so.
        self.verified = manifest is not None
        self.manifest: Manifest | None = manifest
        self.version: str | None = manifest.dataset_version if manifest else None
        self.release_date: dt.date | None = manifest.release_date if manifest else None
        # A directory has the tables of its version (without a manifest: those of 1.0.0,
        # and any later table whose file is there).
        names = tables_in(self.version) if self.version is not None else tables_in("1.0.0")
        names += [
            n
            for n in TABLES
            if n not in names and self.version is None and (directory / f"{n}.parquet").is_file()
        ]
        self._filenames = {
            name: (manifest.tables[name].file if manifest and name in manifest.tables else f"{name}.parquet")
            for name in names
        }
        missing = [name for name, file in self._filenames.items() if not (directory / file).is_file()]
        if missing:
            message = (
                f"{directory} is not a corpus directory: it has no Parquet file for "
                f"{', '.join(missing)}. A corpus directory holds one <table>.parquet per table "
                f"({', '.join(names)}){_version_hint(directory)}"
            )
            raise CorpusIntegrityError(message)
        if manifest is not None:
            from digital_labor_corpus.store.digests import verify_file

            for filename, digest in manifest.files.items():
                verify_file(directory / filename, digest)

    def _manifest(self) -> Manifest | None:
        path = self.directory / MANIFEST
        if not path.is_file():
            return None
        try:
            raw = path.read_bytes()
        except OSError as error:
            message = f"Cannot read {path}: {error.strerror or type(error).__name__}"
            raise CorpusIntegrityError(message) from None
        return parse_manifest(raw, str(path))

    def paths(self) -> dict[str, str]:
        return {name: str(self.directory / file) for name, file in self._filenames.items()}

    def dataset(self, table: str) -> Any:
        """A ``pyarrow.dataset`` over exactly ``table``'s file, for engines such as DuckDB.

        The path is handed over as a file, never as a pattern: no character of it (``*``,
        ``?``, ``[``, ``{`` ...) can make an engine read another file.
        """
        import pyarrow.dataset as ds

        file = self._file(table)
        return ds.dataset([str(file.path)], schema=file.schema, format="parquet")

    def has_column(self, table: str, column: str) -> bool:
        return column in self._file(table).schema.names

    def each_table(self, ask: Callable[[str], T], tables: Sequence[str]) -> list[T]:
        """At once, in threads of this call's own: each table's scan decodes Parquet without
        the GIL. Not the scan's pool, whose workers each scan may use in turn."""
        if len(tables) <= 1:
            return [ask(table) for table in tables]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(tables), thread_name_prefix="dlc-tables") as threads:
            return list(threads.map(ask, tables))

    def derived_place(self, reads: Sequence[str]) -> Place | None:
        """Beside the files (the user's cache for the installed package's own), keyed by their digests.

        A table is known by the SHA-256 its manifest gives (its own, hashed now, without
        a manifest), its size and its modification time; None where a file cannot be read.
        """
        from digital_labor_corpus.queries.derived import PACKAGE, Place, file_digest, user_cache

        keys: list[object] = []
        for name in reads:
            path = Path(self.paths()[name])
            try:
                stat = path.stat()
                entry = self.manifest.tables.get(name) if self.manifest else None
                sha = entry.sha256 if entry else file_digest(path)
            except OSError:
                return None
            keys.append([name, sha, stat.st_size, stat.st_mtime_ns])
        if self.directory.resolve().is_relative_to(PACKAGE):  # the installed package's own files
            return Place(user_cache(), "packaged", keys)
        return Place(self.directory, None, keys)

    def _file(self, table: str) -> _File:
        with self._lock:
            cached = self._files.get(table)
        if cached is not None:
            return cached
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.directory / self._filenames[table]
        entry = self._manifest_read.tables[table] if self._manifest_read is not None else None
        if entry is not None:
            from digital_labor_corpus.store.digests import verify_file

            verify_file(path, entry.sha256, entry.bytes)
        try:
            parquet = pq.ParquetFile(path, memory_map=True)
            schema = parquet.schema_arrow
            metadata = parquet.metadata
            sizes = _sizes(metadata)  # reads every column chunk's metadata (a damaged name fails here)
        except (pa.ArrowException, OSError, ValueError) as error:
            message = f"{path} is not a readable Parquet file: {error}"
            raise CorpusIntegrityError(message) from None
        if entry is not None and metadata.num_rows != entry.rows:
            message = f"{path} has {metadata.num_rows} rows but the manifest says {entry.rows}"
            raise CorpusIntegrityError(message)
        from digital_labor_corpus.schema.conform import needs_cast, target_schema

        target = target_schema(table, schema, path)
        found = _File(path, metadata, schema, target, needs_cast(schema, target), sizes, _categorical(table))
        with self._lock:
            self._files.setdefault(table, found)
            return self._files[table]

    def _column_stats(self, file: _File, column: str) -> list[tuple[Any, Any] | None]:
        key = (file.path, column)
        with self._lock:
            cached = self._stats.get(key)
        if cached is not None:
            return cached
        names = file.metadata.schema.names
        # A column read in another representation is cast: its statistics are not in the
        # model's type (a timestamp for a date), so they prune nothing.
        index = names.index(column) if column in names and column not in file.cast else -1
        found: list[tuple[Any, Any] | None] = []
        for group in range(file.metadata.num_row_groups):
            stats = None
            if index >= 0:
                chunk = file.metadata.row_group(group).column(index)
                statistics = chunk.statistics if chunk.is_stats_set else None
                if statistics is not None and statistics.has_min_max:
                    stats = (statistics.min, statistics.max)
            found.append(stats)
        with self._lock:
            self._stats[key] = found
        return found

    def _groups(self, file: _File, where: Predicate | None) -> list[tuple[int, Predicate | None]]:
        """The row groups of ``file`` that may hold a match, each with ``where`` narrowed to its statistics."""
        count = file.metadata.num_row_groups
        if where is None:
            return [(group, None) for group in range(count)]
        columns = sorted(where.columns())
        per_column = {column: self._column_stats(file, column) for column in columns}
        found: list[tuple[int, Predicate | None]] = []
        for group in range(count):
            stats = {column: per_column[column][group] for column in columns}
            if where.may_match(stats):
                found.append((group, where.narrow(stats)))
        return found

    def _read_group(self, file: _File, group: int, columns: list[str], *, encoded: bool = True) -> pa.Table:
        """Row group ``group``'s ``columns``; the file's dictionary columns encoded unless told not."""
        import pyarrow.parquet as pq

        dictionary = [column for column in columns if column in file.dictionary] if encoded else []
        reader = pq.ParquetFile(
            file.path,
            metadata=file.metadata,
            memory_map=True,
            read_dictionary=dictionary,
            page_checksum_verification=file.checksums,
        )
        part = reader.read_row_group(group, columns=columns)
        if file.cast.isdisjoint(columns):
            return part
        from digital_labor_corpus.schema.conform import conform

        return conform(part, file.target, file.path, keep_dictionary=True)

    def _layout(self, table: str, where: Predicate | None) -> _File:
        """The file to scan for ``where``: the table's own, or its clustered copy (:mod:`.clustered`)."""
        from digital_labor_corpus.queries import clustered

        file = self._file(table)
        column = clustered.CLUSTERED.get(table)
        if column is None or not constrains(where, column):
            return file
        if file.metadata.num_rows < clustered.CLUSTER_ROWS or not clustered.sortable(file.target, table):
            return file
        with self._cluster_lock:
            if table not in self._clustered:
                self._asked[table] = self._asked.get(table, 0) + 1
                copy = self._clustered_copy(table, file, build=self._asked[table] > 1)
                if copy is not None or self._asked[table] > 1:
                    self._clustered[table] = copy
            copy = self._clustered.get(table)
        return file if copy is None else copy

    def _clustered_copy(self, table: str, file: _File, *, build: bool) -> _File | None:
        """The kept clustered copy of ``table``, checked; built and kept first if ``build``.

        None where there is none and ``build`` is false, or where none can be built or
        written: the table is scanned instead.
        """
        from digital_labor_corpus.queries import clustered
        from digital_labor_corpus.queries import derived as kept

        path = clustered.kept_path(self, table)
        if path is None:
            return None
        rows = file.metadata.num_rows
        found = clustered.find(path, table, file.target, rows)
        if found is None and build:
            try:
                built = kept.temporary(path)
            except OSError:
                return None  # nowhere to write
            try:
                digest = clustered.build(file.path, built, path, table, file.target)
                kept.publish(built, clustered.named(path, digest))
            except BaseException as error:
                kept.discard(built)  # never a half-written file left behind, even on Ctrl-C
                if isinstance(error, Exception):
                    return None  # a table that cannot be sorted, read or written: scanned instead
                raise
            found = clustered.find(path, table, file.target, rows)
        if found is None:
            return None
        where, footer = found
        try:
            sizes = _sizes(footer)
        except Exception:  # a footer pyarrow cannot walk: not used
            return None
        # The copy is written in the model's types: nothing to cast, and its statistics prune.
        return file._replace(
            path=where, metadata=footer, schema=file.target, cast=frozenset(), sizes=sizes, checksums=True
        )

    def scan(
        self,
        table: str,
        columns: Sequence[str],
        where: Predicate | None,
        finish: Finish | None = None,
        *,
        decode: bool = True,
    ) -> pa.Table:
        file = self._layout(table, where)
        if file.checksums:  # a clustered copy
            try:
                return self._scan_file(file, columns, where, finish, decode=decode)
            except Exception:  # a page failed its checksum, or the file its reader: not used again
                self._drop_copy(table, file)
            file = self._file(table)  # the table itself, whose digest was checked, answers
        return self._scan_file(file, columns, where, finish, decode=decode)

    def _drop_copy(self, table: str, file: _File) -> None:
        """Remove a clustered copy found damaged; this source scans ``table`` from now on."""
        from digital_labor_corpus.queries import derived as kept

        with self._cluster_lock:
            self._clustered[table] = None
        kept.discard(file.path)

    def _scan_file(
        self,
        file: _File,
        columns: Sequence[str],
        where: Predicate | None,
        finish: Finish | None,
        *,
        decode: bool,
    ) -> pa.Table:
        import pyarrow as pa

        from digital_labor_corpus.queries.compute import empty_table

        wanted = list(columns)
        groups = self._groups(file, where)
        first = sorted(where.columns()) if where is not None else wanted
        rest = [column for column in wanted if column not in first]

        def one(job: tuple[int, Predicate | None]) -> pa.Table | None:
            group, local = job
            if local is None:
                # Nothing to filter. A column to be decoded anyway is read dictionary-encoded
                # and cast back (about 6% faster at a million quotes) once Arrow's kernels
                # are imported; before, as plain strings, so that a process's first whole
                # table does not import them (about 80 ms) for that cast alone.
                part = self._read_group(file, group, wanted, encoded=not decode or _kernels_loaded())
            elif file.bytes(group, rest) <= file.bytes(group, first):
                # The other columns cost no more than the filter's: read everything at once.
                part = self._read_group(file, group, first + rest)
                part = part.filter(local.mask(part))
            else:
                # Late materialisation: the filter's columns first, the others only on a match.
                import pyarrow.compute as pc  # not on a whole read: its import takes ~80 ms

                part = self._read_group(file, group, first)
                mask = local.mask(part)
                if not pc.any(mask).as_py():
                    return None
                others = self._read_group(file, group, rest)
                for name in rest:
                    part = part.append_column(others.schema.field(name), others.column(name))
                part = part.filter(mask)
            if local is not None and part.num_rows == 0:
                return None
            part = part.select(wanted)
            if not self.verified:
                # Nothing vouches for the file: at least refuse what is not well-formed
                # (text that is not UTF-8, offsets out of range) instead of handing it on.
                part.validate(full=True)
            if decode:
                part = _decode(part, file.target)
            return part if finish is None else finish(part)

        try:
            parts = _map(one, groups)
        except CorpusIntegrityError:
            raise
        except (pa.ArrowException, OSError) as error:
            message = f"Cannot read {file.path}: {error}"
            raise CorpusIntegrityError(message) from None
        kept = [part for part in parts if part is not None]
        if not kept:
            empty = empty_table(pa.schema([file.target.field(name) for name in wanted]))
            return empty if finish is None else finish(empty)
        return pa.concat_tables(kept) if len(kept) > 1 else kept[0]

    def read(self, table: str, columns: Sequence[str] | None = None) -> pa.Table:
        wanted = list(columns) if columns is not None else list(self._file(table).schema.names)
        return self.scan(table, wanted, None)

    def dimension(self, table: str) -> pa.Table:
        with self._lock:
            cached = self._dimensions.get(table)
        if cached is not None:
            return cached
        found = self.read(table).combine_chunks()
        if table in _DIMENSIONS:
            with self._lock:
                self._dimensions.setdefault(table, found)
        return found


def _map(
    function: Callable[[tuple[int, Predicate | None]], pa.Table | None],
    groups: list[tuple[int, Predicate | None]],
) -> list[pa.Table | None]:
    if len(groups) <= 1:
        return [function(group) for group in groups]
    return list(_pool().map(function, groups))


def _version_hint(directory: Path) -> str:
    from digital_labor_corpus.exceptions import UnknownVersionError
    from digital_labor_corpus.store.manifest import check_version_string, version_key

    try:
        children = [child.name for child in directory.iterdir() if child.is_dir()]
    except OSError:
        return ""
    versions = []
    for name in children:
        try:
            versions.append(check_version_string(name))
        except UnknownVersionError:
            continue
    versions.sort(key=version_key)
    if not versions:
        return ""
    return f"; it holds dataset versions ({', '.join(versions)}): open one, e.g. {directory / versions[-1]}"
