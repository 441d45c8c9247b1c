"""The corpus's tables as typed, frozen ``attrs`` records: the single source of the schema.

Each table of the data model is one record class here. Every field carries its
description (and, for controlled columns, its vocabulary and for keys the column it
references) in its ``attrs`` metadata; the Arrow schemas, the Parquet field metadata, the
loaders' docstrings and the docs are all derived from these classes, so they cannot
drift apart.

Examples
--------
>>> TABLES["quotes"].primary_key
'quote_id'
>>> [f.name for f in attrs.fields(Topic)]
['topic_id', 'label_en', 'label_fr', 'description_en']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
from attrs import validators as v

from digital_labor_corpus.schema.columns import version_tuple
from digital_labor_corpus.schema.vocabularies import (
    CLAIM_TYPE,
    DATE_PRECISION,
    DURATION_UNIT,
    GENRE,
    MEDIUM,
    PER,
    PLACE_KIND,
    QUOTE_KIND,
    ROLE,
    UNIT,
    ClaimType,
    DatePrecision,
    DurationUnit,
    Genre,
    Medium,
    Per,
    PlaceKind,
    QuoteKind,
    Role,
    Unit,
)

__all__ = [
    "TABLES",
    "Appearance",
    "Claim",
    "Erratum",
    "Person",
    "Place",
    "PlaceMention",
    "Quote",
    "Record",
    "Source",
    "Statistic",
    "TableSpec",
    "Topic",
]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_ISO_3166 = re.compile(r"^[A-Z]{2}$")
_ISO_4217 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _meta(
    description: str,
    *,
    vocabulary: str | None = None,
    references: str | None = None,
    verbatim: bool = False,
    translation: bool = False,
    since: str | None = None,
) -> dict[str, Any]:
    """Field metadata: the description and how the column relates to the rest of the corpus.

    ``since`` is the dataset version that added the column (None: there from 1.0.0).
    """
    return {
        "description": description,
        "vocabulary": vocabulary,
        "references": references,
        "verbatim": verbatim,
        "translation": translation,
        "since": since,
    }


def _non_empty(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty or blank")


_text = v.and_(v.instance_of(str), _non_empty)
_opt_text = v.optional(_text)
_slug = v.and_(v.instance_of(str), v.matches_re(_SLUG))
_opt_slug = v.optional(_slug)
_offset = v.and_(v.instance_of(int), v.ge(0))
_topics = v.deep_iterable(_slug, v.instance_of(tuple))
_opt_float = v.optional(v.instance_of(float))


def _in(vocabulary: Mapping[str, str]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    return v.in_(tuple(vocabulary))


_SPAN_START = "Start of the record's span: Unicode code-point offset into sources.text (inclusive)."
_SPAN_END = "End of the record's span: Unicode code-point offset into sources.text (exclusive)."
_TOPICS = "Topic ids (topics.topic_id) the record is about, most relevant first."


@attrs.frozen(kw_only=True)
class Source:
    """One source document, with its whole verbatim text."""

    source_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key: the source's slug."))
    title: str = attrs.field(validator=_text, metadata=_meta("The document's title, verbatim."))
    author: str | None = attrs.field(
        validator=_opt_text, metadata=_meta("The document's author, or null if not stated.")
    )
    publisher: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("The document's publisher, or null where the document does not state one."),
    )
    language: str = attrs.field(
        validator=v.matches_re(_LANGUAGE), metadata=_meta("ISO 639-1 code of the text's language.")
    )
    text: str = attrs.field(
        validator=_text,
        metadata=_meta("The whole text of the document, verbatim; all offsets index it.", verbatim=True),
    )
    sha256: str = attrs.field(
        validator=v.matches_re(_SHA256), metadata=_meta("SHA-256 (hex) of the UTF-8 bytes of text.")
    )
    n_chars: int = attrs.field(validator=_offset, metadata=_meta("Length of text in Unicode code points."))
    url: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("Address of the document, or null where the document does not give one."),
    )


@attrs.frozen(kw_only=True)
class Appearance:
    """One dated media item or event in which the researcher or his work appears."""

    appearance_id: str = attrs.field(
        validator=_slug, metadata=_meta("Primary key: YYYY-MM-DD-outlet-genre slug.")
    )
    source_id: str = attrs.field(
        validator=_slug,
        metadata=_meta("The source document that reports the item.", references="sources.source_id"),
    )
    parent_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta(
            "The appearance this item belongs to (a press item, update or premiere points to "
            "the documentary); null at top level.",
            references="appearances.appearance_id",
        ),
    )
    date: dt.date = attrs.field(
        validator=v.instance_of(dt.date),
        metadata=_meta("Date of the item; the first day of the month or year when less precise."),
    )
    date_precision: DatePrecision = attrs.field(
        validator=_in(DATE_PRECISION),
        metadata=_meta("How precisely the date is known.", vocabulary="date_precision"),
    )
    outlet: str = attrs.field(
        validator=_text,
        metadata=_meta("Publisher, broadcaster, channel or venue, as the source writes it."),
    )
    programme: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("Named programme or series within the outlet, or null if none."),
    )
    medium: Medium = attrs.field(
        validator=_in(MEDIUM), metadata=_meta("Where the item was published.", vocabulary="medium")
    )
    genre: Genre = attrs.field(
        validator=_in(GENRE), metadata=_meta("What kind of item it is.", vocabulary="genre")
    )
    title: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("The item's heading or title, verbatim from the source, or null.", verbatim=True),
    )
    language: str = attrs.field(
        validator=v.matches_re(_LANGUAGE), metadata=_meta("ISO 639-1 code of the item's language.")
    )
    span_start: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_START))
    span_end: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_END))
    summary_en: str = attrs.field(
        validator=_text,
        metadata=_meta(
            "The corpus's own English summary of the item (not from the source).", translation=True
        ),
    )
    headline: str | None = attrs.field(
        default=None,
        validator=_opt_text,
        metadata=_meta(
            "The item's own headline (an article's or a video's title as the page reproduces it, "
            "distinct from the post's heading in title), verbatim; null where the item has none.",
            verbatim=True,
            since="1.1.0",
        ),
    )
    headline_start: int | None = attrs.field(
        default=None,
        validator=v.optional(_offset),
        metadata=_meta(
            "Start of the headline: Unicode code-point offset into sources.text (inclusive); "
            "null when headline is null.",
            since="1.1.0",
        ),
    )
    headline_end: int | None = attrs.field(
        default=None,
        validator=v.optional(_offset),
        metadata=_meta(
            "End of the headline: Unicode code-point offset into sources.text (exclusive); "
            "null when headline is null.",
            since="1.1.0",
        ),
    )


@attrs.frozen(kw_only=True)
class Person:
    """One person named in the source."""

    person_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key: the name as a slug."))
    name: str = attrs.field(validator=_text, metadata=_meta("The person's name as the source writes it."))
    description_en: str = attrs.field(
        validator=_text,
        metadata=_meta(
            "The person's role as the source gives it, in the corpus's English.", translation=True
        ),
    )
    affiliation: str | None = attrs.field(
        validator=_opt_text, metadata=_meta("Affiliation as the source states it, or null.")
    )
    wikidata_qid: str | None = attrs.field(
        validator=v.optional(v.matches_re(_QID)),
        metadata=_meta("Wikidata item id, only where the identification is certain; else null."),
    )
    name_forms: tuple[str, ...] = attrs.field(
        default=(),
        converter=tuple,
        validator=v.deep_iterable(_text, v.instance_of(tuple)),
        metadata=_meta(
            "Every form of the person's name as the source writes it ('Antonio Casilli', "
            "'Antonio A. Casilli'), each verbatim in the source, in order of first occurrence.",
            verbatim=True,
            since="1.1.0",
        ),
    )


@attrs.frozen(kw_only=True)
class Quote:
    """One passage of direct speech or quoted writing by one speaker, within one paragraph."""

    quote_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key."))
    appearance_id: str = attrs.field(
        validator=_slug,
        metadata=_meta("The appearance the quote belongs to.", references="appearances.appearance_id"),
    )
    source_id: str = attrs.field(
        validator=_slug, metadata=_meta("The source document.", references="sources.source_id")
    )
    speaker_id: str = attrs.field(
        validator=_slug, metadata=_meta("Who speaks or wrote the words.", references="people.person_id")
    )
    kind: QuoteKind = attrs.field(
        validator=_in(QUOTE_KIND), metadata=_meta("Question, answer or statement.", vocabulary="quote_kind")
    )
    question_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta("For an answer: the question it answers; else null.", references="quotes.quote_id"),
    )
    text: str = attrs.field(
        validator=_text,
        metadata=_meta("The words, verbatim, without the surrounding quotation marks.", verbatim=True),
    )
    language: str = attrs.field(
        validator=v.matches_re(_LANGUAGE), metadata=_meta("ISO 639-1 code of the quote's language.")
    )
    text_en: str = attrs.field(
        validator=_text,
        metadata=_meta(
            "The corpus's own English translation of text (not from the source).", translation=True
        ),
    )
    topics: tuple[str, ...] = attrs.field(
        converter=tuple, validator=_topics, metadata=_meta(_TOPICS, references="topics.topic_id")
    )
    span_start: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_START))
    span_end: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_END))


@attrs.frozen(kw_only=True)
class Claim:
    """One checkable proposition asserted by a speaker or author, in the corpus's own English."""

    claim_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key."))
    appearance_id: str = attrs.field(
        validator=_slug,
        metadata=_meta("The appearance the claim is made in.", references="appearances.appearance_id"),
    )
    claimant_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta(
            "Who asserts it; null where the source names no author.", references="people.person_id"
        ),
    )
    quote_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta(
            "The quote that makes the claim; null when it is made in narration.",
            references="quotes.quote_id",
        ),
    )
    statement_en: str = attrs.field(
        validator=_text,
        metadata=_meta(
            "The proposition in the corpus's own English words (not from the source).", translation=True
        ),
    )
    claim_type: ClaimType = attrs.field(
        validator=_in(CLAIM_TYPE), metadata=_meta("What kind of proposition it is.", vocabulary="claim_type")
    )
    topics: tuple[str, ...] = attrs.field(
        converter=tuple, validator=_topics, metadata=_meta(_TOPICS, references="topics.topic_id")
    )
    text: str = attrs.field(
        validator=_text, metadata=_meta("The passage that makes the claim, verbatim.", verbatim=True)
    )
    span_start: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_START))
    span_end: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_END))
    reported_from: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("The party the claimant attributes the claim to, as stated; else null."),
    )
    same_as: str | None = attrs.field(
        default=None,
        validator=_opt_slug,
        metadata=_meta(
            "The first claim (in source order) of the group of claims that state the same "
            "proposition, when this claim is not that first one; else null. The claims whose "
            "same_as is null count the distinct propositions.",
            references="claims.claim_id",
            since="1.1.0",
        ),
    )


@attrs.frozen(kw_only=True)
class Statistic:
    """One figure stated as a fact about the world."""

    statistic_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key."))
    appearance_id: str = attrs.field(
        validator=_slug,
        metadata=_meta("The appearance the figure is stated in.", references="appearances.appearance_id"),
    )
    quote_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta("The quote that states it, or null.", references="quotes.quote_id"),
    )
    claim_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta("The claim that uses it, or null.", references="claims.claim_id"),
    )
    text: str = attrs.field(validator=_text, metadata=_meta("The figure phrase, verbatim.", verbatim=True))
    value: float | None = attrs.field(
        validator=_opt_float,
        metadata=_meta("The number in `unit`; null for a range or a figure given only in words."),
    )
    low: float | None = attrs.field(
        validator=_opt_float, metadata=_meta("Lower bound of a range, else null.")
    )
    high: float | None = attrs.field(
        validator=_opt_float, metadata=_meta("Upper bound of a range, else null.")
    )
    approximate: bool = attrs.field(
        validator=v.instance_of(bool),
        metadata=_meta("True when the source hedges the figure (environ, presque, quelques ...)."),
    )
    unit: Unit = attrs.field(
        validator=_in(UNIT), metadata=_meta("What the value counts or measures in.", vocabulary="unit")
    )
    currency: str | None = attrs.field(
        validator=v.optional(v.matches_re(_ISO_4217)),
        metadata=_meta("ISO 4217 code for money, else null."),
    )
    per: Per | None = attrs.field(
        validator=v.optional(_in(PER)),
        metadata=_meta("Period of a rate or yearly amount, else null.", vocabulary="per"),
    )
    duration_unit: DurationUnit | None = attrs.field(
        validator=v.optional(_in(DURATION_UNIT)),
        metadata=_meta("Unit of time of a duration, else null.", vocabulary="duration_unit"),
    )
    measure_en: str = attrs.field(
        validator=_text,
        metadata=_meta("What is counted or measured, in the corpus's own English.", translation=True),
    )
    reference_year: int | None = attrs.field(
        validator=v.optional(v.instance_of(int)),
        metadata=_meta("The year the figure is about, where the source states it; else null."),
    )
    place_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta("The place the figure is about, or null.", references="places.place_id"),
    )
    attributed_to: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("The party the source credits with the figure, as stated; else null."),
    )
    span_start: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_START))
    span_end: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_END))


@attrs.frozen(kw_only=True)
class Place:
    """One distinct place of the gazetteer."""

    place_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key: the English name as a slug."))
    name_en: str = attrs.field(validator=_text, metadata=_meta("English name."))
    name_fr: str = attrs.field(validator=_text, metadata=_meta("French name, as the source writes it."))
    kind: PlaceKind = attrs.field(
        validator=_in(PLACE_KIND), metadata=_meta("What kind of place it is.", vocabulary="place_kind")
    )
    iso_3166_1: str | None = attrs.field(
        validator=v.optional(v.matches_re(_ISO_3166)),
        metadata=_meta(
            "ISO 3166-1 alpha-2 code of the country the place lies in; null for multi-country regions."
        ),
    )
    wikidata_qid: str | None = attrs.field(
        validator=v.optional(v.matches_re(_QID)),
        metadata=_meta("Wikidata item id, only where certain; else null."),
    )
    latitude: float | None = attrs.field(
        validator=_opt_float,
        metadata=_meta("Latitude in degrees (WGS 84) of a representative point, or null."),
    )
    longitude: float | None = attrs.field(
        validator=_opt_float,
        metadata=_meta("Longitude in degrees (WGS 84) of a representative point, or null."),
    )
    parent_id: str | None = attrs.field(
        validator=_opt_slug,
        metadata=_meta("The place this one lies in (Cairo in Egypt), or null.", references="places.place_id"),
    )


@attrs.frozen(kw_only=True)
class PlaceMention:
    """One mention of a place in the source."""

    mention_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key."))
    place_id: str = attrs.field(
        validator=_slug, metadata=_meta("The place mentioned.", references="places.place_id")
    )
    appearance_id: str = attrs.field(
        validator=_slug,
        metadata=_meta("The appearance the mention is in.", references="appearances.appearance_id"),
    )
    quote_id: str | None = attrs.field(
        validator=_opt_slug, metadata=_meta("The quote it is in, or null.", references="quotes.quote_id")
    )
    speaker_id: str | None = attrs.field(
        default=None,
        validator=_opt_slug,
        metadata=_meta(
            "Who speaks the quote the mention is in (that quote's speaker_id); null when the "
            "mention is not in a quote. Stored so that a mention's speaker needs no join with quotes.",
            references="people.person_id",
            since="1.2.0",
        ),
    )
    claim_id: str | None = attrs.field(
        validator=_opt_slug, metadata=_meta("The claim it is in, or null.", references="claims.claim_id")
    )
    text: str = attrs.field(validator=_text, metadata=_meta("The surface form, verbatim.", verbatim=True))
    role: Role = attrs.field(
        validator=_in(ROLE), metadata=_meta("What the place is in the passage.", vocabulary="role")
    )
    span_start: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_START))
    span_end: int = attrs.field(validator=_offset, metadata=_meta(_SPAN_END))


@attrs.frozen(kw_only=True)
class Topic:
    """One topic of the closed topic vocabulary."""

    topic_id: str = attrs.field(validator=_slug, metadata=_meta("Primary key."))
    label_en: str = attrs.field(validator=_text, metadata=_meta("English label."))
    label_fr: str = attrs.field(validator=_text, metadata=_meta("French label."))
    description_en: str = attrs.field(validator=_text, metadata=_meta("Definition of the topic."))


@attrs.frozen(kw_only=True)
class Erratum:
    """One correction of a released record: what changed, from what to what, and why."""

    erratum_id: str = attrs.field(
        validator=_text,
        metadata=_meta("Primary key: corrected_in/table/key, then /column for a changed value."),
    )
    table: str = attrs.field(
        validator=_text, metadata=_meta("The table of the corrected record (appearances, claims ...).")
    )
    key: str = attrs.field(validator=_text, metadata=_meta("The primary key of the corrected record."))
    column: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta("The column whose value changed; null when the whole record was added or withdrawn."),
    )
    old_value: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta(
            "The value before, as JSON text (a whole record as a JSON object when it was withdrawn); "
            "null when the record was added."
        ),
    )
    new_value: str | None = attrs.field(
        validator=_opt_text,
        metadata=_meta(
            "The value after, as JSON text (a whole record as a JSON object when it was added); "
            "null when the record was withdrawn."
        ),
    )
    reason: str = attrs.field(
        validator=_text, metadata=_meta("Why the record changed, in the corpus's own English.")
    )
    corrected_in: str = attrs.field(
        validator=v.matches_re(r"^[0-9]+\.[0-9]+\.[0-9]+$"),
        metadata=_meta("The dataset version that made the correction."),
    )


Record = Source | Appearance | Person | Quote | Claim | Statistic | Place | PlaceMention | Topic | Erratum


@attrs.frozen
class TableSpec:
    """A table of the corpus: its record class, primary key, description and first version."""

    name: str
    record: type[Record]
    primary_key: str
    description: str
    since: str = "1.0.0"

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's column names, in order.

        Examples
        --------
        >>> TABLES["topics"].columns
        ('topic_id', 'label_en', 'label_fr', 'description_en')
        """
        return tuple(f.name for f in attrs.fields(self.record))

    def in_version(self, version: str | None) -> bool:
        """True when dataset ``version`` has this table (see :meth:`.columns.Table.in_version`)."""
        return version is None or version_tuple(self.since) <= version_tuple(version)

    def columns_in(self, version: str | None) -> tuple[str, ...]:
        """The table's columns in dataset ``version`` (all of today's for ``None``).

        Loading reads the same answer from the plain twin,
        :meth:`digital_labor_corpus.schema.columns.Table.columns_in` (a test keeps them equal).

        Examples
        --------
        >>> "headline" in TABLES["appearances"].columns_in("1.0.1")
        False
        """
        return tuple(
            f.name
            for f in attrs.fields(self.record)
            if version is None
            or f.metadata.get("since") is None
            or version_tuple(f.metadata["since"]) <= version_tuple(version)
        )


def _spec(name: str, record: type[Record], description: str, since: str = "1.0.0") -> TableSpec:
    return TableSpec(name, record, attrs.fields(record)[0].name, description, since)


TABLES: Final[dict[str, TableSpec]] = {
    spec.name: spec
    for spec in (
        _spec(
            "appearances",
            Appearance,
            "One row per dated media item or event in which the researcher or his work appears.",
        ),
        _spec(
            "quotes",
            Quote,
            "Every passage of direct speech or quoted writing, attributed, verbatim, with its English translation.",
        ),
        _spec(
            "claims",
            Claim,
            "The propositions the speakers and authors assert, one checkable statement each, in the corpus's own English.",
        ),
        _spec(
            "statistics",
            Statistic,
            "Every figure stated as a fact about the world: value, range, unit, what it measures and who it is attributed to.",
        ),
        _spec("places", Place, "The gazetteer: one row per distinct place named in the source."),
        _spec("sources", Source, "One row per source document, with its whole verbatim text."),
        _spec("people", Person, "Every person named in the source, with the role the source gives."),
        _spec(
            "place_mentions",
            PlaceMention,
            "Every mention of a place in the source, with its surface form and role.",
        ),
        _spec("topics", Topic, "The closed topic vocabulary that tags quotes and claims."),
        _spec(
            "errata",
            Erratum,
            "Every correction of a released record, from dataset version 1.1.0 on, cumulative: one "
            "row per changed value (or added or withdrawn record), with its old and new value as "
            "JSON, the reason and the version that made it.",
            since="1.1.0",
        ),
    )
}
