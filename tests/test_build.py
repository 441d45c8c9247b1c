"""The build: shipped tables equal a fresh build; bad annotations fail naming file and record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.compile import build
from digital_labor_corpus.exceptions import AnnotationError
from digital_labor_corpus.schema.fingerprint import columns_fingerprint
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.tables import TABLES as PLAIN
from digital_labor_corpus.store.storage import shipped_store

from .conftest import CORPUS_DIR


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the annotations into a temporary directory."""
    out = tmp_path_factory.mktemp("build")
    result = build(CORPUS_DIR, out)
    assert result.written
    return result.path


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A copy of the annotation directory that a test may damage."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestFreshBuild:
    """The shipped version is exactly what the annotations compile to."""

    @pytest.mark.parametrize("table", list(TABLES))
    def test_shipped_table_equals_fresh_build(self, fresh: Path, table: str) -> None:
        """Table equality, schema metadata included (not bytes: writers stamp their version).

        The build writes the current schema; columns added after the shipped version (until
        the next version is built) are left out of the comparison, and must be exactly those.
        """
        version = fresh.name
        shipped = dlc.load(table, version=version)
        built = pq.ParquetFile(fresh / f"{table}.parquet").read()
        later = [name for name in built.column_names if name not in PLAIN[table].columns_in(version)]
        assert later == [c.name for c in PLAIN[table].fields if c.name in later and c.since]
        assert built.drop_columns(later).equals(shipped, check_metadata=True)

    def test_manifest_counts_match(self, fresh: Path) -> None:
        """The fresh manifest's row counts and schema fingerprints equal the shipped ones.

        A table that gained columns after the shipped version is compared on the shipped columns.
        """
        import json

        built = json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))
        shipped = shipped_store().manifest(fresh.name)
        assert built["release_date"] == shipped.release_date.isoformat()
        for name, entry in shipped.tables.items():
            assert built["tables"][name]["rows"] == entry.rows
            columns = PLAIN[name].columns_in(fresh.name)
            assert columns_fingerprint(name, columns) == entry.schema_fingerprint
            if columns == PLAIN[name].columns:
                assert built["tables"][name]["schema_fingerprint"] == entry.schema_fingerprint
            else:
                assert built["tables"][name]["schema_fingerprint"] == columns_fingerprint(
                    name, PLAIN[name].columns
                )

    def test_rebuild_same_version_is_a_no_op(self, tmp_path: Path) -> None:
        """Building twice into the same place writes once, then reports it up to date."""
        assert build(CORPUS_DIR, tmp_path).written
        assert not build(CORPUS_DIR, tmp_path).written


class TestBadAnnotations:
    """A bad annotation fails the build with the file and record named, and writes nothing."""

    def _fails(self, corpus: Path, out: Path, pattern: str) -> None:
        with pytest.raises(AnnotationError, match=pattern):
            build(corpus, out)
        assert not out.exists() or not any(p.name[0].isdigit() for p in out.iterdir())

    def test_text_not_in_source(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A quote whose text is not in the source is named with its file."""
        path = corpus_copy / "annotations" / "07-xerfi.toml"
        _edit(path, "text = '''", "text = '''ZZZ absent ")
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"annotations/07-xerfi\.toml: \w+ record '[^']+' \(text\): the text 'ZZZ absent .*is not in",
        )

    def test_ambiguous_text(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A text that occurs several times in its scope asks for occurrence or within."""
        path = corpus_copy / "annotations" / "99-test.toml"
        path.write_text(
            'source = "travail-du-clic-fr"\n\n[[mentions]]\nid = "2020-10-15-national-geographic-interview-m999"\n'
            'place = "madagascar"\nappearance = "2020-10-15-national-geographic-interview"\n'
            "text = '''États-Unis'''\nrole = \"other\"\n",
            encoding="utf-8",
        )
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"99-test\.toml: mentions record '[^']+' \(text\): the text 'États-Unis' occurs \d+ times .* add occurrence = N",
        )

    def test_missing_field(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A record without a required field is named with the field."""
        _edit(corpus_copy / "topics.toml", 'label_fr = "Rémunération"\n', "")
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"topics\.toml: topics record 'pay': missing required field\(s\) label_fr",
        )

    def test_value_outside_vocabulary(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A vocabulary value the schema does not know is named with its record."""
        _edit(corpus_copy / "places.toml", 'kind = "continent"', 'kind = "planet"')
        self._fails(corpus_copy, tmp_path / "out", r"places\.toml: places record 'europe': .*kind")

    def test_duplicate_id(self, corpus_copy: Path, tmp_path: Path) -> None:
        """Two records with one id are refused, naming both files."""
        extra = corpus_copy / "annotations" / "99-dup.toml"
        extra.write_text(
            'source = "travail-du-clic-fr"\n\n[[people]]\nid = "paola-tubaro"\nname = "X"\ndescription_en = "x"\n',
            encoding="utf-8",
        )
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"99-dup\.toml: people record 'paola-tubaro': duplicate id; it is also defined in people\.toml",
        )

    def test_broken_invariant(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A dangling reference passes the parser but fails the invariant check before writing."""
        _edit(corpus_copy / "places.toml", 'parent = "egypt"', 'parent = "atlantis"')
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"invariant violation\(s\): places\.toml: places\[cairo\] foreign_key",
        )

    def test_source_changed(self, corpus_copy: Path, tmp_path: Path) -> None:
        """A source copy that is not byte for byte the original is refused."""
        path = corpus_copy / "source" / "travail-du-clic.fr.txt"
        path.write_bytes(path.read_bytes() + b" ")
        self._fails(
            corpus_copy,
            tmp_path / "out",
            r"sources\.toml: sources record 'travail-du-clic-fr': .* has SHA-256",
        )
