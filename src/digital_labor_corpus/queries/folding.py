"""Typography-insensitive text folding shared by the build and the search helpers.

The source keeps the page's typography (curly apostrophes and quotes, no-break and thin
spaces). Folding maps each such character to the one a user types, one character for
one character, so that an offset into the folded text is the same offset into the
original.

:func:`fold_search` goes further for matching what a user types against names and text:
it also drops case and accents and collapses runs of spaces, so it does not keep offsets.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold_search", "fold_typography"]

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
