"""``python -m digital_labor_corpus``: the command line."""

from digital_labor_corpus.cli.main import main

if __name__ == "__main__":  # not when a documentation tool imports every module
    raise SystemExit(main())
