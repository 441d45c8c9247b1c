"""The filters of a table scan: small predicate objects evaluated with Arrow's kernels.

:class:`In`, :class:`Between`, :class:`HasAny`, :class:`AllOf` and :class:`AnyOf` each
say which columns they read (:meth:`~Predicate.columns`), test a table of those columns
with Arrow compute kernels, never row by row in Python (:meth:`~Predicate.mask`), rule
out a row group from its footer's min/max statistics (:meth:`~Predicate.may_match`), and
narrow themselves to a row group's range (:meth:`~Predicate.narrow`): an :class:`In` of
thousands of ids hashes only the few whose value lies between the group's min and max.
:mod:`.scan` applies them to Parquet files; :mod:`.sources` to tables in memory.
"""

from __future__ import annotations

import array
import bisect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["AllOf", "AnyOf", "Between", "HasAny", "In", "Predicate", "Stats", "all_of", "constrains"]

# Column statistics of one row group: column -> (min, max), or None where unknown.
Stats = dict[str, tuple[Any, Any] | None]


class Predicate(Protocol):
    """A filter on the rows of one table."""

    def columns(self) -> set[str]:
        """The columns the filter reads."""
        ...

    def mask(self, table: pa.Table) -> pa.Array:
        """A boolean array, true for the rows that pass (never null)."""
        ...

    def may_match(self, stats: Stats) -> bool:
        """False only when no row of a row group with these statistics can pass."""
        ...

    def narrow(self, stats: Stats) -> Predicate:
        """The same filter for a row group with these statistics (cheaper where it can be)."""
        ...


class _Plain:
    """Equality, hashing and a repr from ``__slots__``: predicates are small values."""

    __slots__: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__ if name != "ordered")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Plain) and type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *map(repr, self._key())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name != "ordered")
        return f"{type(self).__name__}({fields})"


def _no_nulls(mask: Any) -> Any:
    import pyarrow.compute as pc

    from digital_labor_corpus.queries.compute import scalar

    return pc.fill_null(mask, scalar(False))


class In(_Plain):
    """The column's value is one of ``values`` (an Arrow array of the column's type).

    The values are kept sorted and unique, so that a row group's min and max (from the
    file's footer) pick out the few values that can occur in it by binary search: a row
    group is ruled out without a scan of the values, and a large set (thousands of ids)
    is hashed only in the slice that falls in the row group's range (:meth:`narrow`).
    """

    __slots__ = ("column", "ordered", "values")

    def __init__(self, column: str, values: Any, *, ordered: Any = None) -> None:
        self.column = column
        self.values = values
        if ordered is None:
            import pyarrow.compute as pc

            unique = pc.unique(values.drop_null() if hasattr(values, "drop_null") else values)
            ordered = unique.take(pc.sort_indices(unique))
        self.ordered = ordered

    def columns(self) -> set[str]:
        return {self.column}

    def _within(self, low: Any, high: Any) -> Any:
        """The sorted values between ``low`` and ``high`` inclusive (Python values)."""
        start = bisect.bisect_left(self.ordered, low, key=_as_py)
        stop = bisect.bisect_right(self.ordered, high, key=_as_py)
        return self.ordered.slice(start, max(0, stop - start))

    def mask(self, table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        column = table.column(self.column)
        values = self.ordered
        if pa.types.is_dictionary(column.type):
            return _no_nulls(_per_dictionary(column, lambda words: pc.is_in(words, value_set=values)))
        return _no_nulls(pc.is_in(column, value_set=values))

    def may_match(self, stats: Stats) -> bool:
        bounds = stats.get(self.column)
        if bounds is None:
            return True
        return len(self._within(*bounds)) > 0

    def narrow(self, stats: Stats) -> Predicate:
        bounds = stats.get(self.column)
        if bounds is None or len(self.ordered) <= _SMALL_SET:
            return self
        within = self._within(*bounds)
        return self if len(within) == len(self.ordered) else In(self.column, within, ordered=within)


# Up to this many values, narrowing an In to a row group's range is not worth its search.
_SMALL_SET = 16


def _as_py(value: Any) -> Any:
    """An Arrow scalar's Python value: the key by which :mod:`bisect` searches an Arrow array."""
    return value.as_py()


class Between(_Plain):
    """``low <= column <= high``; either bound may be None (open)."""

    __slots__ = ("column", "high", "low")

    def __init__(self, column: str, low: Any, high: Any) -> None:
        self.column = column
        self.low = low
        self.high = high

    def columns(self) -> set[str]:
        return {self.column}

    def mask(self, table: pa.Table) -> pa.Array:
        import pyarrow.compute as pc

        from digital_labor_corpus.queries.compute import scalar

        column = table.column(self.column)
        result = pc.is_valid(column)
        if self.low is not None:
            result = pc.and_(result, pc.greater_equal(column, scalar(self.low)))
        if self.high is not None:
            result = pc.and_(result, pc.less_equal(column, scalar(self.high)))
        return _no_nulls(result)

    def may_match(self, stats: Stats) -> bool:
        bounds = stats.get(self.column)
        if bounds is None:
            return True
        minimum, maximum = bounds
        if self.low is not None and maximum < self.low:
            return False
        return not (self.high is not None and minimum > self.high)

    def narrow(self, stats: Stats) -> Predicate:
        del stats
        return self


class HasAny(_Plain):
    """The list column holds at least one of ``values``."""

    __slots__ = ("column", "values")

    def __init__(self, column: str, values: Any) -> None:
        self.column = column
        self.values = values

    def columns(self) -> set[str]:
        return {self.column}

    def mask(self, table: pa.Table) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        lists = table.column(self.column)
        hit = pc.is_in(pc.list_flatten(lists), value_set=self.values)
        rows = pc.filter(pc.list_parent_indices(lists), hit)
        from digital_labor_corpus.schema.arrow import owned_buffer

        positions = pa.Array.from_buffers(
            pa.int64(), len(lists), [None, owned_buffer(array.array("q", range(len(lists))).tobytes())]
        )
        return pc.is_in(positions, value_set=pc.unique(rows))

    def may_match(self, stats: Stats) -> bool:
        del stats  # Parquet keeps no statistics of list elements
        return True

    def narrow(self, stats: Stats) -> Predicate:
        del stats
        return self


class AllOf(_Plain):
    """Every one of ``parts`` passes."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Predicate, ...]) -> None:
        self.parts = parts

    def columns(self) -> set[str]:
        return set().union(*(part.columns() for part in self.parts))

    def mask(self, table: pa.Table) -> pa.Array:
        import pyarrow.compute as pc

        result = self.parts[0].mask(table)
        for part in self.parts[1:]:
            if not pc.any(result).as_py():
                break
            result = pc.and_(result, part.mask(table))
        return result

    def may_match(self, stats: Stats) -> bool:
        return all(part.may_match(stats) for part in self.parts)

    def narrow(self, stats: Stats) -> Predicate:
        return AllOf(tuple(part.narrow(stats) for part in self.parts))


class AnyOf(_Plain):
    """At least one of ``parts`` passes."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Predicate, ...]) -> None:
        self.parts = parts

    def columns(self) -> set[str]:
        return set().union(*(part.columns() for part in self.parts))

    def mask(self, table: pa.Table) -> pa.Array:
        import pyarrow.compute as pc

        result = self.parts[0].mask(table)
        for part in self.parts[1:]:
            result = pc.or_(result, part.mask(table))
        return result

    def may_match(self, stats: Stats) -> bool:
        return any(part.may_match(stats) for part in self.parts)

    def narrow(self, stats: Stats) -> Predicate:
        return AnyOf(tuple(part.narrow(stats) for part in self.parts))


def all_of(parts: Iterable[Predicate | None]) -> Predicate | None:
    """The conjunction of the parts that are not None (None when there is none)."""
    kept = tuple(part for part in parts if part is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else AllOf(kept)


def constrains(where: Predicate | None, column: str) -> bool:
    """Whether every row ``where`` keeps must match an ``In`` test of ``column`` (at its top level).

    Examples
    --------
    >>> constrains(In("speaker_id", ["a"]), "speaker_id")
    True
    >>> constrains(AllOf((Between("date", None, None), In("speaker_id", ["a"]))), "speaker_id")
    True
    >>> constrains(In("kind", ["question"]), "speaker_id")
    False
    """
    if isinstance(where, In):
        return where.column == column
    if isinstance(where, AllOf):
        return any(constrains(part, column) for part in where.parts)
    return False


def _per_dictionary(column: Any, test: Callable[[Any], Any]) -> Any:
    """``test`` of a dictionary-encoded column, run on each chunk's few distinct values only.

    Arrow's kernels decode a dictionary column before testing it (``is_in`` on 65,536
    encoded roles costs as much as on 65,536 strings); testing the dictionary and taking the
    answers by index costs next to nothing.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = column.chunks if hasattr(column, "chunks") else [column]
    answers = [pc.take(test(chunk.dictionary), chunk.indices) for chunk in chunks]
    return pa.chunked_array(answers, type=pa.bool_())
