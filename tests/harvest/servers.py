"""A small threaded HTTP server of the tests' own, on 127.0.0.1: each request is answered by
a function of the test and recorded (method, path, query, headers, body, start and end
time), and the most requests in flight at once is counted — wire claims asserted at the
server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    started: float
    ended: float = 0.0
    thread: str = ""


@dataclass
class Reply:
    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[[Seen], Reply]


class RecordingServer:
    """``with RecordingServer(route) as server:`` — ``server.url``, ``server.seen``,
    ``server.max_in_flight``."""

    def __init__(self, route: Route, host: str = "127.0.0.1"):
        self.route = route
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), self._handler())
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.host_port = f"{host}:{port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                server.answer(self)

            do_GET = do_POST = _answer

        return Handler

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        seen = Seen(
            handler.command,
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            {k.lower(): v for k, v in handler.headers.items()},
            json.loads(raw) if raw else None,
            time.monotonic(),
            thread=threading.current_thread().name,
        )
        with self._lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            reply = self.route(seen)
            time.sleep(reply.delay)
        finally:
            with self._lock:
                self.in_flight -= 1
            seen.ended = time.monotonic()
        body = json.dumps(reply.body).encode()
        handler.send_response(reply.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def __enter__(self) -> RecordingServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def items(start: int, stop: int) -> list[dict[str, int]]:
    """Records ``{"id": n}`` for n in [start, stop)."""
    return [{"id": n} for n in range(start, stop)]
