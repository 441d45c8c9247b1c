"""The table-returning query helpers of :class:`~digital_labor_corpus.queries.corpus.Corpus`.

Each helper resolves its arguments against the small tables (people, topics, places,
appearances), turns them into predicates that the source pushes into its scan of the
large ones (quotes, claims, statistics, place_mentions), and joins the few columns a
reader needs (a date, an outlet, a name) by hash lookups with Arrow compute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.queries import compute as qa
from digital_labor_corpus.queries.fulltext import INDEXED, index_of
from digital_labor_corpus.queries.predicates import AllOf, Between, HasAny, In, Predicate, all_of
from digital_labor_corpus.queries.resolve import (
    date_bounds,
    resolve_appearances,
    resolve_people,
    resolve_places,
    resolve_topics,
    vocabulary_values,
    years,
)
from digital_labor_corpus.schema.vocabularies import GENRE, MEDIUM, PLACE_KIND, QUOTE_KIND, ROLE, UNIT

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.sources import TableSource

__all__ = ["appearances", "mentions", "places", "quotes", "statistics", "timeline"]


def lookup(keys: Any, table: pa.Table, key: str, column: str) -> Any:
    """For each of ``keys``, ``column`` of the row of ``table`` whose ``key`` equals it (or null)."""
    return lookup_many(keys, table, key, [column])[column]


def lookup_many(keys: Any, table: pa.Table, key: str, columns: list[str]) -> dict[str, Any]:
    """:func:`lookup` of several columns, hashing ``table``'s keys once."""
    import pyarrow.compute as pc

    positions = pc.index_in(keys, value_set=table.column(key))
    return {column: table.column(column).take(positions) for column in columns}


def order(table: pa.Table, keys: list[tuple[str, str]]) -> pa.Table:
    """``table`` sorted by ``keys`` (nulls last, Arrow's default)."""
    import pyarrow.compute as pc

    if table.num_rows <= 1:
        return table
    return table.take(pc.sort_indices(table, sort_keys=keys))


def appearance_filter(
    source: TableSource, since: object, until: object, appearance: object = None
) -> Predicate | None:
    """The predicate on ``appearance_id`` for a date range and/or given appearances."""
    import pyarrow.compute as pc

    if since is None and until is None and appearance is None:
        return None
    table = source.dimension("appearances")
    keep = None
    if appearance is not None:
        wanted = resolve_appearances(table, appearance)
        keep = pc.is_in(table.column("appearance_id"), value_set=qa.strings(wanted))
    low, high = date_bounds(since, until)
    if low is not None or high is not None:
        in_range = Between("date", low, high).mask(table)
        keep = in_range if keep is None else pc.and_(keep, in_range)
    ids = qa.flat(table.column("appearance_id").filter(keep))
    return In("appearance_id", ids)


def _text_filter(
    source: TableSource, table: str, columns: tuple[str, ...], value: object, argument: str
) -> Predicate | None:
    """The records of ``table`` whose ``columns`` match the query ``value``, by the full-text index."""
    if value is None:
        return None
    if not isinstance(value, str):
        message = f"{argument} must be a string, not {value!r}"
        raise InvalidArgumentError(message)
    from digital_labor_corpus.queries.syntax import to_fts5

    to_fts5(value)  # a malformed query is reported before the index is built
    return In(INDEXED[table].key, index_of(source).ids(table, value, columns))


def _with_appearance(table: pa.Table, source: TableSource) -> dict[str, Any]:
    apps = source.dimension("appearances")
    columns = ["date", "date_precision", "outlet", "title"]
    return lookup_many(table.column("appearance_id"), apps, "appearance_id", columns)


def _speakers_of(source: TableSource, quote_ids: Any) -> pa.Table:
    """The ``quote_id`` and ``speaker_id`` of the given quotes (read with pushdown)."""
    import pyarrow.compute as pc

    wanted = qa.flat(pc.unique(pc.drop_null(quote_ids)))
    return source.scan("quotes", ["quote_id", "speaker_id"], In("quote_id", wanted))


QUOTE_COLUMNS = [
    "quote_id",
    "date",
    "date_precision",
    "speaker_id",
    "speaker",
    "kind",
    "text",
    "text_en",
    "language",
    "topics",
    "appearance_id",
    "outlet",
    "title",
    "question_id",
    "source_id",
    "span_start",
    "span_end",
]


def quotes(
    source: TableSource,
    *,
    speaker: object = None,
    topic: object = None,
    place: object = None,
    appearance: object = None,
    since: object = None,
    until: object = None,
    kind: object = None,
    contains: object = None,
) -> pa.Table:
    """Quotes passing every filter given, with date, outlet, title and speaker's name."""
    import pyarrow.compute as pc

    parts: list[Predicate | None] = []
    speakers = None
    if speaker is not None:
        speakers = qa.strings(resolve_people(source.dimension("people"), speaker))
        parts.append(In("speaker_id", speakers))
    if kind is not None:
        parts.append(In("kind", qa.strings(vocabulary_values("kind", kind, QUOTE_KIND))))
    if topic is not None:
        parts.append(HasAny("topics", qa.strings(resolve_topics(source.dimension("topics"), topic))))
    parts.append(appearance_filter(source, since, until, appearance))
    if place is not None:
        place_ids = qa.strings(resolve_places(source.dimension("places"), place))
        where: Predicate = In("place_id", place_ids)
        if speakers is not None and source.has_column("place_mentions", "speaker_id"):
            where = AllOf((where, In("speaker_id", speakers)))  # only the speaker's mentions
        found = source.scan("place_mentions", ["quote_id"], where).column("quote_id")
        parts.append(In("quote_id", qa.flat(pc.unique(pc.drop_null(found)))))
    parts.append(_text_filter(source, "quotes", ("text", "text_en"), contains, "contains"))
    columns = [c for c in QUOTE_COLUMNS if c not in ("date", "date_precision", "speaker", "outlet", "title")]
    found_quotes = source.scan("quotes", columns, all_of(parts))
    people = source.dimension("people")
    extra = _with_appearance(found_quotes, source)
    extra["speaker"] = lookup(found_quotes.column("speaker_id"), people, "person_id", "name")
    result = qa.table(
        {name: extra[name] if name in extra else found_quotes.column(name) for name in QUOTE_COLUMNS}
    )
    return order(result, [("date", "ascending"), ("quote_id", "ascending")])


STATISTIC_COLUMNS = [
    "statistic_id",
    "date",
    "date_precision",
    "text",
    "value",
    "low",
    "high",
    "approximate",
    "unit",
    "currency",
    "per",
    "duration_unit",
    "measure_en",
    "reference_year",
    "place_id",
    "place",
    "attributed_to",
    "speaker_id",
    "speaker",
    "quote_id",
    "claim_id",
    "appearance_id",
    "outlet",
    "title",
    "span_start",
    "span_end",
]


def statistics(
    source: TableSource,
    *,
    measure: object = None,
    unit: object = None,
    place: object = None,
    year: object = None,
    attributed_to: object = None,
    since: object = None,
    until: object = None,
) -> pa.Table:
    """Figures passing every filter given, with who states them, where and when."""
    import pyarrow.compute as pc

    parts: list[Predicate | None] = []
    if unit is not None:
        parts.append(In("unit", qa.strings(vocabulary_values("unit", unit, UNIT))))
    if place is not None:
        parts.append(In("place_id", qa.strings(resolve_places(source.dimension("places"), place))))
    if year is not None:
        parts.append(In("reference_year", qa.ints(years(year))))
    parts.append(appearance_filter(source, since, until))
    parts.append(_text_filter(source, "statistics", ("measure_en",), measure, "measure"))
    parts.append(_text_filter(source, "statistics", ("attributed_to",), attributed_to, "attributed_to"))
    derived = ("date", "date_precision", "outlet", "title", "place", "speaker", "speaker_id")
    own = [c for c in STATISTIC_COLUMNS if c not in derived]
    found = source.scan("statistics", own, all_of(parts))
    extra = _with_appearance(found, source)
    extra["place"] = lookup(found.column("place_id"), source.dimension("places"), "place_id", "name_en")
    speakers = _speakers_of(source, found.column("quote_id"))
    by_quote = lookup(found.column("quote_id"), speakers, "quote_id", "speaker_id")
    claim_ids = pc.filter(found.column("claim_id"), pc.is_null(by_quote))
    claim_ids = qa.flat(pc.unique(pc.drop_null(claim_ids)))
    claimants = source.scan("claims", ["claim_id", "claimant_id"], In("claim_id", claim_ids))
    by_claim = lookup(found.column("claim_id"), claimants, "claim_id", "claimant_id")
    extra["speaker_id"] = pc.coalesce(by_quote, by_claim)
    extra["speaker"] = lookup(extra["speaker_id"], source.dimension("people"), "person_id", "name")
    result = qa.table(
        {name: extra[name] if name in extra else found.column(name) for name in STATISTIC_COLUMNS}
    )
    return order(result, [("date", "ascending"), ("statistic_id", "ascending")])


def _country_codes(source: TableSource, country: object) -> Any:
    """The ISO codes of the countries named by ``country`` (codes, ids or names)."""
    import pyarrow.compute as pc

    table = source.dimension("places")
    ids = resolve_places(table, country, argument="country")
    codes = pc.drop_null(
        table.column("iso_3166_1").filter(pc.is_in(table.column("place_id"), value_set=qa.strings(ids)))
    )
    if len(codes) == 0:
        message = f"country={country!r} names places without an ISO 3166-1 code: name a country"
        raise InvalidArgumentError(message)
    return qa.flat(codes)


def _place_role_counts(source: TableSource) -> pa.Table:
    """The number of mentions of each (place, role): one scan of two columns, kept per source.

    Counted per role with ``value_counts`` (Arrow's ``group_by`` would import pandas).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    mentioned = source.scan("place_mentions", ["place_id", "role"], None, decode=False)
    place_ids = mentioned.column("place_id")
    parts: dict[str, list[Any]] = {"place_id": [], "role": [], "n": []}
    for one in ROLE:
        counts = pc.value_counts(place_ids.filter(In("role", qa.strings([one])).mask(mentioned)))
        values = counts.field("values")
        if pa.types.is_dictionary(values.type):
            values = pc.cast(values, pa.string())
        parts["place_id"].extend(values.to_pylist())
        parts["role"].extend([one] * len(values))
        parts["n"].extend(counts.field("counts").to_pylist())
    return qa.table(
        {
            "place_id": qa.strings(parts["place_id"]),
            "role": qa.strings(parts["role"]),
            "n": qa.ints(parts["n"]),
        }
    )


def places(
    source: TableSource, *, kind: object = None, country: object = None, role: object = None
) -> pa.Table:
    """The gazetteer with each place's number of mentions (of ``role`` when given)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    roles = None if role is None else qa.strings(vocabulary_values("role", role, ROLE))
    table = source.dimension("places")
    keep = None
    if kind is not None:
        keep = pc.is_in(
            table.column("kind"), value_set=qa.strings(vocabulary_values("kind", kind, PLACE_KIND))
        )
    if country is not None:
        same = pc.fill_null(
            pc.is_in(table.column("iso_3166_1"), value_set=_country_codes(source, country)), qa.scalar(False)
        )
        keep = same if keep is None else pc.and_(keep, same)
    if keep is not None:
        table = table.filter(keep)
    counts = source.memo("place_role_counts", lambda: _place_role_counts(source))
    if roles is not None:
        counts = counts.filter(pc.is_in(counts.column("role"), value_set=roles))
    totals: dict[str, int] = {}
    for place_id, n in zip(
        counts.column("place_id").to_pylist(), counts.column("n").to_pylist(), strict=True
    ):
        totals[place_id] = totals.get(place_id, 0) + n
    tally = qa.table({"place_id": qa.strings(list(totals)), "n": qa.ints(list(totals.values()))})
    per_place = pc.fill_null(lookup(table.column("place_id"), tally, "place_id", "n"), qa.scalar(0))
    result = table.append_column(pa.field("mentions", pa.int64()), pc.cast(per_place, pa.int64()))
    if role is not None:
        result = result.filter(pc.greater(result.column("mentions"), qa.scalar(0)))
    return order(result, [("mentions", "descending"), ("place_id", "ascending")])


MENTION_COLUMNS = [
    "mention_id",
    "place_id",
    "place",
    "text",
    "role",
    "date",
    "date_precision",
    "appearance_id",
    "outlet",
    "title",
    "quote_id",
    "speaker_id",
    "speaker",
    "claim_id",
    "span_start",
    "span_end",
]


def mentions(source: TableSource, place: object, *, role: object = None) -> pa.Table:
    """Every mention of ``place`` (of ``role`` when given), with where and by whom."""
    parts: list[Predicate | None] = [
        In("place_id", qa.strings(resolve_places(source.dimension("places"), place)))
    ]
    if role is not None:
        parts.append(In("role", qa.strings(vocabulary_values("role", role, ROLE))))
    stored = source.has_column("place_mentions", "speaker_id")  # from dataset 1.1.0
    own = [c for c in MENTION_COLUMNS if c not in ("place", "date", "date_precision", "outlet", "title")]
    own = [c for c in own if c != "speaker" and (stored or c != "speaker_id")]
    found = source.scan("place_mentions", own, all_of(parts))
    extra = _with_appearance(found, source)
    extra["place"] = lookup(found.column("place_id"), source.dimension("places"), "place_id", "name_en")
    if not stored:  # 1.0.x: the speaker of each mention's quote, looked up in quotes
        speakers = _speakers_of(source, found.column("quote_id"))
        extra["speaker_id"] = lookup(found.column("quote_id"), speakers, "quote_id", "speaker_id")
    else:
        extra["speaker_id"] = found.column("speaker_id")
    extra["speaker"] = lookup(extra["speaker_id"], source.dimension("people"), "person_id", "name")
    result = qa.table(
        {name: extra[name] if name in extra else found.column(name) for name in MENTION_COLUMNS}
    )
    return order(result, [("date", "ascending"), ("mention_id", "ascending")])


def appearances(
    source: TableSource,
    *,
    since: object = None,
    until: object = None,
    medium: object = None,
    genre: object = None,
    outlet: object = None,
) -> pa.Table:
    """Appearances passing every filter given, oldest first."""
    table = source.dimension("appearances")
    low, high = date_bounds(since, until)
    parts: list[Predicate | None] = []
    if low is not None or high is not None:
        parts.append(Between("date", low, high))
    if medium is not None:
        parts.append(In("medium", qa.strings(vocabulary_values("medium", medium, MEDIUM))))
    if genre is not None:
        parts.append(In("genre", qa.strings(vocabulary_values("genre", genre, GENRE))))
    parts.append(_text_filter(source, "appearances", ("outlet", "programme"), outlet, "outlet"))
    where = all_of(parts)
    if where is not None:
        table = table.filter(where.mask(table))
    return order(table, [("date", "ascending"), ("appearance_id", "ascending")])


_PERIODS = ("month", "year")


def _sum_by_position(positions: pa.Array, amounts: pa.Array, size: int) -> pa.Array:
    """The sum of ``amounts`` at each of ``size`` positions (``positions`` gives each amount's), as int64.

    Sorted by position, the amounts' running total read at the end of each position's run
    gives its sum (the run's total minus the one before). Arrow's ``group_by`` and NumPy's
    ``bincount`` (through ``to_numpy``) would import pandas, which the helpers never load.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _sum_by_position(pa.array([2, 0, 2]), pa.array([5, 1, 7]), 4).to_pylist()
    [1, 0, 12, 0]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # No Python scalar enters a kernel: converting one imports pandas too.
    by_position = pc.sort_indices(positions)
    running = pc.cumulative_sum(pc.cast(amounts.take(by_position), pa.int64()))
    running = pa.concat_arrays([qa.ints([0]), running])  # running[i]: the first i amounts' total
    runs = pc.value_counts(positions.take(by_position))  # ascending: the order of first sight
    lengths = pc.cast(runs.field("counts"), pa.int64())
    ends = pc.cumulative_sum(lengths)
    sums = pc.subtract(running.take(ends), running.take(pc.subtract(ends, lengths)))
    where = pc.index_in(qa.ints(range(size)), value_set=pc.cast(runs.field("values"), pa.int64()))
    return pc.fill_null(sums.take(where), qa.ints([0])[0])


def _quotes_per_appearance(part: pa.Table) -> pa.Table:
    """The number of rows of ``part`` per ``appearance_id`` (as strings), without decoding every row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = part.column("appearance_id").combine_chunks()
    counts = pc.value_counts(column)
    values = counts.field("values")
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    return qa.table({"appearance_id": values, "n": pc.cast(counts.field("counts"), pa.int64())})


def _quote_counts(source: TableSource, appearances: pa.Table) -> pa.Table:
    """The number of quotes of each row of ``appearances`` (column ``n``, in its row order).

    One scan of one column, kept per source. Quotes are counted per row group on the
    dictionary's codes where the column is read dictionary-encoded (no quote's appearance
    id is decoded or hashed); those counts (one per appearance and row group) are then
    summed per row of ``appearances``. A quote of an appearance not in the table counts
    nowhere.
    """
    import pyarrow.compute as pc

    counted = source.scan("quotes", ["appearance_id"], None, _quotes_per_appearance, decode=False)
    row = pc.index_in(counted.column("appearance_id"), value_set=appearances.column("appearance_id"))
    known = pc.is_valid(row)
    per_row = _sum_by_position(
        qa.flat(row.filter(known)), qa.flat(counted.column("n").filter(known)), appearances.num_rows
    )
    return qa.table({"n": per_row})


def timeline(source: TableSource, by: object = "month") -> pa.Table:
    """Appearances and quotes per month or year, oldest period first.

    The quotes of each appearance are counted once per source and kept (as the mentions
    per place and role are), so a second timeline, by month or by year, reads no quote.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if by not in _PERIODS:
        message = f"Unknown period by={by!r}. Accepted values: {', '.join(_PERIODS)}"
        raise InvalidArgumentError(message)
    apps = source.dimension("appearances")
    period = pc.floor_temporal(apps.column("date"), unit=str(by))
    per_app = pc.value_counts(period)
    quotes_of_app = source.memo("quotes_per_appearance", lambda: _quote_counts(source, apps)).column("n")
    # Summed per period by its position among the periods.
    values = per_app.field("values")
    position = pc.index_in(period, value_set=values)
    known = pc.is_valid(position)  # an appearance without a date is in no period
    quotes_per = _sum_by_position(
        qa.flat(position.filter(known)), qa.flat(quotes_of_app.filter(known)), len(values)
    )
    result = qa.table(
        {
            "period": values,
            "appearances": pc.cast(per_app.field("counts"), pa.int64()),
            "quotes": pc.cast(quotes_per, pa.int64()),
        }
    )
    return order(result, [("period", "ascending")])
