"""The Aliyun API gateway signature (摘要签名) of ``wire/auth/aliyun_signature.py`` against
published vectors, then over real HTTP against the sandbox's own verifier.

Sources of the vectors (numbers only are quoted; nothing is vendored):

- H*: higress-group/higress, ``plugins/wasm-cpp/extensions/hmac_auth/plugin_test.cc``
  @f0d05269c4810ad347cb4458232f3b2553a1023d (Apache-2.0, © Alibaba Group): the gtest vectors
  of Higress's verifier of the Aliyun CA signature (tests Sign, SignWithoutDynamicHeader,
  ParamInBody, DateCheck, TimestampCheck). H4's string to sign is also, byte for byte, the
  example 签名串 of Aliyun's "使用摘要签名认证方式调用 API"
  (https://help.aliyun.com/document_detail/29475.html).
- T1: an independent author's "Spotter Signing Contract" fixed test vector (a third-party
  markdown document; JSON body, Content-MD5 and a custom signed header).

Self-generated cases (HmacSHA1, an empty parameter value, X-Ca-Stage) are labelled so: no
published vector covers them; their expected values were computed with hashlib/hmac.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

import pytest
import requests

from connector_lab import (
    Action,
    AliyunSignatureAuth,
    AuthAccount,
    Client,
    Connector,
    Param,
    SpecError,
)
from connector_lab.wire.auth import AliyunSignatureCredentials, credentials_class
from connector_lab.wire.auth.aliyun_signature import (
    content_md5,
    path_and_parameters,
    sign,
    string_to_sign,
)

from .conftest import account_for, connector_for

H_HEADERS = {
    "x-ca-key": "appKey",
    "x-ca-nonce": "787dd0c2-7bd8-41cd-9c19-62c05ea524a2",
    "x-ca-timestamp": "1646365291734",
}
H4_HEADERS = {
    "x-ca-key": "203753385",
    "x-ca-nonce": "c9f15cbf-f4ac-4a6c-b54d-f51abf4b5b44",
    "x-ca-signature-method": "HmacSHA256",
    "x-ca-timestamp": "1525872629832",
}
H4_PATH = "/http2test/test?param1=test&password=123456789&username=xiaoming"
H4_TEXT = (
    "POST\napplication/json; charset=utf-8\n\napplication/x-www-form-urlencoded; charset=utf-8\n"
    "Wed, 09 May 2018 13:30:29 GMT+00:00\nx-ca-key:203753385\n"
    "x-ca-nonce:c9f15cbf-f4ac-4a6c-b54d-f51abf4b5b44\nx-ca-signature-method:HmacSHA256\n"
    "x-ca-timestamp:1525872629832\n" + H4_PATH
)
T1_BODY = b'{"current_page":1,"page_size":1}'


def test_h1_get_with_signed_x_ca_headers():
    """Higress Sign: GET, Accept and Content-Type, three signed x-ca headers."""
    text = string_to_sign(
        "GET",
        "/Third/Tools/checkSign",
        accept="application/json",
        content_type="application/json",
        headers=H_HEADERS,
    )
    assert text == (
        "GET\napplication/json\n\napplication/json\n\nx-ca-key:appKey\n"
        "x-ca-nonce:787dd0c2-7bd8-41cd-9c19-62c05ea524a2\nx-ca-timestamp:1646365291734\n"
        "/Third/Tools/checkSign"
    )
    assert sign(text, "appSecret") == "EdJSFAMOWyXZOpXhevZnjuS0ZafnwnCqaSk5hz+tXo8="


def test_h2_no_signed_headers_keeps_the_empty_lines():
    """Higress SignWithoutDynamicHeader: empty lines keep their newline; no header block."""
    text = string_to_sign("GET", "/Third/Tools/checkSign", accept="application/json")
    assert text == "GET\napplication/json\n\n\n\n/Third/Tools/checkSign"
    assert sign(text, "appSecret") == "ZpJhkHdtjLTJiR6CJWHL8ikLtPB2z6CoztG21wG3PT4="


def test_h3_form_body_parameters_are_sorted_into_the_path():
    """Higress ParamInBody: the form fields join the path, sorted by name."""
    form = [("nickname", "nickname"), ("room_id", "6893"), ("uuid", "uuid"), ("photo", "photo")]
    path = path_and_parameters("/Third/User/getNyAccessToken", [], form)
    assert (
        path == "/Third/User/getNyAccessToken?nickname=nickname&photo=photo&room_id=6893&uuid=uuid"
    )
    headers = {**H_HEADERS, "x-ca-nonce": "ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf"}
    headers["x-ca-timestamp"] = "1646646682418"
    text = string_to_sign(
        "POST",
        path,
        accept="application/json",
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    assert sign(text, "appSecret") == "gmf9xq0hc95Hmt+7G+OocS009ka3v1v0rvfshKzYc3w="


def test_h4_h5_the_documentation_example_with_and_without_date():
    """Higress DateCheck (Aliyun's documented example request, secret 123456) and
    TimestampCheck (the same without the Date header)."""
    common = {
        "accept": "application/json; charset=utf-8",
        "content_type": "application/x-www-form-urlencoded; charset=utf-8",
        "headers": H4_HEADERS,
    }
    text = string_to_sign("POST", H4_PATH, date="Wed, 09 May 2018 13:30:29 GMT+00:00", **common)
    assert text == H4_TEXT
    assert sign(text, "123456") == "FJbhmAFYz9zfl1FrThxzxBt79BvaHQIzy8Wpctn+xXE="
    no_date = string_to_sign("POST", H4_PATH, **common)
    assert sign(no_date, "123456") == "aKS8DtmSjdNns8+uk3eVFZNpY4MxhK2z4Zb7XH8NoLE="


def test_t1_json_body_content_md5_and_a_custom_header():
    """The independent third-party vector: Content-MD5 of a JSON body, x-site-tenant signed."""
    assert content_md5(T1_BODY) == "8JgfgMCOGQIwvfGwne18dQ=="
    assert content_md5(b"abc") == "kAFQmDzST7DWlj99KOF/cg=="  # Higress BodyMD5
    text = string_to_sign(
        "POST",
        "/api/v1/page_catalog_offer",
        accept="application/json; charset=utf-8",
        content_md5="8JgfgMCOGQIwvfGwne18dQ==",
        content_type="application/json; charset=utf-8",
        headers={
            "x-ca-key": "demo-key",
            "x-ca-nonce": "0123456789abcdef0123456789abcdef",
            "x-ca-signature-method": "HmacSHA256",
            "x-ca-timestamp": "1712250000000",
            "x-site-tenant": "US_AMZ",
        },
    )
    assert sign(text, "test-secret-123") == "0c6t1WALLI7dwD2a5PazIroZQV3sZgMP7wieK0IkzgA="


def _applier(key, secret, scheme, timestamp, nonce) -> AliyunSignatureCredentials:
    account = AuthAccount(name="t", values={"app_key": key, "app_secret": secret})
    return AliyunSignatureCredentials(
        account, scheme, timestamp=lambda: timestamp, nonce=lambda: nonce
    )


def _h4_applier() -> AliyunSignatureCredentials:
    """The applier with H4's (the documentation's) key, secret, timestamp and nonce."""
    return _applier(
        "203753385",
        "123456",
        AliyunSignatureAuth(),
        "1525872629832",
        "c9f15cbf-f4ac-4a6c-b54d-f51abf4b5b44",
    )


def test_the_applier_reproduces_the_documentation_vector_end_to_end():
    """H4 through the applier on a prepared request: same headers, same signature."""
    auth = _h4_applier()
    request = requests.Request(
        "POST",
        "http://gw.example.com" + H4_PATH,
        headers={
            "Accept": "application/json; charset=utf-8",
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Date": "Wed, 09 May 2018 13:30:29 GMT+00:00",
        },
    ).prepare()
    sent = auth(request).headers
    assert sent["X-Ca-Signature"] == "FJbhmAFYz9zfl1FrThxzxBt79BvaHQIzy8Wpctn+xXE="
    assert sent["X-Ca-Signature-Headers"] == (
        "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp"
    )
    assert (sent["X-Ca-Key"], sent["X-Ca-Signature-Method"]) == ("203753385", "HmacSHA256")
    assert "Content-MD5" not in sent  # a form body is signed as parameters instead


def test_the_applier_signs_form_fields_like_the_documentation():
    """The documentation's variant: username/password in a form body, param1 in the query —
    the same string to sign as H4, so the same signature with H4's secret."""
    auth = _h4_applier()
    request = requests.Request(
        "POST",
        "http://gw.example.com/http2test/test?param1=test",
        data={"username": "xiaoming", "password": "123456789"},
        headers={
            "Accept": "application/json; charset=utf-8",
            "Date": "Wed, 09 May 2018 13:30:29 GMT+00:00",
        },
    ).prepare()
    request.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    assert auth(request).headers["X-Ca-Signature"] == "FJbhmAFYz9zfl1FrThxzxBt79BvaHQIzy8Wpctn+xXE="


def test_the_applier_reproduces_the_independent_vector_end_to_end():
    """T1 through the applier: Content-MD5 set from the body, x-site-tenant signed."""
    auth = _applier(
        "demo-key",
        "test-secret-123",
        AliyunSignatureAuth(signed_headers=["X-Site-Tenant"]),
        "1712250000000",
        "0123456789abcdef0123456789abcdef",
    )
    request = requests.Request(
        "POST",
        "http://gw.example.com/api/v1/page_catalog_offer",
        data=T1_BODY,
        headers={
            "Accept": "application/json; charset=utf-8",
            "Content-Type": "application/json; charset=utf-8",
            "X-Site-Tenant": "US_AMZ",
        },
    ).prepare()
    sent = auth(request).headers
    assert sent["Content-MD5"] == "8JgfgMCOGQIwvfGwne18dQ=="
    assert sent["X-Ca-Signature"] == "0c6t1WALLI7dwD2a5PazIroZQV3sZgMP7wieK0IkzgA="


def test_self_generated_sha1_empty_value_and_stage():
    """Self-generated (no published vector): HmacSHA1, a parameter with an empty value
    written as its name alone, and X-Ca-Stage among the signed headers."""
    auth = _applier(
        "k", "s", AliyunSignatureAuth(signature_method="HmacSHA1", stage="TEST"), "1000", "n-1"
    )
    request = requests.Request(
        "GET", "http://gw.example.com/p?b=2&a=", headers={"Accept": "application/json"}
    ).prepare()
    sent = auth(request).headers
    text = (
        "GET\napplication/json\n\n\n\nx-ca-key:k\nx-ca-nonce:n-1\nx-ca-signature-method:HmacSHA1\n"
        "x-ca-stage:TEST\nx-ca-timestamp:1000\n/p?a&b=2"
    )
    digest = hmac.new(b"s", text.encode(), hashlib.sha1).digest()
    assert sent["X-Ca-Signature"] == base64.b64encode(digest).decode()
    assert sent["X-Ca-Stage"] == "TEST"
    assert sent["X-Ca-Signature-Headers"].split(",") == [
        "x-ca-key",
        "x-ca-nonce",
        "x-ca-signature-method",
        "x-ca-stage",
        "x-ca-timestamp",
    ]


def test_default_timestamp_is_milliseconds_and_nonce_a_uuid4():
    account = AuthAccount(name="t", values={"app_key": "k", "app_secret": "s"})
    auth = credentials_class(AliyunSignatureAuth())(account, AliyunSignatureAuth())
    sent = auth(requests.Request("GET", "http://gw.example.com/").prepare()).headers
    assert abs(int(sent["X-Ca-Timestamp"]) - time.time() * 1000) < 60_000
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        sent["X-Ca-Nonce"])  # fmt: skip


@pytest.mark.parametrize("listed", ["X-Ca-Signature", "content-type", "Accept", "bad header"])
def test_headers_that_cannot_be_signed_are_refused_by_the_scheme(listed):
    with pytest.raises(SpecError, match=r"auth\.signed_headers"):
        AliyunSignatureAuth(signed_headers=listed)


# -- over real HTTP, against the sandbox's own verifier ------------------------------------


SIGNED = "/aliyun/signed/v1/items"


def _connector(api, scheme: AliyunSignatureAuth) -> Connector:
    """The conftest's sandbox connector: ``call`` a signed GET with a Chinese and an empty
    query value, ``post`` a signed JSON POST."""
    post = Action(
        id="post",
        name="Post",
        method="POST",
        path=SIGNED,
        params=[Param(name="note", location="body", default="备注 & more")],
    )
    query = [Param(name="city", default="杭州"), Param(name="empty", default="")]
    return connector_for(api, scheme, SIGNED, extra_actions=[post], params=query)


def _account(creds, secret: str | None = None) -> AuthAccount:
    """The conftest's account for the signature scheme, with ``secret`` if one is given."""
    account = account_for(AliyunSignatureAuth(), creds)
    if secret is None:
        return account
    return AuthAccount(name=account.name, values={**account.values, "app_secret": secret})


@pytest.mark.parametrize("method", ["HmacSHA256", "HmacSHA1"])
def test_signed_get_and_json_post_are_accepted(sandbox, method):
    scheme = AliyunSignatureAuth(signature_method=method, stage="RELEASE")
    client = Client(_connector(sandbox, scheme), _account(sandbox.credentials))
    got = client.run("call")
    assert got.status == 200, got.text
    assert got.json()["parameters"] == {"city": "杭州", "empty": ""}
    posted = client.run("post")
    assert posted.status == 200, posted.text
    received = posted.json()["headers"]
    assert received["X-Ca-Signature-Method"] == method
    assert received["X-Ca-Stage"] == "RELEASE"
    # the server checks Content-MD5 against the body it got (400 when they differ)
    assert re.fullmatch(r"[A-Za-z0-9+/]{22}==", received["Content-MD5"])


def test_signed_form_post_is_accepted(sandbox):
    """A form body through a plain requests.Session with the applier as ``auth=``."""
    scheme = AliyunSignatureAuth()
    auth = AliyunSignatureCredentials(_account(sandbox.credentials), scheme)
    answer = requests.post(
        sandbox.url + "/aliyun/signed/v1/forms?page=2",
        data={"name": "张三", "tag": "", "page": "1"},
        headers={"Accept": "application/json"},
        auth=auth,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    echo = answer.json()
    # the form value of a name wins over the query's, as Aliyun's SDK merges them
    assert echo["parameters"] == {"name": "张三", "tag": "", "page": "1"}
    assert "Content-MD5" not in echo["headers"]
    assert echo["string_to_sign"].endswith("/aliyun/signed/v1/forms?name=张三&page=1&tag")


def test_wrong_secret_is_refused_with_the_servers_string_to_sign(sandbox):
    client = Client(
        _connector(sandbox, AliyunSignatureAuth()), _account(sandbox.credentials, "wrong-secret")
    )
    result = client.run("call")
    assert result.status == 401
    message = result.headers["X-Ca-Error-Message"]
    assert message.startswith("Invalid Signature, Server StringToSign:`GET#")
    assert "x-ca-key:" + sandbox.credentials.aliyun_app_key in message
    assert "wrong-secret" not in result.text + message


def test_a_nested_list_of_signed_headers_is_a_clear_error_not_a_recursion():
    """Found by the hardening fuzz: str() of a deeply nested list recursed without end."""
    from connector_lab import AliyunSignatureAuth, SpecError

    nested: list = []
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(SpecError, match=r"is not a header name in auth\.signed_headers"):
        AliyunSignatureAuth(signed_headers=nested)
