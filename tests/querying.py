"""A synthetic corpus written three ways for the query tests: directory, in-memory store, DuckDB.

The directory is written with tiny row groups (64 rows), so that every query on it
prunes, skips and reads row groups the way a large corpus does; the same files behind a
:class:`Store` exercise the in-memory path; DuckDB over the same files is the reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus
from digital_labor_corpus.queries.folding import fold_search
from digital_labor_corpus.queries.scan import StoreSource
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.storage import Store

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
    path = write_corpus(tables, root / "1.0.0", row_group_size=ROW_GROUP)
    store = Store(root, "the synthetic store")
    return Synthetic(
        path=path,
        directory=dlc.open_path(path),
        memory=dlc.Corpus(StoreSource(store, "1.0.0")),
        rows={name: table.to_pylist() for name, table in tables.items()},
    )


def in_list(values: list[str]) -> str:
    """A SQL list of string literals (the values are slugs or vocabulary words)."""
    return "(" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + ")"
