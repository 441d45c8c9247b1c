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


def _damage(path: Path) -> None:
    """Flip one byte in every 512 of the data pages (the first half of the file, before its footer)."""
    data = bytearray(path.read_bytes())
    for position in range(64, len(data) // 2, 512):
        data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_copy_is_never_read_as_data(directory: Path) -> None:
    speakers = _speakers(directory)
    building = dlc.open_path(directory)
    building.quotes(speaker=speakers[0])
    building.quotes(speaker=speakers[0])
    (copy,) = _copies(directory)
    _damage(copy)
    later = dlc.open_path(directory)
    for speaker in speakers:
        found = later.quotes(speaker=speaker)
        assert sorted(found["quote_id"].to_pylist()) == _expected_ids(directory, [speaker])
        assert found["text"].null_count == 0
    assert _copies(directory) == []  # removed once a page failed its checksum
    assert _source(later)._clustered["quotes"] is None  # and not built again by this process
    again = dlc.open_path(directory)
    again.quotes(speaker=speakers[0])
    again.quotes(speaker=speakers[0])
    assert len(_copies(directory)) == 1  # a later process builds a whole one


def _labelled(
    path: Path, table: pa.Table, *, meta: dict[str, Any] | None = None, raw: bytes | None = None
) -> None:
    """Write ``table`` at ``path`` with a copy's label, changed by ``meta`` (or replaced by ``raw``)."""
    label = clustered._meta(path, "quotes") | (meta or {})
    value = raw if raw is not None else json.dumps(label).encode()
    pq.write_table(table.replace_schema_metadata({b"dlc_clustered": value}), path, row_group_size=64)


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
def test_a_foreign_file_at_the_copys_place_is_rebuilt(directory: Path, replace: Any) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    expected = corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (copy,) = _copies(directory)
    replace(copy, pq.read_table(directory / "quotes.parquet"))
    later = dlc.open_path(directory)
    assert later.quotes(speaker=rare).equals(expected)
    assert _source(later)._clustered == {}  # not used: the file is not a copy
    assert later.quotes(speaker=rare).equals(expected)
    assert clustered.open_kept(copy, "quotes", pq.read_schema(directory / "quotes.parquet"), N_QUOTES)


def test_a_changed_table_gets_a_new_copy_and_the_old_one_goes(directory: Path, tmp_path: Path) -> None:
    rare = _speakers(directory)[0]
    corpus = dlc.open_path(directory)
    corpus.quotes(speaker=rare)
    corpus.quotes(speaker=rare)
    (old,) = _copies(directory)
    other = write_corpus(generate(N_QUOTES, seed=12), tmp_path / "other" / NEWEST, row_group_size=64)
    for name in ("quotes.parquet", "manifest.json"):
        shutil.copy(other / name, directory / name)
    for name in other.glob("*.parquet"):
        shutil.copy(name, directory / name.name)
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
