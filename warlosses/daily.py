"""The engine: every figure warlosses reports on losses and civilians, in plain Python.

The reports read the daily views as rows (`store.DailyView`, which the store keeps as JSON
beside its Parquet files) and never import pandas: most of a short report's time used to
be spent importing it. A report is `Rows`; the library (`warlosses.api`) turns it into a
pandas frame with `Rows.to_pandas()` when one is asked for, the CLI writes it as it is.
`report.py` adds the figures that need every observation (`check`, `sources`). Nothing
here prints.

Every figure that spans days is a difference of two stored totals, never a sum of the
daily figures in between: a missing day then costs nothing when both ends are stored, and
makes the figure null (never zero) when one of them is not.
"""

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from warlosses.categories import CANONICAL, normalize_label
from warlosses.errors import WarlossesError
from warlosses.store import CivilianRow, DailyView, LossRow
from warlosses.warday import date_of

if TYPE_CHECKING:
    import pandas as pd

LOSS_COLUMNS = ("day", "date", "category", "total", "delta", "change", "source")
TOTALS_COLUMNS = (
    "category", "day", "date", "total", "delta", "change", "sum_7", "sum_30", "avg_7", "avg_30",
    "trend", "record_change", "record_day",
)  # fmt: skip
PERIOD_COLUMNS = (
    "period", "day", "date", "days", "partial", "category", "total", "change", "avg_per_day",
)  # fmt: skip

DEFAULT_WINDOW = 7
TREND_DAYS = 30
SPARK_DAYS = 30


@dataclass(frozen=True)
class Rows:
    """A report without pandas: rows of plain values (None where missing) under `columns`.

    `ints` and `floats` name the columns that hold numbers (tables right-align them),
    `dates` those of ISO dates (`2024-12-28`), `times` those of ISO timestamps and `flags`
    those of booleans; every other column holds text. `note` says why there are no rows.
    """

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    ints: frozenset[str] = field(default_factory=frozenset)
    floats: frozenset[str] = field(default_factory=frozenset)
    dates: frozenset[str] = field(default_factory=frozenset)
    times: frozenset[str] = field(default_factory=frozenset)
    flags: frozenset[str] = field(default_factory=frozenset)
    note: str = ""  # when there are no rows, why: one line for the user

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def numeric(self) -> frozenset[str]:
        return self.ints | self.floats

    def records(self) -> Iterator[dict[str, Any]]:
        columns = self.columns
        for row in self.rows:
            yield dict(zip(columns, row, strict=True))

    def keep(self, rows: list[tuple[Any, ...]]) -> "Rows":
        """The same columns with other rows."""
        return replace(self, rows=rows)

    def to_pandas(self) -> "pd.DataFrame":
        """The rows as a pandas frame, in the dtypes of the CSV's columns: nullable
        integers (Int64), floats (Float64) and booleans, dates as `datetime.date`,
        timestamps in UTC, text as pandas' string dtype; missing values as <NA>."""
        from datetime import date

        import pandas as pd

        columns: dict[str, Any] = {}
        for i, name in enumerate(self.columns):
            values = [row[i] for row in self.rows]
            if name in self.ints:
                columns[name] = pd.array(values, dtype="Int64")
            elif name in self.floats:
                columns[name] = pd.array(values, dtype="Float64")
            elif name in self.flags:
                columns[name] = pd.array(values, dtype="boolean")
            elif name in self.dates:
                dates = [None if v is None else date.fromisoformat(v) for v in values]
                columns[name] = pd.Series(dates, dtype=object)
            elif name in self.times:
                stamps = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
                columns[name] = stamps.astype("datetime64[us, UTC]")
            else:
                columns[name] = pd.array(values, dtype=pd.StringDtype())
        return pd.DataFrame(columns, columns=list(self.columns))


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

    def contains(self, day: int) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


EVERY_DAY = Span()


def resolve_categories(requested: Sequence[str], stored: Sequence[str]) -> list[str]:
    """Canonical names for what the user typed: `tanks`, `Tank`, `armoured vehicles`, comma
    lists (`tanks,drones`), and the public data sets' names (`APC`, `MRL`, `field
    artillery`, `uav_systems`).

    Loose report wording is not guessed at here: a typo should fail, not pick a category.
    """
    known = set(CANONICAL) | set(stored)
    chosen: list[str] = []
    texts = [text for item in requested for text in item.split(",")]
    for text in texts:
        if not text.strip() and len(texts) > 1:
            continue  # `tanks,` or `tanks,,drones`
        name = _key(text)
        if name not in known and f"{name}s" in known:
            name = f"{name}s"
        if name not in known:
            name = _aliases().get(name, name)
        if name not in known:
            choices = ", ".join(order(known))
            raise WarlossesError(f"unknown category {text!r}; choose from: {choices}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _key(text: str) -> str:
    """A category as typed, in the shape of canonical names: `Armoured vehicles` →
    `armoured_vehicles`."""
    return "_".join(normalize_label(text).replace("-", " ").split())


@functools.cache
def _aliases() -> dict[str, str]:
    """The data sets' names (`import` reads them) as keys, with our names."""
    from warlosses.categories import API_NAMES, DATASET_NAMES

    return {
        _key(name): ours for names in (DATASET_NAMES, API_NAMES) for name, ours in names.items()
    }


_RANK = {name: i for i, name in enumerate(CANONICAL)}


def rank(category: str) -> tuple[int, str]:
    """The sort key of the General Staff's order, then unknown categories alphabetically."""
    return _RANK.get(category, len(_RANK)), category


def order(categories: set[str]) -> list[str]:
    """The General Staff's order, then unknown categories alphabetically."""
    return sorted(categories, key=rank)


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


def period_days(day: int, by: Period) -> int:
    """How many days the period a war day falls in has."""
    import calendar  # here: the quick reports by day never need it

    when = date_of(day)
    if by is Period.week:
        return 7
    if by is Period.month:
        return calendar.monthrange(when.year, when.month)[1]
    if by is Period.year:
        return 366 if calendar.isleap(when.year) else 365
    return 1


def whole_days(label: str, day: int) -> int:
    """The days of the period `label` (as `period_of` names it) that holds war `day`, from
    day 1 in the war's first ones: what a period's `days` are when it is not partial."""
    by = Period.week if "-W" in label else Period.month if "-" in label else Period.year
    first = period_of(day, by)[1]
    return first + period_days(day, by) - max(first, 1)


def rounded(value: float, digits: int) -> float:
    """Rounded as numpy (and so pandas) rounds: half to even of value × 10^digits, divided
    back, a zero keeping its sign. Python's `round(value, digits)` differs in rare cases."""
    scale = 10.0**digits
    scaled = value * scale
    return math.copysign(float(round(scaled)), scaled) / scale


def _mean(change: int | None, days: int) -> float | None:
    """A change per day, rounded for reading; None where the change is."""
    return None if change is None else rounded(float(change) / days, 2)


class _Losses:
    """The daily view's loss rows, of some categories, and their totals by category and day.

    Day 0, the eve of the war, holds zero for every category: losses before the war are
    zero by definition, so a span that starts on day 1 has a change (its total at the end).
    """

    def __init__(self, view: DailyView, categories: Sequence[str] = ()) -> None:
        rows = view.losses
        if categories:
            stored = list(dict.fromkeys(row[2] for row in rows))
            chosen = set(resolve_categories(categories, stored))
            rows = [row for row in rows if row[2] in chosen]
        self.rows = rows
        self.totals = {(row[2], row[0]): row[3] for row in rows}

    def total_at(self, category: str, day: int) -> int | None:
        """The stored total (0 on day 0), None when none is stored."""
        return 0 if day == 0 else self.totals.get((category, day))

    def change(self, row: LossRow, days: int = 1) -> int | None:
        """The row's total minus its category's total `days` days before (None if none)."""
        day = row[0] - days  # as total_at, without a call per row: thousands of rows
        before = self.totals.get((row[2], day)) if day else 0
        return None if before is None else row[3] - before


def _by_day(row: tuple[Any, ...]) -> tuple[int, tuple[int, str]]:
    """Rows (day, date, category, ...) by day, then category in the General Staff's order."""
    return row[0], rank(row[2])


def losses(view: DailyView, span: Span = EVERY_DAY, categories: Sequence[str] = ()) -> Rows:
    """One row per day and category: total, stated increase, change and the source chosen."""
    data = _Losses(view, categories)
    # A view row is (day, date, category, total, delta, source).
    rows = [(*row[:5], data.change(row), row[5]) for row in data.rows if span.contains(row[0])]
    rows.sort(key=_by_day)
    return Rows(
        LOSS_COLUMNS,
        rows,
        ints=frozenset({"day", "total", "delta", "change"}),
        dates=frozenset({"date"}),
    )


def series(
    view: DailyView,
    span: Span = EVERY_DAY,
    categories: Sequence[str] = (),
    *,
    window: int | None = None,
    by: Period = Period.day,
    last: int | None = None,
) -> Rows:
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
    data = _Losses(view, categories)
    if by is Period.day:
        mean = f"avg_{window}"
        rows = [
            (*row[:5], data.change(row), _mean(data.change(row, window), window))
            for row in data.rows
            if span.contains(row[0])
        ]
        rows.sort(key=_by_day)
        result = Rows(
            ("day", "date", "category", "total", "delta", "change", mean),
            rows,
            ints=frozenset({"day", "total", "delta", "change"}),
            floats=frozenset({mean}),
            dates=frozenset({"date"}),
        )
    else:
        result = _periods(data, span, by)
    if last is not None:  # the key, day or period, is the first column
        keep = set(list(dict.fromkeys(row[0] for row in result.rows))[-last:])
        result = result.keep([row for row in result.rows if row[0] in keep])
    return result


def _periods(data: _Losses, span: Span, by: Period) -> Rows:
    """One row per period and category: the total at the period's last stored day, the
    change since the day before the period (or `span.since`, or day 1), that change per
    day, the `days` it covers and whether that is less than the whole period (`partial`:
    the month in progress, a period cut by `--since`)."""
    chosen = [row for row in data.rows if span.contains(row[0])]
    labels = {day: period_of(day, by) for day in {row[0] for row in chosen}}
    ends: dict[tuple[str, str], LossRow] = {}  # the last stored day of each category's period
    for row in chosen:
        key = (row[2], labels[row[0]][0])
        if key not in ends or row[0] > ends[key][0]:
            ends[key] = row
    rows = []
    for (category, period), (day, date, _, total, _, _) in ends.items():
        # A period that holds day 1 starts there: day 0 is its zero.
        start = max(labels[day][1], 1 if span.since is None else span.since)
        whole = whole_days(period, day)
        before = data.total_at(category, start - 1)
        change = None if before is None else total - before
        days = day - start + 1
        rows.append((period, day, date, days, days < whole, category, total, change,
                     _mean(change, days)))  # fmt: skip
    rows.sort(key=lambda row: (row[1], rank(row[5])))
    return Rows(
        PERIOD_COLUMNS,
        rows,
        ints=frozenset({"day", "days", "total", "change"}),
        floats=frozenset({"avg_per_day"}),
        dates=frozenset({"date"}),
        flags=frozenset({"partial"}),
    )


def wide(rows: Rows, value: str = "total") -> Rows:
    """Tidy rows (one per day or period and category) as one row per day or period and
    one column per category holding `value`: what spreadsheets and charting tools read.
    The columns before `category` are kept, as the latest row of each day or period has
    them."""
    at = {name: i for i, name in enumerate(rows.columns)}
    keys = rows.columns[: at["category"]]
    choices = [c for c in rows.columns if c in rows.numeric and c not in keys]
    if value not in choices:
        raise WarlossesError(f"--value {value}: choose from {', '.join(choices)}")
    i_category, i_value, i_day = at["category"], at[value], at["day"]
    heads: dict[Any, tuple[Any, ...]] = {}
    cells: dict[tuple[Any, str], Any] = {}
    for row in rows.rows:
        head = row[: len(keys)]
        known = heads.get(row[0])
        if known is None or row[i_day] >= known[i_day]:
            heads[row[0]] = head
        cells[(row[0], row[i_category])] = row[i_value]
    categories = order({category for _, category in cells})
    return Rows(
        (*keys, *categories),
        [(*head, *(cells.get((key, c)) for c in categories)) for key, head in heads.items()],
        ints=(rows.ints & set(keys))
        | (frozenset(categories) if value in rows.ints else frozenset()),
        floats=frozenset(categories) if value in rows.floats else frozenset(),
        dates=rows.dates & set(keys),
        flags=rows.flags & set(keys),
        note=rows.note,
    )


CHART_DAYS = 60
CHART_PERIODS = 4


def chart(
    view: DailyView,
    category: str,
    span: Span = EVERY_DAY,
    *,
    by: Period = Period.day,
    window: int | None = None,
) -> Rows:
    """What `chart` draws for one category: the daily increase (stated, else the change)
    and its N-day mean, or the change per week (month, year) and its mean over the last N
    periods (null until N periods with a change are in the window).

    Without a start, the last 60 days (or every period) are drawn.
    """
    if by is Period.day:
        n = DEFAULT_WINDOW if window is None else window
        if span.since is None and view.losses:
            latest = max(row[0] for row in view.losses) if span.until is None else span.until
            span = Span(max(1, latest - CHART_DAYS + 1), span.until)
        daily = series(view, span, [category], window=n)
        rows = [(day, date, name, delta if delta is not None else change, mean)
                for day, date, name, _, delta, change, mean in daily.rows]  # fmt: skip
        return Rows(
            ("day", "date", "category", "increase", f"avg_{n}"),
            rows,
            ints=frozenset({"day", "increase"}),
            floats=frozenset({f"avg_{n}"}),
            dates=frozenset({"date"}),
        )
    n = CHART_PERIODS if window is None else window
    if n < 1:
        raise WarlossesError(f"--window {n}: give a number of periods, 1 or more")
    periods = series(view, span, [category], by=by)
    changes = [row[7] for row in periods.rows]
    means: list[float | None] = []
    for i in range(len(changes)):
        last = changes[max(0, i - n + 1) : i + 1]
        known = [change for change in last if change is not None]
        means.append(rounded(sum(known) / n, 2) if len(last) == n == len(known) else None)
    return Rows(
        ("period", "day", "date", "days", "partial", "category", "change", f"avg_{n}"),
        [(*row[:6], row[7], mean) for row, mean in zip(periods.rows, means, strict=True)],
        ints=frozenset({"day", "days", "change"}),
        floats=frozenset({f"avg_{n}"}),
        dates=frozenset({"date"}),
        flags=frozenset({"partial"}),
    )


@dataclass(frozen=True)
class Dashboard:
    """`totals`: one row per category, and the daily increases the sparklines draw."""

    frame: Rows
    recent: Rows


def totals(view: DailyView, at: int | None = None, categories: Sequence[str] = ()) -> Dashboard:
    """Per category as of one day (default: the last stored): total, change, sums and
    means over 7 and 30 days, the trend of the last 30 days against the 30 before, and
    the record daily increase up to that day (stated, else the change; the earliest day
    on a tie)."""
    data = _Losses(view, categories)
    ints = {"day", "total", "delta", "change", "sum_7", "sum_30", "record_change", "record_day"}
    floats = {"avg_7", "avg_30", "trend"}
    recent_columns = ("day", "category", "increase")
    recent_ints = frozenset({"day", "increase"})
    if not data.rows:
        return Dashboard(
            Rows(TOTALS_COLUMNS, [], frozenset(ints), frozenset(floats), dates=frozenset({"date"})),
            Rows(recent_columns, [], recent_ints),
        )
    last_day = max(row[0] for row in data.rows)
    day = last_day if at is None else at
    today = [row for row in data.rows if row[0] == day]
    if not today:
        first = min(row[0] for row in data.rows)
        raise WarlossesError(
            f"no losses stored for day {day} ({date_of(day)}); the store holds days "
            f"{first}–{last_day}, with gaps listed by `warlosses check`"
        )
    best: dict[str, tuple[int, int]] = {}  # category → (record increase, its day)
    recent = []
    for row in data.rows:
        if row[0] > day:
            continue
        shown = row[4] if row[4] is not None else data.change(row)
        if row[0] > day - SPARK_DAYS:
            recent.append((row[0], row[2], shown))
        if shown is None:
            continue
        record = best.get(row[2])
        if record is None or shown > record[0] or (shown == record[0] and row[0] < record[1]):
            best[row[2]] = (shown, row[0])
    rows = []
    for row in today:
        category = row[2]
        sum_7, sum_30 = data.change(row, 7), data.change(row, TREND_DAYS)
        before = data.total_at(category, day - TREND_DAYS)
        before_that = data.total_at(category, day - 2 * TREND_DAYS)
        previous_30 = None if before is None or before_that is None else before - before_that
        trend = (
            None
            if sum_30 is None or not previous_30
            else rounded((float(sum_30) / previous_30 - 1) * 100, 1)
        )
        record_change, record_day = best.get(category, (None, None))
        rows.append(
            (category, day, row[1], row[3], row[4], data.change(row), sum_7, sum_30,
             _mean(sum_7, 7), _mean(sum_30, TREND_DAYS), trend, record_change, record_day)
        )  # fmt: skip
    rows.sort(key=lambda row: rank(row[0]))
    return Dashboard(
        Rows(TOTALS_COLUMNS, rows, frozenset(ints), frozenset(floats), dates=frozenset({"date"})),
        Rows(recent_columns, recent, recent_ints),
    )


# ---------------------------------------------------------------------------------------
# Spans: a summary per category, comparisons, the top days

SPAN_COLUMNS = (
    "category", "since", "until", "days", "total", "change", "avg_per_day", "record_change",
    "record_day", "record_date",
)  # fmt: skip


class _Summary:
    """One category over a span: from `since` to its last stored day in it (`until`)."""

    __slots__ = ("since", "until", "total", "change", "record")

    def __init__(self, since: int, until: int, total: int, change: int | None,
                 record: tuple[int, int] | None) -> None:  # fmt: skip
        self.since, self.until, self.total, self.change = since, until, total, change
        self.record = record  # the largest daily increase and its (earliest) day

    @property
    def days(self) -> int:
        return self.until - self.since + 1

    @property
    def mean(self) -> float | None:
        return _mean(self.change, self.days)


def _closed(data: _Losses, span: Span) -> tuple[int, int] | None:
    """`span` with its open ends closed: from day 1, to the last stored day."""
    if not data.rows:
        return None
    last = max(row[0] for row in data.rows)
    return (1 if span.since is None else max(1, span.since),
            last if span.until is None else span.until)  # fmt: skip


def _summaries(data: _Losses, span: Span) -> dict[str, _Summary]:
    """Per category with a stored day in the span: its total on the span's last stored day,
    the change since the day before the span (null when that day is not stored; day 0 is
    zero) and the record daily increase within the span (stated, else the change)."""
    closed = _closed(data, span)
    if closed is None:
        return {}
    first, last = closed
    ends: dict[str, LossRow] = {}
    records: dict[str, tuple[int, int]] = {}
    for row in data.rows:
        day, category = row[0], row[2]
        if not first <= day <= last:
            continue
        if category not in ends or day > ends[category][0]:
            ends[category] = row
        shown = row[4] if row[4] is not None else data.change(row)
        if shown is None:
            continue
        record = records.get(category)
        if record is None or shown > record[0] or (shown == record[0] and day < record[1]):
            records[category] = (shown, day)
    found = {}
    for category, row in ends.items():
        before = data.total_at(category, first - 1)
        change = None if before is None else row[3] - before
        found[category] = _Summary(first, row[0], row[3], change, records.get(category))
    return found


def _iso(day: int) -> str:
    return date_of(day).isoformat()


def span_summary(view: DailyView, span: Span = EVERY_DAY, categories: Sequence[str] = ()) -> Rows:
    """`span`: per category (as rows), over the days of `span` (open ends: from day 1, to
    the last stored day): the total at the end (its last stored day in the span, `until`),
    the change over the span, that change per day, and the record daily increase within the
    span with its day and date."""
    data = _Losses(view, categories)
    rows = []
    for category, found in sorted(_summaries(data, span).items(), key=lambda item: rank(item[0])):
        record_change, record_day = found.record or (None, None)
        rows.append(
            (category, _iso(found.since), _iso(found.until), found.days, found.total,
             found.change, found.mean, record_change, record_day,
             None if record_day is None else _iso(record_day))
        )  # fmt: skip
    return Rows(
        SPAN_COLUMNS,
        rows,
        ints=frozenset({"days", "total", "change", "record_change", "record_day"}),
        floats=frozenset({"avg_per_day"}),
        dates=frozenset({"since", "until", "record_date"}),
    )


COMPARE_COLUMNS = (
    "category", "since", "until", "days", "change", "avg_per_day",
    "before_since", "before_until", "before_change", "before_avg_per_day", "pct_vs_before",
    "year_since", "year_until", "year_change", "year_avg_per_day", "pct_vs_year",
)  # fmt: skip


def _pct(this: _Summary, other: _Summary) -> float | None:
    """The percentage by which `this` span's mean per day exceeds the `other` one's (null
    without both changes, or when the other's is zero)."""
    if this.change is None or not other.change:
        return None
    return rounded((this.change / this.days / (other.change / other.days) - 1) * 100, 1)


def compare(
    view: DailyView,
    span: Span,
    before: Span,
    year_before: Span,
    categories: Sequence[str] = (),
) -> Rows:
    """`compare`: per category, the change over `span` and its mean per day beside those
    of the span before and the same span a year earlier, and the percentages by which the
    span's mean per day exceeds theirs (means, so that spans of unequal length, November
    and December, compare fairly; for equal lengths it is the changes' percentage)."""
    data = _Losses(view, categories)
    now = _summaries(data, span)
    then, last_year = _summaries(data, before), _summaries(data, year_before)
    rows = []
    for category in sorted(now, key=rank):
        this = now[category]
        row: list[Any] = [category, _iso(this.since), _iso(this.until), this.days, this.change,
                          this.mean]  # fmt: skip
        for other in (then.get(category), last_year.get(category)):
            if other is None:
                row += [None, None, None, None, None]
            else:
                row += [_iso(other.since), _iso(other.until), other.change, other.mean,
                        _pct(this, other)]  # fmt: skip
        rows.append(tuple(row))
    return Rows(
        COMPARE_COLUMNS,
        rows,
        ints=frozenset({"days", "change", "before_change", "year_change"}),
        floats=frozenset(
            {
                "avg_per_day",
                "before_avg_per_day",
                "year_avg_per_day",
                "pct_vs_before",
                "pct_vs_year",
            }
        ),  # fmt: skip
        dates=frozenset(
            {"since", "until", "before_since", "before_until", "year_since", "year_until"}
        ),  # fmt: skip
    )


TOP_COLUMNS = ("category", "rank", "day", "date", "increase", "delta", "change", "total")
DEFAULT_TOP = 10


def top(
    view: DailyView, categories: Sequence[str], span: Span = EVERY_DAY, limit: int = DEFAULT_TOP
) -> Rows:
    """`top`: per category, the `limit` days of the span with the largest increase (the
    stated one, else the change of totals; days without either are left out), largest
    first, earlier days first on a tie, which share a rank."""
    if limit < 1:
        raise WarlossesError(f"--limit {limit}: give a number of days, 1 or more")
    data = _Losses(view, categories)
    days: dict[str, list[tuple[int, LossRow, int | None]]] = {}
    for row in data.rows:
        if not span.contains(row[0]):
            continue
        change = data.change(row)
        shown = row[4] if row[4] is not None else change
        if shown is not None:
            days.setdefault(row[2], []).append((shown, row, change))
    rows = []
    for category in sorted(days, key=rank):
        ranked = sorted(days[category], key=lambda item: (-item[0], item[1][0]))[:limit]
        place = 0
        for i, (shown, row, change) in enumerate(ranked):
            if i == 0 or shown != ranked[i - 1][0]:
                place = i + 1
            rows.append((category, place, row[0], row[1], shown, row[4], change, row[3]))
    return Rows(
        TOP_COLUMNS,
        rows,
        ints=frozenset({"rank", "day", "increase", "delta", "change", "total"}),
        dates=frozenset({"date"}),
    )


CIVILIAN_COLUMNS = ("day", "date", "region", "deaths", "injuries", "source")
CIVILIAN_PERIOD_COLUMNS = ("period", "region", "deaths", "injuries", "days")


def civilians(
    view: DailyView,
    span: Span = EVERY_DAY,
    *,
    by: Period = Period.day,
    region: str | None = None,
) -> Rows:
    """One row per day and region, the day's headline (region None) first; or, by week,
    month or year, the deaths and injuries summed per region with the days counted."""
    rows = [row for row in view.civilians if span.contains(row[0])]
    if region is not None:
        name = _resolve_region(region, rows)
        rows = [row for row in rows if row[2] == name]
    if by is Period.day:
        return Rows(
            CIVILIAN_COLUMNS,
            list(rows),
            frozenset({"day", "deaths", "injuries"}),
            dates=frozenset({"date"}),
        )
    if not rows:
        return Rows(CIVILIAN_PERIOD_COLUMNS, [])  # no numbers: headers as before, unaligned
    sums: dict[tuple[str, bool, str], tuple[int, int, set[int]]] = {}
    for day, _, where, deaths, injuries, _ in rows:
        key = (period_of(day, by)[0], where is None, where or "")
        before = sums.get(key, (0, 0, set()))
        sums[key] = (before[0] + deaths, before[1] + injuries, before[2] | {day})
    ordered = sorted(sums.items(), key=lambda item: (item[0][0], not item[0][1], item[0][2]))
    return Rows(
        CIVILIAN_PERIOD_COLUMNS,
        [
            (period, where or None, deaths, injuries, len(days))
            for (period, _, where), (deaths, injuries, days) in ordered
        ],  # fmt: skip
        frozenset({"deaths", "injuries", "days"}),
    )


def _resolve_region(text: str, rows: list[CivilianRow]) -> str:
    known = sorted({row[2] for row in rows if row[2] is not None})
    wanted = normalize_label(text).removesuffix(" oblast")
    for name in known:
        if normalize_label(name) == wanted:
            return name
    choices = ", ".join(known) if known else "none stored in this span"
    raise WarlossesError(f"unknown region {text!r}; choose from: {choices}")
