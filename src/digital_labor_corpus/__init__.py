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

from ._version import __version__
from .coverage import coverage
from .diff import diff
from .exceptions import (
    CorpusError,
    CorpusIntegrityError,
    InvalidArgumentError,
    MissingDependencyError,
    UnknownBackendError,
    UnknownColumnError,
    UnknownRecordError,
    UnknownTableError,
    UnknownVersionError,
)
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

__all__ = [
    "CorpusError",
    "CorpusIntegrityError",
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
    "paths",
    "records",
    "tables",
    "validate",
    "versions",
]
