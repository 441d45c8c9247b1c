"""The 1.0.0 corpus is faithful and complete: verbatim texts, covered paragraphs, nothing invented."""

from __future__ import annotations

import hashlib
import re
import tomllib

import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.checks.completeness import coverage

from .conftest import CORPUS_DIR, ROOT

SOURCE = (CORPUS_DIR / "source" / "travail-du-clic.fr.txt").read_text(encoding="utf-8")
EXEMPTION_KINDS = (
    "heading",
    "caption",
    "episode title",
    "press list bare reference",
    "the post's line naming the interviewer",
    "bare reference",
    "byline",
    "reference",
    "guest list",
)


class TestSource:
    """The shipped source is the original document, byte for byte."""

    def test_source_digest(self) -> None:
        """The annotated copy and the shipped text have the documented SHA-256 and length."""
        (source,) = dlc.load("sources").to_pylist()
        expected = "2bef82019a3afd41da8180e1b2172f44d52085dadeee6c19982537a405d88e3e"
        assert hashlib.sha256(SOURCE.encode("utf-8")).hexdigest() == expected == source["sha256"]
        assert source["text"] == SOURCE
        assert source["n_chars"] == len(SOURCE) == 38108

    def test_unknown_facts_are_null(self) -> None:
        """The page gives no URL and no publisher: both are null, not guessed."""
        (source,) = dlc.load("sources").to_pylist()
        assert source["url"] is None
        assert source["publisher"] is None


class TestVerbatim:
    """Every verbatim text is the source slice of its span."""

    @pytest.mark.parametrize("table", ["quotes", "claims", "statistics", "place_mentions"])
    def test_text_is_source_slice(self, table: str) -> None:
        """``text == source[span_start:span_end]`` for every row."""
        rows = dlc.load(table, columns=["text", "span_start", "span_end"]).to_pylist()
        assert rows
        for row in rows:
            assert row["text"] == SOURCE[row["span_start"] : row["span_end"]]

    def test_titles_are_verbatim(self) -> None:
        """Every appearance title occurs in its span of the source."""
        for row in dlc.load("appearances").to_pylist():
            if row["title"] is not None:
                assert row["title"] in SOURCE[row["span_start"] : row["span_end"]]

    def test_quotes_exclude_their_quotation_marks(self) -> None:
        """No quote starts with an opening or ends with a closing guillemet, nor with white space."""
        for text in dlc.load("quotes").column("text").to_pylist():
            assert text == text.strip()
            assert not text.startswith("«"), text
            assert not text.endswith("»"), text


class TestCompleteness:
    """Every paragraph is annotated or explicitly exempt for a reviewed reason."""

    def test_no_uncovered_paragraph(self) -> None:
        """Every paragraph holds a quote or a claim, or is in the exemption list."""
        report = coverage()
        assert [(p.line, p.text[:60]) for p in report.uncovered] == []

    def test_exemptions_are_reviewed_kinds(self) -> None:
        """Exemptions are only headings, captions, episode titles, bylines and bare references."""
        report = coverage()
        assert report.exempted
        for paragraph in report.exempted:
            assert paragraph.exempt_reason is not None
            assert paragraph.exempt_reason.startswith(EXEMPTION_KINDS), paragraph.exempt_reason

    def test_no_stale_exemption(self) -> None:
        """An exempt paragraph really holds no quote and no claim."""
        for paragraph in coverage().paragraphs:
            if paragraph.exempt_reason is not None:
                assert not paragraph.covered, (paragraph.line, paragraph.text[:60])

    def test_whole_page_in_appearances(self) -> None:
        """All but the page title lies inside some appearance's span."""
        assert coverage().share_in_appearances > 0.99

    def test_seven_posts_in_page_order(self) -> None:
        """The seven posts are the top-level appearances, newest first."""
        top = [r for r in dlc.load("appearances").to_pylist() if r["parent_id"] is None]
        top.sort(key=lambda r: r["span_start"])
        assert [r["date"].isoformat() for r in top] == [
            "2022-12-09",
            "2022-07-25",
            "2020-10-15",
            "2020-06-13",
            "2020-05-29",
            "2020-02-12",
            "2019-07-16",
        ]

    def test_thirteen_press_items(self) -> None:
        """Each dated item of the press list is a coverage appearance of the documentary."""
        rows = dlc.load("appearances").to_pylist()
        documentary = next(r for r in rows if r["genre"] == "documentary")
        press = [
            r for r in rows if r["parent_id"] == documentary["appearance_id"] and r["genre"] == "coverage"
        ]
        assert len(press) == 13

    def test_every_question_answered(self) -> None:
        """Every interview question has at least one answer."""
        quotes = dlc.load("quotes").to_pylist()
        answered = {q["question_id"] for q in quotes if q["kind"] == "answer"}
        questions = {q["quote_id"] for q in quotes if q["kind"] == "question"}
        assert questions
        assert questions <= answered

    def test_every_person_is_named_in_the_source(self) -> None:
        """Every person's surname occurs in the source (nobody invented)."""
        for person in dlc.load("people").to_pylist():
            assert person["name"].split()[-1] in SOURCE, person["person_id"]

    def test_translations_are_ours(self) -> None:
        """Every quote has an English translation that is not the French text."""
        for row in dlc.load("quotes").to_pylist():
            assert row["text_en"].strip()
            if len(row["text"]) > 40:
                assert row["text_en"] != row["text"], row["quote_id"]

    def test_every_topic_used(self) -> None:
        """Every topic of the vocabulary tags at least one quote or claim."""
        used = {t for ts in dlc.load("quotes").column("topics").to_pylist() for t in ts}
        used |= {t for ts in dlc.load("claims").column("topics").to_pylist() for t in ts}
        topics = set(dlc.load("topics").column("topic_id").to_pylist())
        assert 12 <= len(topics) <= 25
        assert topics == used


def _place_names() -> dict[str, str]:
    data = tomllib.loads((CORPUS_DIR / "places.toml").read_text(encoding="utf-8"))
    return {p["id"]: p["name_fr"] for p in data["places"]}


# Occurrences of a place name inside the name of an institution, outlet, event or brand
# are not place mentions (annotation guidelines, "Places and mentions"); nor is the verb
# "Est" that opens a sentence.
NOT_MENTIONS = re.compile(
    r"Est également|"
    r"France (?:Inter|Télévisions|TV|Stratégie|2|5)|FranceTV|Radio France|National Geographic France"
    r"|ESCP Europe|Europe 1|Institut Polytechnique de Paris|Mines ParisTech|Paris-Saclay|T[ée]l[ée]com Paris"
    r"|Oxford Internet Institute|Bangkok International|Radio Télévision Suisse|Forum des Images"
    r"|Fédération russe"
)


class TestPlaceMentions:
    """Every occurrence of a gazetteer name in the source is a recorded mention."""

    def test_every_name_occurrence_is_mentioned(self) -> None:
        """Each occurrence of a place's French name lies inside a mention, or inside an institution's name."""
        spans = [(r["span_start"], r["span_end"]) for r in dlc.load("place_mentions").to_pylist()]
        excluded = [(m.start(), m.end()) for m in NOT_MENTIONS.finditer(SOURCE)]
        missing = []
        for place_id, name in _place_names().items():
            escaped = re.escape(name).replace("’", "['’]")
            pattern = re.compile(rf"(?<!\w){escaped}(?!\w)")
            for match in pattern.finditer(SOURCE):
                inside = any(s <= match.start() and match.end() <= e for s, e in spans + excluded)
                if not inside:
                    missing.append(
                        (place_id, match.start(), SOURCE[max(0, match.start() - 30) : match.end() + 30])
                    )
        assert missing == []


def test_readme_links_data_card() -> None:
    """The README links the data card and the guidelines."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/data-card.md" in readme
    assert "docs/annotation-guidelines.md" in readme
