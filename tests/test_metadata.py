"""Every shipped version carries Frictionless and Croissant metadata that their own tools accept."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.lock import version_key
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.tables import TABLES as PLAIN
from digital_labor_corpus.store.storage import shipped_store

from .conftest import CORPUS_DIR

DATA_DIR = Path(str(files("digital_labor_corpus").joinpath("data")))
VERSIONS = dlc.versions()

# Versions 1.0.0 and 1.0.1 were released with each Parquet resource's "bytes" and "hash",
# which frictionless cannot check (it reads Parquet through pyarrow and pandas: "byte-count
# ... actual is None"). Released files never change, so only these two need the flag; the
# generator leaves both out since, and every later version validates with no flags.
RELEASED_WITH_BYTES = ("1.0.0", "1.0.1")
NEW_VERSIONS = [v for v in VERSIONS if version_key(v) > version_key(RELEASED_WITH_BYTES[-1])]


def _frictionless_report(path: Path, version: str) -> object:
    from frictionless import validate

    if version in RELEASED_WITH_BYTES:
        return validate(str(path), skip_errors=["byte-count"])
    return validate(str(path))


def _frictionless_cli(descriptor: Path) -> subprocess.CompletedProcess[str]:
    """Run ``frictionless validate DESCRIPTOR`` as a user would, with no flags."""
    return subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The annotations built as the next version will be, through the command line."""
    out = tmp_path_factory.mktemp("build")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "digital_labor_corpus",
            "build",
            "--corpus",
            str(CORPUS_DIR),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (version_dir,) = out.iterdir()
    return version_dir


class TestFrictionlessCommandLine:
    """``frictionless validate datapackage.json``, with no flags, passes on every new version."""

    def test_fresh_build_is_valid(self, fresh_build: Path) -> None:
        """The annotations built now validate, every resource VALID, exit status 0."""
        result = _frictionless_cli(fresh_build / "datapackage.json")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count("VALID") == len(TABLES)
        assert "INVALID" not in result.stdout

    @pytest.mark.parametrize("version", NEW_VERSIONS or [pytest.param("none", marks=pytest.mark.skip)])
    def test_shipped_new_version_is_valid(self, version: str) -> None:
        """Every shipped version after 1.0.1 validates with no flags (none is shipped yet)."""
        result = _frictionless_cli(DATA_DIR / version / "datapackage.json")
        assert result.returncode == 0, result.stdout + result.stderr

    def test_broken_foreign_key_fails(self, fresh_build: Path, tmp_path: Path) -> None:
        """The command exits non-zero and names the foreign-key error of a quote's unknown speaker."""
        copy = tmp_path / fresh_build.name
        shutil.copytree(fresh_build, copy)
        path = copy / "quotes.parquet"
        table = pq.read_table(path)
        index = table.schema.get_field_index("speaker_id")
        speakers = ["nobody", *table.column(index).to_pylist()[1:]]
        pq.write_table(table.set_column(index, table.schema.field(index), pa.array(speakers)), path)
        result = _frictionless_cli(copy / "datapackage.json")
        assert result.returncode == 1
        assert "foreign-key" in result.stdout

    def test_released_versions_are_unchanged(self) -> None:
        """1.0.0 and 1.0.1 keep the bytes and hash they were released with."""
        for version in RELEASED_WITH_BYTES:
            package = json.loads((DATA_DIR / version / "datapackage.json").read_text(encoding="utf-8"))
            assert all("bytes" in r and "hash" in r for r in package["resources"])


class TestDataPackage:
    """datapackage.json is generated from the schema and valid for frictionless."""

    @pytest.mark.parametrize("version", VERSIONS)
    def test_valid_with_zero_errors(self, version: str) -> None:
        """The frictionless validator reports no error on any resource."""
        report = _frictionless_report(DATA_DIR / version / "datapackage.json", version)
        errors = [(t.name, e.message) for t in report.tasks for e in t.errors]  # type: ignore[attr-defined]
        assert errors == []
        assert report.valid  # type: ignore[attr-defined]

    def test_fresh_build_has_no_bytes_or_hash(self, fresh_build: Path) -> None:
        """A new version's resources carry no bytes or hash; the manifest and Croissant keep the SHA-256."""
        package = json.loads((fresh_build / "datapackage.json").read_text(encoding="utf-8"))
        document = json.loads((fresh_build / "croissant.json").read_text(encoding="utf-8"))
        manifest = json.loads((fresh_build / "manifest.json").read_text(encoding="utf-8"))
        assert [r for r in package["resources"] if "bytes" in r or "hash" in r] == []
        digests = {
            name: hashlib.sha256((fresh_build / f"{name}.parquet").read_bytes()).hexdigest()
            for name in TABLES
        }
        assert {f["contentUrl"]: f["sha256"] for f in document["distribution"]} == {
            f"{name}.parquet": digest for name, digest in digests.items()
        }
        assert {name: entry["sha256"] for name, entry in manifest["tables"].items()} == digests

    @pytest.mark.parametrize("version", VERSIONS)
    def test_describes_every_table(self, version: str) -> None:
        """One resource per table, bytes and hash as released, and keys from the schema."""
        package = json.loads((DATA_DIR / version / "datapackage.json").read_text(encoding="utf-8"))
        manifest = shipped_store().manifest(version)
        assert package["version"] == version
        assert package["licenses"][0]["name"] == "CC-BY-4.0"
        resources = {r["name"]: r for r in package["resources"]}
        assert set(resources) == set(TABLES)
        for name, resource in resources.items():
            entry = manifest.tables[name]
            if version in RELEASED_WITH_BYTES:
                assert resource["hash"] == f"sha256:{entry.sha256}"
                assert resource["bytes"] == entry.bytes
            else:
                assert "hash" not in resource
                assert "bytes" not in resource
            assert [f["name"] for f in resource["schema"]["fields"]] == list(PLAIN[name].columns_in(version))
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
        report = _frictionless_report(version_dir / "datapackage.json", VERSIONS[-1])
        found = [(t.name, e.type) for t in report.tasks for e in t.errors]  # type: ignore[attr-defined]
        assert found == [("quotes", "foreign-key")]


class TestCroissant:
    """croissant.json validates with mlcroissant and yields every record set."""

    @pytest.mark.parametrize("version", VERSIONS)
    def test_records_from_every_record_set(self, version: str) -> None:
        """mlcroissant loads each record set with the table's row count and columns."""
        import mlcroissant as mlc

        dataset = mlc.Dataset(jsonld=str(DATA_DIR / version / "croissant.json"))
        for name in TABLES:
            records = list(dataset.records(record_set=name))
            assert len(records) == dlc.load(name, version=version).num_rows, name
            assert set(records[0]) == {f"{name}/{column}" for column in PLAIN[name].columns_in(version)}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_metadata(self, version: str) -> None:
        """FileObjects carry the manifest's sha256; the dataset has citeAs, licence, creator, date."""
        document = json.loads((DATA_DIR / version / "croissant.json").read_text(encoding="utf-8"))
        manifest = shipped_store().manifest(version)
        assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
        assert document["datePublished"] == manifest.release_date.isoformat()
        assert document["citeAs"].startswith("@misc{")
        assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert document["creator"]["name"]
        digests = {f["contentUrl"]: f["sha256"] for f in document["distribution"]}
        assert digests == {entry.file: entry.sha256 for entry in manifest.tables.values()}
        keys = {r["name"]: r["key"]["@id"] for r in document["recordSet"]}
        assert keys == {name: f"{name}/{spec.primary_key}" for name, spec in TABLES.items()}
