"""Redirects to the other listener ("another host") and to the same one, carrying the query."""

from __future__ import annotations

import pytest
import requests


def test_other_host_location_carries_the_query(sandbox):
    r = requests.get(
        sandbox.url + "/redirect/other-host",
        params={"to": "/echo", "code": 302, "api_key": "k-123", "x": "a b"},
        allow_redirects=False,
    )
    assert r.status_code == 302
    assert r.headers["Location"] == sandbox.other_url + "/echo?api_key=k-123&x=a+b"
    assert r.json()["location"] == r.headers["Location"]


def test_following_reaches_the_other_host_with_the_query(fresh_sandbox):
    api = fresh_sandbox
    r = requests.get(
        api.url + "/redirect/other-host", params={"to": "/echo/landed", "api_key": "k-123"}
    )
    assert r.status_code == 200
    assert r.json()["server"] == api.other_url.removeprefix("http://")
    assert r.json()["path"] == "/echo/landed"
    assert r.json()["query"] == {"api_key": ["k-123"]}
    assert r.history[0].status_code == 302  # the default code
    assert api.request_count("/echo/landed") == 1


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_each_redirect_code(sandbox, code):
    r = requests.get(
        sandbox.url + "/redirect/same-host", params={"code": code}, allow_redirects=False
    )
    assert r.status_code == code
    assert r.headers["Location"] == sandbox.url + "/echo"


def test_307_post_keeps_method_and_body(sandbox):
    r = requests.post(sandbox.url + "/redirect/other-host", params={"code": 307}, json={"order": 1})
    assert r.json()["method"] == "POST"
    assert r.json()["json"] == {"order": 1}


def test_same_host_is_this_listener(sandbox):
    r = requests.get(sandbox.url + "/redirect/same-host", params={"to": "/echo", "q": "1"})
    assert r.json()["server"] == sandbox.host_port
    assert r.json()["query"] == {"q": ["1"]}


def test_target_with_its_own_query(sandbox):
    r = requests.get(
        sandbox.url + "/redirect/same-host",
        params={"to": "/echo?x=1", "y": "2"},
        allow_redirects=False,
    )
    assert r.headers["Location"] == sandbox.url + "/echo?x=1&y=2"


def test_redirect_from_the_other_host_goes_back(sandbox):
    r = requests.get(sandbox.other_url + "/redirect/other-host", allow_redirects=False)
    assert r.headers["Location"] == sandbox.url + "/echo"


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"to": "http://evil.example/"}, "to"),
        ({"to": "//evil.example/"}, "to"),
        ({"to": "echo"}, "to"),
        ({"to": "/echo\r\nX-Injected: 1"}, "to"),
        ({"code": 305}, "code"),
        ({"code": "abc"}, "code"),
    ],
)
def test_bad_redirect_parameters(sandbox, params, name):
    r = requests.get(sandbox.url + "/redirect/other-host", params=params, allow_redirects=False)
    assert r.status_code == 400
    assert r.json()["parameter"] == name
