"""The schema module: record classes, vocabularies and the Arrow schemas derived from them."""

from __future__ import annotations

import typing

import attrs
import pytest

from digital_labor_corpus.schema import records as schema
from digital_labor_corpus.schema import vocabularies
from digital_labor_corpus.schema.arrow import arrow_schema, schema_fingerprint
from digital_labor_corpus.schema.records import TABLES

# The public contract of docs/data-model: the minimum columns of every table.
CONTRACT: dict[str, list[str]] = {
    "sources": ["source_id", "title", "author", "publisher", "language", "text", "sha256", "n_chars"],
    "appearances": [
        "appearance_id",
        "source_id",
        "parent_id",
        "date",
        "date_precision",
        "outlet",
        "programme",
        "medium",
        "genre",
        "title",
        "language",
        "span_start",
        "span_end",
        "summary_en",
    ],
    "people": ["person_id", "name", "description_en", "affiliation", "wikidata_qid"],
    "quotes": [
        "quote_id",
        "appearance_id",
        "source_id",
        "speaker_id",
        "kind",
        "question_id",
        "text",
        "language",
        "text_en",
        "topics",
        "span_start",
        "span_end",
    ],
    "claims": [
        "claim_id",
        "appearance_id",
        "claimant_id",
        "quote_id",
        "statement_en",
        "claim_type",
        "topics",
        "span_start",
        "span_end",
        "reported_from",
    ],
    "statistics": [
        "statistic_id",
        "appearance_id",
        "quote_id",
        "claim_id",
        "text",
        "value",
        "low",
        "high",
        "approximate",
        "unit",
        "currency",
        "per",
        "measure_en",
        "reference_year",
        "place_id",
        "attributed_to",
        "span_start",
        "span_end",
    ],
    "places": [
        "place_id",
        "name_en",
        "name_fr",
        "kind",
        "iso_3166_1",
        "wikidata_qid",
        "latitude",
        "longitude",
        "parent_id",
    ],
    "place_mentions": [
        "mention_id",
        "place_id",
        "appearance_id",
        "quote_id",
        "claim_id",
        "text",
        "role",
        "span_start",
        "span_end",
    ],
    "topics": ["topic_id", "label_en", "label_fr", "description_en"],
    "errata": [
        "erratum_id",
        "table",
        "key",
        "column",
        "old_value",
        "new_value",
        "reason",
        "corrected_in",
    ],
}

VOCABULARY_TYPES = {
    "date_precision": vocabularies.DatePrecision,
    "medium": vocabularies.Medium,
    "genre": vocabularies.Genre,
    "quote_kind": vocabularies.QuoteKind,
    "claim_type": vocabularies.ClaimType,
    "unit": vocabularies.Unit,
    "per": vocabularies.Per,
    "duration_unit": vocabularies.DurationUnit,
    "place_kind": vocabularies.PlaceKind,
    "role": vocabularies.Role,
}


class TestContract:
    """Every table carries the columns the data model promises."""

    def test_all_ten_tables(self) -> None:
        """The catalog has exactly the data model's ten tables, the five main ones first."""
        assert set(TABLES) == set(CONTRACT)
        assert list(TABLES)[:5] == ["appearances", "quotes", "claims", "statistics", "places"]

    @pytest.mark.parametrize("table", list(CONTRACT))
    def test_contract_columns_present(self, table: str) -> None:
        """No contract column is missing from the record class or the Arrow schema."""
        assert set(CONTRACT[table]) <= set(TABLES[table].columns)
        assert set(CONTRACT[table]) <= set(arrow_schema(table).names)

    @pytest.mark.parametrize("table", list(CONTRACT))
    def test_primary_key_is_first_column(self, table: str) -> None:
        """The primary key is the first column and is not nullable."""
        spec = TABLES[table]
        assert spec.columns[0] == spec.primary_key == CONTRACT[table][0]
        assert not arrow_schema(table).field(spec.primary_key).nullable


class TestArrowSchema:
    """The Arrow schemas are derived from the record classes, with descriptions."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_every_field_has_a_description(self, table: str) -> None:
        """Field metadata carries a non-empty description for every column."""
        for field in arrow_schema(table):
            assert field.metadata[b"description"].strip(), field.name
        assert arrow_schema(table).metadata[b"description"] == TABLES[table].description.encode()

    def test_types(self) -> None:
        """Dates are date32, offsets int64, topics list<string>, figures float64."""
        assert str(arrow_schema("appearances").field("date").type) == "date32[day]"
        assert str(arrow_schema("quotes").field("span_start").type) == "int64"
        assert str(arrow_schema("quotes").field("topics").type).startswith("list<element: string")
        assert str(arrow_schema("statistics").field("value").type) == "double"
        assert arrow_schema("statistics").field("value").nullable

    def test_fingerprint_ignores_descriptions_but_not_types(self) -> None:
        """Rewording a description keeps the fingerprint; retyping a column changes it."""
        import pyarrow as pa

        base = arrow_schema("topics")
        reworded = pa.schema([f.with_metadata({"description": "other"}) for f in base])
        retyped = base.set(0, pa.field("topic_id", pa.int64(), nullable=False))
        assert schema_fingerprint(reworded) == schema_fingerprint(base)
        assert schema_fingerprint(retyped) != schema_fingerprint(base)

    @pytest.mark.parametrize("table", list(TABLES))
    def test_references_name_real_columns(self, table: str) -> None:
        """Every ``references`` metadata names an existing table and column."""
        for field in attrs.fields(TABLES[table].record):
            ref = field.metadata.get("references")
            if ref:
                target, column = ref.split(".")
                assert column in TABLES[target].columns


class TestVocabularies:
    """The Literal types and the definition mappings list the same values."""

    @pytest.mark.parametrize("name", list(VOCABULARY_TYPES))
    def test_literal_matches_mapping(self, name: str) -> None:
        """The Literal type's values equal the mapping's keys, in order."""
        assert typing.get_args(VOCABULARY_TYPES[name]) == tuple(vocabularies.VOCABULARIES[name])

    @pytest.mark.parametrize("name", list(VOCABULARY_TYPES))
    def test_every_value_defined(self, name: str) -> None:
        """Every value has a non-empty definition."""
        assert all(d.strip() for d in vocabularies.VOCABULARIES[name].values())

    def test_record_rejects_value_outside_vocabulary(self) -> None:
        """A record cannot be built with a medium outside the vocabulary."""
        with pytest.raises(ValueError, match="medium"):
            schema.Appearance(
                appearance_id="a",
                source_id="s",
                parent_id=None,
                date=__import__("datetime").date(2020, 1, 1),
                date_precision="day",
                outlet="o",
                programme=None,
                medium="blog",  # type: ignore[arg-type]
                genre="interview",
                title=None,
                language="fr",
                span_start=0,
                span_end=1,
                summary_en="x",
            )

    def test_record_rejects_bad_slug(self) -> None:
        """Keys must be lowercase slugs."""
        with pytest.raises(ValueError, match="topic_id"):
            schema.Topic(topic_id="Not A Slug", label_en="x", label_fr="x", description_en="x")
