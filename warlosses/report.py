"""The figures that need every observation, not only the daily views: `check` and
`sources`, in plain Python like the rest of the engine (`daily.py`). Nothing here prints.

Observations come from the store's Arrow tables as plain values, column by column
(`observations`), never through pandas.
"""

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from warlosses.daily import Rows, _Losses, order, rank
from warlosses.store import DailyView
from warlosses.warday import date_of

if TYPE_CHECKING:
    from warlosses.store import ArrowTables

CHECK_COLUMNS = (
    "day", "date", "category", "kind", "total", "delta", "change", "previous",
    "other_total", "other_delta", "source", "other_source", "detail",
)  # fmt: skip
_CHECK_INTS = frozenset({"day", "total", "delta", "change", "previous", "other_total",
                         "other_delta"})  # fmt: skip
SOURCE_COLUMNS = ("source", "source_sha256", "ingested_at", "days", "records", "formats")

# An observation as `check` compares it: day, category, total, delta, source.
Observation = tuple[int, str, int, int | None, str]
# A row of either table as `sources` counts it: sha256, source, ingested_at (µs since
# 1970 in UTC, None when unknown), day, format (None for civilian rows).
SourceRow = tuple[str, str, int | None, int, str | None]


@dataclass(frozen=True)
class Observations:
    """What `check` and `sources` read of every observation in the store."""

    losses: list[Observation]
    sources: list[SourceRow]


def observations(tables: "ArrowTables") -> Observations:
    """The columns `check` and `sources` need, as plain values.

    Timestamps are read as integers: pyarrow's own conversion to datetime imports pandas.
    """
    import pyarrow as pa

    def column(table: Any, name: str) -> list[Any]:
        values = table[name]
        if name == "ingested_at":
            values = values.cast(pa.int64())
        result: list[Any] = values.to_pylist()
        return result

    losses = tables.losses
    found = [column(losses, n) for n in ("day", "category", "total", "delta", "source")]
    rows: list[SourceRow] = []
    for table in (losses, tables.civilians):
        names = ("source_sha256", "source", "ingested_at", "day")
        values = [column(table, n) for n in names]
        formats = column(table, "format") if "format" in table.column_names else None
        if formats is None:
            formats = [None] * table.num_rows
        rows += zip(*values, formats, strict=True)
    return Observations(list(zip(*found, strict=True)) if losses.num_rows else [], rows)


# ---------------------------------------------------------------------------------------
# Checks


class Kind(StrEnum):
    """What `check` reports, in the order it lists them within a day."""

    correction = "correction"
    decrease = "decrease"
    gap = "gap"
    civilians_sum = "civilians_sum"
    conflict = "conflict"


def check(view: DailyView, found: Iterable[Observation]) -> Rows:
    """Every figure a reader should look at twice, one row each, by day.

    correction: the stated increase differs from the change of the totals; decrease: a
    total below the previous stored one; gap: days without a record between a category's
    first and last day (one row with no category when every category lacks them);
    civilians_sum: regions that do not sum to the day's headline; conflict: two sources
    that disagree on a day and category (`source` is the one the reports use).
    """
    data = _Losses(view)
    rows: list[dict[str, Any]] = []
    rows += _corrections(data)
    rows += _decreases(data)
    rows += _gaps(data)
    rows += _civilian_sums(view)
    rows += _conflicts(data, found)
    kinds = {kind.value: i for i, kind in enumerate(Kind)}
    rows.sort(
        key=lambda row: (
            row["day"],
            kinds[row["kind"]],
            rank(row["category"] or ""),
            row["other_source"] or "",
        )
    )
    return Rows(
        CHECK_COLUMNS,
        [tuple(row[name] for name in CHECK_COLUMNS) for row in rows],
        ints=_CHECK_INTS,
        dates=frozenset({"date"}),
    )


def _finding(
    kind: Kind, day: int, date: str, category: str | None, detail: str, **figures: Any
) -> dict[str, Any]:
    row = dict.fromkeys(CHECK_COLUMNS)
    row.update(day=day, date=date, category=category, kind=kind.value, detail=detail, **figures)
    return row


def _corrections(data: _Losses) -> list[dict[str, Any]]:
    found = []
    for row in data.rows:
        day, date, category, total, delta, source = row
        change = data.change(row)
        if delta is None or change is None or delta == change:
            continue
        previous = total - change
        detail = f"stated {delta:+,}, the total moved {change:+,} ({previous:,} → {total:,})"
        found.append(
            _finding(
                Kind.correction,
                day,
                date,
                category,
                detail,
                total=total,
                delta=delta,
                change=change,
                previous=previous,
                source=source,
            )
        )
    return found


def _decreases(data: _Losses) -> list[dict[str, Any]]:
    found = []
    last: dict[str, tuple[int, int]] = {}  # category → its previous stored (day, total)
    for row in sorted(data.rows, key=lambda r: (r[2], r[0])):
        day, date, category, total, delta, source = row
        before = last.get(category)
        last[category] = (day, total)
        if before is None or total >= before[1]:
            continue
        previous_day, previous = before
        detail = f"the total fell from {previous:,} (day {previous_day}) to {total:,}"
        found.append(
            _finding(
                Kind.decrease,
                day,
                date,
                category,
                detail,
                total=total,
                delta=delta,
                change=total - previous,
                previous=previous,
                source=source,
            )
        )
    return found


def _gaps(data: _Losses) -> list[dict[str, Any]]:
    """Days without a record between a category's first and last day, as runs; a run that
    every category around it lacks is one gap with no category, not one per category.

    Worked out on runs of days, never on each day of the span: the time and memory grow
    with the records, not with the days between the first and the last (a store holding
    day 2,913,850 once made this take 97 s and 4.5 GB).
    """
    days: dict[str, list[int]] = {}
    for row in data.rows:
        days.setdefault(row[2], []).append(row[0])
    missing: dict[str, list[tuple[int, int]]] = {}
    counts: dict[int, list[int]] = {}  # a day → changes in (spanning, lacking) categories
    for category, known in days.items():
        known = sorted(set(known))
        missing[category] = [(a + 1, b - 1) for a, b in itertools.pairwise(known) if b - a > 1]
        spans = [(known[0] + 1, known[-1], 0)]  # counted as spanning, days start..stop-1
        spans += [(first, last + 1, 1) for first, last in missing[category]]  # as lacking
        for start, stop, counter in spans:
            if start < stop:
                counts.setdefault(start, [0, 0])[counter] += 1
                counts.setdefault(stop, [0, 0])[counter] -= 1
    # Sweep the days where the counts change: a stretch where some categories lack a
    # record and every category spanning it does is lacking everywhere.
    everywhere: list[tuple[int, int]] = []
    spanning = lacking = 0
    points = sorted(counts)
    for point, after in zip(points, points[1:], strict=False):
        spanning, lacking = spanning + counts[point][0], lacking + counts[point][1]
        if lacking and lacking == spanning:
            if everywhere and everywhere[-1][1] == point - 1:
                everywhere[-1] = (everywhere[-1][0], after - 1)
            else:
                everywhere.append((point, after - 1))
    runs: list[tuple[int, int, str | None]] = [(a, b, None) for a, b in everywhere]
    for category in order(set(missing)):
        runs += [(a, b, category) for a, b in _without(missing[category], everywhere)]
    found = []
    for first, last, lacking_in in runs:
        which = f"days {first}–{last} ({last - first + 1} days)" if last > first else f"day {first}"
        found.append(
            _finding(
                Kind.gap, first, date_of(first).isoformat(), lacking_in, f"no record for {which}"
            )
        )
    return found


def _without(runs: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The days of `runs` outside the runs `taken` (both sorted, neither overlapping
    itself), as runs."""
    left: list[tuple[int, int]] = []
    for first, last in runs:
        at = bisect.bisect_left(taken, (first, first))
        at = max(0, at - 1)
        start = first
        while at < len(taken) and taken[at][0] <= last:
            a, b = taken[at]
            if b >= start:
                if a > start:
                    left.append((start, a - 1))
                start = max(start, b + 1)
            at += 1
        if start <= last:
            left.append((start, last))
    return left


def _civilian_sums(view: DailyView) -> list[dict[str, Any]]:
    headlines: dict[int, tuple[str, int, int, str]] = {}
    sums: dict[int, tuple[int, int]] = {}
    for day, date, region, deaths, injuries, source in view.civilians:
        if region is None:
            headlines[day] = (date, deaths, injuries, source)
        else:
            before = sums.get(day, (0, 0))
            sums[day] = (before[0] + deaths, before[1] + injuries)
    found = []
    for day, (date, deaths, injuries, source) in headlines.items():
        if day not in sums or sums[day] == (deaths, injuries):
            continue
        regional_deaths, regional_injuries = sums[day]
        detail = (
            f"regions sum to {regional_deaths} deaths / {regional_injuries} injuries, "
            f"the headline says {deaths} / {injuries}"
        )
        found.append(_finding(Kind.civilians_sum, day, date, None, detail, source=source))
    return found


def _conflicts(data: _Losses, found: Iterable[Observation]) -> list[dict[str, Any]]:
    """Observations whose figures differ from those the reports use for their day and
    category (one that gives the same figures agrees, whichever document it is)."""
    chosen = {(row[0], row[2]): row for row in data.rows}
    conflicts = []
    for day, category, total, delta, source in found:
        used = chosen.get((day, category))
        if used is None or (used[3], used[4]) == (total, delta):
            continue
        _, date, _, used_total, used_delta, used_source = used
        detail = (
            f"{used_source} gives {_figure(used_total, used_delta)}, "
            f"{source} gives {_figure(total, delta)}"
        )
        conflicts.append(
            _finding(
                Kind.conflict,
                day,
                date,
                category,
                detail,
                total=used_total,
                delta=used_delta,
                other_total=total,
                other_delta=delta,
                source=used_source,
                other_source=source,
            )
        )
    return conflicts


def _figure(total: int, delta: int | None) -> str:
    return f"{total:,}" + ("" if delta is None else f" ({delta:+,})")


# ---------------------------------------------------------------------------------------
# Sources

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sources(found: Iterable[SourceRow]) -> Rows:
    """What the store was built from: one row per source document (its name and SHA-256),
    when it was first stored, the days and records it gives and their formats; by first
    ingestion (unknown last), then name."""
    groups: dict[tuple[str, str], tuple[int | None, set[int], list[int], set[str]]] = {}
    for sha256, source, ingested_at, day, fmt in found:
        group = groups.get((sha256, source))
        if group is None:
            group = groups[(sha256, source)] = (ingested_at, set(), [0], set())
        elif ingested_at is not None and (group[0] is None or ingested_at < group[0]):
            group = groups[(sha256, source)] = (ingested_at, *group[1:])
        group[1].add(day)
        group[2][0] += 1
        if fmt is not None:
            group[3].add(fmt)
    ordered = sorted(
        groups.items(), key=lambda item: (item[1][0] is None, item[1][0] or 0, item[0][1])
    )
    rows = [
        (source, sha256, None if first is None else _time(first), len(days), count[0],
         ",".join(sorted(formats)))
        for (sha256, source), (first, days, count, formats) in ordered
    ]  # fmt: skip
    return Rows(
        SOURCE_COLUMNS, rows, ints=frozenset({"days", "records"}), times=frozenset({"ingested_at"})
    )


def _time(microseconds: int) -> str:
    return (_EPOCH + timedelta(microseconds=microseconds)).isoformat()
