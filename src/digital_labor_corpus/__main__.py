"""``python -m digital_labor_corpus``: the command line."""

from .cli import main

raise SystemExit(main())
