"""Frictionless Data Package and Croissant metadata, generated from the schema module.

Both files describe one dataset version: its Parquet files, one table schema (or record
set) per table with descriptions, types, required columns, vocabularies as enums, primary
and foreign keys, and the dataset's licences, version, source and contributors. Nothing
here is written by hand.

Each file's size and SHA-256 digest are in Croissant (``contentSize``, ``sha256``) and in
the version's ``manifest.json``, which the library checks on every load. The Data Package
leaves them out since dataset version 1.1.0: frictionless reads a Parquet file through
pyarrow and pandas, so it cannot count its bytes (``byte-count`` error, "actual is None")
and does not check its hash, and ``frictionless validate datapackage.json`` must pass with
no flags. Versions 1.0.0 and 1.0.1 were released with ``bytes`` and ``hash`` and keep them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pyarrow as pa

from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.vocabularies import VOCABULARIES
from digital_labor_corpus.store.manifest import TableEntry

__all__ = ["CROISSANT", "DATAPACKAGE", "croissant", "datapackage", "text_datapackage"]

DATAPACKAGE = "datapackage.json"
CROISSANT = "croissant.json"

NAME = "digital-labor-corpus"
TITLE = "digital-labor-corpus: what is said about click work"
DESCRIPTION = (
    "A versioned, verbatim, typed corpus of what is said about click work (micro-work, data "
    "annotation, content moderation): media appearances, quotes with English translations, "
    "claims, statistics, places and people, each verbatim text with its character offsets "
    "into the source document."
)
CREATOR = "digital-labor-corpus contributors"
ANNOTATION_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (the annotations; the source text is not covered)",
}


def _frictionless_type(arrow: pa.DataType) -> str:
    if pa.types.is_string(arrow):
        return "string"
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_boolean(arrow):
        return "boolean"
    if pa.types.is_date(arrow):
        return "date"
    # frictionless reads Parquet through pandas, which gives lists as arrays that no Table
    # Schema type accepts; "any" keeps validation meaningful for every other column.
    return "any"


def _present(table: str, version: str | None) -> list[attrs.Attribute[Any]]:
    """The record fields of ``table`` that dataset ``version`` has (later columns left out)."""
    from digital_labor_corpus.schema.tables import TABLES as PLAIN

    kept = PLAIN[table].columns_in(version)
    return [field for field in attrs.fields(TABLES[table].record) if field.name in kept]


def _references(table: str, version: str | None = None) -> list[tuple[str, str, str]]:
    found = []
    for field in _present(table, version):
        ref = field.metadata.get("references")
        if ref and field.name != "topics":
            target, column = ref.split(".")
            found.append((field.name, target, column))
    return found


def _table_schema(
    table: str, *, text: bool = False, included: frozenset[str] | None = None, version: str | None = None
) -> dict[str, Any]:
    """The Table Schema of ``table``: for its Parquet file, or for a CSV or JSON Lines file.

    frictionless reads Parquet through pandas, which turns a null integer into NaN and a list
    into a NumPy array: there a nullable integer is a ``number`` and a list ``any``. A text
    file keeps them exact: ``integer``, and ``array`` of strings (a JSON array in a CSV cell).
    Foreign keys point only at ``included`` tables (all by default).
    """
    schema = arrow_schema(table)
    spec = TABLES[table]
    fields = []
    for field in _present(table, version):
        arrow_field = schema.field(field.name)
        meta = field.metadata
        entry: dict[str, Any] = {
            "name": field.name,
            "type": _frictionless_type(arrow_field.type),
            "description": meta["description"],
            "arrowType": str(arrow_field.type),
        }
        if text and pa.types.is_list(arrow_field.type):
            entry["type"] = "array"
            entry["arrayItem"] = {"type": "string"}
        elif text and entry["type"] == "boolean":
            entry["trueValues"] = ["true"]
            entry["falseValues"] = ["false"]
        elif text and entry["type"] == "number":
            entry["floatNumber"] = True
        elif text and entry["type"] == "date":
            entry["format"] = "default"  # ISO 8601, YYYY-MM-DD
        elif entry["type"] == "integer" and arrow_field.nullable and not text:
            # frictionless reads Parquet through pandas, which turns a null integer into NaN;
            # "number" accepts it, and arrowType keeps the exact type.
            entry["type"] = "number"
        constraints: dict[str, Any] = {}
        if not arrow_field.nullable:
            constraints["required"] = True
        if field.name == spec.primary_key:
            constraints["unique"] = True
        if meta.get("vocabulary"):
            constraints["enum"] = list(VOCABULARIES[meta["vocabulary"]])
        if field.name in ("span_start", "span_end", "n_chars"):
            constraints["minimum"] = 0
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    result: dict[str, Any] = {"fields": fields}
    if text:
        result["missingValues"] = [""]
    result["primaryKey"] = [spec.primary_key]
    foreign = [
        {"fields": [column], "reference": {"resource": target, "fields": [target_column]}}
        for column, target, target_column in _references(table, version)
        if included is None or target in included
    ]
    if foreign:
        result["foreignKeys"] = foreign
    return result


_TEXT_RESOURCES: dict[str, dict[str, Any]] = {
    "csv": {
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
    },
    "jsonl": {"format": "jsonl", "mediatype": "application/jsonl", "encoding": "utf-8"},
}


def text_datapackage(names: list[str], fmt: str, version: str | None) -> dict[str, Any]:
    """Return the Frictionless tabular Data Package of a CSV or JSON Lines export.

    One resource per exported table, ``<table>.csv`` or ``<table>.jsonl``, with its Table
    Schema: field types (dates ISO 8601, ``topics`` an ``array`` of strings written as a JSON
    array), the empty cell as the missing value, required and unique columns, vocabularies
    as enums, the primary key and the foreign keys between exported tables.

    Parameters
    ----------
    names
        The exported tables, in export order.
    fmt
        ``"csv"`` or ``"jsonl"``.
    version
        The dataset version exported, or ``None`` for a selection of tables.

    Returns
    -------
    dict
        The ``datapackage.json`` descriptor.

    Examples
    --------
    >>> package = text_datapackage(["people", "quotes"], "csv", "1.0.1")
    >>> [r["path"] for r in package["resources"]]
    ['people.csv', 'quotes.csv']
    >>> topics = next(f for f in package["resources"][1]["schema"]["fields"] if f["name"] == "topics")
    >>> topics["type"], topics["arrayItem"]
    ('array', {'type': 'string'})
    """
    included = frozenset(names)
    resources = [
        {
            "name": name,
            "path": f"{name}.{fmt}",
            "profile": "tabular-data-resource",
            **_TEXT_RESOURCES[fmt],
            "description": TABLES[name].description,
            "schema": _table_schema(name, text=True, included=included, version=version),
        }
        for name in names
    ]
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE if version is None else f"{TITLE} (dataset version {version})",
        "description": DESCRIPTION,
    }
    if version is not None:
        package["version"] = version
    package.update(
        {
            "licenses": [ANNOTATION_LICENCE],
            "contributors": [{"title": CREATOR, "role": "author"}],
            "resources": resources,
        }
    )
    return package


def datapackage(
    version: str,
    release_date: dt.date,
    entries: dict[str, TableEntry],
    sources: list[dict[str, Any]],
    *,
    shipped: bool = False,
) -> dict[str, Any]:
    """Return the Frictionless Data Package descriptor of one dataset version.

    ``shipped``: the version's files already exist (an export of a shipped version), so
    they are described with the columns that version has; a build describes every column.

    A resource carries only what frictionless can check on a Parquet file: no ``bytes``
    and no ``hash`` (those are in the manifest and in Croissant).

    Examples
    --------
    >>> import datetime as dt
    >>> from digital_labor_corpus.store.manifest import TableEntry
    >>> entry = TableEntry(file="topics.parquet", rows=1, sha256="0" * 64, bytes=10, schema_fingerprint="f")
    >>> package = datapackage("1.1.0", dt.date(2027, 1, 1), {"topics": entry}, [])
    >>> sorted(package["resources"][0])
    ['description', 'format', 'mediatype', 'name', 'path', 'profile', 'schema']
    """
    resources = []
    for table, entry in entries.items():
        resources.append(
            {
                "name": table,
                "path": entry.file,
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[table].description,
                "schema": _table_schema(table, version=version if shipped else None),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": f"{release_date.isoformat()}T00:00:00Z",
        "keywords": ["click work", "micro-work", "digital labour", "content moderation", "data annotation"],
        "licenses": [ANNOTATION_LICENCE],
        "contributors": [{"title": CREATOR, "role": "author"}],
        "sources": [
            {"title": f"{s['title']} ({s['author']})" if s.get("author") else s["title"]} for s in sources
        ],
        "resources": resources,
    }


_CROISSANT_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "any": "sc:Text",
}

_CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def cite_as(version: str, release_date: dt.date) -> str:
    """A BibTeX entry for one dataset version."""
    return (
        f"@misc{{digital_labor_corpus_{version.replace('.', '_')},\n"
        f"  title = {{{TITLE}}},\n"
        f"  author = {{{{{CREATOR}}}}},\n"
        f"  year = {{{release_date.year}}},\n"
        f"  note = {{Dataset version {version}, released {release_date.isoformat()}}}\n"
        "}"
    )


def croissant(
    version: str, release_date: dt.date, entries: dict[str, TableEntry], sources: list[dict[str, Any]]
) -> dict[str, Any]:
    """Return the Croissant 1.0 JSON-LD description of one dataset version."""
    distribution = [
        {
            "@type": "cr:FileObject",
            "@id": entry.file,
            "name": entry.file,
            "description": f"The {table} table.",
            "contentUrl": entry.file,
            "contentSize": f"{entry.bytes} B",
            "encodingFormat": "application/x-parquet",
            "sha256": entry.sha256,
        }
        for table, entry in entries.items()
    ]
    record_sets = []
    for table, entry in entries.items():
        schema = arrow_schema(table)
        spec = TABLES[table]
        references = {column: (target, target_column) for column, target, target_column in _references(table)}
        fields = []
        for field in attrs.fields(spec.record):
            arrow_field = schema.field(field.name)
            kind = _frictionless_type(arrow_field.type)
            item: dict[str, Any] = {
                "@type": "cr:Field",
                "@id": f"{table}/{field.name}",
                "name": field.name,
                "description": field.metadata["description"],
                "dataType": _CROISSANT_TYPES[kind],
                "source": {"fileObject": {"@id": entry.file}, "extract": {"column": field.name}},
            }
            if pa.types.is_list(arrow_field.type):
                item["repeated"] = True
            target, target_column = references.get(field.name, (table, ""))
            if target != table:
                # A reference to the same record set (an answer's question, a place's parent)
                # would make mlcroissant's operation graph cyclic; the Data Package keeps it.
                # Referenced through the target table's file and key column: mlcroissant can
                # only join a record set on a file's columns, not on another record set.
                item["references"] = {
                    "fileObject": {"@id": entries[target].file},
                    "extract": {"column": target_column},
                }
            fields.append(item)
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": table,
                "name": table,
                "description": spec.description,
                "key": {"@id": f"{table}/{spec.primary_key}"},
                "field": fields,
            }
        )
    return {
        "@context": _CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": NAME,
        "description": DESCRIPTION,
        "version": version,
        "datePublished": release_date.isoformat(),
        "license": ANNOTATION_LICENCE["path"],
        "creator": {"@type": "sc:Organization", "name": CREATOR},
        "citeAs": cite_as(version, release_date),
        "inLanguage": ["fr", "en"],
        "keywords": ["click work", "micro-work", "digital labour", "content moderation", "data annotation"],
        "isBasedOn": [
            {
                "@type": "sc:CreativeWork",
                "name": s["title"],
                "author": s.get("author"),
                "inLanguage": s["language"],
            }
            for s in sources
        ],
        "distribution": distribution,
        "recordSet": record_sets,
    }
