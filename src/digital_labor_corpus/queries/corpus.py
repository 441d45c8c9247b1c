"""Ask the corpus questions in one call: who said what, where, when, with which figures.

:func:`open` opens a shipped dataset version and :func:`open_path` any directory of the
same layout (a corpus you extended, a synthetic one). Both return a :class:`Corpus`,
which reads nothing until asked and then answers with a ``pyarrow.Table`` (or a pandas
or Polars frame with ``backend=``):

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
from typing import TYPE_CHECKING, Any, Literal, overload

from digital_labor_corpus.exceptions import CorpusIntegrityError, InvalidArgumentError, MissingDependencyError
from digital_labor_corpus.queries.context import Context
from digital_labor_corpus.schema.arguments import checked
from digital_labor_corpus.schema.catalog import check_columns, spec_for
from digital_labor_corpus.store.backends import Backend, DtypeBackend, check_backend, to_backend

if TYPE_CHECKING:
    import duckdb as duckdb_module
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from digital_labor_corpus.checks.validation import Violation
    from digital_labor_corpus.queries.scan import TableSource
    from digital_labor_corpus.store.loading import TableName

__all__ = ["Context", "Corpus", "open", "open_path"]

Names = str | Sequence[str]
DateLike = dt.date | str


class Corpus:
    """Every table of one corpus and the helpers that answer questions about it.

    Make one with :func:`open` (a shipped version) or :func:`open_path` (a directory).
    Opening reads nothing; each helper reads only what it needs. Small tables (people,
    topics, places, appearances) are kept once read; the others are scanned per call.

    Examples
    --------
    >>> corpus = open()
    >>> corpus.tables()[:2]
    ['appearances', 'quotes']
    >>> from digital_labor_corpus import versions
    >>> corpus.version == versions()[-1]
    True
    """

    def __init__(self, source: TableSource) -> None:
        """Wrap a table source; use :func:`open` or :func:`open_path` rather than this."""
        self._source = source

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
        return f"<Corpus {self._source.where}{note}>"

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
    @overload
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def table(
        self,
        name: TableName | str,
        *,
        columns: Sequence[str] | None = None,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
        """Read one whole table, or some of its columns.

        Parameters
        ----------
        name
            A table name, one of :meth:`tables`.
        columns
            The columns to return, in that order; all by default.
        backend
            ``"pyarrow"``, ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

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
        chosen = check_backend(backend, dtype_backend)
        return to_backend(self._source.read(spec.name, selected), chosen, dtype_backend)

    # -- quotes ------------------------------------------------------------------------
    @overload
    def quotes(
        self,
        *,
        speaker: Names | None = ...,
        topic: Names | None = ...,
        place: Names | None = ...,
        appearance: Names | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        kind: Names | None = ...,
        contains: str | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def quotes(
        self,
        *,
        speaker: Names | None = ...,
        topic: Names | None = ...,
        place: Names | None = ...,
        appearance: Names | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        kind: Names | None = ...,
        contains: str | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def quotes(
        self,
        *,
        speaker: Names | None = ...,
        topic: Names | None = ...,
        place: Names | None = ...,
        appearance: Names | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        kind: Names | None = ...,
        contains: str | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def quotes(
        self,
        *,
        speaker: Names | None = ...,
        topic: Names | None = ...,
        place: Names | None = ...,
        appearance: Names | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        kind: Names | None = ...,
        contains: str | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
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
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
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
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
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
        chosen = check_backend(backend, dtype_backend)
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
        return to_backend(found, chosen, dtype_backend)

    # -- statistics --------------------------------------------------------------------
    @overload
    def statistics(
        self,
        *,
        measure: str | None = ...,
        unit: Names | None = ...,
        place: Names | None = ...,
        year: int | Sequence[int] | None = ...,
        attributed_to: str | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def statistics(
        self,
        *,
        measure: str | None = ...,
        unit: Names | None = ...,
        place: Names | None = ...,
        year: int | Sequence[int] | None = ...,
        attributed_to: str | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def statistics(
        self,
        *,
        measure: str | None = ...,
        unit: Names | None = ...,
        place: Names | None = ...,
        year: int | Sequence[int] | None = ...,
        attributed_to: str | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def statistics(
        self,
        *,
        measure: str | None = ...,
        unit: Names | None = ...,
        place: Names | None = ...,
        year: int | Sequence[int] | None = ...,
        attributed_to: str | None = ...,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
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
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
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
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
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
        chosen = check_backend(backend, dtype_backend)
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
        return to_backend(found, chosen, dtype_backend)

    # -- places and mentions -----------------------------------------------------------
    @overload
    def places(
        self,
        *,
        kind: Names | None = ...,
        country: Names | None = ...,
        role: Names | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def places(
        self,
        *,
        kind: Names | None = ...,
        country: Names | None = ...,
        role: Names | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def places(
        self,
        *,
        kind: Names | None = ...,
        country: Names | None = ...,
        role: Names | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def places(
        self,
        *,
        kind: Names | None = ...,
        country: Names | None = ...,
        role: Names | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def places(
        self,
        *,
        kind: Names | None = None,
        country: Names | None = None,
        role: Names | None = None,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
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
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
            The columns of ``places`` and ``mentions`` (int64).

        Examples
        --------
        >>> where = open().places(role="where_work_is_done")
        >>> where.num_rows > 0 and min(where.column("mentions").to_pylist()) >= 1
        True
        >>> "madagascar" in where.column("place_id").to_pylist()
        True
        """
        chosen = check_backend(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import places

        return to_backend(places(self._source, kind=kind, country=country, role=role), chosen, dtype_backend)

    @overload
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def mentions(
        self,
        place: Names,
        *,
        role: Names | None = None,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
        """Every mention of a place, oldest first, with its words, role, appearance and speaker.

        Parameters
        ----------
        place
            A place id, English or French name or ISO code, or a list of them.
        role
            Only mentions in this role (or list of roles).
        backend
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
            ``mention_id``, ``place_id``, ``place``, ``text`` (verbatim), ``role``, ``date``,
            ``date_precision``, ``appearance_id``, ``outlet``, ``title``, ``quote_id``,
            ``speaker_id``, ``speaker``, ``claim_id``, ``span_start``, ``span_end``.

        Examples
        --------
        >>> found = open().mentions("MG")
        >>> set(found.column("place_id").to_pylist())
        {'madagascar'}
        """
        chosen = check_backend(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import mentions

        return to_backend(mentions(self._source, place, role=role), chosen, dtype_backend)

    # -- appearances and timeline ------------------------------------------------------
    @overload
    def appearances(
        self,
        *,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        medium: Names | None = ...,
        genre: Names | None = ...,
        outlet: str | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def appearances(
        self,
        *,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        medium: Names | None = ...,
        genre: Names | None = ...,
        outlet: str | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def appearances(
        self,
        *,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        medium: Names | None = ...,
        genre: Names | None = ...,
        outlet: str | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def appearances(
        self,
        *,
        since: DateLike | None = ...,
        until: DateLike | None = ...,
        medium: Names | None = ...,
        genre: Names | None = ...,
        outlet: str | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def appearances(
        self,
        *,
        since: DateLike | None = None,
        until: DateLike | None = None,
        medium: Names | None = None,
        genre: Names | None = None,
        outlet: str | None = None,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
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
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
            The columns of ``appearances``.

        Examples
        --------
        >>> found = open().appearances(outlet="humanite", genre="interview")
        >>> all("Humanité" in o for o in found.column("outlet").to_pylist())
        True
        """
        chosen = check_backend(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import appearances

        found = appearances(self._source, since=since, until=until, medium=medium, genre=genre, outlet=outlet)
        return to_backend(found, chosen, dtype_backend)

    @overload
    def timeline(
        self,
        by: Literal["month", "year"] = ...,
        *,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def timeline(
        self,
        by: Literal["month", "year"] = ...,
        *,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def timeline(
        self,
        by: Literal["month", "year"] = ...,
        *,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def timeline(
        self,
        by: Literal["month", "year"] = ...,
        *,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def timeline(
        self,
        by: Literal["month", "year"] = "month",
        *,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
        """Appearances and quotes per month or per year, oldest first.

        A date known only to the year counts in January of that year (see
        ``date_precision``).

        Parameters
        ----------
        by
            ``"month"`` (default) or ``"year"``.
        backend
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
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
        chosen = check_backend(backend, dtype_backend)
        from digital_labor_corpus.queries.helpers import timeline

        return to_backend(timeline(self._source, by), chosen, dtype_backend)

    # -- search ------------------------------------------------------------------------
    @overload
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ...,
        lang: str | None = ...,
        limit: int | None = ...,
        backend: Literal["pyarrow"] = ...,
        dtype_backend: DtypeBackend | None = ...,
    ) -> pa.Table: ...
    @overload
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ...,
        lang: str | None = ...,
        limit: int | None = ...,
        backend: Literal["pandas"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pd.DataFrame: ...
    @overload
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ...,
        lang: str | None = ...,
        limit: int | None = ...,
        backend: Literal["polars"],
        dtype_backend: DtypeBackend | None = ...,
    ) -> pl.DataFrame: ...
    @overload
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ...,
        lang: str | None = ...,
        limit: int | None = ...,
        backend: str,
        dtype_backend: DtypeBackend | str | None = ...,
    ) -> pa.Table | pd.DataFrame | pl.DataFrame: ...
    @checked
    def search(
        self,
        text: str,
        *,
        tables: Sequence[str] = ("quotes", "claims"),
        lang: str | None = None,
        limit: int | None = 20,
        backend: Backend | str = "pyarrow",
        dtype_backend: DtypeBackend | str | None = None,
    ) -> Any:
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
            ``"pyarrow"`` (default), ``"pandas"`` or ``"polars"``.
        dtype_backend
            With ``backend="pandas"``: ``"numpy_nullable"`` (default) or ``"pyarrow"``, as in
            pandas; see :func:`~digital_labor_corpus.store.backends.to_backend`.

        Returns
        -------
        pyarrow.Table | pandas.DataFrame | polars.DataFrame
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
        chosen = check_backend(backend, dtype_backend)
        from digital_labor_corpus.queries.search import run_search

        return to_backend(
            run_search(self._source, text, tables=tables, lang=lang, limit=limit), chosen, dtype_backend
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
        from digital_labor_corpus.queries.scan import StoreSource

        if isinstance(self._source, StoreSource):  # a shipped version: errata against the one before
            return validate(self._source.version)
        data = {name: self._source.read(name) for name in self._source.paths()}
        release = self.release_date or dt.date.today()
        version = self._source.version or (None if "errata" in data else "1.0.0")
        return validate_tables(data, release_date=release, version=version)


@checked
def open(version: str | None = None) -> Corpus:
    """Open a dataset version shipped with the package (the newest by default).

    Nothing is read until a helper asks; every file is checked against its manifest's
    SHA-256 when first read.

    Raises
    ------
    UnknownVersionError
        For a version that is not shipped or not a ``MAJOR.MINOR.PATCH`` string.

    Examples
    --------
    >>> from digital_labor_corpus import versions
    >>> open().version in versions()
    True
    """
    from digital_labor_corpus.queries.scan import StoreSource
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    return Corpus(StoreSource(store, store.resolve(version)))


@checked
def open_path(directory: str | Path) -> Corpus:
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

    if not isinstance(directory, str | Path):
        message = f"directory must be a path (str or pathlib.Path), not {directory!r}"
        raise InvalidArgumentError(message)
    path = Path(directory)
    if not path.is_dir():
        message = (
            f"{path} is not a directory: open_path() needs a directory holding one <table>.parquet per table"
        )
        raise CorpusIntegrityError(message)
    return Corpus(DirectorySource(path))
