"""Stage 5, publishing: the corpus in other formats and its metadata.

- :mod:`.exporting`: ``export`` and ``export_tables``, the formats and their options;
- :mod:`.writers`: one writer per format (CSV, JSON Lines, Parquet, SQLite, xlsx);
- :mod:`.cells`: how list and text cells are written where a format has no list type;
- :mod:`.metadata`: Frictionless Data Package and Croissant descriptions of a version.

Imports the lower stages only; the build and the command line import it.
"""
