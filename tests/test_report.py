"""Report arithmetic, through the library's API on a store, against values computed here,
independently, with plain pandas.

The series has gaps (a day missing for one category, a day missing for all), a
correction (a stated increase that differs from the change of totals), a decrease and
two sources that disagree.
"""

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import warlosses
from warlosses.daily import Period
from warlosses.errors import WarlossesError
from warlosses.store import CIVILIANS_SCHEMA, LOSSES_SCHEMA, Store, Tables
from warlosses.warday import date_of

FIRST, LAST = 600, 760  # 2023-10-16 .. 2024-03-24: a year, ISO weeks and months
MISSING_ALL = {700}  # no report at all
MISSING_TANKS = {650, 651, 699}  # tanks only
CORRECTED = 720  # tanks: stated +3, the total moved more
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _row(day: int, category: str, total: int, delta: int | None, **extra: object) -> dict:
    row = {
        "day": day, "date": date_of(day), "category": category, "total": total,
        "delta": delta, "format": "B", "rule": "header", "direction": None,
        "source": f"gs-{day}.txt", "source_sha256": f"{day:064x}", "ingested_at": NOW,
    }  # fmt: skip
    row.update(extra)
    return row


def _store() -> tuple[Tables, dict[str, pd.Series]]:
    """The tables, and for each category its totals by day (the truth the tests use)."""
    rng = random.Random(4)
    rows: list[dict] = []
    truth: dict[str, pd.Series] = {}
    for category, start, step in (("personnel", 300_000, 900), ("tanks", 5_000, 8)):
        total, totals_by_day = start, {}
        for day in range(FIRST, LAST + 1):
            increase = rng.randint(0, 2 * step)
            if category == "tanks" and day == 740:
                increase = -4  # a decrease, stated as such
            total += increase
            if day in MISSING_ALL or (category == "tanks" and day in MISSING_TANKS):
                continue
            stated = 3 if category == "tanks" and day == CORRECTED else increase
            rows.append(_row(day, category, total, stated))
            totals_by_day[day] = total
        truth[category] = pd.Series(totals_by_day, dtype="float64")
    # A newsletter that relays tanks on day 710 wrongly, ingested later: a conflict.
    relayed = next(r for r in rows if r["day"] == 710 and r["category"] == "tanks")
    rows.append({**relayed, "total": relayed["total"] + 1, "format": "A",
                 "source": "newsletter.txt", "source_sha256": "f" * 64,
                 "ingested_at": NOW + timedelta(days=1)})  # fmt: skip
    civ = [
        {"day": 701, "date": date_of(701), "region": None, "deaths": 5, "injuries": 9},
        {"day": 701, "date": date_of(701), "region": "Donetsk", "deaths": 3, "injuries": 4},
        {"day": 701, "date": date_of(701), "region": "Kharkiv", "deaths": 1, "injuries": 5},
        {"day": 702, "date": date_of(702), "region": None, "deaths": 2, "injuries": 2},
        {"day": 702, "date": date_of(702), "region": "Donetsk", "deaths": 2, "injuries": 2},
        {"day": 740, "date": date_of(740), "region": None, "deaths": 1, "injuries": 0},
    ]
    for c in civ:
        c.update(rule="heading", source=f"b-{c['day']}.txt", source_sha256=f"c{c['day']:063x}",
                 ingested_at=NOW)  # fmt: skip
    tables = Tables(
        pd.DataFrame(rows, columns=LOSSES_SCHEMA.names).astype(
            {"day": "Int64", "total": "Int64", "delta": "Int64"}
        ),
        pd.DataFrame(civ, columns=CIVILIANS_SCHEMA.names).astype(
            {"day": "Int64", "deaths": "Int64", "injuries": "Int64"}
        ),
    )
    return tables, truth


TABLES, TRUTH = _store()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> warlosses.Store:
    """TABLES written to a store, opened through the API."""
    path: Path = tmp_path_factory.mktemp("report") / "store"
    with Store(path).lock():
        Store(path).write(TABLES)
    return warlosses.Store(path)


def _full(category: str) -> pd.Series:
    """Totals on every calendar day, NaN where none is stored."""
    return TRUTH[category].reindex(range(FIRST, LAST + 1))


def _by_key(frame: pd.DataFrame, key: str, column: str) -> dict[tuple[object, str], object]:
    return {
        (k, c): (None if pd.isna(v) else float(v))
        for k, c, v in zip(frame[key], frame["category"], frame[column], strict=True)
    }


@pytest.mark.parametrize("window", [1, 3, 7, 30])
def test_daily_change_and_rolling_mean(window: int, store: warlosses.Store) -> None:
    got = store.series(window=window)
    change, mean = _by_key(got, "day", "change"), _by_key(got, "day", f"avg_{window}")
    for category in TRUTH:
        full = _full(category)
        expected_change = full.diff()
        expected_mean = ((full - full.shift(window)) / window).round(2)
        for day in TRUTH[category].index:
            want = expected_change[day]
            assert change[(day, category)] == (None if pd.isna(want) else want), (category, day)
            want = expected_mean[day]
            assert mean[(day, category)] == (None if pd.isna(want) else want), (category, day)


def test_a_gap_is_never_a_zero_change(store: warlosses.Store) -> None:
    got = store.series(649, 652, categories=["tanks"])
    assert got["day"].tolist() == [649, 652]
    assert got["change"].isna().tolist() == [False, True]
    assert got["delta"].notna().all()  # the stated increase stays what was stated


def test_the_correction_day_keeps_its_stated_increase_and_its_true_change(
    store: warlosses.Store,
) -> None:
    got = store.series(CORRECTED, CORRECTED, categories="tanks")
    full = _full("tanks")
    assert got["delta"].tolist() == [3]
    assert got["change"].tolist() == [full[CORRECTED] - full[CORRECTED - 1]]


@pytest.mark.parametrize("by", [Period.week, Period.month, Period.year])
def test_periods_against_pandas_resampling(by: Period, store: warlosses.Store) -> None:
    got = store.series(by=by)
    freq = {Period.week: "W-SUN", Period.month: "M", Period.year: "Y"}[by]
    for category in TRUTH:
        full = _full(category)
        dates = pd.to_datetime([date_of(d) for d in full.index])
        frame = pd.DataFrame({"day": full.index, "total": full.to_numpy()}, index=dates)
        for period, group in frame.groupby(dates.to_period(freq)):
            known = group.dropna()
            if known.empty:
                continue
            end_day = int(known["day"].iloc[-1])
            base_day = int(group["day"].iloc[0]) - 1
            base = full.get(base_day, float("nan"))
            change = known["total"].iloc[-1] - base
            label = _label(period, by)
            row = got[(got["period"] == label) & (got["category"] == category)]
            assert row["day"].tolist() == [end_day]
            assert row["total"].tolist() == [known["total"].iloc[-1]]
            if pd.isna(change):
                assert row["change"].isna().all()
                assert row["avg_per_day"].isna().all()
            else:
                assert row["change"].tolist() == [change]
                assert row["avg_per_day"].tolist() == [round(change / (end_day - base_day), 2)]


def _label(period: pd.Period, by: Period) -> str:
    if by is Period.week:
        year, week, _ = period.end_time.date().isocalendar()
        return f"{year}-W{week:02d}"
    return str(period)


def test_period_is_clipped_to_since(store: warlosses.Store) -> None:
    got = store.series(702, 706, categories=["personnel"], by="month")  # 2024-01-26..30
    full = _full("personnel")
    assert got["change"].tolist() == [full[706] - full[701]]
    assert got["avg_per_day"].tolist() == [round((full[706] - full[701]) / 5, 2)]


def test_last_keeps_the_last_rows(store: warlosses.Store) -> None:
    assert store.series(last=3)["day"].unique().tolist() == [758, 759, 760]
    assert store.series(by="month", last=2)["period"].unique().tolist() == [
        "2024-02",
        "2024-03",
    ]


def test_window_is_for_daily_rows(store: warlosses.Store) -> None:
    with pytest.raises(WarlossesError, match="--window is for daily rows"):
        store.series(window=7, by=Period.week)


@pytest.mark.parametrize("at", [LAST, 730, 701])
def test_totals_against_pandas(at: int, store: warlosses.Store) -> None:
    frame = store.totals(at).set_index("category")
    for category in TRUTH:
        full = _full(category)
        if at not in TRUTH[category].index:
            assert category not in frame.index
            continue
        row = frame.loc[category]
        changes = full.diff()
        sum_7, sum_30 = full[at] - full.get(at - 7), full[at] - full.get(at - 30)
        before = full.get(at - 30) - full.get(at - 60)
        expected = {
            "total": full[at],
            "change": changes[at],
            "sum_7": sum_7,
            "sum_30": sum_30,
            "avg_7": round(sum_7 / 7, 2),
            "avg_30": round(sum_30 / 30, 2),
            "trend": round((sum_30 / before - 1) * 100, 1),
        }
        for field, want in expected.items():
            have = row[field]
            if pd.isna(want):
                assert pd.isna(have), (category, field)
            else:
                assert float(have) == pytest.approx(want), (category, field)
        # The record: the largest daily increase shown up to `at` (stated, else the change).
        stated = {
            d: r["delta"] for r in TABLES.losses.to_dict("records")
            if r["category"] == category and r["format"] == "B" and (d := r["day"]) <= at
        }  # fmt: skip
        shown = pd.Series({d: stated[d] for d in stated}).dropna()
        assert row["record_change"] == shown.max()
        assert row["record_day"] == shown[shown == shown.max()].index.min()


def test_totals_of_a_day_not_stored_is_an_error(store: warlosses.Store) -> None:
    with pytest.raises(WarlossesError, match="no losses stored for day 700"):
        store.totals(700)


def test_check_finds_every_kind(store: warlosses.Store) -> None:
    found = store.check()
    kinds = found.groupby("kind").size().to_dict()
    assert kinds == {"correction": 1, "decrease": 1, "gap": 3, "civilians_sum": 1, "conflict": 1}
    full = _full("tanks")
    correction = found[found["kind"] == "correction"].iloc[0]
    assert (correction["day"], correction["category"], correction["delta"]) == (720, "tanks", 3)
    assert correction["change"] == full[720] - full[719]
    decrease = found[found["kind"] == "decrease"].iloc[0]
    assert (decrease["day"], decrease["total"], decrease["previous"]) == (740, full[740], full[739])
    gaps = found[found["kind"] == "gap"]
    assert [(d, None if pd.isna(c) else c) for d, c in zip(gaps["day"], gaps["category"], strict=True)] == [
        (650, "tanks"), (699, "tanks"), (700, None),
    ]  # fmt: skip
    assert gaps["detail"].tolist() == [
        "no record for days 650–651 (2 days)", "no record for day 699", "no record for day 700",
    ]  # fmt: skip
    civ = found[found["kind"] == "civilians_sum"].iloc[0]
    assert civ["day"] == 701
    assert civ["detail"] == "regions sum to 4 deaths / 9 injuries, the headline says 5 / 9"
    conflict = found[found["kind"] == "conflict"].iloc[0]
    assert (conflict["source"], conflict["other_source"]) == ("gs-710.txt", "newsletter.txt")
    assert conflict["other_total"] == conflict["total"] + 1


def test_sources_count_days_records_and_formats(store: warlosses.Store) -> None:
    got = store.sources().set_index("source")
    assert got.loc["gs-701.txt", ["days", "records", "formats"]].tolist() == [1, 2, "B"]
    assert got.loc["b-701.txt", ["days", "records", "formats"]].tolist() == [1, 3, ""]
    assert got.loc["newsletter.txt", ["days", "records", "formats"]].tolist() == [1, 1, "A"]
    assert len(got) == (LAST - FIRST + 1) - len(MISSING_ALL) + 1 + 3


def test_civilians_by_month_sum_regions_and_headlines(store: warlosses.Store) -> None:
    got = store.civilians(by="month")
    assert got.astype(object).where(got.notna(), None).to_dict("records") == [
        {"period": "2024-01", "region": None, "deaths": 7, "injuries": 11, "days": 2},
        {"period": "2024-01", "region": "Donetsk", "deaths": 5, "injuries": 6, "days": 2},
        {"period": "2024-01", "region": "Kharkiv", "deaths": 1, "injuries": 5, "days": 1},
        {"period": "2024-03", "region": None, "deaths": 1, "injuries": 0, "days": 1},
    ]
    only = store.civilians(by="week", region="donetsk oblast")
    assert only[["period", "deaths"]].values.tolist() == [["2024-W04", 5]]
    with pytest.raises(
        WarlossesError, match="unknown region 'Odesa'; choose from: Donetsk, Kharkiv"
    ):
        store.civilians(region="Odesa")


def test_dates_used_above() -> None:
    assert date_of(FIRST) == date(2023, 10, 16) and date_of(701) == date(2024, 1, 25)
