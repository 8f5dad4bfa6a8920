"""The DingTalk token life cycle against the sandbox's token endpoint: fetched once for many
concurrent calls, reused, refreshed before expiry, re-fetched once after a 401, and a refusal
that carries DingTalk's code and message — never the secret."""

from __future__ import annotations

import pytest

from connector_lab import AuthAccount, AuthError, Client, DingTalkAuth, TokenCache

from .conftest import FakeClock, run_at_once, token_client


def dingtalk_client(api, cache, *, legacy=False, account=None, margin=300.0) -> Client:
    token_url = f"{api.url}/gettoken" if legacy else f"{api.url}/v1.0/oauth2/accessToken"
    scheme = DingTalkAuth(token_url=token_url, legacy=legacy, refresh_margin=margin)
    path = "/topapi/v2/user/list" if legacy else "/v1.0/contact/users"
    return token_client(api, cache, scheme, path, account)


def test_one_fetch_for_twenty_concurrent_calls(fresh_sandbox, token_cache):
    client = dingtalk_client(fresh_sandbox, token_cache)
    statuses = [result.status for result in run_at_once(client, 20)]
    assert statuses == [200] * 20
    assert fresh_sandbox.token_requests == 1
    assert token_cache.fetches == 1


def test_token_is_reused_across_clients_sharing_a_cache(fresh_sandbox, token_cache):
    first = dingtalk_client(fresh_sandbox, token_cache)
    second = dingtalk_client(fresh_sandbox, token_cache)
    assert first.run("call").status == second.run("call").status == 200
    assert fresh_sandbox.token_requests == 1


def test_token_sent_in_the_dingtalk_header(fresh_sandbox, token_cache):
    client = dingtalk_client(fresh_sandbox, token_cache)
    sent = client.run("echo", note="hi")._first_response.request.headers
    assert sent["x-acs-dingtalk-access-token"] == token_cache.current(client.auth._key())


@pytest.mark.parametrize(
    ("lifetime", "refresh_at"),
    [
        (900.0, 600.0),  # the default margin of 300 s before expiry
        (60.0, 30.0),  # a lifetime shorter than the margin: at half of it
    ],
)
def test_refreshed_before_expiry(fresh_sandbox, token_cache, clock, lifetime, refresh_at):
    fresh_sandbox.token_ttl = lifetime
    client = dingtalk_client(fresh_sandbox, token_cache)
    assert client.run("call").status == 200
    clock.advance(refresh_at - 1)
    assert client.run("call").status == 200
    assert fresh_sandbox.token_requests == 1
    clock.advance(2.0)  # inside the margin: asked again (DingTalk answers with the same token)
    assert client.run("call").status == 200
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (2, 1)


def test_new_token_after_expiry_without_a_401(fresh_sandbox, token_cache, clock):
    fresh_sandbox.token_ttl = 60.0
    client = dingtalk_client(fresh_sandbox, token_cache)
    assert client.run("call").status == 200
    fresh_sandbox.expire_tokens()  # the server's side of the expiry, without waiting for it
    clock.advance(61.0)  # the client's side: its token has expired, so it fetches first
    result = client.run("call")
    assert result.status == 200 and result.history == []
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (2, 2)


def test_rejected_token_is_dropped_and_the_call_retried_once(fresh_sandbox, token_cache):
    client = dingtalk_client(fresh_sandbox, token_cache)
    assert client.run("call").status == 200
    fresh_sandbox.expire_tokens()
    result = client.run("call")
    assert result.status == 200
    assert [status for status, _ in result.history] == [401]
    assert fresh_sandbox.token_requests == 2


def test_concurrent_401s_cause_one_refetch(fresh_sandbox, token_cache):
    client = dingtalk_client(fresh_sandbox, token_cache)
    client.run("call")
    fresh_sandbox.expire_tokens()
    statuses = [result.status for result in run_at_once(client, 10)]
    assert statuses == [200] * 10
    assert fresh_sandbox.token_requests == 2


def test_retry_happens_only_once(fresh_sandbox, token_cache):
    # A token endpoint that keeps issuing tokens the API refuses: one retry, then the 401.
    client = dingtalk_client(fresh_sandbox, token_cache)
    fresh_sandbox.token_ttl = 0  # every token is already expired when issued
    result = client.run("call")
    assert result.status == 401
    assert len(result.history) == 1
    assert result.json()["code"] == "InvalidAuthentication"


def test_invalid_credentials_error_text(fresh_sandbox, token_cache):
    account = AuthAccount(
        name="prod", values={"app_key": "ding-unknown", "app_secret": "not-the-secret-42"}
    )
    client = dingtalk_client(fresh_sandbox, token_cache, account=account)
    with pytest.raises(AuthError) as info:
        client.run("call")
    error = info.value
    assert str(error) == (
        "DingTalk did not issue an access token for account 'prod': invalidClientIdOrSecret — "
        f"无效的clientId或者clientSecret (HTTP 400 from {fresh_sandbox.url}"
        "/v1.0/oauth2/accessToken); check the account's App Key and App Secret"
    )
    assert error.code == "invalidClientIdOrSecret"
    assert error.provider_message == "无效的clientId或者clientSecret"
    assert error.status == 400
    assert "not-the-secret-42" not in repr(error) + str(error)


def test_legacy_style_token_in_query(fresh_sandbox, token_cache):
    client = dingtalk_client(fresh_sandbox, token_cache, legacy=True)
    first = client.run("call")
    assert first.status == 200 and first.json()["errcode"] == 0
    assert "access_token=***" in first.request.url
    fresh_sandbox.expire_tokens()
    again = client.run("call")
    assert again.json()["errcode"] == 0  # errcode 40014 → dropped, re-fetched, retried
    assert fresh_sandbox.token_requests == 2


def test_legacy_invalid_credentials(fresh_sandbox, token_cache):
    account = AuthAccount(name="old", values={"app_key": "k", "app_secret": "bad-secret-99"})
    client = dingtalk_client(fresh_sandbox, token_cache, legacy=True, account=account)
    with pytest.raises(AuthError) as info:
        client.run("call")
    assert info.value.code == "40089"
    assert "不合法的appkey或appsecret" in str(info.value)
    assert "bad-secret-99" not in str(info.value)


def test_unreachable_token_endpoint(fresh_sandbox, token_cache):
    scheme = DingTalkAuth(token_url="http://127.0.0.1:9/v1.0/oauth2/accessToken")
    client = token_client(fresh_sandbox, token_cache, scheme, "/v1.0/contact/users")
    with pytest.raises(AuthError) as info:
        client.run("call")
    assert str(info.value) == (
        "could not reach the DingTalk token endpoint "
        "http://127.0.0.1:9/v1.0/oauth2/accessToken (ConnectionError); check auth.token_url "
        "and the network"
    )


def test_token_cache_unit_refresh_margin():
    clock = FakeClock(start=0.0)
    cache = TokenCache(clock=clock)
    fetched = []

    def fetch():
        fetched.append(1)
        return f"t{len(fetched)}", 7200.0

    assert cache.get("k", fetch, margin=300) == "t1"
    clock.advance(6899.0)
    assert cache.get("k", fetch, margin=300) == "t1"
    clock.advance(1.0)
    assert cache.get("k", fetch, margin=300) == "t2"
    cache.invalidate("k", "t1")  # stale value: ignored
    assert cache.current("k") == "t2"
    cache.invalidate("k", "t2")
    assert cache.current("k") is None
    assert cache.get("k", fetch) == "t3"
    cache.clear()  # e.g. after rotating an App Secret
    assert cache.current("k") is None
