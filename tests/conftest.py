"""Shared fixtures and the hypothesis profiles.

The ``ci`` profile (used when the ``CI`` environment variable is set) draws new examples
on every run, so that CI explores new inputs rather than the same few forever; a failure
prints the ``@reproduce_failure`` blob that replays it exactly. ``dev`` explores more
examples locally; ``mutation`` is reproducible and fast, for ``tools/mutation.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=False,
    print_blob=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
# For mutation runs (tools/mutation.py): reproducible, and no shrinking: a killed mutant needs one failure.
settings.register_profile(
    "mutation",
    max_examples=4,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent


def _words_of_mutated_function(mutant: str) -> set[str]:
    """The words (``date_precision``, ``errata_row`` ...) written as strings in the mutated function.

    ``mutant`` is mutmut's name, ``package.module.x_function__mutmut_N`` or
    ``package.module.xǁClassǁmethod__mutmut_N``; the function is found in the source
    mutmut runs (``src/`` of its working directory) and its string constants that are
    lowercase words (a rule's name among them) are returned. Nothing is returned where the source cannot be read.
    """
    import ast
    import re

    name, _, _ = mutant.rpartition("__mutmut_")
    module, _, function = name.rpartition(".")
    function = function.split("ǁ")[-1] if "ǁ" in function else function.removeprefix("x_")
    path = Path("src", *module.split(".")).with_suffix(".py")
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            found.update(
                inner.value
                for inner in ast.walk(node)
                if isinstance(inner, ast.Constant)
                and isinstance(inner.value, str)
                and re.fullmatch(r"[a-z]+(?:_[a-z]+)*", inner.value)
            )
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In a mutation run, the tests most likely to fail with the mutant first, then by speed.

    mutmut stops a mutant's run at its first failing test (``-x``), so a killed mutant
    costs the tests that ran before the failure. Tests whose id names a rule written in
    the mutated function (``date_precision`` for a mutant of ``_Checker.dates``) run first,
    then the others from the fastest to the slowest: most runs end in a second or two. The
    order changes nothing else: every test still runs for a surviving mutant (the suite
    runs in random order anyway). The durations are mutmut's own, from its clean run
    (``mutmut-stats.json``).
    """
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    durations: dict[str, float] = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    words = _words_of_mutated_function(mutant)

    def rank(item: pytest.Item) -> tuple[bool, float]:
        named = any(f"[{word}-" in item.nodeid for word in words)  # an injection of the rule: [rule-case]
        return (not named, durations.get(item.nodeid, float("inf")))

    items.sort(key=rank)


CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty per-process table cache."""
    from digital_labor_corpus.store.storage import shipped_store

    shipped_store().clear()
    yield
    shipped_store().clear()
