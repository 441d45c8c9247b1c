"""Draw the figures of the documentation from the shipped data, when the site is built.

mkdocs-gen-files runs this script during ``mkdocs build`` (see ``mkdocs.yml``): it writes
``figures.md`` and its SVG figures into the site, drawn from the newest dataset version.
Nothing it makes is checked in, so the figures always show the data the package ships.

The functions are importable on their own (the tests draw the figures without MkDocs).
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

TIMELINE = "figures/appearances-by-medium.svg"
PLACES = "figures/places-by-country-and-role.svg"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "digital-labor-corpus",  # stable ids: the same data gives the same file
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(figure)
    return buffer.getvalue()


def timeline_svg(version: str | None = None) -> str:
    """A timeline of the appearances: one row per medium, one mark per appearance.

    A filled mark is dated to the day; a hollow one only to the month or the year, and
    drawn on the first day of it.
    """
    import digital_labor_corpus as dlc
    from digital_labor_corpus.schema.vocabularies import MEDIUM

    appearances = dlc.load("appearances", version=version, columns=["date", "date_precision", "medium"])
    rows = appearances.to_pylist()
    media = [m for m in MEDIUM if any(r["medium"] == m for r in rows)]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 0.6 * len(media) + 1.4))
    colours = plt.get_cmap("tab10")
    seen: Counter[tuple[str, Any]] = Counter()
    for row in rows:
        level = media.index(row["medium"])
        offset = 0.12 * (seen[(row["medium"], row["date"])] % 3)  # items of the same day, side by side
        seen[(row["medium"], row["date"])] += 1
        precise = row["date_precision"] == "day"
        colour = colours(level)
        axes.scatter(
            [row["date"]],
            [level + offset],
            s=60,
            marker="o",
            facecolors=colour if precise else "white",
            edgecolors=colour,
            linewidths=1.5,
            zorder=3,
        )
    counts = Counter(r["medium"] for r in rows)
    axes.set_yticks(range(len(media)), [f"{m} ({counts[m]})" for m in media])
    axes.set_ylim(-0.6, len(media) - 0.4)
    axes.invert_yaxis()
    axes.grid(axis="x", linestyle=":", linewidth=0.8)
    axes.set_xlabel("date (hollow mark: known to the month or year only)")
    axes.set_title(f"Appearances by medium, dataset version {version or dlc.versions()[-1]}", loc="left")
    return _svg(figure)


def _country_of(place: dict[str, Any], by_code: dict[str, str]) -> str:
    code: str | None = place["iso_3166_1"]
    if code is None:
        return f"{place['name_en']} *"
    return by_code.get(code, code)


def place_counts(version: str | None = None) -> dict[str, Counter[str]]:
    """Mentions of places per country (regions marked ``*``) and role, most mentioned first."""
    import digital_labor_corpus as dlc

    places = {p["place_id"]: p for p in dlc.load("places", version=version).to_pylist()}
    by_code = {
        p["iso_3166_1"]: p["name_en"] for p in places.values() if p["kind"] == "country" and p["iso_3166_1"]
    }
    counts: dict[str, Counter[str]] = {}
    for mention in dlc.load("place_mentions", version=version, columns=["place_id", "role"]).to_pylist():
        country = _country_of(places[mention["place_id"]], by_code)
        counts.setdefault(country, Counter())[mention["role"]] += 1
    return dict(sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def places_svg(version: str | None = None) -> str:
    """A stacked bar per country (or region), one segment per role of the mentions."""
    import digital_labor_corpus as dlc
    from digital_labor_corpus.schema.vocabularies import ROLE

    counts = place_counts(version)
    names = list(counts)
    roles = [r for r in ROLE if any(c[r] for c in counts.values())]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 0.28 * len(names) + 1.6))
    colours = plt.get_cmap("tab10")
    left = [0] * len(names)
    for index, role in enumerate(roles):
        widths = [counts[name][role] for name in names]
        axes.barh(names, widths, left=left, color=colours(index), label=role.replace("_", " "))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("mentions (* a continent or multi-country region)")
    axes.grid(axis="x", linestyle=":", linewidth=0.8)
    axes.legend(title="role", frameon=False, loc="lower right")
    axes.set_title(
        f"Places mentioned, by country and role, dataset version {version or dlc.versions()[-1]}", loc="left"
    )
    return _svg(figure)


def page_markdown(version: str | None = None) -> str:
    """The figures page, with a table of the numbers under each figure."""
    import digital_labor_corpus as dlc
    from digital_labor_corpus.schema.vocabularies import MEDIUM, ROLE

    version = version or dlc.versions()[-1]
    appearances = dlc.load("appearances", version=version, columns=["date", "medium"]).to_pylist()
    years = sorted({row["date"].year for row in appearances})
    by_year = Counter((row["date"].year, row["medium"]) for row in appearances)
    media = [m for m in MEDIUM if any(row["medium"] == m for row in appearances)]
    out = [
        "# The corpus in figures\n\n",
        f"Drawn from dataset version {version} when this site was built (by `docs/gen_figures.py`), "
        "so they always show the data the package ships. The numbers under each figure are the "
        "same data as a table.\n\n",
        "## Appearances by medium\n\n",
        f"![A timeline of the appearances, one row per medium]({TIMELINE})\n\n",
        "| year | " + " | ".join(media) + " | all |\n",
        "|---|" + "---:|" * (len(media) + 1) + "\n",
    ]
    for year in years:
        cells = [by_year[(year, m)] for m in media]
        out.append(f"| {year} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |\n")
    counts = place_counts(version)
    roles = [r for r in ROLE if any(c[r] for c in counts.values())]
    out += [
        "\n## Places mentioned, by country and role\n\n",
        "Each mention of a place counts once, under the country the place lies in; continents and "
        "regions that span countries (marked \\*) count under their own name. The role says what "
        "the place is in the passage (see the [vocabularies](vocabularies.md#role)).\n\n",
        f"![Mentions of places per country, stacked by role]({PLACES})\n\n",
        "| country or region | " + " | ".join(r.replace("_", " ") for r in roles) + " | all |\n",
        "|---|" + "---:|" * (len(roles) + 1) + "\n",
    ]
    for name, by_role in counts.items():
        cells = [by_role[r] for r in roles]
        label = name.replace("*", "\\*")
        out.append(f"| {label} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |\n")
    return "".join(out)


def main() -> None:
    """Write the page and its figures into the site being built."""
    import mkdocs_gen_files

    with mkdocs_gen_files.open("figures.md", "w") as page:
        page.write(page_markdown())
    with mkdocs_gen_files.open(TIMELINE, "w") as figure:
        figure.write(timeline_svg())
    with mkdocs_gen_files.open(PLACES, "w") as figure:
        figure.write(places_svg())


if __name__ == "<run_path>":  # run by mkdocs-gen-files
    main()
