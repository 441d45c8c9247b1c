"""``python -m benchmarks``: run every benchmark and print medians and ratios."""

from __future__ import annotations

from .run import main

raise SystemExit(main())
