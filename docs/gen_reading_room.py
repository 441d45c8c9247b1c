"""Write the reading room into the site when it is built.

mkdocs-gen-files runs this script during ``mkdocs build`` (see ``mkdocs.yml``): it writes
``reading-room.html``, the static page of
:mod:`digital_labor_corpus.publishing.readingroom`, from the newest dataset version. The
page ``reading-room.md`` (checked in) introduces it. Nothing here reaches the network.
"""

from __future__ import annotations

PAGE = "reading-room.html"


def main() -> None:
    """Write the reading room into the site being built."""
    import mkdocs_gen_files

    from digital_labor_corpus.publishing.readingroom import page

    with mkdocs_gen_files.open(PAGE, "w", encoding="utf-8") as out:
        out.write(page())


if __name__ == "<run_path>":  # run by mkdocs-gen-files
    main()
