"""The OAuth2 client-credentials life cycle against the sandbox's token endpoint (counted at
the server): one token request for twenty concurrent runs, an expired token replaced once, a
rejected token replaced once and the request retried once, the server's RFC 6749 §5.2
``error``/``error_description`` in the AuthError (never the secret), and how the client
authenticated — HTTP basic or form fields — as the server saw it."""

from __future__ import annotations

import pytest

from connector_lab import AuthAccount, AuthError, Client, OAuth2ClientCredentialsAuth

from .conftest import run_at_once, token_client


def oauth2_client(api, cache, *, account=None, **settings) -> Client:
    settings = {"token_url": f"{api.url}/oauth2/token", "scope": "items:read", **settings}
    scheme = OAuth2ClientCredentialsAuth(**settings)
    return token_client(api, cache, scheme, "/oauth2/api/items", account)


def test_one_token_request_for_twenty_concurrent_runs(fresh_sandbox, token_cache):
    client = oauth2_client(fresh_sandbox, token_cache)
    statuses = [result.status for result in run_at_once(client, 20)]
    assert statuses == [200] * 20
    assert fresh_sandbox.oauth2_token_requests == 1
    assert token_cache.fetches == 1


def test_bearer_header_and_token_reused(fresh_sandbox, token_cache):
    client = oauth2_client(fresh_sandbox, token_cache)
    sent = client.run("echo", note="hi")._first_response.request.headers
    assert sent["Authorization"] == "Bearer " + token_cache.current(client.auth._key())
    assert client.run("call").status == 200
    assert fresh_sandbox.oauth2_token_requests == 1


@pytest.mark.parametrize("style", ["body", "basic"])
def test_client_auth_style_seen_at_the_server(fresh_sandbox, token_cache, style):
    client = oauth2_client(fresh_sandbox, token_cache, client_auth=style, audience="https://x")
    assert client.run("call").status == 200
    (login,) = fresh_sandbox.oauth2_logins
    assert login["client_auth"] == style
    assert login["client_id"] == fresh_sandbox.credentials.client_id
    in_body = ["client_id", "client_secret"] if style == "body" else []
    assert login["fields"] == sorted(["audience", "grant_type", "scope", *in_body])
    assert (login["scope"], login["audience"]) == ("items:read", "https://x")


def test_expired_token_is_replaced_once(fresh_sandbox, token_cache, clock):
    fresh_sandbox.token_ttl = 60.0
    client = oauth2_client(fresh_sandbox, token_cache)
    assert client.run("call").status == 200
    fresh_sandbox.expire_tokens()  # the server's side of the expiry
    clock.advance(61.0)  # the client's side: its token has expired, so it fetches first
    result = client.run("call")
    assert result.status == 200 and result.history == []
    assert client.run("call").status == 200
    assert (fresh_sandbox.oauth2_token_requests, fresh_sandbox.oauth2_tokens_issued) == (2, 2)


def test_rejected_token_is_replaced_once_and_the_request_retried_once(fresh_sandbox, token_cache):
    client = oauth2_client(fresh_sandbox, token_cache)
    assert client.run("call").status == 200
    fresh_sandbox.expire_tokens()  # revoked: the client still thinks its token is good
    results = run_at_once(client, 10)
    assert [r.status for r in results] == [200] * 10
    assert all([s for s, _ in r.history] in ([], [401]) for r in results)
    assert fresh_sandbox.oauth2_token_requests == 2


def test_retry_happens_only_once(fresh_sandbox, token_cache):
    fresh_sandbox.token_ttl = 0  # every token is expired when issued
    client = oauth2_client(fresh_sandbox, token_cache)
    result = client.run("call")
    assert result.status == 401 and len(result.history) == 1
    assert result.json()["error"] == "invalid_token"
    assert fresh_sandbox.oauth2_token_requests == 2


@pytest.mark.parametrize("style", ["body", "basic"])
def test_invalid_client_carries_the_servers_text(fresh_sandbox, token_cache, style):
    account = AuthAccount(
        name="prod", values={"client_id": "someone", "client_secret": "not-the-secret-42"}
    )
    client = oauth2_client(fresh_sandbox, token_cache, account=account, client_auth=style)
    with pytest.raises(AuthError) as info:
        client.run("call")
    error = info.value
    assert str(error) == (
        "OAuth2 did not issue an access token for account 'prod': invalid_client — "
        f"client authentication failed (HTTP 401 from {fresh_sandbox.url}/oauth2/token); "
        "check the account's client ID and client secret, and auth.scope"
    )
    assert (error.code, error.provider_message, error.status) == (
        "invalid_client",
        "client authentication failed",
        401,
    )
    assert "not-the-secret-42" not in repr(error) + str(error)
    assert error.error_code == "auth.token_failed"


def test_invalid_scope_carries_the_servers_text(fresh_sandbox, token_cache):
    client = oauth2_client(fresh_sandbox, token_cache, scope="items:read admin")
    with pytest.raises(AuthError) as info:
        client.run("call")
    assert info.value.code == "invalid_scope"
    assert "unknown scope 'admin'" in str(info.value)
    assert fresh_sandbox.credentials.client_secret not in str(info.value)


def test_a_token_per_scope(fresh_sandbox, token_cache):
    read = oauth2_client(fresh_sandbox, token_cache, scope="items:read")
    write = oauth2_client(fresh_sandbox, token_cache, scope="items:write")
    assert read.run("call").status == write.run("call").status == 200
    assert fresh_sandbox.oauth2_token_requests == 2


def test_token_url_is_checked():
    with pytest.raises(ValueError, match="is not an absolute http"):
        OAuth2ClientCredentialsAuth(token_url="/oauth2/token")


@pytest.mark.parametrize(
    ("answer", "seconds"),
    [
        ({}, 3600.0),
        ({"expires_in": "120"}, 120.0),
        ({"expires_in": "soon"}, 3600.0),
        ({"expires_in": -5}, 3600.0),
        ({"expires_in": float("nan")}, 3600.0),
    ],
)
def test_expiry_read_leniently(fresh_sandbox, token_cache, answer, seconds):
    client = oauth2_client(fresh_sandbox, token_cache)
    assert client.auth.parse_expiry(answer) == seconds
