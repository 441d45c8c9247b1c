"""Stage 6, the build: TOML annotations under ``corpus/`` compiled into a released version.

- :mod:`.annotations`, :mod:`.spans`: read the annotations and find each verbatim text;
- :mod:`.compile`: check, compile and write a version atomically, with its manifest;
- :mod:`.lock`, :mod:`.release`: the release lock that keeps released versions unchanged;
- :mod:`.synthetic`: large synthetic corpora for benchmarks and tests;
- :mod:`.check`: the annotations checked without writing anything.

Loaders never import this package: only ``digital-labor-corpus build`` and ``release``, the
completeness report and the tests do.
"""
