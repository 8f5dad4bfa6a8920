"""Retries over real HTTP against the sandbox's injected faults: what is tried again, how long
the client waits (measured at the server), when it gives up, and what the Result and the
error say about every attempt."""

from __future__ import annotations

import socket

import pytest

from connector_lab import (
    Action,
    Attempt,
    Client,
    Connector,
    HTTPStatusError,
    Param,
    RequestTimeout,
    RetryPolicy,
    Timeouts,
    TransportError,
)
from connector_lab.sandbox import Faults, serve

#: Tiny backoffs keep the suite fast; the jitter stays on so its code runs.
FAST = RetryPolicy(backoff_factor=0.01, backoff_max=0.05)


def connector(host: str, **fields) -> Connector:
    return Connector(
        display_name="Faulty",
        host=host,
        protocol="http",
        actions=[
            Action(id="echo", name="Echo", path="/echo"),
            Action(id="create", name="Create", path="/echo", method="POST"),
            Action(id="slow", name="Slow", path="/slow", params=[Param(name="delay")]),
        ],
        **fields,
    )


def run(faults: Faults, action: str = "echo", **client_kw):
    with serve(faults=faults) as api, Client(connector(api.host_port), **client_kw) as client:
        return client.run(action), api.faults


def test_one_try_and_its_record_when_nothing_fails():
    result, log = run(Faults(), retry=FAST)
    assert result.status == 200
    assert result.attempts == [Attempt(1, 200, None, 0.0, "done")]
    assert result.retries == 0 and result.waited == 0.0
    assert log.calls == {}  # no fault configured: calls are not even counted for faults


def test_without_a_policy_a_503_is_returned_after_one_try():
    result, log = run(Faults(unavailable_calls=(1,)))
    assert result.status == 503 and result.retries == 0
    assert log.injected["503"] == 1 and len(log.arrivals("/echo")) == 1


def test_a_503_burst_is_retried_then_succeeds():
    result, log = run(Faults(unavailable_calls=(1, 2), paths="/echo"), retry=FAST)
    assert result.status == 200
    assert [a.status for a in result.attempts] == [503, 503, 200]
    assert result.retries == 2
    assert result.attempts[0].reason == "retried: HTTP 503 (backoff)"
    assert result.attempts[-1].reason == "done"
    assert len(log.arrivals("/echo")) == 3 and log.injected["503"] == 2


def test_retry_after_in_seconds_is_honoured_and_the_server_sees_the_gap():
    result, log = run(Faults(throttle_calls=(1,), retry_after=1), retry=FAST)
    assert result.status == 200 and result.retries == 1
    (gap,) = log.gaps("/echo")
    assert 0.95 <= gap < 3, gap
    assert result.attempts[0].reason == "retried: HTTP 429 (Retry-After 1 s)"
    assert result.attempts[1].waited >= 0.95 and result.waited >= 0.95


def test_retry_after_as_an_http_date_is_honoured():
    # An HTTP date has whole seconds: 2 s ahead, truncated, is at least 1 s ahead.
    faults = Faults(throttle_calls=(1,), retry_after=2, retry_after_date=True)
    result, log = run(faults, retry=FAST)
    assert result.status == 200 and result.retries == 1
    (gap,) = log.gaps("/echo")
    assert 0.9 <= gap < 4, gap
    assert "Retry-After" in result.attempts[0].reason


def test_a_retry_after_over_the_ceiling_gives_up_at_once_and_says_why():
    policy = FAST.model_copy(update={"max_retry_after": 5})
    result, log = run(Faults(throttle_calls=(1,), retry_after=120), retry=policy)
    assert result.status == 429 and result.retries == 0
    assert len(log.arrivals("/echo")) == 1
    reason = result.attempts[-1].reason
    assert "120 s" in reason and "max_retry_after=5" in reason
    with pytest.raises(HTTPStatusError, match="max_retry_after=5"):
        result.raise_for_status()


def test_post_is_not_retried_unless_allowed():
    result, log = run(Faults(unavailable_calls=(1,)), "create", retry=FAST)
    assert result.status == 503 and len(log.arrivals("/echo")) == 1
    assert "allow_post=True" in result.attempts[-1].reason
    allowed = FAST.model_copy(update={"allow_post": True})
    result, log = run(Faults(unavailable_calls=(1,)), "create", retry=allowed)
    assert result.status == 200 and len(log.arrivals("/echo")) == 2


def test_a_connection_reset_is_retried():
    result, log = run(Faults(reset_calls=(1,)), retry=FAST)
    assert result.status == 200 and result.retries == 1
    first = result.attempts[0]
    assert first.status is None and "connection" in first.error
    assert first.reason == "retried: connection error (backoff)"
    assert log.injected["reset"] == 1 and len(log.arrivals("/echo")) == 2


def test_a_reset_after_a_post_was_sent_is_not_retried():
    with pytest.raises(TransportError) as caught:
        run(Faults(reset_calls=(1,)), "create", retry=FAST)
    assert len(caught.value.attempts) == 1
    assert "allow_post" in caught.value.attempts[0].reason


def test_exhausted_retries_on_resets_raise_with_every_attempt():
    policy = FAST.model_copy(update={"total": 2})
    with pytest.raises(TransportError) as caught:
        run(Faults(reset_calls=(1, 2, 3, 4)), retry=policy)
    error = caught.value
    assert "after 3 attempts" in str(error) and "gave up: 2 retries used" in str(error)
    assert [a.number for a in error.attempts] == [1, 2, 3]
    assert all(a.error and a.status is None for a in error.attempts)
    assert error.__context__ is None  # raised outside any except block


def test_exhausted_retries_on_503_return_the_last_answer():
    policy = FAST.model_copy(update={"total": 2})
    result, log = run(Faults(unavailable_calls=range(1, 10)), retry=policy)
    assert result.status == 503 and result.retries == 2
    assert result.attempts[-1].reason == "gave up: 2 retries used (RetryPolicy.total)"
    assert len(log.arrivals("/echo")) == 3
    with pytest.raises(HTTPStatusError, match="3 attempts"):
        result.raise_for_status()


def test_a_refused_connection_is_retried_even_for_post():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    policy = FAST.model_copy(update={"total": 2})
    client = Client(connector(f"127.0.0.1:{port}"), retry=policy)
    with client, pytest.raises(TransportError) as caught:
        client.run("create")
    assert len(caught.value.attempts) == 3  # nothing was sent: safe to repeat


def test_the_connector_policy_applies_and_client_and_run_override_it():
    faults = Faults(unavailable_calls=(1, 2, 3, 4, 5))
    with serve(faults=faults) as api:
        stored = connector(api.host_port, retry=FAST.model_copy(update={"total": 1}))
        with Client(stored) as client:
            assert client.run("echo").retries == 1  # the connector's
            assert client.run("echo", retry=FAST.model_copy(update={"total": 0})).retries == 0
        with Client(stored, retry=FAST.model_copy(update={"total": 2})) as client:
            assert client.run("echo").status == 200  # calls 4 and 5 fail, 6 answers
        assert len(api.faults.arrivals("/echo")) == 6


def test_the_backoff_grows_with_jitter_and_is_capped():
    policy = RetryPolicy(total=3, backoff_factor=0.1, backoff_max=0.25, jitter=0.5)
    result, log = run(Faults(unavailable_calls=(1, 2, 3)), retry=policy)
    waits = [a.waited for a in result.attempts]
    assert waits[1] == 0.0  # urllib3: no wait before the first retry
    assert 0.1 <= waits[2] <= 0.25  # 0.2 ± 50 %, capped
    assert waits[3] <= 0.25 + 0.01
    gaps = log.gaps("/echo")
    assert gaps[1] >= waits[2] * 0.9


def test_timeouts_read_bounds_each_attempt_and_total_wins_over_timeout():
    with serve() as api:
        client = Client(connector(api.host_port), timeouts=Timeouts(read=0.3))
        with client, pytest.raises(RequestTimeout, match=r"read 0\.3 s"):
            client.run("slow", delay=2)
        client = Client(connector(api.host_port), timeout=30, timeouts=Timeouts(total=0.3))
        assert client.timeout == 0.3
        with client, pytest.raises(RequestTimeout, match=r"within 0\.3 s"):
            client.run("slow", delay=2)


def test_a_timed_out_attempt_is_retried_with_a_fresh_deadline():
    policy = FAST.model_copy(update={"total": 1})
    with serve() as api:
        client = Client(connector(api.host_port), timeout=0.3, retry=policy)
        with client, pytest.raises(RequestTimeout) as caught:
            client.run("slow", delay=1)
    assert len(caught.value.attempts) == 2
    assert api.request_count("/slow") == 2


def test_the_client_refuses_a_policy_of_the_wrong_type():
    with pytest.raises(TypeError, match="RetryPolicy"):
        Client(connector("127.0.0.1:9"), retry={"total": 3})
