"""Postman auth (collection, folder or request level, v2.0 and v2.1 shapes) to a connector's
auth scheme and the credential values found, and back.

Supported: ``noauth``, ``basic``, ``bearer``, ``apikey`` (header or query; a header
``Authorization: APPCODE …`` is the Aliyun AppCode gateway). Other types (oauth2, digest,
hawk, awsv4, …) are reported and treated as no authentication.
"""

from __future__ import annotations

import base64
from typing import Any

from ..spec.schemes import (
    AliyunAppCodeAuth,
    ApiKeyAuth,
    BasicAuth,
    BearerAuth,
    NoAuth,
)
from .postman_source import Variables
from .postman_url import url_parts

SUPPORTED = ("noauth", "basic", "bearer", "apikey")
#: What marks a credential value as a documentation placeholder, not a secret (``<token>``).
_PLACEHOLDER_PREFIX = "<"


def attributes(auth: dict[str, Any]) -> dict[str, Any]:
    """The attributes of ``auth`` as a dict: v2.1 lists ``[{key, value}]``, v2.0 a dict."""
    raw = auth.get(auth.get("type", ""), {})
    if isinstance(raw, list):
        return {a.get("key"): a.get("value") for a in raw if isinstance(a, dict)}
    return dict(raw) if isinstance(raw, dict) else {}


def scheme_of(auth: dict[str, Any] | None) -> tuple[Any, dict[str, str], str | None]:
    """``(scheme, {account key: raw value}, problem)`` for one Postman auth object."""
    kind = (auth or {}).get("type") or "noauth"
    attrs = attributes(auth or {})
    if kind == "noauth":
        return NoAuth(), {}, None
    if kind == "basic":
        values = {"username": attrs.get("username"), "password": attrs.get("password")}
        return BasicAuth(), values, None
    if kind == "bearer":
        return BearerAuth(), {"token": attrs.get("token")}, None
    if kind == "apikey":
        name = str(attrs.get("key") or "X-API-Key").strip()
        value = attrs.get("value")
        location = "query" if attrs.get("in") == "query" else "header"
        if location == "header" and name.lower() == "authorization":
            text = str(value or "")
            if text.upper().startswith("APPCODE "):
                return AliyunAppCodeAuth(), {"app_code": text[8:].strip()}, None
        try:
            return ApiKeyAuth(name=name, location=location), {"token": value}, None
        except ValueError:
            return NoAuth(), {}, f"API-key name {name!r} is not a valid header name"
    return NoAuth(), {}, f"auth type {kind!r} is not supported (treated as no authentication)"


def account_values(values: dict[str, Any], variables: Variables, where: str) -> dict[str, str]:
    """The credential values with variables resolved; unresolved, empty and ``<placeholder>``
    values are left out (the account then lacks them)."""
    out = {}
    for key, raw in values.items():
        if raw is None or not isinstance(raw, str | int | float):
            continue
        text = variables.resolve(str(raw), where).strip()
        if text and "{{" not in text and not text.startswith(_PLACEHOLDER_PREFIX):
            out[key] = text
    return out


def scheme_key(scheme: Any) -> str:
    """A comparable key for a scheme (type and settings)."""
    return scheme.model_dump_json()


_KEY_HEADERS = ("x-api-key", "api-key", "apikey", "x-acs-dingtalk-access-token")
_KEY_QUERIES = ("api_key", "apikey", "api-key", "access_token")


def auth_from_request(request: Any) -> dict[str, Any] | None:
    """A Postman auth object read off a request that has none: its ``Authorization``
    (Basic, Bearer, APPCODE) or API-key header, or an API-key query parameter."""
    if not isinstance(request, dict):
        return None
    headers = request.get("header") if isinstance(request.get("header"), list) else []
    for entry in headers:
        if not isinstance(entry, dict) or entry.get("disabled"):
            continue
        key, value = str(entry.get("key") or "").strip(), str(entry.get("value") or "").strip()
        found = _header_auth(key, value)
        if found:
            return found
    for entry in url_parts(request.get("url")).get("query") or []:
        if isinstance(entry, dict) and str(entry.get("key")).lower() in _KEY_QUERIES:
            return _apikey(entry["key"], entry.get("value"), "query")
    return None


def _apikey(name: str, value: Any, where: str) -> dict[str, Any]:
    attrs = {"key": name, "value": value, "in": where}
    return {"type": "apikey", "apikey": [{"key": k, "value": v} for k, v in attrs.items()]}


def _header_auth(key: str, value: str) -> dict[str, Any] | None:
    lower = key.lower()
    if lower in _KEY_HEADERS:
        return _apikey(key, value, "header")
    if lower != "authorization":
        return None
    kind, _, rest = value.partition(" ")
    if kind.lower() == "bearer":
        return {"type": "bearer", "bearer": [{"key": "token", "value": rest.strip()}]}
    if kind.upper() == "APPCODE":
        return _apikey("Authorization", value, "header")
    if kind.lower() == "basic":
        try:
            user, _, password = base64.b64decode(rest.strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        attrs = [{"key": "username", "value": user}, {"key": "password", "value": password}]
        return {"type": "basic", "basic": attrs}
    return None
