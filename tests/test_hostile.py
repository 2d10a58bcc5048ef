"""Hostile input: every bad file gets its own message, the good files in the same batch
are still stored, nothing hangs and one document at a time is held in memory."""

import contextlib
import json
import os
import signal
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlosses import documents, ingest
from warlosses.cli import app
from warlosses.documents import MAX_BYTES, Unreadable, find_files, html_to_text, read_document
from warlosses.store import Store

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "gs-list-01.txt"  # day 1031
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def stored_days(store: Path) -> set[int]:
    return set(Store(store).read().losses["day"].astype(int))


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail, rather than hang the suite, when the block takes longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_batch_of_bad_files_gives_one_message_each_and_keeps_the_good_one(
    tmp_path: Path, store_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_bytes(GOOD.read_bytes())
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + os.urandom(256))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "invalid-utf8.txt").write_bytes(b"tanks \xc3\x28 9651 \xa0\xa1\xff" * 10)
    (folder / "huge.txt").write_bytes(b"x" * (MAX_BYTES + 1))
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "nowhere.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    with deadline(30):
        code, out, err = run("ingest", "--store", str(store_path), str(folder))
    assert (code, out) == (1, "")  # the unreadable links are errors
    lines = err.splitlines()
    assert lines == [
        f"{folder}/binary.txt: binary data, not a text document; skipped",
        f"{folder}/empty.txt: no loss report or civilian count found",
        f"{folder}/huge.txt: larger than 16 MiB, skipped",
        f"{folder}/invalid-utf8.txt: no loss report or civilian count found",
        f"Error: {folder}/loop-a.txt: a link that cannot be followed (too many levels of symbolic links)",
        f"Error: {folder}/loop-b.txt: a link that cannot be followed (too many levels of symbolic links)",
        f"Error: {folder}/nowhere.txt: a link that cannot be followed (no such file or directory)",
        f"{folder}/pipe.txt: a named pipe, not a text document; skipped",
        f"{folder}/zero.txt: a character device, not a text document; skipped",
        "Read 3 files, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    ]
    assert stored_days(store_path) == {1031}


def test_invalid_utf8_is_read_as_windows_1251(tmp_path: Path, store_path: Path) -> None:
    path = tmp_path / "uk.txt"
    path.write_bytes(
        "Загальні бойові втрати противника з 24.02.22 по 28.12.24 орієнтовно склали:\n"
        "особового складу - близько 784200 (+1690) осіб,\nтанків - 9651 (+7) од.\n".encode("cp1251")
    )
    code, _, err = run("ingest", "--store", str(store_path), str(path))
    assert code == 0, err
    assert stored_days(store_path) == {1039}


def test_a_run_of_digits_too_long_for_a_figure_is_not_stored(
    tmp_path: Path, store_path: Path
) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(
        "The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately:\n"
        "personnel ‒ about 784200 (+1690) persons,\ntanks ‒ 99999999999999999999999 (+7),\n"
        "submarines - 1 (+0),\n",
        encoding="utf-8",
    )
    code, _, err = run("ingest", "--store", str(store_path), str(path))
    assert code == 0, err
    assert "Traceback" not in err
    losses = Store(store_path).read().losses
    assert sorted(losses["category"]) == ["personnel", "submarines"]


def test_a_20_mb_single_line_is_refused_without_reading_it_all(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "line.html"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1000 * 1000)  # sparse: 20 MB of one line, written at no cost
    assert read_document(str(path)) == Unreadable(str(path), "larger than 16 MiB, skipped", False)
    # Standard input has no size to look at: it is read up to the cap and no further.
    code, _, err = run("ingest", "--store", str(store_path), "-", str(GOOD))
    assert code == 0
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    result = runner.invoke(app, ["ingest", "--store", str(store_path), "-"], input="x" * 5000)
    assert result.stderr.splitlines()[0] == "-: larger than 0 MiB, skipped"


def test_a_long_single_line_page_is_read_in_linear_time(tmp_path: Path, store_path: Path) -> None:
    report = GOOD.read_text(encoding="utf-8").replace("\n", "<br>")
    filler = "<span class='x'>lorem ipsum</span> &amp; more " * 60_000  # ~3 MB, one line
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><p>{filler}</p><p>{report}</p></body></html>", encoding="utf-8")
    with deadline(20):
        code, _, err = run("ingest", "--store", str(store_path), str(path))
    assert code == 0, err
    assert stored_days(store_path) == {1031}


@pytest.mark.parametrize(
    "page",
    [
        "</" * 250_000,  # html.parser takes a minute on this, quadratic time
        "<!" * 250_000,
        "<a<" * 170_000,
        '<a x="' * 85_000,
        "<!--" * 125_000,
        "<svg>" * 100_000,
        "&#" + "9" * 100_000 + ";",  # html.unescape raises past 4300 digits
    ],
    ids=["end-tags", "declarations", "open-tags", "open-quotes", "comments", "svg", "charref"],
)
def test_broken_markup_takes_linear_time_and_never_raises(page: str) -> None:
    with deadline(5):
        text = html_to_text(page)
    assert len(text) <= len(page)


# Markup on which lexbor's tree builder takes time that grows with the square of its tags
# (scope checks walk the stack of open elements; formatting elements are compared with one
# another), each as ~1 MB, and as many tags as MAX_TAGS allows without flattening.
_QUADRATIC = {
    "nested-div": lambda n: "<div>" * n,
    "nested-lists": lambda n: "<ul><li>" * (n // 2),
    "formatting": lambda n: "".join(f"<b i={i}>" for i in range(n)),
    "options": lambda n: "<select>" + "<option>" * n,
    "end-tags-deep": lambda n: "<div>" * (n // 8) + "</p>" * (n - n // 8),
    "span-then-div": lambda n: "<span>" * (n // 2) + "<div>" * (n // 2),
    "misnested": lambda n: "<i><b><u>x</i>" * (n // 4),
    "svg-style": lambda n: "<svg><style>" + "<div>" * n,
}


@pytest.mark.parametrize("shape", _QUADRATIC, ids=list(_QUADRATIC))
def test_markup_lexbor_takes_quadratic_time_on_stays_fast(shape: str) -> None:
    with deadline(5):
        for tags in (200_000, documents.MAX_TAGS - 1):
            page = "<p>tanks ‒ 9651</p>" + _QUADRATIC[shape](tags)
            assert html_to_text(page).startswith("tanks ‒ 9651")


def test_50000_nested_tags_around_a_report(tmp_path: Path, store_path: Path) -> None:
    report = GOOD.read_text(encoding="utf-8").replace("\n", "<br>")
    path = tmp_path / "nested.html"
    path.write_text("<div><span>" * 50_000 + report + "</span></div>" * 50_000, encoding="utf-8")
    code, _, err = run("ingest", "--store", str(store_path), str(path))
    assert code == 0, err
    assert stored_days(store_path) == {1031}


def test_symlink_loops_between_folders_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "b" / "self.txt").symlink_to(tmp_path / "a" / "b" / "self.txt")
    (tmp_path / "a" / "b" / "report.txt").write_bytes(GOOD.read_bytes())
    (tmp_path / "a" / "folder.txt").symlink_to(tmp_path / "a" / "b")
    with deadline(10):
        found = list(find_files([str(tmp_path / "a")]))
    assert found == [
        Unreadable(str(tmp_path / "a" / "folder.txt"), "a link to a folder; not followed", False),
        str(tmp_path / "a" / "b" / "report.txt"),
        Unreadable(
            str(tmp_path / "a" / "b" / "self.txt"),
            "a link that cannot be followed (too many levels of symbolic links)",
        ),
    ]


def test_a_very_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    folders = [tmp_path / "deep"]
    for _ in range(1500):  # deeper than Python's recursion limit
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "deep.txt").write_text("x")
        assert list(find_files([str(folders[0])])) == [str(folders[-1] / "deep.txt")]
    finally:  # shutil.rmtree, and so pytest's own cleanup, recurses and would fail on it
        (folders[-1] / "deep.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            with contextlib.suppress(FileNotFoundError):
                folder.rmdir()
    assert not folders[0].exists()


def _many_files(root: Path, count: int, per_folder: int = 1000) -> None:
    """`count` small files, written with bare system calls so that the tree costs little."""
    for index in range(count):
        folder = root / f"{index // per_folder:03d}"
        if index % per_folder == 0:
            folder.mkdir(parents=True)
        descriptor = os.open(folder / f"note-{index:06d}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(descriptor, b"Diplomats met; 76 of the 188 drones were downed.\n")
        os.close(descriptor)


def test_a_folder_of_5000_small_files_is_streamed_one_document_at_a_time(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The full 100,000-file run is in bench/faults.py (--many-files).
    root = tmp_path / "many"
    _many_files(root, 5_000)
    (root / "003" / "report.txt").write_bytes(GOOD.read_bytes())
    alive: list[weakref.ref] = []
    most_alive = 0
    real_read, real_parse = ingest.read_documents, ingest.parse

    def read(name: str) -> object:
        documents = real_read(name)
        alive.extend(weakref.ref(document) for document in documents)
        return documents

    def parse(text: str, **options: object) -> object:
        nonlocal most_alive
        most_alive = max(most_alive, sum(ref() is not None for ref in alive[-50:]))
        return real_parse(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "read_documents", read)
    monkeypatch.setattr(ingest, "parse", parse)
    with deadline(60):
        # One process, so that the counting above sees every document; worker processes
        # read one document at a time in the same way, and send back only its figures.
        summary = ingest.ingest([str(root)], Store(store_path), jobs=1)
    assert summary.files_read == 5_001
    assert len(summary.notices) == 5_000
    assert stored_days(store_path) == {1031}
    assert most_alive == 1


def test_large_batches_are_committed_in_parts_of_whole_documents(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("gs-list-01.txt", "gs-list-02.txt", "gs-list-03.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    monkeypatch.setattr(ingest, "COMMIT_ROWS", 1)
    summary = ingest.ingest([str(tmp_path)], Store(store_path))
    assert summary.days_added == [1031, 1033, 1035]
    assert os.readlink(store_path / "current") == os.path.join("snapshots", "000003")


def test_an_unreadable_file_is_an_error_and_the_rest_is_stored(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(GOOD.read_bytes())
    (tmp_path / "good.txt").write_bytes((DATA / "gs-list-02.txt").read_bytes())
    real_open = documents.os.open

    def denied(path: str, *args: int) -> int:
        if path == str(secret):  # as chmod 000 would for anyone but root
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)

    monkeypatch.setattr(documents.os, "open", denied)
    code, _, err = run("ingest", "--store", str(store_path), str(tmp_path))
    assert code == 1
    assert err.splitlines() == [
        f"Error: {secret}: permission denied",
        "Read 1 file, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    ]
    assert stored_days(store_path) == {1033}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_chmod_000_file_is_an_error(tmp_path: Path, store_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(GOOD.read_bytes())
    secret.chmod(0)
    code, _, err = run("ingest", "--store", str(store_path), str(secret))
    assert code == 1
    assert f"Error: {secret}: permission denied" in err


def test_an_unreadable_folder_is_an_error_and_its_siblings_are_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-locked").mkdir()
    (tmp_path / "b-open").mkdir()
    (tmp_path / "b-open" / "report.txt").write_text("x")
    real_scandir = documents.os.scandir

    def scandir(path: str) -> object:
        if path.endswith("a-locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(documents.os, "scandir", scandir)
    assert list(find_files([str(tmp_path)])) == [
        Unreadable(str(tmp_path / "a-locked"), "permission denied"),
        str(tmp_path / "b-open" / "report.txt"),
    ]


def test_a_file_that_vanishes_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("x")
    names = find_files([str(tmp_path)])
    assert next(names) == str(path)
    path.unlink()
    assert read_document(str(path)) == Unreadable(str(path), "no such file or directory")


def test_a_named_pipe_given_by_name_waits_for_its_writer(tmp_path: Path, store_path: Path) -> None:
    """As `cat` does: a pipe named on the command line is read once its writer opens it,
    however late; it used to be read as empty, and the late writer then blocked forever."""
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    text = GOOD.read_text(encoding="utf-8")
    wrote = threading.Event()

    def feed() -> None:
        time.sleep(0.5)  # opens the pipe only after the ingest has
        with open(pipe, "w", encoding="utf-8") as handle:
            handle.write(text)
        wrote.set()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with deadline(20):
        code, _, err = run("ingest", "--store", str(store_path), str(pipe))
    assert wrote.wait(5), "the writer is still blocked"
    assert code == 0, err
    assert stored_days(store_path) == {1031}


def test_a_named_pipe_whose_writer_was_first_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    text = GOOD.read_text(encoding="utf-8")

    def feed() -> None:
        with open(pipe, "w", encoding="utf-8") as handle:
            handle.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    time.sleep(0.1)  # the writer is waiting in open() for a reader
    with deadline(10):
        document = read_document(str(pipe))
    writer.join()
    assert getattr(document, "text", None) == text


def test_a_device_given_by_name_is_skipped(store_path: Path) -> None:
    assert list(find_files(["/dev/null"])) == [
        Unreadable("/dev/null", "a character device, not a text document; skipped", False)
    ]
    code, _, err = run("ingest", "--store", str(store_path), "/dev/null", str(GOOD))
    assert code == 0
    assert err.splitlines()[0] == "/dev/null: a character device, not a text document; skipped"


# ---------------------------------------------------------------------------------------
# Names: bytes on Linux, not always UTF-8, not always printable


def test_a_file_name_that_is_not_utf8_is_stored_losslessly_and_shown_escaped(
    tmp_path: Path, store_path: Path
) -> None:
    """A Latin-1 name in a folder crashed the whole batch at the Arrow conversion, on every
    rerun. Its bytes are kept in `source_bytes`; `source` shows them escaped."""
    folder = tmp_path / "in"
    folder.mkdir()
    latin1 = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(latin1, "wb") as handle:
        handle.write(GOOD.read_bytes())
    (folder / "other.txt").write_bytes((DATA / "gs-list-02.txt").read_bytes())
    shown = f"{folder}/caf\\xe9.txt"
    code, out, err = run("parse", "--store", str(store_path), str(folder), "-f", "csv")
    assert code == 0, err
    assert f"\n{shown},1031," in out
    code, _, err = run("ingest", "--store", str(store_path), str(folder))
    assert (code, err) == (
        0,
        "Read 2 files, found 2 reports: 2 days added, 0 changed, 0 unchanged.\n",
    )
    assert stored_days(store_path) == {1031, 1033}
    code, out, _ = run("sources", "--store", str(store_path), "-f", "csv")
    assert code == 0 and f"\n{shown}," in out
    losses = Store(store_path).read_arrow().losses
    names = dict(zip(losses["source"].to_pylist(), losses["source_bytes"].to_pylist(), strict=True))
    assert names == {shown: latin1, str(folder / "other.txt"): None}
    code, _, err = run("ingest", "--store", str(store_path), str(folder))  # and again
    assert (code, err) == (
        0,
        "Read 2 files, found 2 reports: 0 days added, 0 changed, 2 unchanged.\n",
    )


def test_an_undecodable_name_in_a_message_is_shown_escaped(
    tmp_path: Path, store_path: Path
) -> None:
    name = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xff\xfe-empty.txt"))
    Path(name).write_bytes(b"")
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone-\xe9.txt"))
    code, out, err = run("ingest", "--store", str(store_path), name, missing)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{tmp_path}/\\xff\\xfe-empty.txt: no loss report or civilian count found",
        f"Error: {tmp_path}/gone-\\xe9.txt: no such file or directory",
        "Read 1 file, found 0 reports: 0 days added, 0 changed, 0 unchanged.",
    ]


ESCAPE = "\x1b]0;owned\x07\x1b[2J\x1b[31m"  # set the window title, clear the screen, red


def test_terminal_escapes_in_file_names_never_reach_the_terminal(
    tmp_path: Path, store_path: Path
) -> None:
    """Control characters in a name are shown escaped in tables, machine formats and
    messages alike: they are stored that way (the name's bytes in `source_bytes`)."""
    path = tmp_path / f"{ESCAPE}report.txt"
    path.write_bytes(GOOD.read_bytes())
    empty = tmp_path / f"line\nbreak{ESCAPE}.txt"
    empty.write_bytes(b"")
    shown = f"{tmp_path}/\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m"
    code, _, err = run("ingest", "--store", str(store_path), str(path), str(empty),
                       str(tmp_path / f"{ESCAPE}missing.txt"))  # fmt: skip
    assert code == 1
    assert err.splitlines() == [
        f"{tmp_path}/line\\nbreak\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m.txt: "
        "no loss report or civilian count found",
        f"Error: {shown}missing.txt: no such file or directory",
        "Read 2 files, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    ]
    for command in (["sources"], ["export"], ["show"], ["check"], ["civilians"]):
        for fmt in ("table", "csv", "json"):
            code, out, err = run(*command, "--store", str(store_path), "-f", fmt)
            assert code == 0, (command, err)
            assert "\x1b" not in out + err and "\x07" not in out + err, (command, fmt)
    code, out, _ = run("sources", "--store", str(store_path), "-f", "jsonl")
    assert json.loads(out)["source"] == f"{shown}report.txt"
    code, out, _ = run("parse", str(path))
    assert code == 0 and "\x1b" not in out


def test_a_store_path_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    code, out, err = run("show", "--store", str(tmp_path / f"{ESCAPE}store"))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: no store at {tmp_path}/\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mstore; run "
        "`warlosses ingest PATH...` first (or pass --store)\n"
    )


def test_a_file_of_a_utf8_report_and_a_windows_1251_report_keeps_both(
    tmp_path: Path, store_path: Path
) -> None:
    """Decoding falls back to Windows-1251 line by line, not for the whole file: a UTF-8
    report beside a cp1251 one used to come out as mojibake and be lost."""
    ukrainian = (
        "Загальні бойові втрати противника з 24.02.22 по 28.12.24 орієнтовно склали:\n"
        "особового складу - близько 784200 (+1690) осіб,\nтанків - 9651 (+7) од.\n"
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(GOOD.read_bytes() + b"\n" + ukrainian.encode("cp1251"))
    code, _, err = run("ingest", "--store", str(store_path), str(path))
    assert code == 0, err
    assert stored_days(store_path) == {1031, 1039}
    losses = Store(store_path).read().losses
    assert set(losses[losses["day"] == 1039]["total"]) == {784200, 9651}
    assert (
        int(losses[(losses["day"] == 1031) & (losses["category"] == "tanks")]["total"].iloc[0])
        == 9584
    )
