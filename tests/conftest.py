from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from webserver import WebServer

    from warlosses.store import Tables

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the real user's store by accident."""
    monkeypatch.setenv("WARLOSSES_STORE", str(tmp_path / "default-store"))


# ---------------------------------------------------------------------------------------
# A store of invented history with the awkward parts of the real one: the war's first day
# (so spans that start on it have a change from day 0), a category reported only from a
# later day, a day missing for every category and days missing for one, a correction (a
# stated increase that differs from the change of totals), a decrease and a second source
# that disagrees. Tests compute their expectations from `History.totals` themselves.


@dataclass(frozen=True)
class History:
    path: Path
    totals: dict[str, dict[int, int]]  # category → day → the total the reports use
    stated: dict[str, dict[int, int | None]]  # category → day → the stated increase
    last: int  # the last stored day

    def total(self, category: str, day: int) -> int | None:
        """The stored total, 0 on day 0 (losses before the war are zero), else None."""
        return 0 if day == 0 else self.totals[category].get(day)

    def increase(self, category: str, day: int) -> int | None:
        """What reports show as the day's increase: the stated one, else the change."""
        stated = self.stated[category].get(day)
        if stated is not None:
            return stated
        today, before = self.total(category, day), self.total(category, day - 1)
        return None if today is None or before is None else today - before


HISTORY_DAYS = 820  # 2022-02-24 .. 2024-05-23
HISTORY_MISSING_ALL = {400}
HISTORY_MISSING = {"tanks": {500, 501, 502}}
HISTORY_FIRST = {"personnel": 1, "tanks": 1, "drones": 60}
HISTORY_CORRECTED = ("tanks", 600, 3)  # stated +3, the total moved otherwise
HISTORY_DECREASE = ("drones", 700)
HISTORY_CONFLICT = ("tanks", 650)


def _history_tables(rng: random.Random) -> tuple[Tables, dict, dict]:
    from warlosses.store import CIVILIANS_SCHEMA, LOSSES_SCHEMA, Tables, to_frame
    from warlosses.warday import date_of

    now = datetime(2024, 6, 1, tzinfo=UTC)
    steps = {"personnel": 900, "tanks": 8, "drones": 40}
    rows: list[dict[str, object]] = []
    totals: dict[str, dict[int, int]] = {}
    stated: dict[str, dict[int, int | None]] = {}
    for category, step in steps.items():
        total = 0
        totals[category], stated[category] = {}, {}
        for day in range(HISTORY_FIRST[category], HISTORY_DAYS + 1):
            increase = rng.randint(0, 2 * step)
            if (category, day) == HISTORY_DECREASE:
                increase = -2
            total += increase
            if day in HISTORY_MISSING_ALL or day in HISTORY_MISSING.get(category, set()):
                continue
            delta: int | None = increase if rng.random() > 0.1 else None
            if day == HISTORY_FIRST[category] and category == "drones":
                delta = None  # first reported: no increase stated
            if (category, day) == HISTORY_CORRECTED[:2]:
                delta = HISTORY_CORRECTED[2]
            totals[category][day], stated[category][day] = total, delta
            rows.append({
                "day": day, "date": date_of(day), "category": category, "total": total,
                "delta": delta, "format": "B", "rule": "header", "direction": None,
                "source": f"gs-{day}.txt", "source_sha256": f"{day:064x}", "ingested_at": now,
            })  # fmt: skip
    relayed = next(r for r in rows if (r["category"], r["day"]) == HISTORY_CONFLICT)
    rows.append({**relayed, "total": int(relayed["total"]) + 5, "format": "A",  # type: ignore[call-overload]
                 "source": "relay.txt", "source_sha256": "e" * 64})  # fmt: skip
    civilians = []
    for day, region, deaths, injuries in [
        (30, None, 4, 7), (30, "Kharkiv", 4, 7), (420, None, 2, 5), (420, "Donetsk", 1, 1),
        (820, None, 3, 0),
    ]:  # fmt: skip
        civilians.append({
            "day": day, "date": date_of(day), "region": region, "deaths": deaths,
            "injuries": injuries, "rule": "heading", "source": f"b-{day}.txt",
            "source_sha256": f"b{day:063x}", "ingested_at": now,
        })  # fmt: skip
    tables = Tables(to_frame(rows, LOSSES_SCHEMA), to_frame(civilians, CIVILIANS_SCHEMA))
    return tables, totals, stated


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    from warlosses.store import Store

    path = tmp_path_factory.mktemp("history") / "store"
    tables, totals, stated = _history_tables(random.Random(15))
    store = Store(path)
    with store.lock():
        store.write(tables)
    return History(path, totals, stated, HISTORY_DAYS)


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may read or fill the real user's cache of fetched addresses."""
    monkeypatch.setenv("WARLOSSES_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def web() -> Iterator[WebServer]:
    """A web server on 127.0.0.1 for this test (tests/webserver.py)."""
    from webserver import WebServer

    server = WebServer()
    try:
        yield server
    finally:
        server.stop()
