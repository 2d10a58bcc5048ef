"""documents → parse → records → store: what `warlosses ingest` does, without the CLI."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from warlosses.documents import Document, Unreadable, find_files, read_document
from warlosses.parse import RULE_CONTINUITY, Parsed, Report, parse
from warlosses.store import (
    CIVILIAN_KEY,
    CIVILIANS_SCHEMA,
    LOSS_KEY,
    LOSSES_SCHEMA,
    Store,
    Tables,
    civilians_view,
    losses_view,
)
from warlosses.warday import date_of

NO_DATE_HINT = "pass --date YYYY-MM-DD (or --day N) to store it"


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
            pd.DataFrame(self.losses, columns=LOSSES_SCHEMA.names),
            pd.DataFrame(self.civilians, columns=CIVILIANS_SCHEMA.names),
        )


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
    now = datetime.now(UTC)
    names = list(find_files(paths))
    for index, item in enumerate(names, start=1):
        if progress is not None:
            progress(index, len(names))
        document = item if isinstance(item, Unreadable) else read_document(item)
        if isinstance(document, Unreadable):
            summary.notices.append(Notice(document.name, document.reason, document.error))
            continue
        summary.files_read += 1
        parsed = parse(document.text, name=document.name, on=on)
        _add(document, parsed, batch, summary, now, known)
    return batch, summary


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
        if known is not None:
            known.setdefault(day, {}).update({x.category: x.total for x in report.losses})
        for loss in report.losses:
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
        for figure in civilian.figures:
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

    An identical re-ingest keeps the old rows, ingestion time included.
    """
    if new.empty:
        return old, False
    new = new.drop_duplicates(key, keep="last").astype(old.dtypes.to_dict())
    if old.empty:
        return new.reset_index(drop=True), True
    values = [c for c in new.columns if c not in key and c != "ingested_at"]
    joined = new.merge(old, on=key, how="left", suffixes=("", "_old"), indicator=True)
    same = joined["_merge"] == "both"
    for column in values:
        same &= (joined[column] == joined[f"{column}_old"]).fillna(
            joined[column].isna() & joined[f"{column}_old"].isna()
        )
    fresh = new[~same.to_numpy()]
    keys_new = pd.MultiIndex.from_frame(fresh[key].astype(object))
    keys_old = pd.MultiIndex.from_frame(old[key].astype(object))
    if fresh.empty:
        return old, False
    kept = old[~keys_old.isin(keys_new)]
    return pd.concat([kept, fresh], ignore_index=True), True


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
) -> Summary:
    """Read, parse and store every report in `paths`; the store is updated once, atomically."""
    with store.lock():
        before = store.read()
        known: dict[int, dict[str, int]] = {}
        view = losses_view(before.losses)
        for row in view[["day", "category", "total"]].itertuples(index=False):
            known.setdefault(int(row[0]), {})[str(row[1])] = int(row[2])
        batch, summary = collect(paths, on=on, known=known, progress=progress)
        apply(store, before, batch.frames(), summary)
    return summary


def apply(store: Store, before: Tables, found: Tables, summary: Summary) -> None:
    """Merge `found` observations into the store read as `before`, write it if anything
    changed, and count the days added, changed and unchanged in `summary`.

    Call it holding `store.lock()`, with `before` read under that same lock.
    """
    losses, losses_changed = merge(before.losses, found.losses, LOSS_KEY)
    civilians, civilians_changed = merge(before.civilians, found.civilians, CIVILIAN_KEY)
    after = Tables(losses, civilians)
    old_days, new_days = _day_signatures(before), _day_signatures(after)
    touched = set(found.losses["day"].astype(int)) | set(found.civilians["day"].astype(int))
    for day in sorted(touched):
        if day not in old_days:
            summary.days_added.append(day)
        elif old_days[day] != new_days.get(day):
            summary.days_changed.append(day)
        else:
            summary.days_unchanged.append(day)
    if losses_changed or civilians_changed:
        store.write(after)
