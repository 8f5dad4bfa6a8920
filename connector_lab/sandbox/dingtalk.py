"""DingTalk open-platform emulation: the token endpoints and APIs that demand the token.

New style (api.dingtalk.com): ``POST /v1.0/oauth2/accessToken`` with a JSON body, errors as
HTTP 4xx with ``{"requestid", "code", "message"}``, token in header
``x-acs-dingtalk-access-token``. Legacy style (oapi.dingtalk.com): ``GET /gettoken``, always
HTTP 200 with an ``errcode``, token in query parameter ``access_token``. Both styles share one
token pool per app key, as the platform does. Messages never contain a supplied secret.
"""

from __future__ import annotations

from typing import Any

from . import data
from .credentials import matches
from .messages import Request, Response, json_response, request_id

__all__ = [
    "TOKEN_HEADER",
    "access_token",
    "contact_user",
    "contact_users",
    "legacy_gettoken",
    "legacy_user_list",
]

TOKEN_HEADER = "x-acs-dingtalk-access-token"


def _credentials_ok(req: Request, app_key: Any, app_secret: Any) -> bool:
    creds = req.state.credentials
    return matches(app_key, creds.app_key) and matches(app_secret, creds.app_secret)


def _new_style_error(status: int, code: str, message: str) -> Response:
    return json_response({"requestid": request_id(), "code": code, "message": message}, status)


def access_token(req: Request) -> Response:
    """``POST /v1.0/oauth2/accessToken`` ``{"appKey", "appSecret"}`` → accessToken, expireIn."""
    req.state.count_token_request()
    try:
        body = req.json()
    except ValueError:
        return _new_style_error(
            400, "MissingParameter", "请求体缺失或不是 JSON (body must be JSON)"
        )
    if not isinstance(body, dict):
        return _new_style_error(400, "InvalidParameter", "请求体必须是 JSON 对象 (JSON object)")
    for name in ("appKey", "appSecret"):
        if not body.get(name):
            return _new_style_error(400, "MissingParameter", f"缺少参数 {name} (missing {name})")
    if not _credentials_ok(req, body["appKey"], body["appSecret"]):
        return _new_style_error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
    token, ttl = req.state.issue_token(body["appKey"])
    return json_response({"accessToken": token, "expireIn": ttl})


def legacy_gettoken(req: Request) -> Response:
    """``GET /gettoken?appkey=…&appsecret=…`` → errcode 0 and access_token, or errcode 40089."""
    req.state.count_token_request()
    app_key, app_secret = req.arg("appkey"), req.arg("appsecret")
    if not _credentials_ok(req, app_key, app_secret):
        # The legacy platform answers HTTP 200 and signals failure in errcode.
        return json_response({"errcode": 40089, "errmsg": "不合法的appkey或appsecret"})
    token, ttl = req.state.issue_token(app_key)
    return json_response({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": ttl})


def _unauthenticated() -> Response:
    return _new_style_error(401, "InvalidAuthentication", "不合法的access_token")


def contact_users(req: Request) -> Response:
    """``GET /v1.0/contact/users`` (token header) → ``{"list": [...], "hasMore": false}``."""
    if not req.state.token_is_valid(req.header(TOKEN_HEADER)):
        return _unauthenticated()
    return json_response({"list": data.users(req.state.seed), "hasMore": False})


def contact_user(req: Request) -> Response:
    """``GET /v1.0/contact/users/{userId}`` (token header) → one user, or 404."""
    if not req.state.token_is_valid(req.header(TOKEN_HEADER)):
        return _unauthenticated()
    for user in data.users(req.state.seed):
        if user["userId"] == req.params["userId"]:
            return json_response(user)
    return _new_style_error(404, "UserNotFound", "用户不存在 (no such userId)")


def legacy_user_list(req: Request) -> Response:
    """``GET|POST /topapi/v2/user/list?access_token=…`` → errcode 0 and result, or 40014."""
    if not req.state.token_is_valid(req.arg("access_token")):
        return json_response({"errcode": 40014, "errmsg": "不合法的access_token"})
    result = {"list": data.users(req.state.seed), "has_more": False, "next_cursor": None}
    return json_response(
        {"errcode": 0, "errmsg": "ok", "result": result, "request_id": request_id().lower()}
    )
