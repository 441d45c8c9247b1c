"""The commands' success and failure paths: printed lines and exit status, checked exactly."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.lock import LOCK
from digital_labor_corpus.cli.main import main
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.store import storage
from digital_labor_corpus.store.storage import Store

from .conftest import CORPUS_DIR
from .versions import one_corpus, to_tables, write

DATA = Path(str(files("digital_labor_corpus").joinpath("data")))
# the version the corpus builds (the newest shipped) and the one before it
PREVIOUS, NEWEST = dlc.versions()[-2:]


def _manifest(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return data


class TestVersions:
    """``versions`` lists every shipped version with its release date, oldest first."""

    def test_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One line per version directory, as its manifest dates it."""
        assert main(["versions"]) == 0
        captured = capsys.readouterr()
        shipped = sorted(
            (p for p in DATA.iterdir() if (p / "manifest.json").is_file()),
            key=lambda p: tuple(int(x) for x in p.name.split(".")),
        )
        expected = [f"{p.name}  released {_manifest(p)['release_date']}" for p in shipped]
        assert captured.out.splitlines() == expected
        assert [line.split()[0] for line in expected[:2]] == ["1.0.0", "1.0.1"]
        assert captured.err == ""


def _corpus_copy(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / LOCK).unlink()
    return corpus


class TestBuildAndRelease:
    """``build`` and ``release`` into temporary directories."""

    def test_build(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The build writes the version's tables, the same bytes as the shipped ones, and says so."""
        out = tmp_path / "data"
        assert main(["build", "--corpus", str(CORPUS_DIR), "--out", str(out)]) == 0
        lines = capsys.readouterr().out.splitlines()
        built = _manifest(out / NEWEST)
        assert lines[0] == f"dataset version {NEWEST} written to {out / NEWEST}"
        tables = built["tables"]
        assert isinstance(tables, dict)
        assert lines[1:] == [f"  {name:<15} {tables[name]['rows']:>6,}" for name in tables_in(NEWEST)]
        shipped = _manifest(DATA / NEWEST)["tables"]
        assert isinstance(shipped, dict)
        for name in tables_in(NEWEST):
            path = out / NEWEST / f"{name}.parquet"
            assert hashlib.sha256(path.read_bytes()).hexdigest() == shipped[name]["sha256"], name
            assert tables[name]["bytes"] == path.stat().st_size, name
        # a second build finds the version up to date and writes nothing
        assert main(["build", "--corpus", str(CORPUS_DIR), "--out", str(out)]) == 0
        assert (
            capsys.readouterr().out.splitlines()[0]
            == f"dataset version {NEWEST} up to date in {out / NEWEST}"
        )

    def test_release(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A release builds the version, prints one line, and records every file in the lock."""
        corpus, out = _corpus_copy(tmp_path), tmp_path / "data"
        assert main(["release", "--corpus", str(corpus), "--out", str(out)]) == 0
        captured = capsys.readouterr()
        errata = pq.ParquetFile(out / NEWEST / "errata.parquet").metadata.num_rows
        assert errata > 0
        assert captured.out.splitlines() == [
            f"dataset version {NEWEST} released in {out / NEWEST} and added to the release lock",
            f"a minor release after {PREVIOUS}; errata: {errata} row(s)",
        ]
        lock = json.loads((corpus / LOCK).read_text(encoding="utf-8"))
        assert list(lock["releases"]) == [NEWEST]
        assert set(lock["releases"][NEWEST]["files"]) == {p.name for p in (out / NEWEST).iterdir()}
        # releasing again is refused in one line, status 2
        assert main(["release", "--corpus", str(corpus), "--out", str(out)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1
        assert f"dataset version {NEWEST} is already released" in err[0]


@pytest.fixture
def damaged_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Shipped versions replaced by a 1.0.0 with two violations; returns their keys."""
    tables = to_tables(one_corpus())
    quotes = tables["quotes"].to_pylist()
    # a quote no place mention is in: a mention stores its quote's speaker (1.2.0), and would break too
    in_mentions = set(tables["place_mentions"].column("quote_id").to_pylist())
    damaged = next(q for q in quotes if q["quote_id"] not in in_mentions)
    damaged["speaker_id"] = "nobody"
    tables["quotes"] = pa.Table.from_pylist(quotes, schema=tables["quotes"].schema)
    places = tables["places"].to_pylist()
    places[0]["latitude"] = 91.0
    tables["places"] = pa.Table.from_pylist(places, schema=tables["places"].schema)
    write(tables, tmp_path, "1.0.0")
    monkeypatch.setattr(storage, "_SHIPPED", Store(tmp_path, str(tmp_path)))
    return {
        "quote": damaged["quote_id"],
        "place": places[0]["place_id"],
        "longitude": places[0]["longitude"],
    }


class TestValidateCommand:
    """``validate`` prints one line per violation and exits 1; a valid version exits 0."""

    def test_violations(self, damaged_store: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """Each violation on its own line on stdout, the count on stderr, status 1."""
        assert main(["validate", "--dataset-version", "1.0.0"]) == 1
        captured = capsys.readouterr()
        assert sorted(captured.out.splitlines()) == sorted(
            [
                f"quotes[{damaged_store['quote']}] foreign_key: speaker_id 'nobody' is not a people.person_id",
                f"places[{damaged_store['place']}] coordinates: "
                f"latitude=91.0, longitude={damaged_store['longitude']} out of range",
            ]
        )
        assert captured.err == "2 violation(s)\n"

    def test_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every shipped version: one line, status 0."""
        for version in ("1.0.0", "1.0.1"):
            assert main(["validate", "--dataset-version", version]) == 0
            assert capsys.readouterr().out == "valid: no violation\n"


class TestInfoOnOlderVersion:
    """``info --dataset-version 1.0.0`` describes 1.0.0, not the newest."""

    def test_rows_of_that_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The appearances line counts 1.0.0's rows, one fewer than 1.0.1's."""
        rows = {}
        for version in ("1.0.0", "1.0.1"):
            assert main(["info", "--dataset-version", version]) == 0
            out = capsys.readouterr().out
            assert f"dataset version {version}, released " in out
            line = next(line for line in out.splitlines() if line.startswith("  appearances "))
            rows[version] = int(line.split()[1].replace(",", ""))
        tables = _manifest(DATA / "1.0.0")["tables"]
        assert isinstance(tables, dict)
        assert rows == {"1.0.0": tables["appearances"]["rows"], "1.0.1": tables["appearances"]["rows"] + 1}
