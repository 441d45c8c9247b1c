"""``validate`` accepts valid corpora and reports every kind of injected violation by rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.checks.validation import RULES, Violation, validate_tables
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.convert import records_to_rows
from digital_labor_corpus.schema.records import TABLES, Erratum

from .strategies import RELEASE_DATE, WORDS, Corpus, corpora, evolve, examples


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

    def test_older_version_has_its_own_schema(self) -> None:
        """1.0.1's tables pass as 1.0.1, and fail as today's schema (no errata, no new columns)."""
        data = {name: dlc.load(name, version="1.0.1") for name in dlc.tables("1.0.1")}
        assert validate_tables(data, release_date=RELEASE_DATE, version="1.0.1") == []
        rules = {v.rule for v in validate_tables(data, release_date=RELEASE_DATE)}
        assert rules == {"missing_table", "schema"}


class TestVersionChosen:
    """``validate(version)`` checks that version, against that version's release date."""

    def test_each_version_its_own(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """1.0.0 with an item dated after its release (but before 1.0.1's) is invalid; 1.0.1 is valid."""
        from digital_labor_corpus.build.compile import write_version
        from digital_labor_corpus.store import storage

        from .versions import one_corpus, to_tables

        tables = to_tables(one_corpus())
        first = tables["appearances"].to_pylist()
        latest = max(row["date"] for row in first)
        write_version(tables, tmp_path, "1.0.0", latest - dt.timedelta(days=1))
        write_version(tables, tmp_path, "1.0.1", latest)
        monkeypatch.setattr(storage, "_SHIPPED", storage.Store(tmp_path, "t"))
        (violation,) = dlc.validate("1.0.0")
        assert (violation.table, violation.rule) == ("appearances", "date_range")
        assert violation.detail.endswith(f"the release date {latest - dt.timedelta(days=1)}")
        assert dlc.validate("1.0.1") == []
        assert dlc.validate() == []


class TestGenerated:
    """Corpora drawn to satisfy the invariants pass."""

    @given(corpora())
    def test_generated_corpus_is_valid(self, corpus: Corpus) -> None:
        """A corpus the strategy draws has no violation."""
        assert validate_tables(_tables(corpus), release_date=RELEASE_DATE) == []


# -- injections -------------------------------------------------------------------------
#
# One or more injections per rule of RULES. Each takes a valid corpus (and the hypothesis
# data object, to draw what it breaks) and returns the tables with exactly one invariant
# broken; the test asserts that exactly that rule, and no other, is reported. A rule added
# to RULES without an entry here fails TestEveryRule.

Tables = dict[str, pa.Table]


class Against(NamedTuple):
    """Tables to validate as a given version, against the tables of the version before."""

    tables: Tables
    version: str
    previous: Tables | None


Injection = Callable[[Corpus, st.DataObject], "Corpus | Tables | Against"]
NOWHERE = "nowhere"
# The genres RULES["child_date"] names: items that belong to an earlier item.
CHILD_GENRES = frozenset({"update", "broadcast", "edition", "release", "award", "nomination", "coverage"})
INJECTED = "injected"


def _first(corpus: Corpus, table: str, **changes: object) -> Corpus:
    records = list(corpus[table])
    records[0] = evolve(records[0], **changes)
    return corpus | {table: records}


def _replace(corpus: Corpus, table: str, old: Any, new: Any) -> Corpus:
    return corpus | {table: [new if r is old else r for r in corpus[table]]}


def _add(corpus: Corpus, table: str, *records: Any) -> Corpus:
    return corpus | {table: [*corpus[table], *records]}


def _text_of(corpus: Corpus, source_id: str) -> str:
    text: str = next(s.text for s in corpus["sources"] if s.source_id == source_id)
    return text


def _appearance(corpus: Corpus, appearance_id: str) -> Any:
    return next(a for a in corpus["appearances"] if a.appearance_id == appearance_id)


def _top_level(corpus: Corpus) -> list[Any]:
    return [a for a in corpus["appearances"] if a.parent_id is None]


def _last_top_level(corpus: Corpus, data: st.DataObject) -> Any:
    """A top-level appearance that is the last (earliest dated) of its source."""
    last = {a.source_id: a for a in sorted(_top_level(corpus), key=lambda a: (a.source_id, a.span_start))}
    return data.draw(st.sampled_from(sorted(last.values(), key=lambda a: a.appearance_id)))


def _child_of(parent: Any, **changes: object) -> Any:
    """A new child item of ``parent`` over the same span: an item that satisfies every rule."""
    values: dict[str, object] = {
        "appearance_id": INJECTED,
        "parent_id": parent.appearance_id,
        "genre": "coverage",
        "title": None,
        "date": parent.date,
        "date_precision": parent.date_precision,
    }
    return evolve(parent, **(values | changes))


def _quote_copy(corpus: Corpus, **changes: object) -> Any:
    """A new statement over the span of the first quote."""
    values: dict[str, object] = {"quote_id": INJECTED, "kind": "statement", "question_id": None}
    return evolve(corpus["quotes"][0], **(values | changes))


# missing_table, schema: tables rather than records


def _drop_table(c: Corpus, data: st.DataObject) -> Tables:
    name = data.draw(st.sampled_from(list(TABLES)))
    return {k: v for k, v in _tables(c).items() if k != name}


def _drop_column(c: Corpus, data: st.DataObject) -> Tables:
    tables = _tables(c)
    name = data.draw(st.sampled_from(list(TABLES)))
    column = data.draw(st.sampled_from(tables[name].column_names))
    return tables | {name: tables[name].drop_columns([column])}


def _retype_column(c: Corpus, data: st.DataObject) -> Tables:
    tables = _tables(c)
    name = data.draw(st.sampled_from(list(TABLES)))
    table = tables[name]
    index = data.draw(st.integers(0, table.num_columns - 1))
    kind = pa.int32() if pa.types.is_string(table.schema.field(index).type) else pa.string()
    return tables | {
        name: table.set_column(index, table.schema.field(index).name, pa.nulls(len(table), kind))
    }


# keys and vocabularies


def _null_key(c: Corpus, data: st.DataObject) -> Corpus:
    table = data.draw(st.sampled_from(["statistics", "place_mentions"]))  # no table references these
    return _first(c, table, **{TABLES[table].primary_key: None})


def _duplicate_key(c: Corpus, data: st.DataObject) -> Corpus:
    table = data.draw(st.sampled_from([name for name in TABLES if c[name]]))
    record = data.draw(st.sampled_from(c[table]))
    return _add(c, table, record)


# Every column that references another table's key, read from the records' metadata.
REFERENCES = [
    (name, field.name)
    for name, spec in TABLES.items()
    for field in attrs.fields(spec.record)
    if field.metadata.get("references") and field.name != "topics"
]


def _dangling(table: str, column: str) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        return _dangling_reference(c, table, column)

    return inject


def _dangling_reference(c: Corpus, table: str, column: str) -> Corpus:
    if (table, column) == ("place_mentions", "speaker_id"):
        # a mention's speaker is its quote's (mention_speaker): the quote's speaker dangles too
        mention = next(m for m in c[table] if m.quote_id is not None)
        quote = next(q for q in c["quotes"] if q.quote_id == mention.quote_id)
        said = evolve(quote, quote_id=INJECTED, speaker_id=NOWHERE, kind="statement", question_id=None)
        return _add(
            _add(c, "quotes", said),
            table,
            evolve(mention, mention_id=INJECTED, quote_id=INJECTED, speaker_id=NOWHERE),
        )
    changes: dict[str, object] = {TABLES[table].primary_key: INJECTED, column: NOWHERE}
    if table == "quotes":
        changes |= {"kind": "answer" if column == "question_id" else "statement"}
        changes.setdefault("question_id", None)
    return _add(c, table, evolve(c[table][0], **changes))


def _unknown_topic(c: Corpus, data: st.DataObject) -> Corpus:
    table = data.draw(st.sampled_from(["quotes", "claims"]))
    return _first(c, table, topics=(*c[table][0].topics, "no-such-topic"))


def _no_topic(c: Corpus, data: st.DataObject) -> Corpus:
    return _first(c, data.draw(st.sampled_from(["quotes", "claims"])), topics=())


# Every controlled column, read from the records' metadata.
CONTROLLED = [
    (name, field.name)
    for name, spec in TABLES.items()
    for field in attrs.fields(spec.record)
    if field.metadata.get("vocabulary")
]
_UNIT_OF = {"per": "count", "duration_unit": "duration", "unit": None}


def _outside_vocabulary(c: Corpus, data: st.DataObject) -> Corpus:
    table, column = data.draw(st.sampled_from(CONTROLLED))
    changes: dict[str, object] = {TABLES[table].primary_key: INJECTED, column: "not-a-value"}
    if table == "quotes":
        changes |= {"question_id": None}
    if table == "statistics":  # keep the other unit fields consistent with the unit
        changes = {"unit": _UNIT_OF[column], "currency": None, "per": None, "duration_unit": None} | changes
    return _add(c, table, evolve(c[table][0], **changes))


# text and spans


def _wrong_digest(c: Corpus, data: st.DataObject) -> Corpus:
    return _first(c, "sources", sha256=data.draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)))


def _wrong_length(c: Corpus, data: st.DataObject) -> Corpus:
    source = c["sources"][0]
    n_chars = data.draw(st.integers(0, 10 * source.n_chars).filter(lambda n: n != source.n_chars))
    return _first(c, "sources", n_chars=n_chars)


def _mention_span(c: Corpus, data: st.DataObject, span: Callable[[Any, int], tuple[int, int]]) -> Corpus:
    mention = data.draw(st.sampled_from(c["place_mentions"]))  # nothing lies inside a mention
    text = _text_of(c, _appearance(c, mention.appearance_id).source_id)
    start, end = span(mention, len(text))
    return _replace(c, "place_mentions", mention, evolve(mention, span_start=start, span_end=end))


def _end_past_text(c: Corpus, data: st.DataObject) -> Corpus:
    return _mention_span(c, data, lambda m, n: (m.span_start, n + 1))


def _empty_span(c: Corpus, data: st.DataObject) -> Corpus:
    return _mention_span(c, data, lambda m, n: (m.span_start, m.span_start))


def _reversed_span(c: Corpus, data: st.DataObject) -> Corpus:
    return _mention_span(c, data, lambda m, n: (m.span_end, m.span_start))


def _negative_start(c: Corpus, data: st.DataObject) -> Corpus:
    return _mention_span(c, data, lambda m, n: (-1, m.span_end))


def _text_not_verbatim(c: Corpus, data: st.DataObject) -> Corpus:
    table = data.draw(st.sampled_from(["quotes", "claims", "statistics", "place_mentions"]))
    record = data.draw(st.sampled_from(c[table]))
    changed = data.draw(
        st.sampled_from([record.text + "x", record.text[1:] or "x", record.text.upper() + "\u0301"])
    )
    return _replace(c, table, record, evolve(record, text=changed))


def _title_not_in_span(c: Corpus, data: st.DataObject) -> Corpus:
    return _first(c, "appearances", title=data.draw(st.sampled_from(["not in the span", "☃", WORDS[0] * 3])))


def _shrink(c: Corpus, table: str, outer: Any, start: int) -> Corpus:
    """``outer`` made to start at ``start``, its own text or title kept valid."""
    assume(start < outer.span_end)  # a one-character inner record at the outer's end cannot be cut off
    changes: dict[str, object] = {"span_start": start}
    if table == "appearances":
        changes |= {"title": None, "headline": None, "headline_start": None, "headline_end": None}
    else:
        text = _text_of(c, _appearance(c, outer.appearance_id).source_id)
        changes["text"] = text[start : outer.span_end]
    return _replace(c, table, outer, evolve(outer, **changes))


def _quote_outside_appearance(c: Corpus, data: st.DataObject) -> Corpus:
    quote = data.draw(st.sampled_from(c["quotes"]))
    return _shrink(c, "appearances", _appearance(c, quote.appearance_id), quote.span_start + 1)


def _child_outside_parent(c: Corpus, data: st.DataObject) -> Corpus:
    parent = data.draw(st.sampled_from(_top_level(c)))
    c = _add(c, "appearances", _child_of(parent))
    return _shrink(c, "appearances", parent, parent.span_start + 1)


def _claim_outside_quote(c: Corpus, data: st.DataObject) -> Corpus:
    claim = data.draw(st.sampled_from([k for k in c["claims"] if k.quote_id is not None]))
    quote = next(q for q in c["quotes"] if q.quote_id == claim.quote_id)
    return _shrink(c, "quotes", quote, claim.span_start + 1)


def _statistic_outside_claim(c: Corpus, data: st.DataObject) -> Corpus:
    statistic = data.draw(st.sampled_from(c["statistics"]))
    claim = next(k for k in c["claims"] if k.claim_id == statistic.claim_id)
    return _shrink(c, "claims", claim, statistic.span_start + 1)


def _quote_across_paragraphs(c: Corpus, data: st.DataObject) -> Corpus:
    first = c["appearances"][0]  # the strategy gives it two paragraphs
    text = _text_of(c, first.source_id)
    quote = _quote_copy(
        c,
        appearance_id=first.appearance_id,
        source_id=first.source_id,
        span_start=first.span_start,
        span_end=first.span_end,
        text=text[first.span_start : first.span_end],
    )
    return _add(c, "quotes", quote)


def _answer_without_question(c: Corpus, data: st.DataObject) -> Corpus:
    return _add(c, "quotes", _quote_copy(c, kind="answer"))


def _statement_with_question(c: Corpus, data: st.DataObject) -> Corpus:
    kind = data.draw(st.sampled_from(["statement", "question"]))
    return _add(c, "quotes", _quote_copy(c, kind=kind, question_id=c["quotes"][0].quote_id))


def _answer_to_a_statement(c: Corpus, data: st.DataObject) -> Corpus:
    statement = _quote_copy(c, quote_id="injected-statement")
    return _add(c, "quotes", statement, _quote_copy(c, kind="answer", question_id="injected-statement"))


def _answer_to_another_appearance(c: Corpus, data: st.DataObject) -> Corpus:
    questions = [q for q in c["quotes"] if q.kind == "question"]
    question = data.draw(st.sampled_from(questions))
    others = [q for q in c["quotes"] if q.appearance_id != question.appearance_id]
    assume(others)
    other = data.draw(st.sampled_from(others))
    return _add(c, "quotes", evolve(other, quote_id=INJECTED, kind="answer", question_id=question.quote_id))


# dates


def _date_before_1990(c: Corpus, data: st.DataObject) -> Corpus:
    last = _last_top_level(c, data)
    date = data.draw(st.dates(max_value=dt.date(1989, 12, 31)))  # as far back as year 1
    statistics = [
        evolve(s, reference_year=None) if s.appearance_id == last.appearance_id else s
        for s in c["statistics"]
    ]
    c = _replace(c, "appearances", last, evolve(last, date=date, date_precision="day"))
    return c | {"statistics": statistics}


def _date_after_release(c: Corpus, data: st.DataObject) -> Corpus:
    top = data.draw(st.sampled_from(_top_level(c)))
    top_of_source = min(
        (a for a in _top_level(c) if a.source_id == top.source_id), key=lambda a: a.span_start
    )
    date = RELEASE_DATE + dt.timedelta(days=data.draw(st.integers(1, 3650)))
    kept = [a for a in c["appearances"] if a.parent_id != top_of_source.appearance_id]
    c = c | {"appearances": kept}
    return _replace(c, "appearances", top_of_source, evolve(top_of_source, date=date, date_precision="day"))


_LATE = st.dates(dt.date(2026, 1, 1), RELEASE_DATE)  # after every top-level date the strategy draws


def _imprecise(precision: str, condition: Callable[[dt.date], bool]) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        parent = data.draw(st.sampled_from(_top_level(c)))
        date = data.draw(_LATE.filter(condition))
        return _add(c, "appearances", _child_of(parent, date=date, date_precision=precision))

    return inject


def _child_before_parent(c: Corpus, data: st.DataObject) -> Corpus:
    parent = data.draw(st.sampled_from(_top_level(c)))
    assume(parent.date > dt.date(1990, 1, 1))
    genre = data.draw(st.sampled_from(sorted(CHILD_GENRES)))
    days = data.draw(st.integers(1, (parent.date - dt.date(1990, 1, 1)).days))
    date = parent.date - dt.timedelta(days=days)
    return _add(c, "appearances", _child_of(parent, genre=genre, date=date, date_precision="day"))


def _top_level_later_than_previous(c: Corpus, data: st.DataObject) -> Corpus:
    last = _last_top_level(c, data)
    later = last.date + dt.timedelta(days=data.draw(st.integers(1, 365)))
    return _add(c, "appearances", evolve(last, appearance_id=INJECTED, date=later, date_precision="day"))


def _reference_year_after(c: Corpus, data: st.DataObject) -> Corpus:
    statistic = data.draw(st.sampled_from(c["statistics"]))
    year = _appearance(c, statistic.appearance_id).date.year + data.draw(st.integers(1, 100))
    return _replace(c, "statistics", statistic, evolve(statistic, reference_year=year))


# figures


def _figure(c: Corpus, **changes: object) -> Corpus:
    """The first statistic as a figure of ``changes`` (a count with no range unless given)."""
    values: dict[str, object] = {
        "unit": "count",
        "currency": None,
        "per": None,
        "duration_unit": None,
        "value": 1.0,
        "low": None,
        "high": None,
    }
    return _first(c, "statistics", **(values | changes))


_NUMBER = st.floats(-1e9, 1e9)


def _low_above_high(c: Corpus, data: st.DataObject) -> Corpus:
    high = data.draw(_NUMBER)
    low = data.draw(st.floats(high, 2e9, exclude_min=True))
    return _figure(c, low=low, high=high, value=None)


def _value_outside_range(c: Corpus, data: st.DataObject) -> Corpus:
    low = data.draw(_NUMBER)
    high = data.draw(st.floats(low, 2e9))
    below = data.draw(st.booleans())
    value = data.draw(
        st.floats(-2e9, low, exclude_max=True) if below else st.floats(high, 3e9, exclude_min=True)
    )
    return _figure(c, low=low, high=high, value=value)


def _half_range(c: Corpus, data: st.DataObject) -> Corpus:
    end = data.draw(st.sampled_from(["low", "high"]))
    return _figure(c, value=None, **{end: data.draw(_NUMBER)})


_NOT_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])


def _value_not_finite(c: Corpus, data: st.DataObject) -> Corpus:
    unit = data.draw(st.sampled_from(["count", "age", "currency", "currency_rate", "duration"]))
    return _figure(
        c,
        unit=unit,
        value=data.draw(_NOT_FINITE),
        currency="EUR" if unit.startswith("currency") else None,
        per="hour" if unit == "currency_rate" else None,
        duration_unit="day" if unit == "duration" else None,
    )


def _range_end_not_finite(c: Corpus, data: st.DataObject) -> Corpus:
    # NaN compares false both ways, so no bound of range_order catches it: only finite_number
    if data.draw(st.booleans()):
        return _figure(c, value=None, low=math.nan, high=data.draw(_NUMBER))
    return _figure(
        c, value=None, low=data.draw(_NUMBER), high=data.draw(st.sampled_from([math.nan, math.inf]))
    )


def _percent(field: str, numbers: st.SearchStrategy[float]) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        number = data.draw(numbers)
        if field == "value":
            return _figure(c, unit="percent", value=number)
        other, bound = {"low": ("high", 100.0), "high": ("low", 0.0)}[field]
        return _figure(c, unit="percent", value=None, **{field: number, other: bound})

    return inject


_ABOVE_100 = st.floats(100, 1e12, exclude_min=True)
_BELOW_0 = st.floats(-1e12, 0, exclude_max=True)


def _currency_not_money(c: Corpus, data: st.DataObject) -> Corpus:
    unit = data.draw(st.sampled_from(["percent", "count", "age", "duration"]))
    return _figure(c, unit=unit, currency="EUR", duration_unit="hour" if unit == "duration" else None)


def _rate_without_period(c: Corpus, data: st.DataObject) -> Corpus:
    return _figure(c, unit="currency_rate", currency="USD", per=None)


def _period_not_money_or_count(c: Corpus, data: st.DataObject) -> Corpus:
    unit = data.draw(st.sampled_from(["percent", "age", "duration"]))
    return _figure(c, unit=unit, per="day", duration_unit="day" if unit == "duration" else None)


def _duration_without_unit(c: Corpus, data: st.DataObject) -> Corpus:
    return _figure(c, unit="duration", duration_unit=None)


def _duration_unit_not_duration(c: Corpus, data: st.DataObject) -> Corpus:
    unit = data.draw(st.sampled_from(["percent", "count", "age"]))
    return _figure(c, unit=unit, duration_unit="week")


# headlines, name forms, same_as links (from 1.1.0)


def _headline_of(c: Corpus, data: st.DataObject) -> tuple[Any, str]:
    appearance = data.draw(st.sampled_from(c["appearances"]))
    return appearance, _text_of(c, appearance.source_id)


def _headline_not_verbatim(c: Corpus, data: st.DataObject) -> Corpus:
    appearance, text = _headline_of(c, data)
    start, end = appearance.span_start, appearance.span_end
    headline = data.draw(st.sampled_from([text[start:end] + "x", text[start + 1 : end] + "\u0301", "Zzyzx"]))
    changed = evolve(appearance, headline=headline, headline_start=start, headline_end=end)
    return _replace(c, "appearances", appearance, changed)


def _headline_outside_span(c: Corpus, data: st.DataObject) -> Corpus:
    appearance, text = _headline_of(c, data)
    start, end = appearance.span_start, appearance.span_end + data.draw(st.integers(1, 5))
    changed = evolve(appearance, headline=text[start:end], headline_start=start, headline_end=end)
    return _replace(c, "appearances", appearance, changed)


def _headline_empty_span(c: Corpus, data: st.DataObject) -> Corpus:
    appearance, _ = _headline_of(c, data)
    at = appearance.span_start
    changed = evolve(appearance, headline="", headline_start=at, headline_end=at)
    return _replace(c, "appearances", appearance, changed)


def _headline_part_null(c: Corpus, data: st.DataObject) -> Corpus:
    appearance, text = _headline_of(c, data)
    start, end = appearance.span_start, appearance.span_end
    values = {"headline": text[start:end], "headline_start": start, "headline_end": end}
    nulled = data.draw(st.sets(st.sampled_from(sorted(values)), min_size=1, max_size=2))
    return _replace(c, "appearances", appearance, evolve(appearance, **(values | dict.fromkeys(nulled))))


def _no_name_form(c: Corpus, data: st.DataObject) -> Corpus:
    person = data.draw(st.sampled_from(c["people"]))
    return _replace(c, "people", person, evolve(person, name_forms=()))


def _name_form_in_no_source(c: Corpus, data: st.DataObject) -> Corpus:
    person = data.draw(st.sampled_from(c["people"]))
    texts = [s.text for s in c["sources"]]
    form = data.draw(st.text(min_size=1, max_size=20).filter(lambda f: not any(f in t for t in texts)))
    forms = list(person.name_forms)
    forms.insert(data.draw(st.integers(0, len(forms))), form)
    return _replace(c, "people", person, evolve(person, name_forms=tuple(forms)))


def _same_as_itself(c: Corpus, data: st.DataObject) -> Corpus:
    claim = data.draw(st.sampled_from(c["claims"]))
    return _replace(c, "claims", claim, evolve(claim, same_as=claim.claim_id))


def _same_as_chain(c: Corpus, data: st.DataObject) -> Corpus:
    first = c["claims"][0]  # src0-a0-c0, which names no claim: the ids added sort after it
    second = evolve(first, claim_id="zz-second", same_as=first.claim_id)
    return _add(c, "claims", second, evolve(first, claim_id="zz-third", same_as="zz-second"))


def _same_as_later_claim(c: Corpus, data: st.DataObject) -> Corpus:
    first = c["claims"][0]
    later = evolve(first, claim_id="zz-later", same_as=None)  # the same span, sorted after by id
    c = _replace(c, "claims", first, evolve(first, same_as="zz-later"))
    # claims that named the first now name one that names another: keep them out of the way
    c = c | {"claims": [evolve(k, same_as=None) if k.same_as == first.claim_id else k for k in c["claims"]]}
    return _add(c, "claims", later)


def _mention_speaker_wrong(c: Corpus, data: st.DataObject) -> Corpus:
    mention = data.draw(st.sampled_from(c["place_mentions"]))
    if mention.quote_id is None:  # outside a quote: any speaker is wrong
        speaker = data.draw(st.sampled_from([p.person_id for p in c["people"]]))
    else:  # in a quote: none, or someone other than the quote's speaker
        said_by = next(q.speaker_id for q in c["quotes"] if q.quote_id == mention.quote_id)
        speaker = data.draw(
            st.sampled_from([None, *(p.person_id for p in c["people"] if p.person_id != said_by)])
        )
    return _replace(c, "place_mentions", mention, evolve(mention, speaker_id=speaker))


# errata (from 1.1.0)


def _erratum(
    version: str, table: str, key: str, column: str | None, *, old: str | None, new: str | None
) -> Erratum:
    erratum_id = "/".join([version, table, key] + ([column] if column is not None else []))
    return Erratum(
        erratum_id=erratum_id,
        table=table,
        key=key,
        column=column,
        old_value=old,
        new_value=new,
        reason="The passage read again.",
        corrected_in=version,
    )


def _bad_erratum(c: Corpus, data: st.DataObject) -> Corpus:
    topic = "zz-key"  # a key no erratum the strategy draws has: one change, one erratum id
    good = _erratum("1.1.0", "topics", topic, "label_fr", old='"avant"', new=f'"{topic}"')
    wrong: dict[str, str | None] = data.draw(
        st.sampled_from(
            [
                {"erratum_id": "not-an-id"},
                {"table": "nowhere", "erratum_id": f"1.1.0/nowhere/{topic}/label_fr"},
                {"table": "errata", "erratum_id": f"1.1.0/errata/{topic}/label_fr"},
                {"old_value": "{not json"},
                {"new_value": "[1, 2"},
                {"old_value": '"same"', "new_value": '"same"'},
                {"old_value": '"same"', "new_value": '  "same"'},
                {
                    "column": None,
                    "erratum_id": f"1.1.0/topics/{topic}",
                },  # both values: neither added nor withdrawn
                {"column": None, "erratum_id": f"1.1.0/topics/{topic}", "old_value": None, "new_value": None},
            ]
        )
    )
    return c | {"errata": [*c["errata"], evolve(good, **wrong)]}


def _erratum_after_its_version(c: Corpus, data: st.DataObject) -> Against:
    topic = c["topics"][0].topic_id
    late = data.draw(st.sampled_from(["1.1.1", "1.2.0", "2.0.0"]))
    errata = [_erratum(late, "topics", topic, "label_fr", old='"avant"', new=f'"{topic}"')]
    return Against(_tables(c | {"errata": errata}), "1.1.0", None)


PREVIOUS, CURRENT = "1.1.1", "1.2.0"


def _corrected(c: Corpus, data: st.DataObject) -> tuple[Corpus, Corpus]:
    """A version before (its errata: a history) and this version, which changes one claim and says so."""
    history = [e for e in c["errata"] if e.corrected_in in ("1.1.0", PREVIOUS)]
    topic = c["topics"][0].topic_id
    history.append(_erratum("1.1.0", "topics", topic, "label_fr", old='"avant"', new=f'"{topic}"'))
    history = list({e.erratum_id: e for e in history}.values())
    claim = data.draw(st.sampled_from(c["claims"]))
    statement = data.draw(
        st.sampled_from(["Something else holds.", "Quelque chose «\u00a0tient\u00a0».", "𝕏"])
    )
    own = _erratum(
        CURRENT,
        "claims",
        claim.claim_id,
        "statement_en",
        old=json.dumps(claim.statement_en),
        new=json.dumps(
            statement, ensure_ascii=data.draw(st.booleans())
        ),  # read as JSON, not compared as text
    )
    before = c | {"errata": history}
    after = _replace(c, "claims", claim, evolve(claim, statement_en=statement)) | {"errata": [*history, own]}
    return before, after


def _against(before: Corpus, after: Corpus) -> Against:
    return Against(_tables(after), CURRENT, _tables(before))


def _change_without_erratum(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    return _against(before, after | {"errata": after["errata"][:-1]})


def _erratum_without_change(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    return _against(before, after | {"claims": before["claims"]})


def _erratum_with_wrong_value(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    *history, own = after["errata"]
    which = data.draw(st.sampled_from(["old_value", "new_value"]))
    return _against(before, after | {"errata": [*history, evolve(own, **{which: '"Not what it was."'})]})


def _history_dropped(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    *history, own = after["errata"]
    dropped = data.draw(st.integers(0, len(history) - 1))
    return _against(before, after | {"errata": [*history[:dropped], *history[dropped + 1 :], own]})


def _history_rewritten(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    *history, own = after["errata"]
    index = data.draw(st.integers(0, len(history) - 1))
    history[index] = evolve(history[index], reason="Another reason, given later.")
    return _against(before, after | {"errata": [*history, own]})


def _history_invented(c: Corpus, data: st.DataObject) -> Against:
    before, after = _corrected(c, data)
    invented = _erratum(
        PREVIOUS, "people", "zz-nobody", None, old=None, new=json.dumps({"person_id": "zz-nobody"})
    )
    return _against(before, after | {"errata": [invented, *after["errata"]]})


# places


def _coordinates(**changes: object) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        return _first(c, "places", **changes)  # the first place is a country, with coordinates

    return inject


def _out_of_bounds(field: str, numbers: st.SearchStrategy[float]) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        return _first(c, "places", **{field: data.draw(numbers)})

    return inject


def _located_kind_without_coordinates(c: Corpus, data: st.DataObject) -> Corpus:
    kind = data.draw(st.sampled_from(["country", "city", "venue"]))
    return _first(c, "places", kind=kind, latitude=None, longitude=None)


def _place_is_its_own_parent(c: Corpus, data: st.DataObject) -> Corpus:
    place = data.draw(st.sampled_from(c["places"]))
    return _replace(c, "places", place, evolve(place, parent_id=place.place_id))


def _parent_cycle(c: Corpus, data: st.DataObject) -> Corpus:
    size = data.draw(st.integers(2, 4))
    region = evolve(c["places"][0], kind="region", latitude=None, longitude=None)
    loop = [evolve(region, place_id=f"loop-{i}", parent_id=f"loop-{(i + 1) % size}") for i in range(size)]
    return _add(c, "places", *loop)


INJECTIONS: dict[str, dict[str, Injection]] = {
    "missing_table": {"a table left out": _drop_table},
    "schema": {"a column left out": _drop_column, "a column of another type": _retype_column},
    "primary_key_null": {"a null key": _null_key},
    "primary_key_duplicate": {"a record twice": _duplicate_key},
    "foreign_key": {
        f"{table}.{column} of no record": _dangling(table, column) for table, column in REFERENCES
    },
    "unknown_topic": {"a topic id of no topic": _unknown_topic},
    "no_topic": {"an empty topics list": _no_topic},
    "vocabulary": {"a value outside the vocabulary": _outside_vocabulary},
    "source_digest": {"wrong sha256": _wrong_digest, "wrong n_chars": _wrong_length},
    "span_bounds": {
        "end one past the text": _end_past_text,
        "empty span": _empty_span,
        "reversed span": _reversed_span,
        "negative start": _negative_start,
    },
    "verbatim_text": {"text not the source slice": _text_not_verbatim},
    "verbatim_title": {"title not in the span": _title_not_in_span},
    "verbatim_headline": {
        "headline not the source slice": _headline_not_verbatim,
        "headline span past the item's": _headline_outside_span,
        "empty headline span": _headline_empty_span,
        "one or two of the three null": _headline_part_null,
    },
    "name_forms": {"no name form": _no_name_form, "a name form in no source": _name_form_in_no_source},
    "same_as_chain": {
        "same_as naming its own claim": _same_as_itself,
        "same_as naming a claim that has one": _same_as_chain,
        "same_as naming a later claim": _same_as_later_claim,
    },
    "errata_row": {
        "a malformed erratum": _bad_erratum,
        "corrected_in after the version": _erratum_after_its_version,
    },
    "errata_diff": {
        "a change without its erratum": _change_without_erratum,
        "an erratum of no change": _erratum_without_change,
        "an erratum with another value": _erratum_with_wrong_value,
    },
    "errata_history": {
        "an earlier erratum dropped": _history_dropped,
        "an earlier erratum rewritten": _history_rewritten,
        "an earlier erratum the version before did not ship": _history_invented,
    },
    "span_containment": {
        "quote outside its appearance": _quote_outside_appearance,
        "child item outside its parent": _child_outside_parent,
        "claim outside its quote": _claim_outside_quote,
        "figure outside its claim": _statistic_outside_claim,
    },
    "quote_paragraph": {"quote across a paragraph break": _quote_across_paragraphs},
    "answer_link": {
        "answer without question": _answer_without_question,
        "question_id on a statement or question": _statement_with_question,
        "answer to a statement": _answer_to_a_statement,
        "answer to another appearance's question": _answer_to_another_appearance,
    },
    "date_range": {
        "before 1990 (even before 1900)": _date_before_1990,
        "after the release": _date_after_release,
    },
    "date_precision": {
        "month precision, not the first": _imprecise("month", lambda d: d.day != 1),
        "year precision, not the first of the month": _imprecise("year", lambda d: d.day != 1),
        "year precision, first of a month but not January": _imprecise(
            "year", lambda d: d.day == 1 and d.month != 1
        ),
    },
    "child_date": {"child item before its parent": _child_before_parent},
    "top_level_order": {"a later item after an earlier one": _top_level_later_than_previous},
    "reference_year": {"reference year after the appearance": _reference_year_after},
    "range_order": {
        "low above high": _low_above_high,
        "value outside the range": _value_outside_range,
        "one end only": _half_range,
    },
    "finite_number": {
        "NaN or infinite value, any unit": _value_not_finite,
        "NaN or infinite end of a range": _range_end_not_finite,
    },
    "percent_range": {
        "value above 100": _percent("value", _ABOVE_100),
        "value below 0": _percent("value", _BELOW_0),
        "high above 100": _percent("high", _ABOVE_100),
        "low below 0": _percent("low", _BELOW_0),
    },
    "unit_fields": {
        "currency on what is not money": _currency_not_money,
        "pay rate without period": _rate_without_period,
        "period on a percent, age or duration": _period_not_money_or_count,
        "duration without unit": _duration_without_unit,
        "duration unit on what is not a duration": _duration_unit_not_duration,
    },
    "coordinates": {
        "latitude above 90": _out_of_bounds("latitude", st.floats(90, 1e6, exclude_min=True)),
        "latitude below -90": _out_of_bounds("latitude", st.floats(-1e6, -90, exclude_max=True)),
        "longitude above 180": _out_of_bounds("longitude", st.floats(180, 1e6, exclude_min=True)),
        "longitude below -180": _out_of_bounds("longitude", st.floats(-1e6, -180, exclude_max=True)),
        "latitude NaN": _coordinates(latitude=math.nan),
        "longitude infinite": _coordinates(longitude=math.inf),
        "latitude without longitude": _coordinates(longitude=None),
        "longitude without latitude": _coordinates(latitude=None),
        "country, city or venue without coordinates": _located_kind_without_coordinates,
    },
    "parent_place": {"its own parent": _place_is_its_own_parent, "a longer cycle": _parent_cycle},
    "mention_speaker": {"a speaker not the quote's, or one outside a quote": _mention_speaker_wrong},
}

CASES = [(rule, case) for rule in RULES for case in INJECTIONS.get(rule, {"(no injection)": None})]


def _injected_tables(result: Corpus | Tables | Against) -> Tables:
    """The tables an injection returns, however it returns them."""
    if isinstance(result, Against):
        return result.tables
    if all(isinstance(v, pa.Table) for v in result.values()):
        return result
    return _tables(result)


# The rules whose violations may name no record: a table or column missing, a null key,
# a change of the diff that no erratum names.
KEYLESS = frozenset({"missing_table", "schema", "primary_key_null", "errata_diff"})


def _assert_well_formed(found: list[Violation], result: Corpus | Tables | Against) -> None:
    """Each violation names a table of the schema, a key of that table's rows (or none) and a detail.

    The keys are looked up in the tables validated and, for a version against the one
    before, in that version's tables too (an erratum may name a record since withdrawn).
    """
    from digital_labor_corpus.schema.tables import TABLES as SPECS

    tables = _injected_tables(result)
    previous = result.previous if isinstance(result, Against) and result.previous is not None else {}
    for violation in found:
        assert violation.table in SPECS, str(violation)
        assert isinstance(violation.detail, str), str(violation)
        assert violation.detail.strip(), str(violation)
        if violation.key is None:
            assert violation.rule in KEYLESS, f"{violation}: a {violation.rule} violation names its record"
            continue
        column = SPECS[violation.table].primary_key
        keys = {
            key
            for source in (tables, previous)
            if violation.table in source and column in source[violation.table].column_names
            for key in source[violation.table].column(column).to_pylist()
        }
        assert violation.key in keys, f"{violation}: no {violation.table} row has {column} {violation.key!r}"


def _validate(result: Corpus | Tables | Against) -> list[Violation]:
    """Validate what an injection returns: a corpus or tables, or tables as a version against the one before."""
    if isinstance(result, Against):
        return validate_tables(
            result.tables, release_date=RELEASE_DATE, version=result.version, previous=result.previous
        )
    if all(isinstance(v, pa.Table) for v in result.values()):
        return validate_tables(result, release_date=RELEASE_DATE)
    return validate_tables(_tables(result), release_date=RELEASE_DATE)


class TestEveryRule:
    """Every rule of RULES is injected, and each injection is reported under that rule alone."""

    def test_every_injection_names_a_rule(self) -> None:
        """No injection is kept for a rule that no longer exists."""
        assert set(INJECTIONS) <= set(RULES)

    @pytest.mark.parametrize(("rule", "case"), CASES)
    def test_injection_reported_as_its_rule_only(self, rule: str, case: str) -> None:
        """Breaking one invariant of a valid corpus yields violations of exactly that rule."""
        if rule not in INJECTIONS:
            pytest.fail(f"rule {rule!r} has no injection: add one to INJECTIONS in {__name__}")
        inject = INJECTIONS[rule][case]

        # 60-odd cases: a few examples each, new ones on every CI run
        @settings(
            max_examples=examples(10),
            suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
        )
        @given(corpora(), st.data())
        def check(corpus: Corpus, data: st.DataObject) -> None:
            injected = inject(corpus, data)
            found = _validate(injected)
            assert found, "nothing reported"
            assert {v.rule for v in found} == {rule}, [str(v) for v in found]
            _assert_well_formed(found, injected)

        check()


class TestNotFinite:
    """NaN and infinities, which the records accept, are refused; where they also break a bound, both say so."""

    @pytest.mark.parametrize(
        ("changes", "rules"),
        [
            ({"unit": "percent", "value": math.nan}, {"finite_number", "percent_range"}),
            ({"unit": "percent", "value": math.inf}, {"finite_number", "percent_range"}),
            ({"low": 1.0, "high": 2.0, "value": math.nan}, {"finite_number", "range_order"}),
            ({"low": -math.inf, "high": 2.0, "value": None}, {"finite_number"}),
            ({"low": 1.0, "high": math.inf, "value": 3.0}, {"finite_number"}),
        ],
    )
    def test_rules(self, changes: dict[str, object], rules: set[str]) -> None:
        """The statistic is reported under exactly these rules."""

        @given(corpora())
        def check(corpus: Corpus) -> None:
            found = validate_tables(_tables(_figure(corpus, **changes)), release_date=RELEASE_DATE)
            assert {v.rule for v in found} == rules

        check()

    def test_records_accept_and_parquet_keeps(self) -> None:
        """The record classes take NaN and infinities, and a Parquet round trip keeps them."""
        import io

        import pyarrow.parquet as pq

        @given(corpora(), st.sampled_from([math.nan, math.inf, -math.inf]))
        def check(corpus: Corpus, number: float) -> None:
            statistic = attrs.evolve(corpus["statistics"][0], value=number)  # runs the validators
            place = attrs.evolve(corpus["places"][0], latitude=number)
            buffer = io.BytesIO()
            pq.write_table(
                _tables(corpus | {"statistics": [statistic], "places": [place]})["statistics"], buffer
            )
            back = pq.read_table(io.BytesIO(buffer.getvalue())).column("value")[0].as_py()
            assert back == number or (math.isnan(back) and math.isnan(number))

        check()


# -- boundaries: the values at the edge of each rule are accepted ---------------------------


def _at_start_of_range(c: Corpus, data: st.DataObject) -> Corpus:
    last = _last_top_level(c, data)
    statistics = [
        evolve(s, reference_year=None) if s.appearance_id == last.appearance_id else s
        for s in c["statistics"]
    ]
    c = _replace(c, "appearances", last, evolve(last, date=dt.date(1990, 1, 1), date_precision="day"))
    return c | {"statistics": statistics}


def _on_release_date(c: Corpus, data: st.DataObject) -> Corpus:
    first = min(_top_level(c), key=lambda a: (a.source_id, a.span_start))
    kept = [a for a in c["appearances"] if a.parent_id != first.appearance_id]
    c = c | {"appearances": kept}
    return _replace(c, "appearances", first, evolve(first, date=RELEASE_DATE, date_precision="day"))


def _child_on_parent_date(c: Corpus, data: st.DataObject) -> Corpus:
    parent = data.draw(st.sampled_from(_top_level(c)))
    return _add(c, "appearances", _child_of(parent, genre=data.draw(st.sampled_from(sorted(CHILD_GENRES)))))


def _other_genre_before_parent(c: Corpus, data: st.DataObject) -> Corpus:
    parent = data.draw(st.sampled_from(_top_level(c)))
    assume(parent.date > dt.date(1990, 1, 1))
    genre = data.draw(
        st.sampled_from(["interview", "article", "documentary", "premiere", "seminar", "review"])
    )
    date = parent.date - dt.timedelta(days=1)
    return _add(c, "appearances", _child_of(parent, genre=genre, date=date, date_precision="day"))


def _same_date_as_previous(c: Corpus, data: st.DataObject) -> Corpus:
    last = _last_top_level(c, data)
    return _add(c, "appearances", evolve(last, appearance_id=INJECTED))


def _day_precision_any_day(c: Corpus, data: st.DataObject) -> Corpus:
    parent = data.draw(st.sampled_from(_top_level(c)))
    date = data.draw(_LATE.filter(lambda d: d.day != 1))
    return _add(c, "appearances", _child_of(parent, date=date, date_precision="day"))


def _reference_year_of_appearance(c: Corpus, data: st.DataObject) -> Corpus:
    statistic = data.draw(st.sampled_from(c["statistics"]))
    year = _appearance(c, statistic.appearance_id).date.year
    return _replace(c, "statistics", statistic, evolve(statistic, reference_year=year))


def _mention_of_last_word(c: Corpus, data: st.DataObject) -> Corpus:
    source = data.draw(st.sampled_from(c["sources"]))
    last = max((a for a in _top_level(c) if a.source_id == source.source_id), key=lambda a: a.span_start)
    start = source.text.rindex(" ") + 1
    mention: Any = evolve(
        c["place_mentions"][0],
        mention_id=INJECTED,
        appearance_id=last.appearance_id,
        quote_id=None,
        speaker_id=None,  # in no quote
        claim_id=None,
        text=source.text[start:],
        span_start=start,
        span_end=len(source.text),
    )
    assert mention.span_end == source.n_chars
    return _add(c, "place_mentions", mention)


def _edges(**changes: object) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        return _figure(c, **changes)

    return inject


def _place_at(latitude: float, longitude: float) -> Injection:
    def inject(c: Corpus, data: st.DataObject) -> Corpus:
        return _first(c, "places", latitude=latitude, longitude=longitude)

    return inject


def _unlocated_region(c: Corpus, data: st.DataObject) -> Corpus:
    kind = data.draw(st.sampled_from(["region", "continent", "subdivision"]))
    return _first(c, "places", kind=kind, latitude=None, longitude=None)


def _headline_whole_span(c: Corpus, data: st.DataObject) -> Corpus:
    appearance, text = _headline_of(c, data)
    start, end = appearance.span_start, appearance.span_end
    return _replace(
        c,
        "appearances",
        appearance,
        evolve(appearance, headline=text[start:end], headline_start=start, headline_end=end),
    )


def _name_form_whole_source(c: Corpus, data: st.DataObject) -> Corpus:
    person = data.draw(st.sampled_from(c["people"]))
    source = data.draw(st.sampled_from(c["sources"]))
    return _replace(c, "people", person, evolve(person, name_forms=(source.text,)))


def _same_as_same_span_smaller_id(c: Corpus, data: st.DataObject) -> Corpus:
    first = c["claims"][0]
    return _add(c, "claims", evolve(first, claim_id="zz-again", same_as=first.claim_id))


def _corrected_version(c: Corpus, data: st.DataObject) -> Against:
    return _against(*_corrected(c, data))


def _erratum_in_its_version(c: Corpus, data: st.DataObject) -> Against:
    topic = c["topics"][0].topic_id
    errata = [_erratum("1.1.0", "topics", topic, "label_fr", old='"avant"', new=f'"{topic}"')]
    return Against(_tables(c | {"errata": errata}), "1.1.0", None)


BOUNDARIES: dict[str, Injection] = {
    "a headline the item's whole span": _headline_whole_span,
    "a name form a whole source": _name_form_whole_source,
    "same_as a claim over the same span, sorted before": _same_as_same_span_smaller_id,
    "a version whose errata say its change and repeat the history": _corrected_version,
    "an erratum corrected in the version checked": _erratum_in_its_version,
    "money with a value and no currency": _edges(unit="currency", value=12.0, currency=None),
    "a pay rate with a range and no currency": _edges(
        unit="currency_rate", value=None, low=1.0, high=2.0, currency=None, per="hour"
    ),
    "dated 1990-01-01": _at_start_of_range,
    "dated on the release date": _on_release_date,
    "child item dated as its parent": _child_on_parent_date,
    "an item of another genre before its parent": _other_genre_before_parent,
    "two top-level items of the same date": _same_date_as_previous,
    "day precision on any day": _day_precision_any_day,
    "reference year the appearance's year": _reference_year_of_appearance,
    "a span ending at the source's last character": _mention_of_last_word,
    "percent 0": _edges(unit="percent", value=0.0),
    "percent 100": _edges(unit="percent", value=100.0),
    "percent range 0 to 100": _edges(unit="percent", value=None, low=0.0, high=100.0),
    "low = value = high": _edges(value=7.0, low=7.0, high=7.0),
    "value on the low end": _edges(value=-3.0, low=-3.0, high=5.0),
    "value on the high end": _edges(value=5.0, low=-3.0, high=5.0),
    "money given only in words, no currency": _edges(unit="currency", value=None, currency=None),
    "a range of money in words has a currency": _edges(unit="currency", value=None, currency="EUR"),
    "a count per year": _edges(unit="count", per="year"),
    "a yearly amount": _edges(unit="currency", currency="EUR", per="year"),
    "a pay rate": _edges(unit="currency_rate", currency="MGA", per="hour"),
    "a duration in weeks": _edges(unit="duration", duration_unit="week"),
    "an age": _edges(unit="age"),
    "latitude 90, longitude 180": _place_at(90.0, 180.0),
    "latitude -90, longitude -180": _place_at(-90.0, -180.0),
    "latitude 0, longitude 0": _place_at(0.0, 0.0),
    "a region without coordinates": _unlocated_region,
}


class TestBoundaries:
    """The values at the edge of each rule are accepted: a rule must not refuse what it allows."""

    @pytest.mark.parametrize("case", list(BOUNDARIES))
    def test_accepted(self, case: str) -> None:
        """The corpus, changed to sit on the boundary, has no violation."""
        change = BOUNDARIES[case]

        @settings(
            max_examples=examples(10),
            suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
        )
        @given(corpora(), st.data())
        def check(corpus: Corpus, data: st.DataObject) -> None:
            found = _validate(change(corpus, data))
            assert found == [], [str(v) for v in found]

        check()


class TestViolationText:
    """How a violation reads."""

    def test_str(self) -> None:
        """``table[key] rule: detail``, the key None when the record has none."""
        from digital_labor_corpus.checks.validation import Violation

        assert str(Violation("quotes", "q-1", "foreign_key", "speaker_id 'x'")) == (
            "quotes[q-1] foreign_key: speaker_id 'x'"
        )
        assert str(Violation("topics", None, "missing_table", "no table 'topics'")) == (
            "topics[None] missing_table: no table 'topics'"
        )

    def test_long_texts_are_cut(self) -> None:
        """A verbatim mismatch quotes both texts, each cut to 60 characters with an ellipsis."""

        @given(corpora())
        def check(corpus: Corpus) -> None:
            quote = corpus["quotes"][0]
            long = "y" * 61
            found = validate_tables(_tables(_first(corpus, "quotes", text=long)), release_date=RELEASE_DATE)
            (violation,) = found
            assert violation.detail.startswith(f"text {'y' * 57 + '...'!r} != source[")
            short = "y" * 60
            found = validate_tables(_tables(_first(corpus, "quotes", text=short)), release_date=RELEASE_DATE)
            assert found[0].detail.startswith(
                f"text {short!r} != source[{quote.span_start}:{quote.span_end}]"
            )

        check()

    def test_null_key(self) -> None:
        """A record whose key is null is reported with key None."""

        @given(corpora())
        def check(corpus: Corpus) -> None:
            found = validate_tables(
                _tables(_first(corpus, "statistics", statistic_id=None)), release_date=RELEASE_DATE
            )
            assert [(v.table, v.key, v.rule, v.detail) for v in found] == [
                ("statistics", None, "primary_key_null", "statistic_id is null")
            ]

        check()

    def test_missing_column_named(self) -> None:
        """A schema problem names the column and the types."""

        @given(corpora())
        def check(corpus: Corpus) -> None:
            tables = _tables(corpus)
            tables["topics"] = tables["topics"].drop_columns(["label_fr"])
            assert [str(v) for v in validate_tables(tables, release_date=RELEASE_DATE)] == [
                "topics[None] schema: missing column 'label_fr'"
            ]
            tables = _tables(corpus)
            quotes = tables["quotes"]
            index = quotes.column_names.index("span_end")
            tables["quotes"] = quotes.set_column(
                index, "span_end", quotes.column("span_end").cast(pa.int32())
            )
            assert [str(v) for v in validate_tables(tables, release_date=RELEASE_DATE)] == [
                "quotes[None] schema: column 'span_end' has type int32, expected int64"
            ]

        check()


def _dangling_key(c: Corpus) -> Corpus:
    return _first(c, "quotes", speaker_id="nobody")


class TestViolation:
    """A violation says where and what."""

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


class TestShippedRecordsBroken:
    """One record of the newest shipped version broken by hand; the violation, word for word.

    The shipped tables validate clean (``TestVersionChosen``); each test changes one value and
    expects exactly one violation, its table, key, rule and detail written out by hand.
    """

    @staticmethod
    def _tables() -> dict[str, pa.Table]:
        return {name: dlc.load(name) for name in dlc.tables()}

    @staticmethod
    def _with(tables: dict[str, pa.Table], name: str, key: str, **changes: Any) -> dict[str, pa.Table]:
        column = TABLES[name].primary_key
        rows = [row | changes if row[column] == key else row for row in tables[name].to_pylist()]
        return tables | {name: pa.Table.from_pylist(rows, schema=tables[name].schema)}

    @staticmethod
    def _validate(tables: dict[str, pa.Table]) -> list[tuple[str, str | None, str, str]]:
        release = dlc.open().release_date
        assert release is not None
        found = validate_tables(tables, release_date=release, version=dlc.versions()[-1])
        return [(v.table, v.key, v.rule, v.detail) for v in found]

    def _outside_its_quote(self, name: str) -> None:
        """A record of ``name`` moved to another quote of its appearance, which does not hold it."""
        tables = self._tables()
        quotes = {q["quote_id"]: q for q in tables["quotes"].to_pylist()}
        key_column = TABLES[name].primary_key
        for row in tables[name].to_pylist():
            if row["quote_id"] is None:
                continue
            others = [
                q
                for q in quotes.values()
                if q["appearance_id"] == row["appearance_id"]
                and not q["span_start"] <= row["span_start"] < row["span_end"] <= q["span_end"]
            ]
            if others:
                other = others[0]
                break
        else:
            pytest.fail(f"no {name} row with another quote in its appearance")
        changed = self._with(tables, name, row[key_column], quote_id=other["quote_id"])
        changes = {"speaker_id": other["speaker_id"]} if name == "place_mentions" else {}
        if changes:
            changed = self._with(changed, name, row[key_column], **changes)
        assert self._validate(changed) == [
            (
                name,
                row[key_column],
                "span_containment",
                f"span [{row['span_start']}:{row['span_end']}] is not inside quotes {other['quote_id']!r} "
                f"[{other['span_start']}:{other['span_end']}]",
            )
        ]

    def test_a_figure_outside_its_quote(self) -> None:
        self._outside_its_quote("statistics")

    def test_a_mention_outside_its_quote(self) -> None:
        self._outside_its_quote("place_mentions")

    def test_a_headline_without_its_text(self) -> None:
        tables = self._tables()
        row = next(r for r in tables["appearances"].to_pylist() if r["headline"] is not None)
        changed = self._with(tables, "appearances", row["appearance_id"], headline=None)
        assert self._validate(changed) == [
            (
                "appearances",
                row["appearance_id"],
                "verbatim_headline",
                "headline, headline_start, headline_end must be all null or none: "
                f"None, {row['headline_start']}, {row['headline_end']}",
            )
        ]

    def test_a_figure_without_its_unit_fields(self) -> None:
        tables = self._tables()
        row = next(r for r in tables["statistics"].to_pylist() if r["unit"] == "currency_rate")
        changed = self._with(tables, "statistics", row["statistic_id"], per=None, duration_unit="hour")
        assert self._validate(changed) == [
            (
                "statistics",
                row["statistic_id"],
                "unit_fields",
                "unit 'currency_rate' with per=None, duration_unit='hour'",
            )
        ]

    @pytest.mark.parametrize("column", ["value", "low", "high"])
    def test_a_figure_that_is_not_finite_names_its_column(self, column: str) -> None:
        tables = self._tables()
        row = next(
            r for r in tables["statistics"].to_pylist() if r["unit"] == "count" and r["value"] is not None
        )
        changes: dict[str, Any] = {"value": None, "low": None, "high": None} | {column: math.inf}
        if column != "value":
            changes |= (
                {"low": -math.inf, "high": math.inf} if column == "high" else {"low": -math.inf, "high": 0.0}
            )
        changed = self._with(tables, "statistics", row["statistic_id"], **changes)
        found = self._validate(changed)
        assert (
            "statistics",
            row["statistic_id"],
            "finite_number",
            f"{column} {changes[column]} is not a finite number",
        ) in found
        assert {rule for _, _, rule, _ in found} == {"finite_number"}

    def test_a_headline_without_its_start(self) -> None:
        tables = self._tables()
        row = next(r for r in tables["appearances"].to_pylist() if r["headline"] is not None)
        changed = self._with(tables, "appearances", row["appearance_id"], headline_start=None)
        headline = row["headline"] if len(row["headline"]) <= 60 else row["headline"][:57] + "..."
        assert self._validate(changed) == [
            (
                "appearances",
                row["appearance_id"],
                "verbatim_headline",
                f"headline, headline_start, headline_end must be all null or none: {headline!r}, None, "
                f"{row['headline_end']}",
            )
        ]

    def test_a_record_is_checked_against_its_own_source(self) -> None:
        """Offsets point into the row's own source (the data model), not its appearance's: a quote
        moved to a second source, whose text holds it ten characters later, stays valid there, and
        is refused when its offsets are left as they were."""
        tables = self._tables()
        source = tables["sources"].to_pylist()[0]
        text = "0123456789" + source["text"]
        other = source | {
            "source_id": "second-source",
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "n_chars": len(text),
        }
        tables = tables | {"sources": pa.Table.from_pylist([source, other], schema=tables["sources"].schema)}
        held = {
            row["quote_id"]
            for name in ("claims", "statistics", "place_mentions")
            for row in tables[name].to_pylist()
        }  # a quote nothing is inside of, so that no containment spans the two sources
        quote = next(q for q in tables["quotes"].to_pylist() if q["quote_id"] not in held)
        moved = self._with(
            tables,
            "quotes",
            quote["quote_id"],
            source_id="second-source",
            span_start=quote["span_start"] + 10,
            span_end=quote["span_end"] + 10,
        )
        assert self._validate(moved) == []
        unshifted = self._with(tables, "quotes", quote["quote_id"], source_id="second-source")
        assert [(table, key, rule) for table, key, rule, _ in self._validate(unshifted)] == [
            ("quotes", quote["quote_id"], "verbatim_text")
        ]

    def test_a_missing_table_is_reported_not_raised(self) -> None:
        """Without its appearances table, a version is reported as missing it: nothing raises."""
        tables = {name: table for name, table in self._tables().items() if name != "appearances"}
        found = self._validate(tables)
        assert ("appearances", None, "missing_table", "no table 'appearances'") in found

    def test_a_quote_without_topics(self) -> None:
        tables = self._tables()
        quote = tables["quotes"].to_pylist()[0]
        changed = self._with(tables, "quotes", quote["quote_id"], topics=[])
        assert self._validate(changed) == [("quotes", quote["quote_id"], "no_topic", "topics is empty")]

    def test_a_speaker_on_a_mention_in_no_quote(self) -> None:
        tables = self._tables()
        mention = next(m for m in tables["place_mentions"].to_pylist() if m["quote_id"] is None)
        changed = self._with(tables, "place_mentions", mention["mention_id"], speaker_id="antonio-casilli")
        assert self._validate(changed) == [
            (
                "place_mentions",
                mention["mention_id"],
                "mention_speaker",
                "speaker_id 'antonio-casilli', but the mention is in no quote",
            )
        ]

    def test_two_records_out_of_bounds_are_both_reported(self) -> None:
        tables = self._tables()
        length = len(tables["sources"].column("text")[0].as_py())
        first, second = tables["quotes"].to_pylist()[:2]
        changed = self._with(tables, "quotes", first["quote_id"], span_end=length + 1)
        changed = self._with(changed, "quotes", second["quote_id"], span_end=length + 2)
        found = [(table, key, rule) for table, key, rule, _ in self._validate(changed)]
        assert ("quotes", first["quote_id"], "span_bounds") in found
        assert ("quotes", second["quote_id"], "span_bounds") in found
