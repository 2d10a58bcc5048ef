"""An analyst's questions, each one command (issue 15), checked against arithmetic done
here on the invented history (tests/conftest.py): day 1 stored, a day missing for every
category, days missing for tanks, a category reported from day 60, a correction, a
decrease and a second source that disagrees. Expectations come from `History`'s own
totals, never from warlosses."""

import json
from datetime import date, timedelta

import pytest
from conftest import History
from typer.testing import CliRunner

from warlosses.cli import app
from warlosses.warday import date_of, day_of

runner = CliRunner()
CATEGORIES = ("personnel", "tanks", "drones")  # in the General Staff's order


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def machine(history: History, *args: str) -> list[dict[str, object]]:
    """The command's JSON lines, as dicts."""
    code, out, err = cli(*args, "--store", str(history.path), "--format", "jsonl")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def iso(day: int) -> str:
    return date_of(day).isoformat()


def summary(history: History, category: str, first: int, last: int) -> dict[str, object] | None:
    """One category over days first..last, computed here: the total on its last stored day
    in the span, the change from the day before the span, per day, and the largest daily
    increase (earliest on a tie)."""
    stored = [d for d in history.totals[category] if first <= d <= last]
    if not stored:
        return None
    end = max(stored)
    total = history.totals[category][end]
    before = history.total(category, first - 1)
    change = None if before is None else total - before
    increases = [(history.increase(category, d), d) for d in stored]
    known = [(i, d) for i, d in increases if i is not None]
    best = max(known, key=lambda item: (item[0], -item[1])) if known else (None, None)
    return {
        "category": category, "since": iso(first), "until": iso(end), "days": end - first + 1,
        "total": total, "change": change,
        "avg_per_day": None if change is None else round(change / (end - first + 1), 2),
        "record_change": best[0], "record_day": best[1],
        "record_date": None if best[1] is None else iso(best[1]),
    }  # fmt: skip


def months_back(day: int, months: int) -> int:
    """The day after the same date `months` months before `day`'s next day (as `3m`)."""
    after = date_of(day + 1)
    index = after.year * 12 + after.month - 1 - months
    year, month = divmod(index, 12)
    return day_of(date(year, month + 1, after.day))


# ---------------------------------------------------------------------------------------
# 1. Losses over a span, categories as rows


@pytest.mark.parametrize(
    ("when", "first", "last"),
    [
        ("7d", 814, 820),
        ("2024-04", day_of(date(2024, 4, 1)), day_of(date(2024, 4, 30))),
        ("2023-01-01..2023-08-08", day_of(date(2023, 1, 1)), day_of(date(2023, 8, 8))),
        ("day 495..day 505", 495, 505),  # tanks miss 500-502; the change still holds
        ("day 399..day 401", 399, 401),  # the day before (398) stored, day 400 not
        ("day 401..410", 401, 410),  # starts the day after a gap: no change
        ("day 1..day 30", 1, 30),  # from day 1: the change from day 0's zeros
        ("3m", months_back(820, 3), 820),
    ],
)
def test_1_span_summary(when: str, first: int, last: int, history: History) -> None:
    got = machine(history, "span", when)
    expected = [summary(history, c, first, last) for c in CATEGORIES]
    assert got == [row for row in expected if row is not None]


def test_1_span_by_since_and_until_and_categories(history: History) -> None:
    got = machine(history, "span", "-c", "drones,tanks", "--since", "600", "--until", "620")
    assert got == [summary(history, c, 600, 620) for c in ("tanks", "drones")]
    # the correction: day 600's stated +3 is its increase, the change over the span is true
    assert got[0]["change"] == history.totals["tanks"][620] - history.totals["tanks"][599]


def test_1_span_of_the_whole_war(history: History) -> None:
    got = machine(history, "span")
    assert got == [summary(history, c, 1, 820) for c in CATEGORIES]
    assert got[0]["change"] == history.totals["personnel"][820]  # from day 0's zero


def test_1_span_table(history: History) -> None:
    code, out, err = cli("span", "day 814..820", "-c", "tanks", "--store", str(history.path))
    assert code == 0, err
    row = summary(history, "tanks", 814, 820)
    assert row is not None
    assert "Russia's losses, 2024-05-17 – 2024-05-23 (7 days)" in out
    line = next(line for line in out.splitlines() if line.startswith(" tanks"))
    assert f"{row['total']:,}" in line and f"{row['change']:+,}" in line
    assert f"{row['record_change']:+,} on {row['record_date']}" in line


# ---------------------------------------------------------------------------------------
# 2. The same span compared with the span before it and a year earlier


def _pct(now: dict | None, then: dict | None) -> float | None:
    if now is None or then is None or now["change"] is None or then["change"] is None:
        return None
    a, b = now["change"] / now["days"], then["change"] / then["days"]
    return None if b == 0 else round((a / b - 1) * 100, 1)


@pytest.mark.parametrize(
    ("when", "this", "before", "year"),
    [
        ("2024-03", ("2024-03-01", "2024-03-31"), ("2024-02-01", "2024-02-29"),
         ("2023-03-01", "2023-03-31")),
        ("7d", ("2024-05-17", "2024-05-23"), ("2024-05-10", "2024-05-16"),
         ("2023-05-17", "2023-05-23")),
        ("2023-W14", ("2023-04-03", "2023-04-09"), ("2023-03-27", "2023-04-02"),
         ("2022-04-03", "2022-04-09")),
        ("2023-03-25..2023-04-05", ("2023-03-25", "2023-04-05"), ("2023-03-13", "2023-03-24"),
         ("2022-03-25", "2022-04-05")),
    ],
)  # fmt: skip
def test_2_compare(
    when: str, this: tuple[str, str], before: tuple[str, str], year: tuple[str, str],
    history: History,
) -> None:  # fmt: skip
    def days(span: tuple[str, str]) -> tuple[int, int]:
        return day_of(date.fromisoformat(span[0])), day_of(date.fromisoformat(span[1]))

    got = machine(history, "compare", when)
    assert [row["category"] for row in got] == list(CATEGORIES)
    for row in got:
        category = str(row["category"])
        now = summary(history, category, *days(this))
        then = summary(history, category, *days(before))
        last_year = summary(history, category, *days(year))
        assert now is not None
        expected = {
            "category": category, "since": now["since"], "until": now["until"],
            "days": now["days"], "change": now["change"], "avg_per_day": now["avg_per_day"],
        }  # fmt: skip
        for prefix, other in (("before", then), ("year", last_year)):
            expected.update({
                f"{prefix}_since": None if other is None else other["since"],
                f"{prefix}_until": None if other is None else other["until"],
                f"{prefix}_change": None if other is None else other["change"],
                f"{prefix}_avg_per_day": None if other is None else other["avg_per_day"],
            })  # fmt: skip
        expected["pct_vs_before"] = _pct(now, then)
        expected["pct_vs_year"] = _pct(now, last_year)
        assert row == {k: expected[k] for k in row}, category
        assert set(row) == set(expected)


def test_2_compare_the_first_weeks_has_no_year_before(history: History) -> None:
    got = machine(history, "compare", "day 1..day 14", "-c", "tanks")
    assert got[0]["change"] == history.totals["tanks"][14]
    assert got[0]["before_change"] is None and got[0]["year_change"] is None
    assert got[0]["pct_vs_before"] is None and got[0]["pct_vs_year"] is None


def test_2_compare_needs_a_closed_span(history: History) -> None:
    code, _, err = cli("compare", "2024-01..", "--store", str(history.path))
    assert (code, err) == (1, "Error: '2024-01..': give a span with both ends to compare it\n")


# ---------------------------------------------------------------------------------------
# 3. The top N days of a category within a span


@pytest.mark.parametrize(
    ("args", "category", "first", "last", "n"),
    [
        (["top", "drones"], "drones", 1, 820, 10),
        (["top", "tanks", "--since", "2023-08", "-n", "5"], "tanks", day_of(date(2023, 8, 1)),
         820, 5),
        (["top", "personnel", "2023", "-n", "3"], "personnel", 2023, 2023, 3),
        (["top", "tanks", "day 590..day 610", "--limit", "25"], "tanks", 590, 610, 25),
    ],
)  # fmt: skip
def test_3_top_days(
    args: list[str], category: str, first: int, last: int, n: int, history: History
) -> None:
    increases = [(history.increase(category, d), d) for d in history.totals[category]
                 if first <= d <= last]  # fmt: skip
    ranked = sorted([(i, d) for i, d in increases if i is not None], key=lambda x: (-x[0], x[1]))
    expected = []
    for place, (increase, day) in enumerate(ranked[:n], start=1):
        if expected and expected[-1]["increase"] == increase:
            place = int(expected[-1]["rank"])  # type: ignore[call-overload]
        stated = history.stated[category][day]
        before = history.total(category, day - 1)
        expected.append({
            "category": category, "rank": place, "day": day, "date": iso(day),
            "increase": increase, "delta": stated,
            "change": None if before is None else history.totals[category][day] - before,
            "total": history.totals[category][day],
        })  # fmt: skip
    code, out, err = cli(*args, "--store", str(history.path), "--format", "jsonl")
    if not expected:  # day 2023 is after the last stored day
        assert (code, out) == (0, "")
        assert (
            err
            == "No loss records match; the store holds them for days 1–820 (2022-02-24 to 2024-05-23).\n"
        )
        return
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == expected


def test_3_top_with_the_correction_day(history: History) -> None:
    """Day 600 stated +3 for tanks: its increase is the stated one, not the true move."""
    got = machine(history, "top", "tanks", "day 600..600")
    assert [(r["day"], r["increase"], r["delta"]) for r in got] == [(600, 3, 3)]
    assert got[0]["change"] == history.totals["tanks"][600] - history.totals["tanks"][599]


def test_3_top_table(history: History) -> None:
    code, out, err = cli("top", "tanks", "-n", "3", "--store", str(history.path))
    assert code == 0, err
    assert out.splitlines()[0].strip() == "tanks: the days of the largest increase"
    days = [line.split("│") for line in out.splitlines() if line.lstrip()[:1].isdigit()]
    assert len(days) >= 3


def test_dates_used_above() -> None:
    assert iso(814) == "2024-05-17" and date_of(1) + timedelta(days=819) == date(2024, 5, 23)
    assert months_back(820, 3) == day_of(date(2024, 2, 24))


# ---------------------------------------------------------------------------------------
# 6. A wide CSV: one row per day (or period), one column per category


def _csv(out: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(out)))


def test_6_export_wide(history: History) -> None:
    code, out, err = cli("export", "--wide", "--store", str(history.path))
    assert code == 0, err
    rows = _csv(out)
    assert list(rows[0]) == ["day", "date", *CATEGORIES]
    days = sorted({d for totals in history.totals.values() for d in totals})
    assert [int(row["day"]) for row in rows] == days  # day 400: no row; 500-502: no tanks
    for row in rows:
        day = int(row["day"])
        assert row["date"] == iso(day)
        for category in CATEGORIES:
            total = history.totals[category].get(day)
            assert row[category] == ("" if total is None else str(total)), (day, category)


def test_6_show_by_month_wide_changes(history: History) -> None:
    code, out, err = cli("show", "--by", "month", "--wide", "--value", "change",
                         "--store", str(history.path), "-f", "csv")  # fmt: skip
    assert code == 0, err
    rows = _csv(out)
    assert list(rows[0]) == ["period", "day", "date", "days", "partial", *CATEGORIES]
    for row in rows:
        year, month = map(int, str(row["period"]).split("-"))
        first = max(1, day_of(date(year, month, 1)))
        following = date(year + month // 12, month % 12 + 1, 1)
        last = min(day_of(following) - 1, history.last)
        assert row["partial"] == ("true" if last < day_of(following) - 1 else "false")
        for category in CATEGORIES:
            found = summary(history, category, first, last)
            want = "" if found is None or found["change"] is None else str(found["change"])
            assert row[category] == want, (row["period"], category)
    assert rows[-1]["period"] == "2024-05" and rows[-1]["days"] == "23"
    assert rows[0]["period"] == "2022-02" and rows[0]["partial"] == "false"  # from day 1


def test_6_wide_value_must_be_a_figure(history: History) -> None:
    code, _, err = cli("export", "--wide", "--value", "source", "--store", str(history.path))
    assert (code, err) == (1, "Error: --value source: choose from total, delta, change\n")
