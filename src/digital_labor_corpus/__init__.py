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

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (10 ms)

if TYPE_CHECKING:  # the names, for type checkers and IDEs; at run time they load lazily
    from digital_labor_corpus._version import __version__
    from digital_labor_corpus.checks.changes import diff
    from digital_labor_corpus.checks.completeness import coverage
    from digital_labor_corpus.checks.validation import Violation, validate
    from digital_labor_corpus.exceptions import (
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
    from digital_labor_corpus.publishing.exporting import export, export_tables
    from digital_labor_corpus.queries.corpus import Context, Corpus, open, open_path
    from digital_labor_corpus.schema.vocabularies import vocabularies
    from digital_labor_corpus.store.documents import card
    from digital_labor_corpus.store.loading import (
        load,
        load_appearances,
        load_claims,
        load_errata,
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

_LAZY: dict[str, str] = {
    "AmbiguousRecordError": "exceptions",
    "Context": "queries.corpus",
    "Corpus": "queries.corpus",
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
    "Violation": "checks.validation",
    "__version__": "_version",
    "card": "store.documents",
    "coverage": "checks.completeness",
    "diff": "checks.changes",
    "export": "publishing.exporting",
    "export_tables": "publishing.exporting",
    "load": "store.loading",
    "load_appearances": "store.loading",
    "load_claims": "store.loading",
    "load_errata": "store.loading",
    "load_people": "store.loading",
    "load_place_mentions": "store.loading",
    "load_places": "store.loading",
    "load_quotes": "store.loading",
    "load_sources": "store.loading",
    "load_statistics": "store.loading",
    "load_topics": "store.loading",
    "open": "queries.corpus",
    "open_path": "queries.corpus",
    "paths": "store.loading",
    "records": "store.loading",
    "tables": "store.loading",
    "validate": "checks.validation",
    "versions": "store.loading",
    "vocabularies": "schema.vocabularies",
}


def __getattr__(name: str) -> object:
    """Import a public name's module on first use (PEP 562), so ``import`` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "card",
    "coverage",
    "diff",
    "export",
    "export_tables",
    "load",
    "load_appearances",
    "load_claims",
    "load_errata",
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
    "vocabularies",
]
