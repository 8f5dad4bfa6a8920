"""Aliyun AppCode gateway, HTTP Basic and API-key endpoints: accepted and rejected."""

from __future__ import annotations

import pytest
import requests

WEATHER = "/gateway/weather"


def test_appcode_accepted(sandbox):
    headers = {"Authorization": f"APPCODE {sandbox.credentials.app_code}"}
    r = requests.get(sandbox.url + WEATHER, params={"city": "Hangzhou"}, headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["city"] == "Hangzhou"
    assert len(body["forecast"]) == 3
    assert all(day["temp_high"] > day["temp_low"] for day in body["forecast"])
    again = requests.get(sandbox.url + WEATHER, params={"city": "Hangzhou"}, headers=headers)
    assert again.json() == body


@pytest.mark.parametrize(
    "value",
    [
        None,
        "APPCODE  {code}",  # two spaces
        "appcode {code}",
        "APPCODE{code}",
        "APPCODE wrong-code",
        "Bearer {code}",
    ],
)
def test_appcode_rejected(sandbox, value):
    headers = (
        {} if value is None else {"Authorization": value.format(code=sandbox.credentials.app_code)}
    )
    r = requests.get(sandbox.url + WEATHER, params={"city": "Hangzhou"}, headers=headers)
    assert r.status_code == 401
    assert r.headers["X-Ca-Error-Message"] == "Invalid AppCode"
    assert r.json()["code"] == "InvalidAppCode"


def test_appcode_missing_city_is_400(sandbox):
    headers = {"Authorization": f"APPCODE {sandbox.credentials.app_code}"}
    r = requests.get(sandbox.url + WEATHER, headers=headers)
    assert r.status_code == 400
    assert r.json()["parameter"] == "city"


def test_basic_accepted(sandbox):
    creds = sandbox.credentials
    r = requests.get(sandbox.url + "/basic/profile", auth=(creds.username, creds.password))
    assert r.status_code == 200
    assert r.json()["username"] == creds.username
    assert creds.password not in r.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic !!!not-base64!!!"},
        {"Authorization": "Basic ZGVtbw=="},  # "demo" without a colon
        {"Authorization": "Bearer abc"},
    ],
)
def test_basic_rejected(sandbox, headers):
    r = requests.get(sandbox.url + "/basic/profile", headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="sandbox"'
    assert r.json()["code"] == "Unauthorized"


def test_basic_wrong_password(sandbox):
    r = requests.get(
        sandbox.url + "/basic/profile", auth=(sandbox.credentials.username, "wrong-password")
    )
    assert r.status_code == 401
    assert "wrong-password" not in r.text


def test_api_key_in_header(sandbox):
    url = sandbox.url + "/apikey/header/items"
    ok = requests.get(url, headers={"X-API-Key": sandbox.credentials.api_key})
    assert ok.status_code == 200
    assert ok.json()["auth"] == "header"
    assert [item["id"] for item in ok.json()["items"]] == list(range(1, 11))
    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={"X-API-Key": "wrong"}).json()["code"] == "InvalidApiKey"
    # The right key in the wrong place does not count.
    assert requests.get(url, params={"api_key": sandbox.credentials.api_key}).status_code == 401


def test_api_key_in_query(sandbox):
    url = sandbox.url + "/apikey/query/items"
    ok = requests.get(url, params={"api_key": sandbox.credentials.api_key})
    assert ok.status_code == 200
    assert ok.json()["auth"] == "query"
    assert requests.get(url).status_code == 401
    assert requests.get(url, params={"api_key": "wrong"}).status_code == 401
    wrong_place = requests.get(url, headers={"X-API-Key": sandbox.credentials.api_key})
    assert wrong_place.status_code == 401


def test_api_key_order_with_a_path_and_a_query_parameter(sandbox):
    url = sandbox.url + "/apikey/header/orders/42"
    key = {"X-API-Key": sandbox.credentials.api_key}
    some = requests.get(url, params={"fields": "id,status"}, headers=key)
    assert some.status_code == 200 and list(some.json()) == ["id", "status"]
    assert some.json()["id"] == 42
    assert requests.get(url, headers=key).json() == requests.get(sandbox.url + "/orders/42").json()
    assert requests.get(url, params={"fields": "id"}).status_code == 401
    assert requests.get(sandbox.url + "/apikey/header/orders/0", headers=key).status_code == 404
