"""`warlosses forget SOURCE...`: everything one source document gave is taken back, in one
atomic commit, after saying what goes; the daily view falls back to the other sources."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses.cli import app

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def fingerprint(root: Path) -> dict[str, tuple[str, ...]]:
    entries: dict[str, tuple[str, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_file():
                entries[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return entries


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(store: Path, *options: str) -> list[dict[str, object]]:
    code, out, err = run("export", "--store", str(store), "-f", "jsonl", *options)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


BRIEFING = DATA / "briefing-06.txt"  # day 1039, with civilian figures
LIST = DATA / "gs-list-01.txt"  # day 1031


@pytest.fixture
def store(tmp_path: Path, store_path: Path) -> Path:
    """The sample, and a second source for day 1031 (the data set's figures): the list is
    what the reports use for that day, the data set what they fall back to."""
    assert run("ingest", "--store", str(store_path), str(DATA))[0] == 0
    dataset = tmp_path / "dataset.json"
    dataset.write_text(json.dumps([{"date": "2024-12-20", "tank": 9583, "aircraft": 369}]))
    code, _, err = run("import", "--store", str(store_path), str(dataset))
    assert code == 0, err
    return store_path


def test_forget_by_name_lists_what_goes_and_the_day_falls_back(store: Path, tmp_path: Path) -> None:
    before = {(r["day"], r["category"]): r for r in export(store)}
    assert (before[(1031, "tanks")]["total"], before[(1031, "tanks")]["source"]) == (
        9584,
        str(LIST),
    )
    code, out, err = run("forget", "--store", str(store), str(LIST))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"Forgetting {LIST} ({sha(LIST)[:8]}): 14 loss records of day 1031",
        "Forgot 1 source, 14 records: 1 day now from other sources, 0 no longer stored.",
    ]
    after = {(r["day"], r["category"]): r for r in export(store)}
    assert after[(1031, "tanks")] == {**before[(1031, "tanks")], "total": 9583, "delta": None,
                                      "change": after[(1031, "tanks")]["change"],
                                      "source": str(tmp_path / "dataset.json")}  # fmt: skip
    assert {c for d, c in after if d == 1031} == {"tanks", "aircraft"}
    # Other days are as they were (day 1032's change is from day 1031, which changed).
    assert {k: v for k, v in after.items() if k[0] not in (1031, 1032)} == {
        k: v for k, v in before.items() if k[0] not in (1031, 1032)
    }
    code, out, _ = run("sources", "--store", str(store), "-f", "csv")
    assert str(LIST) not in out and str(BRIEFING) in out


def test_forget_by_sha256_prefix_takes_civilians_too(store: Path) -> None:
    code, out, err = run("forget", "--store", str(store), sha(BRIEFING)[:8].upper())
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"Forgetting {BRIEFING} ({sha(BRIEFING)[:8]}): 8 loss records and 4 civilian figures "
        "of day 1039",
        "Forgot 1 source, 12 records: 0 days now from other sources, 1 no longer stored.",
    ]
    assert 1039 not in {r["day"] for r in export(store)}
    code, out, err = run("civilians", "--store", str(store), "-f", "csv")
    assert code == 0 and out.count("\n") <= 1


def test_a_dry_run_lists_and_changes_nothing(store: Path) -> None:
    before = fingerprint(store)
    code, out, err = run(
        "forget", "--store", str(store), "--dry-run", str(LIST), sha(BRIEFING)[:12]
    )
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"Would forget {LIST} ({sha(LIST)[:8]}): 14 loss records of day 1031",
        f"Would forget {BRIEFING} ({sha(BRIEFING)[:8]}): 8 loss records and 4 civilian figures "
        "of day 1039",
        "Nothing changed (--dry-run): 2 sources, 26 records; 1 day would come from other "
        "sources, 1 would no longer be stored.",
    ]
    assert fingerprint(store) == before


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "data/nowhere.txt",
            "no source matches 'data/nowhere.txt'; `warlosses sources` lists them",
        ),
        ("0000", "no source matches '0000'; `warlosses sources` lists them"),
        ("", "no source matches ''; `warlosses sources` lists them"),
    ],
)
def test_a_source_that_matches_nothing_changes_nothing(
    store: Path, given: str, message: str
) -> None:
    before = fingerprint(store)
    code, out, err = run("forget", "--store", str(store), str(LIST), given)
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert fingerprint(store) == before


def test_an_ambiguous_prefix_changes_nothing(store: Path, tmp_path: Path) -> None:
    """Two documents whose SHA-256 start alike (found by trying notes after a report)."""
    report = LIST.read_bytes()
    starts: dict[str, bytes] = {}
    for note in range(100_000):
        data = report + f"\nnote {note}\n".encode()
        start = hashlib.sha256(data).hexdigest()[:4]
        if start in starts:
            break
        starts[start] = data
    (tmp_path / "one.txt").write_bytes(starts[start])
    (tmp_path / "two.txt").write_bytes(data)
    assert (
        run("ingest", "--store", str(store), str(tmp_path / "one.txt"), str(tmp_path / "two.txt"))[
            0
        ]
        == 0
    )
    before = fingerprint(store)
    code, out, err = run("forget", "--store", str(store), start)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {start!r} is the start of the SHA-256 of 2 sources ({tmp_path / 'one.txt'} "
        f"({sha(tmp_path / 'one.txt')[:8]}), {tmp_path / 'two.txt'} "
        f"({sha(tmp_path / 'two.txt')[:8]})); give more of it\n"
    )
    assert fingerprint(store) == before


def test_forget_every_source_leaves_an_empty_store(store: Path) -> None:
    code, out, _ = run("sources", "--store", str(store), "-f", "jsonl")
    names = [json.loads(line)["source_sha256"] for line in out.splitlines()]
    code, _, err = run("forget", "--store", str(store), *names)
    assert code == 0, err
    assert export(store) == []
    code, _, err = run("ingest", "--store", str(store), str(LIST))
    assert (code, err.splitlines()[-1]) == (
        0,
        "Read 1 file, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    )


def test_forget_without_a_store_is_one_line(store_path: Path) -> None:
    code, out, err = run("forget", "--store", str(store_path), "x.txt")
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: no store at {store_path}")


# A kill in the middle: the store is whole, as it was before or as it is after.

KILLED_AT = """
import os, signal, sys
import warlosses.store as store
name, number = sys.argv.pop(1), int(sys.argv.pop(1))
real, calls = getattr(store, name), []
def crashing(*args, **kwargs):
    calls.append(1)
    if len(calls) == number:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(store, name, crashing)
from warlosses.cli import main
main()
"""
CRASH_POINTS = {
    "before any file": ("_write_table", 1, "before"),
    "after losses.parquet": ("_write_table", 2, "before"),
    "after the staged files are flushed": ("_fsync_dir", 1, "before"),
    "after the snapshot is renamed into place": ("_fsync_dir", 2, "before"),
    "after the switch of current": ("_fsync_dir", 3, "after"),
}


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_kill_in_the_middle_leaves_the_store_before_or_after(
    point: str, store: Path, tmp_path: Path
) -> None:
    name, number, state = CRASH_POINTS[point]
    before = export(store)
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT, name, str(number), "forget", "--store", str(store),
         str(LIST)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr
    reference = tmp_path / "reference"
    assert run("ingest", "--store", str(reference), str(DATA))[0] == 0
    assert run("import", "--store", str(reference), str(tmp_path / "dataset.json"))[0] == 0
    assert run("forget", "--store", str(reference), str(LIST))[0] == 0
    expected = before if state == "before" else export(reference)
    assert export(store) == expected
    assert not list((store / "snapshots").glob("*.tmp")) or state == "before"
    code, _, err = run("forget", "--store", str(store), str(LIST))  # and it can be done again
    if state == "before":
        assert code == 0, err
    else:
        assert (code, err) == (
            1,
            f"Error: no source matches {str(LIST)!r}; `warlosses sources` lists them\n",
        )
    assert export(store) == export(reference)


def test_a_name_takes_what_was_stored_under_it_a_prefix_every_name(store: Path) -> None:
    """The same bytes read from a file and, dated otherwise, from standard input: `sources`
    lists them twice; the name forgets one, the SHA-256 both."""
    data = (DATA / "gs-list-07.txt").read_bytes()
    result = runner.invoke(app, ["ingest", "--store", str(store), "--date", "2025-01-04", "-"],
                           input=data)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    code, _, err = run("forget", "--store", str(store), "-")
    assert (
        err.splitlines()[0]
        == f"Forgetting - ({sha(DATA / 'gs-list-07.txt')[:8]}): 14 loss records of day 1046"
    )
    assert {r["day"] for r in export(store)} >= {1045} and 1046 not in {
        r["day"] for r in export(store)
    }
    assert runner.invoke(app, ["ingest", "--store", str(store), "--date", "2025-01-04", "-"],
                         input=data).exit_code == 0  # fmt: skip
    code, _, err = run("forget", "--store", str(store), sha(DATA / "gs-list-07.txt")[:6])
    assert err.splitlines()[:2] == [
        f"Forgetting {DATA / 'gs-list-07.txt'} ({sha(DATA / 'gs-list-07.txt')[:8]}): 14 loss records of day 1045",
        f"Forgetting - ({sha(DATA / 'gs-list-07.txt')[:8]}): 14 loss records of day 1046",
    ]
    assert not {1045, 1046} & {r["day"] for r in export(store)}
