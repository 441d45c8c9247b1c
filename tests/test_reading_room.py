"""The reading room in a real browser: headless Chromium loads the page, layers switch, deep links highlight.

The page is built from the newest shipped version and opened from a file; expected values
come from the tables, read with pyarrow, not from the page's own data.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.publishing.readingroom import PALETTE, page

from .browser import start_chromium

QUOTE = "2022-12-09-humanite-interview-q07"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reading room of the newest version, written to a file."""
    path = tmp_path_factory.mktemp("reading-room") / "reading-room.html"
    path.write_text(page(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, room: Path, record: str = "") -> None:
    """Load the page afresh (a new document, not a hash change) and wait for its script."""
    browser.get("about:blank")
    browser.get(room.as_uri() + (f"#{record}" if record else ""))
    for _ in range(100):
        if browser.execute_script("return document.body.dataset.ready") == "true":
            return
        time.sleep(0.05)
    raise AssertionError("the page's script did not finish")


def _highlighted(browser: Any) -> list[str]:
    """The text of each run of highlighted segments, in page order."""
    texts: list[str] = browser.execute_script(
        """
        const runs = [];
        let last = null;
        document.querySelectorAll('#text .s.hl').forEach(seg => {
          const joined = last && last.nextSibling === seg;
          if (joined) runs[runs.length - 1] += seg.textContent; else runs.push(seg.textContent);
          last = seg;
        });
        return runs;
        """
    )
    return texts


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _quotes() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = dlc.load("quotes").to_pylist()
    return rows


class TestStaticPage:
    """Without a browser: each annotated stretch is a link, and every quote, figure and place has one."""

    def test_every_record_has_a_link(self, room: Path) -> None:
        """Each quote, statistic and place mention is the target of at least one link in the text."""
        from html.parser import HTMLParser

        targets: set[str] = set()

        class Links(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found = dict(attrs)
                if tag == "a" and "s" in (found.get("class") or "").split():
                    targets.add((found.get("href") or "").removeprefix("#"))

        Links().feed(room.read_text(encoding="utf-8"))
        for table, key in (
            ("quotes", "quote_id"),
            ("statistics", "statistic_id"),
            ("place_mentions", "mention_id"),
        ):
            ids = set(dlc.load(table).column(key).to_pylist())
            assert ids <= targets, table


class TestPage:
    """The page holds the whole source and loads without errors."""

    def test_whole_source_text(self, browser: Any, room: Path) -> None:
        """The text of the page's article is the source text, character for character."""
        _open(browser, room)
        text = browser.execute_script("return document.getElementById('text').textContent")
        assert text == dlc.load("sources").column("text")[0].as_py()

    def test_no_script_error_and_nothing_fetched(self, browser: Any, room: Path) -> None:
        """The page loads no resource besides itself and logs no error."""
        _open(browser, room)
        resources = browser.execute_script("return performance.getEntriesByType('resource').length")
        assert resources == 0
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []


class TestDeepLinks:
    """``#record-id`` opens the page with that record highlighted and shown."""

    def test_quote_deep_link(self, browser: Any, room: Path) -> None:
        """The quote's own words are highlighted; the panel shows its translation, speaker and citation."""
        _open(browser, room, QUOTE)
        quote = next(row for row in _quotes() if row["quote_id"] == QUOTE)
        speaker = dlc.load("people").to_pylist()
        name = next(p["name"] for p in speaker if p["person_id"] == quote["speaker_id"])
        assert _highlighted(browser) == [quote["text"]]
        panel = browser.find_element("id", "panel").text
        assert quote["text_en"] in panel
        assert name in panel
        assert f"quote {QUOTE}" in panel

    def test_following_the_speaker_link(self, browser: Any, room: Path) -> None:
        """Clicking the speaker in the panel follows #person-id and highlights all their quotes."""
        _open(browser, room, QUOTE)
        quote = next(row for row in _quotes() if row["quote_id"] == QUOTE)
        browser.find_element("css selector", f'#panel a[href="#{quote["speaker_id"]}"]').click()
        assert browser.execute_script("return location.hash") == f"#{quote['speaker_id']}"
        expected = [row for row in _quotes() if row["speaker_id"] == quote["speaker_id"]]
        expected.sort(key=lambda row: row["span_start"])
        found = _highlighted(browser)
        assert "".join(found) == "".join(row["text"] for row in expected)

    def test_clicking_a_span_links_to_its_record(self, browser: Any, room: Path) -> None:
        """Clicking inside a figure puts the figure's id in the address and highlights it."""
        _open(browser, room)
        figure = dlc.load("statistics").to_pylist()[0]
        script = "return Array.from(document.querySelectorAll('#text .s.f')).find(s => s.textContent === arguments[0])"
        segment = browser.execute_script(script, figure["text"])
        assert segment is not None, "the figure is one segment of its own"
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", segment)
        segment.click()
        assert browser.execute_script("return location.hash") == f"#{figure['statistic_id']}"
        assert _highlighted(browser) == [figure["text"]]

    def test_place_deep_link(self, browser: Any, room: Path) -> None:
        """``#place-id`` highlights every mention of the place and marks it on the chart."""
        mentions = dlc.load("place_mentions").to_pylist()
        place = max(
            {m["place_id"] for m in mentions}, key=lambda p: sum(m["place_id"] == p for m in mentions)
        )
        _open(browser, room, place)
        expected = sorted((m for m in mentions if m["place_id"] == place), key=lambda m: m["span_start"])
        assert "".join(_highlighted(browser)) == "".join(m["text"] for m in expected)
        marked = browser.execute_script("return document.querySelectorAll('#place-chart a.on').length")
        assert marked == 1

    def test_unknown_id(self, browser: Any, room: Path) -> None:
        """An id that is no record highlights nothing and says so."""
        _open(browser, room, "no-such-record")
        assert _highlighted(browser) == []
        assert "No record" in browser.find_element("id", "panel").text


class TestLayers:
    """Each layer switches off and on again."""

    def test_quotes_layer(self, browser: Any, room: Path) -> None:
        """Unchecking quotes removes their colour; checking it again brings the speaker's colour back."""
        _open(browser, room)
        style = "return getComputedStyle(document.querySelector('#text .s.q:not(.c):not(.f):not(.p)')).backgroundColor"
        coloured = browser.execute_script(style)
        assert coloured in {_rgb(colour) for colour in PALETTE}
        browser.find_element("id", "layer-quotes").click()
        assert "hide-quotes" in browser.find_element("tag name", "body").get_attribute("class")
        assert browser.execute_script(style) == "rgba(0, 0, 0, 0)"
        browser.find_element("id", "layer-quotes").click()
        assert browser.execute_script(style) == coloured

    def test_people_layer(self, browser: Any, room: Path) -> None:
        """A speaker tag stands before each quote, and the people switch hides them all."""
        _open(browser, room)
        shown = "return Array.from(document.querySelectorAll('#text a.who')).filter(a => a.offsetParent !== null).length"
        assert browser.execute_script(shown) == len(_quotes())
        browser.find_element("id", "layer-people").click()
        assert browser.execute_script(shown) == 0

    def test_hidden_layer_is_not_clicked(self, browser: Any, room: Path) -> None:
        """With figures switched off, a click on a figure inside a quote opens the quote."""
        _open(browser, room)
        figures = dlc.load("statistics").to_pylist()
        figure = next(f for f in figures if f["quote_id"] is not None)
        browser.find_element("id", "layer-figures").click()
        script = "return Array.from(document.querySelectorAll('#text .s.f')).find(s => s.textContent === arguments[0])"
        segment = browser.execute_script(script, figure["text"])
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", segment)
        segment.click()
        hash_ = browser.execute_script("return location.hash")
        assert hash_ != f"#{figure['statistic_id']}"
        assert hash_.startswith("#")


class TestFacets:
    """The facets dim what does not match and count what does."""

    def test_speaker_facet(self, browser: Any, room: Path) -> None:
        """Choosing a speaker counts exactly their quotes and dims the other speakers' quotes."""
        from selenium.webdriver.support.ui import Select

        _open(browser, room)
        quotes = _quotes()
        speaker = quotes[0]["speaker_id"]
        Select(browser.find_element("id", "facet-speaker")).select_by_value(speaker)
        count = browser.find_element("id", "facet-count").text
        mine = sum(row["speaker_id"] == speaker for row in quotes)
        assert f"{mine} quote" in count
        claims = [c for c in dlc.load("claims").to_pylist() if c["claimant_id"] == speaker]
        other = next(
            row
            for row in quotes
            if row["speaker_id"] != speaker
            and not any(
                c["span_start"] < row["span_end"] and row["span_start"] < c["span_end"] for c in claims
            )
        )
        dimmed = browser.execute_script(
            "return Array.from(document.querySelectorAll('#text .s.q.dim')).map(s => s.textContent).join('')"
        )
        assert other["text"] in dimmed

    def test_topic_facet(self, browser: Any, room: Path) -> None:
        """Choosing a topic counts exactly the quotes about it."""
        from selenium.webdriver.support.ui import Select

        _open(browser, room)
        quotes = _quotes()
        topic = quotes[0]["topics"][0]
        Select(browser.find_element("id", "facet-topic")).select_by_value(topic)
        count = browser.find_element("id", "facet-count").text
        about = sum(topic in row["topics"] for row in quotes)
        assert f"{about} quote" in count

    def test_appearance_facet(self, browser: Any, room: Path) -> None:
        """Choosing a top-level appearance counts the quotes of it and of the items that belong to it."""
        from selenium.webdriver.support.ui import Select

        _open(browser, room)
        appearances = dlc.load("appearances").to_pylist()
        quoted = {row["appearance_id"] for row in _quotes()}
        top = next(
            a["appearance_id"] for a in appearances if a["parent_id"] is None and a["appearance_id"] in quoted
        )
        family = {top} | {a["appearance_id"] for a in appearances if a["parent_id"] == top}
        Select(browser.find_element("id", "facet-appearance")).select_by_value(top)
        count = browser.find_element("id", "facet-count").text
        inside = sum(row["appearance_id"] in family for row in _quotes())
        assert f"{inside} quote" in count


class TestPlaceChart:
    """The chart draws one circle per mentioned place that has coordinates."""

    def test_circles(self, browser: Any, room: Path) -> None:
        """As many circles as places with a latitude and a mention."""
        _open(browser, room)
        places = dlc.load("places").to_pylist()
        mentioned = {m["place_id"] for m in dlc.load("place_mentions").to_pylist()}
        expected = sum(p["place_id"] in mentioned and p["latitude"] is not None for p in places)
        assert (
            browser.execute_script("return document.querySelectorAll('#place-chart circle').length")
            == expected
        )


class TestContinuousIntegration:
    """CI installs what this test needs, so that it runs there rather than skips."""

    def test_ci_installs_the_browser_and_the_driver(self) -> None:
        """.ci/run installs Debian's chromium and chromium-driver; the test extra has selenium."""
        import tomllib

        from .conftest import ROOT

        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert "apt-get install -y -qq chromium chromium-driver" in ci
        assert ci.index("chromium-driver") < ci.index("python -m pytest")
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert any(req.startswith("selenium") for req in extras["optional-dependencies"]["test"])
