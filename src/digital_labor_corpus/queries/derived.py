"""Files derived from a corpus's tables and kept between processes: where, under which name.

Two kinds of file are derived from a large corpus and kept, since building them costs
seconds to minutes and opening them milliseconds: the full-text index
(:mod:`.fulltext_cache`) and the clustered copy of a table (:mod:`.clustered`). Both are
named by :func:`derived_path`:

- beside a directory corpus opened with :func:`~digital_labor_corpus.open_path`, as
  ``<dir>/.<kind>-<table>-<digest><suffix>`` (in the user's cache directory when the
  directory is inside the installed package);
- for a shipped dataset version, in the user's cache directory
  (``$XDG_CACHE_HOME/digital-labor-corpus/``, by default ``~/.cache/digital-labor-corpus/``),
  never inside the installed package.

The digest covers what the file's content depends on: its format, the table, and the
SHA-256 digests the manifest gives for every table it reads (a directory's files also by
size and modification time, or by their own SHA-256 when the directory has no manifest).
A changed table therefore gets a new file, and the old one is removed when the new one is
published. A file is written under a temporary name (:func:`temporary`) and renamed into
place (:func:`publish`), so two processes building at once each write whole files and the
last rename wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

# The digest of a kept file (named here for the modules that key or name kept files).
from digital_labor_corpus.store.digests import file_digest

if TYPE_CHECKING:
    from collections.abc import Sequence

    from digital_labor_corpus.queries.sources import TableSource

__all__ = ["Place", "derived_path", "discard", "file_digest", "publish", "temporary", "user_cache"]

PACKAGE = Path(__file__).resolve().parents[1]
"""The installed package's own directory: nothing derived is ever written inside it."""


class Place(NamedTuple):
    """Where a source's derived files go and what identifies the tables they read.

    ``tag`` is None for a file kept hidden beside the corpus's own files, else the word
    that sets a cached file apart (``"packaged"``, a dataset version); ``keys`` holds one
    entry per table read, its digests.
    """

    folder: Path
    tag: str | None
    keys: list[object]


def user_cache() -> Path:
    """The user's cache directory for this library: ``$XDG_CACHE_HOME`` or ``~/.cache``, then ours.

    Examples
    --------
    >>> user_cache().name
    'digital-labor-corpus'
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "digital-labor-corpus"


def derived_path(
    source: TableSource, kind: str, table: str, *, parts: list[object], reads: Sequence[str], suffix: str
) -> Path | None:
    """Where the ``kind`` file of ``table`` derived from ``source`` is kept; None where its files are not known.

    ``parts`` are what else the content depends on (a format number, a tokenizer);
    ``reads`` the tables it is built from. The name ends in a digest of both (see the
    module's documentation).

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> path = derived_path(dlc.open()._source, "fulltext", "quotes", parts=[1], reads=["quotes"], suffix=".sqlite")
    >>> path.name.startswith(f"fulltext-{dlc.open().version}-quotes-"), path.suffix
    (True, '.sqlite')
    """
    place = source.derived_place(reads)
    if place is None:
        return None
    digest = hashlib.sha256(json.dumps([*parts, *place.keys]).encode("utf-8")).hexdigest()[:32]
    prefix = f".{kind}-{table}-" if place.tag is None else f"{kind}-{place.tag}-{table}-"
    return place.folder / f"{prefix}{digest}{suffix}"


def temporary(path: Path) -> Path:
    """A new empty file beside ``path`` to build into; raises OSError where none can be made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def publish(built: Path, path: Path) -> None:
    """Rename ``built`` to ``path`` (atomic on one file system), then remove the stale files it replaces.

    Stale files are those whose name differs from ``path``'s only in the digest: the same
    kind of file for an older content of the tables it reads.

    The file is made readable by all (a temporary file is private), as the corpus beside it is.
    """
    built.chmod(0o644)
    os.replace(built, path)
    prefix = path.name[: path.name.rindex("-") + 1]
    for other in path.parent.glob(f"{prefix}*{path.suffix}"):
        if other.name != path.name:
            discard(other)


def discard(path: Path) -> None:
    """Remove ``path`` if it can be; a reader that has it open keeps reading its copy."""
    with contextlib.suppress(OSError):
        path.unlink()
