"""Ask the corpus questions in one call: who said what, where, when, with which figures.

:func:`open` opens a shipped dataset version and :func:`open_path` any directory of the
same layout (a corpus you extended, a synthetic one). Both return a :class:`Corpus`,
which reads nothing until asked and then answers with the frame of the backend chosen
once when it is opened: ``open()`` answers with ``pyarrow.Table``,
``open(backend="pandas")`` with ``pandas.DataFrame`` and ``open(backend="polars")`` with
``polars.DataFrame``. The class is generic in its frame type (``Corpus[pa.Table]`` ...),
so type checkers know what every helper returns:

- :meth:`Corpus.quotes`, :meth:`Corpus.statistics`, :meth:`Corpus.places`,
  :meth:`Corpus.mentions`, :meth:`Corpus.appearances`, :meth:`Corpus.timeline`;
- :meth:`Corpus.search` over the French text and the English translations;
- :meth:`Corpus.context` and :meth:`Corpus.cite` for any record;
- :meth:`Corpus.table` for a whole table and :meth:`Corpus.duckdb` for SQL.

People, places and topics are named as a user types them (``"casilli"``,
``"Madagascar"``, ``"MG"``, ``"modération"``), whatever the case or accents. On a
directory, filters are pushed into the Parquet scan: only the row groups and columns a
question needs are read.

Examples
--------
>>> import digital_labor_corpus as dlc
>>> corpus = dlc.open()
>>> said = corpus.quotes(speaker="Antonio Casilli", since="2020", until="2020")
>>> set(said.column("speaker").to_pylist())
{'Antonio A. Casilli'}
>>> all(d.year == 2020 for d in said.column("date").to_pylist())
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast, overload

from digital_labor_corpus.exceptions import CorpusIntegrityError, InvalidArgumentError, MissingDependencyError
from digital_labor_corpus.queries.sources import StoreSource
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import check_columns, spec_for

if TYPE_CHECKING:
    import duckdb as duckdb_module
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from digital_labor_corpus.checks.validation import Violation
    from digital_labor_corpus.queries.context import Context
    from digital_labor_corpus.queries.sources import TableSource
    from digital_labor_corpus.store.backends import Backend, DtypeBackend
    from digital_labor_corpus.store.loading import TableName

__all__ = ["Context", "Corpus", "open", "open_path"]


def __getattr__(name: str) -> object:
    """``Context``, from :mod:`.context`, imported when first asked for (PEP 562): ``open()`` does not need it."""
    if name == "Context":
        from digital_labor_corpus.queries.context import Context

        return Context
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _checked_backend(backend: object, dtype_backend: object) -> Backend:
    """:func:`~digital_labor_corpus.store.backends.check_backend`, imported only when needed.

    The default, Arrow tables without a pandas dtype backend, needs nothing from the
    backends module, which a fresh process's ``open()`` then does not import.
    """
    if backend == "pyarrow" and dtype_backend is None:
        return "pyarrow"
    from digital_labor_corpus.store.backends import check_backend

    return check_backend(backend, dtype_backend)


Names = str | Sequence[str]
DateLike = dt.date | str

#: The frame type a corpus answers with: ``pyarrow.Table``, ``pandas.DataFrame`` or
#: ``polars.DataFrame``, following the backend chosen in :func:`open`.
F = TypeVar("F")


class Corpus(Generic[F]):
    """Every table of one corpus and the helpers that answer questions about it.

    Make one with :func:`open` (a shipped version) or :func:`open_path` (a directory),
    choosing its backend once there; every helper answers with that backend's frame
    (``F``: ``pyarrow.Table`` by default). A helper's own ``backend=`` still converts one
    answer at run time, but type checkers see the corpus's frame type: in typed code,
    choose the backend when opening.

    Opening reads nothing; each helper reads only what it needs. Small tables (people,
    topics, places, appearances) are kept once read, with the names in them folded once
    (a name asked for twice is resolved once); the others are scanned per call.

    Examples
    --------
    >>> corpus = open()
    >>> corpus.tables()[:2]
    ['appearances', 'quotes']
    >>> from digital_labor_corpus import versions
    >>> corpus.version == versions()[-1]
    True
    """

    def __init__(
        self, source: TableSource, backend: Backend = "pyarrow", dtype_backend: DtypeBackend | None = None
    ) -> None:
        """Wrap a table source; use :func:`open` or :func:`open_path` rather than this."""
        self._source = source
        self._backend: Backend = _checked_backend(backend, dtype_backend)
        self._dtype_backend = dtype_backend

    @property
    def backend(self) -> Backend:
        """The backend the helpers answer with: ``"pyarrow"``, ``"pandas"`` or ``"polars"``.

        Examples
        --------
        >>> open(backend="polars").backend
        'polars'
        """
        return self._backend

    def _backend_for(self, backend: object, dtype_backend: object) -> tuple[Backend, object]:
        """A helper's backend and pandas dtype backend: its own when given, else the corpus's."""
        if backend is None and dtype_backend is None:
            return self._backend, self._dtype_backend
        chosen = self._backend if backend is None else backend
        dtypes = dtype_backend if dtype_backend is not None or backend is not None else self._dtype_backend
        return _checked_backend(chosen, dtypes), dtypes

    def _frame(self, table: pa.Table, backend: Backend, dtype_backend: object) -> F:
        """``table`` as the frame of ``backend`` (the corpus's frame type ``F``)."""
        if backend == "pyarrow":
            return cast("F", table)
        from digital_labor_corpus.store.backends import to_backend

        return cast("F", to_backend(table, backend, dtype_backend))

    @property
    def version(self) -> str | None:
        """The dataset version (from the manifest), or None for a directory without one.

        Examples
        --------
        >>> import digital_labor_corpus as dlc
        >>> dlc.open("1.0.0").version
        '1.0.0'
        """
        return self._source.version

    @property
    def release_date(self) -> dt.date | None:
        """The version's release date (from the manifest), or None when unknown.

        Examples
        --------
        >>> import digital_labor_corpus as dlc
        >>> dlc.open("1.0.0").release_date
        datetime.date(2026, 11, 29)
        """
        return self._source.release_date

    @property
    def verified(self) -> bool:
        """Whether every file is checked against a manifest's SHA-256 before it is read.

        True for a shipped version and for a directory with a ``manifest.json``; False for
        a directory without one, whose files nothing vouches for (see "What is guaranteed"
        in the docs).

        Examples
        --------
        >>> import digital_labor_corpus as dlc
        >>> dlc.open().verified
        True
        """
        return self._source.verified

    def __repr__(self) -> str:
        note = "" if self._source.verified else " (no manifest: files not verified)"
        shown = "" if self._backend == "pyarrow" else f", backend={self._backend!r}"
        return f"<Corpus {self._source.where}{shown}{note}>"

    def tables(self) -> list[str]:
        """The names of the corpus's tables, the five main ones first.

        Examples
        --------
        >>> open().tables()[:5]
        ['appearances', 'quotes', 'claims', 'statistics', 'places']
        >>> "errata" in open("1.0.1").tables()
        False
        """
        return list(self._source.paths())

    def paths(self) -> dict[str, str]:
        """The Parquet file of every table, for DuckDB, Polars, Spark, Dask ...

        Examples
        --------
        >>> open().paths()["quotes"].endswith("quotes.parquet")
        True
        """
        return self._source.paths()

    # -- whole tables ----------------------------------------------------------------
    @checked
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Read one whole table, or some of its columns.

        Parameters
        ----------
        name
            A table name, one of :meth:`tables`.
        columns
            The columns to return, in that order; all by default.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Raises
        ------
        UnknownTableError, UnknownColumnError, UnknownBackendError
            For a table, column or backend the corpus does not have.

        Examples
        --------
        >>> open().table("topics", columns=["topic_id"]).column_names
        ['topic_id']
        """
        spec = spec_for(name)
        selected = check_columns(spec.name, columns)
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        if chosen == "polars" and isinstance(self._source, StoreSource):
            frame = self._source.polars(spec.name)  # Polars reads the verified bytes itself
            return cast("F", frame if selected is None else frame.select(selected))
        return self._frame(self._source.read(spec.name, selected), chosen, dtypes)

    # -- quotes ------------------------------------------------------------------------
    @checked
    def quotes(
        self,
        *,
        speaker: Names | None = None,
        topic: Names | None = None,
        place: Names | None = None,
        appearance: Names | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
        kind: Names | None = None,
        contains: str | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Quotes that pass every filter given, oldest first, with where and when they were said.

        Parameters
        ----------
        speaker
            Who speaks: a ``person_id`` or a name as you type it (``"casilli"``,
            ``"Antonio Casilli"``), or a list of them.
        topic
            A ``topic_id`` or an English or French topic label (``"pay"``,
            ``"modération"``), or a list: quotes tagged with any of them.
        place
            A ``place_id``, an English or French name or an ISO 3166-1 code (``"MG"``), or a
            list: quotes in which any of them is mentioned.
        appearance
            An ``appearance_id`` or a list of them.
        since, until
            Dates (``datetime.date`` or ISO strings), inclusive, on the appearance's date.
            ``"2020"`` or ``"2020-03"`` stand for the whole year or month.
        kind
            ``"question"``, ``"answer"`` or ``"statement"``, or a list.
        contains
            A full-text query on the quote's text and its English translation, as
            :meth:`search` takes it: whole words (``"IA"`` never matches "mais"), all of
            them; ``"a phrase"``, ``prefix*``, ``OR``, ``NOT`` (see the query syntax in the
            docs), whatever the case, accents, apostrophes and spaces.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            One row per quote: ``quote_id``, ``date``, ``date_precision``, ``speaker_id``,
            ``speaker`` (the name), ``kind``, ``text``, ``text_en``, ``language``,
            ``topics``, ``appearance_id``, ``outlet``, ``title`` (the appearance's),
            ``question_id``, ``source_id``, ``span_start``, ``span_end``.

        Raises
        ------
        UnknownRecordError
            For a speaker, topic, place or appearance the corpus does not have (the message
            lists close matches); :class:`AmbiguousRecordError` when a name fits several.
        InvalidArgumentError
            For a value of the wrong type or outside its vocabulary.

        Examples
        --------
        >>> corpus = open()
        >>> about = corpus.quotes(speaker="casilli", place="Madagascar")
        >>> about.num_rows > 0 and set(about.column("speaker_id").to_pylist()) == {"antonio-casilli"}
        True
        >>> corpus.quotes(kind="answer", backend="polars")["kind"].unique().to_list()
        ['answer']
        >>> corpus.quotes(speaker="Casili")
        Traceback (most recent call last):
        ...
        digital_labor_corpus.exceptions.UnknownRecordError: No person matches speaker='Casili'. Close matches: 'antonio-casilli' ...
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import quotes

        found = quotes(
            self._source,
            speaker=speaker,
            topic=topic,
            place=place,
            appearance=appearance,
            since=since,
            until=until,
            kind=kind,
            contains=contains,
        )
        return self._frame(found, chosen, dtypes)

    # -- statistics --------------------------------------------------------------------
    @checked
    def statistics(
        self,
        *,
        measure: str | None = None,
        unit: Names | None = None,
        place: Names | None = None,
        year: int | Sequence[int] | None = None,
        attributed_to: str | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Figures that pass every filter given, oldest first, with who states them and where.

        Parameters
        ----------
        measure
            Words of what is measured (``measure_en``), e.g. ``"pay"``: a full-text query
            as :meth:`search` takes it (whole words; case and accents do not matter).
        unit
            A unit of the ``unit`` vocabulary (``"percent"``, ``"currency_rate"`` ...) or a
            list.
        place
            The place the figure is about: id, name or ISO code, or a list.
        year
            The year (or list of years) the figure is about (``reference_year``).
        attributed_to
            Words of the party the source credits with the figure (``"étude"``), a
            full-text query as :meth:`search` takes it.
        since, until
            Dates of the appearance, inclusive (``datetime.date`` or ISO strings).
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            One row per figure: the columns of ``statistics`` plus ``date``,
            ``date_precision``, ``place`` (English name), ``speaker_id`` and ``speaker``
            (who states it: the quote's speaker, else the claim's claimant), ``outlet``
            and ``title``.

        Raises
        ------
        UnknownRecordError, InvalidArgumentError
            As for :meth:`quotes`.

        Examples
        --------
        >>> pay = open().statistics(measure="pay", unit="currency_rate")
        >>> set(pay.column("unit").to_pylist()) <= {"currency_rate"}
        True
        >>> all("pay" in m.lower() for m in pay.column("measure_en").to_pylist())
        True
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import statistics

        found = statistics(
            self._source,
            measure=measure,
            unit=unit,
            place=place,
            year=year,
            attributed_to=attributed_to,
            since=since,
            until=until,
        )
        return self._frame(found, chosen, dtypes)

    # -- places and mentions -----------------------------------------------------------
    @checked
    def places(
        self,
        *,
        kind: Names | None = None,
        country: Names | None = None,
        role: Names | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """The gazetteer with each place's number of mentions, most mentioned first.

        Parameters
        ----------
        kind
            A place kind (``"country"``, ``"city"`` ...) or a list.
        country
            A country as an ISO code, id or name: places that lie in it.
        role
            A mention role (``"where_work_is_done"`` ...) or a list: count only mentions in
            that role and keep only places mentioned so.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            The columns of ``places`` and ``mentions`` (int64).

        Examples
        --------
        >>> where = open().places(role="where_work_is_done")
        >>> where.num_rows > 0 and min(where.column("mentions").to_pylist()) >= 1
        True
        >>> "madagascar" in where.column("place_id").to_pylist()
        True
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import places

        return self._frame(places(self._source, kind=kind, country=country, role=role), chosen, dtypes)

    @checked
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Every mention of a place, oldest first, with its words, role, appearance and speaker.

        Parameters
        ----------
        place
            A place id, English or French name or ISO code, or a list of them.
        role
            Only mentions in this role (or list of roles).
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            ``mention_id``, ``place_id``, ``place``, ``text`` (verbatim), ``role``, ``date``,
            ``date_precision``, ``appearance_id``, ``outlet``, ``title``, ``quote_id``,
            ``speaker_id``, ``speaker``, ``claim_id``, ``span_start``, ``span_end``.

        Examples
        --------
        >>> found = open().mentions("MG")
        >>> set(found.column("place_id").to_pylist())
        {'madagascar'}
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import mentions

        return self._frame(mentions(self._source, place, role=role), chosen, dtypes)

    # -- appearances and timeline ------------------------------------------------------
    @checked
    def appearances(
        self,
        *,
        since: DateLike | None = None,
        until: DateLike | None = None,
        medium: Names | None = None,
        genre: Names | None = None,
        outlet: str | None = None,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Appearances that pass every filter given, oldest first.

        Parameters
        ----------
        since, until
            Dates, inclusive (``datetime.date`` or ISO strings; ``"2020"`` is the year).
        medium
            A medium (``"press"``, ``"radio"`` ...) or a list.
        genre
            A genre (``"interview"``, ``"documentary"`` ...) or a list.
        outlet
            Words of the outlet or programme (``"humanite"`` finds L’Humanité), a
            full-text query as :meth:`search` takes it.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            The columns of ``appearances``.

        Examples
        --------
        >>> found = open().appearances(outlet="humanite", genre="interview")
        >>> all("Humanité" in o for o in found.column("outlet").to_pylist())
        True
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import appearances

        found = appearances(self._source, since=since, until=until, medium=medium, genre=genre, outlet=outlet)
        return self._frame(found, chosen, dtypes)

    @checked
    def timeline(
        self,
        by: Literal["month", "year"] = "month",
        *,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Appearances and quotes per month or per year, oldest first.

        A date known only to the year counts in January of that year (see
        ``date_precision``).

        Parameters
        ----------
        by
            ``"month"`` (default) or ``"year"``.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            ``period`` (date32, first day of the period), ``appearances`` and ``quotes``
            (int64 counts); periods with no appearance are left out.

        Examples
        --------
        >>> corpus = open()
        >>> years = corpus.timeline("year")
        >>> sum(years.column("appearances").to_pylist()) == corpus.table("appearances").num_rows
        True
        >>> all(p.month == 1 and p.day == 1 for p in years.column("period").to_pylist())
        True
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import timeline

        return self._frame(timeline(self._source, by), chosen, dtypes)

    # -- search ------------------------------------------------------------------------
    @checked
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ("quotes", "claims"),
        lang: str | None = None,
        limit: int | None = 20,
        backend: Backend | str | None = None,
        dtype_backend: DtypeBackend | str | None = None,
    ) -> F:
        """Find words in the verbatim text and the English translations, best hits first.

        Whole words are matched, whatever the case, accents, style of apostrophe (’ or '),
        kind of space, ligature (œ, æ) or ellipsis: ``"AI"`` finds "AI" and never "mais";
        ``"moderation"``, ``"Modération"`` and ``"MODERATION"`` find the same records. The
        query language (docs/query.md):

        - ``travail clic``: records that hold every word;
        - ``"travail du clic"``: the words together, in this order (a phrase);
        - ``modér*``: words that start with ``modér``;
        - ``clic OR click``, ``travail AND clic``, ``travail NOT clic`` (operators in
          capitals), with parentheses to group;
        - ``NEAR(plateformes Madagascar, 5)``: the words at most 5 words apart.

        The engine is SQLite FTS5 from the standard library: the index is built on the
        corpus's first search (half a minute per 100,000 quotes on a loaded machine) and
        kept for the life of the :class:`Corpus`; a table of 10,000 rows or more has it
        written to a file that later processes open in milliseconds (beside a directory
        corpus, or in the user's cache directory for a shipped version: docs/query.md).
        Hits are ranked by BM25, best first.

        Parameters
        ----------
        text
            The query.
        tables
            Where to look: any of ``"quotes"``, ``"claims"``, ``"statistics"`` and
            ``"appearances"`` (titles and summaries).
        lang
            ``"fr"`` searches the French verbatim text, ``"en"`` the English translations
            (and any English verbatim text), in any case; None searches both.
        limit
            At most this many hits (None for all).
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"`` for this answer only; the
            corpus's backend (chosen in :func:`open`) by default.
        dtype_backend
            With pandas: ``"numpy_nullable"`` or ``"pyarrow"``, as in pandas, for this answer
            only; the corpus's (chosen in :func:`open`) by default; see
            :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        F
            The corpus's frame type (``pyarrow.Table`` by default).
            One row per record, best first: ``table``, ``record_id``, ``score`` (BM25
            relevance, higher is better), ``field`` (the column shown: the first, verbatim
            text first, in which a word matched), ``snippet`` (the passage, the matched
            words between ``**``), ``match`` (the first matched words, as written),
            ``date``, ``appearance_id``, ``person_id`` and ``person`` (speaker or
            claimant).

        Raises
        ------
        InvalidArgumentError
            For a malformed query (an unclosed quote, an operator without words on both
            sides, no word at all), an unknown table, a ``lang`` other than ``"fr"`` or
            ``"en"``, or a ``limit`` below 1.
        CorpusError
            When the interpreter's SQLite lacks the FTS5 extension.

        Examples
        --------
        >>> corpus = open()
        >>> hits = corpus.search('"travail du clic"', limit=5)
        >>> 0 < hits.num_rows <= 5
        True
        >>> corpus.search('"TRAVAIL\u00a0DU CLÍC"', limit=5).equals(hits)
        True
        >>> {m.lower() for m in hits.column("match").to_pylist()}
        {'travail du clic'}
        >>> "**" in hits.column("snippet")[0].as_py()
        True
        """
        chosen, dtypes = self._backend_for(backend, dtype_backend)
        from digital_labor_corpus.queries.search import run_search

        return self._frame(
            run_search(self._source, text, tables=tables, lang=lang, limit=limit), chosen, dtypes
        )

    # -- single records ----------------------------------------------------------------
    @checked
    def context(self, record_id: str, chars: int = 300, *, table: str | None = None) -> Context:
        """The source text around a quote, claim, statistic, place mention or appearance.

        Parameters
        ----------
        record_id
            The record's id (``quote_id``, ``claim_id``, ``statistic_id``, ``mention_id`` or
            ``appearance_id``).
        chars
            How many characters of the source to show on each side of the record's span.
        table
            Where to look, when an id is in several tables.

        Returns
        -------
        Context
            ``before``, ``text`` (the record's span, verbatim) and ``after``, with the
            source's id and the span's offsets.

        Raises
        ------
        UnknownRecordError
            For an id no table has; the message lists close ids.

        Examples
        --------
        >>> corpus = open()
        >>> quote = corpus.table("quotes").to_pylist()[0]
        >>> around = corpus.context(quote["quote_id"], chars=40)
        >>> around.text == quote["text"] and 0 < len(around.before) <= 40
        True
        """
        from digital_labor_corpus.queries.context import source_context

        return source_context(self._source, record_id, chars, table)

    @checked
    def cite(
        self, record_id: str, style: Literal["apa", "chicago", "bibtex"] = "apa", *, table: str | None = None
    ) -> str:
        """A citation of the media item a record comes from, the source reporting it and the corpus.

        Parameters
        ----------
        record_id
            Any record id, as for :meth:`context`.
        style
            ``"apa"`` (default), ``"chicago"`` or ``"bibtex"``.
        table
            Where to look, when an id is in several tables.

        Returns
        -------
        str

        Examples
        --------
        >>> corpus = open()
        >>> quote = corpus.quotes(speaker="casilli").to_pylist()[0]
        >>> corpus.cite(quote["quote_id"]).startswith("Casilli, A. A. (")
        True
        >>> corpus.cite(quote["quote_id"], style="bibtex").startswith("@misc{dlc:" + quote["quote_id"])
        True
        """
        from digital_labor_corpus.queries.citation import cite_record

        return cite_record(self._source, record_id, style, table)

    # -- SQL and checks ----------------------------------------------------------------
    def duckdb(self) -> duckdb_module.DuckDBPyConnection:
        """A DuckDB connection with every table as a view (needs the ``duckdb`` extra).

        On a shipped version the views hold the tables checked against the manifest; on a
        directory they scan the Parquet files (as Arrow datasets of exactly those files,
        never as path patterns), so DuckDB pushes filters down itself.

        Examples
        --------
        >>> con = open().duckdb()
        >>> con.execute("SELECT count(*) FROM quotes").fetchone()[0] == open().table("quotes").num_rows
        True
        """
        try:
            import duckdb
        except ImportError:
            raise MissingDependencyError.needs("duckdb()", "duckdb>=0.10", "duckdb") from None
        from digital_labor_corpus.queries.scan import DirectorySource

        connection = duckdb.connect()
        try:
            for name in self._source.paths():
                # Never a path in SQL: DuckDB reads any path as a glob pattern, so a directory
                # named "a?b" or "[x]" would also read its siblings' files. An Arrow dataset
                # over the one exact file (or the verified table) is registered instead.
                if isinstance(self._source, DirectorySource):
                    connection.register(f"_{name}_arrow", self._source.dataset(name))
                else:
                    connection.register(f"_{name}_arrow", self._source.read(name))
                connection.execute(f"CREATE VIEW {name} AS SELECT * FROM _{name}_arrow")
        except duckdb.Error as error:
            connection.close()
            message = f"DuckDB cannot read the tables of {self._source.where}: {error}"
            raise CorpusIntegrityError(message) from None
        return connection

    def validate(self) -> list[Violation]:
        """Check every invariant of the data model on this corpus (reads every table).

        Examples
        --------
        >>> open().validate()
        []
        """
        from digital_labor_corpus.checks.validation import validate, validate_tables
        from digital_labor_corpus.queries.sources import StoreSource

        if isinstance(self._source, StoreSource):  # a shipped version: errata against the one before
            return validate(self._source.version)
        data = {name: self._source.read(name) for name in self._source.paths()}
        release = self.release_date or dt.date.today()
        version = self._source.version or (None if "errata" in data else "1.0.0")
        return validate_tables(data, release_date=release, version=version)


@overload
def open(
    version: str | None = None, *, backend: Literal["pyarrow"] = "pyarrow", dtype_backend: None = None
) -> Corpus[pa.Table]: ...
@overload
def open(
    version: str | None = None, *, backend: Literal["pandas"], dtype_backend: DtypeBackend | None = None
) -> Corpus[pd.DataFrame]: ...
@overload
def open(
    version: str | None = None, *, backend: Literal["polars"], dtype_backend: None = None
) -> Corpus[pl.DataFrame]: ...
@checked
def open(
    version: str | None = None, *, backend: Backend = "pyarrow", dtype_backend: DtypeBackend | None = None
) -> Corpus[Any]:
    """Open a dataset version shipped with the package (the newest by default).

    Nothing is read until a helper asks; every file is checked against its manifest's
    SHA-256 when first read.

    Parameters
    ----------
    version
        A shipped dataset version (``"1.0.1"``); the newest by default.
    backend
        What every helper answers with: ``"pyarrow"`` (a ``pyarrow.Table``, the default),
        ``"pandas"`` or ``"polars"`` (a data frame; these need the ``pandas`` or ``polars``
        extra). The returned corpus is typed accordingly (``Corpus[pandas.DataFrame]`` ...).
    dtype_backend
        With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
        pandas, for every answer.

    Raises
    ------
    UnknownVersionError
        For a version that is not shipped or not a ``MAJOR.MINOR.PATCH`` string.
    UnknownBackendError
        For a backend other than the three.

    Examples
    --------
    >>> from digital_labor_corpus import versions
    >>> open().version in versions()
    True
    >>> type(open(backend="polars").quotes()).__name__
    'DataFrame'
    """
    from digital_labor_corpus.queries.sources import StoreSource
    from digital_labor_corpus.store.storage import shipped_store

    chosen = _checked_backend(backend, dtype_backend)
    store = shipped_store()
    return Corpus(StoreSource(store, store.resolve(version)), chosen, dtype_backend)


@overload
def open_path(
    directory: str | Path, *, backend: Literal["pyarrow"] = "pyarrow", dtype_backend: None = None
) -> Corpus[pa.Table]: ...
@overload
def open_path(
    directory: str | Path, *, backend: Literal["pandas"], dtype_backend: DtypeBackend | None = None
) -> Corpus[pd.DataFrame]: ...
@overload
def open_path(
    directory: str | Path, *, backend: Literal["polars"], dtype_backend: None = None
) -> Corpus[pl.DataFrame]: ...
@checked
def open_path(
    directory: str | Path, *, backend: Backend = "pyarrow", dtype_backend: DtypeBackend | None = None
) -> Corpus[Any]:
    """Open a corpus directory: one ``<table>.parquet`` per table (a ``manifest.json`` optional).

    Use it for a corpus you extended, built yourself or generated. Filters are pushed into
    the Parquet scans.

    When the directory holds a ``manifest.json``, it is parsed strictly and every file it
    lists is checked against its SHA-256 before use: the small listed files (such as
    ``datapackage.json``) now, each table's file when first read (once per process while
    the file is unchanged). Without a manifest nothing vouches for the files:
    :attr:`Corpus.verified` is False, the ``repr`` says so, and only what Parquet and the
    schema check catch is caught (use :meth:`Corpus.validate` to check the data).

    Columns whose Arrow type differs from the data model's only in representation
    (``large_string``, ``string_view``, ``large_list``, dictionary-encoded, as Polars, pandas
    or DuckDB write them) are cast losslessly to the model's type.

    ``backend`` and ``dtype_backend`` are as for :func:`open`.

    Raises
    ------
    CorpusIntegrityError
        When the directory does not exist, lacks a table's file, its manifest is damaged, a
        file does not match the manifest, or a column cannot be read as its type.
    InvalidArgumentError
        When ``directory`` is not a path.

    Examples
    --------
    >>> from digital_labor_corpus import paths
    >>> corpus = open_path(Path(paths()["quotes"]).parent)
    >>> corpus.quotes().num_rows == open().table("quotes").num_rows
    True
    """
    from digital_labor_corpus.queries.scan import DirectorySource

    chosen = _checked_backend(backend, dtype_backend)
    if not isinstance(directory, str | Path):
        message = f"directory must be a path (str or pathlib.Path), not {directory!r}"
        raise InvalidArgumentError(message)
    path = Path(directory)
    if not path.is_dir():
        message = (
            f"{path} is not a directory: open_path() needs a directory holding one <table>.parquet per table"
        )
        raise CorpusIntegrityError(message)
    return Corpus(DirectorySource(path), chosen, dtype_backend)
