"""Find dataset versions, verify their files against the manifest and read them, cached.

A *store* is a directory holding one sub-directory per dataset version, each with a
``manifest.json`` and one Parquet file per table. The shipped store is the package's
``data/`` directory, located with :mod:`importlib.resources`.

A store remembers what it read: its list of versions (listed once), each manifest, each
verified table (as a ``pyarrow.Table``, or as a Polars frame read by Polars itself from
the verified bytes). :meth:`Store.clear` forgets it all. Every cache is guarded by one
lock, so threads may share a store.
"""

from __future__ import annotations

import os
import threading
import typing
import weakref
from typing import TYPE_CHECKING, Any

from digital_labor_corpus._sha256 import sha256_hex
from digital_labor_corpus.exceptions import CorpusIntegrityError, UnknownTableError, UnknownVersionError
from digital_labor_corpus.schema.catalog import spec_for
from digital_labor_corpus.store.manifest import (
    MANIFEST,
    Manifest,
    TableEntry,
    check_version_string,
    parse_manifest,
    version_key,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    import pyarrow as pa

__all__ = ["Store", "shipped_store"]


_STORES: weakref.WeakSet[Store] = weakref.WeakSet()


class Store:
    """Dataset versions under one root directory, read with digest checks and cached."""

    def __init__(self, root: Traversable | Path, name: str) -> None:
        self.root = root
        self.name = name
        self._lock = threading.Lock()
        _STORES.add(self)
        self._manifests: dict[str, Manifest] = {}
        self._tables: dict[tuple[str, str], pa.Table] = {}
        self._frames: dict[tuple[str, str], Any] = {}
        self._versions: list[str] | None = None

    def versions(self) -> list[str]:
        """Versions present under the root, oldest first (listed once, then remembered)."""
        with self._lock:
            cached = self._versions
        if cached is not None:
            return list(cached)
        found = self._list_versions()
        with self._lock:
            if self._versions is None:
                self._versions = found
            return list(self._versions)

    def _list_versions(self) -> list[str]:
        try:
            children = list(self.root.iterdir())
        except OSError as error:
            message = f"Cannot list dataset versions in {self.name}: {error}"
            raise CorpusIntegrityError(message) from None
        found = []
        for child in children:
            try:
                version = check_version_string(child.name)
            except UnknownVersionError:
                continue
            # A folder without a manifest (an interrupted copy, an empty stray folder) is
            # not a version: it is neither listed nor ever the default.
            if child.is_dir() and child.joinpath(MANIFEST).is_file():
                found.append(version)
        return sorted(found, key=version_key)

    def resolve(self, version: object) -> str:
        """Return the version to use: the newest for ``None``, else ``version`` if present."""
        available = self.versions()
        if version is None:
            if not available:
                message = f"No dataset version is present in {self.name}"
                raise UnknownVersionError(message)
            return available[-1]
        check_version_string(version)
        assert isinstance(version, str)
        if version not in available:
            if self.root.joinpath(version).is_dir():
                message = (
                    f"Cannot read {self.name}/{version}/{MANIFEST}: the folder of dataset version "
                    f"{version} has no manifest, so its files cannot be checked; reinstall the "
                    "package or rebuild the version"
                )
                raise CorpusIntegrityError(message)
            message = (
                f"Dataset version {version!r} is not available in {self.name}. "
                f"Available versions: {', '.join(available) or 'none'}"
            )
            raise UnknownVersionError(message)
        return version

    def _read_bytes(self, version: str, filename: str) -> bytes:
        where = f"{self.name}/{version}/{filename}"
        try:
            return self.root.joinpath(version).joinpath(filename).read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            message = f"Cannot read {where}: {reason}"
            raise CorpusIntegrityError(message) from None

    def manifest(self, version: object = None) -> Manifest:
        """Return the parsed manifest of ``version`` (cached)."""
        resolved = self.resolve(version)
        with self._lock:
            cached = self._manifests.get(resolved)
        if cached is not None:
            return cached
        manifest = parse_manifest(self._read_bytes(resolved, MANIFEST), f"{self.name}/{resolved}/{MANIFEST}")
        if manifest.dataset_version != resolved:
            message = (
                f"The manifest {self.name}/{resolved}/{MANIFEST} says dataset version "
                f"{manifest.dataset_version!r} but lies in directory {resolved!r}"
            )
            raise CorpusIntegrityError(message)
        with self._lock:
            self._manifests[resolved] = manifest
        return manifest

    def verified_bytes(self, version: str, filename: str, expected_sha256: str) -> bytes:
        """Read a file of ``version`` and check its SHA-256 against the manifest."""
        raw = self._read_bytes(version, filename)
        actual = sha256_hex(raw)
        if actual != expected_sha256:
            message = (
                f"{self.name}/{version}/{filename} is damaged: its SHA-256 is {actual} "
                f"but the manifest expects {expected_sha256}. Reinstall the package "
                "(from a clone of the repository: python -m pip install --force-reinstall .) or rebuild "
                "the version"
            )
            raise CorpusIntegrityError(message)
        return raw

    def metadata_bytes(self, version: object, filename: str) -> bytes | None:
        """The bytes of a file the manifest lists under ``files``, verified; None if not listed.

        A file present in the version's folder but not listed in its manifest is not
        returned: nothing vouches for it.
        """
        resolved = self.resolve(version)
        digest = self.manifest(resolved).files.get(filename)
        if digest is None:
            return None
        return self.verified_bytes(resolved, filename, digest)

    def _entry(self, resolved: str, name: str) -> TableEntry:
        entry = self.manifest(resolved).tables.get(name)
        if entry is None:
            spec = spec_for(name)
            _absent(name, spec.since, spec.in_version(resolved), f"{self.name}/{resolved}", resolved)
        return entry

    def table(self, name: str, version: object = None) -> pa.Table:
        """Return the whole table ``name`` of ``version``, verified and cached."""
        spec = spec_for(name)
        resolved = self.resolve(version)
        key = (resolved, spec.name)
        with self._lock:
            cached = self._tables.get(key)
        if cached is not None:
            return cached
        entry = self._entry(resolved, spec.name)
        where = f"{self.name}/{resolved}/{entry.file}"
        raw = self.verified_bytes(resolved, entry.file, entry.sha256)
        table = _parse_parquet(raw, where)
        _check_shape(table, spec.name, entry.rows, entry.schema_fingerprint, where)
        with self._lock:
            self._tables.setdefault(key, table)
            return self._tables[key]

    def polars(self, name: str, version: object = None) -> Any:
        """Return the whole table ``name`` of ``version`` as a Polars frame, verified and cached.

        Polars reads the verified bytes itself (no pyarrow in between); the frame's height,
        columns and types are checked against the manifest as :meth:`table` checks them.
        """
        import io

        import polars as pl

        spec = spec_for(name)
        resolved = self.resolve(version)
        key = (resolved, spec.name)
        with self._lock:
            cached = self._frames.get(key)
        if cached is not None:
            return cached
        entry = self._entry(resolved, spec.name)
        where = f"{self.name}/{resolved}/{entry.file}"
        raw = self.verified_bytes(resolved, entry.file, entry.sha256)
        try:
            frame = pl.read_parquet(io.BytesIO(raw))
        except (pl.exceptions.PolarsError, OSError, ValueError) as error:
            message = f"{where} is not a readable Parquet file: {error}"
            raise CorpusIntegrityError(message) from None
        _check_polars_shape(frame, spec.name, entry.rows, entry.schema_fingerprint, where)
        with self._lock:
            self._frames.setdefault(key, frame)
            return self._frames[key]

    def file_path(self, version: object, name: str) -> Traversable | Path:
        """Return the location of table ``name``'s file in ``version``."""
        spec = spec_for(name)
        resolved = self.resolve(version)
        return self.root.joinpath(resolved).joinpath(self._entry(resolved, spec.name).file)

    def clear(self) -> None:
        """Forget the version list and every cached manifest and table."""
        with self._lock:
            self._versions = None
            self._manifests.clear()
            self._tables.clear()
            self._frames.clear()


def _absent(name: str, since: str, expected: bool, where: str, version: str) -> typing.NoReturn:
    """Raise for a table missing from a version: unknown there, or a damaged manifest."""
    if not expected:
        message = (
            f"Dataset version {version} has no table {name!r}: it was added in {since}. "
            f"Load version {since} or later"
        )
        raise UnknownTableError(message)
    message = f"The manifest of {where} lists no table {name!r}"
    raise CorpusIntegrityError(message)


def _parse_parquet(raw: bytes, where: str) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from digital_labor_corpus.schema.arrow import owned_buffer

    # Arrow-owned memory, not the Python bytes: Parquet's reader threads may drop their
    # last reference to the input after read() returns, and a Python buffer freed by
    # them while the interpreter exits aborts the process (see owned_buffer).
    try:
        return pq.ParquetFile(pa.BufferReader(owned_buffer(raw))).read()
    except (pa.ArrowException, OSError, ValueError) as error:
        message = f"{where} is not a readable Parquet file: {error}"
        raise CorpusIntegrityError(message) from None


def _check_shape(table: pa.Table, name: str, rows: int, fingerprint: str, where: str) -> None:
    from digital_labor_corpus.schema.arrow import schema_fingerprint

    if table.num_rows != rows:
        message = f"{where} has {table.num_rows} rows but the manifest says {rows}"
        raise CorpusIntegrityError(message)
    if schema_fingerprint(table.schema) != fingerprint:
        message = f"{where} does not have the schema the manifest records for table {name!r}"
        raise CorpusIntegrityError(message)


def _check_polars_shape(frame: Any, name: str, rows: int, fingerprint: str, where: str) -> None:
    """:func:`_check_shape` for a Polars frame, without pyarrow.

    The frame's columns must be columns of the table, each of the Polars type of its
    schema type, and the fingerprint the schema gives those columns (names, Arrow types,
    nullability) must be the manifest's.
    """
    from digital_labor_corpus.schema.fingerprint import columns_fingerprint, polars_type_name

    if frame.height != rows:
        message = f"{where} has {frame.height} rows but the manifest says {rows}"
        raise CorpusIntegrityError(message)
    spec = spec_for(name)
    known = set(spec.columns)
    names = list(frame.columns)
    schema = frame.schema  # built anew by every access: once
    matches = all(name in known for name in names) and all(
        polars_type_name(schema[column]) == spec.column(column).type for column in names
    )
    if not matches or columns_fingerprint(name, names) != fingerprint:
        message = f"{where} does not have the schema the manifest records for table {name!r}"
        raise CorpusIntegrityError(message)


_SHIPPED: Store | None = None
_SHIPPED_LOCK = threading.Lock()


def _data_root() -> Traversable | Path:
    """The package's ``data`` directory: a plain path when the package is installed as files.

    ``importlib.resources`` handles every kind of installation (a zip archive too) but
    imports ``zipfile``, ``tempfile``, ``shutil``, ``lzma`` and ``bz2`` on the way, about a
    tenth of a fresh process's first load; a package installed as files (a wheel, an
    editable install) does not need it.
    """
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent / "data"
    if here.is_dir():
        return here
    from importlib.resources import files

    return files("digital_labor_corpus").joinpath("data")


def shipped_store() -> Store:
    """The store of the dataset versions shipped inside the package."""
    global _SHIPPED  # noqa: PLW0603 - one store per process, created on first use
    with _SHIPPED_LOCK:
        if _SHIPPED is None:
            _SHIPPED = Store(_data_root(), "the package's data directory")
        return _SHIPPED


def _new_locks_after_fork() -> None:
    """In a forked child, replace every lock a thread of the parent may have held at the fork."""
    global _SHIPPED_LOCK  # noqa: PLW0603 - reset in the child only
    _SHIPPED_LOCK = threading.Lock()
    for store in list(_STORES):
        store._lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX only
    os.register_at_fork(after_in_child=_new_locks_after_fork)
