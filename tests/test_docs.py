"""The docs, README and changelog describe what the code and data are."""

from __future__ import annotations

import re

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.docs import GENERATED

from .conftest import ROOT


class TestGeneratedPages:
    """Reference pages equal what the schema and the CLI generate."""

    @pytest.mark.parametrize("filename", list(GENERATED))
    def test_page_is_current(self, filename: str) -> None:
        """Regenerate with ``python -m digital_labor_corpus.cli.docs`` when this fails."""
        assert (ROOT / "docs" / filename).read_text(encoding="utf-8") == GENERATED[filename]()


class TestReadme:
    """The README's set-up is two commands: install and info, install tests and run them."""

    def test_two_setup_commands(self) -> None:
        """The set-up section holds exactly the two documented commands."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
        blocks = re.findall(r"```sh\n(.*?)\n```", setup, flags=re.S)
        assert blocks == [
            "python -m pip install . && digital-labor-corpus info",
            "python -m pip install '.[test]' && python -m pytest",
        ]

    def test_ci_runs_the_readme_commands(self) -> None:
        """.ci/run runs both README commands verbatim, then ruff and mypy."""
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert "python -m pip install . && digital-labor-corpus info" in ci
        assert "python -m pip install '.[test]' && python -m pytest" in ci
        assert "ruff check" in ci
        assert "mypy" in ci


class TestChangelog:
    """The changelog opens with the versioning policy and has an entry per shipped version."""

    def test_policy_first(self) -> None:
        """The policy section precedes the first release heading and names major, minor, patch."""
        text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        policy, _, _ = text.partition("\n## [")
        for word in ("major", "minor", "patch"):
            assert word in policy.lower()

    @pytest.mark.parametrize("version", dlc.versions())
    def test_entry_per_version(self, version: str) -> None:
        """Every shipped dataset version has a dated heading."""
        text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, flags=re.M)


def test_data_card_counts_are_current() -> None:
    """The data card's table of row counts matches the shipped newest version."""
    card = (ROOT / "docs" / "data-card.md").read_text(encoding="utf-8")
    for table in dlc.tables():
        rows = dlc.load(table).num_rows
        assert re.search(rf"^\| `{table}` \| {rows} \|", card, flags=re.M), table
