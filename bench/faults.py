#!/usr/bin/env python3
"""Faults, the evidence of issue 5: SIGKILL at random moments, concurrent ingests, and a
folder of 100,000 small files with hostile ones among them.

It writes its own corpus of General Staff lists in English (FORMATS.md, B) with made-up,
increasing figures, then:

- kill cycles: a store holding the first tenth of the corpus is copied, `warlosses ingest`
  of the whole corpus starts on the copy and is killed with SIGKILL after a random delay.
  The store must open, still hold every record it held, hold only whole documents, and a
  second run of the same ingest must complete it. Every other cycle commits in small
  batches (COMMIT_ROWS set to two documents) so that kills also land between commits.
  The corpus is large enough for a pool of parse workers: after each kill of the main
  process, its workers still running 5 s later are counted as orphans (must be 0). Every
  third cycle kills one of the workers instead: the ingest must then finish, exit 0 and
  store everything.
- concurrent runs: M `warlosses ingest` processes start at once on one new store, each with
  its own slice of the corpus and one document shared by all. All must exit 0 and the
  store must hold every record.
- a folder of N small files, a 20 MB single-line file, a binary file and one report: the
  run must finish, store the report, and its peak memory is shown.

    python bench/faults.py                          # 100 cycles, 4 concurrent, ~5 minutes
    python bench/faults.py --cycles 10 --many-files 0

Measurement only: the exit status is 0 whatever the figures, and everything generated is
deleted at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from warlosses.errors import WarlossesError  # noqa: E402
from warlosses.ingest import ingest  # noqa: E402
from warlosses.store import Store  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
SMALL_COMMITS = (
    "import sys; import warlosses.ingest as ingest; ingest.COMMIT_ROWS = int(sys.argv.pop(1)); "
    "from warlosses.cli import main; main()"
)
LABELS = {
    "personnel": "personnel ‒ about {total} ({delta:+d}) persons",
    "tanks": "tanks ‒ {total} ({delta:+d})",
    "armoured_vehicles": "armoured combat vehicles – {total} ({delta:+d})",
    "artillery": "artillery systems — {total} ({delta:+d})",
    "mlrs": "MLRS - {total} ({delta:+d})",
    "air_defence": "Anti-aircraft warfare systems ‒ {total} ({delta:+d})",
    "aircraft": "aircraft ‒ {total} ({delta:+d})",
    "helicopters": "helicopters ‒ {total} ({delta:+d})",
    "drones": "UAV operational-tactical level ‒ {total} ({delta:+d})",
    "cruise_missiles": "cruise missiles ‒ {total} ({delta:+d})",
    "ships": "warships / boats ‒ {total} ({delta:+d})",
    "submarines": "submarines ‒ {total} ({delta:+d})",
    "vehicles_fuel_tanks": "vehicles and fuel tanks ‒ {total} ({delta:+d})",
    "special_equipment": "special equipment ‒ {total} ({delta:+d})",
}
Records = dict[str, frozenset[tuple[int, str, int, int]]]  # content hash → its records


def write_corpus(folder: Path, documents: int, seed: int) -> Records:
    """Daily lists from day 700 on, figures growing by made-up daily increases."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    totals = {category: rng.randint(10, 400_000) for category in LABELS}
    expected: Records = {}
    for day in range(700, 700 + documents):
        deltas = {c: rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40, 1200]) for c in LABELS}
        totals = {c: totals[c] + deltas[c] for c in LABELS}
        when = date(2022, 2, 23) + timedelta(days=day)
        separator = rng.choice([",\n", ", ", ","])
        items = separator.join(LABELS[c].format(total=totals[c], delta=deltas[c]) for c in LABELS)
        text = (
            f"General Staff of the Armed Forces of Ukraine, morning update\n"
            f"The total combat losses of the enemy from 24.02.2022 to {when:%d.%m.%Y} "
            f"were approximately:\n{items}.\nGlory to Ukraine!\n"
        )
        data = text.encode()
        (folder / f"gs-{day}.txt").write_bytes(data)
        expected[hashlib.sha256(data).hexdigest()] = frozenset(
            (day, c, totals[c], deltas[c]) for c in LABELS
        )
    return expected


def stored(path: Path) -> dict[str, set[tuple[int, str, int, int]]]:
    """The store's records by document; raises WarlossesError when it does not open."""
    documents: dict[str, set[tuple[int, str, int, int]]] = {}
    for row in Store(path).read().losses.itertuples():
        record = (int(row.day), str(row.category), int(row.total), int(row.delta))
        documents.setdefault(str(row.source_sha256), set()).add(record)
    return documents


def ingest_command(store: Path, corpus: Path, commit_rows: int | None) -> list[str]:
    if commit_rows is None:
        return [sys.executable, "-m", "warlosses", "ingest", "--store", str(store), str(corpus)]
    return [
        sys.executable, "-c", SMALL_COMMITS, str(commit_rows),
        "ingest", "--store", str(store), str(corpus),
    ]  # fmt: skip


def children(pid: int) -> set[int]:
    """The processes `pid` started (Linux: /proc), empty where that cannot be seen."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found |= {int(child) for child in task.read_text().split()}
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def orphans_after(workers: set[int], seconds: float = 5.0) -> int:
    """How many of `workers` still run `seconds` after their ingest was killed."""
    deadline = time.monotonic() + seconds
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {pid for pid in workers if alive(pid)}
    for pid in left:  # counted; not left behind on the machine
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return len(left)


@dataclass
class Kills:
    run: int = 0
    main_killed: int = 0
    workers_seen: int = 0
    orphans: int = 0
    workers_killed: int = 0
    worker_kills_completed: int = 0
    before_first_commit: int = 0
    between_commits: int = 0
    after_the_end: int = 0
    readable: int = 0
    lost: int = 0
    torn_documents: int = 0
    reruns_complete: int = 0
    delays: list[float] = field(default_factory=list)


def kill_cycles(work: Path, corpus: Path, expected: Records, cycles: int) -> Kills:
    seeded = work / "seeded"
    first = sorted(corpus.iterdir())[: max(1, len(expected) // 10)]
    ingest([str(p) for p in first], Store(seeded))
    seeded_records = stored(seeded)
    durations: dict[int | None, float] = {}
    small = 2 * len(LABELS)
    for commit_rows in (None, small):  # the time of a whole run, to draw kill moments from
        reference = work / f"reference-{commit_rows}"
        shutil.copytree(seeded, reference, symlinks=True)
        started = time.monotonic()
        subprocess.run(ingest_command(reference, corpus, commit_rows), env=ENV,
                       check=True, capture_output=True)  # fmt: skip
        durations[commit_rows] = time.monotonic() - started
        assert stored(reference) == {sha: set(r) for sha, r in expected.items()}
    kills = Kills()
    rng = random.Random()
    for cycle in range(cycles):
        commit_rows = small if cycle % 2 else None
        store = work / "cycle"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(seeded, store, symlinks=True)
        delay = rng.uniform(0, durations[commit_rows])
        process = subprocess.Popen(
            ingest_command(store, corpus, commit_rows), env=ENV,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        kills.run += 1
        if cycle % 3 == 2:
            # A worker killed (as the OOM killer would) while the pool parses: the ingest
            # goes on without loss. Its workers live a fraction of the run, so wait for them.
            workers: set[int] = set()
            while not workers and process.poll() is None:
                workers = children(process.pid)
                time.sleep(0.005)
            delay = rng.uniform(0, 0.05)
            time.sleep(delay)
            workers = children(process.pid)
        else:
            time.sleep(delay)
            workers = children(process.pid)
        kills.delays.append(delay)
        if cycle % 3 == 2 and workers:
            os.kill(min(workers), signal.SIGKILL)
            kills.workers_killed += 1
            ok = process.wait() == 0
            kills.readable += 1
            after = stored(store)
            complete = after == {sha: set(r) for sha, r in expected.items()}
            kills.worker_kills_completed += ok and complete
            kills.reruns_complete += complete
            continue
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills.main_killed += 1
        kills.workers_seen += len(workers)
        kills.orphans += orphans_after(workers)
        try:
            documents = stored(store)
        except WarlossesError as error:
            print(f"cycle {cycle}: the store does not open: {error}", file=sys.stderr)
            continue
        kills.readable += 1
        kept = set().union(*documents.values()) if documents else set()
        kills.lost += sum(len(r - kept) for r in seeded_records.values())
        kills.torn_documents += sum(documents[s] != expected.get(s) for s in documents)
        if documents == seeded_records:
            kills.before_first_commit += 1
        elif len(documents) == len(expected):
            kills.after_the_end += 1
        else:
            kills.between_commits += 1
        ingest([str(corpus)], Store(store))  # running it again completes it
        after = stored(store)
        kills.lost += sum(len(r - after.get(s, set())) for s, r in expected.items())
        kills.reruns_complete += after == {sha: set(r) for sha, r in expected.items()}
    return kills


@dataclass
class Concurrent:
    run: int = 0
    ok: int = 0
    lost: int = 0
    seconds: float = 0.0


def concurrent_runs(work: Path, corpus: Path, expected: Records, processes: int) -> Concurrent:
    files = sorted(corpus.iterdir())
    shared, rest = files[0], files[1:]
    store = work / "concurrent"
    result = Concurrent()
    started = time.monotonic()
    running = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "warlosses",
                "ingest",
                "--store",
                str(store),
                str(shared),
                *map(str, rest[k::processes]),
            ],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(processes)
    ]
    for process in running:
        _, err = process.communicate()
        result.run += 1
        result.ok += process.returncode == 0
        if process.returncode:
            print(f"a concurrent ingest failed: {err.strip()}", file=sys.stderr)
    result.seconds = time.monotonic() - started
    documents = stored(store)
    result.lost = sum(len(r - documents.get(s, set())) for s, r in expected.items())
    return result


@dataclass
class Many:
    files: int = 0
    exit_code: int = 0
    seconds: float = 0.0
    peak_mib: float = 0.0
    report_stored: bool = False
    messages: int = 0


def many_files(work: Path, corpus: Path, count: int) -> Many:
    root = work / "many"
    for index in range(count):  # bare system calls: the tree costs seconds, not minutes
        folder = root / f"{index // 1000:03d}"
        if index % 1000 == 0:
            folder.mkdir(parents=True)
        descriptor = os.open(folder / f"note-{index:06d}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(descriptor, b"Diplomats met; 76 of the 188 drones were downed.\n")
        os.close(descriptor)
    with open(root / "line.txt", "wb") as handle:
        handle.write(b"tanks \xe2\x80\x92 9651 (+7), " * 1_000_000)  # 20 MB, one line
    (root / "binary.txt").write_bytes(os.urandom(4096) + b"\x00")
    report = sorted(corpus.iterdir())[-1]
    shutil.copy(report, root / "report.txt")
    store = work / "many-store"
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "warlosses", "ingest", "--store", str(store), str(root)],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    messages = sum(1 for _ in process.stderr)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    losses = Store(store).read().losses
    return Many(
        files=count + 4,
        exit_code=process.returncode,
        seconds=time.monotonic() - started,
        peak_mib=usage.ru_maxrss / 1024,
        report_stored=len(losses) == len(LABELS),
        messages=messages,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=100, help="kill cycles (default 100)")
    parser.add_argument("--concurrent", type=int, default=4, help="concurrent ingests (4)")
    parser.add_argument("--docs", type=int, default=120, help="documents in the corpus (120)")
    parser.add_argument("--many-files", type=int, default=100_000,
                        help="small files in the hostile folder; 0 skips it (100000)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=5, help="seed of the corpus (5)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="warlosses-faults-") as folder:
        work = Path(folder)
        corpus = work / "corpus"
        expected = write_corpus(corpus, options.docs, options.seed)
        started = time.monotonic()
        kills = kill_cycles(work, corpus, expected, options.cycles)
        kill_seconds = time.monotonic() - started
        concurrent = concurrent_runs(work, corpus, expected, options.concurrent)
        many = many_files(work, corpus, options.many_files) if options.many_files else None

    records = sum(len(r) for r in expected.values())
    rows = [
        ("corpus", f"{options.docs} General Staff lists, {records} records"),
        ("kill cycles run", f"{kills.run} ({kill_seconds:.0f} s)"),
        ("  main process killed", kills.main_killed),
        ("    before the first commit", kills.before_first_commit),
        ("    between commits", kills.between_commits),
        ("    after the last commit", kills.after_the_end),
        ("    its parse workers then running", kills.workers_seen),
        ("    orphaned workers 5 s later (must be 0)", kills.orphans),
        ("  a parse worker killed instead", kills.workers_killed),
        (
            "    ingests that still exited 0, all stored",
            f"{kills.worker_kills_completed}/{kills.workers_killed}",
        ),
        ("stores readable after the kill", f"{kills.readable}/{kills.run}"),
        ("documents stored in part", kills.torn_documents),
        ("re-runs that completed the store", f"{kills.reruns_complete}/{kills.run}"),
        ("records lost", kills.lost + concurrent.lost),
        ("concurrent runs ok", f"{concurrent.ok}/{concurrent.run} ({concurrent.seconds:.1f} s)"),
    ]
    if many is not None:
        rows += [
            (
                "hostile folder",
                f"{many.files} files: {options.many_files} notes, a 20 MB line, "
                "a binary file, one report",
            ),
            ("  exit status, report stored", f"{many.exit_code}, {many.report_stored}"),
            ("  time, peak memory", f"{many.seconds:.0f} s, {many.peak_mib:.0f} MiB"),
            ("  lines on stderr", many.messages),
        ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
