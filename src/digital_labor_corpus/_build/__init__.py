"""Machinery that compiles the TOML annotations under ``corpus/`` into Parquet tables.

Loaders never import this package: it is only used by ``digital-labor-corpus build``,
by the coverage report and by the tests.
"""
