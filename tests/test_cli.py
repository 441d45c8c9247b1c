"""The command line: every command has help and docs; errors are one line with status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from digital_labor_corpus.cli.main import COMMANDS, main

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digital_labor_corpus", *args], capture_output=True, text=True, check=False
    )


class TestHelp:
    """Every command has help with an example and is documented."""

    @pytest.mark.parametrize("command", list(COMMANDS))
    def test_help(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """``COMMAND --help`` exits 0 and shows an example."""
        with pytest.raises(SystemExit) as caught:
            main([command, "--help"])
        assert caught.value.code == 0
        assert "example: digital-labor-corpus " + command in capsys.readouterr().out

    @pytest.mark.parametrize("command", list(COMMANDS))
    def test_documented(self, command: str) -> None:
        """docs/cli.md has a section for every command."""
        docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
        assert f"## `{command}`" in docs


class TestCommands:
    """The commands print what they promise."""

    def test_info(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``info`` prints the dataset version, every table with its rows, and the date range."""
        import digital_labor_corpus as dlc

        assert main(["info"]) == 0
        out = capsys.readouterr().out
        assert f"dataset version {dlc.versions()[-1]}" in out
        for table in dlc.tables():
            assert f"  {table} " in out
        # the newest and oldest appearances, each written to its precision (a month as 2019-06)
        table = dlc.load("appearances", columns=["date", "date_precision"]).to_pylist()
        rows = sorted((a["date"], a["date_precision"]) for a in table)
        width = {"day": 10, "month": 7, "year": 4}
        first, last = (f"{d.isoformat()[: width[p]]}" for d, p in (rows[0], rows[-1]))
        assert f"appearances from {first} to {last}\n" in out

    def test_validate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``validate`` reports a valid corpus and exits 0."""
        assert main(["validate"]) == 0
        assert "valid: no violation" in capsys.readouterr().out

    def test_coverage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``coverage`` prints the share inside appearances and no uncovered paragraph."""
        assert main(["coverage", "--exempt"]) == 0
        out = capsys.readouterr().out
        assert "characters inside an appearance's span: " in out
        assert "uncovered: 0" in out
        assert "exempt paragraphs:" in out

    def test_describe(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``describe`` prints every column and the vocabularies."""
        assert main(["describe", "place_mentions"]) == 0
        out = capsys.readouterr().out
        assert "one of: where_work_is_done, where_clients_are" in out
        assert "references places.place_id" in out

    def test_module_entry_point(self) -> None:
        """``python -m digital_labor_corpus`` runs the same command line."""
        done = _run("tables")
        assert done.returncode == 0
        assert done.stdout.split()[:2] == ["appearances", "quotes"]


class TestErrors:
    """Errors are one line on stderr with exit status 2, never a traceback."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["describe", "quote"], "digital-labor-corpus: error: Unknown table 'quote'."),
            (
                ["info", "--dataset-version", "9.9.9"],
                "digital-labor-corpus info: error: argument --dataset-version: '9.9.9' is not a shipped "
                "dataset version; 'digital-labor-corpus versions' lists them: 1.0.0",
            ),
            (
                ["validate", "--dataset-version", "../x"],
                "digital-labor-corpus validate: error: argument --dataset-version: '../x' is not a shipped",
            ),
            (
                ["build", "--corpus", "/nonexistent"],
                "digital-labor-corpus: error: /nonexistent: no such corpus directory",
            ),
            (["frobnicate"], "digital-labor-corpus: error: argument COMMAND: invalid choice"),
            ([], "digital-labor-corpus: error: the following arguments are required: COMMAND"),
        ],
    )
    def test_one_line_status_2(self, args: list[str], message: str) -> None:
        """The error is a single line starting with the expected message."""
        done = _run(*args)
        assert done.returncode == 2
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith(message), lines[0]
        assert "Traceback" not in done.stderr
