"""``diff``: records added, removed and changed by key, with column changes, on synthetic versions."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.main import main

from .versions import one_corpus, to_tables, write


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path, dict[str, pa.Table]]:
    """Version 1.0.0 and a 1.1.0 with one quote changed, one claim removed, one topic added."""
    tables = to_tables(one_corpus())
    old = write(tables, tmp_path / "old", "1.0.0")
    quotes = tables["quotes"].to_pylist()
    quotes[0]["text_en"] = "A corrected translation."
    topics = tables["topics"].to_pylist()
    topics.append(
        {"topic_id": "new-topic", "label_en": "New", "label_fr": "Nouveau", "description_en": "Added."}
    )
    changed = dict(tables)
    changed["quotes"] = pa.Table.from_pylist(quotes, schema=tables["quotes"].schema)
    changed["claims"] = tables["claims"].slice(1)
    changed["topics"] = pa.Table.from_pylist(topics, schema=tables["topics"].schema)
    new = write(changed, tmp_path / "new", "1.1.0")
    return old, new, tables


class TestDiff:
    """Per table, added, removed and changed records."""

    def test_identical_versions(self) -> None:
        """A version compared with itself has no difference."""
        version = dlc.versions()[-1]
        assert dlc.diff(version, version).is_empty

    def test_record_changes(self, two_versions: tuple[Path, Path, dict[str, pa.Table]]) -> None:
        """The changed quote, the removed claim and the added topic are reported by key."""
        old, new, tables = two_versions
        result = dlc.diff(old, new)
        quote_id = tables["quotes"].column("quote_id")[0].as_py()
        claim_id = tables["claims"].column("claim_id")[0].as_py()
        (change,) = result.tables["quotes"].changed
        assert change.key == quote_id
        assert [(c.column, c.new) for c in change.changes] == [("text_en", "A corrected translation.")]
        assert change.changes[0].old == tables["quotes"].column("text_en")[0].as_py()
        assert result.tables["claims"].removed == (claim_id,)
        assert result.tables["topics"].added == ("new-topic",)
        assert result.tables["places"].is_empty

    def test_summary_counts_first(self, two_versions: tuple[Path, Path, dict[str, pa.Table]]) -> None:
        """The summary gives counts per table before any record."""
        old, new, _ = two_versions
        summary = dlc.diff(old, new).summary()
        assert "  quotes          +0 -0 ~1" in summary
        assert "  claims          +0 -1 ~0" in summary
        assert "  topics          +1 -0 ~0" in summary

    def test_schema_change(self, tmp_path: Path) -> None:
        """An added and a retyped column are reported as column changes."""
        tables = to_tables(one_corpus())
        old = write(tables, tmp_path / "a", "1.0.0")
        changed = dict(tables)
        people = tables["people"].append_column(
            "orcid", pa.array([None] * tables["people"].num_rows, pa.string())
        )
        changed["people"] = people
        places = tables["places"]
        index = places.schema.get_field_index("latitude")
        changed["places"] = places.set_column(index, "latitude", places.column("latitude").cast(pa.float32()))
        new = write(changed, tmp_path / "b", "2.0.0")
        result = dlc.diff(old, new)
        assert result.tables["people"].columns_added == ("orcid",)
        assert result.tables["places"].columns_retyped == (("latitude", "double", "float"),)

    def test_not_a_version_directory(self, tmp_path: Path) -> None:
        """A path without a manifest is refused with a clear error."""
        with pytest.raises(dlc.InvalidArgumentError, match="is not a dataset version directory"):
            dlc.diff(tmp_path, tmp_path)

    def test_cli(
        self, two_versions: tuple[Path, Path, dict[str, pa.Table]], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``digital-labor-corpus diff OLD NEW --records`` prints counts, then the records."""
        old, new, _ = two_versions
        assert main(["diff", str(old), str(new), "--records"]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0] == f"{old} -> {new}"
        assert "      text_en: " in out
