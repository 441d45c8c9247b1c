"""brat standoff export: each source as ``<source_id>.txt`` and ``<source_id>.ann``.

The ``.txt`` file is the source text, byte for byte in UTF-8 (line ends as they are). The
``.ann`` file holds, one per line, in brat's standoff format:

- ``T`` entities, one per record: ``Quote``, ``Claim``, ``Figure`` (a statistic) and
  ``PlaceMention``. A span that runs over a line break is written as brat writes it, as
  fragments (``10 20;22 31``) cut at the line breaks, its text the fragments joined by
  spaces;
- ``#`` notes (``AnnotatorNotes``) naming the record, ``TABLE:KEY``
  (``quotes:2022-12-09-humanite-interview-q07``), from which a reader recovers the table
  and key of every entity;
- ``A`` attributes: a quote's ``Speaker`` and ``Kind``, a claim's ``Claimant`` and
  ``ClaimType``, a figure's ``Unit``, a mention's ``Role``, the ``Place`` of a mention or
  figure (the ``person_id`` or ``place_id``, as in the tables);
- ``R`` relations: ``Answers`` from an answer to its question, ``ClaimIn`` from a claim
  to the quote that makes it, ``FigureIn`` from a figure to its quote.

``annotation.conf`` and ``visual.conf`` declare those types, so that the directory opens
as a brat collection; ``annotation.conf`` opens with a comment on offsets.

Offsets are Unicode code points into the ``.txt`` file, as in the tables and as brat's
server (Python) counts them. brat's browser client and other JavaScript tools count
UTF-16 code units, in which a character outside the Basic Multilingual Plane counts
twice: convert before comparing offsets there.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from digital_labor_corpus import load
>>> from digital_labor_corpus.schema.records import TABLES
>>> with tempfile.TemporaryDirectory() as out:
...     files = write({name: load(name) for name in TABLES}, Path(out), "1.0.1")
...     [path.name for path in files]
...     files[1].read_text(encoding="utf-8").splitlines()[0].split("\\t")[1].split(" ")[0]
['travail-du-clic-fr.txt', 'travail-du-clic-fr.ann', 'annotation.conf', 'visual.conf']
'Quote'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.layers import AnnotatedSource, Span, annotated_sources

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ENTITY_TYPES", "annotation_conf", "fragments", "standoff", "write"]

#: The brat entity type of each span table.
ENTITY_TYPES: Final = {
    "quotes": "Quote",
    "claims": "Claim",
    "statistics": "Figure",
    "place_mentions": "PlaceMention",
}
_ORDER: Final = ("quotes", "claims", "statistics", "place_mentions")
# Python's text files and brat's readers end a line at each of these.
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_VALUE = re.compile(r"^[A-Za-z0-9_.-]+$")
_COLOURS: Final = {"Quote": "#ffd966", "Claim": "#b4c7e7", "Figure": "#c5e0b4", "PlaceMention": "#f4b183"}


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut the span ``[start, end)`` of ``text`` at its line breaks, as brat writes a span.

    Examples
    --------
    >>> fragments("ab\\n\\ncd", 0, 6)
    [(0, 2), (4, 6)]
    >>> fragments("abc", 1, 1)
    [(1, 1)]
    """
    found = []
    at = start
    for match in _LINE_BREAK.finditer(text, start, end):
        if match.start() > at:
            found.append((at, match.start()))
        at = match.end()
    if end > at:
        found.append((at, end))
    return found or [(start, end)]


def _value(value: str, what: str) -> str:
    if not _VALUE.match(value):
        message = f"Cannot write {what} {value!r} as a brat attribute value: it must be one word of letters, digits, '-', '_' or '.'"
        raise InvalidArgumentError(message)
    return value


def standoff(document: AnnotatedSource) -> str:
    """Return the ``.ann`` file of one annotated source.

    Raises
    ------
    InvalidArgumentError
        If a key or vocabulary value is not one word (brat separates values by spaces).

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> from digital_labor_corpus.schema.records import TABLES
    >>> [document] = annotated_sources({name: load(name) for name in TABLES})
    >>> first = document.by_table("quotes")[0]
    >>> standoff(document).splitlines()[0].split("\\t")[:2] == ["T1", f"Quote {first.start} {first.end}"]
    True
    """
    text = document.text
    lines: list[str] = []
    entity: dict[tuple[str, str], str] = {}
    spans: list[Span] = [span for table in _ORDER for span in document.by_table(table)]
    for number, span in enumerate(spans, start=1):
        ident = f"T{number}"
        entity[(span.table, span.key)] = ident
        parts = fragments(text, span.start, span.end)
        where = ";".join(f"{start} {end}" for start, end in parts)
        covered = " ".join(text[start:end] for start, end in parts).replace("\t", " ")
        lines.append(f"{ident}\t{ENTITY_TYPES[span.table]} {where}\t{covered}")
    attributes: list[tuple[str, str, str]] = []
    relations: list[tuple[str, str, str]] = []
    for span in spans:
        ident = entity[(span.table, span.key)]
        record = span.record
        if span.table == "quotes":
            attributes += [("Speaker", ident, record["speaker_id"]), ("Kind", ident, record["kind"])]
            if record["question_id"] is not None and ("quotes", record["question_id"]) in entity:
                relations.append(("Answers", ident, entity[("quotes", record["question_id"])]))
        elif span.table == "claims":
            attributes.append(("ClaimType", ident, record["claim_type"]))
            if record["claimant_id"] is not None:
                attributes.append(("Claimant", ident, record["claimant_id"]))
            if record["quote_id"] is not None and ("quotes", record["quote_id"]) in entity:
                relations.append(("ClaimIn", ident, entity[("quotes", record["quote_id"])]))
        elif span.table == "statistics":
            attributes.append(("Unit", ident, record["unit"]))
            if record["place_id"] is not None:
                attributes.append(("Place", ident, record["place_id"]))
            if record["quote_id"] is not None and ("quotes", record["quote_id"]) in entity:
                relations.append(("FigureIn", ident, entity[("quotes", record["quote_id"])]))
        else:
            attributes += [("Place", ident, record["place_id"]), ("Role", ident, record["role"])]
    lines += [
        f"A{number}\t{name} {target} {_value(value, name)}"
        for number, (name, target, value) in enumerate(attributes, start=1)
    ]
    lines += [
        f"R{number}\t{name} Arg1:{source} Arg2:{target}"
        for number, (name, source, target) in enumerate(relations, start=1)
    ]
    lines += [
        f"#{number}\tAnnotatorNotes {entity[(span.table, span.key)]}\t{span.table}:{_value(span.key, 'key')}"
        for number, span in enumerate(spans, start=1)
    ]
    return "".join(line + "\n" for line in lines)


def annotation_conf(documents: list[AnnotatedSource]) -> str:
    """Return brat's ``annotation.conf`` for the types and attribute values of ``documents``.

    Examples
    --------
    >>> print(annotation_conf([]).splitlines()[4])
    Quote
    """
    values: dict[str, set[str]] = {
        "Speaker": set(),
        "Kind": set(),
        "Claimant": set(),
        "ClaimType": set(),
        "Unit": set(),
        "Place": set(),
        "Role": set(),
    }
    columns = {
        "Speaker": "speaker_id",
        "Kind": "kind",
        "Claimant": "claimant_id",
        "ClaimType": "claim_type",
        "Unit": "unit",
        "Place": "place_id",
        "Role": "role",
    }
    for document in documents:
        for span in document.spans:
            for name, column in columns.items():
                value = span.record.get(column)
                if value is not None and not (name == "Kind" and span.table != "quotes"):
                    values[name].add(str(value))
    holders = {
        "Speaker": "Quote",
        "Kind": "Quote",
        "Claimant": "Claim",
        "ClaimType": "Claim",
        "Unit": "Figure",
        "Place": "PlaceMention|Figure",
        "Role": "PlaceMention",
    }
    attributes = [
        f"{name}\tArg:{holders[name]}, Value:{'|'.join(sorted(found))}"
        for name, found in values.items()
        if found
    ]
    return (
        "# digital-labor-corpus: the offsets in the .ann files are Unicode code points into the\n"
        "# .txt files, as in the corpus's tables (a UTF-16 consumer, such as brat's JavaScript\n"
        "# client, counts characters outside the Basic Multilingual Plane twice).\n"
        "[entities]\nQuote\nClaim\nFigure\nPlaceMention\n\n"
        "[relations]\nAnswers\tArg1:Quote, Arg2:Quote\nClaimIn\tArg1:Claim, Arg2:Quote\n"
        "FigureIn\tArg1:Figure, Arg2:Quote\n\n"
        "[events]\n\n"
        "[attributes]\n" + "".join(line + "\n" for line in attributes)
    )


def _visual_conf() -> str:
    labels = "".join(f"{name} | {name}\n" for name in ENTITY_TYPES.values())
    drawing = "".join(f"{name}\tbgColor:{colour}\n" for name, colour in _COLOURS.items())
    return f"[labels]\n{labels}\n[drawing]\n{drawing}"


def write(data: Mapping[str, pa.Table], out: Path, version: str | None) -> list[Path]:  # noqa: ARG001
    """Write ``<source_id>.txt`` and ``<source_id>.ann`` per source, and the brat configuration.

    Parameters
    ----------
    data
        Table name to ``pyarrow.Table``, with every table the export reads
        (:data:`digital_labor_corpus.publishing.layers.NEEDED_TABLES`).
    out
        An existing directory.
    version
        The dataset version (brat's files have no place for it).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InvalidArgumentError
        When a table is missing, a span lies outside its source, or a value is not one word.
    """
    from digital_labor_corpus.publishing.files import atomic

    documents = annotated_sources(data)
    files = []
    for document in documents:
        for suffix, content in ((".txt", document.text), (".ann", standoff(document))):
            path = out / f"{document.source_id}{suffix}"
            with atomic(path) as temporary:
                temporary.write_text(content, encoding="utf-8", newline="")
            files.append(path)
    for name, content in (("annotation.conf", annotation_conf(documents)), ("visual.conf", _visual_conf())):
        path = out / name
        with atomic(path) as temporary:
            temporary.write_text(content, encoding="utf-8", newline="\n")
        files.append(path)
    return files
