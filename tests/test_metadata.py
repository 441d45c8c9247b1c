"""Every shipped version carries Frictionless and Croissant metadata that their own tools accept."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.storage import shipped_store

DATA_DIR = Path(str(files("digital_labor_corpus").joinpath("data")))
VERSIONS = dlc.versions()

# frictionless reads Parquet through pandas and cannot count a Parquet file's bytes (it
# reports "actual is None"), and it does not check a Parquet resource's hash: both are
# covered by the library's own SHA-256 check against the manifest on every load.
SKIP = ["byte-count"]


def _frictionless_report(path: Path) -> object:
    from frictionless import validate

    return validate(str(path), skip_errors=SKIP)


class TestDataPackage:
    """datapackage.json is generated from the schema and valid for frictionless."""

    @pytest.mark.parametrize("version", VERSIONS)
    def test_valid_with_zero_errors(self, version: str) -> None:
        """The frictionless validator reports no error on any resource."""
        report = _frictionless_report(DATA_DIR / version / "datapackage.json")
        errors = [(t.name, e.message) for t in report.tasks for e in t.errors]  # type: ignore[attr-defined]
        assert errors == []
        assert report.valid  # type: ignore[attr-defined]

    @pytest.mark.parametrize("version", VERSIONS)
    def test_describes_every_table(self, version: str) -> None:
        """One resource per table, with bytes and hash from the manifest and keys from the schema."""
        package = json.loads((DATA_DIR / version / "datapackage.json").read_text(encoding="utf-8"))
        manifest = shipped_store().manifest(version)
        assert package["version"] == version
        assert package["licenses"][0]["name"] == "CC-BY-4.0"
        resources = {r["name"]: r for r in package["resources"]}
        assert set(resources) == set(dlc.tables(version))
        for name, resource in resources.items():
            entry = manifest.tables[name]
            assert resource["hash"] == f"sha256:{entry.sha256}"
            assert resource["bytes"] == entry.bytes
            assert [f["name"] for f in resource["schema"]["fields"]] == list(TABLES[name].columns_in(version))
            assert resource["schema"]["primaryKey"] == [TABLES[name].primary_key]
            assert all(f["description"] for f in resource["schema"]["fields"])
        quote_keys = resources["quotes"]["schema"]["foreignKeys"]
        assert {
            "fields": ["speaker_id"],
            "reference": {"resource": "people", "fields": ["person_id"]},
        } in quote_keys
        kinds = next(f for f in resources["quotes"]["schema"]["fields"] if f["name"] == "kind")
        assert kinds["constraints"]["enum"] == ["question", "answer", "statement"]

    def test_broken_foreign_key_is_reported(self, tmp_path: Path) -> None:
        """A copy whose quote names an unknown speaker fails frictionless with a foreign-key error."""
        version_dir = tmp_path / VERSIONS[-1]
        shutil.copytree(DATA_DIR / VERSIONS[-1], version_dir)
        path = version_dir / "quotes.parquet"
        table = pq.read_table(path)
        speakers = table.column("speaker_id").to_pylist()
        speakers[0] = "nobody"
        index = table.schema.get_field_index("speaker_id")
        pq.write_table(table.set_column(index, table.schema.field(index), pa.array(speakers)), path)
        report = _frictionless_report(version_dir / "datapackage.json")
        found = [(t.name, e.type) for t in report.tasks for e in t.errors]  # type: ignore[attr-defined]
        assert found == [("quotes", "foreign-key")]


class TestCroissant:
    """croissant.json validates with mlcroissant and yields every record set."""

    @pytest.mark.parametrize("version", VERSIONS)
    def test_records_from_every_record_set(self, version: str) -> None:
        """mlcroissant loads each record set with the table's row count and columns."""
        import mlcroissant as mlc

        dataset = mlc.Dataset(jsonld=str(DATA_DIR / version / "croissant.json"))
        for name in dlc.tables(version):
            records = list(dataset.records(record_set=name))
            assert len(records) == dlc.load(name, version=version).num_rows, name
            assert set(records[0]) == {f"{name}/{column}" for column in TABLES[name].columns_in(version)}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_metadata(self, version: str) -> None:
        """FileObjects carry the manifest's sha256; the dataset has citeAs, licence, creator, date."""
        document = json.loads((DATA_DIR / version / "croissant.json").read_text(encoding="utf-8"))
        manifest = shipped_store().manifest(version)
        assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
        assert document["datePublished"] == manifest.release_date.isoformat()
        assert document["citeAs"].startswith("@misc{")
        cc_by = "https://creativecommons.org/licenses/by/4.0/"
        if version in ("1.0.0", "1.0.1"):  # released before the source text's licence was stated apart
            assert document["license"] == cc_by
        else:
            annotations, source_text = document["license"]
            assert annotations == cc_by
            assert "not covered by CC BY 4.0" in source_text["name"]
            fields = {f["@id"]: f for r in document["recordSet"] for f in r["field"]}
            assert "not covered by CC BY 4.0" in fields["sources/text"]["description"]
            assert "not covered by CC BY 4.0" not in fields["quotes/text_en"]["description"]
        assert document["creator"]["name"]
        digests = {f["contentUrl"]: f["sha256"] for f in document["distribution"]}
        assert digests == {entry.file: entry.sha256 for entry in manifest.tables.values()}
        keys = {r["name"]: r["key"]["@id"] for r in document["recordSet"]}
        assert keys == {name: f"{name}/{TABLES[name].primary_key}" for name in dlc.tables(version)}
