"""The request as a cURL command line — masked by default, since it is shown and copied."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from .redact import Redactor

# Headers requests adds on its own that curl sets itself (or that would be wrong to copy).
_SKIPPED = frozenset({"content-length", "connection", "accept-encoding", "user-agent"})


def to_curl(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | str | None,
    redactor: Redactor | None = None,
) -> str:
    """A copyable ``curl`` command; with a ``redactor`` every secret is ``***``."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if redactor is not None:
        url, headers, body = redactor.url(url), redactor.headers(headers), redactor.body(body)
    parts = ["curl"]
    if method != "GET" or body:
        parts += ["-X", method]
    parts.append(shlex.quote(url))
    for name, value in headers.items():
        if name.lower() in _SKIPPED or (name.lower() == "accept" and value == "*/*"):
            continue  # curl sends these itself
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body:
        parts += ["--data-raw", shlex.quote(body)]
    return " ".join(parts)
