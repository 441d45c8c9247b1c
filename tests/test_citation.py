"""CITATION.cff is valid Citation File Format 1.2.0, current, and linked with the licences.

The schema in ``tests/data/citation-file-format-1.2.0.schema.json`` is the Citation File
Format's own JSON schema for version 1.2.0 (CC BY 4.0, the Citation File Format authors),
as the ``cffconvert`` package ships it. cffconvert itself is not used: it pins
``jsonschema<4``, which the frictionless test dependency cannot share an environment with.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

import digital_labor_corpus as dlc
from digital_labor_corpus.publishing.metadata import TITLE
from digital_labor_corpus.store.storage import shipped_store

from .conftest import ROOT

SCHEMA = ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json"


def _citation() -> dict[str, Any]:
    citation: dict[str, Any] = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return citation


def _errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


class TestCitationFile:
    """CITATION.cff validates against the CFF 1.2.0 schema and names the newest dataset version."""

    def test_the_schema_is_cff_1_2_0(self) -> None:
        """The vendored schema is the Citation File Format's schema for version 1.2.0."""
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"

    def test_valid(self) -> None:
        """The file has no schema error."""
        assert _errors(_citation()) == []

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"cff-version": "1.1.0"}, "['cff-version']"),
            ({"type": "corpus"}, "['type']"),
            ({"authors": []}, "['authors']"),
            ({"date-released": "28 November 2026"}, "['date-released']"),
        ],
    )
    def test_a_broken_copy_is_reported(self, change: dict[str, Any], path: str) -> None:
        """The check can fail: a copy with a bad field has an error at that field."""
        assert any(error.startswith(path) for error in _errors(_citation() | change))

    def test_current(self) -> None:
        """Version and release date are the newest shipped dataset version's; the title is the dataset's."""
        citation = _citation()
        manifest = shipped_store().manifest(dlc.versions()[-1])
        assert citation["version"] == manifest.dataset_version
        assert citation["date-released"] == manifest.release_date.isoformat()
        assert citation["title"] == TITLE
        assert citation["type"] == "dataset"
        assert set(citation["license"]) == {"CC-BY-4.0", "MIT"}

    def test_cites_the_source(self) -> None:
        """The source document and its author are among the references."""
        source = dlc.load("sources", columns=["title", "author"]).to_pylist()[0]
        titles = {(r["title"], r["authors"][0]["family-names"]) for r in _citation()["references"]}
        assert (source["title"], source["author"].split()[-1]) in titles


class TestLicencesAndLinks:
    """The README links the citation and both licences, which say what they cover."""

    @pytest.mark.parametrize("target", ["CITATION.cff", "LICENSE", "LICENSE-DATA"])
    def test_readme_links(self, target: str) -> None:
        """The README links the file, and the file exists."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert f"]({target})" in readme
        assert (ROOT / target).is_file()

    def test_licence_texts(self) -> None:
        """LICENSE is MIT; LICENSE-DATA is CC BY 4.0 and leaves out the source text."""
        assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
        data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
        assert "CC BY 4.0" in data
        assert "The source text is NOT covered by this licence" in data
