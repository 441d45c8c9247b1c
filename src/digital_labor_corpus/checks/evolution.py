"""The versioning policy as a check: what may change between two dataset versions.

Between releases of the same major version, no column may be removed, renamed or retyped,
and a released key keeps its meaning: its record may be corrected, but never replaced by
another record. A key *means* the values of its table's identity columns
(:data:`IDENTITY`): a quote is the words of one speaker in one appearance, a place is a
named place of one kind. Across a major version, columns may change, keys still may not.

Examples
--------
>>> from digital_labor_corpus import load, tables
>>> data = {name: load(name) for name in tables()}
>>> check_evolution(data, data, "1.1.0", "1.1.0")
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from digital_labor_corpus.schema.records import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["IDENTITY", "EvolutionProblem", "check_evolution"]

IDENTITY: Final[dict[str, tuple[str, ...]]] = {
    "appearances": ("source_id", "outlet"),
    "quotes": ("appearance_id", "speaker_id"),
    "claims": ("appearance_id",),
    "statistics": ("appearance_id", "unit"),
    "places": ("name_en", "kind"),
    "sources": ("sha256",),
    "people": ("name",),
    "place_mentions": ("appearance_id", "place_id"),
    "topics": ("topic_id",),
    "errata": ("table", "key", "column", "corrected_in"),
}


@attrs.frozen
class EvolutionProblem:
    """A change between two versions that the versioning policy forbids."""

    table: str
    subject: str
    problem: str

    def __str__(self) -> str:
        return f"{self.table}.{self.subject}: {self.problem}"


def _major(version: str) -> int:
    return int(version.split(".", maxsplit=1)[0])


def check_evolution(
    old: Mapping[str, pa.Table], new: Mapping[str, pa.Table], old_version: str, new_version: str
) -> list[EvolutionProblem]:
    """Return the policy violations of going from ``old`` to ``new`` (tables by name).

    Parameters
    ----------
    old, new
        The tables of the two versions.
    old_version, new_version
        Their version strings; a change of major version allows schema changes.

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> old = {name: dlc.load(name) for name in dlc.tables()}
    >>> check_evolution(old, old, "1.1.0", "1.1.1")
    []
    >>> new = dict(old, topics=old["topics"].drop_columns(["description_en"]))
    >>> [str(p) for p in check_evolution(old, new, "1.1.0", "1.2.0")]
    ['topics.description_en: column removed or renamed without a major version (1.1.0 -> 1.2.0)']
    >>> check_evolution(old, new, "1.1.0", "2.0.0")  # a major version may remove a column
    []
    """
    problems: list[EvolutionProblem] = []
    same_major = _major(old_version) == _major(new_version)
    for name in TABLES:
        if name not in old:
            continue
        if name not in new:
            problems.append(EvolutionProblem(name, "*", f"table removed in {new_version}"))
            continue
        old_types = {f.name: str(f.type) for f in old[name].schema}
        new_types = {f.name: str(f.type) for f in new[name].schema}
        if same_major:
            for column, type_ in old_types.items():
                if column not in new_types:
                    problems.append(
                        EvolutionProblem(
                            name,
                            column,
                            f"column removed or renamed without a major version ({old_version} -> {new_version})",
                        )
                    )
                elif new_types[column] != type_:
                    problems.append(
                        EvolutionProblem(
                            name,
                            column,
                            f"column retyped {type_} -> {new_types[column]} without a major version",
                        )
                    )
        problems.extend(_key_meaning(name, old[name], new[name]))
    return problems


def _key_meaning(name: str, old: pa.Table, new: pa.Table) -> list[EvolutionProblem]:
    key = TABLES[name].primary_key
    identity = [c for c in IDENTITY[name] if c in old.column_names and c in new.column_names]
    columns = [key, *[c for c in identity if c != key]]
    before = {row[key]: row for row in old.select(columns).to_pylist()}
    problems = []
    for row in new.select(columns).to_pylist():
        previous = before.get(row[key])
        if previous is None:
            continue
        changed = [c for c in identity if previous[c] != row[c]]
        if changed:
            detail = ", ".join(f"{c} {previous[c]!r} -> {row[c]!r}" for c in changed)
            problems.append(
                EvolutionProblem(name, str(row[key]), f"released key now names another record ({detail})")
            )
    return problems
