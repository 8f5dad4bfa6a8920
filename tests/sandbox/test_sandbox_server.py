"""The HTTP plumbing and lifecycle: addresses, index, 404/405, HEAD/OPTIONS, keep-alive,
Content-Length, counters, reset, stop, silence, and surviving handler exceptions."""

from __future__ import annotations

import http.client
import json
import re
import socket

import pytest
import requests

from connector_lab.sandbox import ENDPOINTS, SandboxStartError, data, serve, start


def _raw_exchange(host_port: str, payload: bytes) -> bytes:
    host, port = host_port.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(payload)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_addresses(sandbox):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sandbox.url)
    assert sandbox.host_port == sandbox.url.removeprefix("http://")
    assert re.fullmatch(r"http://127\.0\.0\.2:\d+", sandbox.other_url)


def test_index_lists_every_endpoint(sandbox):
    r = requests.get(sandbox.url + "/")
    assert r.status_code == 200
    listed = r.json()["endpoints"]
    assert [e["path"] for e in listed] == [e.path for e in ENDPOINTS]
    assert all(e["doc"] and e["methods"] for e in listed)


def test_unknown_path_is_404_json(sandbox):
    r = requests.get(sandbox.url + "/no/such/thing")
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "NotFound"
    assert r.json()["message"]


def test_wrong_method_is_405_with_allow(sandbox):
    r = requests.delete(sandbox.url + "/orders")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert r.json()["code"] == "MethodNotAllowed"


def test_head_sends_headers_without_body(sandbox):
    get = requests.get(sandbox.url + "/orders", params={"count": 3})
    head = requests.head(sandbox.url + "/orders", params={"count": 3})
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["Content-Length"]) == len(get.content)


def test_options_lists_allowed_methods(sandbox):
    r = requests.options(sandbox.url + "/zt/v1/echo")
    assert r.status_code == 200
    assert r.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert r.content == b""


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/nope"),
        ("PUT", "/orders"),
        ("GET", "/errors/503"),
        ("GET", "/redirect/same-host"),
        ("GET", "/paged/pages?page=0"),
        ("OPTIONS", "/orders"),
        ("GET", "/formats/binary"),
    ],
)
def test_every_answer_has_content_length(sandbox, method, path):
    r = requests.request(method, sandbox.url + path, allow_redirects=False)
    assert int(r.headers["Content-Length"]) == len(r.content)


def test_keep_alive_serves_many_requests_on_one_connection(sandbox):
    host, port = sandbox.host_port.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request("GET", "/orders/1")
        conn.getresponse().read()
        sock = conn.sock
        for n in range(1, 301):
            conn.request("GET", f"/orders/{n}")
            resp = conn.getresponse()
            assert json.loads(resp.read())["id"] == n
        assert conn.sock is sock  # never reconnected
    finally:
        conn.close()


def test_listeners_share_routes_and_counters(fresh_sandbox):
    api = fresh_sandbox
    assert (
        requests.get(api.url + "/orders/3").json()
        == requests.get(api.other_url + "/orders/3").json()
    )
    assert api.request_count("/orders/3") == 2


def test_request_count_ignores_query(fresh_sandbox):
    api = fresh_sandbox
    for n in range(3):
        requests.get(api.url + "/orders", params={"count": n})
    assert api.request_count("/orders") == 3
    assert api.request_count("/orders?count=1") == 3
    assert api.request_count("/echo") == 0


def test_reset_clears_counters_tokens_and_rate_limits(fresh_sandbox):
    api = fresh_sandbox
    creds = api.credentials
    token = requests.post(
        api.url + "/v1.0/oauth2/accessToken",
        json={"appKey": creds.app_key, "appSecret": creds.app_secret},
    ).json()["accessToken"]
    assert (
        requests.get(api.url + "/rate-limited", params={"key": "r", "fail": 1}).status_code == 429
    )
    api.token_ttl = 60
    api.reset()
    assert (api.token_requests, api.tokens_issued) == (0, 0)
    assert api.request_count("/rate-limited") == 0
    assert api.token_ttl == 7200
    headers = {"x-acs-dingtalk-access-token": token}
    assert requests.get(api.url + "/v1.0/contact/users", headers=headers).status_code == 401
    assert (
        requests.get(api.url + "/rate-limited", params={"key": "r", "fail": 1}).status_code == 429
    )


def test_stop_is_idempotent_and_closes_kept_alive_connections():
    api = start()
    session = requests.Session()
    assert session.get(api.url + "/").status_code == 200
    api.stop()
    api.stop()
    assert not api.running
    with pytest.raises(requests.ConnectionError):
        session.get(api.url + "/", timeout=2)
    with pytest.raises(requests.ConnectionError):
        requests.get(api.other_url + "/", timeout=2)


def test_serve_stops_on_exit():
    with serve() as api:
        url = api.url
        assert requests.get(url + "/").ok
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/", timeout=2)


def test_server_is_silent(capfd):
    with serve() as api:
        requests.get(api.url + "/")
        requests.get(api.url + "/nope")
        requests.get(api.url + "/gettoken", params={"appkey": "x", "appsecret": "y"})
        _raw_exchange(api.host_port, b"GARBAGE\r\n\r\n")
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_log_callback_gets_one_line_per_request_without_query():
    lines: list[str] = []
    with serve(log=lines.append) as api:
        requests.get(api.url + "/gettoken", params={"appkey": "k", "appsecret": "s3cr3t"})
        requests.get(api.url + "/nope")
    assert lines == ["GET /gettoken 200", "GET /nope 404"]


def test_handler_exception_is_500_json_and_server_survives(fresh_sandbox, monkeypatch):
    def broken(seed, city):
        raise RuntimeError("boom with canary-secret-in-message")

    monkeypatch.setattr(data, "weather", broken)
    headers = {"Authorization": f"APPCODE {fresh_sandbox.credentials.app_code}"}
    r = requests.get(fresh_sandbox.url + "/gateway/weather?city=X", headers=headers)
    assert r.status_code == 500
    assert r.json()["code"] == "InternalError"
    assert "canary" not in r.text
    assert requests.get(fresh_sandbox.url + "/orders/1").status_code == 200


def test_malformed_request_line_gets_json_error(sandbox):
    answer = _raw_exchange(sandbox.host_port, b"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["code"] == "BadRequest"


def test_unsupported_method_is_501_json(sandbox):
    answer = _raw_exchange(sandbox.host_port, b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 501")
    assert b"Content-Length: " in head
    assert json.loads(body)["code"] == "NotImplemented"


def test_chunked_request_body_is_read(sandbox):
    r = requests.post(sandbox.url + "/echo", data=iter([b'{"a": ', b"1}"]))
    assert r.json()["json"] == {"a": 1}
    assert "chunked" in r.json()["headers"]["Transfer-Encoding"]


def test_bad_content_length_is_400_and_closes(sandbox):
    answer = _raw_exchange(
        sandbox.host_port, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"Connection: close" in answer


def test_other_host_that_cannot_be_bound_is_a_clear_error():
    # 192.0.2.1 (TEST-NET-1) is never a local address.
    with (
        pytest.raises(SandboxStartError, match=r"192\.0\.2\.1.*other_host"),
        serve(other_host="192.0.2.1"),
    ):
        pass


def test_busy_port_is_a_clear_error(sandbox):
    port = int(sandbox.host_port.split(":")[1])
    with pytest.raises(SandboxStartError, match=f"127.0.0.1:{port}"):
        start(port)


def test_bad_token_ttl_is_rejected():
    with pytest.raises(ValueError, match="token_ttl"):
        start(token_ttl=-1)


def test_repr_shows_addresses_not_secrets(sandbox):
    text = repr(sandbox)
    assert sandbox.url in text and sandbox.other_url in text
    assert sandbox.credentials.app_secret not in text
