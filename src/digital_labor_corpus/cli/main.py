"""The ``digital-labor-corpus`` command line.

Every library error becomes one line on standard error and exit status 2. Data goes to
standard output; progress and notes (rows left out by ``--limit``, an export's progress)
go to standard error, so that output can be piped.

Examples
--------
>>> main(["tables"])  # doctest: +ELLIPSIS
appearances
...
0
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from digital_labor_corpus._version import __version__
from digital_labor_corpus.exceptions import CorpusError, InvalidArgumentError, MissingDependencyError

if TYPE_CHECKING:
    from digital_labor_corpus.publishing.exporting import ExportProgress

__all__ = ["COMMANDS", "main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like the library's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _ProgramVersion(argparse.Action):
    """``--version`` before the command: print the program's version; refuse a value.

    ``digital-labor-corpus --version 1.0.0 info`` once meant the dataset version to some
    users and printed the program's version, ignoring ``info``: a value is now an error.
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        _namespace: argparse.Namespace,
        values: Any,
        _option: str | None = None,
    ) -> None:
        if values is not None:
            parser.error(
                f"--version takes no value (it prints the program's version); for dataset version "
                f"{values} write: {parser.prog} COMMAND --dataset-version {values}"
            )
        print(f"{parser.prog} {__version__}")
        parser.exit(0)


class _MovedVersion(argparse.Action):
    """``--version`` after a command: the dataset version's option is now ``--dataset-version``."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        _namespace: argparse.Namespace,
        values: Any,
        _option: str | None = None,
    ) -> None:
        value = values if values is not None else "VERSION"
        parser.error(
            f"--version after a command is no longer the dataset version: write --dataset-version {value} "
            "(digital-labor-corpus --version, before the command, prints the program's version)"
        )


class _Formatter(argparse.HelpFormatter):
    """Shows ``--version`` without the optional value it accepts only to refuse it."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if isinstance(action, _ProgramVersion | _MovedVersion):
            return ", ".join(action.option_strings)
        return super()._format_action_invocation(action)


def _dataset_version(text: str) -> str:
    """A ``--dataset-version`` value, checked against the shipped versions in command-line terms."""
    from digital_labor_corpus.store.storage import shipped_store

    shipped = shipped_store().versions()
    if text in shipped:
        return text
    message = (
        f"{text!r} is not a shipped dataset version; 'digital-labor-corpus versions' lists them: "
        f"{', '.join(shipped) or 'none'}"
    )
    raise argparse.ArgumentTypeError(message)


def _info(args: argparse.Namespace) -> int:
    from digital_labor_corpus.schema.records import TABLES
    from digital_labor_corpus.store.loading import load
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    manifest = store.manifest(args.version)
    version = manifest.dataset_version
    # Every table is read (and so checked against its digest) before a line is printed:
    # the counts are the files', and damage is one line of error, not a partial summary.
    counts = {name: store.table(name, version).num_rows for name in TABLES if name in manifest.tables}
    print(f"digital-labor-corpus {__version__}: dataset version {version}, released {manifest.release_date}")
    sources = load("sources", version=version, columns=["title", "author", "n_chars"]).to_pylist()
    for source in sources:
        print(f"source: {source['title']!r} by {source['author']} ({source['n_chars']:,} characters)")
    print()
    width = max(len(name) for name in TABLES)
    for name, spec in TABLES.items():
        if name in counts:  # a version has the tables of its own schema
            print(f"  {name:<{width}}  {counts[name]:>6,}  {spec.description}")
    rows = load("appearances", version=version, columns=["date", "date_precision"]).to_pylist()
    if rows:
        dated = sorted((row["date"], _as_precise(row["date"], row["date_precision"])) for row in rows)
        print()
        print(f"appearances from {dated[0][1]} to {dated[-1][1]}")
    return 0


def _as_precise(date: dt.date, precision: str) -> str:
    """``date`` written to its precision: ``2019-06`` for a month, ``2019`` for a year.

    Examples
    --------
    >>> _as_precise(dt.date(2019, 6, 1), "month"), _as_precise(dt.date(2020, 2, 4), "day")
    ('2019-06', '2020-02-04')
    """
    return {"year": f"{date:%Y}", "month": f"{date:%Y-%m}"}.get(precision, date.isoformat())


def _tables(_args: argparse.Namespace) -> int:
    from digital_labor_corpus.schema.records import TABLES

    for name in TABLES:
        print(name)
    return 0


def _versions(_args: argparse.Namespace) -> int:
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    for version in store.versions():
        manifest = store.manifest(version)
        print(f"{version}  released {manifest.release_date}")
    return 0


def _card(_args: argparse.Namespace) -> int:
    from digital_labor_corpus.store.documents import card

    print(card().rstrip("\n"))
    return 0


def _vocabularies(args: argparse.Namespace) -> int:
    from digital_labor_corpus.schema.catalog import close_matches
    from digital_labor_corpus.schema.vocabularies import vocabularies

    every = vocabularies()
    names = args.names or list(every)
    for name in names:
        if name not in every:
            matches = close_matches(name, list(every))
            hint = f" Did you mean {', '.join(repr(m) for m in matches)}?" if matches else ""
            message = f"Unknown vocabulary {name!r}. The vocabularies: {', '.join(every)}.{hint}"
            raise InvalidArgumentError(message)
    for number, name in enumerate(names):
        if number:
            print()
        print(name)
        width = max(len(value) for value in every[name])
        for value, definition in every[name].items():
            print(f"  {value:<{width}}  {definition}")
    return 0


def _describe(args: argparse.Namespace) -> int:
    from digital_labor_corpus.schema.catalog import spec_for
    from digital_labor_corpus.schema.vocabularies import VOCABULARIES

    spec = spec_for(args.table)
    print(f"{spec.name}: {spec.description}")
    print(f"primary key: {spec.primary_key}")
    print()
    for column in spec.fields:
        print(f"  {column.name}: {column.description}")
        if column.references:
            print(f"      references {column.references}")
        if column.vocabulary:
            print(f"      one of: {', '.join(VOCABULARIES[column.vocabulary])}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from digital_labor_corpus.cli.render import check_output_format, render
    from digital_labor_corpus.cli.show import column_names, parse_limit, parse_where
    from digital_labor_corpus.schema.catalog import spec_for
    from digital_labor_corpus.store.loading import load

    spec = spec_for(args.table)
    fmt = check_output_format(args.format)
    limit = parse_limit(args.limit)
    columns = column_names(spec.name, args.columns)

    def named(table: str) -> Any:
        return load(table, version=args.version)

    conditions = parse_where(spec.name, args.where or [], tables=named)
    table = load(spec.name, version=args.version)
    if args.columns is None:  # an older version lacks the columns later versions added
        columns = [column for column in columns if column in table.column_names]
    rows = [row for row in table.to_pylist() if all(c.matches(row) for c in conditions)]
    shown = rows if limit is None else rows[:limit]
    width = None if args.wide else shutil.get_terminal_size().columns
    print(render(shown, columns, fmt, width=width))
    if not rows and conditions:
        print(f"no row of {spec.name} has {' and '.join(c.describe() for c in conditions)}", file=sys.stderr)
    elif len(shown) < len(rows):
        print(f"{len(shown)} of {len(rows)} rows shown; --limit all shows every row", file=sys.stderr)
    return 0


def _open_corpus(version: str | None) -> Any:
    """Open the corpus with :func:`digital_labor_corpus.queries.corpus.open`, imported only when needed."""
    try:
        opener = importlib.import_module("digital_labor_corpus.queries.corpus").open
    except (ImportError, AttributeError) as error:
        message = (
            f"search needs digital_labor_corpus.queries.corpus.open, which this installation lacks ({error})"
        )
        raise MissingDependencyError(message) from None
    return opener(version=version)


def _hit_lines(rows: list[dict[str, Any]]) -> str:
    """Search hits for a reader: a heading line per hit, then its snippet, indented."""
    lines = []
    for number, hit in enumerate(rows, start=1):
        about = ", ".join(str(hit[key]) for key in ("date", "person") if hit.get(key) is not None)
        heading = f"{number}. {hit.get('table', '')} {hit.get('record_id', '')}".rstrip()
        lines.append(f"{heading} ({about})" if about else heading)
        snippet = hit.get("snippet")
        if snippet:
            lines.append("   " + " ".join(str(snippet).split()))
    return "\n".join(lines)


def _search(args: argparse.Namespace) -> int:
    from digital_labor_corpus.cli.render import check_output_format, render
    from digital_labor_corpus.cli.show import parse_limit, table_names

    fmt = check_output_format(args.format)
    limit = parse_limit(args.limit)
    tables = table_names(args.tables)
    options: dict[str, Any] = {"lang": args.lang, "limit": limit}
    if tables is not None:
        options["tables"] = tuple(tables)
    hits = _open_corpus(args.version).search(args.text, **options)
    rows: list[dict[str, Any]] = hits.to_pylist()
    if fmt == "table":
        if rows:
            print(_hit_lines(rows))
    else:
        print(render(rows, hits.column_names, fmt))
    if not rows:
        print(f"no hit for {args.text!r}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from digital_labor_corpus.cli.show import table_names
    from digital_labor_corpus.publishing.exporting import export

    def report(step: ExportProgress) -> None:
        print(f"[{step.done}/{step.total}] {step.table}: {step.rows:,} rows -> {step.path}", file=sys.stderr)

    result = export(
        args.out,
        args.format,
        version=args.version,
        tables=table_names(args.tables),
        progress=None if args.quiet else report,
    )
    print(
        f"exported {len(result.rows)} table(s) of dataset version {result.version} "
        f"as {result.format} into {result.directory}"
    )
    for path in result.files:
        print(f"  {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from digital_labor_corpus.checks.validation import validate

    violations = validate(args.version)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} violation(s)", file=sys.stderr)
        return 1
    print("valid: no violation")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from digital_labor_corpus.checks.completeness import coverage

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
    from digital_labor_corpus.build.compile import build

    result = build(Path(args.corpus), Path(args.out))
    state = "written to" if result.written else "up to date in"
    print(f"dataset version {result.version} {state} {result.path}")
    for name, rows in result.rows.items():
        print(f"  {name:<15} {rows:>6,}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from digital_labor_corpus.build.release import release

    result = release(Path(args.corpus), Path(args.out))
    print(f"dataset version {result.version} released in {result.path} and added to the release lock")
    if result.classification is not None:
        print(
            f"a {result.classification.level} release after {result.previous}; errata: {result.rows.get('errata', 0)} row(s)"
        )
    return 0


def _diff(args: argparse.Namespace) -> int:
    from digital_labor_corpus.checks.changes import diff

    result = diff(args.old, args.new)
    lines = result.report() if args.records else result.summary()
    classification = result.classify()
    lines.append(f"release: {classification.level} (by the CHANGELOG's versioning policy)")
    if args.records:
        lines.extend(f"  {reason}" for reason in classification.reasons)
    print("\n".join(lines))
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str]] = {
    "info": (_info, "summarise the corpus: version, tables, row counts, dates", "digital-labor-corpus info"),
    "tables": (_tables, "list the table names", "digital-labor-corpus tables"),
    "versions": (_versions, "list the shipped dataset versions", "digital-labor-corpus versions"),
    "describe": (_describe, "print the data dictionary of one table", "digital-labor-corpus describe quotes"),
    "vocabularies": (
        _vocabularies,
        "print the closed vocabularies, each value with its definition",
        "digital-labor-corpus vocabularies medium genre",
    ),
    "card": (
        _card,
        "print the data card: uses, composition, known problems, nulls, licences",
        "digital-labor-corpus card | less",
    ),
    "show": (
        _show,
        "print the rows of one table, filtered",
        "digital-labor-corpus show quotes --where speaker_id=casilli --where topics=pay --columns quote_id,text_en --limit 5",
    ),
    "search": (
        _search,
        "find words in the quotes and claims, in French or English",
        "digital-labor-corpus search '\"travail du clic\" Madagascar' --lang fr --limit 5",
    ),
    "export": (
        _export,
        "write tables as CSV, JSON Lines, Parquet, SQLite or xlsx, or the annotated source as TEI, Web Annotation or brat",
        "digital-labor-corpus export --format sqlite --out corpus-export",
    ),
    "validate": (
        _validate,
        "check every invariant of the data model",
        "digital-labor-corpus validate --dataset-version 1.0.0",
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


# More about a command, under its one-line summary in --help (kept as written: wrap by hand).
_DETAILS = {
    "show": (
        "A filter COLUMN=VALUE reads VALUE as the column's type (a whole number, a number,\n"
        "true or false, a date, or text) and keeps the rows equal to it; for topics, the rows\n"
        "whose list holds it. A date may be a day, a month or a year (2019-06-14, 2019-06,\n"
        "2019). A person, place or topic may be named as in the library's queries: an id or a\n"
        "name (speaker_id=casilli, place_id=MG, topics=modération). COLUMN= keeps the rows\n"
        "where COLUMN is null. A value of a controlled column must be one of its vocabulary\n"
        "(see 'describe TABLE').\n"
        "\n"
        "Rows left out by --limit are counted on standard error. The table format fits the\n"
        "terminal's width: one line per row, long text cut with an ellipsis (ids never are);\n"
        "when the columns cannot fit, each row is printed as a record, a line per column.\n"
        "--wide prints one table as wide as its values (each cut at 48 characters). A null is\n"
        "an empty cell; csv and json write values as the csv and jsonl exports do."
    ),
    "search": (
        "Whole words are matched, whatever the case, accents, style of apostrophe, kind of\n"
        "space, ligature (oe) or ellipsis: AI finds 'AI', never 'mais'. The query:\n"
        "\n"
        "  travail clic              records that hold every word\n"
        "  '\"travail du clic\"'       the words together, in this order (a phrase)\n"
        "  'modér*'                  words that start with modér\n"
        "  'clic OR click'           either; also AND, and NOT: 'travail NOT clic'\n"
        "  '(clic OR click) NOT IA'  parentheses group; operators are in capitals\n"
        "  'NEAR(plateformes Madagascar, 5)'  the words at most 5 words apart\n"
        "\n"
        "Quote the query for the shell as shown. Hits come best first (BM25): a heading per\n"
        "hit (table, id, date, person), then the passage, the matched words between **."
    ),
    "export": (
        "csv and jsonl: one file per table. parquet: one file per table, the shipped files\n"
        "themselves. sqlite: digital-labor-corpus.db with primary and foreign keys, and\n"
        "metadata.json for Datasette (datasette digital-labor-corpus.db -m metadata.json).\n"
        "xlsx: digital-labor-corpus.xlsx, one sheet per table (needs the xlsx extra).\n"
        "\n"
        "tei: SOURCE.tei.xml (TEI P5) and tei-subset.rng, its RelaxNG schema. webannotation:\n"
        "SOURCE.annotations.jsonld, a W3C AnnotationCollection, and a page file per table.\n"
        "brat: SOURCE.txt and SOURCE.ann (brat standoff) with annotation.conf and visual.conf.\n"
        "These three write the whole annotated source (quotes, claims, figures, places) and\n"
        "take no --tables; their offsets are Unicode code points, as in the tables.\n"
        "\n"
        "In csv and xlsx an empty cell is null, dates are YYYY-MM-DD and a topics cell is a JSON\n"
        "array. Files of the same name in DIR are replaced. One line per table written goes to\n"
        "standard error."
    ),
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="digital-labor-corpus",
        description="What is said about click work: a versioned, verbatim, typed corpus.",
        usage="%(prog)s [-h] [--version] COMMAND ...",
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--version",
        action=_ProgramVersion,
        nargs="?",
        metavar="",  # takes no value: nargs="?" only to refuse one with a hint (see _ProgramVersion)
        help="print the program's version and exit (the dataset version: COMMAND --dataset-version)",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, prog="digital-labor-corpus"
    )
    commands.required = True
    for name, (handler, summary, example) in COMMANDS.items():
        details = _DETAILS.get(name)
        sub = commands.add_parser(
            name,
            help=summary,
            description=f"{summary[0].upper()}{summary[1:]}." + (f"\n\n{details}" if details else ""),
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,  # keep the example on one line
        )
        sub.set_defaults(handler=handler)
        if name in ("info", "validate", "coverage", "show", "search", "export"):
            sub.add_argument(
                "--dataset-version",
                dest="version",
                default=None,
                type=_dataset_version,
                metavar="VERSION",
                help="the dataset version to read, see 'versions' (default: the newest)",
            )
            sub.add_argument("--version", action=_MovedVersion, nargs="?", help=argparse.SUPPRESS)
        if name in ("describe", "show"):
            sub.add_argument("table", help="a table name, see 'tables'")
        if name == "vocabularies":
            sub.add_argument(
                "names", nargs="*", metavar="NAME", help="the vocabularies to print (default: all)"
            )
        if name == "show":
            sub.add_argument(
                "--where",
                action="append",
                metavar="COLUMN=VALUE",
                help="keep the rows whose COLUMN equals VALUE (holds it, for topics); COLUMN= keeps "
                "nulls; repeat to combine (all must hold)",
            )
            sub.add_argument(
                "--columns", nargs="+", metavar="COLUMN", help="the columns to print, in order (default: all)"
            )
            sub.add_argument(
                "--wide",
                action="store_true",
                help="print one table as wide as its values, not fitted to the terminal",
            )
        if name == "search":
            sub.add_argument(
                "text", help='the query: words, "a phrase", prefix*, OR, NOT, NEAR(a b, 5) (see above)'
            )
            sub.add_argument(
                "--tables",
                nargs="+",
                metavar="TABLE",
                help="where to look: quotes, claims, statistics, appearances (default: quotes claims)",
            )
            sub.add_argument(
                "--lang",
                default=None,
                help="fr for the French verbatim text, en for the English translations, in any case "
                "(default: both)",
            )
        if name in ("show", "search"):
            sub.add_argument(
                "--limit",
                default="20",
                metavar="N",
                help="print at most N rows (1 or more), or 'all' (default: 20)",
            )
            sub.add_argument(
                "--format",
                default="table",
                metavar="FORMAT",
                help="table (for reading), csv or json (values as in the export) (default: table)",
            )
        if name == "export":
            sub.add_argument(
                "--format",
                required=True,
                metavar="FORMAT",
                help="csv, jsonl, parquet, sqlite, xlsx, tei, webannotation or brat",
            )
            sub.add_argument(
                "--out", required=True, metavar="DIR", help="the output directory (created if missing)"
            )
            sub.add_argument(
                "--tables", nargs="+", metavar="TABLE", help="the tables to export, in order (default: all)"
            )
            sub.add_argument(
                "--quiet", action="store_true", help="print no progress line per table on standard error"
            )
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
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Whatever happens, the output is the command's or one line of error: arguments that
    are not UTF-8 are refused (exit 2); characters the terminal's encoding cannot show are
    written as replacement characters; a reader that closes the pipe early (``| head``)
    ends the command quietly (exit 0); nothing is printed after the error line.

    Examples
    --------
    >>> main(["tables"])  # doctest: +ELLIPSIS
    appearances ...
    0
    >>> main(["describe", "nope"])  # the error goes to standard error, in one line
    2
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    restore = _replace_unencodable()
    try:
        bad = _not_utf8(arguments)
        if bad is not None:
            _error(bad)
            return 2
        parser = _parser()
        args = parser.parse_args(arguments)
        try:
            status: int = args.handler(args)
        except CorpusError as error:
            _error(str(error))
            return 2
        sys.stdout.flush()  # a closed pipe is found here, not at exit
        return status
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        restore()


def _error(message: str) -> None:
    """Write the one line of error, then let nothing else be printed for what failed.

    Objects left half-done by the failure (a writer on a full disk) are collected now,
    with "Exception ignored" reports dropped, so that the error stays the last line.
    """
    import gc

    print(f"digital-labor-corpus: error: {message}".splitlines()[0], file=sys.stderr)
    sys.stderr.flush()
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _not_utf8(arguments: Sequence[str]) -> str | None:
    """The error for the first argument whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    for number, argument in enumerate(arguments, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError as error:
            raw = argument[error.start]
            byte = f"byte 0x{ord(raw) - 0xDC00:02x}" if 0xDC80 <= ord(raw) <= 0xDCFF else f"{raw!r}"
            shown = argument.encode("utf-8", "replace").decode("utf-8")
            return (
                f"argument {number} ({shown!r}) is not UTF-8 text: {byte} at position {error.start}; "
                "give arguments in UTF-8 (check the terminal's encoding)"
            )
    return None


def _replace_unencodable() -> Callable[[], None]:
    """Make standard output and error write what their encoding lacks as replacement characters.

    Returns the function that puts back the streams' former error handlers.
    """
    undo: list[Callable[[], None]] = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        errors = getattr(stream, "errors", None)
        if reconfigure is None or errors in (None, "replace", "backslashreplace"):
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream
            continue
        undo.append(functools.partial(reconfigure, errors=errors))

    def restore() -> None:
        for step in undo:
            try:
                step()
            except (ValueError, OSError):
                continue

    return restore


def _silence_stdout() -> None:
    """After the reader closed the pipe: send what is still buffered to /dev/null, quietly.

    Without this, the interpreter's last flush of standard output fails again at exit and
    prints "Exception ignored ... BrokenPipeError" (exit status 120).
    """
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        return


if __name__ == "__main__":
    raise SystemExit(main())
