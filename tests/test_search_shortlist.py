"""Shortlists of frequent words in a kept index: the same hits as ranking every match, only sooner.

A synthetic corpus is indexed twice: in a kept file with shortlists (``PERSIST_ROWS``,
``MIN_DOCS`` and ``DEPTH`` lowered so that a small corpus has them), and in memory,
where every search ranks every match with ``bm25()``. The in-memory corpus gives the
expected answers; a spy on the statements run tells which way a search went.
"""

from __future__ import annotations

import shutil
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus
from digital_labor_corpus.queries import fulltext_cache, shortlist
from digital_labor_corpus.queries.fulltext import INDEXED, FullText, index_of

from .querying import words

MIN_DOCS = 40
DEPTH = 30
TABLES = ("quotes", "claims")


class Pair:
    """The same corpus twice: its index kept in files with shortlists, and in memory without."""

    def __init__(self, kept: dlc.Corpus[pa.Table], memory: dlc.Corpus[pa.Table], directory: Path) -> None:
        self.kept = kept
        self.memory = memory
        self.directory = directory

    def listed(self, table: str) -> list[str]:
        """The words with a shortlist in ``table``'s kept file, read from the file itself."""
        with sqlite3.connect(self.file(table)) as connection:
            return [
                row[0] for row in connection.execute("SELECT DISTINCT term FROM dlc_shortlist ORDER BY term")
            ]

    def file(self, table: str) -> Path:
        (found,) = self.directory.glob(f".fulltext-{table}-*.sqlite")
        return found


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    root = tmp_path_factory.mktemp("shortlist")
    tables = generate(400, seed=5)
    kept_dir = write_corpus(tables, root / "kept" / "1.0.0")
    memory_dir = root / "memory" / "1.0.0"
    shutil.copytree(kept_dir, memory_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext_cache, "PERSIST_ROWS", 2**62)
        memory = dlc.open_path(memory_dir)
        index_of(memory._source).build(*TABLES)
        patch.setattr(fulltext_cache, "PERSIST_ROWS", 0)
        patch.setattr(shortlist, "MIN_DOCS", MIN_DOCS)
        patch.setattr(shortlist, "DEPTH", DEPTH)
        kept = dlc.open_path(kept_dir)
        index_of(kept._source).build(*TABLES)
    assert [index_of(memory._source).origin(t) for t in TABLES] == ["memory", "memory"]
    assert [index_of(kept._source).origin(t) for t in TABLES] == ["built", "built"]
    return Pair(kept, memory, kept_dir)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement a full-text index runs from now on."""
    seen: list[str] = []
    original = FullText._run

    def spy(self: FullText, table: str, query: str, sql: str, parameters: Any) -> list[Any]:
        seen.append(sql)
        return original(self, table, query, sql, parameters)

    monkeypatch.setattr(FullText, "_run", spy)
    return seen


def _ranked_every_match(seen: list[str]) -> bool:
    return any("bm25(" in sql for sql in seen)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def test_frequent_words_and_only_they_have_shortlists(pair: Pair) -> None:
    """The listed words are those in MIN_DOCS records or more, counted column by column apart from FTS5."""
    for table in TABLES:
        spec = INDEXED[table]
        counts: Counter[str] = Counter()
        for row in pair.kept.table(table).select(list(spec.searched)).to_pylist():
            for column in spec.searched:
                counts.update(set(words(row[column])))
        expected = sorted(word for word, count in counts.items() if count >= MIN_DOCS)
        assert len(expected) > 10  # the test corpus has frequent words, and rare ones
        assert len(expected) < len(counts)
        assert pair.listed(table) == expected


def test_every_shortlisted_word_gives_the_full_ranking(pair: Pair, statements: list[str]) -> None:
    """For every listed word and several limits: same hits, order, scores and snippets, and no bm25 run."""
    index, reference = index_of(pair.kept._source), index_of(pair.memory._source)
    checked = 0
    for table in TABLES:
        for word in pair.listed(table):
            for limit in (1, 7, DEPTH):
                statements.clear()
                found = index.search(table, word, None, limit)
                assert not _ranked_every_match(statements), (table, word, limit)
                expected = reference.search(table, word, None, limit)
                assert found == expected
                assert len(found) == limit
                checked += 1
    assert checked > 60


def _written(pair: Pair) -> dict[str, list[str]]:
    """The listed words of the quotes as the texts write them (with accents and capitals), by token."""
    listed = set(pair.listed("quotes"))
    found: dict[str, set[str]] = {}
    for text in pair.kept.table("quotes").column("text").to_pylist():
        for piece in text.split():
            token = words(piece)
            if len(token) == 1 and token[0] in listed and piece.isalpha():
                found.setdefault(token[0], set()).add(piece)
    return {token: sorted(pieces) for token, pieces in found.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_listed_word_as_typed_takes_its_shortlist(
    pair: Pair, statements: list[str], data: st.DataObject
) -> None:
    """Case, accents, spaces and quotes around one word do not change its token: the list answers, exactly."""
    written = _written(pair)
    token = data.draw(st.sampled_from(sorted(written)))
    typed = data.draw(st.sampled_from([token, *written[token]]))
    typed = data.draw(
        st.sampled_from([typed, typed.upper(), _strip_accents(typed), f'"{typed}"', f"\u00a0{typed} "])
    )
    limit = data.draw(st.integers(1, DEPTH))
    statements.clear()
    found = pair.kept.search(typed, tables=["quotes"], limit=limit)
    assert not _ranked_every_match(statements)
    assert found == pair.memory.search(typed, tables=["quotes"], limit=limit)
    assert found.num_rows == limit


SLOW = [
    ("a phrase", {"text": '"les plateformes"'}),
    ("two words", {"text": "travail clic"}),
    ("a word of two tokens", {"text": "micro-travail"}),
    ("a prefix", {"text": "modér*"}),
    ("OR", {"text": "modération OR clic"}),
    ("NOT", {"text": "modération NOT clic"}),
    ("NEAR", {"text": "NEAR(travail clic, 3)"}),
    ("parentheses", {"text": "(modération)"}),
    ("lang fr", {"text": "modération", "lang": "fr"}),
    ("lang en", {"text": "moderation", "lang": "EN"}),
    ("no limit", {"text": "modération", "limit": None}),
    ("a limit deeper than the lists", {"text": "modération", "limit": DEPTH + 1}),
]


@pytest.mark.parametrize(("case", "arguments"), SLOW, ids=[case for case, _ in SLOW])
def test_other_queries_rank_every_match(
    pair: Pair, statements: list[str], case: str, arguments: dict[str, Any]
) -> None:
    """Anything but one listed word, no lang and a limit within the lists ranks every match, as before."""
    options = {"limit": 20, **arguments}
    found = pair.kept.search(**options)
    assert _ranked_every_match(statements), case
    assert found == pair.memory.search(**options)
    assert found.num_rows > 0, case


def test_a_word_without_a_list_ranks_every_match(pair: Pair, statements: list[str]) -> None:
    """A word found in fewer than MIN_DOCS records has no list: ranked as before."""
    counts: Counter[str] = Counter()
    for row in pair.kept.table("quotes").select(["text", "text_en"]).to_pylist():
        counts.update(set(words(row["text"])))
        counts.update(set(words(row["text_en"])))
    rare = sorted(word for word, count in counts.items() if 3 <= count < MIN_DOCS and word.isalpha())
    assert rare
    for word in rare[:5]:
        statements.clear()
        found = pair.kept.search(word, tables=["quotes"], limit=3)
        assert _ranked_every_match(statements), word
        assert found == pair.memory.search(word, tables=["quotes"], limit=3)


def _copy(pair: Pair, tmp_path: Path) -> Path:
    """A copy of the kept corpus's directory, its kept index files with it (same names, same digests)."""
    target = tmp_path / "copy"
    shutil.copytree(pair.directory, target)
    return target  # copied with their times, which the kept files' digest covers


@pytest.mark.parametrize(
    "change",
    [
        "DROP TABLE dlc_shortlist; DROP TABLE dlc_shortlist_about",  # an index kept before shortlists
        "UPDATE dlc_shortlist_about SET value = 'another ranking' WHERE key = 'ranked'",
        "DELETE FROM dlc_shortlist_about",
    ],
    ids=["without-shortlists", "ranked-another-way", "no-description"],
)
def test_a_kept_index_without_usable_shortlists_is_used_as_it_is(
    pair: Pair, statements: list[str], tmp_path: Path, change: str
) -> None:
    """An older kept file is opened, not rebuilt, and searched by ranking every match."""
    directory = _copy(pair, tmp_path)
    for path in directory.glob(".fulltext-*.sqlite"):
        with sqlite3.connect(path) as connection:
            connection.executescript(change)
    corpus = dlc.open_path(directory)
    found = corpus.search("modération", limit=5)
    index = index_of(corpus._source)
    assert [index.origin(t) for t in TABLES] == ["kept", "kept"]
    assert index.builds == 0
    assert _ranked_every_match(statements)
    assert found == pair.memory.search("modération", limit=5)


def test_a_copied_kept_index_keeps_its_shortlists(pair: Pair, statements: list[str], tmp_path: Path) -> None:
    """The control for the test above: the unchanged copy is opened and answers from its lists."""
    corpus = dlc.open_path(_copy(pair, tmp_path))
    found = corpus.search("modération", limit=5)
    assert [index_of(corpus._source).origin(t) for t in TABLES] == ["kept", "kept"]
    assert not _ranked_every_match(statements)
    assert found == pair.memory.search("modération", limit=5)


def test_a_damaged_shortlist_falls_back_to_ranking(pair: Pair, tmp_path: Path) -> None:
    """A shortlist table that cannot be read is no answer: the full ranking gives it."""
    directory = _copy(pair, tmp_path)
    for path in directory.glob(".fulltext-*.sqlite"):
        with sqlite3.connect(path) as connection:
            connection.executescript(
                "DROP TABLE dlc_shortlist; CREATE TABLE dlc_shortlist (term TEXT, wrong INTEGER)"
            )
    corpus = dlc.open_path(directory)
    assert corpus.search("modération", limit=5) == pair.memory.search("modération", limit=5)


@st.composite
def _documents(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Small documents over a small vocabulary: many ties, words in one column or both."""
    vocabulary = ["a", "b", "c", "d", "é", "e"]
    text = st.lists(st.sampled_from(vocabulary), max_size=6).map(" ".join)
    return draw(st.lists(st.tuples(text, text), min_size=1, max_size=40))


@given(
    documents=_documents(),
    min_docs=st.integers(0, 12),
    depth=st.integers(1, 15),
    weights=st.sampled_from(["1.0, 1.0", "1.0, 0.0", "2.5, 0.5"]),
)
def test_a_shortlist_is_the_head_of_the_ranking(
    documents: list[tuple[str, str]], min_docs: int, depth: int, weights: str
) -> None:
    """On any small index: the lists hold the words of min_docs records or more, each the ranking's head."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    tokenizer = "unicode61 remove_diacritics 2"
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(x, y, tokenize='{tokenizer}')")
    db.executemany("INSERT INTO f (x, y) VALUES (?, ?)", documents)
    ranked = f"SELECT rowid, bm25(f, {weights}) AS s FROM f WHERE f MATCH ? ORDER BY s, rowid"
    listed = shortlist.write(db, "f", ["x", "y"], ranked, tokenizer, min_docs=min_docs, depth=depth)
    lists = shortlist.Shortlists.of(db, ["x", "y"], ranked)
    assert lists is not None
    assert shortlist.Shortlists.of(db, ["x"], ranked) is None
    counts: Counter[str] = Counter()
    for x, y in documents:
        counts.update(set(x.replace("é", "e").split()))
        counts.update(set(y.replace("é", "e").split()))
    frequent = {word for word, count in counts.items() if count >= min_docs}
    assert listed == len(frequent)
    for word in ["a", "b", "c", "d", "e"]:
        for limit in range(1, depth + 2):
            head = lists.best(word, limit)
            if word not in frequent or limit > depth:
                assert head is None
                continue
            expected = db.execute(ranked + " LIMIT ?", ['{x y} : "' + word + '"', limit]).fetchall()
            assert head == expected
