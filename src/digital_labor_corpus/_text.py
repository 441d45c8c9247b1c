"""Typography-insensitive text folding shared by the build and the search helpers.

The source keeps the page's typography (curly apostrophes and quotes, no-break and thin
spaces). Folding maps each such character to the one a user types, one character for
one character, so that an offset into the folded text is the same offset into the
original.
"""

from __future__ import annotations

__all__ = ["fold_typography"]

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
