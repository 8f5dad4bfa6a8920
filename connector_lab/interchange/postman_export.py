"""``to_postman``: a connector as a Postman v2.1 collection (spec F-10), valid against the
published collection schema.

- ``{{baseUrl}}`` holds protocol, host and base URL; every secret the auth scheme needs is a
  collection variable with an EMPTY value (``{{apiKey}}``, ``{{password}}``, …) — never a
  value — so the file can be shared and each user fills in their own.
- Auth sits at the collection level: basic, bearer, API key (header or query); the Aliyun
  AppCode gateway is an API-key header ``Authorization: APPCODE {{appCode}}``; DingTalk is
  the ``x-acs-dingtalk-access-token`` header (or ``access_token`` query) with a description
  of how to fetch the token; the zero-trust gateway's signature cannot be computed by
  Postman without a script and is described only; OAuth2 client credentials is Postman's own
  ``oauth2`` helper (client-credentials grant, ``{{clientId}}``/``{{clientSecret}}``).
- One request per action: ``{param}`` → ``:param`` path variables, query and header
  parameters with their defaults (or ``{{name}}`` placeholders), a raw JSON body built from
  the body parameters, and the expected response as a saved example.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..spec.actions import Action
from ..spec.connectors import Connector

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def to_postman(connector: Connector) -> dict[str, Any]:
    """The connector as a Postman v2.1 collection (a dict ready for ``json.dump``)."""
    auth, secrets, note = _auth(connector.auth)
    base = connector.origin + (connector.base_url.rstrip("/") or "")
    variables = [{"key": "baseUrl", "value": base, "type": "string"}]
    variables += [
        {"key": key, "value": "", "type": "string", "description": f"{label} (fill in; secret)"}
        for key, label in secrets
    ]
    description = "\n\n".join(t for t in (connector.description, note) if t)
    info = {"name": connector.display_name, "schema": SCHEMA_URL}
    if description:
        info["description"] = description
    return {
        "info": info,
        "item": [_item(action) for action in connector.actions],
        "auth": auth,
        "variable": variables,
    }


def _attrs(**values: str) -> list[dict[str, str]]:
    return [{"key": k, "value": v, "type": "string"} for k, v in values.items()]


def _auth(scheme: Any) -> tuple[dict, list[tuple[str, str]], str]:
    """``(postman auth, [(secret variable, label)], a note for the description)``."""
    kind = scheme.type
    if kind == "basic":
        auth = {"type": "basic", "basic": _attrs(username="{{username}}", password="{{password}}")}
        return auth, [("username", "User name"), ("password", "Password")], ""
    if kind == "bearer":
        return {"type": "bearer", "bearer": _attrs(token="{{token}}")}, [("token", "Token")], ""
    if kind == "api_key":
        attrs = _attrs(key=scheme.name, value="{{apiKey}}", **{"in": scheme.location})
        return {"type": "apikey", "apikey": attrs}, [("apiKey", "API key")], ""
    if kind == "aliyun_appcode":
        attrs = _attrs(key="Authorization", value="APPCODE {{appCode}}", **{"in": "header"})
        return {"type": "apikey", "apikey": attrs}, [("appCode", "AppCode")], ""
    if kind == "dingtalk":
        where = ("access_token", "query") if scheme.legacy else ("x-acs-dingtalk-access-token",
                                                                 "header")  # fmt: skip
        attrs = _attrs(key=where[0], value="{{accessToken}}", **{"in": where[1]})
        note = (
            "DingTalk: fetch an access token with your App Key and App Secret from "
            f"{scheme.token_url} and put it in the accessToken variable."
        )
        return {"type": "apikey", "apikey": attrs}, [("accessToken", "Access token")], note
    if kind == "oauth2_client_credentials":
        return _oauth2(scheme), [("clientId", "Client ID"), ("clientSecret", "Client secret")], ""
    if kind == "dingtalk_zero_trust":
        note = (
            "DingTalk zero-trust gateway: every request must be HMAC-signed with the App "
            "Secret (X-Hmac-Auth-* headers), which this collection does not do."
        )
        return {"type": "noauth"}, [], note
    if kind == "aliyun_signature":
        note = (
            "Aliyun API gateway signature mode: every request must be signed with the "
            "AppSecret (X-Ca-* headers), which this collection does not do."
        )
        return {"type": "noauth"}, [], note
    return {"type": "noauth"}, [], ""


def _oauth2(scheme: Any) -> dict[str, Any]:
    """Postman's own OAuth2 helper, set to the client-credentials grant."""
    attrs = _attrs(
        grant_type="client_credentials",
        accessTokenUrl=scheme.token_url,
        clientId="{{clientId}}",
        clientSecret="{{clientSecret}}",
        scope=scheme.scope,
        client_authentication="header" if scheme.client_auth == "basic" else "body",
        addTokenTo="header",
    )
    if scheme.audience:  # Postman sends it as an extra token-request parameter
        attrs.append({"key": "tokenRequestParams", "value": [], "type": "any"})
        attrs[-1]["value"] = [{"key": "audience", "value": scheme.audience, "enabled": True}]
    return {"type": "oauth2", "oauth2": attrs}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _value(param: Any) -> str:
    given = param.value if param.source == "static" else param.default
    return "{{" + param.name + "}}" if given is None else _text(given)


def _item(action: Action) -> dict[str, Any]:
    segments = [_segment(s) for s in action.path.strip("/").split("/") if s]
    query = [
        {"key": p.name, "value": _value(p), **_described(p)}
        for p in action.params
        if p.location == "query"
    ]
    raw = "{{baseUrl}}/" + "/".join(segments)
    if query:
        raw += "?" + "&".join(f"{q['key']}={q['value']}" for q in query)
    url: dict[str, Any] = {"raw": raw, "host": ["{{baseUrl}}"], "path": segments}
    if query:
        url["query"] = query
    path_vars = [
        {"key": p.name, "value": "" if p.default is None else _text(p.default), **_described(p)}
        for p in action.params
        if p.location == "path"
    ]
    if path_vars:
        url["variable"] = path_vars
    request: dict[str, Any] = {"method": action.method, "header": _headers(action), "url": url}
    if action.description:
        request["description"] = action.description
    body = _body(action)
    if body is not None:
        request["body"] = {"mode": "raw", "raw": body, "options": {"raw": {"language": "json"}}}
    item = {"id": action.id, "name": action.name, "request": request, "response": []}
    if action.expected_response is not None:
        item["response"].append(_example(action, request))
    return item


def _segment(segment: str) -> str:
    """``{id}`` → ``:id``; a placeholder inside a segment (``{name}.json``) → ``{{name}}``."""
    if re.fullmatch(r"\{\w+\}", segment):
        return ":" + segment[1:-1]
    return re.sub(r"\{(\w+)\}", r"{{\1}}", segment)


def _described(param: Any) -> dict[str, str]:
    return {"description": param.description} if param.description else {}


def _headers(action: Action) -> list[dict[str, str]]:
    headers = [
        {"key": p.name, "value": _value(p), **_described(p)}
        for p in action.params
        if p.location == "header"
    ]
    if any(p.location == "body" for p in action.params):
        headers.append({"key": "Content-Type", "value": "application/json"})
    return headers


def _body(action: Action) -> str | None:
    params = [p for p in action.params if p.location == "body"]
    if not params:
        return None
    tree: dict[str, Any] = {}
    for param in params:
        *outer, last = param.name.split(".")
        node = tree
        for key in outer:
            node = node.setdefault(key, {})
        given = param.value if param.source == "static" else param.default
        node[last] = "{{" + param.name + "}}" if given is None else given
    return json.dumps(tree, indent=2, ensure_ascii=False)


def _example(action: Action, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Expected response",
        "originalRequest": request,
        "status": "OK",
        "code": 200,
        "_postman_previewlanguage": "json",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(action.expected_response, indent=2, ensure_ascii=False),
    }
