"""``to_openapi``: a connector → an OpenAPI 3.1 document (a dict; ``json.dumps`` it to save).

Servers from host, protocol and base URL; one security scheme from the auth scheme (never a
credential: a spec has no place for one); an operation per action with its parameters, a
JSON request body from the body parameters (dotted names become nested objects), the
expected response as the 200 response's schema and example, and pagination and the records
path as the ``x-connector-lab-pagination`` / ``x-connector-lab-records-path`` extensions.
What OpenAPI cannot hold is listed in :data:`NOT_HELD`.
"""

from __future__ import annotations

from typing import Any

from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.params import Param
from ..spec.samples import infer_schema, to_json_schema

#: Connector fields an OpenAPI document cannot hold (lost in a round trip).
NOT_HELD = (
    "icon_url",
    "retry",
    "rate_limit",
    "timeouts",
    "auth prompts (username_label, password_label, key_label, token_label)",
    "auth types other than none / basic / api_key / bearer (exported as an apiKey header)",
    "DingTalk token_url, legacy and refresh_margin; zero-trust version",
    "Aliyun signature method, extra signed headers and stage",
    "OAuth2 client_auth, audience and refresh_margin",
    "param source, value and system_field (static and system-field parameters)",
    "param default of a body parameter whose name holds a dot inside a key",
    "accounts (credentials are never exported)",
)
_SCHEME = "connectorAuth"


def _security(connector: Connector) -> dict[str, Any] | None:
    auth = connector.auth
    if auth.type == "none":
        return None
    if auth.type == "basic":
        return {"type": "http", "scheme": "basic"}
    if auth.type == "bearer":
        return {"type": "http", "scheme": "bearer"}
    if auth.type == "api_key":
        return {"type": "apiKey", "in": auth.location, "name": auth.name}
    if auth.type == "aliyun_appcode":
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Aliyun API gateway AppCode: send 'APPCODE <your AppCode>'.",
        }
    if auth.type == "oauth2_client_credentials":
        scopes = dict.fromkeys(auth.scope.split(), "")
        flow = {"tokenUrl": auth.token_url, "scopes": scopes}
        return {"type": "oauth2", "flows": {"clientCredentials": flow}}
    if auth.type == "dingtalk":
        where = (
            ("query", "access_token") if auth.legacy else ("header", "x-acs-dingtalk-access-token")
        )
        return {
            "type": "apiKey",
            "in": where[0],
            "name": where[1],
            "description": "DingTalk access token, fetched with App Key and App Secret "
            f"from {auth.token_url} and sent with every request.",
        }
    if auth.type == "aliyun_signature":
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Ca-Key",
            "description": "Aliyun API gateway signature mode: the AppKey in X-Ca-Key, every "
            "request signed with the AppSecret (X-Ca-Signature and the other X-Ca-* headers).",
        }
    return {
        "type": "apiKey",
        "in": "header",
        "name": auth.api_key_header,
        "description": "DingTalk zero-trust gateway: the App Key in this header, every "
        "request HMAC-signed with the App Secret.",
    }


def _schema(param: Param) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": param.type}
    if param.default is not None:
        schema["default"] = param.default
    if param.description:
        schema["description"] = param.description
    return schema


def _parameter(param: Param) -> dict[str, Any]:
    out: dict[str, Any] = {"name": param.name, "in": param.location}
    if param.description:
        out["description"] = param.description
    out["required"] = True if param.location == "path" else param.required
    schema = {"type": param.type}
    if param.default is not None:
        schema["default"] = param.default
    out["schema"] = schema
    return out


def _body(params: list[Param]) -> dict[str, Any]:
    root: dict[str, Any] = {"type": "object", "properties": {}}
    for param in params:
        node, parts = root, param.name.split(".")
        for part in parts[:-1]:
            child = node["properties"].setdefault(part, {"type": "object", "properties": {}})
            if param.required and part not in node.setdefault("required", []):
                node["required"].append(part)
            node = child
        node["properties"][parts[-1]] = _schema(param)
        if param.required:
            node.setdefault("required", []).append(parts[-1])
    return root


def _response_schema(action: Action) -> dict[str, Any]:
    schema = to_json_schema(infer_schema(action.expected_response))
    for field in action.response_fields:
        node = schema
        for step in field.path.replace("[]", ".[]").split("."):
            if step == "[]":
                node = node.get("items", {})
            elif step:
                parent, node = node, node.get("properties", {}).get(step, {})
                required = [r for r in parent.get("required", []) if r != step]
                required += [step] if field.required else []
                if required or "required" in parent:
                    parent["required"] = required
        if field.description:
            node["description"] = field.description
    return schema


#: The request body's media type for each body style (a form's fields are flat).
_MEDIA = {"json": "application/json", "form": "application/x-www-form-urlencoded"}


def _operation(action: Action) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": action.id, "summary": action.name}
    if action.description:
        op["description"] = action.description
    simple = [p for p in action.params if p.location != "body"]
    if simple:
        op["parameters"] = [_parameter(p) for p in simple]
    body = [p for p in action.params if p.location == "body"]
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {_MEDIA[action.body_style]: {"schema": _body(body)}},
        }
    response: dict[str, Any] = {"description": "The expected response."}
    if action.expected_response is not None:
        response["content"] = {
            "application/json": {
                "schema": _response_schema(action),
                "example": action.expected_response,
            }
        }
    op["responses"] = {"200": response}
    if action.pagination is not None:
        op["x-connector-lab-pagination"] = action.pagination.model_dump(mode="json")
    if action.records_path:
        op["x-connector-lab-records-path"] = action.records_path
    return op


def to_openapi(connector: Connector) -> dict[str, Any]:
    """The connector as an OpenAPI 3.1 document (valid per openapi-spec-validator)."""
    info: dict[str, Any] = {"title": connector.display_name, "version": "1.0.0"}
    if connector.description:
        info["description"] = connector.description
    base = "" if connector.base_url == "/" else connector.base_url
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": info,
        "servers": [{"url": f"{connector.origin}{base}"}],
        "paths": {},
    }
    for action in connector.actions:
        item = doc["paths"].setdefault(action.path, {})
        item[action.method.lower()] = _operation(action)
    security = _security(connector)
    if security:
        doc["components"] = {"securitySchemes": {_SCHEME: security}}
        doc["security"] = [{_SCHEME: []}]
    return doc
