"""documents → parse → records → store: what `warlosses ingest` does, without the CLI.

Documents are read and parsed one at a time, outside the store's lock. Their rows are
committed in batches of whole documents (about COMMIT_ROWS rows each), each batch merged
and written under the lock as one atomic snapshot. So memory stays bounded however many
files a run reads, concurrent ingests wait for each other only while one writes, and an
ingest killed midway leaves whole documents stored: running it again completes it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warlosses import names
from warlosses.daily import Rows
from warlosses.documents import (
    STDIN,
    Body,
    Document,
    Unreadable,
    find_files,
    is_address,
    read_documents,
)
from warlosses.parse import RULE_CONTINUITY, Parsed, parse
from warlosses.store import (
    CIVILIAN_KEY,
    LOSS_KEY,
    SCHEMA_VERSION,
    ArrowTables,
    DailyView,
    Store,
    daily_view,
)
from warlosses.warday import date_of, day_problem

# pyarrow and pandas are imported where they are used: a short ingest spends most of its
# time importing them, and the parsing processes start before they are imported.
if TYPE_CHECKING:
    import pyarrow as pa

NO_DATE_HINT = "pass --date YYYY-MM-DD (or --day N) to store it"
# Rows held before they are committed: bounds memory (about 200 bytes a row), and how much
# a kill can undo. Every commit rewrites the whole store, so fewer is faster: at 100,000 an
# ingest of 5,000 briefings (56,000 rows) commits once, 8% faster and 11 MiB lower at its
# peak than with two commits at 50,000 (bench/perf.py's corpus, median of 7).
COMMIT_ROWS = 100_000
_INT64 = range(-(2**63), 2**63)


@dataclass(frozen=True)
class Notice:
    """Something to tell the user about one file. `error` ones make the run exit 1."""

    name: str
    message: str
    error: bool = False


@dataclass
class Summary:
    """What an ingest did, for the one-paragraph report on stderr."""

    files_read: int = 0
    # Addresses fetched (or read from the cache), and documents read from files and
    # addresses: more than both when a feed, mbox or Telegram export holds many.
    addresses_read: int = 0
    documents_read: int = 0
    reports_found: int = 0
    days_added: list[int] = field(default_factory=list)
    days_changed: list[int] = field(default_factory=list)
    days_unchanged: list[int] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    found: str = "report"  # what the summary line calls a record found

    @property
    def failed(self) -> bool:
        return any(notice.error for notice in self.notices)

    def read(self) -> str:
        """What a run read: `Read 16 files`, `Read 2 files and 1 address (14 documents)`."""
        parts = []
        if self.files_read or not self.addresses_read:
            parts.append(_count(self.files_read, "file"))
        if self.addresses_read:
            parts.append(_count(self.addresses_read, "address", "addresses"))
        read = f"Read {' and '.join(parts)}"
        if self.documents_read > self.files_read + self.addresses_read:
            read += f" ({_count(self.documents_read, 'document')})"
        return read

    def __str__(self) -> str:
        """The line `ingest` and `import` print: `Read 16 files, found 17 reports: ...`."""
        return (
            f"{self.read()}, "
            f"found {_count(self.reports_found, self.found)}: "
            f"{_count(len(self.days_added), 'day')} added, "
            f"{len(self.days_changed)} changed, {len(self.days_unchanged)} unchanged."
        )


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


@dataclass
class _Batch:
    """Rows found so far in this run, as tuples in the store's column order."""

    losses: list[tuple[Any, ...]] = field(default_factory=list)
    civilians: list[tuple[Any, ...]] = field(default_factory=list)

    def arrow(self) -> ArrowTables:
        from warlosses import arrow
        from warlosses.store import CIVILIANS_SCHEMA, LOSSES_SCHEMA

        return ArrowTables(
            arrow.table(self.losses, LOSSES_SCHEMA), arrow.table(self.civilians, CIVILIANS_SCHEMA)
        )

    def __len__(self) -> int:
        return len(self.losses) + len(self.civilians)


Progress = Callable[[int, int], None]


def collect(
    paths: Sequence[str],
    *,
    on: date | None = None,
    known: dict[int, dict[str, int]] | None = None,
    progress: Progress | None = None,
    offline: bool = False,
) -> tuple[_Batch, Summary]:
    """Read and parse every document; the rows they give and what to tell the user.

    `known` maps stored days to their totals, for rule 5 (continuity); days dated in this
    batch are added to it as they are found.
    """
    summary = Summary()
    batch = _Batch()
    parts = _batches(
        paths, summary, on=on, known=known, progress=progress, rows=None, offline=offline
    )
    for part in parts:
        batch = part
    return batch, summary


def _batches(
    paths: Sequence[str],
    summary: Summary,
    *,
    on: date | None,
    known: dict[int, dict[str, int]] | None,
    progress: Progress | None,
    rows: int | None,
    jobs: int = 1,
    meanwhile: Callable[[], None] | None = None,
    offline: bool = False,
) -> Iterator[_Batch]:
    """The rows of the documents in `paths`, in batches of whole documents of at least
    `rows` rows (the last one smaller; one batch of everything when `rows` is None).

    Addresses are fetched first (fetch.py, only imported when there are some). One file's
    documents are held at a time; notices go to `summary` as the documents are read.
    """
    batch = _Batch()
    now = datetime.now(UTC)
    names: list[str | Body | Unreadable] = list(find_files(paths))
    if any(isinstance(name, str) and is_address(name) for name in names):
        from warlosses.fetch import fetch_addresses

        names = fetch_addresses(names, offline=offline)
    for index, (item, results) in enumerate(
        zip(names, _parsed(names, on, jobs, meanwhile), strict=True), start=1
    ):
        if progress is not None:
            progress(index, len(names))
        read = empty = 0
        for found in results:
            if isinstance(found, Unreadable):
                summary.notices.append(Notice(found.name, found.reason, found.error))
                continue
            read += 1
            summary.documents_read += 1
            # A feed, mailbox or channel holds much else: one notice for all that gave nothing.
            empty += not _add(found, batch, summary, now, known, quiet=len(results) > 1)
        if empty and len(results) > 1:
            name = item.name if isinstance(item, Body | Unreadable) else item
            summary.notices.append(
                Notice(name, f"{empty} of {read} documents held no loss report or civilian count")
            )
        if read and isinstance(item, Body):
            summary.addresses_read += 1
        elif read:
            summary.files_read += 1
        if rows is not None and len(batch) >= rows:
            yield batch
            batch = _Batch()
    if batch or rows is None:
        yield batch


# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 64


def default_jobs() -> int:
    """Worker processes for parsing: one per core, at most four (measured in bench/perf.py:
    parsing is CPU-bound, and the store is written by the main process alone)."""
    return max(1, min(4, os.cpu_count() or 1))


# What crosses from a parsing process for one document: its figures as plain tuples, which
# pickle about five times faster than the parser's dataclasses (8 against 45 µs for a
# briefing, most of the main process's share of a batch of short files).
_LossFigures = tuple[str, int, int | None]  # category, total, increase
# day, rule, format, direction, losses
_ReportFigures = tuple[int | None, str | None, str, str | None, tuple[_LossFigures, ...]]
# day, rule, (region, deaths, injuries) with the headline's region None
_CivilianFigures = tuple[int | None, str | None, tuple[tuple[str | None, int, int], ...]]
# name, sha256, reports, civilian counts, warnings, when fetched (for an address)
_Found = tuple[
    str, str, tuple[_ReportFigures, ...], tuple[_CivilianFigures, ...], tuple[str, ...],
    datetime | None,
]  # fmt: skip


def _read_and_parse(item: str | Body | Unreadable, on: date | None) -> list[_Found | Unreadable]:
    """One file's or address's documents read and parsed: their figures, or why they
    could not be read."""
    return [
        document if isinstance(document, Unreadable) else _parse(document, on)
        for document in read_documents(item)
    ]


def _parse(document: Document, on: date | None) -> _Found:
    parsed = parse(document.text, name=document.name, on=on, published=document.published)
    return _figures(document.name, document.sha256, parsed, document.fetched_at)


def _figures(name: str, sha256: str, parsed: Parsed, fetched_at: datetime | None = None) -> _Found:
    """A parsed document's figures as plain tuples."""
    reports = tuple(
        (
            r.day,
            r.rule,
            r.format,
            r.direction,
            tuple((x.category, x.total, x.delta) for x in r.losses),
        )
        for r in parsed.reports
    )
    civilians = tuple(
        (c.day, c.rule, tuple((f.region, f.deaths, f.injuries) for f in c.figures))
        for c in parsed.civilians
    )
    return name, sha256, reports, civilians, parsed.warnings, fetched_at


# Input per task sent to a parsing process: few round trips for short files (a briefing is
# about 1 KB), even shares for long ones (a saved page is about 60 KB).
CHUNK_BYTES = 1 << 20


def _chunksize(names: list[str | Body | Unreadable], jobs: int) -> int:
    """Files per task: about CHUNK_BYTES, judged from the first files, at least four tasks
    per process and at most 256 files a task."""
    sizes = []
    for name in names[:64]:
        if isinstance(name, str):
            with contextlib.suppress(OSError):
                sizes.append(os.stat(name).st_size)
    mean = max(1, sum(sizes) // max(1, len(sizes)))
    return max(1, min(256, CHUNK_BYTES // mean, len(names) // (4 * jobs)))


def _parsed(
    names: list[str | Body | Unreadable],
    on: date | None,
    jobs: int,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[list[_Found | Unreadable]]:
    """Every document parsed, in the order of `names`; in `jobs` processes for a large batch,
    in which case this process runs `meanwhile` once they have started.

    Parsing is pure, so it runs anywhere; what needs the store (continuity, merging) stays
    in this process. Standard input can only be read here.
    """
    if jobs <= 1 or len(names) < POOL_MIN_FILES or STDIN in names:
        for name in names:
            yield _read_and_parse(name, on)
        return
    # Forked workers start at once with the modules already loaded (the parser's patterns
    # compiled); spawned ones would start Python and import warlosses each. Fork is there
    # on Linux and macOS.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done = 0
    while done < len(names):
        try:
            with contextlib.closing(_pooled(names[done:], on, jobs, context, meanwhile)) as pooled:
                for result in pooled:
                    yield result
                    done += 1
            return
        except BrokenProcessPool:
            # A worker died (a crash, the OOM killer): the document the pool had reached is
            # parsed again alone, so that a document that kills its parser costs only
            # itself, and the pool starts again after it.
            meanwhile = None  # it ran when the first pool started
            yield _alone(names[done], on, context)
            done += 1


def _pooled(
    names: list[str | Body | Unreadable],
    on: date | None,
    jobs: int,
    context: Any,
    meanwhile: Callable[[], None] | None,
) -> Generator[list[_Found | Unreadable], None, None]:
    """`names` parsed in a pool of `jobs` processes, in order. However this ends (the
    results all read, an error, SIGTERM in this process, the generator closed early), the
    pool's processes end with it."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker, initargs=(os.getpid(),)
    )
    finished = False
    try:
        work = partial(_read_and_parse, on=on)
        results = pool.map(work, names, chunksize=_chunksize(names, jobs))
        if meanwhile is not None:
            meanwhile()
        yield from results
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            # No public way before Python 3.14 (kill_workers) to stop workers in the middle
            # of their tasks: shutdown() would wait for every task already given out.
            processes = list(pool._processes.values())  # noqa: SLF001
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.kill()
            for process in processes:
                process.join()


def _worker(parent: int) -> None:
    """Set up a parse worker: it ends with the process that started it, however that one
    ends. Killed with SIGKILL (or by the OOM killer), an ingest gives its workers no chance
    to stop them, and they used to wait on their pipe forever.

    On Linux the kernel sends the worker SIGKILL when its parent dies (PR_SET_PDEATHSIG);
    elsewhere a thread looks at the parent once a second. Ctrl-C reaches every process of
    the terminal's group: the workers leave it to the main process, which ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # it died before the request was made
                os._exit(1)
            return
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _alone(
    item: str | Body | Unreadable, on: date | None, context: Any
) -> list[_Found | Unreadable]:
    """One file or address parsed in a process of its own; if that process dies too, the
    document is the cause, and why is said in an error notice instead."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_parse_alone, args=(sender, item, on, os.getpid()))
    process.start()
    sender.close()
    try:
        found: list[_Found | Unreadable] = receiver.recv()
    except EOFError:
        process.join()
        name = item if isinstance(item, str) else item.name
        return [Unreadable(name, f"the process parsing it {_ended(process.exitcode)}; not stored")]
    finally:
        receiver.close()
        if process.is_alive() and process.exitcode is None:
            process.join(timeout=10)
            process.kill()
        process.join()
    return found


def _parse_alone(sender: Any, item: str | Body | Unreadable, on: date | None, parent: int) -> None:
    _worker(parent)
    sender.send(_read_and_parse(item, on))
    sender.close()


def _ended(status: int | None) -> str:
    if status is not None and status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"ended with status {status}"


def _add(
    found: _Found,
    batch: _Batch,
    summary: Summary,
    now: datetime,
    known: dict[int, dict[str, int]] | None,
    *,
    quiet: bool = False,
) -> bool:
    """Add one document's rows to `batch`; whether it held any report (`quiet`: say
    nothing when it held none)."""
    name, sha256, reports, civilians, warnings, fetched_at = found
    # A fetched document's observations are stamped with the time it was fetched.
    now = fetched_at or now
    # The name as it is shown (a name that is not UTF-8, or holds control characters,
    # escaped) and, when they differ, its bytes: see warlosses.names.
    source = (names.shown(name), names.raw(name))
    summary.notices += [Notice(name, warning) for warning in warnings]
    if not reports and not civilians:
        if not quiet:
            summary.notices.append(Notice(name, "no loss report or civilian count found"))
        return False
    for day, rule, fmt, direction, losses in reports:
        summary.reports_found += 1
        if day is None and known is not None:
            day = _continuity(losses, known)
            rule = RULE_CONTINUITY if day is not None else None
            if day is not None:
                summary.notices.append(
                    Notice(name, f"day {day} inferred from the totals of day {day - 1}")
                )
        if day is None:
            summary.notices.append(Notice(name, f"found a loss report but no date; {NO_DATE_HINT}"))
            continue
        if not _storable(day, name, summary):
            continue
        if known is not None:
            known.setdefault(day, {}).update({category: total for category, total, _ in losses})
        when, about = date_of(day), (fmt, rule, direction, source[0], sha256, now, source[1])
        batch.losses += [
            (day, when, category, total, delta, *about)
            for category, total, delta in losses
            if _fits(category, total, delta, name, summary)
        ]
    for day, rule, figures in civilians:
        summary.reports_found += 1
        if day is None:
            summary.notices.append(
                Notice(name, f"found a civilian count but no date; {NO_DATE_HINT}")
            )
            continue
        if not _storable(day, name, summary):
            continue
        when = date_of(day)
        batch.civilians += [
            (day, when, region, deaths, injuries, rule, source[0], sha256, now, source[1])
            for region, deaths, injuries in figures
            if _fits(region or "civilians", deaths, injuries, name, summary)
        ]
    return True


def _storable(day: int, name: str, summary: Summary) -> bool:
    """Whether a report can be for `day` (see warday.day_problem); a notice when not."""
    problem = day_problem(day)
    if problem is not None:
        summary.notices.append(Notice(name, f"{problem}; report not stored"))
    return problem is None


def _fits(label: str, first: int, second: int | None, name: str, summary: Summary) -> bool:
    """Whether figures fit the store's 64-bit integers; a notice when they do not."""
    if first in _INT64 and (second is None or second in _INT64):
        return True
    summary.notices.append(Notice(name, f"{label}: a figure too large to store; skipped"))
    return False


def _continuity(losses: tuple[_LossFigures, ...], known: dict[int, dict[str, int]]) -> int | None:
    """Rule 5: the day after the known day whose totals are this report's totals minus
    its increases. Only a report that states every increase can be placed this way."""
    if not losses or any(delta is None for _, _, delta in losses):
        return None
    previous = {category: total - (delta or 0) for category, total, delta in losses}
    matches = [
        day
        for day, totals in known.items()
        if all(totals.get(category) == total for category, total in previous.items())
    ]
    # Two matching days (a quiet day with no change at all) leave the day unknown.
    return matches[0] + 1 if len(matches) == 1 else None


def merge(old: pa.Table, new: pa.Table, key: list[str]) -> tuple[pa.Table, bool]:
    """Old observations updated with new ones (both in the store's schema), and whether
    anything changed.

    No old row is dropped unless a new row of the same key replaces it. A new row of an
    old key keeps the old row's ingestion time: it is when the observation was first
    stored. An identical re-ingest changes nothing (and returns `old` itself). Rows come
    out as the old ones kept, then the new keys, then the replacements, each in order.

    Arrow's hash kernels do the matching: no Python object per row, so a commit's memory
    and time follow the store's size in Arrow's compact buffers, not in tuples and dicts.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    if new.num_rows == 0:
        return old, False
    ids = _key_ids(pa.concat_tables([old.select(key), new.select(key)]), key)
    old_ids, new_ids = ids.slice(0, old.num_rows), ids.slice(old.num_rows)
    if pc.count_distinct(new_ids).as_py() < new.num_rows:
        # A key given twice: its last row. A stable sort keeps each key's rows in order, so
        # its last row is the one whose next row in sorted order has another key.
        order = pc.sort_indices(new_ids)
        ids_sorted = new_ids.take(order)
        ends = pc.not_equal(ids_sorted.slice(0, new.num_rows - 1), ids_sorted.slice(1))
        last = order.filter(pa.concat_arrays([ends, arrow.array([True], pa.bool_())]))
        keep = last.take(pc.sort_indices(last))
        new, new_ids = new.take(keep), new_ids.take(keep)
    if old.num_rows == 0:
        return new, True
    where = pc.index_in(new_ids, value_set=old_ids)  # the old row of each new key, or null
    rows = arrow.arange(0, new.num_rows)
    unknown, known = pc.filter(rows, pc.is_null(where)), pc.filter(rows, pc.is_valid(where))
    at = pc.drop_null(where).cast(pa.int64())
    compared = [c for c in new.column_names if c not in key and c != "ingested_at"]
    differs = _differs(new.select(compared).take(known), old.select(compared).take(at))
    changed, earlier = pc.filter(known, differs), pc.filter(at, differs)
    if len(unknown) == 0 and len(changed) == 0:
        return old, False
    revised = new.take(changed)
    times = revised.schema.get_field_index("ingested_at")
    revised = revised.set_column(
        times, revised.schema.field(times), old["ingested_at"].take(earlier)
    )
    kept = old.filter(pc.invert(pc.is_in(old_ids, value_set=new_ids.take(changed))))
    return pa.concat_tables([kept, new.take(unknown), revised]), True


def _key_ids(keys: pa.Table, key: list[str]) -> pa.Array:
    """One int64 per row, equal exactly when the rows' key values are (a missing value,
    such as a headline's region, equal to another missing one): each column dictionary
    encoded, and the codes folded left to right, re-encoded at each step so that they
    stay below the number of rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    ids: pa.Array | None = None
    for name in key:
        encoded = keys[name].combine_chunks().dictionary_encode(null_encoding="encode")
        codes = encoded.indices.cast(pa.int64())
        if ids is None:
            ids = codes
            continue
        size = arrow.scalar(len(encoded.dictionary), pa.int64())
        pairs = pc.add(pc.multiply(ids, size), codes)
        ids = pairs.dictionary_encode().indices.cast(pa.int64())
    assert ids is not None
    return ids


def _differs(mine: pa.Table, stored: pa.Table) -> pa.Array:
    """Per row, whether any column of two tables of the same columns differs; a missing
    value equals only a missing value."""
    import functools

    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    false = arrow.scalar(False, pa.bool_())
    steps = []
    for name in mine.column_names:
        a, b = mine[name], stored[name]
        same = pc.or_kleene(pc.equal(a, b), pc.and_(pc.is_null(a), pc.is_null(b)))
        steps.append(pc.invert(pc.fill_null(same, false)))
    return functools.reduce(pc.or_, steps)


Signatures = dict[int, frozenset[tuple[object, ...]]]


def _day_signatures(view: DailyView) -> Signatures:
    """What each day looks like in the daily views, to tell added from changed days."""
    signatures: dict[int, set[tuple[object, ...]]] = {}
    for day, _, category, total, delta, _ in view.losses:
        signatures.setdefault(day, set()).add(("loss", category, total, delta))
    for day, _, region, deaths, injuries, _ in view.civilians:
        signatures.setdefault(day, set()).add(("civ", region, deaths, injuries))
    return {day: frozenset(rows) for day, rows in signatures.items()}


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    on: date | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    offline: bool = False,
) -> Summary:
    """Read, parse and store every report in `paths`, committing whole documents in
    batches (see the module's docstring). `jobs` processes parse (default_jobs() if None)."""
    summary = Summary()
    store.check_usable()
    # `current` only moves on: when the first commit finds it where it was before this
    # read, the view read here is the store's before that commit, and needs no rebuilding.
    start = store.snapshot()
    view = store.read_daily() if store.exists() else DailyView([], [])
    known = _known_totals(view)
    first: DailyView | None = None  # the store before this run's first commit
    last = first
    touched: set[int] = set()
    workers = default_jobs() if jobs is None else jobs
    batches = _batches(
        paths, summary, on=on, known=known, progress=progress, rows=COMMIT_ROWS, jobs=workers,
        meanwhile=_arrow_ready,  # imported while the workers parse, not after
        offline=offline,
    )  # fmt: skip
    ours: tuple[Path | None, ArrowTables] | None = None  # the snapshot this run wrote last
    for batch in batches:
        if ours is None:
            _arrow_ready()
        found = batch.arrow()
        with store.lock():
            at = store.snapshot()
            # Snapshots never change: the one this run wrote needs no reading back.
            before = ours[1] if ours is not None and ours[0] == at else store.read_arrow()
            if first is None:
                first = view if at == start else daily_view(before)
            after, last = _commit(store, before, found, summary)
            ours = (store.snapshot(), after)
        touched |= _days(found)
    if first is not None and last is not None:
        _count_days(first, last, touched, summary)
    return summary


def _arrow_ready() -> None:
    """pyarrow imported (0.15 s) and set to the system memory pool: Arrow's default
    (mimalloc) keeps what each commit's tables used, and over a long run the system
    allocator peaks about 50 MiB lower (bench/perf.py), at no cost in time."""
    import pyarrow as pa
    import pyarrow.compute
    import pyarrow.parquet  # noqa: F401  (imported here, used by the store)

    pa.set_memory_pool(pa.system_memory_pool())


def _known_totals(view: DailyView) -> dict[int, dict[str, int]]:
    """Each stored day's totals by category, for rule 5 (continuity)."""
    known: dict[int, dict[str, int]] = {}
    for day, _, category, total, _, _ in view.losses:
        known.setdefault(day, {})[category] = total
    return known


PREVIEW_COLUMNS = (
    "source", "day", "date", "rule", "format", "category", "total", "delta", "region",
    "deaths", "injuries",
)  # fmt: skip


def preview(
    paths: Sequence[str],
    store: Store | None,
    *,
    on: date | None = None,
    progress: Progress | None = None,
    offline: bool = False,
) -> tuple[Rows, Summary]:
    """What `ingest` would store, and what it would say, without writing anything.

    One row per record: loss rows fill `category`, `total` and `delta`; civilian rows
    (format `civilians`) fill `region`, `deaths` and `injuries`. The store, when there
    is one, is only read, for rule 5 (continuity).
    """
    view = store.read_daily() if store is not None and store.exists() else DailyView([], [])
    batch, summary = collect(
        paths, on=on, known=_known_totals(view), progress=progress, offline=offline
    )
    return _preview_rows(batch), summary


def preview_text(text: str, name: str, *, on: date | None = None) -> tuple[Rows, Summary]:
    """`preview` of one text held in memory, named `name`, with no store to read."""
    import hashlib

    summary = Summary(files_read=1)
    batch = _Batch()
    parsed = parse(text, name=name, on=on)
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    _add(_figures(name, sha256, parsed), batch, summary, datetime.now(UTC), None)
    return _preview_rows(batch), summary


def _preview_rows(batch: _Batch) -> Rows:
    # A loss row is (day, date, category, total, delta, format, rule, direction, source,
    # ...), a civilian row (day, date, region, deaths, injuries, rule, source, ...).
    losses = [(r[8], r[0], r[1].isoformat(), r[6], r[5], r[2], r[3], r[4], None, None, None)
              for r in batch.losses]  # fmt: skip
    civilians = [(r[6], r[0], r[1].isoformat(), r[5], "civilians", None, None, None, *r[2:5])
                 for r in batch.civilians]  # fmt: skip
    rows = losses + civilians
    # Each document's records together, documents in the order they were read.
    order = {source: i for i, source in enumerate(dict.fromkeys(row[0] for row in rows))}
    rows.sort(key=lambda row: order[row[0]])
    return Rows(
        PREVIEW_COLUMNS,
        rows,
        ints=frozenset({"day", "total", "delta", "deaths", "injuries"}),
        dates=frozenset({"date"}),
    )


def apply(store: Store, before: ArrowTables, found: ArrowTables, summary: Summary) -> None:
    """Merge `found` observations into the store read as `before`, write it if anything
    changed, and count the days added, changed and unchanged in `summary`.

    Call it holding `store.lock()`, with `before` read under that same lock.
    """
    _, after = _commit(store, before, found, summary)
    _count_days(daily_view(before), after, _days(found), summary)


def _commit(
    store: Store, before: ArrowTables, found: ArrowTables, summary: Summary
) -> tuple[ArrowTables, DailyView]:
    """Merge and write: what the store holds now, and its daily views. A store read in an
    older schema version is written in the current one even when nothing else changed."""
    losses, losses_changed = merge(before.losses, found.losses, LOSS_KEY)
    civilians, civilians_changed = merge(before.civilians, found.civilians, CIVILIAN_KEY)
    after = ArrowTables(losses, civilians)
    if not (losses_changed or civilians_changed or before.version < SCHEMA_VERSION):
        return after, daily_view(after)
    view = store.write(after)
    if before.version < SCHEMA_VERSION:
        summary.notices.append(
            Notice(
                str(store.path),
                f"store upgraded from schema version {before.version} to {SCHEMA_VERSION}",
            )
        )
    return after, view


def _days(found: ArrowTables) -> set[int]:
    return set(found.losses["day"].to_pylist()) | set(found.civilians["day"].to_pylist())


def _count_days(before: DailyView, after: DailyView, touched: set[int], summary: Summary) -> None:
    old_days, new_days = _day_signatures(before), _day_signatures(after)
    for day in sorted(touched):
        if day not in old_days:
            summary.days_added.append(day)
        elif old_days[day] != new_days.get(day):
            summary.days_changed.append(day)
        else:
            summary.days_unchanged.append(day)
