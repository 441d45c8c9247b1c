"""The documents shipped inside the package, to read offline: the data card.

The data card (motivation, composition, collection, known inconsistencies of the source,
what is null and why, licences) is ``docs/data-card.md`` in the repository; a copy ships in
the package (``digital_labor_corpus/documents/data-card.md``), as scikit-learn ships a
data set's ``DESCR`` and Hugging Face a data set's card. ``python -m
digital_labor_corpus.cli.docs`` refreshes the copy, and a test checks it equals the page.

Examples
--------
>>> card().splitlines()[0]  # doctest: +ELLIPSIS
'# Data card: digital-labor-corpus, dataset version ...'
"""

from __future__ import annotations

from importlib.resources import files
from typing import Final

from digital_labor_corpus.exceptions import CorpusIntegrityError

__all__ = ["DATA_CARD", "DOCUMENTS", "card"]

DOCUMENTS: Final = "documents"
"""The package directory of the shipped documents."""
DATA_CARD: Final = "data-card.md"
"""The data card's file name, in :data:`DOCUMENTS` and in the repository's ``docs/``."""


def card() -> str:
    """Return the data card of the corpus, as Markdown text, from the installed package.

    Returns
    -------
    str
        The data card: motivation and intended uses, composition (row counts), collection
        and annotation, known inconsistencies of the source, what is null and why, rights
        and licences, versions.

    Raises
    ------
    CorpusIntegrityError
        When the installed package lacks its data card.

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> "## Composition" in dlc.card()
    True
    """
    path = files("digital_labor_corpus").joinpath(DOCUMENTS).joinpath(DATA_CARD)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        message = f"The installed package lacks its data card ({DOCUMENTS}/{DATA_CARD}): {error.strerror}"
        raise CorpusIntegrityError(message) from None
