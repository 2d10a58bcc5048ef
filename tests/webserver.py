"""A real HTTP server on 127.0.0.1 for the tests that fetch: it serves what a test gives
it (pages, feeds, API-shaped JSON) and misbehaves on purpose where a test asks it to."""

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    """A client that closes its connection between requests (after a 404, say) is not
    worth a traceback: printed to stderr, it would land in the output of the command a
    test captures, on a loaded machine now and then."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class WebServer:
    """Routes by path (with its query, else without); every request is remembered."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(Request(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path) or server.routes.get(
                    self.path.split("?", 1)[0]
                )
                if route is None:
                    send(self, 404, b"not here")
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        gzipped: bool = False,
    ) -> None:
        """A static body that honours If-None-Match and If-Modified-Since."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            if (etag and request.headers.get("If-None-Match") == etag) or (
                last_modified and request.headers.get("If-Modified-Since") == last_modified
            ):
                send(request, 304, b"", headers)
                return
            data = body
            if gzipped:
                data = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            send(request, 200, data, headers)

        self.routes[path] = handler

    def sequence(self, path: str, *handlers: Handler) -> None:
        """Each request gets the next handler; the last one answers the rest."""
        calls = iter(handlers)
        last = handlers[-1]

        def handler(request: BaseHTTPRequestHandler) -> None:
            next(calls, last)(request)

        self.routes[path] = handler


def send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
) -> None:
    request.send_response(status)
    for key, value in (headers or {}).items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if body:
        request.wfile.write(body)


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: send(request, code, f"status {code}".encode(), headers)


def slow(seconds: float, then: Handler) -> Handler:
    def handler(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(request)

    return handler


def redirect(to: str) -> Handler:
    return lambda request: send(request, 302, b"", {"Location": to})


def endless(chunk: bytes = b"tanks 9651 " * 6000, pause: float = 0.0) -> Handler:
    """A chunked body that never ends: fast (it grows past any size limit) or trickled
    (`pause` between chunks, never long enough for a read timeout)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        for _ in range(100_000):
            request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            request.wfile.flush()
            if pause:
                time.sleep(pause)

    return handler


def truncated(body: bytes, stated: int) -> Handler:
    """A body shorter than its Content-Length, then the connection closes."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(stated))
        request.end_headers()
        request.wfile.write(body)
        request.wfile.flush()
        request.close_connection = True

    return handler
