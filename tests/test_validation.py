"""``validate`` accepts valid corpora and reports every kind of injected violation by rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyarrow as pa
import pytest
from hypothesis import given

import digital_labor_corpus as dlc
from digital_labor_corpus.checks.validation import RULES, validate_tables
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.convert import records_to_rows
from digital_labor_corpus.schema.records import Erratum

from .strategies import RELEASE_DATE, Corpus, corpora, evolve


def _tables(corpus: Corpus) -> dict[str, pa.Table]:
    return {
        name: pa.Table.from_pylist(records_to_rows(records), schema=arrow_schema(name))
        for name, records in corpus.items()
    }


def _rules(corpus: Corpus) -> set[str]:
    return {v.rule for v in validate_tables(_tables(corpus), release_date=RELEASE_DATE)}


class TestShipped:
    """Every shipped version is valid."""

    @pytest.mark.parametrize("version", dlc.versions())
    def test_shipped_version_is_valid(self, version: str) -> None:
        """``validate`` returns an empty list for the shipped version."""
        assert dlc.validate(version) == []


class TestGenerated:
    """Corpora drawn to satisfy the invariants pass."""

    @given(corpora())
    def test_generated_corpus_is_valid(self, corpus: Corpus) -> None:
        """A corpus the strategy draws has no violation."""
        assert validate_tables(_tables(corpus), release_date=RELEASE_DATE) == []


def _first(corpus: Corpus, table: str, **changes: object) -> Corpus:
    records = list(corpus[table])
    records[0] = evolve(records[0], **changes)
    return corpus | {table: records}


def _dangling_key(c: Corpus) -> Corpus:
    return _first(c, "quotes", speaker_id="nobody")


def _duplicate_key(c: Corpus) -> Corpus:
    return c | {"quotes": [*c["quotes"], c["quotes"][0]]}


def _span_mismatch(c: Corpus) -> Corpus:
    quote = c["quotes"][0]
    return _first(c, "quotes", text=quote.text + "x")


def _date_after_release(c: Corpus) -> Corpus:
    return _first(c, "appearances", date=RELEASE_DATE + dt.timedelta(days=1))


def _update_before_parent(c: Corpus) -> Corpus:
    parent = c["appearances"][0]
    child = evolve(
        parent,
        appearance_id="early-update",
        parent_id=parent.appearance_id,
        genre="update",
        date=parent.date - dt.timedelta(days=1),
    )
    return c | {"appearances": [*c["appearances"], child]}


def _reference_year_after(c: Corpus) -> Corpus:
    appearance = next(a for a in c["appearances"] if a.appearance_id == c["statistics"][0].appearance_id)
    return _first(c, "statistics", reference_year=appearance.date.year + 1)


def _low_above_high(c: Corpus) -> Corpus:
    return _first(c, "statistics", low=60.0, high=40.0, value=None)


def _unknown_topic(c: Corpus) -> Corpus:
    return _first(c, "quotes", topics=("no-such-topic",))


def _bad_vocabulary(c: Corpus) -> Corpus:
    return _first(c, "place_mentions", role="somewhere")


def _percent_out_of_range(c: Corpus) -> Corpus:
    return _first(c, "statistics", value=150.0, low=None, high=None)


def _latitude_out_of_range(c: Corpus) -> Corpus:
    return _first(c, "places", latitude=95.0)


def _imprecise_date(c: Corpus) -> Corpus:
    first = c["appearances"][0]
    return _first(c, "appearances", date_precision="month", date=first.date.replace(day=15))


def _answer_without_question(c: Corpus) -> Corpus:
    return _first(c, "quotes", kind="answer", question_id=None)


def _span_outside_appearance(c: Corpus) -> Corpus:
    # Shrink the first appearance so that its first quote starts before it.
    appearance = c["appearances"][0]
    quote = next(q for q in c["quotes"] if q.appearance_id == appearance.appearance_id)
    return _first(c, "appearances", span_start=quote.span_start + 1)


def _wrong_source_digest(c: Corpus) -> Corpus:
    return _first(c, "sources", sha256="0" * 64)


def _headline_not_verbatim(c: Corpus) -> Corpus:
    appearance = c["appearances"][0]
    return _first(
        c,
        "appearances",
        headline="Zzyzx, a headline the source never writes",
        headline_start=appearance.span_start,
        headline_end=appearance.span_start + 1,
    )


def _headline_without_span(c: Corpus) -> Corpus:
    return _first(c, "appearances", headline="Zzyzx", headline_start=None, headline_end=None)


def _name_form_not_in_source(c: Corpus) -> Corpus:
    return _first(c, "people", name_forms=("Zzyzx Qqqq",))


def _same_as_itself(c: Corpus) -> Corpus:
    return _first(c, "claims", same_as=c["claims"][0].claim_id)


def _same_as_chain(c: Corpus) -> Corpus:
    first, *rest = c["claims"]
    extra = [
        evolve(first, claim_id="zz-second", same_as=first.claim_id),
        evolve(first, claim_id="zz-third", same_as="zz-second"),
    ]
    return c | {"claims": [first, *rest, *extra]}


def _malformed_erratum(c: Corpus) -> Corpus:
    erratum = Erratum(
        erratum_id="not-an-id",
        table="claims",
        key="c1",
        column="statement_en",
        old_value='"A."',
        new_value='"B."',
        reason="A reason.",
        corrected_in="1.1.0",
    )
    return c | {"errata": [erratum]}


def _mention_speaker_lost(c: Corpus) -> Corpus:
    assert c["place_mentions"][0].quote_id is not None  # the strategy's mentions lie in quotes
    return _first(c, "place_mentions", speaker_id=None)


INJECTIONS: dict[str, tuple[Callable[[Corpus], Corpus], str]] = {
    "dangling key": (_dangling_key, "foreign_key"),
    "duplicate key": (_duplicate_key, "primary_key_duplicate"),
    "span that does not match its text": (_span_mismatch, "verbatim_text"),
    "date after release": (_date_after_release, "date_range"),
    "update dated before its parent": (_update_before_parent, "child_date"),
    "reference year after its appearance": (_reference_year_after, "reference_year"),
    "low > high": (_low_above_high, "range_order"),
    "unknown topic": (_unknown_topic, "unknown_topic"),
    "value outside a vocabulary": (_bad_vocabulary, "vocabulary"),
    "percent above 100": (_percent_out_of_range, "percent_range"),
    "latitude out of range": (_latitude_out_of_range, "coordinates"),
    "month precision not on the first": (_imprecise_date, "date_precision"),
    "answer without question": (_answer_without_question, "answer_link"),
    "span outside its appearance": (_span_outside_appearance, "span_containment"),
    "source digest": (_wrong_source_digest, "source_digest"),
    "headline not the source's slice": (_headline_not_verbatim, "verbatim_headline"),
    "headline without its span": (_headline_without_span, "verbatim_headline"),
    "name form not in the source": (_name_form_not_in_source, "name_forms"),
    "same_as naming its own claim": (_same_as_itself, "same_as_chain"),
    "same_as naming a claim that has one": (_same_as_chain, "same_as_chain"),
    "erratum with a malformed id": (_malformed_erratum, "errata_row"),
    "mention speaker not its quote's": (_mention_speaker_lost, "mention_speaker"),
}


class TestInjected:
    """Every kind of injected violation is reported with the right rule."""

    @pytest.mark.parametrize("name", list(INJECTIONS))
    def test_violation_reported(self, name: str) -> None:
        """Breaking one invariant of a valid corpus yields a violation of that rule."""
        inject, rule = INJECTIONS[name]
        assert rule in RULES

        @given(corpora())
        def check(corpus: Corpus) -> None:
            assert rule in _rules(inject(corpus))

        check()

    def test_violation_names_table_key_and_values(self) -> None:
        """A violation names the table, the record's key, the rule and the offending values."""

        @given(corpora())
        def check(corpus: Corpus) -> None:
            found = validate_tables(_tables(_dangling_key(corpus)), release_date=RELEASE_DATE)
            (violation,) = [v for v in found if v.rule == "foreign_key"]
            assert violation.table == "quotes"
            assert violation.key == corpus["quotes"][0].quote_id
            assert "speaker_id 'nobody' is not a people.person_id" in violation.detail

        check()

    def test_older_version_has_its_own_schema(self) -> None:
        """1.0.1's tables pass as 1.0.1, and fail as today's schema (no errata, no new columns)."""
        data = {name: dlc.load(name, version="1.0.1") for name in dlc.tables("1.0.1")}
        assert validate_tables(data, release_date=RELEASE_DATE, version="1.0.1") == []
        rules = {v.rule for v in validate_tables(data, release_date=RELEASE_DATE)}
        assert rules == {"missing_table", "schema"}

    def test_missing_table(self) -> None:
        """A mapping without a table reports it rather than raising."""
        data = {name: dlc.load(name) for name in dlc.tables() if name != "topics"}
        found = validate_tables(data, release_date=RELEASE_DATE, version=dlc.versions()[-1])
        assert [v.rule for v in found] == ["missing_table"]


class TestColumnsAddedLater:
    """A column added by a later version (place_mentions.speaker_id, 1.2.0) is required only from it."""

    def _without_speaker(self) -> dict[str, pa.Table]:
        data = {name: dlc.load(name, version="1.1.0") for name in dlc.tables("1.1.0")}
        assert "speaker_id" not in data["place_mentions"].column_names
        return data

    def test_older_version_may_lack_it(self) -> None:
        """Tables of 1.1.0 validate as 1.1.0."""
        assert validate_tables(self._without_speaker(), release_date=RELEASE_DATE, version="1.1.0") == []

    def test_required_from_its_version(self) -> None:
        """The same tables as 1.2.0, or with no version given, miss the column."""
        for version in ("1.2.0", None):
            found = validate_tables(self._without_speaker(), release_date=RELEASE_DATE, version=version)
            assert [(v.table, v.rule, v.detail) for v in found] == [
                ("place_mentions", "schema", "missing column 'speaker_id'")
            ]

    def test_wrong_speaker_named(self) -> None:
        """A stored speaker other than the quote's is reported with both names."""
        data = self._without_speaker()
        mentions = data["place_mentions"]
        quotes = dict(
            zip(
                data["quotes"].column("quote_id").to_pylist(),
                data["quotes"].column("speaker_id").to_pylist(),
                strict=True,
            )
        )
        speakers = [quotes.get(q) for q in mentions.column("quote_id").to_pylist()]
        first_in_quote = next(i for i, s in enumerate(speakers) if s is not None)
        other = next(
            p for p in data["people"].column("person_id").to_pylist() if p != speakers[first_in_quote]
        )
        speakers[first_in_quote] = other
        data["place_mentions"] = mentions.add_column(4, "speaker_id", pa.array(speakers, pa.string()))
        found = validate_tables(data, release_date=RELEASE_DATE, version="1.2.0")
        assert [(v.rule, v.key) for v in found] == [
            ("mention_speaker", mentions.column("mention_id")[first_in_quote].as_py())
        ]
        assert f"speaker_id {other!r}" in found[0].detail
