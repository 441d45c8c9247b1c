"""Where a :class:`~digital_labor_corpus.queries.corpus.Corpus` reads its tables: the interface, and the shipped versions.

:class:`TableSource` is what every helper asks for a table, a filtered scan, a small
table kept in memory, or an answer computed once and kept (:meth:`~TableSource.memo`).
:class:`StoreSource` serves a shipped dataset version: whole tables, checked against the
manifest's SHA-256 and cached by the store, filtered in memory.
:class:`~digital_labor_corpus.queries.scan.DirectorySource` serves a directory of Parquet
files and pushes the filters into the scan. This module is all that ``open()`` imports
of the two: the scan's machinery loads with the first directory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from digital_labor_corpus.schema.catalog import tables_in

if TYPE_CHECKING:
    import datetime as dt

    import pyarrow as pa

    from digital_labor_corpus.queries.derived import Place
    from digital_labor_corpus.queries.predicates import Predicate
    from digital_labor_corpus.store.storage import Store

__all__ = ["Finish", "StoreSource", "TableSource"]

# A reduction applied to each filtered part of a scan.
Finish = Callable[["pa.Table"], "pa.Table"]
# What a question asked of each table gives back.
T = TypeVar("T")


class TableSource(Protocol):
    """Where a corpus's tables come from."""

    version: str | None
    release_date: dt.date | None
    where: str
    verified: bool  # every file is checked against a manifest's SHA-256 before it is read

    def read(self, table: str, columns: Sequence[str] | None = None) -> pa.Table:
        """The whole table, or just ``columns``."""
        ...

    def scan(
        self,
        table: str,
        columns: Sequence[str],
        where: Predicate | None,
        finish: Finish | None = None,
        *,
        decode: bool = True,
    ) -> pa.Table:
        """The ``columns`` of the rows that pass ``where`` (every row for None), in file order.

        ``finish``, when given, is applied to each filtered part (a row group, or the whole
        table in memory) before the parts are put together: a per-part reduction such as
        a top-k that runs in the scan's threads. With ``decode=False`` columns of few
        distinct values may come back dictionary-encoded (cheaper to count or look up).
        """
        ...

    def dimension(self, table: str) -> pa.Table:
        """A small table, read once and kept (people, topics, places, appearances)."""
        ...

    def paths(self) -> dict[str, str]:
        """The file of every table."""
        ...

    def has_column(self, table: str, column: str) -> bool:
        """Whether the table's file holds ``column`` (older versions lack later columns)."""
        ...

    def derived_place(self, reads: Sequence[str]) -> Place | None:
        """Where files derived from the tables ``reads`` are kept (:mod:`.derived`); None if nowhere."""
        ...

    def memo(self, key: Hashable, compute: Callable[[], pa.Table]) -> pa.Table:
        """``compute()`` the first time ``key`` is asked for, the kept answer after (per source)."""
        ...

    def each_table(self, ask: Callable[[str], T], tables: Sequence[str]) -> list[T]:
        """``ask(table)`` for each of ``tables``, the answers in the tables' order.

        In turn where the tables are in memory; at once, in threads, where each scan
        decodes files (pyarrow lets go of the GIL while it decodes).
        """
        ...


class _Memo:
    """Answers computed once per source and kept: counts, small lookups (thread-safe)."""

    def __init__(self) -> None:
        self._memo: dict[Hashable, pa.Table] = {}
        self._memo_lock = threading.Lock()

    def derived_place(self, reads: Sequence[str]) -> Place | None:
        """None: a source whose files are not known keeps nothing it derives."""
        del reads
        return None

    def memo(self, key: Hashable, compute: Callable[[], pa.Table]) -> pa.Table:
        with self._memo_lock:
            cached = self._memo.get(key)
        if cached is not None:
            return cached
        found = compute()
        with self._memo_lock:
            return self._memo.setdefault(key, found)


class StoreSource(_Memo):
    """A shipped dataset version: whole tables, verified and cached by the store."""

    def __init__(self, store: Store, version: str) -> None:
        super().__init__()
        self.store = store
        self.verified = True
        self.version: str | None = version
        manifest = store.manifest(version)
        self.release_date: dt.date | None = manifest.release_date
        self.where = f"dataset version {version}"

    def read(self, table: str, columns: Sequence[str] | None = None) -> pa.Table:
        whole = self.store.table(table, self.version)
        return whole if columns is None else whole.select(list(columns))

    def scan(
        self,
        table: str,
        columns: Sequence[str],
        where: Predicate | None,
        finish: Finish | None = None,
        *,
        decode: bool = True,
    ) -> pa.Table:
        del decode  # the store's tables are decoded already
        whole = self.store.table(table, self.version)
        if where is not None:
            whole = whole.filter(where.mask(whole))
        whole = whole.select(list(columns))
        return whole if finish is None else finish(whole)

    def dimension(self, table: str) -> pa.Table:
        return self.store.table(table, self.version)

    def paths(self) -> dict[str, str]:
        return {name: str(self.store.file_path(self.version, name)) for name in tables_in(self.version)}

    def has_column(self, table: str, column: str) -> bool:
        return column in self.store.table(table, self.version).schema.names

    def derived_place(self, reads: Sequence[str]) -> Place | None:
        """The user's cache, by dataset version, keyed by the manifest's digests."""
        from digital_labor_corpus.queries.derived import Place, user_cache

        if self.version is None:
            return None
        manifest = self.store.manifest(self.version)
        keys: list[object] = [[name, manifest.tables[name].sha256] for name in reads]
        return Place(user_cache(), self.version, keys)

    def each_table(self, ask: Callable[[str], T], tables: Sequence[str]) -> list[T]:
        """In turn: the tables are in memory, and threads would only contend for the GIL
        (a record looked up in five tables in threads took twice as long)."""
        return [ask(table) for table in tables]

    def polars(self, table: str) -> Any:
        """The whole table as a Polars frame, read by Polars from the verified bytes."""
        from digital_labor_corpus.store.backends import need_polars

        need_polars()
        return self.store.polars(table, self.version)
