"""The clustered copy of a large table: same answers as the table, built once, kept, checked.

The synthetic corpus here is small; the size threshold (``CLUSTER_ROWS``) is lowered so
that it gets a copy, and the copy's row groups are made as small as the table's (64 rows)
so that a person's rows span several groups, as a rare speaker's do at a million quotes.
Expected rows come from pyarrow's own filter of the whole Parquet file, a route that
shares nothing with the scan.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import struct
import threading
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus
from digital_labor_corpus.queries import clustered, derived
from digital_labor_corpus.queries.scan import DirectorySource, In

from .querying import NEWEST

N_QUOTES = 3000


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus in 64-row groups, never written into by the tests (they copy it)."""
    root = tmp_path_factory.mktemp("clustered")
    return write_corpus(generate(N_QUOTES, seed=11), root / NEWEST, row_group_size=64)


@pytest.fixture(scope="module")
def shared(written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus that the property test's examples share (and cluster)."""
    target = tmp_path_factory.mktemp("shared") / "corpus"
    shutil.copytree(written, target)
    return target


@pytest.fixture
def directory(written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the corpus, large enough for a copy and clustered in 64-row groups."""
    monkeypatch.setattr(clustered, "CLUSTER_ROWS", 1000)
    monkeypatch.setattr(clustered, "GROUP_ROWS", 64)
    target = tmp_path / "corpus"
    shutil.copytree(written, target)
    return target


def _copies(directory: Path) -> list[Path]:
    return sorted(directory.glob(".clustered-quotes-*.parquet"))


def _speakers(directory: Path) -> list[str]:
    """Every speaker of a quote, from the rarest to the most frequent."""
    counts = pc.value_counts(
        pq.read_table(directory / "quotes.parquet", columns=["speaker_id"])["speaker_id"]
    )
    pairs = sorted(
        zip(counts.field("counts").to_pylist(), counts.field("values").to_pylist(), strict=True),
        key=lambda pair: (pair[0], str(pair[1])),
    )
    return [value for _, value in pairs if value is not None]


def _expected_ids(directory: Path, speakers: list[str]) -> list[str]:
    """The quote ids of ``speakers``, by pyarrow's filter of the whole file."""
    whole = pq.read_table(directory / "quotes.parquet", columns=["quote_id", "speaker_id"])
    kept_rows = whole.filter(pc.is_in(whole["speaker_id"], value_set=pa.array(speakers)))
    return sorted(kept_rows["quote_id"].to_pylist())


def _source(corpus: dlc.Corpus[Any]) -> DirectorySource:
    source = corpus._source
    assert isinstance(source, DirectorySource)
    return source


def test_the_second_question_builds_the_copy_and_later_ones_read_it(directory: Path) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    first = corpus.quotes(speaker=rare)
    assert _copies(directory) == []  # a one-off question is answered by a scan
    second = corpus.quotes(speaker=rare)
    (copy,) = _copies(directory)
    assert first.equals(second)
    assert sorted(first["quote_id"].to_pylist()) == _expected_ids(directory, [rare])
    assert first.num_rows > 0
    # the copy holds the rare speaker in one or two of its 64-row groups, the table in many
    source = _source(corpus)
    where = In("speaker_id", pa.array([rare]))
    in_table = source._groups(source._file("quotes"), where)
    in_copy = source._groups(source._layout("quotes", where), where)
    assert source._layout("quotes", where).path == copy
    assert len(in_copy) <= 2 < len(in_table)
    assert pq.read_metadata(copy).num_rows == N_QUOTES


def test_every_speaker_gets_the_tables_rows(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = dlc.open_path(directory)
    speakers = _speakers(directory)
    corpus.quotes(speaker=speakers[0])
    corpus.quotes(speaker=speakers[0])
    assert _copies(directory)
    with monkeypatch.context() as patch:
        patch.setattr(clustered, "CLUSTER_ROWS", 2**62)
        scanning = dlc.open_path(directory)
        for speaker in speakers:
            found = corpus.quotes(speaker=speaker)
            assert found.equals(scanning.quotes(speaker=speaker)), speaker
            assert sorted(found["quote_id"].to_pylist()) == _expected_ids(directory, [speaker])
        several = speakers[:3] + speakers[-2:]
        assert corpus.quotes(speaker=several).equals(scanning.quotes(speaker=several))
    assert _source(scanning)._clustered == {}  # the reference never used a copy


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_question_with_a_speaker_matches_the_scan(shared: Path, data: st.DataObject) -> None:
    written = shared
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clustered, "GROUP_ROWS", 64)
        patch.setattr(clustered, "CLUSTER_ROWS", 2**62)
        scanning = dlc.open_path(written)
        patch.setattr(clustered, "CLUSTER_ROWS", 1000)
        corpus = dlc.open_path(written)
        speakers = _speakers(written)
        people = data.draw(st.lists(st.sampled_from(speakers), min_size=1, max_size=4, unique=True))
        arguments: dict[str, Any] = {"speaker": people}
        if data.draw(st.booleans()):
            day = data.draw(st.dates(dt.date(2014, 1, 1), dt.date(2026, 1, 1)))
            arguments[data.draw(st.sampled_from(["since", "until"]))] = day
        if data.draw(st.booleans()):
            arguments["kind"] = data.draw(st.sampled_from(["statement", "answer", "question"]))
        if data.draw(st.booleans()):
            topics = pq.read_table(written / "topics.parquet", columns=["topic_id"])["topic_id"].to_pylist()
            arguments["topic"] = data.draw(st.sampled_from(topics))
        expected = scanning.quotes(**arguments)
        for _ in range(2):  # by the scan, then by the copy
            assert corpus.quotes(**arguments).equals(expected)
        assert _source(corpus)._clustered["quotes"] is not None


def test_a_later_process_reads_the_kept_copy_from_its_first_question(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rare = _speakers(directory)[0]
    building = dlc.open_path(directory)
    expected = building.quotes(speaker=rare)
    building.quotes(speaker=rare)
    (copy,) = _copies(directory)

    def refuse(*_: object) -> None:
        raise AssertionError("a kept copy must not be built again")

    monkeypatch.setattr(clustered, "build", refuse)
    later = dlc.open_path(directory)
    assert later.quotes(speaker=rare).equals(expected)
    assert _source(later)._clustered["quotes"] is not None
    assert _source(later)._clustered["quotes"].path == copy  # type: ignore[union-attr]


def test_a_small_table_gets_no_copy(written: Path, tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(written, target)
    assert clustered.CLUSTER_ROWS > N_QUOTES
    corpus = dlc.open_path(target)
    for speaker in _speakers(target)[:3]:
        corpus.quotes(speaker=speaker)
        corpus.quotes(speaker=speaker)
    assert _copies(target) == []


def test_questions_without_a_speaker_never_build(directory: Path) -> None:
    corpus = dlc.open_path(directory)
    for _ in range(3):
        corpus.quotes(kind="question")
        corpus.quotes(since="2020-01-01")
    assert _copies(directory) == []


def _built(directory: Path, speaker: str) -> Path:
    """The copy a corpus of ``directory`` builds on its second question for ``speaker``."""
    building = dlc.open_path(directory)
    building.quotes(speaker=speaker)
    building.quotes(speaker=speaker)
    (copy,) = _copies(directory)
    return copy


def _damage(path: Path) -> None:
    """Flip one byte in every 512 of the data pages (the first half of the file, before its footer)."""
    data = bytearray(path.read_bytes())
    for position in range(64, len(data) // 2, 512):
        data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_copy_is_never_read_as_data(directory: Path) -> None:
    """Damaged before a process opens it: its SHA-256 fails, it is removed and built again."""
    speakers = _speakers(directory)
    copy = _built(directory, speakers[0])
    _damage(copy)
    later = dlc.open_path(directory)
    for speaker in speakers:
        found = later.quotes(speaker=speaker)
        assert sorted(found["quote_id"].to_pylist()) == _expected_ids(directory, [speaker])
        assert found["text"].null_count == 0
    (rebuilt,) = _copies(directory)  # removed, and the second question built a whole one
    assert rebuilt == copy  # the build is deterministic: the same bytes, the same name
    assert _whole(rebuilt)
    assert _source(later)._clustered["quotes"].path == rebuilt  # type: ignore[union-attr]


def _whole(copy: Path) -> bool:
    """Whether ``copy``'s bytes have the SHA-256 its name carries."""
    from digital_labor_corpus.queries.derived import file_digest

    return copy.name.removesuffix(".parquet").rpartition(".")[2] == file_digest(copy)


def test_a_copy_damaged_while_in_use_fails_its_page_checksums(directory: Path) -> None:
    """Damaged after a process checked it: a page fails its CRC, the copy is dropped, the table answers."""
    speakers = _speakers(directory)
    copy = _built(directory, speakers[0])
    later = dlc.open_path(directory)
    later.quotes(speaker=speakers[0])
    assert _source(later)._clustered["quotes"].path == copy  # type: ignore[union-attr]
    _damage(copy)
    for speaker in speakers:
        found = later.quotes(speaker=speaker)
        assert sorted(found["quote_id"].to_pylist()) == _expected_ids(directory, [speaker])
    assert not copy.exists()  # removed once a page failed its checksum
    assert _source(later)._clustered["quotes"] is None  # and not built again by this process
    assert _copies(directory) == []


def _labelled(
    path: Path, table: pa.Table, *, meta: dict[str, Any] | None = None, raw: bytes | None = None
) -> None:
    """Write ``table`` at ``path`` with a copy's label, changed by ``meta`` (or replaced by ``raw``)."""
    label = clustered._meta(_known_as(path), "quotes") | (meta or {})
    value = raw if raw is not None else json.dumps(label).encode()
    pq.write_table(table.replace_schema_metadata({b"dlc_clustered": value}), path, row_group_size=64)


def _known_as(copy: Path) -> Path:
    """The name a published copy is known by: its own without the SHA-256."""
    stem, _, _ = copy.name.removesuffix(".parquet").rpartition(".")
    return copy.with_name(stem + ".parquet")


def _renamed_to_its_digest(copy: Path) -> Path:
    """``copy`` renamed after its new content, as a publish would: only the label can then refuse it."""
    from digital_labor_corpus.queries.derived import file_digest

    target = clustered.named(_known_as(copy), file_digest(copy))
    copy.rename(target)
    return target


@pytest.mark.parametrize(
    "replace",
    [
        pytest.param(lambda path, _table: path.write_bytes(path.read_bytes()[:-100]), id="truncated"),
        pytest.param(lambda path, _table: path.write_bytes(b"PAR1 not parquet"), id="not Parquet"),
        pytest.param(lambda path, table: pq.write_table(table, path), id="another program's Parquet file"),
        pytest.param(lambda path, table: _labelled(path, table.slice(0, 100)), id="labelled, fewer rows"),
        pytest.param(
            lambda path, table: _labelled(path, table.drop_columns(["text_en"])), id="labelled, a column less"
        ),
        pytest.param(
            lambda path, table: _labelled(path, table, meta={"name": "another.parquet"}),
            id="labelled for another name",
        ),
        pytest.param(
            lambda path, table: _labelled(path, table, meta={"format": 0}), id="labelled as another format"
        ),
        pytest.param(lambda path, table: _labelled(path, table, raw=b"\xff{"), id="label not JSON"),
    ],
)
@pytest.mark.parametrize("renamed", [False, True], ids=["its name's digest", "renamed to its digest"])
def test_a_foreign_file_at_the_copys_place_is_rebuilt(directory: Path, replace: Any, renamed: bool) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    expected = corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (copy,) = _copies(directory)
    replace(copy, pq.read_table(directory / "quotes.parquet"))
    if renamed:
        copy = _renamed_to_its_digest(copy)
    later = dlc.open_path(directory)
    assert later.quotes(speaker=rare).equals(expected)
    assert _source(later)._clustered == {}  # not used: the file is not a copy
    assert not copy.exists()  # and removed
    assert later.quotes(speaker=rare).equals(expected)  # the second question builds a whole one
    (rebuilt,) = _copies(directory)
    assert clustered.find(
        _known_as(rebuilt), "quotes", pq.read_schema(directory / "quotes.parquet"), N_QUOTES
    )


def test_a_relabelled_copy_with_the_right_digest_is_used(directory: Path) -> None:
    """The control of the test above: a copy rewritten whole, label included, and renamed, is a copy."""
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    expected = corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (copy,) = _copies(directory)
    held = pq.read_table(copy)
    pq.write_table(held, copy, row_group_size=64)
    copy = _renamed_to_its_digest(copy)
    later = dlc.open_path(directory)
    assert later.quotes(speaker=rare).equals(expected)
    assert _source(later)._clustered["quotes"].path == copy  # type: ignore[union-attr]


def _footer_start(data: bytes) -> int:
    length: int = struct.unpack("<I", data[-8:-4])[0]
    return len(data) - 8 - length


@pytest.mark.parametrize(
    "where", ["a statistic of speaker_id", "a column's path", "every 97th byte of the footer"]
)
def test_a_damaged_footer_is_never_read(directory: Path, where: str) -> None:
    """The footer carries no page checksum: the copy's SHA-256, in its name, guards it."""
    speakers = _speakers(directory)
    building = dlc.open_path(directory)
    expected = {speaker: building.quotes(speaker=speaker) for speaker in speakers[:3]}
    building.quotes(speaker=speakers[0])
    (copy,) = _copies(directory)
    data = bytearray(copy.read_bytes())
    footer = _footer_start(bytes(data))
    if where == "a statistic of speaker_id":
        name = speakers[0].encode()  # a statistic: Thrift's length byte, then the value
        hits = [i for i in range(footer, len(data)) if data.startswith(bytes([len(name)]) + name, i)]
        assert hits
        data[hits[-1] + 1] ^= 0x04
    elif where == "a column's path":
        hits = [i for i in range(footer, len(data)) if data.startswith(b"speaker_id", i)]
        data[hits[0] + 3] = 0xFF
    else:
        for position in range(footer, len(data) - 8, 97):
            data[position] ^= 0x20
    copy.write_bytes(bytes(data))
    assert not _whole(copy)
    later = dlc.open_path(directory)
    for speaker, rows in expected.items():
        assert later.quotes(speaker=speaker).equals(rows)
    (rebuilt,) = _copies(directory)  # the damaged one removed, a whole one built by the second question
    assert _whole(rebuilt)


def _rewrite_quotes(directory: Path, change: Any) -> None:
    """Rewrite quotes.parquet with ``change`` applied, and drop the manifest that no longer vouches for it."""
    table = change(pq.read_table(directory / "quotes.parquet"))
    pq.write_table(table, directory / "quotes.parquet", row_group_size=64)
    (directory / "manifest.json").unlink()


def test_a_column_the_copy_cannot_sort_leaves_the_table_scanned(directory: Path) -> None:
    """A dictionary-encoded speaker_id read as strings: same answers, no copy, no file left behind."""
    index = pq.read_schema(directory / "quotes.parquet").get_field_index("speaker_id")
    _rewrite_quotes(
        directory, lambda t: t.set_column(index, "speaker_id", pc.dictionary_encode(t["speaker_id"]))
    )
    speaker = _speakers(directory)[0]
    expected = _expected_ids(directory, [speaker])
    corpus = dlc.open_path(directory)
    for _ in range(3):
        assert sorted(corpus.quotes(speaker=speaker)["quote_id"].to_pylist()) == expected
    assert sorted(path.name for path in directory.glob(".clustered-*")) == sorted(
        path.name for path in _copies(directory)
    )
    assert [path for path in directory.iterdir() if path.suffix == ".tmp"] == []


def test_a_copy_of_large_strings_is_written_in_the_models_types(directory: Path) -> None:
    """Polars and pandas write large or nullable strings; the copy is written as the model's strings,
    so its statistics pick out a rare speaker's one or two groups."""
    _rewrite_quotes(
        directory,
        lambda t: t.cast(
            pa.schema([f.with_type(pa.large_string()) if f.type == pa.string() else f for f in t.schema])
        ),
    )
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    first = corpus.quotes(speaker=rare)
    assert corpus.quotes(speaker=rare).equals(first)
    assert sorted(first["quote_id"].to_pylist()) == _expected_ids(directory, [rare])
    source = _source(corpus)
    where = In("speaker_id", pa.array([rare]))
    copy = source._layout("quotes", where)
    assert copy.checksums
    assert len(source._groups(copy, where)) <= 2


def test_an_interrupted_build_leaves_no_file(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = clustered.build

    def interrupted(*arguments: Any) -> str:
        real(*arguments)
        raise KeyboardInterrupt

    monkeypatch.setattr(clustered, "build", interrupted)
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    corpus.quotes(speaker=rare)
    with pytest.raises(KeyboardInterrupt):
        corpus.quotes(speaker=rare)
    assert [path.name for path in directory.iterdir() if path.name.startswith(".clustered")] == []


def test_a_forked_child_does_not_inherit_a_held_build_lock(directory: Path) -> None:
    from digital_labor_corpus.queries.scan import _forget_pool_after_fork

    source = _source(dlc.open_path(directory))
    source._cluster_lock.acquire()  # as a thread of the parent building a copy at the fork
    _forget_pool_after_fork()
    assert source._cluster_lock.acquire(timeout=1)
    source._cluster_lock.release()


def test_a_changed_table_gets_a_new_copy_and_the_old_one_goes(directory: Path, tmp_path: Path) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (old,) = _copies(directory)
    other = write_corpus(generate(N_QUOTES, seed=12), tmp_path / "other" / NEWEST, row_group_size=64)
    for name in ("quotes.parquet", "manifest.json"):
        shutil.copy(other / name, directory / name)
    for path in other.glob("*.parquet"):
        shutil.copy(path, directory / path.name)
    later = dlc.open_path(directory)
    speaker = _speakers(directory)[0]
    later.quotes(speaker=speaker)
    found = later.quotes(speaker=speaker)
    (new,) = _copies(directory)
    assert new != old
    assert sorted(found["quote_id"].to_pylist()) == _expected_ids(directory, [speaker])


def test_nowhere_to_write_keeps_scanning(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(derived, "temporary", refuse)
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    answers = [corpus.quotes(speaker=rare) for _ in range(3)]
    assert all(answer.equals(answers[0]) for answer in answers)
    assert sorted(answers[0]["quote_id"].to_pylist()) == _expected_ids(directory, [rare])
    assert _copies(directory) == []
    assert _source(corpus)._clustered == {"quotes": None}  # tried once, then left alone


def test_threads_asking_at_once_share_one_copy(directory: Path) -> None:
    speakers = _speakers(directory)[:6]
    corpus = dlc.open_path(directory)
    corpus.quotes(speaker=speakers[0])  # the first question; the threads' build the copy
    found: dict[str, list[str]] = {}

    def ask(speaker: str) -> None:
        found[speaker] = sorted(corpus.quotes(speaker=speaker)["quote_id"].to_pylist())

    threads = [threading.Thread(target=ask, args=(speaker,)) for speaker in speakers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(_copies(directory)) == 1
    assert list(directory.glob(".clustered-*.tmp")) == []
    for speaker in speakers:
        assert found[speaker] == _expected_ids(directory, [speaker])


def test_the_copy_is_the_table_sorted_by_speaker(directory: Path) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (copy,) = _copies(directory)
    table = pq.read_table(directory / "quotes.parquet")
    held = pq.read_table(copy)
    assert held.schema.remove_metadata().equals(table.schema.remove_metadata())
    speakers = held["speaker_id"].to_pylist()
    present = [speaker for speaker in speakers if speaker is not None]
    assert present == sorted(present)
    assert speakers[len(present) :] == [None] * (len(speakers) - len(present))  # nulls last
    # every row once, and one speaker's rows in the table's order
    assert sorted(held["quote_id"].to_pylist()) == sorted(table["quote_id"].to_pylist())
    order = {quote: index for index, quote in enumerate(table["quote_id"].to_pylist())}
    mine = [
        quote
        for quote, speaker in zip(held["quote_id"].to_pylist(), speakers, strict=True)
        if speaker == rare
    ]
    assert [order[quote] for quote in mine] == sorted(order[quote] for quote in mine)
    footer = pq.ParquetFile(copy).metadata
    assert footer.num_row_groups == -(-N_QUOTES // 64)
