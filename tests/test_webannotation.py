"""The W3C Web Annotation export: JSON-LD that expands against the Web Annotation context, every span back."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings

import digital_labor_corpus as dlc
from digital_labor_corpus.publishing.exporting import export, export_tables

from .annotation_readers import (
    KEYS,
    OA,
    RDF_VALUE,
    SPAN_TABLES,
    anno_context,
    expected_records,
    offline_loader,
    read_webannotation,
    shifted,
    undefined_terms,
)
from .strategies import Corpus, corpora, shipped_selections
from .versions import to_tables

pytest.importorskip("pyld")

VERSIONS = dlc.versions()
AS = "http://www.w3.org/ns/activitystreams#"
WIKIDATA = "http://www.wikidata.org/entity/"


def _tables(version: str) -> dict[str, pa.Table]:
    return {name: dlc.load(name, version=version) for name in dlc.tables(version)}


def _source(tables: dict[str, pa.Table]) -> tuple[str, str]:
    row = tables["sources"].to_pylist()[0]
    return row["source_id"], row["text"]


def _check(directory: Path, tables: dict[str, pa.Table]) -> dict[str, object]:
    """The checks every Web Annotation export must pass, whatever the tables; returns the reader's facts."""
    terms = set(anno_context()["@context"])
    for path in directory.glob("*.jsonld"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert undefined_terms(document, terms) == set(), path.name
    source_id, text = _source(tables)
    found, facts = read_webannotation(directory, source_id, text)
    assert found.records == expected_records(tables)
    for (_, _, start, end), exact in found.spans.items():
        assert exact == text[start:end]
    assert facts["total"] == sum(tables[name].num_rows for name in SPAN_TABLES)
    assert facts["types"] == ({f"{OA}Annotation"} if found.records else set())
    assert [(types, start) for types, start, _ in facts["pages"]] == [
        ([f"{AS}OrderedCollectionPage"], seen) for _, _, seen in facts["pages"]
    ]
    return facts


@pytest.fixture(scope="module", params=VERSIONS)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Each shipped version exported as Web Annotations once."""
    out = tmp_path_factory.mktemp(f"webannotation-{request.param}")
    export(out, "webannotation", version=request.param)
    return request.param, out


def _values(bodies: list[dict[str, object]], purpose: str) -> set[str]:
    return {
        body[RDF_VALUE][0]["@value"]  # type: ignore[index]
        for body in bodies
        if body.get(f"{OA}hasPurpose") == [{"@id": f"{OA}{purpose}"}] and RDF_VALUE in body
    }


def _sources(bodies: list[dict[str, object]]) -> set[str]:
    return {
        body[f"{OA}hasSource"][0]["@id"]  # type: ignore[index]
        for body in bodies
        if body.get(f"{OA}hasPurpose") == [{"@id": f"{OA}identifying"}]
    }


class TestContext:
    """The context kept in tests/data expands as the Web Annotation specification says."""

    def test_spec_terms(self) -> None:
        """Types, selectors, positions, purposes and page items expand to the oa and as vocabularies."""
        from pyld import jsonld

        document = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "http://example.org/anno23",
            "type": "Annotation",
            "body": {"type": "TextualBody", "value": "x", "purpose": "tagging"},
            "target": {
                "source": "http://example.org/page1",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": "anotation",
                        "prefix": "this is an ",
                        "suffix": " that",
                    },
                    {"type": "TextPositionSelector", "start": 412, "end": 795},
                ],
            },
        }
        [node] = jsonld.expand(document, {"documentLoader": offline_loader})
        assert node["@type"] == [f"{OA}Annotation"]
        [body] = node[f"{OA}hasBody"]
        assert body[f"{OA}hasPurpose"] == [{"@id": f"{OA}tagging"}]
        [target] = node[f"{OA}hasTarget"]
        assert target[f"{OA}hasSource"] == [{"@id": "http://example.org/page1"}]
        quote, position = target[f"{OA}hasSelector"]
        assert quote["@type"] == [f"{OA}TextQuoteSelector"]
        assert position[f"{OA}start"] == [
            {"@value": 412, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"}
        ]
        page = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": []}
        [expanded] = jsonld.expand(page, {"documentLoader": offline_loader})
        assert expanded["@type"] == [f"{AS}OrderedCollectionPage"]
        assert expanded[f"{AS}items"] == [{"@list": []}]


class TestShippedVersions:
    """Every shipped version expands without loss and gives back every span and its record."""

    def test_round_trip(self, exported: tuple[str, Path]) -> None:
        """Every term is the context's, pages chain from first to last, each record's span comes back."""
        version, out = exported
        _check(out, _tables(version))

    def test_quote_bodies(self, exported: tuple[str, Path]) -> None:
        """A quote's body holds its translation, its kind, its topics and its speaker (Wikidata where known)."""
        version, out = exported
        tables = _tables(version)
        facts = _check(out, tables)
        people = {row["person_id"]: row for row in tables["people"].to_pylist()}
        for row in tables["quotes"].to_pylist():
            bodies = facts["bodies"][("quotes", row["quote_id"])]  # type: ignore[index]
            assert row["text_en"] in _values(bodies, "describing")
            assert _values(bodies, "classifying") == {row["kind"]}
            assert _values(bodies, "tagging") == set(row["topics"])
            person = people[row["speaker_id"]]
            qid = person["wikidata_qid"]
            speaker = (
                WIKIDATA + qid if qid else f"urn:digital-labor-corpus:{version}:people:{person['person_id']}"
            )
            assert _sources(bodies) == {speaker}

    def test_place_bodies(self, exported: tuple[str, Path]) -> None:
        """A place mention's body names the place, by its Wikidata entity where the gazetteer has one."""
        version, out = exported
        tables = _tables(version)
        facts = _check(out, tables)
        places = {row["place_id"]: row for row in tables["places"].to_pylist()}
        with_qid = 0
        for row in tables["place_mentions"].to_pylist():
            bodies = facts["bodies"][("place_mentions", row["mention_id"])]  # type: ignore[index]
            place = places[row["place_id"]]
            if place["wikidata_qid"]:
                with_qid += 1
                assert _sources(bodies) == {WIKIDATA + place["wikidata_qid"]}
            assert _values(bodies, "describing") == {place["name_en"]}
        assert with_qid > 0

    def test_offsets_said_in_the_collection(self, exported: tuple[str, Path]) -> None:
        """The collection's label says that offsets are code points and names UTF-16 consumers."""
        _, out = exported
        [collection] = list(out.glob("*.annotations.jsonld"))
        labels = json.loads(collection.read_text(encoding="utf-8"))["label"]
        assert any("Unicode code points" in label and "UTF-16" in label for label in labels)


class TestHardCases:
    """Characters outside the BMP and carriage returns before the spans."""

    def test_offsets_are_code_points(self, tmp_path: Path) -> None:
        """With an emoji and a CRLF before the text, the positions move by three and still select the spans."""
        original = _tables(VERSIONS[-1])
        tables = shifted(original, "\N{GRINNING FACE}\r\n")
        export_tables(tables, tmp_path, "webannotation")
        _check(tmp_path, tables)
        first = min(original["quotes"].to_pylist(), key=lambda row: row["span_start"])
        page = json.loads(next(tmp_path.glob("*.annotations.quotes.jsonld")).read_text(encoding="utf-8"))
        position = page["items"][0]["target"]["selector"][1]
        assert (position["start"], position["end"]) == (first["span_start"] + 3, first["span_end"] + 3)
        assert page["items"][0]["id"].endswith(f":quotes:{first[KEYS['quotes']]}")


class TestProperties:
    """Property: any valid corpus, and any selection of a shipped version, gives every span back."""

    # one source: the export writes a file per source and _check reads the first
    @given(corpus=corpora(max_sources=1))
    def test_round_trip_property(self, corpus: Corpus) -> None:
        """Every term defined, every (table, key, start, end) recovered, every exact its source slice."""
        tables = to_tables(corpus)
        with tempfile.TemporaryDirectory() as out:
            result = export_tables(tables, out, "webannotation")
            assert result.version is None
            _check(Path(out), tables)

    @settings(max_examples=10)
    @given(tables=shipped_selections())
    def test_shipped_selections_property(self, tables: dict[str, pa.Table]) -> None:
        """Any selection of a shipped version's spans expands without loss and gives every span back."""
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "webannotation")
            _check(Path(out), tables)
