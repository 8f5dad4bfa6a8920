"""``from_openapi``: an OpenAPI 3.0 / 3.1 or Swagger 2.0 spec → a connector with one action
per operation (spec F-10). The steps live in their own modules: ``openapi_load`` (file, text,
loopback URL), ``openapi_validate`` (openapi-spec-validator, JSON pointers),
``openapi_refs`` ($ref), ``openapi_servers``, ``openapi_auth``, ``openapi_schema`` and
``openapi_operations``."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import Any

from ..spec.connectors import Connector
from .openapi_auth import auth_of
from .openapi_load import load_source
from .openapi_operations import METHODS, build_action
from .openapi_refs import Refs
from .openapi_schema import SchemaReader
from .openapi_servers import origin_of
from .openapi_validate import validate_document
from .report import ImportReport


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def _path_wanted(path: str, patterns: list[str] | None) -> bool:
    if patterns is None:
        return True
    for pattern in patterns:
        if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(path, pattern):
            return True
        if path.startswith(pattern):
            return True
    return False


def _operations(doc: dict[str, Any], refs: Refs, tags: list[str] | None, paths: list[str] | None):
    """``(path, method, operation, shared parameters)`` of every operation kept."""
    for path, item in (doc.get("paths") or {}).items():
        if str(path).startswith("x-") or not _path_wanted(str(path), paths):
            continue
        item = refs.get(item)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            if tags is not None and not set(tags) & set(op.get("tags") or []):
                continue
            yield str(path), method, op, item.get("parameters") or []


def from_openapi(
    source: Any,
    *,
    tags: str | Iterable[str] | None = None,
    paths: str | Iterable[str] | None = None,
    strict: bool = True,
) -> ImportReport:
    """Import a spec (a file path, a loopback URL, JSON / YAML text or a dict).

    ``tags`` keeps the operations with one of these tags; ``paths`` those whose path starts
    with one of these prefixes or matches one of these globs (``/pets*``). ``strict`` (the
    default) refuses a spec openapi-spec-validator finds invalid, naming the JSON pointer;
    ``strict=False`` lists the problems as warnings and imports what it can.
    """
    doc, base_uri = load_source(source)
    url = base_uri if base_uri.startswith("http") else None
    warnings = validate_document(doc, base_uri, strict=strict)
    refs = Refs(doc, base_uri)
    origin, more = origin_of(doc, url)
    auth, auth_notes = auth_of(doc, refs)
    warnings += more + auth_notes
    reader = SchemaReader(refs)
    swagger2 = str(doc.get("swagger", "")).startswith("2")
    actions, taken, ignored = [], set(), []
    for path, method, op, shared in _operations(doc, refs, _as_list(tags), _as_list(paths)):
        where = f"{method.upper()} {path}"
        try:
            action, notes = build_action(path, method, op, shared, reader, swagger2, taken)
        except ValueError as exc:
            ignored.append(f"{where}: {str(exc).splitlines()[0][:200]}")
            continue
        actions.append(action)
        warnings += [f"{where}: {note}" for note in notes + reader.notes]
        reader.notes.clear()
    info = doc.get("info") or {}
    connector = Connector(
        display_name=str(info.get("title") or "Imported API")[:200],
        description=str(info.get("description") or ""),
        auth=auth,
        actions=actions,
        **origin,
    )
    return ImportReport(connector=connector, warnings=warnings, ignored=ignored)
