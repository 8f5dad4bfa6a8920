"""The zero-trust gateway: HMAC-SHA256 signature accepted and rejected, computed here
independently of the server's code; headers, version, timestamp window, apiKey, replays."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests

from connector_lab.sandbox.zerotrust import string_to_sign

PATH = "/zt/v1/echo"
CST = timezone(timedelta(hours=8))


def _now(offset: timedelta = timedelta()) -> str:
    return (datetime.now(CST) + offset).isoformat(timespec="milliseconds")


def _signed_headers(
    creds, method, path=PATH, query=(), *, secret=None, timestamp=None, nonce=None
) -> dict[str, str]:
    timestamp = timestamp or _now()
    nonce = nonce or uuid.uuid4().hex
    text = f"{method}\n{timestamp}\n{nonce}\n{path}"
    if query:
        text += "\n" + "&".join(f"{k}={v}" for k, v in sorted(query))
    key = (secret or creds.app_secret).encode()
    signature = base64.b64encode(hmac.new(key, text.encode(), hashlib.sha256).digest()).decode()
    return {
        "X-Hmac-Auth-Timestamp": timestamp,
        "X-Hmac-Auth-Version": "1.0",
        "X-Hmac-Auth-Nonce": nonce,
        "apiKey": creds.app_key,
        "X-Hmac-Auth-Signature": signature,
    }


def test_signed_get_is_accepted(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET")
    r = requests.get(sandbox.url + PATH, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verified"] is True
    assert (body["method"], body["path"], body["apiKey"]) == (
        "GET",
        PATH,
        sandbox.credentials.app_key,
    )
    assert sandbox.credentials.app_secret not in r.text


def test_signed_post_with_query_is_accepted(sandbox):
    query = [("z", "last"), ("a", "first"), ("a", "again"), ("name", "张三")]
    headers = _signed_headers(sandbox.credentials, "POST", query=query)
    r = requests.post(sandbox.url + PATH, params=query, headers=headers, json={"x": 1})
    assert r.status_code == 200, r.text
    assert r.json()["query"]["a"] == ["first", "again"]


def test_timestamp_in_utc_with_z_is_accepted(sandbox):
    stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    headers = _signed_headers(sandbox.credentials, "GET", timestamp=stamp)
    assert requests.get(sandbox.url + PATH, headers=headers).status_code == 200


def test_wrong_secret_is_invalid_signature(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET", secret="not-the-secret")
    r = requests.get(sandbox.url + PATH, headers=headers)
    assert r.status_code == 401
    body = r.json()
    assert body["code"] == "InvalidSignature"
    # The server's string to sign helps client authors and holds no secret.
    assert body["string_to_sign"].startswith(f"GET\n{headers['X-Hmac-Auth-Timestamp']}\n")
    assert sandbox.credentials.app_secret not in r.text


def test_tampered_query_is_invalid_signature(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET", query=[("amount", "1")])
    r = requests.get(sandbox.url + PATH, params={"amount": "1000"}, headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "InvalidSignature"


def test_signed_method_must_match(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET")
    assert requests.post(sandbox.url + PATH, headers=headers).json()["code"] == "InvalidSignature"


def test_replayed_nonce_is_rejected(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET")
    assert requests.get(sandbox.url + PATH, headers=headers).status_code == 200
    replay = requests.get(sandbox.url + PATH, headers=headers)
    assert replay.status_code == 401
    assert replay.json()["code"] == "NonceReplayed"


def test_a_rejected_request_does_not_use_up_its_nonce(sandbox):
    nonce = uuid.uuid4().hex
    bad = _signed_headers(sandbox.credentials, "GET", secret="wrong", nonce=nonce)
    assert requests.get(sandbox.url + PATH, headers=bad).status_code == 401
    good = _signed_headers(sandbox.credentials, "GET", nonce=nonce)
    assert requests.get(sandbox.url + PATH, headers=good).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "X-Hmac-Auth-Timestamp",
        "X-Hmac-Auth-Version",
        "X-Hmac-Auth-Nonce",
        "apiKey",
        "X-Hmac-Auth-Signature",
    ],
)
def test_missing_header(sandbox, name):
    headers = _signed_headers(sandbox.credentials, "GET")
    del headers[name]
    r = requests.get(sandbox.url + PATH, headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "MissingHeader"
    assert name in r.json()["message"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"X-Hmac-Auth-Version": "2.0"}, "UnsupportedVersion"),
        ({"X-Hmac-Auth-Timestamp": "2024-05-01T12:00:00+08:00"}, "InvalidTimestamp"),  # no ms
        ({"X-Hmac-Auth-Timestamp": "2024-05-01T12:00:00.123"}, "InvalidTimestamp"),  # no offset
        ({"X-Hmac-Auth-Timestamp": "2024-13-01T12:00:00.123+08:00"}, "InvalidTimestamp"),
        ({"apiKey": "someone-else"}, "InvalidApiKey"),
    ],
)
def test_bad_header_values(sandbox, change, code):
    headers = {**_signed_headers(sandbox.credentials, "GET"), **change}
    r = requests.get(sandbox.url + PATH, headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == code


@pytest.mark.parametrize("minutes", [-6, 6])
def test_timestamp_outside_five_minutes_is_rejected(sandbox, minutes):
    stamp = _now(timedelta(minutes=minutes))
    headers = _signed_headers(sandbox.credentials, "GET", timestamp=stamp)
    r = requests.get(sandbox.url + PATH, headers=headers)
    assert r.status_code == 401
    assert r.json()["code"] == "TimestampExpired"


def test_timestamp_within_window_is_accepted(sandbox):
    headers = _signed_headers(sandbox.credentials, "GET", timestamp=_now(timedelta(minutes=-4)))
    assert requests.get(sandbox.url + PATH, headers=headers).status_code == 200


def test_string_to_sign_layout():
    assert string_to_sign("get", "T", "N", "/p") == "GET\nT\nN\n/p"
    assert string_to_sign("POST", "T", "N", "/p", [("b", "2"), ("a", "1")]) == (
        "POST\nT\nN\n/p\na=1&b=2"
    )
