"""Nothing crashes and nothing hangs: fresh processes exit cleanly, forks after a scan work.

Each test here holds a fault that was found in 1.0.1 and the whole kind it belongs to:
the abort at exit (a Python buffer freed by an Arrow thread while the interpreter shut
down), and a thread pool inherited across a fork.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus

from .conftest import ROOT


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus whose tables have many row groups (the scan reads them in threads)."""
    root = tmp_path_factory.mktemp("grouped")
    return write_corpus(generate(400, seed=11), root / "1.0.0", row_group_size=16)


def _count_in_child(directory: str, queue: multiprocessing.Queue[int]) -> None:
    corpus = dlc.open_path(directory)
    queue.put(corpus.quotes(kind=["answer", "question", "statement"]).num_rows)


class TestFork:
    """A process forked after a threaded scan scans again in the child."""

    def test_child_scans_after_fork(self, grouped: Path) -> None:
        """The fork start method after a multi-row-group scan: the child finishes with the same count."""
        corpus = dlc.open_path(grouped)
        expected = corpus.quotes().num_rows
        assert expected == 400  # read in threads: 400 quotes in row groups of 16
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        child = context.Process(target=_count_in_child, args=(str(grouped), queue))
        child.start()
        child.join(timeout=30)
        hung = child.is_alive()
        if hung:
            child.kill()
            child.join()
        assert not hung, "the forked child hung in its scan"
        assert child.exitcode == 0
        assert queue.get(timeout=5) == expected

    def test_fork_while_other_threads_scan(self, grouped: Path) -> None:
        """Forking while another thread is mid-scan still gives the child a working scan."""
        corpus = dlc.open_path(grouped)
        context = multiprocessing.get_context("fork")
        with ThreadPoolExecutor(max_workers=2) as threads:
            busy = [threads.submit(lambda: corpus.quotes().num_rows) for _ in range(4)]
            queue = context.Queue()
            child = context.Process(target=_count_in_child, args=(str(grouped), queue))
            child.start()
            child.join(timeout=30)
            hung = child.is_alive()
            if hung:
                child.kill()
                child.join()
            assert [future.result() for future in busy] == [400] * 4
        assert not hung, "the forked child hung in its scan"
        assert queue.get(timeout=5) == 400


FRESH_PROCESS = textwrap.dedent(
    """
    import sys, tempfile
    import digital_labor_corpus as dlc

    dlc.load("quotes")
    dlc.open().quotes(speaker="casilli", kind="answer")
    dlc.open_path(sys.argv[1]).quotes(kind="answer")
    with tempfile.TemporaryDirectory() as out:
        dlc.export(out, "jsonl", tables=["topics", "quotes"])
    """
)


class TestExit:
    """Fresh processes that load, query and export exit with status 0, every one of them."""

    RUNS = 200

    def test_fresh_processes_exit_cleanly(self, grouped: Path) -> None:
        """200 fresh interpreters: no abort at exit ("terminate called ...", status 134).

        Before the fix about one process in twelve aborted: a Parquet reader thread freed the
        Python bytes it read from while the interpreter shut down.
        """
        environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

        def run(_: int) -> tuple[int, str]:
            done = subprocess.run(
                [sys.executable, "-c", FRESH_PROCESS, str(grouped)],
                capture_output=True,
                text=True,
                env=environment,
                timeout=120,
                check=False,
            )
            return done.returncode, done.stderr

        with ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) + 1) as pool:
            results = list(pool.map(run, range(self.RUNS)))
        failed = [(code, error[-300:]) for code, error in results if code != 0 or error]
        assert failed == [], f"{len(failed)} of {self.RUNS} processes failed: {failed[:3]}"


# Directory names that mean something to a glob or to SQL, each with a sibling that the
# name, read as a pattern, would also match (None when it has none).
ODD_NAMES = [
    ("a?b", "axb"),
    ("c*d", "cXYd"),
    ("[ef]", "e"),
    ("g]h[", None),
    ("{i,j}", "i"),
    ("k'l", None),
    ("m n", None),
    ("**", "x"),
    ("e\u0301te\u0301", "\u00e9t\u00e9"),  # NFD, and its NFC twin as the sibling
]


def _copy_version(target: Path) -> None:
    import shutil

    shutil.copytree(Path(dlc.paths()["quotes"]).parent, target)


class TestOddPaths:
    """A directory's name is never read as a pattern: DuckDB sees exactly its files."""

    @pytest.mark.parametrize(("name", "sibling"), ODD_NAMES)
    def test_duckdb_reads_only_the_directory(self, tmp_path: Path, name: str, sibling: str | None) -> None:
        """DuckDB counts the directory's quotes only, not its glob-matching sibling's as well."""
        _copy_version(tmp_path / name)
        if sibling is not None:
            _copy_version(tmp_path / sibling)
        if sibling is not None:  # the sibling is there: a pattern would match both
            assert sorted(p.name for p in tmp_path.iterdir()) == sorted({name, sibling})
        expected = {table: dlc.load(table).num_rows for table in dlc.tables()}
        corpus = dlc.open_path(tmp_path / name)
        connection = corpus.duckdb()
        try:
            found = {
                table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
                for table in dlc.tables()
            }
            filtered = connection.execute("SELECT count(*) FROM quotes WHERE kind = 'answer'").fetchone()
        finally:
            connection.close()
        assert found == expected
        answers = dlc.load("quotes").column("kind").to_pylist().count("answer")
        assert filtered == (answers,)
        assert corpus.quotes().num_rows == expected["quotes"]
