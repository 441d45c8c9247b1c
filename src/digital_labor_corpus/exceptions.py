"""Exceptions raised by digital-labor-corpus.

Every error the library raises on purpose is a :class:`CorpusError`, so that
``except CorpusError`` catches them all; each class also subclasses the closest
built-in exception.
"""

from __future__ import annotations

import re

__all__ = [
    "AmbiguousRecordError",
    "AnnotationError",
    "CorpusError",
    "CorpusIntegrityError",
    "ExportError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "UnknownBackendError",
    "UnknownColumnError",
    "UnknownRecordError",
    "UnknownTableError",
    "UnknownVersionError",
]


class CorpusError(Exception):
    """Base class of every error raised by digital-labor-corpus."""


class UnknownTableError(CorpusError, KeyError):
    """A table name that the corpus does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownVersionError(CorpusError, KeyError):
    """A dataset version that is not shipped, or a malformed version string."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownColumnError(CorpusError, KeyError):
    """A column name that the table does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownRecordError(CorpusError, KeyError):
    """A record key (quote, claim, place, person ...) that the corpus does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class AmbiguousRecordError(UnknownRecordError):
    """A name that matches more than one record (two people called Antonio ...)."""


class UnknownBackendError(CorpusError, ValueError):
    """A data-frame backend other than pyarrow, pandas or polars."""


class InvalidArgumentError(CorpusError, ValueError):
    """An argument of the right name but the wrong type or value."""


class MissingDependencyError(CorpusError, ImportError):
    """An optional dependency (pandas, Polars, DuckDB) that a call needs is not installed."""

    @classmethod
    def needs(cls, what: str, requirement: str, extra: str) -> MissingDependencyError:
        """The error for ``what`` lacking ``requirement``, with install lines that work today.

        The package is not on a package index yet: the lines install the dependency itself,
        or the project's extra from a clone of the repository.

        Examples
        --------
        >>> print(MissingDependencyError.needs("backend='pandas'", "pandas>=2.0", "pandas"))
        backend='pandas' needs pandas, which is not installed: python -m pip install 'pandas>=2.0' (or, from a clone of the repository, python -m pip install '.[pandas]')
        """
        package = re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0]
        return cls(
            f"{what} needs {package}, which is not installed: python -m pip install '{requirement}' "
            f"(or, from a clone of the repository, python -m pip install '.[{extra}]')"
        )


class CorpusIntegrityError(CorpusError, OSError):
    """A shipped file that is missing, unreadable or whose digest does not match its manifest."""


class AnnotationError(CorpusError, ValueError):
    """An annotation file that cannot be compiled: a missing field, a text not in the source ..."""


class ExportError(CorpusError, OSError):
    """An export that cannot be written: an output path that is a file, a full disk ..."""
