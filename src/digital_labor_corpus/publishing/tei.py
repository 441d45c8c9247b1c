"""TEI P5 export: each source as one TEI document, its annotations inline and in ``<standOff>``.

One ``<source_id>.tei.xml`` per source, and ``tei-subset.rng``, the RelaxNG schema of the
part of TEI P5 these files use (the files name it in an ``xml-model`` instruction, so
that an XML editor validates them against it).

What is where
-------------
- ``<teiHeader>``: the source's title, author, publisher and address; the topics as a
  ``<taxonomy>`` (``<category xml:id="topics.pay">``); the people in ``<listPerson>`` and
  the places in ``<listPlace>``, with ``<idno type="wikidata">`` where the corpus has a
  Wikidata id, and a place's latitude and longitude in ``<geo>``.
- ``<text>``: the whole source text, character for character: joining the text nodes of
  ``<text>`` gives ``sources.text`` back. A ``<div type="appearance">`` per top-level
  appearance (the parts of the page outside every appearance are ``<div type="unannotated">``),
  a ``<p>`` per non-blank line. Inside the paragraphs: quotes as ``<q who="#people.…">``,
  place mentions as ``<placeName ref="#places.…">``, figures as ``<num>`` (percent and
  count, with ``value``) or ``<measure>`` (the other units, with ``quantity``, ``unit`` and
  ``commodity``), ranges with ``atLeast`` and ``atMost``.
- ``<standOff>``: the appearances as a ``<listBibl>`` (date, outlet, programme, title,
  summary); the claims, and the English translations of the quotes, as ``<span>`` elements
  in a ``<spanGrp>`` per table.

Identifiers are ``TABLE.KEY``: ``quotes.2022-12-09-humanite-interview-q07``,
``people.antonio-casilli`` (an XML id cannot start with a digit, and the table names what
the key is).

Overlapping spans
-----------------
XML elements nest; annotations need not. A quote, place mention or figure becomes an
element only when it lies inside one paragraph and nests with every element already
placed (longer spans are placed first, then quotes before places before figures). A span
that crosses another, or a paragraph break, and every claim (claims often cover several
sentences and cross quotes), is written as two empty milestones in the text,
``<anchor xml:id="claims.K.start"/>`` and ``<anchor xml:id="claims.K.end"/>``, and a
``<span xml:id="claims.K" from="#claims.K.start" to="#claims.K.end">`` in ``<standOff>``
(a quote's speaker, a mention's place or a figure's place then go in its ``corresp``).

Offsets are Unicode code points, as in the tables: the position of an element or
anchor is the number of code points in the text nodes of ``<text>`` before it. A consumer
that counts UTF-16 code units (JavaScript, Java, .NET) must convert, since characters
outside the Basic Multilingual Plane count twice there.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from digital_labor_corpus import load
>>> from digital_labor_corpus.schema.records import TABLES
>>> with tempfile.TemporaryDirectory() as out:
...     files = write({name: load(name) for name in TABLES}, Path(out), "1.0.1")
...     [path.name for path in files]
...     '<q xml:id="quotes.' in files[0].read_text(encoding="utf-8")
['travail-du-clic-fr.tei.xml', 'tei-subset.rng']
True
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.layers import AnnotatedSource, Span, annotated_sources

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SCHEMA_FILE", "TEI_NAMESPACE", "document", "schema_text", "write"]

TEI_NAMESPACE: Final = "http://www.tei-c.org/ns/1.0"
SCHEMA_FILE: Final = "tei-subset.rng"
_INLINE: Final = frozenset({"p", "q", "placeName", "num", "measure"})
# XML 1.0 cannot hold these characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ID_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
_XML_SPACE: Final = " \t\r\n"
_PRECISION = {"day": 10, "month": 7, "year": 4}


@attrs.define
class _Anchor:
    pos: int
    ident: str


@attrs.define
class _Node:
    tag: str
    attributes: dict[str, str]
    start: int
    end: int
    children: list[_Node | _Anchor] = attrs.Factory(list)


def schema_text() -> str:
    """Return the RelaxNG schema (XML syntax) of the TEI subset the export writes.

    Examples
    --------
    >>> schema_text().startswith("<?xml")
    True
    """
    return importlib.resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def _check_xml(value: str, where: str) -> str:
    found = _NOT_XML.search(value)
    if found:
        message = (
            f"Cannot write {where} as TEI: it holds U+{ord(found.group()):04X}, a character that "
            "XML 1.0 cannot hold. Export it as csv, jsonl, parquet or sqlite instead"
        )
        raise InvalidArgumentError(message)
    return value


def _text(value: str) -> str:
    # A carriage return is escaped: an XML parser would read a raw one back as a line feed.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _ident(table: str, key: str, suffix: str = "") -> str:
    if not _ID_PART.match(key):
        message = (
            f"Cannot write {table} key {key!r} as a TEI identifier: keys must be slugs "
            "(letters, digits, hyphens)"
        )
        raise InvalidArgumentError(message)
    return f"{table}.{key}{suffix}"


def _ref(table: str, key: str) -> str:
    return "#" + _ident(table, key)


def _element(tag: str, attributes: Mapping[str, str | None], content: str | None = None) -> str:
    written = "".join(
        f' {name}="{_attribute(_check_xml(value, f"the {name} of a <{tag}>"))}"'
        for name, value in attributes.items()
        if value is not None
    )
    if content is None:
        return f"<{tag}{written}/>"
    return f"<{tag}{written}>{_text(_check_xml(content, f'a <{tag}>'))}</{tag}>"


def _number(value: float) -> str:
    return repr(float(value))


# --- the text ------------------------------------------------------------------------


def _division(text: str, start: int, end: int, attributes: dict[str, str]) -> _Node:
    """A division of ``text[start:end]``, a ``<p>`` per line that holds more than XML white space."""
    node = _Node("div", attributes, start, end)
    at = start
    for line in text[start:end].split("\n"):
        if line.strip(_XML_SPACE):
            node.children.append(_Node("p", {}, at, at + len(line)))
        at += len(line) + 1
    return node


def _inline(span: Span) -> _Node:
    record = span.record
    if span.table == "quotes":
        attributes = {
            "xml:id": _ident("quotes", span.key),
            "who": _ref("people", record["speaker_id"]),
            "type": record["kind"],
            "xml:lang": record["language"],
            "ana": " ".join(_ref("topics", topic) for topic in record["topics"]) or None,
        }
        if record["question_id"] is not None:
            attributes["corresp"] = _ref("quotes", record["question_id"])
        return _Node("q", {k: v for k, v in attributes.items() if v is not None}, span.start, span.end)
    if span.table == "place_mentions":
        attributes = {
            "xml:id": _ident("place_mentions", span.key),
            "ref": _ref("places", record["place_id"]),
            "type": record["role"],
        }
        return _Node("placeName", attributes, span.start, span.end)
    unit = record["unit"]
    figures: dict[str, str | None] = {"xml:id": _ident("statistics", span.key)}
    if unit in ("percent", "count"):
        tag = "num"
        figures["type"] = "percentage" if unit == "percent" else "cardinal"
        figures["value"] = None if record["value"] is None else _number(record["value"])
    else:
        tag = "measure"
        figures["type"] = unit
        figures["quantity"] = None if record["value"] is None else _number(record["value"])
        figures["unit"] = record["currency"] or record.get("duration_unit") or unit
        figures["commodity"] = record["measure_en"]
    figures["atLeast"] = None if record["low"] is None else _number(record["low"])
    figures["atMost"] = None if record["high"] is None else _number(record["high"])
    if record["place_id"] is not None:
        figures["corresp"] = _ref("places", record["place_id"])
    return _Node(tag, {k: v for k, v in figures.items() if v is not None}, span.start, span.end)


def _nest(body: _Node, node: _Node) -> bool:
    """Place ``node`` inside the deepest element that contains it; False if it would cross one."""
    parent = body
    while True:
        inner = None
        for child in parent.children:
            if isinstance(child, _Anchor):
                continue
            if child.start <= node.start and node.end <= child.end:
                inner = child
                break
            if child.start < node.end and node.start < child.end:
                return False
        if inner is None:
            break
        parent = inner
    if parent.tag not in _INLINE:
        return False
    parent.children.append(node)
    return True


def _anchor(body: _Node, pos: int, ident: str) -> None:
    parent = body
    while True:
        inner = next(
            (c for c in parent.children if isinstance(c, _Node) and c.start < pos < c.end),
            None,
        )
        if inner is None:
            break
        parent = inner
    parent.children.append(_Anchor(pos, ident))


def _order(node: _Node) -> None:
    node.children.sort(key=lambda c: (c.pos, 0) if isinstance(c, _Anchor) else (c.start, 1))
    for child in node.children:
        if isinstance(child, _Node):
            _order(child)


def _emit(node: _Node, text: str, out: list[str]) -> None:
    attributes = "".join(f' {name}="{_attribute(value)}"' for name, value in node.attributes.items())
    out.append(f"<{node.tag}{attributes}>")
    at = node.start
    for child in node.children:
        if isinstance(child, _Anchor):
            out.append(_text(text[at : child.pos]))
            out.append(f'<anchor xml:id="{child.ident}"/>')
            at = child.pos
        else:
            out.append(_text(text[at : child.start]))
            _emit(child, text, out)
            at = child.end
    out.append(_text(text[at : node.end]))
    out.append(f"</{node.tag}>")


def _body(document: AnnotatedSource) -> tuple[str, list[Span]]:
    """The ``<body>`` of the source, and the spans that had to become anchors."""
    text = _check_xml(document.text, f"source {document.source_id!r}")
    body = _Node("body", {}, 0, len(text))
    at = 0
    for appearance in document.top_level:
        start, end = appearance["span_start"], appearance["span_end"]
        if start < at:
            message = (
                f"Cannot write source {document.source_id!r} as TEI: the top-level appearance "
                f"{appearance['appearance_id']!r} overlaps the one before it"
            )
            raise InvalidArgumentError(message)
        if text[at:start].strip(_XML_SPACE):
            body.children.append(_division(text, at, start, {"type": "unannotated"}))
        key = appearance["appearance_id"]
        attributes = {
            "xml:id": _ident("appearances", key),
            "type": "appearance",
            "subtype": appearance["genre"],
        }
        body.children.append(_division(text, start, end, attributes))
        at = end
    if text[at:].strip(_XML_SPACE):
        body.children.append(_division(text, at, len(text), {"type": "unannotated"}))
    # Every element first, then the anchors, each in the deepest element around it.
    anchored = [
        span
        for span in document.spans
        if span.table == "claims" or span.start == span.end or not _nest(body, _inline(span))
    ]
    for span in anchored:
        _anchor(body, span.start, _ident(span.table, span.key, ".start"))
        _anchor(body, span.end, _ident(span.table, span.key, ".end"))
    for appearance in document.appearances:
        if appearance["parent_id"] is not None:
            key = appearance["appearance_id"]
            _anchor(body, appearance["span_start"], _ident("appearances", key, ".start"))
            _anchor(body, appearance["span_end"], _ident("appearances", key, ".end"))
    _order(body)
    out: list[str] = []
    _emit(body, text, out)
    return "".join(out), anchored


# --- the header ----------------------------------------------------------------------


def _person(row: Mapping[str, Any]) -> str:
    parts = [
        _element("persName", {}, row["name"]),
        _element("occupation", {"xml:lang": "en"}, row["description_en"]),
    ]
    if row["affiliation"] is not None:
        parts.append(_element("affiliation", {}, row["affiliation"]))
    if row["wikidata_qid"] is not None:
        parts.append(_element("idno", {"type": "wikidata"}, row["wikidata_qid"]))
    inner = "".join(f"\n            {part}" for part in parts)
    return f'<person xml:id="{_ident("people", row["person_id"])}">{inner}\n          </person>'


def _place(row: Mapping[str, Any]) -> str:
    parts = [
        _element("placeName", {"xml:lang": "en"}, row["name_en"]),
        _element("placeName", {"xml:lang": "fr"}, row["name_fr"]),
    ]
    if row["latitude"] is not None and row["longitude"] is not None:
        geo = f"{_number(row['latitude'])} {_number(row['longitude'])}"
        parts.append(f"<location>{_element('geo', {}, geo)}</location>")
    if row["wikidata_qid"] is not None:
        parts.append(_element("idno", {"type": "wikidata"}, row["wikidata_qid"]))
    if row["iso_3166_1"] is not None:
        parts.append(_element("idno", {"type": "ISO3166-1"}, row["iso_3166_1"]))
    if row["parent_id"] is not None:
        parts.append(_element("link", {"type": "partOf", "target": _ref("places", row["parent_id"])}))
    inner = "".join(f"\n            {part}" for part in parts)
    attributes = f'xml:id="{_ident("places", row["place_id"])}" type="{_attribute(row["kind"])}"'
    return f"<place {attributes}>{inner}\n          </place>"


def _category(row: Mapping[str, Any]) -> str:
    return (
        f'<category xml:id="{_ident("topics", row["topic_id"])}">'
        + _element("catDesc", {"xml:lang": "en"}, row["label_en"])
        + _element("catDesc", {"xml:lang": "fr"}, row["label_fr"])
        + "</category>"
    )


def _header(document: AnnotatedSource, version: str | None) -> str:
    from digital_labor_corpus.publishing.metadata import ANNOTATION_LICENCE, TITLE

    source = document.source
    release = "a selection of the corpus" if version is None else f"dataset version {version}"
    author = "" if source["author"] is None else "\n        " + _element("author", {}, source["author"])
    bibl = [_element("title", {}, source["title"])]
    if source["author"] is not None:
        bibl.append(_element("author", {}, source["author"]))
    if source["publisher"] is not None:
        bibl.append(_element("publisher", {}, source["publisher"]))
    if source.get("url") is not None:
        bibl.append(_element("ref", {"target": source["url"]}, source["url"]))
    people = "\n          ".join(_person(row) for row in document.people.values())
    places = "\n          ".join(_place(row) for row in document.places.values())
    categories = "\n          ".join(_category(row) for row in document.topics.values())
    note = (
        "Offsets: the tables of the corpus locate each record by Unicode code-point offsets into "
        "the source text. The text nodes of <text>, joined, are that text; the position of an "
        "element or anchor is the number of code points before it (a UTF-16 consumer counts "
        "characters outside the Basic Multilingual Plane twice). Spans that do not nest are "
        "anchors in the text and <span> elements in <standOff>."
    )
    return f"""<teiHeader>
    <fileDesc>
      <titleStmt>
        {_element("title", {}, source["title"])}{author}
        <respStmt><resp>annotated by</resp><name>{_text(TITLE)}</name></respStmt>
      </titleStmt>
      <publicationStmt>
        {_element("publisher", {}, "digital-labor-corpus")}
        <availability>{_element("licence", {"target": ANNOTATION_LICENCE["path"]}, ANNOTATION_LICENCE["title"])}</availability>
        {_element("idno", {"type": "dataset-version"}, release)}
        {_element("idno", {"type": "sha256"}, source["sha256"])}
      </publicationStmt>
      <sourceDesc>
        <bibl>{"".join(bibl)}</bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <p>{_text(note)}</p>
      </editorialDecl>
      <classDecl>
        <taxonomy xml:id="taxonomy.topics">
          {categories}
        </taxonomy>
      </classDecl>
    </encodingDesc>
    <profileDesc>
      <langUsage>{_element("language", {"ident": source["language"]}, source["language"])}</langUsage>
      <particDesc>
        <listPerson>
          {people}
        </listPerson>
      </particDesc>
      <settingDesc>
        <listPlace>
          {places}
        </listPlace>
      </settingDesc>
    </profileDesc>
  </teiHeader>"""


# --- standOff ------------------------------------------------------------------------


def _date(row: Mapping[str, Any]) -> str:
    return str(row["date"].isoformat()[: _PRECISION.get(row["date_precision"], 10)])


def _bibl(row: Mapping[str, Any]) -> str:
    key = row["appearance_id"]
    parts = []
    if row["title"] is not None:
        parts.append(_element("title", {"type": "main"}, row["title"]))
    if row["programme"] is not None:
        parts.append(_element("title", {"type": "programme"}, row["programme"]))
    parts.append(_element("publisher", {}, row["outlet"]))
    parts.append(_element("date", {"when": _date(row)}, _date(row)))
    parts.append(_element("note", {"type": "summary", "xml:lang": "en"}, row["summary_en"]))
    attributes = {
        "xml:id": _ident("appearances", key, ".bibl"),
        "corresp": _ref("appearances", key),
        "type": row["genre"],
        "subtype": row["medium"],
    }
    if row["parent_id"] is not None:
        attributes["source"] = _ref("appearances", row["parent_id"])
    head = _element("bibl", attributes)[:-2]
    return f"{head}>{''.join(parts)}</bibl>"


def _span(span: Span) -> str:
    record = span.record
    attributes: dict[str, str | None] = {
        "xml:id": _ident(span.table, span.key),
        "from": _ref(span.table, span.key + ".start"),
        "to": _ref(span.table, span.key + ".end"),
    }
    content = None
    if span.table == "claims":
        attributes["type"] = record["claim_type"]
        attributes["xml:lang"] = "en"
        if record["claimant_id"] is not None:
            attributes["resp"] = _ref("people", record["claimant_id"])
        if record["quote_id"] is not None:
            attributes["corresp"] = _ref("quotes", record["quote_id"])
        attributes["ana"] = " ".join(_ref("topics", t) for t in record["topics"]) or None
        content = record["statement_en"]
    elif span.table == "quotes":
        attributes["type"] = record["kind"]
        attributes["corresp"] = _ref("people", record["speaker_id"])
    elif span.table == "place_mentions":
        attributes["type"] = record["role"]
        attributes["corresp"] = _ref("places", record["place_id"])
    else:
        attributes["type"] = record["unit"]
        if record["place_id"] is not None:
            attributes["corresp"] = _ref("places", record["place_id"])
    return _element("span", attributes, content)


def _stand_off(document: AnnotatedSource, anchored: list[Span]) -> str:
    groups = []
    bibls = "\n      ".join(_bibl(row) for row in document.appearances)
    if bibls:
        groups.append(f'<listBibl type="appearances">\n      {bibls}\n    </listBibl>')
    children = [
        _element(
            "span",
            {
                "xml:id": _ident("appearances", row["appearance_id"]),
                "from": _ref("appearances", row["appearance_id"] + ".start"),
                "to": _ref("appearances", row["appearance_id"] + ".end"),
            },
        )
        for row in document.appearances
        if row["parent_id"] is not None
    ]
    if children:
        groups.append('<spanGrp type="appearances">\n      ' + "\n      ".join(children) + "\n    </spanGrp>")
    for table in ("quotes", "place_mentions", "statistics", "claims"):
        spans = [_span(span) for span in anchored if span.table == table]
        if spans:
            groups.append(f'<spanGrp type="{table}">\n      ' + "\n      ".join(spans) + "\n    </spanGrp>")
    translations = [
        _element("span", {"target": _ref("quotes", span.key)}, span.record["text_en"])
        for span in document.by_table("quotes")
    ]
    if translations:
        groups.append(
            '<spanGrp type="translations" xml:lang="en">\n      '
            + "\n      ".join(translations)
            + "\n    </spanGrp>"
        )
    return "<standOff>\n    " + "\n    ".join(groups) + "\n  </standOff>" if groups else ""


def document(source: AnnotatedSource, version: str | None) -> str:
    """Return the TEI document of one annotated source, as text.

    Parameters
    ----------
    source
        A source with its layers (:func:`digital_labor_corpus.publishing.layers.annotated_sources`).
    version
        The dataset version, named in the header; ``None`` for a selection.

    Returns
    -------
    str
        An XML document, ``<TEI>`` in the TEI namespace.

    Raises
    ------
    InvalidArgumentError
        If a text holds a character XML cannot hold, a key is not a slug, or two top-level
        appearances overlap.
    """
    body, anchored = _body(source)
    stand_off = _stand_off(source, anchored)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{SCHEMA_FILE}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<TEI xmlns="{TEI_NAMESPACE}" xml:lang="{_attribute(source.source["language"])}">\n'
        f"  {_header(source, version)}\n"
        f"  <text>{body}</text>\n" + (f"  {stand_off}\n" if stand_off else "") + "</TEI>\n"
    )


def write(data: Mapping[str, pa.Table], out: Path, version: str | None) -> list[Path]:
    """Write one ``<source_id>.tei.xml`` per source, and the schema, into ``out``.

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
        The files written: the TEI documents, then the schema.

    Raises
    ------
    InvalidArgumentError
        As for :func:`document`, or when a table is missing.
    """
    from digital_labor_corpus.publishing.files import atomic

    files = []
    for source in annotated_sources(data):
        text = document(source, version)
        path = out / f"{source.source_id}.tei.xml"
        with atomic(path) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="\n")
        files.append(path)
    schema = out / SCHEMA_FILE
    with atomic(schema) as temporary:
        temporary.write_text(schema_text(), encoding="utf-8", newline="\n")
    files.append(schema)
    return files
