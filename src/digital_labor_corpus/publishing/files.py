"""Writing export files safely: each file goes to a temporary name and is moved into place when complete.

An interrupted export therefore never leaves a half-written file under its final name.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic"]


@contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """Yield a new temporary path beside ``path``; move it onto ``path`` once the block succeeds.

    The file is created with the permissions the umask allows, as ``open`` would.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
