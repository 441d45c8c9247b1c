"""The ``digital-labor-corpus`` command line.

Every library error becomes one line on standard error and exit status 2.

Examples
--------
>>> main(["tables"])  # doctest: +ELLIPSIS
appearances
...
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from ._version import __version__
from .exceptions import CorpusError

__all__ = ["COMMANDS", "main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like the library's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _info(args: argparse.Namespace) -> int:
    from ._store import shipped_store
    from .loaders import load
    from .schema import TABLES

    manifest = shipped_store().manifest(args.version)
    version = manifest.dataset_version
    print(f"digital-labor-corpus {__version__}: dataset version {version}, released {manifest.release_date}")
    sources = load("sources", version=version, columns=["title", "author", "n_chars"]).to_pylist()
    for source in sources:
        print(f"source: {source['title']!r} by {source['author']} ({source['n_chars']:,} characters)")
    print()
    width = max(len(name) for name in TABLES)
    for name, spec in TABLES.items():
        print(f"  {name:<{width}}  {manifest.tables[name].rows:>6,}  {spec.description}")
    dates = load("appearances", version=version, columns=["date"]).column("date").to_pylist()
    if dates:
        print()
        print(f"appearances from {min(dates)} to {max(dates)}")
    return 0


def _tables(_args: argparse.Namespace) -> int:
    from .schema import TABLES

    for name in TABLES:
        print(name)
    return 0


def _versions(_args: argparse.Namespace) -> int:
    from ._store import shipped_store

    store = shipped_store()
    for version in store.versions():
        manifest = store.manifest(version)
        print(f"{version}  released {manifest.release_date}")
    return 0


def _describe(args: argparse.Namespace) -> int:
    import attrs

    from ._catalog import spec_for
    from .vocabularies import VOCABULARIES

    spec = spec_for(args.table)
    print(f"{spec.name}: {spec.description}")
    print(f"primary key: {spec.primary_key}")
    print()
    for field in attrs.fields(spec.record):
        meta = field.metadata
        print(f"  {field.name}: {meta['description']}")
        if meta.get("references"):
            print(f"      references {meta['references']}")
        if meta.get("vocabulary"):
            print(f"      one of: {', '.join(VOCABULARIES[meta['vocabulary']])}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .validation import validate

    violations = validate(args.version)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} violation(s)", file=sys.stderr)
        return 1
    print("valid: no violation")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from .coverage import coverage

    report = coverage(args.version)
    paragraphs = report.paragraphs
    print(f"dataset version {report.version}")
    print(f"characters inside an appearance's span: {report.share_in_appearances:.1%}")
    print(
        f"paragraphs holding a quote or claim: {sum(p.covered for p in paragraphs)} of "
        f"{len(paragraphs)} ({report.share_of_paragraphs_covered:.1%}); "
        f"exempt: {len(report.exempted)}; uncovered: {len(report.uncovered)}"
    )
    if report.uncovered:
        print("\nparagraphs with neither quote nor claim:")
        for p in report.uncovered:
            print(f"  line {p.line}: {p.text[:90]}")
    if args.exempt:
        print("\nexempt paragraphs:")
        for p in report.exempted:
            print(f"  line {p.line} ({p.exempt_reason}): {p.text[:80]}")
    return 1 if report.uncovered else 0


def _build(args: argparse.Namespace) -> int:
    from ._build.compile import build

    result = build(Path(args.corpus), Path(args.out))
    state = "written to" if result.written else "up to date in"
    print(f"dataset version {result.version} {state} {result.path}")
    for name, rows in result.rows.items():
        print(f"  {name:<15} {rows:>6,}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from ._build.release import release

    result = release(Path(args.corpus), Path(args.out))
    print(f"dataset version {result.version} released in {result.path} and added to the release lock")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .diff import diff

    result = diff(args.old, args.new)
    lines = result.report() if args.records else result.summary()
    print("\n".join(lines))
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str]] = {
    "info": (_info, "summarise the corpus: version, tables, row counts, dates", "digital-labor-corpus info"),
    "tables": (_tables, "list the table names", "digital-labor-corpus tables"),
    "versions": (_versions, "list the shipped dataset versions", "digital-labor-corpus versions"),
    "describe": (_describe, "print the data dictionary of one table", "digital-labor-corpus describe quotes"),
    "validate": (
        _validate,
        "check every invariant of the data model",
        "digital-labor-corpus validate --version 1.0.0",
    ),
    "coverage": (
        _coverage,
        "report how completely the source is annotated",
        "digital-labor-corpus coverage --exempt",
    ),
    "diff": (
        _diff,
        "compare two dataset versions record by record",
        "digital-labor-corpus diff 1.0.0 path/to/my-build/1.1.0 --records",
    ),
    "release": (
        _release,
        "build a new dataset version and add it to the release lock",
        "digital-labor-corpus release --corpus corpus --out src/digital_labor_corpus/data",
    ),
    "build": (
        _build,
        "compile the annotations under corpus/ into Parquet tables",
        "digital-labor-corpus build --corpus corpus --out src/digital_labor_corpus/data",
    ),
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="digital-labor-corpus",
        description="What is said about click work: a versioned, verbatim, typed corpus.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (handler, summary, example) in COMMANDS.items():
        sub = commands.add_parser(
            name,
            help=summary,
            description=f"{summary[0].upper()}{summary[1:]}.",
            epilog=f"example: {example}",
        )
        sub.set_defaults(handler=handler)
        if name in ("info", "validate", "coverage"):
            sub.add_argument(
                "--version", dest="version", default=None, help="dataset version (default: newest)"
            )
        if name == "describe":
            sub.add_argument("table", help="a table name, see 'tables'")
        if name == "coverage":
            sub.add_argument("--exempt", action="store_true", help="also list the exempt paragraphs and why")
        if name == "diff":
            sub.add_argument("old", help="a shipped version (1.0.0) or a version directory")
            sub.add_argument("new", help="a shipped version or a version directory")
            sub.add_argument(
                "--records", action="store_true", help="list every changed record, not only the counts"
            )
        if name in ("build", "release"):
            sub.add_argument("--corpus", default="corpus", help="the annotation directory (default: corpus)")
            sub.add_argument(
                "--out",
                default="src/digital_labor_corpus/data",
                help="where versions are written (default: src/digital_labor_corpus/data)",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except CorpusError as error:
        print(f"digital-labor-corpus: error: {error}".splitlines()[0], file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return status


if __name__ == "__main__":
    raise SystemExit(main())
