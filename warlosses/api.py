"""warlosses as a Python library: what every command computes, as pandas data frames.

    import warlosses

    store = warlosses.Store("history")          # Store() is the default location
    store.series(since="2024-12", categories="tanks,drones", by="week")

`Store`'s report methods return frames with the columns and dtypes of the matching
command's `--format csv` output: nullable integers and floats (`Int64`, `Float64`), dates
as `datetime.date`, text as pandas' `string` dtype. They take WHEN as the CLI does: a war
day (`1000`), a `datetime.date`, or a string (`"day 1,000"`, `"2024-12-28"`). Mistakes
raise `warlosses.WarlossesError` with the message the CLI prints.

`store.rows` holds the same reports as plain Python rows (`Rows`), computed by the same
engine without importing pandas: the command line uses them, and so does anyone who wants
the figures without pandas. This module knows nothing of the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from warlosses import daily
from warlosses import store as storage
from warlosses.daily import Period, Rows, Span
from warlosses.errors import WarlossesError
from warlosses.store import DailyView

if TYPE_CHECKING:
    import pandas as pd

    from warlosses.forget import Forgotten
    from warlosses.ingest import Progress, Summary
    from warlosses.when import When as Span_

When = int | str | date
"""A day or span of the war: a war day (`1000`), a date, or a string as the CLI takes it:
`"day 1,000"`, `"2024-12-28"`, `"2024-W52"`, `"2024-12"`, `"today"`, `"yesterday"`, `"7d"`,
`"4w"`, `"3m"`, `"1y"` (back from the last stored day), or two joined by `".."`."""
Categories = str | Sequence[str] | None
"""Categories: a name (`"tanks"`), a comma list (`"tanks,drones"`) or a list of names."""


def default_path() -> Path:
    """Where the store lives when none is named: `$WARLOSSES_STORE`, else a `warlosses`
    folder in the user's data folder (`~/.local/share/warlosses` on Linux)."""
    from_env = os.environ.get("WARLOSSES_STORE")
    if from_env:
        return Path(from_env)
    import platformdirs

    return platformdirs.user_data_path("warlosses")


def _when(when: When, view: DailyView) -> Span_:
    """The span of war days a WHEN names; relative ones count back from `view`'s last day."""
    from warlosses import when as spans
    from warlosses.warday import day_of

    if isinstance(when, bool) or not isinstance(when, int | str | date):
        raise WarlossesError(f"{when!r} is not a day or date; {spans.FORMS}")
    if isinstance(when, int):
        if when < 1:
            raise WarlossesError(f"day {when} is before the war's first day (2022-02-24)")
        return spans.When(when, when)
    if isinstance(when, date):
        return spans.When(day_of(when), day_of(when))
    return spans.parse(when, lambda: last_day(view))


def last_day(view: DailyView) -> int | None:
    """The last day with a stored figure (the views are in order of days)."""
    days = [rows[-1][0] for rows in (view.losses, view.civilians) if rows]
    return max(days) if days else None


def _span(since: When | None, until: When | None, view: DailyView) -> Span:
    return Span(
        _when(since, view).first if since is not None else None,
        _when(until, view).last if until is not None else None,
    )


def _within(when: When | None, since: When | None, until: When | None, view: DailyView) -> Span:
    """The days of `when` (every day without it), narrowed by `since` and `until`."""
    whole = _when(when, view) if when is not None else None
    first = whole.first if whole is not None else None
    last = whole.last if whole is not None else None
    return Span(
        _when(since, view).first if since is not None else first,
        _when(until, view).last if until is not None else last,
    )


def _at(at: When | None, view: DailyView, categories: list[str]) -> int | None:
    """The day `at` names; in a span of days, its last day with a stored figure."""
    if at is None:
        return None
    span = _when(at, view)
    if span.single or span.first is None and span.last is None:
        return span.first
    stored = list(dict.fromkeys(row[2] for row in view.losses)) if categories else []
    chosen = set(daily.resolve_categories(categories, stored)) if categories else None
    inside = Span(span.first, span.last)
    days = [row[0] for row in view.losses
            if inside.contains(row[0]) and (chosen is None or row[2] in chosen)]  # fmt: skip
    if not days:
        if span.first is not None and span.last is not None:
            which = f"days {span.first}–{span.last}"
        else:
            which = f"from day {span.first}" if span.first is not None else f"to day {span.last}"
        raise WarlossesError(f"no losses stored in {at!r} ({which})")
    return max(days)


def _explained(rows: Rows, view: DailyView, *, civilians: bool = False) -> Rows:
    """`rows`, with a note that says why when there are none: nothing stored, or nothing
    in what was asked for (and what the store holds)."""
    if rows.rows:
        return rows
    stored = view.civilians if civilians else view.losses
    what = "civilian figures" if civilians else "loss records"
    if not stored:
        note = f"The store holds no {what}."
        if civilians:
            note = (
                "The store holds no civilian figures: `ingest` reads them from briefings; "
                "`import` brings loss records only."
            )
    else:
        first, last = stored[0][0], stored[-1][0]
        note = (
            f"No {what} match; the store holds them for days {first:,}–{last:,} "
            f"({stored[0][1]} to {stored[-1][1]})."
        )
    return replace(rows, note=note)


def _categories(categories: Categories) -> list[str]:
    if categories is None:
        return []
    if isinstance(categories, str):
        return [categories]
    return list(categories)


def _period(by: str | Period) -> Period:
    try:
        return Period(by)
    except ValueError:
        choices = ", ".join(period.value for period in Period)
        raise WarlossesError(f"unknown period {by!r}; choose from {choices}") from None


def _on(date_: When | None, day: int | None = None) -> date | None:
    """The date to give every report, from `date` (a date, `YYYY-MM-DD` or a war day) or
    `day`; None when neither is given."""
    from warlosses.warday import date_of, day_of, parse_date, possible_day

    if date_ is not None and day is not None:
        raise WarlossesError("give --date or --day, not both")
    if day is not None:
        return date_of(possible_day(day, f"--day {day}"))
    if date_ is None:
        return None
    if isinstance(date_, bool):
        raise WarlossesError(f"{date_!r} is not a date; write it as YYYY-MM-DD")
    if isinstance(date_, int):
        return date_of(possible_day(date_, f"day {date_}"))
    when = date_ if isinstance(date_, date) else parse_date(date_)
    possible_day(day_of(when), f"--date {when}")
    return when


class Reports:
    """Every report of a store as plain Python rows (`Rows`: `.columns`, `.rows`,
    `.records()`, `.to_pandas()`), without importing pandas. `Store`'s methods of the same
    names return them as frames; see those for what each one holds."""

    def __init__(self, store: storage.Store) -> None:
        self._store = store

    def losses(
        self, since: When | None = None, until: When | None = None, *,
        categories: Categories = None, wide: bool = False, value: str = "total",
    ) -> Rows:  # fmt: skip
        view = self._store.read_daily()
        rows = daily.losses(view, _span(since, until, view), _categories(categories))
        return _explained(daily.wide(rows, value) if wide else rows, view)

    def observations(
        self, since: When | None = None, until: When | None = None, *,
        categories: Categories = None, civilians: bool = False,
    ) -> Rows:  # fmt: skip
        from warlosses import importers

        tables = self._tables()
        view = storage.daily_view(tables)
        span = _span(since, until, view)
        return importers.observations(tables, span, _categories(categories), civilians=civilians)

    def series(
        self,
        since: When | None = None,
        until: When | None = None,
        *,
        categories: Categories = None,
        window: int | None = None,
        by: str | Period = Period.day,
        last: int | None = None,
        wide: bool = False,
        value: str = "total",
    ) -> Rows:
        view = self._store.read_daily()
        rows = daily.series(
            view,
            _span(since, until, view),
            _categories(categories),
            window=window,
            by=_period(by),
            last=last,
        )
        return _explained(daily.wide(rows, value) if wide else rows, view)

    def dashboard(
        self, at: When | None = None, *, categories: Categories = None
    ) -> daily.Dashboard:
        """`totals`, with the daily increases of the last 30 days that its sparklines draw."""
        view, chosen = self._store.read_daily(), _categories(categories)
        dashboard = daily.totals(view, _at(at, view, chosen), chosen)
        return replace(dashboard, frame=_explained(dashboard.frame, view))

    def totals(self, at: When | None = None, *, categories: Categories = None) -> Rows:
        return self.dashboard(at, categories=categories).frame

    def civilians(
        self,
        since: When | None = None,
        until: When | None = None,
        *,
        by: str | Period = Period.day,
        region: str | None = None,
    ) -> Rows:
        view = self._store.read_daily()
        rows = daily.civilians(view, _span(since, until, view), by=_period(by), region=region)
        return _explained(rows, view, civilians=True)

    def chart(
        self,
        category: str,
        since: When | None = None,
        until: When | None = None,
        *,
        by: str | Period = Period.day,
        window: int | None = None,
    ) -> Rows:
        view = self._store.read_daily()
        span = _span(since, until, view)
        return _explained(daily.chart(view, category, span, by=_period(by), window=window), view)

    def span(
        self,
        when: When | None = None,
        *,
        since: When | None = None,
        until: When | None = None,
        categories: Categories = None,
    ) -> Rows:
        view = self._store.read_daily()
        span = _within(when, since, until, view)
        return _explained(daily.span_summary(view, span, _categories(categories)), view)

    def compare(self, when: When, *, categories: Categories = None) -> Rows:
        view = self._store.read_daily()
        span = _when(when, view)
        before, year = span.before(), span.year_before()
        rows = daily.compare(
            view,
            Span(span.first, span.last),
            Span(before.first, before.last),
            Span(year.first, year.last),
            _categories(categories),
        )
        return _explained(rows, view)

    def top(
        self,
        categories: Categories,
        when: When | None = None,
        *,
        since: When | None = None,
        until: When | None = None,
        limit: int = daily.DEFAULT_TOP,
    ) -> Rows:
        view = self._store.read_daily()
        chosen = _categories(categories)
        if not chosen:
            raise WarlossesError("name a category, e.g. `tanks`")
        return _explained(daily.top(view, chosen, _within(when, since, until, view), limit), view)

    def check(self) -> Rows:
        tables = self._tables()
        view = storage.daily_view(tables)  # of the same snapshot as the observations
        from warlosses import report

        return report.check(view, report.observations(tables).losses)

    def sources(self) -> Rows:
        from warlosses import report

        rows = report.sources(report.observations(self._tables()).sources)
        return rows if rows.rows else replace(rows, note="The store holds no sources yet.")

    def _tables(self) -> storage.ArrowTables:
        """Every observation, or the error that says to ingest first."""
        if not self._store.exists():
            self._store.read_daily()  # raises that error
        return self._store.read_arrow()


class Store:
    """A warlosses store: a folder of Parquet files (see the README's "The store").

    `Store()` opens the default location (`$WARLOSSES_STORE`, else the user's data
    folder); nothing is created until something is ingested or imported.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._store = storage.Store(self.path)
        self.rows = Reports(self._store)
        """The same reports as plain rows, without pandas (what the CLI uses)."""

    def __repr__(self) -> str:
        return f"warlosses.Store({str(self.path)!r})"

    # -----------------------------------------------------------------------------------
    # Reports

    def losses(
        self, since: When | None = None, until: When | None = None, *,
        categories: Categories = None, wide: bool = False, value: str = "total",
    ) -> pd.DataFrame:  # fmt: skip
        """Every loss record the reports use, one row per day and category (`export`):
        `day`, `date`, `category`, `total`, `delta` (the increase the report stated, <NA>
        when it stated none), `change` (the total minus the previous day's stored total,
        <NA> when that day is not stored) and `source`. With `wide`, one row per day and a
        column per category holding `value` (`total`, `delta` or `change`)."""
        rows = self.rows.losses(since, until, categories=categories, wide=wide, value=value)
        return rows.to_pandas()

    def observations(
        self, since: When | None = None, until: When | None = None, *,
        categories: Categories = None, civilians: bool = False,
    ) -> pd.DataFrame:  # fmt: skip
        """Every stored observation, of every source (`export --observations`), with
        every column of the store (`source_bytes` as hex): the loss observations, or with
        `civilians` the civilian ones. What `import_files` reads back into the same store."""
        rows = self.rows.observations(since, until, categories=categories, civilians=civilians)
        return rows.to_pandas()

    def series(
        self,
        since: When | None = None,
        until: When | None = None,
        *,
        categories: Categories = None,
        window: int | None = None,
        by: str | Period = Period.day,
        last: int | None = None,
        wide: bool = False,
        value: str = "total",
    ) -> pd.DataFrame:
        """What `show` reports, one row per day (or period) and category.

        Daily rows: `day`, `date`, `category`, `total`, `delta`, `change` and `avg_N`,
        the mean daily change over the `window` days (default 7) ending that day. With
        `by="week"`, `"month"` or `"year"`: `period`, `day` and `date` of the period's last
        stored day, `days` the change covers, `partial` (fewer days than the period has:
        the month in progress), `category`, `total`, `change` since the day before the
        period (or `since`; day 0 is zero) and `avg_per_day`. `last` keeps the last N days
        or periods. With `wide`, one row per day (or period) and a column per category
        holding `value` (`total`, `change`, ...).
        """
        return self.rows.series(
            since,
            until,
            categories=categories,
            window=window,
            by=by,
            last=last,
            wide=wide,
            value=value,
        ).to_pandas()

    def totals(self, at: When | None = None, *, categories: Categories = None) -> pd.DataFrame:
        """What `totals` reports: per category as of one day (default: the last stored; a
        span such as `"2024-12"` means its last stored day),
        `total`, `delta`, `change`, `sum_7`, `sum_30` and their means `avg_7`, `avg_30`,
        `trend` (percent by which the last 30 days exceed the 30 before) and the record
        daily increase up to that day (`record_change` on `record_day`)."""
        return self.rows.totals(at, categories=categories).to_pandas()

    def civilians(
        self,
        since: When | None = None,
        until: When | None = None,
        *,
        by: str | Period = Period.day,
        region: str | None = None,
    ) -> pd.DataFrame:
        """Civilian casualties (`civilians`): one row per day and region (`region` <NA>
        for the day's national figure), or with `by` the deaths and injuries summed per
        period and region, with the `days` that had figures."""
        return self.rows.civilians(since, until, by=by, region=region).to_pandas()

    def chart(
        self,
        category: str,
        since: When | None = None,
        until: When | None = None,
        *,
        by: str | Period = Period.day,
        window: int | None = None,
    ) -> pd.DataFrame:
        """The points `chart` draws for one category: the daily `increase` and its mean
        over `window` days (default 7; the last 60 days unless `since` is given), or with
        `by` the `change` per period and its mean over `window` periods (default 4)."""
        return self.rows.chart(category, since, until, by=by, window=window).to_pandas()

    def span(
        self,
        when: When | None = None,
        *,
        since: When | None = None,
        until: When | None = None,
        categories: Categories = None,
    ) -> pd.DataFrame:
        """Losses over a span, categories as rows (`span`): for each category `since` (the
        span's first day), `until` (its last stored day in the span), `days`, the `total`
        at `until`, the `change` over the span (from the day before `since`; day 0 is
        zero), `avg_per_day`, and the record daily increase within the span
        (`record_change` on `record_day`, `record_date`). Without `when`, the whole war;
        `since` and `until` narrow it."""
        return self.rows.span(when, since=since, until=until, categories=categories).to_pandas()

    def compare(self, when: When, *, categories: Categories = None) -> pd.DataFrame:
        """A span compared (`compare`): per category its `change` and `avg_per_day`, those
        of the span before (`before_*`: the month before a month, the week before a week,
        else as many days before) and of the same span a year earlier (`year_*`), and the
        percentages by which the span's mean per day exceeds theirs (`pct_vs_before`,
        `pct_vs_year`)."""
        return self.rows.compare(when, categories=categories).to_pandas()

    def top(
        self,
        categories: Categories,
        when: When | None = None,
        *,
        since: When | None = None,
        until: When | None = None,
        limit: int = daily.DEFAULT_TOP,
    ) -> pd.DataFrame:
        """The `limit` days (default 10) with the largest increase of a category within a
        span (`top`): `category`, `rank`, `day`, `date`, `increase` (stated, else the
        change of totals), `delta`, `change` and `total`; per category when several are
        named."""
        rows = self.rows.top(categories, when, since=since, until=until, limit=limit)
        return rows.to_pandas()

    def check(self) -> pd.DataFrame:
        """Every figure to look at twice (`check`), one row each: `kind` is `correction`,
        `decrease`, `gap`, `civilians_sum` or `conflict`; empty when all is consistent."""
        return self.rows.check().to_pandas()

    def sources(self) -> pd.DataFrame:
        """The documents and files the store was built from (`sources`): `source`,
        `source_sha256`, `ingested_at` (UTC), `days`, `records`, `formats`."""
        return self.rows.sources().to_pandas()

    # -----------------------------------------------------------------------------------
    # Writing

    def ingest(
        self,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        date: When | None = None,
        day: int | None = None,
        jobs: int | None = None,
        progress: Progress | None = None,
        offline: bool = False,
    ) -> Summary:
        """Read files, folders and web addresses (`-` for standard input) and store every
        report found, as `ingest` does; `date` (or `day`) dates every report; `offline`
        reads addresses from the cache only. Returns what `ingest` prints: `str(summary)`
        is its line, `summary.notices` the files worth mentioning, `summary.failed`
        whether any was an error (the others are stored all the same)."""
        from warlosses.ingest import ingest

        on = _on(date, day)
        return ingest(
            _paths(paths), self._store, on=on, progress=progress, jobs=jobs, offline=offline
        )

    def update(
        self,
        source: str = "dataset",
        *,
        url: str | None = None,
        offline: bool = False,
        progress: Progress | None = None,
    ) -> Summary:
        """Bring the store up to date from a public data set, as `update` does: `source`
        is `dataset` or `rip`, `url` a mirror's base address. Returns its summary like
        `import`; `summary.days_added` lists the days it added records for."""
        from warlosses.update import Source, update

        try:
            chosen = Source(source)
        except ValueError:
            raise WarlossesError(f"unknown source {source!r}; expected dataset or rip") from None
        summary = update(self._store, chosen, base=url, offline=offline, progress=progress)
        summary.found = "daily record"
        return summary

    def import_files(
        self, paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
    ) -> Summary:
        """Backfill from public data sets and warlosses exports, as `import` does; returns
        its summary like `ingest`."""
        from warlosses.importers import import_files

        summary = import_files(_paths(paths), self._store)
        summary.found = "daily record"
        return summary

    def forget(
        self,
        sources: str | Sequence[str],
        *,
        dry_run: bool = False,
        tell: Callable[[str], None] | None = None,
    ) -> Forgotten:
        """Take back everything the named source documents gave, as `forget` does: each
        named as `sources` lists it (its name, or the start of its SHA-256, 4 hex digits or
        more), removed in one atomic commit; the reports then fall back to the sources that
        remain. `dry_run` only says what would go; `tell` gets a line per source before
        anything is written. `str(result)` is the line `forget` ends with."""
        from warlosses.forget import forget

        given = [sources] if isinstance(sources, str) else list(sources)
        return forget(self._store, given, dry_run=dry_run, tell=tell)

    def parse(
        self,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        date: When | None = None,
        day: int | None = None,
    ) -> tuple[pd.DataFrame, Summary]:
        """What `ingest` would store from `paths`, without storing it (`parse`): one row per
        record, and the summary. The store is only read, to date reports by continuity."""
        records, summary = self.preview(paths, date=date, day=day)
        return records.to_pandas(), summary

    def preview(
        self,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        date: When | None = None,
        day: int | None = None,
        progress: Progress | None = None,
        offline: bool = False,
    ) -> tuple[Rows, Summary]:
        """`parse` as plain rows."""
        from warlosses.ingest import preview

        on = _on(date, day)
        existing = self._store if self.path.is_dir() else None
        return preview(_paths(paths), existing, on=on, progress=progress, offline=offline)


def _paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    if isinstance(paths, str | os.PathLike):
        return [os.fspath(paths)]
    return [os.fspath(path) for path in paths]


def parse_text(text: str, date: When | None = None, *, name: str = "-") -> pd.DataFrame:
    """The records `ingest` would store from one text, as `parse` shows them: `source`
    (`name`), `day`, `date`, `rule`, `format`, then `category`, `total`, `delta` for
    losses or `region`, `deaths`, `injuries` for civilian counts (format `civilians`).

    `date` dates every report (a date, `YYYY-MM-DD` or a war day); otherwise the text
    must date them itself. Reports it cannot date are left out.
    """
    from warlosses.ingest import preview_text

    records, _ = preview_text(text, name, on=_on(date))
    return records.to_pandas()
