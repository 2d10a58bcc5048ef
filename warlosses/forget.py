"""Taking back what a source document gave: `warlosses forget SOURCE...`.

A source is named as `sources` lists it: by its name, or by the start of its SHA-256
(four hex digits or more). Every observation it gave, loss and civilian, is removed in one
commit under the store's lock, as an ingest writes (a new snapshot, then `current` moved
to it): a kill at any moment leaves the store as it was or as it is after. The daily views
then fall back to the sources that remain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warlosses import names
from warlosses.errors import WarlossesError
from warlosses.ingest import _day_signatures
from warlosses.store import ArrowTables, Store, daily_view

if TYPE_CHECKING:
    import pyarrow as pa

_PREFIX = re.compile(r"[0-9a-fA-F]{4,64}")


@dataclass(frozen=True)
class Source:
    """One source document and what it gave."""

    name: str
    sha256: str
    losses: int = 0
    civilians: int = 0
    days: tuple[int, ...] = ()

    def line(self, verb: str) -> str:
        """`Forgetting data/briefing-06.txt (a4c9df1f): 7 loss records and 4 civilian
        figures of day 1039`."""
        parts = [_count(self.losses, "loss record")] if self.losses else []
        if self.civilians:
            parts.append(_count(self.civilians, "civilian figure"))
        what = " and ".join(parts)
        return f"{verb} {self.name} ({self.sha256[:8]}): {what} of {_days(self.days)}"


@dataclass
class Forgotten:
    """What `forget` took back (or would take back, on a dry run) and what it did to the
    daily views: days now from other sources, days no longer stored, days unchanged."""

    sources: list[Source]
    dry_run: bool = False
    days_changed: list[int] = field(default_factory=list)
    days_removed: list[int] = field(default_factory=list)
    days_unchanged: list[int] = field(default_factory=list)

    def listing(self) -> list[str]:
        """A line per source: what goes (or would go)."""
        verb = "Would forget" if self.dry_run else "Forgetting"
        return [source.line(verb) for source in self.sources]

    def __str__(self) -> str:
        """The outcome, the line the command ends with."""
        records = sum(source.losses + source.civilians for source in self.sources)
        what = f"{_count(len(self.sources), 'source')}, {_count(records, 'record')}"
        changed, removed = _count(len(self.days_changed), "day"), len(self.days_removed)
        if self.dry_run:
            return (f"Nothing changed (--dry-run): {what}; {changed} would come from other "
                    f"sources, {removed} would no longer be stored.")  # fmt: skip
        return f"Forgot {what}: {changed} now from other sources, {removed} no longer stored."


def forget(
    store: Store,
    given: Sequence[str],
    *,
    dry_run: bool = False,
    tell: Callable[[str], None] | None = None,
) -> Forgotten:
    """Remove every observation of the sources `given` names, in one commit; with
    `dry_run`, only say what would go. A name that matches nothing, or a prefix that
    matches several documents, is an error and nothing changes. `tell` is given the lines
    of `Forgotten.listing` before anything is written."""
    if not store.exists():
        store.read_daily()  # raises the error that says to ingest first
    with store.lock():
        before = store.read_arrow()
        chosen = _chosen(before, given)
        after = ArrowTables(
            _without(before.losses, chosen), _without(before.civilians, chosen), before.version
        )
        old, new = _day_signatures(daily_view(before)), _day_signatures(daily_view(after))
        sources = _what(before, chosen)
        result = Forgotten(sources, dry_run)
        for day in sorted({day for source in sources for day in source.days}):
            if day not in new:
                result.days_removed.append(day)
            elif new[day] != old.get(day):
                result.days_changed.append(day)
            else:
                result.days_unchanged.append(day)
        if tell is not None:
            for line in result.listing():
                tell(line)
        if not dry_run and sources:
            store.write(after)
    return result


# A document named: its SHA-256 and the name it is stored under, or None for every name
# (named by its SHA-256). A document ingested again under another name is stored under the
# new name; one given both by a file and by standard input is listed twice by `sources`.
_Chosen = dict[tuple[str, str | None], None]


def _chosen(tables: ArrowTables, given: Sequence[str]) -> _Chosen:
    """The documents `given` names, in the order given: a name as `sources` lists it (or
    as the shell gives it, shown escaped), else the start of a SHA-256."""
    stored: dict[tuple[str, str], None] = {}
    for table in (tables.losses, tables.civilians):
        pairs = zip(table["source_sha256"].to_pylist(), table["source"].to_pylist(), strict=True)
        stored.update(dict.fromkeys(pairs))
    documents = list(stored)  # (sha256, name) pairs, as `sources` lists them
    chosen: _Chosen = {}
    for text in given:
        shown = names.shown(text)
        named: list[tuple[str, str | None]] = [
            (sha, name) for sha, name in documents if name in (text, shown)
        ]
        if not named and _PREFIX.fullmatch(text):
            found = {sha: name for sha, name in documents if sha.startswith(text.lower())}
            if len(found) > 1:
                listed = ", ".join(f"{name} ({sha[:8]})" for sha, name in list(found.items())[:3])
                more = f" and {len(found) - 3} more" if len(found) > 3 else ""
                raise WarlossesError(
                    f"{shown!r} is the start of the SHA-256 of {len(found)} sources "
                    f"({listed}{more}); give more of it"
                )
            named = [(sha, None) for sha in found]
        if not named:
            raise WarlossesError(f"no source matches {shown!r}; `warlosses sources` lists them")
        chosen.update(dict.fromkeys(named))
    return chosen


def _mask(table: pa.Table, chosen: _Chosen) -> list[bool]:
    """Per row of `table`, whether it is an observation of a chosen document."""
    every = {sha for sha, name in chosen if name is None}
    pairs = {(sha, name) for sha, name in chosen if name is not None}
    return [
        sha in every or (sha, name) in pairs
        for sha, name in zip(
            table["source_sha256"].to_pylist(), table["source"].to_pylist(), strict=True
        )
    ]


def _without(table: pa.Table, chosen: _Chosen) -> pa.Table:
    import pyarrow as pa

    from warlosses import arrow

    if not chosen or table.num_rows == 0:
        return table
    keep = [not drop for drop in _mask(table, chosen)]
    return table.filter(arrow.array(keep, pa.bool_()))


def _what(tables: ArrowTables, chosen: _Chosen) -> list[Source]:
    """What each chosen document gave (by name and SHA-256): its records and their days."""
    found: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for position, table in enumerate((tables.losses, tables.civilians)):
        mask = _mask(table, chosen)
        rows = zip(table["source_sha256"].to_pylist(), table["source"].to_pylist(),
                   table["day"].to_pylist(), mask, strict=True)  # fmt: skip
        for sha, name, day, chosen_row in rows:
            if chosen_row:
                found.setdefault((sha, name), ([], []))[position].append(day)
    order = {key: index for index, key in enumerate(chosen)}  # as the user named them
    ranked = sorted(
        found.items(), key=lambda item: order.get(item[0], order.get((item[0][0], None), 0))
    )
    return [
        Source(name, sha, len(losses), len(civilians), tuple(sorted({*losses, *civilians})))
        for (sha, name), (losses, civilians) in ranked
    ]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _days(days: tuple[int, ...]) -> str:
    if len(days) == 1:
        return f"day {days[0]}"
    if days == tuple(range(days[0], days[-1] + 1)):
        return f"days {days[0]}–{days[-1]}"
    return f"{len(days):,} days, {days[0]} to {days[-1]}"
