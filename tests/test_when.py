"""WHEN as people write it (a table of strings and the spans they name), everywhere a WHEN
is taken; categories as comma lists and by the data sets' names; day 0's zeros."""

import csv
import io
from datetime import date

import pytest
from conftest import History
from typer.testing import CliRunner

import warlosses
from warlosses.cli import app
from warlosses.errors import WarlossesError
from warlosses.warday import date_of, day_of
from warlosses.when import When, parse

LAST = day_of(date(2024, 5, 23))  # 820: the last stored day of the tests' store
TODAY = date(2024, 5, 30)  # a week later


def span(text: str) -> tuple[str | None, str | None]:
    """The span `text` names, as dates."""
    found = parse(text, lambda: LAST, lambda: TODAY)
    return (
        None if found.first is None else date_of(found.first).isoformat(),
        None if found.last is None else date_of(found.last).isoformat(),
    )


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1000", "2024-11-19", "2024-11-19"),
        ("day 1000", "2024-11-19", "2024-11-19"),
        ("Day 1,000", "2024-11-19", "2024-11-19"),
        ("day1000", "2024-11-19", "2024-11-19"),
        ("  DAY   1,039 ", "2024-12-28", "2024-12-28"),
        ("1", "2022-02-24", "2022-02-24"),
        ("2024-12-28", "2024-12-28", "2024-12-28"),
        ("2024-12", "2024-12-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2022-02", "2022-02-24", "2022-02-28"),  # the war's first month starts on day 1
        ("2024-W52", "2024-12-23", "2024-12-29"),
        ("2025-w01", "2024-12-30", "2025-01-05"),
        ("today", "2024-05-30", "2024-05-30"),
        ("yesterday", "2024-05-29", "2024-05-29"),
        ("7d", "2024-05-17", "2024-05-23"),  # back from the last stored day, not the clock
        ("1d", "2024-05-23", "2024-05-23"),
        ("4w", "2024-04-26", "2024-05-23"),
        ("3m", "2024-02-24", "2024-05-23"),
        ("1y", "2023-05-24", "2024-05-23"),
        ("30 days", "2024-04-24", "2024-05-23"),
        ("2024-01-01..2024-03-31", "2024-01-01", "2024-03-31"),
        ("2024-01..2024-03", "2024-01-01", "2024-03-31"),
        ("day 1000..1,010", "2024-11-19", "2024-11-29"),
        ("2024-05..", "2024-05-01", None),
        ("..2023-12", None, "2023-12-31"),
    ],
)
def test_when_forms(text: str, first: str | None, last: str | None) -> None:
    assert span(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesteryear", "'yesteryear' is not a day or date; write a day"),
        ("2024-13", "'2024-13' is not a date; write it as YYYY-MM-DD"),
        ("2024-02-30", "'2024-02-30' is not a date"),
        ("2024-W54", "'2024-W54' is not a week"),
        ("0", "'0' is before the war's first day (2022-02-24)"),
        ("2021-12", "'2021-12' is before the war's first day"),
        ("0d", "'0d': count back one day or more"),
        ("2024-03..2024-01", "'2024-03..2024-01': its start (day 737) is after its end (day 707)"),
        ("..", "'..' is not a span"),
        ("1,00", "'1,00' is not a day or date"),
    ],
)
def test_what_is_not_a_when(text: str, message: str) -> None:
    with pytest.raises(WarlossesError) as raised:
        span(text)
    assert str(raised.value).startswith(message)


def test_counting_back_needs_a_stored_day() -> None:
    with pytest.raises(WarlossesError, match="counts back from the last stored day; nothing"):
        parse("7d", lambda: None)


@pytest.mark.parametrize(
    ("text", "before", "year_before"),
    [
        ("2024-12", ("2024-11-01", "2024-11-30"), ("2023-12-01", "2023-12-31")),
        ("2024-03", ("2024-02-01", "2024-02-29"), ("2023-03-01", "2023-03-31")),
        ("2024-02", ("2024-01-01", "2024-01-31"), ("2023-02-01", "2023-02-28")),
        ("2024-W52", ("2024-12-16", "2024-12-22"), ("2023-12-23", "2023-12-29")),
        ("7d", ("2024-05-10", "2024-05-16"), ("2023-05-17", "2023-05-23")),
        ("3m", ("2023-11-24", "2024-02-23"), ("2023-02-24", "2023-05-23")),
        ("2024-01-10..2024-01-19", ("2023-12-31", "2024-01-09"), ("2023-01-10", "2023-01-19")),
        ("2024-02-29", ("2024-02-28", "2024-02-28"), ("2023-02-28", "2023-02-28")),
    ],
)
def test_the_span_before_and_a_year_before(
    text: str, before: tuple[str, str], year_before: tuple[str, str]
) -> None:
    found = parse(text, lambda: LAST)

    def dates(w: When) -> tuple[str, str]:
        assert w.first is not None and w.last is not None
        return date_of(w.first).isoformat(), date_of(w.last).isoformat()

    assert dates(found.before()) == before
    assert dates(found.year_before()) == year_before


# ---------------------------------------------------------------------------------------
# Everywhere a WHEN is taken, through the CLI, on a store with gaps and a correction

runner = CliRunner()


def _days(first: str, last: str) -> range:
    return range(day_of(date.fromisoformat(first)), day_of(date.fromisoformat(last)) + 1)


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def csv_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize(
    ("args", "days"),
    [
        (["show", "--since", "7d"], range(814, 821)),
        (["show", "--since", "day", "815"], range(815, 821)),
        (["show", "--since", "2024-05-20", "--until", "yesterday"], range(817, 821)),
        (["show", "--since", "2024-W20", "--until", "2024-W20"], _days("2024-05-13", "2024-05-19")),
        (
            ["export", "--since", "2024-05", "--until", "2024-05-03"],
            _days("2024-05-01", "2024-05-03"),
        ),
        (["export", "--since", "1y", "--until", "2023-05-25"], _days("2023-05-24", "2023-05-25")),
        (["chart", "tanks", "--since", "4w"], range(793, 821)),
        (["civilians", "--since", "2023-04", "--until", "2023-04"], [420]),
    ],
)
def test_when_everywhere(
    args: list[str], days: range, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("warlosses.when.kyiv_today", lambda: date(2024, 5, 24))
    code, out, err = cli(*args, "--store", str(history.path), "--format", "csv")
    assert code == 0, err
    assert sorted({int(row["day"]) for row in csv_rows(out)}) == list(days)


@pytest.mark.parametrize(
    ("at", "day"),
    [("day 650", 650), ("2023-12", day_of(date(2023, 12, 31))),
     ("2024-W19", day_of(date(2024, 5, 12))), ("yesterday", 820), ("3d", 820),
     ("399..2023-03-31", day_of(date(2023, 3, 31)))],
)  # fmt: skip
def test_totals_at_a_day_or_the_last_stored_day_of_a_span(
    at: str, day: int, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("warlosses.when.kyiv_today", lambda: date(2024, 5, 24))
    code, out, err = cli("totals", "--at", at, "--store", str(history.path), "-f", "csv")
    assert code == 0, err
    rows = csv_rows(out)
    assert {int(row["day"]) for row in rows} == {day}
    assert {row["category"]: int(row["total"]) for row in rows} == {
        c: t[day] for c, t in history.totals.items() if day in t
    }


def test_totals_at_a_day_not_stored(history: History) -> None:
    code, out, err = cli("totals", "--at", "day 400", "--store", str(history.path))
    assert (code, out) == (1, "")
    assert err.startswith("Error: no losses stored for day 400 (2023-03-30)")
    code, _, err = cli("totals", "-c", "tanks", "--at", "500..502", "--store", str(history.path))
    assert (code, err) == (1, "Error: no losses stored in '500..502' (days 500–502)\n")


# ---------------------------------------------------------------------------------------
# Categories


@pytest.mark.parametrize(
    "given",
    [["-c", "tanks,drones"], ["-c", "tanks", "-c", "drones"], ["-c", "Tank, drone"],
     ["-c", "tanks,", "-c", "uav_systems"], ["--category", "tanks,drones,tanks"]],
)  # fmt: skip
@pytest.mark.parametrize("command", ["show", "export", "totals"])
def test_categories_as_lists_and_aliases(command: str, given: list[str], history: History) -> None:
    code, out, err = cli(command, *given, "--store", str(history.path), "-f", "csv")
    assert code == 0, err
    assert {row["category"] for row in csv_rows(out)} == {"tanks", "drones"}


@pytest.mark.parametrize(
    ("alias", "category"),
    [("APC", "armoured_vehicles"), ("mrl", "mlrs"), ("field artillery", "artillery"),
     ("anti-aircraft warfare", "air_defence"), ("naval ship", "ships"),
     ("Armoured vehicles", "armoured_vehicles"), ("aa_warfare_systems", "air_defence")],
)  # fmt: skip
def test_the_data_sets_names_are_aliases(alias: str, category: str) -> None:
    from warlosses.daily import resolve_categories

    assert resolve_categories([alias], []) == [category]


def test_an_unknown_category_in_a_list_fails(history: History) -> None:
    code, out, err = cli("export", "-c", "tanks,tankz", "--store", str(history.path))
    assert (code, out) == (1, "")
    assert err.startswith("Error: unknown category 'tankz'; choose from: personnel, tanks,")


# ---------------------------------------------------------------------------------------
# Day 0: losses before the war are zero


def test_the_first_year_and_month_have_a_change(history: History) -> None:
    store = warlosses.Store(history.path)
    years = store.series(by="year", categories="personnel,tanks")
    first = years[years["period"] == "2022"].set_index("category")
    end = day_of(date(2022, 12, 31))
    for category in ("personnel", "tanks"):
        assert first.loc[category, "change"] == history.totals[category][end]
        assert first.loc[category, "avg_per_day"] == round(history.totals[category][end] / end, 2)
    month = store.series(by="month", categories="tanks").iloc[0]
    assert (month["period"], month["change"]) == ("2022-02", history.totals["tanks"][5])
    daily = store.series(until=1, categories="tanks")
    assert daily["change"].tolist() == [history.totals["tanks"][1]]


def test_a_category_reported_from_a_later_day(
    history: History,
) -> None:
    store = warlosses.Store(history.path)
    years = store.series(by="year", categories="drones").set_index("period")
    # day 0 is zero for drones too: 2022's change is their total at its end
    end = day_of(date(2022, 12, 31))
    assert years.loc["2022", "change"] == history.totals["drones"][end]
    export = store.losses(until=61, categories="drones")
    assert export["change"].isna().tolist() == [True, False]  # day 59 is not stored
