"""Benchmarks of digital-labor-corpus against the baselines measured in the same run.

Run them all with ``python -m benchmarks`` from the repository root; see ``README.md``.
"""
