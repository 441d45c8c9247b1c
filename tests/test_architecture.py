"""The package's architecture: one subpackage per stage, lower stages never import higher ones, no cycles.

The stages, in the order the data flows and the order they may import each other::

    schema < store < checks < queries < publishing < build < cli

Every import counts, deferred ones inside functions included; only imports under
``if TYPE_CHECKING:`` are aside, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import digital_labor_corpus

PACKAGE = Path(digital_labor_corpus.__file__).parent
NAME = "digital_labor_corpus"
STAGES = ["schema", "store", "checks", "queries", "publishing", "build", "cli"]
#: Modules of the package root, which any stage may import (they import no stage).
ROOT_MODULES = {"exceptions", "_version", "_sha256"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([NAME, *parts])


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """The package modules that ``path`` imports at run time (absolute names)."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names if alias.name.startswith(NAME))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                if target.startswith(NAME):
                    found.add(target)
                    found.update(
                        f"{target}.{alias.name}"
                        for alias in child.names
                        if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/"))
                        .with_suffix(".py")
                        .exists()
                    )
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found - {module}


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ROOT_MODULES or parts[1] == "__main__":
        return None
    return STAGES.index(parts[1]) if parts[1] in STAGES else None


class TestLayout:
    def test_every_module_sits_in_a_stage(self) -> None:
        """Apart from the package's own entry points, every module lives in a stage subpackage."""
        allowed = set(STAGES) | ROOT_MODULES | {"__main__"}
        stray = sorted(name for name in MODULES if name != NAME and name.split(".")[1] not in allowed)
        assert stray == []
        assert {name.split(".")[1] for name in MODULES if name != NAME} >= set(STAGES)

    @pytest.mark.parametrize("module", sorted(MODULES))
    def test_no_lower_stage_imports_a_higher_one(self, module: str) -> None:
        """A module imports only its own stage, lower stages and the package root modules."""
        own = _stage(module)
        if own is None:
            return
        higher = sorted(target for target in GRAPH[module] if (_stage(target) or 0) > own)
        assert higher == [], f"{module} imports a higher stage"

    def test_no_import_cycles(self) -> None:
        """The run-time import graph between modules has no cycle."""
        edges = {name: {t for t in targets if t in MODULES and t != NAME} for name, targets in GRAPH.items()}
        state: dict[str, int] = {}
        cycles: list[list[str]] = []

        def walk(node: str, trail: list[str]) -> None:
            state[node] = 1
            for nxt in sorted(edges[node]):
                if state.get(nxt) == 1:
                    cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
                elif nxt not in state:
                    walk(nxt, [*trail, nxt])
            state[node] = 2

        for name in sorted(edges):
            if name not in state:
                walk(name, [name])
        assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)

    def test_no_module_is_named_like_a_function_it_exports(self) -> None:
        """``dlc.diff`` and its module cannot shadow each other: no public name is also a module name."""
        clashes = [name for name in digital_labor_corpus.__all__ if f"{NAME}.{name}" in MODULES]
        assert clashes == []
