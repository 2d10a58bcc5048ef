"""ingest(): documents to store, with the day rules that need the store (rule 5)."""

from pathlib import Path

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
