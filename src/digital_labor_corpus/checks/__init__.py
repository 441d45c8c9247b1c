"""Stage 3, the checks: what can be proved about a version's tables.

- :mod:`.validation`: every invariant of the data model (``validate``);
- :mod:`.completeness`: which paragraphs of the source the annotations cover (``coverage``);
- :mod:`.changes`: the record-level difference between two versions (``diff``);
- :mod:`.evolution`: the schema-evolution policy between versions.

Imports the schema and store stages only.
"""
