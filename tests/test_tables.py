"""Tables at any width: no trailing spaces, names wrap rather than being cut, numbers and
the key columns are never lost, paths break at their separators; a stream that cannot
write Unicode gets ASCII; help that a new user can follow."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
WIDTHS = (20, 40, 80, 200)


def run(*args: str, width: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tables") / "store"
    assert run("ingest", "--store", str(path), str(DATA))[0] == 0
    return str(path)


TABLES = [
    ["show", "--since", "1040"],
    ["show", "--by", "week"],
    ["totals"],
    ["check"],
    ["sources"],
    ["civilians"],
    ["span", "7d"],
    ["compare", "3d"],
    ["top", "drones", "-n", "3"],
    ["chart", "tanks"],
    ["export", "-f", "table", "--since", "1044"],
    ["parse", str(DATA / "gs-page-01.html")],
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", TABLES, ids=lambda a: "-".join(a[:2]).replace("/", "_"))
def test_no_line_ends_in_a_space_and_nothing_is_cut(
    args: list[str], width: int, sample: str
) -> None:
    code, out, err = run(*args, "--store", sample, width=width)
    assert code == 0, err
    assert out.strip()
    for line in out.splitlines():
        assert line == line.rstrip(), repr(line)
    assert "…" not in out  # no name or number cut short with an ellipsis


@pytest.mark.parametrize("width", WIDTHS)
def test_numbers_and_key_columns_are_never_lost(width: int, sample: str) -> None:
    _, out, _ = run("totals", "--store", sample, width=width)
    for name, total in [("personnel", "793,250"), ("tanks", "9,677"), ("artillery", "21,555")]:
        line = next(line for line in out.splitlines() if line.startswith(f" {name} "))
        assert total in line, (width, line)
    _, out, _ = run("show", "--since", "1044", "--store", sample, width=width)
    rows = [line for line in out.splitlines() if re.match(r" 104[45] ", line)]
    assert rows and all("2025-01-0" in line for line in rows), out  # day and date kept
    assert "793,250 +1,080" in out and "21,249 +49" in out


def test_names_wrap_at_spaces(sample: str) -> None:
    _, out, _ = run("totals", "--store", sample, width=20)
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(" armoured "))
    assert lines[first + 1].startswith(" vehicles ")
    assert " helicopters " in out  # a long word is kept whole


@pytest.mark.parametrize("width", [40, 60])
def test_sources_paths_break_at_separators(width: int, sample: str) -> None:
    _, out, _ = run("sources", "--store", sample, width=width)
    fragments = [line.split("│")[0].strip() for line in out.splitlines() if "│" in line]
    paths, pending = [], ""
    for fragment in fragments:
        pending += fragment
        if not fragment.endswith("/"):
            paths.append(pending)
            pending = ""
    _, machine, _ = run("sources", "--store", sample, "-f", "csv")
    assert paths == [line.split(",")[0] for line in machine.splitlines()[1:]]
    assert len(fragments) > len(paths)  # they did break, and only after a separator


def test_wide_tables_are_drawn_wider_than_a_narrow_terminal(sample: str) -> None:
    _, out, _ = run("sources", "--store", sample, width=20)
    assert max(len(line) for line in out.splitlines()) > 20
    assert "first stored" in out or "first" in out  # every column is there
    for header in ("source", "sha256", "days", "records", "formats"):
        assert header in out


# ---------------------------------------------------------------------------------------
# A stdout that cannot write Unicode


def _ascii_run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "warlosses", *args], capture_output=True, env=env, text=True,
        encoding="ascii", errors="replace",
    )  # fmt: skip


@pytest.mark.parametrize(
    "args", [["show", "--since", "1040"], ["totals"], ["check"], ["chart", "tanks"],
             ["span", "7d"], ["compare", "3d"], ["show", "--by", "week"]],
)  # fmt: skip
def test_an_ascii_stdout_gets_ascii_tables(args: list[str], sample: str) -> None:
    done = _ascii_run(*args, "--store", sample)
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and "\ufffd" not in done.stdout
    assert "|" in done.stdout or "#" in done.stdout  # ASCII boxes, bars


def test_an_ascii_stdout_and_text_it_cannot_write(tmp_path: Path) -> None:
    store = tmp_path / "store"
    report = tmp_path / "звіт.txt"
    report.write_text("Tanks +7\n9651 |\n")
    assert run("ingest", "--store", str(store), "--date", "2024-12-28", str(report))[0] == 0
    done = _ascii_run("export", "--store", str(store))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(
        "Error: standard output's encoding (ascii) cannot write"
    )
    assert done.stderr.rstrip().endswith("set PYTHONIOENCODING=utf-8")
    done = _ascii_run("export", "--store", str(store), "-f", "jsonl")
    assert done.returncode == 0 and "\\u0437\\u0432" in done.stdout  # JSON escapes it
    done = _ascii_run("sources", "--store", str(store))
    assert done.returncode == 0 and done.stdout.isascii()


# ---------------------------------------------------------------------------------------
# Help


def test_the_command_list_is_not_cut_off() -> None:
    code, out, _ = run("--help", width=80)
    assert code == 0
    commands = out[out.index("Commands:") :]
    assert "..." not in commands
    assert "store nothing." in commands  # parse's whole summary, wrapped


@pytest.mark.parametrize(
    ("command", "usage"),
    [("ingest", "[OPTIONS] PATH..."), ("parse", "[OPTIONS] PATH..."),
     ("import", "[OPTIONS] FILE..."), ("chart", "[OPTIONS] CATEGORY"),
     ("span", "[OPTIONS] [WHEN]"), ("compare", "[OPTIONS] WHEN"),
     ("top", "[OPTIONS] CATEGORY [WHEN]")],
)  # fmt: skip
def test_usage_names_the_arguments_as_the_readme_does(command: str, usage: str) -> None:
    _, out, _ = run(command, "--help")
    assert out.splitlines()[0] == f"Usage: warlosses {command} {usage}"


@pytest.mark.parametrize(
    ("command", "option"),
    [("ingest", "--date YYYY-MM-DD"), ("parse", "--date YYYY-MM-DD"), ("show", "--since WHEN"),
     ("show", "--until WHEN"), ("totals", "--at WHEN"), ("export", "--since WHEN"),
     ("top", "-n, --limit N"), ("show", "-c, --category CATEGORY")],
)  # fmt: skip
def test_help_metavars(command: str, option: str) -> None:
    _, out, _ = run(command, "--help", width=100)
    assert f"  {option} " in out
