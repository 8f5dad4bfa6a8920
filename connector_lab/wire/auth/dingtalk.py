"""DingTalk open platform (钉钉开放平台验证): an access token obtained with App Key and App
Secret, cached per app key, sent as ``x-acs-dingtalk-access-token`` (or, legacy style, as the
``access_token`` query parameter).

The token request is split into named steps (build, send, parse) so a private deployment with
another token format needs one override, not a copy. A 401 or an ``InvalidAuthentication``
answer drops the cached token and retries the request once with a fresh one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from ...errors import AuthError, SpecError
from ...spec.accounts import AuthAccount
from ...spec.schemes import DingTalkAuth
from .base import CredentialAuth, origin_of
from .tokens import DEFAULT_TOKEN_CACHE, TokenCache, cache_key

TOKEN_HEADER = "x-acs-dingtalk-access-token"
LEGACY_TOKEN_QUERY = "access_token"
#: Legacy errcodes that mean "this access token is not valid (any more)".
LEGACY_TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
_RETRIED = "_connector_lab_token_retried"


class DingTalkCredentials(CredentialAuth):
    """Fetches, caches and applies a DingTalk access token; retries once after a 401."""

    credential_headers = frozenset({TOKEN_HEADER})
    credential_query = frozenset({LEGACY_TOKEN_QUERY})

    def __init__(
        self,
        account: AuthAccount,
        scheme: DingTalkAuth,
        secret_keys: Iterable[str] = ("app_secret",),
        *,
        session: requests.Session,
        cache: TokenCache | None = None,
        timeout: float = 30.0,
    ):
        super().__init__(account, secret_keys)
        self.scheme = scheme
        self.session = session
        self.cache = cache if cache is not None else DEFAULT_TOKEN_CACHE
        self.timeout = timeout

    # -- the token ---------------------------------------------------------------------------
    def _key(self) -> str:
        return cache_key(
            self.scheme.token_url,
            self.account.resolve("app_key"),
            self.account.resolve("app_secret"),
        )

    def token(self) -> str:
        """A valid access token, from the cache or fetched now."""
        return self.cache.get(self._key(), self.fetch_token, margin=self.scheme.refresh_margin)

    def secrets(self) -> list[str]:
        values = super().secrets()
        try:
            current = self.cache.current(self._key())
        except SpecError:  # an unset env reference: no token was fetched with it either
            current = None
        return [*values, current] if current else values

    def fetch_token(self) -> tuple[str, float]:
        """Ask the token endpoint; return ``(access_token, seconds_valid)``."""
        try:
            response = self.send_token_request()
        except requests.RequestException as exc:
            raise AuthError(
                f"could not reach the DingTalk token endpoint {self.scheme.token_url} "
                f"({type(exc).__name__}); check auth.token_url and the network",
            ) from None
        return self.parse_token_response(response)

    def send_token_request(self) -> requests.Response:
        app_key, app_secret = self.account.resolve("app_key"), self.account.resolve("app_secret")
        if self.scheme.legacy:
            return self.session.get(
                self.scheme.token_url,
                params={"appkey": app_key, "appsecret": app_secret},
                timeout=self.timeout,
                allow_redirects=False,
            )
        return self.session.post(
            self.scheme.token_url,
            json={"appKey": app_key, "appSecret": app_secret},
            timeout=self.timeout,
            allow_redirects=False,
        )

    def parse_token_response(self, response: requests.Response) -> tuple[str, float]:
        try:
            data: Any = json.loads(response.content)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise self._refused(response, None, "the token endpoint did not answer with JSON")
        if self.scheme.legacy:
            if data.get("errcode") == 0 and data.get("access_token"):
                return str(data["access_token"]), float(data.get("expires_in", 7200))
            raise self._refused(response, data.get("errcode"), data.get("errmsg"))
        if response.ok and data.get("accessToken"):
            return str(data["accessToken"]), float(data.get("expireIn", 7200))
        raise self._refused(response, data.get("code"), data.get("message"))

    def _refused(self, response: requests.Response, code: Any, message: Any) -> AuthError:
        code_text = None if code is None else str(code)
        said = " — ".join(str(part) for part in (code_text, message) if part) or "no reason"
        text = (
            f"DingTalk did not issue an access token for account {self.account.name!r}: "
            f"{said} (HTTP {response.status_code} from {self.scheme.token_url}); "
            "check the account's App Key and App Secret"
        )
        return AuthError(
            self.redactor().text(text),
            code=code_text,
            provider_message=None if message is None else str(message),
            status=response.status_code,
        )

    # -- applying it -------------------------------------------------------------------------
    def _apply(self, r: requests.PreparedRequest, token: str) -> None:
        if self.scheme.legacy:
            parts = urlsplit(r.url)
            pairs = [
                (k, v)
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if k != LEGACY_TOKEN_QUERY
            ]
            pairs.append((LEGACY_TOKEN_QUERY, token))
            r.url = urlunsplit(parts._replace(query=urlencode(pairs)))
        else:
            r.headers[TOKEN_HEADER] = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self._apply(r, self.token())
        self._origin = origin_of(r.url)
        r.register_hook("response", self._retry_on_rejected_token)
        return r

    def is_token_rejected(self, response: requests.Response) -> bool:
        if response.status_code == 401:
            return True
        if response.status_code >= 400 and b"InvalidAuthentication" in response.content[:4096]:
            return True
        if self.scheme.legacy and b'"errcode"' in response.content[:256]:
            try:
                return json.loads(response.content).get("errcode") in LEGACY_TOKEN_ERRCODES
            except (ValueError, AttributeError):
                return False
        return False

    def _retry_on_rejected_token(self, response: requests.Response, **kwargs: Any):
        request = response.request
        if getattr(request, _RETRIED, False) or origin_of(response.url) != self._origin:
            # Only once, and only for the API's own server (never after a redirect elsewhere).
            return response
        if not self.is_token_rejected(response):
            return response
        used = (
            request.headers.get(TOKEN_HEADER)
            if not self.scheme.legacy
            else dict(parse_qsl(urlsplit(request.url).query)).get(LEGACY_TOKEN_QUERY)
        )
        if used:
            self.cache.invalidate(self._key(), used)
        response.content  # noqa: B018 - read the body so the connection can be reused
        response.close()
        retry = request.copy()
        self._apply(retry, self.token())
        setattr(retry, _RETRIED, True)
        new_response = response.connection.send(retry, **kwargs)
        new_response.history.append(response)
        new_response.request = retry
        return new_response
