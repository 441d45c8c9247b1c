"""Write synthetic dataset versions into temporary directories for diff, evolution and corruption tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings

from digital_labor_corpus.build.compile import write_version
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.convert import records_to_rows

from .strategies import Corpus, corpora


def to_tables(corpus: Corpus) -> dict[str, pa.Table]:
    """Arrow tables of a drawn corpus, with the real schemas."""
    return {
        name: pa.Table.from_pylist(records_to_rows(records), schema=arrow_schema(name))
        for name, records in corpus.items()
    }


def one_corpus() -> Corpus:
    """Draw one valid corpus deterministically (for tests that need a fixed example)."""
    found: list[Corpus] = []

    @settings(max_examples=1, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(corpora())
    def draw(corpus: Corpus) -> None:
        found.append(corpus)

    draw()
    return found[-1]


def write(tables: dict[str, pa.Table], root: Path, version: str) -> Path:
    """Write ``tables`` as ``version`` under ``root`` and return the version directory."""
    return write_version(tables, root, version, dt.date(2026, 11, 28))
