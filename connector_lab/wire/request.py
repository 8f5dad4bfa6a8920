"""Building a request from a connector, an action and values — a pure function, no I/O.

:func:`build_request` returns a :class:`RequestPlan`: what would be sent, before
authentication. The test panel previews it, code can inspect it, and the client sends it.
Path parameters are percent-encoded so that no value (``a/b``, ``..``) can change the path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import ParameterError
from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.params import Param
from ..spec.types import ConversionError, convert
from ..spec.vocabulary import SYSTEM_FIELDS


@dataclass(frozen=True)
class RunContext:
    """Values a notebook or app sets once and system-field parameters read:
    the login user id (登录人ID) and the organization id (组织ID)."""

    user_id: str | None = None
    org_id: str | None = None


@dataclass(frozen=True)
class RequestPlan:
    """A request ready to authenticate and send. ``json`` is the body (None: no body)."""

    method: str
    url: str
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None

    @property
    def full_url(self) -> str:
        """The URL with its query string, as it goes on the wire (before auth adds to it)."""
        return f"{self.url}?{urlencode(self.query)}" if self.query else self.url

    def body_bytes(self) -> bytes | None:
        if self.json is None:
            return None
        return json.dumps(self.json, ensure_ascii=False).encode("utf-8")


def join_url(origin: str, base_url: str, path: str) -> str:
    """``origin`` + base URL + action path with exactly one ``/`` between the parts."""
    base = base_url.strip("/")
    tail = path.lstrip("/")
    parts = [origin.rstrip("/")] + [p for p in (base, tail) if p]
    url = "/".join(parts)
    return url if (base or tail) else url + "/"


def encode_path_value(value: Any) -> str:
    """Percent-encode one path parameter value so it stays one path segment.

    >>> encode_path_value("a/b c")
    'a%2Fb%20c'
    >>> encode_path_value("..")
    '%2E%2E'
    """
    text = _as_text(value)
    encoded = quote(text, safe="")
    if set(text) == {"."}:
        # "." and ".." are dot segments that URL normalisation would resolve away.
        encoded = "%2E" * len(text)
    return encoded


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _place_body(body: dict[str, Any], dotted: str, value: Any) -> None:
    # "customer.address.city" builds nested objects, so a body parsed from a sample keeps
    # its shape.
    keys = dotted.split(".")
    target = body
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def _source_value(
    param: Param, values: Mapping[str, Any], context: RunContext, problems: list
) -> Any:
    if param.source == "static":
        return param.value
    if param.source == "system":
        value = getattr(context, param.system_field or "", None)
        if value is None:
            problems.append(
                (
                    param.name,
                    f"takes the {SYSTEM_FIELDS[param.system_field or 'user_id']} from the run "
                    f"context, which is not set; pass context=RunContext("
                    f"{param.system_field}=...)",
                )
            )
        return value
    value = values.get(param.name)
    return param.default if value is None else value


def build_request(
    connector: Connector,
    action: Action | str,
    values: Mapping[str, Any] | None = None,
    *,
    context: RunContext | None = None,
) -> RequestPlan:
    """Place every parameter of ``action`` and return the request to send.

    All problems (missing required values, unknown names, bad types) are reported together
    in one :class:`ParameterError`.
    """
    if isinstance(action, str):
        action = connector.action(action)
    values = dict(values or {})
    context = context or RunContext()
    problems: list[tuple[str, str]] = []

    user_names = {p.name for p in action.params if p.source == "user"}
    for name in values:
        if name not in user_names:
            known = ", ".join(sorted(user_names)) or "none"
            problems.append((name, f"is not a parameter of action {action.id!r}; known: {known}"))

    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    body: dict[str, Any] = {}
    missing: list[str] = []
    for param in action.params:
        value = _source_value(param, values, context, problems)
        if value is None:
            if param.required or param.location == "path":
                missing.append(param.name)
            continue
        try:
            value = convert(param.name, param.type, value)
        except ConversionError as exc:
            problems.append((param.name, str(exc)))
            continue
        if param.location == "path":
            path_values[param.name] = encode_path_value(value)
        elif param.location == "query":
            items = value if isinstance(value, list) else [value]
            query += [(param.name, _as_text(item)) for item in items]
        elif param.location == "header":
            text = ", ".join(map(_as_text, value)) if isinstance(value, list) else _as_text(value)
            if "\r" in text or "\n" in text:
                problems.append(
                    (param.name, "header value contains a line break (CR/LF); remove it")
                )
                continue
            headers[param.name] = text
        else:
            _place_body(body, param.name, value)

    if missing:
        problems.insert(
            0, ("", f"missing required parameter(s): {', '.join(repr(m) for m in missing)}")
        )
    if problems:
        raise ParameterError(problems, title=f"cannot run action {action.id!r}")

    path = action.path
    for name, encoded in path_values.items():
        path = path.replace("{" + name + "}", encoded)
    has_body = any(p.location == "body" for p in action.params)
    if has_body:
        headers.setdefault("Content-Type", "application/json")
    return RequestPlan(
        method=action.method,
        url=join_url(connector.origin, connector.base_url, path),
        query=tuple(query),
        headers=headers,
        json=body if has_body else None,
    )
