"""A small HTTP server on loopback playing other sites' counters, for the network's tests.

``CounterServer.routes`` maps a path to a ``Route`` (status, body, headers, delay);
each answer honours ``If-None-Match`` against the route's ETag. The server binds
port 0 on 127.0.0.1, serves from a thread, and is stopped by the fixture.
"""

import contextlib
import dataclasses
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclasses.dataclass
class Route:
    body: bytes = b""
    status: int = 200
    etag: str = ""
    headers: dict = dataclasses.field(default_factory=dict)
    #: Seconds to wait before answering (a site that does not answer in time).
    delay: float = 0.0
    content_type: str = "application/json"
    #: ``False``: no Content-Length, the body ends when the connection closes.
    declare_length: bool = True


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the standard library's name
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        route = server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.delay:
            time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if route.declare_length:
            self.send_header("Content-Length", str(len(route.body)))
        else:
            self.close_connection = True
        if route.etag:
            self.send_header("ETag", route.etag)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(route.body)


class CounterServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def routes(self):
        return self.httpd.routes

    @property
    def requests(self):
        return self.httpd.requests

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


#: Settings that let the tests pull from loopback over plain HTTP.
LOOPBACK = {
    "NETWORK_ALLOW_HTTP": True,
    "NETWORK_ALLOWED_ADDRESSES": ["127.0.0.0/8"],
    "NETWORK_PULL_TIMEOUT": 5,
}
