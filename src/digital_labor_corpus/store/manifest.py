"""Read and check a dataset version's ``manifest.json``.

(No ``from __future__ import annotations`` here: ``typing.NamedTuple`` would compile each
field's annotation string, about half a millisecond of a fresh process's first load.)
"""

import datetime as dt
import json
from typing import Any, NamedTuple

from digital_labor_corpus._sha256 import is_sha256_hex
from digital_labor_corpus.exceptions import CorpusIntegrityError, UnknownVersionError

__all__ = ["MANIFEST", "Manifest", "TableEntry", "check_file_name", "check_version_string", "parse_manifest"]

MANIFEST = "manifest.json"


def _is_version(text: str) -> bool:
    """Whether ``text`` is three ASCII numbers without leading zeros, joined by dots.

    String methods rather than a regular expression: compiling one costs a fresh
    process's first load a quarter of a millisecond.
    """
    parts = text.split(".")
    return len(parts) == 3 and all(
        part.isascii() and part.isdigit() and (part == "0" or part[0] != "0") for part in parts
    )


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
    if isinstance(version, str) and _is_version(version):
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


# A manifest is a few kilobytes; refuse anything far larger before parsing it.
_MAX_BYTES = 1 << 20
_MAX_DEPTH = 8
# A separator or a drive colon: never in a file name (control characters are not printable).
_SEPARATORS = "/\\:"
_MAX_COUNT = 2**63 - 1  # row and byte counts are Parquet's int64


class _DamagedError(Exception):
    """What is wrong with a manifest, said in a few words."""


#: Every byte but the brackets and the double quote: what ``_depth`` deletes.
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'[]{}"')


def _depth(raw: bytes) -> int:
    """How deeply the JSON text nests arrays and objects (strings skipped), without parsing it.

    It runs before ``json.loads``, whose C scanner on Python 3.11 recurses as deep as the
    interpreter's recursion limit allows: a process that raised that limit would overflow
    the C stack on a manifest of half a million brackets, and crash instead of refusing it.

    Escaped backslashes, then escaped quotes, are removed first (left to right, as JSON
    pairs them), so that every quote left opens or closes a string; ``bytes.translate``
    then deletes every byte but brackets and quotes (a manifest keeps a few hundred), and
    the walk over what is left skips what lies between quotes. It stops as soon as the
    depth passes :data:`_MAX_DEPTH`. (Regular expressions did the same, but compiling them
    cost a fresh process's first load 0.4 ms.)

    Examples
    --------
    >>> _depth(b'{"a": [1, {"b": "]] [["}]}')
    3
    """
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    depth = deepest = 0
    in_string = False
    for byte in unescaped.translate(None, _NOT_STRUCTURE):
        if byte == 0x22:  # a double quote
            in_string = not in_string
        elif in_string:
            continue
        elif byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > _MAX_DEPTH:
                    return deepest
        else:
            depth -= 1
    return deepest


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DamagedError(f"the key {key!r} appears twice")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise _DamagedError(f"{name} is not a number JSON allows")


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _DamagedError(f"{what} must be an object, not {type(value).__name__}")
    return value


def _string(entry: dict[str, Any], key: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str):
        raise _DamagedError(f"{what}.{key} must be a string, not {value!r:.60}")
    return value


def _count(entry: dict[str, Any], key: str, what: str) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_COUNT:
        raise _DamagedError(f"{what}.{key} must be a whole number from 0 to 2**63-1, not {value!r:.60}")
    return value


def _digest(value: object, what: str) -> str:
    if not isinstance(value, str) or not is_sha256_hex(value):
        raise _DamagedError(f"{what} must be 64 lowercase hexadecimal digits (a SHA-256), not {value!r:.80}")
    return value


def check_file_name(name: object, where: str, field: str) -> str:
    """Return ``name`` if it is a plain file name inside the version directory, else raise.

    A file name in a manifest must be non-empty, at most 255 characters, without a path
    separator, a leading dot (``..``, hidden files) or any control character (NUL ...).

    Examples
    --------
    >>> check_file_name("quotes.parquet", "The manifest m.json", "tables.quotes.file")
    'quotes.parquet'
    >>> check_file_name("../../etc/passwd", "The manifest m.json", "tables.people.file")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.CorpusIntegrityError: The manifest m.json names an unsafe file '../../etc/passwd' in tables.people.file: ...
    """
    if (
        not isinstance(name, str)
        or not name
        or len(name) > 255
        or name.startswith(".")
        or any(separator in name for separator in _SEPARATORS)
        or not name.isprintable()
    ):
        message = (
            f"{where} names an unsafe file {name!r:.80} in {field}: a manifest lists plain file names of the "
            "version's directory (no separator, no leading dot, no control character)"
        )
        raise CorpusIntegrityError(message)
    return name


def parse_manifest(raw: bytes, where: str) -> Manifest:
    """Parse manifest bytes strictly, raising :class:`CorpusIntegrityError` naming ``where`` if damaged.

    Every field must have its type and range: the version ``MAJOR.MINOR.PATCH``, the release
    date ``YYYY-MM-DD``, for each table of the data model a plain file name, whole row and
    byte counts from 0 to 2**63-1 and SHA-256 digests; ``files`` maps plain file names to
    SHA-256 digests. Duplicate keys, ``NaN``, nesting deeper than a manifest's and
    manifests over 1 MiB are refused before anything else is read.

    Examples
    --------
    >>> parse_manifest(b'{"dataset_version": "1.0.0"}', "test.json")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.CorpusIntegrityError: The manifest test.json is damaged: release_date must be a string, not None
    """
    from digital_labor_corpus.schema.catalog import tables_in
    from digital_labor_corpus.schema.tables import TABLES

    try:
        if len(raw) > _MAX_BYTES:
            raise _DamagedError(f"it is {len(raw):,} bytes long; a manifest is at most {_MAX_BYTES:,}")
        if _depth(raw) > _MAX_DEPTH:
            raise _DamagedError(f"it nests deeper than {_MAX_DEPTH} levels")
        try:
            data = json.loads(
                raw.decode("utf-8"), object_pairs_hook=_unique_keys, parse_constant=_no_constant
            )
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise _DamagedError(f"it is not UTF-8 JSON ({type(error).__name__}: {error})") from None
        data = _object(data, "the manifest")
        version = data.get("dataset_version")
        try:
            version = check_version_string(version)
        except UnknownVersionError:
            raise _DamagedError(f"dataset_version must be MAJOR.MINOR.PATCH, not {version!r:.60}") from None
        date_value = data.get("release_date")
        if not isinstance(date_value, str):
            raise _DamagedError(f"release_date must be a string, not {date_value!r:.60}")
        try:
            release_date = dt.date.fromisoformat(date_value)
        except ValueError:
            raise _DamagedError(f"release_date must be a date YYYY-MM-DD, not {date_value!r:.60}") from None
        listed = _object(data.get("tables"), "tables")
        # A version lists the tables of its own schema (1.0.x have no errata table).
        expected = tables_in(version)
        missing = [name for name in expected if name not in listed]
        unknown = [name for name in listed if name not in TABLES]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"it lacks table(s) {', '.join(missing)}")
            if unknown:
                parts.append(f"it lists unknown table(s) {', '.join(repr(n)[:40] for n in unknown[:5])}")
            raise _DamagedError(
                f"{'; '.join(parts)} (a manifest of version {version} lists exactly {', '.join(expected)})"
            )
        tables = {}
        for name in expected:
            what = f"tables.{name}"
            entry = _object(listed[name], what)
            tables[name] = TableEntry(
                file=check_file_name(_string(entry, "file", what), f"The manifest {where}", f"{what}.file"),
                rows=_count(entry, "rows", what),
                sha256=_digest(entry.get("sha256"), f"{what}.sha256"),
                bytes=_count(entry, "bytes", what),
                schema_fingerprint=_digest(entry.get("schema_fingerprint"), f"{what}.schema_fingerprint"),
            )
        files = {}
        for filename, digest in _object(data.get("files", {}), "files").items():
            check_file_name(filename, f"The manifest {where}", "files")
            files[filename] = _digest(digest, f"files[{filename!r}]")
    except _DamagedError as error:
        message = f"The manifest {where} is damaged: {error}"
        raise CorpusIntegrityError(message) from None
    return Manifest(dataset_version=version, release_date=release_date, tables=tables, files=files)
