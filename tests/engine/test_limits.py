"""Issue 10, item 6 — limits, against the hostile server on 127.0.0.1: a response size limit
counted on the decompressed bytes and enforced while streaming (per client and per run, the
error saying how to raise it; peak memory on a 1 GiB gzip bomb stays under twice the limit),
and a total deadline per request (connect, headers and body all within the timeout)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

import pytest

from connector_lab import (
    Action,
    ApiKeyAuth,
    AuthAccount,
    Client,
    Connector,
    DingTalkAuth,
    Param,
    RequestTimeout,
    ResponseTooLarge,
    TransportError,
)
from connector_lab.wire.limits import DEFAULT_MAX_RESPONSE_BYTES
from tests.hostile import gzip_of_zeros

MiB = 1 << 20


def hostile_connector(server, path: str, auth=None, **query) -> Connector:
    """One action, ``call``, that GETs ``path`` on the hostile server with ``query``."""
    params = [Param(name=name, default=str(value)) for name, value in query.items()]
    extra = {"auth": auth} if auth is not None else {}
    return Connector(
        display_name="Hostile",
        host=server.host_port,
        protocol="http",
        actions=[Action(id="call", name="Call", path=path, params=params)],
        **extra,
    )


def run(server, path: str, client_options=None, run_options=None, **query):
    with Client(hostile_connector(server, path, **query), **(client_options or {})) as client:
        return client.run("call", **(run_options or {}))


# -- size ----------------------------------------------------------------------------------------
def test_gzip_bomb_is_refused_at_the_client_limit(hostile):
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge) as caught:
        run(hostile, "/gzip-bomb", {"max_response_bytes": 32 * MiB}, mb=1024)
    assert time.monotonic() - started < 10  # stopped at 32 MiB, not after inflating 1 GiB
    message = str(caught.value)
    assert "32 MiB (33,554,432 bytes)" in message and "decompressed" in message
    assert "Client(..., max_response_bytes=...)" in message
    assert "client.run(..., max_response_bytes=...)" in message
    assert caught.value.limit == 32 * MiB
    assert caught.value.url == f"{hostile.url}/gzip-bomb" and caught.value.method == "GET"
    assert isinstance(caught.value, TransportError)


def test_the_limit_can_be_set_per_run(hostile):
    connector = hostile_connector(hostile, "/gzip-bomb", mb=4)
    with Client(connector) as client:
        assert len(client.run("call").content) == 4 * MiB  # the generous default
        with pytest.raises(ResponseTooLarge, match=r"limit of 1 MiB"):
            client.run("call", max_response_bytes=MiB)
        assert len(client.run("call").content) == 4 * MiB  # the run's limit was for that run


@pytest.mark.parametrize(("limit", "fits"), [(MiB, True), (MiB - 1, False)])
def test_the_limit_counts_decompressed_bytes_exactly(hostile, limit, fits):
    connector = hostile_connector(hostile, "/gzip-bomb", mb=1)
    assert len(gzip_of_zeros(1)) < 8 << 10  # on the wire: a few KiB
    with Client(connector, max_response_bytes=limit) as client:
        if fits:
            result = client.run("call")
            assert result.content == bytes(MiB) and result.headers["Content-Encoding"] == "gzip"
        else:
            with pytest.raises(ResponseTooLarge):
                client.run("call")


def test_an_announced_length_over_the_limit_is_refused_before_reading(hostile):
    connector = hostile_connector(hostile, "/huge", mb=64)
    with Client(connector, max_response_bytes=4 * MiB) as client:
        started = time.monotonic()
        with pytest.raises(ResponseTooLarge, match=r"announces 64 MiB \(67,108,864 bytes\)"):
            client.run("call")
        assert time.monotonic() - started < 2
        # The refused connection is not reused half-read: the next call works.
        assert len(client.run("call", max_response_bytes=64 * MiB, mb=1).content) == MiB


def test_the_default_limit_is_generous_and_enforced(hostile):
    assert 256 * MiB == DEFAULT_MAX_RESPONSE_BYTES
    with pytest.raises(ResponseTooLarge, match=r"limit of 256 MiB"):
        run(hostile, "/huge", mb=257)
    assert len(run(hostile, "/huge", mb=16).content) == 16 * MiB


def test_a_token_endpoint_answer_is_limited_too(hostile):
    scheme = DingTalkAuth(token_url=f"{hostile.url}/gzip-bomb?mb=1024")
    account = AuthAccount(name="t", values={"app_key": "k", "app_secret": "canary-secret-9c1"})
    connector = hostile_connector(hostile, "/raw", auth=scheme)
    with (
        Client(connector, account, max_response_bytes=8 * MiB) as client,
        pytest.raises(ResponseTooLarge) as caught,
    ):
        client.run("call")
    assert f"POST {hostile.url}/gzip-bomb:" in str(caught.value)
    assert "canary-secret-9c1" not in repr(caught.value.args)
    assert not any("/raw" in head.split("\r\n", 1)[0] for head in hostile.heads)  # never sent


def test_a_credential_in_the_query_is_not_in_the_error(hostile):
    connector = hostile_connector(
        hostile, "/gzip-bomb", auth=ApiKeyAuth(name="key", location="query"), mb=64
    )
    account = AuthAccount(name="t", values={"token": "canary-key-41f7"})
    with (
        Client(connector, account, max_response_bytes=MiB) as client,
        pytest.raises(ResponseTooLarge) as caught,
    ):
        client.run("call")
    error = caught.value
    seen = [str(error), repr(error), repr(error.args), error.url or ""]
    assert error.__cause__ is None and error.__context__ is None
    assert not any("canary-key-41f7" in text for text in seen)
    assert "key=canary-key-41f7" in hostile.heads[-1]  # it was sent, so it could have leaked


def test_a_secret_in_the_path_is_masked_in_the_error(hostile):
    action = Action(
        id="call", name="Call", path="/v/{id}", params=[Param(name="id", location="path")]
    )
    connector = Connector(
        display_name="Hostile",
        host=hostile.host_port,
        protocol="http",
        auth=ApiKeyAuth(name="key", location="query"),
        actions=[action],
    )
    account = AuthAccount(name="t", values={"token": "canary-key-41f7"})
    with (
        Client(connector, account, max_response_bytes=10) as client,
        pytest.raises(ResponseTooLarge) as caught,  # a 404 body of 26 bytes
    ):
        client.run("call", id="canary-key-41f7")
    assert hostile.last_request_line.startswith("GET /v/canary-key-41f7?key=")
    assert caught.value.url == f"{hostile.url}/v/***"
    assert "canary-key-41f7" not in str(caught.value)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "64MB", True])
def test_a_bad_limit_is_refused_with_a_clear_error(hostile, bad):
    with pytest.raises((TypeError, ValueError), match="max_response_bytes"):
        Client(hostile_connector(hostile, "/raw"), max_response_bytes=bad)
    with (
        Client(hostile_connector(hostile, "/raw")) as client,
        pytest.raises((TypeError, ValueError), match="max_response_bytes"),
    ):
        client.run("call", max_response_bytes=bad)


# -- memory ---------------------------------------------------------------------------------------
def test_peak_memory_on_the_gzip_bomb_stays_under_twice_the_limit(hostile):
    gzip_of_zeros(1024)  # the server's compressed body, made before measuring
    limit = 32 * MiB
    with Client(hostile_connector(hostile, "/gzip-bomb", mb=1024), max_response_bytes=limit) as c:
        c.run("call", mb=1)  # connections and imports warm
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLarge):
                c.run("call")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert limit <= peak < 2 * limit, peak / MiB


_RSS_PROBE = """
import json, sys
from connector_lab import Action, Client, Connector, ResponseTooLarge
def status(field):  # KiB
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field))
host, limit = sys.argv[1], int(sys.argv[2])
actions = [Action(id="bomb", name="Bomb", path="/gzip-bomb"),
           Action(id="raw", name="Raw", path="/raw")]
with Client(Connector(display_name="b", host=host, protocol="http", actions=actions),
            max_response_bytes=limit) as client:
    client.run("raw")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the peak (VmHWM) starts again from here, not from the imports
    before = status("VmRSS:")
    try:
        client.run("bomb")
    except ResponseTooLarge:
        refused = True
    peak = status("VmHWM:")
print(json.dumps({"refused": refused, "grew_kib": peak - before}))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux /proc")
def test_peak_resident_memory_on_the_gzip_bomb_stays_under_twice_the_limit(hostile):
    """The same, measured as the growth of the process's peak resident size during the call
    (sees C allocations too)."""
    gzip_of_zeros(1024)
    limit = 32 * MiB
    out = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, hostile.host_port, str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["refused"] is True
    assert limit // 2 < report["grew_kib"] * 1024 < 2 * limit, report  # measured, and bounded


# -- the deadline ----------------------------------------------------------------------------------
def test_a_trickled_body_ends_at_the_timeout(hostile):
    """20 bytes, one every 0.5 s: each read is quick, but the whole answer takes 10 s."""
    started = time.monotonic()
    with pytest.raises(RequestTimeout) as caught:
        run(hostile, "/trickle", {"timeout": 2.0}, delay=0.5, n=20)
    took = time.monotonic() - started
    assert 1.9 < took < 3.0
    message = str(caught.value)
    assert "did not finish within 2 s" in message and "the whole body" in message
    assert caught.value.url == f"{hostile.url}/trickle"
    assert caught.value.__context__ is None


def test_trickled_headers_end_at_the_timeout(hostile):
    started = time.monotonic()
    with pytest.raises(RequestTimeout):
        run(hostile, "/trickle-head", run_options={"timeout": 2.0}, delay=0.5, n=20)
    assert 1.9 < time.monotonic() - started < 3.0


def test_redirects_share_one_deadline(hostile):
    target = "/trickle?" + urlencode({"delay": 0.5, "n": 6})  # 3 s on its own
    started = time.monotonic()
    with pytest.raises(RequestTimeout):
        run(hostile, "/status", run_options={"timeout": 2.0}, code=302, **{"h-Location": target})
    assert 1.9 < time.monotonic() - started < 3.0
    assert hostile.heads[-1].startswith("GET /trickle?")


def test_an_answer_within_the_deadline_is_whole(hostile):
    result = run(hostile, "/trickle", run_options={"timeout": 3.0}, delay=0.1, n=10)
    assert result.content == b" " * 10 and 0.9 < result.elapsed < 3.0
