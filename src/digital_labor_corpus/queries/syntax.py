"""The query language of full-text search, checked and translated to an SQLite FTS5 expression.

What a user types (docs/query.md has the full description):

- words: ``travail clic`` finds the records that hold every word, in any order;
- ``"travail du clic"``: the words in this order, next to each other (a phrase);
- ``modér*``: any word that starts with ``modér``;
- ``clic OR click``, ``travail AND clic``, ``travail NOT clic``: operators, in capitals
  (``or`` and ``not`` in lower case are words); parentheses group them;
- ``NEAR(plateforme Madagascar, 5)``: the words at most 5 words apart (10 by default).

Every word goes to FTS5 as a quoted string, so no character a user types can break the
expression: ``l'IA`` and ``micro-tâches`` are phrases of two words, exactly as the text
was indexed. A word without a letter or digit (``—``, ``…``) is dropped. A malformed
query (an unclosed quote, an operator without words on both sides, an unbalanced
parenthesis) is an :class:`~digital_labor_corpus.exceptions.InvalidArgumentError` that
says what is wrong.

Examples
--------
>>> print(to_fts5("Travail du clic"))
("Travail" AND "du" AND "clic")
>>> print(to_fts5('"le travail" OR modér*'))
("le travail" OR "modér"*)
>>> print(to_fts5("NEAR(plateforme Madagascar, 5) NOT Égypte"))
(NEAR("plateforme" "Madagascar", 5) NOT "Égypte")
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.queries.folding import fold_words

__all__ = ["MAX_WORDS", "to_fts5"]

MAX_WORDS = 1000
"""The most words a query may hold: enough to paste a whole answer, not a book."""

_MAX_DEPTH = 32
_OPERATORS = ("AND", "OR", "NOT")
_NEAR_DISTANCE = 10
_EXAMPLES = 'for example: travail clic, "travail du clic", modér*, clic OR click, travail NOT clic'


@dataclasses.dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "term", "AND", "OR", "NOT", "(", ")"
    text: str  # the FTS5 text of a term; the operator or parenthesis otherwise
    at: int  # where it starts in the folded query


def _bad(query: str, problem: str) -> InvalidArgumentError:
    shown = query if len(query) <= 80 else query[:77] + "..."
    return InvalidArgumentError(f"Cannot search for {shown!r}: {problem} ({_EXAMPLES})")


def _has_word(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def _string(words: str, prefix: bool) -> str:
    """One FTS5 string (a phrase of the words FTS5 finds in it), with ``*`` for a prefix."""
    escaped = words.replace('"', '""')
    return f'"{escaped}"' + ("*" if prefix else "")


def _lex(query: str, folded: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(folded):
        char = folded[at]
        if char.isspace():
            at += 1
        elif char in "()":
            tokens.append(_Token(char, char, at))
            at += 1
        elif char == '"':
            end = folded.find('"', at + 1)
            if end == -1:
                raise _bad(query, 'a quote opens a phrase that is never closed: add the closing "')
            phrase = folded[at + 1 : end]
            prefix = end + 1 < len(folded) and folded[end + 1] == "*"
            if _has_word(phrase):
                tokens.append(_Token("term", _string(phrase, prefix), at))
            at = end + 1 + (1 if prefix else 0)
        else:
            match = re.compile(r'[^\s()"]+').match(folded, at)
            assert match is not None  # the character is none of those handled above
            chunk = match.group()
            at = match.end()
            if chunk in _OPERATORS:
                tokens.append(_Token(chunk, chunk, match.start()))
            elif chunk == "NEAR" and folded.startswith("(", at):
                near, at = _near(query, folded, at + 1)
                tokens.append(_Token("term", near, match.start()))
            elif chunk.endswith("*") and not _has_word(chunk[:-1]) and chunk.strip("*"):
                continue  # punctuation and a star: nothing to find
            elif chunk.endswith("*"):
                stem = chunk.rstrip("*")
                if not _has_word(stem):
                    raise _bad(query, "a * must end a word, to find the words that start with it (modér*)")
                tokens.append(_Token("term", _string(stem, prefix=True), match.start()))
            elif _has_word(chunk):
                tokens.append(_Token("term", _string(chunk, prefix=False), match.start()))
    return tokens


def _near(query: str, folded: str, at: int) -> tuple[str, int]:
    """The FTS5 ``NEAR(...)`` group that starts at ``at`` (just after its parenthesis)."""
    end = folded.find(")", at)
    if end == -1:
        raise _bad(query, "NEAR( is never closed: write NEAR(word word, 5)")
    inside = folded[at:end]
    distance = _NEAR_DISTANCE
    if "," in inside:
        inside, _, number = inside.rpartition(",")
        if not number.strip().isdigit():
            raise _bad(query, f"the distance of NEAR must be a whole number of words, not {number.strip()!r}")
        distance = int(number.strip())
    terms = _lex(query, inside)
    if any(token.kind != "term" or token.text.startswith("NEAR(") for token in terms) or len(terms) < 2:
        raise _bad(query, "NEAR takes two or more words or phrases and a distance: NEAR(word word, 5)")
    return f"NEAR({' '.join(token.text for token in terms)}, {distance})", end + 1


class _Parser:
    """A recursive-descent parser that writes a fully parenthesised FTS5 expression.

    ``query := any (OR any)*``, ``any := none ([AND] none)*``, ``none := item (NOT item)*``,
    ``item := term | ( query )``: NOT binds tighter than AND, AND tighter than OR.
    """

    def __init__(self, query: str, tokens: list[_Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def parse(self) -> str:
        result = self.either()
        if self.peek() == ")":
            raise _bad(self.query, "a ) closes a parenthesis that was never opened")
        return result

    def either(self) -> str:
        parts = [self.every()]
        while self.peek() == "OR":
            self.at += 1
            parts.append(self.every("OR"))
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def every(self, after: str | None = None) -> str:
        parts = [self.without(after)]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.at += 1
                if self.peek() == "NOT":  # "a AND NOT b" reads as "a NOT b"
                    self.at += 1
                    parts[-1] = f"({parts[-1]} NOT {self.item('NOT')})"
                    continue
                parts.append(self.without("AND"))
            else:
                parts.append(self.without())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def without(self, after: str | None = None) -> str:
        result = self.item(after)
        while self.peek() == "NOT":
            self.at += 1
            result = f"({result} NOT {self.item('NOT')})"
        return result

    def item(self, after: str | None) -> str:
        kind = self.peek()
        if kind == "term":
            self.at += 1
            return self.tokens[self.at - 1].text
        if kind == "(":
            self.at += 1
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise _bad(self.query, f"parentheses nest more than {_MAX_DEPTH} deep")
            if self.peek() == ")":
                raise _bad(self.query, "the parentheses hold no word")
            inner = self.either()
            if self.peek() != ")":
                raise _bad(self.query, "a ( is never closed: add the )")
            self.at += 1
            self.depth -= 1
            return inner if inner.startswith("(") else f"({inner})"
        if after is not None:
            raise _bad(self.query, f"{after} needs words on both sides")
        if kind in _OPERATORS:
            raise _bad(self.query, f"{kind} needs words on both sides")
        if kind == ")":
            raise _bad(self.query, "a ) closes a parenthesis that was never opened")
        raise _bad(self.query, "it holds no word to find: give at least one letter or digit")


def _tokens(text: object) -> tuple[str, list[_Token]]:
    if not isinstance(text, str):
        message = f"The search text must be a string, not {text!r}"
        raise InvalidArgumentError(message)
    folded = fold_words(text)
    tokens = _lex(text, folded)
    if not any(token.kind == "term" for token in tokens):
        raise _bad(text, "it holds no word to find: give at least one letter or digit")
    words = sum(len(re.findall(r"\w+", token.text)) for token in tokens if token.kind == "term")
    if words > MAX_WORDS:
        raise _bad(text, f"it holds {words:,} words; a query holds at most {MAX_WORDS:,}")
    return folded, tokens


def to_fts5(text: object) -> str:
    """The SQLite FTS5 expression of a query typed in the corpus's query language.

    Parameters
    ----------
    text
        The query: words, ``"phrases"``, ``prefix*``, ``AND``, ``OR``, ``NOT``,
        ``NEAR(a b, N)`` and parentheses.

    Returns
    -------
    str
        An FTS5 expression in which every word is a quoted string.

    Raises
    ------
    InvalidArgumentError
        For a query that is not a string, holds no word, or is malformed (an unclosed
        quote, an operator without words on both sides, unbalanced parentheses).

    Examples
    --------
    >>> print(to_fts5("d’œuvre micro-tâches"))
    ("d'oeuvre" AND "micro-tâches")
    >>> to_fts5("clic OR")
    Traceback (most recent call last):
    ...
    digital_labor_corpus.exceptions.InvalidArgumentError: Cannot search for 'clic OR': OR needs words on both sides ...
    """
    _, tokens = _tokens(text)
    return _Parser(str(text), tokens).parse()
