"""Stage 2, the store: dataset versions on disk, their manifests and digests, and loading.

- :mod:`.manifest`: the ``manifest.json`` of a version, parsed strictly;
- :mod:`.storage`: a directory of versions, with the SHA-256 check of every file (the
  verified bytes parsed by pyarrow, or by Polars itself for ``backend="polars"``);
- :mod:`.loading`: ``load``, ``records``, ``tables``, ``versions``, ``paths``;
- :mod:`.backends`: pyarrow tables to pandas and Polars frames.

Imports only the schema stage.
"""
