"""Return types follow the backend, proven by mypy --strict; overloads stay few."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import digital_labor_corpus

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
TYPED = Path(__file__).resolve().parent / "typing" / "backend_types.py"
PACKAGE = Path(digital_labor_corpus.__file__).parent


WRONG = (
    "from typing import assert_type\n"
    "import polars as pl\n"
    "import digital_labor_corpus as dlc\n"
    'assert_type(dlc.open(backend="pandas").quotes(), pl.DataFrame)\n'
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One mypy --strict run over the typed examples and a deliberately wrong one: errors per file."""
    wrong = tmp_path_factory.mktemp("typing") / "wrong_types.py"
    wrong.write_text(WRONG, encoding="utf-8")
    out, err, _status = mypy_api.run(
        ["--strict", "--config-file", str(ROOT / "pyproject.toml"), str(TYPED), str(wrong)]
    )
    found: dict[str, list[str]] = {"typed": [], "wrong": [], "other": [out + err]}
    for line in (out + err).splitlines():
        if ": error:" not in line:
            continue
        where = "typed" if line.startswith(str(TYPED)) else "wrong" if "wrong_types.py" in line else "other"
        found[where].append(line)
    return found


class TestBackendTypes:
    """``dlc.open(backend=...)`` types what every helper returns."""

    def test_assert_types_hold_under_mypy_strict(self, report: dict[str, list[str]]) -> None:
        """Every assert_type of tests/typing/backend_types.py holds, with no other error."""
        assert report["typed"] == []
        assert "Found 1 error in 1 file" in report["other"][0]

    def test_a_wrong_type_is_caught(self, report: dict[str, list[str]]) -> None:
        """The check can fail: a pandas corpus's quotes are not a Polars frame."""
        assert len(report["wrong"]) == 1
        assert (
            'type "pandas.core.frame.DataFrame", not "polars.dataframe.frame.DataFrame"' in report["wrong"][0]
        )


def _overloads(path: Path) -> int:
    count = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                name = (
                    decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
                )
                count += name == "overload"
    return count


class TestOverloads:
    """Typing a return that follows an argument costs overloads once, not per helper."""

    def test_at_most_twelve_in_the_package(self) -> None:
        """The whole package holds at most 12 ``@overload`` signatures."""
        found = {str(path.relative_to(PACKAGE)): _overloads(path) for path in sorted(PACKAGE.rglob("*.py"))}
        assert 0 < sum(found.values()) <= 12, {path: n for path, n in found.items() if n}

    def test_helpers_have_none(self) -> None:
        """The Corpus helpers are typed by the class's frame type: the only overloads are open's."""
        corpus = PACKAGE / "queries" / "corpus.py"
        tree = ast.parse(corpus.read_text(encoding="utf-8"))
        (klass,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Corpus"]
        assert sum(_overloads_in(node) for node in klass.body) == 0
        assert _overloads(corpus) == 6  # open and open_path, three backends each


def _overloads_in(node: ast.AST) -> int:
    if not isinstance(node, ast.FunctionDef):
        return 0
    return sum(
        (decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", ""))
        == "overload"
        for decorator in node.decorator_list
    )
