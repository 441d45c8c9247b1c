"""Check every invariant of the data model on a dataset version.

:func:`validate` returns a list of :class:`Violation`, empty when the version is valid.
Each violation names the table, the record's key, the rule broken and the offending
values. The rules and what they check are listed in :data:`RULES`.

Examples
--------
>>> from digital_labor_corpus import validate
>>> validate()
[]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.schema.columns import version_tuple
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.vocabularies import VOCABULARIES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["RULES", "Violation", "validate", "validate_tables"]

RULES: Final[dict[str, str]] = {
    "missing_table": "Every table of the data model is present.",
    "schema": "Every table has the columns and types of the data model.",
    "primary_key_null": "Primary keys are not null.",
    "primary_key_duplicate": "Primary keys are unique.",
    "foreign_key": "Every foreign key resolves to a record of the table it references.",
    "unknown_topic": "Every element of a topics list is a topic id.",
    "no_topic": "Every quote and claim has at least one topic.",
    "vocabulary": "Controlled columns take values from their closed vocabulary.",
    "source_digest": "A source's sha256 and n_chars match its text.",
    "span_bounds": "0 <= span_start < span_end <= the source's n_chars.",
    "verbatim_text": "A verbatim text equals the source slice of its span.",
    "verbatim_title": "An appearance's title occurs verbatim inside its span.",
    "verbatim_headline": "An appearance's headline equals the source slice [headline_start:headline_end], which lies inside its span; the three are all null or none (from 1.1.0).",
    "name_forms": "A person has at least one name form, and every name form occurs verbatim in a source (from 1.1.0).",
    "same_as_chain": "A claim's same_as names another claim that comes before it in source order and whose own same_as is null: one level, no chain (from 1.1.0).",
    "errata_row": "An erratum names a table of records, its id is corrected_in/table/key[/column], its values are JSON, and it is not dated after its version (from 1.1.0).",
    "errata_diff": "The errata of a version's own corrections equal, change for change, the record-level diff against the previous version (from 1.1.0).",
    "errata_history": "A version repeats, unchanged, every erratum the previous version shipped (from 1.1.0).",
    "span_containment": "A record's span lies inside its appearance's span (a child appearance's inside its parent's; a claim, statistic or mention inside its quote or claim).",
    "quote_paragraph": "A quote never crosses a paragraph break.",
    "answer_link": "An answer names the question it answers, a question of the same appearance; other quotes name none.",
    "date_range": "Dates lie between 1990-01-01 and the version's release date.",
    "date_precision": "A month-precision date is the first of its month; a year-precision date is 1 January.",
    "child_date": "An update, broadcast, edition, release, award, nomination or coverage item is not dated before the item it belongs to.",
    "top_level_order": "Top-level appearances, in source order, have non-increasing dates.",
    "reference_year": "A figure's reference_year is not after its appearance's year.",
    "range_order": "low <= value <= high where a range is given, and a range has both ends.",
    "percent_range": "A percentage lies in [0, 100].",
    "finite_number": "A figure's value, low and high are finite numbers: not NaN, not infinite.",
    "unit_fields": "Only money has a currency (null where the page names none), a pay rate has a period, a duration a duration_unit; only money and counts take a period.",
    "coordinates": "Latitude in [-90, 90] and longitude in [-180, 180], both or neither; every country, city and venue has them.",
    "parent_place": "A place's parent chain ends without a cycle.",
    "mention_speaker": "A place mention's speaker_id is the speaker of its quote, and null when it is in no quote (from dataset 1.2.0).",
}

_FIRST_DATE = dt.date(1990, 1, 1)
_CHILD_GENRES = frozenset({"update", "broadcast", "edition", "release", "award", "nomination", "coverage"})
_NEEDS_COORDINATES = frozenset({"country", "city", "venue"})
_VOCABULARY_COLUMNS: Final[dict[tuple[str, str], str]] = {
    (name, field.name): field.metadata["vocabulary"]
    for name, spec in TABLES.items()
    for field in attrs.fields(spec.record)
    if field.metadata.get("vocabulary")
}
_FOREIGN_KEYS: Final[dict[tuple[str, str], tuple[str, str]]] = {
    (name, field.name): tuple(field.metadata["references"].split("."))
    for name, spec in TABLES.items()
    for field in attrs.fields(spec.record)
    if field.metadata.get("references") and field.name != "topics"
}


@attrs.frozen
class Violation:
    """One broken invariant: which table and record, which rule, and the offending values."""

    table: str
    key: str | None
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.table}[{self.key}] {self.rule}: {self.detail}"


Row = dict[str, Any]


class _Checker:
    def __init__(self, rows: Mapping[str, list[Row]], release_date: dt.date) -> None:
        self.rows = rows
        self.release_date = release_date
        self.found: list[Violation] = []
        self.by_key: dict[str, dict[Any, Row]] = {
            name: {row[TABLES[name].primary_key]: row for row in table} for name, table in rows.items()
        }
        self.texts = {row["source_id"]: row["text"] for row in rows.get("sources", [])}

    def report(self, table: str, row: Row, rule: str, detail: str) -> None:
        key = row.get(TABLES[table].primary_key)  # None where the key itself is null
        self.found.append(Violation(table, None if key is None else str(key), rule, detail))

    def iter_rows(self, table: str) -> Iterator[Row]:
        yield from self.rows.get(table, [])

    # -- keys ------------------------------------------------------------------------
    def keys(self) -> None:
        for name in self.rows:
            pk = TABLES[name].primary_key
            counts = Counter(row[pk] for row in self.iter_rows(name))
            for row in self.iter_rows(name):
                if row[pk] is None:
                    self.report(name, row, "primary_key_null", f"{pk} is null")
                elif counts[row[pk]] > 1:
                    self.report(
                        name, row, "primary_key_duplicate", f"{pk} {row[pk]!r} occurs {counts[row[pk]]} times"
                    )
        for (table, column), (target, target_column) in _FOREIGN_KEYS.items():
            targets = self.by_key.get(target, {})
            for row in self.iter_rows(table):
                value = row.get(column)
                if value is not None and value not in targets:
                    self.report(
                        table, row, "foreign_key", f"{column} {value!r} is not a {target}.{target_column}"
                    )
        topics = self.by_key.get("topics", {})
        for table in ("quotes", "claims"):
            for row in self.iter_rows(table):
                if not row["topics"]:
                    self.report(table, row, "no_topic", "topics is empty")
                for topic in row["topics"] or []:
                    if topic not in topics:
                        self.report(table, row, "unknown_topic", f"topic {topic!r} is not a topics.topic_id")

    def vocabularies(self) -> None:
        for (table, column), vocabulary in _VOCABULARY_COLUMNS.items():
            accepted = VOCABULARIES[vocabulary]
            for row in self.iter_rows(table):
                value = row.get(column)
                if value is not None and value not in accepted:
                    self.report(
                        table,
                        row,
                        "vocabulary",
                        f"{column} {value!r} is not in the {vocabulary} vocabulary ({', '.join(accepted)})",
                    )

    # -- text and spans --------------------------------------------------------------
    def sources(self) -> None:
        for row in self.iter_rows("sources"):
            text = row["text"] or ""
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest != row["sha256"]:
                self.report(
                    "sources", row, "source_digest", f"sha256 {row['sha256']} but the text hashes to {digest}"
                )
            if len(text) != row["n_chars"]:
                self.report(
                    "sources", row, "source_digest", f"n_chars {row['n_chars']} but the text has {len(text)}"
                )

    def _source_text(self, row: Row) -> str | None:
        source_id = row.get("source_id")
        if source_id is None and row.get("appearance_id") in self.by_key.get("appearances", {}):
            source_id = self.by_key["appearances"][row["appearance_id"]]["source_id"]
        return self.texts.get(source_id)

    def spans(self) -> None:
        for table in ("appearances", "quotes", "claims", "statistics", "place_mentions"):
            for row in self.iter_rows(table):
                text = self._source_text(row)
                if text is None:
                    continue  # a dangling key, reported by keys()
                start, end = row["span_start"], row["span_end"]
                if not 0 <= start < end <= len(text):
                    self.report(
                        table,
                        row,
                        "span_bounds",
                        f"span [{start}:{end}] outside the source's {len(text)} characters",
                    )
                    continue
                if table != "appearances" and row["text"] != text[start:end]:
                    self.report(
                        table,
                        row,
                        "verbatim_text",
                        f"text {_short(row['text'])!r} != source[{start}:{end}] {_short(text[start:end])!r}",
                    )
                if (
                    table == "appearances"
                    and row["title"] is not None
                    and row["title"] not in text[start:end]
                ):
                    self.report(
                        table, row, "verbatim_title", f"title {_short(row['title'])!r} is not in the span"
                    )
                if table == "appearances" and "headline" in row:
                    self._headline(row, text)
                if table == "quotes" and "\n" in (row["text"] or ""):
                    self.report(table, row, "quote_paragraph", "the quote's text contains a line break")
                self._containment(table, row)

    def _headline(self, row: Row, text: str) -> None:
        headline, start, end = row["headline"], row["headline_start"], row["headline_end"]
        if headline is None and start is None and end is None:
            return
        if headline is None or start is None or end is None:
            self.report(
                "appearances",
                row,
                "verbatim_headline",
                f"headline, headline_start, headline_end must be all null or none: {_short(headline)!r}, {start}, {end}",
            )
        elif not row["span_start"] <= start < end <= row["span_end"]:
            self.report(
                "appearances",
                row,
                "verbatim_headline",
                f"headline [{start}:{end}] is not inside the span [{row['span_start']}:{row['span_end']}]",
            )
        elif text[start:end] != headline:
            self.report(
                "appearances",
                row,
                "verbatim_headline",
                f"headline {_short(headline)!r} != source[{start}:{end}] {_short(text[start:end])!r}",
            )

    def people(self) -> None:
        for row in self.iter_rows("people"):
            if "name_forms" not in row:
                return  # a version before 1.1.0
            forms = row["name_forms"] or []
            if not forms:
                self.report("people", row, "name_forms", "no name form")
            for form in forms:
                if not any(form in text for text in self.texts.values()):
                    self.report("people", row, "name_forms", f"name form {form!r} occurs in no source")

    def same_as(self) -> None:
        claims = self.by_key.get("claims", {})
        for row in self.iter_rows("claims"):
            target_id = row.get("same_as")
            target = claims.get(target_id) if target_id is not None else None
            if target is None:
                continue  # null, or a dangling key reported by keys()
            if target_id == row["claim_id"]:
                self.report("claims", row, "same_as_chain", "same_as names the claim itself")
            elif target.get("same_as") is not None:
                self.report(
                    "claims",
                    row,
                    "same_as_chain",
                    f"same_as {target_id!r} has same_as {target['same_as']!r} itself: name the group's first claim",
                )
            elif (target["span_start"], target["claim_id"]) > (row["span_start"], row["claim_id"]):
                self.report(
                    "claims",
                    row,
                    "same_as_chain",
                    f"same_as {target_id!r} comes after this claim in the source: the group's first claim carries no same_as",
                )

    def _containment(self, table: str, row: Row) -> None:
        outer: list[tuple[str, str | None]] = []
        if table == "appearances":
            outer.append(("appearances", row["parent_id"]))
        else:
            outer.append(("appearances", row["appearance_id"]))
            if table in ("claims", "statistics", "place_mentions"):
                outer.append(("quotes", row.get("quote_id")))
            if table in ("statistics", "place_mentions"):
                outer.append(("claims", row.get("claim_id")))
        for other, key in outer:
            target = self.by_key.get(other, {}).get(key) if key is not None else None
            if target is None:
                continue
            if not target["span_start"] <= row["span_start"] < row["span_end"] <= target["span_end"]:
                self.report(
                    table,
                    row,
                    "span_containment",
                    f"span [{row['span_start']}:{row['span_end']}] is not inside {other} {key!r} "
                    f"[{target['span_start']}:{target['span_end']}]",
                )

    def answers(self) -> None:
        quotes = self.by_key.get("quotes", {})
        for row in self.iter_rows("quotes"):
            question = row["question_id"]
            if row["kind"] == "answer":
                target = quotes.get(question) if question is not None else None
                if question is None:
                    self.report("quotes", row, "answer_link", "an answer with no question_id")
                elif target is not None and (
                    target["kind"] != "question" or target["appearance_id"] != row["appearance_id"]
                ):
                    self.report(
                        "quotes",
                        row,
                        "answer_link",
                        f"question_id {question!r} is not a question of the same appearance",
                    )
            elif question is not None:
                self.report("quotes", row, "answer_link", f"a {row['kind']} with question_id {question!r}")

    # -- dates -----------------------------------------------------------------------
    def dates(self) -> None:
        appearances = self.by_key.get("appearances", {})
        for row in self.iter_rows("appearances"):
            date: dt.date = row["date"]
            if not _FIRST_DATE <= date <= self.release_date:
                self.report(
                    "appearances",
                    row,
                    "date_range",
                    f"date {date} is not between {_FIRST_DATE} and the release date {self.release_date}",
                )
            precision = row["date_precision"]
            if (precision == "month" and date.day != 1) or (
                precision == "year" and (date.month, date.day) != (1, 1)
            ):
                self.report("appearances", row, "date_precision", f"date {date} with precision {precision!r}")
            parent = appearances.get(row["parent_id"])
            if parent is not None and row["genre"] in _CHILD_GENRES and date < parent["date"]:
                self.report(
                    "appearances",
                    row,
                    "child_date",
                    f"{row['genre']} dated {date}, before its parent {parent['appearance_id']!r} dated {parent['date']}",
                )
        top = sorted(
            (r for r in self.iter_rows("appearances") if r["parent_id"] is None),
            key=lambda r: (r["source_id"], r["span_start"]),
        )
        for before, after in itertools.pairwise(top):
            if before["source_id"] == after["source_id"] and after["date"] > before["date"]:
                self.report(
                    "appearances",
                    after,
                    "top_level_order",
                    f"dated {after['date']}, after {before['appearance_id']!r} dated {before['date']} earlier in the source",
                )
        for row in self.iter_rows("statistics"):
            year = row["reference_year"]
            appearance = appearances.get(row["appearance_id"])
            if year is not None and appearance is not None and year > appearance["date"].year:
                self.report(
                    "statistics",
                    row,
                    "reference_year",
                    f"reference_year {year} is after its appearance's year {appearance['date'].year}",
                )

    # -- figures and places ------------------------------------------------------------
    def figures(self) -> None:
        for row in self.iter_rows("statistics"):
            value, low, high = row["value"], row["low"], row["high"]
            if (low is None) != (high is None):
                self.report(
                    "statistics", row, "range_order", f"a range needs both ends: low={low}, high={high}"
                )
            bounded = low is not None and high is not None
            if bounded and (low > high or (value is not None and not low <= value <= high)):
                self.report("statistics", row, "range_order", f"low={low}, value={value}, high={high}")
            for name, number in (("value", value), ("low", low), ("high", high)):
                if number is not None and not math.isfinite(number):
                    self.report("statistics", row, "finite_number", f"{name} {number} is not a finite number")
            if row["unit"] == "percent":
                for name, number in (("value", value), ("low", low), ("high", high)):
                    if number is not None and not 0 <= number <= 100:
                        self.report(
                            "statistics",
                            row,
                            "percent_range",
                            f"{name} {number} is not a percentage in [0, 100]",
                        )
            self._unit_fields(row)

    def _unit_fields(self, row: Row) -> None:
        unit = row["unit"]
        money = unit in ("currency", "currency_rate")
        problems = []
        if not money and row["currency"] is not None:  # money names a currency only where the page does
            problems.append(f"currency={row['currency']!r}")
        if unit == "currency_rate" and row["per"] is None:
            problems.append("per=None")
        if unit not in ("currency", "currency_rate", "count") and row["per"] is not None:
            problems.append(f"per={row['per']!r}")
        if (unit == "duration") != (row["duration_unit"] is not None):
            problems.append(f"duration_unit={row['duration_unit']!r}")
        if problems:
            self.report("statistics", row, "unit_fields", f"unit {unit!r} with {', '.join(problems)}")

    def mention_speakers(self) -> None:
        quotes = self.by_key.get("quotes", {})
        for row in self.iter_rows("place_mentions"):
            if "speaker_id" not in row:
                return  # a version before the column (before 1.2.0): nothing to check
            quote = quotes.get(row["quote_id"]) if row["quote_id"] is not None else None
            if row["quote_id"] is not None and quote is None:
                continue  # a dangling quote_id, reported by keys()
            expected = None if quote is None else quote["speaker_id"]
            if row["speaker_id"] != expected:
                where = (
                    "in no quote"
                    if quote is None
                    else f"in quote {row['quote_id']!r}, spoken by {expected!r}"
                )
                self.report(
                    "place_mentions",
                    row,
                    "mention_speaker",
                    f"speaker_id {row['speaker_id']!r}, but the mention is {where}",
                )

    def places(self) -> None:
        places = self.by_key.get("places", {})
        for row in self.iter_rows("places"):
            lat, lon = row["latitude"], row["longitude"]
            if (lat is None) != (lon is None):
                self.report("places", row, "coordinates", f"latitude={lat}, longitude={lon}: both or neither")
            elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
                self.report("places", row, "coordinates", f"latitude={lat}, longitude={lon} out of range")
            elif lat is None and row["kind"] in _NEEDS_COORDINATES:
                self.report("places", row, "coordinates", f"a {row['kind']} without coordinates")
            seen = {row["place_id"]}
            parent = row["parent_id"]
            while parent is not None and parent in places:
                if parent in seen:
                    self.report("places", row, "parent_place", f"parent chain loops back to {parent!r}")
                    break
                seen.add(parent)
                parent = places[parent]["parent_id"]


def _short(text: str | None, width: int = 60) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 3] + "..."


def _schema_problems(tables: Mapping[str, pa.Table], version: str | None) -> list[Violation]:
    from digital_labor_corpus.schema.arrow import arrow_schema

    found = []
    for name in tables_in(version):
        if name not in tables:
            found.append(Violation(name, None, "missing_table", f"no table {name!r}"))
            continue
        expected = arrow_schema(name, version)
        actual = tables[name].schema
        for field in expected:
            if field.name not in actual.names:
                found.append(Violation(name, None, "schema", f"missing column {field.name!r}"))
            elif not actual.field(field.name).type.equals(field.type):
                found.append(
                    Violation(
                        name,
                        None,
                        "schema",
                        f"column {field.name!r} has type {actual.field(field.name).type}, expected {field.type}",
                    )
                )
    return found


def validate_tables(
    tables: Mapping[str, pa.Table],
    *,
    release_date: dt.date,
    version: str | None = None,
    previous: Mapping[str, pa.Table] | None = None,
) -> list[Violation]:
    """Check every invariant on a mapping of table name to ``pyarrow.Table``.

    This is what :func:`validate` runs on a shipped version; use it on tables you build
    or extend yourself.

    Parameters
    ----------
    tables
        The tables, by name.
    release_date
        The version's release date (no appearance is dated after it).
    version
        The dataset version the tables are: they must have that version's tables and
        columns (1.0.x has no ``errata`` and no ``headline``); ``None``, today's schema.
    previous
        The tables of the version before, when there is one: the ``errata`` are then
        checked change for change against the diff, and against its errata.

    Examples
    --------
    >>> import datetime as dt
    >>> from digital_labor_corpus import load, tables, versions
    >>> data = {name: load(name) for name in tables()}
    >>> validate_tables(data, release_date=dt.date(2026, 11, 29), version=versions()[-1])
    []
    """
    found = _schema_problems(tables, version)
    if found:
        return found
    rows = {name: tables[name].to_pylist() for name in tables_in(version)}
    checker = _Checker(rows, release_date)
    checker.keys()
    checker.vocabularies()
    checker.sources()
    checker.spans()
    checker.answers()
    checker.dates()
    checker.figures()
    checker.places()
    checker.people()
    checker.same_as()
    if "errata" in rows:
        checker.found.extend(_errata(tables, rows["errata"], version, previous))
    checker.mention_speakers()
    return checker.found


def _errata(
    tables: Mapping[str, pa.Table],
    errata: list[Row],
    version: str | None,
    previous: Mapping[str, pa.Table] | None,
) -> list[Violation]:
    from digital_labor_corpus.checks.changes import diff_tables
    from digital_labor_corpus.checks.errata import corrections, errata_problems

    expected = None
    previous_errata = None
    if previous is not None:
        expected = corrections(diff_tables(previous, tables), previous, tables)
        previous_errata = previous["errata"].to_pylist() if "errata" in previous else []
    return [
        Violation("errata", key, rule, detail)
        for key, rule, detail in errata_problems(errata, version, expected, previous_errata)
    ]


@checked
def validate(version: str | None = None) -> list[Violation]:
    """Check every invariant of the data model on a shipped dataset version.

    Each version is checked against its own schema (the tables and columns it was
    released with). From 1.1.0, its ``errata`` are checked against the diff from the
    shipped version before it.

    Parameters
    ----------
    version
        A shipped dataset version; the newest by default.

    Returns
    -------
    list[Violation]
        Empty when the version is valid.

    Examples
    --------
    >>> validate()
    []
    """
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    manifest = store.manifest(version)
    resolved = manifest.dataset_version
    data = {name: store.table(name, resolved) for name in tables_in(resolved)}
    previous = None
    if "errata" in data:
        earlier = [v for v in store.versions() if version_tuple(v) < version_tuple(resolved)]
        if earlier:
            previous = {name: store.table(name, earlier[-1]) for name in tables_in(earlier[-1])}
    return validate_tables(data, release_date=manifest.release_date, version=resolved, previous=previous)
