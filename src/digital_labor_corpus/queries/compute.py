"""Build small Arrow arrays from Python values without importing pandas.

``pyarrow.array`` and ``pyarrow.scalar`` check whether their input is a pandas object,
which imports pandas (about half a second in a fresh process) as soon as numpy is
installed. The query helpers only turn a handful of Python values into Arrow (the ids
a user asked for, a date bound, the snippets of a page of search hits), so they build
those arrays from raw buffers here and never pay for pandas.

Examples
--------
>>> strings(["a", None, "ç"]).to_pylist()
['a', None, 'ç']
>>> import datetime as dt
>>> dates([dt.date(2020, 1, 31)]).to_pylist()
[datetime.date(2020, 1, 31)]
"""

from __future__ import annotations

import array
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["bools", "dates", "empty_table", "flat", "floats", "ints", "scalar", "strings", "table"]

_EPOCH = dt.date(1970, 1, 1)


def _owned(data: bytes) -> pa.Buffer:
    """``data`` copied into memory Arrow owns (see :func:`~digital_labor_corpus.schema.arrow.owned_buffer`)."""
    from digital_labor_corpus.schema.arrow import owned_buffer

    return owned_buffer(data)


def _validity(values: Sequence[object]) -> tuple[Any, int]:
    """The validity bitmap of ``values`` (None where every value is present) and the null count."""
    if None not in values:  # one C-level pass in the common case
        return None, 0
    nulls = sum(value is None for value in values)
    bits = bytearray((len(values) + 7) // 8)
    for index, value in enumerate(values):
        if value is not None:
            bits[index >> 3] |= 1 << (index & 7)
    return _owned(bytes(bits)), nulls


def strings(values: Sequence[str | None]) -> pa.Array:
    """A ``string`` array of ``values`` (None is null)."""
    import pyarrow as pa

    validity, nulls = _validity(values)
    offsets = array.array("q", [0])
    joined = None if nulls else "".join(values)  # type: ignore[arg-type]  # no None: checked
    if joined is not None and joined.isascii():  # ids and codes: a character is a byte, no loop
        offsets.extend(itertools.accumulate(map(len, values)))  # type: ignore[arg-type]
        data = joined.encode("ascii")
    else:
        encoded = [b"" if value is None else value.encode("utf-8") for value in values]
        offsets.extend(itertools.accumulate(map(len, encoded)))
        data = b"".join(encoded)
    buffers = [validity, _owned(offsets.tobytes()), _owned(data)]
    large = pa.Array.from_buffers(pa.large_string(), len(values), buffers, null_count=nulls)
    return large.cast(pa.string())


def _fixed(values: Sequence[Any], code: str, arrow_type: pa.DataType, fill: Any) -> pa.Array:
    import pyarrow as pa

    data = array.array(code, [fill if value is None else value for value in values])
    validity, nulls = _validity(values)
    return pa.Array.from_buffers(
        arrow_type, len(values), [validity, _owned(data.tobytes())], null_count=nulls
    )


def ints(values: Sequence[int | None]) -> pa.Array:
    """An ``int64`` array of ``values`` (None is null)."""
    import pyarrow as pa

    return _fixed(values, "q", pa.int64(), 0)


def floats(values: Sequence[float | None]) -> pa.Array:
    """A ``float64`` array of ``values`` (None is null)."""
    import pyarrow as pa

    return _fixed(values, "d", pa.float64(), 0.0)


def dates(values: Sequence[dt.date | None]) -> pa.Array:
    """A ``date32`` array of ``values`` (None is null)."""
    import pyarrow as pa

    days = [None if value is None else (value - _EPOCH).days for value in values]
    return _fixed(days, "i", pa.date32(), 0)


def bools(values: Sequence[bool | None]) -> pa.Array:
    """A ``bool`` array of ``values`` (None is null)."""
    import pyarrow as pa

    bits = bytearray((len(values) + 7) // 8)
    for index, value in enumerate(values):
        if value:
            bits[index >> 3] |= 1 << (index & 7)
    validity, nulls = _validity(values)
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, _owned(bytes(bits))], null_count=nulls)


def scalar(value: str | int | float | bool | dt.date) -> pa.Scalar:
    """An Arrow scalar of one Python value, typed like :func:`strings`, :func:`ints` ..."""
    if isinstance(value, bool):
        return bools([value])[0]
    if isinstance(value, str):
        return strings([value])[0]
    if isinstance(value, int):
        return ints([value])[0]
    if isinstance(value, float):
        return floats([value])[0]
    return dates([value])[0]


def flat(values: Any) -> pa.Array:
    """``values`` as one Arrow array (a chunked array's chunks put together)."""
    return values.combine_chunks() if hasattr(values, "combine_chunks") else values


def table(columns: dict[str, Any]) -> pa.Table:
    """A table of named Arrow arrays or chunked arrays, in order."""
    import pyarrow as pa

    return pa.Table.from_arrays(list(columns.values()), names=list(columns))


def empty_table(schema: pa.Schema) -> pa.Table:
    """A table with no rows and the given schema (``Schema.empty_table`` imports pandas)."""
    import pyarrow as pa

    return pa.Table.from_batches([], schema=schema)
