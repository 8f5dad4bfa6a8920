"""Reading an OpenAPI / Swagger document: a dict, JSON or YAML text, a file (``.gz`` too) or
a loopback URL.

A URL is fetched with plain ``requests`` and only from a loopback address (127.0.0.0/8,
``::1``, ``localhost``): a spec is read once at import time, it is not an action of a
connector, so the connector Client (auth, retries, run history) does not apply; refusing
every other address keeps the import from reaching the network at all. Redirects are not
followed and the body is capped.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import ImportFormatError

#: The largest spec read from a URL (bytes).
MAX_URL_BYTES = 64 * 1024 * 1024
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _fail(message: str, pointer: str = "") -> ImportFormatError:
    return ImportFormatError(message, format="openapi", pointer=pointer)


def parse_text(text: str, where: str = "the spec") -> dict[str, Any]:
    """JSON or YAML text as a dict; a syntax error names its line and column."""
    try:
        json_text = text.lstrip().startswith("{")
        doc = json.loads(text) if json_text else yaml.load(text, Loader=_LOADER)
    except json.JSONDecodeError as exc:
        pointer = f"line {exc.lineno}, column {exc.colno}"
        raise _fail(f"{where} is not valid JSON at {pointer}: {exc.msg}", pointer) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pointer = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "a syntax error"
        raise _fail(
            f"{where} is not valid YAML at {pointer or 'an unknown place'}: {problem}", pointer
        ) from None
    if not isinstance(doc, dict):
        raise _fail(
            f"{where} is not an OpenAPI document (an object with 'openapi' or "
            "'swagger' at the top); give a spec file, its text or a loopback URL"
        )
    return doc


def read_path(path: Path) -> str:
    """The text of a spec file; ``.gz`` files are decompressed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read the spec file {str(path)!r}: {exc.strerror or exc}") from None
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8-sig")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def fetch_url(url: str) -> str:
    """The text at a loopback URL; any other address is refused before anything is sent."""
    import requests

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_loopback(parts.hostname or ""):
        raise _fail(
            f"{url!r} is not a loopback URL; a spec is read only from 127.0.0.1, ::1 "
            "or localhost — download it and give the file path instead"
        )
    try:
        with requests.get(url, timeout=30, stream=True, allow_redirects=False) as response:
            response.raise_for_status()
            body = response.raw.read(MAX_URL_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise _fail(f"cannot fetch the spec at {url!r}: {type(exc).__name__}") from None
    if len(body) > MAX_URL_BYTES:
        raise _fail(f"the spec at {url!r} is larger than {MAX_URL_BYTES} bytes")
    return body.decode("utf-8-sig")


def load_source(source: Any) -> tuple[dict[str, Any], str]:
    """``(document, base URI)`` from a dict, a path, a URL or the text itself."""
    if isinstance(source, dict):
        return source, "file:///openapi.json"
    if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source).resolve()
        return parse_text(read_path(path), f"spec file {path.name!r}"), path.as_uri()
    if isinstance(source, str) and source.strip().startswith(("http://", "https://")):
        url = source.strip()
        return parse_text(fetch_url(url), f"the spec at {url!r}"), url
    if isinstance(source, bytes | str):
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        return parse_text(text), "file:///openapi.json"
    raise _fail(
        f"cannot read a spec from a {type(source).__name__}; give a file path, a "
        "loopback URL, the JSON / YAML text or a dict"
    )


def _looks_like_path(text: str) -> bool:
    return (
        "\n" not in text
        and not text.lstrip().startswith(("{", "http://", "https://"))
        and (text.endswith((".json", ".yaml", ".yml", ".gz")) or Path(text).exists())
    )
