"""Release a dataset version: build it and record its files' digests in the release lock."""

from __future__ import annotations

import json
from pathlib import Path

from digital_labor_corpus.build.compile import BuildResult, build, read_release
from digital_labor_corpus.build.lock import LOCK, digests, read_lock, version_key
from digital_labor_corpus.exceptions import AnnotationError

__all__ = ["release"]


def release(corpus_dir: Path, data_dir: Path) -> BuildResult:
    """Build the version named in ``release.toml`` and add it to the release lock.

    Refuses a version that is already released, whatever its data.
    """
    corpus_dir, data_dir = Path(corpus_dir), Path(data_dir)
    version, release_date = read_release(corpus_dir)
    lock = read_lock(corpus_dir)
    if version in lock["releases"]:
        raise AnnotationError(
            f"dataset version {version} is already released; released versions are never "
            "rebuilt: raise the version in release.toml first"
        )
    result = build(corpus_dir, data_dir)
    lock["releases"][version] = {
        "release_date": release_date.isoformat(),
        "files": digests(result.path),
    }
    lock["releases"] = dict(sorted(lock["releases"].items(), key=lambda kv: version_key(kv[0])))
    (corpus_dir / LOCK).write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return result
