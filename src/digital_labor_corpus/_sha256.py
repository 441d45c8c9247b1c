"""The SHA-256 of bytes in memory, without importing :mod:`hashlib` for small inputs.

Importing ``hashlib`` costs about 2.5 ms on first use: it loads ``_hashlib`` and asks
OpenSSL for every digest it provides. The shipped corpus's files are a few dozen
kilobytes, so a fresh process's first table paid more to import ``hashlib`` than to
hash the file. CPython also ships its own SHA-256 (``_sha2`` from Python 3.12,
``_sha256`` before), the one ``hashlib`` itself falls back to without OpenSSL; it
imports in a tenth of the time and hashes about 200 MB/s, against OpenSSL's 1.4 GB/s.

So :func:`sha256_hex` uses the built-in module for inputs under :data:`SMALL` bytes while
``hashlib`` is not yet imported, and ``hashlib`` otherwise. Both compute the same
standard digest (FIPS 180-4); the tests compare them on random inputs of every size
around the threshold. An interpreter without the built-in module (PyPy) uses
``hashlib`` throughout.

Examples
--------
>>> sha256_hex(b"abc")
'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

__all__ = ["SMALL", "is_sha256_hex", "sha256_hex"]

#: Inputs shorter than this many bytes are hashed by CPython's own SHA-256 (1.3 ms at
#: most, about what importing hashlib costs) unless hashlib is already imported.
SMALL = 256 * 1024


@cache
def _built_in() -> Callable[[bytes | bytearray | memoryview], Any] | None:
    """CPython's own SHA-256 constructor, or None where the interpreter has none (looked up once)."""
    for name in ("_sha2", "_sha256"):  # Python >= 3.12, then 3.11
        try:
            constructor: Callable[[bytes | bytearray | memoryview], Any] = import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    return None


def is_sha256_hex(text: str) -> bool:
    """Whether ``text`` is a SHA-256 as :func:`sha256_hex` writes it: 64 lowercase hexadecimal digits.

    Examples
    --------
    >>> is_sha256_hex("0" * 64), is_sha256_hex("A" * 64), is_sha256_hex("0" * 64 + "\\n")
    (True, False, False)
    """
    return len(text) == 64 and not text.strip("0123456789abcdef")


def sha256_hex(data: bytes | bytearray | memoryview) -> str:
    """The SHA-256 of ``data``, as 64 lowercase hexadecimal digits.

    Parameters
    ----------
    data
        The bytes to hash (any object of the buffer protocol).

    Returns
    -------
    str
        The digest, as ``hashlib.sha256(data).hexdigest()`` gives it.

    Examples
    --------
    >>> sha256_hex(b"")
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    if "hashlib" not in sys.modules and memoryview(data).nbytes < SMALL:
        constructor = _built_in()
        if constructor is not None:
            digest: str = constructor(data).hexdigest()
            return digest
    import hashlib

    return hashlib.sha256(data).hexdigest()
