"""How completely a dataset version annotates its source documents.

A *paragraph* is a line of a source that holds more than white space. A paragraph is
covered when some quote or claim overlaps it; paragraphs that hold neither on purpose
(headings, captions, episode titles, bylines, bare press references) are listed, with
the reason, in the version's reviewed exemption list.

Examples
--------
>>> report = coverage()
>>> report.uncovered
[]
>>> 0.9 < report.share_in_appearances <= 1.0
True
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from digital_labor_corpus.exceptions import CorpusIntegrityError
from digital_labor_corpus.schema.arguments import checked

__all__ = ["CoverageReport", "Paragraph", "coverage", "coverage_of", "paragraphs"]

EXEMPTIONS = "coverage-exemptions.json"


@attrs.frozen
class Paragraph:
    """One paragraph of a source and what annotates it."""

    source_id: str
    line: int
    span_start: int
    span_end: int
    text: str
    n_quotes: int
    n_claims: int
    exempt_reason: str | None

    @property
    def covered(self) -> bool:
        """True when a quote or claim overlaps the paragraph."""
        return self.n_quotes + self.n_claims > 0


@attrs.frozen
class CoverageReport:
    """Coverage of one dataset version."""

    version: str
    share_in_appearances: float
    paragraphs: list[Paragraph]

    @property
    def uncovered(self) -> list[Paragraph]:
        """Paragraphs with neither quote nor claim that are not exempt.

        Examples
        --------
        >>> from digital_labor_corpus import coverage
        >>> coverage().uncovered
        []
        """
        return [p for p in self.paragraphs if not p.covered and p.exempt_reason is None]

    @property
    def exempted(self) -> list[Paragraph]:
        """Paragraphs with neither quote nor claim that the exemption list covers.

        Examples
        --------
        >>> from digital_labor_corpus import coverage
        >>> sorted({p.exempt_reason for p in coverage().exempted})[:2]
        ['bare reference', 'byline']
        """
        return [p for p in self.paragraphs if not p.covered and p.exempt_reason is not None]

    @property
    def share_of_paragraphs_covered(self) -> float:
        """Share of paragraphs that hold a quote or a claim.

        Examples
        --------
        >>> from digital_labor_corpus import coverage
        >>> 0.5 < coverage().share_of_paragraphs_covered <= 1
        True
        """
        if not self.paragraphs:
            return 0.0
        return sum(p.covered for p in self.paragraphs) / len(self.paragraphs)


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """Return ``(line_number, start, end)`` of every non-blank line of ``text``.

    Examples
    --------
    >>> paragraphs("Titre\\n\\nUn paragraphe.\\n  \\nFin")
    [(0, 0, 5), (2, 7, 21), (4, 25, 28)]
    """
    found = []
    start = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            found.append((number, start, start + len(line)))
        start += len(line) + 1
    return found


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(1 for s, e in spans if s < end and start < e)


def coverage_of(
    tables: dict[str, Any], exemptions: list[dict[str, Any]], version: str = "unknown"
) -> CoverageReport:
    """Compute the coverage report of in-memory ``tables`` (name to ``pyarrow.Table``).

    Examples
    --------
    >>> import digital_labor_corpus as dlc
    >>> tables = {name: dlc.load(name) for name in dlc.tables()}
    >>> report = coverage_of(tables, exemptions=[], version="mine")
    >>> report.version, report.share_in_appearances > 0.99
    ('mine', True)
    >>> len(report.uncovered) > 0  # without the exemption list, headings count as uncovered
    True
    """
    sources = tables["sources"].to_pylist()
    appearances = tables["appearances"].to_pylist()
    quote_spans: dict[str, list[tuple[int, int]]] = {}
    for row in tables["quotes"].select(["source_id", "span_start", "span_end"]).to_pylist():
        quote_spans.setdefault(row["source_id"], []).append((row["span_start"], row["span_end"]))
    source_of = {a["appearance_id"]: a["source_id"] for a in appearances}
    claim_spans: dict[str, list[tuple[int, int]]] = {}
    for row in tables["claims"].select(["appearance_id", "span_start", "span_end"]).to_pylist():
        source_id = source_of.get(row["appearance_id"], "")
        claim_spans.setdefault(source_id, []).append((row["span_start"], row["span_end"]))
    exempt = {(e["source_id"], e["span_start"], e["span_end"]): e["reason"] for e in exemptions}
    # (a paragraph is exempt when an exemption's text starts inside it)
    found: list[Paragraph] = []
    inside = total = 0
    for source in sources:
        text = source["text"]
        total += len(text)
        covered_chars = [False] * len(text)
        for appearance in appearances:
            if appearance["source_id"] == source["source_id"] and appearance["parent_id"] is None:
                covered_chars[appearance["span_start"] : appearance["span_end"]] = [True] * (
                    appearance["span_end"] - appearance["span_start"]
                )
        inside += sum(covered_chars)
        for line, start, end in paragraphs(text):
            reason = None
            for (source_id, s, _end), why in exempt.items():
                if source_id == source["source_id"] and start <= s < end:
                    reason = why  # an exemption names its paragraph by a verbatim prefix
            found.append(
                Paragraph(
                    source_id=source["source_id"],
                    line=line,
                    span_start=start,
                    span_end=end,
                    text=text[start:end],
                    n_quotes=_overlaps(quote_spans.get(source["source_id"], []), start, end),
                    n_claims=_overlaps(claim_spans.get(source["source_id"], []), start, end),
                    exempt_reason=reason,
                )
            )
    share = inside / total if total else 0.0
    return CoverageReport(version=version, share_in_appearances=share, paragraphs=found)


@checked
def coverage(version: str | None = None) -> CoverageReport:
    """Return the coverage report of a shipped dataset version (the newest by default).

    Examples
    --------
    >>> [p.line for p in coverage().uncovered]
    []
    """
    from digital_labor_corpus.schema.catalog import tables_in
    from digital_labor_corpus.store.storage import shipped_store

    store = shipped_store()
    manifest = store.manifest(version)
    resolved = manifest.dataset_version
    digest = manifest.files.get(EXEMPTIONS)
    exemptions: list[dict[str, Any]] = []
    if digest is not None:
        raw = store.verified_bytes(resolved, EXEMPTIONS, digest)
        try:
            exemptions = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            message = f"{store.name}/{resolved}/{EXEMPTIONS} is unreadable: {error}"
            raise CorpusIntegrityError(message) from None
    data = {name: store.table(name, resolved) for name in tables_in(resolved)}
    return coverage_of(data, exemptions, resolved)
