"""documents → parse → records → store: what `warlosses ingest` does, without the CLI.

Documents are read and parsed one at a time, outside the store's lock. Their rows are
committed in batches of whole documents (about COMMIT_ROWS rows each), each batch merged
and written under the lock as one atomic snapshot. So memory stays bounded however many
files a run reads, concurrent ingests wait for each other only while one writes, and an
ingest killed midway leaves whole documents stored: running it again completes it.
"""

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import pandas as pd
import pyarrow as pa

from warlosses.documents import STDIN, Document, Unreadable, find_files, read_document
from warlosses.errors import WarlossesError
from warlosses.parse import RULE_CONTINUITY, Parsed, Report, parse
from warlosses.store import (
    CIVILIAN_KEY,
    CIVILIANS_SCHEMA,
    LOSS_KEY,
    LOSSES_SCHEMA,
    SCHEMA_VERSION,
    Store,
    Tables,
    civilians_view,
    losses_view,
    to_frame,
)
from warlosses.warday import date_of

NO_DATE_HINT = "pass --date YYYY-MM-DD (or --day N) to store it"
# Rows held before they are committed: bounds memory, and how much a kill can undo.
COMMIT_ROWS = 20_000
_INT64 = range(-(2**63), 2**63)
_INT32 = range(-(2**31), 2**31)


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
    reports_found: int = 0
    days_added: list[int] = field(default_factory=list)
    days_changed: list[int] = field(default_factory=list)
    days_unchanged: list[int] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(notice.error for notice in self.notices)


@dataclass
class _Batch:
    """Rows found so far in this run, in the store's column order."""

    losses: list[dict[str, Any]] = field(default_factory=list)
    civilians: list[dict[str, Any]] = field(default_factory=list)

    def frames(self) -> Tables:
        return Tables(
            to_frame(self.losses, LOSSES_SCHEMA), to_frame(self.civilians, CIVILIANS_SCHEMA)
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
) -> tuple[_Batch, Summary]:
    """Read and parse every document; the rows they give and what to tell the user.

    `known` maps stored days to their totals, for rule 5 (continuity); days dated in this
    batch are added to it as they are found.
    """
    summary = Summary()
    batch = _Batch()
    for part in _batches(paths, summary, on=on, known=known, progress=progress, rows=None):
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
) -> Iterator[_Batch]:
    """The rows of the documents in `paths`, in batches of whole documents of at least
    `rows` rows (the last one smaller; one batch of everything when `rows` is None).

    One document is held at a time; notices go to `summary` as the documents are read.
    """
    batch = _Batch()
    now = datetime.now(UTC)
    names = list(find_files(paths))
    for index, (document, parsed) in enumerate(_parsed(names, on, jobs), start=1):
        if progress is not None:
            progress(index, len(names))
        if isinstance(document, Unreadable) or parsed is None:
            assert isinstance(document, Unreadable)
            summary.notices.append(Notice(document.name, document.reason, document.error))
            continue
        summary.files_read += 1
        _add(document, parsed, batch, summary, now, known)
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


Parsed_ = tuple[Document | Unreadable, Parsed | None]


def _read_and_parse(item: str | Unreadable, on: date | None) -> Parsed_:
    """One document read and parsed. Its text is dropped: only figures cross processes."""
    document = item if isinstance(item, Unreadable) else read_document(item)
    if isinstance(document, Unreadable):
        return document, None
    return replace(document, text=""), parse(document.text, name=document.name, on=on)


def _parsed(names: list[str | Unreadable], on: date | None, jobs: int) -> Iterator[Parsed_]:
    """Every document parsed, in the order of `names`; in `jobs` processes for a large batch.

    Parsing is pure, so it runs anywhere; what needs the store (continuity, merging) stays
    in this process. Standard input can only be read here.
    """
    if jobs <= 1 or len(names) < POOL_MIN_FILES or STDIN in names:
        for name in names:
            yield _read_and_parse(name, on)
        return
    # Forked workers start at once with the modules already loaded; spawned ones would
    # import pandas each. Fork is there on Linux and macOS.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(partial(_read_and_parse, on=on), names, chunksize=16)


def _add(
    document: Document,
    parsed: Parsed,
    batch: _Batch,
    summary: Summary,
    now: datetime,
    known: dict[int, dict[str, int]] | None,
) -> None:
    for warning in parsed.warnings:
        summary.notices.append(Notice(document.name, warning))
    if not parsed.reports and not parsed.civilians:
        summary.notices.append(Notice(document.name, "no loss report or civilian count found"))
        return
    source = {"source": document.name, "source_sha256": document.sha256, "ingested_at": now}
    for report in parsed.reports:
        summary.reports_found += 1
        day, rule = report.day, report.rule
        if day is None and known is not None:
            day = _continuity(report, known)
            rule = RULE_CONTINUITY if day is not None else None
            if day is not None:
                summary.notices.append(
                    Notice(document.name, f"day {day} inferred from the totals of day {day - 1}")
                )
        if day is None:
            summary.notices.append(
                Notice(document.name, f"found a loss report but no date; {NO_DATE_HINT}")
            )
            continue
        if not _storable(day, document.name, summary):
            continue
        if known is not None:
            known.setdefault(day, {}).update({x.category: x.total for x in report.losses})
        for loss in report.losses:
            if not _fits(loss.category, [loss.total, loss.delta], document.name, summary):
                continue
            batch.losses.append(
                {
                    "day": day,
                    "date": date_of(day),
                    "category": loss.category,
                    "total": loss.total,
                    "delta": loss.delta,
                    "format": report.format,
                    "rule": rule,
                    "direction": report.direction,
                    **source,
                }
            )
    for civilian in parsed.civilians:
        summary.reports_found += 1
        if civilian.day is None:
            summary.notices.append(
                Notice(document.name, f"found a civilian count but no date; {NO_DATE_HINT}")
            )
            continue
        if not _storable(civilian.day, document.name, summary):
            continue
        for figure in civilian.figures:
            label = figure.region or "civilians"
            if not _fits(label, [figure.deaths, figure.injuries], document.name, summary):
                continue
            batch.civilians.append(
                {
                    "day": civilian.day,
                    "date": date_of(civilian.day),
                    "region": figure.region,
                    "deaths": figure.deaths,
                    "injuries": figure.injuries,
                    "rule": civilian.rule,
                    **source,
                }
            )


def _storable(day: int, name: str, summary: Summary) -> bool:
    """Whether a day has a calendar date the store can hold; a notice when it has not."""
    try:
        if day in _INT32:
            date_of(day)
            return True
    except WarlossesError:
        pass
    summary.notices.append(Notice(name, f"day {day} has no calendar date; report not stored"))
    return False


def _fits(label: str, figures: list[int | None], name: str, summary: Summary) -> bool:
    """Whether figures fit the store's 64-bit integers; a notice when they do not."""
    if all(figure is None or figure in _INT64 for figure in figures):
        return True
    summary.notices.append(Notice(name, f"{label}: a figure too large to store; skipped"))
    return False


def _continuity(report: Report, known: dict[int, dict[str, int]]) -> int | None:
    """Rule 5: the day after the known day whose totals are this report's totals minus
    its increases. Only a report that states every increase can be placed this way."""
    if not report.losses or any(loss.delta is None for loss in report.losses):
        return None
    previous = {loss.category: loss.total - (loss.delta or 0) for loss in report.losses}
    matches = [
        day
        for day, totals in known.items()
        if all(totals.get(category) == total for category, total in previous.items())
    ]
    # Two matching days (a quiet day with no change at all) leave the day unknown.
    return matches[0] + 1 if len(matches) == 1 else None


def merge(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, bool]:
    """Old observations updated with new ones, and whether anything changed.

    No old row is dropped unless a new row of the same key replaces it. A new row of an
    old key keeps the old row's ingestion time: it is when the observation was first
    stored. An identical re-ingest changes nothing.
    """
    if new.empty:
        return old, False
    new = new.drop_duplicates(key, keep="last").astype(old.dtypes.to_dict())
    if old.empty:
        return new.reset_index(drop=True), True
    positions = pd.Series(range(len(old)), index=_key_index(old, key))
    positions = positions[~positions.index.duplicated(keep="last")]
    at = positions.reindex(_key_index(new, key))
    known = at.notna().to_numpy()
    earlier = old.iloc[at[known].astype(int).to_numpy()].reset_index(drop=True)
    again = new[known].reset_index(drop=True)
    same = pd.Series(True, index=again.index)
    for column in (c for c in new.columns if c not in key and c != "ingested_at"):
        both_null = again[column].isna() & earlier[column].isna()
        same &= (again[column] == earlier[column]).fillna(False).astype(bool) | both_null
    changed = again[~same.to_numpy()].assign(
        ingested_at=earlier.loc[~same.to_numpy(), "ingested_at"]
    )
    fresh = pd.concat([new[~known], changed], ignore_index=True)
    if fresh.empty:
        return old, False
    kept = old[~_key_index(old, key).isin(_key_index(fresh, key))]
    return pd.concat([kept, fresh.astype(old.dtypes.to_dict())], ignore_index=True), True


def _key_index(frame: pd.DataFrame, key: list[str]) -> pd.Index:
    """Each row's key as one tuple, with every missing value as None so that two missing
    values (a headline's region) are the same key."""
    columns = [frame[c].astype(object).where(frame[c].notna(), None) for c in key]
    return pd.Index(list(zip(*columns, strict=True)), tupleize_cols=False, dtype=object)


def _day_signatures(tables: Tables) -> dict[int, frozenset[tuple[object, ...]]]:
    """What each day looks like in the daily views, to tell added from changed days."""
    signatures: dict[int, set[tuple[object, ...]]] = {}
    losses = losses_view(tables.losses)
    for row in losses[["day", "category", "total", "delta"]].itertuples(index=False):
        signatures.setdefault(int(row[0]), set()).add(("loss", *row[1:]))
    civilians = civilians_view(tables.civilians)
    for row in civilians[["day", "region", "deaths", "injuries"]].itertuples(index=False):
        signatures.setdefault(int(row[0]), set()).add(("civ", *row[1:]))
    return {day: frozenset(rows) for day, rows in signatures.items()}


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    on: date | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Summary:
    """Read, parse and store every report in `paths`, committing whole documents in
    batches (see the module's docstring). `jobs` processes parse (default_jobs() if None)."""
    # Arrow's default pool (mimalloc) keeps what each commit's tables used; over a long
    # run the system allocator peaks about 50 MiB lower (bench/perf.py), at no cost in time.
    pa.set_memory_pool(pa.system_memory_pool())
    summary = Summary()
    known = _known_totals(store.read())
    first: Tables | None = None  # the store before this run's first commit
    last = first
    touched: set[int] = set()
    workers = default_jobs() if jobs is None else jobs
    batches = _batches(
        paths, summary, on=on, known=known, progress=progress, rows=COMMIT_ROWS, jobs=workers
    )
    for batch in batches:
        found = batch.frames()
        with store.lock():
            before = store.read()
            last = _commit(store, before, found, summary)
        first = before if first is None else first
        touched |= _days(found)
    if first is not None and last is not None:
        _count_days(first, last, touched, summary)
    return summary


def _known_totals(tables: Tables) -> dict[int, dict[str, int]]:
    """Each stored day's totals by category, for rule 5 (continuity)."""
    known: dict[int, dict[str, int]] = {}
    view = losses_view(tables.losses)
    for row in view[["day", "category", "total"]].itertuples(index=False):
        known.setdefault(int(row[0]), {})[str(row[1])] = int(row[2])
    return known


PREVIEW_COLUMNS = [
    "source", "day", "date", "rule", "format", "category", "total", "delta", "region",
    "deaths", "injuries",
]  # fmt: skip


def preview(
    paths: Sequence[str],
    store: Store | None,
    *,
    on: date | None = None,
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, Summary]:
    """What `ingest` would store, and what it would say, without writing anything.

    One row per record: loss rows fill `category`, `total` and `delta`; civilian rows
    (format `civilians`) fill `region`, `deaths` and `injuries`. The store, when there
    is one, is only read, for rule 5 (continuity).
    """
    known = _known_totals(store.read()) if store is not None and store.exists() else {}
    batch, summary = collect(paths, on=on, known=known, progress=progress)
    found = batch.frames()
    civilians = found.civilians.assign(format="civilians")
    rows = pd.concat(
        [frame for frame in (found.losses, civilians) if not frame.empty] or [found.losses],
        ignore_index=True,
    )
    # Each document's records together, documents in the order they were read.
    order = {source: i for i, source in enumerate(dict.fromkeys(rows["source"]))}
    rows = rows.sort_values("source", key=lambda column: column.map(order), kind="stable")
    return rows.reindex(columns=PREVIEW_COLUMNS).reset_index(drop=True), summary


def apply(store: Store, before: Tables, found: Tables, summary: Summary) -> Tables:
    """Merge `found` observations into the store read as `before`, write it if anything
    changed, count the days added, changed and unchanged in `summary`, and return what
    the store now holds.

    Call it holding `store.lock()`, with `before` read under that same lock.
    """
    after = _commit(store, before, found, summary)
    _count_days(before, after, _days(found), summary)
    return after


def _commit(store: Store, before: Tables, found: Tables, summary: Summary) -> Tables:
    """Merge and write; a store read in an older schema version is written in the current
    one even when nothing else changed."""
    losses, losses_changed = merge(before.losses, found.losses, LOSS_KEY)
    civilians, civilians_changed = merge(before.civilians, found.civilians, CIVILIAN_KEY)
    after = Tables(losses, civilians)
    if losses_changed or civilians_changed or before.version < SCHEMA_VERSION:
        store.write(after)
        if before.version < SCHEMA_VERSION:
            summary.notices.append(
                Notice(
                    str(store.path),
                    f"store upgraded from schema version {before.version} to {SCHEMA_VERSION}",
                )
            )
    return after


def _days(found: Tables) -> set[int]:
    return set(found.losses["day"].astype(int)) | set(found.civilians["day"].astype(int))


def _count_days(before: Tables, after: Tables, touched: set[int], summary: Summary) -> None:
    old_days, new_days = _day_signatures(before), _day_signatures(after)
    for day in sorted(touched):
        if day not in old_days:
            summary.days_added.append(day)
        elif old_days[day] != new_days.get(day):
            summary.days_changed.append(day)
        else:
            summary.days_unchanged.append(day)
