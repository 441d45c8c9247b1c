"""Stage 4, the queries: ``open()`` and the ``Corpus`` helpers that answer researchers' questions.

- :mod:`.corpus`: ``Corpus``, ``open`` and ``open_path``;
- :mod:`.scan`: where tables come from and the predicates pushed into the Parquet scan;
- :mod:`.compute`: small pyarrow compute helpers;
- :mod:`.helpers`: ``quotes``, ``statistics``, ``places``, ``mentions``, ``appearances``, ``timeline``;
- :mod:`.resolve`: names, ids and dates as users type them, resolved to keys;
- :mod:`.folding`, :mod:`.syntax`, :mod:`.fulltext`, :mod:`.search`: text folding, the query
  language, the SQLite FTS5 index and full-text search;
- :mod:`.context`, :mod:`.citation`: a record's surrounding text, and how to cite it.

Imports the schema, store and checks stages only.
"""
