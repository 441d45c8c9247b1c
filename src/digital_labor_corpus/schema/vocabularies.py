"""The closed vocabularies of the corpus, each value with its definition.

Every controlled column (medium, genre, roles, units, claim types ...) takes its values
from one of the mappings below. The ``Literal`` type next to each mapping is what the
record classes use; a test checks that the two list the same values in the same order.

Examples
--------
>>> MEDIUM["radio"]
'A radio programme, broadcast live or as a podcast.'
>>> "award" in GENRE
True
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "CLAIM_TYPE",
    "DATE_PRECISION",
    "DURATION_UNIT",
    "GENRE",
    "MEDIUM",
    "PER",
    "PLACE_KIND",
    "QUOTE_KIND",
    "ROLE",
    "UNIT",
    "VOCABULARIES",
    "ClaimType",
    "DatePrecision",
    "DurationUnit",
    "Genre",
    "Medium",
    "Per",
    "PlaceKind",
    "QuoteKind",
    "Role",
    "Unit",
    "vocabularies",
]

DatePrecision = Literal["day", "month", "year"]
DATE_PRECISION: Final[dict[str, str]] = {
    "day": "The date is known to the day.",
    "month": "Only the month is known; the stored date is the first day of that month.",
    "year": "Only the year is known; the stored date is the first of January of that year.",
}

Medium = Literal["press", "radio", "tv", "web", "event"]
MEDIUM: Final[dict[str, str]] = {
    "press": "A newspaper or magazine, in print or on its website.",
    "radio": "A radio programme, broadcast live or as a podcast.",
    "tv": "A television channel's broadcast.",
    "web": "A web-only outlet, video channel, streaming platform or web conference.",
    "event": "A public event with an audience in a venue (a screening, a premiere).",
}

Genre = Literal[
    "interview",
    "article",
    "documentary",
    "release",
    "broadcast",
    "update",
    "edition",
    "award",
    "nomination",
    "premiere",
    "coverage",
    "seminar",
    "review",
]
GENRE: Final[dict[str, str]] = {
    "interview": "The researcher answers a journalist's or host's questions.",
    "article": "An article or programme about the researcher's work that is not an interview.",
    "documentary": "A documentary film or series the researcher took part in.",
    "release": "A later release of a work on another channel or to a wider audience.",
    "broadcast": "A dated broadcast of a work on a television or radio channel.",
    "update": "A dated update the page author added to a post.",
    "edition": "A new edition of a work (a subtitled or shortened version).",
    "award": "A prize awarded to a work.",
    "nomination": "A nomination or selection of a work for a festival or prize.",
    "premiere": "The first public screening of a work.",
    "coverage": "A press, radio, television or web item covering a work or the research.",
    "seminar": "An academic seminar or web seminar in which the researcher presents.",
    "review": "A review of the researcher's book or work.",
}

QuoteKind = Literal["question", "answer", "statement"]
QUOTE_KIND: Final[dict[str, str]] = {
    "question": "An interviewer's question.",
    "answer": "An answer to an interviewer's question; question_id names the question.",
    "statement": "Direct speech or quoted writing that is not part of a question and answer.",
}

ClaimType = Literal["descriptive", "causal", "predictive", "normative", "definitional", "historical"]
CLAIM_TYPE: Final[dict[str, str]] = {
    "descriptive": "States how things are.",
    "causal": "States why something happens or what it leads to.",
    "predictive": "States what will or would happen.",
    "normative": "States what should be done or how something ought to be judged.",
    "definitional": "States what a term or concept means.",
    "historical": "States what happened at a past time.",
}

Unit = Literal["percent", "count", "currency", "currency_rate", "duration", "age"]
UNIT: Final[dict[str, str]] = {
    "percent": "A share, from 0 to 100.",
    "count": "A number of people, workers, things, countries, languages, episodes ...",
    "currency": "An amount of money in `currency` (per `per` when it is a yearly amount).",
    "currency_rate": "Pay: an amount of money in `currency` per `per` of work.",
    "duration": "A length of time, in `duration_unit`.",
    "age": "An age, in years.",
}

Per = Literal["hour", "day", "week", "month", "year"]
PER: Final[dict[str, str]] = {
    "hour": "Per hour.",
    "day": "Per day.",
    "week": "Per week.",
    "month": "Per month.",
    "year": "Per year.",
}

DurationUnit = Literal["second", "minute", "hour", "day", "week", "month", "year"]
DURATION_UNIT: Final[dict[str, str]] = {
    "second": "Seconds.",
    "minute": "Minutes.",
    "hour": "Hours.",
    "day": "Days.",
    "week": "Weeks.",
    "month": "Months.",
    "year": "Years.",
}

PlaceKind = Literal["country", "city", "region", "continent", "subdivision", "venue"]
PLACE_KIND: Final[dict[str, str]] = {
    "country": "A sovereign state.",
    "city": "A city or town.",
    "region": "A region within or across countries (Latin America, the Gulf states, the Global South).",
    "continent": "A continent.",
    "subdivision": "A constituent part of a country (England).",
    "venue": "A building or institution where an event takes place.",
}

Role = Literal["where_work_is_done", "where_clients_are", "event_venue", "jurisdiction", "origin", "other"]
ROLE: Final[dict[str, str]] = {
    "where_work_is_done": "Click work, data work or moderation is performed there.",
    "where_clients_are": "The firms, markets or governments that order or use the work are there.",
    "event_venue": "An event takes place there.",
    "jurisdiction": "A law, court, regulation or public authority of the place is meant.",
    "origin": "Where a person, organisation, study or object comes from.",
    "other": "Any other mention of the place.",
}

VOCABULARIES: Final[dict[str, dict[str, str]]] = {
    "date_precision": DATE_PRECISION,
    "medium": MEDIUM,
    "genre": GENRE,
    "quote_kind": QUOTE_KIND,
    "claim_type": CLAIM_TYPE,
    "unit": UNIT,
    "per": PER,
    "duration_unit": DURATION_UNIT,
    "place_kind": PLACE_KIND,
    "role": ROLE,
}


def vocabularies() -> dict[str, dict[str, str]]:
    """Return every closed vocabulary: its values in order, each with its definition.

    A copy of :data:`VOCABULARIES`, keyed by vocabulary name (the ``vocabulary`` of a
    column in the data dictionary); the topic vocabulary is data, the ``topics`` table.

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> list(dlc.vocabularies()["quote_kind"])
    ['question', 'answer', 'statement']
    """
    return {name: dict(values) for name, values in VOCABULARIES.items()}
