"""The full-text index kept in a file between processes: reused, invalidated, checked, optional.

The shipped corpus is small, so every test lowers ``PERSIST_ROWS`` to 0 to keep its
index in a file; the expected results come from a corpus indexed in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.queries import fulltext_cache
from digital_labor_corpus.queries.fulltext import index_of

WORDS = ["modération", "travail du clic", "plateforme*", "AI OR IA"]
SRC = str(Path(dlc.__file__).parent.parent)


def _kept(directory: Path) -> dict[str, Path]:
    """The kept index files in ``directory``, by table."""
    return {path.name.split("-")[1]: path for path in directory.glob(".fulltext-*.sqlite")}


def _results(corpus: dlc.Corpus[pa.Table]) -> list[pa.Table]:
    return [corpus.search(word, limit=None) for word in WORDS]


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache directory of the test's own, so no test writes into the real one."""
    place = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(place))
    return place


@pytest.fixture
def reference(user_cache: Path) -> list[pa.Table]:
    """Every word's hits from the shipped corpus indexed in memory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext_cache, "PERSIST_ROWS", 2**62)
        corpus = dlc.open()
        found = _results(corpus)
    assert index_of(corpus._source).origin("quotes") == "memory"
    assert not user_cache.exists()
    return found


@pytest.fixture
def directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped corpus, whose indexes are kept in files however small."""
    monkeypatch.setattr(fulltext_cache, "PERSIST_ROWS", 0)
    target = tmp_path / "corpus"
    shutil.copytree(Path(dlc.paths()["quotes"]).parent, target)
    return target


def test_small_tables_stay_in_memory(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(Path(dlc.paths()["quotes"]).parent, target)
    corpus = dlc.open_path(target)
    corpus.search("modération")
    assert index_of(corpus._source).origin("quotes") == "memory"
    assert _kept(target) == {}


def test_a_second_corpus_reuses_the_kept_index(directory: Path, reference: list[pa.Table]) -> None:
    first = dlc.open_path(directory)
    assert _results(first) == reference
    assert index_of(first._source).builds == 2
    assert index_of(first._source).origin("quotes") == "built"
    files = _kept(directory)
    assert sorted(files) == ["claims", "quotes"]
    stamps = {table: (path.stat().st_ino, path.stat().st_mtime_ns) for table, path in files.items()}

    second = dlc.open_path(directory)
    assert _results(second) == reference
    assert index_of(second._source).builds == 0
    assert index_of(second._source).origin("claims") == "kept"
    assert {
        table: (path.stat().st_ino, path.stat().st_mtime_ns) for table, path in _kept(directory).items()
    } == stamps


_PROCESS = """
from digital_labor_corpus.queries import fulltext_cache
fulltext_cache.PERSIST_ROWS = 0
import digital_labor_corpus as dlc
from digital_labor_corpus.queries.fulltext import index_of
corpus = dlc.open_path({directory!r})
hits = corpus.search("modération", limit=None)
index = index_of(corpus._source)
print(index.builds, index.origin("quotes"), index.origin("claims"), hits.num_rows)
"""


def _process(directory: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": SRC}
    script = textwrap.dedent(_PROCESS.format(directory=str(directory)))
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _answer(process: subprocess.Popen[str]) -> list[str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.split()


def test_a_fresh_process_reuses_the_kept_index(directory: Path, reference: list[pa.Table]) -> None:
    expected = str(reference[0].num_rows)
    assert _answer(_process(directory)) == ["2", "built", "built", expected]
    stamps = {table: path.stat().st_ino for table, path in _kept(directory).items()}
    assert _answer(_process(directory)) == ["0", "kept", "kept", expected]
    assert {table: path.stat().st_ino for table, path in _kept(directory).items()} == stamps


def test_two_processes_building_at_once_leave_one_whole_file_per_table(
    directory: Path, reference: list[pa.Table]
) -> None:
    expected = str(reference[0].num_rows)
    processes = [_process(directory) for _ in range(3)]
    answers = [_answer(process) for process in processes]
    assert all(answer[-1] == expected for answer in answers)
    assert sorted(_kept(directory)) == ["claims", "quotes"]
    assert not list(directory.glob("*.tmp"))
    for table, path in _kept(directory).items():
        connection = fulltext_cache.open_kept(path, table)
        assert connection is not None
        connection.close()
    assert _results(dlc.open_path(directory)) == reference


def test_a_changed_table_invalidates_its_index(directory: Path) -> None:
    dlc.open_path(directory).search("modération")
    before = _kept(directory)
    quotes = pq.read_table(directory / "quotes.parquet")
    schema = pq.read_schema(directory / "quotes.parquet")
    first = quotes.column("quote_id")[0].as_py()
    texts = quotes.column("text").to_pylist()
    texts[0] = texts[0] + " zygomorphe"
    changed = quotes.set_column(quotes.schema.get_field_index("text"), "text", pa.array(texts, pa.string()))
    pq.write_table(changed.cast(schema), directory / "quotes.parquet")
    # A changed table comes with its manifest entry updated, as a rebuild writes it: a
    # file that disagrees with its manifest is refused before any index is consulted.
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    raw = (directory / "quotes.parquet").read_bytes()
    manifest["tables"]["quotes"].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    corpus = dlc.open_path(directory)
    hits = corpus.search("zygomorphe")
    assert hits.column("record_id").to_pylist() == [first]
    assert index_of(corpus._source).origin("quotes") == "built"
    assert index_of(corpus._source).origin("claims") == "kept"  # claims did not change
    after = _kept(directory)
    assert after["quotes"] != before["quotes"]
    assert not before["quotes"].exists()  # the stale index is removed
    assert after["claims"] == before["claims"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database\n" * 512), id="garbage"),
        pytest.param(
            lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]), id="truncated"
        ),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_index_is_rebuilt_never_trusted(
    directory: Path, reference: list[pa.Table], damage: object
) -> None:
    dlc.open_path(directory).search("modération")
    for path in _kept(directory).values():
        damage(path)  # type: ignore[operator]
    corpus = dlc.open_path(directory)
    assert _results(corpus) == reference


def test_a_foreign_database_under_the_name_is_rebuilt(directory: Path, reference: list[pa.Table]) -> None:
    dlc.open_path(directory).search("modération")
    for table, path in _kept(directory).items():
        path.unlink()
        with sqlite3.connect(path) as foreign:  # another program's file, even with our tables' names
            foreign.execute(f"CREATE TABLE {table}_content (rowid INTEGER PRIMARY KEY, text TEXT)")
            foreign.execute("CREATE TABLE dlc_fulltext (key TEXT, value TEXT)")
        foreign.close()
    corpus = dlc.open_path(directory)
    assert _results(corpus) == reference
    assert index_of(corpus._source).origin("quotes") == "built"
    for table, path in _kept(directory).items():
        connection = fulltext_cache.open_kept(path, table)
        assert connection is not None
        connection.close()


def test_an_unwritable_directory_still_searches(
    directory: Path, reference: list[pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        directory.chmod(0o555)
    else:  # root writes anywhere: refuse the temporary file as a read-only directory would

        def refuse(path: Path) -> Path:
            raise PermissionError(13, "Permission denied", str(path.parent))

        monkeypatch.setattr(fulltext_cache, "temporary", refuse)
    try:
        corpus = dlc.open_path(directory)
        assert _results(corpus) == reference
        assert index_of(corpus._source).origin("quotes") == "memory"
        assert _kept(directory) == {}
    finally:
        directory.chmod(0o755)


def test_shipped_versions_keep_their_index_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: list[pa.Table]
) -> None:
    monkeypatch.setattr(fulltext_cache, "PERSIST_ROWS", 0)
    package = Path(dlc.paths()["quotes"]).parent
    corpus = dlc.open()
    assert _results(corpus) == reference
    assert index_of(corpus._source).origin("quotes") == "built"
    kept = sorted(path.name for path in (tmp_path / "user-cache" / "digital-labor-corpus").iterdir())
    assert [name.split("-")[2] for name in kept] == ["claims", "quotes"]
    assert all(name.startswith(f"fulltext-{corpus.version}-") for name in kept)
    assert not [path for path in package.iterdir() if "fulltext" in path.name]
    again = dlc.open()
    assert _results(again) == reference
    assert index_of(again._source).builds == 0
    packaged = dlc.open_path(package)  # the package's own files opened as a directory
    assert _results(packaged) == reference
    assert index_of(packaged._source).origin("quotes") == "built"
    assert not [path for path in package.iterdir() if "fulltext" in path.name]
    assert len(list((tmp_path / "user-cache" / "digital-labor-corpus").glob("fulltext-packaged-*"))) == 2


def test_an_unusable_user_cache_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: list[pa.Table]
) -> None:
    monkeypatch.setattr(fulltext_cache, "PERSIST_ROWS", 0)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache directory cannot be made under a file
    corpus = dlc.open()
    assert _results(corpus) == reference
    assert index_of(corpus._source).origin("quotes") == "memory"


def test_the_digest_follows_the_tables_an_index_reads(directory: Path) -> None:
    source = dlc.open_path(directory)._source
    tokenizer = "unicode61 remove_diacritics 2"
    quotes = fulltext_cache.kept_path(source, "quotes", tokenizer)
    claims = fulltext_cache.kept_path(source, "claims", tokenizer)
    appearances = pq.read_table(directory / "appearances.parquet")
    schema = pq.read_schema(directory / "appearances.parquet")
    pq.write_table(
        appearances.filter(pc.is_valid(appearances.column(0))).cast(schema), directory / "appearances.parquet"
    )
    os.utime(directory / "appearances.parquet", ns=(1, 1))
    fresh = dlc.open_path(directory)._source
    assert fulltext_cache.kept_path(fresh, "quotes", tokenizer) == quotes  # quotes do not read appearances
    assert fulltext_cache.kept_path(fresh, "claims", tokenizer) != claims  # claims take their language there
    assert fulltext_cache.kept_path(fresh, "claims", "unicode61") != fulltext_cache.kept_path(
        fresh, "claims", tokenizer
    )
