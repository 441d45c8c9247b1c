"""Record-level differences between two dataset versions.

Records are matched by primary key, table by table: a record is *added*, *removed* or
*changed* (with each changed column's old and new value). Tables and columns added,
removed or retyped between the versions are reported too, and so are the values added to
or removed from a controlled vocabulary (read from each version's ``datapackage.json``).

:meth:`CorpusDiff.classify` names the release the differences make by the CHANGELOG's
versioning policy: ``major``, ``minor``, ``patch`` or ``none``.

Examples
--------
>>> from digital_labor_corpus import diff
>>> d = diff("1.0.0", "1.0.0")
>>> d.is_empty
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from digital_labor_corpus.checks.evolution import IDENTITY
from digital_labor_corpus.exceptions import CorpusIntegrityError, InvalidArgumentError
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import spec_for
from digital_labor_corpus.schema.columns import version_tuple
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.schema.vocabularies import VOCABULARIES
from digital_labor_corpus.store.storage import Store, shipped_store

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "Classification",
    "ColumnChange",
    "CorpusDiff",
    "Level",
    "RecordChange",
    "TableDiff",
    "Vocabularies",
    "diff",
    "diff_tables",
    "next_version",
    "shipped_vocabularies",
    "store_vocabularies",
    "version_level",
    "vocabularies_of",
]

Level = Literal["none", "patch", "minor", "major"]
Vocabularies = dict[str, frozenset[str]]
"""Closed vocabularies of a version: ``"table.column"`` to the values accepted."""

_LEVELS: Final[tuple[Level, ...]] = ("none", "patch", "minor", "major")
META_TABLES: Final[frozenset[str]] = frozenset({"errata"})
"""Tables that describe a release rather than the source: their rows never classify it."""


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
    presence: Literal["both", "added", "removed", "neither"] = "both"

    @property
    def is_empty(self) -> bool:
        """True when the table is the same in both versions."""
        return self.presence in ("both", "neither") and not (
            self.added
            or self.removed
            or self.changed
            or self.columns_added
            or self.columns_removed
            or self.columns_retyped
        )


@attrs.frozen
class Classification:
    """The release a diff makes by the versioning policy, and each change that decided it."""

    level: Level
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return self.level + "".join(f"\n  {r}" for r in self.reasons)


@attrs.frozen
class CorpusDiff:
    """Differences between two versions, table by table, and in their vocabularies."""

    old: str
    new: str
    tables: dict[str, TableDiff]
    vocabulary_added: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    vocabulary_removed: dict[str, tuple[str, ...]] = attrs.field(factory=dict)

    def classify(self) -> Classification:
        """Name the release these differences make, by the CHANGELOG's versioning policy.

        * **major**: a table or column removed, a column retyped, a vocabulary value removed,
          or a released key that now names another record (a value of its table's identity
          columns changed, see :data:`~digital_labor_corpus.checks.evolution.IDENTITY`);
        * **minor**: otherwise, a table, column, vocabulary value, topic or source added;
        * **patch**: otherwise, records corrected, missed records added (records of sources
          already released) or wrong records withdrawn;
        * **none**: nothing differs.

        The rows of the ``errata`` table describe the release itself and never classify it;
        the table's first appearance is a minor change like any added table.

        Examples
        --------
        >>> from digital_labor_corpus import diff
        >>> diff("1.0.0", "1.0.1").classify().level
        'patch'
        """
        found: dict[Level, list[str]] = {"major": [], "minor": [], "patch": []}
        for name, table in self.tables.items():
            if table.presence == "removed":
                found["major"].append(f"table {name} removed")
                continue
            if table.presence == "added":
                found["minor"].append(f"table {name} added")
                continue
            found["major"].extend(f"column {name}.{c} removed" for c in table.columns_removed)
            found["major"].extend(
                f"column {name}.{c} retyped {a} -> {b}" for c, a, b in table.columns_retyped
            )
            found["minor"].extend(f"column {name}.{c} added" for c in table.columns_added)
            if name in META_TABLES:
                continue
            identity = set(IDENTITY.get(name, ())) - {spec_for(name).primary_key}
            for change in table.changed:
                moved = [c.column for c in change.changes if c.column in identity]
                if moved:
                    found["major"].append(
                        f"{name} {change.key} now names another record ({', '.join(moved)})"
                    )
                else:
                    found["patch"].append(f"{name} {change.key} corrected")
            if name == "topics":
                found["major"].extend(f"topic {k} removed from the vocabulary" for k in table.removed)
                found["minor"].extend(f"topic {k} added to the vocabulary" for k in table.added)
                continue
            if name == "sources":
                found["minor"].extend(f"source {k} added" for k in table.added)
            else:
                found["patch"].extend(f"{name} {k} added (a missed record)" for k in table.added)
            found["patch"].extend(f"{name} {k} withdrawn" for k in table.removed)
        for column, values in self.vocabulary_removed.items():
            found["major"].extend(f"vocabulary value {column} {v!r} removed" for v in values)
        for column, values in self.vocabulary_added.items():
            found["minor"].extend(f"vocabulary value {column} {v!r} added" for v in values)
        levels: tuple[Level, ...] = ("major", "minor", "patch")
        for level in levels:
            if found[level]:
                return Classification(level, tuple(found[level]))
        return Classification("none", ())

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
            if table.presence != "both":
                columns += f"; table {table.presence}"
            lines.append(
                f"  {name:<15} +{len(table.added)} -{len(table.removed)} ~{len(table.changed)}{columns}"
            )
        for column, values in self.vocabulary_added.items():
            lines.append(f"  vocabulary {column}: added {', '.join(values)}")
        for column, values in self.vocabulary_removed.items():
            lines.append(f"  vocabulary {column}: removed {', '.join(values)}")
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


def _table_diff(name: str, old: pa.Table | None, new: pa.Table | None) -> TableDiff:
    if old is None or new is None:
        present = new if old is None else old
        keys: tuple[str, ...] = ()
        if present is not None:
            keys = tuple(sorted(str(k) for k in present.column(spec_for(name).primary_key).to_pylist()))
        if old is None and new is None:
            return TableDiff(table=name, presence="neither")
        if old is None:
            return TableDiff(table=name, added=keys, presence="added")
        return TableDiff(table=name, removed=keys, presence="removed")
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


def vocabularies_of(datapackage: Mapping[str, Any]) -> Vocabularies:
    """The closed vocabularies a ``datapackage.json`` declares, as ``"table.column"`` to values.

    Examples
    --------
    >>> package = {"resources": [{"name": "quotes", "schema": {"fields": [
    ...     {"name": "kind", "constraints": {"enum": ["question", "answer"]}}]}}]}
    >>> {column: sorted(values) for column, values in vocabularies_of(package).items()}
    {'quotes.kind': ['answer', 'question']}
    """
    found: Vocabularies = {}
    for resource in datapackage.get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            enum = field.get("constraints", {}).get("enum")
            if enum is not None:
                found[f"{resource['name']}.{field['name']}"] = frozenset(str(v) for v in enum)
    return found


def shipped_vocabularies() -> Vocabularies:
    """The closed vocabularies of the code's schema, as ``"table.column"`` to values.

    Examples
    --------
    >>> sorted(shipped_vocabularies()["quotes.kind"])
    ['answer', 'question', 'statement']
    """
    return {
        f"{name}.{field.name}": frozenset(VOCABULARIES[field.metadata["vocabulary"]])
        for name, spec in TABLES.items()
        for field in attrs.fields(spec.record)
        if field.metadata.get("vocabulary")
    }


def store_vocabularies(store: Store, version: str) -> Vocabularies:
    """The closed vocabularies a stored version declares in its ``datapackage.json``."""
    manifest = store.manifest(version)
    digest = manifest.files.get("datapackage.json")
    if digest is None:
        return {}
    raw = store.verified_bytes(version, "datapackage.json", digest)
    try:
        return vocabularies_of(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"{store.name}/{version}/datapackage.json is unreadable: {error}"
        raise CorpusIntegrityError(message) from None


def diff_tables(
    old: Mapping[str, pa.Table],
    new: Mapping[str, pa.Table],
    old_label: str = "old",
    new_label: str = "new",
    *,
    old_vocabularies: Vocabularies | None = None,
    new_vocabularies: Vocabularies | None = None,
) -> CorpusDiff:
    """Compare two versions given as mappings of table name to ``pyarrow.Table``.

    A table missing from a mapping is a table that version does not have. Vocabularies
    are compared only when both are given.

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> tables = {name: dlc.load(name, version="1.0.1") for name in dlc.tables("1.0.1")}
    >>> diff_tables(tables, tables).is_empty
    True
    """
    tables = {name: _table_diff(name, old.get(name), new.get(name)) for name in TABLES}
    tables = {name: t for name, t in tables.items() if t.presence != "neither"}
    added: dict[str, tuple[str, ...]] = {}
    removed: dict[str, tuple[str, ...]] = {}
    if old_vocabularies is not None and new_vocabularies is not None:
        for column in sorted(old_vocabularies.keys() | new_vocabularies.keys()):
            before = old_vocabularies.get(column)
            after = new_vocabularies.get(column)
            if before is None or after is None:
                continue  # a column added or removed, reported as such
            if after - before:
                added[column] = tuple(sorted(after - before))
            if before - after:
                removed[column] = tuple(sorted(before - after))
    return CorpusDiff(old_label, new_label, tables, added, removed)


def version_level(old: str, new: str) -> Level:
    """The kind of release going from version ``old`` to ``new`` is, by its numbers.

    Examples
    --------
    >>> version_level("1.0.1", "1.1.0"), version_level("1.0.0", "1.0.1"), version_level("1.2.3", "2.0.0")
    ('minor', 'patch', 'major')
    """
    a, b = version_tuple(old), version_tuple(new)
    if b <= a:
        return "none"
    if b[0] != a[0]:
        return "major"
    if b[1] != a[1]:
        return "minor"
    return "patch"


def next_version(old: str, level: Level) -> str:
    """The version number that follows ``old`` for a release of kind ``level``.

    Examples
    --------
    >>> next_version("1.0.1", "minor"), next_version("1.0.1", "patch"), next_version("1.0.1", "major")
    ('1.1.0', '1.0.2', '2.0.0')
    """
    major, minor, patch = version_tuple(old)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return old


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
    old_tables = {name: old_store.table(name, old_version) for name in old_store.manifest(old_version).tables}
    new_tables = {name: new_store.table(name, new_version) for name in new_store.manifest(new_version).tables}
    return diff_tables(
        old_tables,
        new_tables,
        old_label,
        new_label,
        old_vocabularies=store_vocabularies(old_store, old_version),
        new_vocabularies=store_vocabularies(new_store, new_version),
    )
