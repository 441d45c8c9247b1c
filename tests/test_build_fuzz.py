"""Hypothesis-generated bad annotation files fail the build naming file and record, writing nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digital_labor_corpus.build.compile import build
from digital_labor_corpus.exceptions import AnnotationError

from .conftest import CORPUS_DIR

SECTION = "07-xerfi.toml"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if "'''" not in text and not text.endswith("'"):
        return f"'''{text}'''"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dump(document: dict[str, Any]) -> str:
    lines = [f"source = {_toml_value(document['source'])}", ""]
    for kind, records in document.items():
        if kind == "source":
            continue
        for record in records:
            lines.append(f"[[{kind}]]")
            lines.extend(f"{key} = {_toml_value(value)}" for key, value in record.items())
            lines.append("")
    return "\n".join(lines)


ORIGINAL = tomllib.loads((CORPUS_DIR / "annotations" / SECTION).read_text(encoding="utf-8"))
KINDS = [k for k in ORIGINAL if k in ("quotes", "claims", "statistics", "mentions")]


@st.composite
def broken_sections(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """The real section file with one record broken in one way; returns it and the record's id."""
    document = {k: [dict(r) for r in v] if isinstance(v, list) else v for k, v in ORIGINAL.items()}
    kind = draw(st.sampled_from(KINDS))
    index = draw(st.integers(0, len(document[kind]) - 1))
    record = document[kind][index]
    how = draw(st.sampled_from(["missing", "wrong type", "absent text", "duplicate", "unknown field"]))
    if how == "missing":
        field = draw(st.sampled_from(["id", "appearance", "text" if "text" in record else "passage"]))
        if field == "id":
            field = "appearance"
        del record[field]
    elif how == "wrong type":
        field = draw(st.sampled_from(["appearance", "text" if "text" in record else "passage"]))
        record[field] = draw(st.integers() | st.booleans() | st.lists(st.integers(), max_size=2))
    elif how == "absent text":
        key = "text" if "text" in record else "passage"
        record[key] = draw(st.text(alphabet="qxzwkQXZ", min_size=12, max_size=20))
        record.pop("occurrence", None)
        record.pop("within", None)
    elif how == "duplicate":
        document[kind].append(dict(record))
    else:
        record[draw(st.sampled_from(["colour", "speeker", "txt"]))] = "x"
    return document, str(record.get("id"))


@pytest.fixture
def bad_dates_dir(tmp_path: Path) -> Path:
    """A copy of the corpus whose release.toml names an impossible date."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / "release.toml").write_text('version = "1.0.0"\nrelease_date = "soon"\n', encoding="utf-8")
    return corpus


class TestFuzzedAnnotations:
    """Broken annotation records never produce a version."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(broken=broken_sections())
    def test_build_fails_naming_file_and_record(
        self, tmp_path_factory: pytest.TempPathFactory, broken: tuple[dict[str, Any], str]
    ) -> None:
        """The error names the section file and the broken record; no version directory appears."""
        document, record_id = broken
        root = tmp_path_factory.mktemp("fuzz")
        corpus = root / "corpus"
        shutil.copytree(CORPUS_DIR, corpus, ignore=shutil.ignore_patterns("*.toml"))
        for name in ("sources", "people", "places", "topics", "release"):
            shutil.copy(CORPUS_DIR / f"{name}.toml", corpus / f"{name}.toml")
        (corpus / "annotations" / SECTION).write_text(_dump(document), encoding="utf-8")
        out = root / "out"
        with pytest.raises(AnnotationError) as caught:
            build(corpus, out)
        message = str(caught.value)
        assert SECTION in message
        assert record_id in message or "appearance" in message
        assert not (out / "1.0.0").exists()

    def test_bad_release_date(self, bad_dates_dir: Path, tmp_path: Path) -> None:
        """A release date that is not a date fails before anything is built."""
        with pytest.raises(AnnotationError, match=r"release\.toml: release_date must be a date"):
            build(bad_dates_dir, tmp_path / "out")

    def test_bad_appearance_date(self, tmp_path: Path) -> None:
        """An appearance date that is not a date names the file and the appearance."""
        corpus = tmp_path / "corpus"
        shutil.copytree(CORPUS_DIR, corpus)
        path = corpus / "annotations" / SECTION
        path.write_text(
            path.read_text(encoding="utf-8").replace("date = 2019-07-16", 'date = "16 juillet 2019"', 1),
            encoding="utf-8",
        )
        with pytest.raises(
            AnnotationError,
            match=r"07-xerfi\.toml: appearances record '2019-07-16-xerfi-canal-review': date '16 juillet 2019' is not a date",
        ):
            build(corpus, tmp_path / "out")
        assert not (tmp_path / "out" / "1.0.0").exists()
