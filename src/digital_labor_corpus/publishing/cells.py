"""How one value of a corpus table is written as text (CSV, spreadsheets) or as JSON.

The same rules serve the CSV and xlsx exports, the JSON Lines export and the command
line's ``show`` and ``search`` output, so that every text form of the corpus reads alike:

- null is an empty cell in text and ``null`` in JSON. No text column ever holds an empty
  string (the record validators forbid it), so an empty cell always means null;
- a date is ISO 8601, ``YYYY-MM-DD``;
- a boolean is ``true`` or ``false``;
- a float is the shortest decimal that reads back as the same float (Python's ``repr``);
- a list (the ``topics`` columns) is a JSON array of strings, ``["pay", "platforms"]``,
  in CSV and spreadsheet cells, and a plain JSON array in JSON.

Examples
--------
>>> import datetime as dt
>>> [text_cell(v) for v in (None, True, 0.1, 3, dt.date(2022, 12, 9), ["pay", "data-work"])]
['', 'true', '0.1', '3', '2022-12-09', '["pay", "data-work"]']
>>> json_value(dt.date(2022, 12, 9))
'2022-12-09'
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["json_value", "list_cell", "text_cell"]


def list_cell(values: list[Any] | tuple[Any, ...]) -> str:
    """Return a list as the JSON array that stands for it in a CSV or spreadsheet cell.

    Examples
    --------
    >>> list_cell(["travail-du-clic", "métier"])
    '["travail-du-clic", "métier"]'
    >>> list_cell([])
    '[]'
    """
    return json.dumps(list(values), ensure_ascii=False)


def text_cell(value: Any) -> str:
    """Return ``value`` as the text of a CSV cell, by the rules of this module.

    Examples
    --------
    >>> text_cell(None), text_cell(False), text_cell(1e16), text_cell("l’IA")
    ('', 'false', '1e+16', 'l’IA')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return list_cell(value)
    return str(value)


def json_value(value: Any) -> Any:
    """Return ``value`` as a JSON-serialisable value: dates become ISO strings, tuples lists.

    Examples
    --------
    >>> json_value(("pay", "platforms"))
    ['pay', 'platforms']
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
