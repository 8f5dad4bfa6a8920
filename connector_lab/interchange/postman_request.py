"""One Postman request (an item) to the parts of an action: method, URL, headers, a raw JSON
body as body parameters (through the forms' sample parser), and the saved example response
as the expected response. Which auth applies is decided by the caller (inheritance)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..spec.params import Param
from ..spec.samples import body_params
from ..spec.schemes import check_header_name
from ..spec.vocabulary import BODYLESS_METHODS, METHODS
from .postman_source import VARIABLE, Variables, text_of
from .postman_url import ParsedUrl, parse_url

#: Headers never made parameters: credentials (they belong to the auth scheme and account),
#: hop-by-hop and transport headers, and the JSON content type the client sets itself.
EXCLUDED_HEADERS = frozenset(
    {
        "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "apikey",
        "x-acs-dingtalk-access-token", "connection", "keep-alive", "transfer-encoding", "te",
        "trailer", "upgrade", "host", "content-length", "content-type",
    }
)  # fmt: skip


#: Query and header names whose values are credentials: the value is never copied.
SECRET_NAME = re.compile(r"(?i)(token|secret|passw|api[-_]?key|signature|session|auth)")


@dataclass
class Draft:
    """What one request gives: where it goes, the action's fields, notes for the report."""

    name: str
    url: ParsedUrl
    fields: dict[str, Any]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)


def read_request(item: dict[str, Any], variables: Variables, where: str) -> Draft:
    request = item.get("request")
    if isinstance(request, str):  # v2.0 allows the URL alone
        request = {"url": request, "method": "GET"}
    request = request if isinstance(request, dict) else {}
    method = str(request.get("method") or "GET").upper()
    name = str(item.get("name") or request.get("name") or "request").strip() or "request"
    if method not in METHODS:
        return Draft(name, ParsedUrl("", "", "/"), {}, [("method", f"{name!r} ({method})")])
    url = parse_url(request.get("url"), variables, where)
    notes = [("disabled", f"{name!r}: {s}") for s in url.skipped]
    params = list(url.params) + _headers(request.get("header"), variables, where, notes, name)
    params = [_without_secret(p, notes, name) for p in params]
    params += _body(request.get("body"), method, variables, where, notes, name)
    fields = {
        "name": name,
        "description": text_of(request.get("description") or item.get("description")),
        "method": method,
        "path": url.path,
        "params": params,
        "expected_response": _example(item.get("response")),
    }
    return Draft(name, url, fields, notes)


def _headers(entries: Any, variables: Variables, where: str, notes: list, name: str) -> list[Param]:
    if isinstance(entries, str):  # v2.0 may hold them as "Key: value\n" text
        entries = [
            {"key": k.strip(), "value": v.strip()}
            for k, _, v in (line.partition(":") for line in entries.splitlines())
            if k.strip()
        ]
    params: list[Param] = []
    for entry in entries or []:
        key = str(entry.get("key") or "").strip() if isinstance(entry, dict) else ""
        if not key or entry.get("disabled") or key.lower() in EXCLUDED_HEADERS:
            continue
        try:
            check_header_name(key, "a header")
        except ValueError:
            notes.append(("header", f"{name!r}: header {key!r}"))
            continue
        if any(p.name.lower() == key.lower() for p in params):
            continue
        value = variables.resolve(str(entry.get("value") or ""), where)
        default = value if value and "{{" not in value else None
        params.append(
            Param(
                name=key,
                location="header",
                default=default,
                description=text_of(entry.get("description")),
            )
        )
    return params


def _body(
    body: Any, method: str, variables: Variables, where: str, notes: list, name: str
) -> list[Param]:
    if not isinstance(body, dict) or body.get("disabled"):
        return []
    mode = body.get("mode")
    raw = body.get("raw")
    if mode != "raw" or not isinstance(raw, str) or not raw.strip():
        if mode and mode != "raw" and body.get(mode):
            notes.append(("body", f"{name!r} ({mode})"))
        return []
    # Unquoted placeholders (``"n": {{count}}``) are quoted so the text parses as JSON.
    quoted = re.sub(r'(?<!")(\{\{[^{}]+\}\})(?!")', r'"\1"', raw)
    try:
        sample = _resolved(json.loads(quoted), variables, where)
    except json.JSONDecodeError:
        notes.append(("body", f"{name!r} (raw text that is not JSON)"))
        return []
    if not isinstance(sample, dict) or method in BODYLESS_METHODS:
        notes.append(("body", f"{name!r} (a JSON body that is not an object, or on {method})"))
        return []
    params = body_params(sample)
    return [
        p.model_copy(update={"default": None, "type": "string"})
        if isinstance(p.default, str) and VARIABLE.search(p.default)
        else p
        for p in params
    ]


def _resolved(value: Any, variables: Variables, where: str) -> Any:
    if isinstance(value, dict):
        return {k: _resolved(v, variables, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolved(v, variables, where) for v in value]
    if isinstance(value, str) and "{{" in value:
        text = variables.resolve(value, where)
        if VARIABLE.fullmatch(value.strip()) and "{{" not in text:
            try:  # a whole-value variable may hold a number or a boolean
                return json.loads(text) if not isinstance(json.loads(text), dict | list) else text
            except json.JSONDecodeError:
                return text
        return text
    return value


def _example(responses: Any) -> Any:
    """The JSON body of the first saved example with a 2xx code (else the first example)."""
    examples = [r for r in responses or [] if isinstance(r, dict) and r.get("body")]
    examples.sort(key=lambda r: 0 if 200 <= int(r.get("code") or 0) < 300 else 1)
    for example in examples:
        try:
            return json.loads(example["body"])
        except (json.JSONDecodeError, TypeError):
            continue
    return None


def _without_secret(param: Param, notes: list, name: str) -> Param:
    if param.default is None or param.location == "path" or not SECRET_NAME.search(param.name):
        return param
    notes.append(("secret", f"{name!r}: {param.location} {param.name!r}"))
    return param.model_copy(update={"default": None, "type": "string"})
