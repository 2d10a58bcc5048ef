"""Web addresses in, bodies out: fetching with httpx, politely and within bounds, through
a cache that makes a second run a conditional request and lets `--offline` re-read.

Imported only when an address is given: httpx costs start-up time the other commands
never need (tests/test_docs.py checks).

- timeouts to connect and between reads, and a deadline for a whole body;
- at most MAX_REDIRECTS redirects;
- at most MAX_BYTES of body, counted while it streams in (after gzip is undone);
- retries with a growing wait on 429 and 5xx, honouring Retry-After, at most RETRIES;
- at most CONCURRENCY requests at once;
- every failure one `Unreadable` naming the address, so the rest of the batch goes on.

The cache is a folder of `<sha256 of the address>.body` (the bytes) and `.json` (the
address, ETag, Last-Modified, media type, charset and when the bytes were fetched), each
replaced atomically; delete it whenever you like.
"""

import email.utils
import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from warlosses import __version__
from warlosses.documents import MAX_BYTES, Body, Unreadable

USER_AGENT = f"warlosses/{__version__} (loss-report reader; python-httpx/{httpx.__version__})"
MAX_REDIRECTS = 5
RETRIES = 3
CONCURRENCY = 4
RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))


@dataclass(frozen=True)
class Limits:
    """How long to wait, in seconds. Tests shorten them."""

    connect: float = 10.0
    read: float = 30.0
    # A whole body: a server that trickles bytes forever never trips the read timeout.
    total: float = 120.0
    # The first retry's wait; each next one doubles it.
    backoff: float = 1.0
    # A longer Retry-After is not waited for: the address fails at once.
    longest_wait: float = 60.0


LIMITS = Limits()


def cache_folder() -> Path:
    """Where fetched bodies are kept: $WARLOSSES_CACHE, else the user cache folder."""
    from_env = os.environ.get("WARLOSSES_CACHE")
    if from_env:
        return Path(from_env)
    import platformdirs

    return platformdirs.user_cache_path("warlosses") / "http"


@dataclass(frozen=True)
class _Entry:
    """A cached body and what the server said of it."""

    body: Body
    etag: str | None
    last_modified: str | None


class Cache:
    """Fetched bodies by address (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode()).hexdigest()
        return self.folder / f"{key}.body", self.folder / f"{key}.json"

    def lookup(self, url: str) -> _Entry | None:
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            fetched_at = datetime.fromisoformat(meta["fetched_at"])
            if meta["url"] != url or body_path.stat().st_size != meta["size"]:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, or damaged: fetched again
        body = Body(url, str(body_path), None, meta.get("media_type"), meta.get("charset"),
                    fetched_at)  # fmt: skip
        return _Entry(body, meta.get("etag"), meta.get("last_modified"))

    def store(self, url: str, data: bytes, response: httpx.Response, fetched_at: datetime) -> Body:
        """Keep a body; it is returned in memory when the cache cannot be written."""
        media_type, charset = _content_type(response)
        meta = {
            "url": url, "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"), "media_type": media_type,
            "charset": charset, "fetched_at": fetched_at.isoformat(), "size": len(data),
        }  # fmt: skip
        body_path, meta_path = self._paths(url)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _replace(body_path, data)
            _replace(meta_path, json.dumps(meta).encode())
        except OSError:
            return Body(url, None, data, media_type, charset, fetched_at)
        return Body(url, str(body_path), None, media_type, charset, fetched_at)


def _replace(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _content_type(response: httpx.Response) -> tuple[str | None, str | None]:
    """The media type and charset of a Content-Type header."""
    header = response.headers.get("content-type")
    if not header:
        return None, None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return media_type.lower() or None, charset


class _Retry(Exception):
    """A status worth another try, and how long the server asked us to wait."""

    def __init__(self, response: httpx.Response, wait: float | None) -> None:
        super().__init__(_status(response))
        self.wait = wait


class _Failed(Exception):
    """An address that gave no body, and why."""


Progress = Callable[[int, int], None]


class Fetcher:
    """Fetches addresses through the cache; use it as a context manager."""

    def __init__(
        self,
        *,
        offline: bool = False,
        cache: Cache | None = None,
        limits: Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.offline = offline
        self.cache = cache if cache is not None else Cache(cache_folder())
        self.limits = limits if limits is not None else LIMITS
        self.sleep = sleep
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                limits = self.limits
                self._client = httpx.Client(
                    headers={"User-Agent": USER_AGENT},
                    timeout=httpx.Timeout(limits.read, connect=limits.connect),
                    follow_redirects=True,
                    max_redirects=MAX_REDIRECTS,
                    limits=httpx.Limits(max_connections=CONCURRENCY),
                )
            return self._client

    def get_all(
        self, urls: Sequence[str], progress: Progress | None = None
    ) -> list[Body | Unreadable]:
        """Each address's body or why it gave none, in order; CONCURRENCY at once."""
        unique = list(dict.fromkeys(urls))
        results: dict[str, Body | Unreadable] = {}
        if len(unique) == 1:
            results[unique[0]] = self.get(unique[0])
        else:
            with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
                for done, (url, result) in enumerate(
                    zip(unique, pool.map(self.get, unique), strict=True), start=1
                ):
                    results[url] = result
                    if progress is not None:
                        progress(done, len(unique))
        return [results[url] for url in urls]

    def get(self, url: str) -> Body | Unreadable:
        """One address's body, from the cache when the server says it has not changed
        (or, offline, whatever the cache holds)."""
        entry = self.cache.lookup(url)
        if self.offline:
            if entry is None:
                return Unreadable(url, "not in the cache (fetch it once without --offline)")
            return entry.body
        try:
            return self._get(url, entry)
        except _Failed as failure:
            return Unreadable(url, str(failure))

    def _get(self, url: str, entry: _Entry | None) -> Body:
        headers = {}
        if entry is not None and entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry is not None and entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        for attempt in range(RETRIES + 1):
            try:
                return self._once(url, headers, entry)
            except _Retry as retry:
                wait = retry.wait if retry.wait is not None else self.limits.backoff * 2**attempt
                if attempt == RETRIES:
                    raise _Failed(f"{retry} (after {RETRIES} retries)") from None
                if wait > self.limits.longest_wait:
                    raise _Failed(f"{retry}; the server asks to wait {wait:.0f} s") from None
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str], entry: _Entry | None) -> Body:
        reading = False
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304 and entry is not None:
                    return entry.body
                if response.status_code in RETRY_STATUSES:
                    raise _Retry(response, _retry_after(response))
                if response.status_code >= 300:
                    raise _Failed(_status(response))
                reading = True
                data = self._read(response)
        except httpx.HTTPError as error:
            raise _Failed(_describe(error, reading, self.limits)) from None
        except httpx.InvalidURL as error:
            raise _Failed(f"not a valid address ({error})") from None
        return self.cache.store(url, data, response, datetime.now(UTC))

    def _read(self, response: httpx.Response) -> bytes:
        """The body, at most MAX_BYTES of it (decompressed), within the deadline."""
        too_large = f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
        stated = response.headers.get("content-length", "")
        if (
            stated.isdigit()
            and int(stated) > MAX_BYTES
            and not response.headers.get("content-encoding")
        ):
            raise _Failed(too_large)
        deadline = time.monotonic() + self.limits.total
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BYTES:
                raise _Failed(too_large)
            if time.monotonic() > deadline:
                raise _Failed(f"the body took longer than {self.limits.total:g} s to arrive")
            chunks.append(chunk)
        return b"".join(chunks)


def _status(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


def _retry_after(response: httpx.Response) -> float | None:
    """The wait a Retry-After header asks for: seconds, or an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _describe(error: httpx.HTTPError, reading: bool, limits: Limits) -> str:
    """An httpx failure in words for the user."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"timed out connecting (after {limits.connect:g} s)"
    if isinstance(error, httpx.ReadTimeout):
        return f"timed out waiting for the server (no data for {limits.read:g} s)"
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects"
    if isinstance(error, httpx.UnsupportedProtocol):
        return "not an http or https address"
    if isinstance(error, httpx.DecodingError):
        return "a compressed body that cannot be decompressed"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect: {_detail(error)}"
    if reading and isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "the connection closed before the whole body arrived"
    return f"{type(error).__name__}: {_detail(error)}"


def _detail(error: Exception) -> str:
    """An error's message without its errno prefix: `[Errno 111] Connection refused`."""
    text = str(error) or type(error).__name__
    if text.startswith("[Errno") and "] " in text:
        text = text.split("] ", 1)[1]
    return text[:1].lower() + text[1:]


def fetch_addresses(
    items: Sequence[Any], *, offline: bool = False, fetcher: Fetcher | None = None
) -> list[Any]:
    """`items` with every address (a string starting http:// or https://) replaced by its
    Body or by why it gave none; the other items as they were."""
    from warlosses.documents import is_address

    urls = [item for item in items if isinstance(item, str) and is_address(item)]
    if not urls:
        return list(items)
    with fetcher if fetcher is not None else Fetcher(offline=offline) as active:
        fetched = iter(active.get_all(urls))
    return [next(fetched) if isinstance(i, str) and is_address(i) else i for i in items]
