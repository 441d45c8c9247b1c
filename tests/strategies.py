"""Hypothesis strategies over the real schema: one per record type, and whole valid corpora.

Record strategies draw every field from the vocabularies and formats the record classes
accept. :func:`corpora` draws a consistent set of nine tables that satisfies every
invariant of the data model, so that a test can check that ``validate_tables`` accepts it
and that each kind of injected violation is reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
import re
from typing import Any

import attrs
from hypothesis import settings
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
    DATE_PRECISION,
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
# Any date a record accepts, before 1900 included: the date_range rule, not the record, refuses them.
dates = st.dates()
qids = st.from_regex(r"Q[1-9][0-9]{0,7}", fullmatch=True)
topic_lists = st.lists(slugs, min_size=1, max_size=4).map(tuple)


def examples(n: int) -> int:
    """``n`` examples, or the ``mutation`` profile's few when it is loaded: each mutant's tests stay quick."""
    current = settings.default
    if settings.get_current_profile_name() == "mutation" and current is not None:
        return min(n, current.max_examples)
    return n


# Strategies built once and reused: building a strategy inside a composite on every draw
# (validating its arguments each time) made a corpus three times slower to draw.
@functools.cache
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@functools.cache
def _one_of(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


@functools.cache
def _maybe(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.none() | st.sampled_from(values)


@functools.cache
def _dates_between(low: dt.date, high: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(low, high)


@functools.cache
def _floats_between(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


_BOOLEANS = st.booleans()


def _vocab(values: dict[str, str]) -> st.SearchStrategy[Any]:
    return _one_of(tuple(values))


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

# Words with the page's typography (curly apostrophes, guillemets, no-break spaces) and the
# characters where offsets go wrong: outside the Basic Multilingual Plane (one code point,
# two UTF-16 units, four UTF-8 bytes), combining marks (two code points, one glyph), thin
# and narrow no-break spaces.
ASTRAL = "\U0001d54f\U0001d55a\U0001d55d\U0001d55d\U0001d556"  # 𝕏𝕚𝕝𝕝𝕖, mathematical double-struck
WORDS: tuple[str, ...] = (
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
    ASTRAL,
    "clic\U0001f5b1\ufe0f",  # emoji with a variation selector
    "\U00020000\U0002a6d6",  # CJK extension B
    "e\u0301tude",  # e + combining acute
    "Bogota\u0301",
    "1\u202f000\u00a0€",  # narrow no-break space
    "10\u2009%",  # thin space
)
_WORD = st.sampled_from(WORDS)
_PARAGRAPH = st.lists(_WORD, min_size=4, max_size=12).map(" ".join)

CURRENCIES = ("EUR", "USD", "MGA", "EGP")
MONEY_UNITS = frozenset({"currency", "currency_rate"})

Corpus = dict[str, list[Any]]  # table name -> records of that table


def _sub_span(draw: st.DrawFn, text: str, start: int, end: int) -> tuple[int, int]:
    """Draw a span of whole words inside [start, end): it never starts or ends with a space."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    first = draw(_ints(0, len(words) - 1))
    last = draw(_ints(first, len(words) - 1))
    return words[first][0], words[last][1]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def at_precision(date: dt.date, precision: str) -> dt.date:
    """``date`` as stored at ``precision``: the first of its month or of its year when less precise."""
    if precision == "year":
        return date.replace(month=1, day=1)
    if precision == "month":
        return date.replace(day=1)
    return date


@st.composite
def dated(draw: st.DrawFn, low: dt.date, high: dt.date) -> tuple[dt.date, str]:
    """A date in [low, high] and its precision (day, month or year), stored as the data model says."""
    precision = draw(_one_of(tuple(DATE_PRECISION)))
    date = at_precision(draw(_dates_between(low, high)), precision)
    if date < low:  # the start of the month or year falls before ``low``: known to the day
        return low, "day"
    return date, precision


@st.composite
def place_trees(draw: st.DrawFn) -> list[Place]:
    """A gazetteer whose places point at earlier ones (no cycle): countries, cities in them, venues ..."""
    found: list[Place] = []
    for index in range(draw(_ints(1, 6))):
        kind: Any = "country" if index == 0 else draw(_vocab(PLACE_KIND))
        parent = draw(_maybe(tuple(p.place_id for p in found))) if found else None
        located = kind in ("country", "city", "venue") or draw(_BOOLEANS)
        found.append(
            Place(
                place_id=f"place-{index}",
                name_en=f"Place {index}",
                name_fr=draw(_one_of(("Égypte", "Le Caire", "Madagascar", ASTRAL, "Bogota\u0301"))),
                kind=kind,
                iso_3166_1=draw(_maybe(("MG", "EG", "FR", "CO"))),
                wikidata_qid=draw(st.none() | qids),
                latitude=draw(_floats_between(-90.0, 90.0)) if located else None,
                longitude=draw(_floats_between(-180.0, 180.0)) if located else None,
                parent_id=parent,
            )
        )
    return found


@st.composite
def figures(draw: st.DrawFn, year: int) -> dict[str, Any]:
    """The number fields of a statistic of any unit, consistent with each other and the unit."""
    unit = draw(_vocab(UNIT))
    top = 100.0 if unit == "percent" else 1e12
    numbers = _floats_between(0.0, top)
    shape = draw(_one_of(("value", "range", "range with value", "words")))
    value = low = high = None
    if shape == "value":
        value = draw(numbers)
    elif shape.startswith("range"):
        low, high = sorted((draw(numbers), draw(numbers)))
        if shape == "range with value":
            value = draw(_floats_between(low, high))
    currency = None
    if unit in MONEY_UNITS:
        currency = draw(_maybe(CURRENCIES))  # null where the page names no currency
    if unit == "currency_rate":
        per = draw(_vocab(PER))
    elif unit in ("currency", "count"):
        per = draw(_maybe(tuple(PER)))
    else:
        per = None
    return {
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "currency": currency,
        "per": per,
        "duration_unit": draw(_vocab(DURATION_UNIT)) if unit == "duration" else None,
        "reference_year": draw(st.none() | _ints(1800, year)),
    }


@st.composite
def errata_rows(draw: st.DrawFn, corpus: dict[str, list[Any]]) -> list[Erratum]:
    """Well-formed errata of ``corpus``'s records: a changed value, or a record added or withdrawn."""
    found: dict[str, Erratum] = {}
    for _ in range(draw(_ints(0, 3))):
        table = draw(_one_of(tuple(name for name in corpus if name != "errata" and corpus[name])))
        record = draw(st.sampled_from(corpus[table]))
        key = getattr(record, TABLES[table].primary_key)
        version = draw(_one_of(("1.1.0", "1.1.1", "1.2.0")))
        old: str | None
        new_value: str | None
        column: str | None
        if draw(_BOOLEANS):
            column = draw(_one_of(tuple(f.name for f in attrs.fields(type(record)))))
            new = getattr(record, str(column))
            new_json = json.dumps(
                new if not isinstance(new, dt.date | tuple) else str(new), ensure_ascii=False
            )
            old, new_value = json.dumps(f"before {new_json}", ensure_ascii=False), new_json
        else:
            column = None
            whole = json.dumps({"key": key}, ensure_ascii=False)
            old, new_value = (whole, None) if draw(_BOOLEANS) else (None, whole)
        erratum_id = "/".join([version, table, key] + ([column] if column is not None else []))
        found[erratum_id] = Erratum(
            erratum_id=erratum_id,
            table=table,
            key=key,
            column=column,
            old_value=old,
            new_value=new_value,
            reason="A passage read again.",
            corrected_in=version,
        )
    return list(found.values())


@st.composite
def corpora(draw: st.DrawFn, max_sources: int = 3) -> Corpus:
    """Draw a small corpus that satisfies every invariant of the data model.

    One to three sources, each of one to three sections (a top-level appearance each, some
    with a child item), several paragraphs a section, one quote a line with a claim, a
    figure of any unit and a place mention inside it; dates at every precision; a gazetteer
    with parent places.
    """
    topic_records = [
        Topic(topic_id=f"t{i}", label_en=f"T{i}", label_fr=f"T{i}", description_en="A topic.")
        for i in range(draw(_ints(1, 3)))
    ]
    topic_ids = [t.topic_id for t in topic_records]
    person_records = [
        Person(
            person_id=f"p{i}",
            name=f"P {i}",
            description_en="someone",
            affiliation=draw(_maybe(("Institut Polytechnique de Paris",))),
            wikidata_qid=draw(st.none() | qids),
        )
        for i in range(draw(_ints(1, 3)))
    ]
    person_ids = [p.person_id for p in person_records]
    place_records = draw(place_trees())
    place_ids = [p.place_id for p in place_records]

    source_records: list[Source] = []
    appearance_records: list[Appearance] = []
    quote_records: list[Quote] = []
    claim_records: list[Claim] = []
    statistic_records: list[Statistic] = []
    mention_records: list[PlaceMention] = []
    for s_index in range(draw(_ints(1, max_sources))):
        source_id = f"src{s_index}"
        n_sections = draw(_ints(1, 3))
        # the first section of the first source has two paragraphs at least, a break a quote must not cross
        sections = [
            "\n\n".join(draw(st.lists(_PARAGRAPH, min_size=2 if (s_index, i) == (0, 0) else 1, max_size=3)))
            for i in range(n_sections)
        ]
        heading = draw(st.none() | _PARAGRAPH)  # a heading outside every appearance
        text = "\n\n".join([heading, *sections] if heading is not None else sections)
        source_records.append(
            Source(
                source_id=source_id,
                title=f"Source {s_index}",
                author=draw(_maybe(("Antonio A. Casilli",))),
                publisher=None,
                language="fr",
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                n_chars=len(text),
                url=draw(_maybe(("https://www.casilli.fr/",))),
            )
        )
        # Top-level appearances in source order with non-increasing dates.
        top = sorted(
            draw(
                st.lists(
                    dated(dt.date(1990, 1, 1), dt.date(2025, 12, 31)),
                    min_size=n_sections,
                    max_size=n_sections,
                )
            ),
            reverse=True,
        )
        at = 0 if heading is None else len(heading) + 2
        for index, section in enumerate(sections):
            start, end = at, at + len(section)
            at = end + 2
            app_id = f"{source_id}-a{index}"
            date, precision = top[index]
            title = None
            if draw(_BOOLEANS):
                t_start, t_end = _sub_span(draw, text, start, end)
                title = text[t_start:t_end]
            headline = h_start = h_end = None
            if draw(_BOOLEANS):
                h_start, h_end = _sub_span(draw, text, start, end)
                headline = text[h_start:h_end]
            appearance_records.append(
                Appearance(
                    appearance_id=app_id,
                    source_id=source_id,
                    parent_id=None,
                    date=date,
                    date_precision=precision,  # type: ignore[arg-type]
                    outlet="Outlet",
                    programme=draw(_maybe(("La Méthode scientifique",))),
                    medium=draw(_vocab(MEDIUM)),
                    genre=draw(_one_of(("interview", "documentary", "article", "seminar"))),
                    title=title,
                    language="fr",
                    span_start=start,
                    span_end=end,
                    summary_en="An item.",
                    headline=headline,
                    headline_start=h_start,
                    headline_end=h_end,
                )
            )
            if draw(_BOOLEANS):
                c_start, c_end = _sub_span(draw, text, start, end)
                child_date, child_precision = draw(dated(date, RELEASE_DATE))
                appearance_records.append(
                    Appearance(
                        appearance_id=f"{app_id}-child",
                        source_id=source_id,
                        parent_id=app_id,
                        date=child_date,
                        date_precision=child_precision,  # type: ignore[arg-type]
                        outlet="Outlet",
                        programme=None,
                        medium="press",
                        genre=draw(_vocab(GENRE)),
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
                    else draw(_one_of(("answer", "statement")))
                )
                quote_id = f"{app_id}-q{q_index}"
                quote_records.append(
                    Quote(
                        quote_id=quote_id,
                        appearance_id=app_id,
                        source_id=source_id,
                        speaker_id=draw(_one_of(tuple(person_ids))),
                        kind=kind,
                        question_id=question_id if kind == "answer" else None,
                        text=text[q_start:q_end],
                        language="fr",
                        text_en="A translation.",
                        topics=tuple(draw(st.lists(_one_of(tuple(topic_ids)), min_size=1, max_size=2))),
                        span_start=q_start,
                        span_end=q_end,
                    )
                )
                if kind == "question":
                    question_id = quote_id
                in_quote = draw(_BOOLEANS) or q_index == 0
                k_start, k_end = _sub_span(draw, text, q_start, q_end) if in_quote else (q_start, q_end)
                claim_id = f"{app_id}-c{q_index}"
                # a later claim of the item may say again what its first claim says
                same_as = f"{app_id}-c0" if q_index > 0 and draw(_BOOLEANS) else None
                claim_records.append(
                    Claim(
                        claim_id=claim_id,
                        appearance_id=app_id,
                        claimant_id=draw(st.none() | _one_of(tuple(person_ids))),
                        quote_id=quote_id if in_quote else None,
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
                statistic_records.append(
                    Statistic(
                        statistic_id=f"{app_id}-s{q_index}",
                        appearance_id=app_id,
                        quote_id=quote_id if in_quote else None,
                        claim_id=claim_id,
                        text=text[s_start:s_end],
                        approximate=draw(_BOOLEANS),
                        measure_en="a share",
                        place_id=draw(_maybe(tuple(place_ids))),
                        attributed_to=draw(_maybe(("la Banque mondiale",))),
                        span_start=s_start,
                        span_end=s_end,
                        **draw(figures(date.year)),
                    )
                )
                m_start, m_end = _sub_span(draw, text, k_start, k_end)
                mention_records.append(
                    PlaceMention(
                        mention_id=f"{app_id}-m{q_index}",
                        place_id=draw(_one_of(tuple(place_ids))),
                        appearance_id=app_id,
                        quote_id=quote_id if in_quote else None,
                        # the speaker of the quote the mention is in, none outside a quote
                        speaker_id=quote_records[-1].speaker_id if in_quote else None,
                        claim_id=claim_id,
                        text=text[m_start:m_end],
                        role=draw(_vocab(ROLE)),
                        span_start=m_start,
                        span_end=m_end,
                    )
                )
    # every person's name forms: one to three spans of the sources, as the page writes the name
    all_texts = [s.text for s in source_records]
    named = []
    for person in person_records:
        forms = []
        for _ in range(draw(_ints(1, 3))):
            text = draw(_one_of(tuple(all_texts)))
            words = [m.span() for m in re.finditer(r"\S+", text)]
            first = draw(_ints(0, len(words) - 1))
            last = min(first + draw(_ints(0, 1)), len(words) - 1)
            forms.append(text[words[first][0] : words[last][1]])
        named.append(attrs.evolve(person, name_forms=tuple(dict.fromkeys(forms))))
    corpus: Corpus = {
        "appearances": appearance_records,
        "quotes": quote_records,
        "claims": claim_records,
        "statistics": statistic_records,
        "places": place_records,
        "sources": source_records,
        "people": named,
        "place_mentions": mention_records,
        "topics": topic_records,
        "errata": [],
    }
    return corpus | {"errata": draw(errata_rows(corpus))}


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
