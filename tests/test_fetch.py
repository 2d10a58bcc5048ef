"""Fetching addresses, against a real server on 127.0.0.1 (tests/webserver.py) that serves
our pages and feeds and misbehaves on purpose. Nothing here reaches the internet."""

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner
from webserver import WebServer, endless, redirect, send, slow, status, truncated

from warlosses import fetch
from warlosses.cli import app
from warlosses.documents import Body, Document, Unreadable, read_documents
from warlosses.fetch import Cache, Fetcher, Limits
from warlosses.store import Store

SOURCES = Path(__file__).parent.parent / "examples" / "sources"
PAGE = (SOURCES / "page.html").read_bytes()
FEED = (SOURCES / "feed.xml").read_bytes()
QUICK = Limits(connect=2.0, read=0.5, total=1.5, backoff=1.0, longest_wait=60.0)


@pytest.fixture
def fetcher(tmp_path: Path) -> "Iterator[Fetcher]":
    sleeps: list[float] = []
    with Fetcher(cache=Cache(tmp_path / "fetched"), limits=QUICK, sleep=sleeps.append) as active:
        active.sleeps = sleeps  # type: ignore[attr-defined]
        yield active


def body_of(result: Body | Unreadable) -> bytes:
    assert isinstance(result, Body), result
    return result.read()


def losses(store: Path, *columns: str) -> list[tuple[object, ...]]:
    table = Store(store).read_arrow().losses
    rows = zip(*(table[c].to_pylist() for c in columns), strict=True)
    return sorted(rows, key=repr)


RECORD = ("day", "date", "category", "total", "delta", "format", "rule", "direction")


def ingest(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["ingest", *args])
    return result.exit_code, result.stderr.splitlines()


# ---------------------------------------------------------------------------------------
# The acceptance: what addresses store is what the same content stores from files


def test_addresses_store_what_files_store_then_conditional_then_offline(
    web: WebServer, tmp_path: Path
) -> None:
    web.serve("/page.html", PAGE, etag='"page-v1"')
    web.serve("/feed.xml", FEED, "application/rss+xml",
              last_modified="Tue, 31 Dec 2024 23:31:00 GMT")  # fmt: skip
    page, feed = web.url("/page.html"), web.url("/feed.xml")
    from_files, from_web = tmp_path / "files", tmp_path / "web"
    assert (
        ingest("--store", str(from_files), str(SOURCES / "page.html"), str(SOURCES / "feed.xml"))[0]
        == 0
    )

    code, lines = ingest("--store", str(from_web), page, feed)
    assert code == 0, lines
    assert lines == ["Read 2 addresses (4 documents), found 4 reports: 4 days added, 0 changed, "
                     "0 unchanged."]  # fmt: skip
    assert losses(from_web, *RECORD) == losses(from_files, *RECORD)
    # A page is named by its address, a feed's entries by their links, as from the file.
    assert {s for (s,) in losses(from_web, "source")} == {
        page,
        *(s for (s,) in losses(from_files, "source") if s.startswith("https://")),
    }
    assert losses(from_web, "source", "source_sha256") != []
    feed_rows = [r for r in losses(from_files, "source", "source_sha256", *RECORD)
                 if r[0].startswith("https://")]  # fmt: skip
    assert [r for r in losses(from_web, "source", "source_sha256", *RECORD)
            if r[0] != page] == feed_rows  # fmt: skip
    user_agent = web.hits("/page.html")[0].headers["User-Agent"]
    assert user_agent.startswith("warlosses/")

    snapshot = (from_web / "current").readlink()
    code, lines = ingest("--store", str(from_web), page, feed)
    assert (code, lines[-1]) == (0, "Read 2 addresses (4 documents), found 4 reports: 0 days "
                                    "added, 0 changed, 4 unchanged.")  # fmt: skip
    assert web.hits("/page.html")[1].headers["If-None-Match"] == '"page-v1"'
    assert web.hits("/feed.xml")[1].headers["If-Modified-Since"] == "Tue, 31 Dec 2024 23:31:00 GMT"
    assert (from_web / "current").readlink() == snapshot

    web.stop()
    code, lines = ingest("--store", str(from_web), "--offline", page, feed)
    assert (code, lines[-1]) == (0, "Read 2 addresses (4 documents), found 4 reports: 0 days "
                                    "added, 0 changed, 4 unchanged.")  # fmt: skip
    elsewhere = tmp_path / "offline-copy"
    assert ingest("--store", str(elsewhere), "--offline", page, feed)[0] == 0
    assert losses(elsewhere, *RECORD) == losses(from_files, *RECORD)


def test_a_fetched_record_is_stamped_with_the_time_of_its_fetch(
    web: WebServer, store_path: Path
) -> None:
    web.serve("/page.html", PAGE)
    before = time.time()
    assert ingest("--store", str(store_path), web.url("/page.html"))[0] == 0
    (stamp,) = {t for (t,) in losses(store_path, "ingested_at")}
    assert before - 1 <= stamp.timestamp() <= time.time()  # type: ignore[attr-defined]


def test_failures_name_the_address_and_the_batch_goes_on(web: WebServer, store_path: Path) -> None:
    web.routes["/gone"] = status(404)
    code, lines = ingest("--store", str(store_path), web.url("/gone"), str(SOURCES / "page.html"))
    assert code == 1
    assert lines == [
        f"Error: {web.url('/gone')}: HTTP 404 Not Found",
        "Read 1 file, found 1 report: 1 day added, 0 changed, 0 unchanged.",
    ]


def test_offline_without_a_cached_copy_is_an_error(store_path: Path) -> None:
    code, lines = ingest("--store", str(store_path), "--offline", "https://example.org/x")
    assert code == 1
    assert lines[0] == ("Error: https://example.org/x: not in the cache (fetch it once without "
                        "--offline)")  # fmt: skip


def test_parse_reads_addresses_too(web: WebServer) -> None:
    web.serve("/feed.xml", FEED, "application/xml")
    result = CliRunner().invoke(app, ["parse", "-f", "csv", web.url("/feed.xml")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Read 1 address (3 documents), found 3 reports; nothing stored."
    ]
    assert result.stdout.count("\n") == 1 + 14 + 8 + 6


# ---------------------------------------------------------------------------------------
# Misbehaving servers


def test_a_slow_server_times_out(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/slow"] = slow(2.0, status(200))
    assert fetcher.get(web.url("/slow")) == Unreadable(
        web.url("/slow"), "timed out waiting for the server (no data for 0.5 s)"
    )


def test_500_then_200_is_retried_after_a_wait(web: WebServer, fetcher: Fetcher) -> None:
    web.sequence("/flaky", status(500), status(502), lambda r: send(r, 200, PAGE))
    assert body_of(fetcher.get(web.url("/flaky"))) == PAGE
    assert fetcher.sleeps == [1.0, 2.0]  # type: ignore[attr-defined]


def test_429_waits_as_long_as_retry_after_says(web: WebServer, fetcher: Fetcher) -> None:
    web.sequence("/busy", status(429, {"Retry-After": "3"}), lambda r: send(r, 200, PAGE))
    assert body_of(fetcher.get(web.url("/busy"))) == PAGE
    assert fetcher.sleeps == [3.0]  # type: ignore[attr-defined]


def test_a_server_that_keeps_failing_is_given_three_retries(
    web: WebServer, fetcher: Fetcher
) -> None:
    web.routes["/down"] = status(503)
    assert fetcher.get(web.url("/down")) == Unreadable(
        web.url("/down"), "HTTP 503 Service Unavailable (after 3 retries)"
    )
    assert len(web.hits("/down")) == 4
    assert fetcher.sleeps == [1.0, 2.0, 4.0]  # type: ignore[attr-defined]


def test_a_retry_after_too_long_is_not_waited_for(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/later"] = status(429, {"Retry-After": "3600"})
    assert fetcher.get(web.url("/later")) == Unreadable(
        web.url("/later"), "HTTP 429 Too Many Requests; the server asks to wait 3600 s"
    )
    assert len(web.hits("/later")) == 1


def test_a_redirect_loop_stops_after_five(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/a"] = redirect("/b")
    web.routes["/b"] = redirect("/a")
    assert fetcher.get(web.url("/a")) == Unreadable(web.url("/a"), "more than 5 redirects")
    assert len(web.requests) == 6


def test_redirects_are_followed(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/old"] = redirect("/new")
    web.serve("/new", PAGE)
    result = fetcher.get(web.url("/old"))
    assert body_of(result) == PAGE and result.name == web.url("/old")  # type: ignore[union-attr]


def test_a_body_that_never_ends_stops_at_16_mib(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/endless"] = endless()
    assert fetcher.get(web.url("/endless")) == Unreadable(web.url("/endless"), "larger than 16 MiB")


def test_a_trickle_that_never_ends_stops_at_the_deadline(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/trickle"] = endless(b"x", pause=0.05)
    started = time.monotonic()
    assert fetcher.get(web.url("/trickle")) == Unreadable(
        web.url("/trickle"), "the body took longer than 1.5 s to arrive"
    )
    assert time.monotonic() - started < 5


def test_a_stated_length_over_the_limit_is_refused_before_reading(
    web: WebServer, fetcher: Fetcher
) -> None:
    def huge(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(64 * 1024 * 1024))
        request.end_headers()
        request.wfile.write(b"x" * 1024)

    web.routes["/huge"] = huge
    assert fetcher.get(web.url("/huge")) == Unreadable(web.url("/huge"), "larger than 16 MiB")


def test_a_truncated_body_is_a_failure(web: WebServer, fetcher: Fetcher) -> None:
    web.routes["/cut"] = truncated(b"tanks 9651", stated=5000)
    assert fetcher.get(web.url("/cut")) == Unreadable(
        web.url("/cut"), "the connection closed before the whole body arrived"
    )


def test_refused_and_unknown_hosts(fetcher: Fetcher) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused = fetcher.get(f"http://127.0.0.1:{port}/x")
    assert refused == Unreadable(
        f"http://127.0.0.1:{port}/x", "could not connect: connection refused"
    )
    unknown = fetcher.get("http://no-such-host.invalid/x")
    assert isinstance(unknown, Unreadable) and unknown.reason.startswith("could not connect: ")
    assert fetcher.sleeps == []  # type: ignore[attr-defined]


def test_gzip_is_undone(web: WebServer, fetcher: Fetcher) -> None:
    web.serve("/page.html", PAGE, gzipped=True)
    assert body_of(fetcher.get(web.url("/page.html"))) == PAGE
    assert "gzip" in web.hits("/page.html")[0].headers["Accept-Encoding"]
    assert gzip.compress(PAGE) != PAGE


UKRAINIAN = "<p>Загальні бойові втрати противника з 24.02.22 по 28.12.24 орієнтовно склали: танків - 9651 (+7) од</p>"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html; charset=windows-1251", UKRAINIAN.encode("cp1251")),  # right
        ("text/html; charset=utf-8", UKRAINIAN.encode("cp1251")),  # wrong: not UTF-8
        ("text/html; charset=ISO-8859-1", UKRAINIAN.encode()),  # a server default, wrong
        ("text/html", ('<meta charset="koi8-u">' + UKRAINIAN).encode("koi8-u")),  # the page's
        ("text/html; charset=x-no-such", UKRAINIAN.encode()),
    ],
)
def test_the_charset_from_the_headers_or_the_page(
    web: WebServer, fetcher: Fetcher, content_type: str, body: bytes
) -> None:
    web.serve("/p", body, content_type)
    (document,) = read_documents(fetcher.get(web.url("/p")))
    assert isinstance(document, Document)
    assert document.text.endswith("орієнтовно склали: танків - 9651 (+7) од")


def test_at_most_four_requests_at_once(web: WebServer, fetcher: Fetcher) -> None:
    lock = threading.Lock()
    now = most = 0

    def counted(request: BaseHTTPRequestHandler) -> None:
        nonlocal now, most
        with lock:
            now += 1
            most = max(most, now)
        time.sleep(0.4)  # long enough that four overlap on a loaded machine
        with lock:
            now -= 1
        send(request, 200, request.path.encode())

    for n in range(10):
        web.routes[f"/{n}"] = counted
    urls = [web.url(f"/{n}") for n in range(10)]
    results = fetcher.get_all(urls)
    assert [body_of(r) for r in results] == [f"/{n}".encode() for n in range(10)]
    assert most == 4


def test_a_damaged_cache_entry_is_fetched_again(web: WebServer, tmp_path: Path) -> None:
    web.serve("/page.html", PAGE, etag='"v1"')
    cache = Cache(tmp_path / "c")
    with Fetcher(cache=cache, limits=QUICK) as first:
        assert body_of(first.get(web.url("/page.html"))) == PAGE
    (body_file,) = (tmp_path / "c").glob("*.body")
    body_file.write_bytes(b"half")
    with Fetcher(cache=cache, limits=QUICK) as second:
        assert body_of(second.get(web.url("/page.html"))) == PAGE
    assert "If-None-Match" not in web.hits("/page.html")[1].headers


def test_the_cache_lives_in_the_user_cache_folder_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WARLOSSES_CACHE", str(tmp_path / "mine"))
    assert fetch.cache_folder() == tmp_path / "mine"
    monkeypatch.delenv("WARLOSSES_CACHE")
    assert fetch.cache_folder().parts[-2:] == ("warlosses", "http")
