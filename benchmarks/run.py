"""Run every benchmark and print medians and ratios against baselines measured in the same run.

Sections:

1. ``import digital_labor_corpus`` against a bare interpreter (fresh processes).
2. A fresh process's first table of the shipped corpus against ``ParquetFile(path).read()``
   over many shuffled rounds, with a bootstrap interval of the ratio; then loading one table
   and all tables in a fresh process, against the same files read with
   ``pyarrow.parquet.ParquetFile(...).read()`` (the floor), for the shipped version and
   each synthetic size; and the same reads in a warm process.
3. ``load(backend="polars")`` against ``polars.read_parquet(path)``.
4. The helpers on the shipped corpus, warm, against DuckDB SQL on the same files.
5. Every helper on synthetic corpora of each size, against the same question in DuckDB
   SQL and as a Polars lazy query over the same files.
6. How each helper's time grows with the corpus: the time each larger corpus adds, ours
   against DuckDB's, then the ratio of times.
7. Peak memory of narrow queries at the largest size against loading the whole table.
8. What the SHA-256 check of a shipped version costs on load: reading and parsing every
   file with the digest checked against the same without it.
9. Full-text search on SQLite FTS5: the index's build time, the size of the kept index and
   peak memory; the first search ever (build included) and a later corpus's or process's
   first search (kept index opened) against DuckDB ``ILIKE`` over the same files; a warm
   query against the former regex scan (``old_search.py``, the named baseline) and DuckDB
   ``ILIKE``, in the same run.

Synthetic corpora are generated once (deterministically) into ``--data`` and reused.
``--only`` runs some sections: ``import`` (1), ``load`` (2, 3), ``shipped`` (4), ``helpers``
and ``growth`` (5, 6), ``memory`` (7), ``digest`` (8), ``search`` (9).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

import digital_labor_corpus as dlc
from digital_labor_corpus.build.synthetic import generate, write_corpus
from digital_labor_corpus.schema.records import TABLES

from .cases import CASES, QUOTE_SQL, Case, Params, duckdb_connection, polars_frames, rows
from .measure import (
    Rounds,
    added_time_interval,
    fresh_process_times,
    fresh_processes,
    interleaved,
    interleaved_times,
    median_ratio_interval,
    peak_memory,
)
from .old_search import old_search


class Report:
    """Tables printed as they are measured, and kept for a Markdown copy."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def heading(self, text: str) -> None:
        print(f"\n## {text}\n", flush=True)
        self.parts.append(f"\n## {text}\n")

    def note(self, text: str) -> None:
        print(text, flush=True)
        self.parts.append(text + "\n")

    def table(self, header: Sequence[str], body: Sequence[Sequence[Any]]) -> None:
        cells = [list(map(str, header)), *[[str(c) for c in row] for row in body]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        for index, row in enumerate(cells):
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                print("  ".join("-" * width for width in widths))
        sys.stdout.flush()
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        self.parts.append("\n".join(lines) + "\n")

    def markdown(self) -> str:
        return "\n".join(self.parts)


def ms(seconds: float) -> str:
    """Seconds as milliseconds, to a sensible precision."""
    if math.isnan(seconds):  # the contender failed
        return "failed"
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def ratio(ours: float, baseline: float) -> str:
    if math.isnan(ours) or math.isnan(baseline):
        return "n/a"
    return f"{ours / baseline:.2f}x"


#: The synthetic layout: speaker_id in place_mentions, mentions sorted by place in 8,192-row
#: groups, quotes in 16,384-row groups.
LAYOUT = "layout4"


def corpus_dir(data: Path, size: int, report: Report) -> Path:
    """The synthetic corpus of ``size`` quotes under ``data``, generated the first time."""
    # The layout tag changes whenever the generator's output does, so that corpora written
    # by an older generator (without place_mentions.speaker_id, unsorted mentions) are not reused.
    path = data / f"quotes-{size}-{LAYOUT}" / "1.2.0"
    if not (path / "manifest.json").is_file():
        started = time.perf_counter()
        write_corpus(generate(size, seed=0), path)
        report.note(f"generated {size:,} quotes into {path} in {time.perf_counter() - started:.1f} s")
    return path


def compile_package() -> None:
    """Byte-compile the package, as ``pip install`` does, so that fresh processes do not compile it.

    (``PYTHONDONTWRITEBYTECODE`` would otherwise leave every import compiling the source.)
    """
    import compileall

    compileall.compile_dir(str(Path(dlc.__file__).parent), quiet=2)


def bench_import(report: Report, repeat: int) -> None:
    report.heading("Import (fresh process, wall time)")
    found = fresh_processes({"bare": "pass", "dlc": "import digital_labor_corpus"}, repeat)
    report.table(
        ["process", "median ms", "ratio"],
        [
            ["python -c pass", ms(found["bare"]), "1.00x"],
            ["python -c 'import digital_labor_corpus'", ms(found["dlc"]), ratio(found["dlc"], found["bare"])],
        ],
    )


def _load_scripts(directory: Path, shipped: bool) -> dict[str, str]:
    names = list(TABLES)
    files = {name: str(directory / f"{name}.parquet") for name in names}
    opener = "d.open()" if shipped else f"d.open_path({str(directory)!r})"
    return {
        "floor one": f"import pyarrow.parquet as pq\npq.ParquetFile({files['quotes']!r}).read()",
        "dlc one": f"import digital_labor_corpus as d\n{opener}.table('quotes')",
        "floor all": f"import pyarrow.parquet as pq\nfor p in {list(files.values())!r}: pq.ParquetFile(p).read()",
        "dlc all": f"import digital_labor_corpus as d\nc = {opener}\nfor n in {names!r}: c.table(n)",
    }


def bench_load(report: Report, directories: dict[str, Path], repeat: int, process_repeat: int) -> None:
    report.heading("Loading tables: fresh process (wall time) and warm process, against ParquetFile.read()")
    body = []
    for label, directory in directories.items():
        shipped = label == "shipped"
        found = fresh_processes(_load_scripts(directory, shipped), process_repeat)
        quotes = directory / "quotes.parquet"

        def ours(shipped: bool = shipped, directory: Path = directory) -> Any:
            corpus = dlc.open() if shipped else dlc.open_path(directory)
            if shipped:
                from digital_labor_corpus.store.storage import shipped_store

                shipped_store().clear()
            return corpus.table("quotes")

        def floor(quotes: Path = quotes) -> Any:
            return pq.ParquetFile(quotes).read()

        warm = interleaved({"floor": floor, "dlc": ours}, repeat)
        body.append(
            [
                label,
                ms(found["floor one"]),
                ms(found["dlc one"]),
                ratio(found["dlc one"], found["floor one"]),
                ms(found["floor all"]),
                ms(found["dlc all"]),
                ratio(found["dlc all"], found["floor all"]),
                ms(warm["floor"]),
                ms(warm["dlc"]),
                ratio(warm["dlc"], warm["floor"]),
            ]
        )
    report.table(
        [
            "corpus",
            "floor quotes",
            "dlc quotes",
            "ratio",
            "floor all",
            "dlc all",
            "ratio",
            "warm floor quotes",
            "warm dlc quotes",
            "ratio",
        ],
        body,
    )
    report.note(
        "\nFresh process: `python -c` reading quotes.parquet (or all nine tables) with "
        "`pq.ParquetFile(p).read()` against `digital_labor_corpus` (`open()` for the shipped "
        "version, with its SHA-256 checks; `open_path(dir)` for a directory). Warm: the same read "
        "repeated in one process (a fresh `Corpus` each time, so nothing is cached). Milliseconds."
    )


def bench_first_table(report: Report, shipped: Path, rounds: int) -> None:
    """The goal's measure: a fresh process's first table of the shipped corpus against the floor."""
    report.heading("First table of the shipped corpus in a fresh process, against ParquetFile(path).read()")
    quotes = str(shipped / "quotes.parquet")
    scripts = {
        "floor": f"import pyarrow.parquet as pq\npq.ParquetFile({quotes!r}).read()",
        'load("quotes")': "import digital_labor_corpus as d\nd.load('quotes')",
        'open().table("quotes")': "import digital_labor_corpus as d\nd.open().table('quotes')",
    }
    times = fresh_process_times(scripts, rounds)
    floor = times["floor"]
    body = [["`pq.ParquetFile(path).read()` (floor)", ms(statistics.median(floor)), "1.00x", "", "1.00x"]]
    for name, values in times.items():
        if name == "floor":
            continue
        low, high = median_ratio_interval(values, floor)
        paired = statistics.median(ours / base for ours, base in zip(values, floor, strict=True))
        body.append(
            [
                f"`{name}`",
                ms(statistics.median(values)),
                ratio(statistics.median(values), statistics.median(floor)),
                f"{low:.3f}x to {high:.3f}x",
                ratio(paired, 1.0),
            ]
        )
    report.table(
        ["process", "median ms", "ratio of medians", "95% interval", "median of rounds' ratios"], body
    )
    report.note(
        f"\n{rounds} rounds; each runs the three scripts once, in a shuffled order, each in a new "
        "`python -c` (wall time, interpreter start and exit included). The interval resamples "
        "whole rounds (bootstrap, 2,000 draws). A round's own ratio compares processes that ran "
        "seconds apart, so the machine's changing load cancels more of it."
    )


def bench_polars_load(report: Report, directories: dict[str, Path], repeat: int, process_repeat: int) -> None:
    """``load(..., backend="polars")`` against ``polars.read_parquet(path)`` on the shipped files."""
    report.heading('backend="polars": load() against polars.read_parquet(path), shipped version')
    shipped = directories["shipped"]
    quotes = shipped / "quotes.parquet"
    scripts = {
        "floor one": f"import polars as pl\npl.read_parquet({str(quotes)!r})",
        "dlc one": "import digital_labor_corpus as d\nd.load('quotes', backend='polars')",
        "floor all": f"import polars as pl\nfor p in {[str(shipped / f'{n}.parquet') for n in TABLES]!r}: pl.read_parquet(p)",
        "dlc all": "import digital_labor_corpus as d\nfor n in d.tables(): d.load(n, backend='polars')",
    }
    found = fresh_processes(scripts, process_repeat)

    def ours() -> Any:
        from digital_labor_corpus.store.storage import shipped_store

        shipped_store().clear()  # nothing cached: read, verify and parse every time
        return dlc.load("quotes", backend="polars")

    warm = interleaved({"floor": lambda: pl.read_parquet(quotes), "dlc": ours}, repeat * 4)
    report.table(
        ["measure", "polars.read_parquet", "load(backend='polars')", "ratio"],
        [
            [
                "fresh process, quotes",
                ms(found["floor one"]),
                ms(found["dlc one"]),
                ratio(found["dlc one"], found["floor one"]),
            ],
            [
                "fresh process, all nine tables",
                ms(found["floor all"]),
                ms(found["dlc all"]),
                ratio(found["dlc all"], found["floor all"]),
            ],
            [
                "warm process, quotes (cache cleared)",
                ms(warm["floor"]),
                ms(warm["dlc"]),
                ratio(warm["dlc"], warm["floor"]),
            ],
        ],
    )
    report.note(
        "\nMedian milliseconds. The package reads each file's bytes, checks their SHA-256 against the "
        "manifest and hands the verified bytes to `polars.read_parquet`; pyarrow is not imported."
    )


def bench_shipped_helpers(report: Report, shipped: Path, repeat: int) -> None:
    """The helpers on the shipped corpus (warm, as a user asks them) against DuckDB on the same files."""
    report.heading("Helpers on the shipped corpus (warm) against DuckDB SQL on the same files")
    corpus = dlc.open()
    params = Params.of(corpus)
    connection = duckdb_connection(shipped)
    body = []
    casilli = Case(
        'quotes(speaker="casilli")',
        lambda c, _p: c.quotes(speaker="casilli"),
        lambda _p: QUOTE_SQL + " WHERE q.speaker_id = 'antonio-casilli' ORDER BY a.date, q.quote_id",
        lambda _f, _p: None,
    )
    for case in [casilli, *CASES]:
        sql = case.sql(params)

        def helper(case: Case = case) -> Any:
            return case.helper(corpus, params)

        def duck(sql: str = sql) -> Any:
            return connection.sql(sql).to_arrow_table()

        helper()
        name = case.name
        found = interleaved({"helper": helper, "duckdb": duck}, repeat * 4)
        body.append([name, ms(found["helper"]), ms(found["duckdb"]), ratio(found["helper"], found["duckdb"])])
    report.table(["question", "helper", "duckdb", "vs duckdb"], body)
    report.note(
        "\nMedian milliseconds, a `Corpus` from `open()` asked again and again (its small tables and "
        "resolved names kept, as in an interactive session), against DuckDB's SQL with ids over the same "
        "Parquet files."
    )


def _contenders(
    case: Any, corpus: dlc.Corpus[pa.Table], params: Params, *, directory: Path, connection: Any, frames: Any
) -> dict[str, Any]:
    sql = case.sql(params)
    return {
        "helper": lambda: case.helper(corpus, params),
        "cold": lambda: case.helper(dlc.open_path(directory), params),
        "duckdb": lambda: connection.sql(sql).to_arrow_table(),
        "polars": lambda: case.polars(frames, params),
    }


def _clustered_questions(directory: Path, speaker: str) -> list[float]:
    """Seconds of the first three questions for one speaker's quotes with no clustered copy kept.

    The first scans the table; the second also builds and keeps the clustered copy
    (:mod:`digital_labor_corpus.queries.clustered`, for tables of at least ``CLUSTER_ROWS``
    rows); the third reads the copy.
    """
    for kept in directory.glob(".clustered-*"):
        kept.unlink()
    corpus = dlc.open_path(directory)
    found = []
    for _ in range(3):
        started = time.perf_counter()
        corpus.quotes(speaker=speaker)
        found.append(time.perf_counter() - started)
    return found


#: Below this many quotes a question takes milliseconds: more rounds, so that the growth
#: between small sizes is measured beyond the machine's jitter.
SMALL = 100_000


def bench_helpers(
    report: Report, directories: dict[int, Path], repeat: int
) -> tuple[dict[tuple[str, int], float], dict[tuple[str, int], Rounds]]:
    """Every helper against DuckDB and Polars at each size: the medians, and the helper's and
    DuckDB's rounds (for the growth's intervals)."""
    report.heading("Helpers against DuckDB SQL and Polars lazy queries over the same files")
    timings: dict[tuple[str, int], float] = {}
    samples: dict[tuple[str, int], Rounds] = {}
    from digital_labor_corpus.queries.clustered import CLUSTER_ROWS

    for size, directory in directories.items():
        corpus = dlc.open_path(directory)
        params = Params.of(corpus)
        if size >= CLUSTER_ROWS:
            first, second, third = _clustered_questions(directory, params.narrow_speaker)
            report.note(
                f"\n{size:,} quotes, a rare speaker's quotes with no clustered copy kept: first question "
                f"(a scan) {ms(first)} ms, second (builds and keeps the copy) {ms(second)} ms, third "
                f"(reads it) {ms(third)} ms. The table below is measured with the copy kept."
            )
        connection = duckdb_connection(directory)
        frames = polars_frames(directory)
        body = []
        for case in CASES:
            contenders = _contenders(
                case, corpus, params, directory=directory, connection=connection, frames=frames
            )
            counts, failed = {}, {}
            for name, function in contenders.items():
                try:
                    counts[name] = rows(function())
                except Exception as error:  # a contender that cannot answer is reported, not fatal
                    failed[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:60]}"
            rounds = repeat * 5 if size < SMALL else repeat
            times = interleaved_times(
                {n: f for n, f in contenders.items() if n not in failed}, rounds, warmup=0
            )
            found = {name: statistics.median(values) for name, values in times.items()}
            found |= dict.fromkeys(failed, float("nan"))
            timings[(case.name, size)] = found["helper"]
            timings[(f"{case.name} (duckdb)", size)] = found["duckdb"]
            if "helper" in times and "duckdb" in times:
                samples[(case.name, size)] = (times["helper"], times["duckdb"])
            body.append(
                [
                    case.name,
                    f"{counts['helper']:,}",
                    ms(found["helper"]),
                    ms(found["cold"]),
                    ms(found["duckdb"]),
                    ms(found["polars"]),
                    ratio(found["helper"], found["duckdb"]),
                    ratio(found["cold"], found["duckdb"]),
                    ratio(found["helper"], found["polars"]),
                ]
                + ([] if len(set(counts.values())) == 1 else [f"rows differ: {counts}"])
                + [f"{name} failed: {why}" for name, why in failed.items()]
            )
        report.note(f"\n### {size:,} quotes\n")
        report.table(
            [
                "question",
                "rows",
                "helper",
                "cold",
                "duckdb",
                "polars",
                "vs duckdb",
                "cold vs duckdb",
                "vs polars",
            ],
            body,
        )
    report.note(
        "\nMedian milliseconds. *helper*: on a `Corpus` opened once (it keeps people, topics, places "
        "and appearances once read); *cold*: a fresh `open_path()` for every call; DuckDB: one "
        "connection with a view per file, `.to_arrow_table()`; Polars: `scan_parquet` lazy frames, "
        "`.collect()`. Ratios below 1 mean the helper is faster. "
        f"{repeat * 5} rounds below {SMALL:,} quotes, {repeat} from there."
    )
    return timings, samples


def bench_growth(
    report: Report,
    timings: dict[tuple[str, int], float],
    sizes: list[int],
    samples: dict[tuple[str, int], Rounds],
) -> None:
    """What each larger corpus costs a question, ours against DuckDB's: added time, and time ratio."""
    if len(sizes) < 2:
        return
    steps = list(itertools.pairwise(sizes))
    report.heading("Growth with the corpus: the time each larger corpus adds")
    body = []
    within = beyond = unsure = 0
    for case in CASES:
        row = [case.name]
        for low, high in steps:
            ours = timings[(case.name, high)] - timings[(case.name, low)]
            theirs = timings[(f"{case.name} (duckdb)", high)] - timings[(f"{case.name} (duckdb)", low)]
            cell = f"{ms(ours)} / {ms(theirs)}"
            pair = (samples.get((case.name, low)), samples.get((case.name, high)))
            if pair[0] is None or pair[1] is None:  # a contender that failed
                row.append(cell)
                continue
            excess, lowest, highest = added_time_interval(pair[0], pair[1])
            if excess <= 0:
                within += 1
            elif lowest > 0:
                beyond += 1
                cell += f" (more: +{ms(lowest)} to +{ms(highest)})"
            else:
                unsure += 1
                cell += f" (+{ms(excess)}, interval {ms(lowest)} to +{ms(highest)})"
            row.append(cell)
        body.append(row)
    report.table(["question"] + [f"{a:,} → {b:,}: helper / DuckDB, ms" for a, b in steps], body)
    report.note(
        f"\nEach cell: the milliseconds the larger corpus adds to the question, ours / DuckDB's "
        f"(negative: faster). Where ours adds more, the 95% bootstrap interval of the excess "
        f"(rounds drawn again within each size). Of {within + beyond + unsure} steps, ours adds "
        f"no more than DuckDB's on {within}; more, but by an interval that includes zero "
        f"(not told apart from DuckDB's), on {unsure}; and more beyond the interval on {beyond}."
    )
    report.heading("Growth with the corpus (time ratio against size ratio)")
    body = []
    for case in CASES:
        row = [case.name]
        for low, high in steps:
            ours = timings[(case.name, high)] / timings[(case.name, low)]
            theirs = timings[(f"{case.name} (duckdb)", high)] / timings[(f"{case.name} (duckdb)", low)]
            row.append(f"x{ours:.1f} / x{theirs:.1f}")
        body.append(row)
    report.table(["question"] + [f"{a:,} → {b:,} (x{b // a}): helper / DuckDB" for a, b in steps], body)
    report.note(
        "\nEach cell: how many times longer the question takes on the larger corpus, ours / DuckDB's. "
        "A question answered in a few milliseconds on the small corpus grows by a larger factor "
        "for the same added time: the table above is the cost."
    )


def bench_memory(report: Report, directory: Path, size: int) -> None:
    report.heading(f"Peak memory at {size:,} quotes (fresh process)")
    corpus = dlc.open_path(directory)
    params = Params.of(corpus)
    setup = f"import digital_labor_corpus as d\nc = d.open_path({str(directory)!r})\nimport datetime as dt"
    floor_setup = "import pyarrow.parquet as pq"
    runs = {
        "quotes on one day (narrow, clustered)": (
            setup,
            f"c.quotes(since=dt.date.fromisoformat({params.day.isoformat()!r}), until=dt.date.fromisoformat({params.day.isoformat()!r}))",
        ),
        "quotes of a rare speaker (narrow, scattered), no clustered copy kept": (
            f"{setup}\nfor kept in c._source.directory.glob('.clustered-*'): kept.unlink()",
            f"c.quotes(speaker={params.narrow_speaker!r})",
        ),
        "quotes of a rare speaker, clustered copy kept": (
            setup,
            f"c.quotes(speaker={params.narrow_speaker!r})",
        ),
        "second question of a rare speaker, building the clustered copy": (
            f"{setup}\nfor kept in c._source.directory.glob('.clustered-*'): kept.unlink()\n"
            f"c = d.open_path({str(directory)!r})\nc.quotes(speaker={params.narrow_speaker!r})",
            f"c.quotes(speaker={params.narrow_speaker!r})",
        ),
        "search, top 20 of a common word": (setup, f"c.search({params.common!r})"),
        "whole quotes table, Corpus.table": (setup, "c.table('quotes')"),
        "whole quotes table, ParquetFile.read()": (
            floor_setup,
            f"pq.ParquetFile({str(directory / 'quotes.parquet')!r}).read()",
        ),
    }
    body = []
    full = None
    measured = {}
    for label, (before, run) in runs.items():
        measured[label] = peak_memory(before, run)
    full = measured["whole quotes table, ParquetFile.read()"]
    for label, found in measured.items():
        grown = (found["peak_kib"] - found["base_kib"]) / 1024
        full_grown = (full["peak_kib"] - full["base_kib"]) / 1024
        body.append(
            [
                label,
                f"{found['rows']:,}" if found["rows"] is not None else "",
                f"{grown:.0f}",
                f"{found['arrow_peak'] / 2**20:.0f}",
                f"{grown / full_grown:.0%}" if full_grown else "",
            ]
        )
    report.table(["query", "rows", "peak RSS growth MiB", "Arrow pool peak MiB", "of full load"], body)
    report.note(
        "\nPeak resident memory (Linux `VmHWM`, reset after the set-up) gained by the query in a "
        "fresh process, after the imports and `open_path`; the Arrow pool peak is what pyarrow "
        "allocated. Files are memory-mapped: pages read count in the resident set."
    )


def bench_digest(report: Report, directories: dict[str, Path], repeat: int) -> None:
    """The cost of checking every file's SHA-256 when a version is loaded, as the store does.

    Both contenders read each file's bytes from disk and parse them with
    ``pq.ParquetFile``; *checked* also hashes the bytes, which is what loading a shipped
    version adds. Tables come from every size, so the cost shows against file size.
    """
    import hashlib

    report.heading("The digest check on load (warm process, all nine tables)")
    body = []
    for label, directory in directories.items():
        files = [directory / f"{name}.parquet" for name in TABLES]
        size = sum(f.stat().st_size for f in files)

        def parse(check: bool, files: list[Path] = files) -> None:
            for file in files:
                raw = file.read_bytes()
                if check:
                    hashlib.sha256(raw).hexdigest()
                pq.ParquetFile(pa.BufferReader(raw)).read()

        found = interleaved({"plain": lambda: parse(False), "checked": lambda: parse(True)}, repeat)
        body.append(
            [
                label,
                f"{size / 2**20:.2f}",
                ms(found["plain"]),
                ms(found["checked"]),
                ms(found["checked"] - found["plain"]),
                ratio(found["checked"], found["plain"]),
            ]
        )
    report.table(["corpus", "MiB on disk", "read + parse", "read + SHA-256 + parse", "check", "ratio"], body)
    report.note(
        "\nMedian milliseconds. The check hashes bytes already read, so it costs about the time "
        "SHA-256 takes over the files (hundreds of MiB a second), whatever their content. It stays "
        "on for shipped versions and for `open_path()` on a directory with a `manifest.json`: each file is "
        "hashed once per process while it is unchanged."
    )


def _ilike_sql(word: str) -> str:
    """Quotes and claims whose text or translation holds ``word`` (DuckDB ILIKE), shortest first, top 20."""
    like = "'%" + word.replace("'", "''") + "%'"

    def part(table: str, key: str, first: str, second: str) -> str:
        return (
            f"SELECT '{table}' AS tbl, {key} AS record_id, appearance_id, length({first}) AS len FROM {table} "
            f"WHERE {first} ILIKE {like} OR {second} ILIKE {like}"
        )

    hits = (
        part("quotes", "quote_id", "text", "text_en")
        + " UNION ALL "
        + part("claims", "claim_id", "text", "statement_en")
    )
    return f"SELECT * FROM ({hits}) ORDER BY len, tbl, record_id LIMIT 20"


def _forget_kept(directory: Path) -> None:
    """Remove the full-text indexes kept beside a corpus, so that the next search builds them."""
    for path in directory.glob(".fulltext-*"):
        path.unlink()


def _cold_search(directory: Path, word: str, builds: list[float], *, forget: bool) -> dlc.Corpus[pa.Table]:
    """A fresh corpus's first search of ``word``; the index's share (build or opening) goes in ``builds``."""
    from digital_labor_corpus.queries.fulltext import index_of

    if forget:
        _forget_kept(directory)
    corpus = dlc.open_path(directory)
    started = time.perf_counter()
    index_of(corpus._source).build("quotes", "claims")
    builds.append(time.perf_counter() - started)
    corpus.search(word)
    return corpus


@contextlib.contextmanager
def _timing_shortlists(spent: dict[str, list[float]]) -> Iterator[None]:
    """Record, by FTS5 table, the seconds each build spends ranking its frequent words' shortlists."""
    from digital_labor_corpus.queries import shortlist

    original = shortlist.write

    def timed(connection: Any, fts: str, *args: Any, **kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return original(connection, fts, *args, **kwargs)
        finally:
            spent.setdefault(fts, []).append(time.perf_counter() - started)

    shortlist.write = timed
    try:
        yield
    finally:
        shortlist.write = original


def _shortlists_of(directory: Path) -> tuple[int, float]:
    """The words with a shortlist in the kept files beside a corpus (the most of any table) and the lists' MiB."""
    import sqlite3

    words, size = 0, 0
    for path in directory.glob(".fulltext-*.sqlite"):
        with contextlib.closing(
            sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        ) as connection:
            try:
                words = max(
                    words, connection.execute("SELECT count(DISTINCT term) FROM dlc_shortlist").fetchone()[0]
                )
                size += connection.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'dlc_shortlist%'"
                ).fetchone()[0]
            except sqlite3.Error:  # an index kept without shortlists, or a SQLite without dbstat
                continue
    return words, size / 2**20


def _keep_cold(
    kept: list[dlc.Corpus[pa.Table]], directory: Path, word: str, times: list[float], *, forget: bool
) -> None:
    """A fresh corpus's first search (:func:`_cold_search`), the corpus kept so its index stays open."""
    kept.append(_cold_search(directory, word, times, forget=forget))


def _duckdb_table(connection: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """DuckDB's answer to ``sql`` as an Arrow table."""
    return connection.sql(sql).to_arrow_table()


def _old_hits(corpus: dlc.Corpus[pa.Table], word: str) -> int:
    """Every hit of the former scan (without its snippets)."""
    from .old_search import search_pattern, search_table

    pattern = search_pattern(word)
    return sum(search_table(corpus._source, t, pattern, None, None).num_rows for t in ("quotes", "claims"))


_LATER_PROCESS = """
import digital_labor_corpus as d
d.open_path({directory!r}).search({word!r})
"""
_DUCKDB_PROCESS = """
import duckdb
from benchmarks.cases import duckdb_connection
from pathlib import Path
duckdb_connection(Path({directory!r})).sql({sql!r}).to_arrow_table()
"""


def bench_search(report: Report, directories: dict[int, Path], repeat: int) -> None:
    """FTS5 search: build, kept index, warm and cold queries against the former scan and DuckDB ILIKE."""
    from digital_labor_corpus.queries.fulltext import INDEXED, index_of

    report.heading("Full-text search: SQLite FTS5 against the former regex scan and DuckDB ILIKE")
    words = {"common": "modération", "rare": "coopérativisme"}
    built_rows, query_rows, first_rows = [], [], []
    for size, directory in directories.items():
        connection = duckdb_connection(directory)
        cold_repeat = repeat if size < 1_000_000 else 1
        builds: list[float] = []
        kept: list[dlc.Corpus[pa.Table]] = []
        first_sql = _ilike_sql(words["common"])
        listing: dict[str, list[float]] = {}
        with _timing_shortlists(listing):
            first = interleaved(
                {
                    "first ever": partial(_keep_cold, kept, directory, words["common"], builds, forget=True),
                    "duckdb": partial(_duckdb_table, connection, first_sql),
                },
                cold_repeat,
                warmup=0,
            )
        del kept[:]
        origin = index_of(dlc.open_path(directory)._source)
        origin.build("quotes", "claims")
        kept_bytes = sum(path.stat().st_size for path in directory.glob(".fulltext-*.sqlite"))
        listed_words, listed_mib = _shortlists_of(directory)
        cold = {}
        opened: list[float] = []
        for label, word in words.items():
            sql = _ilike_sql(word)
            cold[label] = interleaved(
                {
                    "later": partial(_keep_cold, kept, directory, word, opened, forget=False),
                    "duckdb": partial(_duckdb_table, connection, sql),
                },
                repeat,
            )
            del kept[:-1]
        processes = fresh_processes(
            {
                "later process": _LATER_PROCESS.format(directory=str(directory), word=words["common"]),
                "duckdb process": _DUCKDB_PROCESS.format(directory=str(directory), sql=first_sql),
            },
            repeat,
        )
        corpus = kept[-1]
        index = index_of(corpus._source)
        built_rows.append(
            [
                f"{size:,}",
                f"{statistics.median(builds):.2f}",
                " / ".join(
                    f"{statistics.median(listing.get(f'{t}_fts', [math.nan])):.1f}"
                    for t in ("quotes", "claims")
                ),
                f"{listed_words}",
                f"{listed_mib:.1f}",
                ms(statistics.median(opened)),
                origin.origin("quotes"),
                f"{kept_bytes / 2**20:.0f}",
            ]
        )
        first_rows.append(
            [
                f"{size:,}",
                ms(first["first ever"]),
                ms(first["duckdb"]),
                ratio(first["first ever"], first["duckdb"]),
                ms(cold["common"]["later"]),
                ratio(cold["common"]["later"], first["first ever"]),
                ratio(cold["common"]["later"], cold["common"]["duckdb"]),
                ms(processes["later process"]),
                ms(processes["duckdb process"]),
                ratio(processes["later process"], processes["duckdb process"]),
            ]
        )
        for label, word in words.items():
            sql = _ilike_sql(word)
            warm = interleaved(
                {
                    "fts": partial(corpus.search, word),
                    "old": partial(old_search, corpus._source, word),
                    "duckdb": partial(_duckdb_table, connection, sql),
                },
                repeat,
            )
            hits = sum(len(index.ids(t, word, INDEXED[t].searched)) for t in ("quotes", "claims"))
            query_rows.append(
                [
                    f"{size:,}",
                    f"{label} ({word})",
                    f"{hits:,} / {_old_hits(corpus, word):,}",
                    ms(warm["fts"]),
                    ms(warm["old"]),
                    ratio(warm["fts"], warm["old"]),
                    ms(warm["duckdb"]),
                    ratio(warm["fts"], warm["duckdb"]),
                    ms(cold[label]["later"]),
                    ms(cold[label]["duckdb"]),
                    ratio(cold[label]["later"], cold[label]["duckdb"]),
                ]
            )
        del corpus, index, origin
        kept.clear()
    report.table(
        [
            "quotes",
            "index build s (quotes + claims)",
            "of which shortlists s (quotes / claims)",
            "words listed",
            "lists MiB",
            "kept index opened ms",
            "kept?",
            "kept files MiB",
        ],
        built_rows,
    )
    report.note("")
    report.table(
        [
            "quotes",
            "first search ever (build)",
            "duckdb ilike",
            "vs duckdb",
            "later corpus's first search",
            "vs first ever",
            "vs duckdb",
            "later process (wall)",
            "duckdb process (wall)",
            "vs duckdb",
        ],
        first_rows,
    )
    report.note("")
    report.table(
        [
            "quotes",
            "word",
            "hits: fts / old",
            "fts warm",
            "old scan",
            "vs old",
            "duckdb ilike",
            "vs duckdb",
            "fts later corpus",
            "duckdb ilike",
            "later vs duckdb",
        ],
        query_rows,
    )
    largest = max(directories)
    setup = f"import digital_labor_corpus as d\nc = d.open_path({str(directories[largest])!r})"
    later_peak = peak_memory(setup, "c.search('modération')")
    old_peak = peak_memory(
        setup + "\nfrom benchmarks.old_search import old_search", "old_search(c._source, 'modération')"
    )
    _forget_kept(directories[largest])
    first_peak = peak_memory(setup, "c.search('modération')")
    grown = {
        name: (found["peak_kib"] - found["base_kib"]) / 1024
        for name, found in (("first", first_peak), ("later", later_peak), ("old", old_peak))
    }
    report.note(
        f"\nPeak resident memory of the first search at {largest:,} quotes (fresh process): "
        f"{grown['first']:.0f} MiB the first time ever (index built and kept), {grown['later']:.0f} MiB "
        f"in a later process (kept index opened); the former scan: {grown['old']:.0f} MiB.\n\n"
        "Median milliseconds (build: seconds). *of which shortlists*: the seconds each table's build "
        "spent ranking its frequent words' shortlists (the two tables build in parallel threads); "
        "*words listed*: words with a shortlist (the most of any table); *lists MiB*: the lists' pages "
        "in the kept files. *first search ever*: a fresh `open_path()` and its "
        "first search of the common word with no kept index (built, written beside the corpus when "
        "the table is large enough, then searched; one run at a million quotes); *later corpus's "
        "first search*: the same in the same process once the index is kept (a new `Corpus`, "
        "nothing cached in memory); *later process*: a new interpreter's import, `open_path()` and "
        "first search, against a new interpreter's DuckDB query; *fts warm*: `Corpus.search(word)` "
        "(top 20) on a corpus whose index is open; *old scan*: the former regex matcher over the "
        "Parquet files (`benchmarks/old_search.py`), top 20; *duckdb ilike*: quotes and claims whose "
        "text or translation holds the word as a substring (`ILIKE`: case- but not "
        "accent-insensitive), shortest 20. *hits* counts every hit: whole words for FTS5, substrings "
        "for the former scan."
    )


SECTIONS = ("import", "load", "shipped", "helpers", "growth", "memory", "digest", "search")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; ``python -m benchmarks --help`` lists the options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats per measurement (default 5)")
    parser.add_argument("--process-repeat", type=int, default=15, help="repeats of fresh-process timings")
    parser.add_argument(
        "--first-table-rounds",
        type=int,
        default=100,
        help="rounds of the shipped corpus's first table (default 100)",
    )
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "dlc-benchmarks")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
        help="run only these sections (default: all)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)

    report = Report()
    report.heading("Machine")
    report.note(
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pyarrow {pa.__version__}, DuckDB {duckdb.__version__}, Polars {pl.__version__}, "
        f"digital-labor-corpus {dlc.__version__}"
    )
    started = time.perf_counter()
    directories = {size: corpus_dir(args.data, size, report) for size in sizes}
    compile_package()
    only = set(args.only)
    if "import" in only:
        bench_import(report, args.process_repeat)
    shipped = Path(dlc.paths()["quotes"]).parent
    loads = {"shipped": shipped} | {f"{size:,} quotes": path for size, path in directories.items()}
    if "load" in only:
        bench_first_table(report, shipped, args.first_table_rounds)
        bench_load(report, loads, args.repeat, args.process_repeat)
        bench_polars_load(report, loads, args.repeat, args.process_repeat)
    if "shipped" in only:
        bench_shipped_helpers(report, shipped, args.repeat)
    if only & {"helpers", "growth"}:
        timings, samples = bench_helpers(report, directories, args.repeat)
        bench_growth(report, timings, sizes, samples)
    if "memory" in only:
        bench_memory(report, directories[sizes[-1]], sizes[-1])
    if "digest" in only:
        bench_digest(report, loads, args.repeat)
    if "search" in only:
        bench_search(report, directories, args.repeat)
    report.note(f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s")
    if args.markdown:
        args.markdown.write_text(report.markdown(), encoding="utf-8")
    return 0
