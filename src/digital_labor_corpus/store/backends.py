"""Turn Arrow tables into the data frame a caller asked for.

pandas frames follow pandas' own ``dtype_backend`` convention (as in ``pandas.read_parquet``):

- ``"numpy_nullable"`` (the default): dates are ``datetime64[ms]``, integers ``Int64``,
  floats ``Float64``, booleans ``boolean``, text ``string``; a null is ``pd.NA`` (``NaT``
  for a date), so an integer column with nulls stays integer; a list column (``topics``)
  holds Python lists.
- ``"pyarrow"``: every column is a ``pd.ArrowDtype`` of the Arrow type (``date32[day]``,
  ``int64``, ``list<string>`` ...); a list cell reads back as a Python list.

Polars frames keep the Arrow types: ``Date``, ``Int64`` with nulls, ``Float64``,
``Boolean``, ``String``, ``List(String)``.

Examples
--------
>>> import pyarrow as pa
>>> table = pa.table({"year": pa.array([2013, None]), "topics": pa.array([["pay"], []])})
>>> frame = to_backend(table, "pandas")
>>> str(frame["year"].dtype), frame["topics"][0]
('Int64', ['pay'])
>>> str(to_backend(table, "pandas", "pyarrow")["year"].dtype)
'int64[pyarrow]'
>>> to_backend(table, "polars").schema["topics"]
List(String)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from digital_labor_corpus.exceptions import InvalidArgumentError, MissingDependencyError, UnknownBackendError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "BACKENDS",
    "DTYPE_BACKENDS",
    "Backend",
    "DtypeBackend",
    "check_backend",
    "need_polars",
    "to_backend",
]

Backend = Literal["pyarrow", "pandas", "polars"]
BACKENDS: tuple[Backend, ...] = ("pyarrow", "pandas", "polars")
DtypeBackend = Literal["numpy_nullable", "pyarrow"]
DTYPE_BACKENDS: tuple[DtypeBackend, ...] = ("numpy_nullable", "pyarrow")


def check_backend(backend: object, dtype_backend: object = None) -> Backend:
    """Return ``backend`` if it is one of :data:`BACKENDS` and ``dtype_backend`` fits it.

    Raises
    ------
    UnknownBackendError
        For a backend other than ``"pyarrow"``, ``"pandas"`` or ``"polars"``.
    InvalidArgumentError
        For a ``dtype_backend`` other than ``"numpy_nullable"`` or ``"pyarrow"``, or one
        given with a backend other than ``"pandas"``.

    Examples
    --------
    >>> check_backend("pandas", "pyarrow")
    'pandas'
    >>> check_backend("polars", "pyarrow")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: dtype_backend='pyarrow' applies to backend='pandas' only, not backend='polars'
    """
    chosen = next((known for known in BACKENDS if backend == known), None)
    if chosen is None:
        message = f"Unknown backend {backend!r}. Accepted backends: {', '.join(BACKENDS)}"
        raise UnknownBackendError(message)
    if dtype_backend is None:
        return chosen
    if not any(dtype_backend == known for known in DTYPE_BACKENDS):
        message = (
            f"Unknown dtype_backend {dtype_backend!r}. Accepted values: {', '.join(DTYPE_BACKENDS)} "
            "(with backend='pandas')"
        )
        raise InvalidArgumentError(message)
    if chosen != "pandas":
        message = f"dtype_backend={dtype_backend!r} applies to backend='pandas' only, not backend={chosen!r}"
        raise InvalidArgumentError(message)
    return chosen


def _pandas(table: pa.Table, dtype_backend: object) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError.needs("backend='pandas'", "pandas>=2.0", "pandas") from None
    import pyarrow as pa

    if dtype_backend == "pyarrow":
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    nullable = {
        pa.string(): pd.StringDtype(),
        pa.large_string(): pd.StringDtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    frame = table.to_pandas(types_mapper=nullable.get, date_as_object=False)
    for index, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            # pyarrow gives NumPy arrays; a list column holds Python lists, as users expect.
            frame[field.name] = pd.Series(table.column(index).to_pylist(), index=frame.index, dtype=object)
    return frame


def need_polars() -> None:
    """Raise :class:`MissingDependencyError` when Polars is not installed."""
    try:
        import polars  # noqa: F401
    except ImportError:
        raise MissingDependencyError.needs("backend='polars'", "polars>=0.20", "polars") from None


def to_backend(table: pa.Table, backend: Backend, dtype_backend: object = None) -> Any:
    """Return ``table`` unchanged, or as a pandas or Polars data frame.

    Parameters
    ----------
    table
        A corpus table.
    backend
        ``"pyarrow"``, ``"pandas"`` or ``"polars"``.
    dtype_backend
        For pandas, ``"numpy_nullable"`` (default) or ``"pyarrow"``: the module
        documentation gives the types of each.

    Raises
    ------
    MissingDependencyError
        When pandas or Polars is not installed.
    """
    check_backend(backend, dtype_backend)
    if backend == "pyarrow":
        return table
    if backend == "pandas":
        return _pandas(table, dtype_backend)
    try:
        import polars
    except ImportError:
        raise MissingDependencyError.needs("backend='polars'", "polars>=0.20", "polars") from None
    return polars.from_arrow(table)
