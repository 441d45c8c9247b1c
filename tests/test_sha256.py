"""SHA-256 without hashlib for small inputs: the same digests, and hashlib left unimported.

The expected digests come from :mod:`hashlib` (OpenSSL), another implementation than
CPython's built-in module the small path uses.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digital_labor_corpus import _sha256
from digital_labor_corpus._sha256 import SMALL, is_sha256_hex, sha256_hex


def _without_hashlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sha256_hex believe hashlib is not imported yet (it is, in the test process)."""
    monkeypatch.delitem(sys.modules, "hashlib")


class TestSameDigest:
    """Both paths give hashlib's digest, for every input size."""

    @given(st.binary(max_size=4096))
    def test_small_inputs_without_hashlib(self, data: bytes) -> None:
        """Under the threshold, with hashlib not imported, the built-in module hashes."""
        expected = hashlib.sha256(data).hexdigest()
        with pytest.MonkeyPatch.context() as patch:
            _without_hashlib(patch)
            assert sha256_hex(data) == expected

    @given(st.binary(max_size=4096))
    def test_with_hashlib(self, data: bytes) -> None:
        """With hashlib imported, it hashes whatever the size."""
        assert sha256_hex(bytearray(data)) == hashlib.sha256(data).hexdigest()

    @pytest.mark.parametrize("size", [0, 1, 63, 64, 65, SMALL - 1, SMALL, SMALL + 1])
    def test_sizes_around_the_threshold(self, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """Block boundaries and the threshold itself; memoryviews of non-byte items count bytes."""
        data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
        _without_hashlib(monkeypatch)
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
        assert sha256_hex(memoryview(data).cast("B")) == hashlib.sha256(data).hexdigest()

    def test_the_built_in_module_is_found(self) -> None:
        """On CPython the built-in constructor exists (else the fast path would silently be off)."""
        if sys.implementation.name != "cpython":
            pytest.skip("only CPython ships _sha2/_sha256")
        constructor = _sha256._built_in()
        assert constructor is not None
        assert constructor(b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest()


class TestWhichPath:
    """Small inputs leave hashlib unimported; large ones and a process that has it use it."""

    @staticmethod
    def _imports_hashlib(code: str) -> bool:
        script = f"import sys\n{code}\nprint('hashlib' in sys.modules)"
        done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
        return done.stdout.strip() == "True"

    def test_first_load_leaves_hashlib_out(self) -> None:
        """A fresh process's first table (digest and schema check) imports no hashlib."""
        assert not self._imports_hashlib("import digital_labor_corpus as d\nd.load('quotes')")

    def test_large_input_imports_hashlib(self) -> None:
        """The check can fail: at the threshold, hashlib (OpenSSL, faster on large inputs) is used."""
        code = f"from digital_labor_corpus._sha256 import sha256_hex\nsha256_hex(bytes({SMALL}))"
        assert self._imports_hashlib(code)
        below = f"from digital_labor_corpus._sha256 import sha256_hex\nsha256_hex(bytes({SMALL - 1}))"
        assert not self._imports_hashlib(below)


@given(st.text(alphabet="0123456789abcdefA g\n", min_size=62, max_size=66))
def test_is_sha256_hex_is_the_formats_expression(text: str) -> None:
    """Accepted exactly when the format's regular expression matches the whole text."""
    assert is_sha256_hex(text) is (re.fullmatch(r"[0-9a-f]{64}", text) is not None)
