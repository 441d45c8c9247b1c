"""The release lock: released files never change, and a released version is never rebuilt."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.compile import build, read_release
from digital_labor_corpus.build.lock import LOCK, check_lock, read_lock
from digital_labor_corpus.build.release import release
from digital_labor_corpus.exceptions import AnnotationError

from .conftest import CORPUS_DIR

DATA_DIR = Path(str(files("digital_labor_corpus").joinpath("data")))


class TestLock:
    """The committed lock matches the shipped files exactly."""

    def test_every_shipped_version_is_released_and_unchanged(self) -> None:
        """No released file changed or disappeared, and nothing unreleased is shipped."""
        assert [str(p) for p in check_lock(CORPUS_DIR, DATA_DIR)] == []

    def test_lock_lists_every_shipped_version(self) -> None:
        """The lock's versions are the shipped versions."""
        assert list(read_lock(CORPUS_DIR)["releases"]) == dlc.versions()

    def test_changed_file_is_caught(self, tmp_path: Path) -> None:
        """A released file whose bytes change is reported with both digests."""
        data = tmp_path / "data"
        shutil.copytree(DATA_DIR, data)
        version = dlc.versions()[-1]
        target = data / version / "topics.parquet"
        target.write_bytes(target.read_bytes() + b"\0")
        problems = [str(p) for p in check_lock(CORPUS_DIR, data)]
        assert len(problems) == 1
        assert problems[0].startswith(f"{version}/topics.parquet: changed: SHA-256 ")

    def test_deleted_file_is_caught(self, tmp_path: Path) -> None:
        """A released file that disappears is reported."""
        data = tmp_path / "data"
        shutil.copytree(DATA_DIR, data)
        version = dlc.versions()[-1]
        (data / version / "manifest.json").unlink()
        assert [str(p) for p in check_lock(CORPUS_DIR, data)] == [
            f"{version}/manifest.json: released file is missing"
        ]


class TestReleaseCommand:
    """``release`` adds a new version and refuses a released one."""

    def _copy(self, tmp_path: Path) -> Path:
        corpus = tmp_path / "corpus"
        shutil.copytree(CORPUS_DIR, corpus)
        (corpus / LOCK).unlink(missing_ok=True)
        return corpus

    def test_release_adds_version_to_lock(self, tmp_path: Path) -> None:
        """A release builds the version and records every file's digest."""
        corpus = self._copy(tmp_path)
        result = release(corpus, tmp_path / "data")
        lock = json.loads((corpus / LOCK).read_text(encoding="utf-8"))
        entry = lock["releases"][result.version]
        assert set(entry["files"]) == {p.name for p in result.path.iterdir()}
        assert check_lock(corpus, tmp_path / "data") == []

    def test_release_refuses_released_version(self, tmp_path: Path) -> None:
        """Releasing the same version twice is refused, even with identical data."""
        corpus = self._copy(tmp_path)
        release(corpus, tmp_path / "data")
        with pytest.raises(AnnotationError, match="is already released"):
            release(corpus, tmp_path / "data")

    def test_build_refuses_to_overwrite_released_version(self, tmp_path: Path) -> None:
        """Changed annotations under a released version number fail the build."""
        corpus = self._copy(tmp_path)
        release(corpus, tmp_path / "data")
        topics = corpus / "topics.toml"
        topics.write_text(
            topics.read_text(encoding="utf-8").replace("Pay and income", "Pay"), encoding="utf-8"
        )
        with pytest.raises(AnnotationError, match="released versions never change"):
            build(corpus, tmp_path / "data")

    def test_build_rebuilds_unreleased_version(self, tmp_path: Path) -> None:
        """A version under construction is rebuilt when its annotations change."""
        corpus = self._copy(tmp_path)
        build(corpus, tmp_path / "data")
        topics = corpus / "topics.toml"
        topics.write_text(
            topics.read_text(encoding="utf-8").replace("Pay and income", "Pay"), encoding="utf-8"
        )
        version, _ = read_release(corpus)
        with (corpus / "errata.toml").open("a", encoding="utf-8") as handle:  # the change needs its reason
            handle.write(
                f'\n[[errata]]\nversion = "{version}"\ntable = "topics"\nkey = "pay"\n'
                'column = "label_en"\nreason = "A shorter label."\n'
            )
        assert build(corpus, tmp_path / "data").written
