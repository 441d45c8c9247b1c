"""W3C Web Annotation export: each source's spans as an AnnotationCollection of JSON-LD pages.

For each source, ``<source_id>.annotations.jsonld`` holds an ``AnnotationCollection``
(its ``total``, its ``first`` and ``last`` pages) and ``<source_id>.annotations.TABLE.jsonld``
one ``AnnotationPage`` per table that has records, in the order quotes, claims,
statistics, place mentions, linked by ``next`` and ``prev``. Every file uses the Web Annotation context,
``http://www.w3.org/ns/anno.jsonld``, and no other term.

Each annotation is one record:

- ``id``: ``urn:digital-labor-corpus:VERSION:TABLE:KEY`` (``VERSION`` is ``selection`` for
  :func:`~digital_labor_corpus.export_tables`);
- ``target``: the source text (``urn:digital-labor-corpus:VERSION:sources:SOURCE``) with a
  ``TextQuoteSelector`` (``exact``, and up to 32 characters of ``prefix`` and ``suffix``)
  and a ``TextPositionSelector`` (``start`` and ``end``);
- ``body``: the record: its English words as a ``TextualBody`` (a quote's translation, a
  claim's statement, what a figure measures, a place's English name) with the purpose
  ``describing``; who speaks or claims, and which place is meant, as a ``SpecificResource``
  with the purpose ``identifying`` whose source is the Wikidata entity
  (``http://www.wikidata.org/entity/Q…``) where the corpus has one, else the record's
  URN; the vocabularies (kind, claim type, unit, role) as ``classifying`` and the topics as
  ``tagging`` bodies; an answer links to its question, a claim to its quote, with the
  purpose ``linking``.

Offsets are Unicode code points into ``sources.text``, as in the tables and as the Web
Annotation model says a ``TextPositionSelector`` counts. A consumer in JavaScript (the
Hypothesis client, Recogito, Annotorious) counts UTF-16 code units: there a character
outside the Basic Multilingual Plane counts twice, so convert, or anchor with the
``TextQuoteSelector``.

Examples
--------
>>> import json, tempfile
>>> from pathlib import Path
>>> from digital_labor_corpus import load
>>> from digital_labor_corpus.schema.records import TABLES
>>> with tempfile.TemporaryDirectory() as out:
...     files = write({name: load(name) for name in TABLES}, Path(out), "1.0.1")
...     collection = json.loads(files[0].read_text(encoding="utf-8"))
...     page = json.loads(files[1].read_text(encoding="utf-8"))
>>> collection["type"], page["type"], page["items"][0]["target"]["selector"][1]["type"]
('AnnotationCollection', 'AnnotationPage', 'TextPositionSelector')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from digital_labor_corpus.publishing.layers import AnnotatedSource, Span, annotated_sources

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["CONTEXT", "CONTEXT_SIZE", "PAGE_ORDER", "annotation", "collection", "write"]

CONTEXT: Final = "http://www.w3.org/ns/anno.jsonld"
#: How many characters of prefix and suffix a TextQuoteSelector carries, at most.
CONTEXT_SIZE: Final = 32
#: The tables, one page each, in page order.
PAGE_ORDER: Final = ("quotes", "claims", "statistics", "place_mentions")
_WIKIDATA: Final = "http://www.wikidata.org/entity/"


def _urn(release: str, table: str, key: str) -> str:
    return f"urn:digital-labor-corpus:{release}:{table}:{key}"


def _text_body(value: str, purpose: str, language: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "TextualBody", "value": value, "purpose": purpose}
    if language is not None:
        body["language"] = language
    return body


def _identifying(release: str, table: str, row: Mapping[str, Any], label: str) -> dict[str, Any]:
    qid = row.get("wikidata_qid")
    key = row["person_id"] if table == "people" else row["place_id"]
    resource = {"id": _WIKIDATA + qid if qid else _urn(release, table, key), "label": label}
    return {"type": "SpecificResource", "purpose": "identifying", "source": resource}


def _linking(release: str, table: str, key: str) -> dict[str, Any]:
    return {"type": "SpecificResource", "purpose": "linking", "source": _urn(release, table, key)}


def _number(value: float | None) -> str:
    return "unknown" if value is None else repr(float(value))


def _bodies(document: AnnotatedSource, span: Span, release: str) -> list[dict[str, Any]]:
    record = span.record
    bodies: list[dict[str, Any]] = []
    if span.table == "quotes":
        bodies.append(_text_body(record["text_en"], "describing", "en"))
        person = document.people.get(record["speaker_id"])
        if person is not None:
            bodies.append(_identifying(release, "people", person, person["name"]))
        bodies.append(_text_body(record["kind"], "classifying"))
        if record["question_id"] is not None:
            bodies.append(_linking(release, "quotes", record["question_id"]))
    elif span.table == "claims":
        bodies.append(_text_body(record["statement_en"], "describing", "en"))
        person = document.people.get(record["claimant_id"]) if record["claimant_id"] else None
        if person is not None:
            bodies.append(_identifying(release, "people", person, person["name"]))
        bodies.append(_text_body(record["claim_type"], "classifying"))
        if record["quote_id"] is not None:
            bodies.append(_linking(release, "quotes", record["quote_id"]))
    elif span.table == "statistics":
        bodies.append(_text_body(record["measure_en"], "describing", "en"))
        figure = f"value {_number(record['value'])}"
        if record["low"] is not None or record["high"] is not None:
            figure += f", from {_number(record['low'])} to {_number(record['high'])}"
        units = [record["unit"], record["currency"], record.get("duration_unit")]
        figure += " " + " ".join(u for u in units if u)
        if record["per"] is not None:
            figure += f" per {record['per']}"
        bodies.append(_text_body(figure, "describing", "en"))
        bodies.append(_text_body(record["unit"], "classifying"))
        place = document.places.get(record["place_id"]) if record["place_id"] else None
        if place is not None:
            bodies.append(_identifying(release, "places", place, place["name_en"]))
    else:
        place = document.places.get(record["place_id"])
        if place is not None:
            bodies.append(_text_body(place["name_en"], "describing", "en"))
            bodies.append(_identifying(release, "places", place, place["name_en"]))
        bodies.append(_text_body(record["role"], "classifying"))
    bodies.extend(_text_body(topic, "tagging") for topic in record.get("topics") or ())
    return bodies


_MOTIVATION: Final = {
    "quotes": "describing",
    "claims": "describing",
    "statistics": "describing",
    "place_mentions": "identifying",
}


def annotation(document: AnnotatedSource, span: Span, release: str) -> dict[str, Any]:
    """Return the Web Annotation of one span (without ``@context``: its page carries it).

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> from digital_labor_corpus.publishing.layers import annotated_sources
    >>> from digital_labor_corpus.schema.records import TABLES
    >>> [document] = annotated_sources({name: load(name) for name in TABLES})
    >>> quote = document.by_table("quotes")[0]
    >>> found = annotation(document, quote, "1.0.1")
    >>> found["id"] == "urn:digital-labor-corpus:1.0.1:quotes:" + quote.key
    True
    >>> [s["type"] for s in found["target"]["selector"]]
    ['TextQuoteSelector', 'TextPositionSelector']
    """
    text = document.text
    quote = {
        "type": "TextQuoteSelector",
        "exact": text[span.start : span.end],
        "prefix": text[max(0, span.start - CONTEXT_SIZE) : span.start],
        "suffix": text[span.end : span.end + CONTEXT_SIZE],
    }
    position = {"type": "TextPositionSelector", "start": span.start, "end": span.end}
    return {
        "id": _urn(release, span.table, span.key),
        "type": "Annotation",
        "motivation": _MOTIVATION[span.table],
        "body": _bodies(document, span, release),
        "target": {
            "source": _urn(release, "sources", document.source_id),
            "selector": [quote, position],
        },
    }


def collection(document: AnnotatedSource, version: str | None) -> list[tuple[str, dict[str, Any]]]:
    """Return the collection and its pages as ``(file name, JSON-LD document)`` pairs.

    Examples
    --------
    >>> from digital_labor_corpus import load
    >>> from digital_labor_corpus.publishing.layers import annotated_sources
    >>> from digital_labor_corpus.schema.records import TABLES
    >>> [document] = annotated_sources({name: load(name) for name in TABLES})
    >>> [name for name, _ in collection(document, "1.0.1")]  # doctest: +NORMALIZE_WHITESPACE
    ['travail-du-clic-fr.annotations.jsonld', 'travail-du-clic-fr.annotations.quotes.jsonld',
     'travail-du-clic-fr.annotations.claims.jsonld', 'travail-du-clic-fr.annotations.statistics.jsonld',
     'travail-du-clic-fr.annotations.place_mentions.jsonld']
    """
    from digital_labor_corpus.publishing.metadata import ANNOTATION_LICENCE

    release = version or "selection"
    base = _urn(release, "web-annotation", document.source_id)
    stem = f"{document.source_id}.annotations"
    title = (
        f"Quotes, claims, figures and place mentions of {document.source['title']!r} "
        f"(digital-labor-corpus, {'a selection' if version is None else f'dataset version {version}'})"
    )
    offsets = (
        "TextPositionSelector start and end are Unicode code points into the source text, end "
        "exclusive; a UTF-16 consumer (JavaScript) counts characters outside the Basic "
        "Multilingual Plane twice."
    )
    filled = [(table, document.by_table(table)) for table in PAGE_ORDER]
    filled = [(table, spans) for table, spans in filled if spans]  # a page has one item or more
    pages = []
    start = 0
    for index, (table, spans) in enumerate(filled):
        page: dict[str, Any] = {
            "@context": CONTEXT,
            "id": f"{base}:page:{table}",
            "type": "AnnotationPage",
            "label": f"{table} of {document.source['title']!r}",
            "partOf": base,
            "startIndex": start,
        }
        if index > 0:
            page["prev"] = f"{base}:page:{filled[index - 1][0]}"
        if index + 1 < len(filled):
            page["next"] = f"{base}:page:{filled[index + 1][0]}"
        page["items"] = [annotation(document, span, release) for span in spans]
        pages.append((f"{stem}.{table}.jsonld", page))
        start += len(spans)
    head: dict[str, Any] = {
        "@context": CONTEXT,
        "id": base,
        "type": "AnnotationCollection",
        "label": [title, offsets],
        "total": start,
        "rights": ANNOTATION_LICENCE["path"],
    }
    if filled:
        head["first"] = f"{base}:page:{filled[0][0]}"
        head["last"] = f"{base}:page:{filled[-1][0]}"
    return [(f"{stem}.jsonld", head), *pages]


def write(data: Mapping[str, pa.Table], out: Path, version: str | None) -> list[Path]:
    """Write each source's annotation collection and pages into ``out``.

    Parameters
    ----------
    data
        Table name to ``pyarrow.Table``, with every table the export reads
        (:data:`digital_labor_corpus.publishing.layers.NEEDED_TABLES`).
    out
        An existing directory.
    version
        The dataset version, or ``None`` for a selection.

    Returns
    -------
    list of Path
        The files written, the collection first, then its pages in order.

    Raises
    ------
    InvalidArgumentError
        When a table is missing or a span lies outside its source.
    """
    from digital_labor_corpus.publishing.files import atomic

    files = []
    for document in annotated_sources(data):
        for name, content in collection(document, version):
            path = out / name
            with atomic(path) as temporary:
                text = json.dumps(content, ensure_ascii=False, indent=1)
                temporary.write_text(text + "\n", encoding="utf-8", newline="\n")
            files.append(path)
    return files
