"""The plain schema data (schema/tables.py) cannot drift from the attrs records it is generated from."""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
import pyarrow as pa
import pytest

from digital_labor_corpus.build import tablespecs
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.records import TABLES as RECORDS
from digital_labor_corpus.schema.tables import TABLES


class TestGenerated:
    """The generated module is exactly what the generator writes from the records now."""

    def test_module_is_current(self) -> None:
        """schema/tables.py equals render(): regenerate with python -m digital_labor_corpus.build.tablespecs."""
        assert tablespecs.TARGET.read_text(encoding="utf-8") == tablespecs.render()

    def test_check_flag_reports_a_stale_module(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``--check`` exits 1 on a stale copy, 0 once the generator has rewritten it."""
        stale = tmp_path / "tables.py"
        stale.write_text(tablespecs.render().replace("Primary key.", "Primary key!"), encoding="utf-8")
        monkeypatch.setattr(tablespecs, "TARGET", stale)
        assert tablespecs.main(["--check"]) == 1
        assert tablespecs.main([]) == 0
        assert tablespecs.main(["--check"]) == 0
        assert stale.read_text(encoding="utf-8") == tablespecs.render()


# The Arrow type of each Python type a record field may have, written out by hand.
_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


class TestAgreesWithRecords:
    """Each table's plain data says what its record class says, read another way."""

    @pytest.mark.parametrize("name", list(RECORDS))
    def test_names_keys_and_descriptions(self, name: str) -> None:
        """Same tables, primary keys, descriptions and columns in the same order."""
        record = RECORDS[name]
        assert list(TABLES) == list(RECORDS)
        assert TABLES[name].primary_key == record.primary_key
        assert TABLES[name].description == record.description
        assert TABLES[name].since == record.since
        assert TABLES[name].columns == tuple(f.name for f in attrs.fields(record.record))

    @pytest.mark.parametrize("name", list(RECORDS))
    def test_column_metadata(self, name: str) -> None:
        """Every column's description, vocabulary, references and flags are the field's metadata."""
        for field in attrs.fields(RECORDS[name].record):
            column = TABLES[name].column(field.name)
            meta = field.metadata
            assert column.description == meta["description"]
            assert column.vocabulary == meta.get("vocabulary")
            assert column.references == meta.get("references")
            assert column.verbatim == bool(meta.get("verbatim"))
            assert column.translation == bool(meta.get("translation"))
            assert column.since == meta.get("since")

    @pytest.mark.parametrize("name", list(RECORDS))
    def test_arrow_types_follow_the_type_hints(self, name: str) -> None:
        """Nullable exactly when the hint admits None; the Arrow type is the hint's."""
        hints = typing.get_type_hints(RECORDS[name].record)
        schema = arrow_schema(name)
        for field in attrs.fields(RECORDS[name].record):
            hint = hints[field.name]
            args = typing.get_args(hint)
            nullable = type(None) in args
            assert schema.field(field.name).nullable == nullable
            inner = next((a for a in args if a is not type(None)), hint) if nullable else hint
            if typing.get_origin(inner) is tuple:
                assert schema.field(field.name).type == pa.list_(
                    pa.field("element", pa.string(), nullable=False)
                )
            elif typing.get_origin(inner) is typing.Literal:
                assert schema.field(field.name).type == pa.string()
            elif inner in _ARROW:
                assert schema.field(field.name).type == _ARROW[inner]
            else:
                assert schema.field(field.name).type == pa.date32()
