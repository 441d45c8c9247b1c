"""Turn Arrow tables into the data frame a caller asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from digital_labor_corpus.exceptions import MissingDependencyError, UnknownBackendError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["BACKENDS", "Backend", "check_backend", "to_backend"]

Backend = Literal["pyarrow", "pandas", "polars"]
BACKENDS: tuple[Backend, ...] = ("pyarrow", "pandas", "polars")


def check_backend(backend: object) -> Backend:
    """Return ``backend`` if it is one of :data:`BACKENDS`, else raise :class:`UnknownBackendError`."""
    for known in BACKENDS:
        if backend == known:
            return known
    message = f"Unknown backend {backend!r}. Accepted backends: {', '.join(BACKENDS)}"
    raise UnknownBackendError(message)


def to_backend(table: pa.Table, backend: Backend) -> Any:
    """Return ``table`` unchanged, or as a pandas or Polars data frame."""
    if backend == "pyarrow":
        return table
    if backend == "pandas":
        try:
            import pandas  # noqa: F401
        except ImportError:
            message = "backend='pandas' needs pandas: pip install 'digital-labor-corpus[pandas]'"
            raise MissingDependencyError(message) from None
        return table.to_pandas()
    try:
        import polars
    except ImportError:
        message = "backend='polars' needs Polars: pip install 'digital-labor-corpus[polars]'"
        raise MissingDependencyError(message) from None
    return polars.from_arrow(table)
