"""The quick reports: `show`, `totals` and `export` read the store's derived daily.json and
compute in plain Python (`daily.py`); they must say exactly what the Parquet files say,
their frames what their rows say, and `show`'s tables must be the ones rich's Table draws."""

import io
import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

import warlosses
from warlosses import daily
from warlosses.categories import CANONICAL
from warlosses.cli import app
from warlosses.output import Format, _Blocks, emit, totals_table, wide_losses_table
from warlosses.store import (
    CIVILIANS_SCHEMA,
    DAILY_FILE,
    LOSSES_SCHEMA,
    Store,
    Tables,
    daily_view,
    losses_view,
    to_frame,
)
from warlosses.warday import date_of

DATA = Path(__file__).parent.parent / "data"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sample(store_path: Path) -> Path:
    code, _, err = run("ingest", "--store", str(store_path), str(DATA))
    assert code == 0, err
    return store_path


def _snapshot(store: Path) -> Path:
    return (store / "current").resolve()


# ---------------------------------------------------------------------------------------
# daily.json: written with every snapshot, derived, never trusted blindly


def test_every_snapshot_holds_daily_json_derived_from_its_parquet_files(sample: Path) -> None:
    document = json.loads((_snapshot(sample) / DAILY_FILE).read_text())
    assert set(document["derived_from"]) == {"losses.parquet", "civilians.parquet"}
    assert Store(sample).read_daily() == daily_view(Store(sample).read())
    assert len(document["views"]["losses"]["day"]) == len(Store(sample).read_daily().losses) > 100


def _outputs(store: Path) -> list[tuple[int, str, str]]:
    commands = [["show", "--since", "1040"], ["show", "--by", "week"], ["totals"], ["export"]]
    return [
        run(*c, "--store", str(store), "--format", f) for c in commands for f in ("table", "csv")
    ]


def test_a_missing_daily_json_is_rebuilt_from_the_parquet_files(sample: Path) -> None:
    before = _outputs(sample)
    (_snapshot(sample) / DAILY_FILE).unlink()
    assert _outputs(sample) == before
    assert (_snapshot(sample) / DAILY_FILE).exists()  # saved for the next report


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"warlosses_daily": 99}', b"[]"])
def test_a_damaged_daily_json_is_not_read(sample: Path, damage: bytes) -> None:
    before = _outputs(sample)
    (_snapshot(sample) / DAILY_FILE).write_bytes(damage)
    assert _outputs(sample) == before


def test_daily_json_not_made_from_the_parquet_files_beside_it_is_not_read(sample: Path) -> None:
    """Someone rewrites losses.parquet (with pandas, DuckDB...): the reports follow it."""
    path = _snapshot(sample) / "losses.parquet"
    table = pq.read_table(path)
    totals = [t + 1000 if c == "tanks" else t for c, t in
              zip(table["category"].to_pylist(), table["total"].to_pylist(), strict=True)]  # fmt: skip
    table = table.set_column(table.schema.get_field_index("total"), "total", [totals])
    stale = (_snapshot(sample) / DAILY_FILE).read_bytes()
    pq.write_table(table, path)
    os.utime(path, (0, 0))  # older than daily.json: a time stamp would not tell
    code, out, _ = run("show", "--store", str(sample), "-c", "tanks", "-f", "jsonl")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["total"] == 9677 + 1000
    assert (_snapshot(sample) / DAILY_FILE).read_bytes() != stale


def test_a_read_only_store_is_read_the_slow_way(sample: Path) -> None:
    folder = _snapshot(sample)
    (folder / DAILY_FILE).unlink()
    before = run("totals", "--store", str(sample), "-f", "csv")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root writes whatever the mode")
        assert run("totals", "--store", str(sample), "-f", "csv") == before
        assert not (folder / DAILY_FILE).exists()
    finally:
        folder.chmod(0o755)


def test_a_damaged_store_is_refused_as_before(sample: Path) -> None:
    (_snapshot(sample) / "losses.parquet").write_bytes(b"PAR1 not really")
    code, out, err = run("show", "--store", str(sample))
    assert (code, out) == (1, "")
    assert err.startswith("Error: ") and "losses.parquet is not a readable Parquet file" in err


# ---------------------------------------------------------------------------------------
# The plain reports and the pandas frames say the same, in every format


def _tables(seed: int) -> Tables:
    """A store's tables with gaps, corrections, decreases, unknown categories and a
    second source on some days."""
    rng = random.Random(seed)
    categories = rng.sample([*CANONICAL, "pow", "x_unknown"], rng.randint(1, 6))
    first, days = rng.randint(1, 1500), rng.randint(1, 90)
    rows: list[dict[str, object]] = []
    for category in categories:
        total = rng.randint(0, 10 ** rng.randint(1, 7))
        for day in range(first, first + days):
            step = rng.choice([0, 1, 3, rng.randint(0, 5000), -rng.randint(1, 5)])
            total = max(0, total + step)
            if rng.random() < 0.15:
                continue
            rows.append({
                "day": day, "date": date_of(day), "category": category, "total": total,
                "delta": rng.choice([step, step, None, step + rng.randint(-3, 3)]),
                "format": rng.choice(["A", "B", "C", "dataset"]), "rule": "header",
                "direction": None, "source": f"s-{day}.txt", "source_sha256": f"{day:064x}",
                "ingested_at": NOW + timedelta(seconds=rng.randint(0, 9)),
            })  # fmt: skip
            if rng.random() < 0.1:
                rows.append({**rows[-1], "total": total + rng.randint(-2, 2),
                             "format": rng.choice(["A", "B"]), "source": f"o-{day}.txt",
                             "source_sha256": f"{day + 10**6:064x}"})  # fmt: skip
    civilians: list[dict[str, object]] = []
    for day in rng.sample(range(first, first + days), min(days, 4)):
        for region in [None, *rng.sample(["Donetsk", "Kharkiv", "Sumy"], rng.randint(0, 3))]:
            civilians.append({
                "day": day, "date": date_of(day), "region": region,
                "deaths": rng.randint(0, 9), "injuries": rng.randint(0, 9), "rule": "heading",
                "source": f"c-{day}.txt", "source_sha256": f"c{day:063x}", "ingested_at": NOW,
            })  # fmt: skip
    return Tables(to_frame(rows, LOSSES_SCHEMA), to_frame(civilians, CIVILIANS_SCHEMA))


def _emitted(frame: object, fmt: Format, **options: object) -> str:
    out = io.StringIO()
    emit(frame, fmt, out=out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def _pandas_daily(tables: Tables, window: int) -> dict[tuple[int, str], tuple[object, object]]:
    """The oracle, in pandas, computed here: per day and category of the daily view, the
    change from the day before and the mean daily change over `window` days (null where
    the day before, or `window` days before, is not stored; day 0 holds zeros)."""
    view = losses_view(tables.losses)[["day", "category", "total"]]
    view = view.astype({"day": "int64", "total": "float64"})

    # Day 0 holds zero for every category: losses before the war are zero.
    zeros = pd.DataFrame({"day": 0, "category": view["category"].unique(), "total": 0.0})
    known = pd.concat([zeros, view], ignore_index=True)

    def total_before(days: int) -> pd.Series:
        earlier = known.assign(day=known["day"] + days).rename(columns={"total": "before"})
        return view.merge(earlier, on=["category", "day"], how="left")["before"]

    change = view["total"] - total_before(1)
    mean = ((view["total"] - total_before(window)) / window).round(2)
    return {
        (int(d), str(c)): (None if pd.isna(x) else int(x), None if pd.isna(m) else float(m))
        for d, c, x, m in zip(view["day"], view["category"], change, mean, strict=True)
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6), window=st.integers(1, 40), since=st.integers(1, 1600),
       by=st.sampled_from(list(daily.Period)), last=st.one_of(st.none(), st.integers(1, 9)))  # fmt: skip
def test_daily_json_parquet_rows_and_frames_say_the_same(
    tmp_path: Path, seed: int, window: int, since: int, by: daily.Period, last: int | None
) -> None:
    """daily.json gives the view the Parquet files give; each report's frame
    (`Rows.to_pandas`) is written exactly as its rows are, in every format; the daily
    changes and means are the pandas oracle's."""
    path = tmp_path / f"store-{seed}-{window}-{since}-{by}-{last}"
    store = Store(path)
    tables = _tables(seed)
    with store.lock():
        store.write(tables)
    view = store.read_daily()  # from daily.json
    read = store.read()  # from the Parquet files, through pandas
    assert view == daily_view(read)
    api = warlosses.Store(path)
    by_day = by is daily.Period.day
    series = api.rows.series(since, window=window if by_day else None, by=by, last=last)
    dashboard = api.rows.dashboard()
    category = view.losses[0][2] if view.losses else "tanks"
    # Tables are drawn from the same rows as the machine formats: drawing the long ones
    # (check, sources) in each example would only take time.
    reports = [
        (series, wide_losses_table, True),
        (dashboard.frame, lambda f: totals_table(f, dashboard.recent), True),
        (api.rows.chart(category, by=by, window=window), None, True),
        (dashboard.recent, None, False),
        (api.rows.losses(since), None, False),
        (api.rows.civilians(since, by=by), None, True),
        (api.rows.check(), None, False),
        (api.rows.sources(), None, False),
    ]
    for rows, render, table in reports:
        frame = rows.to_pandas()
        assert list(frame.columns) == list(rows.columns)
        for fmt in Format if table else (Format.csv, Format.json, Format.jsonl):
            assert _emitted(rows, fmt, render=render) == _emitted(frame, fmt, render=render)
    oracle = _pandas_daily(read, window)
    for row in api.rows.series(window=window).records():
        key = (row["day"], row["category"])
        assert (row["change"], row[f"avg_{window}"]) == oracle[key], key
    for row in api.rows.losses().records():
        assert row["change"] == oracle[(row["day"], row["category"])][0]


def test_rounding_is_numpys() -> None:
    rng = random.Random(3)
    values = [rng.randint(-(10**6), 10**6) / rng.randint(1, 1000) for _ in range(20_000)]
    values += [2.675, 0.125, -0.125, 1.005, -0.001, -0.004, -0.005, 0.0, 1e-9, -1e-9]
    for digits in (1, 2):
        want = np.round(np.array(values), digits)
        got = [daily.rounded(v, digits) for v in values]
        assert [repr(g) for g in got] == [repr(float(w)) for w in want]


# ---------------------------------------------------------------------------------------
# show's blocks: drawn line by line, the very lines rich's Table draws


def _blocks(rng: random.Random, rows: int, columns: int) -> _Blocks:
    labels = ["personnel", "armoured vehicles", "танки", "戦車", "x", "air defence"]
    days = sorted(rng.sample(range(1, 3000), rows))
    keys = [("day", [str(d) for d in days]), ("date", [str(date_of(d)) for d in days])]
    cells = []
    for n in range(columns):
        values = []
        for _ in range(rows):
            if rng.random() < 0.1:
                values.append(("", ""))
                continue
            total = f"{rng.randint(0, 10 ** rng.randint(1, 7)):,}"
            if rng.random() < 0.8:
                total += f" {rng.randint(-50, 5000):+,}"
            mean = f" ⌀{rng.random() * 10 ** rng.randint(0, 4):,.1f}" if rng.random() < 0.7 else ""
            values.append((total, mean))
        cells.append((f"{rng.choice(labels)} {n}", values))
    return _Blocks(keys, cells, "total +increase ⌀ mean")


@pytest.mark.parametrize("seed", range(40))
def test_blocks_are_drawn_as_rich_draws_them(seed: int) -> None:
    rng = random.Random(seed)
    blocks = _blocks(rng, rng.randint(0, 12), rng.randint(0, 9))
    blocks.title = rng.choice([None, "Russia's losses"])
    for width in (rng.randint(12, 60), 80, rng.randint(81, 260)):
        for color in (None, "truecolor", "standard"):
            drawn = []
            for draw in (blocks.__rich_console__, blocks._rich_blocks):
                out = io.StringIO()
                console = Console(file=out, width=width, color_system=color,
                                  force_terminal=color is not None, soft_wrap=False)  # fmt: skip

                class View:
                    def __rich_console__(self, console: Console, options: object) -> object:
                        return draw(console, options)  # type: ignore[arg-type]  # noqa: B023

                # As `emit` prints them: never cropped (a block too wide is drawn wider).
                console.print(View(), crop=False)
                drawn.append(out.getvalue())
            assert drawn[0] == drawn[1], (seed, width, color)
