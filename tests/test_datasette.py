"""The SQLite export opens in Datasette with its facets and foreign-key labels (Datasette's own client)."""

from __future__ import annotations

import asyncio
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

import digital_labor_corpus as dlc
from digital_labor_corpus.publishing.exporting import DATASETTE_METADATA, SQLITE_FILE, export

DATABASE = Path(SQLITE_FILE).stem
# The facets the issue asks for, by table and column, written out here.
FACETS = {
    "appearances": {"medium", "genre"},
    "quotes": {"speaker_id", "topics"},
    "claims": {"topics"},
    "statistics": {"unit"},
    "place_mentions": {"role"},
}


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Datasette serving the SQLite export with its metadata.json, as the docs say to run it."""
    out = tmp_path_factory.mktemp("sqlite")
    export(out, "sqlite")
    metadata = json.loads((out / DATASETTE_METADATA).read_text(encoding="utf-8"))
    return Datasette(files=[str(out / SQLITE_FILE)], metadata=metadata)


def _get(datasette: Any, path: str) -> Any:
    async def fetch() -> Any:
        return await datasette.client.get(path)

    response = asyncio.run(fetch())
    assert response.status_code == 200, path
    return response


def _json(datasette: Any, path: str) -> dict[str, Any]:
    result: dict[str, Any] = _get(datasette, path).json()
    return result


class TestFacets:
    """Each table opens with the facets of its vocabularies, speakers, places and topics."""

    @pytest.mark.parametrize("table", list(FACETS))
    def test_facets_shown(self, datasette: Any, table: str) -> None:
        """The table's JSON has a facet for each column asked for."""
        page = _json(datasette, f"/{DATABASE}/{table}.json?_size=1")
        assert FACETS[table] <= set(page["facet_results"])

    @pytest.mark.parametrize(("table", "column"), [(t, c) for t, cs in FACETS.items() for c in sorted(cs)])
    def test_facet_counts(self, datasette: Any, table: str, column: str) -> None:
        """Each facet value's count is the number of rows of the pyarrow table with that value."""
        page = _json(datasette, f"/{DATABASE}/{table}.json?_size=1&_facet_size=max")
        counts = {item["value"]: item["count"] for item in page["facet_results"][column]["results"]}
        values = dlc.load(table).column(column).to_pylist()
        if column == "topics":  # an array facet: rows whose list holds the topic
            expected = Counter(topic for row in values for topic in set(row))
        else:
            expected = Counter(v for v in values if v is not None)
        assert counts == dict(expected)


class TestLabels:
    """Foreign keys show the label of the row they point to."""

    def test_speaker_names(self, datasette: Any) -> None:
        """A quote's speaker_id is labelled with the person's name, its appearance with the outlet."""
        page = _json(datasette, f"/{DATABASE}/quotes.json?_labels=on&_size=max")
        names = {p["person_id"]: p["name"] for p in dlc.load("people").to_pylist()}
        outlets = {a["appearance_id"]: a["outlet"] for a in dlc.load("appearances").to_pylist()}
        assert len(page["rows"]) == dlc.load("quotes").num_rows
        for row in page["rows"]:
            assert row["speaker_id"]["label"] == names[row["speaker_id"]["value"]]
            assert row["appearance_id"]["label"] == outlets[row["appearance_id"]["value"]]

    def test_place_names_in_html(self, datasette: Any) -> None:
        """The HTML page of place mentions shows place names, not only ids."""
        page = html.unescape(_get(datasette, f"/{DATABASE}/place_mentions?_size=max").text)
        named = {p["place_id"]: p["name_en"] for p in dlc.load("places").to_pylist()}
        used = set(dlc.load("place_mentions").column("place_id").to_pylist())
        assert [place for place in sorted(used) if f">{named[place]}<" not in page] == []

    def test_facet_labels(self, datasette: Any) -> None:
        """The speaker facet lists people by name."""
        page = _json(datasette, f"/{DATABASE}/quotes.json?_size=1&_facet_size=max")
        names = {p["person_id"]: p["name"] for p in dlc.load("people").to_pylist()}
        for item in page["facet_results"]["speaker_id"]["results"]:
            assert item["label"] == names[item["value"]]
