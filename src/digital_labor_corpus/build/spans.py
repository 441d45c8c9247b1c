"""Find verbatim annotation texts in the source and turn them into offsets."""

from __future__ import annotations

import attrs

from digital_labor_corpus.exceptions import AnnotationError
from digital_labor_corpus.queries.folding import fold_typography

__all__ = ["Scope", "find_span"]


@attrs.frozen
class Scope:
    """A half-open range of the source in which a text must be found, with a name for errors."""

    start: int
    end: int
    name: str


def _occurrences(folded_source: str, needle: str, scope: Scope) -> list[int]:
    found: list[int] = []
    at = folded_source.find(needle, scope.start, scope.end)
    while at != -1:
        found.append(at)
        at = folded_source.find(needle, at + 1, scope.end)
    return found


def find_span(
    folded_source: str,
    text: str,
    scope: Scope,
    *,
    where: str,
    occurrence: int | None = None,
    within: str | None = None,
) -> tuple[int, int]:
    """Return ``(start, end)`` of ``text`` inside ``scope`` of the folded source.

    ``text`` (and ``within``) are folded the same way as the source, so a straight
    apostrophe or a plain space typed by an annotator matches the page's typography.
    The text must occur exactly once in the scope, unless ``occurrence`` (1-based) picks
    one of several, or ``within`` names a longer passage, unique in the scope, that
    contains it.

    Examples
    --------
    >>> src = fold_typography("Il y a 10 ans, 10 pays.")
    >>> find_span(src, "10 pays", Scope(0, len(src), "source"), where="example")
    (15, 22)
    >>> find_span(src, "10", Scope(0, len(src), "source"), where="example", occurrence=2)
    (15, 17)
    """
    if not text or not text.strip():
        raise AnnotationError(
            f"{where}: the verbatim text is empty; write the words as the source gives them"
        )
    if text != text.strip():
        raise AnnotationError(f"{where}: the verbatim text {text!r} starts or ends with white space; trim it")
    if within is not None:
        outer_start, outer_end = find_span(folded_source, within, scope, where=f"{where} (within)")
        scope = Scope(outer_start, outer_end, f"the passage {within[:40]!r}…")
    needle = fold_typography(text)
    found = _occurrences(folded_source, needle, scope)
    shown = text if len(text) <= 60 else text[:57] + "..."
    if not found:
        raise AnnotationError(
            f"{where}: the text {shown!r} is not in {scope.name} "
            f"[{scope.start}:{scope.end}]; copy it verbatim from the source"
        )
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            raise AnnotationError(
                f"{where}: occurrence = {occurrence} but {shown!r} occurs "
                f"{len(found)} time(s) in {scope.name}; use a number from 1 to {len(found)}"
            )
        start = found[occurrence - 1]
    elif len(found) > 1:
        raise AnnotationError(
            f"{where}: the text {shown!r} occurs {len(found)} times in {scope.name}; "
            "add occurrence = N or within = '''a longer unique passage'''"
        )
    else:
        start = found[0]
    return start, start + len(needle)
