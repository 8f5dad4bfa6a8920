"""RetryPolicy, RateLimit and Timeouts: defaults, clear messages for bad values, and the round
trip through the connector's JSON and the workspace (old files without them still load)."""

from __future__ import annotations

import json

import pytest

from connector_lab import (
    Connector,
    RateLimit,
    RetryPolicy,
    SpecError,
    Timeouts,
    Workspace,
)


def test_the_defaults_are_the_usual_ones():
    policy = RetryPolicy()
    assert policy.total == 3 and policy.statuses == [429, 502, 503, 504]
    assert "POST" not in policy.retried_methods and "GET" in policy.retried_methods
    assert "POST" in RetryPolicy(allow_post=True).retried_methods
    assert policy.backoff_factor == 0.5 and policy.max_retry_after == 60
    assert RetryPolicy(methods=[" get ", "put"]).methods == ["GET", "PUT"]
    assert RateLimit(requests=600, per="minutes").interval == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("build", "field", "words"),
    [
        (lambda: RetryPolicy(total=-1), "total", ["-1", "0 (no retry) to 100"]),
        (lambda: RetryPolicy(statuses=[200, 503]), "statuses", ["[200]", "4xx or 5xx"]),
        (lambda: RetryPolicy(methods=["FETCH"]), "methods", ["FETCH", "allow_post"]),
        (lambda: RetryPolicy(jitter=2), "jitter", ["2", "0 (none) to 1"]),
        (lambda: RetryPolicy(backoff_factor=-0.5), "backoff_factor", ["-0.5", "seconds"]),
        (lambda: RetryPolicy(max_retry_after=-1), "max_retry_after", ["-1", "seconds"]),
        (lambda: RateLimit(requests=0), "requests", ["0", "1 to 100000"]),
        (lambda: RateLimit(requests=5, per="hour"), "per", ["hour", "'second' or 'minute'"]),
        (lambda: Timeouts(connect=0), "connect", ["0", "positive number of seconds"]),
        (lambda: Timeouts(read=-3), "read", ["-3", "positive"]),
    ],
)
def test_bad_values_name_the_field_the_value_and_the_fix(build, field, words):
    with pytest.raises(SpecError) as caught:
        build()
    assert field in caught.value.fields
    for word in words:
        assert word in str(caught.value)


def test_a_bad_policy_inside_a_connector_names_its_path():
    with pytest.raises(SpecError) as caught:
        Connector(display_name="x", host="example.com", retry={"total": 500})
    assert "retry.total" in caught.value.fields


def shop(**fields) -> Connector:
    return Connector(display_name="Shop", host="api.example.com", **fields)


def test_the_policies_round_trip_through_json_and_the_workspace(tmp_path):
    connector = shop(
        retry=RetryPolicy(total=5, allow_post=True, statuses=[503], max_retry_after=10),
        rate_limit=RateLimit(requests=100, per="minute"),
        timeouts=Timeouts(connect=2, read=10, total=30),
    )
    assert Connector.from_json(connector.to_json()) == connector
    ws = Workspace(tmp_path / "ws")
    connector_id = ws.save(connector)
    loaded = ws.load(connector_id)
    assert loaded == connector and loaded.retry.total == 5
    assert loaded.timeouts.read == 10 and loaded.rate_limit.per == "minute"


def test_a_connector_without_the_policies_loads_with_none():
    data = json.loads(shop().to_json())
    for name in ("retry", "rate_limit", "timeouts"):
        del data[name]
    loaded = Connector.model_validate(data)
    assert loaded.retry is None and loaded.rate_limit is None and loaded.timeouts is None
