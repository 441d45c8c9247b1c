"""Read the annotation exports (TEI, W3C Web Annotation, brat) back with other people's readers.

Each reader returns what the files say about every span: ``(table, key, start, end)`` and
the text the file gives for it. They use no code of the package: lxml (XML and RelaxNG),
pyld (JSON-LD expansion against the Web Annotation context kept in ``tests/data``, served
by a local document loader, as the tests run offline) and bioc's brat reader, with the
rules the modules' documentation states (identifiers ``TABLE.KEY``, URNs
``urn:digital-labor-corpus:VERSION:TABLE:KEY``, notes ``TABLE:KEY``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa

DATA = Path(__file__).parent / "data"
SPAN_TABLES = ("quotes", "claims", "statistics", "place_mentions")
KEYS = {
    "quotes": "quote_id",
    "claims": "claim_id",
    "statistics": "statistic_id",
    "place_mentions": "mention_id",
}
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"

Record = tuple[str, str, int, int]


@attrs.frozen
class ReadBack:
    """What a reader found: the source text, and each span's record and text."""

    text: str
    spans: dict[Record, str]

    @property
    def records(self) -> set[Record]:
        return set(self.spans)


def expected_records(tables: Mapping[str, pa.Table]) -> set[Record]:
    """``(table, key, start, end)`` of every row of the four span tables, straight from the tables."""
    found = set()
    for table in SPAN_TABLES:
        columns = tables[table].select([KEYS[table], "span_start", "span_end"]).to_pydict()
        found |= {
            (table, key, start, end)
            for key, start, end in zip(
                columns[KEYS[table]], columns["span_start"], columns["span_end"], strict=True
            )
        }
    return found


# --- TEI ---------------------------------------------------------------------------


def tei_text(path: Path) -> str:
    """The text nodes of ``<text>``, joined."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    return "".join(root.find(f"{TEI}text").itertext())


def tei_valid(path: Path, schema: Path) -> list[str]:
    """The RelaxNG errors of ``path`` against ``schema``, with lxml."""
    from lxml import etree

    relaxng = etree.RelaxNG(etree.parse(str(schema)))
    relaxng.validate(etree.parse(str(path)))
    return [str(error) for error in relaxng.error_log]


def read_tei(path: Path) -> ReadBack:
    """Each inline element and standOff span of the four tables, placed by counting code points."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    text_element = root.find(f"{TEI}text")
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    inline: dict[str, Any] = {}
    position = 0

    def walk(element: Any) -> None:
        nonlocal position
        ident = element.get(XML_ID)
        if ident:
            starts[ident] = position
            inline[ident] = element
        position += len(element.text or "")
        for child in element:
            walk(child)
            position += len(child.tail or "")
        if ident:
            ends[ident] = position

    walk(text_element)
    text = "".join(text_element.itertext())
    spans: dict[Record, str] = {}
    for ident, element in inline.items():
        table, _, key = ident.partition(".")
        if table in SPAN_TABLES and element.tag != f"{TEI}anchor":
            spans[(table, key, starts[ident], ends[ident])] = "".join(element.itertext())
    stand_off = root.find(f"{TEI}standOff")
    for span in [] if stand_off is None else stand_off.iter(f"{TEI}span"):
        ident = span.get(XML_ID)
        if ident is None or span.get("from") is None:
            continue
        table, _, key = ident.partition(".")
        if table in SPAN_TABLES:
            start, end = starts[span.get("from")[1:]], starts[span.get("to")[1:]]
            spans[(table, key, start, end)] = text[start:end]
    return ReadBack(text, spans)


# --- W3C Web Annotation ------------------------------------------------------------


def anno_context() -> dict[str, Any]:
    """The Web Annotation JSON-LD context, http://www.w3.org/ns/anno.jsonld, kept in tests/data.

    The file holds the terms of the context the W3C publishes with the Web Annotation Data
    Model Recommendation (2017); ``TestContext`` in ``test_webannotation.py`` checks it
    against expansions the specification states.
    """
    context: dict[str, Any] = json.loads((DATA / "anno.jsonld").read_text(encoding="utf-8"))
    return context


def offline_loader(url: str, _options: Any = None) -> dict[str, Any]:
    """A pyld document loader that serves the Web Annotation context from tests/data, and nothing else."""
    if url.rstrip("/") not in (ANNO_CONTEXT, ANNO_CONTEXT.replace("http:", "https:")):
        raise AssertionError(f"the export refers to a context the tests do not hold: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": anno_context()}


def undefined_terms(document: Any, terms: set[str]) -> set[str]:
    """Keys of ``document`` that the context does not define (JSON-LD expansion would drop them)."""
    found: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "@context":
                continue
            if not key.startswith("@") and key not in terms:
                found.add(key)
            found |= undefined_terms(value, terms)
    elif isinstance(document, list):
        for value in document:
            found |= undefined_terms(value, terms)
    return found


def _value(node: dict[str, Any], predicate: str) -> Any:
    return node[predicate][0]["@value"]


def expand(path: Path) -> list[dict[str, Any]]:
    """The expanded JSON-LD of one file, with pyld."""
    from pyld import jsonld

    expanded: list[dict[str, Any]] = jsonld.expand(
        json.loads(path.read_text(encoding="utf-8")), {"documentLoader": offline_loader}
    )
    return expanded


def read_webannotation(directory: Path, source_id: str, text: str) -> tuple[ReadBack, dict[str, Any]]:
    """Follow the collection's pages (first, next ...) in their expanded form; read each annotation.

    Returns the spans and facts for the tests: the collection's total, the page types and
    start indexes, the annotation types, and the bodies of each record.
    """
    by_id = {}
    for path in directory.glob(f"{source_id}.annotations*.jsonld"):
        [node] = expand(path)
        by_id[node["@id"]] = node
    collection = next(node for node in by_id.values() if f"{AS}OrderedCollection" in node["@type"])
    facts: dict[str, Any] = {
        "total": int(_value(collection, f"{AS}totalItems")),
        "pages": [],
        "types": set(),
        "bodies": {},
    }
    spans: dict[Record, str] = {}
    first = collection.get(f"{AS}first")
    page_id = first[0]["@id"] if first else None
    seen = 0
    while page_id is not None:
        page = by_id[page_id]
        facts["pages"].append((page["@type"], int(_value(page, f"{AS}startIndex")), seen))
        for item in page[f"{AS}items"][0]["@list"]:
            seen += 1
            facts["types"] |= set(item["@type"])
            _, _, rest = item["@id"].partition("urn:digital-labor-corpus:")
            _, table, key = rest.split(":", 2)
            [target] = item[f"{OA}hasTarget"]
            selectors = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
            position = selectors[f"{OA}TextPositionSelector"]
            quote = selectors[f"{OA}TextQuoteSelector"]
            start, end = int(_value(position, f"{OA}start")), int(_value(position, f"{OA}end"))
            exact = _value(quote, f"{OA}exact")
            prefix, suffix = _value(quote, f"{OA}prefix"), _value(quote, f"{OA}suffix")
            assert text[start - len(prefix) : start] == prefix, (table, key)
            assert text[end : end + len(suffix)] == suffix, (table, key)
            spans[(table, key, start, end)] = exact
            facts["bodies"][(table, key)] = item[f"{OA}hasBody"]
        following = page.get(f"{AS}next")
        page_id = following[0]["@id"] if following else None
    return ReadBack(text, spans), facts


# --- brat --------------------------------------------------------------------------

BRAT_TABLES = {"Quote": "quotes", "Claim": "claims", "Figure": "statistics", "PlaceMention": "place_mentions"}


def read_brat(directory: Path, source_id: str) -> tuple[ReadBack, Any]:
    """Read ``SOURCE.txt`` and ``SOURCE.ann`` with bioc's brat reader.

    A span's start is its first fragment's start and its end its last fragment's end;
    its text, the fragments' text joined by spaces (bioc strips a line's trailing blanks).
    """
    import bioc.brat

    with (
        (directory / f"{source_id}.txt").open(encoding="utf-8", newline="") as text_file,
        (directory / f"{source_id}.ann").open(encoding="utf-8") as ann_file,
    ):
        document = bioc.brat.load(text_file, ann_file)
    notes = {note.refid: note.text for note in document.notes if note.type == "AnnotatorNotes"}
    spans: dict[Record, str] = {}
    for entity in document.entities:
        table, _, key = notes[entity.id].partition(":")
        assert BRAT_TABLES[entity.type] == table, (entity.id, entity.type, table)
        fragments = sorted((interval.begin, interval.end) for interval in entity.locations)
        start, end = fragments[0][0], fragments[-1][1]
        joined = " ".join(document.text[b:e] for b, e in fragments).replace("\t", " ")
        assert entity.text == joined.rstrip(), entity.id
        spans[(table, key, start, end)] = document.text[start:end]
    return ReadBack(document.text, spans), document


# --- tables made for the tests -----------------------------------------------------

OFFSET_TABLES = ("appearances", "quotes", "claims", "statistics", "place_mentions")


def shifted(tables: Mapping[str, pa.Table], prefix: str) -> dict[str, pa.Table]:
    """The tables with ``prefix`` put before every source text and every offset moved by its length.

    ``len(prefix)`` counts code points, as the tables do: a prefix with a character outside
    the Basic Multilingual Plane tells code points from UTF-16 code units.
    """
    import hashlib

    out = dict(tables)
    sources = tables["sources"].to_pylist()
    for row in sources:
        row["text"] = prefix + row["text"]
        row["n_chars"] = len(row["text"])
        row["sha256"] = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    out["sources"] = pa.Table.from_pylist(sources, schema=tables["sources"].schema)
    for name in OFFSET_TABLES:
        rows = tables[name].to_pylist()
        for row in rows:
            row["span_start"] += len(prefix)
            row["span_end"] += len(prefix)
        out[name] = pa.Table.from_pylist(rows, schema=tables[name].schema)
    return out


def with_crossing_mention(tables: Mapping[str, pa.Table]) -> tuple[dict[str, pa.Table], str]:
    """The tables with one more place mention, across the end of the first quote that has text after it.

    Returns the tables and the new mention's key. The mention and the quote overlap without
    either holding the other, so no XML nesting can hold both.
    """
    out = dict(tables)
    text = tables["sources"].column("text")[0].as_py()
    quote = next(q for q in tables["quotes"].to_pylist() if text[q["span_end"] : q["span_end"] + 3].strip())
    start, end = quote["span_end"] - 2, quote["span_end"] + 3
    mention = {
        "mention_id": "crossing-mention",
        "place_id": tables["places"].column("place_id")[0].as_py(),
        "appearance_id": quote["appearance_id"],
        "quote_id": None,
        "claim_id": None,
        "text": text[start:end],
        "role": "other",
        "span_start": start,
        "span_end": end,
    }
    rows = [*tables["place_mentions"].to_pylist(), mention]
    out["place_mentions"] = pa.Table.from_pylist(rows, schema=tables["place_mentions"].schema)
    return out, "crossing-mention"
