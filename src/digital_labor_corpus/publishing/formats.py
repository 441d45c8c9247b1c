"""The export formats, their file names, and what an export reports (its progress and result).

Shared by :mod:`.exporting` (the public functions) and :mod:`.writers` (one writer per format).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final, Literal

import attrs

__all__ = [
    "ANNOTATION_FORMATS",
    "DATASETTE_METADATA",
    "FORMATS",
    "SQLITE_FILE",
    "TABLE_FORMATS",
    "XLSX_FILE",
    "ExportFormat",
    "ExportProgress",
    "ExportResult",
    "Progress",
]

ExportFormat = Literal["csv", "jsonl", "parquet", "sqlite", "xlsx", "tei", "webannotation", "brat"]
#: Every export format.
FORMATS: Final[tuple[ExportFormat, ...]] = (
    "csv",
    "jsonl",
    "parquet",
    "sqlite",
    "xlsx",
    "tei",
    "webannotation",
    "brat",
)
#: The formats that write tables, one table or sheet per corpus table.
TABLE_FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "jsonl", "parquet", "sqlite", "xlsx")
#: The formats that write each source text with its annotations (quotes, claims, figures, places).
ANNOTATION_FORMATS: Final[tuple[ExportFormat, ...]] = ("tei", "webannotation", "brat")

SQLITE_FILE: Final = "digital-labor-corpus.db"
DATASETTE_METADATA: Final = "metadata.json"
XLSX_FILE: Final = "digital-labor-corpus.xlsx"


@attrs.frozen
class ExportProgress:
    """One step of an export: a table has been written.

    Attributes
    ----------
    table
        The table's name.
    rows
        How many rows it has.
    done, total
        How many tables are written so far, and how many the export writes.
    path
        The file the table went into (for ``sqlite`` and ``xlsx``, the one file of the
        export, complete only when the export returns; for the annotation formats, the
        first file of the export, written when the step is reported).
    """

    table: str
    rows: int
    done: int
    total: int
    path: Path


@attrs.frozen
class ExportResult:
    """What an export wrote.

    Attributes
    ----------
    format
        The format, one of :data:`FORMATS`.
    version
        The dataset version exported, or ``None`` for :func:`export_tables`.
    directory
        The output directory.
    files
        Every file written, in the order written.
    rows
        The number of rows of each exported table, in export order.
    """

    format: ExportFormat
    version: str | None
    directory: Path
    files: tuple[Path, ...]
    rows: Mapping[str, int]


Progress = Callable[[ExportProgress], None]
