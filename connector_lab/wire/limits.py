"""What bounds one exchange: a total deadline and a size limit on the body.

- *Deadline* — requests' timeout is per socket read, so a server that trickles a byte every
  half second never trips it. Here the timeout covers the whole exchange: a :class:`Budget`
  fixes the deadline when the request starts and every hop (redirects, a token retry) shares
  it; the connect and the wait for the headers get what is left (urllib3's ``total``
  timeout), and every later socket read — header lines and body alike — gets only what is
  left (:class:`DeadlineResponse`).
- *Size* — :func:`read_body` reads the body itself (the session asks urllib3 not to), counts
  the bytes after decompression while it streams, and stops as soon as they pass the limit:
  a 1 MB gzip body that inflates to 1 GiB costs the limit, not 2 GiB. A body of announced
  length, not compressed, is refused before it is read, or read in one piece (the common
  small answer pays no more than before).
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError
from urllib3.util import Timeout

from ..errors import RequestTimeout, ResponseTooLarge

#: The default limit on a response body, decompressed.
DEFAULT_MAX_RESPONSE_BYTES = 256 << 20
#: Bytes per read while streaming a body of unknown size (decoded pieces are no larger).
STREAM_CHUNK = 1 << 16


def check_max_bytes(value: Any, name: str = "max_response_bytes") -> int:
    """``value`` as a byte limit; a clear error for anything but a positive integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number of bytes, e.g. 64 << 20 for 64 MiB")
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {value}")
    return value


def describe_size(n: int) -> str:
    """``33554432`` -> ``"32 MiB (33,554,432 bytes)"``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):g} {unit} ({n:,} bytes)"
    return f"{n:,} bytes"


@dataclass
class Budget:
    """What one exchange may spend: ``seconds`` in all (None: no deadline) and
    ``max_bytes`` of body per response. Passed as the ``timeout`` of a session request, so it
    travels with every hop requests makes."""

    seconds: float | None
    max_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    #: Seconds to open a connection, and to read an answer (headers and body together) once
    #: connected; None: only the deadline bounds them.
    connect: float | None = None
    read: float | None = None
    deadline: float | None = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = None if self.seconds is None else time.monotonic() + self.seconds

    def urllib3_timeout(self, request: requests.PreparedRequest) -> Timeout | None:
        """The time left, as urllib3's total timeout (connect and headers within it), with
        the connect and read limits when given (urllib3 takes the smaller of each)."""
        split = self.connect is not None or self.read is not None
        if self.deadline is None:
            return Timeout(connect=self.connect, read=self.read) if split else None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.timeout_error(request)
        if split:
            return Timeout(total=left, connect=self.connect, read=self.read)
        return Timeout(total=left)

    def timeout_error(self, request: requests.PreparedRequest) -> RequestTimeout:
        method, url = where(request)
        total = "no total" if self.seconds is None else f"{self.seconds:g} s"
        read = f", reading the answer within {self.read:g} s" if self.read is not None else ""
        return RequestTimeout(
            f"{method} {url}: the exchange did not finish within {total}{read} — the "
            "timeout covers connecting, the headers and the whole body (and any redirects); "
            "raise it with client.run(..., timeout=...) or Client(..., timeout=...) or "
            "Timeouts(...), or check the server",
            method=method,
            url=url,
        )


def where(request: requests.PreparedRequest) -> tuple[str, str]:
    """Method and URL of ``request`` without the parts that may hold a credential: the
    query and any ``user:password@``."""
    parts = urlsplit(request.url or "")
    netloc = parts.netloc.rpartition("@")[2]
    return request.method or "GET", f"{parts.scheme}://{netloc}{parts.path}"


def too_large(request: requests.PreparedRequest, limit: int, announced: int | None = None):
    method, url = where(request)
    said = (
        f"announces {describe_size(announced)} (Content-Length)"
        if announced is not None
        else "is larger than that once decompressed; reading stopped there"
    )
    return ResponseTooLarge(
        f"{method} {url}: the response is over the size limit of {describe_size(limit)}: it "
        f"{said}. Raise the limit for one run with client.run(..., max_response_bytes=...) "
        "or for the client with Client(..., max_response_bytes=...)",
        limit=limit,
        method=method,
        url=url,
    )


def read_body(response: requests.Response, budget: Budget) -> None:
    """Read the body of ``response`` within ``budget`` and keep it as ``response.content``
    (as requests would have); the connection goes back to the pool when all is read."""
    raw = response.raw
    announced = raw.length_remaining
    plain = response.headers.get("Content-Encoding", "identity").lower() == "identity"
    if plain and announced is not None and announced > budget.max_bytes:
        response.close()
        raise too_large(response.request, budget.max_bytes, announced)
    try:
        if plain and announced is not None:
            body = _library_errors(raw.read, response, budget, decode_content=True)
        else:
            body = _stream(response, budget)
    except BaseException:
        response.close()
        raise
    response._content = body
    response._content_consumed = True


def _stream(response: requests.Response, budget: Budget) -> bytes:
    """The decoded body of unknown size, piece by piece; stops once it passes the limit."""
    pieces = response.raw.stream(STREAM_CHUNK, decode_content=True)
    out = io.BytesIO()  # grows in place: no second copy of the body at the end
    size = 0
    while True:
        piece = _library_errors(next, response, budget, pieces, b"")
        if not piece:
            return out.getvalue()
        size += len(piece)
        if size > budget.max_bytes:
            raise too_large(response.request, budget.max_bytes)
        out.write(piece)


def _library_errors(read, response: requests.Response, budget: Budget, *args, **kwargs):
    """``read(*args, **kwargs)`` with urllib3's errors turned into requests' own (as
    ``Response.iter_content`` does); a read timeout means the deadline has passed."""
    try:
        return read(*args, **kwargs)
    except ReadTimeoutError:
        pass  # raised below, outside this handler: no library error on the chain
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from None
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from None
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from None
    raise budget.timeout_error(response.request)


class _DeadlineSocketIO(socket.SocketIO):
    """A socket reader whose every read waits only for the time left before ``deadline``."""

    def __init__(self, sock: socket.socket, deadline: float):
        super().__init__(sock, "rb")
        self._deadline = deadline

    def readinto(self, b) -> int | None:  # type: ignore[override]
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        self._sock.settimeout(left)
        return super().readinto(b)


class _DeadlineSocket:
    """Just enough of a socket for ``http.client.HTTPResponse``: its ``makefile``."""

    def __init__(self, sock: socket.socket, deadline: float):
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        # As socket.makefile does: the socket stays open while its reader is in use.
        self._sock._io_refs += 1  # type: ignore[attr-defined]
        return io.BufferedReader(_DeadlineSocketIO(self._sock, self._deadline))


class DeadlineResponse(http.client.HTTPResponse):
    """An ``http.client`` response whose read timeout (urllib3 sets the time left of the
    exchange just before the headers are read) bounds all its reads together, not each one."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any):
        timeout = sock.gettimeout()
        if timeout is not None:
            sock = _DeadlineSocket(sock, time.monotonic() + timeout)  # type: ignore[assignment]
        super().__init__(sock, *args, **kwargs)
