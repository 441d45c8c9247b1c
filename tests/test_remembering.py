"""Helpers that remember: names folded once per table, the version list read once, safe under threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest

import digital_labor_corpus as dlc
from digital_labor_corpus.queries import resolve
from digital_labor_corpus.store.storage import Store, shipped_store

from .querying import Synthetic, make_synthetic


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    return make_synthetic(tmp_path_factory.mktemp("remember"), n_quotes=400, seed=11)


class TestNamesFoldedOnce:
    """A table's names are folded once, and each name resolved once."""

    def test_one_index_per_table(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Many questions about people build the people index once and fold each name once."""
        built: list[str] = []
        original = resolve.NameIndex.__init__

        def counting(self: resolve.NameIndex, table: object, key: str, names: list[str]) -> None:
            built.append(key)
            original(self, table, key, names)

        monkeypatch.setattr(resolve.NameIndex, "__init__", counting)
        corpus = dlc.open()
        for _ in range(5):
            corpus.quotes(speaker="casilli")
            corpus.quotes(speaker=["Antonio Casilli", "antonio-casilli"])
        assert built.count("person_id") == 1

    def test_remembered_answer_is_the_same(self) -> None:
        """The second answer to a name is the first, and the first was right."""
        people = dlc.load("people")
        first = resolve.resolve_people(people, "CASILLI")
        index = resolve.name_index(people, "person_id", ["name"])
        assert "CASILLI" in index._resolved
        assert resolve.resolve_people(people, "CASILLI") == first == ["antonio-casilli"]

    def test_errors_are_not_remembered_as_answers(self) -> None:
        """An unknown name raises each time it is asked."""
        people = dlc.load("people")
        for _ in range(2):
            with pytest.raises(dlc.UnknownRecordError, match="No person matches speaker='Casili'"):
                resolve.resolve_people(people, "Casili")

    def test_index_goes_with_its_table(self) -> None:
        """An index does not keep its table alive: it is forgotten with the table."""
        import gc

        table = dlc.load("people").slice(0)
        resolve.resolve_people(table, "casilli")
        key = id(table)
        assert key in resolve._INDEXES
        del table
        gc.collect()
        assert key not in resolve._INDEXES


class TestVersionsListedOnce:
    """A store lists its versions once."""

    def test_listed_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Opening and asking many times lists the data directory once; clear() forgets the list."""
        store = shipped_store()
        calls: list[int] = []
        original = Store._list_versions

        def counting(self: Store) -> list[str]:
            calls.append(1)
            return original(self)

        monkeypatch.setattr(Store, "_list_versions", counting)
        for _ in range(3):
            corpus = dlc.open()
            corpus.quotes(speaker="casilli")
            dlc.load("topics")
        assert len(calls) == 1
        store.clear()
        dlc.versions()
        assert len(calls) == 2


class TestThreads:
    """Threads sharing a corpus get the answers one thread gets."""

    @pytest.mark.parametrize("where", ["shipped", "directory"])
    def test_shared_corpus(self, where: str, synthetic: Synthetic) -> None:
        """72 questions from 12 threads on a cold corpus match the same questions asked in turn."""

        def opened() -> dlc.Corpus[pa.Table]:
            return dlc.open() if where == "shipped" else dlc.open_path(synthetic.path)

        first = opened()
        if where == "shipped":
            people, places = ["casilli", "Antonio Casilli"], ["MG", "Madagascar", "France"]
        else:
            people = first.table("people", columns=["person_id"]).column(0).to_pylist()[:4]
            places = first.table("places", columns=["place_id"]).column(0).to_pylist()[:3]
        questions = [("quotes", p) for p in people] + [("mentions", p) for p in places]

        def ask(corpus: dlc.Corpus[pa.Table], question: tuple[str, str]) -> list[str]:
            kind, name = question
            found = corpus.quotes(speaker=name) if kind == "quotes" else corpus.mentions(name)
            return sorted(found.column(0).to_pylist())

        expected = {question: ask(first, question) for question in questions}
        shipped_store().clear()
        shared = opened()  # cold: nothing read, nothing folded
        with ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(lambda q: (q, ask(shared, q)), questions * 6))
        assert all(found == expected[q] for q, found in results)
        assert all(expected[q] for q in questions)
