"""Each helper's question, and the same question in DuckDB SQL and as a Polars lazy query.

The three answer from the same Parquet files of a synthetic corpus and return the same
rows and columns (DuckDB and Polars are given ids where the helper is given names: they
cannot resolve names). The helper returns a ``pyarrow.Table``, DuckDB an Arrow table,
Polars a ``DataFrame``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import duckdb
import polars as pl
import pyarrow as pa

import digital_labor_corpus as dlc
from digital_labor_corpus.queries.helpers import QUOTE_COLUMNS  # the helper's columns, in its order
from digital_labor_corpus.schema.records import TABLES

from .old_search import search_pattern  # the regex of the former matcher, for the SQL twins


@attrs.frozen
class Params:
    """Values of the questions, picked from the corpus itself so that every size has answers."""

    narrow_speaker: str
    day: dt.date
    quote_id: str
    common: str = "modération"
    rare: str = "coopérativisme"
    #: whether place_mentions holds speaker_id (dataset 1.1.0 and the synthetic corpora):
    #: DuckDB and Polars then read it too, rather than joining quotes
    mention_speaker: bool = False

    @classmethod
    def of(cls, corpus: dlc.Corpus[pa.Table]) -> Params:
        """Pick a speaker with few quotes, a day with appearances and a quote in the middle."""
        people = sorted(p for p in corpus.table("people", columns=["person_id"]).column(0).to_pylist())
        people = [p for p in people if p != "antonio-casilli"]
        dates = sorted(corpus.table("appearances", columns=["date"]).column(0).to_pylist())
        ids = corpus.table("quotes", columns=["quote_id"]).column(0)
        import pyarrow.parquet as pq

        return cls(
            narrow_speaker=people[len(people) // 2],
            day=dates[len(dates) // 2],
            quote_id=ids[len(ids) // 2].as_py(),
            mention_speaker="speaker_id" in pq.read_schema(corpus.paths()["place_mentions"]).names,
        )


@attrs.frozen
class Case:
    """One question: the helper call, the DuckDB SQL and the Polars query."""

    name: str
    helper: Callable[[dlc.Corpus[pa.Table], Params], Any]
    sql: Callable[[Params], str]
    polars: Callable[[dict[str, pl.LazyFrame], Params], Any]


QUOTE_SQL = (
    "SELECT q.quote_id, a.date, a.date_precision, q.speaker_id, p.name AS speaker, q.kind, q.text, "
    "q.text_en, q.language, q.topics, q.appearance_id, a.outlet, a.title, q.question_id, q.source_id, "
    "q.span_start, q.span_end FROM quotes q JOIN appearances a USING (appearance_id) "
    "LEFT JOIN people p ON p.person_id = q.speaker_id"
)


def _pl_quotes(f: dict[str, pl.LazyFrame], quotes: pl.LazyFrame, apps: pl.LazyFrame | None = None) -> Any:
    apps = f["appearances"] if apps is None else apps
    people = f["people"].select(pl.col("person_id").alias("speaker_id"), pl.col("name").alias("speaker"))
    joined = quotes.join(
        apps.select("appearance_id", "date", "date_precision", "outlet", "title"), on="appearance_id"
    )
    joined = joined.join(people, on="speaker_id", how="left")
    return joined.select(QUOTE_COLUMNS).sort(["date", "quote_id"]).collect()


def _year(f: dict[str, pl.LazyFrame], low: dt.date, high: dt.date) -> pl.LazyFrame:
    return f["appearances"].filter(pl.col("date").is_between(low, high))


STATISTIC_SQL = (
    "SELECT s.statistic_id, a.date, a.date_precision, s.text, s.value, s.low, s.high, s.approximate, "
    "s.unit, s.currency, s.per, s.duration_unit, s.measure_en, s.reference_year, s.place_id, "
    "pl.name_en AS place, s.attributed_to, coalesce(q.speaker_id, c.claimant_id) AS speaker_id, "
    "pe.name AS speaker, s.quote_id, s.claim_id, s.appearance_id, a.outlet, a.title, s.span_start, "
    "s.span_end FROM statistics s JOIN appearances a USING (appearance_id) "
    "LEFT JOIN places pl ON pl.place_id = s.place_id LEFT JOIN quotes q ON q.quote_id = s.quote_id "
    "LEFT JOIN claims c ON c.claim_id = s.claim_id "
    "LEFT JOIN people pe ON pe.person_id = coalesce(q.speaker_id, c.claimant_id)"
)


def _pl_statistics(f: dict[str, pl.LazyFrame], pattern: str) -> Any:
    stats = f["statistics"].filter(
        (pl.col("unit") == "currency_rate") & pl.col("measure_en").str.contains(pattern)
    )
    joined = (
        stats.join(
            f["appearances"].select("appearance_id", "date", "date_precision", "outlet", "title"),
            on="appearance_id",
        )
        .join(f["places"].select("place_id", pl.col("name_en").alias("place")), on="place_id", how="left")
        .join(
            f["quotes"].select("quote_id", pl.col("speaker_id").alias("q_speaker")), on="quote_id", how="left"
        )
        .join(f["claims"].select("claim_id", "claimant_id"), on="claim_id", how="left")
        .with_columns(pl.coalesce("q_speaker", "claimant_id").alias("speaker_id"))
        .join(
            f["people"].select(pl.col("person_id").alias("speaker_id"), pl.col("name").alias("speaker")),
            on="speaker_id",
            how="left",
        )
    )
    return joined.sort(["date", "statistic_id"]).collect()


PLACES_SQL = (
    "SELECT p.*, c.n AS mentions FROM places p JOIN (SELECT place_id, count(*) AS n FROM place_mentions "
    "WHERE role = 'where_work_is_done' GROUP BY place_id) c USING (place_id) ORDER BY n DESC, place_id"
)


def _pl_places(f: dict[str, pl.LazyFrame]) -> Any:
    counts = (
        f["place_mentions"]
        .filter(pl.col("role") == "where_work_is_done")
        .group_by("place_id")
        .len("mentions")
    )
    return (
        f["places"]
        .join(counts, on="place_id")
        .sort(["mentions", "place_id"], descending=[True, False])
        .collect()
    )


MENTION_SQL = (
    "SELECT m.mention_id, m.place_id, pl.name_en AS place, m.text, m.role, a.date, a.date_precision, "
    "m.appearance_id, a.outlet, a.title, m.quote_id, q.speaker_id, pe.name AS speaker, m.claim_id, "
    "m.span_start, m.span_end FROM place_mentions m JOIN appearances a USING (appearance_id) "
    "JOIN places pl USING (place_id) LEFT JOIN quotes q USING (quote_id) "
    "LEFT JOIN people pe ON pe.person_id = q.speaker_id WHERE m.place_id = 'madagascar' "
    "ORDER BY a.date, m.mention_id"
)
# From dataset 1.1.0 the mention carries its speaker: the same question without the join.
MENTION_SPEAKER_SQL = (
    "SELECT m.mention_id, m.place_id, pl.name_en AS place, m.text, m.role, a.date, a.date_precision, "
    "m.appearance_id, a.outlet, a.title, m.quote_id, m.speaker_id, pe.name AS speaker, m.claim_id, "
    "m.span_start, m.span_end FROM place_mentions m JOIN appearances a USING (appearance_id) "
    "JOIN places pl USING (place_id) LEFT JOIN people pe ON pe.person_id = m.speaker_id "
    "WHERE m.place_id = 'madagascar' ORDER BY a.date, m.mention_id"
)


def _pl_mentions(f: dict[str, pl.LazyFrame], stored: bool) -> Any:
    found = f["place_mentions"].filter(pl.col("place_id") == "madagascar")
    if stored:
        found = found.select(
            "mention_id",
            "place_id",
            "text",
            "role",
            "appearance_id",
            "quote_id",
            "claim_id",
            "span_start",
            "span_end",
            "speaker_id",
        )
    else:
        found = found.join(f["quotes"].select("quote_id", "speaker_id"), on="quote_id", how="left")
    return (
        found.join(
            f["appearances"].select("appearance_id", "date", "date_precision", "outlet", "title"),
            on="appearance_id",
        )
        .join(f["places"].select("place_id", pl.col("name_en").alias("place")), on="place_id")
        .join(
            f["people"].select(pl.col("person_id").alias("speaker_id"), pl.col("name").alias("speaker")),
            on="speaker_id",
            how="left",
        )
        .sort(["date", "mention_id"])
        .collect()
    )


TIMELINE_SQL = (
    "SELECT CAST(date_trunc('month', a.date) AS DATE) AS period, count(DISTINCT a.appearance_id) AS appearances, "
    "count(q.quote_id) AS quotes FROM appearances a LEFT JOIN quotes q USING (appearance_id) "
    "GROUP BY period ORDER BY period"
)


def _pl_timeline(f: dict[str, pl.LazyFrame]) -> Any:
    apps = f["appearances"].select("appearance_id", pl.col("date").dt.truncate("1mo").alias("period"))
    per_app = apps.group_by("period").len("appearances")
    per_quote = (
        f["quotes"].select("appearance_id").join(apps, on="appearance_id").group_by("period").len("quotes")
    )
    return per_app.join(per_quote, on="period", how="left").sort("period").collect()


def _search_sql(pattern: str) -> str:
    p = pattern.replace("'", "''")

    def part(table: str, key: str, person: str, first: str, second: str) -> str:
        score = f"len(regexp_extract_all({first}, '{p}')) + len(regexp_extract_all({second}, '{p}'))"
        length = f"CASE WHEN regexp_matches({first}, '{p}') THEN length({first}) ELSE length({second}) END"
        return (
            f"SELECT '{table}' AS tbl, {key} AS record_id, appearance_id, {person} AS person_id, "
            f"{score} AS score, {length} AS len FROM {table} "
            f"WHERE regexp_matches({first}, '{p}') OR regexp_matches({second}, '{p}')"
        )

    hits = (
        part("quotes", "quote_id", "speaker_id", "text", "text_en")
        + " UNION ALL "
        + part("claims", "claim_id", "claimant_id", "text", "statement_en")
    )
    return (
        f"WITH hits AS ({hits}), best AS (SELECT * FROM hits ORDER BY score DESC, len, tbl, record_id LIMIT 20) "
        "SELECT b.*, a.date, pe.name AS person FROM best b JOIN appearances a USING (appearance_id) "
        "LEFT JOIN people pe ON pe.person_id = b.person_id ORDER BY score DESC, len, tbl, record_id"
    )


def _pl_search(f: dict[str, pl.LazyFrame], pattern: str) -> Any:
    def part(table: str, key: str, person: str, first: str, second: str) -> pl.LazyFrame:
        score = pl.col(first).str.count_matches(pattern) + pl.col(second).str.count_matches(pattern)
        length = (
            pl.when(pl.col(first).str.contains(pattern))
            .then(pl.col(first).str.len_chars())
            .otherwise(pl.col(second).str.len_chars())
        )
        return (
            f[table]
            .select(
                pl.lit(table).alias("tbl"),
                pl.col(key).alias("record_id"),
                "appearance_id",
                pl.col(person).alias("person_id"),
                score.alias("score"),
                length.alias("len"),
            )
            .filter(pl.col("score") > 0)
        )

    hits = pl.concat(
        [
            part("quotes", "quote_id", "speaker_id", "text", "text_en"),
            part("claims", "claim_id", "claimant_id", "text", "statement_en"),
        ]
    )
    best = hits.sort(["score", "len", "tbl", "record_id"], descending=[True, False, False, False]).head(20)
    return (
        best.join(f["appearances"].select("appearance_id", "date"), on="appearance_id")
        .join(
            f["people"].select(pl.col("person_id"), pl.col("name").alias("person")),
            on="person_id",
            how="left",
        )
        .sort(["score", "len", "tbl", "record_id"], descending=[True, False, False, False])
        .collect()
    )


_SPANNED = (
    ("quotes", "quote_id"),
    ("claims", "claim_id"),
    ("statistics", "statistic_id"),
    ("place_mentions", "mention_id"),
    ("appearances", "appearance_id"),
)


def _context_sql(record_id: str) -> str:
    found = " UNION ALL ".join(
        f"SELECT '{table}' AS tbl, appearance_id, span_start, span_end FROM {table} WHERE {key} = '{record_id}'"
        for table, key in _SPANNED
    )
    # The IN subquery lets DuckDB push the source_id filter into the scan of sources (a plain
    # join reads every text: seconds at 100,000 quotes, out of memory at a million).
    return (
        f"WITH r AS ({found}), w AS (SELECT r.*, a.source_id FROM r JOIN appearances a USING (appearance_id)) "
        "SELECT w.tbl, substr(s.text, greatest(1, w.span_start - 299), "
        "w.span_start - greatest(0, w.span_start - 300)) AS before, "
        "substr(s.text, w.span_start + 1, w.span_end - w.span_start) AS text, "
        "substr(s.text, w.span_end + 1, 300) AS after "
        "FROM (SELECT * FROM sources WHERE source_id IN (SELECT source_id FROM w)) s "
        "JOIN w ON s.source_id = w.source_id"
    )


def _pl_context(f: dict[str, pl.LazyFrame], record_id: str) -> Any:
    found = pl.concat(
        [
            f[table]
            .filter(pl.col(key) == record_id)
            .select(pl.lit(table).alias("tbl"), "appearance_id", "span_start", "span_end")
            for table, key in _SPANNED
        ]
    )
    start = pl.max_horizontal(pl.col("span_start") - 300, pl.lit(0))
    return (
        found.join(f["appearances"].select("appearance_id", "source_id"), on="appearance_id")
        .join(f["sources"].select("source_id", "text"), on="source_id")
        .select(
            "tbl",
            pl.col("text").str.slice(start, pl.col("span_start") - start).alias("before"),
            pl.col("text")
            .str.slice(pl.col("span_start"), pl.col("span_end") - pl.col("span_start"))
            .alias("text"),
            pl.col("text").str.slice(pl.col("span_end"), 300).alias("after"),
        )
        .collect()
    )


def _cite_sql(record_id: str) -> str:
    # Like cite(), look for the id in every table with spans, then join the person, the
    # appearance and the source's title (not its text).
    found = " UNION ALL ".join(
        f"SELECT '{table}' AS tbl, appearance_id, {person} AS person_id FROM {table} WHERE {key} = '{record_id}'"
        for (table, key), person in zip(_SPANNED, _PERSON, strict=True)
    )
    return (
        f"WITH r AS ({found}) SELECT r.tbl, p.name, a.date, a.date_precision, a.outlet, a.programme, "
        "a.genre, a.title, s.title AS source_title, s.author, s.url FROM r JOIN appearances a USING (appearance_id) "
        "JOIN (SELECT source_id, title, author, url FROM sources) s ON s.source_id = a.source_id "
        "LEFT JOIN people p ON p.person_id = r.person_id"
    )


def _pl_cite(f: dict[str, pl.LazyFrame], record_id: str) -> Any:
    found = pl.concat(
        [
            f[table]
            .filter(pl.col(key) == record_id)
            .select(
                pl.lit(table).alias("tbl"),
                "appearance_id",
                (pl.col(person) if person != "NULL" else pl.lit(None, dtype=pl.String)).alias("person_id"),
            )
            for (table, key), person in zip(_SPANNED, _PERSON, strict=True)
        ]
    )
    return (
        found.join(
            f["appearances"].select(
                "appearance_id",
                "source_id",
                "date",
                "date_precision",
                "outlet",
                "programme",
                "genre",
                "title",
            ),
            on="appearance_id",
        )
        .join(
            f["sources"].select("source_id", pl.col("title").alias("source_title"), "author", "url"),
            on="source_id",
        )
        .join(f["people"].select(pl.col("person_id"), "name"), on="person_id", how="left")
        .collect()
    )


_PERSON = ("speaker_id", "claimant_id", "NULL", "NULL", "NULL")


def _between(low: str, high: str) -> str:
    return f"a.date BETWEEN DATE '{low}' AND DATE '{high}'"


Y0, Y1 = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
PAY = search_pattern("pay")

CASES = [
    Case(
        "quotes(speaker, place)",
        lambda c, _p: c.quotes(speaker="casilli", place="Madagascar"),
        lambda _p: (
            QUOTE_SQL
            + " WHERE q.speaker_id = 'antonio-casilli' AND q.quote_id IN (SELECT quote_id FROM place_mentions "
            "WHERE place_id = 'madagascar') ORDER BY a.date, q.quote_id"
        ),
        lambda f, _p: _pl_quotes(
            f,
            f["quotes"]
            .filter(pl.col("speaker_id") == "antonio-casilli")
            .join(
                f["place_mentions"].filter(pl.col("place_id") == "madagascar").select("quote_id").unique(),
                on="quote_id",
                how="semi",
            ),
        ),
    ),
    Case(
        "quotes(speaker=rare one)",
        lambda c, p: c.quotes(speaker=p.narrow_speaker),
        lambda p: QUOTE_SQL + f" WHERE q.speaker_id = '{p.narrow_speaker}' ORDER BY a.date, q.quote_id",
        lambda f, p: _pl_quotes(f, f["quotes"].filter(pl.col("speaker_id") == p.narrow_speaker)),
    ),
    Case(
        "quotes(since=2020, until=2020)",
        lambda c, _p: c.quotes(since="2020", until="2020"),
        lambda _p: QUOTE_SQL + f" WHERE {_between('2020-01-01', '2020-12-31')} ORDER BY a.date, q.quote_id",
        lambda f, _p: _pl_quotes(f, f["quotes"], _year(f, Y0, Y1)),
    ),
    Case(
        "quotes(since=day, until=day)",
        lambda c, p: c.quotes(since=p.day, until=p.day),
        lambda p: QUOTE_SQL + f" WHERE a.date = DATE '{p.day}' ORDER BY a.date, q.quote_id",
        lambda f, p: _pl_quotes(f, f["quotes"], _year(f, p.day, p.day)),
    ),
    Case(
        "statistics(measure=pay, unit)",
        lambda c, _p: c.statistics(measure="pay", unit="currency_rate"),
        lambda _p: (
            STATISTIC_SQL
            + f" WHERE s.unit = 'currency_rate' AND regexp_matches(s.measure_en, '{PAY}') ORDER BY a.date, s.statistic_id"
        ),
        lambda f, _p: _pl_statistics(f, PAY),
    ),
    Case(
        "places(role)",
        lambda c, _p: c.places(role="where_work_is_done"),
        lambda _p: PLACES_SQL,
        lambda f, _p: _pl_places(f),
    ),
    Case(
        "mentions(place)",
        lambda c, _p: c.mentions("MG"),
        lambda p: MENTION_SPEAKER_SQL if p.mention_speaker else MENTION_SQL,
        lambda f, p: _pl_mentions(f, p.mention_speaker),
    ),
    Case(
        "appearances(since, genre)",
        lambda c, _p: c.appearances(since="2020", genre="interview"),
        lambda _p: (
            "SELECT * FROM appearances WHERE date >= DATE '2020-01-01' AND genre = 'interview' ORDER BY date, appearance_id"
        ),
        lambda f, _p: (
            f["appearances"]
            .filter((pl.col("date") >= Y0) & (pl.col("genre") == "interview"))
            .sort(["date", "appearance_id"])
            .collect()
        ),
    ),
    Case(
        "timeline(month)",
        lambda c, _p: c.timeline("month"),
        lambda _p: TIMELINE_SQL,
        lambda f, _p: _pl_timeline(f),
    ),
    Case(
        "search(common word)",
        lambda c, p: c.search(p.common),
        lambda p: _search_sql(search_pattern(p.common)),
        lambda f, p: _pl_search(f, search_pattern(p.common)),
    ),
    Case(
        "search(rare word)",
        lambda c, p: c.search(p.rare),
        lambda p: _search_sql(search_pattern(p.rare)),
        lambda f, p: _pl_search(f, search_pattern(p.rare)),
    ),
    Case(
        "context(quote)",
        lambda c, p: c.context(p.quote_id),
        lambda p: _context_sql(p.quote_id),
        lambda f, p: _pl_context(f, p.quote_id),
    ),
    Case(
        "cite(quote)",
        lambda c, p: c.cite(p.quote_id),
        lambda p: _cite_sql(p.quote_id),
        lambda f, p: _pl_cite(f, p.quote_id),
    ),
]


def duckdb_connection(directory: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a view per table over the directory's files."""
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    for name in TABLES:
        connection.execute(
            f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{directory / f'{name}.parquet'}')"
        )
    return connection


def polars_frames(directory: Path) -> dict[str, pl.LazyFrame]:
    """A Polars lazy scan per table."""
    return {name: pl.scan_parquet(directory / f"{name}.parquet") for name in TABLES}


def rows(result: Any) -> int:
    """Number of rows of any of the three results (a Context or a citation counts as one)."""
    if hasattr(result, "num_rows"):
        return int(result.num_rows)
    if hasattr(result, "height"):
        return int(result.height)
    return 1
