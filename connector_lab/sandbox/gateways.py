"""Endpoints behind the simple credential schemes: Aliyun AppCode, HTTP Basic, API key.

Each check compares against ``req.state.credentials`` in constant time and is strict about the
wire format (``APPCODE`` followed by exactly one space, a well-formed Basic header), because
the sandbox exists to catch clients that are almost right. Failures never quote the value sent.
"""

from __future__ import annotations

import json

from . import data, orders
from .credentials import basic_credentials, matches
from .messages import BadParameter, Request, Response, error_response, json_response

__all__ = [
    "apikey_header_items",
    "apikey_header_order",
    "apikey_query_items",
    "basic_profile",
    "weather",
]

_APPCODE_PREFIX = "APPCODE "


def weather(req: Request) -> Response:
    """``GET /gateway/weather?city=…`` with ``Authorization: APPCODE <code>``."""
    auth = req.header("Authorization") or ""
    code = auth[len(_APPCODE_PREFIX) :] if auth.startswith(_APPCODE_PREFIX) else None
    # "APPCODE  x" (two spaces) leaves a leading space in code and fails, as on the gateway.
    if not matches(code, req.state.credentials.app_code):
        return error_response(
            401,
            "InvalidAppCode",
            "Invalid AppCode: send header 'Authorization: APPCODE <AppCode>' (one space)",
            headers=[("X-Ca-Error-Message", "Invalid AppCode")],
        )
    city = req.arg("city")
    if not city:
        raise BadParameter("city", "city is required, e.g. ?city=Hangzhou")
    return json_response(data.weather(req.state.seed, city))


def _basic_user(req: Request) -> str | None:
    """The user name of a valid ``Authorization: Basic`` header, else None."""
    user, password = basic_credentials(req.header("Authorization")) or ("", "")
    creds = req.state.credentials
    if matches(user, creds.username) and matches(password, creds.password):
        return user
    return None


def basic_profile(req: Request) -> Response:
    """``GET /basic/profile`` with HTTP Basic auth → the user's profile."""
    user = _basic_user(req)
    if user is None:
        return error_response(
            401,
            "Unauthorized",
            "valid HTTP Basic credentials required",
            headers=[("WWW-Authenticate", 'Basic realm="sandbox"')],
        )
    return json_response(
        {
            "username": user,
            "display_name": "Demo User",
            "email": "demo@example.com",
            "roles": ["reader", "exporter"],
            "quota": {"requests_per_day": 10_000, "used": 42},
        }
    )


def _items(req: Request, via: str) -> Response:
    items = [data.paged_item(req.state.seed, n) for n in range(1, 11)]
    return json_response({"items": items, "auth": via})


def _bad_key(where: str) -> Response:
    return error_response(401, "InvalidApiKey", f"a valid API key is required in {where}")


def apikey_header_items(req: Request) -> Response:
    """``GET /apikey/header/items`` with header ``X-API-Key``."""
    if not matches(req.header("X-API-Key"), req.state.credentials.api_key):
        return _bad_key("header X-API-Key")
    return _items(req, "header")


def apikey_header_order(req: Request) -> Response:
    """``GET /apikey/header/orders/{id}?fields=id,number`` with header ``X-API-Key``: one order,
    only the fields named (all without ``fields``) — a keyed route with a path parameter and a
    query parameter, for the factory's end-to-end browser flows."""
    if not matches(req.header("X-API-Key"), req.state.credentials.api_key):
        return _bad_key("header X-API-Key")
    detail = orders.order_detail(req)
    wanted = [name for name in (req.arg("fields") or "").split(",") if name]
    if detail.status != 200 or not wanted:
        return detail
    found = json.loads(detail.body)
    return json_response({name: found[name] for name in wanted if name in found})


def apikey_query_items(req: Request) -> Response:
    """``GET /apikey/query/items?api_key=…``."""
    if not matches(req.arg("api_key"), req.state.credentials.api_key):
        return _bad_key("query parameter api_key")
    return _items(req, "query")
