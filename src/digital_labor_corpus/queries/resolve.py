"""Turn what a user types into the corpus's ids and values, or explain what is accepted.

A person, place or topic may be given by its id or by a name as a user types it:
``"Antonio Casilli"``, ``"casilli"``, ``"Madagascar"``, ``"MG"``, ``"modération"``. Names
match whatever their case, accents, apostrophes or spaces: first a whole name, then a
record whose name holds every word typed. A name that matches several records, or none,
raises an error that lists the candidates or the closest names.

Each small table (people, places, topics) is folded once, with Arrow compute, into a
:class:`NameIndex`: its ids, each record's folded names and their words. The index is
kept for as long as the table object lives (a corpus keeps its small tables), and it
remembers every name it has resolved, so a repeated question costs a dictionary look-up.
Indexes and their memories are guarded by a lock: threads may share a corpus.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from digital_labor_corpus.exceptions import AmbiguousRecordError, InvalidArgumentError, UnknownRecordError
from digital_labor_corpus.queries.folding import fold_search

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "as_strings",
    "close_records",
    "date_bounds",
    "resolve_appearances",
    "resolve_people",
    "resolve_places",
    "resolve_topics",
    "vocabulary_values",
    "years",
]

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Combining accents, and runs of what is not a letter or digit (ASCII and Latin-1 punctuation,
# general punctuation, symbols): written as code-point ranges, which RE2 compiles far faster
# than the Unicode classes \p{Mn} or \p{L}.
_MARKS = "[\\x{300}-\\x{36f}\\x{1ab0}-\\x{1aff}\\x{1dc0}-\\x{1dff}\\x{20d0}-\\x{20ff}]"
_NOT_LETTERS = "[^a-z0-9\\x{c0}-\\x{2ff}\\x{370}-\\x{1fff}\\x{2c00}-\\x{d7ff}\\x{f900}-\\x{10ffff}]+"


def as_strings(argument: str, value: object) -> list[str]:
    """``value`` as a list of strings: one string, or a list, tuple or set of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset) and value and all(isinstance(v, str) for v in value):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    message = f"{argument} must be a string or a non-empty list of strings, not {value!r}"
    raise InvalidArgumentError(message)


def _labels(table: pa.Table, key: str, names: Sequence[str]) -> dict[str, str]:
    """Each record's id and the names it is known by (for messages: small tables only)."""
    rows = table.select([key, *names]).to_pylist()
    return {row[key]: " / ".join(str(row[n]) for n in names if row[n] is not None) for row in rows}


def close_records(value: str, labels: Mapping[str, str], n: int = 5) -> list[str]:
    """The ids whose id or names look most like ``value``, for an error message.

    Examples
    --------
    >>> close_records("casili", {"antonio-casilli": "Antonio A. Casilli", "paola-tubaro": "Paola Tubaro"})
    ['antonio-casilli']
    """
    folded = fold_search(value)
    choices: dict[str, str] = {}
    for key, label in labels.items():
        choices.setdefault(fold_search(key.replace("-", " ")), key)
        for name in label.split(" / "):
            choices.setdefault(fold_search(name), key)
            for word in fold_search(name).split():
                choices.setdefault(word, key)
    found: list[str] = []
    for match in difflib.get_close_matches(folded, list(choices), n=n * 3, cutoff=0.6):
        if choices[match] not in found:
            found.append(choices[match])
    return found[:n]


def _describe(ids: Iterable[str], labels: Mapping[str, str]) -> str:
    return ", ".join(f"{key!r} ({labels[key]})" if labels.get(key) else repr(key) for key in ids)


def folded_words(values: Any) -> Any:
    """A string column folded as :func:`fold_search` folds, with punctuation as single spaces.

    ``"Marie-Amélie Carpio"`` becomes ``"marie amelie carpio"``; vectorised over the column.
    """
    import pyarrow.compute as pc

    folded = pc.utf8_normalize(values, form="NFKD")
    folded = pc.replace_substring_regex(folded, pattern=_MARKS, replacement="")
    folded = pc.utf8_lower(folded)
    for ligature, spelt in (("œ", "oe"), ("æ", "ae")):
        folded = pc.replace_substring(folded, pattern=ligature, replacement=spelt)
    folded = pc.replace_substring_regex(folded, pattern=_NOT_LETTERS, replacement=" ")
    return pc.utf8_trim_whitespace(folded)


class NameIndex:
    """The ids of one small table and its records' names folded into words, computed once.

    ``whole`` maps each folded name (``"antonio a casilli"``) to the ids that bear it;
    ``words`` holds, per record, the set of words of each of its names. :meth:`resolve`
    answers from them and remembers each answer.
    """

    def __init__(self, table: pa.Table, key: str, names: Sequence[str]) -> None:
        ids: list[str] = table.column(key).to_pylist()
        folded = [folded_words(table.column(column)).to_pylist() for column in (key, *names)]
        self._table = weakref.ref(table)  # not kept alive by its own index
        self.key = key
        self.names = tuple(names)
        self.ids = ids
        self.known = frozenset(ids)
        self.whole: dict[str, list[str]] = {}
        self.words: list[tuple[str, tuple[frozenset[str], ...]]] = []
        for row, record in enumerate(ids):
            forms = [column[row] for column in folded if column[row]]
            for form in forms:
                bearers = self.whole.setdefault(form, [])
                if record not in bearers:
                    bearers.append(record)
            self.words.append((record, tuple(frozenset(form.split()) for form in forms)))
        self._labels: dict[str, str] | None = None
        self._resolved: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    @property
    def table(self) -> pa.Table:
        """The table indexed (alive while anyone asks: callers hold it)."""
        table = self._table()
        if table is None:  # pragma: no cover - an index is only reached through its live table
            raise RuntimeError("the indexed table is gone")
        return table

    def labels(self) -> dict[str, str]:
        """Each id and the names it is known by, for error messages."""
        if self._labels is None:
            self._labels = _labels(self.table, self.key, self.names)
        return self._labels

    def resolve(self, what: str, argument: str, value: str) -> list[str]:
        """The id that ``value`` names: by id, by whole name, then by its words (remembered)."""
        return self.remember(value, lambda: self._resolve(what, argument, value))

    def remember(self, value: str, compute: Callable[[], list[str]]) -> list[str]:
        """``compute()``, the first time ``value`` is asked for; the remembered ids after."""
        with self._lock:
            cached = self._resolved.get(value)
        if cached is not None:
            return list(cached)
        found = compute()
        with self._lock:
            self._resolved.setdefault(value, found)
        return list(found)

    def _resolve(self, what: str, argument: str, value: str) -> list[str]:
        if value in self.known:
            return [value]
        words = re.findall(r"[^\W_]+", fold_search(value))
        if not words:
            message = f"{argument}={value!r} names no {what}: give an id or a name"
            raise InvalidArgumentError(message)
        found = list(self.whole.get(" ".join(words), []))
        if not found:
            wanted = set(words)
            found = [record for record, forms in self.words if any(wanted <= form for form in forms)]
            found = list(dict.fromkeys(found))
        if len(found) == 1:
            return found
        labels = self.labels()
        if found:
            shown = sorted(found)
            more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
            message = (
                f"{argument}={value!r} is ambiguous: it matches {len(shown)} {what}s: "
                f"{_describe(shown[:10], labels)}{more}. Pass one of these ids, or a list of them"
            )
            raise AmbiguousRecordError(message)
        close = close_records(value, labels)
        hint = f" Close matches: {_describe(close, labels)}." if close else ""
        message = (
            f"No {what} matches {argument}={value!r}.{hint} Pass an id or a name as the corpus writes it"
        )
        raise UnknownRecordError(message)


# id(table) -> (a weak reference to the table, its indexes); an entry goes with its table.
_INDEXES: dict[int, tuple[weakref.ref[Any], dict[tuple[str, tuple[str, ...]], NameIndex]]] = {}
_INDEXES_LOCK = threading.Lock()


def _forget(key: int) -> None:
    with _INDEXES_LOCK:
        _INDEXES.pop(key, None)


def name_index(table: pa.Table, key: str, names: Sequence[str]) -> NameIndex:
    """The :class:`NameIndex` of ``table`` by ``key`` and ``names``, built on first use and kept
    while the table lives (one per corpus and table: a corpus keeps its small tables)."""
    wanted = (key, tuple(names))
    with _INDEXES_LOCK:
        entry = _INDEXES.get(id(table))
        cached = entry[1].get(wanted) if entry is not None and entry[0]() is table else None
    if cached is not None:
        return cached
    built = NameIndex(table, key, names)
    with _INDEXES_LOCK:
        entry = _INDEXES.get(id(table))
        if entry is None or entry[0]() is not table:
            entry = (weakref.ref(table), {})
            _INDEXES[id(table)] = entry
            weakref.finalize(table, _forget, id(table))
        return entry[1].setdefault(wanted, built)


def _resolve_one(
    what: str, argument: str, value: str, table: pa.Table, *, key: str, names: Sequence[str]
) -> list[str]:
    """The id that ``value`` names in ``table``: by id, by whole name, then by its words."""
    return name_index(table, key, names).resolve(what, argument, value)


def resolve_people(people: pa.Table, value: object, argument: str = "speaker") -> list[str]:
    """The person ids named by ``value``: ids or names, one or a list.

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> resolve_people(load("people"), "CASILLI")
    ['antonio-casilli']
    """
    found: list[str] = []
    for one in as_strings(argument, value):
        found.extend(_resolve_one("person", argument, one, people, key="person_id", names=["name"]))
    return list(dict.fromkeys(found))


def resolve_topics(topics: pa.Table, value: object, argument: str = "topic") -> list[str]:
    """The topic ids named by ``value``: ids or English or French labels.

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> resolve_topics(load("topics"), "Rémunération")
    ['pay']
    """
    found: list[str] = []
    for one in as_strings(argument, value):
        found.extend(
            _resolve_one("topic", argument, one, topics, key="topic_id", names=["label_en", "label_fr"])
        )
    return list(dict.fromkeys(found))


def resolve_places(places: pa.Table, value: object, argument: str = "place") -> list[str]:
    """The place ids named by ``value``: ids, English or French names, or ISO 3166-1 codes.

    A two-letter code names the country with that code (``"MG"`` is Madagascar).

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> resolve_places(load("places"), ["mg", "Égypte"])
    ['madagascar', 'egypt']
    """
    index = name_index(places, "place_id", ["name_en", "name_fr"])
    found: list[str] = []
    for one in as_strings(argument, value):
        if len(one) == 2 and one.isascii() and one.isalpha():
            code = f"\0code:{argument}:{one}"  # remembered apart from names
            found.extend(index.remember(code, partial(_by_code, index, argument, one)))
            continue
        found.extend(index.resolve("place", argument, one))
    return list(dict.fromkeys(found))


def _by_code(index: NameIndex, argument: str, code: str) -> list[str]:
    """The place a two-letter value names: the country with that ISO code, else the one place
    with it, else the place of that name."""
    import pyarrow.compute as pc

    from digital_labor_corpus.queries import compute as qa

    places = index.table
    same = pc.fill_null(pc.equal(places.column("iso_3166_1"), qa.scalar(code.upper())), qa.scalar(False))
    country = pc.and_(same, pc.equal(places.column("kind"), qa.scalar("country")))
    for mask in (country, same):
        ids: list[str] = places.column("place_id").filter(mask).to_pylist()
        if len(ids) == 1:
            return ids
    return index.resolve("place", argument, code)


def resolve_appearances(appearances: pa.Table, value: object) -> list[str]:
    """The appearance ids in ``value``, each checked to exist (with close ids when not)."""
    import pyarrow.compute as pc

    from digital_labor_corpus.queries import compute as qa

    wanted = as_strings("appearance", value)
    ids = appearances.column("appearance_id")
    present = set(pc.filter(ids, pc.is_in(ids, value_set=qa.strings(wanted))).to_pylist())
    for one in wanted:
        if one not in present:
            close = nearest_ids(ids, one)
            hint = f" Close matches: {', '.join(repr(c) for c in close)}." if close else ""
            message = f"No appearance has appearance_id {one!r}.{hint}"
            raise UnknownRecordError(message)
    return list(dict.fromkeys(wanted))


def nearest_ids(ids: Any, value: str, n: int = 5) -> list[str]:
    """Up to ``n`` of ``ids`` close to ``value``, looked for among its neighbours in sort order."""
    import pyarrow.compute as pc

    from digital_labor_corpus.queries import compute as qa

    if len(ids) == 0:
        return []
    ordered = ids.take(pc.sort_indices(ids))
    position = int(pc.sum(pc.cast(pc.less(ordered, qa.scalar(value)), "int64")).as_py() or 0)
    lowest = max(0, position - 50)
    window = ordered.slice(lowest, 100).to_pylist()
    return difflib.get_close_matches(value, window, n=n, cutoff=0.6)


def vocabulary_values(argument: str, value: object, vocabulary: Mapping[str, str]) -> list[str]:
    """``value`` (one value or a list) checked against a closed vocabulary, case-insensitively.

    Examples
    --------
    >>> from digital_labor_corpus.schema.vocabularies import QUOTE_KIND
    >>> vocabulary_values("kind", "Answer", QUOTE_KIND)
    ['answer']
    """
    accepted = list(vocabulary)
    found = []
    for one in as_strings(argument, value):
        folded = fold_search(one).replace(" ", "_")
        if folded in vocabulary:
            found.append(folded)
            continue
        close = difflib.get_close_matches(folded, accepted, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        message = f"Unknown {argument} {one!r}. Accepted values: {', '.join(accepted)}.{hint}"
        raise InvalidArgumentError(message)
    return list(dict.fromkeys(found))


def _parse_date(argument: str, value: object, end: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        message = f"{argument} must be a date, not the datetime {value!r}: pass {argument}=value.date()"
        raise InvalidArgumentError(message)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = _ISO_DATE.match(value.strip())
        if found:
            year, month, day = found.groups()
            try:
                if day is not None:
                    return dt.date(int(year), int(month), int(day))
                if month is not None:
                    first = dt.date(int(year), int(month), 1)
                    if not end:
                        return first
                    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                    return following - dt.timedelta(days=1)
                return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
            except ValueError:
                pass
    message = (
        f"{argument} must be a datetime.date or an ISO date string (YYYY-MM-DD, YYYY-MM or YYYY), "
        f"not {value!r}"
    )
    raise InvalidArgumentError(message)


def date_bounds(since: object, until: object) -> tuple[dt.date | None, dt.date | None]:
    """``since`` and ``until`` as dates, inclusive; a year or month spans the whole period.

    Examples
    --------
    >>> date_bounds("2020", "2020-02")
    (datetime.date(2020, 1, 1), datetime.date(2020, 2, 29))
    """
    low = None if since is None else _parse_date("since", since, end=False)
    high = None if until is None else _parse_date("until", until, end=True)
    if low is not None and high is not None and low > high:
        message = f"since={since!r} is after until={until!r}: nothing can lie between them"
        raise InvalidArgumentError(message)
    return low, high


def years(value: object) -> list[int]:
    """A year or a list of years, as ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if (
        isinstance(value, list | tuple | set | frozenset)
        and value
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return sorted(value)
    message = f"year must be a year such as 2018 or a list of years, not {value!r}"
    raise InvalidArgumentError(message)
