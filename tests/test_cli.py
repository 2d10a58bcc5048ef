"""Every command through CliRunner: exit code, stdout and stderr checked apart."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses import __version__
from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"

SEED_LIKE = """\
Summary of the Day:
Fighting continued along the whole front, with 12,000 troops said to be rotating.
The casualty count of civilians in the past 24 hours: (Russian War Crimes)
DEATHS: 6 INJURIES: 6
Russian strikes on Donetsk Oblast killed three civilians and wounded two others. Two of \
those deaths came from a single drone attack.
In Sumy Oblast, 150 shells fell on border villages; the shelling killed one civilian.
In Kharkiv Oblast, a guided bomb killed two people and wounded four others.
Ukraine Mobilization
A training reform was announced.
Russian War Losses (Today/Total)
Troops +1690
784200 |
Tanks +7
9651 |
Artillery +29
21408 |
Arm. Veh. +19
19970 |
Aircraft
369 |
Heli
329 |
Ships
28 |
Russia News
A council was created.
"""

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seed_like(tmp_path: Path) -> Path:
    path = tmp_path / "newsletter.txt"
    path.write_text(SEED_LIKE, encoding="utf-8")
    return path


@pytest.fixture
def sample_store(store_path: Path) -> Path:
    code, _, err = run("ingest", "--store", str(store_path), str(DATA))
    assert code == 0, err
    return store_path


def test_version() -> None:
    assert run("--version") == (0, f"warlosses {__version__}\n", "")


def test_ingest_seed_shaped_newsletter_stores_exactly_its_figures(
    seed_like: Path, store_path: Path
) -> None:
    code, out, err = run("ingest", "--store", str(store_path), "--date", "2024-12-28",
                         str(seed_like))  # fmt: skip
    assert (code, out) == (0, "")
    assert err.strip().endswith(
        "Read 1 file, found 2 reports: 1 day added, 0 changed, 0 unchanged."
    )
    code, out, _ = run("export", "--store", str(store_path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {(r["category"], r["total"], r["delta"]) for r in rows} == {
        ("personnel", 784200, 1690),
        ("tanks", 9651, 7),
        ("artillery", 21408, 29),
        ("armoured_vehicles", 19970, 19),
        ("aircraft", 369, None),
        ("helicopters", 329, None),
        ("ships", 28, None),
    }
    assert {(r["day"], r["date"]) for r in rows} == {(1039, "2024-12-28")}
    code, out, _ = run("civilians", "--store", str(store_path), "--format", "jsonl")
    got = [(r["region"], r["deaths"], r["injuries"]) for r in map(json.loads, out.splitlines())]
    assert got[0] == (None, 6, 6)
    assert sorted(got[1:]) == [("Donetsk", 3, 2), ("Kharkiv", 2, 4), ("Sumy", 1, 0)]


def test_ingest_by_day_option(seed_like: Path, store_path: Path) -> None:
    assert run("ingest", "--store", str(store_path), "--day", "1039", str(seed_like))[0] == 0
    _, out, _ = run("export", "--store", str(store_path), "--format", "json")
    assert {row["date"] for row in json.loads(out)} == {"2024-12-28"}


def test_undated_report_is_not_stored_and_says_how_to_date_it(
    seed_like: Path, store_path: Path
) -> None:
    code, out, err = run("ingest", "--store", str(store_path), str(seed_like))
    assert (code, out) == (0, "")
    assert f"{seed_like}: found a loss report but no date; pass --date YYYY-MM-DD" in err
    assert "0 days added" in err


def test_reingest_changes_nothing(sample_store: Path) -> None:
    before = run("export", "--store", str(sample_store))[1]
    snapshot = (sample_store / "current").resolve()
    code, _, err = run("ingest", "--store", str(sample_store), str(DATA))
    assert code == 0
    assert "0 days added, 0 changed, 16 unchanged." in err
    assert run("export", "--store", str(sample_store))[1] == before
    assert (sample_store / "current").resolve() == snapshot  # not even rewritten


def test_newer_report_for_a_day_replaces_the_older(
    seed_like: Path, store_path: Path, tmp_path: Path
) -> None:
    run("ingest", "--store", str(store_path), "--date", "2024-12-28", str(seed_like))
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(SEED_LIKE.replace("9651 |", "9652 |"), encoding="utf-8")
    code, _, err = run("ingest", "--store", str(store_path), "--date", "2024-12-28",
                       str(corrected))  # fmt: skip
    assert code == 0
    assert "0 days added, 1 changed, 0 unchanged." in err
    _, out, _ = run("export", "--store", str(store_path), "--format", "json")
    tanks = [row for row in json.loads(out) if row["category"] == "tanks"]
    assert [(r["total"], r["source"]) for r in tanks] == [(9652, str(corrected))]


def test_missing_path_is_an_error_but_the_batch_goes_on(store_path: Path) -> None:
    good = DATA / "gs-list-01.txt"
    code, out, err = run("ingest", "--store", str(store_path), "nowhere.txt", str(good))
    assert (code, out) == (1, "")
    assert "Error: nowhere.txt: no such file or directory" in err
    assert "1 day added" in err
    assert run("export", "--store", str(store_path))[0] == 0


def test_file_without_report_is_not_an_error(tmp_path: Path, store_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("Diplomats met in Geneva; 76 of the 188 drones were downed.\n")
    code, out, err = run("ingest", "--store", str(store_path), str(path))
    assert (code, out) == (0, "")
    assert f"{path}: no loss report or civilian count found" in err


def test_binary_and_empty_files_get_a_message(tmp_path: Path, store_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run("ingest", "--store", str(store_path), str(tmp_path))
    assert code == 0
    assert "photo.txt: binary data, not a text document; skipped" in err
    assert "empty.txt: no loss report or civilian count found" in err


def test_ingest_from_standard_input(store_path: Path) -> None:
    text = (DATA / "gs-list-01.txt").read_text(encoding="utf-8")
    code, _, err = run("ingest", "--store", str(store_path), "-", input=text)
    assert code == 0, err
    assert "1 day added" in err


def test_folder_ingest_reads_html_and_skips_other_files(tmp_path: Path, store_path: Path) -> None:
    folder = tmp_path / "archive" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "gs-page-01.html", folder)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = run("ingest", "--store", str(store_path), str(tmp_path / "archive"))
    assert code == 0
    assert "Read 1 file" in err
    _, out, _ = run("export", "--store", str(store_path), "--format", "json")
    assert {row["day"] for row in json.loads(out)} == {1042}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "--date", "28.12.2024", "x"], "Error: '28.12.2024' is not a date; write it as YYYY-MM-DD\n"),
        (["ingest", "--date", "2024-12-28", "--day", "5", "x"], "Error: give --date or --day, not both\n"),
        (["show", "--since", "yesteryear"], "Error: 'yesteryear' is not a day or date; write a day (`day 1,000`, `1000`), a date (`2024-12-28`), a week (`2024-W52`), a month (`2024-12`), `today`, `yesterday`, a span back from the last stored day (`7d`, `4w`, `3m`, `1y`) or two of these joined by `..`\n"),
        (["show", "--since", "day", "1040", "--until", "day", "1030"], "Error: --since (day 1040) is after --until (day 1030)\n"),
    ],
)  # fmt: skip
def test_user_mistakes_are_one_line_errors(
    args: list[str], message: str, sample_store: Path
) -> None:
    code, out, err = run(*args, "--store", str(sample_store))
    assert (code, out, err) == (1, "", message)


def test_unknown_category_lists_the_choices(sample_store: Path) -> None:
    code, out, err = run("show", "--store", str(sample_store), "-c", "spaceships")
    assert (code, out) == (1, "")
    assert err.startswith("Error: unknown category 'spaceships'; choose from: personnel, tanks,")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["show", "export", "civilians"])
def test_reports_on_a_missing_store_say_to_ingest(command: str, tmp_path: Path) -> None:
    code, out, err = run(command, "--store", str(tmp_path / "none"))
    assert (code, out) == (1, "")
    assert (
        err
        == f"Error: no store at {tmp_path / 'none'}; run `warlosses ingest PATH...` first (or pass --store)\n"
    )


def test_store_path_that_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "store.csv"
    path.write_text("a,b\n")
    code, out, err = run("show", "--store", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: store path {path} is a file, not a store folder")
    assert path.read_text() == "a,b\n"


def test_default_store_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WARLOSSES_STORE", str(tmp_path / "env-store"))
    assert run("ingest", str(DATA / "gs-list-01.txt"))[0] == 0
    assert (tmp_path / "env-store" / "current" / "losses.parquet").exists()


def test_show_table_since_day_two_words(sample_store: Path) -> None:
    code, out, err = run("show", "--store", str(sample_store), "--since", "day", "1040",
                         "-c", "tanks", "-c", "personnel")  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "personnel" in lines[1] and "tanks" in lines[1]
    assert lines[1].index("personnel") < lines[1].index("tanks")
    body = [line for line in lines if line.strip()[:4].isdigit()]
    assert [line.split()[0] for line in body] == [str(d) for d in range(1040, 1046)]
    assert "785,930 +1,730" in body[0] and "9,656 +5" in body[0]


@pytest.mark.parametrize("since", ["1044", "day1044", "day 1044", "2025-01-02"])
def test_since_spellings(since: str, sample_store: Path) -> None:
    code, out, _ = run("export", "--store", str(sample_store), "--since", since, "-f", "json")
    assert code == 0
    assert sorted({row["day"] for row in json.loads(out)}) == [1044, 1045]


@pytest.mark.parametrize("command", ["show", "export"])
def test_machine_formats_parse_and_agree(command: str, sample_store: Path) -> None:
    outputs = {
        fmt: run(command, "--store", str(sample_store), "--format", fmt)
        for fmt in ("csv", "json", "jsonl")
    }
    assert all(code == 0 and err == "" for code, _, err in outputs.values())
    from_json = json.loads(outputs["json"][1])
    from_jsonl = [json.loads(line) for line in outputs["jsonl"][1].splitlines()]
    from_csv = list(csv.DictReader(io.StringIO(outputs["csv"][1])))
    assert from_json == from_jsonl
    assert len(from_csv) == len(from_json) == 175
    last = {"export": "source", "show": "avg_7"}[command]
    assert list(from_json[0]) == ["day", "date", "category", "total", "delta", "change", last]
    assert from_json[0] == {
        "day": 1030, "date": "2024-12-19", "category": "personnel", "total": 768220,
        "delta": 1530, "change": None,
        last: str(DATA / "briefing-01.txt") if command == "export" else None,
    }  # fmt: skip
    nulls = [row for row in from_json if row["delta"] is None]
    assert nulls and all(
        csv_row["delta"] == ""
        for csv_row in from_csv
        if csv_row["category"] == "aircraft" and csv_row["day"] == "1030"
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_civilians_in_every_format(fmt: str, sample_store: Path) -> None:
    code, out, err = run("civilians", "--store", str(sample_store), "--format", fmt)
    assert (code, err) == (0, "")
    if fmt == "table":
        assert "Donetsk" in out and "Civilian casualties" in out
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["region"], r["deaths"]) for r in rows][0] == ("", "6")
    else:
        rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert rows[0] == {"day": 1039, "date": "2024-12-28", "region": None, "deaths": 6,
                           "injuries": 6, "source": str(DATA / "briefing-06.txt")}  # fmt: skip
        assert len(rows) == 4


def test_csv_neutralizes_formula_like_text(tmp_path: Path, store_path: Path) -> None:
    hostile = tmp_path / "=cmd.txt"
    hostile.write_text((DATA / "gs-list-01.txt").read_text(encoding="utf-8"), encoding="utf-8")
    run("ingest", "--store", str(store_path), str(hostile))
    _, out, _ = run("export", "--store", str(store_path), "--since", "1031", "--until", "1031")
    sources = {row["source"] for row in csv.DictReader(io.StringIO(out))}
    assert sources == {str(hostile)}  # the path starts with '/', not a formula
    code, out, _ = run("ingest", "--store", str(store_path), "-", input="x")
    assert code == 0


def test_empty_selection_says_so_on_stderr(sample_store: Path) -> None:
    code, out, err = run("export", "--store", str(sample_store), "--since", "2000", "-f", "json")
    note = "No loss records match; the store holds them for days 1,030–1,045 (2024-12-19 to 2025-01-03).\n"
    assert (code, out, err) == (0, "[]\n", note)


def test_parse_shows_records_and_rules_and_stores_nothing(seed_like: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "never-written"
    code, out, err = run("parse", "--store", str(store_path), "--date", "2024-12-28",
                         "--format", "jsonl", str(seed_like))  # fmt: skip
    assert code == 0
    assert err == "Read 1 file, found 2 reports; nothing stored.\n"
    rows = [json.loads(line) for line in out.splitlines()]
    losses = [r for r in rows if r["format"] == "A"]
    civilians = [r for r in rows if r["format"] == "civilians"]
    assert {(r["category"], r["total"], r["delta"], r["rule"]) for r in losses} >= {
        ("personnel", 784200, 1690, "option"),
        ("aircraft", 369, None, "option"),
    }
    assert len(losses) == 7
    assert [(r["region"], r["deaths"], r["injuries"]) for r in civilians][0] == (None, 6, 6)
    assert not store_path.exists()


def test_parse_says_which_rule_dated_each_report(store_path: Path) -> None:
    code, out, err = run("parse", "--store", str(store_path), "-f", "csv",
                         str(DATA / "gs-list-01.txt"), str(DATA / "briefing-01.txt"))  # fmt: skip
    assert code == 0, err
    rules = {(r["source"], r["rule"]) for r in csv.DictReader(io.StringIO(out))}
    assert rules == {(str(DATA / "gs-list-01.txt"), "header"),
                     (str(DATA / "briefing-01.txt"), "heading")}  # fmt: skip


def test_parse_table_and_undated_report(seed_like: Path) -> None:
    code, out, err = run("parse", str(seed_like))
    assert (code, out) == (0, "")
    assert f"{seed_like}: found a loss report but no date; pass --date YYYY-MM-DD" in err
    code, out, _ = run("parse", "--day", "1039", str(seed_like))
    assert code == 0
    assert "784,200 +1,690" in out and "civilians, Donetsk" in out and "3 killed, 2 injured" in out


def test_parse_uses_the_store_for_continuity_without_writing_it(
    sample_store: Path, tmp_path: Path
) -> None:
    next_day = tmp_path / "cut.txt"
    next_day.write_text(
        "(heading lost)\npersonnel ‒ about 794850 (+1600) persons,\ntanks ‒ 9682 (+5),\n"
        "artillery systems ‒ 21577 (+22)\n",
        encoding="utf-8",
    )
    before = (sample_store / "current").resolve()
    code, out, err = run("parse", "--store", str(sample_store), "-f", "json", str(next_day))
    assert code == 0, err
    assert {(r["day"], r["rule"]) for r in json.loads(out)} == {(1046, "continuity")}
    assert "day 1046 inferred from the totals of day 1045" in err
    assert (sample_store / "current").resolve() == before
