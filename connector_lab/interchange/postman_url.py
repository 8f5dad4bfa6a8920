"""A Postman request URL (a string, or the v2.0 / v2.1 object) to protocol, host, the path
with ``{placeholders}`` and its path and query parameters.

``:name`` path variables become ``{name}``; a ``{{variable}}`` segment that has no value
becomes a path parameter of that name; disabled query parameters are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..spec.params import Param
from ..spec.vocabulary import IDENTIFIER
from .postman_source import VARIABLE, Variables, fail, text_of


@dataclass
class ParsedUrl:
    protocol: str
    host: str
    path: str
    base: str = "/"
    params: list[Param] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def typed(value: str) -> tuple[str, Any]:
    """A query or path value as its likely type: ``"3"`` is an integer, ``"true"`` a boolean."""
    if re.fullmatch(r"-?\d{1,15}", value):
        return "integer", int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return "number", float(value)
    if value in ("true", "false"):
        return "boolean", value == "true"
    return "string", value


def url_parts(url: Any) -> dict[str, Any]:
    """The URL as an object; a string (v2.0 often) is split like Postman splits ``raw``."""
    if isinstance(url, dict) and url.get("host") is not None:
        return url
    raw = url.get("raw", "") if isinstance(url, dict) else str(url or "")
    query = url.get("query") if isinstance(url, dict) else None
    protocol, _, rest = raw.rpartition("://") if "://" in raw else ("", "", raw)
    rest, _, qs = rest.partition("?")
    host, _, path = rest.partition("/")
    if query is None:
        query = [{"key": k, "value": v} for k, v in parse_qsl(qs, keep_blank_values=True)]
    return {"protocol": protocol, "host": host, "path": path, "query": query}


def _joined(value: Any, sep: str) -> str:
    return sep.join(str(p) for p in value) if isinstance(value, list) else str(value or "")


def parse_url(url: Any, variables: Variables, where: str) -> ParsedUrl:
    parts = url_parts(url)
    host = variables.resolve(_joined(parts.get("host"), "."), where)
    missing = VARIABLE.findall(host)
    if missing:
        raise fail(
            f"the host variable {{{{{missing[0]}}}}} has no value in the collection's variables "
            "nor the environment; pass environment=… (a Postman environment file) or define it",
            where + "/url/host",
        )
    protocol = str(parts.get("protocol") or "")
    prefix = ""
    if "://" in host:
        split = urlsplit(host)
        protocol, host, prefix = split.scheme, split.netloc, split.path
    if parts.get("port"):
        host = f"{host}:{parts['port']}"
    result = ParsedUrl(protocol=(protocol or "https").lower(), host=host, path="")
    result.path = _path(_joined(parts.get("path"), "/"), parts, variables, where, result)
    result.base = "/" + prefix.strip("/")
    result.params += _query(parts.get("query") or [], variables, where, result)
    return result


def _path(path: str, parts: dict, variables: Variables, where: str, out: ParsedUrl) -> str:
    described = {
        v.get("key") or v.get("id"): v for v in parts.get("variable") or [] if isinstance(v, dict)
    }
    segments = []
    for segment in path.strip("/").split("/"):
        if segment.startswith(":") and len(segment) > 1:
            name = _identifier(segment[1:])
            entry = described.get(segment[1:], {})
            out.params.append(
                _value_param(name, "path", entry.get("value"), entry, variables, where)
            )
            segments.append("{" + name + "}")
            continue
        text = variables.resolve(segment, where)
        for name in VARIABLE.findall(text):
            ident = _identifier(name)
            if all(p.name != ident for p in out.params):
                out.params.append(Param(name=ident, location="path", required=True))
            text = text.replace("{{" + name + "}}", "{" + ident + "}")
        for name in re.findall(r"(?<!\{)\{([^{}]+)\}(?!\})", text):  # an OpenAPI-style {id}
            ident = _identifier(name)
            text = text.replace("{" + name + "}", "{" + ident + "}")
            if all(p.name != ident for p in out.params):
                out.params.append(Param(name=ident, location="path", required=True))
        segments.append(text)
    return "/" + "/".join(s for s in segments if s)


def _identifier(name: str) -> str:
    ident = re.sub(r"\W", "_", name.strip())
    return ident if IDENTIFIER.match(ident) else "_" + ident


def _value_param(
    name: str, location: str, raw: Any, entry: dict, variables: Variables, where: str
) -> Param:
    value = variables.resolve(str(raw), where) if raw not in (None, "") else ""
    kind, default = typed(value) if value and "{{" not in value else ("string", None)
    return Param(
        name=name,
        location=location,
        type=kind,
        required=location == "path",
        default=default,
        description=text_of(entry.get("description")),
    )


def _query(entries: list[Any], variables: Variables, where: str, out: ParsedUrl) -> list[Param]:
    params: list[Param] = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("key"):
            continue
        if entry.get("disabled"):
            out.skipped.append(f"disabled query parameter {entry['key']!r}")
            continue
        if any(p.name == entry["key"] for p in params):
            continue
        params.append(
            _value_param(entry["key"], "query", entry.get("value"), entry, variables, where)
        )
    return params
