"""Digests are checked whenever a manifest exists; manifests are parsed strictly.

The faults of 1.0.1 held here: a flipped bit in a directory *with* its manifest gave
silently changed values through ``open_path``; ``"rows": 1e999``, deep nesting and a NUL
in a file name leaked raw Python errors; an empty stray version folder became the
default; ``info`` printed a traceback or the manifest's counts for a damaged version; an
edited ``datapackage.json`` was exported unchecked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.main import main
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store import storage
from digital_labor_corpus.store.storage import Store

from .strategies import examples

VERSION = dlc.versions()[-1]
SHIPPED = Path(dlc.paths()["quotes"]).parent


def _copy(target: Path) -> Path:
    shutil.copytree(SHIPPED, target)
    return target


def _edit(directory: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data directory that stands in for the package's own."""
    root = tmp_path / "data"
    root.mkdir()
    _copy(root / VERSION)
    monkeypatch.setattr(storage, "_SHIPPED", Store(root, str(root)))
    return root / VERSION


class TestOpenPathDigests:
    """open_path checks every file against a manifest that is there."""

    @settings(max_examples=examples(40))
    @given(
        table=st.sampled_from(list(TABLES)), where=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7)
    )
    def test_flipped_bit_is_caught(
        self, tmp_path_factory: pytest.TempPathFactory, table: str, where: float, bit: int
    ) -> None:
        """Any one flipped bit of any table: the first read of that table names the damaged file."""
        directory = _copy(tmp_path_factory.mktemp("flip") / "copy")
        path = directory / f"{table}.parquet"
        raw = bytearray(path.read_bytes())
        raw[int(where * len(raw))] ^= 1 << bit
        path.write_bytes(bytes(raw))
        corpus = dlc.open_path(directory)
        assert corpus.verified
        with pytest.raises(dlc.CorpusIntegrityError, match=rf"{table}\.parquet is damaged"):
            corpus.table(table)

    def test_flip_in_unverified_directory_never_leaks(self, tmp_path: Path) -> None:
        """Without a manifest, damage that breaks UTF-8 is a CorpusIntegrityError, not a UnicodeDecodeError."""
        directory = _copy(tmp_path / "copy")
        (directory / "manifest.json").unlink()
        path = directory / "quotes.parquet"
        good = path.read_bytes()
        outcomes = set()
        for position in range(0, len(good), max(1, len(good) // 300)):
            raw = bytearray(good)
            raw[position] ^= 0x80
            path.write_bytes(bytes(raw))
            try:
                dlc.open_path(directory).quotes().to_pylist()
                outcomes.add("read")
            except dlc.CorpusError:
                outcomes.add("refused")
        assert "refused" in outcomes  # some flips are caught; none raised anything else

    def test_edited_metadata_file_is_caught_at_open(self, tmp_path: Path) -> None:
        """A file listed under ``files`` (datapackage.json) is checked when the directory is opened."""
        directory = _copy(tmp_path / "copy")
        path = directory / "datapackage.json"
        path.write_text(path.read_text(encoding="utf-8").replace("CC-BY", "CC0", 1), encoding="utf-8")
        with pytest.raises(dlc.CorpusIntegrityError, match=r"datapackage\.json is damaged"):
            dlc.open_path(directory)

    def test_row_count_checked(self, tmp_path: Path) -> None:
        """A manifest whose row count disagrees with the file is refused (digest aside)."""
        directory = _copy(tmp_path / "copy")
        _edit(
            directory, lambda d: d["tables"]["topics"].__setitem__("rows", d["tables"]["topics"]["rows"] + 1)
        )
        with pytest.raises(
            dlc.CorpusIntegrityError, match=r"topics\.parquet has \d+ rows but the manifest says"
        ):
            dlc.open_path(directory).table("topics")

    def test_without_manifest_says_so(self, tmp_path: Path) -> None:
        """No manifest: the corpus still answers, ``verified`` is False and the repr says so."""
        directory = _copy(tmp_path / "copy")
        assert dlc.open_path(directory).verified
        assert "not verified" not in repr(dlc.open_path(directory))
        (directory / "manifest.json").unlink()
        corpus = dlc.open_path(directory)
        assert corpus.verified is False
        assert repr(corpus).endswith("(no manifest: files not verified)>")
        assert corpus.quotes().num_rows == dlc.load("quotes").num_rows

    def test_verified_once_per_file_state(self, tmp_path: Path) -> None:
        """A second open of an unchanged directory does not hash again; a rewrite is hashed anew."""
        directory = _copy(tmp_path / "copy")
        assert dlc.open_path(directory).table("topics").num_rows == dlc.load("topics").num_rows
        path = directory / "topics.parquet"
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 1
        path.write_bytes(bytes(raw))  # same size, new content, new mtime and ctime
        with pytest.raises(dlc.CorpusIntegrityError, match=r"topics\.parquet is damaged"):
            dlc.open_path(directory).table("topics")


def _nested(d: dict[str, Any]) -> None:
    d["files"] = {}


HOSTILE_MANIFESTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "rows 1e999": (
        lambda p: p.write_bytes(p.read_bytes().replace(b'"rows": ', b'"rows": 1e999, "x": ', 1)),
        "damaged",
    ),
    "nested 100,000 deep": (lambda p: p.write_bytes(b"[" * 100_000 + b"]" * 100_000), "nests deeper"),
    "objects nested 100,000 deep": (
        lambda p: p.write_bytes(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        "nests deeper",
    ),
    "nested nine deep, one past the limit": (  # the manifest, "tables", "people", then six lists
        lambda p: _edit(p.parent, lambda d: d["tables"]["people"].__setitem__("rows", [[[[[[0]]]]]])),
        "nests deeper",
    ),
    "nested eight deep, at the limit: refused for its type": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["people"].__setitem__("rows", [[[[[0]]]]])),
        "rows must be a whole number",
    ),
    "nested inside an entry": (
        lambda p: p.write_bytes(
            p.read_bytes().replace(b'"rows": 31', b'"rows": ' + b"[" * 50_000 + b"]" * 50_000)
        ),
        "nests deeper",
    ),
    "NUL in a file name": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["people"].__setitem__("file", "peo\x00ple.parquet")),
        "unsafe file",
    ),
    "separator in a file name": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["people"].__setitem__("file", "../people.parquet")),
        "unsafe file",
    ),
    "dot-dot under files": (
        lambda p: _edit(p.parent, lambda d: d["files"].__setitem__("..", "0" * 64)),
        "unsafe file",
    ),
    "rows a float": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["quotes"].__setitem__("rows", 61.0)),
        "whole number",
    ),
    "rows negative": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["quotes"].__setitem__("rows", -1)),
        "whole number",
    ),
    "rows true": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["quotes"].__setitem__("rows", True)),
        "whole number",
    ),
    "rows 2**64": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["quotes"].__setitem__("rows", 2**64)),
        "whole number",
    ),
    "digest not hex": (
        lambda p: _edit(p.parent, lambda d: d["tables"]["quotes"].__setitem__("sha256", "z" * 64)),
        "SHA-256",
    ),
    "table missing": (lambda p: _edit(p.parent, lambda d: d["tables"].pop("places")), "lacks table"),
    "unknown table": (
        lambda p: _edit(p.parent, lambda d: d["tables"].__setitem__("extra", {})),
        "unknown table",
    ),
    "tables a list": (lambda p: _edit(p.parent, lambda d: d.__setitem__("tables", [])), "must be an object"),
    "date a number": (
        lambda p: _edit(p.parent, lambda d: d.__setitem__("release_date", 2026)),
        "release_date",
    ),
    "NaN": (lambda p: p.write_bytes(p.read_bytes().replace(b'"rows": 31', b'"rows": NaN')), "NaN"),
    "duplicate key": (
        lambda p: p.write_bytes(p.read_bytes().replace(b'"rows": 31', b'"rows": 31, "rows": 32')),
        "twice",
    ),
    "not an object": (lambda p: p.write_bytes(b'"1.0.1"'), "must be an object"),
    "huge": (lambda p: p.write_bytes(b" " * (2 << 20) + p.read_bytes()), "at most"),
}


class TestStrictManifests:
    """Each hostile manifest is one CorpusIntegrityError naming the manifest, for every reader."""

    @pytest.mark.parametrize("case", list(HOSTILE_MANIFESTS))
    def test_store_and_open_path_refuse(self, tmp_path: Path, case: str) -> None:
        """Store.table, open_path and the command line's info all refuse it, in one line."""
        damage, words = HOSTILE_MANIFESTS[case]
        directory = _copy(tmp_path / "data" / VERSION)
        damage(directory / "manifest.json")
        with pytest.raises(dlc.CorpusIntegrityError, match="manifest") as caught:
            Store(tmp_path / "data", "copy").table("quotes", VERSION)
        assert words in str(caught.value)
        with pytest.raises(dlc.CorpusIntegrityError, match=words):
            dlc.open_path(directory)

    @pytest.mark.parametrize("case", ["rows 1e999", "table missing", "NUL in a file name"])
    def test_info_says_one_line(
        self, shipped_copy: Path, capsys: pytest.CaptureFixture[str], case: str
    ) -> None:
        """``info`` on such a manifest: one line on standard error, exit 2, nothing on standard output."""
        HOSTILE_MANIFESTS[case][0](shipped_copy / "manifest.json")
        assert main(["info"]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count("\n") == 1
        assert "manifest" in err
        assert "Traceback" not in err


class TestVersionFolders:
    """A version folder without a manifest is not a version."""

    def test_stray_folder_is_skipped(self, tmp_path: Path) -> None:
        """An empty ``99.0.0`` is neither listed nor the default; asked for by name, a clear error."""
        root = tmp_path / "data"
        _copy(root / VERSION)
        (root / "99.0.0").mkdir()
        store = Store(root, "the copy")
        assert store.versions() == [VERSION]
        assert store.resolve(None) == VERSION
        assert store.table("topics").num_rows == dlc.load("topics").num_rows
        with pytest.raises(dlc.CorpusIntegrityError, match=r"99\.0\.0 has no manifest"):
            store.table("topics", "99.0.0")
        with pytest.raises(dlc.UnknownVersionError, match="not available"):
            store.table("topics", "98.0.0")


class TestInfoAndExport:
    """The command line and the export check before they use a file."""

    def test_info_counts_the_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``info`` prints each table's rows as read from its verified file."""
        assert main(["info"]) == 0
        out = capsys.readouterr().out
        for name in TABLES:
            line = next(line for line in out.splitlines() if line.strip().startswith(f"{name} "))
            assert f"{dlc.load(name).num_rows:,}" in line.split()

    def test_info_on_damaged_table(self, shipped_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A damaged table file: ``info`` says so in one line instead of printing the manifest's counts."""
        path = shipped_copy / "claims.parquet"
        path.write_bytes(path.read_bytes()[:-10])
        assert main(["info"]) == 2
        out, err = capsys.readouterr()
        assert "claims" not in out
        assert err.count("\n") == 1
        assert r"claims.parquet is damaged" in err

    def test_edited_datapackage_not_exported(self, shipped_copy: Path, tmp_path: Path) -> None:
        """An edited datapackage.json stops the Parquet export before any file is written."""
        path = shipped_copy / "datapackage.json"
        path.write_text(path.read_text(encoding="utf-8").replace('"name"', '"nom"', 1), encoding="utf-8")
        out = tmp_path / "out"
        with pytest.raises(dlc.CorpusIntegrityError, match=r"datapackage\.json is damaged"):
            dlc.export(out, "parquet")
        assert not out.exists() or list(out.iterdir()) == []

    def test_unlisted_metadata_not_exported(self, shipped_copy: Path, tmp_path: Path) -> None:
        """A metadata file the manifest does not list is not copied: nothing vouches for it."""
        _edit(shipped_copy, lambda d: d["files"].pop("croissant.json"))
        result = dlc.export(tmp_path / "out", "parquet")
        names = {p.name for p in result.files}
        assert "croissant.json" not in names
        assert "datapackage.json" in names


def _reference_depth(value: object) -> int:
    """The nesting depth of a parsed JSON value, by recursion (another route than the scan)."""
    if isinstance(value, dict):
        return 1 + max((_reference_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_reference_depth(v) for v in value), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:\u00e9\u2026'),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\ab'), inner, max_size=3)
    ),
    max_leaves=20,
)


@given(_JSON, st.booleans())
def test_manifest_depth_scan_agrees_with_parsing(value: object, ascii_only: bool) -> None:
    """The byte scan that refuses deep manifests measures the depth json.loads would build.

    Strings full of brackets, quotes and backslashes are skipped; above the limit the
    scan stops early, reporting a depth over the limit.
    """
    from digital_labor_corpus.store.manifest import _MAX_DEPTH, _depth

    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    expected = _reference_depth(value)
    found = _depth(raw)
    if expected <= _MAX_DEPTH:
        assert found == expected
    else:
        assert _MAX_DEPTH < found <= expected


def test_deep_manifest_refused_under_a_raised_recursion_limit(tmp_path: Path) -> None:
    """A process that raised its recursion limit gets the refusal, not a crashed interpreter.

    On Python 3.11 json's C scanner recurses as deep as that limit allows, so half a million
    brackets would overflow the C stack if they were parsed before the depth was checked.
    """
    copy = tmp_path / "copy" / "1.2.0"
    shutil.copytree(Path(dlc.paths()["quotes"]).parent, copy)
    (copy / "manifest.json").write_bytes(b"[" * 500_000 + b"]" * 500_000)
    script = (
        "import sys\nsys.setrecursionlimit(10**7)\nimport digital_labor_corpus as d\n"
        f"try:\n    d.open_path({str(copy)!r})\n"
        "except d.CorpusIntegrityError as error:\n    print(error)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-500:]
    assert "nests deeper than" in out.stdout


class TestVerifyFile:
    """``store.digests.verify_file``: the exact refusals, and a file checked once while unchanged."""

    def _file(self, tmp_path: Path) -> tuple[Path, str]:
        import hashlib

        path = tmp_path / "t.parquet"
        path.write_bytes(b"some bytes of a table")
        return path, hashlib.sha256(path.read_bytes()).hexdigest()

    def test_other_size(self, tmp_path: Path) -> None:
        from digital_labor_corpus.store.digests import verify_file

        path, digest = self._file(tmp_path)
        with pytest.raises(dlc.CorpusIntegrityError) as caught:
            verify_file(path, digest, 1234)
        assert str(caught.value) == (
            f"{path} is damaged: it is 21 bytes long but the manifest says 1,234. Restore the file, "
            "or remove the manifest to open the directory unverified"
        )

    def test_other_digest(self, tmp_path: Path) -> None:
        from digital_labor_corpus.store.digests import verify_file

        path, digest = self._file(tmp_path)
        with pytest.raises(dlc.CorpusIntegrityError) as caught:
            verify_file(path, "0" * 64, 21)
        assert str(caught.value) == (
            f"{path} is damaged: its SHA-256 is {digest} but the manifest expects {'0' * 64}; "
            "restore the file, or remove the manifest to open the directory unverified"
        )

    def test_missing(self, tmp_path: Path) -> None:
        from digital_labor_corpus.store.digests import verify_file

        with pytest.raises(dlc.CorpusIntegrityError) as caught:
            verify_file(tmp_path / "absent.parquet", "0" * 64)
        assert str(caught.value) == f"Cannot read {tmp_path / 'absent.parquet'}: No such file or directory"

    def test_checked_once_per_digest(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An unchanged file is hashed once; asked again with another digest, it is refused."""
        import hashlib

        from digital_labor_corpus.store import digests

        path, digest = self._file(tmp_path)
        calls: list[int] = []
        real = hashlib.sha256

        def counting() -> Any:
            calls.append(1)
            return real()

        monkeypatch.setattr(hashlib, "sha256", counting)  # the module digests hashes with
        digests.verify_file(path, digest)
        digests.verify_file(path, digest)
        assert len(calls) == 1
        with pytest.raises(dlc.CorpusIntegrityError, match=r"manifest expects 0{64}"):
            digests.verify_file(path, "0" * 64)
        assert len(calls) == 2


def _setting(path: tuple[str, ...], value: object) -> Callable[[dict[str, Any]], None]:
    """An edit of a manifest's data that sets the field at ``path`` to ``value``."""

    def edit(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return edit


class TestManifestLimits:
    """Each limit of a manifest accepts its edge value and refuses the next one (1 MiB, depth,
    counts to 2**63-1, file names of 255 characters)."""

    @staticmethod
    def _manifest(edit: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(Path(dlc.paths()["quotes"]).with_name("manifest.json").read_bytes())
        if edit is not None:
            edit(data)
        return data

    @staticmethod
    def _parse(data: dict[str, Any] | bytes) -> object:
        from digital_labor_corpus.store.manifest import parse_manifest

        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        return parse_manifest(raw, "m.json")

    def test_size(self) -> None:
        """A manifest of exactly 1 MiB (padded with spaces) is read; one byte more is refused."""
        raw = json.dumps(self._manifest()).encode()
        edge = raw + b" " * ((1 << 20) - len(raw))
        assert len(edge) == 1 << 20
        assert self._parse(edge)
        with pytest.raises(
            dlc.CorpusIntegrityError, match=r"it is 1,048,577 bytes long; a manifest is at most 1,048,576"
        ):
            self._parse(edge + b" ")

    def test_depth(self) -> None:
        """Eight levels of nesting are read (then refused for what they hold); nine are refused as too deep."""
        for levels, words in ((8, "must be"), (9, "it nests deeper than 8 levels")):
            nested: object = 1
            for _ in range(levels - 1):
                nested = [nested]
            data = self._manifest(_setting(("release_date",), nested))
            with pytest.raises(dlc.CorpusIntegrityError) as caught:
                self._parse(data)
            assert words in str(caught.value)
            if levels == 8:
                assert "nests deeper" not in str(caught.value)

    def test_counts(self) -> None:
        """Row and byte counts run from 0 to 2**63-1, Parquet's int64; -1 and 2**63 are refused."""
        for value in (0, 2**63 - 1):
            found = self._parse(self._manifest(_setting(("tables", "quotes", "bytes"), value)))
            assert found.tables["quotes"].bytes == value  # type: ignore[attr-defined]
        for value in (-1, 2**63):
            with pytest.raises(
                dlc.CorpusIntegrityError,
                match=r"tables\.quotes\.bytes must be a whole number from 0 to 2\*\*63-1, not " + str(value),
            ):
                self._parse(self._manifest(_setting(("tables", "quotes", "bytes"), value)))

    def test_file_name_length(self) -> None:
        """A file name of 255 characters is plain; 256 is refused; so is the empty name."""
        from digital_labor_corpus.store.manifest import check_file_name

        assert check_file_name("q" * 255, "m.json", "tables.quotes.file") == "q" * 255
        for name in ("q" * 256, ""):
            with pytest.raises(dlc.CorpusIntegrityError, match="unsafe file"):
                check_file_name(name, "m.json", "tables.quotes.file")

    def test_not_an_object_names_what_it_is(self) -> None:
        """A manifest that is a list or a string says so by type."""
        with pytest.raises(dlc.CorpusIntegrityError, match="the manifest must be an object, not list"):
            self._parse(b"[1]")
        with pytest.raises(dlc.CorpusIntegrityError, match="the manifest must be an object, not str"):
            self._parse(b'"1.0.1"')


_SHA = "a" * 64


def _without(name: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        del data["tables"][name]
        data["tables"].update({"x" * 50: {}} | {f"u{i}": {} for i in range(1, 6)})

    return edit


class TestManifestRefusalsWordForWord:
    """Each refusal of a damaged manifest names the field and the value, as the user reads it."""

    @pytest.mark.parametrize(
        ("edit", "detail"),
        [
            pytest.param(
                lambda d: d.__setitem__("files", []), "files must be an object, not list", id="files"
            ),
            pytest.param(
                lambda d: d.__setitem__("files", {"a.json": "xyz"}),
                "files['a.json'] must be 64 lowercase hexadecimal digits (a SHA-256), not 'xyz'",
                id="a file's digest",
            ),
            pytest.param(
                lambda d: d.__setitem__("dataset_version", "1.0"),
                "dataset_version must be MAJOR.MINOR.PATCH, not '1.0'",
                id="version",
            ),
            pytest.param(
                lambda d: d.__setitem__("release_date", "2026-13-01"),
                "release_date must be a date YYYY-MM-DD, not '2026-13-01'",
                id="release date",
            ),
            pytest.param(
                lambda d: d.__setitem__("tables", []), "tables must be an object, not list", id="tables"
            ),
            pytest.param(
                lambda d: d["tables"].__setitem__("quotes", 1),
                "tables.quotes must be an object, not int",
                id="a table",
            ),
        ],
    )
    def test_refusal(self, edit: Callable[[dict[str, Any]], None], detail: str) -> None:
        data = TestManifestLimits._manifest(edit)
        with pytest.raises(dlc.CorpusIntegrityError) as caught:
            TestManifestLimits._parse(data)
        assert str(caught.value) == f"The manifest m.json is damaged: {detail}"

    def test_tables_lacking_and_unknown(self) -> None:
        """The missing tables, the first five unknown names each cut to 40 characters, and the expected list."""
        data = TestManifestLimits._manifest(_without("quotes"))
        del data["tables"]["people"]
        with pytest.raises(dlc.CorpusIntegrityError) as caught:
            TestManifestLimits._parse(data)
        version = data["dataset_version"]
        long = repr("x" * 50)[:40]
        assert str(caught.value) == (
            f"The manifest m.json is damaged: it lacks table(s) "
            f"{', '.join(name for name in dlc.tables(version) if name in ('quotes', 'people'))}; it lists unknown table(s) "
            f"{long}, 'u1', 'u2', 'u3', 'u4' (a manifest of version {version} lists exactly "
            f"{', '.join(dlc.tables(version))})"
        )

    def test_unsafe_name_among_files(self) -> None:
        data = TestManifestLimits._manifest(lambda d: d.__setitem__("files", {"../x": _SHA}))
        with pytest.raises(
            dlc.CorpusIntegrityError, match=r"^The manifest m\.json names an unsafe file '\.\./x' in files: "
        ):
            TestManifestLimits._parse(data)


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b"[[[], [[]]]]", 4),  # a close at depth three, then deeper again
        (b"[[], [[[]]]]", 4),  # a close at depth two, then deeper
        (b'{"a": "[[[[", "b": [[]]}', 3),  # brackets inside strings do not count
    ],
)
def test_manifest_depth_examples(raw: bytes, depth: int) -> None:
    """The depth scan on nestings that close and open again, counted by hand."""
    from digital_labor_corpus.store.manifest import _depth

    assert _depth(raw) == depth
