"""The SQLite export carries the FTS5 indexes of search, and Datasette searches through them."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.publishing.exporting import export
from digital_labor_corpus.publishing.formats import DATASETTE_METADATA, SQLITE_FILE
from digital_labor_corpus.queries.syntax import to_fts5

from .querying import holds, words

SEARCHABLE = {
    "quotes": ("quote_id", ("text", "text_en")),
    "claims": ("claim_id", ("text", "statement_en")),
    "statistics": ("statistic_id", ("text", "measure_en", "attributed_to")),
    "appearances": ("appearance_id", ("title", "summary_en", "outlet", "programme")),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite export of the shipped corpus."""
    out = tmp_path_factory.mktemp("sqlite-search")
    export(out, "sqlite")
    return out


def _datasette(directory: Path, path: str) -> Any:
    """GET ``path`` from Datasette serving the export with its metadata, through Datasette's test client."""
    from datasette.app import Datasette

    metadata = json.loads((directory / DATASETTE_METADATA).read_text(encoding="utf-8"))

    async def get() -> Any:
        datasette = Datasette([str(directory / SQLITE_FILE)], metadata=metadata)
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(get())


def _matching(table: str, query: str) -> set[str]:
    """The keys of the rows of ``table`` one of whose indexed columns holds every word of ``query``."""
    key, columns = SEARCHABLE[table]
    found = set()
    for row in dlc.open().table(table).to_pylist():
        if all(any(holds(row[column], chunk) for column in columns) for chunk in query.split()):
            found.add(row[key])
    return found


class TestIndexes:
    """Each searchable table has an FTS5 index over the same columns as search's."""

    @pytest.mark.parametrize("table", list(SEARCHABLE))
    def test_index_matches_the_engine(self, exported: Path, table: str) -> None:
        """A query run on the export's index finds what the library's engine finds."""
        from digital_labor_corpus.queries.fulltext import INDEXED, index_of

        database = sqlite3.connect(exported / SQLITE_FILE)
        key, columns = SEARCHABLE[table]
        assert INDEXED[table].columns == columns
        corpus = dlc.open()
        for query in ["travail", "modér*", '"travail du clic"', "IA OR AI", "travail NOT clic"]:
            sql = (
                f"SELECT t.{key} FROM {table} t WHERE t.rowid IN "
                f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
            )
            found = {row[0] for row in database.execute(sql, [to_fts5(query)])}
            assert found == set(index_of(corpus._source).ids(table, query, columns).to_pylist()), query

    def test_folded_like_queries(self, exported: Path) -> None:
        """Ligatures are folded in the index: oeuvre finds the rows written with œ."""
        database = sqlite3.connect(exported / SQLITE_FILE)
        with_ligature = {
            row["claim_id"]
            for row in dlc.open().table("claims").to_pylist()
            if "oeuvre" in words(row["text"])
        }
        assert with_ligature
        sql = "SELECT claim_id FROM claims WHERE rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
        assert {row[0] for row in database.execute(sql, ['"oeuvre"'])} == with_ligature

    def test_partial_export(self, tmp_path: Path) -> None:
        """Only the exported searchable tables get an index."""
        export(tmp_path, "sqlite", tables=["quotes", "people"])
        database = sqlite3.connect(tmp_path / SQLITE_FILE)
        names = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%fts5%'")}
        assert names == {"quotes_fts"}
        metadata = json.loads((tmp_path / DATASETTE_METADATA).read_text(encoding="utf-8"))
        tables = metadata["databases"]["digital-labor-corpus"]["tables"]
        assert tables["quotes"]["fts_table"] == "quotes_fts"
        assert "fts_table" not in tables["people"]


class TestDatasette:
    """Datasette, given the export and its metadata.json, filters rows with ?_search=."""

    def test_metadata_turns_search_on(self, exported: Path) -> None:
        """Every searchable table names its FTS table, its key and the search mode."""
        metadata = json.loads((exported / DATASETTE_METADATA).read_text(encoding="utf-8"))
        tables = metadata["databases"]["digital-labor-corpus"]["tables"]
        for table in SEARCHABLE:
            assert tables[table]["fts_table"] == f"{table}_fts"
            assert tables[table]["fts_pk"] == "rowid"
            assert tables[table]["searchmode"] == "escaped"

    @pytest.mark.parametrize(
        ("table", "query"),
        [
            ("quotes", "moderation"),
            ("quotes", "AI"),
            ("quotes", "Modération"),
            ("claims", "plateformes"),
            ("appearances", "Humanité"),
        ],
    )
    def test_search_filters_rows(self, exported: Path, table: str, query: str) -> None:
        """?_search= keeps exactly the rows holding the word (whole, any case or accent)."""
        key = SEARCHABLE[table][0]
        every = _datasette(exported, f"/digital-labor-corpus/{table}.json?_shape=array&_size=max")
        found = _datasette(
            exported, f"/digital-labor-corpus/{table}.json?_search={query}&_shape=array&_size=max"
        )
        expected = _matching(table, query)
        assert expected
        assert len(found) < len(every)
        assert {row[key] for row in found} == expected

    def test_phrase(self, exported: Path) -> None:
        """A quoted phrase in the search box finds the words together."""
        found = _datasette(
            exported, '/digital-labor-corpus/claims.json?_search="travail du clic"&_shape=array&_size=max'
        )
        assert found
        assert all(holds(r["text"], "travail") for r in found)
        assert all(
            any(
                words(r[c])[i : i + 3] == ["travail", "du", "clic"]
                for c in ("text", "statement_en")
                for i in range(len(words(r[c])))
            )
            for r in found
        )
