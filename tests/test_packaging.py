"""The wheel ships the Parquet tables, the manifests and ``py.typed``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.schema.records import TABLES

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the checkout (without network: hatchling comes with the test extra)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = out.glob("digital_labor_corpus-*.whl")
    return found


class TestWheel:
    """What a ``pip install`` gets."""

    @pytest.mark.parametrize("version", dlc.versions())
    def test_tables_and_manifest_inside(self, wheel: Path, version: str) -> None:
        """Every table file and the manifest of every shipped version is in the wheel."""
        names = set(zipfile.ZipFile(wheel).namelist())
        prefix = f"digital_labor_corpus/data/{version}/"
        assert prefix + "manifest.json" in names
        for table in TABLES:
            if TABLES[table].in_version(version):
                assert f"{prefix}{table}.parquet" in names

    def test_typed_and_versioned(self, wheel: Path) -> None:
        """``py.typed`` ships and the wheel carries the package version."""
        names = set(zipfile.ZipFile(wheel).namelist())
        assert "digital_labor_corpus/py.typed" in names
        assert wheel.name.startswith(f"digital_labor_corpus-{dlc.__version__}-")

    def test_no_build_machinery_needed_at_run_time(self, wheel: Path) -> None:
        """The wheel's metadata requires only attrs, cattrs and pyarrow."""
        with zipfile.ZipFile(wheel) as archive:
            (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            lines = archive.read(meta).decode().splitlines()
        required = sorted(
            line.split(":", 1)[1].strip().split(">")[0].split("=")[0].strip()
            for line in lines
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        )
        assert required == ["attrs", "cattrs", "pyarrow"]
