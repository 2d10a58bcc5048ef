"""The store on tmp_path: round trips, atomic replacement, refusal of what is not a store."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warlosses.errors import WarlossesError
from warlosses.store import (
    CIVILIANS_SCHEMA,
    LOSSES_SCHEMA,
    Store,
    Tables,
    civilians_view,
    losses_view,
)

NOW = datetime(2025, 1, 5, 8, 0, tzinfo=UTC)


def loss(day: int, category: str, total: int, delta: int | None, **extra: object) -> dict:
    row = {
        "day": day,
        "date": date(2022, 2, 23) + pd.Timedelta(days=day).to_pytimedelta(),
        "category": category,
        "total": total,
        "delta": delta,
        "format": "B",
        "rule": "header",
        "direction": None,
        "source": "a.txt",
        "source_sha256": "aa",
        "ingested_at": NOW,
    }
    row.update(extra)
    return row


def tables(losses: list[dict], civilians: list[dict] | None = None) -> Tables:
    return Tables(
        pd.DataFrame(losses, columns=LOSSES_SCHEMA.names),
        pd.DataFrame(civilians or [], columns=CIVILIANS_SCHEMA.names),
    )


def test_round_trip_keeps_every_value_and_null(store_path: Path) -> None:
    store = Store(store_path)
    store.write(tables([loss(1039, "tanks", 9651, 7), loss(1039, "aircraft", 369, None)]))
    back = store.read().losses
    assert back[["day", "category", "total"]].values.tolist() == [
        [1039, "tanks", 9651],
        [1039, "aircraft", 369],
    ]
    assert back["delta"].tolist()[0] == 7
    assert back["delta"].isna().tolist() == [False, True]
    assert back["date"].tolist() == [date(2024, 12, 28)] * 2


def test_store_files_are_plain_parquet_with_a_schema_version(store_path: Path) -> None:
    Store(store_path).write(tables([loss(1039, "tanks", 9651, 7)]))
    path = store_path / "current" / "losses.parquet"
    table = pq.read_table(path)
    assert table.schema.metadata[b"warlosses.schema_version"] == b"2"
    assert pd.read_parquet(path)["total"].tolist() == [9651]


def test_each_write_is_a_new_snapshot_and_old_ones_are_pruned(store_path: Path) -> None:
    store = Store(store_path)
    for total in (1, 2, 3, 4):
        store.write(tables([loss(1039, "tanks", total, None)]))
    assert os.readlink(store_path / "current") == os.path.join("snapshots", "000004")
    assert sorted(p.name for p in (store_path / "snapshots").iterdir()) == ["000003", "000004"]
    assert store.read().losses["total"].tolist() == [4]


def test_an_interrupted_write_leaves_the_old_store(store_path: Path) -> None:
    store = Store(store_path)
    store.write(tables([loss(1039, "tanks", 9651, 7)]))
    # A crash after staging but before the switch leaves a .tmp folder behind.
    (store_path / "snapshots" / "000002.tmp").mkdir()
    (store_path / "snapshots" / "000002.tmp" / "losses.parquet").write_bytes(b"half")
    assert store.read().losses["total"].tolist() == [9651]
    store.write(tables([loss(1039, "tanks", 9652, 8)]))
    assert store.read().losses["total"].tolist() == [9652]
    assert not (store_path / "snapshots" / "000002.tmp").exists()


def test_missing_store_reads_empty_but_reports_refuse(store_path: Path) -> None:
    store = Store(store_path)
    assert store.read().losses.empty
    with pytest.raises(WarlossesError, match="no store at .*run `warlosses ingest"):
        store.read_existing()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(WarlossesError, match="is a file, not a store folder"):
        Store(path).read()
    assert path.read_text() == "hello"


def test_a_folder_of_other_files_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("x")
    with pytest.raises(WarlossesError, match="is not a warlosses store"):
        Store(tmp_path).write(tables([loss(1, "tanks", 1, None)]))
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]


def test_a_damaged_file_is_refused_in_one_line(store_path: Path) -> None:
    store = Store(store_path)
    store.write(tables([loss(1039, "tanks", 9651, 7)]))
    target = (store_path / "current" / "losses.parquet").resolve()
    target.write_text("day,category\n1039,tanks\n")
    with pytest.raises(WarlossesError, match="not a readable Parquet file") as info:
        store.read()
    assert "\n" not in str(info.value)


def test_a_newer_schema_is_refused(store_path: Path) -> None:
    store = Store(store_path)
    store.write(tables([loss(1039, "tanks", 9651, 7)]))
    target = (store_path / "current" / "losses.parquet").resolve()
    table = pq.read_table(target)
    pq.write_table(table.replace_schema_metadata({b"warlosses.schema_version": b"99"}), target)
    with pytest.raises(WarlossesError, match="schema version 99, newer"):
        store.read()


def test_foreign_parquet_is_refused(store_path: Path) -> None:
    store = Store(store_path)
    store.write(tables([loss(1039, "tanks", 9651, 7)]))
    target = (store_path / "current" / "civilians.parquet").resolve()
    pq.write_table(pa.table({"x": [1]}), target)
    with pytest.raises(WarlossesError, match="not a warlosses store file"):
        store.read()


def test_view_prefers_the_general_staff_list_then_the_latest(store_path: Path) -> None:
    later = datetime(2025, 1, 6, tzinfo=UTC)
    rows = [
        loss(1039, "tanks", 9650, 6, format="A", source="brief.txt", source_sha256="b1"),
        loss(1039, "tanks", 9651, 7, format="B", source="gs.txt", source_sha256="g1"),
        loss(1040, "tanks", 9655, 4, format="A", source="old.txt", source_sha256="o"),
        loss(1040, "tanks", 9656, 5, format="A", source="new.txt", source_sha256="n",
             ingested_at=later),
    ]  # fmt: skip
    view = losses_view(tables(rows).losses)
    assert view[["day", "total", "source"]].values.tolist() == [
        [1039, 9651, "gs.txt"],
        [1040, 9656, "new.txt"],
    ]


def test_civilian_view_takes_one_source_per_day_headline_first() -> None:
    def civ(region: str | None, deaths: int, sha: str, at: datetime) -> dict:
        return {
            "day": 1039, "date": date(2024, 12, 28), "region": region, "deaths": deaths,
            "injuries": 0, "rule": "option", "source": sha, "source_sha256": sha,
            "ingested_at": at,
        }  # fmt: skip

    later = datetime(2025, 1, 6, tzinfo=UTC)
    frame = tables(
        [],
        [civ("Sumy", 1, "old", NOW), civ(None, 1, "old", NOW),
         civ("Sumy", 2, "new", later), civ(None, 2, "new", later)],
    ).civilians  # fmt: skip
    view = civilians_view(frame)
    assert view["region"].tolist()[0] is pd.NA or pd.isna(view["region"].tolist()[0])
    assert view["deaths"].tolist() == [2, 2]
    assert set(view["source"]) == {"new"}


def test_lock_excludes_a_second_holder_and_dies_with_its_process(store_path: Path) -> None:
    store = Store(store_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from warlosses.store import Store\n"
         f"s = Store(Path({str(store_path)!r}))\n"
         "with s.lock():\n print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarlossesError, match="is busy"), store.lock(timeout=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with store.lock(timeout=2):  # the kernel dropped the dead holder's lock
        pass
