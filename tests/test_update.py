"""`warlosses update`, against a server on 127.0.0.1 serving the data set's files and the
statistics API's JSON in their shapes (hand-written, tests/fixtures/import/)."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from typer.testing import CliRunner
from webserver import WebServer, send, status

from warlosses.cli import app
from warlosses.store import Store

IMPORT = Path(__file__).parent / "fixtures" / "import"
EQUIPMENT = (IMPORT / "dataset_equipment.json").read_bytes()
PERSONNEL = (IMPORT / "dataset_personnel.json").read_bytes()
RECORD = ("day", "date", "category", "total", "delta", "format", "rule", "direction")


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr.splitlines()


def losses(store: Path, *columns: str) -> list[tuple[object, ...]]:
    table = Store(store).read_arrow().losses
    return sorted(zip(*(table[c].to_pylist() for c in columns), strict=True), key=repr)


def serve_dataset(web: WebServer, equipment: bytes = EQUIPMENT) -> None:
    web.serve("/data/russia_losses_equipment.json", equipment, "text/plain; charset=utf-8",
              etag=f'"e{len(equipment)}"')  # fmt: skip
    web.serve("/data/russia_losses_personnel.json", PERSONNEL, "text/plain; charset=utf-8",
              etag='"p1"')  # fmt: skip


def test_update_from_the_dataset_stores_what_import_stores(web: WebServer, tmp_path: Path) -> None:
    serve_dataset(web)
    imported, updated = tmp_path / "imported", tmp_path / "updated"
    files = [str(IMPORT / "dataset_equipment.json"), str(IMPORT / "dataset_personnel.json")]
    assert run("import", "--store", str(imported), *files)[0] == 0
    base = web.url("/data/")
    code, lines = run("update", "--store", str(updated), "--from", "dataset", "--url", base)
    assert code == 0, lines
    personnel = web.url("/data/russia_losses_personnel.json")
    assert lines == [
        f"{personnel}: unknown category 'POW' stored as 'pow'",
        "Read 2 addresses, found 3 daily records: 3 days added, 0 changed, 0 unchanged.",
        "Added days 65-67 (2022-04-29 to 2022-05-01).",
    ]
    assert losses(updated, *RECORD) == losses(imported, *RECORD)
    assert {s for (s,) in losses(updated, "source")} == {
        web.url("/data/russia_losses_equipment.json"),
        personnel,
    }

    snapshot = (updated / "current").readlink()
    code, lines = run("update", "--store", str(updated), "--url", base)
    assert (code, lines[-1]) == (0, "Read 2 addresses, found 3 daily records: 0 days added, "
                                    "0 changed, 3 unchanged.")  # fmt: skip
    assert web.hits("/data/russia_losses_personnel.json")[1].headers["If-None-Match"] == '"p1"'
    assert (updated / "current").readlink() == snapshot

    web.stop()
    code, lines = run("update", "--store", str(tmp_path / "offline"), "--offline", "--url", base)
    assert code == 0, lines
    assert losses(tmp_path / "offline", *RECORD) == losses(imported, *RECORD)


def test_update_after_import_adds_only_the_new_day(web: WebServer, tmp_path: Path) -> None:
    store = tmp_path / "store"
    files = [str(IMPORT / "dataset_equipment.json"), str(IMPORT / "dataset_personnel.json")]
    assert run("import", "--store", str(store), *files)[0] == 0
    before = len(losses(store, "day"))
    rows = json.loads(EQUIPMENT)
    rows.append({**rows[-1], "date": "2022-05-02", "day": 68, "tank": 1020})
    serve_dataset(web, json.dumps(rows).encode())
    code, lines = run("update", "--store", str(store), "--url", web.url("/data/"))
    assert code == 0, lines
    assert lines[-2:] == [
        "Read 2 addresses, found 4 daily records: 1 day added, 0 changed, 3 unchanged.",
        "Added day 68 (2022-05-02).",
    ]
    added = [r for r in losses(store, "day", "category", "total") if r[0] == 68]
    assert len(losses(store, "day")) == before + len(added)
    assert (68, "tanks", 1020) in added


def test_a_text_that_disagrees_is_kept_beside_and_check_lists_it(
    web: WebServer, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    text = tmp_path / "list.txt"
    text.write_text(
        "The total combat losses of the enemy from 24.02.2022 to 29.04.2022 were approximately:\n"
        "personnel ‒ about 23000 persons,\ntanks ‒ 1005 (+8),\naircraft ‒ 190,\n"
    )
    assert run("ingest", "--store", str(store), str(text))[0] == 0
    serve_dataset(web)
    assert run("update", "--store", str(store), "--url", web.url("/data/"))[0] == 0
    assert (65, "tanks", 1005) in losses(store, "day", "category", "total")
    assert (65, "tanks", 1000) in losses(store, "day", "category", "total")
    result = CliRunner().invoke(app, ["check", "--store", str(store), "-f", "jsonl"])
    conflicts = [json.loads(line) for line in result.stdout.splitlines()]
    conflicts = [c for c in conflicts if c["kind"] == "conflict"]
    assert [(c["day"], c["category"]) for c in conflicts] == [(65, "tanks")]


def test_a_missing_file_is_an_error_and_the_other_is_stored(web: WebServer, tmp_path: Path) -> None:
    web.serve("/data/russia_losses_equipment.json", EQUIPMENT, "application/json")
    web.routes["/data/russia_losses_personnel.json"] = status(404)
    code, lines = run("update", "--store", str(tmp_path / "s"), "--url", web.url("/data"))
    assert code == 1
    assert lines[0] == f"Error: {web.url('/data/russia_losses_personnel.json')}: HTTP 404 Not Found"
    assert {c for (c,) in losses(tmp_path / "s", "category")} >= {"tanks", "aircraft"}


def test_the_base_must_be_an_address(tmp_path: Path) -> None:
    assert run("update", "--store", str(tmp_path / "s"), "--url", "data/") == (
        1, ["Error: --url data/: expected an http:// or https:// address"]
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# The statistics API


def rip_record(day: int, tanks: int) -> dict[str, object]:
    from warlosses.warday import date_of

    return {"date": str(date_of(day)), "day": day, "stats": {"tanks": tanks},
            "increase": {"tanks": 1}}  # fmt: skip


def serve_list(web: WebServer, records: list[dict[str, object]], limit: int = 50) -> None:
    """The paged list: newest first, `offset` and `limit` from the query."""

    def handler(request: object) -> None:
        query = parse_qs(urlsplit(request.path).query)  # type: ignore[attr-defined]
        offset = int(query["offset"][0])
        page = records[offset : offset + int(query["limit"][0])]
        envelope = {"message": "ok", "data": {
            "paging": {"total": len(records), "offset": offset, "limit": limit},
            "records": page}}  # fmt: skip
        send(request, 200, json.dumps(envelope).encode(), {"Content-Type": "application/json"})  # type: ignore[arg-type]

    web.routes["/api/v2/statistics"] = handler


def test_update_from_the_api_fetches_the_latest_and_the_days_before(
    web: WebServer, tmp_path: Path
) -> None:
    web.serve("/api/v2/statistics/latest", (IMPORT / "api_latest.json").read_bytes(),
              "application/json", etag='"465"')  # fmt: skip
    web.serve("/api/v2/statistics", (IMPORT / "api_statistics.json").read_bytes(),
              "application/json")  # fmt: skip
    store, imported = tmp_path / "store", tmp_path / "imported"
    base = web.url("/api/v2/")
    code, lines = run("update", "--store", str(store), "--from", "rip", "--url", base)
    assert code == 0, lines
    assert lines[-2:] == [
        "Read 2 addresses, found 3 daily records: 3 days added, 0 changed, 0 unchanged.",
        "Added days 463-465 (2023-06-01 to 2023-06-03).",
    ]
    (listed,) = [r for r in web.requests if "?" in r.path]
    query = parse_qs(urlsplit(listed.path).query)
    assert query == {"offset": ["0"], "limit": ["50"], "date_from": ["2022-02-24"],
                     "date_to": ["2023-06-03"]}  # fmt: skip
    files = [str(IMPORT / "api_latest.json"), str(IMPORT / "api_statistics.json")]
    assert run("import", "--store", str(imported), *files)[0] == 0
    assert losses(store, *RECORD) == losses(imported, *RECORD)

    # Up to date: only the latest record is asked for, conditionally.
    asked = len(web.requests)
    code, lines = run("update", "--store", str(store), "--from", "rip", "--url", base)
    assert (code, lines[-1]) == (0, "Read 1 address, found 1 daily record: 0 days added, "
                                    "0 changed, 1 unchanged.")  # fmt: skip
    assert [r.path for r in web.requests[asked:]] == ["/api/v2/statistics/latest"]
    assert web.requests[-1].headers["If-None-Match"] == '"465"'


def test_update_from_the_api_pages_from_the_last_stored_day(web: WebServer, tmp_path: Path) -> None:
    store = tmp_path / "store"
    records = [rip_record(day, 3000 + day) for day in range(1160, 1040, -1)]  # newest first
    latest = {"message": "ok", "data": rip_record(1160, 4160)}
    web.serve("/api/v2/statistics/latest", json.dumps(latest).encode(), "application/json")
    serve_list(web, records)  # days 1041..1160
    text = tmp_path / "day-1040.txt"
    text.write_text("Russian War Losses (Today/Total)\nTanks +1\n4040 |\n")
    assert run("ingest", "--store", str(store), str(text))[0] == 0
    code, lines = run("update", "--store", str(store), "--from", "rip", "--url", web.url("/api/v2"))
    assert code == 0, lines
    assert lines[-2:] == [
        "Read 4 addresses, found 120 daily records: 120 days added, 0 changed, 0 unchanged.",
        "Added days 1041-1160 (2024-12-30 to 2025-04-28).",
    ]
    pages = sorted(parse_qs(urlsplit(r.path).query)["offset"][0] for r in web.requests
                   if "?" in r.path)  # fmt: skip
    assert pages == ["0", "100", "50"]
    assert all("date_from=2024-12-30" in r.path for r in web.requests if "?" in r.path)
    assert sorted({d for (d,) in losses(store, "day")}) == list(range(1040, 1161))
