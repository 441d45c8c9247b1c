"""Stage 4, the queries: ``open()`` and the ``Corpus`` helpers that answer researchers' questions.

- :mod:`.corpus`: ``Corpus``, ``open`` and ``open_path``;
- :mod:`.sources`: where tables come from (the interface, and the shipped versions);
- :mod:`.predicates`: the filters, evaluated with Arrow's kernels and pruned by footer statistics;
- :mod:`.scan`: a directory of Parquet files, with the filters pushed into the scan;
- :mod:`.compute`: small pyarrow compute helpers;
- :mod:`.helpers`: ``quotes``, ``statistics``, ``places``, ``mentions``, ``appearances``, ``timeline``;
- :mod:`.resolve`: names, ids and dates as users type them, resolved to keys;
- :mod:`.folding`, :mod:`.syntax`, :mod:`.fulltext`, :mod:`.search`: text folding, the query
  language, the SQLite FTS5 index and full-text search;
- :mod:`.context`, :mod:`.citation`: a record's surrounding text, and how to cite it.

Imports the schema, store and checks stages only.
"""
