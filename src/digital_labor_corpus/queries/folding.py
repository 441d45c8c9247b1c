"""Typography-insensitive text folding shared by the build, the name resolvers and full-text search.

The source keeps the page's typography (curly apostrophes and quotes, no-break and thin
spaces). Folding maps each such character to the one a user types, one character for
one character, so that an offset into the folded text is the same offset into the
original.

:func:`fold_search` goes further for matching what a user types against names and text:
it also drops case and accents and collapses runs of spaces, so it does not keep offsets.

:func:`fold_words` is what full-text search applies, identically, to every indexed text
and to every query before SQLite's ``unicode61`` tokenizer (which drops case and accents
itself): it spells out ligatures and ellipses and plains apostrophes and spaces, and never
moves a word boundary, so that a word's position in the folded text is its position in
the original.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_search", "fold_typography", "fold_words"]

_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the French apostrophe
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
    }
)


def fold_typography(text: str) -> str:
    """Return ``text`` with curly quotes and special spaces replaced by plain ones.

    The result has exactly the same length as ``text``, so offsets carry over.

    Examples
    --------
    >>> fold_typography("l\u2019IA\u00a0!")
    "l'IA !"
    >>> len(fold_typography("a\u2009b")) == len("a\u2009b")
    True
    """
    return text.translate(_TYPOGRAPHY)


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold_search(text: str) -> str:
    """Return ``text`` folded for matching: no case, no accents, plain apostrophes and spaces.

    Curly apostrophes and quotes become straight ones, every kind of space becomes one
    plain space (runs of spaces collapse, ends are stripped), accents are dropped and the
    ligatures œ and æ are spelt out. Unlike :func:`fold_typography`, lengths and offsets
    do not carry over.

    Examples
    --------
    >>> fold_search("L\u2019Œuvre de la Modération\u00a0 ")
    "l'oeuvre de la moderation"
    >>> fold_search("ÉGYPTE") == fold_search("egypte")
    True
    """
    decomposed = unicodedata.normalize("NFKD", fold_typography(text).translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


# One character for one: every control character, NUL included, every kind of space, and
# lone surrogates (not text) become a space; the rest is replaced string by string.
_SEPARATORS = re.compile("[\x00-\x1f\x7f\u00a0\u2000-\u200a\u202f\u205f\u3000\ud800-\udfff]")
_REPLACED = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2026", "..."),  # horizontal ellipsis
    ("\u0153", "oe"),
    ("\u0152", "OE"),
    ("\u00e6", "ae"),
    ("\u00c6", "AE"),
)


def fold_words(text: str) -> str:
    """Return ``text`` as full-text search indexes and queries it.

    Ligatures are spelt out (œ → oe, æ → ae), the ellipsis becomes three dots, curly
    apostrophes and quotes become straight ones, every kind of space and every control
    character a plain space, and a lone surrogate (which is not text) a space. Case and
    accents are left to SQLite's ``unicode61 remove_diacritics 2`` tokenizer. No word is
    split or joined: a word's position is the same in ``text`` and in the result.

    Examples
    --------
    >>> fold_words("d\u2019\u0153uvre\u00a0: d\u00e9pendances\u2026")
    "d'oeuvre : dépendances..."
    >>> fold_words(fold_words("C\u00e6sar\u2026")) == fold_words("C\u00e6sar\u2026")
    True
    """
    for old, new in _REPLACED:  # str.replace, skipped when absent, is several times faster than translate
        if old in text:
            text = text.replace(old, new)
    return _SEPARATORS.sub(" ", text)
