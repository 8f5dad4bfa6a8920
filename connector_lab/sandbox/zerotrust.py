"""DingTalk zero-trust gateway emulation: verifies HMAC-signed requests on ``/zt/v1/echo``.

ASSUMED PROTOCOL. The zero-trust gateway's wire format is not public; like the client side
(spec F-2) this models the HMAC signature of DingTalk's dedicated open-platform gateway:

    X-Hmac-Auth-Timestamp  2024-05-01T12:00:00.123+08:00  (ISO-8601, milliseconds, offset)
    X-Hmac-Auth-Version    1.0
    X-Hmac-Auth-Nonce      a value never used before (replays are refused)
    apiKey                 the App Key
    X-Hmac-Auth-Signature  base64(HMAC-SHA256(App Secret, string_to_sign(...)))

The string to sign is built by :func:`string_to_sign` alone, so a change of the assumed
protocol is a change of that one function (and of its twin in the client's signer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from .credentials import matches
from .messages import Request, Response, error_response, json_response

__all__ = ["WINDOW_SECONDS", "echo", "sign", "string_to_sign"]

WINDOW_SECONDS = 300  # a timestamp may be this far from the server clock, either way
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:[+-]\d{2}:\d{2}|Z)")
_HEADERS = (
    "X-Hmac-Auth-Timestamp",
    "X-Hmac-Auth-Version",
    "X-Hmac-Auth-Nonce",
    "apiKey",
    "X-Hmac-Auth-Signature",
)


def string_to_sign(
    method: str, timestamp: str, nonce: str, path: str, query: Iterable[tuple[str, str]] = ()
) -> str:
    """``METHOD\\ntimestamp\\nnonce\\npath`` plus ``\\nk=v&k=v`` (sorted) when there is a query.

    ``path`` is the path as sent, without the query; ``query`` holds the decoded name/value
    pairs (a repeated name gives several pairs), sorted by name then value.

    >>> string_to_sign("get", "T", "N", "/zt/v1/echo", [("b", "2"), ("a", "1")])
    'GET\\nT\\nN\\n/zt/v1/echo\\na=1&b=2'
    """
    text = f"{method.upper()}\n{timestamp}\n{nonce}\n{path}"
    pairs = sorted(query)
    if pairs:
        text += "\n" + "&".join(f"{k}={v}" for k, v in pairs)
    return text


def sign(secret: str, text: str) -> str:
    """base64(HMAC-SHA256(secret, text))."""
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _parse_timestamp(text: str) -> datetime | None:
    if not _TIMESTAMP.fullmatch(text):
        return None
    try:
        # fromisoformat() of Python 3.10 does not read "Z".
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:  # well-formed but impossible, e.g. month 13
        return None


def _reject(code: str, message: str, **extra: str) -> Response:
    return error_response(401, code, message, **extra)


def echo(req: Request) -> Response:
    """``GET|POST /zt/v1/echo``: verify the signature, then say what was verified."""
    values = {name: req.header(name) for name in _HEADERS}
    missing = [name for name, value in values.items() if not value]
    if missing:
        return _reject("MissingHeader", f"missing header(s): {', '.join(missing)}")
    timestamp, version, nonce, api_key, signature = (values[name] or "" for name in _HEADERS)
    if version != "1.0":
        return _reject("UnsupportedVersion", "X-Hmac-Auth-Version must be 1.0")
    sent = _parse_timestamp(timestamp)
    if sent is None:
        return _reject(
            "InvalidTimestamp",
            "X-Hmac-Auth-Timestamp must be ISO-8601 with milliseconds and an offset, "
            "e.g. 2024-05-01T12:00:00.123+08:00",
        )
    skew = abs((datetime.now(timezone.utc) - sent).total_seconds())
    if skew > WINDOW_SECONDS:
        return _reject(
            "TimestampExpired", f"timestamp is {skew:.0f} s from server time (max {WINDOW_SECONDS})"
        )
    creds = req.state.credentials
    if not matches(api_key, creds.app_key):
        return _reject("InvalidApiKey", "unknown apiKey")
    query = parse_qsl(req.query_string, keep_blank_values=True)
    text = string_to_sign(req.method, timestamp, nonce, req.path, query)
    if not matches(signature, sign(creds.app_secret, text)):
        # The server's string to sign holds no secret and is what a client author needs.
        return _reject("InvalidSignature", "signature does not match", string_to_sign=text)
    # Only a verified request uses up its nonce, so garbage cannot burn a client's nonces;
    # twice the window covers every timestamp that could still be accepted.
    if not req.state.use_nonce(nonce, keep_for=2 * WINDOW_SECONDS):
        return _reject("NonceReplayed", "X-Hmac-Auth-Nonce was already used")
    return json_response(
        {
            "verified": True,
            "method": req.method,
            "path": req.path,
            "query": req.query,
            "apiKey": api_key,
            "timestamp": timestamp,
            "nonce": nonce,
        }
    )
