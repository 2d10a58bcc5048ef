"""The report commands through CliRunner: exit code, stdout and stderr apart, every format."""

import csv
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

if TYPE_CHECKING:
    from conftest import History

from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
FORMATS = ("table", "csv", "json", "jsonl")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(fmt: str, out: str) -> list[dict[str, object]]:
    """Machine output as dicts; CSV cells as JSON would give them."""
    if fmt == "json":
        parsed: list[dict[str, object]] = json.loads(out)
        return parsed
    if fmt == "jsonl":
        return [json.loads(line) for line in out.splitlines()]
    return [
        {
            k: (None if v == "" else json.loads(v) if _number(v) or v in ("true", "false") else v)
            for k, v in row.items()
        }  # fmt: skip
        for row in csv.DictReader(io.StringIO(out))
    ]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("reports") / "store"
    code, _, err = run("ingest", "--store", str(path), str(DATA))
    assert code == 0, err
    return str(path)


def all_formats(*args: str) -> dict[str, tuple[int, str, str]]:
    return {fmt: run(*args, "--format", fmt) for fmt in FORMATS}


def assert_machine_formats_agree(outputs: dict[str, tuple[int, str, str]]) -> list[dict]:
    assert all(code == 0 and err == "" for code, _, err in outputs.values()), outputs
    parsed = {fmt: rows(fmt, outputs[fmt][1]) for fmt in ("csv", "json", "jsonl")}
    assert parsed["json"] == parsed["jsonl"] == parsed["csv"]
    return parsed["json"]


def fits_80_columns(text: str) -> bool:
    return max(len(line) for line in text.splitlines()) <= 80


# ---------------------------------------------------------------------------------------
# export gains `change`


def test_export_has_change_beside_the_stated_delta(store: str) -> None:
    code, out, err = run(
        "export", "--store", store, "--since", "1039", "--until", "1040", "-f", "json"
    )
    assert (code, err) == (0, "")
    got = {(r["day"], r["category"]): r for r in json.loads(out)}
    assert list(got[(1039, "tanks")]) == [
        "day",
        "date",
        "category",
        "total",
        "delta",
        "change",
        "source",
    ]
    assert (got[(1040, "tanks")]["delta"], got[(1040, "tanks")]["change"]) == (5, 5)
    # Day 1038 has no drones record: the change of day 1039 is unknown, not zero.
    assert got[(1039, "drones")]["change"] is None


# ---------------------------------------------------------------------------------------
# show


def test_show_machine_rows_are_tidy_with_change_and_mean(store: str) -> None:
    outputs = all_formats("show", "--store", store, "-c", "tanks", "--window", "3", "--last", "2")
    got = assert_machine_formats_agree(outputs)
    assert got == [
        {
            "day": 1044,
            "date": "2025-01-02",
            "category": "tanks",
            "total": 9676,
            "delta": 4,
            "change": 4,
            "avg_3": 4.33,
        },
        {
            "day": 1045,
            "date": "2025-01-03",
            "category": "tanks",
            "total": 9677,
            "delta": 1,
            "change": 1,
            "avg_3": 3.0,
        },
    ]
    code, out, err = outputs["table"]
    assert (code, err) == (0, "")
    assert "9,677 +1 ⌀3.0" in out and "⌀ mean" in out


def test_show_by_month(store: str) -> None:
    outputs = all_formats("show", "--store", store, "-c", "personnel", "--by", "month")
    got = assert_machine_formats_agree(outputs)
    assert got == [
        {
            "period": "2024-12",
            "day": 1042,
            "date": "2024-12-31",
            "days": 31,
            "partial": False,
            "category": "personnel",
            "total": 789550,
            "change": None,
            "avg_per_day": None,
        },
        {
            "period": "2025-01",
            "day": 1045,
            "date": "2025-01-03",
            "days": 3,
            "partial": True,
            "category": "personnel",
            "total": 793250,
            "change": 3700,
            "avg_per_day": 1233.33,
        },
    ]
    _, table, _ = outputs["table"]
    assert "2025-01" in table and "793,250 +3,700 ⌀1,233" in table
    assert " 3/31 " in table and " 31 " in table  # the days each change covers


def test_show_by_week_labels_iso_weeks(store: str) -> None:
    code, out, _ = run("show", "--store", store, "-c", "tanks", "--by", "week", "-f", "jsonl")
    assert code == 0
    assert [r["period"] for r in rows("jsonl", out)] == ["2024-W51", "2024-W52", "2025-W01"]


def test_show_without_categories_wraps_into_blocks_that_fit_80_columns(store: str) -> None:
    code, out, err = run("show", "--store", store, "--since", "1044")
    assert (code, err) == (0, "")
    assert fits_80_columns(out)
    for category in ("personnel", "special equipment", "vehicles fuel tanks", "submarines"):
        assert category in out
    assert out.count("date") >= 3  # each block repeats the day and date


def test_show_window_with_by_is_an_error(store: str) -> None:
    code, out, err = run("show", "--store", store, "--by", "week", "--window", "7")
    assert (code, out) == (1, "")
    assert (
        err
        == "Error: --window is for daily rows; rows --by week carry the change per day (avg_per_day)\n"
    )


# ---------------------------------------------------------------------------------------
# totals


def test_totals_in_every_format(store: str) -> None:
    outputs = all_formats("totals", "--store", store, "--at", "day", "1045")
    got = assert_machine_formats_agree(outputs)
    tanks = next(r for r in got if r["category"] == "tanks")
    assert tanks == {
        "category": "tanks", "day": 1045, "date": "2025-01-03", "total": 9677, "delta": 1,
        "change": 1, "sum_7": 33, "sum_30": None, "avg_7": 4.71, "avg_30": None,
        "trend": None, "record_change": 15, "record_day": 1033,
    }  # fmt: skip
    assert [r["category"] for r in got][:3] == ["personnel", "tanks", "armoured_vehicles"]
    code, table, err = outputs["table"]
    assert (code, err) == (0, "")
    assert fits_80_columns(table)
    assert "record +15 on day 1033" in table and "9,677 +1" in table
    assert "▁" in table or "█" in table


def test_totals_at_a_missing_day(store: str) -> None:
    code, out, err = run("totals", "--store", store, "--at", "2024-01-01")
    assert (code, out) == (1, "")
    assert err.startswith(
        "Error: no losses stored for day 677 (2024-01-01); the store holds days 1030–1045"
    )


# ---------------------------------------------------------------------------------------
# check


def test_check_lists_gaps_in_every_format_and_strict_fails(store: str) -> None:
    outputs = all_formats("check", "--store", store)
    got = assert_machine_formats_agree(outputs)
    assert {r["kind"] for r in got} == {"gap"}
    assert got[0] == {
        "day": 1032, "date": "2024-12-21", "category": "mlrs", "kind": "gap", "total": None,
        "delta": None, "change": None, "previous": None, "other_total": None,
        "other_delta": None, "source": None, "other_source": None,
        "detail": "no record for day 1032",
    }  # fmt: skip
    code, table, err = outputs["table"]
    assert (code, err) == (0, "")
    assert fits_80_columns(table) and "no record for days 1038–1039" in table
    code, out, err = run("check", "--store", store, "--strict", "-f", "csv")
    assert (code, err) == (1, "")
    assert out.startswith("day,date,category,kind,")


def test_check_of_a_consistent_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("ingest", "--store", store, str(DATA / "gs-list-07.txt"))[0] == 0
    code, out, err = run("check", "--store", store, "--strict", "-f", "json")
    assert (code, out, err) == (0, "[]\n", "Nothing to check: the store is consistent.\n")


def test_check_finds_a_correction_and_a_decrease(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    first = tmp_path / "2025-01-02.txt"
    first.write_text("Russian War Losses (Today/Total)\nTanks +4\n9676 |\nArtillery +20\n21552 |\n")
    second = tmp_path / "2025-01-03.txt"
    second.write_text("Russian War Losses (Today/Total)\nTanks +1\n9680 |\nArtillery +3\n21550 |\n")
    assert run("ingest", "--store", store, str(first), str(second))[0] == 0
    code, out, err = run("check", "--store", store, "-f", "jsonl")
    assert (code, err) == (0, "")
    got = [(r["day"], r["category"], r["kind"], r["detail"]) for r in rows("jsonl", out)]
    assert got == [
        (1045, "tanks", "correction", "stated +1, the total moved +4 (9,676 → 9,680)"),
        (1045, "artillery", "correction", "stated +3, the total moved -2 (21,552 → 21,550)"),
        (1045, "artillery", "decrease", "the total fell from 21,552 (day 1044) to 21,550"),
    ]


# ---------------------------------------------------------------------------------------
# chart


def test_chart_in_every_format(store: str) -> None:
    outputs = all_formats("chart", "tanks", "--store", store, "--since", "1043")
    got = assert_machine_formats_agree(outputs)
    assert got == [
        {"day": 1043, "date": "2025-01-01", "category": "tanks", "increase": 4, "avg_7": 6.29},
        {"day": 1044, "date": "2025-01-02", "category": "tanks", "increase": 4, "avg_7": 6.57},
        {"day": 1045, "date": "2025-01-03", "category": "tanks", "increase": 1, "avg_7": 4.71},
    ]
    code, table, err = outputs["table"]
    assert (code, err) == (0, "")
    assert fits_80_columns(table)
    assert "tanks: change per day and its mean" in table and "█" in table and "━" in table
    assert "2025-01-01" in table and "2025-01-03" in table


def test_chart_by_week_and_many_days_fit_80_columns(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    start = date(2024, 1, 1)
    records = [{"date": (start + timedelta(days=n)).isoformat(), "tank": 9000 + n * (n % 3 + 1)}
               for n in range(366)]  # fmt: skip
    path = tmp_path / "series.json"
    path.write_text(json.dumps(records))
    assert run("import", "--store", store, str(path))[0] == 0
    code, out, err = run("chart", "tanks", "--store", store, "--since", "2024-01-01")
    assert (code, err) == (0, "")
    assert fits_80_columns(out) and "each column: the mean of" in out
    code, out, err = run("chart", "tanks", "--store", store, "--by", "month", "-f", "json")
    assert (code, err) == (0, "")
    months = json.loads(out)
    assert [m["period"] for m in months][:2] == ["2024-01", "2024-02"]
    assert months[0]["change"] is None  # 2023-12-31 is not stored
    assert months[3]["avg_4"] is None and months[4]["avg_4"] is not None


def test_chart_unknown_category(store: str) -> None:
    code, out, err = run("chart", "zeppelins", "--store", store)
    assert (code, out) == (1, "")
    assert err.startswith("Error: unknown category 'zeppelins'; choose from: personnel,")


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_chart_output_file(suffix: str, store: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / f"tanks.{suffix}"
    code, out, err = run("chart", "tanks", "--store", store, "--output", str(target))
    assert (code, out, err) == (0, "", f"Wrote {target}\n")
    head = target.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in target.read_bytes()


def test_chart_output_without_matplotlib(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, out, err = run("chart", "tanks", "--store", store, "-o", str(tmp_path / "t.png"))
    assert (code, out) == (1, "")
    assert err == "Error: --output needs matplotlib: pip install 'warlosses[chart]'\n"


def test_chart_output_needs_png_or_svg(store: str, tmp_path: Path) -> None:
    code, out, err = run("chart", "tanks", "--store", store, "-o", str(tmp_path / "t.gif"))
    assert (code, out) == (1, "")
    assert err == f"Error: --output {tmp_path / 't.gif'}: write a .png or .svg file\n"


# ---------------------------------------------------------------------------------------
# sources and civilians


def test_sources_in_every_format(store: str) -> None:
    got = assert_machine_formats_agree(all_formats("sources", "--store", store))
    assert len(got) == 16
    briefing = next(r for r in got if str(r["source"]).endswith("briefing-06.txt"))
    assert (briefing["days"], briefing["records"], briefing["formats"]) == (1, 12, "A")
    assert list(briefing) == [
        "source",
        "source_sha256",
        "ingested_at",
        "days",
        "records",
        "formats",
    ]
    assert len(str(briefing["source_sha256"])) == 64
    code, table, err = run("sources", "--store", store)
    assert (code, err) == (0, "")
    assert fits_80_columns(table) and "sha256" in table and "records" in table


@pytest.mark.parametrize("fmt", FORMATS)
def test_civilians_by_week_for_a_region(fmt: str, store: str) -> None:
    code, out, err = run(
        "civilians", "--store", store, "--by", "week", "--region", "kharkiv", "-f", fmt
    )
    assert (code, err) == (0, "")
    if fmt == "table":
        assert "2024-W52" in out and "Kharkiv" in out
    else:
        assert rows(fmt, out) == [
            {"period": "2024-W52", "region": "Kharkiv", "deaths": 2, "injuries": 4, "days": 1}
        ]


def test_civilians_by_month_sums_every_region(store: str) -> None:
    code, out, _ = run("civilians", "--store", store, "--by", "month", "-f", "json")
    assert code == 0
    assert [(r["region"], r["deaths"], r["injuries"]) for r in json.loads(out)] == [
        (None, 6, 6), ("Donetsk", 3, 2), ("Kharkiv", 2, 4), ("Sumy", 1, 0),
    ]  # fmt: skip


def test_civilians_unknown_region(store: str) -> None:
    code, out, err = run("civilians", "--store", store, "--region", "Atlantis")
    assert (code, out) == (1, "")
    assert err == "Error: unknown region 'Atlantis'; choose from: Donetsk, Kharkiv, Sumy\n"


@pytest.mark.parametrize("command", ["totals", "check", "sources", "chart"])
def test_new_reports_on_a_missing_store_say_to_ingest(command: str, tmp_path: Path) -> None:
    args = [command, "tanks"] if command == "chart" else [command]
    code, out, err = run(*args, "--store", str(tmp_path / "none"))
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: no store at {tmp_path / 'none'}; run `warlosses ingest PATH...`")


# ---------------------------------------------------------------------------------------
# Partial periods, charts that read right, empty answers


def test_partial_periods_are_marked(history: "History") -> None:
    code, out, err = run("show", "--by", "month", "-c", "tanks", "--store", str(history.path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    first = next(line for line in lines if line.startswith(" 2022-02 "))
    last = next(line for line in lines if line.startswith(" 2024-05 "))
    assert "│ 5 " in first  # 24-28 February: the whole of the war's first month
    assert "│ 23/31 " in last  # May 2024, stored to the 23rd
    assert "8/31: a partial period" in out
    code, out, _ = run("show", "--by", "month", "-c", "tanks", "--since", "2024-03-10",
                       "--store", str(history.path), "-f", "jsonl")  # fmt: skip
    months = [json.loads(line) for line in out.splitlines()]
    assert [(m["period"], m["days"], m["partial"]) for m in months] == [
        ("2024-03", 22, True), ("2024-04", 30, False), ("2024-05", 23, True),
    ]  # fmt: skip


def test_chart_marks_a_partial_period_and_names_its_lines(history: "History") -> None:
    code, out, err = run("chart", "tanks", "--by", "month", "--since", "2023-09",
                         "--store", str(history.path))  # fmt: skip
    assert (code, err) == (0, "")
    assert "░" in out
    assert out.splitlines()[-1] == "█ change per month  ━ mean over 4 months  ░ a partial period"
    code, out, _ = run("chart", "tanks", "--by", "month", "--since", "2023-09", "--until",
                       "2024-04", "--store", str(history.path))  # fmt: skip
    assert "░" not in out and out.splitlines()[-1] == "█ change per month  ━ mean over 4 months"
    code, out, _ = run("chart", "drones", "-w", "1", "--store", str(history.path))
    assert out.splitlines()[-1] == "█ increase per day  ━ mean over 1 day"
    assert "avg_" not in out


def test_chart_axes_have_thousands_separators(history: "History") -> None:
    code, out, _ = run("chart", "personnel", "--by", "month", "--store", str(history.path))
    labels = [line.split("┤")[0].split("└")[0].strip() for line in out.splitlines()[1:14]]
    numbers = [label for label in labels if label]
    assert numbers and all("," in label for label in numbers[:2]), numbers


def test_chart_output_and_format_together_is_a_usage_error(store: str, tmp_path: Path) -> None:
    code, out, err = run("chart", "tanks", "--store", store, "-o", str(tmp_path / "t.png"),
                         "-f", "csv")  # fmt: skip
    assert (code, out) == (2, "")
    assert "Invalid value for '--format': --output draws a picture, --format writes text" in err
    assert not (tmp_path / "t.png").exists()


@pytest.mark.parametrize(
    "args",
    [["show", "--since", "2025-02"], ["span", "2025-02"], ["top", "tanks", "2025-02"],
     ["compare", "2025-02"], ["export", "-f", "table", "--since", "2025-02"],
     ["chart", "tanks", "--since", "2025-02"], ["totals", "-c", "tanks", "--at", "2025-02.."]],
)  # fmt: skip
def test_an_empty_answer_is_one_line_on_stderr(args: list[str], store: str) -> None:
    code, out, err = run(*args, "--store", store)
    if args[0] == "totals":
        assert (code, out) == (1, "")
        assert err == "Error: no losses stored in '2025-02..' (from day 1074)\n"
        return
    assert (code, out) == (0, "")
    assert err == (
        "No loss records match; the store holds them for days 1,030–1,045 "
        "(2024-12-19 to 2025-01-03).\n"
    )
    code, out, err = run(*args, "--store", store, "-f", "csv")
    assert code == 0 and len(out.splitlines()) == 1 and "," in out  # the header alone


def test_a_store_built_by_import_alone_has_no_civilian_figures(history: "History") -> None:
    empty = history.path.parent / "no-civilians"
    records = [{"date": "2024-01-01", "tank": 5000}, {"date": "2024-01-02", "tank": 5003}]
    source = history.path.parent / "series.json"
    source.write_text(json.dumps(records))
    assert run("import", "--store", str(empty), str(source))[0] == 0
    for fmt in ("table", "csv"):
        code, out, err = run("civilians", "--store", str(empty), "-f", fmt)
        assert code == 0 and out == (
            "" if fmt == "table" else "day,date,region,deaths,injuries,source\n"
        )
        assert err == (
            "The store holds no civilian figures: `ingest` reads them from briefings; "
            "`import` brings loss records only.\n"
        )


def test_chart_output_of_periods_with_a_partial_one(store: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "tanks.svg"
    code, _, err = run("chart", "tanks", "--by", "week", "--store", store, "-o", str(target))
    assert (code, err) == (0, f"Wrote {target}\n")
    drawn = target.read_text()
    assert "a partial period" in drawn and "change per week" in drawn
