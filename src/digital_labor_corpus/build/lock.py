"""The release lock: every released dataset version with the SHA-256 of each of its files.

The lock (``corpus/releases.lock.json``) is committed. A released version is never rebuilt
or overwritten: the build and the release command refuse, and a test fails when a released
file changes or disappears.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs

from digital_labor_corpus.exceptions import CorpusIntegrityError

__all__ = ["LOCK", "LockProblem", "check_lock", "digests", "read_lock", "version_key"]

LOCK = "releases.lock.json"


@attrs.frozen
class LockProblem:
    """A released file that changed or disappeared, or a shipped version not in the lock."""

    version: str
    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.version}/{self.file}: {self.problem}"


def read_lock(corpus_dir: Path) -> dict[str, Any]:
    """Return the release lock of ``corpus_dir`` (an empty lock if there is none yet)."""
    path = Path(corpus_dir) / LOCK
    if not path.exists():
        return {"releases": {}}
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusIntegrityError(f"{path} is unreadable: {error}") from None
    return data


def digests(version_dir: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(version_dir.iterdir())
        if path.is_file()
    }


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a version string."""
    return tuple(int(part) for part in version.split("."))


def check_lock(corpus_dir: Path, data_dir: Path) -> list[LockProblem]:
    """Compare the shipped versions under ``data_dir`` with the lock of ``corpus_dir``.

    Every released file must exist with its locked digest, and every shipped version must
    be released (a version under construction is built elsewhere, never shipped).
    """
    lock = read_lock(corpus_dir)["releases"]
    problems: list[LockProblem] = []
    for version, entry in lock.items():
        version_dir = Path(data_dir) / version
        if not version_dir.is_dir():
            problems.append(LockProblem(version, "", "released version is missing"))
            continue
        actual = digests(version_dir)
        for filename, digest in entry["files"].items():
            if filename not in actual:
                problems.append(LockProblem(version, filename, "released file is missing"))
            elif actual[filename] != digest:
                problems.append(
                    LockProblem(version, filename, f"changed: SHA-256 {actual[filename]}, locked {digest}")
                )
        for filename in sorted(set(actual) - set(entry["files"])):
            problems.append(LockProblem(version, filename, "file added to a released version"))
    for version_dir in sorted(Path(data_dir).iterdir()):
        if version_dir.is_dir() and version_dir.name[0].isdigit() and version_dir.name not in lock:
            problems.append(LockProblem(version_dir.name, "", "shipped but not in the release lock"))
    return problems
