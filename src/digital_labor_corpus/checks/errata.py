"""Corrections as data: the changes a release makes to released records, and their check.

From dataset version 1.1.0, every version ships an ``errata`` table. Its rows are derived
from the record-level :func:`~digital_labor_corpus.checks.changes.diff` against the
previous version: one row per changed value of a record (``column`` names it), and one
row per record added or withdrawn (``column`` null, the whole record as a JSON object in
``new_value`` or ``old_value``). Values are JSON text, so that a string, a number, a date
(as ISO text) and a list read back the same in every tool. Columns a version adds are a
change of schema, not of records: the diff reports them and the errata do not.

The table is cumulative: a version repeats the errata of the version before it, and adds
its own rows, whose ``corrected_in`` is its own version number.

Examples
--------
>>> to_json(["pay", "platforms"])
'["pay", "platforms"]'
>>> erratum_id("1.1.0", "statistics", "s06", "currency")
'1.1.0/statistics/s06/currency'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from digital_labor_corpus.checks.changes import META_TABLES, CorpusDiff
from digital_labor_corpus.schema.columns import version_tuple
from digital_labor_corpus.schema.records import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Correction", "corrections", "errata_problems", "erratum_id", "to_json"]


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {value!r}")


def to_json(value: Any) -> str:
    """Encode a column value (or a whole record, a dict) as canonical JSON text.

    Dates become ISO strings; keys are sorted; non-ASCII characters are kept.

    Examples
    --------
    >>> import datetime as dt
    >>> to_json({"date": dt.date(2022, 1, 1), "title": "Café"})
    '{"date": "2022-01-01", "title": "Café"}'
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def erratum_id(version: str, table: str, key: str, column: str | None) -> str:
    """The primary key of an erratum: ``version/table/key``, then ``/column`` for a value.

    Examples
    --------
    >>> erratum_id("1.1.0", "claims", "c01", None)
    '1.1.0/claims/c01'
    """
    return "/".join([version, table, key] + ([column] if column is not None else []))


@attrs.frozen
class Correction:
    """One change a release makes to a released record (``column`` None: added or withdrawn)."""

    table: str
    key: str
    column: str | None
    old_value: str | None
    new_value: str | None

    @property
    def record(self) -> tuple[str, str]:
        """The corrected record: its table and key."""
        return self.table, self.key


def corrections(d: CorpusDiff, old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]) -> list[Correction]:
    """Every change of ``d`` to a record, with old and new values as JSON text.

    ``old`` and ``new`` are the two versions' tables (the whole records of added and
    withdrawn keys are read from them). Tables that describe the release (``errata``) and
    tables present in only one version are left out.

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> from digital_labor_corpus.checks.changes import diff_tables
    >>> old = {n: dlc.load(n, version="1.0.0") for n in dlc.tables("1.0.0")}
    >>> new = {n: dlc.load(n, version="1.0.1") for n in dlc.tables("1.0.1")}
    >>> [(c.table, c.key, c.column) for c in corrections(diff_tables(old, new), old, new)]
    [('appearances', '2019-06-01-france-strategie-conference', None)]
    """
    found: list[Correction] = []
    for name, table in d.tables.items():
        if name in META_TABLES or table.presence != "both":
            continue
        key = TABLES[name].primary_key
        for change in table.changed:
            found.extend(
                Correction(name, change.key, c.column, to_json(c.old), to_json(c.new)) for c in change.changes
            )
        if table.added:
            rows = _rows(new[name], key, set(table.added))
            found.extend(Correction(name, k, None, None, to_json(rows[k])) for k in table.added)
        if table.removed:
            rows = _rows(old[name], key, set(table.removed))
            found.extend(Correction(name, k, None, to_json(rows[k]), None) for k in table.removed)
    return found


def _rows(table: pa.Table, key: str, wanted: set[str]) -> dict[str, dict[str, Any]]:
    return {str(row[key]): row for row in table.to_pylist() if str(row[key]) in wanted}


def _parsed(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _identity(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        row["table"],
        row["key"],
        row["column"],
        to_json(_parsed(row["old_value"])),
        to_json(_parsed(row["new_value"])),
    )


Problem = tuple[str | None, str, str]
"""An erratum problem: the erratum_id (or None), the rule and the detail."""


def errata_problems(
    errata: list[dict[str, Any]],
    version: str | None,
    expected: list[Correction] | None,
    previous_errata: list[dict[str, Any]] | None,
) -> list[Problem]:
    """Check a version's errata rows: well formed, equal to its diff, carrying the history.

    Parameters
    ----------
    errata
        The version's errata rows.
    version
        The version's number (None when unknown: only the form of each row is checked).
    expected
        The corrections of the diff against the previous version (None: not checked).
    previous_errata
        The previous version's errata rows ([] when it had none; None: not checked).

    Returns
    -------
    list of (erratum_id, rule, detail)
        Empty when the errata are right.

    Examples
    --------
    >>> row = {"erratum_id": "1.1.0/claims/c1/statement_en", "table": "claims", "key": "c1",
    ...        "column": "statement_en", "old_value": '"A."', "new_value": '"B."',
    ...        "reason": "Said more than the passage.", "corrected_in": "1.1.0"}
    >>> errata_problems([row], "1.1.0", [Correction("claims", "c1", "statement_en", '"A."', '"B."')], [])
    []
    >>> errata_problems([row], "1.1.0", [], [])[0][1]
    'errata_diff'
    """
    found: list[Problem] = []
    for row in errata:
        rid = row["erratum_id"]
        if row["table"] not in TABLES or row["table"] in META_TABLES:
            found.append((rid, "errata_row", f"table {row['table']!r} is not a table of records"))
        if rid != erratum_id(row["corrected_in"], row["table"], row["key"], row["column"]):
            found.append((rid, "errata_row", "erratum_id is not corrected_in/table/key[/column]"))
        if version is not None and version_tuple(row["corrected_in"]) > version_tuple(version):
            found.append(
                (rid, "errata_row", f"corrected_in {row['corrected_in']} is after version {version}")
            )
        try:
            old, new = _parsed(row["old_value"]), _parsed(row["new_value"])
        except ValueError as error:
            found.append((rid, "errata_row", f"old_value or new_value is not JSON: {error}"))
            continue
        if row["column"] is None and (old is None) == (new is None):
            found.append(
                (rid, "errata_row", "a whole-record erratum has exactly one of old_value, new_value")
            )
        if row["column"] is not None and old == new:
            found.append((rid, "errata_row", "old_value equals new_value"))
    if version is None:
        return found
    own = [r for r in errata if r["corrected_in"] == version]
    earlier = [r for r in errata if r["corrected_in"] != version]
    if expected is not None:
        stated = {_identity(r): r["erratum_id"] for r in own}
        derived = {
            (c.table, c.key, c.column, to_json(_parsed(c.old_value)), to_json(_parsed(c.new_value))): c
            for c in expected
        }
        for identity, rid in stated.items():
            if identity not in derived:
                found.append((rid, "errata_diff", "names no change of the diff against the previous version"))
        for identity, c in derived.items():
            if identity not in stated:
                what = f"{c.table} {c.key}" + (f" {c.column}" if c.column else " (record added or withdrawn)")
                found.append((None, "errata_diff", f"{what} changed but has no erratum"))
    if previous_errata is not None:
        before = {r["erratum_id"]: r for r in previous_errata}
        now = {r["erratum_id"]: r for r in earlier}
        for rid in sorted(before.keys() - now.keys()):
            found.append((rid, "errata_history", "an erratum of an earlier version is missing"))
        for rid in sorted(now.keys() - before.keys()):
            found.append(
                (rid, "errata_history", "an erratum of an earlier version that version did not ship")
            )
        for rid in sorted(now.keys() & before.keys()):
            if now[rid] != before[rid]:
                found.append((rid, "errata_history", "differs from the erratum the earlier version shipped"))
    return found
