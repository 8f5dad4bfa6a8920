"""Client and Result over real HTTP: body forms, non-JSON answers, HTTP errors that do not
raise, raise_for_status, timeouts, connection errors, the request as sent, cURL."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from connector_lab import (
    Action,
    Client,
    Connector,
    HTTPStatusError,
    RequestTimeout,
    ResponseParseError,
    TransportError,
)
from tests.support import require_binary


@pytest.fixture
def client(shop_client):
    return shop_client


def test_json_body_and_metadata(client):
    result = client.run("orders", count="2")
    assert (result.status, result.reason, result.ok) == (200, "OK", True)
    assert result.content_type == "application/json"
    assert result.headers["content-type"].startswith("application/json")
    assert result.elapsed > 0
    body = result.json()
    assert [order["id"] for order in body["data"]] == [1, 2]
    assert result.json() is body  # parsed once
    assert repr(result) == (
        f"<Result orders: 200 OK, application/json, {len(result.content)} bytes>"
    )


def test_http_errors_are_returned_then_raised_on_request(client):
    result = client.run("fail", status=503)
    assert result.status == 503 and not result.ok
    assert result.json()["status"] == 503
    with pytest.raises(HTTPStatusError) as info:
        result.raise_for_status()
    assert info.value.result is result
    assert str(info.value).startswith("HTTP 503 Service Unavailable (server error) from GET ")
    assert client.run("orders").raise_for_status().status == 200


def test_missing_resource_is_a_404_result(client):
    result = client.run("order", id=999999)
    assert result.status == 404
    assert result.json()["code"]


@pytest.mark.parametrize(
    ("kind", "content_type", "start"),
    [
        ("text", "text/plain", "'"),
        ("xml", "application/xml", "'<"),
        ("csv", "text/csv", "'"),
        ("binary", "application/octet-stream", "binary bytes"),
    ],
)
def test_json_from_non_json_says_what_came_back(client, kind, content_type, start):
    result = client.run("fmt", kind=kind)
    assert result.status == 200 and result.content
    with pytest.raises(ResponseParseError) as info:
        result.json()
    message = str(info.value)
    assert message.startswith(
        f"expected JSON from action 'fmt' but the response is {content_type} (HTTP 200, "
        f"{len(result.content)} bytes) starting with {start}"
    )
    assert message.endswith("use .text or .content, or .to_frame() for CSV and JSON Lines")
    assert info.value.content_type == content_type


def test_timeout_raises_request_timeout(client):
    with pytest.raises(RequestTimeout) as info:
        client.run("slow", delay=2, timeout=0.2)
    assert str(info.value) == (
        f"GET http://{client.connector.host}/slow?delay=2: no answer within 0.2 s; raise the "
        "timeout or check that the server is up"
    )
    assert isinstance(info.value, TransportError)


def test_request_as_sent_and_curl(client, sandbox):
    result = client.run("echo", {"item.qty": "3"}, id="a/1", q="x y")
    echo = result.json()
    assert echo["method"] == "PUT"
    assert echo["path"] == "/echo/a%2F1"
    assert echo["json"] == {"item": {"qty": 3}}
    sent = result.request
    assert sent.method == "PUT"
    assert sent.url == f"{sandbox.url}/echo/a%2F1?q=x+y"
    assert sent.headers["X-API-Key"] == "***"
    assert sent.headers["X-Trace"] == "t-1"
    assert sent.body == '{"item": {"qty": 3}}'
    assert str(sent).splitlines()[0] == f"PUT {sandbox.url}/echo/a%2F1?q=x+y"
    assert result.curl() == (
        f"curl -X PUT '{sandbox.url}/echo/a%2F1?q=x+y' -H 'X-Trace: t-1' "
        "-H 'Content-Type: application/json' -H 'X-API-Key: ***' "
        """--data-raw '{"item": {"qty": 3}}'"""
    )


def test_revealed_curl_really_runs(client, shop_account):
    require_binary("curl")
    command = client.run("echo", {"item.qty": 1}, id="z").curl(reveal_secrets=True)
    out = subprocess.run(
        [*shlex.split(command), "-s"], capture_output=True, text=True, check=True
    ).stdout
    assert f'"X-API-Key": "{shop_account.resolve("token")}"' in out


def test_connection_refused(sandbox):
    connector = Connector(
        display_name="x", host="127.0.0.1:9", protocol="http", actions=[Action(id="a", name="A")]
    )
    with pytest.raises(TransportError) as info:
        Client(connector).run("a")
    assert str(info.value) == (
        "GET http://127.0.0.1:9/: could not connect (Connection refused); check the "
        "connector's host, port and protocol"
    )


def test_prepare_is_a_preview(client, sandbox):
    plan = client.prepare("orders", count=7)
    assert plan.full_url == f"{sandbox.url}/orders?count=7"
    assert "X-API-Key" not in plan.headers  # auth is applied only when sending


def test_environment_is_read_once_and_proxies_kept(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "")
    connector = Connector(display_name="x", host="api.example.com", protocol="http")
    client = Client(connector)
    assert client.session.trust_env is False
    assert client.session.proxies.get("http") == "http://proxy.invalid:3128"
    monkeypatch.setenv("NO_PROXY", "api.example.com")
    assert Client(connector).session.proxies == {}


def test_wrong_argument_types_say_what_is_needed(sandbox):
    connector = Connector(display_name="x", host=sandbox.host_port, protocol="http")
    with pytest.raises(TypeError) as info:
        Client({"host": "x"})
    assert str(info.value) == (
        "Client needs a Connector, not dict; build one with Connector(...) or "
        "Workspace(...).load(id)"
    )
    with pytest.raises(TypeError, match="account must be an AuthAccount, not str"):
        Client(connector, "my-token")
