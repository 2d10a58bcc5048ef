"""Reports: data frames computed from the store's daily views. Nothing here prints.

Every figure that spans days is a difference of two stored totals, never a sum of the
daily figures in between: a missing day then costs nothing when both ends are stored, and
makes the figure null (never zero) when one of them is not.

The loss series (`series`, `totals`) is computed once, in plain Python, by `daily.py`,
which `show` and `totals` call directly; here its rows become data frames.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from warlosses import daily as plain
from warlosses.daily import (
    DEFAULT_WINDOW,
    EVERY_DAY,
    Period,
    Span,
    order,
    period_of,
    resolve_categories,
)
from warlosses.errors import WarlossesError
from warlosses.store import Tables, civilians_view, daily_view, losses_view
from warlosses.warday import date_of

__all__ = ["Period", "Span", "period_of", "resolve_categories"]  # where they used to live

CHECK_COLUMNS = [
    "day", "date", "category", "kind", "total", "delta", "change", "previous",
    "other_total", "other_delta", "source", "other_source", "detail",
]  # fmt: skip
SOURCE_COLUMNS = ["source", "source_sha256", "ingested_at", "days", "records", "formats"]


def _within(frame: pd.DataFrame, span: Span) -> pd.DataFrame:
    """The rows of `frame` on the days of `span`."""
    if span.since is not None:
        frame = frame[frame["day"] >= span.since]
    if span.until is not None:
        frame = frame[frame["day"] <= span.until]
    return frame


def _sorted(frame: pd.DataFrame, first: str = "day") -> pd.DataFrame:
    """Rows by `first`, then categories in the General Staff's order."""
    rank = {name: i for i, name in enumerate(order(set(frame["category"])))}
    frame = frame.assign(_rank=frame["category"].map(rank))
    return frame.sort_values([first, "_rank"], kind="stable").drop(columns="_rank")


def _frame(rows: plain.Rows) -> pd.DataFrame:
    """Plain rows as a frame: nullable Int64 and Float64 numbers, dates as dates."""
    columns: dict[str, object] = {}
    for i, name in enumerate(rows.columns):
        values = [row[i] for row in rows.rows]
        if name in rows.ints:
            columns[name] = pd.array(values, dtype="Int64")
        elif name in rows.floats:
            columns[name] = pd.array(values, dtype="Float64")
        elif name == "date":
            dates = [None if v is None else date.fromisoformat(v) for v in values]
            columns[name] = pd.Series(dates, dtype=object)
        elif name == "category":
            columns[name] = pd.array(values, dtype=pd.StringDtype())
        else:
            columns[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=list(rows.columns))


# ---------------------------------------------------------------------------------------
# The daily series


def daily(tables: Tables, categories: Sequence[str] = ()) -> pd.DataFrame:
    """The daily view with `change`: the total minus the previous day's stored total.

    All stored days, whatever span is asked for, so that the first day of a span still
    has the change from the day before it.
    """
    view = losses_view(tables.losses)
    if categories:
        stored = list(view["category"].unique())
        view = view[view["category"].isin(resolve_categories(categories, stored))]
    view = view.reset_index(drop=True)
    return view.assign(change=_change_over(view, view, 1))


def total_at(view: pd.DataFrame, rows: pd.DataFrame, days: "pd.Series[int]") -> "pd.Series[int]":
    """For each of `rows`, the total `view` holds for its category on `days` (null if none)."""
    lookup = view[["category", "day", "total"]].rename(columns={"total": "_at"})
    wanted = pd.DataFrame({"category": rows["category"], "day": days.astype("Int64")})
    found = wanted.merge(lookup, on=["category", "day"], how="left")
    return pd.Series(found["_at"].to_numpy(), index=rows.index, dtype="Int64")


def _change_over(view: pd.DataFrame, rows: pd.DataFrame, days: int) -> "pd.Series[int]":
    """For each of `rows`, its total minus its category's total `days` days before."""
    result: pd.Series[int] = rows["total"] - total_at(view, rows, rows["day"] - days)
    return result


def increase(frame: pd.DataFrame) -> "pd.Series[int]":
    """What a table shows as the day's increase: the stated one, else the change."""
    return frame["delta"].fillna(frame["change"])


def series(
    tables: Tables,
    span: Span = EVERY_DAY,
    categories: Sequence[str] = (),
    *,
    window: int | None = None,
    by: Period = Period.day,
    last: int | None = None,
) -> pd.DataFrame:
    """What `show` reports, as a frame: see `daily.series`."""
    rows = plain.series(daily_view(tables), span, categories, window=window, by=by, last=last)
    return _frame(rows)


CHART_DAYS = 60
CHART_PERIODS = 4


def chart(
    tables: Tables,
    category: str,
    span: Span = EVERY_DAY,
    *,
    by: Period = Period.day,
    window: int | None = None,
) -> pd.DataFrame:
    """What `chart` draws for one category: the daily increase and its N-day mean, or the
    change per week (month, year) and its mean over the last N periods.

    Without --since, the last 60 days (or every period) are drawn.
    """
    if by is Period.day:
        n = DEFAULT_WINDOW if window is None else window
        if span.since is None and not tables.losses.empty:
            latest = int(tables.losses["day"].max()) if span.until is None else span.until
            span = Span(max(1, latest - CHART_DAYS + 1), span.until)
        rows = series(tables, span, [category], window=n)
        rows = rows.assign(increase=increase(rows))
        return rows[["day", "date", "category", "increase", f"avg_{n}"]]
    n = CHART_PERIODS if window is None else window
    if n < 1:
        raise WarlossesError(f"--window {n}: give a number of periods, 1 or more")
    rows = series(tables, span, [category], by=by)
    mean = rows["change"].astype("Float64").rolling(n, min_periods=n).mean().round(2)
    return rows.assign(**{f"avg_{n}": mean})[["period", "day", "date", "category", "change",
                                                f"avg_{n}"]]  # fmt: skip


# ---------------------------------------------------------------------------------------
# The dashboard


@dataclass(frozen=True)
class Dashboard:
    """`totals`: one row per category, and the daily increases the sparklines draw."""

    frame: pd.DataFrame
    recent: pd.DataFrame


def totals(tables: Tables, at: int | None = None) -> Dashboard:
    """The day's dashboard, as frames: see `daily.totals`."""
    dashboard = plain.totals(daily_view(tables), at)
    return Dashboard(_frame(dashboard.frame), _frame(dashboard.recent))


# ---------------------------------------------------------------------------------------
# Checks


class Kind(StrEnum):
    """What `check` reports."""

    correction = "correction"
    decrease = "decrease"
    gap = "gap"
    civilians_sum = "civilians_sum"
    conflict = "conflict"


def check(tables: Tables) -> pd.DataFrame:
    """Every figure a reader should look at twice, one row each, by day.

    correction: the stated increase differs from the change of the totals; decrease: a
    total below the previous stored one; gap: days without a record between a category's
    first and last day (one row with no category when every category lacks them);
    civilians_sum: regions that do not sum to the day's headline; conflict: two sources
    that disagree on a day and category (the first source is the one the reports use).
    """
    view = daily(tables)
    found = [
        _corrections(view),
        _decreases(view),
        _gaps(view),
        _civilian_sums(tables),
        _conflicts(tables, view),
    ]
    rows = [frame for frame in found if not frame.empty]
    if not rows:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    frame = pd.concat(rows, ignore_index=True)
    kinds = {kind.value: i for i, kind in enumerate(Kind)}
    frame = frame.assign(_kind=frame["kind"].map(kinds), category=frame["category"].fillna(""))
    frame = _sorted(frame).sort_values(["day", "_kind"], kind="stable")
    frame = frame.assign(category=frame["category"].replace("", None))
    return frame.drop(columns="_kind")[CHECK_COLUMNS].reset_index(drop=True)


def _check_rows(frame: pd.DataFrame, kind: Kind, detail: "pd.Series[str]") -> pd.DataFrame:
    rows = frame.assign(kind=kind.value, detail=detail)
    return rows.reindex(columns=CHECK_COLUMNS)


def _corrections(view: pd.DataFrame) -> pd.DataFrame:
    wrong = view[(view["delta"] != view["change"]).fillna(False)]
    wrong = wrong.assign(previous=wrong["total"] - wrong["change"])
    detail = [
        f"stated {_signed(d)}, the total moved {_signed(c)} ({p:,} → {t:,})"
        for d, c, p, t in zip(
            wrong["delta"], wrong["change"], wrong["previous"], wrong["total"], strict=True
        )
    ]
    return _check_rows(wrong, Kind.correction, pd.Series(detail, index=wrong.index, dtype=str))


def _decreases(view: pd.DataFrame) -> pd.DataFrame:
    ordered = view.sort_values(["category", "day"])
    previous = ordered.groupby("category")["total"].shift(1)
    previous_day = ordered.groupby("category")["day"].shift(1)
    fell = ordered.assign(previous=previous, _previous_day=previous_day)
    fell = fell[(fell["total"] < fell["previous"]).fillna(False)]
    fell = fell.assign(change=fell["total"] - fell["previous"])
    detail = [
        f"the total fell from {p:,} (day {d}) to {t:,}"
        for p, d, t in zip(fell["previous"], fell["_previous_day"], fell["total"], strict=True)
    ]
    return _check_rows(fell, Kind.decrease, pd.Series(detail, index=fell.index, dtype=str))


def _gaps(view: pd.DataFrame) -> pd.DataFrame:
    days = {str(c): {int(d) for d in g} for c, g in view.groupby("category")["day"]}
    missing: dict[str, set[int]] = {
        c: set(range(min(known), max(known) + 1)) - known for c, known in days.items()
    }
    # A day that every category around it lacks is one gap, not one per category.
    spanning = {
        day: {c for c, known in days.items() if min(known) < day < max(known)}
        for day in set().union(*missing.values())
    }
    everywhere = {day for day, names in spanning.items()
                  if all(day in missing[c] for c in names)}  # fmt: skip
    runs: list[tuple[int, int, str | None]] = [(a, b, None) for a, b in _runs(everywhere)]
    for category in order(set(missing)):
        runs += [(a, b, category) for a, b in _runs(missing[category] - everywhere)]
    rows = [
        {"day": first, "date": date_of(first), "category": category,
         "detail": "no record for " + (f"day {first}" if first == last else
                                       f"days {first}–{last} ({last - first + 1} days)")}
        for first, last, category in runs
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["day", "date", "category", "detail"])
    return _check_rows(frame, Kind.gap, frame["detail"])


def _runs(days: set[int]) -> list[tuple[int, int]]:
    """Consecutive days as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _civilian_sums(tables: Tables) -> pd.DataFrame:
    view = civilians_view(tables.civilians)
    regions = view[view["region"].notna()]
    if regions.empty:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    sums = regions.groupby("day")[["deaths", "injuries"]].sum()
    headline = view[view["region"].isna()]
    both = headline.merge(sums.reset_index(), on="day", suffixes=("", "_regions"))
    off = both[
        (both["deaths"] != both["deaths_regions"]) | (both["injuries"] != both["injuries_regions"])
    ].reset_index(drop=True)
    detail = [
        f"regions sum to {rd} deaths / {ri} injuries, the headline says {d} / {i}"
        for rd, ri, d, i in zip(
            off["deaths_regions"], off["injuries_regions"], off["deaths"], off["injuries"],
            strict=True,
        )
    ]  # fmt: skip
    rows = off.assign(category=None)
    return _check_rows(rows, Kind.civilians_sum, pd.Series(detail, index=off.index, dtype=str))


def _conflicts(tables: Tables, view: pd.DataFrame) -> pd.DataFrame:
    chosen = view[["day", "category", "total", "delta", "source", "source_sha256"]]
    others = tables.losses.merge(chosen, on=["day", "category"], suffixes=("_other", ""))
    others = others[others["source_sha256_other"] != others["source_sha256"]]
    same_delta = (others["delta_other"] == others["delta"]).fillna(
        others["delta_other"].isna() & others["delta"].isna()
    )
    differ = others[(others["total_other"] != others["total"]) | ~same_delta]
    rows = differ.rename(
        columns={
            "total_other": "other_total",
            "delta_other": "other_delta",
            "source_other": "other_source",
        }
    ).assign(date=differ["day"].map(lambda d: date_of(int(d))))
    detail = [
        f"{s} gives {_figure(t, d)}, {o} gives {_figure(ot, od)}"
        for s, t, d, o, ot, od in zip(
            rows["source"], rows["total"], rows["delta"],
            rows["other_source"], rows["other_total"], rows["other_delta"],
            strict=True,
        )
    ]  # fmt: skip
    return _check_rows(rows, Kind.conflict, pd.Series(detail, index=rows.index, dtype=str))


def _signed(value: object) -> str:
    return "?" if pd.isna(value) else f"{int(value):+,}"  # type: ignore[call-overload]


def _figure(total: object, delta: object) -> str:
    stated = "" if pd.isna(delta) else f" ({_signed(delta)})"  # type: ignore[call-overload]
    return f"{int(total):,}{stated}"  # type: ignore[call-overload]


# ---------------------------------------------------------------------------------------
# Sources and civilians


def sources(tables: Tables) -> pd.DataFrame:
    """What the store was built from: one row per source document."""
    parts = [tables.losses, tables.civilians.assign(format=None)]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    rows = pd.concat(parts, ignore_index=True)
    grouped = rows.groupby(["source_sha256", "source"], sort=False, dropna=False)
    frame = grouped.agg(
        ingested_at=("ingested_at", "min"),
        days=("day", "nunique"),
        records=("day", "size"),
        formats=("format", lambda f: ",".join(sorted(set(f.dropna().astype(str))))),
    ).reset_index()
    frame = frame.sort_values(["ingested_at", "source"], kind="stable")
    return frame[SOURCE_COLUMNS].reset_index(drop=True)


def civilians(
    tables: Tables,
    span: Span = EVERY_DAY,
    *,
    by: Period = Period.day,
    region: str | None = None,
) -> pd.DataFrame:
    """What `civilians` reports, as a frame: see `daily.civilians`."""
    return _frame(plain.civilians(daily_view(tables), span, by=by, region=region))
