"""Stage 7, the command line: ``digital-labor-corpus`` and its subcommands.

- :mod:`.main`: the parser, the commands and the one-line error boundary;
- :mod:`.show`: ``show`` and ``search`` output as text, CSV or JSON;
- :mod:`.docs`: ``docs/cli.md`` and the other generated reference pages.
"""

from digital_labor_corpus.cli.main import main

__all__ = ["main"]
