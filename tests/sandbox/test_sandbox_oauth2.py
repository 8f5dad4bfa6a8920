"""OAuth2 client-credentials emulation, driven with plain requests: both client
authentication styles, the RFC 6749 §5.2 errors, short-lived tokens, the bearer-protected
route's 401 challenge, the counters, and no secret in any answer."""

from __future__ import annotations

import base64
import time

import pytest
import requests

from connector_lab.sandbox import SandboxCredentials, serve
from connector_lab.sandbox.__main__ import build_parser

TOKEN = "/oauth2/token"
ITEMS = "/oauth2/api/items"


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def _body_token(api, **form) -> requests.Response:
    creds = api.credentials
    fields = {"grant_type": "client_credentials", "client_id": creds.client_id}
    fields |= {"client_secret": creds.client_secret, **form}
    return requests.post(api.url + TOKEN, data={k: v for k, v in fields.items() if v is not None})


def _items(api, token: str) -> requests.Response:
    return requests.get(api.url + ITEMS, headers={"Authorization": f"Bearer {token}"})


def test_body_client_auth_issues_a_bearer_token(fresh_sandbox):
    r = _body_token(fresh_sandbox, scope="items:read")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 7200
    assert body["scope"] == "items:read"
    assert _items(fresh_sandbox, body["access_token"]).json()["items"]
    assert fresh_sandbox.oauth2_logins[0]["client_auth"] == "body"
    assert (fresh_sandbox.oauth2_token_requests, fresh_sandbox.oauth2_tokens_issued) == (1, 1)
    assert fresh_sandbox.token_requests == 0  # DingTalk's counter is its own


def test_basic_client_auth_issues_a_token(fresh_sandbox):
    creds = fresh_sandbox.credentials
    r = requests.post(
        fresh_sandbox.url + TOKEN,
        data={"grant_type": "client_credentials", "audience": "https://api.example"},
        headers=_basic(creds.client_id, creds.client_secret),
    )
    assert r.status_code == 200
    login = fresh_sandbox.oauth2_logins[0]
    assert login["client_auth"] == "basic" and login["fields"] == ["audience", "grant_type"]
    assert login["audience"] == "https://api.example"


@pytest.mark.parametrize(
    ("form", "headers", "status", "error"),
    [
        ({"client_secret": "wrong"}, {}, 401, "invalid_client"),
        ({"grant_type": "password"}, {}, 400, "unsupported_grant_type"),
        ({"grant_type": ""}, {}, 400, "invalid_request"),
        ({"scope": "items:read admin"}, {}, 400, "invalid_scope"),
        ({}, _basic("demo-client-id", "demo-client-secret"), 400, "invalid_request"),  # two
    ],
)
def test_rfc6749_errors(fresh_sandbox, form, headers, status, error):
    creds = fresh_sandbox.credentials
    fields = {"grant_type": "client_credentials", "client_id": creds.client_id}
    fields |= {"client_secret": creds.client_secret, **form}
    r = requests.post(fresh_sandbox.url + TOKEN, data=fields, headers=headers)
    assert (r.status_code, r.json()["error"]) == (status, error)
    assert r.json()["error_description"]
    assert creds.client_secret not in r.text and "wrong" not in r.json()["error_description"]
    if error == "invalid_client":
        assert r.headers["WWW-Authenticate"] == 'Basic realm="sandbox"'
    assert fresh_sandbox.oauth2_tokens_issued == 0


def test_json_body_is_not_a_token_request(fresh_sandbox):
    creds = fresh_sandbox.credentials
    body = {"grant_type": "client_credentials", "client_id": creds.client_id}
    r = requests.post(fresh_sandbox.url + TOKEN, json=body)
    assert (r.status_code, r.json()["error"]) == (400, "invalid_request")


def test_short_lived_token_expires_and_is_challenged(fresh_sandbox):
    fresh_sandbox.token_ttl = 0.2
    body = _body_token(fresh_sandbox).json()
    assert body["expires_in"] == 0.2
    assert _items(fresh_sandbox, body["access_token"]).status_code == 200
    time.sleep(0.3)
    r = _items(fresh_sandbox, body["access_token"])
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert r.headers["WWW-Authenticate"].startswith('Bearer realm="sandbox", error="invalid_token"')


def test_missing_unknown_and_revoked_tokens(fresh_sandbox):
    missing = requests.get(fresh_sandbox.url + ITEMS)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == (
        'Bearer realm="sandbox"'
    )
    assert _items(fresh_sandbox, "made-up").status_code == 401
    token = _body_token(fresh_sandbox).json()["access_token"]
    fresh_sandbox.expire_tokens()  # revocation, as far as the client can tell
    assert _items(fresh_sandbox, token).status_code == 401
    fresh_sandbox.reset()
    assert (fresh_sandbox.oauth2_token_requests, fresh_sandbox.oauth2_logins) == (0, [])


def test_each_grant_is_a_new_token(fresh_sandbox):
    first = _body_token(fresh_sandbox).json()["access_token"]
    second = _body_token(fresh_sandbox).json()["access_token"]
    assert first != second and fresh_sandbox.oauth2_tokens_issued == 2


def test_started_credentials_are_the_ones_checked():
    values = dict.fromkeys(("app_key", "app_secret", "username", "password"), "x")
    values |= {"api_key": "a", "app_code": "c"}
    creds = SandboxCredentials(**values, client_id="my-client", client_secret="my-client-secret")
    assert "my-client-secret" not in repr(creds)
    with serve(credentials=creds) as api:
        assert _body_token(api).status_code == 200
        demo = _body_token(api, client_id="demo-client-id", client_secret="demo-client-secret")
        assert demo.status_code == 401


def test_help_lists_the_oauth2_endpoints():
    text = build_parser().format_help()
    assert "/oauth2/token" in text and "/oauth2/api/items" in text
