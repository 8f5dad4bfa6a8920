"""Errors with JSON bodies, the slow endpoint, and 429 with Retry-After."""

from __future__ import annotations

import time

import pytest
import requests


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "BadRequest"),
        (401, "Unauthorized"),
        (404, "NotFound"),
        (418, "ImATeapot"),
        (429, "TooManyRequests"),
        (499, "Http499"),
        (500, "InternalServerError"),
        (503, "ServiceUnavailable"),
        (599, "Http599"),
    ],
)
def test_error_status_with_json_body(sandbox, status, code):
    r = requests.get(f"{sandbox.url}/errors/{status}")
    assert r.status_code == status
    assert r.json() == {"code": code, "message": r.json()["message"], "status": status}
    assert r.json()["message"]


def test_error_405_carries_allow(sandbox):
    r = requests.get(sandbox.url + "/errors/405")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]


@pytest.mark.parametrize("status", ["399", "600", "200", "abc", "4000"])
def test_error_status_out_of_range_is_400(sandbox, status):
    r = requests.get(f"{sandbox.url}/errors/{status}")
    assert r.status_code == 400
    assert r.json()["parameter"] == "status"


def test_slow_waits(sandbox):
    started = time.perf_counter()
    r = requests.get(sandbox.url + "/slow", params={"delay": 0.3})
    assert time.perf_counter() - started >= 0.3
    assert r.json() == {"delay": 0.3}


def test_slow_triggers_a_client_timeout(sandbox):
    with pytest.raises(requests.Timeout):
        requests.get(sandbox.url + "/slow", params={"delay": 2}, timeout=0.2)


@pytest.mark.parametrize("delay", ["-1", "abc", "nan", "inf"])
def test_slow_bad_delay_is_400(sandbox, delay):
    r = requests.get(sandbox.url + "/slow", params={"delay": delay})
    assert r.status_code == 400
    assert r.json()["parameter"] == "delay"


def test_rate_limit_fails_then_succeeds(fresh_sandbox):
    url = fresh_sandbox.url + "/rate-limited"
    params = {"key": "abc", "fail": 2, "retry_after": 3}
    for attempt in (1, 2):
        r = requests.get(url, params=params)
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "3"
        assert r.json()["code"] == "TooManyRequests"
        assert r.json()["attempt"] == attempt
    ok = requests.get(url, params=params)
    assert ok.status_code == 200
    assert ok.json() == {"ok": True, "key": "abc", "attempt": 3}


def test_rate_limit_is_per_key_and_reset_clears_it(fresh_sandbox):
    url = fresh_sandbox.url + "/rate-limited"
    assert requests.get(url, params={"key": "a"}).status_code == 429
    assert requests.get(url, params={"key": "a"}).status_code == 200
    assert requests.get(url, params={"key": "b"}).status_code == 429
    fresh_sandbox.reset()
    assert requests.get(url, params={"key": "a"}).status_code == 429


def test_rate_limit_fail_zero_never_limits(fresh_sandbox):
    r = requests.get(fresh_sandbox.url + "/rate-limited", params={"key": "z", "fail": 0})
    assert r.status_code == 200


@pytest.mark.parametrize("params", [{"fail": "-1"}, {"retry_after": "soon"}])
def test_rate_limit_bad_parameters(sandbox, params):
    r = requests.get(sandbox.url + "/rate-limited", params=params)
    assert r.status_code == 400
    assert r.json()["parameter"] == next(iter(params))
