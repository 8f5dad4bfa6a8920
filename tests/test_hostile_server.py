"""The hostile server the hardening tests rely on answers as documented (tests/hostile.py)."""

from __future__ import annotations

import gzip
import json
import socket

import pytest
import requests


def raw_exchange(server, target: str) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(1 << 16):
            data += chunk
    return data


def test_raw_echoes_the_request_head_as_received(hostile):
    body = json.loads(raw_exchange(hostile, "/raw?a=%2E%2E").split(b"\r\n\r\n", 1)[1])
    assert body["head"].startswith("GET /raw?a=%2E%2E HTTP/1.1\r\nHost: x")
    assert hostile.last_request_line == "GET /raw?a=%2E%2E HTTP/1.1"


@pytest.mark.parametrize(
    ("route", "body"),
    [("/invalid-json", b"{not json"), ("/empty", b""), ("/null", b"null")],
)
def test_fixed_bodies(hostile, route, body):
    assert requests.get(hostile.url + route, timeout=10).content == body


def test_deep_and_non_utf8(hostile):
    assert requests.get(hostile.url + "/deep?n=5", timeout=10).content == b"[[[[[]]]]]"
    assert b"\xff" in requests.get(hostile.url + "/non-utf8", timeout=10).content


def test_gzip_bomb_is_small_on_the_wire_and_large_inflated(hostile):
    answer = raw_exchange(hostile, "/gzip-bomb?mb=8")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert b"Content-Encoding: gzip" in head and len(body) < 64 << 10
    assert len(gzip.decompress(body)) == 8 << 20


def test_garbage_reset_and_header_floods(hostile):
    assert raw_exchange(hostile, "/garbage").startswith(b"HELLO THERE")
    with pytest.raises(ConnectionResetError):
        raw_exchange(hostile, "/reset")
    assert len(raw_exchange(hostile, "/huge-header?kb=4")) > 4096
    assert raw_exchange(hostile, "/many-headers?n=50").count(b"X-H") == 50


def test_trickle_and_status(hostile):
    assert requests.get(hostile.url + "/trickle?n=3&delay=0.01", timeout=10).content == b"   "
    answer = requests.get(hostile.url + "/status?code=429&h-Retry-After=1", timeout=10)
    assert (answer.status_code, answer.headers["Retry-After"]) == (429, "1")
