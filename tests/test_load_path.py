"""The load path at the floor: loading and querying import neither attrs nor cattrs and build no record.

Each check runs in a fresh interpreter and reads its ``sys.modules``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import digital_labor_corpus as dlc

HEAVY = {
    "attr",
    "attrs",
    "cattrs",
    "digital_labor_corpus.schema.records",
    "digital_labor_corpus.schema.convert",
}


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


QUERIES = """
import digital_labor_corpus as d
d.load("quotes"); d.load("people", columns=["name"]); d.paths(); d.versions(); d.tables()
corpus = d.open()
quote = corpus.table("quotes").column("quote_id")[0].as_py()
corpus.quotes(speaker="casilli", place="MG", topic="pay", since="2019", kind="answer")
corpus.statistics(unit="percent", place="France", year=2019)
corpus.places(role="where_work_is_done", kind="country")
corpus.mentions("Madagascar", role="where_work_is_done")
corpus.appearances(since="2020", genre="interview", medium="press")
corpus.timeline("year")
corpus.context(quote)
corpus.cite(quote, style="bibtex")
directory = d.open_path(d.paths()["quotes"].rsplit("/", 1)[0], backend="pandas")
directory.quotes(speaker="casilli"); directory.mentions("MG"); directory.places(role="origin")
"""


class TestNoRecordMachinery:
    """``load``, ``paths``, ``open`` and the helpers stay clear of attrs, cattrs and the records."""

    def test_load_and_helpers(self) -> None:
        """A session of loads and questions leaves attrs, cattrs and the record module unimported."""
        loaded = _modules_after(QUERIES)
        assert "pyarrow" in loaded
        assert HEAVY & loaded == set()

    def test_first_load_imports_no_archive_machinery(self) -> None:
        """A first load finds the data as a plain path: importlib.resources (and the zipfile,
        tempfile and shutil it imports) stay out of a package installed as files."""
        loaded = _modules_after('import digital_labor_corpus as d\nd.load("quotes")')
        assert {"importlib.resources", "zipfile", "tempfile"} & loaded == set()

    def test_first_load_imports_only_what_it_uses(self) -> None:
        """A first Arrow load leaves the frame conversions and the version string unimported;
        another backend, ``__version__`` or a ``dtype_backend`` does import them (so the check can fail)."""
        lazy = {"digital_labor_corpus.store.backends", "digital_labor_corpus._version"}
        loaded = _modules_after('import digital_labor_corpus as d\nd.load("quotes")')
        assert lazy & loaded == set()
        loaded = _modules_after(
            'import digital_labor_corpus as d\nd.load("topics", backend="pandas")\nd.__version__'
        )
        assert lazy <= loaded

    def test_first_open_table_imports_only_what_it_uses(self) -> None:
        """``open().table()`` leaves the frame conversions and the helpers' modules unimported;
        a helper and another backend bring them (so the check can fail)."""
        lazy = {
            "digital_labor_corpus.store.backends",
            "digital_labor_corpus.queries.context",
            "digital_labor_corpus.queries.compute",
            "digital_labor_corpus.queries.predicates",
            "digital_labor_corpus.queries.scan",
        }
        loaded = _modules_after('import digital_labor_corpus as d\nd.open().table("quotes")')
        assert lazy & loaded == set()
        loaded = _modules_after(
            "import digital_labor_corpus as d\n"
            'c = d.open(backend="pandas")\nc.context(c.table("quotes")["quote_id"][0])\n'
            'd.open_path(d.paths()["quotes"].rsplit("/", 1)[0])'
        )
        assert lazy <= loaded

    def test_records_and_validate_do_import_them(self) -> None:
        """The check can fail: records() and validate() bring attrs, cattrs and the record classes."""
        loaded = _modules_after("import digital_labor_corpus as d\nd.records('topics')\nd.validate()")
        assert {"attrs", "cattrs", "digital_labor_corpus.schema.records"} <= loaded


class TestWholeTablesWithoutCompute:
    """Reading whole tables imports no ``pyarrow.compute`` (about 80 ms in a fresh process)."""

    def test_directory_and_shipped(self, tmp_path: Path) -> None:
        """Every table of a directory (read dictionary-free) and of the shipped version."""
        import shutil

        directory = tmp_path / "copy"
        shutil.copytree(Path(dlc.paths()["quotes"]).parent, directory)
        code = (
            "import digital_labor_corpus as d\n"
            f"c = d.open_path({str(directory)!r})\n"
            "for n in d.tables(): c.table(n)\n"
            "for n in d.tables(): d.open().table(n)"
        )
        loaded = _modules_after(code)
        assert "pyarrow.parquet" in loaded
        assert "pyarrow.compute" not in loaded

    @pytest.mark.parametrize("name", dlc.tables())
    def test_both_ways_give_the_same_table(
        self, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Plain strings (kernels not loaded) and dictionary-encoded then cast: equal tables."""
        import shutil

        import pyarrow.compute  # noqa: F401 - the kernels loaded: the dictionary way

        from digital_labor_corpus.queries import scan

        directory = tmp_path / "copy"
        shutil.copytree(Path(dlc.paths()["quotes"]).parent, directory)
        assert scan._kernels_loaded()
        cast_back = dlc.open_path(directory).table(name)
        monkeypatch.setattr(scan, "_kernels_loaded", lambda: False)
        plain = dlc.open_path(directory).table(name)
        assert plain.equals(cast_back, check_metadata=True)
        assert plain.equals(dlc.load(name))

    def test_a_filter_does_import_it(self) -> None:
        """The check can fail: a question with a filter needs Arrow's kernels."""
        loaded = _modules_after("import digital_labor_corpus as d\nd.open().quotes(speaker='casilli')")
        assert "pyarrow.compute" in loaded


class TestPolarsReadsItself:
    """``backend="polars"`` is read by Polars from the verified bytes, not through pyarrow."""

    def test_no_pyarrow(self) -> None:
        """Loading every table as Polars frames never imports pyarrow."""
        code = "import digital_labor_corpus as d\nfor n in d.tables(): d.load(n, backend='polars')"
        loaded = _modules_after(code)
        assert "polars" in loaded
        assert "pyarrow" not in loaded

    @pytest.mark.parametrize("name", dlc.tables())
    def test_same_frame_as_through_arrow(self, name: str) -> None:
        """The frame equals the pyarrow table converted by Polars."""
        import polars as pl

        ours = dlc.load(name, backend="polars")
        assert ours.equals(pl.from_arrow(dlc.load(name)))  # type: ignore[arg-type]

    def test_open_table_too(self) -> None:
        """``open(backend="polars").table(...)`` is the same frame, and columns select."""
        corpus = dlc.open(backend="polars")
        assert corpus.table("topics").equals(dlc.load("topics", backend="polars"))
        assert corpus.table("topics", columns=["label_fr"]).columns == ["label_fr"]

    def test_a_lying_manifest_is_caught(self, tmp_path: Path) -> None:
        """A file whose digest matches but whose columns are not the manifest's fails, as for pyarrow."""
        import hashlib
        import json
        import shutil

        import polars as pl

        from digital_labor_corpus.store.storage import Store

        source = Path(dlc.paths()["topics"]).parent
        version = source.name
        target = tmp_path / version
        shutil.copytree(source, target)
        frame = pl.read_parquet(target / "topics.parquet").drop("description_en")
        frame.write_parquet(target / "topics.parquet")
        raw = (target / "topics.parquet").read_bytes()
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        manifest["tables"]["topics"]["sha256"] = hashlib.sha256(raw).hexdigest()
        (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        store = Store(tmp_path, "a test store")
        with pytest.raises(dlc.CorpusIntegrityError, match="does not have the schema the manifest records"):
            store.polars("topics", version)
        with pytest.raises(dlc.CorpusIntegrityError, match="does not have the schema the manifest records"):
            store.table("topics", version)
