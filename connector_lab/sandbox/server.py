"""The HTTP plumbing and lifecycle: two threaded listeners, ``SandboxAPI``, ``serve``, ``start``.

A sandbox is two ``ThreadingHTTPServer`` listeners with the same routes and one shared
:class:`~.state.SandboxState`: the main one on ``host`` and a second one on ``other_host``
(another loopback address) that plays "another host" in redirect tests. This module owns
sockets and bytes only: reading the request (Content-Length or chunked), keep-alive, HEAD,
silent logging, and turning any handler exception into a 500 JSON answer so that one bad
request never takes the server down. What each endpoint does lives in ``routes.py``.

    >>> with serve() as api:                           # doctest: +SKIP
    ...     requests.get(api.url + "/orders", params={"count": 5}).json()["total"]
    5
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..errors import SandboxStartError
from .credentials import DEMO_CREDENTIALS, SandboxCredentials
from .faults import FaultLog, Faults
from .messages import JSON_TYPE, Request, Response, error_response
from .routes import METHODS, dispatch
from .state import SandboxState, Site

__all__ = ["SandboxAPI", "SandboxStartError", "serve", "start"]

MAX_BODY = 16 * 1024 * 1024  # a demo API has no reason to accept more; protects the notebook


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Listener(ThreadingHTTPServer):
    """One listening socket; knows its :class:`Site` and tracks open connections."""

    daemon_threads = True  # a slow or kept-alive request never blocks interpreter exit
    block_on_close = False
    site: Site
    log: Callable[[str], None] | None = None  # one line per request, or None (silent)
    faults: FaultLog  # shared by both listeners of a sandbox

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def server_bind(self) -> None:
        # HTTPServer.server_bind() calls socket.getfqdn(), a reverse DNS look-up that can
        # stall for seconds on a machine without network; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def connection_opened(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(conn)

    def connection_closed(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(conn)

    def close_connections(self) -> None:
        """Shut kept-alive connections, so a stopped sandbox stops answering on them too."""
        with self._connections_lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; notebooks compare stderr, and the only
        # errors that get here are clients vanishing mid-answer.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Listener
    protocol_version = "HTTP/1.1"  # keep-alive: benchmarks send thousands of requests per socket
    server_version = "connector-lab-sandbox/0.1"
    # Headers and body are written separately; without TCP_NODELAY, Nagle plus delayed ACK
    # would add ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.server.connection_opened(self.connection)

    def finish(self) -> None:
        self.server.connection_closed(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    # -- logging: silent unless the CLI asks; never the query string (it may hold secrets) --

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.server.log is not None:
            # A malformed request line can fail before command and path are set.
            path = getattr(self, "path", "").split("?", 1)[0]
            self.server.log(f"{self.command or '-'} {path} {int(code)}")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- every method goes through one place ------------------------------------------------

    def _handle(self) -> None:
        path, _, query = self.path.partition("?")
        site = self.server.site
        site.state.count_request(path)
        fault = self.server.faults.decide(path)
        try:
            body = self._read_body()
        except _BodyError as exc:
            # The rest of the stream cannot be trusted: answer and drop the connection.
            self.close_connection = True
            self._send(error_response(exc.status, "BadRequestBody", exc.message))
            return
        if self.server.faults.faults.latency:
            time.sleep(self.server.faults.faults.latency)
        if fault is not None:
            self._inject(fault)
            return
        req = Request(self.command, path, query, self.headers, body, site)
        try:
            response = dispatch(req)
        except Exception as exc:
            # The type only: an exception text could quote a credential.
            response = error_response(
                500, "InternalError", f"the sandbox failed ({type(exc).__name__})"
            )
        self._send(response)

    def _inject(self, fault: str) -> None:
        """Answer with the fault chosen for this call (see ``faults.py``)."""
        faults = self.server.faults.faults
        if fault == "reset":
            # No answer: close at once, and with SO_LINGER 0 the close is a TCP reset.
            self.close_connection = True
            with contextlib.suppress(OSError):
                linger = struct.pack("ii", 1, 0)
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            return
        if fault == "429":
            headers = [("Retry-After", faults.retry_after_value())]
            message = "too many requests (injected fault); retry after the Retry-After"
            self._send(error_response(429, "TooManyRequests", message, headers=headers))
            return
        message = "service unavailable (injected fault)"
        self._send(error_response(503, "ServiceUnavailable", message))

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
            raise _BodyError(400, "Content-Length is not a number")
        length = int(raw)
        if length > MAX_BODY:
            raise _BodyError(413, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        size_total = 0
        while True:
            line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(line, 16)
            except ValueError:
                raise _BodyError(400, "malformed chunked body") from None
            if size == 0:
                # Trailers, if any, end with an empty line.
                while self.rfile.readline(65537).strip():
                    pass
                return b"".join(chunks)
            size_total += size
            if size_total > MAX_BODY:
                raise _BodyError(413, f"request body over {MAX_BODY} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(3)  # the CRLF after each chunk

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by the HTTP layer itself (bad request line, 501...) as JSON too."""
        self.close_connection = True
        try:
            short = self.responses[code][0]
        except KeyError:
            short = "Error"
        body = json.dumps({"code": short.replace(" ", ""), "message": message or short})
        self.send_response(code, message)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body.encode())


for _method in METHODS:
    setattr(_Handler, f"do_{_method}", _Handler._handle)


def _bind(host: str, port: int, what: str) -> _Listener:
    try:
        return _Listener((host, port))
    except OSError as exc:
        hint = ""
        if what == "other_host":
            hint = (
                " The second listener needs another loopback address; on macOS add it with"
                f" 'sudo ifconfig lo0 alias {host} up', or pass other_host= another local address."
            )
        raise SandboxStartError(f"cannot listen on {host}:{port} ({what}): {exc}.{hint}") from exc


def _url(listener: _Listener) -> str:
    host, port = listener.server_address[:2]
    return f"http://{host}:{port}"


def _from_state(name: str, doc: str) -> property:
    """A read-only view of one attribute of the sandbox's state."""
    return property(lambda self: getattr(self._state, name), doc=doc)


class SandboxAPI:
    """A running sandbox: its addresses, credentials, counters and controls.

    Use :func:`serve` (a context manager) or :func:`start` (then :meth:`stop`).
    """

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        *,
        other_host: str = "127.0.0.2",
        credentials: SandboxCredentials = DEMO_CREDENTIALS,
        seed: int = 7,
        token_ttl: float = 7200,
        log: Callable[[str], None] | None = None,
        faults: Faults | None = None,
    ) -> None:
        self._state = SandboxState(credentials, seed=seed, token_ttl=token_ttl)
        self._faults = FaultLog(faults or Faults())
        main = _bind(host, port, "host")
        try:
            other = _bind(other_host, 0, "other_host")
        except SandboxStartError:
            main.server_close()
            raise
        self._listeners = (main, other)
        main.site = Site(_url(main), _url(other), self._state)
        other.site = Site(_url(other), _url(main), self._state)
        for listener in self._listeners:
            listener.log = log
            listener.faults = self._faults
        self._threads = [
            threading.Thread(
                target=listener.serve_forever,
                # stop() waits up to one poll interval per listener.
                kwargs={"poll_interval": 0.05},
                name=f"sandbox {listener.site.host_port}",
                daemon=True,
            )
            for listener in self._listeners
        ]
        for thread in self._threads:
            thread.start()
        self._stopped = False
        self._stop_lock = threading.Lock()

    # -- addresses and credentials ----------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return self._listeners[0].site.own_url

    @property
    def host_port(self) -> str:
        """``127.0.0.1:PORT``: what a connector's host field takes."""
        return self._listeners[0].site.host_port

    @property
    def other_url(self) -> str:
        """The second listener (same routes, another loopback address): "another host"."""
        return self._listeners[1].site.own_url

    credentials = _from_state("credentials", "The credentials the sandbox accepts.")
    seed = _from_state("seed", "The seed of the deterministic data.")

    # -- counters and controls --------------------------------------------------------------

    token_requests = _from_state(
        "token_requests", "Calls to the token endpoints (new and legacy), successful or not."
    )
    tokens_issued = _from_state("tokens_issued", "Distinct access tokens created.")
    oauth2_token_requests = _from_state(
        "oauth2_token_requests", "Calls to the OAuth2 token endpoint, successful or not."
    )
    oauth2_tokens_issued = _from_state("oauth2_tokens_issued", "OAuth2 access tokens issued.")
    oauth2_logins = _from_state(
        "oauth2_logins",
        "How each OAuth2 token request authenticated: client_auth ('basic', 'body', 'both' "
        "or 'none'), the form field names, scope and audience — never a secret.",
    )
    token_ttl = property(
        lambda self: self._state.token_ttl,
        lambda self, seconds: self._state.set_token_ttl(seconds),
        doc="Validity in seconds (``expireIn``, OAuth2 ``expires_in``) of tokens issued "
        "from now on.",
    )

    def expire_tokens(self) -> None:
        """Make every current access token invalid at once."""
        self._state.expire_tokens()

    def request_count(self, path: str) -> int:
        """Requests that arrived for ``path`` (query ignored), on both listeners."""
        return self._state.request_count(path)

    @property
    def faults(self) -> FaultLog:
        """The faults in force (``.faults``), what was injected (``.injected``) and when each
        request arrived (``.arrivals(path)``, ``.gaps(path)``)."""
        return self._faults

    def reset(self) -> None:
        """Back to the state just after start: counters, tokens, rate limits, nonces, ttl,
        fault counters and arrival times."""
        self._state.reset()
        self._faults.reset()

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return not self._stopped

    def stop(self) -> None:
        """Stop both listeners and close their connections; calling it again does nothing."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        for listener in self._listeners:
            listener.shutdown()
            listener.server_close()
            listener.close_connections()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> SandboxAPI:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<SandboxAPI {self.url} other={self.other_url} {state}>"


def start(
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    other_host: str = "127.0.0.2",
    credentials: SandboxCredentials = DEMO_CREDENTIALS,
    seed: int = 7,
    token_ttl: float = 7200,
    log: Callable[[str], None] | None = None,
    faults: Faults | None = None,
) -> SandboxAPI:
    """Start a sandbox in background threads and return its handle; ``api.stop()`` ends it.

    The server is silent; ``log`` (e.g. ``print``) receives one line per request:
    ``"GET /orders 200"`` (never the query string, which may carry a credential).
    ``faults`` (:class:`~.faults.Faults`) injects latency, 429s, 503s and resets.

    >>> api = start()                                  # doctest: +SKIP
    >>> api.url                                        # doctest: +SKIP
    'http://127.0.0.1:50123'
    """
    return SandboxAPI(
        port,
        host,
        other_host=other_host,
        credentials=credentials,
        seed=seed,
        token_ttl=token_ttl,
        log=log,
        faults=faults,
    )


@contextlib.contextmanager
def serve(
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    other_host: str = "127.0.0.2",
    credentials: SandboxCredentials = DEMO_CREDENTIALS,
    seed: int = 7,
    token_ttl: float = 7200,
    log: Callable[[str], None] | None = None,
    faults: Faults | None = None,
) -> Iterator[SandboxAPI]:
    """Run a sandbox for the duration of a ``with`` block.

    >>> with serve() as api:                           # doctest: +SKIP
    ...     requests.get(api.url + "/").status_code
    200
    """
    api = start(
        port,
        host,
        other_host=other_host,
        credentials=credentials,
        seed=seed,
        token_ttl=token_ttl,
        log=log,
        faults=faults,
    )
    try:
        yield api
    finally:
        api.stop()
