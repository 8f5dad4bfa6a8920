"""Helpers that point connectors at the sandbox, one per auth scheme."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from connector_lab import (
    Action,
    AliyunAppCodeAuth,
    AliyunSignatureAuth,
    ApiKeyAuth,
    AuthAccount,
    BasicAuth,
    Client,
    Connector,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
    OAuth2ClientCredentialsAuth,
    Param,
    TokenCache,
)
from connector_lab.sandbox import SandboxCredentials

CANARY = SandboxCredentials(
    app_key="canary-app-key-8f3a",
    app_secret="canary-app-secret-1c9e",
    username="canary-user",
    password="canary-password-77d2",
    api_key="canary-api-key-5b0f",
    app_code="canary-appcode-e41a",
    aliyun_app_key="canary-aliyun-key-3d7c",
    aliyun_app_secret="canary-aliyun-secret-6b2e",
    client_id="canary-client-id",
    client_secret="canary-client-secret-d6b3",
)

#: The secret values of CANARY (the App Key and user name are identifiers, not secrets).
CANARY_SECRETS = [
    CANARY.app_secret,
    CANARY.password,
    CANARY.api_key,
    CANARY.app_code,
    CANARY.aliyun_app_secret,
    CANARY.client_secret,
]

#: scheme name -> (scheme, the sandbox path it protects)
SCHEME_CASES = {
    "none": (NoAuth(), "/orders"),
    "basic": (BasicAuth(), "/basic/profile"),
    "api_key_header": (ApiKeyAuth(name="X-API-Key", location="header"), "/apikey/header/items"),
    "api_key_query": (ApiKeyAuth(name="api_key", location="query"), "/apikey/query/items"),
    "aliyun_appcode": (AliyunAppCodeAuth(), "/gateway/weather"),
    "aliyun_signature": (AliyunSignatureAuth(), "/aliyun/signed/v1/call"),
    "dingtalk": (None, "/v1.0/contact/users"),
    "dingtalk_legacy": (None, "/topapi/v2/user/list"),
    "dingtalk_zero_trust": (DingTalkZeroTrustAuth(), "/zt/v1/echo"),
    "oauth2_body": (None, "/oauth2/api/items"),
    "oauth2_basic": (None, "/oauth2/api/items"),
}


def scheme_for(name: str, api) -> object:
    if name == "dingtalk":
        return DingTalkAuth(token_url=f"{api.url}/v1.0/oauth2/accessToken")
    if name == "dingtalk_legacy":
        return DingTalkAuth(token_url=f"{api.url}/gettoken", legacy=True)
    if name.startswith("oauth2_"):
        client_auth = name.removeprefix("oauth2_")
        return OAuth2ClientCredentialsAuth(
            token_url=f"{api.url}/oauth2/token", client_auth=client_auth, scope="items:read"
        )
    return SCHEME_CASES[name][0]


def account_for(scheme, creds: SandboxCredentials, name: str = "test") -> AuthAccount:
    values = {
        "none": {},
        "basic": {"username": creds.username, "password": creds.password},
        "api_key": {"token": creds.api_key},
        "bearer": {"token": creds.api_key},
        "aliyun_appcode": {"app_code": creds.app_code},
        "aliyun_signature": {
            "app_key": creds.aliyun_app_key,
            "app_secret": creds.aliyun_app_secret,
        },
        "dingtalk": {"app_key": creds.app_key, "app_secret": creds.app_secret},
        "dingtalk_zero_trust": {"app_key": creds.app_key, "app_secret": creds.app_secret},
        "oauth2_client_credentials": {
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
        },
    }[scheme.type]
    return AuthAccount(name=name, values=values)


def connector_for(api, scheme, path: str, extra_actions=(), params=None) -> Connector:
    """A connector whose action ``call`` is ``GET path`` (with ``params``; the weather's city
    by default), beside redirect and echo actions and any ``extra_actions``."""
    if params is None:
        params = [Param(name="city", default="Hangzhou")] if path == "/gateway/weather" else []
    return Connector(
        display_name="Sandbox",
        host=api.host_port,
        protocol="http",
        auth=scheme,
        actions=[
            Action(id="call", name="Call", path=path, params=params),
            Action(
                id="to_other_host",
                name="Redirect elsewhere",
                path="/redirect/other-host",
                params=[Param(name="to", default="/echo"), Param(name="code", default="302")],
            ),
            Action(
                id="to_same_host",
                name="Redirect here",
                path="/redirect/same-host",
                params=[Param(name="to", default="/echo"), Param(name="code", default="302")],
            ),
            Action(
                id="echo",
                name="Echo",
                method="POST",
                path="/echo",
                params=[Param(name="note", location="body")],
            ),
            *extra_actions,
        ],
    )


def token_client(api, cache: TokenCache, scheme, path: str, account=None) -> Client:
    """A client of a token scheme (DingTalk, OAuth2) calling ``path`` with ``cache``; the
    account is the sandbox's own unless one is given."""
    return Client(
        connector_for(api, scheme, path),
        account or account_for(scheme, api.credentials),
        token_cache=cache,
    )


def run_at_once(client: Client, times: int, action: str = "call") -> list:
    """``times`` runs of ``action`` started together on as many threads: their Results."""
    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(lambda _: client.run(action), range(times)))


class FakeClock:
    """A clock a test moves by hand, so token expiry needs no sleeping (and cannot flake)."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def token_cache(clock) -> TokenCache:
    """A cache of this test alone, so tokens never leak between tests; its time is ``clock``."""
    return TokenCache(clock=clock)


__all__ = [
    "CANARY",
    "CANARY_SECRETS",
    "SCHEME_CASES",
    "FakeClock",
    "account_for",
    "connector_for",
    "run_at_once",
    "scheme_for",
    "token_client",
]
