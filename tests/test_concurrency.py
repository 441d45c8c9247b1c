"""Many threads and several processes loading and validating at once get identical results."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.store.storage import shipped_store


def _fingerprint(table: pa.Table) -> str:
    return hashlib.sha256(repr(table.to_pylist()).encode()).hexdigest()


def _load_in_process(name: str) -> str:
    return _fingerprint(dlc.load(name))


def _expected() -> dict[str, str]:
    return {name: _fingerprint(dlc.load(name)) for name in dlc.tables()}


class TestThreads:
    """The per-process cache is safe under threads."""

    def test_threads_load_identical_tables(self) -> None:
        """64 loads from 16 threads on a cold cache all return the same data, without error."""
        expected = _expected()
        shipped_store().clear()
        names = dlc.tables() * 8
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda n: (n, dlc.load(n)), names))
        for name, table in results:
            assert _fingerprint(table) == expected[name]
        # Every thread got the one cached table of its name.
        for name in dlc.tables():
            assert len({id(t) for n, t in results if n == name}) == 1

    def test_threads_validate(self) -> None:
        """Validation from several threads at once finds nothing, every time."""
        shipped_store().clear()
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert list(pool.map(lambda _: dlc.validate(), range(4))) == [[], [], [], []]


class TestProcesses:
    """Separate processes read the same bytes."""

    def test_processes_load_identical_tables(self) -> None:
        """Three spawned processes load every table and agree with this one."""
        expected = _expected()
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=3, mp_context=context) as pool:
            found = dict(zip(dlc.tables(), pool.map(_load_in_process, dlc.tables()), strict=True))
        assert found == expected

    @pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
    def test_a_forked_child_loads_with_its_own_locks(self) -> None:
        """A child forked after the parent loaded (locks and verified digests in memory) loads too.

        The store's and the digest cache's locks are replaced in the child (a lock held by
        another thread at the fork would never be released there); the child must still read,
        verify and list versions.
        """
        expected = _fingerprint(dlc.load("quotes"))
        versions = dlc.versions()
        pid = os.fork()
        if pid == 0:  # the child: exit 0 only if everything worked
            code = 1
            try:
                shipped_store().clear()  # read and verified again, under the child's own locks
                ok = _fingerprint(dlc.load("quotes")) == expected and dlc.versions() == versions
                directory = dlc.open_path(Path(dlc.paths()["quotes"]).parent)  # verified file by file
                ok = ok and _fingerprint(directory.table("quotes")) == expected
                code = 0 if ok else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0


class TestEachTable:
    """A question asked of several tables: in turn in memory, in threads over files."""

    TABLES = ("quotes", "claims", "statistics", "place_mentions", "appearances")

    def _asked(self, corpus: dlc.Corpus[pa.Table]) -> list[tuple[str, str, int]]:
        import threading

        def ask(table: str) -> tuple[str, str, int]:
            from digital_labor_corpus.schema.tables import TABLES

            rows = corpus._source.scan(table, [TABLES[table].primary_key], None).num_rows
            return table, threading.current_thread().name, rows

        return corpus._source.each_table(ask, self.TABLES)

    def test_shipped_version_in_turn(self) -> None:
        """The shipped tables are in memory: every answer comes from the calling thread, in order."""
        import threading

        asked = self._asked(dlc.open())
        assert [table for table, _, _ in asked] == list(self.TABLES)
        assert {thread for _, thread, _ in asked} == {threading.current_thread().name}

    def test_directory_in_threads(self) -> None:
        """A directory's scans decode files: the answers come from the call's own threads,
        in the tables' order, with the same rows as the shipped version's."""
        directory = dlc.open_path(Path(dlc.paths()["quotes"]).parent)
        asked = self._asked(directory)
        assert [table for table, _, _ in asked] == list(self.TABLES)
        assert all(thread.startswith("dlc-tables") for _, thread, _ in asked)
        assert [rows for _, _, rows in asked] == [rows for _, _, rows in self._asked(dlc.open())]
