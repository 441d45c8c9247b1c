"""Check the annotation files without writing anything: ``python -m digital_labor_corpus.build.check``."""

from __future__ import annotations

import sys
from pathlib import Path

from digital_labor_corpus.build.annotations import read_corpus
from digital_labor_corpus.exceptions import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Resolve every annotation of the corpus directory and print the row counts."""
    args = list(sys.argv[1:] if argv is None else argv)
    only: list[str] = []
    while "--only" in args:
        at = args.index("--only")
        only.append(args[at + 1])
        del args[at : at + 2]
    root = Path(args[0]) if args else Path("corpus")
    try:
        corpus = read_corpus(root, only=only)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for table, rows in corpus.tables.items():
        print(f"{table:15} {len(rows):5d}")
    print(f"{'exemptions':15} {len(corpus.exemptions):5d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
