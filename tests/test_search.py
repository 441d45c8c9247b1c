"""Search ignores case, accents, apostrophes and spaces, ranks its hits, and matches a naive reference."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.queries.folding import fold_search
from digital_labor_corpus.queries.matching import search_pattern, snippet

from .querying import Synthetic, make_synthetic

WORDS = [
    "travail",
    "du",
    "clic",
    "l’IA",
    "modération",
    "Égypte",
    "micro-tâches",
    "d’œuvre",
    "coopérativisation",
    "rémunération",
    "plateformes",
    "2\u00a0dollars",
    "Madagascar",
    "qu’ils",
]
APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc"]
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "  "]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """A 1,000-quote synthetic corpus in 64-row row groups, opened every way."""
    return make_synthetic(tmp_path_factory.mktemp("synthetic-search"), seed=11)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@st.composite
def variants(draw: st.DrawFn, text: str) -> str:
    """``text`` as a user might type it: other case, accents dropped, other apostrophes and spaces."""
    if draw(st.booleans()):
        text = _strip_accents(text).replace("œ", "oe")
    text = draw(st.sampled_from([text, text.lower(), text.upper(), text.title()]))
    text = re.sub("['\u2019\u2018\u02bc]", lambda _: draw(st.sampled_from(APOSTROPHES)), text)
    return re.sub("[ \u00a0\u202f\u2009]+", lambda _: draw(st.sampled_from(SPACES)), text)


phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
texts = st.lists(st.sampled_from([*WORDS, "et", "les", "ouvriers"]), min_size=1, max_size=15).map(" ".join)


class TestFoldSearch:
    """``fold_search`` is the reference of what a search ignores."""

    @given(phrases, st.data())
    def test_variants_fold_alike(self, phrase: str, data: st.DataObject) -> None:
        """Any typed variant of a phrase folds to the same string."""
        assert fold_search(data.draw(variants(phrase))) == fold_search(phrase)

    @given(st.text())
    def test_idempotent(self, text: str) -> None:
        """Folding twice changes nothing more."""
        assert fold_search(fold_search(text)) == fold_search(text)


class TestSearchPattern:
    """``search_pattern`` matches a phrase in the original text whatever its typography."""

    @given(texts, phrases, st.data())
    def test_agrees_with_folded_reference(self, text: str, phrase: str, data: st.DataObject) -> None:
        """The pattern of any variant of a phrase finds it exactly when the folded text holds it, in re and in RE2."""
        pattern = search_pattern(data.draw(variants(phrase)))
        expected = fold_search(phrase) in fold_search(text)
        assert bool(re.search(pattern, text)) is expected
        assert pc.match_substring_regex(pa.array([text]), pattern=pattern)[0].as_py() is expected

    @given(texts, st.data())
    def test_finds_every_part_of_a_text(self, text: str, data: st.DataObject) -> None:
        """Any run of a text's words, typed any way, is found in it."""
        words = text.split()
        start = data.draw(st.integers(0, len(words) - 1))
        part = " ".join(words[start : start + data.draw(st.integers(1, 3))])
        assert re.search(search_pattern(data.draw(variants(part))), text)

    @pytest.mark.parametrize("bad", ["", "   ", "\u00a0", 3, None])
    def test_blank_or_not_text(self, bad: object) -> None:
        """A blank query or one that is not a string is refused."""
        with pytest.raises(dlc.InvalidArgumentError, match="search text"):
            search_pattern(bad)

    def test_special_characters_are_literal(self) -> None:
        """Regex metacharacters in a query match themselves."""
        assert re.search(search_pattern("(2 $) ?"), "soit (2 $) ? oui")
        assert not re.search(search_pattern("a.c"), "abc")


class TestSnippet:
    """``snippet`` cuts the passage around the first match."""

    def test_cut_on_words_with_ellipses(self) -> None:
        """The passage starts and ends on whole words and says where it was cut."""
        text = "un deux trois quatre cinq six sept huit neuf dix"
        cut, match = snippet(text, search_pattern("cinq"), width=8)
        assert match == "cinq"
        assert cut == "… quatre cinq six …"


class TestSearch:
    """``Corpus.search`` over the shipped corpus."""

    @pytest.mark.parametrize(
        "variant", ["TRAVAIL DU CLIC", "travail\u00a0du\u202fclic", "Travaíl  du clic", "travail du clíc"]
    )
    def test_variants_find_the_same(self, variant: str) -> None:
        """Case, accents and kinds of space do not change the hits."""
        corpus = dlc.open()
        expected = corpus.search("travail du clic", limit=None)
        assert expected.num_rows > 0
        assert corpus.search(variant, limit=None).equals(expected)

    def test_apostrophes(self) -> None:
        """A straight and a curly apostrophe find the same hits."""
        corpus = dlc.open()
        assert corpus.search("l'IA", limit=None).equals(corpus.search("l’IA", limit=None))

    def test_columns_ranking_and_snippets(self) -> None:
        """Hits come best first; each snippet holds the matched words."""
        found = dlc.open().search("clic", limit=None)
        assert found.column_names == [
            "table",
            "record_id",
            "score",
            "field",
            "snippet",
            "match",
            "date",
            "appearance_id",
            "person_id",
            "person",
        ]
        scores = found.column("score").to_pylist()
        assert scores == sorted(scores, reverse=True)
        assert min(scores) >= 1
        for row in found.to_pylist():
            assert fold_search(row["match"]) == "clic"
            assert row["match"] in row["snippet"]

    def test_limit(self) -> None:
        """limit caps the hits and keeps the best ones."""
        corpus = dlc.open()
        every = corpus.search("clic", limit=None)
        assert every.num_rows > 3
        assert corpus.search("clic", limit=3).equals(every.slice(0, 3))

    def test_tables(self) -> None:
        """tables chooses where to look; appearances and statistics are searchable too."""
        corpus = dlc.open()
        assert set(corpus.search("clic", tables=["quotes"], limit=None).column("table").to_pylist()) == {
            "quotes"
        }
        assert set(corpus.search("clic", tables="claims", limit=None).column("table").to_pylist()) == {
            "claims"
        }
        titles = corpus.search("Humanité", tables=["appearances"], limit=None)
        assert titles.num_rows > 0
        assert set(titles.column("table").to_pylist()) == {"appearances"}

    def test_lang(self) -> None:
        """lang='fr' searches the French verbatim text; 'en' the translations."""
        corpus = dlc.open()
        french = corpus.search("travail", lang="fr", limit=None)
        assert french.num_rows > 0
        assert set(french.column("field").to_pylist()) == {"text"}
        english = corpus.search("work", lang="en", limit=None)
        assert english.num_rows > 0
        assert set(english.column("field").to_pylist()) <= {"text_en", "statement_en", "text"}
        assert corpus.search("travail", lang="de", limit=None).num_rows == 0

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                {"tables": ["quote"]},
                "Cannot search table 'quote'. Searchable tables: quotes, claims, statistics, appearances. Did you mean 'quotes'?",
            ),
            ({"tables": []}, "tables must be a non-empty list of table names, not []"),
            ({"lang": "french"}, "lang must be None or a two-letter ISO 639-1 code"),
            ({"limit": 0}, "limit must be a whole number >= 1, or None for every hit, not 0"),
            ({"limit": True}, "limit must be a whole number >= 1"),
            ({"limit": "5"}, "limit must be a whole number >= 1"),
        ],
    )
    def test_invalid_arguments(self, arguments: dict[str, Any], message: str) -> None:
        """Each wrong argument is an InvalidArgumentError with its own message."""
        with pytest.raises(dlc.InvalidArgumentError) as caught:
            dlc.open().search("clic", **arguments)
        assert str(caught.value) == message or str(caught.value).startswith(message)


def _reference(data: Synthetic, phrase: str) -> dict[tuple[str, str], int]:
    """(table, id) -> occurrences of the folded phrase in the folded fields, by plain string search."""
    folded = fold_search(phrase)
    found = {}
    for table, key, fields in (
        ("quotes", "quote_id", ("text", "text_en")),
        ("claims", "claim_id", ("text", "statement_en")),
    ):
        for row in data.rows[table]:
            count = sum(fold_search(row[field]).count(folded) for field in fields)
            if count:
                found[(table, row[key])] = count
    return found


class TestSearchAgainstReference:
    """On a synthetic corpus, search finds what a naive folded string search finds."""

    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_hits_and_scores(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """Every hit and its score equal the reference; any typed variant gives the same hits."""
        row = data.draw(st.sampled_from(synthetic.rows["quotes"]))
        words = row["text"].split()
        start = data.draw(st.integers(0, len(words) - 1))
        phrase = " ".join(words[start : start + data.draw(st.integers(1, 2))])
        expected = _reference(synthetic, phrase)
        found = synthetic.directory.search(data.draw(variants(phrase)), limit=None)
        got = dict(
            zip(
                zip(found.column("table").to_pylist(), found.column("record_id").to_pylist(), strict=True),
                found.column("score").to_pylist(),
                strict=True,
            )
        )
        assert got == expected
        assert synthetic.memory.search(phrase, limit=None).equals(
            synthetic.directory.search(phrase, limit=None)
        )

    @settings(max_examples=15, deadline=None)
    @given(
        word=st.sampled_from(["modération", "clic", "l’IA", "qu’ils", "coopérativisme"]),
        limit=st.integers(1, 30),
    )
    def test_limit_keeps_the_best(self, synthetic: Synthetic, word: str, limit: int) -> None:
        """A limited search is the head of the full ranking, whatever the row groups."""
        every = synthetic.directory.search(word, limit=None)
        assert synthetic.directory.search(word, limit=limit).equals(every.slice(0, limit))
