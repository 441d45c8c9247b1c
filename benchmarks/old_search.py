"""The baseline of the search benchmark: the regex scan that ``Corpus.search`` ran before FTS5.

Kept here only to be measured against (issue 10): it matched strings inside words, so its
hits are not the FTS5 engine's. :func:`old_search` is the former ``run_search`` without
``lang``.

Full-text search that ignores case, accents, apostrophe style and kind of space.

The query is folded (:func:`~digital_labor_corpus.queries.folding.fold_search`) and turned into one
regular expression that matches every spelling of it in the *original* text: each
letter becomes the class of its accented forms, each apostrophe any apostrophe, each
space any run of spaces (no-break, thin ...). The expression is valid both for RE2,
which Arrow runs over whole columns at once, and for Python's :mod:`re`, which finds
the snippet of the few hits shown, so the corpus is never folded or copied to search it.

Examples
--------
>>> import re
>>> pattern = search_pattern("l'IA modération")
>>> bool(re.search(pattern, "de l\u2019ia\u00a0Modération des contenus"))
True
>>> bool(re.search(pattern, "l'IA moderations"))
True
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.queries.folding import fold_search

if TYPE_CHECKING:
    import pyarrow as pa

    from digital_labor_corpus.queries.scan import Predicate, TableSource

__all__ = ["SEARCHABLE", "old_search", "search_pattern", "search_table", "word_pattern"]

_MARKS = "[\u0300-\u036f]*"
_SPACES = "[\\t\\n\\f\\r \u00a0\u2000-\u200a\u202f\u205f\u3000]+"
_APOSTROPHES = "['\u2018\u2019\u02bc\u00b4`]"
_QUOTES = '["\u201c\u201d\u00ab\u00bb\u201e]'
_HYPHENS = "[-\u2010\u2011\u2012\u2013]"
_SPECIAL = set("\\.^$|?*+()[]{}")
_LIGATURES = {"oe": "\u0153\u0152", "ae": "\u00e6\u00c6"}


@cache
def _letter_classes() -> dict[str, str]:
    """Each ASCII letter's regex class: itself, its capital and every accented form."""
    variants: dict[str, set[str]] = defaultdict(set)
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if (
            len(decomposed) > 1
            and base.isascii()
            and base.isalpha()
            and all(unicodedata.combining(c) for c in decomposed[1:])
        ):
            variants[base.lower()].add(char)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        letter: "[" + letter + letter.upper() + "".join(sorted(variants[letter])) + "]" + _MARKS
        for letter in letters
    }


def _escape(char: str) -> str:
    return "\\" + char if char in _SPECIAL else char


def _pieces(folded: str) -> list[str]:
    classes = _letter_classes()
    pieces: list[str] = []
    at = 0
    while at < len(folded):
        pair = folded[at : at + 2]
        char = folded[at]
        if pair in _LIGATURES:
            spelt = classes[pair[0]] + classes[pair[1]]
            pieces.append(f"(?:{spelt}|[{_LIGATURES[pair]}])")
            at += 2
            continue
        if char == " ":
            pieces.append(_SPACES)
        elif char == "'":
            pieces.append(_APOSTROPHES)
        elif char == '"':
            pieces.append(_QUOTES)
        elif char == "-":
            pieces.append(_HYPHENS)
        elif char in classes:
            pieces.append(classes[char])
        else:
            pieces.append(_escape(char))
        at += 1
    return pieces


def search_pattern(text: object) -> str:
    """The case-insensitive regular expression matching every spelling of ``text``.

    Raises
    ------
    InvalidArgumentError
        For a query that is not a string or is blank.

    Examples
    --------
    >>> import re
    >>> bool(re.search(search_pattern("Égypte"), "en egypte"))
    True
    """
    if not isinstance(text, str):
        message = f"The search text must be a string, not {text!r}"
        raise InvalidArgumentError(message)
    folded = fold_search(text)
    if not folded:
        message = f"The search text {text!r} is blank: give at least one letter or digit"
        raise InvalidArgumentError(message)
    return "(?i)" + "".join(_pieces(folded))


def word_pattern(words: Sequence[str], *, whole: bool = False) -> str:
    """An RE2 expression matching folded ``words`` as whole words, in order, apart by non-letters.

    With ``whole``, the words must make up the whole value (punctuation aside).
    """
    gap = "[^\\pL\\pN]"
    body = f"{gap}+".join("".join(_pieces(word)) for word in words)
    if whole:
        return f"(?i)^{gap}*{body}{gap}*$"
    return f"(?i)(?:^|{gap}){body}(?:$|{gap})"


@attrs.frozen
class _Field:
    """A searchable column and, for verbatim text, where its language comes from."""

    column: str
    translation: bool


# For each searchable table: its key, person column, and text columns (verbatim first).
SEARCHABLE: dict[str, tuple[str, str | None, tuple[_Field, ...]]] = {
    "quotes": ("quote_id", "speaker_id", (_Field("text", False), _Field("text_en", True))),
    "claims": ("claim_id", "claimant_id", (_Field("text", False), _Field("statement_en", True))),
    "statistics": ("statistic_id", None, (_Field("text", False), _Field("measure_en", True))),
    "appearances": ("appearance_id", None, (_Field("title", False), _Field("summary_en", True))),
}


def _eligibility(
    source: TableSource, table: str, field: _Field, lang: str | None
) -> tuple[bool, Predicate | None]:
    """Whether ``field`` is searched for ``lang``, and the row filter that picks its rows."""
    from digital_labor_corpus.queries import compute as qa
    from digital_labor_corpus.queries.scan import In

    if lang is None:
        return True, None
    if field.translation:
        return lang == "en", None
    if table in ("quotes", "appearances"):
        return True, In("language", qa.strings([lang]))
    import pyarrow.compute as pc

    appearances = source.dimension("appearances")
    same = pc.equal(appearances.column("language"), qa.scalar(lang))
    return True, In("appearance_id", qa.flat(appearances.column("appearance_id").filter(same)))


def _scored(
    part: pa.Table,
    pattern: str,
    fields: list[tuple[_Field, Any]],
    *,
    key: str,
    person: str | None,
    table: str,
) -> pa.Table:
    """The rows of ``part`` that hold the pattern, scored by its occurrences in the eligible fields.

    One pass of the regular expression per field both finds and counts the matches (a
    separate yes/no pass first is slower as soon as a word is common).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from digital_labor_corpus.queries import compute as qa

    zero = qa.scalar(0)
    counted = []
    score = None
    for field, eligible in fields:
        counts = pc.cast(pc.count_substring_regex(part.column(field.column), pattern=pattern), pa.int64())
        counts = pc.fill_null(counts, zero)
        if eligible is not None:
            counts = pc.if_else(eligible.mask(part), counts, zero)
        counted.append(counts)
        score = counts if score is None else pc.add(score, counts)
    assert score is not None  # fields is never empty
    keep = pc.greater(score, zero)
    part = part.filter(keep)
    score = score.filter(keep)
    counted = [counts.filter(keep) for counts in counted]
    null_text, null_int = qa.strings([None])[0], qa.ints([None])[0]
    first_field = length = matched = None
    for (field, _), counts in zip(fields, counted, strict=True):
        has = pc.greater(counts, zero)
        text = part.column(field.column)
        size = pc.cast(pc.utf8_length(text), pa.int64())
        this = (pc.if_else(has, qa.scalar(field.column), null_text), pc.if_else(has, size, null_int))
        here = pc.if_else(has, text, null_text)
        if first_field is None:
            first_field, length, matched = this[0], this[1], here
        else:
            first_field = pc.coalesce(first_field, this[0])
            length = pc.coalesce(length, this[1])
            matched = pc.coalesce(matched, here)
    rows = part.num_rows
    return qa.table(
        {
            "table": pa.repeat(qa.scalar(table), rows),
            "record_id": part.column(key),
            "appearance_id": part.column("appearance_id"),
            "person_id": part.column(person) if person else qa.strings([None] * rows),
            "field": first_field,
            "score": score,
            "length": length,
            "matched_text": matched,
        }
    )


def search_table(
    source: TableSource, table: str, pattern: str, lang: str | None, limit: int | None
) -> pa.Table:
    """The best ``limit`` hits of ``pattern`` in one table, scored, before joins and snippets."""
    from digital_labor_corpus.queries.scan import AnyOf

    key, person, all_fields = SEARCHABLE[table]
    fields: list[tuple[_Field, Any]] = []
    for field in all_fields:
        searched, only = _eligibility(source, table, field, lang)
        if searched:
            fields.append((field, only))
    if not fields:
        return _empty_hits()
    columns = [key, "appearance_id"] + ([person] if person else [])
    for field, only in fields:
        columns.append(field.column)
        if only is not None:
            columns.extend(sorted(only.columns()))
    columns = list(dict.fromkeys(columns))
    limits = [only for _, only in fields]
    where = None
    if all(only is not None for only in limits):
        kept = tuple(only for only in limits if only is not None)
        where = kept[0] if len(kept) == 1 else AnyOf(kept)

    def best(part: pa.Table) -> pa.Table:
        return top(_scored(part, pattern, fields, key=key, person=person, table=table), limit)

    return top(source.scan(table, columns, where, finish=best), limit)


def _empty_hits() -> pa.Table:
    import pyarrow as pa

    from digital_labor_corpus.queries.compute import empty_table

    return empty_table(
        pa.schema(
            [
                ("table", pa.string()),
                ("record_id", pa.string()),
                ("appearance_id", pa.string()),
                ("person_id", pa.string()),
                ("field", pa.string()),
                ("score", pa.int64()),
                ("length", pa.int64()),
                ("matched_text", pa.string()),
            ]
        )
    )


def top(hits: pa.Table, limit: int | None) -> pa.Table:
    """The ``limit`` best hits: most occurrences first, then the shortest text, then by id."""
    import pyarrow.compute as pc

    keys = [
        ("score", "descending"),
        ("length", "ascending"),
        ("table", "ascending"),
        ("record_id", "ascending"),
    ]
    if limit is not None and hits.num_rows > limit:
        indices = pc.select_k_unstable(hits, k=limit, sort_keys=keys)
        hits = hits.take(indices)
    return hits.take(pc.sort_indices(hits, sort_keys=keys))


def snippet(text: str, pattern: str, width: int = 80) -> tuple[str, str]:
    """The passage of ``text`` around the first match of ``pattern`` and the matched words.

    Examples
    --------
    >>> snippet("Le travail du clic à Madagascar et en Égypte.", search_pattern("egypte"), width=10)
    ('… et en Égypte.', 'Égypte')
    """
    import re

    found = re.search(pattern, text)
    if found is None:
        start = end = 0
    else:
        start, end = found.span()
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = " ".join(text[left:right].split())
    prefix = "… " if left > 0 else ""
    suffix = " …" if right < len(text) else ""
    return prefix + body + suffix, text[start:end]


def old_search(source: TableSource, text: str, limit: int | None = 20) -> pa.Table:
    """The former ``Corpus.search(text, limit=limit)`` over quotes and claims: scan, rank, cut snippets."""
    import pyarrow as pa

    from digital_labor_corpus.queries import compute as qa
    from digital_labor_corpus.queries.helpers import lookup

    pattern = search_pattern(text)
    parts = [search_table(source, name, pattern, None, limit) for name in ("quotes", "claims")]
    hits = top(pa.concat_tables(parts), limit)
    cut = [snippet(value or "", pattern) for value in hits.column("matched_text").to_pylist()]
    dates = lookup(hits.column("appearance_id"), source.dimension("appearances"), "appearance_id", "date")
    names = lookup(hits.column("person_id"), source.dimension("people"), "person_id", "name")
    return qa.table(
        {
            "table": hits.column("table"),
            "record_id": hits.column("record_id"),
            "score": hits.column("score"),
            "snippet": qa.strings([piece for piece, _ in cut]),
            "date": dates,
            "person": names,
        }
    )
