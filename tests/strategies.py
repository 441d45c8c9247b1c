"""Hypothesis strategies over the real schema: one per record type, and whole valid corpora.

Record strategies draw every field from the vocabularies and formats the record classes
accept. :func:`corpora` draws a consistent set of nine tables that satisfies every
invariant of the data model, so that a test can check that ``validate_tables`` accepts it
and that each kind of injected violation is reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from typing import Any

import attrs
from hypothesis import strategies as st

from digital_labor_corpus.schema.records import (
    TABLES,
    Appearance,
    Claim,
    Erratum,
    Person,
    Place,
    PlaceMention,
    Quote,
    Record,
    Source,
    Statistic,
    Topic,
)
from digital_labor_corpus.schema.vocabularies import (
    CLAIM_TYPE,
    DURATION_UNIT,
    GENRE,
    MEDIUM,
    PER,
    PLACE_KIND,
    QUOTE_KIND,
    ROLE,
    UNIT,
)

RELEASE_DATE = dt.date(2026, 11, 28)

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
texts = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
optional_texts = st.none() | texts
languages = st.sampled_from(["fr", "en", "es", "it"])
offsets = st.integers(min_value=0, max_value=2**40)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=RELEASE_DATE)
qids = st.from_regex(r"Q[1-9][0-9]{0,7}", fullmatch=True)
topic_lists = st.lists(slugs, min_size=1, max_size=4).map(tuple)


def _vocab(values: dict[str, str]) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(values))


sources = st.builds(
    Source,
    source_id=slugs,
    title=texts,
    author=optional_texts,
    publisher=optional_texts,
    language=languages,
    text=texts,
    sha256=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    n_chars=offsets,
    url=optional_texts,
)
appearances = st.builds(
    Appearance,
    appearance_id=slugs,
    source_id=slugs,
    parent_id=st.none() | slugs,
    date=dates,
    date_precision=st.sampled_from(["day", "month", "year"]),
    outlet=texts,
    programme=optional_texts,
    medium=_vocab(MEDIUM),
    genre=_vocab(GENRE),
    title=optional_texts,
    language=languages,
    span_start=offsets,
    span_end=offsets,
    summary_en=texts,
    headline=optional_texts,
    headline_start=st.none() | offsets,
    headline_end=st.none() | offsets,
)
people = st.builds(
    Person,
    person_id=slugs,
    name=texts,
    description_en=texts,
    affiliation=optional_texts,
    wikidata_qid=st.none() | qids,
    name_forms=st.lists(texts, max_size=3).map(tuple),
)
quotes = st.builds(
    Quote,
    quote_id=slugs,
    appearance_id=slugs,
    source_id=slugs,
    speaker_id=slugs,
    kind=_vocab(QUOTE_KIND),
    question_id=st.none() | slugs,
    text=texts,
    language=languages,
    text_en=texts,
    topics=topic_lists,
    span_start=offsets,
    span_end=offsets,
)
claims = st.builds(
    Claim,
    claim_id=slugs,
    appearance_id=slugs,
    claimant_id=st.none() | slugs,
    quote_id=st.none() | slugs,
    statement_en=texts,
    claim_type=_vocab(CLAIM_TYPE),
    topics=topic_lists,
    text=texts,
    span_start=offsets,
    span_end=offsets,
    reported_from=optional_texts,
    same_as=st.none() | slugs,
)
statistics = st.builds(
    Statistic,
    statistic_id=slugs,
    appearance_id=slugs,
    quote_id=st.none() | slugs,
    claim_id=st.none() | slugs,
    text=texts,
    value=st.none() | finite,
    low=st.none() | finite,
    high=st.none() | finite,
    approximate=st.booleans(),
    unit=_vocab(UNIT),
    currency=st.none() | st.from_regex(r"[A-Z]{3}", fullmatch=True),
    per=st.none() | _vocab(PER),
    duration_unit=st.none() | _vocab(DURATION_UNIT),
    measure_en=texts,
    reference_year=st.none() | st.integers(min_value=1700, max_value=2100),
    place_id=st.none() | slugs,
    attributed_to=optional_texts,
    span_start=offsets,
    span_end=offsets,
)
places = st.builds(
    Place,
    place_id=slugs,
    name_en=texts,
    name_fr=texts,
    kind=_vocab(PLACE_KIND),
    iso_3166_1=st.none() | st.from_regex(r"[A-Z]{2}", fullmatch=True),
    wikidata_qid=st.none() | qids,
    latitude=st.none() | st.floats(min_value=-90, max_value=90),
    longitude=st.none() | st.floats(min_value=-180, max_value=180),
    parent_id=st.none() | slugs,
)
place_mentions = st.builds(
    PlaceMention,
    mention_id=slugs,
    place_id=slugs,
    appearance_id=slugs,
    quote_id=st.none() | slugs,
    speaker_id=st.none() | slugs,
    claim_id=st.none() | slugs,
    text=texts,
    role=_vocab(ROLE),
    span_start=offsets,
    span_end=offsets,
)
topics = st.builds(Topic, topic_id=slugs, label_en=texts, label_fr=texts, description_en=texts)
versions = st.tuples(*[st.integers(0, 20)] * 3).map(lambda v: ".".join(map(str, v)))
json_texts = st.none() | st.recursive(
    st.none() | st.booleans() | finite | st.text(max_size=10), lambda inner: st.lists(inner, max_size=3)
).map(lambda v: __import__("json").dumps(v, ensure_ascii=False))
errata = st.builds(
    Erratum,
    erratum_id=texts,
    table=st.sampled_from([name for name in TABLES if name != "errata"]),
    key=texts,
    column=optional_texts,
    old_value=json_texts,
    new_value=json_texts,
    reason=texts,
    corrected_in=versions,
)

RECORD_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "appearances": appearances,
    "quotes": quotes,
    "claims": claims,
    "statistics": statistics,
    "places": places,
    "sources": sources,
    "people": people,
    "place_mentions": place_mentions,
    "topics": topics,
    "errata": errata,
}
assert set(RECORD_STRATEGIES) == set(TABLES)

# -- whole corpora ---------------------------------------------------------------------

# Words with the page's typography: curly apostrophes, guillemets, no-break spaces.
_WORDS = st.sampled_from(
    [
        "travail",
        "du",
        "clic",
        "l\u2019IA",
        "«\u00a0données\u00a0»",
        "micro-tâches",
        "Madagascar",
        "2\u00a0dollars",
        "plateformes",
        "modération",
        "coopérativisation",
        "Égypte",
    ]
)
_PARAGRAPH = st.lists(_WORDS, min_size=4, max_size=12).map(" ".join)

Corpus = dict[str, list[Any]]  # table name -> records of that table


def _sub_span(draw: st.DrawFn, text: str, start: int, end: int) -> tuple[int, int]:
    """Draw a span of whole words inside [start, end): it never starts or ends with a space."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    first = draw(st.integers(min_value=0, max_value=len(words) - 1))
    last = draw(st.integers(min_value=first, max_value=len(words) - 1))
    return words[first][0], words[last][1]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    """Draw a small corpus that satisfies every invariant of the data model."""
    n_sections = draw(st.integers(min_value=1, max_value=4))
    sections = [draw(st.lists(_PARAGRAPH, min_size=1, max_size=3)) for _ in range(n_sections)]
    section_texts = ["\n\n".join(paragraphs) for paragraphs in sections]
    text = "\n\n".join(section_texts)
    source = Source(
        source_id="src",
        title="source",
        author=None,
        publisher=None,
        language="fr",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        n_chars=len(text),
        url=None,
    )
    topic_records = [
        Topic(topic_id=f"t{i}", label_en=f"T{i}", label_fr=f"T{i}", description_en="A topic.")
        for i in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    topic_ids = [t.topic_id for t in topic_records]
    person_records = []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        n_start, n_end = _sub_span(draw, text, 0, len(text))
        person_records.append(
            Person(
                person_id=f"p{i}",
                name=f"P {i}",
                description_en="someone",
                affiliation=None,
                wikidata_qid=None,
                name_forms=(text[n_start:n_end],),  # type: ignore[arg-type]  # attrs' converter=tuple
            )
        )
    country = Place(
        place_id="country",
        name_en="Country",
        name_fr="Pays",
        kind="country",
        iso_3166_1="MG",
        wikidata_qid=None,
        latitude=draw(st.floats(-90, 90)),
        longitude=draw(st.floats(-180, 180)),
        parent_id=None,
    )
    region = Place(
        place_id="region",
        name_en="Region",
        name_fr="Région",
        kind="region",
        iso_3166_1=None,
        wikidata_qid=None,
        latitude=None,
        longitude=None,
        parent_id=None,
    )
    place_records = [country, region]

    # Top-level appearances in source order with non-increasing dates.
    top_dates = sorted(
        draw(
            st.lists(
                st.dates(dt.date(1995, 1, 1), dt.date(2025, 12, 31)), min_size=n_sections, max_size=n_sections
            )
        ),
        reverse=True,
    )
    appearance_records: list[Appearance] = []
    quote_records: list[Quote] = []
    claim_records: list[Claim] = []
    statistic_records: list[Statistic] = []
    mention_records: list[PlaceMention] = []
    at = 0
    for index, section in enumerate(section_texts):
        start, end = at, at + len(section)
        at = end + 2
        app_id = f"a{index}"
        headline = None
        h_start = h_end = None
        if draw(st.booleans()):
            h_start, h_end = _sub_span(draw, text, start, end)
            headline = text[h_start:h_end]
        appearance_records.append(
            Appearance(
                appearance_id=app_id,
                source_id="src",
                parent_id=None,
                date=top_dates[index],
                date_precision="day",
                outlet="Outlet",
                programme=None,
                medium=draw(_vocab(MEDIUM)),
                genre="interview",
                title=None,
                language="fr",
                span_start=start,
                span_end=end,
                summary_en="An item.",
                headline=headline,
                headline_start=h_start,
                headline_end=h_end,
            )
        )
        if draw(st.booleans()):
            c_start, c_end = _sub_span(draw, text, start, end)
            child_date = draw(st.dates(top_dates[index], RELEASE_DATE))
            appearance_records.append(
                Appearance(
                    appearance_id=f"{app_id}-child",
                    source_id="src",
                    parent_id=app_id,
                    date=child_date,
                    date_precision="day",
                    outlet="Outlet",
                    programme=None,
                    medium="press",
                    genre="coverage",
                    title=None,
                    language="fr",
                    span_start=c_start,
                    span_end=c_end,
                    summary_en="A press item.",
                )
            )
        question_id: str | None = None
        for q_index, (l_start, l_end) in enumerate(_line_spans(text, start, end)):
            q_start, q_end = _sub_span(draw, text, l_start, l_end)
            kind: Any = (
                "question"
                if question_id is None and q_index == 0
                else draw(st.sampled_from(["answer", "statement"]))
            )
            quote_id = f"{app_id}-q{q_index}"
            quote_records.append(
                Quote(
                    quote_id=quote_id,
                    appearance_id=app_id,
                    source_id="src",
                    speaker_id=draw(st.sampled_from([p.person_id for p in person_records])),
                    kind=kind,
                    question_id=question_id if kind == "answer" else None,
                    text=text[q_start:q_end],
                    language="fr",
                    text_en="A translation.",
                    topics=tuple(draw(st.lists(st.sampled_from(topic_ids), min_size=1, max_size=2))),
                    span_start=q_start,
                    span_end=q_end,
                )
            )
            if kind == "question":
                question_id = quote_id
            k_start, k_end = _sub_span(draw, text, q_start, q_end)
            claim_id = f"{app_id}-c{q_index}"
            first_claim = f"{app_id}-c0"
            same_as = first_claim if q_index > 0 and draw(st.booleans()) else None
            claim_records.append(
                Claim(
                    claim_id=claim_id,
                    appearance_id=app_id,
                    claimant_id=None,
                    quote_id=quote_id,
                    statement_en="Something holds.",
                    claim_type=draw(_vocab(CLAIM_TYPE)),
                    topics=(topic_ids[0],),  # type: ignore[arg-type]  # attrs' converter=tuple
                    text=text[k_start:k_end],
                    span_start=k_start,
                    span_end=k_end,
                    reported_from=None,
                    same_as=same_as,
                )
            )
            s_start, s_end = _sub_span(draw, text, k_start, k_end)
            low = draw(st.floats(0, 100))
            high = draw(st.floats(low, 100))
            statistic_records.append(
                Statistic(
                    statistic_id=f"{app_id}-s{q_index}",
                    appearance_id=app_id,
                    quote_id=quote_id,
                    claim_id=claim_id,
                    text=text[s_start:s_end],
                    value=None,
                    low=low,
                    high=high,
                    approximate=draw(st.booleans()),
                    unit="percent",
                    currency=None,
                    per=None,
                    duration_unit=None,
                    measure_en="a share",
                    reference_year=draw(st.none() | st.integers(1900, top_dates[index].year)),
                    place_id=draw(st.none() | st.just("country")),
                    attributed_to=None,
                    span_start=s_start,
                    span_end=s_end,
                )
            )
            m_start, m_end = _sub_span(draw, text, k_start, k_end)
            mention_records.append(
                PlaceMention(
                    mention_id=f"{app_id}-m{q_index}",
                    place_id=draw(st.sampled_from(["country", "region"])),
                    appearance_id=app_id,
                    quote_id=quote_id,
                    speaker_id=quote_records[-1].speaker_id,  # the mention is in this quote
                    claim_id=claim_id,
                    text=text[m_start:m_end],
                    role=draw(_vocab(ROLE)),
                    span_start=m_start,
                    span_end=m_end,
                )
            )
    return {
        "appearances": appearance_records,
        "quotes": quote_records,
        "claims": claim_records,
        "statistics": statistic_records,
        "places": place_records,
        "sources": [source],
        "people": person_records,
        "place_mentions": mention_records,
        "topics": topic_records,
        "errata": [],
    }


def evolve(record: Record, **changes: Any) -> Record:
    """Return a copy of ``record`` with ``changes``, skipping the record's validators."""
    values = attrs.asdict(record, recurse=False) | changes
    new = object.__new__(type(record))
    for name, value in values.items():
        object.__setattr__(new, name, value)
    return new


# -- selections of the shipped versions ------------------------------------------------

SPAN_TABLES = ("quotes", "claims", "statistics", "place_mentions")


@st.composite
def shipped_selections(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a shipped dataset version and keep a random share of each span table's rows.

    Returns table name to ``pyarrow.Table``, every table of the version, the span tables
    filtered (a foreign key may then point at a row left out, as in any selection).
    """
    import pyarrow as pa

    import digital_labor_corpus as dlc

    version = draw(st.sampled_from(dlc.versions()))
    tables: dict[str, Any] = {name: dlc.load(name, version=version) for name in dlc.tables(version)}
    chance = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    for name in SPAN_TABLES:
        share = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
        mask = [chance.random() < share for _ in range(tables[name].num_rows)]
        tables[name] = tables[name].filter(pa.array(mask, type=pa.bool_()))
    return tables
