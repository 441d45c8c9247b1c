"""The command line's boundary: argument bytes, terminal encodings, closed pipes, failing disks.

Whatever happens, a command prints its output or one line of error: never a traceback,
never an "Exception ignored" report after the error. Each case runs the real command in
a fresh process, as a shell would.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from .conftest import ROOT

ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
COMMAND = [sys.executable, "-m", "digital_labor_corpus"]


def _run(arguments: list[str | bytes], **environment: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*COMMAND, *arguments],
        cwd=tempfile.gettempdir(),  # an export that got through would not land in the checkout
        capture_output=True,
        env={**ENVIRONMENT, **environment},
        timeout=120,
        check=False,
    )


class TestArgumentBytes:
    """Arguments whose bytes are not UTF-8 get one line of error and exit 2."""

    @pytest.mark.parametrize(
        "arguments",
        [
            [b"search", b"caf\xe9"],
            [b"show", b"quotes", b"--where", b"kind=r\xe9ponse"],
            [b"describe", b"quot\xe9s"],
            [b"export", b"--format", b"csv", b"--out", b"exp\xe9"],
            [b"info", b"--version", b"\xff"],
        ],
    )
    def test_latin1_argument(self, arguments: list[str | bytes]) -> None:
        """A Latin-1 é (or a lone 0xff) is refused in one line naming the byte."""
        done = _run(arguments)
        assert done.returncode == 2
        assert done.stdout == b""
        lines = done.stderr.decode("utf-8").splitlines()
        assert len(lines) == 1, lines
        assert "is not UTF-8 text" in lines[0]
        assert "byte 0x" in lines[0]


class TestTerminalEncodings:
    """Text the terminal's encoding cannot hold is replaced, never a traceback."""

    @pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
    @pytest.mark.parametrize(
        "arguments",
        [
            ["show", "quotes", "--limit", "all", "--columns", "quote_id", "text"],
            ["show", "sources", "--limit", "1", "--format", "json"],
            ["search", "modération", "--limit", "5"],
            ["describe", "quotes"],
            ["info"],
        ],
    )
    def test_encoding(self, encoding: str, arguments: list[str | bytes]) -> None:
        """Exit 0, output decodable in that encoding, no traceback on standard error."""
        done = _run(arguments, PYTHONIOENCODING=encoding)
        assert done.returncode == 0, done.stderr.decode(encoding, "replace")
        assert b"Traceback" not in done.stderr
        done.stdout.decode(encoding)  # strictly: every byte is of that encoding
        assert done.stdout.strip()

    def test_replacement_shows(self) -> None:
        """In ASCII, the accented letters of a French quote become '?', the rest is kept."""
        done = _run(["search", "modération", "--limit", "3"], PYTHONIOENCODING="ascii")
        text = done.stdout.decode("ascii")
        assert "?" in text
        assert "quotes" in text or "claims" in text


class TestClosedPipe:
    """A reader that stops reading ends the command quietly."""

    @pytest.mark.parametrize(
        "arguments", [["tables"], ["show", "claims", "--limit", "all"], ["describe", "statistics"]]
    )
    def test_reader_gone(self, arguments: list[str]) -> None:
        """stdout closed before the command writes (``| head -0``, ``| true``): exit 0, nothing on stderr."""
        for _ in range(3):
            process = subprocess.Popen(
                [*COMMAND, *arguments],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=ENVIRONMENT,
            )
            assert process.stdout is not None
            process.stdout.close()
            _, error = process.communicate(timeout=120)
            assert process.returncode == 0, error
            assert error == b""


FULL_DISK = textwrap.dedent(
    """
    import errno, os, sys, zipfile

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    zipfile.ZipFile.writestr = full  # the disk fills while the workbook is written
    from digital_labor_corpus.cli.main import main
    sys.exit(main(["export", "--format", "xlsx", "--out", sys.argv[1], "--quiet"]))
    """
)


class TestFullDisk:
    """A disk that fills during the xlsx export: one line of error and nothing after it."""

    def test_one_line_then_nothing(self, tmp_path: Path) -> None:
        """Exit 2; standard error is exactly the error line (no 'Exception ignored' reports)."""
        done = subprocess.run(
            [sys.executable, "-c", FULL_DISK, str(tmp_path / "out")],
            capture_output=True,
            env=ENVIRONMENT,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        lines = done.stderr.decode("utf-8").splitlines()
        assert lines == [
            f"digital-labor-corpus: error: Cannot write the xlsx export into {tmp_path / 'out'}: "
            f"{os.strerror(errno.ENOSPC)}"
        ]
        assert list((tmp_path / "out").iterdir()) == []  # no partial or temporary file left

    def test_writer_leaves_nothing_to_collect(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """In the library: after the failure, collecting garbage reports nothing."""
        import gc
        import zipfile

        import digital_labor_corpus as dlc

        def full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
        reported: list[object] = []
        monkeypatch.setattr(sys, "unraisablehook", reported.append)
        with pytest.raises(dlc.ExportError, match="No space left on device"):
            dlc.export(tmp_path, "xlsx", tables=["topics", "quotes"])
        gc.collect()
        assert reported == []
