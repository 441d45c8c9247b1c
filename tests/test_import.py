"""Importing the package is cheap: no pyarrow, pandas or Polars until data is asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


class TestImportCost:
    """``import digital_labor_corpus`` leaves the heavy libraries unimported."""

    def test_import_loads_no_heavy_library(self) -> None:
        """pyarrow, pandas and Polars stay out of sys.modules after the import."""
        loaded = _modules_after("import digital_labor_corpus")
        assert "digital_labor_corpus" in loaded
        assert not {"pyarrow", "pandas", "polars", "duckdb"} & loaded

    def test_first_load_brings_pyarrow_not_pandas(self) -> None:
        """Loading a table imports pyarrow but not pandas or Polars."""
        loaded = _modules_after("import digital_labor_corpus as d\nd.load('topics')")
        assert "pyarrow" in loaded
        assert not {"pandas", "polars"} & loaded


class TestLazyNames:
    """Public names load on first use and always mean the documented object."""

    def test_every_public_name_resolves(self) -> None:
        """Each name of ``__all__`` is reachable and none is missing."""
        import digital_labor_corpus as dlc

        for name in dlc.__all__:
            assert getattr(dlc, name) is not None, name
        assert set(dlc.__all__) <= set(dir(dlc))

    def test_unknown_name_is_an_attribute_error(self) -> None:
        """A name the package does not have raises AttributeError, naming it."""
        import digital_labor_corpus as dlc

        with pytest.raises(AttributeError, match="no_such_function"):
            dlc.no_such_function  # noqa: B018

    def test_functions_keep_their_names_after_their_modules_load(self) -> None:
        """``diff``, ``coverage`` and ``export`` stay functions once their modules are imported."""
        code = (
            "import digital_labor_corpus.checks.changes, digital_labor_corpus.checks.completeness\n"
            "import digital_labor_corpus.publishing.exporting, digital_labor_corpus.cli.main\n"
            "import digital_labor_corpus as d, types\n"
            "print(all(callable(f) and not isinstance(f, types.ModuleType)"
            " for f in (d.diff, d.coverage, d.export)))"
        )
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        assert out.stdout.strip() == "True"
