"""A damaged corpus directory fails loudly with CorpusIntegrityError naming the file, never wrong data."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.storage import Store

DATA_DIR = Path(str(files("digital_labor_corpus").joinpath("data")))
VERSION = dlc.versions()[-1]


def _copy(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA_DIR, target)
    return target / VERSION


def _load_all(root: Path) -> None:
    store = Store(root, str(root))
    for name in TABLES:
        store.table(name, VERSION)


class TestFlippedBytes:
    """Any flipped byte of any table file is caught by the digest check."""

    @settings(max_examples=40)
    @given(
        table=st.sampled_from(list(TABLES)), where=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255)
    )
    def test_flipped_byte(
        self, tmp_path_factory: pytest.TempPathFactory, table: str, where: float, mask: int
    ) -> None:
        """The error names the damaged file."""
        version_dir = _copy(tmp_path_factory.mktemp("flip") / "data")
        path = version_dir / f"{table}.parquet"
        raw = bytearray(path.read_bytes())
        raw[int(where * len(raw))] ^= mask
        path.write_bytes(bytes(raw))
        with pytest.raises(dlc.CorpusIntegrityError, match=rf"{VERSION}/{table}\.parquet is damaged"):
            _load_all(version_dir.parent)


def _truncate(d: Path) -> str:
    path = d / "quotes.parquet"
    path.write_bytes(path.read_bytes()[:-100])
    return r"quotes\.parquet is damaged"


def _empty(d: Path) -> str:
    (d / "claims.parquet").write_bytes(b"")
    return r"claims\.parquet is damaged"


def _swap(d: Path) -> str:
    a, b = d / "quotes.parquet", d / "claims.parquet"
    a_bytes = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(a_bytes)
    return r"quotes\.parquet is damaged"


def _delete_file(d: Path) -> str:
    (d / "places.parquet").unlink()
    return r"Cannot read .*places\.parquet"


def _delete_manifest(d: Path) -> str:
    (d / "manifest.json").unlink()
    return r"Cannot read .*manifest\.json"


def _edit_manifest_digest(d: Path) -> str:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["topics"]["sha256"] = "0" * 64
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return r"topics\.parquet is damaged"


def _edit_manifest_rows(d: Path) -> str:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["appearances"]["rows"] += 1
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return r"appearances\.parquet has \d+ rows but the manifest says \d+"


def _edit_manifest_path(d: Path) -> str:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["people"]["file"] = "../../etc/passwd"
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return r"manifest\.json names an unsafe file '\.\./\.\./etc/passwd'"


def _edit_manifest_version(d: Path) -> str:
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["dataset_version"] = "9.9.9"
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return r"manifest\.json says dataset version '9\.9\.9'"


def _garble_manifest(d: Path) -> str:
    (d / "manifest.json").write_bytes(b"\xff\xfe not json")
    return r"manifest\.json is damaged: it is not UTF-8 JSON"


DAMAGES: dict[str, Callable[[Path], str]] = {
    "truncated file": _truncate,
    "emptied file": _empty,
    "two files swapped": _swap,
    "file deleted": _delete_file,
    "manifest deleted": _delete_manifest,
    "manifest digest edited": _edit_manifest_digest,
    "manifest row count edited": _edit_manifest_rows,
    "manifest file path edited": _edit_manifest_path,
    "manifest version edited": _edit_manifest_version,
    "manifest not JSON": _garble_manifest,
}


class TestDamage:
    """Each kind of damage raises CorpusIntegrityError naming the file."""

    @pytest.mark.parametrize("damage", list(DAMAGES))
    def test_damage_is_reported(self, tmp_path: Path, damage: str) -> None:
        """Loading every table raises a clear integrity error, not a pyarrow, JSON or OS error."""
        version_dir = _copy(tmp_path / "data")
        pattern = DAMAGES[damage](version_dir)
        with pytest.raises(dlc.CorpusIntegrityError, match=pattern):
            _load_all(version_dir.parent)
