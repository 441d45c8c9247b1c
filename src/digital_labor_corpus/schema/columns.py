"""The tables and columns of the corpus as plain data: what loading and querying need.

The record classes of :mod:`digital_labor_corpus.schema.records` are the single source of
the schema. Loading a table or answering a question needs only their plain facts (names,
primary keys, column types, descriptions, vocabularies, references), so those are derived
from the records into the generated module :mod:`digital_labor_corpus.schema.tables`,
built of the two small classes below: the load path then imports neither attrs nor
cattrs and builds no record class. ``python -m digital_labor_corpus.build.tablespecs``
regenerates it; a test fails when it and the records disagree.

Examples
--------
>>> from digital_labor_corpus.schema.tables import TABLES
>>> TABLES["topics"].columns
('topic_id', 'label_en', 'label_fr', 'description_en')
>>> TABLES["quotes"].column("speaker_id").references
'people.person_id'
"""

from __future__ import annotations

__all__ = ["Column", "Table", "version_tuple"]


def version_tuple(version: str) -> tuple[int, ...]:
    """A dataset version string as a tuple of integers, for ordering.

    Examples
    --------
    >>> version_tuple("1.10.0") > version_tuple("1.9.2")
    True
    """
    return tuple(int(part) for part in version.split("."))


class Column:
    """One column: its name, Arrow type (as text), nullability and documentation.

    ``type`` is one of ``string``, ``int64``, ``float64``, ``bool``, ``date32`` and
    ``list<string>``; ``since`` is the dataset version that added the column to its table
    (None for a column its table had from the start): versions before it lack the column.
    """

    __slots__ = (
        "description",
        "name",
        "nullable",
        "references",
        "since",
        "translation",
        "type",
        "verbatim",
        "vocabulary",
    )

    def __init__(
        self,
        name: str,
        type: str,
        nullable: bool,
        description: str,
        *,
        vocabulary: str | None = None,
        references: str | None = None,
        verbatim: bool = False,
        translation: bool = False,
        since: str | None = None,
    ) -> None:
        self.name = name
        self.type = type
        self.nullable = nullable
        self.description = description
        self.vocabulary = vocabulary
        self.references = references
        self.verbatim = verbatim
        self.translation = translation
        self.since = since

    def metadata(self) -> dict[str, str]:
        """The column's documentation as Arrow field metadata (set values only, as text)."""
        found = {"description": self.description}
        for key in ("vocabulary", "references"):
            value = getattr(self, key)
            if value is not None:
                found[key] = value
        for key in ("verbatim", "translation"):
            if getattr(self, key):
                found[key] = "True"
        if self.since is not None:
            found["since"] = self.since
        return found

    def as_tuple(self) -> tuple[object, ...]:
        """Every attribute, in a fixed order (for comparisons)."""
        return tuple(getattr(self, name) for name in sorted(self.__slots__))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Column) and self.as_tuple() == other.as_tuple()

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"Column({self.name!r}, {self.type!r}, nullable={self.nullable})"


class Table:
    """One table: its name, primary key, description, columns in order, and first version.

    ``since`` is the dataset version that added the table (``errata``: 1.1.0).
    """

    __slots__ = ("_by_name", "description", "fields", "name", "primary_key", "since")

    def __init__(
        self,
        name: str,
        primary_key: str,
        description: str,
        fields: tuple[Column, ...],
        since: str = "1.0.0",
    ) -> None:
        self.name = name
        self.primary_key = primary_key
        self.description = description
        self.fields = fields
        self.since = since
        self._by_name = {column.name: column for column in fields}

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order.

        Examples
        --------
        >>> from digital_labor_corpus.schema.tables import TABLES
        >>> TABLES["topics"].columns[:2]
        ('topic_id', 'label_en')
        """
        return tuple(self._by_name)

    def column(self, name: str) -> Column:
        """The column called ``name`` (a ``KeyError`` when the table has none)."""
        return self._by_name[name]

    def in_version(self, version: str | None) -> bool:
        """True when dataset ``version`` has this table (every version does for ``None``).

        Examples
        --------
        >>> from digital_labor_corpus.schema.tables import TABLES
        >>> TABLES["errata"].in_version("1.0.1"), TABLES["errata"].in_version("1.1.0")
        (False, True)
        """
        return version is None or version_tuple(self.since) <= version_tuple(version)

    def columns_in(self, version: str | None) -> tuple[str, ...]:
        """The columns the table has in dataset ``version``: those added later left out.

        ``None`` means the current schema, every column.

        Examples
        --------
        >>> from digital_labor_corpus.schema.tables import TABLES
        >>> "speaker_id" in TABLES["place_mentions"].columns_in("1.1.0")
        False
        >>> "speaker_id" in TABLES["place_mentions"].columns_in("1.2.0")
        True
        >>> TABLES["appearances"].columns_in("1.1.0")[-3:]
        ('headline', 'headline_start', 'headline_end')
        """
        if version is None:
            return self.columns
        return tuple(
            column.name
            for column in self.fields
            if column.since is None or version_tuple(column.since) <= version_tuple(version)
        )

    def column_since(self, column: str) -> str:
        """The dataset version that added ``column`` to this table (a ``KeyError`` if none).

        Examples
        --------
        >>> from digital_labor_corpus.schema.tables import TABLES
        >>> TABLES["people"].column_since("name_forms"), TABLES["people"].column_since("name")
        ('1.1.0', '1.0.0')
        """
        return self._by_name[column].since or self.since

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and (
            (self.name, self.primary_key, self.description, self.fields, self.since)
            == (other.name, other.primary_key, other.description, other.fields, other.since)
        )

    def __hash__(self) -> int:
        return hash((self.name, self.primary_key, self.description, self.fields, self.since))

    def __repr__(self) -> str:
        return f"Table({self.name!r}, primary_key={self.primary_key!r}, columns={len(self.fields)})"
