"""OAuth2 client credentials (RFC 6749 §4.4): an access token fetched with the client id and
secret, cached, and sent as ``Authorization: Bearer <token>`` (RFC 6750).

Built on the token-fetch template (``token_flow.py``), so it shares the cache, the refresh
margin, one fetch under concurrency and the one retry after a 401 with DingTalk's scheme.
The token request is a form ``POST`` (``grant_type=client_credentials``, ``scope``,
``audience``); the client authenticates in the body or with HTTP basic (RFC 6749 §2.3.1, which
form-encodes id and secret before joining them). A refusal is the §5.2 JSON ``error`` and
``error_description``, shown as the server wrote them.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote_plus

import requests

from ...spec.schemes import OAuth2ClientCredentialsAuth
from .registry import register_credentials
from .token_flow import TokenCredentials
from .tokens import cache_key

#: Seconds a token lives when the server omits ``expires_in`` (RFC 6749 makes it optional).
DEFAULT_LIFETIME = 3600


@register_credentials("oauth2_client_credentials")
class OAuth2ClientCredentials(TokenCredentials):
    """Client credentials grant; the scheme's ``client_auth`` picks body or basic."""

    provider = "OAuth2"
    refusal_hint = "check the account's client ID and client secret, and auth.scope"
    key_fields = ("client_id", "client_secret")
    credential_headers = frozenset({"authorization"})
    scheme: OAuth2ClientCredentialsAuth

    def _key(self) -> str:
        # Scope and audience are in the key: a token for one scope is not one for another.
        client = map(self.account.resolve, self.key_fields)
        return cache_key(self.token_url, *client, self.scheme.scope, self.scheme.audience)

    def build_token_request(self) -> dict[str, Any]:
        client_id, secret = map(self.account.resolve, self.key_fields)
        settings = {"scope": self.scheme.scope, "audience": self.scheme.audience}
        form = {"grant_type": "client_credentials", **{k: v for k, v in settings.items() if v}}
        headers = {"Accept": "application/json"}
        if self.scheme.client_auth == "basic":
            headers["Authorization"] = basic_client_auth(client_id, secret)
        else:
            form |= {"client_id": client_id, "client_secret": secret}
        return {"method": "POST", "url": self.token_url, "data": form, "headers": headers}

    def parse_token(self, response: requests.Response, data: dict[str, Any]) -> str | None:
        token = data.get("access_token")
        kind = str(data.get("token_type", "bearer")).lower()
        return str(token) if response.ok and token and kind == "bearer" else None

    def parse_expiry(self, data: dict[str, Any]) -> float:
        # RFC 6749 makes expires_in optional and some servers send it as a string; a value
        # that is not a finite number >= 0 is read as absent rather than failing the run.
        try:
            seconds = float(data.get("expires_in", DEFAULT_LIFETIME))
        except (TypeError, ValueError, OverflowError):
            return float(DEFAULT_LIFETIME)
        return seconds if 0 <= seconds < float("inf") else float(DEFAULT_LIFETIME)

    def parse_refusal(self, data: dict[str, Any]) -> tuple[Any, Any]:
        if "error" not in data and data.get("access_token"):
            # §5.1 says bearer; another type (e.g. "mac") would be sent wrongly as Bearer.
            return "unsupported_token_type", f"token_type {data.get('token_type')!r} is not bearer"
        return data.get("error"), data.get("error_description")

    def apply_token(self, r: requests.PreparedRequest, token: str) -> None:
        r.headers["Authorization"] = f"Bearer {token}"

    def token_used(self, r: requests.PreparedRequest) -> str | None:
        value = r.headers.get("Authorization", "")
        return value[len("Bearer ") :] if value.startswith("Bearer ") else None


def basic_client_auth(client_id: str, secret: str) -> str:
    """The ``Authorization`` value of RFC 6749 §2.3.1: id and secret form-encoded, then basic."""
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}"
    return "Basic " + base64.b64encode(pair.encode()).decode("ascii")
