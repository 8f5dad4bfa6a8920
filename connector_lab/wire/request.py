"""Building a request from a connector, an action and values — a pure function, no I/O.

:func:`build_request` returns a :class:`RequestPlan`: what would be sent, before
authentication. The run panel previews it, code can inspect it, and the client sends it.
Path parameters are percent-encoded so that no value (``a/b``, ``..``) can change the path
(and an empty one, which would, is refused); header values are checked to be sendable.
The body parameters travel as a JSON object, or — for an action whose ``body_style`` is
``"form"`` — as ``application/x-www-form-urlencoded`` pairs (a list value repeats its name).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..errors import ParameterError
from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.params import Param
from ..spec.types import ConversionError, convert
from ..spec.vocabulary import SYSTEM_FIELDS
from .header_values import header_value_problem
from .urls import encode_path_value, join_url


@dataclass(frozen=True)
class RunContext:
    """Values a notebook or app sets once and system-field parameters read:
    the login user id (登录人ID) and the organization id (组织ID)."""

    user_id: str | None = None
    org_id: str | None = None


_NO_CONTEXT = RunContext()


FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RequestPlan:
    """A request ready to authenticate and send. ``json`` is the body's values (None: no
    body), sent as JSON or, when ``body_style`` is ``"form"``, form-encoded."""

    method: str
    url: str
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    body_style: str = "json"

    @property
    def full_url(self) -> str:
        """The URL with its query string, as it goes on the wire (before auth adds to it)."""
        return f"{self.url}?{urlencode(self.query)}" if self.query else self.url

    def form_pairs(self) -> list[tuple[str, str]]:
        """The form body as ``(name, value)`` pairs, a list value as one pair per item."""
        pairs = []
        for name, value in (self.json or {}).items():
            items = value if isinstance(value, list) else [value]
            pairs += [(name, _as_text(item)) for item in items]
        return pairs

    def body_bytes(self) -> bytes | None:
        if self.json is None:
            return None
        if self.body_style == "form":
            return urlencode(self.form_pairs()).encode("ascii")
        return json.dumps(self.json, ensure_ascii=False).encode("utf-8")


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class _Placed:
    """The parts of the request the parameters fill, location by location."""

    __slots__ = ("body", "headers", "path", "query")

    def __init__(self) -> None:
        self.path: dict[str, str] = {}
        self.query: list[tuple[str, str]] = []
        self.headers: dict[str, str] = {}
        self.body: dict[str, Any] = {}


# One placing step per location: put ``value`` in ``placed``; return a problem, or None.
def _place_path(placed: _Placed, name: str, value: Any) -> str | None:
    text = _as_text(value)
    if not text:
        # "/users/{id}/orders" with "" would be "/users//orders": another resource, or none.
        return "is empty; a path value must be given (it is one segment of the URL path)"
    placed.path[name] = encode_path_value(text)
    return None


def _place_query(placed: _Placed, name: str, value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    placed.query += [(name, _as_text(item)) for item in items]
    return None


def _place_header(placed: _Placed, name: str, value: Any) -> str | None:
    text = ", ".join(map(_as_text, value)) if isinstance(value, list) else _as_text(value)
    problem = header_value_problem(text, "header value")
    if problem is not None:
        return problem
    placed.headers[name] = text
    return None


def _place_body(placed: _Placed, dotted: str, value: Any) -> str | None:
    # "customer.address.city" builds nested objects, so a body parsed from a sample keeps
    # its shape.
    keys = dotted.split(".")
    target = placed.body
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    return None


_PLACE = {"path": _place_path, "query": _place_query, "header": _place_header, "body": _place_body}


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


def _error(action: Action, problems: list[tuple[str, str]], missing: list[str]) -> ParameterError:
    """One error for all of it: the missing names first, then each problem in order."""
    if missing:
        names = ", ".join(repr(m) for m in missing)
        problems = [("", f"missing required parameter(s): {names}"), *problems]
    return ParameterError(problems, title=f"cannot run action {action.id!r}")


def _unknown_names(action: Action, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    user_names = {p.name for p in action.params if p.source == "user"}
    unknown = [name for name in values if name not in user_names]
    if not unknown:
        return []
    known = ", ".join(sorted(user_names)) or "none"
    problem = f"is not a parameter of action {action.id!r}; known: {known}"
    return [(name, problem) for name in unknown]


def _values(
    action: Action,
    values: Mapping[str, Any],
    context: RunContext,
    problems: list[tuple[str, str]],
    missing: list[str],
) -> Iterator[tuple[Param, Any]]:
    """Each parameter with its value, converted to its type; what does not convert goes to
    ``problems`` and what is not given to ``missing``. Lazy, so the problems of placing a
    value (a header's line break) come in the parameters' order too."""
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
        yield param, value


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
    problems = _unknown_names(action, values) if values else []
    missing: list[str] = []
    placed = _Placed()
    for param, value in _values(action, values, context or _NO_CONTEXT, problems, missing):
        problem = _PLACE[param.location](placed, param.name, value)
        if problem is not None:
            problems.append((param.name, problem))
    if problems or missing:
        raise _error(action, problems, missing)
    return _plan(connector, action, placed)


def _plan(connector: Connector, action: Action, placed: _Placed) -> RequestPlan:
    path = action.path
    for name, encoded in placed.path.items():
        path = path.replace("{" + name + "}", encoded)
    has_body = any(p.location == "body" for p in action.params)
    if has_body:
        content_type = FORM_CONTENT_TYPE if action.body_style == "form" else "application/json"
        placed.headers.setdefault("Content-Type", content_type)
    return RequestPlan(
        method=action.method,
        url=join_url(connector.origin, connector.base_url, path),
        query=tuple(placed.query),
        headers=placed.headers,
        json=placed.body if has_body else None,
        body_style=action.body_style,
    )
