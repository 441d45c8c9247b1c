"""Corrections as data: releases classified by the versioning policy, errata derived from the diff."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.build.compile import build
from digital_labor_corpus.build.lock import LOCK
from digital_labor_corpus.build.release import release
from digital_labor_corpus.checks.changes import diff_tables, next_version, version_level
from digital_labor_corpus.checks.errata import Correction, corrections, errata_problems, to_json
from digital_labor_corpus.exceptions import AnnotationError

from .conftest import CORPUS_DIR
from .versions import one_corpus, to_tables

VERSIONS = dlc.versions()


def _with_rows(tables: dict[str, pa.Table], name: str, rows: list[dict[str, object]]) -> dict[str, pa.Table]:
    return dict(tables) | {name: pa.Table.from_pylist(rows, schema=tables[name].schema)}


class TestClassifyShipped:
    """The shipped releases are classified as they were numbered."""

    def test_1_0_0_to_1_0_1_is_exactly_a_patch(self) -> None:
        """1.0.1 added one missed appearance and changed nothing else: a patch, for that one reason."""
        result = dlc.diff("1.0.0", "1.0.1").classify()
        assert result.level == "patch"
        assert result.reasons == (
            "appearances 2019-06-01-france-strategie-conference added (a missed record)",
        )

    def test_every_shipped_release_is_numbered_by_its_diff(self) -> None:
        """Each shipped version's number is the one its diff against the version before calls for."""
        for old, new in itertools.pairwise(VERSIONS):
            assert next_version(old, dlc.diff(old, new).classify().level) == new

    def test_same_version_is_none(self) -> None:
        """A version compared with itself makes no release."""
        assert dlc.diff(VERSIONS[-1], VERSIONS[-1]).classify().level == "none"


class TestClassifySynthetic:
    """Synthetic pairs of versions, one kind of change each."""

    def test_corrected_value_is_patch(self) -> None:
        """A corrected translation is a patch."""
        old = to_tables(one_corpus())
        quotes = old["quotes"].to_pylist()
        quotes[0]["text_en"] = "A better translation."
        assert diff_tables(old, _with_rows(old, "quotes", quotes)).classify().level == "patch"

    def test_withdrawn_record_is_patch(self) -> None:
        """A wrong record withdrawn is a correction: a patch."""
        old = to_tables(one_corpus())
        new = dict(old) | {"place_mentions": old["place_mentions"].slice(1)}
        result = diff_tables(old, new).classify()
        assert result.level == "patch"
        assert result.reasons[0].endswith("withdrawn")

    def test_added_column_is_minor(self) -> None:
        """A new column is a minor release."""
        old = to_tables(one_corpus())
        people = old["people"]
        new = dict(old) | {
            "people": people.append_column("orcid", pa.array([None] * people.num_rows, pa.string()))
        }
        result = diff_tables(old, new).classify()
        assert (result.level, result.reasons) == ("minor", ("column people.orcid added",))

    def test_added_table_is_minor(self) -> None:
        """A table a version adds (as 1.1.0 added errata) is a minor release."""
        new = to_tables(one_corpus())
        old = {name: table for name, table in new.items() if name != "errata"}
        assert diff_tables(old, new).classify().reasons == ("table errata added",)

    def test_added_source_and_topic_are_minor(self) -> None:
        """A new source or a new topic outranks record corrections: minor."""
        old = to_tables(one_corpus())
        topics = [
            *old["topics"].to_pylist(),
            {"topic_id": "new", "label_en": "New", "label_fr": "Nouveau", "description_en": "Added."},
        ]
        quotes = old["quotes"].to_pylist()
        quotes[0]["text_en"] = "Changed."
        new = _with_rows(_with_rows(old, "topics", topics), "quotes", quotes)
        result = diff_tables(old, new).classify()
        assert result.level == "minor"
        assert result.reasons == ("topic new added to the vocabulary",)

    def test_added_vocabulary_value_is_minor(self) -> None:
        """A value added to a closed vocabulary is minor; removed, major."""
        tables = to_tables(one_corpus())
        small = {"quotes.kind": frozenset({"question", "answer"})}
        large = {"quotes.kind": frozenset({"question", "answer", "statement"})}
        assert (
            diff_tables(tables, tables, old_vocabularies=small, new_vocabularies=large).classify().level
            == "minor"
        )
        result = diff_tables(tables, tables, old_vocabularies=large, new_vocabularies=small).classify()
        assert (result.level, result.reasons) == (
            "major",
            ("vocabulary value quotes.kind 'statement' removed",),
        )

    def test_removed_or_retyped_column_is_major(self) -> None:
        """Removing or retyping a column is a major release."""
        old = to_tables(one_corpus())
        removed = dict(old) | {"people": old["people"].drop_columns(["affiliation"])}
        assert diff_tables(old, removed).classify().reasons == ("column people.affiliation removed",)
        places = old["places"]
        index = places.schema.get_field_index("latitude")
        retyped = dict(old) | {
            "places": places.set_column(index, "latitude", places.column("latitude").cast(pa.float32()))
        }
        assert diff_tables(old, retyped).classify().level == "major"

    def test_key_naming_another_record_is_major(self) -> None:
        """A released key whose identity columns change names another record: major."""
        old = to_tables(one_corpus())
        places = old["places"].to_pylist()
        places[0]["name_en"] = "Somewhere else"
        result = diff_tables(old, _with_rows(old, "places", places)).classify()
        assert result.level == "major"
        assert "now names another record (name_en)" in result.reasons[0]

    def test_removed_table_is_major(self) -> None:
        """A table a version drops is a major release."""
        old = to_tables(one_corpus())
        new = {name: table for name, table in old.items() if name != "topics"}
        assert diff_tables(old, new).classify().reasons == ("table topics removed",)

    @pytest.mark.parametrize(
        ("old", "new", "level"),
        [
            ("1.0.0", "1.0.1", "patch"),
            ("1.0.1", "1.1.0", "minor"),
            ("1.9.3", "2.0.0", "major"),
            ("1.1.0", "1.1.0", "none"),
        ],
    )
    def test_version_level(self, old: str, new: str, level: str) -> None:
        """The kind of release a pair of numbers makes."""
        assert version_level(old, new) == level


class TestCorrections:
    """The changes a diff makes to released records, as JSON values."""

    def test_changed_added_withdrawn(self) -> None:
        """A changed value names its column; an added or withdrawn record carries the whole record."""
        old = to_tables(one_corpus())
        quotes = old["quotes"].to_pylist()
        before = quotes[0]["text_en"]
        quotes[0]["text_en"] = "New."
        withdrawn = old["place_mentions"].to_pylist()[0]
        new = _with_rows(old, "quotes", quotes) | {"place_mentions": old["place_mentions"].slice(1)}
        found = corrections(diff_tables(old, new), old, new)
        assert (
            Correction(
                "quotes", quotes[0]["quote_id"], "text_en", json.dumps(before, ensure_ascii=False), '"New."'
            )
            in found
        )
        (gone,) = [c for c in found if c.table == "place_mentions"]
        assert (gone.column, gone.new_value, json.loads(gone.old_value or "")) == (None, None, withdrawn)

    def test_withdrawn_record_named_after_a_table_left_out(self) -> None:
        """A table in one version only is skipped, and the changes of the tables after it still count.

        The withdrawn record is named by its key, with its whole old record.
        """
        old = to_tables(one_corpus())
        withdrawn = old["place_mentions"].to_pylist()[0]
        new = {name: table for name, table in old.items() if name != "appearances"}
        new["place_mentions"] = old["place_mentions"].slice(1)
        found = corrections(diff_tables(old, new), old, new)
        assert [(c.table, c.key, c.column, c.new_value) for c in found] == [
            ("place_mentions", withdrawn["mention_id"], None, None)
        ]
        assert json.loads(found[0].old_value or "") == withdrawn

    def test_text_kept_as_written_and_unknown_values_refused(self) -> None:
        """Non-ASCII text stays as written (not escaped); a value JSON cannot hold is a TypeError naming it."""
        assert to_json({"title": "Café – ouvriers du clic"}) == '{"title": "Café – ouvriers du clic"}'
        with pytest.raises(TypeError, match=r"^no JSON form for <object object at "):
            to_json(object())

    def test_dates_as_iso_text(self) -> None:
        """A date value is JSON text in ISO form."""

        assert to_json(dt.date(2022, 12, 9)) == '"2022-12-09"'


def _copy(tmp_path: Path, version: str) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / LOCK).unlink(missing_ok=True)
    text = (corpus / "release.toml").read_text(encoding="utf-8")
    lines = [f'version = "{version}"' if line.startswith("version") else line for line in text.splitlines()]
    (corpus / "release.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The patch release after the newest shipped version: what a correction of it is numbered.
_MAJOR, _MINOR, _PATCH = map(int, dlc.versions()[-1].split("."))
NEXT_PATCH = f"{_MAJOR}.{_MINOR}.{_PATCH + 1}"


class TestErrataBuild:
    """The build derives the errata from the diff and the stated reasons, and refuses gaps."""

    def _changed_corpus(self, tmp_path: Path, version: str) -> Path:
        corpus = _copy(tmp_path, version)
        _edit(corpus / "topics.toml", "Pay and income", "Pay, income and earnings")
        return corpus

    def test_change_without_reason_fails(self, tmp_path: Path) -> None:
        """A changed record with no [[errata]] reason fails the build, naming it."""
        corpus = self._changed_corpus(tmp_path, NEXT_PATCH)
        with pytest.raises(AnnotationError, match=r"no stated reason: topics \S+ label_en"):
            build(corpus, tmp_path / "data")

    def test_reason_naming_no_change_fails(self, tmp_path: Path) -> None:
        """A reason for a record that did not change fails the build."""
        corpus = _copy(tmp_path, NEXT_PATCH)
        with (corpus / "errata.toml").open("a", encoding="utf-8") as handle:
            handle.write(
                f'\n[[errata]]\nversion = "{NEXT_PATCH}"\ntable = "topics"\nkey = "pay"\nreason = "None."\n'
            )
        with pytest.raises(AnnotationError, match=rf"name no change of version {re.escape(NEXT_PATCH)}"):
            build(corpus, tmp_path / "data")

    def test_reason_becomes_an_erratum(self, tmp_path: Path) -> None:
        """A stated reason becomes a row with the old and new values, after the earlier errata."""
        corpus = self._changed_corpus(tmp_path, NEXT_PATCH)
        key = next(r["topic_id"] for r in dlc.load("topics").to_pylist() if r["label_en"] == "Pay and income")
        with (corpus / "errata.toml").open("a", encoding="utf-8") as handle:
            handle.write(
                f'\n[[errata]]\nversion = "{NEXT_PATCH}"\ntable = "topics"\nkey = "{key}"\n'
                'column = "label_en"\nreason = "A fuller label."\n'
            )
        result = build(corpus, tmp_path / "data")
        errata = pq.read_table(result.path / "errata.parquet").to_pylist()
        assert errata[: len(dlc.load("errata"))] == dlc.load("errata").to_pylist()
        assert errata[-1] == {
            "erratum_id": f"{NEXT_PATCH}/topics/{key}/label_en",
            "table": "topics",
            "key": key,
            "column": "label_en",
            "old_value": '"Pay and income"',
            "new_value": '"Pay, income and earnings"',
            "reason": "A fuller label.",
            "corrected_in": NEXT_PATCH,
        }
        assert result.classification is not None
        assert result.classification.level == "patch"

    def test_release_refuses_a_contradicting_number(self, tmp_path: Path) -> None:
        """The annotations make a minor release over 1.0.1: numbered 1.0.2, the release is refused."""
        corpus = _copy(tmp_path, "1.0.2")
        errata = corpus / "errata.toml"
        if errata.exists():
            errata.write_text(
                errata.read_text(encoding="utf-8").replace('"1.1.0"', '"1.0.2"'), encoding="utf-8"
            )
        with pytest.raises(AnnotationError, match=r"makes a minor release .* it must be numbered 1\.1\.0"):
            release(corpus, tmp_path / "data")
        assert not (tmp_path / "data" / "1.0.2").exists()

    def test_release_refuses_nothing_to_release(self, tmp_path: Path) -> None:
        """The annotations unchanged under a new number make no release."""
        newest = VERSIONS[-1]
        major, minor, patch = newest.split(".")
        corpus = _copy(tmp_path, f"{major}.{minor}.{int(patch) + 1}")
        with pytest.raises(AnnotationError, match="there is nothing to release"):
            release(corpus, tmp_path / "data")


class TestShippedErrata:
    """The shipped errata agree with the diffs, and tampering is caught."""

    @pytest.mark.parametrize("version", [v for v in VERSIONS if "errata" in dlc.tables(v)])
    def test_errata_equal_the_diff(self, version: str) -> None:
        """A version's own errata are, change for change, the diff against the version before."""
        before = VERSIONS[VERSIONS.index(version) - 1]
        d = dlc.diff(before, version)
        stated = {
            (r["table"], r["key"], r["column"])
            for r in dlc.load("errata", version=version).to_pylist()
            if r["corrected_in"] == version
        }
        derived: set[tuple[str, str, str | None]] = set()
        for name, table in d.tables.items():
            if name == "errata":
                continue
            derived |= {(name, c.key, col.column) for c in table.changed for col in c.changes}
            derived |= {(name, key, None) for key in (*table.added, *table.removed)}
        assert stated == derived
        assert all(r["reason"].strip() for r in dlc.load("errata", version=version).to_pylist())

    def test_tampered_errata_are_caught(self) -> None:
        """A dropped erratum and an invented one are both reported (on the newest version that corrects records)."""
        version = next(
            v
            for v in reversed(VERSIONS)
            if "errata" in dlc.tables(v)
            and v in dlc.load("errata", version=v).column("corrected_in").to_pylist()
        )
        rows = dlc.load("errata", version=version).to_pylist()
        expected = [
            Correction(r["table"], r["key"], r["column"], r["old_value"], r["new_value"])
            for r in rows
            if r["corrected_in"] == version
        ]
        assert expected
        invented = dict(
            rows[0],
            erratum_id=f"{version}/claims/nothing",
            key="nothing",
            column=None,
            new_value='{"a": 1}',
            old_value=None,
            corrected_in=version,
            table="claims",
        )
        problems = errata_problems([*rows[1:], invented], version, expected, [])
        assert sorted(p[1] for p in problems) == ["errata_diff", "errata_diff"]


def _row(**changes: Any) -> dict[str, Any]:
    """A well-formed erratum of 1.1.0 for claim c1's statement_en, changed by ``changes``."""
    row: dict[str, Any] = {
        "erratum_id": "1.1.0/claims/c1/statement_en",
        "table": "claims",
        "key": "c1",
        "column": "statement_en",
        "old_value": '"A."',
        "new_value": '"B."',
        "reason": "Said more than the passage.",
        "corrected_in": "1.1.0",
    }
    return row | changes


_STATED = Correction("claims", "c1", "statement_en", '"A."', '"B."')
_EARLIER = _row(
    erratum_id="1.0.1/topics/t1/label_fr", table="topics", key="t1", column="label_fr", corrected_in="1.0.1"
)


class TestErrataProblemsWordForWord:
    """Each problem errata_problems() finds, with its erratum, rule and detail exactly: what
    ``validate`` prints. Inputs are built by hand, one problem each, beside a good row that
    must stay silent (a problem in one row never hides the next row's)."""

    @pytest.mark.parametrize(
        ("rows", "expected", "previous", "problems"),
        [
            pytest.param([_row()], [_STATED], [], [], id="a good row"),
            pytest.param(
                [_row(table="errata", erratum_id="1.1.0/errata/c1/statement_en"), _row()],
                None,
                None,
                [("1.1.0/errata/c1/statement_en", "errata_row", "table 'errata' is not a table of records")],
                id="a table that is not of records",
            ),
            pytest.param(
                [_row(erratum_id="1.1.0/claims/c1"), _row()],
                None,
                None,
                [("1.1.0/claims/c1", "errata_row", "erratum_id is not corrected_in/table/key[/column]")],
                id="an id that is not its parts",
            ),
            pytest.param(
                [
                    _row(old_value="{bad"),
                    _row(erratum_id="1.1.0/claims/c1/statement", column="statement"),
                    _row(
                        erratum_id="1.1.0/claims/c2/statement", key="c2", column="statement", new_value='"A."'
                    ),
                ],
                None,
                None,
                [
                    (
                        "1.1.0/claims/c1/statement_en",
                        "errata_row",
                        "old_value or new_value is not JSON: Expecting property name enclosed in double quotes: "
                        "line 1 column 2 (char 1)",
                    ),
                    ("1.1.0/claims/c2/statement", "errata_row", "old_value equals new_value"),
                ],
                id="a value that is not JSON, then a good row and a bad one",
            ),
            pytest.param(
                [_row(erratum_id="1.1.0/claims/c1", column=None, old_value='{"a": 1}', new_value='{"a": 2}')],
                None,
                None,
                [
                    (
                        "1.1.0/claims/c1",
                        "errata_row",
                        "a whole-record erratum has exactly one of old_value, new_value",
                    )
                ],
                id="a whole record with both values",
            ),
            pytest.param(
                [_row(erratum_id="1.1.0/claims/c1", column=None, old_value=None, new_value=None)],
                None,
                None,
                [
                    (
                        "1.1.0/claims/c1",
                        "errata_row",
                        "a whole-record erratum has exactly one of old_value, new_value",
                    )
                ],
                id="a whole record with neither value",
            ),
            pytest.param(
                [_row(new_value='"A."')],
                None,
                None,
                [("1.1.0/claims/c1/statement_en", "errata_row", "old_value equals new_value")],
                id="a value corrected to itself",
            ),
            pytest.param(
                [_row()],
                [],
                [],
                [
                    (
                        "1.1.0/claims/c1/statement_en",
                        "errata_diff",
                        "names no change of the diff against the previous version",
                    )
                ],
                id="an erratum of no change",
            ),
            pytest.param(
                [],
                [_STATED, Correction("claims", "c2", None, None, '{"claim_id": "c2"}')],
                [],
                [
                    (None, "errata_diff", "claims c1 statement_en changed but has no erratum"),
                    (None, "errata_diff", "claims c2 (record added or withdrawn) changed but has no erratum"),
                ],
                id="changes without errata",
            ),
            pytest.param(
                [_row()],
                [_STATED],
                [_EARLIER],
                [
                    (
                        "1.0.1/topics/t1/label_fr",
                        "errata_history",
                        "an erratum of an earlier version is missing",
                    )
                ],
                id="history dropped",
            ),
            pytest.param(
                [_row(), _EARLIER],
                [_STATED],
                [],
                [
                    (
                        "1.0.1/topics/t1/label_fr",
                        "errata_history",
                        "an erratum of an earlier version that version did not ship",
                    )
                ],
                id="history invented",
            ),
            pytest.param(
                [_row(), _EARLIER | {"reason": "Another reason."}],
                [_STATED],
                [_EARLIER],
                [
                    (
                        "1.0.1/topics/t1/label_fr",
                        "errata_history",
                        "differs from the erratum the earlier version shipped",
                    )
                ],
                id="history rewritten",
            ),
        ],
    )
    def test_problem(
        self,
        rows: list[dict[str, Any]],
        expected: list[Correction] | None,
        previous: list[dict[str, Any]] | None,
        problems: list[tuple[str | None, str, str]],
    ) -> None:
        assert errata_problems(rows, "1.1.0", expected, previous) == problems
