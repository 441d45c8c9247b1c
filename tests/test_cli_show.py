"""The command line's show, search and export commands: output, options and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.main import main
from digital_labor_corpus.publishing.exporting import TABLE_FORMATS, export
from digital_labor_corpus.schema.records import TABLES

from .readers import READERS


def _json_rows(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main([*args, "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def _one_line_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command expected to fail; return its single stderr line."""
    try:
        status = main(args)
    except SystemExit as stop:  # argparse's own errors
        status = int(stop.code or 0)
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


class TestShow:
    """``show TABLE`` prints the rows, filtered by --where, cut by --limit, as table, CSV or JSON."""

    def test_where_equals(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--where kind=answer keeps exactly the answers, in table order."""
        rows = _json_rows(["show", "quotes", "--where", "kind=answer", "--limit", "all"], capsys)
        expected = [q["quote_id"] for q in dlc.load("quotes").to_pylist() if q["kind"] == "answer"]
        assert [r["quote_id"] for r in rows] == expected
        assert expected

    def test_where_list_membership_and_null(self, capsys: pytest.CaptureFixture[str]) -> None:
        """topics=X keeps rows whose list holds X; COLUMN= keeps the nulls; both must hold."""
        args = ["show", "claims", "--where", "topics=research", "--where", "quote_id=", "--limit", "all"]
        rows = _json_rows(args, capsys)
        claims = dlc.load("claims").to_pylist()
        expected = [c["claim_id"] for c in claims if "research" in c["topics"] and c["quote_id"] is None]
        assert [r["claim_id"] for r in rows] == expected
        assert expected, "the filters must keep some rows"
        # and each filter leaves out some rows the other keeps
        assert any("research" in c["topics"] and c["quote_id"] is not None for c in claims)
        assert any("research" not in c["topics"] and c["quote_id"] is None for c in claims)

    def test_where_typed_values(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Booleans, whole numbers and dates are read as the column's type."""
        statistics = dlc.load("statistics").to_pylist()
        approximate = _json_rows(
            ["show", "statistics", "--where", "approximate=true", "--limit", "all"], capsys
        )
        assert len(approximate) == sum(s["approximate"] for s in statistics)
        first = dlc.load("appearances").to_pylist()[0]
        dated = _json_rows(["show", "appearances", "--where", f"date={first['date']}"], capsys)
        assert first["appearance_id"] in [r["appearance_id"] for r in dated]
        assert all(r["date"] == first["date"].isoformat() for r in dated)

    def test_limit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--limit N prints the first N rows and says on stderr how many were left out."""
        total = dlc.load("claims").num_rows
        assert main(["show", "claims", "--limit", "3", "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert len(json.loads(captured.out)) == 3
        assert captured.err == f"3 of {total} rows shown; --limit all shows every row\n"

    def test_limit_all_and_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default limit is 20 rows; 'all' prints every row with no note."""
        assert len(_json_rows(["show", "claims"], capsys)) == min(20, dlc.load("claims").num_rows)
        assert main(["show", "topics", "--limit", "all", "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert len(json.loads(captured.out)) == dlc.load("topics").num_rows
        assert captured.err == ""

    def test_columns(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--columns picks and orders the printed columns (comma- or space-separated)."""
        rows = _json_rows(["show", "places", "--columns", "name_en,place_id", "kind", "--limit", "2"], capsys)
        assert [list(r) for r in rows] == [["name_en", "place_id", "kind"]] * 2

    def test_csv_matches_the_export(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """show --format csv writes the same cells as the CSV export."""
        assert main(["show", "quotes", "--limit", "all", "--format", "csv"]) == 0
        shown = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        export(tmp_path, "csv", tables=["quotes"])
        with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as stream:
            assert shown == list(csv.reader(stream))

    def test_table_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table format has a header, a rule, one line per row, and never cuts an id."""
        quotes = dlc.load("quotes").to_pylist()[:2]
        assert main(["show", "quotes", "--columns", "quote_id", "text", "--limit", "2"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split() == ["quote_id", "text"]
        assert set(lines[1].replace(" ", "")) == {"─"}
        assert len(lines) == 4
        for line, quote in zip(lines[2:], quotes, strict=True):
            assert line.startswith(quote["quote_id"] + " ")
            assert len(line) <= len(lines[1])

    def test_no_match(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A filter nothing matches prints the header and says so on stderr, with status 0."""
        assert main(["show", "people", "--where", "name=Nobody At All"]) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines()[0].split()[0] == "person_id"
        assert captured.err == "no row of people has name = 'Nobody At All'\n"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["show", "quote"], "Unknown table 'quote'. The corpus has these tables: appearances,"),
            (
                ["show", "quotes", "--where", "kind"],
                "--where expects COLUMN=VALUE (COLUMN= for null), got 'kind'",
            ),
            (
                ["show", "quotes", "--where", "speaker=x"],
                "Unknown column 'speaker' in table 'quotes'. Its columns",
            ),
            (
                ["show", "quotes", "--where", "kind=answr"],
                "--where kind=answr: quotes.kind is one of question, answer, statement. Did you mean 'answer'?",
            ),
            (
                ["show", "quotes", "--where", "topics=payy"],
                "No topic matches --where topics='payy'. Close matches: 'pay'",
            ),
            (
                ["show", "appearances", "--where", "date=2022-13-01"],
                "--where date=2022-13-01: appearances.date holds dates; write one as YYYY-MM-DD, or a whole month",
            ),
            (
                ["show", "quotes", "--where", "speaker_id=Antonio X"],
                "No person matches --where speaker_id='Antonio X'.",
            ),
            (
                ["show", "statistics", "--where", "approximate=yes"],
                "--where approximate=yes: statistics.approximate holds true or false",
            ),
            (
                ["show", "statistics", "--where", "value=many"],
                "--where value=many: statistics.value holds numbers",
            ),
            (
                ["show", "quotes", "--where", "span_start=1.5"],
                "--where span_start=1.5: quotes.span_start holds whole numbers",
            ),
            (
                ["show", "quotes", "--limit", "0"],
                "--limit must be a whole number of 1 or more, or 'all'; got '0'",
            ),
            (
                ["show", "quotes", "--format", "xml"],
                "Unknown output format 'xml'. Accepted formats: table, csv, json.",
            ),
            (["show", "quotes", "--columns", "txt"], "Unknown column 'txt' in table 'quotes'."),
            (
                ["show", "quotes", "--dataset-version", "0.0.1"],
                "argument --dataset-version: '0.0.1' is not a shipped",
            ),
        ],
    )
    def test_errors(self, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each bad value is one line on stderr, exit 2, listing what is accepted."""
        line = _one_line_error(args, capsys)
        assert re.match(rf"digital-labor-corpus( \w+)?: error: {re.escape(message)}", line), line


class _FakeCorpus:
    """Stands in for digital_labor_corpus.queries.corpus.Corpus and records how search was called."""

    calls: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    opened: ClassVar[list[str | None]] = []

    def search(self, text: str, **options: Any) -> pa.Table:
        self.calls.append((text, options))
        hits: list[dict[str, str | None]] = [
            {
                "table": "quotes",
                "record_id": "q-1",
                "date": "2022-12-09",
                "person": "A. B.",
                "snippet": "la\nmodération",
            },
            {"table": "claims", "record_id": "c-2", "date": None, "person": None, "snippet": "moderation"},
        ]
        return pa.Table.from_pylist(
            hits if text != "nothing" else [], schema=pa.schema([(key, pa.string()) for key in hits[0]])
        )


@pytest.fixture
def fake_corpus(monkeypatch: pytest.MonkeyPatch) -> type[_FakeCorpus]:
    """A fake digital_labor_corpus.queries.corpus module whose open() returns a _FakeCorpus."""
    _FakeCorpus.calls = []
    _FakeCorpus.opened = []
    module = types.ModuleType("digital_labor_corpus.queries.corpus")

    def open_corpus(version: str | None = None) -> _FakeCorpus:
        _FakeCorpus.opened.append(version)
        return _FakeCorpus()

    module.open = open_corpus  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "digital_labor_corpus.queries.corpus", module)
    return _FakeCorpus


class TestSearch:
    """``search TEXT`` calls Corpus.search with the options given and prints the hits."""

    def test_defaults(self, fake_corpus: type[_FakeCorpus], capsys: pytest.CaptureFixture[str]) -> None:
        """Without options: newest version, the corpus's default tables, both languages, 20 hits."""
        assert main(["search", "modération"]) == 0
        assert fake_corpus.opened == [None]
        assert fake_corpus.calls == [("modération", {"lang": None, "limit": 20})]
        assert capsys.readouterr().out.splitlines() == [
            "1. quotes q-1 (2022-12-09, A. B.)",
            "   la modération",
            "2. claims c-2",
            "   moderation",
        ]

    def test_options_pass_through(
        self, fake_corpus: type[_FakeCorpus], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--tables, --lang, --limit and --dataset-version reach open() and search()."""
        args = [
            "search",
            "x",
            "--tables",
            "quotes,statistics",
            "--lang",
            "fr",
            "--limit",
            "all",
            "--dataset-version",
            "1.0.0",
        ]
        assert main(args) == 0
        capsys.readouterr()
        assert fake_corpus.opened == ["1.0.0"]
        assert fake_corpus.calls == [("x", {"lang": "fr", "limit": None, "tables": ("quotes", "statistics")})]

    @pytest.mark.usefixtures("fake_corpus")
    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints every column of every hit."""
        rows = _json_rows(["search", "x"], capsys)
        assert [r["record_id"] for r in rows] == ["q-1", "c-2"]
        assert rows[0]["snippet"] == "la\nmodération"

    @pytest.mark.usefixtures("fake_corpus")
    def test_no_hit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No hit prints nothing on stdout, a note on stderr, and exits 0."""
        assert main(["search", "nothing"]) == 0
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", "no hit for 'nothing'\n")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["search", "x", "--limit", "0"],
                "--limit must be a whole number of 1 or more, or 'all'; got '0'",
            ),
            (["search", "x", "--format", "tsv"], "Unknown output format 'tsv'."),
            (["search", "x", "--tables", "quote"], "Unknown table 'quote'."),
        ],
    )
    def test_errors(
        self,
        fake_corpus: type[_FakeCorpus],
        args: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Bad options are one line on stderr with status 2, before any search runs."""
        assert _one_line_error(args, capsys).startswith(f"digital-labor-corpus: error: {message}")
        assert fake_corpus.calls == []

    def test_without_the_corpus_module(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without digital_labor_corpus.queries.corpus the command fails in one line, naming what is missing."""
        monkeypatch.setitem(sys.modules, "digital_labor_corpus.queries.corpus", None)
        line = _one_line_error(["search", "x"], capsys)
        assert line.startswith(
            "digital-labor-corpus: error: search needs digital_labor_corpus.queries.corpus.open"
        )

    def test_real_corpus(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With the real corpus module, search prints a JSON list of hits with their record ids."""
        pytest.importorskip("digital_labor_corpus.queries.corpus")
        rows = _json_rows(["search", "clic", "--limit", "3"], capsys)
        assert len(rows) == 3, "the page speaks of the « travail du clic » far more than three times"
        texts = {
            (table, row[TABLES[table].primary_key]): " ".join(str(v) for v in row.values())
            for table in ("quotes", "claims")
            for row in dlc.load(table).to_pylist()
        }
        for row in rows:
            assert "clic" in texts[(row["table"], row["record_id"])].casefold()


class TestExportCommand:
    """``export`` writes the files, shows progress on stderr, and lists the files on stdout."""

    @pytest.mark.parametrize("fmt", TABLE_FORMATS)
    def test_every_format(self, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each format exports the tables asked for, which read back equal to the source."""
        assert main(["export", "--format", fmt, "--out", str(tmp_path), "--tables", "topics,people"]) == 0
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [
            f"[1/2] topics: {dlc.load('topics').num_rows:,} rows -> {tmp_path / _file(fmt, 'topics')}",
            f"[2/2] people: {dlc.load('people').num_rows:,} rows -> {tmp_path / _file(fmt, 'people')}",
        ]
        assert captured.out.splitlines()[0] == (
            f"exported 2 table(s) of dataset version {dlc.versions()[-1]} as {fmt} into {tmp_path}"
        )
        for name in ("topics", "people"):
            assert READERS[fmt](tmp_path, name).equals(dlc.load(name))

    def test_quiet(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--quiet prints no progress; every table is exported by default."""
        assert main(["export", "--format", "jsonl", "--out", str(tmp_path), "--quiet"]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        written = [f"{t}.jsonl" for t in dlc.tables()] + ["datapackage.json"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(written)
        assert [line.strip() for line in captured.out.splitlines()[1:]] == [
            str(tmp_path / f) for f in written
        ]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--format", "xls"],
                "Unknown export format 'xls'. Accepted formats: csv, jsonl, parquet, sqlite, xlsx, tei, webannotation, brat.",
            ),
            (["--format", "csv", "--tables", "quote"], "Unknown table 'quote'."),
            (
                ["--format", "csv", "--dataset-version", "2"],
                "argument --dataset-version: '2' is not a shipped",
            ),
        ],
    )
    def test_errors(
        self, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad values are one line on stderr with status 2, and nothing is written."""
        line = _one_line_error(["export", "--out", str(tmp_path / "out"), *args], capsys)
        assert re.match(rf"digital-labor-corpus( \w+)?: error: {re.escape(message)}", line), line
        assert not (tmp_path / "out").exists()

    def test_output_is_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An output path that is a file is a one-line error."""
        (tmp_path / "file").write_text("", encoding="utf-8")
        line = _one_line_error(["export", "--format", "csv", "--out", str(tmp_path / "file")], capsys)
        assert line.startswith("digital-labor-corpus: error: Cannot create the export directory")

    def test_format_is_required(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Leaving out --format is a one-line usage error."""
        line = _one_line_error(["export", "--out", str(tmp_path)], capsys)
        assert "the following arguments are required: --format" in line


def _file(fmt: str, table: str) -> str:
    return {"sqlite": "digital-labor-corpus.db", "xlsx": "digital-labor-corpus.xlsx"}.get(
        fmt, f"{table}.{fmt}"
    )


class TestAsTheApi:
    """show resolves names, dates and limits as the library's queries do."""

    def test_speaker_by_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """speaker_id=casilli keeps the quotes that Corpus.quotes(speaker="casilli") returns."""
        rows = _json_rows(["show", "quotes", "--where", "speaker_id=casilli", "--limit", "all"], capsys)
        expected = dlc.open().quotes(speaker="casilli").column("quote_id").to_pylist()
        assert sorted(r["quote_id"] for r in rows) == sorted(expected)
        assert expected

    def test_place_by_code_and_topic_by_french_label(self, capsys: pytest.CaptureFixture[str]) -> None:
        """place_id=MG is Madagascar; topics=<a French label> is that topic's id."""
        places = dlc.load("places").to_pylist()
        madagascar = next(p["place_id"] for p in places if p["iso_3166_1"] == "MG" and p["kind"] == "country")
        rows = _json_rows(["show", "place_mentions", "--where", "place_id=MG", "--limit", "all"], capsys)
        mentions = dlc.load("place_mentions").to_pylist()
        assert [r["mention_id"] for r in rows] == [
            m["mention_id"] for m in mentions if m["place_id"] == madagascar
        ]
        topic = dlc.load("topics").to_pylist()[0]
        rows = _json_rows(
            ["show", "claims", "--where", f"topics={topic['label_fr'].upper()}", "--limit", "all"], capsys
        )
        claims = dlc.load("claims").to_pylist()
        assert [r["claim_id"] for r in rows] == [
            c["claim_id"] for c in claims if topic["topic_id"] in c["topics"]
        ]

    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [("2019-06", "2019-06-01", "2019-06-30"), ("2020", "2020-01-01", "2020-12-31")],
    )
    def test_month_and_year(
        self, text: str, first: str, last: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """date=2019-06 keeps the appearances of that month, date=2020 those of that year."""
        rows = _json_rows(["show", "appearances", "--where", f"date={text}", "--limit", "all"], capsys)
        expected = [
            a["appearance_id"]
            for a in dlc.load("appearances").to_pylist()
            if first <= a["date"].isoformat() <= last
        ]
        assert [r["appearance_id"] for r in rows] == expected
        assert expected


class TestVersions:
    """The program's version and the dataset version have distinct options."""

    def test_program_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version before the command prints the program's version and exits 0."""
        with pytest.raises(SystemExit) as stop:
            main(["--version"])
        assert stop.value.code == 0
        assert capsys.readouterr().out == f"digital-labor-corpus {dlc.__version__}\n"

    def test_dataset_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--dataset-version after the command picks the dataset version."""
        assert main(["info", "--dataset-version", "1.0.0"]) == 0
        assert "dataset version 1.0.0," in capsys.readouterr().out.splitlines()[0]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--version", "1.0.0", "info"], "--version takes no value"),
            (["info", "--version", "1.0.0"], "write --dataset-version 1.0.0"),
            (["show", "quotes", "--version"], "write --dataset-version VERSION"),
        ],
    )
    def test_old_scripts_fail_clearly(
        self, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The old spellings fail with one line naming the new option, never silently."""
        assert message in _one_line_error(args, capsys)


class TestWidth:
    """The table format fits the terminal's width; --wide opts out."""

    @pytest.mark.parametrize("table", dlc.tables())
    @pytest.mark.parametrize("columns", [40, 80, 200])
    def test_fits(
        self, table: str, columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No printed line is wider than the terminal, whatever the table."""
        monkeypatch.setenv("COLUMNS", str(columns))
        assert main(["show", table, "--limit", "3"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert max(len(line) for line in lines) <= columns

    def test_records_when_columns_cannot_fit(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every column of a wide table is shown as a record, a line per column, each row headed."""
        monkeypatch.setenv("COLUMNS", "80")
        assert main(["show", "quotes", "--limit", "2"]) == 0
        lines = capsys.readouterr().out.splitlines()
        quotes = dlc.load("quotes").to_pylist()[:2]
        assert [line.split()[0:2] for line in lines if line.startswith("row ")] == [
            ["row", "1"],
            ["row", "2"],
        ]
        names = [line.split()[0] for line in lines if line and not line.startswith(("row ", " "))]
        assert names == list(quotes[0]) * 2
        assert f"quote_id       {quotes[1]['quote_id']}" in lines

    def test_wide(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """--wide prints one table, a line per row, wider than the terminal."""
        monkeypatch.setenv("COLUMNS", "80")
        assert main(["show", "quotes", "--limit", "2", "--wide"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 4
        assert lines[0].split() == list(dlc.load("quotes").column_names)
        assert len(lines[1]) > 80
