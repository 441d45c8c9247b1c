"""Stage 1, the schema: the public contract of the tables.

- :mod:`.records`: one frozen attrs record class per table, the single source of the
  schema (column names, types, descriptions, checks of single values);
- :mod:`.tables` (generated from the records) and :mod:`.columns`: the same schema as
  plain data, which loading and querying read without importing attrs;
- :mod:`.arrow`: the Arrow schema of each table, built from that plain data;
- :mod:`.fingerprint`: schema fingerprints without pyarrow (for frames Polars reads);
- :mod:`.vocabularies`: the closed vocabularies (medium, genre, roles, units, ...);
- :mod:`.catalog`: table and column look-ups with helpful errors;
- :mod:`.convert`: rows to records and back.

Nothing here reads files; every other stage builds on this one.
"""
