"""Processes: the parse workers of a large ingest end with it, however it ends (SIGKILL,
SIGTERM), and a worker that dies costs one document, not the run."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from warlosses.ingest import POOL_MIN_FILES
from warlosses.store import Store

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")

# Runs the CLI with the parser slowed down (SLOW seconds a document) or killed (a document
# holding POISON) in worker processes only, so that a test can act while they work.
PREAMBLE = """
import os, signal, sys, time
import warlosses.ingest as ingest
main, real = os.getpid(), ingest.parse
def parse(text, **options):
    if os.getpid() != main:
        if "POISON" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(float(os.environ.get("SLOW", "0")))
    return real(text, **options)
ingest.parse = parse
from warlosses.cli import main as cli
cli()
"""
DOCUMENTS = POOL_MIN_FILES + 16


def write_corpus(folder: Path, count: int = DOCUMENTS, poison: int | None = None) -> None:
    folder.mkdir()
    for day in range(1000, 1000 + count):
        when = date(2022, 2, 23) + timedelta(days=day)
        mark = "POISON\n" if day - 1000 == poison else ""
        (folder / f"gs-{day}.txt").write_text(
            f"{mark}The total combat losses of the enemy from 24.02.2022 to {when:%d.%m.%Y} "
            f"were approximately:\npersonnel ‒ about {600000 + day} (+{day % 900}) persons,\n"
            f"tanks ‒ {8000 + day} (+{day % 9}),\nsubmarines - 1 (+0),\n",
            encoding="utf-8",
        )


def start(store: Path, corpus: Path, slow: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", PREAMBLE, "ingest", "--store", str(store), "--jobs", "2",
         str(corpus)],
        env={**os.environ, "SLOW": str(slow)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(child) for child in task.read_text().split()}
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead and not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"after {seconds} s: {what}")
        time.sleep(0.05)


_started: set[int] = set()


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """Whatever a test finds, no process it started outlives it."""
    yield
    for pid in _started:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    _started.clear()


def workers_of(process: subprocess.Popen[str]) -> set[int]:
    _started.add(process.pid)
    started = lambda: len(children(process.pid)) >= 2 or process.poll() is not None  # noqa: E731
    wait_for(started, 60, "no parse workers started")
    assert process.poll() is None, process.communicate()
    workers = children(process.pid)
    _started.update(workers)
    return workers


def stored_days(store: Path) -> set[int]:
    if not (store / "current").exists():
        return set()
    losses = Store(store).read_arrow().losses
    days: dict[int, int] = {}
    for day in losses["day"].to_pylist():
        days[day] = days.get(day, 0) + 1
    assert set(days.values()) <= {3}, "a document stored in part"
    return set(days)


def test_killing_the_ingest_kills_its_workers(tmp_path: Path) -> None:
    """SIGKILL (or the OOM killer) on the main process used to leave its workers blocked on
    a pipe forever: two orphans per killed ingest."""
    write_corpus(tmp_path / "corpus")
    process = start(tmp_path / "store", tmp_path / "corpus", slow=0.5)
    workers = workers_of(process)
    process.kill()
    process.communicate(timeout=30)  # its workers held its pipes open, forever
    wait_for(lambda: not any(map(alive, workers)), 10, "workers outlived the ingest")


def test_sigterm_ends_the_whole_ingest_cleanly(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus")
    process = start(tmp_path / "store", tmp_path / "corpus", slow=0.2)
    workers = workers_of(process)
    time.sleep(0.5)
    process.terminate()
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out) == (1, "")
    assert err.splitlines() == [
        "Error: stopped by SIGTERM; what was committed before is stored: run the same "
        "command again to complete it"
    ]
    wait_for(lambda: not any(map(alive, workers)), 10, "workers outlived the ingest")
    assert stored_days(tmp_path / "store") < set(range(1000, 1000 + DOCUMENTS))


def test_a_worker_that_dies_costs_its_document_only(tmp_path: Path) -> None:
    """A parse worker that dies (a crash, the OOM killer) gave a BrokenProcessPool
    traceback, and nothing of the batch was stored."""
    write_corpus(tmp_path / "corpus", poison=40)
    process = start(tmp_path / "store", tmp_path / "corpus", slow=0)
    out, err = process.communicate(timeout=120)
    poisoned = tmp_path / "corpus" / "gs-1040.txt"
    assert (process.returncode, out) == (1, "")
    assert err.splitlines() == [
        f"Error: {poisoned}: the process parsing it was killed by SIGKILL; not stored",
        f"Read {DOCUMENTS - 1} files, found {DOCUMENTS - 1} reports: {DOCUMENTS - 1} days "
        "added, 0 changed, 0 unchanged.",
    ]
    assert stored_days(tmp_path / "store") == set(range(1000, 1000 + DOCUMENTS)) - {1040}


def test_a_worker_killed_from_outside_costs_nothing(tmp_path: Path) -> None:
    """The OOM killer picks a worker, not a document: the documents it held are parsed
    again, and every one is stored."""
    write_corpus(tmp_path / "corpus")
    process = start(tmp_path / "store", tmp_path / "corpus", slow=0.1)
    victim = min(workers_of(process))
    time.sleep(0.3)
    os.kill(victim, signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out) == (0, ""), err
    assert err.splitlines() == [
        f"Read {DOCUMENTS} files, found {DOCUMENTS} reports: {DOCUMENTS} days added, "
        "0 changed, 0 unchanged."
    ]
    assert stored_days(tmp_path / "store") == set(range(1000, 1000 + DOCUMENTS))


# Standard output that cannot be written: one line, not a traceback.


def test_a_full_disk_on_standard_output_is_one_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    data = Path(__file__).parent.parent / "data"
    assert subprocess.run([sys.executable, "-m", "warlosses", "ingest", "--store", str(store),
                           str(data)], capture_output=True).returncode == 0  # fmt: skip
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    for command in (["export"], ["show"], ["export", "-f", "jsonl"], ["sources", "-f", "csv"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "warlosses", *command, "--store",
                                   str(store)], stdout=full, stderr=subprocess.PIPE, text=True,
                                  timeout=60)  # fmt: skip
        assert (done.returncode, done.stderr) == (
            1,
            "Error: could not write the output (no space left on device)\n",
        ), command


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`warlosses export | head -1`: the reader chose to stop; nothing to say."""
    store = tmp_path / "store"
    data = Path(__file__).parent.parent / "data"
    assert subprocess.run([sys.executable, "-m", "warlosses", "ingest", "--store", str(store),
                           str(data)], capture_output=True).returncode == 0  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "warlosses", "export", "--store", str(store), "-f", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) in (0, 1)
    assert err == b""
