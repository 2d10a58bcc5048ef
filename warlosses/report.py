"""Reports: data frames computed from the store's daily views. Nothing here prints.

Every figure that spans days is a difference of two stored totals, never a sum of the
daily figures in between: a missing day then costs nothing when both ends are stored, and
makes the figure null (never zero) when one of them is not.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from warlosses.categories import CANONICAL, normalize_label
from warlosses.errors import WarlossesError
from warlosses.store import Tables, civilians_view, losses_view
from warlosses.warday import date_of

LOSS_COLUMNS = ["day", "date", "category", "total", "delta", "change", "source"]
CIVILIAN_COLUMNS = ["day", "date", "region", "deaths", "injuries", "source"]
CHECK_COLUMNS = [
    "day", "date", "category", "kind", "total", "delta", "change", "previous",
    "other_total", "other_delta", "source", "other_source", "detail",
]  # fmt: skip
TOTALS_COLUMNS = [
    "category", "day", "date", "total", "delta", "change", "sum_7", "sum_30", "avg_7", "avg_30",
    "trend", "record_change", "record_day",
]  # fmt: skip
SOURCE_COLUMNS = ["source", "source_sha256", "ingested_at", "days", "records", "formats"]

DEFAULT_WINDOW = 7
TREND_DAYS = 30
SPARK_DAYS = 30


class Period(StrEnum):
    """How `--by` groups days."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


@dataclass(frozen=True)
class Span:
    """The days a report covers, both ends included; None leaves that end open."""

    since: int | None = None
    until: int | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise WarlossesError(f"--since (day {self.since}) is after --until (day {self.until})")

    def select(self, frame: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=frame.index)
        if self.since is not None:
            keep &= frame["day"] >= self.since
        if self.until is not None:
            keep &= frame["day"] <= self.until
        return frame[keep]


def resolve_categories(requested: Sequence[str], stored: Sequence[str]) -> list[str]:
    """Canonical names for what the user typed: `tanks`, `Tank`, `armoured vehicles`.

    Loose report wording is not guessed at here: a typo should fail, not pick a category.
    """
    known = set(CANONICAL) | set(stored)
    chosen: list[str] = []
    for text in requested:
        name = "_".join(normalize_label(text).replace("-", " ").split())
        if name not in known and f"{name}s" in known:
            name = f"{name}s"
        if name not in known:
            choices = ", ".join(_order(known))
            raise WarlossesError(f"unknown category {text!r}; choose from: {choices}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _order(categories: set[str]) -> list[str]:
    """The General Staff's order, then unknown categories alphabetically."""
    rank = {name: i for i, name in enumerate(CANONICAL)}
    return sorted(categories, key=lambda c: (rank.get(c, len(rank)), c))


def _sorted(frame: pd.DataFrame, first: str = "day") -> pd.DataFrame:
    """Rows by `first`, then categories in the General Staff's order."""
    rank = {name: i for i, name in enumerate(_order(set(frame["category"])))}
    frame = frame.assign(_rank=frame["category"].map(rank))
    return frame.sort_values([first, "_rank"], kind="stable").drop(columns="_rank")


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


def _mean(change: "pd.Series[int]", days: "pd.Series[int] | int") -> "pd.Series[float]":
    """A change per day, rounded for reading; null where the change is."""
    return (change.astype("Float64") / days).round(2)


def losses(tables: Tables, span: Span = Span(), categories: Sequence[str] = ()) -> pd.DataFrame:
    """One row per day and category: total, stated increase, change and the source chosen."""
    view = span.select(daily(tables, categories))
    return _sorted(view)[LOSS_COLUMNS].reset_index(drop=True)


def series(
    tables: Tables,
    span: Span = Span(),
    categories: Sequence[str] = (),
    *,
    window: int | None = None,
    by: Period = Period.day,
    last: int | None = None,
) -> pd.DataFrame:
    """What `show` reports: one row per day (or period) and category.

    Daily rows carry `avg_N`, the mean daily change over the N days ending that day:
    (total - total N days before) / N. Period rows carry the total at the period's last
    stored day, the change since the day before the period (clipped to the span) and that
    change per day.
    """
    if window is not None and by is not Period.day:
        raise WarlossesError(
            f"--window is for daily rows; rows --by {by} carry the change per day (avg_per_day)"
        )
    window = DEFAULT_WINDOW if window is None else window
    if window < 1:
        raise WarlossesError(f"--window {window}: give a number of days, 1 or more")
    if last is not None and last < 1:
        raise WarlossesError(f"--last {last}: give a number of rows, 1 or more")
    view = daily(tables, categories)
    if by is Period.day:
        view = view.assign(**{f"avg_{window}": _mean(_change_over(view, view, window), window)})
        rows = _sorted(span.select(view))
        rows = rows[["day", "date", "category", "total", "delta", "change", f"avg_{window}"]]
        key = "day"
    else:
        rows = _periods(view, span, by)
        key = "period"
    if last is not None:
        keep = list(dict.fromkeys(rows[key]))[-last:]
        rows = rows[rows[key].isin(keep)]
    return rows.reset_index(drop=True)


def period_of(day: int, by: Period) -> tuple[str, int]:
    """The label of the period a war day falls in, and the period's first war day."""
    when = date_of(day)
    if by is Period.week:
        year, week, weekday = when.isocalendar()
        return f"{year}-W{week:02d}", day - (weekday - 1)
    if by is Period.month:
        return when.strftime("%Y-%m"), day - (when.day - 1)
    if by is Period.year:
        return str(when.year), day - (when.timetuple().tm_yday - 1)
    return when.isoformat(), day


def _periods(view: pd.DataFrame, span: Span, by: Period) -> pd.DataFrame:
    chosen = span.select(view)
    if chosen.empty:
        return pd.DataFrame(
            columns=["period", "day", "date", "category", "total", "change", "avg_per_day"]
        )
    labels = {day: period_of(day, by) for day in set(chosen["day"].astype(int))}
    chosen = chosen.assign(
        period=chosen["day"].map(lambda d: labels[int(d)][0]),
        _start=chosen["day"].map(lambda d: labels[int(d)][1]),
    )
    ends = chosen.sort_values("day").groupby(["category", "period"], sort=False).tail(1)
    start = ends["_start"].astype("Int64")
    if span.since is not None:
        start = start.clip(lower=span.since)
    base = start - 1
    change = ends["total"] - total_at(view, ends, base)
    ends = ends.assign(change=change, avg_per_day=_mean(change, ends["day"] - base))
    rows = _sorted(ends)
    return rows[["period", "day", "date", "category", "total", "change", "avg_per_day"]]


CHART_DAYS = 60
CHART_PERIODS = 4


def chart(
    tables: Tables,
    category: str,
    span: Span = Span(),
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
    """Per category as of one day (default: the last stored): total, change, sums and
    means over 7 and 30 days, the trend of the last 30 days against the 30 before, and
    the record daily increase up to that day."""
    view = daily(tables)
    if view.empty:
        return Dashboard(pd.DataFrame(columns=TOTALS_COLUMNS), pd.DataFrame())
    last_day = int(view["day"].max())
    day = last_day if at is None else at
    today = view[view["day"] == day]
    if today.empty:
        first = int(view["day"].min())
        raise WarlossesError(
            f"no losses stored for day {day} ({date_of(day)}); the store holds days "
            f"{first}–{last_day}, with gaps listed by `warlosses check`"
        )
    sums = {n: _change_over(view, today, n) for n in (7, TREND_DAYS)}
    previous_30 = total_at(view, today, today["day"] - TREND_DAYS) - total_at(
        view, today, today["day"] - 2 * TREND_DAYS
    )
    trend = ((sums[TREND_DAYS] / previous_30.where(previous_30 != 0) - 1) * 100).astype("Float64")
    history = view[view["day"] <= day].assign(_increase=lambda f: increase(f))
    best = (
        history.dropna(subset=["_increase"])
        .sort_values(["category", "_increase", "day"], ascending=[True, False, True])
        .drop_duplicates("category")
        .set_index("category")
    )
    frame = today.assign(
        sum_7=sums[7],
        sum_30=sums[TREND_DAYS],
        avg_7=_mean(sums[7], 7),
        avg_30=_mean(sums[TREND_DAYS], TREND_DAYS),
        trend=trend.round(1),
        record_change=today["category"].map(best["_increase"]).astype("Int64"),
        record_day=today["category"].map(best["day"]).astype("Int64"),
    )
    recent = history[history["day"] > day - SPARK_DAYS]
    recent = recent.assign(increase=recent["_increase"])[["day", "category", "increase"]]
    return Dashboard(
        _sorted(frame)[TOTALS_COLUMNS].reset_index(drop=True), recent.reset_index(drop=True)
    )


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
    for category in _order(set(missing)):
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
    span: Span = Span(),
    *,
    by: Period = Period.day,
    region: str | None = None,
) -> pd.DataFrame:
    """One row per day and region, the day's headline (region null) first; or, by week,
    month or year, the deaths and injuries summed per region with the days counted."""
    view = span.select(civilians_view(tables.civilians))
    if region is not None:
        view = view[view["region"] == _resolve_region(region, view)]
    if by is Period.day:
        return view[CIVILIAN_COLUMNS].reset_index(drop=True)
    if view.empty:
        return pd.DataFrame(columns=["period", "region", "deaths", "injuries", "days"])
    labelled = view.assign(period=view["day"].map(lambda d: period_of(int(d), by)[0]))
    labelled = labelled.assign(
        _headline=labelled["region"].isna(), region=labelled["region"].fillna("")
    )
    grouped = labelled.groupby(["period", "_headline", "region"], sort=False).agg(
        deaths=("deaths", "sum"), injuries=("injuries", "sum"), days=("day", "nunique")
    )
    frame = grouped.reset_index().sort_values(
        ["period", "_headline", "region"], ascending=[True, False, True], kind="stable"
    )
    frame = frame.assign(region=frame["region"].replace("", None))
    return frame[["period", "region", "deaths", "injuries", "days"]].reset_index(drop=True)


def _resolve_region(text: str, view: pd.DataFrame) -> str:
    known = sorted(set(view["region"].dropna().astype(str)))
    wanted = normalize_label(text).removesuffix(" oblast")
    for name in known:
        if normalize_label(name) == wanted:
            return name
    choices = ", ".join(known) if known else "none stored in this span"
    raise WarlossesError(f"unknown region {text!r}; choose from: {choices}")
