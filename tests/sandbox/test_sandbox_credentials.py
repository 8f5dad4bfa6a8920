"""SandboxCredentials: masked repr, validation, and every check using the server's own values."""

from __future__ import annotations

import base64
import dataclasses

import pytest
import requests

from connector_lab import AliyunSignatureAuth, AuthAccount
from connector_lab.sandbox import DEMO_CREDENTIALS, SandboxCredentials, serve
from connector_lab.wire.auth import AliyunSignatureCredentials

CANARY = SandboxCredentials(
    app_key="canary-key-5b1",
    app_secret="canary-secret-9f3",
    username="canary-user",
    password="canary-password-77a",
    api_key="canary-apikey-c0d",
    app_code="canary-appcode-e42",
    aliyun_app_key="canary-aliyun-key-4c1",
    aliyun_app_secret="canary-aliyun-secret-d85",
)
SECRETS = (
    CANARY.app_secret,
    CANARY.password,
    CANARY.api_key,
    CANARY.app_code,
    CANARY.aliyun_app_secret,
)


def test_demo_values():
    assert DEMO_CREDENTIALS.app_key == "demo-app-key"
    assert DEMO_CREDENTIALS.app_secret == "demo-app-secret"
    assert DEMO_CREDENTIALS.username == "demo"


def test_repr_and_str_mask_every_secret():
    for text in (repr(CANARY), str(CANARY)):
        assert "app_secret='***'" in text
        assert "password='***'" in text
        assert "api_key='***'" in text
        assert "app_code='***'" in text
        assert "aliyun_app_secret='***'" in text
        assert "aliyun_app_key='canary-aliyun-key-4c1'" in text
        assert "app_key='canary-key-5b1'" in text
        assert not any(secret in text for secret in SECRETS)


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CANARY.app_secret = "x"  # type: ignore[misc]


def test_empty_value_is_rejected_without_quoting_values():
    with pytest.raises(ValueError, match="password") as info:
        dataclasses.replace(CANARY, password="")
    assert not any(secret in str(info.value) for secret in SECRETS)


def _attempts(url: str, creds: SandboxCredentials) -> dict[str, requests.Response]:
    """One call per protected scheme, authenticated with ``creds``."""
    token = requests.post(
        url + "/v1.0/oauth2/accessToken",
        json={"appKey": creds.app_key, "appSecret": creds.app_secret},
    )
    basic = base64.b64encode(f"{creds.username}:{creds.password}".encode()).decode()
    return {
        "token": token,
        "legacy": requests.get(
            url + "/gettoken", params={"appkey": creds.app_key, "appsecret": creds.app_secret}
        ),
        "appcode": requests.get(
            url + "/gateway/weather?city=X", headers={"Authorization": f"APPCODE {creds.app_code}"}
        ),
        "basic": requests.get(url + "/basic/profile", headers={"Authorization": f"Basic {basic}"}),
        "header": requests.get(url + "/apikey/header/items", headers={"X-API-Key": creds.api_key}),
        "query": requests.get(url + "/apikey/query/items", params={"api_key": creds.api_key}),
        "aliyun": requests.get(url + "/aliyun/signed/v1/echo", auth=_aliyun(creds)),
    }


def _aliyun(creds: SandboxCredentials) -> AliyunSignatureCredentials:
    values = {"app_key": creds.aliyun_app_key, "app_secret": creds.aliyun_app_secret}
    account = AuthAccount(name="t", values=values)
    return AliyunSignatureCredentials(account, AliyunSignatureAuth())


def test_server_checks_its_own_credentials_not_the_demo_ones():
    with serve(credentials=CANARY) as api:
        assert api.credentials is CANARY
        good = _attempts(api.url, CANARY)
        bad = _attempts(api.url, DEMO_CREDENTIALS)
    assert all(r.status_code == 200 for r in good.values()), good
    assert good["legacy"].json()["errcode"] == 0
    assert bad["token"].status_code == 400
    assert bad["legacy"].json()["errcode"] == 40089
    for name in ("appcode", "basic", "header", "query", "aliyun"):
        assert bad[name].status_code == 401, name


def test_failures_never_echo_a_secret():
    wrong = SandboxCredentials(*(f"wrong-{secret}" for secret in dataclasses.astuple(CANARY)))
    with serve(credentials=CANARY) as api:
        answers = _attempts(api.url, wrong)
    for name, r in answers.items():
        seen = r.text + " ".join(f"{k}: {v}" for k, v in r.headers.items())
        assert "canary" not in seen, name
