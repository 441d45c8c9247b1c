"""The one argument-checking layer of the public API.

Every public function and :class:`~digital_labor_corpus.queries.corpus.Corpus` helper is
wrapped with :func:`checked`, which checks each argument by its parameter's name against
:data:`CHECKS` before the function runs. A parameter without an entry is a programming
error found at import time, so a new parameter cannot skip the checks.

The checks here are about the *shape* of a value: its type, its size and that its text
is valid Unicode. Whether a value exists in the corpus (a table, a column, a speaker) is
answered further in, with the closest matches; what comes out of either is always a
:class:`~digital_labor_corpus.exceptions.CorpusError` naming the argument.

Examples
--------
>>> @checked
... def find(speaker=None, limit=20):
...     return speaker
>>> find("Casilli")
'Casilli'
>>> find("a\\x00b")
Traceback (most recent call last):
...
digital_labor_corpus.exceptions.InvalidArgumentError: speaker holds a NUL character: ...
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any, TypeVar

from digital_labor_corpus.exceptions import InvalidArgumentError

__all__ = ["CHECKS", "MAX_TEXT", "check_names", "check_path", "check_text", "checked"]

# Text an argument may hold: ids, names, words and queries are far shorter.
MAX_TEXT = 1000
# Paths: the usual limits of Linux (PATH_MAX, NAME_MAX), in bytes.
MAX_PATH_BYTES = 4095
MAX_NAME_BYTES = 255
_MAX_LIST = 10_000

F = TypeVar("F", bound=Callable[..., Any])


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text):,} characters)"


def check_text(argument: str, value: object, *, limit: int = MAX_TEXT) -> str:
    """``value`` if it is a string of valid Unicode, without NUL, of at most ``limit`` characters.

    Examples
    --------
    >>> check_text("contains", "clic")
    'clic'
    >>> check_text("contains", "\\udcff")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: contains is not valid Unicode text: ...
    """
    if not isinstance(value, str):
        message = f"{argument} must be a string, not {_shown(value)}"
        raise InvalidArgumentError(message)
    if len(value) > limit:
        message = f"{argument} is {len(value):,} characters long; it may be at most {limit:,}"
        raise InvalidArgumentError(message)
    if "\x00" in value:
        message = f"{argument} holds a NUL character: {_shown(value)}; remove it"
        raise InvalidArgumentError(message)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        message = (
            f"{argument} is not valid Unicode text: a lone surrogate {value[error.start]!r} at "
            f"position {error.start} (decode the bytes it came from as UTF-8)"
        )
        raise InvalidArgumentError(message) from None
    return value


def _optional_text(argument: str, value: object) -> None:
    if value is not None:
        check_text(argument, value)


def check_names(argument: str, value: object) -> list[str]:
    """One string, or a non-empty list, tuple or set of strings, each checked by :func:`check_text`.

    Examples
    --------
    >>> check_names("speaker", ["casilli", "tubaro"])
    ['casilli', 'tubaro']
    >>> check_names("speaker", [["casilli"]])
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: speaker must be a string or a non-empty list of strings, not [['casilli']]
    """
    if isinstance(value, str):
        return [check_text(argument, value)]
    if (
        isinstance(value, list | tuple | set | frozenset)
        and 0 < len(value) <= _MAX_LIST
        and all(isinstance(one, str) for one in value)
    ):
        return [check_text(argument, one) for one in value]
    message = f"{argument} must be a string or a non-empty list of strings, not {_shown(value)}"
    raise InvalidArgumentError(message)


def _optional_names(argument: str, value: object) -> None:
    if value is not None:
        check_names(argument, value)


def _tables(argument: str, value: object) -> None:
    """Table names: each name in a list (or each key of a mapping) must be a string.

    A single string, duplicates and which tables a function accepts are answered where used.
    """
    if isinstance(value, Mapping):
        names: list[Any] = list(value)
    elif isinstance(value, list | tuple | set | frozenset):
        names = list(value)
    else:
        return
    if len(names) > _MAX_LIST:
        message = f"{argument} holds {len(names):,} names; at most {_MAX_LIST:,}"
        raise InvalidArgumentError(message)
    for one in names:
        if not isinstance(one, str):
            message = f"{argument} must hold table names (strings), not {_shown(one)}"
            raise InvalidArgumentError(message)
        check_text(f"a table name in {argument}", one)


def check_path(argument: str, value: object) -> str | os.PathLike[str]:
    """A ``str`` or ``os.PathLike`` path without NUL, within the file system's length limits.

    Lone surrogates are accepted in the range Python uses for undecodable bytes of a file
    name (``surrogateescape``); others are refused.

    Examples
    --------
    >>> check_path("out_dir", "exports/2026")
    'exports/2026'
    >>> check_path("out_dir", None)
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: out_dir must be a path (str or pathlib.Path), not None
    """
    if not isinstance(value, str | PurePath):
        message = f"{argument} must be a path (str or pathlib.Path), not {_shown(value)}"
        raise InvalidArgumentError(message)
    text = os.fspath(value)
    if not text:
        message = f"{argument} is empty: give a path ('.' for the current directory)"
        raise InvalidArgumentError(message)
    if "\x00" in text:
        message = f"{argument} holds a NUL character: {_shown(text)}"
        raise InvalidArgumentError(message)
    try:
        encoded = os.fsencode(text)
    except UnicodeEncodeError:
        message = f"{argument} is not a valid path: it holds a lone surrogate: {_shown(text)}"
        raise InvalidArgumentError(message) from None
    longest = max(len(part) for part in encoded.split(b"/"))
    if len(encoded) > MAX_PATH_BYTES or longest > MAX_NAME_BYTES:
        message = (
            f"{argument} is too long ({len(encoded):,} bytes, a name of {longest:,}): paths are at most "
            f"{MAX_PATH_BYTES:,} bytes and each name at most {MAX_NAME_BYTES}"
        )
        raise InvalidArgumentError(message)
    return value


def _path_or_version(argument: str, value: object) -> None:
    check_path(argument, value)


def _integer(minimum: int, maximum: int, what: str) -> Callable[[str, object], None]:
    """A whole number from ``minimum`` to ``maximum``; ``what`` completes the message."""

    def check(argument: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            message = f"{argument} must be {what}, not {_shown(value)}"
            raise InvalidArgumentError(message)

    return check


def _limit(argument: str, value: object) -> None:
    if value is not None:
        _integer(1, 10**9, "a whole number >= 1, or None for every hit")(argument, value)


def _years(argument: str, value: object) -> None:
    if value is None:
        return
    ones = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    if 0 < len(ones) <= _MAX_LIST and all(isinstance(one, int) and not isinstance(one, bool) for one in ones):
        if all(1 <= one <= 9999 for one in ones):  # type: ignore[operator]
            return
        message = f"{argument} must hold years from 1 to 9999, not {_shown(value)}"
        raise InvalidArgumentError(message)
    message = f"{argument} must be a year such as 2018 or a list of years, not {_shown(value)}"
    raise InvalidArgumentError(message)


def _date(argument: str, value: object) -> None:
    if value is None or isinstance(value, dt.date):  # a datetime is refused where parsed, with a hint
        return
    if isinstance(value, str):
        check_text(argument, value, limit=40)
        return
    message = f"{argument} must be a datetime.date or an ISO date string, not {_shown(value)}"
    raise InvalidArgumentError(message)


def _callable(argument: str, value: object) -> None:
    if value is not None and not callable(value):
        message = f"{argument} must be a function or None, not {_shown(value)}"
        raise InvalidArgumentError(message)


def _later(argument: str, value: object) -> None:
    """Checked where it is used, against the accepted values (table names, versions, formats ...)."""
    del argument, value


# Every parameter name of the public API and its check.
CHECKS: dict[str, Callable[[str, object], object]] = {
    # Checked against what exists, with close matches, where used:
    "name": _later,
    "version": _later,
    "backend": _later,
    "dtype_backend": _later,
    "format": _later,
    "style": _later,
    "by": _later,
    # Shapes checked here:
    "columns": _later,  # schema.catalog.check_columns: a list of distinct known columns
    "tables": _tables,
    "out_dir": check_path,
    "directory": check_path,
    "old": _path_or_version,
    "new": _path_or_version,
    "progress": _callable,
    "speaker": _optional_names,
    "topic": _optional_names,
    "place": _optional_names,
    "appearance": _optional_names,
    "kind": _optional_names,
    "unit": _optional_names,
    "medium": _optional_names,
    "genre": _optional_names,
    "role": _optional_names,
    "country": _optional_names,
    "since": _date,
    "until": _date,
    "contains": _optional_text,
    "measure": _optional_text,
    "attributed_to": _optional_text,
    "outlet": _optional_text,
    "text": check_text,
    "lang": _optional_text,
    "record_id": check_text,
    "table": _optional_text,
    "year": _years,
    "limit": _limit,
    "chars": _integer(0, 10**7, "a whole number of characters >= 0"),
}


def _parameter_names(function: Callable[..., Any]) -> tuple[str, ...]:
    """The names of ``function``'s parameters, from its code object.

    What ``inspect.signature(function).parameters`` lists (keyword-only ones before
    ``*args``, as the code object keeps them), without building a signature:
    twelve of those cost a fresh process's ``open()`` about a millisecond.
    """
    code = function.__code__
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    return code.co_varnames[:count]


def checked(function: F) -> F:
    """Check every argument of ``function`` with :data:`CHECKS` before it runs.

    Raises
    ------
    TypeError
        At decoration, when a parameter has no entry in :data:`CHECKS`.
    """
    missing = [name for name in _parameter_names(function) if name != "self" and name not in CHECKS]
    if missing:
        raise TypeError(f"{function.__qualname__}: no argument check for {', '.join(missing)}")
    signatures: list[inspect.Signature] = []  # built on the first call, not at import

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not signatures:
            signatures.append(inspect.signature(function))
        try:
            bound = signatures[0].bind(*args, **kwargs)
        except TypeError as error:
            message = f"{function.__name__}(): {error}"
            raise InvalidArgumentError(message) from None
        for name, value in bound.arguments.items():
            if name != "self":
                CHECKS[name](name, value)
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
