"""DingTalk open platform (钉钉开放平台验证): an access token obtained with App Key and App
Secret, cached per app key, and sent as ``x-acs-dingtalk-access-token`` — or, legacy style,
as the ``access_token`` query parameter.

Two wire styles over the one token-fetch template (``token_flow.py``):
:class:`DingTalkCredentials` (``POST`` JSON to ``/v1.0/oauth2/accessToken``, errors as HTTP
4xx with ``code``/``message``) and :class:`DingTalkLegacyCredentials` (``GET /gettoken``,
always HTTP 200 with an ``errcode``). The scheme's ``legacy`` flag picks the class. A 401, an
``InvalidAuthentication`` answer or a legacy token errcode (also wrapped as ``errcode 88`` with
a ``sub_code``) drops the cached token and retries
the request once with a fresh one.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from ...spec.schemes import DingTalkAuth
from ..urls import query_value, set_query_value
from .registry import register_credentials
from .token_flow import TokenCredentials

TOKEN_HEADER = "x-acs-dingtalk-access-token"
LEGACY_TOKEN_QUERY = "access_token"
#: Legacy errcodes that mean "this access token is not valid (any more)".
LEGACY_TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
#: The newer legacy answer wraps them: ``errcode 88`` with the real code in ``sub_code``.
LEGACY_WRAPPER_ERRCODE = 88
#: Seconds a token lives when the endpoint does not say (the platform's documented 7200).
DEFAULT_LIFETIME = 7200


class DingTalkCredentials(TokenCredentials):
    """The current style: token from ``POST {"appKey", "appSecret"}``, sent as a header."""

    provider = "DingTalk"
    key_fields = ("app_key", "app_secret")
    refusal_hint = "check the account's App Key and App Secret"
    credential_headers = frozenset({TOKEN_HEADER})
    credential_query = frozenset({LEGACY_TOKEN_QUERY})

    def _app(self, key_name: str, secret_name: str) -> dict[str, str]:
        """App Key and App Secret under the names the token endpoint expects."""
        app_key, app_secret = map(self.account.resolve, self.key_fields)
        return {key_name: app_key, secret_name: app_secret}

    def build_token_request(self) -> dict[str, Any]:
        return {"method": "POST", "url": self.token_url, "json": self._app("appKey", "appSecret")}

    def parse_token(self, response: requests.Response, data: dict[str, Any]) -> str | None:
        return str(data["accessToken"]) if response.ok and data.get("accessToken") else None

    def parse_expiry(self, data: dict[str, Any]) -> float:
        return float(data.get("expireIn", DEFAULT_LIFETIME))

    def parse_refusal(self, data: dict[str, Any]) -> tuple[Any, Any]:
        return data.get("code"), data.get("message")

    def is_token_rejected(self, response: requests.Response) -> bool:
        # A 401, or any error that names the token (some APIs answer 400 or 403).
        return super().is_token_rejected(response) or (
            response.status_code >= 400 and b"InvalidAuthentication" in response.content[:4096]
        )

    def apply_token(self, r: requests.PreparedRequest, token: str) -> None:
        r.headers[TOKEN_HEADER] = token

    def token_used(self, r: requests.PreparedRequest) -> str | None:
        return r.headers.get(TOKEN_HEADER)


class DingTalkLegacyCredentials(DingTalkCredentials):
    """The legacy (``oapi``) style: token from ``GET /gettoken?appkey=…&appsecret=…``, sent
    as the ``access_token`` query parameter; failures come as HTTP 200 with an ``errcode``."""

    def build_token_request(self) -> dict[str, Any]:
        return {"method": "GET", "url": self.token_url, "params": self._app("appkey", "appsecret")}

    def parse_token(self, response: requests.Response, data: dict[str, Any]) -> str | None:
        issued = data.get("errcode") == 0 and data.get("access_token")
        return str(data["access_token"]) if issued else None

    def parse_expiry(self, data: dict[str, Any]) -> float:
        return float(data.get("expires_in", DEFAULT_LIFETIME))

    def parse_refusal(self, data: dict[str, Any]) -> tuple[Any, Any]:
        return data.get("errcode"), data.get("errmsg")

    def is_token_rejected(self, response: requests.Response) -> bool:
        # Legacy APIs answer HTTP 200 and say in ``errcode`` that the token is not valid.
        rejected = super().is_token_rejected(response)
        return rejected or _token_errcode(response) in LEGACY_TOKEN_ERRCODES

    def apply_token(self, r: requests.PreparedRequest, token: str) -> None:
        r.url = set_query_value(r.url, LEGACY_TOKEN_QUERY, token)

    def token_used(self, r: requests.PreparedRequest) -> str | None:
        return query_value(r.url, LEGACY_TOKEN_QUERY)


def _token_errcode(response: requests.Response) -> int | None:
    """The legacy errcode that says why a token was refused: ``errcode``, or the
    ``sub_code`` of an ``errcode 88`` answer (None for any other body)."""
    if b'"errcode"' not in response.content[:256]:
        return None
    try:
        data = json.loads(response.content)
        code = data.get("errcode")
        if code == LEGACY_WRAPPER_ERRCODE:
            code = data.get("sub_code")
        return int(code)
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
        return None


@register_credentials("dingtalk")
def dingtalk_style(scheme: DingTalkAuth) -> type[DingTalkCredentials]:
    """The class for the scheme's wire style: its ``legacy`` flag picks it."""
    return DingTalkLegacyCredentials if scheme.legacy else DingTalkCredentials
