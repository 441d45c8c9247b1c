"""Run an annotation export (TEI, Web Annotation, brat): one writer module per format, one shape.

Each of :mod:`.tei`, :mod:`.webannotation` and :mod:`.brat` has
``write(data, out, version) -> list[Path]``; this module picks the writer, reports
progress once per span table and returns what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from digital_labor_corpus.publishing import brat, tei, webannotation
from digital_labor_corpus.publishing.formats import ExportFormat, ExportProgress, ExportResult, Progress
from digital_labor_corpus.publishing.layers import LAYERS, NEEDED_TABLES, check_tables_present

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["WRITERS", "write"]

Writer = Callable[[Mapping[str, "pa.Table"], Path, "str | None"], list[Path]]
#: The writer of each annotation format.
WRITERS: dict[str, Writer] = {"tei": tei.write, "webannotation": webannotation.write, "brat": brat.write}


def write(
    data: Mapping[str, pa.Table], out: Path, fmt: ExportFormat, version: str | None, progress: Progress | None
) -> ExportResult:
    """Write ``data`` in the annotation format ``fmt`` into ``out``; report each span table.

    Raises
    ------
    InvalidArgumentError
        When a table the export reads is missing, or a value cannot be written in the format.
    """
    check_tables_present(data, fmt)
    files = WRITERS[fmt](data, out, version)
    if progress is not None:
        for done, table in enumerate(LAYERS, start=1):
            progress(ExportProgress(table, data[table].num_rows, done, len(LAYERS), files[0]))
    rows = {name: data[name].num_rows for name in NEEDED_TABLES}
    return ExportResult(fmt, version, out, tuple(files), rows)
