"""The Corpus API: opening, every helper, their errors, and agreement with DuckDB on synthetic corpora."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.queries.citation import split_name
from digital_labor_corpus.schema.catalog import schema_versions
from digital_labor_corpus.schema.records import TABLES

from .querying import Synthetic, holds, holds_words, in_list, make_synthetic, words

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # as APA and Chicago write them, whatever the locale


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """A 1,000-quote synthetic corpus in 64-row row groups, opened every way."""
    return make_synthetic(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture
def corpus() -> dlc.Corpus[pa.Table]:
    """The newest shipped version."""
    return dlc.open()


def _ids(table: pa.Table, column: str) -> list[str]:
    return [str(value) for value in table.column(column).to_pylist()]


def _fresh(code: str) -> str:
    script = "import sys\n" + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return done.stdout.strip()


class TestOpen:
    """``open`` opens a shipped version."""

    def test_default_is_newest(self) -> None:
        """Without a version the newest shipped version opens."""
        assert dlc.open().version == dlc.versions()[-1]

    def test_pinned_version(self) -> None:
        """A shipped version opens by its number, with its release date (fixed forever)."""
        corpus = dlc.open("1.0.0")
        assert corpus.version == "1.0.0"
        assert corpus.release_date == dt.date(2026, 11, 29)

    def test_unknown_version(self) -> None:
        """A version that is not shipped raises UnknownVersionError listing the shipped ones."""
        with pytest.raises(
            dlc.UnknownVersionError, match=r"'9\.9\.9' is not available .* Available versions: "
        ):
            dlc.open("9.9.9")

    def test_malformed_version(self) -> None:
        """A malformed version never reaches the file system."""
        with pytest.raises(dlc.UnknownVersionError, match="Malformed dataset version"):
            dlc.open("../1.0.0")

    def test_opening_reads_nothing(self) -> None:
        """Opening imports no pyarrow: nothing is read until a helper asks."""
        out = _fresh("import digital_labor_corpus as d\nc = d.open()\nprint('pyarrow' in sys.modules)")
        assert out == "False"

    def test_repr_names_the_version(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """The repr says which version it is."""
        assert repr(corpus) == f"<Corpus dataset version {corpus.version}>"


class TestOpenPath:
    """``open_path`` opens any directory of the same layout."""

    def test_opens_synthetic_directory(self, synthetic: Synthetic) -> None:
        """A written synthetic corpus opens with its manifest's version and every table."""
        assert synthetic.directory.version == schema_versions()[-1]
        assert synthetic.directory.table("quotes").num_rows == 1000

    def test_shipped_files_as_directory(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """The shipped version's directory, opened as a path, answers as ``open`` does."""
        directory = dlc.open_path(Path(dlc.paths()["quotes"]).parent)
        assert directory.quotes(speaker="casilli").equals(corpus.quotes(speaker="casilli"))

    def test_not_a_directory(self, tmp_path: Path) -> None:
        """A path that is not a directory is refused, naming it."""
        with pytest.raises(dlc.CorpusIntegrityError, match="is not a directory"):
            dlc.open_path(tmp_path / "nowhere")

    def test_missing_table(self, synthetic: Synthetic, tmp_path: Path) -> None:
        """A directory without a table's file names the missing table."""
        copy = tmp_path / "copy"
        shutil.copytree(synthetic.path, copy)
        (copy / "topics.parquet").unlink()
        with pytest.raises(dlc.CorpusIntegrityError, match="has no Parquet file for topics"):
            dlc.open_path(copy)

    def test_root_of_versions_hints_at_one(self, synthetic: Synthetic) -> None:
        """A store root (versions as sub-directories) is refused with the version to open."""
        expected = rf"it holds dataset versions \({re.escape(synthetic.path.name)}\): open one"
        with pytest.raises(dlc.CorpusIntegrityError, match=expected):
            dlc.open_path(synthetic.path.parent)

    def test_not_a_path(self) -> None:
        """Something other than a path is an InvalidArgumentError."""
        with pytest.raises(dlc.InvalidArgumentError, match="directory must be a path"):
            dlc.open_path(3)  # type: ignore[call-overload]

    def test_damaged_file(self, synthetic: Synthetic, tmp_path: Path) -> None:
        """A damaged Parquet file is a CorpusIntegrityError, never a bare Arrow error (no manifest)."""
        copy = tmp_path / "copy"
        shutil.copytree(synthetic.path, copy)
        (copy / "manifest.json").unlink()  # with it, the digest check answers first
        (copy / "quotes.parquet").write_bytes(b"not parquet at all")
        corpus = dlc.open_path(copy)
        with pytest.raises(dlc.CorpusIntegrityError, match=r"quotes\.parquet is not a readable Parquet file"):
            corpus.quotes()

    def test_missing_column(self, synthetic: Synthetic, tmp_path: Path) -> None:
        """A table without a column of the data model is refused, naming the column (no manifest)."""
        copy = tmp_path / "copy"
        shutil.copytree(synthetic.path, copy)
        (copy / "manifest.json").unlink()  # with it, the digest check answers first
        table = pq.ParquetFile(copy / "topics.parquet").read().drop_columns(["label_fr"])
        pq.write_table(table, copy / "topics.parquet")
        with pytest.raises(dlc.CorpusIntegrityError, match="lacks column 'label_fr' of table 'topics'"):
            dlc.open_path(copy).quotes(topic="pay")

    def test_extra_columns_and_no_manifest(self, synthetic: Synthetic, tmp_path: Path) -> None:
        """A directory without manifest, whose tables carry extra columns, still answers."""
        copy = tmp_path / "copy"
        shutil.copytree(synthetic.path, copy)
        (copy / "manifest.json").unlink()
        table = pq.ParquetFile(copy / "people.parquet").read()
        pq.write_table(table.append_column("note", pa.array(["x"] * table.num_rows)), copy / "people.parquet")
        corpus = dlc.open_path(copy)
        assert corpus.version is None
        assert corpus.quotes(speaker="casilli").equals(synthetic.directory.quotes(speaker="casilli"))

    def test_opening_reads_nothing(self, synthetic: Synthetic) -> None:
        """Opening a directory imports no pyarrow."""
        code = f"import digital_labor_corpus as d\nc = d.open_path({str(synthetic.path)!r})\nprint('pyarrow' in sys.modules)"
        assert _fresh(code) == "False"


class TestTable:
    """``Corpus.table`` returns whole tables."""

    @pytest.mark.parametrize("name", dlc.tables())
    def test_same_as_load(self, corpus: dlc.Corpus[pa.Table], name: str) -> None:
        """Each table equals what ``load`` returns."""
        assert corpus.table(name).equals(dlc.load(name))

    @pytest.mark.parametrize("name", dlc.tables())
    def test_directory_equals_memory(self, synthetic: Synthetic, name: str) -> None:
        """A directory's table, read in parallel row groups, equals the whole file."""
        assert synthetic.directory.table(name).equals(synthetic.memory.table(name))

    def test_columns_and_backends(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """``columns`` selects in order; pandas and Polars frames come on request."""
        assert corpus.table("quotes", columns=["text", "quote_id"]).column_names == ["text", "quote_id"]
        assert isinstance(corpus.table("topics", backend="pandas"), pd.DataFrame)
        assert isinstance(corpus.table("topics", backend="polars"), pl.DataFrame)

    def test_unknown_table(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown table lists the tables."""
        with pytest.raises(dlc.UnknownTableError, match="Did you mean 'quotes'"):
            corpus.table("quote")


QUOTE_COLUMNS = [
    "quote_id",
    "date",
    "date_precision",
    "speaker_id",
    "speaker",
    "kind",
    "text",
    "text_en",
    "language",
    "topics",
    "appearance_id",
    "outlet",
    "title",
    "question_id",
    "source_id",
    "span_start",
    "span_end",
]


class TestQuotes:
    """``Corpus.quotes`` filters quotes and joins where and when they were said."""

    def test_columns_and_order(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Every quote comes back once, with the documented columns, oldest first."""
        found = corpus.quotes()
        assert found.column_names == QUOTE_COLUMNS
        assert sorted(_ids(found, "quote_id")) == sorted(_ids(dlc.load("quotes"), "quote_id"))
        keys = list(zip(found.column("date").to_pylist(), _ids(found, "quote_id"), strict=True))
        assert keys == sorted(keys)

    def test_joined_columns(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Date, outlet and title are the appearance's; speaker is the person's name."""
        apps = {row["appearance_id"]: row for row in dlc.load("appearances").to_pylist()}
        names = {row["person_id"]: row["name"] for row in dlc.load("people").to_pylist()}
        for row in corpus.quotes().to_pylist():
            app = apps[row["appearance_id"]]
            assert (row["date"], row["outlet"], row["title"]) == (app["date"], app["outlet"], app["title"])
            assert row["speaker"] == names[row["speaker_id"]]

    @pytest.mark.parametrize(
        "name",
        ["Antonio Casilli", "casilli", "CASILLI", "Antonio A. Casilli", "antonio a casilli", "Casìlli"],
    )
    def test_speaker_by_name(self, corpus: dlc.Corpus[pa.Table], name: str) -> None:
        """A speaker typed any way finds the same quotes as the speaker's id."""
        by_id = corpus.quotes(speaker="antonio-casilli")
        assert by_id.num_rows > 0
        assert corpus.quotes(speaker=name).equals(by_id)

    def test_several_speakers(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A list of speakers finds the quotes of any of them."""
        both = corpus.quotes(speaker=["casilli", "deslandes"])
        assert set(_ids(both, "speaker_id")) == {"antonio-casilli", "ghislain-deslandes"}

    @pytest.mark.parametrize("place", ["madagascar", "Madagascar", "MADAGASCAR", "MG", "mg"])
    def test_place_by_name_or_code(self, corpus: dlc.Corpus[pa.Table], place: str) -> None:
        """A place by id, name or ISO code finds the quotes that mention it."""
        found = corpus.quotes(place=place)
        mentioned = {
            row["quote_id"]
            for row in dlc.load("place_mentions").to_pylist()
            if row["place_id"] == "madagascar" and row["quote_id"] is not None
        }
        assert found.num_rows > 0
        assert set(_ids(found, "quote_id")) == mentioned

    @pytest.mark.parametrize("topic", ["pay", "Rémunération", "remuneration", "Pay and income", "PAY"])
    def test_topic_by_label(self, corpus: dlc.Corpus[pa.Table], topic: str) -> None:
        """A topic by id or by its English or French label finds the quotes tagged with it."""
        found = corpus.quotes(topic=topic)
        assert found.num_rows > 0
        assert all("pay" in topics for topics in found.column("topics").to_pylist())
        assert found.equals(corpus.quotes(topic="pay"))

    def test_date_range_inclusive(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """since and until are inclusive; a year string spans the whole year."""
        year = corpus.quotes(since="2020", until="2020")
        dates = year.column("date").to_pylist()
        assert dates
        assert all(d.year == 2020 for d in dates)
        assert year.equals(corpus.quotes(since=dt.date(2020, 1, 1), until="2020-12-31"))
        one_day = dates[0]
        assert one_day in corpus.quotes(since=one_day, until=one_day).column("date").to_pylist()

    def test_kind(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """kind keeps the quotes of that kind; answers name their question."""
        answers = corpus.quotes(kind="answer")
        assert set(_ids(answers, "kind")) == {"answer"}
        assert None not in answers.column("question_id").to_pylist()

    def test_contains_ignores_typography(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """contains matches whatever the apostrophe, case and accents typed."""
        found = corpus.quotes(contains="l'IA")
        assert found.num_rows > 0
        for variant in ["l’IA", "L'ia", "l’ïa"]:
            assert corpus.quotes(contains=variant).equals(found)
        for row in found.to_pylist():
            assert holds(row["text"], "l'ia") or holds(row["text_en"], "l'ia")

    def test_filters_combine(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Several filters keep the quotes that pass all of them."""
        found = corpus.quotes(speaker="casilli", place="MG", since="2020")
        assert found.num_rows > 0
        assert set(_ids(found, "speaker_id")) == {"antonio-casilli"}
        assert all(d >= dt.date(2020, 1, 1) for d in found.column("date").to_pylist())

    def test_unknown_appearance_filter_is_empty_not_error(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A date range with no appearance gives an empty table with every column."""
        found = corpus.quotes(since="1991", until="1991")
        assert found.num_rows == 0
        assert found.column_names == QUOTE_COLUMNS

    @pytest.mark.parametrize("backend", ["pandas", "polars"])
    def test_backends(self, corpus: dlc.Corpus[pa.Table], backend: str) -> None:
        """pandas and Polars frames have the same rows and columns."""
        frame = corpus.quotes(speaker="casilli", backend=backend)
        assert isinstance(frame, pd.DataFrame | pl.DataFrame)
        assert list(frame.columns) == QUOTE_COLUMNS
        assert len(frame) == corpus.quotes(speaker="casilli").num_rows


class TestQuoteErrors:
    """Wrong input to ``quotes`` gets a CorpusError naming the value and what would fit."""

    def test_unknown_speaker_lists_close_matches(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A misspelt name is an UnknownRecordError (a KeyError) suggesting the person."""
        with pytest.raises(dlc.UnknownRecordError) as caught:
            corpus.quotes(speaker="Casili")
        assert isinstance(caught.value, KeyError)
        assert str(caught.value).startswith(
            "No person matches speaker='Casili'. Close matches: 'antonio-casilli' (Antonio A. Casilli)"
        )

    def test_ambiguous_name(self, synthetic: Synthetic) -> None:
        """A first name shared by several people lists them all."""
        first_names = [row["name"].split()[0] for row in synthetic.rows["people"]]
        shared = next(name for name in first_names if first_names.count(name) > 1)
        with pytest.raises(
            dlc.AmbiguousRecordError, match=rf"speaker='{shared}' is ambiguous: it matches \d+ persons"
        ):
            synthetic.directory.quotes(speaker=shared)

    def test_unknown_place_and_topic(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Unknown places and topics suggest the closest ones."""
        with pytest.raises(
            dlc.UnknownRecordError, match=r"No place matches place='Madagscar'\. Close matches: 'madagascar'"
        ):
            corpus.quotes(place="Madagscar")
        with pytest.raises(
            dlc.UnknownRecordError, match=r"No topic matches topic='moderaton'\..*'content-moderation'"
        ):
            corpus.quotes(topic="moderaton")

    def test_unknown_appearance(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An appearance id that does not exist lists close ids."""
        app = dlc.load("appearances").column("appearance_id")[0].as_py()
        with pytest.raises(
            dlc.UnknownRecordError, match=rf"No appearance has appearance_id '{app}x'.*'{app}'"
        ):
            corpus.quotes(appearance=app + "x")

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"speaker": 3}, "speaker must be a string or a non-empty list of strings, not 3"),
            ({"speaker": []}, "speaker must be a string or a non-empty list of strings, not []"),
            (
                {"kind": "anwser"},
                "Unknown kind 'anwser'. Accepted values: question, answer, statement. Did you mean 'answer'?",
            ),
            (
                {"since": "2020-13"},
                "since must be a datetime.date or an ISO date string (YYYY-MM-DD, YYYY-MM or YYYY), not '2020-13'",
            ),
            ({"until": 2020}, "until must be a datetime.date or an ISO date string"),
            ({"since": dt.datetime(2020, 1, 1)}, "since must be a date, not the datetime"),
            ({"since": "2021", "until": "2020"}, "since='2021' is after until='2020'"),
            ({"contains": 5}, "contains must be a string, not 5"),
            ({"contains": "  "}, "Cannot search for '  ': it holds no word to find"),
            ({"speaker": "!!"}, "speaker='!!' names no person"),
        ],
    )
    def test_invalid_arguments(
        self, corpus: dlc.Corpus[pa.Table], arguments: dict[str, Any], message: str
    ) -> None:
        """Each wrong argument is an InvalidArgumentError (a ValueError) with its own message."""
        with pytest.raises(dlc.InvalidArgumentError) as caught:
            corpus.quotes(**arguments)
        assert isinstance(caught.value, ValueError)
        assert str(caught.value).startswith(message)

    def test_unknown_backend(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown backend is refused before anything is read."""
        with pytest.raises(dlc.UnknownBackendError, match="Accepted backends: pyarrow, pandas, polars"):
            corpus.quotes(backend="spark")


@st.composite
def quote_filters(draw: st.DrawFn, data: Synthetic) -> dict[str, Any]:
    """Draw a combination of filters over the synthetic corpus's ids and dates."""
    people = sorted({row["speaker_id"] for row in data.rows["quotes"]})
    topics = [row["topic_id"] for row in data.rows["topics"]]
    places = [row["place_id"] for row in data.rows["places"]]
    dates = sorted({row["date"] for row in data.rows["appearances"]})
    filters: dict[str, Any] = {}
    if draw(st.booleans()):
        filters["speaker"] = draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        filters["kind"] = draw(
            st.lists(st.sampled_from(["question", "answer", "statement"]), min_size=1, unique=True)
        )
    if draw(st.booleans()):
        filters["topic"] = draw(st.lists(st.sampled_from(topics), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        filters["place"] = draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        filters["since"] = draw(st.sampled_from(dates))
    if draw(st.booleans()):
        low = filters.get("since", dates[0])
        filters["until"] = draw(st.sampled_from([d for d in dates if d >= low]))
    return filters


def _quotes_sql(filters: dict[str, Any]) -> str:
    where = ["TRUE"]
    if "speaker" in filters:
        where.append(f"q.speaker_id IN {in_list(filters['speaker'])}")
    if "kind" in filters:
        where.append(f"q.kind IN {in_list(filters['kind'])}")
    if "topic" in filters:
        where.append(f"list_has_any(q.topics, [{in_list(filters['topic'])[1:-1]}])")
    if "place" in filters:
        where.append(
            f"q.quote_id IN (SELECT quote_id FROM place_mentions WHERE place_id IN {in_list(filters['place'])})"
        )
    if "since" in filters:
        where.append(f"a.date >= DATE '{filters['since']}'")
    if "until" in filters:
        where.append(f"a.date <= DATE '{filters['until']}'")
    return (
        "SELECT q.quote_id FROM quotes q JOIN appearances a USING (appearance_id) "
        f"WHERE {' AND '.join(where)} ORDER BY a.date, q.quote_id"
    )


class TestQuotesAgainstDuckDB:
    """On a synthetic corpus, every filter gives what DuckDB's SQL over the same files gives."""

    @settings(max_examples=40, deadline=None)
    @given(data=st.data())
    def test_filters_match_sql(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """The directory scan, the in-memory tables and DuckDB return the same quotes in the same order."""
        filters = data.draw(quote_filters(synthetic))
        expected = [row[0] for row in synthetic.sql(_quotes_sql(filters))]
        from_directory = synthetic.directory.quotes(**filters)
        assert _ids(from_directory, "quote_id") == expected
        assert synthetic.memory.quotes(**filters).equals(from_directory)

    @settings(max_examples=25, deadline=None)
    @given(data=st.data())
    def test_contains_matches_word_reference(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """contains keeps exactly the quotes whose text or translation holds the phrase's words, whole."""
        row = data.draw(st.sampled_from(synthetic.rows["quotes"]))
        chunks = row["text"].split()
        start = data.draw(st.integers(0, len(chunks) - 1))
        window = words(" ".join(chunks[start : start + data.draw(st.integers(1, 3))]))
        assume(window)
        phrase = '"' + " ".join(window) + '"'
        expected = sorted(
            q["quote_id"]
            for q in synthetic.rows["quotes"]
            if holds_words(q["text"], window) or holds_words(q["text_en"], window)
        )
        found = synthetic.directory.quotes(contains=phrase)
        assert sorted(_ids(found, "quote_id")) == expected
        assert row["quote_id"] in expected


class TestStatistics:
    """``Corpus.statistics`` filters figures and says who states them."""

    def test_measure_and_unit(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """measure matches words of measure_en whatever their case; unit keeps that unit."""
        found = corpus.statistics(measure="PAY", unit="currency_rate")
        assert found.num_rows > 0
        assert set(_ids(found, "unit")) == {"currency_rate"}
        assert all("pay" in m.lower() for m in found.column("measure_en").to_pylist())

    def test_speaker_is_the_quotes(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A figure stated in a quote names the quote's speaker."""
        speakers = {row["quote_id"]: row["speaker_id"] for row in dlc.load("quotes").to_pylist()}
        found = corpus.statistics().to_pylist()
        quoted = [row for row in found if row["quote_id"] is not None]
        assert quoted
        for row in quoted:
            assert row["speaker_id"] == speakers[row["quote_id"]]

    def test_attributed_to_and_year(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """attributed_to matches the credited party's words; year the reference year."""
        rows = [r for r in dlc.load("statistics").to_pylist() if r["attributed_to"] and r["reference_year"]]
        assert rows
        first = rows[0]
        found = corpus.statistics(attributed_to=first["attributed_to"], year=first["reference_year"])
        assert first["statistic_id"] in _ids(found, "statistic_id")
        assert set(found.column("reference_year").to_pylist()) == {first["reference_year"]}

    def test_place(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """place keeps the figures about that place, with its English name."""
        found = corpus.statistics(place="France")
        assert found.num_rows > 0
        assert set(_ids(found, "place")) == {"France"}

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"unit": "percentage"}, "Unknown unit 'percentage'. Accepted values: percent, count,"),
            ({"year": "2018"}, "year must be a year such as 2018 or a list of years, not '2018'"),
            ({"year": True}, "year must be a year such as 2018"),
            ({"measure": ["pay"]}, "measure must be a string, not ['pay']"),
        ],
    )
    def test_invalid_arguments(
        self, corpus: dlc.Corpus[pa.Table], arguments: dict[str, Any], message: str
    ) -> None:
        """Each wrong argument is an InvalidArgumentError with its own message."""
        with pytest.raises(dlc.InvalidArgumentError) as caught:
            corpus.statistics(**arguments)
        assert str(caught.value).startswith(message)

    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_filters_match_sql(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """Unit, place, year and measure filters give DuckDB's rows and speakers."""
        stats = synthetic.rows["statistics"]
        filters: dict[str, Any] = {}
        where = ["TRUE"]
        if data.draw(st.booleans()):
            filters["unit"] = data.draw(st.sampled_from(sorted({r["unit"] for r in stats})))
            where.append(f"s.unit = '{filters['unit']}'")
        if data.draw(st.booleans()):
            filters["place"] = data.draw(
                st.sampled_from(sorted({r["place_id"] for r in stats if r["place_id"]}))
            )
            where.append(f"s.place_id = '{filters['place']}'")
        if data.draw(st.booleans()):
            filters["year"] = data.draw(
                st.sampled_from(sorted({r["reference_year"] for r in stats if r["reference_year"]}))
            )
            where.append(f"s.reference_year = {filters['year']}")
        if data.draw(st.booleans()):
            filters["measure"] = data.draw(st.sampled_from(["pay", "HOURLY", "share", "Workers"]))
            where.append(f"holds(s.measure_en, '{filters['measure']}')")
        sql = (
            "SELECT s.statistic_id, coalesce(q.speaker_id, c.claimant_id) FROM statistics s "
            "JOIN appearances a USING (appearance_id) LEFT JOIN quotes q ON q.quote_id = s.quote_id "
            f"LEFT JOIN claims c ON c.claim_id = s.claim_id WHERE {' AND '.join(where)} "
            "ORDER BY a.date, s.statistic_id"
        )
        expected = [tuple(row) for row in synthetic.sql(sql)]
        found = synthetic.directory.statistics(**filters)
        assert (
            list(zip(_ids(found, "statistic_id"), found.column("speaker_id").to_pylist(), strict=True))
            == expected
        )
        assert synthetic.memory.statistics(**filters).equals(found)


class TestPlaces:
    """``Corpus.places`` is the gazetteer with mention counts."""

    def test_counts_match_sql(self, synthetic: Synthetic) -> None:
        """Each place's count is its number of mentions; every place is listed."""
        expected = dict(synthetic.sql("SELECT place_id, count(*) FROM place_mentions GROUP BY place_id"))
        found = synthetic.directory.places()
        counts = dict(zip(_ids(found, "place_id"), found.column("mentions").to_pylist(), strict=True))
        assert counts == {
            row["place_id"]: expected.get(row["place_id"], 0) for row in synthetic.rows["places"]
        }
        assert found.column("mentions").to_pylist() == sorted(counts.values(), reverse=True)

    def test_role(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """With a role, only mentions in that role count and unmentioned places drop out."""
        found = corpus.places(role="where_work_is_done")
        expected: dict[str, int] = {}
        for row in dlc.load("place_mentions").to_pylist():
            if row["role"] == "where_work_is_done":
                expected[row["place_id"]] = expected.get(row["place_id"], 0) + 1
        assert (
            dict(zip(_ids(found, "place_id"), found.column("mentions").to_pylist(), strict=True)) == expected
        )

    @pytest.mark.parametrize("country", ["FR", "fr", "France", "france"])
    def test_country(self, corpus: dlc.Corpus[pa.Table], country: str) -> None:
        """country keeps the places with that country's ISO code (Paris lies in France)."""
        found = corpus.places(country=country)
        assert set(found.column("iso_3166_1").to_pylist()) == {"FR"}
        assert {"france", "paris"} <= set(_ids(found, "place_id"))

    def test_kind(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """kind keeps places of that kind."""
        assert set(_ids(corpus.places(kind="city"), "kind")) == {"city"}

    def test_country_without_code(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A continent has no ISO code and is refused as a country."""
        with pytest.raises(
            dlc.InvalidArgumentError, match="country='Europe' names places without an ISO 3166-1 code"
        ):
            corpus.places(country="Europe")

    def test_unknown_role(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown role lists the role vocabulary."""
        with pytest.raises(
            dlc.InvalidArgumentError, match=r"Unknown role 'workplace'\. Accepted values: where_work_is_done"
        ):
            corpus.places(role="workplace")


class TestMentions:
    """``Corpus.mentions`` lists every mention of a place."""

    def test_mentions_match_sql(self, synthetic: Synthetic) -> None:
        """The mentions of a place, with their speakers, are DuckDB's, oldest first."""
        place = "madagascar"
        expected = synthetic.sql(
            "SELECT m.mention_id, q.speaker_id FROM place_mentions m JOIN appearances a USING (appearance_id) "
            f"LEFT JOIN quotes q ON q.quote_id = m.quote_id WHERE m.place_id = '{place}' "
            "ORDER BY a.date, m.mention_id"
        )
        found = synthetic.directory.mentions("Madagascar")
        assert expected
        assert list(zip(_ids(found, "mention_id"), found.column("speaker_id").to_pylist(), strict=True)) == [
            tuple(row) for row in expected
        ]
        assert synthetic.memory.mentions("MG").equals(found)

    def test_role_and_verbatim_text(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """role filters; each mention's text is the source's words."""
        found = corpus.mentions("MG", role="where_work_is_done")
        assert found.num_rows > 0
        assert set(_ids(found, "role")) == {"where_work_is_done"}
        source = dlc.load("sources").column("text")[0].as_py()
        for row in found.to_pylist():
            assert row["text"] == source[row["span_start"] : row["span_end"]]

    def test_unknown_place(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown place suggests close ones."""
        with pytest.raises(dlc.UnknownRecordError, match="Close matches: 'egypt'"):
            corpus.mentions("Egipte")


class TestAppearances:
    """``Corpus.appearances`` filters appearances."""

    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_filters_match_sql(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """Date, medium, genre and outlet filters give DuckDB's appearances, oldest first."""
        apps = synthetic.rows["appearances"]
        filters: dict[str, Any] = {}
        where = ["TRUE"]
        if data.draw(st.booleans()):
            filters["since"] = data.draw(st.dates(dt.date(1999, 1, 1), dt.date(2027, 1, 1)))
            where.append(f"date >= DATE '{filters['since']}'")
        if data.draw(st.booleans()):
            filters["medium"] = data.draw(st.sampled_from(sorted({r["medium"] for r in apps})))
            where.append(f"medium = '{filters['medium']}'")
        if data.draw(st.booleans()):
            filters["genre"] = data.draw(st.sampled_from(sorted({r["genre"] for r in apps})))
            where.append(f"genre = '{filters['genre']}'")
        if data.draw(st.booleans()):
            filters["outlet"] = data.draw(st.sampled_from(["humanite", "MONDE", "radio", "Télé"]))
            where.append(f"(holds(outlet, '{filters['outlet']}') OR holds(programme, '{filters['outlet']}'))")
        expected = [
            row[0]
            for row in synthetic.sql(
                f"SELECT appearance_id FROM appearances WHERE {' AND '.join(where)} ORDER BY date, appearance_id"
            )
        ]
        found = synthetic.directory.appearances(**filters)
        assert _ids(found, "appearance_id") == expected

    def test_outlet_ignores_accents(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An outlet typed without accent or apostrophe finds it."""
        found = corpus.appearances(outlet="l'humanite")
        assert found.num_rows > 0
        assert set(_ids(found, "outlet")) == {"L’Humanité"}

    def test_unknown_genre(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown genre lists the vocabulary with a suggestion."""
        with pytest.raises(dlc.InvalidArgumentError, match="Did you mean 'interview'"):
            corpus.appearances(genre="interviews")


class TestTimeline:
    """``Corpus.timeline`` counts appearances and quotes per period."""

    @pytest.mark.parametrize("by", ["month", "year"])
    def test_counts_match_sql(self, synthetic: Synthetic, by: str) -> None:
        """Counts per period are DuckDB's date_trunc groups."""
        expected = synthetic.sql(
            f"SELECT CAST(date_trunc('{by}', a.date) AS DATE) AS p, count(DISTINCT a.appearance_id), count(q.quote_id) "
            "FROM appearances a LEFT JOIN quotes q USING (appearance_id) GROUP BY p ORDER BY p"
        )
        assert expected
        for corpus in (synthetic.directory, synthetic.memory):  # dictionary-encoded scan, whole tables
            found = corpus.timeline(by)  # type: ignore[arg-type]
            assert [tuple(row.values()) for row in found.to_pylist()] == [tuple(row) for row in expected]

    @given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 2**40)), max_size=60), st.integers(10, 14))
    def test_sums_by_position(self, pairs: list[tuple[int, int]], size: int) -> None:
        """The per-period sums are a plain loop's, whatever the order, repeats and empty positions."""
        from digital_labor_corpus.queries.helpers import _sum_by_position

        expected = [0] * size
        for position, amount in pairs:
            expected[position] += amount
        positions = pa.array([p for p, _ in pairs], pa.int32())
        amounts = pa.array([a for _, a in pairs], pa.int64())
        found = _sum_by_position(positions, amounts, size)
        assert found.type == pa.int64()
        assert found.to_pylist() == expected

    def test_quotes_counted_once_per_source(
        self, synthetic: Synthetic, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A second timeline, by another period, reads no quote and still gives DuckDB's counts."""
        corpus = dlc.open_path(synthetic.path)
        source = corpus._source
        scanned: list[str] = []
        original = source.scan

        def counting(table: str, *args: Any, **kwargs: Any) -> pa.Table:
            scanned.append(table)
            return original(table, *args, **kwargs)

        monkeypatch.setattr(source, "scan", counting)
        corpus.timeline("month")
        assert scanned.count("quotes") == 1
        found = corpus.timeline("year")
        assert scanned.count("quotes") == 1
        expected = synthetic.sql(
            "SELECT CAST(date_trunc('year', a.date) AS DATE) AS p, count(DISTINCT a.appearance_id), count(q.quote_id) "
            "FROM appearances a LEFT JOIN quotes q USING (appearance_id) GROUP BY p ORDER BY p"
        )
        assert [tuple(row.values()) for row in found.to_pylist()] == [tuple(row) for row in expected]

    def test_totals(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """The periods add up to every appearance and every quote."""
        found = corpus.timeline("year")
        assert sum(found.column("appearances").to_pylist()) == dlc.load("appearances").num_rows
        assert sum(found.column("quotes").to_pylist()) == dlc.load("quotes").num_rows

    def test_bad_period(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """A period other than month or year is refused."""
        with pytest.raises(
            dlc.InvalidArgumentError, match=r"Unknown period by='week'\. Accepted values: month, year"
        ):
            corpus.timeline("week")  # type: ignore[arg-type]


SPANNED = ["quotes", "claims", "statistics", "place_mentions", "appearances"]


class TestContext:
    """``Corpus.context`` shows the source around any record."""

    @pytest.mark.parametrize("table", SPANNED)
    def test_span_and_surroundings(self, synthetic: Synthetic, table: str) -> None:
        """The text is the record's span; before and after are the source's neighbouring characters."""
        key = TABLES[table].primary_key
        row = synthetic.rows[table][len(synthetic.rows[table]) // 2]
        source_of = {a["appearance_id"]: a["source_id"] for a in synthetic.rows["appearances"]}
        text = next(
            s["text"] for s in synthetic.rows["sources"] if s["source_id"] == source_of[row["appearance_id"]]
        )
        found = synthetic.directory.context(row[key], chars=25)
        assert found.table == table
        assert found.text == text[row["span_start"] : row["span_end"]]
        assert found.before == text[max(0, row["span_start"] - 25) : row["span_start"]]
        assert found.after == text[row["span_end"] : row["span_end"] + 25]
        assert str(found) == f"{found.before}⟦{found.text}⟧{found.after}"
        assert synthetic.memory.context(row[key], chars=25) == found

    def test_quote_text_is_verbatim(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """On the shipped corpus a quote's context holds its exact words."""
        quote = dlc.load("quotes").to_pylist()[0]
        found = corpus.context(quote["quote_id"], chars=0)
        assert (found.before, found.text, found.after) == ("", quote["text"], "")

    def test_unknown_id_lists_close_ids(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown id is an UnknownRecordError naming the nearest ids."""
        quote_id = dlc.load("quotes").column("quote_id")[0].as_py()
        with pytest.raises(
            dlc.UnknownRecordError,
            match=rf"No record has the id '{quote_id}9'.*Close matches: .*'{quote_id}'",
        ):
            corpus.context(quote_id + "9")

    @pytest.mark.parametrize("chars", [-1, 1.5, "300", True])
    def test_bad_chars(self, corpus: dlc.Corpus[pa.Table], chars: object) -> None:
        """chars must be a whole number >= 0."""
        with pytest.raises(dlc.InvalidArgumentError, match="chars must be a whole number of characters >= 0"):
            corpus.context("x", chars=chars)  # type: ignore[arg-type]

    def test_bad_table(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """table= must name a table with spans."""
        with pytest.raises(
            dlc.InvalidArgumentError,
            match=r"table='quote' holds no records with a span\..*Did you mean 'quotes'",
        ):
            corpus.context("x", table="quote")


class TestCite:
    """``Corpus.cite`` cites the media item, the source and the corpus."""

    def test_apa(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """APA puts the speaker's family name and initials, the dated item, the outlet and the record."""
        quote = corpus.quotes(speaker="casilli").to_pylist()[0]
        apa = corpus.cite(quote["quote_id"])
        assert apa.startswith("Casilli, A. A. (")
        assert str(quote["date"].year) in apa
        assert quote["outlet"] in apa
        assert apa.endswith(f"digital-labor-corpus, version {corpus.version}, quote {quote['quote_id']}.")

    def test_chicago(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Chicago inverts the full name and writes the date as Month Day, Year."""
        quote = corpus.quotes(speaker="casilli").to_pylist()[0]
        chicago = corpus.cite(quote["quote_id"], style="chicago")
        assert chicago.startswith("Casilli, Antonio A. ")
        if quote["date_precision"] == "day":
            assert f"{MONTHS[quote['date'].month - 1]} {quote['date'].day}, {quote['date'].year}" in chicago

    def test_bibtex(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """BibTeX is one @misc entry with balanced braces, keyed by the record id."""
        quote = corpus.quotes(speaker="casilli").to_pylist()[0]
        entry = corpus.cite(quote["quote_id"], style="BibTeX")  # type: ignore[arg-type]
        assert entry.startswith(f"@misc{{dlc:{quote['quote_id']},\n  author = {{Casilli, Antonio A.}},")
        depth = 0
        for char in entry.replace("\\{", "").replace("\\}", ""):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0

    def test_outlet_when_no_person(self, synthetic: Synthetic) -> None:
        """A record without a person (a place mention) is cited under its outlet; month precision shows no day."""
        apps = {a["appearance_id"]: a for a in synthetic.rows["appearances"]}
        mention = next(
            m
            for m in synthetic.rows["place_mentions"]
            if apps[m["appearance_id"]]["date_precision"] == "month"
        )
        app = apps[mention["appearance_id"]]
        apa = synthetic.directory.cite(mention["mention_id"])
        assert apa.startswith(
            f"{app['outlet'].rstrip('.')}. ({app['date'].year}, {MONTHS[app['date'].month - 1]}). "
        )
        assert "place mention " + mention["mention_id"] in apa

    def test_bibtex_escapes(self, synthetic: Synthetic) -> None:
        """BibTeX escapes the special characters of outlets such as Usbek & Rica."""
        app = next((a for a in synthetic.rows["appearances"] if "&" in a["outlet"]), None)
        if app is None:
            pytest.skip("no outlet with & in this synthetic corpus")
        entry = synthetic.directory.cite(app["appearance_id"], style="bibtex")
        assert "Usbek \\& Rica" in entry
        assert "Usbek & Rica" not in entry

    def test_bad_style(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """An unknown style lists the styles."""
        with pytest.raises(
            dlc.InvalidArgumentError,
            match=r"Unknown citation style 'mla'\. Accepted styles: apa, chicago, bibtex",
        ):
            corpus.cite("x", style="mla")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("name", "parts"),
        [
            ("Antonio A. Casilli", ("Casilli", "Antonio A.")),
            ("Florent Le Bot", ("Le Bot", "Florent")),
            ("Marie-Amélie Carpio", ("Carpio", "Marie-Amélie")),
            ("Monroe", ("Monroe", "")),
        ],
    )
    def test_split_name(self, name: str, parts: tuple[str, str]) -> None:
        """Family names keep their particles; a single name is a family name."""
        assert split_name(name) == parts


class TestDuckdb:
    """``Corpus.duckdb`` registers every table as a view."""

    def test_views_of_shipped_version(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Each view has the table's rows."""
        con = corpus.duckdb()
        for name in dlc.tables():
            assert con.execute(f"SELECT count(*) FROM {name}").fetchone() == (dlc.load(name).num_rows,)

    def test_views_of_directory(self, synthetic: Synthetic) -> None:
        """On a directory the views read the files."""
        con = synthetic.directory.duckdb()
        assert con.execute("SELECT count(*) FROM quotes").fetchone() == (1000,)

    def test_missing_duckdb(self, corpus: dlc.Corpus[pa.Table], monkeypatch: pytest.MonkeyPatch) -> None:
        """Without DuckDB installed the error says which extra to install."""
        monkeypatch.setitem(sys.modules, "duckdb", None)
        with pytest.raises(
            dlc.MissingDependencyError,
            match=re.escape("python -m pip install 'duckdb>=0.10' (or, from a clone of the repository, "),
        ):
            corpus.duckdb()


class TestValidate:
    """``Corpus.validate`` checks every invariant."""

    def test_shipped_and_synthetic_are_valid(
        self, corpus: dlc.Corpus[pa.Table], synthetic: Synthetic
    ) -> None:
        """The shipped version and the synthetic corpus are valid (a second checker agrees: test_oracles)."""
        assert corpus.validate() == []
        assert synthetic.directory.validate() == []


class TestLightweight:
    """The helpers run on pyarrow alone: they never import pandas or Polars."""

    def test_no_pandas_in_a_fresh_process(self, synthetic: Synthetic) -> None:
        """Every helper, on the shipped version and a directory, leaves pandas and Polars unimported."""
        code = f"""
        import digital_labor_corpus as d
        for c in (d.open(), d.open_path({str(synthetic.path)!r})):
            c.quotes(speaker="casilli", place="MG", since="2020", contains="travail")
            c.statistics(measure="pay", unit="currency_rate")
            c.places(role="where_work_is_done")
            c.mentions("MG")
            c.appearances(outlet="humanite")
            c.timeline()
            hit = c.search("travail", limit=3)
            c.context(hit.column("record_id")[0].as_py())
            c.cite(hit.column("record_id")[0].as_py(), style="bibtex")
        print(sorted({{"pandas", "polars"}} & set(sys.modules)))
        """
        assert _fresh(code) == "[]"


class TestQueryDocs:
    """docs/query.md answers one question the same way with the helpers and with SQL."""

    def test_helpers_and_sql_agree(self) -> None:
        """The helper block and the SQL block of the page return the same quotes, in the same order."""
        import duckdb

        from .conftest import ROOT

        page = (ROOT / "docs" / "query.md").read_text(encoding="utf-8")
        python_blocks = re.findall(r"```python\n(.*?)\n```", page, flags=re.S)
        (sql,) = re.findall(r"```sql\n(.*?)\n```", page, flags=re.S)
        helper_block = next(block for block in python_blocks if "said = " in block)
        namespace: dict[str, Any] = {}
        exec(helper_block, namespace)  # the page's own example
        said = namespace["said"]
        con = duckdb.connect()
        for name, path in dlc.paths().items():
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
        rows = con.execute(sql).fetchall()
        assert rows
        assert [row[-1] for row in rows] == _ids(said, "quote_id")
        assert [row[3] for row in rows] == said.column("text").to_pylist()


class TestStoredMentionSpeaker:
    """1.2.0 stores a mention's speaker; 1.1.0, without it, joins quotes: the same answers."""

    def test_mentions_of_every_place(self) -> None:
        """mentions(place) on 1.1.0 (the join) equals it on 1.2.0 (the stored column), place by place."""
        old, new = dlc.open("1.1.0"), dlc.open("1.2.0")
        for place in new.table("places", columns=["place_id"]).column(0).to_pylist():
            assert old.mentions(place).equals(new.mentions(place)), place

    def test_quotes_by_speaker_and_place(self) -> None:
        """quotes(speaker, place) agrees across the two versions for every speaker who names a place."""
        old, new = dlc.open("1.1.0"), dlc.open("1.2.0")
        mentions = new.table("place_mentions", columns=["speaker_id", "place_id"]).to_pylist()
        pairs = {(m["speaker_id"], m["place_id"]) for m in mentions if m["speaker_id"] is not None}
        assert len(pairs) > 10
        for speaker, place in sorted(pairs):
            found = new.quotes(speaker=speaker, place=place)
            assert found.num_rows > 0
            assert old.quotes(speaker=speaker, place=place).equals(found), (speaker, place)

    def test_stored_speaker_is_the_quotes(self) -> None:
        """Each stored speaker is the speaker of the mention's quote, read by DuckDB (another route)."""
        import duckdb

        paths = dlc.paths("1.2.0")
        wrong = (
            duckdb.connect()
            .execute(
                f"SELECT count(*) FROM read_parquet('{paths['place_mentions']}') m "
                f"LEFT JOIN read_parquet('{paths['quotes']}') q USING (quote_id) "
                "WHERE m.speaker_id IS DISTINCT FROM q.speaker_id"
            )
            .fetchall()
        )
        assert wrong == [(0,)]
