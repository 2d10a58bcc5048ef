"""Properties of the store: what goes in comes out, nothing is lost in a merge, provenance
is kept, older schema versions are read; and ingest never raises on any text."""

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from warlosses.cli import app
from warlosses.ingest import Summary, ingest, merge
from warlosses.store import (
    CIVILIAN_KEY,
    CIVILIANS_SCHEMA,
    LOSS_KEY,
    LOSSES_SCHEMA,
    SCHEMA_VERSION,
    Store,
    Tables,
    losses_view,
    to_frame,
)

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()
examples = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def plain(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values, missing ones as None, for comparing frames."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [
        {k: v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for k, v in row.items()}
        for row in rows
    ]


# Store round trip of arbitrary valid rows.

text = st.text(max_size=30)
int64 = st.integers(-(2**63), 2**63 - 1)
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
loss_rows = st.fixed_dictionaries(
    {
        "day": st.integers(1, 2**31 - 1),
        "date": st.dates(),
        "category": text,
        "total": int64,
        "delta": st.none() | int64,
        "format": text,
        "rule": st.none() | text,
        "direction": st.none() | text,
        "source": text,
        "source_sha256": text,
        "ingested_at": moments,
        "source_bytes": st.none() | st.binary(max_size=30),
    }
)
civilian_rows = st.fixed_dictionaries(
    {
        "day": st.integers(1, 2**31 - 1),
        "date": st.dates(),
        "region": st.none() | text,
        "deaths": int64,
        "injuries": int64,
        "rule": st.none() | text,
        "source": text,
        "source_sha256": text,
        "ingested_at": moments,
        "source_bytes": st.none() | st.binary(max_size=30),
    }
)


@settings(examples, max_examples=40)
@given(st.lists(loss_rows, max_size=8), st.lists(civilian_rows, max_size=8))
def test_what_is_written_is_read_back_unchanged(losses: list[dict], civilians: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        store.write(Tables(to_frame(losses, LOSSES_SCHEMA), to_frame(civilians, CIVILIANS_SCHEMA)))
        back = store.read()
    assert plain(back.losses) == losses
    assert plain(back.civilians) == civilians
    assert back.version == SCHEMA_VERSION


# Merging: no observation is lost, a repeat changes nothing, the first ingestion time stays.

FIRST = datetime(2025, 1, 1, tzinfo=UTC)
LATER = datetime(2025, 2, 1, tzinfo=UTC)
observations = st.lists(
    st.fixed_dictionaries(
        {
            "day": st.integers(1, 4),
            "category": st.sampled_from(["tanks", "aircraft"]),
            "total": st.integers(0, 3),
            "delta": st.none() | st.integers(0, 2),
            "source_sha256": st.sampled_from(["a", "b"]),
        }
    ),
    max_size=10,
)


def _losses(rows: list[dict], at: datetime) -> pa.Table:
    """Observations in the store's schema, one per key, as a read gives them."""
    unique = {(r["day"], r["category"], r["source_sha256"]): r for r in rows}
    return _as_table(list(unique.values()), at)


def _keys(table: pa.Table) -> set[tuple]:
    return {tuple(row[k] for k in LOSS_KEY) for row in table.to_pylist()}


@settings(examples, max_examples=30)
@given(observations, observations)
def test_a_merge_loses_no_observation_and_keeps_first_ingestion_times(
    old_rows: list[dict], new_rows: list[dict]
) -> None:
    old, new = _losses(old_rows, FIRST), _losses(new_rows, LATER)
    merged, changed = merge(old, new, LOSS_KEY)
    assert _keys(merged) == _keys(old) | _keys(new)
    assert len(merged) == len(_keys(merged))  # one row per key
    again, changed_again = merge(merged, new, LOSS_KEY)
    assert again is merged and not changed_again  # a repeat changes nothing
    by_key = {tuple(r[k] for k in LOSS_KEY): r for r in merged.to_pylist()}
    for row in old.to_pylist():
        assert by_key[tuple(row[k] for k in LOSS_KEY)]["ingested_at"] == FIRST
    for row in new.to_pylist():
        kept = by_key[tuple(row[k] for k in LOSS_KEY)]
        assert (kept["total"], kept["delta"]) == (row["total"], row["delta"])
    assert changed == (merged.to_pylist() != old.to_pylist())


def _merged_by_rows(old: pa.Table, new: pa.Table, key: list[str]) -> tuple[list[dict], bool]:
    """The merge restated row by row, as the rule reads: a key given twice in `new` counts
    once, as its last row; an old row is replaced only by a new row of its key that differs
    in more than its ingestion time, and keeps that time; the rows are the old ones kept,
    then the new keys, then the replacements."""

    def key_of(row: dict) -> tuple:
        return tuple(row[name] for name in key)

    latest = {key_of(row): i for i, row in enumerate(new.to_pylist())}
    fresh = [new.to_pylist()[i] for i in sorted(latest.values())]
    stored = {key_of(row): row for row in old.to_pylist()}

    def same(a: dict, b: dict) -> bool:
        return {**a, "ingested_at": None} == {**b, "ingested_at": None}

    added = [row for row in fresh if key_of(row) not in stored]
    revised = [
        {**row, "ingested_at": stored[key_of(row)]["ingested_at"]}
        for row in fresh
        if key_of(row) in stored and not same(row, stored[key_of(row)])
    ]
    gone = {key_of(row) for row in revised}
    kept = [row for row in old.to_pylist() if key_of(row) not in gone]
    return kept + added + revised, bool(added or revised)


civilian_rows = st.lists(
    st.fixed_dictionaries(
        {
            "day": st.integers(1, 3),
            "region": st.sampled_from([None, "Kharkiv", "Sumy"]),
            "deaths": st.integers(0, 2),
            "injuries": st.integers(0, 2),
            "source_sha256": st.sampled_from(["a", "b"]),
        }
    ),
    max_size=10,
)


def _civilians(rows: list[dict], at: datetime, unique: bool) -> pa.Table:
    full = [
        {**row, "date": date(2022, 2, 23) + timedelta(days=row["day"]), "rule": "option",
         "source": row["source_sha256"] + ".txt", "ingested_at": at}
        for row in rows
    ]  # fmt: skip
    if unique:
        full = list({(r["day"], r["region"], r["source_sha256"]): r for r in full}.values())
    return pa.Table.from_pylist(full, CIVILIANS_SCHEMA)


@settings(examples, max_examples=60)
@given(observations, observations, civilian_rows, civilian_rows)
def test_the_arrow_merge_is_the_merge_rule_row_by_row(
    old_losses: list[dict], new_losses: list[dict], old_civ: list[dict], new_civ: list[dict]
) -> None:
    """ingest.merge matches keys with Arrow's hash kernels; this is the rule it implements,
    restated one Python row at a time, on keys given twice and on missing regions."""
    cases = [
        (_losses(old_losses, FIRST), _as_table(new_losses, LATER), LOSS_KEY),
        (_civilians(old_civ, FIRST, True), _civilians(new_civ, LATER, False), CIVILIAN_KEY),
    ]
    for old, new, key in cases:
        merged, changed = merge(old, new, key)
        rows, expected_change = _merged_by_rows(old, new, key)
        assert merged.to_pylist() == rows
        assert changed == expected_change
        assert (merged is old) == (not changed)


def _as_table(rows: list[dict], at: datetime) -> pa.Table:
    """Observations in the store's schema as parsed, a key possibly given twice."""
    full = [
        {**row, "date": date(2022, 2, 23) + timedelta(days=row["day"]), "format": "B",
         "rule": "header", "direction": None, "source": row["source_sha256"], "ingested_at": at}
        for row in rows
    ]  # fmt: skip
    return pa.Table.from_pylist(full, LOSSES_SCHEMA)


def test_a_headline_without_region_is_one_key() -> None:
    def civilian(deaths: int, source: str) -> pa.Table:
        row = {"day": 1039, "date": date(2024, 12, 28), "region": None, "deaths": deaths,
               "injuries": 0, "rule": "option", "source": source, "source_sha256": "s",
               "ingested_at": FIRST}  # fmt: skip
        return pa.Table.from_pylist([row], CIVILIANS_SCHEMA)

    old, _ = merge(CIVILIANS_SCHEMA.empty_table(), civilian(6, "a.txt"), CIVILIAN_KEY)
    merged, changed = merge(old, civilian(6, "copy.txt"), CIVILIAN_KEY)
    assert changed
    assert merged.select(["region", "source"]).to_pylist() == [
        {"region": None, "source": "copy.txt"}
    ]


# Provenance through the command line.


def test_reingesting_the_same_content_keeps_the_first_ingestion_time(
    tmp_path: Path, store_path: Path
) -> None:
    original = tmp_path / "gs.txt"
    original.write_bytes((DATA / "gs-list-01.txt").read_bytes())
    assert run("ingest", "--store", str(store_path), str(original))[0] == 0
    first = Store(store_path).read().losses
    renamed = tmp_path / "renamed.txt"
    original.rename(renamed)
    code, _, err = run("ingest", "--store", str(store_path), str(renamed))
    assert code == 0
    assert err.endswith("0 days added, 0 changed, 1 unchanged.\n")
    again = Store(store_path).read().losses
    assert again["ingested_at"].tolist() == first["ingested_at"].tolist()
    assert set(again["source"]) == {str(renamed)}  # the name it was last given


def test_two_disagreeing_sources_are_both_kept_and_the_view_picks_by_the_rule(
    tmp_path: Path, store_path: Path
) -> None:
    gs = tmp_path / "gs.txt"
    gs.write_bytes((DATA / "gs-list-01.txt").read_bytes())  # tanks 9584 on day 1031
    brief = tmp_path / "brief.txt"
    brief.write_text("Russian War Losses (Today/Total)\nTanks +9\n9585 |\n", encoding="utf-8")
    relay = tmp_path / "relay.txt"
    relay.write_text("Russian War Losses (Today/Total)\nTanks +10\n9586 |\n", encoding="utf-8")
    run("ingest", "--store", str(store_path), str(gs))
    run("ingest", "--store", str(store_path), "--day", "1031", str(brief))
    run("ingest", "--store", str(store_path), "--day", "1031", str(relay))
    losses = Store(store_path).read().losses
    tanks = losses[losses["category"] == "tanks"]
    assert sorted(zip(tanks["total"], tanks["source"], strict=True)) == [
        (9584, str(gs)), (9585, str(brief)), (9586, str(relay))
    ]  # fmt: skip
    _, out, _ = run("export", "--store", str(store_path), "--format", "json")
    assert [(r["total"], r["source"]) for r in json.loads(out) if r["category"] == "tanks"] == [
        (9584, str(gs))  # the General Staff's own list over relayed figures
    ]
    relayed = losses[losses["format"] == "A"]
    assert losses_view(relayed)["total"].tolist() == [9586]  # then the latest ingested


# Schema versions: a version-0 store (before `ingested_at`) is read as it is, and upgraded
# by the next ingest, which says so.


def _version_0(store: Path) -> None:
    for path in (store / "current").resolve().glob("*.parquet"):
        table = pq.read_table(path)
        table = table.drop_columns(["ingested_at", "source_bytes"])
        pq.write_table(table.replace_schema_metadata({b"warlosses.schema_version": b"0"}), path)


def _version_1(store: Path, source: str) -> None:
    """The store as version 1 wrote it: no `source_bytes`, the name as it was given."""
    for path in (store / "current").resolve().glob("*.parquet"):
        table = pq.read_table(path).drop_columns(["source_bytes"])
        index = table.schema.get_field_index("source")
        table = table.set_column(index, "source", pa.array([source] * len(table), pa.string()))
        pq.write_table(table.replace_schema_metadata({b"warlosses.schema_version": b"1"}), path)


def test_a_version_1_store_shows_its_names_escaped_and_keeps_their_bytes(
    store_path: Path,
) -> None:
    run("ingest", "--store", str(store_path), str(DATA / "briefing-06.txt"))
    _version_1(store_path, "\x1b[2Jbriefing.txt")
    old = Store(store_path).read_arrow()
    assert old.version == 1
    for table in (old.losses, old.civilians):
        assert set(table["source"].to_pylist()) == {"\\x1b[2Jbriefing.txt"}
        assert set(table["source_bytes"].to_pylist()) == {b"\x1b[2Jbriefing.txt"}
    code, out, _ = run("export", "--store", str(store_path))
    assert code == 0 and "\x1b" not in out and ",\\x1b[2Jbriefing.txt" in out
    code, _, err = run("ingest", "--store", str(store_path), str(DATA / "gs-list-02.txt"))
    assert err.splitlines()[0] == f"{store_path}: store upgraded from schema version 1 to 2"
    assert Store(store_path).read_arrow().version == SCHEMA_VERSION == 2


def test_a_version_0_store_is_read_as_it_is_and_upgraded_by_the_next_ingest(
    store_path: Path,
) -> None:
    run("ingest", "--store", str(store_path), str(DATA / "gs-list-01.txt"),
        str(DATA / "briefing-06.txt"))  # fmt: skip
    before = run("export", "--store", str(store_path))[1]
    _version_0(store_path)
    old = Store(store_path).read()
    assert old.version == 0 and old.losses["ingested_at"].isna().all()
    assert run("export", "--store", str(store_path)) == (0, before, "")
    code, _, err = run("ingest", "--store", str(store_path), str(DATA / "gs-list-02.txt"))
    assert code == 0
    assert err.splitlines() == [
        f"{store_path}: store upgraded from schema version 0 to {SCHEMA_VERSION}",
        "Read 1 file, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    ]
    for path in (store_path / "current").resolve().glob("*.parquet"):
        metadata = pq.read_table(path).schema.metadata
        assert metadata[b"warlosses.schema_version"] == str(SCHEMA_VERSION).encode()
    upgraded = Store(store_path).read()
    assert upgraded.version == SCHEMA_VERSION
    kept = upgraded.losses[upgraded.losses["day"] == 1031]
    assert len(kept) == 14 and kept["ingested_at"].isna().all()  # unknown, not invented
    after = run("export", "--store", str(store_path))[1].splitlines()
    assert set(before.splitlines()) < set(after)


def test_a_version_0_store_is_upgraded_even_when_the_ingest_adds_nothing(
    store_path: Path,
) -> None:
    run("ingest", "--store", str(store_path), str(DATA / "gs-list-01.txt"))
    _version_0(store_path)
    code, _, err = run("ingest", "--store", str(store_path), str(DATA / "gs-list-01.txt"))
    assert code == 0
    assert err.splitlines()[0] == (
        f"{store_path}: store upgraded from schema version 0 to {SCHEMA_VERSION}"
    )
    assert Store(store_path).read().version == SCHEMA_VERSION


# Ingest never raises on any text, and ingest → export → re-ingest gives the same records.

TOKENS = [
    "tanks", "personnel", "‒", "-", "—", "(+", ")", "+", ",", "\n", " ", "about", "близько",
    "од", "|", "Troops", "Day 1,039", "from 24.02.2022 to 28.12.2024", "з 24.02.22 по 28.12.24",
    "from 24.02 to 18.07", "December 28, 2024", "DEATHS:", "INJURIES:", "Oblast", "killed",
    "Russian War Losses (Today/Total)", "The total combat losses of the enemy from",
    "were approximately:", "9651", "784,200", "784 200", "0", "9" * 30, "танків", "осіб",
    "\u00a0", "one", "Key Developments on Day", "<p>", "</div>", "&nbsp;", "&#8210;", "<!--",
    "<script>", "\x00", "\ufffd", "\r\n",
]  # fmt: skip
any_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=80).map("".join),
)


@examples
@given(any_text, st.sampled_from(["x.txt", "2024-12-28.md", "page.html", "day-1039.htm"]))
def test_any_text_through_ingest_never_raises(text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        summary = ingest([str(path)], Store(Path(folder) / "store"))
        assert isinstance(summary, Summary)
        assert summary.files_read + len([n for n in summary.notices if "skipped" in n.message]) == 1
        assert Store(Path(folder) / "store").read().losses["total"].notna().all()


@examples
@given(st.binary(max_size=600))
def test_any_bytes_through_ingest_never_raise(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "file.txt").write_bytes(data)
        ingest([folder], Store(Path(folder) / "store"))


CATEGORIES = {
    "personnel": "personnel ‒ about {} ({:+d}) persons",
    "tanks": "tanks ‒ {} ({:+d})",
    "artillery": "artillery systems – {} ({:+d})",
    "drones": "UAV operational-tactical level - {} ({:+d})",
}
FIRST_REPORT = {"personnel": 2800, "tanks": 80, "armoured_vehicles": 516, "artillery": 49}
reports = st.dictionaries(
    # From day 2: the war's first day is never a report's date (its first report is of day 2).
    st.integers(2, 1600),
    st.fixed_dictionaries(
        # A total is never below what the first report already counted: one that is
        # reads as the day's figure, and a list leaves it out.
        {
            c: st.tuples(st.integers(FIRST_REPORT.get(c, 0), 10**6), st.integers(0, 999))
            for c in CATEGORIES
        }  # fmt: skip
    ),
    min_size=1,
    max_size=4,
)


@settings(examples, max_examples=15)
@given(reports)
def test_ingest_export_reingest_gives_the_same_records(days: dict[int, dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for day, figures in days.items():
            when = date(2022, 2, 23) + timedelta(days=day)
            lines = [CATEGORIES[c].format(*figures[c]) for c in CATEGORIES]
            path = Path(folder) / f"report-{day}.txt"
            path.write_text(
                f"The total combat losses of the enemy from 24.02.2022 to {when:%d.%m.%Y} "
                "were approximately:\n" + ",\n".join(lines) + ".\n",
                encoding="utf-8",
            )
            files.append(str(path))
        store = str(Path(folder) / "store")
        assert run("ingest", "--store", store, *files)[0] == 0
        exported = run("export", "--store", store, "--format", "json")[1]
        records = {(r["day"], r["category"], r["total"], r["delta"]) for r in json.loads(exported)}
        assert records == {
            (day, c, *figures[c]) for day, figures in days.items() for c in CATEGORIES
        }
        assert run("ingest", "--store", store, *files)[0] == 0
        assert run("export", "--store", store, "--format", "json")[1] == exported
        fresh = str(Path(folder) / "fresh")
        assert run("ingest", "--store", fresh, *reversed(files))[0] == 0
        assert run("export", "--store", fresh, "--format", "json")[1] == exported
