"""Every docstring example of the installed package runs and gives what it shows.

The examples are collected from the package as Python imports it (the installed wheel in
CI, the source tree in an editable install), not from files under ``src/``: pytest's own
``--doctest-modules`` on ``src/`` would import a second copy of the package beside the
installed one.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import digital_labor_corpus

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
MODULES = [
    "digital_labor_corpus",
    *sorted(
        info.name
        for info in pkgutil.walk_packages(digital_labor_corpus.__path__, "digital_labor_corpus.")
        if not info.name.endswith("__main__")
    ),
]


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [test for test in doctest.DocTestFinder().find(module, name) if test.examples]


def test_modules_are_found() -> None:
    """The walk finds the public modules, so an empty walk cannot pass silently."""
    assert {
        "digital_labor_corpus.store.loading",
        "digital_labor_corpus.queries.corpus",
        "digital_labor_corpus.publishing.exporting",
    } <= set(MODULES)


def test_public_functions_have_examples() -> None:
    """The loaders, the Corpus API and validation carry runnable examples."""
    for name in (
        "digital_labor_corpus.store.loading",
        "digital_labor_corpus.queries.corpus",
        "digital_labor_corpus.checks.validation",
    ):
        assert _examples(name), name


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Each module's examples pass, with the flags the docs are written for."""
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    for test in _examples(name):
        runner.run(test, out=report.write)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, report.getvalue()
