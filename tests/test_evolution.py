"""The versioning policy is enforced: no silent schema break, no released key changing meaning."""

from __future__ import annotations

import itertools
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.checks.evolution import check_evolution
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.store.storage import Store

from .versions import one_corpus, to_tables

DATA_DIR = Path(str(files("digital_labor_corpus").joinpath("data")))


def _tables(version: str) -> dict[str, pa.Table]:
    store = Store(DATA_DIR, "shipped")
    return {name: store.table(name, version) for name in tables_in(version)}


class TestShippedReleases:
    """Each shipped version keeps the policy with every earlier one."""

    @pytest.mark.parametrize(
        ("old", "new"),
        list(itertools.combinations(dlc.versions(), 2))
        or [pytest.param(None, None, marks=pytest.mark.skip(reason="a single release so far"))],
    )
    def test_policy_kept(self, old: str, new: str) -> None:
        """No removed or retyped column within a major version; no key reused."""
        assert check_evolution(_tables(old), _tables(new), old, new) == []

    def test_newest_against_itself(self) -> None:
        """The check accepts a version compared with itself."""
        newest = dlc.versions()[-1]
        assert check_evolution(_tables(newest), _tables(newest), newest, newest) == []


class TestPolicy:
    """Each forbidden change is caught; allowed ones pass."""

    def test_removed_column_needs_major(self) -> None:
        """Dropping a column is refused in a minor release and accepted in a major one."""
        old = to_tables(one_corpus())
        new = dict(old) | {"people": old["people"].drop_columns(["affiliation"])}
        problems = [str(p) for p in check_evolution(old, new, "1.0.0", "1.1.0")]
        assert problems == [
            "people.affiliation: column removed or renamed without a major version (1.0.0 -> 1.1.0)"
        ]
        assert check_evolution(old, new, "1.0.0", "2.0.0") == []

    def test_retyped_column_needs_major(self) -> None:
        """Retyping a column is refused within a major version."""
        old = to_tables(one_corpus())
        places = old["places"]
        index = places.schema.get_field_index("longitude")
        new = dict(old) | {
            "places": places.set_column(index, "longitude", places.column("longitude").cast(pa.float32()))
        }
        assert [p.subject for p in check_evolution(old, new, "1.0.0", "1.0.1")] == ["longitude"]

    def test_added_column_is_allowed(self) -> None:
        """Adding a column is a minor change."""
        old = to_tables(one_corpus())
        people = old["people"]
        new = dict(old) | {
            "people": people.append_column("orcid", pa.array([None] * people.num_rows, pa.string()))
        }
        assert check_evolution(old, new, "1.0.0", "1.1.0") == []

    def test_corrected_record_is_allowed(self) -> None:
        """Correcting a record's translation keeps its key's meaning."""
        old = to_tables(one_corpus())
        quotes = old["quotes"].to_pylist()
        quotes[0]["text_en"] = "Better."
        new = dict(old) | {"quotes": pa.Table.from_pylist(quotes, schema=old["quotes"].schema)}
        assert check_evolution(old, new, "1.0.0", "1.0.1") == []

    def test_key_replaced_by_another_record(self) -> None:
        """A released key that now names another place is refused, even across a major version."""
        old = to_tables(one_corpus())
        places = old["places"].to_pylist()
        places[0]["name_en"] = "Somewhere else"
        new = dict(old) | {"places": pa.Table.from_pylist(places, schema=old["places"].schema)}
        for version in ("1.0.1", "2.0.0"):
            (problem,) = check_evolution(old, new, "1.0.0", version)
            assert problem.table == "places"
            assert "released key now names another record (name_en" in problem.problem
