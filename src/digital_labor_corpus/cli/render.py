"""The command line's output formats: rows drawn as a text table with rich, CSV or JSON.

``render`` is what ``show`` and ``search`` print with; ``check_output_format`` reads the
``--format`` option. The filters that pick the rows are in :mod:`.show`.

Examples
--------
>>> print(render([{"id": "a", "n": 1}], ["id", "n"], "csv"))
id,n
a,1
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.publishing.cells import json_value, text_cell
from digital_labor_corpus.schema.catalog import did_you_mean

__all__ = [
    "CELL_WIDTH",
    "NARROWEST",
    "OUTPUT_FORMATS",
    "RECORD_CELL",
    "OutputFormat",
    "check_output_format",
    "render",
]

OutputFormat = Literal["table", "csv", "json"]
OUTPUT_FORMATS: Final[tuple[OutputFormat, ...]] = ("table", "csv", "json")
CELL_WIDTH: Final = 48
"""The widest a cell of a ``--wide`` table is before it is cut with an ellipsis (ids are never cut)."""
NARROWEST: Final = 12
"""The narrowest a text column is squeezed to, with an ellipsis, to fit the terminal."""
RECORD_CELL: Final = 400
"""The longest a value is in the record layout before it is cut with an ellipsis (ids never are)."""


def check_output_format(value: object) -> OutputFormat:
    """Return ``value`` if it is an output format of ``show`` and ``search``, else raise.

    Examples
    --------
    >>> check_output_format("json")
    'json'
    >>> check_output_format("yaml")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: Unknown output format 'yaml'. Accepted formats: table, csv, json.
    """
    for known in OUTPUT_FORMATS:
        if value == known:
            return known
    hint = did_you_mean(value, OUTPUT_FORMATS)
    message = f"Unknown output format {value!r}. Accepted formats: {', '.join(OUTPUT_FORMATS)}.{hint}"
    raise InvalidArgumentError(message)


def _one_line(value: Any, column: str, limit: int) -> str:
    """A cell's text on one line, cut to ``limit`` characters with an ellipsis (ids never are)."""
    text = " ".join(text_cell(value).split())  # newlines and runs of spaces become one space
    if len(text) <= limit or column.endswith("_id"):
        return text
    return text[: limit - 1] + "…"


def _console(width: int) -> Any:
    """A rich console that writes plain text (no colour, markup or emoji) into a buffer."""
    from rich.console import Console

    return Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, legacy_windows=False
    )


def _printed(console: Any) -> str:
    lines = console.file.getvalue().splitlines()
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _fitted(natural: Sequence[int], least: Sequence[int], room: int) -> list[int]:
    """Column widths that fit ``room``: the widest columns are narrowed first, none below its least.

    Examples
    --------
    >>> _fitted([30, 10, 40], [30, 5, 5], 60)
    [30, 10, 20]
    >>> _fitted([3, 4], [3, 4], 80)
    [3, 4]
    """
    low, high = 0, max(natural, default=0)
    while low < high:  # the largest cap at which the capped widths still fit
        cap = (low + high + 1) // 2
        if sum(min(n, max(cap, m)) for n, m in zip(natural, least, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(low, m)) for n, m in zip(natural, least, strict=True)]


def _rich_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], width: int | None) -> str | None:
    """Rows as one aligned table, each cell on one line; ``None`` if it cannot fit ``width``."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[_one_line(row[column], column, CELL_WIDTH) for column in columns] for row in rows]
    natural = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    least = [n if c.endswith("_id") else min(n, NARROWEST) for n, c in zip(natural, columns, strict=True)]
    gaps = 3 * (len(columns) - 1)  # a space of padding either side of a one-space divider
    if width is None:
        width = sum(natural) + gaps
    elif sum(least) + gaps > width:
        return None
    widths = _fitted(natural, least, width - gaps)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), expand=False)
    for column, fitted in zip(columns, widths, strict=True):
        table.add_column(Text(column), no_wrap=True, overflow="ellipsis", width=fitted)
    for line in cells:
        table.add_row(*(Text(cell) for cell in line))
    console = _console(width)
    console.print(table)
    return _printed(console)


def _rich_records(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], width: int) -> str:
    """Rows one after the other, a line per column with its value wrapped to ``width``."""
    from rich.table import Table
    from rich.text import Text

    console = _console(width)
    for number, row in enumerate(rows, start=1):
        console.rule(Text(f"row {number}"), characters="-", align="left")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for column in columns:
            grid.add_row(Text(column), Text(_one_line(row[column], column, RECORD_CELL)))
        console.print(grid)
    return _printed(console)


def render(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: OutputFormat, *, width: int | None = None
) -> str:
    """Return ``rows`` as a text table, CSV or JSON (without a final newline).

    The ``table`` format is drawn with rich to fit ``width`` characters (a terminal's width):
    one line per row, text columns narrowed with an ellipsis down to :data:`NARROWEST`
    characters (ids never are). When the columns cannot fit, each row is printed as a record,
    one line per column, its value wrapped (and cut at :data:`RECORD_CELL` characters), as
    ``psql`` does in its expanded display. ``width=None`` (``--wide``) draws one table as wide
    as its values, each cut at :data:`CELL_WIDTH` characters (ids in full). ``csv`` and
    ``json`` write values as the ``csv`` and ``jsonl`` exports do, whatever the width.

    Examples
    --------
    >>> rows = [{"id": "a", "n": 1, "tags": ["x"]}, {"id": "b", "n": None, "tags": []}]
    >>> print(render(rows, ["id", "n", "tags"], "table"))
    id   n   tags
    ──────────────
    a    1   ["x"]
    b        []
    >>> print(render(rows, ["id", "n", "tags"], "table", width=12))
    row 1 ------
    id    a
    n     1
    tags  ["x"]
    row 2 ------
    id    b
    n
    tags  []
    >>> print(render(rows, ["id", "tags"], "json"))
    [
      {"id": "a", "tags": ["x"]},
      {"id": "b", "tags": []}
    ]
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([text_cell(row[column]) for column in columns] for row in rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        if not rows:
            return "[]"
        objects = [
            "  " + json.dumps({c: json_value(row[c]) for c in columns}, ensure_ascii=False) for row in rows
        ]
        return "[\n" + ",\n".join(objects) + "\n]"
    table = _rich_table(rows, columns, width)
    if table is not None:
        return table
    if not rows or width is None:  # no row: the header alone, as wide as it is
        return _rich_table(rows, columns, None) or ""
    return _rich_records(rows, columns, width)
