"""DingTalk emulation: token endpoints (new and legacy), reuse, expiry, counters, and the APIs
that demand the token in a header (new style) or the query (legacy style)."""

from __future__ import annotations

import re
import time

import pytest
import requests

from connector_lab.sandbox import serve

TOKEN_PATH = "/v1.0/oauth2/accessToken"
HEADER = "x-acs-dingtalk-access-token"


def _token(api, app_key=None, app_secret=None) -> requests.Response:
    creds = api.credentials
    body = {"appKey": app_key or creds.app_key, "appSecret": app_secret or creds.app_secret}
    return requests.post(api.url + TOKEN_PATH, json=body)


def _users(api, token) -> requests.Response:
    return requests.get(api.url + "/v1.0/contact/users", headers={HEADER: token})


def test_token_is_issued(fresh_sandbox):
    r = _token(fresh_sandbox)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"accessToken", "expireIn"}
    assert body["expireIn"] == 7200
    assert re.fullmatch(r"[0-9a-f]{32}", body["accessToken"])
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (1, 1)


def test_asking_again_returns_the_same_token(fresh_sandbox):
    first = _token(fresh_sandbox).json()["accessToken"]
    second = _token(fresh_sandbox).json()["accessToken"]
    assert first == second
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (2, 1)


def test_tokens_are_random_not_derived_from_the_secret():
    with serve() as a, serve() as b:
        token_a = _token(a).json()["accessToken"]
        token_b = _token(b).json()["accessToken"]
    assert token_a != token_b


def test_bad_secret_is_400_invalid_client(fresh_sandbox):
    r = _token(fresh_sandbox, app_secret="not-the-secret")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalidClientIdOrSecret"
    assert body["message"] == "无效的clientId或者clientSecret"
    assert body["requestid"]
    assert "not-the-secret" not in r.text
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (1, 0)


def test_bad_app_key_is_400(sandbox):
    assert _token(sandbox, app_key="someone-else").json()["code"] == "invalidClientIdOrSecret"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "MissingParameter"),
        (b"{not json", "MissingParameter"),
        (b'["appKey"]', "InvalidParameter"),
        (b'{"appKey": "demo-app-key"}', "MissingParameter"),
        (b'{"appSecret": "x"}', "MissingParameter"),
    ],
)
def test_missing_or_invalid_body_is_400(sandbox, body, code):
    r = requests.post(
        sandbox.url + TOKEN_PATH, data=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["code"] == code
    assert r.json()["requestid"]


def test_token_endpoint_is_post_only(sandbox):
    r = requests.get(sandbox.url + TOKEN_PATH)
    assert r.status_code == 405
    assert "POST" in r.headers["Allow"]


def test_legacy_gettoken_shares_the_token_pool(fresh_sandbox):
    creds = fresh_sandbox.credentials
    r = requests.get(
        fresh_sandbox.url + "/gettoken",
        params={"appkey": creds.app_key, "appsecret": creds.app_secret},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["errcode"] == 0
    assert body["errmsg"] == "ok"
    assert body["expires_in"] == 7200
    assert body["access_token"] == _token(fresh_sandbox).json()["accessToken"]
    assert (fresh_sandbox.token_requests, fresh_sandbox.tokens_issued) == (2, 1)


@pytest.mark.parametrize("params", [{"appkey": "demo-app-key", "appsecret": "wrong"}, {}])
def test_legacy_gettoken_failure_is_200_with_errcode(fresh_sandbox, params):
    r = requests.get(fresh_sandbox.url + "/gettoken", params=params)
    assert r.status_code == 200
    assert r.json() == {"errcode": 40089, "errmsg": "不合法的appkey或appsecret"}
    assert fresh_sandbox.token_requests == 1


def test_contact_users_with_token(sandbox):
    r = _users(sandbox, _token(sandbox).json()["accessToken"])
    assert r.status_code == 200
    body = r.json()
    assert body["hasMore"] is False
    assert len(body["list"]) >= 10
    first = body["list"][0]
    assert first["userId"] == "user001"
    assert first["dept"]["parent"]["deptId"] == 1
    assert isinstance(first["roles"], list) and first["roles"][0]["name"]


@pytest.mark.parametrize("headers", [{}, {HEADER: "not-a-token"}, {HEADER: ""}])
def test_contact_users_without_valid_token_is_401(sandbox, headers):
    r = requests.get(sandbox.url + "/v1.0/contact/users", headers=headers)
    assert r.status_code == 401
    body = r.json()
    assert body["code"] == "InvalidAuthentication"
    assert body["message"] == "不合法的access_token"
    assert body["requestid"]


def test_contact_user_by_id(sandbox):
    token = _token(sandbox).json()["accessToken"]
    r = requests.get(sandbox.url + "/v1.0/contact/users/user002", headers={HEADER: token})
    assert r.status_code == 200
    assert r.json()["userId"] == "user002"
    assert r.json() == _users(sandbox, token).json()["list"][1]
    missing = requests.get(sandbox.url + "/v1.0/contact/users/nobody", headers={HEADER: token})
    assert missing.status_code == 404
    unauthenticated = requests.get(sandbox.url + "/v1.0/contact/users/user002")
    assert unauthenticated.status_code == 401


def test_legacy_user_list(sandbox):
    token = _token(sandbox).json()["accessToken"]
    r = requests.get(sandbox.url + "/topapi/v2/user/list", params={"access_token": token})
    assert r.status_code == 200
    assert r.json()["errcode"] == 0
    assert r.json()["result"]["list"][0]["userId"] == "user001"
    bad = requests.post(sandbox.url + "/topapi/v2/user/list", params={"access_token": "nope"})
    assert bad.status_code == 200
    assert bad.json() == {"errcode": 40014, "errmsg": "不合法的access_token"}


def test_expire_tokens_invalidates_and_the_next_token_is_new(fresh_sandbox):
    old = _token(fresh_sandbox).json()["accessToken"]
    assert _users(fresh_sandbox, old).status_code == 200
    fresh_sandbox.expire_tokens()
    assert _users(fresh_sandbox, old).status_code == 401
    new = _token(fresh_sandbox).json()["accessToken"]
    assert new != old
    assert _users(fresh_sandbox, new).status_code == 200
    assert fresh_sandbox.tokens_issued == 2


def test_token_ttl_applies_to_new_tokens_and_they_expire(fresh_sandbox):
    fresh_sandbox.token_ttl = 0.3
    assert fresh_sandbox.token_ttl == 0.3
    body = _token(fresh_sandbox).json()
    assert body["expireIn"] == 0.3
    assert _users(fresh_sandbox, body["accessToken"]).status_code == 200
    time.sleep(0.4)
    assert _users(fresh_sandbox, body["accessToken"]).status_code == 401
    assert _token(fresh_sandbox).json()["accessToken"] != body["accessToken"]
    assert fresh_sandbox.tokens_issued == 2


def test_token_ttl_from_serve():
    with serve(token_ttl=5) as api:
        assert _token(api).json()["expireIn"] == 5
