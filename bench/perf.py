#!/usr/bin/env python3
"""Speed and memory of warlosses, as ratios against reference runs: the method of issue 6.

Every figure is a ratio against a reference measured in the same run on the same files,
because this machine is shared and absolute times mean little:

- page archive: `warlosses ingest` of ~3,000 saved report pages shaped like real ones
  (bench/pages.py: ~74 KiB and ~1,500 elements each, menus and footers of hundreds of
  links, a sidebar of other days' headlines, formats B, C and E; their shape is printed),
  end to end with the store written, against the time Python needs merely to read and
  decode the same files;
- 5,000 short briefings (format A): ingest against that floor plus one interpreter start;
- peak memory of every ingest (the child's maximum resident set size), and how it grows;
- scaling: ingest of N, 2N and 4N pages;
- `warlosses show --since day 1000` (and `warlosses totals`, when it exists) on a store of
  ~1,300 days against the pandas one-liner a user would otherwise write;
- `warlosses --help` against `python -c "import typer"`.

    python bench/perf.py               # full size: ~190 MB of pages, a few minutes
    python bench/perf.py --scale 0.1   # a quick look

Measurement only: the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy  # noqa: E402  (the document generators live beside this script)
import pages as shaped  # noqa: E402

MIB = 1024 * 1024
PAGES = 3000
BRIEFINGS = 5000
STORE_DAYS = 1300

# The floor: read and decode every file of a folder, nothing else. Printed: seconds inside
# the loop, files, characters.
_READ_ALL = """\
import os, pathlib, re, sys, time
started = time.perf_counter()
files = sorted(
    pathlib.Path(root, name) for root, _, names in os.walk(sys.argv[1]) for name in names
)
chars = 0
for p in files:
    chars += len({text})
print(time.perf_counter() - started, len(files), chars)
"""
# (A few saved pages are Windows-1251: read as UTF-8 with replacements, as cheap as UTF-8.)
FLOOR = _READ_ALL.format(text="p.read_bytes().decode(errors='replace')")
# The floor with what lexbor alone costs: parsing every page whole. Printed as a note
# beside the page archive's row: how much of the 5x budget building one tree a page takes.
LEXBOR = _READ_ALL.format(
    text="LexborHTMLParser(p.read_bytes().decode(errors='replace')).root.tag"
).replace("import os,", "from selectolax.lexbor import LexborHTMLParser\nimport os,")
PANDAS_ONE_LINER = "import pandas as pd; print(pd.read_parquet({path!r}).tail(30))"


@dataclass
class Run:
    """One child process: wall-clock seconds, peak resident memory, what it printed."""

    seconds: float
    maxrss: int  # bytes
    cpu: float  # user + system seconds, of the child and the processes it waited for
    returncode: int
    stdout: str
    stderr: str


def child_env(workdir: Path) -> dict[str, str]:
    """The children's environment: the working tree first on PYTHONPATH, and a bytecode
    cache of their own under `workdir`.

    Without the cache, PYTHONDONTWRITEBYTECODE (set on some machines, this one included)
    makes every run compile the working tree's modules again, which no installed copy
    does, while the reference's libraries come compiled; `warm_up` fills it first.
    """
    env = accuracy.cli_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def warm_up(workdir: Path, documents: Sequence[Path], extra: Sequence[str]) -> None:
    """Fill the bytecode cache with everything the measured children import."""
    run(py("-m", "warlosses", "ingest", "--store", str(workdir / "warm-up"), *extra,
           *map(str, documents)), workdir)  # fmt: skip
    for command in (["--help"], ["show"], ["totals"], ["export"]):
        run(py("-m", "warlosses", *command, "--store", str(workdir / "warm-up")), workdir)
    run(py("-c", "import pandas, pyarrow.parquet, typer"), workdir)
    shutil.rmtree(workdir / "warm-up", ignore_errors=True)


def run(command: Sequence[str], workdir: Path) -> Run:
    """Run a child and measure it alone: os.wait4 gives this child's own rusage."""
    out_path = workdir / "child.stdout"
    err_path = workdir / "child.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=child_env(workdir)
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        seconds,
        usage.ru_maxrss * 1024,  # KiB on Linux
        usage.ru_utime + usage.ru_stime,
        process.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
    )


def py(*args: str) -> list[str]:
    return [sys.executable, *args]


@dataclass
class Series:
    """Repeated runs of one command; the median is the figure."""

    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def maxrss(self) -> int:
        return max(r.maxrss for r in self.runs)

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median: how noisy the repeats were."""
        times = [r.seconds for r in self.runs]
        return (max(times) - min(times)) / self.seconds if self.seconds else 0.0

    @property
    def last(self) -> Run:
        return self.runs[-1]


def paired(
    command: Sequence[str], reference: Sequence[str], repeats: int, workdir: Path
) -> tuple[Series, Series]:
    """Measure a command and its reference alternately (after one warm-up run of each), so
    that a burst of load on the machine hits both."""
    run(command, workdir)
    run(reference, workdir)
    mine, theirs = Series(), Series()
    for _ in range(repeats):
        mine.runs.append(run(command, workdir))
        theirs.runs.append(run(reference, workdir))
    return mine, theirs


def floor(
    folder: Path, repeats: int, workdir: Path, script: str = FLOOR
) -> tuple[float, float, int, int]:
    """Median seconds inside the read-and-decode loop and of the whole child, files, chars."""
    run(py("-c", script, str(folder)), workdir)  # warm the page cache
    inner, whole = [], []
    files = chars = 0
    for _ in range(repeats):
        result = run(py("-c", script, str(folder)), workdir)
        seconds, files_text, chars_text = result.stdout.split()
        inner.append(float(seconds))
        whole.append(result.seconds)
        files, chars = int(files_text), int(chars_text)
    return statistics.median(inner), statistics.median(whole), files, chars


def ingest(paths: Sequence[Path], store: Path, workdir: Path, extra: Sequence[str]) -> Run:
    shutil.rmtree(store, ignore_errors=True)
    command = py("-m", "warlosses", "ingest", "--store", str(store), *extra, *map(str, paths))
    return run(command, workdir)


def ingest_series(
    paths: Sequence[Path], store: Path, workdir: Path, extra: Sequence[str], repeats: int
) -> Series:
    series = Series()
    for _ in range(repeats):
        series.runs.append(ingest(paths, store, workdir, extra))
    return series


_SUMMARY = re.compile(r"Read [\d,]+ files?, found [\d,]+ reports?[^\n]*")


def summary_line(result: Run) -> str:
    found = _SUMMARY.findall(result.stderr)
    if result.returncode != 0 or not found:
        tail = " | ".join(result.stderr.strip().splitlines()[-3:])
        return f"exit {result.returncode}: {tail[:300]}"
    return str(found[-1])


def write_pages(
    folder: Path, count: int, seed: int, truth: accuracy.Truth, shape: shaped.Shape
) -> int:
    """`count` real-shaped saved pages (bench/pages.py), one at a time; bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for index, day in enumerate(shaped.archive_days(truth, count, seed)):
        page = shaped.page(day, seed * 100_003 + index, truth, cp1251_share=0.03, broken_share=0.03)
        data = page.data()
        (folder / f"{index:06d}-day-{day}.html").write_bytes(data)
        shape.add(page, data)
        written += len(data)
    return written


def write_corpus(
    folder: Path,
    count: int,
    seed: int,
    truth: accuracy.Truth,
    *,
    formats: str,
    page_bytes: int | None = None,
    batch: int = 250,
) -> int:
    """Generate and write `count` documents in batches (never all in memory); bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for start in range(0, count, batch):
        docs = accuracy.generate(
            min(batch, count - start),
            seed + start,
            "",
            formats=formats,
            page_bytes=page_bytes,
            plain_utf8=True,
            truth=truth,
        )
        for doc in docs:
            data = doc.data()
            # Batches restart their numbering: keep names unique across the corpus.
            (folder / f"{start:06d}-{doc.name}").write_bytes(data)
            written += len(data)
    return written


# ---------------------------------------------------------------------------------------
# The table


@dataclass
class Row:
    name: str
    value: str
    reference: str
    ratio: str
    target: str
    result: str


def seconds(value: float) -> str:
    return f"{value:.3f} s"


def mib(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def ratio_row(name: str, value: float, reference: float, target: float) -> Row:
    ratio = value / reference if reference > 0 else float("inf")
    return Row(
        name,
        seconds(value),
        seconds(reference),
        f"{ratio:.2f}x",
        f"<= {target}x",
        "pass" if ratio <= target else "FAIL",
    )


def print_table(rows: Sequence[Row]) -> None:
    head = ("measure", "value", "reference", "ratio", "target", "result")
    cells = [head] + [(r.name, r.value, r.reference, r.ratio, r.target, r.result) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
    for k, row in enumerate(cells):
        print(
            "  ".join(
                cell.ljust(widths[i]) if i in (0, 5) else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
        )
        if k == 0:
            print("  ".join("-" * w for w in widths))


# ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="corpus size factor (1.0: 3,000 pages)"
    )
    parser.add_argument("--repeats", type=int, default=7, help="runs of each short command (7)")
    parser.add_argument(
        "--ingest-repeats", type=int, default=1, help="runs of each ingest; median taken (1)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", type=Path, default=accuracy.DEFAULT_TRUTH)
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    parser.add_argument(
        "--ingest-args", default="", help='extra ingest options, e.g. "--jobs 2"', metavar="ARGS"
    )
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="warlosses-perf-", dir=args.workdir))
    try:
        run_all(args, base)
    finally:
        if args.keep:
            print(f"corpora and stores kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    return 0


def run_all(args: argparse.Namespace, base: Path) -> None:
    extra = args.ingest_args.split()
    truth = accuracy.load_truth(args.truth)
    load_before = os.getloadavg()
    began = time.perf_counter()
    print(
        f"warlosses perf: scale {args.scale}, python {sys.executable}, code "
        f"{accuracy.git_state()}, {os.cpu_count()} CPUs, load average {load_before[0]:.2f} "
        f"{load_before[1]:.2f} {load_before[2]:.2f}"
    )
    rows: list[Row] = []
    notes: list[str] = []
    memory: list[tuple[str, int]] = []

    # Corpora -------------------------------------------------------------------------------
    n_pages = max(4, round(PAGES * args.scale))
    quarter = n_pages // 4
    pages = base / "pages"
    parts = [pages / "part-1", pages / "part-2", pages / "part-3"]
    t0 = time.perf_counter()
    shape = shaped.Shape()
    size = write_pages(parts[0], quarter, args.seed, truth, shape)
    size += write_pages(parts[1], quarter, args.seed + 1, truth, shape)
    size += write_pages(parts[2], n_pages - 2 * quarter, args.seed + 2, truth, shape)
    n_briefings = max(2, round(BRIEFINGS * args.scale))
    briefings = base / "briefings"
    brief_size = write_corpus(briefings, n_briefings, args.seed + 3 * 10**6, truth, formats="A")
    listing = base / "listing"
    write_corpus(listing, STORE_DAYS, args.seed + 4 * 10**6, truth, formats="B", batch=STORE_DAYS)
    notes.append(
        f"corpora written in {time.perf_counter() - t0:.1f}s: {n_pages} pages, "
        f"{size / MIB:.1f} MiB ({size / n_pages / 1000:.1f} KB each); {n_briefings} briefings, "
        f"{brief_size / MIB:.1f} MiB; {STORE_DAYS} General Staff lists for the report store"
    )
    print(notes[-1], file=sys.stderr, flush=True)
    notes.append(f"the page archive: {shape.describe()}")
    print(notes[-1], file=sys.stderr, flush=True)
    warm_up(base, sorted(listing.iterdir())[:5] + sorted(parts[0].iterdir())[:5], extra)
    notes.append(
        "children cache their bytecode in the work folder (warmed up first), as an "
        "installed copy has it, even where PYTHONDONTWRITEBYTECODE is set"
    )

    # 1. Page archive: ingest against reading and decoding the same files --------------------
    floor_inner, floor_whole, files, chars = floor(pages, 3, base)
    archive = ingest_series([pages], base / "store-pages", base, extra, args.ingest_repeats)
    rows.append(ratio_row(f"ingest {files} pages vs read+decode", archive.seconds, floor_inner, 5))
    memory.append((f"{files} pages", archive.maxrss))
    notes.append(
        f"page archive: floor {floor_inner:.3f}s inside the loop ({floor_whole:.3f}s with its "
        f"interpreter) for {files} files, {chars / MIB:.0f} Mi characters; ingest: "
        f"{summary_line(archive.last)} CPU time of the ingest (all its processes, steadier "
        f"than wall time on a shared machine): {archive.cpu:.2f}s"
    )
    print(notes[-1], file=sys.stderr, flush=True)
    lexbor, _, _, _ = floor(pages, 3, base, LEXBOR)
    notes.append(
        f"lexbor building the tree of every page whole, with the reading and decoding: "
        f"{lexbor:.3f}s, {lexbor / floor_inner:.1f}x the floor, in one process"
    )
    print(notes[-1], file=sys.stderr, flush=True)

    # 2. Scaling: N and 2N pages right after 4N (the archive above), so load drifts less -----
    one = ingest_series(parts[:1], base / "store-n", base, extra, args.ingest_repeats)
    two = ingest_series(parts[:2], base / "store-2n", base, extra, args.ingest_repeats)
    four = archive
    n = quarter
    ratio = four.seconds / one.seconds if one.seconds else float("inf")
    scaling_row = Row(
        f"scaling: t(4N)/t(N), N={n} pages",
        seconds(four.seconds),
        seconds(one.seconds),
        f"{ratio:.2f}x",
        "<= 4.4x",
        "pass" if ratio <= 4.4 else "FAIL",
    )  # printed after the memory rows, as issue 6 lists them
    notes.append(
        f"scaling: t(N={n}) {one.seconds:.2f}s, t(2N) {two.seconds:.2f}s, "
        f"t(4N={files}) {four.seconds:.2f}s; t(2N)/t(N) {two.seconds / one.seconds:.2f}; "
        f"peak memory {one.maxrss / MIB:.0f} / {two.maxrss / MIB:.0f} / {four.maxrss / MIB:.0f} MiB"
    )
    print(notes[-1], file=sys.stderr, flush=True)
    memory += [(f"N={n} pages", one.maxrss), (f"2N={2 * n} pages", two.maxrss)]

    # 3. Short briefings: ingest against the floor plus one interpreter start -----------------
    start = Series()
    run(py("-c", "pass"), base)
    for _ in range(args.repeats):
        start.runs.append(run(py("-c", "pass"), base))
    b_inner, b_whole, b_files, _ = floor(briefings, 3, base)
    brief = ingest_series([briefings], base / "store-briefings", base, extra, args.ingest_repeats)
    reference = b_inner + start.seconds
    rows.append(
        ratio_row(f"ingest {b_files} briefings vs read+decode + start", brief.seconds, reference, 4)
    )
    memory.append((f"{b_files} briefings", brief.maxrss))
    notes.append(
        f"briefings: floor {b_inner:.3f}s inside the loop ({b_whole:.3f}s with its "
        f"interpreter), interpreter start {start.seconds:.3f}s; ingest: {summary_line(brief.last)}"
        f" CPU time of the ingest: {brief.cpu:.2f}s"
    )
    print(notes[-1], file=sys.stderr, flush=True)
    imports = Series()
    for _ in range(args.repeats):
        imports.runs.append(run(py("-c", "import typer, pyarrow.parquet"), base))
    notes.append(
        f"importing typer and pyarrow.parquet, which any ingest that writes the store needs: "
        f"{imports.seconds:.3f}s, {imports.seconds / reference:.1f}x the briefings' reference"
    )
    print(notes[-1], file=sys.stderr, flush=True)

    # 4. Peak memory -------------------------------------------------------------------------
    largest_name, largest = max(memory, key=lambda m: m[1])
    rows.append(
        Row(
            f"peak memory of ingest (largest: {largest_name})",
            mib(largest),
            "-",
            "-",
            "<= 250 MiB",
            "pass" if largest <= 250 * MIB else "FAIL",
        )
    )
    growth = four.maxrss / one.maxrss if one.maxrss else float("inf")
    rows.append(
        Row(
            "peak memory growth: 4N vs N pages",
            mib(four.maxrss),
            mib(one.maxrss),
            f"{growth:.2f}x",
            "<= 1.25x (flat)",
            "pass" if growth <= 1.25 else "FAIL",
        )
    )

    rows.append(scaling_row)

    # 5. Reports on a store of ~1,300 days -----------------------------------------------------
    store = base / "store-listing"
    built = ingest([listing], store, base, extra)  # one document per day, so about STORE_DAYS days
    notes.append(f"report store: {summary_line(built)} ({built.seconds:.1f}s)")
    print(notes[-1], file=sys.stderr, flush=True)
    store_file = store / "current" / "losses.parquet"
    one_liner = py("-c", PANDAS_ONE_LINER.format(path=str(store_file)))
    show_cmd = py("-m", "warlosses", "show", "--store", str(store), "--since", "day", "1000")
    show, pandas_ref = paired(show_cmd, one_liner, args.repeats, base)
    rows.append(
        ratio_row(
            "show --since day 1000 vs pandas one-liner", show.seconds, pandas_ref.seconds, 0.6
        )
    )
    if show.last.returncode != 0:
        notes.append(f"show failed: {show.last.stderr.strip()[-300:]}")
    has_totals = run(py("-m", "warlosses", "totals", "--help"), base).returncode == 0
    if has_totals:
        totals_cmd = py("-m", "warlosses", "totals", "--store", str(store))
        totals, pandas_ref2 = paired(totals_cmd, one_liner, args.repeats, base)
        rows.append(
            ratio_row("totals vs pandas one-liner", totals.seconds, pandas_ref2.seconds, 0.6)
        )
        if totals.last.returncode != 0:
            notes.append(f"totals failed: {totals.last.stderr.strip()[-300:]}")
    else:
        rows.append(Row("totals vs pandas one-liner", "-", "-", "-", "<= 0.6x", "skipped"))
        notes.append("`warlosses totals` does not exist yet: skipped")

    # 6. --help ------------------------------------------------------------------------------
    help_run, typer_ref = paired(
        py("-m", "warlosses", "--help"), py("-c", "import typer"), args.repeats, base
    )
    rows.append(
        ratio_row("--help vs python -c 'import typer'", help_run.seconds, typer_ref.seconds, 2.5)
    )

    load_after = os.getloadavg()
    print()
    print_table(rows)
    print()
    for note in notes:
        print(f"- {note}")
    print(
        f"- short commands: median of {args.repeats} runs each, alternating with their "
        f"reference; spread (slowest-fastest)/median: show {show.spread:.0%}, pandas "
        f"{pandas_ref.spread:.0%}, --help {help_run.spread:.0%}, import typer "
        f"{typer_ref.spread:.0%}, python -c pass {start.spread:.0%}"
    )
    print(
        f"- load average {load_before[0]:.2f} at start, {load_after[0]:.2f} at end; "
        f"{time.perf_counter() - began:.0f}s in all"
    )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
