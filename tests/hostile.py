"""A hostile HTTP server for the hardening tests: a raw socket server on 127.0.0.1 that answers
what well-behaved servers never do, and records every raw request head it receives (so a test
can check the request line and headers exactly as they arrived on the wire).

Routes (the path before ``?``; numbers come from the query string):

==========================  ================================================================
``/raw``                    200, JSON: the raw request head as received (``{"head": "..."}``)
``/invalid-json``           200 ``application/json`` that is not JSON
``/non-utf8``               200 ``application/json`` with a byte that is not UTF-8
``/html``                   200 ``text/html`` login page
``/empty``                  200 ``application/json`` with an empty body
``/null``                   200 ``application/json`` body ``null``
``/deep?n=10000``           200 JSON nested ``n`` levels deep (``[[[…]]]``)
``/huge?mb=64``             200 JSON-ish body of ``mb`` MiB, streamed in chunks
``/gzip-bomb?mb=1024``      200 ``Content-Encoding: gzip``: ``mb`` MiB of zeros, ~1/1000 the size
``/trickle?delay=0.5&n=20`` 200 with ``Content-Length: n``, one byte every ``delay`` seconds
``/reset``                  reads the request, then resets the connection (RST)
``/garbage``                a status line that is not HTTP
``/huge-header?kb=128``     one header line of ``kb`` KiB
``/many-headers?n=500``     ``n`` header lines
``/status?code=200``        an empty answer with that status (any headers given as ``h-*``)
``/trickle-head?n=20``      the status line, then ``n`` header lines, one every ``delay`` s
==========================  ================================================================

Used as the ``hostile`` fixture (tests/conftest.py); bounded in time and size, loopback only.
"""

from __future__ import annotations

import gzip
import io
import json
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

_CHUNK = 1 << 16


@lru_cache(maxsize=4)
def gzip_of_zeros(megabytes: int) -> bytes:
    """``megabytes`` MiB of zero bytes, gzip-compressed (about a thousandth of the size)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        block = bytes(1 << 20)
        for _ in range(megabytes):
            handle.write(block)
    return out.getvalue()


def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _answer(body: bytes, content_type: str = "application/json", status: str = "200 OK") -> bytes:
    head = _head(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return head + body


class HostileServer:
    """Serves the routes above on 127.0.0.1 until :meth:`close`; ``heads`` holds the raw
    request heads received, oldest first."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.host_port = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.host_port}"
        self.heads: list[str] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    # -- lifecycle -------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        self._socket.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def last_request_line(self) -> str:
        return self.heads[-1].split("\r\n", 1)[0]

    # -- one connection --------------------------------------------------------------------
    def _read_head(self, conn: socket.socket) -> bytes:
        data = b""
        conn.settimeout(10)
        while b"\r\n\r\n" not in data and len(data) < 1 << 20:
            chunk = conn.recv(_CHUNK)
            if not chunk:
                break
            data += chunk
        return data.split(b"\r\n\r\n", 1)[0]

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                head = self._read_head(conn).decode("latin-1")
                self.heads.append(head)
                target = head.split(" ")[1] if " " in head else "/"
                parts = urlsplit(target)
                query = dict(parse_qsl(parts.query))
                route = ROUTES.get(parts.path, _not_found)
                for piece in route(self, conn, query, head):
                    conn.sendall(piece)
            except OSError:
                pass  # the client gave up (a limit or a deadline did its job)


def _not_found(server, conn, query, head) -> Iterator[bytes]:
    yield _answer(b'{"error": "no such route"}', status="404 Not Found")


def _raw(server, conn, query, head) -> Iterator[bytes]:
    yield _answer(json.dumps({"head": head}).encode())


def _fixed(body: bytes, content_type: str = "application/json") -> Callable:
    def route(server, conn, query, head) -> Iterator[bytes]:
        yield _answer(body, content_type)

    return route


def _deep(server, conn, query, head) -> Iterator[bytes]:
    n = int(query.get("n", 10_000))
    yield _answer(b"[" * n + b"]" * n)


def _huge(server, conn, query, head) -> Iterator[bytes]:
    size = int(query.get("mb", 64)) << 20
    yield _head("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(size))])
    block = b" " * _CHUNK
    for _ in range(size // _CHUNK):
        yield block


def _gzip_bomb(server, conn, query, head) -> Iterator[bytes]:
    body = gzip_of_zeros(int(query.get("mb", 1024)))
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(body))),
    ]
    yield _head("200 OK", headers) + body


def _trickle(server, conn, query, head) -> Iterator[bytes]:
    n, delay = int(query.get("n", 20)), float(query.get("delay", 0.5))
    yield _head("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(n))])
    for _ in range(n):
        if server._closed.wait(delay):
            return
        yield b" "


def _reset(server, conn, query, head) -> Iterator[bytes]:
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return iter(())


def _garbage(server, conn, query, head) -> Iterator[bytes]:
    yield b"HELLO THERE, THIS IS NOT HTTP\r\n\r\n"


def _huge_header(server, conn, query, head) -> Iterator[bytes]:
    value = "x" * (int(query.get("kb", 128)) << 10)
    yield _head("200 OK", [("X-Huge", value), ("Content-Length", "0")])


def _many_headers(server, conn, query, head) -> Iterator[bytes]:
    headers = [(f"X-H{i}", str(i)) for i in range(int(query.get("n", 500)))]
    yield _head("200 OK", [*headers, ("Content-Length", "0")])


def _status(server, conn, query, head) -> Iterator[bytes]:
    code = int(query.get("code", 200))
    headers = [(k[2:], v) for k, v in query.items() if k.startswith("h-")]
    yield _head(f"{code} X", [*headers, ("Content-Length", "0")])


def _trickle_head(server, conn, query, head) -> Iterator[bytes]:
    n, delay = int(query.get("n", 20)), float(query.get("delay", 0.5))
    yield b"HTTP/1.1 200 OK\r\n"
    for i in range(n):
        if server._closed.wait(delay):
            return
        yield f"X-Slow-{i}: {i}\r\n".encode()
    yield b"Content-Length: 0\r\nConnection: close\r\n\r\n"


ROUTES: dict[str, Callable] = {
    "/raw": _raw,
    "/invalid-json": _fixed(b"{not json"),
    "/non-utf8": _fixed(b'{"a": "\xff"}'),
    "/html": _fixed(b"<html><body><form>Login</form></body></html>", "text/html"),
    "/empty": _fixed(b""),
    "/null": _fixed(b"null"),
    "/deep": _deep,
    "/huge": _huge,
    "/gzip-bomb": _gzip_bomb,
    "/trickle": _trickle,
    "/reset": _reset,
    "/garbage": _garbage,
    "/huge-header": _huge_header,
    "/many-headers": _many_headers,
    "/status": _status,
    "/trickle-head": _trickle_head,
}

__all__ = ["ROUTES", "HostileServer", "gzip_of_zeros"]
