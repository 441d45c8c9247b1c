"""Citations of a record: the media item it comes from, the source that reports it, the corpus.

A quote is cited under its speaker's name, a claim under its claimant's, a figure under
the name of whoever states it; a record with no person (a place mention, a claim in
narration, an appearance) under the outlet. The item's date is written to the precision
the corpus knows it. Nothing the corpus does not hold (a URL, a page) is invented.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from digital_labor_corpus.exceptions import CorpusIntegrityError, InvalidArgumentError
from digital_labor_corpus.queries.context import find_record
from digital_labor_corpus.schema.catalog import close_matches
from digital_labor_corpus.schema.vocabularies import GENRE

if TYPE_CHECKING:
    from digital_labor_corpus.queries.sources import TableSource

__all__ = ["STYLES", "cite_record", "split_name"]

STYLES = ("apa", "chicago", "bibtex")
_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "del", "della"}
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def split_name(name: str) -> tuple[str, str]:
    """A person's name as (family name, given names); particles stay with the family name.

    Examples
    --------
    >>> split_name("Antonio A. Casilli")
    ('Casilli', 'Antonio A.')
    >>> split_name("Florent Le Bot")
    ('Le Bot', 'Florent')
    >>> split_name("Monroe")
    ('Monroe', '')
    """
    words = name.split()
    if len(words) <= 1:
        return name.strip(), ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def _initials(given: str) -> str:
    """``"Marie-Amélie"`` -> ``"M.-A."``, ``"Antonio A."`` -> ``"A. A."``."""
    out = []
    for word in given.split():
        pieces = [piece for piece in word.split("-") if piece]
        out.append("-".join(piece[0] + "." for piece in pieces))
    return " ".join(out)


class _Item(NamedTuple):
    """Everything a citation is made of."""

    record_id: str
    table: str
    person: str | None
    outlet: str
    programme: str | None
    genre: str
    title: str | None
    date: dt.date
    precision: str
    source_title: str
    source_author: str | None
    source_url: str | None
    version: str | None


def _check_style(style: object) -> str:
    if isinstance(style, str) and style.lower() in STYLES:
        return style.lower()
    hint = close_matches(style.lower(), STYLES) if isinstance(style, str) else []
    did = f" Did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
    message = f"Unknown citation style {style!r}. Accepted styles: {', '.join(STYLES)}.{did}"
    raise InvalidArgumentError(message)


def _item(source: TableSource, record_id: object, table: object) -> _Item:
    import pyarrow.compute as pc

    from digital_labor_corpus.queries import compute as qa
    from digital_labor_corpus.queries.predicates import In

    columns = ["appearance_id", "speaker_id", "claimant_id", "quote_id", "claim_id"]
    name, row = find_record(source, record_id, columns, table)
    # A quote's speaker or a claim's claimant; a place mention (whose speaker_id, from 1.1.0,
    # is its quote's) cites the item as before, without a person.
    person_id = (row.get("speaker_id") if name == "quotes" else None) or row.get("claimant_id")
    if person_id is None and name == "statistics":
        for linked, key, column in (
            ("quotes", "quote_id", "speaker_id"),
            ("claims", "claim_id", "claimant_id"),
        ):
            if row.get(key) is not None:
                rows = source.scan(linked, [column], In(key, qa.strings([row[key]])))
                person_id = rows.column(column)[0].as_py() if rows.num_rows else None
            if person_id is not None:
                break
    people = source.dimension("people")
    person = None
    if person_id is not None:
        match = people.filter(pc.equal(people.column("person_id"), qa.scalar(person_id)))
        person = match.column("name")[0].as_py() if match.num_rows else None
    apps = source.dimension("appearances")
    found = apps.filter(pc.equal(apps.column("appearance_id"), qa.scalar(row["appearance_id"]))).to_pylist()
    if not found:
        message = (
            f"{name} {record_id!r} names appearance {row['appearance_id']!r}, which {source.where} lacks"
        )
        raise CorpusIntegrityError(message)
    app = found[0]
    documents = source.scan(
        "sources", ["source_id", "title", "author", "url"], In("source_id", qa.strings([app["source_id"]]))
    ).to_pylist()
    if not documents:
        message = f"appearance {app['appearance_id']!r} names source {app['source_id']!r}, which {source.where} lacks"
        raise CorpusIntegrityError(message)
    sources = documents[0]
    return _Item(
        record_id=str(record_id),
        table=name,
        person=person,
        outlet=app["outlet"],
        programme=app["programme"],
        genre=app["genre"],
        title=app["title"],
        date=app["date"],
        precision=app["date_precision"],
        source_title=sources["title"],
        source_author=sources["author"],
        source_url=sources["url"],
        version=source.version,
    )


_RECORD_NAMES = {
    "quotes": "quote",
    "claims": "claim",
    "statistics": "statistic",
    "place_mentions": "place mention",
    "appearances": "appearance",
}


def _corpus_note(item: _Item) -> str:
    version = f"version {item.version}" if item.version else "unversioned"
    return f"digital-labor-corpus, {version}, {_RECORD_NAMES[item.table]} {item.record_id}"


def _genre(item: _Item) -> str:
    return item.genre.capitalize() if item.genre in GENRE else item.genre


def _apa(item: _Item) -> str:
    if item.person:
        family, given = split_name(item.person)
        author = f"{family}, {_initials(given)}" if given else family
    else:
        author = item.outlet
    when = str(item.date.year)
    if item.precision in ("day", "month"):
        when += f", {_MONTHS[item.date.month - 1]}"
    if item.precision == "day":
        when += f" {item.date.day}"
    title = f"{item.title} [{_genre(item)}]" if item.title else f"[{_genre(item)}]"
    where = item.outlet + (f", {item.programme}" if item.programme else "")
    reported = _reported(item)
    return f"{author.rstrip('.')}. ({when}). {title}. {where}. {reported}; {_corpus_note(item)}."


def _reported(item: _Item) -> str:
    by = f"{item.source_author}, " if item.source_author else ""
    url = f", {item.source_url}" if item.source_url else ""
    return f"Reported in {by}{item.source_title}{url}"


def _chicago(item: _Item) -> str:
    if item.person:
        family, given = split_name(item.person)
        author = f"{family}, {given}" if given else family
    else:
        author = item.outlet
    if item.precision == "day":
        when = f"{_MONTHS[item.date.month - 1]} {item.date.day}, {item.date.year}"
    elif item.precision == "month":
        when = f"{_MONTHS[item.date.month - 1]} {item.date.year}"
    else:
        when = str(item.date.year)
    title = f"\u201c{item.title}.\u201d " if item.title else ""
    where = item.outlet + (f", {item.programme}" if item.programme else "")
    return f"{author.rstrip('.')}. {title}{_genre(item)}. {where}, {when}. {_reported(item)}. {_corpus_note(item)}."


def _bibtex_value(text: str) -> str:
    out = []
    for char in text:
        if char in "{}\\":
            out.append({"{": "\\{", "}": "\\}", "\\": "\\textbackslash{}"}[char])
        elif char in "&%$#_":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _bibtex(item: _Item) -> str:
    if item.person:
        family, given = split_name(item.person)
        author = _bibtex_value(f"{family}, {given}" if given else family)
    else:
        author = "{" + _bibtex_value(item.outlet) + "}"
    fields: list[tuple[str, str]] = [("author", "{" + author + "}")]
    if item.title:
        fields.append(("title", "{" + _bibtex_value(item.title) + "}"))
    where = item.outlet + (f", {item.programme}" if item.programme else "")
    fields.append(("howpublished", "{" + _bibtex_value(f"{_genre(item)}, {where}") + "}"))
    fields.append(("year", "{" + str(item.date.year) + "}"))
    if item.precision in ("day", "month"):
        fields.append(("month", _BIBTEX_MONTHS[item.date.month - 1]))
    if item.precision == "day":
        fields.append(("date", "{" + item.date.isoformat() + "}"))
    note = f"{_reported(item)}; {_corpus_note(item)}"
    fields.append(("note", "{" + _bibtex_value(note) + "}"))
    if item.source_url:
        fields.append(("url", "{" + _bibtex_value(item.source_url) + "}"))
    key = "dlc:" + item.record_id
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body},\n}}"


def cite_record(source: TableSource, record_id: object, style: object, table: object = None) -> str:
    """The citation of ``record_id`` in ``style`` (``"apa"``, ``"chicago"`` or ``"bibtex"``)."""
    chosen = _check_style(style)
    item = _item(source, record_id, table)
    formats: dict[str, Any] = {"apa": _apa, "chicago": _chicago, "bibtex": _bibtex}
    result: str = formats[chosen](item)
    return result
