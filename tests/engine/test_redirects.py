"""No credential crosses a redirect to another host (or scheme, or port): not Authorization,
not a custom credential header, not an API key or access token in the query. The sandbox's
redirect carries the original query along, as a moved server would."""

from __future__ import annotations

import pytest
import requests

from connector_lab import Client
from connector_lab.wire.transport import CredentialSafeSession

from .conftest import CANARY, CANARY_SECRETS, SCHEME_CASES, account_for, connector_for, scheme_for

CREDENTIAL_HEADERS = {
    "authorization",
    "x-api-key",
    "x-acs-dingtalk-access-token",
    "apikey",
    "x-hmac-auth-signature",
    "x-ca-signature",
    "x-ca-key",
}


@pytest.fixture(scope="module")
def canary_sandbox():
    from connector_lab.sandbox import serve

    with serve(credentials=CANARY) as api:
        yield api


def _client(api, name, cache) -> Client:
    scheme = scheme_for(name, api)
    return Client(
        connector_for(api, scheme, SCHEME_CASES[name][1]),
        account_for(scheme, api.credentials),
        token_cache=cache,
    )


def _token(client) -> str | None:
    auth = client.auth
    return auth.cache.current(auth._key()) if hasattr(auth, "cache") else None


@pytest.mark.parametrize("code", ["301", "302", "303", "307", "308"])
@pytest.mark.parametrize("name", sorted(set(SCHEME_CASES) - {"none"}))
def test_nothing_secret_reaches_another_host(canary_sandbox, token_cache, name, code):
    client = _client(canary_sandbox, name, token_cache)
    result = client.run("to_other_host", code=code)
    assert result.status == 200
    assert [status for status, _ in result.history] == [int(code)]
    echo = result.json()
    assert echo["server"] == canary_sandbox.other_url.removeprefix("http://")
    sent_headers = {name.lower() for name in echo["headers"]}
    assert sent_headers & CREDENTIAL_HEADERS == set()
    assert "api_key" not in echo["query"] and "access_token" not in echo["query"]
    raw = result.text
    for secret in [*CANARY_SECRETS, _token(client)]:
        if secret:
            assert secret not in raw


@pytest.mark.parametrize("name", sorted(set(SCHEME_CASES) - {"none", "dingtalk_zero_trust"}))
def test_same_host_redirect_keeps_credentials(canary_sandbox, token_cache, name):
    # The positive control: the same assertions would pass vacuously if nothing were sent.
    client = _client(canary_sandbox, name, token_cache)
    echo = client.run("to_same_host").json()
    assert echo["server"] == canary_sandbox.host_port
    headers = {k.lower(): v for k, v in echo["headers"].items()}
    sent = set(headers) & CREDENTIAL_HEADERS or set(echo["query"]) & {"api_key", "access_token"}
    assert sent, echo


def _redirect(old: str, new: str, headers: dict[str, str]) -> requests.PreparedRequest:
    session = CredentialSafeSession(old)
    session.protect(["X-Custom-Key"], ["key"])
    original = requests.Request("GET", old, headers=headers).prepare()
    response = requests.Response()
    response.request = original
    follow = requests.Request("GET", new, headers=headers).prepare()
    session.rebuild_auth(follow, response)
    return follow


@pytest.mark.parametrize(
    "new",
    [
        "https://api.example.com/next?key=s&page=2",  # scheme change (http → https)
        "http://api.example.com:8080/next?key=s&page=2",  # port change
        "http://other.example.com/next?key=s&page=2",  # host change
    ],
)
def test_any_origin_change_strips_credentials(new):
    headers = {"Authorization": "Basic x", "X-Custom-Key": "s", "Accept": "a/b"}
    follow = _redirect("http://api.example.com/start?key=s", new, headers)
    assert dict(follow.headers) == {"Accept": "a/b"}
    assert follow.url.endswith("/next?page=2")


def test_same_origin_keeps_credentials():
    headers = {"Authorization": "Basic x", "X-Custom-Key": "s"}
    follow = _redirect("http://api.example.com/a", "http://API.example.com:80/b?key=s", headers)
    assert follow.headers["Authorization"] == "Basic x"
    assert follow.headers["X-Custom-Key"] == "s"
    assert "key=s" in follow.url
