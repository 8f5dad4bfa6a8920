"""One operation of a spec → one :class:`Action`: id, name, method, path, parameters (path,
query, header; a JSON body's fields, or a form's — an ``application/x-www-form-urlencoded``
request body, or Swagger 2 ``formData`` — making a form action), the expected response and,
from this package's own
export, the ``x-connector-lab-pagination`` and ``x-connector-lab-records-path``
extensions (other ``x-`` extensions are ignored)."""

from __future__ import annotations

import re
from typing import Any

from ..spec.actions import Action
from ..spec.pagination import Pagination
from ..spec.params import Param
from ..spec.vocabulary import BODYLESS_METHODS, IDENTIFIER
from ..wire.request import FORM_CONTENT_TYPE
from .openapi_schema import SchemaReader, body_fields, fields_of, sample_of, schema_type

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}


def action_id(raw: str, taken: set[str]) -> str:
    """A valid, unique action id from an operationId (or a method and path)."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", raw).strip("_") or "operation"
    text = text if re.match(r"[A-Za-z_]", text) else f"_{text}"
    text = text[:64]
    candidate, n = text, 1
    while candidate in taken:
        n += 1
        candidate = f"{text[: 64 - len(str(n)) - 1]}_{n}"
    taken.add(candidate)
    return candidate


def _param(raw: dict[str, Any], reader: SchemaReader, swagger2: bool) -> dict[str, Any]:
    schema = raw if swagger2 else reader.flat(raw.get("schema") or {})[0]
    default = schema.get("default", raw.get("example", schema.get("example")))
    return {
        "name": str(raw.get("name", "")),
        "location": raw.get("in"),
        "type": schema_type(schema),
        "required": bool(raw.get("required", False)),
        "default": default,
        "description": str(raw.get("description") or ""),
    }


def _make_param(fields: dict[str, Any], notes: list[str]) -> Param | None:
    try:
        return Param(**fields)
    except ValueError:
        pass
    try:
        param = Param(**{**fields, "default": None})
    except ValueError:
        notes.append(f"{fields['location']} parameter {fields['name']!r} left out: not usable")
        return None
    notes.append(f"parameter {fields['name']!r}: default {fields['default']!r} dropped")
    return param


def _json_media(content: dict[str, Any]) -> dict[str, Any] | None:
    for media, value in (content or {}).items():
        if "json" in media or media == "*/*":
            return value if isinstance(value, dict) else {}
    return None


def _form_fields(
    op: dict[str, Any], params: list[dict[str, Any]], reader: SchemaReader, notes: list[str]
) -> list[dict[str, Any]] | None:
    """The fields of a form body (None: the operation has no form body)."""
    form = [p for p in params if p.get("in") == "formData"]
    if form:  # Swagger 2; a file upload is multipart, which an action does not send
        files = [str(raw.get("name")) for raw in form if raw.get("type") == "file"]
        if files:
            notes.append(f"file field(s) {', '.join(map(repr, files))} left out")
        return [_param(raw, reader, True) for raw in form if raw.get("type") != "file"] or None
    content = reader.refs.get(op.get("requestBody") or {}).get("content") or {}
    if _json_media(content) is not None or FORM_CONTENT_TYPE not in content:
        return None
    media = content[FORM_CONTENT_TYPE] if isinstance(content[FORM_CONTENT_TYPE], dict) else {}
    return body_fields(reader, media.get("schema") or {})


def _body_params(
    op: dict[str, Any], raw_params: list[dict], reader: SchemaReader, **ctx: Any
) -> tuple[list[Param], str]:
    """The body parameters and the body style: a JSON body's fields, else a form's."""
    upper, taken, notes = ctx["upper"], ctx["taken"], ctx["notes"]
    schema = _request_schema(op, raw_params, reader.refs)
    form = None if schema is not None else _form_fields(op, raw_params, reader, notes)
    if (schema is not None or form is not None) and upper in BODYLESS_METHODS:
        notes.append(f"a request body on {upper} left out")
        return [], "json"
    params: list[Param] = []
    for fields in body_fields(reader, schema) if schema is not None else form or []:
        if fields["name"] in taken:
            continue
        if form is not None and "." in fields["name"]:
            notes.append(f"form field {fields['name']!r} left out: a form body is flat")
            continue
        made = _make_param({**fields, "location": "body"}, notes)
        params += [made] if made else []
    return params, "form" if form is not None else "json"


def _request_schema(op: dict[str, Any], params: list[dict[str, Any]], refs: Any) -> Any:
    body = [p for p in params if p.get("in") == "body"]
    if body:
        return body[0].get("schema") or {}
    media = _json_media(refs.get(op.get("requestBody") or {}).get("content") or {})
    return None if media is None else media.get("schema") or {}


def _response(op: dict[str, Any], reader: SchemaReader, swagger2: bool) -> tuple[Any, list]:
    responses = op.get("responses") or {}
    codes = sorted(str(c) for c in responses if str(c).startswith("2"))
    for code in codes:
        response = reader.refs.get(
            responses.get(code) if code in responses else responses[int(code)]
        )
        if swagger2:
            example = (response.get("examples") or {}).get("application/json")
            schema = response.get("schema")
        else:
            media = _json_media(response.get("content") or {}) or {}
            examples = [
                reader.refs.get(e).get("value") for e in (media.get("examples") or {}).values()
            ]
            example = media.get("example", examples[0] if examples else None)
            schema = media.get("schema")
        if schema is None and example is None:
            continue
        sample = example if example is not None else sample_of(reader, schema)
        return sample, fields_of(reader, schema) if schema is not None else []
    return None, []


def _paths_fix(path: str, notes: list[str]) -> tuple[str, dict[str, str]]:
    renamed: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        if IDENTIFIER.match(name):
            return match.group(0)
        new = re.sub(r"\W", "_", name) or "param"
        new = new if re.match(r"[A-Za-z_]", new) else f"_{new}"
        renamed[name] = new
        notes.append(f"path placeholder {{{name}}} renamed {{{new}}}")
        return "{" + new + "}"

    return re.sub(r"\{([^{}]*)\}", fix, path), renamed


def build_action(
    path: str,
    method: str,
    op: dict[str, Any],
    shared: list[Any],
    reader: SchemaReader,
    swagger2: bool,
    taken: set[str],
) -> tuple[Action, list[str]]:
    """The action of one operation and the notes of what was changed to fit."""
    notes: list[str] = []
    raw_params = _merged_params(shared, op.get("parameters") or [], reader)
    fixed_path, renamed = _paths_fix(path, notes)
    params = _simple_params(raw_params, reader, swagger2, renamed, notes)
    upper = method.upper()
    taken_names = {p.name for p in params if p.location == "body"}
    body, body_style = _body_params(
        op, raw_params, reader, upper=upper, taken=taken_names, notes=notes
    )
    params += body
    cookies = [p for p in raw_params if p.get("in") == "cookie"]
    if cookies:
        notes.append(f"{len(cookies)} cookie parameter(s) left out")
    raw_id = op.get("operationId") or f"{method}_{path}"
    new_id = action_id(str(raw_id), taken)
    if op.get("operationId") and new_id != op["operationId"]:
        notes.append(f"operationId {op['operationId']!r} became action id {new_id!r}")
    sample, response_fields = _response(op, reader, swagger2)
    return Action(
        id=new_id,
        name=str(op.get("summary") or op.get("operationId") or f"{upper} {path}")[:200],
        description=str(op.get("description") or ""),
        method=upper,
        path=fixed_path,
        params=params,
        body_style=body_style,
        expected_response=sample,
        response_fields=response_fields,
        records_path=op.get("x-connector-lab-records-path"),
        pagination=_pagination(op.get("x-connector-lab-pagination")),
    ), notes


def _merged_params(shared: list[Any], own: list[Any], reader: SchemaReader) -> list[dict]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*shared, *own]:
        param = reader.refs.get(raw)
        if isinstance(param, dict):
            merged[(str(param.get("name")), str(param.get("in")))] = param
    return list(merged.values())


def _simple_params(
    raw_params: list[dict], reader: SchemaReader, swagger2: bool, renamed: dict, notes: list
) -> list[Param]:
    params = []
    for raw in raw_params:
        where = raw.get("in")
        if where not in ("path", "query", "header"):
            continue
        if where == "header" and str(raw.get("name", "")).lower() in _IGNORED_HEADERS:
            continue
        fields = _param(raw, reader, swagger2)
        if where == "path":
            fields["name"] = renamed.get(fields["name"], fields["name"])
            fields["required"] = True
        made = _make_param(fields, notes)
        params += [made] if made else []
    return params


def _pagination(raw: Any) -> Pagination | None:
    return Pagination.model_validate(raw) if isinstance(raw, dict) else None
