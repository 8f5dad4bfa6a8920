"""Each auth scheme over real HTTP: against the sandbox, and basic / API key / bearer also
against pytest-httpserver (a server we did not write)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import pytest
import requests
from werkzeug import Response

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    BasicAuth,
    BearerAuth,
    Client,
    Connector,
    DingTalkAuth,
    SpecError,
)
from connector_lab.spec.schemes import SCHEMES, AccountField
from connector_lab.wire.auth import (
    CredentialAuth,
    DingTalkCredentials,
    DingTalkLegacyCredentials,
    credentials_class,
    credentials_for,
    register_credentials,
    registry,
    string_to_sign,
)

from .conftest import SCHEME_CASES, account_for, connector_for, scheme_for


@pytest.mark.parametrize("name", sorted(SCHEME_CASES))
def test_scheme_is_accepted_by_the_sandbox(name, sandbox, token_cache):
    scheme = scheme_for(name, sandbox)
    path = SCHEME_CASES[name][1]
    client = Client(
        connector_for(sandbox, scheme, path),
        account_for(scheme, sandbox.credentials),
        token_cache=token_cache,
    )
    result = client.run("call")
    assert result.status == 200, result.text
    body = result.json()
    if name == "dingtalk_legacy":
        assert body["errcode"] == 0
    assert body


@pytest.mark.parametrize("name", sorted(set(SCHEME_CASES) - {"none"}))
def test_wrong_credentials_are_refused(name, sandbox, token_cache):
    scheme = scheme_for(name, sandbox)
    wrong = type(sandbox.credentials)(*(["wrong-" + "x" * 8] * 10))
    client = Client(
        connector_for(sandbox, scheme, SCHEME_CASES[name][1]),
        account_for(scheme, wrong),
        token_cache=token_cache,
    )
    if name.startswith(("dingtalk", "oauth2")) and name != "dingtalk_zero_trust":
        from connector_lab import AuthError

        with pytest.raises(AuthError):
            client.run("call")
    else:
        assert client.run("call").status == 401


def test_basic_header_on_the_wire(sandbox):
    client = Client(
        connector_for(sandbox, BasicAuth(), "/echo"),
        AuthAccount(name="t", values={"username": "ann", "password": "p:w"}),
    )
    headers = client.run("call").json()["headers"]
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"ann:p:w").decode()


def test_zero_trust_signature_is_what_the_spec_says(sandbox):
    from connector_lab import DingTalkZeroTrustAuth

    scheme = DingTalkZeroTrustAuth()
    client = Client(
        connector_for(sandbox, scheme, "/zt/v1/echo"), account_for(scheme, sandbox.credentials)
    )
    result = client.run("call")
    assert result.status == 200
    sent = result._first_response.request.headers
    import hashlib
    import hmac

    text = string_to_sign(
        "GET", sent["X-Hmac-Auth-Timestamp"], sent["X-Hmac-Auth-Nonce"], "/zt/v1/echo", ""
    )
    expected = base64.b64encode(
        hmac.new(sandbox.credentials.app_secret.encode(), text.encode(), hashlib.sha256).digest()
    ).decode()
    assert sent["X-Hmac-Auth-Signature"] == expected
    assert sent["apiKey"] == sandbox.credentials.app_key
    assert sent["X-Hmac-Auth-Version"] == "1.0"


def test_zero_trust_signs_the_query_too(sandbox):
    from connector_lab import DingTalkZeroTrustAuth, Param

    scheme = DingTalkZeroTrustAuth()
    action = Action(
        id="q",
        name="Q",
        path="/zt/v1/echo",
        params=[Param(name="b", default="2"), Param(name="a", default="1 x")],
    )
    client = Client(
        connector_for(sandbox, scheme, "/zt/v1/echo", [action]),
        account_for(scheme, sandbox.credentials),
    )
    assert client.run("q").status == 200


def test_account_missing_a_value_is_refused_before_sending(sandbox):
    with pytest.raises(SpecError) as info:
        Client(
            connector_for(sandbox, BasicAuth(username_label="工号"), "/basic/profile"),
            AuthAccount(name="t", values={"password": "x"}),
        )
    assert str(info.value) == (
        "account 't'.username: 工号 is required by Basic authentication; fill it in"
    )


def test_env_reference_is_resolved_when_sending(sandbox, monkeypatch):
    monkeypatch.setenv("CL_SANDBOX_KEY", sandbox.credentials.api_key)
    scheme = ApiKeyAuth(name="X-API-Key")
    client = Client(
        connector_for(sandbox, scheme, "/apikey/header/items"),
        AuthAccount(name="env", values={"token": "env:CL_SANDBOX_KEY"}),
    )
    assert client.run("call").status == 200
    monkeypatch.setenv("CL_SANDBOX_KEY", "rotated")
    assert client.run("call").status == 401  # read at send time, not at construction


# -- against pytest-httpserver ----------------------------------------------------------------
def _httpserver_connector(httpserver, scheme) -> Connector:
    return Connector(
        display_name="httpserver",
        host=f"{httpserver.host}:{httpserver.port}",
        protocol="http",
        auth=scheme,
        actions=[Action(id="data", name="Data", path="/data")],
    )


def _echo_headers(request):
    return Response(
        json.dumps(
            {
                "auth": request.headers.get("Authorization"),
                "key": request.headers.get("X-Key"),
                "query": dict(request.args),
            }
        ),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("scheme", "values", "check"),
    [
        (
            BasicAuth(),
            {"username": "u", "password": "pw"},
            lambda b: b["auth"] == "Basic " + base64.b64encode(b"u:pw").decode(),
        ),
        (ApiKeyAuth(name="X-Key"), {"token": "k1"}, lambda b: b["key"] == "k1"),
        (
            ApiKeyAuth(name="key", location="query"),
            {"token": "k 2"},
            lambda b: b["query"] == {"key": "k 2"},
        ),
        (BearerAuth(), {"token": "t3"}, lambda b: b["auth"] == "Bearer t3"),
    ],
    ids=["basic", "api_key_header", "api_key_query", "bearer"],
)
def test_static_schemes_against_pytest_httpserver(httpserver, scheme, values, check):
    httpserver.expect_request("/data").respond_with_handler(_echo_headers)
    client = Client(_httpserver_connector(httpserver, scheme), AuthAccount(name="t", values=values))
    result = client.run("data")
    assert result.status == 200
    assert check(result.json()), result.json()


# -- the registry of credentials by scheme type -------------------------------------------------
@pytest.mark.parametrize("scheme_type", sorted(SCHEMES))
def test_every_scheme_type_has_credentials(scheme_type):
    scheme = SCHEMES[scheme_type].model_construct()  # defaults, no settings needed here
    assert issubclass(credentials_class(scheme), CredentialAuth)


def test_the_legacy_flag_picks_the_dingtalk_style():
    assert credentials_class(DingTalkAuth()) is DingTalkCredentials
    assert credentials_class(DingTalkAuth(legacy=True)) is DingTalkLegacyCredentials


def test_unknown_scheme_type_names_the_known_ones():
    @dataclass
    class Pigeon:
        type: str = "carrier_pigeon"

    with pytest.raises(SpecError) as info:
        credentials_for(Pigeon(), AuthAccount(name="t"), session=requests.Session())
    assert str(info.value) == (
        "auth.type: 'carrier_pigeon' is not an auth scheme type with credentials on the wire; "
        "known: aliyun_appcode, aliyun_signature, api_key, basic, bearer, dingtalk, "
        "dingtalk_zero_trust, none, oauth2_client_credentials "
        "(a new one is added with register_credentials)"
    )


@dataclass
class _SignedAuth:
    """A scheme of a user's own: a token sent as ``X-Signed: sig <token>``."""

    type: str = "x_signed"

    def account_fields(self) -> list[AccountField]:
        return [AccountField("token", "Token", secret=True)]


def test_a_scheme_of_ones_own_is_registered_and_used(httpserver, monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    @register_credentials("x_signed")
    class SignedCredentials(CredentialAuth):
        credential_headers = frozenset({"x-signed"})

        def __call__(self, r):
            r.headers["X-Signed"] = "sig " + self.account.resolve("token")
            return r

    httpserver.expect_request("/data", headers={"X-Signed": "sig t-42"}).respond_with_data("ok")
    with requests.Session() as session:
        account = AuthAccount(name="own", values={"token": "t-42"})
        auth = credentials_for(_SignedAuth(), account, session=session)
        assert isinstance(auth, SignedCredentials)
        assert session.get(httpserver.url_for("/data"), auth=auth).text == "ok"
    assert auth.redactor().text("sent t-42") == "sent ***"
