"""Where the API lives: OpenAPI 3 ``servers`` (variables filled with their defaults) or
Swagger 2 ``host`` + ``basePath`` + ``schemes`` → the connector's host, protocol, base URL."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

#: The host given when a spec names none (the user sets the real one in the form).
PLACEHOLDER_HOST = "api.example.com"


def _fill(url: str, variables: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1)) or {}
        return str(variable.get("default", "")) if isinstance(variable, dict) else ""

    return re.sub(r"\{([^{}]*)\}", value, url)


def _split(url: str, source_url: str | None) -> tuple[str | None, str, str]:
    parts = urlsplit(url)
    if not parts.netloc and source_url:  # a relative server URL: relative to the spec's URL
        origin = urlsplit(source_url)
        return origin.netloc, origin.scheme or "https", parts.path or "/"
    protocol = parts.scheme.lower() if parts.scheme.lower() in ("http", "https") else "https"
    return parts.netloc or None, protocol, parts.path or "/"


def origin_of(document: dict[str, Any], source_url: str | None) -> tuple[dict[str, str], list[str]]:
    """``({"host", "protocol", "base_url"}, warnings)``."""
    warnings: list[str] = []
    if str(document.get("swagger", "")).startswith("2"):
        schemes = [s for s in document.get("schemes") or [] if s in ("http", "https")]
        protocol = "https" if "https" in schemes or not schemes else "http"
        host, base = document.get("host"), document.get("basePath") or "/"
        if not host and source_url:
            host = urlsplit(source_url).netloc
    else:
        servers = [s for s in document.get("servers") or [] if isinstance(s, dict)]
        url = (
            _fill(str(servers[0].get("url", "/")), servers[0].get("variables") or {})
            if (servers)
            else "/"
        )
        if len(servers) > 1:
            warnings.append(f"{len(servers)} servers listed; the first ({url}) is used")
        host, protocol, base = _split(url, source_url)
    if not host:
        warnings.append(
            f"the spec names no host; {PLACEHOLDER_HOST!r} was put in — set the real one"
        )
        host = PLACEHOLDER_HOST
    return {"host": host, "protocol": protocol, "base_url": base}, warnings
