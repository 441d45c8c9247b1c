"""digital-labor-corpus: what is said about click work, as versioned, verbatim, typed tables.

Importing the package is cheap: pyarrow, pandas and Polars load only when a table is
first asked for.

Examples
--------
>>> import digital_labor_corpus as dlc
>>> dlc.tables()[:3]
['appearances', 'quotes', 'claims']
>>> dlc.load("appearances").num_rows > 0
True
"""

import sys
import types

from ._version import __version__

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (10 ms)

if TYPE_CHECKING:  # the names, for type checkers and IDEs; at run time they load lazily
    from .corpus import Context, Corpus, open, open_path
    from .coverage import coverage
    from .diff import diff
    from .exceptions import (
        AmbiguousRecordError,
        CorpusError,
        CorpusIntegrityError,
        ExportError,
        InvalidArgumentError,
        MissingDependencyError,
        UnknownBackendError,
        UnknownColumnError,
        UnknownRecordError,
        UnknownTableError,
        UnknownVersionError,
    )
    from .export import export, export_tables
    from .loaders import (
        load,
        load_appearances,
        load_claims,
        load_people,
        load_place_mentions,
        load_places,
        load_quotes,
        load_sources,
        load_statistics,
        load_topics,
        paths,
        records,
        tables,
        versions,
    )
    from .validation import Violation, validate

_LAZY: dict[str, str] = {
    "AmbiguousRecordError": "exceptions",
    "Context": "corpus",
    "Corpus": "corpus",
    "CorpusError": "exceptions",
    "CorpusIntegrityError": "exceptions",
    "ExportError": "exceptions",
    "InvalidArgumentError": "exceptions",
    "MissingDependencyError": "exceptions",
    "UnknownBackendError": "exceptions",
    "UnknownColumnError": "exceptions",
    "UnknownRecordError": "exceptions",
    "UnknownTableError": "exceptions",
    "UnknownVersionError": "exceptions",
    "Violation": "validation",
    "coverage": "coverage",
    "diff": "diff",
    "export": "export",
    "export_tables": "export",
    "load": "loaders",
    "load_appearances": "loaders",
    "load_claims": "loaders",
    "load_people": "loaders",
    "load_place_mentions": "loaders",
    "load_places": "loaders",
    "load_quotes": "loaders",
    "load_sources": "loaders",
    "load_statistics": "loaders",
    "load_topics": "loaders",
    "open": "corpus",
    "open_path": "corpus",
    "paths": "loaders",
    "records": "loaders",
    "tables": "loaders",
    "validate": "validation",
    "versions": "loaders",
}


def __getattr__(name: str) -> object:
    """Import a public name's module on first use (PEP 562), so ``import`` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """The package's module type: a function keeps its name when its module loads.

    ``coverage``, ``diff`` and ``export`` are both functions and modules of this package.
    Importing such a module makes the import system set it as an attribute of the
    package, which would hide the function of the same name; this refuses that, so
    ``dlc.diff`` is always the function (the module stays in ``sys.modules``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "AmbiguousRecordError",
    "Context",
    "Corpus",
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
    "Violation",
    "__version__",
    "coverage",
    "diff",
    "export",
    "export_tables",
    "load",
    "load_appearances",
    "load_claims",
    "load_people",
    "load_place_mentions",
    "load_places",
    "load_quotes",
    "load_sources",
    "load_statistics",
    "load_topics",
    "open",
    "open_path",
    "paths",
    "records",
    "tables",
    "validate",
    "versions",
]
