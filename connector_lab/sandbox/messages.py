"""The request and response values that handlers receive and return, and their helpers.

Handlers are plain functions ``handler(request) -> Response``; they never touch sockets, so the
HTTP plumbing (``server.py``) and the behaviour of each endpoint stay apart. Parameter parsing
lives here too, so every endpoint rejects a bad value the same way: 400 with a JSON body that
names the parameter.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from email.message import Message
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from .state import SandboxState, Site

__all__ = [
    "JSON_TYPE",
    "BadParameter",
    "Request",
    "Response",
    "delay_param",
    "error_response",
    "float_param",
    "int_param",
    "json_response",
    "request_id",
]

JSON_TYPE = "application/json; charset=utf-8"
MAX_DELAY = 30.0  # seconds; a longer sleep only ties up a thread


@dataclass
class Request:
    """One parsed request as a handler sees it."""

    method: str
    path: str  # as received, percent-encoded, without the query string
    query_string: str  # raw, without "?"
    headers: Message  # case-insensitive look-ups
    body: bytes
    site: Site
    params: dict[str, str] = field(default_factory=dict)  # path parameters, decoded

    @property
    def state(self) -> SandboxState:
        return self.site.state

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of query parameter ``name``, or ``default``."""
        values = self.query.get(name)
        return values[0] if values else default

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json(self) -> Any:
        """The body parsed as JSON; raises ValueError when it is empty or not JSON."""
        if not self.body.strip():
            raise ValueError("empty body")
        return json.loads(self.body)


@dataclass
class Response:
    """What a handler answers; the server adds Content-Length and writes it."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)


def json_response(
    obj: Any, status: int = 200, headers: list[tuple[str, str]] | None = None
) -> Response:
    # ensure_ascii=False keeps the Chinese messages readable on the wire; the charset says UTF-8.
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return Response(status, body, JSON_TYPE, list(headers or []))


def error_response(
    status: int,
    code: str,
    message: str,
    /,
    *,
    headers: list[tuple[str, str]] | None = None,
    **extra: Any,
) -> Response:
    """The sandbox's usual error body: ``{"code": ..., "message": ..., **extra}``."""
    return json_response({"code": code, "message": message, **extra}, status, headers)


def request_id() -> str:
    """A DingTalk-style ``requestid``."""
    return uuid.uuid4().hex.upper()


class BadParameter(Exception):
    """A query parameter is missing or malformed; the dispatcher answers 400 naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def int_param(req: Request, name: str, default: int, lo: int, hi: int) -> int:
    """Query parameter ``name`` as an int in ``[lo, hi]``, else :class:`BadParameter`."""
    raw = req.arg(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise BadParameter(name, f"{name} must be an integer from {lo} to {hi}, got {raw!r}")
    return value


def float_param(req: Request, name: str, default: float, lo: float) -> float:
    """Query parameter ``name`` as a finite float >= ``lo``, else :class:`BadParameter`."""
    raw = req.arg(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < lo:
        raise BadParameter(name, f"{name} must be a number >= {lo}, got {raw!r}")
    return value


def delay_param(req: Request, default: float = 0.0) -> float:
    """Query parameter ``delay`` in seconds, capped at :data:`MAX_DELAY`."""
    return min(float_param(req, "delay", default, 0.0), MAX_DELAY)
