"""The data card and the vocabularies read offline, from the installed package and the command line."""

from __future__ import annotations

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.main import main
from digital_labor_corpus.schema.vocabularies import VOCABULARIES

from .conftest import ROOT


class TestCard:
    """dlc.card() and `digital-labor-corpus card` give the data card of docs/data-card.md."""

    def test_shipped_copy_equals_the_page(self) -> None:
        """The package's copy is docs/data-card.md; `python -m digital_labor_corpus.cli.docs` refreshes it."""
        assert dlc.card() == (ROOT / "docs" / "data-card.md").read_text(encoding="utf-8")

    def test_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The command prints the card and exits 0."""
        assert main(["card"]) == 0
        assert capsys.readouterr().out == (ROOT / "docs" / "data-card.md").read_text(encoding="utf-8")


class TestVocabularies:
    """dlc.vocabularies() and `digital-labor-corpus vocabularies` list every value with its definition."""

    def test_function_is_a_copy(self) -> None:
        """The function returns every vocabulary, and changing the result changes nothing shipped."""
        every = dlc.vocabularies()
        assert every == VOCABULARIES
        every["medium"].clear()
        assert dlc.vocabularies()["medium"]

    def test_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One vocabulary: its name, then a line per value with its definition."""
        assert main(["vocabularies", "quote_kind"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "quote_kind"
        assert [line.split()[0] for line in lines[1:]] == list(VOCABULARIES["quote_kind"])
        for line, definition in zip(lines[1:], VOCABULARIES["quote_kind"].values(), strict=True):
            assert line.endswith(definition)

    def test_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown name is one line, exit 2, with the names and a suggestion."""
        assert main(["vocabularies", "medum"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("digital-labor-corpus: error: Unknown vocabulary 'medum'. The vocabularies: ")
        assert "Did you mean 'medium'?" in err
