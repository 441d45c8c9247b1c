"""A synthetic corpus written three ways for the query tests: directory, in-memory store, DuckDB.

The directory is written with tiny row groups (64 rows), so that every query on it
prunes, skips and reads row groups the way a large corpus does; the same files behind a
:class:`Store` exercise the in-memory path; DuckDB over the same files is the reference.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus
from digital_labor_corpus.queries.folding import fold_search
from digital_labor_corpus.queries.scan import StoreSource
from digital_labor_corpus.schema.catalog import schema_versions
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.storage import Store

NEWEST = schema_versions()[-1]  # the version synthetic corpora are written as

N_QUOTES = 1000
ROW_GROUP = 64


@attrs.frozen
class Synthetic:
    """One synthetic corpus opened as a directory, as a store and in DuckDB."""

    path: Path
    directory: dlc.Corpus[pa.Table]
    memory: dlc.Corpus[pa.Table]
    rows: dict[str, list[dict[str, Any]]]

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        """Run ``query`` in a fresh DuckDB connection with every table as a view."""
        connection = duckdb.connect()
        try:
            connection.create_function("fold", fold_search, ["VARCHAR"], "VARCHAR")
            connection.create_function("holds", holds, ["VARCHAR", "VARCHAR"], "BOOLEAN")
            for name in TABLES:
                connection.execute(
                    f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{self.path / f'{name}.parquet'}')"
                )
            return connection.execute(query).fetchall()
        finally:
            connection.close()


def make_synthetic(root: Path, n_quotes: int = N_QUOTES, seed: int = 7) -> Synthetic:
    """Generate and write a synthetic corpus under ``root`` and open it every way."""
    tables = generate(n_quotes, seed=seed)
    path = write_corpus(tables, root / NEWEST, row_group_size=ROW_GROUP)
    store = Store(root, "the synthetic store")
    return Synthetic(
        path=path,
        directory=dlc.open_path(path),
        memory=dlc.Corpus(StoreSource(store, NEWEST)),
        rows={name: table.to_pylist() for name, table in tables.items()},
    )


def in_list(values: list[str]) -> str:
    """A SQL list of string literals (the values are slugs or vocabulary words)."""
    return "(" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + ")"


_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}


def words(text: str | None) -> list[str]:
    """The words of ``text`` as a reference for the full-text index, written apart from it.

    A word is a run of letters, digits, private-use characters and combining marks (what
    SQLite's unicode61 tokenizer keeps); everything else separates words. Each word is
    lower-cased, its accents dropped and its ligatures spelt out.
    """
    found: list[str] = []
    current: list[str] = []
    for char in text or "":
        category = unicodedata.category(char)
        if category[0] in "LNM" or category == "Co":
            current.append(_LIGATURES.get(char, char))
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    result = []
    for word in found:
        bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
        if bare:
            result.append(bare)
    return result


def holds_words(text: str | None, phrase: Sequence[str]) -> bool:
    """Whether the reference words of ``text`` hold ``phrase`` (folded words) next to each other."""
    found = words(text)
    size = len(phrase)
    return size > 0 and any(found[at : at + size] == list(phrase) for at in range(len(found) - size + 1))


def holds(text: str | None, query: str | None) -> bool:
    """Whether ``text`` holds every whitespace-separated chunk of ``query`` as a run of whole words."""
    chunks = [words(chunk) for chunk in (query or "").split()]
    chunks = [chunk for chunk in chunks if chunk]
    return bool(chunks) and all(holds_words(text, chunk) for chunk in chunks)
