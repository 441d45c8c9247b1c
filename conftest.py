"""Root pytest configuration: keep the ``python -m`` entry point out of doctest collection."""

collect_ignore = ["src/digital_labor_corpus/__main__.py"]
