"""/echo: the server tells exactly what it received."""

from __future__ import annotations

import pytest
import requests


def test_get_echoes_query_and_headers(sandbox):
    r = requests.get(
        sandbox.url + "/echo",
        params=[("a", "1"), ("a", "2"), ("b", "")],
        headers={"X-Custom": "yes"},
    )
    body = r.json()
    assert body["method"] == "GET"
    assert body["path"] == "/echo"
    assert body["query"] == {"a": ["1", "2"], "b": [""]}
    assert body["headers"]["X-Custom"] == "yes"
    assert body["body"] == ""
    assert body["json"] is None
    assert body["server"] == sandbox.host_port


def test_post_json(sandbox):
    r = requests.post(sandbox.url + "/echo", json={"name": "张三", "n": [1, 2]})
    assert r.json()["json"] == {"name": "张三", "n": [1, 2]}
    assert r.json()["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_other_methods_and_text_body(sandbox, method):
    r = requests.request(method, sandbox.url + "/echo/a/b%20c", data="plain text")
    body = r.json()
    assert body["method"] == method
    assert body["path"] == "/echo/a/b%20c"
    assert body["body"] == "plain text"
    assert body["json"] is None


def test_options_is_echoed_and_head_has_no_body(sandbox):
    assert requests.options(sandbox.url + "/echo").json()["method"] == "OPTIONS"
    head = requests.head(sandbox.url + "/echo")
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["Content-Length"]) > 0


def test_undecodable_body_is_replaced(sandbox):
    r = requests.post(sandbox.url + "/echo", data=b"\xff\xfeok")
    assert r.json()["body"].endswith("ok")
    assert "\ufffd" in r.json()["body"]


def test_other_listener_names_itself(sandbox):
    r = requests.get(sandbox.other_url + "/echo")
    assert r.json()["server"] == sandbox.other_url.removeprefix("http://")
