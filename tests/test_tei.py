"""The TEI export: valid against its RelaxNG subset, the whole source in its text, every span back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings

import digital_labor_corpus as dlc
from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.exporting import export, export_tables
from digital_labor_corpus.publishing.tei import SCHEMA_FILE, schema_text

from .annotation_readers import (
    KEYS,
    TEI,
    XML_ID,
    expected_records,
    read_tei,
    shifted,
    tei_text,
    tei_valid,
    with_crossing_mention,
)
from .strategies import Corpus, corpora, shipped_selections
from .versions import to_tables

pytest.importorskip("lxml")

VERSIONS = dlc.versions()


def _tables(version: str) -> dict[str, pa.Table]:
    return {name: dlc.load(name, version=version) for name in dlc.tables(version)}


def _tei_file(directory: Path, tables: dict[str, pa.Table]) -> Path:
    return directory / f"{tables['sources'].column('source_id')[0].as_py()}.tei.xml"


def _check(directory: Path, tables: dict[str, pa.Table]) -> None:
    """The checks every TEI export must pass, whatever the tables."""
    path = _tei_file(directory, tables)
    assert tei_valid(path, directory / SCHEMA_FILE) == []
    source = tables["sources"].column("text")[0].as_py()
    assert tei_text(path) == source
    found = read_tei(path)
    assert found.records == expected_records(tables)
    for (_, _, start, end), text in found.spans.items():
        assert text == source[start:end]


@pytest.fixture(scope="module", params=VERSIONS)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Each shipped version exported as TEI once."""
    out = tmp_path_factory.mktemp(f"tei-{request.param}")
    export(out, "tei", version=request.param)
    return request.param, out


class TestShippedVersions:
    """Every shipped version exports to valid TEI that gives back the text and every span."""

    def test_round_trip(self, exported: tuple[str, Path]) -> None:
        """Valid against the subset, the text nodes are the source, each record's span comes back."""
        version, out = exported
        _check(out, _tables(version))

    def test_verbatim_text_in_the_elements(self, exported: tuple[str, Path]) -> None:
        """The text inside each quote, place mention and figure element is the record's verbatim text."""
        version, out = exported
        tables = _tables(version)
        found = read_tei(_tei_file(out, tables))
        by_record = {(table, key): text for (table, key, _, _), text in found.spans.items()}
        for table in ("quotes", "statistics", "place_mentions", "claims"):
            for row in tables[table].to_pylist():
                assert by_record[(table, row[KEYS[table]])] == row["text"]

    def test_schema_is_the_shipped_one(self, exported: tuple[str, Path]) -> None:
        """The export carries the package's RelaxNG schema, and the file names it."""
        _, out = exported
        assert (out / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
        assert f'<?xml-model href="{SCHEMA_FILE}"' in next(out.glob("*.tei.xml")).read_text(encoding="utf-8")

    def test_people_and_places_in_the_header(self, exported: tuple[str, Path]) -> None:
        """listPerson and listPlace hold every person and place, with their Wikidata ids where known."""
        from lxml import etree

        version, out = exported
        tables = _tables(version)
        root = etree.parse(str(_tei_file(out, tables))).getroot()
        for table, element, key in (("people", "person", "person_id"), ("places", "place", "place_id")):
            rows = tables[table].to_pylist()
            written = {
                node.get(XML_ID): node.findtext(f"{TEI}idno[@type='wikidata']")
                for node in root.iter(f"{TEI}{element}")
            }
            assert written == {f"{table}.{row[key]}": row["wikidata_qid"] for row in rows}

    def test_quotes_name_their_speaker(self, exported: tuple[str, Path]) -> None:
        """Each <q> points at its speaker in listPerson and says its kind."""
        from lxml import etree

        version, out = exported
        tables = _tables(version)
        root = etree.parse(str(_tei_file(out, tables))).getroot()
        expected = {
            f"quotes.{row['quote_id']}": (f"#people.{row['speaker_id']}", row["kind"])
            for row in tables["quotes"].to_pylist()
        }
        written = {q.get(XML_ID): (q.get("who"), q.get("type")) for q in root.iter(f"{TEI}q")}
        assert written == expected

    def test_claims_in_stand_off(self, exported: tuple[str, Path]) -> None:
        """Every claim is a standOff span holding its English statement."""
        from lxml import etree

        version, out = exported
        tables = _tables(version)
        root = etree.parse(str(_tei_file(out, tables))).getroot()
        group = root.find(f"{TEI}standOff/{TEI}spanGrp[@type='claims']")
        written = {span.get(XML_ID): span.text for span in group}
        assert written == {
            f"claims.{row['claim_id']}": row["statement_en"] for row in tables["claims"].to_pylist()
        }


class TestHardCases:
    """Overlapping spans, carriage returns, characters outside the BMP, characters XML refuses."""

    def test_crossing_spans_become_anchors(self, tmp_path: Path) -> None:
        """A place mention across a quote's end is written as anchors and a standOff span, and still comes back."""
        tables, key = with_crossing_mention(_tables(VERSIONS[-1]))
        export_tables(tables, tmp_path, "tei")
        _check(tmp_path, tables)
        text = _tei_file(tmp_path, tables).read_text(encoding="utf-8")
        assert f'<anchor xml:id="place_mentions.{key}.start"/>' in text
        assert f'<span xml:id="place_mentions.{key}" from="#place_mentions.{key}.start"' in text

    def test_offsets_are_code_points(self, tmp_path: Path) -> None:
        """With an emoji and a CRLF before the text, every span moves by three code points and still comes back."""
        tables = shifted(_tables(VERSIONS[-1]), "\N{GRINNING FACE}\r\n")
        export_tables(tables, tmp_path, "tei")
        _check(tmp_path, tables)
        assert "&#13;" in _tei_file(tmp_path, tables).read_text(encoding="utf-8")

    def test_control_character_refused(self, tmp_path: Path) -> None:
        """A character XML 1.0 cannot hold is refused with the library's error, naming it."""
        tables = shifted(_tables(VERSIONS[-1]), "\x01")
        with pytest.raises(InvalidArgumentError, match=r"U\+0001, a character that XML 1\.0 cannot hold"):
            export_tables(tables, tmp_path, "tei")

    def test_missing_table_refused(self, tmp_path: Path) -> None:
        """export_tables without a table the TEI needs says which are missing."""
        tables = _tables(VERSIONS[-1])
        del tables["people"]
        with pytest.raises(InvalidArgumentError, match=r"missing: people$"):
            export_tables(tables, tmp_path, "tei")


class TestProperties:
    """Property: any valid corpus, and any selection of a shipped version, exports to valid TEI that gives every span back."""

    # one source: the export writes a file per source and _check reads the first
    @given(corpus=corpora(max_sources=1))
    def test_round_trip_property(self, corpus: Corpus) -> None:
        """Valid, whole text, every (table, key, start, end) recovered, every span its source slice."""
        tables = to_tables(corpus)
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "tei")
            _check(Path(out), tables)

    @settings(max_examples=15)
    @given(tables=shipped_selections())
    def test_shipped_selections_property(self, tables: dict[str, pa.Table]) -> None:
        """Any selection of a shipped version's spans: valid, whole text, every span back."""
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "tei")
            _check(Path(out), tables)
