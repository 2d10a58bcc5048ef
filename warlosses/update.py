"""`warlosses update`: the store brought up to date from a public data set, no text needed.

Two sources, each read through importers.read_records (the one mapping `import` uses):

- `dataset`: the 2022-Ukraine-Russia-War-Dataset's day-keyed equipment and personnel JSON,
  two whole files (the source allows nothing smaller; a second run is a conditional
  request that the server answers "not modified");
- `rip`: the russianwarship.rip statistics API: its latest record, and when the store
  lacks more than the last day, the paged list of the days since the last stored one.

Records keep the address they came from as their source (format `dataset` or `api`, rule
`import`, stamped with the time they were fetched). A record the store already holds in
the same format, with the same figures, is left out: so are the data set's unchanged
days, and an `import` of the same files is not repeated. A source's revision, and a
text-derived record that disagrees, are kept beside the older observation, and
`warlosses check` lists them as conflicts.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from enum import StrEnum
from urllib.parse import urlencode

from warlosses.documents import Body, Unreadable, decode
from warlosses.errors import WarlossesError
from warlosses.fetch import Fetcher
from warlosses.importers import (
    FORMAT_API,
    FORMAT_DATASET,
    Imported,
    ImportProblem,
    read_records,
    rows,
)
from warlosses.ingest import Notice, Summary, apply
from warlosses.store import LOSSES_SCHEMA, Store, empty_arrow_tables
from warlosses.warday import date_of


class Source(StrEnum):
    """Where `update` reads from."""

    dataset = "dataset"
    rip = "rip"


DATASET_BASE = (
    "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data/"
)
DATASET_FILES = ("russia_losses_equipment.json", "russia_losses_personnel.json")
RIP_BASE = "https://russianwarship.rip/api/v2/"
RIP_LATEST = "statistics/latest"
RIP_LIST = "statistics"
# Records per page of the API's list (the page size its own clients use).
RIP_PAGE = 50
# A bound on the pages one run asks for: 50 records a page covers the whole war 40 times.
RIP_MAX_PAGES = 1000
DEFAULT_BASES = {Source.dataset: DATASET_BASE, Source.rip: RIP_BASE}

Progress = Callable[[int, int], None]
# A body read: its address and fetch time, the SHA-256 of its bytes, its records.
_Found = tuple[Body, str, Imported]


def update(
    store: Store,
    source: Source,
    *,
    base: str | None = None,
    offline: bool = False,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
) -> Summary:
    """Fetch what the store lacks from `source` (at `base`, default DEFAULT_BASES) and
    store it in one commit. `days_added` and `days_changed` of the summary are the days
    it stored records for."""
    store.check_usable()
    root = _base(base if base is not None else DEFAULT_BASES[source])
    summary = Summary()
    found: list[_Found] = []
    with fetcher if fetcher is not None else Fetcher(offline=offline) as active:
        if source is Source.dataset:
            urls = [root + name for name in DATASET_FILES]
            bodies = active.get_all(urls, progress)
            found += _read(bodies, summary)
        else:
            found += _from_rip(active, root, store, summary, progress)
    return _store(store, found, summary)


def _base(base: str) -> str:
    if not base.lower().startswith(("http://", "https://")):
        raise WarlossesError(f"--url {base}: expected an http:// or https:// address")
    return base if base.endswith("/") else base + "/"


def _read(bodies: Iterable[Body | Unreadable], summary: Summary) -> list[_Found]:
    """Each body's records, through the mapping `import` uses; failures as notices."""
    found = []
    for body in bodies:
        if isinstance(body, Unreadable):
            summary.notices.append(Notice(body.name, body.reason, error=True))
            continue
        try:
            data = body.read()
        except OSError as error:
            summary.notices.append(Notice(body.name, f"its cached copy cannot be read ({error})"))
            continue
        text = decode(data, body.charset)
        try:
            if text is None:
                raise ImportProblem("binary data, not JSON")
            imported = read_records(body.name, text)
        except ImportProblem as problem:
            summary.notices.append(Notice(body.name, str(problem), error=True))
            continue
        summary.addresses_read += 1
        summary.documents_read += 1
        summary.notices += [Notice(body.name, warning) for warning in imported.warnings]
        found.append((body, hashlib.sha256(data).hexdigest(), imported))
    return found


def _from_rip(
    fetcher: Fetcher, root: str, store: Store, summary: Summary, progress: Progress | None
) -> list[_Found]:
    """The latest record; and, when the store lacks more than the last day, the paged
    list from the day after the last stored one."""
    found = _read([fetcher.get(root + RIP_LATEST)], summary)
    latest = max((r.day for _, _, imported in found for r in imported.records), default=None)
    if latest is None:
        return found
    view = store.read_daily() if store.exists() else None
    last = max((row[0] for row in view.losses), default=0) if view is not None else 0
    if last >= latest - 1:
        return found
    since, until = date_of(max(1, last + 1)), date_of(latest)

    def page(offset: int) -> str:
        query = {"offset": offset, "limit": RIP_PAGE, "date_from": since, "date_to": until}
        return f"{root}{RIP_LIST}?{urlencode(query)}"

    first = _read([fetcher.get(page(0))], summary)
    found += first
    if not first:
        return found
    # The first page says how many records there are; else one a day is expected.
    total = _paging_total(first[0][0])
    if total is None:
        total = (until - since).days + 1
    pages = min(RIP_MAX_PAGES, -(-total // RIP_PAGE))
    rest = [page(n * RIP_PAGE) for n in range(1, pages)]
    if progress is not None:
        progress(1, pages)
    if rest:
        counted = None if progress is None else (lambda d, t: progress(d + 1, t + 1))
        found += _read(fetcher.get_all(rest, counted), summary)
    return found


def _paging_total(body: Body) -> int | None:
    """The number of records a page of the API's list says the whole list holds."""
    try:
        paging = json.loads(body.read())["data"]["paging"]
        total = paging["total"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return total if isinstance(total, int) and total >= 0 else None


def _store(store: Store, found: list[_Found], summary: Summary) -> Summary:
    """Merge what was found, less what the store already holds, in one commit."""
    from warlosses import arrow

    names = LOSSES_SCHEMA.names
    with store.lock():
        before = store.read_arrow()
        held = _held(before.losses)
        fresh: list[tuple[object, ...]] = []
        days: set[int] = set()
        for body, sha256, imported in found:
            days |= {record.day for record in imported.records}
            new = []
            for record in imported.records:
                key = (record.day, record.category, record.total, record.delta, record.format)
                if key not in held:
                    held.add(key)
                    new.append(record)
            kept = replace(imported, records=tuple(new))
            fresh += [
                tuple(row[n] for n in names)
                for row in rows(kept, source=body.name, sha256=sha256, now=body.fetched_at)
            ]
        summary.reports_found = len(days)
        tables = replace(empty_arrow_tables(), losses=arrow.table(fresh, LOSSES_SCHEMA))
        apply(store, before, tables, summary)
    touched = set(summary.days_added) | set(summary.days_changed)
    summary.days_unchanged = sorted((days - touched) | set(summary.days_unchanged))
    return summary


def _held(losses: object) -> set[tuple[object, ...]]:
    """The figures the store holds in the data sets' formats."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warlosses import arrow

    assert isinstance(losses, pa.Table)
    formats = arrow.array([FORMAT_DATASET, FORMAT_API], pa.string())
    mine = losses.filter(pc.is_in(losses["format"], value_set=formats))
    columns = [mine[name].to_pylist() for name in ("day", "category", "total", "delta", "format")]
    return set(zip(*columns, strict=True))
