"""What went wrong on the wire, in words: requests wraps urllib3, which wraps http.client and
the socket, and the outermost exception ("ConnectionError") rarely says what happened. These
read the wrapped exceptions — a refused connection, an answer that is not HTTP, a header line
or header count over http.client's limits, a reset, a read timeout while the body streams —
so the client's TransportError can say it, with the URL already masked by the caller.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator

import requests
import urllib3

from .redact import Redactor


def _reason(exc: BaseException) -> str:
    """A short cause ("Connection refused") without the URL that requests puts in messages."""
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
    if match:
        return match.group(1).strip()
    return type(exc).__name__


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exceptions requests and urllib3 wrap, outermost first: in ``args`` (urllib3's
    ProtocolError), ``reason`` (MaxRetryError) and the cause chain."""
    seen: set[int] = set()
    todo = [exc]
    while todo and len(seen) < 32:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [a for a in current.args if isinstance(a, BaseException)]
        nested += [getattr(current, "reason", None), current.__cause__, current.__context__]
        todo += [n for n in nested if isinstance(n, BaseException)]


def timed_out(exc: requests.RequestException) -> bool:
    # A read timeout while the body streams in reaches us as requests' ConnectionError.
    # (urllib3's NewConnectionError is a ConnectTimeoutError too, so that one is not asked.)
    timeouts = (requests.Timeout, urllib3.exceptions.ReadTimeoutError, TimeoutError)
    return any(isinstance(cause, timeouts) for cause in causes(exc))


def _bad_answer(cause: BaseException, redactor: Redactor) -> str | None:
    """What a server that accepted the connection did wrong, or None."""
    if isinstance(cause, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(cause, ConnectionResetError):
        return "the connection was reset by the server"
    # http.client's limits are in its messages ("got more than 65536 bytes …").
    limit = re.search(r"\d+", str(cause))
    if isinstance(cause, http.client.LineTooLong) and limit:
        return f"the server sent a header line longer than {int(limit.group()):,} bytes"
    if isinstance(cause, http.client.BadStatusLine):
        line = redactor.text(str(cause).strip())
        shown = repr(line[:60] + ("…" if len(line) > 60 else ""))
        return f"the server's answer is not HTTP (bad status line {shown})"
    if isinstance(cause, http.client.HTTPException) and "headers" in str(cause) and limit:
        return f"the server sent more than {limit.group()} headers"
    return None


def connection_failure(exc: requests.ConnectionError, redactor: Redactor) -> str:
    """What went wrong on the connection, from the exceptions underneath, with a fix."""
    for cause in causes(exc):
        said = _bad_answer(cause, redactor)
        if said is not None:
            return (
                f"{said}; check that the connector's host, port and protocol point at the "
                "API (an HTTP server answering this request)"
            )
    return f"could not connect ({_reason(exc)}); check the connector's host, port and protocol"
