"""Importing data sets: the pure reader on fixtures and strings, then `warlosses import`."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses.cli import app
from warlosses.importers import (
    FORMAT_API,
    FORMAT_DATASET,
    FORMAT_EXPORT,
    ImportProblem,
    Origin,
    Record,
    read_records,
)
from warlosses.store import Store

IMPORT = Path(__file__).parent / "fixtures" / "import"
DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def read(name: str) -> dict[tuple[int, str], Record]:
    imported = read_records(name, (IMPORT / name).read_text(encoding="utf-8"))
    return {(r.day, r.category): r for r in imported.records}


def test_dataset_equipment_json_maps_its_names_to_ours() -> None:
    records = read("dataset_equipment.json")
    assert records[(65, "armoured_vehicles")] == Record(65, "armoured_vehicles", 2500, None, FORMAT_DATASET, "Izyum")  # fmt: skip
    assert records[(66, "military_vehicles")].total == 1720
    assert records[(66, "fuel_tanks")].total == 76
    assert records[(67, "vehicles_fuel_tanks")].total == 1800
    assert records[(67, "srbm_launchers")].total == 4
    assert records[(67, "artillery")].direction is None
    assert {c for d, c in records if d == 67} == {
        "aircraft", "helicopters", "tanks", "armoured_vehicles", "artillery", "mlrs", "drones",
        "ships", "air_defence", "special_equipment", "srbm_launchers", "vehicles_fuel_tanks",
        "cruise_missiles",
    }  # fmt: skip
    assert all(r.delta is None for r in records.values())


def test_dataset_personnel_keeps_pow_under_a_slug_and_ignores_the_qualifier() -> None:
    imported = read_records("p.json", (IMPORT / "dataset_personnel.json").read_text())
    got = {(r.day, r.category): r.total for r in imported.records}
    assert got == {(65, "personnel"): 23000, (65, "pow"): 400, (66, "personnel"): 23200,
                   (67, "personnel"): 23500}  # fmt: skip
    assert imported.days == 3
    assert imported.warnings == ("unknown category 'POW' stored as 'pow'",)


def test_dataset_csv_gives_the_same_as_json_would() -> None:
    records = read("dataset_equipment.csv")
    assert records[(464, "tanks")].total == 3805
    assert records[(463, "submarines")].total == 1
    assert records[(463, "tanks")].direction is None
    assert len(records) == 2 * 13


def test_api_envelope_with_records_gives_totals_and_stated_increases() -> None:
    records = read("api_statistics.json")
    assert records[(464, "personnel")] == Record(464, "personnel", 208000, 500, FORMAT_API)
    assert records[(464, "drones")].total == 3160
    assert records[(464, "srbm_launchers")].total == 4
    assert records[(464, "aircraft")].total == 313
    assert records[(464, "ships")].total == 18
    assert records[(463, "tanks")] == Record(463, "tanks", 3800, None, FORMAT_API)
    assert len([r for r in records.values() if r.day == 464]) == 15


def test_api_latest_is_one_record() -> None:
    records = read("api_latest.json")
    assert records[(465, "ground_robots")] == Record(465, "ground_robots", 2, 0, FORMAT_API)
    assert records[(465, "tanks")].delta == 6


def test_export_jsonl_and_csv() -> None:
    jsonl = (
        '{"day": 1039, "date": "2024-12-28", "category": "tanks", "total": 9651, "delta": 7}\n'
        '{"day": 1039, "date": "2024-12-28", "category": "aircraft", "total": 369, "delta": null}\n'
    )
    csv_text = "day,date,category,total,delta,change,source\n1039,2024-12-28,tanks,9651,7,5,a.txt\n"
    assert read_records("e.jsonl", jsonl).records == (
        Record(1039, "tanks", 9651, 7, FORMAT_EXPORT),
        Record(1039, "aircraft", 369, None, FORMAT_EXPORT),
    )
    assert read_records("e.csv", csv_text).records == (
        Record(1039, "tanks", 9651, 7, FORMAT_EXPORT, origin=Origin("a.txt")),
    )


def test_a_day_that_disagrees_with_the_date_is_stored_by_the_date_with_a_warning() -> None:
    imported = read_records("x.json", '[{"date": "2024-12-28", "day": 1040, "tank": 9651}]')
    assert imported.records[0].day == 1039
    assert imported.warnings == (
        "record 1 says day 1040 for 2024-12-28, which is day 1039; stored as day 1039",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; expected"),
        ("[1, 2]", "expected the 2022-Ukraine-Russia-War-Dataset's JSON"),
        ('{"a": ', "not valid JSON (Expecting value at line 1, column 7)"),
        ('[{"date": "28.12.2024", "tank": 1}]', "record 1: '28.12.2024' is not a YYYY-MM-DD date"),
        ('[{"date": "2024-12-28", "tank": "many"}]', "record 1: tank is 'many', not a whole number"),
        ('[{"date": "2022-02-01", "tank": 1}]', "record 1: 2022-02-01 is before the war's first day (2022-02-24)"),
        ("a,b\n1,2\n", "the CSV has no `date` or `day` column"),
        ('[{"category": "tanks", "total": 5}]', "record 1: no date and no day"),
        ("[]", "no records in the file"),
    ],
)  # fmt: skip
def test_what_cannot_be_imported_says_why(text: str, message: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_records("f.json", text)
    assert message in str(caught.value)


# ---------------------------------------------------------------------------------------
# Through the command line


def test_import_dataset_files_then_export_reproduces_every_total(store_path: Path) -> None:
    files = [str(IMPORT / "dataset_equipment.json"), str(IMPORT / "dataset_personnel.json")]
    code, out, err = run("import", "--store", str(store_path), *files)
    assert (code, out) == (0, "")
    assert err == (
        f"{files[1]}: unknown category 'POW' stored as 'pow'\n"
        "Read 2 files, found 6 daily records: 3 days added, 0 changed, 0 unchanged.\n"
    )
    _, out, _ = run("export", "--store", str(store_path), "--format", "jsonl")
    got = {(r["date"], r["category"]): r["total"] for r in map(json.loads, out.splitlines())}
    names = {"tank": "tanks", "APC": "armoured_vehicles", "personnel": "personnel"}
    for name in ("dataset_equipment.json", "dataset_personnel.json"):
        for row in json.loads((IMPORT / name).read_text()):
            for key, category in names.items():
                if key in row:
                    assert got[(row["date"], category)] == row[key]
    assert len(got) == 3 * 13 + 3 + 1
    _, out, _ = run("sources", "--store", str(store_path), "--format", "json")
    assert [(s["source"], s["days"], s["records"], s["formats"]) for s in json.loads(out)] == [
        (files[0], 3, 39, "dataset"),
        (files[1], 3, 4, "dataset"),
    ]


def test_the_corrections_file_is_skipped_with_a_message(tmp_path: Path, store_path: Path) -> None:
    corrections = tmp_path / "russia_losses_equipment_correction.json"
    corrections.write_text('[{"date": "2022-10-13", "day": 231, "APC": -25}]')
    code, out, err = run("import", "--store", str(store_path), str(corrections))
    assert (code, out) == (0, "")
    assert f"{corrections}: the data set's corrections file holds adjustments, not totals" in err


def test_export_import_round_trip_gives_the_same_records(tmp_path: Path, store_path: Path) -> None:
    assert run("ingest", "--store", str(store_path), str(DATA))[0] == 0
    columns = ("day", "date", "category", "total", "delta", "change")
    for fmt, suffix in (("jsonl", "jsonl"), ("csv", "csv"), ("json", "json")):
        _, exported, _ = run("export", "--store", str(store_path), "--format", fmt)
        path = tmp_path / f"export.{suffix}"
        path.write_text(exported, encoding="utf-8")
        other = tmp_path / f"store-{fmt}"
        code, out, err = run("import", "--store", str(other), str(path))
        assert (code, out) == (0, ""), err
        assert (
            err == "Read 1 file, found 16 daily records: 16 days added, 0 changed, 0 unchanged.\n"
        )
        before = json.loads(run("export", "--store", str(store_path), "-f", "json")[1])
        after = json.loads(run("export", "--store", str(other), "-f", "json")[1])
        assert [[r[c] for c in columns] for r in after] == [[r[c] for c in columns] for r in before]
        # Each record keeps its source (it used to become the export file's name).
        assert [r["source"] for r in after] == [r["source"] for r in before]


def test_reimport_changes_nothing(store_path: Path) -> None:
    path = str(IMPORT / "api_statistics.json")
    assert run("import", "--store", str(store_path), path)[0] == 0
    code, _, err = run("import", "--store", str(store_path), path)
    assert code == 0
    assert err.endswith("0 days added, 0 changed, 2 unchanged.\n")


def test_bad_and_missing_files_fail_but_the_rest_is_imported(
    tmp_path: Path, store_path: Path
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}')
    good = str(IMPORT / "api_latest.json")
    code, out, err = run("import", "--store", str(store_path), str(bad), "nowhere.csv", good)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"Error: {bad}: expected the 2022-Ukraine-Russia-War-Dataset's JSON or CSV, the "
        "russianwarship.rip API's JSON, or a warlosses export (CSV, JSON or JSON lines)",
        "Error: nowhere.csv: no such file or directory",
        "Read 2 files, found 1 daily record: 1 day added, 0 changed, 0 unchanged.",
    ]
    _, out, _ = run("export", "--store", str(store_path), "-f", "json")
    assert {r["category"] for r in json.loads(out)} == {"personnel", "tanks", "ground_robots"}


def test_imported_and_ingested_disagreeing_is_a_conflict(tmp_path: Path, store_path: Path) -> None:
    assert run("ingest", "--store", str(store_path), str(DATA / "gs-list-07.txt"))[0] == 0
    api = tmp_path / "api.json"
    api.write_text(json.dumps([{"date": "2025-01-03", "stats": {"tanks": 9678, "mlrs": 1257},
                                "increase": {"tanks": 1, "mlrs": 1}}]))  # fmt: skip
    assert run("import", "--store", str(store_path), str(api))[0] == 0
    code, out, err = run("check", "--store", str(store_path), "--format", "jsonl")
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["kind"], r["category"]) for r in rows] == [("conflict", "tanks")]
    assert rows[0]["total"] == 9677 and rows[0]["other_total"] == 9678
    assert rows[0]["source"] == str(DATA / "gs-list-07.txt") and rows[0]["other_source"] == str(api)
    # The General Staff's own list stays the one the reports use.
    _, out, _ = run("export", "--store", str(store_path), "-f", "json", "--since", "1045")
    assert [r["total"] for r in json.loads(out) if r["category"] == "tanks"] == [9677]


# ---------------------------------------------------------------------------------------
# One bad value is one line naming the file and the record; the other files are imported.

GOOD_EXPORT = "day,date,category,total,delta\n1039,2024-12-28,tanks,9651,7\n"


def _export_with(total: str) -> str:
    return f"day,date,category,total,delta\n1038,2024-12-27,tanks,9644,5\n1039,2024-12-28,tanks,{total},7\n"


BAD_FILES = {
    "30 digits.csv": (_export_with("1" * 30), "record 2: total 111111111111111111111111111111 is too large to store"),
    "2 to the 63.json": (
        json.dumps([{"date": "2024-12-28", "category": "tanks", "total": 2**63}]),
        f"record 1: total {2**63} is too large to store",
    ),
    "1e300.json": ('[{"date": "2024-12-28", "category": "tanks", "total": 1e300}]',
                   "record 1: total 1e+300 is too large to store"),
    "4400 digits.json": ('[{"date": "2024-12-28", "category": "tanks", "total": ' + "9" * 4400 + "}]",
                         "record 1: total 999999999999999999999… is too large to store"),
    "double minus.csv": (_export_with("--5"), "record 2: total is '--5', not a whole number"),
    "superscript.csv": (_export_with("²"), "record 2: total is '²', not a whole number"),
    "negative.csv": (_export_with("-5"), "record 2: total is -5; a total is never below zero"),
    "nested.json": ("[" * 100_000 + "]" * 100_000, "not valid JSON (nested too deeply)"),
    "nested lines.jsonl": ('{"a": ' * 100_000 + "1" + "}" * 100_000 + "\n{}\n", "not valid JSON (nested too deeply)"),
    "surrogate.json": ('[{"date": "2024-12-28", "category": "tanks\\ud800", "total": 5}]',
                       "record 1: 'tanks\\ud800' holds a lone surrogate, which is not text"),
    "surrogate key.json": ('[{"date": "2024-12-28", "tank\\udfff": 5}]',
                           "record 1: 'tank\\udfff' holds a lone surrogate, which is not text"),
    "day 3e9.json": ('[{"day": 3e9, "category": "tanks", "total": 5}]',
                     "record 1: day 3000000000 is after tomorrow"),
    "far future.json": ('[{"date": "9999-12-31", "tank": 5}]',
                        "record 1: 9999-12-31 is after tomorrow"),
    "before the war.csv": ("date,tank\n1999-01-01,5\n",
                           "record 1: 1999-01-01 is before the war's first day (2022-02-24)"),
    "huge field.csv": ("date,tank\n2024-12-28," + "7" * 200_000 + "\n",
                       "not a readable CSV file (field larger than field limit (131072))"),
}  # fmt: skip


def test_each_bad_file_is_one_line_and_the_good_files_are_imported(
    tmp_path: Path, store_path: Path
) -> None:
    (tmp_path / "a-good.csv").write_text(GOOD_EXPORT, encoding="utf-8")
    for name, (text, _) in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = [str(tmp_path / "a-good.csv"), *(str(tmp_path / name) for name in BAD_FILES)]
    code, out, err = run("import", "--store", str(store_path), *names)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[:-1] == [f"Error: {tmp_path / name}: {message}"
                          for name, (_, message) in BAD_FILES.items()]  # fmt: skip
    assert lines[-1].endswith(": 1 day added, 0 changed, 0 unchanged."), lines[-1]
    code, out, _ = run("export", "--store", str(store_path), "-f", "jsonl")
    assert [json.loads(line)["total"] for line in out.splitlines()] == [9651]


def test_a_day_and_category_given_twice_with_other_figures_is_reported(
    tmp_path: Path, store_path: Path
) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "day,date,category,total,delta\n1039,2024-12-28,tanks,9651,7\n"
        "1039,2024-12-28,tanks,9652,8\n1039,2024-12-28,tanks,9651,7\n"  # the same again: fine
        "1040,2024-12-29,tanks,9655,4\n1040,2024-12-29,tanks,9656,5\n",
        encoding="utf-8",
    )
    code, _, err = run("import", "--store", str(store_path), str(path))
    assert code == 0
    assert err.splitlines()[0] == (
        f"{path}: 2 categories of a day are given twice with other figures (the first: day "
        "1039, tanks 9,651 (+7) in record 1, 9,652 (+8) in record 2); the last record of each "
        "is kept"
    )
    code, out, _ = run("export", "--store", str(store_path), "-f", "jsonl")
    assert [json.loads(line)["total"] for line in out.splitlines()] == [9651, 9656]


# ---------------------------------------------------------------------------------------
# Export, then import: the same records with their sources; with --observations the
# same store.


def _sample(store: Path) -> None:
    code, _, err = run("ingest", "--store", str(store), str(DATA))
    assert code == 0, err
    # A second source of one day, so that the store holds more than its daily views.
    code, _, err = run("ingest", "--store", str(store), "--date", "2024-12-28",
                       str(DATA / "briefing-05.txt"))  # fmt: skip
    assert code == 0, err


def _outputs(store: Path) -> list[str]:
    commands = [["export"], ["export", "--civilians"], ["civilians"], ["show", "--since", "1038"]]
    return [run(*command, "--store", str(store), "-f", "csv")[1] for command in commands]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_then_import_keeps_every_record_and_its_source(
    fmt: str, tmp_path: Path, store_path: Path
) -> None:
    _sample(store_path)
    files = []
    for kind, options in (("losses", []), ("civilians", ["--civilians"])):
        code, out, err = run("export", "--store", str(store_path), *options, "-f", fmt)
        assert code == 0, err
        files.append(tmp_path / f"{kind}.{fmt}")
        files[-1].write_text(out, encoding="utf-8")
    assert "Donetsk" in files[1].read_text()
    copy = tmp_path / "copy"
    code, _, err = run("import", "--store", str(copy), *map(str, files))
    assert code == 0, err
    assert _outputs(copy) == _outputs(store_path)  # sources included, not the files' names


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_of_the_observations_then_import_gives_the_same_store(
    fmt: str, tmp_path: Path, store_path: Path
) -> None:
    _sample(store_path)
    weird = tmp_path / "=caf\udce9.txt"  # a name a spreadsheet would run, and not UTF-8
    weird.write_bytes((DATA / "gs-list-02.txt").read_bytes())
    assert run("ingest", "--store", str(store_path), "--date", "2025-01-05", str(weird))[0] == 0
    files = []
    for kind, options in (("losses", []), ("civilians", ["--civilians"])):
        code, out, err = run("export", "--store", str(store_path), "--observations", *options,
                             "-f", fmt)  # fmt: skip
        assert code == 0, err
        files.append(tmp_path / f"{kind}.{fmt}")
        files[-1].write_text(out, encoding="utf-8")
    copy = tmp_path / "copy"
    code, _, err = run("import", "--store", str(copy), *map(str, files))
    assert code == 0, err
    original, restored = Store(store_path).read_arrow(), Store(copy).read_arrow()
    for name in ("losses", "civilians"):
        mine, theirs = getattr(original, name), getattr(restored, name)
        order = [(column, "ascending") for column in ("day", "source_sha256", mine.column_names[2])]
        assert theirs.sort_by(order).equals(mine.sort_by(order)), name
    for command in (["sources"], ["check"], ["export"], ["civilians"]):
        assert run(*command, "--store", str(copy), "-f", "csv") == run(
            *command, "--store", str(store_path), "-f", "csv"
        ), command


def test_observations_and_wide_do_not_go_together(store_path: Path) -> None:
    _sample(store_path)
    for options in (["--observations", "--wide"], ["--civilians", "--wide"],
                    ["--civilians", "-c", "tanks"]):  # fmt: skip
        code, out, err = run("export", "--store", str(store_path), *options)
        assert (code, out) == (2, ""), options
        assert "cannot be used with" in err, err
