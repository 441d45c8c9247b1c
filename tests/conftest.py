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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In a mutation run, a mutant's tests from the fastest to the slowest.

    mutmut stops a mutant's run at its first failing test (``-x``), so a killed mutant
    costs the tests that ran before the failure: running the quick injection tests before
    the slow whole-corpus ones ends most runs in a second or two. The order changes nothing
    else: every test still runs for a surviving mutant (the suite runs in random order
    anyway). The durations are mutmut's own, from its clean run (``mutmut-stats.json``).
    """
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    durations: dict[str, float] = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))


CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty per-process table cache."""
    from digital_labor_corpus.store.storage import shipped_store

    shipped_store().clear()
    yield
    shipped_store().clear()
