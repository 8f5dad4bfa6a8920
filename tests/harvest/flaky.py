"""A small threaded HTTP server on 127.0.0.1 for batch tests: it answers ``/items/<id>`` with
two records of that id, fails the ids it is told to (a 503 or a dropped connection), and
records every request it receives, so a test can assert what reached the wire.

``/items/<id>``      200 ``{"data": [{"id": <id>, "n": 1}, {"id": <id>, "n": 2}]}``,
                     503 for an id in ``fail_503``, connection closed unanswered for an id in
                     ``fail_close``; ``heal()`` clears both.
``/csv/<id>``        200 ``text/csv`` with one row.
``/empty``           204, no body.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.seen(self)
        path = urlsplit(self.path).path
        parts = path.strip("/").split("/")
        if parts[0] == "items" and len(parts) == 2:
            self._item(parts[1])
        elif parts[0] == "csv" and len(parts) == 2:
            self._send(200, f"id,name\n{parts[1]},row {parts[1]}\n".encode(), "text/csv")
        elif parts[0] == "empty":
            self._send(204, b"", "application/json")
        else:
            self._send(404, b'{"error": "not found"}', "application/json")

    def _item(self, item: str) -> None:
        if item in self.server.fail_close:
            self.close_connection = True
            self.connection.close()  # no answer at all: the client sees the connection drop
            return
        if item in self.server.fail_503:
            self._send(503, b'{"error": "busy, try later"}', "application/json")
            return
        body = {"data": [{"id": item, "n": 1}, {"id": item, "n": 2}]}
        self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fail_503: set[str] = set()
        self.fail_close: set[str] = set()
        self.requests: list[dict] = []
        self._lock = threading.Lock()

    def seen(self, handler: _Handler) -> None:
        with self._lock:
            self.requests.append({"path": handler.path, "headers": dict(handler.headers)})


class FlakyServer:
    """Start with ``with FlakyServer() as server``; ``server.url`` is its base URL."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def host_port(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    @property
    def requests(self) -> list[dict]:
        return self._server.requests

    def fail(self, *, status_503=(), close=()) -> None:
        self._server.fail_503 = {str(i) for i in status_503}
        self._server.fail_close = {str(i) for i in close}

    def heal(self) -> None:
        self.fail()

    def __enter__(self) -> FlakyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
