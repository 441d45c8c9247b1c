"""Generate a version's ``errata`` table from its diff and the reasons the annotators state.

The build compares the tables it compiled with the previous released version, derives
every correction (:func:`~digital_labor_corpus.checks.errata.corrections`) and gives each
the reason an ``[[errata]]`` entry of ``corpus/errata.toml`` states for it: an entry with
a ``column`` covers that changed value, one without covers every change of the record.
The build fails when a change has no reason, or when a reason names no change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from digital_labor_corpus.build.annotations import ERRATA_FILE, ErratumReason
from digital_labor_corpus.checks.errata import Correction, erratum_id
from digital_labor_corpus.exceptions import AnnotationError
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.catalog import tables_in
from digital_labor_corpus.schema.columns import version_tuple
from digital_labor_corpus.store.storage import Store, shipped_store

__all__ = ["errata_table", "previous_version"]


def previous_version(version: str, out: Path) -> tuple[Store, str] | None:
    """The newest version before ``version``, in ``out`` or shipped with the package.

    A version present in both is read from ``out``. None when there is no earlier version
    (the first release has no errata).
    """
    found: dict[str, Store] = {}
    shipped = shipped_store()
    for v in shipped.versions():
        found[v] = shipped
    if Path(out).is_dir():
        local = Store(Path(out), str(out))
        for v in local.versions():
            if (Path(out) / v / "manifest.json").is_file():
                found[v] = local
    earlier = sorted((v for v in found if version_tuple(v) < version_tuple(version)), key=version_tuple)
    if not earlier:
        return None
    return found[earlier[-1]], earlier[-1]


def read_previous(store: Store, version: str) -> dict[str, pa.Table]:
    """Every table of a released version, by name."""
    return {name: store.table(name, version) for name in tables_in(version)}


def _describe(c: Correction) -> str:
    if c.column is None:
        return f"{c.table} {c.key}: record {'added' if c.old_value is None else 'withdrawn'}"
    return f"{c.table} {c.key} {c.column}: {_clip(c.old_value)} -> {_clip(c.new_value)}"


def _clip(value: str | None, width: int = 50) -> str:
    text = "null" if value is None else value
    return text if len(text) <= width else text[: width - 3] + "..."


def errata_table(
    changes: Sequence[Correction],
    reasons: Sequence[ErratumReason],
    version: str,
    previous_errata: pa.Table | None,
    *,
    strict: bool = True,
) -> pa.Table:
    """The errata of ``version``: the previous version's, then one row per change with its reason.

    With ``strict`` False, a change without a reason gets a placeholder and idle reasons
    are ignored (the build uses it to check the records' invariants first).

    Raises
    ------
    AnnotationError
        When a change has no stated reason, or a reason of ``version`` names no change.
    """
    own = [r for r in reasons if r.version == version]
    by_value: dict[tuple[str, str, str], ErratumReason] = {}
    by_record: dict[tuple[str, str], ErratumReason] = {}
    for stated in own:
        if stated.column is not None:
            value_slot = (stated.table, stated.key, stated.column)
            if value_slot in by_value:
                raise AnnotationError(f"{stated.where}: a second reason for the same changed value")
            by_value[value_slot] = stated
        else:
            record_slot = (stated.table, stated.key)
            if record_slot in by_record:
                raise AnnotationError(f"{stated.where}: a second reason for the same record")
            by_record[record_slot] = stated
    rows: list[dict[str, str | None]] = []
    unexplained: list[Correction] = []
    used: set[int] = set()
    for change in changes:
        reason: ErratumReason | None = None
        if change.column is not None:
            reason = by_value.get((change.table, change.key, change.column))
        reason = reason or by_record.get(change.record)
        if reason is None:
            unexplained.append(change)
            if strict:
                continue
            reason = ErratumReason(version, change.table, change.key, change.column, "(no reason stated)", "")
        used.add(id(reason))
        rows.append(
            {
                "erratum_id": erratum_id(version, change.table, change.key, change.column),
                "table": change.table,
                "key": change.key,
                "column": change.column,
                "old_value": change.old_value,
                "new_value": change.new_value,
                "reason": reason.reason,
                "corrected_in": version,
            }
        )
    if unexplained and strict:
        shown = " | ".join(_describe(c) for c in unexplained[:10])
        more = f" | ... and {len(unexplained) - 10} more" if len(unexplained) > 10 else ""
        raise AnnotationError(
            f"{len(unexplained)} change(s) of released records have no stated reason: {shown}{more}; "
            f'add an [[errata]] entry with version = "{version}", table, key (and column) and '
            f"reason to corpus/{ERRATA_FILE}"
        )
    idle = [r for r in own if id(r) not in used]
    if idle and strict:
        shown = " | ".join(f"{r.where}{' ' + r.column if r.column else ''}" for r in idle[:10])
        raise AnnotationError(
            f"{len(idle)} stated reason(s) name no change of version {version} against the "
            f"previous release: {shown}; remove them or correct table, key and column"
        )
    earlier = previous_errata.to_pylist() if previous_errata is not None else []
    rows.sort(key=lambda row: str(row["erratum_id"]))
    return pa.Table.from_pylist(earlier + rows, schema=arrow_schema("errata"))
