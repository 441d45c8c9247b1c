"""Record-level differences between two dataset versions.

Records are matched by primary key, table by table: a record is *added*, *removed* or
*changed* (with each changed column's old and new value). Columns added, removed or
retyped between the versions are reported too.

Examples
--------
>>> from digital_labor_corpus import diff
>>> d = diff("1.0.0", "1.0.0")
>>> d.is_empty
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import spec_for
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.storage import Store, shipped_store

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ColumnChange", "CorpusDiff", "RecordChange", "TableDiff", "diff"]


@attrs.frozen
class ColumnChange:
    """One changed value of a record: the column, its old and its new value."""

    column: str
    old: Any
    new: Any


@attrs.frozen
class RecordChange:
    """A record present in both versions whose values differ."""

    key: str
    changes: tuple[ColumnChange, ...]


@attrs.frozen
class TableDiff:
    """What changed in one table."""

    table: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    columns_retyped: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the table is the same in both versions."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.columns_added
            or self.columns_removed
            or self.columns_retyped
        )


@attrs.frozen
class CorpusDiff:
    """Differences between two versions, table by table."""

    old: str
    new: str
    tables: dict[str, TableDiff]

    @property
    def is_empty(self) -> bool:
        """True when no table differs.

        Examples
        --------
        >>> from digital_labor_corpus import diff
        >>> diff("1.0.0", "1.0.0").is_empty
        True
        """
        return all(t.is_empty for t in self.tables.values())

    def summary(self) -> list[str]:
        """One line per table: counts of records added, removed and changed.

        Examples
        --------
        >>> from digital_labor_corpus import diff
        >>> diff("1.0.0", "1.0.0").summary()[:2]
        ['1.0.0 -> 1.0.0', '  appearances     +0 -0 ~0']
        """
        lines = [f"{self.old} -> {self.new}"]
        for name, table in self.tables.items():
            columns = ""
            if table.columns_added or table.columns_removed or table.columns_retyped:
                columns = (
                    f"; columns +{len(table.columns_added)} -{len(table.columns_removed)} "
                    f"~{len(table.columns_retyped)}"
                )
            lines.append(
                f"  {name:<15} +{len(table.added)} -{len(table.removed)} ~{len(table.changed)}{columns}"
            )
        return lines

    def report(self) -> list[str]:
        """The summary, then every added, removed and changed record with its values.

        Examples
        --------
        >>> from digital_labor_corpus import diff
        >>> same = diff("1.0.0", "1.0.0")
        >>> same.report() == same.summary()  # nothing changed: no record lines
        True
        """
        lines = self.summary()
        for name, table in self.tables.items():
            if table.is_empty:
                continue
            lines.append("")
            lines.append(f"{name}:")
            lines.extend(f"  column added: {c}" for c in table.columns_added)
            lines.extend(f"  column removed: {c}" for c in table.columns_removed)
            lines.extend(f"  column retyped: {c} {a} -> {b}" for c, a, b in table.columns_retyped)
            lines.extend(f"  + {key}" for key in table.added)
            lines.extend(f"  - {key}" for key in table.removed)
            for change in table.changed:
                lines.append(f"  ~ {change.key}")
                lines.extend(f"      {c.column}: {c.old!r} -> {c.new!r}" for c in change.changes)
        return lines


def _open(version: str | Path) -> tuple[Store, str, str]:
    """Return the store, the version and a label for a version string or a version directory."""
    if isinstance(version, Path) or (isinstance(version, str) and ("/" in version or "\\" in version)):
        path = Path(version)
        if not (path / "manifest.json").is_file():
            message = f"{path} is not a dataset version directory: it has no manifest.json"
            raise InvalidArgumentError(message)
        return Store(path.parent, str(path.parent)), path.name, str(path)
    if not isinstance(version, str):
        message = f"A version must be a version string or a directory path, not {version!r}"
        raise InvalidArgumentError(message)
    store = shipped_store()
    resolved = store.resolve(version)
    return store, resolved, resolved


def _table_diff(name: str, old: pa.Table, new: pa.Table) -> TableDiff:
    key = spec_for(name).primary_key
    old_types = {f.name: str(f.type) for f in old.schema}
    new_types = {f.name: str(f.type) for f in new.schema}
    added_columns = tuple(c for c in new_types if c not in old_types)
    removed_columns = tuple(c for c in old_types if c not in new_types)
    retyped = tuple(
        (c, old_types[c], new_types[c]) for c in old_types if c in new_types and old_types[c] != new_types[c]
    )
    shared = [c for c in old_types if c in new_types and old_types[c] == new_types[c] and c != key]
    old_rows = {row[key]: row for row in old.to_pylist()}
    new_rows = {row[key]: row for row in new.to_pylist()}
    changed = []
    for record_key in sorted(old_rows.keys() & new_rows.keys()):
        before, after = old_rows[record_key], new_rows[record_key]
        changes = tuple(ColumnChange(c, before[c], after[c]) for c in shared if before[c] != after[c])
        if changes:
            changed.append(RecordChange(str(record_key), changes))
    return TableDiff(
        table=name,
        added=tuple(sorted(str(k) for k in new_rows.keys() - old_rows.keys())),
        removed=tuple(sorted(str(k) for k in old_rows.keys() - new_rows.keys())),
        changed=tuple(changed),
        columns_added=added_columns,
        columns_removed=removed_columns,
        columns_retyped=retyped,
    )


@checked
def diff(old: str | Path, new: str | Path) -> CorpusDiff:
    """Compare two dataset versions record by record.

    Parameters
    ----------
    old, new
        A shipped version string (``"1.0.0"``) or the path of a version directory (one
        holding a ``manifest.json``), such as a version you built yourself.

    Returns
    -------
    CorpusDiff
        Per table, the keys added and removed, and the changed records with their changed
        columns' old and new values; ``summary()`` and ``report()`` format it.

    Examples
    --------
    >>> print(diff("1.0.0", "1.0.0").summary()[1])
      appearances     +0 -0 ~0
    """
    old_store, old_version, old_label = _open(old)
    new_store, new_version, new_label = _open(new)
    tables = {
        name: _table_diff(name, old_store.table(name, old_version), new_store.table(name, new_version))
        for name in TABLES
    }
    return CorpusDiff(old_label, new_label, tables)
