"""The synthetic-corpus generator: deterministic, in proportion, valid, written in the build's layout."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import RELEASE_DATE, SORT_KEYS, generate, main, write_corpus
from digital_labor_corpus.checks.validation import validate_tables
from digital_labor_corpus.schema.catalog import schema_versions
from digital_labor_corpus.schema.records import TABLES


class TestGenerate:
    """``generate`` draws a valid corpus of the size asked."""

    def test_size_and_proportions(self) -> None:
        """N quotes, about 20 an appearance, and claims, figures and mentions in proportion."""
        tables = generate(2000, seed=3)
        rows = {name: table.num_rows for name, table in tables.items()}
        assert rows["quotes"] == 2000
        assert 2000 / 35 <= rows["appearances"] <= 2000 / 5 + 1
        assert 0.8 * 2000 <= rows["claims"] <= 1.1 * 2000
        assert 0.1 * 2000 <= rows["statistics"] <= 0.4 * 2000
        assert 0.4 * 2000 <= rows["place_mentions"] <= 0.6 * 2000
        assert rows["people"] == 24
        assert rows["places"] >= 24
        assert rows["topics"] == 12

    def test_deterministic(self) -> None:
        """The same size and seed give the same tables; another seed others."""
        first, again, other = generate(300, seed=5), generate(300, seed=5), generate(300, seed=6)
        assert all(first[name].equals(again[name]) for name in TABLES)
        assert not first["quotes"].equals(other["quotes"])

    @settings(max_examples=15, deadline=None)
    @given(n_quotes=st.integers(1, 400), seed=st.integers(0, 2**32))
    def test_valid_at_any_size(self, n_quotes: int, seed: int) -> None:
        """Every generated corpus satisfies every invariant of the data model."""
        tables = generate(n_quotes, seed=seed)
        assert tables["quotes"].num_rows == n_quotes
        assert validate_tables(tables, release_date=RELEASE_DATE) == []

    def test_sorted_by_key(self) -> None:
        """Every table is sorted by its primary key, as the build sorts it, but place mentions by place."""
        for name, table in generate(500).items():
            columns = SORT_KEYS.get(name, (TABLES[name].primary_key,))
            keys = list(zip(*(table.column(c).to_pylist() for c in columns), strict=True))
            assert keys == sorted(keys), name
        assert SORT_KEYS == {"place_mentions": ("place_id", "mention_id")}

    def test_mention_speaker_is_the_quote_speaker(self) -> None:
        """Each mention's speaker_id is the speaker of its quote, looked up in quotes."""
        tables = generate(300, seed=3)
        speakers = dict(
            zip(
                tables["quotes"].column("quote_id").to_pylist(),
                tables["quotes"].column("speaker_id").to_pylist(),
                strict=True,
            )
        )
        mentions = tables["place_mentions"].to_pylist()
        assert mentions
        assert all(m["speaker_id"] == speakers.get(m["quote_id"]) for m in mentions)

    def test_typography_of_the_page(self) -> None:
        """The source text has the page's curly apostrophes, guillemets and no-break spaces."""
        text = generate(200)["sources"].column("text")[0].as_py()
        for mark in ("\u2019", "«", "\u00a0"):
            assert mark in text

    @pytest.mark.parametrize("bad", [0, -5, 1.5, True])
    def test_bad_size(self, bad: object) -> None:
        """A size that is not a whole number >= 1 is refused."""
        with pytest.raises(dlc.InvalidArgumentError, match="n_quotes must be a whole number >= 1"):
            generate(bad)  # type: ignore[arg-type]


class TestWriteCorpus:
    """``write_corpus`` writes the build's layout."""

    def test_layout_and_manifest(self, tmp_path: Path) -> None:
        """One Parquet file per table, row groups of the size asked, one per source, digests in the manifest."""
        tables = generate(700, seed=2)
        path = write_corpus(tables, tmp_path / "corpus", row_group_size=100)
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["dataset_version"] == schema_versions()[-1]
        for name in TABLES:
            file = path / f"{name}.parquet"
            entry = manifest["tables"][name]
            assert entry["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
            assert entry["rows"] == tables[name].num_rows
            metadata = pq.ParquetFile(file).metadata
            limit = 1 if name == "sources" else 100
            assert all(metadata.row_group(i).num_rows <= limit for i in range(metadata.num_row_groups))
        assert pq.ParquetFile(path / "quotes.parquet").metadata.num_row_groups == 7

    def test_default_row_groups(self, tmp_path: Path) -> None:
        """At the default size, quotes come in row groups of 16,384 rows and mentions of 8,192,
        the others in one group up to 65,536 rows; the row groups hold every row once, in order."""
        tables = generate(17_000, seed=1)
        path = write_corpus(tables, tmp_path / "corpus")
        limits = {"quotes": 16_384, "place_mentions": 8_192, "sources": 1}
        for name, table in tables.items():
            file = pq.ParquetFile(path / f"{name}.parquet")
            sizes = [file.metadata.row_group(i).num_rows for i in range(file.metadata.num_row_groups)]
            limit = limits.get(name, 65_536)
            assert sizes[:-1] == [limit] * (len(sizes) - 1), name
            assert 0 < sizes[-1] <= limit or table.num_rows == 0, name
            assert file.read().equals(table), name
        assert pq.ParquetFile(path / "quotes.parquet").metadata.num_row_groups == 2
        assert pq.ParquetFile(path / "place_mentions.parquet").metadata.num_row_groups == 2

    def test_opens_and_validates(self, tmp_path: Path) -> None:
        """The directory opens with ``open_path`` and is valid."""
        corpus = dlc.open_path(write_corpus(generate(300), tmp_path / "corpus"))
        assert corpus.table("quotes").num_rows == 300
        assert corpus.validate() == []

    def test_refuses_existing_directory(self, tmp_path: Path) -> None:
        """An existing directory is never overwritten."""
        with pytest.raises(FileExistsError, match="exists already"):
            write_corpus(generate(10), tmp_path)


class TestMain:
    """``python -m digital_labor_corpus.build.synthetic`` writes a corpus."""

    def test_writes_and_validates(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The command writes the directory and reports that it is valid."""
        assert main([str(tmp_path / "out"), "--quotes", "150", "--seed", "4", "--validate"]) == 0
        assert "valid: every invariant holds" in capsys.readouterr().err
        assert dlc.open_path(tmp_path / "out").table("quotes").num_rows == 150
