"""Bounds: days a report can be for (none before the war, none after tomorrow) wherever a
day comes from, what `check` costs on a store that spans far, and whole numbers printed
as whole numbers."""

import json
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warlosses import report
from warlosses.cli import app
from warlosses.daily import _Losses, order
from warlosses.store import ArrowTables, DailyView, Store, empty_arrow_tables
from warlosses.warday import date_of, day_of

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "gs-list-01.txt"  # day 1031
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


TOMORROW = date.today() + timedelta(days=1)
AFTER_TOMORROW = TOMORROW + timedelta(days=1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--date", "1999-01-01"], "--date 1999-01-01 is before the war's first day (2022-02-24)"),
        (["--date", "2022-02-23"], "--date 2022-02-23 is before the war's first day (2022-02-24)"),
        (["--date", "9999-12-31"], "--date 9999-12-31 is after tomorrow"),
        (["--date", AFTER_TOMORROW.isoformat()], f"--date {AFTER_TOMORROW} is after tomorrow"),
        (["--day", "2913850"], "--day 2913850 is after tomorrow"),
        (["--day", str(10**30)], f"--day {10**30} is after tomorrow"),
        (["--day", "0"], "--day 0 is before the war's first day (2022-02-24)"),
        (["--day", "-5"], "--day -5 is before the war's first day (2022-02-24)"),
    ],
)
@pytest.mark.parametrize("command", ["ingest", "parse"])
def test_a_day_no_report_can_be_for_is_refused(
    command: str, options: list[str], message: str, store_path: Path
) -> None:
    """`--date 1999-01-01` was stored as day -8454 (its export could not be imported back),
    and far-future days were stored too."""
    code, out, err = run(command, "--store", str(store_path), *options, str(GOOD))
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert not store_path.exists()


def test_tomorrow_is_the_last_day_a_report_can_be_for(store_path: Path) -> None:
    code, _, err = run("ingest", "--store", str(store_path), "--date", TOMORROW.isoformat(),
                       str(GOOD))  # fmt: skip
    assert code == 0, err
    code, out, _ = run("export", "--store", str(store_path), "-f", "jsonl")
    assert {json.loads(line)["date"] for line in out.splitlines()} == {TOMORROW.isoformat()}


def test_a_report_dated_after_tomorrow_by_its_text_is_not_stored(
    tmp_path: Path, store_path: Path
) -> None:
    path = tmp_path / "future.txt"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("20.12.2024", "20.12.2099"),
                    encoding="utf-8")  # fmt: skip
    code, _, err = run("ingest", "--store", str(store_path), str(path), str(GOOD))
    assert code == 0
    future = day_of(date(2099, 12, 20))
    assert err.splitlines() == [
        f"{path}: day {future} is after tomorrow; report not stored",
        "Read 2 files, found 2 reports: 1 day added, 0 changed, 0 unchanged.",
    ]


# `check` on a store that spans far: the cost follows the records, not the days.


def _write(store: Path, rows: list[tuple[int, str, int]]) -> None:
    from warlosses import arrow
    from warlosses.store import LOSSES_SCHEMA

    moment = datetime(2025, 1, 1, tzinfo=UTC)
    table = arrow.table(
        [(d, date_of(d), c, t, None, "B", "header", None, f"{d}.txt", f"{d:064d}", moment, None)
         for d, c, t in rows],
        LOSSES_SCHEMA,
    )  # fmt: skip
    tables = empty_arrow_tables()
    with Store(store).lock():
        Store(store).write(ArrowTables(table, tables.civilians))


def test_check_on_a_store_holding_a_far_future_day_is_quick(store_path: Path) -> None:
    """Such a day can no longer be stored, but an older version stored it: `check` took
    97 s and 4.5 GB, walking every day between."""
    _write(store_path, [(1000, "tanks", 10), (1001, "tanks", 11), (1003, "drones", 5),
                        (1001, "drones", 4), (2_913_850, "tanks", 12)])  # fmt: skip
    started = time.monotonic()
    code, out, err = run("check", "--store", str(store_path), "-f", "jsonl")
    assert time.monotonic() - started < 10
    assert code == 0, err
    gaps = [(r["day"], r["category"], r["detail"]) for r in map(json.loads, out.splitlines())
            if r["kind"] == "gap"]  # fmt: skip
    # Only tanks spans the days after 1002, and lacks them: one gap with no category.
    assert gaps == [(1002, None, "no record for days 1002–2913849 (2912848 days)")]


def _gaps_day_by_day(rows: list[tuple[int, str]]) -> list[tuple[int, int, str | None]]:
    """What `check` says of gaps, worked out one day at a time as it once was: the oracle."""
    days: dict[str, set[int]] = {}
    for day, category in rows:
        days.setdefault(category, set()).add(day)
    missing = {c: set(range(min(k), max(k) + 1)) - k for c, k in days.items()}
    spanning = {day: {c for c, k in days.items() if min(k) < day < max(k)}
                for day in set().union(*missing.values())}  # fmt: skip
    everywhere = {d for d, names in spanning.items() if all(d in missing[c] for c in names)}

    def runs(found: set[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for day in sorted(found):
            if out and out[-1][1] == day - 1:
                out[-1] = (out[-1][0], day)
            else:
                out.append((day, day))
        return out

    result: list[tuple[int, int, str | None]] = [(a, b, None) for a, b in runs(everywhere)]
    for category in order(set(missing)):
        result += [(a, b, category) for a, b in runs(missing[category] - everywhere)]
    return result


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 40), st.sampled_from(["tanks", "drones", "ships", "mlrs"])),
        max_size=60,
    )
)
def test_gaps_are_what_a_day_by_day_walk_finds(rows: list[tuple[int, str]]) -> None:
    view = DailyView(sorted({(d, date_of(d).isoformat(), c, 1, None, "s") for d, c in rows}), [])
    found = [(f["day"], f["detail"], f["category"]) for f in report._gaps(_Losses(view))]
    expected = []
    for first, last, category in _gaps_day_by_day(rows):
        which = f"days {first}–{last} ({last - first + 1} days)" if last > first else f"day {first}"
        expected.append((first, f"no record for {which}", category))
    assert found == expected


# Whole numbers are printed as whole numbers (issue 15.11: `5167.0` on some stores).

INTEGER_COLUMNS = ("day", "total", "delta", "change", "previous", "other_total", "other_delta")


def test_check_prints_whole_numbers_as_integers_on_a_store_with_every_kind(
    tmp_path: Path, store_path: Path
) -> None:
    """Findings of every kind together (their rows leave different columns empty) once made
    the figures floats in CSV and JSON."""
    assert run("ingest", "--store", str(store_path), str(DATA))[0] == 0
    dataset = [{"date": "2024-12-19", "tank": 9577, "APC": 19799}]  # a conflict (briefing-01)
    (tmp_path / "set.json").write_text(json.dumps(dataset), encoding="utf-8")
    (tmp_path / "export.csv").write_text(
        "day,category,total,delta\n1020,tanks,9500,5\n1021,tanks,9499,3\n",  # a decrease
        encoding="utf-8",
    )
    for name in ("set.json", "export.csv"):
        assert run("import", "--store", str(store_path), str(tmp_path / name))[0] == 0
    code, out, _ = run("check", "--store", str(store_path), "-f", "json")
    rows = json.loads(out)
    assert {row["kind"] for row in rows} >= {"correction", "decrease", "gap", "conflict"}
    for row in rows:
        for name in INTEGER_COLUMNS:
            assert row[name] is None or type(row[name]) is int, (name, row)
    code, out, _ = run("check", "--store", str(store_path), "-f", "csv")
    header, *lines = out.splitlines()
    columns = header.split(",")
    for line in lines:
        cells = dict(zip(columns, line.split(","), strict=False))
        for name in INTEGER_COLUMNS:
            assert re.fullmatch(r"-?\d*", cells[name]), (name, line)


# Every numeric option is bounded: a usage error (exit 2), never an overflow.

HUGE = str(10**20)


@pytest.mark.parametrize(
    ("command", "option", "most"),
    [
        (["show"], "--window", 100_000),
        (["show"], "--last", 100_000),
        (["chart", "tanks"], "--window", 100_000),
        (["chart", "tanks", "--by", "month"], "--window", 100_000),
        (["top", "tanks"], "--limit", 100_000),
        (["ingest", str(GOOD)], "--jobs", 64),
    ],
)
def test_every_numeric_option_is_bounded(
    command: list[str], option: str, most: int, store_path: Path
) -> None:
    """`chart --by month --window 99999999999999999999` gave an OverflowError."""
    assert run("ingest", "--store", str(store_path), str(DATA))[0] == 0
    for value in (HUGE, str(most + 1), "0", "-1"):
        code, out, err = run(*command, option, value, "--store", str(store_path))
        assert (code, out) == (2, ""), (option, value, err)
        assert f"Invalid value for '{option}'" in err and f"1<=x<={most}" in err, err
    code, _, err = run(*command, option, str(most), "--store", str(store_path))
    assert code == 0, err


def test_the_day_options_take_any_number_and_refuse_it_in_one_line(store_path: Path) -> None:
    for command in ("ingest", "parse"):
        code, out, err = run(command, "--store", str(store_path), "--day", HUGE, str(GOOD))
        assert (code, out, err) == (1, "", f"Error: --day {HUGE} is after tomorrow\n")


# `--store ""` is a mistake; an empty WARLOSSES_STORE means the default.


def test_an_empty_store_option_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--store ""` meant the current folder (a script's `--store "$STORE"` with STORE
    unset would have made a store wherever it ran)."""
    monkeypatch.chdir(tmp_path)
    for command in (["ingest", str(GOOD)], ["show"], ["import", str(GOOD)], ["sources"]):
        code, out, err = run(*command, "--store", "")
        assert (code, out) == (1, ""), command
        assert err == (
            "Error: --store is empty; give a folder, or leave --store out for the default "
            "($WARLOSSES_STORE, else your data folder)\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_environment_variable_means_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARLOSSES_STORE", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    code, _, err = run("ingest", str(GOOD))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert (tmp_path / "data" / "warlosses" / "current").is_symlink()
