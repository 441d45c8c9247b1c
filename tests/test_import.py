"""Importing the package is cheap: no pyarrow, pandas or Polars until data is asked for."""

from __future__ import annotations

import subprocess
import sys


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
