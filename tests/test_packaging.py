"""The wheel ships the Parquet tables, the manifests and ``py.typed``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

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

    def test_tei_schema_inside(self, wheel: Path) -> None:
        """The RelaxNG schema of the TEI export ships, so that an installed package can write it."""
        names = set(zipfile.ZipFile(wheel).namelist())
        assert "digital_labor_corpus/publishing/tei-subset.rng" in names

    def test_no_build_machinery_needed_at_run_time(self, wheel: Path) -> None:
        """The wheel's metadata requires only attrs, cattrs, pyarrow and rich (the CLI's tables)."""
        with zipfile.ZipFile(wheel) as archive:
            (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            lines = archive.read(meta).decode().splitlines()
        required = sorted(
            line.split(":", 1)[1].strip().split(">")[0].split("=")[0].strip()
            for line in lines
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        )
        assert required == ["attrs", "cattrs", "pyarrow", "rich"]

    def test_data_card_inside(self, wheel: Path) -> None:
        """The wheel ships the data card, equal to docs/data-card.md."""
        with zipfile.ZipFile(wheel) as archive:
            shipped = archive.read("digital_labor_corpus/documents/data-card.md")
        assert shipped == (ROOT / "docs" / "data-card.md").read_bytes()


def _long_description(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(meta).decode()
    return text.split("\n\n", 1)[1]


class TestLongDescription:
    """The README as the wheel's long description: no link that breaks away from the repository."""

    def test_no_relative_link(self, wheel: Path) -> None:
        """Every Markdown link of the long description is absolute (http or https)."""
        description = _long_description(wheel)
        targets = re.findall(r"\]\(([^)]*)\)", description)
        assert [t for t in targets if not t.startswith(("https://", "http://"))] == []
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert len(re.findall(r"\]\((?!https?://)[^)]*\)", readme)) > 10  # the README's own links stay

    def test_keeps_the_readme_text(self, wheel: Path) -> None:
        """The long description is the README with each file link as its words and path."""
        description = _long_description(wheel)
        assert "- Data card (`docs/data-card.md`): motivation" in description
        assert "the versioning policy at the top of `CHANGELOG.md`." in description
        assert "python -m pip install . && digital-labor-corpus info" in description


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sdist and the wheel, built by ``python -m build`` as a release would build them."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    found = sorted(out.iterdir(), key=lambda path: path.suffix)  # the sdist (.gz) first
    assert [p.suffix for p in found] == [".gz", ".whl"]
    return found


class TestTwine:
    """The sdist and the wheel pass ``twine check --strict``, as an upload would require."""

    def test_twine_check(self, distributions: list[Path]) -> None:
        """twine reports PASSED for both files, with no warning."""
        done = subprocess.run(
            [sys.executable, "-m", "twine", "check", "--strict", *map(str, distributions)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count("PASSED") == 2

    def test_sdist_builds_the_same_card(self, distributions: list[Path]) -> None:
        """The sdist carries docs/data-card.md and the package copy, equal."""
        with tarfile.open(distributions[0]) as archive:
            names = {name.split("/", 1)[1]: name for name in archive.getnames()}
            docs = archive.extractfile(names["docs/data-card.md"])
            shipped = archive.extractfile(names["src/digital_labor_corpus/documents/data-card.md"])
            assert docs is not None
            assert shipped is not None
            assert docs.read() == shipped.read()


class TestInstallLines:
    """Every install line in an error hint is one that works today."""

    @pytest.mark.parametrize(
        ("call", "requirement", "extra"),
        [
            (lambda: dlc.load("topics", backend="pandas"), "pandas", "pandas"),
            (lambda: dlc.load("topics", backend="polars"), "polars", "polars"),
            (lambda: dlc.open().duckdb(), "duckdb", "duckdb"),
        ],
    )
    def test_hint_names_the_extra_and_its_requirement(
        self, call: Any, requirement: str, extra: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The hint installs the extra's own requirement, or the extra from a clone: both exist."""
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
        (pinned,) = [r for r in extras[extra] if r.split(">")[0] == requirement]
        monkeypatch.setitem(sys.modules, requirement, None)
        with pytest.raises(dlc.MissingDependencyError) as caught:
            call()
        message = str(caught.value)
        assert f"python -m pip install '{pinned}'" in message
        assert f"from a clone of the repository, python -m pip install '.[{extra}]'" in message
        assert "pip install 'digital-labor-corpus" not in message

    def test_docs_install_lines(self) -> None:
        """No page tells to install the package from an index without saying it is the future."""
        for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
            for line in page.read_text(encoding="utf-8").splitlines():
                if re.search(r"pip install '?digital-labor-corpus", line):
                    assert "will work" in line or "future" in line, (page.name, line)
