"""The library: `warlosses.Store`'s reports are the CLI's CSV as typed frames, WHEN in every
form, the CLI's errors, and `import warlosses` costs neither pandas nor pyarrow."""

import csv
import inspect
import io
import math
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import History
from typer.testing import CliRunner

import warlosses
from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def cli(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "store"
    code, _, err = cli("ingest", "--store", str(path), str(DATA))
    assert code == 0, err
    return path


def _cell(value: object) -> str:
    """A frame's value as the CSV writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return str(value)


# The dtypes a frame's columns may have, and what the CSV's cells must look like for each.
_CELLS = {
    "Int64": r"-?\d+",
    "Float64": r"-?\d+\.\d+(e-?\d+)?",
    "boolean": r"true|false",
    "string": r".*",
    "object": r"\d{4}-\d{2}-\d{2}",  # dates
    "datetime64[us, UTC]": r"\d{4}-\d{2}-\d{2}T[\d:.]+\+00:00",
}


def assert_frame_is_the_csv(frame: pd.DataFrame, out: str) -> None:
    """Same columns, the same cells, and a dtype for each column that fits its cells."""
    import re

    reader = csv.reader(io.StringIO(out))
    header = next(reader)
    cells = list(reader)
    assert list(frame.columns) == header
    assert len(frame) == len(cells)
    for i, name in enumerate(header):
        dtype = str(frame[name].dtype)
        assert dtype in _CELLS, (name, dtype)
        column = frame[name].astype(object).tolist()
        assert [_cell(v) for v in column] == [row[i] for row in cells], name
        assert all(re.fullmatch(_CELLS[dtype], row[i]) for row in cells if row[i]), name
        if dtype == "object":
            assert all(isinstance(v, date) or v is None or v is pd.NA for v in column), name


def csv_of(*args: str) -> str:
    code, out, err = cli(*args, "--format", "csv")
    assert code == 0, err
    return out


# ---------------------------------------------------------------------------------------
# A test per method: the frame is the command's CSV, on the same store


# (method, keyword arguments, the command's arguments), for the sample's store (days
# 1030-1045) and for the invented history's (days 1-820, with gaps and a correction).
SAMPLE_CALLS = [
    ("losses", {}, ["export"]),
    ("losses", {"since": "day 1040", "until": 1042}, ["export", "--since", "1040", "--until", "1042"]),
    ("series", {}, ["show"]),
    ("series", {"since": 1040, "categories": ["tanks", "drones"], "window": 3},
     ["show", "--since", "1040", "-c", "tanks", "-c", "drones", "--window", "3"]),
    ("series", {"by": "week"}, ["show", "--by", "week"]),
    ("series", {"by": "week", "wide": True, "value": "change"}, ["show", "--by", "week", "--wide", "--value", "change"]),
    ("losses", {"wide": True, "since": 1040}, ["export", "--wide", "--since", "1040"]),
    ("totals", {}, ["totals"]),
    ("totals", {"at": "2024-12-28"}, ["totals", "--at", "2024-12-28"]),
    ("civilians", {}, ["civilians"]),
    ("civilians", {"by": "month", "region": "donetsk"}, ["civilians", "--by", "month", "--region", "donetsk"]),
    ("check", {}, ["check"]),
    ("sources", {}, ["sources"]),
    ("chart", {"category": "tanks"}, ["chart", "tanks"]),
    ("span", {"when": "7d"}, ["span", "7d"]),
    ("span", {"since": "2024-12-25", "categories": ["tanks"]}, ["span", "--since", "2024-12-25", "-c", "tanks"]),
    ("compare", {"when": "3d", "categories": "tanks,drones"}, ["compare", "3d", "-c", "tanks,drones"]),
    ("top", {"categories": "drones", "limit": 3}, ["top", "drones", "-n", "3"]),
]  # fmt: skip
HISTORY_CALLS = [
    ("losses", {"categories": "tanks"}, ["export"]),
    ("series", {"since": 590, "until": 610}, ["show", "--since", "590", "--until", "610"]),
    ("series", {"by": "month", "last": 3}, ["show", "--by", "month", "--last", "3"]),
    ("series", {"by": "year"}, ["show", "--by", "year"]),
    ("totals", {"at": 650}, ["totals", "--at", "650"]),
    ("civilians", {"by": "year"}, ["civilians", "--by", "year"]),
    ("check", {}, ["check"]),
    ("sources", {}, ["sources"]),
    ("chart", {"category": "drones", "by": "month", "window": 2}, ["chart", "drones", "--by", "month", "-w", "2"]),
    ("span", {"when": "2023-01..2023-06"}, ["span", "2023-01..2023-06"]),
    ("span", {}, ["span"]),
    ("compare", {"when": "2024-03"}, ["compare", "2024-03"]),
    ("top", {"categories": ["tanks", "drones"], "since": "2023-08"}, ["top", "tanks,drones", "--since", "2023-08"]),
]  # fmt: skip


@pytest.mark.parametrize(("method", "kwargs", "command"), SAMPLE_CALLS)
def test_each_method_gives_its_commands_csv(
    method: str, kwargs: dict, command: list[str], sample: Path
) -> None:
    frame = getattr(warlosses.Store(sample), method)(**kwargs)
    assert isinstance(frame, pd.DataFrame)
    assert_frame_is_the_csv(frame, csv_of(*command, "--store", str(sample)))


@pytest.mark.parametrize(("method", "kwargs", "command"), HISTORY_CALLS)
def test_each_method_gives_its_commands_csv_on_a_long_history(
    method: str, kwargs: dict, command: list[str], history: History
) -> None:
    frame = getattr(warlosses.Store(history.path), method)(**kwargs)
    if method == "losses":  # export takes no -c (yet): the same rows, filtered here
        out = csv_of(*command, "--store", str(history.path))
        header, *lines = out.splitlines()
        out = "\n".join([header, *(line for line in lines if ",tanks," in line)]) + "\n"
    else:
        out = csv_of(*command, "--store", str(history.path))
    assert len(frame) > 0
    assert_frame_is_the_csv(frame, out)


def test_parse_gives_the_parse_commands_csv(sample: Path) -> None:
    frame, summary = warlosses.Store(sample).parse(
        [DATA / "gs-page-01.html", DATA / "briefing-06.txt"]
    )
    out = csv_of("parse", "--store", str(sample), str(DATA / "gs-page-01.html"),
                 str(DATA / "briefing-06.txt"))  # fmt: skip
    assert_frame_is_the_csv(frame, out)
    assert (summary.files_read, summary.reports_found) == (2, 3)


def test_parse_text_gives_what_parse_of_standard_input_gives() -> None:
    text = (DATA / "briefing-06.txt").read_text()
    frame = warlosses.parse_text(text)
    code, out, err = cli("parse", "-", "--format", "csv", input=text)
    assert code == 0, err
    assert_frame_is_the_csv(frame, out)
    assert set(frame["format"]) == {"A", "civilians"}
    dated = warlosses.parse_text("Tanks +7\n9651 |\n", date="2024-12-28")
    assert dated[["day", "category", "total", "delta"]].astype(object).values.tolist() == [
        [1039, "tanks", 9651, 7]
    ]
    assert warlosses.parse_text("Tanks +7\n9651 |\n").empty  # no date: not stored


# ---------------------------------------------------------------------------------------
# WHEN in every form; errors as the CLI says them


@pytest.mark.parametrize("when", [1040, "1040", "day 1040", "day1040", "DAY 1040",
                                  "2024-12-29", date(2024, 12, 29)])  # fmt: skip
def test_when_in_every_form(when: object, sample: Path) -> None:
    store = warlosses.Store(sample)
    frame = store.series(since=when, categories="tanks")  # type: ignore[arg-type]
    assert frame["day"].tolist() == list(range(1040, 1046))
    assert store.totals(at=when)["day"].unique().tolist() == [1040]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "command"),
    [
        (lambda s: s.series(categories="tankz"), ["show", "-c", "tankz"]),
        (lambda s: s.series(since="yesteryear"), ["show", "--since", "yesteryear"]),
        (lambda s: s.series(since=1045, until=1040), ["show", "--since", "1045", "--until", "1040"]),
        (lambda s: s.totals(at=1000), ["totals", "--at", "1000"]),
        (lambda s: s.series(window=3, by="week"), ["show", "--window", "3", "--by", "week"]),
        (lambda s: s.civilians(region="Odesa"), ["civilians", "--region", "Odesa"]),
        (lambda s: s.chart("tankz"), ["chart", "tankz"]),
    ],
)  # fmt: skip
def test_errors_are_the_clis(call: object, command: list[str], sample: Path) -> None:
    with pytest.raises(warlosses.WarlossesError) as raised:
        call(warlosses.Store(sample))  # type: ignore[operator]
    code, out, err = cli(*command, "--store", str(sample))
    assert (code, out) == (1, "")
    assert err == f"Error: {raised.value}\n"


def test_a_missing_store_is_the_clis_error(tmp_path: Path) -> None:
    store = warlosses.Store(tmp_path / "nothing")
    for method in ("losses", "series", "totals", "civilians", "check", "sources"):
        with pytest.raises(warlosses.WarlossesError, match="run `warlosses ingest PATH...` first"):
            getattr(store, method)()
    assert not (tmp_path / "nothing").exists()


def test_ingest_returns_the_summary_ingest_prints(tmp_path: Path) -> None:
    summary = warlosses.Store(tmp_path / "a").ingest(DATA)
    code, _, err = cli("ingest", "--store", str(tmp_path / "b"), str(DATA))
    assert code == 0
    assert err.splitlines()[-1] == str(summary)
    assert str(summary) == "Read 16 files, found 17 reports: 16 days added, 0 changed, 0 unchanged."
    again = warlosses.Store(tmp_path / "a").ingest([DATA / "briefing-06.txt"], date="2024-12-28")
    assert (again.files_read, len(again.days_unchanged), again.failed) == (1, 1, False)


def test_import_files_returns_its_summary(tmp_path: Path, sample: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(cli("export", "--store", str(sample), "--format", "jsonl")[1])
    summary = warlosses.Store(tmp_path / "copy").import_files(export)
    assert (
        str(summary)
        == "Read 1 file, found 16 daily records: 16 days added, 0 changed, 0 unchanged."
    )
    assert (
        warlosses.Store(tmp_path / "copy")
        .losses()
        .drop(columns="source")
        .equals(warlosses.Store(sample).losses().drop(columns="source"))
    )


def test_default_store_is_the_clis(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLOSSES_STORE", str(sample))
    assert warlosses.Store().path == sample
    assert warlosses.Store().totals().equals(warlosses.Store(str(sample)).totals())


# ---------------------------------------------------------------------------------------
# Typed, documented, and cheap to import


def test_the_package_is_typed_and_documented() -> None:
    assert (Path(warlosses.__file__).parent / "py.typed").exists()
    for name in warlosses.__all__:
        assert getattr(warlosses, name) is not None
    public = [m for name, m in inspect.getmembers(warlosses.Store) if not name.startswith("_")]
    assert len(public) >= 10
    for method in [*public, warlosses.parse_text, warlosses.Store]:
        assert method.__doc__ and method.__doc__.strip().endswith("."), method


def test_import_warlosses_imports_neither_pandas_nor_pyarrow(sample: Path) -> None:
    code = (
        "import sys\n"
        "import warlosses\n"
        "heavy = lambda: sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules)\n"
        "print(heavy())\n"
        f"store = warlosses.Store({str(sample)!r})\n"
        "rows = store.rows.series(since=1040)\n"
        "print(heavy(), len(rows))\n"
        "frame = store.series(since=1040)\n"
        "print(heavy(), len(frame))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, rows, frame = out.stdout.splitlines()
    assert (before, rows) == ("[]", "[] 74")  # 74 rows: days 1040-1045, all categories
    assert frame == "['pandas', 'pyarrow'] 74"
