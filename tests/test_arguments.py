"""Every parameter of the public API, fed hostile values, answers with a CorpusError or a result.

The public functions and the :class:`Corpus` helpers are enumerated with :mod:`inspect`,
so that a new function or parameter is fed too without anyone adding it here. Each
parameter in turn gets hostile values (wrong types, unhashables, lone surrogates, NUL,
huge integers and strings, NaN, empties, duplicates, nested lists) while the others keep
valid values; the only exceptions allowed out are :class:`CorpusError` subclasses, and
each call must take under a second of CPU on the shipped corpus.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc

VERSION = dlc.versions()[-1]
SHIPPED_DIR = Path(dlc.paths()["quotes"]).parent
CPU_SECONDS = 1.0

# The public functions (every callable of dlc.__all__ that is not a class) and the helpers
# of Corpus, found by inspection.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: getattr(dlc, name)
    for name in dlc.__all__
    if inspect.isfunction(getattr(dlc, name)) and not name.startswith("_")
}
HELPERS = sorted(
    name
    for name, member in inspect.getmembers(dlc.Corpus[pa.Table], inspect.isfunction)
    if not name.startswith("_")
)


def _parameters(function: Callable[..., Any], skip_self: bool) -> list[str]:
    names = list(inspect.signature(function).parameters)
    return names[1:] if skip_self else names


CASES = [
    (name, parameter) for name, function in FUNCTIONS.items() for parameter in _parameters(function, False)
]
CASES += [
    (f"Corpus.{name}", parameter)
    for name in HELPERS
    for parameter in _parameters(getattr(dlc.Corpus[pa.Table], name), True)
]

# Hostile values every parameter gets (on top of the drawn ones).
HOSTILE: list[object] = [
    None,
    0,
    -1,
    True,
    3.5,
    math.nan,
    math.inf,
    10**30,
    -(10**30),
    "",
    " ",
    "\x00",
    "a\x00b",
    "\udcff",
    "quo\ud800tes",
    "x" * 20_000,
    "a-" * 10_000,
    "é" * 5000,
    "../../etc/passwd",
    "*",
    "'; DROP TABLE quotes; --",
    b"quotes",
    bytearray(b"x"),
    [],
    [[]],
    [None],
    ["quote_id", "quote_id"],
    [["quote_id"]],
    ["\udcff"],
    [10**30],
    [math.nan],
    (),
    {},
    {"quotes": 1},
    {1, 2},
    frozenset({"quotes"}),
    object(),
    dt.datetime(2020, 1, 1),
    dt.date.max,
    Path("\x00"),
    Path("/" + "a" * 5000),
    Path("a" * 300),
    print,
    [{"a": 1}],
]

hostile_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=50),
    st.integers(),
    st.floats(),
    st.binary(max_size=10),
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.tuples(st.text(max_size=5)),
)


@pytest.fixture(scope="module")
def corpus() -> dlc.Corpus[pa.Table]:
    return dlc.open()


def _valid(tmp: Path, corpus: dlc.Corpus[pa.Table]) -> dict[tuple[str, str], object]:
    """Valid values for the parameters that have no default (and cheap ones for export)."""
    quote_id = corpus.table("quotes", columns=["quote_id"]).column(0)[0].as_py()
    out = tmp / "out"
    return {
        ("load", "name"): "quotes",
        ("records", "name"): "topics",
        ("diff", "old"): "1.0.0",
        ("diff", "new"): VERSION,
        ("export", "out_dir"): out,
        ("export", "format"): "jsonl",
        ("export", "tables"): ["topics"],
        ("export_tables", "tables"): {"topics": dlc.load("topics")},
        ("export_tables", "out_dir"): out,
        ("export_tables", "format"): "csv",
        ("open_path", "directory"): SHIPPED_DIR,
        ("Corpus.table", "name"): "topics",
        ("Corpus.mentions", "place"): "MG",
        ("Corpus.search", "text"): "clic",
        ("Corpus.context", "record_id"): quote_id,
        ("Corpus.cite", "record_id"): quote_id,
    }


def _target(name: str, corpus: dlc.Corpus[pa.Table]) -> Callable[..., Any]:
    if name.startswith("Corpus."):
        return getattr(corpus, name.removeprefix("Corpus."))  # type: ignore[no-any-return]
    return FUNCTIONS[name]


def _call(name: str, parameter: str, value: object, corpus: dlc.Corpus[pa.Table], tmp: Path) -> None:
    """Call ``name`` with ``parameter=value`` and valid values elsewhere; check what comes out."""
    function = _target(name, corpus)
    valid = _valid(tmp, corpus)
    arguments: dict[str, object] = {}
    positional: list[object] = []
    for other, spec in inspect.signature(function).parameters.items():
        given_value = value if other == parameter else valid.get((name, other), spec.default)
        if given_value is inspect.Parameter.empty:
            raise AssertionError(f"no valid value for {name}({other}=...): add one to _valid()")
        if spec.kind is inspect.Parameter.KEYWORD_ONLY:
            arguments[other] = given_value
        else:
            positional.append(given_value)
    started = time.process_time()
    message = "no error"
    try:
        result = function(*positional, **arguments)
        if hasattr(result, "close") and name == "Corpus.duckdb":
            result.close()
    except dlc.CorpusError as error:
        message = str(error)
    except BaseException as error:
        raise AssertionError(
            f"{name}({parameter}={value!r:.80}) raised {type(error).__name__}: {error!s:.300}"
        ) from error
    spent = time.process_time() - started
    assert message, f"{name}({parameter}={value!r:.60}) raised a CorpusError without a message"
    assert spent < CPU_SECONDS, f"{name}({parameter}={value!r:.60}) took {spent:.2f} s of CPU"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch working directory: a hostile relative out_dir lands there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_function_is_enumerated() -> None:
    """The enumeration finds the loaders, export, open_path and every Corpus helper."""
    assert {"load", "load_quotes", "export", "export_tables", "open_path", "diff", "records"} <= set(
        FUNCTIONS
    )
    assert {"quotes", "statistics", "search", "context", "cite", "table", "timeline"} <= set(HELPERS)
    assert ("Corpus.quotes", "contains") in CASES
    assert len(CASES) >= 60


@pytest.mark.parametrize(("name", "parameter"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_hostile_values(name: str, parameter: str, corpus: dlc.Corpus[pa.Table], workdir: Path) -> None:
    """The fixed hostile values: only CorpusError subclasses (or a result), each under 1 s of CPU."""
    for value in HOSTILE:
        _call(name, parameter, value, corpus, workdir)


@pytest.mark.parametrize(("name", "parameter"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(value=hostile_values)
def test_drawn_values(
    name: str, parameter: str, value: object, corpus: dlc.Corpus[pa.Table], workdir: Path
) -> None:
    """Drawn values of every type: the same rule."""
    _call(name, parameter, value, corpus, workdir)


def test_context_of_long_id_is_fast(corpus: dlc.Corpus[pa.Table]) -> None:
    """``context("a-" * 10000)`` (25 s in 1.0.1) is refused at once."""
    started = time.process_time()
    with pytest.raises(dlc.CorpusError):
        corpus.context("a-" * 10_000)
    assert time.process_time() - started < CPU_SECONDS


def test_duplicate_and_nested_columns(corpus: dlc.Corpus[pa.Table]) -> None:
    """Duplicate or nested column names are refused in every loader, never duplicated."""
    for call in (
        lambda c: dlc.load("quotes", columns=c),
        lambda c: dlc.load("quotes", columns=c, backend="polars"),
        lambda c: corpus.table("quotes", columns=c),
    ):
        with pytest.raises(dlc.InvalidArgumentError, match="more than once"):
            call(["quote_id", "quote_id"])
        with pytest.raises(dlc.CorpusError):
            call([["quote_id"]])


def test_open_path_of_over_long_path() -> None:
    """An over-long path is an InvalidArgumentError, not an OSError."""
    with pytest.raises(dlc.InvalidArgumentError, match="too long"):
        dlc.open_path("/" + "a" * 5000)
    with pytest.raises(dlc.InvalidArgumentError, match="too long"):
        dlc.open_path(os.path.join("x", "b" * 300))


def test_export_out_dir_none(tmp_path: Path) -> None:
    """``export(out_dir=None)`` names the argument."""
    with pytest.raises(dlc.InvalidArgumentError, match="out_dir"):
        dlc.export(None, "csv")  # type: ignore[arg-type]


def test_every_entry_point_goes_through_the_layer() -> None:
    """Every public function and helper with parameters is wrapped by ``checked`` (directly or via load)."""
    unwrapped = [
        name
        for name, function in FUNCTIONS.items()
        if _parameters(function, False)
        and not hasattr(function, "__wrapped__")
        and not name.startswith("load_")
    ]
    unwrapped += [
        f"Corpus.{name}"
        for name in HELPERS
        if _parameters(getattr(dlc.Corpus[pa.Table], name), True)
        and not hasattr(getattr(dlc.Corpus[pa.Table], name), "__wrapped__")
    ]
    assert unwrapped == []


def test_a_parameter_without_a_check_is_refused_at_import() -> None:
    """A new parameter that CHECKS does not know cannot be wrapped: the module would not import."""
    from digital_labor_corpus.schema.arguments import checked

    def helper(shoe_size: int = 42) -> int:
        return shoe_size

    with pytest.raises(TypeError, match="no argument check for shoe_size"):
        checked(helper)


def _samples() -> list[Any]:
    def plain(a: int, b: int = 1) -> None: ...
    def keywords(a: int, *, b: int, c: int = 2) -> None: ...
    def both(a: int, /, b: int, *rest: int, c: int, **more: int) -> None:
        local = 1
        del local

    def only_rest(*rest: int) -> None: ...

    wrapped = [
        getattr(dlc.Corpus[pa.Table], name).__wrapped__
        for name in HELPERS
        if hasattr(getattr(dlc.Corpus[pa.Table], name), "__wrapped__")
    ]
    return [plain, keywords, both, only_rest, inspect.unwrap(dlc.load), *wrapped]


@pytest.mark.parametrize("function", _samples(), ids=lambda f: f.__qualname__)
def test_parameter_names_as_inspect_lists_them(function: Any) -> None:
    """The names read from the code object are the signature's parameters (in another order
    where keyword-only parameters follow ``*args``)."""
    import inspect

    from digital_labor_corpus.schema.arguments import _parameter_names

    assert sorted(_parameter_names(function)) == sorted(inspect.signature(function).parameters)
