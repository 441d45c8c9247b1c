"""The annotation formats through export() and the command line: files, progress, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.cli import main
from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.exporting import ANNOTATION_FORMATS, ExportProgress, export

SOURCE = dlc.load("sources").column("source_id")[0].as_py()
FILES = {
    "tei": [f"{SOURCE}.tei.xml", "tei-subset.rng"],
    "webannotation": [
        f"{SOURCE}.annotations.jsonld",
        *(f"{SOURCE}.annotations.{t}.jsonld" for t in ("quotes", "claims", "statistics", "place_mentions")),
    ],
    "brat": [f"{SOURCE}.txt", f"{SOURCE}.ann", "annotation.conf", "visual.conf"],
}


class TestExport:
    """export() writes the documented files and reports one step per span table."""

    @pytest.mark.parametrize("fmt", ANNOTATION_FORMATS)
    def test_files_and_progress(self, fmt: str, tmp_path: Path) -> None:
        """The files are those the module documents; progress names the four span tables with their rows."""
        steps: list[ExportProgress] = []
        result = export(tmp_path, fmt, progress=steps.append)
        assert [path.name for path in result.files] == FILES[fmt]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES[fmt])
        assert [(s.table, s.rows, s.done, s.total) for s in steps] == [
            (table, dlc.load(table).num_rows, done, 4)
            for done, table in enumerate(("quotes", "place_mentions", "statistics", "claims"), start=1)
        ]
        assert result.version == dlc.versions()[-1]

    @pytest.mark.parametrize("fmt", ANNOTATION_FORMATS)
    def test_tables_refused(self, fmt: str, tmp_path: Path) -> None:
        """An annotation format takes no tables=: the error says which formats do."""
        with pytest.raises(InvalidArgumentError, match=r"applies only to the table formats \(csv, jsonl"):
            export(tmp_path, fmt, tables=["quotes"])


class TestCommandLine:
    """``export --format tei|webannotation|brat`` writes the files and lists them."""

    @pytest.mark.parametrize("fmt", ANNOTATION_FORMATS)
    def test_export(self, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 0, the files listed on standard output, one progress line per span table."""
        assert main(["export", "--format", fmt, "--out", str(tmp_path)]) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1:] == [f"  {tmp_path / name}" for name in FILES[fmt]]
        assert len(captured.err.splitlines()) == 4

    def test_tables_refused_in_one_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--tables with an annotation format: one line on standard error, exit 2."""
        assert main(["export", "--format", "tei", "--out", str(tmp_path), "--tables", "quotes"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("digital-labor-corpus: error: The tei export writes the annotated source")


def test_exports_page_lists_every_format() -> None:
    """docs/exports.md has a row for each export format, naming it as --format takes it."""
    from digital_labor_corpus.publishing.exporting import FORMATS

    from .conftest import ROOT

    page = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| ")]
    for fmt in FORMATS:
        assert any(f"| `{fmt}` |" in row for row in rows), fmt
