"""Full-text search finds whole words, phrases and prefixes, ranks by BM25, and never breaks on a query.

Expected hits come from a plain-Python reference tokenizer (``tests/querying.py``:
``words``), not from the code under test.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.queries import fulltext
from digital_labor_corpus.queries.folding import fold_words
from digital_labor_corpus.queries.syntax import MAX_WORDS, to_fts5

from .querying import Synthetic, holds, holds_words, make_synthetic, words
from .strategies import examples

# A function-scoped fixture is shared by a test's examples on purpose (it is read-only); and
# mutmut runs each test twice in one process (once to map tests to functions, once clean),
# on a new instance of its class each time.
FIXTURE_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.differing_executors]

APOSTROPHES = ["'", "\u2019", "\u2018", "\u02bc"]
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "  ", "\u3000"]
FIELDS = {"quotes": ("text", "text_en"), "claims": ("text", "statement_en")}


@pytest.fixture(scope="module")
def corpus() -> dlc.Corpus[pa.Table]:
    """The shipped corpus, opened once so that its index is built once."""
    return dlc.open()


@pytest.fixture(scope="module")
def rows(corpus: dlc.Corpus[pa.Table]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every quote and claim of the shipped corpus, by id."""
    return {
        "quotes": {row["quote_id"]: row for row in corpus.table("quotes").to_pylist()},
        "claims": {row["claim_id"]: row for row in corpus.table("claims").to_pylist()},
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """A 1,000-quote synthetic corpus in 64-row row groups, opened every way."""
    return make_synthetic(tmp_path_factory.mktemp("synthetic-search"), seed=11)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@st.composite
def variants(draw: st.DrawFn, text: str) -> str:
    """``text`` as a user might type it: other case, accents or ligatures, apostrophes and spaces."""
    if draw(st.booleans()):
        text = _strip_accents(text).replace("œ", "oe").replace("æ", "ae")
    text = draw(st.sampled_from([text, text.lower(), text.upper()]))
    text = re.sub("['\u2019\u2018\u02bc]", lambda _: draw(st.sampled_from(APOSTROPHES)), text)
    return re.sub("[ \u00a0\u202f\u2009]+", lambda _: draw(st.sampled_from(SPACES)), text)


def _keys(found: pa.Table) -> set[tuple[str, str]]:
    return set(zip(found.column("table").to_pylist(), found.column("record_id").to_pylist(), strict=True))


def _phrase(window: list[str]) -> str:
    """A query for ``window`` (reference words) as one phrase."""
    return '"' + " ".join(window) + '"'


def _window(data: st.DataObject, text: str) -> list[str]:
    """Any run of consecutive words of ``text`` (reference words), one to six long."""
    found = words(text)
    assume(found)
    start = data.draw(st.integers(0, len(found) - 1))
    return found[start : start + data.draw(st.integers(1, 6))]


def _reference(data: Synthetic, window: list[str]) -> set[tuple[str, str]]:
    """The (table, id) of every quote and claim one of whose searched fields holds the phrase."""
    keys = {"quotes": "quote_id", "claims": "claim_id"}
    return {
        (table, row[keys[table]])
        for table, fields in FIELDS.items()
        for row in data.rows[table]
        if any(holds_words(row[field], window) for field in fields)
    }


class TestFoldWords:
    """``fold_words`` is applied alike to texts and queries and never moves a word boundary."""

    @given(st.text())
    def test_idempotent(self, text: str) -> None:
        """Folding twice changes nothing more."""
        assert fold_words(fold_words(text)) == fold_words(text)

    @given(st.text())
    def test_keeps_word_positions(self, text: str) -> None:
        """The folded text has the same words, at the same positions, as the original."""
        assert words(fold_words(text)) == [w.replace("œ", "oe") for w in words(text)]

    @given(
        st.lists(st.sampled_from(["l’œuvre", "dépendances…", "Cæsar", "qu’ils", "travail"]), min_size=1),
        st.data(),
    )
    def test_query_and_text_fold_alike(self, parts: list[str], data: st.DataObject) -> None:
        """Any typed variant of a text has the same words as the text once both are folded."""
        text = " ".join(parts)
        assert words(fold_words(data.draw(variants(text)))) == words(fold_words(text))


class TestSyntax:
    """The query language becomes an FTS5 expression or an error that says what is wrong."""

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("travail clic", '("travail" AND "clic")'),
            ('"travail du clic"', '"travail du clic"'),
            ("modér*", '"modér"*'),
            ("clic OR click", '("clic" OR "click")'),
            ("travail NOT clic", '("travail" NOT "clic")'),
            ("travail AND NOT clic", '("travail" NOT "clic")'),
            ("a b OR c", '(("a" AND "b") OR "c")'),
            ("(clic OR click) IA", '(("clic" OR "click") AND "IA")'),
            ("NEAR(plateformes Madagascar, 5)", 'NEAR("plateformes" "Madagascar", 5)'),
            ("NEAR(plateformes Madagascar)", 'NEAR("plateformes" "Madagascar", 10)'),
            ("dépendances…", '"dépendances..."'),
            ("clic or not", '("clic" AND "or" AND "not")'),
            ("travail — clic", '("travail" AND "clic")'),
        ],
    )
    def test_translation(self, query: str, expected: str) -> None:
        """Each construct of docs/query.md becomes the FTS5 expression it stands for."""
        assert to_fts5(query) == expected

    @pytest.mark.parametrize(
        ("query", "problem"),
        [
            ("", "it holds no word to find"),
            ("   ", "it holds no word to find"),
            ("…", "it holds no word to find"),
            ("OR", "it holds no word to find"),
            ("*", "a * must end a word"),
            ('"travail du clic', "a quote opens a phrase that is never closed"),
            ("clic OR", "OR needs words on both sides"),
            ("NOT clic", "NOT needs words on both sides"),
            ("clic AND", "AND needs words on both sides"),
            ("(clic", "a ( is never closed"),
            ("clic)", "a ) closes a parenthesis that was never opened"),
            ("clic ()", "the parentheses hold no word"),
            ("NEAR(clic, 5)", "NEAR takes two or more words"),
            ("NEAR(a b, x)", "the distance of NEAR must be a whole number"),
            ("(" * 40 + "a" + ")" * 40, "parentheses nest more than 32 deep"),
            ("a " * (MAX_WORDS + 1), f"a query holds at most {MAX_WORDS:,}"),
        ],
    )
    def test_malformed(self, query: str, problem: str) -> None:
        """A malformed query is an InvalidArgumentError naming the query and the problem."""
        with pytest.raises(dlc.InvalidArgumentError) as caught:
            to_fts5(query)
        assert str(caught.value).startswith(f"Cannot search for {query[:77]!r}"[:20])
        assert problem in str(caught.value)

    @pytest.mark.parametrize("bad", [3, None, b"clic", ["clic"]])
    def test_not_text(self, bad: object) -> None:
        """A query that is not a string is refused."""
        with pytest.raises(dlc.InvalidArgumentError, match="The search text must be a string"):
            to_fts5(bad)


HOSTILE = [
    '"',
    '""',
    "(",
    ")",
    "()",
    "*",
    "**",
    "AND",
    "OR NOT AND",
    "NEAR",
    "NEAR(",
    "NEAR()",
    "clic*clic",
    "{text} : clic",
    "text:clic",
    "-clic",
    "^clic",
    "clic\x00",
    "\x00",
    "\ud800",
    "clic \udfff travail",
    "x" * 20_000,
    "clic " * 4_000,
    "'; DROP TABLE quotes_fts; --",
    "a" + "(" * 500,
]


class TestHostileQueries:
    """No query string raises anything but InvalidArgumentError."""

    @pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
    def test_listed(self, corpus: dlc.Corpus[pa.Table], query: str) -> None:
        """Each hostile query gives results or an InvalidArgumentError with a message."""
        assert _outcome(lambda: corpus.search(query, limit=5)) in ("results", "refused")
        assert _outcome(lambda: corpus.quotes(contains=query)) in ("results", "refused")

    @settings(max_examples=examples(200), deadline=None, suppress_health_check=FIXTURE_CHECKS)
    @given(
        st.lists(
            st.sampled_from(
                ['"', "(", ")", "*", "AND", "OR", "NOT", "NEAR", ",", " ", "clic", "IA", "5", "\x00"]
            )
            | st.text(max_size=5),
            max_size=12,
        ).map("".join)
    )
    def test_any_string(self, corpus: dlc.Corpus[pa.Table], query: str) -> None:
        """A string assembled from operators, quotes, parentheses and any text never gives a raw error."""
        assert _outcome(lambda: corpus.search(query, limit=3)) in ("results", "refused")


def _outcome(call: Any) -> str:
    """'results' if ``call`` returns a table, 'refused' for an InvalidArgumentError with a message."""
    try:
        found = call()
    except dlc.InvalidArgumentError as error:
        # Refused by the search engine, or earlier by the argument layer, which names the text.
        # Either way the message names the argument and is never the engine's own words.
        message = str(error)
        refused = (
            message.startswith(("Cannot search for", "text ", "contains "))
            and "sqlite" not in message.lower()
        )
        return "refused" if refused else f"bad message: {error}"
    return "results" if isinstance(found, pa.Table) else f"returned {found!r}"


class TestWholeWords:
    """Search matches whole words, never strings inside longer words (issue 10)."""

    @pytest.mark.parametrize("word", ["AI", "IA"])
    def test_ai_hits_hold_the_word(
        self, corpus: dlc.Corpus[pa.Table], rows: dict[str, dict[str, dict[str, Any]]], word: str
    ) -> None:
        """Every hit of AI or IA holds it as a whole word, and the quotes saying 'mais' alone are not hits."""
        found = corpus.search(word, limit=None)
        assert found.num_rows > 0
        for table, record_id in _keys(found):
            row = rows[table][record_id]
            assert any(word.lower() in words(row[field]) for field in FIELDS[table])
        quotes = corpus.quotes(contains=word)
        assert quotes.num_rows > 0
        for row in quotes.to_pylist():
            assert word.lower() in words(row["text"]) + words(row["text_en"])
        mais = {
            ("quotes", key)
            for key, row in rows["quotes"].items()
            if "mais" in words(row["text"]) and word.lower() not in words(row["text"]) + words(row["text_en"])
        }
        assert mais
        assert not mais & _keys(found)

    def test_ellipsis(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Quote q07 is found by its own words, ellipsis included, whichever way the ellipsis is typed."""
        for query in ["dépendances…", "dépendances...", '"vieilles dépendances…"', "DEPENDANCES"]:
            found = corpus.search(query, tables=["quotes"], limit=None)
            assert "2022-12-09-humanite-interview-q07" in found.column("record_id").to_pylist(), query

    def test_every_quote_with_an_ellipsis(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """Each quote holding … is found by its whole text typed as a phrase."""
        with_ellipsis = [row for row in rows["quotes"].values() if "…" in row["text"]]
        assert with_ellipsis
        for row in with_ellipsis:
            found = corpus.search(_phrase(words(row["text"])[:40]), tables=["quotes"], limit=None)
            assert row["quote_id"] in found.column("record_id").to_pylist()

    @settings(max_examples=examples(40), deadline=None, suppress_health_check=FIXTURE_CHECKS)
    @given(data=st.data())
    def test_inside_longer_words_finds_nothing(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """A piece of a word that is nowhere a whole word finds no record."""
        vocabulary = {
            word
            for table, fields in FIELDS.items()
            for row in synthetic.rows[table]
            for field in fields
            for word in words(row[field])
        }
        word = data.draw(st.sampled_from(sorted(w for w in vocabulary if len(w) >= 5 and w.isalpha())))
        start = data.draw(st.integers(0, len(word) - 3))
        piece = word[start : data.draw(st.integers(start + 2, len(word) - (1 if start == 0 else 0)))]
        assume(piece not in vocabulary and piece.upper() not in ("AND", "OR", "NOT"))
        assert synthetic.directory.search(piece, limit=None).num_rows == 0
        assert synthetic.directory.quotes(contains=piece).num_rows == 0

    def test_prefix(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """modér* finds words that start with modér (modérateurs, modération), whatever the accents."""
        found = corpus.search("modér*", limit=None)
        assert found.num_rows > 0
        assert found.equals(corpus.search("MODER*", limit=None))
        for table, record_id in _keys(found):
            row = rows[table][record_id]
            assert any(w.startswith("moder") for field in FIELDS[table] for w in words(row[field]))
        assert corpus.search("moder", limit=None).num_rows < found.num_rows


class TestOperators:
    """Phrases, AND, OR, NOT and NEAR select what the reference says they do."""

    def _expected(self, rows: dict[str, Any], test: Any) -> set[tuple[str, str]]:
        return {
            (table, key)
            for table, by_id in rows.items()
            for key, row in by_id.items()
            if test([words(row[field]) for field in FIELDS[table]], [row[field] for field in FIELDS[table]])
        }

    def test_phrase(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """A phrase needs its words together and in order; the same words apart are not enough."""
        phrase = self._expected(
            rows, lambda _, texts: any(holds_words(t, ["travail", "du", "clic"]) for t in texts)
        )
        assert phrase
        assert _keys(corpus.search('"travail du clic"', limit=None)) == phrase
        loose = self._expected(rows, lambda ws, _: {"travail", "clic"} <= set().union(*ws))
        assert _keys(corpus.search("clic travail", limit=None)) == loose
        assert phrase <= loose

    def test_or_and_not(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """OR is either word, NOT leaves out the records holding the second."""
        either = self._expected(rows, lambda ws, _: bool({"clic", "click"} & set().union(*ws)))
        assert _keys(corpus.search("clic OR click", limit=None)) == either
        without = self._expected(
            rows, lambda ws, _: "travail" in set().union(*ws) and "clic" not in set().union(*ws)
        )
        assert without
        assert _keys(corpus.search("travail NOT clic", limit=None)) == without

    def test_near(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """NEAR finds words at most N words apart within one field."""

        def near(field_words: list[list[str]], _: Any, n: int = 3) -> bool:
            for found in field_words:
                a = [i for i, w in enumerate(found) if w == "travail"]
                b = [i for i, w in enumerate(found) if w == "clic"]
                if any(abs(i - j) - 1 <= n for i in a for j in b):
                    return True
            return False

        expected = self._expected(rows, near)
        assert expected
        assert _keys(corpus.search("NEAR(travail clic, 3)", limit=None)) == expected


class TestRanking:
    """Hits come best first, with snippets in which the matched words are marked."""

    def test_columns_scores_and_snippets(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """The columns are as documented; scores fall; each snippet marks the matched words."""
        found = corpus.search("clic", limit=None)
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
        assert found.schema.field("score").type == pa.float64()
        scores = found.column("score").to_pylist()
        assert scores == sorted(scores, reverse=True)
        assert min(scores) > 0
        for row in found.to_pylist():
            assert words(row["match"]) == ["clic"]
            assert f"**{row['match']}**" in row["snippet"]

    def test_more_occurrences_rank_higher(self, corpus: dlc.Corpus[pa.Table], rows: dict[str, Any]) -> None:
        """Among hits, those whose matched field holds the word most often come first on average."""
        found = corpus.search("travail", tables=["quotes"], lang="fr", limit=None).to_pylist()
        counts = [words(rows["quotes"][hit["record_id"]]["text"]).count("travail") for hit in found]
        half = len(counts) // 2
        assert half > 2
        assert sum(counts[:half]) / half > sum(counts[half:]) / (len(counts) - half)

    def test_limit_is_the_head(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """limit keeps the best hits, the head of the full ranking."""
        every = corpus.search("clic", limit=None)
        assert every.num_rows > 3
        for limit in (1, 3, every.num_rows):
            assert corpus.search("clic", limit=limit).equals(every.slice(0, limit))

    def test_variants_find_the_same(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """Case, accents, apostrophes and kinds of space do not change the hits."""
        expected = corpus.search("travail du clic l'IA", limit=None)
        assert expected.num_rows > 0
        for variant in [
            "TRAVAIL DU CLIC L’IA",
            "travail\u00a0du\u202fclic l\u2018ia",
            "Travaíl du clíc L'IÀ",
        ]:
            assert corpus.search(variant, limit=None).equals(expected)


class TestArguments:
    """tables, lang and limit are checked."""

    def test_tables(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """tables chooses where to look; appearances and statistics are searchable too."""
        assert set(corpus.search("clic", tables=["quotes"], limit=None).column("table").to_pylist()) == {
            "quotes"
        }
        assert set(corpus.search("clic", tables="claims", limit=None).column("table").to_pylist()) == {
            "claims"
        }
        titles = corpus.search("Humanité", tables=["appearances"], limit=None)
        assert titles.num_rows > 0
        assert set(titles.column("field").to_pylist()) <= {"title", "summary_en"}

    def test_lang(self, corpus: dlc.Corpus[pa.Table]) -> None:
        """lang='fr' searches the French verbatim text; 'en' the translations; any case."""
        french = corpus.search("travail", lang="fr", limit=None)
        assert french.num_rows > 0
        assert set(french.column("field").to_pylist()) == {"text"}
        assert corpus.search("travail", lang="FR", limit=None).equals(french)
        english = corpus.search("work", lang="En", limit=None)
        assert english.num_rows > 0
        assert set(english.column("field").to_pylist()) <= {"text_en", "statement_en"}
        assert corpus.search("travail", lang="en", limit=None).num_rows < french.num_rows

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                {"tables": ["quote"]},
                "Cannot search table 'quote'. Searchable tables: quotes, claims, statistics, appearances. Did you mean 'quotes'?",
            ),
            ({"tables": []}, "tables must be a non-empty list of table names, not []"),
            (
                {"lang": "de"},
                "lang must be 'fr' (the French verbatim text) or 'en' (the English translations), in any case, not 'de'",
            ),
            ({"lang": "french"}, "lang must be 'fr' (the French verbatim text) or 'en'"),
            ({"lang": 1}, "lang must be a string, not 1"),
            ({"limit": 0}, "limit must be a whole number >= 1, or None for every hit, not 0"),
            ({"limit": True}, "limit must be a whole number >= 1"),
            ({"limit": "5"}, "limit must be a whole number >= 1"),
        ],
    )
    def test_invalid_arguments(
        self, corpus: dlc.Corpus[pa.Table], arguments: dict[str, Any], message: str
    ) -> None:
        """Each wrong argument is an InvalidArgumentError with its own message."""
        with pytest.raises(dlc.InvalidArgumentError) as caught:
            corpus.search("modération", **arguments)
        assert str(caught.value).startswith(message)


class TestEngine:
    """The index is SQLite FTS5, built once per corpus, safely under threads."""

    def test_without_fts5(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A SQLite without FTS5 is a CorpusError that names what is missing."""
        monkeypatch.setattr(
            fulltext, "_PROBE", "CREATE VIRTUAL TABLE temp.dlc_fts5_probe USING no_such_fts(x)"
        )
        with pytest.raises(dlc.CorpusError, match="Full-text search needs SQLite's FTS5 extension") as caught:
            dlc.open().search("clic")
        assert not isinstance(caught.value, sqlite3.Error)
        assert sqlite3.sqlite_version in str(caught.value)

    def test_built_once_per_corpus(self) -> None:
        """One corpus has one index; another corpus its own."""
        first, second = dlc.open(), dlc.open()
        assert fulltext.index_of(first._source) is fulltext.index_of(first._source)
        assert fulltext.index_of(first._source) is not fulltext.index_of(second._source)

    @pytest.mark.parametrize("separator", ["\x1f", "-", "q"])
    @pytest.mark.parametrize("table", list(fulltext.INDEXED))
    def test_ids_whatever_the_keys_hold(
        self, monkeypatch: pytest.MonkeyPatch, table: str, separator: str
    ) -> None:
        """``ids`` gives each matching key once, as SQLite's rows do, even where keys hold its separator.

        The keys are joined in SQLite and split in Arrow; "-" and "q" occur in the shipped
        keys, so with them the split would cut keys in two and the count must catch it.
        """
        monkeypatch.setattr(fulltext, "_KEY_SEPARATOR", separator)
        source = dlc.open()._source
        index = fulltext.index_of(source)
        spec = fulltext.INDEXED[table]
        keys = source.read(table, [spec.key]).column(spec.key).to_pylist()
        for query in ["travail", "clic OR IA", "zzzunfound"]:
            expected = {
                keys[rowid - 1]
                for (rowid,) in index._run(
                    table,
                    query,
                    f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?",
                    [index._expression(table, query, spec.searched, None)],
                )
            }
            found = index.ids(table, query, spec.searched)
            assert found.type == pa.string()
            assert sorted(found.to_pylist()) == sorted(expected), (table, query)

    def test_threads(self) -> None:
        """Sixteen threads searching a fresh corpus at once get the same hits as one thread."""
        expected = dlc.open().search("travail OR clic", limit=None)
        shared = dlc.open()
        queries = ["travail OR clic"] * 16
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda q: shared.search(q, limit=None), queries))
        assert all(result.equals(expected) for result in results)


class TestAgainstReference:
    """On a synthetic corpus, every window of a record's words finds it, and only what the reference finds."""

    @settings(max_examples=examples(40), deadline=None, suppress_health_check=FIXTURE_CHECKS)
    @given(data=st.data(), table=st.sampled_from(["quotes", "claims"]))
    def test_window_finds_its_record(self, synthetic: Synthetic, data: st.DataObject, table: str) -> None:
        """Any run of a quote's or claim passage's words, typed as a phrase, finds it and exactly the reference's hits."""
        row = data.draw(st.sampled_from(synthetic.rows[table]))
        window = _window(data, row["text"])
        key = "quote_id" if table == "quotes" else "claim_id"
        found = _keys(synthetic.directory.search(data.draw(variants(_phrase(window))), limit=None))
        assert (table, row[key]) in found
        assert found == _reference(synthetic, window)

    @settings(max_examples=examples(25), deadline=None, suppress_health_check=FIXTURE_CHECKS)
    @given(data=st.data())
    def test_plain_words_find_their_record(self, synthetic: Synthetic, data: st.DataObject) -> None:
        """The same words typed plainly (no quotes) find the record too: every word must match."""
        row = data.draw(st.sampled_from(synthetic.rows["quotes"]))
        window = [w for w in _window(data, row["text"]) if w.upper() not in ("AND", "OR", "NOT", "NEAR")]
        assume(window)
        found = synthetic.directory.quotes(contains=" ".join(window))
        assert row["quote_id"] in found.column("quote_id").to_pylist()
        assert all(holds(r["text"] + " " + r["text_en"], w) for r in found.to_pylist() for w in window)

    def test_memory_and_directory_agree(self, synthetic: Synthetic) -> None:
        """A corpus read from a directory and from a store give the same hits."""
        for query in ["modération", "travail du clic", "plateforme*"]:
            assert synthetic.memory.search(query, limit=None).equals(
                synthetic.directory.search(query, limit=None)
            )
