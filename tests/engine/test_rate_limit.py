"""The client-side rate limit, measured at the server: several threads sharing one Client
never start more requests than the limit allows, and the time they waited is in the Result."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from connector_lab import Action, Client, Connector, RateLimit
from connector_lab.sandbox import serve


def test_threads_sharing_a_client_keep_to_the_rate_at_the_server():
    rate = RateLimit(requests=20, per="second")  # one request every 50 ms
    with serve() as api:
        connector = Connector(
            display_name="Limited",
            host=api.host_port,
            protocol="http",
            actions=[Action(id="echo", name="Echo", path="/echo")],
            rate_limit=rate,
        )
        with Client(connector) as client, ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: client.run("echo"), range(16)))
        arrivals = sorted(api.faults.arrivals("/echo"))
    assert all(r.status == 200 for r in results) and len(arrivals) == 16
    span = arrivals[-1] - arrivals[0]
    assert span >= 15 * 0.05 * 0.9, span  # 16 starts need at least 15 intervals
    # No burst: within any 0.25 s window at most 5 arrivals (+1 for timer slack).
    for i, start in enumerate(arrivals):
        assert sum(1 for t in arrivals[i:] if t - start < 0.25) <= 6
    assert sum(r.waited for r in results) > 0.5  # the waits are on the Results
    assert max(r.waited for r in results) == max(r.attempts[0].waited for r in results)


def test_the_client_rate_limit_overrides_the_connectors_and_a_minute_rate_is_spaced():
    with serve() as api:
        connector = Connector(
            display_name="Limited",
            host=api.host_port,
            protocol="http",
            actions=[Action(id="echo", name="Echo", path="/echo")],
            rate_limit=RateLimit(requests=1, per="minute"),
        )
        with Client(connector, rate_limit=RateLimit(requests=600, per="minute")) as client:
            assert client.limiter is not None
            for _ in range(4):
                client.run("echo")
        gaps = api.faults.gaps("/echo")
    # 600 a minute: one start every 100 ms. Gaps are seen at the server, so each carries the
    # arrival jitter of a loaded machine (one measured 0.089 s); their sum only the jitter of
    # the first and last arrival. Without the limit they are ~2 ms.
    assert all(gap >= 0.07 for gap in gaps), gaps
    assert 0.27 <= sum(gaps) < 1.5, gaps
