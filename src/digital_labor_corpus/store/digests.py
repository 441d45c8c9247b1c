"""Check a file on disk against the SHA-256 its manifest records, once per state of the file.

:func:`verify_file` hashes the file in 1 MiB blocks (its memory stays flat whatever the
file's size) and remembers, for the life of the process, that this file in this state
(device, inode, size, modification and change times) matched. Opening the same
directory again does not hash it again; any write to the file changes its times and
makes the next open hash it anew.

Examples
--------
>>> import hashlib, tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     path = pathlib.Path(d) / "t.txt"
...     _ = path.write_bytes(b"abc")
...     verify_file(path, hashlib.sha256(b"abc").hexdigest(), 3)
...     verify_file(path, "0" * 64, 3)
Traceback (most recent call last):
...
digital_labor_corpus.exceptions.CorpusIntegrityError: .../t.txt is damaged: its SHA-256 is ba7816bf... but the manifest expects 00000000...; ...
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import BinaryIO

from digital_labor_corpus.exceptions import CorpusIntegrityError

__all__ = ["file_digest", "verify_file"]

_BLOCK = 1 << 20
_VERIFIED: set[tuple[str, int, int, int, int, int, str]] = set()
_LOCK = threading.Lock()


def _state(path: Path, stat: os.stat_result, sha256: str) -> tuple[str, int, int, int, int, int, str]:
    return (str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, sha256)


def verify_file(path: Path, sha256: str, size: int | None = None) -> None:
    """Raise :class:`CorpusIntegrityError` unless ``path`` has this SHA-256 (and ``size``).

    Parameters
    ----------
    path
        The file.
    sha256
        The digest the manifest records (64 lowercase hexadecimal digits).
    size
        The size in bytes the manifest records, compared first (a cheap early answer).

    Raises
    ------
    CorpusIntegrityError
        When the file is missing, unreadable, of another size or another digest; the
        message names the file and says what to do.
    """
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            state = _state(path, stat, sha256)
            with _LOCK:
                if state in _VERIFIED:
                    return
            if size is not None and stat.st_size != size:
                message = (
                    f"{path} is damaged: it is {stat.st_size:,} bytes long but the manifest says "
                    f"{size:,}. Restore the file, or remove the manifest to open the directory unverified"
                )
                raise CorpusIntegrityError(message)
            actual = _hash(handle)
    except OSError as error:
        if isinstance(error, CorpusIntegrityError):
            raise
        message = f"Cannot read {path}: {error.strerror or type(error).__name__}"
        raise CorpusIntegrityError(message) from None
    if actual != sha256:
        message = (
            f"{path} is damaged: its SHA-256 is {actual} but the manifest expects {sha256}; "
            "restore the file, or remove the manifest to open the directory unverified"
        )
        raise CorpusIntegrityError(message)
    with _LOCK:
        _VERIFIED.add(state)


def _hash(handle: BinaryIO) -> str:
    """The SHA-256 of what is left to read from ``handle``, in hexadecimal, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    while block := handle.read(_BLOCK):
        digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of ``path``'s bytes, in hexadecimal; raises OSError where it cannot be read.

    Unlike :func:`verify_file`, nothing is compared or remembered: for files this library
    writes and names by their digest (the clustered copies) or keys its kept files by.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "f"
    >>> _ = path.write_bytes(b"abc")
    >>> file_digest(path)[:16]
    'ba7816bf8f01cfea'
    """
    with path.open("rb") as handle:
        return _hash(handle)


def _new_lock_after_fork() -> None:
    global _LOCK  # noqa: PLW0603 - a parent thread may have held it at the fork
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX only
    os.register_at_fork(after_in_child=_new_lock_after_fork)
