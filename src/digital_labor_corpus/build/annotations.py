"""Read the TOML annotation files under ``corpus/`` and resolve them into table rows.

Annotators write verbatim texts, never offsets. This module checks each record's fields,
finds every verbatim text in its scope (see ``docs/annotation-guidelines.md``) and
returns plain row dictionaries keyed by the data model's column names. Types and
vocabularies are checked afterwards, when the rows are structured into records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from digital_labor_corpus.build.spans import Scope, find_span
from digital_labor_corpus.exceptions import AnnotationError
from digital_labor_corpus.queries.folding import fold_typography

__all__ = ["ERRATA_FILE", "AnnotatedCorpus", "ErratumReason", "Row", "read_corpus", "read_errata"]

Row = dict[str, Any]

_REGISTERS = ("sources", "people", "places", "topics")
_SECTIONS = ("appearances", "quotes", "claims", "statistics", "mentions", "exemptions")

# Annotation keys per record kind: required, optional. Keys map to columns in `_resolve_*`.
_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "sources": (
        frozenset({"id", "path", "title", "language", "sha256"}),
        frozenset({"author", "publisher", "url", "retrieved"}),
    ),
    "people": (
        frozenset({"id", "name", "description_en"}),
        frozenset({"affiliation", "wikidata_qid", "name_forms"}),
    ),
    "places": (
        frozenset({"id", "name_en", "name_fr", "kind"}),
        frozenset({"iso_3166_1", "wikidata_qid", "latitude", "longitude", "parent"}),
    ),
    "topics": (
        frozenset({"id", "label_en", "label_fr", "description_en"}),
        frozenset(),
    ),
    "appearances": (
        frozenset(
            {
                "id",
                "date",
                "date_precision",
                "outlet",
                "medium",
                "genre",
                "language",
                "span_from",
                "span_to",
                "summary_en",
            }
        ),
        frozenset({"parent", "programme", "title", "headline"}),
    ),
    "quotes": (
        frozenset({"id", "appearance", "speaker", "kind", "text", "text_en", "topics"}),
        frozenset({"answers", "language", "occurrence", "within"}),
    ),
    "claims": (
        frozenset({"id", "appearance", "statement_en", "claim_type", "topics", "passage"}),
        frozenset({"claimant", "quote", "reported_from", "occurrence", "within", "same_as"}),
    ),
    "statistics": (
        frozenset({"id", "appearance", "text", "unit", "measure_en"}),
        frozenset(
            {
                "quote",
                "claim",
                "value",
                "low",
                "high",
                "approximate",
                "currency",
                "per",
                "duration_unit",
                "reference_year",
                "place",
                "attributed_to",
                "occurrence",
                "within",
            }
        ),
    ),
    "mentions": (
        frozenset({"id", "place", "appearance", "text", "role"}),
        frozenset({"quote", "claim", "occurrence", "within"}),
    ),
    "exemptions": (
        frozenset({"id", "paragraph", "reason"}),
        frozenset({"occurrence"}),
    ),
}

ERRATA_FILE = "errata.toml"
_ERRATA_KEYS = (frozenset({"version", "table", "key", "reason"}), frozenset({"column"}))


@attrs.frozen
class _Entry:
    """One annotation record with the file it came from."""

    kind: str
    data: Mapping[str, Any]
    file: str

    @property
    def key(self) -> str:
        return str(self.data.get("id", "<no id>"))

    @property
    def where(self) -> str:
        return f"{self.file}: {self.kind} record {self.key!r}"


@attrs.frozen
class Exemption:
    """A paragraph reviewed as holding neither quote nor claim, with the reason why."""

    exemption_id: str
    source_id: str
    span_start: int
    span_end: int
    reason: str
    file: str


@attrs.frozen
class ErratumReason:
    """Why a record changed in a release: one ``[[errata]]`` entry of ``corpus/errata.toml``.

    ``column`` None covers every change of the record (its changed values, or its being
    added or withdrawn); a column names one changed value.
    """

    version: str
    table: str
    key: str
    column: str | None
    reason: str
    where: str


@attrs.frozen
class AnnotatedCorpus:
    """Rows for every table, resolved from the annotation files of one corpus directory."""

    tables: dict[str, list[Row]]
    exemptions: list[Exemption]
    origins: dict[tuple[str, str], str]
    errata: list[ErratumReason] = attrs.field(factory=list)

    def origin(self, table: str, key: object) -> str:
        """The annotation file a record came from, for error messages."""
        return self.origins.get((table, str(key)), "corpus")


def _read_toml(path: Path, root: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise AnnotationError(f"{path.relative_to(root)}: not valid TOML: {error}") from None


def _entries(path: Path, root: Path, allowed: Iterable[str]) -> list[_Entry]:
    document = _read_toml(path, root)
    name = str(path.relative_to(root))
    allowed = tuple(allowed)
    entries: list[_Entry] = []
    for kind, records in document.items():
        if kind not in allowed:
            raise AnnotationError(
                f"{name}: unknown section [[{kind}]]; a file here may hold "
                + ", ".join(f"[[{a}]]" for a in allowed)
            )
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise AnnotationError(f"{name}: {kind} must be an array of tables, written [[{kind}]]")
        for record in records:
            entry = _Entry(kind, record, name)
            _check_keys(entry)
            entries.append(entry)
    return entries


def _check_keys(entry: _Entry) -> None:
    required, optional = _KEYS[entry.kind]
    present = set(entry.data)
    missing = sorted(required - present)
    if missing:
        raise AnnotationError(f"{entry.where}: missing required field(s) {', '.join(missing)}")
    unknown = sorted(present - required - optional)
    if unknown:
        raise AnnotationError(
            f"{entry.where}: unknown field(s) {', '.join(unknown)}; accepted: "
            + ", ".join(sorted(required | optional))
        )
    if not isinstance(entry.data["id"], str) or not entry.data["id"]:
        raise AnnotationError(f"{entry.where}: id must be a non-empty string")


def _date(entry: _Entry) -> dt.date:
    value = entry.data["date"]
    if isinstance(value, dt.datetime):
        raise AnnotationError(f"{entry.where}: date {value} has a time; write a date, YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise AnnotationError(f"{entry.where}: date {value!r} is not a date; write YYYY-MM-DD")


def _opt_str(entry: _Entry, key: str) -> str | None:
    value = entry.data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AnnotationError(f"{entry.where}: {key} must be a non-empty string, or left out when unknown")
    return value


def _opt_int(entry: _Entry, key: str) -> int | None:
    value = entry.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnnotationError(f"{entry.where}: {key} must be a whole number, not {value!r}")
    return value


class _Resolver:
    """Resolves entries in dependency order, keeping the spans already found."""

    def __init__(self, root: Path, entries: list[_Entry]) -> None:
        self.root = root
        self.by_kind: dict[str, list[_Entry]] = {k: [] for k in _KEYS}
        for entry in entries:
            self.by_kind[entry.kind].append(entry)
        self._check_unique_ids()
        self.texts: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        self.appearance_span: dict[str, tuple[str, int, int, str]] = {}
        self.quote_span: dict[str, tuple[int, int]] = {}
        self.claim_span: dict[str, tuple[int, int]] = {}
        self.quote_appearance: dict[str, str] = {}
        self.quote_speaker: dict[str, str] = {}
        self.claim_appearance: dict[str, str] = {}

    def _check_unique_ids(self) -> None:
        for _kind, entries in self.by_kind.items():
            seen: dict[str, _Entry] = {}
            for entry in entries:
                if entry.key in seen:
                    raise AnnotationError(
                        f"{entry.where}: duplicate id; it is also defined in {seen[entry.key].file}"
                    )
                seen[entry.key] = entry

    # -- registers -----------------------------------------------------------------
    def sources(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["sources"]:
            path = self.root / str(entry.data["path"])
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise AnnotationError(f"{entry.where}: cannot read {path}: {error.strerror}") from None
            digest = hashlib.sha256(raw).hexdigest()
            if digest != entry.data["sha256"]:
                raise AnnotationError(
                    f"{entry.where}: {entry.data['path']} has SHA-256 {digest}, "
                    f"expected {entry.data['sha256']}; the source must be copied byte for byte"
                )
            text = raw.decode("utf-8")
            self.texts[entry.key] = text
            self.folded[entry.key] = fold_typography(text)
            rows.append(
                {
                    "source_id": entry.key,
                    "title": entry.data["title"],
                    "author": _opt_str(entry, "author"),
                    "publisher": _opt_str(entry, "publisher"),
                    "language": entry.data["language"],
                    "text": text,
                    "sha256": digest,
                    "n_chars": len(text),
                    "url": _opt_str(entry, "url"),
                }
            )
        return rows

    def _name_form(self, entry: _Entry, form: Any) -> str:
        """The form as the first source that has it writes it (found with typography folded)."""
        if not isinstance(form, str) or not form.strip():
            raise AnnotationError(f"{entry.where}: name_forms must be a list of non-empty strings")
        for source, text in self.texts.items():
            whole = Scope(0, len(text), f"source {source!r}")
            try:
                start, end = find_span(self.folded[source], form, whole, where=entry.where, occurrence=1)
            except AnnotationError:
                continue
            return text[start:end]
        raise AnnotationError(
            f"{entry.where}: name form {form!r} occurs in no source; write each form exactly as "
            "the source writes it"
        )

    def people(self) -> list[Row]:
        rows: list[Row] = []
        for e in self.by_kind["people"]:
            forms = e.data.get("name_forms", [e.data["name"]])
            if not isinstance(forms, list) or not forms:
                raise AnnotationError(
                    f"{e.where}: name_forms must be a non-empty list of the forms the source writes"
                )
            resolved = [self._name_form(e, form) for form in forms]
            if len(set(resolved)) != len(resolved):
                raise AnnotationError(f"{e.where}: name_forms lists a form twice")
            rows.append(
                {
                    "person_id": e.key,
                    "name": e.data["name"],
                    "description_en": e.data["description_en"],
                    "affiliation": _opt_str(e, "affiliation"),
                    "wikidata_qid": _opt_str(e, "wikidata_qid"),
                    "name_forms": resolved,
                }
            )
        return rows

    def places(self) -> list[Row]:
        return [
            {
                "place_id": e.key,
                "name_en": e.data["name_en"],
                "name_fr": e.data["name_fr"],
                "kind": e.data["kind"],
                "iso_3166_1": _opt_str(e, "iso_3166_1"),
                "wikidata_qid": _opt_str(e, "wikidata_qid"),
                "latitude": e.data.get("latitude"),
                "longitude": e.data.get("longitude"),
                "parent_id": _opt_str(e, "parent"),
            }
            for e in self.by_kind["places"]
        ]

    def topics(self) -> list[Row]:
        return [
            {
                "topic_id": e.key,
                "label_en": e.data["label_en"],
                "label_fr": e.data["label_fr"],
                "description_en": e.data["description_en"],
            }
            for e in self.by_kind["topics"]
        ]

    # -- sections ------------------------------------------------------------------
    def _source_of(self, entry: _Entry) -> str:
        source = entry.data.get("__source__")
        if not isinstance(source, str) or source not in self.texts:
            raise AnnotationError(
                f"{entry.file}: the file's top-level source = {source!r} is not a known "
                f"source; known: {', '.join(sorted(self.texts))}"
            )
        return source

    def _find(
        self, entry: _Entry, source: str, text: Any, scope: Scope, *, key: str = "text"
    ) -> tuple[int, int]:
        if not isinstance(text, str):
            raise AnnotationError(f"{entry.where}: {key} must be a string of verbatim text")
        within = _opt_str(entry, "within") if key in ("text", "passage") else None
        occurrence = _opt_int(entry, "occurrence") if key in ("text", "passage") else None
        if key == "headline":
            occurrence = 1  # a headline is the first occurrence of its words in the item
        return find_span(
            self.folded[source],
            text,
            scope,
            where=f"{entry.where} ({key})",
            occurrence=occurrence,
            within=within,
        )

    def appearances(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["appearances"]:
            source = self._source_of(entry)
            whole = Scope(0, len(self.texts[source]), f"source {source!r}")
            start, _ = self._find(entry, source, entry.data["span_from"], whole, key="span_from")
            _, end = self._find(entry, source, entry.data["span_to"], whole, key="span_to")
            if end <= start:
                raise AnnotationError(
                    f"{entry.where}: span_to ends at {end}, before span_from starts at {start}"
                )
            title = _opt_str(entry, "title")
            if title is not None:
                scope = Scope(start, end, f"the span of appearance {entry.key!r}")
                t_start, t_end = self._find(entry, source, title, scope, key="title")
                title = self.texts[source][t_start:t_end]
            headline = _opt_str(entry, "headline")
            h_start: int | None = None
            h_end: int | None = None
            if headline is not None:
                scope = Scope(start, end, f"the span of appearance {entry.key!r}")
                h_start, h_end = self._find(entry, source, headline, scope, key="headline")
                headline = self.texts[source][h_start:h_end]
            self.appearance_span[entry.key] = (source, start, end, str(entry.data["language"]))
            rows.append(
                {
                    "appearance_id": entry.key,
                    "source_id": source,
                    "parent_id": _opt_str(entry, "parent"),
                    "date": _date(entry),
                    "date_precision": entry.data["date_precision"],
                    "outlet": entry.data["outlet"],
                    "programme": _opt_str(entry, "programme"),
                    "medium": entry.data["medium"],
                    "genre": entry.data["genre"],
                    "title": title,
                    "language": entry.data["language"],
                    "span_start": start,
                    "span_end": end,
                    "summary_en": entry.data["summary_en"],
                    "headline": headline,
                    "headline_start": h_start,
                    "headline_end": h_end,
                }
            )
        return rows

    def _appearance(self, entry: _Entry) -> tuple[str, Scope, str]:
        appearance = entry.data["appearance"]
        if not isinstance(appearance, str):
            raise AnnotationError(f"{entry.where}: appearance must be an appearance id (a string)")
        if appearance not in self.appearance_span:
            raise AnnotationError(
                f"{entry.where}: appearance {appearance!r} is not defined in any annotation file"
            )
        source, start, end, language = self.appearance_span[appearance]
        return source, Scope(start, end, f"the span of appearance {appearance!r}"), language

    def _linked_span(
        self, entry: _Entry, key: str, spans: dict[str, tuple[int, int]], appearances: dict[str, str]
    ) -> tuple[str, int, int] | None:
        target = _opt_str(entry, key)
        if target is None:
            return None
        if target not in spans:
            raise AnnotationError(f"{entry.where}: {key} {target!r} is not defined")
        if appearances[target] != entry.data["appearance"]:
            raise AnnotationError(
                f"{entry.where}: {key} {target!r} belongs to appearance "
                f"{appearances[target]!r}, not {entry.data['appearance']!r}"
            )
        return (target, *spans[target])

    def quotes(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["quotes"]:
            source, scope, language = self._appearance(entry)
            start, end = self._find(entry, source, entry.data["text"], scope)
            text = self.texts[source][start:end]
            if "\n" in text:
                raise AnnotationError(
                    f"{entry.where}: the quote crosses a paragraph break; split it into one "
                    "quote per paragraph"
                )
            self.quote_span[entry.key] = (start, end)
            self.quote_appearance[entry.key] = str(entry.data["appearance"])
            self.quote_speaker[entry.key] = str(entry.data["speaker"])
            rows.append(
                {
                    "quote_id": entry.key,
                    "appearance_id": entry.data["appearance"],
                    "source_id": source,
                    "speaker_id": entry.data["speaker"],
                    "kind": entry.data["kind"],
                    "question_id": _opt_str(entry, "answers"),
                    "text": text,
                    "language": _opt_str(entry, "language") or language,
                    "text_en": entry.data["text_en"],
                    "topics": entry.data["topics"],
                    "span_start": start,
                    "span_end": end,
                }
            )
        return rows

    def claims(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["claims"]:
            source, scope, _ = self._appearance(entry)
            quote = self._linked_span(entry, "quote", self.quote_span, self.quote_appearance)
            if quote is not None:
                scope = Scope(quote[1], quote[2], f"the span of quote {quote[0]!r}")
            start, end = self._find(entry, source, entry.data["passage"], scope, key="passage")
            self.claim_span[entry.key] = (start, end)
            self.claim_appearance[entry.key] = str(entry.data["appearance"])
            rows.append(
                {
                    "claim_id": entry.key,
                    "appearance_id": entry.data["appearance"],
                    "claimant_id": _opt_str(entry, "claimant"),
                    "quote_id": quote[0] if quote else None,
                    "statement_en": entry.data["statement_en"],
                    "claim_type": entry.data["claim_type"],
                    "topics": entry.data["topics"],
                    "text": self.texts[source][start:end],
                    "span_start": start,
                    "span_end": end,
                    "reported_from": _opt_str(entry, "reported_from"),
                    "same_as": _opt_str(entry, "same_as"),
                }
            )
        return rows

    def _narrow_scope(self, entry: _Entry, scope: Scope) -> tuple[Scope, str | None, str | None]:
        quote = self._linked_span(entry, "quote", self.quote_span, self.quote_appearance)
        claim = self._linked_span(entry, "claim", self.claim_span, self.claim_appearance)
        if claim is not None:
            scope = Scope(claim[1], claim[2], f"the passage of claim {claim[0]!r}")
        elif quote is not None:
            scope = Scope(quote[1], quote[2], f"the span of quote {quote[0]!r}")
        return scope, quote[0] if quote else None, claim[0] if claim else None

    def statistics(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["statistics"]:
            source, scope, _ = self._appearance(entry)
            scope, quote_id, claim_id = self._narrow_scope(entry, scope)
            start, end = self._find(entry, source, entry.data["text"], scope)
            data = entry.data
            rows.append(
                {
                    "statistic_id": entry.key,
                    "appearance_id": data["appearance"],
                    "quote_id": quote_id,
                    "claim_id": claim_id,
                    "text": self.texts[source][start:end],
                    "value": data.get("value"),
                    "low": data.get("low"),
                    "high": data.get("high"),
                    "approximate": data.get("approximate", False),
                    "unit": data["unit"],
                    "currency": _opt_str(entry, "currency"),
                    "per": _opt_str(entry, "per"),
                    "duration_unit": _opt_str(entry, "duration_unit"),
                    "measure_en": data["measure_en"],
                    "reference_year": _opt_int(entry, "reference_year"),
                    "place_id": _opt_str(entry, "place"),
                    "attributed_to": _opt_str(entry, "attributed_to"),
                    "span_start": start,
                    "span_end": end,
                }
            )
        return rows

    def mentions(self) -> list[Row]:
        rows: list[Row] = []
        for entry in self.by_kind["mentions"]:
            source, scope, _ = self._appearance(entry)
            scope, quote_id, claim_id = self._narrow_scope(entry, scope)
            start, end = self._find(entry, source, entry.data["text"], scope)
            rows.append(
                {
                    "mention_id": entry.key,
                    "place_id": entry.data["place"],
                    "appearance_id": entry.data["appearance"],
                    "quote_id": quote_id,
                    # the speaker of the quote the mention is in, derived, never annotated
                    "speaker_id": None if quote_id is None else self.quote_speaker.get(quote_id),
                    "claim_id": claim_id,
                    "text": self.texts[source][start:end],
                    "role": entry.data["role"],
                    "span_start": start,
                    "span_end": end,
                }
            )
        return rows

    def exemptions(self) -> list[Exemption]:
        found: list[Exemption] = []
        for entry in self.by_kind["exemptions"]:
            source = self._source_of(entry)
            whole = Scope(0, len(self.texts[source]), f"source {source!r}")
            occurrence = _opt_int(entry, "occurrence")
            start, end = find_span(
                self.folded[source],
                str(entry.data["paragraph"]),
                whole,
                where=f"{entry.where} (paragraph)",
                occurrence=occurrence,
            )
            found.append(Exemption(entry.key, source, start, end, str(entry.data["reason"]), entry.file))
        return found


def _section_entries(path: Path, root: Path) -> list[_Entry]:
    document = _read_toml(path, root)
    source = document.pop("source", None)
    name = str(path.relative_to(root))
    if not isinstance(source, str):
        raise AnnotationError(
            f'{name}: missing top-level source = "<source id>" naming the annotated document'
        )
    allowed = (*_SECTIONS, "people", "places")
    entries: list[_Entry] = []
    for kind, records in document.items():
        if kind not in allowed:
            raise AnnotationError(
                f"{name}: unknown section [[{kind}]]; a file here may hold "
                + ", ".join(f"[[{a}]]" for a in allowed)
            )
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise AnnotationError(f"{name}: {kind} must be an array of tables, written [[{kind}]]")
        for record in records:
            entry = _Entry(kind, record, name)
            _check_keys(entry)
            if kind in _SECTIONS:  # remember the file's source for span lookups
                entry = _Entry(kind, {**record, "__source__": source}, name)
            entries.append(entry)
    return entries


def read_errata(root: Path) -> list[ErratumReason]:
    """Read the stated reasons of ``root/errata.toml`` (none when the file is absent).

    Each ``[[errata]]`` entry names the release (``version``), the record (``table`` and
    ``key``), optionally one ``column``, and the ``reason`` in words.
    """
    path = Path(root) / ERRATA_FILE
    if not path.is_file():
        return []
    document = _read_toml(path, Path(root))
    unknown_sections = sorted(set(document) - {"errata"})
    if unknown_sections:
        raise AnnotationError(
            f"{ERRATA_FILE}: unknown section(s) {', '.join(unknown_sections)}; it holds [[errata]] only"
        )
    records = document.get("errata", [])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise AnnotationError(f"{ERRATA_FILE}: errata must be an array of tables, written [[errata]]")
    required, optional = _ERRATA_KEYS
    found: list[ErratumReason] = []
    for number, record in enumerate(records, start=1):
        where = f"{ERRATA_FILE}: erratum #{number} ({record.get('table')}/{record.get('key')})"
        missing = sorted(required - set(record))
        unknown = sorted(set(record) - required - optional)
        if missing or unknown:
            raise AnnotationError(
                f"{where}: missing {', '.join(missing) or 'nothing'}, unknown {', '.join(unknown) or 'nothing'}; "
                f"accepted: {', '.join(sorted(required | optional))}"
            )
        values = {k: record.get(k) for k in required | optional}
        if not all(isinstance(values[k], str) and values[k].strip() for k in required) or not (
            values["column"] is None or isinstance(values["column"], str)
        ):
            raise AnnotationError(f"{where}: version, table, key, reason and column must be strings")
        found.append(
            ErratumReason(
                str(values["version"]),
                str(values["table"]),
                str(values["key"]),
                values["column"],
                str(values["reason"]),
                where,
            )
        )
    return found


def read_corpus(root: Path, *, only: Iterable[str] = ()) -> AnnotatedCorpus:
    """Read and resolve every annotation file of the corpus directory ``root``.

    Raises :class:`~digital_labor_corpus.exceptions.AnnotationError` naming the file and
    the record at the first problem found.

    Examples
    --------
    >>> from pathlib import Path
    >>> corpus = read_corpus(Path("corpus"))  # doctest: +SKIP
    >>> sorted(corpus.tables)[:3]  # doctest: +SKIP
    ['appearances', 'claims', 'people']
    """
    root = Path(root)
    entries: list[_Entry] = []
    for register in _REGISTERS:
        path = root / f"{register}.toml"
        if not path.is_file():
            raise AnnotationError(f"{path}: missing; a corpus directory needs {register}.toml")
        entries.extend(_entries(path, root, (register,)))
    section_dir = root / "annotations"
    only = tuple(only)
    for path in sorted(section_dir.glob("*.toml")):
        if only and not any(part in path.name for part in only):
            continue
        entries.extend(_section_entries(path, root))
    resolver = _Resolver(root, entries)
    tables: dict[str, list[Row]] = {}
    tables["sources"] = resolver.sources()
    tables["people"] = resolver.people()
    tables["places"] = resolver.places()
    tables["topics"] = resolver.topics()
    tables["appearances"] = resolver.appearances()
    tables["quotes"] = resolver.quotes()
    tables["claims"] = resolver.claims()
    tables["statistics"] = resolver.statistics()
    tables["place_mentions"] = resolver.mentions()
    table_of = {kind: kind for kind in _KEYS} | {"mentions": "place_mentions"}
    origins = {(table_of[e.kind], e.key): e.file for e in entries}
    return AnnotatedCorpus(
        tables=tables,
        exemptions=resolver.exemptions(),
        origins=origins,
        errata=read_errata(root),
    )
