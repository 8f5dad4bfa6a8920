"""Behaviour endpoints: non-JSON formats, errors, slowness, rate limiting, redirects, echo.

These exist to exercise a client's edges rather than its auth: what it does with CSV or bytes,
with a 503 that has a JSON body, with a timeout, with ``429 Retry-After``, with a redirect that
would carry a credential to another host, and what exactly it put on the wire (``/echo``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from http import HTTPStatus
from urllib.parse import unquote_plus

from . import data
from .messages import (
    BadParameter,
    Request,
    Response,
    delay_param,
    error_response,
    int_param,
    json_response,
)

__all__ = [
    "echo",
    "errors",
    "format_binary",
    "format_csv",
    "format_jsonl",
    "format_text",
    "format_xml",
    "rate_limited",
    "redirect_other_host",
    "redirect_same_host",
    "slow",
]

REDIRECT_CODES = (301, 302, 303, 307, 308)

# -- non-JSON formats ---------------------------------------------------------------------------

_CSV_ROWS = (
    ("id", "name", "comment", "amount"),
    (1, "Widget", "plain", "9.50"),
    (2, "Gadget", 'says "hello", twice', "12.00"),
    (3, "茶叶", "unicode, with a comma", "3.25"),
    (4, "Empty", "", "0"),
)

BINARY_PAYLOAD = b"\x00\x01\x02\x03\xff\xfe\xfd\x80sandbox\x89PNG\r\n"


def format_csv(req: Request) -> Response:
    """``GET /formats/csv``: RFC 4180 CSV with a header row, quotes and commas in values."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_CSV_ROWS)
    return Response(200, out.getvalue().encode("utf-8"), "text/csv; charset=utf-8")


def format_text(req: Request) -> Response:
    """``GET /formats/text``: plain UTF-8 text."""
    text = "Hello from the connector_lab sandbox.\nSecond line: 你好.\n"
    return Response(200, text.encode("utf-8"), "text/plain; charset=utf-8")


def format_xml(req: Request) -> Response:
    """``GET /formats/xml``: a small XML document."""
    rows = "".join(
        f'  <item id="{item["id"]}"><name>{item["name"]}</name>'
        f"<value>{item['value']}</value></item>\n"
        for item in (data.paged_item(req.state.seed, n) for n in range(1, 4))
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<items>\n{rows}</items>\n'
    return Response(200, xml.encode("utf-8"), "application/xml")


def format_jsonl(req: Request) -> Response:
    """``GET /formats/jsonl``: JSON Lines, one item per line."""
    lines = (
        json.dumps(data.paged_item(req.state.seed, n), ensure_ascii=False) + "\n"
        for n in range(1, 6)
    )
    return Response(200, "".join(lines).encode("utf-8"), "application/x-ndjson")


def format_binary(req: Request) -> Response:
    """``GET /formats/binary``: bytes that are not valid UTF-8."""
    return Response(200, BINARY_PAYLOAD, "application/octet-stream")


# -- errors, slowness, rate limits --------------------------------------------------------------


def _status_code_name(status: int) -> str:
    # "Too Many Requests" -> "TooManyRequests", "I'm a Teapot" -> "ImATeapot";
    # codes without a name (e.g. 499) -> "Http499".
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Http{status}"
    words = re.sub(r"[^A-Za-z0-9 ]", "", phrase.replace("-", " ")).split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def errors(req: Request) -> Response:
    """``GET /errors/{status}``: answer that status (400–599) with a JSON error body."""
    raw = req.params["status"]
    status = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 3 else 0
    if not 400 <= status <= 599:
        raise BadParameter("status", f"status must be 400 to 599, got {raw!r}")
    # RFC 9110 requires Allow on a 405; a client test may read it.
    headers = [("Allow", "GET, HEAD, OPTIONS")] if status == 405 else []
    code = _status_code_name(status)
    message = f"the sandbox answered {status} because it was asked to"
    return error_response(status, code, message, headers=headers, status=status)


def slow(req: Request) -> Response:
    """``GET /slow?delay=0.5``: sleep ``delay`` seconds (at most 30), then answer."""
    delay = delay_param(req, default=1.0)
    time.sleep(delay)
    return json_response({"delay": delay})


def rate_limited(req: Request) -> Response:
    """``GET /rate-limited?key=abc&fail=1&retry_after=1``: the first ``fail`` calls get 429."""
    key = req.arg("key", "default") or "default"
    fail = int_param(req, "fail", 1, 0, 1_000_000)
    retry_after = int_param(req, "retry_after", 1, 0, 3600)
    attempt = req.state.rate_hit(key)
    if attempt <= fail:
        return error_response(
            429,
            "TooManyRequests",
            f"rate limit for key {key!r}: retry after {retry_after} s",
            headers=[("Retry-After", str(retry_after))],
            retry_after=retry_after,
            attempt=attempt,
        )
    return json_response({"ok": True, "key": key, "attempt": attempt})


# -- redirects ----------------------------------------------------------------------------------


def _redirect(req: Request, base_url: str) -> Response:
    to = req.arg("to", "/echo") or ""
    # Only a path: "//host" or "http://..." would make this an open redirect, and CR/LF in a
    # header value would split the response.
    if not to.startswith("/") or to.startswith("//") or any(c in to for c in "\r\n\\"):
        raise BadParameter("to", f"to must be a path starting with a single '/', got {to!r}")
    code = int_param(req, "code", 302, 300, 399)
    if code not in REDIRECT_CODES:
        raise BadParameter("code", f"code must be one of {REDIRECT_CODES}, got {code}")
    # Carry the rest of the query over byte for byte, as a server that moved would: a
    # credential in the query travels too unless the client strips it.
    kept = [
        part
        for part in req.query_string.split("&")
        if part and unquote_plus(part.partition("=")[0]) not in ("to", "code")
    ]
    location = base_url + to
    if kept:
        location += ("&" if "?" in to else "?") + "&".join(kept)
    return json_response({"location": location}, code, headers=[("Location", location)])


def redirect_other_host(req: Request) -> Response:
    """``GET|POST /redirect/other-host?to=/echo&code=302`` → redirect to the other listener."""
    return _redirect(req, req.site.peer_url)


def redirect_same_host(req: Request) -> Response:
    """``GET|POST /redirect/same-host?to=/echo&code=302`` → redirect to this listener."""
    return _redirect(req, req.site.own_url)


# -- echo ---------------------------------------------------------------------------------------


def echo(req: Request) -> Response:
    """Any method on ``/echo`` or ``/echo/...``: what arrived, headers included, as JSON."""
    headers: dict[str, str] = {}
    for name, value in req.headers.items():
        # Repeated headers are folded the way RFC 9110 allows (comma-separated).
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    try:
        parsed = json.loads(req.body) if req.body.strip() else None
    except ValueError:
        parsed = None
    return json_response(
        {
            "method": req.method,
            "path": req.path,
            "query": req.query,
            "headers": headers,
            "body": req.body.decode("utf-8", errors="replace"),
            "json": parsed,
            "server": req.site.host_port,
        }
    )
