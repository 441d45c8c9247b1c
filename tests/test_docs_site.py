"""The documentation site: its configuration, hooks, figures and cookbook, and a strict build.

The build itself needs the ``docs`` extra (MkDocs, Material, mkdocstrings, mkdocs-gen-files,
matplotlib); without it those tests are skipped, and CI runs them in its docs step, after
``pip install '.[docs]'`` and ``mkdocs build --strict``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import digital_labor_corpus as dlc

from .conftest import ROOT

DOCS = ROOT / "docs"
GENERATED_AT_BUILD = {"figures.md"}  # written by docs/gen_figures.py, never checked in
# Plugins that fetch from the network at build time (fonts, images, remote includes) are
# not allowed: the site must build offline.
ALLOWED_PLUGINS = {"search", "gen-files", "mkdocstrings"}


def _config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config


def _nav_pages(nav: list[Any]) -> list[str]:
    pages: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestConfig:
    """mkdocs.yml builds strictly, offline, with every page in the navigation."""

    def test_strict_and_link_checks(self) -> None:
        """Strict mode is on and broken links and anchors are warnings, so they fail the build."""
        config = _config()
        assert config["strict"] is True
        assert config["validation"]["unrecognized_links"] == "warn"
        assert config["validation"]["anchors"] == "warn"

    def test_every_page_in_the_navigation(self) -> None:
        """Each Markdown page of docs/ is in the nav, and each nav entry exists or is generated."""
        pages = _nav_pages(_config()["nav"])
        on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
        assert on_disk - set(pages) == set()
        assert set(pages) - on_disk == GENERATED_AT_BUILD
        assert not any((DOCS / name).exists() for name in GENERATED_AT_BUILD)

    def test_offline_plugins_only(self) -> None:
        """Only plugins that read local files are used."""
        names = {next(iter(p)) if isinstance(p, dict) else p for p in _config()["plugins"]}
        assert names <= ALLOWED_PLUGINS

    def test_the_required_pages(self) -> None:
        """Getting started, data dictionary, data card, guidelines, cookbook, versioning, API and changelog."""
        pages = set(_nav_pages(_config()["nav"]))
        assert {
            "getting-started.md",
            "data-dictionary.md",
            "data-card.md",
            "annotation-guidelines.md",
            "cookbook.md",
            "versioning.md",
            "api.md",
            "changelog.md",
            "figures.md",
        } <= pages
        assert (DOCS / "changelog.md").read_text(encoding="utf-8").strip() == '--8<-- "CHANGELOG.md"'

    def test_docs_extra_and_ci_step(self) -> None:
        """The docs extra names the build's packages, and CI builds the site strictly after mypy."""
        import tomllib

        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
        names = {re.split(r"[<>=\[]", requirement)[0] for requirement in extras["docs"]}
        assert {"mkdocs", "mkdocs-material", "mkdocstrings", "mkdocs-gen-files", "matplotlib"} <= names
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert "python -m pip install '.[docs]'" in ci
        assert ci.index("mkdocs build --strict") > ci.index("mypy")


class TestHooks:
    """docs/hooks.py maps repository links to site pages and drops Sphinx roles."""

    @pytest.mark.parametrize(
        ("markdown", "page", "expected"),
        [
            ("[c](../CHANGELOG.md)", "data-card.md", "[c](changelog.md)"),
            ("[c](../CHANGELOG.md#100)", "data-card.md", "[c](changelog.md#100)"),
            ("[l](../LICENSE)", "data-card.md", "[l](licences.md#code)"),
            ("[l](../LICENSE-DATA)", "sub/page.md", "[l](../LICENSE-DATA)"),
            ("[l](../../LICENSE-DATA)", "sub/page.md", "[l](../licences.md#annotations)"),
            ("[x](../corpus/a.toml)", "data-card.md", "[x](../corpus/a.toml)"),
            ("[d](data-dictionary.md)", "data-card.md", "[d](data-dictionary.md)"),
        ],
    )
    def test_rewrite_links(self, markdown: str, page: str, expected: str) -> None:
        """Only links to files the site publishes are rewritten; other outside links stay broken."""
        assert _script("hooks").rewrite_links(markdown, page) == expected

    def test_published_pages_exist(self) -> None:
        """Every page the hook points to is a page of the docs."""
        for target in _script("hooks").PUBLISHED.values():
            assert (DOCS / target.split("#")[0]).is_file(), target

    def test_drop_roles(self) -> None:
        """:func: and its kin disappear before a code name; other text stays."""
        html = "a :func:<code>load</code>, :meth:<code>Corpus.search</code> and :note: b"
        assert (
            _script("hooks").drop_roles(html)
            == "a <code>load</code>, <code>Corpus.search</code> and :note: b"
        )


class TestFigures:
    """docs/gen_figures.py draws the figures from the shipped data."""

    @pytest.fixture(autouse=True)
    def _matplotlib(self) -> None:
        pytest.importorskip("matplotlib")

    def test_timeline(self) -> None:
        """The timeline is an SVG with one row label per medium used, the same on every run."""
        figures = _script("gen_figures")
        svg = figures.timeline_svg()
        assert svg.lstrip().startswith("<?xml")
        assert "<svg" in svg
        assert svg == figures.timeline_svg()

    def test_place_counts(self) -> None:
        """Every place mention is counted once, under one country or region and its role."""
        counts = _script("gen_figures").place_counts()
        assert sum(sum(c.values()) for c in counts.values()) == dlc.load("place_mentions").num_rows
        totals = [sum(c.values()) for c in counts.values()]
        assert totals == sorted(totals, reverse=True)

    def test_places_figure_and_page(self) -> None:
        """The page names the version, links both figures and tabulates every year."""
        figures = _script("gen_figures")
        assert "<svg" in figures.places_svg()
        page = figures.page_markdown()
        version = dlc.versions()[-1]
        assert f"dataset version {version}" in page
        assert f"]({figures.TIMELINE})" in page
        assert f"]({figures.PLACES})" in page
        for year in {d.year for d in dlc.load("appearances").column("date").to_pylist()}:
            assert f"| {year} |" in page


def _cookbook_blocks() -> list[str]:
    text = (DOCS / "cookbook.md").read_text(encoding="utf-8")
    return [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "# requires:" not in b]


class TestCookbook:
    """The cookbook's Python recipes run (those for Spark and R are not run here)."""

    @pytest.mark.parametrize("block", _cookbook_blocks(), ids=lambda b: b.split("\n")[0][:40])
    def test_recipe_runs(self, block: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The recipe runs in a fresh namespace and prints something."""
        exec(compile(block, "cookbook.md", "exec"), {})
        assert capsys.readouterr().out.strip()

    def test_every_tool(self) -> None:
        """There is a section for pyarrow, pandas, Polars, DuckDB, Spark and R."""
        text = (DOCS / "cookbook.md").read_text(encoding="utf-8")
        for tool in ("pyarrow", "pandas", "Polars", "DuckDB", "Spark", "R, with the arrow package"):
            assert f"\n## {tool}\n" in text


def _build(config_dir: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=config_dir,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _need_docs_extra() -> None:
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python", "mkdocs_gen_files", "matplotlib"):
        pytest.importorskip(module)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once in strict mode."""
    _need_docs_extra()
    out = tmp_path_factory.mktemp("site")
    done = _build(ROOT, out)
    assert done.returncode == 0, done.stderr
    return out


class TestBuild:
    """``mkdocs build --strict`` succeeds, with generated figures and the API reference."""

    def test_pages(self, site: Path) -> None:
        """Every page of the navigation is built."""
        for page in _nav_pages(_config()["nav"]):
            name = page.removesuffix(".md")
            built = site / "index.html" if name == "index" else site / name / "index.html"
            assert built.is_file(), page

    def test_figures_are_generated(self, site: Path) -> None:
        """The figures are drawn at build time into the site."""
        for name in ("appearances-by-medium.svg", "places-by-country-and-role.svg"):
            assert (site / "figures" / name).read_text(encoding="utf-8").count("<svg") == 1
        assert 'src="appearances-by-medium.svg"' in (site / "figures" / "index.html").read_text(
            encoding="utf-8"
        )

    def test_reading_room_is_built(self, site: Path) -> None:
        """The reading room is generated into the site, and its page links to it and shows the screenshot."""
        room = (site / "reading-room.html").read_text(encoding="utf-8")
        assert room.startswith("<!DOCTYPE html>")
        assert 'id="layer-quotes"' in room
        intro = (site / "reading-room" / "index.html").read_text(encoding="utf-8")
        assert 'href="../reading-room.html"' in intro
        assert 'src="../images/reading-room.png"' in intro
        assert (site / "images" / "reading-room.png").read_bytes().startswith(b"\x89PNG")

    def test_api_reference(self, site: Path) -> None:
        """The API page documents the public functions, without Sphinx roles left over."""
        html = (site / "api" / "index.html").read_text(encoding="utf-8")
        for name in (
            "store.loading.load",
            "publishing.exporting.export",
            "publishing.exporting.export_tables",
            "checks.validation.validate",
            "queries.corpus.open",
        ):
            assert f'id="digital_labor_corpus.{name}"' in html
        assert ":func:<code>" not in html

    def test_repository_links_resolve(self, site: Path) -> None:
        """The data card's links to the licence files point at the licences page."""
        html = (site / "data-card" / "index.html").read_text(encoding="utf-8")
        assert 'href="../licences/#annotations"' in html
        assert "../LICENSE" not in html

    def test_broken_link_fails(self, site: Path, tmp_path: Path) -> None:
        """A page with a link to a missing page makes the strict build fail."""
        del site  # built first, so that a broken configuration fails there, not here
        copy = tmp_path / "repo"
        copy.mkdir()
        for name in ("mkdocs.yml", "CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA"):
            shutil.copy(ROOT / name, copy / name)
        shutil.copytree(DOCS, copy / "docs")
        (copy / "src").symlink_to(ROOT / "src")
        page = copy / "docs" / "getting-started.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8"
        )
        done = _build(copy, tmp_path / "site")
        assert done.returncode != 0
        assert "no-such-page.md" in done.stderr
