"""The sandbox's signature-mode Aliyun gateway (/aliyun/signed/...): its own string to sign
against the published vectors, what it received from a signing client, and its refusals —
wrong secret, wrong AppKey, stale timestamp, replayed nonce, altered body."""

from __future__ import annotations

import re
import time
import uuid
from email.message import Message

import pytest
import requests

from connector_lab import AliyunSignatureAuth, AuthAccount
from connector_lab.sandbox.aliyun import gateway_string_to_sign
from connector_lab.sandbox.messages import Request
from connector_lab.wire.auth import AliyunSignatureCredentials

PATH = "/aliyun/signed/v1/echo"
UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def _request(method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Request:
    message = Message()
    for name, value in headers.items():
        message[name] = value
    path, _, query = target.partition("?")
    return Request(method, path, query, message, body, site=None)  # type: ignore[arg-type]


def test_server_string_to_sign_matches_the_documentation_example():
    """Aliyun's documented example (also Higress DateCheck, see tests/engine/
    test_aliyun_signature.py for the sources), recomputed by the sandbox's own code; the
    signed-header list is unsorted on the wire, as in the example."""
    req = _request(
        "POST",
        "/http2test/test?param1=test",
        {
            "Accept": "application/json; charset=utf-8",
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Date": "Wed, 09 May 2018 13:30:29 GMT+00:00",
            "x-ca-timestamp": "1525872629832",
            "x-ca-nonce": "c9f15cbf-f4ac-4a6c-b54d-f51abf4b5b44",
            "x-ca-key": "203753385",
            "x-ca-signature-method": "HmacSHA256",
            "x-ca-signature-headers": "x-ca-timestamp,x-ca-key,x-ca-nonce,x-ca-signature-method",
        },
        b"username=xiaoming&password=123456789",
    )
    assert gateway_string_to_sign(req) == (
        "POST\napplication/json; charset=utf-8\n\napplication/x-www-form-urlencoded; "
        "charset=utf-8\nWed, 09 May 2018 13:30:29 GMT+00:00\nx-ca-key:203753385\n"
        "x-ca-nonce:c9f15cbf-f4ac-4a6c-b54d-f51abf4b5b44\nx-ca-signature-method:HmacSHA256\n"
        "x-ca-timestamp:1525872629832\n"
        "/http2test/test?param1=test&password=123456789&username=xiaoming"
    )


def test_server_string_to_sign_without_signed_headers():
    """Higress SignWithoutDynamicHeader: the empty lines keep their newline."""
    req = _request("GET", "/Third/Tools/checkSign", {"Accept": "application/json"})
    assert gateway_string_to_sign(req) == "GET\napplication/json\n\n\n\n/Third/Tools/checkSign"


def _auth(creds, *, secret=None, key=None, stamp=None, nonce=None, **scheme):
    account = AuthAccount(
        name="t",
        values={
            "app_key": key or creds.aliyun_app_key,
            "app_secret": secret or creds.aliyun_app_secret,
        },
    )
    return AliyunSignatureCredentials(
        account,
        AliyunSignatureAuth(**scheme),
        timestamp=(lambda: stamp) if stamp else lambda: str(int(time.time() * 1000)),
        nonce=(lambda: nonce) if nonce else lambda: str(uuid.uuid4()),
    )


def test_headers_received_from_a_signing_client(sandbox):
    auth = _auth(sandbox.credentials, stage="TEST", signed_headers="X-Tenant")
    r = requests.get(
        sandbox.url + PATH + "?b=2&a=1",
        headers={"Accept": "application/json", "X-Tenant": "t1"},
        auth=auth,
        timeout=10,
    )
    assert r.status_code == 200, r.text
    echo = r.json()
    got = {k.lower(): v for k, v in echo["headers"].items()}
    assert got["x-ca-key"] == sandbox.credentials.aliyun_app_key
    assert got["x-ca-timestamp"].isdigit() and len(got["x-ca-timestamp"]) == 13  # ms
    assert re.fullmatch(UUID4, got["x-ca-nonce"])
    assert got["x-ca-signature-method"] == "HmacSHA256"
    assert got["x-ca-stage"] == "TEST"
    assert got["x-ca-signature-headers"] == (
        "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-stage,x-ca-timestamp,x-tenant"
    )
    assert "content-md5" not in got  # no body
    assert echo["string_to_sign"].endswith("x-tenant:t1\n" + PATH + "?a=1&b=2")
    assert sandbox.credentials.aliyun_app_secret not in r.text


def test_json_post_carries_content_md5_and_sha1_is_accepted(sandbox):
    auth = _auth(sandbox.credentials, signature_method="HmacSHA1")
    r = requests.post(sandbox.url + PATH, json={"x": "值"}, auth=auth, timeout=10)
    assert r.status_code == 200, r.text
    got = r.json()["headers"]
    assert got["Content-MD5"] and got["X-Ca-Signature-Method"] == "HmacSHA1"


def _refusal(r: requests.Response, code: str) -> str:
    assert r.status_code in (400, 401), r.text
    assert r.json()["code"] == code
    return r.headers["X-Ca-Error-Message"]


def test_wrong_secret_is_refused_with_the_server_string_to_sign(sandbox):
    auth = _auth(sandbox.credentials, secret="not-the-secret")
    r = requests.get(sandbox.url + PATH, auth=auth, timeout=10)
    assert r.status_code == 401
    message = _refusal(r, "InvalidSignature")
    assert message.startswith("Invalid Signature, Server StringToSign:`GET#*/*####x-ca-key:")
    assert "not-the-secret" not in r.text + message
    assert sandbox.credentials.aliyun_app_secret not in r.text + message


def test_wrong_app_key_is_refused(sandbox):
    r = requests.get(sandbox.url + PATH, auth=_auth(sandbox.credentials, key="nope"), timeout=10)
    assert r.status_code == 401 and _refusal(r, "InvalidAppKey") == "Invalid AppKey"


@pytest.mark.parametrize("minutes", [-16, 16])
def test_timestamp_outside_fifteen_minutes_is_refused(sandbox, minutes):
    stamp = str(int((time.time() + minutes * 60) * 1000))
    r = requests.get(sandbox.url + PATH, auth=_auth(sandbox.credentials, stamp=stamp), timeout=10)
    assert r.status_code == 401
    assert _refusal(r, "InvalidTimestamp").startswith("Invalid Timestamp")


def test_timestamp_within_the_window_is_accepted(sandbox):
    stamp = str(int((time.time() - 14 * 60) * 1000))
    r = requests.get(sandbox.url + PATH, auth=_auth(sandbox.credentials, stamp=stamp), timeout=10)
    assert r.status_code == 200, r.text


def test_replayed_nonce_is_refused(fresh_sandbox):
    auth = _auth(fresh_sandbox.credentials, nonce=str(uuid.uuid4()))
    first = requests.get(fresh_sandbox.url + PATH, auth=auth, timeout=10)
    again = requests.get(fresh_sandbox.url + PATH, auth=auth, timeout=10)
    assert first.status_code == 200, first.text
    assert again.status_code == 401
    assert _refusal(again, "NonceUsed").startswith("Nonce Used")


def test_body_altered_after_signing_is_refused(sandbox):
    prepared = requests.Request("POST", sandbox.url + PATH, json={"amount": 1}).prepare()
    _auth(sandbox.credentials)(prepared)
    prepared.body = b'{"amount": 1000}'
    prepared.headers["Content-Length"] = str(len(prepared.body))
    with requests.Session() as session:
        r = session.send(prepared, timeout=10)
    assert r.status_code == 400 and _refusal(r, "InvalidContentMD5") == "Invalid Content-MD5"
