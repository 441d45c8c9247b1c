"""Compile the annotations into a dataset version: Parquet tables plus a manifest.

The build checks every record against the schema and every invariant with
:func:`~digital_labor_corpus.checks.validation.validate_tables` before it writes anything, and
writes a version atomically: a failed build leaves no partial version behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pyarrow as pa
import pyarrow.parquet as pq

from digital_labor_corpus.build.annotations import AnnotatedCorpus, read_corpus
from digital_labor_corpus.build.lock import read_lock
from digital_labor_corpus.checks.validation import validate_tables
from digital_labor_corpus.exceptions import AnnotationError, CorpusError
from digital_labor_corpus.publishing.metadata import CROISSANT, DATAPACKAGE, croissant, datapackage
from digital_labor_corpus.schema.arrow import arrow_schema, schema_fingerprint
from digital_labor_corpus.schema.convert import converter, records_to_rows
from digital_labor_corpus.schema.records import TABLES, Record
from digital_labor_corpus.store.manifest import MANIFEST, Manifest, TableEntry, check_version_string

__all__ = ["EXEMPTIONS", "BuildResult", "build", "compile_tables", "read_release", "write_version"]

EXEMPTIONS = "coverage-exemptions.json"
ROW_GROUP_SIZE = 65_536


@attrs.frozen
class BuildResult:
    """What a build did: the version, where it is, and whether anything was written."""

    version: str
    path: Path
    written: bool
    rows: dict[str, int]


def read_release(root: Path) -> tuple[str, dt.date]:
    """Read ``release.toml`` of a corpus directory: the dataset version and release date."""
    path = root / "release.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AnnotationError(f"{path}: cannot read it ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise AnnotationError(f"{path}: not valid TOML: {error}") from None
    version = data.get("version")
    release_date = data.get("release_date")
    try:
        check_version_string(version)
    except CorpusError as error:
        raise AnnotationError(f"{path}: version: {error}") from None
    if not isinstance(release_date, dt.date) or isinstance(release_date, dt.datetime):
        raise AnnotationError(f"{path}: release_date must be a date, written YYYY-MM-DD")
    assert isinstance(version, str)
    return version, release_date


def _structure(corpus: AnnotatedCorpus, table: str, rows: list[dict[str, Any]]) -> list[Record]:
    record_class = TABLES[table].record
    records: list[Record] = []
    for row in rows:
        key = row[TABLES[table].primary_key]
        try:
            records.append(converter.structure(row, record_class))
        except (cattrs.BaseValidationError, ValueError, TypeError) as error:
            details = "; ".join(_flatten(error))
            raise AnnotationError(f"{corpus.origin(table, key)}: {table} record {key!r}: {details}") from None
    return records


def _flatten(error: BaseException) -> list[str]:
    if isinstance(error, BaseExceptionGroup):
        notes = getattr(error, "__notes__", [])
        out: list[str] = []
        for index, inner in enumerate(error.exceptions):
            inner_notes = getattr(inner, "__notes__", [])
            where = inner_notes[0] if inner_notes else (notes[index] if index < len(notes) else "")
            out.extend(f"{where}: {message}" if where else message for message in _flatten(inner))
        return out
    return [str(error)]


def compile_tables(corpus: AnnotatedCorpus) -> dict[str, pa.Table]:
    """Turn resolved annotation rows into schema-checked Arrow tables sorted by key."""
    compiled: dict[str, pa.Table] = {}
    for name, spec in TABLES.items():
        records = _structure(corpus, name, corpus.tables[name])
        records.sort(key=lambda r: getattr(r, spec.primary_key))
        compiled[name] = pa.Table.from_pylist(records_to_rows(records), schema=arrow_schema(name))
    return compiled


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_version(
    tables: dict[str, pa.Table],
    out: Path,
    version: str,
    release_date: dt.date,
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Write ``tables`` as dataset ``version`` under ``out``, atomically, and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / version
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=out))
    try:
        entries = {}
        for name, table in tables.items():
            filename = f"{name}.parquet"
            path = staging / filename
            pq.write_table(
                table,
                path,
                compression="zstd",
                row_group_size=ROW_GROUP_SIZE,
                write_statistics=True,
                store_schema=True,
            )
            entries[name] = TableEntry(
                file=filename,
                rows=table.num_rows,
                sha256=_sha256(path),
                bytes=path.stat().st_size,
                schema_fingerprint=schema_fingerprint(table.schema),
            )
        sources = tables["sources"].select(["title", "author", "language"]).to_pylist()
        metadata = {
            DATAPACKAGE: datapackage(version, release_date, entries, sources),
            CROISSANT: croissant(version, release_date, entries, sources),
        }
        extra = dict(extra_files or {})
        for filename, document in metadata.items():
            extra[filename] = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
        files = {}
        for filename, content in extra.items():
            (staging / filename).write_bytes(content)
            files[filename] = hashlib.sha256(content).hexdigest()
        manifest = Manifest(version, release_date, entries, files)
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _same_tables(path: Path, tables: dict[str, pa.Table]) -> bool:
    for name, table in tables.items():
        file = path / f"{name}.parquet"
        if not file.is_file():
            return False
        if not pq.ParquetFile(file).read().equals(table, check_metadata=True):
            return False
    return True


def build(
    corpus_dir: Path = Path("corpus"),
    out: Path = Path("src/digital_labor_corpus/data"),
) -> BuildResult:
    """Compile ``corpus_dir`` into ``out/<version>/`` (version and date from release.toml).

    A version that already holds the same tables is reported up to date. A version under
    construction (not yet in the release lock) is rebuilt; a released one is never
    overwritten: the build fails and asks for a new version.

    Examples
    --------
    >>> build(Path("corpus"), Path("/tmp/dlc-build"))  # doctest: +SKIP
    BuildResult(version='1.0.0', ...)
    """
    corpus_dir = Path(corpus_dir)
    out = Path(out)
    if not corpus_dir.is_dir():
        raise AnnotationError(
            f"{corpus_dir}: no such corpus directory; run the build from a checkout of the "
            "repository or pass --corpus DIR"
        )
    version, release_date = read_release(corpus_dir)
    corpus = read_corpus(corpus_dir)
    tables = compile_tables(corpus)
    violations = validate_tables(tables, release_date=release_date)
    if violations:
        shown = " | ".join(f"{corpus.origin(v.table, v.key)}: {v}" for v in violations[:10])
        more = f" | ... and {len(violations) - 10} more" if len(violations) > 10 else ""
        raise AnnotationError(f"{len(violations)} invariant violation(s): {shown}{more}")
    rows = {name: table.num_rows for name, table in tables.items()}
    target = out / version
    if target.exists():
        if _same_tables(target, tables):
            return BuildResult(version, target, False, rows)
        if version in read_lock(corpus_dir)["releases"]:
            raise AnnotationError(
                f"{target} holds released dataset version {version} with different data; "
                "released versions never change: raise the version in release.toml and build again"
            )
        shutil.rmtree(target)  # an unreleased version under construction is rebuilt
    exemptions = [
        {
            "exemption_id": e.exemption_id,
            "source_id": e.source_id,
            "span_start": e.span_start,
            "span_end": e.span_end,
            "reason": e.reason,
        }
        for e in sorted(corpus.exemptions, key=lambda e: (e.source_id, e.span_start))
    ]
    extra = {EXEMPTIONS: (json.dumps(exemptions, indent=1, ensure_ascii=False) + "\n").encode()}
    path = write_version(tables, out, version, release_date, extra)
    return BuildResult(version, path, True, rows)
