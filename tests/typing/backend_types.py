"""Checked by ``mypy --strict`` in ``tests/test_typing.py``: return types follow the backend.

Not a test module (pytest does not collect it); every line states a type mypy must infer.
"""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

import pandas as pd
import polars as pl
import pyarrow as pa

import digital_labor_corpus as dlc


def corpus_types(directory: Path) -> None:
    """The backend chosen in open() and open_path() types every helper's answer."""
    assert_type(dlc.open(backend="pandas").quotes(), pd.DataFrame)
    assert_type(dlc.open(backend="polars").quotes(), pl.DataFrame)
    assert_type(dlc.open().quotes(), pa.Table)
    assert_type(dlc.open(), dlc.Corpus[pa.Table])
    assert_type(dlc.open("1.0.0", backend="pandas"), dlc.Corpus[pd.DataFrame])
    assert_type(dlc.open_path(directory, backend="polars"), dlc.Corpus[pl.DataFrame])
    pandas_corpus = dlc.open(backend="pandas")
    assert_type(pandas_corpus.statistics(unit="percent"), pd.DataFrame)
    assert_type(pandas_corpus.places(role="origin"), pd.DataFrame)
    assert_type(pandas_corpus.mentions("MG"), pd.DataFrame)
    assert_type(pandas_corpus.appearances(), pd.DataFrame)
    assert_type(pandas_corpus.timeline("year"), pd.DataFrame)
    assert_type(pandas_corpus.search("clic"), pd.DataFrame)
    assert_type(pandas_corpus.table("topics"), pd.DataFrame)
    polars_corpus = dlc.open_path(directory, backend="polars")
    assert_type(polars_corpus.quotes(speaker="casilli"), pl.DataFrame)
    assert_type(polars_corpus.context("q1"), dlc.Context)
    assert_type(polars_corpus.cite("q1"), str)


def load_types() -> None:
    """``load`` and the per-table loaders follow their ``backend=``."""
    assert_type(dlc.load("quotes", backend="pandas"), pd.DataFrame)
    assert_type(dlc.load("quotes", backend="polars"), pl.DataFrame)
    assert_type(dlc.load_quotes(backend="polars"), pl.DataFrame)
    assert_type(dlc.load_people(backend="pandas"), pd.DataFrame)
