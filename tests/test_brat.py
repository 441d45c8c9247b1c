"""The brat standoff export, read back with bioc's brat reader: the text, every span, speakers and answers."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings

import digital_labor_corpus as dlc
from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.exporting import export, export_tables

from .annotation_readers import KEYS, expected_records, read_brat, shifted, with_crossing_mention
from .strategies import Corpus, corpora, shipped_selections
from .versions import to_tables

pytest.importorskip("bioc")

VERSIONS = dlc.versions()


def _tables(version: str) -> dict[str, pa.Table]:
    return {name: dlc.load(name, version=version) for name in dlc.tables(version)}


def _check(directory: Path, tables: dict[str, pa.Table]) -> object:
    """The checks every brat export must pass, whatever the tables; returns bioc's document."""
    source = tables["sources"].to_pylist()[0]
    assert (directory / f"{source['source_id']}.txt").read_bytes() == source["text"].encode("utf-8")
    found, document = read_brat(directory, source["source_id"])
    assert found.text == source["text"]
    assert found.records == expected_records(tables)
    return document


def _by_note(document: object) -> dict[str, str]:
    """brat entity id -> TABLE:KEY, from the AnnotatorNotes."""
    return {note.refid: note.text for note in document.notes}  # type: ignore[attr-defined]


@pytest.fixture(scope="module", params=VERSIONS)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Each shipped version exported as brat once."""
    out = tmp_path_factory.mktemp(f"brat-{request.param}")
    export(out, "brat", version=request.param)
    return request.param, out


class TestShippedVersions:
    """Every shipped version reads back with every span, its speaker and its question."""

    def test_round_trip(self, exported: tuple[str, Path]) -> None:
        """The .txt is the source; every record's (table, key, start, end) comes back."""
        version, out = exported
        _check(out, _tables(version))

    def test_speakers(self, exported: tuple[str, Path]) -> None:
        """Each quote carries its speaker as a Speaker attribute."""
        version, out = exported
        tables = _tables(version)
        document = _check(out, tables)
        notes = _by_note(document)
        found = {
            notes[attribute.refid]: set(attribute.attributes)
            for attribute in document.attributes  # type: ignore[attr-defined]
            if attribute.type == "Speaker"
        }
        assert found == {
            f"quotes:{row['quote_id']}": {row["speaker_id"]} for row in tables["quotes"].to_pylist()
        }

    def test_answers_point_to_questions(self, exported: tuple[str, Path]) -> None:
        """An Answers relation links each answer that has a question to that question."""
        version, out = exported
        tables = _tables(version)
        document = _check(out, tables)
        notes = _by_note(document)
        found = {
            (notes[relation.arguments["Arg1"]], notes[relation.arguments["Arg2"]])
            for relation in document.relations  # type: ignore[attr-defined]
            if relation.type == "Answers"
        }
        expected = {
            (f"quotes:{row['quote_id']}", f"quotes:{row['question_id']}")
            for row in tables["quotes"].to_pylist()
            if row["question_id"] is not None
        }
        assert found == expected
        assert expected

    def test_configuration_declares_every_value(self, exported: tuple[str, Path]) -> None:
        """annotation.conf declares the entity types and every attribute value the .ann uses."""
        version, out = exported
        document = _check(out, _tables(version))
        declared: dict[str, set[str]] = {}
        section = ""
        for line in (out / "annotation.conf").read_text(encoding="utf-8").splitlines():
            if line.startswith("["):
                section = line
            elif section == "[attributes]" and line:
                name, rest = line.split("\t")
                declared[name] = set(rest.split("Value:")[1].split("|"))
        for attribute in document.attributes:  # type: ignore[attr-defined]
            assert set(attribute.attributes) <= declared[attribute.type]


class TestHardCases:
    """Spans over line breaks, characters outside the BMP, values brat cannot hold."""

    def test_offsets_are_code_points(self, tmp_path: Path) -> None:
        """With an emoji and a CRLF before the text, every span moves by three code points and comes back."""
        tables = shifted(_tables(VERSIONS[-1]), "\N{GRINNING FACE}\r\n")
        export_tables(tables, tmp_path, "brat")
        _check(tmp_path, tables)

    def test_spans_over_line_breaks_are_fragments(self, tmp_path: Path) -> None:
        """A claim that runs over a paragraph break is written as fragments that skip the break."""
        tables = _tables(VERSIONS[-1])
        text = tables["sources"].column("text")[0].as_py()
        rows = tables["claims"].to_pylist()
        claim = rows[0]
        brk = text.index("\n\n", claim["span_start"])
        claim["span_end"] = brk + 6
        claim["text"] = text[claim["span_start"] : claim["span_end"]]
        tables["claims"] = pa.Table.from_pylist(rows, schema=tables["claims"].schema)
        export_tables(tables, tmp_path, "brat")
        document = _check(tmp_path, tables)
        notes = _by_note(document)
        entity = next(
            e
            for e in document.entities  # type: ignore[attr-defined]
            if notes[e.id] == f"claims:{claim[KEYS['claims']]}"
        )
        fragments = sorted((i.begin, i.end) for i in entity.locations)
        assert fragments == [(claim["span_start"], brk), (brk + 2, brk + 6)]

    def test_crossing_spans(self, tmp_path: Path) -> None:
        """Overlapping spans are no problem for standoff: the crossing mention comes back too."""
        tables, _ = with_crossing_mention(_tables(VERSIONS[-1]))
        export_tables(tables, tmp_path, "brat")
        _check(tmp_path, tables)

    def test_value_with_a_space_refused(self, tmp_path: Path) -> None:
        """A key that is not one word cannot be a brat value: refused, naming it."""
        tables = _tables(VERSIONS[-1])
        rows = tables["quotes"].to_pylist()
        rows[0]["speaker_id"] = "two words"
        tables["quotes"] = pa.Table.from_pylist(rows, schema=tables["quotes"].schema)
        with pytest.raises(InvalidArgumentError, match="'two words' as a brat attribute value"):
            export_tables(tables, tmp_path, "brat")


class TestProperties:
    """Property: any valid corpus, and any selection of a shipped version, reads back with every span."""

    # one source: the export writes a file per source and _check reads the first
    @given(corpus=corpora(max_sources=1))
    def test_round_trip_property(self, corpus: Corpus) -> None:
        """The .txt is the source and every (table, key, start, end) is recovered by bioc."""
        tables = to_tables(corpus)
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "brat")
            _check(Path(out), tables)

    @settings(max_examples=15)
    @given(tables=shipped_selections())
    def test_shipped_selections_property(self, tables: dict[str, pa.Table]) -> None:
        """Any selection of a shipped version's spans reads back with every span."""
        with tempfile.TemporaryDirectory() as out:
            export_tables(tables, out, "brat")
            _check(Path(out), tables)


def test_offsets_said_in_the_configuration(tmp_path: Path) -> None:
    """annotation.conf says, in a comment, that offsets are code points, and names UTF-16 consumers."""
    export(tmp_path, "brat")
    comments = [
        line
        for line in (tmp_path / "annotation.conf").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert "Unicode code points" in " ".join(comments)
    assert "UTF-16" in " ".join(comments)
