"""Every command documents itself: a one-line summary and an example in its help."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"ingest", "show", "export", "civilians"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_summary_and_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"warlosses {command}" in result.stdout
    summary = get_command(app).commands[command].help  # type: ignore[attr-defined]
    assert summary and summary.splitlines()[0].endswith(".")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("docs") / "store"
    result = CliRunner().invoke(app, ["ingest", "--store", str(store), str(DATA)])
    assert result.exit_code == 0, result.stderr
    return store


# What a command imports only when it needs it: pandas and pyarrow for Parquet, pydantic
# never, httpx for addresses, feedparser for feeds.
HEAVY = ("pandas", "pyarrow", "pydantic", "httpx", "feedparser")


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["update", "--help"], ["show", "--since", "day", "1040"], ["totals"],
     ["export", "--format", "jsonl"], ["show", "-c", "tanks", "--by", "week", "-f", "csv"],
     ["civilians", "--by", "month"]],
)  # fmt: skip
def test_commands_do_not_import_what_they_do_not_use(args: list[str], sample_store: Path) -> None:
    """No command imports what it does not use: start-up and the quick reports never
    import pandas or pyarrow (they read the store's daily.json), nor pydantic (typer 0.29
    imports it to check options, pyproject.toml keeps typer below it), nor httpx or
    feedparser."""
    if args[0] not in ("--help", "--version") and "--help" not in args:
        args = [*args, "--store", str(sample_store)]
    code = (
        "import sys\n"
        "from warlosses.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit as exit:\n    assert not exit.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["show", "--help"], ["show", "-x"]])
def test_help_and_usage_errors_do_not_import_rich(args: list[str]) -> None:
    """Help and usage errors are click's plain text: typer's Rich help imports rich.markdown
    and rich.traceback, which alone would double the time `warlosses --help` takes."""
    code = (
        "import sys\n"
        "from warlosses.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'markdown_it')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert ("warlosses " if args == ["--version"] else "Usage:") in out.stdout + out.stderr


@pytest.mark.parametrize(
    ("command", "imported"),
    [("ingest-new", []), ("ingest-again", []), ("import", []), ("ingest-mail", []),
     ("ingest-feed", ["feedparser"])],
)  # fmt: skip
def test_ingest_and_import_do_not_import_pandas(
    command: str, imported: list[str], sample_store: Path, tmp_path: Path
) -> None:
    """ingest and import write Parquet with pyarrow alone: importing pandas would cost a
    short run most of its time; httpx is imported only for addresses, feedparser only for
    feeds. A new store, one that already holds the documents, an import of a statistics
    file, and ingests of an mbox and a feed."""
    sources = Path(__file__).parent.parent / "examples" / "sources"
    if command.startswith("ingest-") and command not in ("ingest-new", "ingest-again"):
        name = "newsletters.mbox" if command == "ingest-mail" else "feed.xml"
        args = ["ingest", "--store", str(tmp_path / "new"), str(sources / name)]
    elif command == "import":
        api = tmp_path / "api.json"
        api.write_text(
            '[{"date": "2025-01-03", "stats": {"tanks": 9678}, "increase": {"tanks": 1}}]'
        )
        args = ["import", "--store", str(tmp_path / "new"), str(api)]
    else:
        store = tmp_path / "new" if command == "ingest-new" else sample_store
        args = ["ingest", "--store", str(store), str(DATA)]
    code = (
        "import sys\n"
        "from warlosses.cli import app\n"
        f"try:\n    app({args!r})\n"
        "except SystemExit as exit:\n    assert not exit.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == str(sorted(["pyarrow", *imported]))


README = Path(__file__).parent.parent / "README.md"


def test_the_readmes_python_section_runs_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every `>>>` example of the README's "Python" section, run by doctest in a new folder
    beside the sample `data/`, prints what the README says it prints."""
    import doctest
    import re

    text = README.read_text()
    section = text[text.index("\n## Python\n") :]
    section = section[: section.index("\n## ", 1)]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert blocks and all(">>> " in block for block in blocks)
    (tmp_path / "data").symlink_to(DATA)
    monkeypatch.chdir(tmp_path)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    test = parser.get_doctest("\n".join(blocks), {}, "README.md#python", str(README), 0)
    assert len(test.examples) >= 6
    out = io.StringIO()
    result = runner.run(test, out=out.write)
    assert result.failed == 0, out.getvalue()


# ---------------------------------------------------------------------------------------
# The README: real outputs, no file outside the project, usage errors as it says


_SKIP = re.compile(r"127\.0\.0\.1|telegram|\.mbox|\.eml|warlosses update|--store history")
_VOLATILE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}\.\d+\+00:00)?")


def _console_commands() -> list[tuple[str, list[str]]]:
    """Each `$ command` of the README's console blocks with the lines printed under it."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(), re.DOTALL):
        lines = block.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        for n, i in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            found.append((lines[i][2:], lines[i + 1 : end]))
    return found


def test_the_readmes_outputs_on_the_sample_are_real(tmp_path: Path) -> None:
    """Every command of the README on the sample store (`--store store`, built from
    `data/` and `examples/` as the README builds it), run in order, prints what the README
    shows, the times of ingestion aside. The commands on the whole history need the
    public data set, which the tests do not download."""
    import os
    import shutil

    (tmp_path / "data").symlink_to(DATA)
    (tmp_path / "examples").symlink_to(DATA.parent / "examples")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "COLUMNS": "80", "PYTHONUNBUFFERED": "1",
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    env.pop("WARLOSSES_STORE", None)
    if not shutil.which("warlosses", path=env["PATH"]):
        pytest.skip("the warlosses script is not installed beside this Python")
    checked = 0
    for command, printed in _console_commands():
        if _SKIP.search(command) or "--store store" not in command and "data/" not in command:
            continue
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        got = [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()]
        assert [_VOLATILE.sub("TIME", line) for line in got] == [
            _VOLATILE.sub("TIME", line) for line in printed
        ], command
        checked += 1
    assert checked >= 20


def test_the_readme_points_to_no_file_outside_the_project() -> None:
    text = README.read_text()
    assert "../" not in text and "shared/" not in text
    root = README.parent
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith(("http://", "https://")):
            assert (root / target).exists(), target
    for command, _ in _console_commands():
        for path in re.findall(r"(?:^|\s)((?:data|examples|docs)/[\w./-]*)", command):
            assert (root / path).exists(), (command, path)


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["show", "--frobnicate"], ["chart"], ["show", "--since"],
     ["show", "--window", "x"], ["show", "--window", "0"], ["show", "--by", "fortnight"],
     ["show", "--format", "xml"], ["top", "tanks", "--limit", "0"],
     ["chart", "tanks", "-o", "x.png", "-f", "csv"]],
)  # fmt: skip
def test_usage_errors_exit_2_as_the_readme_says(args: list[str], sample_store: Path) -> None:
    result = CliRunner().invoke(app, [*args, "--store", str(sample_store)])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Usage: warlosses" in result.stderr or "Usage: warlosses" in result.stdout
    section = README.read_text().split("### Output and errors")[1].split("\n### ")[0]
    assert "exit status 2" in section
