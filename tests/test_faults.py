"""Faults: damaged and foreign stores, a crash at every step of a write, a full disk, a
busy lock, readers racing writers, concurrent ingest processes and SIGKILL mid-ingest."""

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from warlosses import store as store_module
from warlosses.cli import app
from warlosses.ingest import ingest
from warlosses.store import Store

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# A generated corpus: General Staff lists in English (FORMATS.md, B) with made-up figures.

LABELS = {
    "personnel": "personnel ‒ about {total} ({delta:+d}) persons",
    "tanks": "tanks ‒ {total} ({delta:+d})",
    "armoured_vehicles": "armoured combat vehicles – {total} ({delta:+d})",
    "artillery": "artillery systems ‒ {total} ({delta:+d})",
    "mlrs": "MLRS ‒ {total} ({delta:+d})",
    "air_defence": "Anti-aircraft warfare systems ‒ {total} ({delta:+d})",
    "drones": "UAV operational-tactical level ‒ {total} ({delta:+d})",
    "submarines": "submarines - {total} ({delta:+d})",
}


def gs_list(day: int, totals: dict[str, int], deltas: dict[str, int]) -> str:
    when = date(2022, 2, 23) + timedelta(days=day)
    items = ",\n".join(LABELS[c].format(total=totals[c], delta=deltas[c]) for c in LABELS)
    return (
        f"General Staff update\nThe total combat losses of the enemy from 24.02.2022 to "
        f"{when:%d.%m.%Y} were approximately:\n{items}.\n"
    )


def write_corpus(folder: Path, first_day: int, count: int, seed: int = 7) -> dict[str, set]:
    """`count` daily lists from `first_day` on; the records each file's hash must give."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    totals = {c: rng.randint(1, 50_000) for c in LABELS}
    expected: dict[str, set] = {}
    for day in range(first_day, first_day + count):
        deltas = {c: rng.randint(0, 40) for c in LABELS}
        totals = {c: totals[c] + deltas[c] for c in LABELS}
        data = gs_list(day, totals, deltas).encode()
        (folder / f"gs-{day}.txt").write_bytes(data)
        expected[hashlib.sha256(data).hexdigest()] = {
            (day, c, totals[c], deltas[c]) for c in LABELS
        }
    return expected


def records(path: Path) -> set[tuple]:
    losses = Store(path).read().losses
    return {
        (int(r.day), r.category, int(r.total), int(r.delta), r.source_sha256)
        for r in losses.itertuples()
    }


def by_document(rows: set[tuple]) -> dict[str, set]:
    documents: dict[str, set] = {}
    for day, category, total, delta, sha in rows:
        documents.setdefault(sha, set()).add((day, category, total, delta))
    return documents


def fingerprint(root: Path) -> dict[str, tuple]:
    """Every entry under `root`: links by target, files by content."""
    entries: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[key] = ("folder",)
            else:
                entries[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return entries


# Damaged and foreign stores: refused in one line naming the file, and left untouched.


@pytest.fixture
def sample_store(store_path: Path) -> Path:
    code, _, err = run("ingest", "--store", str(store_path), str(DATA / "gs-list-01.txt"),
                       str(DATA / "briefing-06.txt"))  # fmt: skip
    assert code == 0, err
    return store_path


def _snapshot(store: Path) -> Path:
    return (store / "current").resolve()


def _relink(store: Path, target: str) -> Path:
    (store / "current").unlink()
    (store / "current").symlink_to(target)
    return store / "current"


def _rewrite(path: Path, change: Callable[[pa.Table], pa.Table]) -> Path:
    pq.write_table(change(pq.read_table(path)), path)
    return path


DAMAGES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "truncated parquet": (
        lambda s: _truncate(_snapshot(s) / "losses.parquet"),
        "is not a readable Parquet file",
    ),
    "CSV renamed .parquet": (
        lambda s: _write(_snapshot(s) / "civilians.parquet", b"day,region\n1039,Sumy\n"),
        "is not a readable Parquet file",
    ),
    "file missing": (
        lambda s: _unlink(_snapshot(s) / "losses.parquet"),
        "the store is damaged:",
    ),
    "current points at a missing snapshot": (
        lambda s: _relink(s, "snapshots/000099"),
        "points at snapshots/000099, which does not exist; point it at a whole snapshot in",
    ),
    "dangling current": (
        lambda s: _relink(s, "/nonexistent/warlosses"),
        "points at /nonexistent/warlosses, outside the store's snapshots",
    ),
    "current is a file": (
        lambda s: _replace_with_file(s / "current"),
        "is not a link to a snapshot",
    ),
    "foreign parquet": (
        lambda s: _write_parquet(_snapshot(s) / "losses.parquet", pa.table({"x": [1]})),
        "is not a warlosses store file (no schema version)",
    ),
    "schema version is not a number": (
        lambda s: _rewrite(_snapshot(s) / "losses.parquet",
                           lambda t: t.replace_schema_metadata({b"warlosses.schema_version": b"one"})),
        "is not a warlosses store file (no schema version)",
    ),
    "newer schema": (
        lambda s: _rewrite(_snapshot(s) / "civilians.parquet",
                           lambda t: t.replace_schema_metadata({b"warlosses.schema_version": b"7"})),
        "has store schema version 7, newer than this warlosses knows (2); upgrade warlosses",
    ),
    "column of the wrong type": (
        lambda s: _rewrite(_snapshot(s) / "losses.parquet",
                           lambda t: t.set_column(t.schema.get_field_index("total"), "total",
                                                  pa.array(["many"] * len(t)))),
        "has columns of the wrong type",
    ),
    "required values missing": (
        lambda s: _rewrite(_snapshot(s) / "losses.parquet",
                           lambda t: t.set_column(t.schema.get_field_index("day"), "day",
                                                  pa.nulls(len(t), pa.int32()))),
        "has rows without 'day'",
    ),
    "parquet file is a folder": (
        lambda s: _folder_instead(_snapshot(s) / "losses.parquet"),
        "is not a readable Parquet file (is a directory)",
    ),
    "a column twice": (
        lambda s: _rewrite(_snapshot(s) / "losses.parquet",
                           lambda t: t.append_column("total", t["total"])),
        "has the column 'total' twice",
    ),
}  # fmt: skip


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write_parquet(path: Path, table: pa.Table) -> Path:
    pq.write_table(table, path)
    return path


def _unlink(path: Path) -> Path:
    path.unlink()
    return path


def _replace_with_file(path: Path) -> Path:
    path.unlink()
    path.write_text("snapshots/000001\n")
    return path


def _fifo_instead(path: Path) -> Path:
    path.unlink()
    os.mkfifo(path)
    return path


def _folder_instead(path: Path) -> Path:
    path.unlink()
    path.mkdir()
    (path / "part-0.parquet").write_bytes(b"PAR1")
    return path


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_store_is_refused_in_one_line_and_left_as_it_was(
    damage: str, sample_store: Path
) -> None:
    make, hint = DAMAGES[damage]
    named = make(sample_store)
    before = fingerprint(sample_store)
    commands = [["show"], ["export"], ["civilians"], ["ingest", str(DATA / "gs-list-02.txt")]]
    for command in commands:
        code, out, err = run(*command, "--store", str(sample_store))
        assert (code, out) == (1, ""), (command, err)
        assert err.startswith("Error: ") and err.count("\n") == 1, err
        assert str(named) in err and hint in err, err
        assert fingerprint(sample_store) == before, command


def _ingest_three_times(store: Path) -> None:
    for name in ("gs-list-01.txt", "gs-list-02.txt", "gs-list-03.txt"):
        code, _, err = run("ingest", "--store", str(store), str(DATA / name))
        assert code == 0, err


@pytest.mark.parametrize(
    "target",
    ["{other}/snapshots/000003", "../other/snapshots/000003", "snapshots/../../other/snapshots/000003",
     "snapshots/000003/../../../other/snapshots/000003", "{store}/snapshots/000003"],
)  # fmt: skip
def test_a_current_link_that_leaves_the_store_is_refused_and_nothing_is_pruned(
    target: str, tmp_path: Path
) -> None:
    """`current` pointed at another store's snapshot: it used to be read silently, and the
    next ingest pruned this store's own snapshots. Even a link that names the store's own
    snapshot by a path through other folders is refused: only `snapshots/NNNNNN` is ours."""
    mine, other = tmp_path / "mine", tmp_path / "other"
    _ingest_three_times(mine)
    _ingest_three_times(other)
    link = _relink(mine, target.format(other=other, store=mine))
    before = fingerprint(tmp_path)
    for command in (["show"], ["export"], ["sources"], ["ingest", str(DATA / "gs-list-04.txt")]):
        code, out, err = run(*command, "--store", str(mine))
        assert (code, out) == (1, ""), (command, err)
        assert err == (
            f"Error: the store is damaged: {link} points at {os.readlink(link)}, outside the "
            f"store's snapshots; point it at one of {mine / 'snapshots'} "
            "(`ln -sfn snapshots/NNNNNN current`) or ingest again into a new --store\n"
        ), command
        assert fingerprint(tmp_path) == before, command


def test_a_snapshots_folder_that_is_a_link_elsewhere_is_refused(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine", tmp_path / "other"
    _ingest_three_times(mine)
    _ingest_three_times(other)
    shutil.rmtree(mine / "snapshots")
    (mine / "snapshots").symlink_to(other / "snapshots")
    before = fingerprint(tmp_path)
    for command in (["show"], ["ingest", str(DATA / "gs-list-04.txt")]):
        code, out, err = run(*command, "--store", str(mine))
        assert (code, out) == (1, ""), (command, err)
        assert err == (
            f"Error: the store is damaged: {mine / 'snapshots'} is a link to {other / 'snapshots'}; "
            "a store reads and writes only inside its own folder: ingest again into a new --store\n"
        ), command
        assert fingerprint(tmp_path) == before


def _daily_outputs(store: Path) -> list[tuple[int, str, str]]:
    commands = [["show", "--since", "1040"], ["totals"], ["export"], ["civilians"]]
    return [run(*c, "--store", str(store), "--format", "csv") for c in commands]


def _edit_daily(store: Path, change: Callable[[dict], None]) -> None:
    """daily.json edited as another program would, keeping the rest of it as it was."""
    import json

    path = _snapshot(store) / "daily.json"
    document = json.loads(path.read_bytes())
    change(document)
    path.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


def _views(document: dict) -> dict:
    return document["views"] if "views" in document else document


def _set(column: str, row: int, value: object, table: str = "losses") -> Callable[[dict], None]:
    return lambda d: _views(d)[table][column].__setitem__(row, value)


DAILY_EDITS: dict[str, Callable[[dict], None]] = {
    "one digit of a total": lambda d: _set("total", 3, _views(d)["losses"]["total"][3] + 1)(d),
    "a total as text": _set("total", 3, "many"),
    "a day as a list": _set("day", 0, [1, 2]),
    "a column cut short": lambda d: _views(d)["losses"]["delta"].pop(),
    "a region as a number": _set("region", 1, 7, "civilians"),
    "the losses as null": lambda d: _views(d).__setitem__("losses", None),
}  # fmt: skip


@pytest.mark.parametrize("edit", DAILY_EDITS)
def test_an_edited_daily_json_is_not_trusted_but_rebuilt(edit: str, sample_store: Path) -> None:
    """daily.json is derived: a change to it, even one of a single digit, must neither
    print a wrong figure nor a traceback; the reports read the Parquet files again."""
    before = _daily_outputs(sample_store)
    _edit_daily(sample_store, DAILY_EDITS[edit])
    edited = (_snapshot(sample_store) / "daily.json").read_bytes()
    assert _daily_outputs(sample_store) == before
    assert (_snapshot(sample_store) / "daily.json").read_bytes() != edited  # rebuilt


def warlosses(*args: str, timeout: float = 30) -> tuple[int, str, str]:
    """The command in a process of its own, which a test can give up on when it hangs (a
    read blocked in C code is deaf to the signals that `deadline` sends)."""
    try:
        done = subprocess.run([sys.executable, "-m", "warlosses", *args], capture_output=True,
                              text=True, timeout=timeout)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"warlosses {' '.join(args)} still running after {timeout} s")
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", ["losses.parquet", "civilians.parquet"])
def test_a_store_file_that_is_a_named_pipe_is_refused_not_waited_for(
    name: str, sample_store: Path
) -> None:
    path = _fifo_instead(_snapshot(sample_store) / name)
    (_snapshot(sample_store) / "daily.json").unlink()  # so that reports read the Parquet files
    for command in (["show"], ["check"], ["ingest", str(DATA / "gs-list-02.txt")]):
        code, out, err = warlosses(*command, "--store", str(sample_store))
        assert (code, out) == (1, ""), (command, err)
        assert err == (
            f"Error: {path} is not a readable Parquet file (a named pipe, not a regular file); "
            "the store is damaged: move it away and ingest again into a new --store\n"
        )


def test_a_daily_json_that_is_a_named_pipe_is_not_waited_for(sample_store: Path) -> None:
    before = _daily_outputs(sample_store)
    path = _fifo_instead(_snapshot(sample_store) / "daily.json")
    code, out, err = warlosses("export", "--store", str(sample_store))
    assert (code, out, err) == before[2]
    assert path.is_file()  # rebuilt as a file


def test_a_lock_that_is_a_named_pipe_is_refused(sample_store: Path) -> None:
    lock = sample_store / "lock"
    lock.unlink(missing_ok=True)
    os.mkfifo(lock)
    code, _, err = warlosses("ingest", "--store", str(sample_store), str(DATA / "gs-list-02.txt"))
    assert code == 1
    assert err == (
        f"Error: could not lock the store {sample_store} (a named pipe, not a regular file); "
        "check that the folder is writable\n"
    )


def test_a_folder_of_junk_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    (junk / "snapshots").mkdir(parents=True)  # even a folder that borrows one of our names
    (junk / "thesis.docx").write_bytes(os.urandom(64))
    (junk / "losses.parquet").write_text("day,total\n1,2\n")
    before = fingerprint(junk)
    for command in (["show"], ["ingest", str(DATA / "gs-list-01.txt")]):
        code, out, err = run(*command, "--store", str(junk))
        assert (code, out) == (1, "")
        assert err == (
            f"Error: {junk} is not a warlosses store (it holds 'losses.parquet' and no store); "
            "pass --store with an empty or new folder\n"
        )
        assert fingerprint(junk) == before


def test_a_store_copied_without_its_links_is_read_but_not_written(
    sample_store: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sample_store, copy, symlinks=False)  # `current` becomes a real folder
    assert run("export", "--store", str(copy))[1] == run("export", "--store", str(sample_store))[1]
    before = fingerprint(copy)
    code, _, err = run("ingest", "--store", str(copy), str(DATA / "gs-list-02.txt"))
    assert code == 1
    assert err == (
        f"Error: {copy / 'current'} is a folder, not a link (was the store copied without its "
        "links?); copy it again with `cp -a`, or ingest into a new --store\n"
    )
    assert fingerprint(copy) == before


# A crash at each step of a write: the store reads as before, and the next write succeeds.


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even cleanup."""


def _crash_on_call(number: int, real: Callable) -> Callable:
    calls = []

    def crashing(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == number:
            raise Killed
        return real(*args, **kwargs)

    return crashing


CRASH_POINTS = {
    "before any file": ("_write_table", 1),
    "after losses.parquet": ("_write_table", 2),
    "after the staged files are flushed": ("_fsync_dir", 1),
    "after the snapshot is renamed into place": ("_fsync_dir", 2),
    "after the switch of current": ("_fsync_dir", 3),
}


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_crash_at_any_step_of_a_write_leaves_the_old_or_the_new_store(
    point: str, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = write_corpus(tmp_path / "corpus", 1000, 2)
    first, second = sorted((tmp_path / "corpus").iterdir())
    ingest([str(first)], Store(store_path))
    old = records(store_path)
    name, number = CRASH_POINTS[point]
    with monkeypatch.context() as patch:
        patch.setattr(store_module, name, _crash_on_call(number, getattr(store_module, name)))
        patch.setattr(store_module.shutil, "rmtree", lambda *a, **k: None)  # no cleanup
        with pytest.raises(Killed):
            ingest([str(second)], Store(store_path))
    after_crash = records(store_path)
    assert after_crash == old or point == "after the switch of current"
    assert after_crash >= old
    ingest([str(second)], Store(store_path))  # running it again completes it
    assert set(by_document(records(store_path))) == set(expected)
    assert {r[:4] for r in records(store_path)} == set().union(*expected.values())
    assert not list((store_path / "snapshots").glob("*.tmp"))


def test_a_full_disk_is_one_line_and_changes_nothing(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(sample_store)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module.os, "fsync", full)
    code, out, err = run("ingest", "--store", str(sample_store), str(DATA / "gs-list-02.txt"))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: could not write the store {sample_store} (no space left on device); "
        "it is unchanged\n"
    )
    assert fingerprint(sample_store) == before


def test_an_unwritable_store_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def no_lock(path: object, *args: int) -> int:
        if str(path).endswith("/lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module.os, "open", no_lock)
    code, _, err = run("ingest", "--store", str(tmp_path / "s"), str(DATA / "gs-list-01.txt"))
    assert code == 1
    assert err == (
        f"Error: could not lock the store {tmp_path / 's'} (permission denied); "
        "check that the folder is writable\n"
    )


# Locking and concurrency.


def test_a_busy_store_is_a_clear_error_and_readers_do_not_wait(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.3)
    with Store(sample_store).lock():
        code, out, err = run("ingest", "--store", str(sample_store), str(DATA / "gs-list-02.txt"))
        assert (code, out) == (1, "")
        assert err == (
            f"Error: the store {sample_store} is busy: another warlosses process held its lock "
            "for 0 s; try again when it is done\n"
        )
        started = time.monotonic()
        assert run("export", "--store", str(sample_store))[0] == 0
        assert time.monotonic() - started < 5


def test_a_reader_that_loses_a_race_with_pruning_reads_again(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "corpus", 1000, 3)
    files = sorted(str(p) for p in (tmp_path / "corpus").iterdir())
    ingest(files[:1], Store(store_path))
    real = store_module._read_table
    raced = []

    def racing(path: Path, schema: pa.Schema) -> object:
        if not raced:  # two writes land between resolving `current` and reading the file
            raced.append(path)
            ingest(files[1:2], Store(store_path))
            ingest(files[2:], Store(store_path))
            assert not path.exists()
        return real(path, schema)

    monkeypatch.setattr(store_module, "_read_table", racing)
    assert sorted(Store(store_path).read().losses["day"].unique()) == [1000, 1001, 1002]
    assert raced


def _ingest_process(store: Path, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "warlosses", "ingest", "--store", str(store), *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_concurrent_ingest_processes_all_succeed_and_lose_nothing(
    tmp_path: Path, store_path: Path
) -> None:
    expected = write_corpus(tmp_path / "corpus", 1000, 16)
    files = sorted((tmp_path / "corpus").iterdir())
    shared = files[0]
    processes = [_ingest_process(store_path, shared, *files[1 + k :: 4]) for k in range(4)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert (process.returncode, out) == (0, ""), err
        assert err.startswith("Read ") and err.count("\n") == 1, err
    assert by_document(records(store_path)) == expected


# SIGKILL at random moments of a real ingest process.

SMALL_COMMITS = (
    "import sys; import warlosses.ingest as ingest; ingest.COMMIT_ROWS = int(sys.argv.pop(1)); "
    "from warlosses.cli import main; main()"
)


def _killable(store: Path, corpus: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", SMALL_COMMITS, str(2 * len(LABELS)), "ingest"]
    return subprocess.Popen(
        [*command, "--store", str(store), str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_sigkill_at_random_moments_leaves_whole_documents_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    expected = write_corpus(corpus, 1000, 40)
    files = sorted(corpus.iterdir(), key=lambda p: p.name)
    seeded = tmp_path / "seeded"
    ingest([str(p) for p in files[:6]], Store(seeded))
    seeded_rows = records(seeded)
    seeded_link = os.readlink(seeded / "current")

    reference = tmp_path / "reference"
    shutil.copytree(seeded, reference, symlinks=True)
    started = time.monotonic()
    assert _killable(reference, corpus).wait(timeout=120) == 0
    duration = time.monotonic() - started
    assert by_document(records(reference)) == expected

    rng = random.Random()
    interrupted = 0
    # Three kills at random moments; if the machine's load made the reference run slow and
    # all three came too late, up to three more right after the first commit.
    for cycle in range(6):
        if cycle >= 3 and interrupted:
            break
        store = tmp_path / f"cycle-{cycle}"
        shutil.copytree(seeded, store, symlinks=True)
        process = _killable(store, corpus)
        # Wait for the first commit, then kill at a random moment of the commits after it.
        deadline = time.monotonic() + 60
        while os.readlink(store / "current") == seeded_link and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        delay = rng.uniform(0, duration / 4) if cycle < 3 else 0.0
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        context = f"cycle {cycle}, killed {delay:.3f} s after the first commit"
        rows = records(store)  # opens, whatever the moment
        assert rows >= seeded_rows, context
        documents = by_document(rows)
        assert all(documents[sha] == expected[sha] for sha in documents), context
        interrupted += len(documents) < len(expected)
        ingest([str(corpus)], Store(store))
        assert by_document(records(store)) == expected, context
    assert interrupted, "every kill came after the ingest had finished"
