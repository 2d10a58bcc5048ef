"""ingest(): documents to store, with the day rules that need the store (rule 5)."""

from pathlib import Path

from warlosses.documents import Unreadable
from warlosses.ingest import ingest
from warlosses.store import Store, losses_view

DAY_1039 = """\
The total combat losses of the enemy from 24.02.2022 to 28.12.2024 were approximately:
personnel ‒ about 784200 (+1690) persons,
tanks ‒ 9651 (+7),
artillery systems ‒ 21408 (+29)
"""
# The next day's list with its header cut off: only continuity can date it.
NEXT_DAY = """\
(forwarded without the heading)
personnel ‒ about 785930 (+1730) persons,
tanks ‒ 9656 (+5),
artillery systems ‒ 21450 (+42)
"""


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_continuity_dates_a_report_from_the_stored_day_before(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    ingest([write(tmp_path, "a.txt", DAY_1039)], store)
    summary = ingest([write(tmp_path, "b.txt", NEXT_DAY)], store)
    assert summary.days_added == [1040]
    assert [n.message for n in summary.notices] == ["day 1040 inferred from the totals of day 1039"]
    view = losses_view(store.read().losses)
    rows = view[view["day"] == 1040][["category", "total", "rule"]].values.tolist()
    assert sorted(rows) == [
        ["artillery", 21450, "continuity"],
        ["personnel", 785930, "continuity"],
        ["tanks", 9656, "continuity"],
    ]


def test_continuity_within_one_batch(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    paths = [write(tmp_path, "a.txt", DAY_1039), write(tmp_path, "b.txt", NEXT_DAY)]
    assert ingest(paths, store).days_added == [1039, 1040]


def test_no_continuity_without_a_matching_day(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    ingest([write(tmp_path, "a.txt", DAY_1039.replace("9651 (+7)", "9650 (+7)"))], store)
    summary = ingest([write(tmp_path, "b.txt", NEXT_DAY)], store)
    assert summary.days_added == []
    assert "pass --date YYYY-MM-DD" in summary.notices[0].message


def test_a_process_pool_stores_exactly_what_one_process_does(tmp_path: Path) -> None:
    from warlosses.ingest import POOL_MIN_FILES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = Path(__file__).parent.parent / "data"
    sources = sorted(data.glob("*.*"))
    for index in range(POOL_MIN_FILES + 6):  # enough files for the pool to be used
        source = sources[index % len(sources)]
        (corpus / f"{index:03d}-{source.name}").write_bytes(source.read_bytes())
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    results = []
    for jobs in (1, 2):
        store = Store(tmp_path / f"store-{jobs}")
        summary = ingest([str(corpus)], store, jobs=jobs)
        tables = store.read()
        results.append(
            (
                summary.files_read,
                [(n.name, n.message) for n in summary.notices],
                tables.losses.drop(columns="ingested_at")
                .sort_values(["day", "category", "source"])
                .to_csv(),
                tables.civilians.drop(columns="ingested_at").to_csv(),
            )
        )
    assert results[0] == results[1]
    assert results[0][0] == POOL_MIN_FILES + 6


def test_parsing_tasks_hold_about_a_mebibyte_of_input(tmp_path: Path) -> None:
    from warlosses.ingest import CHUNK_BYTES, _chunksize

    def files(count: int, size: int) -> list[str | Unreadable]:
        folder = tmp_path / f"{count}x{size}"
        folder.mkdir()
        for index in range(count):
            (folder / f"{index}.txt").write_bytes(b"x" * size)
        return [str(folder / f"{index}.txt") for index in range(count)]

    assert _chunksize(files(5000, 1000), jobs=2) == 256  # short briefings: the cap
    assert _chunksize(files(300, CHUNK_BYTES // 16), jobs=2) == 16  # whole pages
    assert _chunksize(files(100, 1000), jobs=2) == 12  # still four tasks per process
    assert _chunksize([Unreadable("a", "is a directory")], jobs=2) == 1
