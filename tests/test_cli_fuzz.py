"""The command line under random input: random bytes as file names and contents, random
values for every option. Whatever comes, no traceback, and the exit status is 0, 1 (an
expected failure, one `Error:` line) or 2 (a usage error)."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
SAMPLE = (DATA / "gs-list-01.txt").read_bytes()
runner = CliRunner()

# Values as users mistype them, and as no user would.
NUMBERS = st.integers(-(10**25), 10**25).map(str)
WHENS = st.sampled_from(
    ["day 1,039", "1039", "2024-12-28", "2024-12", "2024-W52", "7d", "1y", "today",
     "yesterday", "1030..1040", "0", "-5", "9999-12-31", "2024-02-30", "day", "..", "3m..",
     "2913850"]
)  # fmt: skip
WORDS = st.sampled_from(
    ["tanks", "tanks,drones", "APC", "nope", "", ",", "week", "month", "year", "day", "csv",
     "json", "jsonl", "table", "Donetsk", "total", "delta", "avg_7", "-", "--", "\x1b[2J"]
)  # fmt: skip
VALUES = st.one_of(NUMBERS, WHENS, WORDS, st.text(max_size=12))

OPTIONS = {
    "ingest": ["--date", "--day", "--jobs"],
    "parse": ["--date", "--day", "-f"],
    "import": [],
    "show": ["--since", "--until", "-c", "--window", "--by", "--last", "--value", "-f"],
    "export": ["--since", "--until", "-c", "--value", "-f"],
    "civilians": ["--since", "--until", "--by", "--region", "-f"],
    "totals": ["--at", "-c", "-f"],
    "span": ["--since", "--until", "-c", "-f"],
    "compare": ["-c", "-f"],
    "top": ["--since", "--until", "--limit", "-f"],
    "check": ["-f"],
    "chart": ["--since", "--until", "--by", "--window", "-f"],
    "sources": ["-f"],
    "forget": [],
}
FLAGS = {"export": ["--wide", "--civilians", "--observations"], "show": ["--wide"],
         "check": ["--strict"], "forget": ["--dry-run"]}  # fmt: skip
TAKES_FILES = {"ingest", "parse", "import"}
POSITIONAL = {"chart": 1, "top": 1, "span": 1, "compare": 1, "forget": 2}

names = st.binary(min_size=1, max_size=24).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)
suffixes = st.sampled_from([b".txt", b".html", b".md", b".json", b".csv", b".jsonl", b""])
contents = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda cut, noise: SAMPLE[:cut] + noise + SAMPLE[cut:],
        st.integers(0, len(SAMPLE)),
        st.binary(max_size=40),
    ),  # fmt: skip
    st.sampled_from(
        [
            b"[" * 3000,
            b'[{"date": "2024-12-28", "tank": 1e400}]',
            b"day,category,total\n1039,tanks,-1\n",
            b"\xff\xfe\x00\x00",
            b'{"day": 1, "category": "\\ud800", "total": 1}',
        ]
    ),  # fmt: skip
)


@st.composite
def commands(draw: st.DrawFn, files: list[str]) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = [command]
    for option in draw(st.lists(st.sampled_from(OPTIONS[command] or ["-f"]), max_size=3)):
        args += [option, draw(VALUES)]
    args += draw(st.lists(st.sampled_from(FLAGS.get(command, ["--help"])), max_size=2))
    args += [draw(VALUES) for _ in range(draw(st.integers(0, POSITIONAL.get(command, 0))))]
    if command in TAKES_FILES:
        args += draw(st.lists(st.sampled_from(files), min_size=1, max_size=4))
    # Never an address: tests do not touch the network.
    return [arg for arg in args if "://" not in arg]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    assert runner.invoke(app, ["ingest", "--store", str(store), str(DATA)]).exit_code == 0
    return store


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_no_input_gives_a_traceback(
    data: st.DataObject, sample_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("fuzz")
    store = work / "store"
    shutil.copytree(sample_store, store, symlinks=True)
    folder = work / "in"
    folder.mkdir()
    files = [str(folder)]
    for name, suffix, content in data.draw(
        st.lists(st.tuples(names, suffixes, contents), min_size=1, max_size=4)
    ):
        path = os.path.join(os.fsencode(folder), name + suffix)
        with open(path, "wb") as handle:
            handle.write(content)
        files.append(os.fsdecode(path))
    for _ in range(2):  # e.g. an import of random files, then a report on what it stored
        args = [*data.draw(commands(files)), "--store", str(store)]
        result = runner.invoke(app, args)
        context = f"warlosses {args!r}\n{result.stderr}"
        assert result.exit_code in (0, 1, 2), context
        assert result.exception is None or isinstance(result.exception, SystemExit), context
        assert "Traceback" not in result.stderr, context
        if result.exit_code == 1:
            assert "Error: " in result.stderr or args[0] == "check", context
