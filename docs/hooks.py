"""MkDocs hooks: links to repository files, and the Sphinx roles of the docstrings.

Pages in ``docs/`` link to ``../CHANGELOG.md``, ``../LICENSE`` and other files at the root
of the repository, so that they work when read on a forge. The site publishes those files
as pages of its own (``changelog.md`` includes the changelog ...); :func:`on_page_markdown`
rewrites exactly those links, so that every other link outside the docs still fails the
strict build.

The docstrings name objects with Sphinx roles (``:func:`load```), which Markdown shows
as they are; :func:`on_page_content` drops the role and keeps the name as code.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

# A file at the root of the repository -> the page of the site that publishes it.
PUBLISHED = {
    "CHANGELOG.md": "changelog.md",
    "LICENSE": "licences.md#code",
    "LICENSE-DATA": "licences.md#annotations",
    "CITATION.cff": "citation.md",
    "README.md": "index.md",
}

_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def rewrite_links(markdown: str, page_path: str) -> str:
    """Rewrite the links of the page at ``page_path`` (relative to docs/) to published files.

    >>> rewrite_links("see [the licence](../LICENSE-DATA) and [x](../src/x.py)", "data-card.md")
    'see [the licence](licences.md#annotations) and [x](../src/x.py)'
    >>> rewrite_links("[log](../../CHANGELOG.md#100)", "review/page.md")
    '[log](../changelog.md#100)'
    """
    folder = posixpath.dirname(page_path)

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join("docs", folder, match["target"]))
        if target not in PUBLISHED:
            return match.group(0)
        published = PUBLISHED[target]
        if match["anchor"] and "#" not in published:
            published += match["anchor"]
        return f"]({posixpath.relpath(published, folder or '.')})"

    return _LINK.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """MkDocs event: rewrite the page's links to repository files before it is rendered."""
    return rewrite_links(markdown, page.file.src_uri)


_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):(?=<code>)")


def drop_roles(html: str) -> str:
    """Remove the Sphinx role before a code name in rendered HTML.

    >>> drop_roles("see :func:<code>load</code> and :class:<code>Corpus</code>")
    'see <code>load</code> and <code>Corpus</code>'
    """
    return _ROLE.sub("", html)


def on_page_content(html: str, **_: Any) -> str:
    """MkDocs event: drop the Sphinx roles of the rendered docstrings."""
    return drop_roles(html)
