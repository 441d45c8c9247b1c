"""Read and check a dataset version's ``manifest.json``."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, NamedTuple

from digital_labor_corpus.exceptions import CorpusIntegrityError, UnknownVersionError

__all__ = ["MANIFEST", "Manifest", "TableEntry", "check_version_string", "parse_manifest"]

MANIFEST = "manifest.json"
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def check_version_string(version: object) -> str:
    """Return ``version`` if it is a ``MAJOR.MINOR.PATCH`` string, else raise.

    Examples
    --------
    >>> check_version_string("1.0.0")
    '1.0.0'
    >>> check_version_string("../1.0.0")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.UnknownVersionError: Malformed dataset version '../1.0.0': ...
    """
    if isinstance(version, str) and _VERSION.match(version):
        return version
    message = (
        f"Malformed dataset version {version!r}: a dataset version is three numbers "
        "MAJOR.MINOR.PATCH such as '1.0.0'; the shipped ones are listed by dlc.versions() in Python "
        "and by 'digital-labor-corpus versions' on the command line"
    )
    raise UnknownVersionError(message)


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key of a version string: ``'1.10.0'`` sorts after ``'1.9.0'``."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


class TableEntry(NamedTuple):
    """What the manifest promises about one table file."""

    file: str
    rows: int
    sha256: str
    bytes: int
    schema_fingerprint: str


class Manifest(NamedTuple):
    """A dataset version's manifest (a plain named tuple: loading imports no attrs)."""

    dataset_version: str
    release_date: dt.date
    tables: dict[str, TableEntry]
    files: dict[str, str]

    def to_json(self) -> str:
        """Serialise the manifest as stable, human-readable JSON."""
        data = {
            "dataset_version": self.dataset_version,
            "release_date": self.release_date.isoformat(),
            "tables": {name: entry._asdict() for name, entry in self.tables.items()},
            "files": self.files,
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def parse_manifest(raw: bytes, where: str) -> Manifest:
    """Parse manifest bytes, raising :class:`CorpusIntegrityError` naming ``where`` if damaged."""
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        tables = {
            str(name): TableEntry(
                file=str(entry["file"]),
                rows=int(entry["rows"]),
                sha256=str(entry["sha256"]),
                bytes=int(entry["bytes"]),
                schema_fingerprint=str(entry["schema_fingerprint"]),
            )
            for name, entry in data["tables"].items()
        }
        files = {str(k): str(v) for k, v in data.get("files", {}).items()}
        manifest = Manifest(
            dataset_version=check_version_string(data["dataset_version"]),
            release_date=dt.date.fromisoformat(data["release_date"]),
            tables=tables,
            files=files,
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"The manifest {where} is damaged or unreadable ({type(error).__name__}: {error})"
        raise CorpusIntegrityError(message) from None
    for name, entry in tables.items():
        if "/" in entry.file or "\\" in entry.file or entry.file.startswith("."):
            message = f"The manifest {where} names an unsafe file {entry.file!r} for table {name!r}"
            raise CorpusIntegrityError(message)
    return manifest
