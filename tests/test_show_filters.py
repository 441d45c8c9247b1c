"""The command line's filters, limits and renderers, unit by unit, against values computed here."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.cli.render import CELL_WIDTH, check_output_format, render
from digital_labor_corpus.cli.show import (
    Condition,
    column_names,
    parse_limit,
    parse_where,
    table_names,
)
from digital_labor_corpus.exceptions import (
    InvalidArgumentError,
    UnknownColumnError,
    UnknownRecordError,
    UnknownTableError,
)
from digital_labor_corpus.schema.arrow import arrow_schema
from digital_labor_corpus.schema.records import TABLES


def _text(value: Any) -> str:
    """A cell value written as ``--where`` reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _equal(found: Any, value: Any) -> bool:
    if value is None:
        return found is None
    return found is not None and type(found) is type(value) and found == value


@st.composite
def table_filters(draw: st.DrawFn) -> tuple[str, str, Any]:
    """A table, a scalar column of it and a value one of its rows holds (null included)."""
    table = draw(st.sampled_from([t for t in TABLES if t != "sources"]))
    rows = dlc.load(table).to_pylist()
    lists = {f.name for f in arrow_schema(table) if pa.types.is_list(f.type)}  # topics, name_forms
    column = draw(st.sampled_from([c for c in TABLES[table].columns if c not in lists]))
    value = draw(st.sampled_from([row[column] for row in rows]))
    return table, column, value


class TestParseWhere:
    """``parse_where`` reads each value as its column's type."""

    @given(table_filters())
    def test_any_value_of_any_column(self, drawn: tuple[str, str, Any]) -> None:
        """The condition keeps exactly the rows holding the value, compared here by type and value."""
        table, column, value = drawn
        (condition,) = parse_where(table, [f"{column}={_text(value)}"])
        rows = dlc.load(table).to_pylist()
        kept = [row for row in rows if condition.matches(row)]
        assert kept == [row for row in rows if _equal(row[column], value)]
        assert kept

    def test_each_type(self) -> None:
        """Whole numbers, numbers, booleans, dates, text and null, each as its Python value."""
        conditions = parse_where(
            "statistics",
            [
                "reference_year=2019",
                "value=0.5",
                "approximate=false",
                "text=10 %",
                "place_id=",
                " unit =count",
            ],
        )
        assert [(c.column, c.value, c.in_list) for c in conditions] == [
            ("reference_year", 2019, False),
            ("value", 0.5, False),
            ("approximate", False, False),
            ("text", "10 %", False),
            ("place_id", None, False),
            ("unit", "count", False),
        ]
        assert type(conditions[0].value) is int
        assert type(conditions[1].value) is float
        (date,) = parse_where("appearances", ["date=2019-06-01"])
        assert date.value == dt.date(2019, 6, 1)
        (text_with_equals,) = parse_where("quotes", ["text=a=b"])
        assert text_with_equals.value == "a=b"

    def test_topics(self) -> None:
        """A topics value is a membership test; with the tables it is resolved, else taken as an id."""
        (condition,) = parse_where("quotes", ["topics=pay"], tables=dlc.load)
        assert (condition.column, condition.value, condition.in_list) == ("topics", "pay", True)
        assert parse_where("quotes", ["topics=anything"])[0].value == "anything"  # unchecked
        with pytest.raises(UnknownRecordError) as caught:
            parse_where("quotes", ["topics=pey"], tables=dlc.load)
        assert str(caught.value).startswith("No topic matches --where topics='pey'. Close matches: 'pay' ")
        with pytest.raises(UnknownRecordError) as caught:
            parse_where("quotes", ["topics=zzzzzz"], tables=dlc.load)
        assert str(caught.value) == (
            "No topic matches --where topics='zzzzzz'. Pass an id or a name as the corpus writes it"
        )

    def test_filter_after_a_date_and_close_matches(self) -> None:
        """A filter after a date filter is kept; several close matches are all offered, comma-separated."""
        found = parse_where("appearances", ["date=2019", "genre=interview"])
        assert [c.describe() for c in found] == ["date in 2019", "genre = 'interview'"]
        with pytest.raises(InvalidArgumentError) as caught:
            parse_where("appearances", ["genre=interviews"])
        assert str(caught.value).endswith("Did you mean 'interview', 'review'?")

    def test_names_resolved_in_every_filter(self) -> None:
        """Keys and references given as names resolve to ids, each filter after a null or list one too."""
        cases = {
            ("people", ("person_id=casilli",)): ["person_id = 'antonio-casilli'"],
            ("places", ("place_id=MG", "kind=country")): ["place_id = 'madagascar'", "kind = 'country'"],
            ("statistics", ("quote_id=", "place_id=Madagascar", "unit=percent")): [
                "quote_id is null",
                "place_id = 'madagascar'",
                "unit = 'percent'",
            ],
            ("quotes", ("topics=pay", "speaker_id=casilli")): [
                "topics holds 'pay'",
                "speaker_id = 'antonio-casilli'",
            ],
        }
        for (table, expressions), expected in cases.items():
            found = parse_where(table, list(expressions), tables=dlc.load)
            assert [c.describe() for c in found] == expected, (table, expressions)
        with pytest.raises(UnknownRecordError) as caught:
            parse_where("statistics", ["place_id=Madagaskar"], tables=dlc.load)
        assert str(caught.value) == (
            "No place matches --where place_id='Madagaskar'. Close matches: 'madagascar' "
            "(Madagascar / Madagascar). Pass an id or a name as the corpus writes it"
        )

    @pytest.mark.parametrize(
        ("table", "expression", "message"),
        [
            ("quotes", "span_start=1.5", "--where span_start=1.5: quotes.span_start holds whole numbers"),
            (
                "statistics",
                "value=nan",
                "--where value=nan: statistics.value holds numbers, such as 0.5 or 1000",
            ),
            (
                "statistics",
                "value=inf",
                "--where value=inf: statistics.value holds numbers, such as 0.5 or 1000",
            ),
            (
                "statistics",
                "value=-inf",
                "--where value=-inf: statistics.value holds numbers, such as 0.5 or 1000",
            ),
            ("statistics", "value=x", "--where value=x: statistics.value holds numbers, such as 0.5 or 1000"),
            (
                "statistics",
                "approximate=True",
                "--where approximate=True: statistics.approximate holds true or false",
            ),
            (
                "appearances",
                "date=2019-6-1",
                "--where date=2019-6-1: appearances.date holds dates; write one as YYYY-MM-DD, or a whole month or year as YYYY-MM or YYYY, such as 2022-12-09, 2019-06 or 2020",
            ),
            (
                "appearances",
                "date=20190601",
                "--where date=20190601: appearances.date holds dates; write one as YYYY-MM-DD, or a whole month or year as YYYY-MM or YYYY, such as 2022-12-09, 2019-06 or 2020",
            ),
            (
                "places",
                "kind=planet",
                "--where kind=planet: places.kind is one of country, city, region, continent, subdivision, venue.",
            ),
        ],
    )
    def test_bad_values(self, table: str, expression: str, message: str) -> None:
        """A value not of the column's type or vocabulary: the exact message."""
        with pytest.raises(InvalidArgumentError) as caught:
            parse_where(table, [expression])
        assert str(caught.value) == message

    @pytest.mark.parametrize("expression", ["kind", "=answer", " =answer", ""])
    def test_not_an_expression(self, expression: str) -> None:
        """Without a column and an equals sign: the form and the table's columns."""
        with pytest.raises(InvalidArgumentError) as caught:
            parse_where("topics", [expression])
        assert str(caught.value) == (
            f"--where expects COLUMN=VALUE (COLUMN= for null), got {expression!r}; "
            "the columns of topics are: topic_id, label_en, label_fr, description_en"
        )

    def test_unknown_column_and_table(self) -> None:
        """An unknown column or table raises the library's errors."""
        with pytest.raises(UnknownColumnError):
            parse_where("quotes", ["speaker=x"])
        with pytest.raises(UnknownTableError):
            parse_where("quote", ["kind=answer"])

    def test_no_expression(self) -> None:
        """No filter, no condition."""
        assert parse_where("quotes", []) == []


class TestCondition:
    """``Condition.matches`` and ``describe``."""

    def test_matches(self) -> None:
        """Equality, null, and list membership (a null list holds nothing)."""
        assert Condition("n", 1).matches({"n": 1})
        assert not Condition("n", 1).matches({"n": 2})
        assert not Condition("n", 1).matches({"n": None})
        assert Condition("n", None).matches({"n": None})
        assert not Condition("n", None).matches({"n": 0})
        assert not Condition("n", None).matches({"n": ""})
        assert Condition("t", "a", in_list=True).matches({"t": ["b", "a"]})
        assert not Condition("t", "a", in_list=True).matches({"t": ["b"]})
        assert not Condition("t", "a", in_list=True).matches({"t": None})
        assert not Condition("t", "a").matches({"t": ["a"]})

    def test_describe(self) -> None:
        """The filter in words, as the no-match note prints it."""
        assert Condition("kind", "answer").describe() == "kind = 'answer'"
        assert Condition("date", dt.date(2019, 6, 1)).describe() == "date = '2019-06-01'"
        assert Condition("topics", "pay", in_list=True).describe() == "topics holds 'pay'"
        assert Condition("question_id", None).describe() == "question_id is null"
        assert Condition("approximate", True).describe() == "approximate = True"
        described = [
            parse_where("appearances", [f"date={d}"])[0].describe() for d in ("2019-06", "2019", "2019-06-01")
        ]
        assert described == ["date in 2019-06", "date in 2019", "date = '2019-06-01'"]


class TestLimitAndFormat:
    """``parse_limit`` and ``check_output_format``."""

    @pytest.mark.parametrize(("value", "expected"), [("1", 1), ("7", 7), (3, 3), ("all", None), (None, None)])
    def test_limits(self, value: str | int | None, expected: int | None) -> None:
        """Whole numbers from 1, or all."""
        assert parse_limit(value) == expected

    @pytest.mark.parametrize("bad", ["0", 0, "-1", "1.5", "ALL", "", " 3", "٣", True, -1])
    def test_bad_limits(self, bad: object) -> None:
        """Anything else, with the exact message."""
        with pytest.raises(InvalidArgumentError) as caught:
            parse_limit(bad)  # type: ignore[arg-type]
        assert str(caught.value) == f"--limit must be a whole number of 1 or more, or 'all'; got {str(bad)!r}"

    def test_minimum(self) -> None:
        """``minimum`` is the least accepted."""
        assert parse_limit("0", minimum=0) == 0
        assert parse_limit("2", minimum=2) == 2
        with pytest.raises(InvalidArgumentError, match="of 2 or more"):
            parse_limit(1, minimum=2)

    def test_formats(self) -> None:
        """The three formats; a near miss is suggested, a far one not."""
        assert [check_output_format(f) for f in ("table", "csv", "json")] == ["table", "csv", "json"]
        with pytest.raises(InvalidArgumentError) as caught:
            check_output_format("jsn")
        assert (
            str(caught.value)
            == "Unknown output format 'jsn'. Accepted formats: table, csv, json. Did you mean 'json'?"
        )
        with pytest.raises(InvalidArgumentError) as caught:
            check_output_format(None)
        assert str(caught.value) == "Unknown output format None. Accepted formats: table, csv, json."


class TestRender:
    """``render`` in each format."""

    ROWS = ({"quote_id": "q-" + "x" * 60, "text": "a\nb  " + "é" * 60, "n": None, "topics": ["pay"]},)

    def test_table(self) -> None:
        """As wide as its values: ids in full, other text on one line, cut at CELL_WIDTH with an ellipsis."""
        lines = render(self.ROWS, ["quote_id", "text", "n", "topics"], "table").split("\n")
        text = ("a b " + "é" * 60)[: CELL_WIDTH - 1] + "…"
        assert len(text) == CELL_WIDTH == 48
        id_ = "q-" + "x" * 60
        assert len(lines) == 3
        assert lines[0].split() == ["quote_id", "text", "n", "topics"]
        assert set(lines[1]) == {"─"}
        assert lines[2].startswith(id_ + " ")
        assert lines[2].rstrip().endswith('["pay"]')
        assert lines[2][lines[0].index("text") :].startswith(text + " ")

    def test_exact_width_is_not_cut(self) -> None:
        """A value of exactly CELL_WIDTH characters is shown whole."""
        rows = [{"text": "y" * CELL_WIDTH}]
        assert render(rows, ["text"], "table").split("\n")[2] == "y" * CELL_WIDTH

    def test_csv_and_json(self) -> None:
        """CSV: header and quoted cells, null empty; JSON: one object a line, text as itself."""
        rows = [{"a": "x,y", "b": None, "d": dt.date(2019, 6, 1)}]
        assert render(rows, ["a", "b", "d"], "csv") == 'a,b,d\n"x,y",,2019-06-01'
        assert render([], ["a"], "csv") == "a"
        assert render(rows, ["a", "d"], "json") == '[\n  {"a": "x,y", "d": "2019-06-01"}\n]'
        assert json.loads(render(self.ROWS, ["text"], "json")) == [{"text": self.ROWS[0]["text"]}]
        assert render([], ["a"], "json") == "[]"
        assert render([], ["a"], "table") == "a\n─"


class TestNames:
    """``table_names`` and ``column_names`` split, strip and check."""

    def test_table_names(self) -> None:
        """Commas and spaces both separate; empty parts are dropped; None stays None."""
        assert table_names(["quotes, claims,", " topics"]) == ["quotes", "claims", "topics"]
        assert table_names(None) is None
        assert table_names([]) == []
        with pytest.raises(UnknownTableError):
            table_names(["quotes,quote"])

    def test_column_names(self) -> None:
        """The columns asked for, in order; all when none given."""
        assert column_names("topics", [" label_fr ,topic_id", ""]) == ["label_fr", "topic_id"]
        assert column_names("topics", None) == list(TABLES["topics"].columns)
        with pytest.raises(UnknownColumnError) as caught:
            column_names("topics", ["label"])
        assert str(caught.value).startswith("Unknown column 'label' in table 'topics'.")
