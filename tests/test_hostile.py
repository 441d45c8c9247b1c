"""Hostile and wrong input gets a clear CorpusError; nothing opens a network socket."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import digital_labor_corpus as dlc

from .conftest import ROOT


class TestWrongInput:
    """Every argument of the loaders is checked."""

    @pytest.mark.parametrize(
        "version",
        ["../1.0.0", "/1.0.0", "1.0.0/../../etc", "C:\\1.0.0", "..", "1.0.0\x00", "1.0.0 ", 1.0, ["1.0.0"]],
    )
    def test_hostile_version(self, version: object) -> None:
        """Version strings with separators, dots or odd types never reach the file system."""
        with pytest.raises(dlc.UnknownVersionError, match="Malformed dataset version"):
            dlc.load("quotes", version=version)  # type: ignore[call-overload]

    @pytest.mark.parametrize("name", [None, 3, "", "QUOTES", "quotes ", "../quotes", "quo\udce9tes"])
    def test_bad_table_names(self, name: object) -> None:
        """Table names that are not exactly a table are refused with the list of tables."""
        with pytest.raises(dlc.UnknownTableError, match="The corpus has these tables: appearances, quotes"):
            dlc.load(name)  # type: ignore[call-overload]

    @pytest.mark.parametrize("columns", [[1], ["text", None], ["text", "nope"], [""]])
    def test_bad_columns(self, columns: list[object]) -> None:
        """Unknown or non-string columns are refused, naming the bad one."""
        with pytest.raises(dlc.UnknownColumnError, match="Unknown column"):
            dlc.load("quotes", columns=columns)  # type: ignore[arg-type]

    @pytest.mark.parametrize("columns", [123, "text", b"text"])
    def test_columns_not_a_list(self, columns: object) -> None:
        """``columns`` must be a list of names."""
        with pytest.raises(dlc.InvalidArgumentError, match="columns must be a list of column names"):
            dlc.load("quotes", columns=columns)  # type: ignore[call-overload]

    @given(st.text())
    def test_any_text_as_table_name(self, name: str) -> None:
        """Any string that is not a table name raises UnknownTableError, whatever its characters."""
        if name in dlc.tables():
            return
        with pytest.raises(dlc.UnknownTableError):
            dlc.load(name)

    @given(st.text())
    def test_any_text_as_version(self, version: str) -> None:
        """Any string as a version is either shipped or refused with UnknownVersionError."""
        if version in dlc.versions():
            return
        with pytest.raises(dlc.UnknownVersionError):
            dlc.load("topics", version=version)


NO_NETWORK = textwrap.dedent(
    """
    import socket, sys, tempfile, pathlib

    def refuse(*args, **kwargs):
        raise RuntimeError("a socket was opened")

    socket.socket.__init__ = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import digital_labor_corpus as dlc
    from digital_labor_corpus.build.compile import build

    for name in dlc.tables():
        for backend in ("pyarrow", "pandas", "polars"):
            dlc.load(name, backend=backend)
        dlc.records(name)
    assert dlc.validate() == []
    dlc.coverage()
    dlc.diff(dlc.versions()[-1], dlc.versions()[-1])
    with tempfile.TemporaryDirectory() as out:
        build(pathlib.Path(sys.argv[1]), pathlib.Path(out))
    print("no socket")
    """
)


def test_no_network_socket() -> None:
    """Importing, loading in every backend, validating, diffing and building open no socket."""
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, str(ROOT / "corpus")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "no socket"
